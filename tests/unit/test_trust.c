/*
 * test_trust.c - a trust's schools since joining (domain/trust.c): the
 * share of schools RI or worse since joining and the SI score, clause by
 * clause of DOMAIN.md section 2 and the interpretations written in trust.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/trust.h"

#include <string.h>

#define D(y, m, d) date_from_ymd((y), (m), (d))
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const Date AS_AT = 19236; /* 1 September 2022, checked below */

static TrustMember member(int64_t urn, Date joined, const TrustInspection *insp, size_t n)
{
    return (TrustMember){.urn = urn, .name = "A school", .joined = joined, .left = DATE_NONE,
                         .inspections = insp, .n_inspections = n};
}

static void as_at_constant_is_1_september_2022(void **state)
{
    (void)state;
    assert_int_equal(AS_AT, D(2022, 9, 1));
}

/* +1 if the latest since joining is better than the last before joining. */
static void improvement_counts_plus_one(void **state)
{
    (void)state;
    TrustInspection h[] = {{1, D(2015, 3, 1), 3, NULL}, {1, D(2019, 5, 1), 2, NULL}};
    TrustMember m[] = {member(1, D(2017, 9, 1), h, N(h))};
    TrustResult r;
    assert_int_equal(trust_assess(m, N(m), AS_AT, &r), 0);
    assert_int_equal(r.si_score, 1);
    assert_int_equal(r.si_counted, 1);
    assert_int_equal(r.improved, 1);
    assert_int_equal(r.schools[0].left_out, TRUST_COUNTED);
    assert_int_equal(r.schools[0].contribution, 1);
    assert_int_equal(r.schools[0].before.grade, 3);
    assert_int_equal(r.schools[0].before.date, D(2015, 3, 1));
    assert_int_equal(r.schools[0].since.grade, 2);
    assert_int_equal(r.schools[0].since.date, D(2019, 5, 1));
    trust_result_free(&r);
}

/* -1 if worse; the score is the sum, and below 0 is a decline. */
static void decline_counts_minus_one_and_sums(void **state)
{
    (void)state;
    TrustInspection a[] = {{1, D(2014, 1, 10), 2, NULL}, {1, D(2018, 1, 10), 4, "special measures"}};
    TrustInspection b[] = {{2, D(2013, 1, 10), 2, NULL}, {2, D(2019, 1, 10), 3, NULL}};
    TrustMember m[] = {member(1, D(2016, 1, 1), a, N(a)), member(2, D(2016, 1, 1), b, N(b))};
    TrustResult r;
    assert_int_equal(trust_assess(m, N(m), AS_AT, &r), 0);
    assert_int_equal(r.si_score, -2);
    assert_int_equal(r.declined, 2);
    assert_int_equal(r.schools[0].contribution, -1);
    assert_string_equal(r.schools[0].since.category, "special measures");
    trust_result_free(&r);
}

/* An SI score of zero: one better and one worse cancel; equal grades add 0. */
static void si_score_of_zero(void **state)
{
    (void)state;
    TrustInspection up[] = {{1, D(2012, 1, 1), 3, NULL}, {1, D(2019, 1, 1), 2, NULL}};
    TrustInspection down[] = {{2, D(2012, 1, 1), 1, NULL}, {2, D(2019, 1, 1), 2, NULL}};
    TrustInspection same[] = {{3, D(2012, 1, 1), 2, NULL}, {3, D(2019, 1, 1), 2, NULL}};
    TrustMember m[] = {member(1, D(2015, 1, 1), up, 2), member(2, D(2015, 1, 1), down, 2),
                       member(3, D(2015, 1, 1), same, 2)};
    TrustResult r;
    assert_int_equal(trust_assess(m, N(m), AS_AT, &r), 0);
    assert_int_equal(r.si_score, 0);
    assert_int_equal(r.si_counted, 3);
    assert_int_equal(r.improved, 1);
    assert_int_equal(r.declined, 1);
    assert_int_equal(r.unchanged, 1);
    assert_int_equal(r.schools[2].contribution, 0);
    trust_result_free(&r);
}

/* The latest since joining against the last before joining, not the first. */
static void latest_since_against_last_before(void **state)
{
    (void)state;
    TrustInspection h[] = {
        {1, D(2019, 6, 1), 3, NULL}, /* since, the latest: compared */
        {1, D(2009, 1, 1), 4, NULL}, /* before, older: ignored */
        {1, D(2017, 6, 1), 1, NULL}, /* since, older: ignored */
        {1, D(2012, 1, 1), 2, NULL}, /* before, the last: compared */
    };
    TrustMember m[] = {member(1, D(2016, 1, 1), h, N(h))};
    TrustResult r;
    assert_int_equal(trust_assess(m, 1, AS_AT, &r), 0);
    assert_int_equal(r.schools[0].before.date, D(2012, 1, 1));
    assert_int_equal(r.schools[0].since.date, D(2019, 6, 1));
    assert_int_equal(r.schools[0].contribution, -1);
    trust_result_free(&r);
}

/* A school with no history is left out of both measures, and listed. */
static void school_with_no_history(void **state)
{
    (void)state;
    TrustMember m[] = {member(7, D(2016, 1, 1), NULL, 0)};
    TrustResult r;
    assert_int_equal(trust_assess(m, 1, AS_AT, &r), 0);
    assert_int_equal(r.members, 1);
    assert_int_equal(r.si_counted, 0);
    assert_int_equal(r.si_left_out, 1);
    assert_int_equal(r.inspected_since, 0);
    assert_int_equal(r.schools[0].left_out, TRUST_NO_HISTORY);
    assert_string_equal(trust_left_out_reason(r.schools[0].left_out), "no graded inspection on record");
    trust_result_free(&r);
}

/* "Schools without both are left out and listed": the two reasons. */
static void without_both_left_out_with_reason(void **state)
{
    (void)state;
    TrustInspection only_before[] = {{1, D(2012, 1, 1), 2, NULL}};
    TrustInspection only_since[] = {{2, D(2019, 1, 1), 4, NULL}};
    TrustMember m[] = {member(1, D(2016, 1, 1), only_before, 1), member(2, D(2016, 1, 1), only_since, 1)};
    TrustResult r;
    assert_int_equal(trust_assess(m, N(m), AS_AT, &r), 0);
    assert_int_equal(r.si_counted, 0);
    assert_int_equal(r.si_left_out, 2);
    assert_string_equal(trust_left_out_reason(r.schools[0].left_out), "no inspection since joining");
    assert_string_equal(trust_left_out_reason(r.schools[1].left_out), "no inspection before joining");
    /* the working still shows what there was */
    assert_true(r.schools[0].has_before);
    assert_false(r.schools[0].has_since);
    assert_true(r.schools[1].has_since);
    /* the second is inspected since joining, so it is in the share */
    assert_int_equal(r.inspected_since, 1);
    assert_int_equal(r.ri_or_worse, 1);
    trust_result_free(&r);
}

/* A predecessor's inspection before joining counts as "before" (History). */
static void predecessor_inspection_counts_as_before(void **state)
{
    (void)state;
    /* academy 200 replaced maintained school 100 on the day it joined */
    TrustInspection h[] = {{100, D(2013, 5, 1), 4, "special measures"}, {200, D(2018, 5, 1), 2, NULL}};
    TrustMember m[] = {member(200, D(2014, 9, 1), h, N(h))};
    TrustResult r;
    assert_int_equal(trust_assess(m, 1, AS_AT, &r), 0);
    assert_int_equal(r.schools[0].left_out, TRUST_COUNTED);
    assert_int_equal(r.schools[0].before.urn, 100);
    assert_int_equal(r.schools[0].since.urn, 200);
    assert_int_equal(r.schools[0].contribution, 1);
    trust_result_free(&r);
}

/* Decided: an inspection on the joining date counts as since joining. */
static void inspection_on_joining_date_is_since_joining(void **state)
{
    (void)state;
    TrustInspection h[] = {{1, D(2016, 1, 1), 3, NULL}};
    TrustMember m[] = {member(1, D(2016, 1, 1), h, 1)};
    TrustResult r;
    assert_int_equal(trust_assess(m, 1, AS_AT, &r), 0);
    assert_true(r.schools[0].has_since);
    assert_false(r.schools[0].has_before);
    assert_int_equal(r.schools[0].left_out, TRUST_NONE_BEFORE_JOINING);
    assert_int_equal(r.inspected_since, 1);
    assert_int_equal(r.ri_or_worse, 1);
    /* and the day before is before joining */
    TrustInspection h2[] = {{1, D(2015, 12, 31), 3, NULL}};
    TrustMember m2[] = {member(1, D(2016, 1, 1), h2, 1)};
    TrustResult r2;
    assert_int_equal(trust_assess(m2, 1, AS_AT, &r2), 0);
    assert_true(r2.schools[0].has_before);
    assert_int_equal(r2.schools[0].left_out, TRUST_NONE_SINCE_JOINING);
    trust_result_free(&r);
    trust_result_free(&r2);
}

/* The share: only schools inspected since joining count; 3 and 4 are RI or
   worse; the latest since joining decides. */
static void share_counts_only_schools_inspected_since_joining(void **state)
{
    (void)state;
    TrustInspection ri[] = {{1, D(2018, 1, 1), 3, NULL}};
    TrustInspection inadequate[] = {{2, D(2018, 1, 1), 4, "serious weaknesses"}};
    TrustInspection recovered[] = {{3, D(2017, 1, 1), 4, NULL}, {3, D(2020, 1, 1), 2, NULL}};
    TrustInspection good[] = {{4, D(2018, 1, 1), 2, NULL}};
    TrustInspection before_only[] = {{5, D(2010, 1, 1), 4, NULL}};
    TrustMember m[] = {member(1, D(2016, 1, 1), ri, 1), member(2, D(2016, 1, 1), inadequate, 1),
                       member(3, D(2016, 1, 1), recovered, 2), member(4, D(2016, 1, 1), good, 1),
                       member(5, D(2016, 1, 1), before_only, 1), member(6, D(2016, 1, 1), NULL, 0)};
    TrustResult r;
    assert_int_equal(trust_assess(m, N(m), AS_AT, &r), 0);
    assert_int_equal(r.members, 6);
    assert_int_equal(r.inspected_since, 4);
    assert_int_equal(r.ri_or_worse, 2); /* exactly half */
    assert_true(r.schools[0].ri_or_worse);
    assert_true(r.schools[1].ri_or_worse);
    assert_false(r.schools[2].ri_or_worse);
    assert_false(r.schools[4].in_share);
    assert_false(r.schools[5].in_share);
    trust_result_free(&r);
}

/* As at D: later inspections are not yet known. */
static void inspections_after_the_date_are_ignored(void **state)
{
    (void)state;
    TrustInspection h[] = {{1, D(2012, 1, 1), 2, NULL}, {1, D(2022, 9, 2), 4, NULL}};
    TrustMember m[] = {member(1, D(2016, 1, 1), h, N(h))};
    TrustResult r;
    assert_int_equal(trust_assess(m, 1, AS_AT, &r), 0);
    assert_int_equal(r.schools[0].left_out, TRUST_NONE_SINCE_JOINING);
    assert_int_equal(r.inspected_since, 0);
    trust_result_free(&r);
    /* on the date itself it is known */
    h[1].date = AS_AT;
    assert_int_equal(trust_assess(m, 1, AS_AT, &r), 0);
    assert_int_equal(r.schools[0].contribution, -1);
    trust_result_free(&r);
}

/* Only schools in the trust on the date count; the rest are listed. */
static void only_members_on_the_date_count(void **state)
{
    (void)state;
    TrustInspection h[] = {{1, D(2012, 1, 1), 2, NULL}, {1, D(2019, 1, 1), 4, NULL}};
    TrustMember m[] = {member(1, D(2023, 1, 1), h, 2), member(2, D(2016, 1, 1), h, 2),
                       member(3, D(2016, 1, 1), h, 2), member(4, DATE_NONE, h, 2)};
    m[1].left = D(2021, 4, 1); /* left before */
    m[2].left = AS_AT;         /* left on the date: in the next trust from that day */
    TrustResult r;
    assert_int_equal(trust_assess(m, N(m), AS_AT, &r), 0);
    assert_int_equal(r.schools[0].left_out, TRUST_JOINED_LATER);
    assert_int_equal(r.schools[1].left_out, TRUST_HAD_LEFT);
    assert_int_equal(r.schools[2].left_out, TRUST_HAD_LEFT);
    assert_int_equal(r.schools[3].left_out, TRUST_NO_JOINED_DATE);
    assert_false(r.schools[0].member_on_date);
    assert_true(r.schools[3].member_on_date);
    assert_int_equal(r.members, 1);
    assert_int_equal(r.si_counted, 0);
    assert_int_equal(r.si_left_out, 1);
    assert_int_equal(r.inspected_since, 0);
    assert_string_equal(trust_left_out_reason(TRUST_NO_JOINED_DATE), "date joined not recorded");
    trust_result_free(&r);
}

/* Ungraded entries (0, "insufficient evidence") are not judgements. */
static void ungraded_entries_are_ignored(void **state)
{
    (void)state;
    TrustInspection h[] = {{1, D(2012, 1, 1), 0, NULL}, {1, D(2019, 1, 1), 2, NULL}, {1, D(2020, 1, 1), 0, NULL}};
    TrustMember m[] = {member(1, D(2016, 1, 1), h, N(h))};
    TrustResult r;
    assert_int_equal(trust_assess(m, 1, AS_AT, &r), 0);
    assert_int_equal(r.schools[0].left_out, TRUST_NONE_BEFORE_JOINING);
    assert_int_equal(r.schools[0].since.date, D(2019, 1, 1));
    trust_result_free(&r);
}

/* Two judgements on one day: the school's own wins, then the worse grade. */
static void same_day_prefers_own_then_worse(void **state)
{
    (void)state;
    TrustInspection h[] = {{9, D(2019, 1, 1), 1, NULL}, {1, D(2019, 1, 1), 3, NULL}, {1, D(2012, 1, 1), 2, NULL}};
    TrustMember m[] = {member(1, D(2016, 1, 1), h, N(h))};
    TrustResult r;
    assert_int_equal(trust_assess(m, 1, AS_AT, &r), 0);
    assert_int_equal(r.schools[0].since.urn, 1);
    assert_int_equal(r.schools[0].since.grade, 3);
    trust_result_free(&r);
    TrustInspection h2[] = {{1, D(2019, 1, 1), 2, NULL}, {1, D(2019, 1, 1), 4, NULL}};
    TrustMember m2[] = {member(1, D(2016, 1, 1), h2, N(h2))};
    assert_int_equal(trust_assess(m2, 1, AS_AT, &r), 0);
    assert_int_equal(r.schools[0].since.grade, 4);
    trust_result_free(&r);
}

/* "at least 2 schools that joined on or before 1 Sept 2019" for D = 1 Sept 2022. */
static void schools_in_the_trust_three_years(void **state)
{
    (void)state;
    TrustMember m[] = {member(1, D(2019, 9, 1), NULL, 0), member(2, D(2019, 9, 2), NULL, 0),
                       member(3, D(2010, 1, 1), NULL, 0)};
    TrustResult r;
    assert_int_equal(trust_assess(m, N(m), AS_AT, &r), 0);
    assert_int_equal(r.in_trust_3_years, 2);
    trust_result_free(&r);
    assert_int_equal(trust_three_years_before(D(2024, 2, 29)), D(2021, 2, 28));
    assert_int_equal(trust_three_years_before(AS_AT), D(2019, 9, 1));
}

static void empty_trust(void **state)
{
    (void)state;
    TrustResult r;
    assert_int_equal(trust_assess(NULL, 0, AS_AT, &r), 0);
    assert_int_equal(r.members, 0);
    assert_int_equal(r.si_score, 0);
    assert_null(r.schools);
    trust_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(as_at_constant_is_1_september_2022),
        cmocka_unit_test(improvement_counts_plus_one),
        cmocka_unit_test(decline_counts_minus_one_and_sums),
        cmocka_unit_test(si_score_of_zero),
        cmocka_unit_test(latest_since_against_last_before),
        cmocka_unit_test(school_with_no_history),
        cmocka_unit_test(without_both_left_out_with_reason),
        cmocka_unit_test(predecessor_inspection_counts_as_before),
        cmocka_unit_test(inspection_on_joining_date_is_since_joining),
        cmocka_unit_test(share_counts_only_schools_inspected_since_joining),
        cmocka_unit_test(inspections_after_the_date_are_ignored),
        cmocka_unit_test(only_members_on_the_date_count),
        cmocka_unit_test(ungraded_entries_are_ignored),
        cmocka_unit_test(same_day_prefers_own_then_worse),
        cmocka_unit_test(schools_in_the_trust_three_years),
        cmocka_unit_test(empty_trust),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
