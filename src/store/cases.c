/*
 * cases.c - opening cases from screening, and the decision log behind them.
 * See cases.h.
 */
#include "store/cases.h"

#include "core/buf.h"
#include "store/casework.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int screening_decide(Db *db, const Actor *actor, const Subject *s, const Decision *d, int64_t *case_id)
{
    *case_id = 0;
    if (db_begin(db) != 0)
        return CASE_ERROR;
    char now[32];
    log_timestamp(now);
    sqlite3 *h = db_handle(db);
    int opening = strcmp(d->decision, "open-case") == 0;
    if (opening) {
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO cases (programme, subject_kind, subject_id, subject_name, region,"
                                       " local_authority, category, route, rationale, opened_at, opened_by_id,"
                                       " opened_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        if (!st)
            goto fail;
        db_bind_text(st, 1, s->programme);
        db_bind_text(st, 2, s->kind);
        db_bind_int64(st, 3, s->id);
        db_bind_text(st, 4, s->name);
        db_bind_text(st, 5, s->region);
        db_bind_text(st, 6, s->local_authority);
        db_bind_text(st, 7, d->category);
        db_bind_text(st, 8, d->route);
        db_bind_text(st, 9, d->reason);
        db_bind_text(st, 10, now);
        if (actor->user_id)
            db_bind_int64(st, 11, actor->user_id);
        db_bind_text(st, 12, actor->label);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_CONSTRAINT_UNIQUE) {
            db_rollback(db);
            return CASE_ALREADY_OPEN;
        }
        if (rc != SQLITE_DONE) {
            log_error("case insert failed: %s", sqlite3_errmsg(h));
            goto fail;
        }
        *case_id = sqlite3_last_insert_rowid(h);
    }
    /* the region is the subject's as screened (the decider's own: only they
       may decide there), kept so that the decision stays with that region */
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO screening_decisions (programme, subject_kind, subject_id, subject_name,"
                                   " decision, route, suggested, rule, category, exception_source, reason, as_at,"
                                   " case_id, decided_by_id, decided_by, decided_at, region)"
                                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
        goto fail;
    db_bind_text(st, 1, s->programme);
    db_bind_text(st, 2, s->kind);
    db_bind_int64(st, 3, s->id);
    db_bind_text(st, 4, s->name);
    db_bind_text(st, 5, d->decision);
    db_bind_text(st, 6, d->route);
    db_bind_text(st, 7, d->suggested);
    db_bind_text(st, 8, d->rule);
    db_bind_text(st, 9, d->category);
    db_bind_text(st, 10, d->exception_source);
    db_bind_text(st, 11, d->reason);
    db_bind_text(st, 12, d->as_at);
    if (*case_id)
        db_bind_int64(st, 13, *case_id);
    if (actor->user_id)
        db_bind_int64(st, 14, actor->user_id);
    db_bind_text(st, 15, actor->label);
    db_bind_text(st, 16, now);
    db_bind_text(st, 17, s->region && *s->region ? s->region : NULL);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("decision insert failed: %s", sqlite3_errmsg(h));
        goto fail;
    }
    char sid[32];
    snprintf(sid, sizeof sid, "%s-%lld", s->kind, (long long)s->id);
    AuditChange ch[] = {
        {"programme", NULL, s->programme},
        {"decision", NULL, opening ? "case opened" : "set aside"},
        {"route", NULL, d->route},
        {"suggested", NULL, d->suggested},
        {"category", NULL, d->category},
        {"added by exception because", NULL, d->exception_source},
    };
    if (audit_append(db, actor, opening ? "screening.open-case" : "screening.set-aside", s->kind,
                     sid + strlen(s->kind) + 1, ch, sizeof ch / sizeof ch[0], d->reason) != 0)
        goto fail;
    if (opening) {
        char cid[24];
        snprintf(cid, sizeof cid, "%lld", (long long)*case_id);
        AuditChange cc[] = {{"programme", NULL, s->programme}, {"subject", NULL, sid}, {"category", NULL, d->category},
                            {"status", NULL, "in progress"}};
        if (audit_append(db, actor, "case.open", "case", cid, cc, 4, d->reason) != 0)
            goto fail;
        /* its tasks, the identification decision, its delivery officer */
        if (case_on_open(db, actor, *case_id, d->category ? d->category : d->suggested, d->reason) != 0)
            goto fail;
    }
    return db_commit(db) == 0 ? CASE_OK : CASE_ERROR;
fail:
    db_rollback(db);
    *case_id = 0;
    return CASE_ERROR;
}

#define DECISION_COLS                                                                                              \
    "id, coalesce(case_id, 0), subject_id, programme, subject_kind, decision, route, suggested, category, reason,"  \
    " decided_by, decided_at, exception_source, subject_name, region,"                                            \
    " coalesce((SELECT c.adviser_id FROM cases c WHERE c.id = screening_decisions.case_id), 0)"

static void read_decision(sqlite3_stmt *st, DecisionRow *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->case_id = sqlite3_column_int64(st, 1);
    r->subject_id = sqlite3_column_int64(st, 2);
    r->programme = db_col_dup(st, 3);
    r->kind = db_col_dup(st, 4);
    r->decision = db_col_dup(st, 5);
    r->route = db_col_dup(st, 6);
    r->suggested = db_col_dup(st, 7);
    r->category = db_col_dup(st, 8);
    r->reason = db_col_dup(st, 9);
    r->decided_by = db_col_dup(st, 10);
    r->decided_at = db_col_dup(st, 11);
    r->exception_source = db_col_dup(st, 12);
    r->subject_name = db_col_dup(st, 13);
    r->region = db_col_dup(st, 14);
    r->case_adviser_id = sqlite3_column_int64(st, 15);
}

void decision_row_free(DecisionRow *r)
{
    free(r->programme);
    free(r->kind);
    free(r->decision);
    free(r->route);
    free(r->suggested);
    free(r->category);
    free(r->reason);
    free(r->decided_by);
    free(r->decided_at);
    free(r->exception_source);
    free(r->subject_name);
    free(r->region);
    memset(r, 0, sizeof *r);
}

Scope decision_scope(const DecisionRow *d)
{
    return (Scope){.region = d->region, .adviser_id = d->case_adviser_id};
}

int screening_latest(Db *db, const char *programme, const char *kind, int64_t id, DecisionRow *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " DECISION_COLS " FROM screening_decisions WHERE programme = ?"
                                   " AND subject_kind = ? AND subject_id = ? ORDER BY id DESC LIMIT 1");
    if (!st)
        return -1;
    db_bind_text(st, 1, programme);
    db_bind_text(st, 2, kind);
    db_bind_int64(st, 3, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_decision(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int screening_for_subject(Db *db, const char *kind, int64_t id, DecisionList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " DECISION_COLS " FROM screening_decisions WHERE subject_kind = ?"
                                   " AND subject_id = ? ORDER BY id DESC LIMIT 100");
    if (!st)
        return -1;
    db_bind_text(st, 1, kind);
    db_bind_int64(st, 2, id);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 8;
            out->items = xrealloc(out->items, cap * sizeof *out->items);
        }
        read_decision(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    return 0;
}

void decision_list_free(DecisionList *l)
{
    for (size_t i = 0; i < l->n; i++)
        decision_row_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int fill_set(sqlite3_stmt *st, SubjectSet *s)
{
    memset(s, 0, sizeof s[0]);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->n == cap) {
            cap = cap ? cap * 2 : 64;
            s->keys = xrealloc(s->keys, cap * sizeof *s->keys);
        }
        char key[300];
        snprintf(key, sizeof key, "%s:%lld|%s", (const char *)sqlite3_column_text(st, 0),
                 (long long)sqlite3_column_int64(st, 1),
                 sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "");
        s->keys[s->n++] = xstrdup(key);
    }
    sqlite3_reset(st);
    if (s->n)
        qsort(s->keys, s->n, sizeof *s->keys, cmp_key);
    return 0;
}

int screening_decided(Db *db, const char *programme, SubjectSet *decided)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT subject_kind, subject_id, group_concat(decision) FROM screening_decisions"
                                   " WHERE programme = ? GROUP BY subject_kind, subject_id");
    if (!st)
        return -1;
    db_bind_text(st, 1, programme);
    return fill_set(st, decided);
}

int supported_elsewhere(Db *db, const char *programme, SubjectSet *other)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT subject_kind, subject_id, group_concat(DISTINCT programme) FROM cases"
                                   " WHERE programme <> ? GROUP BY subject_kind, subject_id");
    if (!st)
        return -1;
    db_bind_text(st, 1, programme);
    return fill_set(st, other);
}

const char *subject_set_find(const SubjectSet *s, const char *kind, int64_t id)
{
    char prefix[64];
    int n = snprintf(prefix, sizeof prefix, "%s:%lld|", kind, (long long)id);
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(s->keys[mid], prefix, (size_t)n);
        if (c == 0)
            return s->keys[mid] + n;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void subject_set_free(SubjectSet *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->keys[i]);
    free(s->keys);
    memset(s, 0, sizeof *s);
}
