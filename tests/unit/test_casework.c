/*
 * test_casework.c - the pure rules of a case's life (domain/casework.c):
 * which tasks can start, their due dates in working days, pauses, and the
 * changes that are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/casework.h"
#include "domain/decisions.h"

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

/* A programme's first steps, as task_templates holds them for RISE. */
static const TaskTemplate RISE[] = {
    {.code = "identify", .kind = "identify"},
    {.code = "contact-rb", .kind = "record", .due_days = 10},
    {.code = "contact-diocese", .kind = "record", .when_rule = "diocese", .due_days = 10},
    {.code = "contact-school", .kind = "record", .after = "contact-rb", .when_rule = "school", .due_days = 5},
    {.code = "school-response", .kind = "response", .after = "contact-rb,contact-school", .due_days = 5},
    {.code = "conflict-check", .kind = "conflict", .after = "identify,school-response", .due_days = 5},
    {.code = "allocate-adviser", .kind = "allocate", .after = "conflict-check", .due_days = 3},
    {.code = "due-diligence", .kind = "later", .after = "allocate-adviser", .later = 1},
};
#define NR (sizeof RISE / sizeof RISE[0])

static void fresh(TaskState *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s[i] = (TaskState){.status = TASK_CANNOT_START, .done_on = DATE_NONE, .due_on = DATE_NONE};
}

/* DOMAIN.md §3 step 2: "the trust or local authority (and the diocese where
   there is one) is told first, then the school". */
static void responsible_body_before_school(void **state)
{
    (void)state;
    TaskState s[NR];
    fresh(s, NR);
    CaseFacts f = {.opened_on = D("2026-11-23"), .is_school = 1, .has_diocese = 1};
    casework_plan(RISE, s, NR, &f, NULL);
    assert_int_equal(s[1].status, TASK_NOT_STARTED); /* contact the responsible body */
    assert_int_equal(s[2].status, TASK_NOT_STARTED); /* tell the diocese */
    assert_int_equal(s[3].status, TASK_CANNOT_START); /* the school waits */
    assert_int_equal(s[4].status, TASK_CANNOT_START);
    assert_int_equal(s[7].status, TASK_CANNOT_START); /* a later step */
    /* 10 working days from Monday 23 November 2026 */
    assert_date(s[1].due_on, "2026-12-07");
    assert_int_equal(s[3].due_on, DATE_NONE);
}

/* A trust is its own responsible body: no school to contact, no diocese. */
static void trust_case_skips_school_steps(void **state)
{
    (void)state;
    TaskState s[NR];
    fresh(s, NR);
    CaseFacts f = {.opened_on = D("2026-11-23"), .is_school = 0, .has_diocese = 1};
    casework_plan(RISE, s, NR, &f, NULL);
    assert_int_equal(s[2].status, TASK_NOT_NEEDED);
    assert_int_equal(s[3].status, TASK_NOT_NEEDED);
    s[1].status = TASK_COMPLETED;
    s[1].done_on = D("2026-11-25");
    casework_plan(RISE, s, NR, &f, NULL);
    /* the response waits only for the trust's contact: 5 working days */
    assert_int_equal(s[4].status, TASK_NOT_STARTED);
    assert_date(s[4].due_on, "2026-12-02");
}

/* TSIO chronology (seed 004): "School / Trust: Receive contact from RG.
   Confirm participation. 5 days" - counted from the day the school was
   contacted, across the Christmas bank holidays. */
static void response_due_five_working_days_after_contact(void **state)
{
    (void)state;
    TaskState s[NR];
    fresh(s, NR);
    CaseFacts f = {.opened_on = D("2026-12-01"), .is_school = 1, .has_diocese = 0};
    s[0].status = TASK_COMPLETED;
    s[1].status = TASK_COMPLETED;
    s[1].done_on = D("2026-12-10");
    s[3].status = TASK_COMPLETED;
    s[3].done_on = D("2026-12-22");
    casework_plan(RISE, s, NR, &f, NULL);
    assert_int_equal(s[2].status, TASK_NOT_NEEDED); /* no diocese */
    assert_int_equal(s[4].status, TASK_NOT_STARTED);
    /* 23, 24, 29, 30, 31 December (25, 28 December and weekends skipped) */
    assert_date(s[4].due_on, "2026-12-31");
}

/* SI 2019/20 (seed 002): "This should take place within 2 weeks of
   confirmation of the match (not including school holidays)". */
static void school_days_skip_school_holidays(void **state)
{
    (void)state;
    DateRange half_term = {D("2026-10-26"), D("2026-10-30")};
    Calendar cal = {&half_term, 1};
    /* 10 school days from Thursday 22 October 2026 */
    assert_date(casework_due(D("2026-10-22"), 10, 1, &cal, NULL, 0), "2026-11-12");
    /* the same in working days does not skip the half term */
    assert_date(casework_due(D("2026-10-22"), 10, 0, &cal, NULL, 0), "2026-11-05");
}

/* A due date that would fall in a holiday moves past it. */
static void due_date_never_in_a_holiday(void **state)
{
    (void)state;
    DateRange xmas = {D("2026-12-21"), D("2027-01-01")};
    Calendar cal = {&xmas, 1};
    Date due = casework_due(D("2026-12-14"), 5, 1, &cal, NULL, 0);
    assert_date(due, "2027-01-04");
    assert_true(is_school_day(&cal, due));
}

/* "While paused ... it is read-only": the clock stops during a pause. */
static void pause_moves_due_dates(void **state)
{
    (void)state;
    TaskState s[NR];
    fresh(s, NR);
    DateRange pause = {D("2026-11-30"), D("2026-12-04")}; /* a whole working week */
    CaseFacts f = {.opened_on = D("2026-11-23"), .is_school = 1, .pauses = &pause, .npauses = 1};
    casework_plan(RISE, s, NR, &f, NULL);
    assert_date(s[1].due_on, "2026-12-14"); /* 2026-12-07 plus the 5 paused days */
    DateRange open_pause = {D("2026-11-30"), DATE_NONE};
    f.pauses = &open_pause;
    casework_plan(RISE, s, NR, &f, NULL);
    assert_int_equal(s[1].due_on, DATE_NONE); /* still paused: no date can be given */
}

/* "Adviser allocated (RISE) after a conflict-of-interest check". */
static void allocation_refused_before_conflict_check(void **state)
{
    (void)state;
    TaskState s[NR];
    fresh(s, NR);
    CaseFacts f = {.opened_on = D("2026-11-23"), .is_school = 1};
    s[0].status = TASK_COMPLETED;
    s[1].status = TASK_COMPLETED;
    s[1].done_on = D("2026-11-24");
    s[3].status = TASK_COMPLETED;
    s[3].done_on = D("2026-11-25");
    s[4].status = TASK_COMPLETED;
    s[4].done_on = D("2026-11-26");
    casework_plan(RISE, s, NR, &f, NULL);
    assert_int_equal(s[5].status, TASK_NOT_STARTED);
    assert_int_equal(s[6].status, TASK_CANNOT_START);
    assert_non_null(casework_task_refusal(&RISE[6], s[6].status));
    assert_non_null(casework_allocate_refusal(TASK_NOT_STARTED, CONFLICT_UNCHECKED, "7"));
    assert_non_null(casework_allocate_refusal(TASK_IN_PROGRESS, CONFLICT_FOUND, "7")); /* a conflict was found */
    assert_non_null(casework_allocate_refusal(TASK_COMPLETED, CONFLICT_UNCHECKED, "8")); /* not the adviser checked */
    assert_null(casework_allocate_refusal(TASK_COMPLETED, CONFLICT_CLEAR, "7"));
}

/* The category decision must be done (approved) before the adviser check. */
static void conflict_check_waits_for_category(void **state)
{
    (void)state;
    TaskState s[NR];
    fresh(s, NR);
    CaseFacts f = {.opened_on = D("2026-11-23"), .is_school = 0};
    s[0].status = TASK_IN_PROGRESS; /* awaiting the regional director */
    s[1].status = TASK_COMPLETED;
    s[1].done_on = D("2026-11-24");
    s[4].status = TASK_COMPLETED;
    s[4].done_on = D("2026-11-26");
    casework_plan(RISE, s, NR, &f, NULL);
    assert_int_equal(s[5].status, TASK_CANNOT_START);
}

static void later_steps_cannot_start(void **state)
{
    (void)state;
    assert_non_null(casework_task_refusal(&RISE[7], TASK_CANNOT_START));
    assert_non_null(casework_task_refusal(&RISE[7], TASK_NOT_STARTED));
    assert_null(casework_task_refusal(&RISE[1], TASK_NOT_STARTED));
    assert_null(casework_task_refusal(&RISE[1], TASK_COMPLETED)); /* a record can be corrected */
}

/* Issue 5: "a paused, stopped or closed case is read-only except for its
   status". */
static void only_a_case_in_progress_changes(void **state)
{
    (void)state;
    assert_null(casework_case_editable("in progress"));
    assert_non_null(casework_case_editable("paused"));
    assert_non_null(casework_case_editable("stopped"));
    assert_non_null(casework_case_editable("closed"));
    assert_null(casework_status_refusal("in progress", "paused"));
    assert_null(casework_status_refusal("paused", "in progress"));
    assert_null(casework_status_refusal("closed", "in progress"));
    assert_null(casework_status_refusal("paused", "stopped"));
    assert_non_null(casework_status_refusal("paused", "paused"));
    assert_non_null(casework_status_refusal("stopped", "paused"));
    assert_non_null(casework_status_refusal("in progress", "archived"));
}

/* DOMAIN.md §3 step 3: "interim executive board for maintained schools". */
static void concern_escalation_rules(void **state)
{
    (void)state;
    assert_null(casework_escalate_refusal("open", 1, 1));
    assert_non_null(casework_escalate_refusal("open", 1, 0));
    assert_null(casework_escalate_refusal("open", 0, 0));
    assert_non_null(casework_escalate_refusal("escalated", 0, 1));
    assert_non_null(casework_escalate_refusal("resolved", 0, 1));
    assert_null(casework_resolve_refusal("open"));
    assert_null(casework_resolve_refusal("escalated"));
    assert_non_null(casework_resolve_refusal("resolved"));
}

static void overdue_and_due_soon(void **state)
{
    (void)state;
    Date today = D("2026-11-23");
    assert_true(task_overdue(TASK_NOT_STARTED, D("2026-11-20"), today));
    assert_false(task_overdue(TASK_COMPLETED, D("2026-11-20"), today));
    assert_false(task_overdue(TASK_IN_PROGRESS, today, today)); /* due today is not late */
    assert_true(task_due_soon(TASK_IN_PROGRESS, D("2026-11-30"), today, 5));
    assert_false(task_due_soon(TASK_IN_PROGRESS, D("2026-12-01"), today, 5));
    assert_false(task_due_soon(TASK_CANNOT_START, D("2026-11-24"), today, 5));
}

static void status_names_round_trip(void **state)
{
    (void)state;
    for (int s = TASK_NOT_STARTED; s <= TASK_NOT_NEEDED; s++)
        assert_int_equal(task_status_from(task_status_name((TaskStatus)s)), s);
    assert_int_equal(task_status_from("done"), -1);
    assert_string_equal(task_status_label(TASK_CANNOT_START), "Cannot start yet");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(responsible_body_before_school),
        cmocka_unit_test(trust_case_skips_school_steps),
        cmocka_unit_test(response_due_five_working_days_after_contact),
        cmocka_unit_test(school_days_skip_school_holidays),
        cmocka_unit_test(due_date_never_in_a_holiday),
        cmocka_unit_test(pause_moves_due_dates),
        cmocka_unit_test(allocation_refused_before_conflict_check),
        cmocka_unit_test(conflict_check_waits_for_category),
        cmocka_unit_test(later_steps_cannot_start),
        cmocka_unit_test(only_a_case_in_progress_changes),
        cmocka_unit_test(concern_escalation_rules),
        cmocka_unit_test(overdue_and_due_soon),
        cmocka_unit_test(status_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
