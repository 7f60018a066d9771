/*
 * test_password_reset.c - a reset link works once, until it expires; asking
 * for links is limited per account and per network address. The weekly digest
 * of tasks goes once a period.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/digest.h"
#include "domain/password_reset.h"

static void a_link_works_once_until_it_expires(void **state)
{
    (void)state;
    int64_t made = 1000000, expires = made + RESET_TTL_DEFAULT;
    assert_true(reset_link_usable(expires, 0, made));
    assert_true(reset_link_usable(expires, 0, expires - 1));
    assert_false(reset_link_usable(expires, 0, expires));     /* expired at the second */
    assert_false(reset_link_usable(expires, 0, expires + 60));
    assert_false(reset_link_usable(expires, made + 5, made + 10)); /* used */
    assert_false(reset_link_usable(made, 0, made));            /* a lifetime of 0: never usable */
}

static void the_limits_per_email_and_per_address(void **state)
{
    (void)state;
    assert_true(reset_request_allowed(0, 0));
    assert_true(reset_request_allowed(RESET_PER_EMAIL - 1, RESET_PER_ADDRESS - 1));
    assert_false(reset_request_allowed(RESET_PER_EMAIL, 0));
    assert_false(reset_request_allowed(0, RESET_PER_ADDRESS));
}

static void the_lifetime_setting(void **state)
{
    (void)state;
    assert_int_equal(reset_ttl_parse(NULL), RESET_TTL_DEFAULT);
    assert_int_equal(reset_ttl_parse(""), RESET_TTL_DEFAULT);
    assert_int_equal(reset_ttl_parse("0"), 0);
    assert_int_equal(reset_ttl_parse("600"), 600);
    assert_int_equal(reset_ttl_parse("10m"), RESET_TTL_DEFAULT);
    assert_int_equal(reset_ttl_parse("-1"), RESET_TTL_DEFAULT);
    assert_int_equal(reset_ttl_parse("99999999"), RESET_TTL_DEFAULT);
}

static void the_digest_goes_once_a_period(void **state)
{
    (void)state;
    int64_t now = 2000000000;
    assert_true(digest_due(0, now, DIGEST_PERIOD_DEFAULT));
    assert_false(digest_due(now - 10, now, DIGEST_PERIOD_DEFAULT));
    assert_false(digest_due(now - DIGEST_PERIOD_DEFAULT + 1, now, DIGEST_PERIOD_DEFAULT));
    assert_true(digest_due(now - DIGEST_PERIOD_DEFAULT, now, DIGEST_PERIOD_DEFAULT));
    assert_true(digest_due(now + 3600, now, DIGEST_PERIOD_DEFAULT)); /* clock went back: not stuck */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_link_works_once_until_it_expires),
        cmocka_unit_test(the_limits_per_email_and_per_address),
        cmocka_unit_test(the_lifetime_setting),
        cmocka_unit_test(the_digest_goes_once_a_period),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
