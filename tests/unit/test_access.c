/*
 * test_access.c - the authorisation rules of DOMAIN.md section 4: who may
 * manage users, read the audit trail, screen and decide, and in which scope.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/access.h"

#include <string.h>

static Principal as(Role r)
{
    Principal p = {.user_id = 7, .role = r, .region = "North West", .organisation = NULL};
    return p;
}

/* "administrator: users, reference data, programme settings" */
static void only_admin_manages_users(void **state)
{
    (void)state;
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        Principal p = as((Role)r);
        assert_int_equal(authorise(&p, PERM_USERS_MANAGE, NULL), r == ROLE_ADMIN ? ACCESS_ALLOW : ACCESS_DENY);
    }
}

/* "national analyst / auditor: reports, exports, audit trail" and the administrator */
static void admin_and_analyst_read_audit(void **state)
{
    (void)state;
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        Principal p = as((Role)r);
        int want = (r == ROLE_ADMIN || r == ROLE_ANALYST) ? ACCESS_ALLOW : ACCESS_DENY;
        assert_int_equal(authorise(&p, PERM_AUDIT_READ, NULL), want);
    }
}

/* internal roles read reference data; external roles see only their own cases */
static void internal_roles_read_reference_data(void **state)
{
    (void)state;
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        Principal p = as((Role)r);
        int external = r == ROLE_SUPPORTING_ORGANISATION || r == ROLE_SCHOOL;
        assert_int_equal(authorise(&p, PERM_REFDATA_READ, NULL), external ? ACCESS_DENY : ACCESS_ALLOW);
        assert_int_equal(authorise(&p, PERM_REFDATA_IMPORT, NULL), r == ROLE_ADMIN ? ACCESS_ALLOW : ACCESS_DENY);
    }
}

/* "A delivery officer or regional director records a decision per row" */
static void screening(void **state)
{
    (void)state;
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        Principal p = as((Role)r);
        int decide = r == ROLE_DELIVERY_OFFICER || r == ROLE_REGIONAL_DIRECTOR;
        int read = decide || r == ROLE_DELIVERY_PARTNER || r == ROLE_ANALYST || r == ROLE_ADMIN;
        assert_int_equal(authorise(&p, PERM_SCREENING_DECIDE, NULL), decide ? ACCESS_ALLOW : ACCESS_DENY);
        assert_int_equal(authorise(&p, PERM_SCREENING_READ, NULL), read ? ACCESS_ALLOW : ACCESS_DENY);
    }
}

/* A decision is recorded "each in their own region": asked with the row's
   region, only a delivery officer or regional director of that region may. */
static void screening_decisions_in_own_region(void **state)
{
    (void)state;
    Scope here = {.region = "North West"}, there = {.region = "North East"}, unknown = {0};
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        Principal p = as((Role)r);
        int decide = r == ROLE_DELIVERY_OFFICER || r == ROLE_REGIONAL_DIRECTOR;
        assert_int_equal(authorise(&p, PERM_SCREENING_DECIDE, &here), decide ? ACCESS_ALLOW : ACCESS_DENY);
        assert_int_equal(authorise(&p, PERM_SCREENING_DECIDE, &there), ACCESS_DENY);
        assert_int_equal(authorise(&p, PERM_SCREENING_DECIDE, &unknown), ACCESS_DENY);
    }
    /* a trust whose schools span regions belongs to no one region */
    Principal officer = as(ROLE_DELIVERY_OFFICER);
    Scope spanning = {.region = "North West; North East"};
    assert_int_equal(authorise(&officer, PERM_SCREENING_DECIDE, &spanning), ACCESS_DENY);
}

/* A recorded decision is read within the region recorded with it (issue 10):
   the page passes that region, whatever GIAS says about the school today. */
static void recorded_decisions_read_in_their_region(void **state)
{
    (void)state;
    Scope decided_north_east = {.region = "North East"};
    Scope with_adviser = {.region = "North East", .adviser_id = 7};
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        Principal p = as((Role)r); /* regional roles are in the North West */
        int national = r == ROLE_ANALYST || r == ROLE_GRANT_TEAM || r == ROLE_ADMIN;
        assert_int_equal(authorise(&p, PERM_CASES_READ, &decided_north_east), national ? ACCESS_ALLOW : ACCESS_DENY);
        /* the adviser allocated to the case the decision opened reads it */
        assert_int_equal(authorise(&p, PERM_CASES_READ, &with_adviser),
                         national || r == ROLE_ADVISER ? ACCESS_ALLOW : ACCESS_DENY);
        Principal ne = p;
        ne.region = "North East";
        int regional = r == ROLE_DELIVERY_OFFICER || r == ROLE_REGIONAL_DIRECTOR || r == ROLE_DELIVERY_PARTNER;
        assert_int_equal(authorise(&ne, PERM_CASES_READ, &decided_north_east),
                         national || regional ? ACCESS_ALLOW : ACCESS_DENY);
    }
}

static void anonymous_must_sign_in(void **state)
{
    (void)state;
    Principal anon = {0};
    assert_int_equal(authorise(&anon, PERM_PUBLIC, NULL), ACCESS_ALLOW);
    assert_int_equal(authorise(&anon, PERM_SIGNED_IN, NULL), ACCESS_LOGIN);
    assert_int_equal(authorise(&anon, PERM_USERS_MANAGE, NULL), ACCESS_LOGIN);
    assert_int_equal(authorise(NULL, PERM_AUDIT_READ, NULL), ACCESS_LOGIN);
}

/* An undeclared permission is never granted, not even to an administrator. */
static void undeclared_permission_denied(void **state)
{
    (void)state;
    Principal p = as(ROLE_ADMIN);
    assert_int_equal(authorise(&p, PERM_NONE, NULL), ACCESS_DENY);
    assert_int_equal(authorise(&p, PERM_COUNT, NULL), ACCESS_DENY);
    assert_int_equal(authorise(&p, (Perm)99, NULL), ACCESS_DENY);
}

static void role_slugs_round_trip(void **state)
{
    (void)state;
    const char *spelled[] = {"delivery-officer", "adviser", "regional-director", "delivery-partner", "grant-team",
                             "supporting-organisation", "school", "analyst", "admin"};
    for (size_t i = 0; i < 9; i++) {
        Role r = role_from_slug(spelled[i]);
        assert_int_not_equal(r, ROLE_NONE);
        assert_string_equal(role_slug(r), spelled[i]);
        assert_true(strlen(role_label(r)) > 0);
    }
    assert_int_equal(role_from_slug("Admin"), ROLE_NONE);
    assert_int_equal(role_from_slug(""), ROLE_NONE);
    assert_int_equal(role_from_slug(NULL), ROLE_NONE);
}

/* Regional roles work "in their region"; external roles belong to an organisation. */
static void scope_requirements(void **state)
{
    (void)state;
    assert_true(role_needs_region(ROLE_DELIVERY_OFFICER));
    assert_true(role_needs_region(ROLE_REGIONAL_DIRECTOR));
    assert_true(role_needs_region(ROLE_DELIVERY_PARTNER));
    assert_false(role_needs_region(ROLE_ANALYST));
    assert_false(role_needs_region(ROLE_GRANT_TEAM));
    assert_true(role_needs_organisation(ROLE_SUPPORTING_ORGANISATION));
    assert_true(role_needs_organisation(ROLE_SCHOOL));
    assert_false(role_needs_organisation(ROLE_ADMIN));
}

static void nine_regions(void **state)
{
    (void)state;
    assert_true(region_valid("North West"));
    assert_true(region_valid("Yorkshire and the Humber"));
    assert_true(region_valid("East of England"));
    assert_false(region_valid("north west"));
    assert_false(region_valid("Wales"));
    assert_false(region_valid(NULL));
}

/* Issue 11 item 4: "a school sees only its own cases; a responsible body
   only its schools' cases (and a trust's own case); a provider only the
   cases it is proposed for or matched to". */
static Principal external(Role r, OrgKind k, const char *ref)
{
    Principal p = {.user_id = 9, .role = r, .organisation = ref, .org_kind = k};
    return p;
}

static void external_people_see_their_own_cases(void **state)
{
    (void)state;
    int64_t providers[] = {12, 40};
    /* an academy of trust 2044 with providers 12 and 40; a maintained
       school of LA 391; a trust's own case */
    Scope academy = {.region = "North East", .urn = 100001, .rb_trust_uid = 2044, .providers = providers,
                     .n_providers = 2};
    Scope maintained = {.region = "North East", .urn = 100002, .rb_la_code = "391"};
    Scope trust_case = {.region = "North East", .rb_trust_uid = 2044};

    Principal school = external(ROLE_SCHOOL, ORG_SCHOOL, "100001");
    assert_int_equal(authorise(&school, PERM_CASE_EXTERNAL, &academy), ACCESS_ALLOW);
    assert_int_equal(authorise(&school, PERM_CASE_RESPOND, &academy), ACCESS_ALLOW);
    assert_int_equal(authorise(&school, PERM_CASE_EXTERNAL, &maintained), ACCESS_DENY);
    assert_int_equal(authorise(&school, PERM_CASE_EXTERNAL, &trust_case), ACCESS_DENY);

    Principal trust = external(ROLE_SCHOOL, ORG_TRUST, "2044");
    assert_int_equal(authorise(&trust, PERM_CASE_EXTERNAL, &academy), ACCESS_ALLOW);
    assert_int_equal(authorise(&trust, PERM_CASE_EXTERNAL, &trust_case), ACCESS_ALLOW);
    assert_int_equal(authorise(&trust, PERM_CASE_RESPOND, &trust_case), ACCESS_ALLOW);
    assert_int_equal(authorise(&trust, PERM_CASE_EXTERNAL, &maintained), ACCESS_DENY);

    Principal la = external(ROLE_SCHOOL, ORG_LA, "391");
    assert_int_equal(authorise(&la, PERM_CASE_EXTERNAL, &maintained), ACCESS_ALLOW);
    assert_int_equal(authorise(&la, PERM_CASE_EXTERNAL, &academy), ACCESS_DENY);

    Principal provider = external(ROLE_SUPPORTING_ORGANISATION, ORG_PROVIDER, "40");
    assert_int_equal(authorise(&provider, PERM_CASE_EXTERNAL, &academy), ACCESS_ALLOW);
    assert_int_equal(authorise(&provider, PERM_CASE_RESPOND, &academy), ACCESS_DENY);
    assert_int_equal(authorise(&provider, PERM_CASE_EXTERNAL, &maintained), ACCESS_DENY);
    Principal other = external(ROLE_SUPPORTING_ORGANISATION, ORG_PROVIDER, "41");
    assert_int_equal(authorise(&other, PERM_CASE_EXTERNAL, &academy), ACCESS_DENY);

    /* a kind that does not fit the role, an unlinked account, a bad reference */
    Principal mixed = external(ROLE_SUPPORTING_ORGANISATION, ORG_SCHOOL, "100001");
    assert_int_equal(authorise(&mixed, PERM_CASE_EXTERNAL, &academy), ACCESS_DENY);
    Principal unlinked = external(ROLE_SCHOOL, ORG_NONE, "100001");
    assert_int_equal(authorise(&unlinked, PERM_CASE_EXTERNAL, &academy), ACCESS_DENY);
    assert_int_equal(authorise(&unlinked, PERM_CASE_EXTERNAL, NULL), ACCESS_DENY);
    Principal words = external(ROLE_SCHOOL, ORG_SCHOOL, "Example Primary");
    assert_int_equal(authorise(&words, PERM_CASE_EXTERNAL, &academy), ACCESS_DENY);

    /* no internal role sees the external pages, and no external role the
       caseworkers' */
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        Principal p = as((Role)r);
        p.org_kind = ORG_SCHOOL;
        p.organisation = "100001";
        if (r != ROLE_SCHOOL)
            assert_int_equal(authorise(&p, PERM_CASE_RESPOND, &academy), ACCESS_DENY);
        if (r != ROLE_SCHOOL && r != ROLE_SUPPORTING_ORGANISATION)
            assert_int_equal(authorise(&p, PERM_CASE_EXTERNAL, &academy), ACCESS_DENY);
    }
    assert_int_equal(authorise(&school, PERM_CASES_READ, &academy), ACCESS_DENY);
    assert_int_equal(authorise(&provider, PERM_CASES_READ, &academy), ACCESS_DENY);
}

/* "a delivery officer or an administrator invites a person by email" */
static void who_invites(void **state)
{
    (void)state;
    Scope ne = {.region = "North West"}, sw = {.region = "South West"};
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        Principal p = as((Role)r);
        int want = r == ROLE_DELIVERY_OFFICER || r == ROLE_ADMIN;
        assert_int_equal(authorise(&p, PERM_PEOPLE_INVITE, &ne), want ? ACCESS_ALLOW : ACCESS_DENY);
        assert_int_equal(authorise(&p, PERM_PEOPLE_INVITE, &sw), r == ROLE_ADMIN ? ACCESS_ALLOW : ACCESS_DENY);
    }
}

static void org_kinds(void **state)
{
    (void)state;
    for (int k = ORG_NONE + 1; k < ORG_KIND_COUNT; k++)
        assert_int_equal(org_kind_from_slug(org_kind_slug((OrgKind)k)), k);
    assert_int_equal(org_kind_from_slug("charity"), ORG_NONE);
    assert_int_equal(org_kind_role(ORG_TRUST), ROLE_SCHOOL);
    assert_int_equal(org_kind_role(ORG_PROVIDER), ROLE_SUPPORTING_ORGANISATION);
    assert_true(org_ref_valid(ORG_LA, "391"));
    assert_false(org_ref_valid(ORG_LA, "39"));
    assert_true(org_ref_valid(ORG_SCHOOL, "100001"));
    assert_false(org_ref_valid(ORG_SCHOOL, "0100"));
    assert_false(org_ref_valid(ORG_SCHOOL, "123456789"));
    assert_false(org_ref_valid(ORG_TRUST, "12a"));
    assert_false(org_ref_valid(ORG_NONE, "1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_admin_manages_users), cmocka_unit_test(admin_and_analyst_read_audit),
        cmocka_unit_test(anonymous_must_sign_in),   cmocka_unit_test(undeclared_permission_denied),
        cmocka_unit_test(internal_roles_read_reference_data), cmocka_unit_test(screening),
        cmocka_unit_test(role_slugs_round_trip),    cmocka_unit_test(scope_requirements),
        cmocka_unit_test(nine_regions),
        cmocka_unit_test(screening_decisions_in_own_region),
        cmocka_unit_test(recorded_decisions_read_in_their_region),
        cmocka_unit_test(external_people_see_their_own_cases),
        cmocka_unit_test(who_invites),
        cmocka_unit_test(org_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
