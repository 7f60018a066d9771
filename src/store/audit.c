/*
 * audit.c - appending to the audit trail, its key, and putting its guards
 * back at start-up. See audit.h; the files are in audit_files.c and the
 * checking in audit_verify.c.
 *
 * Row digest = HMAC-SHA-256, keyed with the audit key, over the row's
 * fields, each written as "<length>:<bytes>;" (NULL as "-;") in a fixed
 * order, followed by the previous row's digest; the first row's previous
 * digest is 64 zeros. Rows written before the trail had a key (before the
 * anchor's keyed_from) carry the plain SHA-256 of the same text. audit_head
 * keeps the last id and digest.
 *
 * Interpretation (issue 10, item 4): "anchor the chain outside the
 * database". The key is a file the database never holds, so someone with
 * only the database cannot recompute a MAC after editing a row; and every
 * committed transaction that wrote audit rows appends a checkpoint (last id
 * and MAC) to a log file, so deleting rows from the end, or emptying the
 * trail, is caught even with the head rewritten. A checkpoint per
 * transaction rather than every N rows: then no deleted row at all can hide
 * in the gap since the last checkpoint, at the cost of one small append
 * (about 190 bytes, no fsync) per audited change.
 */
#include "store/audit_internal.h"

#include "core/buf.h"
#include "core/log.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char AUDIT_GENESIS[65] = "0000000000000000000000000000000000000000000000000000000000000000";

/* --- where the key and the log are ---------------------------------------- */

static char *key_path_set, *log_path_set;

void audit_set_paths(const char *key_path, const char *log_path)
{
    free(key_path_set);
    free(log_path_set);
    key_path_set = key_path && *key_path ? xstrdup(key_path) : NULL;
    log_path_set = log_path && *log_path ? xstrdup(log_path) : NULL;
}

void audit_key_path(const char *db_path, char *out, size_t n)
{
    if (key_path_set)
        snprintf(out, n, "%s", key_path_set);
    else
        snprintf(out, n, "%s.audit-key", db_path);
}

void audit_log_path(const char *db_path, char *out, size_t n)
{
    if (log_path_set)
        snprintf(out, n, "%s", log_path_set);
    else
        snprintf(out, n, "%s.audit-log", db_path);
}

/* --- digests --------------------------------------------------------------- */

static void put_field(Buf *b, const char *s)
{
    if (!s) {
        buf_puts(b, "-;");
        return;
    }
    buf_printf(b, "%zu:", strlen(s));
    buf_puts(b, s);
    buf_putc(b, ';');
}

void audit_digest(const AuditKey *k, int64_t id, const char *at, int64_t actor_id, const char *actor,
                  const char *action, const char *otype, const char *oid, const char *changes, const char *reason,
                  const char *ip, const char *prev, char out[65])
{
    Buf b = BUF_INIT;
    buf_printf(&b, "%lld;%lld;", (long long)id, (long long)actor_id);
    put_field(&b, at);
    put_field(&b, actor);
    put_field(&b, action);
    put_field(&b, otype);
    put_field(&b, oid);
    put_field(&b, changes);
    put_field(&b, reason);
    put_field(&b, ip);
    put_field(&b, prev);
    unsigned char h[crypto_auth_hmacsha256_BYTES];
    if (k)
        crypto_auth_hmacsha256(h, (const unsigned char *)buf_str(&b), b.len, k->bytes);
    else
        crypto_hash_sha256(h, (const unsigned char *)buf_str(&b), b.len);
    sodium_bin2hex(out, 65, h, sizeof h);
    buf_free(&b);
}

void audit_anchor_mac(const AuditKey *k, int64_t keyed_from, const char *key_id, const char *at, char out[65])
{
    char text[200];
    int n = snprintf(text, sizeof text, "rise-audit-anchor\n%lld\n%s\n%s", (long long)keyed_from, key_id, at);
    unsigned char h[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(h, (const unsigned char *)text, (unsigned long long)n, k->bytes);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* --- this connection's key and the checkpoint it owes ---------------------- */

struct DbAudit {
    AuditKey key;
    int memory;     /* no files: the key lives and dies with the connection */
    char log[4200]; /* the checkpoint log */
    int anchored;   /* the anchor row is known to exist */
    /* written to the log once the transaction commits, forgotten on rollback */
    int64_t pending_id;
    char pending_mac[65];
    int64_t pending_anchor; /* keyed_from of an anchor this transaction made */
    int64_t pending_pin_id; /* the last row chained without a key, pinned by that anchor */
    char pending_pin_mac[65];
};

static void clear_pending(DbAudit *a)
{
    a->pending_id = a->pending_anchor = a->pending_pin_id = 0;
}

static void on_rollback(void *p)
{
    DbAudit *a = p;
    if (a->pending_anchor)
        a->anchored = 0;
    clear_pending(a);
}

int audit_anchor_read(Db *db, AuditAnchor *an)
{
    memset(an, 0, sizeof *an);
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchor'");
    if (!st)
        return -1;
    int have = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sqlite3_reset(st);
    if (!have)
        return 0;
    st = db_stmt(db, "SELECT keyed_from, key_id, anchored_at, mac FROM audit_anchor WHERE id = 1");
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        an->present = 1;
        an->keyed_from = sqlite3_column_int64(st, 0);
        snprintf(an->key_id, sizeof an->key_id, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(an->at, sizeof an->at, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(an->mac, sizeof an->mac, "%s", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*
 * This connection's audit state, loading the key on first use. A database
 * that has never had a key gets one (made beside it); one whose trail was
 * anchored with a key refuses to go on without that key, rather than start
 * a second chain that nobody could check against the first.
 */
static DbAudit *attach(Db *db, char *err, size_t errlen)
{
    DbAudit *a = db_audit(db);
    if (a)
        return a;
    AuditKey key;
    char kp[4200] = "", lp[4200] = "";
    int memory = audit_is_memory(db_path(db));
    if (memory) {
        randombytes_buf(key.bytes, sizeof key.bytes);
        audit_key_set_id(&key);
    } else {
        audit_key_path(db_path(db), kp, sizeof kp);
        audit_log_path(db_path(db), lp, sizeof lp);
        AuditAnchor an;
        if (audit_anchor_read(db, &an) != 0) {
            snprintf(err, errlen, "cannot read the audit anchor: %s", sqlite3_errmsg(db_handle(db)));
            return NULL;
        }
        int got = audit_key_read(kp, &key, err, errlen);
        if (got < 0)
            return NULL;
        if (got == 0 && an.present) {
            snprintf(err, errlen,
                     "the audit key %s is missing: this database's audit trail was anchored with key %s on %s."
                     " Put the key file back from where it is kept, or give its path with --audit-key",
                     kp, an.key_id, an.at);
            return NULL;
        }
        if (got == 0 && audit_key_create(kp, &key, err, errlen) != 0)
            return NULL;
        if (an.present && strcmp(an.key_id, key.id) != 0) {
            snprintf(err, errlen,
                     "the audit key %s (key %s) is not the key this database's audit trail was anchored with"
                     " (key %s)",
                     kp, key.id, an.key_id);
            sodium_memzero(&key, sizeof key);
            return NULL;
        }
    }
    a = xcalloc(1, sizeof *a);
    a->key = key;
    sodium_memzero(&key, sizeof key);
    a->memory = memory;
    snprintf(a->log, sizeof a->log, "%s", lp);
    db_set_audit(db, a);
    sqlite3_rollback_hook(db_handle(db), on_rollback, a);
    return a;
}

const AuditKey *audit_attached_key(Db *db)
{
    DbAudit *a = db_audit(db);
    return a ? &a->key : NULL;
}

void audit_after_commit(Db *db)
{
    DbAudit *a = db_audit(db);
    if (!a || !sqlite3_get_autocommit(db_handle(db)))
        return; /* nothing owed, or still inside the transaction */
    if (!a->memory) {
        if (a->pending_anchor)
            audit_log_append(a->log, &a->key, AUDIT_LOG_ANCHOR, a->pending_anchor, a->key.id);
        if (a->pending_pin_id)
            audit_log_append(a->log, &a->key, AUDIT_LOG_CHECKPOINT, a->pending_pin_id, a->pending_pin_mac);
        if (a->pending_id)
            audit_log_append(a->log, &a->key, AUDIT_LOG_CHECKPOINT, a->pending_id, a->pending_mac);
    }
    clear_pending(a);
}

void audit_detach(Db *db)
{
    DbAudit *a = db_audit(db);
    if (!a)
        return;
    audit_after_commit(db); /* committed but not yet logged (a transaction still open is rolled back) */
    sqlite3_rollback_hook(db_handle(db), NULL, NULL);
    sodium_memzero(a, sizeof *a);
    free(a);
    db_set_audit(db, NULL);
}

/*
 * The trail's anchor, made when it has none: the keyed chain starts after
 * the last row. Rows already there were chained without a key (a database
 * from before the key existed); the log's first checkpoint pins the last of
 * them, so they cannot be rewritten afterwards either. Inside a transaction.
 */
static int anchor_if_missing(Db *db, DbAudit *a, int64_t last_id, const char *last_hash)
{
    if (a->anchored)
        return 0;
    AuditAnchor an;
    if (audit_anchor_read(db, &an) != 0)
        return -1;
    if (an.present) {
        a->anchored = 1;
        return 0;
    }
    int64_t from = last_id + 1;
    char at[32], mac[65];
    log_timestamp(at);
    audit_anchor_mac(&a->key, from, a->key.id, at, mac);
    sqlite3_stmt *st =
        db_stmt(db, "INSERT INTO audit_anchor (id, keyed_from, key_id, anchored_at, mac) VALUES (1, ?, ?, ?, ?)");
    if (!st)
        return -1;
    db_bind_int64(st, 1, from);
    db_bind_text(st, 2, a->key.id);
    db_bind_text(st, 3, at);
    db_bind_text(st, 4, mac);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("cannot anchor the audit trail: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    a->anchored = 1;
    a->pending_anchor = from;
    if (last_id > 0) {
        a->pending_pin_id = last_id;
        snprintf(a->pending_pin_mac, sizeof a->pending_pin_mac, "%s", last_hash);
    }
    return 0;
}

/* The last row's id and digest (0 and the genesis value for an empty trail). */
static int last_row(Db *db, int64_t *id, char prev[65])
{
    *id = 0;
    memcpy(prev, AUDIT_GENESIS, 65);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(prev, 65, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static char *changes_json(const AuditChange *c, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "field", json_string(c[i].field ? c[i].field : ""));
        json_object_set_new(o, "before", c[i].before ? json_string(c[i].before) : json_null());
        json_object_set_new(o, "after", c[i].after ? json_string(c[i].after) : json_null());
        json_array_append_new(arr, o);
    }
    char *s = json_dumps(arr, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(arr);
    return s;
}

int audit_append(Db *db, const Actor *actor, const char *action, const char *otype, const char *oid,
                 const AuditChange *changes, size_t nchanges, const char *reason)
{
    char err[1024];
    DbAudit *a = attach(db, err, sizeof err);
    if (!a) {
        log_error("%s", err);
        return -1;
    }
    /* the next id follows the last row, not audit_head: a head changed by
       hand must not make a gap that looks like deleted rows */
    int64_t last_id;
    char prev[65];
    if (last_row(db, &last_id, prev) != 0 || anchor_if_missing(db, a, last_id, prev) != 0)
        return -1;

    int64_t id = last_id + 1;
    char at[32];
    log_timestamp(at);
    char *cj = changes_json(changes, nchanges);
    const char *label = actor && actor->label ? actor->label : "system";
    int64_t actor_id = actor ? actor->user_id : 0;
    const char *ip = actor ? actor->ip : NULL;
    const char *why = (reason && *reason) ? reason : NULL;
    char mac[65];
    audit_digest(&a->key, id, at, actor_id, label, action, otype, oid, cj, why, ip, prev, mac);

    int rc = -1;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO audit (id, at, actor_id, actor, action, object_type, object_id,"
                                   " changes, reason, ip, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
        goto out;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, at);
    if (actor_id)
        db_bind_int64(st, 3, actor_id);
    db_bind_text(st, 4, label);
    db_bind_text(st, 5, action);
    db_bind_text(st, 6, otype);
    db_bind_text(st, 7, oid);
    db_bind_text(st, 8, cj);
    db_bind_text(st, 9, why);
    db_bind_text(st, 10, ip);
    db_bind_text(st, 11, prev);
    db_bind_text(st, 12, mac);
    if (sqlite3_step(st) != SQLITE_DONE) {
        log_error("audit insert failed: %s", sqlite3_errmsg(db_handle(db)));
        sqlite3_reset(st);
        goto out;
    }
    sqlite3_reset(st);
    st = db_stmt(db, "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, ?, ?)"
                     " ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash");
    if (!st)
        goto out;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, mac);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(st);
    if (rc == 0) {
        a->pending_id = id;
        memcpy(a->pending_mac, mac, sizeof mac);
        audit_after_commit(db); /* at once when there was no transaction around it */
    }
out:
    free(cj);
    return rc;
}

int audit_record(Db *db, const Actor *actor, const char *action, const char *otype, const char *oid,
                 const AuditChange *changes, size_t nchanges, const char *reason)
{
    if (db_begin(db) != 0)
        return -1;
    if (audit_append(db, actor, action, otype, oid, changes, nchanges, reason) != 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db);
}

static int read_rows(sqlite3_stmt *st, AuditList *out)
{
    size_t cap = 0;
    out->rows = NULL;
    out->n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
        }
        AuditRow *r = &out->rows[out->n++];
        r->id = sqlite3_column_int64(st, 0);
        r->at = db_col_dup(st, 1);
        r->actor_id = sqlite3_column_int64(st, 2);
        r->actor = db_col_dup(st, 3);
        r->action = db_col_dup(st, 4);
        r->object_type = db_col_dup(st, 5);
        r->object_id = db_col_dup(st, 6);
        r->changes = db_col_dup(st, 7);
        r->reason = db_col_dup(st, 8);
        r->ip = db_col_dup(st, 9);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int audit_for_object(Db *db, const char *otype, const char *oid, size_t limit, AuditList *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, at, actor_id, actor, action, object_type, object_id, changes,"
                                   " reason, ip FROM audit WHERE object_type = ? AND object_id = ?"
                                   " ORDER BY id DESC LIMIT ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, otype);
    db_bind_text(st, 2, oid);
    db_bind_int64(st, 3, (int64_t)limit);
    return read_rows(st, out);
}

int audit_recent(Db *db, int64_t before_id, size_t limit, AuditList *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, at, actor_id, actor, action, object_type, object_id, changes,"
                                   " reason, ip FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, before_id > 0 ? before_id : INT64_MAX);
    db_bind_int64(st, 2, (int64_t)limit);
    return read_rows(st, out);
}

void audit_list_free(AuditList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        AuditRow *r = &l->rows[i];
        free(r->at);
        free(r->actor);
        free(r->action);
        free(r->object_type);
        free(r->object_id);
        free(r->changes);
        free(r->reason);
        free(r->ip);
    }
    free(l->rows);
    l->rows = NULL;
    l->n = 0;
}

/* --- guards and start-up ------------------------------------------------- */

/*
 * The triggers that keep the program (and anyone using the file with the
 * sqlite3 shell) from changing history. Each is compared with what it must
 * be, not just looked up by name, so that a trigger of the same name that
 * does nothing is caught too.
 */
static const struct {
    const char *name, *table, *sql;
} GUARDS[] = {
    {"audit_no_update", "audit",
     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be"
     " changed'); END"},
    {"audit_no_delete", "audit",
     "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be"
     " changed'); END"},
    {"audit_anchor_no_update", "audit_anchor",
     "CREATE TRIGGER audit_anchor_no_update BEFORE UPDATE ON audit_anchor BEGIN SELECT RAISE(ABORT, 'the audit"
     " anchor cannot be changed'); END"},
    {"audit_anchor_no_delete", "audit_anchor",
     "CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor BEGIN SELECT RAISE(ABORT, 'the audit"
     " anchor cannot be changed'); END"},
};

/* s with each run of white space made one space and a trailing ';' dropped */
static void squeeze(const char *s, char *out, size_t n)
{
    size_t j = 0;
    int space = 0;
    for (; *s && j + 1 < n; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && j > 0 && j + 2 < n)
            out[j++] = ' ';
        space = 0;
        out[j++] = *s;
    }
    while (j > 0 && (out[j - 1] == ';' || out[j - 1] == ' '))
        j--;
    out[j] = '\0';
}

int audit_guards_restore(Db *db, const char *names[], int max, int altered[])
{
    int count = 0;
    for (size_t i = 0; i < sizeof GUARDS / sizeof GUARDS[0]; i++) {
        sqlite3_stmt *st = db_stmt(db, "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?),"
                                       " (SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?)");
        if (!st)
            return -1;
        db_bind_text(st, 1, GUARDS[i].table);
        db_bind_text(st, 2, GUARDS[i].name);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_reset(st);
            return -1;
        }
        int table = sqlite3_column_int(st, 0) == 1;
        char have[512] = "", want[512];
        const unsigned char *sql = sqlite3_column_text(st, 1);
        int exists = sql != NULL;
        if (sql)
            squeeze((const char *)sql, have, sizeof have);
        sqlite3_reset(st);
        if (!table)
            continue; /* an older schema: its migration makes it */
        squeeze(GUARDS[i].sql, want, sizeof want);
        if (exists && strcmp(have, want) == 0)
            continue;
        char drop[100];
        snprintf(drop, sizeof drop, "DROP TRIGGER IF EXISTS %s", GUARDS[i].name);
        if ((exists && db_exec(db, drop) != 0) || db_exec(db, GUARDS[i].sql) != 0)
            return -1;
        if (count < max) {
            names[count] = GUARDS[i].name;
            altered[count] = exists;
        }
        count++;
    }
    return count < max ? count : max;
}

int audit_prepare(Db *db, char *err, size_t errlen)
{
    const char *names[8];
    int altered[8];
    int restored = audit_guards_restore(db, names, 8, altered);
    if (restored < 0) {
        snprintf(err, errlen, "cannot check the audit trail's triggers: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    DbAudit *a = attach(db, err, errlen);
    if (!a)
        return -1;
    /* the first start: anchor the trail (a trail chained without a key is re-anchored here) */
    if (db_begin(db) != 0) {
        snprintf(err, errlen, "cannot anchor the audit trail: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    int64_t last_id, anchored_from = 0;
    char prev[65];
    int rc = last_row(db, &last_id, prev) == 0 && anchor_if_missing(db, a, last_id, prev) == 0 ? 0 : -1;
    anchored_from = a->pending_anchor;
    if (rc != 0 || db_commit(db) != 0) {
        db_rollback(db);
        snprintf(err, errlen, "cannot anchor the audit trail: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    if (anchored_from > 1)
        log_warn("the audit trail's rows 1 to %lld were chained without a key (before this version): they keep"
                 " their chain, and the keyed chain starts at row %lld",
                 (long long)anchored_from - 1, (long long)anchored_from);
    if (!a->memory) {
        /* rows deleted from the end since the last run: say so at once (verify says exactly what) */
        int64_t logged = audit_log_last_checkpoint(a->log, &a->key);
        if (logged > last_id)
            log_error("the audit trail ends at row %lld but its checkpoint log %s records row %lld: rows have been"
                      " deleted; run rise audit verify",
                      (long long)last_id, a->log, (long long)logged);
    }
    Actor system = {.user_id = 0, .label = "system", .ip = NULL};
    for (int i = 0; i < restored; i++) {
        const char *was_it = altered[i] ? "altered" : "missing";
        log_warn("trigger %s was %s and has been restored", names[i], was_it);
        AuditChange ch = {"trigger", was_it, "restored"};
        if (audit_record(db, &system, "audit.guard-restored", "audit-guard", names[i], &ch, 1,
                         "found when rise started") != 0) {
            snprintf(err, errlen, "cannot record that trigger %s was restored", names[i]);
            return -1;
        }
    }
    return 0;
}
