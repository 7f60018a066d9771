/*
 * test_reviews.c - termly reviews (domain/reviews.c, issue 15): what is
 * rated, the rules a review keeps (each quoting seed 002 section 7), what
 * the money does and which terms a plan is reviewed in.
 */
#include "plan_fixtures.h"

#include "domain/reviews.h"


/* "Overall progress against each improvement area; Progress against each recommended action" */
static void each_area_then_its_actions(void **state)
{
    (void)state;
    Plan p;
    raf_ok(&p);
    ReviewItem it[32];
    size_t n = review_items(&p, it, 32);
    assert_int_equal(n, 8); /* four areas, each with one action */
    assert_string_equal(it[0].path, "area-leadership");
    assert_string_equal(it[0].label, "Leadership");
    assert_false(it[0].is_action);
    assert_string_equal(it[1].path, "action-1");
    assert_string_equal(it[1].label, "Action 1: Leadership coaching");
    assert_true(it[1].is_action);
    plan_free(&p);

    rise_ok(&p);
    n = review_items(&p, it, 32);
    assert_int_equal(n, 4);
    assert_string_equal(it[0].label, "Objective 1: Attendance above 94%");
    assert_string_equal(it[1].path, "action-1");
    assert_string_equal(it[2].path, "objective-2");
    plan_free(&p);

    tsio_ok(&p);
    assert_int_equal(review_items(&p, it, 32), 0); /* "Monitoring delivery (Tier 2 and 3 only)" */
    plan_free(&p);
}

static size_t has(const ReviewProblem *pr, size_t n, const char *id, const char *field)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(pr[i].rule->id, id) == 0 && strcmp(pr[i].field, field) == 0)
            return 1;
    return 0;
}

static void the_rules(void **state)
{
    (void)state;
    ReviewItem items[2] = {{"area-leadership", "Leadership", 0}, {"action-1", "Action 1: Coaching", 1}};
    ReviewRatingIn r[2] = {{"area-leadership", RAG_GREEN, "Learning walks show it", NULL, 0},
                           {"action-1", RAG_RED, "", NULL, 0}};
    ReviewIn in = {.ratings = r, .n = 2, .overall = OVERALL_NONE};
    ReviewProblem pr[REVIEW_MAX_PROBLEMS];
    size_t n = review_check(&in, items, 2, 0, 0, 0, pr, REVIEW_MAX_PROBLEMS);
    assert_int_equal(n, 3);
    assert_true(has(pr, n, "review-evidence", "action-1-evidence"));
    assert_true(has(pr, n, "review-mitigation", "action-1-mitigation"));
    assert_true(has(pr, n, "review-overall", "overall"));
    assert_string_equal(pr[1].message, "Say how Action 1: Coaching will be brought back on track, or choose to stop it"
                                       " until another activity is delivered");
    /* "or stopping some activities until others are delivered": stopping it is an answer */
    r[1] = (ReviewRatingIn){"action-1", RAG_RED, "Not started", NULL, 1};
    in.overall = OVERALL_NOT_IMPROVING;
    assert_int_equal(review_check(&in, items, 2, 0, 0, 0, pr, REVIEW_MAX_PROBLEMS), 0);
    /* Tier 3, a trust: "gain feedback from the chair of the Governing Board, and, for trusts, the CEO" and
       "how the school will sustain the activities beyond the funded period" */
    n = review_check(&in, items, 2, 1, 1, 0, pr, REVIEW_MAX_PROBLEMS);
    assert_int_equal(n, 3);
    assert_true(has(pr, n, "review-chair", "chair_feedback"));
    assert_true(has(pr, n, "review-ceo", "ceo_feedback"));
    assert_true(has(pr, n, "review-sustain", "sustain"));
    assert_int_equal(review_check(&in, items, 2, 1, 0, 0, pr, REVIEW_MAX_PROBLEMS), 2); /* no CEO for a school */
    /* unrated */
    r[0].rating = RAG_NONE;
    n = review_check(&in, items, 2, 0, 0, 0, pr, REVIEW_MAX_PROBLEMS);
    assert_true(has(pr, n, "review-rated", "area-leadership-rating"));
    /* a progress review (RISE's review path) needs next steps and the overall only */
    ReviewIn progress = {.overall = OVERALL_PROGRESSING};
    n = review_check(&progress, NULL, 0, 0, 0, 1, pr, REVIEW_MAX_PROBLEMS);
    assert_int_equal(n, 1);
    assert_string_equal(pr[0].rule->id, "review-next-steps");
    /* every rule quotes a sentence and has a message */
    for (size_t i = 0; i < REVIEW_N_RULES; i++)
        assert_true(*REVIEW_RULES[i].sentence && *REVIEW_RULES[i].message);
}

/* 002 section 7: "The department will only release funding for activities delivered through terms 2 and 3 of the
   plan if there is satisfactory progress against the actions through the previous term." */
static void the_money_follows(void **state)
{
    (void)state;
    const char *cause;
    char reason[120];
    Rag ok[2] = {RAG_GREEN, RAG_AMBER}, red[2] = {RAG_GREEN, RAG_RED};
    assert_int_equal(review_money(OVERALL_PROGRESSING, ok, 2, 0, &cause, reason, sizeof reason), MONEY_RELEASE);
    assert_null(cause);
    assert_int_equal(review_money(OVERALL_PROGRESSING, red, 2, 0, &cause, reason, sizeof reason),
                     MONEY_RECOMMEND_WITHHOLD);
    assert_string_equal(cause, "red");
    assert_string_equal(reason, "1 item is rated red in the review");
    assert_int_equal(review_money(OVERALL_NOT_IMPROVING, ok, 2, 0, &cause, reason, sizeof reason),
                     MONEY_RECOMMEND_WITHHOLD);
    assert_string_equal(reason, "The review's overall rating is Not improving");
    assert_int_equal(review_money(OVERALL_NO_REVIEW, NULL, 0, 0, &cause, reason, sizeof reason),
                     MONEY_RECOMMEND_WITHHOLD);
    assert_string_equal(cause, "missed");
    assert_int_equal(review_money(OVERALL_PROGRESSING, ok, 2, 1, &cause, reason, sizeof reason),
                     MONEY_RECOMMEND_WITHHOLD);
    assert_string_equal(cause, "engagement");
    assert_int_equal(overall_from_slug("improved-complete"), OVERALL_COMPLETE);
    assert_int_equal(overall_rag(OVERALL_COMPLETE), RAG_GREEN);
    assert_int_equal(rag_from_slug("amber"), RAG_AMBER);
    assert_int_equal(rag_from_slug("blue"), RAG_NONE);
}

static void the_terms_a_plan_is_reviewed_in(void **state)
{
    (void)state;
    SchoolTerm t[6] = {
        {2026, TERM_AUTUMN, D(2026, 9, 2), D(2026, 12, 18)}, {2026, TERM_SPRING, D(2027, 1, 4), D(2027, 3, 26)},
        {2026, TERM_SUMMER, D(2027, 4, 12), D(2027, 7, 21)}, {2027, TERM_AUTUMN, D(2027, 9, 1), D(2027, 12, 17)},
        {2027, TERM_SPRING, D(2028, 1, 4), D(2028, 3, 24)},  {2027, TERM_SUMMER, D(2028, 4, 10), D(2028, 7, 20)},
    };
    int out[6];
    Plan p;
    raf_ok(&p); /* visited 15 September 2026: funded autumn, spring and summer 2026/27 */
    size_t n = review_terms(&p, &params, D(2026, 10, 1), t, 6, out, 6);
    assert_int_equal(n, 3);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[2], 2);
    /* approved after the autumn term ended: spring and summer */
    assert_int_equal(review_terms(&p, &params, D(2026, 12, 20), t, 6, out, 6), 2);
    plan_free(&p);
    rise_ok(&p); /* 1 September 2026 to 31 July 2028: six terms */
    assert_int_equal(review_terms(&p, &params, D(2026, 9, 10), t, 6, out, 6), 6);
    plan_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(each_area_then_its_actions, setup),
        cmocka_unit_test_setup(the_rules, setup),
        cmocka_unit_test_setup(the_money_follows, setup),
        cmocka_unit_test_setup(the_terms_a_plan_is_reviewed_in, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
