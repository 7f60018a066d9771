/*
 * test_closure.c - issue 15 items 4 and 6 as pure rules: the review of the
 * plan after a new inspection (domain/casework.c, the "inspection"
 * when_rule: 002 section 7, "review the RAF following any Ofsted
 * inspection or monitoring visit during the course of plan") and the
 * answers closing a case needs (domain/closure.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/casework.h"
#include "domain/closure.h"

#include <string.h>

static Date D(const char *iso)
{
    return date_parse(iso, NULL);
}

static void assert_date(Date d, const char *iso)
{
    char got[11];
    date_iso(d, got);
    assert_string_equal(got, iso);
}

static const TaskTemplate T[] = {
    {.code = "identify", .kind = "identify"},
    {.code = "contact-rb", .kind = "record", .after = "identify", .due_days = 10},
    {.code = "inspection-review", .kind = "record", .when_rule = "inspection", .due_days = 10},
};
enum { N = 3 };

static void fresh(TaskState *s)
{
    for (int i = 0; i < N; i++)
        s[i] = (TaskState){.status = TASK_NOT_STARTED, .done_on = DATE_NONE, .due_on = DATE_NONE,
                           .set_on = DATE_NONE};
    s[0] = (TaskState){.status = TASK_COMPLETED, .done_on = D("2026-01-05"), .due_on = DATE_NONE,
                       .set_on = D("2026-01-05")};
}

static void no_inspection_since_opening_no_review(void **state)
{
    (void)state;
    TaskState s[N];
    fresh(s);
    CaseFacts f = {.opened_on = D("2026-01-05"), .is_school = 1, .inspected_on = DATE_NONE};
    casework_plan(T, s, N, &f, NULL);
    assert_int_equal(s[2].status, TASK_NOT_NEEDED);
    assert_int_equal(s[2].due_on, DATE_NONE);
}

static void a_new_inspection_brings_the_review_due_10_working_days_after_its_publication(void **state)
{
    (void)state;
    TaskState s[N];
    fresh(s);
    CaseFacts f = {.opened_on = D("2026-01-05"), .is_school = 1, .inspected_on = DATE_NONE};
    casework_plan(T, s, N, &f, NULL);
    assert_int_equal(s[2].status, TASK_NOT_NEEDED);
    /* published Wednesday 4 March 2026: 10 working days later is Wednesday 18 March, not counted from the opening */
    f.inspected_on = D("2026-03-04");
    casework_plan(T, s, N, &f, NULL);
    assert_int_equal(s[2].status, TASK_NOT_STARTED);
    assert_date(s[2].due_on, "2026-03-18");
    /* the opening's clock is unchanged for the others */
    assert_date(s[1].due_on, "2026-01-19");
}

static void the_review_skips_bank_holidays_and_pauses(void **state)
{
    (void)state;
    TaskState s[N];
    fresh(s);
    /* published Thursday 2 April 2026: Good Friday 3 April and Easter Monday 6 April do not count */
    CaseFacts f = {.opened_on = D("2026-01-05"), .is_school = 1, .inspected_on = D("2026-04-02")};
    casework_plan(T, s, N, &f, NULL);
    assert_date(s[2].due_on, "2026-04-20");
    /* a week's pause after the publication moves it a week */
    DateRange p = {D("2026-04-07"), D("2026-04-13")};
    f.pauses = &p;
    f.npauses = 1;
    fresh(s);
    casework_plan(T, s, N, &f, NULL);
    assert_date(s[2].due_on, "2026-04-27");
}

static void a_second_inspection_opens_the_review_again(void **state)
{
    (void)state;
    TaskState s[N];
    fresh(s);
    /* reviewed on 10 March after the inspection published 4 March */
    s[2] = (TaskState){.status = TASK_COMPLETED, .done_on = D("2026-03-10"), .due_on = DATE_NONE,
                       .set_on = D("2026-03-10")};
    CaseFacts f = {.opened_on = D("2026-01-05"), .is_school = 1, .inspected_on = D("2026-03-04")};
    casework_plan(T, s, N, &f, NULL);
    assert_int_equal(s[2].status, TASK_COMPLETED); /* the review was about this inspection */
    assert_date(s[2].done_on, "2026-03-10");
    /* a monitoring visit published on 1 June: the review is owed again, due from it */
    f.inspected_on = D("2026-06-01");
    casework_plan(T, s, N, &f, NULL);
    assert_int_equal(s[2].status, TASK_NOT_STARTED);
    assert_int_equal(s[2].done_on, DATE_NONE);
    assert_date(s[2].due_on, "2026-06-15");
    /* marked not needed by a person after the newest inspection: stays so */
    s[2] = (TaskState){.status = TASK_NOT_NEEDED, .done_on = DATE_NONE, .due_on = DATE_NONE, .set_on = D("2026-06-02")};
    casework_plan(T, s, N, &f, NULL);
    assert_int_equal(s[2].status, TASK_NOT_NEEDED);
}

static ClosureAnswers ok(void)
{
    return (ClosureAnswers){.programme = "rise", .end_call_on = DATE_NONE, .end_call_blank = 1,
                            .completion = "completed", .final_rating = "improved-complete", .case_study = "no",
                            .closed_on = D("2026-07-10")};
}

static int has(const ClosureProblem *p, size_t n, const char *field, const char *message)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].field, field) == 0 && strcmp(p[i].message, message) == 0)
            return 1;
    return 0;
}

static void closing_answers(void **state)
{
    (void)state;
    ClosureProblem p[CLOSURE_MAX_PROBLEMS];
    ClosureAnswers a = ok();
    assert_int_equal(closure_check(&a, p), 0); /* the end call is optional outside TSIO */

    /* TSIO: the delivery partner's end-of-deployment call (004) is required */
    a.programme = "tsio-2022-23";
    assert_int_equal(closure_check(&a, p), 1);
    assert_true(has(p, 1, "end-call-on", "Enter the date of the end-of-support call"));
    a.end_call_blank = 0;
    a.end_call_on = D("2026-07-11");
    assert_int_equal(closure_check(&a, p), 1);
    assert_true(has(p, 1, "end-call-on", "Date of the end-of-support call must be on or before the date closed"));
    a.end_call_on = D("2026-07-10");
    assert_int_equal(closure_check(&a, p), 0);

    /* stopped early needs a reason; a case study needs its text */
    a.completion = "stopped-early";
    a.stopped_reason = "  ";
    a.case_study = "yes";
    a.case_study_text = "";
    size_t n = closure_check(&a, p);
    assert_int_equal(n, 2);
    assert_true(has(p, n, "stopped-reason", "Enter why the support stopped early"));
    assert_true(has(p, n, "case-study-text", "Enter the case study"));

    /* nothing chosen */
    a = (ClosureAnswers){.programme = "rise", .end_call_on = DATE_NONE, .closed_on = DATE_NONE, .completion = "",
                         .final_rating = "excellent"};
    n = closure_check(&a, p);
    assert_int_equal(n, 3);
    assert_true(has(p, n, "completion", "Select whether the support was completed or stopped early"));
    assert_true(has(p, n, "final-rating", "Select the final overall rating"));
    assert_true(has(p, n, "case-study", "Select whether a case study will be written"));

    assert_string_equal(closure_rating_label("did-not-take-place"), "Review did not take place");
    assert_null(closure_rating_label("green"));
    assert_string_equal(closure_completion_label("stopped-early"), "Stopped early");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_inspection_since_opening_no_review),
        cmocka_unit_test(a_new_inspection_brings_the_review_due_10_working_days_after_its_publication),
        cmocka_unit_test(the_review_skips_bank_holidays_and_pauses),
        cmocka_unit_test(a_second_inspection_opens_the_review_again),
        cmocka_unit_test(closing_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
