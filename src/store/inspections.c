/*
 * inspections.c - inspection reports, the one record of each inspection
 * derived from them, and a school's inspections. See inspections.h.
 *
 * The rebuild reads every report's key (a few numbers each: England's
 * 150,000 reports are about 6 MB), groups them by family of schools (GIAS
 * predecessor links and Ofsted's own attributions), merges each family with
 * domain/inspections.c and compares each merged inspection's signature (its
 * key and the reports behind it, each with a version the upsert bumps on a
 * real change) with the stored one. Only what changed is read in full and
 * written, so importing a file again writes nothing.
 */
#define _GNU_SOURCE /* qsort_r */
#include "store/inspections.h"

#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "domain/inspections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- reports ----------------------------------------------------------------- */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    db_bind_text(st, i, s && *s ? s : NULL);
}

static void bind_grade(sqlite3_stmt *st, int i, int g)
{
    if (g >= 1 && g <= 4)
        sqlite3_bind_int(st, i, g);
    else
        sqlite3_bind_null(st, i);
}

int inspection_report_put(Db *db, const InspectionReport *r, int64_t import_id)
{
    sqlite3_stmt *st = db_stmt(
        db,
        "INSERT INTO inspection_reports (source, urn, start_date, kind, number, publication_date, inspection_type,"
        " type_grouping, event_grouping, overall, overall_text, category, quality, leadership, judgements, outcome,"
        " converted, school_name, school_type, laestab, reported_for, import_id, version)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,"
        "  ?22, 1)"
        " ON CONFLICT (source, urn, start_date, kind) DO UPDATE SET"
        "  number = coalesce(excluded.number, number),"
        "  publication_date = coalesce(excluded.publication_date, publication_date),"
        "  inspection_type = coalesce(excluded.inspection_type, inspection_type),"
        "  type_grouping = coalesce(excluded.type_grouping, type_grouping),"
        "  event_grouping = coalesce(excluded.event_grouping, event_grouping),"
        "  overall = coalesce(excluded.overall, overall),"
        "  overall_text = coalesce(excluded.overall_text, overall_text),"
        "  category = coalesce(excluded.category, category),"
        "  quality = coalesce(excluded.quality, quality),"
        "  leadership = coalesce(excluded.leadership, leadership),"
        "  judgements = coalesce(excluded.judgements, judgements),"
        "  outcome = coalesce(excluded.outcome, outcome),"
        "  converted = coalesce(excluded.converted, converted),"
        "  school_name = coalesce(excluded.school_name, school_name),"
        "  school_type = coalesce(excluded.school_type, school_type),"
        "  laestab = coalesce(excluded.laestab, laestab),"
        "  reported_for = coalesce(excluded.reported_for, reported_for),"
        "  import_id = excluded.import_id,"
        "  version = version + 1"
        " WHERE coalesce(excluded.number, number) IS NOT number"
        "  OR coalesce(excluded.publication_date, publication_date) IS NOT publication_date"
        "  OR coalesce(excluded.inspection_type, inspection_type) IS NOT inspection_type"
        "  OR coalesce(excluded.type_grouping, type_grouping) IS NOT type_grouping"
        "  OR coalesce(excluded.event_grouping, event_grouping) IS NOT event_grouping"
        "  OR coalesce(excluded.overall, overall) IS NOT overall"
        "  OR coalesce(excluded.overall_text, overall_text) IS NOT overall_text"
        "  OR coalesce(excluded.category, category) IS NOT category"
        "  OR coalesce(excluded.quality, quality) IS NOT quality"
        "  OR coalesce(excluded.leadership, leadership) IS NOT leadership"
        "  OR coalesce(excluded.judgements, judgements) IS NOT judgements"
        "  OR coalesce(excluded.outcome, outcome) IS NOT outcome"
        "  OR coalesce(excluded.converted, converted) IS NOT converted"
        "  OR coalesce(excluded.school_name, school_name) IS NOT school_name"
        "  OR coalesce(excluded.school_type, school_type) IS NOT school_type"
        "  OR coalesce(excluded.laestab, laestab) IS NOT laestab"
        "  OR coalesce(excluded.reported_for, reported_for) IS NOT reported_for");
    if (!st)
        return -1;
    bind_text(st, 1, r->source);
    sqlite3_bind_int64(st, 2, r->urn);
    bind_text(st, 3, r->start);
    bind_text(st, 4, r->kind);
    bind_text(st, 5, r->number);
    bind_text(st, 6, r->publication);
    bind_text(st, 7, r->type);
    bind_text(st, 8, r->type_grouping);
    bind_text(st, 9, r->event_grouping);
    bind_grade(st, 10, r->overall);
    bind_text(st, 11, r->overall_text);
    bind_text(st, 12, r->category);
    bind_grade(st, 13, r->quality);
    bind_grade(st, 14, r->leadership);
    bind_text(st, 15, r->judgements);
    bind_text(st, 16, r->outcome);
    if (r->converted >= 0)
        sqlite3_bind_int(st, 17, r->converted);
    if (r->school_name || r->school_type || r->laestab) {
        bind_text(st, 18, r->school_name);
        bind_text(st, 19, r->school_type);
        bind_text(st, 20, r->laestab);
    }
    if (r->reported_for > 0)
        sqlite3_bind_int64(st, 21, r->reported_for);
    if (import_id)
        sqlite3_bind_int64(st, 22, import_id);
    /* no RETURNING (it costs a temporary table a row): an upsert that takes
       the UPDATE path leaves the last insert rowid alone */
    sqlite3 *h = db_handle(db);
    sqlite3_int64 before = sqlite3_last_insert_rowid(h);
    int rc = sqlite3_step(st);
    int outcome = 0;
    if (rc == SQLITE_DONE && sqlite3_changes(h) > 0)
        outcome = sqlite3_last_insert_rowid(h) != before ? 1 : 2;
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("inspection report: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return outcome;
}

int inspection_coverage_put(Db *db, int64_t urn, const char *from, int from_inclusive, const char *to,
                            int64_t import_id)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO inspection_coverage (urn, from_date, from_inclusive, to_date,"
                                   " import_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, urn);
    db_bind_text(st, 2, from);
    sqlite3_bind_int(st, 3, from_inclusive);
    db_bind_text(st, 4, to);
    if (import_id)
        sqlite3_bind_int64(st, 5, import_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* --- the rebuild: what it reads ------------------------------------------------ */

typedef struct Rep {
    int64_t rowid, urn, import_id;
    Date start;
    int version;
    const char *number; /* in the strings buffer, once it is read whole */
    size_t number_at;   /* while reading: its offset in that buffer + 1, 0 for none */
    unsigned char source, kind;
    size_t family;
} Rep;

typedef struct Edge {
    int64_t urn, earlier;
} Edge;

typedef struct Cov {
    InspCoverage c;
    size_t family;
} Cov;

typedef struct Rebuild {
    Rep *reps;
    size_t n_reps, cap_reps;
    Edge *edges; /* predecessor edges, by urn */
    size_t n_edges, cap_edges;
    Edge *attrib; /* Ofsted's attributions (school today -> URN then), by urn */
    size_t n_attrib, cap_attrib;
    Cov *cov;
    size_t n_cov, cap_cov;
    int64_t *urns; /* every URN named, sorted, unique */
    size_t n_urns;
    size_t *parent; /* union-find over urns: families */
    Buf strings;
} Rebuild;

static int cmp_i64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_edge(const void *x, const void *y)
{
    const Edge *a = x, *b = y;
    int c = cmp_i64(a->urn, b->urn);
    return c ? c : cmp_i64(a->earlier, b->earlier);
}

static int cmp_int64(const void *x, const void *y)
{
    return cmp_i64(*(const int64_t *)x, *(const int64_t *)y);
}

static long urn_index(const Rebuild *b, int64_t urn)
{
    size_t lo = 0, hi = b->n_urns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->urns[mid] < urn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < b->n_urns && b->urns[lo] == urn ? (long)lo : -1;
}

static size_t uf_find(size_t *p, size_t i)
{
    while (p[i] != i) {
        p[i] = p[p[i]];
        i = p[i];
    }
    return i;
}

static void uf_join(size_t *p, size_t a, size_t b)
{
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a != b)
        p[a < b ? b : a] = a < b ? a : b;
}

static Date text_date(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? date_parse(t, NULL) : DATE_NONE;
}

static int read_all(Db *db, Rebuild *b)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT rowid, source, urn, start_date, kind, number, version, import_id,"
                                   " reported_for FROM inspection_reports");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int src = insp_source_from_name((const char *)sqlite3_column_text(st, 1));
        int kind = insp_kind_from_name((const char *)sqlite3_column_text(st, 4));
        Date start = text_date(st, 3);
        if (src < 0 || kind < 0 || start == DATE_NONE)
            continue; /* the table's CHECKs make this unreachable */
        Rep *r = xgrow((void **)&b->reps, &b->n_reps, &b->cap_reps, sizeof *r);
        r->rowid = sqlite3_column_int64(st, 0);
        r->urn = sqlite3_column_int64(st, 2);
        r->start = start;
        r->source = (unsigned char)src;
        r->kind = (unsigned char)kind;
        r->version = sqlite3_column_int(st, 6);
        r->import_id = sqlite3_column_int64(st, 7);
        const char *num = (const char *)sqlite3_column_text(st, 5);
        r->number = NULL;
        r->number_at = 0;
        if (num) {
            r->number_at = b->strings.len + 1;
            buf_append(&b->strings, num, strlen(num) + 1);
        }
        int64_t now = sqlite3_column_type(st, 8) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 8);
        if (now > 0 && now != r->urn)
            *(Edge *)xgrow((void **)&b->attrib, &b->n_attrib, &b->cap_attrib, sizeof(Edge)) =
                (Edge){now, r->urn};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    for (size_t i = 0; i < b->n_reps; i++) /* the buffer has stopped moving */
        if (b->reps[i].number_at)
            b->reps[i].number = b->strings.p + b->reps[i].number_at - 1;

    st = db_stmt(db, "SELECT urn, link_urn FROM school_links WHERE link_type = 'Predecessor'");
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *(Edge *)xgrow((void **)&b->edges, &b->n_edges, &b->cap_edges, sizeof(Edge)) =
            (Edge){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)};
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    /* Ofsted's attributions are predecessor edges too */
    if (b->n_attrib > 1)
        qsort(b->attrib, b->n_attrib, sizeof *b->attrib, cmp_edge);
    size_t k = 0;
    for (size_t i = 0; i < b->n_attrib; i++)
        if (k == 0 || cmp_edge(&b->attrib[k - 1], &b->attrib[i]) != 0)
            b->attrib[k++] = b->attrib[i];
    b->n_attrib = k;
    for (size_t i = 0; i < b->n_attrib; i++)
        *(Edge *)xgrow((void **)&b->edges, &b->n_edges, &b->cap_edges, sizeof(Edge)) = b->attrib[i];
    if (b->n_edges > 1)
        qsort(b->edges, b->n_edges, sizeof *b->edges, cmp_edge);

    st = db_stmt(db, "SELECT urn, from_date, from_inclusive, to_date FROM inspection_coverage");
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Date from = text_date(st, 1), to = text_date(st, 3);
        if (from == DATE_NONE || to == DATE_NONE)
            continue;
        Cov *c = xgrow((void **)&b->cov, &b->n_cov, &b->cap_cov, sizeof *c);
        c->c = (InspCoverage){.urn = sqlite3_column_int64(st, 0), .from = from, .to = to,
                              .from_inclusive = sqlite3_column_int(st, 2)};
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Every URN named, and the families: schools joined by a predecessor edge. */
static void families(Rebuild *b)
{
    size_t cap = b->n_reps + 2 * b->n_edges + b->n_cov + 1;
    b->urns = xmalloc(cap * sizeof *b->urns);
    size_t n = 0;
    for (size_t i = 0; i < b->n_reps; i++)
        b->urns[n++] = b->reps[i].urn;
    for (size_t i = 0; i < b->n_edges; i++) {
        b->urns[n++] = b->edges[i].urn;
        b->urns[n++] = b->edges[i].earlier;
    }
    for (size_t i = 0; i < b->n_cov; i++)
        b->urns[n++] = b->cov[i].c.urn;
    if (n > 1)
        qsort(b->urns, n, sizeof *b->urns, cmp_int64);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || b->urns[k - 1] != b->urns[i])
            b->urns[k++] = b->urns[i];
    b->n_urns = k;
    b->parent = xmalloc((k ? k : 1) * sizeof *b->parent);
    for (size_t i = 0; i < k; i++)
        b->parent[i] = i;
    for (size_t i = 0; i < b->n_edges; i++)
        uf_join(b->parent, (size_t)urn_index(b, b->edges[i].urn), (size_t)urn_index(b, b->edges[i].earlier));
    for (size_t i = 0; i < b->n_reps; i++)
        b->reps[i].family = uf_find(b->parent, (size_t)urn_index(b, b->reps[i].urn));
    for (size_t i = 0; i < b->n_cov; i++)
        b->cov[i].family = uf_find(b->parent, (size_t)urn_index(b, b->cov[i].c.urn));
}

/* domain/inspections.h's lineage question, over the predecessor edges:
   is `earlier` the school itself or reached by following them? */
static int lineage(void *ctx, int64_t school, int64_t earlier)
{
    const Rebuild *b = ctx;
    if (school == earlier)
        return 1;
    int64_t seen[64];
    int depth[64];
    int n = 1;
    seen[0] = school;
    depth[0] = 0;
    for (int v = 0; v < n; v++) {
        if (depth[v] >= HISTORY_MAX_DEPTH)
            continue;
        Edge key = {seen[v], INT64_MIN};
        size_t lo = 0, hi = b->n_edges;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cmp_edge(&b->edges[mid], &key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < b->n_edges && b->edges[lo].urn == seen[v] && n < 64; lo++) {
            int64_t e = b->edges[lo].earlier;
            if (e == earlier)
                return 1;
            int dup = 0;
            for (int w = 0; w < n && !dup; w++)
                dup = seen[w] == e;
            if (!dup) {
                seen[n] = e;
                depth[n] = depth[v] + 1;
                n++;
            }
        }
    }
    return 0;
}

static int cmp_rep_family(const void *x, const void *y, void *ctx)
{
    const Rep *reps = ctx;
    const Rep *a = &reps[*(const size_t *)x], *b = &reps[*(const size_t *)y];
    int c = cmp_i64((int64_t)a->family, (int64_t)b->family);
    if (!c)
        c = cmp_i64(a->start, b->start);
    return c ? c : cmp_i64(a->rowid, b->rowid);
}

static int cmp_cov_family(const void *x, const void *y)
{
    return cmp_i64((int64_t)((const Cov *)x)->family, (int64_t)((const Cov *)y)->family);
}

/* --- the rebuild: merged inspections -------------------------------------------- */

typedef struct Out {
    InspMerged m;
    uint64_t sig;
    size_t first, n; /* its reports: members[first .. first + n) */
} Out;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ c[i]) * 1099511628211ULL;
    return h;
}

static int cmp_out(const Out *a, const Out *b)
{
    int c;
    if ((c = cmp_i64(a->m.urn, b->m.urn)) || (c = cmp_i64(a->m.start, b->m.start)))
        return c;
    return cmp_i64(a->m.kind, b->m.kind);
}

static int cmp_out_v(const void *x, const void *y)
{
    return cmp_out(x, y);
}

/* Merges every family; fills outs (sorted by key) and members (report indices). */
static void merge_all(Rebuild *b, Out **outs, size_t *n_outs, size_t **members)
{
    size_t *order = xmalloc((b->n_reps ? b->n_reps : 1) * sizeof *order);
    for (size_t i = 0; i < b->n_reps; i++)
        order[i] = i;
    if (b->n_reps > 1)
        qsort_r(order, b->n_reps, sizeof *order, cmp_rep_family, b->reps);
    if (b->n_cov > 1)
        qsort(b->cov, b->n_cov, sizeof *b->cov, cmp_cov_family);
    *members = xmalloc((b->n_reps ? b->n_reps : 1) * sizeof **members);
    size_t n_members = 0, cap_outs = 0;
    *outs = NULL;
    *n_outs = 0;
    InspSighting *s = NULL;
    InspCoverage *cv = NULL;
    size_t cap_s = 0, cap_cv = 0, cov_at = 0;
    for (size_t i = 0; i < b->n_reps;) {
        size_t fam = b->reps[order[i]].family, j = i;
        while (j < b->n_reps && b->reps[order[j]].family == fam)
            j++;
        size_t ns = j - i;
        if (ns > cap_s) {
            cap_s = ns * 2;
            s = xrealloc(s, cap_s * sizeof *s);
        }
        for (size_t k = 0; k < ns; k++) {
            const Rep *r = &b->reps[order[i + k]];
            s[k] = (InspSighting){.urn = r->urn, .start = r->start, .kind = (InspKind)r->kind,
                                  .source = (InspSource)r->source, .number = r->number};
        }
        while (cov_at < b->n_cov && b->cov[cov_at].family < fam)
            cov_at++;
        size_t ncv = 0;
        for (size_t c = cov_at; c < b->n_cov && b->cov[c].family == fam; c++) {
            if (ncv == cap_cv) {
                cap_cv = cap_cv ? cap_cv * 2 : 8;
                cv = xrealloc(cv, cap_cv * sizeof *cv);
            }
            cv[ncv++] = b->cov[c].c;
        }
        InspMerged *m;
        size_t nm = insp_merge(s, ns, cv, ncv, lineage, b, &m);
        size_t base = *n_outs;
        for (size_t k = 0; k < nm; k++) {
            Out *o = xgrow((void **)outs, n_outs, &cap_outs, sizeof *o);
            o->m = m[k];
        }
        /* members grouped by merged inspection, each group by rowid */
        for (size_t k = 0; k < nm; k++) {
            Out *o = &(*outs)[base + k];
            o->first = n_members;
            for (size_t t = 0; t < ns; t++)
                if (s[t].merged == k)
                    (*members)[n_members++] = order[i + t]; /* order[i + t] ascends in rowid within a date */
            o->n = n_members - o->first;
            uint64_t h = 1469598103934665603ULL;
            int32_t key[4] = {(int32_t)o->m.kind, o->m.start, o->m.inferred, 0};
            h = fnv(h, &o->m.urn, sizeof o->m.urn);
            h = fnv(h, key, sizeof key);
            for (size_t t = o->first; t < n_members; t++) {
                const Rep *r = &b->reps[(*members)[t]];
                h = fnv(h, &r->rowid, sizeof r->rowid);
                h = fnv(h, &r->version, sizeof r->version);
            }
            o->sig = h & 0x7fffffffffffffffULL; /* fits SQLite's signed integer */
        }
        free(m);
        i = j;
    }
    free(s);
    free(cv);
    free(order);
    if (*n_outs > 1)
        qsort(*outs, *n_outs, sizeof **outs, cmp_out_v);
}

/* --- the rebuild: writing ------------------------------------------------------ */

/* One report read in full, for composing a merged inspection. */
typedef struct Full {
    int source, kind;
    int64_t import_id;
    char *col[20]; /* the text of each column below, NULL when SQL NULL */
} Full;

enum {
    F_NUMBER, F_PUBLICATION, F_TYPE, F_TYPE_GROUPING, F_EVENT_GROUPING, F_OVERALL, F_OVERALL_TEXT, F_CATEGORY,
    F_QUALITY, F_LEADERSHIP, F_JUDGEMENTS, F_OUTCOME, F_CONVERTED, F_SCHOOL_NAME, F_SCHOOL_TYPE, F_LAESTAB, F_NCOLS
};

static int read_full(Db *db, int64_t rowid, Full *f)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT source, kind, import_id, number, publication_date, inspection_type,"
                                   " type_grouping, event_grouping, overall, overall_text, category, quality,"
                                   " leadership, judgements, outcome, converted, school_name, school_type, laestab"
                                   " FROM inspection_reports WHERE rowid = ?");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, rowid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        f->source = insp_source_from_name((const char *)sqlite3_column_text(st, 0));
        f->kind = insp_kind_from_name((const char *)sqlite3_column_text(st, 1));
        f->import_id = sqlite3_column_int64(st, 2);
        for (int c = 0; c < F_NCOLS; c++)
            f->col[c] = db_col_dup(st, 3 + c);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

static void full_free(Full *f)
{
    for (int c = 0; c < F_NCOLS; c++)
        free(f->col[c]);
}

static int cmp_full(const void *x, const void *y)
{
    const Full *a = x, *b = y;
    if (a->source != b->source)
        return a->source - b->source;
    return cmp_i64(b->import_id, a->import_id); /* the newer file first */
}

/* The first value of column c among the reports (most authoritative first),
   skipping GIAS's carried-over rating where the inspection is not graded. */
static const char *first(const Full *f, size_t n, int c, InspKind kind)
{
    for (size_t i = 0; i < n; i++) {
        if (f[i].kind == INSP_ANY && kind != INSP_GRADED &&
            (c == F_OVERALL || c == F_OVERALL_TEXT || c == F_CATEGORY))
            continue;
        if (f[i].col[c])
            return f[i].col[c];
    }
    return NULL;
}

/*
 * The columns of a merged inspection: each from its most authoritative
 * report that says it (the management information, then the history, then
 * GIAS; of two files of one kind the newer). The overall judgement and the
 * category come together from one report; the management information's
 * category stands even when blank (it means "none").
 */
static void compose(Full *f, size_t n, InspKind kind, const char *out[F_NCOLS], Buf *sources)
{
    qsort(f, n, sizeof *f, cmp_full);
    for (int c = 0; c < F_NCOLS; c++)
        out[c] = first(f, n, c, kind);
    out[F_OVERALL] = out[F_OVERALL_TEXT] = out[F_CATEGORY] = NULL;
    for (size_t i = 0; i < n; i++) {
        if (f[i].kind == INSP_ANY && kind != INSP_GRADED)
            continue;
        if (f[i].col[F_OVERALL_TEXT] || f[i].source == INSP_SRC_MI) {
            out[F_OVERALL] = f[i].col[F_OVERALL];
            out[F_OVERALL_TEXT] = f[i].col[F_OVERALL_TEXT];
            out[F_CATEGORY] = f[i].col[F_CATEGORY];
            break;
        }
    }
    if (kind == INSP_GRADED && !out[F_CATEGORY]) /* GIAS's "Special Measures" where Ofsted's file said nothing */
        for (size_t i = 0; i < n && !out[F_CATEGORY]; i++)
            if (f[i].source != INSP_SRC_MI)
                out[F_CATEGORY] = f[i].col[F_CATEGORY];
    buf_reset(sources);
    for (size_t i = 0; i < n; i++) {
        const char *name = insp_source_name((InspSource)f[i].source);
        int dup = 0;
        for (size_t k = 0; k < i && !dup; k++)
            dup = f[k].source == f[i].source;
        if (!dup)
            buf_printf(sources, "%s%s", sources->len ? "," : "", name);
    }
}

static void bind_col(sqlite3_stmt *st, int i, const char *v, int integer)
{
    if (!v)
        sqlite3_bind_null(st, i);
    else if (integer)
        sqlite3_bind_int64(st, i, strtoll(v, NULL, 10));
    else
        db_bind_text(st, i, v);
}

/* Writes one merged inspection: id > 0 updates that row, else inserts. */
static int write_one(Db *db, const Rebuild *b, const Out *o, const size_t *members, int64_t id)
{
    Full *f = xcalloc(o->n ? o->n : 1, sizeof *f);
    int rc = 0;
    for (size_t i = 0; i < o->n && rc == 0; i++)
        rc = read_full(db, b->reps[members[o->first + i]].rowid, &f[i]);
    if (rc == 0) {
        const char *v[F_NCOLS];
        Buf sources = BUF_INIT;
        compose(f, o->n, o->m.kind, v, &sources);
        sqlite3_stmt *st =
            id > 0 ? db_stmt(db, "UPDATE inspections SET inferred = ?4, number = ?5, publication_date = ?6,"
                                 " inspection_type = ?7, type_grouping = ?8, event_grouping = ?9, overall = ?10,"
                                 " overall_text = ?11, category = ?12, quality = ?13, leadership = ?14,"
                                 " judgements = ?15, outcome = ?16, converted = ?17, school_name = ?18,"
                                 " school_type = ?19, laestab = ?20, source = ?21, digest = ?22 WHERE id = ?23"
                                 " AND urn = ?1 AND inspection_date = ?2 AND kind = ?3")
                   : db_stmt(db, "INSERT INTO inspections (urn, inspection_date, kind, inferred, number,"
                                 " publication_date, inspection_type, type_grouping, event_grouping, overall,"
                                 " overall_text, category, quality, leadership, judgements, outcome, converted,"
                                 " school_name, school_type, laestab, source, digest) VALUES (?1, ?2, ?3, ?4, ?5,"
                                 " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)");
        if (!st)
            rc = -1;
        else {
            char day[11];
            date_iso(o->m.start, day);
            sqlite3_bind_int64(st, 1, o->m.urn);
            db_bind_text(st, 2, day);
            db_bind_text(st, 3, insp_kind_name(o->m.kind));
            sqlite3_bind_int(st, 4, o->m.inferred);
            static const int is_int[F_NCOLS] = {[F_OVERALL] = 1, [F_QUALITY] = 1, [F_LEADERSHIP] = 1,
                                                [F_CONVERTED] = 1};
            for (int c = 0; c < F_NCOLS; c++)
                bind_col(st, 5 + c, v[c], is_int[c]);
            db_bind_text(st, 21, buf_str(&sources));
            sqlite3_bind_int64(st, 22, (sqlite3_int64)o->sig);
            if (id > 0)
                sqlite3_bind_int64(st, 23, id);
            if (sqlite3_step(st) != SQLITE_DONE) {
                log_error("inspection rebuild: %s", sqlite3_errmsg(db_handle(db)));
                rc = -1;
            }
            sqlite3_reset(st);
        }
        buf_free(&sources);
    }
    for (size_t i = 0; i < o->n; i++)
        full_free(&f[i]);
    free(f);
    return rc;
}

typedef struct Have {
    int64_t id, urn, sig;
    Date start;
    int kind;
    int seen;
} Have;

static int cmp_have(const void *x, const void *y)
{
    const Have *a = x, *b = y;
    int c;
    if ((c = cmp_i64(a->urn, b->urn)) || (c = cmp_i64(a->start, b->start)))
        return c;
    return cmp_i64(a->kind, b->kind);
}

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        log_error("inspection rebuild: %s", sqlite3_errmsg(db_handle(db)));
    return rc == SQLITE_DONE ? 0 : -1;
}

/* inspection_lineage = Ofsted's attributions, written as a difference. */
static int write_lineage(Db *db, const Rebuild *b)
{
    Edge *have = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT urn, earlier_urn FROM inspection_lineage ORDER BY urn, earlier_urn");
    if (!st)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW)
        *(Edge *)xgrow((void **)&have, &n, &cap, sizeof(Edge)) =
            (Edge){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)};
    sqlite3_reset(st);
    int rc = 0;
    size_t i = 0, j = 0;
    sqlite3_stmt *ins = db_stmt(db, "INSERT INTO inspection_lineage (urn, earlier_urn) VALUES (?, ?)");
    sqlite3_stmt *del = db_stmt(db, "DELETE FROM inspection_lineage WHERE urn = ? AND earlier_urn = ?");
    if (!ins || !del)
        rc = -1;
    while (rc == 0 && (i < b->n_attrib || j < n)) {
        int c = i >= b->n_attrib ? 1 : j >= n ? -1 : cmp_edge(&b->attrib[i], &have[j]);
        sqlite3_stmt *s = c < 0 ? ins : c > 0 ? del : NULL;
        const Edge *e = c < 0 ? &b->attrib[i] : &have[j];
        if (s) {
            sqlite3_bind_int64(s, 1, e->urn);
            sqlite3_bind_int64(s, 2, e->earlier);
            rc = step_done(db, s);
        }
        if (c <= 0)
            i++;
        if (c >= 0)
            j++;
    }
    free(have);
    return rc;
}

int inspections_rebuild(Db *db, InspectionRebuild *out)
{
    InspectionRebuild stats = {0};
    Rebuild b = {0};
    Out *outs = NULL;
    size_t n_outs = 0, *members = NULL;
    Have *have = NULL;
    size_t n_have = 0, cap_have = 0;
    int rc = read_all(db, &b);
    if (rc == 0) {
        families(&b);
        merge_all(&b, &outs, &n_outs, &members);
        sqlite3_stmt *st = db_stmt(db, "SELECT id, urn, inspection_date, kind, digest FROM inspections");
        if (!st)
            rc = -1;
        else {
            int step;
            while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                Have *h = xgrow((void **)&have, &n_have, &cap_have, sizeof *h);
                h->id = sqlite3_column_int64(st, 0);
                h->urn = sqlite3_column_int64(st, 1);
                h->start = text_date(st, 2);
                h->kind = insp_kind_from_name((const char *)sqlite3_column_text(st, 3));
                h->sig = sqlite3_column_int64(st, 4);
            }
            sqlite3_reset(st);
            if (step != SQLITE_DONE)
                rc = -1;
        }
    }
    if (rc == 0 && n_have > 1)
        qsort(have, n_have, sizeof *have, cmp_have);
    /* match each merged inspection to a stored one by key */
    int64_t *target = xcalloc(n_outs ? n_outs : 1, sizeof *target); /* 0 insert, -1 unchanged, id update */
    for (size_t i = 0, j = 0; rc == 0 && i < n_outs; i++) {
        Have key = {.urn = outs[i].m.urn, .start = outs[i].m.start, .kind = (int)outs[i].m.kind};
        while (j < n_have && cmp_have(&have[j], &key) < 0)
            j++;
        if (j < n_have && cmp_have(&have[j], &key) == 0) {
            have[j].seen = 1;
            target[i] = have[j].sig == (int64_t)outs[i].sig ? -1 : have[j].id;
        }
    }
    /* removals first, so that no key is held twice */
    sqlite3_stmt *del = rc == 0 ? db_stmt(db, "DELETE FROM inspections WHERE id = ?") : NULL;
    for (size_t j = 0; rc == 0 && j < n_have; j++) {
        if (have[j].seen)
            continue;
        if (!del) {
            rc = -1;
            break;
        }
        sqlite3_bind_int64(del, 1, have[j].id);
        rc = step_done(db, del);
        stats.removed++;
    }
    for (size_t i = 0; rc == 0 && i < n_outs; i++) {
        if (target[i] == -1)
            continue;
        rc = write_one(db, &b, &outs[i], members, target[i]);
        if (target[i] > 0)
            stats.updated++;
        else
            stats.added++;
    }
    if (rc == 0)
        rc = write_lineage(db, &b);
    stats.reports = (long)b.n_reps;
    stats.inspections = (long)n_outs;
    free(target);
    free(have);
    free(outs);
    free(members);
    free(b.reps);
    free(b.edges);
    free(b.attrib);
    free(b.cov);
    free(b.urns);
    free(b.parent);
    buf_free(&b.strings);
    if (out)
        *out = stats;
    return rc;
}

int inspections_rebuild_if_needed(Db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM inspection_reports)"
                                   " AND NOT EXISTS (SELECT 1 FROM inspections)");
    if (!st)
        return -1;
    int need = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (!need)
        return 0;
    if (db_begin(db) != 0)
        return -1;
    InspectionRebuild r;
    if (inspections_rebuild(db, &r) != 0) {
        db_rollback(db);
        return -1;
    }
    log_info("derived %ld inspections from %ld inspection reports", r.inspections, r.reports);
    return db_commit(db);
}

/* --- a school's inspections ---------------------------------------------------------- */

/*
 * DOMAIN.md "History": the school's inspections "plus, recursively, those of
 * every school that its GIAS links name with link type exactly
 * 'Predecessor'", and those Ofsted's own files file under an earlier URN
 * for it (inspection_lineage). `path` lists the URNs on the way so a cycle
 * stops; a school reached by two routes counts once, at its nearest.
 */
int school_history(Db *db, int64_t urn, InspectionList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db, "WITH RECURSIVE lineage(urn, depth, path) AS ("
            "  SELECT ?1, 0, ',' || ?1 || ','"
            "  UNION ALL"
            "  SELECT l.link_urn, g.depth + 1, g.path || l.link_urn || ','"
            "  FROM lineage g JOIN school_links l ON l.urn = g.urn AND l.link_type = 'Predecessor'"
            "  WHERE g.depth < ?2 AND instr(g.path, ',' || l.link_urn || ',') = 0"
            "  UNION ALL"
            "  SELECT e.earlier_urn, g.depth + 1, g.path || e.earlier_urn || ','"
            "  FROM lineage g JOIN inspection_lineage e ON e.urn = g.urn"
            "  WHERE g.depth < ?2 AND instr(g.path, ',' || e.earlier_urn || ',') = 0"
            "), nearest AS (SELECT urn, min(depth) AS depth FROM lineage GROUP BY urn)"
            " SELECT i.urn, n.depth, s.name, i.inspection_date, i.kind, i.inferred, i.overall, i.overall_text,"
            "  i.category, i.quality, i.leadership, i.judgements, i.number, i.publication_date, i.inspection_type,"
            "  i.outcome, i.school_name, i.school_type, i.converted, i.source"
            " FROM nearest n JOIN inspections i ON i.urn = n.urn LEFT JOIN schools s ON s.urn = i.urn"
            " ORDER BY i.inspection_date DESC, n.depth, i.urn, i.kind");
    if (!st)
        return -1;
    db_bind_int64(st, 1, urn);
    sqlite3_bind_int(st, 2, HISTORY_MAX_DEPTH);
    int step;
    size_t cap = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        Inspection *in = xgrow((void **)&out->items, &out->n, &cap, sizeof *in);
        in->urn = sqlite3_column_int64(st, 0);
        in->depth = sqlite3_column_int(st, 1);
        in->school_name = db_col_dup(st, 2);
        const char *d = (const char *)sqlite3_column_text(st, 3);
        snprintf(in->date, sizeof in->date, "%s", d ? d : "");
        in->kind = db_col_dup(st, 4);
        in->inferred = sqlite3_column_int(st, 5);
        in->grade = sqlite3_column_int(st, 6);
        in->overall_text = db_col_dup(st, 7);
        in->category = db_col_dup(st, 8);
        in->quality = sqlite3_column_int(st, 9);
        in->leadership = sqlite3_column_int(st, 10);
        in->judgements = db_col_dup(st, 11);
        in->number = db_col_dup(st, 12);
        in->publication = db_col_dup(st, 13);
        in->type = db_col_dup(st, 14);
        in->outcome = db_col_dup(st, 15);
        in->name_then = db_col_dup(st, 16);
        in->type_then = db_col_dup(st, 17);
        in->converted = sqlite3_column_type(st, 18) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 18);
        in->source = db_col_dup(st, 19);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        log_error("school history failed: %s", sqlite3_errmsg(db_handle(db)));
        inspection_list_free(out);
        return -1;
    }
    return 0;
}

void inspection_list_free(InspectionList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        Inspection *in = &l->items[i];
        char *all[] = {in->school_name, in->kind, in->overall_text, in->category, in->judgements, in->number,
                       in->publication, in->type, in->outcome, in->name_then, in->type_then, in->source};
        for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
            free(all[k]);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
