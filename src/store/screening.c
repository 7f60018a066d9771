/*
 * screening.c - the screening queue's view of the eligibility rules. See
 * screening.h.
 *
 * The rules need every school's history and every trust's members, which
 * elig_data_load reads for all of England. That is kept in memory between
 * requests and read again only when an import has finished since, so a
 * queue page costs one pass of the rules, not a load. The loaded data is
 * read-only; a mutex keeps one request at a time on it (and lets a reload
 * replace it safely).
 */
#include "store/screening.h"

#include "core/buf.h"
#include "core/log.h"
#include "store/eligibility_run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const SI_OUTCOMES[] = {"tier-3", "tier-2", "tier-1", NULL};
static const char *const TSIO_OUTCOMES[] = {"eligible", NULL};
static const char *const RISE_OUTCOMES[] = {"intervention", "targeted", NULL};

const Programme PROGRAMMES[3] = {
    {RISE_PROGRAMME, "RISE", "2025-01-01", NULL, RISE_OUTCOMES, "RISE"},
    {TSIO2022_PROGRAMME, "Trust and School Improvement Offer 2022/23", "2022-09-01", "2023-08-31", TSIO_OUTCOMES,
     "TSIO 2022/23"},
    {SI2019_PROGRAMME, "School Improvement offer 2019/20", "2019-09-01", "2020-08-31", SI_OUTCOMES,
     "SI offer 2019/20"},
};

const Programme *programme_find(const char *code)
{
    for (int i = 0; i < 3; i++)
        if (code && strcmp(PROGRAMMES[i].code, code) == 0)
            return &PROGRAMMES[i];
    return NULL;
}

const char *outcome_label(const char *o)
{
    static const struct {
        const char *code, *label;
    } L[] = {{"tier-1", "Tier 1"},     {"tier-2", "Tier 2"},       {"tier-3", "Tier 3"},
             {"eligible", "Eligible"}, {"targeted", "Targeted"},   {"intervention", "Intervention"},
             {"universal", "Universal"}, {"none", "Not eligible"}};
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (o && strcmp(L[i].code, o) == 0)
            return L[i].label;
    return o ? o : "";
}

/* --- the cached data ------------------------------------------------------ */

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static EligData cache;
static int cache_loaded;
static int64_t cache_version = -1;

static int64_t data_version(Db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(id), 0) FROM imports WHERE status = 'done'");
    int64_t v = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    return v;
}

/* With cache_lock held: the data, loaded or reloaded as needed. */
static const EligData *data_for(Db *db, char *err, size_t errlen)
{
    int64_t v = data_version(db);
    if (cache_loaded && v == cache_version)
        return &cache;
    if (cache_loaded) {
        elig_data_free(&cache);
        cache_loaded = 0;
    }
    if (elig_data_load(db, &cache, err, errlen) != 0)
        return NULL;
    cache_loaded = 1;
    cache_version = v;
    return &cache;
}

/* --- rows ------------------------------------------------------------------ */

static void row_fill(ScreenRow *x, const char *kind, int64_t id, const char *name, const char *region, const char *la,
                     const EligResult *r)
{
    memset(x, 0, sizeof *x);
    snprintf(x->kind, sizeof x->kind, "%s", kind);
    x->id = id;
    x->name = xstrdup(name ? name : "");
    x->region = xstrdup(region ? region : "");
    x->local_authority = xstrdup(la ? la : "");
    x->outcome = xstrdup(elig_outcome_name(r->outcome));
    Buf rule = BUF_INIT;
    buf_printf(&rule, "%s", r->reason ? r->reason : r->rule);
    x->rule = buf_take(&rule);
    char ev[4096];
    elig_evidence_text(r, ev, sizeof ev);
    x->evidence = xstrdup(*ev ? ev : "No inspections were used.");
}

typedef struct Collect {
    ScreenList *out;
    size_t cap;
    const char *only_kind;
    int64_t only_id;
} Collect;

static void collect(void *ctx, const char *kind, int64_t id, const char *name, const char *region, const char *la,
                    const EligResult *r)
{
    Collect *c = ctx;
    if (c->only_kind && (strcmp(kind, c->only_kind) != 0 || id != c->only_id))
        return;
    if (c->out->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->out->rows = xrealloc(c->out->rows, c->cap * sizeof *c->out->rows);
    }
    row_fill(&c->out->rows[c->out->n++], kind, id, name, region, la, r);
}

static int run(Db *db, const char *programme, const char *as_at, const char *region, int all, Collect *c, char *err,
               size_t errlen)
{
    Date d = date_parse(as_at, NULL);
    if (d == DATE_NONE) {
        snprintf(err, errlen, "'%s' is not a date", as_at);
        return -1;
    }
    pthread_mutex_lock(&cache_lock);
    const EligData *data = data_for(db, err, errlen);
    int rc = -1;
    if (data) {
        EligRun r = {.programme = programme, .as_at = d, .region = region, .all = all};
        rc = elig_run(db, data, &r, collect, c, err, errlen) == ELIG_RUN_OK ? 0 : -1;
    }
    pthread_mutex_unlock(&cache_lock);
    if (rc != 0)
        log_warn("screening %s as at %s: %s", programme, as_at, err);
    return rc;
}

int screening_compute(Db *db, const char *programme, const char *as_at, const char *region, ScreenList *out,
                      char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    Collect c = {.out = out};
    return run(db, programme, as_at, region, 0, &c, err, errlen);
}

int screening_one(Db *db, const char *programme, const char *as_at, const char *kind, int64_t id, ScreenRow *out,
                  char *err, size_t errlen)
{
    ScreenList l = {0};
    Collect c = {.out = &l, .only_kind = kind, .only_id = id};
    if (run(db, programme, as_at, NULL, 1, &c, err, errlen) != 0)
        return -1;
    if (l.n == 0) {
        free(l.rows);
        return 0;
    }
    *out = l.rows[0];
    for (size_t i = 1; i < l.n; i++)
        screen_row_free(&l.rows[i]);
    free(l.rows);
    return 1;
}

void screen_row_free(ScreenRow *r)
{
    free(r->name);
    free(r->region);
    free(r->local_authority);
    free(r->outcome);
    free(r->rule);
    free(r->evidence);
    memset(r, 0, sizeof *r);
}

void screen_list_free(ScreenList *l)
{
    for (size_t i = 0; i < l->n; i++)
        screen_row_free(&l->rows[i]);
    free(l->rows);
    memset(l, 0, sizeof *l);
}
