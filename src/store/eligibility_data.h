/*
 * eligibility_data.h - everything the eligibility rules (domain/eligibility.h)
 * need for the whole of England, loaded in one go: every school, its history
 * through its predecessors, every group with its dated members, and the
 * programme parameters.
 *
 * Six bulk queries (schools, inspections, predecessor links, groups, group
 * members, parameters) read into arrays, the inspections and links on a
 * second connection in a second thread while the first reads the schools;
 * the histories and memberships are then joined in memory. Nothing is
 * queried per school.
 */
#ifndef RISE_ELIGIBILITY_DATA_H
#define RISE_ELIGIBILITY_DATA_H

#include "domain/eligibility.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct EligArena EligArena;

typedef struct EligData {
    EligSchool *schools; /* the schools table, by URN */
    size_t n_schools;
    int64_t *urns;       /* the schools' URNs in the same order: a compact index */
    EligSchool *stubs;   /* by URN: a URN named only by a membership (name NULL) */
    size_t n_stubs;
    EligGroup *groups;   /* by UID; includes a stub for a trust named only by a school's record */
    size_t n_groups;
    /* storage behind the pointers above */
    EligInspection *inspections; /* every inspection, by URN then date */
    size_t n_inspections;
    EligInspection *histories;   /* the history of each school with a predecessor (the
                                    others' is their slice of inspections) */
    size_t n_histories;
    EligMembership *memberships; /* by group */
    size_t n_memberships;
    const EligMembership **school_memberships; /* by school */
    EligArena *arena;            /* strings and report-card areas */
} EligData;

/* Loads everything. 0, or -1 with a sentence in err. */
int elig_data_load(Db *db, EligData *out, char *err, size_t errlen);
void elig_data_free(EligData *d);

/* The school with this URN, or NULL. */
const EligSchool *elig_data_school(const EligData *d, int64_t urn);

/*
 * Fills a programme's parameter struct from the programme_params table:
 * clears it, sets every key stored for the programme that the spec names,
 * and fails (-1, with a sentence) when a value is not valid or a parameter
 * the rules need is not stored.
 */
int elig_params_load(Db *db, const char *programme, const ParamSpec *spec, size_t n, void *params, char *err,
                     size_t errlen);

#endif
