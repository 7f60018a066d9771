/*
 * store/grant_ledger.h - the foundation every part of issue 14 shares: a
 * programme's grant parameters, payees with their vendor accounts, and the
 * ledger, the only way a grant's money moves (domain/grants.h: buckets and
 * the moves each operation may make).
 *
 * The grants row holds each bucket's balance; a CHECK keeps
 *     offered = scheduled + due + withheld + paid + cancelled + recovered
 * and no bucket below zero, so a move that would break the sum fails in
 * the database as well as here. Every entry says who prepared it and, for
 * a payment, who approved it; each is audited ("grant.<op>", object
 * "grant"). grant_verify() re-adds the ledger and the schedule and compares
 * them with the balances (`rise grants verify`).
 *
 * Call these inside the caller's transaction (db_begin ... db_commit).
 */
#ifndef RISE_STORE_GRANT_LEDGER_H
#define RISE_STORE_GRANT_LEDGER_H

#include "domain/grants.h"
#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* The programme's GrantParams: the seeds' values overridden by
   programme_params keys grant_* (grant_nle_day_rate, grant_pay_days, ...). */
int grant_params_load(Db *db, const char *programme, GrantParams *out);

/* ---- payees ------------------------------------------------------------- */

/* Kinds, as stored. */
#define PAYEE_PROVIDER "provider" /* ref: organisations.id (the NLE's school, a supporting organisation) */
#define PAYEE_TRUST "trust"       /* ref: the trust's group UID */
#define PAYEE_LA "la"             /* ref: the local authority's code */
#define PAYEE_PERSON "person"     /* ref: users.id (a RISE adviser, or the organisation they are seconded from) */

typedef struct Payee {
    int64_t id;
    char *kind, *ref, *name;
    char *vendor_account; /* the finance system's supplier number; NULL: not set up, cannot be paid */
    char *vendor_set_by, *vendor_set_at;
} Payee;
void payee_free(Payee *p);

/* The payee of that kind and reference, added (with its name) when new.
   *id set. 0, or -1 on a database error. */
int payee_ensure(Db *db, const char *kind, const char *ref, const char *name, int64_t *id);
/* 1 found, 0 not, -1 error. */
int payee_get(Db *db, int64_t id, Payee *out);
/* Records the vendor account (NULL or "" removes it), audited "payee.vendor". */
int payee_set_vendor(Db *db, const Actor *actor, int64_t id, const char *account);

/* ---- the ledger ---------------------------------------------------------- */

typedef struct GrantMove {
    int64_t grant_id;
    int64_t line_id;     /* the schedule line it is about, or 0 (a recovery) */
    GrantOp op;
    GrantBucket from, to; /* from: BUCKET_NONE for an offer */
    int64_t amount;       /* pence, > 0 */
    const char *reason;   /* why (required for withhold, release, cancel, recover) */
    int64_t approved_by_id; /* a payment's second person (0: none) */
    const char *approved_by;
    int64_t prepared_by_id; /* a payment's first person, its run's preparer (NULL prepared_by: the actor) */
    const char *prepared_by;
    int64_t run_id;       /* a payment's run (0: none) */
    const char *reference; /* a payment's or a recovery's reference */
} GrantMove;

/*
 * Moves the money: the balance columns, one grant_ledger row and one audit
 * row. Does not touch grant_lines (the caller sets the line's status in the
 * same transaction). 0 done; 1 refused (the move is not allowed or the
 * bucket holds less: nothing written); -1 a database error.
 */
int grant_post(Db *db, const Actor *actor, const GrantMove *m);

/*
 * Moves a whole schedule line: its amount from the bucket its status names
 * to the op's bucket, and the line's status with it (a payment also sets
 * run_id, paid_on, paid_reference; a withholding withheld_*; a made-due
 * line due_since). 0, 1 refused (the line is not in a state the op moves
 * from: e.g. paid already), -1 error.
 */
int grant_line_move(Db *db, const Actor *actor, int64_t line_id, GrantOp op, const char *reason,
                    int64_t approved_by_id, const char *approved_by, int64_t run_id, const char *reference,
                    const char *on);

typedef struct GrantBalances {
    int64_t grant_id;
    GrantBalance balance;
} GrantBalances;

/* One grant's balances as stored. 1, 0 no such grant, -1 error. */
int grant_balance_get(Db *db, int64_t grant_id, GrantBalance *out);

/*
 * Checks every grant: the stored balances add up (the CHECK holds), equal
 * the ledger re-added entry by entry, and agree with the schedule (scheduled,
 * due, withheld, cancelled equal the lines in that status; paid + recovered
 * the lines paid). Returns the number of grants that do not agree (0: all
 * do), or -1 on a database error; the first few problems in err.
 */
int grant_verify(Db *db, size_t *n_grants, char *err, size_t errlen);

/* ---- budgets (issue 14 item 7) ----------------------------------------------- */

/*
 * A programme's money for a financial year in a region. A grant counts in
 * the year its offer was issued (grants.year; interpretation: the year the
 * commitment is made, as the offer letter commits the whole grant), and an
 * approved claim in the year it was approved.
 */
typedef struct GrantBudget {
    int has_allocation; /* 0: none set for the year and region */
    int64_t allocated;  /* set by the grant team */
    int64_t committed;  /* offers issued and claims approved: what was offered */
    int64_t paid, withheld, cancelled, recovered;
    int64_t outstanding; /* still to pay: scheduled + due + withheld */
    int64_t drafts;      /* offers prepared but not yet issued */
    int64_t forecast;    /* what the year will cost if everything promised and prepared is paid:
                            committed - cancelled - recovered + drafts */
} GrantBudget;

/* The budget of programme, year ("2026-27") and region. 0, or -1. */
int grant_budget_get(Db *db, const char *programme, const char *year, const char *region, GrantBudget *out);

/*
 * Would committing `amount` more exceed the allocation? 1 yes (or no
 * allocation is set: the warning says so), 0 no, -1 error. The warning
 * (when 1) is a sentence for the page.
 */
int grant_budget_warning(Db *db, const char *programme, const char *year, const char *region, int64_t amount,
                         char *warning, size_t len);

/* "2026-12-06T01:02:03Z" and "2026-12-06" now, for rows. */
void grant_now(char out[32]);
void grant_today(char out[11]);

#endif
