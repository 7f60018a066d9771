/*
 * grant_work.c - see grant_work.h.
 */
#include "store/grant_work.h"

#include "core/log.h"

#include <stdlib.h>
#include <string.h>

static void list_free(GrantWorkList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        GrantWorkItem *it = &l->items[i];
        free(it->school);
        free(it->what);
        free(it->payee);
        free(it->on);
        free(it->state);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

void grant_work_free(GrantWork *w)
{
    if (!w)
        return;
    list_free(&w->to_issue);
    list_free(&w->to_accept);
    list_free(&w->payments);
    list_free(&w->claims);
    list_free(&w->runs);
}

/*
 * Runs a query whose columns are id, case_id, school, what, payee, amount,
 * on, state, run_id, and a count query, both taking ?1 = week_end (unused
 * by most) and the list query ?2 = limit.
 */
static int fill(Db *db, const char *sql, const char *count_sql, const char *week_end, size_t limit, GrantWorkList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, count_sql);
    if (!st)
        return -1;
    db_bind_text(st, 1, week_end);
    if (sqlite3_step(st) == SQLITE_ROW)
        out->total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (out->total == 0)
        return 0;
    st = db_stmt(db, sql);
    if (!st)
        return -1;
    db_bind_text(st, 1, week_end);
    db_bind_int64(st, 2, (int64_t)limit);
    out->items = calloc(limit ? limit : 1, sizeof *out->items);
    if (!out->items) {
        sqlite3_reset(st);
        return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < limit) {
        GrantWorkItem *it = &out->items[out->n++];
        it->id = sqlite3_column_int64(st, 0);
        it->case_id = sqlite3_column_int64(st, 1);
        it->school = db_col_dup(st, 2);
        it->what = db_col_dup(st, 3);
        it->payee = db_col_dup(st, 4);
        it->amount = sqlite3_column_int64(st, 5);
        it->on = db_col_dup(st, 6);
        it->state = db_col_dup(st, 7);
        it->run_id = sqlite3_column_int64(st, 8);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        log_error("grant work: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

#define GRANT_WHAT                                                                                                 \
    "CASE g.kind WHEN 'raf' THEN 'Recommended Actions Form grant' WHEN 'planning' THEN 'Planning grant'"           \
    " WHEN 'improvement' THEN 'Improvement grant' ELSE 'Days claimed' END"

int grant_work(Db *db, const char *week_end, size_t limit, GrantWork *out)
{
    memset(out, 0, sizeof *out);
    int rc = fill(db,
                  "SELECT g.id, g.case_id, c.subject_name, " GRANT_WHAT ", p.name, g.total, g.created_at, NULL, 0"
                  " FROM grants g JOIN cases c ON c.id = g.case_id JOIN payees p ON p.id = g.payee_id"
                  " WHERE g.status = 'draft' AND ?1 IS NOT NULL ORDER BY g.created_at, g.id LIMIT ?2",
                  "SELECT COUNT(*) FROM grants WHERE status = 'draft' AND ?1 IS NOT NULL", week_end, limit,
                  &out->to_issue);
    if (rc == 0)
        rc = fill(db,
                  "SELECT g.id, g.case_id, c.subject_name, " GRANT_WHAT ", p.name, g.offered, g.offered_at, NULL, 0"
                  " FROM grants g JOIN cases c ON c.id = g.case_id JOIN payees p ON p.id = g.payee_id"
                  " WHERE g.status = 'offered' AND ?1 IS NOT NULL ORDER BY g.offered_at, g.id LIMIT ?2",
                  "SELECT COUNT(*) FROM grants WHERE status = 'offered' AND ?1 IS NOT NULL", week_end, limit,
                  &out->to_accept);
    /* due now (by the day expected, oldest first), then what is expected by
       the week's end: two queries, each an ordered walk of grant_lines_status */
    if (rc == 0)
        rc = fill(db,
                  "SELECT g.id, g.case_id, c.subject_name, l.label, p.name, l.amount,"
                  " COALESCE(l.due_since, l.expected_on), l.status, COALESCE(l.run_id, 0)"
                  " FROM grant_lines l JOIN grants g ON g.id = l.grant_id JOIN cases c ON c.id = g.case_id"
                  " JOIN payees p ON p.id = g.payee_id"
                  " WHERE l.status = 'due' AND ?1 IS NOT NULL ORDER BY l.expected_on, l.id LIMIT ?2",
                  "SELECT (SELECT COUNT(*) FROM grant_lines WHERE status = 'due')"
                  " + (SELECT COUNT(*) FROM grant_lines l JOIN grants g ON g.id = l.grant_id"
                  "    WHERE l.status = 'scheduled' AND l.expected_on <= ?1 AND g.status IN ('offered','accepted'))",
                  week_end, limit, &out->payments);
    if (rc == 0 && out->payments.n < limit && out->payments.total > (int64_t)out->payments.n) {
        GrantWorkList later;
        rc = fill(db,
                  "SELECT g.id, g.case_id, c.subject_name, l.label, p.name, l.amount, l.expected_on, l.status, 0"
                  " FROM grant_lines l JOIN grants g ON g.id = l.grant_id JOIN cases c ON c.id = g.case_id"
                  " JOIN payees p ON p.id = g.payee_id"
                  " WHERE l.status = 'scheduled' AND l.expected_on <= ?1 AND g.status IN ('offered','accepted')"
                  " ORDER BY l.expected_on, l.id LIMIT ?2",
                  "SELECT 1 WHERE ?1 IS NOT NULL", week_end, limit - out->payments.n, &later);
        /* the first list has room for limit items (its total was not 0) */
        for (size_t i = 0; rc == 0 && i < later.n && out->payments.n < limit; i++) {
            out->payments.items[out->payments.n++] = later.items[i];
            memset(&later.items[i], 0, sizeof later.items[i]);
        }
        list_free(&later);
    }
    if (rc == 0)
        rc = fill(db,
                  "SELECT k.id, k.case_id, c.subject_name,"
                  " 'Claim of ' || (k.halves / 2) || CASE WHEN k.halves % 2 THEN '.5' ELSE '' END || ' day'"
                  "   || CASE WHEN k.halves = 2 THEN '' ELSE 's' END, p.name, k.amount, k.submitted_at, NULL, 0"
                  " FROM grant_claims k JOIN cases c ON c.id = k.case_id JOIN payees p ON p.id = k.payee_id"
                  " WHERE k.status = 'submitted' AND ?1 IS NOT NULL ORDER BY k.submitted_at, k.id LIMIT ?2",
                  "SELECT COUNT(*) FROM grant_claims WHERE status = 'submitted' AND ?1 IS NOT NULL", week_end,
                  limit, &out->claims);
    if (rc == 0)
        rc = fill(db,
                  "SELECT r.id, 0, NULL, r.n_lines || ' payments to ' || r.n_payees || ' payees', r.prepared_by,"
                  " r.total, r.prepared_at, CAST(r.prepared_by_id AS TEXT), r.id"
                  " FROM payment_runs r WHERE r.status = 'prepared' AND ?1 IS NOT NULL ORDER BY r.prepared_at, r.id"
                  " LIMIT ?2",
                  "SELECT COUNT(*) FROM payment_runs WHERE status = 'prepared' AND ?1 IS NOT NULL", week_end, limit,
                  &out->runs);
    if (rc != 0)
        grant_work_free(out);
    return rc;
}
