/*
 * throttle.c - failed sign-in counters. See throttle.h.
 */
#include "store/throttle.h"

int throttle_get(Db *db, const char *key, int64_t *failures, int64_t *last_at)
{
    *failures = 0;
    *last_at = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT failures, last_failure_at FROM login_throttle WHERE key = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *failures = sqlite3_column_int64(st, 0);
        *last_at = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int throttle_fail(Db *db, const char *key, int64_t now)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (?, 1, ?)"
                                   " ON CONFLICT (key) DO UPDATE SET failures = failures + 1,"
                                   " last_failure_at = excluded.last_failure_at");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    db_bind_int64(st, 2, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int throttle_clear(Db *db, const char *key)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM login_throttle WHERE key = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int throttle_purge(Db *db, int64_t before)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM login_throttle WHERE last_failure_at < ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, before);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}
