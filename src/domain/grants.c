/*
 * grants.c - see grants.h.
 *
 * Interpretations:
 * - 002 8.1's travel rule is an NLE's (SI Tier 1): "required to travel
 *   longer than 1 hour or over 45 miles" is strictly more than either
 *   figure; a journey of exactly an hour or 45 miles is paid at £500.
 * - Days are claimed in half days, as the plans count them.
 * - The payment "made upfront" is the first term with anything to pay (a
 *   plan whose first term costs nothing starts in its second); every later
 *   payment is in arrears and waits for satisfactory progress.
 * - A RISE adviser's days have no cap of their own here: the adviser is
 *   DfE's, paid at £600 a day (DOMAIN.md section 2).
 */
#include "domain/grants.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define S_002_8_1                                                                                                 \
    "You will be paid £500 per day (or £600 per day where you are required to travel longer than 1 hour or over " \
    "45 miles) for each day you have been deployed, up to a maximum of 3 days, per supported school."

const GrantRule GRANT_RULES[] = {
    {"claim-days", "", "Enter the days claimed, in half days (for example 1.5)"},
    {"claim-nle-max", S_002_8_1, "An NLE is paid for at most %d days a supported school: %s left to claim"},
    {"claim-leader-max", "Up to 10 days support and advice from a system leader",
     "A system leader is paid for at most %d days: %s left to claim"},
    {"claim-nlg-max", "access to 5 days of governance support from a National Leader of Governance where beneficial "
                      "and funding allows",
     "A governance review by a national leader of governance is %d days: %s left to claim"},
};
const size_t GRANT_N_RULES = sizeof GRANT_RULES / sizeof GRANT_RULES[0];

void grant_params_default(GrantParams *p)
{
    *p = (GrantParams){.nle_day_rate = 50000,
                       .nle_day_rate_travel = 60000,
                       .travel_minutes = 60,
                       .travel_miles = 45,
                       .nle_max_days = 3,
                       .leader_day_rate = 60000,
                       .leader_max_days = 10,
                       .nlg_days = 5,
                       .planning_grant = 300000,
                       .adviser_day_rate = 60000,
                       .pay_days = 10};
}

int64_t grant_day_rate(const GrantParams *p, GrantDays kind, int travel_minutes, int travel_miles)
{
    switch (kind) {
    case DAYS_NLE:
        return (travel_minutes > p->travel_minutes || travel_miles > p->travel_miles) ? p->nle_day_rate_travel
                                                                                        : p->nle_day_rate;
    case DAYS_LEADER:
    case DAYS_NLG: return p->leader_day_rate;
    case DAYS_ADVISER: return p->adviser_day_rate;
    default: return 0;
    }
}

int grant_max_days(const GrantParams *p, GrantDays kind)
{
    switch (kind) {
    case DAYS_NLE: return p->nle_max_days;
    case DAYS_LEADER: return p->leader_max_days;
    case DAYS_NLG: return p->nlg_days;
    default: return 0;
    }
}

static void days_words(int halves, char *out, size_t len)
{
    if (halves <= 0)
        snprintf(out, len, "none");
    else if (halves % 2)
        snprintf(out, len, "%d.5 day%s", halves / 2, halves > 2 ? "s" : "");
    else
        snprintf(out, len, "%d day%s", halves / 2, halves == 2 ? "" : "s");
}

const GrantRule *grant_claim_check(const GrantParams *p, GrantDays kind, int halves, int already_halves, char *msg,
                                   size_t msglen)
{
    const GrantRule *broken = NULL;
    int max = grant_max_days(p, kind);
    if (halves <= 0)
        broken = &GRANT_RULES[0];
    else if (max > 0 && already_halves + halves > max * 2)
        broken = kind == DAYS_NLE ? &GRANT_RULES[1] : kind == DAYS_LEADER ? &GRANT_RULES[2] : &GRANT_RULES[3];
    if (broken && msg && msglen) {
        if (broken == &GRANT_RULES[0]) {
            snprintf(msg, msglen, "%s", broken->message);
        } else {
            char left[32];
            days_words(max * 2 - already_halves, left, sizeof left);
            snprintf(msg, msglen, broken->message, max, left);
        }
    }
    return broken;
}

int64_t grant_claim_amount(int64_t day_rate, int halves)
{
    return halves > 0 ? day_rate * halves / 2 : 0;
}

int grant_schedule(const int64_t *termly, int n_terms, GrantLine *out)
{
    if (n_terms < 0 || n_terms > GRANT_MAX_TERMS)
        return -1;
    int n = 0, first = 1;
    for (int t = 0; t < n_terms; t++) {
        if (termly[t] < 0)
            return -1;
        if (termly[t] == 0)
            continue;
        out[n++] = (GrantLine){.term = t,
                               .amount = termly[t],
                               .when = first ? PAY_UP_FRONT : PAY_IN_ARREARS,
                               .needs_progress = !first};
        first = 0;
    }
    return n;
}

/* ---- the ledger ---- */

static const char *const BUCKET_NAMES[BUCKET_COUNT] = {NULL,   "scheduled", "due",      "withheld",
                                                       "paid", "cancelled", "recovered"};
static const char *const OP_NAMES[OP_COUNT] = {NULL,      "offer", "make-due", "withhold",
                                               "release", "pay",   "cancel",   "recover"};
static const char *const OP_LABELS[OP_COUNT] = {NULL,       "Offered", "Made due",  "Withheld",
                                                "Released", "Paid",    "Cancelled", "Recovered"};

const char *grant_bucket_name(GrantBucket b)
{
    return b > BUCKET_NONE && b < BUCKET_COUNT ? BUCKET_NAMES[b] : NULL;
}

GrantBucket grant_bucket_from(const char *name)
{
    for (int b = 1; name && b < BUCKET_COUNT; b++)
        if (strcmp(name, BUCKET_NAMES[b]) == 0)
            return (GrantBucket)b;
    return BUCKET_NONE;
}

const char *grant_op_name(GrantOp op)
{
    return op > OP_NONE && op < OP_COUNT ? OP_NAMES[op] : NULL;
}

const char *grant_op_label(GrantOp op)
{
    return op > OP_NONE && op < OP_COUNT ? OP_LABELS[op] : NULL;
}

GrantOp grant_op_from(const char *name)
{
    for (int o = 1; name && o < OP_COUNT; o++)
        if (strcmp(name, OP_NAMES[o]) == 0)
            return (GrantOp)o;
    return OP_NONE;
}

/* The moves each operation may make: op, from, to. */
static const struct {
    GrantOp op;
    GrantBucket from, to;
} MOVES[] = {
    {OP_OFFER, BUCKET_NONE, BUCKET_SCHEDULED},   {OP_OFFER, BUCKET_NONE, BUCKET_DUE},
    {OP_MAKE_DUE, BUCKET_SCHEDULED, BUCKET_DUE}, {OP_WITHHOLD, BUCKET_SCHEDULED, BUCKET_WITHHELD},
    {OP_WITHHOLD, BUCKET_DUE, BUCKET_WITHHELD},  {OP_RELEASE, BUCKET_WITHHELD, BUCKET_DUE},
    {OP_PAY, BUCKET_DUE, BUCKET_PAID},           {OP_CANCEL, BUCKET_SCHEDULED, BUCKET_CANCELLED},
    {OP_CANCEL, BUCKET_DUE, BUCKET_CANCELLED},   {OP_CANCEL, BUCKET_WITHHELD, BUCKET_CANCELLED},
    {OP_RECOVER, BUCKET_PAID, BUCKET_RECOVERED},
};

int grant_move_allowed(GrantOp op, GrantBucket from, GrantBucket to)
{
    for (size_t i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++)
        if (MOVES[i].op == op && MOVES[i].from == from && MOVES[i].to == to)
            return 1;
    return 0;
}

int grant_balance_apply(GrantBalance *g, GrantOp op, GrantBucket from, GrantBucket to, int64_t amount)
{
    if (!g || amount <= 0 || !grant_move_allowed(op, from, to))
        return -1;
    if (from == BUCKET_NONE) {
        if (g->offered > INT64_MAX - amount || g->b[to] > INT64_MAX - amount)
            return -1;
        g->offered += amount;
    } else {
        if (g->b[from] < amount)
            return -1;
        g->b[from] -= amount;
    }
    g->b[to] += amount;
    return 0;
}

int grant_balance_ok(const GrantBalance *g)
{
    int64_t sum = 0;
    for (int b = 1; b < BUCKET_COUNT; b++) {
        if (g->b[b] < 0)
            return 0;
        sum += g->b[b];
    }
    return g->offered >= 0 && sum == g->offered;
}

void grant_financial_year(int year, int month, char out[8])
{
    unsigned start = (unsigned)(month >= 4 ? year : year - 1) % 10000u;
    snprintf(out, 8, "%04u-%02u", start, (start + 1) % 100u);
}
