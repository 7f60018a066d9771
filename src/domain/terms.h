/*
 * terms.h - school terms as data (issue 15 item 1) and when a termly
 * review is due: "Updates on progress will be expected approximately one
 * month before the end of term" (seed 002 section 7).
 *
 * An administrator sets each academic year's three terms (autumn, spring,
 * summer) with their first and last days; nothing here knows a year's
 * dates. Pure: no I/O.
 */
#ifndef RISE_TERMS_H
#define RISE_TERMS_H

#include "core/date.h"
#include "domain/workdays.h"

#include <stddef.h>

typedef enum TermName { TERM_AUTUMN = 0, TERM_SPRING, TERM_SUMMER, TERM_COUNT } TermName;

typedef struct SchoolTerm {
    int year;      /* the academic year's first calendar year: 2026 for 2026/27 */
    TermName term;
    Date starts, ends; /* both inclusive */
} SchoolTerm;

/* "autumn", "spring", "summer" and back (-1 when unknown). */
const char *term_slug(TermName t);
int term_from_slug(const char *s);
/* "Autumn term 2026/27" (out at least 32). */
void term_label(const SchoolTerm *t, char *out, size_t len);
/* "2026-27-autumn": a term's stable key (out at least 20). */
void term_key(const SchoolTerm *t, char *out, size_t len);

/*
 * Is a set of term dates sound? Each term starts on or before it ends; in
 * a year the terms come autumn, spring, summer, each once; no two terms
 * overlap. Returns NULL, or a sentence naming what is wrong, with *bad the
 * index of the term it is about. Terms need not be sorted.
 */
const char *terms_refusal(const SchoolTerm *terms, size_t n, size_t *bad);

/*
 * The day a term's review is due: `months` calendar months before the
 * term's last day (the same day of the month, or the month's last day when
 * it has fewer), moved back to the working day before when that is a
 * weekend, a bank holiday or in cal's school holidays. DATE_NONE when the
 * end is DATE_NONE or months < 0.
 */
Date term_review_due(Date term_end, int months, const Calendar *cal);

/*
 * The term a day falls in, or (in a holiday) the next one to start; -1
 * when none is set that far. terms need not be sorted.
 */
int term_at(const SchoolTerm *terms, size_t n, Date d);

#endif
