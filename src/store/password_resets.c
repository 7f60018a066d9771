/*
 * password_resets.c - password reset links sent by email. See
 * password_resets.h.
 *
 * The token is 32 random bytes in hex, sent only in the email; the table
 * keeps its BLAKE2b hash (crypto_generichash), so a copy of the database
 * cannot be used to reset anyone's password. Asking, sending and using are
 * each one transaction: the email exists exactly when its link does.
 */
#include "store/password_resets.h"

#include "core/log.h"
#include "domain/password_reset.h"
#include "store/audit.h"
#include "store/link_tokens.h"
#include "store/messages.h"
#include "store/outbox.h"
#include "store/users.h"

#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("password resets: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

/* Links made since `since` for the account (user_id > 0) or the address. */
static int64_t made_since(Db *db, int64_t user_id, const char *ip, int64_t since)
{
    sqlite3_stmt *st = user_id > 0
                           ? db_stmt(db, "SELECT count(*) FROM password_resets WHERE user_id = ? AND created_at > ?")
                           : db_stmt(db, "SELECT count(*) FROM password_resets WHERE ip = ? AND created_at > ?");
    if (!st)
        return -1;
    if (user_id > 0)
        db_bind_int64(st, 1, user_id);
    else
        db_bind_text(st, 1, ip);
    db_bind_int64(st, 2, since);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* The personalisation of the email: name, link, and how long it works. */
static char *personalisation(const char *name, const char *token, int64_t ttl)
{
    char link[700], expires[64];
    snprintf(link, sizeof link, "%s/password-reset/%s", messages_base_url(), token);
    if (ttl >= 3600 && ttl % 3600 == 0)
        snprintf(expires, sizeof expires, "%lld hour%s", (long long)(ttl / 3600), ttl == 3600 ? "" : "s");
    else
        snprintf(expires, sizeof expires, "%lld minute%s", (long long)((ttl + 59) / 60),
                 (ttl + 59) / 60 == 1 ? "" : "s");
    json_t *p = json_pack("{s:s, s:s, s:s}", "name", name, "link", link, "expires", expires);
    char *s = p ? json_dumps(p, JSON_COMPACT) : NULL;
    json_decref(p);
    return s;
}

int password_reset_request(Db *db, const char *email, const char *ip, int64_t now, int64_t ttl)
{
    char lower[256];
    size_t i = 0;
    for (; email[i] && i + 1 < sizeof lower; i++)
        lower[i] = (char)tolower((unsigned char)email[i]);
    lower[i] = '\0';
    if (db_begin(db) != 0)
        return -1;
    User u;
    int found = user_get_by_email(db, email, &u);
    if (found < 0) {
        db_rollback(db);
        return -1;
    }
    const char *why = NULL;
    char *pers = NULL;
    int ret = -1;
    if (!found || u.disabled_at) {
        why = found ? "account disabled: nothing sent" : "no such account: nothing sent";
    } else {
        int64_t mine = made_since(db, u.id, NULL, now - RESET_WINDOW);
        int64_t theirs = made_since(db, 0, ip, now - RESET_WINDOW);
        if (mine < 0 || theirs < 0)
            goto out;
        if (!reset_request_allowed(mine, theirs)) {
            why = mine >= RESET_PER_EMAIL ? "too many links asked for this account: nothing sent"
                                          : "too many links asked from this address: nothing sent";
            log_warn("password reset: %s (%s from %s)", why, lower, ip);
        }
    }
    if (!why) {
        unsigned char hash[LINK_TOKEN_HASH_BYTES];
        char token[LINK_TOKEN_LEN + 1];
        link_token_new(token, hash);
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO password_resets (token_hash, user_id, ip, created_at, expires_at)"
                                       " VALUES (?, ?, ?, ?, ?)");
        if (!st)
            goto out;
        sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_TRANSIENT);
        db_bind_int64(st, 2, u.id);
        db_bind_text(st, 3, ip);
        db_bind_int64(st, 4, now);
        db_bind_int64(st, 5, now + ttl);
        if (step_done(db, st) != 0)
            goto out;
        pers = personalisation(u.name, token, ttl);
        sodium_memzero(token, sizeof token);
        char uid[24];
        snprintf(uid, sizeof uid, "%lld", (long long)u.id);
        OutboxMessage m = {.recipient = u.email, .template_key = "password-reset", .personalisation = pers,
                           .object_type = "user", .object_id = uid};
        if (!pers || outbox_queue(db, &m) <= 0)
            goto out;
        why = "link sent";
    }
    char uid[24];
    snprintf(uid, sizeof uid, "%lld", (long long)(found ? u.id : 0));
    AuditChange ch[] = {{"email", NULL, email}, {"outcome", NULL, why}};
    Actor a = {.user_id = 0, .label = "anonymous", .ip = ip};
    if (audit_append(db, &a, "password-reset.requested", found ? "user" : "login", found ? uid : lower, ch, 2,
                     NULL) != 0)
        goto out;
    ret = db_commit(db) == 0 ? 0 : -1;
    goto done;
out:
    db_rollback(db);
done:
    free(pers);
    if (found)
        user_free(&u);
    return ret;
}

/* The link's account, if it works at now: RESET_OK, RESET_GONE, RESET_ERROR. */
static int find(Db *db, const char *token, int64_t now, int64_t *user_id)
{
    *user_id = 0;
    if (!token || strlen(token) != RESET_TOKEN_LEN)
        return RESET_GONE;
    unsigned char hash[LINK_TOKEN_HASH_BYTES];
    link_token_hash(token, hash);
    sqlite3_stmt *st = db_stmt(db, "SELECT user_id, expires_at, coalesce(used_at, 0) FROM password_resets"
                                   " WHERE token_hash = ?");
    if (!st)
        return RESET_ERROR;
    sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int ret = RESET_GONE;
    if (rc == SQLITE_ROW) {
        if (reset_link_usable(sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), now)) {
            *user_id = sqlite3_column_int64(st, 0);
            ret = RESET_OK;
        }
    } else if (rc != SQLITE_DONE) {
        ret = RESET_ERROR;
    }
    sqlite3_reset(st);
    return ret;
}

int password_reset_find(Db *db, const char *token, int64_t now, int64_t *user_id)
{
    int rc = find(db, token, now, user_id);
    if (rc != RESET_OK)
        return rc;
    User u; /* a disabled account's link does not work */
    int found = user_get(db, *user_id, &u);
    if (found < 0)
        return RESET_ERROR;
    int ok = found == 1 && !u.disabled_at;
    if (found == 1)
        user_free(&u);
    return ok ? RESET_OK : RESET_GONE;
}

int password_reset_use(Db *db, const char *token, const char *password_hash, const char *ip, int64_t now)
{
    if (db_begin(db) != 0)
        return RESET_ERROR;
    int64_t uid = 0;
    int ret = password_reset_find(db, token, now, &uid);
    if (ret != RESET_OK) {
        db_rollback(db);
        return ret;
    }
    ret = RESET_ERROR;
    User u;
    if (user_get(db, uid, &u) != 1) {
        db_rollback(db);
        return RESET_ERROR;
    }
    char stamp[32], idstr[24], label[512];
    log_timestamp(stamp);
    snprintf(idstr, sizeof idstr, "%lld", (long long)uid);
    snprintf(label, sizeof label, "%s <%s>", u.name, u.email);
    /* every link of the account stops working, this one included */
    sqlite3_stmt *st = db_stmt(db, "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL");
    if (!st)
        goto out;
    db_bind_int64(st, 1, now);
    db_bind_int64(st, 2, uid);
    if (step_done(db, st) != 0)
        goto out;
    st = db_stmt(db, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?");
    if (!st)
        goto out;
    db_bind_text(st, 1, password_hash);
    db_bind_text(st, 2, stamp);
    db_bind_int64(st, 3, uid);
    if (step_done(db, st) != 0)
        goto out;
    st = db_stmt(db, "DELETE FROM sessions WHERE user_id = ?");
    if (!st)
        goto out;
    db_bind_int64(st, 1, uid);
    if (step_done(db, st) != 0)
        goto out;
    AuditChange ch[] = {{"password", NULL, "reset by email link (not recorded)"}, {"sessions", NULL, "all ended"}};
    Actor a = {.user_id = uid, .label = label, .ip = ip};
    if (audit_append(db, &a, "user.password-reset", "user", idstr, ch, 2, "reset their own password by email") != 0)
        goto out;
    ret = db_commit(db) == 0 ? RESET_OK : RESET_ERROR;
    user_free(&u);
    return ret;
out:
    db_rollback(db);
    user_free(&u);
    return RESET_ERROR;
}
