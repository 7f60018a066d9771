/*
 * organisations.c - naming and finding the organisations external accounts
 * belong to. See organisations.h.
 */
#include "store/organisations.h"

#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *organisation_kind_label(const char *kind)
{
    if (kind && strcmp(kind, "system-leader") == 0)
        return "System leader";
    return "Supporting organisation";
}

static int one_text(sqlite3_stmt *st, char **out)
{
    *out = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_type(st, 0) == SQLITE_NULL ? NULL : db_col_dup(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    return *out != NULL;
}

int org_describe(Db *db, OrgKind kind, const char *ref, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s %s", org_kind_label(kind), ref ? ref : "");
    if (!org_ref_valid(kind, ref))
        return 0;
    sqlite3_stmt *st = NULL;
    const char *fmt = "%s";
    char *kind_text = NULL;
    switch (kind) {
    case ORG_SCHOOL:
        st = db_stmt(db, "SELECT name FROM schools WHERE urn = ?");
        fmt = "%s (URN %s)";
        break;
    case ORG_TRUST:
        st = db_stmt(db, "SELECT coalesce((SELECT name FROM groups WHERE uid = ?1),"
                         " (SELECT trust_name FROM schools WHERE trust_uid = ?1 AND trust_name IS NOT NULL LIMIT 1))");
        fmt = "%s (academy trust)";
        break;
    case ORG_LA:
        st = db_stmt(db, "SELECT la_name FROM schools WHERE la_code = ?1 AND la_name IS NOT NULL LIMIT 1");
        fmt = "%s (local authority)";
        break;
    case ORG_PROVIDER:
        st = db_stmt(db, "SELECT name, kind FROM organisations WHERE id = ?");
        break;
    default: return 0;
    }
    if (!st)
        return -1;
    if (kind == ORG_LA)
        db_bind_text(st, 1, ref);
    else
        db_bind_int64(st, 1, strtoll(ref, NULL, 10));
    char *name = NULL;
    if (kind == ORG_PROVIDER) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            name = db_col_dup(st, 0);
            kind_text = db_col_dup(st, 1);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return -1;
    } else if (one_text(st, &name) < 0) {
        return -1;
    }
    if (!name)
        return 0;
    if (kind == ORG_PROVIDER) {
        char lower[64];
        snprintf(lower, sizeof lower, "%s", organisation_kind_label(kind_text));
        lower[0] = (char)(lower[0] - 'A' + 'a');
        snprintf(out, outlen, "%s (%s)", name, lower);
    } else {
        snprintf(out, outlen, fmt, name, ref);
    }
    free(name);
    free(kind_text);
    return 1;
}

int org_in_region(Db *db, OrgKind kind, const char *ref, const char *region)
{
    if (kind == ORG_PROVIDER)
        return 1;
    if (!region || !org_ref_valid(kind, ref))
        return 0;
    const char *sql = kind == ORG_SCHOOL  ? "SELECT EXISTS (SELECT 1 FROM schools WHERE urn = ? AND region = ?)"
                      : kind == ORG_TRUST ? "SELECT EXISTS (SELECT 1 FROM schools WHERE trust_uid = ? AND region = ?)"
                      : kind == ORG_LA    ? "SELECT EXISTS (SELECT 1 FROM schools WHERE la_code = ? AND region = ?)"
                                          : NULL;
    if (!sql)
        return 0;
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    if (kind == ORG_LA)
        db_bind_text(st, 1, ref);
    else
        db_bind_int64(st, 1, strtoll(ref, NULL, 10));
    db_bind_text(st, 2, region);
    int rc = sqlite3_step(st);
    int yes = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return yes;
}

int organisations_list(Db *db, OrganisationList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, name, kind FROM organisations ORDER BY name COLLATE NOCASE");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            Organisation *g = realloc(out->items, cap * sizeof *g);
            if (!g) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->items = g;
        }
        Organisation *o = &out->items[out->n++];
        o->id = sqlite3_column_int64(st, 0);
        o->name = db_col_dup(st, 1);
        o->kind = db_col_dup(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        organisation_list_free(out);
        return -1;
    }
    return 0;
}

void organisation_list_free(OrganisationList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].kind);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int organisation_add(Db *db, const Actor *actor, const char *name, const char *kind, int64_t *id)
{
    *id = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM organisations WHERE name = ? COLLATE NOCASE");
    if (!st)
        return -1;
    db_bind_text(st, 1, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    if (*id)
        return 0;
    char now[32];
    log_timestamp(now);
    /* the register's type (issue 12): a person for a system leader; an
       organisation invited before it is in the register is "other" until
       someone fills its entry in */
    st = db_stmt(db, "INSERT INTO organisations (name, kind, created_at, created_by, org_type) VALUES (?1, ?2, ?3, ?4,"
                     " CASE ?2 WHEN 'system-leader' THEN 'person' ELSE 'other' END)");
    if (!st)
        return -1;
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, now);
    db_bind_text(st, 4, actor->label);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("organisations: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    *id = sqlite3_last_insert_rowid(db_handle(db));
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)*id);
    AuditChange ch[] = {{"name", NULL, name}, {"kind", NULL, organisation_kind_label(kind)}};
    return audit_append(db, actor, "organisation.create", "organisation", ids, ch, 2, NULL);
}
