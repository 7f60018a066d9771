/*
 * test_casework_store.c - a case's life on a real database: tasks created
 * when a case opens, the school's refusal and acceptance, the adviser
 * allocated only after the conflict-of-interest check, the RISE category
 * approved by the regional director, pause and resume moving due dates,
 * read-only cases, and every change on the case's audit history.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/cases.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];
static int64_t do_id, rd_id, adv1, adv2;

static int64_t scalar(Db *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static const Actor CLI = {0, "command line", NULL};

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-casework-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    UserFields a = {"do@example.gov.uk", "Dana Officer", "delivery-officer", "North East", NULL, NULL};
    UserFields b = {"rd@example.gov.uk", "Reg Director", "regional-director", "North East", NULL, NULL};
    UserFields c = {"adv1@example.gov.uk", "Ada Adviser", "adviser", NULL, NULL, NULL};
    UserFields d = {"adv2@example.gov.uk", "Ben Adviser", "adviser", NULL, NULL, NULL};
    if (user_create(db, &CLI, &a, "x", NULL, &do_id) || user_create(db, &CLI, &b, "x", NULL, &rd_id) ||
        user_create(db, &CLI, &c, "x", NULL, &adv1) || user_create(db, &CLI, &d, "x", NULL, &adv2))
        return -1;
    /* a maintained school with a diocese, as GIAS describes it */
    if (db_exec(db, "INSERT INTO schools (urn, name, type_group, region, la_name, diocese_name, status) VALUES"
                    " (100001, 'St Example Primary', 'Local authority maintained schools', 'North East',"
                    " 'Durham', 'Diocese of Durham', 'Open')") != 0)
        return -1;
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    unlink(path);
    char p[300];
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    /* the audit trail's key file and checkpoint log, made beside the database */
    snprintf(p, sizeof p, "%s.audit-key", path);
    unlink(p);
    snprintf(p, sizeof p, "%s.audit-log", path);
    unlink(p);
    return 0;
}

static int64_t open_case(Db *db, const Actor *who, const char *programme, const char *category)
{
    Subject s = {programme, "school", 100001, "St Example Primary", "North East", "Durham"};
    Decision d = {.decision = "open-case", .route = "screening", .suggested = "targeted", .rule = "stuck",
                  .category = category, .reason = "Stuck school", .as_at = "2026-11-23"};
    int64_t id = 0;
    assert_int_equal(screening_decide(db, who, &s, &d, &id), CASE_OK);
    return id;
}

static TaskStatus status_of(Db *db, int64_t case_id, const char *code)
{
    CaseTaskList l;
    assert_int_equal(case_tasks(db, case_id, &l), 0);
    const CaseTask *t = case_task_find(&l, code);
    assert_non_null(t);
    TaskStatus s = t->status;
    case_task_list_free(&l);
    return s;
}

static int save(Db *db, const Actor *a, int64_t id, const char *code, const char *data, const char *on, int complete,
                const char *outcome, const char *adviser, const char **why)
{
    TaskSave t = {.code = code, .data = data, .done_on = on, .complete = complete, .outcome = outcome,
                  .adviser_id = adviser, .reason = "recorded"};
    return case_task_save(db, a, id, &t, why);
}

static void rise_case_from_opening_to_adviser(void **state)
{
    Db *db = *state;
    Actor officer = {do_id, "Dana Officer <do@example.gov.uk>", NULL};
    Actor director = {rd_id, "Reg Director <rd@example.gov.uk>", NULL};
    int64_t id = open_case(db, &officer, "rise", "targeted");
    const char *why = NULL;

    /* opening made the tasks, the officer owns the case and watches it */
    Case c;
    assert_int_equal(case_get(db, id, &c), 1);
    assert_int_equal(c.delivery_officer_id, do_id);
    assert_string_equal(c.stage, "Contact");
    assert_non_null(c.next_due);
    case_free(&c);
    assert_true(case_is_watched(db, do_id, id));
    assert_int_equal(status_of(db, id, "identify"), TASK_IN_PROGRESS); /* awaiting approval */
    assert_int_equal(status_of(db, id, "contact-diocese"), TASK_NOT_STARTED);
    assert_int_equal(status_of(db, id, "contact-school"), TASK_CANNOT_START);
    assert_int_equal(status_of(db, id, "due-diligence"), TASK_CANNOT_START);

    /* the school cannot be contacted before the responsible body */
    assert_int_equal(save(db, &officer, id, "contact-school", "{}", "2026-11-24", 1, NULL, NULL, &why), CW_REFUSED);
    assert_non_null(why);

    assert_int_equal(save(db, &officer, id, "contact-rb", "{\"on\":\"2026-11-24\"}", "2026-11-24", 1, NULL, NULL, &why),
                     CW_OK);
    assert_int_equal(save(db, &officer, id, "contact-diocese", "{}", "2026-11-24", 1, NULL, NULL, &why), CW_OK);
    assert_int_equal(save(db, &officer, id, "contact-school", "{}", "2026-11-25", 1, NULL, NULL, &why), CW_OK);
    assert_int_equal(status_of(db, id, "school-response"), TASK_NOT_STARTED);

    /* a refusal keeps the task open and is a decision */
    assert_int_equal(save(db, &officer, id, "school-response", "{\"outcome\":\"declined\"}", "2026-11-26", 1,
                          "declined", NULL, &why),
                     CW_OK);
    assert_int_equal(status_of(db, id, "school-response"), TASK_IN_PROGRESS);
    assert_int_equal(scalar(db, "SELECT count(*) FROM case_decisions WHERE type = 'school-response'"
                                " AND outcome = 'Declined support (recorded on the school''s behalf)'"),
                     1);
    assert_int_equal(save(db, &officer, id, "school-response", "{\"outcome\":\"accepted\"}", "2026-11-27", 1,
                          "accepted", NULL, &why),
                     CW_OK);
    assert_int_equal(status_of(db, id, "school-response"), TASK_COMPLETED);

    /* the category is not approved yet: the conflict check cannot start */
    assert_int_equal(status_of(db, id, "conflict-check"), TASK_CANNOT_START);
    int64_t did = scalar(db, "SELECT id FROM case_decisions WHERE type = 'category'");
    assert_int_equal(case_decision_approve(db, &director, id, did, "approved", "Agreed", &why), CW_OK);
    assert_int_equal(status_of(db, id, "identify"), TASK_COMPLETED);
    assert_int_equal(case_decision_approve(db, &director, id, did, "approved", "Again", &why), CW_REFUSED);
    assert_int_equal(status_of(db, id, "conflict-check"), TASK_NOT_STARTED);

    /* allocation before the check is refused */
    char a1[24], a2[24];
    snprintf(a1, sizeof a1, "%lld", (long long)adv1);
    snprintf(a2, sizeof a2, "%lld", (long long)adv2);
    assert_int_equal(save(db, &officer, id, "allocate-adviser", "{}", "2026-11-30", 1, NULL, a1, &why), CW_REFUSED);

    /* a conflict found keeps the check open */
    char data[128];
    snprintf(data, sizeof data, "{\"adviser\":\"%s\",\"conflict\":\"yes\"}", a1);
    assert_int_equal(save(db, &officer, id, "conflict-check", data, "2026-11-30", 1, "yes", a1, &why), CW_OK);
    assert_int_equal(status_of(db, id, "conflict-check"), TASK_IN_PROGRESS);
    assert_int_equal(status_of(db, id, "allocate-adviser"), TASK_CANNOT_START);
    snprintf(data, sizeof data, "{\"adviser\":\"%s\",\"conflict\":\"no\"}", a2);
    assert_int_equal(save(db, &officer, id, "conflict-check", data, "2026-12-01", 1, "no", a2, &why), CW_OK);
    assert_int_equal(status_of(db, id, "conflict-check"), TASK_COMPLETED);

    /* only the adviser the check cleared */
    assert_int_equal(save(db, &officer, id, "allocate-adviser", "{}", "2026-12-01", 1, NULL, a1, &why), CW_REFUSED);
    assert_int_equal(save(db, &officer, id, "allocate-adviser", "{}", "2026-12-01", 1, NULL, a2, &why), CW_OK);
    assert_int_equal(case_get(db, id, &c), 1);
    assert_int_equal(c.adviser_id, adv2);
    assert_string_equal(c.stage, "Diagnosis");
    case_free(&c);
    assert_true(case_is_watched(db, adv2, id)); /* watchlist on assignment */

    /* every change is on the case's history */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE object_type = 'case' AND object_id = '%lld'",
             (long long)id);
    assert_true(scalar(db, sql) >= 12);
}

static void paused_case_is_read_only_and_due_dates_move(void **state)
{
    Db *db = *state;
    Actor officer = {do_id, "Dana Officer <do@example.gov.uk>", NULL};
    int64_t id = open_case(db, &officer, "si-2019-20", NULL);
    const char *why = NULL;
    /* SI: identification is done on opening, no approval */
    assert_int_equal(status_of(db, id, "identify"), TASK_COMPLETED);
    assert_int_equal(save(db, &officer, id, "identify", "{}", NULL, 1, "targeted", NULL, &why), CW_REFUSED);

    assert_int_equal(db_begin(db), 0);
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE case_tasks SET due_on = NULL WHERE case_id = %lld", (long long)id);
    assert_int_equal(db_exec(db, sql), 0);
    snprintf(sql, sizeof sql, "UPDATE cases SET opened_at = '2026-11-23T09:00:00Z' WHERE id = %lld", (long long)id);
    assert_int_equal(db_exec(db, sql), 0);
    assert_int_equal(case_refresh(db, id), 0);
    assert_int_equal(db_commit(db), 0);
    snprintf(sql, sizeof sql, "SELECT julianday(due_on) FROM case_tasks WHERE case_id = %lld AND code = 'contact-rb'",
             (long long)id);
    int64_t before = scalar(db, sql);

    assert_int_equal(case_set_status(db, &officer, id, "paused", "2026-11-30", "Waiting for inspection", &why), CW_OK);
    assert_int_equal(save(db, &officer, id, "contact-rb", "{}", "2026-12-01", 1, NULL, NULL, &why), CW_REFUSED);
    assert_non_null(strstr(why, "paused"));
    assert_int_equal(case_set_status(db, &officer, id, "paused", "2026-12-01", "Again", &why), CW_REFUSED);
    assert_int_equal(case_set_status(db, &officer, id, "in progress", "2026-12-07", "Inspection done", &why), CW_OK);
    int64_t after = scalar(db, sql);
    /* paused Monday 30 November to Friday 4 December: five working days later,
       a full week of the calendar */
    assert_int_equal(after - before, 7);
    assert_int_equal(save(db, &officer, id, "contact-rb", "{}", "2026-12-07", 1, NULL, NULL, &why), CW_OK);
    /* status changes are decisions */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM case_decisions WHERE case_id = %lld AND type = 'status'",
             (long long)id);
    assert_int_equal(scalar(db, sql), 2);
    /* closed (with an outcome): only the status may change; reopening is possible */
    assert_int_equal(case_close(db, &officer, id, "structure-changed", "2026-12-08", "Academy converted", &why), CW_OK);
    assert_int_equal(case_assign(db, &officer, id, "delivery-officer", do_id, "x", &why), CW_REFUSED);
    assert_int_equal(case_set_status(db, &officer, id, "in progress", "2026-12-09", "Reopened", &why), CW_OK);
    assert_int_equal(case_close(db, &officer, id, "support-completed", "2026-12-09", "Done", &why), CW_OK);
}

static void director_category_is_approved_at_once(void **state)
{
    Db *db = *state;
    Actor director = {rd_id, "Reg Director <rd@example.gov.uk>", NULL};
    int64_t id = open_case(db, &director, "tsio-2022-23", NULL);
    assert_int_equal(status_of(db, id, "identify"), TASK_COMPLETED);
    Case c;
    assert_int_equal(case_get(db, id, &c), 1);
    assert_int_equal(c.delivery_officer_id, 0); /* a director opening it does not own it */
    case_free(&c);
    const char *why = NULL;
    assert_int_equal(case_assign(db, &director, id, "delivery-officer", rd_id, "x", &why), CW_REFUSED);
    assert_int_equal(case_assign(db, &director, id, "delivery-officer", do_id, "Dana's patch", &why), CW_OK);
    assert_true(case_is_watched(db, do_id, id));
    CaseTaskList l;
    assert_int_equal(case_tasks(db, id, &l), 0);
    assert_int_equal(case_task_find(&l, "contact-rb")->owner_id, do_id);
    case_task_list_free(&l);
    /* advisers are allocated only through the check */
    assert_int_equal(case_assign(db, &director, id, "adviser", adv1, "x", &why), CW_REFUSED);
}

static void one_open_case_per_programme(void **state)
{
    Db *db = *state;
    Actor officer = {do_id, "Dana Officer <do@example.gov.uk>", NULL};
    /* the RISE case from the first test is still open */
    Subject s = {"rise", "school", 100001, "St Example Primary", "North East", "Durham"};
    Decision d = {.decision = "open-case", .route = "exception", .category = "targeted",
                  .exception_source = "regional-director", .reason = "Again"};
    int64_t id;
    assert_int_equal(screening_decide(db, &officer, &s, &d, &id), CASE_ALREADY_OPEN);
}

/* "a new programme year is configuration, not code": a copy of RISE's
   templates under a new code behaves as RISE does, category approval and
   adviser allocation included, without any change to the program. */
static void new_programme_year_is_configuration(void **state)
{
    Db *db = *state;
    assert_int_equal(db_exec(db, "INSERT INTO task_templates SELECT 'rise-2026-27', code, position, stage, title,"
                                 " hint, role, kind, fields, after, when_rule, due_days, due_unit, timeframe, later"
                                 " FROM task_templates WHERE programme = 'rise'"),
                     0);
    Actor officer = {do_id, "Dana Officer <do@example.gov.uk>", NULL};
    int64_t id = open_case(db, &officer, "rise-2026-27", "targeted");
    assert_int_equal(status_of(db, id, "identify"), TASK_IN_PROGRESS); /* awaiting the regional director */
    Case c;
    assert_int_equal(case_get(db, id, &c), 1);
    assert_true(c.category_decision);
    assert_true(c.has_adviser);
    case_free(&c);
    assert_int_equal(scalar(db, "SELECT count(*) FROM case_decisions WHERE type = 'category' AND approval = 'awaiting'"
                                " AND case_id = (SELECT max(id) FROM cases)"),
                     1);
    /* SI 2019/20 has neither */
    int64_t si = scalar(db, "SELECT id FROM cases WHERE programme = 'si-2019-20'");
    assert_int_equal(case_get(db, si, &c), 1);
    assert_false(c.category_decision);
    assert_false(c.has_adviser);
    case_free(&c);
}

/* A case opened from screening before casework existed (its row has no
   tasks) gets them, with its identification done on the day it opened. */
static void cases_from_before_casework_get_their_tasks(void **state)
{
    Db *db = *state;
    assert_int_equal(db_exec(db, "INSERT INTO cases (programme, subject_kind, subject_id, subject_name, region,"
                                 " route, rationale, opened_at, opened_by) VALUES ('tsio-2022-23', 'trust', 9001,"
                                 " 'Old Trust', 'North East', 'screening', 'Opened before casework',"
                                 " '2026-10-01T09:00:00Z', 'x')"),
                     0);
    int64_t id = scalar(db, "SELECT max(id) FROM cases");
    size_t n = 0;
    assert_int_equal(cases_set_up_missing(db, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(status_of(db, id, "identify"), TASK_COMPLETED);
    assert_int_equal(status_of(db, id, "contact-rb"), TASK_NOT_STARTED);
    Case c;
    assert_int_equal(case_get(db, id, &c), 1);
    assert_string_equal(c.next_due, "2026-10-15"); /* 10 working days from 1 October */
    case_free(&c);
    /* a second run finds nothing to do */
    assert_int_equal(cases_set_up_missing(db, &n), 0);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rise_case_from_opening_to_adviser),
        cmocka_unit_test(paused_case_is_read_only_and_due_dates_move),
        cmocka_unit_test(director_category_is_approved_at_once),
        cmocka_unit_test(one_open_case_per_programme),
        cmocka_unit_test(new_programme_year_is_configuration),
        cmocka_unit_test(cases_from_before_casework_get_their_tasks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
