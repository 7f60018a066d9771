/*
 * claims.h - claims of days (issue 14 item 5; pages/claims.c):
 *
 * /cases/{id}/claims/new    claim days on a case (the kind offered depends on its programme)
 * /claims                   claims waiting for a decision (the grant team: all regions; caseworkers: theirs)
 * /claims/{id}              a claim, its check against the cap, the decision form for deciders
 * /claims/{id}/decision     approve or reject (POST)
 * /claims/{id}/withdraw     the claimant withdraws it while it waits (POST)
 *
 * The case's Grants tab and a provider's "Your cases" page show the case's
 * claims with claims_section.
 */
#ifndef RISE_PAGES_CLAIMS_H
#define RISE_PAGES_CLAIMS_H

#include "store/casework.h"
#include "web/govuk.h"
#include "web/pages.h"

/* The case's claims as a table, with a "Claim days" button for those who
   may claim (nothing at all for a programme without days to claim). */
void claims_section(Req *r, Html *h, const Case *c);

/* A page of claims, returns or budgets: back link (back_text), flash,
   content; nav "your-cases" for people outside DfE. status 0: 200, or 400
   when errs has any. */
void grant_form_page(Req *r, Resp *w, const char *title, const char *back, const char *back_text,
                     const FormErrors *errs, const Html *content, int status);

/* Is the signed-in person outside DfE (a school's or provider's account)? */
int grant_reader_external(const Req *r);

/* The day as "3 March 2027" ("" for NULL). */
const char *grant_day_words(const char *iso, char *out, int len);

#endif
