/*
 * workdays.h - working days and school days for due dates.
 *
 * A working day is Monday to Friday and not a bank holiday in England and
 * Wales; a school day is a working day outside the school holidays an
 * administrator has set. Due dates are "the Nth working (or school) day
 * after the anchor date". Rules and interpretation: see workdays.c.
 *
 * Pure functions of their arguments: no clock, no I/O, no shared state.
 */
#ifndef RISE_WORKDAYS_H
#define RISE_WORKDAYS_H

#include <stddef.h>

#include "core/date.h"

/* Room enough for any year's England and Wales bank holidays (most is 10, in 2022). */
#define BANK_HOLIDAYS_EW_MAX 16

/* A run of days, both ends inclusive (e.g. a school holiday). */
typedef struct DateRange {
    Date from, to;
} DateRange;

/* Extra calendar data: the school holidays an administrator has set. */
typedef struct Calendar {
    const DateRange *school_holidays; /* may be NULL when n == 0; need not be sorted, may overlap */
    size_t n;
} Calendar;

/* England and Wales bank holidays in year y, ascending, written to out (max entries); returns the count.
   The count is the number written: at most max, 0 for a year outside 1800..2200. */
int bank_holidays_ew(int year, Date *out, int max);
int is_bank_holiday_ew(Date d);
int is_weekend(Date d);
/* Not a Saturday, Sunday or England and Wales bank holiday. */
int is_working_day(Date d);
/* A working day that is not inside any of cal's school holidays (cal may be NULL = no holidays). */
int is_school_day(const Calendar *cal, Date d);
/* The date n working days after start (n >= 0): counting starts the day after start; n == 0 gives start itself moved
   forward to the next working day if start is not one. DATE_NONE when start is DATE_NONE or outside 1800..2200, when
   n < 0, or when the result would be after 2200. */
Date add_working_days(Date start, int n);
/* The same counting only school days. */
Date add_school_days(const Calendar *cal, Date start, int n);
/* Working days strictly after from up to and including to (0 if to <= from, or either is DATE_NONE; only days in
   1800..2200 are counted). */
int working_days_between(Date from, Date to);
/* Date of Easter Sunday (Gregorian) in year y (DATE_NONE outside 1800..2200). */
Date easter_sunday(int year);

#endif
