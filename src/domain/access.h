/*
 * access.h - who may do what: roles, permissions and the one authorisation
 * function that decides every request (DOMAIN.md section 4).
 *
 * Pure: no I/O. The web layer declares every route with a Perm and asks
 * authorise() before running it; a route without a permission cannot be
 * declared (PERM_NONE is refused by the router at start-up and here).
 */
#ifndef RISE_ACCESS_H
#define RISE_ACCESS_H

#include <stddef.h>
#include <stdint.h>

typedef enum Role {
    ROLE_NONE = 0, /* not signed in */
    ROLE_DELIVERY_OFFICER,
    ROLE_ADVISER,
    ROLE_REGIONAL_DIRECTOR,
    ROLE_DELIVERY_PARTNER,
    ROLE_GRANT_TEAM,
    ROLE_SUPPORTING_ORGANISATION,
    ROLE_SCHOOL,
    ROLE_ANALYST,
    ROLE_ADMIN,
    ROLE_COUNT
} Role;

/* "delivery-officer" etc.; NULL for ROLE_NONE. */
const char *role_slug(Role r);
/* "Delivery officer" etc., for pages. */
const char *role_label(Role r);
/* One line on what the role does, for the user-administration pages. */
const char *role_description(Role r);
/* ROLE_NONE when the slug is unknown. */
Role role_from_slug(const char *slug);
/* Roles whose scope is a region (they must have one). */
int role_needs_region(Role r);
/* External roles: their scope is an organisation (supporting organisation)
   or a school/trust (school), which they must have. */
int role_needs_organisation(Role r);

/* What an external account's organisation is (users.org_kind): a school by
   its URN, a responsible body (a trust by its group UID, a local authority
   by its code) or a supporting organisation or system leader (an
   organisations row's id). */
typedef enum OrgKind {
    ORG_NONE = 0,
    ORG_SCHOOL,
    ORG_TRUST,
    ORG_LA,
    ORG_PROVIDER,
    ORG_KIND_COUNT
} OrgKind;
/* "school", "trust", "la", "provider"; NULL for ORG_NONE. */
const char *org_kind_slug(OrgKind k);
/* "A school's staff" ... for pages. */
const char *org_kind_label(OrgKind k);
OrgKind org_kind_from_slug(const char *slug); /* ORG_NONE when unknown */
/* The role an account of that kind has: schools and responsible bodies are
   ROLE_SCHOOL, supporting organisations ROLE_SUPPORTING_ORGANISATION. */
Role org_kind_role(OrgKind k);
/* 1 when ref is a valid reference for the kind: a URN or group UID (a
   whole number from 1 to 99999999), an LA code (three digits), or an
   organisation id (a whole number). */
int org_ref_valid(OrgKind k, const char *ref);

/* The nine regions of England as GIAS names them ("GOR"). */
extern const char *const REGIONS[9];
int region_valid(const char *name);

typedef enum Perm {
    PERM_NONE = 0,     /* undeclared: always denied */
    PERM_PUBLIC,       /* anyone, signed in or not */
    PERM_SIGNED_IN,    /* any signed-in user */
    PERM_USERS_MANAGE, /* create, change, disable accounts */
    PERM_AUDIT_READ,   /* read any object's history */
    PERM_REFDATA_READ, /* schools, trusts and inspections (public reference data) */
    PERM_REFDATA_IMPORT, /* load reference data files */
    PERM_SCREENING_READ, /* the screening queue and its evidence */
    PERM_SCREENING_DECIDE, /* open a case from screening, set aside, add by exception (own region) */
    PERM_CASES_READ,   /* see cases (scoped: region, or allocated adviser) */
    PERM_CASES_WORK,   /* add notes and contacts on a case in scope */
    PERM_CASES_MANAGE, /* tasks, decisions, concerns, people and status of a case in scope */
    PERM_CASES_APPROVE, /* approve decisions that need the regional director */
    PERM_SETTINGS_MANAGE, /* programme settings such as school holidays */
    PERM_PEOPLE_INVITE, /* invite people outside DfE (a school in own region, or anyone for admins) */
    PERM_CASE_EXTERNAL, /* see a case's page for its school, responsible body or provider */
    PERM_CASE_RESPOND,  /* answer for the school: accept or decline support, agree to a match */
    PERM_PROVIDERS_READ,   /* the register of supporting organisations and people (issue 12) */
    PERM_PROVIDERS_MANAGE, /* add and change them, their checks, capacity and contacts; import a survey */
    PERM_CASES_MATCH,      /* suggestions, proposing and recording a match on a case in scope (or a region's batch) */
    PERM_CASE_TASK,        /* save a task of a case in scope whose role (Scope.task_role) is the person's to do */
    PERM_CASE_PROVIDER_ANSWER, /* a provider's own answer: can support, or not */
    PERM_PLAN_READ,    /* read a case's plan: caseworkers in scope, the grant team, analysts, and the case's school,
                          responsible body and providers */
    PERM_PLAN_WRITE,   /* draft and submit the plan: the matched provider, or a caseworker on its behalf */
    PERM_PLAN_SIGN,    /* sign the plan off: the school or its responsible body, or a caseworker on its behalf */
    PERM_PLAN_REVIEW,  /* review it for value for money: the reviewer role of the plan (Scope.task_role) */
    PERM_PLAN_APPROVE, /* approve it or return it: the regional director in the region */
    PERM_GRANTS_READ,  /* a case's grants and claims: caseworkers in scope, the grant team, analysts, admins, the
                          case's school and responsible body, the provider matched to it and the grant's payee */
    PERM_GRANTS_MANAGE, /* the grant team: offer letters, payment runs, budgets, vendor accounts, returns, recovery */
    PERM_FINANCE_READ,  /* payment runs, budgets and the ledger of all regions: the grant team, analysts, admins */
    PERM_GRANT_PROGRESS, /* a term's progress confirmed, a payment withheld or released: caseworkers in scope and the
                            grant team */
    PERM_GRANT_ACCEPT,  /* accept an offer, send a return: the grant's payee (Scope.payee_kind/ref), or the grant team
                           recording it on their behalf */
    PERM_CLAIM_SUBMIT,  /* claim days: the provider matched to the case, the allocated adviser, or a caseworker in
                           scope on their behalf */
    PERM_CLAIM_DECIDE,  /* approve or reject a claim: a delivery officer or regional director in scope, the grant team */
    PERM_REVIEW_WRITE,  /* write a termly review: the provider matched to the case, or a caseworker in scope on its
                           behalf (issue 15) */
    PERM_REVIEW_DECIDE, /* accept or return a review: the allocated adviser, a delivery officer, regional director or
                           delivery partner in scope */
    PERM_COUNT
} Perm;

const char *perm_name(Perm p);

/* The signed-in person as authorisation sees them. */
typedef struct Principal {
    int64_t user_id; /* 0 when not signed in */
    Role role;
    const char *region;       /* for regional roles */
    const char *organisation; /* for external roles: the reference for org_kind */
    OrgKind org_kind;         /* for external roles; ORG_NONE: sees no case */
} Principal;

/* What an object belongs to, when the permission is about one object. */
typedef struct Scope {
    /* The region recorded with the object: a case's region, a screening
       decision's region (where it was made, which a later GIAS import does
       not change), or a school or trust's region for a decision still to
       make. */
    const char *region;
    const char *organisation;
    int64_t adviser_id; /* a case's allocated adviser (0: none) */
    /* For the people outside DfE (issue 11 item 4): the case's school (its
       URN; 0 for a trust's case), its responsible body (the trust's group
       UID for an academy or a trust's own case; the local authority's code
       for a maintained school) and the organisations proposed for or
       matched to it. */
    int64_t urn;
    int64_t rb_trust_uid;
    const char *rb_la_code;
    const int64_t *providers;
    size_t n_providers;
    /* For PERM_CASE_TASK: the role the task's template names ("adviser",
       "delivery-partner", ...); NULL asks whether the person may do some
       task of the case (the task itself is then asked with its role). */
    const char *task_role;
    /* For the plan (issue 13): the organisation matched to the case, which
       writes its plan (0: none yet). */
    int64_t plan_author;
    /* For a grant (issue 14): who it is paid to, as payees.kind ("provider",
       "trust", "la", "person") and payees.ref (the organisation's id, the
       trust's group UID, the LA's code, the person's user id); NULL: none. */
    const char *payee_kind;
    const char *payee_ref;
} Scope;

typedef enum Access {
    ACCESS_ALLOW = 0,
    ACCESS_LOGIN, /* not signed in: send to the sign-in page */
    ACCESS_DENY,  /* signed in, but not allowed: 403 */
} Access;

/* Decides whether p may do perm (on the object in scope, when given). */
Access authorise(const Principal *p, Perm perm, const Scope *scope);

#endif
