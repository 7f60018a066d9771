/*
 * case_approvals.c - what the regional director's approval does, and the
 * conflict-of-interest checks it can override (issue 10; decision 0010).
 * See casework.h. The rules are in domain/decisions.c: an approved category
 * becomes the case's, an approved override clears the adviser, a rejected
 * escalation leaves the concern open again.
 */
#include "store/casework.h"
#include "store/matching.h"
#include "store/messages.h"
#include "store/users.h"

#include "core/buf.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("case approvals: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

static void id_text(int64_t id, char out[24])
{
    snprintf(out, 24, "%lld", (long long)id);
}

/* ------------------------------------------------- conflicts of interest */

/* The approval as one of the literals the rules compare (NULL for none). */
static const char *approval_literal(const char *a)
{
    static const char *const A[] = {"awaiting", "approved", "rejected"};
    for (size_t i = 0; a && i < 3; i++)
        if (strcmp(A[i], a) == 0)
            return A[i];
    return NULL;
}

int case_conflict_log(Db *db, int64_t case_id, ConflictCheck **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT person_id, type, value, approval FROM case_decisions WHERE case_id = ?"
                                   " AND type IN ('conflict-of-interest', 'conflict-override')"
                                   " AND person_id IS NOT NULL ORDER BY id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ConflictCheck *c = xgrow((void **)out, n, &cap, sizeof **out);
        const char *type = (const char *)sqlite3_column_text(st, 1);
        const char *value = (const char *)sqlite3_column_text(st, 2);
        c->adviser = sqlite3_column_int64(st, 0);
        c->override = strcmp(type, "conflict-override") == 0;
        c->conflict = !c->override && value && strcmp(value, "yes") == 0;
        c->approval = approval_literal((const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int case_conflict_standing(Db *db, int64_t case_id, int64_t adviser_id, ConflictStanding *out)
{
    ConflictCheck *c;
    size_t n;
    if (case_conflict_log(db, case_id, &c, &n) != 0)
        return -1;
    *out = conflict_standing(c, n, adviser_id);
    free(c);
    return 0;
}

int actor_is_regional_director(Db *db, const Actor *actor)
{
    User u;
    if (actor->user_id <= 0 || user_get(db, actor->user_id, &u) != 1)
        return 0;
    int yes = u.role && strcmp(u.role, "regional-director") == 0;
    user_free(&u);
    return yes;
}

/* After an override is approved or rejected: the programme's conflict task
   is completed (from done_on, unless it already was) while a checked adviser
   stands clear, and in progress otherwise. */
static int conflict_task_sync(Db *db, int64_t case_id, const char *done_on)
{
    ConflictCheck *c;
    size_t n;
    if (case_conflict_log(db, case_id, &c, &n) != 0)
        return -1;
    int clear = conflict_any_clear(c, n);
    free(c);
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_tasks SET"
                                   " status = CASE WHEN ?1 THEN 'completed' ELSE 'in progress' END,"
                                   " done_on = CASE WHEN ?1 THEN coalesce(done_on, ?2) END"
                                   " WHERE case_id = ?3 AND status IN ('in progress', 'completed') AND code IN"
                                   " (SELECT t.code FROM task_templates t JOIN cases c ON c.programme = t.programme"
                                   "  WHERE c.id = ?3 AND t.kind = 'conflict')");
    if (!st)
        return -1;
    db_bind_int64(st, 1, clear);
    db_bind_text(st, 2, done_on);
    db_bind_int64(st, 3, case_id);
    return step_done(db, st);
}

/* ------------------------------------------------------------- approvals */

/* The identification task's status and the day it was done (a fresh copy). */
static int identify_state(Db *db, int64_t case_id, TaskStatus *status, char **done_on)
{
    *status = TASK_NOT_STARTED;
    *done_on = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT status, done_on FROM case_tasks WHERE case_id = ? AND code = 'identify'");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        int s = task_status_from((const char *)sqlite3_column_text(st, 0));
        *status = s < 0 ? TASK_NOT_STARTED : (TaskStatus)s;
        *done_on = db_col_dup(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* A category decision approved or rejected: an approved one becomes the
   case's category; the identification follows the rule in
   domain/decisions.c (a confirmed category keeps the case where it is). */
static int category_settle(Db *db, int64_t case_id, const CaseDecision *d, int approved, const char *today)
{
    TaskStatus before;
    char *done_on;
    if (identify_state(db, case_id, &before, &done_on) != 0)
        return -1;
    TaskStatus after = category_identify_status(before, approved ? "approved" : "rejected");
    const char *on = after != TASK_COMPLETED ? NULL : before == TASK_COMPLETED && done_on ? done_on : today;
    sqlite3_stmt *st =
        db_stmt(db, "UPDATE case_tasks SET status = ?, done_on = ? WHERE case_id = ? AND code = 'identify'");
    int rc = -1;
    if (st) {
        db_bind_text(st, 1, task_status_name(after));
        db_bind_text(st, 2, on);
        db_bind_int64(st, 3, case_id);
        rc = step_done(db, st);
    }
    free(done_on);
    if (rc != 0 || !approved || !d->value)
        return rc;
    st = db_stmt(db, "UPDATE cases SET category = ? WHERE id = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, d->value);
    db_bind_int64(st, 2, case_id);
    return step_done(db, st);
}

/* A rejected escalation: the concern is open again (to escalate otherwise).
   *reopened is set when it was still escalated. */
static int escalation_rejected(Db *db, int64_t case_id, const CaseDecision *d, int *reopened)
{
    *reopened = 0;
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_concerns SET status = 'open' WHERE case_id = ?"
                                   " AND 'concern ' || id = ? AND status = 'escalated'");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, d->about);
    if (step_done(db, st) != 0)
        return -1;
    *reopened = sqlite3_changes(db_handle(db)) > 0;
    return 0;
}

/* An approved diagnosis completes its task and sets the case's path; a
   switch to matching gives back the matching steps the review path had set
   aside. Rejected, the task is to do again unless an earlier diagnosis
   stands. */
static int diagnosis_settle(Db *db, int64_t case_id, const Case *c, const CaseDecision *d, int approved,
                            const char *today)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT code, status FROM case_tasks WHERE case_id = ? AND code = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, d->about);
    char *status = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(st, 1) : NULL;
    sqlite3_reset(st);
    if (!status)
        return 0;
    int was_done = strcmp(status, "completed") == 0;
    free(status);
    if (approved) {
        st = db_stmt(db, "UPDATE case_tasks SET status = 'completed', done_on = coalesce(?, ?) WHERE case_id = ?"
                         " AND code = ?");
        if (!st)
            return -1;
        db_bind_text(st, 1, d->decided_on);
        db_bind_text(st, 2, today);
        db_bind_int64(st, 3, case_id);
        db_bind_text(st, 4, d->about);
        if (step_done(db, st) != 0)
            return -1;
        if (d->value && strcmp(d->value, "match") == 0) {
            st = db_stmt(db, "UPDATE case_tasks SET status = 'cannot start yet' WHERE case_id = ?1"
                             " AND status = 'not needed' AND code IN (SELECT code FROM task_templates"
                             " WHERE programme = ?2 AND when_rule = 'matching')");
            if (!st)
                return -1;
            db_bind_int64(st, 1, case_id);
            db_bind_text(st, 2, c->programme);
            return step_done(db, st);
        }
        return 0;
    }
    if (was_done)
        return 0;
    st = db_stmt(db, "UPDATE case_tasks SET status = 'not started' WHERE case_id = ? AND code = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, d->about);
    return step_done(db, st);
}

int case_decision_approve(Db *db, const Actor *actor, int64_t case_id, int64_t decision_id, const char *approval,
                          const char *note, const char **why)
{
    *why = NULL;
    if (!approval || (strcmp(approval, "approved") != 0 && strcmp(approval, "rejected") != 0)) {
        *why = "Select whether you approve the decision";
        return CW_REFUSED;
    }
    if (db_begin(db) != 0)
        return CW_ERROR;
    CaseDecision d;
    Case c;
    int rc = case_decision_get(db, case_id, decision_id, &d);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    if (case_get(db, case_id, &c) != 1) {
        case_decision_free(&d);
        db_rollback(db);
        return CW_ERROR;
    }
    if ((*why = casework_case_editable(c.status)) != NULL)
        goto refused;
    if (!d.approval || strcmp(d.approval, "awaiting") != 0) {
        *why = "This decision is not waiting for approval";
        goto refused;
    }
    if ((*why = decision_approval_refusal(d.type, approval, note)) != NULL)
        goto refused;
    int approved = strcmp(approval, "approved") == 0, reopened = 0;
    char now[32], today[11], cid[24], dtext[24];
    log_timestamp(now);
    date_iso(date_local(0), today);
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_decisions SET approval = ?, approver_id = ?, approver = ?,"
                                   " approved_at = ?, approval_note = ? WHERE id = ?");
    if (!st)
        goto fail;
    db_bind_text(st, 1, approval);
    if (actor->user_id)
        db_bind_int64(st, 2, actor->user_id);
    db_bind_text(st, 3, actor->label);
    db_bind_text(st, 4, now);
    db_bind_text(st, 5, note && *note ? note : NULL);
    db_bind_int64(st, 6, decision_id);
    if (step_done(db, st) != 0)
        goto fail;
    if (strcmp(d.type, "category") == 0 && category_settle(db, case_id, &d, approved, today) != 0)
        goto fail;
    if (strcmp(d.type, "conflict-override") == 0 && conflict_task_sync(db, case_id, today) != 0)
        goto fail;
    if (strcmp(d.type, "diagnosis") == 0 && d.about && diagnosis_settle(db, case_id, &c, &d, approved, today) != 0)
        goto fail;
    if (strcmp(d.type, "appointment") == 0 && match_appointment_settled(db, actor, case_id, approved, today) != 0)
        goto fail;
    if (strcmp(d.type, "concern-escalated") == 0 && !approved && escalation_rejected(db, case_id, &d, &reopened) != 0)
        goto fail;
    id_text(case_id, cid);
    id_text(decision_id, dtext);
    AuditChange ch[4] = {{"decision", NULL, dtext}, {"type", NULL, d.type}, {"approval", "awaiting", approval}};
    size_t nch = 3;
    if (strcmp(d.type, "category") == 0 && approved && d.value &&
        (!c.category || strcmp(c.category, d.value) != 0 || !c.category_confirmed))
        ch[nch++] = (AuditChange){"category", c.category_confirmed ? c.category : NULL, d.value};
    if (reopened)
        ch[nch++] = (AuditChange){"engagement concern", "escalated", "open"};
    if (audit_append(db, actor, approved ? "case.decision.approve" : "case.decision.reject", "case", cid, ch, nch,
                     note) != 0 ||
        message_approval_decided(db, actor, case_id, decision_id, approval, note) != 0)
        goto fail;
    if (case_refresh(db, case_id) != 0)
        goto fail;
    case_decision_free(&d);
    case_free(&c);
    return db_commit(db) == 0 ? CW_OK : CW_ERROR;
refused:
    case_decision_free(&d);
    case_free(&c);
    db_rollback(db);
    return CW_REFUSED;
fail:
    case_decision_free(&d);
    case_free(&c);
    db_rollback(db);
    return CW_ERROR;
}
