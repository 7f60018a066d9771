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
 * - every other role signs in and sees only pages meant for everyone.
 */
#include "domain/access.h"

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
    default:
        return ACCESS_DENY;
    }
}
