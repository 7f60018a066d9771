/*
 * eligibility_run.h - runs one programme's rules over every school (and, for
 * TSIO, every multi-academy trust) in the database, as at a date, and hands
 * each result to a callback. `rise eligibility` and the screening queue both
 * go through here, so they give the same answers.
 */
#ifndef RISE_ELIGIBILITY_RUN_H
#define RISE_ELIGIBILITY_RUN_H

#include "domain/eligibility.h"
#include "store/db.h"
#include "store/eligibility_data.h"

#include <stddef.h>
#include <stdint.h>

typedef struct EligRun {
    const char *programme; /* SI2019_PROGRAMME, TSIO2022_PROGRAMME or RISE_PROGRAMME */
    Date as_at;
    const char *region;    /* NULL: all of England */
    int all;               /* also the rows the programme would not list */
} EligRun;

/* Called for each row: kind "school" or "trust"; region and local authority
   for a trust are its schools' (most frequent first, "; "-joined). */
typedef void (*EligVisit)(void *ctx, const char *kind, int64_t id, const char *name, const char *region,
                          const char *la, const EligResult *r);

enum { ELIG_RUN_OK = 0, ELIG_RUN_FAILED = 1, ELIG_RUN_BAD_DATE = 2, ELIG_RUN_BAD_PROGRAMME = 3 };

/* Checks that the programme exists, its parameters are stored, and as_at
   falls in its year (without loading any school). ELIG_RUN_OK, or a code
   with a sentence in err. */
int elig_run_check(Db *db, const char *programme, Date as_at, char *err, size_t errlen);

/* Checks as elig_run_check does, runs the rules on data (already loaded),
   and calls visit. A sentence in err on failure. */
int elig_run(Db *db, const EligData *data, const EligRun *run, EligVisit visit, void *ctx, char *err, size_t errlen);

/* Is the outcome one the programme lists (SI: a tier; TSIO: eligible; RISE:
   targeted or intervention)? */
int elig_listed(const char *programme, EligOutcome o);

/* The rule's evidence as one line: the inspections used and what was missing. */
void elig_evidence_text(const EligResult *r, char *out, size_t outlen);

#endif
