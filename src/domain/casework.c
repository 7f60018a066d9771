/*
 * casework.c - task statuses, due dates and refused changes. See casework.h.
 *
 * Interpretations of DOMAIN.md section 3 and the seeds:
 * - "Every step has an owner, a due date and a status": the due date of a
 *   task is counted from the day the last task it waits for was done (the
 *   date the user recorded, e.g. the date of the conversation, never the
 *   day it was saved nor the day the case opened), or from the day the case
 *   opened when it waits for nothing (issue 10 item 13).
 * - Timeframes are working days unless stated (DOMAIN.md): Monday to Friday
 *   except England and Wales bank holidays. "Within 2 weeks ... (not
 *   including school holidays)" (002, SI 2019/20 guidance) is 10 school
 *   days: working days outside the school holidays an administrator sets.
 *   "1 week" is 5 working days and "4 weeks" 20 (004, TSIO chronology).
 * - "While paused or stopped it is read-only": the clock stops while a
 *   case is paused, so days inside a pause do not count towards a due date.
 * - "A paused, stopped or closed case is read-only except for its status"
 *   (issue 5): any other change is refused unless the case is in progress,
 *   except notes and contacts (issue 10 item 15, casework_record_refusal).
 * - Dates of a status change (issue 10 item 9): a case cannot be paused,
 *   stopped or closed before the day it opened, nor resumed before its
 *   pause began; generally a change of status is dated on or after the
 *   date its current status began, so the periods of a case never overlap
 *   and its decision log reads in date order. The same day is allowed (a
 *   pause and a resumption on one day: nothing counted as paused).
 * - "Adviser allocated (RISE) after a conflict-of-interest check": the
 *   allocation is refused until the check is completed, and for any adviser
 *   the checks have not cleared (domain/decisions.c).
 * - Engagement concerns: "interim executive board for maintained schools"
 *   (section 3 step 3): an IEB is refused for an academy or a trust.
 */
#include "domain/casework.h"

#include <stdlib.h>
#include <string.h>

static const char *const STATUS_NAMES[] = {"not started", "in progress", "completed", "cannot start yet",
                                           "not needed"};
static const char *const STATUS_LABELS[] = {"Not started", "In progress", "Completed", "Cannot start yet",
                                            "Not needed"};

const char *task_status_name(TaskStatus s)
{
    return (s >= TASK_NOT_STARTED && s <= TASK_NOT_NEEDED) ? STATUS_NAMES[s] : "not started";
}

const char *task_status_label(TaskStatus s)
{
    return (s >= TASK_NOT_STARTED && s <= TASK_NOT_NEEDED) ? STATUS_LABELS[s] : "Not started";
}

int task_status_from(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i <= TASK_NOT_NEEDED; i++)
        if (strcmp(STATUS_NAMES[i], name) == 0)
            return i;
    return -1;
}

int task_status_done(TaskStatus s)
{
    return s == TASK_COMPLETED || s == TASK_NOT_NEEDED;
}

Date casework_due(Date from, int n, int school_days, const Calendar *cal, const DateRange *pauses, size_t npauses)
{
    if (n <= 0 || from == DATE_NONE)
        return DATE_NONE;
    /* A pause still running stops the clock: no date can be given yet.
       Otherwise the days paused are skipped like holidays, in either unit. */
    size_t nh = school_days && cal ? cal->n : 0;
    DateRange *skip = malloc((nh + npauses + 1) * sizeof *skip);
    if (!skip)
        return DATE_NONE;
    for (size_t i = 0; i < nh; i++)
        skip[i] = cal->school_holidays[i];
    for (size_t i = 0; i < npauses; i++) {
        if (pauses[i].to == DATE_NONE) {
            free(skip);
            return DATE_NONE;
        }
        skip[nh + i] = pauses[i];
    }
    Calendar c = {skip, nh + npauses};
    Date due = add_school_days(&c, from, n);
    free(skip);
    return due;
}

static long find_code(const TaskTemplate *t, size_t n, const char *code, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(t[i].code) == len && strncmp(t[i].code, code, len) == 0)
            return (long)i;
    return -1;
}

static int applies(const TaskTemplate *t, const CaseFacts *f)
{
    if (!t->when_rule || !*t->when_rule)
        return 1;
    if (strcmp(t->when_rule, "diocese") == 0)
        return f->is_school && f->has_diocese;
    if (strcmp(t->when_rule, "school") == 0)
        return f->is_school;
    if (strcmp(t->when_rule, "matching") == 0)
        return f->path != CASE_PATH_REVIEW;
    if (strcmp(t->when_rule, "review") == 0)
        return f->path == CASE_PATH_REVIEW;
    if (strcmp(t->when_rule, "signoff") == 0 || strcmp(t->when_rule, "approval") == 0)
        return !f->tier1;
    if (strcmp(t->when_rule, "inspection") == 0)
        return f->inspected_on != DATE_NONE;
    return 1;
}

static int inspection_rule(const TaskTemplate *t)
{
    return t->when_rule && strcmp(t->when_rule, "inspection") == 0;
}

/*
 * Issue 15 item 4, 002 section 7: "review the RAF following any Ofsted
 * inspection or monitoring visit during the course of plan". The review is
 * owed once per inspection: the task is needed once an inspection of the
 * case's school was published after the case opened, and is due 10 working
 * days (the template's due_days) from that publication, not from the
 * opening nor from the tasks before it (it runs beside the case's course).
 * Interpretation of a second inspection: the review done (or marked not
 * needed) by a person before the newest inspection was published was about
 * an earlier one, so the task opens again, due from the newest; a task a
 * person saved on or after that publication stays as they left it. A task
 * not needed by the rule (no inspection yet) becomes needed the same way.
 */
static void plan_inspection(const TaskTemplate *t, TaskState *s, const CaseFacts *f, const Calendar *cal)
{
    if (task_status_done(s->status) && (s->set_on == DATE_NONE || s->set_on < f->inspected_on)) {
        s->status = TASK_NOT_STARTED;
        s->done_on = DATE_NONE;
    }
    if (task_status_done(s->status))
        return;
    if (s->status == TASK_CANNOT_START)
        s->status = TASK_NOT_STARTED;
    s->due_on = casework_due(f->inspected_on, t->due_days, t->school_days, cal, f->pauses, f->npauses);
}

void casework_plan(const TaskTemplate *t, TaskState *s, size_t n, const CaseFacts *f, const Calendar *cal)
{
    /* Templates come in position order and "after" names earlier tasks, so
       one pass in order settles each task after the ones it waits for; a
       second pass covers any template that names a later one. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            if (t[i].later) {
                s[i].status = TASK_CANNOT_START;
                s[i].due_on = DATE_NONE;
                continue;
            }
            if (!applies(&t[i], f)) {
                s[i].status = TASK_NOT_NEEDED;
                s[i].due_on = DATE_NONE;
                continue;
            }
            if (inspection_rule(&t[i])) {
                plan_inspection(&t[i], &s[i], f, cal);
                continue;
            }
            if (task_status_done(s[i].status))
                continue;
            int ready = 1;
            Date anchor = DATE_NONE; /* the latest date recorded by the tasks it waits for */
            const char *a = t[i].after;
            while (a && *a) {
                const char *comma = strchr(a, ',');
                size_t len = comma ? (size_t)(comma - a) : strlen(a);
                long j = find_code(t, n, a, len);
                if (j >= 0) {
                    if (!task_status_done(s[j].status))
                        ready = 0;
                    else if (s[j].status == TASK_COMPLETED && s[j].done_on != DATE_NONE &&
                             (anchor == DATE_NONE || s[j].done_on > anchor))
                        anchor = s[j].done_on;
                }
                a = comma ? comma + 1 : NULL;
            }
            if (!ready) {
                s[i].status = TASK_CANNOT_START;
                s[i].due_on = DATE_NONE;
                continue;
            }
            if (s[i].status == TASK_CANNOT_START)
                s[i].status = TASK_NOT_STARTED;
            /* Issue 10 item 13: the date recorded counts even when it is
               before the case was opened (the trust is often rung the day
               before the case is written up); the opening day counts only
               for a task that waits for nothing, or for tasks all not
               needed or done without a date. */
            if (anchor == DATE_NONE)
                anchor = f->opened_on;
            s[i].due_on = casework_due(anchor, t[i].due_days, t[i].school_days, cal, f->pauses, f->npauses);
        }
    }
}

static int open_status(TaskStatus s)
{
    return s == TASK_NOT_STARTED || s == TASK_IN_PROGRESS;
}

int task_overdue(TaskStatus s, Date due, Date today)
{
    return open_status(s) && due != DATE_NONE && due < today;
}

int task_due_soon(TaskStatus s, Date due, Date today, int soon)
{
    if (!open_status(s) || due == DATE_NONE || due < today)
        return 0;
    return due <= add_working_days(today, soon);
}

const char *casework_case_editable(const char *case_status)
{
    if (case_status && strcmp(case_status, "in progress") == 0)
        return NULL;
    if (case_status && strcmp(case_status, "paused") == 0)
        return "This case is paused. Resume it before changing anything other than its notes and contacts.";
    if (case_status && strcmp(case_status, "stopped") == 0)
        return "This case is stopped. Only its status, notes and contacts can change.";
    return "This case is closed. Only its status, notes and contacts can change.";
}

/*
 * Issue 10 item 15: "Paused and stopped cases refuse notes and contacts.
 * People still log calls then." DOMAIN.md section 3 step 11 says a paused
 * or stopped case "is read-only": we read that as the case's course (its
 * tasks, decisions, people, concerns and dates) being frozen, not the
 * record of what people said and who they are. Notes and contacts change
 * nothing about the case's course, and each is still audited on its
 * timeline. A closed case keeps them too: the end-of-support call, the
 * next Ofsted judgement and any later call about the school come after the
 * close (step 11), and a note on the case is better than a note nowhere.
 */
const char *casework_record_refusal(const char *case_status)
{
    if (case_status_valid(case_status))
        return NULL;
    return "This case's status is not recognised";
}

const char *casework_task_refusal(const TaskTemplate *t, TaskStatus current)
{
    if (t->later)
        return "This task belongs to a later step that is not available yet";
    if (current == TASK_CANNOT_START)
        return "This task cannot start until the tasks before it are done";
    if (current == TASK_NOT_NEEDED && t->when_rule && *t->when_rule)
        return "This task is not needed for this case";
    return NULL;
}

int case_status_valid(const char *s)
{
    return s && (strcmp(s, "in progress") == 0 || strcmp(s, "paused") == 0 || strcmp(s, "stopped") == 0 ||
                 strcmp(s, "closed") == 0);
}

const char *casework_status_refusal(const char *from, const char *to)
{
    if (!case_status_valid(to))
        return "Select the new status";
    if (!case_status_valid(from))
        return "This case's status is not recognised";
    if (strcmp(from, to) == 0)
        return "The case already has this status";
    /* A paused case is resumed (in progress) or ended; a stopped or closed
       case can be reopened (in progress) with a reason, but not paused. A
       closed case is finished: it can only be reopened, not stopped
       (issue 10 item 10). */
    if (strcmp(to, "paused") == 0 && strcmp(from, "in progress") != 0)
        return "Only a case in progress can be paused";
    if (strcmp(from, "closed") == 0 && strcmp(to, "in progress") != 0)
        return "A closed case can only be reopened";
    return NULL;
}

/*
 * Issue 10 item 10: "Closing needs a check-your-answers page and an
 * outcome". The outcome says why support ended, in the words of DOMAIN.md
 * section 3 (step 3 "accepted or declined", step 11 "closed: end-of-support
 * call, outcome") and of DfE's overall progress values (section 7:
 * "improved, support complete", "not engaging"). One list for every
 * programme; the reason given with it says the rest. How well the school
 * did (the next Ofsted judgement) comes later, with monitoring.
 */
const CloseOutcome CASE_CLOSE_OUTCOMES[] = {
    {"support-completed", "Support completed", "The support was delivered and the case has run its course"},
    {"declined", "Support declined", "The school or trust did not take up the support, or stopped engaging"},
    {"no-longer-needed", "Support no longer needed",
     "For example, a new inspection or category decision means the school no longer needs it"},
    {"structure-changed", "The school closed or changed structure",
     "For example, it closed, converted to an academy or moved to another trust"},
    {"opened-in-error", "Opened in error", "For example, a duplicate case or the wrong school"},
};
const size_t CASE_N_CLOSE_OUTCOMES = sizeof CASE_CLOSE_OUTCOMES / sizeof CASE_CLOSE_OUTCOMES[0];

const char *casework_close_outcome_label(const char *code)
{
    for (size_t i = 0; code && i < CASE_N_CLOSE_OUTCOMES; i++)
        if (strcmp(CASE_CLOSE_OUTCOMES[i].code, code) == 0)
            return CASE_CLOSE_OUTCOMES[i].label;
    return NULL;
}

const char *casework_close_refusal(const char *from, const char *outcome)
{
    const char *why = casework_status_refusal(from, "closed");
    if (why)
        return why;
    if (!casework_close_outcome_label(outcome))
        return "Select the outcome of the case";
    return NULL;
}

/* "Closing ... shows no due dates afterwards" (issue 10 item 10): nothing is
   due on a case that has ended, stopped ("support will not go ahead") or
   closed. A paused case has none either while the pause runs (the clock
   stops), but keeps its tasks' order for when it resumes. */
int casework_case_ended(const char *case_status)
{
    return case_status && (strcmp(case_status, "stopped") == 0 || strcmp(case_status, "closed") == 0);
}

/* Which date a change of status records: 0 paused, 1 resumed, 2 reopened,
   3 stopped, 4 closed; -1 none. */
static int status_date_kind(const char *from, const char *to)
{
    if (!to)
        return -1;
    if (strcmp(to, "paused") == 0)
        return 0;
    if (strcmp(to, "in progress") == 0)
        return from && strcmp(from, "paused") == 0 ? 1 : 2;
    if (strcmp(to, "stopped") == 0)
        return 3;
    if (strcmp(to, "closed") == 0)
        return 4;
    return -1;
}

const char *casework_status_date_label(const char *from, const char *to)
{
    static const char *const LABELS[] = {"Date paused", "Date resumed", "Date reopened", "Date stopped",
                                         "Date closed"};
    int k = status_date_kind(from, to);
    return k < 0 ? "Date" : LABELS[k];
}

const char *casework_status_date_refusal(const char *from, const char *to, Date on, Date opened, Date since,
                                         Date today)
{
    /* GOV.UK date input messages: "[whatever] must be today or in the
       past", "[whatever] must be on or after [the date it follows]". One
       row per date recorded (as status_date_kind), one column per reason. */
    static const char *const MSG[5][6] = {
        {"Date paused must be today or in the past", "Date paused must be on or after the date the case opened",
         "Date paused must be on or after the date the case was last resumed or reopened",
         "Date paused must be on or after the date the case was paused",
         "Date paused must be on or after the date the case was stopped",
         "Date paused must be on or after the date the case was closed"},
        {"Date resumed must be today or in the past", "Date resumed must be on or after the date the case opened",
         "Date resumed must be on or after the date the case was last resumed or reopened",
         "Date resumed must be on or after the date the case was paused",
         "Date resumed must be on or after the date the case was stopped",
         "Date resumed must be on or after the date the case was closed"},
        {"Date reopened must be today or in the past", "Date reopened must be on or after the date the case opened",
         "Date reopened must be on or after the date the case was last resumed or reopened",
         "Date reopened must be on or after the date the case was paused",
         "Date reopened must be on or after the date the case was stopped",
         "Date reopened must be on or after the date the case was closed"},
        {"Date stopped must be today or in the past", "Date stopped must be on or after the date the case opened",
         "Date stopped must be on or after the date the case was last resumed or reopened",
         "Date stopped must be on or after the date the case was paused",
         "Date stopped must be on or after the date the case was stopped",
         "Date stopped must be on or after the date the case was closed"},
        {"Date closed must be today or in the past", "Date closed must be on or after the date the case opened",
         "Date closed must be on or after the date the case was last resumed or reopened",
         "Date closed must be on or after the date the case was paused",
         "Date closed must be on or after the date the case was stopped",
         "Date closed must be on or after the date the case was closed"},
    };
    int k = status_date_kind(from, to);
    if (k < 0 || on == DATE_NONE)
        return "Enter a real date";
    if (today != DATE_NONE && on > today)
        return MSG[k][0];
    if (opened != DATE_NONE && on < opened)
        return MSG[k][1];
    if (since != DATE_NONE && on < since && from) {
        int col = strcmp(from, "paused") == 0    ? 3
                  : strcmp(from, "stopped") == 0 ? 4
                  : strcmp(from, "closed") == 0  ? 5
                                                 : 2;
        return MSG[k][col];
    }
    return NULL;
}

const char *casework_escalate_refusal(const char *concern_status, int ieb, int maintained)
{
    if (!concern_status || strcmp(concern_status, "open") != 0)
        return strcmp(concern_status ? concern_status : "", "escalated") == 0 ? "This concern is already escalated"
                                                                             : "This concern is resolved";
    if (ieb && !maintained)
        return "An interim executive board can only be used for a maintained school";
    return NULL;
}

const char *casework_resolve_refusal(const char *concern_status)
{
    if (concern_status && strcmp(concern_status, "resolved") == 0)
        return "This concern is already resolved";
    return NULL;
}
