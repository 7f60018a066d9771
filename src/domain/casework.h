/*
 * casework.h - the life of a case as pure rules: which tasks can start,
 * when each is due, and which changes are refused (DOMAIN.md section 3).
 *
 * The tasks themselves are data (the task_templates table); this module
 * only interprets them. No I/O: the store loads templates and task states,
 * calls casework_plan(), and writes back what changed.
 */
#ifndef RISE_CASEWORK_H
#define RISE_CASEWORK_H

#include "core/date.h"
#include "domain/workdays.h"

#include <stddef.h>

typedef enum TaskStatus {
    TASK_NOT_STARTED = 0,
    TASK_IN_PROGRESS,
    TASK_COMPLETED,
    TASK_CANNOT_START,
    TASK_NOT_NEEDED,
} TaskStatus;

/* "not started" ... as stored; "Not started" ... as shown. */
const char *task_status_name(TaskStatus s);
const char *task_status_label(TaskStatus s);
/* -1 when unknown. */
int task_status_from(const char *name);
/* Done: completed or not needed (what "after" waits for). */
int task_status_done(TaskStatus s);

enum { CASE_PATH_UNDECIDED = 0, CASE_PATH_MATCH = 1, CASE_PATH_REVIEW = 2 };

/* One task of a programme, as task_templates holds it. */
typedef struct TaskTemplate {
    const char *code;
    const char *kind;      /* identify, record, response, conflict, allocate, later */
    const char *after;     /* comma-separated codes, or NULL */
    const char *when_rule; /* "diocese", "school", "matching", "review", "signoff", "approval", "inspection"
                              or NULL */
    int due_days;          /* 0: no timeframe */
    int school_days;       /* the timeframe skips school holidays too */
    int later;             /* a step not built yet */
} TaskTemplate;

/* One task of one case. */
typedef struct TaskState {
    TaskStatus status;
    Date done_on; /* the day it was done (DATE_NONE when not done) */
    Date due_on;  /* DATE_NONE when it has no due date */
    Date set_on;  /* the day a person last saved it (DATE_NONE: never); read by the "inspection" rule */
} TaskState;

/* What the rules need to know about the case. */
typedef struct CaseFacts {
    Date opened_on;
    int is_school;   /* a school, not a trust */
    int has_diocese; /* the school has a diocese */
    /* the diagnosis decision's path (issue 12): CASE_PATH_MATCH for a
       programme without one, or once approved "match"; CASE_PATH_REVIEW
       once approved "review"; CASE_PATH_UNDECIDED before */
    int path;
    /* the case's plan is a Tier 1 return (issue 13): no sign-off and no
       DfE approval, so the "signoff" and "approval" when_rules do not hold */
    int tier1;
    const DateRange *pauses; /* periods the case was paused (to = DATE_NONE: still paused) */
    size_t npauses;
    /* the newest inspection of the case's school (for a trust, of one of its
       schools) published after the case opened: its publication date, or its
       start date when the file gives none; DATE_NONE when there is none
       (issue 15 item 4, the "inspection" when_rule) */
    Date inspected_on;
} CaseFacts;

/*
 * Works out every task's status and due date, in place:
 * - a "later" task cannot start yet;
 * - a task whose when_rule does not hold for this case is not needed
 *   ("matching" holds unless the path is review, "review" only on the
 *   review path, "inspection" only once an inspection was published after
 *   the case opened);
 * - an "inspection" task is due due_days after that inspection's
 *   publication, whatever it waits for, and opens again (not started) when
 *   a newer inspection is published after a person last saved it;
 * - a completed task, or one a person marked not needed, stays so;
 * - a task whose "after" tasks are not all done cannot start yet and has
 *   no due date; once they are, it is not started (or keeps in progress);
 * - its due date is due_days working days (or school days) after the day
 *   the last of its "after" tasks was done (the date recorded, even one
 *   before the case opened), or the day the case opened when it waits for
 *   nothing, skipping the days the case was paused.
 * t and s are parallel arrays of n entries; codes are looked up in t.
 */
void casework_plan(const TaskTemplate *t, TaskState *s, size_t n, const CaseFacts *f, const Calendar *cal);

/*
 * The due date: n working days (school days when school_days) after from,
 * where a day inside any pause does not count. n <= 0 gives DATE_NONE.
 */
Date casework_due(Date from, int n, int school_days, const Calendar *cal, const DateRange *pauses,
                  size_t npauses);

/* Overdue on today: open (not started or in progress) with a due date
   before today. Due soon: open and due within the next `soon` working days
   (today included). */
int task_overdue(TaskStatus s, Date due, Date today);
int task_due_soon(TaskStatus s, Date due, Date today, int soon);

/* --- refused changes: each returns NULL when allowed, else the sentence
       the user is shown ---------------------------------------------------- */

/* Any change to a case other than its status: only while in progress. */
const char *casework_case_editable(const char *case_status);

/*
 * Adding or changing a note or a contact: allowed whatever the case's
 * status (in progress, paused, stopped or closed); refused only for a
 * status that is not one of those (issue 10 item 15).
 */
const char *casework_record_refusal(const char *case_status);

/* Saving a task: refused when it cannot start yet or belongs to a later step. */
const char *casework_task_refusal(const TaskTemplate *t, TaskStatus current);

/* A change of case status: in progress, paused, stopped, closed. A closed
   case can only be reopened; closing needs an outcome (casework_close_refusal). */
const char *casework_status_refusal(const char *from, const char *to);
int case_status_valid(const char *s);

/* The outcomes a case closes with (issue 10 item 10): code as stored,
   label as shown, and a hint. */
typedef struct CloseOutcome {
    const char *code, *label, *hint;
} CloseOutcome;
extern const CloseOutcome CASE_CLOSE_OUTCOMES[];
extern const size_t CASE_N_CLOSE_OUTCOMES;
/* The label of an outcome code, or NULL when it is not one. */
const char *casework_close_outcome_label(const char *code);

/* Closing a case from status `from` with outcome: the status change must be
   allowed and the outcome one of the list. */
const char *casework_close_refusal(const char *from, const char *outcome);

/* A stopped or closed case has ended: it has no due dates, nothing is
   overdue, and it offers no pause or stop. */
int casework_case_ended(const char *case_status);

/*
 * The date of a change of status from `from` to `to` (issue 10 item 9),
 * as a GOV.UK date error or NULL: not in the future (after today, unless
 * today is DATE_NONE), not
 * before the day the case opened, and not before `since`, the date its
 * current status began (a resume not before the pause, a reopening not
 * before the stop or close; DATE_NONE when the status never changed).
 * For example "Date paused must be on or after the date the case opened".
 */
const char *casework_status_date_refusal(const char *from, const char *to, Date on, Date opened, Date since,
                                         Date today);
/* "Date paused", "Date resumed", "Date reopened", "Date stopped", "Date
   closed"; "Date" for anything else. */
const char *casework_status_date_label(const char *from, const char *to);

/* Escalating an engagement concern: the interim executive board is only for
   a maintained school; a concern is escalated once, and resolved once. */
const char *casework_escalate_refusal(const char *concern_status, int ieb, int maintained);
const char *casework_resolve_refusal(const char *concern_status);

#endif
