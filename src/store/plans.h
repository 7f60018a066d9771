/*
 * store/plans.h - a case's plan (issue 13): the working draft, every
 * submitted version, the school's sign-offs, the review and the approval
 * with their comments on fields, the approved plan's PDF, and the national
 * programmes and hubs an action may name.
 *
 * Life of a plan (domain/plans.h says which steps each kind has):
 *   draft --submit--> signing --both signed--> review --accepted--> approval --approved--> approved
 *   (no sign-off: submit goes straight to review; no approval: the review's
 *   acceptance approves). The reviewer or the approver may return it with
 *   comments: status "returned", the draft is editable again and the next
 *   submission is a new version. Every submission freezes a version; the
 *   draft is the provider's working copy and can be saved incomplete.
 *
 * Each change is one transaction with its audit row ("plan.save",
 * "plan.submit", "plan.sign", "plan.review", "plan.return", "plan.approve")
 * and completes the case's task of the matching kind (plan, plan-sign,
 * plan-review, plan-approve), so the due dates and overdue work show on the
 * home pages like every other task. Emails go through the outbox at each
 * hand-over.
 */
#ifndef RISE_STORE_PLANS_H
#define RISE_STORE_PLANS_H

#include "domain/plans.h"
#include "store/casework.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Statuses, as stored. */
#define PLAN_DRAFT "draft"
#define PLAN_SIGNING "signing"
#define PLAN_REVIEW "review"
#define PLAN_APPROVAL "approval"
#define PLAN_APPROVED "approved"
#define PLAN_RETURNED "returned"

/* A task kind the plan completes: plan, plan-sign, plan-review, plan-approve. */
int case_task_kind_is_plan(const char *kind);

/* "Draft", "Waiting for the school's sign-off", ... */
const char *plan_status_label(const char *status);

/* The case's plan: its kind, status, the draft and who last changed it. */
typedef struct PlanRecord {
    int64_t case_id;
    PlanKind kind;
    char status[16];
    int version;       /* the latest submitted version, 0 when never submitted */
    Plan draft;        /* the working copy */
    char *updated_at, *updated_by;
    int64_t organisation_id; /* who writes it: the matched provider (0: none yet) */
    char *organisation;      /* its name */
    PlanParams params;       /* the programme's */
} PlanRecord;

/*
 * Loads the case's plan, or a new empty draft of the kind the case needs
 * (status "draft", version 0, nothing written) when it has none yet.
 * Returns 1 (found or new), 0 when the case's programme has no plan, -1 on
 * a database error.
 */
int plan_load(Db *db, const Case *c, PlanRecord *out);
void plan_record_free(PlanRecord *r);

/* The tier the case was screened for: 1, 2 or 3, or 0 when none (a case
   added by exception; plan_load gives an SI one Tier 2's caps). Claims of
   days (store/claims.h) pay NLE days on Tier 1 cases. */
int plan_case_tier(Db *db, int64_t case_id);

/* The programme's PlanParams (defaults overridden by programme_params). */
int plan_params_load(Db *db, const char *programme, PlanParams *out);

/* May the plan be edited now: draft or returned, and the case in progress.
   NULL when it may, else the sentence the user is shown. */
const char *plan_edit_refusal(const Case *c, const PlanRecord *r);

/* Results, as in casework.h: CW_OK, CW_REFUSED (*why says why),
   CW_NOT_FOUND, CW_ERROR. */

/*
 * Saves the draft (any rule may be broken). `section` names what was saved
 * for the audit row ("areas", "action 3", ...). on_behalf: a caseworker
 * drafting for the provider (recorded as such).
 */
int plan_save(Db *db, const Actor *actor, const Case *c, const Plan *draft, const char *section, const char **why);

/*
 * Submits the draft as a new version: refused while any rule is broken
 * (problems is filled; *why "The plan breaks N rules"). Then the school
 * signs (signing), or the reviewer has it (review).
 */
int plan_submit(Db *db, const Actor *actor, const Case *c, PlanProblems *problems, const char **why);

/* Sign-off roles (002 6.22): the headteacher or trust CEO, and the chair of
   governors. */
#define PLAN_SIGN_HEAD "head"
#define PLAN_SIGN_CHAIR "chair"
/*
 * Records one sign-off of the version being signed: role, the signer's
 * name and the day. The second of the two sends it to review. Refused when
 * the plan is not waiting for sign-off or that role has signed.
 */
int plan_sign(Db *db, const Actor *actor, const Case *c, const char *role, const char *name, const char *on,
              const char **why);

/* A comment on one field (PlanField.path) of the version. */
typedef struct PlanCommentIn {
    const char *path;
    const char *comment;
} PlanCommentIn;

/*
 * The reviewer's view (status "review"): accept (value for money confirmed:
 * to DfE's approval, or approved when the kind has none) with an optional
 * note, or return with a note and comments on fields (at least one of the
 * two). RISE: accepting confirms the final band (final_band, required; a
 * band above what the reserves allow is refused).
 */
int plan_review(Db *db, const Actor *actor, const Case *c, int accept, const char *note,
                const PlanCommentIn *comments, size_t n_comments, PlanBand final_band, const char **why);

/*
 * DfE's decision (status "approval"): approve, or return with a note and
 * comments. TSIO: when the form asks for an NLG governance review,
 * nlg_approved (1 or 0) records DfE's approval of it.
 */
int plan_decide(Db *db, const Actor *actor, const Case *c, int approve, const char *note,
                const PlanCommentIn *comments, size_t n_comments, int nlg_approved, const char **why);

/* RISE: DfE sets the indicative band when sharing the plan template. */
int plan_set_indicative_band(Db *db, const Actor *actor, const Case *c, PlanBand band, const char **why);

/* ---- waiting for someone ----------------------------------------------------- */

/* A plan waiting for a person's review or approval, with the due date of
   that step's task (NULL: none). */
typedef struct PlanWaiting {
    int64_t case_id;
    PlanKind kind;
    char *school, *status, *due_on;
} PlanWaiting;
typedef struct PlanWaitingList {
    PlanWaiting *items;
    size_t n;
} PlanWaitingList;
/*
 * The plans of open cases waiting for this role, soonest due first, at most
 * limit: a delivery partner's reviews in their region (not RISE's), the
 * grant team's RISE final bands (every region), a regional director's
 * approvals in their region; none for another role.
 */
int plans_waiting(Db *db, const char *role, const char *region, int limit, PlanWaitingList *out);
void plan_waiting_list_free(PlanWaitingList *l);

/* ---- the record ------------------------------------------------------------ */

typedef struct PlanVersion {
    int version;
    Plan plan;
    char *submitted_at, *submitted_by;
    int on_behalf;
    char *outcome;                 /* NULL while under way; "returned" or "approved" */
    char *reviewed_at, *reviewed_by, *review_note;
    char *decided_at, *decided_by, *decision_note;
    int has_pdf;
} PlanVersion;
typedef struct PlanVersionList {
    PlanVersion *items;
    size_t n;
} PlanVersionList;
/* Every version, oldest first. */
int plan_versions(Db *db, int64_t case_id, PlanKind kind, PlanVersionList *out);
void plan_version_list_free(PlanVersionList *l);

typedef struct PlanSignoff {
    int version;
    char role[8];
    char *name, *signed_on, *recorded_by;
    int on_behalf;
} PlanSignoff;
typedef struct PlanComment {
    int version;
    char stage[12]; /* "review" or "approval" */
    char *path, *comment, *by, *at;
} PlanComment;
typedef struct PlanTrail {
    PlanSignoff *signoffs;
    size_t n_signoffs;
    PlanComment *comments;
    size_t n_comments;
} PlanTrail;
/* Every sign-off and comment of the case's plan, oldest first. */
int plan_trail(Db *db, int64_t case_id, PlanTrail *out);
void plan_trail_free(PlanTrail *t);

/* The approved version's PDF: store it (once), read it (malloc'd). */
int plan_pdf_store(Db *db, int64_t case_id, int version, const unsigned char *pdf, size_t len);
int plan_pdf_get(Db *db, int64_t case_id, int version, unsigned char **pdf, size_t *len); /* 1, 0 none, -1 */

/* ---- national programmes and hubs (002 6.9-6.11, Annex A) --------------------- */

typedef struct PlanProgramme {
    char *code, *name, *kind; /* kind: "programme" or "hub" */
    char *subject;            /* a PLAN_SUBJECTS code, or NULL */
    char *region;             /* a hub's region, NULL for a national programme */
    char *contact;            /* who to contact and how */
} PlanProgramme;
typedef struct PlanProgrammeList {
    PlanProgramme *items;
    size_t n;
} PlanProgrammeList;
/* All of them (region NULL), or the national programmes and the hubs of
   one region; by name. */
int plan_programmes(Db *db, const char *region, PlanProgrammeList *out);
void plan_programme_list_free(PlanProgrammeList *l);
/* Replaces the list from a CSV file (docs/data-formats.md: Code, Name,
   Kind, Subject, Region, Contact): all or nothing; problems as
   SHOWN:LINE:COLUMN in err (shown: the file's name as the user knows it).
   dry_run checks without writing. Audited. 0 loaded, 1 problems, -1 a
   database error. */
int plan_programmes_import(Db *db, const Actor *actor, const char *path, const char *shown, int dry_run,
                           size_t *count, char *err, size_t errlen);

#endif
