/*
 * date.c - civil dates as day numbers (proleptic Gregorian). See date.h.
 */
#define _GNU_SOURCE /* strptime, timegm */
#include "core/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* Howard Hinnant's days_from_civil algorithm, in our own words. */
Date date_from_ymd(int y, int m, int d)
{
    if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return DATE_NONE;
    int yy = m <= 2 ? y - 1 : y;
    int era = (yy >= 0 ? yy : yy - 399) / 400;
    int yoe = yy - era * 400;
    int mp = (m + 9) % 12;
    int doy = (153 * mp + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (Date)(era * 146097 + doe - 719468);
}

void date_to_ymd(Date z0, int *y, int *m, int *d)
{
    int z = z0 + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = *m <= 2 ? yy + 1 : yy;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

Date date_parse(const char *s, int *blank)
{
    if (blank)
        *blank = 0;
    if (!s)
        s = "";
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0) {
        if (blank)
            *blank = 1;
        return DATE_NONE;
    }
    int y, m, d;
    if (n == 10 && (s[2] == '-' || s[2] == '/') && s[5] == s[2]) {
        if (digits(s, 2, &d) && digits(s + 3, 2, &m) && digits(s + 6, 4, &y))
            return date_from_ymd(y, m, d);
    } else if (n == 10 && s[4] == '-' && s[7] == '-') {
        if (digits(s, 4, &y) && digits(s + 5, 2, &m) && digits(s + 8, 2, &d))
            return date_from_ymd(y, m, d);
    } else if (n == 8) {
        if (digits(s, 4, &y) && digits(s + 4, 2, &m) && digits(s + 6, 2, &d))
            return date_from_ymd(y, m, d);
    } else if (n == 19 && s[4] == '-' && s[10] == ' ') { /* yyyy-mm-dd hh:mm:ss */
        if (digits(s, 4, &y) && digits(s + 5, 2, &m) && digits(s + 8, 2, &d))
            return date_from_ymd(y, m, d);
    }
    return DATE_NONE;
}

void date_iso(Date dt, char out[11])
{
    int y, m, d;
    date_to_ymd(dt, &y, &m, &d);
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 13u, ud = (unsigned)d % 32u;
    out[0] = (char)('0' + uy / 1000);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + um / 10);
    out[6] = (char)('0' + um % 10);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10);
    out[9] = (char)('0' + ud % 10);
    out[10] = '\0';
}

void date_long(Date dt, char *out, int outlen)
{
    static const char *const months[12] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
    int y, m, d;
    date_to_ymd(dt, &y, &m, &d);
    snprintf(out, (size_t)outlen, "%d %s %d", d, months[(m - 1) % 12], y);
}

Date date_local(int64_t t)
{
    time_t tt = t > 0 ? (time_t)t : time(NULL);
    struct tm uk;
    localtime_r(&tt, &uk);
    return date_from_ymd(uk.tm_year + 1900, uk.tm_mon + 1, uk.tm_mday);
}

void timestamp_long(const char *iso, char *out, int outlen)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!iso || !strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm)) {
        snprintf(out, (size_t)outlen, "%s", iso ? iso : "");
        return;
    }
    time_t t = timegm(&tm);
    struct tm uk;
    /* UK time: the process runs with TZ=Europe/London unless told otherwise */
    localtime_r(&t, &uk);
    static const char *const months[12] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
    int h12 = uk.tm_hour % 12 == 0 ? 12 : uk.tm_hour % 12;
    const char *ampm = uk.tm_hour < 12 ? "am" : "pm";
    if (uk.tm_min == 0 && uk.tm_hour == 12)
        snprintf(out, (size_t)outlen, "%d %s %d at midday", uk.tm_mday, months[uk.tm_mon % 12], uk.tm_year + 1900);
    else if (uk.tm_min == 0 && uk.tm_hour == 0)
        snprintf(out, (size_t)outlen, "%d %s %d at midnight", uk.tm_mday, months[uk.tm_mon % 12], uk.tm_year + 1900);
    else if (uk.tm_min == 0)
        snprintf(out, (size_t)outlen, "%d %s %d at %d%s", uk.tm_mday, months[uk.tm_mon % 12], uk.tm_year + 1900, h12,
                 ampm);
    else
        snprintf(out, (size_t)outlen, "%d %s %d at %d:%02d%s", uk.tm_mday, months[uk.tm_mon % 12], uk.tm_year + 1900,
                 h12, uk.tm_min, ampm);
}
