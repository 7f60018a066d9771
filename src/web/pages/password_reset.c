/*
 * password_reset.c - resetting a forgotten password by email (issue 11,
 * item 3; docs/decisions/0015-first-messages.md).
 *
 * /password-reset asks for the email address and answers "check your email"
 * whether or not an account has it (nobody can learn who has an account
 * here), sending a link only to an active account and only within the
 * limits per account and per network address. The link,
 * /password-reset/TOKEN, works once until it expires
 * (RISE_PASSWORD_RESET_TTL_S seconds, default 2 hours); following it asks
 * for a new password (the rules of domain/signin.h), which ends every
 * session of the account. Public pages: the forms carry a CSRF token from a
 * pre-login session, as the sign-in form does.
 */
#include "core/password.h"
#include "domain/password_reset.h"
#include "domain/signin.h"
#include "store/password_resets.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

void new_password_fields(Html *h, const FormErrors *errs, const char *label, const char *confirm_label)
{
    govuk_input(h, &(GovukInput){.name = "password", .label = label, .hint = "At least 12 characters",
                                 .type = "password", .autocomplete = "new-password",
                                 .error = form_errors_get(errs, "password")});
    govuk_input(h, &(GovukInput){.name = "confirm", .label = confirm_label, .type = "password",
                                 .autocomplete = "new-password", .error = form_errors_get(errs, "confirm")});
}

const char *new_password_read(Req *r, FormErrors *errs, const char *mismatch)
{
    const char *pw = req_form_raw(r, "password");
    const char *problem = password_problem(pw);
    if (problem)
        form_errors_add(errs, "password", problem);
    else if (strcmp(pw, req_form_raw(r, "confirm")) != 0)
        form_errors_add(errs, "confirm", mismatch);
    return problem || form_errors_get(errs, "confirm") ? NULL : pw;
}

static int64_t reset_ttl(void)
{
    return reset_ttl_parse(getenv("RISE_PASSWORD_RESET_TTL_S"));
}

static void csrf_start(Req *r)
{
    if (!r->has_session)
        req_prelogin_start(r);
}

static void render_ask(Req *r, Resp *w, const FormErrors *errs, const char *email)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = "/login"});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Reset your password</h1>"
                 "<p class=\"govuk-body\">Enter the email address you sign in with. We will email you a link"
                 " to set a new password.</p>"
                 "<form method=\"post\" action=\"/password-reset\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    govuk_input(&h, &(GovukInput){.name = "email", .label = "Email address", .type = "email",
                                  .autocomplete = "email", .spellcheck = -1, .value = email,
                                  .error = form_errors_get(errs, "email")});
    govuk_button(&h, &(GovukButton){.text = "Send the link", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Reset your password", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /password-reset */
void page_password_reset_form(Req *r, Resp *w)
{
    csrf_start(r);
    FormErrors errs = {0};
    render_ask(r, w, &errs, "");
}

/* POST /password-reset */
void page_password_reset_submit(Req *r, Resp *w)
{
    const char *email = req_form(r, "email");
    FormErrors errs = {0};
    if (!*email)
        form_errors_add(&errs, "email", "Enter your email address");
    else if (strlen(email) > 254 || !email_valid(email))
        form_errors_add(&errs, "email", "Enter an email address in the correct format, like name@example.com");
    if (errs.n) {
        render_ask(r, w, &errs, email);
        return;
    }
    int64_t ttl = reset_ttl();
    if (password_reset_request(r->db, email, r->ip, r->now, ttl) != 0) {
        page_error(r, w, 500);
        return;
    }
    /* the same page whether or not the address has an account */
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                 "<h1 class=\"govuk-heading-l\">Check your email</h1>");
    html_printf(&h, "<p class=\"govuk-body\">If <strong>%s</strong> is the address of an account, we have sent"
                    " it a link to reset the password.</p>", email);
    html_lit(&h, "<p class=\"govuk-body\">The link works once, for a limited time. If no email arrives within"
                 " a few minutes, check your spam folder, or <a class=\"govuk-link\" href=\"/password-reset\">"
                 "ask for another link</a>.</p></div></div>");
    PageOpts o = {.title = "Check your email"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* The page for a link that does not work (unknown, used or expired). */
static void render_gone(Req *r, Resp *w)
{
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                 "<h1 class=\"govuk-heading-l\">This link has expired or has already been used</h1>"
                 "<p class=\"govuk-body\">A link to reset your password works once, for a limited time.</p>"
                 "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/password-reset\">Ask for a new link</a>"
                 "</p></div></div>");
    PageOpts o = {.title = "This link has expired or has already been used"};
    page_render(r, w, 410, &o, &h);
    html_free(&h);
}

static void render_set(Req *r, Resp *w, const FormErrors *errs, const char *token)
{
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Set a new password</h1>"
                 "<p class=\"govuk-body\">You will be signed out everywhere, and can then sign in with your new"
                 " password.</p>");
    html_printf(&h, "<form method=\"post\" action=\"/password-reset/%s\" novalidate>", token);
    govuk_csrf_field(&h, req_csrf(r));
    new_password_fields(&h, errs, "New password", "Confirm your new password");
    govuk_button(&h, &(GovukButton){.text = "Set password", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Set a new password"};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
}

/* GET /password-reset/{token} */
void page_password_reset_link(Req *r, Resp *w)
{
    const char *token = req_param(r, 0);
    int64_t uid;
    int rc = password_reset_find(r->db, token, r->now, &uid);
    if (rc == RESET_ERROR) {
        page_error(r, w, 500);
        return;
    }
    if (rc != RESET_OK) {
        render_gone(r, w);
        return;
    }
    csrf_start(r);
    FormErrors errs = {0};
    render_set(r, w, &errs, token);
}

/* POST /password-reset/{token} */
void page_password_reset_set(Req *r, Resp *w)
{
    const char *token = req_param(r, 0);
    int64_t uid;
    int rc = password_reset_find(r->db, token, r->now, &uid);
    if (rc == RESET_ERROR) {
        page_error(r, w, 500);
        return;
    }
    if (rc != RESET_OK) {
        render_gone(r, w);
        return;
    }
    FormErrors errs = {0};
    const char *pw = new_password_read(r, &errs, "Enter the same new password twice");
    if (!pw) {
        render_set(r, w, &errs, token);
        return;
    }
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(pw, hash) != 0) {
        page_error(r, w, 500);
        return;
    }
    rc = password_reset_use(r->db, token, hash, r->ip, r->now);
    if (rc == RESET_GONE) { /* used by another request meanwhile */
        render_gone(r, w);
        return;
    }
    if (rc != RESET_OK) {
        page_error(r, w, 500);
        return;
    }
    if (r->signed_in && r->user.id == uid)
        r->clear_session_cookie = 1; /* this browser's session has ended too */
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    html_lit(&h, "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">"
                 "Your password has been reset</h1></div><p class=\"govuk-body\">You have been signed out everywhere.</p>"
                 "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/login\">Sign in</a> with your new"
                 " password.</p></div></div>");
    PageOpts o = {.title = "Your password has been reset"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}
