/*
 * test_tsio2022.c - TSIO 2022/23 (domain/tsio2022.c): standalone schools and
 * multi-academy trusts on hand-built schools, groups and dated memberships,
 * one test per interpretation written there (T1-T8); then the loader's
 * memberships (dated group links and the schools' own records) on a real
 * database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/eligibility.h"
#include "store/db.h"
#include "store/eligibility_data.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define D(y, m, d) date_from_ymd((y), (m), (d))
#define N(a) (sizeof(a) / sizeof((a)[0]))

static Tsio2022Params params(void)
{
    Tsio2022Params p;
    elig_params_clear(TSIO2022_PARAMS, TSIO2022_N_PARAMS, &p);
    p.year_start = D(2022, 9, 1);
    p.year_end = D(2023, 8, 31);
    p.mat_census = D(2022, 9, 1);
    p.mat_joined_by = D(2019, 9, 1);
    p.mat_min_schools = 2;
    p.mat_share_percent = 50;
    p.si_score_below = 0;
    return p;
}

static EligInspection g(int64_t urn, Date d, int grade)
{
    return (EligInspection){.urn = urn, .date = d, .grade = grade, .safeguarding = -1};
}

/* --- a small world of schools, groups and memberships ----------------------------- */

#define MAXS 8
typedef struct World {
    EligSchool s[MAXS];
    const EligMembership *refs[MAXS][4];
    EligMembership m[16];
    size_t nm;
    EligGroup g[4];
    size_t ng;
} World;

static EligSchool *academy(World *w, int i, int64_t urn, const EligInspection *h, size_t n)
{
    w->s[i] = (EligSchool){.urn = urn, .name = "An Academy", .type_group = "Academies",
                           .type_name = "Academy converter", .status = "Open", .region = "North West",
                           .la_code = "341", .la_name = "Liverpool", .opened = D(2012, 9, 1), .closed = DATE_NONE,
                           .history = h, .n_history = n, .memberships = w->refs[i]};
    return &w->s[i];
}

static EligSchool *maintained(World *w, int i, int64_t urn, const EligInspection *h, size_t n)
{
    EligSchool *s = academy(w, i, urn, h, n);
    s->name = "A Maintained School";
    s->type_group = "Local authority maintained schools";
    s->type_name = "Community school";
    s->opened = DATE_NONE;
    return s;
}

static EligGroup *group(World *w, int64_t uid, const char *type)
{
    EligGroup *g = &w->g[w->ng++];
    *g = (EligGroup){.uid = uid, .name = "The Trust", .type = type};
    return g;
}

/* Members of a group must be added one after another. */
static void member(World *w, EligGroup *gr, EligSchool *s, Date joined, Date left, int dated)
{
    EligMembership *m = &w->m[w->nm++];
    *m = (EligMembership){.group = gr, .school = s, .joined = joined, .left = left, .dated = dated};
    if (!gr->members)
        gr->members = m;
    assert_ptr_equal(gr->members + gr->n_members, m);
    gr->n_members++;
    size_t i = (size_t)(s - w->s);
    w->refs[i][s->n_memberships++] = m;
}

static EligResult school_result(const EligSchool *s, Date d)
{
    Tsio2022Params p = params();
    EligResult r;
    tsio2022_school(s, &p, d, &r);
    return r;
}

static EligResult trust_result(const EligGroup *gr, Date d)
{
    Tsio2022Params p = params();
    EligResult r;
    tsio2022_trust(gr, &p, d, &r);
    return r;
}

static const Date START = 19236; /* 1 September 2022 */

static long figure(const EligResult *r, const char *name)
{
    for (size_t i = 0; i < r->n_figures; i++)
        if (strcmp(r->figures[i].name, name) == 0)
            return r->figures[i].value;
    fail_msg("no figure %s", name);
    return -1;
}

static int missing_has(const EligResult *r, const char *text)
{
    for (size_t i = 0; i < r->n_missing; i++)
        if (strstr(r->missing[i], text))
            return 1;
    return 0;
}

/* --- standalone schools ---------------------------------------------------------- */

static EligInspection RI_NOV22[] = {{.urn = 1, .date = 19326 /* 2022-11-30 */, .grade = 3, .safeguarding = -1}};

static void constants(void **state)
{
    (void)state;
    assert_int_equal(START, D(2022, 9, 1));
    assert_int_equal(RI_NOV22[0].date, D(2022, 11, 30));
}

/* T1/T3: LA-maintained, a SAT, the only school of its MAT: each standalone. */
static void standalone_structure_on_d(void **state)
{
    (void)state;
    World w = {0};
    EligSchool *s = maintained(&w, 0, 1, RI_NOV22, 1);
    EligGroup *fed = group(&w, 900, "Federation");
    member(&w, fed, s, D(2015, 1, 1), DATE_NONE, 1);
    EligResult r = school_result(s, D(2023, 1, 1));
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    assert_string_equal(r.rule, "tsio.school.ri-in-year");
    assert_non_null(strstr(r.reason, "local-authority-maintained"));
    assert_int_equal(r.n_used, 1);
    assert_int_equal(r.used[0].in.date, D(2022, 11, 30));
    elig_result_free(&r);

    World w2 = {0};
    s = academy(&w2, 0, 1, RI_NOV22, 1);
    EligGroup *sat = group(&w2, 901, GROUP_TYPE_SAT);
    member(&w2, sat, s, D(2012, 9, 1), DATE_NONE, 1);
    r = school_result(s, D(2023, 1, 1));
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    assert_non_null(strstr(r.reason, "single-academy trust"));
    elig_result_free(&r);

    /* the only school of its MAT: the other member left before D */
    World w3 = {0};
    s = academy(&w3, 0, 1, RI_NOV22, 1);
    EligSchool *other = academy(&w3, 1, 2, NULL, 0);
    EligGroup *mat = group(&w3, 902, GROUP_TYPE_MAT);
    member(&w3, mat, s, D(2014, 1, 1), DATE_NONE, 1);
    member(&w3, mat, other, D(2014, 1, 1), D(2022, 12, 1), 1);
    r = school_result(s, D(2023, 1, 1));
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    assert_non_null(strstr(r.reason, "only school of its multi-academy trust"));
    elig_result_free(&r);
    /* ... but before the other left, one of two: not standalone */
    r = school_result(s, D(2022, 11, 30));
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "tsio.school.in-mat");
    elig_result_free(&r);
    /* a member school that closed no longer counts */
    other->closed = D(2022, 10, 1);
    other->status = "Closed";
    r = school_result(s, D(2022, 11, 30));
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    elig_result_free(&r);
}

/* T1: dated membership decides, whatever the order of the files: a school that moved trust later was in its first trust on D. */
static void dated_membership_on_d(void **state)
{
    (void)state;
    World w = {0};
    EligSchool *s = academy(&w, 0, 1, RI_NOV22, 1);
    EligSchool *a2 = academy(&w, 1, 2, NULL, 0);
    EligSchool *b2 = academy(&w, 2, 3, NULL, 0);
    EligGroup *a = group(&w, 10, GROUP_TYPE_MAT);
    member(&w, a, s, D(2016, 1, 1), D(2024, 1, 1), 1);
    member(&w, a, a2, D(2016, 1, 1), DATE_NONE, 1);
    EligGroup *b = group(&w, 11, GROUP_TYPE_MAT);
    member(&w, b, s, D(2024, 1, 1), DATE_NONE, 1);
    member(&w, b, b2, D(2020, 1, 1), DATE_NONE, 1);
    EligResult r = school_result(s, D(2023, 3, 1));
    assert_string_equal(r.rule, "tsio.school.in-mat");
    assert_non_null(strstr(r.reason, "UID 10"));
    assert_int_equal(r.n_missing, 0);
    elig_result_free(&r);
}

/* T2: no dated membership: the trust the record names, said in "missing"; an academy with no trust is standalone. */
static void undated_trust_from_record(void **state)
{
    (void)state;
    World w = {0};
    EligSchool *s = academy(&w, 0, 1, RI_NOV22, 1);
    EligSchool *o = academy(&w, 1, 2, NULL, 0);
    EligGroup *mat = group(&w, 20, GROUP_TYPE_MAT);
    member(&w, mat, s, DATE_NONE, DATE_NONE, 0);
    member(&w, mat, o, DATE_NONE, DATE_NONE, 0);
    EligResult r = school_result(s, D(2023, 1, 1));
    assert_string_equal(r.rule, "tsio.school.in-mat");
    assert_true(missing_has(&r, "not dated"));
    elig_result_free(&r);
    /* the other school opened after D: the only school on D */
    o->opened = D(2023, 6, 1);
    r = school_result(s, D(2023, 1, 1));
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    assert_true(missing_has(&r, "not dated"));
    elig_result_free(&r);

    World w2 = {0};
    s = academy(&w2, 0, 1, RI_NOV22, 1);
    r = school_result(s, D(2023, 1, 1));
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    assert_true(missing_has(&r, "no academy trust recorded"));
    elig_result_free(&r);
}

/* T3: a school that is neither maintained nor an academy is not one of the standalone kinds. */
static void la_maintained(void **state)
{
    (void)state;
    World w = {0};
    EligSchool *s = maintained(&w, 0, 1, RI_NOV22, 1);
    s->type_group = "Special schools";
    s->type_name = "Foundation special school";
    EligResult r = school_result(s, D(2023, 1, 1));
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    elig_result_free(&r);
    s->type_name = "Non-maintained special school";
    r = school_result(s, D(2023, 1, 1));
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "tsio.school.not-standalone-kind");
    elig_result_free(&r);
}

/* T4: 1 Sept 2022 counts, 31 Aug 2022 does not; an RI on D counts, one after D does not. */
static void boundary_1_september_2022(void **state)
{
    (void)state;
    World w = {0};
    EligInspection aug[] = {g(1, D(2022, 8, 31), 3)};
    EligSchool *s = maintained(&w, 0, 1, aug, 1);
    EligResult r = school_result(s, D(2023, 8, 31));
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "tsio.school.no-ri-in-year");
    assert_int_equal(r.used[0].in.date, D(2022, 8, 31));
    elig_result_free(&r);
    EligInspection sep[] = {g(1, D(2022, 9, 1), 3)};
    s = maintained(&w, 0, 1, sep, 1);
    r = school_result(s, START);
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    elig_result_free(&r);
}

static void ri_on_d(void **state)
{
    (void)state;
    World w = {0};
    EligInspection h[] = {g(1, D(2019, 1, 1), 2), g(1, D(2023, 5, 10), 3)};
    EligSchool *s = maintained(&w, 0, 1, h, N(h));
    EligResult r = school_result(s, D(2023, 5, 10));
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    elig_result_free(&r);
    r = school_result(s, D(2023, 5, 9));
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_int_equal(r.used[0].in.date, D(2019, 1, 1));
    elig_result_free(&r);
}

static void no_history(void **state)
{
    (void)state;
    World w = {0};
    EligSchool *s = maintained(&w, 0, 1, NULL, 0);
    EligResult r = school_result(s, D(2023, 5, 10));
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_true(missing_has(&r, "no graded inspection"));
    elig_result_free(&r);
}

static void out_of_scope(void **state)
{
    (void)state;
    World w = {0};
    EligSchool *s = maintained(&w, 0, 1, RI_NOV22, 1);
    s->region = "Wales (pseudo)";
    EligResult r = school_result(s, D(2023, 5, 10));
    assert_string_equal(r.rule, "scope.welsh");
    elig_result_free(&r);
}

/* --- multi-academy trusts ----------------------------------------------------------- */

/* T5: exactly two schools that joined exactly on 1 Sept 2019, both RI since joining: eligible. */
static void mat_census_on_1_september_2022(void **state)
{
    (void)state;
    World w = {0};
    EligInspection h1[] = {g(1, D(2016, 1, 1), 2), g(1, D(2021, 10, 1), 3)};
    EligInspection h2[] = {g(2, D(2016, 1, 1), 2), g(2, D(2022, 3, 1), 3)};
    EligSchool *a = academy(&w, 0, 1, h1, N(h1));
    EligSchool *b = academy(&w, 1, 2, h2, N(h2));
    EligGroup *mat = group(&w, 30, GROUP_TYPE_MAT);
    member(&w, mat, a, D(2019, 9, 1), DATE_NONE, 1);
    member(&w, mat, b, D(2019, 9, 1), DATE_NONE, 1);
    EligResult r = trust_result(mat, START);
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    assert_string_equal(r.rule, "tsio.trust.share-and-si-score");
    assert_int_equal(figure(&r, "schools joined by three-year date"), 2);
    assert_int_equal(figure(&r, "SI score"), -2);
    elig_result_free(&r);

    /* one joined a day later: one long-standing school, too few */
    w.m[1].joined = D(2019, 9, 2);
    r = trust_result(mat, START);
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "tsio.trust.too-few-long-standing");
    elig_result_free(&r);

    /* a school that had left by the census does not count */
    w.m[1].joined = D(2019, 9, 1);
    w.m[1].left = D(2022, 9, 1);
    r = trust_result(mat, D(2022, 10, 1));
    assert_string_equal(r.rule, "tsio.trust.too-few-long-standing");
    elig_result_free(&r);

    /* a school known only from its record has no joining date: not long-standing */
    w.m[1].left = DATE_NONE;
    w.m[1].dated = 0;
    w.m[1].joined = DATE_NONE;
    r = trust_result(mat, START);
    assert_string_equal(r.rule, "tsio.trust.too-few-long-standing");
    assert_true(missing_has(&r, "date joined not recorded"));
    elig_result_free(&r);

    /* a group that is not a MAT is not assessed */
    World w2 = {0};
    EligGroup *sat = group(&w2, 31, GROUP_TYPE_SAT);
    r = trust_result(sat, START);
    assert_string_equal(r.rule, "tsio.trust.not-mat");
    elig_result_free(&r);
}

/* T6: the measures are as at D: an RI in November 2022 makes the trust eligible from then. */
static void mat_measures_as_at_d(void **state)
{
    (void)state;
    World w = {0};
    EligInspection h1[] = {g(1, D(2015, 1, 1), 2), g(1, D(2019, 1, 1), 2), g(1, D(2022, 11, 30), 3)};
    EligInspection h2[] = {g(2, D(2015, 1, 1), 2), g(2, D(2019, 1, 1), 2)};
    EligSchool *a = academy(&w, 0, 1, h1, N(h1));
    EligSchool *b = academy(&w, 1, 2, h2, N(h2));
    EligGroup *mat = group(&w, 40, GROUP_TYPE_MAT);
    member(&w, mat, a, D(2017, 1, 1), DATE_NONE, 1);
    member(&w, mat, b, D(2017, 1, 1), DATE_NONE, 1);
    EligResult r = trust_result(mat, START);
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "tsio.trust.criteria-not-met");
    elig_result_free(&r);
    r = trust_result(mat, D(2022, 11, 30));
    assert_int_equal(r.outcome, ELIG_ELIGIBLE); /* 1 of 2 RI (50%), and SI score -1 */
    assert_string_equal(r.rule, "tsio.trust.share-and-si-score");
    elig_result_free(&r);
}

/* T7: exactly half is enough; under half is not; an SI score of zero is not a decline. */
static void share_at_least_half(void **state)
{
    (void)state;
    World w = {0};
    /* school 1: RI since joining (was RI before: 0); school 2: Good since (was Good: 0) */
    EligInspection h1[] = {g(1, D(2014, 1, 1), 3), g(1, D(2019, 1, 1), 3)};
    EligInspection h2[] = {g(2, D(2014, 1, 1), 2), g(2, D(2019, 1, 1), 2)};
    EligInspection h3[] = {g(3, D(2014, 1, 1), 2), g(3, D(2019, 1, 1), 2)};
    EligSchool *a = academy(&w, 0, 1, h1, N(h1));
    EligSchool *b = academy(&w, 1, 2, h2, N(h2));
    EligSchool *c = academy(&w, 2, 3, h3, N(h3));
    EligGroup *mat = group(&w, 50, GROUP_TYPE_MAT);
    member(&w, mat, a, D(2016, 1, 1), DATE_NONE, 1);
    member(&w, mat, b, D(2016, 1, 1), DATE_NONE, 1);
    member(&w, mat, c, D(2025, 1, 1), DATE_NONE, 1); /* not yet joined */
    EligResult r = trust_result(mat, START);
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    assert_string_equal(r.rule, "tsio.trust.share");
    assert_int_equal(figure(&r, "schools inspected since joining"), 2);
    assert_int_equal(figure(&r, "of which requires improvement or inadequate"), 1);
    elig_result_free(&r);
    /* the third school in the trust from 2016 too: 1 of 3 */
    w.m[2].joined = D(2016, 1, 1);
    r = trust_result(mat, START);
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_int_equal(figure(&r, "SI score"), 0);
    elig_result_free(&r);
}

/* T7: SI score zero (one better, one worse) is not below 0; -1 is. */
static void si_score_of_zero(void **state)
{
    (void)state;
    World w = {0};
    EligInspection up[] = {g(1, D(2014, 1, 1), 3), g(1, D(2019, 1, 1), 2)};
    EligInspection down[] = {g(2, D(2014, 1, 1), 1), g(2, D(2019, 1, 1), 2)};
    EligInspection same[] = {g(3, D(2014, 1, 1), 2), g(3, D(2019, 1, 1), 2)};
    EligSchool *a = academy(&w, 0, 1, up, N(up));
    EligSchool *b = academy(&w, 1, 2, down, N(down));
    EligSchool *c = academy(&w, 2, 3, same, N(same));
    EligGroup *mat = group(&w, 60, GROUP_TYPE_MAT);
    member(&w, mat, a, D(2016, 1, 1), DATE_NONE, 1);
    member(&w, mat, b, D(2016, 1, 1), DATE_NONE, 1);
    member(&w, mat, c, D(2016, 1, 1), DATE_NONE, 1);
    EligResult r = trust_result(mat, START);
    assert_int_equal(figure(&r, "SI score"), 0);
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "tsio.trust.criteria-not-met");
    /* the working: since and before for each counted school, with their URNs */
    assert_int_equal(r.n_used, 6);
    assert_string_equal(r.used[0].role, "latest since joining");
    assert_string_equal(r.used[1].role, "last before joining");
    assert_int_equal(r.used[1].in.urn, 1);
    elig_result_free(&r);
    /* the improver's later grade is 4: score -2 */
    up[1].grade = 4;
    r = trust_result(mat, START);
    assert_int_equal(figure(&r, "SI score"), -2);
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    elig_result_free(&r);
    up[1].grade = 3;
    up[0].grade = 3;
    r = trust_result(mat, START); /* 1 of 3 RI; score 0 + -1 + 0 = -1 */
    assert_int_equal(figure(&r, "SI score"), -1);
    assert_string_equal(r.rule, "tsio.trust.si-score");
    elig_result_free(&r);
}

/* T8: schools without an inspection since joining (or before) are listed as missing. */
static void missing_since_joining(void **state)
{
    (void)state;
    World w = {0};
    EligInspection h1[] = {g(1, D(2014, 1, 1), 2)};              /* none since joining */
    EligInspection h2[] = {g(2, D(2019, 1, 1), 3)};              /* none before joining */
    EligInspection h3[] = {g(3, D(2014, 1, 1), 2), g(3, D(2018, 1, 1), 2)};
    EligSchool *a = academy(&w, 0, 1, h1, N(h1));
    EligSchool *b = academy(&w, 1, 2, h2, N(h2));
    EligSchool *c = academy(&w, 2, 3, h3, N(h3));
    EligSchool *e = academy(&w, 3, 4, NULL, 0);
    e->name = "Empty Academy";
    EligGroup *mat = group(&w, 70, GROUP_TYPE_MAT);
    member(&w, mat, a, D(2016, 1, 1), DATE_NONE, 1);
    member(&w, mat, b, D(2016, 1, 1), DATE_NONE, 1);
    member(&w, mat, c, D(2016, 1, 1), DATE_NONE, 1);
    member(&w, mat, e, D(2016, 1, 1), DATE_NONE, 1);
    EligResult r = trust_result(mat, START);
    /* share: 1 (school 2) of 2 inspected since joining: eligible */
    assert_int_equal(r.outcome, ELIG_ELIGIBLE);
    assert_int_equal(r.n_missing, 3);
    assert_true(missing_has(&r, "URN 1 (An Academy): no inspection since joining"));
    assert_true(missing_has(&r, "URN 2 (An Academy): no inspection before joining"));
    assert_true(missing_has(&r, "URN 4 (Empty Academy): no graded inspection on record"));
    elig_result_free(&r);
}

/* --- the loader's memberships -------------------------------------------------------- */

static char path[256];

static void exec(Db *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "sql failed: %s\n%s\n", msg ? msg : "?", sql);
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

/* Dated links become dated memberships; a trust named only by a school's record an undated one. */
static void loader_memberships(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/rise-tsio-unit-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    exec(db, "INSERT INTO groups (uid, name, type) VALUES (10, 'Old Trust', 'Multi-academy trust'),"
             " (11, 'New Trust', 'Multi-academy trust');"
             "INSERT INTO schools (urn, name, type_group, type_name, status, region, la_name, trust_uid, trust_name)"
             " VALUES (1, 'Mover', 'Academies', 'Academy converter', 'Open', 'North West', 'Wigan', 11, 'New Trust'),"
             " (2, 'Stayer', 'Academies', 'Academy converter', 'Open', 'North West', 'Wigan', 10, 'Old Trust'),"
             " (3, 'Newcomer', 'Academies', 'Academy converter', 'Open', 'North West', 'Wigan', 12, 'Newest');"
             "INSERT INTO group_members (group_uid, urn, joined_date) VALUES (10, 1, '2015-01-01'),"
             " (10, 2, '2015-01-01'), (10, 99, '2016-01-01');");
    EligData data;
    assert_int_equal(elig_data_load(db, &data, err, sizeof err), 0);
    const EligSchool *mover = elig_data_school(&data, 1);
    assert_int_equal(mover->n_memberships, 2);
    int dated = 0, undated = 0;
    for (size_t i = 0; i < mover->n_memberships; i++) {
        if (mover->memberships[i]->dated) {
            dated++;
            assert_int_equal(mover->memberships[i]->group->uid, 10);
            assert_int_equal(mover->memberships[i]->joined, D(2015, 1, 1));
        } else {
            undated++;
            assert_int_equal(mover->memberships[i]->group->uid, 11);
        }
    }
    assert_int_equal(dated, 1);
    assert_int_equal(undated, 1);
    /* the stayer's record repeats its dated link: no second membership */
    assert_int_equal(elig_data_school(&data, 2)->n_memberships, 1);
    /* a URN named only by a link has a stub; a trust named only by a record has a stub group */
    assert_null(elig_data_school(&data, 99)->name);
    assert_int_equal(elig_data_school(&data, 3)->memberships[0]->group->uid, 12);
    assert_string_equal(elig_data_school(&data, 3)->memberships[0]->group->name, "Newest");
    /* group 10 has three members, in one slice */
    for (size_t i = 0; i < data.n_groups; i++)
        if (data.groups[i].uid == 10)
            assert_int_equal(data.groups[i].n_members, 3);
    /* as at 2022, the mover is in the old trust (dated) with the stayer: in a MAT */
    Tsio2022Params p = params();
    EligResult r;
    tsio2022_school(mover, &p, D(2022, 10, 1), &r);
    assert_string_equal(r.rule, "tsio.school.in-mat");
    assert_non_null(strstr(r.reason, "UID 10"));
    elig_result_free(&r);
    elig_data_free(&data);
    db_close(db);
    char p2[300];
    unlink(path);
    snprintf(p2, sizeof p2, "%s-wal", path);
    unlink(p2);
    snprintf(p2, sizeof p2, "%s-shm", path);
    unlink(p2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(constants),
        cmocka_unit_test(standalone_structure_on_d),
        cmocka_unit_test(dated_membership_on_d),
        cmocka_unit_test(undated_trust_from_record),
        cmocka_unit_test(la_maintained),
        cmocka_unit_test(boundary_1_september_2022),
        cmocka_unit_test(ri_on_d),
        cmocka_unit_test(no_history),
        cmocka_unit_test(out_of_scope),
        cmocka_unit_test(mat_census_on_1_september_2022),
        cmocka_unit_test(mat_measures_as_at_d),
        cmocka_unit_test(share_at_least_half),
        cmocka_unit_test(si_score_of_zero),
        cmocka_unit_test(missing_since_joining),
        cmocka_unit_test(loader_memberships),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
