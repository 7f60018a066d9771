/*
 * case_lists.c - the lists of cases: "All cases" with its filters, sorting
 * and paging (and the CSV export, which is the same list unpaged), the home
 * page's tasks due, decisions awaiting approval, the user's own cases and
 * watchlist, and the values the filters offer. See casework.h.
 *
 * Scope is part of every query's WHERE clause, never a filter applied
 * afterwards: regional roles see their region, an adviser the cases
 * allocated to them, analysts, the grant team and administrators every
 * case, and any other role nothing (no query is run).
 *
 * The filtered list is one fixed statement per sort order, so that each is
 * prepared once per connection: every filter is a "(?N = '' OR column =
 * ?N)" condition whose empty value matches anything. The scope comes in
 * three literal variants (region, adviser, all) so that a regional or an
 * adviser's list reads only its own cases through the cases_region or
 * cases_adviser index instead of scanning every case.
 */
#include "store/casework.h"

#include "core/buf.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- scope ------------------------------------------------------------------ */

typedef enum ScopeKind { SCOPE_NONE = 0, SCOPE_REGION, SCOPE_ADVISER, SCOPE_ALL } ScopeKind;

/* Issue 5 item 9: which cases the viewer may see. */
static ScopeKind scope_of(const CaseViewer *v)
{
    if (!v || !v->role)
        return SCOPE_NONE;
    const char *r = v->role;
    if (strcmp(r, "delivery-officer") == 0 || strcmp(r, "regional-director") == 0 ||
        strcmp(r, "delivery-partner") == 0)
        return v->region && *v->region ? SCOPE_REGION : SCOPE_NONE;
    if (strcmp(r, "adviser") == 0)
        return v->user_id > 0 ? SCOPE_ADVISER : SCOPE_NONE;
    if (strcmp(r, "analyst") == 0 || strcmp(r, "grant-team") == 0 || strcmp(r, "admin") == 0)
        return SCOPE_ALL;
    return SCOPE_NONE;
}

/* The scope conditions: ?20 is the viewer's region, ?21 their user id. */
#define SCOPE_REGION_SQL " c.region = ?20 "
#define SCOPE_ADVISER_SQL " c.adviser_id = ?21 "
#define SCOPE_ALL_SQL " 1 "

static void bind_scope(sqlite3_stmt *st, ScopeKind k, const CaseViewer *v)
{
    if (k == SCOPE_REGION)
        db_bind_text(st, 20, v->region);
    else if (k == SCOPE_ADVISER)
        db_bind_int64(st, 21, v->user_id);
}

/* --- rows ------------------------------------------------------------------- */

/* The columns of a CaseListItem; ?12 is today (for overdue). */
#define ITEM_COLS                                                                                                  \
    "c.id, c.subject_id, c.programme, c.subject_kind, c.subject_name, c.region, c.local_authority, c.category,"   \
    " c.status, c.stage, c.next_due, c.opened_at, d.name, a.name,"                                                 \
    " (c.status = 'in progress' AND c.next_due IS NOT NULL AND c.next_due < ?12), coalesce(c.adviser_id, 0)"
#define ITEM_JOINS " LEFT JOIN users d ON d.id = c.delivery_officer_id LEFT JOIN users a ON a.id = c.adviser_id"

static void read_item(sqlite3_stmt *st, CaseListItem *x)
{
    x->id = sqlite3_column_int64(st, 0);
    x->subject_id = sqlite3_column_int64(st, 1);
    x->programme = db_col_dup(st, 2);
    x->subject_kind = db_col_dup(st, 3);
    x->subject_name = db_col_dup(st, 4);
    x->region = db_col_dup(st, 5);
    x->local_authority = db_col_dup(st, 6);
    x->category = db_col_dup(st, 7);
    x->status = db_col_dup(st, 8);
    x->stage = db_col_dup(st, 9);
    x->next_due = db_col_dup(st, 10);
    x->opened_at = db_col_dup(st, 11);
    x->delivery_officer = db_col_dup(st, 12);
    x->adviser = db_col_dup(st, 13);
    x->overdue = sqlite3_column_int(st, 14);
    x->adviser_id = sqlite3_column_int64(st, 15);
}

static void item_free(CaseListItem *x)
{
    free(x->programme);
    free(x->subject_kind);
    free(x->subject_name);
    free(x->region);
    free(x->local_authority);
    free(x->category);
    free(x->status);
    free(x->stage);
    free(x->next_due);
    free(x->opened_at);
    free(x->delivery_officer);
    free(x->adviser);
}

/* Steps st to the end, appending its rows; resets st. 0, or -1 on error. */
static int read_items(Db *db, sqlite3_stmt *st, CaseListPage *out)
{
    size_t cap = out->n;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_item(st, xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("case list failed: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

void case_list_page_free(CaseListPage *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        item_free(&p->items[i]);
    free(p->items);
    memset(p, 0, sizeof *p);
}

/* --- all cases -------------------------------------------------------------- */

/*
 * The filters, ?1..?12: programme, category, region, local authority,
 * stage, status (exact, '' any); ?7 the search text in lower case ('' any)
 * and ?8 the URN or UID it names when it is a number (NULL otherwise);
 * ?9 the delivery officer and ?10 the adviser (0 any, -1 none); ?11 only
 * overdue (1) or any (0); ?12 today. ?13 limit (-1 none), ?14 offset; ?15
 * 1 for descending.
 */
#define FILTER_SQL                                                                                                 \
    " AND (?1 = '' OR c.programme = ?1) AND (?2 = '' OR c.category = ?2) AND (?3 = '' OR c.region = ?3)"          \
    " AND (?4 = '' OR c.local_authority = ?4) AND (?5 = '' OR c.stage = ?5) AND (?6 = '' OR c.status = ?6)"       \
    " AND (?7 = '' OR instr(lower(c.subject_name), ?7) > 0 OR c.subject_id = ?8)"                                  \
    " AND (?9 = 0 OR (?9 = -1 AND c.delivery_officer_id IS NULL) OR c.delivery_officer_id = ?9)"                  \
    " AND (?10 = 0 OR (?10 = -1 AND c.adviser_id IS NULL) OR c.adviser_id = ?10)"                                  \
    " AND (?11 = 0 OR (c.status = 'in progress' AND c.next_due IS NOT NULL AND c.next_due < ?12))"

/* The sort orders: "descending reverses" each one (?15 = 1). A case with no
   due date comes last either way; stages go in the programme's order. */
#define ORDER_OPENED                                                                                               \
    " ORDER BY CASE WHEN ?15 = 0 THEN c.opened_at END DESC, CASE WHEN ?15 = 1 THEN c.opened_at END ASC,"           \
    " CASE WHEN ?15 = 0 THEN c.id END DESC, c.id ASC"
#define ORDER_NAME                                                                                                 \
    " ORDER BY CASE WHEN ?15 = 0 THEN c.subject_name END COLLATE NOCASE ASC,"                                      \
    " CASE WHEN ?15 = 1 THEN c.subject_name END COLLATE NOCASE DESC, c.id"
#define ORDER_DUE                                                                                                  \
    " ORDER BY c.next_due IS NULL, CASE WHEN ?15 = 0 THEN c.next_due END ASC,"                                     \
    " CASE WHEN ?15 = 1 THEN c.next_due END DESC, c.subject_name COLLATE NOCASE, c.id"
#define STAGE_POS                                                                                                  \
    "(SELECT min(t.position) FROM task_templates t WHERE t.programme = c.programme AND t.stage = c.stage)"
#define ORDER_STAGE                                                                                                \
    " ORDER BY c.stage IS NULL, CASE WHEN ?15 = 0 THEN " STAGE_POS " END ASC, CASE WHEN ?15 = 1 THEN " STAGE_POS  \
    " END DESC, c.subject_name COLLATE NOCASE, c.id"

#define LIST_SQL(SCOPE, ORDER)                                                                                     \
    "SELECT " ITEM_COLS " FROM cases c" ITEM_JOINS " WHERE" SCOPE FILTER_SQL ORDER " LIMIT ?13 OFFSET ?14"
#define COUNT_SQL(SCOPE) "SELECT count(*) FROM cases c WHERE" SCOPE FILTER_SQL

enum { SORT_OPENED, SORT_NAME, SORT_DUE, SORT_STAGE, SORT_COUNT };

/* [scope - 1][sort]: literals, so db_stmt caches each one. */
static const char *const LIST_STMTS[3][SORT_COUNT] = {
    {LIST_SQL(SCOPE_REGION_SQL, ORDER_OPENED), LIST_SQL(SCOPE_REGION_SQL, ORDER_NAME),
     LIST_SQL(SCOPE_REGION_SQL, ORDER_DUE), LIST_SQL(SCOPE_REGION_SQL, ORDER_STAGE)},
    {LIST_SQL(SCOPE_ADVISER_SQL, ORDER_OPENED), LIST_SQL(SCOPE_ADVISER_SQL, ORDER_NAME),
     LIST_SQL(SCOPE_ADVISER_SQL, ORDER_DUE), LIST_SQL(SCOPE_ADVISER_SQL, ORDER_STAGE)},
    {LIST_SQL(SCOPE_ALL_SQL, ORDER_OPENED), LIST_SQL(SCOPE_ALL_SQL, ORDER_NAME), LIST_SQL(SCOPE_ALL_SQL, ORDER_DUE),
     LIST_SQL(SCOPE_ALL_SQL, ORDER_STAGE)},
};
static const char *const COUNT_STMTS[3] = {COUNT_SQL(SCOPE_REGION_SQL), COUNT_SQL(SCOPE_ADVISER_SQL),
                                           COUNT_SQL(SCOPE_ALL_SQL)};

static int sort_index(const char *sort)
{
    if (sort && strcmp(sort, "name") == 0)
        return SORT_NAME;
    if (sort && strcmp(sort, "due") == 0)
        return SORT_DUE;
    if (sort && strcmp(sort, "stage") == 0)
        return SORT_STAGE;
    return SORT_OPENED;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* A search for digits only is also a URN or UID. */
static int q_number(const char *q, int64_t *n)
{
    if (!q || !*q || strlen(q) > 12)
        return 0;
    for (const char *p = q; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    *n = strtoll(q, NULL, 10);
    return 1;
}

static void bind_filter(sqlite3_stmt *st, const CaseFilter *f, const char *q_lower)
{
    db_bind_text(st, 1, or_empty(f->programme));
    db_bind_text(st, 2, or_empty(f->category));
    db_bind_text(st, 3, or_empty(f->region));
    db_bind_text(st, 4, or_empty(f->local_authority));
    db_bind_text(st, 5, or_empty(f->stage));
    db_bind_text(st, 6, or_empty(f->status));
    db_bind_text(st, 7, q_lower);
    int64_t n;
    if (q_number(f->q, &n))
        db_bind_int64(st, 8, n);
    db_bind_int64(st, 9, f->owner_id < 0 ? -1 : f->owner_id);
    db_bind_int64(st, 10, f->adviser_id < 0 ? -1 : f->adviser_id);
    db_bind_int64(st, 11, f->overdue ? 1 : 0);
    db_bind_text(st, 12, or_empty(f->today));
}

int cases_list(Db *db, const CaseViewer *v, const CaseFilter *f, CaseListPage *out)
{
    memset(out, 0, sizeof *out);
    ScopeKind k = scope_of(v);
    if (k == SCOPE_NONE)
        return 0;
    /* the search, trimmed and in lower case (SQLite's lower() is ASCII only,
       so both sides are folded the same way) */
    char q[256] = "";
    if (f->q) {
        const char *s = f->q;
        while (*s == ' ')
            s++;
        snprintf(q, sizeof q, "%s", s);
        size_t l = strlen(q);
        while (l > 0 && q[l - 1] == ' ')
            q[--l] = '\0';
        for (char *p = q; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    }
    CaseFilter tf = *f;
    tf.q = q;

    sqlite3_stmt *st = db_stmt(db, COUNT_STMTS[k - 1]);
    if (!st)
        return -1;
    bind_scope(st, k, v);
    bind_filter(st, &tf, q);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        out->total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        log_error("case count failed: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    if (out->total == 0 || (f->limit > 0 && f->offset >= out->total))
        return 0;

    st = db_stmt(db, LIST_STMTS[k - 1][sort_index(f->sort)]);
    if (!st)
        return -1;
    bind_scope(st, k, v);
    bind_filter(st, &tf, q);
    db_bind_int64(st, 13, f->limit > 0 ? f->limit : -1);
    db_bind_int64(st, 14, f->offset > 0 ? f->offset : 0);
    db_bind_int64(st, 15, f->descending ? 1 : 0);
    if (read_items(db, st, out) != 0) {
        case_list_page_free(out);
        return -1;
    }
    return 0;
}

/* --- the home page ---------------------------------------------------------- */

static int64_t sql_limit(size_t limit)
{
    return limit == 0 || limit > INT64_MAX ? -1 : (int64_t)limit;
}

int my_tasks_due(Db *db, int64_t user_id, const char *until, size_t limit, MyTaskList *out)
{
    memset(out, 0, sizeof *out);
    /* case_tasks_owner_due covers owner_id, status and due_on */
    sqlite3_stmt *st = db_stmt(db, "SELECT t.case_id, c.subject_name, c.programme, t.code, tt.title, t.due_on, t.status"
                                   " FROM case_tasks t JOIN cases c ON c.id = t.case_id"
                                   " JOIN task_templates tt ON tt.programme = c.programme AND tt.code = t.code"
                                   " WHERE t.owner_id = ?1 AND t.status IN ('not started','in progress')"
                                   " AND t.due_on IS NOT NULL AND t.due_on <= ?2 AND c.status = 'in progress'"
                                   " ORDER BY t.due_on, c.subject_name, tt.position LIMIT ?3");
    if (!st)
        return -1;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, until);
    db_bind_int64(st, 3, sql_limit(limit));
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        MyTask *t = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        t->case_id = sqlite3_column_int64(st, 0);
        t->subject_name = db_col_dup(st, 1);
        t->programme = db_col_dup(st, 2);
        t->code = db_col_dup(st, 3);
        t->title = db_col_dup(st, 4);
        t->due_on = db_col_dup(st, 5);
        t->status = db_col_dup(st, 6);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("tasks due failed: %s", sqlite3_errmsg(db_handle(db)));
        my_task_list_free(out);
        return -1;
    }
    return 0;
}

void my_task_list_free(MyTaskList *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        MyTask *t = &l->items[i];
        free(t->subject_name);
        free(t->programme);
        free(t->code);
        free(t->title);
        free(t->due_on);
        free(t->status);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int decisions_awaiting(Db *db, const char *region, size_t limit, AwaitingList *out)
{
    memset(out, 0, sizeof *out);
    /* case_decisions_awaiting is a partial index of exactly these rows */
    sqlite3_stmt *st = db_stmt(db, "SELECT d.id, d.case_id, c.subject_name, d.type, d.outcome, d.decided_by,"
                                   " d.recorded_at FROM case_decisions d JOIN cases c ON c.id = d.case_id"
                                   " WHERE d.approval = 'awaiting' AND (?1 IS NULL OR c.region = ?1)"
                                   " ORDER BY d.recorded_at DESC, d.id DESC LIMIT ?2");
    if (!st)
        return -1;
    db_bind_text(st, 1, region);
    db_bind_int64(st, 2, sql_limit(limit));
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        AwaitingDecision *a = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        a->id = sqlite3_column_int64(st, 0);
        a->case_id = sqlite3_column_int64(st, 1);
        a->subject_name = db_col_dup(st, 2);
        a->type = db_col_dup(st, 3);
        a->outcome = db_col_dup(st, 4);
        a->decided_by = db_col_dup(st, 5);
        a->recorded_at = db_col_dup(st, 6);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("decisions awaiting failed: %s", sqlite3_errmsg(db_handle(db)));
        awaiting_list_free(out);
        return -1;
    }
    return 0;
}

void awaiting_list_free(AwaitingList *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        AwaitingDecision *a = &l->items[i];
        free(a->subject_name);
        free(a->type);
        free(a->outcome);
        free(a->decided_by);
        free(a->recorded_at);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Open cases first (in progress or paused), then by next due date. */
#define MINE_ORDER                                                                                                 \
    " ORDER BY c.status NOT IN ('in progress','paused'), c.next_due IS NULL, c.next_due,"                          \
    " c.subject_name COLLATE NOCASE, c.id"

int cases_for_user(Db *db, int64_t user_id, int mine, const char *today, size_t limit, CaseListPage *out)
{
    memset(out, 0, sizeof *out);
    /* for mine, the OR is answered from cases_do and cases_adviser */
    sqlite3_stmt *count =
        mine ? db_stmt(db, "SELECT count(*) FROM cases c WHERE c.delivery_officer_id = ?1 OR c.adviser_id = ?1")
             : db_stmt(db, "SELECT count(*) FROM case_watch w WHERE w.user_id = ?1");
    if (!count)
        return -1;
    db_bind_int64(count, 1, user_id);
    int rc = sqlite3_step(count);
    if (rc == SQLITE_ROW)
        out->total = sqlite3_column_int64(count, 0);
    sqlite3_reset(count);
    if (rc != SQLITE_ROW) {
        log_error("case count failed: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    if (out->total == 0)
        return 0;
    sqlite3_stmt *list;
    if (mine)
        list = db_stmt(db, "SELECT " ITEM_COLS " FROM cases c" ITEM_JOINS
                           " WHERE c.delivery_officer_id = ?1 OR c.adviser_id = ?1" MINE_ORDER " LIMIT ?2");
    else
        list = db_stmt(db, "SELECT " ITEM_COLS " FROM case_watch w JOIN cases c ON c.id = w.case_id" ITEM_JOINS
                           " WHERE w.user_id = ?1" MINE_ORDER " LIMIT ?2");
    if (!list)
        return -1;
    db_bind_int64(list, 1, user_id);
    db_bind_int64(list, 2, sql_limit(limit));
    db_bind_text(list, 12, or_empty(today));
    if (read_items(db, list, out) != 0) {
        case_list_page_free(out);
        return -1;
    }
    return 0;
}

/* --- filter values ---------------------------------------------------------- */

/* One statement per column and scope: the column's name is never pasted
   into SQL, only chosen from this table. */
#define VALUES_SQL(COL, SCOPE)                                                                                     \
    "SELECT DISTINCT c." COL " FROM cases c WHERE c." COL " IS NOT NULL AND c." COL " <> '' AND" SCOPE            \
    "ORDER BY 1"
#define VALUES_ROW(COL)                                                                                            \
    {COL, {VALUES_SQL(COL, SCOPE_REGION_SQL), VALUES_SQL(COL, SCOPE_ADVISER_SQL), VALUES_SQL(COL, SCOPE_ALL_SQL)}}

static const struct {
    const char *column;
    const char *sql[3];
} VALUES[] = {
    VALUES_ROW("programme"), VALUES_ROW("category"), VALUES_ROW("region"),
    VALUES_ROW("local_authority"), VALUES_ROW("stage"), VALUES_ROW("status"),
};

int case_filter_values(Db *db, const CaseViewer *v, const char *column, char ***values, size_t *n)
{
    *values = NULL;
    *n = 0;
    const char *sql = NULL;
    for (size_t i = 0; i < sizeof VALUES / sizeof VALUES[0] && column; i++)
        if (strcmp(VALUES[i].column, column) == 0)
            sql = VALUES[i].sql[0];
    if (!sql) {
        log_error("case_filter_values: '%s' is not a filter column", column ? column : "(null)");
        return -1;
    }
    ScopeKind k = scope_of(v);
    if (k == SCOPE_NONE)
        return 0;
    for (size_t i = 0; i < sizeof VALUES / sizeof VALUES[0]; i++)
        if (strcmp(VALUES[i].column, column) == 0)
            sql = VALUES[i].sql[k - 1];
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    bind_scope(st, k, v);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *(char **)xgrow((void **)values, n, &cap, sizeof **values) = db_col_dup(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("filter values failed: %s", sqlite3_errmsg(db_handle(db)));
        string_list_free(*values, *n);
        *values = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void string_list_free(char **values, size_t n)
{
    for (size_t i = 0; values && i < n; i++)
        free(values[i]);
    free(values);
}
