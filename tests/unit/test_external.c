/*
 * test_external.c - the rules for people outside DfE (issue 11 items 4 and
 * 7): invitations that work once until they expire, and accounts that
 * close when their school or organisation is no longer on an open case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/external.h"

#define DAY 86400

/* "The invitation link sets a password": once, until it expires. */
static void invitation_states(void **state)
{
    (void)state;
    assert_int_equal(invitation_state(0, 0, 1000, 999), INVITATION_OPEN);
    assert_int_equal(invitation_state(0, 0, 1000, 1000), INVITATION_EXPIRED);
    assert_int_equal(invitation_state(500, 0, 1000, 2000), INVITATION_ACCEPTED);
    assert_int_equal(invitation_state(0, 600, 1000, 700), INVITATION_WITHDRAWN);
    assert_int_equal(invitation_state(0, 600, 1000, 2000), INVITATION_WITHDRAWN);
    assert_string_equal(invitation_state_label(INVITATION_OPEN), "Waiting to be accepted");
}

/* "External accounts expire when their school or organisation is no longer
   on an open case (with notice by email)". */
static void expiry(void **state)
{
    (void)state;
    int64_t grace = 28 * DAY, made = 1000 * DAY;
    /* on an open case: nothing, or the notice forgotten */
    assert_int_equal(external_account_action(1, made, 0, made + 400 * DAY, grace), EXTERNAL_KEEP);
    assert_int_equal(external_account_action(1, made, made + 50 * DAY, made + 60 * DAY, grace), EXTERNAL_CLEAR);
    /* a new account is left alone for the grace period */
    assert_int_equal(external_account_action(0, made, 0, made + 27 * DAY, grace), EXTERNAL_KEEP);
    /* then told */
    assert_int_equal(external_account_action(0, made, 0, made + 28 * DAY, grace), EXTERNAL_NOTICE);
    /* told: kept until the notice runs out, then disabled */
    int64_t told = made + 30 * DAY;
    assert_int_equal(external_account_action(0, made, told, told + 27 * DAY, grace), EXTERNAL_KEEP);
    assert_int_equal(external_account_action(0, made, told, told + 28 * DAY, grace), EXTERNAL_DISABLE);
    /* every timeframe is a parameter */
    assert_int_equal(external_account_action(0, made, told, told + DAY, DAY), EXTERNAL_DISABLE);
}

static void grace_setting(void **state)
{
    (void)state;
    assert_int_equal(external_grace_days_parse(NULL), EXTERNAL_GRACE_DAYS_DEFAULT);
    assert_int_equal(external_grace_days_parse("14"), 14);
    assert_int_equal(external_grace_days_parse("0"), EXTERNAL_GRACE_DAYS_DEFAULT);
    assert_int_equal(external_grace_days_parse("400"), EXTERNAL_GRACE_DAYS_DEFAULT);
    assert_int_equal(external_grace_days_parse("7 days"), EXTERNAL_GRACE_DAYS_DEFAULT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(invitation_states),
        cmocka_unit_test(expiry),
        cmocka_unit_test(grace_setting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
