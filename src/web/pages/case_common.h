/*
 * case_common.h - what every page of a case shares: loading the case with
 * its scope checked, the case's header and tabs, dates typed into forms.
 * Implemented in pages/cases.c.
 */
#ifndef RISE_CASE_COMMON_H
#define RISE_CASE_COMMON_H

#include "store/casework.h"
#include "web/govuk.h"
#include "web/pages.h"

/* The longest text a case's forms take (details, reasons, notes), in bytes. */
#define CASE_TEXT_MAX 4000

/*
 * Loads the case named by route parameter 0 and checks perm on it (its
 * region, or its allocated adviser). Writes a 404 page (no such case) or a
 * 403 page (out of scope) and returns 0 when it cannot be shown.
 */
int case_load(Req *r, Resp *w, Perm perm, Case *c);

/*
 * The same, for a change: also refuses, with a 409 page saying why, when
 * the case is paused, stopped or closed (only its status, notes and
 * contacts can change then; notes and contacts are not loaded this way).
 * Frees c and returns 0 on any refusal.
 */
int case_load_for_change(Req *r, Resp *w, Perm perm, Case *c);

/* May the signed-in user do perm on this case? */
int case_can(const Req *r, const Case *c, Perm perm);

/*
 * Renders a page of the case. With a tab ("tasks", "decisions", "concerns",
 * "contacts", "notes", "timeline") the page has the case's heading, key
 * facts and tab navigation above content; with tab NULL it is a form page:
 * a back link to the case, then content (which writes its own h1 and the
 * error summary). The title is the <title> and, for tab pages, ignored in
 * favour of the case's name. Forms pass errs (status 400 when any).
 */
void case_page(Req *r, Resp *w, const Case *c, const char *title, const char *tab, const FormErrors *errs,
               const Html *content);

/* "/cases/<id>" and friends. */
void case_href(char *out, size_t outlen, int64_t case_id, const char *rest);

/* Route parameter i as a positive id, or 0. */
int64_t case_param_id(const Req *r, int i);

/*
 * Turns what a change to a case returned into the response. CW_OK: flashes
 * the message and redirects to the case page `rest` (e.g. "notes"); a
 * database error or a missing record: the 500 or 404 page. Returns 1 when a
 * response was written. CW_REFUSED returns 0: the caller shows the store's
 * reason on its form.
 */
int case_change_done(Req *r, Resp *w, const Case *c, int rc, const char *flash, const char *rest);

/* Today in the UK as yyyy-mm-dd. */
void case_today(const Req *r, char out[11]);

/* "12 June 2024" for yyyy-mm-dd (the input unchanged when not a date; "" for NULL). */
const char *case_long_date(const char *iso, char *out, int outlen);

/*
 * Reads the GOV.UK date input "<prefix>-day", "-month", "-year". Returns 1
 * with out set (yyyy-mm-dd), 0 when all three are empty (an error "Enter
 * <label>" is recorded when required), -1 when invalid (error recorded).
 * Dates in the future are refused unless allow_future.
 */
int case_form_date(Req *r, const char *prefix, const char *label, int required, int allow_future, char out[11],
                   FormErrors *errs);

/* Writes that date input with what the user typed (or the value iso when
   the form was not submitted) and its error. */
void case_date_input(Req *r, Html *h, const char *prefix, const char *legend, const char *hint, const char *iso,
                     const FormErrors *errs);

/* The case's conflict-of-interest checks and overrides, each its own entry,
   as a table (pages/case_conflicts.c). */
void case_conflict_checks(Req *r, Html *h, const Case *c);

/* The status of a case as a coloured tag. */
void case_status_tag(Html *h, const char *status);

/* Human names: programme code to "RISE", "SI offer 2019/20" ...; RISE
   category to "Targeted" ... */
const char *programme_label(const char *code);
const char *category_label(const char *category);

/* Issue 15 items 4 and 6 (pages/case_monitoring.c): an open case's banner
   for a new inspection; a closed case's closure and its school's judgements
   before and after. */
void case_monitoring_section(Req *r, Html *h, const Case *c);

#endif
