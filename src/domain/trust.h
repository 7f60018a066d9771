/*
 * trust.h - how a trust's schools have fared since they joined it: the two
 * measures DOMAIN.md section 2 uses for multi-academy trusts (TSIO 2022/23),
 * computed as at a date from plain values.
 *
 *   share:    of the schools inspected since joining, how many have a
 *             latest-since-joining grade of 3 or 4 (RI or worse);
 *   SI score: for each school with a judgement both before and since
 *             joining, +1 if the latest since joining is better than the
 *             last before joining, -1 if worse, 0 if equal; summed.
 *
 * Every school's working is returned (the two inspections used, with the
 * URN each belongs to, and the contribution) or the reason it was left out,
 * so that a page can show the sum and not just its result.
 *
 * Pure: no I/O. The caller loads members and histories (store/schools.h).
 */
#ifndef RISE_TRUST_H
#define RISE_TRUST_H

#include "core/date.h"

#include <stddef.h>
#include <stdint.h>

/* One graded inspection in a member's history. */
typedef struct TrustInspection {
    int64_t urn;          /* the school it belongs to: the member or one of its predecessors */
    Date date;
    int grade;            /* 1-4; anything else is not a judgement and is ignored */
    const char *category; /* "special measures", "serious weaknesses" or NULL */
} TrustInspection;

/* A school that is or was in the trust. */
typedef struct TrustMember {
    int64_t urn;
    const char *name;
    Date joined; /* DATE_NONE when not recorded */
    Date left;   /* DATE_NONE while still a member */
    const TrustInspection *inspections; /* its history including predecessors', any order */
    size_t n_inspections;
} TrustMember;

/* Why a school is not counted (in the SI score; the first four also keep
   it out of the share). */
typedef enum TrustLeftOut {
    TRUST_COUNTED = 0,
    TRUST_JOINED_LATER,        /* joined after the as-at date */
    TRUST_HAD_LEFT,            /* left the trust on or before the as-at date */
    TRUST_NO_JOINED_DATE,      /* the date it joined is not recorded */
    TRUST_NO_HISTORY,          /* no graded inspection on record (by the as-at date) */
    TRUST_NONE_SINCE_JOINING,  /* inspected before joining but not since */
    TRUST_NONE_BEFORE_JOINING, /* inspected since joining but never before */
} TrustLeftOut;

typedef struct TrustSchoolWorking {
    const TrustMember *member;
    int member_on_date;     /* in the trust on the as-at date */
    int has_before;         /* before: the last judgement before joining */
    TrustInspection before;
    int has_since;          /* since: the latest judgement on or after joining */
    TrustInspection since;
    int in_share;           /* inspected since joining: counted in the share */
    int ri_or_worse;        /* ... and the latest since joining is grade 3 or 4 */
    TrustLeftOut left_out;  /* TRUST_COUNTED when in the SI score */
    int contribution;       /* +1 better, 0 the same, -1 worse (when counted) */
} TrustSchoolWorking;

typedef struct TrustResult {
    Date as_at;
    size_t members;          /* schools in the trust on the as-at date */
    size_t in_trust_3_years; /* of those, joined on or before the date three years earlier */
    size_t inspected_since;  /* share: denominator */
    size_t ri_or_worse;      /* share: numerator */
    int si_score;
    size_t si_counted;       /* schools in the SI score ... */
    size_t improved, declined, unchanged; /* ... by contribution */
    size_t si_left_out;      /* members on the date that the SI score leaves out */
    TrustSchoolWorking *schools; /* one per member given, in the order given */
    size_t n;
} TrustResult;

/*
 * Assesses the trust as at as_at. members may include schools that have left
 * or had not yet joined: they are listed, not counted. Returns 0, or -1 when
 * memory runs out (out is then empty).
 */
int trust_assess(const TrustMember *members, size_t n, Date as_at, TrustResult *out);
void trust_result_free(TrustResult *r);

/* "no inspection since joining" etc.; "" for TRUST_COUNTED. */
const char *trust_left_out_reason(TrustLeftOut why);

/* The date three years before d (29 February becomes 28 February). */
Date trust_three_years_before(Date d);

#endif
