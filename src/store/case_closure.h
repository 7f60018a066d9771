/*
 * store/case_closure.h - monitoring and closure (issue 15 items 4 and 6):
 * the newest inspection since a case opened, the closed case's "before
 * and after" judgements, the money a close settles, and the close itself
 * with what it records (case_closures), in one transaction.
 */
#ifndef RISE_STORE_CASE_CLOSURE_H
#define RISE_STORE_CASE_CLOSURE_H

#include "domain/grants.h"
#include "store/audit.h"
#include "store/casework.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* ---- inspections --------------------------------------------------------- */

/* One inspection as a case shows it. */
typedef struct CaseInspection {
    int found;          /* 0: none */
    int64_t urn;        /* the school inspected */
    char date[11];      /* start date */
    char published[11]; /* publication date, or the start date when the file gives none */
    char *judgement;    /* the headline in Ofsted's words ("Good", an ungraded outcome ...); never NULL when found */
} CaseInspection;
void case_inspection_free(CaseInspection *i);

/* The newest inspection of the case's school (a trust's: of its schools)
   published after the case opened (issue 15 item 4's banner). 0 or -1. */
int case_inspection_since_opened(Db *db, const Case *c, CaseInspection *out);

/* A school's case, before and after: the last inspection published on or
   before the day the case opened, and the first published after the day it
   closed. 0 or -1 (a trust's case: both not found). */
int case_before_after(Db *db, const Case *c, CaseInspection *before, CaseInspection *after);

/* After an import changed the inspections: refreshes every open case whose
   school (a trust's: one of its schools) has an inspection published since
   it opened, or whose review after an inspection is needed, so the task
   appears, moves or goes. In the caller's transaction. 0 or -1. */
int cases_refresh_inspected(Db *db);

/* ---- money ----------------------------------------------------------------- */

typedef struct ClosureGrant {
    int64_t id;
    char *kind, *days_kind, *status, *payee;
    GrantBalance balance;
    int64_t to_cancel;   /* the unpaid lines closing cancels (scheduled, due, withheld) */
    size_t lines_to_cancel;
} ClosureGrant;

typedef struct ClosureRecovery {
    int64_t id, grant_id, amount;
    char *status, *reason;
} ClosureRecovery;

typedef struct ClosureMoney {
    ClosureGrant *grants;
    size_t n;
    ClosureRecovery *recoveries; /* open recoveries of underspend (requested, in progress) */
    size_t n_recoveries;
    int64_t to_cancel;           /* in all */
    size_t lines_to_cancel;
    int64_t blocking_run;        /* a payment run, prepared or approved and not paid, with one of the
                                    case's lines (0: none) */
    char blocking_status[16];
} ClosureMoney;

/* The case's grants (offers issued: offered or accepted; drafts and
   withdrawn offers are listed with nothing to cancel). 0 or -1. */
int case_closure_money(Db *db, int64_t case_id, ClosureMoney *out);
void closure_money_free(ClosureMoney *m);

/* ---- the close ------------------------------------------------------------- */

typedef struct CaseClosure {
    const char *outcome, *on, *reason; /* as case_close */
    const char *end_call_on;           /* yyyy-mm-dd or NULL */
    const char *end_call_notes;        /* NULL or "" when none */
    const char *completion;            /* "completed" or "stopped-early" */
    const char *stopped_reason;
    const char *final_rating;
    int case_study;
    const char *case_study_text;
} CaseClosure;

/*
 * Closes the case with what it records, in one transaction: the status
 * (case_close_in, audited "case.status"), the case_closures row (audited
 * "case.closure" with every field), and every unpaid line of the case's
 * issued grants cancelled through the ledger ("Case closed"). Refused
 * (CW_REFUSED, the sentence in why) when the close itself is, or while a
 * payment run holds one of the case's lines. *cancelled gets the amount.
 */
int case_close_with(Db *db, const Actor *actor, int64_t case_id, const CaseClosure *a, char *why, size_t whylen,
                    int64_t *cancelled);

/* What was recorded when the case closed. 1 found, 0 none, -1 error. */
typedef struct CaseClosureRow {
    char *end_call_on, *end_call_notes, *completion, *stopped_reason, *final_rating, *case_study_text,
        *recorded_by, *recorded_at;
    int case_study;
    int64_t cancelled_amount;
} CaseClosureRow;
int case_closure_get(Db *db, int64_t case_id, CaseClosureRow *out);
void case_closure_row_free(CaseClosureRow *r);

#endif
