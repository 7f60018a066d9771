/*
 * case_closure.c - monitoring and closure (issue 15 items 4 and 6). See
 * case_closure.h.
 *
 * Interpretations:
 * - A judgement is the inspection's headline in Ofsted's words: its overall
 *   effectiveness ("Good", "Requires improvement"), or, for an ungraded
 *   inspection or a report card without one, its outcome; an inspection
 *   counts from its publication (the start date when the file gives none),
 *   as RISE counts judgements (migration 7, count_from_publication).
 * - Before and after is a school's: for a trust's case the page says where
 *   to see each school's inspections, since one summary of many schools
 *   would hide more than it shows.
 * - Closing cancels the unpaid lines of offers issued (offered or accepted):
 *   a draft offer has no money in the ledger yet and a withdrawn one none
 *   left. A line in a payment run that is prepared or approved but not paid
 *   stops the close: the run must be paid or the line taken out first, so
 *   no payment is lost between the run and the ledger.
 * - A case reopened and closed again keeps the last closure's answers
 *   (INSERT OR REPLACE); the audit trail keeps every one.
 */
#include "store/case_closure.h"

#include "core/buf.h"
#include "core/log.h"
#include "domain/closure.h"
#include "store/grant_ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- inspections */

void case_inspection_free(CaseInspection *i)
{
    free(i->judgement);
    memset(i, 0, sizeof *i);
}

#define INSP_COLS                                                                                                  \
    "i.urn, i.inspection_date, coalesce(i.publication_date, i.inspection_date),"                                \
    " coalesce(i.overall_text, i.outcome, CASE i.kind WHEN 'ungraded' THEN 'Ungraded inspection'"                \
    " WHEN 'report-card' THEN 'Report card' ELSE 'Graded inspection' END)"

static int read_inspection(sqlite3_stmt *st, CaseInspection *out)
{
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->found = 1;
        out->urn = sqlite3_column_int64(st, 0);
        snprintf(out->date, sizeof out->date, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(out->published, sizeof out->published, "%s", (const char *)sqlite3_column_text(st, 2));
        out->judgement = db_col_dup(st, 3);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static void day_of(const char *ts, char out[11])
{
    snprintf(out, 11, "%s", ts ? ts : "");
}

int case_inspection_since_opened(Db *db, const Case *c, CaseInspection *out)
{
    memset(out, 0, sizeof *out);
    char opened[11];
    day_of(c->opened_at, opened);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT " INSP_COLS " FROM inspections i"
            " WHERE ((?2 = 'school' AND i.urn = ?1) OR (?2 = 'trust' AND i.urn IN"
            "  (SELECT urn FROM group_members WHERE group_uid = ?1 AND left_date IS NULL)))"
            " AND coalesce(i.publication_date, i.inspection_date) > ?3"
            " ORDER BY coalesce(i.publication_date, i.inspection_date) DESC, i.inspection_date DESC LIMIT 1");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->subject_id);
    db_bind_text(st, 2, c->subject_kind);
    db_bind_text(st, 3, opened);
    return read_inspection(st, out);
}

int case_before_after(Db *db, const Case *c, CaseInspection *before, CaseInspection *after)
{
    memset(before, 0, sizeof *before);
    memset(after, 0, sizeof *after);
    if (strcmp(c->subject_kind, "school") != 0)
        return 0;
    char opened[11], closed[11];
    day_of(c->opened_at, opened);
    day_of(c->status_on, closed);
    sqlite3_stmt *st = db_stmt(db, "SELECT " INSP_COLS " FROM inspections i WHERE i.urn = ?1"
                                   " AND coalesce(i.publication_date, i.inspection_date) <= ?2"
                                   " ORDER BY coalesce(i.publication_date, i.inspection_date) DESC,"
                                   " i.inspection_date DESC LIMIT 1");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->subject_id);
    db_bind_text(st, 2, opened);
    if (read_inspection(st, before) != 0)
        return -1;
    st = db_stmt(db, "SELECT " INSP_COLS " FROM inspections i WHERE i.urn = ?1"
                     " AND coalesce(i.publication_date, i.inspection_date) > ?2"
                     " ORDER BY coalesce(i.publication_date, i.inspection_date), i.inspection_date LIMIT 1");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->subject_id);
    db_bind_text(st, 2, closed);
    return read_inspection(st, after);
}

int cases_refresh_inspected(Db *db)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT c.id FROM cases c WHERE c.status IN ('in progress','paused') AND ("
            " EXISTS (SELECT 1 FROM case_tasks k JOIN task_templates t ON t.programme = c.programme"
            "  AND t.code = k.code WHERE k.case_id = c.id AND t.when_rule = 'inspection' AND k.status <> 'not needed')"
            " OR EXISTS (SELECT 1 FROM inspections i WHERE coalesce(i.publication_date, i.inspection_date)"
            "  > substr(c.opened_at, 1, 10) AND ((c.subject_kind = 'school' AND i.urn = c.subject_id)"
            "  OR (c.subject_kind = 'trust' AND i.urn IN (SELECT urn FROM group_members m"
            "   WHERE m.group_uid = c.subject_id AND m.left_date IS NULL))))) ORDER BY c.id");
    if (!st)
        return -1;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *(int64_t *)xgrow((void **)&ids, &n, &cap, sizeof *ids) = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    int ret = rc == SQLITE_DONE ? 0 : -1;
    for (size_t i = 0; i < n && ret == 0; i++)
        ret = case_refresh(db, ids[i]);
    free(ids);
    return ret;
}

/* ---------------------------------------------------------------------- money */

void closure_money_free(ClosureMoney *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->grants[i].kind);
        free(m->grants[i].days_kind);
        free(m->grants[i].status);
        free(m->grants[i].payee);
    }
    for (size_t i = 0; i < m->n_recoveries; i++) {
        free(m->recoveries[i].status);
        free(m->recoveries[i].reason);
    }
    free(m->grants);
    free(m->recoveries);
    memset(m, 0, sizeof *m);
}

static int load_grants(Db *db, int64_t case_id, ClosureMoney *out)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT g.id, g.kind, g.days_kind, g.status, p.name, g.offered, g.scheduled, g.due, g.withheld, g.paid,"
            " g.cancelled, g.recovered,"
            " (SELECT coalesce(sum(l.amount), 0) FROM grant_lines l WHERE l.grant_id = g.id"
            "   AND l.status IN ('scheduled','due','withheld')),"
            " (SELECT count(*) FROM grant_lines l WHERE l.grant_id = g.id AND l.status IN ('scheduled','due','withheld'))"
            " FROM grants g JOIN payees p ON p.id = g.payee_id WHERE g.case_id = ? ORDER BY g.id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ClosureGrant *g = xgrow((void **)&out->grants, &out->n, &cap, sizeof *out->grants);
        memset(g, 0, sizeof *g);
        g->id = sqlite3_column_int64(st, 0);
        g->kind = db_col_dup(st, 1);
        g->days_kind = db_col_dup(st, 2);
        g->status = db_col_dup(st, 3);
        g->payee = db_col_dup(st, 4);
        g->balance.offered = sqlite3_column_int64(st, 5);
        for (int b = BUCKET_SCHEDULED; b <= BUCKET_RECOVERED; b++)
            g->balance.b[b] = sqlite3_column_int64(st, 5 + b);
        int issued = strcmp(g->status, "offered") == 0 || strcmp(g->status, "accepted") == 0;
        g->to_cancel = issued ? sqlite3_column_int64(st, 12) : 0;
        g->lines_to_cancel = issued ? (size_t)sqlite3_column_int64(st, 13) : 0;
        out->to_cancel += g->to_cancel;
        out->lines_to_cancel += g->lines_to_cancel;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int case_closure_money(Db *db, int64_t case_id, ClosureMoney *out)
{
    memset(out, 0, sizeof *out);
    if (load_grants(db, case_id, out) != 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "SELECT r.id, r.grant_id, r.amount, r.status, r.reason FROM grant_recoveries r"
                                   " JOIN grants g ON g.id = r.grant_id WHERE g.case_id = ?"
                                   " AND r.status IN ('requested','in-progress') ORDER BY r.id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ClosureRecovery *r = xgrow((void **)&out->recoveries, &out->n_recoveries, &cap, sizeof *out->recoveries);
        r->id = sqlite3_column_int64(st, 0);
        r->grant_id = sqlite3_column_int64(st, 1);
        r->amount = sqlite3_column_int64(st, 2);
        r->status = db_col_dup(st, 3);
        r->reason = db_col_dup(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    st = db_stmt(db, "SELECT r.id, r.status FROM payment_runs r JOIN grant_lines l ON l.run_id = r.id"
                     " JOIN grants g ON g.id = l.grant_id WHERE g.case_id = ? AND r.status IN ('prepared','approved')"
                     " AND l.status <> 'paid' ORDER BY r.id LIMIT 1");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->blocking_run = sqlite3_column_int64(st, 0);
        snprintf(out->blocking_status, sizeof out->blocking_status, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* ------------------------------------------------------------------ the close */

/* Cancels every unpaid line of the case's issued offers. 0, or -1. */
static int cancel_lines(Db *db, const Actor *actor, int64_t case_id, int64_t *cancelled)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT l.id, l.amount FROM grant_lines l JOIN grants g ON g.id = l.grant_id"
                                   " WHERE g.case_id = ? AND g.status IN ('offered','accepted')"
                                   " AND l.status IN ('scheduled','due','withheld') ORDER BY l.id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    int64_t *ids = NULL, *amounts = NULL;
    size_t n = 0, cap = 0, n2 = 0, cap2 = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *(int64_t *)xgrow((void **)&ids, &n, &cap, sizeof *ids) = sqlite3_column_int64(st, 0);
        *(int64_t *)xgrow((void **)&amounts, &n2, &cap2, sizeof *amounts) = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    int ret = rc == SQLITE_DONE ? 0 : -1;
    for (size_t i = 0; i < n && ret == 0; i++) {
        /* refused (1) cannot happen for these statuses; treat it as an error all the same */
        ret = grant_line_move(db, actor, ids[i], OP_CANCEL, "Case closed", 0, NULL, 0, NULL, NULL) == 0 ? 0 : -1;
        if (ret == 0)
            *cancelled += amounts[i];
    }
    free(ids);
    free(amounts);
    return ret;
}

/* The case's grants end with it: a draft never issued is withdrawn, an
   issued offer (its unpaid payments cancelled above) is closed; each
   audited "grant.close". 0, or -1. */
static int close_grants(Db *db, const Actor *actor, int64_t case_id, const char *now)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE grants SET status = CASE status WHEN 'draft' THEN 'withdrawn' ELSE 'closed'"
                                   " END, withdrawn_reason = CASE status WHEN 'draft' THEN 'The case closed before the"
                                   " offer was issued' ELSE withdrawn_reason END, updated_at = ?2"
                                   " WHERE case_id = ?1 AND status IN ('draft','offered','accepted')"
                                   " RETURNING id, status");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, now);
    struct {
        char id[24], to[12];
    } done[64];
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 64) {
        snprintf(done[n].id, sizeof done[n].id, "%lld", (long long)sqlite3_column_int64(st, 0));
        snprintf(done[n].to, sizeof done[n].to, "%s", (const char *)sqlite3_column_text(st, 1));
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return -1;
    for (size_t i = 0; i < n; i++) {
        AuditChange ch = {"status", NULL, done[i].to};
        if (audit_append(db, actor, "grant.close", "grant", done[i].id, &ch, 1, "The case closed") != 0)
            return -1;
    }
    return 0;
}

static int write_closure(Db *db, const Actor *actor, int64_t case_id, const CaseClosure *a, int64_t cancelled)
{
    char now[32], cid[24], amount[32];
    log_timestamp(now);
    snprintf(cid, sizeof cid, "%lld", (long long)case_id);
    snprintf(amount, sizeof amount, "%lld", (long long)cancelled);
    const char *notes = a->end_call_notes && *a->end_call_notes ? a->end_call_notes : NULL;
    const char *stopped = strcmp(a->completion, "stopped-early") == 0 ? a->stopped_reason : NULL;
    const char *study = a->case_study && a->case_study_text && *a->case_study_text ? a->case_study_text : NULL;
    sqlite3_stmt *st = db_stmt(
        db, "INSERT OR REPLACE INTO case_closures (case_id, end_call_on, end_call_notes, completion, stopped_reason,"
            " final_rating, case_study, case_study_text, cancelled_amount, recorded_by, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, a->end_call_on && *a->end_call_on ? a->end_call_on : NULL);
    db_bind_text(st, 3, notes);
    db_bind_text(st, 4, a->completion);
    db_bind_text(st, 5, stopped);
    db_bind_text(st, 6, a->final_rating);
    sqlite3_bind_int(st, 7, a->case_study ? 1 : 0);
    db_bind_text(st, 8, study);
    db_bind_int64(st, 9, cancelled);
    db_bind_text(st, 10, actor->label);
    db_bind_text(st, 11, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    AuditChange ch[] = {
        {"end_call_on", NULL, a->end_call_on && *a->end_call_on ? a->end_call_on : NULL},
        {"end_call_notes", NULL, notes},
        {"completion", NULL, closure_completion_label(a->completion)},
        {"stopped_reason", NULL, stopped},
        {"final_rating", NULL, closure_rating_label(a->final_rating)},
        {"case_study", NULL, a->case_study ? "yes" : "no"},
        {"case_study_text", NULL, study},
        {"cancelled_pence", NULL, amount},
    };
    return audit_append(db, actor, "case.closure", "case", cid, ch, sizeof ch / sizeof ch[0], a->reason);
}

int case_close_with(Db *db, const Actor *actor, int64_t case_id, const CaseClosure *a, char *why, size_t whylen,
                    int64_t *cancelled)
{
    *cancelled = 0;
    why[0] = 0;
    if (db_begin(db) != 0)
        return CW_ERROR;
    ClosureMoney m;
    int ret = CW_ERROR;
    if (case_closure_money(db, case_id, &m) != 0)
        goto out;
    if (m.blocking_run) {
        snprintf(why, whylen,
                 "Payment run %lld is %s and not paid yet, and it includes a payment of this case. Pay the run or"
                 " take the payment out of it before closing the case.",
                 (long long)m.blocking_run, m.blocking_status);
        ret = CW_REFUSED;
        goto out;
    }
    const char *refusal = NULL;
    ret = case_close_in(db, actor, case_id, a->outcome, a->on, a->reason, &refusal);
    if (ret != CW_OK) {
        if (refusal)
            snprintf(why, whylen, "%s", refusal);
        goto out;
    }
    ret = CW_ERROR;
    char closed_at[32];
    log_timestamp(closed_at);
    char closed_on[11];
    snprintf(closed_on, sizeof closed_on, "%.10s", closed_at);
    if (cancel_lines(db, actor, case_id, cancelled) != 0 || close_grants(db, actor, case_id, closed_at) != 0 ||
        case_task_kind_set(db, actor, case_id, "closure", TASK_COMPLETED, closed_on) < 0 ||
        write_closure(db, actor, case_id, a, *cancelled) != 0)
        goto out;
    ret = db_commit(db) == 0 ? CW_OK : CW_ERROR;
    closure_money_free(&m);
    return ret;
out:
    db_rollback(db);
    closure_money_free(&m);
    return ret;
}

void case_closure_row_free(CaseClosureRow *r)
{
    char **s[] = {&r->end_call_on,     &r->end_call_notes, &r->completion,  &r->stopped_reason,
                  &r->final_rating,    &r->case_study_text, &r->recorded_by, &r->recorded_at};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
    memset(r, 0, sizeof *r);
}

int case_closure_get(Db *db, int64_t case_id, CaseClosureRow *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT end_call_on, end_call_notes, completion, stopped_reason, final_rating,"
                                   " case_study, case_study_text, cancelled_amount, recorded_by, recorded_at"
                                   " FROM case_closures WHERE case_id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->end_call_on = db_col_dup(st, 0);
        out->end_call_notes = db_col_dup(st, 1);
        out->completion = db_col_dup(st, 2);
        out->stopped_reason = db_col_dup(st, 3);
        out->final_rating = db_col_dup(st, 4);
        out->case_study = sqlite3_column_int(st, 5);
        out->case_study_text = db_col_dup(st, 6);
        out->cancelled_amount = sqlite3_column_int64(st, 7);
        out->recorded_by = db_col_dup(st, 8);
        out->recorded_at = db_col_dup(st, 9);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
