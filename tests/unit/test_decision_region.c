/*
 * test_decision_region.c - a screening decision keeps the region it was
 * made in (issue 10, docs/decisions/0009): recorded when it is made, read
 * back as its scope, and worked out for decisions made before the column
 * existed by the migration that added it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/access.h"
#include "store/cases.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char *const RISE_MIGRATIONS[];
extern const int RISE_MIGRATION_COUNT;

static char path[256];

static void remove_files(void)
{
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-unit-region-%d.db", (int)getpid());
    remove_files();
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db)
        return -1;
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    remove_files();
    return 0;
}

static void exec(Db *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* The region stored for a decision, "" for NULL. */
static const char *region_of(Db *db, int64_t id, char *out, size_t outlen)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT region FROM screening_decisions WHERE id = ?", -1, &st,
                                        NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(out, outlen, "%s", t ? (const char *)t : "");
    sqlite3_finalize(st);
    return out;
}

/* The migration that adds the column: found by what it does, so that
   migrations appended after it do not break this test. */
static int region_migration(void)
{
    for (int i = 0; i < RISE_MIGRATION_COUNT; i++)
        if (strstr(RISE_MIGRATIONS[i], "ALTER TABLE screening_decisions ADD COLUMN region"))
            return i;
    return -1;
}

/* Decisions made before the column existed take the region of their case,
   else of the officer who decided (they could decide only in their own
   region), else the school's region today. */
static void earlier_decisions_are_backfilled(void **state)
{
    Db *db = *state;
    int k = region_migration();
    assert_true(k > 0);
    exec(db, "PRAGMA foreign_keys = OFF");
    for (int i = 0; i < k; i++)
        exec(db, RISE_MIGRATIONS[i]);
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", k);
    exec(db, pragma);
    exec(db,
         "INSERT INTO users (id, email, name, role, region, password_hash, created_at, updated_at) VALUES"
         " (1, 'ne@example', 'North East Officer', 'delivery-officer', 'North East', 'x', 't', 't'),"
         " (2, 'admin@example', 'Admin', 'admin', NULL, 'x', 't', 't');"
         /* GIAS has since moved both schools to London */
         "INSERT INTO schools (urn, name, region) VALUES (100001, 'Moved With Case', 'London'),"
         " (100002, 'Moved Set Aside', 'London'), (100003, 'Decided By Someone Gone', 'London');"
         "INSERT INTO cases (id, programme, subject_kind, subject_id, subject_name, region, route, rationale,"
         " opened_at, opened_by) VALUES (1, 'rise', 'school', 100001, 'Moved With Case', 'North East', 'screening',"
         " 'why', 't', 'x');"
         "INSERT INTO screening_decisions (id, programme, subject_kind, subject_id, subject_name, decision, route,"
         " reason, case_id, decided_by_id, decided_by, decided_at) VALUES"
         " (1, 'rise', 'school', 100001, 'Moved With Case', 'open-case', 'screening', 'r', 1, 2, 'x', 't'),"
         " (2, 'rise', 'school', 100002, 'Moved Set Aside', 'set-aside', 'screening', 'r', NULL, 1, 'x', 't'),"
         " (3, 'rise', 'school', 100003, 'Decided By Someone Gone', 'set-aside', 'screening', 'r', NULL, 99, 'x', 't'),"
         " (4, 'tsio-2022-23', 'trust', 5000, 'A Trust', 'set-aside', 'screening', 'r', NULL, NULL, 'x', 't');");
    char err[256];
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    char r[64];
    assert_string_equal(region_of(db, 1, r, sizeof r), "North East"); /* the case's */
    assert_string_equal(region_of(db, 2, r, sizeof r), "North East"); /* the officer's */
    assert_string_equal(region_of(db, 3, r, sizeof r), "London");     /* the school's today */
    assert_string_equal(region_of(db, 4, r, sizeof r), "");           /* unknown: no region's */
}

/* A decision made now records the subject's region as screened, and reads
   back with it as its scope. */
static void decisions_record_their_region(void **state)
{
    Db *db = *state;
    char err[256];
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    Actor actor = {.user_id = 0, .label = "unit test", .ip = NULL};
    Subject s = {"rise", "school", 100001, "A School", "North East", "Newcastle upon Tyne"};
    Decision d = {.decision = "set-aside", .route = "screening", .suggested = "targeted", .rule = "rise.stuck",
                  .reason = "Already supported", .as_at = "2026-01-05"};
    int64_t case_id = -1;
    assert_int_equal(screening_decide(db, &actor, &s, &d, &case_id), CASE_OK);
    assert_int_equal(case_id, 0);
    DecisionRow row;
    assert_int_equal(screening_latest(db, "rise", "school", 100001, &row), 1);
    assert_string_equal(row.region, "North East");
    Scope scope = decision_scope(&row);
    assert_string_equal(scope.region, "North East");
    assert_int_equal(scope.adviser_id, 0);
    /* the scope is the decision's, whatever the school's region becomes */
    Principal london = {.user_id = 3, .role = ROLE_DELIVERY_OFFICER, .region = "London"};
    Principal north_east = {.user_id = 4, .role = ROLE_DELIVERY_OFFICER, .region = "North East"};
    assert_int_equal(authorise(&london, PERM_CASES_READ, &scope), ACCESS_DENY);
    assert_int_equal(authorise(&north_east, PERM_CASES_READ, &scope), ACCESS_ALLOW);
    decision_row_free(&row);

    /* a case opened: the decision's scope carries the case's adviser */
    exec(db, "INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES"
             " (5, 'adviser@example', 'An Adviser', 'adviser', 'x', 't', 't')");
    Subject t = {"rise", "school", 100002, "Another School", "North East", "Gateshead"};
    Decision o = {.decision = "open-case", .route = "exception", .category = "targeted",
                  .exception_source = "self-identified", .reason = "Asked for help", .as_at = "2026-01-05"};
    assert_int_equal(screening_decide(db, &actor, &t, &o, &case_id), CASE_OK);
    assert_true(case_id > 0);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE cases SET adviser_id = 5 WHERE id = %lld", (long long)case_id);
    exec(db, sql);
    DecisionList l;
    assert_int_equal(screening_for_subject(db, "school", 100002, &l), 0);
    assert_int_equal((int)l.n, 1);
    assert_string_equal(l.items[0].region, "North East");
    assert_int_equal(l.items[0].case_adviser_id, 5);
    Principal adviser = {.user_id = 5, .role = ROLE_ADVISER};
    Scope cs = decision_scope(&l.items[0]);
    assert_int_equal(authorise(&adviser, PERM_CASES_READ, &cs), ACCESS_ALLOW);
    decision_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(earlier_decisions_are_backfilled, setup, teardown),
        cmocka_unit_test_setup_teardown(decisions_record_their_region, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
