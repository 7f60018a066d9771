/*
 * test_si2019.c - the SI offer 2019/20 tiers (domain/si2019.c) on
 * hand-built histories, one test per interpretation written there (I1-I12)
 * and per "In scope" clause (domain/eligibility.c, S1-S4); then the loader
 * (store/eligibility_data.c) on a real database: the parameters the
 * migration seeds, and a predecessor chain followed recursively.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/eligibility.h"
#include "domain/grades.h"
#include "store/db.h"
#include "store/eligibility_data.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define D(y, m, d) date_from_ymd((y), (m), (d))
#define N(a) (sizeof(a) / sizeof((a)[0]))

static Si2019Params params(void)
{
    Si2019Params p;
    elig_params_clear(SI2019_PARAMS, SI2019_N_PARAMS, &p);
    p.year_start = D(2019, 9, 1);
    p.year_end = D(2020, 8, 31);
    p.history_start = D(2005, 1, 1);
    p.tier3_min_inspections = 4;
    return p;
}

static EligInspection g(int64_t urn, Date d, int grade)
{
    return (EligInspection){.urn = urn, .date = d, .grade = grade, .safeguarding = -1};
}

static EligSchool school(const EligInspection *h, size_t n)
{
    return (EligSchool){.urn = 100,
                        .name = "Oak Tree Primary School",
                        .type_group = "Local authority maintained schools",
                        .type_name = "Community school",
                        .status = "Open",
                        .region = "London",
                        .la_code = "202",
                        .la_name = "Camden",
                        .opened = DATE_NONE,
                        .closed = DATE_NONE,
                        .history = h,
                        .n_history = n};
}

static EligResult assess(const EligSchool *s, Date d)
{
    Si2019Params p = params();
    EligResult r;
    si2019_assess(s, &p, d, &r);
    return r;
}

static const Date START = 18140; /* 1 September 2019, checked below */

static void constants(void **state)
{
    (void)state;
    assert_int_equal(START, D(2019, 9, 1));
    Si2019Params p;
    elig_params_clear(SI2019_PARAMS, SI2019_N_PARAMS, &p);
    assert_string_equal(elig_params_missing(SI2019_PARAMS, SI2019_N_PARAMS, &p), "year_start");
    assert_int_equal(elig_param_set(SI2019_PARAMS, SI2019_N_PARAMS, &p, "year_start", "2019-09-01"), 0);
    assert_int_equal(p.year_start, START);
    assert_int_equal(elig_param_set(SI2019_PARAMS, SI2019_N_PARAMS, &p, "year_start", "1-9-2019"), -1);
    assert_int_equal(elig_param_set(SI2019_PARAMS, SI2019_N_PARAMS, &p, "tier3_min_inspections", "four"), -1);
    assert_int_equal(elig_param_set(SI2019_PARAMS, SI2019_N_PARAMS, &p, "no_such_key", "1"), 1);
}

/* I1: "Satisfactory" is grade 3, and counts as RI in every clause. */
static void satisfactory_is_grade_3(void **state)
{
    (void)state;
    assert_int_equal(grade_from_text("Satisfactory", NULL), 3);
    assert_int_equal(grade_from_text("Requires Improvement", NULL), 3);
    /* Satisfactory in 2010 and 2012 then RI in 2014 and 2018: four grade 3s since 2005 */
    EligInspection h[] = {g(100, D(2010, 3, 1), grade_from_text("Satisfactory", NULL)),
                          g(100, D(2012, 5, 1), grade_from_text("Satisfactory", NULL)),
                          g(100, D(2014, 6, 1), 3), g(100, D(2018, 6, 1), 3)};
    EligSchool s = school(h, N(h));
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_3);
    assert_string_equal(r.rule, "si.tier-3.ri-since-2005");
    elig_result_free(&r);
}

/* I2: the predecessor's judgements are part of the history (flattened by the loader). */
static void history_through_predecessors(void **state)
{
    (void)state;
    /* the academy (100) was inspected once, RI; its predecessor (50) was RI before it */
    EligInspection h[] = {g(100, D(2018, 11, 1), 3), g(50, D(2015, 2, 1), 3)};
    EligSchool s = school(h, N(h));
    s.type_group = "Academies";
    s.type_name = "Academy converter";
    s.opened = D(2016, 9, 1);
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_2);
    assert_string_equal(r.rule, "si.tier-2.consecutive-ri");
    assert_int_equal(r.n_used, 2);
    assert_string_equal(r.used[0].role, "reference");
    assert_int_equal(r.used[0].in.urn, 100);
    assert_string_equal(r.used[1].role, "previous");
    assert_int_equal(r.used[1].in.urn, 50);
    assert_int_equal(r.used[1].in.date, D(2015, 2, 1));
    elig_result_free(&r);
}

/* I3: before 1 Sept 2019 is strictly before; a judgement on 1 Sept 2019 is in the year. */
static void boundary_1_september_2019(void **state)
{
    (void)state;
    /* RI on 31 August 2019: the latest before the year */
    EligInspection a[] = {g(100, D(2015, 1, 1), 2), g(100, D(2019, 8, 31), 3)};
    EligSchool s = school(a, N(a));
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_1);
    assert_int_equal(r.used[0].in.date, D(2019, 8, 31));
    elig_result_free(&r);

    /* RI on 1 September 2019 after Good: the in-year clause */
    EligInspection b[] = {g(100, D(2015, 1, 1), 2), g(100, D(2019, 9, 1), 3)};
    s = school(b, N(b));
    r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_1);
    assert_int_equal(r.used[0].in.date, D(2019, 9, 1));
    elig_result_free(&r);

    /* Good on 1 September 2019 after RI: the latest before the year is still the RI */
    EligInspection c[] = {g(100, D(2017, 1, 1), 3), g(100, D(2019, 9, 1), 2)};
    s = school(c, N(c));
    r = assess(&s, D(2019, 12, 1));
    assert_int_equal(r.outcome, ELIG_TIER_2); /* the reference is the only inspection up to it */
    assert_int_equal(r.used[0].in.date, D(2017, 1, 1));
    elig_result_free(&r);

    /* Good on 31 August 2019 after RI: the latest before the year is Good */
    EligInspection e[] = {g(100, D(2017, 1, 1), 3), g(100, D(2019, 8, 31), 2)};
    s = school(e, N(e));
    r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "si.none.not-ri");
    elig_result_free(&r);
}

/* I4: a judgement dated D counts; nothing after D is seen. */
static void judgement_on_d_counts(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2016, 1, 1), 2), g(100, D(2020, 1, 15), 3)};
    EligSchool s = school(h, N(h));
    EligResult r = assess(&s, D(2020, 1, 15));
    assert_int_equal(r.outcome, ELIG_TIER_1);
    assert_int_equal(r.as_at, D(2020, 1, 15));
    elig_result_free(&r);
    r = assess(&s, D(2020, 1, 14));
    assert_int_equal(r.outcome, ELIG_NONE);
    elig_result_free(&r);
}

/* I5: the reference is the latest qualifying grade 3. */
static void reference_is_latest_grade_3(void **state)
{
    (void)state;
    /* entered the year RI, then RI again in October: the October one is the reference */
    EligInspection h[] = {g(100, D(2012, 1, 1), 2), g(100, D(2018, 1, 1), 3), g(100, D(2019, 10, 10), 3)};
    EligSchool s = school(h, N(h));
    EligResult r = assess(&s, D(2020, 3, 1));
    assert_int_equal(r.outcome, ELIG_TIER_2);
    assert_int_equal(r.used[0].in.date, D(2019, 10, 10));
    assert_int_equal(r.used[1].in.date, D(2018, 1, 1));
    elig_result_free(&r);
    /* before October the reference is the 2018 RI, with Good before it: Tier 1 */
    r = assess(&s, D(2019, 10, 9));
    assert_int_equal(r.outcome, ELIG_TIER_1);
    assert_int_equal(r.used[0].in.date, D(2018, 1, 1));
    elig_result_free(&r);
}

/* I6: Tier 3 with exactly four inspections since 1 Jan 2005; three are not enough. */
static void tier_3_exactly_four(void **state)
{
    (void)state;
    EligInspection four[] = {g(100, D(2005, 1, 1), 4), g(100, D(2009, 1, 1), 3), g(100, D(2013, 1, 1), 4),
                             g(100, D(2018, 1, 1), 3)};
    EligSchool s = school(four, N(four));
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_3);
    assert_int_equal(r.n_used, 4);
    assert_int_equal(r.figures[0].value, 4);
    elig_result_free(&r);

    /* the first one a day earlier, in 2004: three since 2005 -> not Tier 3; the one before is 4 -> Tier 1 */
    EligInspection three[] = {g(100, D(2004, 12, 31), 4), g(100, D(2009, 1, 1), 3), g(100, D(2013, 1, 1), 4),
                              g(100, D(2018, 1, 1), 3)};
    s = school(three, N(three));
    r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_1);
    elig_result_free(&r);

    /* a grade 1 before 2005 neither counts nor disqualifies */
    EligInspection old[] = {g(100, D(2003, 1, 1), 1), g(100, D(2006, 1, 1), 3), g(100, D(2009, 1, 1), 3),
                            g(100, D(2013, 1, 1), 4), g(100, D(2018, 1, 1), 3)};
    s = school(old, N(old));
    r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_3);
    elig_result_free(&r);

    /* one Good since 2005 rules Tier 3 out: the one before the reference is 3 -> Tier 2 */
    EligInspection good[] = {g(100, D(2006, 1, 1), 3), g(100, D(2009, 1, 1), 2), g(100, D(2013, 1, 1), 3),
                             g(100, D(2016, 1, 1), 3), g(100, D(2018, 1, 1), 3)};
    s = school(good, N(good));
    r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_2);
    elig_result_free(&r);

    /* inspections after the reference do not count towards it */
    EligInspection after[] = {g(100, D(2010, 1, 1), 3), g(100, D(2013, 1, 1), 3), g(100, D(2017, 1, 1), 3),
                              g(100, D(2019, 10, 1), 2)};
    s = school(after, N(after));
    r = assess(&s, D(2020, 1, 1));
    assert_int_equal(r.outcome, ELIG_TIER_2); /* reference 2017: only three up to it */
    elig_result_free(&r);
}

/* I7: the reference as the only inspection: Tier 2 (RI at the first inspection). */
static void tier_2_only_inspection(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2019, 11, 20), 3)};
    EligSchool s = school(h, N(h));
    s.opened = D(2018, 9, 1); /* a new school */
    EligResult r = assess(&s, D(2020, 8, 31));
    assert_int_equal(r.outcome, ELIG_TIER_2);
    assert_string_equal(r.rule, "si.tier-2.first-inspection");
    assert_int_equal(r.n_used, 1);
    assert_int_equal(r.n_missing, 0);
    elig_result_free(&r);
    /* an old school (no open date) with one judgement on record: the gap is said */
    s.opened = DATE_NONE;
    r = assess(&s, D(2020, 8, 31));
    assert_int_equal(r.outcome, ELIG_TIER_2);
    assert_int_equal(r.n_missing, 1);
    assert_non_null(strstr(r.missing[0], "an earlier judgement the data lacks"));
    elig_result_free(&r);
    s.opened = D(1998, 9, 1);
    r = assess(&s, D(2020, 8, 31));
    assert_non_null(strstr(r.missing[0], "opened 1 September 1998, before 1 January 2005"));
    elig_result_free(&r);
}

/* I8: the one before the reference grade 3 -> Tier 2; grade 4 -> Tier 1; grade 2 -> Tier 1. */
static void tier_2_previous_grade_3(void **state)
{
    (void)state;
    EligInspection ri[] = {g(100, D(2015, 1, 1), 3), g(100, D(2018, 1, 1), 3)};
    EligSchool s = school(ri, N(ri));
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_2);
    elig_result_free(&r);

    EligInspection inadequate[] = {g(100, D(2015, 1, 1), 4), g(100, D(2018, 1, 1), 3)};
    s = school(inadequate, N(inadequate));
    r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_1);
    assert_string_equal(r.rule, "si.tier-1.single-ri");
    elig_result_free(&r);
}

/* Tier 1: a single RI after a good record. */
static void tier_1_single_ri(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2008, 1, 1), 1), g(100, D(2013, 1, 1), 2), g(100, D(2019, 3, 12), 3)};
    EligSchool s = school(h, N(h));
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_1);
    assert_int_equal(r.n_used, 2);
    char text[128];
    elig_describe(&r.used[0].in, text, sizeof text);
    assert_string_equal(text, "12 March 2019: Requires improvement (URN 100)");
    assert_int_equal(r.n_missing, 0);
    elig_result_free(&r);
}

/* I9: no history at all: not eligible, and the history is reported missing. */
static void no_history(void **state)
{
    (void)state;
    EligSchool s = school(NULL, 0);
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "si.none.no-history");
    assert_int_equal(r.n_missing, 1);
    assert_non_null(strstr(r.missing[0], "no graded inspection"));
    elig_result_free(&r);
    /* ungraded entries (insufficient evidence) are no history either */
    EligInspection h[] = {g(100, D(2018, 1, 1), 0)};
    s = school(h, N(h));
    r = assess(&s, START);
    assert_string_equal(r.rule, "si.none.no-history");
    elig_result_free(&r);
}

/* I12: one inspection per school per date; the school's own wins a same-day tie with a predecessor. */
static void same_day_inspections(void **state)
{
    (void)state;
    /* four rows, but two are the same inspection (GIAS and the history file): three inspections */
    EligInspection h[] = {g(100, D(2009, 1, 1), 3), g(100, D(2013, 1, 1), 4), g(100, D(2018, 1, 1), 3),
                          g(100, D(2018, 1, 1), 3)};
    EligSchool s = school(h, N(h));
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_1);
    assert_int_equal(r.figures[0].value, 3);
    elig_result_free(&r);
    /* the predecessor's Good and the school's RI on the same day: the school's own is the latest */
    EligInspection t[] = {g(100, D(2018, 1, 1), 3), g(50, D(2018, 1, 1), 2)};
    s = school(t, N(t));
    r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_1);
    assert_int_equal(r.used[0].in.urn, 100);
    assert_int_equal(r.used[1].in.urn, 50);
    elig_result_free(&r);
}

/* I11: the highest tier that applies wins (Tier 3 also meets Tier 2). */
static void highest_tier_wins(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2007, 1, 1), 3), g(100, D(2010, 1, 1), 3), g(100, D(2014, 1, 1), 3),
                          g(100, D(2017, 1, 1), 3)};
    EligSchool s = school(h, N(h));
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_3);
    elig_result_free(&r);
}

/* --- In scope (domain/eligibility.c, S1-S4; I10) ----------------------------------- */

static EligInspection RI[] = {{.urn = 100, .date = 17532 /* 2018-01-01 */, .grade = 3, .safeguarding = -1}};

/* S2: a Welsh school is out, whatever its type group. */
static void scope_welsh_school(void **state)
{
    (void)state;
    assert_int_equal(RI[0].date, D(2018, 1, 1));
    EligSchool s = school(RI, 1);
    s.type_group = "Welsh schools";
    s.region = "Wales (pseudo)";
    s.la_code = "663";
    EligResult r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "scope.welsh");
    elig_result_free(&r);
    /* a special school in a Welsh local authority */
    s = school(RI, 1);
    s.type_group = "Special schools";
    s.la_code = "670";
    s.region = "Wales (pseudo)";
    r = assess(&s, START);
    assert_string_equal(r.rule, "scope.welsh");
    elig_result_free(&r);
}

/* S4: closed before D is out; closed on D (its last day) is in; closed with no date is out. */
static void scope_closed_school(void **state)
{
    (void)state;
    EligSchool s = school(RI, 1);
    s.status = "Closed";
    s.closed = START - 1;
    EligResult r = assess(&s, START);
    assert_string_equal(r.rule, "scope.closed");
    elig_result_free(&r);
    /* GIAS's close date is the last day: open on it (the academy opens the next day) */
    s.closed = START;
    r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_2);
    elig_result_free(&r);
    s.closed = DATE_NONE;
    r = assess(&s, START);
    assert_string_equal(r.rule, "scope.closed");
    assert_int_equal(r.n_missing, 1);
    elig_result_free(&r);
}

/* S3: opened after D is out; opened on D is in; proposed to open with no date is out. */
static void scope_opened_after_d(void **state)
{
    (void)state;
    EligSchool s = school(RI, 1);
    s.opened = START + 1;
    EligResult r = assess(&s, START);
    assert_string_equal(r.rule, "scope.not-open");
    elig_result_free(&r);
    s.opened = START;
    r = assess(&s, START);
    assert_int_equal(r.outcome, ELIG_TIER_2);
    elig_result_free(&r);
    s.opened = DATE_NONE;
    s.status = "Proposed to open";
    r = assess(&s, START);
    assert_string_equal(r.rule, "scope.not-open");
    elig_result_free(&r);
}

/* S1: only the four state-funded type groups, and not independent special schools. */
static void scope_state_funded_types(void **state)
{
    (void)state;
    const char *in[][2] = {{"Academies", "Academy converter"},
                           {"Free Schools", "Free schools"},
                           {"Local authority maintained schools", "Pupil referral unit"},
                           {"Special schools", "Community special school"},
                           {"Special schools", "Non-maintained special school"}};
    for (size_t i = 0; i < N(in); i++) {
        EligSchool s = school(RI, 1);
        s.type_group = in[i][0];
        s.type_name = in[i][1];
        EligResult r = assess(&s, START);
        assert_int_equal(r.outcome, ELIG_TIER_2);
        elig_result_free(&r);
    }
    const char *out[][2] = {{"Independent schools", "Other independent school"},
                            {"Special schools", "Other independent special school"},
                            {"Colleges", "Further education"},
                            {NULL, NULL}};
    for (size_t i = 0; i < N(out); i++) {
        EligSchool s = school(RI, 1);
        s.type_group = out[i][0];
        s.type_name = out[i][1];
        EligResult r = assess(&s, START);
        assert_int_equal(r.outcome, ELIG_NONE);
        assert_string_equal(r.rule, "scope.type");
        elig_result_free(&r);
    }
}

/* --- the loader on a real database ---------------------------------------------------- */

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

static Db *fresh_db(void)
{
    snprintf(path, sizeof path, "/tmp/rise-si2019-unit-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    return db;
}

static void drop_db(Db *db)
{
    db_close(db);
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* The migration seeds every parameter the rules read, with the brief's values. */
static void parameters_from_the_table(void **state)
{
    (void)state;
    Db *db = fresh_db();
    Si2019Params p;
    char err[256];
    assert_int_equal(elig_params_load(db, SI2019_PROGRAMME, SI2019_PARAMS, SI2019_N_PARAMS, &p, err, sizeof err), 0);
    assert_int_equal(p.year_start, D(2019, 9, 1));
    assert_int_equal(p.year_end, D(2020, 8, 31));
    assert_int_equal(p.history_start, D(2005, 1, 1));
    assert_int_equal(p.tier3_min_inspections, 4);
    assert_int_equal(p.tier2_grant_max, 16000);
    assert_int_equal(p.tier3_coordination_max, 4000);
    assert_int_equal(p.nle_day_rate, 500);
    Tsio2022Params t;
    assert_int_equal(
        elig_params_load(db, TSIO2022_PROGRAMME, TSIO2022_PARAMS, TSIO2022_N_PARAMS, &t, err, sizeof err), 0);
    assert_int_equal(t.mat_census, D(2022, 9, 1));
    assert_int_equal(t.mat_joined_by, D(2019, 9, 1));
    assert_int_equal(t.mat_min_schools, 2);
    assert_int_equal(t.mat_share_percent, 50);
    assert_int_equal(t.si_score_below, 0);
    RiseParams rp;
    assert_int_equal(elig_params_load(db, RISE_PROGRAMME, RISE_PARAMS, RISE_N_PARAMS, &rp, err, sizeof err), 0);
    assert_int_equal(rp.planning_grant, 3000);
    assert_int_equal(rp.improvement_band_3_max, 100000);

    /* a changed parameter changes the rule: Tier 3 from three inspections */
    exec(db, "UPDATE programme_params SET value = '3' WHERE programme = 'si-2019-20'"
             " AND key = 'tier3_min_inspections'");
    assert_int_equal(elig_params_load(db, SI2019_PROGRAMME, SI2019_PARAMS, SI2019_N_PARAMS, &p, err, sizeof err), 0);
    EligInspection h[] = {g(100, D(2010, 1, 1), 3), g(100, D(2013, 1, 1), 4), g(100, D(2018, 1, 1), 3)};
    EligSchool s = school(h, N(h));
    EligResult r;
    si2019_assess(&s, &p, START, &r);
    assert_int_equal(r.outcome, ELIG_TIER_3);
    elig_result_free(&r);

    /* a bad or a missing value is an error that names it */
    exec(db, "UPDATE programme_params SET value = '2019-02-30' WHERE programme = 'si-2019-20' AND key = 'year_end'");
    assert_int_equal(elig_params_load(db, SI2019_PROGRAMME, SI2019_PARAMS, SI2019_N_PARAMS, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "year_end"));
    exec(db, "DELETE FROM programme_params WHERE programme = 'si-2019-20' AND key = 'year_end'");
    assert_int_equal(elig_params_load(db, SI2019_PROGRAMME, SI2019_PARAMS, SI2019_N_PARAMS, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "year_end"));
    drop_db(db);
}

/* I2 through the loader: academy 300 <- 200 <- 100 (link type exactly "Predecessor"); other link types are not followed. */
static void predecessor_chain(void **state)
{
    (void)state;
    Db *db = fresh_db();
    exec(db, "INSERT INTO schools (urn, name, type_group, type_name, status, region, la_name, open_date, close_date)"
             " VALUES (100, 'Board School', 'Local authority maintained schools', 'Community school', 'Closed',"
             "  'London', 'Camden', NULL, '2012-08-31'),"
             " (200, 'Oak Tree Primary', 'Local authority maintained schools', 'Community school', 'Closed',"
             "  'London', 'Camden', '2012-09-01', '2016-08-31'),"
             " (300, 'Oak Tree Academy', 'Academies', 'Academy converter', 'Open', 'London', 'Camden',"
             "  '2016-09-01', NULL),"
             " (400, 'Merged Infants', 'Local authority maintained schools', 'Community school', 'Closed',"
             "  'London', 'Camden', NULL, '2016-08-31');"
             "INSERT INTO school_links (urn, link_urn, link_type) VALUES (300, 200, 'Predecessor'),"
             " (200, 100, 'Predecessor'), (300, 400, 'Predecessor - merged'), (200, 300, 'Successor'),"
             " (100, 300, 'Predecessor');" /* a cycle: must end */
             "INSERT INTO inspections (urn, inspection_date, kind, overall, source) VALUES"
             " (100, '2006-05-01', 'graded', 4, 't'), (100, '2009-05-01', 'graded', 3, 't'),"
             " (200, '2014-05-01', 'graded', 3, 't'), (300, '2018-05-01', 'graded', 3, 't'),"
             " (400, '2015-05-01', 'graded', 1, 't');");
    EligData data;
    char err[256];
    assert_int_equal(elig_data_load(db, &data, err, sizeof err), 0);
    const EligSchool *s = elig_data_school(&data, 300);
    assert_non_null(s);
    assert_int_equal(s->n_history, 4); /* 300, 200, 100; not 400 */
    Si2019Params p = params();
    EligResult r;
    si2019_assess(s, &p, START, &r);
    assert_int_equal(r.outcome, ELIG_TIER_3);
    assert_int_equal(r.n_used, 4);
    assert_int_equal(r.used[0].in.urn, 300);
    assert_int_equal(r.used[3].in.urn, 100);
    elig_result_free(&r);
    /* the closed predecessors are out of scope in 2019 */
    si2019_assess(elig_data_school(&data, 200), &p, START, &r);
    assert_string_equal(r.rule, "scope.closed");
    elig_result_free(&r);
    elig_data_free(&data);
    drop_db(db);
}

/* An in-memory database cannot be opened a second time: the loader reads it all on one connection. */
static void loader_on_one_connection(void **state)
{
    (void)state;
    char err[256];
    Db *db = db_open(":memory:", err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    exec(db, "INSERT INTO schools (urn, name, type_group, type_name, status, region) VALUES"
             " (7, 'Seven', 'Academies', 'Academy converter', 'Open', 'London');"
             "INSERT INTO school_links (urn, link_urn, link_type) VALUES (7, 6, 'Predecessor');"
             "INSERT INTO inspections (urn, inspection_date, kind, overall, source) VALUES"
             " (6, '2016-01-01', 'graded', 3, 't'), (7, '2019-01-01', 'graded', 3, 't');");
    EligData data;
    assert_int_equal(elig_data_load(db, &data, err, sizeof err), 0);
    Si2019Params p = params();
    EligResult r;
    si2019_assess(elig_data_school(&data, 7), &p, START, &r);
    assert_string_equal(r.rule, "si.tier-2.consecutive-ri");
    assert_int_equal(r.used[1].in.urn, 6);
    elig_result_free(&r);
    elig_data_free(&data);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(constants),
        cmocka_unit_test(satisfactory_is_grade_3),
        cmocka_unit_test(history_through_predecessors),
        cmocka_unit_test(boundary_1_september_2019),
        cmocka_unit_test(judgement_on_d_counts),
        cmocka_unit_test(reference_is_latest_grade_3),
        cmocka_unit_test(tier_3_exactly_four),
        cmocka_unit_test(tier_2_only_inspection),
        cmocka_unit_test(tier_2_previous_grade_3),
        cmocka_unit_test(tier_1_single_ri),
        cmocka_unit_test(no_history),
        cmocka_unit_test(same_day_inspections),
        cmocka_unit_test(highest_tier_wins),
        cmocka_unit_test(scope_welsh_school),
        cmocka_unit_test(scope_closed_school),
        cmocka_unit_test(scope_opened_after_d),
        cmocka_unit_test(scope_state_funded_types),
        cmocka_unit_test(parameters_from_the_table),
        cmocka_unit_test(predecessor_chain),
        cmocka_unit_test(loader_on_one_connection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
