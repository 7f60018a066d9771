/*
 * test_inspections.c - one inspection, whatever the files that report it
 * (domain/inspections.c): each clause of the matching rule M1-M4 by its id,
 * the same answer for any order of the sightings, and the table of DfE's
 * rule for inspections without a headline grade (E1-E5), each quoting the
 * sentence it implements.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/grades.h"
#include "domain/inspections.h"

#include <stdlib.h>
#include <string.h>

#define D(y, m, d) date_from_ymd((y), (m), (d))
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A line of predecessors: 200 replaced 100 (100 is 200's predecessor); 300 is unrelated. */
static int lineage(void *ctx, int64_t school, int64_t earlier)
{
    (void)ctx;
    return school == earlier || (school == 200 && earlier == 100);
}

static InspSighting mi(int64_t urn, Date d, InspKind k, const char *number)
{
    return (InspSighting){.urn = urn, .start = d, .kind = k, .source = INSP_SRC_MI, .number = number};
}

static InspSighting hist(int64_t urn, Date d)
{
    return (InspSighting){.urn = urn, .start = d, .kind = INSP_GRADED, .source = INSP_SRC_HISTORY};
}

static InspSighting gias(int64_t urn, Date d)
{
    return (InspSighting){.urn = urn, .start = d, .kind = INSP_ANY, .source = INSP_SRC_GIAS};
}

static size_t merge(InspSighting *s, size_t n, const InspCoverage *cov, size_t ncov, InspMerged **m)
{
    return insp_merge(s, n, cov, ncov, lineage, NULL, m);
}

/* M1: "two sightings with the same Ofsted inspection number are one
   inspection; two with different numbers never are". */
static void same_number(void **state)
{
    (void)state;
    /* an ungraded inspection that converted keeps the graded one's number, dates apart */
    InspSighting s[] = {mi(100, D(2023, 5, 25), INSP_GRADED, "10293223"), mi(100, D(2023, 6, 7), INSP_UNGRADED, "10293223")};
    InspMerged *m;
    assert_int_equal(merge(s, N(s), NULL, 0, &m), 1);
    assert_int_equal(m[0].kind, INSP_GRADED);
    assert_int_equal(m[0].start, D(2023, 5, 25));
    free(m);
    /* the same day but different numbers: two */
    InspSighting t[] = {mi(100, D(2023, 5, 25), INSP_GRADED, "1"), mi(100, D(2023, 5, 26), INSP_GRADED, "2")};
    assert_int_equal(merge(t, N(t), NULL, 0, &m), 2);
    free(m);
}

/* M2: "two sightings of the same kind, of the same school or of schools one of
   which is the other's predecessor, that start at most one day apart are one
   inspection ... Across two different URNs only sightings from different
   sources merge". */
static void a_day_apart(void **state)
{
    (void)state;
    InspMerged *m;
    InspSighting s[] = {hist(100, D(2019, 1, 15)), mi(100, D(2019, 1, 16), INSP_GRADED, "X1")};
    assert_int_equal(merge(s, N(s), NULL, 0, &m), 1);
    assert_int_equal(m[0].start, D(2019, 1, 16)); /* M4: the management information's date */
    free(m);
    /* two days apart from the Ofsted files: two inspections */
    InspSighting t[] = {hist(100, D(2019, 1, 15)), mi(100, D(2019, 1, 17), INSP_GRADED, "X1")};
    assert_int_equal(merge(t, N(t), NULL, 0, &m), 2);
    free(m);
    /* under a predecessor's URN, from another file: one, filed under the URN the MI names */
    InspSighting u[] = {hist(200, D(2014, 3, 5)), mi(100, D(2014, 3, 5), INSP_GRADED, "X2")};
    assert_int_equal(merge(u, N(u), NULL, 0, &m), 1);
    assert_int_equal(m[0].urn, 100);
    free(m);
    /* from the same file under two URNs: two (one file names each inspection once) */
    InspSighting v[] = {hist(200, D(2014, 3, 5)), hist(100, D(2014, 3, 5))};
    assert_int_equal(merge(v, N(v), NULL, 0, &m), 2);
    free(m);
    /* schools not in one line: never one */
    InspSighting w[] = {hist(300, D(2014, 3, 5)), mi(100, D(2014, 3, 5), INSP_GRADED, "X3")};
    assert_int_equal(merge(w, N(w), NULL, 0, &m), 2);
    free(m);
    /* a graded and an ungraded inspection on one day are two */
    InspSighting x[] = {mi(100, D(2020, 1, 7), INSP_GRADED, NULL), mi(100, D(2020, 1, 7), INSP_UNGRADED, NULL)};
    assert_int_equal(merge(x, N(x), NULL, 0, &m), 2);
    free(m);
}

/* M3: GIAS's last-inspection date "joins the graded or ungraded inspection
   ... that started from three days before to one day after it"; alone it is
   ungraded where the management information covers its date, else graded,
   both marked as inferred. */
static void gias_latest(void **state)
{
    (void)state;
    InspMerged *m;
    /* GIAS two days after the history file's start: one graded inspection */
    InspSighting s[] = {hist(100, D(2018, 1, 23)), gias(100, D(2018, 1, 25))};
    assert_int_equal(merge(s, N(s), NULL, 0, &m), 1);
    assert_int_equal(m[0].kind, INSP_GRADED);
    assert_int_equal(m[0].inferred, 0);
    assert_int_equal(m[0].start, D(2018, 1, 23));
    free(m);
    /* four days after: not the same */
    InspSighting t[] = {hist(100, D(2018, 1, 23)), gias(100, D(2018, 1, 27))};
    assert_int_equal(merge(t, N(t), NULL, 0, &m), 2);
    free(m);
    /* GIAS's date is an ungraded inspection's date: it joins it */
    InspSighting u[] = {mi(100, D(2023, 9, 14), INSP_UNGRADED, "U1"), gias(100, D(2023, 9, 14))};
    assert_int_equal(merge(u, N(u), NULL, 0, &m), 1);
    assert_int_equal(m[0].kind, INSP_UNGRADED);
    free(m);
    /* the same school before its predecessor, then graded before ungraded */
    InspSighting v[] = {mi(100, D(2023, 9, 14), INSP_GRADED, "A"), mi(200, D(2023, 9, 14), INSP_UNGRADED, "B"),
                        gias(200, D(2023, 9, 15))};
    assert_int_equal(merge(v, N(v), NULL, 0, &m), 2);
    assert_int_equal(v[2].merged, v[1].merged);
    free(m);
    /* alone, inside what the management information lists: ungraded (inferred) */
    InspCoverage cov = {.urn = 200, .from = D(2013, 11, 21), .to = D(2025, 7, 15)};
    InspSighting w[] = {mi(200, D(2013, 11, 21), INSP_GRADED, "P"), mi(200, D(2024, 11, 19), INSP_GRADED, "L"),
                        gias(200, D(2023, 9, 14))};
    assert_int_equal(merge(w, N(w), &cov, 1, &m), 3);
    const InspMerged *g = &m[w[2].merged];
    assert_int_equal(g->kind, INSP_UNGRADED);
    assert_int_equal(g->inferred, 1);
    free(m);
    /* coverage of a school covers its predecessors' URNs too */
    InspSighting x[] = {gias(100, D(2016, 5, 1))};
    assert_int_equal(merge(x, N(x), &cov, 1, &m), 1);
    assert_int_equal(m[0].kind, INSP_UNGRADED);
    free(m);
    /* outside it (before the previous graded inspection): graded, inferred */
    InspSighting y[] = {gias(200, D(2012, 5, 1))};
    assert_int_equal(merge(y, N(y), &cov, 1, &m), 1);
    assert_int_equal(m[0].kind, INSP_GRADED);
    assert_int_equal(m[0].inferred, 1);
    free(m);
}

/* M4: "the merged inspection takes the URN and start date of its most
   authoritative sighting ... Two merged inspections left with the same URN,
   start date and kind are one." */
static void canonical(void **state)
{
    (void)state;
    InspMerged *m;
    InspSighting s[] = {gias(200, D(2014, 3, 6)), hist(200, D(2014, 3, 5)), mi(100, D(2014, 3, 5), INSP_GRADED, "N")};
    assert_int_equal(merge(s, N(s), NULL, 0, &m), 1);
    assert_int_equal(m[0].urn, 100);
    assert_int_equal(m[0].start, D(2014, 3, 5));
    for (size_t i = 0; i < N(s); i++)
        assert_int_equal(s[i].merged, 0);
    free(m);
}

/* The answer does not depend on the order of the sightings: every
   permutation of a family of six gives the same inspections. */
static void any_order(void **state)
{
    (void)state;
    InspSighting base[] = {hist(100, D(2018, 1, 23)), gias(100, D(2018, 1, 25)), mi(200, D(2022, 9, 21), INSP_GRADED, "L"),
                           gias(200, D(2022, 9, 22)), mi(200, D(2024, 2, 1), INSP_UNGRADED, "U"),
                           gias(200, D(2024, 2, 1))};
    InspCoverage cov = {.urn = 200, .from = D(2018, 1, 23), .to = D(2025, 7, 15)};
    InspMerged *first;
    size_t n0 = merge(base, N(base), &cov, 1, &first);
    assert_int_equal(n0, 3);
    int idx[6] = {0, 1, 2, 3, 4, 5};
    /* Heap's algorithm over all 720 orders */
    int c[6] = {0};
    size_t tried = 0;
    for (int i = 0; i < 6;) {
        if (c[i] < i) {
            int j = i % 2 == 0 ? 0 : c[i];
            int t = idx[j];
            idx[j] = idx[i];
            idx[i] = t;
            InspSighting s[6];
            for (int k = 0; k < 6; k++)
                s[k] = base[idx[k]];
            InspMerged *m;
            size_t n = merge(s, 6, &cov, 1, &m);
            assert_int_equal(n, n0);
            assert_memory_equal(m, first, n * sizeof *m);
            for (int k = 0; k < 6; k++)
                assert_int_equal(s[k].merged, base[idx[k]].merged);
            free(m);
            tried++;
            c[i]++;
            i = 0;
        } else {
            c[i] = 0;
            i++;
        }
    }
    assert_int_equal(tried, 719);
    free(first);
}

/* E1-E5: the table of DfE's rule for inspections without a headline grade. */
static void equivalence_table(void **state)
{
    (void)state;
    InspEquivalence why;
    /* E1 "such an inspection with a category of concern counts as grade 4" */
    assert_int_equal(insp_equivalent_grade(CATEGORY_SERIOUS_WEAKNESSES, 3, 3, &why), 4);
    assert_int_equal(why, INSP_EQ_CATEGORY);
    /* E2 "a sub-judgement of Requires Improvement for leadership and management and/or quality of
       education ... as equivalent to a previous single headline grade of Requires Improvement" */
    assert_int_equal(insp_equivalent_grade(NULL, 3, 1, &why), 3);
    assert_int_equal(why, INSP_EQ_RI);
    assert_int_equal(insp_equivalent_grade(NULL, 1, 3, &why), 3);
    assert_int_equal(insp_equivalent_grade(NULL, 4, 3, &why), 3);
    assert_int_equal(why, INSP_EQ_RI);
    /* E3 "with quality of education or leadership and management graded 4 but no category, as grade 3" */
    assert_int_equal(insp_equivalent_grade(NULL, 4, 2, &why), 3);
    assert_int_equal(why, INSP_EQ_INADEQUATE_SUB);
    /* E4 "otherwise as good (grade 2) for these rules" */
    assert_int_equal(insp_equivalent_grade(NULL, 2, 1, &why), 2);
    assert_int_equal(why, INSP_EQ_GOOD);
    /* E5 our reading: nothing recorded is good, and said to be missing */
    assert_int_equal(insp_equivalent_grade(NULL, 0, 0, &why), 2);
    assert_int_equal(why, INSP_EQ_NO_SUBJUDGEMENTS);
    /* every rule has its id, sentence and message */
    for (int e = INSP_EQ_CATEGORY; e <= INSP_EQ_NO_SUBJUDGEMENTS; e++) {
        const InspEquivalenceRule *r = insp_equivalence_rule((InspEquivalence)e);
        assert_non_null(r);
        assert_true(r->code[0] == 'E' && strlen(r->sentence) > 20 && strlen(r->message) > 10);
    }
}

/* Codes and words as the files write them. */
static void codes_and_categories(void **state)
{
    (void)state;
    int nj;
    assert_int_equal(grade_from_overall("Not judged", &nj), 0);
    assert_int_equal(nj, 1);
    assert_int_equal(grade_from_overall("3", &nj), 3);
    assert_int_equal(nj, 0);
    assert_int_equal(grade_from_overall("NULL", &nj), 0);
    assert_int_equal(grade_from_overall("Excellent", &nj), -1);
    /* 0, 8 and 9 mean no judgement */
    assert_int_equal(grade_from_code("0"), 0);
    assert_int_equal(grade_from_code("8"), 0);
    assert_int_equal(grade_from_code("9"), 0);
    assert_int_equal(grade_from_code("4"), 4);
    assert_int_equal(grade_from_code("5"), -1);
    int bad;
    assert_string_equal(category_from_text("SM", &bad), CATEGORY_SPECIAL_MEASURES);
    assert_string_equal(category_from_text("SWK", &bad), CATEGORY_SERIOUS_WEAKNESSES);
    assert_string_equal(category_from_text("NTI", &bad), CATEGORY_NOTICE_TO_IMPROVE);
    assert_null(category_from_text("", &bad));
    assert_int_equal(bad, 0);
    assert_null(category_from_text("XYZ", &bad));
    assert_int_equal(bad, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_number),        cmocka_unit_test(a_day_apart),       cmocka_unit_test(gias_latest),
        cmocka_unit_test(canonical),          cmocka_unit_test(any_order),         cmocka_unit_test(equivalence_table),
        cmocka_unit_test(codes_and_categories),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
