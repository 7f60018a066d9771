/*
 * matching.h - commissioning on a case (issue 12, docs/decisions/0017):
 * the register as domain/matching.h's candidates (match_pool.c), and the
 * life of a match (matching.c): proposed, the provider's answer, the
 * school's answer, due diligence, the appointment, and back to the
 * suggestions on a no. Each change is one transaction with its audit row
 * (object "case"), the task of the matching kind it completes, and the
 * email to whoever acts next.
 *
 * The steps are data: a programme's task templates name the kinds
 * (propose, provider-confirm, school-confirm, due-diligence, appoint,
 * diagnosis) with their due dates; this code completes or reopens the task
 * of that kind, whatever the programme.
 */
#ifndef RISE_STORE_MATCHING_H
#define RISE_STORE_MATCHING_H

#include "domain/matching.h"
#include "store/audit.h"
#include "store/casework.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* ---- reading ------------------------------------------------------------- */

/* Every provider on the register as a candidate for term, what is held of
   its capacity counted without case except_case (0: every case). The pool
   owns all the strings and arrays the candidates point at. */
typedef struct MatchPool {
    Candidate *c;
    size_t n;
    int term;
    void *store; /* the memory behind the pointers */
} MatchPool;
int match_pool_load(Db *db, int term, int64_t except_case, MatchPool *out);
void match_pool_free(MatchPool *p);
/* The candidate with that organisation id, or NULL. */
const Candidate *match_pool_find(const MatchPool *p, int64_t id);

/* What matching needs to know of a case (its school, needs, place, the
   programme's parameters, who refused it). */
typedef struct MatchCaseData {
    MatchCase m;
    int terms;     /* how many terms a match runs (match_terms) */
    char region[64], la_code[8], programme[64];
    char needs_from[200]; /* where the needs come from: "its inspection of 12 March 2025" */
    int64_t refused[64];
} MatchCaseData;
int match_case_load(Db *db, const Case *c, MatchCaseData *out);

/* A case's matches, newest first: every organisation proposed for it and
   where that stands. */
typedef struct CaseMatch {
    int64_t organisation_id;
    char *name, *org_type, *status, *since, *term, *reason, *own_trust_reason, *score_words, *proposed_by,
        *proposed_at, *updated_by;
    int terms, days, score;
} CaseMatch;
typedef struct CaseMatchList {
    CaseMatch *items;
    size_t n;
} CaseMatchList;
int case_matches(Db *db, int64_t case_id, CaseMatchList *out);
void case_match_list_free(CaseMatchList *l);
/* The match under way (proposed, accepted, agreed or matched), or NULL. */
const CaseMatch *case_match_live(const CaseMatchList *l);
/* "Proposed: waiting for the provider", ... for pages. */
const char *case_match_status_label(const char *status);

/* Propose, provider-confirm, school-confirm and appoint: steps done on the
   matching page, not through the task form. */
int case_task_kind_is_matching(const char *kind);

/* The task of a kind on the case (the first, in programme order), or NULL. */
const CaseTask *case_task_of_kind(const CaseTaskList *l, const char *kind);

/* ---- the steps ----------------------------------------------------------- */

/*
 * Proposes organisation org_id for the case: refused unless the propose
 * task can start, nothing else is under way, and the provider passes every
 * hard rule (its own trust only with own_trust_reason). Records the term
 * (the term of today), its days and terms, its score in words, completes
 * the propose task, and emails the provider's people.
 */
int match_propose(Db *db, const Actor *actor, int64_t case_id, int64_t org_id, const char *own_trust_reason,
                  const char **why);

/*
 * The provider's answer to the proposal: yes (it can support, no conflict)
 * or no with a reason. Given by the provider's own people, or recorded by a
 * caseworker on its behalf (the decision says which). No sends the case
 * back to the suggestions: the provider is never suggested for it again.
 */
int match_provider_answer(Db *db, const Actor *actor, int64_t case_id, int64_t org_id, int yes, const char *reason,
                          const char **why);

/* The school's (or its responsible body's) answer to the match: yes, or no
   with a reason (back to the suggestions). */
int match_school_answer(Db *db, const Actor *actor, int64_t case_id, int yes, const char *reason, const char **why);

/* Withdraws the match under way, with a reason (back to the suggestions;
   the provider may be proposed again). */
int match_withdraw(Db *db, const Actor *actor, int64_t case_id, const char *reason, const char **why);

/*
 * Appoints the agreed provider (the appoint task). When the task's role is
 * the regional director's and the actor is not one, it waits for their
 * approval (a decision "appointment"); otherwise it is matched at once.
 */
int match_appoint(Db *db, const Actor *actor, int64_t case_id, const char *note, const char **why);

/* Inside case_decision_approve's transaction: an appointment approved makes
   the match, rejected leaves it agreed. */
int match_appointment_settled(Db *db, const Actor *actor, int64_t case_id, int approved, const char *today);

/* Inside a status change's transaction: a stopped or closed case's match
   ends (its capacity is released); reopened, an ended match is matched
   again. */
int match_case_status_changed(Db *db, int64_t case_id, const char *status);

/* Whether the live provider's due diligence is current (for the
   due-diligence task): NULL when it is, else the sentence to show. */
const char *match_due_diligence_refusal(Db *db, int64_t case_id, int *error);

/* ---- the batch ----------------------------------------------------------- */

/* One case of a region's batch and the provider proposed for it. */
typedef struct BatchRow {
    int64_t case_id;
    char *subject;
    int64_t org_id; /* 0: none */
    char *org_name;
    int score;
    char *words;
    /* the best others for the case, by score, for a person to choose from */
#define BATCH_ALTERNATIVES 4
    int64_t alt_id[BATCH_ALTERNATIVES];
    char *alt_name[BATCH_ALTERNATIVES];
    size_t n_alts;
} BatchRow;
typedef struct BatchPlan {
    BatchRow *rows;
    size_t n;
    size_t matched;
    size_t providers; /* candidates considered */
    int term;
} BatchPlan;
/*
 * The best assignment for the region's cases waiting for a proposal (open,
 * their propose task not started): match_batch over every candidate. With
 * only (n_only > 0), just those cases.
 */
int match_batch_plan(Db *db, const char *region, const int64_t *only, size_t n_only, BatchPlan *out);
void batch_plan_free(BatchPlan *p);

/*
 * Who is told of a step on a case, each by one email of template `key`
 * ("match-step", "plan-step") with the page to act on (NULL: their case's
 * page): every active account of a provider; of the case's school and its
 * responsible body; the case's delivery officer and adviser (never the
 * actor). 0, or -1 on a database error.
 */
int case_tell_provider(Db *db, const Actor *actor, const char *key, int64_t org_id, int64_t case_id,
                       const char *what, const char *page);
int case_tell_school(Db *db, const Actor *actor, const char *key, const Case *c, const char *what, const char *page);
int case_tell_team(Db *db, const Actor *actor, const char *key, const Case *c, const char *what, const char *page);

#endif
