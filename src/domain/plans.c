/*
 * plans.c - the plans of issue 13 (see plans.h): kinds, the lists (areas,
 * deliveries, subjects, bands), a plan's life (init, free), its totals, the
 * parameters and money in words. The rules are in plan_rules.c, the JSON in
 * plan_json.c, the fields in words in plan_fields.c.
 *
 * Pure: no I/O.
 *
 * Interpretations (written here because the seeds leave them open):
 * - An SI case whose tier is not "tier-1" (tier 2, tier 3, or none: a school
 *   added by exception) writes a RAF, the fuller form.
 * - The caps of a RAF whose tier is not known (0) are Tier 2's, the lower:
 *   a plan never gets more than the seed allows a school in its tier.
 * - The TSIO's NLG governance review is its own 5 days (seed 004: "access
 *   to 5 days of governance support from a National Leader of Governance"),
 *   by another person, so it does not count against the system leader's
 *   "Up to 10 days"; plan_tsio_half_days counts the system leader's days.
 * - RISE reserves "above 20% of revenue": reserves * 100 > revenue *
 *   reserves_percent (exactly 20% still allows funding). A revenue of 0 or
 *   less is treated as not entered.
 */
#include "domain/plans.h"

#include "domain/matching.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- kinds -------------------------------------------------------------------- */

const char *plan_kind_slug(PlanKind k)
{
    switch (k) {
    case PLAN_TIER1: return "tier1";
    case PLAN_RAF: return "raf";
    case PLAN_TSIO: return "tsio";
    case PLAN_RISE: return "rise";
    default: return NULL;
    }
}

PlanKind plan_kind_from_slug(const char *slug)
{
    for (int k = PLAN_TIER1; k <= PLAN_RISE; k++)
        if (slug && strcmp(slug, plan_kind_slug((PlanKind)k)) == 0)
            return (PlanKind)k;
    return PLAN_NONE;
}

const char *plan_kind_label(PlanKind k)
{
    switch (k) {
    case PLAN_TIER1: return "Tier 1 return";
    case PLAN_RAF: return "Recommended actions form";
    case PLAN_TSIO: return "Deployment form";
    case PLAN_RISE: return "Improvement plan";
    default: return "No plan";
    }
}

const char *plan_kind_noun(PlanKind k)
{
    switch (k) {
    case PLAN_TIER1: return "Tier 1 return";
    case PLAN_RAF: return "recommended actions form";
    case PLAN_TSIO: return "deployment form";
    case PLAN_RISE: return "improvement plan";
    default: return "plan";
    }
}

PlanKind plan_kind_for(const char *programme, const char *tier)
{
    if (!programme)
        return PLAN_NONE;
    if (strcmp(programme, "si-2019-20") == 0)
        return tier && strcmp(tier, "tier-1") == 0 ? PLAN_TIER1 : PLAN_RAF;
    if (strcmp(programme, "tsio-2022-23") == 0)
        return PLAN_TSIO;
    if (strcmp(programme, "rise") == 0)
        return PLAN_RISE;
    return PLAN_NONE;
}

int plan_needs_signoff(PlanKind k)
{
    return k == PLAN_RAF || k == PLAN_TSIO || k == PLAN_RISE;
}

int plan_needs_approval(PlanKind k)
{
    return k == PLAN_RAF || k == PLAN_TSIO || k == PLAN_RISE;
}

const char *plan_reviewer_role(PlanKind k)
{
    return k == PLAN_RISE ? "grant-team" : "delivery-partner";
}

/* ---- lists -------------------------------------------------------------------- */

const PlanArea PLAN_RAF_AREAS[] = {
    {"leadership", "Leadership", 1},
    {"governance", "Governance", 1},
    {"financial-management", "Financial management", 1},
    {"whole-school", "Whole school (curriculum or pedagogy)", 2},
    {"subject", "Subject specific (curriculum or pedagogy)", 2},
    {"send", "SEND", 2},
    {"assessment", "Assessment", 2},
    {"behaviour", "Behaviour", 2},
    {"workload", "Workload", 2},
};
const size_t PLAN_N_RAF_AREAS = sizeof PLAN_RAF_AREAS / sizeof PLAN_RAF_AREAS[0];

/* The report-card areas; the codes are matching's expertise codes where
   there is one (matching.c MATCH_EXPERTISE). */
const PlanArea PLAN_RISE_AREAS[] = {
    {"inclusion", "Inclusion", 0},
    {"curriculum-teaching", "Curriculum and teaching", 0},
    {"achievement", "Achievement", 0},
    {"attendance-behaviour", "Attendance and behaviour", 0},
    {"personal-development", "Personal development and well-being", 0},
    {"leadership-governance", "Leadership and governance", 0},
    {"early-years", "Early years", 0},
    {"sixth-form", "Sixth form", 0},
};
const size_t PLAN_N_RISE_AREAS = sizeof PLAN_RISE_AREAS / sizeof PLAN_RISE_AREAS[0];

const PlanArea *plan_areas(PlanKind k, size_t *n)
{
    if (k == PLAN_RISE) {
        *n = PLAN_N_RISE_AREAS;
        return PLAN_RISE_AREAS;
    }
    if (k == PLAN_RAF || k == PLAN_TIER1) {
        *n = PLAN_N_RAF_AREAS;
        return PLAN_RAF_AREAS;
    }
    *n = 0;
    return NULL;
}

int plan_area_index(PlanKind k, const char *code)
{
    size_t n;
    const PlanArea *a = plan_areas(k, &n);
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(a[i].code, code) == 0)
            return (int)i;
    return -1;
}

static const struct {
    const char *slug, *label;
} DELIVERIES[] = {
    {"", "Not chosen"},
    {"national", "A national programme"},
    {"other", "Another provider"},
    {"own", "Your own school or trust"},
    {"school", "The school itself (unfunded)"},
};

const char *plan_delivery_slug(PlanDelivery d)
{
    return d > DELIVERY_NONE && d <= DELIVERY_SCHOOL ? DELIVERIES[d].slug : "";
}

PlanDelivery plan_delivery_from_slug(const char *slug)
{
    for (int d = DELIVERY_NATIONAL; d <= DELIVERY_SCHOOL; d++)
        if (slug && strcmp(slug, DELIVERIES[d].slug) == 0)
            return (PlanDelivery)d;
    return DELIVERY_NONE;
}

const char *plan_delivery_label(PlanDelivery d)
{
    return d >= DELIVERY_NONE && d <= DELIVERY_SCHOOL ? DELIVERIES[d].label : DELIVERIES[0].label;
}

/* 002 6.11 and Annex A */
const PlanSubject PLAN_SUBJECTS[] = {
    {"maths", "Maths (below post-16)", 1, "your regional NCETM lead"},
    {"maths-post16", "Maths (post-16)", 0, NULL},
    {"english-early", "English (Reception and Year 1)", 1, "your local English hub"},
    {"english", "English (other years)", 0, NULL},
    {"science", "Science", 1, "your local Science Learning Partnership"},
    {"computing", "Computing", 1, "your local Computing hub"},
    {"other", "Another subject", 0, NULL},
};
const size_t PLAN_N_SUBJECTS = sizeof PLAN_SUBJECTS / sizeof PLAN_SUBJECTS[0];

const PlanSubject *plan_subject(const char *code)
{
    for (size_t i = 0; code && i < PLAN_N_SUBJECTS; i++)
        if (strcmp(PLAN_SUBJECTS[i].code, code) == 0)
            return &PLAN_SUBJECTS[i];
    return NULL;
}

static const char *const BAND_SLUGS[] = {"", "none", "band-1", "band-2", "band-3"};

const char *plan_band_slug(PlanBand b)
{
    return b >= BAND_UNSET && b <= BAND_3 ? BAND_SLUGS[b] : "";
}

PlanBand plan_band_from_slug(const char *slug)
{
    for (int b = BAND_NONE; b <= BAND_3; b++)
        if (slug && strcmp(slug, BAND_SLUGS[b]) == 0)
            return (PlanBand)b;
    return BAND_UNSET;
}

void plan_band_label(PlanBand b, const PlanParams *p, char *out, size_t outlen)
{
    if (b == BAND_NONE) {
        snprintf(out, outlen, "No funding");
    } else if (b >= BAND_1 && b <= BAND_3) {
        char m[32];
        plan_money(p->band_amount[b - BAND_NONE], m, sizeof m);
        snprintf(out, outlen, "Up to %s", m);
    } else {
        snprintf(out, outlen, "Not set");
    }
}

/* ---- the plan ----------------------------------------------------------------- */

void plan_init(Plan *p, PlanKind kind)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->visit_on = DATE_NONE;
    p->srma_received = -1;
    for (size_t i = 0; i < PLAN_MAX_ACTIONS; i++) {
        p->actions[i].start = p->actions[i].end = DATE_NONE;
        p->actions[i].area = -1;
    }
    for (size_t i = 0; i < PLAN_MAX_OBJECTIVES; i++)
        p->objectives[i].area = -1;
    for (size_t i = 0; i < PLAN_MAX_ACTIVITIES; i++) {
        p->tsio[i].on = p->tsio[i].until = DATE_NONE;
        p->costed[i].on = p->costed[i].until = DATE_NONE;
    }
    p->reserves = p->revenue = -1;
    p->starts_on = p->ends_on = DATE_NONE;
}

static void action_free(PlanAction *a)
{
    char **s[] = {&a->description, &a->responsible, &a->programme, &a->provider, &a->rationale,
                  &a->subject,     &a->evidence,    &a->endorsement, &a->outcomes, &a->measures};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        free(*s[i]);
        *s[i] = NULL;
    }
}

void plan_free(Plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < PLAN_MAX_AREAS; i++)
        free(p->area_need[i]);
    for (size_t i = 0; i < PLAN_MAX_ACTIONS; i++)
        action_free(&p->actions[i]);
    for (size_t i = 0; i < PLAN_MAX_OBJECTIVES; i++)
        free(p->objectives[i].text);
    for (size_t i = 0; i < PLAN_MAX_ACTIVITIES; i++) {
        free(p->tsio[i].what);
        free(p->costed[i].what);
    }
    char *s[] = {p->governance_rationale, p->finance_rationale, p->srma_actions, p->activities, p->recommendations,
                 p->scoping, p->diagnostic, p->nlg_name, p->closure, p->next_steps};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(s[i]);
    plan_init(p, p->kind);
}

/* ---- totals ------------------------------------------------------------------- */

int64_t plan_coordination_total(const Plan *p)
{
    int64_t t = 0;
    for (int i = 0; i < PLAN_TERMS; i++)
        t += p->coordination[i];
    return t;
}

int64_t plan_term_total(const Plan *p, int term)
{
    if (term < 0 || term >= PLAN_TERMS)
        return 0;
    int64_t t = p->coordination[term];
    for (size_t i = 0; i < p->n_actions && i < PLAN_MAX_ACTIONS; i++)
        if (p->actions[i].funded)
            t += p->actions[i].cost[term];
    return t;
}

int64_t plan_total(const Plan *p)
{
    int64_t t = 0;
    if (p->kind == PLAN_RISE) {
        for (size_t i = 0; i < p->n_costed && i < PLAN_MAX_ACTIVITIES; i++)
            t += p->costed[i].cost;
        return t;
    }
    for (int term = 0; term < PLAN_TERMS; term++)
        t += plan_term_total(p, term);
    return t;
}

int plan_tsio_half_days(const Plan *p)
{
    int t = 0;
    for (size_t i = 0; i < p->n_tsio && i < PLAN_MAX_ACTIVITIES; i++)
        t += p->tsio[i].half_days;
    return t;
}

/* ---- parameters --------------------------------------------------------------- */

void plan_params_default(PlanParams *p)
{
    memset(p, 0, sizeof *p);
    p->max_areas = 4;
    p->funded_terms = 3;
    p->cap_tier2 = 1600000;
    p->cap_tier3 = 2400000;
    p->coord_cap_tier2 = 200000;
    p->coord_cap_tier3 = 400000;
    p->tier1_days = 3;
    p->tsio_days = 10;
    p->nlg_days = 5;
    p->reserves_percent = 20;
    p->band_amount[BAND_1 - BAND_NONE] = 4000000;
    p->band_amount[BAND_2 - BAND_NONE] = 8000000;
    p->band_amount[BAND_3 - BAND_NONE] = 10000000;
    p->min_months = 12;
    p->max_months = 24;
}

int64_t plan_cap(const Plan *p, const PlanParams *params)
{
    return p->tier == 3 ? params->cap_tier3 : params->cap_tier2;
}

int64_t plan_coord_cap(const Plan *p, const PlanParams *params)
{
    return p->tier == 3 ? params->coord_cap_tier3 : params->coord_cap_tier2;
}

PlanBand plan_reserves_band(const Plan *p, const PlanParams *params)
{
    if (p->reserves < 0 || p->revenue <= 0)
        return BAND_UNSET;
    /* pence up to ~1e13 times 100 stays far inside int64 */
    if (p->reserves * 100 > p->revenue * (int64_t)params->reserves_percent)
        return BAND_NONE;
    return BAND_3;
}

Date plan_funded_until(const Plan *p, const PlanParams *params)
{
    if (p->visit_on == DATE_NONE)
        return DATE_NONE;
    int terms = params->funded_terms > 0 ? params->funded_terms : 1;
    return match_term_start(match_term_of(p->visit_on) + terms) - 1;
}

/* ---- money -------------------------------------------------------------------- */

void plan_money(int64_t pence, char *out, size_t outlen)
{
    const char *sign = pence < 0 ? "-" : "";
    uint64_t v = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
    uint64_t pounds = v / 100, p = v % 100;
    char digits[32], grouped[48];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)pounds);
    size_t n = strlen(digits), j = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[j++] = ',';
        grouped[j++] = digits[i];
    }
    grouped[j] = '\0';
    if (p)
        snprintf(out, outlen, "%s\xc2\xa3%s.%02u", sign, grouped, (unsigned)p);
    else
        snprintf(out, outlen, "%s\xc2\xa3%s", sign, grouped);
}

#define PLAN_MONEY_MAX_PENCE ((int64_t)100000000 * 100) /* £100,000,000 */

/* Digits with optional thousands commas (1-3 digits, then groups of 3). */
static int read_pounds(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;
    size_t group = 0, groups = 0;
    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ',') {
            if (group == 0 || (groups == 0 ? group > 3 : group != 3))
                return -1;
            groups++;
            group = 0;
            continue;
        }
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
        if (v > PLAN_MONEY_MAX_PENCE)
            return -1;
        group++;
    }
    if (groups > 0 && group != 3)
        return -1;
    *out = v;
    return 0;
}

int plan_money_parse(const char *text, int64_t *pence)
{
    if (!text)
        return -1;
    const char *s = text, *e = text + strlen(text);
    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if ((size_t)(e - s) >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa3)
        s += 2;
    while (s < e && isspace((unsigned char)*s))
        s++;
    const char *dot = memchr(s, '.', (size_t)(e - s));
    int64_t pounds = 0, p = 0;
    if (read_pounds(s, (size_t)((dot ? dot : e) - s), &pounds) < 0)
        return -1;
    if (dot) {
        size_t nd = (size_t)(e - dot - 1);
        if (nd < 1 || nd > 2)
            return -1;
        for (size_t i = 0; i < nd; i++) {
            if (!isdigit((unsigned char)dot[1 + i]))
                return -1;
            p = p * 10 + (dot[1 + i] - '0');
        }
        if (nd == 1)
            p *= 10;
    }
    if (pounds > PLAN_MONEY_MAX_PENCE / 100)
        return -1;
    int64_t v = pounds * 100 + p;
    if (v > PLAN_MONEY_MAX_PENCE)
        return -1;
    *pence = v;
    return 0;
}
