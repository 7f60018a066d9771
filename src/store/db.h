/*
 * db.h - the SQLite connection: durability settings, cached prepared
 * statements, write transactions and numbered migrations.
 *
 * Every connection runs in WAL mode with synchronous=FULL (a saved decision
 * survives a power cut), foreign keys on and a busy timeout. Writes use
 * BEGIN IMMEDIATE so that two writers never deadlock on a lock upgrade.
 * The server keeps one connection per worker thread (db_thread()).
 */
#ifndef RISE_DB_H
#define RISE_DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Db Db;

/* Opens (creating if needed) and configures a connection. NULL on error,
   with a message in err. Does not migrate. */
Db *db_open(const char *path, char *err, size_t errlen);
void db_close(Db *db);
sqlite3 *db_handle(Db *db);
const char *db_path(const Db *db);

/* The audit trail's state for this connection (store/audit.c keeps it). */
typedef struct DbAudit DbAudit;
DbAudit *db_audit(Db *db);
void db_set_audit(Db *db, DbAudit *a);

/* Applies every migration newer than PRAGMA user_version, each in its own
   transaction. Returns 0, or -1 with a message in err. */
int db_migrate(Db *db, char *err, size_t errlen);
/* The schema version the program expects (the number of migrations). */
int db_schema_version(void);

/*
 * A prepared statement for sql, from this connection's cache. sql must be a
 * string literal (the cache keys on its address). The statement comes back
 * reset with bindings cleared. NULL on a preparation error (logged).
 */
sqlite3_stmt *db_stmt(Db *db, const char *sql);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 on success. */
int db_begin(Db *db);
int db_commit(Db *db);
void db_rollback(Db *db);
/* Runs SQL with no results (schema, pragmas). 0 on success. */
int db_exec(Db *db, const char *sql);

/* Convenience binders for cached statements: NULL text binds NULL. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
void db_bind_int64(sqlite3_stmt *st, int i, int64_t v);
/* Column text as a freshly allocated copy (NULL for SQL NULL). */
char *db_col_dup(sqlite3_stmt *st, int i);

/* Checks the connection answers (for /healthz). 0 when healthy. */
int db_ping(Db *db);

/*
 * Per-thread connections for the server: db_pool_init records the path,
 * db_thread() opens this thread's connection on first use, and
 * db_pool_close_all() closes every one of them at shutdown.
 */
void db_pool_init(const char *path);
Db *db_thread(void);
void db_pool_close_all(void);

/* Online backup to a new file while others use the database. */
int db_backup(Db *db, const char *to, char *err, size_t errlen);

#endif
