/*
 * users.c - "Manage users": the administrator's pages to list, add, change,
 * reset the password of, and disable or re-enable accounts. Every change is
 * audited (store/users.c writes the audit row in the same transaction).
 */
#include "core/date.h"
#include "core/password.h"
#include "domain/signin.h"
#include "domain/totp.h"
#include "store/twofactor.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "store/organisations.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USERS_PER_PAGE 25

/* --- validation ---------------------------------------------------------- */

/* Reads and checks the account fields of a submitted form. */
static void read_fields(Req *r, UserFields *f, FormErrors *errs)
{
    f->name = req_form(r, "name");
    f->email = req_form(r, "email");
    f->role = req_form(r, "role");
    f->region = req_form(r, "region");
    f->organisation = req_form(r, "organisation");
    f->org_kind = req_form(r, "org_kind");
    Role role = role_from_slug(f->role);

    if (!*f->name)
        form_errors_add(errs, "name", "Enter the person's full name");
    else if (strlen(f->name) > 200)
        form_errors_add(errs, "name", "Full name must be 200 characters or fewer");
    if (!*f->email)
        form_errors_add(errs, "email", "Enter an email address");
    else if (!email_valid(f->email))
        form_errors_add(errs, "email", "Enter an email address in the correct format, like name@education.gov.uk");
    if (role == ROLE_NONE)
        form_errors_add(errs, "role", "Select the person's role");
    if (*f->region && !region_valid(f->region))
        form_errors_add(errs, "region", "Select a region from the list");
    else if (role_needs_region(role) && !*f->region)
        form_errors_add(errs, "region", "Select the region this person works in");
    if (role_needs_organisation(role) && !*f->organisation)
        form_errors_add(errs, "organisation",
                        role == ROLE_SCHOOL ? "Enter the school or trust this person represents"
                                            : "Enter the organisation this person works for");
    else if (strlen(f->organisation) > 200)
        form_errors_add(errs, "organisation", "Organisation must be 200 characters or fewer");
    /* what the organisation is (decision 0016): optional here, since people
       outside DfE are usually invited; once given, the organisation must be
       that kind's reference, for the role that kind has */
    OrgKind kind = org_kind_from_slug(f->org_kind);
    if (*f->org_kind && role_needs_organisation(role) && !form_errors_get(errs, "organisation")) {
        if (kind == ORG_NONE || org_kind_role(kind) != role)
            form_errors_add(errs, "org_kind",
                            role == ROLE_SCHOOL ? "Select a school, an academy trust or a local authority"
                                                : "Select a supporting organisation or system leader");
        else if (!org_ref_valid(kind, f->organisation))
            form_errors_add(errs, "organisation",
                            kind == ORG_SCHOOL  ? "Enter the school's URN, a number like 100000"
                            : kind == ORG_TRUST ? "Enter the trust's group UID, a number like 2044"
                            : kind == ORG_LA    ? "Enter the local authority's three-digit code, like 391"
                                                : "Enter the organisation's number from the register");
    }
    if (!role_needs_organisation(role) && role != ROLE_NONE)
        f->org_kind = "";
    /* a region or organisation that the role does not use is not kept */
    if (!role_needs_region(role) && role != ROLE_NONE)
        f->region = "";
    if (!role_needs_organisation(role) && role != ROLE_NONE)
        f->organisation = "";
}

/* The account fields as form controls, showing what was typed or stored. */
static void fields_form(Html *h, const UserFields *f, const FormErrors *errs)
{
    govuk_input(h, &(GovukInput){.name = "name", .label = "Full name", .value = f->name, .autocomplete = "off",
                                 .spellcheck = -1, .error = form_errors_get(errs, "name")});
    govuk_input(h, &(GovukInput){.name = "email",
                                 .label = "Email address",
                                 .hint = "They will use this to sign in",
                                 .type = "email",
                                 .autocomplete = "off",
                                 .spellcheck = -1,
                                 .value = f->email,
                                 .error = form_errors_get(errs, "email")});
    GovukChoice roles[ROLE_COUNT];
    int n = 0;
    for (int i = ROLE_NONE + 1; i < ROLE_COUNT; i++)
        roles[n++] = (GovukChoice){.value = role_slug((Role)i), .text = role_label((Role)i),
                                   .hint = role_description((Role)i)};
    govuk_radios(h, &(GovukRadios){.name = "role",
                                   .legend = "Role",
                                   .legend_classes = "govuk-fieldset__legend--m",
                                   .hint = "This decides what they can see and do",
                                   .value = f->role,
                                   .items = roles,
                                   .n_items = n,
                                   .error = form_errors_get(errs, "role")});
    GovukOption regions[10];
    regions[0] = (GovukOption){.value = "", .text = "No region"};
    for (int i = 0; i < 9; i++)
        regions[i + 1] = (GovukOption){.value = REGIONS[i], .text = REGIONS[i]};
    govuk_select(h, &(GovukSelect){.name = "region",
                                   .label = "Region",
                                   .hint = "Needed for delivery officers, regional directors and delivery partners",
                                   .value = f->region,
                                   .items = regions,
                                   .n_items = 10,
                                   .error = form_errors_get(errs, "region")});
    govuk_input(h, &(GovukInput){.name = "organisation",
                                 .label = "Organisation",
                                 .hint = "Needed for supporting organisations, and for schools or responsible"
                                         " bodies (the school or trust they represent)",
                                 .value = f->organisation,
                                 .error = form_errors_get(errs, "organisation")});
    GovukOption kinds[ORG_KIND_COUNT];
    kinds[0] = (GovukOption){.value = "", .text = "Not linked (sees no case)"};
    for (int i = ORG_NONE + 1; i < ORG_KIND_COUNT; i++)
        kinds[i] = (GovukOption){.value = org_kind_slug((OrgKind)i), .text = org_kind_label((OrgKind)i)};
    govuk_select(h, &(GovukSelect){.name = "org_kind",
                                   .label = "What the organisation is",
                                   .hint = "For people outside DfE: the organisation is then a school's URN, a"
                                           " trust's group UID, a local authority's code or a supporting"
                                           " organisation's number. It decides which cases they see.",
                                   .value = f->org_kind ? f->org_kind : "",
                                   .items = kinds,
                                   .n_items = ORG_KIND_COUNT,
                                   .error = form_errors_get(errs, "org_kind")});
}

static int64_t user_id_param(Req *r)
{
    const char *s = req_param(r, 0);
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0)
        return 0;
    return (int64_t)v;
}

/* Loads the user named in the URL, or answers 404. */
static int load_user(Req *r, Resp *w, User *u)
{
    int64_t id = user_id_param(r);
    if (id == 0 || user_get(r->db, id, u) != 1) {
        page_error(r, w, 404);
        return 0;
    }
    return 1;
}

static void back_link(Html *h, const char *href)
{
    govuk_back_link(h, &(GovukBackLink){.href = href});
}

/* --- list ---------------------------------------------------------------- */

/* GET /users?q=&role=&page= */
void page_users_list(Req *r, Resp *w)
{
    const char *q = req_query(r, "q");
    const char *role = req_query(r, "role");
    if (*role && role_from_slug(role) == ROLE_NONE)
        role = "";
    long page = strtol(req_query(r, "page"), NULL, 10);
    if (page < 1)
        page = 1;
    if (page > 1000000) /* keeps the offset below (and the int page number) in range */
        page = 1000000;
    UserList list;
    if (user_list(r->db, q, role, (int64_t)(page - 1) * USERS_PER_PAGE, USERS_PER_PAGE, &list) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Manage users</h1>");
    govuk_button(&h, &(GovukButton){.text = "Add a user", .href = "/users/new"});

    html_lit(&h, "<form method=\"get\" action=\"/users\" class=\"govuk-!-margin-bottom-6\">"
                 "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
    govuk_input(&h, &(GovukInput){.name = "q", .label = "Search by name or email", .value = q, .type = "search",
                                  .spellcheck = -1});
    html_lit(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    GovukOption ro[ROLE_COUNT];
    int n = 0;
    ro[n++] = (GovukOption){.value = "", .text = "All roles"};
    for (int i = ROLE_NONE + 1; i < ROLE_COUNT; i++)
        ro[n++] = (GovukOption){.value = role_slug((Role)i), .text = role_label((Role)i)};
    govuk_select(&h, &(GovukSelect){.name = "role", .label = "Role", .value = role, .items = ro, .n_items = n});
    html_lit(&h, "</div></div>");
    govuk_button(&h, &(GovukButton){.text = "Search", .variant = GOVUK_BUTTON_SECONDARY});
    html_lit(&h, "</form>");

    if (list.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No users match your search.</p>");
    } else {
        char caption[96];
        snprintf(caption, sizeof caption, "%lld user%s", (long long)list.total, list.total == 1 ? "" : "s");
        GovukTableCell head[] = {{.text = "Name"}, {.text = "Email address"}, {.text = "Role"},
                                 {.text = "Region or organisation"}, {.text = "Status"}};
        govuk_table_open(&h, &(GovukTable){.caption = caption, .caption_classes = "govuk-table__caption--m",
                                           .head = head, .n_head = 5});
        for (size_t i = 0; i < list.n; i++) {
            const User *u = &list.items[i];
            Html link, status;
            html_init(&link);
            html_init(&status);
            html_printf(&link, "<a class=\"govuk-link\" href=\"/users/%lld\">%s</a>", (long long)u->id, u->name);
            govuk_tag(&status, &(GovukTag){.text = u->disabled_at ? "Disabled" : u->invited ? "Invited" : "Active",
                                           .classes = u->disabled_at ? "govuk-tag--grey"
                                                      : u->invited   ? "govuk-tag--blue"
                                                                     : "govuk-tag--green"});
            char org[400];
            OrgKind kind = org_kind_from_slug(u->org_kind);
            if (u->organisation && kind != ORG_NONE &&
                org_describe(r->db, kind, u->organisation, org, sizeof org) >= 0) {
                /* described */
            } else {
                snprintf(org, sizeof org, "%s", u->organisation ? u->organisation : "All regions");
            }
            const char *scope = u->region ? u->region : org;
            GovukTableCell cells[] = {{.html = &link},
                                      {.text = u->email},
                                      {.text = role_label(role_from_slug(u->role))},
                                      {.text = scope},
                                      {.html = &status}};
            govuk_table_row(&h, cells, 5, 0);
            html_free(&link);
            html_free(&status);
        }
        govuk_table_close(&h);
        int pages = (int)((list.total + USERS_PER_PAGE - 1) / USERS_PER_PAGE);
        if (pages > 1) {
            Html prefix;
            html_init(&prefix);
            html_lit(&prefix, "/users?q=");
            html_url_param(&prefix, q);
            html_lit(&prefix, "&role=");
            html_url_param(&prefix, role);
            html_lit(&prefix, "&page=");
            /* the prefix is already URL-safe text; pass it as plain text */
            govuk_pagination_pages(&h, (int)page, pages, html_str(&prefix));
            html_free(&prefix);
        }
    }
    user_list_free(&list);
    PageOpts o = {.title = "Manage users", .nav = "users"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* --- add ----------------------------------------------------------------- */

static void render_new(Req *r, Resp *w, const UserFields *f, const FormErrors *errs)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    back_link(&before, "/users");
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Add a user</h1><form method=\"post\" action=\"/users/new\""
                 " novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    fields_form(&h, f, errs);
    govuk_input(&h, &(GovukInput){.name = "password",
                                  .label = "Temporary password",
                                  .hint = "At least 12 characters. Give it to them in person or by phone, not by"
                                          " email",
                                  .type = "password",
                                  .autocomplete = "new-password",
                                  .error = form_errors_get(errs, "password")});
    govuk_button(&h, &(GovukButton){.text = "Add user", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Add a user", .nav = "users", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /users/new */
void page_user_new_form(Req *r, Resp *w)
{
    UserFields f = {"", "", "", "", "", ""};
    FormErrors errs = {0};
    render_new(r, w, &f, &errs);
}

/* POST /users/new */
void page_user_new_submit(Req *r, Resp *w)
{
    UserFields f;
    FormErrors errs = {0};
    read_fields(r, &f, &errs);
    const char *pw = req_form_raw(r, "password");
    const char *problem = password_problem(pw);
    if (problem)
        form_errors_add(&errs, "password", problem);
    if (errs.n) {
        render_new(r, w, &f, &errs);
        return;
    }
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(pw, hash) != 0) {
        page_error(r, w, 500);
        return;
    }
    int64_t id = 0;
    int rc = user_create(r->db, &r->actor, &f, hash, NULL, &id);
    if (rc == USER_EMAIL_TAKEN) {
        form_errors_add(&errs, "email", "There is already an account with this email address");
        render_new(r, w, &f, &errs);
        return;
    }
    if (rc != USER_OK) {
        page_error(r, w, 500);
        return;
    }
    char msg[300], loc[64];
    snprintf(msg, sizeof msg, "%s has been added", f.name);
    req_flash(r, msg);
    snprintf(loc, sizeof loc, "/users/%lld", (long long)id);
    resp_redirect(w, loc);
}

/* --- show ---------------------------------------------------------------- */

/* GET /users/{id} */
void page_user_show(Req *r, Resp *w)
{
    User u;
    if (!load_user(r, w, &u))
        return;
    char edit[64], pw[64], status[64], hist[64], tfa[64];
    snprintf(edit, sizeof edit, "/users/%lld/edit", (long long)u.id);
    snprintf(tfa, sizeof tfa, "/users/%lld/two-factor", (long long)u.id);
    TwoFactor tf;
    int has_tfa = twofactor_get(r->db, u.id, &tf) == 1;
    char tfa_text[120];
    if (has_tfa)
        snprintf(tfa_text, sizeof tfa_text, "Set up (%d recovery code%s left)", tf.recovery_left,
                 tf.recovery_left == 1 ? "" : "s");
    else
        snprintf(tfa_text, sizeof tfa_text, "%s",
                 two_factor_required(role_from_slug(u.role)) ? "Not set up: they will set it up when they next sign in"
                                                             : "Not set up (optional for this role)");
    sodium_memzero(&tf, sizeof tf);
    snprintf(pw, sizeof pw, "/users/%lld/password", (long long)u.id);
    snprintf(status, sizeof status, "/users/%lld/status", (long long)u.id);
    snprintf(hist, sizeof hist, "/history/user/%lld", (long long)u.id);

    Html h, before, tag;
    html_init(&h);
    html_init(&before);
    html_init(&tag);
    back_link(&before, "/users");
    page_flash(r, &h);
    char created[64], last_login[64];
    timestamp_long(u.created_at, created, sizeof created);
    if (u.last_login_at)
        timestamp_long(u.last_login_at, last_login, sizeof last_login);
    else
        snprintf(last_login, sizeof last_login, "Never");
    html_printf(&h, "<span class=\"govuk-caption-l\">Manage users</span><h1 class=\"govuk-heading-l\">%s</h1>",
                u.name);
    govuk_tag(&tag, &(GovukTag){.text = u.disabled_at ? "Disabled" : u.invited ? "Invited" : "Active",
                                .classes = u.disabled_at ? "govuk-tag--grey"
                                           : u.invited   ? "govuk-tag--blue"
                                                         : "govuk-tag--green"});
    OrgKind kind = org_kind_from_slug(u.org_kind);
    char org_text[300];
    if (!role_needs_organisation(role_from_slug(u.role)))
        snprintf(org_text, sizeof org_text, "%s", u.organisation ? u.organisation : "None");
    else if (kind == ORG_NONE)
        snprintf(org_text, sizeof org_text, "%s (not linked to a school or organisation: sees no case)",
                 u.organisation ? u.organisation : "None");
    else if (org_describe(r->db, kind, u.organisation, org_text, sizeof org_text) < 0)
        snprintf(org_text, sizeof org_text, "%s %s", org_kind_label(kind), u.organisation ? u.organisation : "");
    GovukSummaryRow rows[] = {
        {.key = "Full name", .value = u.name, .actions = {{.href = edit, .text = "Change", .visually_hidden = "full name"}}},
        {.key = "Email address", .value = u.email,
         .actions = {{.href = edit, .text = "Change", .visually_hidden = "email address"}}},
        {.key = "Role", .value = role_label(role_from_slug(u.role)),
         .actions = {{.href = edit, .text = "Change", .visually_hidden = "role"}}},
        {.key = "Region", .value = u.region ? u.region : "None",
         .actions = {{.href = edit, .text = "Change", .visually_hidden = "region"}}},
        {.key = "Organisation", .value = org_text,
         .actions = {{.href = edit, .text = "Change", .visually_hidden = "organisation"}}},
        {.key = "Status", .value_html = &tag},
        {.key = "Two-factor sign-in", .value = tfa_text,
         .actions = {{.href = tfa, .text = "Reset", .visually_hidden = "two-factor sign-in"}}},
        {.key = "Last signed in", .value = last_login},
        {.key = "Account created", .value = created},
    };
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = 9});
    html_lit(&h, "<div class=\"govuk-button-group\">");
    govuk_button(&h, &(GovukButton){.text = "Reset password", .href = pw, .variant = GOVUK_BUTTON_SECONDARY});
    if (u.id != r->user.id)
        govuk_button(&h, &(GovukButton){.text = u.disabled_at ? "Re-enable account" : "Disable account",
                                        .href = status,
                                        .variant = u.disabled_at ? GOVUK_BUTTON_SECONDARY : GOVUK_BUTTON_WARNING});
    html_lit(&h, "</div>");
    html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">View the history of this"
                    " account</a></p>", hist);
    PageOpts o = {.title = u.name, .nav = "users", .before = &before};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    html_free(&before);
    html_free(&tag);
    user_free(&u);
}

/* --- change details ------------------------------------------------------ */

static void render_edit(Req *r, Resp *w, const User *u, const UserFields *f, const char *reason,
                        const FormErrors *errs)
{
    char back[64], action[64];
    snprintf(back, sizeof back, "/users/%lld", (long long)u->id);
    snprintf(action, sizeof action, "/users/%lld/edit", (long long)u->id);
    Html h, before;
    html_init(&h);
    html_init(&before);
    back_link(&before, back);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Change account"
                    " details</h1><form method=\"post\" action=\"%s\" novalidate>", u->name, action);
    govuk_csrf_field(&h, req_csrf(r));
    fields_form(&h, f, errs);
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .max_chars = 2000,
                                        .label = "Reason for the change",
                                        .label_classes = "govuk-label--m",
                                        .hint = "For example, \"Moved to the North West team\". This is kept in"
                                                " the audit trail",
                                        .value = reason,
                                        .rows = 3,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Save changes", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Change account details", .nav = "users", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /users/{id}/edit */
void page_user_edit_form(Req *r, Resp *w)
{
    User u;
    if (!load_user(r, w, &u))
        return;
    UserFields f = {u.email, u.name, u.role, u.region ? u.region : "", u.organisation ? u.organisation : "",
                    u.org_kind ? u.org_kind : ""};
    FormErrors errs = {0};
    render_edit(r, w, &u, &f, "", &errs);
    user_free(&u);
}

/* POST /users/{id}/edit */
void page_user_edit_submit(Req *r, Resp *w)
{
    User u;
    if (!load_user(r, w, &u))
        return;
    UserFields f;
    FormErrors errs = {0};
    read_fields(r, &f, &errs);
    const char *reason = req_form(r, "reason");
    if (u.id == r->user.id && strcmp(f.role, "admin") != 0 && !form_errors_get(&errs, "role"))
        form_errors_add(&errs, "role", "You cannot remove your own administrator role: ask another administrator");
    int scope_change = strcmp(f.role, u.role) != 0 || strcmp(f.region, u.region ? u.region : "") != 0 ||
                       strcmp(f.organisation, u.organisation ? u.organisation : "") != 0 ||
                       (*f.org_kind && strcmp(f.org_kind, u.org_kind ? u.org_kind : "") != 0);
    if (scope_change && !*reason && !errs.n)
        form_errors_add(&errs, "reason", "Enter the reason for changing this person's role, region or organisation");
    if (strlen(reason) > 2000)
        form_errors_add(&errs, "reason", "Reason must be 2000 characters or fewer");
    if (errs.n) {
        render_edit(r, w, &u, &f, reason, &errs);
        user_free(&u);
        return;
    }
    int rc = user_update(r->db, &r->actor, u.id, &f, reason);
    if (rc == USER_EMAIL_TAKEN) {
        form_errors_add(&errs, "email", "There is already an account with this email address");
        render_edit(r, w, &u, &f, reason, &errs);
        user_free(&u);
        return;
    }
    if (rc != USER_OK) {
        user_free(&u);
        page_error(r, w, 500);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/users/%lld", (long long)u.id);
    req_flash(r, "Account details saved");
    resp_redirect(w, loc);
    user_free(&u);
}

/* --- reset password ------------------------------------------------------ */

static void render_password(Req *r, Resp *w, const User *u, const char *reason, const FormErrors *errs)
{
    char back[64], action[64];
    snprintf(back, sizeof back, "/users/%lld", (long long)u->id);
    snprintf(action, sizeof action, "/users/%lld/password", (long long)u->id);
    Html h, before;
    html_init(&h);
    html_init(&before);
    back_link(&before, back);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Reset password</h1>"
                    "<p class=\"govuk-body\">They will be signed out everywhere and must use the new password."
                    " Give it to them in person or by phone, not by email.</p>"
                    "<form method=\"post\" action=\"%s\" novalidate>", u->name, action);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_input(&h, &(GovukInput){.name = "password", .label = "New password", .hint = "At least 12 characters",
                                  .type = "password", .autocomplete = "new-password",
                                  .error = form_errors_get(errs, "password")});
    govuk_input(&h, &(GovukInput){.name = "confirm", .label = "Confirm the new password", .type = "password",
                                  .autocomplete = "new-password", .error = form_errors_get(errs, "confirm")});
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .max_chars = 2000, .label = "Reason (optional)",
                                        .hint = "For example, \"Forgotten password, confirmed by phone\"",
                                        .value = reason, .rows = 2, .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Reset password", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Reset password", .nav = "users", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /users/{id}/password */
void page_user_password_form(Req *r, Resp *w)
{
    User u;
    if (!load_user(r, w, &u))
        return;
    FormErrors errs = {0};
    render_password(r, w, &u, "", &errs);
    user_free(&u);
}

/* POST /users/{id}/password */
void page_user_password_submit(Req *r, Resp *w)
{
    User u;
    if (!load_user(r, w, &u))
        return;
    const char *pw = req_form_raw(r, "password");
    const char *confirm = req_form_raw(r, "confirm");
    const char *reason = req_form(r, "reason");
    FormErrors errs = {0};
    const char *problem = password_problem(pw);
    if (problem)
        form_errors_add(&errs, "password", problem);
    else if (strcmp(pw, confirm) != 0)
        form_errors_add(&errs, "confirm", "The passwords do not match");
    if (strlen(reason) > 2000)
        form_errors_add(&errs, "reason", "Reason must be 2000 characters or fewer");
    if (errs.n) {
        render_password(r, w, &u, reason, &errs);
        user_free(&u);
        return;
    }
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(pw, hash) != 0 || user_set_password(r->db, &r->actor, u.id, hash, reason) != USER_OK) {
        user_free(&u);
        page_error(r, w, 500);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/users/%lld", (long long)u.id);
    if (u.id == r->user.id) {
        /* resetting your own password signs you out too */
        r->clear_session_cookie = 1;
        resp_redirect(w, "/login");
    } else {
        req_flash(r, "Password reset. They have been signed out everywhere");
        resp_redirect(w, loc);
    }
    user_free(&u);
}

/* --- disable and re-enable ---------------------------------------------- */

static void render_status(Req *r, Resp *w, const User *u, const char *reason, const FormErrors *errs)
{
    char back[64], action[64];
    snprintf(back, sizeof back, "/users/%lld", (long long)u->id);
    snprintf(action, sizeof action, "/users/%lld/status", (long long)u->id);
    int disabling = u->disabled_at == NULL;
    const char *title = disabling ? "Disable this account" : "Re-enable this account";
    Html h, before;
    html_init(&h);
    html_init(&before);
    back_link(&before, back);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", u->name,
                title);
    if (disabling)
        html_lit(&h, "<p class=\"govuk-body\">They will be signed out at once and will not be able to sign in."
                     " Their name stays on everything they did. You can re-enable the account later.</p>");
    else
        html_lit(&h, "<p class=\"govuk-body\">They will be able to sign in again with their existing password.</p>");
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    html_printf(&h, "<input type=\"hidden\" name=\"action\" value=\"%s\">", disabling ? "disable" : "enable");
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .max_chars = 2000,
                                        .label = "Reason",
                                        .label_classes = "govuk-label--m",
                                        .hint = disabling ? "For example, \"Left the department on 31 March\"" : NULL,
                                        .value = reason,
                                        .rows = 3,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = disabling ? "Disable account" : "Re-enable account",
                                    .variant = disabling ? GOVUK_BUTTON_WARNING : GOVUK_BUTTON_PRIMARY,
                                    .prevent_double_click = 1});
    html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Cancel</a></p></form></div></div>",
                back);
    PageOpts o = {.title = title, .nav = "users", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /users/{id}/status */
void page_user_status_form(Req *r, Resp *w)
{
    User u;
    if (!load_user(r, w, &u))
        return;
    if (u.id == r->user.id) {
        user_free(&u);
        page_error(r, w, 403);
        return;
    }
    FormErrors errs = {0};
    render_status(r, w, &u, "", &errs);
    user_free(&u);
}

/* POST /users/{id}/status (action=disable|enable, reason) */
void page_user_status_submit(Req *r, Resp *w)
{
    User u;
    if (!load_user(r, w, &u))
        return;
    if (u.id == r->user.id) {
        /* disabling yourself would lock you out */
        user_free(&u);
        page_error(r, w, 403);
        return;
    }
    const char *action = req_form(r, "action");
    const char *reason = req_form(r, "reason");
    int disable = strcmp(action, "disable") == 0;
    FormErrors errs = {0};
    if (!disable && strcmp(action, "enable") != 0) {
        user_free(&u);
        page_error(r, w, 400);
        return;
    }
    if (!*reason)
        form_errors_add(&errs, "reason", disable ? "Enter the reason for disabling this account"
                                                 : "Enter the reason for re-enabling this account");
    else if (strlen(reason) > 2000)
        form_errors_add(&errs, "reason", "Reason must be 2000 characters or fewer");
    if (errs.n) {
        render_status(r, w, &u, reason, &errs);
        user_free(&u);
        return;
    }
    if (user_set_disabled(r->db, &r->actor, u.id, disable, reason) != USER_OK) {
        user_free(&u);
        page_error(r, w, 500);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/users/%lld", (long long)u.id);
    req_flash(r, disable ? "Account disabled" : "Account re-enabled");
    resp_redirect(w, loc);
    user_free(&u);
}
