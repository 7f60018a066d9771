/*
 * eligibility_run.c - one programme over all of England. See
 * eligibility_run.h.
 */
#include "store/eligibility_run.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int elig_listed(const char *programme, EligOutcome o)
{
    if (strcmp(programme, RISE_PROGRAMME) == 0)
        return o == ELIG_TARGETED || o == ELIG_INTERVENTION;
    return o != ELIG_NONE;
}

void elig_evidence_text(const EligResult *r, char *out, size_t outlen)
{
    Buf b = BUF_INIT;
    char one[512];
    for (size_t i = 0; i < r->n_used; i++) {
        elig_describe(&r->used[i].in, one, sizeof one);
        buf_printf(&b, "%s%s: %s", i ? "; " : "", r->used[i].role, one);
    }
    if (r->n_missing) {
        buf_printf(&b, "%smissing: ", r->n_used ? "; " : "");
        for (size_t i = 0; i < r->n_missing; i++)
            buf_printf(&b, "%s%s", i ? "; " : "", r->missing[i]);
    }
    snprintf(out, outlen, "%s", buf_str(&b));
    buf_free(&b);
}

/* Distinct values, counted, most frequent first. */
typedef struct Tally {
    const char *value;
    size_t n;
} Tally;

static int cmp_tally(const void *a, const void *b)
{
    const Tally *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->value, y->value);
}

static void tally_add(Tally **t, size_t *n, const char *v)
{
    if (!v || !*v)
        return;
    for (size_t i = 0; i < *n; i++)
        if ((*t)[i].value == v || strcmp((*t)[i].value, v) == 0) {
            (*t)[i].n++;
            return;
        }
    *t = xrealloc(*t, (*n + 1) * sizeof **t);
    (*t)[(*n)++] = (Tally){v, 1};
}

static void tally_join(Tally *t, size_t n, Buf *out)
{
    qsort(t, n, sizeof *t, cmp_tally);
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s%s", i ? "; " : "", t[i].value);
}

typedef enum Prog { P_SI, P_TSIO, P_RISE, P_UNKNOWN } Prog;

typedef struct Params {
    Si2019Params si;
    Tsio2022Params tsio;
    RiseParams rise;
} Params;

static Prog prog_of(const char *programme)
{
    if (strcmp(programme, SI2019_PROGRAMME) == 0)
        return P_SI;
    if (strcmp(programme, TSIO2022_PROGRAMME) == 0)
        return P_TSIO;
    if (strcmp(programme, RISE_PROGRAMME) == 0)
        return P_RISE;
    return P_UNKNOWN;
}

/* Loads the programme's parameters and checks the date against its year. */
static int check(Db *db, const char *programme, Date as_at, Prog *p, Params *pp, char *err, size_t errlen)
{
    *p = prog_of(programme);
    if (*p == P_UNKNOWN) {
        snprintf(err, errlen, "unknown programme '%s' (si-2019-20, tsio-2022-23 or rise)", programme);
        return ELIG_RUN_BAD_PROGRAMME;
    }
    int rc = *p == P_SI     ? elig_params_load(db, programme, SI2019_PARAMS, SI2019_N_PARAMS, &pp->si, err, errlen)
             : *p == P_TSIO ? elig_params_load(db, programme, TSIO2022_PARAMS, TSIO2022_N_PARAMS, &pp->tsio, err,
                                                errlen)
                            : elig_params_load(db, programme, RISE_PARAMS, RISE_N_PARAMS, &pp->rise, err, errlen);
    if (rc != 0)
        return ELIG_RUN_FAILED;
    if (*p != P_RISE) {
        Date from = *p == P_SI ? pp->si.year_start : pp->tsio.year_start;
        Date to = *p == P_SI ? pp->si.year_end : pp->tsio.year_end;
        if (as_at < from || as_at > to) {
            char f[11], t[11], d[11];
            date_iso(from, f);
            date_iso(to, t);
            date_iso(as_at, d);
            snprintf(err, errlen, "%s is outside the %s year: give a date from %s to %s", d,
                     *p == P_SI ? "SI offer 2019/20" : "TSIO 2022/23", f, t);
            return ELIG_RUN_BAD_DATE;
        }
    }
    return ELIG_RUN_OK;
}

int elig_run_check(Db *db, const char *programme, Date as_at, char *err, size_t errlen)
{
    Prog p;
    Params pp;
    return check(db, programme, as_at, &p, &pp, err, errlen);
}

int elig_run(Db *db, const EligData *data, const EligRun *run, EligVisit visit, void *ctx, char *err, size_t errlen)
{
    Prog p;
    Params pp;
    int rc = check(db, run->programme, run->as_at, &p, &pp, err, errlen);
    if (rc != ELIG_RUN_OK)
        return rc;
    const Si2019Params *si = &pp.si;
    const Tsio2022Params *tsio_p = &pp.tsio;
    const RiseParams *rp = &pp.rise;
    const char *region = run->region && *run->region ? run->region : NULL;
    for (size_t i = 0; i < data->n_schools; i++) {
        const EligSchool *s = &data->schools[i];
        if (!s->name)
            continue; /* a URN named only by a membership */
        if (region && !(s->region && strcmp(s->region, region) == 0))
            continue;
        EligResult r;
        if (p == P_SI)
            si2019_assess(s, si, run->as_at, &r);
        else if (p == P_TSIO)
            tsio2022_school(s, tsio_p, run->as_at, &r);
        else
            rise_suggest(s, rp, run->as_at, &r);
        int in_scope = strncmp(r.rule, "scope.", 6) != 0;
        if (in_scope && (run->all || elig_listed(run->programme, r.outcome)))
            visit(ctx, "school", s->urn, s->name, s->region, s->la_name, &r);
        elig_result_free(&r);
    }
    for (size_t i = 0; p == P_TSIO && i < data->n_groups; i++) {
        const EligGroup *g = &data->groups[i];
        if (!g->type || strcasecmp(g->type, GROUP_TYPE_MAT) != 0)
            continue;
        Tally *regions = NULL, *las = NULL;
        size_t n_regions = 0, n_las = 0, present = 0;
        int in_region = !region;
        for (size_t k = 0; k < g->n_members; k++) {
            const EligMembership *m = &g->members[k];
            if (!elig_membership_holds(m, run->as_at) && !(m->dated && elig_membership_holds(m, tsio_p->mat_census)))
                continue;
            present++;
            if (!m->school)
                continue;
            tally_add(&regions, &n_regions, m->school->region);
            tally_add(&las, &n_las, m->school->la_name);
            if (region && m->school->region && strcmp(m->school->region, region) == 0)
                in_region = 1;
        }
        if (present && in_region) {
            EligResult r;
            tsio2022_trust(g, tsio_p, run->as_at, &r);
            if (run->all || r.outcome != ELIG_NONE) {
                Buf rb = BUF_INIT, lb = BUF_INIT;
                tally_join(regions, n_regions, &rb);
                tally_join(las, n_las, &lb);
                visit(ctx, "trust", g->uid, g->name, buf_str(&rb), buf_str(&lb), &r);
                buf_free(&rb);
                buf_free(&lb);
            }
            elig_result_free(&r);
        }
        free(regions);
        free(las);
    }
    return ELIG_RUN_OK;
}
