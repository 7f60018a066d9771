/*
 * matching.c - the life of a match on a case. See matching.h.
 *
 * Interpretations (issue 12; docs/decisions/0017):
 * - One match is under way at a time: "TSC will not routinely offer a
 *   choice of NLE" (seed 002 section 2.4). A no from the provider or the
 *   school, or a withdrawal, reopens the matching tasks so the case goes
 *   back to the suggestions; the reason stays on the match and in the
 *   decisions, and a provider that declined (or that the school rejected)
 *   is never suggested for the case again.
 * - The term a match takes capacity in is the term of the day it is
 *   proposed; it holds capacity (domain/matching.h) from then until it is
 *   declined, rejected, withdrawn or, when the case stops or closes, ended.
 * - The provider's answer is its own in the service, or recorded by a
 *   caseworker on its behalf (each decision says which); so is the school's.
 * - An appointment waits for the regional director when the appoint task
 *   is theirs (RISE: "the appointment approved by the regional director";
 *   TSIO: "DfE regional team approve match"); SI's match is recorded by the
 *   teaching school council.
 */
#include "store/matching.h"

#include "core/buf.h"
#include "core/log.h"
#include "store/messages.h"
#include "store/providers.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("matching: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

static void id_text(int64_t id, char out[24])
{
    snprintf(out, 24, "%lld", (long long)id);
}

static void today_iso(char out[11])
{
    date_iso(date_local(0), out);
}

/* Sets a task's status (and its day, when completed). */
static int task_set(Db *db, int64_t case_id, const char *code, TaskStatus to, const char *done_on,
                    const Actor *actor)
{
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_tasks SET status = ?, done_on = ?, updated_at = ?, updated_by = ?"
                                   " WHERE case_id = ? AND code = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, task_status_name(to));
    db_bind_text(st, 2, to == TASK_COMPLETED ? done_on : NULL);
    db_bind_text(st, 3, now);
    db_bind_text(st, 4, actor->label);
    db_bind_int64(st, 5, case_id);
    db_bind_text(st, 6, code);
    return step_done(db, st);
}

/* Completes the case's task of a kind, if it has one. */
static int complete_kind(Db *db, const Actor *actor, int64_t case_id, const CaseTaskList *l, const char *kind,
                         const char *on)
{
    const CaseTask *k = case_task_of_kind(l, kind);
    return k ? task_set(db, case_id, k->code, TASK_COMPLETED, on, actor) : 0;
}

/* Back to the suggestions: every matching task is to do again. */
static int reopen_matching(Db *db, const Actor *actor, int64_t case_id, const CaseTaskList *l)
{
    static const char *const KINDS[] = {"propose", "provider-confirm", "school-confirm", "due-diligence", "appoint"};
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
        const CaseTask *k = case_task_of_kind(l, KINDS[i]);
        if (k && k->status != TASK_NOT_NEEDED && task_set(db, case_id, k->code, TASK_NOT_STARTED, NULL, actor) != 0)
            return -1;
    }
    return 0;
}

static int set_match(Db *db, const Actor *actor, int64_t case_id, int64_t org_id, const char *status,
                     const char *reason)
{
    char today[11];
    today_iso(today);
    sqlite3_stmt *st = db_stmt(db, "UPDATE case_providers SET status = ?, since = ?, reason = coalesce(?, reason),"
                                   " updated_by = ? WHERE case_id = ? AND organisation_id = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, status);
    db_bind_text(st, 2, today);
    db_bind_text(st, 3, reason && *reason ? reason : NULL);
    db_bind_text(st, 4, actor->label);
    db_bind_int64(st, 5, case_id);
    db_bind_int64(st, 6, org_id);
    return step_done(db, st);
}

/* ---- who is told ---- */

/* Every active account of a provider, or of the case's school and
   responsible body (for the school's answer), told `what`. */
int case_tell_provider(Db *db, const Actor *actor, const char *key, int64_t org_id, int64_t case_id,
                       const char *what, const char *page)
{
    char ref[24], path[64];
    id_text(org_id, ref);
    if (page)
        snprintf(path, sizeof path, "%s", page);
    else
        snprintf(path, sizeof path, "/your-cases/%lld", (long long)case_id);
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM users WHERE org_kind = 'provider' AND organisation = ?"
                                   " AND disabled_at IS NULL ORDER BY id");
    if (!st)
        return -1;
    db_bind_text(st, 1, ref);
    int64_t ids[32];
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < 32)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    for (size_t i = 0; i < n; i++)
        if (message_case_step(db, actor, key, ids[i], case_id, what, path) != 0)
            return -1;
    return 0;
}

int case_tell_school(Db *db, const Actor *actor, const char *key, const Case *c, const char *what, const char *page)
{
    Scope s = case_scope(c);
    char urn[24], trust[24], path[64];
    id_text(s.urn, urn);
    id_text(s.rb_trust_uid, trust);
    if (page)
        snprintf(path, sizeof path, "%s", page);
    else
        snprintf(path, sizeof path, "/your-cases/%lld", (long long)c->id);
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM users WHERE disabled_at IS NULL AND role = 'school' AND"
                                   " ((org_kind = 'school' AND organisation = ?1) OR (org_kind = 'trust' AND"
                                   " organisation = ?2) OR (org_kind = 'la' AND organisation = ?3)) ORDER BY id");
    if (!st)
        return -1;
    db_bind_text(st, 1, s.urn ? urn : NULL);
    db_bind_text(st, 2, s.rb_trust_uid ? trust : NULL);
    db_bind_text(st, 3, s.rb_la_code);
    int64_t ids[32];
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < 32)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    for (size_t i = 0; i < n; i++)
        if (message_case_step(db, actor, key, ids[i], c->id, what, path) != 0)
            return -1;
    return 0;
}

/* The case's delivery officer and adviser (the actor is never emailed). */
int case_tell_team(Db *db, const Actor *actor, const char *key, const Case *c, const char *what, const char *page)
{
    char path[64];
    if (page)
        snprintf(path, sizeof path, "%s", page);
    else
        snprintf(path, sizeof path, "/cases/%lld/matching", (long long)c->id);
    if (message_case_step(db, actor, key, c->delivery_officer_id, c->id, what, path) != 0)
        return -1;
    if (c->adviser_id && c->adviser_id != c->delivery_officer_id &&
        message_case_step(db, actor, key, c->adviser_id, c->id, what, path) != 0)
        return -1;
    return 0;
}

/* Whether the actor is one of the provider's own people, or of the school's
   side; the words for a decision's outcome. */
static int actor_is_external(Db *db, const Actor *actor)
{
    User u;
    if (actor->user_id <= 0 || user_get(db, actor->user_id, &u) != 1)
        return 0;
    Role r = role_from_slug(u.role);
    user_free(&u);
    return r == ROLE_SCHOOL || r == ROLE_SUPPORTING_ORGANISATION;
}

/* ---- a step's frame: begin, load the case, its tasks and matches ---- */

typedef struct Step {
    Case c;
    CaseTaskList tasks;
    CaseMatchList matches;
    const CaseMatch *live;
    char today[11], cid[24];
} Step;

static int step_open(Db *db, int64_t case_id, Step *s, const char **why)
{
    memset(s, 0, sizeof *s);
    if (db_begin(db) != 0)
        return CW_ERROR;
    int rc = case_get(db, case_id, &s->c);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    today_iso(s->today);
    id_text(case_id, s->cid);
    if (case_tasks(db, case_id, &s->tasks) != 0 || case_matches(db, case_id, &s->matches) != 0) {
        case_free(&s->c);
        case_task_list_free(&s->tasks);
        db_rollback(db);
        return CW_ERROR;
    }
    s->live = case_match_live(&s->matches);
    if ((*why = casework_case_editable(s->c.status)) != NULL)
        return CW_REFUSED;
    return CW_OK;
}

static int step_close(Db *db, Step *s, int ret)
{
    if (ret == CW_OK && (case_refresh(db, s->c.id) != 0 || db_commit(db) != 0))
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    case_free(&s->c);
    case_task_list_free(&s->tasks);
    case_match_list_free(&s->matches);
    return ret;
}

/* The task of a kind must be one that can be done now. */
static const char *task_ready(const Step *s, const char *kind, const char *none)
{
    const CaseTask *k = case_task_of_kind(&s->tasks, kind);
    if (!k)
        return none;
    if (k->status == TASK_CANNOT_START)
        return "The steps before this one are not done yet";
    if (k->status == TASK_NOT_NEEDED)
        return "This step is not needed for this case";
    return NULL;
}

/* ---- propose ---- */

int match_propose(Db *db, const Actor *actor, int64_t case_id, int64_t org_id, const char *own_trust_reason,
                  const char **why)
{
    *why = NULL;
    Step s;
    int ret = step_open(db, case_id, &s, why);
    if (ret != CW_OK)
        return step_close(db, &s, ret);
    MatchPool pool = {0};
    MatchCaseData d;
    char *name = NULL;
    ret = CW_REFUSED;
    if ((*why = task_ready(&s, "propose", "This programme has no matching step")) != NULL)
        goto out;
    const CaseTask *pk = case_task_of_kind(&s.tasks, "propose");
    if (s.live || pk->status == TASK_COMPLETED) {
        *why = "A match is already under way: withdraw it before proposing another";
        goto out;
    }
    ret = CW_ERROR;
    int term = match_term_of(date_local(0));
    if (match_case_load(db, &s.c, &d) != 0 || match_pool_load(db, term, case_id, &pool) != 0)
        goto out;
    const Candidate *cand = match_pool_find(&pool, org_id);
    ret = CW_REFUSED;
    if (!cand) {
        *why = "Select a provider from the register";
        goto out;
    }
    int reason_given = own_trust_reason && *own_trust_reason;
    if (reason_given)
        d.m.own_trust_reason_for = org_id;
    HardRule hr = match_hard(cand, &d.m, NULL, 0);
    if (hr != HARD_OK) {
        *why = hr == HARD_CONFLICT && match_conflict(cand, &d.m) == CONFLICT_OWN_TRUST
                   ? "Enter why deploying within its own trust is clearly the most effective support"
                   : MATCH_HARD_RULES[hr].message;
        goto out;
    }
    ret = CW_ERROR;
    MatchScore sc;
    match_score(cand, &d.m, &sc);
    char words[1400] = "", tcode[16], now[32];
    size_t used = 0;
    for (int i = 0; i < SOFT_COUNT && used < sizeof words; i++) {
        int w = snprintf(words + used, sizeof words - used, "%s%s: %d of %d. %s", i ? "\n" : "",
                         MATCH_SOFT_RULES[i].label, sc.parts[i].points, sc.parts[i].max, sc.parts[i].words);
        if (w > 0)
            used += (size_t)w;
    }
    match_term_code(term, tcode);
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO case_providers (case_id, organisation_id, status, since, term, terms, days,"
            " own_trust_reason, reason, score, score_words, proposed_by, proposed_at, updated_by)"
            " VALUES (?1, ?2, 'proposed', ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9, ?10, ?11, ?10)"
            " ON CONFLICT (case_id, organisation_id) DO UPDATE SET status = 'proposed', since = ?3, term = ?4,"
            " terms = ?5, days = ?6, own_trust_reason = ?7, reason = NULL, score = ?8, score_words = ?9,"
            " proposed_by = ?10, proposed_at = ?11, updated_by = ?10");
    if (!st)
        goto out;
    db_bind_int64(st, 1, case_id);
    db_bind_int64(st, 2, org_id);
    db_bind_text(st, 3, s.today);
    db_bind_text(st, 4, tcode);
    db_bind_int64(st, 5, d.terms);
    db_bind_int64(st, 6, d.m.days);
    db_bind_text(st, 7, reason_given ? own_trust_reason : NULL);
    db_bind_int64(st, 8, sc.total);
    db_bind_text(st, 9, words);
    db_bind_text(st, 10, actor->label);
    db_bind_text(st, 11, now);
    if (step_done(db, st) != 0)
        goto out;
    if (complete_kind(db, actor, case_id, &s.tasks, "propose", s.today) != 0)
        goto out;
    name = xstrdup(cand->name);
    char outcome[400], score[16], what[600];
    snprintf(outcome, sizeof outcome, "Proposed %s (score %d of 100)", name, sc.total);
    snprintf(score, sizeof score, "%d", sc.total);
    AuditChange ch[4] = {{"match", NULL, name}, {"status", NULL, "proposed"}, {"score", NULL, score}};
    size_t nch = 3;
    if (reason_given)
        ch[nch++] = (AuditChange){"own trust reason", NULL, own_trust_reason};
    snprintf(what, sizeof what,
             "You have been proposed to support %s. Please say in the service whether you can support it and have"
             " no conflict of interest",
             s.c.subject_name);
    if (audit_append(db, actor, "case.match.propose", "case", s.cid, ch, nch, own_trust_reason) != 0 ||
        case_decision_record(db, actor, case_id, "match-proposed", outcome, reason_given ? own_trust_reason : words,
                             s.today, NULL, pk->code, score, 0, NULL) != CW_OK ||
        case_tell_provider(db, actor, "match-step", org_id, case_id, what, NULL) != 0)
        goto out;
    ret = CW_OK;
out:
    free(name);
    match_pool_free(&pool);
    return step_close(db, &s, ret);
}

/* ---- answers ---- */

/* One party's answer: the provider's to a proposal, or the school's to a
   match. The two differ only in these words and states. */
typedef struct Answer {
    const char *needs_reason, *from, *waiting_none, *kind, *no_step, *yes_status, *no_status, *action, *dtype;
    const char *given_external, *given_behalf;
    int provider;
} Answer;

static const Answer PROVIDER_ANSWER = {
    "Enter why the provider cannot support this school", "proposed",
    "There is no proposal waiting for this provider's answer", "provider-confirm",
    "This programme has no step for the provider's answer", "accepted", "declined", "case.match.provider",
    "provider-answer", "(given by the provider in the service)", "(recorded on the provider's behalf)", 1};
static const Answer SCHOOL_ANSWER = {
    "Enter why the school does not agree to the match", "accepted", "There is no match waiting for the school's answer",
    "school-confirm", "This programme has no step for the school's answer", "agreed", "rejected", "case.match.school",
    "school-match-answer", "(given by the school in the service)", "(recorded on the school's behalf)", 0};

/* Who is told what after the answer. */
static int answer_told(Db *db, const Actor *actor, const Step *s, const Answer *a, int64_t org, int yes,
                       const char *reason, const char *outcome)
{
    char what[600];
    const char *name = s->live->name;
    if (a->provider)
        snprintf(what, sizeof what, "%s %s%s%s", name,
                 yes ? "can support the school: the school is asked to confirm the match"
                     : "cannot support the school, so the case is back to the suggestions",
                 yes ? "" : ". Their reason: ", yes ? "" : reason);
    else
        snprintf(what, sizeof what, "%s%s%s", outcome,
                 yes ? "" : ". The case is back to the suggestions. Their reason: ", yes ? "" : reason);
    if (case_tell_team(db, actor, "match-step", &s->c, what, NULL) != 0)
        return -1;
    if (a->provider && yes) {
        snprintf(what, sizeof what, "%s can support you. Please confirm in the service whether you agree to the match",
                 name);
        return case_tell_school(db, actor, "match-step", &s->c, what, NULL);
    }
    if (!a->provider && !yes)
        return case_tell_provider(db, actor, "match-step", org, s->c.id,
                                  "The school has not agreed to the match, so you are no longer proposed for it",
                                  NULL);
    return 0;
}

static int answer(Db *db, const Actor *actor, int64_t case_id, const Answer *a, int64_t org_id, int yes,
                  const char *reason, const char **why)
{
    *why = NULL;
    if (!yes && (!reason || !*reason)) {
        *why = a->needs_reason;
        return CW_REFUSED;
    }
    Step s;
    int ret = step_open(db, case_id, &s, why);
    if (ret != CW_OK)
        return step_close(db, &s, ret);
    ret = CW_REFUSED;
    if (!s.live || strcmp(s.live->status, a->from) != 0 || (a->provider && s.live->organisation_id != org_id)) {
        *why = a->waiting_none;
        goto out;
    }
    if ((*why = task_ready(&s, a->kind, a->no_step)) != NULL)
        goto out;
    ret = CW_ERROR;
    const char *given = actor_is_external(db, actor) ? a->given_external : a->given_behalf;
    int64_t org = s.live->organisation_id;
    const char *to = yes ? a->yes_status : a->no_status;
    char outcome[500];
    if (a->provider)
        snprintf(outcome, sizeof outcome, "%s %s %s", s.live->name, yes ? "can support" : "cannot support", given);
    else
        snprintf(outcome, sizeof outcome, "The school %s %s %s", yes ? "agrees to" : "rejects", s.live->name, given);
    if (set_match(db, actor, case_id, org, to, yes ? NULL : reason) != 0)
        goto out;
    if (yes ? complete_kind(db, actor, case_id, &s.tasks, a->kind, s.today) != 0
            : reopen_matching(db, actor, case_id, &s.tasks) != 0)
        goto out;
    AuditChange ch[2] = {{"match", NULL, s.live->name}, {"status", a->from, to}};
    const CaseTask *k = case_task_of_kind(&s.tasks, a->kind);
    if (audit_append(db, actor, a->action, "case", s.cid, ch, 2, reason) != 0 ||
        case_decision_record(db, actor, case_id, a->dtype, outcome, reason && *reason ? reason : outcome, s.today,
                             NULL, k ? k->code : NULL, yes ? "yes" : "no", 0, NULL) != CW_OK ||
        answer_told(db, actor, &s, a, org, yes, reason, outcome) != 0)
        goto out;
    ret = CW_OK;
out:
    return step_close(db, &s, ret);
}

int match_provider_answer(Db *db, const Actor *actor, int64_t case_id, int64_t org_id, int yes, const char *reason,
                          const char **why)
{
    return answer(db, actor, case_id, &PROVIDER_ANSWER, org_id, yes, reason, why);
}

int match_school_answer(Db *db, const Actor *actor, int64_t case_id, int yes, const char *reason, const char **why)
{
    return answer(db, actor, case_id, &SCHOOL_ANSWER, 0, yes, reason, why);
}

int match_withdraw(Db *db, const Actor *actor, int64_t case_id, const char *reason, const char **why)
{
    *why = NULL;
    if (!reason || !*reason) {
        *why = "Enter why you are withdrawing the match";
        return CW_REFUSED;
    }
    Step s;
    int ret = step_open(db, case_id, &s, why);
    if (ret != CW_OK)
        return step_close(db, &s, ret);
    ret = CW_REFUSED;
    if (!s.live || strcmp(s.live->status, "matched") == 0) {
        *why = s.live ? "The match has been made: stop or close the case to end it"
                      : "There is no match under way to withdraw";
        goto out;
    }
    ret = CW_ERROR;
    int64_t org = s.live->organisation_id;
    if (set_match(db, actor, case_id, org, "withdrawn", reason) != 0 ||
        reopen_matching(db, actor, case_id, &s.tasks) != 0)
        goto out;
    AuditChange ch[2] = {{"match", NULL, s.live->name}, {"status", s.live->status, "withdrawn"}};
    char outcome[400];
    snprintf(outcome, sizeof outcome, "Withdrew the proposal of %s", s.live->name);
    if (audit_append(db, actor, "case.match.withdraw", "case", s.cid, ch, 2, reason) != 0 ||
        case_decision_record(db, actor, case_id, "match-withdrawn", outcome, reason, s.today, NULL, NULL, NULL, 0,
                             NULL) != CW_OK ||
        case_tell_provider(db, actor, "match-step", org, case_id,
                           "The proposal for you to support this school has been withdrawn", NULL) != 0)
        goto out;
    ret = CW_OK;
out:
    return step_close(db, &s, ret);
}

/* ---- due diligence and the appointment ---- */

const char *match_due_diligence_refusal(Db *db, int64_t case_id, int *error)
{
    *error = 0;
    CaseMatchList l;
    if (case_matches(db, case_id, &l) != 0) {
        *error = 1;
        return NULL;
    }
    const CaseMatch *live = case_match_live(&l);
    const char *why = NULL;
    ProviderCheckList checks;
    if (!live) {
        why = "No supporting organisation is proposed yet";
    } else if (provider_checks(db, live->organisation_id, &checks) != 0) {
        *error = 1;
    } else {
        static const char *const MISSING[CHECK_KIND_COUNT] = {
            "Record a current capacity check on the organisation's page",
            "Record a current check with the trust relationship manager or local authority lead on the"
            " organisation's page",
            "Record a current financial check on the organisation's page",
            "Record that the organisation's vendor account is set up on its page",
        };
        CheckState st[CHECK_KIND_COUNT];
        provider_check_states(&checks, date_local(0), st);
        for (int i = 0; i < CHECK_KIND_COUNT && !why; i++)
            if (st[i] != CHECK_CURRENT)
                why = MISSING[i];
        provider_check_list_free(&checks);
    }
    case_match_list_free(&l);
    return why;
}

static int make_match(Db *db, const Actor *actor, Step *s, int64_t org, const char *name)
{
    char what[600];
    if (set_match(db, actor, s->c.id, org, "matched", NULL) != 0 ||
        complete_kind(db, actor, s->c.id, &s->tasks, "appoint", s->today) != 0)
        return -1;
    snprintf(what, sizeof what, "%s is matched to support %s", name, s->c.subject_name);
    return case_tell_provider(db, actor, "match-step", org, s->c.id, what, NULL) != 0 ||
                   case_tell_school(db, actor, "match-step", &s->c, what, NULL) != 0 ||
                   case_tell_team(db, actor, "match-step", &s->c, what, NULL) != 0
               ? -1
               : 0;
}

int match_appoint(Db *db, const Actor *actor, int64_t case_id, const char *note, const char **why)
{
    *why = NULL;
    Step s;
    int ret = step_open(db, case_id, &s, why);
    if (ret != CW_OK)
        return step_close(db, &s, ret);
    ret = CW_REFUSED;
    if ((*why = task_ready(&s, "appoint", "This programme has no appointment step")) != NULL)
        goto out;
    const CaseTask *k = case_task_of_kind(&s.tasks, "appoint");
    if (!s.live || strcmp(s.live->status, "agreed") != 0) {
        *why = "The provider and the school must both agree before the appointment";
        goto out;
    }
    if (k->status == TASK_IN_PROGRESS) {
        *why = "The appointment is waiting for the regional director's approval";
        goto out;
    }
    ret = CW_ERROR;
    int needs_rd = strcmp(k->role, "regional-director") == 0 && !actor_is_regional_director(db, actor);
    char outcome[400];
    snprintf(outcome, sizeof outcome, "Appoint %s", s.live->name);
    int64_t did = 0;
    if (case_decision_record(db, actor, case_id, "appointment", outcome, note && *note ? note : outcome, s.today,
                             needs_rd ? "awaiting" : (strcmp(k->role, "regional-director") == 0 ? "approved" : NULL),
                             k->code, NULL, 0, &did) != CW_OK)
        goto out;
    AuditChange ch[2] = {{"match", NULL, s.live->name}, {"appointment", NULL, needs_rd ? "awaiting approval" : "made"}};
    if (audit_append(db, actor, "case.match.appoint", "case", s.cid, ch, 2, note) != 0)
        goto out;
    if (needs_rd) {
        if (task_set(db, case_id, k->code, TASK_IN_PROGRESS, NULL, actor) != 0) /* the director is emailed */
            goto out;
    } else if (make_match(db, actor, &s, s.live->organisation_id, s.live->name) != 0) {
        goto out;
    }
    ret = CW_OK;
out:
    return step_close(db, &s, ret);
}

int match_appointment_settled(Db *db, const Actor *actor, int64_t case_id, int approved, const char *today)
{
    (void)today;
    Step s;
    memset(&s, 0, sizeof s);
    if (case_get(db, case_id, &s.c) != 1)
        return -1;
    int ret = -1;
    if (case_tasks(db, case_id, &s.tasks) != 0 || case_matches(db, case_id, &s.matches) != 0)
        goto out;
    today_iso(s.today);
    id_text(case_id, s.cid);
    s.live = case_match_live(&s.matches);
    const CaseTask *k = case_task_of_kind(&s.tasks, "appoint");
    if (!s.live || strcmp(s.live->status, "agreed") != 0 || !k) {
        ret = 0;
        goto out;
    }
    if (approved)
        ret = make_match(db, actor, &s, s.live->organisation_id, s.live->name);
    else
        ret = task_set(db, case_id, k->code, TASK_NOT_STARTED, NULL, actor);
out:
    case_free(&s.c);
    case_task_list_free(&s.tasks);
    case_match_list_free(&s.matches);
    return ret;
}

int match_case_status_changed(Db *db, int64_t case_id, const char *status)
{
    char today[11];
    today_iso(today);
    int ended = status && (strcmp(status, "stopped") == 0 || strcmp(status, "closed") == 0);
    int reopened = status && strcmp(status, "in progress") == 0;
    sqlite3_stmt *st;
    if (ended)
        st = db_stmt(db, "UPDATE case_providers SET status = 'ended', since = ? WHERE case_id = ?"
                         " AND status = 'matched'");
    else if (reopened)
        st = db_stmt(db, "UPDATE case_providers SET status = 'matched', since = ? WHERE case_id = ?"
                         " AND status = 'ended'");
    else
        return 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, today);
    db_bind_int64(st, 2, case_id);
    return step_done(db, st);
}

/* ---- the batch ---- */

int match_batch_plan(Db *db, const char *region, const int64_t *only, size_t n_only, BatchPlan *out)
{
    memset(out, 0, sizeof *out);
    out->term = match_term_of(date_local(0));
    sqlite3_stmt *st = db_stmt(db, "SELECT c.id FROM cases c JOIN case_tasks k ON k.case_id = c.id"
                                   " JOIN task_templates t ON t.programme = c.programme AND t.code = k.code"
                                   " WHERE c.region = ? AND c.status = 'in progress' AND t.kind = 'propose'"
                                   " AND k.status IN ('not started','in progress') ORDER BY c.id");
    if (!st)
        return -1;
    db_bind_text(st, 1, region);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        int wanted = n_only == 0;
        for (size_t i = 0; i < n_only && !wanted; i++)
            wanted = only[i] == id;
        if (wanted)
            *(int64_t *)xgrow((void **)&ids, &n, &cap, sizeof *ids) = id;
    }
    sqlite3_reset(st);
    MatchPool pool;
    if (match_pool_load(db, out->term, 0, &pool) != 0) {
        free(ids);
        return -1;
    }
    out->providers = pool.n;
    int *score = xcalloc(n * (pool.n ? pool.n : 1), sizeof *score);
    int *capv = xcalloc(pool.n ? pool.n : 1, sizeof *capv);
    int *assign = xcalloc(n ? n : 1, sizeof *assign);
    out->rows = xcalloc(n ? n : 1, sizeof *out->rows);
    int ret = -1;
    for (size_t j = 0; j < pool.n; j++) {
        const Candidate *c = &pool.c[j];
        int left = c->schools_capacity - c->schools_held;
        capv[j] = left > 0 ? left : 0;
    }
    for (size_t i = 0; i < n; i++) {
        Case c;
        MatchCaseData d;
        if (case_get(db, ids[i], &c) != 1)
            goto out;
        int rc = match_case_load(db, &c, &d);
        out->rows[i].case_id = ids[i];
        out->rows[i].subject = xstrdup(c.subject_name ? c.subject_name : "");
        case_free(&c);
        if (rc != 0)
            goto out;
        for (size_t j = 0; j < pool.n; j++)
            score[i * pool.n + j] =
                match_hard(&pool.c[j], &d.m, NULL, 0) != HARD_OK ? -1 : match_score_total(&pool.c[j], &d.m);
    }
    int matched = match_batch(score, n, pool.n, capv, assign);
    if (matched < 0)
        goto out;
    out->matched = (size_t)matched;
    for (size_t i = 0; i < n; i++) {
        BatchRow *r = &out->rows[i];
        if (assign[i] < 0)
            continue;
        const Candidate *c = &pool.c[assign[i]];
        r->org_id = c->id;
        r->org_name = xstrdup(c->name);
        r->score = score[i * pool.n + (size_t)assign[i]];
    }
    for (size_t i = 0; i < n; i++) { /* the best others: a small insertion list, no full sort */
        BatchRow *r = &out->rows[i];
        size_t best[BATCH_ALTERNATIVES], k = 0;
        for (size_t j = 0; j < pool.n; j++) {
            int sj = score[i * pool.n + j];
            if (sj < 0 || (int)j == assign[i])
                continue;
            size_t at = k;
            while (at > 0 && score[i * pool.n + best[at - 1]] < sj)
                at--;
            if (at >= BATCH_ALTERNATIVES)
                continue;
            if (k < BATCH_ALTERNATIVES)
                k++;
            memmove(&best[at + 1], &best[at], (k - 1 - at) * sizeof best[0]);
            best[at] = j;
        }
        for (size_t a = 0; a < k; a++) {
            r->alt_id[a] = pool.c[best[a]].id;
            r->alt_name[a] = xstrdup(pool.c[best[a]].name);
        }
        r->n_alts = k;
    }
    out->n = n;
    ret = 0;
out:
    if (ret != 0) {
        out->n = n;
        batch_plan_free(out);
    }
    free(ids);
    free(score);
    free(capv);
    free(assign);
    match_pool_free(&pool);
    return ret;
}

void batch_plan_free(BatchPlan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->rows[i].subject);
        free(p->rows[i].org_name);
        free(p->rows[i].words);
        for (size_t a = 0; a < p->rows[i].n_alts; a++)
            free(p->rows[i].alt_name[a]);
    }
    free(p->rows);
    memset(p, 0, sizeof *p);
}
