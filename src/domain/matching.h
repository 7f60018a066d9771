/*
 * matching.h - commissioning's rules: who may be matched to a case (the
 * hard rules), how well they fit (the score, in words), terms and the
 * capacity a match holds, and the best assignment of many cases at once
 * (issue 12, DOMAIN.md section 3 step 5, seed 002 sections 2-3, seed 004).
 *
 * Pure: no I/O. The store loads the register and the case into these
 * structs; the pages show what comes back.
 */
#ifndef RISE_MATCHING_H
#define RISE_MATCHING_H

#include "core/date.h"

#include <stddef.h>
#include <stdint.h>

/* ---- the register's lists ------------------------------------------------ */

/* An expertise area: the report-card areas and the RAF's improvement areas
   (seed 002 section 6.3). code as stored, label as shown. */
typedef struct MatchArea {
    const char *code, *label;
} MatchArea;
extern const MatchArea MATCH_EXPERTISE[];
extern const size_t MATCH_N_EXPERTISE; /* at most 32: a mask is uint32_t */
/* Phases: nursery, primary, secondary, all-through, special, post-16,
   alternative provision. */
extern const MatchArea MATCH_PHASES[];
extern const size_t MATCH_N_PHASES;
/* Organisation types: trust, school, la, la-traded, federation, hub, other,
   person. */
extern const MatchArea MATCH_ORG_TYPES[];
extern const size_t MATCH_N_ORG_TYPES;
/* Designations of people: nle, system-leader, nlg, rise-adviser. */
extern const MatchArea MATCH_DESIGNATIONS[];
extern const size_t MATCH_N_DESIGNATIONS;

/* Lists as typed or stored: items separated by ',' or ';', spaces around
   each trimmed. The next item from *p (advancing it): 1 with *item and *len
   set, 0 at the end. */
int match_list_next(const char **p, const char **item, size_t *len);
/* Whether the len bytes at a spell b, ignoring case. */
int match_same_word(const char *a, size_t alen, const char *b);

/* The label of a code in a list, or NULL. */
const char *match_label(const MatchArea *list, size_t n, const char *code);
/*
 * A comma-separated list of codes as a mask (bit i: list[i]); spaces
 * around codes are ignored, and codes may be given by their label too (any
 * case). Returns 0 and sets *mask, or -1 with *bad pointing at the first
 * unknown item's start in s (its length in *badlen).
 */
int match_mask_parse(const MatchArea *list, size_t n, const char *s, uint32_t *mask, const char **bad,
                     size_t *badlen);
/* The codes of a mask, comma-separated ("primary,secondary") into out. */
void match_mask_codes(const MatchArea *list, size_t n, uint32_t mask, char *out, size_t outlen);
/* The labels, as words ("Primary and secondary"); "none" when empty. */
void match_mask_words(const MatchArea *list, size_t n, uint32_t mask, char *out, size_t outlen);

/* The phase bit of a GIAS school: its phase ("Primary", "Middle deemed
   primary", "Secondary", "Middle deemed secondary", "All-through",
   "Nursery", "16 plus") and type group ("Special schools"; a pupil
   referral unit's type name gives alternative provision). 0 if unknown. */
uint32_t match_school_phase(const char *phase, const char *type_group, const char *type_name);

/*
 * The expertise a school needs, from its latest inspection: each key
 * judgement below good (3 or 4) under the old framework, or each
 * report-card area graded "needs attention" or "urgent improvement"
 * (safeguarding "not met"). judgements is the inspection's JSON object as
 * stored (inspections.judgements); overall and category also count
 * (a graded 3 or 4 with no sub-judgements needs leadership). Returns the
 * mask (0: nothing below good, or nothing known).
 */
uint32_t match_needs_from_judgements(const char *judgements_json, int overall, const char *category);

/* ---- terms --------------------------------------------------------------- */

/* Terms of the school year: autumn (1 September to 31 December), spring
   (1 January to 31 March), summer (1 April to 31 August). A term's index is
   year*3 + 0/1/2, year being the school year's first calendar year. */
int match_term_of(Date d);
/* "2026-autumn", "2026-spring" (spring 2027), "2026-summer" (summer 2027). */
void match_term_code(int term, char out[16]);
/* "Autumn 2026", "Spring 2027", "Summer 2027". */
void match_term_label(int term, char out[24]);
int match_term_parse(const char *code); /* -1 when not a term code */
/* The term's first day. */
Date match_term_start(int term);

/*
 * What a match holds in a term. A match starting in start_term runs for
 * `terms` terms (programme parameter match_terms) and takes one school place
 * in each, and its days spread evenly over them (the earlier terms take any
 * remainder). A match holds capacity while it is proposed, accepted, agreed
 * or matched (match_status_holds); declined, rejected, withdrawn and ended
 * ones hold nothing.
 */
int match_covers_term(int start_term, int terms, int term);
int match_days_in_term(int start_term, int terms, int days, int term);
int match_status_holds(const char *status);

/* ---- a candidate and a case ---------------------------------------------- */

enum { MATCH_MAX_AREAS = 32, MATCH_MAX_CONFLICTS = 32, MATCH_MAX_LAS = 64 };

/* A due-diligence check's standing. */
typedef enum CheckState { CHECK_MISSING = 0, CHECK_CURRENT, CHECK_EXPIRED, CHECK_FAILED, CHECK_PENDING } CheckState;

/* One provider, as matching sees it. */
typedef struct Candidate {
    int64_t id;
    const char *name;
    int is_person;          /* org_type person: an NLE, system leader, NLG or adviser */
    uint32_t designations;  /* for a person: the MATCH_DESIGNATIONS mask */
    uint32_t regions;       /* bit i: REGIONS[i] (domain/access.h) */
    const char *const *las; /* local authority codes it serves, n_las of them */
    size_t n_las;
    uint32_t phases, expertise;
    int has_location;
    int32_t easting, northing;
    /* who it is, for conflicts: its own school, trust and local authority
       (a person's school and trust), 0/NULL when none */
    int64_t urn, trust_uid;
    const char *la_code;
    /* declared conflicts */
    const int64_t *conflict_urns;
    size_t n_conflict_urns;
    const int64_t *conflict_trusts;
    size_t n_conflict_trusts;
    const char *const *conflict_las;
    size_t n_conflict_las;
    /* capacity in the term matching is for, and what is already held
       (matched, and proposed or agreed for other cases) */
    int schools_capacity, days_capacity; /* -1: no capacity given for the term */
    int schools_held, days_held;
    /* due diligence: capacity, relationship, financial, vendor account */
    CheckState checks[4];
    /* past support: cases ended with support completed, and other ends */
    int past_completed, past_other;
    int active; /* 0: taken off the register */
} Candidate;

/* The case being matched. */
typedef struct MatchCase {
    int64_t case_id;
    const char *region;  /* the case's region */
    int64_t urn;         /* 0 for a trust's case */
    int64_t trust_uid;   /* the school's trust, or the trust being supported */
    const char *la_code; /* the school's local authority */
    uint32_t phase;      /* the school's phase bit (0: unknown) */
    uint32_t needs;      /* expertise needed (match_needs_from_judgements) */
    int has_location;
    int32_t easting, northing;
    int priority_area;   /* its local authority is a priority area (an EIA) */
    /* what the programme asks: the designations it matches (0: organisations,
       not people), due diligence required, days a match takes in the term */
    uint32_t designations;
    int organisations;
    int needs_due_diligence;
    int days;
    int travel_miles; /* distance flagged above this (seed 002 section 8: 45) */
    /* providers that declined this case or that the school rejected */
    const int64_t *refused;
    size_t n_refused;
    /* the provider a reason for deploying within its own trust is recorded
       for (seed 002 section 2.5), 0: none */
    int64_t own_trust_reason_for;
} MatchCase;

/* ---- the hard rules (a table: id, the sentence it implements, message) --- */

typedef enum HardRule {
    HARD_OK = 0,
    HARD_INACTIVE,    /* taken off the register */
    HARD_KIND,        /* not the kind of provider the programme matches */
    HARD_REGION,      /* does not serve the region or local authority */
    HARD_CAPACITY,    /* no capacity left in the term */
    HARD_CONFLICT,    /* a declared conflict, or the school's own school, trust or LA */
    HARD_DUE_DILIGENCE, /* due diligence not current where the programme needs it */
    HARD_REFUSED,     /* declined this case, or the school rejected it */
    HARD_COUNT
} HardRule;

typedef struct HardRuleInfo {
    HardRule id;
    const char *code;     /* "region" */
    const char *source;   /* the sentence of the seed it implements */
    const char *message;  /* what the page says when it fails */
} HardRuleInfo;
extern const HardRuleInfo MATCH_HARD_RULES[HARD_COUNT];

/* Conflicts the own-trust reason can lift: only its own trust (seed 002
   section 2.5, "only be deployed within your own trust where it is clear
   that this would be the most effective form of support"). */
typedef enum ConflictKind {
    CONFLICT_NONE = 0,
    CONFLICT_OWN_TRUST, /* the school is in the provider's trust */
    CONFLICT_OWN_SCHOOL,
    CONFLICT_OWN_LA,    /* a local authority (or its traded service) and its own maintained school */
    CONFLICT_DECLARED,
} ConflictKind;
ConflictKind match_conflict(const Candidate *c, const MatchCase *m);

/* The first hard rule the candidate fails, or HARD_OK; *detail gets a
   sentence about this candidate (may be NULL). */
HardRule match_hard(const Candidate *c, const MatchCase *m, char *detail, size_t detaillen);

/* ---- the score ----------------------------------------------------------- */

/* The soft parts, each with its points and its sentence. */
typedef enum SoftPart {
    SOFT_EXPERTISE = 0, /* expertise against the school's weakest judgements */
    SOFT_PHASE,
    SOFT_DISTANCE,
    SOFT_LOAD,
    SOFT_OUTCOMES,
    SOFT_PRIORITY,
    SOFT_COUNT
} SoftPart;

typedef struct ScorePart {
    int points, max;
    char words[200];
} ScorePart;

typedef struct MatchScore {
    int total; /* 0 to 100 */
    ScorePart parts[SOFT_COUNT];
    int miles;      /* distance in whole miles, -1 unknown */
    int far;        /* over the travel distance */
} MatchScore;

/* The weights (out of 100) and the seed line each implements. */
typedef struct SoftRuleInfo {
    SoftPart id;
    const char *label;
    int max;
    const char *source;
} SoftRuleInfo;
extern const SoftRuleInfo MATCH_SOFT_RULES[SOFT_COUNT];

void match_score(const Candidate *c, const MatchCase *m, MatchScore *out);
/* The same total without the sentences (for the batch, where only the
   numbers count). */
int match_score_total(const Candidate *c, const MatchCase *m);
/* Miles between two British National Grid points (metres). */
double match_miles(int32_t e1, int32_t n1, int32_t e2, int32_t n2);

/* ---- suggestions --------------------------------------------------------- */

typedef struct Suggestion {
    size_t index; /* into the candidates */
    HardRule failed;
    MatchScore score;
} Suggestion;

/*
 * Every candidate, ranked: those that pass every hard rule first, by score
 * (highest first, then fewer miles, then name); then those that fail, by
 * rule. out has room for n. Returns how many pass.
 */
size_t match_suggest(const Candidate *c, size_t n, const MatchCase *m, Suggestion *out);

/* ---- many cases at once -------------------------------------------------- */

/*
 * The best assignment of cases to providers: as many cases as possible
 * matched, and among those the highest total score, no provider given more
 * cases than cap[j] (its schools left in the term). score[i*np + j] is the
 * score of provider j for case i (0 to 100), or -1 where a hard rule fails.
 * assign[i] gets the provider for case i, or -1. Returns the number
 * matched, or -1 when out of memory. The Hungarian method (shortest
 * augmenting paths with potentials) over each provider's places.
 */
int match_batch(const int *score, size_t nc, size_t np, const int *cap, int *assign);

#endif
