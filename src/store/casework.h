/*
 * casework.h - the life of a case: tasks, decisions, engagement concerns,
 * people, contacts, notes, status, watchlists and lists.
 *
 * Every change is one transaction that also appends an audit row with
 * object_type "case" and object_id the case id, so the case's timeline is
 * its audit history. The rules (what may start, due dates, refusals) are in
 * domain/casework.c; this layer loads, saves and records.
 *
 * Functions return CW_OK, CW_ERROR (database), or CW_REFUSED with the
 * sentence to show in *why (a static string).
 */
#ifndef RISE_CASEWORK_STORE_H
#define RISE_CASEWORK_STORE_H

#include "domain/access.h"
#include "domain/casework.h"
#include "domain/decisions.h"
#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

enum { CW_OK = 0, CW_ERROR = -1, CW_REFUSED = -2, CW_NOT_FOUND = -3 };

typedef struct Case {
    int64_t id;
    char *programme, *subject_kind, *subject_name, *region, *local_authority, *category, *status, *route,
        *rationale, *opened_at, *opened_by, *stage, *next_due, *status_on, *status_reason;
    char *closure_outcome; /* a CASE_CLOSE_OUTCOMES code while closed, else NULL */
    int64_t subject_id;
    int64_t delivery_officer_id, adviser_id; /* 0: none */
    char *delivery_officer, *adviser;        /* names, NULL when none */
    /* from the reference data, for schools */
    char *diocese, *trust_name, *type_group, *type_name;
    int64_t trust_uid;
    /* from the programme's task templates */
    int category_decision; /* its identify task records a category, approved by the regional director */
    int has_adviser;       /* it has an adviser allocation task */
    /* the category: confirmed (its identification is done), and a new one
       waiting for the regional director (NULL when none) */
    int category_confirmed;
    char *category_pending;
    int64_t category_pending_id; /* that decision */
    char *la_code; /* the school's local authority code (GIAS), NULL for a trust */
    /* the supporting organisations proposed for or matched to it (decision
       0016: commissioning writes them), at most CASE_PROVIDERS_MAX */
#define CASE_PROVIDERS_MAX 16
    int64_t providers[CASE_PROVIDERS_MAX];
    size_t n_providers;
    int64_t matched_provider; /* the organisation matched to it (status matched), 0: none: it writes the plan */
} Case;

int case_get(Db *db, int64_t id, Case *out); /* 1 found, 0 not, -1 error */
/* The case's scope for authorise(): its region and allocated adviser, and
   for the people outside DfE its school, responsible body and providers
   (points into c). */
Scope case_scope(const Case *c);
void case_free(Case *c);
/* A maintained school (an interim executive board is possible): its
   responsible body is its local authority (domain/responsible_body.h). */
int case_is_maintained(const Case *c);
/* A school with a diocese (tell the diocese before the school). */
int case_has_diocese(const Case *c);

/* --- tasks --------------------------------------------------------------- */

typedef struct CaseTask {
    char *code, *stage, *title, *hint, *role, *kind, *fields, *after, *when_rule, *timeframe;
    int position, later, due_days;
    int school_days; /* the timeframe skips school holidays too */
    TaskStatus status;
    char *due_on, *done_on, *data, *updated_at, *updated_by; /* data: JSON object of recorded fields */
    int64_t owner_id;
    char *owner; /* name, NULL when none */
} CaseTask;

typedef struct CaseTaskList {
    CaseTask *items;
    size_t n;
} CaseTaskList;

/* The case's tasks in programme order, statuses and due dates up to date. */
int case_tasks(Db *db, int64_t case_id, CaseTaskList *out);
void case_task_list_free(CaseTaskList *l);
const CaseTask *case_task_find(const CaseTaskList *l, const char *code);
/* The task's template, as the rules in domain/casework.h take it (pointing
   into t). */
TaskTemplate case_task_template(const CaseTask *t);

/*
 * Creates the case's missing task rows from its programme's templates and
 * works out statuses, due dates, the case's stage and next due date. Call
 * inside a transaction (every change below does).
 */
int case_refresh(Db *db, int64_t case_id);

/*
 * Sets the case's tasks of a kind done on another page ("grant" by its
 * first payment, "monitoring" by the termly reviews, "closure" by closing
 * the case) to status `to` (done_on `on` when completed), unless they are
 * already so or not needed. Call inside the caller's transaction; the
 * caller audits the change and refreshes the case. Returns how many tasks
 * changed, or -1.
 */
int case_task_kind_set(Db *db, const Actor *actor, int64_t case_id, const char *kind, TaskStatus to, const char *on);

/* Recomputes every open case (after the school holidays change). */
int cases_refresh_all(Db *db);

/*
 * Gives the tasks to open cases that have none: cases opened from screening
 * before casework existed (migration 6). Their identification is done (the
 * screening decision that opened them is on record), dated the day they
 * opened. Run after migrating; does nothing when every case has its tasks.
 * *count gets how many cases were set up.
 */
int cases_set_up_missing(Db *db, size_t *count);

typedef struct TaskSave {
    const char *code;
    const char *data;     /* JSON object of the task's fields, already validated */
    const char *done_on;  /* yyyy-mm-dd the thing was done, when completing */
    int complete;         /* 1: mark completed; 0: in progress; -1: not needed */
    const char *outcome;  /* response: accepted/declined; conflict: yes/no */
    const char *adviser_id; /* conflict/allocate: the adviser's user id as text */
    const char *reason;   /* why (not needed; the decision's rationale) */
    int64_t owner_id;     /* new owner, or 0 to keep */
} TaskSave;

/* Saves a task and records any decision it carries (a response, a
   conflict-of-interest check, an allocation). */
int case_task_save(Db *db, const Actor *actor, int64_t case_id, const TaskSave *t, const char **why);

/* --- decisions ----------------------------------------------------------- */

typedef struct CaseDecision {
    int64_t id, case_id;
    char *type, *outcome, *rationale, *decided_on, *decided_by, *recorded_at, *approval, *approver, *approved_at,
        *approval_note, *about;
    char *value;       /* what it sets: a category's code, a conflict check's "yes"/"no" */
    int64_t person_id; /* whom it is about (the adviser checked), 0: no one */
} CaseDecision;

typedef struct CaseDecisionList {
    CaseDecision *items;
    size_t n;
} CaseDecisionList;

int case_decisions(Db *db, int64_t case_id, CaseDecisionList *out);
int case_decision_get(Db *db, int64_t case_id, int64_t id, CaseDecision *out); /* 1, 0, -1 */
void case_decision_free(CaseDecision *d);
void case_decision_list_free(CaseDecisionList *l);

/* Records a decision inside the caller's transaction; approval NULL when
   none is needed, "awaiting" or "approved" (a regional director's own). */
int case_decision_add(Db *db, const Actor *actor, int64_t case_id, const char *type, const char *outcome,
                      const char *rationale, const char *decided_on, const char *approval, const char *about,
                      int64_t *id);
/* The same, with the value the decision sets and the person it is about
   (0: no one). */
int case_decision_record(Db *db, const Actor *actor, int64_t case_id, const char *type, const char *outcome,
                         const char *rationale, const char *decided_on, const char *approval, const char *about,
                         const char *value, int64_t person_id, int64_t *id);
/* A regional director approves or rejects ("approved"/"rejected"). What an
   approval does: a category becomes the case's; an override clears the
   adviser; a rejected escalation leaves the concern open again. */
int case_decision_approve(Db *db, const Actor *actor, int64_t case_id, int64_t decision_id, const char *approval,
                          const char *note, const char **why);

/* Is the actor a regional director (whose own decisions need no approval)? */
int actor_is_regional_director(Db *db, const Actor *actor);

/* The case's conflict-of-interest checks and overrides, in the order
   recorded (*out is the caller's to free). */
int case_conflict_log(Db *db, int64_t case_id, ConflictCheck **out, size_t *n);
/* Where the adviser stands after the case's conflict-of-interest checks. */
int case_conflict_standing(Db *db, int64_t case_id, int64_t adviser_id, ConflictStanding *out);

/* --- people, status, watchlist ------------------------------------------- */

/* role: "delivery-officer" or "adviser"; user_id 0 removes. */
int case_assign(Db *db, const Actor *actor, int64_t case_id, const char *role, int64_t user_id, const char *reason,
                const char **why);
/* Pauses, resumes, stops or reopens a case on date `on` (yyyy-mm-dd) with
   a reason. Closing is refused here: it needs an outcome (case_close). */
int case_set_status(Db *db, const Actor *actor, int64_t case_id, const char *status, const char *on,
                    const char *reason, const char **why);
/* Closes a case on `on` with an outcome (a CASE_CLOSE_OUTCOMES code) and a
   reason: a decision, audited; its tasks then have no due dates. */
int case_close(Db *db, const Actor *actor, int64_t case_id, const char *outcome, const char *on, const char *reason,
               const char **why);
/* The same inside the caller's transaction (db_begin ... db_commit), for a
   close that records more with it (store/case_closure.h); on an error the
   caller rolls back. */
int case_close_in(Db *db, const Actor *actor, int64_t case_id, const char *outcome, const char *on,
                  const char *reason, const char **why);
int case_watch_set(Db *db, int64_t user_id, int64_t case_id, int watch);
int case_is_watched(Db *db, int64_t user_id, int64_t case_id);

/* Sets up a newly opened case inside screening's transaction: its tasks,
   the identification decision, its delivery officer and watchers. */
int case_on_open(Db *db, const Actor *actor, int64_t case_id, const char *category, const char *rationale);

/* --- engagement concerns ------------------------------------------------- */

typedef struct CaseConcern {
    int64_t id, case_id;
    char *status, *summary, *details, *raised_on, *raised_by, *escalated_on, *steps_taken, *primary_reason,
        *escalation_reason, *escalated_by, *resolved_on, *resolution, *resolved_by;
    int warning_notice, information_powers, ieb; /* -1: not recorded */
    char *escalation_approval;      /* the escalation's approval: NULL (none needed), awaiting, approved, rejected */
    int64_t escalation_decision_id; /* that decision, 0: none */
} CaseConcern;

typedef struct CaseConcernList {
    CaseConcern *items;
    size_t n;
} CaseConcernList;

int case_concerns(Db *db, int64_t case_id, CaseConcernList *out);
int case_concern_get(Db *db, int64_t case_id, int64_t id, CaseConcern *out); /* 1, 0, -1 */
void case_concern_free(CaseConcern *c);
void case_concern_list_free(CaseConcernList *l);

int case_concern_raise(Db *db, const Actor *actor, int64_t case_id, const char *summary, const char *details,
                       const char *raised_on, int64_t *id, const char **why);
typedef struct Escalation {
    const char *on, *steps_taken, *primary_reason, *reason;
    int warning_notice, information_powers, ieb;
} Escalation;
int case_concern_escalate(Db *db, const Actor *actor, int64_t case_id, int64_t id, const Escalation *e,
                          const char **why);
int case_concern_resolve(Db *db, const Actor *actor, int64_t case_id, int64_t id, const char *on,
                         const char *resolution, const char **why);

/* --- contacts ------------------------------------------------------------ */

typedef struct CaseContact {
    int64_t id, case_id;
    char *organisation_kind, *organisation, *name, *role, *email, *phone, *added_at, *added_by;
} CaseContact;

typedef struct CaseContactList {
    CaseContact *items;
    size_t n;
} CaseContactList;

typedef struct ContactFields {
    const char *organisation_kind; /* school, responsible body, diocese, provider */
    const char *organisation, *name, *role, *email, *phone;
} ContactFields;

int case_contacts(Db *db, int64_t case_id, CaseContactList *out); /* current contacts */
int case_contact_get(Db *db, int64_t case_id, int64_t id, CaseContact *out);
void case_contact_free(CaseContact *c);
void case_contact_list_free(CaseContactList *l);
int case_contact_add(Db *db, const Actor *actor, int64_t case_id, const ContactFields *f, int64_t *id,
                     const char **why);
int case_contact_update(Db *db, const Actor *actor, int64_t case_id, int64_t id, const ContactFields *f,
                        const char **why);
int case_contact_remove(Db *db, const Actor *actor, int64_t case_id, int64_t id, const char *reason,
                        const char **why);

/* --- notes --------------------------------------------------------------- */

typedef struct CaseNote {
    int64_t id, case_id, author_id;
    char *body, *author, *created_at, *edited_at;
} CaseNote;

typedef struct CaseNoteList {
    CaseNote *items;
    size_t n;
} CaseNoteList;

int case_notes(Db *db, int64_t case_id, CaseNoteList *out); /* newest first */
int case_note_get(Db *db, int64_t case_id, int64_t id, CaseNote *out);
void case_note_free(CaseNote *n);
void case_note_list_free(CaseNoteList *l);
int case_note_add(Db *db, const Actor *actor, int64_t case_id, const char *body, int64_t *id, const char **why);
/* Refused unless the actor wrote the note. */
int case_note_edit(Db *db, const Actor *actor, int64_t case_id, int64_t id, const char *body, const char **why);

/* --- school holidays ----------------------------------------------------- */

typedef struct SchoolHoliday {
    int64_t id;
    char *name, *starts_on, *ends_on, *added_by;
} SchoolHoliday;

typedef struct SchoolHolidayList {
    SchoolHoliday *items;
    size_t n;
} SchoolHolidayList;

int school_holidays_list(Db *db, SchoolHolidayList *out);
void school_holiday_list_free(SchoolHolidayList *l);
/* The holidays as a Calendar (ranges owned by the caller: free(cal->school_holidays)). */
int school_holidays_calendar(Db *db, Calendar *cal);
/* Adding or removing a holiday recomputes the due dates of open cases. */
int school_holiday_add(Db *db, const Actor *actor, const char *name, const char *starts_on, const char *ends_on,
                       int64_t *id);
int school_holiday_remove(Db *db, const Actor *actor, int64_t id);

/* --- lists --------------------------------------------------------------- */

/* Who is asking: their scope limits every list. */
typedef struct CaseViewer {
    int64_t user_id;
    const char *role;   /* slug */
    const char *region; /* regional roles */
} CaseViewer;

typedef struct CaseFilter {
    const char *programme, *category, *region, *local_authority, *stage, *status, *q;
    int64_t owner_id;   /* delivery officer; 0 any; -1 none assigned */
    int64_t adviser_id; /* 0 any; -1 none allocated */
    int overdue;        /* only cases with an overdue task */
    const char *sort;   /* "opened" (default, newest first), "name", "due", "stage" */
    int descending;     /* reverse the sort */
    const char *today;  /* yyyy-mm-dd */
    int64_t offset, limit; /* limit 0: no limit (CSV export) */
} CaseFilter;

typedef struct CaseListItem {
    int64_t id, subject_id;
    char *programme, *subject_kind, *subject_name, *region, *local_authority, *category, *status, *stage,
        *next_due, *opened_at, *delivery_officer, *adviser;
    int overdue; /* has an overdue task */
    int64_t adviser_id; /* 0: none (for checking scope) */
} CaseListItem;

typedef struct CaseListPage {
    CaseListItem *items;
    size_t n;
    int64_t total; /* matching the filter, before paging */
} CaseListPage;

int cases_list(Db *db, const CaseViewer *v, const CaseFilter *f, CaseListPage *out);
void case_list_page_free(CaseListPage *p);

/* The home page: tasks owned by the user that are open in an in-progress
   case and due by `until` (overdue ones first). */
typedef struct MyTask {
    int64_t case_id;
    char *subject_name, *programme, *code, *title, *due_on, *status;
} MyTask;
typedef struct MyTaskList {
    MyTask *items;
    size_t n;
} MyTaskList;
int my_tasks_due(Db *db, int64_t user_id, const char *until, size_t limit, MyTaskList *out);
void my_task_list_free(MyTaskList *l);

/* Decisions awaiting a regional director's approval in their region. */
typedef struct AwaitingDecision {
    int64_t id, case_id;
    char *subject_name, *type, *outcome, *decided_by, *recorded_at;
} AwaitingDecision;
typedef struct AwaitingList {
    AwaitingDecision *items;
    size_t n;
} AwaitingList;
int decisions_awaiting(Db *db, const char *region, size_t limit, AwaitingList *out);
void awaiting_list_free(AwaitingList *l);

/* The user's cases: as delivery officer or adviser (mine = 1), or on their
   watchlist (mine = 0). */
int cases_for_user(Db *db, int64_t user_id, int mine, const char *today, size_t limit, CaseListPage *out);

/* Users who can be chosen: role slug, and region for regional roles
   (NULL: any). Active accounts only. */
typedef struct UserChoice {
    int64_t id;
    char *name, *email;
} UserChoice;
typedef struct UserChoiceList {
    UserChoice *items;
    size_t n;
} UserChoiceList;
int users_for_role(Db *db, const char *role, const char *region, UserChoiceList *out);
void user_choice_list_free(UserChoiceList *l);

/* Distinct values for the list filters within the viewer's scope. */
int case_filter_values(Db *db, const CaseViewer *v, const char *column, char ***values, size_t *n);
void string_list_free(char **values, size_t n);

#endif
