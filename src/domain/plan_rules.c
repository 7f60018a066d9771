/*
 * plan_rules.c - every rule a plan must meet before it is submitted
 * (PLAN_RULES: id, kind, the seed sentence it implements, the message) and
 * plan_check(), which lists the broken ones with the form field each is
 * about. See plans.h.
 *
 * Pure: no I/O. The seeds are the authority: seed 002 (School Improvement
 * support 2019 to 2020, guidance for NLEs) sections 3, 5, 6 and 8, seed 004
 * (TSI 2022/23) and DOMAIN.md sections 1 and 7 for RISE. Sentences are
 * quoted verbatim (the seeds' markdown bold left out); "" where no seed has
 * one.
 *
 * Interpretations (written here because the seeds leave them open):
 * - Visit date: the RAF's due dates and the three funded terms run from the
 *   school visit (002 6.7, 6.26), so it must be entered; so must the TSIO's
 *   first visit.
 * - 002 6.2 "We recommend ... up to four": checked as a rule (max_areas),
 *   since the caps assume a focused plan; the number is a parameter.
 * - 002 6.4: governance and financial management not chosen each need their
 *   own rationale (a form field each).
 * - 002 6.6 and 6.19: an unfunded action carries no cost; a funded one a
 *   cost in at least one term. No cost may be below zero.
 * - 002 6.7 and 6.8: a funded action ends by plan_funded_until() (the end of
 *   the third term counting the visit's term); an action after that must be
 *   the school's own (unfunded). Unfunded actions may run on.
 * - 002 6.12 SRMA: srma_received must be answered. When the school has had
 *   SRMA advice, the SRMA's outstanding actions are entered (srma_actions)
 *   and every action in the financial-management area must be one of them
 *   (flagged srma): "You should not make separate recommendations" is read
 *   as no financial-management action of the NLE's own. Actions in other
 *   areas are not affected.
 * - 002 6.13: a school without SRMA advice reviews its resource management
 *   (a review in the last 12 months counts) before the RAF is submitted.
 * - 002 6.15 SEND: SEND "as a priority" is SEND chosen as an area or
 *   send_priority set; then at least one action (in any area) has
 *   send_review set.
 * - 002 6.11 subject-specific alternatives: an action in the subject area
 *   names its subject; delivered by another provider or the NLE's own school
 *   or trust (an alternative to a national programme) it needs evidence, and
 *   for a subject whose needs_hub is set the hub's endorsement too.
 * - 002 6.16 and 6.17: another provider needs a name and a rationale; the
 *   NLE's own school or trust needs a name and the 6.17 explanation (one
 *   rationale field, reported under 6.17); a national programme needs its
 *   code. The school itself (unfunded delivery) needs nothing more.
 * - 002 6.19 and 6.20: the tier's caps (plan_cap, plan_coord_cap) on the
 *   total of funded actions plus coordination, and on coordination alone.
 * - Tier 1 (002 3.4, 5.1, 8.1): days used between half a day and
 *   tier1_days.
 * - TSIO (seed 004): the system leader's activities total at most tsio_days.
 *   The NLG governance review ("access to 5 days of governance support from
 *   a National Leader of Governance", offered to multi-academy trusts) is
 *   5 days of an NLG's own and does not count against them; asking for it
 *   when the case is not a trust's breaks a rule. DfE's approval of it
 *   (nlg_approved) comes at approval, not submission.
 * - RISE: when reserves exceed reserves_percent of revenue (or the band is
 *   "no funding"), the plan asks for nothing: the costed activities are not
 *   required and their total must be 0. Otherwise the total is within the
 *   final band when the grant team has set it, else the indicative band.
 *   The plan's period runs min_months to max_months: ends_on is on or after
 *   the day min_months after starts_on, less one day, and before the day
 *   max_months after it.
 */
#include "domain/plans.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- the table ---------------------------------------------------------------- */

#define S_002_6_4                                                                                                 \
    "However, where doing so, you must provide a rationale as to why the school's governance or financial "     \
    "management is already secure or what actions are already in place to address it."
#define S_002_6_7_DATES "Proposed actions must be time-bound and include a specific start and end date."
#define S_002_6_7_TERMS "Funded activity must be completed within three the school terms following the initial deployment."
#define S_002_6_12                                                                                                \
    "where the supported school has already received advice from a School Resource Management Adviser (SRMA), " \
    "any outstanding actions identified by the SRMA should be detailed in the RAF."
#define S_002_6_18                                                                                                \
    "expected outcomes must be set out for each proposed action, along with a description of how they will be " \
    "measured."
#define S_002_6_19_COSTS                                                                                          \
    "A breakdown of the estimated cost for each of the proposed activities for each term should be included for " \
    "each identified improvement area."
#define S_002_5_1 "the activities completed and the recommendations for change that have been agreed with the school."
#define S_004_FIRST "First visit carried out. Initial scoping and diagnostic form completed (Ref to 10-day model)"
#define S_004_ACTIVITIES "Up to 10 days of activities commence (See 10-day model)"
#define S_004_CLOSURE "Deployment completed. Closure & next steps on form completed."
#define S_DOM_OBJECTIVES "Improvement plan: objectives, each under an area"
#define S_DOM_BANDS                                                                                               \
    "then an indicative funding band shared with the plan template, the plan reviewed and the final band "     \
    "confirmed by the RISE grant team: no funding (reserves above 20% of revenue), up to \xc2\xa3" "40,000, up " \
    "to \xc2\xa3" "80,000, up to \xc2\xa3" "100,000"
#define S_DOM_PERIOD "a bespoke package over 12\xe2\x80\x93" "24 months from a commissioned supporting organisation"
/* RISE's actions: objectives "with actions, owners, dates and success
   measures" is issue 13's plan template; no seed has a sentence for it. */
#define S_NONE ""

const PlanRule PLAN_RULES[] = {
    /* ---- RAF (002 section 6) ---- */
    {"raf-visit-date", PLAN_RAF, S_002_6_7_TERMS, "Enter the date of the school visit"},
    {"raf-areas-min", PLAN_RAF,
     "Improvement areas are key themes such as leadership, governance, financial management, the curriculum and "
     "pedagogy.",
     "Select at least one improvement area"},
    {"raf-areas-max", PLAN_RAF, "We recommend that you select up to four improvement areas.",
     "Select no more than %s improvement areas"},
    {"raf-leadership", PLAN_RAF,
     "All forms must address Ofsted's findings in relation to the school's leadership, so that other actions in "
     "the form are supported by strong leadership.",
     "Select leadership as an improvement area: every form must address Ofsted's findings on the school's "
     "leadership"},
    {"raf-area-need", PLAN_RAF,
     "It should set out the actions that you judge are necessary to address the supported school's weaknesses, "
     "linked to the findings in its most recent Ofsted inspection report and any observations you have made "
     "during your deployment.",
     "%s: describe the weakness to address, linked to Ofsted's findings"},
    {"raf-governance-rationale", PLAN_RAF, S_002_6_4,
     "Explain why the school's governance is already secure, or what is already in place to address it"},
    {"raf-finance-rationale", PLAN_RAF, S_002_6_4,
     "Explain why the school's financial management is already secure, or what is already in place to address "
     "it"},
    {"raf-srma-received", PLAN_RAF, S_002_6_12,
     "Select whether the school has had advice from a School Resource Management Adviser (SRMA)"},
    {"raf-srma-actions", PLAN_RAF, S_002_6_12, "Enter the outstanding actions the SRMA identified"},
    {"raf-resource-review", PLAN_RAF,
     "Where the school is not already in receipt of SRMA support, the school should undertake a review of their "
     "resource management using DfE's online tools, and you should use this to inform the RAF.",
     "The school has had no SRMA advice: it should review its resource management with DfE's online tools first"
     " (a review in the last 12 months will do)"},
    {"raf-area-actions", PLAN_RAF, "For each improvement area selected, you will be asked to recommend actions.",
     "Add at least one recommended action for %s"},
    {"raf-action-area", PLAN_RAF, "For each improvement area selected, you will be asked to recommend actions.",
     "%s: choose one of the improvement areas selected"},
    {"raf-action-description", PLAN_RAF,
     "You should explicitly set out the activities to be carried out to address the identified needs.",
     "%s: describe the activities to be carried out"},
    {"raf-action-responsible", PLAN_RAF,
     "In this description, you must also include who is responsible for carrying out the action within the "
     "school.",
     "%s: enter who in the school is responsible"},
    {"raf-action-start", PLAN_RAF, S_002_6_7_DATES, "%s: enter the start date"},
    {"raf-action-end", PLAN_RAF, S_002_6_7_DATES, "%s: enter the end date"},
    {"raf-action-dates-order", PLAN_RAF, S_002_6_7_DATES, "%s: the end date must be the same as or after the start date"},
    {"raf-action-funded-terms", PLAN_RAF, S_002_6_7_TERMS,
     "%s: end funded activity within the funded terms, or make it unfunded (activity after them is funded by the "
     "school)"},
    {"raf-action-delivery", PLAN_RAF,
     "You should prioritise the use of DfE-funded national programmes wherever these are available.",
     "%s: select how the action will be delivered"},
    {"raf-action-programme", PLAN_RAF,
     "Please check the eligibility criteria and availability of these programmes before including them in the "
     "form.",
     "%s: select the national programme"},
    {"raf-action-provider", PLAN_RAF,
     "the name of the provider proposed to deliver the activity should be included where relevant.",
     "%s: enter the name of the provider"},
    {"raf-action-rationale", PLAN_RAF,
     "If you are not selecting a national programme, as set out in annex B, or are recommending provision led by "
     "your own school or trust, a rationale should be included.",
     "%s: explain why a national programme is not used"},
    {"raf-action-own-rationale", PLAN_RAF,
     "Where you recommend funding system leaders (NLE / SLE / NLG / Teaching Schools) within your own MAT / "
     "Teaching School Alliance, you will be asked to explain why this is the most appropriate and impactful "
     "support available.",
     "%s: explain why your own school or trust is the most appropriate and impactful support available"},
    {"raf-action-subject", PLAN_RAF,
     "Where, exceptionally, you are recommending a subject specific activity as an alternative to a national "
     "programme, (for example, a Year 1 phonics programme that is not drawn from an English Hub), you will need:",
     "%s: select the subject"},
    {"raf-action-evidence", PLAN_RAF,
     "to provide evidence (on top of the general rationale accompanying all planned activity) to demonstrate why "
     "the proposed activity is likely to be effective",
     "%s: give evidence that this alternative to a national programme is likely to be effective"},
    {"raf-action-endorsement", PLAN_RAF, "for certain subjects or phases, gain the endorsement of the relevant hub.",
     "%s: enter the endorsement of the relevant hub"},
    {"raf-action-srma", PLAN_RAF, "You should not make separate recommendations.",
     "%s: carry in one of the SRMA's outstanding actions; do not make a separate financial management "
     "recommendation"},
    {"raf-action-outcomes", PLAN_RAF, S_002_6_18, "%s: enter the expected outcomes"},
    {"raf-action-measures", PLAN_RAF, S_002_6_18, "%s: enter how the outcomes will be measured"},
    {"raf-action-cost", PLAN_RAF, S_002_6_19_COSTS, "%s: enter the cost of the funded action for at least one term"},
    {"raf-action-unfunded-cost", PLAN_RAF, "Recommended actions need not only relate to funded activity.",
     "%s: remove the costs of an unfunded action, or mark it as funded"},
    {"raf-send-review", PLAN_RAF,
     "in cases where you identify SEND provision as a priority you should recommend that the school commission a "
     "review of SEND provision.",
     "Recommend that the school commission a review of SEND provision: SEND is a priority"},
    {"raf-coordination-cap", PLAN_RAF,
     "For Tier 2 schools you can use up to \xc2\xa3" "2,000 and for Tier 3 schools you can use up to \xc2\xa3"
     "4,000 for co-ordinating and supporting implementation of the plan and monitoring.",
     "Reduce the coordination costs to no more than %s"},
    {"raf-total-cap", PLAN_RAF,
     "The total cost of all recommended activities must be no more than \xc2\xa3" "16,000 for Tier 2 schools; and "
     "\xc2\xa3" "24,000 for Tier 3 schools.",
     "Reduce the total cost to no more than %s"},

    /* ---- Tier 1 return (002 sections 3, 5 and 8) ---- */
    {"t1-areas", PLAN_TIER1, "the identified improvement areas (e.g. leadership, governance, SEND)",
     "Select at least one improvement area"},
    {"t1-activities", PLAN_TIER1, S_002_5_1, "Enter the activities completed"},
    {"t1-recommendations", PLAN_TIER1, S_002_5_1, "Enter the recommendations agreed with the school"},
    {"t1-days", PLAN_TIER1,
     "For those schools that are only eligible for tier 1 support, you are not required to complete a RAF, and "
     "have the flexibility to determine the nature and amount of support provided, up to a maximum of 3 days.",
     "Enter the days used, from half a day up to %s days"},

    /* ---- TSIO deployment form (seed 004) ---- */
    {"tsio-visit", PLAN_TSIO, S_004_FIRST, "Enter the date of the first visit"},
    {"tsio-scoping", PLAN_TSIO, S_004_FIRST, "Enter the initial scoping"},
    {"tsio-diagnostic", PLAN_TSIO, S_004_FIRST, "Enter the initial diagnostic"},
    {"tsio-activities", PLAN_TSIO, S_004_ACTIVITIES, "Add at least one activity"},
    {"tsio-activity-on", PLAN_TSIO, S_004_ACTIVITIES, "%s: enter the date"},
    {"tsio-activity-what", PLAN_TSIO, S_004_ACTIVITIES, "%s: describe what was done"},
    {"tsio-activity-days", PLAN_TSIO, S_004_ACTIVITIES, "%s: enter the days used, half a day or more"},
    {"tsio-days-max", PLAN_TSIO, "Up to 10 days support and advice from a system leader",
     "Reduce the system leader's days to no more than %s"},
    {"tsio-nlg-trust", PLAN_TSIO,
     "access to 5 days of governance support from a National Leader of Governance where beneficial and funding "
     "allows",
     "Remove the governance review: a review by a national leader of governance is offered to trusts only"},
    {"tsio-closure", PLAN_TSIO, S_004_CLOSURE, "Enter the closure: what the deployment achieved"},
    {"tsio-next-steps", PLAN_TSIO, S_004_CLOSURE, "Enter the next steps"},

    /* ---- RISE improvement plan (DOMAIN.md sections 1 and 7) ---- */
    {"rise-objectives", PLAN_RISE, S_DOM_OBJECTIVES, "Add at least one objective"},
    {"rise-objective-area", PLAN_RISE, S_DOM_OBJECTIVES, "%s: select its area"},
    {"rise-objective-text", PLAN_RISE, S_DOM_OBJECTIVES, "%s: enter what is to be achieved"},
    {"rise-objective-actions", PLAN_RISE, S_NONE, "%s: add at least one action"},
    {"rise-action-objective", PLAN_RISE, S_NONE, "%s: choose one of the plan's objectives"},
    {"rise-action-description", PLAN_RISE, S_NONE, "%s: describe the action"},
    {"rise-action-owner", PLAN_RISE, S_NONE, "%s: enter who owns the action"},
    {"rise-action-start", PLAN_RISE, S_NONE, "%s: enter the start date"},
    {"rise-action-end", PLAN_RISE, S_NONE, "%s: enter the end date"},
    {"rise-action-dates-order", PLAN_RISE, S_NONE, "%s: the end date must be the same as or after the start date"},
    {"rise-action-measure", PLAN_RISE, S_NONE, "%s: enter the success measure"},
    {"rise-reserves", PLAN_RISE, S_DOM_BANDS, "Enter the school's reserves, \xc2\xa3" "0 or more"},
    {"rise-revenue", PLAN_RISE, S_DOM_BANDS, "Enter the school's revenue for the year, more than \xc2\xa3" "0"},
    {"rise-period-start", PLAN_RISE, S_DOM_PERIOD, "Enter the date the plan starts"},
    {"rise-period-end", PLAN_RISE, S_DOM_PERIOD, "Enter the date the plan ends"},
    {"rise-period-length", PLAN_RISE, S_DOM_PERIOD, "Make the plan run for %s"},
    {"rise-costed", PLAN_RISE, S_DOM_BANDS, "Add at least one costed activity"},
    {"rise-costed-what", PLAN_RISE, S_DOM_BANDS, "%s: describe the activity"},
    {"rise-costed-dates", PLAN_RISE, S_DOM_BANDS, "%s: enter when it runs from and until, the end on or after the start"},
    {"rise-costed-cost", PLAN_RISE, S_DOM_BANDS, "%s: enter its cost, more than \xc2\xa3" "0"},
    {"rise-band-indicative", PLAN_RISE, S_DOM_BANDS,
     "The indicative funding band is not set: DfE sets it when it shares the plan template"},
    {"rise-reserves-no-funding", PLAN_RISE, S_DOM_BANDS,
     "Remove the costs: reserves of %s are more than 20% of revenue, so the school cannot receive an improvement "
     "grant"},
    {"rise-total-band", PLAN_RISE, S_DOM_BANDS, "Reduce the total cost to no more than %s, the funding band"},
};
const size_t PLAN_N_RULES = sizeof PLAN_RULES / sizeof PLAN_RULES[0];

const PlanRule *plan_rule(const char *id)
{
    for (size_t i = 0; id && i < PLAN_N_RULES; i++)
        if (strcmp(PLAN_RULES[i].id, id) == 0)
            return &PLAN_RULES[i];
    return NULL;
}

/* ---- helpers ------------------------------------------------------------------ */

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return 0;
    return 1;
}

/* Adds a problem: the rule's message with its %s replaced by name. */
static void add(PlanProblems *out, const char *id, const char *field, const char *name)
{
    const PlanRule *r = plan_rule(id);
    if (!r || out->n >= PLAN_MAX_PROBLEMS)
        return;
    PlanProblem *pr = &out->items[out->n++];
    pr->rule = r;
    snprintf(pr->field, sizeof pr->field, "%s", field);
    const char *at = strstr(r->message, "%s");
    if (at)
        snprintf(pr->message, sizeof pr->message, "%.*s%s%s", (int)(at - r->message), r->message, name ? name : "",
                 at + 2);
    else
        snprintf(pr->message, sizeof pr->message, "%s", r->message);
}

/* Adds a problem with a message of its own (figures the table cannot hold). */
__attribute__((format(printf, 4, 5))) static void addf(PlanProblems *out, const char *id, const char *field,
                                                        const char *fmt, ...)
{
    const PlanRule *r = plan_rule(id);
    if (!r || out->n >= PLAN_MAX_PROBLEMS)
        return;
    PlanProblem *pr = &out->items[out->n++];
    pr->rule = r;
    snprintf(pr->field, sizeof pr->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pr->message, sizeof pr->message, fmt, ap);
    va_end(ap);
}

static int chosen(const Plan *p, const char *code)
{
    int idx = plan_area_index(p->kind, code);
    for (size_t i = 0; i < p->n_areas && i < PLAN_MAX_AREAS; i++)
        if (p->areas[i] == idx)
            return 1;
    return 0;
}

static const char *raf_area_label(int area)
{
    return area >= 0 && (size_t)area < PLAN_N_RAF_AREAS ? PLAN_RAF_AREAS[area].label : "no area";
}

/* "Action 3 (Leadership)"; RISE: "Action 3 (objective 1)". */
static void action_name(const Plan *p, size_t i, char *out, size_t outlen)
{
    const PlanAction *a = &p->actions[i];
    if (p->kind == PLAN_RISE) {
        if (a->area >= 0 && (size_t)a->area < p->n_objectives)
            snprintf(out, outlen, "Action %zu (objective %d)", i + 1, a->area + 1);
        else
            snprintf(out, outlen, "Action %zu", i + 1);
    } else {
        snprintf(out, outlen, "Action %zu (%s)", i + 1, raf_area_label(a->area));
    }
}

static void field_of(char *out, size_t outlen, const char *what, size_t i, const char *leaf)
{
    snprintf(out, outlen, "%s-%zu-%s", what, i + 1, leaf);
}

/* ---- RAF ------------------------------------------------------------------------ */

static void raf_areas(const Plan *p, const PlanParams *params, PlanProblems *out)
{
    if (p->n_areas == 0)
        add(out, "raf-areas-min", "areas", NULL);
    if ((int)p->n_areas > params->max_areas) {
        char n[16];
        snprintf(n, sizeof n, "%d", params->max_areas);
        add(out, "raf-areas-max", "areas", n);
    }
    if (!chosen(p, "leadership"))
        add(out, "raf-leadership", "areas", NULL);
    for (size_t i = 0; i < p->n_areas && i < PLAN_MAX_AREAS; i++) {
        int a = p->areas[i];
        if (a < 0 || (size_t)a >= PLAN_N_RAF_AREAS)
            continue;
        char field[48];
        snprintf(field, sizeof field, "area-%s-need", PLAN_RAF_AREAS[a].code);
        if (blank(p->area_need[i]))
            add(out, "raf-area-need", field, PLAN_RAF_AREAS[a].label);
    }
    if (!chosen(p, "governance") && blank(p->governance_rationale))
        add(out, "raf-governance-rationale", "governance_rationale", NULL);
    if (!chosen(p, "financial-management") && blank(p->finance_rationale))
        add(out, "raf-finance-rationale", "finance_rationale", NULL);
    if (p->srma_received != 0 && p->srma_received != 1)
        add(out, "raf-srma-received", "srma_received", NULL);
    if (p->srma_received == 1 && blank(p->srma_actions))
        add(out, "raf-srma-actions", "srma_actions", NULL);
    if (p->srma_received == 0 && !p->resource_review)
        add(out, "raf-resource-review", "resource_review", NULL);
    for (size_t i = 0; i < p->n_areas && i < PLAN_MAX_AREAS; i++) {
        int a = p->areas[i], has = 0;
        if (a < 0 || (size_t)a >= PLAN_N_RAF_AREAS)
            continue;
        for (size_t j = 0; j < p->n_actions && j < PLAN_MAX_ACTIONS; j++)
            has |= p->actions[j].area == a;
        if (!has) {
            char field[48];
            snprintf(field, sizeof field, "area-%s-actions", PLAN_RAF_AREAS[a].code);
            add(out, "raf-area-actions", field, PLAN_RAF_AREAS[a].label);
        }
    }
}

/* How it is delivered: programme, provider, rationale, the subject's evidence
   and endorsement (002 6.9-6.17). */
static void raf_action_delivery(const Plan *p, size_t i, const char *name, PlanProblems *out)
{
    const PlanAction *a = &p->actions[i];
    char f[48];
    if (a->delivery < DELIVERY_NATIONAL || a->delivery > DELIVERY_SCHOOL) {
        field_of(f, sizeof f, "action", i, "delivery");
        add(out, "raf-action-delivery", f, name);
    }
    if (a->delivery == DELIVERY_NATIONAL && blank(a->programme)) {
        field_of(f, sizeof f, "action", i, "programme");
        add(out, "raf-action-programme", f, name);
    }
    int alternative = a->delivery == DELIVERY_OTHER || a->delivery == DELIVERY_OWN;
    if (alternative && blank(a->provider)) {
        field_of(f, sizeof f, "action", i, "provider");
        add(out, "raf-action-provider", f, name);
    }
    if (alternative && blank(a->rationale)) {
        field_of(f, sizeof f, "action", i, "rationale");
        add(out, a->delivery == DELIVERY_OWN ? "raf-action-own-rationale" : "raf-action-rationale", f, name);
    }
    const PlanSubject *subject = plan_subject(a->subject);
    if (a->area == plan_area_index(PLAN_RAF, "subject") && !subject) {
        field_of(f, sizeof f, "action", i, "subject");
        add(out, "raf-action-subject", f, name);
    }
    if (subject && alternative && blank(a->evidence)) {
        field_of(f, sizeof f, "action", i, "evidence");
        add(out, "raf-action-evidence", f, name);
    }
    if (subject && alternative && subject->needs_hub && blank(a->endorsement)) {
        field_of(f, sizeof f, "action", i, "endorsement");
        addf(out, "raf-action-endorsement", f, "%s: enter the endorsement of the hub (contact %s)", name,
             subject->hub ? subject->hub : "the relevant hub");
    }
}

static void raf_action_costs(const Plan *p, size_t i, const char *name, PlanProblems *out)
{
    const PlanAction *a = &p->actions[i];
    char f[48];
    int64_t sum = 0;
    for (int t = 0; t < PLAN_TERMS; t++) {
        if (a->cost[t] < 0) {
            char leaf[16];
            snprintf(leaf, sizeof leaf, "cost-%d", t + 1);
            field_of(f, sizeof f, "action", i, leaf);
            addf(out, "raf-action-cost", f, "%s: enter a cost for term %d of \xc2\xa3" "0 or more", name, t + 1);
        } else {
            sum += a->cost[t];
        }
    }
    field_of(f, sizeof f, "action", i, "cost-1");
    if (a->funded && sum == 0)
        add(out, "raf-action-cost", f, name);
    if (!a->funded && sum > 0)
        add(out, "raf-action-unfunded-cost", f, name);
}

static void raf_action(const Plan *p, const PlanParams *params, size_t i, PlanProblems *out)
{
    const PlanAction *a = &p->actions[i];
    char name[96], f[48];
    action_name(p, i, name, sizeof name);
    int in_plan = 0;
    for (size_t k = 0; k < p->n_areas && k < PLAN_MAX_AREAS; k++)
        in_plan |= p->areas[k] == a->area;
    if (!in_plan) {
        field_of(f, sizeof f, "action", i, "area");
        add(out, "raf-action-area", f, name);
    }
    if (blank(a->description)) {
        field_of(f, sizeof f, "action", i, "description");
        add(out, "raf-action-description", f, name);
    }
    if (blank(a->responsible)) {
        field_of(f, sizeof f, "action", i, "responsible");
        add(out, "raf-action-responsible", f, name);
    }
    field_of(f, sizeof f, "action", i, "start");
    if (a->start == DATE_NONE)
        add(out, "raf-action-start", f, name);
    field_of(f, sizeof f, "action", i, "end");
    if (a->end == DATE_NONE)
        add(out, "raf-action-end", f, name);
    else if (a->start != DATE_NONE && a->end < a->start)
        add(out, "raf-action-dates-order", f, name);
    Date until = plan_funded_until(p, params);
    if (a->funded && a->end != DATE_NONE && until != DATE_NONE && a->end > until) {
        char d[32];
        date_long(until, d, sizeof d);
        addf(out, "raf-action-funded-terms", f,
             "%s: end funded activity by %s, the end of the funded terms, or make it unfunded (activity after them "
             "is funded by the school)",
             name, d);
    }
    raf_action_delivery(p, i, name, out);
    if (p->srma_received == 1 && a->area == plan_area_index(PLAN_RAF, "financial-management") && !a->srma) {
        field_of(f, sizeof f, "action", i, "srma");
        add(out, "raf-action-srma", f, name);
    }
    if (blank(a->outcomes)) {
        field_of(f, sizeof f, "action", i, "outcomes");
        add(out, "raf-action-outcomes", f, name);
    }
    if (blank(a->measures)) {
        field_of(f, sizeof f, "action", i, "measures");
        add(out, "raf-action-measures", f, name);
    }
    raf_action_costs(p, i, name, out);
}

static void raf_totals(const Plan *p, const PlanParams *params, PlanProblems *out)
{
    int send = chosen(p, "send") || p->send_priority, review = 0;
    for (size_t i = 0; i < p->n_actions && i < PLAN_MAX_ACTIONS; i++)
        review |= p->actions[i].send_review;
    if (send && !review)
        add(out, "raf-send-review", "send_review", NULL);

    char m[32], total[32], f[48];
    for (int t = 0; t < PLAN_TERMS; t++) {
        if (p->coordination[t] < 0) {
            snprintf(f, sizeof f, "coordination-%d", t + 1);
            addf(out, "raf-coordination-cap", f, "Enter coordination costs for term %d of \xc2\xa3" "0 or more",
                 t + 1);
        }
    }
    int64_t coord = plan_coordination_total(p), coord_cap = plan_coord_cap(p, params);
    if (coord > coord_cap) {
        plan_money(coord_cap, m, sizeof m);
        plan_money(coord, total, sizeof total);
        addf(out, "raf-coordination-cap", "coordination-1",
             "Reduce the coordination costs to no more than %s for a Tier %d school (they are %s)", m,
             p->tier == 3 ? 3 : 2, total);
    }
    int64_t sum = plan_total(p), cap = plan_cap(p, params);
    if (sum > cap) {
        plan_money(cap, m, sizeof m);
        plan_money(sum, total, sizeof total);
        addf(out, "raf-total-cap", "total",
             "Reduce the total cost to no more than %s for a Tier %d school (funded actions and coordination "
             "come to %s)",
             m, p->tier == 3 ? 3 : 2, total);
    }
}

static void check_raf(const Plan *p, const PlanParams *params, PlanProblems *out)
{
    if (p->visit_on == DATE_NONE)
        add(out, "raf-visit-date", "visit_on", NULL);
    raf_areas(p, params, out);
    for (size_t i = 0; i < p->n_actions && i < PLAN_MAX_ACTIONS; i++)
        raf_action(p, params, i, out);
    raf_totals(p, params, out);
}

/* ---- Tier 1 ----------------------------------------------------------------------- */

static void check_tier1(const Plan *p, const PlanParams *params, PlanProblems *out)
{
    if (p->n_areas == 0)
        add(out, "t1-areas", "areas", NULL);
    if (blank(p->activities))
        add(out, "t1-activities", "activities", NULL);
    if (blank(p->recommendations))
        add(out, "t1-recommendations", "recommendations", NULL);
    if (p->days_used_halves < 1 || p->days_used_halves > params->tier1_days * 2) {
        char n[16];
        snprintf(n, sizeof n, "%d", params->tier1_days);
        add(out, "t1-days", "days_used", n);
    }
}

/* ---- TSIO ------------------------------------------------------------------------- */

/* "4", "4.5" for half days. */
static void days_words(int halves, char *out, size_t outlen)
{
    if (halves % 2)
        snprintf(out, outlen, "%d.5", halves / 2);
    else
        snprintf(out, outlen, "%d", halves / 2);
}

static void check_tsio(const Plan *p, const PlanParams *params, PlanProblems *out)
{
    if (p->visit_on == DATE_NONE)
        add(out, "tsio-visit", "visit_on", NULL);
    if (blank(p->scoping))
        add(out, "tsio-scoping", "scoping", NULL);
    if (blank(p->diagnostic))
        add(out, "tsio-diagnostic", "diagnostic", NULL);
    if (p->n_tsio == 0)
        add(out, "tsio-activities", "activities", NULL);
    for (size_t i = 0; i < p->n_tsio && i < PLAN_MAX_ACTIVITIES; i++) {
        const PlanActivity *a = &p->tsio[i];
        char name[32], f[48];
        snprintf(name, sizeof name, "Activity %zu", i + 1);
        if (a->on == DATE_NONE) {
            field_of(f, sizeof f, "tsio", i, "on");
            add(out, "tsio-activity-on", f, name);
        }
        if (blank(a->what)) {
            field_of(f, sizeof f, "tsio", i, "what");
            add(out, "tsio-activity-what", f, name);
        }
        if (a->half_days <= 0) {
            field_of(f, sizeof f, "tsio", i, "days");
            add(out, "tsio-activity-days", f, name);
        }
    }
    int halves = plan_tsio_half_days(p);
    if (halves > params->tsio_days * 2) {
        char used[16];
        days_words(halves, used, sizeof used);
        addf(out, "tsio-days-max", "tsio_days",
             "Reduce the system leader's days to no more than %d: the activities come to %s days", params->tsio_days,
             used);
    }
    if (p->nlg_review && !p->is_trust)
        add(out, "tsio-nlg-trust", "nlg_review", NULL);
    if (blank(p->closure))
        add(out, "tsio-closure", "closure", NULL);
    if (blank(p->next_steps))
        add(out, "tsio-next-steps", "next_steps", NULL);
}

/* ---- RISE ------------------------------------------------------------------------- */

/* The day `months` months after d (the last day of a shorter month). */
static Date add_months(Date d, int months)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    Date r;
    while ((r = date_from_ymd(y, m, day)) == DATE_NONE && day > 28)
        day--;
    return r;
}

static void rise_objectives(const Plan *p, PlanProblems *out)
{
    if (p->n_objectives == 0)
        add(out, "rise-objectives", "objectives", NULL);
    for (size_t i = 0; i < p->n_objectives && i < PLAN_MAX_OBJECTIVES; i++) {
        const PlanObjective *o = &p->objectives[i];
        char name[32], f[48];
        snprintf(name, sizeof name, "Objective %zu", i + 1);
        if (o->area < 0 || (size_t)o->area >= PLAN_N_RISE_AREAS) {
            field_of(f, sizeof f, "objective", i, "area");
            add(out, "rise-objective-area", f, name);
        }
        if (blank(o->text)) {
            field_of(f, sizeof f, "objective", i, "text");
            add(out, "rise-objective-text", f, name);
        }
        int has = 0;
        for (size_t j = 0; j < p->n_actions && j < PLAN_MAX_ACTIONS; j++)
            has |= p->actions[j].area == (int)i;
        if (!has) {
            field_of(f, sizeof f, "objective", i, "actions");
            add(out, "rise-objective-actions", f, name);
        }
    }
}

static void rise_actions(const Plan *p, PlanProblems *out)
{
    for (size_t i = 0; i < p->n_actions && i < PLAN_MAX_ACTIONS; i++) {
        const PlanAction *a = &p->actions[i];
        char name[96], f[48];
        action_name(p, i, name, sizeof name);
        if (a->area < 0 || (size_t)a->area >= p->n_objectives) {
            field_of(f, sizeof f, "action", i, "area");
            add(out, "rise-action-objective", f, name);
        }
        if (blank(a->description)) {
            field_of(f, sizeof f, "action", i, "description");
            add(out, "rise-action-description", f, name);
        }
        if (blank(a->responsible)) {
            field_of(f, sizeof f, "action", i, "responsible");
            add(out, "rise-action-owner", f, name);
        }
        field_of(f, sizeof f, "action", i, "start");
        if (a->start == DATE_NONE)
            add(out, "rise-action-start", f, name);
        field_of(f, sizeof f, "action", i, "end");
        if (a->end == DATE_NONE)
            add(out, "rise-action-end", f, name);
        else if (a->start != DATE_NONE && a->end < a->start)
            add(out, "rise-action-dates-order", f, name);
        if (blank(a->outcomes)) {
            field_of(f, sizeof f, "action", i, "outcomes");
            add(out, "rise-action-measure", f, name);
        }
    }
}

static void rise_period(const Plan *p, const PlanParams *params, PlanProblems *out)
{
    if (p->starts_on == DATE_NONE)
        add(out, "rise-period-start", "starts_on", NULL);
    if (p->ends_on == DATE_NONE)
        add(out, "rise-period-end", "ends_on", NULL);
    if (p->starts_on == DATE_NONE || p->ends_on == DATE_NONE)
        return;
    Date lo = add_months(p->starts_on, params->min_months) - 1, hi = add_months(p->starts_on, params->max_months) - 1;
    if (p->ends_on < lo || p->ends_on > hi) {
        char a[32], b[32];
        date_long(lo, a, sizeof a);
        date_long(hi, b, sizeof b);
        addf(out, "rise-period-length", "ends_on",
             "Make the plan run for %d to %d months: end it between %s and %s", params->min_months,
             params->max_months, a, b);
    }
}

static void rise_money(const Plan *p, const PlanParams *params, PlanProblems *out)
{
    if (p->reserves < 0)
        add(out, "rise-reserves", "reserves", NULL);
    if (p->revenue <= 0)
        add(out, "rise-revenue", "revenue", NULL);
    if (p->band_indicative == BAND_UNSET)
        add(out, "rise-band-indicative", "band", NULL);
    PlanBand allowed = plan_reserves_band(p, params);
    PlanBand band = p->band_final != BAND_UNSET ? p->band_final : p->band_indicative;
    int no_funding = allowed == BAND_NONE || band == BAND_NONE;
    if (!no_funding) {
        if (p->n_costed == 0)
            add(out, "rise-costed", "costed", NULL);
        for (size_t i = 0; i < p->n_costed && i < PLAN_MAX_ACTIVITIES; i++) {
            const PlanActivity *c = &p->costed[i];
            char name[40], f[48];
            snprintf(name, sizeof name, "Costed activity %zu", i + 1);
            if (blank(c->what)) {
                field_of(f, sizeof f, "costed", i, "what");
                add(out, "rise-costed-what", f, name);
            }
            if (c->on == DATE_NONE || c->until == DATE_NONE || c->until < c->on) {
                field_of(f, sizeof f, "costed", i, "from");
                add(out, "rise-costed-dates", f, name);
            }
            if (c->cost <= 0) {
                field_of(f, sizeof f, "costed", i, "cost");
                add(out, "rise-costed-cost", f, name);
            }
        }
    }
    int64_t total = plan_total(p);
    char a[32], b[32], c[32];
    if (allowed == BAND_NONE && total > 0) {
        plan_money(p->reserves, a, sizeof a);
        plan_money(p->revenue, b, sizeof b);
        addf(out, "rise-reserves-no-funding", "total",
             "Reserves of %s are more than %d%% of revenue of %s: the school cannot receive an improvement grant, "
             "so remove the costs",
             a, params->reserves_percent, b);
    } else if (band != BAND_UNSET) {
        int64_t cap = band >= BAND_1 && band <= BAND_3 ? params->band_amount[band - BAND_NONE] : 0;
        if (total > cap) {
            plan_money(cap, a, sizeof a);
            plan_money(total, b, sizeof b);
            plan_band_label(band, params, c, sizeof c);
            addf(out, "rise-total-band", "total",
                 "Reduce the total cost to no more than %s, the %s band (%s): the costed activities come to %s", a,
                 p->band_final != BAND_UNSET ? "final" : "indicative", c, b);
        }
    }
}

static void check_rise(const Plan *p, const PlanParams *params, PlanProblems *out)
{
    rise_objectives(p, out);
    rise_actions(p, out);
    rise_period(p, params, out);
    rise_money(p, params, out);
}

/* ---- plan_check ----------------------------------------------------------------- */

size_t plan_check(const Plan *p, const PlanParams *params, PlanProblems *out)
{
    out->n = 0;
    switch (p->kind) {
    case PLAN_RAF: check_raf(p, params, out); break;
    case PLAN_TIER1: check_tier1(p, params, out); break;
    case PLAN_TSIO: check_tsio(p, params, out); break;
    case PLAN_RISE: check_rise(p, params, out); break;
    default: break;
    }
    return out->n;
}
