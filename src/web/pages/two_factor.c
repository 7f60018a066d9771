/*
 * two_factor.c - the second step of signing in (decision 0014).
 *
 * After a right password, a person with two-factor set up is half signed in
 * (their session's pending is "code") and enters the 6-digit code their
 * authenticator app shows, or one of their recovery codes. A person whose
 * role requires two-factor (domain/totp.h) and who has none is half signed
 * in at "set-up": this page shows a new secret (base32 for typing, and the
 * otpauth:// address) kept on their session, asks for a code to confirm it,
 * and then shows ten recovery codes, once. Wrong codes count through the
 * sign-in throttle (domain/signin.h) like wrong passwords: per person from
 * this address, per address and per email, so codes cannot be guessed.
 * Every step replaces the session (a new token), as signing in does.
 *
 * The administrator's reset is here too (/users/{id}/two-factor).
 */
#include "core/log.h"
#include "domain/signin.h"
#include "domain/totp.h"
#include "store/throttle.h"
#include "store/twofactor.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char ISSUER[] = "RISE";
static const char BAD_CODE[] = "Enter the code your authenticator app shows, or one of your recovery codes";
static const char BAD_SETUP_CODE[] = "Enter the 6-digit code your authenticator app shows for RISE";

/* The throttle's keys for codes: this person from this address (the "pair";
   not cleared by a right password, or a password known to an attacker would
   reset the count), this address, and this email from anywhere. */
typedef struct CodeKeys {
    char pair[120], ip[80], email[300];
} CodeKeys;

static void code_keys(const Req *r, CodeKeys *k)
{
    char lower[256];
    size_t i = 0;
    for (; r->user.email[i] && i + 1 < sizeof lower; i++)
        lower[i] = (char)tolower((unsigned char)r->user.email[i]);
    lower[i] = '\0';
    snprintf(k->pair, sizeof k->pair, "code:%s|%lld", r->ip, (long long)r->user.id);
    snprintf(k->ip, sizeof k->ip, "ip:%s", r->ip);
    snprintf(k->email, sizeof k->email, "email:%s", lower);
}

/* Seconds to wait before another code may be tried; adds the error. */
static int64_t code_wait(Req *r, const CodeKeys *k, FormErrors *errs)
{
    SigninFailures pf, af, ef;
    throttle_get(r->db, k->pair, &pf.count, &pf.last_at);
    throttle_get(r->db, k->ip, &af.count, &af.last_at);
    throttle_get(r->db, k->email, &ef.count, &ef.last_at);
    int64_t wait = signin_wait(pf, af, ef, r->now, NULL);
    if (wait > 0) {
        char msg[160];
        int64_t mins = (wait + 59) / 60;
        snprintf(msg, sizeof msg, "Too many wrong codes. Wait %lld minute%s and try again", (long long)mins,
                 mins == 1 ? "" : "s");
        form_errors_add(errs, "code", msg);
        log_warn("two-factor code refused while throttled: user %lld from %s", (long long)r->user.id, r->ip);
    }
    return wait;
}

/* Counts a wrong code and audits it. */
static void code_failed(Req *r, const CodeKeys *k, const char *why)
{
    if (db_begin(r->db) != 0)
        return;
    char idstr[24];
    snprintf(idstr, sizeof idstr, "%lld", (long long)r->user.id);
    AuditChange ch[] = {{"why", NULL, why}};
    if (throttle_fail(r->db, k->pair, r->now) == 0 && throttle_fail(r->db, k->ip, r->now) == 0 &&
        throttle_fail(r->db, k->email, r->now) == 0 &&
        audit_append(r->db, &r->actor, "login.failed", "user", idstr, ch, 1, NULL) == 0)
        db_commit(r->db);
    else
        db_rollback(r->db);
}

/* A page for someone who is not at this step: back to the start. */
static int wrong_step(Req *r, Resp *w, int step)
{
    if (r->half_signed_in == step)
        return 0;
    resp_redirect(w, r->signed_in ? "/" : r->half_signed_in == 1 ? "/login/two-factor"
                                       : r->half_signed_in == 2 ? "/login/two-factor/set-up"
                                                                : "/login");
    return 1;
}

static void start_over_link(Html *h)
{
    html_lit(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/login\">Sign in as someone else</a></p>");
}

/* --- entering a code ------------------------------------------------------ */

static void render_code(Req *r, Resp *w, const FormErrors *errs, const char *next)
{
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Enter your security code</h1>"
                 "<form method=\"post\" action=\"/login/two-factor\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    html_printf(&h, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
    /* never echo a code back: the field starts empty after an error */
    govuk_input(&h, &(GovukInput){.name = "code",
                                  .label = "Security code",
                                  .hint = "Open the authenticator app on your phone and enter the 6-digit code it"
                                          " shows for RISE. If you do not have your phone, enter one of your"
                                          " recovery codes.",
                                  .autocomplete = "one-time-code",
                                  .classes = "govuk-input--width-10",
                                  .spellcheck = -1,
                                  .error = form_errors_get(errs, "code")});
    govuk_button(&h, &(GovukButton){.text = "Continue", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    start_over_link(&h);
    html_lit(&h, "<p class=\"govuk-body\">If you have lost your phone and your recovery codes, ask your regional"
                 " team's administrator to reset your two-factor sign-in.</p></div></div>");
    PageOpts o = {.title = "Enter your security code"};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
}

/* GET /login/two-factor */
void page_two_factor_form(Req *r, Resp *w)
{
    if (wrong_step(r, w, 1))
        return;
    FormErrors errs = {0};
    render_code(r, w, &errs, safe_next(req_query(r, "next")));
}

/* Checks the code typed; 1 signed in (the session is replaced), 0 refused
   (errs says why), -1 error. */
static int accept_code(Req *r, const char *typed, FormErrors *errs, int *recovery_left)
{
    char code[64];
    int kind = totp_classify(typed, code, sizeof code);
    if (kind == 0) {
        form_errors_add(errs, "code", "Enter your security code");
        return 0;
    }
    TwoFactor tf;
    int has = twofactor_get(r->db, r->user.id, &tf);
    if (has != 1)
        return -1;
    int64_t step = kind == 1 ? totp_check(tf.secret, tf.secret_len, code, r->now, tf.last_step) : 0;
    *recovery_left = tf.recovery_left;
    sodium_memzero(&tf, sizeof tf);
    CodeKeys k;
    code_keys(r, &k);
    if (kind == 1 && step <= 0) {
        code_failed(r, &k, step < 0 ? "code already used" : "wrong code");
        form_errors_add(errs, "code", step < 0 ? "That code has already been used. Wait for your app to show a"
                                                 " new code, then enter it"
                                               : BAD_CODE);
        return 0;
    }
    if (db_begin(r->db) != 0)
        return -1;
    int ok = kind == 1 ? twofactor_use_step(r->db, r->user.id, step) : twofactor_use_recovery(r->db, r->user.id, code);
    if (ok == 1 && throttle_clear(r->db, k.pair) == 0 &&
        login_session_start(r, &r->user, kind == 1 ? "authenticator app" : "recovery code") == 0 &&
        db_commit(r->db) == 0) {
        if (kind == 2)
            (*recovery_left)--;
        return kind;
    }
    db_rollback(r->db);
    r->new_session_token[0] = '\0';
    if (ok < 0)
        return -1;
    /* a recovery code that is not theirs or was used, or a step taken by a
       request racing this one */
    code_failed(r, &k, kind == 1 ? "code already used" : "wrong recovery code");
    form_errors_add(errs, "code", BAD_CODE);
    return 0;
}

/* POST /login/two-factor */
void page_two_factor_submit(Req *r, Resp *w)
{
    if (wrong_step(r, w, 1))
        return;
    const char *next = safe_next(req_form(r, "next"));
    FormErrors errs = {0};
    CodeKeys k;
    code_keys(r, &k);
    if (code_wait(r, &k, &errs) > 0) {
        render_code(r, w, &errs, next);
        w->status = 429;
        return;
    }
    int left = 0;
    int rc = accept_code(r, req_form(r, "code"), &errs, &left);
    if (rc < 0) {
        page_error(r, w, 500);
        return;
    }
    if (rc == 0) {
        render_code(r, w, &errs, next);
        return;
    }
    if (rc == 2) {
        /* the flash goes on the new session, which the next page reads */
        char msg[200];
        snprintf(msg, sizeof msg,
                 "You signed in with a recovery code. You have %d recovery code%s left: if you have lost your"
                 " phone, ask your administrator to reset your two-factor sign-in.",
                 left, left == 1 ? "" : "s");
        Session s;
        if (session_find(r->db, r->new_session_token, &s) == 1) {
            session_set_flash(r->db, &s, msg);
            session_free(&s);
        }
    }
    resp_redirect(w, next);
}

/* --- setting it up ---------------------------------------------------------- */

/* The set-up page: at sign-in (account 0, a person who must), or from their
   account page (account 1, a person for whom it is a choice). */
static void render_setup(Req *r, Resp *w, const FormErrors *errs, const char *next, int account)
{
    char b32[TOTP_SECRET_B32_MAX], grouped[TOTP_SECRET_B32_MAX + 16], uri[600];
    if (base32_encode(r->session.setup_secret, r->session.setup_secret_len, b32, sizeof b32) != 0 ||
        totp_uri(ISSUER, r->user.email, b32, uri, sizeof uri) != 0) {
        page_error(r, w, 500);
        return;
    }
    totp_secret_grouped(b32, grouped, sizeof grouped);
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Set up two-factor sign-in</h1>");
    if (account)
        html_lit(&h, "<p class=\"govuk-body\">Once it is set up, you will need a code from an authenticator app on"
                     " your phone as well as your password each time you sign in.</p>");
    else
        html_lit(&h, "<p class=\"govuk-body\">Your role can see or change casework, so you need a code from an"
                     " authenticator app on your phone as well as your password each time you sign in.</p>");
    html_lit(&h, "<ol class=\"govuk-list govuk-list--number\">"
                 "<li>Open an authenticator app on your phone, such as Microsoft Authenticator or Google"
                 " Authenticator.</li>"
                 "<li>Add an account by entering this setup key:");
    html_printf(&h, "<p class=\"govuk-body govuk-!-font-size-24 govuk-!-font-weight-bold\" id=\"setup-key\">"
                    "<code>%s</code></p></li>",
                grouped);
    html_lit(&h, "<li>Enter the 6-digit code the app then shows for RISE.</li></ol>"
                 "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                 "<span class=\"govuk-details__summary-text\">If your app asks for a setup address</span>"
                 "</summary><div class=\"govuk-details__text\">");
    html_printf(&h, "<p class=\"govuk-body\">Enter or paste this address:</p><p class=\"govuk-body\""
                    " id=\"setup-uri\"><code>%s</code></p><p class=\"govuk-body\">It uses time-based codes"
                    " (TOTP): 6 digits, every 30 seconds.</p></div></details>",
                uri);
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>",
                account ? "/account/two-factor" : "/login/two-factor/set-up");
    govuk_csrf_field(&h, req_csrf(r));
    if (!account)
        html_printf(&h, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
    govuk_input(&h, &(GovukInput){.name = "code",
                                  .label = "Code from your authenticator app",
                                  .autocomplete = "one-time-code",
                                  .inputmode = "numeric",
                                  .classes = "govuk-input--width-5",
                                  .spellcheck = -1,
                                  .error = form_errors_get(errs, "code")});
    govuk_button(&h, &(GovukButton){.text = "Continue", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    if (account)
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Cancel</a></p>");
    else
        start_over_link(&h);
    html_lit(&h, "</div></div>");
    PageOpts o = {.title = "Set up two-factor sign-in"};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    sodium_memzero(b32, sizeof b32);
    sodium_memzero(grouped, sizeof grouped);
    sodium_memzero(uri, sizeof uri);
}

/* GET /login/two-factor/set-up */
void page_two_factor_setup_form(Req *r, Resp *w)
{
    if (wrong_step(r, w, 2))
        return;
    FormErrors errs = {0};
    render_setup(r, w, &errs, safe_next(req_query(r, "next")), 0);
}

/* The recovery codes, shown once, on the response that finishes setting up. */
static void render_recovery_codes(Req *r, Resp *w, char codes[][RECOVERY_CODE_LEN + 1], int n, const char *next)
{
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_notification_banner(&h, &(GovukNotificationBanner){.success = 1,
                                                             .text = "Two-factor sign-in is set up"});
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Save your recovery codes</h1>"
                 "<p class=\"govuk-body\">If you lose your phone, you can sign in with one of these codes"
                 " instead of a code from the app. Each code works once.</p>"
                 "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">"
                 "!</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning"
                 "</span>This is the only time they are shown. Write them down or print this page, and keep them"
                 " somewhere safe away from your phone.</strong></div>"
                 "<ul class=\"govuk-list\" id=\"recovery-codes\">");
    for (int i = 0; i < n; i++) {
        char shown[RECOVERY_CODE_LEN + 2];
        snprintf(shown, sizeof shown, "%.5s-%s", codes[i], codes[i] + 5);
        html_printf(&h, "<li><code>%s</code></li>", shown);
        sodium_memzero(shown, sizeof shown);
    }
    html_lit(&h, "</ul>");
    govuk_button(&h, &(GovukButton){.text = "Continue", .href = next});
    html_lit(&h, "</div></div>");
    PageOpts o = {.title = "Save your recovery codes"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* POST /login/two-factor/set-up */
void page_two_factor_setup_submit(Req *r, Resp *w)
{
    if (wrong_step(r, w, 2))
        return;
    const char *next = safe_next(req_form(r, "next"));
    FormErrors errs = {0};
    CodeKeys k;
    code_keys(r, &k);
    if (code_wait(r, &k, &errs) > 0) {
        render_setup(r, w, &errs, next, 0);
        w->status = 429;
        return;
    }
    char code[64];
    int kind = totp_classify(req_form(r, "code"), code, sizeof code);
    int64_t step = kind == 1 ? totp_check(r->session.setup_secret, r->session.setup_secret_len, code, r->now, 0) : 0;
    if (step <= 0) {
        if (kind != 0)
            code_failed(r, &k, "wrong code while setting up two-factor");
        form_errors_add(&errs, "code", kind == 0 ? "Enter the code from your authenticator app" : BAD_SETUP_CODE);
        render_setup(r, w, &errs, next, 0);
        return;
    }
    char codes[RECOVERY_CODES][RECOVERY_CODE_LEN + 1];
    twofactor_new_recovery_codes(codes, RECOVERY_CODES);
    if (db_begin(r->db) != 0) {
        page_error(r, w, 500);
        return;
    }
    if (twofactor_set_up(r->db, &r->actor, r->user.id, r->session.setup_secret, r->session.setup_secret_len, step,
                         codes, RECOVERY_CODES) != 0 ||
        throttle_clear(r->db, k.pair) != 0 || login_session_start(r, &r->user, "set up") != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        r->new_session_token[0] = '\0';
        sodium_memzero(codes, sizeof codes);
        page_error(r, w, 500);
        return;
    }
    /* signed in now: the page around the codes shows them so */
    r->half_signed_in = 0;
    r->signed_in = 1;
    r->who.user_id = r->user.id;
    r->who.role = role_from_slug(r->user.role);
    r->who.region = r->user.region;
    r->who.organisation = r->user.organisation;
    r->who.org_kind = org_kind_from_slug(r->user.org_kind);
    render_recovery_codes(r, w, codes, RECOVERY_CODES, next);
    sodium_memzero(codes, sizeof codes);
}

/* --- from a person's account (decision 0014; every role needs it since 0016) -- */

/* GET /account/two-factor: whether it is set up; when it is not, the set-up
   page, its secret kept on the session until confirmed. */
void page_account_two_factor_form(Req *r, Resp *w)
{
    TwoFactor tf;
    int has = twofactor_get(r->db, r->user.id, &tf);
    int left = tf.recovery_left;
    sodium_memzero(&tf, sizeof tf);
    if (has < 0) {
        page_error(r, w, 500);
        return;
    }
    if (!has) {
        if (r->session.setup_secret_len == 0) {
            unsigned char secret[TOTP_SECRET_BYTES];
            randombytes_buf(secret, sizeof secret);
            int rc = session_set_setup_secret(r->db, &r->session, secret, sizeof secret);
            memcpy(r->session.setup_secret, secret, sizeof secret);
            r->session.setup_secret_len = sizeof secret;
            sodium_memzero(secret, sizeof secret);
            if (rc != 0) {
                page_error(r, w, 500);
                return;
            }
        }
        FormErrors errs = {0};
        render_setup(r, w, &errs, "/", 1);
        return;
    }
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Two-factor sign-in</h1>"
                 "<p class=\"govuk-body\">Two-factor sign-in is set up: you give a code from your authenticator"
                 " app after your password.</p>");
    html_printf(&h, "<p class=\"govuk-body\">You have %lld recovery code%s left.</p>", (long long)left,
                left == 1 ? "" : "s");
    html_lit(&h, "<p class=\"govuk-body\">If you lose your phone, ask your regional team's administrator to reset"
                 " it. You will then set it up again when you next sign in.</p></div></div>");
    PageOpts o = {.title = "Two-factor sign-in"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* POST /account/two-factor (code): confirms the secret on the session. */
void page_account_two_factor_submit(Req *r, Resp *w)
{
    TwoFactor tf;
    int has = twofactor_get(r->db, r->user.id, &tf);
    sodium_memzero(&tf, sizeof tf);
    if (has != 0 || r->session.setup_secret_len == 0) {
        if (has < 0)
            page_error(r, w, 500);
        else
            resp_redirect(w, "/account/two-factor");
        return;
    }
    FormErrors errs = {0};
    char code[64];
    int kind = totp_classify(req_form(r, "code"), code, sizeof code);
    int64_t step = kind == 1 ? totp_check(r->session.setup_secret, r->session.setup_secret_len, code, r->now, 0) : 0;
    if (step <= 0) {
        form_errors_add(&errs, "code", kind == 0 ? "Enter the code from your authenticator app" : BAD_SETUP_CODE);
        render_setup(r, w, &errs, "/", 1);
        return;
    }
    char codes[RECOVERY_CODES][RECOVERY_CODE_LEN + 1];
    twofactor_new_recovery_codes(codes, RECOVERY_CODES);
    if (db_begin(r->db) != 0 ||
        twofactor_set_up(r->db, &r->actor, r->user.id, r->session.setup_secret, r->session.setup_secret_len, step,
                         codes, RECOVERY_CODES) != 0 ||
        session_set_setup_secret(r->db, &r->session, NULL, 0) != 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        sodium_memzero(codes, sizeof codes);
        page_error(r, w, 500);
        return;
    }
    render_recovery_codes(r, w, codes, RECOVERY_CODES, "/");
    sodium_memzero(codes, sizeof codes);
}

/* --- an administrator's reset ---------------------------------------------- */

static int load_person(Req *r, Resp *w, User *u)
{
    const char *s = req_param(r, 0);
    char *end;
    long long id = strtoll(s, &end, 10);
    if (!*s || *end || id <= 0 || user_get(r->db, id, u) != 1) {
        page_error(r, w, 404);
        return 0;
    }
    return 1;
}

static void render_reset(Req *r, Resp *w, const User *u, int has, const char *reason, const FormErrors *errs)
{
    char back[64], action[64];
    snprintf(back, sizeof back, "/users/%lld", (long long)u->id);
    snprintf(action, sizeof action, "/users/%lld/two-factor", (long long)u->id);
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = back});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Reset two-factor"
                    " sign-in</h1>",
                u->name);
    if (has)
        html_lit(&h, "<p class=\"govuk-body\">Their authenticator app and recovery codes will stop working and"
                     " they will be signed out. When they next sign in with their password they will set up"
                     " two-factor sign-in again.</p><p class=\"govuk-body\">Check it is really them asking, for"
                     " example by calling them on a number you already have.</p>");
    else
        html_lit(&h, "<p class=\"govuk-body\">They have not set up two-factor sign-in. Resetting signs them out;"
                     " they will set it up when they next sign in if their role needs it.</p>");
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .max_chars = 2000,
                                        .label = "Reason",
                                        .label_classes = "govuk-label--m",
                                        .hint = "For example, \"Lost their phone; identity checked by phone on"
                                                " 3 March\"",
                                        .value = reason,
                                        .rows = 3,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Reset two-factor sign-in", .variant = GOVUK_BUTTON_WARNING,
                                    .prevent_double_click = 1});
    html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Cancel</a></p></form></div></div>",
                back);
    PageOpts o = {.title = "Reset two-factor sign-in", .nav = "users", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /users/{id}/two-factor */
void page_user_two_factor_form(Req *r, Resp *w)
{
    User u;
    if (!load_person(r, w, &u))
        return;
    TwoFactor tf;
    int has = twofactor_get(r->db, u.id, &tf) == 1;
    sodium_memzero(&tf, sizeof tf);
    FormErrors errs = {0};
    render_reset(r, w, &u, has, "", &errs);
    user_free(&u);
}

/* POST /users/{id}/two-factor (reason) */
void page_user_two_factor_submit(Req *r, Resp *w)
{
    User u;
    if (!load_person(r, w, &u))
        return;
    const char *reason = req_form(r, "reason");
    FormErrors errs = {0};
    if (!*reason)
        form_errors_add(&errs, "reason", "Enter the reason for resetting their two-factor sign-in");
    else if (strlen(reason) > 2000)
        form_errors_add(&errs, "reason", "Reason must be 2000 characters or fewer");
    if (errs.n) {
        TwoFactor tf;
        int has = twofactor_get(r->db, u.id, &tf) == 1;
        sodium_memzero(&tf, sizeof tf);
        render_reset(r, w, &u, has, reason, &errs);
        user_free(&u);
        return;
    }
    if (twofactor_reset(r->db, &r->actor, u.id, reason) != USER_OK) {
        user_free(&u);
        page_error(r, w, 500);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/users/%lld", (long long)u.id);
    req_flash(r, u.id == r->user.id ? "Two-factor sign-in reset. You will set it up again when you next sign in"
                                    : "Two-factor sign-in reset. They will set it up again when they next sign in");
    resp_redirect(w, loc);
    user_free(&u);
}
