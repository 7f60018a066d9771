/*
 * test_terms.c - school terms as data and when a termly review is due
 * (domain/terms.c, issue 15 item 1). Seed 002 section 7: "Updates on
 * progress will be expected approximately one month before the end of
 * term".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/terms.h"

#include <string.h>

static Date D(const char *iso)
{
    return date_parse(iso, NULL);
}

static void due(const char *end, int months, const Calendar *cal, const char *want)
{
    char got[11];
    date_iso(term_review_due(D(end), months, cal), got);
    if (strcmp(got, want) != 0)
        print_error("term ending %s: due %s, wanted %s\n", end, got, want);
    assert_string_equal(got, want);
}

static void a_month_before_the_end_of_term(void **state)
{
    (void)state;
    due("2026-12-18", 1, NULL, "2026-11-18"); /* a Wednesday: as it falls */
    due("2027-07-21", 1, NULL, "2027-06-21"); /* a Monday */
    due("2027-03-31", 1, NULL, "2027-02-26"); /* 31 March -> 28 February (no 31st), a Sunday -> Friday */
    due("2028-03-30", 1, NULL, "2028-02-29"); /* a leap year's 29 February, a Tuesday */
    due("2026-12-18", 0, NULL, "2026-12-18"); /* the lead is a parameter */
    assert_int_equal(term_review_due(DATE_NONE, 1, NULL), DATE_NONE);
    assert_int_equal(term_review_due(D("2026-12-18"), -1, NULL), DATE_NONE);
}

static void never_on_a_bank_holiday(void **state)
{
    (void)state;
    due("2026-06-25", 1, NULL, "2026-05-22"); /* 25 May 2026: the spring bank holiday -> Friday 22 May */
    due("2027-04-29", 1, NULL, "2027-03-25"); /* Easter Monday 29 March 2027, then Good Friday -> Thursday */
    due("2027-01-25", 1, NULL, "2026-12-24"); /* Christmas Day 2026 (a Friday) -> Thursday 24 December */
}

static void never_in_a_school_holiday(void **state)
{
    (void)state;
    DateRange h[] = {{D("2026-12-21"), D("2027-01-01")}, {D("2027-02-15"), D("2027-02-19")}};
    Calendar cal = {h, 2};
    due("2027-01-25", 1, &cal, "2026-12-18"); /* the Christmas holidays -> the last day of the autumn term */
    due("2027-03-19", 1, &cal, "2027-02-12"); /* half term -> the Friday before it */
    due("2027-03-26", 1, &cal, "2027-02-26"); /* outside any holiday: as it falls */
}

static void term_dates_are_checked(void **state)
{
    (void)state;
    SchoolTerm t[3] = {
        {2026, TERM_AUTUMN, D("2026-09-02"), D("2026-12-18")},
        {2026, TERM_SPRING, D("2027-01-04"), D("2027-03-26")},
        {2026, TERM_SUMMER, D("2027-04-12"), D("2027-07-21")},
    };
    size_t bad = 99;
    assert_null(terms_refusal(t, 3, &bad));
    t[1].ends = D("2027-01-01");
    assert_string_equal(terms_refusal(t, 3, &bad), "The term's last day must be the same as or after its first day");
    assert_int_equal(bad, 1);
    t[1].ends = D("2027-04-20"); /* runs into summer */
    assert_string_equal(terms_refusal(t, 3, &bad), "The term overlaps another term");
    t[1].ends = D("2027-03-26");
    t[2].term = TERM_SPRING;
    assert_string_equal(terms_refusal(t, 3, &bad),
                        "Each academic year has one autumn, one spring and one summer term");
    t[2].term = TERM_SUMMER;
    t[0].term = TERM_SUMMER;
    t[2].term = TERM_AUTUMN;
    assert_non_null(terms_refusal(t, 3, &bad)); /* summer before autumn */

    t[0].term = TERM_AUTUMN;
    t[2].term = TERM_SUMMER;
    assert_int_equal(term_at(t, 3, D("2026-10-01")), 0);
    assert_int_equal(term_at(t, 3, D("2026-12-25")), 1); /* the holidays: the next term */
    assert_int_equal(term_at(t, 3, D("2027-07-21")), 2);
    assert_int_equal(term_at(t, 3, D("2027-08-01")), -1);
    char label[40], key[24];
    term_label(&t[1], label, sizeof label);
    term_key(&t[1], key, sizeof key);
    assert_string_equal(label, "Spring term 2026/27");
    assert_string_equal(key, "2026-27-spring");
    assert_int_equal(term_from_slug("summer"), TERM_SUMMER);
    assert_int_equal(term_from_slug("winter"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_month_before_the_end_of_term),
        cmocka_unit_test(never_on_a_bank_holiday),
        cmocka_unit_test(never_in_a_school_holiday),
        cmocka_unit_test(term_dates_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
