/*
 * outbox.c - the email outbox's rows. See outbox.h.
 *
 * A message goes queued -> sending (committed before the request is made,
 * so a crash leaves it "sending", never lost) -> sent, failed (tried again)
 * or permanently-failed. The reference is random and unique; the sender
 * gives it to Notify, and looks it up there before sending again anything
 * that may have reached Notify already.
 */
#include "store/outbox.h"

#include "core/buf.h"
#include "core/log.h"
#include "store/audit.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("outbox: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

int64_t outbox_queue(Db *db, const OutboxMessage *m)
{
    if (!m || !m->recipient || !*m->recipient || !m->template_key || !*m->template_key)
        return -1;
    const char *pers = m->personalisation ? m->personalisation : "{}";
    json_t *j = json_loads(pers, 0, NULL);
    int ok = j && json_is_object(j);
    json_decref(j);
    if (!ok)
        return -1;
    unsigned char rnd[16];
    randombytes_buf(rnd, sizeof rnd);
    char hex[33], ref[40];
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    snprintf(ref, sizeof ref, "rise-%s", hex);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO outbox (reference, recipient, template_key, personalisation,"
                                   " object_type, object_id, next_attempt_at, created_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    if (!st)
        return -1;
    db_bind_text(st, 1, ref);
    db_bind_text(st, 2, m->recipient);
    db_bind_text(st, 3, m->template_key);
    db_bind_text(st, 4, pers);
    db_bind_text(st, 5, m->object_type);
    db_bind_text(st, 6, m->object_id);
    if (step_done(db, st) != 0)
        return -1;
    return (int64_t)sqlite3_last_insert_rowid(db_handle(db));
}

#define ROW_COLUMNS                                                                                              \
    "id, reference, recipient, template_key, personalisation, object_type, object_id, status, attempts,"      \
    " next_attempt_at, provider_id, provider_status, last_error, body, created_at, sent_at"

static void read_row(sqlite3_stmt *st, OutboxRow *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->reference = db_col_dup(st, 1);
    r->recipient = db_col_dup(st, 2);
    r->template_key = db_col_dup(st, 3);
    r->personalisation = db_col_dup(st, 4);
    r->object_type = db_col_dup(st, 5);
    r->object_id = db_col_dup(st, 6);
    r->status = outbox_status_from_name((const char *)sqlite3_column_text(st, 7));
    r->attempts = sqlite3_column_int(st, 8);
    r->next_attempt_at = sqlite3_column_int64(st, 9);
    r->provider_id = db_col_dup(st, 10);
    r->provider_status = db_col_dup(st, 11);
    r->last_error = db_col_dup(st, 12);
    r->body = db_col_dup(st, 13);
    r->created_at = db_col_dup(st, 14);
    r->sent_at = db_col_dup(st, 15);
}

/* Reads every row of a prepared (bound) statement into out. */
static int read_rows(Db *db, sqlite3_stmt *st, OutboxList *out)
{
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
        }
        read_row(st, &out->rows[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("outbox: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

void outbox_row_free(OutboxRow *r)
{
    free(r->reference);
    free(r->recipient);
    free(r->template_key);
    free(r->personalisation);
    free(r->object_type);
    free(r->object_id);
    free(r->provider_id);
    free(r->provider_status);
    free(r->last_error);
    free(r->body);
    free(r->created_at);
    free(r->sent_at);
}

void outbox_list_free(OutboxList *l)
{
    for (size_t i = 0; i < l->n; i++)
        outbox_row_free(&l->rows[i]);
    free(l->rows);
    l->rows = NULL;
    l->n = 0;
}

int outbox_claim(Db *db, int64_t now_ms, size_t max, OutboxList *out)
{
    memset(out, 0, sizeof *out);
    if (db_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET status = 'sending', attempts = attempts + 1"
                                   " WHERE id IN (SELECT id FROM outbox WHERE status IN ('queued','failed')"
                                   "   AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?)"
                                   " RETURNING " ROW_COLUMNS);
    if (!st) {
        db_rollback(db);
        return -1;
    }
    db_bind_int64(st, 1, now_ms);
    db_bind_int64(st, 2, (int64_t)max);
    if (read_rows(db, st, out) != 0 || db_commit(db) != 0) {
        db_rollback(db);
        outbox_list_free(out);
        return -1;
    }
    return 0;
}

int outbox_in_flight(Db *db, OutboxList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " ROW_COLUMNS " FROM outbox WHERE status = 'sending' ORDER BY id");
    return st ? read_rows(db, st, out) : -1;
}

int outbox_unsettled(Db *db, size_t max, OutboxList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " ROW_COLUMNS " FROM outbox WHERE status = 'sent'"
                                   " AND provider_id IS NOT NULL AND (provider_status IS NULL OR provider_status IN"
                                   " ('created','sending','pending')) ORDER BY id DESC LIMIT ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, (int64_t)max);
    return read_rows(db, st, out);
}

int outbox_list(Db *db, size_t limit, OutboxList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " ROW_COLUMNS " FROM outbox ORDER BY id DESC LIMIT ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, (int64_t)limit);
    return read_rows(db, st, out);
}

int outbox_counts(Db *db, int64_t counts[OUTBOX_STATUS_COUNT])
{
    memset(counts, 0, sizeof(int64_t) * OUTBOX_STATUS_COUNT);
    sqlite3_stmt *st = db_stmt(db, "SELECT status, count(*) FROM outbox GROUP BY status");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        OutboxStatus s = outbox_status_from_name((const char *)sqlite3_column_text(st, 0));
        if (s < OUTBOX_STATUS_COUNT)
            counts[s] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int outbox_mark_sent(Db *db, int64_t id, const char *provider_id, const char *body)
{
    if (db_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET status = 'sent', provider_id = ?, body = coalesce(?, body),"
                                   " last_error = NULL, sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                                   " WHERE id = ? AND status = 'sending'");
    if (!st) {
        db_rollback(db);
        return -1;
    }
    db_bind_text(st, 1, provider_id);
    db_bind_text(st, 2, body);
    db_bind_int64(st, 3, id);
    if (step_done(db, st) != 0 || db_commit(db) != 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

int outbox_mark_failed(Db *db, int64_t id, OutboxStatus status, int64_t next_ms, const char *error,
                       const char *body)
{
    if (status != OUTBOX_FAILED && status != OUTBOX_PERMANENTLY_FAILED)
        return -1;
    if (db_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ?,"
                                   " body = coalesce(?, body) WHERE id = ? AND status = 'sending'");
    int rc = -1;
    if (st) {
        db_bind_text(st, 1, outbox_status_name(status));
        db_bind_int64(st, 2, next_ms);
        db_bind_text(st, 3, error);
        db_bind_text(st, 4, body);
        db_bind_int64(st, 5, id);
        rc = step_done(db, st);
    }
    if (rc == 0 && status == OUTBOX_PERMANENTLY_FAILED) {
        /* an email that will never go is something an administrator must know of */
        char oid[32];
        snprintf(oid, sizeof oid, "%lld", (long long)id);
        Actor system = {.user_id = 0, .label = "email sender", .ip = NULL};
        AuditChange ch[] = {{"status", "sending", "permanently-failed"}, {"error", NULL, error}};
        rc = audit_append(db, &system, "outbox.permanently-failed", "outbox", oid, ch, 2, NULL);
    }
    if (rc != 0 || db_commit(db) != 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

int outbox_set_provider_status(Db *db, int64_t id, const char *status)
{
    if (db_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET provider_status = ? WHERE id = ?");
    if (!st) {
        db_rollback(db);
        return -1;
    }
    db_bind_text(st, 1, status);
    db_bind_int64(st, 2, id);
    if (step_done(db, st) != 0 || db_commit(db) != 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}
