/*
 * test_register.c - the register's pure rules (domain/register.c): regions
 * and local authority lists read and written, day rates in pence, terms in
 * words, what matches hold of a term's capacity, and due-diligence
 * standing (current, expired, failed, requested, with the vendor account's
 * expected date in working days).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/register.h"

#include <string.h>

static void regions_read_and_written(void **state)
{
    (void)state;
    uint32_t m = 0;
    assert_int_equal(register_regions_parse("north west; North East , london", &m, NULL, NULL), 0);
    char out[200];
    register_regions_join(m, out, sizeof out);
    assert_string_equal(out, "London;North East;North West");
    register_regions_words(m, out, sizeof out);
    assert_string_equal(out, "London, North East and North West");
    const char *bad = NULL;
    size_t badlen = 0;
    assert_int_equal(register_regions_parse("North East;North Easr", &m, &bad, &badlen), -1);
    assert_int_equal(badlen, 10);
    assert_memory_equal(bad, "North Easr", 10);
    register_regions_words(0, out, sizeof out);
    assert_string_equal(out, "none");
    register_regions_words(0x1ff, out, sizeof out);
    assert_string_equal(out, "All nine regions");
}

static void local_authorities_sorted_once(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(register_las_parse(" 392, 391;391 840", out, sizeof out, NULL, NULL), 0);
    assert_string_equal(out, "391,392,840");
    assert_int_equal(register_las_parse("", out, sizeof out, NULL, NULL), 0);
    assert_string_equal(out, "");
    const char *bad;
    size_t badlen;
    assert_int_equal(register_las_parse("391, Bolton", out, sizeof out, &bad, &badlen), -1);
    assert_int_equal(badlen, 6);
    assert_int_equal(register_las_parse("3910", out, sizeof out, &bad, &badlen), -1);
}

static void day_rates_in_pence(void **state)
{
    (void)state;
    int64_t p = -1;
    assert_int_equal(register_pence_parse("600", &p), 0);
    assert_int_equal(p, 60000);
    assert_int_equal(register_pence_parse("600.00", &p), 0);
    assert_int_equal(p, 60000);
    assert_int_equal(register_pence_parse("\xc2\xa3" "600.5", &p), 0);
    assert_int_equal(p, 60050);
    assert_int_equal(register_pence_parse(" \xc2\xa3" "1,200.75 ", &p), 0);
    assert_int_equal(p, 120075);
    assert_int_equal(register_pence_parse("0", &p), 0);
    assert_int_equal(p, 0);
    const char *bad[] = {"", "six hundred", "600.", "600.123", "1,20", "12,000,0", "-5", "600 pounds", "\xc2\xa3",
                         "100001", "1200,000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(register_pence_parse(bad[i], &p), -1);
    char out[32];
    register_pence_format(60000, out, sizeof out);
    assert_string_equal(out, "\xc2\xa3" "600");
    register_pence_format(120075, out, sizeof out);
    assert_string_equal(out, "\xc2\xa3" "1,200.75");
}

static void terms_in_codes_and_words(void **state)
{
    (void)state;
    assert_int_equal(register_term_parse("2026-autumn"), 2026 * 3);
    assert_int_equal(register_term_parse("Autumn 2026"), 2026 * 3);
    assert_int_equal(register_term_parse("spring 2027"), 2026 * 3 + 1);
    assert_int_equal(register_term_parse(" SUMMER 2027 "), 2026 * 3 + 2);
    assert_int_equal(register_term_parse("2026-Spring"), 2026 * 3 + 1);
    assert_int_equal(register_term_parse("Winter 2026"), -1);
    assert_int_equal(register_term_parse("2026-autum"), -1);
    assert_int_equal(register_term_parse(""), -1);
}

static void matches_hold_schools_and_days(void **state)
{
    (void)state;
    int autumn = 2026 * 3;
    RegisterMatch m[] = {
        {"matched", autumn, DATE_NONE, 2, 9},                      /* 5 days now, 4 next */
        {"declined", autumn, DATE_NONE, 1, 10},                    /* nothing */
        {"proposed", -1, date_from_ymd(2026, 10, 1), 1, 3},        /* its proposal's term */
        {"accepted", autumn + 1, DATE_NONE, 3, 7},                 /* from next term: 3, 2, 2 */
        {"ended", autumn, DATE_NONE, 3, 30},
        {"agreed", -1, DATE_NONE, 1, 4},                           /* no term and no date: nothing */
    };
    int s, d;
    register_held(m, 6, autumn, &s, &d);
    assert_int_equal(s, 2);
    assert_int_equal(d, 8);
    register_held(m, 6, autumn + 1, &s, &d);
    assert_int_equal(s, 2);
    assert_int_equal(d, 7);
    register_held(m, 6, autumn + 3, &s, &d);
    assert_int_equal(s, 1);
    assert_int_equal(d, 2);
    register_held(m, 6, autumn - 1, &s, &d);
    assert_int_equal(s + d, 0);
}

static void checks_standing(void **state)
{
    (void)state;
    Date today = date_from_ymd(2026, 12, 5);
    assert_int_equal(register_check_state(CHECK_KIND_FINANCIAL, NULL, DATE_NONE, today), CHECK_MISSING);
    assert_int_equal(register_check_state(CHECK_KIND_FINANCIAL, "passed", DATE_NONE, today), CHECK_CURRENT);
    assert_int_equal(register_check_state(CHECK_KIND_FINANCIAL, "passed", today, today), CHECK_CURRENT);
    assert_int_equal(register_check_state(CHECK_KIND_FINANCIAL, "passed", today - 1, today), CHECK_EXPIRED);
    assert_int_equal(register_check_state(CHECK_KIND_CAPACITY, "failed", DATE_NONE, today), CHECK_FAILED);
    assert_int_equal(register_check_state(CHECK_KIND_VENDOR, "requested", DATE_NONE, today), CHECK_PENDING);
    assert_int_equal(register_check_state(CHECK_KIND_VENDOR, "set-up", DATE_NONE, today), CHECK_CURRENT);
    assert_true(register_check_outcome_valid(CHECK_KIND_VENDOR, "requested"));
    assert_false(register_check_outcome_valid(CHECK_KIND_VENDOR, "passed"));
    assert_false(register_check_outcome_valid(CHECK_KIND_RELATIONSHIP, "set-up"));
    /* 20 working days from Monday 30 November 2026: 28 December is a bank
       holiday (Boxing Day moved) and 25 December is one, so Wednesday 30 December */
    Date due = register_vendor_expected(date_from_ymd(2026, 11, 30), 20);
    char iso[11];
    date_iso(due, iso);
    assert_string_equal(iso, "2026-12-30");

    CheckState all[4] = {CHECK_CURRENT, CHECK_CURRENT, CHECK_CURRENT, CHECK_CURRENT};
    char words[200];
    assert_int_equal(register_standing(all, words, sizeof words), 1);
    assert_string_equal(words, "All 4 checks current");
    CheckState some[4] = {CHECK_MISSING, CHECK_CURRENT, CHECK_EXPIRED, CHECK_PENDING};
    assert_int_equal(register_standing(some, words, sizeof words), 0);
    assert_string_equal(words, "No capacity check; financial check expired; vendor account requested");
}

static void links_by_type(void **state)
{
    (void)state;
    assert_int_equal(register_link_of("trust"), LINK_GROUP);
    assert_int_equal(register_link_of("federation"), LINK_GROUP);
    assert_int_equal(register_link_of("school"), LINK_URN);
    assert_int_equal(register_link_of("la-traded"), LINK_LA);
    assert_int_equal(register_link_of("other"), LINK_NONE);
    assert_true(register_link_required("school"));
    assert_false(register_link_required("hub"));
    assert_true(register_org_type_valid("hub"));
    assert_false(register_org_type_valid("person"));
    assert_false(register_org_type_valid("charity"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regions_read_and_written),
        cmocka_unit_test(local_authorities_sorted_once),
        cmocka_unit_test(day_rates_in_pence),
        cmocka_unit_test(terms_in_codes_and_words),
        cmocka_unit_test(matches_hold_schools_and_days),
        cmocka_unit_test(checks_standing),
        cmocka_unit_test(links_by_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
