/*
 * test_responsible_body.c - a school's responsible body from its GIAS type
 * (domain/responsible_body.c). Issue 10 item 14: "For every maintained
 * school (community, foundation, voluntary aided or controlled, and their
 * special schools) the responsible body is the local authority; for an
 * academy, its trust."
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/responsible_body.h"

/* Every establishment type in GIAS's July 2025 download, with its group. */
static const struct {
    const char *group, *type;
    ResponsibleBodyKind want;
} GIAS[] = {
    {"Local authority maintained schools", "Community school", RB_LOCAL_AUTHORITY},
    {"Local authority maintained schools", "Foundation school", RB_LOCAL_AUTHORITY},
    {"Local authority maintained schools", "Voluntary aided school", RB_LOCAL_AUTHORITY},
    {"Local authority maintained schools", "Voluntary controlled school", RB_LOCAL_AUTHORITY},
    {"Local authority maintained schools", "Local authority nursery school", RB_LOCAL_AUTHORITY},
    {"Local authority maintained schools", "Pupil referral unit", RB_LOCAL_AUTHORITY},
    {"Special schools", "Community special school", RB_LOCAL_AUTHORITY},
    {"Special schools", "Foundation special school", RB_LOCAL_AUTHORITY},
    {"Special schools", "Non-maintained special school", RB_NONE},
    {"Special schools", "Other independent special school", RB_NONE},
    {"Academies", "Academy converter", RB_TRUST},
    {"Academies", "Academy sponsor led", RB_TRUST},
    {"Academies", "Academy special converter", RB_TRUST},
    {"Academies", "Academy special sponsor led", RB_TRUST},
    {"Academies", "Academy alternative provision converter", RB_TRUST},
    {"Academies", "Academy alternative provision sponsor led", RB_TRUST},
    {"Academies", "Academy 16-19 converter", RB_TRUST},
    {"Academies", "Academy 16 to 19 sponsor led", RB_TRUST},
    {"Academies", "Academy secure 16 to 19", RB_TRUST},
    {"Free Schools", "Free schools", RB_TRUST},
    {"Free Schools", "Free schools special", RB_TRUST},
    {"Free Schools", "Free schools alternative provision", RB_TRUST},
    {"Free Schools", "Free schools 16 to 19", RB_TRUST},
    {"Free Schools", "Studio schools", RB_TRUST},
    {"Free Schools", "University technical college", RB_TRUST},
    {"Independent schools", "Other independent school", RB_NONE},
    {"Independent schools", "City technology college", RB_NONE},
    {"Colleges", "Further education", RB_NONE},
    {"Colleges", "Sixth form centres", RB_NONE},
    {"Welsh schools", "Welsh establishment", RB_NONE},
    {"Other types", "Secure units", RB_NONE},
};

static void every_gias_type(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof GIAS / sizeof GIAS[0]; i++) {
        ResponsibleBodyKind got = responsible_body_kind(GIAS[i].type, GIAS[i].group);
        if (got != GIAS[i].want)
            fail_msg("%s: got %d, want %d", GIAS[i].type, got, GIAS[i].want);
    }
}

/* The bug: "a foundation school maintained by the local authority shows its
   foundation trust". GIAS lists the foundation trust in "Trusts (name)". */
static void foundation_school_is_the_local_authoritys(void **state)
{
    (void)state;
    ResponsibleBody rb =
        responsible_body("Foundation school", "Local authority maintained schools", "Bolton", "Bolton Learning Trust");
    assert_int_equal(rb.kind, RB_LOCAL_AUTHORITY);
    assert_string_equal(rb.name, "Bolton");
    rb = responsible_body("Voluntary aided school", "Local authority maintained schools", "Lancashire",
                          "Diocese of Blackburn Trust");
    assert_string_equal(rb.name, "Lancashire");
    rb = responsible_body("Foundation special school", "Special schools", "Bolton", "A Foundation Trust");
    assert_string_equal(rb.name, "Bolton");
}

/* "for an academy, its trust". */
static void academy_is_its_trusts(void **state)
{
    (void)state;
    ResponsibleBody rb = responsible_body("Academy converter", "Academies", "Bolton", "Valley Multi Academy Trust");
    assert_int_equal(rb.kind, RB_TRUST);
    assert_string_equal(rb.name, "Valley Multi Academy Trust");
    /* never the local authority, even when GIAS names no trust */
    rb = responsible_body("Academy sponsor led", "Academies", "Bolton", "");
    assert_int_equal(rb.kind, RB_TRUST);
    assert_null(rb.name);
}

/* A type GIAS adds later goes by its group; any case is accepted. */
static void unknown_type_goes_by_its_group(void **state)
{
    (void)state;
    assert_int_equal(responsible_body_kind("Academy new kind", "Academies"), RB_TRUST);
    assert_int_equal(responsible_body_kind("New maintained type", "Local authority maintained schools"),
                     RB_LOCAL_AUTHORITY);
    assert_int_equal(responsible_body_kind("FOUNDATION SCHOOL", NULL), RB_LOCAL_AUTHORITY);
    assert_int_equal(responsible_body_kind(NULL, NULL), RB_NONE);
    ResponsibleBody rb = responsible_body("Non-maintained special school", "Special schools", "Bolton", "X");
    assert_int_equal(rb.kind, RB_NONE);
    assert_null(rb.name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_gias_type),
        cmocka_unit_test(foundation_school_is_the_local_authoritys),
        cmocka_unit_test(academy_is_its_trusts),
        cmocka_unit_test(unknown_type_goes_by_its_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
