/*
 * inspections.h - Ofsted inspections: what each file reported, and the one
 * record of each inspection made from those reports.
 *
 * Importers write *reports* (inspection_reports: one row per inspection per
 * kind of file, keyed by source, URN, start date and kind); after an import
 * inspections_rebuild() derives the `inspections` table from all reports
 * with the matching rule of domain/inspections.h, writing only what changed.
 * Readers (the school page, eligibility, search) read `inspections` and
 * `inspection_lineage` (the URNs Ofsted's files attribute to a later school,
 * beside GIAS's predecessor links).
 */
#ifndef RISE_STORE_INSPECTIONS_H
#define RISE_STORE_INSPECTIONS_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* One file's account of one inspection. NULL text and 0 numbers are "not said". */
typedef struct InspectionReport {
    const char *source;   /* "gias", "ofsted-history", "ofsted-mi" */
    int64_t urn;          /* the URN it was made under */
    const char *start;    /* yyyy-mm-dd: the start date (GIAS: the last-inspection date) */
    const char *kind;     /* "graded", "ungraded", "report-card", "any" (GIAS) */
    const char *number;   /* Ofsted's inspection number */
    const char *publication;
    const char *type, *type_grouping, *event_grouping;
    int overall;          /* 1-4; 0 none */
    const char *overall_text; /* as the file words it: "Good", "Not judged", "Special Measures" */
    const char *category; /* domain/grades.h CATEGORY_ */
    int quality, leadership; /* the two sub-judgements the 2024/25 rule reads, 1-4; 0 none */
    const char *judgements;  /* JSON: key judgements, or report-card areas with their dates */
    const char *outcome;  /* an ungraded inspection's outcome in Ofsted's words */
    int converted;        /* ungraded: 1 converted to a graded inspection, 0 not, -1 not said */
    const char *school_name, *school_type, *laestab; /* at the time of the inspection */
    int64_t reported_for; /* the URN of the row that carried it (the school today), or 0 */
} InspectionReport;

/* Writes or updates a report; a later file fills in what an earlier one
   left out, never blanks. 1 added, 2 changed, 0 unchanged, -1 error. */
int inspection_report_put(Db *db, const InspectionReport *r, int64_t import_id);

/*
 * Records that a management-information row lists every graded inspection
 * of school urn (and its predecessors) that started after `from` (on or
 * after, when from_inclusive) up to `to` (domain/inspections.h, M3).
 */
int inspection_coverage_put(Db *db, int64_t urn, const char *from, int from_inclusive, const char *to,
                            int64_t import_id);

typedef struct InspectionRebuild {
    long reports;    /* reports read */
    long inspections; /* inspections after the rebuild */
    long added, updated, removed;
} InspectionRebuild;

/* Derives `inspections` and `inspection_lineage` from every report, in the
   caller's transaction. 0 or -1. */
int inspections_rebuild(Db *db, InspectionRebuild *out);

/* After a migration that left reports but no inspections: rebuilds, in its
   own transaction. 0 or -1. */
int inspections_rebuild_if_needed(Db *db);

/* --- a school's inspections ---------------------------------------------------- */

#define HISTORY_MAX_DEPTH 10

typedef struct Inspection {
    int64_t urn;       /* the school it was made under */
    int depth;         /* 0 the school itself, 1 its predecessor, 2 that one's predecessor ... */
    char *school_name; /* of urn today, when known */
    char date[11];     /* start date */
    char *kind;        /* "graded", "ungraded" or "report-card" */
    int inferred;      /* the kind was inferred from GIAS alone */
    int grade;         /* 1-4 for a headline grade, 0 when none */
    char *overall_text;
    char *category;    /* "special measures", "serious weaknesses", "notice to improve" or NULL */
    int quality, leadership;
    char *judgements;  /* JSON object of key judgements / report-card areas, or NULL */
    char *number, *publication, *type, *outcome, *name_then, *type_then;
    int converted;     /* -1 not said */
    char *source;      /* the files that reported it, most authoritative first */
} Inspection;

typedef struct InspectionList {
    Inspection *items;
    size_t n;
} InspectionList;

/*
 * The school's inspections of every kind, newest first, and, recursively,
 * those of every school its GIAS links name with link type exactly
 * 'Predecessor' or to which Ofsted attributes them (DOMAIN.md "History"),
 * each marked with its URN and depth. Recursion stops at HISTORY_MAX_DEPTH
 * and never revisits a school. 0 or -1.
 */
int school_history(Db *db, int64_t urn, InspectionList *out);
void inspection_list_free(InspectionList *l);

#endif
