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

int session_create_pending(Db *db, int64_t user_id, const char *ip, int64_t now, const char *pending,
                           const unsigned char *setup_secret, size_t n, char token[SESSION_TOKEN_LEN + 1],
                           Session *s)
{
    memset(s, 0, sizeof *s);
    if (n > sizeof s->setup_secret)
        return -1;
    session_random_token(token);
    session_random_token(s->csrf);
    hash_token(token, s->token_hash);
    s->user_id = user_id;
    s->created_at = now;
    s->last_seen_at = now;
    snprintf(s->pending, sizeof s->pending, "%s", pending ? pending : "");
    if (n)
        memcpy(s->setup_secret, setup_secret, n);
    s->setup_secret_len = n;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at,"
                                   " ip, pending, setup_secret) VALUES (?,?,?,?,?,?,?,?)");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, s->token_hash, 32, SQLITE_STATIC);
    if (user_id)
        db_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, s->csrf);
    db_bind_int64(st, 4, now);
    db_bind_int64(st, 5, now);
    db_bind_text(st, 6, ip);
    db_bind_text(st, 7, s->pending[0] ? s->pending : NULL);
    if (n)
        sqlite3_bind_blob(st, 8, setup_secret, (int)n, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int session_create(Db *db, int64_t user_id, const char *ip, int64_t now, char token[SESSION_TOKEN_LEN + 1], Session *s)
{
    return session_create_pending(db, user_id, ip, now, NULL, NULL, 0, token, s);
}

int session_find(Db *db, const char *token, Session *s)
{
    memset(s, 0, sizeof *s);
    if (!token || strlen(token) != SESSION_TOKEN_LEN)
        return 0;
    hash_token(token, s->token_hash);
    sqlite3_stmt *st =
        db_stmt(db, "SELECT user_id, csrf_token, created_at, last_seen_at, flash, pending, setup_secret"
                    " FROM sessions WHERE token_hash = ?");
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
        const char *p = (const char *)sqlite3_column_text(st, 5);
        snprintf(s->pending, sizeof s->pending, "%s", p ? p : "");
        int n = sqlite3_column_bytes(st, 6);
        if (n > 0 && (size_t)n <= sizeof s->setup_secret) {
            memcpy(s->setup_secret, sqlite3_column_blob(st, 6), (size_t)n);
            s->setup_secret_len = (size_t)n;
        }
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

int session_set_setup_secret(Db *db, const Session *s, const unsigned char *secret, size_t n)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE sessions SET setup_secret = ? WHERE token_hash = ?");
    if (!st)
        return -1;
    if (secret && n)
        sqlite3_bind_blob(st, 1, secret, (int)n, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 1);
    return exec_hash(db, st, s, 2);
}

int session_purge(Db *db, int64_t now, int64_t idle, int64_t absolute)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM sessions WHERE (user_id IS NOT NULL AND pending IS NULL AND"
                                   " last_seen_at < ?) OR (pending IS NOT NULL AND created_at < ?) OR created_at < ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, now - idle);
    db_bind_int64(st, 2, now - SESSION_HALF_SECONDS);
    db_bind_int64(st, 3, now - absolute);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* --- the signing key and pre-login cookies -------------------------------- */

int session_key_load(Db *db, unsigned char key[SESSION_KEY_LEN])
{
    sqlite3_stmt *st = db_stmt(db, "SELECT value FROM settings WHERE key = 'session-key'");
    if (!st)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == SESSION_KEY_LEN) {
        memcpy(key, sqlite3_column_blob(st, 0), SESSION_KEY_LEN);
        sqlite3_reset(st);
        return 0;
    }
    sqlite3_reset(st);
    randombytes_buf(key, SESSION_KEY_LEN);
    st = db_stmt(db, "INSERT OR IGNORE INTO settings (key, value) VALUES ('session-key', ?)");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, key, SESSION_KEY_LEN, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    /* another process may have won the race: read back what was kept */
    st = db_stmt(db, "SELECT value FROM settings WHERE key = 'session-key'");
    if (!st || sqlite3_step(st) != SQLITE_ROW || sqlite3_column_bytes(st, 0) != SESSION_KEY_LEN) {
        if (st)
            sqlite3_reset(st);
        return -1;
    }
    memcpy(key, sqlite3_column_blob(st, 0), SESSION_KEY_LEN);
    sqlite3_reset(st);
    return 0;
}

static void mac_b64(const unsigned char key[SESSION_KEY_LEN], const char *purpose, const char *msg, size_t n,
                    char out[SESSION_TOKEN_LEN + 1])
{
    crypto_auth_hmacsha256_state st;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&st, key, SESSION_KEY_LEN);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose, strlen(purpose));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, n);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void prelogin_make(const unsigned char key[SESSION_KEY_LEN], int64_t now, char *out, char csrf[SESSION_TOKEN_LEN + 1])
{
    unsigned char raw[16];
    char rnd[32], body[48], mac[SESSION_TOKEN_LEN + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(rnd, sizeof rnd, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(body, sizeof body, "%lld.%.24s", (long long)now, rnd);
    mac_b64(key, "cookie:", body, strlen(body), mac);
    snprintf(out, PRELOGIN_TOKEN_MAX, "p.%s.%s", body, mac);
    mac_b64(key, "csrf:", body, strlen(body), csrf);
}

int prelogin_check(const unsigned char key[SESSION_KEY_LEN], const char *value, int64_t now, int64_t max_age,
                   char csrf[SESSION_TOKEN_LEN + 1])
{
    if (!value || strncmp(value, "p.", 2) != 0 || strlen(value) >= PRELOGIN_TOKEN_MAX)
        return 0;
    const char *body = value + 2;
    const char *dot = strrchr(body, '.');
    if (!dot || dot == body || strlen(dot + 1) != SESSION_TOKEN_LEN)
        return 0;
    char want[SESSION_TOKEN_LEN + 1];
    mac_b64(key, "cookie:", body, (size_t)(dot - body), want);
    if (sodium_memcmp(want, dot + 1, SESSION_TOKEN_LEN) != 0)
        return 0;
    char *end;
    long long t = strtoll(body, &end, 10);
    if (*end != '.' || t > now + 60 || now - t > max_age)
        return 0;
    mac_b64(key, "csrf:", body, (size_t)(dot - body), csrf);
    return 1;
}
