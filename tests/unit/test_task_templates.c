/*
 * test_task_templates.c - each programme's tasks as data: exporting and
 * loading the same file changes nothing but the audit trail; a new
 * programme year loads; every rule of a tasks file refuses a broken one
 * with a message naming the item and the field, and writes nothing; a new
 * timeframe moves an open case's due date; a task a case has recorded
 * cannot be removed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "domain/casework.h"
#include "store/cases.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/task_templates.h"
#include "store/users.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];
static int64_t do_id;
static const Actor CLI = {0, "command line", NULL};

static int64_t scalar(Db *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* One text value of a query (a fresh copy; "" for none). */
static char *text(Db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v ? v : strdup("");
}

/* Every row of task_templates, as one string to compare. */
static char *snapshot(Db *db)
{
    return text(db, "SELECT group_concat(programme || '|' || code || '|' || position || '|' || stage || '|' || title"
                    " || '|' || quote(hint) || '|' || role || '|' || kind || '|' || fields || '|' || quote(after)"
                    " || '|' || quote(when_rule) || '|' || quote(due_days) || '|' || quote(due_unit) || '|'"
                    " || quote(timeframe) || '|' || later, char(10)) FROM (SELECT * FROM task_templates"
                    " ORDER BY programme, position)");
}

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-task-templates-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    UserFields a = {"do@example.gov.uk", "Dana Officer", "delivery-officer", "North East", NULL, NULL};
    if (user_create(db, &CLI, &a, "x", NULL, &do_id))
        return -1;
    if (db_exec(db, "INSERT INTO schools (urn, name, type_group, region, la_name, diocese_name, status) VALUES"
                    " (100001, 'St Example Primary', 'Local authority maintained schools', 'North East',"
                    " 'Durham', 'Diocese of Durham', 'Open')") != 0)
        return -1;
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    unlink(path);
    char p[300];
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

/* The export of one programme (NULL: all), parsed. */
static json_t *exported(Db *db, const char *programme)
{
    char *s = NULL;
    assert_true(task_templates_export(db, programme, &s) > 0);
    json_error_t e;
    json_t *a = json_loads(s, 0, &e);
    free(s);
    assert_non_null(a);
    assert_true(json_is_array(a));
    return a;
}

static json_t *item(json_t *a, const char *code)
{
    size_t i;
    json_t *o;
    json_array_foreach(a, i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "code")), code) == 0)
            return o;
    }
    fail_msg("no task %s in the export", code);
    return NULL;
}

static json_t *field(json_t *task, const char *name)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(task, "fields"), i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "name")), name) == 0)
            return f;
    }
    fail_msg("no field %s", name);
    return NULL;
}

static void remove_field(json_t *task, const char *name)
{
    json_t *fields = json_object_get(task, "fields");
    for (size_t i = 0; i < json_array_size(fields); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(fields, i), "name")), name) == 0) {
            json_array_remove(fields, i);
            return;
        }
    fail_msg("no field %s", name);
}

static int load(Db *db, json_t *a, char *err, size_t errlen)
{
    char *s = json_dumps(a, JSON_INDENT(2));
    int rc = task_templates_load(db, &CLI, s, err, errlen);
    free(s);
    return rc;
}

/* Loading a (takes it) is refused with a message containing want, and no
   row of task_templates or the audit trail changes. */
static void refused_json(Db *db, json_t *a, const char *want)
{
    char *before = snapshot(db);
    int64_t audits = scalar(db, "SELECT count(*) FROM audit");
    char err[1024] = "";
    int rc = load(db, a, err, sizeof err);
    json_decref(a);
    if (rc != -1 || !strstr(err, want))
        fail_msg("wanted a refusal containing\n  %s\ngot %d:\n  %s", want, rc, err);
    char *after = snapshot(db);
    assert_string_equal(before, after);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit"), audits);
    free(before);
    free(after);
}

static void refused_text(Db *db, const char *json, const char *want)
{
    char err[1024] = "";
    assert_int_equal(task_templates_load(db, &CLI, json, err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("wanted a refusal containing\n  %s\ngot:\n  %s", want, err);
}

static void set_str(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, v ? json_string(v) : json_null());
}

static void set_int(json_t *o, const char *key, int v)
{
    json_object_set_new(o, key, json_integer(v));
}

/* ------------------------------------------------------------------ tests */

static void export_then_load_changes_nothing_but_the_audit(void **state)
{
    Db *db = *state;
    char *before = snapshot(db);
    int64_t audits = scalar(db, "SELECT count(*) FROM audit");
    char *s = NULL;
    int n = task_templates_export(db, NULL, &s);
    assert_int_equal(n, scalar(db, "SELECT count(*) FROM task_templates"));
    /* keys in a stable order, fields as an array */
    assert_non_null(strstr(s, "\"programme\": \"rise\",\n    \"code\": \"identify\",\n    \"position\": 1,"));
    assert_non_null(strstr(s, "\"fields\": [\n      {\n        \"name\": \"on\""));
    assert_non_null(strstr(s, "\"due_days\": null"));

    char err[512] = "";
    TaskTemplatesLoaded done;
    assert_int_equal(task_templates_load_report(db, &CLI, s, &done, err, sizeof err), 0);
    free(s);
    assert_int_equal(done.tasks, (size_t)n);
    assert_int_equal(done.programmes, 3);
    assert_string_equal(done.names, "rise, si-2019-20, tsio-2022-23");

    char *after = snapshot(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* one audit row per programme, with only the count in it */
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit"), audits + 3);
    char *changes = text(db, "SELECT changes FROM audit WHERE action = 'programme.tasks' AND object_type ="
                             " 'programme' AND object_id = 'rise' ORDER BY id DESC LIMIT 1");
    assert_string_equal(changes, "[{\"field\":\"tasks\",\"before\":\"26\",\"after\":\"26\"}]");
    free(changes);

    /* one programme alone */
    json_t *rise = exported(db, "rise");
    assert_int_equal(json_array_size(rise), 26);
    json_decref(rise);
    s = NULL;
    assert_int_equal(task_templates_export(db, "no-such-programme", &s), 0);
    assert_string_equal(s, "[]");
    free(s);
}

static void a_new_programme_year_loads(void **state)
{
    Db *db = *state;
    json_t *a = exported(db, "rise");
    size_t i;
    json_t *o;
    json_array_foreach(a, i, o)
    {
        set_str(o, "programme", "rise-2026-27");
    }
    json_t *rb = item(a, "contact-rb");
    set_int(rb, "due_days", 15);
    set_str(rb, "timeframe", "Within 15 working days of the case opening");
    /* a boolean "required" is accepted and stored as the number the pages read */
    json_object_set_new(field(rb, "on"), "required", json_true());
    char err[512] = "";
    assert_int_equal(load(db, a, err, sizeof err), 0);
    json_decref(a);
    assert_int_equal(scalar(db, "SELECT count(*) FROM task_templates WHERE programme = 'rise-2026-27'"), 26);
    assert_int_equal(scalar(db, "SELECT due_days FROM task_templates WHERE programme = 'rise-2026-27'"
                                " AND code = 'contact-rb'"),
                     15);
    assert_int_equal(scalar(db, "SELECT due_days FROM task_templates WHERE programme = 'rise'"
                                " AND code = 'contact-rb'"),
                     10);
    assert_int_equal(scalar(db, "SELECT instr(fields, '\"required\":1') > 0 FROM task_templates"
                                " WHERE programme = 'rise-2026-27' AND code = 'contact-rb'"),
                     1);
    char *changes = text(db, "SELECT changes FROM audit WHERE action = 'programme.tasks'"
                             " AND object_id = 'rise-2026-27'");
    assert_non_null(strstr(changes, "{\"field\":\"tasks\",\"before\":\"0\",\"after\":\"26\"}"));
    assert_non_null(strstr(changes, "{\"field\":\"contact-rb\",\"before\":null,\"after\":\"Contact the responsible body\"}"));
    free(changes);

    /* loading it again with one change records just that change */
    a = exported(db, "rise-2026-27");
    set_str(item(a, "contact-school"), "timeframe", "Within a week of contacting the responsible body");
    assert_int_equal(load(db, a, err, sizeof err), 0);
    json_decref(a);
    changes = text(db, "SELECT changes FROM audit WHERE action = 'programme.tasks' AND object_id = 'rise-2026-27'"
                       " ORDER BY id DESC LIMIT 1");
    assert_string_equal(changes, "[{\"field\":\"tasks\",\"before\":\"26\",\"after\":\"26\"},"
                                 "{\"field\":\"contact-school timeframe\",\"before\":\"Within 5 working days of"
                                 " contacting the responsible body\",\"after\":\"Within a week of contacting the"
                                 " responsible body\"}]");
    free(changes);
}

static void each_rule_refuses_a_broken_file(void **state)
{
    Db *db = *state;
    json_t *a;

    /* the file as a whole */
    refused_text(db, "[{\"programme\": \"rise\",", "the file is not valid JSON");
    refused_text(db, "{\"programme\": \"rise\"}", "must be a JSON array of tasks");
    refused_text(db, "[]", "the file has no tasks");
    refused_text(db, "[1]", "item 1: must be an object");

    /* after: a task of the same programme, earlier in order */
    a = exported(db, "rise");
    set_str(item(a, "contact-school"), "after", "contact-xx");
    refused_json(db, a, "item 4 (rise/contact-school): after names \"contact-xx\", which is not a task of rise");
    a = exported(db, "rise");
    set_str(item(a, "contact-rb"), "after", "school-response");
    refused_json(db, a, "item 2 (rise/contact-rb): after names \"school-response\" (position 5), which does not"
                        " come before this task");
    a = exported(db, "rise");
    set_str(item(a, "contact-rb"), "after", "contact-rb");
    refused_json(db, a, "which does not come before this task");
    a = exported(db, "rise");
    set_str(item(a, "contact-school"), "after", "contact-rb, identify");
    refused_json(db, a, "item 4 (rise/contact-school): after \"contact-rb, identify\" must be the codes");

    /* programme and code */
    a = exported(db, "rise");
    set_str(item(a, "identify"), "programme", "RISE 2026");
    refused_json(db, a, "item 1 (RISE 2026/identify): programme \"RISE 2026\" may contain only lower-case letters,"
                        " digits and hyphens");
    a = exported(db, "rise");
    set_str(item(a, "contact-diocese"), "code", "Tell_Diocese");
    refused_json(db, a, "item 3 (rise/Tell_Diocese): code \"Tell_Diocese\" may contain only lower-case letters");
    a = exported(db, "rise");
    json_object_del(item(a, "contact-diocese"), "code");
    refused_json(db, a, "item 3 (rise/?): code is missing");
    a = exported(db, "rise");
    set_str(item(a, "contact-diocese"), "code", "contact-rb");
    refused_json(db, a, "item 3 (rise/contact-rb): code \"contact-rb\" is also used by item 2 of rise");

    /* position */
    a = exported(db, "rise");
    set_int(item(a, "contact-diocese"), "position", 2);
    refused_json(db, a, "item 3 (rise/contact-diocese): position 2 is also used by item 2 (contact-rb) of rise");
    a = exported(db, "rise");
    set_int(item(a, "contact-diocese"), "position", 0);
    refused_json(db, a, "item 3 (rise/contact-diocese): position must be a whole number from 1");
    a = exported(db, "rise");
    json_object_set_new(item(a, "contact-diocese"), "position", json_string("3"));
    refused_json(db, a, "position must be a whole number");

    /* stage, title, role, kind, unknown keys */
    a = exported(db, "rise");
    set_str(item(a, "plan"), "title", "   ");
    refused_json(db, a, "item 19 (rise/plan): title must not be empty");
    a = exported(db, "rise");
    json_object_del(item(a, "plan"), "stage");
    refused_json(db, a, "item 19 (rise/plan): stage is missing");
    a = exported(db, "rise");
    set_str(item(a, "plan"), "role", "inspector");
    refused_json(db, a, "item 19 (rise/plan): role \"inspector\" is not a role: use one of delivery-officer,");
    a = exported(db, "rise");
    set_str(item(a, "contact-rb"), "kind", "meeting");
    refused_json(db, a, "item 2 (rise/contact-rb): kind must be identify, record, response, conflict, allocate,"
                        " propose, provider-confirm, school-confirm, due-diligence, appoint, diagnosis, plan, plan-sign, plan-review,"
                        " plan-approve, grant, monitoring, closure or later");
    a = exported(db, "rise");
    set_int(item(a, "contact-rb"), "due_day", 12);
    refused_json(db, a, "item 2 (rise/contact-rb): unknown field \"due_day\"");

    /* fields */
    a = exported(db, "rise");
    json_object_set_new(item(a, "contact-rb"), "fields", json_string("[]"));
    refused_json(db, a, "item 2 (rise/contact-rb): fields must be an array");
    a = exported(db, "rise");
    set_str(field(item(a, "contact-rb"), "who"), "name", "Who");
    refused_json(db, a, "item 2 (rise/contact-rb): fields: field 2 needs a name of lower-case letters and"
                        " underscores");
    a = exported(db, "rise");
    set_str(field(item(a, "contact-rb"), "who"), "name", "plans");
    refused_json(db, a, "fields: the name \"plans\" is used by fields 2 and 4");
    a = exported(db, "rise");
    set_str(field(item(a, "contact-rb"), "who"), "label", "");
    refused_json(db, a, "fields: field \"who\" needs a label");
    a = exported(db, "rise");
    set_str(field(item(a, "contact-rb"), "who"), "type", "number");
    refused_json(db, a, "fields: field \"who\"'s type must be date, text, textarea, choice or adviser");
    a = exported(db, "rise");
    set_str(field(item(a, "contact-rb"), "who"), "required", "yes");
    refused_json(db, a, "fields: field \"who\"'s required must be 0, 1, true or false");
    a = exported(db, "rise");
    json_array_remove(json_object_get(field(item(a, "school-response"), "outcome"), "options"), 1);
    refused_json(db, a, "item 5 (rise/school-response): fields: choice field \"outcome\" needs options: at least 2");
    a = exported(db, "rise");
    json_array_set_new(json_object_get(field(item(a, "school-response"), "outcome"), "options"), 1,
                       json_pack("[s]", "declined"));
    refused_json(db, a, "choice field \"outcome\"'s option 2 must be a [value, text] pair");
    a = exported(db, "rise");
    json_object_set_new(field(item(a, "contact-rb"), "who"), "options", json_array());
    refused_json(db, a, "fields: field \"who\" has options, but only a choice field has them");

    /* what each kind needs */
    a = exported(db, "rise");
    remove_field(item(a, "contact-rb"), "on");
    refused_json(db, a, "item 2 (rise/contact-rb): fields: a record task needs a date field named \"on\"");
    a = exported(db, "rise");
    set_str(field(item(a, "contact-rb"), "on"), "type", "text");
    refused_json(db, a, "a record task needs a date field named \"on\"");
    a = exported(db, "rise");
    json_array_set_new(json_object_get(field(item(a, "school-response"), "outcome"), "options"), 1,
                       json_pack("[ss]", "refused", "Refused support"));
    refused_json(db, a, "item 5 (rise/school-response): fields: a response task needs a choice field named"
                        " \"outcome\" with the values accepted and declined");
    a = exported(db, "rise");
    remove_field(item(a, "conflict-check"), "adviser");
    refused_json(db, a, "item 6 (rise/conflict-check): fields: a conflict task needs an adviser field named"
                        " \"adviser\"");
    a = exported(db, "rise");
    remove_field(item(a, "conflict-check"), "conflict");
    refused_json(db, a, "a conflict task needs a choice field named \"conflict\" with the values no and yes");
    a = exported(db, "rise");
    set_str(field(item(a, "allocate-adviser"), "adviser"), "type", "text");
    refused_json(db, a, "item 7 (rise/allocate-adviser): fields: an allocate task needs an adviser field named"
                        " \"adviser\"");
    a = exported(db, "rise");
    set_str(item(a, "conflict-check"), "code", "coi-check");
    set_str(item(a, "allocate-adviser"), "after", "coi-check");
    refused_json(db, a, "item 7 (rise/allocate-adviser): an allocate task needs a conflict task coded"
                        " \"conflict-check\"");

    /* when it applies, timeframe, later */
    a = exported(db, "rise");
    set_str(item(a, "contact-school"), "when_rule", "trust");
    refused_json(db, a, "item 4 (rise/contact-school): when_rule must be null");
    a = exported(db, "rise");
    set_str(item(a, "contact-school"), "when_rule", "ofsted");
    refused_json(db, a, "or \"inspection\" (an inspection was published after the case opened");
    a = exported(db, "rise");
    set_int(item(a, "contact-rb"), "due_days", 0);
    refused_json(db, a, "item 2 (rise/contact-rb): due_days must be null or a whole number from 1 to 400");
    a = exported(db, "rise");
    set_int(item(a, "contact-rb"), "due_days", 401);
    refused_json(db, a, "due_days must be null or a whole number from 1 to 400");
    a = exported(db, "rise");
    set_str(item(a, "contact-rb"), "due_unit", NULL);
    refused_json(db, a, "item 2 (rise/contact-rb): due_unit is missing");
    a = exported(db, "rise");
    set_str(item(a, "contact-rb"), "due_unit", "calendar");
    refused_json(db, a, "due_unit must be null, \"working\" or \"school\"");
    a = exported(db, "rise");
    set_str(item(a, "monitoring"), "due_unit", "working");
    refused_json(db, a, "item 24 (rise/monitoring): due_unit is set but due_days is null: give both or neither");
    a = exported(db, "rise");
    set_int(item(a, "contact-rb"), "later", 1);
    refused_json(db, a, "item 2 (rise/contact-rb): later is 1, so kind must be \"later\"");
    a = exported(db, "rise");
    set_str(item(a, "monitoring"), "kind", "later");
    refused_json(db, a, "item 24 (rise/monitoring): kind is \"later\", so later must be 1");
    a = exported(db, "rise");
    set_int(item(a, "monitoring"), "later", 2);
    refused_json(db, a, "item 24 (rise/monitoring): later must be 0 or 1");

    /* exactly one identify task, first */
    a = exported(db, "rise");
    set_str(item(a, "contact-rb"), "kind", "identify");
    refused_json(db, a, "item 2 (rise/contact-rb): rise already has an identify task (item 1)");
    a = exported(db, "rise");
    set_int(item(a, "identify"), "position", 40);
    refused_json(db, a, "item 1 (rise/identify): the identify task must have the lowest position in rise, but item"
                        " 2 (contact-rb) has position 2");
    a = exported(db, "rise");
    json_array_remove(a, 0);
    set_str(item(a, "conflict-check"), "after", "school-response");
    refused_json(db, a, "rise has no task of kind identify");
    a = exported(db, "rise");
    set_str(item(a, "identify"), "code", "categorise");
    set_str(item(a, "conflict-check"), "after", "categorise,school-response");
    refused_json(db, a, "item 1 (rise/categorise): the identify task's code must be \"identify\"");

    /* one bad item refuses the whole file, other programmes included */
    a = exported(db, NULL);
    set_str(item(a, "refer-rdp"), "role", "nobody");
    refused_json(db, a, "(tsio-2022-23/refer-rdp): role \"nobody\" is not a role");
}

static int64_t open_rise_case(Db *db)
{
    Actor officer = {do_id, "Dana Officer <do@example.gov.uk>", NULL};
    Subject s = {"rise", "school", 100001, "St Example Primary", "North East", "Durham"};
    Decision d = {.decision = "open-case", .route = "screening", .suggested = "targeted", .rule = "stuck",
                  .category = "targeted", .reason = "Stuck school", .as_at = "2026-11-23"};
    int64_t id = 0;
    assert_int_equal(screening_decide(db, &officer, &s, &d, &id), CASE_OK);
    return id;
}

static char *task_due(Db *db, int64_t case_id, const char *code)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT due_on FROM case_tasks WHERE case_id = %lld AND code = '%s'",
             (long long)case_id, code);
    return text(db, sql);
}

/* n working days after the case opened, as the rules count them */
static void expected_due(Db *db, int64_t case_id, int n, char out[11])
{
    char sql[120];
    snprintf(sql, sizeof sql, "SELECT substr(opened_at, 1, 10) FROM cases WHERE id = %lld", (long long)case_id);
    char *opened = text(db, sql);
    Calendar cal = {0};
    Date due = casework_due(date_parse(opened, NULL), n, 0, &cal, NULL, 0);
    free(opened);
    date_iso(due, out);
}

static void a_new_timeframe_moves_an_open_cases_due_date(void **state)
{
    Db *db = *state;
    int64_t id = open_rise_case(db);
    char want[11];
    char *due = task_due(db, id, "contact-rb");
    expected_due(db, id, 10, want);
    assert_string_equal(due, want);
    free(due);

    json_t *a = exported(db, "rise");
    set_int(item(a, "contact-rb"), "due_days", 12);
    /* and a new task: open cases get it too */
    json_t *extra = json_deep_copy(item(a, "contact-diocese"));
    set_str(extra, "code", "welcome-pack");
    set_str(extra, "title", "Send the welcome pack");
    set_int(extra, "position", 27);
    set_str(extra, "when_rule", NULL);
    set_str(extra, "after", "contact-rb");
    json_array_append_new(a, extra);
    char *s = json_dumps(a, 0);
    json_decref(a);
    char err[512] = "";
    TaskTemplatesLoaded done;
    assert_int_equal(task_templates_load_report(db, &CLI, s, &done, err, sizeof err), 0);
    free(s);
    assert_int_equal(done.open_cases, 1);
    assert_int_equal(done.tasks, 27);

    due = task_due(db, id, "contact-rb");
    expected_due(db, id, 12, want);
    assert_string_equal(due, want);
    free(due);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM case_tasks WHERE case_id = %lld AND code = 'welcome-pack'"
                              " AND status = 'cannot start yet'",
             (long long)id);
    assert_int_equal(scalar(db, sql), 1);
    /* the case's next due date is the diocese's, still 10 working days */
    snprintf(sql, sizeof sql, "SELECT next_due FROM cases WHERE id = %lld", (long long)id);
    char *next = text(db, sql);
    expected_due(db, id, 10, want);
    assert_string_equal(next, want);
    free(next);
}

static void a_task_a_case_has_recorded_cannot_be_removed(void **state)
{
    Db *db = *state;
    int64_t id = scalar(db, "SELECT max(id) FROM cases WHERE programme = 'rise'");
    assert_true(id > 0);
    Actor officer = {do_id, "Dana Officer <do@example.gov.uk>", NULL};
    const char *why = NULL;
    TaskSave t = {.code = "contact-rb", .data = "{\"on\":\"2026-11-24\"}", .done_on = "2026-11-24", .complete = 1,
                  .reason = "recorded"};
    assert_int_equal(case_task_save(db, &officer, id, &t, &why), CW_OK);

    /* the file leaves contact-rb out */
    json_t *a = exported(db, "rise");
    for (size_t i = 0; i < json_array_size(a); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(a, i), "code")), "contact-rb") == 0)
            json_array_remove(a, i);
    set_str(item(a, "contact-school"), "after", NULL);
    set_str(item(a, "school-response"), "after", "contact-school");
    set_str(item(a, "welcome-pack"), "after", "contact-school");
    refused_json(db, a, "rise/contact-rb is not in the file, but 1 case has recorded it (in progress, completed or"
                        " marked not needed): remove it only when no case has recorded it");

    /* nor become a later step */
    a = exported(db, "rise");
    set_int(item(a, "contact-rb"), "later", 1);
    set_str(item(a, "contact-rb"), "kind", "later");
    refused_json(db, a, "item 2 (rise/contact-rb): later is 1, but 1 case has recorded this task");

    /* a task no case has recorded goes, with its untouched case rows */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM case_tasks WHERE case_id = %lld AND code = 'welcome-pack'",
             (long long)id);
    assert_int_equal(scalar(db, sql), 1);
    a = exported(db, "rise");
    for (size_t i = 0; i < json_array_size(a); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(a, i), "code")), "welcome-pack") == 0)
            json_array_remove(a, i);
    char err[512] = "";
    assert_int_equal(load(db, a, err, sizeof err), 0);
    json_decref(a);
    assert_int_equal(scalar(db, sql), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM task_templates WHERE programme = 'rise'"), 26);
    char *changes = text(db, "SELECT changes FROM audit WHERE action = 'programme.tasks' AND object_id = 'rise'"
                             " ORDER BY id DESC LIMIT 1");
    assert_non_null(strstr(changes, "{\"field\":\"tasks\",\"before\":\"27\",\"after\":\"26\"}"));
    assert_non_null(strstr(changes, "{\"field\":\"welcome-pack\",\"before\":\"Send the welcome pack\",\"after\":null}"));
    free(changes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(export_then_load_changes_nothing_but_the_audit),
        cmocka_unit_test(a_new_programme_year_loads),
        cmocka_unit_test(each_rule_refuses_a_broken_file),
        cmocka_unit_test(a_new_timeframe_moves_an_open_cases_due_date),
        cmocka_unit_test(a_task_a_case_has_recorded_cannot_be_removed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
