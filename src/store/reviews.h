/*
 * store/reviews.h - termly reviews of a case's approved plan, progress
 * reviews on RISE's review path, and the money that follows them (issue
 * 15 items 2, 3, 5, 7; domain/reviews.h).
 *
 * Life of a review: due (scheduled when the plan is approved, or when the
 * terms change) -> draft (the provider saves it) -> submitted -> accepted,
 * or returned (editable again) -> submitted ... A review whose term ended
 * before it was submitted is missed (reviews_sweep). Accepting a review
 * decides the money (review_money): satisfactory releases the next term's
 * payment in arrears (the grant's next scheduled line is made due);
 * otherwise a withholding recommendation waits for a person to confirm
 * (the next unpaid line is withheld) or dismiss it.
 *
 * Every change is one transaction with its audit row ("review.save",
 * "review.submit", "review.accept", "review.return", "review.missed",
 * "recommendation.confirm", "recommendation.dismiss"), and the people who
 * act next are emailed ("review-step").
 */
#ifndef RISE_STORE_REVIEWS_H
#define RISE_STORE_REVIEWS_H

#include "domain/reviews.h"
#include "store/casework.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ReviewRatingRow {
    char path[24];
    char *label;
    Rag rating;
    char *evidence, *mitigation;
    int stop;
} ReviewRatingRow;

typedef struct Review {
    int64_t id, case_id;
    char kind[12];   /* "termly" or "progress" */
    char *term_key, *term_label;
    int plan_term;   /* 0-based term of the plan (termly), -1 otherwise */
    char *due_on;
    char status[16]; /* due, draft, submitted, accepted, returned, missed, not-needed */
    Overall overall;
    char *chair_feedback, *ceo_feedback, *sustain, *next_steps;
    char *written_by, *written_at, *submitted_at, *decided_by, *decided_at, *decision_note;
    int on_behalf;
    ReviewRatingRow *ratings; /* in the order of the form */
    size_t n_ratings;
} Review;
void review_free(Review *r);

typedef struct ReviewList {
    Review *items; /* ratings not loaded */
    size_t n;
} ReviewList;
void review_list_free(ReviewList *l);

/* "Due", "Draft", ... for pages. */
const char *review_status_label(const char *status);

/*
 * Schedules the termly reviews of the case's approved plan: one per term
 * it runs in (review_terms) with its due date (term_review_due with the
 * programme's review_months and the school holidays); terms already
 * scheduled are kept. Call inside the caller's transaction (the plan's
 * approval). 0, or -1.
 */
int reviews_schedule(Db *db, int64_t case_id);
/* The same for every open case with an approved plan (after the terms change). */
int reviews_schedule_all(Db *db);

/* Has the case termly reviews? Then accepting them confirms a term's
   progress, not a caseworker's confirmation on the grant (grants.c). */
int case_has_termly_reviews(Db *db, int64_t case_id);

/* 1 found, 0 not, -1 error. */
int review_get(Db *db, int64_t id, Review *out);
/* The case's reviews, by due date. */
int reviews_for_case(Db *db, int64_t case_id, ReviewList *out);

/* What the review rates and asks, from the case's approved plan: items (at
   most max), tier 3 and trust. Returns the number of items, -1 on error. */
int review_form_of(Db *db, const Case *c, ReviewItem *items, size_t max, int *tier3, int *is_trust);

/* Results as casework.h: CW_OK, CW_REFUSED (*why), CW_NOT_FOUND, CW_ERROR. */

/*
 * Saves the review (status due, draft or returned) as written; with
 * submit, it must keep every rule (problems filled, *why "The review is
 * not complete") and becomes submitted.
 */
int review_save(Db *db, const Actor *actor, const Case *c, int64_t id, const ReviewIn *in, int submit,
                ReviewProblem *problems, size_t *n_problems, const char **why);

/* Accepts (and the money follows) or returns (with a note) a submitted review. */
int review_decide(Db *db, const Actor *actor, const Case *c, int64_t id, int accept, const char *note,
                  const char **why);

/* RISE's review path: a progress review for the term a day falls in (or the
   next), *id the new or existing one. Refused without term dates. */
int review_progress_open(Db *db, const Actor *actor, const Case *c, const char *today, int64_t *id,
                         const char **why);

/* ---- withholding recommendations ---- */

typedef struct Recommendation {
    int64_t id, case_id, review_id, line_id;
    char *cause, *reason, *status, *created_at, *created_by, *decided_by, *decided_at, *decision_note;
    char *line_label; /* the payment it is about, NULL when none is left to withhold */
    int64_t line_amount;
} Recommendation;
typedef struct RecommendationList {
    Recommendation *items;
    size_t n;
} RecommendationList;
void recommendation_list_free(RecommendationList *l);
int recommendations_for_case(Db *db, int64_t case_id, RecommendationList *out);

/* Confirms (the payment is withheld with the reason and the note) or
   dismisses (note required) an open recommendation. */
int recommendation_decide(Db *db, const Actor *actor, const Case *c, int64_t id, int confirm, const char *note,
                          const char **why);

/* Marks missed the reviews whose term ended (the term's last day before
   today) without a submission, each with a withholding recommendation. *n
   how many. Run daily (`rise reviews sweep`, and the background sender). */
int reviews_sweep(Db *db, const Actor *actor, const char *today, size_t *n);

/* ---- views ---- */

typedef struct ReviewDue {
    int64_t review_id, case_id;
    char *school, *region, *term_label, *due_on, *status, *owner; /* owner: the delivery officer's name */
} ReviewDue;
typedef struct ReviewDueList {
    ReviewDue *items;
    size_t n;
    int64_t total, overdue;
} ReviewDueList;
void review_due_list_free(ReviewDueList *l);
/*
 * Reviews not yet accepted whose due date is on or before `until` (the
 * current term's end), open cases only, soonest first; filtered by region
 * (NULL: all) and by person (user_id 0: anyone: the case's delivery
 * officer, adviser or the provider's organisation when org_id). Page by
 * offset/limit; total and overdue (due before today) counted.
 */
int reviews_due(Db *db, const char *region, int64_t user_id, int64_t org_id, const char *today, const char *until,
                size_t offset, size_t limit, ReviewDueList *out);

/* One item's ratings, term by term, for the chart on a case. */
typedef struct RatingSeries {
    char path[24];
    char *label;
    size_t n;
    Rag ratings[12];        /* per term of the case's reviews, RAG_NONE when not rated */
} RatingSeries;
typedef struct RatingChart {
    char *terms[12]; /* the accepted or submitted termly reviews' term labels, in order */
    size_t n_terms;
    Overall overall[12];
    RatingSeries *series;
    size_t n_series;
} RatingChart;
int review_chart(Db *db, int64_t case_id, RatingChart *out);
void rating_chart_free(RatingChart *c);

#endif
