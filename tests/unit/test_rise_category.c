/*
 * test_rise_category.c - the RISE category suggestion (domain/rise.c) on
 * hand-built histories of graded inspections and report cards, one test per
 * interpretation written there (R1-R10, and the scope rules S3-S5 of
 * domain/eligibility.c); then report cards read back from the
 * database by the loader (store/eligibility_data.c) from their judgements
 * JSON.
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
#include "store/import.h"
#include "domain/inspections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define D(y, m, d) date_from_ymd((y), (m), (d))
#define N(a) (sizeof(a) / sizeof((a)[0]))

static EligInspection g(int64_t urn, Date d, int grade, const char *category)
{
    return (EligInspection){.urn = urn, .date = d, .grade = grade, .category = category, .safeguarding = -1};
}

static EligInspection card(int64_t urn, Date d, const EligArea *areas, size_t n, int safeguarding)
{
    return (EligInspection){.urn = urn, .date = d, .report_card = 1, .areas = areas, .n_areas = n,
                            .safeguarding = safeguarding};
}

static EligSchool maintained(const EligInspection *h, size_t n)
{
    return (EligSchool){.urn = 100, .name = "Elm Primary", .type_group = "Local authority maintained schools",
                        .type_name = "Community school", .status = "Open", .region = "South West",
                        .la_code = "800", .la_name = "Bath and North East Somerset", .opened = DATE_NONE,
                        .closed = DATE_NONE, .history = h, .n_history = n};
}

static EligSchool academy(const EligInspection *h, size_t n)
{
    EligSchool s = maintained(h, n);
    s.type_group = "Academies";
    s.type_name = "Academy sponsor led";
    return s;
}

static const Date AS_AT = 20393; /* 1 November 2025 */

static EligResult suggest(const EligSchool *s, Date d)
{
    RiseParams p;
    elig_params_clear(RISE_PARAMS, RISE_N_PARAMS, &p);
    EligResult r;
    rise_suggest(s, &p, d, &r);
    return r;
}

static void constants(void **state)
{
    (void)state;
    assert_int_equal(AS_AT, D(2025, 11, 1));
    assert_int_equal(elig_rc_level("Needs attention"), RC_NEEDS_ATTENTION);
    assert_int_equal(elig_rc_level("URGENT IMPROVEMENT"), RC_URGENT_IMPROVEMENT);
    assert_int_equal(elig_rc_level("Exceptional"), RC_EXCEPTIONAL);
    assert_int_equal(elig_rc_level("Good"), RC_NONE);
}

/* R2: special measures: a maintained school -> intervention; an academy -> targeted. */
static void special_measures_maintained_vs_academy(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2019, 1, 1), 3, NULL), g(100, D(2024, 3, 5), 4, CATEGORY_SPECIAL_MEASURES)};
    EligSchool s = maintained(h, N(h));
    EligResult r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_INTERVENTION);
    assert_string_equal(r.rule, "rise.intervention.special-measures-maintained");
    assert_int_equal(r.n_used, 1);
    assert_string_equal(r.used[0].role, "latest");
    assert_string_equal(r.used[0].in.category, "special measures");
    elig_result_free(&r);

    s = academy(h, N(h));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_TARGETED);
    assert_string_equal(r.rule, "rise.targeted.special-measures-academy");
    elig_result_free(&r);

    /* a maintained special school is maintained; a non-maintained special school is not */
    s = maintained(h, N(h));
    s.type_group = "Special schools";
    s.type_name = "Community special school";
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_INTERVENTION);
    elig_result_free(&r);
    s.type_name = "Non-maintained special school";
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_TARGETED);
    elig_result_free(&r);

    /* the sponsored academy that replaced a school in special measures: targeted */
    EligInspection pred[] = {g(50, D(2023, 1, 10), 4, CATEGORY_SPECIAL_MEASURES)};
    s = academy(pred, N(pred));
    s.opened = D(2024, 1, 1);
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_TARGETED);
    assert_int_equal(r.used[0].in.urn, 50);
    elig_result_free(&r);
}

/* Serious weaknesses: targeted, maintained or not. */
static void serious_weaknesses_is_targeted(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2024, 3, 5), 4, CATEGORY_SERIOUS_WEAKNESSES)};
    EligSchool s = maintained(h, N(h));
    EligResult r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_TARGETED);
    assert_string_equal(r.rule, "rise.targeted.serious-weaknesses");
    elig_result_free(&r);
    s = academy(h, N(h));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_TARGETED);
    elig_result_free(&r);
}

/* R3: grade 4 with no category recorded: targeted, and the gap is reported. */
static void inadequate_without_category(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2018, 3, 5), 4, NULL)};
    EligSchool s = maintained(h, N(h));
    EligResult r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_TARGETED);
    assert_string_equal(r.rule, "rise.targeted.inadequate-category-unknown");
    assert_int_equal(r.n_missing, 1);
    assert_non_null(strstr(r.missing[0], "special measures would make this maintained school intervention"));
    elig_result_free(&r);
}

/* R4: stuck: latest 3, previous 3 or 4 (whichever URN); previous 2 or none is not stuck. */
static void stuck_graded(void **state)
{
    (void)state;
    EligInspection a[] = {g(100, D(2019, 1, 1), 3, NULL), g(100, D(2023, 1, 1), 3, NULL)};
    EligSchool s = maintained(a, N(a));
    EligResult r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_TARGETED);
    assert_string_equal(r.rule, "rise.targeted.stuck");
    assert_int_equal(r.n_used, 2);
    assert_string_equal(r.used[1].role, "previous");
    elig_result_free(&r);

    EligInspection b[] = {g(50, D(2017, 1, 1), 4, CATEGORY_SPECIAL_MEASURES), g(100, D(2023, 1, 1), 3, NULL)};
    s = academy(b, N(b));
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.targeted.stuck");
    assert_int_equal(r.used[1].in.urn, 50);
    elig_result_free(&r);

    EligInspection c[] = {g(100, D(2019, 1, 1), 2, NULL), g(100, D(2023, 1, 1), 3, NULL)};
    s = maintained(c, N(c));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    assert_string_equal(r.rule, "rise.universal.single-ri");
    elig_result_free(&r);

    EligInspection d[] = {g(100, D(2023, 1, 1), 3, NULL)};
    s = maintained(d, N(d));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    elig_result_free(&r);

    /* good now, after years of RI: universal */
    EligInspection e[] = {g(100, D(2016, 1, 1), 3, NULL), g(100, D(2019, 1, 1), 3, NULL),
                          g(100, D(2023, 1, 1), 2, NULL)};
    s = maintained(e, N(e));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    assert_string_equal(r.rule, "rise.universal.good-or-better");
    elig_result_free(&r);
}

/* R1: the latest of either kind; inspections after D are not seen; one on D is. */
static void latest_of_either_kind(void **state)
{
    (void)state;
    static const EligArea fine[] = {{"leadership and governance", RC_EXPECTED_STANDARD},
                                    {"inclusion", RC_STRONG_STANDARD}};
    EligInspection h[] = {g(100, D(2019, 1, 1), 3, NULL), g(100, D(2022, 1, 1), 3, NULL),
                          card(100, D(2025, 10, 20), fine, N(fine), 1)};
    EligSchool s = maintained(h, N(h));
    EligResult r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    assert_string_equal(r.rule, "rise.universal.report-card");
    assert_int_equal(r.used[0].in.report_card, 1);
    elig_result_free(&r);
    /* the day before the report card: the two RIs make it stuck */
    r = suggest(&s, D(2025, 10, 19));
    assert_string_equal(r.rule, "rise.targeted.stuck");
    elig_result_free(&r);
    r = suggest(&s, D(2025, 10, 20));
    assert_string_equal(r.rule, "rise.universal.report-card");
    elig_result_free(&r);
}

/* R5: the report-card clauses, each on its own. */
static void report_card_rules(void **state)
{
    (void)state;
    EligInspection prev_ri = g(100, D(2021, 5, 1), 3, NULL);
    EligInspection prev_good = g(100, D(2021, 5, 1), 2, NULL);

    /* safeguarding not met: intervention, even with strong areas */
    static const EligArea strong[] = {{"leadership and governance", RC_STRONG_STANDARD}};
    EligInspection h1[] = {prev_good, card(100, D(2025, 10, 1), strong, N(strong), 0)};
    EligSchool s = academy(h1, N(h1));
    EligResult r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_INTERVENTION);
    assert_string_equal(r.rule, "rise.intervention.safeguarding-not-met");
    elig_result_free(&r);

    /* leadership and governance urgent improvement: intervention */
    static const EligArea lg_urgent[] = {{"Leadership and Governance", RC_URGENT_IMPROVEMENT}};
    EligInspection h2[] = {prev_good, card(100, D(2025, 10, 1), lg_urgent, N(lg_urgent), 1)};
    s = academy(h2, N(h2));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_INTERVENTION);
    assert_string_equal(r.rule, "rise.intervention.leadership-urgent");
    elig_result_free(&r);

    /* needs attention with the previous below good: targeted (stuck) */
    static const EligArea lg_needs[] = {{"leadership and governance", RC_NEEDS_ATTENTION},
                                        {"achievement", RC_EXPECTED_STANDARD}};
    EligInspection h3[] = {prev_ri, card(100, D(2025, 10, 1), lg_needs, N(lg_needs), 1)};
    s = maintained(h3, N(h3));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_TARGETED);
    assert_string_equal(r.rule, "rise.targeted.stuck-report-card");
    assert_int_equal(r.n_used, 2);
    elig_result_free(&r);

    /* ... with the previous good: universal */
    EligInspection h4[] = {prev_good, card(100, D(2025, 10, 1), lg_needs, N(lg_needs), 1)};
    s = maintained(h4, N(h4));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    elig_result_free(&r);

    /* ... with the previous a report card whose leadership needed attention: stuck */
    EligInspection h5[] = {card(100, D(2025, 9, 20), lg_needs, N(lg_needs), 1),
                           card(100, D(2025, 10, 30), lg_needs, N(lg_needs), 1)};
    s = maintained(h5, N(h5));
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.targeted.stuck-report-card");
    elig_result_free(&r);

    /* another area urgent improvement: targeted */
    static const EligArea attendance[] = {{"leadership and governance", RC_EXPECTED_STANDARD},
                                          {"attendance and behaviour", RC_URGENT_IMPROVEMENT}};
    EligInspection h6[] = {prev_good, card(100, D(2025, 10, 1), attendance, N(attendance), 1)};
    s = maintained(h6, N(h6));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_TARGETED);
    assert_string_equal(r.rule, "rise.targeted.area-urgent");
    assert_non_null(strstr(r.reason, "attendance and behaviour"));
    char text[256];
    elig_describe(&r.used[0].in, text, sizeof text);
    assert_string_equal(text, "1 October 2025, report card: leadership and governance expected standard,"
                              " attendance and behaviour urgent improvement, safeguarding met (URN 100)");
    elig_result_free(&r);

    /* a report card with no safeguarding or leadership recorded: what is missing is said */
    EligInspection h7[] = {card(100, D(2025, 10, 1), NULL, 0, -1)};
    s = maintained(h7, N(h7));
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    assert_int_equal(r.n_missing, 2);
    elig_result_free(&r);
}

/* R6: no inspection at all: universal, with the gap said. */
static void no_inspection_is_universal(void **state)
{
    (void)state;
    EligSchool s = maintained(NULL, 0);
    EligResult r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    assert_string_equal(r.rule, "rise.universal.no-inspection");
    assert_int_equal(r.n_missing, 1);
    elig_result_free(&r);
}

/* R7: Welsh, closed and not-yet-open schools are not suggested a category. */
static void out_of_scope(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2024, 3, 5), 4, CATEGORY_SPECIAL_MEASURES)};
    EligSchool s = maintained(h, N(h));
    s.la_code = "681";
    EligResult r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "scope.welsh");
    elig_result_free(&r);
    s = maintained(h, N(h));
    s.closed = D(2025, 8, 31);
    s.status = "Closed";
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "scope.closed");
    elig_result_free(&r);
    s = maintained(h, N(h));
    s.opened = D(2025, 11, 2);
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "scope.not-open");
    elig_result_free(&r);
}

/* Report cards from the database: the judgements JSON the importer writes. */
static void report_cards_through_the_loader(void **state)
{
    (void)state;
    char path[256], err[256];
    snprintf(path, sizeof path, "/tmp/rise-rise-unit-%d.db", (int)getpid());
    unlink(path);
    Db *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    char *msg = NULL;
    int rc = sqlite3_exec(
        db_handle(db),
        "INSERT INTO schools (urn, name, type_group, type_name, status, region) VALUES"
        " (1, 'One', 'Academies', 'Academy converter', 'Open', 'London'),"
        " (2, 'Two', 'Local authority maintained schools', 'Community school', 'Open', 'London');"
        "INSERT INTO inspections (urn, inspection_date, kind, overall, category, judgements, source) VALUES"
        " (1, '2021-03-01', 'graded', 3, NULL, NULL, 't'),"
        " (1, '2025-11-20', 'report-card', NULL, NULL,"
        "  '{\"achievement\":\"Expected standard\",\"leadership and governance\":\"Needs attention\","
        "\"safeguarding\":\"met\"}', 't'),"
        " (2, '2025-11-21', 'report-card', NULL, NULL,"
        "  '{\"leadership and governance\":\"Strong standard\",\"safeguarding\":\"not met\"}', 't');",
        NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s\n", msg);
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
    EligData data;
    assert_int_equal(elig_data_load(db, &data, err, sizeof err), 0);
    EligResult r = suggest(elig_data_school(&data, 1), D(2025, 12, 1));
    assert_string_equal(r.rule, "rise.targeted.stuck-report-card");
    assert_int_equal(elig_rc_area(&r.used[0].in, "achievement"), RC_EXPECTED_STANDARD);
    assert_int_equal(r.used[0].in.safeguarding, 1);
    elig_result_free(&r);
    r = suggest(elig_data_school(&data, 2), D(2025, 12, 1));
    assert_string_equal(r.rule, "rise.intervention.safeguarding-not-met");
    elig_result_free(&r);
    elig_data_free(&data);
    db_close(db);
    unlink(path);
    char p[300];
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* A graded inspection without a headline grade ("Not judged", 2024/25). */
static EligInspection nj(int64_t urn, Date d, int quality, int leadership, const char *category)
{
    return (EligInspection){.urn = urn, .date = d, .grade = 0, .no_headline = 1, .quality = (signed char)quality,
                            .leadership = (signed char)leadership, .category = category, .safeguarding = -1};
}

/*
 * R8: DfE "treats a sub-judgement of Requires Improvement for leadership and
 * management and/or quality of education for a school inspected in 2024/25
 * academic year as equivalent to a previous single headline grade of
 * Requires Improvement"; a category counts as grade 4 (E1), an inadequate
 * sub-judgement without a category as grade 3 (E3), otherwise good (E4).
 */
static void no_headline_grade(void **state)
{
    (void)state;
    EligInspection prev_ri = g(100, D(2022, 3, 1), 3, NULL), prev_good = g(100, D(2022, 3, 1), 2, NULL);
    /* E2: quality of education RI, previous RI: stuck, and the evidence says how */
    EligInspection h1[] = {prev_ri, nj(100, D(2024, 11, 19), 3, 2, NULL)};
    EligSchool s = maintained(h1, N(h1));
    EligResult r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.targeted.stuck");
    assert_int_equal(rise_is_stuck(&r), 2);
    assert_non_null(strstr(r.reason, "or equivalent"));
    char text[400];
    elig_describe(&r.used[0].in, text, sizeof text);
    assert_string_equal(text, "19 November 2024: no headline grade; quality of education Requires improvement,"
                              " leadership and management Good: requires improvement, which DfE treats as a grade 3"
                              " (URN 100)");
    elig_result_free(&r);
    /* leadership and management RI alone is enough */
    EligInspection h2[] = {prev_ri, nj(100, D(2024, 11, 19), 2, 3, NULL)};
    s = maintained(h2, N(h2));
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.targeted.stuck");
    elig_result_free(&r);
    /* E4: both good, previous RI: not stuck, universal */
    EligInspection h3[] = {prev_ri, nj(100, D(2024, 11, 19), 2, 1, NULL)};
    s = maintained(h3, N(h3));
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.universal.good-or-better");
    assert_int_equal(rise_is_stuck(&r), 0);
    elig_result_free(&r);
    /* E2 with a good previous inspection: RI once is not stuck */
    EligInspection h4[] = {prev_good, nj(100, D(2024, 11, 19), 3, 3, NULL)};
    s = maintained(h4, N(h4));
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.universal.single-ri");
    elig_result_free(&r);
    /* E1: special measures without a headline grade: a maintained school is intervention */
    EligInspection h5[] = {prev_good, nj(100, D(2024, 11, 19), 4, 4, CATEGORY_SPECIAL_MEASURES)};
    s = maintained(h5, N(h5));
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.intervention.special-measures-maintained");
    elig_result_free(&r);
    /* E3: inadequate quality of education without a category counts as RI or equivalent */
    EligInspection h6[] = {prev_ri, nj(100, D(2024, 11, 19), 4, 2, NULL)};
    s = maintained(h6, N(h6));
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.targeted.stuck");
    elig_describe(&r.used[0].in, text, sizeof text);
    assert_non_null(strstr(text, "inadequate without a category of concern, counted as grade 3"));
    elig_result_free(&r);
    /* E5: no sub-judgement recorded: good, and said to be missing */
    EligInspection h7[] = {prev_ri, nj(100, D(2024, 11, 19), 0, 0, NULL)};
    s = maintained(h7, N(h7));
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.universal.good-or-better");
    assert_int_equal(r.n_missing, 1);
    elig_result_free(&r);
    /* the previous inspection can be the one without a headline grade too */
    EligInspection h8[] = {nj(100, D(2024, 10, 1), 3, 3, NULL), g(100, D(2025, 6, 1), 3, NULL)};
    s = maintained(h8, N(h8));
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "rise.targeted.stuck");
    assert_int_equal(rise_is_stuck(&r), 1);
    elig_result_free(&r);
}

/* R9: with count_from_publication, an inspection counts from the day its report is published. */
static void count_from_publication(void **state)
{
    (void)state;
    EligInspection latest = g(100, D(2025, 2, 4), 3, NULL);
    latest.published = D(2025, 3, 12);
    EligInspection h[] = {g(100, D(2022, 3, 1), 3, NULL), latest};
    EligSchool s = maintained(h, N(h));
    RiseParams p;
    elig_params_clear(RISE_PARAMS, RISE_N_PARAMS, &p);
    p.count_from_publication = 1;
    EligResult r;
    rise_suggest(&s, &p, D(2025, 2, 28), &r); /* started, not yet published */
    assert_string_equal(r.rule, "rise.universal.single-ri");
    assert_int_equal(r.used[0].in.date, D(2022, 3, 1));
    elig_result_free(&r);
    rise_suggest(&s, &p, D(2025, 3, 12), &r);
    assert_string_equal(r.rule, "rise.targeted.stuck");
    elig_result_free(&r);
    p.count_from_publication = 0; /* from the start date */
    rise_suggest(&s, &p, D(2025, 2, 28), &r);
    assert_string_equal(r.rule, "rise.targeted.stuck");
    elig_result_free(&r);
}

/* R10: 16 to 19 academies are inspected as further education: no category. */
static void further_education(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2019, 3, 1), 3, NULL), g(100, D(2023, 3, 1), 3, NULL)};
    EligSchool s = academy(h, N(h));
    s.type_name = "Academy 16-19 converter";
    EligResult r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_NONE);
    assert_string_equal(r.rule, "rise.scope.16-19");
    elig_result_free(&r);
}

/* S3-S5: GIAS's statuses win over its planned dates; a school replaced by an
   open successor is not counted beside it. */
static void scope_pending_changes(void **state)
{
    (void)state;
    EligInspection h[] = {g(100, D(2022, 3, 1), 2, NULL)};
    EligSchool s = maintained(h, N(h));
    s.status = "Proposed to open";
    s.opened = D(2025, 4, 1);
    EligResult r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "scope.not-open");
    elig_result_free(&r);
    s.ofsted_lists = 1; /* ... unless Ofsted's management information lists it as open */
    s.ofsted_listed = D(2025, 7, 15);
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    elig_result_free(&r);
    s = maintained(h, N(h));
    s.status = "Open, but proposed to close";
    s.closed = D(2025, 3, 31);
    r = suggest(&s, AS_AT); /* the planned closure stands ... */
    assert_string_equal(r.rule, "scope.closed");
    elig_result_free(&r);
    s.ofsted_lists = 1; /* ... but Ofsted lists the school as open in July: the plan did not happen */
    s.ofsted_listed = D(2025, 7, 15);
    r = suggest(&s, AS_AT);
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    elig_result_free(&r);
    s.closed = D(2025, 8, 31); /* a plan after Ofsted's last word stands */
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "scope.closed");
    elig_result_free(&r);
    s = maintained(h, N(h));
    s.replaced = D(2025, 4, 1);
    s.replaced_by = 151400;
    r = suggest(&s, AS_AT);
    assert_string_equal(r.rule, "scope.replaced");
    assert_non_null(strstr(r.reason, "151400"));
    elig_result_free(&r);
    r = suggest(&s, D(2025, 3, 31)); /* the day before the successor opened */
    assert_int_equal(r.outcome, ELIG_UNIVERSAL);
    elig_result_free(&r);
}

/* The real management information through the importer and the loader:
   100722's 2024/25 inspection has no headline grade and RI sub-judgements. */
static void not_judged_through_the_loader(void **state)
{
    (void)state;
    char path[256], err[256], fx[512];
    snprintf(path, sizeof path, "/tmp/rise-rise-nj-%d.db", (int)getpid());
    unlink(path);
    Db *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    const char *src = getenv("RISE_SOURCE_DIR");
    snprintf(fx, sizeof fx, "%s/tests/fixtures/ofsted/mi_2025_excerpt.csv", src ? src : ".");
    ImportOptions o = {0};
    ImportResult res;
    assert_int_equal(import_file(db, IMPORT_OFSTED, fx, &o, &res), 0);
    assert_int_equal(sqlite3_exec(db_handle(db),
                                  "INSERT INTO schools (urn, name, type_group, type_name, status, region) VALUES"
                                  " (100722, 'A', 'Local authority maintained schools', 'Community school',"
                                  " 'Open', 'London'), (102861, 'B', 'Local authority maintained schools',"
                                  " 'Community school', 'Open', 'London')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    EligData data;
    assert_int_equal(elig_data_load(db, &data, err, sizeof err), 0);
    EligResult r = suggest(elig_data_school(&data, 100722), AS_AT);
    assert_string_equal(r.rule, "rise.universal.single-ri"); /* RI-equivalent, previous good (2011) */
    assert_int_equal(r.used[0].in.equivalence, INSP_EQ_RI);
    assert_int_equal(r.used[0].in.published, D(2025, 3, 2));
    elig_result_free(&r);
    r = suggest(elig_data_school(&data, 102861), AS_AT); /* RI 2024 after RI 2021 */
    assert_string_equal(r.rule, "rise.targeted.stuck");
    elig_result_free(&r);
    elig_data_free(&data);
    db_close(db);
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(constants),
        cmocka_unit_test(special_measures_maintained_vs_academy),
        cmocka_unit_test(serious_weaknesses_is_targeted),
        cmocka_unit_test(inadequate_without_category),
        cmocka_unit_test(stuck_graded),
        cmocka_unit_test(latest_of_either_kind),
        cmocka_unit_test(report_card_rules),
        cmocka_unit_test(no_inspection_is_universal),
        cmocka_unit_test(out_of_scope),
        cmocka_unit_test(report_cards_through_the_loader),
        cmocka_unit_test(no_headline_grade),
        cmocka_unit_test(count_from_publication),
        cmocka_unit_test(further_education),
        cmocka_unit_test(scope_pending_changes),
        cmocka_unit_test(not_judged_through_the_loader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
