/*
 * external_accounts.c - closing external accounts no longer on an open
 * case. See external_accounts.h.
 */
#define _GNU_SOURCE /* strptime, timegm */
#include "store/external_accounts.h"

#include "core/date.h"
#include "core/log.h"
#include "domain/access.h"
#include "domain/external.h"
#include "store/audit.h"
#include "store/casework.h"
#include "store/organisations.h"
#include "store/outbox.h"
#include "store/users.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int external_case_candidates(Db *db, OrgKind kind, const char *ref, int open_only, int64_t *ids, size_t max,
                             size_t *n)
{
    *n = 0;
    /* literals, each its own statement (db_stmt's cache keys on the address) */
#define SCHOOL_SQL "SELECT c.id FROM cases c WHERE c.subject_kind = 'school' AND c.subject_id = ?1"
#define TRUST_SQL                                                                                                  \
    "SELECT c.id FROM cases c LEFT JOIN schools s ON c.subject_kind = 'school' AND s.urn = c.subject_id"          \
    " WHERE ((c.subject_kind = 'trust' AND c.subject_id = ?1) OR s.trust_uid = ?1)"
#define LA_SQL                                                                                                     \
    "SELECT c.id FROM cases c JOIN schools s ON c.subject_kind = 'school' AND s.urn = c.subject_id"              \
    " WHERE s.la_code = ?2"
#define PROVIDER_SQL                                                                                               \
    "SELECT c.id FROM case_providers p JOIN cases c ON c.id = p.case_id"                                          \
    " WHERE p.organisation_id = ?1 AND p.status IN ('proposed','accepted','agreed','matched')"
#define OPEN " AND c.status IN ('in progress','paused')"
#define NEWEST " ORDER BY c.id DESC"
    static const char *const SQL[2][ORG_KIND_COUNT] = {
        {[ORG_SCHOOL] = SCHOOL_SQL NEWEST, [ORG_TRUST] = TRUST_SQL NEWEST, [ORG_LA] = LA_SQL NEWEST,
         [ORG_PROVIDER] = PROVIDER_SQL NEWEST},
        {[ORG_SCHOOL] = SCHOOL_SQL OPEN NEWEST, [ORG_TRUST] = TRUST_SQL OPEN NEWEST, [ORG_LA] = LA_SQL OPEN NEWEST,
         [ORG_PROVIDER] = PROVIDER_SQL OPEN NEWEST},
    };
    if (kind <= ORG_NONE || kind >= ORG_KIND_COUNT || !org_ref_valid(kind, ref))
        return 0;
#undef SCHOOL_SQL
#undef TRUST_SQL
#undef LA_SQL
#undef PROVIDER_SQL
#undef OPEN
#undef NEWEST
    sqlite3_stmt *st = db_stmt(db, SQL[open_only ? 1 : 0][kind]);
    if (!st)
        return -1;
    db_bind_int64(st, 1, strtoll(ref, NULL, 10));
    if (kind == ORG_LA)
        db_bind_text(st, 2, ref);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int external_on_open_case(Db *db, const char *role, const char *org_kind, const char *organisation)
{
    Principal p = {.user_id = 1, .role = role_from_slug(role), .organisation = organisation,
                   .org_kind = org_kind_from_slug(org_kind)};
    if (authorise(&p, PERM_CASE_EXTERNAL, NULL) != ACCESS_ALLOW)
        return 0;
    /* each candidate decided by authorise(), as the account's own pages are */
    int64_t ids[64];
    size_t n;
    if (external_case_candidates(db, p.org_kind, organisation, 1, ids, sizeof ids / sizeof ids[0], &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        Case c;
        if (case_get(db, ids[i], &c) != 1)
            continue;
        Scope s = case_scope(&c);
        int mine = authorise(&p, PERM_CASE_EXTERNAL, &s) == ACCESS_ALLOW;
        case_free(&c);
        if (mine)
            return 1;
    }
    return 0;
}

static const Actor SYSTEM = {.user_id = 0, .label = "account expiry", .ip = NULL};

/* Records the notice (or its clearing) with its email, in one transaction. */
static int notice(Db *db, const User *u, int64_t now, int64_t grace_s, int set)
{
    if (db_begin(db) != 0)
        return -1;
    char ids[24], until[40], org[400];
    snprintf(ids, sizeof ids, "%lld", (long long)u->id);
    date_long(date_local(now + grace_s), until, (int)sizeof until);
    sqlite3_stmt *st = db_stmt(db, "UPDATE users SET expiry_notice_at = ? WHERE id = ?");
    if (!st)
        goto fail;
    if (set)
        db_bind_int64(st, 1, now);
    db_bind_int64(st, 2, u->id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        goto fail;
    if (set) {
        if (org_describe(db, org_kind_from_slug(u->org_kind), u->organisation, org, sizeof org) < 0)
            goto fail;
        json_t *p = json_pack("{s:s, s:s, s:s}", "name", u->name, "organisation", org, "closes", until);
        char *pers = p ? json_dumps(p, JSON_COMPACT) : NULL;
        json_decref(p);
        OutboxMessage m = {.recipient = u->email, .template_key = "account-closing", .personalisation = pers,
                           .object_type = "user", .object_id = ids};
        int64_t qid = pers ? outbox_queue(db, &m) : -1;
        free(pers);
        if (qid <= 0)
            goto fail;
    }
    char why[200];
    snprintf(why, sizeof why, set ? "no longer on an open case: the account closes on %s unless it is on one again"
                                  : "on an open case again%s",
             set ? until : "");
    AuditChange ch[] = {{"account closes", set ? NULL : "after the notice", set ? until : NULL}};
    if (audit_append(db, &SYSTEM, set ? "user.expiry-notice" : "user.expiry-notice-cleared", "user", ids, ch, 1,
                     why) != 0)
        goto fail;
    return db_commit(db) == 0 ? 0 : -1;
fail:
    db_rollback(db);
    return -1;
}

int external_accounts_sweep(Db *db, int64_t now, int64_t grace_s, SweepCounts *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM users WHERE disabled_at IS NULL AND org_kind IS NOT NULL"
                                   " AND role IN ('school','supporting-organisation') ORDER BY id");
    if (!st)
        return -1;
    size_t cap = 0, n = 0;
    int64_t *ids = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *g = realloc(ids, cap * sizeof *g);
            if (!g) {
                rc = SQLITE_NOMEM;
                break;
            }
            ids = g;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(ids);
        return -1;
    }
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        User u;
        if (user_get(db, ids[i], &u) != 1)
            continue;
        out->checked++;
        int on = external_on_open_case(db, u.role, u.org_kind, u.organisation);
        struct tm tm = {0};
        int64_t made = now;
        if (u.created_at && strptime(u.created_at, "%Y-%m-%dT%H:%M:%S", &tm))
            made = (int64_t)timegm(&tm);
        ExternalAction a = on < 0 ? EXTERNAL_KEEP : external_account_action(on, made, u.expiry_notice_at, now, grace_s);
        if (on < 0) {
            ret = -1;
        } else if (a == EXTERNAL_NOTICE || a == EXTERNAL_CLEAR) {
            if (notice(db, &u, now, grace_s, a == EXTERNAL_NOTICE) != 0)
                ret = -1;
            else if (a == EXTERNAL_NOTICE)
                out->noticed++;
            else
                out->cleared++;
        } else if (a == EXTERNAL_DISABLE) {
            if (user_set_disabled(db, &SYSTEM, u.id, 1,
                                  "No longer on an open case: closed after the notice ran out") != USER_OK)
                ret = -1;
            else
                out->disabled++;
        }
        user_free(&u);
    }
    free(ids);
    return ret;
}
