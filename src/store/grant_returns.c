/*
 * grant_returns.c - spend checks and the recovery of underspend (issue 14
 * item 8); see grant_returns.h.
 */
#include "store/grant_returns.h"

#include "core/log.h"
#include "domain/plans.h"
#include "store/casework.h"
#include "store/grant_budgets.h"
#include "store/grant_ledger.h"
#include "store/matching.h"
#include "store/messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("grant returns: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

static void free_strings(char **const *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(*s[i]);
}

/* ---- the grant ---- */

void grant_facts_free(GrantFacts *g)
{
    if (!g)
        return;
    char **const s[] = {&g->kind,       &g->days_kind, &g->status, &g->programme, &g->region, &g->year,
                        &g->payee_kind, &g->payee_ref, &g->payee,  &g->school};
    free_strings(s, sizeof s / sizeof s[0]);
    memset(g, 0, sizeof *g);
}

int grant_facts_get(Db *db, int64_t grant_id, GrantFacts *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT g.id, g.case_id, g.payee_id, g.total, g.offered, g.paid, g.recovered,"
                                   " g.kind, g.days_kind, g.status, g.programme, g.region, g.year, p.kind, p.ref,"
                                   " p.name, c.subject_name FROM grants g JOIN payees p ON p.id = g.payee_id"
                                   " JOIN cases c ON c.id = g.case_id WHERE g.id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->case_id = sqlite3_column_int64(st, 1);
        out->payee_id = sqlite3_column_int64(st, 2);
        out->total = sqlite3_column_int64(st, 3);
        out->offered = sqlite3_column_int64(st, 4);
        out->paid = sqlite3_column_int64(st, 5);
        out->recovered = sqlite3_column_int64(st, 6);
        char **const s[] = {&out->kind,       &out->days_kind, &out->status, &out->programme, &out->region, &out->year,
                            &out->payee_kind, &out->payee_ref, &out->payee,  &out->school};
        for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
            *s[i] = db_col_dup(st, 7 + (int)i);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

const char *grant_kind_words(const GrantFacts *g)
{
    const char *k = g->kind ? g->kind : "";
    if (strcmp(k, "raf") == 0)
        return "Grant for the recommended actions";
    if (strcmp(k, "planning") == 0)
        return "Planning grant";
    if (strcmp(k, "improvement") == 0)
        return "Improvement grant";
    const char *d = g->days_kind ? g->days_kind : "";
    if (strcmp(d, "nle") == 0)
        return "NLE days";
    if (strcmp(d, "leader") == 0)
        return "System leader days";
    if (strcmp(d, "nlg") == 0)
        return "NLG governance review days";
    if (strcmp(d, "adviser") == 0)
        return "Adviser days";
    return "Grant";
}

/* Tells the grant's payee (template "grant-return") about its return. */
static int tell_payee(Db *db, const Actor *actor, const GrantFacts *g, const char *what, const char *path)
{
    if (strcmp(g->payee_kind, "provider") == 0)
        return case_tell_provider(db, actor, "grant-return", atoll(g->payee_ref), g->case_id, what, path);
    if (strcmp(g->payee_kind, "person") == 0)
        return message_case_step(db, actor, "grant-return", atoll(g->payee_ref), g->case_id, what, path);
    Case c;
    int rc = case_get(db, g->case_id, &c);
    if (rc != 1)
        return rc == 0 ? 0 : -1;
    rc = case_tell_school(db, actor, "grant-return", &c, what, path);
    case_free(&c);
    return rc;
}

/* ---- returns ---- */

void grant_return_free(GrantReturn *r)
{
    if (!r)
        return;
    char **const s[] = {&r->kind,         &r->period,       &r->status,       &r->due_on,
                        &r->evaluation,   &r->requested_by, &r->requested_at, &r->submitted_by,
                        &r->submitted_at, &r->checked_by,   &r->checked_at,   &r->check_note};
    free_strings(s, sizeof s / sizeof s[0]);
    memset(r, 0, sizeof *r);
}

void grant_return_list_free(GrantReturnList *l)
{
    for (size_t i = 0; i < l->n; i++)
        grant_return_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

#define RETURN_COLS                                                                                                   \
    "SELECT id, grant_id, spent, on_behalf, kind, period, status, due_on, evaluation, requested_by, requested_at,"  \
    " submitted_by, submitted_at, checked_by, checked_at, check_note FROM grant_returns"

static void return_row(sqlite3_stmt *st, GrantReturn *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->grant_id = sqlite3_column_int64(st, 1);
    r->has_spent = sqlite3_column_type(st, 2) != SQLITE_NULL;
    r->spent = sqlite3_column_int64(st, 2);
    r->on_behalf = sqlite3_column_int(st, 3);
    char **const s[] = {&r->kind,         &r->period,       &r->status,       &r->due_on,
                        &r->evaluation,   &r->requested_by, &r->requested_at, &r->submitted_by,
                        &r->submitted_at, &r->checked_by,   &r->checked_at,   &r->check_note};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        *s[i] = db_col_dup(st, 4 + (int)i);
}

int grant_return_get(Db *db, int64_t id, GrantReturn *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, RETURN_COLS " WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return_row(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int grant_returns_of(Db *db, int64_t grant_id, GrantReturnList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, RETURN_COLS " WHERE grant_id = ? ORDER BY id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 4;
            GrantReturn *n = realloc(out->items, cap * sizeof *n);
            if (!n)
                break;
            out->items = n;
        }
        return_row(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        grant_return_list_free(out);
        return -1;
    }
    return 0;
}

void grant_return_title(const GrantReturn *r, char *out, size_t len)
{
    if (r->kind && strcmp(r->kind, RETURN_DECLARATION) == 0)
        snprintf(out, len, "Declaration of expenditure");
    else
        snprintf(out, len, "Annual assurance return %s", r->period ? r->period : "");
}

const char *grant_return_status_label(const char *status)
{
    if (!status)
        return "";
    if (strcmp(status, "requested") == 0)
        return "Waiting for the payee";
    if (strcmp(status, "submitted") == 0)
        return "Waiting to be checked";
    if (strcmp(status, "accepted") == 0)
        return "Accepted";
    if (strcmp(status, "returned") == 0)
        return "Returned to the payee";
    return status;
}

static void id_text(char out[24], int64_t id)
{
    snprintf(out, 24, "%lld", (long long)id);
}

int grant_return_request(Db *db, const Actor *actor, int64_t grant_id, const char *kind, const char *period,
                         const char *due_on, int64_t *id, char *why, size_t whylen)
{
    why[0] = '\0';
    int declaration = kind && strcmp(kind, RETURN_DECLARATION) == 0;
    if (!kind || (!declaration && strcmp(kind, RETURN_ASSURANCE) != 0) ||
        (declaration ? strcmp(period, RETURN_FINAL) != 0 : !grant_year_valid(period)) || !due_on || !*due_on) {
        snprintf(why, whylen, "Choose the kind of return, its period and the date it is due");
        return CW_REFUSED;
    }
    if (db_begin(db) != 0)
        return CW_ERROR;
    GrantFacts g;
    int rc = grant_facts_get(db, grant_id, &g);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    int ret = CW_ERROR;
    /* a closed grant (its case closed) still owes its declaration of expenditure */
    if (strcmp(g.status, "offered") != 0 && strcmp(g.status, "accepted") != 0 && strcmp(g.status, "closed") != 0) {
        snprintf(why, whylen, "Returns are asked for on a grant that is offered, accepted or closed: this one is %s",
                 g.status);
        ret = CW_REFUSED;
        goto out;
    }
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO grant_returns (grant_id, kind, period, status, due_on, requested_by,"
                                   " requested_at) VALUES (?, ?, ?, 'requested', ?, ?, ?)"
                                   " ON CONFLICT (grant_id, kind, period) DO NOTHING RETURNING id");
    if (!st)
        goto out;
    char now[32];
    grant_now(now);
    db_bind_int64(st, 1, grant_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, period);
    db_bind_text(st, 4, due_on);
    db_bind_text(st, 5, actor->label);
    db_bind_text(st, 6, now);
    rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        snprintf(why, whylen, "That return has been asked for already");
        ret = CW_REFUSED;
        goto out;
    }
    if (rc != SQLITE_ROW)
        goto out;
    GrantReturn r = {.kind = (char *)kind, .period = (char *)period};
    char title[80], gid[24], rid[24], what[300], path[48];
    grant_return_title(&r, title, sizeof title);
    id_text(gid, grant_id);
    id_text(rid, *id);
    AuditChange ch[] = {{"return", NULL, rid}, {"kind", NULL, kind}, {"period", NULL, period}, {"due_on", NULL, due_on}};
    snprintf(what, sizeof what, "DfE asks you for a return on the %s for %s (%s), due by %s", grant_kind_words(&g),
             g.school, title, due_on);
    snprintf(path, sizeof path, "/returns/%lld", (long long)*id);
    if (audit_append(db, actor, "return.request", "grant", gid, ch, 4, NULL) == 0 &&
        tell_payee(db, actor, &g, what, path) == 0)
        ret = CW_OK;
out:
    grant_facts_free(&g);
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    return ret;
}

/* Opens a change of a return: the transaction, the return and its grant. */
static int return_open(Db *db, int64_t id, GrantReturn *r, GrantFacts *g)
{
    memset(g, 0, sizeof *g);
    if (db_begin(db) != 0)
        return CW_ERROR;
    int rc = grant_return_get(db, id, r);
    if (rc == 1)
        rc = grant_facts_get(db, r->grant_id, g);
    if (rc != 1) {
        db_rollback(db);
        grant_return_free(r);
        grant_facts_free(g);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    return CW_OK;
}

static int return_close(Db *db, GrantReturn *r, GrantFacts *g, int ret)
{
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    grant_return_free(r);
    grant_facts_free(g);
    return ret;
}

int grant_return_submit(Db *db, const Actor *actor, int64_t id, int64_t spent, const char *evaluation, int declared,
                        int on_behalf, char *why, size_t whylen)
{
    why[0] = '\0';
    GrantReturn r;
    GrantFacts g;
    int ret = return_open(db, id, &r, &g);
    if (ret != CW_OK)
        return ret;
    if (strcmp(r.status, "requested") != 0 && strcmp(r.status, "returned") != 0) {
        snprintf(why, whylen, "This return has been sent already: it is %s",
                 grant_return_status_label(r.status));
        return return_close(db, &r, &g, CW_REFUSED);
    }
    if (spent < 0 || !evaluation || !*evaluation ||
        (strcmp(r.kind, RETURN_DECLARATION) == 0 && !declared)) {
        snprintf(why, whylen, "Enter what was spent and the evaluation%s",
                 strcmp(r.kind, RETURN_DECLARATION) == 0 ? ", and make the declaration" : "");
        return return_close(db, &r, &g, CW_REFUSED);
    }
    char now[32], gid[24], rid[24], money[32];
    grant_now(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE grant_returns SET status = 'submitted', spent = ?, evaluation = ?,"
                                   " submitted_by = ?, submitted_at = ?, on_behalf = ? WHERE id = ?");
    if (!st)
        return return_close(db, &r, &g, CW_ERROR);
    db_bind_int64(st, 1, spent);
    db_bind_text(st, 2, evaluation);
    db_bind_text(st, 3, actor->label);
    db_bind_text(st, 4, now);
    db_bind_int64(st, 5, on_behalf ? 1 : 0);
    db_bind_int64(st, 6, id);
    id_text(gid, g.id);
    id_text(rid, id);
    plan_money(spent, money, sizeof money);
    AuditChange ch[] = {{"return", NULL, rid}, {"status", r.status, "submitted"}, {"spent", NULL, money}};
    ret = step_done(db, st) == 0 &&
                  audit_append(db, actor, "return.submit", "grant", gid, ch, 3,
                               on_behalf ? "recorded by the grant team on the payee's behalf" : NULL) == 0
              ? CW_OK
              : CW_ERROR;
    return return_close(db, &r, &g, ret);
}

int grant_return_check(Db *db, const Actor *actor, int64_t id, int accept, const char *note, int64_t *recovery_id,
                       char *why, size_t whylen)
{
    why[0] = '\0';
    *recovery_id = 0;
    if (!accept && (!note || !*note)) {
        snprintf(why, whylen, "Enter what the payee needs to change");
        return CW_REFUSED;
    }
    GrantReturn r;
    GrantFacts g;
    int ret = return_open(db, id, &r, &g);
    if (ret != CW_OK)
        return ret;
    if (strcmp(r.status, "submitted") != 0) {
        snprintf(why, whylen, "Only a return waiting to be checked can be accepted or returned: this one is %s",
                 grant_return_status_label(r.status));
        return return_close(db, &r, &g, CW_REFUSED);
    }
    const char *to = accept ? "accepted" : "returned";
    char now[32], gid[24], rid[24];
    grant_now(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE grant_returns SET status = ?, checked_by = ?, checked_at = ?,"
                                   " check_note = ? WHERE id = ?");
    if (!st)
        return return_close(db, &r, &g, CW_ERROR);
    db_bind_text(st, 1, to);
    db_bind_text(st, 2, actor->label);
    db_bind_text(st, 3, now);
    db_bind_text(st, 4, note && *note ? note : NULL);
    db_bind_int64(st, 5, id);
    id_text(gid, g.id);
    id_text(rid, id);
    AuditChange ch[] = {{"return", NULL, rid}, {"status", "submitted", to}};
    if (step_done(db, st) != 0 ||
        audit_append(db, actor, accept ? "return.accept" : "return.return", "grant", gid, ch, 2,
                     note && *note ? note : NULL) != 0)
        return return_close(db, &r, &g, CW_ERROR);
    char title[80], what[1200], path[48];
    grant_return_title(&r, title, sizeof title);
    snprintf(path, sizeof path, "/returns/%lld", (long long)id);
    if (!accept) {
        snprintf(what, sizeof what, "DfE returned your %s for %s: %s", title, g.school, note);
        return return_close(db, &r, &g, tell_payee(db, actor, &g, what, path) == 0 ? CW_OK : CW_ERROR);
    }
    /* 002 8.4: "All underspend must be returned to the Department." */
    if (strcmp(r.kind, RETURN_DECLARATION) == 0 && r.spent < g.paid) {
        char spent[32], paid[32], reason[200];
        plan_money(r.spent, spent, sizeof spent);
        plan_money(g.paid, paid, sizeof paid);
        snprintf(reason, sizeof reason, "Underspend: the declaration of expenditure shows %s spent of the %s paid",
                 spent, paid);
        st = db_stmt(db, "INSERT INTO grant_recoveries (grant_id, amount, reason, status, requested_by, requested_at,"
                         " updated_by, updated_at) VALUES (?1, ?2, ?3, 'requested', ?4, ?5, ?4, ?5) RETURNING id");
        if (!st)
            return return_close(db, &r, &g, CW_ERROR);
        db_bind_int64(st, 1, g.id);
        db_bind_int64(st, 2, g.paid - r.spent);
        db_bind_text(st, 3, reason);
        db_bind_text(st, 4, actor->label);
        db_bind_text(st, 5, now);
        if (sqlite3_step(st) == SQLITE_ROW)
            *recovery_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        char kid[24], amount[32];
        id_text(kid, *recovery_id);
        plan_money(g.paid - r.spent, amount, sizeof amount);
        AuditChange rc[] = {{"recovery", NULL, kid}, {"amount", NULL, amount}, {"status", NULL, RECOVERY_REQUESTED}};
        if (!*recovery_id || audit_append(db, actor, "recovery.request", "grant", gid, rc, 3, reason) != 0)
            return return_close(db, &r, &g, CW_ERROR);
        snprintf(what, sizeof what, "DfE accepted your %s for %s. %s: DfE will ask for %s back", title, g.school,
                 reason, amount);
    } else {
        snprintf(what, sizeof what, "DfE accepted your %s for %s", title, g.school);
    }
    return return_close(db, &r, &g, tell_payee(db, actor, &g, what, path) == 0 ? CW_OK : CW_ERROR);
}

/* ---- recoveries ---- */

void grant_recovery_free(GrantRecovery *r)
{
    if (!r)
        return;
    char **const s[] = {&r->reason,       &r->status,       &r->reference,  &r->completed_on,
                        &r->requested_by, &r->requested_at, &r->updated_by, &r->updated_at};
    free_strings(s, sizeof s / sizeof s[0]);
    memset(r, 0, sizeof *r);
}

void grant_recovery_list_free(GrantRecoveryList *l)
{
    for (size_t i = 0; i < l->n; i++)
        grant_recovery_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

#define RECOVERY_COLS                                                                                                 \
    "SELECT id, grant_id, amount, reason, status, reference, completed_on, requested_by, requested_at, updated_by,"  \
    " updated_at FROM grant_recoveries"

static void recovery_row(sqlite3_stmt *st, GrantRecovery *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->grant_id = sqlite3_column_int64(st, 1);
    r->amount = sqlite3_column_int64(st, 2);
    char **const s[] = {&r->reason,       &r->status,       &r->reference,  &r->completed_on,
                        &r->requested_by, &r->requested_at, &r->updated_by, &r->updated_at};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        *s[i] = db_col_dup(st, 3 + (int)i);
}

int grant_recovery_get(Db *db, int64_t id, GrantRecovery *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, RECOVERY_COLS " WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        recovery_row(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int grant_recoveries_of(Db *db, int64_t grant_id, GrantRecoveryList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, RECOVERY_COLS " WHERE grant_id = ? ORDER BY id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 4;
            GrantRecovery *n = realloc(out->items, cap * sizeof *n);
            if (!n)
                break;
            out->items = n;
        }
        recovery_row(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        grant_recovery_list_free(out);
        return -1;
    }
    return 0;
}

const char *grant_recovery_status_label(const char *status)
{
    if (!status)
        return "";
    if (strcmp(status, RECOVERY_REQUESTED) == 0)
        return "Requested";
    if (strcmp(status, RECOVERY_IN_PROGRESS) == 0)
        return "In progress";
    if (strcmp(status, RECOVERY_COMPLETE) == 0)
        return "Complete";
    if (strcmp(status, RECOVERY_CANCELLED) == 0)
        return "Cancelled";
    return status;
}

/* What open recoveries of the grant already ask for, leaving out `except`. */
static int64_t open_recoveries(Db *db, int64_t grant_id, int64_t except)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT COALESCE(SUM(amount), 0) FROM grant_recoveries WHERE grant_id = ?"
                                   " AND status IN ('requested', 'in-progress') AND id <> ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    db_bind_int64(st, 2, except);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return v;
}

int grant_recovery_request(Db *db, const Actor *actor, int64_t grant_id, int64_t amount, const char *reason,
                           int64_t *id, char *why, size_t whylen)
{
    why[0] = '\0';
    if (amount <= 0 || !reason || !*reason) {
        snprintf(why, whylen, "Enter the amount to recover and why");
        return CW_REFUSED;
    }
    if (db_begin(db) != 0)
        return CW_ERROR;
    GrantFacts g;
    int rc = grant_facts_get(db, grant_id, &g);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    int ret = CW_ERROR;
    int64_t asked = open_recoveries(db, grant_id, 0);
    if (asked >= 0 && amount > g.paid - asked) {
        char paid[32], left[32];
        plan_money(g.paid, paid, sizeof paid);
        plan_money(g.paid - asked > 0 ? g.paid - asked : 0, left, sizeof left);
        snprintf(why, whylen, "The amount to recover must be no more than what was paid and is not already being"
                 " recovered: %s of the %s paid", left, paid);
        ret = CW_REFUSED;
    } else if (asked >= 0) {
        char now[32], gid[24], kid[24], money[32];
        grant_now(now);
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO grant_recoveries (grant_id, amount, reason, status, requested_by,"
                                       " requested_at, updated_by, updated_at) VALUES (?1, ?2, ?3, 'requested', ?4,"
                                       " ?5, ?4, ?5) RETURNING id");
        if (st) {
            db_bind_int64(st, 1, grant_id);
            db_bind_int64(st, 2, amount);
            db_bind_text(st, 3, reason);
            db_bind_text(st, 4, actor->label);
            db_bind_text(st, 5, now);
            *id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
            sqlite3_reset(st);
            id_text(gid, grant_id);
            id_text(kid, *id);
            plan_money(amount, money, sizeof money);
            AuditChange ch[] = {{"recovery", NULL, kid}, {"amount", NULL, money}, {"status", NULL, RECOVERY_REQUESTED}};
            if (*id && audit_append(db, actor, "recovery.request", "grant", gid, ch, 3, reason) == 0)
                ret = CW_OK;
        }
    }
    grant_facts_free(&g);
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    return ret;
}

/*
 * Moves a recovery to `to` (from the statuses `from` allows), audited
 * "recovery.<verb>" with why: for complete, also the reference, the day
 * and the ledger's move from paid to recovered.
 */
static int recovery_move(Db *db, const Actor *actor, int64_t id, const char *to, const char *verb, const char *note,
                         const char *reference, const char *on, char *why, size_t whylen)
{
    if (db_begin(db) != 0)
        return CW_ERROR;
    GrantRecovery k;
    int rc = grant_recovery_get(db, id, &k);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    int ret = CW_ERROR;
    int open = strcmp(k.status, RECOVERY_REQUESTED) == 0 || strcmp(k.status, RECOVERY_IN_PROGRESS) == 0;
    if (!open || (strcmp(to, RECOVERY_IN_PROGRESS) == 0 && strcmp(k.status, RECOVERY_REQUESTED) != 0)) {
        snprintf(why, whylen, "The recovery is %s: it cannot be %s", grant_recovery_status_label(k.status),
                 strcmp(to, RECOVERY_IN_PROGRESS) == 0 ? "started again" : verb);
        ret = CW_REFUSED;
        goto out;
    }
    if (strcmp(to, RECOVERY_COMPLETE) == 0) {
        GrantMove m = {.grant_id = k.grant_id, .op = OP_RECOVER, .from = BUCKET_PAID, .to = BUCKET_RECOVERED,
                       .amount = k.amount, .reason = k.reason, .reference = reference};
        int p = grant_post(db, actor, &m);
        if (p == 1) {
            snprintf(why, whylen, "The grant has less paid than the amount to recover: the recovery cannot be"
                                  " completed for more than was paid");
            ret = CW_REFUSED;
        }
        if (p != 0)
            goto out;
    }
    char now[32], gid[24], kid[24];
    grant_now(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE grant_recoveries SET status = ?, reference = COALESCE(?, reference),"
                                   " completed_on = COALESCE(?, completed_on), updated_by = ?, updated_at = ?"
                                   " WHERE id = ?");
    if (!st)
        goto out;
    db_bind_text(st, 1, to);
    db_bind_text(st, 2, reference);
    db_bind_text(st, 3, on);
    db_bind_text(st, 4, actor->label);
    db_bind_text(st, 5, now);
    db_bind_int64(st, 6, id);
    id_text(gid, k.grant_id);
    id_text(kid, id);
    char action[40];
    snprintf(action, sizeof action, "recovery.%s", verb);
    AuditChange ch[4] = {{"recovery", NULL, kid}, {"status", k.status, to}};
    size_t n = 2;
    if (reference)
        ch[n++] = (AuditChange){"reference", NULL, reference};
    if (on)
        ch[n++] = (AuditChange){"received_on", NULL, on};
    if (step_done(db, st) == 0 && audit_append(db, actor, action, "grant", gid, ch, n, note) == 0)
        ret = CW_OK;
out:
    grant_recovery_free(&k);
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    return ret;
}

int grant_recovery_progress(Db *db, const Actor *actor, int64_t id, const char *note, char *why, size_t whylen)
{
    why[0] = '\0';
    if (!note || !*note) {
        snprintf(why, whylen, "Enter a note of what is being done to recover the money");
        return CW_REFUSED;
    }
    return recovery_move(db, actor, id, RECOVERY_IN_PROGRESS, "progress", note, NULL, NULL, why, whylen);
}

int grant_recovery_complete(Db *db, const Actor *actor, int64_t id, const char *reference, const char *on, char *why,
                            size_t whylen)
{
    why[0] = '\0';
    if (!reference || !*reference || !on || !*on) {
        snprintf(why, whylen, "Enter the payment's reference and the date the money was received");
        return CW_REFUSED;
    }
    return recovery_move(db, actor, id, RECOVERY_COMPLETE, "complete", NULL, reference, on, why, whylen);
}

int grant_recovery_cancel(Db *db, const Actor *actor, int64_t id, const char *reason, char *why, size_t whylen)
{
    why[0] = '\0';
    if (!reason || !*reason) {
        snprintf(why, whylen, "Enter why the recovery is cancelled");
        return CW_REFUSED;
    }
    return recovery_move(db, actor, id, RECOVERY_CANCELLED, "cancel", reason, NULL, NULL, why, whylen);
}
