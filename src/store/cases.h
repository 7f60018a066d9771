/*
 * cases.h - support cases (one school or trust supported under one
 * programme) and the screening decisions that open them or set a
 * suggestion aside. Every write is audited in the same transaction.
 *
 * Only what screening needs is here: opening a case, and reading which
 * schools and trusts already have one. The life of a case (tasks, contacts,
 * concerns, status changes) is added on top of this table later.
 */
#ifndef RISE_CASES_H
#define RISE_CASES_H

#include "domain/access.h"
#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* What a screening decision was about. */
typedef struct Subject {
    const char *programme; /* "si-2019-20", "tsio-2022-23", "rise" */
    const char *kind;      /* "school" or "trust" */
    int64_t id;            /* URN or group UID */
    const char *name;
    const char *region;
    const char *local_authority;
} Subject;

typedef struct Decision {
    const char *decision;  /* "open-case" or "set-aside" */
    const char *route;     /* "screening" or "exception" */
    const char *suggested; /* the rules' outcome, e.g. "tier-2", "targeted"; NULL by exception */
    const char *rule;      /* the rule that fired; NULL by exception */
    const char *category;  /* RISE: the category the team confirmed */
    const char *exception_source; /* by exception: "self-identified" or "regional-director" */
    const char *reason;    /* the rationale, always required */
    const char *as_at;     /* the date the rules were run for (yyyy-mm-dd) */
} Decision;

enum { CASE_OK = 0, CASE_ERROR = -1, CASE_ALREADY_OPEN = -2, CASE_ALREADY_DECIDED = -3 };

/*
 * Records a decision; for "open-case" also opens the case (refused with
 * CASE_ALREADY_OPEN when the subject has an open case in that programme).
 * *case_id gets the new case's id (0 for set-aside).
 */
int screening_decide(Db *db, const Actor *actor, const Subject *s, const Decision *d, int64_t *case_id);

/* The latest decision about a subject in a programme: 1 found, 0 none. */
typedef struct DecisionRow {
    int64_t id, case_id, subject_id;
    char *programme, *kind, *decision, *route, *suggested, *category, *reason, *decided_by, *decided_at,
        *exception_source, *subject_name;
    /* Its scope: the region it was made in (NULL when never known), and the
       adviser allocated to the case it opened (0: none). */
    char *region;
    int64_t case_adviser_id;
} DecisionRow;

int screening_latest(Db *db, const char *programme, const char *kind, int64_t id, DecisionRow *out);
void decision_row_free(DecisionRow *r);

/* The scope authorise() reads a recorded decision in: its own region and
   its case's adviser, not the school's region today. */
Scope decision_scope(const DecisionRow *d);

/* Every decision about a school or trust, newest first (for its page). */
typedef struct DecisionList {
    DecisionRow *items;
    size_t n;
} DecisionList;
int screening_for_subject(Db *db, const char *kind, int64_t id, DecisionList *out);
void decision_list_free(DecisionList *l);

/*
 * The subjects in a programme that already have a decision (a case opened
 * or set aside), as "kind:id" keys in a sorted array for bsearch, and the
 * subjects with a case under any other programme (supported before).
 */
typedef struct SubjectSet {
    char **keys; /* "kind:id|note", sorted; the note is what subject_set_find returns */
    size_t n;
} SubjectSet;
int screening_decided(Db *db, const char *programme, SubjectSet *decided);
int supported_elsewhere(Db *db, const char *programme, SubjectSet *other);
const char *subject_set_find(const SubjectSet *s, const char *kind, int64_t id); /* note, or NULL */
void subject_set_free(SubjectSet *s);

#endif
