/*
 * plan_fixtures.h - what test_plans.c and test_plan_rules.c share: the
 * default params, a plan of each kind that keeps every rule, and BROKEN /
 * KEPT, which run plan_check and look for a rule at a field. Included once
 * by each test program (static definitions).
 */
#ifndef RISE_TEST_PLAN_FIXTURES_H
#define RISE_TEST_PLAN_FIXTURES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define D(y, m, d) date_from_ymd((y), (m), (d))
#define S(x) strdup(x)

static PlanParams params __attribute__((unused));

/* The rule ids shown broken by some test; the last test checks every rule
   of PLAN_RULES is among them. */
static int seen[256] __attribute__((unused));

static __attribute__((unused)) const PlanProblem *find(const Plan *p, const char *id, const char *field)
{
    static PlanProblems out;
    plan_check(p, &params, &out);
    for (size_t i = 0; i < out.n; i++)
        if (strcmp(out.items[i].rule->id, id) == 0 && (!field || strcmp(out.items[i].field, field) == 0))
            return &out.items[i];
    return NULL;
}

static __attribute__((unused)) void broken_(const Plan *p, const char *id, const char *field, const char *file, int line)
{
    const PlanRule *r = plan_rule(id);
    if (!r)
        fail_msg("%s:%d: no rule %s", file, line, id);
    if (!find(p, id, field))
        fail_msg("%s:%d: rule %s not broken at %s", file, line, id, field ? field : "(any)");
    seen[r - PLAN_RULES] = 1;
}
#define BROKEN(p, id, field) broken_((p), (id), (field), __FILE__, __LINE__)
#define KEPT(p, id)                                                                                              \
    do {                                                                                                         \
        if (find((p), (id), NULL))                                                                               \
            fail_msg("%s:%d: rule %s broken: %s", __FILE__, __LINE__, (id), find((p), (id), NULL)->message);   \
    } while (0)

static __attribute__((unused)) void assert_clean(const Plan *p)
{
    PlanProblems out;
    size_t n = plan_check(p, &params, &out);
    for (size_t i = 0; i < n; i++)
        print_message("unexpected: %s %s %s\n", out.items[i].rule->id, out.items[i].field, out.items[i].message);
    assert_int_equal(n, 0);
}

static __attribute__((unused)) int area(PlanKind k, const char *code)
{
    int i = plan_area_index(k, code);
    assert_true(i >= 0);
    return i;
}

/* ---- fixtures: a plan of each kind that keeps every rule ---------------------- */

static __attribute__((unused)) void action_ok(PlanAction *a, int ar, const char *what)
{
    a->area = ar;
    a->description = S(what);
    a->responsible = S("Deputy headteacher");
    a->start = D(2026, 10, 1);
    a->end = D(2027, 7, 15);
    a->outcomes = S("Better teaching");
    a->measures = S("Lesson visits each half term");
}

/* A Tier 2 RAF after a visit on 15 September 2026: four areas (leadership,
   financial management, subject specific, SEND), governance left out with a
   rationale, SRMA advice carried in. */
static __attribute__((unused)) void raf_ok(Plan *p)
{
    plan_init(p, PLAN_RAF);
    p->tier = 2;
    p->visit_on = D(2026, 9, 15);
    const char *codes[] = {"leadership", "financial-management", "subject", "send"};
    for (size_t i = 0; i < 4; i++) {
        p->areas[i] = area(PLAN_RAF, codes[i]);
        p->area_need[i] = S("Ofsted found weaknesses here");
    }
    p->n_areas = 4;
    p->governance_rationale = S("The board was reviewed externally last year");
    p->srma_received = 1;
    p->srma_actions = S("Review the staffing structure");
    p->coordination[0] = 50000;
    p->coordination[1] = 50000;

    PlanAction *a = &p->actions[0];
    action_ok(a, area(PLAN_RAF, "leadership"), "Leadership coaching");
    a->funded = 1;
    a->delivery = DELIVERY_NATIONAL;
    a->programme = S("npqh");
    a->cost[0] = 100000;

    a = &p->actions[1];
    action_ok(a, area(PLAN_RAF, "financial-management"), "Review the staffing structure");
    a->delivery = DELIVERY_SCHOOL;
    a->srma = 1;

    a = &p->actions[2];
    action_ok(a, area(PLAN_RAF, "subject"), "Maths mastery training");
    a->funded = 1;
    a->delivery = DELIVERY_OTHER;
    a->provider = S("Numbers Ltd");
    a->rationale = S("The hub has no places this year");
    a->subject = S("maths");
    a->evidence = S("EEF evaluation");
    a->endorsement = S("NCETM lead, 1 October 2026");
    a->cost[1] = 50000;
    a->cost[2] = 50000;

    a = &p->actions[3];
    action_ok(a, area(PLAN_RAF, "send"), "Commission a review of SEND provision");
    a->funded = 1;
    a->delivery = DELIVERY_OWN;
    a->provider = S("Our trust's SENCo");
    a->rationale = S("Our SENCo led three such reviews");
    a->send_review = 1;
    a->cost[0] = 20000;
    p->n_actions = 4;
}

static __attribute__((unused)) void tier1_ok(Plan *p)
{
    plan_init(p, PLAN_TIER1);
    p->tier = 1;
    p->visit_on = D(2026, 9, 15);
    p->areas[0] = area(PLAN_TIER1, "leadership");
    p->area_need[0] = S("Middle leaders");
    p->n_areas = 1;
    p->activities = S("Two days of work with the senior team");
    p->recommendations = S("A new curriculum map");
    p->days_used_halves = 5;
}

static __attribute__((unused)) void tsio_ok(Plan *p)
{
    plan_init(p, PLAN_TSIO);
    p->is_trust = 1;
    p->visit_on = D(2022, 11, 7);
    p->scoping = S("Met the CEO and the board");
    p->diagnostic = S("Attendance and governance");
    p->tsio[0] = (PlanActivity){.on = D(2022, 11, 7), .until = DATE_NONE, .what = S("First visit"), .half_days = 2};
    p->tsio[1] = (PlanActivity){.on = D(2023, 1, 9), .until = DATE_NONE, .what = S("Training"), .half_days = 15};
    p->n_tsio = 2;
    p->nlg_review = 1;
    p->nlg_name = S("A. Governor");
    p->closure = S("A plan in place");
    p->next_steps = S("Partnership with a strong trust");
}

static __attribute__((unused)) void rise_ok(Plan *p)
{
    plan_init(p, PLAN_RISE);
    p->objectives[0].area = area(PLAN_RISE, "attendance-behaviour");
    p->objectives[0].text = S("Attendance above 94%");
    p->objectives[1].area = area(PLAN_RISE, "leadership-governance");
    p->objectives[1].text = S("A stable senior team");
    p->n_objectives = 2;
    action_ok(&p->actions[0], 0, "Attendance officer");
    action_ok(&p->actions[1], 1, "Leadership coaching");
    p->n_actions = 2;
    p->band_indicative = BAND_2;
    p->reserves = 1000000;  /* £10,000 */
    p->revenue = 10000000;  /* £100,000: reserves are 10% */
    p->starts_on = D(2026, 9, 1);
    p->ends_on = D(2028, 7, 31);
    p->costed[0] = (PlanActivity){.on = D(2026, 9, 1), .until = D(2027, 7, 31), .what = S("Coaching"), .cost = 3000000};
    p->costed[1] = (PlanActivity){.on = D(2027, 9, 1), .until = D(2028, 7, 31), .what = S("Training"), .cost = 2000050};
    p->n_costed = 2;
}

static __attribute__((unused)) int setup(void **state)
{
    (void)state;
    plan_params_default(&params);
    return 0;
}


#endif
