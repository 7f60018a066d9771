/*
 * plan_common.h - what the pages of a case's plan share (issue 13). The
 * plan's pages live under /plans/{case id} and serve both the caseworkers
 * (inside the case's page, tab "Plan") and the people outside DfE (the
 * matched provider who writes it, the school that signs it), each page
 * asking authorise() with the case's scope. Implemented in pages/plan_common.c.
 *
 * /plans/{id}                      the plan: its sections, status, versions and what is asked of you
 * /plans/{id}/edit/{section}       a section of the draft (pages/plan_edit.c)
 * /plans/{id}/actions/new?area=..  a recommended action (RAF) or an action under an objective (RISE)
 * /plans/{id}/actions/{n}          an action; /remove to remove it
 * /plans/{id}/submit               check your answers, every rule, submit
 * /plans/{id}/sign                 the school's sign-off
 * /plans/{id}/review               the delivery partner's (or grant team's) review
 * /plans/{id}/decision             DfE's approval, or return with comments
 * /plans/{id}/versions             every version; compare any two field by field
 * /plans/{id}/versions/{v}         one version as a document (printable); .pdf its PDF
 */
#ifndef RISE_PLAN_COMMON_H
#define RISE_PLAN_COMMON_H

#include "store/plans.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

/* The longest text a plan's field takes, in bytes. */
#define PLAN_TEXT_MAX 4000

/*
 * Loads the case named by route parameter 0, checks perm with its scope
 * (404 when the case is not the person's at all, 403 when it is but perm is
 * not theirs), and loads its plan (404 when the programme has none). Frees
 * both and returns 0 when a response was written.
 */
int plan_page_load(Req *r, Resp *w, Perm perm, Case *c, PlanRecord *p);

/*
 * Renders a page of the plan in the right shell: for caseworkers the
 * case's form page (back link to the plan), for people outside DfE the
 * plain page with a back link to their case. content writes its own h1 and
 * the error summary (govuk_error_summary). status 0: 200, or 400 with errs.
 */
void plan_page(Req *r, Resp *w, const Case *c, const char *title, const FormErrors *errs, const Html *content,
               int status);

/* "/plans/<id>" and "/plans/<id>/<rest>". */
void plan_href(char *out, size_t outlen, int64_t case_id, const char *rest);

/* Is the signed-in person outside DfE (a school's or provider's account)? */
int plan_reader_external(const Req *r);

/* After a change: flash and redirect to the plan's page (CW_OK); the 404
   or 500 page; 0 for CW_REFUSED (the caller shows *why). */
int plan_change_done(Req *r, Resp *w, const Case *c, int rc, const char *flash);

/* The money inputs: "£" prefix, pounds as typed; a read helper that records
   "Enter the cost ... in pounds, like 1,250.50" on a bad value. Returns 1
   read (pence set), 0 blank (pence 0), -1 invalid (error recorded). */
int plan_form_money(Req *r, const char *name, const char *label, int64_t *pence, FormErrors *errs);
void plan_money_input(Html *h, const char *name, const char *label, const char *hint, const char *typed,
                      int64_t pence, const FormErrors *errs);

#endif
