/*
 * eligibility_data.c - loading what the eligibility rules need for all of
 * England. See eligibility_data.h.
 *
 * Five queries read whole tables (only the columns needed, no joins, no
 * ORDER BY that would need an index walk): the schools on the caller's
 * connection while a second thread, on a second connection, reads the
 * groups, memberships, inspections and predecessor links. Sorting and
 * joining is done here on arrays. On England (52,000 schools, 87,000
 * inspections, 16,000 predecessor links, 21,000 memberships) the whole load
 * takes about 100 ms on two cores (bench/eligibility.sh), most of it SQLite
 * reading pages and the kernel handing out fresh memory; so the scans run
 * with a small page cache, repeated text (types, statuses, regions, local
 * authorities) is interned, a history is a slice of the inspections array
 * unless the school has a predecessor, and the big arrays are mapped with
 * their pages populated in one call (see "memory" below).
 *
 * History (DOMAIN.md section 2): a school's inspections plus, recursively,
 * those of every school its GIAS links name with link type exactly
 * "Predecessor" (the school's own link rows, as store/schools.c reads them),
 * breadth first up to HISTORY_MAX_DEPTH steps, each school once.
 *
 * Membership: every dated group link, plus, for a school whose record names
 * a trust ("Trusts (code)") with no dated link to it, an undated membership
 * (domain/tsio2022.c, T2, says how it is used).
 */
#define _GNU_SOURCE /* mremap */
#include "store/eligibility_data.h"

#include "core/buf.h"
#include "domain/grades.h"
#include "store/schools.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

/* --- memory ------------------------------------------------------------------
 *
 * Fresh memory is what loading England costs most. The first write to each
 * page is a page fault, and under virtualisation a fault costs microseconds:
 * on the development machine, writing 32 MB page by page took about 90 ms,
 * and mapping the same 32 MB with its pages populated in one call about 6.
 * So the big arrays (and the string arena's chunks) are mapped, and grown
 * with mremap (no copy), with their pages populated up front. Where the
 * kernel cannot populate, the pages simply fault in as usual.
 */

typedef struct MapHead {
    size_t size; /* of the whole mapping, this header included */
    size_t pad;  /* keeps the data 16-byte aligned */
} MapHead;

static size_t page_round(size_t n)
{
    static size_t page;
    if (!page) {
        long p = sysconf(_SC_PAGESIZE);
        page = p > 0 ? (size_t)p : 4096;
    }
    return (n + page - 1) / page * page;
}

static void populate(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
    (void)madvise(p, n, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)n;
#endif
}

static void out_of_memory(void)
{
    fputs("rise: out of memory\n", stderr);
    abort();
}

/* Grows (or, from NULL, makes) a mapped block to at least bytes. */
static void *map_grow(void *p, size_t bytes)
{
    size_t need = page_round(bytes + sizeof(MapHead));
    if (!p) {
        MapHead *h = mmap(NULL, need, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (h == MAP_FAILED)
            out_of_memory();
        populate(h, need);
        h->size = need;
        return h + 1;
    }
    MapHead *h = (MapHead *)p - 1;
    if (need <= h->size)
        return p;
    size_t old = h->size;
    MapHead *m = mremap(h, old, need, MREMAP_MAYMOVE);
    if (m == MAP_FAILED)
        out_of_memory();
    populate((char *)m + old, need - old);
    m->size = need;
    return m + 1;
}

static void map_free(void *p)
{
    if (p) {
        MapHead *h = (MapHead *)p - 1;
        munmap(h, h->size);
    }
}

/* --- an arena for strings and areas, and an interner ----------------------- */

typedef struct Chunk {
    struct Chunk *next;
    size_t used, cap;
    char data[]; /* at offset 24: 8-byte aligned */
} Chunk;

typedef struct Slot {
    const char *s; /* NULL: empty */
    size_t len;
    uint64_t hash;
} Slot;

struct EligArena {
    Chunk *head;
    Slot *slots; /* interned strings, open addressing */
    size_t cap, n;
};

static void *arena_alloc(EligArena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!a->head || a->head->used + n > a->head->cap) {
        size_t cap = n > (1u << 20) ? n : (1u << 20);
        Chunk *c = map_grow(NULL, sizeof *c + cap);
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

static const char *arena_str(EligArena *a, const unsigned char *s, int len)
{
    if (!s)
        return NULL;
    char *p = arena_alloc(a, (size_t)len + 1);
    memcpy(p, s, (size_t)len);
    p[len] = '\0';
    return p;
}

static uint64_t hash(const unsigned char *s, int len)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < len; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

/* One copy of each distinct value (types, regions ...). */
static const char *intern(EligArena *a, const unsigned char *s, int len)
{
    if (!s)
        return NULL;
    if (a->n * 2 >= a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 1024;
        Slot *slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < a->cap; i++) {
            if (!a->slots[i].s)
                continue;
            size_t j = a->slots[i].hash & (cap - 1);
            while (slots[j].s)
                j = (j + 1) & (cap - 1);
            slots[j] = a->slots[i];
        }
        free(a->slots);
        a->slots = slots;
        a->cap = cap;
    }
    uint64_t h = hash(s, len);
    size_t j = h & (a->cap - 1);
    while (a->slots[j].s) {
        if (a->slots[j].hash == h && a->slots[j].len == (size_t)len && memcmp(a->slots[j].s, s, (size_t)len) == 0)
            return a->slots[j].s;
        j = (j + 1) & (a->cap - 1);
    }
    a->slots[j] = (Slot){arena_str(a, s, len), (size_t)len, h};
    a->n++;
    return a->slots[j].s;
}

static void arena_free(EligArena *a)
{
    if (!a)
        return;
    for (Chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        map_free(c);
    }
    free(a->slots);
    free(a);
}

/* --- columns ------------------------------------------------------------------- */

static const unsigned char *ctext(sqlite3_stmt *st, int i, int *len)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    *len = t ? sqlite3_column_bytes(st, i) : 0;
    return t;
}

static const char *col_intern(EligArena *a, sqlite3_stmt *st, int i)
{
    int len;
    const unsigned char *t = ctext(st, i, &len);
    return t && len ? intern(a, t, len) : NULL;
}

/* The same, remembering the last value of the column: neighbouring rows
   mostly repeat it (the same type, status, local authority). */
static const char *col_intern_last(EligArena *a, sqlite3_stmt *st, int i, const char **last, size_t *last_len)
{
    int len;
    const unsigned char *t = ctext(st, i, &len);
    if (!t || !len)
        return NULL;
    if (*last && *last_len == (size_t)len && memcmp(*last, t, (size_t)len) == 0)
        return *last;
    *last = intern(a, t, len);
    *last_len = (size_t)len;
    return *last;
}

static const char *col_str(EligArena *a, sqlite3_stmt *st, int i)
{
    int len;
    const unsigned char *t = ctext(st, i, &len);
    return t ? arena_str(a, t, len) : NULL;
}

/* A stored date (yyyy-mm-dd) or DATE_NONE. */
static Date col_date(sqlite3_stmt *st, int i)
{
    int len;
    const unsigned char *t = ctext(st, i, &len);
    if (!t || len != 10 || t[4] != '-' || t[7] != '-')
        return t && len ? date_parse((const char *)t, NULL) : DATE_NONE;
    int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int m = (t[5] - '0') * 10 + (t[6] - '0');
    int d = (t[8] - '0') * 10 + (t[9] - '0');
    return date_from_ymd(y, m, d);
}

/* --- growing arrays --------------------------------------------------------------- */

#define PUSH(arr, n, cap)                                                                                      \
    (((n) == (cap) ? ((cap) = (cap) ? (cap) * 2 : 256, (arr) = map_grow((arr), (cap) * sizeof *(arr))) : 0),     \
     &(arr)[(n)++])

typedef struct Link {
    int64_t urn, pred;
} Link;

typedef struct Successor {
    int64_t urn, by;
    Date opened;
} Successor;

typedef struct Mem {
    int64_t group, urn;
    Date joined, left;
    int dated;
} Mem;

typedef struct RecordTrust {
    int64_t urn, uid;
    const char *name;
} RecordTrust;

/* qsort, except that an empty array may be NULL */
static void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

static int cmp_i64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_school(const void *a, const void *b)
{
    return cmp_i64(((const EligSchool *)a)->urn, ((const EligSchool *)b)->urn);
}

static int cmp_group(const void *a, const void *b)
{
    return cmp_i64(((const EligGroup *)a)->uid, ((const EligGroup *)b)->uid);
}

/*
 * Sorts inspections by URN then date in place. (qsort is a merge sort
 * with a buffer as large as the array: fresh memory, which on England costs
 * more than the sort.) Quicksort with the middle element as pivot (the rows
 * come in runs already sorted), insertion sort for short ranges, and the
 * smaller side first so the stack stays shallow.
 */
static int insp_less(const EligInspection *x, const EligInspection *y)
{
    return x->urn < y->urn || (x->urn == y->urn && x->date < y->date);
}

static void sort_inspections(EligInspection *a, size_t n)
{
    while (n > 16) {
        EligInspection pivot = a[n / 2], t;
        size_t i = 0, j = n - 1;
        for (;;) {
            while (insp_less(&a[i], &pivot))
                i++;
            while (insp_less(&pivot, &a[j]))
                j--;
            if (i >= j)
                break;
            t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* [0, j] and [j + 1, n) */
        size_t left = j + 1;
        if (left < n - left) {
            sort_inspections(a, left);
            a += left;
            n -= left;
        } else {
            sort_inspections(a + left, n - left);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        EligInspection t = a[i];
        size_t j = i;
        while (j > 0 && insp_less(&t, &a[j - 1])) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = t;
    }
}

static int cmp_link(const void *a, const void *b)
{
    const Link *x = a, *y = b;
    int c = cmp_i64(x->urn, y->urn);
    return c ? c : cmp_i64(x->pred, y->pred);
}

static int cmp_mem(const void *a, const void *b)
{
    const Mem *x = a, *y = b;
    int c = cmp_i64(x->group, y->group);
    return c ? c : cmp_i64(x->urn, y->urn);
}

/* Where urn is in a sorted array of URNs, or -1. */
static long find_urn(const int64_t *u, size_t n, int64_t urn)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u[mid] < urn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && u[lo] == urn ? (long)lo : -1;
}

/* The same in an array of schools (the few stubs). */
static long find_school(const EligSchool *s, size_t n, int64_t urn)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid].urn < urn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && s[lo].urn == urn ? (long)lo : -1;
}

static long find_group(const EligGroup *g, size_t n, int64_t uid)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g[mid].uid < uid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && g[lo].uid == uid ? (long)lo : -1;
}

/* The first inspection of urn in the sorted inspections (n when none). */
static size_t first_inspection(const EligInspection *in, size_t n, int64_t urn)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (in[mid].urn < urn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first predecessor link of urn in the sorted links. */
static size_t first_link(const Link *l, size_t n, int64_t urn)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l[mid].urn < urn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int failed(Db *db, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "could not read %s: %s", what, sqlite3_errmsg(db_handle(db)));
    return -1;
}

/* --- report cards ------------------------------------------------------------------ */

static void parse_report_card(EligArena *a, const unsigned char *js, int len, EligInspection *in)
{
    in->safeguarding = -1;
    if (!js)
        return;
    json_t *j = json_loadb((const char *)js, (size_t)len, 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        return;
    }
    EligArea *areas = arena_alloc(a, json_object_size(j) * sizeof *areas + 1);
    size_t n = 0;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        const char *text = json_string_value(v);
        if (!text)
            continue;
        if (strcasecmp(key, "safeguarding") == 0) {
            in->safeguarding = strcasecmp(text, "met") == 0 ? 1 : strcasecmp(text, "not met") == 0 ? 0 : -1;
            continue;
        }
        int level = elig_rc_level(text);
        if (level == RC_NONE || n == 255)
            continue;
        areas[n].area = intern(a, (const unsigned char *)key, (int)strlen(key));
        areas[n].level = level;
        n++;
    }
    in->areas = areas;
    in->n_areas = (unsigned char)n;
    json_decref(j);
}

/* --- loading ---------------------------------------------------------------------- */

/*
 * The connection's page cache is for pages read again; a bulk scan reads
 * each page once, so it runs with a small cache (a large one only costs
 * fresh memory, which is what a scan of England spends most time on).
 */
static int small_cache(Db *db)
{
    int old = -2000;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            old = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    db_exec(db, "PRAGMA cache_size = -1024");
    return old;
}

static void restore_cache(Db *db, int old)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", old);
    db_exec(db, sql);
}

/* Every group and every dated membership, each sorted. */
static int read_groups(Db *db, EligArena *a, EligGroup **groups, size_t *n_groups, size_t *groups_cap, Mem **mem,
                       size_t *n_mem, size_t *mem_cap, char *err, size_t errlen)
{
    int rc;
    sqlite3_stmt *st = db_stmt(db, "SELECT uid, name, type FROM groups");
    if (!st)
        return failed(db, "groups", err, errlen);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *PUSH(*groups, *n_groups, *groups_cap) = (EligGroup){
            .uid = sqlite3_column_int64(st, 0), .name = col_str(a, st, 1), .type = col_intern(a, st, 2)};
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return failed(db, "groups", err, errlen);
    sort_array(*groups, *n_groups, sizeof **groups, cmp_group);

    st = db_stmt(db, "SELECT group_uid, urn, joined_date, left_date FROM group_members");
    if (!st)
        return failed(db, "group members", err, errlen);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *PUSH(*mem, *n_mem, *mem_cap) = (Mem){.group = sqlite3_column_int64(st, 0), .urn = sqlite3_column_int64(st, 1),
                                             .joined = col_date(st, 2), .left = col_date(st, 3), .dated = 1};
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return failed(db, "group members", err, errlen);
    sort_array(*mem, *n_mem, sizeof **mem, cmp_mem);
    return 0;
}

/* What the second thread reads: groups, memberships, inspections and predecessor links. */
typedef struct Part {
    const char *path;
    EligArena *arena; /* its own, for report-card areas; merged afterwards */
    EligInspection *inspections;
    size_t n_inspections;
    Link *links;
    size_t n_links;
    Successor *succ;
    size_t n_succ;
    Successor *listed; /* by URN: the last date Ofsted's management information lists it as open */
    size_t n_listed;
    EligGroup *groups;
    size_t n_groups, groups_cap;
    Mem *mem;
    size_t n_mem, mem_cap;
    int rc;
    char err[256];
} Part;

static int load_part(Db *db, Part *p)
{
    if (read_groups(db, p->arena, &p->groups, &p->n_groups, &p->groups_cap, &p->mem, &p->n_mem, &p->mem_cap, p->err,
                    sizeof p->err) != 0)
        return -1;
    /* graded inspections from the index inspections_screening; the few report
       cards with their areas from the table */
    sqlite3_stmt *st = db_stmt(db, "SELECT urn, inspection_date, 0, overall, category, NULL, publication_date,"
                                   " quality, leadership, overall IS NULL AND overall_text = 'Not judged'"
                                   " FROM inspections WHERE kind = 'graded'"
                                   " UNION ALL SELECT urn, inspection_date, 1, overall, category, judgements,"
                                   " publication_date, quality, leadership, 0"
                                   " FROM inspections WHERE kind = 'report-card'");
    if (!st)
        return failed(db, "inspections", p->err, sizeof p->err);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        EligInspection *in = PUSH(p->inspections, p->n_inspections, cap);
        const char *cat = (const char *)sqlite3_column_text(st, 4);
        *in = (EligInspection){
            .urn = sqlite3_column_int64(st, 0),
            .date = col_date(st, 1),
            .report_card = sqlite3_column_int(st, 2),
            .grade = sqlite3_column_int(st, 3),
            .safeguarding = -1,
            .category = category_from_text(cat, NULL),
            .published = col_date(st, 6),
            .quality = (signed char)sqlite3_column_int(st, 7),
            .leadership = (signed char)sqlite3_column_int(st, 8),
            .no_headline = (unsigned char)sqlite3_column_int(st, 9),
        };
        if (in->report_card) {
            int len;
            const unsigned char *js = ctext(st, 5, &len);
            parse_report_card(p->arena, js, len, in);
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return failed(db, "inspections", p->err, sizeof p->err);
    sort_inspections(p->inspections, p->n_inspections);

    st = db_stmt(db, "SELECT urn, link_urn FROM school_links WHERE link_type = 'Predecessor'"
                     " UNION SELECT urn, earlier_urn FROM inspection_lineage");
    if (!st)
        return failed(db, "links", p->err, sizeof p->err);
    cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Link *l = PUSH(p->links, p->n_links, cap);
        l->urn = sqlite3_column_int64(st, 0);
        l->pred = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return failed(db, "links", p->err, sizeof p->err);
    sort_array(p->links, p->n_links, sizeof *p->links, cmp_link);

    /* S5: each school's successor and the day it opened */
    /* (and the school Ofsted files an inspection of this URN for: GIAS's
       links lag behind the newest academies) */
    /* (whether the successor is open, and since when, is read from the
       schools once both threads are done: a join here costs a read of each
       successor's wide row) */
    st = db_stmt(db, "SELECT urn, link_urn FROM school_links WHERE link_type = 'Successor'"
                     " UNION ALL SELECT earlier_urn, urn FROM inspection_lineage");
    if (!st)
        return failed(db, "successors", p->err, sizeof p->err);
    size_t cap_succ = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Successor *x = PUSH(p->succ, p->n_succ, cap_succ);
        x->urn = sqlite3_column_int64(st, 0);
        x->by = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return failed(db, "successors", p->err, sizeof p->err);

    /* S3, S4: the schools Ofsted's management information lists as open, and until when */
    st = db_stmt(db, "SELECT urn, max(to_date) FROM inspection_coverage GROUP BY urn");
    if (!st)
        return failed(db, "the schools Ofsted lists", p->err, sizeof p->err);
    size_t cap_listed = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Successor *x = PUSH(p->listed, p->n_listed, cap_listed);
        x->urn = sqlite3_column_int64(st, 0);
        x->opened = col_date(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return failed(db, "the schools Ofsted lists", p->err, sizeof p->err);
    return 0;
}

static void *part_thread(void *arg)
{
    Part *p = arg;
    Db *db = db_open(p->path, p->err, sizeof p->err);
    if (!db) {
        p->rc = -1;
        return NULL;
    }
    small_cache(db);
    p->rc = load_part(db, p);
    db_close(db);
    return NULL;
}

/* The schools, and the trust each one's own record names. */
static int load_schools(Db *db, EligData *out, RecordTrust **rt, size_t *n_rt, char *err, size_t errlen)
{
    EligArena *a = out->arena;
    size_t cap = 0, cap_rt = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT urn, name, type_group, type_name, status, region, la_code, la_name,"
                                   " open_date, close_date, trust_uid, trust_name FROM schools");
    if (!st)
        return failed(db, "schools", err, errlen);
    int rc, sorted = 1;
    const char *last[6] = {0};
    size_t last_len[6] = {0};
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        EligSchool *s = PUSH(out->schools, out->n_schools, cap);
        *s = (EligSchool){
            .urn = sqlite3_column_int64(st, 0),
            .name = col_str(a, st, 1),
            .type_group = col_intern_last(a, st, 2, &last[0], &last_len[0]),
            .type_name = col_intern_last(a, st, 3, &last[1], &last_len[1]),
            .status = col_intern_last(a, st, 4, &last[2], &last_len[2]),
            .region = col_intern_last(a, st, 5, &last[3], &last_len[3]),
            .la_code = col_intern_last(a, st, 6, &last[4], &last_len[4]),
            .la_name = col_intern_last(a, st, 7, &last[5], &last_len[5]),
            .opened = col_date(st, 8),
            .closed = col_date(st, 9),
            .replaced = DATE_NONE,
        };
        if (out->n_schools > 1 && s[-1].urn >= s->urn)
            sorted = 0;
        if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
            RecordTrust *t = PUSH(*rt, *n_rt, cap_rt);
            t->urn = s->urn;
            t->uid = sqlite3_column_int64(st, 10);
            t->name = col_intern(a, st, 11);
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return failed(db, "schools", err, errlen);
    if (!sorted) /* the table is read in URN order (its rowid), so this is only a safeguard */
        sort_array(out->schools, out->n_schools, sizeof *out->schools, cmp_school);
    out->urns = map_grow(NULL, (out->n_schools ? out->n_schools : 1) * sizeof *out->urns);
    for (size_t i = 0; i < out->n_schools; i++)
        out->urns[i] = out->schools[i].urn;
    return 0;
}

/* An undated membership for a trust a school's record names without a dated
   link, and stubs for the groups and schools memberships name that the data
   does not have. mem is sorted by group, then URN, again at the end. */
static void add_record_memberships(EligData *out, const RecordTrust *rt, size_t n_rt, size_t groups_cap, Mem **memp,
                                   size_t *n_memp, size_t *mem_cap)
{
    Mem *mem = *memp;
    size_t n_mem = *n_memp, n_dated = n_mem, n_known = out->n_groups;
    for (size_t i = 0; i < n_rt; i++) {
        Mem key = {.group = rt[i].uid, .urn = rt[i].urn};
        if (n_dated && bsearch(&key, mem, n_dated, sizeof *mem, cmp_mem))
            continue;
        *PUSH(mem, n_mem, *mem_cap) =
            (Mem){.group = rt[i].uid, .urn = rt[i].urn, .joined = DATE_NONE, .left = DATE_NONE, .dated = 0};
        if (find_group(out->groups, n_known, rt[i].uid) < 0)
            *PUSH(out->groups, out->n_groups, groups_cap) = (EligGroup){.uid = rt[i].uid, .name = rt[i].name};
    }
    for (size_t i = 0; i < n_dated; i++)
        if ((i == 0 || mem[i].group != mem[i - 1].group) && find_group(out->groups, n_known, mem[i].group) < 0)
            *PUSH(out->groups, out->n_groups, groups_cap) = (EligGroup){.uid = mem[i].group};
    if (out->n_groups > n_known) {
        sort_array(out->groups, out->n_groups, sizeof *out->groups, cmp_group);
        size_t k = 0;
        for (size_t i = 0; i < out->n_groups; i++) {
            if (k > 0 && out->groups[k - 1].uid == out->groups[i].uid) {
                if (!out->groups[k - 1].name)
                    out->groups[k - 1].name = out->groups[i].name;
                continue;
            }
            out->groups[k++] = out->groups[i];
        }
        out->n_groups = k;
    }
    if (n_mem > n_dated)
        sort_array(mem, n_mem, sizeof *mem, cmp_mem);
    *memp = mem;
    *n_memp = n_mem;

    /* a URN a membership names that the schools table does not have gets a stub */
    size_t cap_stubs = 0;
    for (size_t i = 0; i < n_mem; i++) {
        if (find_urn(out->urns, out->n_schools, mem[i].urn) >= 0)
            continue;
        *PUSH(out->stubs, out->n_stubs, cap_stubs) =
            (EligSchool){.urn = mem[i].urn, .opened = DATE_NONE, .closed = DATE_NONE, .replaced = DATE_NONE};
    }
    if (out->n_stubs) {
        sort_array(out->stubs, out->n_stubs, sizeof *out->stubs, cmp_school);
        size_t k = 0;
        for (size_t i = 0; i < out->n_stubs; i++)
            if (k == 0 || out->stubs[k - 1].urn != out->stubs[i].urn)
                out->stubs[k++] = out->stubs[i];
        out->n_stubs = k;
    }
}

/* The school with this URN in the table or the stubs. */
static EligSchool *any_school(EligData *d, int64_t urn)
{
    long i = find_urn(d->urns, d->n_schools, urn);
    if (i >= 0)
        return &d->schools[i];
    i = find_school(d->stubs, d->n_stubs, urn);
    return i >= 0 ? &d->stubs[i] : NULL;
}

/* Memberships with their pointers, each group's slice (the memberships are
   sorted by group) and each school's list. */
static void join_memberships(EligData *out, const Mem *mem, size_t n_mem)
{
    out->memberships = map_grow(NULL, (n_mem ? n_mem : 1) * sizeof *out->memberships); /* zeroed */
    out->n_memberships = n_mem;
    for (size_t i = 0; i < n_mem; i++) {
        EligMembership *m = &out->memberships[i];
        long gi = find_group(out->groups, out->n_groups, mem[i].group);
        EligSchool *s = any_school(out, mem[i].urn);
        *m = (EligMembership){.group = gi >= 0 ? &out->groups[gi] : NULL, .school = s, .joined = mem[i].joined,
                              .left = mem[i].left, .dated = mem[i].dated};
        if (s)
            s->n_memberships++; /* counted now, filled below */
        if (gi >= 0) {
            EligGroup *g = &out->groups[gi];
            if (!g->members)
                g->members = m;
            g->n_members++;
        }
    }
    out->school_memberships = map_grow(NULL, (n_mem ? n_mem : 1) * sizeof *out->school_memberships);
    size_t at = 0;
    EligSchool *arrays[2] = {out->schools, out->stubs};
    size_t counts[2] = {out->n_schools, out->n_stubs};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < counts[k]; i++) {
            EligSchool *s = &arrays[k][i];
            s->memberships = out->school_memberships + at;
            at += s->n_memberships;
            s->n_memberships = 0;
        }
    for (size_t i = 0; i < n_mem; i++) {
        EligSchool *s = (EligSchool *)out->memberships[i].school;
        if (s)
            ((const EligMembership **)s->memberships)[s->n_memberships++] = &out->memberships[i];
    }
}

/*
 * One school's history: its own inspections (own, own_n) and, breadth first,
 * its predecessors' (whose links start at link), each school once. A
 * school none of whose predecessors was inspected keeps its slice of the
 * inspections array (*copied 0); otherwise the history is appended to
 * out->histories (*copied 1). *off and *n say where.
 */
static void one_history(EligData *out, const Link *links, size_t n_links, int64_t urn, size_t own, size_t own_n,
                        size_t link, size_t *cap, size_t *off, size_t *n, int *copied)
{
    enum { MAX_LINEAGE = 64 };
    int64_t urns[MAX_LINEAGE];
    int depth[MAX_LINEAGE];
    int nv = 1;
    urns[0] = urn;
    depth[0] = 0;
    *copied = 0;
    *off = own;
    *n = own_n;
    if (link >= n_links || links[link].urn != urn)
        return; /* no predecessor: the common case */
    for (int v = 0; v < nv; v++) {
        if (v > 0) {
            size_t j = first_inspection(out->inspections, out->n_inspections, urns[v]);
            if (j < out->n_inspections && out->inspections[j].urn == urns[v]) {
                if (!*copied) { /* the first predecessor inspected: copy the school's own first */
                    *copied = 1;
                    *off = out->n_histories;
                    for (size_t k = 0; k < own_n; k++)
                        *PUSH(out->histories, out->n_histories, *cap) = out->inspections[own + k];
                }
                for (; j < out->n_inspections && out->inspections[j].urn == urns[v]; j++)
                    *PUSH(out->histories, out->n_histories, *cap) = out->inspections[j];
            }
        }
        if (depth[v] >= HISTORY_MAX_DEPTH)
            continue;
        size_t l = v == 0 ? link : first_link(links, n_links, urns[v]);
        for (; l < n_links && links[l].urn == urns[v] && nv < MAX_LINEAGE; l++) {
            int seen = 0;
            for (int w = 0; w < nv && !seen; w++)
                seen = urns[w] == links[l].pred;
            if (seen)
                continue;
            urns[nv] = links[l].pred;
            depth[nv] = depth[v] + 1;
            nv++;
        }
    }
    if (*copied)
        *n = out->n_histories - *off;
}

/* Every school's history. The schools, the inspections and the links are
   all sorted by URN, so each school's own slice and first link are found by
   walking the three together. */
static void join_histories(EligData *out, const Link *links, size_t n_links)
{
    size_t total = out->n_schools + out->n_stubs;
    size_t *off = map_grow(NULL, (total ? total : 1) * sizeof *off);
    size_t *cnt = map_grow(NULL, (total ? total : 1) * sizeof *cnt);
    unsigned char *copied = map_grow(NULL, total ? total : 1);
    size_t cap = 0, ins = 0, lnk = 0;
    for (size_t i = 0; i < total; i++) {
        EligSchool *s = i < out->n_schools ? &out->schools[i] : &out->stubs[i - out->n_schools];
        if (i == out->n_schools)
            ins = lnk = 0; /* the stubs: a second walk */
        while (ins < out->n_inspections && out->inspections[ins].urn < s->urn)
            ins++;
        size_t own_n = 0;
        while (ins + own_n < out->n_inspections && out->inspections[ins + own_n].urn == s->urn)
            own_n++;
        while (lnk < n_links && links[lnk].urn < s->urn)
            lnk++;
        int c;
        one_history(out, links, n_links, s->urn, ins, own_n, lnk, &cap, &off[i], &cnt[i], &c);
        copied[i] = (unsigned char)c;
    }
    for (size_t i = 0; i < total; i++) {
        EligSchool *s = i < out->n_schools ? &out->schools[i] : &out->stubs[i - out->n_schools];
        s->history = cnt[i] == 0 ? NULL : copied[i] ? out->histories + off[i] : out->inspections + off[i];
        s->n_history = cnt[i];
    }
    map_free(off);
    map_free(cnt);
    map_free(copied);
}

/* Moves b's chunks into a (its interned strings stay where they are). */
static void arena_merge(EligArena *a, EligArena *b)
{
    Chunk *c = b->head;
    while (c) {
        Chunk *next = c->next;
        c->next = a->head;
        a->head = c;
        c = next;
    }
    b->head = NULL;
    arena_free(b);
}

static int load_all(Db *db, EligData *out, char *err, size_t errlen)
{
    out->arena = xcalloc(1, sizeof *out->arena);
    /* groups, memberships, inspections and links on a second connection in a
       second thread, while this one reads the schools */
    Part part = {.path = db_path(db), .arena = xcalloc(1, sizeof(EligArena))};
    pthread_t th;
    /* (an in-memory database cannot be opened twice: one thread then) */
    int threaded = part.path && *part.path && strcmp(part.path, ":memory:") != 0 &&
                   strncmp(part.path, "file:", 5) != 0 && pthread_create(&th, NULL, part_thread, &part) == 0;

    int old_cache = small_cache(db);
    RecordTrust *rt = NULL;
    size_t n_rt = 0;
    int rc = load_schools(db, out, &rt, &n_rt, err, errlen);
    if (!threaded) /* no second thread to be had: the same work here */
        part.rc = load_part(db, &part);
    restore_cache(db, old_cache);
    if (threaded)
        pthread_join(th, NULL);

    out->groups = part.groups;
    out->n_groups = part.n_groups;
    out->inspections = part.inspections;
    out->n_inspections = part.n_inspections;
    arena_merge(out->arena, part.arena);
    if (rc == 0 && part.rc != 0) {
        snprintf(err, errlen, "%s", part.err);
        rc = -1;
    }
    if (rc == 0) {
        add_record_memberships(out, rt, n_rt, part.groups_cap, &part.mem, &part.n_mem, &part.mem_cap);
        join_memberships(out, part.mem, part.n_mem);
        join_histories(out, part.links, part.n_links);
        for (size_t i = 0; i < part.n_succ; i++) {
            EligSchool *s = any_school(out, part.succ[i].urn);
            const EligSchool *by = any_school(out, part.succ[i].by);
            if (!s || !by || by->opened == DATE_NONE || !by->status ||
                (strcmp(by->status, "Open") != 0 && strcmp(by->status, "Open, but proposed to close") != 0))
                continue; /* only an open successor replaces a school */
            if (s->replaced == DATE_NONE || by->opened < s->replaced) {
                s->replaced = by->opened;
                s->replaced_by = by->urn;
            }
        }
    }
    if (rc == 0)
        for (size_t i = 0; i < part.n_listed; i++) {
            EligSchool *s = any_school(out, part.listed[i].urn);
            if (s && part.listed[i].opened != DATE_NONE) {
                s->ofsted_lists = 1;
                s->ofsted_listed = part.listed[i].opened;
            }
        }
    map_free(part.succ);
    map_free(part.listed);
    map_free(rt);
    map_free(part.mem);
    map_free(part.links);
    return rc;
}

int elig_data_load(Db *db, EligData *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (load_all(db, out, err, errlen) == 0)
        return 0;
    elig_data_free(out);
    return -1;
}

void elig_data_free(EligData *d)
{
    map_free(d->schools);
    map_free(d->urns);
    map_free(d->stubs);
    map_free(d->groups);
    map_free(d->inspections);
    map_free(d->histories);
    map_free(d->memberships);
    map_free(d->school_memberships);
    arena_free(d->arena);
    memset(d, 0, sizeof *d);
}

const EligSchool *elig_data_school(const EligData *d, int64_t urn)
{
    long i = find_urn(d->urns, d->n_schools, urn);
    if (i >= 0)
        return &d->schools[i];
    i = find_school(d->stubs, d->n_stubs, urn);
    return i >= 0 ? &d->stubs[i] : NULL;
}

int elig_params_load(Db *db, const char *programme, const ParamSpec *spec, size_t n, void *params, char *err,
                     size_t errlen)
{
    elig_params_clear(spec, n, params);
    sqlite3_stmt *st = db_stmt(db, "SELECT key, value FROM programme_params WHERE programme = ?");
    if (!st)
        return failed(db, "programme parameters", err, errlen);
    db_bind_text(st, 1, programme);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const char *value = (const char *)sqlite3_column_text(st, 1);
        if (elig_param_set(spec, n, params, key, value) < 0) {
            snprintf(err, errlen, "programme parameter %s/%s has a value that is not valid: '%s'", programme, key,
                     value ? value : "");
            sqlite3_reset(st);
            return -1;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return failed(db, "programme parameters", err, errlen);
    const char *missing = elig_params_missing(spec, n, params);
    if (missing) {
        snprintf(err, errlen, "programme parameter %s/%s is not in the programme_params table", programme, missing);
        return -1;
    }
    return 0;
}
