/*
 * csv.h - a streaming CSV reader for the official downloads (GIAS, Ofsted).
 *
 * RFC 4180 quoting (quoted fields may hold commas, doubled quotes and line
 * breaks), CRLF or LF line ends, a UTF-8 byte-order mark skipped. The file's
 * encoding is detected before reading: if every byte sequence is valid UTF-8
 * the file is read as UTF-8, otherwise as Windows-1252 (what GIAS publishes)
 * and every field is converted to UTF-8. Rows carry the physical line number
 * they start on, so that a bad value can be reported as FILE:LINE:COLUMN.
 */
#ifndef RISE_CSV_H
#define RISE_CSV_H

#include <stddef.h>
#include <stdio.h>

typedef enum CsvEncoding { CSV_UTF8 = 0, CSV_WINDOWS_1252 = 1 } CsvEncoding;

typedef struct CsvRow {
    size_t n;       /* number of fields */
    char **fields;  /* UTF-8, NUL-terminated; valid until the next csv_next */
    long line;      /* physical line the row starts on (1-based) */
} CsvRow;

typedef struct CsvReader CsvReader;

/* Opens path and detects its encoding. NULL with a sentence in err. */
CsvReader *csv_open(const char *path, char *err, size_t errlen);
/* Reads from memory (tests, fuzzing); the bytes are copied. */
CsvReader *csv_open_mem(const char *data, size_t len);
void csv_close(CsvReader *r);
CsvEncoding csv_encoding(const CsvReader *r);
/* Bytes consumed so far and the total size (0 if unknown), for progress. */
size_t csv_offset(const CsvReader *r);
size_t csv_size(const CsvReader *r);

/*
 * Reads the next row into *row. Returns 1 for a row, 0 at the end, -1 for a
 * malformed file (a quote that is never closed, a NUL byte, a row over
 * 1 MiB), with a sentence in err naming the line.
 */
int csv_next(CsvReader *r, CsvRow *row, char *err, size_t errlen);

/*
 * Normalises a header for matching: lower-case letters and digits only, so
 * "LA (code)", "la_code" and "LA Code" all become "lacode".
 */
void csv_norm_header(const char *in, char *out, size_t outlen);

/* Windows-1252 to UTF-8 (appends to a malloc'd NUL-terminated string). */
char *cp1252_to_utf8(const char *s, size_t n);

/* Problems of an import as "FILE:LINE:COLUMN: message" lines in a caller's
   buffer: the first 20 are written, the rest counted (csv_problems_end adds
   "and N more"). */
typedef struct CsvProblems {
    char *out;
    size_t len, cap;
    int n;
} CsvProblems;
__attribute__((format(printf, 5, 6))) void csv_problem(CsvProblems *p, const char *file, long line, int col,
                                                       const char *fmt, ...);
void csv_problems_end(CsvProblems *p);

#endif
