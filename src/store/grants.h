/*
 * store/grants.h - the grant itself (issue 14): made from an approved plan
 * (or prepared by the grant team: RISE's planning grant), issued with its
 * offer letter, accepted by its payee, and its termly schedule followed:
 * a later term made due after satisfactory progress, withheld, released,
 * the offer withdrawn. Money moves only through store/grant_ledger.h
 * (grant_post, grant_line_move); every change is one transaction with its
 * audit rows ("grant.prepare", "grant.issue", "grant.accept",
 * "grant.progress", "grant.withdraw", and the ledger's "grant.<op>").
 *
 * Life of a grant:
 *   draft --issue (letter, money offered)--> offered --accept (first term due)--> accepted
 *   offered | accepted --withdraw (unpaid lines cancelled)--> withdrawn
 * A draft holds its schedule but nothing in the ledger.
 *
 * Who is paid (interpretation, written here because the seeds differ by
 * programme): SI Tiers 2 and 3 (002 8.3: "Funding will be awarded to your
 * school", the letter addressed to the NLE) pay the NLE's school, the
 * organisation matched to the case; RISE funds the responsible body
 * accountable for the school (the trust, by group UID, for an academy or a
 * trust's own case; the local authority, by code, for a maintained school).
 * Tier 1 and TSIO are paid by claims of days (another part of issue 14).
 */
#ifndef RISE_STORE_GRANTS_H
#define RISE_STORE_GRANTS_H

#include "core/date.h"
#include "domain/plans.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/grant_ledger.h"

#include <stddef.h>
#include <stdint.h>

/* Statuses, as stored. */
#define GRANT_DRAFT "draft"
#define GRANT_OFFERED "offered"
#define GRANT_ACCEPTED "accepted"
#define GRANT_WITHDRAWN "withdrawn"
#define GRANT_CLOSED "closed"

/* "Draft", "Offered", ... for pages. */
const char *grant_status_label(const char *status);
/* "Scheduled", "Due", "Withheld", "Paid", "Cancelled". */
const char *grant_line_status_label(const char *status);

/*
 * The ends of the school terms (interpretation until issue 15 brings term
 * dates as data: terms end on 31 December, 31 March and 31 July). The
 * k-th end (0-based) strictly after `from`, from a table of month/day
 * pairs; NULL table: the default above.
 */
typedef struct GrantTermEnd {
    int month, day;
} GrantTermEnd;
Date grant_term_end(Date from, int k, const GrantTermEnd *ends, size_t n_ends);

/*
 * Makes the case's draft grant from its approved plan: called inside the
 * plan's approval transaction (store/plans.c approve_plan). A RAF (SI Tiers
 * 2 and 3) gives a "raf" grant to the matched provider; a RISE plan whose
 * final band funds something an "improvement" grant to the responsible
 * body; any other plan nothing. The schedule is grant_schedule() over the
 * termly profile (RAF: the plan's three terms; RISE: each costed activity
 * in the term, counted from the approval, it starts in); the first line is
 * paid up front (expected pay_days working days after the approval), the
 * others in arrears at the end of their term. 0 (made or nothing to make),
 * -1 on a database error.
 */
int grant_from_plan(Db *db, const Actor *actor, const Case *c, const Plan *p, int version, const char *approved_on);

/* Results, as in casework.h: CW_OK, CW_REFUSED (*why says why), CW_NOT_FOUND, CW_ERROR. */

/* RISE: the grant team prepares the planning grant (GrantParams.planning_grant,
   one line paid up front) for the case's responsible body (else its matched
   organisation). *id set. */
int grant_planning_prepare(Db *db, const Actor *actor, int64_t case_id, int64_t *id, const char **why);

/*
 * The budget warning issuing this grant would give (grant_budget_warning for
 * its programme, region and this financial year): 1 with the sentence, 0
 * none, -1 error.
 */
int grant_issue_warning(Db *db, int64_t grant_id, char *warning, size_t len);

/*
 * Issues a draft: the year, who and when, the offer letter (PDF, kept), the
 * money offered line by line into scheduled, and the payee's people emailed
 * ("grant-offer", the letter attached). Refused when the budget warns and
 * over_budget_ok is 0.
 */
int grant_issue(Db *db, const Actor *actor, int64_t grant_id, int over_budget_ok, const char **why);

/* The offer letter's text as it would be issued today by `by` (malloc'd;
   NULL when there is no such grant or on an error), for the page that
   issues it. */
char *grant_letter_preview(Db *db, int64_t grant_id, const char *by);

/* The payee accepts (or the grant team on its behalf: on_behalf 1; name is
   the person who accepted): the first term is made due. */
int grant_accept(Db *db, const Actor *actor, int64_t grant_id, const char *name, int on_behalf, const char **why);

/* The grant team withdraws an offer: every unpaid line cancelled. */
int grant_withdraw(Db *db, const Actor *actor, int64_t grant_id, const char *reason, const char **why);

typedef enum GrantLineAction {
    LINE_PROGRESS = 1, /* the term before made satisfactory progress: scheduled -> due (accepted grants) */
    LINE_WITHHOLD,     /* scheduled | due -> withheld (not in an approved payment run) */
    LINE_RELEASE,      /* withheld -> due (accepted grants) */
} GrantLineAction;
/* "progress", "withhold", "release", and back (0 unknown). */
const char *grant_line_action_slug(GrantLineAction a);
GrantLineAction grant_line_action_from(const char *slug);

/* One of those on the line at `position` (1-based), with its reason. */
int grant_line_act(Db *db, const Actor *actor, int64_t grant_id, int position, GrantLineAction act,
                   const char *reason, const char **why);

/* ---- reads ------------------------------------------------------------------ */

typedef struct Grant {
    int64_t id, case_id, payee_id;
    char *kind, *programme, *region, *status, *year;
    int plan_version; /* 0: not made from a plan */
    int64_t total;
    GrantBalance balance;
    char *offered_at, *offered_by, *accepted_at, *accepted_by, *accepted_name, *withdrawn_reason;
    int accepted_on_behalf, has_letter;
    char *created_at, *created_by;
    /* the payee and the case */
    char *payee_kind, *payee_ref, *payee_name, *vendor_account;
    char *school;
} Grant;
void grant_free(Grant *g);
int grant_get(Db *db, int64_t id, Grant *out); /* 1, 0 none, -1 */

typedef struct GrantList {
    Grant *items;
    size_t n;
} GrantList;
void grant_list_free(GrantList *l);
/* The case's grants, oldest first. */
int grants_for_case(Db *db, int64_t case_id, GrantList *out);

typedef struct GrantFilter {
    const char *programme, *region, *status; /* NULL or "": any */
    size_t limit, offset;
} GrantFilter;
typedef struct GrantTotals {
    size_t count; /* grants matching, all pages */
    int64_t total, offered, due, withheld, paid;
} GrantTotals;
/* Grants for finance readers, newest first, a page at a time, with the
   totals of every grant the filter matches. */
int grants_list(Db *db, const GrantFilter *f, GrantList *out, GrantTotals *totals);

typedef struct GrantLineRow {
    int64_t id;
    int position, term; /* term: -1 when none */
    char *label, *pay_when, *expected_on, *status, *due_since;
    int64_t amount, run_id;
    char *run_status; /* the payment run's, or NULL */
    char *paid_on, *paid_reference;
    char *progress_note, *progress_by, *progress_at;
    char *withheld_reason, *withheld_by, *withheld_at;
} GrantLineRow;
typedef struct GrantLineList {
    GrantLineRow *items;
    size_t n;
} GrantLineList;
void grant_line_list_free(GrantLineList *l);
int grant_lines(Db *db, int64_t grant_id, GrantLineList *out);

typedef struct GrantEntry {
    int64_t id, line_id, amount;
    char *op, *from_bucket, *to_bucket, *reason, *prepared_by, *approved_by, *reference, *at;
} GrantEntry;
typedef struct GrantEntryList {
    GrantEntry *items;
    size_t n;
} GrantEntryList;
void grant_entry_list_free(GrantEntryList *l);
/* The grant's ledger, oldest first. */
int grant_entries(Db *db, int64_t grant_id, GrantEntryList *out);

/* The offer letter's PDF (malloc'd): 1, 0 none, -1. */
int grant_letter_get(Db *db, int64_t grant_id, unsigned char **pdf, size_t *len);

#endif
