/*
 * test_grants.c - what each programme pays (domain/grants.c): day rates and
 * the travel rule, the caps on days claimed and a grant's termly schedule,
 * each test quoting the seed sentence it checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/grants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static GrantParams P;

static int setup(void **state)
{
    (void)state;
    grant_params_default(&P);
    return 0;
}

/* 002 8.1: "You will be paid £500 per day (or £600 per day where you are
   required to travel longer than 1 hour or over 45 miles) for each day you
   have been deployed, up to a maximum of 3 days, per supported school." */
static void the_nle_day_rate_and_the_travel_rule(void **state)
{
    (void)state;
    assert_int_equal(grant_day_rate(&P, DAYS_NLE, 30, 10), 50000);
    assert_int_equal(grant_day_rate(&P, DAYS_NLE, 60, 45), 50000); /* exactly an hour, exactly 45 miles */
    assert_int_equal(grant_day_rate(&P, DAYS_NLE, 61, 10), 60000); /* longer than 1 hour */
    assert_int_equal(grant_day_rate(&P, DAYS_NLE, 20, 46), 60000); /* over 45 miles */
    assert_int_equal(grant_day_rate(&P, DAYS_NLE, -1, -1), 50000); /* not known: not over */
    /* the rates are parameters, not code */
    GrantParams q = P;
    q.nle_day_rate = 55000;
    q.travel_miles = 30;
    assert_int_equal(grant_day_rate(&q, DAYS_NLE, 10, 31), 60000);
    assert_int_equal(grant_day_rate(&q, DAYS_NLE, 10, 30), 55000);
    /* seed 004 and DOMAIN.md: system leaders and RISE advisers at £600 */
    assert_int_equal(grant_day_rate(&P, DAYS_LEADER, 200, 200), 60000);
    assert_int_equal(grant_day_rate(&P, DAYS_ADVISER, 0, 0), 60000);
    assert_int_equal(P.planning_grant, 300000); /* RISE: a planning grant of £3,000 */
}

static void claims_are_capped(void **state)
{
    (void)state;
    char msg[200];
    /* "up to a maximum of 3 days, per supported school" */
    assert_null(grant_claim_check(&P, DAYS_NLE, 6, 0, msg, sizeof msg));
    assert_null(grant_claim_check(&P, DAYS_NLE, 1, 5, msg, sizeof msg));
    const GrantRule *r = grant_claim_check(&P, DAYS_NLE, 3, 4, msg, sizeof msg);
    assert_non_null(r);
    assert_string_equal(r->id, "claim-nle-max");
    assert_non_null(strstr(r->sentence, "up to a maximum of 3 days, per supported school"));
    assert_string_equal(msg, "An NLE is paid for at most 3 days a supported school: 1 day left to claim");
    grant_claim_check(&P, DAYS_NLE, 2, 5, msg, sizeof msg);
    assert_string_equal(msg, "An NLE is paid for at most 3 days a supported school: 0.5 day left to claim");
    /* seed 004: "Up to 10 days support and advice from a system leader" */
    assert_null(grant_claim_check(&P, DAYS_LEADER, 20, 0, NULL, 0));
    r = grant_claim_check(&P, DAYS_LEADER, 3, 18, msg, sizeof msg);
    assert_string_equal(r->id, "claim-leader-max");
    assert_string_equal(msg, "A system leader is paid for at most 10 days: 1 day left to claim");
    /* seed 004: "access to 5 days of governance support from a National Leader of Governance ..." */
    r = grant_claim_check(&P, DAYS_NLG, 11, 0, msg, sizeof msg);
    assert_string_equal(r->id, "claim-nlg-max");
    assert_string_equal(msg, "A governance review by a national leader of governance is 5 days: 5 days left to claim");
    /* nothing claimed */
    r = grant_claim_check(&P, DAYS_NLE, 0, 0, msg, sizeof msg);
    assert_string_equal(r->id, "claim-days");
    /* a RISE adviser's days have no cap here */
    assert_null(grant_claim_check(&P, DAYS_ADVISER, 100, 100, NULL, 0));
    /* every capped rule quotes its seed */
    for (size_t i = 1; i < GRANT_N_RULES; i++)
        assert_true(strlen(GRANT_RULES[i].sentence) > 20);
}

static void amounts_in_pence(void **state)
{
    (void)state;
    assert_int_equal(grant_claim_amount(50000, 6), 150000);  /* 3 days at £500 */
    assert_int_equal(grant_claim_amount(60000, 3), 90000);   /* 1.5 days at £600 */
    assert_int_equal(grant_claim_amount(50001, 1), 25000);   /* an odd half: down to the penny */
    assert_int_equal(grant_claim_amount(60000, 0), 0);
}

/* 002 6.24: "The first term's payment will be made upfront, with subsequent
   terms paid in arrears once activity is complete." 002 7: "The department
   will only release funding for activities delivered through terms 2 and 3
   of the plan if there is satisfactory progress against the actions through
   the previous term." */
static void the_schedule(void **state)
{
    (void)state;
    GrantLine l[GRANT_MAX_TERMS];
    int64_t raf[3] = {600000, 400000, 200000};
    assert_int_equal(grant_schedule(raf, 3, l), 3);
    assert_int_equal(l[0].when, PAY_UP_FRONT);
    assert_false(l[0].needs_progress);
    assert_int_equal(l[0].amount, 600000);
    assert_int_equal(l[1].when, PAY_IN_ARREARS);
    assert_true(l[1].needs_progress);
    assert_int_equal(l[2].term, 2);
    assert_true(l[2].needs_progress);
    int64_t total = 0;
    for (int i = 0; i < 3; i++)
        total += l[i].amount;
    assert_int_equal(total, 1200000); /* the schedule pays the profile, no more, no less */
    /* a term with nothing is left out; the first payment is the one up front */
    int64_t late[3] = {0, 500000, 100000};
    assert_int_equal(grant_schedule(late, 3, l), 2);
    assert_int_equal(l[0].term, 1);
    assert_int_equal(l[0].when, PAY_UP_FRONT);
    assert_int_equal(l[1].when, PAY_IN_ARREARS);
    /* refused: a negative term, too many terms */
    int64_t bad[2] = {100, -1};
    assert_int_equal(grant_schedule(bad, 2, l), -1);
    int64_t many[GRANT_MAX_TERMS + 1] = {0};
    assert_int_equal(grant_schedule(many, GRANT_MAX_TERMS + 1, l), -1);
    assert_int_equal(grant_schedule(many, 0, l), 0);
}

/* Issue 14 item 9: offered = scheduled + due + withheld + paid + cancelled + recovered. */
static void the_ledger_moves_money_between_buckets(void **state)
{
    (void)state;
    GrantBalance g = {0};
    assert_int_equal(grant_balance_apply(&g, OP_OFFER, BUCKET_NONE, BUCKET_SCHEDULED, 1200000), 0);
    assert_int_equal(grant_balance_apply(&g, OP_MAKE_DUE, BUCKET_SCHEDULED, BUCKET_DUE, 600000), 0);
    assert_int_equal(grant_balance_apply(&g, OP_PAY, BUCKET_DUE, BUCKET_PAID, 600000), 0);
    assert_int_equal(grant_balance_apply(&g, OP_WITHHOLD, BUCKET_SCHEDULED, BUCKET_WITHHELD, 400000), 0);
    assert_int_equal(grant_balance_apply(&g, OP_RELEASE, BUCKET_WITHHELD, BUCKET_DUE, 400000), 0);
    assert_int_equal(grant_balance_apply(&g, OP_CANCEL, BUCKET_SCHEDULED, BUCKET_CANCELLED, 200000), 0);
    assert_int_equal(grant_balance_apply(&g, OP_RECOVER, BUCKET_PAID, BUCKET_RECOVERED, 50000), 0);
    assert_true(grant_balance_ok(&g));
    assert_int_equal(g.offered, 1200000);
    assert_int_equal(g.b[BUCKET_PAID], 550000);
    assert_int_equal(g.b[BUCKET_DUE], 400000);
    assert_int_equal(g.b[BUCKET_RECOVERED], 50000);
    /* refused, and nothing changes: paying more than is due, paying what is only scheduled,
       recovering what was never paid, a move an operation does not make, nothing */
    GrantBalance before = g;
    assert_int_equal(grant_balance_apply(&g, OP_PAY, BUCKET_DUE, BUCKET_PAID, 400001), -1);
    assert_int_equal(grant_balance_apply(&g, OP_PAY, BUCKET_SCHEDULED, BUCKET_PAID, 1), -1);
    assert_int_equal(grant_balance_apply(&g, OP_RECOVER, BUCKET_DUE, BUCKET_RECOVERED, 1), -1);
    assert_int_equal(grant_balance_apply(&g, OP_RELEASE, BUCKET_PAID, BUCKET_DUE, 1), -1);
    assert_int_equal(grant_balance_apply(&g, OP_CANCEL, BUCKET_PAID, BUCKET_CANCELLED, 1), -1);
    assert_int_equal(grant_balance_apply(&g, OP_PAY, BUCKET_DUE, BUCKET_PAID, 0), -1);
    assert_memory_equal(&g, &before, sizeof g);
    /* names both ways */
    for (int o = 1; o < OP_COUNT; o++)
        assert_int_equal(grant_op_from(grant_op_name((GrantOp)o)), o);
    for (int b = 1; b < BUCKET_COUNT; b++)
        assert_int_equal(grant_bucket_from(grant_bucket_name((GrantBucket)b)), b);
    assert_int_equal(grant_op_from("steal"), OP_NONE);
}

static void financial_years_run_april_to_march(void **state)
{
    (void)state;
    char y[8];
    grant_financial_year(2026, 3, y);
    assert_string_equal(y, "2025-26");
    grant_financial_year(2026, 4, y);
    assert_string_equal(y, "2026-27");
    grant_financial_year(2099, 12, y);
    assert_string_equal(y, "2099-00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(the_nle_day_rate_and_the_travel_rule, setup),
        cmocka_unit_test_setup(claims_are_capped, setup),
        cmocka_unit_test(amounts_in_pence),
        cmocka_unit_test(the_schedule),
        cmocka_unit_test(the_ledger_moves_money_between_buckets),
        cmocka_unit_test(financial_years_run_april_to_march),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
