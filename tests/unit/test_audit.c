/*
 * test_audit.c - the audit trail anchored outside the database (issue 10,
 * item 4): a key file the database never holds, a checkpoint log beside it,
 * guards put back at every start, and verify saying exactly what someone
 * holding only the database file did to the trail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/log.h"
#include "store/audit_internal.h"
#include "store/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[256];

static void remove_files(void)
{
    static const char *const SUFFIX[] = {"", "-wal", "-shm", ".audit-key", ".audit-log"};
    char p[300];
    for (size_t i = 0; i < sizeof SUFFIX / sizeof SUFFIX[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, SUFFIX[i]);
        unlink(p);
    }
}

static Db *open_db(void)
{
    char err[1024];
    Db *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    return db;
}

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-audit-unit-%d.db", (int)getpid());
    remove_files();
    Db *db = open_db();
    char err[1024];
    if (audit_prepare(db, err, sizeof err) != 0)
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

static const Actor ACTOR = {.user_id = 0, .label = "unit test", .ip = NULL};

static void append(Db *db, int n)
{
    for (int i = 0; i < n; i++) {
        AuditChange c = {"field", "before", "after"};
        assert_int_equal(audit_record(db, &ACTOR, "test.event", "thing", "1", &c, 1, "because"), 0);
    }
}

static void sql(Db *db, const char *s)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(db), s, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "sql failed: %s: %s\n", s, msg ? msg : "");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

static int64_t scalar(Db *db, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), q, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/*
 * What someone holding only the database can do: rewrite rows from `from`
 * to `to` (0: the end) with the chain recomputed the only way they can, as
 * plain SHA-256 (the chain before the key), and point the head at the end.
 */
static void rechain_without_key(Db *db, int64_t from, int64_t to)
{
    sql(db, "DROP TRIGGER IF EXISTS audit_no_update");
    sqlite3_stmt *st, *up;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
                                        "SELECT id, at, actor_id, actor, action, object_type, object_id, changes,"
                                        " reason, ip, prev_hash FROM audit WHERE id BETWEEN ? AND ? ORDER BY id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", -1,
                                        &up, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to ? to : INT64_MAX);
    char prev[65] = "";
    int64_t last = 0;
#define T(i) ((const char *)sqlite3_column_text(st, (i)))
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (!prev[0])
            snprintf(prev, sizeof prev, "%s", T(10));
        char h[65];
        audit_digest(NULL, id, T(1), sqlite3_column_int64(st, 2), T(3), T(4), T(5), T(6), T(7), T(8), T(9), prev, h);
        sqlite3_bind_text(up, 1, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 2, h, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(up, 3, id);
        assert_int_equal(sqlite3_step(up), SQLITE_DONE);
        sqlite3_reset(up);
        memcpy(prev, h, sizeof h);
        last = id;
    }
#undef T
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    char q[300];
    snprintf(q, sizeof q, "UPDATE audit_head SET last_id = %lld, last_hash = '%s'", (long long)last, prev);
    if (!to)
        sql(db, q);
}

static void verify_says(Db *db, int rc, int64_t first_bad, const char *problems)
{
    AuditReport r;
    assert_int_equal(audit_verify_report(db, &r), rc);
    if (strcmp(r.problems, problems) != 0)
        fprintf(stderr, "problems were:\n%s\n", r.problems);
    assert_string_equal(r.problems, problems);
    assert_int_equal(r.first_bad, first_bad);
}

/* "A key file the database never holds": made beside it, 0600, at the first start. */
static void the_key_lives_beside_the_database(void **state)
{
    Db *db = *state;
    char key[300], log[300];
    snprintf(key, sizeof key, "%s.audit-key", path);
    snprintf(log, sizeof log, "%s.audit-log", path);
    struct stat sb;
    assert_int_equal(stat(key, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(sb.st_size, 65); /* 64 hex digits and a newline */
    assert_int_equal(scalar(db, "SELECT keyed_from FROM audit_anchor"), 1);
    append(db, 3);
    /* an anchor line, then one checkpoint per committed transaction */
    FILE *f = fopen(log, "r");
    assert_non_null(f);
    char line[400];
    int anchors = 0, checkpoints = 0;
    while (fgets(line, sizeof line, f)) {
        anchors += strncmp(line, "rise-audit 1 anchor 1 ", 22) == 0;
        checkpoints += strncmp(line, "rise-audit 1 checkpoint ", 24) == 0;
    }
    fclose(f);
    assert_int_equal(anchors, 1);
    assert_int_equal(checkpoints, 3);
    verify_says(db, 0, 0, "");
}

/* "changing a row and recomputing the unkeyed SHA-256 chain passes" */
static void a_row_changed_and_rechained_without_the_key_is_caught(void **state)
{
    Db *db = *state;
    append(db, 5);
    sql(db, "DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'nothing to see' WHERE id = 3");
    rechain_without_key(db, 3, 0);
    verify_says(db, 1, 3,
                "row 3 was changed\n"
                "rows 4 to 5 are as the checkpoint log recorded them, but their stored MACs were rewritten\n"
                "trigger audit_no_update was missing and has been restored\n");
}

/* "deleting the last rows and rewriting audit_head passes" */
static void the_last_rows_deleted_and_the_head_rewritten_are_caught(void **state)
{
    Db *db = *state;
    append(db, 6);
    sql(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > 4;"
            "UPDATE audit_head SET last_id = 4, last_hash = (SELECT hash FROM audit WHERE id = 4)");
    verify_says(db, 1, 5,
                "rows 5 to 6 were deleted (the log's checkpoint says 6)\n"
                "trigger audit_no_delete was missing and has been restored\n");
}

/* "an empty trail passes rise audit verify" */
static void an_emptied_trail_is_caught(void **state)
{
    Db *db = *state;
    append(db, 3);
    sql(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit; DELETE FROM audit_head");
    verify_says(db, 1, 1,
                "the audit trail is empty but the checkpoint log records 3 rows\n"
                "trigger audit_no_delete was missing and has been restored\n");
}

/* "changing only the head reports rows deleted that were not" */
static void a_changed_head_is_not_called_a_deletion(void **state)
{
    Db *db = *state;
    append(db, 3);
    sql(db, "UPDATE audit_head SET last_id = 99");
    verify_says(db, 1, 0,
                "the head was changed but no rows were deleted: it records row 99, and the trail ends at row 3, as"
                " the checkpoint log confirms\n");
    /* the next row follows the last row, not the head: no gap appears */
    append(db, 1);
    verify_says(db, 0, 0, "");
    assert_int_equal(scalar(db, "SELECT max(id) FROM audit"), 4);
}

/* "dropped triggers are never restored": they are, at every start, and the trail records it */
static void guards_are_restored_at_start_and_recorded(void **state)
{
    Db *db = *state;
    append(db, 2);
    sql(db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_anchor_no_delete;"
            /* a trigger of the right name that guards nothing */
            "DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END");
    Db *again = open_db();
    char err[1024];
    assert_int_equal(audit_prepare(again, err, sizeof err), 0);
    assert_int_not_equal(sqlite3_exec(db_handle(again), "UPDATE audit SET reason = 'x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db_handle(again), "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db_handle(again), "DELETE FROM audit_anchor", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(scalar(again, "SELECT count(*) FROM audit WHERE action = 'audit.guard-restored'"), 3);
    assert_int_equal(scalar(again, "SELECT count(*) FROM audit WHERE action = 'audit.guard-restored' AND object_id ="
                                   " 'audit_no_delete' AND changes LIKE '%\"before\":\"altered\"%'"),
                     1);
    verify_says(again, 0, 0, "");
    db_close(again);
}

/* Without its key the trail cannot be checked, and the program does not
   quietly start a second chain with a new key. */
static void a_missing_or_wrong_key_stops_the_start(void **state)
{
    Db *db = *state;
    append(db, 2);
    char key[300], err[1024];
    snprintf(key, sizeof key, "%s.audit-key", path);
    assert_int_equal(unlink(key), 0);
    Db *again = open_db();
    assert_int_equal(audit_prepare(again, err, sizeof err), -1);
    assert_non_null(strstr(err, "audit-key is missing"));
    AuditReport r;
    assert_int_equal(audit_verify_report(again, &r), -1);
    assert_non_null(strstr(r.problems, "audit-key is missing"));
    db_close(again);
    FILE *f = fopen(key, "w");
    fputs("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", f);
    fclose(f);
    again = open_db();
    assert_int_equal(audit_prepare(again, err, sizeof err), -1);
    assert_non_null(strstr(err, "is not the key this database's audit trail was anchored with"));
    db_close(again);
}

/* "Existing databases whose rows were chained without a key must keep
   verifying": the first start anchors them, the keyed chain starting at the
   next row, and the rows before it are pinned by the log. */
static void a_trail_chained_without_a_key_is_re_anchored(void **state)
{
    db_close(*state);
    remove_files();
    Db *db = open_db(); /* migrated, never started: no key, no anchor */
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000", h[65], q[1200];
    for (int id = 1; id <= 3; id++) {
        audit_digest(NULL, id, "2025-01-01T00:00:00.000Z", 0, "command line", "user.create", "user", "1", "[]", NULL,
                     NULL, prev, h);
        snprintf(q, sizeof q,
                 "INSERT INTO audit (id, at, actor, action, object_type, object_id, changes, prev_hash, hash) VALUES"
                 " (%d, '2025-01-01T00:00:00.000Z', 'command line', 'user.create', 'user', '1', '[]', '%s', '%s');"
                 "INSERT OR REPLACE INTO audit_head (id, last_id, last_hash) VALUES (1, %d, '%s')",
                 id, prev, h, id, h);
        sql(db, q);
        memcpy(prev, h, sizeof h);
    }
    char err[1024];
    assert_int_equal(audit_prepare(db, err, sizeof err), 0);
    *state = db;
    assert_int_equal(scalar(db, "SELECT keyed_from FROM audit_anchor"), 4);
    append(db, 2);
    AuditReport r;
    assert_int_equal(audit_verify_report(db, &r), 0);
    assert_int_equal(r.keyed_from, 4);
    assert_non_null(strstr(r.notes, "rows 1 to 3 were written before the audit key existed"));
    assert_non_null(strstr(r.notes, "rows from 4 on are chained with the key"));
    /* the old rows can no longer be rewritten either: the log pinned row 3 */
    sql(db, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone else' WHERE id = 2");
    rechain_without_key(db, 2, 3); /* row 4 still follows the old row 3 */
    verify_says(db, 1, 3,
                "row 3 is not the row the checkpoint log recorded: it, or a row before it, was rewritten and the"
                " chain recomputed\n"
                "trigger audit_no_update was missing and has been restored\n");
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    log_set_quiet(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_key_lives_beside_the_database, setup, teardown),
        cmocka_unit_test_setup_teardown(a_row_changed_and_rechained_without_the_key_is_caught, setup, teardown),
        cmocka_unit_test_setup_teardown(the_last_rows_deleted_and_the_head_rewritten_are_caught, setup, teardown),
        cmocka_unit_test_setup_teardown(an_emptied_trail_is_caught, setup, teardown),
        cmocka_unit_test_setup_teardown(a_changed_head_is_not_called_a_deletion, setup, teardown),
        cmocka_unit_test_setup_teardown(guards_are_restored_at_start_and_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(a_missing_or_wrong_key_stops_the_start, setup, teardown),
        cmocka_unit_test_setup_teardown(a_trail_chained_without_a_key_is_re_anchored, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
