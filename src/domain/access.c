/*
 * access.c - roles and the authorisation decision. See access.h.
 *
 * Interpretation of DOMAIN.md section 4 for the permissions that exist so
 * far (later issues add case, school and grant permissions here):
 * - managing users is the administrator's alone ("administrator: users,
 *   reference data, programme settings");
 * - reading the audit trail is for administrators and the national analyst /
 *   auditor ("reports, exports, audit trail"), both across all regions;
 * - reference data (schools, trusts, inspections) is read by every internal
 *   role; the external roles (supporting organisations, schools) see only
 *   their own cases, which come later, so not the national lists;
 * - loading reference data is the administrator's ("reference data");
 * - the screening queue is read by those who find and approve cases in a
 *   region (delivery officers, regional directors, delivery partners) and
 *   by analysts and administrators nationally; a decision on it is recorded
 *   by "a delivery officer or regional director" (issue 4), each in their
 *   own region: asked with a scope (the school or trust's region), the
 *   decision is allowed only there;
 * - a screening decision, once recorded, is read like a case: its scope is
 *   the region recorded with the decision (and the adviser allocated to the
 *   case it opened), not the region GIAS gives the school today, so a school
 *   that moves region does not take its decisions with it (issue 10,
 *   docs/decisions/0009);
 * - cases (issue 5): "delivery officers, regional directors and delivery
 *   partners work within their region; advisers see only cases allocated to
 *   them; analysts read everything and change nothing; external roles see
 *   nothing yet". The grant team and administrators read every case (their
 *   rows of section 4 say "all regions" and "all") and change none: no step
 *   of theirs is built yet. Within scope, delivery officers and regional
 *   directors run the case (tasks, decisions, concerns, people, status);
 *   delivery partners and the allocated adviser add notes and contacts;
 *   only a regional director approves ("approves category, match,
 *   plans; escalations"). A permission asked without a scope (a list page)
 *   is decided on the role alone, and the list is filtered to the scope;
 * - programme settings (school holidays) are the administrator's;
 * - people outside DfE (issue 11 item 4, docs/decisions/0016): a delivery
 *   officer invites the staff of a school, trust or local authority in
 *   their own region (asked with that region as the scope), or of any
 *   supporting organisation (asked without one); an administrator invites
 *   anyone. An external account sees a case only through its own pages
 *   (PERM_CASE_EXTERNAL), never the caseworkers' case pages: a school's
 *   staff see their school's cases; a trust's staff the trust's own case
 *   and its academies' cases; a local authority's staff its maintained
 *   schools' cases (an academy in its area is the trust's); a supporting
 *   organisation's staff the cases it is proposed for or matched to. The
 *   school's acceptance or refusal of support (PERM_CASE_RESPOND) is given
 *   by the school's staff or its responsible body's, as the task says ("the
 *   school or trust confirms"); a provider never gives it. An account with
 *   no organisation kind (made before decision 0016) sees no case;
 * - commissioning (issue 12, docs/decisions/0017): every internal role
 *   reads the register of supporting organisations and people (the grant
 *   team needs vendor accounts, analysts the outcomes); delivery officers,
 *   regional directors, delivery partners ("matching") and administrators
 *   keep it. The register is national: a provider serves several regions.
 *   Matching on a case (suggestions, proposing, recording an answer on
 *   someone's behalf, a region's batch) is for those who run the case in
 *   its region, the delivery partner ("matching") and the allocated RISE
 *   adviser ("recommends supporting organisation"). A task is saved by a
 *   delivery officer or regional director in the region, or by the
 *   delivery partner or allocated adviser when the task's role is theirs
 *   (the TSC's and RDP's steps; the adviser's diagnosis). A provider's
 *   staff answer for their own organisation only on a case it is proposed
 *   for; a school's staff or responsible body agree to a match
 *   (PERM_CASE_RESPOND);
 * - plans (issue 13, decision 0018): the provider matched to the case
 *   writes its plan (PERM_PLAN_WRITE) and, with the school and its
 *   responsible body, reads it (PERM_PLAN_READ, as does every internal role
 *   that reads cases); the school or its responsible body signs it off
 *   (PERM_PLAN_SIGN); a delivery officer, regional director, delivery
 *   partner or the allocated adviser may draft or record a sign-off on
 *   someone's behalf; the reviewer is the role the plan's kind names
 *   (Scope.task_role: the delivery partner in the region, or the grant
 *   team for RISE's final band: PERM_PLAN_REVIEW); the regional director
 *   approves (PERM_PLAN_APPROVE);
 * - grants (issue 14, decision 0019): the grant team alone offers, pays,
 *   budgets and recovers (PERM_GRANTS_MANAGE) and, with analysts and
 *   admins, reads every region's money (PERM_FINANCE_READ); a case's grants
 *   are read as its plan is, and by the grant's payee (PERM_GRANTS_READ);
 *   the payee accepts the offer and sends its returns (PERM_GRANT_ACCEPT,
 *   or the grant team records it for them); caseworkers in scope confirm a
 *   term's progress or withhold (PERM_GRANT_PROGRESS); the matched provider
 *   or the allocated adviser claims days, or a caseworker for them
 *   (PERM_CLAIM_SUBMIT); a delivery officer or regional director in scope,
 *   or the grant team, approves a claim (PERM_CLAIM_DECIDE);
 * - termly reviews (issue 15): the matched provider writes them, or a
 *   caseworker in scope on its behalf (PERM_REVIEW_WRITE); the allocated
 *   adviser or a caseworker in scope accepts or returns them
 *   (PERM_REVIEW_DECIDE); they are read as the plan is (PERM_PLAN_READ);
 *   a withholding they recommend is confirmed as a withholding is
 *   (PERM_GRANT_PROGRESS);
 * - every other role signs in and sees only pages meant for everyone.
 */
#include "domain/access.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *slug, *label, *description;
} ROLES[ROLE_COUNT] = {
    [ROLE_NONE] = {NULL, "Not signed in", ""},
    [ROLE_DELIVERY_OFFICER] = {"delivery-officer", "Delivery officer",
                               "Regional civil servant who owns cases, records contacts and decisions"},
    [ROLE_ADVISER] = {"adviser", "RISE adviser", "Diagnoses, recommends supporting organisations and reviews progress on allocated cases"},
    [ROLE_REGIONAL_DIRECTOR] = {"regional-director", "Regional director",
                                "Approves categories, matches, plans and escalations in their region"},
    [ROLE_DELIVERY_PARTNER] = {"delivery-partner", "Delivery partner",
                               "Teaching school council or regional delivery partner: matching, plan review, monitoring"},
    [ROLE_GRANT_TEAM] = {"grant-team", "Grant team", "Offer letters, payments, claims and spend checks, all regions"},
    [ROLE_SUPPORTING_ORGANISATION] = {"supporting-organisation", "Supporting organisation",
                                      "External: submits diagnosis, plans, progress and claims for matched cases"},
    [ROLE_SCHOOL] = {"school", "School or responsible body", "External: signs off plans and sees its own case"},
    [ROLE_ANALYST] = {"analyst", "Analyst or auditor", "Reports, exports and the audit trail, all regions, read-only"},
    [ROLE_ADMIN] = {"admin", "Administrator", "Users, reference data and programme settings"},
};

const char *const REGIONS[9] = {
    "East Midlands", "East of England", "London", "North East", "North West",
    "South East",    "South West",      "West Midlands", "Yorkshire and the Humber",
};

const char *role_slug(Role r)
{
    return (r > ROLE_NONE && r < ROLE_COUNT) ? ROLES[r].slug : NULL;
}

const char *role_label(Role r)
{
    return (r >= ROLE_NONE && r < ROLE_COUNT) ? ROLES[r].label : "Unknown";
}

const char *role_description(Role r)
{
    return (r >= ROLE_NONE && r < ROLE_COUNT) ? ROLES[r].description : "";
}

Role role_from_slug(const char *slug)
{
    if (!slug)
        return ROLE_NONE;
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++)
        if (strcmp(ROLES[r].slug, slug) == 0)
            return (Role)r;
    return ROLE_NONE;
}

int role_needs_region(Role r)
{
    return r == ROLE_DELIVERY_OFFICER || r == ROLE_REGIONAL_DIRECTOR || r == ROLE_DELIVERY_PARTNER;
}

int role_needs_organisation(Role r)
{
    return r == ROLE_SUPPORTING_ORGANISATION || r == ROLE_SCHOOL;
}

static const struct {
    const char *slug, *label;
    Role role;
} ORG_KINDS[ORG_KIND_COUNT] = {
    [ORG_NONE] = {NULL, "Not linked to an organisation", ROLE_NONE},
    [ORG_SCHOOL] = {"school", "A school's staff", ROLE_SCHOOL},
    [ORG_TRUST] = {"trust", "An academy trust's staff", ROLE_SCHOOL},
    [ORG_LA] = {"la", "A local authority's staff", ROLE_SCHOOL},
    [ORG_PROVIDER] = {"provider", "A supporting organisation's or system leader's staff",
                      ROLE_SUPPORTING_ORGANISATION},
};

const char *org_kind_slug(OrgKind k)
{
    return (k > ORG_NONE && k < ORG_KIND_COUNT) ? ORG_KINDS[k].slug : NULL;
}

const char *org_kind_label(OrgKind k)
{
    return (k >= ORG_NONE && k < ORG_KIND_COUNT) ? ORG_KINDS[k].label : ORG_KINDS[ORG_NONE].label;
}

OrgKind org_kind_from_slug(const char *slug)
{
    if (!slug)
        return ORG_NONE;
    for (int k = ORG_NONE + 1; k < ORG_KIND_COUNT; k++)
        if (strcmp(ORG_KINDS[k].slug, slug) == 0)
            return (OrgKind)k;
    return ORG_NONE;
}

Role org_kind_role(OrgKind k)
{
    return (k > ORG_NONE && k < ORG_KIND_COUNT) ? ORG_KINDS[k].role : ROLE_NONE;
}

int org_ref_valid(OrgKind k, const char *ref)
{
    if (!ref || !*ref)
        return 0;
    size_t n = strlen(ref);
    for (size_t i = 0; i < n; i++)
        if (ref[i] < '0' || ref[i] > '9')
            return 0;
    if (k == ORG_LA)
        return n == 3;
    if (k == ORG_SCHOOL || k == ORG_TRUST || k == ORG_PROVIDER)
        return ref[0] != '0' && n <= 8;
    return 0;
}

int region_valid(const char *name)
{
    if (!name)
        return 0;
    for (int i = 0; i < 9; i++)
        if (strcmp(REGIONS[i], name) == 0)
            return 1;
    return 0;
}

const char *perm_name(Perm p)
{
    switch (p) {
    case PERM_PUBLIC: return "public";
    case PERM_SIGNED_IN: return "signed-in";
    case PERM_USERS_MANAGE: return "users-manage";
    case PERM_AUDIT_READ: return "audit-read";
    case PERM_REFDATA_READ: return "refdata-read";
    case PERM_REFDATA_IMPORT: return "refdata-import";
    case PERM_SCREENING_READ: return "screening-read";
    case PERM_SCREENING_DECIDE: return "screening-decide";
    case PERM_CASES_READ: return "cases-read";
    case PERM_CASES_WORK: return "cases-work";
    case PERM_CASES_MANAGE: return "cases-manage";
    case PERM_CASES_APPROVE: return "cases-approve";
    case PERM_SETTINGS_MANAGE: return "settings-manage";
    case PERM_PEOPLE_INVITE: return "people-invite";
    case PERM_CASE_EXTERNAL: return "case-external";
    case PERM_CASE_RESPOND: return "case-respond";
    case PERM_PROVIDERS_READ: return "providers-read";
    case PERM_PROVIDERS_MANAGE: return "providers-manage";
    case PERM_CASES_MATCH: return "cases-match";
    case PERM_CASE_TASK: return "case-task";
    case PERM_CASE_PROVIDER_ANSWER: return "case-provider-answer";
    case PERM_PLAN_READ: return "plan-read";
    case PERM_PLAN_WRITE: return "plan-write";
    case PERM_PLAN_SIGN: return "plan-sign";
    case PERM_PLAN_REVIEW: return "plan-review";
    case PERM_PLAN_APPROVE: return "plan-approve";
    case PERM_GRANTS_READ: return "grants-read";
    case PERM_GRANTS_MANAGE: return "grants-manage";
    case PERM_FINANCE_READ: return "finance-read";
    case PERM_GRANT_PROGRESS: return "grant-progress";
    case PERM_GRANT_ACCEPT: return "grant-accept";
    case PERM_CLAIM_SUBMIT: return "claim-submit";
    case PERM_CLAIM_DECIDE: return "claim-decide";
    case PERM_REVIEW_WRITE: return "review-write";
    case PERM_REVIEW_DECIDE: return "review-decide";
    default: return "none";
    }
}

/* A regional role's own region, or the adviser allocated to the case. */
static int in_scope(const Principal *p, const Scope *scope)
{
    if (!scope)
        return 1;
    if (p->role == ROLE_ADVISER)
        return scope->adviser_id != 0 && scope->adviser_id == p->user_id;
    if (role_needs_region(p->role))
        return p->region && scope->region && strcmp(p->region, scope->region) == 0;
    return 1;
}

static Access scoped(const Principal *p, const Scope *scope, int role_ok)
{
    return role_ok && in_scope(p, scope) ? ACCESS_ALLOW : ACCESS_DENY;
}

/* The organisation's reference as a number (0 when it is not one). */
static int64_t org_number(const Principal *p)
{
    if (!p->organisation || !*p->organisation)
        return 0;
    int64_t v = 0;
    for (const char *s = p->organisation; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000)
            return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* Is the case in scope the external account's own: its school, a case its
   responsible body answers for, or one its organisation is proposed for or
   matched to? Without a scope (a list page): yes, for an account linked to
   an organisation; the list is filtered case by case. */
static int external_scope(const Principal *p, const Scope *scope, int providers_too)
{
    if (p->org_kind <= ORG_NONE || p->org_kind >= ORG_KIND_COUNT || org_kind_role(p->org_kind) != p->role ||
        !org_ref_valid(p->org_kind, p->organisation))
        return 0;
    if (!scope)
        return 1;
    int64_t ref = org_number(p);
    switch (p->org_kind) {
    case ORG_SCHOOL: return scope->urn != 0 && scope->urn == ref;
    case ORG_TRUST: return scope->rb_trust_uid != 0 && scope->rb_trust_uid == ref;
    case ORG_LA: return scope->rb_la_code && strcmp(scope->rb_la_code, p->organisation) == 0;
    case ORG_PROVIDER:
        if (!providers_too)
            return 0;
        for (size_t i = 0; i < scope->n_providers; i++)
            if (scope->providers && scope->providers[i] == ref)
                return 1;
        return 0;
    default: return 0;
    }
}

/* Is the external account the grant's payee (Scope.payee_kind/ref)? Without
   a scope (a list page): yes, for an account linked to an organisation. A
   person payee (a RISE adviser) is the internal account itself. */
static int is_payee(const Principal *p, const Scope *scope)
{
    if (!scope)
        return p->org_kind > ORG_NONE || p->role == ROLE_ADVISER;
    if (!scope->payee_kind || !scope->payee_ref)
        return 0;
    if (strcmp(scope->payee_kind, "person") == 0) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)p->user_id);
        return strcmp(scope->payee_ref, id) == 0;
    }
    if (p->org_kind <= ORG_NONE || p->org_kind >= ORG_KIND_COUNT || org_kind_role(p->org_kind) != p->role ||
        !org_ref_valid(p->org_kind, p->organisation))
        return 0;
    const char *kind = p->org_kind == ORG_PROVIDER ? "provider"
                       : p->org_kind == ORG_TRUST  ? "trust"
                       : p->org_kind == ORG_LA     ? "la"
                                                   : NULL;
    return kind && strcmp(kind, scope->payee_kind) == 0 && strcmp(p->organisation, scope->payee_ref) == 0;
}

/* The provider matched to the case (it writes the plan and claims its days). */
static int is_plan_author(const Principal *p, const Scope *scope)
{
    return p->role == ROLE_SUPPORTING_ORGANISATION && external_scope(p, scope, 1) &&
           (!scope || (scope->plan_author != 0 && scope->plan_author == org_number(p)));
}

Access authorise(const Principal *p, Perm perm, const Scope *scope)
{
    if (perm == PERM_PUBLIC)
        return ACCESS_ALLOW;
    if (perm <= PERM_NONE || perm >= PERM_COUNT)
        return ACCESS_DENY;
    if (!p || p->user_id == 0 || p->role <= ROLE_NONE || p->role >= ROLE_COUNT)
        return ACCESS_LOGIN;
    switch (perm) {
    case PERM_SIGNED_IN:
        return ACCESS_ALLOW;
    case PERM_USERS_MANAGE:
        return p->role == ROLE_ADMIN ? ACCESS_ALLOW : ACCESS_DENY;
    case PERM_AUDIT_READ:
        return (p->role == ROLE_ADMIN || p->role == ROLE_ANALYST) ? ACCESS_ALLOW : ACCESS_DENY;
    case PERM_REFDATA_READ:
        return (p->role == ROLE_SUPPORTING_ORGANISATION || p->role == ROLE_SCHOOL) ? ACCESS_DENY : ACCESS_ALLOW;
    case PERM_REFDATA_IMPORT:
        return p->role == ROLE_ADMIN ? ACCESS_ALLOW : ACCESS_DENY;
    case PERM_SCREENING_READ:
        return (p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ANALYST || p->role == ROLE_ADMIN)
                   ? ACCESS_ALLOW
                   : ACCESS_DENY;
    case PERM_SCREENING_DECIDE:
        return scoped(p, scope, p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR);
    case PERM_CASES_READ:
        return scoped(p, scope,
                      p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                          p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ADVISER || p->role == ROLE_ANALYST ||
                          p->role == ROLE_GRANT_TEAM || p->role == ROLE_ADMIN);
    case PERM_CASES_WORK:
        return scoped(p, scope,
                      p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                          p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ADVISER);
    case PERM_CASES_MANAGE:
        return scoped(p, scope, p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR);
    case PERM_CASES_APPROVE:
        return scoped(p, scope, p->role == ROLE_REGIONAL_DIRECTOR);
    case PERM_SETTINGS_MANAGE:
        return p->role == ROLE_ADMIN ? ACCESS_ALLOW : ACCESS_DENY;
    case PERM_PEOPLE_INVITE:
        if (p->role == ROLE_ADMIN)
            return ACCESS_ALLOW;
        return scoped(p, scope, p->role == ROLE_DELIVERY_OFFICER);
    case PERM_CASE_EXTERNAL:
        return ((p->role == ROLE_SCHOOL || p->role == ROLE_SUPPORTING_ORGANISATION) && external_scope(p, scope, 1))
                   ? ACCESS_ALLOW
                   : ACCESS_DENY;
    case PERM_CASE_RESPOND:
        return (p->role == ROLE_SCHOOL && external_scope(p, scope, 0)) ? ACCESS_ALLOW : ACCESS_DENY;
    case PERM_PROVIDERS_READ:
        return (p->role == ROLE_SUPPORTING_ORGANISATION || p->role == ROLE_SCHOOL) ? ACCESS_DENY : ACCESS_ALLOW;
    case PERM_PROVIDERS_MANAGE:
        return (p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ADMIN)
                   ? ACCESS_ALLOW
                   : ACCESS_DENY;
    case PERM_CASES_MATCH:
        return scoped(p, scope,
                      p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                          p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ADVISER);
    case PERM_CASE_TASK: {
        const char *r = scope ? scope->task_role : NULL;
        int role_ok = p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                      (p->role == ROLE_DELIVERY_PARTNER && (!r || strcmp(r, "delivery-partner") == 0)) ||
                      (p->role == ROLE_ADVISER && (!r || strcmp(r, "adviser") == 0));
        return scoped(p, scope, role_ok);
    }
    case PERM_CASE_PROVIDER_ANSWER:
        return (p->role == ROLE_SUPPORTING_ORGANISATION && external_scope(p, scope, 1)) ? ACCESS_ALLOW : ACCESS_DENY;
    case PERM_PLAN_READ:
        /* the school and its responsible body; of the providers, only the one matched (it writes it) */
        if (p->role == ROLE_SCHOOL)
            return external_scope(p, scope, 0) ? ACCESS_ALLOW : ACCESS_DENY;
        if (p->role == ROLE_SUPPORTING_ORGANISATION)
            return (external_scope(p, scope, 1) &&
                    (!scope || (scope->plan_author != 0 && scope->plan_author == org_number(p))))
                       ? ACCESS_ALLOW
                       : ACCESS_DENY;
        if (p->role == ROLE_GRANT_TEAM || p->role == ROLE_ANALYST || p->role == ROLE_ADMIN)
            return ACCESS_ALLOW;
        return scoped(p, scope, 1);
    case PERM_PLAN_WRITE:
    case PERM_PLAN_SIGN:
        /* the provider matched to the case writes; the school or its
           responsible body signs; a caseworker does either on their behalf */
        if (perm == PERM_PLAN_WRITE && p->role == ROLE_SUPPORTING_ORGANISATION)
            return (external_scope(p, scope, 1) &&
                    (!scope || (scope->plan_author != 0 && scope->plan_author == org_number(p))))
                       ? ACCESS_ALLOW
                       : ACCESS_DENY;
        if (perm == PERM_PLAN_SIGN && p->role == ROLE_SCHOOL)
            return external_scope(p, scope, 0) ? ACCESS_ALLOW : ACCESS_DENY;
        return scoped(p, scope,
                      p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                          p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ADVISER);
    case PERM_PLAN_REVIEW: {
        const char *r = scope ? scope->task_role : NULL;
        if (p->role == ROLE_GRANT_TEAM)
            return (!r || strcmp(r, "grant-team") == 0) ? ACCESS_ALLOW : ACCESS_DENY;
        return scoped(p, scope, p->role == ROLE_DELIVERY_PARTNER && (!r || strcmp(r, "delivery-partner") == 0));
    }
    case PERM_PLAN_APPROVE:
        return scoped(p, scope, p->role == ROLE_REGIONAL_DIRECTOR);
    case PERM_GRANTS_READ:
        if (p->role == ROLE_SCHOOL)
            return (external_scope(p, scope, 0) || is_payee(p, scope)) ? ACCESS_ALLOW : ACCESS_DENY;
        if (p->role == ROLE_SUPPORTING_ORGANISATION)
            return (is_plan_author(p, scope) || is_payee(p, scope)) ? ACCESS_ALLOW : ACCESS_DENY;
        if (p->role == ROLE_GRANT_TEAM || p->role == ROLE_ANALYST || p->role == ROLE_ADMIN)
            return ACCESS_ALLOW;
        return scoped(p, scope, 1);
    case PERM_GRANTS_MANAGE:
        return p->role == ROLE_GRANT_TEAM ? ACCESS_ALLOW : ACCESS_DENY;
    case PERM_FINANCE_READ:
        return (p->role == ROLE_GRANT_TEAM || p->role == ROLE_ANALYST || p->role == ROLE_ADMIN) ? ACCESS_ALLOW
                                                                                                : ACCESS_DENY;
    case PERM_GRANT_PROGRESS:
        if (p->role == ROLE_GRANT_TEAM)
            return ACCESS_ALLOW;
        return scoped(p, scope,
                      p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                          p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ADVISER);
    case PERM_GRANT_ACCEPT:
        if (p->role == ROLE_GRANT_TEAM)
            return ACCESS_ALLOW;
        if (p->role == ROLE_SCHOOL || p->role == ROLE_SUPPORTING_ORGANISATION)
            return is_payee(p, scope) ? ACCESS_ALLOW : ACCESS_DENY;
        return ACCESS_DENY;
    case PERM_CLAIM_SUBMIT:
        if (p->role == ROLE_SUPPORTING_ORGANISATION)
            return is_plan_author(p, scope) ? ACCESS_ALLOW : ACCESS_DENY;
        return scoped(p, scope,
                      p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                          p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ADVISER);
    case PERM_CLAIM_DECIDE:
        if (p->role == ROLE_GRANT_TEAM)
            return ACCESS_ALLOW;
        return scoped(p, scope, p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR);
    case PERM_REVIEW_WRITE:
        if (p->role == ROLE_SUPPORTING_ORGANISATION)
            return is_plan_author(p, scope) ? ACCESS_ALLOW : ACCESS_DENY;
        return scoped(p, scope,
                      p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                          p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ADVISER);
    case PERM_REVIEW_DECIDE:
        return scoped(p, scope,
                      p->role == ROLE_DELIVERY_OFFICER || p->role == ROLE_REGIONAL_DIRECTOR ||
                          p->role == ROLE_DELIVERY_PARTNER || p->role == ROLE_ADVISER);
    default:
        return ACCESS_DENY;
    }
}
