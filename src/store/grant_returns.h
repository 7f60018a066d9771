/*
 * store/grant_returns.h - spend checks and the recovery of underspend
 * (issue 14 item 8). 002 8.4: "All underspend must be returned to the
 * Department. You will be required to return a grant evaluation and
 * assurance reports to the DfE as requested annually."
 *
 * A return: the grant team asks for an annual assurance return (its
 * period a financial year, "2026-27") or the end-of-grant declaration of
 * expenditure (period "final") with a due date, and the payee is emailed
 * ("grant-return"); the payee (or the grant team for them) sends what was
 * spent so far and the evaluation (and, for the declaration, declares the
 * grant was spent in line with the agreed actions and its conditions); the
 * grant team accepts it or returns it with a note (the payee sends it
 * again). Accepting a declaration that spent less than was paid asks for
 * the difference back: a recovery.
 *
 *   requested --submit--> submitted --accept--> accepted
 *                 ^                  --return--> returned --submit--> submitted
 *
 * A recovery: requested -> in-progress (a note) -> complete (the
 * reference and the day the money came in: the ledger moves it from paid
 * to recovered, refused when more than is paid) or cancelled (a reason).
 *
 * Every change is one transaction audited on the grant ("return.request",
 * "return.submit", "return.accept", "return.return", "recovery.request",
 * "recovery.progress", "recovery.complete", "recovery.cancel"). Results as
 * in casework.h: CW_OK, CW_REFUSED (why says why), CW_NOT_FOUND, CW_ERROR.
 */
#ifndef RISE_STORE_GRANT_RETURNS_H
#define RISE_STORE_GRANT_RETURNS_H

#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

#define RETURN_ASSURANCE "assurance"
#define RETURN_DECLARATION "declaration"
#define RETURN_FINAL "final" /* the declaration's period */

/* What a return or recovery needs of its grant. */
typedef struct GrantFacts {
    int64_t id, case_id, payee_id;
    char *kind, *days_kind, *status, *programme, *region, *year;
    char *payee_kind, *payee_ref, *payee;
    char *school; /* the case's subject */
    int64_t total, offered, paid, recovered;
} GrantFacts;
/* 1 found, 0 not, -1 error. */
int grant_facts_get(Db *db, int64_t grant_id, GrantFacts *out);
void grant_facts_free(GrantFacts *g);
/* "Improvement grant", "NLE days", ... */
const char *grant_kind_words(const GrantFacts *g);

typedef struct GrantReturn {
    int64_t id, grant_id;
    char *kind, *period, *status, *due_on, *evaluation;
    int has_spent;
    int64_t spent;
    int on_behalf;
    char *requested_by, *requested_at, *submitted_by, *submitted_at, *checked_by, *checked_at, *check_note;
} GrantReturn;
typedef struct GrantReturnList {
    GrantReturn *items;
    size_t n;
} GrantReturnList;
int grant_return_get(Db *db, int64_t id, GrantReturn *out); /* 1, 0, -1 */
void grant_return_free(GrantReturn *r);
int grant_returns_of(Db *db, int64_t grant_id, GrantReturnList *out); /* oldest first */
void grant_return_list_free(GrantReturnList *l);
/* "Annual assurance return 2026-27", "Declaration of expenditure". */
void grant_return_title(const GrantReturn *r, char *out, size_t len);
/* "Waiting for the payee", "Waiting to be checked", "Accepted", "Returned to the payee". */
const char *grant_return_status_label(const char *status);

/* Asks for a return: kind RETURN_ASSURANCE with a financial year, or
   RETURN_DECLARATION (period "final"); due_on yyyy-mm-dd. Refused when the
   grant is not offered or accepted, or that return was asked for already. */
int grant_return_request(Db *db, const Actor *actor, int64_t grant_id, const char *kind, const char *period,
                         const char *due_on, int64_t *id, char *why, size_t whylen);
/* The payee's return (on_behalf: the grant team recording it). A
   declaration needs declared set. */
int grant_return_submit(Db *db, const Actor *actor, int64_t id, int64_t spent, const char *evaluation, int declared,
                        int on_behalf, char *why, size_t whylen);
/* The grant team's check: accept (a declaration below what was paid makes a
   recovery, *recovery_id set; else 0), or return with a note (required). */
int grant_return_check(Db *db, const Actor *actor, int64_t id, int accept, const char *note, int64_t *recovery_id,
                       char *why, size_t whylen);

/* ---- recoveries ---- */

#define RECOVERY_REQUESTED "requested"
#define RECOVERY_IN_PROGRESS "in-progress"
#define RECOVERY_COMPLETE "complete"
#define RECOVERY_CANCELLED "cancelled"

typedef struct GrantRecovery {
    int64_t id, grant_id, amount;
    char *reason, *status, *reference, *completed_on, *requested_by, *requested_at, *updated_by, *updated_at;
} GrantRecovery;
typedef struct GrantRecoveryList {
    GrantRecovery *items;
    size_t n;
} GrantRecoveryList;
int grant_recovery_get(Db *db, int64_t id, GrantRecovery *out);
void grant_recovery_free(GrantRecovery *r);
int grant_recoveries_of(Db *db, int64_t grant_id, GrantRecoveryList *out);
void grant_recovery_list_free(GrantRecoveryList *l);
const char *grant_recovery_status_label(const char *status);

/* Asks for amount (pence) back, with the reason: refused when more than is
   paid (less what open recoveries already ask for). */
int grant_recovery_request(Db *db, const Actor *actor, int64_t grant_id, int64_t amount, const char *reason,
                           int64_t *id, char *why, size_t whylen);
/* requested -> in progress, with a note (required). */
int grant_recovery_progress(Db *db, const Actor *actor, int64_t id, const char *note, char *why, size_t whylen);
/* -> complete: the money came back on `on` with its reference; the ledger
   moves it from paid to recovered (refused when more than is paid). */
int grant_recovery_complete(Db *db, const Actor *actor, int64_t id, const char *reference, const char *on, char *why,
                            size_t whylen);
/* -> cancelled, with the reason. */
int grant_recovery_cancel(Db *db, const Actor *actor, int64_t id, const char *reason, char *why, size_t whylen);

#endif
