/*
 * sessions.c - session storage. See sessions.h.
 */
#include "store/sessions.h"

#include "core/buf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void session_random_token(char *out)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void hash_token(const char *token, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

int session_create(Db *db, int64_t user_id, const char *ip, int64_t now, char token[SESSION_TOKEN_LEN + 1], Session *s)
{
    memset(s, 0, sizeof *s);
    session_random_token(token);
    session_random_token(s->csrf);
    hash_token(token, s->token_hash);
    s->user_id = user_id;
    s->created_at = now;
    s->last_seen_at = now;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at,"
                                   " ip) VALUES (?,?,?,?,?,?)");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, s->token_hash, 32, SQLITE_STATIC);
    if (user_id)
        db_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, s->csrf);
    db_bind_int64(st, 4, now);
    db_bind_int64(st, 5, now);
    db_bind_text(st, 6, ip);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int session_find(Db *db, const char *token, Session *s)
{
    memset(s, 0, sizeof *s);
    if (!token || strlen(token) != SESSION_TOKEN_LEN)
        return 0;
    hash_token(token, s->token_hash);
    sqlite3_stmt *st =
        db_stmt(db, "SELECT user_id, csrf_token, created_at, last_seen_at, flash FROM sessions WHERE token_hash = ?");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, s->token_hash, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        s->user_id = sqlite3_column_int64(st, 0);
        const char *c = (const char *)sqlite3_column_text(st, 1);
        snprintf(s->csrf, sizeof s->csrf, "%s", c ? c : "");
        s->created_at = sqlite3_column_int64(st, 2);
        s->last_seen_at = sqlite3_column_int64(st, 3);
        s->flash = db_col_dup(st, 4);
        sqlite3_reset(st);
        return 1;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

void session_free(Session *s)
{
    free(s->flash);
    s->flash = NULL;
}

static int exec_hash(Db *db, sqlite3_stmt *st, const Session *s, int idx)
{
    if (!st)
        return -1;
    sqlite3_bind_blob(st, idx, s->token_hash, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int session_touch(Db *db, const Session *s, int64_t now)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, now);
    return exec_hash(db, st, s, 2);
}

int session_delete(Db *db, const Session *s)
{
    return exec_hash(db, db_stmt(db, "DELETE FROM sessions WHERE token_hash = ?"), s, 1);
}

int session_set_flash(Db *db, const Session *s, const char *flash)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE sessions SET flash = ? WHERE token_hash = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, flash);
    return exec_hash(db, st, s, 2);
}

int session_purge(Db *db, int64_t now, int64_t idle, int64_t absolute)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM sessions WHERE (user_id IS NOT NULL AND last_seen_at < ?) OR created_at < ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, now - idle);
    db_bind_int64(st, 2, now - absolute);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}
