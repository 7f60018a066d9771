/*
 * login.c - signing in and out.
 *
 * The sign-in form carries a CSRF token like every other form, so a visitor
 * gets a pre-login session when the form is shown: a signed cookie, so that
 * showing the form writes nothing to the database. Signing in replaces it
 * with a new server-side session (a new token: no session fixation).
 * Failed attempts are counted per email and network address together, per
 * address and per email, and slow down (domain/signin.h): a stranger's
 * failures hold up the stranger's address, never the owner signing in from
 * another. The message is the same whether or not the email belongs to an
 * account.
 * A person with two-factor set up, or whose role requires it, is then only
 * half signed in (pending on the session) until two_factor.c has their
 * code (decision 0014).
 */
#include "core/log.h"
#include "core/password.h"
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

static const char BAD_LOGIN[] = "Enter a correct email address and password";

/* Only a path on this site may be a place to go back to after signing in. */
const char *safe_next(const char *next)
{
    if (next && next[0] == '/' && next[1] != '/' && next[1] != '\\' && strncmp(next, "/login", 6) != 0 &&
        strncmp(next, "/logout", 7) != 0) {
        /* browsers drop tabs and newlines from a Location ("/\t/evil.example"
           goes to evil.example), and a header cannot carry CR or LF */
        for (const char *p = next; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                return "/";
        return next;
    }
    return "/";
}


static void render_form(Req *r, Resp *w, int status, const FormErrors *errs, const char *email, const char *next)
{
    Html h;
    html_init(&h);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    if (!errs->n && strcmp(req_query(r, "expired"), "1") == 0)
        govuk_notification_banner(&h, &(GovukNotificationBanner){
                                          .text = "You were signed out because you had not used the service"
                                                  " for a while. Sign in again to carry on."});
    if (!errs->n && strcmp(req_query(r, "signed-out"), "1") == 0)
        govuk_notification_banner(&h, &(GovukNotificationBanner){.success = 1, .text = "You have signed out"});
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Sign in</h1>"
                 "<form method=\"post\" action=\"/login\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    html_printf(&h, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
    govuk_input(&h, &(GovukInput){.name = "email",
                                  .label = "Email address",
                                  .type = "email",
                                  .autocomplete = "username",
                                  .spellcheck = -1,
                                  .value = email,
                                  .error = form_errors_get(errs, "email")});
    govuk_input(&h, &(GovukInput){.name = "password",
                                  .label = "Password",
                                  .type = "password",
                                  .autocomplete = "current-password",
                                  .error = form_errors_get(errs, "password")});
    govuk_button(&h, &(GovukButton){.text = "Sign in", .prevent_double_click = 1});
    html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/password-reset\">Forgotten your password?</a></p>");
    html_lit(&h, "</form><p class=\"govuk-body\">If you do not have an account, or cannot use your"
                 " authentication app, ask your regional team's administrator.</p></div></div>");
    PageOpts o = {.title = "Sign in", .has_errors = errs->n > 0};
    page_render(r, w, status, &o, &h);
    html_free(&h);
}

/* GET /login */
void page_login_form(Req *r, Resp *w)
{
    const char *next = safe_next(req_query(r, "next"));
    if (r->signed_in) {
        resp_redirect(w, next);
        return;
    }
    req_prelogin_start(r);
    FormErrors errs = {0};
    render_form(r, w, 200, &errs, "", next);
}

static void lower_copy(char *out, size_t n, const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
}

/* POST /login */
void page_login_submit(Req *r, Resp *w)
{
    const char *email = req_form(r, "email");
    const char *password = req_form_raw(r, "password");
    const char *next = safe_next(req_form(r, "next"));
    FormErrors errs = {0};
    if (!*email)
        form_errors_add(&errs, "email", "Enter your email address");
    if (!*password)
        form_errors_add(&errs, "password", "Enter your password");
    if (errs.n) {
        render_form(r, w, 200, &errs, email, next);
        return;
    }

    /* failures are counted per email from this address (pair), per address
       and per email from anywhere; only the first two can hold an attempt up
       (domain/signin.h, decision 0008) */
    char lower[256], pkey[400], ikey[80], ekey[300];
    lower_copy(lower, sizeof lower, email);
    snprintf(pkey, sizeof pkey, "pair:%s|%s", r->ip, lower);
    snprintf(ikey, sizeof ikey, "ip:%s", r->ip);
    snprintf(ekey, sizeof ekey, "email:%s", lower);
    SigninFailures pf, af, ef;
    throttle_get(r->db, pkey, &pf.count, &pf.last_at);
    throttle_get(r->db, ikey, &af.count, &af.last_at);
    throttle_get(r->db, ekey, &ef.count, &ef.last_at);
    SigninHold held;
    int64_t wait = signin_wait(pf, af, ef, r->now, &held);
    if (wait > 0) {
        char msg[160];
        int64_t mins = (wait + 59) / 60;
        snprintf(msg, sizeof msg, "Too many failed attempts to sign in. Wait %lld minute%s and try again",
                 (long long)mins, mins == 1 ? "" : "s");
        form_errors_add(&errs, "email", msg);
        log_warn("sign-in refused while throttled (%s): %s from %s",
                 held == SIGNIN_HELD_ADDRESS ? "this address" : "this email from this address", lower, r->ip);
        render_form(r, w, 429, &errs, email, next);
        return;
    }

    User u;
    int found = user_get_by_email(r->db, email, &u) == 1;
    int ok = password_verify(found ? u.password_hash : NULL, password);
    if (!ok || (found && u.disabled_at)) {
        if (db_begin(r->db) == 0) {
            throttle_fail(r->db, pkey, r->now);
            throttle_fail(r->db, ikey, r->now);
            throttle_fail(r->db, ekey, r->now);
            char idstr[24];
            snprintf(idstr, sizeof idstr, "%lld", (long long)(found ? u.id : 0));
            AuditChange ch[] = {{"email", NULL, email},
                                {"why", NULL, !found ? "no such account" : (!ok ? "wrong password" : "account disabled")}};
            Actor a = {.user_id = 0, .label = "anonymous", .ip = r->ip};
            if (audit_append(r->db, &a, "login.failed", found ? "user" : "login", found ? idstr : lower, ch, 2,
                             NULL) == 0)
                db_commit(r->db);
            else
                db_rollback(r->db);
        }
        if (found)
            user_free(&u);
        form_errors_add(&errs, "email", BAD_LOGIN);
        render_form(r, w, 200, &errs, email, next);
        return;
    }

    /* the password is right: clear this address's count for it */
    if (db_begin(r->db) != 0) {
        user_free(&u);
        page_error(r, w, 500);
        return;
    }
    int rc = throttle_clear(r->db, pkey);
    TwoFactor tf;
    int has = rc == 0 ? twofactor_get(r->db, u.id, &tf) : -1;
    sodium_memzero(&tf, sizeof tf);
    const char *pending = has == 1                                   ? "code"
                          : two_factor_required(role_from_slug(u.role)) ? "set-up"
                                                                     : NULL;
    if (has < 0)
        rc = -1;
    else if (pending)
        rc = login_half_start(r, &u, pending);
    else
        rc = login_session_start(r, &u, NULL);
    if (rc != 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        r->new_session_token[0] = '\0';
        user_free(&u);
        page_error(r, w, 500);
        return;
    }
    user_free(&u);
    if (pending)
        login_redirect_with_next(w, strcmp(pending, "code") == 0 ? "/login/two-factor" : "/login/two-factor/set-up",
                                 next);
    else
        resp_redirect(w, next);
}

int login_half_start(Req *r, const User *u, const char *pending)
{
    if (r->has_session && !r->prelogin)
        session_delete(r->db, &r->session);
    unsigned char secret[TOTP_SECRET_BYTES];
    int setup = strcmp(pending, "set-up") == 0;
    if (setup)
        randombytes_buf(secret, sizeof secret);
    Session s;
    int rc = session_create_pending(r->db, u->id, r->ip, r->now, pending, setup ? secret : NULL,
                                    setup ? sizeof secret : 0, r->new_session_token, &s);
    sodium_memzero(secret, sizeof secret);
    session_free(&s);
    sodium_memzero(&s, sizeof s);
    return rc;
}

int login_session_start(Req *r, const User *u, const char *second_factor)
{
    if (r->has_session && !r->prelogin)
        session_delete(r->db, &r->session);
    Session s;
    char idstr[24];
    snprintf(idstr, sizeof idstr, "%lld", (long long)u->id);
    char label[512];
    snprintf(label, sizeof label, "%s <%s>", u->name, u->email);
    Actor a = {.user_id = u->id, .label = label, .ip = r->ip};
    AuditChange ch[] = {{"second factor", NULL, second_factor}};
    int rc = session_create(r->db, u->id, r->ip, r->now, r->new_session_token, &s);
    if (rc == 0)
        rc = user_touch_login(r->db, u->id);
    if (rc == 0)
        rc = audit_append(r->db, &a, "login", "user", idstr, second_factor ? ch : NULL, second_factor ? 1 : 0, NULL);
    session_free(&s);
    if (rc == 0)
        r->who.user_id = u->id; /* the access log names who signed in */
    return rc;
}

void login_redirect_with_next(Resp *w, const char *path, const char *next)
{
    if (!next || strcmp(next, "/") == 0) {
        resp_redirect(w, path);
        return;
    }
    Html enc;
    html_init(&enc);
    html_url_param(&enc, next);
    size_t n = strlen(path) + strlen(html_str(&enc)) + 8;
    char *loc = malloc(n);
    if (loc) {
        snprintf(loc, n, "%s?next=%s", path, html_str(&enc));
        resp_redirect(w, loc);
        free(loc);
    } else {
        resp_redirect(w, path);
    }
    html_free(&enc);
}

/* POST /logout */
void page_logout(Req *r, Resp *w)
{
    char idstr[24];
    snprintf(idstr, sizeof idstr, "%lld", (long long)r->user.id);
    if (db_begin(r->db) == 0) {
        if (session_delete(r->db, &r->session) == 0 &&
            audit_append(r->db, &r->actor, "logout", "user", idstr, NULL, 0, NULL) == 0)
            db_commit(r->db);
        else
            db_rollback(r->db);
    }
    r->clear_session_cookie = 1;
    resp_redirect(w, "/login?signed-out=1");
}
