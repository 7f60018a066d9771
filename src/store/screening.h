/*
 * screening.h - what the screening queue shows: every school or trust the
 * eligibility rules pick out for a programme, as at a date, in a region,
 * each with the rule that fired and its evidence. A thin adapter over the
 * eligibility engine (domain/eligibility.h) and its data loader.
 */
#ifndef RISE_SCREENING_H
#define RISE_SCREENING_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ScreenRow {
    char kind[8]; /* "school" or "trust" */
    int64_t id;   /* URN or group UID */
    char *name, *region, *local_authority;
    char *outcome;  /* "tier-1" ... "eligible", "targeted", "intervention", "universal" */
    char *rule;     /* the rule's code */
    char *evidence; /* the rule in a sentence, the inspections used and what was missing */
} ScreenRow;

typedef struct ScreenList {
    ScreenRow *rows;
    size_t n;
} ScreenList;

/* The programmes screening knows, for pages: code, name, the as-at range. */
typedef struct Programme {
    const char *code, *name, *first_day, *last_day; /* last_day NULL: open-ended (RISE) */
    const char *const *outcomes; /* the outcomes the queue lists, NULL-terminated */
    const char *short_name;      /* for tables and captions: "SI offer 2019/20" */
} Programme;
extern const Programme PROGRAMMES[3];
const Programme *programme_find(const char *code);
const char *outcome_label(const char *outcome);

/*
 * Runs the rules for programme as at as_at (yyyy-mm-dd) and keeps the rows
 * in region (NULL or "": all England) whose outcome the queue lists.
 * Returns 0, or -1 with a sentence in err.
 */
int screening_compute(Db *db, const char *programme, const char *as_at, const char *region, ScreenList *out,
                      char *err, size_t errlen);
/* The evidence for one school or trust (whatever its outcome): 1 found, 0 not. */
int screening_one(Db *db, const char *programme, const char *as_at, const char *kind, int64_t id, ScreenRow *out,
                  char *err, size_t errlen);
void screen_row_free(ScreenRow *r);
void screen_list_free(ScreenList *l);

#endif
