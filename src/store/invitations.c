/*
 * invitations.c - inviting people outside DfE. See invitations.h.
 *
 * The token is 32 random bytes in hex, sent only in the email; the table
 * keeps its BLAKE2b hash, as password reset links do, so a copy of the
 * database cannot be used to take over an invited account.
 */
#include "store/invitations.h"

#include "core/date.h"
#include "core/log.h"
#include "store/link_tokens.h"
#include "store/messages.h"
#include "store/organisations.h"
#include "store/outbox.h"
#include "store/users.h"

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
        log_error("invitations: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

/* The actor's name without the email ("Alex Morgan <a@b>" -> "Alex Morgan"). */
static void actor_name(const Actor *a, char *out, size_t n)
{
    snprintf(out, n, "%s", a->label ? a->label : "DfE");
    char *lt = strstr(out, " <");
    if (lt)
        *lt = '\0';
}

/* A new link for user_id (inside the caller's transaction), and its email. */
static int new_link(Db *db, const Actor *actor, const User *u, int64_t case_id, int64_t now, int64_t ttl)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE invitations SET withdrawn_at = ? WHERE user_id = ? AND used_at IS NULL"
                                   " AND withdrawn_at IS NULL");
    if (!st)
        return -1;
    db_bind_int64(st, 1, now);
    db_bind_int64(st, 2, u->id);
    if (step_done(db, st) != 0)
        return -1;
    unsigned char hash[LINK_TOKEN_HASH_BYTES];
    char token[LINK_TOKEN_LEN + 1];
    link_token_new(token, hash);
    st = db_stmt(db, "INSERT INTO invitations (user_id, token_hash, invited_by_id, invited_by, case_id, created_at,"
                     " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return -1;
    db_bind_int64(st, 1, u->id);
    sqlite3_bind_blob(st, 2, hash, sizeof hash, SQLITE_TRANSIENT);
    if (actor->user_id > 0)
        db_bind_int64(st, 3, actor->user_id);
    db_bind_text(st, 4, actor->label);
    if (case_id > 0)
        db_bind_int64(st, 5, case_id);
    db_bind_int64(st, 6, now);
    db_bind_int64(st, 7, now + ttl);
    if (step_done(db, st) != 0)
        return -1;

    char link[700], org[400], inviter[256], until[64], uid[24];
    snprintf(link, sizeof link, "%s/invitation/%s", messages_base_url(), token);
    sodium_memzero(token, sizeof token);
    if (org_describe(db, org_kind_from_slug(u->org_kind), u->organisation, org, sizeof org) < 0)
        return -1;
    actor_name(actor, inviter, sizeof inviter);
    date_long(date_local(now + ttl), until, (int)sizeof until);
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", u->name, "inviter", inviter, "organisation", org,
                          "link", link, "expires", until);
    char *pers = p ? json_dumps(p, JSON_COMPACT) : NULL;
    json_decref(p);
    sodium_memzero(link, sizeof link);
    if (!pers)
        return -1;
    snprintf(uid, sizeof uid, "%lld", (long long)u->id);
    OutboxMessage m = {.recipient = u->email, .template_key = "invitation", .personalisation = pers,
                       .object_type = "user", .object_id = uid};
    int64_t id = outbox_queue(db, &m);
    free(pers);
    return id > 0 ? 0 : -1;
}

int invitation_send(Db *db, const Actor *actor, const InviteFields *f, int64_t case_id, int64_t now, int64_t ttl,
                    int64_t *user_id)
{
    *user_id = 0;
    if (db_begin(db) != 0)
        return INVITE_ERROR;
    char stamp[32];
    log_timestamp(stamp);
    const char *kind = org_kind_slug(f->kind);
    const char *role = role_slug(org_kind_role(f->kind));
    if (!kind || !role)
        goto fail;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO users (email, name, role, organisation, org_kind, password_hash,"
                                   " invited_by_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st)
        goto fail;
    db_bind_text(st, 1, f->email);
    db_bind_text(st, 2, f->name);
    db_bind_text(st, 3, role);
    db_bind_text(st, 4, f->organisation);
    db_bind_text(st, 5, kind);
    db_bind_text(st, 6, USER_NO_PASSWORD);
    if (actor->user_id > 0)
        db_bind_int64(st, 7, actor->user_id);
    db_bind_text(st, 8, stamp);
    db_bind_text(st, 9, stamp);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        db_rollback(db);
        return INVITE_EMAIL_TAKEN;
    }
    if (rc != SQLITE_DONE) {
        log_error("invitations: %s", sqlite3_errmsg(db_handle(db)));
        goto fail;
    }
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    User u;
    if (user_get(db, id, &u) != 1)
        goto fail;
    char org[400], ids[24], cids[24];
    int known = org_describe(db, f->kind, f->organisation, org, sizeof org);
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    snprintf(cids, sizeof cids, "%lld", (long long)case_id);
    AuditChange ch[] = {
        {"email", NULL, f->email},
        {"name", NULL, f->name},
        {"role", NULL, role},
        {"organisation", NULL, org},
        {"invited from case", NULL, case_id > 0 ? cids : NULL},
    };
    int ok = known >= 0 && new_link(db, actor, &u, case_id, now, ttl) == 0 &&
             audit_append(db, actor, "user.invited", "user", ids, ch, case_id > 0 ? 5 : 4, NULL) == 0;
    user_free(&u);
    if (!ok || db_commit(db) != 0)
        goto fail;
    *user_id = id;
    return INVITE_OK;
fail:
    db_rollback(db);
    return INVITE_ERROR;
}

int invitation_resend(Db *db, const Actor *actor, int64_t user_id, int64_t now, int64_t ttl)
{
    if (db_begin(db) != 0)
        return INVITE_ERROR;
    User u;
    int found = user_get(db, user_id, &u);
    if (found != 1) {
        db_rollback(db);
        return found == 0 ? INVITE_NOT_FOUND : INVITE_ERROR;
    }
    int ret = INVITE_ERROR;
    if (!u.invited || u.disabled_at) {
        ret = INVITE_GONE;
        goto out;
    }
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)user_id);
    AuditChange ch[] = {{"invitation", "earlier link", "new link sent (the earlier one no longer works)"}};
    if (new_link(db, actor, &u, 0, now, ttl) != 0 ||
        audit_append(db, actor, "user.invitation-resent", "user", ids, ch, 1, NULL) != 0)
        goto out;
    user_free(&u);
    return db_commit(db) == 0 ? INVITE_OK : INVITE_ERROR;
out:
    db_rollback(db);
    user_free(&u);
    return ret;
}

int invitation_find(Db *db, const char *token, int64_t now, int64_t *user_id)
{
    *user_id = 0;
    if (!token || strlen(token) != INVITATION_TOKEN_LEN)
        return INVITE_GONE;
    unsigned char hash[LINK_TOKEN_HASH_BYTES];
    link_token_hash(token, hash);
    sqlite3_stmt *st = db_stmt(db, "SELECT i.user_id, coalesce(i.used_at, 0), coalesce(i.withdrawn_at, 0),"
                                   " i.expires_at, u.disabled_at IS NULL AND u.password_hash = ?"
                                   " FROM invitations i JOIN users u ON u.id = i.user_id WHERE i.token_hash = ?");
    if (!st)
        return INVITE_ERROR;
    db_bind_text(st, 1, USER_NO_PASSWORD);
    sqlite3_bind_blob(st, 2, hash, sizeof hash, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int ret = INVITE_GONE;
    if (rc == SQLITE_ROW) {
        InvitationState s = invitation_state(sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
                                             sqlite3_column_int64(st, 3), now);
        if (s == INVITATION_OPEN && sqlite3_column_int(st, 4)) {
            *user_id = sqlite3_column_int64(st, 0);
            ret = INVITE_OK;
        }
    } else if (rc != SQLITE_DONE) {
        ret = INVITE_ERROR;
    }
    sqlite3_reset(st);
    return ret;
}

int invitation_accept(Db *db, const char *token, const char *password_hash, const char *ip, int64_t now)
{
    if (db_begin(db) != 0)
        return INVITE_ERROR;
    int64_t uid = 0;
    int ret = invitation_find(db, token, now, &uid);
    if (ret != INVITE_OK) {
        db_rollback(db);
        return ret;
    }
    User u;
    if (user_get(db, uid, &u) != 1) {
        db_rollback(db);
        return INVITE_ERROR;
    }
    ret = INVITE_ERROR;
    char stamp[32], ids[24], label[512];
    log_timestamp(stamp);
    snprintf(ids, sizeof ids, "%lld", (long long)uid);
    snprintf(label, sizeof label, "%s <%s>", u.name, u.email);
    sqlite3_stmt *st = db_stmt(db, "UPDATE invitations SET used_at = ? WHERE user_id = ? AND used_at IS NULL"
                                   " AND withdrawn_at IS NULL");
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
    AuditChange ch[] = {{"invitation", "waiting to be accepted", "accepted"}, {"password", NULL, "set (not recorded)"}};
    Actor a = {.user_id = uid, .label = label, .ip = ip};
    if (audit_append(db, &a, "user.invitation-accepted", "user", ids, ch, 2, NULL) != 0)
        goto out;
    user_free(&u);
    return db_commit(db) == 0 ? INVITE_OK : INVITE_ERROR;
out:
    db_rollback(db);
    user_free(&u);
    return ret;
}

int invitations_list(Db *db, int64_t invited_by_id, int64_t now, InvitationList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT u.id, coalesce(i.case_id, 0), u.name, u.email, u.org_kind, u.organisation, i.invited_by,"
            " i.created_at, i.expires_at, coalesce(i.used_at, 0), coalesce(i.withdrawn_at, 0), u.disabled_at IS NOT NULL"
            " FROM invitations i JOIN users u ON u.id = i.user_id"
            " WHERE i.id = (SELECT max(id) FROM invitations WHERE user_id = u.id)"
            " AND (?1 = 0 OR u.invited_by_id = ?1) ORDER BY i.created_at DESC, i.id DESC LIMIT 500");
    if (!st)
        return -1;
    db_bind_int64(st, 1, invited_by_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            InvitationRow *g = realloc(out->items, cap * sizeof *g);
            if (!g) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->items = g;
        }
        InvitationRow *x = &out->items[out->n++];
        memset(x, 0, sizeof *x);
        x->user_id = sqlite3_column_int64(st, 0);
        x->case_id = sqlite3_column_int64(st, 1);
        x->name = db_col_dup(st, 2);
        x->email = db_col_dup(st, 3);
        x->org_kind = db_col_dup(st, 4);
        x->organisation = db_col_dup(st, 5);
        x->invited_by = db_col_dup(st, 6);
        x->created_at = sqlite3_column_int64(st, 7);
        x->expires_at = sqlite3_column_int64(st, 8);
        x->used_at = sqlite3_column_int64(st, 9);
        x->withdrawn_at = sqlite3_column_int64(st, 10);
        x->disabled = sqlite3_column_int(st, 11);
        x->state = invitation_state(x->used_at, x->withdrawn_at, x->expires_at, now);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        invitation_list_free(out);
        return -1;
    }
    return 0;
}

void invitation_list_free(InvitationList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        InvitationRow *x = &l->items[i];
        free(x->name);
        free(x->email);
        free(x->org_kind);
        free(x->organisation);
        free(x->invited_by);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
