/*
 * grants.h - what each programme pays (issue 14 items 1, 2 and 4): day
 * rates and the travel rule, the caps on days claimed, and a grant's
 * termly schedule (the first term up front, later terms in arrears once
 * that term's progress is satisfactory). The first piece of issue 14: pure
 * rules with their seed sentences; offer letters, claims, payment runs and
 * the ledger build on them.
 *
 * Money is integer pence; every amount, rate and cap is a GrantParams
 * field, filled from programme_params by the store (the seeds' values are
 * grant_params_default's).
 */
#ifndef RISE_GRANTS_H
#define RISE_GRANTS_H

#include <stddef.h>
#include <stdint.h>

typedef struct GrantParams {
    int64_t nle_day_rate;        /* SI Tier 1: 50,000 pence (002 8.1) */
    int64_t nle_day_rate_travel; /* 60,000 pence where the travel rule holds */
    int travel_minutes;          /* 60: "longer than 1 hour" */
    int travel_miles;            /* 45: "over 45 miles" */
    int nle_max_days;            /* 3 a supported school */
    int64_t leader_day_rate;     /* TSIO system leader: 60,000 pence */
    int leader_max_days;         /* 10 */
    int nlg_days;                /* 5: an NLG's governance review (TSIO) */
    int64_t planning_grant;      /* RISE: 300,000 pence, always */
    int64_t adviser_day_rate;    /* RISE adviser: 60,000 pence */
    int pay_days;                /* 10: "payment made by DfE within 10 days of sign off" (working days) */
} GrantParams;

/* The seeds' values. */
void grant_params_default(GrantParams *p);

/* A claim's kind of days. */
typedef enum GrantDays {
    DAYS_NLE = 1, /* SI Tier 1: NLE days, in arrears */
    DAYS_LEADER,  /* TSIO: system leader days */
    DAYS_NLG,     /* TSIO: the NLG's governance review */
    DAYS_ADVISER, /* RISE: adviser days (no cap of their own) */
} GrantDays;

/*
 * The day rate in pence. For an NLE (002 8.1): the higher rate when the
 * travel is longer than travel_minutes or more than travel_miles (a
 * negative figure: not known, so not over). Others: their one rate.
 */
int64_t grant_day_rate(const GrantParams *p, GrantDays kind, int travel_minutes, int travel_miles);

/* The most days of a kind a case may be paid for (0: no cap). */
int grant_max_days(const GrantParams *p, GrantDays kind);

/* The rules a claim of days must keep: id, the seed's sentence, the message. */
typedef struct GrantRule {
    const char *id, *sentence, *message;
} GrantRule;
extern const GrantRule GRANT_RULES[];
extern const size_t GRANT_N_RULES;

/*
 * Checks a claim of `halves` half days of a kind, given the half days
 * already claimed for the case (approved or waiting). NULL when it may be
 * made, else the broken rule (its message names the days left).
 * msg (when not NULL) gets the message in words.
 */
const GrantRule *grant_claim_check(const GrantParams *p, GrantDays kind, int halves, int already_halves, char *msg,
                                   size_t msglen);

/* The amount of a claim: halves half days at the rate, in pence (rounded
   down to the penny for an odd half day of an odd rate). */
int64_t grant_claim_amount(int64_t day_rate, int halves);

/* ---- a grant's schedule -------------------------------------------------- */

#define GRANT_MAX_TERMS 8

typedef enum GrantWhen {
    PAY_UP_FRONT = 1, /* the first term: paid on acceptance of the offer */
    PAY_IN_ARREARS,   /* later terms: after the term, once its progress is satisfactory */
} GrantWhen;

typedef struct GrantLine {
    int term;          /* 0-based term of the plan */
    int64_t amount;    /* pence */
    GrantWhen when;
    int needs_progress; /* paid only after satisfactory progress in the term before */
} GrantLine;

/*
 * The schedule of a grant from its termly profile (002 6.24, 8.3: "The
 * first term's payment will be made upfront, with subsequent terms paid in
 * arrears once activity is complete"; 7: "The department will only release
 * funding for activities delivered through terms 2 and 3 of the plan if
 * there is satisfactory progress against the actions through the previous
 * term"). Terms with nothing to pay are left out. Returns the number of
 * lines (at most GRANT_MAX_TERMS), or -1 when a term is negative or there
 * are more than GRANT_MAX_TERMS.
 */
int grant_schedule(const int64_t *termly, int n_terms, GrantLine *out);

/* ---- the ledger ------------------------------------------------------------ */

/*
 * A grant's money is always in exactly one bucket: what was offered is
 * scheduled (promised, not yet payable), due (payable now), withheld, paid,
 * cancelled or recovered (paid, then returned as underspend). An entry of
 * the ledger moves an amount from one bucket to another; an offer brings
 * new money into scheduled (a term) or due (an approved claim). So, for
 * every grant, at every moment:
 *     offered = scheduled + due + withheld + paid + cancelled + recovered
 * (issue 14 item 9; "due" in the sum is scheduled + due here).
 */
typedef enum GrantBucket {
    BUCKET_NONE = 0, /* outside the grant: where an offer's money comes from */
    BUCKET_SCHEDULED,
    BUCKET_DUE,
    BUCKET_WITHHELD,
    BUCKET_PAID,
    BUCKET_CANCELLED,
    BUCKET_RECOVERED,
    BUCKET_COUNT
} GrantBucket;

typedef enum GrantOp {
    OP_NONE = 0,
    OP_OFFER,    /* none -> scheduled | due */
    OP_MAKE_DUE, /* scheduled -> due: the up-front term on acceptance, a later term after satisfactory progress */
    OP_WITHHOLD, /* scheduled | due -> withheld, with a reason */
    OP_RELEASE,  /* withheld -> due, with a reason */
    OP_PAY,      /* due -> paid, in a payment run approved by a second person */
    OP_CANCEL,   /* scheduled | due | withheld -> cancelled */
    OP_RECOVER,  /* paid -> recovered: underspend returned */
    OP_COUNT
} GrantOp;

/* "scheduled" ... and back (BUCKET_NONE / OP_NONE when unknown; NULL for NONE). */
const char *grant_bucket_name(GrantBucket b);
GrantBucket grant_bucket_from(const char *name);
const char *grant_op_name(GrantOp op); /* "offer", "make-due", ... */
GrantOp grant_op_from(const char *name);
/* "Offered", "Made due", "Withheld", ... for pages. */
const char *grant_op_label(GrantOp op);

/* May op move money from `from` to `to` (the table above)? */
int grant_move_allowed(GrantOp op, GrantBucket from, GrantBucket to);

typedef struct GrantBalance {
    int64_t offered;
    int64_t b[BUCKET_COUNT]; /* indexed by GrantBucket; b[BUCKET_NONE] unused */
} GrantBalance;

/*
 * Applies one move of amount pence. 0 done; -1 (the balance unchanged)
 * when the move is not allowed, the amount is not positive, or the from
 * bucket holds less than the amount.
 */
int grant_balance_apply(GrantBalance *g, GrantOp op, GrantBucket from, GrantBucket to, int64_t amount);

/* 1 when every bucket is >= 0 and they add up to what was offered. */
int grant_balance_ok(const GrantBalance *g);

/* The financial year (April to March) a day falls in: "2026-27". */
void grant_financial_year(int year, int month, char out[8]);

#endif
