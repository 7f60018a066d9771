/*
 * case_records.c - the records kept alongside a case's tasks: engagement
 * concerns (raised, escalated, resolved, each a dated decision), the
 * contacts at the school, responsible body, diocese and provider, notes,
 * and the school holidays that due dates skip. See casework.h.
 *
 * Every change to a case is one transaction: the case's status is read
 * first (only a case in progress changes, except that notes and contacts
 * are kept whatever its status), then the rows, the decision
 * where there is one, and an audit row with object_type "case" so the
 * change is on the case's timeline.
 */
#include "store/casework.h"

#include "core/buf.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- shared -------------------------------------------------------------- */

static void set_why(const char **why, const char *s)
{
    if (why)
        *why = s;
}

static const char *blank_to_null(const char *s)
{
    return (s && *s) ? s : NULL;
}

static int is_blank(const char *s)
{
    return !s || !*s;
}

/* A yyyy-mm-dd date that exists. */
static int iso_date_valid(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    return date_parse(s, NULL) != DATE_NONE;
}

/* Two optional strings equal, NULL and "" being the same. */
static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Runs a statement with no result rows and resets it. */
static int step_done(Db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("%s failed: %s", what, sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

/* Stamps the case as changed. */
static int touch_case(Db *db, int64_t case_id, const char *now)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE cases SET updated_at = ? WHERE id = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, now);
    db_bind_int64(st, 2, case_id);
    return step_done(db, st, "case touch");
}

/*
 * Starts the transaction of a change to a case: BEGIN IMMEDIATE, then the
 * case's status, checked by rule (casework_case_editable: refused unless in
 * progress; casework_record_refusal for notes and contacts). On anything
 * but CW_OK the transaction is already rolled back.
 */
static int begin_change_by(Db *db, int64_t case_id, const char *(*rule)(const char *), const char **why)
{
    if (db_begin(db) != 0)
        return CW_ERROR;
    sqlite3_stmt *st = db_stmt(db, "SELECT status FROM cases WHERE id = ?");
    if (!st) {
        db_rollback(db);
        return CW_ERROR;
    }
    db_bind_int64(st, 1, case_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        db_rollback(db);
        return rc == SQLITE_DONE ? CW_NOT_FOUND : CW_ERROR;
    }
    const char *refusal = rule((const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (refusal) {
        db_rollback(db);
        set_why(why, refusal);
        return CW_REFUSED;
    }
    return CW_OK;
}

static int begin_change(Db *db, int64_t case_id, const char **why)
{
    return begin_change_by(db, case_id, casework_case_editable, why);
}

/* Notes and contacts: kept whatever the case's status (issue 10 item 15). */
static int begin_record_change(Db *db, int64_t case_id, const char **why)
{
    return begin_change_by(db, case_id, casework_record_refusal, why);
}

/* Refuses inside a transaction: rolls back and says why. */
static int refuse(Db *db, const char **why, const char *sentence)
{
    db_rollback(db);
    set_why(why, sentence);
    return CW_REFUSED;
}

static int fail(Db *db)
{
    db_rollback(db);
    return CW_ERROR;
}

static int finish(Db *db)
{
    return db_commit(db) == 0 ? CW_OK : CW_ERROR;
}

/* Grows a list's array by one slot and returns it, zeroed. */
static int col_flag(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i) != 0;
}

/* --- engagement concerns ------------------------------------------------- */

#define CONCERN_COLS                                                                                               \
    "id, case_id, status, summary, details, raised_on, raised_by, escalated_on, steps_taken, primary_reason,"      \
    " escalation_reason, escalated_by, resolved_on, resolution, resolved_by, warning_notice, information_powers,"  \
    " ieb, (SELECT approval FROM case_decisions WHERE id = " LAST_ESCALATION "), coalesce(" LAST_ESCALATION ", 0)"
/* the concern's latest escalation in the decision log (for its approval) */
#define LAST_ESCALATION                                                                                            \
    "(SELECT max(d.id) FROM case_decisions d WHERE d.case_id = case_concerns.case_id"                              \
    " AND d.type = 'concern-escalated' AND d.about = 'concern ' || case_concerns.id)"

static void read_concern(sqlite3_stmt *st, CaseConcern *c)
{
    c->id = sqlite3_column_int64(st, 0);
    c->case_id = sqlite3_column_int64(st, 1);
    c->status = db_col_dup(st, 2);
    c->summary = db_col_dup(st, 3);
    c->details = db_col_dup(st, 4);
    c->raised_on = db_col_dup(st, 5);
    c->raised_by = db_col_dup(st, 6);
    c->escalated_on = db_col_dup(st, 7);
    c->steps_taken = db_col_dup(st, 8);
    c->primary_reason = db_col_dup(st, 9);
    c->escalation_reason = db_col_dup(st, 10);
    c->escalated_by = db_col_dup(st, 11);
    c->resolved_on = db_col_dup(st, 12);
    c->resolution = db_col_dup(st, 13);
    c->resolved_by = db_col_dup(st, 14);
    c->warning_notice = col_flag(st, 15);
    c->information_powers = col_flag(st, 16);
    c->ieb = col_flag(st, 17);
    c->escalation_approval = db_col_dup(st, 18);
    c->escalation_decision_id = sqlite3_column_int64(st, 19);
}

void case_concern_free(CaseConcern *c)
{
    free(c->status);
    free(c->summary);
    free(c->details);
    free(c->raised_on);
    free(c->raised_by);
    free(c->escalated_on);
    free(c->steps_taken);
    free(c->primary_reason);
    free(c->escalation_reason);
    free(c->escalated_by);
    free(c->resolved_on);
    free(c->resolution);
    free(c->resolved_by);
    free(c->escalation_approval);
    memset(c, 0, sizeof *c);
}

void case_concern_list_free(CaseConcernList *l)
{
    for (size_t i = 0; i < l->n; i++)
        case_concern_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int case_concerns(Db *db, int64_t case_id, CaseConcernList *out)
{
    memset(out, 0, sizeof *out);
    /* the newest first */
    sqlite3_stmt *st = db_stmt(db, "SELECT " CONCERN_COLS " FROM case_concerns WHERE case_id = ?"
                                   " ORDER BY raised_on DESC, id DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        read_concern(st, xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        case_concern_list_free(out);
        return -1;
    }
    return 0;
}

int case_concern_get(Db *db, int64_t case_id, int64_t id, CaseConcern *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " CONCERN_COLS " FROM case_concerns WHERE case_id = ? AND id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_concern(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The concern's status and summary (*summary to free) inside the
   transaction: 1 found, 0 not, -1 error. */
static int concern_status(Db *db, int64_t case_id, int64_t id, char out[16], char **summary)
{
    *summary = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT status, summary FROM case_concerns WHERE case_id = ? AND id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out, 16, "%s", (const char *)sqlite3_column_text(st, 0));
        *summary = db_col_dup(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int case_concern_raise(Db *db, const Actor *actor, int64_t case_id, const char *summary, const char *details,
                       const char *raised_on, int64_t *id, const char **why)
{
    if (id)
        *id = 0;
    if (is_blank(summary))
        return set_why(why, "Enter a summary of the concern"), CW_REFUSED;
    if (is_blank(details))
        return set_why(why, "Enter the details of the concern"), CW_REFUSED;
    if (!iso_date_valid(raised_on))
        return set_why(why, "Enter the date the concern was raised"), CW_REFUSED;
    int rc = begin_change(db, case_id, why);
    if (rc != CW_OK)
        return rc;
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO case_concerns (case_id, status, summary, details, raised_on,"
                                   " raised_by) VALUES (?, 'open', ?, ?, ?, ?)");
    if (!st)
        return fail(db);
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, summary);
    db_bind_text(st, 3, details);
    db_bind_text(st, 4, raised_on);
    db_bind_text(st, 5, actor->label);
    if (step_done(db, st, "concern insert") != 0)
        return fail(db);
    int64_t cid = sqlite3_last_insert_rowid(db_handle(db));
    char about[48], caseid[24];
    snprintf(about, sizeof about, "concern %lld", (long long)cid);
    snprintf(caseid, sizeof caseid, "%lld", (long long)case_id);
    int64_t did = 0;
    if (case_decision_add(db, actor, case_id, "concern-raised", "Engagement concern raised", details, raised_on,
                          NULL, about, &did) != CW_OK)
        return fail(db);
    AuditChange ch[] = {
        {"engagement concern", NULL, summary},
        {"raised on", NULL, raised_on},
        {"status", NULL, "open"},
    };
    if (touch_case(db, case_id, now) != 0 ||
        audit_append(db, actor, "case.concern.raise", "case", caseid, ch, sizeof ch / sizeof ch[0], details) != 0)
        return fail(db);
    rc = finish(db);
    if (rc == CW_OK && id)
        *id = cid;
    return rc;
}

/* The rows of an escalation (inside case_concern_escalate's transaction). */
static int escalate_write(Db *db, const Actor *actor, int64_t case_id, int64_t id, const Escalation *e,
                          const char *status, const char *summary)
{
    char now[32];
    log_timestamp(now);
    int wn = e->warning_notice != 0, ip = e->information_powers != 0, ieb = e->ieb != 0;
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_concerns SET status = 'escalated', escalated_on = ?, steps_taken = ?,"
                                   " primary_reason = ?, warning_notice = ?, information_powers = ?, ieb = ?,"
                                   " escalation_reason = ?, escalated_by = ? WHERE case_id = ? AND id = ?");
    if (!st)
        return CW_ERROR;
    db_bind_text(st, 1, e->on);
    db_bind_text(st, 2, e->steps_taken);
    db_bind_text(st, 3, e->primary_reason);
    db_bind_int64(st, 4, wn);
    db_bind_int64(st, 5, ip);
    db_bind_int64(st, 6, ieb);
    db_bind_text(st, 7, e->reason);
    db_bind_text(st, 8, actor->label);
    db_bind_int64(st, 9, case_id);
    db_bind_int64(st, 10, id);
    if (step_done(db, st, "concern escalate") != 0)
        return CW_ERROR;

    /* "Escalated: warning notice, information powers" */
    char outcome[160] = "Escalated";
    const char *used[3];
    int nused = 0;
    if (wn)
        used[nused++] = "warning notice";
    if (ip)
        used[nused++] = "information powers";
    if (ieb)
        used[nused++] = "interim executive board";
    for (int i = 0; i < nused; i++) {
        size_t len = strlen(outcome);
        snprintf(outcome + len, sizeof outcome - len, "%s%s", i == 0 ? ": " : ", ", used[i]);
    }
    char about[48], caseid[24];
    snprintf(about, sizeof about, "concern %lld", (long long)id);
    snprintf(caseid, sizeof caseid, "%lld", (long long)case_id);
    int64_t did = 0;
    /* a warning notice or an interim executive board waits for the regional
       director (domain/decisions.c) */
    const char *approval =
        decision_approval_on_record(escalation_needs_approval(wn, ip, ieb), actor_is_regional_director(db, actor));
    if (case_decision_add(db, actor, case_id, "concern-escalated", outcome, e->reason, e->on, approval, about, &did) !=
        CW_OK)
        return CW_ERROR;
    AuditChange ch[] = {
        {"engagement concern", NULL, summary},
        {"status", status, "escalated"},
        {"escalated on", NULL, e->on},
        {"steps already taken", NULL, e->steps_taken},
        {"primary reason", NULL, e->primary_reason},
        {"warning notice", NULL, wn ? "yes" : "no"},
        {"information powers", NULL, ip ? "yes" : "no"},
        {"interim executive board", NULL, ieb ? "yes" : "no"},
    };
    if (touch_case(db, case_id, now) != 0 ||
        audit_append(db, actor, "case.concern.escalate", "case", caseid, ch, sizeof ch / sizeof ch[0], e->reason) != 0)
        return CW_ERROR;
    return CW_OK;
}

int case_concern_escalate(Db *db, const Actor *actor, int64_t case_id, int64_t id, const Escalation *e,
                          const char **why)
{
    if (!iso_date_valid(e->on))
        return set_why(why, "Enter the date the concern was escalated"), CW_REFUSED;
    if (is_blank(e->steps_taken))
        return set_why(why, "Enter the steps already taken"), CW_REFUSED;
    if (is_blank(e->primary_reason))
        return set_why(why, "Select the primary reason for escalating"), CW_REFUSED;
    if (is_blank(e->reason))
        return set_why(why, "Enter why the concern is being escalated"), CW_REFUSED;
    if (db_begin(db) != 0)
        return CW_ERROR;
    Case c;
    int found = case_get(db, case_id, &c);
    if (found != 1) {
        db_rollback(db);
        return found == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    const char *refusal = casework_case_editable(c.status);
    int maintained = case_is_maintained(&c);
    case_free(&c);
    if (refusal)
        return refuse(db, why, refusal);
    char status[16] = "", *summary = NULL;
    found = concern_status(db, case_id, id, status, &summary);
    if (found != 1) {
        db_rollback(db);
        return found == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    refusal = casework_escalate_refusal(status, e->ieb, maintained);
    if (refusal) {
        free(summary);
        return refuse(db, why, refusal);
    }
    int rc = escalate_write(db, actor, case_id, id, e, status, summary);
    free(summary);
    if (rc != CW_OK)
        return fail(db);
    return finish(db);
}

/* The rows of a resolution (inside case_concern_resolve's transaction). */
static int resolve_write(Db *db, const Actor *actor, int64_t case_id, int64_t id, const char *on,
                         const char *resolution, const char *status, const char *summary)
{
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_concerns SET status = 'resolved', resolved_on = ?, resolution = ?,"
                                   " resolved_by = ? WHERE case_id = ? AND id = ?");
    if (!st)
        return CW_ERROR;
    db_bind_text(st, 1, on);
    db_bind_text(st, 2, resolution);
    db_bind_text(st, 3, actor->label);
    db_bind_int64(st, 4, case_id);
    db_bind_int64(st, 5, id);
    if (step_done(db, st, "concern resolve") != 0)
        return CW_ERROR;
    char about[48], caseid[24];
    snprintf(about, sizeof about, "concern %lld", (long long)id);
    snprintf(caseid, sizeof caseid, "%lld", (long long)case_id);
    int64_t did = 0;
    if (case_decision_add(db, actor, case_id, "concern-resolved", "Engagement concern resolved", resolution, on,
                          NULL, about, &did) != CW_OK)
        return CW_ERROR;
    AuditChange ch[] = {
        {"engagement concern", NULL, summary},
        {"status", status, "resolved"},
        {"resolved on", NULL, on},
    };
    if (touch_case(db, case_id, now) != 0 ||
        audit_append(db, actor, "case.concern.resolve", "case", caseid, ch, sizeof ch / sizeof ch[0], resolution) !=
            0)
        return CW_ERROR;
    return CW_OK;
}

int case_concern_resolve(Db *db, const Actor *actor, int64_t case_id, int64_t id, const char *on,
                         const char *resolution, const char **why)
{
    if (!iso_date_valid(on))
        return set_why(why, "Enter the date the concern was resolved"), CW_REFUSED;
    if (is_blank(resolution))
        return set_why(why, "Enter how the concern was resolved"), CW_REFUSED;
    int rc = begin_change(db, case_id, why);
    if (rc != CW_OK)
        return rc;
    char status[16] = "", *summary = NULL;
    int found = concern_status(db, case_id, id, status, &summary);
    if (found != 1) {
        db_rollback(db);
        return found == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    const char *refusal = casework_resolve_refusal(status);
    if (refusal) {
        free(summary);
        return refuse(db, why, refusal);
    }
    rc = resolve_write(db, actor, case_id, id, on, resolution, status, summary);
    free(summary);
    if (rc != CW_OK)
        return fail(db);
    return finish(db);
}

/* --- contacts ------------------------------------------------------------ */

#define CONTACT_COLS "id, case_id, organisation_kind, organisation, name, role, email, phone, added_at, added_by"

static void read_contact(sqlite3_stmt *st, CaseContact *c)
{
    c->id = sqlite3_column_int64(st, 0);
    c->case_id = sqlite3_column_int64(st, 1);
    c->organisation_kind = db_col_dup(st, 2);
    c->organisation = db_col_dup(st, 3);
    c->name = db_col_dup(st, 4);
    c->role = db_col_dup(st, 5);
    c->email = db_col_dup(st, 6);
    c->phone = db_col_dup(st, 7);
    c->added_at = db_col_dup(st, 8);
    c->added_by = db_col_dup(st, 9);
}

void case_contact_free(CaseContact *c)
{
    free(c->organisation_kind);
    free(c->organisation);
    free(c->name);
    free(c->role);
    free(c->email);
    free(c->phone);
    free(c->added_at);
    free(c->added_by);
    memset(c, 0, sizeof *c);
}

void case_contact_list_free(CaseContactList *l)
{
    for (size_t i = 0; i < l->n; i++)
        case_contact_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int case_contacts(Db *db, int64_t case_id, CaseContactList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " CONTACT_COLS " FROM case_contacts WHERE case_id = ?"
                                   " AND removed_at IS NULL ORDER BY CASE organisation_kind WHEN 'school' THEN 1"
                                   " WHEN 'responsible body' THEN 2 WHEN 'diocese' THEN 3 ELSE 4 END, id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        read_contact(st, xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        case_contact_list_free(out);
        return -1;
    }
    return 0;
}

/* A current contact (removed ones are kept, but not found). */
int case_contact_get(Db *db, int64_t case_id, int64_t id, CaseContact *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " CONTACT_COLS " FROM case_contacts WHERE case_id = ? AND id = ?"
                                   " AND removed_at IS NULL");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_contact(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int contact_kind_valid(const char *k)
{
    return k && (strcmp(k, "school") == 0 || strcmp(k, "responsible body") == 0 || strcmp(k, "diocese") == 0 ||
                 strcmp(k, "provider") == 0);
}

static const char *contact_refusal(const ContactFields *f)
{
    if (!contact_kind_valid(f->organisation_kind))
        return "Select which organisation the contact is from";
    if (is_blank(f->name))
        return "Enter the contact's name";
    if (is_blank(f->role))
        return "Enter the contact's role";
    return NULL;
}

int case_contact_add(Db *db, const Actor *actor, int64_t case_id, const ContactFields *f, int64_t *id,
                     const char **why)
{
    if (id)
        *id = 0;
    const char *refusal = contact_refusal(f);
    if (refusal)
        return set_why(why, refusal), CW_REFUSED;
    int rc = begin_record_change(db, case_id, why);
    if (rc != CW_OK)
        return rc;
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO case_contacts (case_id, organisation_kind, organisation, name, role,"
                                   " email, phone, added_at, added_by) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st)
        return fail(db);
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, f->organisation_kind);
    db_bind_text(st, 3, blank_to_null(f->organisation));
    db_bind_text(st, 4, f->name);
    db_bind_text(st, 5, f->role);
    db_bind_text(st, 6, blank_to_null(f->email));
    db_bind_text(st, 7, blank_to_null(f->phone));
    db_bind_text(st, 8, now);
    db_bind_text(st, 9, actor->label);
    if (step_done(db, st, "contact insert") != 0)
        return fail(db);
    int64_t cid = sqlite3_last_insert_rowid(db_handle(db));
    char caseid[24];
    snprintf(caseid, sizeof caseid, "%lld", (long long)case_id);
    AuditChange ch[] = {
        {"organisation kind", NULL, f->organisation_kind},
        {"organisation", NULL, blank_to_null(f->organisation)},
        {"name", NULL, f->name},
        {"role", NULL, f->role},
        {"email", NULL, blank_to_null(f->email)},
        {"phone", NULL, blank_to_null(f->phone)},
    };
    if (touch_case(db, case_id, now) != 0 ||
        audit_append(db, actor, "case.contact.add", "case", caseid, ch, sizeof ch / sizeof ch[0], NULL) != 0)
        return fail(db);
    rc = finish(db);
    if (rc == CW_OK && id)
        *id = cid;
    return rc;
}

int case_contact_update(Db *db, const Actor *actor, int64_t case_id, int64_t id, const ContactFields *f,
                        const char **why)
{
    const char *refusal = contact_refusal(f);
    if (refusal)
        return set_why(why, refusal), CW_REFUSED;
    int rc = begin_record_change(db, case_id, why);
    if (rc != CW_OK)
        return rc;
    CaseContact old;
    int found = case_contact_get(db, case_id, id, &old);
    if (found != 1) {
        db_rollback(db);
        return found == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    char caseid[24];
    snprintf(caseid, sizeof caseid, "%lld", (long long)case_id);
    AuditChange ch[7];
    size_t n = 0;
    ch[n++] = (AuditChange){"contact", NULL, old.name}; /* which contact, as it was called */
    if (!same_text(old.organisation_kind, f->organisation_kind))
        ch[n++] = (AuditChange){"organisation kind", old.organisation_kind, f->organisation_kind};
    if (!same_text(old.organisation, f->organisation))
        ch[n++] = (AuditChange){"organisation", old.organisation, blank_to_null(f->organisation)};
    if (!same_text(old.name, f->name))
        ch[n++] = (AuditChange){"name", old.name, f->name};
    if (!same_text(old.role, f->role))
        ch[n++] = (AuditChange){"role", old.role, f->role};
    if (!same_text(old.email, f->email))
        ch[n++] = (AuditChange){"email", old.email, blank_to_null(f->email)};
    if (!same_text(old.phone, f->phone))
        ch[n++] = (AuditChange){"phone", old.phone, blank_to_null(f->phone)};
    if (n == 1) { /* nothing changed, nothing recorded */
        case_contact_free(&old);
        db_rollback(db);
        return CW_OK;
    }
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_contacts SET organisation_kind = ?, organisation = ?, name = ?,"
                                   " role = ?, email = ?, phone = ? WHERE case_id = ? AND id = ?");
    int ok = st != NULL;
    if (ok) {
        db_bind_text(st, 1, f->organisation_kind);
        db_bind_text(st, 2, blank_to_null(f->organisation));
        db_bind_text(st, 3, f->name);
        db_bind_text(st, 4, f->role);
        db_bind_text(st, 5, blank_to_null(f->email));
        db_bind_text(st, 6, blank_to_null(f->phone));
        db_bind_int64(st, 7, case_id);
        db_bind_int64(st, 8, id);
        ok = step_done(db, st, "contact update") == 0 && touch_case(db, case_id, now) == 0 &&
             audit_append(db, actor, "case.contact.update", "case", caseid, ch, n, NULL) == 0;
    }
    case_contact_free(&old);
    if (!ok)
        return fail(db);
    return finish(db);
}

int case_contact_remove(Db *db, const Actor *actor, int64_t case_id, int64_t id, const char *reason,
                        const char **why)
{
    if (is_blank(reason))
        return set_why(why, "Enter why you are removing this contact"), CW_REFUSED;
    int rc = begin_record_change(db, case_id, why);
    if (rc != CW_OK)
        return rc;
    CaseContact old;
    int found = case_contact_get(db, case_id, id, &old);
    if (found != 1) {
        db_rollback(db);
        return found == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    char now[32];
    log_timestamp(now);
    char caseid[24];
    snprintf(caseid, sizeof caseid, "%lld", (long long)case_id);
    AuditChange ch[] = {
        {"contact", old.name, NULL},
        {"organisation kind", old.organisation_kind, NULL},
        {"role", old.role, NULL},
    };
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_contacts SET removed_at = ? WHERE case_id = ? AND id = ?"
                                   " AND removed_at IS NULL");
    int ok = st != NULL;
    if (ok) {
        db_bind_text(st, 1, now);
        db_bind_int64(st, 2, case_id);
        db_bind_int64(st, 3, id);
        ok = step_done(db, st, "contact remove") == 0 && touch_case(db, case_id, now) == 0 &&
             audit_append(db, actor, "case.contact.remove", "case", caseid, ch, sizeof ch / sizeof ch[0], reason) == 0;
    }
    case_contact_free(&old);
    if (!ok)
        return fail(db);
    return finish(db);
}

/* --- notes --------------------------------------------------------------- */

#define NOTE_COLS "id, case_id, author_id, body, author, created_at, edited_at"

static void read_note(sqlite3_stmt *st, CaseNote *n)
{
    n->id = sqlite3_column_int64(st, 0);
    n->case_id = sqlite3_column_int64(st, 1);
    n->author_id = sqlite3_column_int64(st, 2);
    n->body = db_col_dup(st, 3);
    n->author = db_col_dup(st, 4);
    n->created_at = db_col_dup(st, 5);
    n->edited_at = db_col_dup(st, 6);
}

void case_note_free(CaseNote *n)
{
    free(n->body);
    free(n->author);
    free(n->created_at);
    free(n->edited_at);
    memset(n, 0, sizeof *n);
}

void case_note_list_free(CaseNoteList *l)
{
    for (size_t i = 0; i < l->n; i++)
        case_note_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int case_notes(Db *db, int64_t case_id, CaseNoteList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " NOTE_COLS " FROM case_notes WHERE case_id = ? ORDER BY id DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        read_note(st, xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        case_note_list_free(out);
        return -1;
    }
    return 0;
}

int case_note_get(Db *db, int64_t case_id, int64_t id, CaseNote *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " NOTE_COLS " FROM case_notes WHERE case_id = ? AND id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_note(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int case_note_add(Db *db, const Actor *actor, int64_t case_id, const char *body, int64_t *id, const char **why)
{
    if (id)
        *id = 0;
    if (is_blank(body))
        return set_why(why, "Enter the note"), CW_REFUSED;
    int rc = begin_record_change(db, case_id, why);
    if (rc != CW_OK)
        return rc;
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO case_notes (case_id, body, author_id, author, created_at)"
                                   " VALUES (?,?,?,?,?)");
    if (!st)
        return fail(db);
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, body);
    db_bind_int64(st, 3, actor->user_id);
    db_bind_text(st, 4, actor->label);
    db_bind_text(st, 5, now);
    if (step_done(db, st, "note insert") != 0)
        return fail(db);
    int64_t nid = sqlite3_last_insert_rowid(db_handle(db));
    char caseid[24];
    snprintf(caseid, sizeof caseid, "%lld", (long long)case_id);
    AuditChange ch[] = {{"note", NULL, body}};
    if (touch_case(db, case_id, now) != 0 ||
        audit_append(db, actor, "case.note.add", "case", caseid, ch, sizeof ch / sizeof ch[0], NULL) != 0)
        return fail(db);
    rc = finish(db);
    if (rc == CW_OK && id)
        *id = nid;
    return rc;
}

int case_note_edit(Db *db, const Actor *actor, int64_t case_id, int64_t id, const char *body, const char **why)
{
    if (is_blank(body))
        return set_why(why, "Enter the note"), CW_REFUSED;
    int rc = begin_record_change(db, case_id, why);
    if (rc != CW_OK)
        return rc;
    CaseNote old;
    int found = case_note_get(db, case_id, id, &old);
    if (found != 1) {
        db_rollback(db);
        return found == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    if (old.author_id != actor->user_id) {
        case_note_free(&old);
        return refuse(db, why, "You can only change notes you wrote");
    }
    if (strcmp(old.body, body) == 0) { /* nothing changed, nothing recorded */
        case_note_free(&old);
        db_rollback(db);
        return CW_OK;
    }
    char now[32];
    log_timestamp(now);
    char caseid[24];
    snprintf(caseid, sizeof caseid, "%lld", (long long)case_id);
    AuditChange ch[] = {{"note", old.body, body}};
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_notes SET body = ?, edited_at = ? WHERE case_id = ? AND id = ?");
    int ok = st != NULL;
    if (ok) {
        db_bind_text(st, 1, body);
        db_bind_text(st, 2, now);
        db_bind_int64(st, 3, case_id);
        db_bind_int64(st, 4, id);
        ok = step_done(db, st, "note edit") == 0 && touch_case(db, case_id, now) == 0 &&
             audit_append(db, actor, "case.note.edit", "case", caseid, ch, sizeof ch / sizeof ch[0], NULL) == 0;
    }
    case_note_free(&old);
    if (!ok)
        return fail(db);
    return finish(db);
}

/* --- school holidays ----------------------------------------------------- */

void school_holiday_list_free(SchoolHolidayList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].starts_on);
        free(l->items[i].ends_on);
        free(l->items[i].added_by);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int school_holidays_list(Db *db, SchoolHolidayList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, name, starts_on, ends_on, added_by FROM school_holidays"
                                   " ORDER BY starts_on, ends_on, id");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        SchoolHoliday *s = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        s->id = sqlite3_column_int64(st, 0);
        s->name = db_col_dup(st, 1);
        s->starts_on = db_col_dup(st, 2);
        s->ends_on = db_col_dup(st, 3);
        s->added_by = db_col_dup(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        school_holiday_list_free(out);
        return -1;
    }
    return 0;
}

int school_holidays_calendar(Db *db, Calendar *cal)
{
    cal->school_holidays = NULL;
    cal->n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT starts_on, ends_on FROM school_holidays ORDER BY starts_on, ends_on");
    if (!st)
        return -1;
    DateRange *ranges = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Date from = date_parse((const char *)sqlite3_column_text(st, 0), NULL);
        Date to = date_parse((const char *)sqlite3_column_text(st, 1), NULL);
        if (from == DATE_NONE || to == DATE_NONE || to < from)
            continue; /* cannot happen through school_holiday_add */
        DateRange *d = xgrow((void **)&ranges, &n, &cap, sizeof *ranges);
        d->from = from;
        d->to = to;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(ranges);
        return -1;
    }
    cal->school_holidays = ranges;
    cal->n = n;
    return 0;
}

int school_holiday_add(Db *db, const Actor *actor, const char *name, const char *starts_on, const char *ends_on,
                       int64_t *id)
{
    if (id)
        *id = 0;
    if (is_blank(name) || !iso_date_valid(starts_on) || !iso_date_valid(ends_on) || strcmp(ends_on, starts_on) < 0)
        return CW_REFUSED;
    if (db_begin(db) != 0)
        return CW_ERROR;
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO school_holidays (name, starts_on, ends_on, added_at, added_by)"
                                   " VALUES (?,?,?,?,?)");
    if (!st)
        return fail(db);
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, starts_on);
    db_bind_text(st, 3, ends_on);
    db_bind_text(st, 4, now);
    db_bind_text(st, 5, actor->label);
    if (step_done(db, st, "school holiday insert") != 0)
        return fail(db);
    int64_t hid = sqlite3_last_insert_rowid(db_handle(db));
    char hidtext[24];
    snprintf(hidtext, sizeof hidtext, "%lld", (long long)hid);
    AuditChange ch[] = {{"name", NULL, name}, {"first day", NULL, starts_on}, {"last day", NULL, ends_on}};
    if (audit_append(db, actor, "school-holiday.add", "school-holiday", hidtext, ch, sizeof ch / sizeof ch[0],
                     NULL) != 0)
        return fail(db);
    /* the due dates that skip school holidays move */
    if (cases_refresh_all(db) != 0)
        return fail(db);
    int rc = finish(db);
    if (rc == CW_OK && id)
        *id = hid;
    return rc;
}

int school_holiday_remove(Db *db, const Actor *actor, int64_t id)
{
    if (db_begin(db) != 0)
        return CW_ERROR;
    sqlite3_stmt *st = db_stmt(db, "SELECT name, starts_on, ends_on FROM school_holidays WHERE id = ?");
    if (!st)
        return fail(db);
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        db_rollback(db);
        return rc == SQLITE_DONE ? CW_NOT_FOUND : CW_ERROR;
    }
    char *name = db_col_dup(st, 0), *starts_on = db_col_dup(st, 1), *ends_on = db_col_dup(st, 2);
    sqlite3_reset(st);
    char hidtext[24];
    snprintf(hidtext, sizeof hidtext, "%lld", (long long)id);
    AuditChange ch[] = {{"name", name, NULL}, {"first day", starts_on, NULL}, {"last day", ends_on, NULL}};
    st = db_stmt(db, "DELETE FROM school_holidays WHERE id = ?");
    int ok = st != NULL;
    if (ok) {
        db_bind_int64(st, 1, id);
        ok = step_done(db, st, "school holiday delete") == 0 &&
             audit_append(db, actor, "school-holiday.remove", "school-holiday", hidtext, ch,
                          sizeof ch / sizeof ch[0], NULL) == 0 &&
             cases_refresh_all(db) == 0;
    }
    free(name);
    free(starts_on);
    free(ends_on);
    if (!ok)
        return fail(db);
    return finish(db);
}
