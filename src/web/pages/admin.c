/*
 * admin.c - the administration pages an administrator reaches from one
 * navigation item ("Administration"), so that the service navigation fits
 * on one line for every role. Someone who can reach only one of these areas
 * (an analyst: the audit trail) has it in the navigation directly.
 */
#include "web/pages.h"

#include <stdio.h>

static const AdminArea AREAS[] = {
    {PERM_USERS_MANAGE, "/users", "Manage users", "users",
     "Add people, change their role or region, reset passwords and disable accounts."},
    {PERM_PEOPLE_INVITE, "/invitations", "People outside DfE", "invitations",
     "Invite staff of schools, trusts, local authorities and supporting organisations, and see who has accepted."},
    {PERM_REFDATA_IMPORT, "/imports", "Reference data", "imports", "Load the latest GIAS and Ofsted downloads."},
    {PERM_USERS_MANAGE, "/admin/outbox", "Email outbox", "admin",
     "Every email the service sends, its status and Notify's answer; send a test email."},
    {PERM_AUDIT_READ, "/audit", "Audit trail", "audit", "Who changed what, when and why."},
    {PERM_SETTINGS_MANAGE, "/settings/school-holidays", "School holidays", "settings",
     "The school holidays that due dates counted in school days skip."},
    {PERM_SETTINGS_MANAGE, "/settings/terms", "School terms", "settings",
     "Each academic year's terms, and when their termly reviews are due."},
    {PERM_SETTINGS_MANAGE, "/settings/programmes", "Programme tasks and timeframes", "settings",
     "Each programme's stages, tasks and how long each may take."},
};

const AdminArea *admin_areas(size_t *n)
{
    *n = sizeof AREAS / sizeof AREAS[0];
    return AREAS;
}

/* GET /admin */
void page_admin(Req *r, Resp *w)
{
    Html h;
    html_init(&h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Administration</h1>");
    int n = 0;
    for (size_t i = 0; i < sizeof AREAS / sizeof AREAS[0]; i++) {
        if (authorise(&r->who, AREAS[i].perm, NULL) != ACCESS_ALLOW)
            continue;
        html_printf(&h,
                    "<h2 class=\"govuk-heading-s govuk-!-margin-bottom-1\"><a class=\"govuk-link\" href=\"%s\">%s</a>"
                    "</h2><p class=\"govuk-body\">%s</p>",
                    AREAS[i].href, AREAS[i].name, AREAS[i].what);
        n++;
    }
    if (n == 0) { /* nothing here for this role */
        html_free(&h);
        page_error(r, w, 403);
        return;
    }
    PageOpts o = {.title = "Administration", .nav = "admin"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}
