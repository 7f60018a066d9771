/*
 * external_accounts.h - closing the accounts of people outside DfE who are
 * no longer on an open case (issue 11 item 7; docs/decisions/0016). The
 * rule is domain/external.h's; this applies it to every active external
 * account: the notice is an email ("account-closing") and an audit row, the
 * closing a disablement audited as the system's, each in its own
 * transaction. Run by the background thread hourly and by
 * `rise user sweep-external`.
 */
#ifndef RISE_STORE_EXTERNAL_ACCOUNTS_H
#define RISE_STORE_EXTERNAL_ACCOUNTS_H

#include "domain/access.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct SweepCounts {
    size_t checked, noticed, cleared, disabled;
} SweepCounts;

/* The cases that may be an external organisation's (kind and reference),
   newest first, at most max into ids (*n how many): its school's, its
   trust's own and its schools', its local authority's schools', or those
   it is proposed for or matched to; only open ones (in progress or paused)
   when open_only. Candidates only: authorise() with each case's scope
   decides (a local authority does not answer for an academy). 0 or -1. */
int external_case_candidates(Db *db, OrgKind kind, const char *ref, int open_only, int64_t *ids, size_t max,
                             size_t *n);

/* Is this external account's school or organisation on an open case (in
   progress or paused)? 1, 0, or -1 on error. */
int external_on_open_case(Db *db, const char *role, const char *org_kind, const char *organisation);

/* Applies the rule at now with grace_s to every active external account.
   0, or -1 on a database error (what was done before it stays done). */
int external_accounts_sweep(Db *db, int64_t now, int64_t grace_s, SweepCounts *out);

#endif
