/*
 * workdays.c - working-day and school-day arithmetic. See workdays.h.
 *
 * Interpretation
 *
 *  - A "working day" is Monday to Friday and not a bank holiday in England
 *    and Wales.
 *  - A "school day" is a working day outside the school holidays an
 *    administrator has set (a Calendar; each holiday is a run of days, both
 *    ends inclusive; the runs need not be sorted and may overlap). It is used
 *    for the SI 2019/20 rule "This should take place within 2 weeks of
 *    confirmation of the match (not including school holidays)", read as
 *    10 school days.
 *  - The caller gives a due date as "the Nth working day after the anchor
 *    date": counting starts the day after the anchor, so 5 working days from
 *    a Friday is the next Friday. N == 0 is the anchor itself, moved forward
 *    to the next working (school) day when it is not one.
 *
 * England and Wales bank holidays, computed year by year (the rules as they
 * have stood since 1978, when the early May bank holiday began; earlier
 * years get the same rules, which is not what they had):
 *
 *  - New Year's Day, 1 January; if that is a Saturday or Sunday, the
 *    following Monday instead.
 *  - Good Friday and Easter Monday (Gregorian Easter).
 *  - Early May bank holiday: the first Monday of May.
 *  - Spring bank holiday: the last Monday of May.
 *  - Summer bank holiday: the last Monday of August.
 *  - Christmas Day and Boxing Day, with substitutes: if 25 December is a
 *    Saturday, 27 and 28 December; if 25 December is a Sunday, 26 December
 *    (Boxing Day, Monday) and 27 December (Tuesday, for Christmas Day); if
 *    26 December is a Saturday, 25 and 28 December.
 *
 * One-off changes, by year (the only table):
 *
 *  - 1981: extra Wednesday 29 July (royal wedding).
 *  - 1995: early May moved to Monday 8 May (50th anniversary of VE Day).
 *  - 1999: extra Friday 31 December (millennium).
 *  - 2002: spring moved to Tuesday 4 June, plus Monday 3 June (Golden
 *    Jubilee).
 *  - 2011: extra Friday 29 April (royal wedding).
 *  - 2012: spring moved to Monday 4 June, plus Tuesday 5 June (Diamond
 *    Jubilee).
 *  - 2020: early May moved to Friday 8 May (75th anniversary of VE Day).
 *  - 2022: spring moved to Thursday 2 June, plus Friday 3 June (Platinum
 *    Jubilee), and Monday 19 September (state funeral of Queen Elizabeth II).
 *  - 2023: extra Monday 8 May (coronation of King Charles III).
 *
 * Dates outside 1800..2200 (the range of core/date.c) have no bank holidays
 * and the adding functions return DATE_NONE rather than run past 2200.
 */
#include "domain/workdays.h"

enum { MONDAY = 0, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY };

/* Monday 0 .. Sunday 6; 1 January 1970 (day 0) was a Thursday. */
static int weekday(Date d)
{
    int r = (int)(d % 7);
    if (r < 0)
        r += 7;
    return (r + THURSDAY) % 7;
}

static Date first_monday(int year, int month)
{
    Date first = date_from_ymd(year, month, 1);
    return first + (7 - weekday(first)) % 7;
}

static Date last_monday(int year, int month)
{
    Date last = month == 12 ? date_from_ymd(year, 12, 31) : date_from_ymd(year, month + 1, 1) - 1;
    return last - weekday(last);
}

/* The first and last days the adding functions will look at. */
static Date earliest(void)
{
    return date_from_ymd(1800, 1, 1);
}

static Date latest(void)
{
    return date_from_ymd(2200, 12, 31);
}

Date easter_sunday(int year)
{
    if (year < 1800 || year > 2200)
        return DATE_NONE;
    /* The anonymous Gregorian computus: golden number, century corrections,
       then the Paschal full moon and the Sunday after it. */
    int golden = year % 19;
    int century = year / 100, in_century = year % 100;
    int skipped_leaps = century / 4, century_rest = century % 4;
    int moon_shift = (century + 8) / 25;
    int moon_correction = (century - moon_shift + 1) / 3;
    int epact = (19 * golden + century - skipped_leaps - moon_correction + 15) % 30;
    int quarter = in_century / 4, quarter_rest = in_century % 4;
    int to_sunday = (32 + 2 * century_rest + 2 * quarter - epact - quarter_rest) % 7;
    int late = (golden + 11 * epact + 22 * to_sunday) / 451;
    int n = epact + to_sunday - 7 * late + 114;
    return date_from_ymd(year, n / 31, n % 31 + 1);
}

int bank_holidays_ew(int year, Date *out, int max)
{
    if (year < 1800 || year > 2200 || !out || max <= 0)
        return 0;
    Date h[BANK_HOLIDAYS_EW_MAX];
    int n = 0;

    Date new_year = date_from_ymd(year, 1, 1);
    if (weekday(new_year) == SATURDAY)
        new_year += 2;
    else if (weekday(new_year) == SUNDAY)
        new_year += 1;
    h[n++] = new_year;

    Date easter = easter_sunday(year);
    h[n++] = easter - 2; /* Good Friday */
    h[n++] = easter + 1; /* Easter Monday */

    Date early_may = first_monday(year, 5);
    Date spring = last_monday(year, 5);
    if (year == 1995)
        early_may = date_from_ymd(1995, 5, 8);
    else if (year == 2020)
        early_may = date_from_ymd(2020, 5, 8);
    if (year == 2002)
        spring = date_from_ymd(2002, 6, 4);
    else if (year == 2012)
        spring = date_from_ymd(2012, 6, 4);
    else if (year == 2022)
        spring = date_from_ymd(2022, 6, 2);
    h[n++] = early_may;
    h[n++] = spring;
    h[n++] = last_monday(year, 8); /* summer */

    Date christmas = date_from_ymd(year, 12, 25);
    switch (weekday(christmas)) {
    case SATURDAY: /* both fall on the weekend: the Monday and Tuesday after */
        h[n++] = christmas + 2;
        h[n++] = christmas + 3;
        break;
    case SUNDAY: /* Boxing Day on the Monday, Christmas Day's substitute on the Tuesday */
        h[n++] = christmas + 1;
        h[n++] = christmas + 2;
        break;
    case FRIDAY: /* Boxing Day is a Saturday: the Monday after */
        h[n++] = christmas;
        h[n++] = christmas + 3;
        break;
    default:
        h[n++] = christmas;
        h[n++] = christmas + 1;
        break;
    }

    /* One-off extra days (moved days are above). */
    switch (year) {
    case 1981:
        h[n++] = date_from_ymd(1981, 7, 29);
        break;
    case 1999:
        h[n++] = date_from_ymd(1999, 12, 31);
        break;
    case 2002:
        h[n++] = date_from_ymd(2002, 6, 3);
        break;
    case 2011:
        h[n++] = date_from_ymd(2011, 4, 29);
        break;
    case 2012:
        h[n++] = date_from_ymd(2012, 6, 5);
        break;
    case 2022:
        h[n++] = date_from_ymd(2022, 6, 3);
        h[n++] = date_from_ymd(2022, 9, 19);
        break;
    case 2023:
        h[n++] = date_from_ymd(2023, 5, 8);
        break;
    default:
        break;
    }

    /* Ascending (insertion sort; at most a dozen entries). */
    for (int i = 1; i < n; i++) {
        Date v = h[i];
        int j = i;
        while (j > 0 && h[j - 1] > v) {
            h[j] = h[j - 1];
            j--;
        }
        h[j] = v;
    }

    int count = n < max ? n : max;
    for (int i = 0; i < count; i++)
        out[i] = h[i];
    return count;
}

int is_bank_holiday_ew(Date d)
{
    if (d == DATE_NONE)
        return 0;
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    Date h[BANK_HOLIDAYS_EW_MAX];
    int n = bank_holidays_ew(y, h, BANK_HOLIDAYS_EW_MAX);
    for (int i = 0; i < n; i++)
        if (h[i] == d)
            return 1;
    return 0;
}

int is_weekend(Date d)
{
    if (d == DATE_NONE)
        return 0;
    return weekday(d) >= SATURDAY;
}

int is_working_day(Date d)
{
    if (d == DATE_NONE)
        return 0;
    return !is_weekend(d) && !is_bank_holiday_ew(d);
}

static int in_school_holiday(const Calendar *cal, Date d)
{
    if (!cal || !cal->school_holidays)
        return 0;
    for (size_t i = 0; i < cal->n; i++) {
        const DateRange *r = &cal->school_holidays[i];
        if (r->from == DATE_NONE || r->to == DATE_NONE)
            continue; /* an unset end: not a holiday */
        if (r->from <= d && d <= r->to)
            return 1;
    }
    return 0;
}

int is_school_day(const Calendar *cal, Date d)
{
    return is_working_day(d) && !in_school_holiday(cal, d);
}

/* The common counting: the nth day after start that passes the test (n == 0:
   start itself if it passes, else the next one that does). */
static Date add_days_where(const Calendar *cal, int school, Date start, int n)
{
    if (start == DATE_NONE || n < 0)
        return DATE_NONE;
    Date lo = earliest(), hi = latest();
    if (start < lo || start > hi)
        return DATE_NONE;
    Date d = start;
    if (n == 0) {
        while (!(school ? is_school_day(cal, d) : is_working_day(d))) {
            if (d >= hi)
                return DATE_NONE;
            d++;
        }
        return d;
    }
    while (n > 0) {
        if (d >= hi)
            return DATE_NONE;
        d++;
        if (school ? is_school_day(cal, d) : is_working_day(d))
            n--;
    }
    return d;
}

Date add_working_days(Date start, int n)
{
    return add_days_where(NULL, 0, start, n);
}

Date add_school_days(const Calendar *cal, Date start, int n)
{
    return add_days_where(cal, 1, start, n);
}

int working_days_between(Date from, Date to)
{
    if (from == DATE_NONE || to == DATE_NONE || to <= from)
        return 0;
    /* Only days in 1800..2200 are counted, so wild input cannot run for ever. */
    Date lo = earliest(), hi = latest();
    if (from < lo - 1)
        from = lo - 1;
    if (to > hi)
        to = hi;
    int count = 0;
    for (Date d = from + 1; d <= to; d++)
        count += is_working_day(d);
    return count;
}
