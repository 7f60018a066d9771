/*
 * audit.c - appending to and verifying the hash-chained audit trail.
 *
 * Row hash = SHA-256 over the row's fields, each written as
 * "<length>:<bytes>;" (NULL as "-;") in a fixed order, followed by the
 * previous row's hash. The first row's previous hash is 64 zeros.
 * audit_head keeps the last id and hash, so removing rows from the end of
 * the trail is caught too.
 */
#include "store/audit.h"

#include "core/buf.h"
#include "core/log.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char GENESIS[] = "0000000000000000000000000000000000000000000000000000000000000000";

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

static void row_hash(int64_t id, const char *at, int64_t actor_id, const char *actor, const char *action,
                     const char *otype, const char *oid, const char *changes, const char *reason, const char *ip,
                     const char *prev, char out[65])
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
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)buf_str(&b), b.len);
    sodium_bin2hex(out, 65, h, sizeof h);
    buf_free(&b);
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
    int64_t last_id = 0;
    char prev[65];
    memcpy(prev, GENESIS, sizeof GENESIS);
    sqlite3_stmt *st = db_stmt(db, "SELECT last_id, last_hash FROM audit_head WHERE id = 1");
    if (!st)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        last_id = sqlite3_column_int64(st, 0);
        snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_reset(st);

    int64_t id = last_id + 1;
    char at[32];
    log_timestamp(at);
    char *cj = changes_json(changes, nchanges);
    const char *label = actor && actor->label ? actor->label : "system";
    int64_t actor_id = actor ? actor->user_id : 0;
    const char *ip = actor ? actor->ip : NULL;
    const char *why = (reason && *reason) ? reason : NULL;
    char hash[65];
    row_hash(id, at, actor_id, label, action, otype, oid, cj, why, ip, prev, hash);

    int rc = -1;
    st = db_stmt(db, "INSERT INTO audit (id, at, actor_id, actor, action, object_type, object_id, changes, reason,"
                     " ip, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
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
    db_bind_text(st, 12, hash);
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
    db_bind_text(st, 2, hash);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(st);
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

int audit_verify(Db *db, int64_t *checked, int64_t *bad_id, char *msg, size_t msglen)
{
    sqlite3 *h = db_handle(db);
    sqlite3_stmt *st = NULL;
    *checked = 0;
    *bad_id = 0;
    if (sqlite3_prepare_v2(h,
                           "SELECT id, at, actor_id, actor, action, object_type, object_id, changes, reason, ip,"
                           " prev_hash, hash FROM audit ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK) {
        snprintf(msg, msglen, "cannot read the audit trail: %s", sqlite3_errmsg(h));
        return -1;
    }
    char prev[65];
    memcpy(prev, GENESIS, sizeof GENESIS);
    int64_t expect_id = 1;
    int rc, result = 0;
#define TXT(i) ((const char *)sqlite3_column_text(st, (i)))
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id != expect_id) {
            *bad_id = id;
            snprintf(msg, msglen, "row %lld: expected row %lld next; rows before it were deleted", (long long)id,
                     (long long)expect_id);
            result = 1;
            break;
        }
        const char *stored_prev = TXT(10), *stored = TXT(11);
        if (!stored_prev || strcmp(stored_prev, prev) != 0) {
            *bad_id = id;
            snprintf(msg, msglen, "row %lld: does not follow the row before it (previous hash differs)",
                     (long long)id);
            result = 1;
            break;
        }
        char h2[65];
        row_hash(id, TXT(1), sqlite3_column_int64(st, 2), TXT(3), TXT(4), TXT(5), TXT(6), TXT(7), TXT(8), TXT(9),
                 stored_prev, h2);
        if (!stored || strcmp(h2, stored) != 0) {
            *bad_id = id;
            snprintf(msg, msglen, "row %lld: its contents were changed after it was written (hash differs)",
                     (long long)id);
            result = 1;
            break;
        }
        memcpy(prev, stored, 65);
        expect_id++;
        (*checked)++;
    }
#undef TXT
    sqlite3_finalize(st);
    if (result == 0 && rc != SQLITE_DONE) {
        snprintf(msg, msglen, "cannot read the audit trail: %s", sqlite3_errmsg(h));
        return -1;
    }
    if (result == 0) {
        /* the head must name the last row, or rows were removed from the end */
        int64_t head_id = 0;
        char head_hash[65] = "";
        if (sqlite3_prepare_v2(h, "SELECT last_id, last_hash FROM audit_head WHERE id = 1", -1, &st, NULL) ==
                SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            head_id = sqlite3_column_int64(st, 0);
            snprintf(head_hash, sizeof head_hash, "%s", (const char *)sqlite3_column_text(st, 1));
        }
        sqlite3_finalize(st);
        if (head_id != *checked || (head_id > 0 && strcmp(head_hash, prev) != 0)) {
            *bad_id = *checked + 1;
            snprintf(msg, msglen,
                     "the trail ends at row %lld but its head records row %lld: rows after %lld were deleted",
                     (long long)*checked, (long long)head_id, (long long)*checked);
            result = 1;
        }
    }
    if (result == 0)
        snprintf(msg, msglen, "audit trail intact: %lld rows verified", (long long)*checked);
    return result;
}
