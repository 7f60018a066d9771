/*
 * closure.h - what closing a case records beside its outcome (issue 15
 * item 6; DOMAIN.md section 3 step 11: "Closed: end-of-support call,
 * outcome (next Ofsted judgement when it comes), case study where
 * chosen"), as pure rules: the choices, the answers required, and which
 * inspections are the "before and after" of a closed case.
 */
#ifndef RISE_CLOSURE_H
#define RISE_CLOSURE_H

#include "core/date.h"

#include <stddef.h>

typedef struct ClosureChoice {
    const char *code, *label, *hint;
} ClosureChoice;

/* Completed, or stopped early (with a reason). */
extern const ClosureChoice CLOSURE_COMPLETIONS[];
extern const size_t CLOSURE_N_COMPLETIONS;
/* The final overall rating: DfE's overall progress values (DOMAIN.md
   "termly reviews ... overall progress"), as the reviews store them. */
extern const ClosureChoice CLOSURE_RATINGS[];
extern const size_t CLOSURE_N_RATINGS;
const char *closure_completion_label(const char *code); /* NULL when not one */
const char *closure_rating_label(const char *code);     /* NULL when not one */

/* The end-of-support call is required for TSIO 2022/23 (004's chronology:
   the delivery partner holds the "end of deployment call" within 10 days
   of the report), optional elsewhere. */
int closure_end_call_required(const char *programme);

typedef struct ClosureAnswers {
    const char *programme;
    Date end_call_on;           /* DATE_NONE when not given (the form checks the date itself) */
    int end_call_blank;         /* the date was left blank */
    const char *end_call_notes;
    const char *completion;     /* "completed" or "stopped-early" */
    const char *stopped_reason;
    const char *final_rating;
    const char *case_study;     /* "yes" or "no" */
    const char *case_study_text;
    Date closed_on;             /* the date the case closes (DATE_NONE when not valid) */
} ClosureAnswers;

typedef struct ClosureProblem {
    const char *field;   /* the form field: end-call-on, end-call-notes, completion, stopped-reason,
                            final-rating, case-study, case-study-text */
    const char *message; /* GOV.UK error message */
} ClosureProblem;

#define CLOSURE_TEXT_MAX 4000
#define CLOSURE_MAX_PROBLEMS 8

/* Checks the answers; fills out (up to CLOSURE_MAX_PROBLEMS) and returns
   how many problems there are (0: the answers can be saved). */
size_t closure_check(const ClosureAnswers *a, ClosureProblem *out);

#endif
