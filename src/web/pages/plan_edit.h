/*
 * plan_edit.h - what the pages that edit a plan's draft share
 * (pages/plan_edit.c: the sections; pages/plan_edit_actions.c: actions and
 * objectives). Internal to those two files.
 *
 * Every form is read for formats only (a date, an amount of money, half
 * days, text no longer than PLAN_TEXT_MAX): a draft may break any rule of
 * the plan, which the submit page checks. posted says the form was sent, so
 * every field shows what was typed rather than the draft.
 */
#ifndef RISE_PLAN_EDIT_H
#define RISE_PLAN_EDIT_H

#include "web/pages/plan_common.h"

/* Replaces a string of the plan (NULL for blank). */
void pe_set(char **slot, const char *v);
/* What a field shows: the typed value when posted, else the stored one. */
const char *pe_val(Req *r, int posted, const char *name, const char *stored);

/* Reads a text field into *slot (NULL when blank); refuses text over
   PLAN_TEXT_MAX (error recorded, *slot unchanged). 0 or -1. */
int pe_read_text(Req *r, const char *name, const char *label, char **slot, FormErrors *errs);
/* Reads a date input (not required, future allowed) into *out (DATE_NONE
   when blank). 0 or -1. */
int pe_read_date(Req *r, const char *prefix, const char *label, Date *out, FormErrors *errs);
/* "yes" 1, "no" 0, else -1. */
int pe_read_yesno(Req *r, const char *name);
/* Days typed like "1.5" to half days (blank 0). 0 or -1 (error recorded). */
int pe_read_halves(Req *r, const char *name, const char *label, int *halves, FormErrors *errs);
void pe_halves_text(int halves, char *out, size_t outlen);

void pe_textarea(Req *r, Html *h, int posted, const char *name, const char *label, const char *hint,
                 const char *stored, int rows, const FormErrors *errs);
void pe_input(Req *r, Html *h, int posted, const char *name, const char *label, const char *hint,
              const char *stored, const char *classes, const FormErrors *errs);
void pe_date(Req *r, Html *h, const char *prefix, const char *legend, const char *hint, Date d,
             const FormErrors *errs);
void pe_money(Req *r, Html *h, int posted, const char *name, const char *label, const char *hint, int64_t pence,
              const FormErrors *errs);
/* Yes/no radios; stored 1 yes, 0 no, -1 not answered; if_yes revealed
   under "Yes" (may be NULL). */
void pe_yesno(Req *r, Html *h, int posted, const char *name, const char *legend, const char *hint, int stored,
              const Html *if_yes, const FormErrors *errs);

/* The top of an edit page: error summary, caption (plan kind and school),
   h1, and either the refusal in an inset with everything below disabled, or
   the form posting to action. */
void pe_open(Req *r, Html *h, const Case *c, const PlanRecord *rec, const char *title, const char *action,
             const FormErrors *errs, const char *why);
/* The buttons ("Save and return to the plan", and another's text when
   given, sent as next=another) and the end of the form. */
void pe_close(Html *h, const char *why, const char *another);

#endif
