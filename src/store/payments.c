/*
 * payments.c - payees' vendor accounts and payment runs. See payments.h.
 */
#include "store/payments.h"

#include "core/log.h"
#include "domain/casework.h"
#include "domain/plans.h"
#include "store/casework.h"
#include "store/grant_ledger.h"
#include "store/messages.h"
#include "store/outbox.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a run may take: due, in no run, the grant accepted (a grant of days
   has no offer), the payee's vendor account set. */
#define PAYABLE_SQL                                                                                               \
    "(l.status = 'due' AND l.run_id IS NULL AND (g.status = 'accepted' OR g.kind = 'days')"                    \
    " AND p.vendor_account IS NOT NULL AND p.vendor_account <> '')"

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("payments: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

static void id_text(int64_t id, char out[24])
{
    snprintf(out, 24, "%lld", (long long)id);
}

const char *payment_run_status_label(const char *status)
{
    if (!status)
        return "";
    if (strcmp(status, RUN_PREPARED) == 0)
        return "Waiting for approval";
    if (strcmp(status, RUN_APPROVED) == 0)
        return "Approved: to pay";
    if (strcmp(status, RUN_PAID) == 0)
        return "Paid";
    if (strcmp(status, RUN_CANCELLED) == 0)
        return "Cancelled";
    return status;
}

const char *payment_run_status_class(const char *status)
{
    if (!status)
        return "govuk-tag--grey";
    if (strcmp(status, RUN_PREPARED) == 0)
        return "govuk-tag--yellow";
    if (strcmp(status, RUN_APPROVED) == 0)
        return "govuk-tag--blue";
    if (strcmp(status, RUN_PAID) == 0)
        return "govuk-tag--green";
    return "govuk-tag--grey";
}

void payment_run_reference(int64_t run_id, char *out, size_t outlen)
{
    snprintf(out, outlen, "RISE grant run %lld", (long long)run_id);
}

/* ---- payees ---- */

const char *payee_vendor_problem(const char *account)
{
    size_t n = account ? strlen(account) : 0;
    if (n == 0)
        return "Enter the vendor account number from the finance system";
    if (n > VENDOR_ACCOUNT_MAX)
        return "The vendor account must be 20 characters or fewer";
    for (size_t i = 0; i < n; i++) {
        char c = account[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return "The vendor account must contain only letters and numbers, like V0012345";
    }
    return NULL;
}

const char *payee_kind_label(const char *kind)
{
    if (!kind)
        return "";
    if (strcmp(kind, "provider") == 0)
        return "Supporting organisation or school";
    if (strcmp(kind, "trust") == 0)
        return "Trust";
    if (strcmp(kind, "la") == 0)
        return "Local authority";
    if (strcmp(kind, "person") == 0)
        return "Person";
    return kind;
}

void payee_row_free(PayeeRow *r)
{
    if (!r)
        return;
    free(r->kind);
    free(r->ref);
    free(r->name);
    free(r->vendor_account);
    memset(r, 0, sizeof *r);
}

void payee_list_free(PayeeList *l)
{
    for (size_t i = 0; l && i < l->n; i++)
        payee_row_free(&l->items[i]);
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

#define PAYEE_ROW_SQL                                                                                             \
    "SELECT p.id, p.kind, p.ref, p.name, p.vendor_account,"                                                     \
    " COALESCE(SUM(CASE WHEN l.status = 'due' THEN l.amount END), 0),"                                          \
    " COUNT(CASE WHEN l.status = 'due' THEN 1 END),"                                                             \
    " COALESCE(SUM(CASE WHEN l.status = 'paid' THEN l.amount END), 0)"                                          \
    " FROM payees p LEFT JOIN grants g ON g.payee_id = p.id LEFT JOIN grant_lines l ON l.grant_id = g.id"

static void payee_row_read(sqlite3_stmt *st, PayeeRow *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->kind = db_col_dup(st, 1);
    r->ref = db_col_dup(st, 2);
    r->name = db_col_dup(st, 3);
    r->vendor_account = db_col_dup(st, 4);
    r->due = sqlite3_column_int64(st, 5);
    r->n_due = sqlite3_column_int(st, 6);
    r->paid = sqlite3_column_int64(st, 7);
}

int payees_list(Db *db, PayeeList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, PAYEE_ROW_SQL " GROUP BY p.id ORDER BY p.name COLLATE NOCASE, p.id");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        payee_row_read(st, xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        payee_list_free(out);
        return -1;
    }
    return 0;
}

int payee_row_get(Db *db, int64_t id, PayeeRow *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, PAYEE_ROW_SQL " WHERE p.id = ? GROUP BY p.id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        payee_row_read(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int payee_vendor_update(Db *db, const Actor *actor, int64_t payee_id, const char *account, const char **why)
{
    *why = NULL;
    if (account && *account && (*why = payee_vendor_problem(account)) != NULL)
        return CW_REFUSED;
    if (db_begin(db) != 0)
        return CW_ERROR;
    Payee p;
    int rc = payee_get(db, payee_id, &p);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    int same = (p.vendor_account ? p.vendor_account : "")[0] == '\0' ? !(account && *account)
                                                                      : account && strcmp(p.vendor_account, account) == 0;
    payee_free(&p);
    if (same) {
        db_rollback(db);
        return CW_OK; /* nothing to change */
    }
    sqlite3_stmt *st = db_stmt(db, "SELECT r.id FROM grant_lines l JOIN grants g ON g.id = l.grant_id"
                                   " JOIN payment_runs r ON r.id = l.run_id"
                                   " WHERE g.payee_id = ? AND r.status IN ('prepared', 'approved') LIMIT 1");
    if (!st) {
        db_rollback(db);
        return CW_ERROR;
    }
    db_bind_int64(st, 1, payee_id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) {
        db_rollback(db);
        *why = "The payee has lines in a payment run that is not paid yet: pay or cancel that run before changing"
               " the vendor account";
        return CW_REFUSED;
    }
    if (payee_set_vendor(db, actor, payee_id, account) != 0 || db_commit(db) != 0) {
        db_rollback(db);
        return CW_ERROR;
    }
    return CW_OK;
}

/* ---- lines ---- */

void pay_line_list_free(PayLineList *l)
{
    for (size_t i = 0; l && i < l->n; i++) {
        PayLine *x = &l->items[i];
        free(x->payee);
        free(x->payee_kind);
        free(x->vendor_account);
        free(x->school);
        free(x->label);
        free(x->programme);
        free(x->grant_kind);
        free(x->grant_status);
        free(x->status);
        free(x->due_since);
        free(x->paid_on);
        free(x->paid_reference);
    }
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

#define LINE_SQL                                                                                                  \
    "SELECT l.id, l.grant_id, g.case_id, g.payee_id, p.name, p.kind, NULLIF(p.vendor_account, ''),"             \
    " c.subject_name, l.label, g.programme, g.kind, g.status, l.status, l.due_since, l.paid_on,"                \
    " l.paid_reference, l.amount, " PAYABLE_SQL                                                                   \
    " FROM grant_lines l JOIN grants g ON g.id = l.grant_id JOIN payees p ON p.id = g.payee_id"                  \
    " JOIN cases c ON c.id = g.case_id"

static int read_lines(Db *db, sqlite3_stmt *st, PayLineList *out)
{
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        PayLine *x = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        x->line_id = sqlite3_column_int64(st, 0);
        x->grant_id = sqlite3_column_int64(st, 1);
        x->case_id = sqlite3_column_int64(st, 2);
        x->payee_id = sqlite3_column_int64(st, 3);
        x->payee = db_col_dup(st, 4);
        x->payee_kind = db_col_dup(st, 5);
        x->vendor_account = db_col_dup(st, 6);
        x->school = db_col_dup(st, 7);
        x->label = db_col_dup(st, 8);
        x->programme = db_col_dup(st, 9);
        x->grant_kind = db_col_dup(st, 10);
        x->grant_status = db_col_dup(st, 11);
        x->status = db_col_dup(st, 12);
        x->due_since = db_col_dup(st, 13);
        x->paid_on = db_col_dup(st, 14);
        x->paid_reference = db_col_dup(st, 15);
        x->amount = sqlite3_column_int64(st, 16);
        x->payable = sqlite3_column_int(st, 17);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("payments: %s", sqlite3_errmsg(db_handle(db)));
        pay_line_list_free(out);
        return -1;
    }
    return 0;
}

int payments_held(Db *db, size_t limit, PayLineList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, LINE_SQL " WHERE l.status = 'due' AND l.run_id IS NULL AND NOT " PAYABLE_SQL
                                            " ORDER BY p.name COLLATE NOCASE, p.id, c.subject_name, l.id LIMIT ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, limit ? (int64_t)limit : -1);
    return read_lines(db, st, out);
}

const char *pay_line_held_reason(const PayLine *l)
{
    if (!l->vendor_account)
        return "Cannot be paid until the vendor account is set up";
    if (l->grant_status && strcmp(l->grant_status, "accepted") != 0 && strcmp(l->grant_kind, "days") != 0)
        return "Cannot be paid until the offer is accepted";
    return "Cannot be paid yet";
}

int payment_run_lines(Db *db, int64_t run_id, PayLineList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st =
        db_stmt(db, LINE_SQL " WHERE l.run_id = ? ORDER BY p.name COLLATE NOCASE, p.id, c.subject_name, l.id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, run_id);
    return read_lines(db, st, out);
}

int payee_payments(Db *db, int64_t payee_id, PayLineList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st =
        db_stmt(db, LINE_SQL " WHERE g.payee_id = ? AND l.status = 'paid' ORDER BY l.paid_on DESC, l.id DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, payee_id);
    return read_lines(db, st, out);
}

void payee_due_list_free(PayeeDueList *l)
{
    for (size_t i = 0; l && i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].kind);
        free(l->items[i].vendor_account);
    }
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

int payments_due_by_payee(Db *db, PayeeDueList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id, p.name, p.kind, NULLIF(p.vendor_account, ''), count(*), sum(l.amount),"
                                   " sum(" PAYABLE_SQL "), sum(CASE WHEN " PAYABLE_SQL " THEN l.amount ELSE 0 END)"
                                   " FROM grant_lines l JOIN grants g ON g.id = l.grant_id"
                                   " JOIN payees p ON p.id = g.payee_id"
                                   " WHERE l.status = 'due' AND l.run_id IS NULL"
                                   " GROUP BY p.id ORDER BY p.name COLLATE NOCASE, p.id");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        PayeeDue *d = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        d->payee_id = sqlite3_column_int64(st, 0);
        d->name = db_col_dup(st, 1);
        d->kind = db_col_dup(st, 2);
        d->vendor_account = db_col_dup(st, 3);
        d->n_lines = sqlite3_column_int(st, 4);
        d->amount = sqlite3_column_int64(st, 5);
        d->n_payable = sqlite3_column_int(st, 6);
        d->payable = sqlite3_column_int64(st, 7);
        out->total += d->amount;
        out->total_payable += d->payable;
        out->n_lines += d->n_lines;
        out->n_payable += d->n_payable;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        payee_due_list_free(out);
        return -1;
    }
    return 0;
}

/* ---- runs ---- */

void payment_run_free(PaymentRun *r)
{
    if (!r)
        return;
    free(r->prepared_by);
    free(r->prepared_at);
    free(r->approved_by);
    free(r->approved_at);
    free(r->paid_on);
    free(r->paid_reference);
    free(r->paid_by);
    free(r->paid_at);
    free(r->cancelled_by);
    free(r->cancelled_at);
    free(r->cancel_reason);
    memset(r, 0, sizeof *r);
}

void payment_run_list_free(PaymentRunList *l)
{
    for (size_t i = 0; l && i < l->n; i++)
        payment_run_free(&l->items[i]);
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

#define RUN_SQL                                                                                                   \
    "SELECT id, status, total, n_lines, n_payees, prepared_by_id, COALESCE(approved_by_id, 0), prepared_by,"    \
    " prepared_at, approved_by, approved_at, paid_on, paid_reference, paid_by, paid_at, cancelled_by,"          \
    " cancelled_at, cancel_reason FROM payment_runs"

static void run_read(sqlite3_stmt *st, PaymentRun *r)
{
    r->id = sqlite3_column_int64(st, 0);
    snprintf(r->status, sizeof r->status, "%s", (const char *)sqlite3_column_text(st, 1));
    r->total = sqlite3_column_int64(st, 2);
    r->n_lines = sqlite3_column_int(st, 3);
    r->n_payees = sqlite3_column_int(st, 4);
    r->prepared_by_id = sqlite3_column_int64(st, 5);
    r->approved_by_id = sqlite3_column_int64(st, 6);
    r->prepared_by = db_col_dup(st, 7);
    r->prepared_at = db_col_dup(st, 8);
    r->approved_by = db_col_dup(st, 9);
    r->approved_at = db_col_dup(st, 10);
    r->paid_on = db_col_dup(st, 11);
    r->paid_reference = db_col_dup(st, 12);
    r->paid_by = db_col_dup(st, 13);
    r->paid_at = db_col_dup(st, 14);
    r->cancelled_by = db_col_dup(st, 15);
    r->cancelled_at = db_col_dup(st, 16);
    r->cancel_reason = db_col_dup(st, 17);
}

int payment_runs_list(Db *db, size_t limit, PaymentRunList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, RUN_SQL " ORDER BY id DESC LIMIT ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, limit ? (int64_t)limit : -1);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        run_read(st, xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        payment_run_list_free(out);
        return -1;
    }
    return 0;
}

int payment_run_get(Db *db, int64_t id, PaymentRun *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, RUN_SQL " WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        run_read(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The totals of the lines a run holds now (due or paid in it). */
typedef struct RunTotals {
    int64_t total;
    int n_lines, n_payees;
} RunTotals;

static int run_totals(Db *db, int64_t run_id, RunTotals *t)
{
    memset(t, 0, sizeof *t);
    sqlite3_stmt *st = db_stmt(db, "SELECT COALESCE(SUM(l.amount), 0), count(*), count(DISTINCT g.payee_id)"
                                   " FROM grant_lines l JOIN grants g ON g.id = l.grant_id"
                                   " WHERE l.run_id = ? AND l.status IN ('due', 'paid')");
    if (!st)
        return -1;
    db_bind_int64(st, 1, run_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        t->total = sqlite3_column_int64(st, 0);
        t->n_lines = sqlite3_column_int(st, 1);
        t->n_payees = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

static int run_set_totals(Db *db, int64_t run_id, const RunTotals *t)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE payment_runs SET total = ?, n_lines = ?, n_payees = ? WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, t->total);
    db_bind_int64(st, 2, t->n_lines);
    db_bind_int64(st, 3, t->n_payees);
    db_bind_int64(st, 4, run_id);
    return step_done(db, st);
}

/* Audits a step of a run with its totals. */
static int run_audit(Db *db, const Actor *actor, const char *action, int64_t run_id, const char *from, const char *to,
                     const RunTotals *t, const AuditChange *more, size_t n_more, const char *reason)
{
    char rid[24], total[24], lines[24], payees[24];
    id_text(run_id, rid);
    snprintf(total, sizeof total, "%lld", (long long)t->total);
    snprintf(lines, sizeof lines, "%d", t->n_lines);
    snprintf(payees, sizeof payees, "%d", t->n_payees);
    AuditChange ch[8] = {{"status", from, to}, {"total", NULL, total}, {"lines", NULL, lines}, {"payees", NULL, payees}};
    size_t n = 4;
    for (size_t i = 0; i < n_more && n < 8; i++)
        ch[n++] = more[i];
    return audit_append(db, actor, action, "payment_run", rid, ch, n, reason);
}

int payment_run_prepare(Db *db, const Actor *actor, int64_t *run_id, int *held, const char **why)
{
    *why = NULL;
    *run_id = 0;
    if (held)
        *held = 0;
    if (actor->user_id <= 0) {
        *why = "A payment run is prepared by a named member of the grant team";
        return CW_REFUSED;
    }
    if (db_begin(db) != 0)
        return CW_ERROR;
    char now[32];
    grant_now(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO payment_runs (status, prepared_by_id, prepared_by, prepared_at)"
                                   " VALUES ('prepared', ?, ?, ?)");
    if (!st)
        goto error;
    db_bind_int64(st, 1, actor->user_id);
    db_bind_text(st, 2, actor->label);
    db_bind_text(st, 3, now);
    if (step_done(db, st) != 0)
        goto error;
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    /* every payable line joins the run: one statement over the lines due (index grant_lines_status) */
    st = db_stmt(db, "UPDATE grant_lines SET run_id = ?1 WHERE status = 'due' AND run_id IS NULL AND grant_id IN"
                     " (SELECT g.id FROM grants g JOIN payees p ON p.id = g.payee_id"
                     "  WHERE (g.status = 'accepted' OR g.kind = 'days')"
                     "  AND p.vendor_account IS NOT NULL AND p.vendor_account <> '')");
    if (!st)
        goto error;
    db_bind_int64(st, 1, id);
    if (step_done(db, st) != 0)
        goto error;
    if (sqlite3_changes(db_handle(db)) == 0) {
        db_rollback(db);
        *why = "There is nothing to pay: no line is due that is not already in a payment run, on an accepted"
               " grant, with a payee whose vendor account is set up";
        return CW_REFUSED;
    }
    RunTotals t;
    if (run_totals(db, id, &t) != 0 || run_set_totals(db, id, &t) != 0)
        goto error;
    int n_held = 0;
    st = db_stmt(db, "SELECT count(*) FROM grant_lines WHERE status = 'due' AND run_id IS NULL");
    if (!st)
        goto error;
    if (sqlite3_step(st) == SQLITE_ROW)
        n_held = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    char held_s[24];
    snprintf(held_s, sizeof held_s, "%d", n_held);
    AuditChange more[1] = {{"held_back", NULL, held_s}};
    if (run_audit(db, actor, "payment_run.prepare", id, NULL, RUN_PREPARED, &t, more, 1, NULL) != 0 ||
        db_commit(db) != 0)
        goto error;
    *run_id = id;
    if (held)
        *held = n_held;
    return CW_OK;
error:
    db_rollback(db);
    return CW_ERROR;
}

/* Opens a change of a run: the transaction and the run read inside it. */
static int run_open(Db *db, int64_t run_id, PaymentRun *r)
{
    memset(r, 0, sizeof *r);
    if (db_begin(db) != 0)
        return CW_ERROR;
    int rc = payment_run_get(db, run_id, r);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    return CW_OK;
}

static int run_close(Db *db, PaymentRun *r, int ret)
{
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    payment_run_free(r);
    return ret;
}

/* Why a run in that status cannot take the step (NULL: it can). */
static const char *status_refusal(const PaymentRun *r, const char *want)
{
    if (strcmp(r->status, want) == 0)
        return NULL;
    if (strcmp(r->status, RUN_PAID) == 0)
        return "This run has already been marked as paid: nothing was changed";
    if (strcmp(r->status, RUN_CANCELLED) == 0)
        return "This run has been cancelled";
    if (strcmp(want, RUN_PREPARED) == 0)
        return "This run has already been approved";
    return "This run must be approved by a second member of the grant team first";
}

int payment_run_approve(Db *db, const Actor *actor, int64_t run_id, const char **why)
{
    *why = NULL;
    PaymentRun r;
    int ret = run_open(db, run_id, &r);
    if (ret != CW_OK)
        return ret;
    if ((*why = status_refusal(&r, RUN_PREPARED)) != NULL)
        return run_close(db, &r, CW_REFUSED);
    if (actor->user_id <= 0 || actor->user_id == r.prepared_by_id) {
        *why = "The person who prepared a run cannot approve it";
        return run_close(db, &r, CW_REFUSED);
    }
    RunTotals t;
    if (run_totals(db, run_id, &t) != 0)
        return run_close(db, &r, CW_ERROR);
    if (t.n_lines == 0) {
        *why = "Every line has left this run (withheld or cancelled): cancel it and prepare a new one";
        return run_close(db, &r, CW_REFUSED);
    }
    char now[32];
    grant_now(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE payment_runs SET status = 'approved', approved_by_id = ?, approved_by = ?,"
                                   " approved_at = ? WHERE id = ? AND status = 'prepared'");
    if (!st)
        return run_close(db, &r, CW_ERROR);
    db_bind_int64(st, 1, actor->user_id);
    db_bind_text(st, 2, actor->label);
    db_bind_text(st, 3, now);
    db_bind_int64(st, 4, run_id);
    ret = step_done(db, st) == 0 && run_set_totals(db, run_id, &t) == 0 &&
                  run_audit(db, actor, "payment_run.approve", run_id, RUN_PREPARED, RUN_APPROVED, &t, NULL, 0, NULL) == 0
              ? CW_OK
              : CW_ERROR;
    return run_close(db, &r, ret);
}

int payment_run_cancel(Db *db, const Actor *actor, int64_t run_id, const char *reason, const char **why)
{
    *why = NULL;
    if (!reason || !*reason) {
        *why = "Enter why the run is cancelled";
        return CW_REFUSED;
    }
    PaymentRun r;
    int ret = run_open(db, run_id, &r);
    if (ret != CW_OK)
        return ret;
    if (strcmp(r.status, RUN_PAID) == 0) {
        *why = "A paid run cannot be cancelled: its payments have been made";
        return run_close(db, &r, CW_REFUSED);
    }
    if (strcmp(r.status, RUN_CANCELLED) == 0) {
        *why = "This run has already been cancelled";
        return run_close(db, &r, CW_REFUSED);
    }
    RunTotals t;
    if (run_totals(db, run_id, &t) != 0)
        return run_close(db, &r, CW_ERROR);
    char now[32];
    grant_now(now);
    char from[16];
    snprintf(from, sizeof from, "%s", r.status);
    sqlite3_stmt *st = db_stmt(db, "UPDATE grant_lines SET run_id = NULL WHERE run_id = ? AND status = 'due'");
    if (!st)
        return run_close(db, &r, CW_ERROR);
    db_bind_int64(st, 1, run_id);
    if (step_done(db, st) != 0)
        return run_close(db, &r, CW_ERROR);
    st = db_stmt(db, "UPDATE payment_runs SET status = 'cancelled', cancelled_by = ?, cancelled_at = ?,"
                     " cancel_reason = ? WHERE id = ?");
    if (!st)
        return run_close(db, &r, CW_ERROR);
    db_bind_text(st, 1, actor->label);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, reason);
    db_bind_int64(st, 4, run_id);
    ret = step_done(db, st) == 0 &&
                  run_audit(db, actor, "payment_run.cancel", run_id, from, RUN_CANCELLED, &t, NULL, 0, reason) == 0
              ? CW_OK
              : CW_ERROR;
    return run_close(db, &r, ret);
}

/* ---- the export ---- */

void payment_csv_cell(Buf *out, const char *text, int last)
{
    const char *s = text ? text : "";
    int guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        buf_putc(out, '"');
    if (guard)
        buf_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(out, '"');
        buf_putc(out, *s);
    }
    if (quote)
        buf_putc(out, '"');
    buf_puts(out, last ? "\r\n" : ",");
}

/* "1234.50": pounds with two decimals, no separators. */
static void pounds_plain(int64_t pence, char *out, size_t len)
{
    snprintf(out, len, "%lld.%02lld", (long long)(pence / 100), (long long)(pence % 100));
}

/* Appends item to a "; "-separated list unless it is there already. */
static void list_add(Buf *b, const char *item)
{
    if (!item || !*item)
        return;
    const char *p = buf_str(b);
    size_t n = strlen(item);
    for (const char *q = p; (q = strstr(q, item)) != NULL; q += n)
        if ((q == p || (q >= p + 2 && q[-2] == ';')) && (q[n] == '\0' || q[n] == ';'))
            return;
    if (b->len)
        buf_puts(b, "; ");
    buf_puts(b, item);
}

/* One payee's row of the export. */
static void csv_payee_row(Buf *out, const PaymentRun *r, const PayLine *first, int n, int64_t amount,
                          const char *line_ids, const char *grants, const char *programmes, const char *reference)
{
    char v[32];
    snprintf(v, sizeof v, "%lld", (long long)r->id);
    payment_csv_cell(out, v, 0);
    payment_csv_cell(out, reference, 0);
    payment_csv_cell(out, first->vendor_account, 0);
    payment_csv_cell(out, first->payee, 0);
    payment_csv_cell(out, first->payee_kind, 0);
    pounds_plain(amount, v, sizeof v);
    payment_csv_cell(out, v, 0);
    snprintf(v, sizeof v, "%lld", (long long)amount);
    payment_csv_cell(out, v, 0);
    snprintf(v, sizeof v, "%d", n);
    payment_csv_cell(out, v, 0);
    payment_csv_cell(out, line_ids, 0);
    payment_csv_cell(out, grants, 0);
    payment_csv_cell(out, programmes, 0);
    char approved[11] = "";
    snprintf(approved, sizeof approved, "%s", r->approved_at ? r->approved_at : "");
    payment_csv_cell(out, approved, 1);
}

/* The CSV of the run's lines, a row a payee (lines come ordered by payee). */
static void csv_write(Buf *out, const PaymentRun *r, const PayLineList *l)
{
    static const char *const HEAD[] = {"RunId",     "Reference", "PayeeVendorAccount", "PayeeName",
                                       "PayeeKind", "Amount",    "AmountPence",        "Lines",
                                       "LineIds",   "GrantIds",  "Programmes",         "ApprovedOn"};
    size_t nh = sizeof HEAD / sizeof HEAD[0];
    for (size_t i = 0; i < nh; i++)
        payment_csv_cell(out, HEAD[i], i + 1 == nh);
    char reference[48];
    payment_run_reference(r->id, reference, sizeof reference);
    for (size_t i = 0; i < l->n;) {
        const PayLine *first = &l->items[i];
        Buf ids = BUF_INIT, grants = BUF_INIT, progs = BUF_INIT;
        int64_t amount = 0;
        int n = 0;
        for (; i < l->n && l->items[i].payee_id == first->payee_id; i++, n++) {
            char v[24];
            id_text(l->items[i].line_id, v);
            list_add(&ids, v);
            id_text(l->items[i].grant_id, v);
            list_add(&grants, v);
            list_add(&progs, l->items[i].programme);
            amount += l->items[i].amount;
        }
        csv_payee_row(out, r, first, n, amount, buf_str(&ids), buf_str(&grants), buf_str(&progs), reference);
        buf_free(&ids);
        buf_free(&grants);
        buf_free(&progs);
    }
}

int payment_run_csv(Db *db, const Actor *actor, int64_t run_id, Buf *out, const char **why)
{
    *why = NULL;
    PaymentRun r;
    int rc = payment_run_get(db, run_id, &r);
    if (rc != 1)
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    if (strcmp(r.status, RUN_APPROVED) != 0 && strcmp(r.status, RUN_PAID) != 0) {
        *why = strcmp(r.status, RUN_CANCELLED) == 0
                   ? "This run has been cancelled: there is nothing to export"
                   : "This run must be approved by a second member of the grant team before it is exported";
        payment_run_free(&r);
        return CW_REFUSED;
    }
    PayLineList l;
    if (payment_run_lines(db, run_id, &l) != 0) {
        payment_run_free(&r);
        return CW_ERROR;
    }
    csv_write(out, &r, &l);
    RunTotals t = {r.total, r.n_lines, r.n_payees};
    char rid[24], total[24];
    id_text(run_id, rid);
    snprintf(total, sizeof total, "%lld", (long long)t.total);
    AuditChange ch[2] = {{"status", NULL, r.status}, {"total", NULL, total}};
    rc = audit_record(db, actor, "payment_run.export", "payment_run", rid, ch, 2, NULL) == 0 ? CW_OK : CW_ERROR;
    pay_line_list_free(&l);
    payment_run_free(&r);
    return rc;
}

/* ---- paid ---- */

/* Completes the grant task of each case in the run not yet done. */
static int complete_grant_tasks(Db *db, const Actor *actor, int64_t run_id, const char *paid_on)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT DISTINCT g.case_id FROM grant_lines l JOIN grants g ON g.id = l.grant_id"
                                   " WHERE l.run_id = ? ORDER BY g.case_id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, run_id);
    int64_t *cases = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        *(int64_t *)xgrow((void **)&cases, &n, &cap, sizeof *cases) = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    char rid[24];
    id_text(run_id, rid);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int changed = case_task_kind_set(db, actor, cases[i], "grant", TASK_COMPLETED, paid_on);
        if (changed < 0) {
            rc = -1;
            break;
        }
        if (changed == 0)
            continue;
        char cid[24];
        id_text(cases[i], cid);
        AuditChange ch[2] = {{"grant task", NULL, task_status_name(TASK_COMPLETED)}, {"payment_run", NULL, rid}};
        rc = audit_append(db, actor, "payment_run.paid", "case", cid, ch, 2, NULL) == 0 && case_refresh(db, cases[i]) == 0
                 ? 0
                 : -1;
    }
    free(cases);
    return rc;
}

/* Queues the remittance email of one payee to each of its active accounts. */
static int remit_payee(Db *db, const PayLine *first, int64_t amount, const char *lines, const char *reference,
                       const char *paid_on, int64_t run_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT name, email FROM users WHERE disabled_at IS NULL AND"
                                   " ((?1 = 'person' AND id = CAST(?2 AS INTEGER))"
                                   " OR (?1 <> 'person' AND org_kind = ?1 AND organisation = ?2)) ORDER BY id");
    if (!st)
        return -1;
    Payee p;
    if (payee_get(db, first->payee_id, &p) != 1)
        return -1;
    db_bind_text(st, 1, p.kind);
    db_bind_text(st, 2, p.ref);
    char money[32], rid[24], link[600];
    plan_money(amount, money, sizeof money);
    id_text(run_id, rid);
    snprintf(link, sizeof link, "%s/", messages_base_url());
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0), *email = (const char *)sqlite3_column_text(st, 1);
        json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", name ? name : "", "payee", p.name,
                              "amount", money, "reference", reference, "date", paid_on, "lines", lines, "link", link);
        char *pers = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        OutboxMessage m = {.recipient = email,
                           .template_key = "remittance",
                           .personalisation = pers,
                           .object_type = "payment_run",
                           .object_id = rid};
        rc = pers && email && outbox_queue(db, &m) > 0 ? 0 : -1;
        free(pers);
    }
    sqlite3_reset(st);
    payee_free(&p);
    return rc;
}

/* One remittance per payee of the run (lines come ordered by payee). */
static int remit_all(Db *db, int64_t run_id, const char *reference, const char *paid_on)
{
    PayLineList l;
    if (payment_run_lines(db, run_id, &l) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < l.n && rc == 0;) {
        const PayLine *first = &l.items[i];
        Buf lines = BUF_INIT;
        int64_t amount = 0;
        for (; i < l.n && l.items[i].payee_id == first->payee_id; i++) {
            char money[32];
            plan_money(l.items[i].amount, money, sizeof money);
            buf_printf(&lines, "%s%s: %s, %s", lines.len ? "\n" : "", l.items[i].school ? l.items[i].school : "",
                       l.items[i].label ? l.items[i].label : "", money);
            amount += l.items[i].amount;
        }
        rc = remit_payee(db, first, amount, buf_str(&lines), reference, paid_on, run_id);
        buf_free(&lines);
    }
    pay_line_list_free(&l);
    return rc;
}

/* Pays every line of the run still due. 0, 1 refused (a line could not be paid), -1 error. */
static int pay_lines(Db *db, const Actor *actor, const PaymentRun *r, const char *reference, const char *paid_on)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM grant_lines WHERE run_id = ? AND status = 'due' ORDER BY id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, r->id);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        *(int64_t *)xgrow((void **)&ids, &n, &cap, sizeof *ids) = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = grant_line_move(db, actor, ids[i], OP_PAY, NULL, r->approved_by_id, r->approved_by, r->id, reference,
                             paid_on);
    free(ids);
    return rc;
}

int payment_run_mark_paid(Db *db, const Actor *actor, int64_t run_id, const char *reference, const char *paid_on,
                          const char **why)
{
    *why = NULL;
    if (!reference || !*reference) {
        *why = "Enter the payment reference from the finance system";
        return CW_REFUSED;
    }
    if (!paid_on || strlen(paid_on) != 10) {
        *why = "Enter the date the payments were made";
        return CW_REFUSED;
    }
    PaymentRun r;
    int ret = run_open(db, run_id, &r);
    if (ret != CW_OK)
        return ret;
    if ((*why = status_refusal(&r, RUN_APPROVED)) != NULL)
        return run_close(db, &r, CW_REFUSED);
    RunTotals t;
    if (run_totals(db, run_id, &t) != 0)
        return run_close(db, &r, CW_ERROR);
    if (t.total != r.total || t.n_lines != r.n_lines) {
        *why = "The run has changed since it was approved (a line was withheld or cancelled): cancel it and prepare a"
               " new one";
        return run_close(db, &r, CW_REFUSED);
    }
    int rc = pay_lines(db, actor, &r, reference, paid_on);
    if (rc != 0) {
        if (rc > 0)
            *why = "A line of this run could not be paid (it is no longer due): nothing was changed";
        return run_close(db, &r, rc > 0 ? CW_REFUSED : CW_ERROR);
    }
    char now[32];
    grant_now(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE payment_runs SET status = 'paid', paid_reference = ?, paid_on = ?,"
                                   " paid_by = ?, paid_at = ? WHERE id = ? AND status = 'approved'");
    if (!st)
        return run_close(db, &r, CW_ERROR);
    db_bind_text(st, 1, reference);
    db_bind_text(st, 2, paid_on);
    db_bind_text(st, 3, actor->label);
    db_bind_text(st, 4, now);
    db_bind_int64(st, 5, run_id);
    char reference_seen[48];
    payment_run_reference(run_id, reference_seen, sizeof reference_seen);
    AuditChange more[2] = {{"paid_reference", NULL, reference}, {"paid_on", NULL, paid_on}};
    ret = step_done(db, st) == 0 && complete_grant_tasks(db, actor, run_id, paid_on) == 0 &&
                  remit_all(db, run_id, reference_seen, paid_on) == 0 &&
                  run_audit(db, actor, "payment_run.paid", run_id, RUN_APPROVED, RUN_PAID, &t, more, 2, NULL) == 0
              ? CW_OK
              : CW_ERROR;
    return run_close(db, &r, ret);
}
