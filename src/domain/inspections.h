/*
 * inspections.h - one Ofsted inspection, whatever the files that report it
 * (DOMAIN.md section 5 "Ofsted", issue 9).
 *
 * The same inspection reaches the service from up to three files: a GIAS
 * establishment row (its latest inspection date and current rating), the
 * graded inspection history (2005-2020) and Ofsted's management information
 * (the latest and previous graded inspections, the latest ungraded one, and
 * from 2026 the report card, each with the URN it was made under). Each
 * file's account is a *sighting*; this module decides which sightings are
 * one inspection (insp_merge), and what a graded inspection without a
 * headline grade counts as (insp_equivalent_grade). Pure: no I/O.
 *
 * The matching rule (docs/decisions/0005-one-inspection.md; each clause is
 * tested in tests/unit/test_inspections.c under its id):
 *
 *  M1 same_number: two sightings with the same Ofsted inspection number are
 *     one inspection; two with different numbers never are.
 *  M2 a_day_apart: two sightings of the same kind, of the same school or of
 *     schools one of which is the other's predecessor (recursively), that
 *     start at most one day apart are one inspection. Across two different
 *     URNs only sightings from different sources merge: one file names each
 *     inspection once, under the URN it was made under.
 *  M3 gias_latest: GIAS says only when the school was last inspected and its
 *     current rating, so its sighting is of unknown kind, and its date is
 *     often a later day of the inspection (the history file's date + 1 for
 *     2,229 schools, + 2 for 200, + 3 for 37; never earlier). It joins the
 *     graded or ungraded inspection within M2's reach that started from
 *     three days before to one day after it (same school first, then the
 *     nearer date, then graded). Alone, it is an ungraded inspection
 *     when Ofsted's management information covers its date (a file that
 *     lists every graded inspection of the school from its previous graded
 *     inspection to the file's last inspection date, and this is not one of
 *     them), and a graded one otherwise; both are marked as inferred.
 *  M4 canonical: the merged inspection takes the URN and start date of its
 *     most authoritative sighting: the management information (which names
 *     the URN at the time of the inspection), then the history file, then
 *     GIAS. Two merged inspections left with the same URN, start date and
 *     kind are one.
 */
#ifndef RISE_INSPECTIONS_H
#define RISE_INSPECTIONS_H

#include "core/date.h"
#include "domain/grades.h"

#include <stddef.h>
#include <stdint.h>

/* How many days after an inspection's start GIAS's last-inspection date
   can fall (M3): a section 5 inspection lasted up to three days. */
#define INSP_GIAS_LATE_DAYS 3

typedef enum InspKind {
    INSP_GRADED = 0,   /* a graded (full, section 5) inspection; from September 2024 without a headline grade */
    INSP_UNGRADED = 1, /* an ungraded (section 8) inspection: an outcome in words, never a grade */
    INSP_REPORT_CARD = 2, /* a report-card inspection (from November 2025) */
    INSP_ANY = 3,      /* GIAS's "last inspection": graded or ungraded, not said */
} InspKind;

/* "graded", "ungraded", "report-card", "any"; and back (-1 for other text). */
const char *insp_kind_name(InspKind k);
int insp_kind_from_name(const char *s);

/* Sources, most authoritative first (M4). */
typedef enum InspSource {
    INSP_SRC_MI = 0,      /* Ofsted management information ("ofsted-mi") */
    INSP_SRC_HISTORY = 1, /* graded inspection history 2005-2020 ("ofsted-history") */
    INSP_SRC_GIAS = 2,    /* a GIAS establishment file ("gias") */
} InspSource;

const char *insp_source_name(InspSource s);
int insp_source_from_name(const char *s);

/* One file's account of one inspection, as insp_merge reads it. */
typedef struct InspSighting {
    int64_t urn;        /* the URN the file files it under */
    Date start;         /* start date (GIAS: its last-inspection date) */
    InspKind kind;
    InspSource source;
    const char *number; /* Ofsted's inspection number, or NULL */
    size_t merged;      /* out: the index of its merged inspection */
} InspSighting;

/*
 * What a management-information row says beyond its inspections: every
 * graded inspection of school `urn` (and its predecessors) that started
 * after `from` (or on it, when from_inclusive) up to `to` is among those it
 * lists (M3).
 */
typedef struct InspCoverage {
    int64_t urn;
    Date from, to;
    int from_inclusive;
} InspCoverage;

typedef struct InspMerged {
    int64_t urn;
    Date start;
    InspKind kind;    /* never INSP_ANY */
    int inferred;     /* 1: the kind was inferred from GIAS's sighting alone (M3) */
} InspMerged;

/*
 * Is `earlier` the school `school` itself or one of its predecessors,
 * recursively? The caller's lineage (GIAS "Predecessor" links, and the
 * URNs Ofsted's files attribute to a school).
 */
typedef int (*InspLineageFn)(void *ctx, int64_t school, int64_t earlier);

/*
 * Merges the sightings of one family of schools (schools linked as
 * predecessors) into inspections, by M1-M4. Sets each sighting's `merged`;
 * returns the number of merged inspections, written to *out (allocated; the
 * caller frees). The order of the sightings does not matter: the answer is
 * the same for any order (tested).
 */
size_t insp_merge(InspSighting *s, size_t n, const InspCoverage *cov, size_t ncov, InspLineageFn lineage,
                  void *ctx, InspMerged **out);

/* --- a graded inspection without a headline grade --------------------------- */

typedef enum InspEquivalence {
    INSP_EQ_NONE = 0,             /* a headline grade: nothing to work out */
    INSP_EQ_CATEGORY = 1,         /* E1: a category of concern counts as grade 4 */
    INSP_EQ_RI = 2,               /* E2: quality of education or leadership and management RI -> grade 3 */
    INSP_EQ_INADEQUATE_SUB = 3,   /* E3: graded 4 but no category -> grade 3 */
    INSP_EQ_GOOD = 4,             /* E4: otherwise good (grade 2) */
    INSP_EQ_NO_SUBJUDGEMENTS = 5, /* E5: neither sub-judgement recorded: good, and said to be missing */
} InspEquivalence;

/* One rule of the table: its id, the sentence it implements, its message. */
typedef struct InspEquivalenceRule {
    InspEquivalence id;
    const char *code;     /* "E1".. */
    const char *sentence; /* the rule as DfE or the brief words it */
    const char *message;  /* what the evidence says */
} InspEquivalenceRule;

extern const InspEquivalenceRule INSP_EQUIVALENCE_RULES[];
const InspEquivalenceRule *insp_equivalence_rule(InspEquivalence e);

/*
 * DfE's rule for inspections without a headline grade (DOMAIN.md section 2,
 * "Inspections without a headline grade"): the grade a graded inspection
 * counts as for the eligibility rules. quality and leadership are the
 * sub-judgements (1-4, 0 not recorded); category as category_from_text. Sets
 * *why to the rule that decided.
 */
int insp_equivalent_grade(const char *category, int quality, int leadership, InspEquivalence *why);

#endif
