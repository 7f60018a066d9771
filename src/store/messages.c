/*
 * messages.c - the emails that case work causes. See messages.h.
 *
 * Personalisation is the same for every message, so one Notify template
 * shape serves them all: name (the recipient's), case (the case's subject),
 * what (one sentence saying what happened, in plain words), link (the page
 * to act on: absolute when the base URL is known, else a path). Recipients
 * are read here, in the caller's transaction, so a disabled account or the
 * actor themselves is never emailed.
 */
#include "store/messages.h"

#include "core/log.h"
#include "store/outbox.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char base_url[512];

void messages_set_base_url(const char *url)
{
    snprintf(base_url, sizeof base_url, "%s", url ? url : "");
    size_t n = strlen(base_url);
    while (n > 0 && base_url[n - 1] == '/')
        base_url[--n] = '\0';
}

const char *messages_base_url(void)
{
    return base_url;
}

/* The recipient's name and email, if they are an active account other than
   the actor. 1 found, 0 not (or the actor), -1 error. */
static int recipient(Db *db, const Actor *actor, int64_t user_id, char **name, char **email)
{
    *name = *email = NULL;
    if (user_id <= 0 || user_id == actor->user_id)
        return 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT name, email FROM users WHERE id = ? AND disabled_at IS NULL");
    if (!st)
        return -1;
    db_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *name = db_col_dup(st, 0);
        *email = db_col_dup(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    return rc == SQLITE_ROW;
}

/* The case's subject (the school's or trust's name), or NULL. */
static char *case_subject(Db *db, int64_t case_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT subject_name FROM cases WHERE id = ?");
    if (!st)
        return NULL;
    db_bind_int64(st, 1, case_id);
    char *s = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    return s;
}

/* Queues one message to one person; extra (when not NULL) is added to the
   personalisation (a file to attach). */
static int queue_with(Db *db, const char *template_key, const char *name, const char *email, const char *subject,
                      const char *what, const char *path, int64_t case_id, const char *extra_key, json_t *extra)
{
    char link[1024], cid[24];
    snprintf(link, sizeof link, "%s%s", base_url, path);
    snprintf(cid, sizeof cid, "%lld", (long long)case_id);
    json_t *p = json_pack("{s:s, s:s, s:s, s:s}", "name", name ? name : "", "case", subject ? subject : "",
                          "what", what, "link", link);
    if (p && extra_key && extra)
        json_object_set(p, extra_key, extra);
    char *pers = p ? json_dumps(p, JSON_COMPACT) : NULL;
    json_decref(p);
    if (!pers)
        return -1;
    OutboxMessage m = {.recipient = email,
                       .template_key = template_key,
                       .personalisation = pers,
                       .object_type = "case",
                       .object_id = cid};
    int64_t id = outbox_queue(db, &m);
    free(pers);
    return id > 0 ? 0 : -1;
}

static int queue(Db *db, const char *template_key, const char *name, const char *email, const char *subject,
                 const char *what, const char *path, int64_t case_id)
{
    return queue_with(db, template_key, name, email, subject, what, path, case_id, NULL, NULL);
}

int message_task_assigned(Db *db, const Actor *actor, int64_t user_id, int64_t case_id, const char *code,
                          const char *title)
{
    char *name, *email;
    int rc = recipient(db, actor, user_id, &name, &email);
    if (rc <= 0)
        return rc;
    char *subject = case_subject(db, case_id);
    char what[512], path[256];
    if (code) {
        snprintf(what, sizeof what, "You have been given the task \"%s\"", title ? title : code);
        snprintf(path, sizeof path, "/cases/%lld/tasks/%s", (long long)case_id, code);
    } else {
        snprintf(what, sizeof what, "You are now the case's %s", title ? title : "owner");
        snprintf(path, sizeof path, "/cases/%lld", (long long)case_id);
    }
    rc = queue(db, "task-assigned", name, email, subject, what, path, case_id);
    free(name);
    free(email);
    free(subject);
    return rc;
}

int message_approval_waiting(Db *db, const Actor *actor, int64_t case_id, int64_t decision_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT d.outcome, u.id FROM case_decisions d JOIN cases c ON c.id = d.case_id"
                                   " JOIN users u ON u.role = 'regional-director' AND u.region = c.region"
                                   " AND u.disabled_at IS NULL WHERE d.id = ? AND d.case_id = ? ORDER BY u.id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, decision_id);
    db_bind_int64(st, 2, case_id);
    int64_t ids[64];
    size_t n = 0;
    char *outcome = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < sizeof ids / sizeof ids[0]) {
        if (!outcome)
            outcome = db_col_dup(st, 0);
        ids[n++] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        free(outcome);
        return -1;
    }
    if (n == sizeof ids / sizeof ids[0])
        log_warn("messages: case %lld: more than %zu regional directors, the rest not emailed", (long long)case_id, n);
    char *subject = n ? case_subject(db, case_id) : NULL;
    char what[600], path[128];
    snprintf(what, sizeof what, "A decision is waiting for your approval: %s", outcome ? outcome : "");
    snprintf(path, sizeof path, "/cases/%lld/decisions/%lld", (long long)case_id, (long long)decision_id);
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++) {
        char *name, *email;
        rc = recipient(db, actor, ids[i], &name, &email);
        if (rc < 0)
            ret = -1;
        else if (rc > 0)
            ret = queue(db, "approval-waiting", name, email, subject, what, path, case_id);
        free(name);
        free(email);
    }
    free(outcome);
    free(subject);
    return ret;
}

int message_approval_decided(Db *db, const Actor *actor, int64_t case_id, int64_t decision_id,
                             const char *approval, const char *note)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT decided_by_id, outcome FROM case_decisions WHERE id = ? AND case_id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, decision_id);
    db_bind_int64(st, 2, case_id);
    int rc = sqlite3_step(st);
    int64_t by = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    char *outcome = rc == SQLITE_ROW ? db_col_dup(st, 1) : NULL;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    char *name, *email;
    rc = recipient(db, actor, by, &name, &email);
    if (rc <= 0) {
        free(outcome);
        return rc;
    }
    char *subject = case_subject(db, case_id);
    int approved = approval && strcmp(approval, "approved") == 0;
    char what[1200], path[128];
    snprintf(what, sizeof what, "Your decision \"%s\" was %s%s%s", outcome ? outcome : "",
             approved ? "approved" : "rejected", note && *note ? ": " : "", note && *note ? note : "");
    snprintf(path, sizeof path, "/cases/%lld/decisions/%lld", (long long)case_id, (long long)decision_id);
    rc = queue(db, "approval-decided", name, email, subject, what, path, case_id);
    free(name);
    free(email);
    free(subject);
    free(outcome);
    return rc;
}

int message_school_answered(Db *db, const Actor *actor, int64_t case_id, int64_t delivery_officer_id,
                            const char *outcome)
{
    char *name, *email;
    int rc = recipient(db, actor, delivery_officer_id, &name, &email);
    if (rc <= 0)
        return rc;
    char *subject = case_subject(db, case_id);
    char what[600], path[128];
    snprintf(what, sizeof what, "The school has answered the offer of support: %s", outcome ? outcome : "");
    snprintf(path, sizeof path, "/cases/%lld/decisions", (long long)case_id);
    rc = queue(db, "school-answered", name, email, subject, what, path, case_id);
    free(name);
    free(email);
    free(subject);
    return rc;
}

int message_match_step(Db *db, const Actor *actor, int64_t user_id, int64_t case_id, const char *what,
                       const char *path)
{
    return message_case_step(db, actor, "match-step", user_id, case_id, what, path);
}

int message_case_step(Db *db, const Actor *actor, const char *template_key, int64_t user_id, int64_t case_id,
                      const char *what, const char *path)
{
    char *name, *email;
    int rc = recipient(db, actor, user_id, &name, &email);
    if (rc <= 0)
        return rc;
    char *subject = case_subject(db, case_id);
    rc = queue(db, template_key, name, email, subject, what, path, case_id);
    free(name);
    free(email);
    free(subject);
    return rc;
}

/* ---- a file attached (issue 14: the grant offer letter) ---- */

static char *base64(const unsigned char *data, size_t len)
{
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc((len + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)data[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)data[i + 1] << 8;
        if (i + 2 < len)
            v |= data[i + 2];
        out[o++] = A[(v >> 18) & 63];
        out[o++] = A[(v >> 12) & 63];
        out[o++] = i + 1 < len ? A[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? A[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

int message_case_step_file(Db *db, const Actor *actor, const char *template_key, int64_t user_id, int64_t case_id,
                           const char *what, const char *path, const char *file_key, const unsigned char *file,
                           size_t file_len, const char *filename)
{
    char *name, *email;
    int rc = recipient(db, actor, user_id, &name, &email);
    if (rc <= 0)
        return rc;
    char *subject = case_subject(db, case_id);
    char *b64 = base64(file, file_len);
    json_t *f = b64 ? json_pack("{s:s, s:s, s:b, s:s}", "file", b64, "filename", filename,
                                "confirm_email_before_download", 1, "retention_period", "26 weeks")
                    : NULL;
    rc = f ? queue_with(db, template_key, name, email, subject, what, path, case_id, file_key, f) : -1;
    json_decref(f);
    free(b64);
    free(name);
    free(email);
    free(subject);
    return rc;
}
