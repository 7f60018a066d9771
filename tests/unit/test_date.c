/*
 * test_date.c - dates in the spellings the official files use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void round_trip_and_epoch(void **state)
{
    (void)state;
    assert_int_equal(date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(date_from_ymd(2019, 9, 1) - date_from_ymd(2019, 8, 31), 1);
    for (Date dt = date_from_ymd(1999, 12, 25); dt < date_from_ymd(2031, 1, 1); dt += 17) {
        int y, m, d;
        date_to_ymd(dt, &y, &m, &d);
        assert_int_equal(date_from_ymd(y, m, d), dt);
    }
}

static void the_three_spellings(void **state)
{
    (void)state;
    Date want = date_from_ymd(2024, 6, 12);
    assert_int_equal(date_parse("12-06-2024", NULL), want); /* GIAS */
    assert_int_equal(date_parse("12/06/2024", NULL), want);
    assert_int_equal(date_parse("2024-06-12", NULL), want); /* group files */
    assert_int_equal(date_parse("20240612", NULL), want);   /* Ofsted history */
    assert_int_equal(date_parse(" 2024-06-12 ", NULL), want);
    char iso[11];
    date_iso(want, iso);
    assert_string_equal(iso, "2024-06-12");
    char txt[32];
    date_long(want, txt, sizeof txt);
    assert_string_equal(txt, "12 June 2024");
}

static void blank_is_not_an_error(void **state)
{
    (void)state;
    int blank = 0;
    assert_int_equal(date_parse("", &blank), DATE_NONE);
    assert_int_equal(blank, 1);
    assert_int_equal(date_parse("   ", &blank), DATE_NONE);
    assert_int_equal(blank, 1);
    assert_int_equal(date_parse(NULL, &blank), DATE_NONE);
    assert_int_equal(blank, 1);
}

static void impossible_dates_rejected(void **state)
{
    (void)state;
    int blank = 1;
    assert_int_equal(date_parse("31-02-2020", &blank), DATE_NONE);
    assert_int_equal(blank, 0);
    assert_int_equal(date_parse("29-02-2021", NULL), DATE_NONE);
    assert_int_not_equal(date_parse("29-02-2020", NULL), DATE_NONE); /* a leap year */
    assert_int_equal(date_parse("2020-13-01", NULL), DATE_NONE);
    assert_int_equal(date_parse("yesterday", NULL), DATE_NONE);
    assert_int_equal(date_parse("12-6-2024", NULL), DATE_NONE);
}

/* GOV.UK style, in UK time: GMT in winter, BST in summer */
static void timestamps_in_uk_time(void **state)
{
    (void)state;
    char out[64];
    timestamp_long("2026-11-23T05:57:22.332Z", out, sizeof out);
    assert_string_equal(out, "23 November 2026 at 5:57am");
    timestamp_long("2026-07-01T11:00:00.000Z", out, sizeof out);
    assert_string_equal(out, "1 July 2026 at midday");
    timestamp_long("2026-07-01T14:05:00.000Z", out, sizeof out);
    assert_string_equal(out, "1 July 2026 at 3:05pm");
    timestamp_long("not a time", out, sizeof out);
    assert_string_equal(out, "not a time");
}

int main(void)
{
    setenv("TZ", "Europe/London", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_and_epoch),
        cmocka_unit_test(the_three_spellings),
        cmocka_unit_test(blank_is_not_an_error),
        cmocka_unit_test(impossible_dates_rejected),
        cmocka_unit_test(timestamps_in_uk_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
