/*
 * task_templates.c - each programme's stages and tasks as data: export them
 * as JSON, and load an edited file after checking all of it (see the
 * header for the rules). Loading is one transaction: replace the rows of
 * each programme in the file, audit each programme, refresh open cases.
 */
#include "store/task_templates.h"

#include "core/buf.h"
#include "core/log.h"
#include "domain/access.h"
#include "store/casework.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TT_COLS                                                                                                   \
    "programme, code, position, stage, title, hint, role, kind, fields, after, when_rule, due_days, due_unit,"   \
    " timeframe, later"

/* Limits on what a file may hold (bytes of text are counted as characters). */
#define MAX_ITEMS 2000
#define MAX_SLUG 60
#define MAX_POSITION 10000
#define MAX_DUE_DAYS 400
#define MAX_STAGE 100
#define MAX_TITLE 200
#define MAX_HINT 1000
#define MAX_TIMEFRAME 300
#define MAX_LABEL 300
#define MAX_FIELDS 50

/* ------------------------------------------------------------------ reading */

static void read_row(sqlite3_stmt *st, ProgrammeTask *t)
{
    t->programme = db_col_dup(st, 0);
    t->code = db_col_dup(st, 1);
    t->position = sqlite3_column_int(st, 2);
    t->stage = db_col_dup(st, 3);
    t->title = db_col_dup(st, 4);
    t->hint = db_col_dup(st, 5);
    t->role = db_col_dup(st, 6);
    t->kind = db_col_dup(st, 7);
    t->fields = db_col_dup(st, 8);
    t->after = db_col_dup(st, 9);
    t->when_rule = db_col_dup(st, 10);
    t->due_days = sqlite3_column_type(st, 11) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 11);
    t->due_unit = db_col_dup(st, 12);
    t->timeframe = db_col_dup(st, 13);
    t->later = sqlite3_column_int(st, 14);
}

int task_templates_list(Db *db, const char *programme, ProgrammeTaskList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " TT_COLS " FROM task_templates WHERE ?1 IS NULL OR programme = ?1"
                                   " ORDER BY programme, position, code");
    if (!st)
        return -1;
    db_bind_text(st, 1, programme);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        read_row(st, xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("task templates: %s", sqlite3_errmsg(db_handle(db)));
        programme_task_list_free(out);
        return -1;
    }
    return 0;
}

void programme_task_list_free(ProgrammeTaskList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        ProgrammeTask *t = &l->items[i];
        char **s[] = {&t->programme, &t->code,  &t->stage,     &t->title,    &t->hint,     &t->role,
                      &t->kind,      &t->fields, &t->after,    &t->when_rule, &t->due_unit, &t->timeframe};
        for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
            free(*s[k]);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ------------------------------------------------------------------ export */

/* Sets key to s as a JSON string, or null; 0, or -1 (text not UTF-8). */
static int set_text(json_t *o, const char *key, const char *s)
{
    json_t *v = s ? json_string(s) : json_null();
    if (!v)
        return -1;
    return json_object_set_new(o, key, v);
}

int task_templates_export(Db *db, const char *programme, char **json_out)
{
    *json_out = NULL;
    ProgrammeTaskList l;
    if (task_templates_list(db, programme, &l) != 0)
        return -1;
    json_t *arr = json_array();
    int ok = 1;
    for (size_t i = 0; i < l.n && ok; i++) {
        const ProgrammeTask *t = &l.items[i];
        json_t *o = json_object();
        ok = set_text(o, "programme", t->programme) == 0 && set_text(o, "code", t->code) == 0 &&
             json_object_set_new(o, "position", json_integer(t->position)) == 0 &&
             set_text(o, "stage", t->stage) == 0 && set_text(o, "title", t->title) == 0 &&
             set_text(o, "hint", t->hint) == 0 && set_text(o, "role", t->role) == 0 &&
             set_text(o, "kind", t->kind) == 0;
        /* fields as JSON, not as the text the column holds; text that is not
           JSON is exported as it is, for the load to refuse and a person to fix */
        json_t *fields = t->fields ? json_loads(t->fields, 0, NULL) : json_array();
        if (ok && fields)
            ok = json_object_set_new(o, "fields", fields) == 0;
        else if (ok)
            ok = set_text(o, "fields", t->fields) == 0;
        ok = ok && set_text(o, "after", t->after) == 0 && set_text(o, "when_rule", t->when_rule) == 0 &&
             json_object_set_new(o, "due_days", t->due_days ? json_integer(t->due_days) : json_null()) == 0 &&
             set_text(o, "due_unit", t->due_unit) == 0 && set_text(o, "timeframe", t->timeframe) == 0 &&
             json_object_set_new(o, "later", json_integer(t->later)) == 0;
        json_array_append_new(arr, o);
    }
    int n = (int)l.n;
    programme_task_list_free(&l);
    if (!ok) {
        log_error("task templates: a stored task is not valid UTF-8");
        json_decref(arr);
        return -1;
    }
    char *s = json_dumps(arr, JSON_INDENT(2));
    json_decref(arr);
    if (!s)
        return -1;
    *json_out = xstrdup(s);
    free(s);
    return n;
}

/* -------------------------------------------------------------- validation */

typedef struct Item {
    int index; /* 1-based */
    const char *programme, *code, *stage, *title, *hint, *role, *kind, *after, *when_rule, *due_unit,
        *timeframe;
    int position, due_days, later;
    json_t *fields;    /* borrowed from the document */
    char *fields_text; /* compact, as stored */
} Item;

static void vmessage(char *err, size_t errlen, const Item *it, const char *fmt, va_list ap)
{
    char msg[600];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (it && (it->programme || it->code))
        snprintf(err, errlen, "item %d (%s/%s): %s", it->index, it->programme ? it->programme : "?",
                 it->code ? it->code : "?", msg);
    else if (it)
        snprintf(err, errlen, "item %d: %s", it->index, msg);
    else
        snprintf(err, errlen, "%s", msg);
}

/* Writes "item N (programme/code): <message>" to err; returns -1. */
static int fail(char *err, size_t errlen, const Item *it, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, const Item *it, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(err, errlen, it, fmt, ap);
    va_end(ap);
    return -1;
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static int is_slug(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static int is_field_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
            return 0;
    return 1;
}

static int one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

/* The value of key, NULL when absent or null. */
static json_t *get(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_null(v) ? NULL : v;
}

/* A 0/1 flag given as 0, 1, true or false: 0 or 1, or -1 when not one. */
static int flag_value(json_t *v)
{
    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1))
        return (int)json_integer_value(v);
    return -1;
}

static const char *const ITEM_KEYS[] = {"programme", "code",     "position", "stage",     "title",
                                        "hint",      "role",     "kind",     "fields",    "after",
                                        "when_rule", "due_days", "due_unit", "timeframe", "later",
                                        NULL};
static const char *const KINDS[] = {"identify",       "record",         "response",      "conflict",
                                    "allocate",       "later",          "propose",       "provider-confirm",
                                    "school-confirm", "due-diligence",  "appoint",       "diagnosis",
                                    "plan",           "plan-sign",      "plan-review",   "plan-approve",
                                    "grant",          "monitoring",     "closure",       NULL};
static const char *const FIELD_KEYS[] = {"name", "label", "type", "required", "hint", "options", NULL};
static const char *const FIELD_TYPES[] = {"date", "text", "textarea", "choice", "adviser", NULL};

/* A required slug (programme, code). */
static int check_slug(char *err, size_t errlen, const Item *it, json_t *o, const char *key, const char **out)
{
    json_t *v = get(o, key);
    if (!v)
        return fail(err, errlen, it, "%s is missing", key);
    if (!json_is_string(v))
        return fail(err, errlen, it, "%s must be text", key);
    const char *s = json_string_value(v);
    if (!is_slug(s))
        return fail(err, errlen, it, "%s \"%s\" may contain only lower-case letters, digits and hyphens", key, s);
    if (strlen(s) > MAX_SLUG)
        return fail(err, errlen, it, "%s must be %d characters or fewer", key, MAX_SLUG);
    *out = s;
    return 0;
}

/* Text: required (not blank) or optional (null), at most max characters. */
static int check_text(char *err, size_t errlen, const Item *it, json_t *o, const char *key, int required, size_t max,
                      const char **out)
{
    json_t *v = get(o, key);
    *out = NULL;
    if (!v) {
        if (required)
            return fail(err, errlen, it, "%s is missing", key);
        return 0;
    }
    if (!json_is_string(v))
        return fail(err, errlen, it, required ? "%s must be text" : "%s must be text or null", key);
    const char *s = json_string_value(v);
    if (required && blank(s))
        return fail(err, errlen, it, "%s must not be empty", key);
    if (chars(s) > max)
        return fail(err, errlen, it, "%s must be %zu characters or fewer", key, max);
    *out = s;
    return 0;
}

static json_t *field_named(json_t *fields, const char *name)
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

static int field_is(json_t *f, const char *type)
{
    const char *t = f ? json_string_value(json_object_get(f, "type")) : NULL;
    return t && strcmp(t, type) == 0;
}

/* A choice field whose option values are exactly a and b. */
static int choice_is(json_t *f, const char *a, const char *b)
{
    if (!field_is(f, "choice"))
        return 0;
    json_t *opts = json_object_get(f, "options");
    if (json_array_size(opts) != 2)
        return 0;
    const char *v0 = json_string_value(json_array_get(json_array_get(opts, 0), 0));
    const char *v1 = json_string_value(json_array_get(json_array_get(opts, 1), 0));
    return v0 && v1 && ((strcmp(v0, a) == 0 && strcmp(v1, b) == 0) || (strcmp(v0, b) == 0 && strcmp(v1, a) == 0));
}

/* The fields a task records: checks each, and makes "required" 0/1. */
static int check_fields(char *err, size_t errlen, const Item *it, json_t *fields)
{
    if (!json_is_array(fields))
        return fail(err, errlen, it, "fields must be an array of fields ([] for none)");
    if (json_array_size(fields) > MAX_FIELDS)
        return fail(err, errlen, it, "fields: a task can record at most %d fields", MAX_FIELDS);
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f)
    {
        int n = (int)i + 1;
        if (!json_is_object(f))
            return fail(err, errlen, it, "fields: field %d must be an object with name, label and type", n);
        const char *key;
        json_t *v;
        json_object_foreach(f, key, v)
        {
            if (!one_of(key, FIELD_KEYS))
                return fail(err, errlen, it,
                            "fields: field %d has an unknown key \"%s\" (the keys are name, label, type, required,"
                            " hint and options)",
                            n, key);
        }
        json_t *jn = get(f, "name");
        if (!json_is_string(jn) || !is_field_name(json_string_value(jn)))
            return fail(err, errlen, it, "fields: field %d needs a name of lower-case letters and underscores", n);
        const char *name = json_string_value(jn);
        if (strlen(name) > MAX_SLUG)
            return fail(err, errlen, it, "fields: field %d's name must be %d characters or fewer", n, MAX_SLUG);
        for (size_t k = 0; k < i; k++)
            if (strcmp(json_string_value(json_object_get(json_array_get(fields, k), "name")), name) == 0)
                return fail(err, errlen, it, "fields: the name \"%s\" is used by fields %zu and %d", name, k + 1, n);
        json_t *jl = get(f, "label");
        if (!json_is_string(jl) || blank(json_string_value(jl)))
            return fail(err, errlen, it, "fields: field \"%s\" needs a label", name);
        if (chars(json_string_value(jl)) > MAX_LABEL)
            return fail(err, errlen, it, "fields: field \"%s\"'s label must be %d characters or fewer", name,
                        MAX_LABEL);
        json_t *jt = get(f, "type");
        if (!json_is_string(jt) || !one_of(json_string_value(jt), FIELD_TYPES))
            return fail(err, errlen, it, "fields: field \"%s\"'s type must be date, text, textarea, choice or adviser",
                        name);
        const char *type = json_string_value(jt);
        json_t *jr = json_object_get(f, "required");
        if (jr) {
            int r = flag_value(jr);
            if (r < 0)
                return fail(err, errlen, it, "fields: field \"%s\"'s required must be 0, 1, true or false", name);
            json_object_set_new(f, "required", json_integer(r)); /* the pages read a number */
        }
        json_t *jh = get(f, "hint");
        if (jh && (!json_is_string(jh) || chars(json_string_value(jh)) > MAX_HINT))
            return fail(err, errlen, it, "fields: field \"%s\"'s hint must be text of %d characters or fewer", name,
                        MAX_HINT);
        json_t *opts = get(f, "options");
        if (strcmp(type, "choice") != 0) {
            if (opts)
                return fail(err, errlen, it, "fields: field \"%s\" has options, but only a choice field has them",
                            name);
            continue;
        }
        if (!json_is_array(opts) || json_array_size(opts) < 2)
            return fail(err, errlen, it,
                        "fields: choice field \"%s\" needs options: at least 2 [value, text] pairs", name);
        size_t j;
        json_t *o;
        json_array_foreach(opts, j, o)
        {
            json_t *ov = json_array_get(o, 0), *ot = json_array_get(o, 1);
            if (!json_is_array(o) || json_array_size(o) != 2 || !json_is_string(ov) || !json_is_string(ot) ||
                blank(json_string_value(ov)) || blank(json_string_value(ot)))
                return fail(err, errlen, it,
                            "fields: choice field \"%s\"'s option %zu must be a [value, text] pair of text", name,
                            j + 1);
            if (chars(json_string_value(ov)) > MAX_SLUG || chars(json_string_value(ot)) > MAX_LABEL)
                return fail(err, errlen, it, "fields: choice field \"%s\"'s option %zu is too long", name, j + 1);
            for (size_t k = 0; k < j; k++)
                if (strcmp(json_string_value(json_array_get(json_array_get(opts, k), 0)), json_string_value(ov)) == 0)
                    return fail(err, errlen, it, "fields: choice field \"%s\" has the value \"%s\" twice", name,
                                json_string_value(ov));
        }
    }
    return 0;
}

/* What the store needs of a task of each kind (store/casework.c). */
static int check_kind_fields(char *err, size_t errlen, const Item *it)
{
    const char *k = it->kind;
    int needs_on = strcmp(k, "record") == 0 || strcmp(k, "response") == 0 || strcmp(k, "conflict") == 0 ||
                   strcmp(k, "allocate") == 0 || strcmp(k, "due-diligence") == 0;
    if (strcmp(k, "diagnosis") == 0 && !choice_is(field_named(it->fields, "path"), "match", "review"))
        return fail(err, errlen, it,
                    "fields: a diagnosis task needs a choice field named \"path\" with the values match and review");
    if (needs_on && !field_is(field_named(it->fields, "on"), "date"))
        return fail(err, errlen, it, "fields: a %s task needs a date field named \"on\" (the day it was done)", k);
    if (strcmp(k, "response") == 0 && !choice_is(field_named(it->fields, "outcome"), "accepted", "declined"))
        return fail(err, errlen, it,
                    "fields: a response task needs a choice field named \"outcome\" with the values accepted and"
                    " declined");
    if ((strcmp(k, "conflict") == 0 || strcmp(k, "allocate") == 0) &&
        !field_is(field_named(it->fields, "adviser"), "adviser"))
        return fail(err, errlen, it, "fields: a%s %s task needs an adviser field named \"adviser\"",
                    k[0] == 'a' ? "n" : "", k);
    if (strcmp(k, "conflict") == 0 && !choice_is(field_named(it->fields, "conflict"), "no", "yes"))
        return fail(err, errlen, it,
                    "fields: a conflict task needs a choice field named \"conflict\" with the values no and yes");
    return 0;
}

/* Everything about one item that does not need the others. */
static int check_item(char *err, size_t errlen, Item *it, json_t *o)
{
    if (!json_is_object(o))
        return fail(err, errlen, it, "must be an object with programme, code, position, stage, title, role and kind");
    /* for the messages: what the item says it is, before checking it */
    json_t *p = json_object_get(o, "programme"), *c = json_object_get(o, "code");
    it->programme = json_is_string(p) ? json_string_value(p) : NULL;
    it->code = json_is_string(c) ? json_string_value(c) : NULL;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        if (!one_of(key, ITEM_KEYS))
            return fail(err, errlen, it,
                        "unknown field \"%s\" (the fields are programme, code, position, stage, title, hint, role,"
                        " kind, fields, after, when_rule, due_days, due_unit, timeframe and later)",
                        key);
    }
    if (check_slug(err, errlen, it, o, "programme", &it->programme) || check_slug(err, errlen, it, o, "code", &it->code))
        return -1;

    v = get(o, "position");
    if (!v)
        return fail(err, errlen, it, "position is missing");
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > MAX_POSITION)
        return fail(err, errlen, it, "position must be a whole number from 1 to %d", MAX_POSITION);
    it->position = (int)json_integer_value(v);

    if (check_text(err, errlen, it, o, "stage", 1, MAX_STAGE, &it->stage) ||
        check_text(err, errlen, it, o, "title", 1, MAX_TITLE, &it->title) ||
        check_text(err, errlen, it, o, "hint", 0, MAX_HINT, &it->hint) ||
        check_text(err, errlen, it, o, "timeframe", 0, MAX_TIMEFRAME, &it->timeframe))
        return -1;

    v = get(o, "role");
    if (!v)
        return fail(err, errlen, it, "role is missing");
    if (!json_is_string(v) || role_from_slug(json_string_value(v)) == ROLE_NONE) {
        char roles[300] = "";
        size_t used = 0;
        for (int r = ROLE_NONE + 1; r < ROLE_COUNT && used < sizeof roles; r++)
            used += (size_t)snprintf(roles + used, sizeof roles - used, "%s%s", used ? ", " : "", role_slug((Role)r));
        if (!json_is_string(v))
            return fail(err, errlen, it, "role must be one of %s", roles);
        return fail(err, errlen, it, "role \"%s\" is not a role: use one of %s", json_string_value(v), roles);
    }
    it->role = json_string_value(v);

    v = get(o, "kind");
    if (!v)
        return fail(err, errlen, it, "kind is missing");
    if (!json_is_string(v) || !one_of(json_string_value(v), KINDS))
        return fail(err, errlen, it,
                    "kind must be identify, record, response, conflict, allocate, propose, provider-confirm,"
                    " school-confirm, due-diligence, appoint, diagnosis, plan, plan-sign, plan-review, plan-approve, grant, monitoring, closure or later");
    it->kind = json_string_value(v);

    v = json_object_get(o, "fields");
    if (!v || json_is_null(v)) {
        it->fields = NULL;
    } else {
        if (check_fields(err, errlen, it, v) != 0)
            return -1;
        it->fields = v;
    }
    json_t *empty = it->fields ? NULL : json_array();
    if (empty)
        it->fields = empty;
    int rc = check_kind_fields(err, errlen, it);
    if (rc == 0) {
        char *s = json_dumps(it->fields, JSON_COMPACT);
        it->fields_text = xstrdup(s ? s : "[]");
        free(s);
    }
    if (empty) {
        json_decref(empty);
        it->fields = NULL;
    }
    if (rc != 0)
        return -1;

    v = get(o, "after");
    if (v) {
        if (!json_is_string(v))
            return fail(err, errlen, it, "after must be null or the codes of earlier tasks, separated by commas");
        const char *a = json_string_value(v);
        /* each part a code: no empty parts, no spaces */
        const char *s = a;
        for (;;) {
            size_t len = strcspn(s, ",");
            int ok = len > 0;
            for (size_t k = 0; k < len && ok; k++)
                ok = (s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '-';
            if (!ok)
                return fail(err, errlen, it,
                            "after \"%s\" must be the codes of earlier tasks separated by commas, with no spaces", a);
            if (!s[len])
                break;
            s += len + 1;
        }
        it->after = a;
    }

    v = get(o, "when_rule");
    static const char *const WHEN_RULES[] = {"diocese",  "school",   "matching",   "review",
                                             "signoff", "approval", "inspection", NULL};
    if (v && (!json_is_string(v) || !one_of(json_string_value(v), WHEN_RULES)))
        return fail(err, errlen, it,
                    "when_rule must be null (always), \"diocese\" (the school has a diocese), \"school\" (the case"
                    " is a school), \"matching\" (the case is matched with a provider) or \"review\" (the"
                    " diagnosis chose to review the school's progress), \"signoff\" or \"approval\" (the case's plan is"
                    " signed off or approved: not for a Tier 1 return) or \"inspection\" (an inspection was published"
                    " after the case opened: due from its publication)");
    it->when_rule = v ? json_string_value(v) : NULL;

    v = get(o, "due_days");
    json_t *u = get(o, "due_unit");
    if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > MAX_DUE_DAYS))
        return fail(err, errlen, it, "due_days must be null or a whole number from 1 to %d", MAX_DUE_DAYS);
    if (u && (!json_is_string(u) ||
              (strcmp(json_string_value(u), "working") != 0 && strcmp(json_string_value(u), "school") != 0)))
        return fail(err, errlen, it, "due_unit must be null, \"working\" or \"school\"");
    if (v && !u)
        return fail(err, errlen, it, "due_unit is missing: due_days needs \"working\" or \"school\" days");
    if (u && !v)
        return fail(err, errlen, it, "due_unit is set but due_days is null: give both or neither");
    it->due_days = v ? (int)json_integer_value(v) : 0;
    it->due_unit = u ? json_string_value(u) : NULL;

    v = json_object_get(o, "later");
    it->later = v && !json_is_null(v) ? flag_value(v) : 0;
    if (it->later < 0)
        return fail(err, errlen, it, "later must be 0 or 1");
    if (it->later && strcmp(it->kind, "later") != 0)
        return fail(err, errlen, it, "later is 1, so kind must be \"later\" (a step not built yet)");
    if (!it->later && strcmp(it->kind, "later") == 0)
        return fail(err, errlen, it, "kind is \"later\", so later must be 1");
    return 0;
}

/* Rules across the tasks of each programme. */
static int check_programmes(char *err, size_t errlen, const Item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Item *it = &items[i];
        for (size_t j = 0; j < i; j++) {
            const Item *o = &items[j];
            if (strcmp(o->programme, it->programme) != 0)
                continue;
            if (strcmp(o->code, it->code) == 0)
                return fail(err, errlen, it, "code \"%s\" is also used by item %d of %s", it->code, o->index,
                            it->programme);
            if (o->position == it->position)
                return fail(err, errlen, it, "position %d is also used by item %d (%s) of %s", it->position,
                            o->index, o->code, it->programme);
        }
    }
    for (size_t i = 0; i < n; i++) {
        const Item *it = &items[i];
        int seen_before = 0;
        for (size_t j = 0; j < i; j++)
            seen_before |= strcmp(items[j].programme, it->programme) == 0;
        if (seen_before)
            continue;
        /* the first item of each programme: check the programme as a whole */
        const Item *identify = NULL, *lowest = NULL, *allocate = NULL, *check = NULL;
        for (size_t j = i; j < n; j++) {
            const Item *o = &items[j];
            if (strcmp(o->programme, it->programme) != 0)
                continue;
            if (!lowest || o->position < lowest->position)
                lowest = o;
            if (strcmp(o->kind, "identify") == 0) {
                if (identify)
                    return fail(err, errlen, o,
                                "%s already has an identify task (item %d): a programme has exactly one",
                                o->programme, identify->index);
                identify = o;
            }
            if (strcmp(o->kind, "allocate") == 0 && !allocate)
                allocate = o;
            if (strcmp(o->kind, "conflict") == 0 && strcmp(o->code, "conflict-check") == 0)
                check = o;
        }
        if (!identify)
            return fail(err, errlen, NULL,
                        "%s has no task of kind identify: each programme starts with exactly one, at its lowest"
                        " position",
                        it->programme);
        if (identify != lowest)
            return fail(err, errlen, identify,
                        "the identify task must have the lowest position in %s, but item %d (%s) has position %d",
                        identify->programme, lowest->index, lowest->code, lowest->position);
        if (strcmp(identify->code, "identify") != 0)
            return fail(err, errlen, identify,
                        "the identify task's code must be \"identify\" (a case is opened with that task done)");
        if (allocate && !check)
            return fail(err, errlen, allocate,
                        "an allocate task needs a conflict task coded \"conflict-check\" in %s (the adviser it"
                        " clears is the one allocated)",
                        allocate->programme);
    }
    for (size_t i = 0; i < n; i++) {
        const Item *it = &items[i];
        const char *s = it->after;
        while (s && *s) {
            size_t len = strcspn(s, ",");
            const Item *found = NULL;
            for (size_t j = 0; j < n && !found; j++)
                if (strcmp(items[j].programme, it->programme) == 0 && strlen(items[j].code) == len &&
                    strncmp(items[j].code, s, len) == 0)
                    found = &items[j];
            if (!found)
                return fail(err, errlen, it, "after names \"%.*s\", which is not a task of %s", (int)len, s,
                            it->programme);
            if (found->position >= it->position)
                return fail(err, errlen, it,
                            "after names \"%.*s\" (position %d), which does not come before this task (position %d):"
                            " a task can only wait for tasks at earlier positions",
                            (int)len, s, found->position, it->position);
            s = s[len] ? s + len + 1 : NULL;
        }
    }
    return 0;
}

/* -------------------------------------------------------------------- load */

typedef struct Changes {
    AuditChange *items;
    size_t n, cap;
    char **owned;
    size_t nowned, owned_cap;
} Changes;

static const char *keep(Changes *c, char *s)
{
    if (!s)
        return NULL;
    *(char **)xgrow((void **)&c->owned, &c->nowned, &c->owned_cap, sizeof *c->owned) = s;
    return s;
}

static void change(Changes *c, char *field, const char *before, const char *after)
{
    AuditChange *a = xgrow((void **)&c->items, &c->n, &c->cap, sizeof *c->items);
    a->field = keep(c, field);
    a->before = before ? keep(c, xstrdup(before)) : NULL;
    a->after = after ? keep(c, xstrdup(after)) : NULL;
}

static void changes_free(Changes *c)
{
    for (size_t i = 0; i < c->nowned; i++)
        free(c->owned[i]);
    free(c->owned);
    free(c->items);
    memset(c, 0, sizeof *c);
}

static char *field_of(const char *code, const char *column)
{
    Buf b = BUF_INIT;
    buf_printf(&b, "%s %s", code, column);
    return buf_take(&b);
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* What changed for one code kept in the programme, column by column. */
static void diff_task(Changes *c, const ProgrammeTask *old, const Item *it)
{
    char ob[32], nb[32];
    if (old->position != it->position) {
        snprintf(ob, sizeof ob, "%d", old->position);
        snprintf(nb, sizeof nb, "%d", it->position);
        change(c, field_of(it->code, "position"), ob, nb);
    }
    struct {
        const char *column, *before, *after;
    } text[] = {{"stage", old->stage, it->stage},         {"title", old->title, it->title},
                {"hint", old->hint, it->hint},            {"role", old->role, it->role},
                {"kind", old->kind, it->kind},            {"fields", old->fields, it->fields_text},
                {"after", old->after, it->after},         {"when_rule", old->when_rule, it->when_rule},
                {"due_unit", old->due_unit, it->due_unit}, {"timeframe", old->timeframe, it->timeframe}};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (!same(text[i].before, text[i].after))
            change(c, field_of(it->code, text[i].column), text[i].before, text[i].after);
    if (old->due_days != it->due_days) {
        snprintf(ob, sizeof ob, "%d", old->due_days);
        snprintf(nb, sizeof nb, "%d", it->due_days);
        change(c, field_of(it->code, "due_days"), old->due_days ? ob : NULL, it->due_days ? nb : NULL);
    }
    if (old->later != it->later) {
        snprintf(ob, sizeof ob, "%d", old->later);
        snprintf(nb, sizeof nb, "%d", it->later);
        change(c, field_of(it->code, "later"), ob, nb);
    }
}

/*
 * Case rows of a task that someone has recorded: in progress, completed,
 * done on a day, with data, or saved by a person (for example marked not
 * needed). Rows the refresh made and nobody touched are not "recorded".
 */
static int64_t recorded_count(Db *db, const char *programme, const char *code)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM case_tasks k JOIN cases c ON c.id = k.case_id"
                                   " WHERE c.programme = ?1 AND k.code = ?2 AND (k.status IN ('in progress','completed')"
                                   " OR k.done_on IS NOT NULL OR k.updated_at IS NOT NULL OR k.data NOT IN ('{}',''))");
    if (!st)
        return -1;
    db_bind_text(st, 1, programme);
    db_bind_text(st, 2, code);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

static int step(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("task templates: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

/* Replaces one programme's rows, inside the transaction. 0; -1 with err
   set (a refusal, or a database error). */
static int replace_programme(Db *db, const Actor *actor, const char *programme, const Item *items, size_t n,
                             TaskTemplatesLoaded *done, char *err, size_t errlen)
{
    ProgrammeTaskList old;
    if (task_templates_list(db, programme, &old) != 0)
        return fail(err, errlen, NULL, "could not read the tasks of %s from the database", programme);
    Changes ch = {0};
    int ret = -1;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += strcmp(items[i].programme, programme) == 0;
    char before[32], after[32];
    snprintf(before, sizeof before, "%zu", old.n);
    snprintf(after, sizeof after, "%zu", count);
    change(&ch, xstrdup("tasks"), before, after);

    /* codes the file drops: only while no case has recorded them */
    for (size_t k = 0; k < old.n; k++) {
        const ProgrammeTask *t = &old.items[k];
        int kept = 0;
        for (size_t i = 0; i < n && !kept; i++)
            kept = strcmp(items[i].programme, programme) == 0 && strcmp(items[i].code, t->code) == 0;
        if (kept)
            continue;
        int64_t rec = recorded_count(db, programme, t->code);
        if (rec < 0) {
            fail(err, errlen, NULL, "could not count the cases with %s", t->code);
            goto out;
        }
        if (rec > 0) {
            fail(err, errlen, NULL,
                 "%s/%s is not in the file, but %lld case%s recorded it (in progress, completed or marked not"
                 " needed): remove it only when no case has recorded it",
                 programme, t->code, (long long)rec, rec == 1 ? " has" : "s have");
            goto out;
        }
        sqlite3_stmt *st = db_stmt(db, "DELETE FROM case_tasks WHERE code = ?2 AND case_id IN"
                                       " (SELECT id FROM cases WHERE programme = ?1)");
        if (!st)
            goto db_error;
        db_bind_text(st, 1, programme);
        db_bind_text(st, 2, t->code);
        if (step(db, st) != 0)
            goto db_error;
        change(&ch, xstrdup(t->code), t->title, NULL);
    }

    /* added and changed codes; a recorded task cannot become a later step,
       which would show it as "cannot start yet" whatever was recorded */
    for (size_t i = 0; i < n; i++) {
        const Item *it = &items[i];
        if (strcmp(it->programme, programme) != 0)
            continue;
        const ProgrammeTask *was = NULL;
        for (size_t k = 0; k < old.n && !was; k++)
            if (strcmp(old.items[k].code, it->code) == 0)
                was = &old.items[k];
        if (!was) {
            change(&ch, xstrdup(it->code), NULL, it->title);
            continue;
        }
        if (it->later && !was->later) {
            int64_t rec = recorded_count(db, programme, it->code);
            if (rec < 0)
                goto db_error;
            if (rec > 0) {
                fail(err, errlen, it,
                     "later is 1, but %lld case%s recorded this task: a task becomes a later step only when no case"
                     " has recorded it",
                     (long long)rec, rec == 1 ? " has" : "s have");
                goto out;
            }
        }
        diff_task(&ch, was, it);
    }

    sqlite3_stmt *st = db_stmt(db, "DELETE FROM task_templates WHERE programme = ?");
    if (!st)
        goto db_error;
    db_bind_text(st, 1, programme);
    if (step(db, st) != 0)
        goto db_error;
    for (size_t i = 0; i < n; i++) {
        const Item *it = &items[i];
        if (strcmp(it->programme, programme) != 0)
            continue;
        st = db_stmt(db, "INSERT INTO task_templates (" TT_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        if (!st)
            goto db_error;
        db_bind_text(st, 1, it->programme);
        db_bind_text(st, 2, it->code);
        db_bind_int64(st, 3, it->position);
        db_bind_text(st, 4, it->stage);
        db_bind_text(st, 5, it->title);
        db_bind_text(st, 6, it->hint);
        db_bind_text(st, 7, it->role);
        db_bind_text(st, 8, it->kind);
        db_bind_text(st, 9, it->fields_text);
        db_bind_text(st, 10, it->after);
        db_bind_text(st, 11, it->when_rule);
        if (it->due_days)
            db_bind_int64(st, 12, it->due_days);
        else
            sqlite3_bind_null(st, 12);
        db_bind_text(st, 13, it->due_unit);
        db_bind_text(st, 14, it->timeframe);
        db_bind_int64(st, 15, it->later);
        if (step(db, st) != 0)
            goto db_error;
    }
    if (audit_append(db, actor, "programme.tasks", "programme", programme, ch.items, ch.n, NULL) != 0)
        goto db_error;

    st = db_stmt(db, "SELECT count(*) FROM cases WHERE programme = ? AND status IN ('in progress','paused')");
    if (!st)
        goto db_error;
    db_bind_text(st, 1, programme);
    if (sqlite3_step(st) == SQLITE_ROW && done)
        done->open_cases += sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (done) {
        done->tasks += count;
        done->programmes++;
        size_t used = strlen(done->names);
        snprintf(done->names + used, sizeof done->names - used, "%s%s", used ? ", " : "", programme);
    }
    ret = 0;
    goto out;
db_error:
    snprintf(err, errlen, "could not save the tasks of %s: a database error (see the log)", programme);
out:
    changes_free(&ch);
    programme_task_list_free(&old);
    return ret;
}

int task_templates_load_report(Db *db, const Actor *actor, const char *json_text, TaskTemplatesLoaded *done,
                               char *err, size_t errlen)
{
    if (done)
        memset(done, 0, sizeof *done);
    if (errlen)
        err[0] = '\0';
    json_error_t je;
    json_t *root = json_loads(json_text ? json_text : "", JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return fail(err, errlen, NULL, "the file is not valid JSON: %s (line %d, column %d)", je.text, je.line,
                    je.column);
    if (!json_is_array(root)) {
        json_decref(root);
        return fail(err, errlen, NULL, "the file must be a JSON array of tasks, as `rise tasks export` writes it");
    }
    size_t n = json_array_size(root);
    if (n == 0 || n > MAX_ITEMS) {
        json_decref(root);
        return n == 0 ? fail(err, errlen, NULL, "the file has no tasks: nothing was changed")
                      : fail(err, errlen, NULL, "the file has %zu tasks: at most %d can be loaded at once", n,
                             MAX_ITEMS);
    }
    Item *items = xcalloc(n, sizeof *items);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        items[i].index = (int)i + 1;
        rc = check_item(err, errlen, &items[i], json_array_get(root, i));
    }
    if (rc == 0)
        rc = check_programmes(err, errlen, items, n);

    if (rc == 0) {
        if (db_begin(db) != 0) {
            rc = fail(err, errlen, NULL, "could not start saving the tasks: the database is busy");
        } else {
            for (size_t i = 0; i < n && rc == 0; i++) {
                int first = 1;
                for (size_t j = 0; j < i && first; j++)
                    first = strcmp(items[j].programme, items[i].programme) != 0;
                if (first)
                    rc = replace_programme(db, actor, items[i].programme, items, n, done, err, errlen);
            }
            if (rc == 0 && cases_refresh_all(db) != 0)
                rc = fail(err, errlen, NULL, "could not bring the open cases up to date: a database error");
            if (rc == 0 && db_commit(db) != 0)
                rc = fail(err, errlen, NULL, "could not save the tasks: the database refused the commit");
            if (rc != 0) {
                db_rollback(db);
                if (done) {
                    memset(done, 0, sizeof *done);
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        free(items[i].fields_text);
    free(items);
    json_decref(root);
    return rc == 0 ? 0 : -1;
}

int task_templates_load(Db *db, const Actor *actor, const char *json_text, char *err, size_t errlen)
{
    return task_templates_load_report(db, actor, json_text, NULL, err, errlen);
}
