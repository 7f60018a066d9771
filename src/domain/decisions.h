/*
 * decisions.h - the rules of a case's decision log (DOMAIN.md sections 3
 * and 4, issue 10): which decisions wait for the regional director, what a
 * new category does before it is approved, conflicts of interest and their
 * override, and what a decision's rationale is.
 *
 * Pure: no I/O. The store records decisions and applies these answers.
 */
#ifndef RISE_DECISIONS_H
#define RISE_DECISIONS_H

#include "domain/casework.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The approval a decision is recorded with: NULL when none is needed;
 * "approved" when the regional director records it themselves; otherwise
 * "awaiting" (their approval).
 */
const char *decision_approval_on_record(int needs_approval, int by_regional_director);

/*
 * Approving or rejecting ("approved"/"rejected") a decision of this type:
 * NULL when allowed, else the sentence to show. A rejection needs a note;
 * so does approving a conflict-of-interest override (the regional director
 * overrides "with a reason").
 */
const char *decision_approval_refusal(const char *type, const char *approval, const char *note);

/* --- escalating an engagement concern ------------------------------------ */

/* A warning notice or an interim executive board needs the regional
   director's approval; information powers alone do not. */
int escalation_needs_approval(int warning_notice, int information_powers, int ieb);

/* --- the category (RISE) -------------------------------------------------- */

/*
 * The identification task's status after a category decision is recorded,
 * approved or rejected (approval "approved", "awaiting" or "rejected"), from
 * its status before: an approved category completes it; until then a case
 * that already has a confirmed category keeps it (and its stage), and one
 * that has none waits.
 */
TaskStatus category_identify_status(TaskStatus before, const char *approval);

/* A new category is refused while another waits for approval. */
const char *category_decision_refusal(int one_awaiting);

/* --- conflicts of interest ------------------------------------------------ */

/* One entry of the decision log about an adviser, in the order recorded. */
typedef struct ConflictCheck {
    int64_t adviser;      /* the adviser's user id */
    int conflict;         /* the check found a conflict of interest */
    int override;         /* an override of a conflict found */
    const char *approval; /* an override's approval: "awaiting", "approved", "rejected" */
} ConflictCheck;

typedef enum ConflictStanding {
    CONFLICT_UNCHECKED = 0, /* no check of this adviser */
    CONFLICT_CLEAR,         /* checked, no conflict (or a conflict overridden) */
    CONFLICT_FOUND,         /* a conflict found bars them */
    CONFLICT_OVERRIDE_AWAITING, /* barred; an override waits for the regional director */
} ConflictStanding;

/* Where the adviser stands after every entry about them, in order. */
ConflictStanding conflict_standing(const ConflictCheck *checks, size_t n, int64_t adviser);

/* Is any adviser checked cleared (what completes the check task)? */
int conflict_any_clear(const ConflictCheck *checks, size_t n);

/*
 * Recording a check of an adviser who stands so: 1 when "no conflict" for
 * an adviser with a conflict found is an override (it needs a reason and
 * the regional director's approval), 0 for a plain check.
 */
int conflict_check_is_override(ConflictStanding before, int conflict);

/* The check refused, or NULL: an override needs a reason, and one at a time. */
const char *conflict_check_refusal(ConflictStanding before, int conflict, const char *reason);

/*
 * Allocating an adviser (RISE): only after the conflict-of-interest check
 * task is completed, and only an adviser who stands clear.
 */
const char *casework_allocate_refusal(TaskStatus conflict_check, ConflictStanding chosen_standing,
                                      const char *chosen);

/* --- the rationale --------------------------------------------------------- */

/*
 * The rationale of a decision a task records: the task's long-text answers
 * (its textarea fields, in order) then anything the user added, each that
 * is not blank, separated by a blank line. A fresh string (free it), or
 * NULL when every part is blank.
 */
char *decision_rationale(const char *const *parts, size_t n);

#endif
