/*
 * test_store.c - the storage layer on a real SQLite file: migrations, the
 * durability settings, users with their audit rows, sessions, and the hash
 * chain of the audit trail catching edits and deletions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/log.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/sessions.h"
#include "store/throttle.h"
#include "store/users.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-unit-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
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
    /* the audit trail's key file and checkpoint log, made beside the database */
    snprintf(p, sizeof p, "%s.audit-key", path);
    unlink(p);
    snprintf(p, sizeof p, "%s.audit-log", path);
    unlink(p);
    return 0;
}

static int64_t scalar(Db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static const Actor ACTOR = {.user_id = 0, .label = "unit test", .ip = NULL};

static void durability_settings(void **state)
{
    Db *db = *state;
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(db), "PRAGMA journal_mode", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_equal(scalar(db, "PRAGMA synchronous"), 2); /* FULL */
    assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(scalar(db, "PRAGMA user_version"), db_schema_version());
    /* migrating again is a no-op */
    char err[128];
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    assert_int_equal(scalar(db, "PRAGMA user_version"), db_schema_version());
    assert_int_equal(db_ping(db), 0);
}

static void strict_tables_refuse_wrong_types(void **state)
{
    Db *db = *state;
    int rc = sqlite3_exec(db_handle(db),
                          "INSERT INTO sessions (token_hash, csrf_token, created_at, last_seen_at)"
                          " VALUES (x'00', 't', 'yesterday', 0)",
                          NULL, NULL, NULL);
    assert_int_not_equal(rc, SQLITE_OK);
}

static void user_create_update_audited(void **state)
{
    Db *db = *state;
    UserFields f = {"jo@example.gov.uk", "Jo Example", "adviser", NULL, NULL, NULL};
    int64_t id = 0;
    assert_int_equal(user_create(db, &ACTOR, &f, "hash", NULL, &id), USER_OK);
    assert_true(id > 0);
    /* emails are unique whatever their case */
    UserFields dup = {"JO@example.gov.uk", "Other", "admin", NULL, NULL, NULL};
    assert_int_equal(user_create(db, &ACTOR, &dup, "hash", NULL, NULL), USER_EMAIL_TAKEN);
    User u;
    assert_int_equal(user_get_by_email(db, "Jo@Example.gov.uk", &u), 1);
    assert_string_equal(u.role, "adviser");
    user_free(&u);

    int64_t before = scalar(db, "SELECT count(*) FROM audit");
    UserFields same = f;
    assert_int_equal(user_update(db, &ACTOR, id, &same, NULL), USER_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit"), before); /* nothing changed, nothing recorded */

    UserFields moved = {"jo@example.gov.uk", "Jo Example", "delivery-officer", "North West", NULL, NULL};
    assert_int_equal(user_update(db, &ACTOR, id, &moved, "Joined the regional team"), USER_OK);
    AuditList l;
    char idstr[24];
    snprintf(idstr, sizeof idstr, "%lld", (long long)id);
    assert_int_equal(audit_for_object(db, "user", idstr, 10, &l), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.rows[0].action, "user.update");
    assert_string_equal(l.rows[0].reason, "Joined the regional team");
    assert_non_null(strstr(l.rows[0].changes, "\"field\":\"role\",\"before\":\"adviser\",\"after\":\"delivery-officer\""));
    assert_non_null(strstr(l.rows[0].changes, "\"field\":\"region\",\"before\":null,\"after\":\"North West\""));
    assert_string_equal(l.rows[1].action, "user.create");
    audit_list_free(&l);
}

static void disabling_ends_sessions(void **state)
{
    Db *db = *state;
    UserFields f = {"sam@example.gov.uk", "Sam", "analyst", NULL, NULL, NULL};
    int64_t id;
    assert_int_equal(user_create(db, &ACTOR, &f, "hash", NULL, &id), USER_OK);
    char token[SESSION_TOKEN_LEN + 1];
    Session s;
    assert_int_equal(session_create(db, id, "127.0.0.1", 1000, token, &s), 0);
    Session found;
    assert_int_equal(session_find(db, token, &found), 1);
    assert_int_equal(found.user_id, id);
    assert_string_equal(found.csrf, s.csrf);
    session_free(&found);
    /* the database keeps only a hash of the token */
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(db), "SELECT count(*) FROM sessions WHERE token_hash = ?", -1, &st, NULL);
    sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
    sqlite3_step(st);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);

    assert_int_equal(user_set_disabled(db, &ACTOR, id, 1, "Left"), USER_OK);
    assert_int_equal(session_find(db, token, &found), 0);
    User u;
    assert_int_equal(user_get(db, id, &u), 1);
    assert_non_null(u.disabled_at);
    user_free(&u);
    assert_int_equal(user_set_disabled(db, &ACTOR, id, 0, "Back"), USER_OK);
}

static void session_purge_by_age(void **state)
{
    Db *db = *state;
    char t1[SESSION_TOKEN_LEN + 1], t2[SESSION_TOKEN_LEN + 1], t3[SESSION_TOKEN_LEN + 1];
    Session s1, s2, s3, f;
    UserFields u = {"pat@example.gov.uk", "Pat", "adviser", NULL, NULL, NULL};
    int64_t uid = 0;
    assert_int_equal(user_create(db, &ACTOR, &u, "hash", NULL, &uid), USER_OK);
    assert_int_equal(session_create(db, uid, NULL, 1000, t1, &s1), 0);
    assert_int_equal(session_create(db, 0, NULL, 9000, t2, &s2), 0);
    assert_int_equal(session_create(db, 0, NULL, 1000, t3, &s3), 0);
    assert_int_equal(session_purge(db, 9000, 3600, 43200), 0);
    assert_int_equal(session_find(db, t1, &f), 0); /* signed in, idle for more than an hour */
    assert_int_equal(session_find(db, t2, &f), 1);
    session_free(&f);
    assert_int_equal(session_find(db, t3, &f), 1); /* a sign-in form's session: only the absolute limit */
    session_free(&f);
    assert_int_equal(session_purge(db, 1000 + 43201, 3600, 43200), 0);
    assert_int_equal(session_find(db, t3, &f), 0);
    assert_int_equal(session_find(db, "not-a-token", &f), 0);
}

static void audit_chain_intact_then_edited(void **state)
{
    Db *db = *state;
    for (int i = 0; i < 5; i++) {
        AuditChange c = {"field", "a", "b"};
        assert_int_equal(audit_record(db, &ACTOR, "test.event", "thing", "1", &c, 1, "because"), 0);
    }
    int64_t checked, bad;
    char msg[256];
    assert_int_equal(audit_verify(db, &checked, &bad, msg, sizeof msg), 0);
    assert_true(checked >= 5);
    int64_t third = scalar(db, "SELECT min(id) + 2 FROM audit");

    /* the program cannot change or delete audit rows */
    assert_int_not_equal(sqlite3_exec(db_handle(db), "UPDATE audit SET reason = 'x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db_handle(db), "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);

    /* someone with the file edits a row around the trigger: caught, and named */
    char sql[200];
    snprintf(sql, sizeof sql, "DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'edited' WHERE id = %lld",
             (long long)third);
    assert_int_equal(sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(audit_verify(db, &checked, &bad, msg, sizeof msg), 1);
    assert_int_equal(bad, third);
    assert_non_null(strstr(msg, "changed"));
}

static void audit_chain_catches_deletions(void **state)
{
    Db *db = *state;
    for (int i = 0; i < 4; i++)
        assert_int_equal(audit_record(db, &ACTOR, "test.event", "thing", "2", NULL, 0, NULL), 0);
    int64_t checked, bad;
    char msg[256];
    assert_int_equal(audit_verify(db, &checked, &bad, msg, sizeof msg), 0);
    int64_t last = scalar(db, "SELECT max(id) FROM audit");
    /* delete the last row: the head still records it */
    char sql[200];
    snprintf(sql, sizeof sql, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = %lld", (long long)last);
    assert_int_equal(sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(audit_verify(db, &checked, &bad, msg, sizeof msg), 1);
    assert_int_equal(bad, last);
    /* delete a middle row: the next one no longer follows (verify put the
       trigger back, so it is dropped again) */
    snprintf(sql, sizeof sql, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2");
    assert_int_equal(sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(audit_verify(db, &checked, &bad, msg, sizeof msg), 1);
    assert_int_equal(bad, 2); /* the first row concerned: the one deleted */
    assert_string_equal(msg, "row 2 was deleted (row 3 follows row 1)");
}

static void backup_copies_everything(void **state)
{
    Db *db = *state;
    char to[300], err[256];
    snprintf(to, sizeof to, "%s.backup", path);
    unlink(to);
    UserFields f = {"bk@example.gov.uk", "Backed Up", "admin", NULL, NULL, NULL};
    assert_int_equal(user_create(db, &ACTOR, &f, "hash", NULL, NULL), USER_OK);
    assert_int_equal(db_backup(db, to, err, sizeof err), 0);
    Db *copy = db_open(to, err, sizeof err);
    assert_non_null(copy);
    User u;
    assert_int_equal(user_get_by_email(copy, "bk@example.gov.uk", &u), 1);
    user_free(&u);
    /* the backup verifies with its own copy of the checkpoint log and the
       original's key (which is never copied beside it) */
    int64_t checked, bad;
    char msg[256], key[400], log[400];
    assert_int_equal(audit_verify(copy, &checked, &bad, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "audit-key is missing"));
    assert_int_equal(audit_backup_log(path, to, checked + 100, err, sizeof err), 0);
    audit_key_path(path, key, sizeof key);
    audit_set_paths(key, NULL);
    assert_int_equal(audit_verify(copy, &checked, &bad, msg, sizeof msg), 0);
    audit_set_paths(NULL, NULL);
    db_close(copy);
    unlink(to);
    snprintf(log, sizeof log, "%s.audit-log", to);
    unlink(log);
}

/* Counting failures per address and email makes more counters: the
   background runner forgets those a day old (the rule ignores them anyway). */
static void throttle_counters_are_purged(void **state)
{
    Db *db = *state;
    int64_t n, at;
    assert_int_equal(throttle_fail(db, "pair:203.0.113.5|a@example.gov.uk", 1000), 0);
    assert_int_equal(throttle_fail(db, "pair:203.0.113.5|a@example.gov.uk", 1000), 0);
    assert_int_equal(throttle_fail(db, "ip:203.0.113.5", 5000), 0);
    assert_int_equal(throttle_get(db, "pair:203.0.113.5|a@example.gov.uk", &n, &at), 0);
    assert_int_equal(n, 2);
    assert_int_equal(throttle_purge(db, 2000), 0);
    assert_int_equal(throttle_get(db, "pair:203.0.113.5|a@example.gov.uk", &n, &at), 0);
    assert_int_equal(n, 0);
    assert_int_equal(throttle_get(db, "ip:203.0.113.5", &n, &at), 0);
    assert_int_equal(n, 1);
}

/* Showing the sign-in form writes nothing: its session is a signed cookie. */
static void prelogin_cookies_are_signed(void **state)
{
    Db *db = *state;
    unsigned char key[SESSION_KEY_LEN], again[SESSION_KEY_LEN];
    assert_int_equal(session_key_load(db, key), 0);
    assert_int_equal(session_key_load(db, again), 0);
    assert_memory_equal(key, again, SESSION_KEY_LEN); /* made once, then kept */
    char cookie[PRELOGIN_TOKEN_MAX], csrf[SESSION_TOKEN_LEN + 1], check[SESSION_TOKEN_LEN + 1];
    prelogin_make(key, 1000, cookie, csrf);
    assert_int_equal(strncmp(cookie, "p.1000.", 7), 0);
    assert_int_equal(prelogin_check(key, cookie, 1100, 43200, check), 1);
    assert_string_equal(check, csrf);
    /* too old, from the future, tampered with, or signed with another key: refused */
    assert_int_equal(prelogin_check(key, cookie, 1000 + 43201, 43200, check), 0);
    assert_int_equal(prelogin_check(key, cookie, 800, 43200, check), 0);
    char bad[PRELOGIN_TOKEN_MAX];
    snprintf(bad, sizeof bad, "%s", cookie);
    bad[3] = bad[3] == '1' ? '2' : '1';
    assert_int_equal(prelogin_check(key, bad, 1100, 43200, check), 0);
    unsigned char other[SESSION_KEY_LEN] = {1};
    assert_int_equal(prelogin_check(other, cookie, 1100, 43200, check), 0);
    assert_int_equal(prelogin_check(key, "p.garbage", 1100, 43200, check), 0);
    /* two visitors get different tokens */
    char cookie2[PRELOGIN_TOKEN_MAX], csrf2[SESSION_TOKEN_LEN + 1];
    prelogin_make(key, 1000, cookie2, csrf2);
    assert_string_not_equal(cookie, cookie2);
    assert_string_not_equal(csrf, csrf2);
    assert_int_equal(scalar(db, "SELECT count(*) FROM sessions"), 0);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    log_set_quiet(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(durability_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(strict_tables_refuse_wrong_types, setup, teardown),
        cmocka_unit_test_setup_teardown(user_create_update_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(disabling_ends_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(session_purge_by_age, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_chain_intact_then_edited, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_chain_catches_deletions, setup, teardown),
        cmocka_unit_test_setup_teardown(backup_copies_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(prelogin_cookies_are_signed, setup, teardown),
        cmocka_unit_test_setup_teardown(throttle_counters_are_purged, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
