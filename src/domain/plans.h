/*
 * plans.h - the plans of issue 13: the Tier 1 return (seed 002 section 5),
 * the Recommended Actions Form for Tiers 2 and 3 (002 section 6), the TSIO
 * deployment form (seed 004, the 10-day model) and the RISE improvement
 * plan (DOMAIN.md section 7).
 *
 * One struct (Plan) holds any of the four; its kind says which fields are
 * used. Every rule a plan must meet before it is submitted is a row of
 * PLAN_RULES: an id, the seed sentence it implements and the message a user
 * reads. plan_check() returns each broken rule with the field it is about,
 * so the error summary can link to the field. A draft may break any rule;
 * only submission needs them all.
 *
 * JSON: a plan is stored as a JSON object (plan_to_json / plan_from_json),
 * one per version, so that any two versions compare field by field
 * (plan_fields lists every field as path, label and value in words).
 *
 * Pure: no I/O. The store fills PlanParams from programme_params.
 */
#ifndef RISE_PLANS_H
#define RISE_PLANS_H

#include "core/date.h"

#include <stddef.h>
#include <stdint.h>

typedef struct PlanParams PlanParams;

typedef enum PlanKind {
    PLAN_NONE = 0,
    PLAN_TIER1, /* SI 2019/20 Tier 1: the short return */
    PLAN_RAF,   /* SI 2019/20 Tiers 2 and 3: the Recommended Actions Form */
    PLAN_TSIO,  /* TSIO 2022/23: the deployment form */
    PLAN_RISE,  /* RISE: the improvement plan */
} PlanKind;

/* "tier1", "raf", "tsio", "rise"; NULL for PLAN_NONE. */
const char *plan_kind_slug(PlanKind k);
PlanKind plan_kind_from_slug(const char *slug); /* PLAN_NONE when unknown */
/* "Tier 1 return", "Recommended actions form", "Deployment form", "Improvement plan". */
const char *plan_kind_label(PlanKind k);
/* The same inside a sentence: "Tier 1 return", "recommended actions form", ... */
const char *plan_kind_noun(PlanKind k);
/*
 * The plan a case has: programme "si-2019-20" with tier "tier-1" a Tier 1
 * return, "tier-2"/"tier-3" a RAF; "tsio-2022-23" a deployment form; "rise"
 * an improvement plan. tier is the case's screening outcome (NULL or
 * unknown for an SI case added by exception: a RAF, the fuller form).
 */
PlanKind plan_kind_for(const char *programme, const char *tier);

/* Who takes part after submission, by kind (seed 002 6.22-24, seed 004's
   chronology, DOMAIN.md section 7):
   - signed: the school's headteacher or trust CEO and the chair of
     governors sign it off (RAF, TSIO form, RISE plan; not the Tier 1 return);
   - reviewed: the delivery partner (TSC, RDP) reviews it for value for
     money; for RISE the grant team confirms the final band instead;
   - approved: DfE (the regional director) approves it (not the Tier 1
     return, which the TSC accepts). */
int plan_needs_signoff(PlanKind k);
int plan_needs_approval(PlanKind k);
/* "delivery-partner" or "grant-team": the role that reviews. */
const char *plan_reviewer_role(PlanKind k);

/* ---- lists ---------------------------------------------------------------- */

/* An improvement area: code as stored, label as shown, and its group (the
   RAF's two groups, 002 6.3; 0 for RISE's report-card areas). */
typedef struct PlanArea {
    const char *code, *label;
    int group;
} PlanArea;
/* The RAF's (and the Tier 1 return's) improvement areas, 002 6.3: group 1
   leadership, governance, financial-management; group 2 whole-school,
   subject, send, assessment, behaviour, workload. */
extern const PlanArea PLAN_RAF_AREAS[];
extern const size_t PLAN_N_RAF_AREAS;
/* RISE's objective areas: the report-card areas (inclusion, curriculum and
   teaching, achievement, attendance and behaviour, personal development and
   well-being, leadership and governance, early years, sixth form). */
extern const PlanArea PLAN_RISE_AREAS[];
extern const size_t PLAN_N_RISE_AREAS;
/* The areas a kind uses, and an area's index by code (-1 when not one). */
const PlanArea *plan_areas(PlanKind k, size_t *n);
int plan_area_index(PlanKind k, const char *code);

/* How an action is delivered (002 6.9-6.17). */
typedef enum PlanDelivery {
    DELIVERY_NONE = 0,
    DELIVERY_NATIONAL, /* a DfE-funded national programme or hub */
    DELIVERY_OTHER,    /* another provider with a track record */
    DELIVERY_OWN,      /* the NLE's (provider's) own school or trust */
    DELIVERY_SCHOOL,   /* the school itself, unfunded */
} PlanDelivery;
const char *plan_delivery_slug(PlanDelivery d); /* "national", "other", "own", "school" */
PlanDelivery plan_delivery_from_slug(const char *slug);
const char *plan_delivery_label(PlanDelivery d);

/* Subjects of a subject-specific action (002 6.11): those whose alternative
   to a national programme needs a hub's endorsement are maths below
   post-16, English in Reception and Year 1, science and computing. */
typedef struct PlanSubject {
    const char *code, *label;
    int needs_hub; /* an alternative to a national programme needs the hub's endorsement */
    const char *hub; /* which hub endorses: "your regional NCETM lead" ... */
} PlanSubject;
extern const PlanSubject PLAN_SUBJECTS[]; /* maths, maths-post16, english-early, english, science, computing, other */
extern const size_t PLAN_N_SUBJECTS;
const PlanSubject *plan_subject(const char *code); /* NULL when not one */

/* RISE funding bands (DOMAIN.md section 7): none (reserves above 20% of
   revenue), up to 40,000, 80,000 or 100,000 pounds. The amounts are
   PlanParams, the codes fixed. */
typedef enum PlanBand { BAND_UNSET = 0, BAND_NONE, BAND_1, BAND_2, BAND_3 } PlanBand;
const char *plan_band_slug(PlanBand b); /* "none", "band-1", "band-2", "band-3" */
PlanBand plan_band_from_slug(const char *slug);
/* "No funding", "Up to £40,000" ... (from the params' amounts) */
void plan_band_label(PlanBand b, const PlanParams *p, char *out, size_t outlen);

/* ---- the plan ------------------------------------------------------------- */

#define PLAN_TERMS 3        /* RAF costs per term: the three funded terms */
#define PLAN_MAX_AREAS 16   /* areas chosen (the rule allows four) */
#define PLAN_MAX_ACTIONS 80 /* actions over all areas or objectives */
#define PLAN_MAX_OBJECTIVES 16
#define PLAN_MAX_ACTIVITIES 40 /* TSIO activities; RISE costed activities */

/* One recommended action (RAF), or one action under a RISE objective. */
typedef struct PlanAction {
    int area;          /* RAF: index into PLAN_RAF_AREAS; RISE: index of its objective in Plan.objectives */
    char *description; /* the activity */
    char *responsible; /* who in the school is responsible (RISE: the owner) */
    Date start, end;   /* DATE_NONE when not entered */
    int funded;        /* RAF: paid from the grant */
    PlanDelivery delivery;
    char *programme;   /* DELIVERY_NATIONAL: the national programme's code (plan_programmes) */
    char *provider;    /* DELIVERY_OTHER / OWN: the provider's name */
    char *rationale;   /* why not a national programme, or why the NLE's own school or trust */
    char *subject;     /* a PLAN_SUBJECTS code for a subject-specific action, else NULL */
    char *evidence;    /* evidence an alternative is likely to be effective (002 6.11) */
    char *endorsement; /* the hub's endorsement: who endorsed it and when */
    int send_review;   /* the action is the school commissioning a review of SEND provision (002 6.15) */
    int srma;          /* the action carries in an outstanding SRMA action (002 6.12) */
    char *outcomes;    /* expected outcomes (RISE: the success measure) */
    char *measures;    /* how they will be measured */
    int64_t cost[PLAN_TERMS]; /* pence per term (RAF) */
} PlanAction;

/* A RISE objective: an area and what is to be achieved. */
typedef struct PlanObjective {
    int area; /* index into PLAN_RISE_AREAS; -1 when not chosen */
    char *text;
} PlanObjective;

/* A TSIO activity of the 10-day model, or a RISE costed activity. */
typedef struct PlanActivity {
    Date on;          /* TSIO: the day; RISE: from */
    Date until;       /* RISE: to (DATE_NONE for TSIO) */
    char *what;
    int half_days;    /* TSIO: days used, in half days */
    int64_t cost;     /* RISE: pence */
} PlanActivity;

typedef struct Plan {
    PlanKind kind;
    int tier;       /* SI: 1, 2 or 3 (from the case); 0 otherwise */
    int is_trust;   /* the case is a trust's (TSIO: the NLG governance review is for trusts) */
    Date visit_on;  /* the school visit (RAF, Tier 1) or the first visit (TSIO) */

    /* RAF and Tier 1: the improvement areas chosen (indices into PLAN_RAF_AREAS) */
    int areas[PLAN_MAX_AREAS];
    size_t n_areas;
    char *area_need[PLAN_MAX_AREAS]; /* per chosen area (parallel to areas): the weakness, linked to Ofsted's findings */
    char *governance_rationale; /* why governance is secure, when it is not an area (002 6.4) */
    char *finance_rationale;    /* why financial management is secure, when it is not an area */
    int srma_received;          /* 1: the school has had SRMA advice (002 6.12); 0 no; -1 not answered */
    char *srma_actions;         /* the SRMA's outstanding actions, carried in */
    int resource_review;        /* 1: a review of resource management in the last 12 months (002 6.13) */
    int send_priority;          /* SEND is a priority: a SEND review must be recommended (002 6.15) */
    int64_t coordination[PLAN_TERMS]; /* NLE or teaching school coordination, pence per term (002 6.20) */
    PlanAction actions[PLAN_MAX_ACTIONS];
    size_t n_actions;

    /* Tier 1 return (002 section 5) */
    char *activities;      /* the activities completed */
    char *recommendations; /* the recommendations agreed with the school */
    int days_used_halves;  /* NLE days used, in half days */

    /* TSIO deployment form (seed 004) */
    char *scoping;    /* initial scoping after the first visit */
    char *diagnostic; /* the initial diagnostic */
    PlanActivity tsio[PLAN_MAX_ACTIVITIES];
    size_t n_tsio;
    int nlg_review;       /* a governance review by a national leader of governance is asked for */
    char *nlg_name;       /* the NLG, when known */
    int nlg_approved;     /* DfE approved it (set at approval) */
    char *closure;        /* closure: what the deployment achieved */
    char *next_steps;

    /* RISE improvement plan (DOMAIN.md section 7) */
    PlanObjective objectives[PLAN_MAX_OBJECTIVES];
    size_t n_objectives;
    PlanBand band_indicative; /* shared with the plan template */
    PlanBand band_final;      /* confirmed by the grant team */
    int64_t reserves, revenue; /* pence; -1 when not entered */
    Date starts_on, ends_on;   /* the plan's period: 12 to 24 months */
    PlanActivity costed[PLAN_MAX_ACTIVITIES];
    size_t n_costed;
} Plan;

/* An empty plan of a kind (every date DATE_NONE, money 0, reserves -1). */
void plan_init(Plan *p, PlanKind kind);
void plan_free(Plan *p);

/* Totals in pence: the RAF's funded actions (all terms) plus coordination,
   coordination alone, one term's total; RISE: the costed activities. */
int64_t plan_total(const Plan *p);
int64_t plan_coordination_total(const Plan *p);
int64_t plan_term_total(const Plan *p, int term);
/* TSIO days used, in half days, and whether the NLG review is included. */
int plan_tsio_half_days(const Plan *p);

/* ---- parameters ------------------------------------------------------------ */

struct PlanParams {
    int max_areas;             /* 4 (002 6.2) */
    int funded_terms;          /* 3 (002 6.7) */
    int64_t cap_tier2, cap_tier3;           /* pence: 1,600,000 and 2,400,000 (002 6.19) */
    int64_t coord_cap_tier2, coord_cap_tier3; /* pence: 200,000 and 400,000 (002 6.20) */
    int tier1_days;            /* 3 (002 8.1) */
    int tsio_days;             /* 10 (seed 004) */
    int nlg_days;              /* 5 (seed 004) */
    int reserves_percent;      /* 20: no funding above it (DOMAIN.md section 7) */
    int64_t band_amount[4];    /* pence, by PlanBand BAND_1..BAND_3 (index 1..3): 4,000,000 8,000,000 10,000,000 */
    int min_months, max_months; /* 12 and 24 */
};

/* The seeds' values; the store overrides them from programme_params. */
void plan_params_default(PlanParams *p);

/* The cap on the RAF's total and on coordination for the plan's tier. */
int64_t plan_cap(const Plan *p, const PlanParams *params);
int64_t plan_coord_cap(const Plan *p, const PlanParams *params);

/* RISE: the band the reserves allow: BAND_NONE when reserves exceed
   reserves_percent of revenue, BAND_UNSET when either is not entered,
   else BAND_3 (the most a plan may then ask for). */
PlanBand plan_reserves_band(const Plan *p, const PlanParams *params);

/* The last day funded activity may run to: the end of the funded_terms-th
   term counting the term of the visit as the first (interpretation of
   002 6.7, "within three the school terms following the initial
   deployment": a visit in autumn funds autumn, spring and summer).
   DATE_NONE when there is no visit date. */
Date plan_funded_until(const Plan *p, const PlanParams *params);

/* ---- rules -------------------------------------------------------------- */

typedef struct PlanRule {
    const char *id;       /* "raf-areas-max", ... */
    PlanKind kind;
    const char *sentence; /* the seed's sentence it implements */
    const char *message;  /* what the user reads (may hold one %s, the area or action named) */
} PlanRule;
extern const PlanRule PLAN_RULES[];
extern const size_t PLAN_N_RULES;
const PlanRule *plan_rule(const char *id); /* NULL when not one */

/* One broken rule: the rule, the field it is about (the form's field id,
   e.g. "areas", "action-3-responsible", "coordination-1") and the message
   with any area or action named. */
typedef struct PlanProblem {
    const PlanRule *rule;
    char field[48];
    char message[320];
} PlanProblem;

#define PLAN_MAX_PROBLEMS 128
typedef struct PlanProblems {
    PlanProblem items[PLAN_MAX_PROBLEMS];
    size_t n;
} PlanProblems;

/* Every rule of the plan's kind that the plan breaks, in the order of the
   form. Returns the number found. */
size_t plan_check(const Plan *p, const PlanParams *params, PlanProblems *out);

/* ---- JSON and fields ------------------------------------------------------ */

/* The plan as a JSON object text (malloc'd; NULL on allocation failure). */
char *plan_to_json(const Plan *p);
/* Reads a plan from JSON made by plan_to_json (unknown keys ignored; a
   missing key leaves plan_init's value). 0 on success, -1 when the text is
   not a JSON object. p must be plan_init'd with the kind first. */
int plan_from_json(Plan *p, const char *json);

/* One field of a plan in words, for the plan's page, the PDF and the
   comparison of two versions: path (stable id, also the form field the
   comments of a review attach to), section, label and value. */
typedef struct PlanField {
    char path[48];
    char section[96];
    char label[96];
    char *value; /* malloc'd; "" when blank */
} PlanField;
typedef struct PlanFieldList {
    PlanField *items;
    size_t n, cap;
} PlanFieldList;
/* Every field of the plan, in order. 0, or -1 on allocation failure. */
int plan_fields(const Plan *p, const PlanParams *params, PlanFieldList *out);
void plan_field_list_free(PlanFieldList *l);

/* "£16,000" or "£1,234.50" for pence. */
void plan_money(int64_t pence, char *out, size_t outlen);
/* Pounds as typed ("1,234.50", "£16000", "16000") to pence: 0, or -1 when
   not an amount of money (negative or more than 2 decimal places). */
int plan_money_parse(const char *text, int64_t *pence);

#endif
