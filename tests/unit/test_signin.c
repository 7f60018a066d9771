/*
 * test_signin.c - sign-in throttling, password and email rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/signin.h"

#include <string.h>

/* "Repeated failed logins slow down per account and per address" */
static void free_failures_do_not_wait(void **state)
{
    (void)state;
    for (int f = 0; f < SIGNIN_FREE_FAILURES_ACCOUNT; f++)
        assert_int_equal(signin_wait_seconds(f, 1000, SIGNIN_FREE_FAILURES_ACCOUNT, 1000), 0);
}

static void wait_starts_at_30s_and_doubles(void **state)
{
    (void)state;
    int64_t free = SIGNIN_FREE_FAILURES_ACCOUNT;
    assert_int_equal(signin_wait_seconds(free, 1000, free, 1000), 30);
    assert_int_equal(signin_wait_seconds(free + 1, 1000, free, 1000), 60);
    assert_int_equal(signin_wait_seconds(free + 2, 1000, free, 1000), 120);
    /* the wait counts down from the last failure */
    assert_int_equal(signin_wait_seconds(free, 1000, free, 1010), 20);
    assert_int_equal(signin_wait_seconds(free, 1000, free, 1030), 0);
}

static void wait_is_capped_at_15_minutes(void **state)
{
    (void)state;
    assert_int_equal(signin_wait_seconds(1000, 5000, 5, 5000), SIGNIN_MAX_WAIT_SECONDS);
}

static void failures_are_forgotten_after_a_day(void **state)
{
    (void)state;
    assert_int_equal(signin_wait_seconds(50, 0, 5, SIGNIN_FAILURE_MEMORY_SECONDS), 0);
}

/* NCSC: length over complexity; at least 12 characters, counted as characters not bytes */
static void password_rules(void **state)
{
    (void)state;
    assert_non_null(password_problem(""));
    assert_non_null(password_problem(NULL));
    assert_non_null(password_problem("short"));
    assert_non_null(password_problem("elevenchars"));
    assert_null(password_problem("twelve chars"));
    /* 11 characters, but 22 bytes: still too short */
    assert_non_null(password_problem("ééééééééééé"));
    char long_pw[300];
    memset(long_pw, 'a', sizeof long_pw - 1);
    long_pw[sizeof long_pw - 1] = '\0';
    assert_non_null(password_problem(long_pw));
}

static void email_rules(void **state)
{
    (void)state;
    assert_true(email_valid("name@education.gov.uk"));
    assert_true(email_valid("a.b+c@x.io"));
    assert_false(email_valid("no-at-sign"));
    assert_false(email_valid("@example.com"));
    assert_false(email_valid("a@b"));
    assert_false(email_valid("a@b."));
    assert_false(email_valid("a@@b.com"));
    assert_false(email_valid("a b@c.com"));
    assert_false(email_valid("a@b.com\n"));
    assert_false(email_valid("<a@b.com>"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(free_failures_do_not_wait),   cmocka_unit_test(wait_starts_at_30s_and_doubles),
        cmocka_unit_test(wait_is_capped_at_15_minutes), cmocka_unit_test(failures_are_forgotten_after_a_day),
        cmocka_unit_test(password_rules),              cmocka_unit_test(email_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
