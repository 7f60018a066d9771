/*
 * test_case_close_store.c - closing a case and dating its status changes on
 * a real database (store/casework.c, issue 10 items 9 and 10): closing
 * needs an outcome and is never a plain status change; a closed case has no
 * due dates, keeps its outcome, offers only reopening; a status change
 * dated before the opening or before the current status is refused, and
 * nothing is written.
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
#include <string.h>
#include <unistd.h>

static char path[256];
static int64_t do_id;
static const Actor CLI = {0, "command line", NULL};

static int64_t scalar(Db *db, const char *fmt, int64_t id)
{
    char sql[400];
    snprintf(sql, sizeof sql, fmt, (long long)id);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-case-close-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    UserFields a = {"do@example.gov.uk", "Dana Officer", "delivery-officer", "North East", NULL, NULL};
    if (user_create(db, &CLI, &a, "x", NULL, &do_id))
        return -1;
    if (db_exec(db, "INSERT INTO schools (urn, name, type_name, type_group, region, la_name, status) VALUES"
                    " (100001, 'Example Primary', 'Community school', 'Local authority maintained schools',"
                    " 'North East', 'Durham', 'Open')") != 0)
        return -1;
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return 0;
}

/* A TSIO case for the school, opened on 3 November 2025. */
static int64_t open_case(Db *db, const Actor *who)
{
    Subject s = {"tsio-2022-23", "school", 100001, "Example Primary", "North East", "Durham"};
    Decision d = {.decision = "open-case", .route = "exception", .exception_source = "self-identified",
                  .reason = "Asked for help", .as_at = "2025-11-03"};
    int64_t id = 0;
    assert_int_equal(screening_decide(db, who, &s, &d, &id), CASE_OK);
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE cases SET opened_at = '2025-11-03T09:00:00Z' WHERE id = %lld", (long long)id);
    assert_int_equal(db_exec(db, sql), 0);
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(case_refresh(db, id), 0);
    assert_int_equal(db_commit(db), 0);
    return id;
}

static void closing_needs_an_outcome_and_leaves_nothing_due(void **state)
{
    Db *db = *state;
    Actor officer = {do_id, "Dana Officer", NULL};
    int64_t id = open_case(db, &officer);
    const char *why = NULL;
    assert_true(scalar(db, "SELECT count(*) FROM case_tasks WHERE case_id = %lld AND due_on IS NOT NULL", id) > 0);
    int64_t audits = scalar(db, "SELECT count(*) FROM audit WHERE %lld > 0", 1);

    /* not one click: a plain status change cannot close, nor a close without an outcome */
    assert_int_equal(case_set_status(db, &officer, id, "closed", "2025-11-20", "Done", &why), CW_REFUSED);
    assert_int_equal(case_close(db, &officer, id, NULL, "2025-11-20", "Done", &why), CW_REFUSED);
    assert_string_equal(why, "Select the outcome of the case");
    assert_int_equal(case_close(db, &officer, id, "finished", "2025-11-20", "Done", &why), CW_REFUSED);
    /* item 9: nor before the case opened */
    assert_int_equal(case_close(db, &officer, id, "declined", "2025-11-02", "Done", &why), CW_REFUSED);
    assert_string_equal(why, "Date closed must be on or after the date the case opened");
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit WHERE %lld > 0", 1), audits);

    assert_int_equal(case_close(db, &officer, id, "declined", "2025-11-20", "The school said no twice", &why), CW_OK);
    Case c;
    assert_int_equal(case_get(db, id, &c), 1);
    assert_string_equal(c.status, "closed");
    assert_string_equal(c.closure_outcome, "declined");
    assert_null(c.next_due);
    case_free(&c);
    assert_int_equal(scalar(db, "SELECT count(*) FROM case_tasks WHERE case_id = %lld AND due_on IS NOT NULL", id), 0);
    /* the decision log and the audit trail have the outcome and the reason */
    assert_int_equal(scalar(db, "SELECT count(*) FROM case_decisions WHERE case_id = %lld AND type = 'status'"
                                " AND outcome = 'Closed: Support declined' AND rationale = 'The school said no twice'"
                                " AND decided_on = '2025-11-20'",
                            id),
                     1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit WHERE object_type = 'case' AND object_id = '%lld'"
                                " AND action = 'case.status' AND changes LIKE '%%Support declined%%'"
                                " AND reason = 'The school said no twice'",
                            id),
                     1);

    /* a closed case can only be reopened, not stopped, paused or closed again */
    assert_int_equal(case_set_status(db, &officer, id, "stopped", "2025-11-21", "x", &why), CW_REFUSED);
    assert_int_equal(case_set_status(db, &officer, id, "paused", "2025-11-21", "x", &why), CW_REFUSED);
    assert_int_equal(case_close(db, &officer, id, "declined", "2025-11-21", "x", &why), CW_REFUSED);
    /* item 9: nor reopened before it was closed */
    assert_int_equal(case_set_status(db, &officer, id, "in progress", "2025-11-19", "Changed their mind", &why),
                     CW_REFUSED);
    assert_string_equal(why, "Date reopened must be on or after the date the case was closed");
    assert_int_equal(case_set_status(db, &officer, id, "in progress", "2025-11-24", "Changed their mind", &why), CW_OK);
    assert_int_equal(case_get(db, id, &c), 1);
    assert_null(c.closure_outcome);
    assert_non_null(c.next_due); /* due dates again */
    case_free(&c);
}

/* A stopped case has no due dates either; closing it is allowed. */
static void stopped_case_has_nothing_due(void **state)
{
    Db *db = *state;
    Actor officer = {do_id, "Dana Officer", NULL};
    int64_t id = open_case(db, &officer);
    const char *why = NULL;
    assert_int_equal(case_set_status(db, &officer, id, "paused", "2025-11-10", "Inspection", &why), CW_OK);
    assert_int_equal(case_set_status(db, &officer, id, "stopped", "2025-11-07", "No", &why), CW_REFUSED);
    assert_string_equal(why, "Date stopped must be on or after the date the case was paused");
    assert_int_equal(case_set_status(db, &officer, id, "stopped", "2025-11-12", "Support not going ahead", &why),
                     CW_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM case_tasks WHERE case_id = %lld AND due_on IS NOT NULL", id), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM cases WHERE id = %lld AND next_due IS NULL", id), 1);
    assert_int_equal(case_close(db, &officer, id, "declined", "2025-11-13", "Ended", &why), CW_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(closing_needs_an_outcome_and_leaves_nothing_due, setup, teardown),
        cmocka_unit_test_setup_teardown(stopped_case_has_nothing_due, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
