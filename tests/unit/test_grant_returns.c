/*
 * test_grant_returns.c - spend checks and the recovery of underspend on a
 * real database (store/grant_returns.c, issue 14 item 8). 002 8.4: "All
 * underspend must be returned to the Department. You will be required to
 * return a grant evaluation and assurance reports to the DfE as requested
 * annually." A declaration below what was paid makes a recovery; completing
 * it moves the money from paid to recovered on the ledger; a recovery of
 * more than was paid is refused; budgets are set and audited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/cases.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/grant_budgets.h"
#include "store/grant_ledger.h"
#include "store/grant_returns.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];
static int64_t gt_id, grant_id;
static Actor team;
static const Actor CLI = {0, "command line", NULL};

static int64_t scalar(Db *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* A RAF grant of £10,000 to the school's trust, of which £6,000 is paid. */
static int paid_grant(Db *db)
{
    Subject s = {"si-2019-20", "school", 100001, "Grant Primary", "North East", "Durham"};
    Decision d = {.decision = "open-case", .route = "screening", .suggested = "tier-2", .rule = "stuck",
                  .reason = "Stuck school", .as_at = "2026-11-23"};
    int64_t case_id = 0, payee = 0, line1 = 0;
    if (screening_decide(db, &team, &s, &d, &case_id) != CASE_OK ||
        payee_ensure(db, PAYEE_TRUST, "4100", "Moor Learning Trust", &payee) != 0)
        return -1;
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO grants (id, case_id, kind, programme, region, payee_id, status, total, year, created_at,"
             " created_by, updated_at) VALUES (1, %lld, 'raf', 'si-2019-20', 'North East', %lld, 'accepted', 1000000,"
             " '2026-27', 'x', 'x', 'x'); INSERT INTO grant_lines (id, grant_id, position, label, amount, pay_when,"
             " status) VALUES (1, 1, 1, 'Term 1', 600000, 'up-front', 'scheduled'), (2, 1, 2, 'Term 2', 400000,"
             " 'arrears', 'scheduled')",
             (long long)case_id, (long long)payee);
    if (db_exec(db, sql) != 0 || db_begin(db) != 0)
        return -1;
    grant_id = 1;
    line1 = 1;
    GrantMove a = {.grant_id = 1, .line_id = 1, .op = OP_OFFER, .to = BUCKET_SCHEDULED, .amount = 600000};
    GrantMove b = {.grant_id = 1, .line_id = 2, .op = OP_OFFER, .to = BUCKET_SCHEDULED, .amount = 400000};
    if (grant_post(db, &team, &a) || grant_post(db, &team, &b) ||
        grant_line_move(db, &team, line1, OP_MAKE_DUE, NULL, 0, NULL, 0, NULL, NULL) ||
        grant_line_move(db, &team, line1, OP_PAY, NULL, 99, "Second Person", 0, "PAY-1", "2026-12-01") ||
        db_commit(db) != 0)
        return -1;
    return 0;
}

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-returns-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    UserFields b = {"gt@example.gov.uk", "Gail Grant", "grant-team", NULL, NULL, NULL};
    if (user_create(db, &CLI, &b, "x", NULL, &gt_id))
        return -1;
    team = (Actor){gt_id, "Gail Grant <gt@example.gov.uk>", NULL};
    if (db_exec(db, "INSERT INTO schools (urn, name, type_group, region, la_name, status) VALUES"
                    " (100001, 'Grant Primary', 'Academies', 'North East', 'Durham', 'Open')") != 0 ||
        paid_grant(db) != 0)
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

static void declaration_with_underspend_is_recovered(void **state)
{
    Db *db = *state;
    char why[300];
    int64_t annual = 0, final = 0, again = 0, rec = 0;
    /* an annual assurance return, then the end-of-grant declaration */
    assert_int_equal(grant_return_request(db, &team, grant_id, RETURN_ASSURANCE, "2026-27", "2027-04-30", &annual, why,
                                          sizeof why),
                     CW_OK);
    assert_int_equal(grant_return_request(db, &team, grant_id, RETURN_ASSURANCE, "2026-27", "2027-05-30", &again, why,
                                          sizeof why),
                     CW_REFUSED);
    assert_int_equal(grant_return_request(db, &team, grant_id, RETURN_ASSURANCE, "2026-28", "2027-05-30", &again, why,
                                          sizeof why),
                     CW_REFUSED);
    assert_int_equal(grant_return_request(db, &team, grant_id, RETURN_DECLARATION, RETURN_FINAL, "2027-08-31", &final,
                                          why, sizeof why),
                     CW_OK);
    /* the payee (the trust: its school's and trust's people) is emailed */
    assert_true(scalar(db, "SELECT count(*) FROM audit WHERE action = 'return.request'") == 2);

    /* the annual return, accepted: no recovery */
    assert_int_equal(grant_return_submit(db, &team, annual, 300000, "Coaching delivered", 0, 1, why, sizeof why), CW_OK);
    assert_int_equal(grant_return_check(db, &team, annual, 1, NULL, &rec, why, sizeof why), CW_OK);
    assert_int_equal(rec, 0);

    /* the declaration: no tick refused; then sent, returned with a note, sent again */
    assert_int_equal(grant_return_submit(db, &team, final, 450000, "All done", 0, 1, why, sizeof why), CW_REFUSED);
    assert_int_equal(grant_return_submit(db, &team, final, 450000, "All done", 1, 1, why, sizeof why), CW_OK);
    assert_int_equal(grant_return_check(db, &team, final, 0, "", &rec, why, sizeof why), CW_REFUSED);
    assert_int_equal(grant_return_check(db, &team, final, 0, "Say what the impact was", &rec, why, sizeof why), CW_OK);
    assert_int_equal(grant_return_submit(db, &team, final, 450000, "Leaders now hold staff to account", 1, 1, why,
                                         sizeof why),
                     CW_OK);
    /* 002 8.4: "All underspend must be returned to the Department." £6,000 paid, £4,500 spent: £1,500 back */
    assert_int_equal(grant_return_check(db, &team, final, 1, NULL, &rec, why, sizeof why), CW_OK);
    assert_true(rec > 0);
    GrantRecovery k;
    assert_int_equal(grant_recovery_get(db, rec, &k), 1);
    assert_int_equal(k.amount, 150000);
    assert_string_equal(k.status, RECOVERY_REQUESTED);
    assert_non_null(strstr(k.reason, "Underspend"));
    grant_recovery_free(&k);

    /* in progress, then complete: £1,500 moves from paid to recovered */
    assert_int_equal(grant_recovery_progress(db, &team, rec, "", why, sizeof why), CW_REFUSED);
    assert_int_equal(grant_recovery_progress(db, &team, rec, "Invoice sent to the trust", why, sizeof why), CW_OK);
    assert_int_equal(grant_recovery_complete(db, &team, rec, "REC-77", "2027-09-15", why, sizeof why), CW_OK);
    GrantBalance g;
    assert_int_equal(grant_balance_get(db, grant_id, &g), 1);
    assert_int_equal(g.b[BUCKET_PAID], 450000);
    assert_int_equal(g.b[BUCKET_RECOVERED], 150000);
    assert_int_equal(grant_recovery_cancel(db, &team, rec, "too late", why, sizeof why), CW_REFUSED);
    size_t n = 0;
    char err[200];
    assert_int_equal(grant_verify(db, &n, err, sizeof err), 0);
}

static void recovering_more_than_paid_is_refused(void **state)
{
    Db *db = *state;
    char why[300];
    int64_t id = 0;
    /* £4,500 is paid now */
    assert_int_equal(grant_recovery_request(db, &team, grant_id, 450001, "Misused", &id, why, sizeof why), CW_REFUSED);
    assert_non_null(strstr(why, "no more than what was paid"));
    assert_int_equal(grant_recovery_request(db, &team, grant_id, 400000, "Misused", &id, why, sizeof why), CW_OK);
    /* the paid money shrinks before it completes (a direct edit of the ledger's figures stands in for that) */
    assert_int_equal(db_exec(db, "UPDATE grants SET paid = paid - 100000, cancelled = cancelled + 100000 WHERE id = 1"),
                     0);
    assert_int_equal(grant_recovery_complete(db, &team, id, "REC-78", "2027-10-01", why, sizeof why), CW_REFUSED);
    assert_non_null(strstr(why, "more than was paid"));
    GrantBalance g;
    assert_int_equal(grant_balance_get(db, grant_id, &g), 1);
    assert_int_equal(g.b[BUCKET_PAID], 350000);
    assert_int_equal(g.b[BUCKET_RECOVERED], 150000);
    assert_int_equal(grant_recovery_cancel(db, &team, id, "Paid back another way", why, sizeof why), CW_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit WHERE action = 'recovery.cancel'"), 1);
}

static void budgets_are_set_and_audited(void **state)
{
    Db *db = *state;
    assert_true(grant_year_valid("2026-27"));
    assert_true(grant_year_valid("2099-00"));
    assert_false(grant_year_valid("2026-28"));
    assert_false(grant_year_valid("2026/27"));
    assert_false(grant_year_valid("26-27"));
    assert_int_equal(grant_budget_set(db, &team, "si-2019-20", "2026-27", "North East", 5000000), 0);
    assert_int_equal(grant_budget_set(db, &team, "si-2019-20", "2026-27", "North East", 700000), 0);
    assert_int_equal(grant_budget_set(db, &team, "si-2019-20", "2026-2", "North East", 1), -1);
    GrantBudget b;
    assert_int_equal(grant_budget_get(db, "si-2019-20", "2026-27", "North East", &b), 0);
    assert_int_equal(b.allocated, 700000);
    assert_int_equal(b.forecast, 1000000 - 100000 - 150000);
    assert_int_equal(b.committed, 1000000);
    assert_true(b.forecast > b.allocated); /* over budget */
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit WHERE action = 'budget.set'"), 2);
    char years[4][8];
    assert_int_equal(grant_budget_years(db, years, 4), 1);
    assert_string_equal(years[0], "2026-27");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(declaration_with_underspend_is_recovered),
        cmocka_unit_test(recovering_more_than_paid_is_refused),
        cmocka_unit_test(budgets_are_set_and_audited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
