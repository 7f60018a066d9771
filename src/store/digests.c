/*
 * digests.c - the weekly email of a person's overdue and due-soon tasks.
 * See digests.h.
 *
 * Personalisation: name, overdue (a count), due_soon (a count), tasks (one
 * line per task: "Subject: task title, due 2026-12-04"; at most 30), link
 * (the home page, which lists them) and settings (the page to turn it off). A person with nothing overdue or
 * due soon is not emailed, and is looked at again at the next check.
 */
#include "store/digests.h"

#include "core/buf.h"
#include "core/log.h"
#include "domain/digest.h"
#include "store/casework.h"
#include "store/messages.h"
#include "store/outbox.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIGEST_TASKS 30

int digest_wanted(Db *db, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT off FROM digest_settings WHERE user_id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    int off = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    return !off;
}

int digest_set_wanted(Db *db, const Actor *actor, int64_t user_id, int wanted)
{
    if (db_begin(db) != 0)
        return -1;
    int was = digest_wanted(db, user_id);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO digest_settings (user_id, off) VALUES (?1, ?2)"
                                   " ON CONFLICT (user_id) DO UPDATE SET off = ?2");
    if (was < 0 || !st)
        goto fail;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, wanted ? 0 : 1);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        goto fail;
    char idstr[24];
    snprintf(idstr, sizeof idstr, "%lld", (long long)user_id);
    AuditChange ch[] = {{"weekly email of tasks", was ? "on" : "off", wanted ? "on" : "off"}};
    if (audit_append(db, actor, "user.digest", "user", idstr, ch, 1, NULL) != 0)
        goto fail;
    return db_commit(db) == 0 ? 0 : -1;
fail:
    db_rollback(db);
    return -1;
}

typedef struct Person {
    int64_t id, last;
    char *name, *email;
} Person;

/* Queues one person's digest, and records when, in one transaction.
   1 queued, 0 nothing to tell them, -1 error. */
static int queue_one(Db *db, const Person *p, int64_t now, const char *today, const char *until)
{
    MyTaskList l;
    if (my_tasks_due(db, p->id, until, DIGEST_TASKS, &l) != 0)
        return -1;
    if (l.n == 0) {
        my_task_list_free(&l);
        return 0;
    }
    long long overdue = 0, soon = 0;
    Buf tasks = BUF_INIT;
    for (size_t i = 0; i < l.n; i++) {
        const MyTask *t = &l.items[i];
        int late = t->due_on && strcmp(t->due_on, today) < 0;
        late ? overdue++ : soon++;
        buf_printf(&tasks, "%s%s: %s, %s %s", i ? "\n" : "", t->subject_name ? t->subject_name : "",
                   t->title ? t->title : "", late ? "overdue since" : "due", t->due_on ? t->due_on : "");
    }
    my_task_list_free(&l);
    char link[600], settings[600];
    snprintf(link, sizeof link, "%s/", messages_base_url());
    snprintf(settings, sizeof settings, "%s/account/emails", messages_base_url());
    json_t *j = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s}", "name", p->name, "overdue", (json_int_t)overdue,
                          "due_soon", (json_int_t)soon, "tasks", buf_str(&tasks), "link", link, "settings",
                          settings);
    char *pers = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    buf_free(&tasks);
    if (!pers || db_begin(db) != 0) {
        free(pers);
        return -1;
    }
    char uid[24];
    snprintf(uid, sizeof uid, "%lld", (long long)p->id);
    OutboxMessage m = {.recipient = p->email, .template_key = "weekly-digest", .personalisation = pers,
                       .object_type = "user", .object_id = uid};
    sqlite3_stmt *st = NULL;
    int ok = outbox_queue(db, &m) > 0 &&
             (st = db_stmt(db, "INSERT INTO digest_settings (user_id, last_sent_at) VALUES (?1, ?2)"
                               " ON CONFLICT (user_id) DO UPDATE SET last_sent_at = ?2")) != NULL;
    free(pers);
    if (ok) {
        db_bind_int64(st, 1, p->id);
        db_bind_int64(st, 2, now);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_reset(st);
    }
    if (!ok || db_commit(db) != 0) {
        db_rollback(db);
        return -1;
    }
    return 1;
}

int digests_queue_due(Db *db, int64_t now, int64_t period, const char *today, const char *until, size_t *queued)
{
    *queued = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT u.id, u.name, u.email, coalesce(d.last_sent_at, 0) FROM users u"
                                   " LEFT JOIN digest_settings d ON d.user_id = u.id"
                                   " WHERE u.disabled_at IS NULL AND coalesce(d.off, 0) = 0 ORDER BY u.id");
    if (!st)
        return -1;
    Person *ps = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t last = sqlite3_column_int64(st, 3);
        if (!digest_due(last, now, period))
            continue;
        Person *p = xgrow((void **)&ps, &n, &cap, sizeof *ps);
        p->id = sqlite3_column_int64(st, 0);
        p->last = last;
        p->name = db_col_dup(st, 1);
        p->email = db_col_dup(st, 2);
    }
    sqlite3_reset(st);
    int ret = rc == SQLITE_DONE ? 0 : -1;
    for (size_t i = 0; i < n; i++) {
        if (ret == 0) {
            int q = queue_one(db, &ps[i], now, today, until);
            if (q < 0) {
                log_error("weekly digest: could not queue for user %lld", (long long)ps[i].id);
                ret = -1;
            } else {
                *queued += (size_t)q;
            }
        }
        free(ps[i].name);
        free(ps[i].email);
    }
    free(ps);
    return ret;
}
