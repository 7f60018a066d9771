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
    for (int f = 0; f < SIGNIN_FREE_FAILURES_PAIR; f++)
        assert_int_equal(signin_wait_seconds(f, 1000, SIGNIN_FREE_FAILURES_PAIR, 1000), 0);
}

static void wait_starts_at_30s_and_doubles(void **state)
{
    (void)state;
    int64_t free = SIGNIN_FREE_FAILURES_PAIR;
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

static const SigninFailures NONE = {0, 0};

/* Issue 10: "Anyone who knows an email can keep its owner from signing in.
   Throttle so that a stranger cannot deny a user." Five failures for
   alice@ from address A hold up A, not alice signing in from B. */
static void a_stranger_cannot_hold_up_the_owner_elsewhere(void **state)
{
    (void)state;
    int64_t now = 10000;
    SigninFailures pair_a = {SIGNIN_FREE_FAILURES_PAIR, now}, addr_a = {SIGNIN_FREE_FAILURES_PAIR, now};
    SigninFailures email = {SIGNIN_FREE_FAILURES_PAIR, now};
    SigninHold held;
    /* the stranger at A waits */
    assert_int_equal(signin_wait(pair_a, addr_a, email, now, &held), 30);
    assert_int_equal(held, SIGNIN_HELD_PAIR);
    /* the owner at B does not */
    assert_int_equal(signin_wait(NONE, NONE, email, now, &held), 0);
    assert_int_equal(held, SIGNIN_GO);
    /* not even after a thousand failures for the email from everywhere */
    SigninFailures storm = {1000, now};
    assert_int_equal(signin_wait(NONE, NONE, storm, now, &held), 0);
    assert_int_equal(held, SIGNIN_GO);
}

/* "Keep a global per-email ceiling high enough only to slow distributed
   guessing (a short delay rather than a lock)": over the ceiling, an
   address that has itself failed for the email gets one free failure
   instead of five; one that has not is never held up. */
static void over_the_ceiling_each_address_gets_one_try(void **state)
{
    (void)state;
    int64_t now = 20000;
    SigninFailures below = {SIGNIN_EMAIL_CEILING - 1, now}, over = {SIGNIN_EMAIL_CEILING, now};
    SigninFailures one = {1, now}, addr = {1, now};
    assert_int_equal(signin_wait(one, addr, below, now, NULL), 0);
    assert_int_equal(signin_wait(one, addr, over, now, NULL), 30);
    /* the short delay counts down and grows like the others */
    assert_int_equal(signin_wait(one, addr, over, now + 30, NULL), 0);
    SigninFailures three = {3, now};
    assert_int_equal(signin_wait(three, addr, over, now, NULL), 120);
    /* an email's storm is forgotten a day after its last failure */
    SigninFailures old = {500, now - SIGNIN_FAILURE_MEMORY_SECONDS};
    assert_int_equal(signin_wait(one, addr, old, now, NULL), 0);
}

/* "... and per IP overall": one address trying many emails is held up
   after 20 failures, whatever the email (the cost: people sharing an
   office address with an attacker wait too). */
static void one_address_trying_many_emails_is_held_up(void **state)
{
    (void)state;
    int64_t now = 30000;
    SigninFailures addr = {SIGNIN_FREE_FAILURES_ADDRESS, now};
    SigninHold held;
    assert_int_equal(signin_wait(NONE, addr, NONE, now, &held), 30);
    assert_int_equal(held, SIGNIN_HELD_ADDRESS);
    SigninFailures addr19 = {SIGNIN_FREE_FAILURES_ADDRESS - 1, now};
    assert_int_equal(signin_wait(NONE, addr19, NONE, now, &held), 0);
    /* the longer of the two waits applies */
    SigninFailures pair = {SIGNIN_FREE_FAILURES_PAIR + 2, now};
    assert_int_equal(signin_wait(pair, addr, NONE, now, &held), 120);
    assert_int_equal(held, SIGNIN_HELD_PAIR);
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
        cmocka_unit_test(a_stranger_cannot_hold_up_the_owner_elsewhere),
        cmocka_unit_test(over_the_ceiling_each_address_gets_one_try),
        cmocka_unit_test(one_address_trying_many_emails_is_held_up),
        cmocka_unit_test(password_rules),              cmocka_unit_test(email_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
