/*
 * test_workdays.c - working days, bank holidays in England and Wales, and
 * school days for due dates (domain/workdays.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/workdays.h"

#include <string.h>

static Date D(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

/* Compares as yyyy-mm-dd so a failure says which date came back. */
static void assert_date(Date got, const char *want)
{
    char iso[11] = "(none)";
    if (got != DATE_NONE)
        date_iso(got, iso);
    assert_string_equal(iso, want);
}

/* The year's bank holidays as one line: "2022-01-03 2022-04-15 ...". */
static void assert_bank_holidays(int year, const char *want)
{
    Date h[BANK_HOLIDAYS_EW_MAX];
    int n = bank_holidays_ew(year, h, BANK_HOLIDAYS_EW_MAX);
    char got[BANK_HOLIDAYS_EW_MAX * 11 + 1] = "";
    for (int i = 0; i < n; i++) {
        char iso[11];
        date_iso(h[i], iso);
        if (i > 0)
            strcat(got, " ");
        strcat(got, iso);
    }
    assert_string_equal(got, want);
    for (int i = 0; i < n; i++)
        assert_true(is_bank_holiday_ew(h[i]));
}

/* The holidays used by the school-day tests: an October half term and a
   Christmas holiday that runs into the new year. */
static Calendar calendar_2026(DateRange ranges[2])
{
    ranges[0] = (DateRange){D(2026, 10, 26), D(2026, 10, 30)};
    ranges[1] = (DateRange){D(2026, 12, 21), D(2027, 1, 1)};
    return (Calendar){.school_holidays = ranges, .n = 2};
}

/* "Good Friday; Easter Monday": Easter Sunday by the Gregorian computus. */
static void easter_sunday_for_several_years(void **state)
{
    (void)state;
    assert_date(easter_sunday(2019), "2019-04-21");
    assert_date(easter_sunday(2024), "2024-03-31");
    assert_date(easter_sunday(2025), "2025-04-20");
    assert_date(easter_sunday(2026), "2026-04-05");
    assert_date(easter_sunday(2027), "2027-03-28");
    assert_date(easter_sunday(2000), "2000-04-23");
    assert_date(easter_sunday(2008), "2008-03-23");
    assert_date(easter_sunday(2038), "2038-04-25"); /* the latest possible */
    assert_int_equal(easter_sunday(1700), DATE_NONE);
}

/* 2022: "New Year's Day ... if Sat or Sun, the next Monday"; "spring moved to
   Thursday 2 June plus Friday 3 June Platinum Jubilee, and Monday 19
   September (state funeral)"; "if 25 Dec is Sunday: 26 Dec Boxing Day on
   Monday and 27 Dec Tuesday substitute for Christmas". */
static void bank_holidays_2022_include_jubilee_and_state_funeral(void **state)
{
    (void)state;
    assert_bank_holidays(2022, "2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 "
                               "2022-06-03 2022-08-29 2022-09-19 2022-12-26 2022-12-27");
    assert_false(is_bank_holiday_ew(D(2022, 5, 30))); /* the usual spring day, moved */
    assert_false(is_bank_holiday_ew(D(2022, 1, 1)));
    assert_false(is_bank_holiday_ew(D(2022, 12, 25)));
}

/* 2026: "if 26 Dec is Saturday: 28 Dec". */
static void bank_holidays_2026_boxing_day_substitute(void **state)
{
    (void)state;
    assert_bank_holidays(2026, "2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 "
                               "2026-08-31 2026-12-25 2026-12-28");
    assert_false(is_bank_holiday_ew(D(2026, 12, 26)));
}

/* 2027: "if 25 Dec is Saturday: 27 and 28 Dec". */
static void bank_holidays_2027_christmas_on_saturday(void **state)
{
    (void)state;
    assert_bank_holidays(2027, "2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 "
                               "2027-08-30 2027-12-27 2027-12-28");
}

/* "2020 early May moved to Friday 8 May (VE Day)". */
static void bank_holidays_2020_early_may_moved_to_ve_day(void **state)
{
    (void)state;
    assert_bank_holidays(2020, "2020-01-01 2020-04-10 2020-04-13 2020-05-08 2020-05-25 "
                               "2020-08-31 2020-12-25 2020-12-28");
    assert_false(is_bank_holiday_ew(D(2020, 5, 4)));
}

/* "1995 early May moved to 8 May; 2002 spring moved to 4 June plus 3 June
   Golden Jubilee; 2011 extra 29 April (royal wedding); 2012 spring moved to
   4 June plus 5 June Diamond Jubilee; ... 2023 extra Monday 8 May
   (coronation)". Also 29 July 1981 and 31 December 1999. */
static void one_off_bank_holiday_changes(void **state)
{
    (void)state;
    assert_true(is_bank_holiday_ew(D(1995, 5, 8)));
    assert_false(is_bank_holiday_ew(D(1995, 5, 1)));
    assert_bank_holidays(2002, "2002-01-01 2002-03-29 2002-04-01 2002-05-06 2002-06-03 "
                               "2002-06-04 2002-08-26 2002-12-25 2002-12-26");
    assert_bank_holidays(2011, "2011-01-03 2011-04-22 2011-04-25 2011-04-29 2011-05-02 "
                               "2011-05-30 2011-08-29 2011-12-26 2011-12-27");
    assert_bank_holidays(2012, "2012-01-02 2012-04-06 2012-04-09 2012-05-07 2012-06-04 "
                               "2012-06-05 2012-08-27 2012-12-25 2012-12-26");
    assert_bank_holidays(2023, "2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 "
                               "2023-05-29 2023-08-28 2023-12-25 2023-12-26");
    assert_true(is_bank_holiday_ew(D(1981, 7, 29)));
    assert_true(is_bank_holiday_ew(D(1999, 12, 31)));
    assert_false(is_bank_holiday_ew(D(2000, 12, 29)));
}

/* "New Year's Day 1 Jan (substitute: if Sat or Sun, the next Monday)". */
static void new_year_on_a_weekend_moves_to_monday(void **state)
{
    (void)state;
    assert_true(is_bank_holiday_ew(D(2017, 1, 2))); /* 1 January 2017 was a Sunday */
    assert_false(is_bank_holiday_ew(D(2017, 1, 1)));
    assert_true(is_bank_holiday_ew(D(2028, 1, 3))); /* 1 January 2028 is a Saturday */
    assert_false(is_bank_holiday_ew(D(2028, 1, 1)));
}

/* "written to out (max entries); returns the count". */
static void bank_holidays_stop_at_max(void **state)
{
    (void)state;
    Date h[3] = {0, 0, 0};
    assert_int_equal(bank_holidays_ew(2026, h, 2), 2);
    assert_date(h[0], "2026-01-01");
    assert_date(h[1], "2026-04-03");
    assert_int_equal(h[2], 0);
    assert_int_equal(bank_holidays_ew(2026, h, 0), 0);
    assert_int_equal(bank_holidays_ew(2026, NULL, 5), 0);
    assert_int_equal(bank_holidays_ew(1700, h, 3), 0);
}

/* TSIO chronology: "School confirms within 5 days", read as 5 working days.
   Counting starts the day after the anchor, so from a Friday it is the next
   Friday. */
static void five_working_days_from_friday_is_next_friday(void **state)
{
    (void)state;
    assert_true(is_weekend(D(2026, 3, 7)));
    assert_true(is_weekend(D(2026, 3, 8)));
    assert_false(is_weekend(D(2026, 3, 6)));
    assert_date(add_working_days(D(2026, 3, 6), 5), "2026-03-13");
    assert_date(add_working_days(D(2026, 3, 6), 1), "2026-03-09");
}

/* "Christmas Day and Boxing Day with substitutes (... if 26 Dec is Saturday:
   28 Dec)" and "New Year's Day 1 Jan": from Wednesday 23 December 2026 the
   working days are 24 Dec, 29, 30, 31 Dec and Monday 4 January 2027. */
static void bank_holidays_across_year_boundary_are_skipped(void **state)
{
    (void)state;
    assert_date(add_working_days(D(2026, 12, 23), 1), "2026-12-24");
    assert_date(add_working_days(D(2026, 12, 23), 2), "2026-12-29");
    assert_date(add_working_days(D(2026, 12, 23), 4), "2026-12-31");
    assert_date(add_working_days(D(2026, 12, 23), 5), "2027-01-04");
    assert_int_equal(working_days_between(D(2026, 12, 23), D(2027, 1, 4)), 5);
}

/* "Good Friday; Easter Monday": from Thursday 2 April 2026, 3 working days
   are Tuesday 7, Wednesday 8 and Thursday 9 April. */
static void good_friday_and_easter_monday_are_skipped(void **state)
{
    (void)state;
    assert_false(is_working_day(D(2026, 4, 3)));
    assert_false(is_working_day(D(2026, 4, 6)));
    assert_date(add_working_days(D(2026, 4, 2), 1), "2026-04-07");
    assert_date(add_working_days(D(2026, 4, 2), 3), "2026-04-09");
}

/* SI 2019/20 guidance: "This should take place within 2 weeks of
   confirmation of the match (not including school holidays)", read as 10
   school days. From Thursday 22 October 2026 with half term 26-30 October:
   23 Oct, then 2-6 and 9-12 November. */
static void ten_school_days_skip_half_term(void **state)
{
    (void)state;
    DateRange r[2];
    Calendar cal = calendar_2026(r);
    assert_date(add_school_days(&cal, D(2026, 10, 22), 10), "2026-11-12");
    assert_date(add_school_days(&cal, D(2026, 10, 22), 1), "2026-10-23");
    assert_date(add_school_days(&cal, D(2026, 10, 22), 2), "2026-11-02");
    /* counting working days instead would end a week earlier */
    assert_date(add_working_days(D(2026, 10, 22), 10), "2026-11-05");
}

/* "(not including school holidays)": a match confirmed during a holiday
   starts counting from the first school day after it. */
static void start_inside_school_holiday(void **state)
{
    (void)state;
    DateRange r[2];
    Calendar cal = calendar_2026(r);
    assert_date(add_school_days(&cal, D(2026, 10, 27), 0), "2026-11-02");
    assert_date(add_school_days(&cal, D(2026, 10, 27), 1), "2026-11-02");
    assert_date(add_school_days(&cal, D(2026, 10, 27), 10), "2026-11-13");
    assert_date(add_school_days(&cal, D(2026, 12, 23), 1), "2027-01-04");
    assert_date(add_school_days(&cal, D(2026, 12, 23), 10), "2027-01-15");
}

/* "cal may be NULL = no holidays": then school days are working days. */
static void null_calendar_counts_working_days(void **state)
{
    (void)state;
    Calendar empty = {.school_holidays = NULL, .n = 0};
    for (Date d = D(2026, 9, 1); d <= D(2027, 9, 1); d++) {
        assert_int_equal(is_school_day(NULL, d), is_working_day(d));
        for (int n = 0; n <= 12; n++) {
            Date want = add_working_days(d, n);
            assert_int_equal(add_school_days(NULL, d, n), want);
            assert_int_equal(add_school_days(&empty, d, n), want);
        }
    }
}

/* "within 2 weeks ... (not including school holidays)": a due date that
   would fall in the Christmas holiday moves past it, and no count of school
   days ever ends on a holiday, a weekend or a bank holiday. */
static void due_date_never_falls_in_holiday_or_weekend(void **state)
{
    (void)state;
    DateRange r[2];
    Calendar cal = calendar_2026(r);
    /* 10 working days from Monday 7 December 2026 is 21 December, the first
       day of the holiday; 10 school days is the first Monday back. */
    assert_date(add_working_days(D(2026, 12, 7), 10), "2026-12-21");
    assert_date(add_school_days(&cal, D(2026, 12, 7), 10), "2027-01-04");
    for (Date d = D(2026, 9, 1); d <= D(2027, 2, 1); d++) {
        for (int n = 0; n <= 20; n++) {
            Date due = add_school_days(&cal, d, n);
            assert_true(due >= d);
            assert_true(is_school_day(&cal, due));
            assert_false(is_weekend(due));
            assert_false(is_bank_holiday_ew(due));
            assert_false(due >= D(2026, 10, 26) && due <= D(2026, 10, 30));
            assert_false(due >= D(2026, 12, 21) && due <= D(2027, 1, 1));
        }
    }
}

/* "n == 0 gives start itself moved forward to the next working day if start
   is not one". */
static void zero_days_is_start_or_next_working_day(void **state)
{
    (void)state;
    assert_date(add_working_days(D(2026, 12, 23), 0), "2026-12-23"); /* a Wednesday */
    assert_date(add_working_days(D(2026, 3, 7), 0), "2026-03-09");   /* Saturday to Monday */
    assert_date(add_working_days(D(2026, 3, 7), 1), "2026-03-09");   /* the same Monday */
    assert_date(add_working_days(D(2026, 12, 25), 0), "2026-12-29"); /* past Christmas and its substitute */
    DateRange r[2];
    Calendar cal = calendar_2026(r);
    assert_date(add_school_days(&cal, D(2026, 10, 24), 0), "2026-11-02");
    assert_date(add_school_days(&cal, D(2026, 10, 23), 0), "2026-10-23");
}

/* "Working days strictly after from up to and including to (0 if to <=
   from)". */
static void working_days_between_counts_after_from_through_to(void **state)
{
    (void)state;
    assert_int_equal(working_days_between(D(2026, 3, 6), D(2026, 3, 13)), 5); /* Friday to Friday */
    assert_int_equal(working_days_between(D(2026, 3, 6), D(2026, 3, 9)), 1);  /* Friday to Monday */
    assert_int_equal(working_days_between(D(2026, 3, 7), D(2026, 3, 8)), 0);  /* a weekend */
    assert_int_equal(working_days_between(D(2026, 3, 9), D(2026, 3, 9)), 0);
    assert_int_equal(working_days_between(D(2026, 3, 13), D(2026, 3, 6)), 0);
    assert_int_equal(working_days_between(D(2026, 4, 2), D(2026, 4, 7)), 1); /* Easter */
    assert_int_equal(working_days_between(D(2026, 1, 1), D(2027, 1, 1)), 253);
    assert_int_equal(working_days_between(DATE_NONE, D(2026, 3, 9)), 0);
    assert_int_equal(working_days_between(D(2026, 3, 9), DATE_NONE), 0);
}

/* "need not be sorted, may overlap": a day inside any range is a holiday. */
static void is_school_day_with_overlapping_ranges(void **state)
{
    (void)state;
    const DateRange r[] = {
        {D(2026, 10, 28), D(2026, 11, 3)}, /* out of order and overlapping */
        {D(2026, 10, 26), D(2026, 10, 30)},
        {D(2026, 11, 20), D(2026, 11, 10)}, /* backwards: contains no day */
    };
    Calendar cal = {.school_holidays = r, .n = 3};
    assert_true(is_school_day(&cal, D(2026, 10, 23)));
    assert_false(is_school_day(&cal, D(2026, 10, 26)));
    assert_false(is_school_day(&cal, D(2026, 10, 29)));
    assert_false(is_school_day(&cal, D(2026, 11, 2)));
    assert_false(is_school_day(&cal, D(2026, 11, 3)));
    assert_true(is_school_day(&cal, D(2026, 11, 4)));
    assert_true(is_school_day(&cal, D(2026, 11, 12)));
    assert_false(is_school_day(&cal, D(2026, 10, 31))); /* a Saturday anyway */
    assert_date(add_school_days(&cal, D(2026, 10, 23), 1), "2026-11-04");
}

/* Input the counting cannot use gives DATE_NONE, not a guess or a hang. */
static void invalid_input_gives_none(void **state)
{
    (void)state;
    assert_int_equal(add_working_days(DATE_NONE, 3), DATE_NONE);
    assert_int_equal(add_working_days(D(2026, 3, 6), -1), DATE_NONE);
    assert_int_equal(add_school_days(NULL, DATE_NONE, 0), DATE_NONE);
    assert_int_equal(add_working_days(D(2200, 12, 30), 5), DATE_NONE);
    assert_false(is_working_day(DATE_NONE));
    assert_false(is_school_day(NULL, DATE_NONE));
    const DateRange all[] = {{D(2000, 1, 1), D(2200, 12, 31)}};
    Calendar cal = {.school_holidays = all, .n = 1};
    assert_int_equal(add_school_days(&cal, D(2026, 1, 1), 1), DATE_NONE);
}

/* For 2000..2040, every day: the next working day is one and comes later,
   and counting k working days forward then back gives k. Each year's bank
   holidays are ascending weekdays, 8 to 10 of them. */
static void working_day_properties_2000_to_2040(void **state)
{
    (void)state;
    for (int y = 2000; y <= 2040; y++) {
        Date h[BANK_HOLIDAYS_EW_MAX];
        int n = bank_holidays_ew(y, h, BANK_HOLIDAYS_EW_MAX);
        assert_in_range(n, 8, 10);
        for (int i = 0; i < n; i++) {
            assert_false(is_weekend(h[i]));
            if (i > 0)
                assert_true(h[i - 1] < h[i]);
        }
    }
    for (Date d = D(2000, 1, 1); d <= D(2040, 12, 31); d++) {
        Date next = add_working_days(d, 1);
        assert_true(next > d);
        assert_true(is_working_day(next));
        assert_int_equal(working_days_between(d, next), 1);
        Date prev = d;
        for (int k = 1; k <= 15; k++) {
            Date due = add_working_days(d, k);
            assert_true(due > prev);
            assert_int_equal(working_days_between(d, due), k);
            prev = due;
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(easter_sunday_for_several_years),
        cmocka_unit_test(bank_holidays_2022_include_jubilee_and_state_funeral),
        cmocka_unit_test(bank_holidays_2026_boxing_day_substitute),
        cmocka_unit_test(bank_holidays_2027_christmas_on_saturday),
        cmocka_unit_test(bank_holidays_2020_early_may_moved_to_ve_day),
        cmocka_unit_test(one_off_bank_holiday_changes),
        cmocka_unit_test(new_year_on_a_weekend_moves_to_monday),
        cmocka_unit_test(bank_holidays_stop_at_max),
        cmocka_unit_test(five_working_days_from_friday_is_next_friday),
        cmocka_unit_test(bank_holidays_across_year_boundary_are_skipped),
        cmocka_unit_test(good_friday_and_easter_monday_are_skipped),
        cmocka_unit_test(ten_school_days_skip_half_term),
        cmocka_unit_test(start_inside_school_holiday),
        cmocka_unit_test(null_calendar_counts_working_days),
        cmocka_unit_test(due_date_never_falls_in_holiday_or_weekend),
        cmocka_unit_test(zero_days_is_start_or_next_working_day),
        cmocka_unit_test(working_days_between_counts_after_from_through_to),
        cmocka_unit_test(is_school_day_with_overlapping_ranges),
        cmocka_unit_test(invalid_input_gives_none),
        cmocka_unit_test(working_day_properties_2000_to_2040),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
