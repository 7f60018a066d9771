/*
 * test_case_records.c - engagement concerns, contacts, notes and school
 * holidays on a real migrated SQLite file, with cases opened the way the
 * service opens them (screening_decide): a concern raised, escalated and
 * resolved with its decisions; escalating twice refused; an interim
 * executive board only for a maintained school; notes changed only by
 * their author and never deleted; contacts added, changed and removed with
 * their audit rows; nothing changed on a paused case; and a school holiday
 * moving a due date counted in school days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/log.h"
#include "store/audit.h"
#include "store/cases.h"
#include "store/casework.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char path[256];

static void exec(Db *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s\n", msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

/* One integer from a query with one int64 parameter. */
static int64_t scalar1(Db *db, const char *sql, int64_t p)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, p);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* One text value (static copy, "" for NULL or no row) from a query with one int64 parameter. */
static const char *text1(Db *db, const char *sql, int64_t p)
{
    static char out[512];
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, p);
    out[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static const Actor DO = {.user_id = 1, .label = "Dana North <do@example.gov.uk>", .ip = NULL};
static const Actor OTHER = {.user_id = 2, .label = "Lee Other <lee@example.gov.uk>", .ip = NULL};

#define MAINTAINED_URN 100001
#define ACADEMY_URN 100002

static int setup(void **state)
{
    log_set_quiet(1);
    snprintf(path, sizeof path, "/tmp/rise-unit-records-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    *state = db;
    exec(db, "INSERT INTO users (id, email, name, role, region, password_hash, created_at, updated_at) VALUES"
             " (1, 'do@example.gov.uk', 'Dana North', 'delivery-officer', 'North East', 'x', 't', 't'),"
             " (2, 'lee@example.gov.uk', 'Lee Other', 'delivery-officer', 'North East', 'x', 't', 't');");
    exec(db, "INSERT INTO schools (urn, name, la_name, type_name, type_group, status, region) VALUES"
             " (100001, 'Maintained Primary', 'Newcastle', 'Community school', 'Local authority maintained schools',"
             "  'Open', 'North East'),"
             " (100002, 'Academy Secondary', 'Newcastle', 'Academy converter', 'Academies', 'Open', 'North East');");
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
    /* the audit trail's key file and checkpoint log, made beside the database */
    snprintf(p, sizeof p, "%s.audit-key", path);
    unlink(p);
    snprintf(p, sizeof p, "%s.audit-log", path);
    unlink(p);
    return 0;
}

/* Opens an SI 2019/20 case for a school, as screening does. */
static int64_t open_case(Db *db, int64_t urn, const char *name)
{
    Subject s = {"si-2019-20", "school", urn, name, "North East", "Newcastle"};
    Decision d = {.decision = "open-case",
                  .route = "screening",
                  .suggested = "tier-2",
                  .rule = "grade 3 twice",
                  .reason = "Stuck at requires improvement",
                  .as_at = "2019-09-01"};
    int64_t id = 0;
    assert_int_equal(screening_decide(db, &DO, &s, &d, &id), CASE_OK);
    assert_true(id > 0);
    return id;
}

/* The case's audit rows, newest first. */
static void case_audit(Db *db, int64_t case_id, AuditList *l)
{
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)case_id);
    assert_int_equal(audit_for_object(db, "case", cid, 100, l), 0);
}

/* The newest row of the list with this action, or NULL. */
static const AuditRow *find_action(const AuditList *l, const char *action)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->rows[i].action, action) == 0)
            return &l->rows[i];
    return NULL;
}

static void concern_raise_escalate_resolve(void **state)
{
    Db *db = *state;
    int64_t case_id = open_case(db, MAINTAINED_URN, "Maintained Primary");
    const char *why = NULL;
    int64_t id = 0;

    /* what is missing is refused before anything is written */
    assert_int_equal(case_concern_raise(db, &DO, case_id, "", "details", "2025-01-10", &id, &why), CW_REFUSED);
    assert_int_equal(case_concern_raise(db, &DO, case_id, "s", "d", "10/01/2025", &id, &why), CW_REFUSED);
    assert_int_equal(case_concern_raise(db, &DO, 9999, "s", "d", "2025-01-10", &id, &why), CW_NOT_FOUND);

    assert_int_equal(case_concern_raise(db, &DO, case_id, "The school declined support",
                                        "The headteacher said the school has its own plan.", "2025-01-10", &id, &why),
                     CW_OK);
    assert_true(id > 0);
    CaseConcern k;
    assert_int_equal(case_concern_get(db, case_id, id, &k), 1);
    assert_string_equal(k.status, "open");
    assert_string_equal(k.raised_on, "2025-01-10");
    assert_string_equal(k.raised_by, DO.label);
    assert_null(k.escalated_on);
    assert_int_equal(k.warning_notice, -1);
    case_concern_free(&k);
    /* a concern of another case is not found */
    assert_int_equal(case_concern_get(db, case_id + 1000, id, &k), 0);

    Escalation e = {.on = "2025-01-20",
                    .steps_taken = "Two calls and a letter",
                    .primary_reason = "Declined support",
                    .reason = "No engagement after three weeks",
                    .warning_notice = 1,
                    .information_powers = 1};
    assert_int_equal(case_concern_escalate(db, &DO, case_id, id, &e, &why), CW_OK);
    assert_int_equal(case_concern_get(db, case_id, id, &k), 1);
    assert_string_equal(k.status, "escalated");
    assert_string_equal(k.escalated_on, "2025-01-20");
    assert_string_equal(k.steps_taken, "Two calls and a letter");
    assert_string_equal(k.primary_reason, "Declined support");
    assert_string_equal(k.escalation_reason, "No engagement after three weeks");
    assert_string_equal(k.escalated_by, DO.label);
    assert_int_equal(k.warning_notice, 1);
    assert_int_equal(k.information_powers, 1);
    assert_int_equal(k.ieb, 0);
    case_concern_free(&k);

    /* escalated once only */
    why = NULL;
    assert_int_equal(case_concern_escalate(db, &DO, case_id, id, &e, &why), CW_REFUSED);
    assert_string_equal(why, "This concern is already escalated");
    assert_int_equal(case_concern_escalate(db, &DO, case_id, id + 1000, &e, &why), CW_NOT_FOUND);

    assert_int_equal(case_concern_resolve(db, &DO, case_id, id, "2025-02-03", "The school accepted support", &why),
                     CW_OK);
    assert_int_equal(case_concern_get(db, case_id, id, &k), 1);
    assert_string_equal(k.status, "resolved");
    assert_string_equal(k.resolved_on, "2025-02-03");
    assert_string_equal(k.resolution, "The school accepted support");
    assert_string_equal(k.resolved_by, DO.label);
    case_concern_free(&k);
    why = NULL;
    assert_int_equal(case_concern_resolve(db, &DO, case_id, id, "2025-02-04", "again", &why), CW_REFUSED);
    assert_string_equal(why, "This concern is already resolved");
    assert_int_equal(case_concern_escalate(db, &DO, case_id, id, &e, &why), CW_REFUSED);
    assert_string_equal(why, "This concern is resolved");

    /* each step is a decision, dated the day of the step, about the concern */
    assert_int_equal(scalar1(db, "SELECT count(*) FROM case_decisions WHERE case_id = ? AND type LIKE 'concern-%'",
                             case_id),
                     3);
    assert_string_equal(text1(db, "SELECT outcome || '|' || rationale || '|' || decided_on || '|' || about ||"
                                  " '|' || coalesce(approval, '-') FROM case_decisions WHERE case_id = ?"
                                  " AND type = 'concern-escalated'",
                              case_id),
                        "Escalated: warning notice, information powers|No engagement after three weeks|2025-01-20|"
                        "concern 1|awaiting"); /* a warning notice waits for the regional director (issue 10) */
    assert_string_equal(text1(db, "SELECT decided_on || '|' || rationale FROM case_decisions WHERE case_id = ?"
                                  " AND type = 'concern-raised'",
                              case_id),
                        "2025-01-10|The headteacher said the school has its own plan.");
    assert_string_equal(text1(db, "SELECT decided_on || '|' || rationale FROM case_decisions WHERE case_id = ?"
                                  " AND type = 'concern-resolved'",
                              case_id),
                        "2025-02-03|The school accepted support");

    /* and on the case's timeline (next to the decisions' own rows) */
    AuditList l;
    case_audit(db, case_id, &l);
    const AuditRow *a = find_action(&l, "case.concern.resolve");
    assert_non_null(a);
    assert_string_equal(a->reason, "The school accepted support");
    assert_string_equal(a->actor, DO.label);
    assert_non_null(strstr(a->changes, "\"field\":\"status\",\"before\":\"escalated\",\"after\":\"resolved\""));
    a = find_action(&l, "case.concern.escalate");
    assert_non_null(a);
    assert_string_equal(a->reason, "No engagement after three weeks");
    assert_non_null(strstr(a->changes, "\"field\":\"warning notice\",\"before\":null,\"after\":\"yes\""));
    assert_non_null(strstr(a->changes, "\"field\":\"interim executive board\",\"before\":null,\"after\":\"no\""));
    a = find_action(&l, "case.concern.raise");
    assert_non_null(a);
    assert_non_null(strstr(a->changes, "\"after\":\"The school declined support\""));
    assert_string_equal(l.rows[0].action, "case.concern.resolve"); /* the step's own row comes last */
    audit_list_free(&l);

    /* a case may have several; an open one can be resolved straight away */
    int64_t second = 0;
    assert_int_equal(case_concern_raise(db, &DO, case_id, "Not engaging", "Missed two meetings", "2025-03-01",
                                        &second, &why),
                     CW_OK);
    assert_int_equal(case_concern_resolve(db, &DO, case_id, second, "2025-03-05", "Meetings rearranged", &why), CW_OK);
    CaseConcernList list;
    assert_int_equal(case_concerns(db, case_id, &list), 0);
    assert_int_equal(list.n, 2);
    assert_int_equal(list.items[0].id, second); /* newest first */
    assert_null(list.items[0].escalated_on);
    case_concern_list_free(&list);
}

static void ieb_only_for_a_maintained_school(void **state)
{
    Db *db = *state;
    int64_t academy = open_case(db, ACADEMY_URN, "Academy Secondary");
    int64_t maintained = open_case(db, MAINTAINED_URN, "Maintained Primary");
    const char *why = NULL;
    int64_t a = 0, m = 0;
    assert_int_equal(case_concern_raise(db, &DO, academy, "Declined", "d", "2025-01-10", &a, &why), CW_OK);
    assert_int_equal(case_concern_raise(db, &DO, maintained, "Declined", "d", "2025-01-10", &m, &why), CW_OK);
    Escalation e = {.on = "2025-01-20", .steps_taken = "Calls", .primary_reason = "Not making progress",
                    .reason = "Governance has failed", .ieb = 1};
    assert_int_equal(case_concern_escalate(db, &DO, academy, a, &e, &why), CW_REFUSED);
    assert_string_equal(why, "An interim executive board can only be used for a maintained school");
    CaseConcern k;
    assert_int_equal(case_concern_get(db, academy, a, &k), 1);
    assert_string_equal(k.status, "open"); /* nothing written */
    case_concern_free(&k);
    assert_int_equal(scalar1(db, "SELECT count(*) FROM case_decisions WHERE case_id = ? AND type = 'concern-escalated'",
                             academy),
                     0);
    /* without the board the academy's concern escalates */
    e.ieb = 0;
    e.warning_notice = 1;
    assert_int_equal(case_concern_escalate(db, &DO, academy, a, &e, &why), CW_OK);

    e.ieb = 1;
    e.warning_notice = 0;
    assert_int_equal(case_concern_escalate(db, &DO, maintained, m, &e, &why), CW_OK);
    assert_int_equal(case_concern_get(db, maintained, m, &k), 1);
    assert_int_equal(k.ieb, 1);
    assert_int_equal(k.warning_notice, 0);
    case_concern_free(&k);
    assert_string_equal(text1(db, "SELECT outcome FROM case_decisions WHERE case_id = ? AND type = 'concern-escalated'",
                              maintained),
                        "Escalated: interim executive board");
}

static void notes_changed_only_by_their_author(void **state)
{
    Db *db = *state;
    int64_t case_id = open_case(db, MAINTAINED_URN, "Maintained Primary");
    const char *why = NULL;
    int64_t first = 0, second = 0;
    assert_int_equal(case_note_add(db, &DO, case_id, "", &first, &why), CW_REFUSED);
    assert_int_equal(case_note_add(db, &DO, case_id, "Called the headteacher", &first, &why), CW_OK);
    assert_int_equal(case_note_add(db, &OTHER, case_id, "Chair of governors is new", &second, &why), CW_OK);

    CaseNoteList l;
    assert_int_equal(case_notes(db, case_id, &l), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].id, second); /* newest first */
    assert_int_equal(l.items[0].author_id, OTHER.user_id);
    assert_string_equal(l.items[0].author, OTHER.label);
    assert_string_equal(l.items[1].body, "Called the headteacher");
    assert_null(l.items[1].edited_at);
    case_note_list_free(&l);

    /* someone else's note */
    why = NULL;
    assert_int_equal(case_note_edit(db, &OTHER, case_id, first, "Rewritten", &why), CW_REFUSED);
    assert_string_equal(why, "You can only change notes you wrote");
    assert_int_equal(case_note_edit(db, &DO, case_id, first + 1000, "x", &why), CW_NOT_FOUND);
    /* one's own */
    assert_int_equal(case_note_edit(db, &DO, case_id, first, "Called the headteacher and the chair", &why), CW_OK);
    CaseNote n;
    assert_int_equal(case_note_get(db, case_id, first, &n), 1);
    assert_string_equal(n.body, "Called the headteacher and the chair");
    assert_non_null(n.edited_at);
    case_note_free(&n);

    AuditList al;
    case_audit(db, case_id, &al);
    assert_string_equal(al.rows[0].action, "case.note.edit");
    assert_string_equal(al.rows[0].actor, DO.label);
    assert_non_null(strstr(al.rows[0].changes, "\"before\":\"Called the headteacher\","
                                               "\"after\":\"Called the headteacher and the chair\""));
    assert_string_equal(al.rows[1].action, "case.note.add");
    audit_list_free(&al);

    /* notes are never deleted */
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db_handle(db), "DELETE FROM case_notes", NULL, NULL, &msg), SQLITE_OK);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "notes cannot be deleted"));
    sqlite3_free(msg);
    assert_int_equal(scalar1(db, "SELECT count(*) FROM case_notes WHERE case_id = ?", case_id), 2);
}

static void contacts_added_changed_removed_and_audited(void **state)
{
    Db *db = *state;
    int64_t case_id = open_case(db, MAINTAINED_URN, "Maintained Primary");
    const char *why = NULL;
    int64_t id = 0;
    ContactFields bad = {.organisation_kind = "parents", .name = "A", .role = "B"};
    assert_int_equal(case_contact_add(db, &DO, case_id, &bad, &id, &why), CW_REFUSED);
    ContactFields noname = {.organisation_kind = "school", .name = "", .role = "Headteacher"};
    assert_int_equal(case_contact_add(db, &DO, case_id, &noname, &id, &why), CW_REFUSED);
    assert_string_equal(why, "Enter the contact's name");

    ContactFields f = {.organisation_kind = "school", .organisation = "", .name = "Pat Head", .role = "Head",
                       .email = "pat@school.example", .phone = ""};
    assert_int_equal(case_contact_add(db, &DO, case_id, &f, &id, &why), CW_OK);
    int64_t rb = 0;
    ContactFields g = {.organisation_kind = "responsible body", .organisation = "Newcastle City Council",
                       .name = "Robin Officer", .role = "School improvement lead"};
    assert_int_equal(case_contact_add(db, &OTHER, case_id, &g, &rb, &why), CW_OK);

    CaseContact c;
    assert_int_equal(case_contact_get(db, case_id, id, &c), 1);
    assert_string_equal(c.name, "Pat Head");
    assert_null(c.organisation); /* blank is not kept */
    assert_null(c.phone);
    assert_string_equal(c.added_by, DO.label);
    case_contact_free(&c);

    /* a change records each field before and after */
    ContactFields changed = f;
    changed.role = "Headteacher";
    changed.phone = "0191 496 0000";
    assert_int_equal(case_contact_update(db, &DO, case_id, id, &changed, &why), CW_OK);
    AuditList al;
    case_audit(db, case_id, &al);
    assert_string_equal(al.rows[0].action, "case.contact.update");
    assert_string_equal(al.rows[0].object_type, "case");
    assert_non_null(strstr(al.rows[0].changes, "\"field\":\"role\",\"before\":\"Head\",\"after\":\"Headteacher\""));
    assert_non_null(strstr(al.rows[0].changes, "\"field\":\"phone\",\"before\":null,\"after\":\"0191 496 0000\""));
    assert_null(strstr(al.rows[0].changes, "\"field\":\"email\"")); /* unchanged, not listed */
    assert_string_equal(al.rows[1].action, "case.contact.add");
    assert_string_equal(al.rows[1].actor, OTHER.label);
    size_t before = al.n;
    audit_list_free(&al);
    /* saving without a change records nothing */
    assert_int_equal(case_contact_update(db, &DO, case_id, id, &changed, &why), CW_OK);
    case_audit(db, case_id, &al);
    assert_int_equal(al.n, before);
    audit_list_free(&al);

    /* removing needs a reason, keeps the row, and hides it */
    assert_int_equal(case_contact_remove(db, &DO, case_id, id, "", &why), CW_REFUSED);
    assert_int_equal(case_contact_remove(db, &DO, case_id, id, "Has left the school", &why), CW_OK);
    assert_int_equal(case_contact_get(db, case_id, id, &c), 0);
    assert_int_equal(case_contact_remove(db, &DO, case_id, id, "again", &why), CW_NOT_FOUND);
    assert_int_equal(case_contact_update(db, &DO, case_id, id, &changed, &why), CW_NOT_FOUND);
    assert_int_equal(scalar1(db, "SELECT count(*) FROM case_contacts WHERE id = ? AND removed_at IS NOT NULL", id), 1);
    CaseContactList l;
    assert_int_equal(case_contacts(db, case_id, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].id, rb);
    case_contact_list_free(&l);
    case_audit(db, case_id, &al);
    assert_string_equal(al.rows[0].action, "case.contact.remove");
    assert_string_equal(al.rows[0].reason, "Has left the school");
    assert_non_null(strstr(al.rows[0].changes, "\"field\":\"contact\",\"before\":\"Pat Head\",\"after\":null"));
    audit_list_free(&al);
}

/* A paused case's concerns wait; its notes and contacts do not (issue 10
   item 15: "Paused and stopped cases refuse notes and contacts. People
   still log calls then."). */
static void paused_case_refuses_concerns_keeps_notes_and_contacts(void **state)
{
    Db *db = *state;
    int64_t case_id = open_case(db, MAINTAINED_URN, "Maintained Primary");
    const char *why = NULL;
    int64_t concern = 0, note = 0, contact = 0;
    assert_int_equal(case_concern_raise(db, &DO, case_id, "Declined", "d", "2025-01-10", &concern, &why), CW_OK);
    assert_int_equal(case_note_add(db, &DO, case_id, "A note", &note, &why), CW_OK);
    ContactFields f = {.organisation_kind = "diocese", .name = "Sam Diocese", .role = "Director of education"};
    assert_int_equal(case_contact_add(db, &DO, case_id, &f, &contact, &why), CW_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE cases SET status = 'paused' WHERE id = %lld", (long long)case_id);
    exec(db, sql);
    int64_t audits = scalar1(db, "SELECT count(*) FROM audit WHERE ? > 0", 1);
    const char *paused = casework_case_editable("paused");
    int64_t id = 0;

    why = NULL;
    assert_int_equal(case_concern_raise(db, &DO, case_id, "Another", "d", "2025-01-11", &id, &why), CW_REFUSED);
    assert_string_equal(why, paused);
    Escalation e = {.on = "2025-01-20", .steps_taken = "s", .primary_reason = "Other", .reason = "r"};
    why = NULL;
    assert_int_equal(case_concern_escalate(db, &DO, case_id, concern, &e, &why), CW_REFUSED);
    assert_string_equal(why, paused);
    why = NULL;
    assert_int_equal(case_concern_resolve(db, &DO, case_id, concern, "2025-01-21", "r", &why), CW_REFUSED);
    assert_string_equal(why, paused);
    /* nothing was written for the concern */
    assert_int_equal(scalar1(db, "SELECT count(*) FROM audit WHERE ? > 0", 1), audits);
    assert_int_equal(scalar1(db, "SELECT count(*) FROM case_concerns WHERE case_id = ?", case_id), 1);
    assert_string_equal(text1(db, "SELECT status FROM case_concerns WHERE id = ?", concern), "open");

    /* notes and contacts are kept, each audited */
    assert_int_equal(case_note_add(db, &DO, case_id, "Rang the head while paused", &id, &why), CW_OK);
    assert_int_equal(case_note_edit(db, &DO, case_id, note, "Changed", &why), CW_OK);
    ContactFields g = {.organisation_kind = "school", .name = "Alex Head", .role = "Headteacher"};
    assert_int_equal(case_contact_add(db, &DO, case_id, &g, &id, &why), CW_OK);
    f.role = "Deputy director of education";
    assert_int_equal(case_contact_update(db, &DO, case_id, contact, &f, &why), CW_OK);
    assert_int_equal(case_contact_remove(db, &DO, case_id, contact, "Left", &why), CW_OK);
    assert_int_equal(scalar1(db, "SELECT count(*) FROM audit WHERE ? > 0", 1), audits + 5);
    assert_int_equal(scalar1(db, "SELECT count(*) FROM case_notes WHERE case_id = ?", case_id), 2);
    assert_int_equal(scalar1(db, "SELECT count(*) FROM case_contacts WHERE case_id = ? AND removed_at IS NULL",
                             case_id),
                     1);
}

/* The due date of a case's task, "" when none. */
static const char *due_on(Db *db, int64_t case_id, const char *code)
{
    static char out[16];
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT due_on FROM case_tasks WHERE case_id = ? AND code = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    out[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static void school_holiday_moves_due_dates(void **state)
{
    Db *db = *state;
    /* The programmes' open tasks count working days; the one counted in
       school days (an NLE contacting the school) is a later step. Count
       "contact the responsible body" in school days for this test. */
    exec(db, "UPDATE task_templates SET due_unit = 'school' WHERE programme = 'si-2019-20' AND code = 'contact-rb'");
    int64_t case_id = open_case(db, MAINTAINED_URN, "Maintained Primary");
    char before[16];
    snprintf(before, sizeof before, "%s", due_on(db, case_id, "contact-rb"));
    assert_int_equal(strlen(before), 10);

    /* a holiday over the whole of the next three weeks from the day the case opened */
    char opened[11];
    snprintf(opened, sizeof opened, "%s", text1(db, "SELECT substr(opened_at, 1, 10) FROM cases WHERE id = ?", case_id));
    Date from = date_parse(opened, NULL);
    assert_int_not_equal(from, DATE_NONE);
    char first[11], last[11];
    date_iso(from + 1, first);
    date_iso(from + 21, last);
    int64_t hid = 0;
    assert_int_equal(school_holiday_add(db, &DO, "Test half term", first, last, &hid), CW_OK);
    assert_true(hid > 0);
    const char *after = due_on(db, case_id, "contact-rb");
    assert_true(strcmp(after, before) > 0);
    assert_true(strcmp(after, last) > 0); /* no school day inside the holiday counts */
    /* the other tasks, in working days, stay */
    char diocese_due[16];
    snprintf(diocese_due, sizeof diocese_due, "%s", due_on(db, case_id, "contact-diocese"));

    /* invalid holidays are refused */
    assert_int_equal(school_holiday_add(db, &DO, "Backwards", last, first, NULL), CW_REFUSED);
    assert_int_equal(school_holiday_add(db, &DO, "", first, last, NULL), CW_REFUSED);

    /* listed in date order, and as a calendar */
    int64_t early = 0;
    assert_int_equal(school_holiday_add(db, &DO, "Earlier", "2020-02-17", "2020-02-21", &early), CW_OK);
    SchoolHolidayList l;
    assert_int_equal(school_holidays_list(db, &l), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].name, "Earlier");
    assert_string_equal(l.items[1].name, "Test half term");
    assert_string_equal(l.items[1].added_by, DO.label);
    school_holiday_list_free(&l);
    Calendar cal;
    assert_int_equal(school_holidays_calendar(db, &cal), 0);
    assert_int_equal(cal.n, 2);
    assert_int_equal(cal.school_holidays[0].from, date_from_ymd(2020, 2, 17));
    assert_int_equal(cal.school_holidays[0].to, date_from_ymd(2020, 2, 21));
    assert_int_equal(cal.school_holidays[1].from, from + 1);
    free((void *)cal.school_holidays);

    /* audited as school holidays */
    char hidtext[24];
    snprintf(hidtext, sizeof hidtext, "%lld", (long long)hid);
    AuditList al;
    assert_int_equal(audit_for_object(db, "school-holiday", hidtext, 10, &al), 0);
    assert_int_equal(al.n, 1);
    assert_string_equal(al.rows[0].action, "school-holiday.add");
    audit_list_free(&al);

    /* removing it moves the date back */
    assert_int_equal(school_holiday_remove(db, &DO, hid), CW_OK);
    assert_string_equal(due_on(db, case_id, "contact-rb"), before);
    assert_string_equal(due_on(db, case_id, "contact-diocese"), diocese_due);
    assert_int_equal(school_holiday_remove(db, &DO, hid), CW_NOT_FOUND);
    assert_int_equal(audit_for_object(db, "school-holiday", hidtext, 10, &al), 0);
    assert_int_equal(al.n, 2);
    assert_string_equal(al.rows[0].action, "school-holiday.remove");
    assert_non_null(strstr(al.rows[0].changes, "\"field\":\"name\",\"before\":\"Test half term\",\"after\":null"));
    audit_list_free(&al);

    /* the audit chain is intact after all of it */
    int64_t checked = 0, bad = 0;
    char msg[200];
    assert_int_equal(audit_verify(db, &checked, &bad, msg, sizeof msg), 0);
}

int main(void)
{
    log_set_quiet(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(concern_raise_escalate_resolve, setup, teardown),
        cmocka_unit_test_setup_teardown(ieb_only_for_a_maintained_school, setup, teardown),
        cmocka_unit_test_setup_teardown(notes_changed_only_by_their_author, setup, teardown),
        cmocka_unit_test_setup_teardown(contacts_added_changed_removed_and_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(paused_case_refuses_concerns_keeps_notes_and_contacts, setup, teardown),
        cmocka_unit_test_setup_teardown(school_holiday_moves_due_dates, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
