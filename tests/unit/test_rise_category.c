/*
 * test_rise_category.c - the RISE category suggestion (domain/rise.c) on
 * hand-built histories of graded inspections and report cards, one test per
 * interpretation written there (R1-R7); then report cards read back from the
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

#include <stdio.h>
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
    assert_string_equal(text, "2025-10-01 report card: leadership and governance expected standard,"
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
