/*
 * provider_records.c - what is recorded about an entry in the register
 * besides its details: due-diligence checks (every entry kept), capacity
 * per term, contacts and declared conflicts of interest (DOMAIN.md section
 * 7). Each form keeps what was typed when it shows an error; each change
 * is audited by store/providers.c.
 */
#include "core/date.h"
#include "domain/register.h"
#include "domain/signin.h"
#include "store/providers.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"
#include "web/pages/provider_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHORT_MAX 200

static void done(Req *r, Resp *w, const Provider *p, const char *flash)
{
    char loc[64];
    provider_href(loc, sizeof loc, p, NULL);
    req_flash(r, flash);
    resp_redirect(w, loc);
}

static void check_length(FormErrors *e, const char *field, const char *v, size_t max, const char *what)
{
    if (provider_chars(v) > max) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s must be %zu characters or fewer", what, max);
        form_errors_add(e, field, msg);
    }
}

/* --- due diligence --------------------------------------------------------- */

static const char *const CHECK_HINTS[CHECK_KIND_COUNT] = {
    "It has the capacity to support the school",
    "Asked the trust relationship manager, or the local authority's lead for a maintained school",
    "By the schools financial support and oversight team",
    "A vendor account so that DfE can pay it: it takes 15 to 20 working days to set up",
};

static void render_check(Req *r, Resp *w, const Provider *p, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    html_printf(&h, "<form method=\"post\" action=\"/providers/%lld/checks/new\" novalidate>", (long long)p->id);
    govuk_csrf_field(&h, req_csrf(r));
    GovukChoice kinds[CHECK_KIND_COUNT];
    for (int k = 0; k < CHECK_KIND_COUNT; k++)
        kinds[k] = (GovukChoice){.value = register_check_code((CheckKind)k),
                                 .text = register_check_label((CheckKind)k), .hint = CHECK_HINTS[k]};
    const char *kind = strcmp(r->method, "POST") == 0 ? req_form(r, "kind") : req_query(r, "kind");
    govuk_radios(&h, &(GovukRadios){.name = "kind", .legend = "Which check?", .legend_classes = "govuk-fieldset__legend--m",
                                    .value = kind, .items = kinds, .n_items = CHECK_KIND_COUNT,
                                    .error = form_errors_get(errs, "kind")});
    GovukChoice outcomes[] = {{.value = "passed", .text = "Passed"},
                              {.value = "failed", .text = "Failed"},
                              {.value = "requested", .text = "Requested", .hint = "A vendor account asked for, not yet set up"},
                              {.value = "set-up", .text = "Set up", .hint = "A vendor account ready for payments"}};
    govuk_radios(&h, &(GovukRadios){.name = "outcome", .legend = "Outcome", .legend_classes = "govuk-fieldset__legend--m",
                                    .hint = "A vendor account is requested or set up; the other checks pass or fail",
                                    .value = req_form(r, "outcome"), .items = outcomes, .n_items = 4,
                                    .error = form_errors_get(errs, "outcome")});
    case_date_input(r, &h, "checked-on", "Date of the check", "The day it was done or asked for, for example 2 9 2026",
                    NULL, errs);
    case_date_input(r, &h, "expires-on", "Expiry date (optional)",
                    "When it must be done again. Leave blank if it does not expire", NULL, errs);
    govuk_input(&h, &(GovukInput){.name = "checked_by", .label = "Who checked", .label_classes = "govuk-label--m",
                                  .hint = "For example, \"Trust relationship manager\" or a name and role",
                                  .value = req_form(r, "checked_by"), .error = form_errors_get(errs, "checked_by")});
    govuk_textarea(&h, &(GovukTextarea){.name = "notes", .label = "Notes (optional)", .label_classes = "govuk-label--m",
                                        .value = req_form(r, "notes"), .rows = 3, .max_chars = PROVIDER_TEXT_MAX,
                                        .error = form_errors_get(errs, "notes")});
    govuk_button(&h, &(GovukButton){.text = "Record the check", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    provider_form_page(r, w, p, "Record a due diligence check", errs, &h);
    html_free(&h);
}

/* GET /providers/{id}/checks/new[?kind=] */
void page_provider_check_form(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    FormErrors errs = {0};
    render_check(r, w, &p, &errs);
    provider_free(&p);
}

/* POST /providers/{id}/checks/new */
void page_provider_check_submit(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    FormErrors errs = {0};
    int kind = register_check_parse(req_form(r, "kind"));
    const char *outcome = req_form(r, "outcome");
    if (kind < 0)
        form_errors_add(&errs, "kind", "Select which check this is");
    if (!*outcome)
        form_errors_add(&errs, "outcome", "Select the outcome");
    else if (kind >= 0 && !register_check_outcome_valid((CheckKind)kind, outcome))
        form_errors_add(&errs, "outcome", kind == CHECK_KIND_VENDOR
                                              ? "Select whether the vendor account is requested or set up"
                                              : "Select whether the check was passed or failed");
    char on[11] = "", expires[11] = "";
    int have_on = case_form_date(r, "checked-on", "the date of the check", 1, 0, on, &errs) == 1;
    int have_exp = case_form_date(r, "expires-on", "the expiry date", 0, 1, expires, &errs) == 1;
    if (have_on && have_exp && strcmp(expires, on) <= 0)
        form_errors_add_date(&errs, "expires-on", "The expiry date must be after the date of the check");
    const char *by = req_form(r, "checked_by");
    if (!*by)
        form_errors_add(&errs, "checked_by", "Enter who checked, for example \"Trust relationship manager\"");
    check_length(&errs, "checked_by", by, SHORT_MAX, "Who checked");
    const char *notes = req_form(r, "notes");
    check_length(&errs, "notes", notes, PROVIDER_TEXT_MAX, "Notes");
    if (errs.n) {
        render_check(r, w, &p, &errs);
        provider_free(&p);
        return;
    }
    ProviderCheckFields f = {(CheckKind)kind, outcome, on, have_exp ? expires : NULL, by, notes};
    if (provider_check_add(r->db, &r->actor, p.id, &f) != PROV_OK) {
        provider_free(&p);
        page_error(r, w, 500);
        return;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "%s recorded", register_check_label((CheckKind)kind));
    done(r, w, &p, msg);
    provider_free(&p);
}

/* --- capacity ---------------------------------------------------------------- */

enum { CAP_TERMS = 3 };

static void render_capacity(Req *r, Resp *w, const Provider *p, const FormErrors *errs)
{
    int first = provider_current_term(r);
    TermCapacity t[CAP_TERMS];
    if (provider_capacity_terms(r->db, p->id, first, CAP_TERMS, t) != 0) {
        page_error(r, w, 500);
        return;
    }
    const char *term = strcmp(r->method, "POST") == 0 ? req_form(r, "term") : req_query(r, "term");
    int chosen = match_term_parse(term);
    if (chosen < first || chosen >= first + CAP_TERMS)
        chosen = first;
    const TermCapacity *c = &t[chosen - first];
    Html h;
    html_init(&h);
    html_lit(&h, "<p class=\"govuk-body\">What it can offer in a term: how many schools it can support and how"
                 " many days in all. Matches take from this.</p><ul class=\"govuk-list govuk-list--bullet\">");
    GovukOption opts[CAP_TERMS];
    char codes[CAP_TERMS][16], labels[CAP_TERMS][24];
    for (int i = 0; i < CAP_TERMS; i++) {
        match_term_code(t[i].term, codes[i]);
        match_term_label(t[i].term, labels[i]);
        opts[i] = (GovukOption){.value = codes[i], .text = labels[i], .selected = t[i].term == chosen};
        if (t[i].offered)
            html_printf(&h, "<li>%s: %d school%s, %d day%s offered; %d school%s, %d day%s held", labels[i],
                        t[i].schools, t[i].schools == 1 ? "" : "s", t[i].days, t[i].days == 1 ? "" : "s",
                        t[i].schools_held, t[i].schools_held == 1 ? "" : "s", t[i].days_held,
                        t[i].days_held == 1 ? "" : "s");
        else
            html_printf(&h, "<li>%s: nothing offered yet", labels[i]);
        /* each term's own figures in the form (the select alone cannot fill them in) */
        if (t[i].term != chosen)
            html_printf(&h, " &ndash; <a class=\"govuk-link\" href=\"/providers/%lld/capacity?term=%s\">Set %s</a>",
                        (long long)p->id, codes[i], labels[i]);
        html_lit(&h, "</li>");
    }
    html_lit(&h, "</ul>");
    html_printf(&h, "<form method=\"post\" action=\"/providers/%lld/capacity\" novalidate>", (long long)p->id);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_select(&h, &(GovukSelect){.name = "term", .label = "Term", .label_classes = "govuk-label--m",
                                    .hint = "What you enter replaces what the term had", .items = opts,
                                    .n_items = CAP_TERMS, .error = form_errors_get(errs, "term")});
    char s[16] = "", d[16] = "";
    if (c->offered) {
        snprintf(s, sizeof s, "%d", c->schools);
        snprintf(d, sizeof d, "%d", c->days);
    }
    int post = strcmp(r->method, "POST") == 0;
    govuk_input(&h, &(GovukInput){.name = "schools", .label = "Schools it can support",
                                  .label_classes = "govuk-label--m", .inputmode = "numeric",
                                  .classes = "govuk-input--width-4", .value = post ? req_form(r, "schools") : s,
                                  .error = form_errors_get(errs, "schools")});
    govuk_input(&h, &(GovukInput){.name = "days", .label = "Days it can offer", .label_classes = "govuk-label--m",
                                  .hint = "In all, across those schools", .inputmode = "numeric",
                                  .classes = "govuk-input--width-4", .suffix = "days",
                                  .value = post ? req_form(r, "days") : d, .error = form_errors_get(errs, "days")});
    govuk_button(&h, &(GovukButton){.text = "Save capacity", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    provider_form_page(r, w, p, "Set capacity", errs, &h);
    provider_capacity_free(t, CAP_TERMS);
    html_free(&h);
}

/* GET /providers/{id}/capacity[?term=] */
void page_provider_capacity_form(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    FormErrors errs = {0};
    render_capacity(r, w, &p, &errs);
    provider_free(&p);
}

/* A whole number from 0 to 1000 typed into a field, or an error. */
static int read_count(Req *r, FormErrors *errs, const char *field, const char *missing, const char *what)
{
    const char *v = req_form(r, field);
    if (!*v) {
        form_errors_add(errs, field, missing);
        return -1;
    }
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < 0 || n > 1000 || strspn(v, "0123456789") != strlen(v)) {
        char msg[120];
        snprintf(msg, sizeof msg, "%s must be a whole number from 0 to 1000", what);
        form_errors_add(errs, field, msg);
        return -1;
    }
    return (int)n;
}

/* POST /providers/{id}/capacity */
void page_provider_capacity_submit(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    FormErrors errs = {0};
    int first = provider_current_term(r);
    const char *term = req_form(r, "term");
    int t = match_term_parse(term);
    if (t < first || t >= first + CAP_TERMS)
        form_errors_add(&errs, "term", "Select the term");
    int schools = read_count(r, &errs, "schools", "Enter how many schools it can support", "Schools");
    int days = read_count(r, &errs, "days", "Enter how many days it can offer", "Days");
    if (errs.n) {
        render_capacity(r, w, &p, &errs);
        provider_free(&p);
        return;
    }
    if (provider_capacity_set(r->db, &r->actor, p.id, term, schools, days, "form") != PROV_OK) {
        provider_free(&p);
        page_error(r, w, 500);
        return;
    }
    char label[24], msg[80];
    match_term_label(t, label);
    snprintf(msg, sizeof msg, "Capacity for %s saved", label);
    done(r, w, &p, msg);
    provider_free(&p);
}

/* --- contacts ------------------------------------------------------------------ */

static void render_contact(Req *r, Resp *w, const Provider *p, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    html_printf(&h, "<form method=\"post\" action=\"/providers/%lld/contacts/new\" novalidate>", (long long)p->id);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_input(&h, &(GovukInput){.name = "name", .label = "Full name", .autocomplete = "off", .spellcheck = -1,
                                  .value = req_form(r, "name"), .error = form_errors_get(errs, "name")});
    govuk_input(&h, &(GovukInput){.name = "role", .label = "Role (optional)", .hint = "For example, Chief executive",
                                  .value = req_form(r, "role"), .error = form_errors_get(errs, "role")});
    govuk_input(&h, &(GovukInput){.name = "email", .label = "Email address (optional)", .type = "email",
                                  .autocomplete = "off", .spellcheck = -1, .value = req_form(r, "email"),
                                  .error = form_errors_get(errs, "email")});
    govuk_input(&h, &(GovukInput){.name = "phone", .label = "Telephone (optional)", .type = "tel",
                                  .autocomplete = "off", .classes = "govuk-input--width-20",
                                  .value = req_form(r, "phone"), .error = form_errors_get(errs, "phone")});
    const char *main_v[] = {"1"};
    GovukChoice main_c[] = {{.value = "1", .text = "This is the main contact"}};
    govuk_checkboxes(&h, &(GovukCheckboxes){.name = "main", .values = main_v,
                                            .n_values = strcmp(req_form(r, "main"), "1") == 0, .items = main_c,
                                            .n_items = 1, .classes = "govuk-checkboxes--small"});
    govuk_button(&h, &(GovukButton){.text = "Add contact", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    provider_form_page(r, w, p, "Add a contact", errs, &h);
    html_free(&h);
}

/* GET /providers/{id}/contacts/new */
void page_provider_contact_form(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    FormErrors errs = {0};
    render_contact(r, w, &p, &errs);
    provider_free(&p);
}

/* POST /providers/{id}/contacts/new */
void page_provider_contact_submit(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    FormErrors errs = {0};
    ProviderContactFields f = {req_form(r, "name"), req_form(r, "role"), req_form(r, "email"), req_form(r, "phone"),
                       strcmp(req_form(r, "main"), "1") == 0};
    if (!*f.name)
        form_errors_add(&errs, "name", "Enter the contact's full name");
    check_length(&errs, "name", f.name, SHORT_MAX, "Full name");
    check_length(&errs, "role", f.role, SHORT_MAX, "Role");
    if (*f.email && !email_valid(f.email))
        form_errors_add(&errs, "email", "Enter an email address in the correct format, like name@example.org");
    if (*f.phone && (strlen(f.phone) > 40 || strspn(f.phone, "0123456789 +()-") != strlen(f.phone)))
        form_errors_add(&errs, "phone", "Enter a telephone number, like 0191 496 0000 or +44 191 496 0000");
    if (errs.n) {
        render_contact(r, w, &p, &errs);
        provider_free(&p);
        return;
    }
    if (provider_contact_add(r->db, &r->actor, p.id, &f) != PROV_OK) {
        provider_free(&p);
        page_error(r, w, 500);
        return;
    }
    done(r, w, &p, "Contact added");
    provider_free(&p);
}

/* --- conflicts -------------------------------------------------------------------- */

static void render_conflict(Req *r, Resp *w, const Provider *p, const FormErrors *errs)
{
    Html h, c_school, c_trust, c_la;
    html_init(&h);
    html_init(&c_school);
    html_init(&c_trust);
    html_init(&c_la);
    html_lit(&h, "<p class=\"govuk-body\">A school, trust or local authority it must not be matched to: for example"
                 " its own trust, a school its leader governs, or a close family connection.</p>");
    html_printf(&h, "<form method=\"post\" action=\"/providers/%lld/conflicts/new\" novalidate>", (long long)p->id);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_input(&c_school, &(GovukInput){.name = "conflict-urn", .label = "School's URN", .hint = "A number like 100000",
                                         .inputmode = "numeric", .classes = "govuk-input--width-10",
                                         .value = req_form(r, "conflict-urn"),
                                         .error = form_errors_get(errs, "conflict-urn")});
    govuk_input(&c_trust, &(GovukInput){.name = "conflict-uid", .label = "Trust's group UID",
                                        .hint = "From Get Information About Schools, like 2044", .inputmode = "numeric",
                                        .classes = "govuk-input--width-10", .value = req_form(r, "conflict-uid"),
                                        .error = form_errors_get(errs, "conflict-uid")});
    govuk_input(&c_la, &(GovukInput){.name = "conflict-la", .label = "Local authority code",
                                     .hint = "Three digits, like 391", .inputmode = "numeric",
                                     .classes = "govuk-input--width-4", .value = req_form(r, "conflict-la"),
                                     .error = form_errors_get(errs, "conflict-la")});
    GovukChoice kinds[] = {{.value = "school", .text = "A school", .conditional = &c_school},
                           {.value = "trust", .text = "An academy trust", .conditional = &c_trust},
                           {.value = "la", .text = "A local authority", .conditional = &c_la}};
    govuk_radios(&h, &(GovukRadios){.name = "kind", .legend = "Who is the conflict with?",
                                    .legend_classes = "govuk-fieldset__legend--m", .value = req_form(r, "kind"),
                                    .items = kinds, .n_items = 3, .error = form_errors_get(errs, "kind")});
    govuk_textarea(&h, &(GovukTextarea){.name = "note", .label = "What the conflict is", .label_classes = "govuk-label--m",
                                        .hint = "For example, \"The chief executive is a governor of this school\"",
                                        .value = req_form(r, "note"), .rows = 3, .max_chars = PROVIDER_TEXT_MAX,
                                        .error = form_errors_get(errs, "note")});
    govuk_button(&h, &(GovukButton){.text = "Declare the conflict", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    provider_form_page(r, w, p, "Declare a conflict of interest", errs, &h);
    html_free(&h);
    html_free(&c_school);
    html_free(&c_trust);
    html_free(&c_la);
}

/* GET /providers/{id}/conflicts/new */
void page_provider_conflict_form(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    FormErrors errs = {0};
    render_conflict(r, w, &p, &errs);
    provider_free(&p);
}

/* The reference typed for the kind chosen, checked against GIAS: 0 with
   ref set, 1 with an error recorded, -1 on a database error. */
static int conflict_ref(Req *r, const char *kind, char *ref, size_t reflen, FormErrors *errs)
{
    int school = strcmp(kind, "school") == 0, trust = strcmp(kind, "trust") == 0;
    const char *field = school ? "conflict-urn" : trust ? "conflict-uid" : "conflict-la";
    const char *v = req_form(r, field);
    int64_t num = school || trust ? provider_ref_number(v) : 0;
    if (*v && (school || trust) && !num) {
        form_errors_add(errs, field, school ? "Enter the URN as a number, like 100000"
                                            : "Enter the group UID as a number, like 2044");
        return 1;
    }
    if (*v && !school && !trust && (strlen(v) != 3 || strspn(v, "0123456789") != 3)) {
        form_errors_add(errs, field, "Enter the local authority's code: three digits, like 391");
        return 1;
    }
    char msg[256];
    int rc = provider_link_check(r->db, school ? "school" : trust ? "trust" : "la", trust ? num : 0, school ? num : 0,
                                 v, msg, sizeof msg);
    if (rc != 0) {
        if (rc > 0)
            form_errors_add(errs, field, msg);
        return rc;
    }
    snprintf(ref, reflen, "%s", v);
    return 0;
}

/* POST /providers/{id}/conflicts/new */
void page_provider_conflict_submit(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    FormErrors errs = {0};
    const char *kind = req_form(r, "kind");
    char ref[24] = "";
    if (strcmp(kind, "school") != 0 && strcmp(kind, "trust") != 0 && strcmp(kind, "la") != 0) {
        form_errors_add(&errs, "kind", "Select whether the conflict is with a school, a trust or a local authority");
    } else if (conflict_ref(r, kind, ref, sizeof ref, &errs) < 0) {
        provider_free(&p);
        page_error(r, w, 500);
        return;
    }
    const char *note = req_form(r, "note");
    if (!*note)
        form_errors_add(&errs, "note", "Enter what the conflict is");
    check_length(&errs, "note", note, PROVIDER_TEXT_MAX, "What the conflict is");
    int rc = PROV_OK;
    if (!errs.n) {
        char today[11];
        case_today(r, today);
        rc = provider_conflict_add(r->db, &r->actor, p.id, kind, ref, note, today);
        if (rc == PROV_CLASH)
            form_errors_add(&errs, strcmp(kind, "school") == 0 ? "conflict-urn"
                                   : strcmp(kind, "trust") == 0 ? "conflict-uid"
                                                                : "conflict-la",
                            "This conflict is declared already");
        else if (rc != PROV_OK) {
            provider_free(&p);
            page_error(r, w, 500);
            return;
        }
    }
    if (errs.n)
        render_conflict(r, w, &p, &errs);
    else
        done(r, w, &p, "Conflict of interest declared");
    provider_free(&p);
}

static void render_conflict_remove(Req *r, Resp *w, const Provider *p, const ProviderConflict *c,
                                   const FormErrors *errs)
{
    Html h;
    html_init(&h);
    html_lit(&h, "<p class=\"govuk-body\">The conflict with ");
    if (c->name)
        html_printf(&h, "%s (%s %s)", c->name,
                    strcmp(c->kind, "school") == 0 ? "URN" : strcmp(c->kind, "trust") == 0 ? "group UID" : "code",
                    c->ref);
    else
        html_printf(&h, "%s", c->ref);
    html_lit(&h, " will no longer stop it being suggested. The declaration stays in its history.</p>");
    html_printf(&h, "<form method=\"post\" action=\"/providers/%lld/conflicts/remove\" novalidate>", (long long)p->id);
    govuk_csrf_field(&h, req_csrf(r));
    html_printf(&h, "<input type=\"hidden\" name=\"kind\" value=\"%s\"><input type=\"hidden\" name=\"ref\" value=\"%s\">"
                    "<input type=\"hidden\" name=\"confirm\" value=\"1\">", c->kind, c->ref);
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .label = "Why it no longer applies",
                                        .label_classes = "govuk-label--m",
                                        .hint = "For example, \"She stood down as a governor in July\"",
                                        .value = req_form(r, "reason"), .rows = 3, .max_chars = PROVIDER_TEXT_MAX,
                                        .error = form_errors_get(errs, "reason")});
    char back[64];
    provider_href(back, sizeof back, p, NULL);
    html_lit(&h, "<div class=\"govuk-button-group\">");
    govuk_button(&h, &(GovukButton){.text = "Remove the conflict", .variant = GOVUK_BUTTON_WARNING,
                                    .prevent_double_click = 1});
    html_printf(&h, "<a class=\"govuk-link\" href=\"%s\">Cancel</a></div></form>", back);
    provider_form_page(r, w, p, "Remove a declared conflict", errs, &h);
    html_free(&h);
}

/* POST /providers/{id}/conflicts/remove (kind, ref; then confirm=1 and reason) */
void page_provider_conflict_remove(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    const char *kind = req_form(r, "kind"), *ref = req_form(r, "ref");
    ProviderConflictList l;
    if (provider_conflicts(r->db, p.id, &l) != 0) {
        provider_free(&p);
        page_error(r, w, 500);
        return;
    }
    const ProviderConflict *c = NULL;
    for (size_t i = 0; i < l.n && !c; i++)
        if (strcmp(l.items[i].kind, kind) == 0 && strcmp(l.items[i].ref, ref) == 0)
            c = &l.items[i];
    FormErrors errs = {0};
    const char *reason = req_form(r, "reason");
    if (!c) {
        page_error(r, w, 404);
    } else if (strcmp(req_form(r, "confirm"), "1") != 0) {
        render_conflict_remove(r, w, &p, c, &errs);
    } else {
        if (!*reason)
            form_errors_add(&errs, "reason", "Enter why the conflict no longer applies");
        check_length(&errs, "reason", reason, PROVIDER_TEXT_MAX, "Reason");
        int rc = errs.n ? PROV_OK : provider_conflict_remove(r->db, &r->actor, p.id, kind, ref, reason);
        if (errs.n)
            render_conflict_remove(r, w, &p, c, &errs);
        else if (rc == PROV_OK || rc == PROV_NOT_FOUND)
            done(r, w, &p, "Conflict of interest removed");
        else
            page_error(r, w, 500);
    }
    provider_conflict_list_free(&l);
    provider_free(&p);
}
