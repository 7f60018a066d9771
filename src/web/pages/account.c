/*
 * account.c - a signed-in person's own account: changing their password.
 *
 * Anyone signed in may change their own password, giving the current one
 * (so that a session left open on a shared screen cannot be used to lock its
 * owner out). Changing it signs the person out everywhere else; this browser
 * is given a new session, so they carry on where they were. An
 * administrator's reset of someone else's password is in users.c.
 */
#include "core/password.h"
#include "domain/signin.h"
#include "store/sessions.h"
#include "store/users.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <stdio.h>
#include <string.h>

#define ACCOUNT_PASSWORD_PATH "/account/password"

static void render(Req *r, Resp *w, const FormErrors *errs)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = "/"});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Change your password</h1>"
                 "<p class=\"govuk-body\">You will stay signed in here, and be signed out on every other device.</p>"
                 "<form method=\"post\" action=\"" ACCOUNT_PASSWORD_PATH "\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    /* passwords are never written back into the form */
    govuk_input(&h, &(GovukInput){.name = "current", .label = "Current password", .type = "password",
                                  .autocomplete = "current-password", .error = form_errors_get(errs, "current")});
    new_password_fields(&h, errs, "New password", "Confirm your new password");
    govuk_button(&h, &(GovukButton){.text = "Change password", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Change your password", .nav = "home", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /account/password */
void page_account_password_form(Req *r, Resp *w)
{
    FormErrors errs = {0};
    render(r, w, &errs);
}

/* POST /account/password */
void page_account_password_submit(Req *r, Resp *w)
{
    const char *current = req_form_raw(r, "current");
    const char *pw = req_form_raw(r, "password");
    const char *confirm = req_form_raw(r, "confirm");
    FormErrors errs = {0};
    User u;
    if (user_get(r->db, r->user.id, &u) != 1) {
        page_error(r, w, 500);
        return;
    }
    if (!*current)
        form_errors_add(&errs, "current", "Enter your current password");
    else if (!password_verify(u.password_hash, current))
        form_errors_add(&errs, "current", "Your current password is incorrect");
    const char *problem = password_problem(pw);
    if (problem)
        form_errors_add(&errs, "password", problem);
    else if (*current && strcmp(pw, current) == 0)
        form_errors_add(&errs, "password", "Your new password must be different from your current password");
    else if (strcmp(pw, confirm) != 0)
        form_errors_add(&errs, "confirm", "Enter the same new password twice");
    user_free(&u);
    if (errs.n) {
        render(r, w, &errs);
        return;
    }
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(pw, hash) != 0 ||
        user_set_password(r->db, &r->actor, r->user.id, hash, "changed their own password") != USER_OK) {
        page_error(r, w, 500);
        return;
    }
    /* every session, this one included, has ended: a new one for this browser */
    Session s;
    if (session_create(r->db, r->user.id, r->ip, r->now, r->new_session_token, &s) != 0) {
        r->new_session_token[0] = '\0';
        r->clear_session_cookie = 1;
        resp_redirect(w, "/login");
        return;
    }
    session_set_flash(r->db, &s, "Your password has been changed. You have been signed out on every other device");
    session_free(&s);
    resp_redirect(w, "/");
}
