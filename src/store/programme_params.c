/*
 * programme_params.c - see programme_params.h.
 */
#include "store/programme_params.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int programme_params_fill(Db *db, const char *programme, const ProgrammeParam *params, size_t n, void *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT key, value FROM programme_params WHERE programme = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, programme);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        char *end;
        long long value = strtoll(v ? v : "", &end, 10);
        if (!k || !v || !*v || *end || value < 0 || value > 1000000000000LL)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(k, params[i].key) != 0)
                continue;
            if (params[i].money)
                *(int64_t *)((char *)out + params[i].offset) = (int64_t)value;
            else if (value <= 100000)
                *(int *)((char *)out + params[i].offset) = (int)value;
        }
    }
    sqlite3_reset(st);
    return 0;
}
