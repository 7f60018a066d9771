/*
 * providers.c - the register of supporting organisations and people. See
 * providers.h.
 *
 * An organisations row is the register's entry for an organisation or a
 * person (org_type 'person', with a leaders row). Every change writes its
 * audit row, object_type "organisation", in the same transaction; the
 * organisation's page reads its history from there.
 */
#include "store/providers.h"

#include "core/buf.h"
#include "core/log.h"
#include "domain/matching.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- shared -------------------------------------------------------------- */

static const char *blank_null(const char *s)
{
    return s && *s ? s : NULL;
}

static int step_done(Db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("%s failed: %s", what, sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

/* The single integer a query gives (0 when no row); -1 on error. */
static int scalar(Db *db, sqlite3_stmt *st, int64_t *out)
{
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static void bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
    if (v > 0)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static int64_t col_int_or(sqlite3_stmt *st, int i, int64_t none)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? none : sqlite3_column_int64(st, i);
}

static void id_text(int64_t id, char out[24])
{
    snprintf(out, 24, "%lld", (long long)id);
}

/* Runs f between BEGIN and COMMIT (rolled back unless it gives PROV_OK). */
#define IN_TRANSACTION(db, call)                                                                                    \
    do {                                                                                                            \
        if (db_begin(db) != 0)                                                                                      \
            return PROV_ERROR;                                                                                      \
        int rc_ = (call);                                                                                           \
        if (rc_ != PROV_OK) {                                                                                       \
            db_rollback(db);                                                                                        \
            return rc_;                                                                                             \
        }                                                                                                           \
        return db_commit(db) == 0 ? PROV_OK : PROV_ERROR;                                                           \
    } while (0)

/* --- reading one ----------------------------------------------------------- */

int provider_get(Db *db, int64_t id, Provider *p)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT o.id, o.name, o.kind, o.org_type, o.group_uid, o.urn, o.la_code, o.regions, o.local_authorities,"
            " o.phases, o.expertise, o.notes, o.easting, o.northing, o.active, o.created_at, o.created_by,"
            " o.updated_at, l.id, l.designation, l.designated_on, l.email, l.urn, l.trust_uid, l.day_rate_pence,"
            " l.user_id,"
            " CASE WHEN o.urn IS NOT NULL THEN (SELECT name FROM schools WHERE urn = o.urn)"
            "  WHEN o.group_uid IS NOT NULL THEN coalesce((SELECT name FROM groups WHERE uid = o.group_uid),"
            "   (SELECT trust_name FROM schools WHERE trust_uid = o.group_uid AND trust_name IS NOT NULL LIMIT 1),"
            "   (SELECT federation_name FROM schools WHERE federation_uid = CAST(o.group_uid AS TEXT)"
            "    AND federation_name IS NOT NULL LIMIT 1))"
            "  WHEN o.la_code IS NOT NULL THEN (SELECT la_name FROM schools WHERE la_code = o.la_code"
            "   AND la_name IS NOT NULL LIMIT 1) END,"
            " (SELECT name FROM schools WHERE urn = l.urn),"
            " coalesce((SELECT name FROM groups WHERE uid = l.trust_uid),"
            "  (SELECT trust_name FROM schools WHERE trust_uid = l.trust_uid AND trust_name IS NOT NULL LIMIT 1)),"
            " (SELECT name FROM users WHERE id = l.user_id)"
            " FROM organisations o LEFT JOIN leaders l ON l.organisation_id = o.id WHERE o.id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        p->id = sqlite3_column_int64(st, 0);
        p->name = db_col_dup(st, 1);
        p->kind = db_col_dup(st, 2);
        p->org_type = db_col_dup(st, 3);
        p->group_uid = col_int_or(st, 4, 0);
        p->urn = col_int_or(st, 5, 0);
        p->la_code = db_col_dup(st, 6);
        p->regions = db_col_dup(st, 7);
        p->local_authorities = db_col_dup(st, 8);
        p->phases = db_col_dup(st, 9);
        p->expertise = db_col_dup(st, 10);
        p->notes = db_col_dup(st, 11);
        p->has_location = sqlite3_column_type(st, 12) != SQLITE_NULL && sqlite3_column_type(st, 13) != SQLITE_NULL;
        p->easting = col_int_or(st, 12, 0);
        p->northing = col_int_or(st, 13, 0);
        p->active = sqlite3_column_int(st, 14);
        p->created_at = db_col_dup(st, 15);
        p->created_by = db_col_dup(st, 16);
        p->updated_at = db_col_dup(st, 17);
        p->person.id = col_int_or(st, 18, 0);
        p->person.designation = db_col_dup(st, 19);
        p->person.designated_on = db_col_dup(st, 20);
        p->person.email = db_col_dup(st, 21);
        p->person.urn = col_int_or(st, 22, 0);
        p->person.trust_uid = col_int_or(st, 23, 0);
        p->person.day_rate_pence = col_int_or(st, 24, -1);
        p->person.user_id = col_int_or(st, 25, 0);
        p->link_name = db_col_dup(st, 26);
        p->person.school_name = db_col_dup(st, 27);
        p->person.trust_name = db_col_dup(st, 28);
        p->person.user_name = db_col_dup(st, 29);
        p->is_person = (p->org_type && strcmp(p->org_type, "person") == 0) ||
                       (!p->org_type && p->kind && strcmp(p->kind, "system-leader") == 0);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : -1;
}

void provider_free(Provider *p)
{
    free(p->name);
    free(p->kind);
    free(p->org_type);
    free(p->la_code);
    free(p->regions);
    free(p->local_authorities);
    free(p->phases);
    free(p->expertise);
    free(p->notes);
    free(p->created_at);
    free(p->created_by);
    free(p->updated_at);
    free(p->link_name);
    free(p->person.designation);
    free(p->person.designated_on);
    free(p->person.email);
    free(p->person.school_name);
    free(p->person.trust_name);
    free(p->person.user_name);
    memset(p, 0, sizeof *p);
}

int provider_id_by_name(Db *db, const char *name, int64_t *id)
{
    *id = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM organisations WHERE name = ? COLLATE NOCASE");
    if (!st)
        return -1;
    db_bind_text(st, 1, name);
    if (scalar(db, st, id) != 0)
        return -1;
    return *id != 0;
}

/* --- GIAS checks and places ----------------------------------------------- */

/* 1 when the query finds a row, 0 not, -1 error. */
static int exists_step(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    int yes = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) != 0 : -1;
    sqlite3_reset(st);
    return yes;
}

static int exists_int(Db *db, const char *sql, int64_t v)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    db_bind_int64(st, 1, v);
    return exists_step(st);
}

static int exists_text(Db *db, const char *sql, const char *v)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    db_bind_text(st, 1, v);
    return exists_step(st);
}

static const char SQL_TRUST_EXISTS[] = "SELECT EXISTS (SELECT 1 FROM schools WHERE trust_uid = ?1)"
                                       " OR EXISTS (SELECT 1 FROM groups WHERE uid = ?1 AND coalesce(type, '') <> 'Federation')";
static const char SQL_FEDERATION_EXISTS[] = "SELECT EXISTS (SELECT 1 FROM schools WHERE federation_uid = CAST(?1 AS TEXT))"
                                            " OR EXISTS (SELECT 1 FROM groups WHERE uid = ?1 AND type = 'Federation')";
static const char SQL_URN_EXISTS[] = "SELECT EXISTS (SELECT 1 FROM schools WHERE urn = ?1)";
static const char SQL_LA_EXISTS[] = "SELECT EXISTS (SELECT 1 FROM schools WHERE la_code = ?1)";

int provider_link_check(Db *db, const char *org_type, int64_t group_uid, int64_t urn, const char *la_code, char *msg,
                        size_t msglen)
{
    msg[0] = '\0';
    int trust = org_type && strcmp(org_type, "trust") == 0;
    int hub = org_type && strcmp(org_type, "hub") == 0;
    int yes;
    switch (register_link_of(org_type)) {
    case LINK_GROUP:
        if (group_uid <= 0) {
            snprintf(msg, msglen, trust ? "Enter the trust's group UID from Get Information About Schools"
                                        : "Enter the federation's group UID from Get Information About Schools");
            return 1;
        }
        yes = exists_int(db, trust ? SQL_TRUST_EXISTS : SQL_FEDERATION_EXISTS, group_uid);
        if (yes < 0)
            return -1;
        if (!yes) {
            snprintf(msg, msglen, "There is no %s with group UID %lld in Get Information About Schools",
                     trust ? "trust" : "federation", (long long)group_uid);
            return 1;
        }
        return 0;
    case LINK_URN:
        if (urn <= 0) {
            if (hub)
                return 0;
            snprintf(msg, msglen, "Enter the school's URN from Get Information About Schools");
            return 1;
        }
        yes = exists_int(db, SQL_URN_EXISTS, urn);
        if (yes < 0)
            return -1;
        if (!yes) {
            snprintf(msg, msglen, "There is no school with URN %lld in Get Information About Schools",
                     (long long)urn);
            return 1;
        }
        return 0;
    case LINK_LA:
        if (!la_code || !*la_code) {
            snprintf(msg, msglen, "Enter the local authority's three-digit code, like 391");
            return 1;
        }
        yes = exists_text(db, SQL_LA_EXISTS, la_code);
        if (yes < 0)
            return -1;
        if (!yes) {
            snprintf(msg, msglen, "There is no local authority with code %s in Get Information About Schools",
                     la_code);
            return 1;
        }
        return 0;
    default: return 0;
    }
}

int provider_las_check(Db *db, const char *las, char *msg, size_t msglen)
{
    msg[0] = '\0';
    const char *p = las ? las : "";
    while (*p) {
        char code[8];
        size_t n = strcspn(p, ",");
        snprintf(code, sizeof code, "%.*s", (int)(n < 7 ? n : 7), p);
        int yes = exists_text(db, SQL_LA_EXISTS, code);
        if (yes < 0)
            return -1;
        if (!yes) {
            snprintf(msg, msglen, "There is no local authority with code %s in Get Information About Schools", code);
            return 1;
        }
        p += n;
        if (*p)
            p++;
    }
    return 0;
}

int provider_person_link_check(Db *db, int64_t urn, int64_t trust_uid, char *msg, size_t msglen)
{
    msg[0] = '\0';
    if (urn > 0) {
        int yes = exists_int(db, SQL_URN_EXISTS, urn);
        if (yes <= 0) {
            if (yes == 0)
                snprintf(msg, msglen, "There is no school with URN %lld in Get Information About Schools",
                         (long long)urn);
            return yes < 0 ? -1 : 1;
        }
    }
    if (trust_uid > 0) {
        int yes = exists_int(db, SQL_TRUST_EXISTS, trust_uid);
        if (yes <= 0) {
            if (yes == 0)
                snprintf(msg, msglen, "There is no trust with group UID %lld in Get Information About Schools",
                         (long long)trust_uid);
            return yes < 0 ? -1 : 1;
        }
    }
    return 0;
}

/* The mean place of the schools a query picks (open ones first, any when
   none is open). */
static int mean_place(Db *db, const char *sql, int64_t iv, const char *tv, int64_t *e, int64_t *n)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    if (tv)
        db_bind_text(st, 1, tv);
    else
        db_bind_int64(st, 1, iv);
    int rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    if (found) {
        *e = sqlite3_column_int64(st, 0);
        *n = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    return found;
}

#define MEAN_OF(where)                                                                                             \
    "SELECT CAST(round(avg(easting)) AS INTEGER), CAST(round(avg(northing)) AS INTEGER) FROM schools WHERE " where   \
    " AND easting IS NOT NULL AND northing IS NOT NULL AND easting > 0 AND (status LIKE 'Open%' OR NOT EXISTS"       \
    " (SELECT 1 FROM schools WHERE " where " AND status LIKE 'Open%' AND easting > 0))"

int provider_locate(Db *db, const char *org_type, int64_t group_uid, int64_t urn, const char *la_code, int64_t *e,
                    int64_t *n)
{
    *e = *n = 0;
    int person = org_type && strcmp(org_type, "person") == 0;
    if (urn > 0 && (person || register_link_of(org_type) == LINK_URN)) {
        int got = mean_place(db, "SELECT easting, northing FROM schools WHERE urn = ?1 AND easting > 0"
                                 " AND northing > 0", urn, NULL, e, n);
        if (got != 0 || !person)
            return got;
    }
    if (group_uid > 0 && (person || (org_type && strcmp(org_type, "trust") == 0)))
        return mean_place(db, MEAN_OF("trust_uid = ?1"), group_uid, NULL, e, n);
    if (group_uid > 0 && org_type && strcmp(org_type, "federation") == 0)
        return mean_place(db, MEAN_OF("federation_uid = CAST(?1 AS TEXT)"), group_uid, NULL, e, n);
    if (la_code && *la_code && register_link_of(org_type) == LINK_LA)
        return mean_place(db, MEAN_OF("la_code = ?1"), 0, la_code, e, n);
    return 0;
}

/* --- what is audited ------------------------------------------------------- */

enum {
    S_NAME, S_TYPE, S_UID, S_URN, S_LA, S_REGIONS, S_LAS, S_PHASES, S_EXPERTISE, S_NOTES,
    S_DESIGNATION, S_SINCE, S_EMAIL, S_P_URN, S_P_TRUST, S_RATE, S_USER, S_COUNT
};
static const char *const SNAP_FIELDS[S_COUNT] = {
    "name", "type", "group UID", "URN", "local authority", "regions served", "local authorities served", "phases",
    "expertise", "notes", "designation", "designated on", "email", "their school (URN)", "their trust (group UID)",
    "day rate", "user account",
};

typedef struct Snap {
    char *v[S_COUNT];
} Snap;

static char *num_or_null(int64_t v)
{
    if (v <= 0)
        return NULL;
    char s[24];
    id_text(v, s);
    return xstrdup(s);
}

static char *dup_or_null(const char *s)
{
    return s && *s ? xstrdup(s) : NULL;
}

static void snap_fill(Snap *s, const ProviderFields *f, const PersonFields *p)
{
    memset(s, 0, sizeof *s);
    s->v[S_NAME] = dup_or_null(f->name);
    const char *type = match_label(MATCH_ORG_TYPES, MATCH_N_ORG_TYPES, f->org_type);
    s->v[S_TYPE] = dup_or_null(type ? type : f->org_type);
    s->v[S_UID] = num_or_null(f->group_uid);
    s->v[S_URN] = num_or_null(f->urn);
    s->v[S_LA] = dup_or_null(f->la_code);
    s->v[S_REGIONS] = dup_or_null(f->regions);
    s->v[S_LAS] = dup_or_null(f->local_authorities);
    s->v[S_PHASES] = dup_or_null(f->phases);
    s->v[S_EXPERTISE] = dup_or_null(f->expertise);
    s->v[S_NOTES] = dup_or_null(f->notes);
    if (!p)
        return;
    const char *d = match_label(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, p->designation);
    s->v[S_DESIGNATION] = dup_or_null(d ? d : p->designation);
    s->v[S_SINCE] = dup_or_null(p->designated_on);
    s->v[S_EMAIL] = dup_or_null(p->email);
    s->v[S_P_URN] = num_or_null(p->urn);
    s->v[S_P_TRUST] = num_or_null(p->trust_uid);
    if (p->day_rate_pence >= 0) {
        char rate[32];
        register_pence_format(p->day_rate_pence, rate, sizeof rate);
        s->v[S_RATE] = xstrdup(rate);
    }
    s->v[S_USER] = num_or_null(p->user_id);
}

static void snap_free(Snap *s)
{
    for (int i = 0; i < S_COUNT; i++)
        free(s->v[i]);
}

/* The changes from before (NULL: a new one) to after. */
static size_t snap_diff(const Snap *before, const Snap *after, AuditChange *out)
{
    size_t n = 0;
    for (int i = 0; i < S_COUNT; i++) {
        const char *b = before ? before->v[i] : NULL, *a = after->v[i];
        if (strcmp(b ? b : "", a ? a : "") == 0)
            continue;
        out[n++] = (AuditChange){SNAP_FIELDS[i], b, a};
    }
    return n;
}

/* --- adding and changing ---------------------------------------------------- */

static int write_leader(Db *db, int64_t org, const PersonFields *p)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO leaders (organisation_id, designation, designated_on, email, urn,"
                                   " trust_uid, day_rate_pence, user_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                   " ON CONFLICT (organisation_id) DO UPDATE SET designation = ?2,"
                                   " designated_on = ?3, email = ?4, urn = ?5, trust_uid = ?6, day_rate_pence = ?7,"
                                   " user_id = ?8");
    if (!st)
        return -1;
    db_bind_int64(st, 1, org);
    db_bind_text(st, 2, p->designation);
    db_bind_text(st, 3, blank_null(p->designated_on));
    db_bind_text(st, 4, blank_null(p->email));
    bind_opt_int(st, 5, p->urn);
    bind_opt_int(st, 6, p->trust_uid);
    if (p->day_rate_pence >= 0)
        sqlite3_bind_int64(st, 7, p->day_rate_pence);
    else
        sqlite3_bind_null(st, 7);
    bind_opt_int(st, 8, p->user_id);
    return step_done(db, st, "leader write");
}

static int place_of(Db *db, const ProviderFields *f, const PersonFields *p, int64_t *e, int64_t *n)
{
    if (p)
        return provider_locate(db, "person", p->trust_uid, p->urn, NULL, e, n);
    return provider_locate(db, f->org_type, f->group_uid, f->urn, f->la_code, e, n);
}

static void bind_place(sqlite3_stmt *st, int ie, int in, int found, int64_t e, int64_t n)
{
    if (found == 1) {
        sqlite3_bind_int64(st, ie, e);
        sqlite3_bind_int64(st, in, n);
    } else {
        sqlite3_bind_null(st, ie);
        sqlite3_bind_null(st, in);
    }
}

int provider_create_tx(Db *db, const Actor *actor, const ProviderFields *f, const PersonFields *person,
                       const char *reason, int64_t *id)
{
    *id = 0;
    int64_t other;
    int taken = provider_id_by_name(db, f->name, &other);
    if (taken < 0)
        return PROV_ERROR;
    if (taken)
        return PROV_NAME_TAKEN;
    int64_t e, n;
    int found = place_of(db, f, person, &e, &n);
    if (found < 0)
        return PROV_ERROR;
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO organisations (name, kind, created_at, created_by, org_type,"
                                   " group_uid, urn, la_code, regions, local_authorities, phases, expertise,"
                                   " easting, northing, active, notes, updated_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, ?15, ?3)");
    if (!st)
        return PROV_ERROR;
    db_bind_text(st, 1, f->name);
    db_bind_text(st, 2, person ? "system-leader" : "supporting-organisation");
    db_bind_text(st, 3, now);
    db_bind_text(st, 4, actor->label);
    db_bind_text(st, 5, person ? "person" : f->org_type);
    bind_opt_int(st, 6, person ? 0 : f->group_uid);
    bind_opt_int(st, 7, person ? 0 : f->urn);
    db_bind_text(st, 8, person ? NULL : blank_null(f->la_code));
    db_bind_text(st, 9, f->regions ? f->regions : "");
    db_bind_text(st, 10, f->local_authorities ? f->local_authorities : "");
    db_bind_text(st, 11, f->phases ? f->phases : "");
    db_bind_text(st, 12, f->expertise ? f->expertise : "");
    bind_place(st, 13, 14, found, e, n);
    db_bind_text(st, 15, blank_null(f->notes));
    if (step_done(db, st, "organisation insert") != 0)
        return PROV_ERROR;
    *id = sqlite3_last_insert_rowid(db_handle(db));
    if (person && write_leader(db, *id, person) != 0)
        return PROV_ERROR;
    ProviderFields shown = *f;
    if (person)
        shown.org_type = "person";
    Snap after;
    snap_fill(&after, &shown, person);
    AuditChange ch[S_COUNT];
    size_t nch = snap_diff(NULL, &after, ch);
    char ids[24];
    id_text(*id, ids);
    int rc = audit_append(db, actor, person ? "person.create" : "organisation.create", "organisation", ids, ch, nch,
                          blank_null(reason));
    snap_free(&after);
    return rc == 0 ? PROV_OK : PROV_ERROR;
}

int provider_create(Db *db, const Actor *actor, const ProviderFields *f, const PersonFields *person,
                    const char *reason, int64_t *id)
{
    IN_TRANSACTION(db, provider_create_tx(db, actor, f, person, reason, id));
}

/* The stored values of one, as fields (pointing into p). */
static void fields_of(const Provider *p, ProviderFields *f, PersonFields *person)
{
    *f = (ProviderFields){.name = p->name,
                          .org_type = p->org_type,
                          .group_uid = p->group_uid,
                          .urn = p->urn,
                          .la_code = p->la_code,
                          .regions = p->regions,
                          .local_authorities = p->local_authorities,
                          .phases = p->phases,
                          .expertise = p->expertise,
                          .notes = p->notes};
    *person = (PersonFields){.designation = p->person.designation,
                             .designated_on = p->person.designated_on,
                             .email = p->person.email,
                             .urn = p->person.urn,
                             .trust_uid = p->person.trust_uid,
                             .day_rate_pence = p->person.day_rate_pence,
                             .user_id = p->person.user_id};
}

int provider_update_tx(Db *db, const Actor *actor, int64_t id, const ProviderFields *f, const PersonFields *person,
                       const char *reason, int *changed)
{
    if (changed)
        *changed = 0;
    Provider old;
    int got = provider_get(db, id, &old);
    if (got <= 0)
        return got < 0 ? PROV_ERROR : PROV_NOT_FOUND;
    int rc = PROV_ERROR;
    int64_t other = 0;
    int taken = provider_id_by_name(db, f->name, &other);
    if (taken < 0)
        goto done;
    if (taken && other != id) {
        rc = PROV_NAME_TAKEN;
        goto done;
    }
    int64_t e, n;
    int found = place_of(db, f, person, &e, &n);
    if (found < 0)
        goto done;
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE organisations SET name = ?2, org_type = ?3, group_uid = ?4, urn = ?5,"
                                   " la_code = ?6, regions = ?7, local_authorities = ?8, phases = ?9, expertise = ?10,"
                                   " notes = ?11, easting = ?12, northing = ?13, updated_at = ?14 WHERE id = ?1");
    if (!st)
        goto done;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, f->name);
    db_bind_text(st, 3, person ? "person" : f->org_type);
    bind_opt_int(st, 4, person ? 0 : f->group_uid);
    bind_opt_int(st, 5, person ? 0 : f->urn);
    db_bind_text(st, 6, person ? NULL : blank_null(f->la_code));
    db_bind_text(st, 7, f->regions ? f->regions : "");
    db_bind_text(st, 8, f->local_authorities ? f->local_authorities : "");
    db_bind_text(st, 9, f->phases ? f->phases : "");
    db_bind_text(st, 10, f->expertise ? f->expertise : "");
    db_bind_text(st, 11, blank_null(f->notes));
    bind_place(st, 12, 13, found, e, n);
    db_bind_text(st, 14, now);
    if (step_done(db, st, "organisation update") != 0)
        goto done;
    if (person && write_leader(db, id, person) != 0)
        goto done;
    ProviderFields of;
    PersonFields op;
    fields_of(&old, &of, &op);
    ProviderFields shown = *f;
    if (person)
        shown.org_type = "person";
    Snap before, after;
    snap_fill(&before, &of, old.is_person ? &op : NULL);
    snap_fill(&after, &shown, person);
    AuditChange ch[S_COUNT];
    size_t nch = snap_diff(&before, &after, ch);
    char ids[24];
    id_text(id, ids);
    rc = nch == 0 ? 0
                  : audit_append(db, actor, person ? "person.update" : "organisation.update", "organisation", ids, ch,
                                 nch, blank_null(reason));
    snap_free(&before);
    snap_free(&after);
    if (changed)
        *changed = nch > 0;
    rc = rc == 0 ? PROV_OK : PROV_ERROR;
done:
    provider_free(&old);
    return rc;
}

int provider_update(Db *db, const Actor *actor, int64_t id, const ProviderFields *f, const PersonFields *person,
                    const char *reason)
{
    IN_TRANSACTION(db, provider_update_tx(db, actor, id, f, person, reason, NULL));
}

static int set_active_tx(Db *db, const Actor *actor, int64_t id, int active, const char *reason)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE organisations SET active = ?2, updated_at = ?3 WHERE id = ?1"
                                   " AND active <> ?2");
    if (!st)
        return PROV_ERROR;
    char now[32];
    log_timestamp(now);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, active ? 1 : 0);
    db_bind_text(st, 3, now);
    if (step_done(db, st, "organisation status") != 0)
        return PROV_ERROR;
    if (sqlite3_changes(db_handle(db)) == 0)
        return PROV_NOT_FOUND;
    char ids[24];
    id_text(id, ids);
    AuditChange ch[] = {{"on the register", active ? "no" : "yes", active ? "yes" : "no"}};
    return audit_append(db, actor, "organisation.status", "organisation", ids, ch, 1, reason) == 0 ? PROV_OK
                                                                                                 : PROV_ERROR;
}

int provider_set_active(Db *db, const Actor *actor, int64_t id, int active, const char *reason)
{
    IN_TRANSACTION(db, set_active_tx(db, actor, id, active, reason));
}

/* --- capacity ---------------------------------------------------------------- */

static void capacity_words(int has, int schools, int days, char *out, size_t outlen)
{
    if (!has)
        snprintf(out, outlen, "none given");
    else
        snprintf(out, outlen, "%d school%s, %d day%s", schools, schools == 1 ? "" : "s", days, days == 1 ? "" : "s");
}

int provider_capacity_set_tx(Db *db, const Actor *actor, int64_t id, const char *term, int schools, int days,
                             const char *source, int *changed)
{
    if (changed)
        *changed = 0;
    int t = match_term_parse(term);
    if (t < 0 || schools < 0 || days < 0)
        return PROV_ERROR;
    sqlite3_stmt *st = db_stmt(db, "SELECT schools, days FROM provider_capacity WHERE organisation_id = ? AND term = ?");
    if (!st)
        return PROV_ERROR;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, term);
    int rc = sqlite3_step(st);
    int had = rc == SQLITE_ROW, old_s = had ? sqlite3_column_int(st, 0) : 0, old_d = had ? sqlite3_column_int(st, 1) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return PROV_ERROR;
    if (had && old_s == schools && old_d == days)
        return PROV_OK;
    char now[32];
    log_timestamp(now);
    st = db_stmt(db, "INSERT INTO provider_capacity (organisation_id, term, schools, days, source, updated_at)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (organisation_id, term) DO UPDATE SET"
                     " schools = ?3, days = ?4, source = ?5, updated_at = ?6");
    if (!st)
        return PROV_ERROR;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, term);
    db_bind_int64(st, 3, schools);
    db_bind_int64(st, 4, days);
    db_bind_text(st, 5, blank_null(source));
    db_bind_text(st, 6, now);
    if (step_done(db, st, "capacity write") != 0)
        return PROV_ERROR;
    char label[24], field[48], before[64], after[64], ids[24];
    match_term_label(t, label);
    snprintf(field, sizeof field, "capacity in %s", label);
    capacity_words(had, old_s, old_d, before, sizeof before);
    capacity_words(1, schools, days, after, sizeof after);
    id_text(id, ids);
    AuditChange ch[] = {{field, had ? before : NULL, after}};
    if (changed)
        *changed = 1;
    return audit_append(db, actor, "organisation.capacity", "organisation", ids, ch, 1, blank_null(source)) == 0
               ? PROV_OK
               : PROV_ERROR;
}

int provider_capacity_set(Db *db, const Actor *actor, int64_t id, const char *term, int schools, int days,
                          const char *source)
{
    IN_TRANSACTION(db, provider_capacity_set_tx(db, actor, id, term, schools, days, source, NULL));
}

/* The matches of a provider, for what they hold. Strings point into the
   statement's copies in *store. */
typedef struct Matches {
    RegisterMatch *m;
    char **status;
    size_t n, cap;
} Matches;

static void matches_free(Matches *x)
{
    for (size_t i = 0; i < x->n; i++)
        free(x->status[i]);
    free(x->status);
    free(x->m);
    memset(x, 0, sizeof *x);
}

static int matches_load(Db *db, int64_t id, Matches *x)
{
    memset(x, 0, sizeof *x);
    sqlite3_stmt *st = db_stmt(db, "SELECT status, term, terms, days, substr(since, 1, 10) FROM case_providers"
                                   " WHERE organisation_id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (x->n == x->cap) {
            x->cap = x->cap ? x->cap * 2 : 8;
            x->m = xrealloc(x->m, x->cap * sizeof *x->m);
            x->status = xrealloc(x->status, x->cap * sizeof *x->status);
        }
        x->status[x->n] = db_col_dup(st, 0);
        const char *term = (const char *)sqlite3_column_text(st, 1);
        const char *since = (const char *)sqlite3_column_text(st, 4);
        x->m[x->n] = (RegisterMatch){.status = x->status[x->n],
                                     .start_term = term ? match_term_parse(term) : -1,
                                     .since = since ? date_parse(since, NULL) : DATE_NONE,
                                     .terms = sqlite3_column_int(st, 2),
                                     .days = sqlite3_column_int(st, 3)};
        x->n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        matches_free(x);
        return -1;
    }
    return 0;
}

static int capacity_one(Db *db, int64_t id, const Matches *mx, int term, TermCapacity *out)
{
    memset(out, 0, sizeof *out);
    out->term = term;
    char code[16];
    match_term_code(term, code);
    sqlite3_stmt *st = db_stmt(db, "SELECT schools, days, source, updated_at FROM provider_capacity"
                                   " WHERE organisation_id = ? AND term = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, code);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->offered = 1;
        out->schools = sqlite3_column_int(st, 0);
        out->days = sqlite3_column_int(st, 1);
        out->source = db_col_dup(st, 2);
        out->updated_at = db_col_dup(st, 3);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    register_held(mx->m, mx->n, term, &out->schools_held, &out->days_held);
    return 0;
}

int provider_capacity_terms(Db *db, int64_t id, int first, int n, TermCapacity *out)
{
    memset(out, 0, (size_t)n * sizeof *out);
    Matches mx;
    if (matches_load(db, id, &mx) != 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = capacity_one(db, id, &mx, first + i, &out[i]);
    matches_free(&mx);
    if (rc != 0)
        provider_capacity_free(out, n);
    return rc;
}

void provider_capacity_free(TermCapacity *t, int n)
{
    for (int i = 0; i < n; i++) {
        free(t[i].source);
        free(t[i].updated_at);
        t[i].source = t[i].updated_at = NULL;
    }
}

/* --- due diligence ------------------------------------------------------------ */

int provider_checks(Db *db, int64_t id, ProviderCheckList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, kind, outcome, checked_on, expires_on, checked_by, notes, recorded_by,"
                                   " recorded_at FROM provider_checks WHERE organisation_id = ?"
                                   " ORDER BY checked_on DESC, id DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ProviderCheck *c = xgrow((void **)&out->items, &out->n, &cap, sizeof *c);
        c->id = sqlite3_column_int64(st, 0);
        int k = register_check_parse((const char *)sqlite3_column_text(st, 1));
        c->kind = k < 0 ? CHECK_KIND_CAPACITY : (CheckKind)k;
        c->outcome = db_col_dup(st, 2);
        c->checked_on = db_col_dup(st, 3);
        c->expires_on = db_col_dup(st, 4);
        c->checked_by = db_col_dup(st, 5);
        c->notes = db_col_dup(st, 6);
        c->recorded_by = db_col_dup(st, 7);
        c->recorded_at = db_col_dup(st, 8);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        provider_check_list_free(out);
        return -1;
    }
    return 0;
}

void provider_check_list_free(ProviderCheckList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        ProviderCheck *c = &l->items[i];
        free(c->outcome);
        free(c->checked_on);
        free(c->expires_on);
        free(c->checked_by);
        free(c->notes);
        free(c->recorded_by);
        free(c->recorded_at);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

void provider_latest_checks(const ProviderCheckList *l, const ProviderCheck *latest[CHECK_KIND_COUNT])
{
    for (int k = 0; k < CHECK_KIND_COUNT; k++)
        latest[k] = NULL;
    for (size_t i = 0; i < l->n; i++)
        if (!latest[l->items[i].kind])
            latest[l->items[i].kind] = &l->items[i];
}

void provider_check_states(const ProviderCheckList *l, Date today, CheckState out[CHECK_KIND_COUNT])
{
    const ProviderCheck *latest[CHECK_KIND_COUNT];
    provider_latest_checks(l, latest);
    for (int k = 0; k < CHECK_KIND_COUNT; k++) {
        const ProviderCheck *c = latest[k];
        Date exp = c && c->expires_on ? date_parse(c->expires_on, NULL) : DATE_NONE;
        out[k] = register_check_state((CheckKind)k, c ? c->outcome : NULL, exp, today);
    }
}

static int check_add_tx(Db *db, const Actor *actor, int64_t id, const ProviderCheckFields *f)
{
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO provider_checks (organisation_id, kind, outcome, checked_on,"
                                   " expires_on, checked_by, notes, recorded_by, recorded_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return PROV_ERROR;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, register_check_code(f->kind));
    db_bind_text(st, 3, f->outcome);
    db_bind_text(st, 4, f->checked_on);
    db_bind_text(st, 5, blank_null(f->expires_on));
    db_bind_text(st, 6, f->checked_by);
    db_bind_text(st, 7, blank_null(f->notes));
    db_bind_text(st, 8, actor->label);
    db_bind_text(st, 9, now);
    if (step_done(db, st, "check insert") != 0)
        return PROV_ERROR;
    char ids[24];
    id_text(id, ids);
    AuditChange ch[] = {{"check", NULL, register_check_label(f->kind)},
                        {"outcome", NULL, register_check_outcome_label(f->outcome)},
                        {"checked on", NULL, f->checked_on},
                        {"checked by", NULL, f->checked_by},
                        {"expires on", NULL, blank_null(f->expires_on)}};
    return audit_append(db, actor, "organisation.check", "organisation", ids, ch, blank_null(f->expires_on) ? 5 : 4,
                        blank_null(f->notes)) == 0
               ? PROV_OK
               : PROV_ERROR;
}

int provider_check_add(Db *db, const Actor *actor, int64_t id, const ProviderCheckFields *f)
{
    IN_TRANSACTION(db, check_add_tx(db, actor, id, f));
}

int provider_vendor_days(Db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT value FROM programme_params WHERE programme = 'rise'"
                                   " AND key = 'vendor_account_days'");
    if (!st)
        return 20;
    int days = 20;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        days = atoi((const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return days > 0 && days < 1000 ? days : 20;
}

/* --- contacts --------------------------------------------------------------- */

int provider_contacts(Db *db, int64_t id, ProviderContactList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, name, role, email, phone, main FROM provider_contacts"
                                   " WHERE organisation_id = ? ORDER BY main DESC, name COLLATE NOCASE, id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ProviderContact *c = xgrow((void **)&out->items, &out->n, &cap, sizeof *c);
        c->id = sqlite3_column_int64(st, 0);
        c->name = db_col_dup(st, 1);
        c->role = db_col_dup(st, 2);
        c->email = db_col_dup(st, 3);
        c->phone = db_col_dup(st, 4);
        c->main = sqlite3_column_int(st, 5);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        provider_contact_list_free(out);
        return -1;
    }
    return 0;
}

void provider_contact_list_free(ProviderContactList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].role);
        free(l->items[i].email);
        free(l->items[i].phone);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int provider_contact_exists(Db *db, int64_t id, const char *name, const char *email)
{
    sqlite3_stmt *st;
    if (email && *email) {
        st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM provider_contacts WHERE organisation_id = ?1"
                         " AND email = ?2 COLLATE NOCASE)");
        if (!st)
            return -1;
        db_bind_text(st, 2, email);
    } else {
        st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM provider_contacts WHERE organisation_id = ?1"
                         " AND name = ?2 COLLATE NOCASE)");
        if (!st)
            return -1;
        db_bind_text(st, 2, name);
    }
    db_bind_int64(st, 1, id);
    return exists_step(st);
}

int provider_contact_add_tx(Db *db, const Actor *actor, int64_t id, const ProviderContactFields *f, const char *reason)
{
    sqlite3_stmt *st;
    if (f->main) {
        st = db_stmt(db, "UPDATE provider_contacts SET main = 0 WHERE organisation_id = ? AND main = 1");
        if (!st)
            return PROV_ERROR;
        db_bind_int64(st, 1, id);
        if (step_done(db, st, "main contact") != 0)
            return PROV_ERROR;
    }
    st = db_stmt(db, "INSERT INTO provider_contacts (organisation_id, name, role, email, phone, main)"
                     " VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return PROV_ERROR;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, f->name);
    db_bind_text(st, 3, blank_null(f->role));
    db_bind_text(st, 4, blank_null(f->email));
    db_bind_text(st, 5, blank_null(f->phone));
    db_bind_int64(st, 6, f->main ? 1 : 0);
    if (step_done(db, st, "contact insert") != 0)
        return PROV_ERROR;
    char ids[24];
    id_text(id, ids);
    AuditChange ch[5];
    size_t n = 0;
    ch[n++] = (AuditChange){"contact", NULL, f->name};
    if (blank_null(f->role))
        ch[n++] = (AuditChange){"role", NULL, f->role};
    if (blank_null(f->email))
        ch[n++] = (AuditChange){"email", NULL, f->email};
    if (blank_null(f->phone))
        ch[n++] = (AuditChange){"phone", NULL, f->phone};
    if (f->main)
        ch[n++] = (AuditChange){"main contact", NULL, "yes"};
    return audit_append(db, actor, "organisation.contact", "organisation", ids, ch, n, blank_null(reason)) == 0
               ? PROV_OK
               : PROV_ERROR;
}

int provider_contact_add(Db *db, const Actor *actor, int64_t id, const ProviderContactFields *f)
{
    IN_TRANSACTION(db, provider_contact_add_tx(db, actor, id, f, NULL));
}

/* --- conflicts -------------------------------------------------------------- */

int provider_conflicts(Db *db, int64_t id, ProviderConflictList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT kind, ref, note, declared_on, CASE kind"
            " WHEN 'school' THEN (SELECT name FROM schools WHERE urn = CAST(ref AS INTEGER))"
            " WHEN 'trust' THEN coalesce((SELECT name FROM groups WHERE uid = CAST(ref AS INTEGER)),"
            "  (SELECT trust_name FROM schools WHERE trust_uid = CAST(ref AS INTEGER) AND trust_name IS NOT NULL LIMIT 1))"
            " ELSE (SELECT la_name FROM schools WHERE la_code = ref AND la_name IS NOT NULL LIMIT 1) END"
            " FROM provider_conflicts WHERE organisation_id = ? ORDER BY declared_on DESC, kind, ref");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ProviderConflict *c = xgrow((void **)&out->items, &out->n, &cap, sizeof *c);
        c->kind = db_col_dup(st, 0);
        c->ref = db_col_dup(st, 1);
        c->note = db_col_dup(st, 2);
        c->declared_on = db_col_dup(st, 3);
        c->name = db_col_dup(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        provider_conflict_list_free(out);
        return -1;
    }
    return 0;
}

void provider_conflict_list_free(ProviderConflictList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].kind);
        free(l->items[i].ref);
        free(l->items[i].note);
        free(l->items[i].declared_on);
        free(l->items[i].name);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

static const char *conflict_field(const char *kind)
{
    return strcmp(kind, "school") == 0 ? "conflict: school (URN)"
           : strcmp(kind, "trust") == 0 ? "conflict: trust (group UID)"
                                        : "conflict: local authority";
}

static int conflict_add_tx(Db *db, const Actor *actor, int64_t id, const char *kind, const char *ref,
                           const char *note, const char *on)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT OR IGNORE INTO provider_conflicts (organisation_id, kind, ref, note,"
                                   " declared_on) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return PROV_ERROR;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, ref);
    db_bind_text(st, 4, blank_null(note));
    db_bind_text(st, 5, on);
    if (step_done(db, st, "conflict insert") != 0)
        return PROV_ERROR;
    if (sqlite3_changes(db_handle(db)) == 0)
        return PROV_CLASH;
    char ids[24];
    id_text(id, ids);
    AuditChange ch[] = {{conflict_field(kind), NULL, ref}, {"declared on", NULL, on}};
    return audit_append(db, actor, "organisation.conflict", "organisation", ids, ch, 2, blank_null(note)) == 0
               ? PROV_OK
               : PROV_ERROR;
}

int provider_conflict_add(Db *db, const Actor *actor, int64_t id, const char *kind, const char *ref, const char *note,
                          const char *declared_on)
{
    IN_TRANSACTION(db, conflict_add_tx(db, actor, id, kind, ref, note, declared_on));
}

static int conflict_remove_tx(Db *db, const Actor *actor, int64_t id, const char *kind, const char *ref,
                              const char *reason)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM provider_conflicts WHERE organisation_id = ? AND kind = ? AND ref = ?");
    if (!st)
        return PROV_ERROR;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, ref);
    if (step_done(db, st, "conflict delete") != 0)
        return PROV_ERROR;
    if (sqlite3_changes(db_handle(db)) == 0)
        return PROV_NOT_FOUND;
    char ids[24];
    id_text(id, ids);
    AuditChange ch[] = {{conflict_field(kind), ref, NULL}};
    return audit_append(db, actor, "organisation.conflict-removed", "organisation", ids, ch, 1, blank_null(reason)) ==
                   0
               ? PROV_OK
               : PROV_ERROR;
}

int provider_conflict_remove(Db *db, const Actor *actor, int64_t id, const char *kind, const char *ref,
                             const char *reason)
{
    IN_TRANSACTION(db, conflict_remove_tx(db, actor, id, kind, ref, reason));
}

/* --- its own schools and its cases ------------------------------------------ */

static const char *const OWN_LIST[] = {
    "SELECT urn, name, phase, status, la_name FROM schools WHERE urn = ?1 LIMIT ?2",
    "SELECT urn, name, phase, status, la_name FROM schools WHERE trust_uid = ?1 AND status LIKE 'Open%'"
    " ORDER BY name COLLATE NOCASE, urn LIMIT ?2",
    "SELECT urn, name, phase, status, la_name FROM schools WHERE federation_uid = CAST(?1 AS TEXT)"
    " AND status LIKE 'Open%' ORDER BY name COLLATE NOCASE, urn LIMIT ?2",
    "SELECT urn, name, phase, status, la_name FROM schools WHERE la_code = ?1 AND status LIKE 'Open%'"
    " ORDER BY name COLLATE NOCASE, urn LIMIT ?2",
};
static const char *const OWN_COUNT[] = {
    "SELECT count(*) FROM schools WHERE urn = ?1",
    "SELECT count(*) FROM schools WHERE trust_uid = ?1 AND status LIKE 'Open%'",
    "SELECT count(*) FROM schools WHERE federation_uid = CAST(?1 AS TEXT) AND status LIKE 'Open%'",
    "SELECT count(*) FROM schools WHERE la_code = ?1 AND status LIKE 'Open%'",
};

int provider_own_schools(Db *db, const Provider *p, size_t limit, OwnSchoolList *out)
{
    memset(out, 0, sizeof *out);
    int which = -1;
    RegisterLink link = register_link_of(p->org_type);
    if (link == LINK_URN && p->urn > 0)
        which = 0;
    else if (link == LINK_GROUP && p->group_uid > 0)
        which = strcmp(p->org_type, "trust") == 0 ? 1 : 2;
    else if (link == LINK_LA && p->la_code)
        which = 3;
    if (which < 0)
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_stmt *st = db_stmt(db, pass ? OWN_COUNT[which] : OWN_LIST[which]);
        if (!st)
            return -1;
        if (which == 3)
            db_bind_text(st, 1, p->la_code);
        else
            db_bind_int64(st, 1, which == 0 ? p->urn : p->group_uid);
        if (pass) {
            if (scalar(db, st, &out->total) != 0)
                goto fail;
            break;
        }
        sqlite3_bind_int64(st, 2, (int64_t)limit);
        size_t cap = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            OwnSchool *s = xgrow((void **)&out->items, &out->n, &cap, sizeof *s);
            s->urn = sqlite3_column_int64(st, 0);
            s->name = db_col_dup(st, 1);
            s->phase = db_col_dup(st, 2);
            s->status = db_col_dup(st, 3);
            s->la_name = db_col_dup(st, 4);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            goto fail;
    }
    return 0;
fail:
    own_school_list_free(out);
    return -1;
}

void own_school_list_free(OwnSchoolList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].phase);
        free(l->items[i].status);
        free(l->items[i].la_name);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int provider_cases(Db *db, int64_t id, ProviderCaseList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT c.id, c.subject_name, c.programme, c.region, c.status, c.closure_outcome,"
                                   " c.adviser_id, cp.status, cp.since, cp.term, cp.terms, cp.days"
                                   " FROM case_providers cp JOIN cases c ON c.id = cp.case_id"
                                   " WHERE cp.organisation_id = ? ORDER BY cp.since DESC, c.id DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ProviderCase *c = xgrow((void **)&out->items, &out->n, &cap, sizeof *c);
        c->case_id = sqlite3_column_int64(st, 0);
        c->subject_name = db_col_dup(st, 1);
        c->programme = db_col_dup(st, 2);
        c->region = db_col_dup(st, 3);
        c->case_status = db_col_dup(st, 4);
        c->closure_outcome = db_col_dup(st, 5);
        c->adviser_id = col_int_or(st, 6, 0);
        c->match_status = db_col_dup(st, 7);
        c->since = db_col_dup(st, 8);
        c->term = db_col_dup(st, 9);
        c->terms = sqlite3_column_int(st, 10);
        c->days = sqlite3_column_int(st, 11);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        provider_case_list_free(out);
        return -1;
    }
    return 0;
}

void provider_case_list_free(ProviderCaseList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        ProviderCase *c = &l->items[i];
        free(c->subject_name);
        free(c->programme);
        free(c->region);
        free(c->case_status);
        free(c->closure_outcome);
        free(c->match_status);
        free(c->since);
        free(c->term);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* --- the register, listed ------------------------------------------------------ */

int provider_list(Db *db, const ProviderFilter *f, ProviderList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT o.id, o.name, o.org_type, o.regions, o.expertise, o.phases, o.active, l.designation, l.email,"
            " l.day_rate_pence, coalesce((SELECT name FROM schools WHERE urn = l.urn),"
            "  (SELECT name FROM groups WHERE uid = l.trust_uid),"
            "  (SELECT trust_name FROM schools WHERE trust_uid = l.trust_uid AND trust_name IS NOT NULL LIMIT 1))"
            " FROM organisations o LEFT JOIN leaders l ON l.organisation_id = o.id"
            " WHERE (coalesce(o.org_type, CASE o.kind WHEN 'system-leader' THEN 'person' ELSE 'other' END) = 'person')"
            "  = ?1"
            " AND (?2 IS NULL OR o.org_type = ?2)"
            " AND (?3 IS NULL OR l.designation = ?3)"
            " AND (?4 IS NULL OR ';' || o.regions || ';' LIKE '%;' || ?4 || ';%')"
            " AND (?5 IS NULL OR ',' || o.expertise || ',' LIKE '%,' || ?5 || ',%')"
            " AND (?6 IS NULL OR ',' || o.phases || ',' LIKE '%,' || ?6 || ',%')"
            " AND (?7 < 0 OR o.active = ?7)"
            " AND (?8 IS NULL OR instr(lower(o.name), lower(?8)) > 0)"
            " ORDER BY o.name COLLATE NOCASE, o.id");
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, f->people ? 1 : 0);
    db_bind_text(st, 2, blank_null(f->org_type));
    db_bind_text(st, 3, blank_null(f->designation));
    db_bind_text(st, 4, blank_null(f->region));
    db_bind_text(st, 5, blank_null(f->expertise));
    db_bind_text(st, 6, blank_null(f->phase));
    sqlite3_bind_int(st, 7, f->active);
    db_bind_text(st, 8, blank_null(f->q));
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ProviderRow *p = xgrow((void **)&out->items, &out->n, &cap, sizeof *p);
        p->id = sqlite3_column_int64(st, 0);
        p->name = db_col_dup(st, 1);
        p->org_type = db_col_dup(st, 2);
        p->regions = db_col_dup(st, 3);
        p->expertise = db_col_dup(st, 4);
        p->phases = db_col_dup(st, 5);
        p->active = sqlite3_column_int(st, 6);
        p->designation = db_col_dup(st, 7);
        p->email = db_col_dup(st, 8);
        p->day_rate_pence = col_int_or(st, 9, -1);
        p->works_at = db_col_dup(st, 10);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        provider_list_free(out);
        return -1;
    }
    /* capacity in the term and the checks' standing, one provider at a time
       (the register holds hundreds, not thousands) */
    for (size_t i = 0; i < out->n; i++) {
        ProviderRow *p = &out->items[i];
        Matches mx;
        ProviderCheckList cl;
        if (matches_load(db, p->id, &mx) != 0)
            goto fail;
        int bad = capacity_one(db, p->id, &mx, f->term, &p->cap);
        matches_free(&mx);
        if (bad || provider_checks(db, p->id, &cl) != 0)
            goto fail;
        provider_check_states(&cl, f->today, p->checks);
        provider_check_list_free(&cl);
    }
    return 0;
fail:
    provider_list_free(out);
    return -1;
}

void provider_list_free(ProviderList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        ProviderRow *p = &l->items[i];
        free(p->name);
        free(p->org_type);
        free(p->regions);
        free(p->expertise);
        free(p->phases);
        free(p->designation);
        free(p->email);
        free(p->works_at);
        provider_capacity_free(&p->cap, 1);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int provider_adviser_accounts(Db *db, AdviserAccountList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, name, email FROM users WHERE role = 'adviser' AND disabled_at IS NULL"
                                   " ORDER BY name COLLATE NOCASE, id");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        AdviserAccount *a = xgrow((void **)&out->items, &out->n, &cap, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        a->name = db_col_dup(st, 1);
        a->email = db_col_dup(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        adviser_account_list_free(out);
        return -1;
    }
    return 0;
}

void adviser_account_list_free(AdviserAccountList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].email);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
