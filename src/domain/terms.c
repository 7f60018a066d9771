/*
 * terms.c - see terms.h.
 *
 * Interpretations:
 * - "approximately one month before the end of term" (002 section 7) is
 *   one calendar month before the term's last day; the number of months is
 *   a parameter (programme_params review_months).
 * - A due date is a day someone can act on: one that falls on a weekend, a
 *   bank holiday or a school holiday moves back to the working day before,
 *   so that it is never later than a month before the end.
 */
#include "domain/terms.h"

#include <stdio.h>
#include <string.h>

static const char *const SLUGS[TERM_COUNT] = {"autumn", "spring", "summer"};
static const char *const NAMES[TERM_COUNT] = {"Autumn", "Spring", "Summer"};

const char *term_slug(TermName t)
{
    return t >= 0 && t < TERM_COUNT ? SLUGS[t] : NULL;
}

int term_from_slug(const char *s)
{
    for (int t = 0; s && t < TERM_COUNT; t++)
        if (strcmp(s, SLUGS[t]) == 0)
            return t;
    return -1;
}

void term_label(const SchoolTerm *t, char *out, size_t len)
{
    snprintf(out, len, "%s term %04d/%02d", t->term >= 0 && t->term < TERM_COUNT ? NAMES[t->term] : "?",
             (unsigned)t->year % 10000u, (unsigned)(t->year + 1) % 100u);
}

void term_key(const SchoolTerm *t, char *out, size_t len)
{
    snprintf(out, len, "%04u-%02u-%s", (unsigned)t->year % 10000u, (unsigned)(t->year + 1) % 100u,
             term_slug(t->term) ? term_slug(t->term) : "term");
}

const char *terms_refusal(const SchoolTerm *terms, size_t n, size_t *bad)
{
    for (size_t i = 0; i < n; i++) {
        const SchoolTerm *a = &terms[i];
        *bad = i;
        if (a->term < 0 || a->term >= TERM_COUNT)
            return "Choose autumn, spring or summer";
        if (a->starts == DATE_NONE || a->ends == DATE_NONE)
            return "Enter the term's first and last days";
        if (a->starts > a->ends)
            return "The term's last day must be the same as or after its first day";
        for (size_t j = 0; j < n; j++) {
            const SchoolTerm *b = &terms[j];
            if (j == i)
                continue;
            if (b->year == a->year && b->term == a->term)
                return "Each academic year has one autumn, one spring and one summer term";
            if (a->starts <= b->ends && b->starts <= a->ends && j < i)
                return "The term overlaps another term";
            if (b->year == a->year && b->term < a->term && b->starts >= a->starts)
                return "In an academic year the autumn term comes first, then spring, then summer";
        }
    }
    return NULL;
}

/* A day someone can act on. */
static int actionable(Date d, const Calendar *cal)
{
    return is_school_day(cal, d);
}

Date term_review_due(Date term_end, int months, const Calendar *cal)
{
    if (term_end == DATE_NONE || months < 0)
        return DATE_NONE;
    int y, m, d;
    date_to_ymd(term_end, &y, &m, &d);
    int total = y * 12 + (m - 1) - months;
    int ny = total / 12, nm = total % 12 + 1;
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = DAYS[nm - 1] + (nm == 2 && ((ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0));
    Date due = date_from_ymd(ny, nm, d > last ? last : d);
    if (due == DATE_NONE)
        return DATE_NONE;
    for (int guard = 0; guard < 60 && !actionable(due, cal); guard++)
        due--;
    return due;
}

int term_at(const SchoolTerm *terms, size_t n, Date d)
{
    int best = -1;
    for (size_t i = 0; i < n; i++) {
        if (terms[i].starts <= d && d <= terms[i].ends)
            return (int)i;
        if (terms[i].starts > d && (best < 0 || terms[i].starts < terms[best].starts))
            best = (int)i;
    }
    return best;
}
