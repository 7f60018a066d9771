/*
 * test_dateinput.c - core/dateinput.c: GOV.UK's day, month and year boxes
 * with the Design System's error messages, clause by clause (D1-D4).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/dateinput.h"

#include <string.h>

#define ALL (DATE_PART_DAY | DATE_PART_MONTH | DATE_PART_YEAR)

static void expect(const char *d, const char *m, const char *y, DateInputResult want, const char *iso_or_msg,
                   unsigned want_parts)
{
    char iso[11], msg[200];
    unsigned parts = 99;
    DateInputResult got = date_input_read(d, m, y, "the date the case was paused", iso, msg, sizeof msg, &parts);
    assert_int_equal(got, want);
    if (want == DATE_INPUT_OK) {
        assert_string_equal(iso, iso_or_msg);
        assert_int_equal(parts, 0);
    } else {
        assert_string_equal(msg, iso_or_msg);
        assert_int_equal(parts, want_parts);
        assert_string_equal(iso, "");
    }
}

/* D1: "If nothing is entered: Enter [whatever it is]" */
static void d1_nothing_entered(void **state)
{
    (void)state;
    expect("", "", "", DATE_INPUT_EMPTY, "Enter the date the case was paused", ALL);
    expect(NULL, " ", NULL, DATE_INPUT_EMPTY, "Enter the date the case was paused", ALL);
}

/* D2: "If the date is incomplete: [whatever it is] must include a [whatever is missing]" */
static void d2_incomplete(void **state)
{
    (void)state;
    expect("", "3", "2026", DATE_INPUT_BAD, "The date the case was paused must include a day", DATE_PART_DAY);
    expect("3", "", "2026", DATE_INPUT_BAD, "The date the case was paused must include a month", DATE_PART_MONTH);
    expect("3", "12", "", DATE_INPUT_BAD, "The date the case was paused must include a year", DATE_PART_YEAR);
    expect("", "", "2026", DATE_INPUT_BAD, "The date the case was paused must include a day and month",
           DATE_PART_DAY | DATE_PART_MONTH);
    expect("", "12", "", DATE_INPUT_BAD, "The date the case was paused must include a day and year",
           DATE_PART_DAY | DATE_PART_YEAR);
    expect("3", "", "", DATE_INPUT_BAD, "The date the case was paused must include a month and year",
           DATE_PART_MONTH | DATE_PART_YEAR);
}

/* D3: "If the year is not 4 numbers: Year must include 4 numbers" */
static void d3_year_four_numbers(void **state)
{
    (void)state;
    expect("3", "12", "26", DATE_INPUT_BAD, "Year must include 4 numbers", DATE_PART_YEAR);
    expect("3", "12", "20266", DATE_INPUT_BAD, "Year must include 4 numbers", DATE_PART_YEAR);
    expect("3", "12", "2o26", DATE_INPUT_BAD, "Year must include 4 numbers", DATE_PART_YEAR);
}

/* D4: "If the date entered can't be correct: [whatever it is] must be a real date" */
static void d4_real_date(void **state)
{
    (void)state;
    expect("31", "4", "2026", DATE_INPUT_BAD, "The date the case was paused must be a real date", DATE_PART_DAY);
    expect("29", "2", "2026", DATE_INPUT_BAD, "The date the case was paused must be a real date", DATE_PART_DAY);
    expect("3", "13", "2026", DATE_INPUT_BAD, "The date the case was paused must be a real date", DATE_PART_MONTH);
    expect("x", "3", "2026", DATE_INPUT_BAD, "The date the case was paused must be a real date", DATE_PART_DAY);
    expect("0", "0", "2026", DATE_INPUT_BAD, "The date the case was paused must be a real date",
           DATE_PART_DAY | DATE_PART_MONTH);
}

static void good_dates_and_month_names(void **state)
{
    (void)state;
    expect("3", "12", "2026", DATE_INPUT_OK, "2026-12-03", 0);
    expect(" 03 ", "012", "2026", DATE_INPUT_BAD, "The date the case was paused must be a real date",
           DATE_PART_MONTH); /* three digits is not a month */
    expect("29", "2", "2028", DATE_INPUT_OK, "2028-02-29", 0);
    expect("3", "December", "2026", DATE_INPUT_OK, "2026-12-03", 0);
    expect("3", "dec", "2026", DATE_INPUT_OK, "2026-12-03", 0);
    expect("3", "Decem", "2026", DATE_INPUT_BAD, "The date the case was paused must be a real date",
           DATE_PART_MONTH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(d1_nothing_entered),     cmocka_unit_test(d2_incomplete),
        cmocka_unit_test(d3_year_four_numbers),   cmocka_unit_test(d4_real_date),
        cmocka_unit_test(good_dates_and_month_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
