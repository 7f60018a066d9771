/*
 * providers.h - the register of supporting organisations and people
 * (issue 12): organisations rows with their GIAS link, the places and
 * local authorities they serve, phases and expertise; a person's leaders
 * row; capacity per term and what matches hold of it; due-diligence
 * checks; contacts; declared conflicts; the cases each has been proposed
 * for; and the import of a capacity survey (provider_survey.c).
 *
 * Every change is one transaction with its audit row (object_type
 * "organisation", object_id the organisations row's id). The *_tx
 * functions run inside the caller's transaction (the survey import runs
 * many in one); the others begin and commit their own.
 */
#ifndef RISE_STORE_PROVIDERS_H
#define RISE_STORE_PROVIDERS_H

#include "core/date.h"
#include "domain/register.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/import.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum {
    PROV_OK = 0,
    PROV_ERROR = -1,
    PROV_NOT_FOUND = 1,
    PROV_NAME_TAKEN = 2, /* another organisation or person has the name (any case) */
    PROV_CLASH = 3,      /* the conflict or contact is there already */
};

/* What a form or a survey row sets on an organisations row. Lists are as
   stored: regions 'A;B', local authorities '391,392', phases and expertise
   codes separated by ','. */
typedef struct ProviderFields {
    const char *name;
    const char *org_type;          /* a MATCH_ORG_TYPES code ("person" for a person) */
    int64_t group_uid, urn;        /* 0: none */
    const char *la_code;           /* NULL or "": none */
    const char *regions, *local_authorities, *phases, *expertise;
    const char *notes;
} ProviderFields;

/* A person's own details (their leaders row). */
typedef struct PersonFields {
    const char *designation;   /* MATCH_DESIGNATIONS code */
    const char *designated_on; /* yyyy-mm-dd or NULL */
    const char *email;
    int64_t urn, trust_uid;    /* their school or trust (0: none) */
    int64_t day_rate_pence;    /* -1: not given */
    int64_t user_id;           /* a RISE adviser's account (0: none) */
} PersonFields;

typedef struct Provider {
    int64_t id;
    char *name, *kind, *org_type; /* org_type NULL for a row made before the register */
    int64_t group_uid, urn;
    char *la_code, *regions, *local_authorities, *phases, *expertise, *notes;
    int has_location;
    int64_t easting, northing;
    int active;
    char *created_at, *created_by, *updated_at;
    char *link_name; /* the linked school's, trust's or local authority's name in GIAS, or NULL */
    int is_person;
    struct {
        int64_t id;
        char *designation, *designated_on, *email;
        int64_t urn, trust_uid, day_rate_pence /* -1: none */, user_id;
        char *school_name, *trust_name, *user_name;
    } person;
} Provider;

/* 1 found, 0 not, -1 error. */
int provider_get(Db *db, int64_t id, Provider *out);
void provider_free(Provider *p);
/* The id of the organisation or person with this name (any case): 1, 0 none, -1 error. */
int provider_id_by_name(Db *db, const char *name, int64_t *id);

/*
 * GIAS checks, for forms and the survey. Each returns 0 when fine, 1 with a
 * sentence in msg for the person who typed it, -1 on a database error.
 * provider_link_check: the reference the organisation type needs (a group
 * UID some school names as its trust or federation, or a group in the
 * groups file; a URN; an LA code some school has). provider_las_check:
 * every code in las ('391,392') is some school's local authority.
 */
int provider_link_check(Db *db, const char *org_type, int64_t group_uid, int64_t urn, const char *la_code, char *msg,
                        size_t msglen);
int provider_las_check(Db *db, const char *las, char *msg, size_t msglen);
int provider_person_link_check(Db *db, int64_t urn, int64_t trust_uid, char *msg, size_t msglen);

/* Where it is (British National Grid metres) from GIAS: a school's own
   place; a trust's or federation's mean of its open schools; a local
   authority's mean of its open schools; a person's school, else their
   trust's mean. 1 found, 0 unknown, -1 error. */
int provider_locate(Db *db, const char *org_type, int64_t group_uid, int64_t urn, const char *la_code, int64_t *easting,
                    int64_t *northing);

/*
 * Adds an organisation, or a person (person != NULL: org_type 'person',
 * kind 'system-leader', and their leaders row), audited
 * ("organisation.create" / "person.create") with every value set.
 * Location derived. PROV_NAME_TAKEN when the name is in use.
 */
int provider_create_tx(Db *db, const Actor *actor, const ProviderFields *f, const PersonFields *person,
                       const char *reason, int64_t *id);
int provider_create(Db *db, const Actor *actor, const ProviderFields *f, const PersonFields *person,
                    const char *reason, int64_t *id);
/* Changes one: every field given replaces the stored one; audited with the
   fields that changed (nothing changed: no audit row). */
int provider_update_tx(Db *db, const Actor *actor, int64_t id, const ProviderFields *f, const PersonFields *person,
                       const char *reason, int *changed);
int provider_update(Db *db, const Actor *actor, int64_t id, const ProviderFields *f, const PersonFields *person,
                    const char *reason);
/* Takes it off the register (active 0) or puts it back, with the reason. */
int provider_set_active(Db *db, const Actor *actor, int64_t id, int active, const char *reason);

/* ---- capacity ----------------------------------------------------------- */

/* What it offers in a term, and what its matches hold. */
typedef struct TermCapacity {
    int term;          /* index (domain/matching.h) */
    int offered;       /* 0: nothing given for the term */
    int schools, days; /* offered */
    int schools_held, days_held;
    char *source;      /* where the figure came from ("form", "capacity survey FILE") */
    char *updated_at;
} TermCapacity;

/* Sets (or replaces) the offer for a term (code "2026-autumn"), audited
   ("organisation.capacity"); *changed 0 when it was already that. */
int provider_capacity_set_tx(Db *db, const Actor *actor, int64_t id, const char *term, int schools, int days,
                             const char *source, int *changed);
int provider_capacity_set(Db *db, const Actor *actor, int64_t id, const char *term, int schools, int days,
                          const char *source);
/* Terms first .. first+n-1 into out[n]. Free with provider_capacity_free. */
int provider_capacity_terms(Db *db, int64_t id, int first, int n, TermCapacity *out);
void provider_capacity_free(TermCapacity *t, int n);

/* ---- due diligence ------------------------------------------------------ */

typedef struct ProviderCheck {
    int64_t id;
    CheckKind kind;
    char *outcome, *checked_on, *expires_on, *checked_by, *notes, *recorded_by, *recorded_at;
} ProviderCheck;

typedef struct ProviderCheckList {
    ProviderCheck *items; /* newest first: by date checked, then by entry */
    size_t n;
} ProviderCheckList;

int provider_checks(Db *db, int64_t id, ProviderCheckList *out);
void provider_check_list_free(ProviderCheckList *l);
/* The latest entry of each kind (NULL when none) from a list. */
void provider_latest_checks(const ProviderCheckList *l, const ProviderCheck *latest[CHECK_KIND_COUNT]);
/* Each kind's standing on today. */
void provider_check_states(const ProviderCheckList *l, Date today, CheckState out[CHECK_KIND_COUNT]);

typedef struct ProviderCheckFields {
    CheckKind kind;
    const char *outcome, *checked_on, *expires_on /* NULL: none */, *checked_by, *notes;
} ProviderCheckFields;
/* Records a check (every entry kept), audited ("organisation.check"). */
int provider_check_add(Db *db, const Actor *actor, int64_t id, const ProviderCheckFields *f);

/* The working days programme parameter rise/vendor_account_days (20 when
   not set). */
int provider_vendor_days(Db *db);

/* ---- contacts and conflicts ---------------------------------------------- */

typedef struct ProviderContact {
    int64_t id;
    char *name, *role, *email, *phone;
    int main;
} ProviderContact;

typedef struct ProviderContactList {
    ProviderContact *items; /* the main contact first, then by name */
    size_t n;
} ProviderContactList;

int provider_contacts(Db *db, int64_t id, ProviderContactList *out);
void provider_contact_list_free(ProviderContactList *l);
typedef struct ProviderContactFields {
    const char *name, *role, *email, *phone;
    int main; /* 1: the main contact (any other loses it) */
} ProviderContactFields;
/* Audited ("organisation.contact"). */
int provider_contact_add_tx(Db *db, const Actor *actor, int64_t id, const ProviderContactFields *f, const char *reason);
int provider_contact_add(Db *db, const Actor *actor, int64_t id, const ProviderContactFields *f);
/* 1 when it already has a contact with this email or, without one, this name. */
int provider_contact_exists(Db *db, int64_t id, const char *name, const char *email);

typedef struct ProviderConflict {
    char *kind; /* school, trust, la */
    char *ref, *note, *declared_on;
    char *name; /* the school's, trust's or local authority's name, or NULL */
} ProviderConflict;

typedef struct ProviderConflictList {
    ProviderConflict *items;
    size_t n;
} ProviderConflictList;

int provider_conflicts(Db *db, int64_t id, ProviderConflictList *out);
void provider_conflict_list_free(ProviderConflictList *l);
/* kind school (ref a URN), trust (a group UID) or la (a code); the store
   does not check GIAS (provider_link_check does). PROV_CLASH when declared
   already. Audited ("organisation.conflict", "organisation.conflict-removed"). */
int provider_conflict_add(Db *db, const Actor *actor, int64_t id, const char *kind, const char *ref, const char *note,
                          const char *declared_on);
int provider_conflict_remove(Db *db, const Actor *actor, int64_t id, const char *kind, const char *ref,
                             const char *reason);

/* ---- what it is and has done ---------------------------------------------- */

/* Its own schools in GIAS (a school itself; a trust's, federation's or
   local authority's open schools), at most limit, by name; *total all. */
typedef struct OwnSchool {
    int64_t urn;
    char *name, *phase, *status, *la_name;
} OwnSchool;
typedef struct OwnSchoolList {
    OwnSchool *items;
    size_t n;
    int64_t total;
} OwnSchoolList;
int provider_own_schools(Db *db, const Provider *p, size_t limit, OwnSchoolList *out);
void own_school_list_free(OwnSchoolList *l);

/* Every case it has been proposed for or matched to, newest first. */
typedef struct ProviderCase {
    int64_t case_id;
    char *subject_name, *programme, *region, *case_status, *closure_outcome;
    int64_t adviser_id;
    char *match_status, *since, *term;
    int terms, days;
} ProviderCase;
typedef struct ProviderCaseList {
    ProviderCase *items;
    size_t n;
} ProviderCaseList;
int provider_cases(Db *db, int64_t id, ProviderCaseList *out);
void provider_case_list_free(ProviderCaseList *l);

/* ---- the register, listed ------------------------------------------------- */

typedef struct ProviderFilter {
    int people;            /* 1: people only; 0: organisations only */
    const char *org_type;  /* NULL/"": any */
    const char *designation;
    const char *region;    /* a REGIONS name */
    const char *expertise; /* a code */
    const char *phase;     /* a code */
    int active;            /* 1 on the register, 0 taken off, -1 both */
    const char *q;         /* part of the name, any case */
    int term;              /* the term whose capacity is shown */
    Date today;            /* for the checks' standing */
} ProviderFilter;

typedef struct ProviderRow {
    int64_t id;
    char *name, *org_type, *regions, *expertise, *phases;
    int active;
    TermCapacity cap; /* in filter.term */
    CheckState checks[CHECK_KIND_COUNT];
    char *designation, *email;
    int64_t day_rate_pence;
    char *works_at; /* a person's school or trust, by name */
} ProviderRow;

typedef struct ProviderList {
    ProviderRow *items;
    size_t n;
} ProviderList;

int provider_list(Db *db, const ProviderFilter *f, ProviderList *out);
void provider_list_free(ProviderList *l);

/* Accounts with the adviser role, for linking a RISE adviser to their
   user account: ids and names, by name. */
typedef struct AdviserAccount {
    int64_t id;
    char *name, *email;
} AdviserAccount;
typedef struct AdviserAccountList {
    AdviserAccount *items;
    size_t n;
} AdviserAccountList;
int provider_adviser_accounts(Db *db, AdviserAccountList *out);
void adviser_account_list_free(AdviserAccountList *l);

/* ---- the capacity survey (provider_survey.c; docs/data-formats.md) -------- */

typedef struct SurveyResult {
    long rows;
    long orgs_created, orgs_updated, people_created, people_updated, unchanged;
    long capacity_set, contacts_added;
    ImportProblem problems[IMPORT_MAX_PROBLEMS];
    int nproblems;
    long total_problems;
    char fatal[512]; /* the file could not be read at all */
} SurveyResult;

/*
 * Checks every row of a capacity survey and, when all are good (and not
 * dry_run), creates or updates each organisation or person (by name, any
 * case) and sets its capacity for the term, all in one transaction.
 * Returns 0 committed (or, dry_run, would commit), 1 rejected because of
 * problems (nothing written; each problem FILE:LINE:COLUMN), -1 when the
 * file cannot be read or lacks a required column (res->fatal).
 * display_name names the file in messages and in the audit trail.
 */
int survey_import(Db *db, const Actor *actor, const char *path, const char *display_name, int dry_run,
                  SurveyResult *res);
/* "FILE:LINE:COLUMN: reason" lines, then the summary line. */
void survey_print(FILE *f, const char *name, const SurveyResult *res, int committed, int dry_run);
/* The summary in words: "created 2 organisations and 1 person, updated 3, set 6 terms' capacity". */
void survey_summary(const SurveyResult *res, char *out, size_t outlen);

#endif
