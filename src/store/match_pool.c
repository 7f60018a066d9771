/*
 * match_pool.c - the register read as matching's candidates, a case read as
 * what matching needs of it, and a case's matches. See matching.h.
 *
 * A few bulk queries, joined in memory by organisation id (the rows come in
 * id order), so suggestions against thousands of providers stay one pass.
 */
#include "store/matching.h"

#include "core/buf.h"
#include "core/log.h"
#include "domain/access.h"
#include "domain/register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The memory behind a pool: strings and arrays, freed together. */
typedef struct PoolStore {
    char **strs;
    size_t nstrs, capstrs;
    void **blocks;
    size_t nblocks, capblocks;
} PoolStore;

static const char *keep_str(PoolStore *s, const unsigned char *text)
{
    if (!text)
        return NULL;
    char *d = xstrdup((const char *)text);
    *(char **)xgrow((void **)&s->strs, &s->nstrs, &s->capstrs, sizeof *s->strs) = d;
    return d;
}

static void *keep_block(PoolStore *s, size_t size)
{
    void *b = xcalloc(1, size ? size : 1);
    *(void **)xgrow((void **)&s->blocks, &s->nblocks, &s->capblocks, sizeof *s->blocks) = b;
    return b;
}

static long find_index(const Candidate *c, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c[mid].id == id)
            return (long)mid;
        if (c[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

const Candidate *match_pool_find(const MatchPool *p, int64_t id)
{
    long i = find_index(p->c, p->n, id);
    return i < 0 ? NULL : &p->c[i];
}

static uint32_t regions_mask(const char *list)
{
    uint32_t m = 0;
    register_regions_parse(list, &m, NULL, NULL); /* as saved, so valid */
    return m;
}

/* "308, 309" -> an array of codes kept in the store. */
static void split_las(PoolStore *s, const char *list, Candidate *c)
{
    c->las = NULL;
    c->n_las = 0;
    if (!list || !*list)
        return;
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    if (n > MATCH_MAX_LAS)
        n = MATCH_MAX_LAS;
    const char **arr = keep_block(s, n * sizeof *arr);
    const char *p = list, *item;
    size_t len, k = 0;
    while (k < n && match_list_next(&p, &item, &len)) {
        char code[16];
        snprintf(code, sizeof code, "%.*s", (int)len, item);
        arr[k++] = keep_str(s, (const unsigned char *)code);
    }
    c->las = arr;
    c->n_las = k;
}

static int load_orgs(Db *db, PoolStore *s, MatchPool *out)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT o.id, o.name, o.org_type, o.regions, o.local_authorities, o.phases, o.expertise, o.easting,"
            " o.northing, coalesce(l.urn, o.urn), coalesce(l.trust_uid, o.group_uid), o.la_code, o.active,"
            " l.designation FROM organisations o LEFT JOIN leaders l ON l.organisation_id = o.id ORDER BY o.id");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Candidate *c = xgrow((void **)&out->c, &out->n, &cap, sizeof *out->c);
        memset(c, 0, sizeof *c);
        c->id = sqlite3_column_int64(st, 0);
        c->name = keep_str(s, sqlite3_column_text(st, 1));
        const char *type = (const char *)sqlite3_column_text(st, 2);
        c->is_person = type && strcmp(type, "person") == 0;
        c->regions = regions_mask((const char *)sqlite3_column_text(st, 3));
        split_las(s, (const char *)sqlite3_column_text(st, 4), c);
        match_mask_parse(MATCH_PHASES, MATCH_N_PHASES, (const char *)sqlite3_column_text(st, 5), &c->phases, NULL,
                         NULL);
        match_mask_parse(MATCH_EXPERTISE, MATCH_N_EXPERTISE, (const char *)sqlite3_column_text(st, 6),
                         &c->expertise, NULL, NULL);
        c->has_location = sqlite3_column_type(st, 7) != SQLITE_NULL && sqlite3_column_type(st, 8) != SQLITE_NULL;
        c->easting = sqlite3_column_int(st, 7);
        c->northing = sqlite3_column_int(st, 8);
        c->urn = sqlite3_column_int64(st, 9);
        c->trust_uid = sqlite3_column_int64(st, 10);
        c->la_code = keep_str(s, sqlite3_column_text(st, 11));
        c->active = sqlite3_column_int(st, 12);
        match_mask_parse(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, (const char *)sqlite3_column_text(st, 13),
                         &c->designations, NULL, NULL);
        c->schools_capacity = c->days_capacity = -1;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int load_capacity(Db *db, MatchPool *out, int64_t except_case)
{
    char term[16];
    match_term_code(out->term, term);
    sqlite3_stmt *st = db_stmt(db, "SELECT organisation_id, schools, days FROM provider_capacity WHERE term = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, term);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = find_index(out->c, out->n, sqlite3_column_int64(st, 0));
        if (i >= 0) {
            out->c[i].schools_capacity = sqlite3_column_int(st, 1);
            out->c[i].days_capacity = sqlite3_column_int(st, 2);
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    st = db_stmt(db, "SELECT organisation_id, term, terms, days FROM case_providers"
                     " WHERE status IN ('proposed','accepted','agreed','matched') AND case_id <> ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, except_case);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = find_index(out->c, out->n, sqlite3_column_int64(st, 0));
        int start = match_term_parse((const char *)sqlite3_column_text(st, 1));
        if (i < 0 || start < 0)
            continue;
        int terms = sqlite3_column_int(st, 2), days = sqlite3_column_int(st, 3);
        if (match_covers_term(start, terms, out->term)) {
            out->c[i].schools_held++;
            out->c[i].days_held += match_days_in_term(start, terms, days, out->term);
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int check_index(const char *kind)
{
    for (int i = 0; kind && i < CHECK_KIND_COUNT; i++)
        if (strcmp(register_check_code((CheckKind)i), kind) == 0)
            return i;
    return -1;
}

static int load_checks(Db *db, MatchPool *out, Date today)
{
    /* the latest of each kind wins: rows come oldest first */
    sqlite3_stmt *st = db_stmt(db, "SELECT organisation_id, kind, outcome, expires_on FROM provider_checks"
                                   " ORDER BY organisation_id, kind, checked_on, id");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = find_index(out->c, out->n, sqlite3_column_int64(st, 0));
        int k = check_index((const char *)sqlite3_column_text(st, 1));
        if (i < 0 || k < 0)
            continue;
        const char *expires = (const char *)sqlite3_column_text(st, 3);
        out->c[i].checks[k] = register_check_state((CheckKind)k, (const char *)sqlite3_column_text(st, 2),
                                                   expires ? date_parse(expires, NULL) : DATE_NONE, today);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int load_conflicts(Db *db, PoolStore *s, MatchPool *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT organisation_id, kind, ref FROM provider_conflicts ORDER BY organisation_id");
    if (!st)
        return -1;
    int rc;
    Candidate *cur = NULL;
    int64_t *urns = NULL, *trusts = NULL;
    const char **las = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = find_index(out->c, out->n, sqlite3_column_int64(st, 0));
        if (i < 0)
            continue;
        if (cur != &out->c[i]) {
            cur = &out->c[i];
            urns = keep_block(s, MATCH_MAX_CONFLICTS * sizeof *urns);
            trusts = keep_block(s, MATCH_MAX_CONFLICTS * sizeof *trusts);
            las = keep_block(s, MATCH_MAX_CONFLICTS * sizeof *las);
            cur->conflict_urns = urns;
            cur->conflict_trusts = trusts;
            cur->conflict_las = las;
        }
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        const char *ref = (const char *)sqlite3_column_text(st, 2);
        if (strcmp(kind, "school") == 0 && cur->n_conflict_urns < MATCH_MAX_CONFLICTS)
            urns[cur->n_conflict_urns++] = strtoll(ref, NULL, 10);
        else if (strcmp(kind, "trust") == 0 && cur->n_conflict_trusts < MATCH_MAX_CONFLICTS)
            trusts[cur->n_conflict_trusts++] = strtoll(ref, NULL, 10);
        else if (strcmp(kind, "la") == 0 && cur->n_conflict_las < MATCH_MAX_CONFLICTS)
            las[cur->n_conflict_las++] = keep_str(s, (const unsigned char *)ref);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int load_outcomes(Db *db, MatchPool *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT p.organisation_id, c.closure_outcome FROM case_providers p"
                                   " JOIN cases c ON c.id = p.case_id"
                                   " WHERE p.status IN ('matched','ended') AND c.status = 'closed'");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = find_index(out->c, out->n, sqlite3_column_int64(st, 0));
        if (i < 0)
            continue;
        const char *o = (const char *)sqlite3_column_text(st, 1);
        if (o && strcmp(o, "support-completed") == 0)
            out->c[i].past_completed++;
        else
            out->c[i].past_other++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int match_pool_load(Db *db, int term, int64_t except_case, MatchPool *out)
{
    memset(out, 0, sizeof *out);
    PoolStore *s = xcalloc(1, sizeof *s);
    out->store = s;
    out->term = term;
    if (load_orgs(db, s, out) != 0 || load_capacity(db, out, except_case) != 0 ||
        load_checks(db, out, date_local(0)) != 0 ||
        load_conflicts(db, s, out) != 0 || load_outcomes(db, out) != 0) {
        log_error("matching: cannot load the register: %s", sqlite3_errmsg(db_handle(db)));
        match_pool_free(out);
        return -1;
    }
    return 0;
}

void match_pool_free(MatchPool *p)
{
    PoolStore *s = p->store;
    if (s) {
        for (size_t i = 0; i < s->nstrs; i++)
            free(s->strs[i]);
        for (size_t i = 0; i < s->nblocks; i++)
            free(s->blocks[i]);
        free(s->strs);
        free(s->blocks);
        free(s);
    }
    free(p->c);
    memset(p, 0, sizeof *p);
}

/* ---- the case ---- */

static char *param(Db *db, const char *programme, const char *key)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT value FROM programme_params WHERE programme = ? AND key = ?");
    if (!st)
        return NULL;
    db_bind_text(st, 1, programme);
    db_bind_text(st, 2, key);
    char *v = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    return v;
}

static int param_int(Db *db, const char *programme, const char *key, int dflt)
{
    char *v = param(db, programme, key);
    int n = v ? atoi(v) : dflt;
    free(v);
    return n;
}

static int load_school(Db *db, const Case *c, MatchCaseData *d)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT phase, type_group, type_name, easting, northing FROM schools WHERE urn = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->subject_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        d->m.phase = match_school_phase((const char *)sqlite3_column_text(st, 0),
                                        (const char *)sqlite3_column_text(st, 1),
                                        (const char *)sqlite3_column_text(st, 2));
        d->m.has_location = sqlite3_column_type(st, 3) != SQLITE_NULL && sqlite3_column_type(st, 4) != SQLITE_NULL;
        d->m.easting = sqlite3_column_int(st, 3);
        d->m.northing = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    /* its latest graded inspection or report card, under its URN or a predecessor's */
    st = db_stmt(db, "SELECT judgements, overall, category, inspection_date FROM inspections"
                     " WHERE kind IN ('graded','report-card') AND (urn = ?1 OR urn IN"
                     " (SELECT earlier_urn FROM inspection_lineage WHERE urn = ?1))"
                     " ORDER BY inspection_date DESC LIMIT 1");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->subject_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        d->m.needs = match_needs_from_judgements((const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
                                                 (const char *)sqlite3_column_text(st, 2));
        Date on = date_parse((const char *)sqlite3_column_text(st, 3), NULL);
        char when[40] = "";
        date_long(on, when, sizeof when);
        snprintf(d->needs_from, sizeof d->needs_from, "its latest inspection, of %s", when);
    }
    sqlite3_reset(st);
    return 0;
}

int match_case_load(Db *db, const Case *c, MatchCaseData *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->programme, sizeof d->programme, "%s", c->programme ? c->programme : "");
    snprintf(d->region, sizeof d->region, "%s", c->region ? c->region : "");
    snprintf(d->la_code, sizeof d->la_code, "%s", c->la_code ? c->la_code : "");
    snprintf(d->needs_from, sizeof d->needs_from, "no inspection on record");
    d->m.case_id = c->id;
    d->m.region = d->region;
    d->m.la_code = *d->la_code ? d->la_code : NULL;
    int school = c->subject_kind && strcmp(c->subject_kind, "school") == 0;
    d->m.urn = school ? c->subject_id : 0;
    d->m.trust_uid = school ? c->trust_uid : c->subject_id;
    if (school && load_school(db, c, d) != 0)
        return -1;

    char *designations = param(db, d->programme, "match_designations");
    d->m.organisations = !designations || strstr(designations, "organisation") != NULL;
    if (designations && !d->m.organisations)
        match_mask_parse(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, designations, &d->m.designations, NULL, NULL);
    free(designations);
    d->m.needs_due_diligence = param_int(db, d->programme, "match_due_diligence", 0);
    d->m.days = param_int(db, d->programme, "match_days", 0);
    d->terms = param_int(db, d->programme, "match_terms", 1);
    d->m.travel_miles = param_int(db, d->programme, "travel_miles", 45);

    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM priority_areas WHERE la_code = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, d->la_code);
    d->m.priority_area = *d->la_code && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);

    st = db_stmt(db, "SELECT organisation_id FROM case_providers WHERE case_id = ? AND status IN ('declined','rejected')");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->id);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < sizeof d->refused / sizeof d->refused[0])
        d->refused[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    d->m.refused = d->refused;
    d->m.n_refused = n;
    return 0;
}

/* ---- a case's matches ---- */

int case_matches(Db *db, int64_t case_id, CaseMatchList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.organisation_id, o.name, o.org_type, p.status, p.since, p.term, p.reason, p.own_trust_reason,"
            " p.score_words, p.proposed_by, p.proposed_at, p.updated_by, p.terms, p.days, coalesce(p.score, 0)"
            " FROM case_providers p JOIN organisations o ON o.id = p.organisation_id WHERE p.case_id = ?"
            " ORDER BY p.status IN ('proposed','accepted','agreed','matched') DESC, p.proposed_at DESC, p.since DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        CaseMatch *m = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        m->organisation_id = sqlite3_column_int64(st, 0);
        char **s[] = {&m->name, &m->org_type, &m->status, &m->since, &m->term, &m->reason, &m->own_trust_reason,
                      &m->score_words, &m->proposed_by, &m->proposed_at, &m->updated_by};
        for (int i = 0; i < 11; i++)
            *s[i] = db_col_dup(st, i + 1);
        m->terms = sqlite3_column_int(st, 12);
        m->days = sqlite3_column_int(st, 13);
        m->score = sqlite3_column_int(st, 14);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        case_match_list_free(out);
        return -1;
    }
    return 0;
}

void case_match_list_free(CaseMatchList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        CaseMatch *m = &l->items[i];
        char *s[] = {m->name, m->org_type, m->status, m->since, m->term, m->reason, m->own_trust_reason,
                     m->score_words, m->proposed_by, m->proposed_at, m->updated_by};
        for (int k = 0; k < 11; k++)
            free(s[k]);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

const CaseMatch *case_match_live(const CaseMatchList *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (match_status_holds(l->items[i].status))
            return &l->items[i];
    return NULL;
}

const char *case_match_status_label(const char *status)
{
    static const struct {
        const char *code, *label;
    } L[] = {
        {"proposed", "Proposed: waiting for the provider's answer"},
        {"accepted", "The provider can support: waiting for the school"},
        {"agreed", "The school agrees: waiting for the appointment"},
        {"matched", "Matched"},
        {"declined", "Declined by the provider"},
        {"rejected", "Rejected by the school"},
        {"withdrawn", "Withdrawn"},
        {"ended", "Ended"},
    };
    for (size_t i = 0; status && i < sizeof L / sizeof L[0]; i++)
        if (strcmp(L[i].code, status) == 0)
            return L[i].label;
    return status ? status : "";
}

const CaseTask *case_task_of_kind(const CaseTaskList *l, const char *kind)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i].kind && strcmp(l->items[i].kind, kind) == 0)
            return &l->items[i];
    return NULL;
}

int case_task_kind_is_matching(const char *kind)
{
    return kind && (strcmp(kind, "propose") == 0 || strcmp(kind, "provider-confirm") == 0 ||
                    strcmp(kind, "school-confirm") == 0 || strcmp(kind, "appoint") == 0);
}
