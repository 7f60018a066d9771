/*
 * test_payments.c - payment runs on a real database (store/payments.c,
 * issue 14 item 6): a run takes exactly the lines due on accepted grants
 * (or grants of days) whose payee has a vendor account, and reports the
 * rest as held back; the person who prepared a run cannot approve it; an
 * approved run exports one CSV row a payee, quoted and safe from formula
 * injection; marking paid moves the money through the ledger once (a
 * second time is refused and changes nothing, and grant_verify still
 * balances), queues a remittance to the payee's accounts and completes the
 * case's grant task; a cancelled run's lines are due again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/cases.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/grant_ledger.h"
#include "store/payments.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];
static const Actor CLI = {0, "command line", NULL};
static int64_t preparer_id, approver_id, case_id, payee_a, payee_b;
static Actor preparer, approver;

static int64_t scalar(Db *db, const char *fmt, int64_t id)
{
    char sql[600];
    snprintf(sql, sizeof sql, fmt, (long long)id);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* A grant of kind and status for the payee with one line per amount; the
   first `due` lines made due. Returns the grant's id. */
static int64_t grant(Db *db, const char *kind, const char *status, int64_t payee, const int64_t *amounts, int n, int due)
{
    char sql[800];
    snprintf(sql, sizeof sql,
             "INSERT INTO grants (case_id, kind, days_kind, programme, region, payee_id, status, total, created_at,"
             " created_by, updated_at) VALUES (%lld, '%s', %s, 'rise', 'North East', %lld, '%s', 0, '2026-01-01',"
             " 'test', '2026-01-01')",
             (long long)case_id, kind, strcmp(kind, "days") == 0 ? "'adviser'" : "NULL", (long long)payee, status);
    assert_int_equal(db_exec(db, sql), 0);
    int64_t g = sqlite3_last_insert_rowid(db_handle(db));
    assert_int_equal(db_begin(db), 0);
    for (int i = 0; i < n; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO grant_lines (grant_id, position, label, amount, pay_when, term, status) VALUES"
                 " (%lld, %d, 'Term %d', %lld, 'arrears', %d, 'scheduled')",
                 (long long)g, i, i + 1, (long long)amounts[i], i);
        assert_int_equal(db_exec(db, sql), 0);
        int64_t line = sqlite3_last_insert_rowid(db_handle(db));
        GrantMove m = {.grant_id = g, .line_id = line, .op = OP_OFFER, .from = BUCKET_NONE, .to = BUCKET_SCHEDULED,
                       .amount = amounts[i]};
        assert_int_equal(grant_post(db, &CLI, &m), 0);
        if (i < due)
            assert_int_equal(grant_line_move(db, &CLI, line, OP_MAKE_DUE, NULL, 0, NULL, 0, NULL, NULL), 0);
    }
    assert_int_equal(db_commit(db), 0);
    return g;
}

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-payments-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    UserFields a = {"grants@example.gov.uk", "Gail Grant", "grant-team", NULL, NULL, NULL};
    UserFields b = {"approver@example.gov.uk", "Abe Approver", "grant-team", NULL, NULL, NULL};
    if (user_create(db, &CLI, &a, "x", NULL, &preparer_id) || user_create(db, &CLI, &b, "x", NULL, &approver_id))
        return -1;
    preparer = (Actor){preparer_id, "Gail Grant <grants@example.gov.uk>", NULL};
    approver = (Actor){approver_id, "Abe Approver <approver@example.gov.uk>", NULL};
    if (db_exec(db, "INSERT INTO schools (urn, name, type_name, type_group, region, la_name, status) VALUES"
                    " (100001, 'Example Primary', 'Academy converter', 'Academies', 'North East', 'Durham', 'Open')") !=
        0)
        return -1;
    Subject s = {"rise", "school", 100001, "Example Primary", "North East", "Durham"};
    Decision d = {.decision = "open-case", .route = "exception", .exception_source = "self-identified",
                  .category = "targeted", .reason = "Asked for help", .as_at = "2026-01-05"};
    if (screening_decide(db, &CLI, &s, &d, &case_id) != CASE_OK)
        return -1;
    /* payee A: a trust with an account for its staff; payee B: no vendor account */
    UserFields t = {"ceo@trust.example", "Cy Ceo", "school", NULL, "4100", NULL};
    int64_t ceo;
    if (user_create(db, &CLI, &t, "x", NULL, &ceo) ||
        db_exec(db, "UPDATE users SET org_kind = 'trust' WHERE email = 'ceo@trust.example'") != 0)
        return -1;
    if (payee_ensure(db, PAYEE_TRUST, "4100", "=Moor \"Learning\", Trust", &payee_a) != 0 ||
        payee_ensure(db, PAYEE_PROVIDER, "77", "Near Partners", &payee_b) != 0)
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
    snprintf(p, sizeof p, "%s.audit-key", path);
    unlink(p);
    snprintf(p, sizeof p, "%s.audit-log", path);
    unlink(p);
    return 0;
}

static void vendor_accounts_and_csv_cells(void **state)
{
    (void)state;
    assert_null(payee_vendor_problem("V0012345"));
    assert_null(payee_vendor_problem("12345678901234567890"));
    assert_non_null(payee_vendor_problem(""));
    assert_non_null(payee_vendor_problem("123456789012345678901"));
    assert_non_null(payee_vendor_problem("V-001"));
    assert_non_null(payee_vendor_problem("V 001"));
    Buf b = BUF_INIT;
    payment_csv_cell(&b, "plain", 0);
    payment_csv_cell(&b, "a,b", 0);
    payment_csv_cell(&b, "say \"hi\"", 0);
    payment_csv_cell(&b, "=SUM(A1)", 0);
    payment_csv_cell(&b, "+1", 0);
    payment_csv_cell(&b, "-1", 0);
    payment_csv_cell(&b, "@x", 0);
    payment_csv_cell(&b, "line\nbreak", 0);
    payment_csv_cell(&b, NULL, 1);
    assert_string_equal(buf_str(&b), "plain,\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),'+1,'-1,'@x,\"line\nbreak\",\r\n");
    buf_free(&b);
}

static void a_run_from_preparation_to_payment(void **state)
{
    Db *db = *state;
    const char *why = NULL;
    int64_t run = 0;
    int held = -1;
    /* nothing due yet */
    assert_int_equal(payment_run_prepare(db, &preparer, &run, &held, &why), CW_REFUSED);
    assert_non_null(strstr(why, "nothing to pay"));

    int64_t a3[] = {100000, 50000, 50000};
    int64_t g1 = grant(db, "improvement", "accepted", payee_a, a3, 3, 1); /* 1 due, 2 scheduled */
    int64_t one[] = {30000};
    int64_t g2 = grant(db, "planning", "accepted", payee_b, one, 1, 1); /* due, but no vendor account */
    int64_t g3 = grant(db, "raf", "offered", payee_a, one, 1, 1);       /* due, but the offer is not accepted */
    int64_t two[] = {60000, 30000};
    int64_t g4 = grant(db, "days", "offered", payee_a, two, 2, 2); /* claims: no offer to accept */
    (void)g2;
    (void)g3;
    /* no vendor account anywhere yet */
    assert_int_equal(payment_run_prepare(db, &preparer, &run, &held, &why), CW_REFUSED);
    assert_int_equal(payee_vendor_update(db, &preparer, payee_a, "V 1", &why), CW_REFUSED);
    assert_int_equal(payee_vendor_update(db, &preparer, payee_a, "V0012345", &why), CW_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit WHERE action = 'payee.vendor' AND object_id = '%lld'", payee_a),
                     1);

    PayeeDueList due;
    assert_int_equal(payments_due_by_payee(db, &due), 0);
    assert_int_equal(due.n_lines, 5);
    assert_int_equal(due.n_payable, 3);
    assert_int_equal(due.total_payable, 100000 + 60000 + 30000);
    payee_due_list_free(&due);

    assert_int_equal(payment_run_prepare(db, &preparer, &run, &held, &why), CW_OK);
    assert_true(run > 0);
    assert_int_equal(held, 2);
    PaymentRun r;
    assert_int_equal(payment_run_get(db, run, &r), 1);
    assert_string_equal(r.status, RUN_PREPARED);
    assert_int_equal(r.total, 190000);
    assert_int_equal(r.n_lines, 3);
    assert_int_equal(r.n_payees, 1);
    payment_run_free(&r);
    assert_int_equal(scalar(db, "SELECT count(*) FROM grant_lines WHERE run_id = %lld", run), 3);
    assert_int_equal(scalar(db, "SELECT count(*) FROM grant_lines WHERE grant_id IN (SELECT id FROM grants WHERE"
                                " kind IN ('planning', 'raf')) AND run_id IS NOT NULL AND %lld", 1),
                     0);
    PayLineList heldl;
    assert_int_equal(payments_held(db, 0, &heldl), 0);
    assert_int_equal(heldl.n, 2);
    for (size_t i = 0; i < heldl.n; i++)
        assert_non_null(strstr(pay_line_held_reason(&heldl.items[i]), "Cannot be paid until"));
    pay_line_list_free(&heldl);
    /* the next run has nothing: everything payable is in this one */
    int64_t run2 = 0;
    assert_int_equal(payment_run_prepare(db, &approver, &run2, NULL, &why), CW_REFUSED);
    /* the vendor account cannot change under a run */
    assert_int_equal(payee_vendor_update(db, &preparer, payee_a, "V999", &why), CW_REFUSED);

    /* not exported before approval; the preparer cannot approve */
    Buf csv = BUF_INIT;
    assert_int_equal(payment_run_csv(db, &preparer, run, &csv, &why), CW_REFUSED);
    assert_int_equal(payment_run_approve(db, &preparer, run, &why), CW_REFUSED);
    assert_string_equal(why, "The person who prepared a run cannot approve it");
    /* the database refuses it too */
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE payment_runs SET approved_by_id = %lld WHERE id = %lld", (long long)preparer_id,
             (long long)run);
    assert_int_not_equal(db_exec(db, sql), 0);
    assert_int_equal(payment_run_approve(db, &approver, run, &why), CW_OK);
    assert_int_equal(payment_run_approve(db, &approver, run, &why), CW_REFUSED);

    /* the export: one row for the one payee */
    assert_int_equal(payment_run_csv(db, &preparer, run, &csv, &why), CW_OK);
    const char *text = buf_str(&csv);
    assert_true(strncmp(text, "RunId,Reference,PayeeVendorAccount,PayeeName,PayeeKind,Amount,AmountPence,Lines,LineIds,"
                              "GrantIds,Programmes,ApprovedOn\r\n", 107) == 0);
    char want[200];
    snprintf(want, sizeof want, "\r\n%lld,RISE grant run %lld,V0012345,\"'=Moor \"\"Learning\"\", Trust\",trust,1900.00,190000,3,",
             (long long)run, (long long)run);
    assert_non_null(strstr(text, want));
    char grants_col[64];
    snprintf(grants_col, sizeof grants_col, ",%lld; %lld,rise,", (long long)g1, (long long)g4);
    assert_non_null(strstr(text, grants_col));
    buf_free(&csv);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit WHERE action = 'payment_run.export' AND object_id = '%lld'", run),
                     1);

    /* paid once */
    int64_t ledger = scalar(db, "SELECT count(*) FROM grant_ledger WHERE op = 'pay' AND %lld", 1);
    assert_int_equal(payment_run_mark_paid(db, &preparer, run, "", "2026-02-03", &why), CW_REFUSED);
    assert_int_equal(payment_run_mark_paid(db, &preparer, run, "FIN-0042", "2026-02-03", &why), CW_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM grant_ledger WHERE op = 'pay' AND %lld", 1), ledger + 3);
    assert_int_equal(scalar(db, "SELECT count(*) FROM grant_ledger WHERE op = 'pay' AND approved_by_id = %lld", approver_id),
                     3);
    assert_int_equal(scalar(db, "SELECT paid FROM grants WHERE id = %lld", g1), 100000);
    assert_int_equal(scalar(db, "SELECT paid FROM grants WHERE id = %lld", g4), 90000);
    assert_int_equal(scalar(db, "SELECT count(*) FROM grant_lines WHERE status = 'paid' AND paid_on = '2026-02-03'"
                                " AND paid_reference = 'FIN-0042' AND run_id = %lld", run),
                     3);
    assert_int_equal(scalar(db, "SELECT count(*) FROM outbox WHERE template_key = 'remittance' AND recipient ="
                                " 'ceo@trust.example' AND object_id = '%lld'", run),
                     1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM case_tasks WHERE case_id = %lld AND status = 'completed' AND code IN"
                                " (SELECT code FROM task_templates WHERE programme = 'rise' AND kind = 'grant')", case_id),
                     1);
    int64_t audit_rows = scalar(db, "SELECT count(*) FROM audit WHERE %lld", 1);
    /* twice: refused, nothing changes */
    assert_int_equal(payment_run_mark_paid(db, &approver, run, "FIN-0043", "2026-02-04", &why), CW_REFUSED);
    assert_non_null(strstr(why, "already been marked as paid"));
    assert_int_equal(scalar(db, "SELECT count(*) FROM grant_ledger WHERE op = 'pay' AND %lld", 1), ledger + 3);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit WHERE %lld", 1), audit_rows);
    assert_int_equal(scalar(db, "SELECT count(*) FROM outbox WHERE template_key = 'remittance' AND %lld", 1), 1);
    assert_int_equal(payment_run_cancel(db, &approver, run, "Too late", &why), CW_REFUSED);
    /* the ledger cannot pay a line twice even when asked directly */
    assert_int_equal(db_begin(db), 0);
    int64_t line = scalar(db, "SELECT min(id) FROM grant_lines WHERE run_id = %lld", run);
    assert_int_equal(grant_line_move(db, &CLI, line, OP_PAY, NULL, approver_id, "x", run, "again", NULL), 1);
    db_rollback(db);
    size_t n = 0;
    char err[400];
    assert_int_equal(grant_verify(db, &n, err, sizeof err), 0);
    assert_int_equal(n, 4);

    /* a cancelled run's lines are due again */
    assert_int_equal(db_begin(db), 0);
    int64_t next = scalar(db, "SELECT min(id) FROM grant_lines WHERE grant_id = %lld AND status = 'scheduled'", g1);
    assert_int_equal(grant_line_move(db, &CLI, next, OP_MAKE_DUE, NULL, 0, NULL, 0, NULL, NULL), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(payment_run_prepare(db, &approver, &run2, NULL, &why), CW_OK);
    assert_int_equal(payment_run_cancel(db, &preparer, run2, "", &why), CW_REFUSED);
    assert_int_equal(payment_run_cancel(db, &preparer, run2, "Wrong month", &why), CW_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM grant_lines WHERE id = %lld AND status = 'due' AND run_id IS NULL",
                            next),
                     1);
    assert_int_equal(payment_run_approve(db, &preparer, run2, &why), CW_REFUSED);
    PaymentRunList runs;
    assert_int_equal(payment_runs_list(db, 0, &runs), 0);
    assert_int_equal(runs.n, 2);
    assert_int_equal(runs.items[0].id, run2); /* newest first */
    assert_string_equal(runs.items[0].status, RUN_CANCELLED);
    payment_run_list_free(&runs);
    assert_int_equal(grant_verify(db, &n, err, sizeof err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vendor_accounts_and_csv_cells),
        cmocka_unit_test_setup_teardown(a_run_from_preparation_to_payment, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
