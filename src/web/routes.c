/*
 * routes.c - every URL the service answers, with the permission it needs.
 * Keep this table in step with tests/http/permissions.test.mjs, which signs
 * in as every role and checks each route is allowed or refused.
 */
#include "web/pages.h"
#include "web/router.h"

const Route ROUTES[] = {
    {"GET", "/", PERM_SIGNED_IN, page_home},
    {"GET", "/healthz", PERM_PUBLIC, page_healthz},
    {"GET", "/assets/*", PERM_PUBLIC, page_asset},
    {"GET", "/favicon.ico", PERM_PUBLIC, page_asset},
    {"GET", "/accessibility", PERM_PUBLIC, page_accessibility},
    {"GET", "/cookies", PERM_PUBLIC, page_cookies},
    {"GET", "/privacy", PERM_PUBLIC, page_privacy},
    {"GET", "/login", PERM_PUBLIC, page_login_form},
    {"POST", "/login", PERM_PUBLIC, page_login_submit},
    {"POST", "/logout", PERM_SIGNED_IN, page_logout},
    {"GET", "/users", PERM_USERS_MANAGE, page_users_list},
    {"GET", "/users/new", PERM_USERS_MANAGE, page_user_new_form},
    {"POST", "/users/new", PERM_USERS_MANAGE, page_user_new_submit},
    {"GET", "/users/{id}", PERM_USERS_MANAGE, page_user_show},
    {"GET", "/users/{id}/edit", PERM_USERS_MANAGE, page_user_edit_form},
    {"POST", "/users/{id}/edit", PERM_USERS_MANAGE, page_user_edit_submit},
    {"GET", "/users/{id}/password", PERM_USERS_MANAGE, page_user_password_form},
    {"POST", "/users/{id}/password", PERM_USERS_MANAGE, page_user_password_submit},
    {"GET", "/users/{id}/status", PERM_USERS_MANAGE, page_user_status_form},
    {"POST", "/users/{id}/status", PERM_USERS_MANAGE, page_user_status_submit},
    {"GET", "/imports", PERM_REFDATA_IMPORT, page_imports_list},
    {"GET", "/imports/new", PERM_REFDATA_IMPORT, page_import_new_form},
    {"POST", "/imports/new", PERM_REFDATA_IMPORT, page_import_new_submit},
    {"GET", "/imports/{id}", PERM_REFDATA_IMPORT, page_import_show},
    {"GET", "/audit", PERM_AUDIT_READ, page_audit_list},
    {"GET", "/history/{type}/{id}", PERM_AUDIT_READ, page_history},
    {"GET", "/schools", PERM_REFDATA_READ, page_schools_search},
    {"GET", "/schools/{urn}", PERM_REFDATA_READ, page_school_show},
    {"GET", "/trusts/{uid}", PERM_REFDATA_READ, page_trust_show},
    {"GET", "/screening", PERM_SCREENING_READ, page_screening_home},
    {"GET", "/screening/{programme}", PERM_SCREENING_READ, page_screening_queue},
    {"GET", "/screening/{programme}/exception", PERM_SCREENING_DECIDE, page_screening_exception_form},
    {"POST", "/screening/{programme}/exception", PERM_SCREENING_DECIDE, page_screening_exception_submit},
    {"GET", "/screening/{programme}/{kind}/{id}", PERM_SCREENING_READ, page_screening_item},
    {"POST", "/screening/{programme}/{kind}/{id}", PERM_SCREENING_DECIDE, page_screening_decide},
};

const size_t ROUTE_COUNT = sizeof ROUTES / sizeof ROUTES[0];
