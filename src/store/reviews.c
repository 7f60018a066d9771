/*
 * reviews.c - see reviews.h.
 *
 * Interpretations:
 * - "an accepted satisfactory review releases the next term's arrears
 *   payment" (issue 15 item 3): the earliest scheduled line paid in arrears
 *   of the case's accepted plan grant (RAF or RISE improvement grant) is
 *   made due; a recommendation to withhold is about the earliest line not
 *   yet paid (scheduled or due, not in an approved payment run).
 * - A review is missed when its term has ended (the day after the term's
 *   last day) and it was never submitted; a missed review recommends
 *   withholding like a red one.
 */
#include "store/reviews.h"

#include "core/date.h"
#include "core/log.h"
#include "store/audit.h"
#include "store/grant_ledger.h"
#include "store/matching.h"
#include "store/plans.h"
#include "store/terms.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("reviews: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

const char *review_status_label(const char *status)
{
    static const struct {
        const char *code, *label;
    } L[] = {{"due", "Due"},           {"draft", "Being written"},          {"submitted", "Waiting for review"},
             {"accepted", "Accepted"}, {"returned", "Returned with comments"}, {"missed", "Missed"},
             {"not-needed", "Not needed"}};
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (status && strcmp(status, L[i].code) == 0)
            return L[i].label;
    return "Unknown";
}

/* ---- free ---- */

void review_free(Review *r)
{
    if (!r)
        return;
    char **s[] = {&r->term_key,     &r->term_label,   &r->due_on,       &r->chair_feedback, &r->ceo_feedback,
                  &r->sustain,      &r->next_steps,   &r->written_by,   &r->written_at,     &r->submitted_at,
                  &r->decided_by,   &r->decided_at,   &r->decision_note};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
    for (size_t i = 0; i < r->n_ratings; i++) {
        free(r->ratings[i].label);
        free(r->ratings[i].evidence);
        free(r->ratings[i].mitigation);
    }
    free(r->ratings);
    memset(r, 0, sizeof *r);
}

void review_list_free(ReviewList *l)
{
    for (size_t i = 0; l && i < l->n; i++)
        review_free(&l->items[i]);
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

/* ---- scheduling ---- */

/* The approved plan of a case and the day it was approved. 1, 0 none, -1. */
static int approved_plan(Db *db, const Case *c, PlanRecord *rec, Date *approved_on)
{
    int rc = plan_load(db, c, rec);
    if (rc != 1)
        return rc;
    if (strcmp(rec->status, PLAN_APPROVED) != 0) {
        plan_record_free(rec);
        return 0;
    }
    *approved_on = DATE_NONE;
    sqlite3_stmt *st = db_stmt(db, "SELECT substr(COALESCE(decided_at, reviewed_at, submitted_at), 1, 10)"
                                   " FROM plan_versions WHERE case_id = ? AND outcome = 'approved'"
                                   " ORDER BY version DESC LIMIT 1");
    if (!st) {
        plan_record_free(rec);
        return -1;
    }
    db_bind_int64(st, 1, c->id);
    if (sqlite3_step(st) == SQLITE_ROW)
        *approved_on = date_parse((const char *)sqlite3_column_text(st, 0), NULL);
    sqlite3_reset(st);
    return 1;
}

int reviews_schedule(Db *db, int64_t case_id)
{
    Case c;
    int rc = case_get(db, case_id, &c);
    if (rc != 1)
        return rc == 0 ? 0 : -1;
    PlanRecord rec;
    Date approved_on;
    rc = approved_plan(db, &c, &rec, &approved_on);
    if (rc != 1) {
        case_free(&c);
        return rc;
    }
    SchoolTermList terms;
    Calendar cal = {0};
    int ret = -1;
    if (school_terms_list(db, &terms) == 0 && school_holidays_calendar(db, &cal) == 0) {
        int idx[64];
        size_t n = review_terms(&rec.draft, &rec.params, approved_on, terms.items, terms.n, idx, 64);
        int months = review_months(db, c.programme);
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO reviews (case_id, kind, term_key, term_label, plan_term, due_on)"
                                       " VALUES (?, 'termly', ?, ?, ?, ?) ON CONFLICT DO NOTHING");
        ret = st ? 0 : -1;
        for (size_t i = 0; ret == 0 && i < n; i++) {
            const SchoolTerm *t = &terms.items[idx[i]];
            char key[24], label[40], due[11];
            term_key(t, key, sizeof key);
            term_label(t, label, sizeof label);
            date_iso(term_review_due(t->ends, months, &cal), due);
            db_bind_int64(st, 1, case_id);
            db_bind_text(st, 2, key);
            db_bind_text(st, 3, label);
            db_bind_int64(st, 4, (int64_t)i);
            db_bind_text(st, 5, due);
            ret = done(db, st);
        }
    }
    free((void *)cal.school_holidays);
    school_term_list_free(&terms);
    plan_record_free(&rec);
    case_free(&c);
    return ret;
}

int reviews_schedule_all(Db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT p.case_id FROM plans p JOIN cases c ON c.id = p.case_id"
                                   " WHERE p.status = 'approved' AND c.status IN ('in progress','paused')");
    if (!st)
        return -1;
    size_t n = 0, cap = 0;
    int64_t *ids = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *g = realloc(ids, cap * sizeof *g);
            if (!g) {
                sqlite3_reset(st);
                free(ids);
                return -1;
            }
            ids = g;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = reviews_schedule(db, ids[i]);
    free(ids);
    return rc;
}

int case_has_termly_reviews(Db *db, int64_t case_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM reviews WHERE case_id = ? AND kind = 'termly' LIMIT 1");
    if (!st)
        return 0;
    db_bind_int64(st, 1, case_id);
    int yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return yes;
}

/* ---- reading ---- */

#define REVIEW_COLS                                                                                                \
    "id, case_id, kind, term_key, term_label, COALESCE(plan_term, -1), due_on, status, overall, body, written_by," \
    " written_at, on_behalf, submitted_at, decided_by, decided_at, decision_note"

static char *json_text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s ? strdup(s) : NULL;
}

static void read_row(sqlite3_stmt *st, Review *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->case_id = sqlite3_column_int64(st, 1);
    snprintf(r->kind, sizeof r->kind, "%s", (const char *)sqlite3_column_text(st, 2));
    r->term_key = db_col_dup(st, 3);
    r->term_label = db_col_dup(st, 4);
    r->plan_term = sqlite3_column_int(st, 5);
    r->due_on = db_col_dup(st, 6);
    snprintf(r->status, sizeof r->status, "%s", (const char *)sqlite3_column_text(st, 7));
    r->overall = overall_from_slug((const char *)sqlite3_column_text(st, 8));
    json_t *body = json_loads((const char *)sqlite3_column_text(st, 9), 0, NULL);
    if (body) {
        r->chair_feedback = json_text(body, "chair_feedback");
        r->ceo_feedback = json_text(body, "ceo_feedback");
        r->sustain = json_text(body, "sustain");
        r->next_steps = json_text(body, "next_steps");
        json_decref(body);
    }
    r->written_by = db_col_dup(st, 10);
    r->written_at = db_col_dup(st, 11);
    r->on_behalf = sqlite3_column_int(st, 12);
    r->submitted_at = db_col_dup(st, 13);
    r->decided_by = db_col_dup(st, 14);
    r->decided_at = db_col_dup(st, 15);
    r->decision_note = db_col_dup(st, 16);
}

int review_get(Db *db, int64_t id, Review *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " REVIEW_COLS " FROM reviews WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_row(st, out);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    st = db_stmt(db, "SELECT path, label, rating, evidence, mitigation, stop FROM review_ratings WHERE review_id = ?"
                     " ORDER BY position");
    if (!st) {
        review_free(out);
        return -1;
    }
    db_bind_int64(st, 1, id);
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n_ratings == cap) {
            cap = cap ? cap * 2 : 16;
            ReviewRatingRow *g = realloc(out->ratings, cap * sizeof *g);
            if (!g)
                break;
            out->ratings = g;
        }
        ReviewRatingRow *x = &out->ratings[out->n_ratings++];
        memset(x, 0, sizeof *x);
        snprintf(x->path, sizeof x->path, "%s", (const char *)sqlite3_column_text(st, 0));
        x->label = db_col_dup(st, 1);
        x->rating = rag_from_slug((const char *)sqlite3_column_text(st, 2));
        x->evidence = db_col_dup(st, 3);
        x->mitigation = db_col_dup(st, 4);
        x->stop = sqlite3_column_int(st, 5);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        review_free(out);
        return -1;
    }
    return 1;
}

int reviews_for_case(Db *db, int64_t case_id, ReviewList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " REVIEW_COLS " FROM reviews WHERE case_id = ? ORDER BY due_on, id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 8;
            Review *g = realloc(out->items, cap * sizeof *g);
            if (!g)
                break;
            out->items = g;
        }
        read_row(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        review_list_free(out);
        return -1;
    }
    return 0;
}

int review_form_of(Db *db, const Case *c, ReviewItem *items, size_t max, int *tier3, int *is_trust)
{
    PlanRecord rec;
    Date approved_on;
    int rc = approved_plan(db, c, &rec, &approved_on);
    *tier3 = 0;
    *is_trust = c->subject_kind && strcmp(c->subject_kind, "trust") == 0;
    if (rc != 1)
        return rc == 0 ? 0 : -1;
    *tier3 = rec.draft.kind == PLAN_RAF && rec.draft.tier == 3;
    size_t n = review_items(&rec.draft, items, max);
    plan_record_free(&rec);
    return (int)n;
}

/* ---- changes ---- */

typedef struct Change {
    Review r;
    char rid[24], now[32], today[11];
} Change;

static int open_change(Db *db, const Case *c, int64_t id, Change *x, const char **why)
{
    memset(x, 0, sizeof *x);
    if (db_begin(db) != 0)
        return CW_ERROR;
    int rc = review_get(db, id, &x->r);
    if (rc != 1 || x->r.case_id != c->id) {
        if (rc == 1)
            review_free(&x->r);
        db_rollback(db);
        return rc < 0 ? CW_ERROR : CW_NOT_FOUND;
    }
    snprintf(x->rid, sizeof x->rid, "%lld", (long long)id);
    log_timestamp(x->now);
    date_iso(date_local(0), x->today);
    if ((*why = casework_case_editable(c->status)) != NULL)
        return CW_REFUSED;
    return CW_OK;
}

static int close_change(Db *db, Change *x, int ret)
{
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    review_free(&x->r);
    return ret;
}

/* Is the actor outside DfE (so not "on behalf")? */
static int external(Db *db, const Actor *actor)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT role IN ('school','supporting-organisation') FROM users WHERE id = ?");
    if (!st)
        return 0;
    db_bind_int64(st, 1, actor->user_id);
    int ext = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return ext;
}

static int write_ratings(Db *db, int64_t id, const ReviewIn *in, const ReviewItem *items, size_t n_items)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM review_ratings WHERE review_id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    if (done(db, st) != 0)
        return -1;
    st = db_stmt(db, "INSERT INTO review_ratings (review_id, path, position, label, rating, evidence, mitigation,"
                     " stop) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return -1;
    for (size_t i = 0; i < n_items; i++) {
        const ReviewRatingIn *r = i < in->n ? &in->ratings[i] : NULL;
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, items[i].path);
        db_bind_int64(st, 3, (int64_t)i);
        db_bind_text(st, 4, items[i].label);
        db_bind_text(st, 5, r ? rag_slug(r->rating) : NULL);
        db_bind_text(st, 6, r && r->evidence && *r->evidence ? r->evidence : NULL);
        db_bind_text(st, 7, r && r->mitigation && *r->mitigation ? r->mitigation : NULL);
        db_bind_int64(st, 8, r ? r->stop : 0);
        if (done(db, st) != 0)
            return -1;
    }
    return 0;
}

static char *body_json(const ReviewIn *in)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    const char *keys[] = {"chair_feedback", "ceo_feedback", "sustain", "next_steps"};
    const char *vals[] = {in->chair_feedback, in->ceo_feedback, in->sustain, in->next_steps};
    for (size_t i = 0; i < 4; i++)
        if (vals[i] && *vals[i])
            json_object_set_new(o, keys[i], json_string(vals[i]));
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static void review_path(const Review *r, char *out, size_t len)
{
    snprintf(out, len, "/reviews/%lld", (long long)r->id);
}

int review_save(Db *db, const Actor *actor, const Case *c, int64_t id, const ReviewIn *in, int submit,
                ReviewProblem *problems, size_t *n_problems, const char **why)
{
    *n_problems = 0;
    Change x;
    int ret = open_change(db, c, id, &x, why);
    if (ret != CW_OK)
        return close_change(db, &x, ret);
    const char *s = x.r.status;
    if (strcmp(s, "due") != 0 && strcmp(s, "draft") != 0 && strcmp(s, "returned") != 0 && strcmp(s, "missed") != 0) {
        *why = strcmp(s, "submitted") == 0 ? "The review has been submitted: it is waiting for its reviewer"
                                           : "The review is closed: it cannot be changed";
        return close_change(db, &x, CW_REFUSED);
    }
    ReviewItem items[PLAN_MAX_ACTIONS + PLAN_MAX_AREAS + PLAN_MAX_OBJECTIVES];
    int tier3 = 0, trust = 0, n_items = 0;
    int progress = strcmp(x.r.kind, "progress") == 0;
    if (!progress) {
        n_items = review_form_of(db, c, items, sizeof items / sizeof items[0], &tier3, &trust);
        if (n_items < 0)
            return close_change(db, &x, CW_ERROR);
    }
    if (submit) {
        *n_problems = review_check(in, items, (size_t)n_items, tier3, trust, progress, problems, REVIEW_MAX_PROBLEMS);
        if (*n_problems) {
            *why = "The review is not complete";
            return close_change(db, &x, CW_REFUSED);
        }
    }
    const char *to = submit ? "submitted" : "draft";
    char *body = body_json(in);
    int ext = external(db, actor);
    sqlite3_stmt *st = db_stmt(db, "UPDATE reviews SET status = ?, overall = ?, body = ?, written_by = ?,"
                                   " written_at = ?, on_behalf = ?, submitted_at = CASE WHEN ?7 THEN ?5 ELSE"
                                   " submitted_at END WHERE id = ?");
    ret = CW_ERROR;
    if (body && st) {
        db_bind_text(st, 1, to);
        db_bind_text(st, 2, overall_slug(in->overall));
        db_bind_text(st, 3, body);
        db_bind_text(st, 4, actor->label);
        db_bind_text(st, 5, x.now);
        db_bind_int64(st, 6, !ext);
        db_bind_int64(st, 7, submit);
        db_bind_int64(st, 8, id);
        AuditChange ch[2] = {{"status", x.r.status, to}, {"overall", NULL, overall_slug(in->overall)}};
        if (done(db, st) == 0 && write_ratings(db, id, in, items, (size_t)n_items) == 0 &&
            audit_append(db, actor, submit ? "review.submit" : "review.save", "review", x.rid, ch, 2,
                         ext ? NULL : "Written on the provider's behalf") == 0)
            ret = CW_OK;
    }
    free(body);
    if (ret == CW_OK && submit) {
        char what[300], path[48];
        snprintf(what, sizeof what, "The %s review for %s is submitted: review it and accept it or return it",
                 x.r.term_label, c->subject_name);
        review_path(&x.r, path, sizeof path);
        if (case_tell_team(db, actor, "review-step", c, what, path) != 0)
            ret = CW_ERROR;
    }
    return close_change(db, &x, ret);
}

/* The case's accepted plan grant's lines: the next scheduled arrears line
   (release), or the next unpaid line not in an approved run (withhold). */
static int64_t next_line(Db *db, int64_t case_id, int release)
{
    sqlite3_stmt *st = db_stmt(
        db, release ? "SELECT l.id FROM grant_lines l JOIN grants g ON g.id = l.grant_id"
                      " WHERE g.case_id = ? AND g.kind IN ('raf','improvement') AND g.status = 'accepted'"
                      " AND l.status = 'scheduled' AND l.pay_when = 'arrears' ORDER BY l.position LIMIT 1"
                    : "SELECT l.id FROM grant_lines l JOIN grants g ON g.id = l.grant_id"
                      " LEFT JOIN payment_runs r ON r.id = l.run_id"
                      " WHERE g.case_id = ? AND g.kind IN ('raf','improvement') AND g.status IN ('offered','accepted')"
                      " AND l.status IN ('scheduled','due') AND (r.id IS NULL OR r.status = 'prepared')"
                      " ORDER BY l.position LIMIT 1");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

static int open_engagement_concern(Db *db, int64_t case_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM case_concerns WHERE case_id = ? AND status IN ('open','escalated')");
    if (!st)
        return 0;
    db_bind_int64(st, 1, case_id);
    int yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return yes;
}

static int recommend(Db *db, const Actor *actor, const Case *c, int64_t review_id, const char *cause,
                     const char *reason, const char *now)
{
    int64_t line = next_line(db, c->id, 0);
    if (line < 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO withhold_recommendations (case_id, review_id, cause, reason, line_id,"
                                   " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->id);
    db_bind_int64(st, 2, review_id);
    db_bind_text(st, 3, cause);
    db_bind_text(st, 4, reason);
    if (line)
        db_bind_int64(st, 5, line);
    else
        sqlite3_bind_null(st, 5);
    db_bind_text(st, 6, now);
    db_bind_text(st, 7, actor->label);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (!id)
        return -1;
    char rid[24], what[400], path[64];
    snprintf(rid, sizeof rid, "%lld", (long long)id);
    AuditChange ch[2] = {{"cause", NULL, cause}, {"reason", NULL, reason}};
    snprintf(what, sizeof what, "Withholding the next payment for %s is recommended: %s. Confirm it or dismiss it",
             c->subject_name, reason);
    snprintf(path, sizeof path, "/cases/%lld/monitoring", (long long)c->id);
    return audit_append(db, actor, "recommendation.add", "case", rid, ch, 2, reason) == 0 &&
                   case_tell_team(db, actor, "review-step", c, what, path) == 0
               ? 0
               : -1;
}

/* The case's task of kind "monitoring": in progress while termly reviews
   remain, completed when every one is accepted (or no longer needed);
   audited on the case when it changes, and the case refreshed. */
static int monitoring_task(Db *db, const Actor *actor, const Case *c, const char *today)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM reviews WHERE case_id = ? AND kind = 'termly'"
                                   " AND status NOT IN ('accepted','not-needed')");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->id);
    int64_t left = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (left < 0)
        return -1;
    TaskStatus to = left ? TASK_IN_PROGRESS : TASK_COMPLETED;
    int changed = case_task_kind_set(db, actor, c->id, "monitoring", to, today);
    if (changed <= 0)
        return changed;
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c->id);
    AuditChange ch = {"monitoring task", NULL, task_status_name(to)};
    return audit_append(db, actor, "case.task", "case", cid, &ch, 1, "A termly review was accepted") == 0 &&
                   case_refresh(db, c->id) == 0
               ? 0
               : -1;
}

int review_decide(Db *db, const Actor *actor, const Case *c, int64_t id, int accept, const char *note,
                  const char **why)
{
    Change x;
    int ret = open_change(db, c, id, &x, why);
    if (ret != CW_OK)
        return close_change(db, &x, ret);
    if (strcmp(x.r.status, "submitted") != 0) {
        *why = "Only a submitted review can be accepted or returned";
        return close_change(db, &x, CW_REFUSED);
    }
    if (!accept && (!note || !*note)) {
        *why = "Say what needs to change before the review is submitted again";
        return close_change(db, &x, CW_REFUSED);
    }
    const char *to = accept ? "accepted" : "returned";
    sqlite3_stmt *st = db_stmt(db, "UPDATE reviews SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?"
                                   " WHERE id = ?");
    if (!st)
        return close_change(db, &x, CW_ERROR);
    db_bind_text(st, 1, to);
    db_bind_text(st, 2, actor->label);
    db_bind_text(st, 3, x.now);
    db_bind_text(st, 4, note && *note ? note : NULL);
    db_bind_int64(st, 5, id);
    AuditChange ch = {"status", x.r.status, to};
    if (done(db, st) != 0 ||
        audit_append(db, actor, accept ? "review.accept" : "review.return", "review", x.rid, &ch, 1, note) != 0)
        return close_change(db, &x, CW_ERROR);
    char what[400], path[48];
    review_path(&x.r, path, sizeof path);
    if (!accept) {
        snprintf(what, sizeof what, "The %s review for %s is returned: %s", x.r.term_label, c->subject_name, note);
        ret = c->matched_provider
                  ? case_tell_provider(db, actor, "review-step", c->matched_provider, c->id, what, path)
                  : 0;
        return close_change(db, &x, ret == 0 ? CW_OK : CW_ERROR);
    }
    /* the money follows (termly reviews of a funded plan) */
    if (strcmp(x.r.kind, "termly") == 0) {
        Rag rags[PLAN_MAX_ACTIONS + PLAN_MAX_AREAS + PLAN_MAX_OBJECTIVES];
        size_t n = 0;
        for (size_t i = 0; i < x.r.n_ratings && n < sizeof rags / sizeof rags[0]; i++)
            rags[n++] = x.r.ratings[i].rating;
        const char *cause = NULL;
        char reason[200];
        ReviewMoney m = review_money(x.r.overall, rags, n, open_engagement_concern(db, c->id), &cause, reason,
                                     sizeof reason);
        if (m == MONEY_RELEASE) {
            int64_t line = next_line(db, c->id, 1);
            char full[300];
            snprintf(full, sizeof full, "%s: %s", x.r.term_label, reason);
            if (line < 0 || (line > 0 && grant_line_move(db, actor, line, OP_MAKE_DUE, full, 0, NULL, 0, NULL,
                                                         NULL) != 0))
                return close_change(db, &x, CW_ERROR);
        } else if (recommend(db, actor, c, id, cause, reason, x.now) != 0) {
            return close_change(db, &x, CW_ERROR);
        }
    }
    /* the case's monitoring task: under way, and done once every termly review is accepted */
    if (strcmp(x.r.kind, "termly") == 0 && monitoring_task(db, actor, c, x.today) != 0)
        return close_change(db, &x, CW_ERROR);
    snprintf(what, sizeof what, "The %s review for %s is accepted", x.r.term_label, c->subject_name);
    ret = c->matched_provider ? case_tell_provider(db, actor, "review-step", c->matched_provider, c->id, what, path)
                              : 0;
    return close_change(db, &x, ret == 0 ? CW_OK : CW_ERROR);
}

int review_progress_open(Db *db, const Actor *actor, const Case *c, const char *today, int64_t *id,
                         const char **why)
{
    *id = 0;
    if ((*why = casework_case_editable(c->status)) != NULL)
        return CW_REFUSED;
    SchoolTermList terms;
    Calendar cal = {0};
    if (school_terms_list(db, &terms) != 0 || school_holidays_calendar(db, &cal) != 0) {
        school_term_list_free(&terms);
        return CW_ERROR;
    }
    int at = term_at(terms.items, terms.n, date_parse(today, NULL));
    int ret = CW_ERROR;
    if (at < 0) {
        *why = "No school terms are set for today: an administrator sets them under Programme settings";
        ret = CW_REFUSED;
    } else if (db_begin(db) == 0) {
        const SchoolTerm *t = &terms.items[at];
        char key[24], label[40], due[11], now[32];
        term_key(t, key, sizeof key);
        term_label(t, label, sizeof label);
        date_iso(term_review_due(t->ends, review_months(db, c->programme), &cal), due);
        log_timestamp(now);
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO reviews (case_id, kind, term_key, term_label, due_on)"
                                       " VALUES (?, 'progress', ?, ?, ?) ON CONFLICT DO UPDATE SET kind = kind"
                                       " RETURNING id");
        if (st) {
            db_bind_int64(st, 1, c->id);
            db_bind_text(st, 2, key);
            db_bind_text(st, 3, label);
            db_bind_text(st, 4, due);
            if (sqlite3_step(st) == SQLITE_ROW)
                *id = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
        }
        char rid[24];
        snprintf(rid, sizeof rid, "%lld", (long long)*id);
        AuditChange ch = {"term", NULL, label};
        if (*id && audit_append(db, actor, "review.open", "review", rid, &ch, 1, NULL) == 0 && db_commit(db) == 0)
            ret = CW_OK;
        else
            db_rollback(db);
    }
    free((void *)cal.school_holidays);
    school_term_list_free(&terms);
    return ret;
}

/* ---- recommendations ---- */

void recommendation_list_free(RecommendationList *l)
{
    for (size_t i = 0; l && i < l->n; i++) {
        Recommendation *r = &l->items[i];
        char **s[] = {&r->cause,      &r->reason,     &r->status,        &r->created_at, &r->created_by,
                      &r->decided_by, &r->decided_at, &r->decision_note, &r->line_label};
        for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
            free(*s[k]);
    }
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

int recommendations_for_case(Db *db, int64_t case_id, RecommendationList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT w.id, w.case_id, COALESCE(w.review_id, 0), COALESCE(w.line_id, 0), w.cause,"
                                   " w.reason, w.status, w.created_at, w.created_by, w.decided_by, w.decided_at,"
                                   " w.decision_note, l.label, COALESCE(l.amount, 0)"
                                   " FROM withhold_recommendations w LEFT JOIN grant_lines l ON l.id = w.line_id"
                                   " WHERE w.case_id = ? ORDER BY w.id DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 4;
            Recommendation *g = realloc(out->items, cap * sizeof *g);
            if (!g)
                break;
            out->items = g;
        }
        Recommendation *r = &out->items[out->n++];
        r->id = sqlite3_column_int64(st, 0);
        r->case_id = sqlite3_column_int64(st, 1);
        r->review_id = sqlite3_column_int64(st, 2);
        r->line_id = sqlite3_column_int64(st, 3);
        char **s[] = {&r->cause,      &r->reason,     &r->status,        &r->created_at, &r->created_by,
                      &r->decided_by, &r->decided_at, &r->decision_note, &r->line_label};
        for (int k = 0; k < 9; k++)
            *s[k] = db_col_dup(st, 4 + k);
        r->line_amount = sqlite3_column_int64(st, 13);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        recommendation_list_free(out);
        return -1;
    }
    return 0;
}

int recommendation_decide(Db *db, const Actor *actor, const Case *c, int64_t id, int confirm, const char *note,
                          const char **why)
{
    if (!confirm && (!note || !*note)) {
        *why = "Say why the payment should not be withheld";
        return CW_REFUSED;
    }
    if (db_begin(db) != 0)
        return CW_ERROR;
    sqlite3_stmt *st = db_stmt(db, "SELECT status, reason, COALESCE(line_id, 0) FROM withhold_recommendations"
                                   " WHERE id = ? AND case_id = ?");
    if (!st) {
        db_rollback(db);
        return CW_ERROR;
    }
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, c->id);
    char status[16] = "", reason[400] = "";
    int64_t line = 0;
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        snprintf(status, sizeof status, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(reason, sizeof reason, "%s", (const char *)sqlite3_column_text(st, 1));
        line = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (!found) {
        db_rollback(db);
        return CW_NOT_FOUND;
    }
    if (strcmp(status, "open") != 0) {
        db_rollback(db);
        *why = "This recommendation has already been decided";
        return CW_REFUSED;
    }
    char now[32], rid[24], full[700];
    log_timestamp(now);
    snprintf(rid, sizeof rid, "%lld", (long long)id);
    snprintf(full, sizeof full, "%s%s%s", reason, note && *note ? ". " : "", note && *note ? note : "");
    int ret = CW_OK;
    if (confirm) {
        /* the payment named when it was made, or the next one still unpaid */
        int rc = line ? grant_line_move(db, actor, line, OP_WITHHOLD, full, 0, NULL, 0, NULL, NULL) : 1;
        if (rc == 1) {
            int64_t next = next_line(db, c->id, 0);
            rc = next > 0 ? grant_line_move(db, actor, next, OP_WITHHOLD, full, 0, NULL, 0, NULL, NULL) : next;
            line = next;
        }
        if (rc < 0) {
            ret = CW_ERROR;
        } else if (rc == 1 || line == 0) {
            *why = "No payment of the case's grant is left to withhold";
            ret = CW_REFUSED;
        }
    }
    const char *to = confirm ? "confirmed" : "dismissed";
    if (ret == CW_OK) {
        st = db_stmt(db, "UPDATE withhold_recommendations SET status = ?, decided_by = ?, decided_at = ?,"
                         " decision_note = ?, line_id = COALESCE(?, line_id) WHERE id = ?");
        AuditChange ch = {"status", "open", to};
        if (!st)
            ret = CW_ERROR;
        else {
            db_bind_text(st, 1, to);
            db_bind_text(st, 2, actor->label);
            db_bind_text(st, 3, now);
            db_bind_text(st, 4, note && *note ? note : NULL);
            if (line)
                db_bind_int64(st, 5, line);
            else
                sqlite3_bind_null(st, 5);
            db_bind_int64(st, 6, id);
            if (done(db, st) != 0 ||
                audit_append(db, actor, confirm ? "recommendation.confirm" : "recommendation.dismiss", "case", rid,
                             &ch, 1, full) != 0)
                ret = CW_ERROR;
        }
    }
    if (ret == CW_OK && db_commit(db) == 0)
        return CW_OK;
    db_rollback(db);
    return ret == CW_OK ? CW_ERROR : ret;
}

int reviews_sweep(Db *db, const Actor *actor, const char *today, size_t *n)
{
    *n = 0;
    /* the term's last day comes from school_terms by the review's key */
    sqlite3_stmt *st = db_stmt(db, "SELECT r.id, r.case_id FROM reviews r JOIN cases c ON c.id = r.case_id"
                                   " JOIN school_terms t ON printf('%04d-%02d-%s', t.year, (t.year + 1) % 100, t.term)"
                                   "   = r.term_key"
                                   " WHERE r.status IN ('due','draft','returned') AND t.ends_on < ?"
                                   " AND c.status = 'in progress' ORDER BY r.id");
    if (!st)
        return -1;
    db_bind_text(st, 1, today);
    int64_t (*ids)[2] = NULL;
    size_t m = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (m == cap) {
            cap = cap ? cap * 2 : 16;
            void *g = realloc(ids, cap * sizeof *ids);
            if (!g)
                break;
            ids = g;
        }
        ids[m][0] = sqlite3_column_int64(st, 0);
        ids[m][1] = sqlite3_column_int64(st, 1);
        m++;
    }
    sqlite3_reset(st);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < m; i++) {
        Case c;
        if (case_get(db, ids[i][1], &c) != 1) {
            rc = -1;
            break;
        }
        Review r;
        char now[32], rid[24];
        log_timestamp(now);
        snprintf(rid, sizeof rid, "%lld", (long long)ids[i][0]);
        rc = db_begin(db);
        if (rc == 0 && review_get(db, ids[i][0], &r) == 1) {
            st = db_stmt(db, "UPDATE reviews SET status = 'missed' WHERE id = ?");
            AuditChange ch = {"status", r.status, "missed"};
            char reason[200];
            snprintf(reason, sizeof reason, "The %s review was not submitted before the term ended", r.term_label);
            rc = st ? 0 : -1;
            if (rc == 0) {
                db_bind_int64(st, 1, ids[i][0]);
                rc = done(db, st);
            }
            if (rc == 0)
                rc = audit_append(db, actor, "review.missed", "review", rid, &ch, 1, reason);
            if (rc == 0 && strcmp(r.kind, "termly") == 0)
                rc = recommend(db, actor, &c, ids[i][0], "missed", reason, now);
            review_free(&r);
            if (rc == 0)
                rc = db_commit(db);
            if (rc != 0)
                db_rollback(db);
            else
                (*n)++;
        } else if (rc == 0) {
            db_rollback(db);
        }
        case_free(&c);
    }
    free(ids);
    return rc;
}

/* ---- views ---- */

void review_due_list_free(ReviewDueList *l)
{
    for (size_t i = 0; l && i < l->n; i++) {
        ReviewDue *d = &l->items[i];
        free(d->school);
        free(d->region);
        free(d->term_label);
        free(d->due_on);
        free(d->status);
        free(d->owner);
    }
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

#define DUE_WHERE                                                                                                   \
    " FROM reviews r JOIN cases c ON c.id = r.case_id"                                                              \
    " WHERE r.status NOT IN ('accepted','not-needed') AND r.due_on <= ?1 AND c.status IN ('in progress','paused')" \
    " AND (?2 IS NULL OR c.region = ?2)"                                                                           \
    " AND (?3 = 0 OR c.delivery_officer_id = ?3 OR c.adviser_id = ?3)"                                             \
    " AND (?4 = 0 OR EXISTS (SELECT 1 FROM case_providers k WHERE k.case_id = c.id AND k.organisation_id = ?4"    \
    "   AND k.status = 'matched'))"

int reviews_due(Db *db, const char *region, int64_t user_id, int64_t org_id, const char *today, const char *until,
                size_t offset, size_t limit, ReviewDueList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT COUNT(*), COALESCE(SUM(r.due_on < ?5), 0)" DUE_WHERE);
    if (!st)
        return -1;
    db_bind_text(st, 1, until);
    db_bind_text(st, 2, region);
    db_bind_int64(st, 3, user_id);
    db_bind_int64(st, 4, org_id);
    db_bind_text(st, 5, today);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->total = sqlite3_column_int64(st, 0);
        out->overdue = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    st = db_stmt(db, "SELECT r.id, c.id, c.subject_name, c.region, r.term_label, r.due_on, r.status,"
                     " (SELECT u.name FROM users u WHERE u.id = c.delivery_officer_id)" DUE_WHERE " ORDER BY r.due_on, r.id LIMIT ?6 OFFSET ?7");
    if (!st)
        return -1;
    db_bind_text(st, 1, until);
    db_bind_text(st, 2, region);
    db_bind_int64(st, 3, user_id);
    db_bind_int64(st, 4, org_id);
    db_bind_int64(st, 6, (int64_t)limit);
    db_bind_int64(st, 7, (int64_t)offset);
    out->items = calloc(limit ? limit : 1, sizeof *out->items);
    if (!out->items) {
        sqlite3_reset(st);
        return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < limit) {
        ReviewDue *d = &out->items[out->n++];
        d->review_id = sqlite3_column_int64(st, 0);
        d->case_id = sqlite3_column_int64(st, 1);
        d->school = db_col_dup(st, 2);
        d->region = db_col_dup(st, 3);
        d->term_label = db_col_dup(st, 4);
        d->due_on = db_col_dup(st, 5);
        d->status = db_col_dup(st, 6);
        d->owner = db_col_dup(st, 7);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        review_due_list_free(out);
        return -1;
    }
    return 0;
}

void rating_chart_free(RatingChart *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_terms; i++)
        free(c->terms[i]);
    for (size_t i = 0; i < c->n_series; i++)
        free(c->series[i].label);
    free(c->series);
    memset(c, 0, sizeof *c);
}

int review_chart(Db *db, int64_t case_id, RatingChart *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, term_label, overall FROM reviews WHERE case_id = ? AND kind = 'termly'"
                                   " AND status IN ('submitted','accepted') ORDER BY due_on LIMIT 12");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    int64_t ids[12];
    while (sqlite3_step(st) == SQLITE_ROW && out->n_terms < 12) {
        ids[out->n_terms] = sqlite3_column_int64(st, 0);
        out->terms[out->n_terms] = db_col_dup(st, 1);
        out->overall[out->n_terms] = overall_from_slug((const char *)sqlite3_column_text(st, 2));
        out->n_terms++;
    }
    sqlite3_reset(st);
    st = db_stmt(db, "SELECT path, label, rating FROM review_ratings WHERE review_id = ? ORDER BY position");
    if (!st)
        return -1;
    size_t cap = 0;
    for (size_t t = 0; t < out->n_terms; t++) {
        db_bind_int64(st, 1, ids[t]);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *path = (const char *)sqlite3_column_text(st, 0);
            RatingSeries *s = NULL;
            for (size_t i = 0; i < out->n_series; i++)
                if (strcmp(out->series[i].path, path) == 0)
                    s = &out->series[i];
            if (!s) {
                if (out->n_series == cap) {
                    cap = cap ? cap * 2 : 16;
                    RatingSeries *g = realloc(out->series, cap * sizeof *g);
                    if (!g)
                        break;
                    out->series = g;
                }
                s = &out->series[out->n_series++];
                memset(s, 0, sizeof *s);
                snprintf(s->path, sizeof s->path, "%s", path);
                s->label = db_col_dup(st, 1);
            }
            s->ratings[t] = rag_from_slug((const char *)sqlite3_column_text(st, 2));
            s->n = out->n_terms;
        }
        sqlite3_reset(st);
    }
    for (size_t i = 0; i < out->n_series; i++)
        out->series[i].n = out->n_terms;
    return 0;
}
