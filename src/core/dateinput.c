/*
 * dateinput.c - GOV.UK date input boxes read, with the Design System's
 * messages (dateinput.h).
 */
#include "core/dateinput.h"

#include "core/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Copies s without surrounding spaces into out (at most outlen - 1 bytes). */
static const char *trim(const char *s, char *out, size_t outlen)
{
    s = s ? s : "";
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= outlen)
        n = outlen - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

/* A whole number of 1 to max_digits digits, or -1. */
static int number(const char *s, int max_digits)
{
    int n = 0, len = 0;
    for (; *s; s++, len++) {
        if (!isdigit((unsigned char)*s) || len >= max_digits)
            return -1;
        n = n * 10 + (*s - '0');
    }
    return len ? n : -1;
}

static int month_number(const char *s)
{
    int n = number(s, 2);
    if (n >= 0)
        return n;
    static const char *const NAMES[] = {"january", "february", "march",     "april",   "may",      "june",
                                        "july",    "august",   "september", "october", "november", "december"};
    size_t len = strlen(s);
    for (int i = 0; i < 12; i++)
        if ((len == 3 && strncasecmp(s, NAMES[i], 3) == 0) || strcasecmp(s, NAMES[i]) == 0)
            return i + 1;
    return -1;
}

static int days_in_month(int y, int m)
{
    static const int D[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return D[m - 1];
}

DateInputResult date_input_read(const char *day, const char *month, const char *year, const char *label,
                                char iso[11], char *msg, size_t msglen, unsigned *parts)
{
    char d[16], m[16], y[16], cap[200];
    trim(day, d, sizeof d);
    trim(month, m, sizeof m);
    trim(year, y, sizeof y);
    iso[0] = '\0';
    *parts = 0;
    snprintf(cap, sizeof cap, "%s", label ? label : "the date");
    cap[0] = (char)toupper((unsigned char)cap[0]);
    /* D1 */
    if (!*d && !*m && !*y) {
        snprintf(msg, msglen, "Enter %s", label ? label : "the date");
        *parts = DATE_PART_DAY | DATE_PART_MONTH | DATE_PART_YEAR;
        return DATE_INPUT_EMPTY;
    }
    /* D2 */
    unsigned missing = (*d ? 0 : DATE_PART_DAY) | (*m ? 0 : DATE_PART_MONTH) | (*y ? 0 : DATE_PART_YEAR);
    if (missing) {
        static const char *const WHAT[8] = {"", "a day", "a month", "a day and month", "a year", "a day and year",
                                            "a month and year", ""};
        snprintf(msg, msglen, "%s must include %s", cap, WHAT[missing]);
        *parts = missing;
        return DATE_INPUT_BAD;
    }
    /* D3 */
    int yy = number(y, 4);
    if (strlen(y) != 4 || yy < 0) {
        snprintf(msg, msglen, "Year must include 4 numbers");
        *parts = DATE_PART_YEAR;
        return DATE_INPUT_BAD;
    }
    /* D4 */
    int mm = month_number(m), dd = number(d, 2);
    unsigned wrong = 0;
    if (mm < 1 || mm > 12)
        wrong |= DATE_PART_MONTH;
    if (dd < 1 || dd > 31 || (!(wrong & DATE_PART_MONTH) && dd > days_in_month(yy, mm)))
        wrong |= DATE_PART_DAY;
    if (yy < 1000)
        wrong |= DATE_PART_YEAR;
    Date dt = wrong ? DATE_NONE : date_from_ymd(yy, mm, dd);
    if (dt == DATE_NONE) {
        snprintf(msg, msglen, "%s must be a real date", cap);
        *parts = wrong ? wrong : DATE_PART_DAY | DATE_PART_MONTH | DATE_PART_YEAR;
        return DATE_INPUT_BAD;
    }
    date_iso(dt, iso);
    msg[0] = '\0';
    return DATE_INPUT_OK;
}
