/*
 * import_internal.h - what the importers share: the column tables, the
 * per-file context and the helpers that read a row's values and record
 * FILE:LINE:COLUMN problems. store/import.c has the GIAS and group files and
 * the driver; store/import_ofsted.c the Ofsted files. Not for other callers.
 */
#ifndef RISE_IMPORT_INTERNAL_H
#define RISE_IMPORT_INTERNAL_H

#include "core/buf.h"
#include "core/csv.h"
#include "store/import.h"

#include <stdio.h>

#define MAX_COLS 96

typedef struct ColSpec {
    const char *names[4]; /* normalised header names that mean this column */
    int required;
    const char *label;    /* how a message names a missing column (else names[0]) */
} ColSpec;

/* A management-information row's claim about a school's graded inspections
   (store/inspections.h, inspection_coverage_put), kept until the file's last
   inspection date is known. */
typedef struct PendingCoverage {
    int64_t urn;
    char from[11];
    int from_inclusive;
} PendingCoverage;

typedef struct Ctx {
    Db *db;
    const ImportOptions *opt;
    ImportResult *res;
    const char *name;
    const ColSpec *spec;
    int ncols;
    int idx[MAX_COLS]; /* column index in the file, -1 when absent */
    CsvRow *row;
    int row_bad;
    int writing; /* 0 once the file is known to be rejected */
    FILE *rejects;
    Buf row_reasons;
    char today[11];
    int64_t import_id;
    sqlite3_stmt *school_update; /* GIAS: built for the columns present */
    char hdr[MAX_COLS][64];      /* each column's header as the file spells it */
    /* Ofsted management information */
    char horizon[11];            /* the latest inspection date in the file so far */
    PendingCoverage *coverage;
    size_t n_coverage, cap_coverage;
} Ctx;

void imp_problem(Ctx *c, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The value of column col in this row, or NULL when absent or blank. */
const char *imp_val(Ctx *c, int col);
/* The column's header as the file spells it. */
const char *imp_header_label(const Ctx *c, int col);
/* Integer column: 0 (with *present) or -1 after recording a problem. */
int imp_int_val(Ctx *c, int col, long long *out, int *present);
/* Date column as yyyy-mm-dd in out (empty when blank), or -1 after a problem. */
int imp_date_val(Ctx *c, int col, char out[11]);
/* The URN column: a positive whole number, else a problem. */
long long imp_urn(Ctx *c, int col);

/* --- the Ofsted files (store/import_ofsted.c) ------------------------------- */

/* Which Ofsted layout the header is (OFSTED_DETECT when none). */
OfstedFormat ofsted_detect(const CsvRow *header);
/* The column table, row function and a phrase naming the layout. */
void ofsted_layout(OfstedFormat f, const CsvRow *header, const ColSpec **spec, int *ncols, int (**row_fn)(Ctx *),
                   const char **shape, const char **format_name);
/* After the last row: writes what management-information rows said of
   their coverage, now that the file's last inspection date is known. */
int ofsted_finish(Ctx *c);
/* A GIAS row's latest inspection (OfstedLastInsp, OfstedRating). */
int gias_inspection_report(Ctx *c, long long urn, const char *date, int grade, const char *rating,
                           const char *category);

#endif
