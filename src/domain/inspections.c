/*
 * inspections.c - which sightings are one inspection, and what a graded
 * inspection without a headline grade counts as. See inspections.h for the
 * rules (M1-M4, E1-E5) and docs/decisions/0005-one-inspection.md for why.
 */
#define _GNU_SOURCE /* qsort_r */
#include "domain/inspections.h"

#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

/* --- names ------------------------------------------------------------------ */

static const char *const KIND_NAMES[] = {"graded", "ungraded", "report-card", "any"};
static const char *const SOURCE_NAMES[] = {"ofsted-mi", "ofsted-history", "gias"};

const char *insp_kind_name(InspKind k)
{
    return k >= INSP_GRADED && k <= INSP_ANY ? KIND_NAMES[k] : "";
}

int insp_kind_from_name(const char *s)
{
    for (int k = INSP_GRADED; k <= INSP_ANY; k++)
        if (s && strcmp(s, KIND_NAMES[k]) == 0)
            return k;
    return -1;
}

const char *insp_source_name(InspSource s)
{
    return s >= INSP_SRC_MI && s <= INSP_SRC_GIAS ? SOURCE_NAMES[s] : "";
}

int insp_source_from_name(const char *s)
{
    for (int k = INSP_SRC_MI; k <= INSP_SRC_GIAS; k++)
        if (s && strcmp(s, SOURCE_NAMES[k]) == 0)
            return k;
    return -1;
}

/* --- union-find over the sightings ------------------------------------------- */

typedef struct Sets {
    size_t *parent;
    const char **number; /* a root's inspection number, when any member has one */
} Sets;

static size_t find(Sets *u, size_t i)
{
    while (u->parent[i] != i) {
        u->parent[i] = u->parent[u->parent[i]];
        i = u->parent[i];
    }
    return i;
}

/* Joins the sets of a and b unless they carry different inspection numbers
   (M1: "two with different numbers never are"). */
static void join(Sets *u, size_t a, size_t b)
{
    a = find(u, a);
    b = find(u, b);
    if (a == b)
        return;
    if (u->number[a] && u->number[b] && strcmp(u->number[a], u->number[b]) != 0)
        return;
    if (b < a) { /* the smaller index is the root: the same answer in any order of joins */
        size_t t = a;
        a = b;
        b = t;
    }
    u->parent[b] = a;
    if (!u->number[a])
        u->number[a] = u->number[b];
}

/* --- ordering ---------------------------------------------------------------- */

static int cmp_i64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_str(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b ? 0 : !a ? 1 : -1;
    return strcmp(a, b);
}

/* A total order on sightings by their content, so the result does not depend
   on the order they were given in. */
static int cmp_sighting(const InspSighting *a, const InspSighting *b)
{
    int c;
    if ((c = cmp_i64(a->start, b->start)) || (c = cmp_i64(a->source, b->source)) || (c = cmp_i64(a->urn, b->urn)) ||
        (c = cmp_i64(a->kind, b->kind)))
        return c;
    return cmp_str(a->number, b->number);
}

static int cmp_index(const void *x, const void *y, void *base)
{
    const InspSighting *s = base;
    return cmp_sighting(&s[*(const size_t *)x], &s[*(const size_t *)y]);
}

static int cmp_number(const void *x, const void *y, void *base)
{
    const InspSighting *a = &((const InspSighting *)base)[*(const size_t *)x];
    const InspSighting *b = &((const InspSighting *)base)[*(const size_t *)y];
    int c = cmp_str(a->number, b->number);
    return c ? c : cmp_sighting(a, b);
}

/* --- the rule ------------------------------------------------------------------- */

static int64_t days_apart(Date a, Date b)
{
    return a > b ? (int64_t)a - b : (int64_t)b - a;
}

/* M2's reach: the same school, or two schools in one line of predecessors
   reported by two different files. */
static int within_reach(const InspSighting *a, const InspSighting *b, InspLineageFn lineage, void *ctx)
{
    if (a->urn == b->urn)
        return 1;
    if (a->source == b->source)
        return 0;
    return lineage(ctx, a->urn, b->urn) || lineage(ctx, b->urn, a->urn);
}

static int numbers_differ(const InspSighting *a, const InspSighting *b)
{
    return a->number && b->number && strcmp(a->number, b->number) != 0;
}

/* Is GIAS's sighting a covered by a management-information row (M3)? */
static int covered(const InspSighting *a, const InspCoverage *cov, size_t ncov, InspLineageFn lineage, void *ctx)
{
    for (size_t i = 0; i < ncov; i++) {
        const InspCoverage *c = &cov[i];
        if (a->start > c->to || (c->from_inclusive ? a->start < c->from : a->start <= c->from))
            continue;
        if (c->urn == a->urn || lineage(ctx, c->urn, a->urn))
            return 1;
    }
    return 0;
}

/* Better of two definite sightings for GIAS's sighting a to join (M3): the
   same school first, then the nearer date, then graded, then the order. */
static int better_partner(const InspSighting *a, const InspSighting *x, const InspSighting *best)
{
    if (!best)
        return 1;
    int xs = x->urn == a->urn, bs = best->urn == a->urn;
    if (xs != bs)
        return xs;
    int64_t dx = days_apart(x->start, a->start), db = days_apart(best->start, a->start);
    if (dx != db)
        return dx < db;
    if (x->kind != best->kind)
        return x->kind < best->kind;
    return cmp_sighting(x, best) < 0;
}

/* The merged inspection's kind: graded before report card before ungraded
   when files disagree (M1 can join them by number). */
static int kind_rank(InspKind k)
{
    return k == INSP_GRADED ? 0 : k == INSP_REPORT_CARD ? 1 : k == INSP_UNGRADED ? 2 : 3;
}

static int cmp_merged(const InspMerged *a, const InspMerged *b)
{
    int c;
    if ((c = cmp_i64(a->urn, b->urn)) || (c = cmp_i64(a->start, b->start)))
        return c;
    return cmp_i64(a->kind, b->kind);
}

static int cmp_merged_v(const void *x, const void *y)
{
    return cmp_merged(x, y);
}

size_t insp_merge(InspSighting *s, size_t n, const InspCoverage *cov, size_t ncov, InspLineageFn lineage,
                  void *ctx, InspMerged **out)
{
    *out = NULL;
    if (n == 0)
        return 0;
    size_t *order = xmalloc(n * sizeof *order);
    Sets u = {xmalloc(n * sizeof(size_t)), xcalloc(n, sizeof(const char *))};
    for (size_t i = 0; i < n; i++)
        order[i] = i;

    /* the sets' roots are positions in the sorted order, so that joins
       made in that order give the same roots whatever order s came in */
    qsort_r(order, n, sizeof *order, cmp_index, s);
    size_t *pos = xmalloc(n * sizeof *pos); /* pos[sighting] = its place in order */
    for (size_t i = 0; i < n; i++) {
        pos[order[i]] = i;
        u.parent[i] = i;
        u.number[i] = s[order[i]].number;
    }

    /* M1: the same inspection number */
    size_t *bynum = xmalloc(n * sizeof *bynum);
    memcpy(bynum, order, n * sizeof *bynum);
    qsort_r(bynum, n, sizeof *bynum, cmp_number, s);
    for (size_t i = 1; i < n; i++) {
        const InspSighting *a = &s[bynum[i - 1]], *b = &s[bynum[i]];
        if (a->number && b->number && strcmp(a->number, b->number) == 0)
            join(&u, pos[bynum[i - 1]], pos[bynum[i]]);
    }
    free(bynum);

    /* M2: the same kind, a day apart, within reach */
    for (size_t i = 0; i < n; i++) {
        const InspSighting *a = &s[order[i]];
        if (a->kind == INSP_ANY)
            continue;
        for (size_t j = i + 1; j < n && days_apart(s[order[j]].start, a->start) <= 1; j++) {
            const InspSighting *b = &s[order[j]];
            if (b->kind == a->kind && !numbers_differ(a, b) && within_reach(a, b, lineage, ctx))
                join(&u, i, j);
        }
    }

    /* M3: GIAS's sighting joins the inspection it can only be, or stays alone */
    for (size_t i = 0; i < n; i++) {
        const InspSighting *a = &s[order[i]];
        if (a->kind != INSP_ANY)
            continue;
        size_t best = n;
        size_t lo = i;
        while (lo > 0 && a->start - s[order[lo - 1]].start <= INSP_GIAS_LATE_DAYS)
            lo--;
        for (size_t j = lo; j < n && s[order[j]].start - a->start <= 1; j++) {
            const InspSighting *b = &s[order[j]];
            if (b->kind == INSP_ANY || !within_reach(a, b, lineage, ctx))
                continue;
            if (better_partner(a, b, best < n ? &s[order[best]] : NULL))
                best = j;
        }
        if (best < n)
            join(&u, i, best);
    }
    /* GIAS's sightings left alone: one per school a day apart (two GIAS files) */
    for (size_t i = 0; i < n; i++) {
        const InspSighting *a = &s[order[i]];
        if (a->kind != INSP_ANY || find(&u, i) != i)
            continue;
        for (size_t j = i + 1; j < n && days_apart(s[order[j]].start, a->start) <= 1; j++) {
            const InspSighting *b = &s[order[j]];
            if (b->kind == INSP_ANY && b->urn == a->urn && find(&u, j) == j)
                join(&u, i, j);
        }
    }

    /* M4: one merged inspection per set */
    size_t *slot = xmalloc(n * sizeof *slot); /* root position -> merged index */
    InspMerged *m = xmalloc(n * sizeof *m);
    const InspSighting **lead = xmalloc(n * sizeof *lead); /* the set's most authoritative sighting */
    size_t nm = 0;
    for (size_t i = 0; i < n; i++)
        slot[i] = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t r = find(&u, i);
        const InspSighting *a = &s[order[i]];
        if (slot[r] == (size_t)-1) {
            slot[r] = nm;
            lead[nm] = a;
            m[nm] = (InspMerged){.urn = a->urn, .start = a->start, .kind = a->kind};
            nm++;
            continue;
        }
        InspMerged *x = &m[slot[r]];
        if (a->kind != INSP_ANY && (x->kind == INSP_ANY || kind_rank(a->kind) < kind_rank(x->kind)))
            x->kind = a->kind;
        /* sorted by start then source: a lead is replaced only by a better source */
        if (a->source < lead[slot[r]]->source) {
            lead[slot[r]] = a;
            x->urn = a->urn;
            x->start = a->start;
        }
    }
    for (size_t k = 0; k < nm; k++)
        if (m[k].kind == INSP_ANY) {
            m[k].inferred = 1;
            m[k].kind = covered(lead[k], cov, ncov, lineage, ctx) ? INSP_UNGRADED : INSP_GRADED;
        }
    for (size_t i = 0; i < n; i++)
        s[order[i]].merged = slot[find(&u, i)];

    /* sorted by URN, date and kind; two left with the same key are one */
    size_t *rank = xmalloc(nm * sizeof *rank);
    InspMerged *sorted = xmalloc(nm * sizeof *sorted);
    memcpy(sorted, m, nm * sizeof *m);
    qsort(sorted, nm, sizeof *sorted, cmp_merged_v);
    size_t k = 0;
    for (size_t i = 0; i < nm; i++) {
        if (k > 0 && cmp_merged(&sorted[k - 1], &sorted[i]) == 0) {
            sorted[k - 1].inferred = sorted[k - 1].inferred && sorted[i].inferred;
            continue;
        }
        sorted[k++] = sorted[i];
    }
    for (size_t i = 0; i < nm; i++) {
        InspMerged key = m[i];
        const InspMerged *hit = bsearch(&key, sorted, k, sizeof *sorted, cmp_merged_v);
        rank[i] = (size_t)(hit - sorted);
    }
    for (size_t i = 0; i < n; i++)
        s[i].merged = rank[s[i].merged];

    free(rank);
    free(m);
    free(lead);
    free(slot);
    free(pos);
    free(order);
    free(u.parent);
    free(u.number);
    *out = sorted;
    return k;
}

/* --- a graded inspection without a headline grade ---------------------------- */

const InspEquivalenceRule INSP_EQUIVALENCE_RULES[] = {
    {INSP_EQ_CATEGORY, "E1",
     "Our reading of the rest: such an inspection with a category of concern counts as grade 4 (DOMAIN.md"
     " section 2).",
     "a category of concern counts as grade 4"},
    {INSP_EQ_RI, "E2",
     "DfE treats a sub-judgement of Requires Improvement for leadership and management and/or quality of"
     " education for a school inspected in 2024/25 academic year as equivalent to a previous single headline"
     " grade of Requires Improvement (DfE, Schools eligible for RISE intervention, 2025).",
     "requires improvement, which DfE treats as a grade 3"},
    {INSP_EQ_INADEQUATE_SUB, "E3",
     "With quality of education or leadership and management graded 4 but no category, as grade 3 (\"RI or"
     " equivalent\" is the least it can be; say so in the evidence) (DOMAIN.md section 2).",
     "inadequate without a category of concern, counted as grade 3: requires improvement or equivalent is the"
     " least it can be"},
    {INSP_EQ_GOOD, "E4", "Otherwise as good (grade 2) for these rules (DOMAIN.md section 2).",
     "good or better, counted as grade 2"},
    {INSP_EQ_NO_SUBJUDGEMENTS, "E5",
     "Our interpretation: with neither sub-judgement recorded there is nothing to treat as requires"
     " improvement, so as good (grade 2), and the evidence says the sub-judgements were missing.",
     "no sub-judgement recorded, counted as grade 2"},
};

const InspEquivalenceRule *insp_equivalence_rule(InspEquivalence e)
{
    for (size_t i = 0; i < sizeof INSP_EQUIVALENCE_RULES / sizeof INSP_EQUIVALENCE_RULES[0]; i++)
        if (INSP_EQUIVALENCE_RULES[i].id == e)
            return &INSP_EQUIVALENCE_RULES[i];
    return NULL;
}

int insp_equivalent_grade(const char *category, int quality, int leadership, InspEquivalence *why)
{
    if (category) {
        *why = INSP_EQ_CATEGORY;
        return 4;
    }
    if (quality == 3 || leadership == 3) {
        *why = INSP_EQ_RI;
        return 3;
    }
    if (quality == 4 || leadership == 4) {
        *why = INSP_EQ_INADEQUATE_SUB;
        return 3;
    }
    if (quality < 1 && leadership < 1) {
        *why = INSP_EQ_NO_SUBJUDGEMENTS;
        return 2;
    }
    *why = INSP_EQ_GOOD;
    return 2;
}
