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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
