/*
 * db.c - SQLite connections, statement cache, transactions, migrations and
 * the online backup. See db.h.
 */
#include "store/db.h"

#include "core/buf.h"
#include "core/log.h"
#include "store/audit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Room for every distinct statement the program has (about 200), so that a
   statement is never finalised while a caller still holds it. */
#define STMT_CACHE 512

struct Db {
    sqlite3 *h;
    char *path;
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int ncache;
    Db *next_in_pool;
    DbAudit *audit; /* store/audit.c's state for this connection (key, checkpoint to write) */
};

extern const char *const RISE_MIGRATIONS[];
extern const int RISE_MIGRATION_COUNT;

int db_schema_version(void)
{
    return RISE_MIGRATION_COUNT;
}

/*
 * Waiting for another writer. SQLite's own busy handler sleeps 1, 2, 5 ...
 * up to 100 ms at a time, so a request that meets a short write can stall
 * for far longer than the write lasted (and with it every connection its
 * worker thread serves). Ours polls every 200 microseconds, up to 5 seconds.
 */
static int busy_wait(void *ctx, int count)
{
    (void)ctx;
    if (count >= 25000)
        return 0; /* 5 s: give up, the caller sees SQLITE_BUSY */
    sqlite3_sleep(0); /* yields; SQLite's sleep has millisecond granularity */
    struct timespec ts = {0, 200000};
    nanosleep(&ts, NULL);
    return 1;
}

Db *db_open(const char *path, char *err, size_t errlen)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_handler(h, busy_wait, NULL);
    sqlite3_extended_result_codes(h, 1);
    Db *db = xcalloc(1, sizeof *db);
    db->h = h;
    db->path = xstrdup(path);
    const char *pragmas = "PRAGMA journal_mode=WAL;"
                          "PRAGMA synchronous=FULL;"
                          "PRAGMA foreign_keys=ON;"
                          "PRAGMA temp_store=MEMORY;"
                          "PRAGMA cache_size=-16000;";
    char *msg = NULL;
    if (sqlite3_exec(h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "cannot configure database %s: %s", path, msg ? msg : "unknown error");
        sqlite3_free(msg);
        db_close(db);
        return NULL;
    }
    return db;
}

void db_close(Db *db)
{
    if (!db)
        return;
    audit_detach(db);
    for (int i = 0; i < db->ncache; i++)
        sqlite3_finalize(db->cache[i].st);
    sqlite3_close(db->h);
    free(db->path);
    free(db);
}

sqlite3 *db_handle(Db *db)
{
    return db->h;
}

DbAudit *db_audit(Db *db)
{
    return db->audit;
}

void db_set_audit(Db *db, DbAudit *a)
{
    db->audit = a;
}

const char *db_path(const Db *db)
{
    return db->path;
}

sqlite3_stmt *db_stmt(Db *db, const char *sql)
{
    for (int i = 0; i < db->ncache; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_stmt *st = db->cache[i].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        log_error("sql prepare failed: %s: %s", sqlite3_errmsg(db->h), sql);
        return NULL;
    }
    if (db->ncache < STMT_CACHE) {
        db->cache[db->ncache].sql = sql;
        db->cache[db->ncache].st = st;
        db->ncache++;
    } else {
        /* cache full: evict the oldest (never happens with our fixed set) */
        sqlite3_finalize(db->cache[0].st);
        memmove(&db->cache[0], &db->cache[1], sizeof db->cache[0] * (STMT_CACHE - 1));
        db->cache[STMT_CACHE - 1].sql = sql;
        db->cache[STMT_CACHE - 1].st = st;
    }
    return st;
}

int db_exec(Db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_error("sql failed: %s", msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int db_begin(Db *db)
{
    audit_after_commit(db); /* a checkpoint left by a COMMIT made some other way */
    return db_exec(db, "BEGIN IMMEDIATE");
}

int db_commit(Db *db)
{
    if (db_exec(db, "COMMIT") != 0) {
        db_rollback(db);
        return -1;
    }
    /* only now, when the rows are durable, does the checkpoint log name them */
    audit_after_commit(db);
    return 0;
}

void db_rollback(Db *db)
{
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void db_bind_int64(sqlite3_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(st, i, v);
}

char *db_col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

int db_ping(Db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM pragma_user_version WHERE user_version = ?");
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, RISE_MIGRATION_COUNT);
    int ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sqlite3_reset(st);
    return ok ? 0 : -1;
}

int db_migrate(Db *db, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    int current = 0;
    if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        current = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (current > RISE_MIGRATION_COUNT) {
        snprintf(err, errlen, "database schema version %d is newer than this program's %d", current,
                 RISE_MIGRATION_COUNT);
        return -1;
    }
    for (int v = current; v < RISE_MIGRATION_COUNT; v++) {
        char *msg = NULL;
        if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
        if (sqlite3_exec(db->h, RISE_MIGRATIONS[v], NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
        if (sqlite3_exec(db->h, pragma, NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
        if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
        continue;
    fail:
        snprintf(err, errlen, "migration %d failed: %s", v + 1, msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        db_rollback(db);
        return -1;
    }
    return 0;
}

int db_backup(Db *db, const char *to, char *err, size_t errlen)
{
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot create %s: %s", to, dst ? sqlite3_errmsg(dst) : "out of memory");
        sqlite3_close(dst);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->h, "main");
    if (!b) {
        snprintf(err, errlen, "cannot start backup: %s", sqlite3_errmsg(dst));
        sqlite3_close(dst);
        return -1;
    }
    int rc;
    /* copy in steps so that writers are held up only briefly */
    while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep(5);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "backup failed: %s", sqlite3_errstr(rc));
        sqlite3_close(dst);
        return -1;
    }
    rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    sqlite3_close(dst);
    return 0;
}

/* --- per-thread connections ------------------------------------------- */

static char *pool_path;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static Db *pool_all;
static _Thread_local Db *thread_db;

void db_pool_init(const char *path)
{
    free(pool_path);
    pool_path = xstrdup(path);
}

Db *db_thread(void)
{
    if (thread_db)
        return thread_db;
    char err[512];
    Db *db = db_open(pool_path, err, sizeof err);
    if (!db) {
        log_error("%s", err);
        return NULL;
    }
    pthread_mutex_lock(&pool_lock);
    db->next_in_pool = pool_all;
    pool_all = db;
    pthread_mutex_unlock(&pool_lock);
    thread_db = db;
    return db;
}

void db_pool_close_all(void)
{
    pthread_mutex_lock(&pool_lock);
    Db *db = pool_all;
    pool_all = NULL;
    pthread_mutex_unlock(&pool_lock);
    while (db) {
        Db *next = db->next_in_pool;
        db_close(db);
        db = next;
    }
    thread_db = NULL;
    free(pool_path);
    pool_path = NULL;
}
