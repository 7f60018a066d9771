/*
 * invitations.c - inviting people outside DfE and their first visit (issue
 * 11 item 4; docs/decisions/0016-people-outside-dfe.md).
 *
 * /invitations lists the people invited (a delivery officer's own, or
 * everyone's for an administrator) with where each invitation stands, and
 * sends a new link. /invitations/new invites a school's, trust's, local
 * authority's or supporting organisation's member of staff; from a case
 * (?case=ID&for=school|rb) it is filled in with the case's school or
 * responsible body. A delivery officer invites for schools, trusts and local
 * authorities in their region (authorise() with that region as the scope)
 * and for any supporting organisation. /invitation/TOKEN is the link in the
 * email: it sets the password, then goes straight on to setting up
 * two-factor sign-in, which every role needs.
 */
#include "core/date.h"
#include "core/password.h"
#include "domain/external.h"
#include "domain/signin.h"
#include "store/casework.h"
#include "store/invitations.h"
#include "store/organisations.h"
#include "store/users.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t invitation_ttl(void)
{
    const char *s = getenv("RISE_INVITATION_TTL_S");
    char *end;
    long long v = s && *s ? strtoll(s, &end, 10) : 0;
    return (s && *s && !*end && v > 0 && v <= 30 * 86400) ? (int64_t)v : INVITATION_TTL_DEFAULT;
}

static void epoch_date(int64_t t, char *out, size_t n)
{
    date_long(date_local(t), out, (int)n);
}

/* --- the form ----------------------------------------------------------- */

typedef struct InviteForm {
    const char *kind, *urn, *trust_uid, *la_code, *organisation_id, *new_organisation, *new_kind, *name, *email,
        *case_id;
} InviteForm;

static const char *kind_ref(const InviteForm *f, OrgKind k)
{
    switch (k) {
    case ORG_SCHOOL: return f->urn;
    case ORG_TRUST: return f->trust_uid;
    case ORG_LA: return f->la_code;
    case ORG_PROVIDER: return f->organisation_id;
    default: return "";
    }
}

static void render_new(Req *r, Resp *w, const InviteForm *f, const FormErrors *errs)
{
    Html h, before, c_school, c_trust, c_la, c_provider;
    html_init(&h);
    html_init(&before);
    html_init(&c_school);
    html_init(&c_trust);
    html_init(&c_la);
    html_init(&c_provider);
    char back[64];
    if (*f->case_id)
        snprintf(back, sizeof back, "/cases/%s/contacts", f->case_id);
    else
        snprintf(back, sizeof back, "/invitations");
    govuk_back_link(&before, &(GovukBackLink){.href = back});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Invite someone from outside DfE</h1>"
                 "<p class=\"govuk-body\">They will get an email with a link to set a password and two-factor"
                 " sign-in. They will see only their own part: a school its own cases, a trust or local"
                 " authority its schools' cases, a supporting organisation the cases it is proposed for or"
                 " matched to. They never see notes, decisions or anyone else's records.</p>");
    html_lit(&h, "<form method=\"post\" action=\"/invitations/new\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    html_printf(&h, "<input type=\"hidden\" name=\"case\" value=\"%s\">", f->case_id);

    govuk_input(&c_school, &(GovukInput){.name = "urn", .label = "School's URN", .hint = "A number like 100000",
                                         .inputmode = "numeric", .classes = "govuk-input--width-10",
                                         .value = f->urn, .error = form_errors_get(errs, "urn")});
    govuk_input(&c_trust, &(GovukInput){.name = "trust_uid", .label = "Trust's group UID",
                                        .hint = "The number GIAS gives the trust, like 2044", .inputmode = "numeric",
                                        .classes = "govuk-input--width-10", .value = f->trust_uid,
                                        .error = form_errors_get(errs, "trust_uid")});
    govuk_input(&c_la, &(GovukInput){.name = "la_code", .label = "Local authority code",
                                     .hint = "Three digits, like 391", .inputmode = "numeric",
                                     .classes = "govuk-input--width-4", .value = f->la_code,
                                     .error = form_errors_get(errs, "la_code")});
    OrganisationList orgs;
    if (organisations_list(r->db, &orgs) != 0)
        memset(&orgs, 0, sizeof orgs);
    GovukOption *opts = calloc(orgs.n + 1, sizeof *opts);
    char (*ids)[24] = calloc(orgs.n + 1, sizeof *ids);
    if (opts && ids) {
        opts[0] = (GovukOption){.value = "", .text = orgs.n ? "Choose an organisation" : "None yet: add one below"};
        for (size_t i = 0; i < orgs.n; i++) {
            snprintf(ids[i], sizeof ids[i], "%lld", (long long)orgs.items[i].id);
            opts[i + 1] = (GovukOption){.value = ids[i], .text = orgs.items[i].name};
        }
        govuk_select(&c_provider, &(GovukSelect){.name = "organisation_id", .label = "Organisation",
                                                 .hint = "Supporting organisations and system leaders already"
                                                         " invited",
                                                 .value = f->organisation_id, .items = opts,
                                                 .n_items = (int)orgs.n + 1,
                                                 .error = form_errors_get(errs, "organisation_id")});
    }
    govuk_input(&c_provider, &(GovukInput){.name = "new_organisation", .label = "Or a new organisation's name",
                                           .value = f->new_organisation,
                                           .error = form_errors_get(errs, "new_organisation")});
    GovukChoice nk[] = {{.value = "supporting-organisation", .text = "Supporting organisation"},
                        {.value = "system-leader", .text = "System leader"}};
    govuk_radios(&c_provider, &(GovukRadios){.name = "new_kind", .legend = "What the new organisation is",
                                             .legend_classes = "govuk-fieldset__legend--s", .value = f->new_kind,
                                             .items = nk, .n_items = 2, .is_inline = 1,
                                             .error = form_errors_get(errs, "new_kind")});
    GovukChoice kinds[] = {
        {.value = "school", .text = "A school's staff", .hint = "Such as the headteacher or chair of governors",
         .conditional = &c_school},
        {.value = "trust", .text = "An academy trust's staff", .hint = "For an academy, or the trust's own case",
         .conditional = &c_trust},
        {.value = "la", .text = "A local authority's staff", .hint = "For a maintained school",
         .conditional = &c_la},
        {.value = "provider", .text = "A supporting organisation's or system leader's staff",
         .conditional = &c_provider},
    };
    govuk_radios(&h, &(GovukRadios){.name = "kind", .legend = "Who are you inviting?",
                                    .legend_classes = "govuk-fieldset__legend--m", .value = f->kind, .items = kinds,
                                    .n_items = 4, .error = form_errors_get(errs, "kind")});
    govuk_input(&h, &(GovukInput){.name = "name", .label = "Their full name", .value = f->name,
                                  .autocomplete = "off", .spellcheck = -1, .error = form_errors_get(errs, "name")});
    govuk_input(&h, &(GovukInput){.name = "email", .label = "Their email address", .type = "email",
                                  .hint = "Their work address: they will sign in with it", .autocomplete = "off",
                                  .spellcheck = -1, .value = f->email, .error = form_errors_get(errs, "email")});
    govuk_button(&h, &(GovukButton){.text = "Send invitation", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Invite someone from outside DfE", .nav = "invitations", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    free(opts);
    free(ids);
    organisation_list_free(&orgs);
    html_free(&h);
    html_free(&before);
    html_free(&c_school);
    html_free(&c_trust);
    html_free(&c_la);
    html_free(&c_provider);
}

/* The case named by ?case= or the form's case, if the user may read it. */
static int load_case(Req *r, const char *id_text, Case *c)
{
    char *end;
    long long id = id_text && *id_text ? strtoll(id_text, &end, 10) : 0;
    if (id <= 0 || *end || case_get(r->db, id, c) != 1)
        return 0;
    Scope s = case_scope(c);
    if (authorise(&r->who, PERM_CASES_READ, &s) != ACCESS_ALLOW) {
        case_free(c);
        return 0;
    }
    return 1;
}

/* GET /invitations/new[?case=ID&for=school|rb] */
void page_invitation_new_form(Req *r, Resp *w)
{
    InviteForm f = {"", "", "", "", "", "", "", "", "", ""};
    char urn[24] = "", uid[24] = "", cid[24] = "";
    char *la = NULL;
    Case c;
    if (load_case(r, req_query(r, "case"), &c)) {
        snprintf(cid, sizeof cid, "%lld", (long long)c.id);
        f.case_id = cid;
        Scope s = case_scope(&c);
        int rb = strcmp(req_query(r, "for"), "rb") == 0;
        if (!rb && s.urn) {
            snprintf(urn, sizeof urn, "%lld", (long long)s.urn);
            f.kind = "school";
            f.urn = urn;
        } else if (s.rb_trust_uid) {
            snprintf(uid, sizeof uid, "%lld", (long long)s.rb_trust_uid);
            f.kind = "trust";
            f.trust_uid = uid;
        } else if (s.rb_la_code) {
            la = strdup(s.rb_la_code);
            f.kind = "la";
            f.la_code = la ? la : "";
        }
        case_free(&c);
    }
    FormErrors errs = {0};
    render_new(r, w, &f, &errs);
    free(la);
}

/* Checks the organisation chosen: it exists and the user may invite for it. */
static void check_organisation(Req *r, const InviteForm *f, OrgKind k, FormErrors *errs)
{
    const char *field = k == ORG_SCHOOL ? "urn" : k == ORG_TRUST ? "trust_uid" : k == ORG_LA ? "la_code" : NULL;
    const char *ref = kind_ref(f, k);
    if (k == ORG_PROVIDER) {
        if (!*f->organisation_id && !*f->new_organisation)
            form_errors_add(errs, "organisation_id", "Choose the organisation, or enter a new organisation's name");
        else if (*f->organisation_id && *f->new_organisation)
            form_errors_add(errs, "new_organisation", "Choose an organisation or enter a new one, not both");
        else if (*f->new_organisation && strlen(f->new_organisation) > 200)
            form_errors_add(errs, "new_organisation", "The organisation's name must be 200 characters or fewer");
        else if (*f->new_organisation && strcmp(f->new_kind, "supporting-organisation") != 0 &&
                 strcmp(f->new_kind, "system-leader") != 0)
            form_errors_add(errs, "new_kind", "Select whether the new organisation is a supporting organisation or a"
                                              " system leader");
        else if (*f->organisation_id) {
            char d[300];
            if (org_describe(r->db, ORG_PROVIDER, f->organisation_id, d, sizeof d) != 1)
                form_errors_add(errs, "organisation_id", "Choose an organisation from the list");
        }
        return;
    }
    static const char *const empty[] = {"", "Enter the school's URN", "Enter the trust's group UID",
                                        "Enter the local authority's code"};
    static const char *const bad[] = {"", "The school's URN must be a number like 100000",
                                      "The trust's group UID must be a number like 2044",
                                      "The local authority code must be three digits, like 391"};
    static const char *const unknown[] = {"", "There is no school with this URN in the reference data",
                                          "There is no trust with this group UID in the reference data",
                                          "There is no local authority with this code in the reference data"};
    if (!*ref) {
        form_errors_add(errs, field, empty[k]);
        return;
    }
    if (!org_ref_valid(k, ref)) {
        form_errors_add(errs, field, bad[k]);
        return;
    }
    char d[300];
    if (org_describe(r->db, k, ref, d, sizeof d) != 1) {
        form_errors_add(errs, field, unknown[k]);
        return;
    }
    /* a delivery officer invites only in their own region */
    int in = r->who.region ? org_in_region(r->db, k, ref, r->who.region) : 0;
    Scope s = {.region = in == 1 ? r->who.region : ""};
    if (authorise(&r->who, PERM_PEOPLE_INVITE, &s) != ACCESS_ALLOW) {
        char msg[300];
        snprintf(msg, sizeof msg, "You can invite only for schools, trusts and local authorities in %s",
                 r->who.region ? r->who.region : "your region");
        form_errors_add(errs, field, msg);
    }
}

/* POST /invitations/new */
void page_invitation_new_submit(Req *r, Resp *w)
{
    InviteForm f = {req_form(r, "kind"),          req_form(r, "urn"),
                    req_form(r, "trust_uid"),     req_form(r, "la_code"),
                    req_form(r, "organisation_id"), req_form(r, "new_organisation"),
                    req_form(r, "new_kind"),      req_form(r, "name"),
                    req_form(r, "email"),         req_form(r, "case")};
    FormErrors errs = {0};
    OrgKind k = org_kind_from_slug(f.kind);
    if (k == ORG_NONE)
        form_errors_add(&errs, "kind", "Select who you are inviting");
    else
        check_organisation(r, &f, k, &errs);
    if (!*f.name)
        form_errors_add(&errs, "name", "Enter their full name");
    else if (strlen(f.name) > 200)
        form_errors_add(&errs, "name", "Their full name must be 200 characters or fewer");
    if (!*f.email)
        form_errors_add(&errs, "email", "Enter their email address");
    else if (!email_valid(f.email))
        form_errors_add(&errs, "email", "Enter an email address in the correct format, like name@school.org.uk");
    Case c;
    int64_t case_id = 0;
    if (*f.case_id && load_case(r, f.case_id, &c)) {
        case_id = c.id;
        case_free(&c);
    }
    if (!errs.n) {
        User u;
        int taken = user_get_by_email(r->db, f.email, &u);
        if (taken == 1) {
            user_free(&u);
            form_errors_add(&errs, "email", "There is already an account with this email address");
        } else if (taken < 0) {
            page_error(r, w, 500);
            return;
        }
    }
    if (errs.n) {
        render_new(r, w, &f, &errs);
        return;
    }
    char org_id[24];
    const char *ref = kind_ref(&f, k);
    if (k == ORG_PROVIDER && *f.new_organisation) {
        int64_t id;
        if (db_begin(r->db) != 0 || organisation_add(r->db, &r->actor, f.new_organisation, f.new_kind, &id) != 0 ||
            db_commit(r->db) != 0) {
            db_rollback(r->db);
            page_error(r, w, 500);
            return;
        }
        snprintf(org_id, sizeof org_id, "%lld", (long long)id);
        ref = org_id;
    }
    InviteFields inv = {.email = f.email, .name = f.name, .kind = k, .organisation = ref};
    int64_t uid;
    int rc = invitation_send(r->db, &r->actor, &inv, case_id, r->now, invitation_ttl(), &uid);
    if (rc == INVITE_EMAIL_TAKEN) {
        form_errors_add(&errs, "email", "There is already an account with this email address");
        render_new(r, w, &f, &errs);
        return;
    }
    if (rc != INVITE_OK) {
        page_error(r, w, 500);
        return;
    }
    char msg[600], back[64];
    snprintf(msg, sizeof msg, "Invitation sent to %s (%s)", f.name, f.email);
    req_flash(r, msg);
    if (case_id)
        snprintf(back, sizeof back, "/cases/%lld/contacts", (long long)case_id);
    else
        snprintf(back, sizeof back, "/invitations");
    resp_redirect(w, back);
}

/* --- the list ------------------------------------------------------------ */

/* GET /invitations */
void page_invitations_list(Req *r, Resp *w)
{
    InvitationList l;
    int64_t mine = r->who.role == ROLE_ADMIN ? 0 : r->who.user_id;
    if (invitations_list(r->db, mine, r->now, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">People outside DfE</h1>");
    html_printf(&h, "<p class=\"govuk-body\">%s</p>",
                mine ? "The people you have invited: staff of schools, trusts, local authorities and supporting"
                       " organisations."
                     : "Everyone invited: staff of schools, trusts, local authorities and supporting organisations.");
    govuk_button(&h, &(GovukButton){.text = "Invite someone", .href = "/invitations/new"});
    if (l.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No one has been invited yet.</p>");
    } else {
        html_lit(&h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
                     "Invitations</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                     "<th scope=\"col\" class=\"govuk-table__header\">Person</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">Organisation</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">Invited</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\"><span class=\"govuk-visually-hidden\">"
                     "Actions</span></th></tr></thead><tbody class=\"govuk-table__body\">");
        for (size_t i = 0; i < l.n; i++) {
            InvitationRow *x = &l.items[i];
            char org[400], on[40], until[40];
            org_describe(r->db, org_kind_from_slug(x->org_kind), x->organisation, org, sizeof org);
            epoch_date(x->created_at, on, sizeof on);
            epoch_date(x->expires_at, until, sizeof until);
            const char *status = x->disabled ? "Account disabled" : invitation_state_label(x->state);
            const char *colour = x->disabled                          ? "govuk-tag--grey"
                                 : x->state == INVITATION_ACCEPTED    ? "govuk-tag--green"
                                 : x->state == INVITATION_OPEN        ? "govuk-tag--blue"
                                                                      : "govuk-tag--yellow";
            html_printf(&h,
                        "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s<br>"
                        "<span class=\"govuk-hint\">%s</span></td><td class=\"govuk-table__cell\">%s</td>"
                        "<td class=\"govuk-table__cell\">%s<br><span class=\"govuk-hint\">by %s</span></td>"
                        "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag %s\">%s</strong>",
                        x->name, x->email, org, on, person_name(x->invited_by), colour, status);
            if (x->state == INVITATION_OPEN && !x->disabled)
                html_printf(&h, "<br><span class=\"govuk-hint\">The link works until %s</span>", until);
            html_lit(&h, "</td><td class=\"govuk-table__cell\">");
            if (!x->disabled && x->state != INVITATION_ACCEPTED)
                html_printf(&h,
                            "<form method=\"post\" action=\"/invitations/%lld/resend\">"
                            "<input type=\"hidden\" name=\"csrf_token\" value=\"%s\">"
                            "<button type=\"submit\" class=\"govuk-button govuk-button--secondary"
                            " govuk-!-margin-bottom-0\" data-module=\"govuk-button\">Send a new link"
                            "<span class=\"govuk-visually-hidden\"> to %s</span></button></form>",
                            (long long)x->user_id, req_csrf(r), x->name);
            html_lit(&h, "</td></tr>");
        }
        html_lit(&h, "</tbody></table>");
    }
    PageOpts o = {.title = "People outside DfE", .nav = "invitations"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    invitation_list_free(&l);
}

/* POST /invitations/{id}/resend */
void page_invitation_resend(Req *r, Resp *w)
{
    char *end;
    const char *p = req_param(r, 0);
    long long id = strtoll(p, &end, 10);
    if (!*p || *end || id <= 0) {
        page_error(r, w, 404);
        return;
    }
    User u;
    int found = user_get(r->db, id, &u);
    if (found != 1) {
        page_error(r, w, found < 0 ? 500 : 404);
        return;
    }
    /* an administrator resends anyone's; a delivery officer those they invited */
    if (r->who.role != ROLE_ADMIN && u.invited_by_id != r->who.user_id) {
        user_free(&u);
        page_error(r, w, 403);
        return;
    }
    int rc = invitation_resend(r->db, &r->actor, id, r->now, invitation_ttl());
    char msg[600];
    if (rc == INVITE_OK)
        snprintf(msg, sizeof msg, "A new link was sent to %s (%s). The earlier one no longer works.", u.name, u.email);
    else if (rc == INVITE_GONE)
        snprintf(msg, sizeof msg, "%s has already accepted, or their account is disabled: nothing was sent", u.name);
    user_free(&u);
    if (rc != INVITE_OK && rc != INVITE_GONE) {
        page_error(r, w, rc == INVITE_NOT_FOUND ? 404 : 500);
        return;
    }
    req_flash(r, msg);
    resp_redirect(w, "/invitations");
}

/* --- the link ------------------------------------------------------------ */

static void render_gone(Req *r, Resp *w)
{
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                 "<h1 class=\"govuk-heading-l\">This invitation has expired or has already been used</h1>"
                 "<p class=\"govuk-body\">An invitation link works once, for 7 days. If you have already set your"
                 " password, <a class=\"govuk-link\" href=\"/login\">sign in</a>. Otherwise ask the person at the"
                 " Department for Education who invited you to send a new link.</p></div></div>");
    PageOpts o = {.title = "This invitation has expired or has already been used"};
    page_render(r, w, 410, &o, &h);
    html_free(&h);
}

static void render_accept(Req *r, Resp *w, const FormErrors *errs, const char *token, const User *u)
{
    Html h;
    html_init(&h);
    char org[400];
    org_describe(r->db, org_kind_from_slug(u->org_kind), u->organisation, org, sizeof org);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h,
                "<h1 class=\"govuk-heading-l\">Set up your account</h1>"
                "<p class=\"govuk-body\">%s, you have been invited to RISE, the Department for Education's service"
                " for school improvement support, as %s.</p>"
                "<p class=\"govuk-body\">You will sign in with your email address, %s, a password and a code"
                " from an authenticator app on your phone. Choose your password now; you will set up the app"
                " next.</p>",
                u->name, org, u->email);
    html_printf(&h, "<form method=\"post\" action=\"/invitation/%s\" novalidate>", token);
    govuk_csrf_field(&h, req_csrf(r));
    new_password_fields(&h, errs, "Choose a password", "Enter the password again");
    govuk_button(&h, &(GovukButton){.text = "Continue", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Set up your account"};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
}

/* The link's account, or the "gone" page. 1 when found. */
static int link_user(Req *r, Resp *w, const char *token, User *u)
{
    int64_t uid;
    int rc = invitation_find(r->db, token, r->now, &uid);
    if (rc == INVITE_ERROR) {
        page_error(r, w, 500);
        return 0;
    }
    if (rc != INVITE_OK || user_get(r->db, uid, u) != 1) {
        render_gone(r, w);
        return 0;
    }
    return 1;
}

/* GET /invitation/{token} */
void page_invitation_link(Req *r, Resp *w)
{
    const char *token = req_param(r, 0);
    User u;
    if (!link_user(r, w, token, &u))
        return;
    if (!r->has_session)
        req_prelogin_start(r);
    FormErrors errs = {0};
    render_accept(r, w, &errs, token, &u);
    user_free(&u);
}

/* POST /invitation/{token} */
void page_invitation_accept(Req *r, Resp *w)
{
    const char *token = req_param(r, 0);
    User u;
    if (!link_user(r, w, token, &u))
        return;
    FormErrors errs = {0};
    const char *pw = new_password_read(r, &errs, "Enter the same password twice");
    if (!pw) {
        render_accept(r, w, &errs, token, &u);
        user_free(&u);
        return;
    }
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(pw, hash) != 0) {
        user_free(&u);
        page_error(r, w, 500);
        return;
    }
    int rc = invitation_accept(r->db, token, hash, r->ip, r->now);
    if (rc != INVITE_OK) {
        user_free(&u);
        if (rc == INVITE_GONE)
            render_gone(r, w);
        else
            page_error(r, w, 500);
        return;
    }
    /* straight on to setting up two-factor sign-in, half signed in */
    if (db_begin(r->db) != 0 || login_half_start(r, &u, "set-up") != 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        user_free(&u);
        req_flash(r, "Your password is set. Sign in to continue.");
        resp_redirect(w, "/login");
        return;
    }
    user_free(&u);
    resp_redirect(w, "/login/two-factor/set-up");
}
