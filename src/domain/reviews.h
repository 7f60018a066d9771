/*
 * reviews.h - termly reviews of a plan (issue 15 items 2, 3, 5): what is
 * rated (each improvement area or objective and each action of the
 * approved plan), the ratings and their wording, the overall ratings, the
 * rules a review must meet before it is submitted (a table: id, the seed's
 * sentence, the message), which terms a plan is reviewed in, and what the
 * money does once a review is accepted.
 *
 * Seed 002 section 7: "Updates on progress will be expected approximately
 * one month before the end of term to capture: Overall progress against
 * each improvement area; Progress against each recommended action; Overall
 * progress for the RAF as a whole". DOMAIN.md section 7 (RISE): "a
 * red/amber/green rating per objective with details, and an overall
 * progress of: progressing well / improved, support complete / not
 * improving / review did not take place / not engaging".
 *
 * Pure: no I/O.
 */
#ifndef RISE_REVIEWS_H
#define RISE_REVIEWS_H

#include "domain/plans.h"
#include "domain/terms.h"

#include <stddef.h>

typedef enum Rag { RAG_NONE = 0, RAG_RED, RAG_AMBER, RAG_GREEN } Rag;
/* "red", "amber", "green" (NULL for none) and back (RAG_NONE when unknown). */
const char *rag_slug(Rag r);
Rag rag_from_slug(const char *s);
/* "Red" ... and the wording shown with each rating on the form. */
const char *rag_label(Rag r);
const char *rag_wording(Rag r);

typedef enum Overall {
    OVERALL_NONE = 0,
    OVERALL_PROGRESSING,  /* progressing well */
    OVERALL_COMPLETE,     /* improved, support complete */
    OVERALL_NOT_IMPROVING,
    OVERALL_NO_REVIEW,    /* review did not take place */
    OVERALL_NOT_ENGAGING,
    OVERALL_COUNT
} Overall;
const char *overall_slug(Overall o); /* "progressing-well", ... as stored */
Overall overall_from_slug(const char *s);
const char *overall_label(Overall o); /* "Progressing well", ... */
const char *overall_hint(Overall o);
/* The overall rating as red, amber or green (for charts and money):
   progressing well and improved are green; the rest red. */
Rag overall_rag(Overall o);

/* One thing a review rates: an area or objective, or an action under it. */
typedef struct ReviewItem {
    char path[24];   /* "area-leadership", "objective-2", "action-5" (1-based, as the plan's form) */
    char label[240]; /* "Leadership" / "Objective 2: ..." / "Action 5: ..." */
    int is_action;
} ReviewItem;

/* The items of an approved plan, in order: each area (RAF) or objective
   (RISE) followed by its actions. Returns the count (at most max). Other
   kinds have none. */
size_t review_items(const Plan *p, ReviewItem *out, size_t max);

/* A review as written. */
typedef struct ReviewRatingIn {
    const char *path;
    Rag rating;
    const char *evidence, *mitigation;
    int stop; /* stop the activity until another is delivered (002 section 7) */
} ReviewRatingIn;

typedef struct ReviewIn {
    const ReviewRatingIn *ratings; /* one per item, in review_items' order */
    size_t n;
    Overall overall;
    const char *chair_feedback, *ceo_feedback, *sustain; /* Tier 3 (002 section 7, "Tier 3 schools") */
    const char *next_steps;                              /* a progress review (RISE's review path) */
} ReviewIn;

typedef struct ReviewRule {
    const char *id, *sentence, *message; /* message may hold one %s: the item's label */
} ReviewRule;
extern const ReviewRule REVIEW_RULES[];
extern const size_t REVIEW_N_RULES;

typedef struct ReviewProblem {
    const ReviewRule *rule;
    char field[40]; /* the form's field id */
    char message[320];
} ReviewProblem;
#define REVIEW_MAX_PROBLEMS 64

/* What a review needs before it is submitted: the plan's kind and tier
   (Tier 3 asks for the chair's feedback, a trust's CEO's when is_trust,
   and how the school will sustain the work), progress: a review-path
   progress review (next steps, overall; no items). Returns the count. */
size_t review_check(const ReviewIn *in, const ReviewItem *items, size_t n_items, int tier3, int is_trust,
                    int progress, ReviewProblem *out, size_t max);

/* What the money does when a review is accepted (issue 15 item 3). */
typedef enum ReviewMoney {
    MONEY_RELEASE = 1,    /* satisfactory: the next term's payment in arrears is released */
    MONEY_RECOMMEND_WITHHOLD, /* not: withholding the next payment is recommended, for a person to confirm */
} ReviewMoney;
/* Satisfactory: an overall rating of progressing well or improved, no item
   rated red and no open engagement concern. Otherwise a recommendation,
   with its cause ("red", "missed", "engagement") and the reason in words. */
ReviewMoney review_money(Overall overall, const Rag *ratings, size_t n, int engagement_concern, const char **cause,
                         char *reason, size_t len);

/*
 * The terms a plan approved on `approved_on` is reviewed in, as indices
 * into terms (sorted by first day): every term that ends after the
 * approval and starts on or before the plan's last day (RAF: the last day
 * of its funded terms, plan_funded_until; RISE: its ends_on). Other kinds
 * have no termly reviews (002 section 7: "Monitoring delivery (Tier 2 and
 * 3 only)"; TSIO's deployment is followed by its end-of-deployment call).
 * Returns the count (at most max).
 */
size_t review_terms(const Plan *p, const PlanParams *params, Date approved_on, const SchoolTerm *terms, size_t n,
                    int *out, size_t max);

#endif
