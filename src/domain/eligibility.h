/*
 * eligibility.h - what the three programmes' rules read and what they answer
 * (DOMAIN.md section 2): a school with its history, the groups it is in, the
 * programme parameters, and a result that carries its reason.
 *
 * One module per programme, each pure (no I/O, no SQL): domain/si2019.c (SI
 * offer 2019/20), domain/tsio2022.c (TSIO 2022/23, reusing domain/trust.h for
 * multi-academy trusts) and domain/rise.c (the RISE category suggestion). The
 * shared pieces (the "In scope" and "History" definitions, results) are in
 * domain/eligibility.c. store/eligibility_data.h fills these structs for the
 * whole of England from a few bulk queries.
 *
 * Every result carries (DOMAIN.md section 2, last bullet) "its reason (the
 * rule that fired and the inspections it used, with dates, grades and which
 * URN they belong to), the as-at date, and what data was missing".
 */
#ifndef RISE_ELIGIBILITY_H
#define RISE_ELIGIBILITY_H

#include "core/date.h"

#include <stddef.h>
#include <stdint.h>

/* --- inspections ------------------------------------------------------------ */

/* The report-card five-point scale (Ofsted, from November 2025). */
enum {
    RC_NONE = 0,
    RC_URGENT_IMPROVEMENT = 1,
    RC_NEEDS_ATTENTION = 2,
    RC_EXPECTED_STANDARD = 3,
    RC_STRONG_STANDARD = 4,
    RC_EXCEPTIONAL = 5,
};

#define RC_LEADERSHIP "leadership and governance"

/* One evaluation area of a report card and its grade on the scale. */
typedef struct EligArea {
    const char *area; /* as the judgements JSON names it, e.g. "leadership and governance" */
    int level;        /* RC_URGENT_IMPROVEMENT .. RC_EXCEPTIONAL */
} EligArea;

/* One inspection in a school's history. Small types: England's history is
   about 100,000 of these, and memory is what loading it costs most. */
typedef struct EligInspection {
    int64_t urn;          /* the school it belongs to: the school itself or a predecessor */
    const char *category; /* "special measures", "serious weaknesses", "notice to improve" (domain/grades.h) or NULL */
    const EligArea *areas; /* report cards only: the graded areas */
    Date date;            /* the start date */
    Date published;       /* the publication date, DATE_NONE when not known */
    signed char grade;    /* graded: 1-4 (anything else is not a judgement); report card: 0. For an
                             inspection without a headline grade, elig_history sets the grade it counts as */
    signed char report_card; /* 0 a graded inspection, 1 a report card */
    signed char safeguarding; /* report cards: 1 met, 0 not met, -1 not recorded */
    unsigned char n_areas;
    signed char quality, leadership; /* quality of education, leadership and management: 1-4, 0 not recorded */
    unsigned char no_headline; /* 1: a graded inspection whose overall effectiveness is "Not judged" */
    unsigned char equivalence; /* set by elig_history: the InspEquivalence rule that gave the grade */
} EligInspection;

/* The scale's value for its words ("needs attention" -> 2), any case; 0 for other text. */
int elig_rc_level(const char *text);
const char *elig_rc_name(int level);
/* The level of an area of a report card; RC_NONE when not graded. */
int elig_rc_area(const EligInspection *in, const char *area);

/* --- schools and groups ----------------------------------------------------- */

struct EligGroup;

/* A school's place in a group (GIAS group links, with the date it joined). */
typedef struct EligMembership {
    const struct EligGroup *group;
    const struct EligSchool *school;
    Date joined; /* DATE_NONE when not recorded */
    Date left;   /* DATE_NONE while still a member */
    int dated;   /* 0: known only from the school's own record ("Trusts (code)"), which names
                    its trust on the day of the download, with no dates */
} EligMembership;

typedef struct EligGroup {
    int64_t uid;
    const char *name;
    const char *type; /* "Multi-academy trust", "Single-academy trust", "Federation" ... */
    const EligMembership *members;
    size_t n_members;
} EligGroup;

typedef struct EligSchool {
    int64_t urn;
    const char *name; /* NULL for a URN named only by a link or membership */
    const char *type_group, *type_name, *status, *region, *la_code, *la_name;
    Date opened, closed; /* DATE_NONE when not recorded */
    Date replaced;       /* the open date of the school GIAS links as its successor (when replaced_by) */
    int64_t replaced_by; /* that successor's URN, 0 when none */
    int ofsted_lists;    /* 1: a row of Ofsted's management information lists the school as open, */
    Date ofsted_listed;  /* up to this date (the file's last inspection date) */
    const EligInspection *history; /* its own and its predecessors' (DOMAIN.md "History"), any order */
    size_t n_history;
    const EligMembership *const *memberships; /* every group it is or was in */
    size_t n_memberships;
} EligSchool;

#define GROUP_TYPE_MAT "Multi-academy trust"
#define GROUP_TYPE_SAT "Single-academy trust"

/* Is the school a local-authority-maintained school (its GIAS type)? */
int elig_is_maintained(const EligSchool *s);
/* Is it an academy or free school? */
int elig_is_academy(const EligSchool *s);
/* Does the membership hold on day d (joined on or before d, not left by d, and
   the school not closed by d)? An undated membership holds when the school
   was open on d. */
int elig_membership_holds(const EligMembership *m, Date d);

/* --- parameters --------------------------------------------------------------- */

/* Parameters live in the programme_params table (migration 4); each module
   lists the keys its struct holds. */
typedef enum ParamKind { PARAM_DATE, PARAM_INT } ParamKind;

typedef struct ParamSpec {
    const char *key;
    ParamKind kind;
    size_t offset; /* of a Date or an int in the programme's struct */
} ParamSpec;

/* Marks every parameter unset. */
void elig_params_clear(const ParamSpec *spec, size_t n, void *params);
/* Sets key from its text: 0 done, 1 not a key of this programme, -1 a bad value. */
int elig_param_set(const ParamSpec *spec, size_t n, void *params, const char *key, const char *value);
/* NULL when every parameter is set, else the first key that is not. */
const char *elig_params_missing(const ParamSpec *spec, size_t n, const void *params);

/* --- results -------------------------------------------------------------- */

typedef enum EligOutcome {
    ELIG_NONE = 0,
    ELIG_TIER_1,
    ELIG_TIER_2,
    ELIG_TIER_3,
    ELIG_ELIGIBLE,
    ELIG_UNIVERSAL,
    ELIG_TARGETED,
    ELIG_INTERVENTION,
} EligOutcome;

/* "none", "tier-1", "tier-2", "tier-3", "eligible", "universal", "targeted", "intervention". */
const char *elig_outcome_name(EligOutcome o);

/* An inspection the rule used, and what it was used as ("reference", ...). */
typedef struct EligUsed {
    EligInspection in;
    const char *role; /* a string literal */
} EligUsed;

/* A number the rule worked out (a trust's share, its SI score ...). */
typedef struct EligFigure {
    const char *name; /* a string literal */
    long value;
} EligFigure;

#define ELIG_MAX_FIGURES 8

typedef struct EligResult {
    EligOutcome outcome;
    const char *rule;  /* short stable code, e.g. "si.tier-2.consecutive-ri" (a literal) */
    char *reason;      /* the rule as a sentence, with this school's facts */
    Date as_at;
    EligUsed *used;
    size_t n_used;
    char **missing;    /* what the data lacked, one sentence each */
    size_t n_missing;
    EligFigure figures[ELIG_MAX_FIGURES];
    size_t n_figures;
} EligResult;

void elig_result_init(EligResult *r, Date as_at);
void elig_result_free(EligResult *r);
void elig_set(EligResult *r, EligOutcome o, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void elig_use(EligResult *r, const EligInspection *in, const char *role);
void elig_missing(EligResult *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void elig_figure(EligResult *r, const char *name, long value);

/* --- the shared definitions ------------------------------------------------- */

/*
 * DOMAIN.md "In scope": 1 when the school is an open state-funded school in
 * England on d; otherwise 0, with r set to outcome none, a "scope.*" rule and
 * the reason.
 */
int elig_in_scope(const EligSchool *s, Date d, EligResult *r);

/*
 * DOMAIN.md "History": the school's judgements on or before upto (graded 1-4,
 * and report cards when with_report_cards), one per school per date, oldest
 * first. Of two on the same day the school's own comes after a predecessor's,
 * then the worse after the better, so that the last is "the latest" as
 * domain/trust.c chooses it. Returns the count; *out is allocated (NULL when
 * none) and freed by the caller.
 */
size_t elig_history(const EligSchool *s, Date upto, int with_report_cards, EligInspection **out);

/*
 * The same, counting an inspection from the day its report was published
 * when by_publication (and the publication date is known), else from its
 * start date. An inspection without a headline grade comes back with the
 * grade DfE's rule makes it (domain/inspections.h, E1-E5) and the rule in
 * `equivalence`.
 */
size_t elig_history_known(const EligSchool *s, Date upto, int with_report_cards, int by_publication,
                          EligInspection **out);

/* "12 March 2019: Requires improvement (URN 100024)"-style text for one inspection. */
void elig_describe(const EligInspection *in, char *out, size_t outlen);

/* --- the programmes ---------------------------------------------------------- */

/* SI offer 2019/20 (domain/si2019.c). */
typedef struct Si2019Params {
    Date year_start;            /* 2019-09-01: "on 1 Sept 2019 or during 2019/20" */
    Date year_end;              /* 2020-08-31 */
    Date history_start;         /* 2005-01-01: Tier 3 "not rated above RI since 2005" */
    int tier3_min_inspections;  /* 4: "across at least 4 inspections" */
    int nle_days_max;           /* 3 */
    int nle_day_rate;           /* 500 (pounds) */
    int nle_day_rate_travel;    /* 600: travel over 1 hour or 45 miles */
    int tier2_grant_max;        /* 16000 */
    int tier2_coordination_max; /* 2000 */
    int tier3_grant_max;        /* 24000 */
    int tier3_coordination_max; /* 4000 */
} Si2019Params;

extern const ParamSpec SI2019_PARAMS[];
extern const size_t SI2019_N_PARAMS;
#define SI2019_PROGRAMME "si-2019-20"

/* The tier of a school as at d (d within the programme year). */
void si2019_assess(const EligSchool *s, const Si2019Params *p, Date d, EligResult *r);

/* TSIO 2022/23 (domain/tsio2022.c). */
typedef struct Tsio2022Params {
    Date year_start;            /* 2022-09-01 */
    Date year_end;              /* 2023-08-31 */
    Date mat_census;            /* 2022-09-01: "on 1 Sept 2022" */
    Date mat_joined_by;         /* 2019-09-01: "in the trust three years" */
    int mat_min_schools;        /* 2 */
    int mat_share_percent;      /* 50: "at least half" */
    int si_score_below;         /* 0: "SI score below 0" */
    int system_leader_days_max; /* 10 */
    int day_rate;               /* 600 */
    int nlg_days;               /* 5: governance review by a National Leader of Governance */
} Tsio2022Params;

extern const ParamSpec TSIO2022_PARAMS[];
extern const size_t TSIO2022_N_PARAMS;
#define TSIO2022_PROGRAMME "tsio-2022-23"

/* A school as a standalone school as at d. */
void tsio2022_school(const EligSchool *s, const Tsio2022Params *p, Date d, EligResult *r);
/* A multi-academy trust as at d. */
void tsio2022_trust(const EligGroup *g, const Tsio2022Params *p, Date d, EligResult *r);

/* RISE (domain/rise.c). The suggestion uses no parameter; the support ones
   live beside it. */
typedef struct RiseParams {
    int planning_grant;          /* 3000 */
    int improvement_band_1_max;  /* 40000 */
    int improvement_band_2_max;  /* 80000 */
    int improvement_band_3_max;  /* 100000 */
    int reserves_percent_no_funding; /* 20: no funding where reserves exceed 20% of revenue */
    int adviser_day_rate;        /* 600 */
    int support_months_min;      /* 12 */
    int support_months_max;      /* 24 */
    int count_from_publication;  /* 1: a judgement counts from the day its report is published (DfE's counts
                                    are "from the Ofsted management information of that date") */
} RiseParams;

extern const ParamSpec RISE_PARAMS[];
extern const size_t RISE_N_PARAMS;
#define RISE_PROGRAMME "rise"

/* The category RISE would suggest for the school as at d. */
void rise_suggest(const EligSchool *s, const RiseParams *p, Date d, EligResult *r);

/* Is the result a "stuck" school (DfE's definition, R4/R5/R8)? 2 when the
   latest inspection counted through DfE's rule for inspections without a
   headline grade, 1 otherwise, 0 when not stuck. */
int rise_is_stuck(const EligResult *r);

#endif
