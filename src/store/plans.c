/*
 * plans.c - a case's plan: draft, versions, sign-offs, review and
 * approval (issue 13; store/plans.h says the life of a plan, decision 0018
 * why it is kept this way). Every change is one transaction with its audit
 * row, completes or reopens the plan's tasks (kinds plan, plan-sign,
 * plan-review, plan-approve) and queues the hand-over emails ("plan-step").
 */
#include "store/plans.h"
#include "store/grants.h"

#include "core/date.h"
#include "core/log.h"
#include "domain/plan_document.h"
#include "store/audit.h"
#include "store/programme_params.h"
#include "store/matching.h"
#include "store/messages.h"
#include "store/reviews.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int case_task_kind_is_plan(const char *kind)
{
    return kind && (strcmp(kind, "plan") == 0 || strcmp(kind, "plan-sign") == 0 ||
                    strcmp(kind, "plan-review") == 0 || strcmp(kind, "plan-approve") == 0);
}

const char *plan_status_label(const char *status)
{
    static const struct {
        const char *code, *label;
    } L[] = {
        {PLAN_DRAFT, "Draft"},
        {PLAN_SIGNING, "Waiting for the school's sign-off"},
        {PLAN_REVIEW, "Being reviewed"},
        {PLAN_APPROVAL, "Waiting for DfE's approval"},
        {PLAN_APPROVED, "Approved"},
        {PLAN_RETURNED, "Returned with comments"},
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (status && strcmp(status, L[i].code) == 0)
            return L[i].label;
    return "Not started";
}

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("plans: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

static void now_stamp(char out[32])
{
    log_timestamp(out);
}

static void today_iso(char out[11])
{
    date_iso(date_local(0), out);
}

/* ---- parameters and kind ---- */

int plan_params_load(Db *db, const char *programme, PlanParams *out)
{
    plan_params_default(out);
    static const ProgrammeParam K[] = {
        {"plan_max_areas", offsetof(PlanParams, max_areas), 0},
        {"plan_funded_terms", offsetof(PlanParams, funded_terms), 0},
        {"plan_cap_tier2", offsetof(PlanParams, cap_tier2), 1},
        {"plan_cap_tier3", offsetof(PlanParams, cap_tier3), 1},
        {"plan_coord_cap_tier2", offsetof(PlanParams, coord_cap_tier2), 1},
        {"plan_coord_cap_tier3", offsetof(PlanParams, coord_cap_tier3), 1},
        {"plan_tier1_days", offsetof(PlanParams, tier1_days), 0},
        {"plan_days", offsetof(PlanParams, tsio_days), 0},
        {"plan_nlg_days", offsetof(PlanParams, nlg_days), 0},
        {"plan_reserves_percent", offsetof(PlanParams, reserves_percent), 0},
        {"plan_band_1", offsetof(PlanParams, band_amount) + sizeof(int64_t), 1},
        {"plan_band_2", offsetof(PlanParams, band_amount) + 2 * sizeof(int64_t), 1},
        {"plan_band_3", offsetof(PlanParams, band_amount) + 3 * sizeof(int64_t), 1},
        {"plan_min_months", offsetof(PlanParams, min_months), 0},
        {"plan_max_months", offsetof(PlanParams, max_months), 0},
    };
    return programme_params_fill(db, programme, K, sizeof K / sizeof K[0], out);
}

/* The tier the case was opened for ("tier-2"), or NULL. */
static char *case_tier(Db *db, int64_t case_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT suggested FROM screening_decisions WHERE case_id = ?"
                                   " ORDER BY id DESC LIMIT 1");
    if (!st)
        return NULL;
    db_bind_int64(st, 1, case_id);
    char *t = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        t = db_col_dup(st, 0);
    sqlite3_reset(st);
    return t;
}

static int tier_number(const char *tier)
{
    if (!tier)
        return 0;
    if (strcmp(tier, "tier-1") == 0)
        return 1;
    if (strcmp(tier, "tier-2") == 0)
        return 2;
    if (strcmp(tier, "tier-3") == 0)
        return 3;
    return 0;
}

int plan_case_tier(Db *db, int64_t case_id)
{
    char *tier = case_tier(db, case_id);
    int tn = tier_number(tier);
    free(tier);
    return tn;
}

/* ---- loading ---- */

void plan_record_free(PlanRecord *r)
{
    if (!r)
        return;
    plan_free(&r->draft);
    free(r->updated_at);
    free(r->updated_by);
    free(r->organisation);
    memset(r, 0, sizeof *r);
}

int plan_load(Db *db, const Case *c, PlanRecord *out)
{
    memset(out, 0, sizeof *out);
    char *tier = case_tier(db, c->id);
    PlanKind kind = plan_kind_for(c->programme, tier);
    int tn = tier_number(tier);
    free(tier);
    if (kind == PLAN_NONE)
        return 0;
    if (strcmp(c->programme, "si-2019-20") == 0 && tn == 0)
        tn = 2; /* added by exception: the RAF, with Tier 2's caps (interpretation, decision 0018) */
    out->case_id = c->id;
    out->kind = kind;
    if (plan_params_load(db, c->programme, &out->params) != 0)
        return -1;
    plan_init(&out->draft, kind);
    snprintf(out->status, sizeof out->status, "%s", PLAN_DRAFT);
    sqlite3_stmt *st = db_stmt(db, "SELECT status, draft, version, updated_at, updated_by FROM plans WHERE case_id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out->status, sizeof out->status, "%s", (const char *)sqlite3_column_text(st, 0));
        if (plan_from_json(&out->draft, (const char *)sqlite3_column_text(st, 1)) != 0)
            log_error("plans: case %lld: its draft is not a plan", (long long)c->id);
        out->version = sqlite3_column_int(st, 2);
        out->updated_at = db_col_dup(st, 3);
        out->updated_by = db_col_dup(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        plan_record_free(out);
        return -1;
    }
    /* what the case says, whatever the draft held */
    out->draft.kind = kind;
    out->draft.tier = tn;
    out->draft.is_trust = c->subject_kind && strcmp(c->subject_kind, "trust") == 0;
    out->organisation_id = c->matched_provider;
    if (c->matched_provider) {
        st = db_stmt(db, "SELECT name FROM organisations WHERE id = ?");
        if (!st) {
            plan_record_free(out);
            return -1;
        }
        db_bind_int64(st, 1, c->matched_provider);
        if (sqlite3_step(st) == SQLITE_ROW)
            out->organisation = db_col_dup(st, 0);
        sqlite3_reset(st);
    }
    return 1;
}

const char *plan_edit_refusal(const Case *c, const PlanRecord *r)
{
    const char *why = casework_case_editable(c->status);
    if (why)
        return why;
    if (strcmp(r->status, PLAN_DRAFT) == 0 || strcmp(r->status, PLAN_RETURNED) == 0)
        return NULL;
    if (strcmp(r->status, PLAN_APPROVED) == 0)
        return "The plan is approved: it can no longer be changed";
    return "The plan has been submitted: it can be changed again only if it is returned with comments";
}

/* ---- the frame of a change ---- */

typedef struct Change {
    PlanRecord rec;
    CaseTaskList tasks;
    Case c; /* read again inside the transaction */
    char cid[24], today[11], now[32];
    int external; /* the actor is outside DfE */
} Change;

static int actor_external(Db *db, const Actor *actor)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT role IN ('school','supporting-organisation') FROM users WHERE id = ?");
    if (!st)
        return 0;
    db_bind_int64(st, 1, actor->user_id);
    int ext = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return ext;
}

static int change_open(Db *db, const Actor *actor, int64_t case_id, Change *x, const char **why)
{
    memset(x, 0, sizeof *x);
    if (db_begin(db) != 0)
        return CW_ERROR;
    int rc = case_get(db, case_id, &x->c);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    rc = plan_load(db, &x->c, &x->rec);
    if (rc != 1 || case_tasks(db, case_id, &x->tasks) != 0) {
        case_free(&x->c);
        plan_record_free(&x->rec);
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    snprintf(x->cid, sizeof x->cid, "%lld", (long long)case_id);
    today_iso(x->today);
    now_stamp(x->now);
    x->external = actor_external(db, actor);
    if ((*why = casework_case_editable(x->c.status)) != NULL)
        return CW_REFUSED;
    return CW_OK;
}

static int change_close(Db *db, Change *x, int ret)
{
    if (ret == CW_OK && (case_refresh(db, x->c.id) != 0 || db_commit(db) != 0))
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    case_free(&x->c);
    case_task_list_free(&x->tasks);
    plan_record_free(&x->rec);
    return ret;
}

/* Sets the case's task of a kind (when it has one and it is needed). */
static int task_kind_set(Db *db, const Actor *actor, Change *x, const char *kind, TaskStatus to)
{
    const CaseTask *k = case_task_of_kind(&x->tasks, kind);
    if (!k || k->status == TASK_NOT_NEEDED)
        return 0;
    if (k->status == to)
        return 0;
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_tasks SET status = ?, done_on = ?, updated_at = ?, updated_by = ?"
                                   " WHERE case_id = ? AND code = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, task_status_name(to));
    db_bind_text(st, 2, to == TASK_COMPLETED ? x->today : NULL);
    db_bind_text(st, 3, x->now);
    db_bind_text(st, 4, actor->label);
    db_bind_int64(st, 5, x->c.id);
    db_bind_text(st, 6, k->code);
    return step_done(db, st);
}

/* Writes the plans row (insert or update) with the draft and status. */
static int write_plan(Db *db, const Actor *actor, Change *x, const Plan *draft, const char *status, int version)
{
    char *json = plan_to_json(draft);
    if (!json)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO plans (case_id, kind, status, draft, version, created_at, created_by,"
                                   " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)"
                                   " ON CONFLICT (case_id) DO UPDATE SET status = ?3, draft = ?4, version = ?5,"
                                   " updated_at = ?6, updated_by = ?7");
    int rc = -1;
    if (st) {
        db_bind_int64(st, 1, x->c.id);
        db_bind_text(st, 2, plan_kind_slug(draft->kind));
        db_bind_text(st, 3, status);
        db_bind_text(st, 4, json);
        db_bind_int64(st, 5, version);
        db_bind_text(st, 6, x->now);
        db_bind_text(st, 7, actor->label);
        rc = step_done(db, st);
    }
    free(json);
    return rc;
}

/* ---- who is told ---- */

static int tell_role(Db *db, const Actor *actor, const Case *c, const char *role, int regional, const char *what)
{
    char path[64];
    snprintf(path, sizeof path, "/cases/%lld/plan", (long long)c->id);
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM users WHERE role = ?1 AND disabled_at IS NULL"
                                   " AND (?2 = 0 OR region = ?3) ORDER BY id");
    if (!st)
        return -1;
    db_bind_text(st, 1, role);
    db_bind_int64(st, 2, regional);
    db_bind_text(st, 3, c->region);
    int64_t ids[32];
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < 32)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    for (size_t i = 0; i < n; i++)
        if (message_case_step(db, actor, "plan-step", ids[i], c->id, what, path) != 0)
            return -1;
    return 0;
}

static int tell_provider(Db *db, const Actor *actor, Change *x, const char *what)
{
    char path[64];
    snprintf(path, sizeof path, "/plans/%lld", (long long)x->c.id);
    return x->c.matched_provider
               ? case_tell_provider(db, actor, "plan-step", x->c.matched_provider, x->c.id, what, path)
               : 0;
}

static int tell_school(Db *db, const Actor *actor, Change *x, const char *what)
{
    char path[64];
    snprintf(path, sizeof path, "/plans/%lld", (long long)x->c.id);
    return case_tell_school(db, actor, "plan-step", &x->c, what, path);
}

static int tell_team(Db *db, const Actor *actor, Change *x, const char *what)
{
    char path[64];
    snprintf(path, sizeof path, "/cases/%lld/plan", (long long)x->c.id);
    return case_tell_team(db, actor, "plan-step", &x->c, what, path);
}

static int tell_reviewers(Db *db, const Actor *actor, Change *x, const char *what)
{
    const char *role = plan_reviewer_role(x->rec.kind);
    return tell_role(db, actor, &x->c, role, strcmp(role, "grant-team") != 0, what);
}

/* ---- saving the draft ---- */

int plan_save(Db *db, const Actor *actor, const Case *c, const Plan *draft, const char *section, const char **why)
{
    Change x;
    *why = NULL;
    int ret = change_open(db, actor, c->id, &x, why);
    if (ret != CW_OK)
        return change_close(db, &x, ret);
    if ((*why = plan_edit_refusal(&x.c, &x.rec)) != NULL)
        return change_close(db, &x, CW_REFUSED);
    Plan p = *draft; /* shallow: only the case's facts are set here */
    p.kind = x.rec.kind;
    p.tier = x.rec.draft.tier;
    p.is_trust = x.rec.draft.is_trust;
    /* what DfE sets is not the author's to change */
    p.band_indicative = x.rec.draft.band_indicative;
    p.band_final = x.rec.draft.band_final;
    p.nlg_approved = x.rec.draft.nlg_approved;
    char reason[200];
    snprintf(reason, sizeof reason, "%s%s", section ? section : "the plan",
             x.external ? "" : " (drafted by DfE on the provider's behalf)");
    AuditChange ch[1] = {{"section", NULL, section ? section : "plan"}};
    ret = CW_ERROR;
    if (write_plan(db, actor, &x, &p, x.rec.status, x.rec.version) == 0 &&
        task_kind_set(db, actor, &x, "plan", TASK_IN_PROGRESS) == 0 &&
        audit_append(db, actor, "plan.save", "case", x.cid, ch, 1, reason) == 0)
        ret = CW_OK;
    return change_close(db, &x, ret);
}

int plan_set_indicative_band(Db *db, const Actor *actor, const Case *c, PlanBand band, const char **why)
{
    Change x;
    *why = NULL;
    int ret = change_open(db, actor, c->id, &x, why);
    if (ret != CW_OK)
        return change_close(db, &x, ret);
    if (x.rec.kind != PLAN_RISE) {
        *why = "Only a RISE improvement plan has a funding band";
        return change_close(db, &x, CW_REFUSED);
    }
    if (band == BAND_UNSET) {
        *why = "Select the indicative band";
        return change_close(db, &x, CW_REFUSED);
    }
    if ((*why = plan_edit_refusal(&x.c, &x.rec)) != NULL)
        return change_close(db, &x, CW_REFUSED);
    const char *before = x.rec.draft.band_indicative ? plan_band_slug(x.rec.draft.band_indicative) : NULL;
    x.rec.draft.band_indicative = band;
    AuditChange ch[1] = {{"band_indicative", before, plan_band_slug(band)}};
    char what[300], label[64];
    plan_band_label(band, &x.rec.params, label, sizeof label);
    snprintf(what, sizeof what, "DfE has shared the improvement plan template for %s with an indicative funding band: %s",
             x.c.subject_name, label);
    ret = CW_ERROR;
    if (write_plan(db, actor, &x, &x.rec.draft, x.rec.status, x.rec.version) == 0 &&
        audit_append(db, actor, "plan.band", "case", x.cid, ch, 1, NULL) == 0 && tell_provider(db, actor, &x, what) == 0)
        ret = CW_OK;
    return change_close(db, &x, ret);
}

/* ---- submission ---- */

int plan_submit(Db *db, const Actor *actor, const Case *c, PlanProblems *problems, const char **why)
{
    Change x;
    *why = NULL;
    problems->n = 0;
    int ret = change_open(db, actor, c->id, &x, why);
    if (ret != CW_OK)
        return change_close(db, &x, ret);
    if ((*why = plan_edit_refusal(&x.c, &x.rec)) != NULL)
        return change_close(db, &x, CW_REFUSED);
    if (plan_check(&x.rec.draft, &x.rec.params, problems) > 0) {
        *why = "The plan cannot be submitted until every problem is fixed";
        return change_close(db, &x, CW_REFUSED);
    }
    int version = x.rec.version + 1;
    char *json = plan_to_json(&x.rec.draft);
    sqlite3_stmt *st = json ? db_stmt(db, "INSERT INTO plan_versions (case_id, version, body, submitted_at,"
                                          " submitted_by, on_behalf) VALUES (?, ?, ?, ?, ?, ?)")
                            : NULL;
    ret = CW_ERROR;
    int signing = plan_needs_signoff(x.rec.kind);
    const char *to = signing ? PLAN_SIGNING : PLAN_REVIEW;
    if (st) {
        db_bind_int64(st, 1, x.c.id);
        db_bind_int64(st, 2, version);
        db_bind_text(st, 3, json);
        db_bind_text(st, 4, x.now);
        db_bind_text(st, 5, actor->label);
        db_bind_int64(st, 6, !x.external);
        char vtext[16];
        snprintf(vtext, sizeof vtext, "%d", version);
        AuditChange ch[2] = {{"status", x.rec.status, to}, {"version", NULL, vtext}};
        char what[400];
        if (signing)
            snprintf(what, sizeof what, "The %s for %s (version %d) is ready for the headteacher or trust CEO and"
                     " the chair of governors to sign off", plan_kind_noun(x.rec.kind), x.c.subject_name, version);
        else
            snprintf(what, sizeof what, "The %s for %s (version %d) has been submitted for your review",
                     plan_kind_noun(x.rec.kind), x.c.subject_name, version);
        if (step_done(db, st) == 0 && write_plan(db, actor, &x, &x.rec.draft, to, version) == 0 &&
            task_kind_set(db, actor, &x, "plan", TASK_COMPLETED) == 0 &&
            task_kind_set(db, actor, &x, "plan-sign", TASK_NOT_STARTED) == 0 &&
            task_kind_set(db, actor, &x, "plan-review", TASK_NOT_STARTED) == 0 &&
            task_kind_set(db, actor, &x, "plan-approve", TASK_NOT_STARTED) == 0 &&
            audit_append(db, actor, "plan.submit", "case", x.cid, ch, 2,
                         x.external ? NULL : "submitted by DfE on the provider's behalf") == 0 &&
            (signing ? tell_school(db, actor, &x, what) : tell_reviewers(db, actor, &x, what)) == 0 &&
            tell_team(db, actor, &x, what) == 0)
            ret = CW_OK;
    }
    free(json);
    return change_close(db, &x, ret);
}

/* ---- sign-off ---- */

int plan_sign(Db *db, const Actor *actor, const Case *c, const char *role, const char *name, const char *on,
              const char **why)
{
    Change x;
    *why = NULL;
    int ret = change_open(db, actor, c->id, &x, why);
    if (ret != CW_OK)
        return change_close(db, &x, ret);
    if (strcmp(x.rec.status, PLAN_SIGNING) != 0) {
        *why = "The plan is not waiting for the school's sign-off";
        return change_close(db, &x, CW_REFUSED);
    }
    if (!role || (strcmp(role, PLAN_SIGN_HEAD) != 0 && strcmp(role, PLAN_SIGN_CHAIR) != 0)) {
        *why = "Select who is signing";
        return change_close(db, &x, CW_REFUSED);
    }
    if (!name || !*name) {
        *why = "Enter the name of the person signing";
        return change_close(db, &x, CW_REFUSED);
    }
    sqlite3_stmt *st = db_stmt(db, "SELECT role FROM plan_signoffs WHERE case_id = ? AND version = ?");
    if (!st)
        return change_close(db, &x, CW_ERROR);
    db_bind_int64(st, 1, x.c.id);
    db_bind_int64(st, 2, x.rec.version);
    int signed_head = 0, signed_chair = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        signed_head |= strcmp(r, PLAN_SIGN_HEAD) == 0;
        signed_chair |= strcmp(r, PLAN_SIGN_CHAIR) == 0;
    }
    sqlite3_reset(st);
    int head = strcmp(role, PLAN_SIGN_HEAD) == 0;
    if ((head && signed_head) || (!head && signed_chair)) {
        *why = head ? "The headteacher or trust CEO has already signed this version"
                    : "The chair of governors has already signed this version";
        return change_close(db, &x, CW_REFUSED);
    }
    int both = head ? signed_chair : signed_head;
    st = db_stmt(db, "INSERT INTO plan_signoffs (case_id, version, role, name, signed_on, recorded_by, recorded_at,"
                     " on_behalf) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return change_close(db, &x, CW_ERROR);
    db_bind_int64(st, 1, x.c.id);
    db_bind_int64(st, 2, x.rec.version);
    db_bind_text(st, 3, role);
    db_bind_text(st, 4, name);
    db_bind_text(st, 5, on && *on ? on : x.today);
    db_bind_text(st, 6, actor->label);
    db_bind_text(st, 7, x.now);
    db_bind_int64(st, 8, !x.external);
    AuditChange ch[2] = {{head ? "signed by the headteacher or trust CEO" : "signed by the chair of governors", NULL,
                          name},
                         {"status", x.rec.status, both ? PLAN_REVIEW : PLAN_SIGNING}};
    ret = CW_ERROR;
    if (step_done(db, st) != 0 ||
        audit_append(db, actor, "plan.sign", "case", x.cid, ch, 2,
                     x.external ? NULL : "recorded by DfE on the school's behalf") != 0)
        return change_close(db, &x, ret);
    if (both) {
        char what[400];
        snprintf(what, sizeof what, "The %s for %s (version %d) is signed off by the school and ready for your review",
                 plan_kind_noun(x.rec.kind), x.c.subject_name, x.rec.version);
        char told[400];
        snprintf(told, sizeof told, "The school has signed off the %s for %s (version %d): it goes for review",
                 plan_kind_noun(x.rec.kind), x.c.subject_name, x.rec.version);
        if (write_plan(db, actor, &x, &x.rec.draft, PLAN_REVIEW, x.rec.version) != 0 ||
            task_kind_set(db, actor, &x, "plan-sign", TASK_COMPLETED) != 0 || tell_reviewers(db, actor, &x, what) != 0 ||
            tell_provider(db, actor, &x, told) != 0 || tell_team(db, actor, &x, told) != 0)
            return change_close(db, &x, ret);
    } else if (task_kind_set(db, actor, &x, "plan-sign", TASK_IN_PROGRESS) != 0) {
        return change_close(db, &x, ret);
    }
    return change_close(db, &x, CW_OK);
}

/* ---- review and decision ---- */

static int add_comments(Db *db, const Actor *actor, Change *x, const char *stage, const PlanCommentIn *cm, size_t n)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO plan_comments (case_id, version, stage, path, comment, by, at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!cm[i].comment || !*cm[i].comment)
            continue;
        db_bind_int64(st, 1, x->c.id);
        db_bind_int64(st, 2, x->rec.version);
        db_bind_text(st, 3, stage);
        db_bind_text(st, 4, cm[i].path && *cm[i].path ? cm[i].path : "plan");
        db_bind_text(st, 5, cm[i].comment);
        db_bind_text(st, 6, actor->label);
        db_bind_text(st, 7, x->now);
        if (step_done(db, st) != 0)
            return -1;
    }
    return 0;
}

static size_t count_comments(const PlanCommentIn *cm, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += cm[i].comment && *cm[i].comment;
    return k;
}

/* Returns the version to the provider: comments kept, the draft editable. */
static int return_plan(Db *db, const Actor *actor, Change *x, const char *stage, const char *note,
                       const PlanCommentIn *cm, size_t n)
{
    sqlite3_stmt *st = db_stmt(db, strcmp(stage, "review") == 0
                                       ? "UPDATE plan_versions SET outcome = 'returned', reviewed_at = ?, reviewed_by = ?,"
                                         " review_note = ? WHERE case_id = ? AND version = ?"
                                       : "UPDATE plan_versions SET outcome = 'returned', decided_at = ?, decided_by = ?,"
                                         " decision_note = ? WHERE case_id = ? AND version = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, x->now);
    db_bind_text(st, 2, actor->label);
    db_bind_text(st, 3, note && *note ? note : NULL);
    db_bind_int64(st, 4, x->c.id);
    db_bind_int64(st, 5, x->rec.version);
    char ntext[16], what[500];
    snprintf(ntext, sizeof ntext, "%zu", count_comments(cm, n));
    AuditChange ch[2] = {{"status", x->rec.status, PLAN_RETURNED}, {"comments", NULL, ntext}};
    snprintf(what, sizeof what, "The %s for %s (version %d) has been returned with comments. Please read them, change"
             " the plan and submit it again", plan_kind_noun(x->rec.kind), x->c.subject_name, x->rec.version);
    if (step_done(db, st) != 0 || add_comments(db, actor, x, stage, cm, n) != 0 ||
        write_plan(db, actor, x, &x->rec.draft, PLAN_RETURNED, x->rec.version) != 0 ||
        task_kind_set(db, actor, x, "plan", TASK_IN_PROGRESS) != 0 ||
        task_kind_set(db, actor, x, "plan-sign", TASK_NOT_STARTED) != 0 ||
        task_kind_set(db, actor, x, "plan-review", TASK_NOT_STARTED) != 0 ||
        task_kind_set(db, actor, x, "plan-approve", TASK_NOT_STARTED) != 0 ||
        audit_append(db, actor, "plan.return", "case", x->cid, ch, 2, note && *note ? note : "returned with comments") != 0 ||
        tell_provider(db, actor, x, what) != 0 || tell_team(db, actor, x, what) != 0)
        return -1;
    return 0;
}

/* Rewrites the frozen version's body and the draft after DfE set what is
   DfE's to set (the final band, the NLG review's approval). */
static int rewrite_version(Db *db, Change *x, const Plan *p)
{
    char *json = plan_to_json(p);
    sqlite3_stmt *st = json ? db_stmt(db, "UPDATE plan_versions SET body = ? WHERE case_id = ? AND version = ?") : NULL;
    int rc = -1;
    if (st) {
        db_bind_text(st, 1, json);
        db_bind_int64(st, 2, x->c.id);
        db_bind_int64(st, 3, x->rec.version);
        rc = step_done(db, st);
    }
    free(json);
    return rc;
}

/* The version being reviewed, as submitted. */
static int load_version_plan(Db *db, Change *x, Plan *p)
{
    plan_init(p, x->rec.kind);
    sqlite3_stmt *st = db_stmt(db, "SELECT body FROM plan_versions WHERE case_id = ? AND version = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, x->c.id);
    db_bind_int64(st, 2, x->rec.version);
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = plan_from_json(p, (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    p->kind = x->rec.kind;
    p->tier = x->rec.draft.tier;
    p->is_trust = x->rec.draft.is_trust;
    return rc;
}

static int approve_plan(Db *db, const Actor *actor, Change *x, Plan *p, const char *stage, const char *note);

/* The start both judgements share: the plan must be at `status`; a return
   (with a comment) is done here. Returns JUDGE_GO with the submitted
   version loaded into p for an acceptance, else the change's result (the
   change closed). */
#define JUDGE_GO (-100)
static int judge_open(Db *db, const Actor *actor, const Case *c, const char *status, const char *stage, int accept,
                      const char *note, const PlanCommentIn *comments, size_t n_comments, Change *x, Plan *p,
                      const char **why)
{
    *why = NULL;
    int ret = change_open(db, actor, c->id, x, why);
    if (ret != CW_OK)
        return change_close(db, x, ret);
    if (strcmp(x->rec.status, status) != 0) {
        *why = strcmp(status, PLAN_REVIEW) == 0 ? "The plan is not waiting for a review"
                                                : "The plan is not waiting for DfE's approval";
        return change_close(db, x, CW_REFUSED);
    }
    if (!accept) {
        if (count_comments(comments, n_comments) == 0 && !(note && *note)) {
            *why = "Enter a comment on at least one field, or an overall comment, to say what must change";
            return change_close(db, x, CW_REFUSED);
        }
        ret = return_plan(db, actor, x, stage, note, comments, n_comments) == 0 ? CW_OK : CW_ERROR;
        return change_close(db, x, ret);
    }
    if (load_version_plan(db, x, p) != 0) {
        plan_free(p);
        return change_close(db, x, CW_ERROR);
    }
    return JUDGE_GO;
}


int plan_review(Db *db, const Actor *actor, const Case *c, int accept, const char *note,
                const PlanCommentIn *comments, size_t n_comments, PlanBand final_band, const char **why)
{
    Change x;
    Plan p;
    int ret = judge_open(db, actor, c, PLAN_REVIEW, "review", accept, note, comments, n_comments, &x, &p, why);
    if (ret != JUDGE_GO)
        return ret;
    AuditChange ch[2];
    size_t nch = 0;
    if (x.rec.kind == PLAN_RISE) {
        if (final_band == BAND_UNSET) {
            *why = "Select the final band";
            plan_free(&p);
            return change_close(db, &x, CW_REFUSED);
        }
        if (plan_reserves_band(&p, &x.rec.params) == BAND_NONE && final_band != BAND_NONE) {
            *why = "The school's reserves are more than the limit of its revenue: the final band must be no funding";
            plan_free(&p);
            return change_close(db, &x, CW_REFUSED);
        }
        if (final_band != BAND_NONE && plan_total(&p) > x.rec.params.band_amount[final_band]) {
            *why = "The plan's costed activities come to more than that band: choose a band that covers them, or"
                   " return the plan";
            plan_free(&p);
            return change_close(db, &x, CW_REFUSED);
        }
        p.band_final = final_band;
        x.rec.draft.band_final = final_band;
        ch[nch++] = (AuditChange){"band_final", NULL, plan_band_slug(final_band)};
    }
    int approval = plan_needs_approval(x.rec.kind);
    ch[nch++] = (AuditChange){"status", x.rec.status, approval ? PLAN_APPROVAL : PLAN_APPROVED};
    sqlite3_stmt *st = db_stmt(db, "UPDATE plan_versions SET reviewed_at = ?, reviewed_by = ?, review_note = ?"
                                   " WHERE case_id = ? AND version = ?");
    ret = CW_ERROR;
    if (st) {
        db_bind_text(st, 1, x.now);
        db_bind_text(st, 2, actor->label);
        db_bind_text(st, 3, note && *note ? note : NULL);
        db_bind_int64(st, 4, x.c.id);
        db_bind_int64(st, 5, x.rec.version);
        char what[400];
        snprintf(what, sizeof what, "The %s for %s (version %d) has been reviewed and is ready for your approval",
                 plan_kind_noun(x.rec.kind), x.c.subject_name, x.rec.version);
        if (step_done(db, st) == 0 && rewrite_version(db, &x, &p) == 0 &&
            task_kind_set(db, actor, &x, "plan-review", TASK_COMPLETED) == 0 &&
            audit_append(db, actor, "plan.review", "case", x.cid, ch, nch, note && *note ? note : NULL) == 0) {
            if (approval)
                ret = write_plan(db, actor, &x, &x.rec.draft, PLAN_APPROVAL, x.rec.version) == 0 &&
                              tell_role(db, actor, &x.c, "regional-director", 1, what) == 0
                          ? CW_OK
                          : CW_ERROR;
            else
                ret = approve_plan(db, actor, &x, &p, "review", note) == 0 ? CW_OK : CW_ERROR;
        }
    }
    plan_free(&p);
    return change_close(db, &x, ret);
}

/* Approves the version: its PDF made and kept with it, the plan approved,
   the school, the provider and the grant team told. */
static int approve_plan(Db *db, const Actor *actor, Change *x, Plan *p, const char *stage, const char *note)
{
    unsigned char *pdf = NULL;
    size_t len = 0;
    PlanDocInfo info = {.school = x->c.subject_name, .programme = x->c.programme, .provider = x->rec.organisation,
                        .version = x->rec.version, .approved_on = x->today, .approved_by = actor->label};
    if (plan_document_pdf(p, &x->rec.params, &info, &pdf, &len) != 0)
        return -1;
    int review = strcmp(stage, "review") == 0;
    sqlite3_stmt *st = db_stmt(db, review ? "UPDATE plan_versions SET outcome = 'approved', pdf = ? WHERE case_id = ? AND version = ?"
                                          : "UPDATE plan_versions SET outcome = 'approved', pdf = ?, decided_at = ?2,"
                                            " decided_by = ?3, decision_note = ?4 WHERE case_id = ?5 AND version = ?6");
    int rc = -1;
    if (st) {
        sqlite3_bind_blob(st, 1, pdf, (int)len, SQLITE_TRANSIENT);
        if (review) {
            db_bind_int64(st, 2, x->c.id);
            db_bind_int64(st, 3, x->rec.version);
        } else {
            db_bind_text(st, 2, x->now);
            db_bind_text(st, 3, actor->label);
            db_bind_text(st, 4, note && *note ? note : NULL);
            db_bind_int64(st, 5, x->c.id);
            db_bind_int64(st, 6, x->rec.version);
        }
        rc = step_done(db, st);
    }
    free(pdf);
    if (rc != 0)
        return -1;
    char what[500];
    snprintf(what, sizeof what, "The %s for %s (version %d) is approved. The approved plan is on its page, with a PDF"
             " to download", plan_kind_noun(x->rec.kind), x->c.subject_name, x->rec.version);
    if (write_plan(db, actor, x, &x->rec.draft, PLAN_APPROVED, x->rec.version) != 0 ||
        grant_from_plan(db, actor, &x->c, p, x->rec.version, x->today) != 0 || /* issue 14: the draft grant */
        task_kind_set(db, actor, x, review ? "plan-review" : "plan-approve", TASK_COMPLETED) != 0 ||
        tell_school(db, actor, x, what) != 0 || tell_provider(db, actor, x, what) != 0 ||
        tell_team(db, actor, x, what) != 0 || tell_role(db, actor, &x->c, "grant-team", 0, what) != 0)
        return -1;
    /* the terms it is reviewed in (issue 15) */
    return reviews_schedule(db, x->c.id);
}

int plan_decide(Db *db, const Actor *actor, const Case *c, int approve, const char *note,
                const PlanCommentIn *comments, size_t n_comments, int nlg_approved, const char **why)
{
    Change x;
    Plan p;
    int ret = judge_open(db, actor, c, PLAN_APPROVAL, "approval", approve, note, comments, n_comments, &x, &p, why);
    if (ret != JUDGE_GO)
        return ret;
    AuditChange ch[2];
    size_t nch = 0;
    if (x.rec.kind == PLAN_TSIO && p.nlg_review) {
        if (nlg_approved != 0 && nlg_approved != 1) {
            *why = "Say whether DfE approves the governance review by a national leader of governance";
            plan_free(&p);
            return change_close(db, &x, CW_REFUSED);
        }
        p.nlg_approved = nlg_approved;
        x.rec.draft.nlg_approved = nlg_approved;
        ch[nch++] = (AuditChange){"nlg_approved", NULL, nlg_approved ? "yes" : "no"};
    }
    ch[nch++] = (AuditChange){"status", x.rec.status, PLAN_APPROVED};
    ret = CW_ERROR;
    if (rewrite_version(db, &x, &p) == 0 && approve_plan(db, actor, &x, &p, "approval", note) == 0 &&
        audit_append(db, actor, "plan.approve", "case", x.cid, ch, nch, note && *note ? note : NULL) == 0)
        ret = CW_OK;
    plan_free(&p);
    return change_close(db, &x, ret);
}

/* ---- waiting for someone ---- */

void plan_waiting_list_free(PlanWaitingList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].school);
        free(l->items[i].status);
        free(l->items[i].due_on);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int plans_waiting(Db *db, const char *role, const char *region, int limit, PlanWaitingList *out)
{
    memset(out, 0, sizeof *out);
    const char *status, *task_kind;
    int rise; /* 1: RISE only, 0: not RISE, -1: any */
    if (strcmp(role, "delivery-partner") == 0)
        status = PLAN_REVIEW, task_kind = "plan-review", rise = 0;
    else if (strcmp(role, "grant-team") == 0)
        status = PLAN_REVIEW, task_kind = "plan-review", rise = 1, region = NULL;
    else if (strcmp(role, "regional-director") == 0)
        status = PLAN_APPROVAL, task_kind = "plan-approve", rise = -1;
    else
        return 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT p.case_id, p.kind, c.subject_name, p.status, k.due_on FROM plans p"
                                   " JOIN cases c ON c.id = p.case_id"
                                   " LEFT JOIN task_templates t ON t.programme = c.programme AND t.kind = ?2"
                                   " LEFT JOIN case_tasks k ON k.case_id = p.case_id AND k.code = t.code"
                                   " WHERE p.status = ?1 AND c.status = 'in progress' AND (?3 IS NULL OR c.region = ?3)"
                                   " AND (?4 < 0 OR (p.kind = 'rise') = ?4)"
                                   " ORDER BY k.due_on IS NULL, k.due_on, p.case_id LIMIT ?5");
    if (!st)
        return -1;
    db_bind_text(st, 1, status);
    db_bind_text(st, 2, task_kind);
    db_bind_text(st, 3, region);
    db_bind_int64(st, 4, rise);
    db_bind_int64(st, 5, limit);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 8;
            PlanWaiting *g = realloc(out->items, cap * sizeof *g);
            if (!g) {
                sqlite3_reset(st);
                plan_waiting_list_free(out);
                return -1;
            }
            out->items = g;
        }
        PlanWaiting *w = &out->items[out->n++];
        w->case_id = sqlite3_column_int64(st, 0);
        w->kind = plan_kind_from_slug((const char *)sqlite3_column_text(st, 1));
        w->school = db_col_dup(st, 2);
        w->status = db_col_dup(st, 3);
        w->due_on = db_col_dup(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        plan_waiting_list_free(out);
        return -1;
    }
    return 0;
}

/* ---- the record ---- */

void plan_version_list_free(PlanVersionList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        PlanVersion *v = &l->items[i];
        plan_free(&v->plan);
        free(v->submitted_at);
        free(v->submitted_by);
        free(v->outcome);
        free(v->reviewed_at);
        free(v->reviewed_by);
        free(v->review_note);
        free(v->decided_at);
        free(v->decided_by);
        free(v->decision_note);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int plan_versions(Db *db, int64_t case_id, PlanKind kind, PlanVersionList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT version, body, submitted_at, submitted_by, on_behalf, outcome, reviewed_at,"
                                   " reviewed_by, review_note, decided_at, decided_by, decision_note, pdf IS NOT NULL"
                                   " FROM plan_versions WHERE case_id = ? ORDER BY version");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 4;
            PlanVersion *grown = realloc(out->items, cap * sizeof *grown);
            if (!grown) {
                sqlite3_reset(st);
                plan_version_list_free(out);
                return -1;
            }
            out->items = grown;
        }
        PlanVersion *v = &out->items[out->n++];
        memset(v, 0, sizeof *v);
        v->version = sqlite3_column_int(st, 0);
        plan_init(&v->plan, kind);
        plan_from_json(&v->plan, (const char *)sqlite3_column_text(st, 1));
        v->submitted_at = db_col_dup(st, 2);
        v->submitted_by = db_col_dup(st, 3);
        v->on_behalf = sqlite3_column_int(st, 4);
        v->outcome = db_col_dup(st, 5);
        v->reviewed_at = db_col_dup(st, 6);
        v->reviewed_by = db_col_dup(st, 7);
        v->review_note = db_col_dup(st, 8);
        v->decided_at = db_col_dup(st, 9);
        v->decided_by = db_col_dup(st, 10);
        v->decision_note = db_col_dup(st, 11);
        v->has_pdf = sqlite3_column_int(st, 12);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        plan_version_list_free(out);
        return -1;
    }
    return 0;
}

void plan_trail_free(PlanTrail *t)
{
    for (size_t i = 0; i < t->n_signoffs; i++) {
        free(t->signoffs[i].name);
        free(t->signoffs[i].signed_on);
        free(t->signoffs[i].recorded_by);
    }
    for (size_t i = 0; i < t->n_comments; i++) {
        free(t->comments[i].path);
        free(t->comments[i].comment);
        free(t->comments[i].by);
        free(t->comments[i].at);
    }
    free(t->signoffs);
    free(t->comments);
    memset(t, 0, sizeof *t);
}

int plan_trail(Db *db, int64_t case_id, PlanTrail *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT version, role, name, signed_on, recorded_by, on_behalf FROM plan_signoffs"
                                   " WHERE case_id = ? ORDER BY version, recorded_at");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out->n_signoffs == cap) {
            cap = cap ? cap * 2 : 4;
            PlanSignoff *g = realloc(out->signoffs, cap * sizeof *g);
            if (!g) {
                sqlite3_reset(st);
                plan_trail_free(out);
                return -1;
            }
            out->signoffs = g;
        }
        PlanSignoff *s = &out->signoffs[out->n_signoffs++];
        memset(s, 0, sizeof *s);
        s->version = sqlite3_column_int(st, 0);
        snprintf(s->role, sizeof s->role, "%s", (const char *)sqlite3_column_text(st, 1));
        s->name = db_col_dup(st, 2);
        s->signed_on = db_col_dup(st, 3);
        s->recorded_by = db_col_dup(st, 4);
        s->on_behalf = sqlite3_column_int(st, 5);
    }
    sqlite3_reset(st);
    st = db_stmt(db, "SELECT version, stage, path, comment, by, at FROM plan_comments WHERE case_id = ? ORDER BY id");
    if (!st) {
        plan_trail_free(out);
        return -1;
    }
    db_bind_int64(st, 1, case_id);
    cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out->n_comments == cap) {
            cap = cap ? cap * 2 : 8;
            PlanComment *g = realloc(out->comments, cap * sizeof *g);
            if (!g) {
                sqlite3_reset(st);
                plan_trail_free(out);
                return -1;
            }
            out->comments = g;
        }
        PlanComment *m = &out->comments[out->n_comments++];
        memset(m, 0, sizeof *m);
        m->version = sqlite3_column_int(st, 0);
        snprintf(m->stage, sizeof m->stage, "%s", (const char *)sqlite3_column_text(st, 1));
        m->path = db_col_dup(st, 2);
        m->comment = db_col_dup(st, 3);
        m->by = db_col_dup(st, 4);
        m->at = db_col_dup(st, 5);
    }
    sqlite3_reset(st);
    return 0;
}

int plan_pdf_store(Db *db, int64_t case_id, int version, const unsigned char *pdf, size_t len)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE plan_versions SET pdf = ? WHERE case_id = ? AND version = ? AND pdf IS NULL");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, pdf, (int)len, SQLITE_TRANSIENT);
    db_bind_int64(st, 2, case_id);
    db_bind_int64(st, 3, version);
    return step_done(db, st);
}

int plan_pdf_get(Db *db, int64_t case_id, int version, unsigned char **pdf, size_t *len)
{
    *pdf = NULL;
    *len = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT pdf FROM plan_versions WHERE case_id = ? AND version = ? AND pdf IS NOT NULL");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_int64(st, 2, version);
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        int n = sqlite3_column_bytes(st, 0);
        const void *b = sqlite3_column_blob(st, 0);
        *pdf = malloc(n > 0 ? (size_t)n : 1);
        if (*pdf) {
            if (n > 0)
                memcpy(*pdf, b, (size_t)n);
            *len = (size_t)n;
            rc = 1;
        } else {
            rc = -1;
        }
    }
    sqlite3_reset(st);
    return rc;
}
