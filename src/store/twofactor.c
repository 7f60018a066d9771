/*
 * twofactor.c - two-factor storage. See twofactor.h.
 *
 * A recovery code is ten random characters (about 49 bits), so a fast hash
 * is enough to keep it from being read back: BLAKE2b of the person's id and
 * the code (the id so that two people's hashes never compare).
 */
#include "store/twofactor.h"

#include "core/log.h"
#include "store/users.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void recovery_hash(int64_t user_id, const char *code, unsigned char out[32])
{
    char msg[64];
    int n = snprintf(msg, sizeof msg, "rise-recovery:%lld:%s", (long long)user_id, code);
    crypto_generichash(out, 32, (const unsigned char *)msg, (size_t)(n > 0 ? n : 0), NULL, 0);
    sodium_memzero(msg, sizeof msg);
}

int twofactor_get(Db *db, int64_t user_id, TwoFactor *tf)
{
    memset(tf, 0, sizeof *tf);
    sqlite3_stmt *st = db_stmt(db, "SELECT totp_secret, coalesce(totp_last_step, 0),"
                                   " (SELECT count(*) FROM recovery_codes r WHERE r.user_id = users.id"
                                   "  AND r.used_at IS NULL)"
                                   " FROM users WHERE id = ? AND totp_secret IS NOT NULL");
    if (!st)
        return -1;
    db_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    int found = 0;
    if (rc == SQLITE_ROW) {
        int n = sqlite3_column_bytes(st, 0);
        if (n > 0 && n <= TOTP_SECRET_BYTES) {
            memcpy(tf->secret, sqlite3_column_blob(st, 0), (size_t)n);
            tf->secret_len = (size_t)n;
            tf->last_step = sqlite3_column_int64(st, 1);
            tf->recovery_left = sqlite3_column_int(st, 2);
            found = 1;
        }
    } else if (rc != SQLITE_DONE) {
        found = -1;
    }
    sqlite3_reset(st);
    return found;
}

static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int twofactor_set_up(Db *db, const Actor *actor, int64_t user_id, const unsigned char *secret, size_t n,
                     int64_t step, char codes[][RECOVERY_CODE_LEN + 1], int ncodes)
{
    char now[32], idstr[24];
    log_timestamp(now);
    snprintf(idstr, sizeof idstr, "%lld", (long long)user_id);
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET totp_secret = ?, totp_last_step = ?, totp_set_up_at = ?,"
                                   " updated_at = ? WHERE id = ?");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, secret, (int)n, SQLITE_TRANSIENT);
    db_bind_int64(st, 2, step);
    db_bind_text(st, 3, now);
    db_bind_text(st, 4, now);
    db_bind_int64(st, 5, user_id);
    if (step_done(st) != 0 || sqlite3_changes(db_handle(db)) != 1)
        return -1;
    st = db_stmt(db, "DELETE FROM recovery_codes WHERE user_id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, user_id);
    if (step_done(st) != 0)
        return -1;
    for (int i = 0; i < ncodes; i++) {
        unsigned char h[32];
        recovery_hash(user_id, codes[i], h);
        st = db_stmt(db, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)");
        if (!st)
            return -1;
        db_bind_int64(st, 1, user_id);
        sqlite3_bind_blob(st, 2, h, 32, SQLITE_TRANSIENT);
        if (step_done(st) != 0)
            return -1;
    }
    char count[16];
    snprintf(count, sizeof count, "%d", ncodes);
    AuditChange ch[] = {{"two-factor", NULL, "set up"}, {"recovery codes", NULL, count}};
    return audit_append(db, actor, "user.two-factor.set-up", "user", idstr, ch, 2, NULL);
}

int twofactor_use_step(Db *db, int64_t user_id, int64_t step)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_secret IS NOT NULL"
                                   " AND coalesce(totp_last_step, 0) < ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, step);
    db_bind_int64(st, 2, user_id);
    db_bind_int64(st, 3, step);
    if (step_done(st) != 0)
        return -1;
    return sqlite3_changes(db_handle(db)) == 1;
}

int twofactor_use_recovery(Db *db, int64_t user_id, const char *code)
{
    unsigned char h[32];
    recovery_hash(user_id, code, h);
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ?"
                                   " AND used_at IS NULL");
    if (!st)
        return -1;
    db_bind_text(st, 1, now);
    db_bind_int64(st, 2, user_id);
    sqlite3_bind_blob(st, 3, h, 32, SQLITE_TRANSIENT);
    if (step_done(st) != 0)
        return -1;
    return sqlite3_changes(db_handle(db)) == 1;
}

int twofactor_reset(Db *db, const Actor *actor, int64_t user_id, const char *reason)
{
    if (db_begin(db) != 0)
        return USER_ERROR;
    char now[32], idstr[24];
    log_timestamp(now);
    snprintf(idstr, sizeof idstr, "%lld", (long long)user_id);
    TwoFactor tf;
    int had = twofactor_get(db, user_id, &tf);
    sodium_memzero(&tf, sizeof tf);
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET totp_secret = NULL, totp_last_step = NULL,"
                                   " totp_set_up_at = NULL, updated_at = ? WHERE id = ?");
    if (had < 0 || !st)
        goto fail;
    db_bind_text(st, 1, now);
    db_bind_int64(st, 2, user_id);
    if (step_done(st) != 0)
        goto fail;
    if (sqlite3_changes(db_handle(db)) != 1) {
        db_rollback(db);
        return USER_NOT_FOUND;
    }
    const char *dels[] = {"DELETE FROM recovery_codes WHERE user_id = ?", "DELETE FROM sessions WHERE user_id = ?"};
    for (int i = 0; i < 2; i++) {
        st = db_stmt(db, dels[i]);
        if (!st)
            goto fail;
        db_bind_int64(st, 1, user_id);
        if (step_done(st) != 0)
            goto fail;
    }
    AuditChange ch[] = {{"two-factor", had ? "set up" : "not set up", "reset"}};
    if (audit_append(db, actor, "user.two-factor.reset", "user", idstr, ch, 1, reason) != 0)
        goto fail;
    return db_commit(db) == 0 ? USER_OK : USER_ERROR;
fail:
    db_rollback(db);
    return USER_ERROR;
}

void twofactor_new_recovery_codes(char codes[][RECOVERY_CODE_LEN + 1], int n)
{
    for (int i = 0; i < n; i++) {
        unsigned char rnd[RECOVERY_CODE_LEN];
        randombytes_buf(rnd, sizeof rnd);
        recovery_code_from_bytes(rnd, codes[i]);
    }
}
