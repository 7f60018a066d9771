/*
 * casework.c - a case, its tasks, decisions, people, status and watchers.
 * See casework.h. Concerns, contacts, notes and school holidays are in
 * case_records.c; the lists in case_lists.c; approvals and conflict-of-
 * interest checks in case_approvals.c.
 */
#include "store/casework.h"
#include "store/matching.h"
#include "store/plans.h"
#include "domain/responsible_body.h"
#include "store/messages.h"
#include "store/screening.h"
#include "store/users.h"

#include "core/buf.h"
#include "core/log.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- helpers */

static void today_iso(char out[11])
{
    date_iso(date_local(0), out);
}

static void id_text(int64_t id, char out[24])
{
    snprintf(out, 24, "%lld", (long long)id);
}

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("casework: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

/* A user's name or role (a fresh copy), or NULL when there is no such user. */
static char *user_field(Db *db, int64_t id, int want_role)
{
    User u;
    if (id <= 0 || user_get(db, id, &u) != 1)
        return NULL;
    char *v = xstrdup(want_role ? u.role : u.name);
    user_free(&u);
    return v;
}

static char *user_name(Db *db, int64_t id)
{
    return user_field(db, id, 0);
}

static char *user_role(Db *db, int64_t id)
{
    return user_field(db, id, 1);
}

/* ------------------------------------------------------------------- case */

int case_get(Db *db, int64_t id, Case *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT c.id, c.programme, c.subject_kind, c.subject_id, c.subject_name, c.region, c.local_authority,"
            " c.category, c.status, c.route, c.rationale, c.opened_at, c.opened_by, c.stage, c.next_due, c.status_on,"
            " c.status_reason, coalesce(c.delivery_officer_id, 0), coalesce(c.adviser_id, 0), u1.name, u2.name,"
            " s.diocese_name, s.trust_name, s.type_group, coalesce(s.trust_uid, 0),"
            " EXISTS (SELECT 1 FROM task_templates t, json_each(t.fields) f WHERE t.programme = c.programme"
            "   AND t.kind = 'identify' AND json_extract(f.value, '$.name') = 'category'),"
            " EXISTS (SELECT 1 FROM task_templates t WHERE t.programme = c.programme AND t.kind = 'allocate'),"
            " EXISTS (SELECT 1 FROM case_tasks k WHERE k.case_id = c.id AND k.code = 'identify'"
            "   AND k.status = 'completed'),"
            " p.value, coalesce(p.id, 0), s.type_name, c.closure_outcome, s.la_code"
            " FROM cases c LEFT JOIN users u1 ON u1.id = c.delivery_officer_id"
            " LEFT JOIN users u2 ON u2.id = c.adviser_id"
            " LEFT JOIN schools s ON c.subject_kind = 'school' AND s.urn = c.subject_id"
            " LEFT JOIN case_decisions p ON p.id = (SELECT max(id) FROM case_decisions WHERE case_id = c.id"
            "   AND type = 'category' AND approval = 'awaiting')"
            " WHERE c.id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->programme = db_col_dup(st, 1);
        out->subject_kind = db_col_dup(st, 2);
        out->subject_id = sqlite3_column_int64(st, 3);
        out->subject_name = db_col_dup(st, 4);
        out->region = db_col_dup(st, 5);
        out->local_authority = db_col_dup(st, 6);
        out->category = db_col_dup(st, 7);
        out->status = db_col_dup(st, 8);
        out->route = db_col_dup(st, 9);
        out->rationale = db_col_dup(st, 10);
        out->opened_at = db_col_dup(st, 11);
        out->opened_by = db_col_dup(st, 12);
        out->stage = db_col_dup(st, 13);
        out->next_due = db_col_dup(st, 14);
        out->status_on = db_col_dup(st, 15);
        out->status_reason = db_col_dup(st, 16);
        out->delivery_officer_id = sqlite3_column_int64(st, 17);
        out->adviser_id = sqlite3_column_int64(st, 18);
        out->delivery_officer = db_col_dup(st, 19);
        out->adviser = db_col_dup(st, 20);
        out->diocese = db_col_dup(st, 21);
        out->trust_name = db_col_dup(st, 22);
        out->type_group = db_col_dup(st, 23);
        out->trust_uid = sqlite3_column_int64(st, 24);
        out->category_decision = sqlite3_column_int(st, 25);
        out->has_adviser = sqlite3_column_int(st, 26);
        out->category_confirmed = sqlite3_column_int(st, 27);
        out->category_pending = db_col_dup(st, 28);
        out->category_pending_id = sqlite3_column_int64(st, 29);
        out->type_name = db_col_dup(st, 30);
        out->closure_outcome = db_col_dup(st, 31);
        out->la_code = db_col_dup(st, 32);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    st = db_stmt(db, "SELECT organisation_id, status FROM case_providers WHERE case_id = ? AND status IN ('proposed','accepted','agreed','matched','ended')"
                     " ORDER BY organisation_id");
    if (!st) {
        case_free(out);
        return -1;
    }
    db_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n_providers < CASE_PROVIDERS_MAX) {
        out->providers[out->n_providers++] = sqlite3_column_int64(st, 0);
        const char *ms = (const char *)sqlite3_column_text(st, 1);
        if (ms && strcmp(ms, "matched") == 0)
            out->matched_provider = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        case_free(out);
        return -1;
    }
    return 1;
}

Scope case_scope(const Case *c)
{
    int school = c->subject_kind && strcmp(c->subject_kind, "school") == 0;
    int trust_case = c->subject_kind && strcmp(c->subject_kind, "trust") == 0;
    Scope s = {.region = c->region, .adviser_id = c->adviser_id, .providers = c->providers,
               .n_providers = c->n_providers, .plan_author = c->matched_provider};
    if (school) {
        s.urn = c->subject_id;
        ResponsibleBodyKind rb = responsible_body_kind(c->type_name, c->type_group);
        if (rb == RB_LOCAL_AUTHORITY)
            s.rb_la_code = c->la_code;
        else if (rb == RB_TRUST)
            s.rb_trust_uid = c->trust_uid;
    } else if (trust_case) {
        s.rb_trust_uid = c->subject_id;
    }
    return s;
}

void case_free(Case *c)
{
    char **s[] = {&c->programme, &c->subject_kind, &c->subject_name, &c->region, &c->local_authority,
                  &c->category, &c->status, &c->route, &c->rationale, &c->opened_at, &c->opened_by, &c->stage,
                  &c->next_due, &c->status_on, &c->status_reason, &c->delivery_officer, &c->adviser, &c->diocese,
                  &c->trust_name, &c->type_group, &c->category_pending, &c->type_name, &c->closure_outcome, &c->la_code};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
    memset(c, 0, sizeof *c);
}

int case_is_maintained(const Case *c)
{
    /* the same rule as its responsible body: community and foundation
       special schools are maintained too (issue 10 item 14) */
    return c->subject_kind && strcmp(c->subject_kind, "school") == 0 &&
           responsible_body_kind(c->type_name, c->type_group) == RB_LOCAL_AUTHORITY;
}

int case_has_diocese(const Case *c)
{
    /* GIAS writes "Not applicable" (or leaves it blank) for no diocese */
    const char *d = c->diocese;
    return c->subject_kind && strcmp(c->subject_kind, "school") == 0 && d && *d &&
           strcmp(d, "Not applicable") != 0 && strncmp(d, "Does not apply", 14) != 0;
}

/* ------------------------------------------------------------------ tasks */

#define TASK_COLS                                                                                                  \
    "t.code, t.stage, t.title, t.hint, t.role, t.kind, t.fields, t.after, t.when_rule, t.timeframe, t.position,"   \
    " t.later, coalesce(t.due_days, 0), k.status, k.due_on, k.done_on, k.data, k.updated_at, k.updated_by,"        \
    " coalesce(k.owner_id, 0), u.name, t.due_unit"

static void read_task(sqlite3_stmt *st, CaseTask *t)
{
    t->code = db_col_dup(st, 0);
    t->stage = db_col_dup(st, 1);
    t->title = db_col_dup(st, 2);
    t->hint = db_col_dup(st, 3);
    t->role = db_col_dup(st, 4);
    t->kind = db_col_dup(st, 5);
    t->fields = db_col_dup(st, 6);
    t->after = db_col_dup(st, 7);
    t->when_rule = db_col_dup(st, 8);
    t->timeframe = db_col_dup(st, 9);
    t->position = sqlite3_column_int(st, 10);
    t->later = sqlite3_column_int(st, 11);
    t->due_days = sqlite3_column_int(st, 12);
    int s = task_status_from((const char *)sqlite3_column_text(st, 13));
    t->status = s < 0 ? TASK_NOT_STARTED : (TaskStatus)s;
    t->due_on = db_col_dup(st, 14);
    t->done_on = db_col_dup(st, 15);
    t->data = db_col_dup(st, 16);
    t->updated_at = db_col_dup(st, 17);
    t->updated_by = db_col_dup(st, 18);
    t->owner_id = sqlite3_column_int64(st, 19);
    t->owner = db_col_dup(st, 20);
    t->school_days = sqlite3_column_type(st, 21) == SQLITE_TEXT &&
                     strcmp((const char *)sqlite3_column_text(st, 21), "school") == 0;
}

static int load_tasks(Db *db, int64_t case_id, CaseTaskList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " TASK_COLS " FROM case_tasks k JOIN cases c ON c.id = k.case_id"
                                   " JOIN task_templates t ON t.programme = c.programme AND t.code = k.code"
                                   " LEFT JOIN users u ON u.id = k.owner_id"
                                   " WHERE k.case_id = ? ORDER BY t.position");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_task(st, xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int case_tasks(Db *db, int64_t case_id, CaseTaskList *out)
{
    return load_tasks(db, case_id, out);
}

void case_task_list_free(CaseTaskList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        CaseTask *t = &l->items[i];
        char **s[] = {&t->code, &t->stage, &t->title, &t->hint, &t->role, &t->kind, &t->fields, &t->after,
                      &t->when_rule, &t->timeframe, &t->due_on, &t->done_on, &t->data, &t->updated_at,
                      &t->updated_by, &t->owner};
        for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
            free(*s[k]);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

const CaseTask *case_task_find(const CaseTaskList *l, const char *code)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].code, code) == 0)
            return &l->items[i];
    return NULL;
}

TaskTemplate case_task_template(const CaseTask *t)
{
    return (TaskTemplate){.code = t->code, .kind = t->kind, .after = t->after, .when_rule = t->when_rule,
                          .due_days = t->due_days, .school_days = t->school_days, .later = t->later};
}

static int load_calendar(Db *db, Calendar *cal)
{
    memset(cal, 0, sizeof *cal);
    return school_holidays_calendar(db, cal);
}

/* The newest inspection of the case's school (a trust's: of its schools
   now) published after the day the case opened (issue 15 item 4). */
static Date case_inspected_since(Db *db, const Case *c, const char *opened)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT max(coalesce(i.publication_date, i.inspection_date)) FROM inspections i"
            " WHERE ((?2 = 'school' AND i.urn = ?1) OR (?2 = 'trust' AND i.urn IN"
            "  (SELECT urn FROM group_members WHERE group_uid = ?1 AND left_date IS NULL)))"
            " AND coalesce(i.publication_date, i.inspection_date) > ?3");
    if (!st || !*opened)
        return DATE_NONE;
    db_bind_int64(st, 1, c->subject_id);
    db_bind_text(st, 2, c->subject_kind);
    db_bind_text(st, 3, opened);
    Date d = DATE_NONE;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
        d = date_parse((const char *)sqlite3_column_text(st, 0), NULL);
    sqlite3_reset(st);
    return d;
}

/* The rules clear a task's done_on only when it opens again (a new
   inspection, issue 15 item 4). */
static int clear_done_on(Db *db, int64_t case_id, const char *code)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_tasks SET done_on = NULL WHERE case_id = ? AND code = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, code);
    return step_done(db, st);
}

static int refresh_one(Db *db, int64_t case_id, const Calendar *cal)
{
    Case c;
    if (case_get(db, case_id, &c) != 1)
        return -1;
    int ret = -1;
    CaseTaskList l = {0};
    TaskTemplate *t = NULL;
    TaskState *s = NULL;
    DateRange *pauses = NULL;
    size_t npauses = 0, cap = 0;

    sqlite3_stmt *st = db_stmt(db, "INSERT OR IGNORE INTO case_tasks (case_id, code) SELECT ?, code FROM"
                                   " task_templates WHERE programme = ?");
    if (!st)
        goto out;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, c.programme);
    if (step_done(db, st) != 0)
        goto out;
    if (load_tasks(db, case_id, &l) != 0)
        goto out;

    st = db_stmt(db, "SELECT from_on, to_on FROM case_pauses WHERE case_id = ?");
    if (!st)
        goto out;
    db_bind_int64(st, 1, case_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        DateRange *p = xgrow((void **)&pauses, &npauses, &cap, sizeof *pauses);
        p->from = date_parse((const char *)sqlite3_column_text(st, 0), NULL);
        const char *to = (const char *)sqlite3_column_text(st, 1);
        p->to = to ? date_parse(to, NULL) : DATE_NONE;
    }
    sqlite3_reset(st);

    t = xcalloc(l.n ? l.n : 1, sizeof *t);
    s = xcalloc(l.n ? l.n : 1, sizeof *s);
    for (size_t i = 0; i < l.n; i++) {
        CaseTask *k = &l.items[i];
        t[i] = case_task_template(k);
        char set[11] = "";
        snprintf(set, sizeof set, "%s", k->updated_at ? k->updated_at : "");
        s[i] = (TaskState){.status = k->status, .done_on = k->done_on ? date_parse(k->done_on, NULL) : DATE_NONE,
                           .due_on = k->due_on ? date_parse(k->due_on, NULL) : DATE_NONE,
                           .set_on = date_parse(set, NULL)};
    }
    char opened[11] = "";
    snprintf(opened, sizeof opened, "%s", c.opened_at ? c.opened_at : "");
    int path = CASE_PATH_MATCH;
    st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM task_templates WHERE programme = ?1 AND kind = 'diagnosis'),"
                     " (SELECT value FROM case_decisions WHERE case_id = ?2 AND type = 'diagnosis'"
                     "  AND approval = 'approved' ORDER BY id DESC LIMIT 1)");
    if (!st)
        goto out;
    db_bind_text(st, 1, c.programme);
    db_bind_int64(st, 2, case_id);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0)) {
        const char *v = (const char *)sqlite3_column_text(st, 1);
        path = !v ? CASE_PATH_UNDECIDED : strcmp(v, "review") == 0 ? CASE_PATH_REVIEW : CASE_PATH_MATCH;
    }
    sqlite3_reset(st);
    /* a Tier 1 return is neither signed off nor approved (issue 13) */
    int tier1 = 0;
    st = db_stmt(db, "SELECT suggested = 'tier-1' FROM screening_decisions WHERE case_id = ? AND programme = 'si-2019-20'"
                     " ORDER BY id DESC LIMIT 1");
    if (!st)
        goto out;
    db_bind_int64(st, 1, case_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        tier1 = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    Date inspected_on = case_inspected_since(db, &c, opened);
    CaseFacts f = {.inspected_on = inspected_on,
                   .path = path,
                   .tier1 = tier1,
                   .opened_on = date_parse(opened, NULL),
                   .is_school = strcmp(c.subject_kind, "school") == 0,
                   .has_diocese = case_has_diocese(&c),
                   .pauses = pauses,
                   .npauses = npauses};
    casework_plan(t, s, l.n, &f, cal);
    if (casework_case_ended(c.status)) /* stopped or closed: nothing is due */
        for (size_t i = 0; i < l.n; i++)
            s[i].due_on = DATE_NONE;

    /* the stage is where the furthest open task is; with none open, the
       first step not done (a later step once the built ones are done) */
    const char *stage = NULL, *first_undone = NULL;
    Date next = DATE_NONE;
    for (size_t i = 0; i < l.n; i++) {
        CaseTask *k = &l.items[i];
        /* the review after an inspection runs beside the case's course: it
           does not move the case's stage */
        int beside = k->when_rule && strcmp(k->when_rule, "inspection") == 0;
        if (!beside && (s[i].status == TASK_NOT_STARTED || s[i].status == TASK_IN_PROGRESS))
            stage = k->stage;
        if (!first_undone && !task_status_done(s[i].status))
            first_undone = k->stage;
        if ((s[i].status == TASK_NOT_STARTED || s[i].status == TASK_IN_PROGRESS) && s[i].due_on != DATE_NONE &&
            (next == DATE_NONE || s[i].due_on < next))
            next = s[i].due_on;
        char due[11] = "";
        if (s[i].due_on != DATE_NONE)
            date_iso(s[i].due_on, due);
        int64_t owner = k->owner_id;
        if (!owner && strcmp(k->role, "delivery-officer") == 0)
            owner = c.delivery_officer_id;
        else if (!owner && strcmp(k->role, "adviser") == 0)
            owner = c.adviser_id;
        int same_due = (!k->due_on && !*due) || (k->due_on && strcmp(k->due_on, due) == 0);
        if (s[i].status == k->status && same_due && owner == k->owner_id)
            continue;
        if (k->done_on && s[i].done_on == DATE_NONE && clear_done_on(db, case_id, k->code) != 0)
            goto out;
        st = db_stmt(db, "UPDATE case_tasks SET status = ?, due_on = ?, owner_id = ? WHERE case_id = ? AND code = ?");
        if (!st)
            goto out;
        db_bind_text(st, 1, task_status_name(s[i].status));
        db_bind_text(st, 2, *due ? due : NULL);
        if (owner)
            db_bind_int64(st, 3, owner);
        db_bind_int64(st, 4, case_id);
        db_bind_text(st, 5, k->code);
        if (step_done(db, st) != 0)
            goto out;
    }
    char next_due[11] = "";
    if (next != DATE_NONE)
        date_iso(next, next_due);
    st = db_stmt(db, "UPDATE cases SET stage = ?, next_due = ? WHERE id = ?");
    if (!st)
        goto out;
    db_bind_text(st, 1, stage ? stage : first_undone ? first_undone : "Closure");
    db_bind_text(st, 2, *next_due ? next_due : NULL);
    db_bind_int64(st, 3, case_id);
    if (step_done(db, st) != 0)
        goto out;
    ret = 0;
out:
    free(t);
    free(s);
    free(pauses);
    case_task_list_free(&l);
    case_free(&c);
    return ret;
}

int case_refresh(Db *db, int64_t case_id)
{
    Calendar cal;
    if (load_calendar(db, &cal) != 0)
        return -1;
    int rc = refresh_one(db, case_id, &cal);
    free((void *)cal.school_holidays);
    return rc;
}

int cases_refresh_all(Db *db)
{
    Calendar cal;
    if (load_calendar(db, &cal) != 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM cases WHERE status IN ('in progress','paused') ORDER BY id");
    int rc = st ? 0 : -1;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        *(int64_t *)xgrow((void **)&ids, &n, &cap, sizeof *ids) = sqlite3_column_int64(st, 0);
    }
    if (st)
        sqlite3_reset(st);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = refresh_one(db, ids[i], &cal);
    free(ids);
    free((void *)cal.school_holidays);
    return rc;
}

int cases_set_up_missing(Db *db, size_t *count)
{
    *count = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT c.id FROM cases c WHERE c.status IN ('in progress','paused')"
                                   " AND NOT EXISTS (SELECT 1 FROM case_tasks k WHERE k.case_id = c.id) ORDER BY c.id");
    if (!st)
        return -1;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        *(int64_t *)xgrow((void **)&ids, &n, &cap, sizeof *ids) = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (db_begin(db) != 0) {
            rc = -1;
            break;
        }
        rc = case_refresh(db, ids[i]); /* creates the task rows */
        st = rc == 0 ? db_stmt(db, "UPDATE case_tasks SET status = 'completed', done_on = substr(c.opened_at, 1, 10)"
                                   " FROM cases c WHERE c.id = case_tasks.case_id AND case_tasks.case_id = ?"
                                   " AND case_tasks.code = 'identify'")
                     : NULL;
        if (st) {
            db_bind_int64(st, 1, ids[i]);
            rc = step_done(db, st);
        }
        if (rc == 0 && st)
            rc = case_refresh(db, ids[i]);
        if (rc != 0 || !st || db_commit(db) != 0) {
            db_rollback(db);
            rc = -1;
        } else {
            (*count)++;
        }
    }
    free(ids);
    return rc;
}

/* -------------------------------------------------------------- decisions */

#define DEC_COLS                                                                                                   \
    "id, case_id, type, outcome, rationale, decided_on, decided_by, recorded_at, approval, approver, approved_at," \
    " approval_note, about, value, coalesce(person_id, 0)"

static void read_decision(sqlite3_stmt *st, CaseDecision *d)
{
    d->id = sqlite3_column_int64(st, 0);
    d->case_id = sqlite3_column_int64(st, 1);
    d->type = db_col_dup(st, 2);
    d->outcome = db_col_dup(st, 3);
    d->rationale = db_col_dup(st, 4);
    d->decided_on = db_col_dup(st, 5);
    d->decided_by = db_col_dup(st, 6);
    d->recorded_at = db_col_dup(st, 7);
    d->approval = db_col_dup(st, 8);
    d->approver = db_col_dup(st, 9);
    d->approved_at = db_col_dup(st, 10);
    d->approval_note = db_col_dup(st, 11);
    d->about = db_col_dup(st, 12);
    d->value = db_col_dup(st, 13);
    d->person_id = sqlite3_column_int64(st, 14);
}

void case_decision_free(CaseDecision *d)
{
    char **s[] = {&d->type,     &d->outcome,  &d->rationale,   &d->decided_on,    &d->decided_by,
                  &d->recorded_at, &d->approval, &d->approver, &d->approved_at, &d->approval_note, &d->about,
                  &d->value};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
    memset(d, 0, sizeof *d);
}

void case_decision_list_free(CaseDecisionList *l)
{
    for (size_t i = 0; i < l->n; i++)
        case_decision_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int case_decisions(Db *db, int64_t case_id, CaseDecisionList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " DEC_COLS " FROM case_decisions WHERE case_id = ?"
                                   " ORDER BY decided_on DESC, id DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_decision(st, xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int case_decision_get(Db *db, int64_t case_id, int64_t id, CaseDecision *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " DEC_COLS " FROM case_decisions WHERE case_id = ? AND id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_decision(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int case_decision_add(Db *db, const Actor *actor, int64_t case_id, const char *type, const char *outcome,
                      const char *rationale, const char *decided_on, const char *approval, const char *about,
                      int64_t *id)
{
    return case_decision_record(db, actor, case_id, type, outcome, rationale, decided_on, approval, about, NULL, 0,
                                id);
}

int case_decision_record(Db *db, const Actor *actor, int64_t case_id, const char *type, const char *outcome,
                         const char *rationale, const char *decided_on, const char *approval, const char *about,
                         const char *value, int64_t person_id, int64_t *id)
{
    char now[32], today[11];
    log_timestamp(now);
    today_iso(today);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO case_decisions (case_id, type, outcome, rationale, decided_on,"
                                   " decided_by_id, decided_by, recorded_at, approval, approver_id, approver,"
                                   " approved_at, about, value, person_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
        return CW_ERROR;
    int self_approved = approval && strcmp(approval, "approved") == 0;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, type);
    db_bind_text(st, 3, outcome);
    db_bind_text(st, 4, rationale ? rationale : "");
    db_bind_text(st, 5, decided_on && *decided_on ? decided_on : today);
    if (actor->user_id)
        db_bind_int64(st, 6, actor->user_id);
    db_bind_text(st, 7, actor->label);
    db_bind_text(st, 8, now);
    db_bind_text(st, 9, approval);
    if (self_approved && actor->user_id)
        db_bind_int64(st, 10, actor->user_id);
    db_bind_text(st, 11, self_approved ? actor->label : NULL);
    db_bind_text(st, 12, self_approved ? now : NULL);
    db_bind_text(st, 13, about);
    db_bind_text(st, 14, value);
    if (person_id > 0)
        db_bind_int64(st, 15, person_id);
    if (step_done(db, st) != 0)
        return CW_ERROR;
    int64_t did = sqlite3_last_insert_rowid(db_handle(db));
    if (id)
        *id = did;
    char cid[24], dtext[24];
    id_text(case_id, cid);
    id_text(did, dtext);
    AuditChange ch[] = {{"decision", NULL, dtext},
                        {"type", NULL, type},
                        {"outcome", NULL, outcome},
                        {"decided on", NULL, decided_on && *decided_on ? decided_on : today},
                        {"approval", NULL, approval}};
    if (audit_append(db, actor, "case.decision", "case", cid, ch, approval ? 5 : 4, rationale) != 0)
        return CW_ERROR;
    if (approval && strcmp(approval, "awaiting") == 0 && message_approval_waiting(db, actor, case_id, did) != 0)
        return CW_ERROR;
    return CW_OK;
}

/* Marks the identification task done once the category is approved. */
static int set_identify(Db *db, int64_t case_id, const char *status, const char *done_on)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_tasks SET status = ?, done_on = ? WHERE case_id = ? AND code = 'identify'");
    if (!st)
        return -1;
    db_bind_text(st, 1, status);
    db_bind_text(st, 2, done_on);
    db_bind_int64(st, 3, case_id);
    return step_done(db, st);
}

/* -------------------------------------------------------------- watchlist */

static int watch_add(Db *db, int64_t user_id, int64_t case_id)
{
    if (user_id <= 0)
        return 0;
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT OR IGNORE INTO case_watch (user_id, case_id, added_at) VALUES (?,?,?)");
    if (!st)
        return -1;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, case_id);
    db_bind_text(st, 3, now);
    return step_done(db, st);
}

int case_watch_set(Db *db, int64_t user_id, int64_t case_id, int watch)
{
    if (db_begin(db) != 0)
        return CW_ERROR;
    int rc;
    if (watch) {
        rc = watch_add(db, user_id, case_id);
    } else {
        sqlite3_stmt *st = db_stmt(db, "DELETE FROM case_watch WHERE user_id = ? AND case_id = ?");
        rc = st ? 0 : -1;
        if (st) {
            db_bind_int64(st, 1, user_id);
            db_bind_int64(st, 2, case_id);
            rc = step_done(db, st);
        }
    }
    if (rc != 0) {
        db_rollback(db);
        return CW_ERROR;
    }
    return db_commit(db) == 0 ? CW_OK : CW_ERROR;
}

int case_is_watched(Db *db, int64_t user_id, int64_t case_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM case_watch WHERE user_id = ? AND case_id = ?");
    if (!st)
        return 0;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, case_id);
    int yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return yes;
}

/* --------------------------------------------------------- opening a case */

int case_on_open(Db *db, const Actor *actor, int64_t case_id, const char *category, const char *rationale)
{
    char *role = user_role(db, actor->user_id);
    int is_do = role && strcmp(role, "delivery-officer") == 0;
    int is_rd = role && strcmp(role, "regional-director") == 0;
    free(role);
    char today[11];
    today_iso(today);
    if (is_do) {
        sqlite3_stmt *st = db_stmt(db, "UPDATE cases SET delivery_officer_id = ? WHERE id = ?");
        if (!st)
            return -1;
        db_bind_int64(st, 1, actor->user_id);
        db_bind_int64(st, 2, case_id);
        if (step_done(db, st) != 0)
            return -1;
    }
    if (watch_add(db, actor->user_id, case_id) != 0)
        return -1;
    if (case_refresh(db, case_id) != 0)
        return -1;
    Case c;
    if (case_get(db, case_id, &c) != 1)
        return -1;
    int categorised = c.category_decision; /* a category for the regional director to approve */
    case_free(&c);
    const char *approval = categorised ? (is_rd ? "approved" : "awaiting") : NULL;
    char outcome[128];
    if (categorised)
        snprintf(outcome, sizeof outcome, "Category: %s", outcome_label(category));
    else
        snprintf(outcome, sizeof outcome, "Supported%s%s", category && *category ? ": " : "",
                 category ? category : "");
    if (case_decision_record(db, actor, case_id, categorised ? "category" : "identification", outcome, rationale,
                             today, approval, "identify", category, 0, NULL) != CW_OK)
        return -1;
    int done = !categorised || is_rd;
    if (set_identify(db, case_id, done ? "completed" : "in progress", done ? today : NULL) != 0)
        return -1;
    return case_refresh(db, case_id);
}

/* ------------------------------------------------------------ saving tasks */

/* The value of a string field of a JSON object text (a fresh copy), or NULL. */
static char *json_field(const char *data, const char *name)
{
    if (!data)
        return NULL;
    json_t *o = json_loads(data, 0, NULL);
    char *v = NULL;
    if (o && json_is_object(o)) {
        json_t *f = json_object_get(o, name);
        if (json_is_string(f))
            v = xstrdup(json_string_value(f));
    }
    json_decref(o);
    return v;
}

/* The template's description of a recorded field (NULL when none). */
static json_t *field_spec(json_t *fields, const char *name)
{
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f)
    {
        const char *n = json_string_value(json_object_get(f, "name"));
        if (n && strcmp(n, name) == 0)
            return f;
    }
    return NULL;
}

/* A recorded value as the form showed it: a choice's text, not its code. */
static const char *shown_value(json_t *spec, const char *v)
{
    json_t *opts = spec ? json_object_get(spec, "options") : NULL;
    size_t i;
    json_t *o;
    json_array_foreach(opts, i, o)
    {
        const char *code = json_string_value(json_array_get(o, 0));
        if (v && code && strcmp(code, v) == 0 && json_is_string(json_array_get(o, 1)))
            return json_string_value(json_array_get(o, 1));
    }
    return v;
}

/*
 * One audit change per recorded field whose value differs (at most max),
 * named by the field's label and with a choice's text, so the timeline reads
 * as the form did. The adviser is shown by name (adviser_name), not user id.
 */
static size_t data_changes(const char *fields_json, const char *before, const char *after, AuditChange *out,
                           size_t max, char **owned, size_t *nowned)
{
    json_t *fields = json_loads(fields_json ? fields_json : "[]", 0, NULL);
    json_t *b = before ? json_loads(before, 0, NULL) : NULL;
    json_t *a = after ? json_loads(after, 0, NULL) : NULL;
    size_t n = 0;
    const char *key;
    json_t *val;
    if (a && json_is_object(a)) {
        json_object_foreach(a, key, val)
        {
            if (n >= max || !json_is_string(val))
                continue;
            if (strcmp(key, "adviser") == 0 && json_object_get(a, "adviser_name"))
                continue;
            json_t *bv = b && json_is_object(b) ? json_object_get(b, key) : NULL;
            const char *bs = json_is_string(bv) ? json_string_value(bv) : NULL;
            const char *as = json_string_value(val);
            if (bs && strcmp(bs, as) == 0)
                continue;
            if (!bs && !*as)
                continue;
            json_t *spec = field_spec(fields, strcmp(key, "adviser_name") == 0 ? "adviser" : key);
            const char *label = spec ? json_string_value(json_object_get(spec, "label")) : NULL;
            owned[(*nowned)++] = xstrdup(label ? label : key);
            out[n].field = owned[*nowned - 1];
            out[n].before = NULL;
            if (bs) {
                owned[(*nowned)++] = xstrdup(shown_value(spec, bs));
                out[n].before = owned[*nowned - 1];
            }
            owned[(*nowned)++] = xstrdup(shown_value(spec, as));
            out[n].after = owned[*nowned - 1];
            n++;
        }
    }
    json_decref(a);
    json_decref(b);
    json_decref(fields);
    return n;
}

/* What saving a task does: the task's new status and what it keeps, and the
   decision it records (dtype NULL: none). */
typedef struct TaskOutcome {
    TaskStatus to;
    const char *done_on; /* when completed */
    const char *data;    /* the recorded answers the task keeps */
    const char *dtype, *approval, *value;
    int64_t person;       /* the decision is about this adviser */
    char outcome[300];
    int category_now;     /* the case's category changes now (the regional director's own) */
} TaskOutcome;

/* The rationale of the task's decision: its long-text answers, then
   anything added (domain/decisions.c). A fresh string, or NULL. */
static char *task_rationale(const char *fields_json, const char *data, const char *reason)
{
    json_t *fields = json_loads(fields_json ? fields_json : "[]", 0, NULL);
    size_t nf = json_array_size(fields), n = 0;
    const char **parts = xcalloc(nf + 1, sizeof *parts);
    char **owned = xcalloc(nf + 1, sizeof *owned);
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f)
    {
        const char *type = json_string_value(json_object_get(f, "type"));
        const char *name = json_string_value(json_object_get(f, "name"));
        if (type && name && strcmp(type, "textarea") == 0)
            parts[n++] = owned[i] = json_field(data, name);
    }
    parts[n++] = reason;
    char *r = decision_rationale(parts, n);
    for (i = 0; i < nf; i++)
        free(owned[i]);
    free(owned);
    free(parts);
    json_decref(fields);
    return r;
}

/* A new category (identify kind): the regional director's own is approved
   at once; anyone else's waits, and the case keeps its confirmed category
   and stage until it is approved. */
static const char *identify_outcome(Db *db, const Actor *actor, int64_t case_id, const CaseTask *k,
                                    const TaskSave *t, const char *today, TaskOutcome *o, int *error)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM case_decisions WHERE case_id = ? AND type = 'category'"
                                   " AND approval = 'awaiting'");
    if (!st) {
        *error = 1;
        return NULL;
    }
    db_bind_int64(st, 1, case_id);
    int awaiting = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);
    const char *refusal = category_decision_refusal(awaiting);
    if (refusal)
        return refusal;
    o->approval = decision_approval_on_record(1, actor_is_regional_director(db, actor));
    o->to = category_identify_status(k->status, o->approval);
    o->category_now = strcmp(o->approval, "approved") == 0;
    /* a confirmed identification keeps its day (the later due dates count from it) */
    o->done_on = o->to != TASK_COMPLETED ? NULL : k->status == TASK_COMPLETED && k->done_on ? k->done_on : today;
    if (!o->category_now)
        o->data = k->data; /* the task shows the confirmed category until then */
    o->dtype = "category";
    o->value = t->outcome;
    snprintf(o->outcome, sizeof o->outcome, "Category: %s", outcome_label(t->outcome));
    return NULL;
}

/* The initial diagnosis (diagnosis kind, issue 12): match with a supporting
   organisation or review the school's progress, approved by the regional
   director (their own at once). Until then the task waits; a case already
   on one path keeps it (a school on the review path can be switched to
   matching by a new decision). */
static const char *diagnosis_outcome(Db *db, const Actor *actor, int64_t case_id, const CaseTask *k,
                                     const TaskSave *t, const char *today, TaskOutcome *o, int *error)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM case_decisions WHERE case_id = ? AND type = 'diagnosis'"
                                   " AND approval = 'awaiting'");
    if (!st) {
        *error = 1;
        return NULL;
    }
    db_bind_int64(st, 1, case_id);
    int awaiting = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);
    if (awaiting)
        return "A diagnosis decision is already waiting for the regional director's approval";
    if (!t->outcome)
        return "Select what the school needs";
    o->approval = decision_approval_on_record(1, actor_is_regional_director(db, actor));
    int now = strcmp(o->approval, "approved") == 0;
    o->to = now || k->status == TASK_COMPLETED ? TASK_COMPLETED : TASK_IN_PROGRESS;
    o->done_on = o->to != TASK_COMPLETED ? NULL : now ? (t->done_on ? t->done_on : today) : k->done_on;
    if (!now && k->status == TASK_COMPLETED)
        o->data = k->data; /* the path in force until the new one is approved */
    o->dtype = "diagnosis";
    o->value = t->outcome;
    snprintf(o->outcome, sizeof o->outcome, "Diagnosis: %s",
             strcmp(t->outcome, "review") == 0 ? "review the school's progress"
                                               : "match with a supporting organisation");
    return NULL;
}

/* A conflict-of-interest check (conflict kind): each is its own decision
   about the adviser. "No conflict" for an adviser with a conflict found is
   an override, which the regional director approves; the task is completed
   while some adviser checked stands clear. */
static const char *conflict_outcome(Db *db, const Actor *actor, int64_t case_id, const CaseTask *k,
                                    const TaskSave *t, int64_t chosen, const char *chosen_name, const char *today,
                                    TaskOutcome *o, int *error)
{
    ConflictCheck *c;
    size_t n;
    if (case_conflict_log(db, case_id, &c, &n) != 0) {
        *error = 1;
        return NULL;
    }
    int conflict = t->outcome && strcmp(t->outcome, "yes") == 0;
    ConflictStanding before = conflict_standing(c, n, chosen);
    const char *refusal = conflict_check_refusal(before, conflict, t->reason);
    if (refusal) {
        free(c);
        return refusal;
    }
    int override = conflict_check_is_override(before, conflict);
    o->approval = override ? decision_approval_on_record(1, actor_is_regional_director(db, actor)) : NULL;
    size_t cap = n; /* the checks with this one */
    ConflictCheck *last = xgrow((void **)&c, &n, &cap, sizeof *c);
    *last = (ConflictCheck){.adviser = chosen, .conflict = conflict, .override = override, .approval = o->approval};
    int chosen_clear = conflict_standing(c, n, chosen) == CONFLICT_CLEAR;
    o->to = conflict_any_clear(c, n) ? TASK_COMPLETED : TASK_IN_PROGRESS;
    free(c);
    /* completed by this check: from its date; by an earlier one: as it was */
    if (o->to == TASK_COMPLETED)
        o->done_on = chosen_clear || !k->done_on ? (t->done_on && *t->done_on ? t->done_on : today) : k->done_on;
    o->dtype = override ? "conflict-override" : "conflict-of-interest";
    o->value = conflict ? "yes" : "no";
    o->person = chosen;
    snprintf(o->outcome, sizeof o->outcome, "%s: %s",
             override ? "Conflict overridden" : conflict ? "Conflict found" : "No conflict",
             chosen_name ? chosen_name : "unknown adviser");
    return NULL;
}

/* Allocating the adviser (allocate kind): only one the checks cleared. */
static const char *allocate_outcome(Db *db, int64_t case_id, const CaseTaskList *l, const TaskSave *t,
                                    int64_t chosen, const char *chosen_name, TaskOutcome *o, int *error)
{
    const CaseTask *check = case_task_find(l, "conflict-check");
    ConflictStanding standing = CONFLICT_UNCHECKED;
    if (chosen && case_conflict_standing(db, case_id, chosen, &standing) != 0) {
        *error = 1;
        return NULL;
    }
    const char *refusal =
        casework_allocate_refusal(check ? check->status : TASK_CANNOT_START, standing, t->adviser_id);
    if (refusal)
        return refusal;
    o->to = TASK_COMPLETED;
    o->dtype = "adviser-allocation";
    o->person = chosen;
    snprintf(o->outcome, sizeof o->outcome, "Allocated %s", chosen_name ? chosen_name : "the adviser");
    return NULL;
}

/* Who gave a school's answer, in words for the decision: the school or its
   responsible body in the service (*external set), or a caseworker on
   their behalf. */
static const char *answered_by(Db *db, int64_t user_id, int *external)
{
    *external = 0;
    User u;
    if (user_id <= 0 || user_get(db, user_id, &u) != 1)
        return "(recorded on the school's behalf)";
    OrgKind k = role_from_slug(u.role) == ROLE_SCHOOL ? org_kind_from_slug(u.org_kind) : ORG_NONE;
    user_free(&u);
    *external = k != ORG_NONE;
    switch (k) {
    case ORG_SCHOOL: return "(given by the school in the service)";
    case ORG_TRUST: return "(given by the trust in the service)";
    case ORG_LA: return "(given by the local authority in the service)";
    default: return "(recorded on the school's behalf)";
    }
}

/* The case's adviser is the one allocated; the adviser's own tasks are theirs. */
static int allocate_write(Db *db, const Case *c, int64_t chosen, const char *now)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE cases SET adviser_id = ?, updated_at = ? WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, chosen);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, c->id);
    if (step_done(db, st) != 0 || watch_add(db, chosen, c->id) != 0)
        return -1;
    st = db_stmt(db, "UPDATE case_tasks SET owner_id = ? WHERE case_id = ? AND code IN (SELECT code FROM"
                     " task_templates WHERE programme = ? AND role = 'adviser')");
    if (!st)
        return -1;
    db_bind_int64(st, 1, chosen);
    db_bind_int64(st, 2, c->id);
    db_bind_text(st, 3, c->programme);
    return step_done(db, st);
}

int case_task_save(Db *db, const Actor *actor, int64_t case_id, const TaskSave *t, const char **why)
{
    *why = NULL;
    if (db_begin(db) != 0)
        return CW_ERROR;
    Case c;
    CaseTaskList l = {0};
    char *chosen_name = NULL, *rationale = NULL;
    char *owned[128] /* 40 changes of 3 strings, and an owner */;
    size_t nowned = 0;
    int ret = CW_ERROR;
    int rc = case_get(db, case_id, &c);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    if ((*why = casework_case_editable(c.status)) != NULL) {
        ret = CW_REFUSED;
        goto out;
    }
    if (load_tasks(db, case_id, &l) != 0) /* statuses are current: every change refreshes them */
        goto out;
    const CaseTask *k = case_task_find(&l, t->code);
    if (!k) {
        ret = CW_NOT_FOUND;
        goto out;
    }
    TaskTemplate tt = case_task_template(k);
    if ((*why = casework_task_refusal(&tt, k->status)) != NULL) {
        ret = CW_REFUSED;
        goto out;
    }
    if (strcmp(k->kind, "identify") == 0 && !c.category_decision) {
        *why = "This task was completed by the decision recorded when the case was opened";
        ret = CW_REFUSED;
        goto out;
    }
    char today[11];
    today_iso(today);
    int external_answer = 0;
    TaskOutcome o = {.to = t->complete > 0 ? TASK_COMPLETED : t->complete < 0 ? TASK_NOT_NEEDED : TASK_IN_PROGRESS,
                     .data = t->data && *t->data ? t->data : "{}"};
    int64_t chosen = t->adviser_id && *t->adviser_id ? strtoll(t->adviser_id, NULL, 10) : 0;
    if (chosen)
        chosen_name = user_name(db, chosen);
    int error = 0;
    if (strcmp(k->kind, "identify") == 0) {
        *why = identify_outcome(db, actor, case_id, k, t, today, &o, &error);
    } else if (strcmp(k->kind, "response") == 0 && t->complete >= 0) {
        int accepted = t->outcome && strcmp(t->outcome, "accepted") == 0;
        o.to = accepted ? TASK_COMPLETED : TASK_IN_PROGRESS;
        o.dtype = "school-response";
        o.value = accepted ? "accepted" : "declined";
        /* the school's own answer, or a caseworker's record of it (issue 11
           item 5: "recorded as on the school's behalf") */
        const char *given = answered_by(db, actor->user_id, &external_answer);
        snprintf(o.outcome, sizeof o.outcome, "%s %s", accepted ? "Accepted support" : "Declined support", given);
    } else if (strcmp(k->kind, "conflict") == 0 && t->complete >= 0) {
        *why = conflict_outcome(db, actor, case_id, k, t, chosen, chosen_name, today, &o, &error);
    } else if (strcmp(k->kind, "allocate") == 0 && t->complete >= 0) {
        *why = allocate_outcome(db, case_id, &l, t, chosen, chosen_name, &o, &error);
    } else if (strcmp(k->kind, "diagnosis") == 0 && t->complete >= 0) {
        *why = diagnosis_outcome(db, actor, case_id, k, t, today, &o, &error);
    } else if (strcmp(k->kind, "due-diligence") == 0 && t->complete > 0) {
        *why = match_due_diligence_refusal(db, case_id, &error);
    } else if (case_task_kind_is_matching(k->kind)) {
        *why = "This step is done on the case's matching page";
    } else if (case_task_kind_is_plan(k->kind)) {
        *why = "This step is done on the case's plan page";
    } else if (strcmp(k->kind, "grant") == 0) {
        *why = "This step is done on the case's grants page";
    } else if (strcmp(k->kind, "monitoring") == 0) {
        *why = "This step is done on the case's Monitoring tab: each termly review is written and accepted there";
    } else if (strcmp(k->kind, "closure") == 0) {
        *why = "This step is done by closing the case";
    }
    if (*why) {
        ret = CW_REFUSED;
        goto out;
    }
    if (error)
        goto out;
    if (o.to == TASK_COMPLETED && !o.done_on)
        o.done_on = t->done_on && *t->done_on ? t->done_on : today;
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_tasks SET status = ?, data = ?, done_on = ?, updated_at = ?,"
                                   " updated_by = ?, owner_id = coalesce(?, owner_id) WHERE case_id = ? AND code = ?");
    if (!st)
        goto out;
    db_bind_text(st, 1, task_status_name(o.to));
    db_bind_text(st, 2, o.data ? o.data : "{}");
    db_bind_text(st, 3, o.to == TASK_COMPLETED ? o.done_on : NULL);
    db_bind_text(st, 4, now);
    db_bind_text(st, 5, actor->label);
    if (t->owner_id > 0)
        db_bind_int64(st, 6, t->owner_id);
    db_bind_int64(st, 7, case_id);
    db_bind_text(st, 8, k->code);
    if (step_done(db, st) != 0)
        goto out;
    if (o.category_now) {
        st = db_stmt(db, "UPDATE cases SET category = ? WHERE id = ?");
        if (!st)
            goto out;
        db_bind_text(st, 1, t->outcome);
        db_bind_int64(st, 2, case_id);
        if (step_done(db, st) != 0)
            goto out;
    }
    if (strcmp(k->kind, "allocate") == 0 && allocate_write(db, &c, chosen, now) != 0)
        goto out;
    if (t->owner_id > 0 && t->owner_id != k->owner_id &&
        (watch_add(db, t->owner_id, case_id) != 0 ||
         message_task_assigned(db, actor, t->owner_id, case_id, k->code, k->title) != 0))
        goto out;
    if (strcmp(k->kind, "allocate") == 0 && chosen > 0 && chosen != c.adviser_id &&
        message_task_assigned(db, actor, chosen, case_id, NULL, "adviser") != 0)
        goto out;

    AuditChange ch[40];
    size_t n = 0;
    char cid[24];
    id_text(case_id, cid);
    ch[n++] = (AuditChange){"task", NULL, k->title};
    if (o.to != k->status)
        ch[n++] = (AuditChange){"status", task_status_name(k->status), task_status_name(o.to)};
    if (t->owner_id > 0 && t->owner_id != k->owner_id) {
        char *name = user_name(db, t->owner_id);
        owned[nowned++] = name;
        ch[n++] = (AuditChange){"owner", k->owner, name};
    }
    n += data_changes(k->fields, k->data, o.data, ch + n, sizeof ch / sizeof ch[0] - n, owned, &nowned);
    if (audit_append(db, actor, "case.task", "case", cid, ch, n, t->reason) != 0)
        goto out;
    rationale = o.dtype ? task_rationale(k->fields, t->data, t->reason) : NULL;
    if (o.dtype && case_decision_record(db, actor, case_id, o.dtype, o.outcome, rationale, t->done_on, o.approval,
                                        k->code, o.value, o.person, NULL) != CW_OK)
        goto out;
    if (external_answer && message_school_answered(db, actor, case_id, c.delivery_officer_id, o.outcome) != 0)
        goto out;
    if (case_refresh(db, case_id) != 0)
        goto out;
    ret = db_commit(db) == 0 ? CW_OK : CW_ERROR;
    goto done;
out:
    db_rollback(db);
done:
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    free(rationale);
    free(chosen_name);
    case_task_list_free(&l);
    case_free(&c);
    return ret;
}

/* ----------------------------------------------------------------- people */

int case_assign(Db *db, const Actor *actor, int64_t case_id, const char *role, int64_t user_id, const char *reason,
                const char **why)
{
    *why = NULL;
    int is_do = role && strcmp(role, "delivery-officer") == 0;
    if (!is_do && !(role && strcmp(role, "adviser") == 0))
        return CW_ERROR;
    if (db_begin(db) != 0)
        return CW_ERROR;
    Case c;
    int rc = case_get(db, case_id, &c);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    char *name = NULL, *urole = NULL;
    int ret = CW_ERROR;
    if ((*why = casework_case_editable(c.status)) != NULL) {
        ret = CW_REFUSED;
        goto out;
    }
    if (user_id > 0) {
        urole = user_role(db, user_id);
        if (!urole || strcmp(urole, role) != 0) {
            *why = is_do ? "Select a delivery officer" : "Select an adviser";
            ret = CW_REFUSED;
            goto out;
        }
        name = user_name(db, user_id);
    }
    if (!is_do && user_id > 0) {
        *why = "Allocate an adviser through the conflict-of-interest check and allocation tasks";
        ret = CW_REFUSED;
        goto out;
    }
    int64_t before = is_do ? c.delivery_officer_id : c.adviser_id;
    if (before == user_id) {
        *why = user_id ? "This person is already assigned" : "No one is assigned";
        ret = CW_REFUSED;
        goto out;
    }
    char now[32], cid[24];
    log_timestamp(now);
    id_text(case_id, cid);
    sqlite3_stmt *st = is_do ? db_stmt(db, "UPDATE cases SET delivery_officer_id = ?, updated_at = ? WHERE id = ?")
                             : db_stmt(db, "UPDATE cases SET adviser_id = ?, updated_at = ? WHERE id = ?");
    if (!st)
        goto out;
    if (user_id > 0)
        db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, case_id);
    if (step_done(db, st) != 0)
        goto out;
    /* open tasks of that role move to the new person */
    st = db_stmt(db, "UPDATE case_tasks SET owner_id = ? WHERE case_id = ? AND status IN ('not started','in progress',"
                     "'cannot start yet') AND code IN (SELECT code FROM task_templates WHERE programme = ? AND role = ?)");
    if (!st)
        goto out;
    if (user_id > 0)
        db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, case_id);
    db_bind_text(st, 3, c.programme);
    db_bind_text(st, 4, role);
    if (step_done(db, st) != 0 || watch_add(db, user_id, case_id) != 0)
        goto out;
    AuditChange ch[] = {{is_do ? "delivery officer" : "adviser", is_do ? c.delivery_officer : c.adviser, name}};
    if (audit_append(db, actor, "case.assign", "case", cid, ch, 1, reason) != 0 ||
        message_task_assigned(db, actor, user_id, case_id, NULL, is_do ? "delivery officer" : "adviser") != 0)
        goto out;
    ret = db_commit(db) == 0 ? CW_OK : CW_ERROR;
    goto done;
out:
    db_rollback(db);
done:
    free(name);
    free(urole);
    case_free(&c);
    return ret;
}

/* ----------------------------------------------------------------- status */

/* A change of status; outcome (a CASE_CLOSE_OUTCOMES code) when closing.
   In the caller's transaction: CW_OK, or the error with nothing rolled back. */
static int set_status_in(Db *db, const Actor *actor, int64_t case_id, const char *status, const char *outcome,
                         const char *on, const char *reason, const char **why)
{
    *why = NULL;
    Case c;
    int rc = case_get(db, case_id, &c);
    if (rc != 1)
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    int ret = CW_ERROR;
    int closing = status && strcmp(status, "closed") == 0;
    if ((*why = closing ? casework_close_refusal(c.status, outcome) : casework_status_refusal(c.status, status)) !=
        NULL) {
        ret = CW_REFUSED;
        goto out;
    }
    char opened[11] = "";
    snprintf(opened, sizeof opened, "%s", c.opened_at ? c.opened_at : "");
    if ((*why = casework_status_date_refusal(c.status, status, on ? date_parse(on, NULL) : DATE_NONE,
                                             date_parse(opened, NULL),
                                             c.status_on ? date_parse(c.status_on, NULL) : DATE_NONE,
                                             DATE_NONE /* the form refuses a date in the future */)) != NULL) {
        ret = CW_REFUSED;
        goto out;
    }
    char now[32], cid[24];
    log_timestamp(now);
    id_text(case_id, cid);
    sqlite3_stmt *st = db_stmt(db, "UPDATE cases SET status = ?, status_on = ?, status_reason = ?, updated_at = ?,"
                                   " closure_outcome = ? WHERE id = ?");
    if (!st)
        goto out;
    db_bind_text(st, 1, status);
    db_bind_text(st, 2, on);
    db_bind_text(st, 3, reason);
    db_bind_text(st, 4, now);
    db_bind_text(st, 5, closing ? outcome : NULL);
    db_bind_int64(st, 6, case_id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        *why = "There is already an open case for this school or trust in this programme";
        ret = CW_REFUSED;
        goto out;
    }
    if (rc != SQLITE_DONE)
        goto out;
    if (match_case_status_changed(db, case_id, status) != 0) /* a match ends with the case, releasing capacity */
        goto out;
    if (strcmp(status, "paused") == 0) {
        st = db_stmt(db, "INSERT OR REPLACE INTO case_pauses (case_id, from_on, to_on) VALUES (?, ?, NULL)");
        if (!st)
            goto out;
        db_bind_int64(st, 1, case_id);
        db_bind_text(st, 2, on);
        if (step_done(db, st) != 0)
            goto out;
    } else if (strcmp(c.status, "paused") == 0) {
        /* the pause ends the day before the case resumes */
        char last[11];
        Date d = date_parse(on, NULL);
        date_iso(d == DATE_NONE ? DATE_NONE : d - 1, last);
        st = db_stmt(db, "UPDATE case_pauses SET to_on = ? WHERE case_id = ? AND to_on IS NULL");
        if (!st)
            goto out;
        db_bind_text(st, 1, last);
        db_bind_int64(st, 2, case_id);
        if (step_done(db, st) != 0)
            goto out;
    }
    static const struct {
        const char *status, *word;
    } WORDS[] = {{"in progress", "Resumed"}, {"paused", "Paused"}, {"stopped", "Stopped"}, {"closed", "Closed"}};
    const char *word = status;
    for (size_t i = 0; i < 4; i++)
        if (strcmp(WORDS[i].status, status) == 0)
            word = WORDS[i].word;
    const char *outcome_label = closing ? casework_close_outcome_label(outcome) : NULL;
    char decided[160];
    snprintf(decided, sizeof decided, "%s%s%s", word, outcome_label ? ": " : "", outcome_label ? outcome_label : "");
    AuditChange ch[] = {{"status", c.status, status}, {"from", NULL, on}, {"outcome", NULL, outcome_label}};
    if (audit_append(db, actor, "case.status", "case", cid, ch, closing ? 3 : 2, reason) != 0)
        goto out;
    if (case_decision_add(db, actor, case_id, "status", decided, reason, on, NULL, "status", NULL) != CW_OK)
        goto out;
    if (case_refresh(db, case_id) != 0)
        goto out;
    ret = CW_OK;
out:
    case_free(&c);
    return ret;
}

static int set_status(Db *db, const Actor *actor, int64_t case_id, const char *status, const char *outcome,
                      const char *on, const char *reason, const char **why)
{
    if (db_begin(db) != 0)
        return CW_ERROR;
    int ret = set_status_in(db, actor, case_id, status, outcome, on, reason, why);
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    return ret;
}

int case_close_in(Db *db, const Actor *actor, int64_t case_id, const char *outcome, const char *on,
                  const char *reason, const char **why)
{
    return set_status_in(db, actor, case_id, "closed", outcome, on, reason, why);
}

int case_set_status(Db *db, const Actor *actor, int64_t case_id, const char *status, const char *on,
                    const char *reason, const char **why)
{
    if (status && strcmp(status, "closed") == 0) {
        /* issue 10 item 10: never one click; the close journey has an outcome */
        *why = "Record the case's outcome to close it";
        return CW_REFUSED;
    }
    return set_status(db, actor, case_id, status, NULL, on, reason, why);
}

int case_close(Db *db, const Actor *actor, int64_t case_id, const char *outcome, const char *on, const char *reason,
               const char **why)
{
    return set_status(db, actor, case_id, "closed", outcome, on, reason, why);
}

/* ------------------------------------------------------------------ users */

int users_for_role(Db *db, const char *role, const char *region, UserChoiceList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, name, email FROM users WHERE role = ?1 AND disabled_at IS NULL"
                                   " AND (?2 IS NULL OR region = ?2) ORDER BY name, id");
    if (!st)
        return -1;
    db_bind_text(st, 1, role);
    db_bind_text(st, 2, region);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        UserChoice *u = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        u->id = sqlite3_column_int64(st, 0);
        u->name = db_col_dup(st, 1);
        u->email = db_col_dup(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

void user_choice_list_free(UserChoiceList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].email);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int case_task_kind_set(Db *db, const Actor *actor, int64_t case_id, const char *kind, TaskStatus to, const char *on)
{
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_tasks SET status = ?3, done_on = ?4, updated_at = ?5, updated_by = ?6"
                                   " WHERE case_id = ?1 AND status NOT IN (?3, ?2) AND code IN (SELECT t.code"
                                   " FROM task_templates t JOIN cases c ON c.programme = t.programme WHERE c.id = ?1"
                                   " AND t.kind = ?7)");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, task_status_name(TASK_NOT_NEEDED));
    db_bind_text(st, 3, task_status_name(to));
    db_bind_text(st, 4, to == TASK_COMPLETED ? on : NULL);
    db_bind_text(st, 5, now);
    db_bind_text(st, 6, actor->label);
    db_bind_text(st, 7, kind);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    return sqlite3_changes(db_handle(db));
}
