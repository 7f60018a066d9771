/*
 * demo_grants.c - the demo's money and monitoring (issues 14 and 15), so
 * that the grant team, the supporting organisation and the caseworkers each
 * have something to do after `make run`:
 *   - this academic year's and the next year's school terms (example dates);
 *   - the first RISE case (the one the demo's school and responsible body
 *     see) matched to North Star School Improvement (the demo's supporting
 *     organisation, proposed for it) with its improvement plan written,
 *     signed by the responsible body, its final band confirmed by the grant team and
 *     approved by the regional director: its improvement grant waits to be
 *     issued and its termly reviews are scheduled;
 *   - the RISE planning grant prepared for it, waiting to be issued;
 *   - the SI 2019/20 Tier 1 case matched to the same organisation (an NLE's
 *     school here), with a claim of 2 days waiting for a decision.
 * Each step goes through the store, as a person of the right role would
 * (the matches alone are written directly, with an audit row saying so).
 * Made once: nothing is done when the demo already has a school term.
 */
#include "cli/cli.h"

#include "core/date.h"
#include "store/casework.h"
#include "store/claims.h"
#include "store/grants.h"
#include "store/plans.h"
#include "store/terms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t scalar(Db *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    if (arg)
        db_bind_text(st, 1, arg);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return v;
}

/* A demo person as an Actor (label "Name <email>"), by email. */
typedef struct DemoPerson {
    char label[200];
    Actor a;
} DemoPerson;

static int person(Db *db, const char *email, DemoPerson *p)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, name FROM users WHERE email = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, email);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(p->label, sizeof p->label, "%s <%s>", (const char *)sqlite3_column_text(st, 1), email);
        p->a = (Actor){.user_id = sqlite3_column_int64(st, 0), .label = p->label, .ip = NULL};
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* The two academic years' terms around today: autumn from early September,
   spring from early January, summer from mid April (example dates). */
static int demo_terms(Db *db, const Actor *a)
{
    int y, m, d;
    date_to_ymd(date_local(0), &y, &m, &d);
    int first = m >= 9 ? y : y - 1;
    for (int year = first; year <= first + 1; year++) {
        Date starts[TERM_COUNT] = {date_from_ymd(year, 9, 2), date_from_ymd(year + 1, 1, 5),
                                   date_from_ymd(year + 1, 4, 19)};
        Date ends[TERM_COUNT] = {date_from_ymd(year, 12, 18), date_from_ymd(year + 1, 3, 26),
                                 date_from_ymd(year + 1, 7, 21)};
        const char *why = NULL;
        int bad = 0;
        if (school_terms_set(db, a, year, starts, ends, &why, &bad) != 0) {
            fprintf(stderr, "rise: the demo's terms for %d: %s\n", year, why ? why : "a database error");
            return -1;
        }
    }
    return 0;
}

/* Matches the organisation to the case (as commissioning would), audited as the demo's set-up. */
static int demo_match(Db *db, const Actor *a, int64_t case_id, int64_t org_id)
{
    if (db_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO case_providers (case_id, organisation_id, status, since)"
                                   " VALUES (?, ?, 'matched', date('now')) ON CONFLICT (case_id, organisation_id)"
                                   " DO UPDATE SET status = 'matched', since = date('now')");
    int rc = st ? 0 : -1;
    if (st) {
        db_bind_int64(st, 1, case_id);
        db_bind_int64(st, 2, org_id);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(st);
    }
    char cid[24], org[24];
    snprintf(cid, sizeof cid, "%lld", (long long)case_id);
    snprintf(org, sizeof org, "%lld", (long long)org_id);
    AuditChange ch = {"matched", NULL, org};
    if (rc == 0)
        rc = audit_append(db, a, "case.match", "case", cid, &ch, 1, "Demo set-up: the supporting organisation matched");
    if (rc == 0 && case_refresh(db, case_id) == 0 && db_commit(db) == 0)
        return 0;
    db_rollback(db);
    return -1;
}

/* A RISE improvement plan that keeps every rule: two objectives with an
   action each, reserves of 5% of revenue, 18 months, three costed
   activities over three terms. */
static void rise_plan(Plan *p)
{
    Date today = date_local(0);
    plan_init(p, PLAN_RISE);
    p->objectives[0] = (PlanObjective){plan_area_index(PLAN_RISE, "attendance-behaviour"),
                                       strdup("Attendance above the national average by the summer term")};
    p->objectives[1] = (PlanObjective){plan_area_index(PLAN_RISE, "leadership-governance"),
                                       strdup("Leaders at every level check the quality of teaching")};
    p->n_objectives = 2;
    static const char *const WHAT[2][3] = {
        {"A part-time attendance officer working with families", "The headteacher", "Persistent absence halves"},
        {"Coaching for the senior and middle leaders", "The chair of governors", "Termly learning walks by leaders"}};
    for (int i = 0; i < 2; i++) {
        PlanAction *x = &p->actions[i];
        x->area = i;
        x->description = strdup(WHAT[i][0]);
        x->responsible = strdup(WHAT[i][1]);
        x->start = today;
        x->end = today + 300;
        x->outcomes = strdup(WHAT[i][2]);
    }
    p->n_actions = 2;
    p->reserves = 5000000;  /* £50,000 */
    p->revenue = 100000000; /* £1,000,000: reserves are 5% */
    p->starts_on = today;
    p->ends_on = today + 540;
    static const struct {
        int from, until;
        const char *what;
        int64_t cost;
    } COSTED[] = {{0, 90, "Attendance officer, first term", 1500000},
                  {110, 200, "Leadership coaching", 2000000},
                  {220, 300, "Attendance officer, summer term", 1000000}};
    for (int i = 0; i < 3; i++)
        p->costed[i] = (PlanActivity){.on = today + COSTED[i].from, .until = today + COSTED[i].until,
                                      .what = strdup(COSTED[i].what), .cost = COSTED[i].cost};
    p->n_costed = 3;
}

/* Loads the case afresh (a step changes it) and runs one step of the plan. */
#define STEP(what, call)                                                                                           \
    do {                                                                                                           \
        Case c_;                                                                                                   \
        if (case_get(db, case_id, &c_) != 1)                                                                       \
            return -1;                                                                                             \
        const Case *c = &c_;                                                                                       \
        const char *why = NULL;                                                                                    \
        int rc_ = (call);                                                                                          \
        case_free(&c_);                                                                                            \
        if (rc_ != CW_OK) {                                                                                        \
            fprintf(stderr, "rise: the demo's plan: %s: %s\n", what, why ? why : "a database error");              \
            return -1;                                                                                             \
        }                                                                                                          \
    } while (0)

static int demo_rise_plan(Db *db, int64_t case_id, const DemoPerson *org, const DemoPerson *trust,
                          const DemoPerson *officer, const DemoPerson *grants, const DemoPerson *director)
{
    Plan p;
    rise_plan(&p);
    PlanProblems problems;
    char today[11];
    date_iso(date_local(0), today);
    STEP("the indicative band", plan_set_indicative_band(db, &officer->a, c, BAND_2, &why));
    STEP("the draft", plan_save(db, &org->a, c, &p, "demo", &why));
    plan_free(&p);
    STEP("submitting it", plan_submit(db, &org->a, c, &problems, &why));
    STEP("the head's sign-off", plan_sign(db, &trust->a, c, PLAN_SIGN_HEAD, "Riley Shaw", today, &why));
    STEP("the chair's sign-off", plan_sign(db, &trust->a, c, PLAN_SIGN_CHAIR, "Avery Quinn", today, &why));
    STEP("the final band", plan_review(db, &grants->a, c, 1, "Value for money confirmed", NULL, 0, BAND_2, &why));
    STEP("the approval", plan_decide(db, &director->a, c, 1, "Approved", NULL, 0, -1, &why));
    return 0;
}

int demo_grants(Db *db)
{
    if (scalar(db, "SELECT count(*) FROM school_terms", NULL) != 0)
        return 0;
    DemoPerson admin, officer, director, grants, org, trust;
    if (person(db, "admin@rise.example", &admin) != 0 || person(db, "delivery.officer@rise.example", &officer) != 0 ||
        person(db, "regional.director@rise.example", &director) != 0 ||
        person(db, "grants@rise.example", &grants) != 0 || person(db, "support.org@rise.example", &org) != 0 ||
        person(db, "responsible.body@rise.example", &trust) != 0)
        return 0; /* not the demo's people: nothing to do */
    if (demo_terms(db, &admin.a) != 0)
        return -1;
    int64_t org_id = scalar(db, "SELECT CAST(organisation AS INTEGER) FROM users WHERE email = ?",
                            "support.org@rise.example");
    /* the first case: the one the demo's school, responsible body and organisation are linked to */
    int64_t rise_case = scalar(db, "SELECT min(id) FROM cases WHERE programme = 'rise' AND status = 'in progress'",
                               NULL);
    int64_t si_case = scalar(db, "SELECT min(id) FROM cases WHERE programme = 'si-2019-20'", NULL);
    if (org_id <= 0)
        return 0;
    if (rise_case > 0) {
        int64_t case_id = rise_case, planning = 0;
        if (demo_match(db, &officer.a, case_id, org_id) != 0 ||
            demo_rise_plan(db, case_id, &org, &trust, &officer, &grants, &director) != 0)
            return -1;
        const char *why = NULL;
        if (grant_planning_prepare(db, &grants.a, case_id, &planning, &why) != CW_OK) {
            fprintf(stderr, "rise: the demo's planning grant: %s\n", why ? why : "a database error");
            return -1;
        }
    }
    if (si_case > 0) {
        if (demo_match(db, &officer.a, si_case, org_id) != 0)
            return -1;
        Case c;
        if (case_get(db, si_case, &c) != 1)
            return -1;
        char from[11], to[11], why[300] = "";
        date_iso(date_local(0) - 9, from);
        date_iso(date_local(0) - 8, to);
        ClaimIn in = {.kind = DAYS_NLE, .halves = 4, .from_on = from, .to_on = to,
                      .activities = "Two days with the senior team: a review of the school's priorities and a plan"
                                    " for the Tier 1 return",
                      .travel_minutes = 75, .travel_miles = 50};
        int64_t id = 0;
        int rc = claim_submit(db, &org.a, &c, &in, &id, why, sizeof why);
        case_free(&c);
        if (rc != CW_OK) {
            fprintf(stderr, "rise: the demo's claim: %s\n", why[0] ? why : "a database error");
            return -1;
        }
    }
    return 0;
}
