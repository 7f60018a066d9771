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

#include <stdio.h>

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
                       .adviser_day_rate = 60000};
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
