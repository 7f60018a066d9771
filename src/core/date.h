/*
 * date.h - calendar dates as the reference data writes them.
 *
 * A Date is days since 1970-01-01 (so comparing and subtracting is plain
 * arithmetic). Parsing accepts the three spellings in the official files:
 * dd-mm-yyyy and dd/mm/yyyy (GIAS), yyyy-mm-dd (group files, ISO) and
 * yyyymmdd (Ofsted history), and checks the day exists.
 */
#ifndef RISE_DATE_H
#define RISE_DATE_H

#include <stdint.h>

typedef int32_t Date;

#define DATE_NONE INT32_MIN

/* Days since 1970-01-01 for a valid y-m-d, or DATE_NONE. */
Date date_from_ymd(int y, int m, int d);
void date_to_ymd(Date dt, int *y, int *m, int *d);
/* Parses a date; DATE_NONE for blank or invalid text. *blank is set when the
   text was empty or only spaces (a missing value rather than a wrong one). */
Date date_parse(const char *s, int *blank);
/* Writes yyyy-mm-dd (11 bytes with the NUL). */
void date_iso(Date dt, char out[11]);
/* The date in the UK at unix time t (the process runs with
   TZ=Europe/London); t <= 0 means now. */
Date date_local(int64_t t);

/* "12 June 2024", the GOV.UK style. */
void date_long(Date dt, char *out, int outlen);

/*
 * A stored timestamp ("2026-11-23T05:57:22.332Z", UTC) as the GOV.UK style
 * writes it, in UK time: "23 November 2026 at 5:57am". Writes the input
 * unchanged when it cannot be read.
 */
void timestamp_long(const char *iso, char *out, int outlen);

#endif
