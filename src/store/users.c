/*
 * users.c - account storage. Every write runs in a BEGIN IMMEDIATE
 * transaction together with its audit row.
 */
#include "store/users.h"

#include "core/buf.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_COLS                                                                                                  \
    "id, email, name, role, region, organisation, password_hash, disabled_at, created_at, updated_at, last_login_at," \
    " org_kind, coalesce(expiry_notice_at, 0), coalesce(invited_by_id, 0)"

void user_free(User *u)
{
    free(u->email);
    free(u->name);
    free(u->role);
    free(u->region);
    free(u->organisation);
    free(u->password_hash);
    free(u->disabled_at);
    free(u->created_at);
    free(u->updated_at);
    free(u->last_login_at);
    free(u->org_kind);
    memset(u, 0, sizeof *u);
}

static void read_user(sqlite3_stmt *st, User *u)
{
    u->id = sqlite3_column_int64(st, 0);
    u->email = db_col_dup(st, 1);
    u->name = db_col_dup(st, 2);
    u->role = db_col_dup(st, 3);
    u->region = db_col_dup(st, 4);
    u->organisation = db_col_dup(st, 5);
    u->password_hash = db_col_dup(st, 6);
    u->disabled_at = db_col_dup(st, 7);
    u->created_at = db_col_dup(st, 8);
    u->updated_at = db_col_dup(st, 9);
    u->last_login_at = db_col_dup(st, 10);
    u->org_kind = db_col_dup(st, 11);
    u->expiry_notice_at = sqlite3_column_int64(st, 12);
    u->invited_by_id = sqlite3_column_int64(st, 13);
    u->invited = u->password_hash && strcmp(u->password_hash, USER_NO_PASSWORD) == 0;
}

static int get_one(sqlite3_stmt *st, User *out)
{
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_user(st, out);
        sqlite3_reset(st);
        return 1;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int user_get(Db *db, int64_t id, User *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " USER_COLS " FROM users WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return get_one(st, out);
}

int user_get_by_email(Db *db, const char *email, User *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " USER_COLS " FROM users WHERE email = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, email);
    return get_one(st, out);
}

static const char *blank_to_null(const char *s)
{
    return (s && *s) ? s : NULL;
}

int user_create(Db *db, const Actor *actor, const UserFields *f, const char *hash, const char *reason,
                int64_t *id_out)
{
    if (db_begin(db) != 0)
        return USER_ERROR;
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO users (email, name, role, region, organisation, password_hash,"
                                   " created_at, updated_at, org_kind) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st)
        goto fail;
    db_bind_text(st, 1, f->email);
    db_bind_text(st, 2, f->name);
    db_bind_text(st, 3, f->role);
    db_bind_text(st, 4, blank_to_null(f->region));
    db_bind_text(st, 5, blank_to_null(f->organisation));
    db_bind_text(st, 6, hash);
    db_bind_text(st, 7, now);
    db_bind_text(st, 8, now);
    db_bind_text(st, 9, blank_to_null(f->org_kind));
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        db_rollback(db);
        return USER_EMAIL_TAKEN;
    }
    if (rc != SQLITE_DONE) {
        log_error("user insert failed: %s", sqlite3_errmsg(db_handle(db)));
        goto fail;
    }
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    char idstr[24];
    snprintf(idstr, sizeof idstr, "%lld", (long long)id);
    AuditChange ch[] = {
        {"email", NULL, f->email},
        {"name", NULL, f->name},
        {"role", NULL, f->role},
        {"region", NULL, blank_to_null(f->region)},
        {"organisation", NULL, blank_to_null(f->organisation)},
        {"organisation kind", NULL, blank_to_null(f->org_kind)},
        {"password", NULL, strcmp(hash, USER_NO_PASSWORD) == 0 ? "none yet (invited)" : "set (not recorded)"},
    };
    if (audit_append(db, actor, "user.create", "user", idstr, ch, sizeof ch / sizeof ch[0], reason) != 0)
        goto fail;
    if (db_commit(db) != 0)
        return USER_ERROR;
    if (id_out)
        *id_out = id;
    return USER_OK;
fail:
    db_rollback(db);
    return USER_ERROR;
}

static int differs(const char *a, const char *b)
{
    a = blank_to_null(a);
    b = blank_to_null(b);
    if (!a || !b)
        return a != b;
    return strcmp(a, b) != 0;
}

int user_update(Db *db, const Actor *actor, int64_t id, const UserFields *f, const char *reason)
{
    if (db_begin(db) != 0)
        return USER_ERROR;
    User old;
    int found = user_get(db, id, &old);
    if (found != 1) {
        db_rollback(db);
        return found == 0 ? USER_NOT_FOUND : USER_ERROR;
    }
    AuditChange ch[6];
    size_t n = 0;
    int kind_changes = f->org_kind && *f->org_kind && differs(old.org_kind, f->org_kind);
    if (kind_changes)
        ch[n++] = (AuditChange){"organisation kind", old.org_kind, f->org_kind};
    if (differs(old.email, f->email))
        ch[n++] = (AuditChange){"email", old.email, f->email};
    if (differs(old.name, f->name))
        ch[n++] = (AuditChange){"name", old.name, f->name};
    if (differs(old.role, f->role))
        ch[n++] = (AuditChange){"role", old.role, f->role};
    if (differs(old.region, f->region))
        ch[n++] = (AuditChange){"region", old.region, blank_to_null(f->region)};
    if (differs(old.organisation, f->organisation))
        ch[n++] = (AuditChange){"organisation", old.organisation, blank_to_null(f->organisation)};
    int result = USER_OK;
    if (n > 0) {
        char now[32], idstr[24];
        log_timestamp(now);
        snprintf(idstr, sizeof idstr, "%lld", (long long)id);
        sqlite3_stmt *st = db_stmt(db, "UPDATE users SET email = ?, name = ?, role = ?, region = ?,"
                                       " organisation = ?, updated_at = ?, org_kind = coalesce(?, org_kind)"
                                       " WHERE id = ?");
        if (!st) {
            result = USER_ERROR;
            goto done;
        }
        db_bind_text(st, 1, f->email);
        db_bind_text(st, 2, f->name);
        db_bind_text(st, 3, f->role);
        db_bind_text(st, 4, blank_to_null(f->region));
        db_bind_text(st, 5, blank_to_null(f->organisation));
        db_bind_text(st, 6, now);
        db_bind_text(st, 7, kind_changes ? f->org_kind : NULL);
        db_bind_int64(st, 8, id);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_CONSTRAINT_UNIQUE)
            result = USER_EMAIL_TAKEN;
        else if (rc != SQLITE_DONE || audit_append(db, actor, "user.update", "user", idstr, ch, n, reason) != 0)
            result = USER_ERROR;
        /* a change of role or scope takes effect at once: sign them out */
        if (result == USER_OK && (differs(old.role, f->role) || differs(old.region, f->region) ||
                                  differs(old.organisation, f->organisation) || kind_changes)) {
            sqlite3_stmt *del = db_stmt(db, "DELETE FROM sessions WHERE user_id = ?");
            if (del) {
                db_bind_int64(del, 1, id);
                sqlite3_step(del);
                sqlite3_reset(del);
            }
        }
    }
done:
    user_free(&old);
    if (result != USER_OK) {
        db_rollback(db);
        return result;
    }
    return db_commit(db) == 0 ? USER_OK : USER_ERROR;
}

static int end_sessions(Db *db, int64_t id)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM sessions WHERE user_id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int user_set_password(Db *db, const Actor *actor, int64_t id, const char *hash, const char *reason)
{
    if (db_begin(db) != 0)
        return USER_ERROR;
    char now[32], idstr[24];
    log_timestamp(now);
    snprintf(idstr, sizeof idstr, "%lld", (long long)id);
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?");
    if (!st)
        goto fail;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        goto fail;
    if (sqlite3_changes(db_handle(db)) == 0) {
        db_rollback(db);
        return USER_NOT_FOUND;
    }
    AuditChange ch[] = {{"password", NULL, "reset (not recorded)"}};
    if (end_sessions(db, id) != 0 || audit_append(db, actor, "user.password-reset", "user", idstr, ch, 1, reason) != 0)
        goto fail;
    return db_commit(db) == 0 ? USER_OK : USER_ERROR;
fail:
    db_rollback(db);
    return USER_ERROR;
}

int user_set_disabled(Db *db, const Actor *actor, int64_t id, int disabled, const char *reason)
{
    if (db_begin(db) != 0)
        return USER_ERROR;
    User old;
    int found = user_get(db, id, &old);
    if (found != 1) {
        db_rollback(db);
        return found == 0 ? USER_NOT_FOUND : USER_ERROR;
    }
    int was = old.disabled_at != NULL;
    user_free(&old);
    if (was == !!disabled) {
        db_rollback(db);
        return USER_OK; /* nothing to change */
    }
    char now[32], idstr[24];
    log_timestamp(now);
    snprintf(idstr, sizeof idstr, "%lld", (long long)id);
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?");
    if (!st)
        goto fail;
    db_bind_text(st, 1, disabled ? now : NULL);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        goto fail;
    AuditChange ch[] = {{"status", disabled ? "active" : "disabled", disabled ? "disabled" : "active"}};
    if ((disabled && end_sessions(db, id) != 0) ||
        audit_append(db, actor, disabled ? "user.disable" : "user.enable", "user", idstr, ch, 1, reason) != 0)
        goto fail;
    return db_commit(db) == 0 ? USER_OK : USER_ERROR;
fail:
    db_rollback(db);
    return USER_ERROR;
}

int user_touch_login(Db *db, int64_t id)
{
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET last_login_at = ? WHERE id = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, now);
    db_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int user_list(Db *db, const char *q, const char *role, int64_t offset, int64_t limit, UserList *out)
{
    memset(out, 0, sizeof *out);
    const char *pat = NULL;
    Buf like = BUF_INIT;
    if (q && *q) {
        /* escape LIKE wildcards in what the user typed */
        buf_putc(&like, '%');
        for (const char *p = q; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\')
                buf_putc(&like, '\\');
            buf_putc(&like, *p);
        }
        buf_putc(&like, '%');
        pat = buf_str(&like);
    }
    const char *r = (role && *role) ? role : NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM users WHERE (?1 IS NULL OR name LIKE ?1 ESCAPE '\\'"
                                   " OR email LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR role = ?2)");
    if (!st)
        goto fail;
    db_bind_text(st, 1, pat);
    db_bind_text(st, 2, r);
    if (sqlite3_step(st) == SQLITE_ROW)
        out->total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = db_stmt(db, "SELECT " USER_COLS " FROM users WHERE (?1 IS NULL OR name LIKE ?1 ESCAPE '\\'"
                     " OR email LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR role = ?2)"
                     " ORDER BY name COLLATE NOCASE, id LIMIT ?3 OFFSET ?4");
    if (!st)
        goto fail;
    db_bind_text(st, 1, pat);
    db_bind_text(st, 2, r);
    db_bind_int64(st, 3, limit);
    db_bind_int64(st, 4, offset);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->items = xrealloc(out->items, cap * sizeof *out->items);
        }
        read_user(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    buf_free(&like);
    return rc == SQLITE_DONE ? 0 : -1;
fail:
    buf_free(&like);
    return -1;
}

void user_list_free(UserList *l)
{
    for (size_t i = 0; i < l->n; i++)
        user_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}
