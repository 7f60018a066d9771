/*
 * grant_ledger.c - see grant_ledger.h.
 */
#include "store/grant_ledger.h"

#include "core/date.h"
#include "core/log.h"
#include "domain/plans.h"
#include "store/programme_params.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("grants: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

void grant_now(char out[32])
{
    log_timestamp(out);
}

void grant_today(char out[11])
{
    date_iso(date_local(0), out);
}

int grant_params_load(Db *db, const char *programme, GrantParams *out)
{
    grant_params_default(out);
    static const ProgrammeParam K[] = {
        {"grant_nle_day_rate", offsetof(GrantParams, nle_day_rate), 1},
        {"grant_nle_day_rate_travel", offsetof(GrantParams, nle_day_rate_travel), 1},
        {"grant_travel_minutes", offsetof(GrantParams, travel_minutes), 0},
        {"grant_travel_miles", offsetof(GrantParams, travel_miles), 0},
        {"grant_nle_max_days", offsetof(GrantParams, nle_max_days), 0},
        {"grant_leader_day_rate", offsetof(GrantParams, leader_day_rate), 1},
        {"grant_leader_max_days", offsetof(GrantParams, leader_max_days), 0},
        {"grant_nlg_days", offsetof(GrantParams, nlg_days), 0},
        {"grant_planning", offsetof(GrantParams, planning_grant), 1},
        {"grant_adviser_day_rate", offsetof(GrantParams, adviser_day_rate), 1},
        {"grant_pay_days", offsetof(GrantParams, pay_days), 0},
    };
    return programme_params_fill(db, programme, K, sizeof K / sizeof K[0], out);
}

/* ---- payees ---- */

void payee_free(Payee *p)
{
    if (!p)
        return;
    free(p->kind);
    free(p->ref);
    free(p->name);
    free(p->vendor_account);
    free(p->vendor_set_by);
    free(p->vendor_set_at);
    memset(p, 0, sizeof *p);
}

int payee_ensure(Db *db, const char *kind, const char *ref, const char *name, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO payees (kind, ref, name) VALUES (?1, ?2, ?3)"
                                   " ON CONFLICT (kind, ref) DO UPDATE SET name = ?3 RETURNING id");
    if (!st)
        return -1;
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, ref);
    db_bind_text(st, 3, name && *name ? name : ref);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else
        log_error("grants: payee: %s", sqlite3_errmsg(db_handle(db)));
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int payee_get(Db *db, int64_t id, Payee *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, kind, ref, name, vendor_account, vendor_set_by, vendor_set_at"
                                   " FROM payees WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->kind = db_col_dup(st, 1);
        out->ref = db_col_dup(st, 2);
        out->name = db_col_dup(st, 3);
        out->vendor_account = db_col_dup(st, 4);
        out->vendor_set_by = db_col_dup(st, 5);
        out->vendor_set_at = db_col_dup(st, 6);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int payee_set_vendor(Db *db, const Actor *actor, int64_t id, const char *account)
{
    Payee p;
    if (payee_get(db, id, &p) != 1)
        return -1;
    char now[32], pid[24];
    grant_now(now);
    snprintf(pid, sizeof pid, "%lld", (long long)id);
    const char *to = account && *account ? account : NULL;
    sqlite3_stmt *st = db_stmt(db, "UPDATE payees SET vendor_account = ?, vendor_set_by = ?, vendor_set_at = ?"
                                   " WHERE id = ?");
    int rc = -1;
    if (st) {
        db_bind_text(st, 1, to);
        db_bind_text(st, 2, actor->label);
        db_bind_text(st, 3, now);
        db_bind_int64(st, 4, id);
        AuditChange ch = {"vendor_account", p.vendor_account, to};
        rc = done(db, st) == 0 && audit_append(db, actor, "payee.vendor", "payee", pid, &ch, 1, NULL) == 0 ? 0 : -1;
    }
    payee_free(&p);
    return rc;
}

/* ---- the ledger ---- */

static const char *const BALANCE_COLS = "offered, scheduled, due, withheld, paid, cancelled, recovered";

int grant_balance_get(Db *db, int64_t grant_id, GrantBalance *out)
{
    memset(out, 0, sizeof *out);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT %s FROM grants WHERE id = ?", BALANCE_COLS);
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->offered = sqlite3_column_int64(st, 0);
        for (int b = 1; b < BUCKET_COUNT; b++)
            out->b[b] = sqlite3_column_int64(st, b);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int grant_post(Db *db, const Actor *actor, const GrantMove *m)
{
    GrantBalance g;
    int rc = grant_balance_get(db, m->grant_id, &g);
    if (rc != 1)
        return rc == 0 ? 1 : -1;
    if (grant_balance_apply(&g, m->op, m->from, m->to, m->amount) != 0)
        return 1;
    char now[32], gid[24], amount[24];
    grant_now(now);
    snprintf(gid, sizeof gid, "%lld", (long long)m->grant_id);
    snprintf(amount, sizeof amount, "%lld", (long long)m->amount);
    sqlite3_stmt *st = db_stmt(db, "UPDATE grants SET offered = ?, scheduled = ?, due = ?, withheld = ?, paid = ?,"
                                   " cancelled = ?, recovered = ?, updated_at = ? WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, g.offered);
    for (int b = 1; b < BUCKET_COUNT; b++)
        db_bind_int64(st, b + 1, g.b[b]);
    db_bind_text(st, 8, now);
    db_bind_int64(st, 9, m->grant_id);
    if (done(db, st) != 0)
        return -1;
    st = db_stmt(db, "INSERT INTO grant_ledger (grant_id, line_id, op, from_bucket, to_bucket, amount, reason,"
                     " prepared_by_id, prepared_by, approved_by_id, approved_by, run_id, reference, at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return -1;
    db_bind_int64(st, 1, m->grant_id);
    if (m->line_id)
        db_bind_int64(st, 2, m->line_id);
    else
        sqlite3_bind_null(st, 2);
    db_bind_text(st, 3, grant_op_name(m->op));
    db_bind_text(st, 4, grant_bucket_name(m->from));
    db_bind_text(st, 5, grant_bucket_name(m->to));
    db_bind_int64(st, 6, m->amount);
    db_bind_text(st, 7, m->reason && *m->reason ? m->reason : NULL);
    int64_t by_id = m->prepared_by ? m->prepared_by_id : actor->user_id;
    if (by_id)
        db_bind_int64(st, 8, by_id);
    else
        sqlite3_bind_null(st, 8);
    db_bind_text(st, 9, m->prepared_by ? m->prepared_by : actor->label);
    if (m->approved_by_id)
        db_bind_int64(st, 10, m->approved_by_id);
    else
        sqlite3_bind_null(st, 10);
    db_bind_text(st, 11, m->approved_by);
    if (m->run_id)
        db_bind_int64(st, 12, m->run_id);
    else
        sqlite3_bind_null(st, 12);
    db_bind_text(st, 13, m->reference && *m->reference ? m->reference : NULL);
    db_bind_text(st, 14, now);
    if (done(db, st) != 0)
        return -1;
    char action[32];
    snprintf(action, sizeof action, "grant.%s", grant_op_name(m->op));
    char line[24];
    snprintf(line, sizeof line, "%lld", (long long)m->line_id);
    AuditChange ch[7];
    size_t n = 0;
    ch[n++] = (AuditChange){"amount", NULL, amount};
    if (m->prepared_by)
        ch[n++] = (AuditChange){"prepared_by", NULL, m->prepared_by};
    ch[n++] = (AuditChange){"money", grant_bucket_name(m->from), grant_bucket_name(m->to)};
    if (m->line_id)
        ch[n++] = (AuditChange){"line", NULL, line};
    if (m->approved_by)
        ch[n++] = (AuditChange){"approved_by", NULL, m->approved_by};
    if (m->reference && *m->reference)
        ch[n++] = (AuditChange){"reference", NULL, m->reference};
    return audit_append(db, actor, action, "grant", gid, ch, n, m->reason && *m->reason ? m->reason : NULL) == 0 ? 0
                                                                                                                 : -1;
}

/* The bucket a line's status names, and back. */
static GrantBucket line_bucket(const char *status)
{
    return grant_bucket_from(status); /* scheduled, due, withheld, paid, cancelled: the same words */
}

int grant_line_move(Db *db, const Actor *actor, int64_t line_id, GrantOp op, const char *reason,
                    int64_t approved_by_id, const char *approved_by, int64_t run_id, const char *reference,
                    const char *on)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT grant_id, amount, status FROM grant_lines WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, line_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 1 : -1;
    }
    int64_t grant_id = sqlite3_column_int64(st, 0), amount = sqlite3_column_int64(st, 1);
    GrantBucket from = line_bucket((const char *)sqlite3_column_text(st, 2));
    sqlite3_reset(st);
    GrantBucket to = op == OP_MAKE_DUE || op == OP_RELEASE ? BUCKET_DUE
                     : op == OP_WITHHOLD                   ? BUCKET_WITHHELD
                     : op == OP_PAY                        ? BUCKET_PAID
                     : op == OP_CANCEL                     ? BUCKET_CANCELLED
                                                           : BUCKET_NONE;
    if (to == BUCKET_NONE || !grant_move_allowed(op, from, to))
        return 1;
    GrantMove m = {.grant_id = grant_id,
                   .line_id = line_id,
                   .op = op,
                   .from = from,
                   .to = to,
                   .amount = amount,
                   .reason = reason,
                   .approved_by_id = approved_by_id,
                   .approved_by = approved_by,
                   .run_id = run_id,
                   .reference = reference};
    /* a payment was prepared by its run's preparer, whoever marks the run paid */
    char *preparer = NULL;
    if (op == OP_PAY && run_id) {
        st = db_stmt(db, "SELECT prepared_by_id, prepared_by FROM payment_runs WHERE id = ?");
        if (!st)
            return -1;
        db_bind_int64(st, 1, run_id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            m.prepared_by_id = sqlite3_column_int64(st, 0);
            m.prepared_by = preparer = db_col_dup(st, 1);
        }
        sqlite3_reset(st);
    }
    rc = grant_post(db, actor, &m);
    free(preparer);
    if (rc != 0)
        return rc;
    char now[32], today[11];
    grant_now(now);
    grant_today(today);
    const char *day = on && *on ? on : today;
    switch (op) {
    case OP_MAKE_DUE:
    case OP_RELEASE:
        /* why it became payable, for the schedule's "Why" (the ledger keeps every reason) */
        st = db_stmt(db, "UPDATE grant_lines SET status = 'due', due_since = ?2,"
                         " progress_note = COALESCE(?3, progress_note), progress_by = CASE WHEN ?3 IS NULL THEN"
                         " progress_by ELSE ?4 END, progress_at = CASE WHEN ?3 IS NULL THEN progress_at ELSE ?5 END"
                         " WHERE id = ?1");
        break;
    case OP_WITHHOLD:
        st = db_stmt(db, "UPDATE grant_lines SET status = 'withheld', run_id = NULL, withheld_reason = ?3,"
                         " withheld_by = ?4, withheld_at = ?5 WHERE id = ?1");
        break;
    case OP_PAY:
        st = db_stmt(db, "UPDATE grant_lines SET status = 'paid', paid_on = ?2, paid_reference = ?6, run_id = ?7"
                         " WHERE id = ?1");
        break;
    default: st = db_stmt(db, "UPDATE grant_lines SET status = 'cancelled', run_id = NULL WHERE id = ?1"); break;
    }
    if (!st)
        return -1;
    db_bind_int64(st, 1, line_id);
    if (op == OP_MAKE_DUE || op == OP_RELEASE || op == OP_PAY)
        db_bind_text(st, 2, day);
    if ((op == OP_MAKE_DUE || op == OP_RELEASE) && reason && *reason) {
        char note[600];
        snprintf(note, sizeof note, "%s%s", op == OP_RELEASE ? "Released: " : "", reason);
        db_bind_text(st, 3, note);
        db_bind_text(st, 4, actor->label);
        db_bind_text(st, 5, now);
    }
    if (op == OP_WITHHOLD) {
        db_bind_text(st, 3, reason);
        db_bind_text(st, 4, actor->label);
        db_bind_text(st, 5, now);
    }
    if (op == OP_PAY) {
        db_bind_text(st, 6, reference);
        if (run_id)
            db_bind_int64(st, 7, run_id);
        else
            sqlite3_bind_null(st, 7);
    }
    return done(db, st);
}

int grant_verify(Db *db, size_t *n_grants, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    *n_grants = 0;
    /* the stored balances, the ledger re-added, and the schedule, per grant */
    sqlite3_stmt *st = db_stmt(
        db,
        "SELECT g.id, g.offered, g.scheduled, g.due, g.withheld, g.paid, g.cancelled, g.recovered,"
        " COALESCE(l.offered, 0), COALESCE(l.scheduled, 0), COALESCE(l.due, 0), COALESCE(l.withheld, 0),"
        " COALESCE(l.paid, 0), COALESCE(l.cancelled, 0), COALESCE(l.recovered, 0),"
        " COALESCE(s.scheduled, 0), COALESCE(s.due, 0), COALESCE(s.withheld, 0), COALESCE(s.paid, 0),"
        " COALESCE(s.cancelled, 0)"
        " FROM grants g"
        " LEFT JOIN (SELECT grant_id,"
        "   SUM(CASE WHEN from_bucket IS NULL THEN amount ELSE 0 END) AS offered,"
        "   SUM(CASE WHEN to_bucket = 'scheduled' THEN amount ELSE 0 END)"
        "     - SUM(CASE WHEN from_bucket = 'scheduled' THEN amount ELSE 0 END) AS scheduled,"
        "   SUM(CASE WHEN to_bucket = 'due' THEN amount ELSE 0 END)"
        "     - SUM(CASE WHEN from_bucket = 'due' THEN amount ELSE 0 END) AS due,"
        "   SUM(CASE WHEN to_bucket = 'withheld' THEN amount ELSE 0 END)"
        "     - SUM(CASE WHEN from_bucket = 'withheld' THEN amount ELSE 0 END) AS withheld,"
        "   SUM(CASE WHEN to_bucket = 'paid' THEN amount ELSE 0 END)"
        "     - SUM(CASE WHEN from_bucket = 'paid' THEN amount ELSE 0 END) AS paid,"
        "   SUM(CASE WHEN to_bucket = 'cancelled' THEN amount ELSE 0 END) AS cancelled,"
        "   SUM(CASE WHEN to_bucket = 'recovered' THEN amount ELSE 0 END) AS recovered"
        "   FROM grant_ledger GROUP BY grant_id) l ON l.grant_id = g.id"
        " LEFT JOIN (SELECT grant_id,"
        "   SUM(CASE WHEN status = 'scheduled' THEN amount ELSE 0 END) AS scheduled,"
        "   SUM(CASE WHEN status = 'due' THEN amount ELSE 0 END) AS due,"
        "   SUM(CASE WHEN status = 'withheld' THEN amount ELSE 0 END) AS withheld,"
        "   SUM(CASE WHEN status = 'paid' THEN amount ELSE 0 END) AS paid,"
        "   SUM(CASE WHEN status = 'cancelled' THEN amount ELSE 0 END) AS cancelled"
        "   FROM grant_lines WHERE grant_id NOT IN (SELECT id FROM grants WHERE status IN ('draft','withdrawn')"
        "     AND id NOT IN (SELECT grant_id FROM grant_ledger))" /* a schedule never offered (a draft, or a draft withdrawn when its case
            closed): nothing of it is in the ledger */
        "   GROUP BY grant_id) s ON s.grant_id = g.id"
        " ORDER BY g.id");
    if (!st)
        return -1;
    int bad = 0;
    size_t used = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        (*n_grants)++;
        GrantBalance stored = {.offered = sqlite3_column_int64(st, 1)};
        GrantBalance ledger = {.offered = sqlite3_column_int64(st, 8)};
        for (int b = 1; b < BUCKET_COUNT; b++) {
            stored.b[b] = sqlite3_column_int64(st, 1 + b);
            ledger.b[b] = sqlite3_column_int64(st, 8 + b);
        }
        int64_t s_sched = sqlite3_column_int64(st, 15), s_due = sqlite3_column_int64(st, 16),
                s_with = sqlite3_column_int64(st, 17), s_paid = sqlite3_column_int64(st, 18),
                s_canc = sqlite3_column_int64(st, 19);
        const char *problem = NULL;
        if (!grant_balance_ok(&stored))
            problem = "its buckets do not add up to what was offered";
        else if (memcmp(&stored, &ledger, sizeof stored) != 0)
            problem = "its balances differ from its ledger";
        else if (stored.b[BUCKET_SCHEDULED] != s_sched || stored.b[BUCKET_DUE] != s_due ||
                 stored.b[BUCKET_WITHHELD] != s_with || stored.b[BUCKET_CANCELLED] != s_canc ||
                 stored.b[BUCKET_PAID] + stored.b[BUCKET_RECOVERED] != s_paid)
            problem = "its balances differ from its schedule";
        if (problem) {
            bad++;
            if (err && used + 100 < errlen)
                used += (size_t)snprintf(err + used, errlen - used, "%sgrant %lld: %s", used ? "; " : "",
                                         (long long)sqlite3_column_int64(st, 0), problem);
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? bad : -1;
}

/* ---- budgets ---- */

int grant_budget_get(Db *db, const char *programme, const char *year, const char *region, GrantBudget *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT allocated FROM grant_budgets WHERE programme = ? AND year = ? AND region = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, programme);
    db_bind_text(st, 2, year);
    db_bind_text(st, 3, region);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->has_allocation = 1;
        out->allocated = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    st = db_stmt(db, "SELECT COALESCE(SUM(offered), 0), COALESCE(SUM(paid), 0), COALESCE(SUM(withheld), 0),"
                     " COALESCE(SUM(cancelled), 0), COALESCE(SUM(recovered), 0),"
                     " COALESCE(SUM(scheduled + due + withheld), 0),"
                     " COALESCE(SUM(CASE WHEN status = 'draft' THEN total ELSE 0 END), 0)"
                     " FROM grants WHERE programme = ?1 AND region = ?3"
                     " AND (year = ?2 OR (status = 'draft' AND ?2 = ?4))");
    if (!st)
        return -1;
    char today[11], now_year[8];
    grant_today(today);
    grant_financial_year(atoi(today), atoi(today + 5), now_year);
    db_bind_text(st, 1, programme);
    db_bind_text(st, 2, year);
    db_bind_text(st, 3, region);
    db_bind_text(st, 4, now_year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->committed = sqlite3_column_int64(st, 0);
        out->paid = sqlite3_column_int64(st, 1);
        out->withheld = sqlite3_column_int64(st, 2);
        out->cancelled = sqlite3_column_int64(st, 3);
        out->recovered = sqlite3_column_int64(st, 4);
        out->outstanding = sqlite3_column_int64(st, 5);
        out->drafts = sqlite3_column_int64(st, 6);
        out->forecast = out->committed - out->cancelled - out->recovered + out->drafts;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int grant_budget_warning(Db *db, const char *programme, const char *year, const char *region, int64_t amount,
                         char *warning, size_t len)
{
    GrantBudget b;
    if (grant_budget_get(db, programme, year, region, &b) != 0)
        return -1;
    if (!b.has_allocation) {
        snprintf(warning, len, "No budget is set for %s in %s in %s: set one on the budgets page before committing"
                 " money, or issue it knowing it is unbudgeted", programme, region, year);
        return 1;
    }
    int64_t committed = b.committed - b.cancelled - b.recovered;
    if (committed + amount <= b.allocated)
        return 0;
    char a[32], c[32], n[32];
    plan_money(b.allocated, a, sizeof a);
    plan_money(committed, c, sizeof c);
    plan_money(committed + amount - b.allocated, n, sizeof n);
    snprintf(warning, len, "This would commit %s more than the %s budget for %s in %s in %s (%s is committed"
             " already)", n, a, programme, region, year, c);
    return 1;
}
