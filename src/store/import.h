/*
 * import.h - loading the official reference-data downloads: GIAS
 * establishments, establishment links, groups and group links, and Ofsted
 * inspections.
 *
 * Columns are found by their normalised header name (csv_norm_header), so
 * extra, missing-but-optional and reordered columns are fine. Every import
 * runs in one transaction: by default any invalid row rejects the whole file
 * (nothing is written) and each problem is reported as FILE:LINE:COLUMN;
 * with skip_invalid the good rows are committed and the bad ones written to
 * a rejects file with their reasons. Re-importing the same file changes
 * nothing; a newer file records what changed. Each import is recorded in the
 * imports table with its summary.
 */
#ifndef RISE_IMPORT_H
#define RISE_IMPORT_H

#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdio.h>

typedef enum ImportKind {
    IMPORT_GIAS,
    IMPORT_LINKS,
    IMPORT_GROUPS,
    IMPORT_GROUP_LINKS,
    IMPORT_OFSTED,
} ImportKind;

typedef enum OfstedFormat {
    OFSTED_DETECT = 0,
    OFSTED_HISTORY, /* graded inspection history: URN, Rating, Inspection Date */
    OFSTED_MI,      /* Ofsted's management information, as published: up to 2025 the latest and previous
                       graded and the latest ungraded inspection per school; from 2026 also the report card
                       (the layout is told from the columns) */
} OfstedFormat;

const char *import_kind_name(ImportKind k);
/* "history", "mi" -> format; OFSTED_DETECT if unknown. */
OfstedFormat ofsted_format_from_name(const char *s);

#define IMPORT_MAX_PROBLEMS 100

typedef struct ImportProblem {
    long line;
    int column; /* 1-based; 0 when the problem is the whole row */
    char reason[240];
} ImportProblem;

typedef struct ImportResult {
    int64_t import_id;
    long rows;
    long added, updated, unchanged, closed, rejected;
    char encoding[16];
    char format[32];
    ImportProblem problems[IMPORT_MAX_PROBLEMS];
    int nproblems;
    long total_problems;
    char fatal[1024]; /* set when the file could not be read at all */
    /* the inspections derived afterwards (store/inspections.h), when the
       file can change them: GIAS, links and Ofsted files */
    int rebuilt;
    long inspections, insp_added, insp_updated, insp_removed;
} ImportResult;

typedef void (*ImportProgress)(void *ctx, size_t done, size_t total);

typedef struct ImportOptions {
    const char *display_name; /* for messages; defaults to the path */
    int skip_invalid;
    const char *rejects_path; /* with skip_invalid: bad rows and reasons as CSV */
    OfstedFormat ofsted_format;
    const Actor *actor;
    ImportProgress progress;
    void *progress_ctx;
    int64_t import_id; /* an existing imports row to fill in (queued by the web upload), or 0 */
    const volatile int *cancel; /* when it becomes non-zero the import stops, writing nothing */
} ImportOptions;

/*
 * Imports one file. Returns 0 when committed, 1 when rejected because of
 * invalid rows (nothing written; problems listed), -1 when the file could
 * not be read or is not a known shape (res->fatal says why, in one
 * sentence).
 */
int import_file(Db *db, ImportKind kind, const char *path, const ImportOptions *opt, ImportResult *res);

/* Writes "FILE:LINE:COLUMN: reason" lines and the summary to f. */
void import_print(FILE *f, const char *name, const ImportResult *res, int committed);

/* Creates a queued imports row; returns its id or 0. path, format and
   skip_invalid are what a background job needs to run it later. */
int64_t import_queue(Db *db, ImportKind kind, const char *file_name, const char *actor);
int64_t import_queue_job(Db *db, ImportKind kind, const char *file_name, const char *path, const char *format,
                         int skip_invalid, const Actor *actor);
ImportKind import_kind_from_name(const char *s, int *ok);

/* A recorded import, for the status pages. */
typedef struct ImportRecord {
    int64_t id;
    char *kind, *file_name, *started_at, *finished_at, *status, *encoding, *message, *actor, *format;
    long rows, added, updated, unchanged, closed, rejected;
} ImportRecord;

typedef struct ImportRecordList {
    ImportRecord *items;
    size_t n;
} ImportRecordList;

/* 1 found, 0 not, -1 error. */
int import_get(Db *db, int64_t id, ImportRecord *out);
void import_record_free(ImportRecord *r);
/* The most recent imports, newest first. */
int import_recent(Db *db, size_t limit, ImportRecordList *out);
void import_record_list_free(ImportRecordList *l);
/* The recorded problems of an import, in file order (at most limit). */
int import_problems_get(Db *db, int64_t id, ImportProblem *out, int limit, int *n);

#endif
