/*
 * test_grant_ledger.c - the ledger's balance as a property (issue 14 item
 * 9): on a real migrated database, grants made from approved RAFs and RISE
 * planning grants go through thousands of random operations (issue,
 * accept, a term's progress, withhold, release, pay in a made-up run,
 * cancel, recover part of what was paid, withdraw), valid and invalid.
 * After each, every grant's buckets add up to what was offered; a refused
 * operation changes nothing; at the end grant_verify finds every grant in
 * agreement with its ledger and schedule. A direct UPDATE breaking the sum
 * is refused by the table's CHECK.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/log.h"
#include "store/db.h"
#include "store/grant_ledger.h"
#include "store/grants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];
static const Actor TEAM = {0, "Gail Grant <gail@example.gov.uk>", NULL};

#define N_RAF 40
#define N_PLANNING 10
#define N_GRANTS (N_RAF + N_PLANNING)
#define N_OPS 5000

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static int pick(int n)
{
    return (int)(next() % (uint64_t)n);
}

static void exec(Db *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s\n", msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

static int setup(void **state)
{
    log_set_quiet(1);
    snprintf(path, sizeof path, "/tmp/rise-unit-grant-ledger-%d.db", (int)getpid());
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
    const char *ext[] = {"", "-wal", "-shm", ".audit-key", ".audit-log"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s%s", path, ext[i]);
        unlink(p);
    }
    return 0;
}

/* Everything the ledger touches, as one string: grants' balances and
   statuses, lines' statuses, the number of ledger entries. */
static char *snapshot(Db *db)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(db),
                       "SELECT (SELECT group_concat(id || ':' || status || ':' || offered || ',' || scheduled || ','"
                       " || due || ',' || withheld || ',' || paid || ',' || cancelled || ',' || recovered, ';')"
                       " FROM grants) || '|' || (SELECT group_concat(id || status || COALESCE(run_id, ''), ';')"
                       " FROM grant_lines) || '|' || (SELECT count(*) FROM grant_ledger)",
                       -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *s = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return s;
}

static void all_balanced(Db *db, int64_t n)
{
    for (int64_t id = 1; id <= n; id++) {
        GrantBalance b;
        assert_int_equal(grant_balance_get(db, id, &b), 1);
        assert_true(grant_balance_ok(&b));
    }
}

/* The grants: RAFs of three terms (some term empty) to matched providers,
   RISE planning grants to trusts. */
static void make_grants(Db *db)
{
    exec(db, "INSERT INTO organisations (id, name, kind, created_at, created_by) VALUES"
             " (1, 'Near Trust Partnership', 'supporting-organisation', 't', 't')");
    exec(db, "INSERT INTO payment_runs (id, status, prepared_by_id, prepared_by, prepared_at, approved_by_id,"
             " approved_by, approved_at) VALUES (1, 'approved', 1, 'One', 't', 2, 'Two', 't'),"
             " (2, 'approved', 1, 'One', 't', 2, 'Two', 't')");
    for (int i = 1; i <= N_RAF + N_PLANNING; i++) {
        char sql[400];
        int raf = i <= N_RAF;
        snprintf(sql, sizeof sql,
                 "INSERT INTO cases (id, programme, subject_kind, subject_id, subject_name, region, status, route,"
                 " rationale, opened_at, opened_by) VALUES (%d, '%s', '%s', %d, 'Subject %d', 'North East',"
                 " 'in progress', 'exception', 'r', 't', 't')",
                 i, raf ? "si-2019-20" : "rise", raf ? "school" : "trust", 4000 + i, i);
        exec(db, sql);
    }
    for (int i = 1; i <= N_RAF; i++) {
        Case c = {.id = i, .programme = "si-2019-20", .region = "North East", .subject_kind = "school",
                  .subject_name = "Subject", .matched_provider = 1};
        Plan p;
        plan_init(&p, PLAN_RAF);
        p.coordination[0] = 100000 + pick(500000);
        p.coordination[1] = i % 3 == 0 ? 0 : 1 + pick(500000);
        p.coordination[2] = 1 + pick(500000);
        assert_int_equal(db_begin(db), 0);
        assert_int_equal(grant_from_plan(db, &TEAM, &c, &p, 1, "2026-09-15"), 0);
        assert_int_equal(db_commit(db), 0);
        plan_free(&p);
    }
    for (int i = N_RAF + 1; i <= N_RAF + N_PLANNING; i++) {
        int64_t id = 0;
        const char *why = NULL;
        assert_int_equal(grant_planning_prepare(db, &TEAM, i, &id, &why), CW_OK);
        assert_int_equal(id, i);
        /* only once */
        assert_int_equal(grant_planning_prepare(db, &TEAM, i, &id, &why), CW_REFUSED);
    }
    char q[64];
    snprintf(q, sizeof q, "SELECT count(*) FROM grants");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(db), q, -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), N_GRANTS);
    sqlite3_finalize(st);
}

/* A random line of a grant (sometimes one that does not exist). */
static int64_t line_of(Db *db, int64_t grant, int position)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(db), "SELECT id FROM grant_lines WHERE grant_id = ? AND position = ?", -1, &st,
                       NULL);
    sqlite3_bind_int64(st, 1, grant);
    sqlite3_bind_int(st, 2, position);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 999999;
    sqlite3_finalize(st);
    return id;
}

/* A ledger move of its own, in a transaction: 0 done, else refused. */
static int in_tx(Db *db, int rc_of_move)
{
    if (rc_of_move == 0)
        assert_int_equal(db_commit(db), 0);
    else
        db_rollback(db);
    return rc_of_move;
}

/* One random operation; returns 0 when it was done, else it was refused. */
static int one_op(Db *db, int64_t g, int pos, int *refusals_by_kind)
{
    const char *why = NULL;
    char ref[32];
    snprintf(ref, sizeof ref, "PAY-%llu", (unsigned long long)(next() % 100000));
    int kind = pick(11), rc;
    switch (kind) {
    case 0: rc = grant_issue(db, &TEAM, g, pick(4) != 0, &why); break;
    case 1: rc = grant_accept(db, &TEAM, g, pick(8) ? "Hal Head" : "", 1, &why); break;
    case 2: rc = grant_line_act(db, &TEAM, g, pos, LINE_PROGRESS, pick(8) ? "On track" : "", &why); break;
    case 3: rc = grant_line_act(db, &TEAM, g, pos, LINE_WITHHOLD, "Not on track", &why); break;
    case 4: rc = grant_line_act(db, &TEAM, g, pos, LINE_RELEASE, "Back on track", &why); break;
    case 5:
    case 6:
        db_begin(db);
        rc = in_tx(db, grant_line_move(db, &TEAM, line_of(db, g, pos), OP_PAY, NULL, 2, "Two", 1 + pick(2), ref,
                                       "2026-10-01"));
        break;
    case 7:
        db_begin(db);
        rc = in_tx(db, grant_line_move(db, &TEAM, line_of(db, g, pos), OP_CANCEL, "No longer needed", 0, NULL, 0,
                                       NULL, NULL));
        break;
    case 8: {
        /* recover part of what was paid (or more than was: refused) */
        GrantBalance b;
        grant_balance_get(db, g, &b);
        int64_t amount = pick(3) == 0 ? b.b[BUCKET_PAID] + 1 + pick(1000) : 1 + (int64_t)(next() % 50000);
        GrantMove m = {.grant_id = g, .op = OP_RECOVER, .from = BUCKET_PAID, .to = BUCKET_RECOVERED,
                       .amount = amount, .reason = "Underspend returned", .reference = ref};
        db_begin(db);
        rc = in_tx(db, grant_post(db, &TEAM, &m));
        break;
    }
    case 9: {
        /* moves the table does not allow, or amounts that are not positive */
        GrantMove bad[] = {
            {.grant_id = g, .op = OP_PAY, .from = BUCKET_SCHEDULED, .to = BUCKET_PAID, .amount = 100},
            {.grant_id = g, .op = OP_RECOVER, .from = BUCKET_DUE, .to = BUCKET_RECOVERED, .amount = 100},
            {.grant_id = g, .op = OP_WITHHOLD, .from = BUCKET_PAID, .to = BUCKET_WITHHELD, .amount = 100},
            {.grant_id = g, .op = OP_RECOVER, .from = BUCKET_PAID, .to = BUCKET_RECOVERED, .amount = -5},
            {.grant_id = g, .op = OP_OFFER, .from = BUCKET_NONE, .to = BUCKET_PAID, .amount = 100},
        };
        db_begin(db);
        rc = in_tx(db, grant_post(db, &TEAM, &bad[pick(5)]));
        assert_int_not_equal(rc, 0);
        break;
    }
    default: rc = pick(25) == 0 ? grant_withdraw(db, &TEAM, g, pick(3) ? "Support ended" : "", &why) : -99; break;
    }
    if (rc != 0 && rc != -99)
        refusals_by_kind[kind]++;
    assert_int_not_equal(rc, -1); /* a refusal, never a database error */
    return rc;
}

static void random_operations_keep_the_balance(void **state)
{
    Db *db = *state;
    make_grants(db);
    size_t n = 0;
    char err[512];
    assert_int_equal(grant_verify(db, &n, err, sizeof err), 0); /* drafts: nothing offered yet */
    int done = 0, refused = 0, by_kind[11] = {0};
    for (int i = 0; i < N_OPS; i++) {
        int64_t g = 1 + pick(N_GRANTS);
        int pos = pick(5); /* 0 and 4: no such line */
        char *before = snapshot(db);
        int rc = one_op(db, g, pos, by_kind);
        char *after = snapshot(db);
        if (rc == 0) {
            done++;
        } else {
            refused++;
            if (strcmp(before, after) != 0)
                fail_msg("operation %d refused (%d) but changed something:\n%s\n%s", i, rc, before, after);
        }
        free(before);
        free(after);
        all_balanced(db, N_GRANTS);
        if (i % 250 == 0)
            assert_int_equal(grant_verify(db, &n, err, sizeof err), 0);
    }
    assert_int_equal(grant_verify(db, &n, err, sizeof err), 0);
    assert_int_equal(n, N_GRANTS);
    /* both kinds happened plenty */
    printf("# %d done, %d refused\n", done, refused);
    assert_true(done > N_OPS / 20);
    assert_true(refused > N_OPS / 10);
    for (int k = 0; k < 10; k++)
        assert_true(by_kind[k] > 0);
    /* money reached every bucket somewhere */
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(db), "SELECT sum(paid), sum(withheld), sum(cancelled), sum(recovered), sum(due)"
                                      " FROM grants", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    for (int c = 0; c < 4; c++)
        assert_true(sqlite3_column_int64(st, c) > 0);
    sqlite3_finalize(st);

    /* the CHECK refuses a direct change that breaks the sum, and a negative bucket */
    assert_int_not_equal(sqlite3_exec(db_handle(db), "UPDATE grants SET paid = paid + 1 WHERE id = 1", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db_handle(db), "UPDATE grants SET due = -1, scheduled = scheduled + 1 WHERE id = 1",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(grant_verify(db, &n, err, sizeof err), 0);
    /* a change behind the ledger's back that keeps the sum is still found */
    sqlite3_exec(db_handle(db), "UPDATE grants SET paid = paid + 1, cancelled = cancelled - 1 WHERE cancelled > 0"
                                " AND id = (SELECT min(id) FROM grants WHERE cancelled > 0)",
                 NULL, NULL, NULL);
    if (sqlite3_changes(db_handle(db)) == 1)
        assert_true(grant_verify(db, &n, err, sizeof err) == 1);
}

/* The term ends (interpretation: 31 December, 31 March, 31 July). */
static void term_ends(void **state)
{
    (void)state;
    char out[11];
    Date from = date_from_ymd(2026, 9, 15);
    date_iso(grant_term_end(from, 0, NULL, 0), out);
    assert_string_equal(out, "2026-12-31");
    date_iso(grant_term_end(from, 1, NULL, 0), out);
    assert_string_equal(out, "2027-03-31");
    date_iso(grant_term_end(from, 2, NULL, 0), out);
    assert_string_equal(out, "2027-07-31");
    date_iso(grant_term_end(date_from_ymd(2026, 12, 31), 0, NULL, 0), out);
    assert_string_equal(out, "2027-03-31");
    GrantTermEnd two[] = {{8, 31}, {2, 28}};
    date_iso(grant_term_end(from, 1, two, 2), out);
    assert_string_equal(out, "2027-08-31");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(random_operations_keep_the_balance, setup, teardown),
        cmocka_unit_test(term_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
