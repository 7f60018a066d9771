/*
 * match_batch.c - the best assignment of many cases to providers at once
 * (matching.h, match_batch): as many cases matched as possible, then the
 * highest total score, no provider given more than its places.
 *
 * Pure: no I/O. The method is the Hungarian method as shortest augmenting
 * paths with potentials, one case (row) at a time (the e-maxx formulation),
 * over columns that are the providers' places plus "unmatched" places.
 *
 * Interpretations and how it is built:
 * - Cost of case i at provider j is 100 - score (score clamped to 0..100);
 *   a negative score is infeasible and never assigned. Leaving a case
 *   unmatched costs U = nc*100 + 2, more than any difference in total score
 *   (at most nc*100), so one more match always beats any scores: minimum
 *   total cost is first the most matches, then the highest total score.
 * - Each provider j has cap[j] identical places (cap <= 0: none; NULL cap:
 *   one place each). The "unmatched" column is one more provider with a
 *   place for every case, so every case can always be placed and a search
 *   always ends.
 * - The places are never materialised. In the e-maxx method a column's
 *   potential only changes once it has been reached by a search, and a
 *   reached free column ends the search and becomes matched, so every free
 *   place has potential 0 and the free places of one provider are the same
 *   column. A search therefore scans the places already matched (at most one
 *   per case placed so far) and one free place per provider with room, and a
 *   matched place becomes a column of its own when a search ends on it. The
 *   work per search step is O(cases placed + providers) and the memory
 *   O(nc + np) beyond the score matrix, however large the capacities.
 * - Ties are broken towards a free place (the lowest provider first), then
 *   the earliest matched place, so a search stops as soon as it can and the
 *   answer is deterministic.
 */
#include "domain/matching.h"

#include <limits.h>
#include <stdlib.h>

#define INF_COST (INT64_MAX / 4)

/* The search's state. Columns: 0 the search's start, 1..k the matched
   places (k grows), then free0 + j the free place of provider j (j == np:
   unmatched). */
typedef struct Batch {
    const int *score;
    size_t nc, np;
    int64_t unmatched; /* U */
    int *room;         /* free places left per provider (np + 1) */
    int64_t *u;        /* row potentials, 1..nc */
    int64_t *v;        /* column potentials (0 for every free place) */
    int64_t *minv;
    int *p;    /* row of a column, 0 for none */
    int *way;  /* the previous column on the shortest path */
    int *prov; /* the provider of a matched place */
    unsigned char *used;
    int k;     /* matched places so far */
    int free0; /* index of provider 0's free place */
} Batch;

/* Cost of row i (1-based) at provider j; INF_COST when infeasible. */
static int64_t cost_of(const Batch *b, int i, size_t j)
{
    if (j == b->np)
        return b->unmatched;
    int s = b->score[(size_t)(i - 1) * b->np + j];
    if (s < 0)
        return INF_COST;
    return 100 - (s > 100 ? 100 : s);
}

/* One relaxation of column col from row i0 reached through j0, and the
   column as a candidate for the nearest. */
static inline void relax(Batch *b, int col, int64_t c, int64_t ui0, int j0, int64_t *delta, int *j1)
{
    if (c < INF_COST) {
        int64_t cur = c - ui0 - b->v[col];
        if (cur < b->minv[col]) {
            b->minv[col] = cur;
            b->way[col] = j0;
        }
    }
    /* reached earlier from another row, this column still counts */
    if (b->minv[col] < *delta) {
        *delta = b->minv[col];
        *j1 = col;
    }
}

/* Places row i: Dijkstra over the columns until a free place is reached,
   then the augmenting path is turned over. */
static void place_row(Batch *b, int i)
{
    int last = b->free0 + (int)b->np; /* the last column: unmatched's free place */
    for (int col = 0; col <= last; col++) {
        b->minv[col] = INF_COST;
        b->used[col] = 0;
    }
    b->p[0] = i;
    int j0 = 0;
    do {
        b->used[j0] = 1;
        int i0 = b->p[j0], j1 = -1;
        int64_t delta = INF_COST, ui0 = b->u[i0];
        /* free places first: on a tie the search ends there at once */
        for (size_t j = 0; j <= b->np; j++)
            if (b->room[j] > 0)
                relax(b, b->free0 + (int)j, cost_of(b, i0, j), ui0, j0, &delta, &j1);
        for (int col = 1; col <= b->k; col++)
            if (!b->used[col])
                relax(b, col, cost_of(b, i0, (size_t)b->prov[col]), ui0, j0, &delta, &j1);
        /* j1 always exists: the unmatched place is never full and never INF */
        for (int col = 0; col <= b->k; col++)
            if (b->used[col]) {
                b->u[b->p[col]] += delta;
                b->v[col] -= delta;
            } else if (b->minv[col] < INF_COST)
                b->minv[col] -= delta;
        for (size_t j = 0; j <= b->np; j++)
            if (b->room[j] > 0 && b->minv[b->free0 + (int)j] < INF_COST)
                b->minv[b->free0 + (int)j] -= delta;
        j0 = j1;
    } while (j0 <= b->k); /* a matched place: carry on from its row */
    /* j0 is provider j's free place: it becomes matched place k + 1 */
    size_t j = (size_t)(j0 - b->free0);
    int col = ++b->k;
    b->room[j]--;
    b->prov[col] = (int)j;
    b->v[col] = 0;
    b->p[col] = 0;
    b->way[col] = b->way[j0];
    j0 = col;
    do {
        int prev = b->way[j0];
        b->p[j0] = b->p[prev];
        j0 = prev;
    } while (j0);
}

int match_batch(const int *score, size_t nc, size_t np, const int *cap, int *assign)
{
    for (size_t i = 0; i < nc; i++)
        assign[i] = -1;
    if (nc == 0)
        return 0;
    if (nc > 10000000 || np > (size_t)INT_MAX / 4) /* keeps U and the potentials far inside int64 */
        return -1;
    size_t cols = 1 + nc + np + 1; /* start, matched places, free places */
    Batch b = {.score = score, .nc = nc, .np = np, .unmatched = (int64_t)nc * 100 + 2, .k = 0, .free0 = (int)nc + 1};
    b.room = malloc((np + 1) * sizeof *b.room);
    b.u = calloc(nc + 1, sizeof *b.u);
    b.v = calloc(cols, sizeof *b.v);
    b.minv = malloc(cols * sizeof *b.minv);
    b.p = calloc(cols, sizeof *b.p);
    b.way = calloc(cols, sizeof *b.way);
    b.prov = calloc(cols, sizeof *b.prov);
    b.used = malloc(cols);
    int matched = -1;
    if (b.room && b.u && b.v && b.minv && b.p && b.way && b.prov && b.used) {
        for (size_t j = 0; j < np; j++) {
            int c = cap ? cap[j] : 1;
            b.room[j] = c < 0 ? 0 : c > (int)nc ? (int)nc : c;
        }
        b.room[np] = (int)nc;
        for (size_t i = 1; i <= nc; i++)
            place_row(&b, (int)i);
        matched = 0;
        for (int col = 1; col <= b.k; col++)
            if ((size_t)b.prov[col] < np) {
                assign[b.p[col] - 1] = b.prov[col];
                matched++;
            }
    }
    free(b.room);
    free(b.u);
    free(b.v);
    free(b.minv);
    free(b.p);
    free(b.way);
    free(b.prov);
    free(b.used);
    return matched;
}
