/*
 * test_casework_dates.c - the dates of a case's life and its ending
 * (domain/casework.c, issue 10 items 9, 10, 13 and 15): due dates count from
 * the date recorded, status changes cannot be dated before what they
 * follow, closing needs an outcome, and notes and contacts are kept
 * whatever the case's status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/casework.h"

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

/* The first steps of RISE, as task_templates holds them. */
static const TaskTemplate RISE[] = {
    {.code = "identify", .kind = "identify"},
    {.code = "contact-rb", .kind = "record", .due_days = 10},
    {.code = "contact-diocese", .kind = "record", .when_rule = "diocese", .due_days = 10},
    {.code = "contact-school", .kind = "record", .after = "contact-rb", .when_rule = "school", .due_days = 5},
    {.code = "school-response", .kind = "response", .after = "contact-rb,contact-school", .due_days = 5},
};
#define NR (sizeof RISE / sizeof RISE[0])

static void fresh(TaskState *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s[i] = (TaskState){.status = TASK_CANNOT_START, .done_on = DATE_NONE, .due_on = DATE_NONE};
}

/* Decision 0004: "A task is due N days after the day the last task it waits
   for was done — the date the user records (for example the date of the
   conversation), not the day they typed it". Issue 10 item 13: the
   responsible body contacted on Wednesday 3 December, the case opened and
   the call saved on the 4th: the school is due 5 working days after the
   3rd, not the 4th. */
static void due_date_counts_from_the_date_recorded(void **state)
{
    (void)state;
    TaskState s[NR];
    fresh(s, NR);
    CaseFacts f = {.opened_on = D("2025-12-04"), .is_school = 1};
    s[0].status = TASK_COMPLETED;
    s[0].done_on = D("2025-12-04");
    s[1].status = TASK_COMPLETED;
    s[1].done_on = D("2025-12-03");
    casework_plan(RISE, s, NR, &f, NULL);
    assert_int_equal(s[3].status, TASK_NOT_STARTED);
    assert_date(s[3].due_on, "2025-12-10"); /* not 11 December */
    /* a task that waits for nothing still counts from the opening */
    fresh(s, NR);
    casework_plan(RISE, s, NR, &f, NULL);
    assert_date(s[1].due_on, "2025-12-18");
}

/* The latest of the dates it waits for counts; a task not needed adds none. */
static void due_date_counts_from_the_latest_date_recorded(void **state)
{
    (void)state;
    TaskState s[NR];
    fresh(s, NR);
    CaseFacts f = {.opened_on = D("2025-12-04"), .is_school = 0};
    s[0].status = TASK_COMPLETED;
    s[1].status = TASK_COMPLETED;
    s[1].done_on = D("2025-12-01");
    casework_plan(RISE, s, NR, &f, NULL);
    /* a trust: no school to contact, so the response counts from 1 December */
    assert_int_equal(s[3].status, TASK_NOT_NEEDED);
    assert_date(s[4].due_on, "2025-12-08");
}

/* Issue 10 item 9: "Pause and resume accept impossible dates (a pause
   before the case opened, a resume before the pause). Validate them". */
static void status_dates_follow_each_other(void **state)
{
    (void)state;
    Date opened = D("2025-11-03"), today = D("2025-12-05");
    assert_string_equal(casework_status_date_refusal("in progress", "paused", D("2025-11-02"), opened, DATE_NONE, today),
                        "Date paused must be on or after the date the case opened");
    assert_null(casework_status_date_refusal("in progress", "paused", D("2025-11-03"), opened, DATE_NONE, today));
    /* a resume before the pause */
    assert_string_equal(casework_status_date_refusal("paused", "in progress", D("2025-11-07"), opened, D("2025-11-10"),
                                                     today),
                        "Date resumed must be on or after the date the case was paused");
    assert_null(casework_status_date_refusal("paused", "in progress", D("2025-11-10"), opened, D("2025-11-10"), today));
    /* the same for every change: not before the status it ends */
    assert_string_equal(casework_status_date_refusal("stopped", "in progress", D("2025-11-19"), opened,
                                                     D("2025-11-20"), today),
                        "Date reopened must be on or after the date the case was stopped");
    assert_string_equal(casework_status_date_refusal("in progress", "paused", D("2025-11-15"), opened, D("2025-11-20"),
                                                     today),
                        "Date paused must be on or after the date the case was last resumed or reopened");
    assert_string_equal(casework_status_date_refusal("paused", "stopped", D("2025-11-01"), opened, D("2025-11-10"),
                                                     today),
                        "Date stopped must be on or after the date the case opened");
    assert_string_equal(casework_status_date_refusal("in progress", "closed", D("2025-12-06"), opened, DATE_NONE, today),
                        "Date closed must be today or in the past");
    assert_null(casework_status_date_refusal("in progress", "closed", today, opened, DATE_NONE, today));
    assert_string_equal(casework_status_date_label("paused", "in progress"), "Date resumed");
    assert_string_equal(casework_status_date_label("closed", "in progress"), "Date reopened");
    assert_string_equal(casework_status_date_label("in progress", "nonsense"), "Date");
}

/* Issue 10 item 15: "Paused and stopped cases refuse notes and contacts.
   People still log calls then." Notes and contacts are kept whatever the
   status; everything else still waits for the case to be in progress. */
static void notes_and_contacts_whatever_the_status(void **state)
{
    (void)state;
    assert_null(casework_record_refusal("in progress"));
    assert_null(casework_record_refusal("paused"));
    assert_null(casework_record_refusal("stopped"));
    assert_null(casework_record_refusal("closed"));
    assert_non_null(casework_record_refusal("archived"));
    assert_non_null(casework_record_refusal(NULL));
    assert_non_null(casework_case_editable("paused")); /* tasks and decisions still wait */
    assert_non_null(casework_case_editable("stopped"));
}

/* Issue 10 item 10: "Closing needs a check-your-answers page and an
   outcome, and shows no due dates afterwards", and a closed case offers no
   "Stop" or "Pause". */
static void closing_needs_an_outcome_and_ends_the_case(void **state)
{
    (void)state;
    assert_true(CASE_N_CLOSE_OUTCOMES >= 3);
    for (size_t i = 0; i < CASE_N_CLOSE_OUTCOMES; i++) {
        assert_string_equal(casework_close_outcome_label(CASE_CLOSE_OUTCOMES[i].code), CASE_CLOSE_OUTCOMES[i].label);
        assert_non_null(CASE_CLOSE_OUTCOMES[i].hint);
    }
    assert_string_equal(casework_close_outcome_label("support-completed"), "Support completed");
    assert_null(casework_close_outcome_label("finished"));
    assert_null(casework_close_outcome_label(NULL));
    /* an outcome is required, from the list */
    assert_string_equal(casework_close_refusal("in progress", NULL), "Select the outcome of the case");
    assert_string_equal(casework_close_refusal("in progress", ""), "Select the outcome of the case");
    assert_null(casework_close_refusal("in progress", "declined"));
    assert_null(casework_close_refusal("paused", "opened-in-error"));
    assert_null(casework_close_refusal("stopped", "declined"));
    assert_non_null(casework_close_refusal("closed", "declined"));
    /* a closed case can only be reopened */
    assert_non_null(casework_status_refusal("closed", "stopped"));
    assert_non_null(casework_status_refusal("closed", "paused"));
    assert_null(casework_status_refusal("closed", "in progress"));
    assert_null(casework_status_refusal("stopped", "closed"));
    /* nothing is due once it has ended */
    assert_true(casework_case_ended("closed"));
    assert_true(casework_case_ended("stopped"));
    assert_false(casework_case_ended("paused"));
    assert_false(casework_case_ended("in progress"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(due_date_counts_from_the_date_recorded),
        cmocka_unit_test(due_date_counts_from_the_latest_date_recorded),
        cmocka_unit_test(status_dates_follow_each_other),
        cmocka_unit_test(notes_and_contacts_whatever_the_status),
        cmocka_unit_test(closing_needs_an_outcome_and_ends_the_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
