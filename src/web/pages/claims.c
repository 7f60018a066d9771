/*
 * claims.c - claims of days (issue 14 item 5): the claim form on a case,
 * a claim's page with its check against the cap and the decision, the list
 * of claims to check, and the case's claims for its Grants tab. The route
 * names the role; each page asks authorise() with the case's scope (404
 * when the case is not the person's to read at all, 403 when it is but the
 * action is not theirs). See claims.h for the routes.
 */
#include "web/pages/claims.h"

#include "core/date.h"
#include "domain/access.h"
#include "domain/plans.h"
#include "store/claims.h"
#include "store/grant_ledger.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared with the budgets and returns pages ---- */

int grant_reader_external(const Req *r)
{
    return r->who.role == ROLE_SCHOOL || r->who.role == ROLE_SUPPORTING_ORGANISATION;
}

const char *grant_day_words(const char *iso, char *out, int len)
{
    return case_long_date(iso, out, len);
}

void grant_form_page(Req *r, Resp *w, const char *title, const char *back, const char *back_text,
                     const FormErrors *errs, const Html *content, int status)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    if (back)
        govuk_back_link(&before, &(GovukBackLink){.href = back, .text = back_text});
    page_flash(r, &h);
    html_append(&h, content);
    int has_errors = errs && errs->n > 0;
    PageOpts o = {.title = title, .has_errors = has_errors, .nav = grant_reader_external(r) ? "your-cases" : "cases",
                  .before = &before};
    page_render(r, w, status ? status : has_errors ? 400 : 200, &o, &h);
    html_free(&h);
    html_free(&before);
}

/* ---- helpers ---- */

static int may(const Req *r, const Case *c, Perm perm)
{
    Scope s = case_scope(c);
    return authorise(&r->who, perm, &s) == ACCESS_ALLOW;
}

/* Where "back to the case" goes: the Grants tab, or the outsider's own page. */
static void case_back(const Req *r, int64_t case_id, char *out, size_t len)
{
    if (grant_reader_external(r))
        snprintf(out, len, "/your-cases/%lld", (long long)case_id);
    else
        snprintf(out, len, "/cases/%lld/grants", (long long)case_id);
}

static void claim_tag(Html *h, const char *status)
{
    const char *cls = strcmp(status, CLAIM_APPROVED) == 0   ? "govuk-tag--green"
                      : strcmp(status, CLAIM_REJECTED) == 0 ? "govuk-tag--red"
                      : strcmp(status, CLAIM_WITHDRAWN) == 0 ? "govuk-tag--grey"
                                                             : "govuk-tag--blue";
    govuk_tag(h, &(GovukTag){.text = claim_status_label(status), .classes = cls});
}

/* "2 of 3 days claimed", "12 days claimed (no cap)". */
static void cap_words(Req *r, const Case *c, GrantDays kind, char *out, size_t len)
{
    GrantParams gp;
    grant_params_load(r->db, c->programme, &gp);
    int halves = claim_halves_claimed(r->db, c->id, kind, 0), max = grant_max_days(&gp, kind);
    char days[32];
    claim_days_words(halves > 0 ? halves : 0, days, sizeof days);
    if (max > 0) {
        char whole[32];
        claim_days_words(halves > 0 ? halves : 0, whole, sizeof whole);
        *strchr(whole, ' ') = '\0';
        snprintf(out, len, "%s of %d days claimed", whole, max);
    } else {
        snprintf(out, len, "%s claimed (no cap)", days);
    }
}

/* Loads the case named by route parameter 0 for a claim: 404 unless the
   person may read its grants, 403 unless they may claim. */
static int claim_case_load(Req *r, Resp *w, Case *c)
{
    memset(c, 0, sizeof *c);
    int64_t id = case_param_id(r, 0);
    int rc = id ? case_get(r->db, id, c) : 0;
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    if (!may(r, c, PERM_GRANTS_READ) || !may(r, c, PERM_CLAIM_SUBMIT)) {
        page_error(r, w, may(r, c, PERM_GRANTS_READ) ? 403 : 404);
        case_free(c);
        return 0;
    }
    return 1;
}

/* ---- the claim form ---- */

static void claim_form(Req *r, Resp *w, const Case *c, const GrantDays *kinds, int n, const FormErrors *errs,
                       int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Claim days</h1>",
                c->subject_name);
    GrantParams gp;
    grant_params_load(r->db, c->programme, &gp);
    if (n == 0) {
        html_printf(&h, "<p class=\"govuk-body\">No days are claimed on this case: %s pays days only for"
                        " Tier 1 schools' NLEs (SI 2019/20), system leaders and national leaders of governance (TSIO)"
                        " and RISE advisers.</p>",
                    programme_label(c->programme));
        grant_form_page(r, w, "Claim days", NULL, NULL, errs, &h, 404);
        html_free(&h);
        return;
    }
    html_lit(&h, "<p class=\"govuk-body\">Claim in arrears, for days already delivered. DfE checks the claim"
                 " against the days the programme pays for before it is paid.</p>");
    html_lit(&h, "<ul class=\"govuk-list govuk-list--bullet\">");
    for (int i = 0; i < n; i++) {
        char cap[64], rate[32];
        cap_words(r, c, kinds[i], cap, sizeof cap);
        plan_money(grant_day_rate(&gp, kinds[i], -1, -1), rate, sizeof rate);
        html_printf(&h, "<li>%s: %s a day; %s</li>", claim_days_label(kinds[i]), rate, cap);
    }
    html_lit(&h, "</ul>");
    char action[64];
    snprintf(action, sizeof action, "/cases/%lld/claims/new", (long long)c->id);
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    if (!grant_reader_external(r))
        html_lit(&h, "<div class=\"govuk-inset-text\">You are claiming on the claimant's behalf: the record says"
                     " so.</div>");
    if (n > 1) {
        GovukChoice items[4];
        for (int i = 0; i < n; i++)
            items[i] = (GovukChoice){.value = claim_days_slug(kinds[i]), .text = claim_days_label(kinds[i])};
        govuk_radios(&h, &(GovukRadios){.name = "kind", .legend = "What are you claiming for?",
                                        .legend_classes = "govuk-fieldset__legend--m", .value = req_form(r, "kind"),
                                        .items = items, .n_items = n, .error = form_errors_get(errs, "kind")});
    } else {
        html_printf(&h, "<input type=\"hidden\" name=\"kind\" value=\"%s\">", claim_days_slug(kinds[0]));
    }
    case_date_input(r, &h, "from", "First day of the work", "For example, 3 3 2027", NULL, errs);
    case_date_input(r, &h, "to", "Last day of the work", "For example, 5 3 2027", NULL, errs);
    govuk_input(&h, &(GovukInput){.name = "days", .label = "Days delivered", .label_classes = "govuk-label--s",
                                  .hint = "In half days, like 1.5", .value = req_form(r, "days"),
                                  .inputmode = "decimal", .classes = "govuk-input--width-4",
                                  .error = form_errors_get(errs, "days")});
    govuk_textarea(&h, &(GovukTextarea){.name = "activities", .label = "What was delivered",
                                        .label_classes = "govuk-label--s",
                                        .hint = "The activities on each day, and who they were with",
                                        .value = req_form(r, "activities"), .max_chars = CASE_TEXT_MAX,
                                        .error = form_errors_get(errs, "activities")});
    int nle = 0;
    for (int i = 0; i < n; i++)
        nle |= kinds[i] == DAYS_NLE;
    if (nle) {
        char hi[32], lo[32], hint[300];
        plan_money(gp.nle_day_rate, lo, sizeof lo);
        plan_money(gp.nle_day_rate_travel, hi, sizeof hi);
        snprintf(hint, sizeof hint, "An NLE is paid %s a day, or %s where the journey is longer than %d minutes or"
                 " over %d miles (002 8.1)", lo, hi, gp.travel_minutes, gp.travel_miles);
        html_printf(&h, "<h2 class=\"govuk-heading-m\">The journey to the school</h2><p class=\"govuk-body\">%s</p>",
                    hint);
        govuk_input(&h, &(GovukInput){.name = "travel_minutes", .label = "How long the journey takes, in minutes",
                                      .label_classes = "govuk-label--s", .value = req_form(r, "travel_minutes"),
                                      .inputmode = "numeric", .classes = "govuk-input--width-4",
                                      .error = form_errors_get(errs, "travel_minutes")});
        govuk_input(&h, &(GovukInput){.name = "travel_miles", .label = "How far it is, in miles",
                                      .label_classes = "govuk-label--s", .value = req_form(r, "travel_miles"),
                                      .inputmode = "numeric", .classes = "govuk-input--width-4",
                                      .error = form_errors_get(errs, "travel_miles")});
    }
    govuk_button(&h, &(GovukButton){.text = "Send the claim", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    char back[64];
    case_back(r, c->id, back, sizeof back);
    char title[300];
    snprintf(title, sizeof title, "Claim days - %s", c->subject_name);
    grant_form_page(r, w, title, back, "Back to the case", errs, &h, status);
    html_free(&h);
}

/* GET /cases/{id}/claims/new */
/* The kinds of days the reader may claim on the case: a supporting
   organisation does not claim a RISE adviser's days. */
static int reader_kinds(Req *r, const Case *c, GrantDays kinds[4])
{
    int n = claim_kinds_for(r->db, c, kinds);
    if (n <= 0 || r->who.role != ROLE_SUPPORTING_ORGANISATION)
        return n;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (kinds[i] != DAYS_ADVISER)
            kinds[k++] = kinds[i];
    return k;
}

void page_claim_new_form(Req *r, Resp *w)
{
    Case c;
    if (!claim_case_load(r, w, &c))
        return;
    GrantDays kinds[4];
    int n = reader_kinds(r, &c, kinds);
    FormErrors errs = {0};
    claim_form(r, w, &c, kinds, n < 0 ? 0 : n, &errs, 0);
    case_free(&c);
}

/* A whole number from 0 to 10,000 in a field, or an error. */
static int form_count(Req *r, const char *name, const char *what, FormErrors *errs)
{
    const char *v = req_form(r, name);
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 0 || n > 10000) {
        char msg[160];
        snprintf(msg, sizeof msg, "Enter %s as a whole number, like 45", what);
        form_errors_add(errs, name, msg);
        return -1;
    }
    return (int)n;
}

/* Reads the claim form into in (strings point into the request). */
static void claim_read(Req *r, const GrantDays *kinds, int n, ClaimIn *in, char from[11], char to[11],
                       FormErrors *errs)
{
    memset(in, 0, sizeof *in);
    in->travel_minutes = in->travel_miles = -1;
    GrantDays k = claim_days_from(req_form(r, "kind"));
    for (int i = 0; i < n; i++)
        if (kinds[i] == k)
            in->kind = k;
    if (!in->kind)
        form_errors_add(errs, "kind", "Select what you are claiming for");
    int a = case_form_date(r, "from", "the first day of the work", 1, 0, from, errs);
    int b = case_form_date(r, "to", "the last day of the work", 1, 0, to, errs);
    if (a == 1 && b == 1 && strcmp(to, from) < 0)
        form_errors_add_date(errs, "to", "The last day of the work must be the same as or after the first day");
    in->from_on = from;
    in->to_on = to;
    if (claim_halves_parse(req_form(r, "days"), &in->halves) != 0 || in->halves <= 0)
        form_errors_add(errs, "days", "Enter the days delivered in half days, like 1.5");
    in->activities = req_form(r, "activities");
    if (!*in->activities)
        form_errors_add(errs, "activities", "Enter what was delivered");
    else if (strlen(in->activities) > CASE_TEXT_MAX)
        form_errors_add(errs, "activities", "What was delivered must be 4,000 characters or fewer");
    if (in->kind == DAYS_NLE) {
        in->travel_minutes = form_count(r, "travel_minutes", "how long the journey takes in minutes", errs);
        in->travel_miles = form_count(r, "travel_miles", "how far it is in miles", errs);
    }
}

/* POST /cases/{id}/claims/new */
void page_claim_new_submit(Req *r, Resp *w)
{
    Case c;
    if (!claim_case_load(r, w, &c))
        return;
    GrantDays kinds[4];
    int n = reader_kinds(r, &c, kinds);
    if (n <= 0) {
        page_error(r, w, n < 0 ? 500 : 404);
        case_free(&c);
        return;
    }
    FormErrors errs = {0};
    ClaimIn in;
    char from[11] = "", to[11] = "";
    claim_read(r, kinds, n, &in, from, to, &errs);
    if (errs.n) {
        claim_form(r, w, &c, kinds, n, &errs, 400);
        case_free(&c);
        return;
    }
    char why[300];
    int64_t id = 0;
    int rc = claim_submit(r->db, &r->actor, &c, &in, &id, why, sizeof why);
    if (rc == CW_OK) {
        char href[48];
        snprintf(href, sizeof href, "/claims/%lld", (long long)id);
        req_flash(r, "The claim is sent: DfE will check it");
        resp_redirect(w, href);
    } else if (rc == CW_REFUSED) {
        form_errors_add(&errs, "days", why);
        claim_form(r, w, &c, kinds, n, &errs, 409);
    } else {
        page_error(r, w, 500);
    }
    case_free(&c);
}

/* ---- a claim ---- */

/* Loads the claim of route parameter 0 and its case: 404 unless the person
   may read the case's grants, 403 unless they may do perm on it. */
static int claim_load(Req *r, Resp *w, Perm perm, Claim *k, Case *c)
{
    memset(c, 0, sizeof *c);
    int64_t id = case_param_id(r, 0);
    int rc = id ? claim_get(r->db, id, k) : 0;
    if (rc == 1) {
        rc = case_get(r->db, k->case_id, c);
        if (rc != 1)
            claim_free(k);
    }
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    int reader = may(r, c, PERM_GRANTS_READ);
    if (!reader || !may(r, c, perm)) {
        page_error(r, w, reader ? 403 : 404);
        claim_free(k);
        case_free(c);
        return 0;
    }
    return 1;
}

static void claim_summary(Req *r, Html *h, const Case *c, const Claim *k)
{
    char days[32], dates[96], rate[32], amount[32], cap[64], travel[80] = "", at[64], decided[64];
    claim_days_words(k->halves, days, sizeof days);
    claim_dates_words(k->from_on, k->to_on, dates, sizeof dates);
    plan_money(k->day_rate, rate, sizeof rate);
    plan_money(k->amount, amount, sizeof amount);
    cap_words(r, c, k->kind, cap, sizeof cap);
    if (k->kind == DAYS_NLE)
        snprintf(travel, sizeof travel, "%d minutes, %d miles", k->travel_minutes, k->travel_miles);
    timestamp_long(k->submitted_at, at, sizeof at);
    Html status, by;
    html_init(&status);
    html_init(&by);
    claim_tag(&status, k->status);
    html_printf(&by, "%s on %s", k->submitted_by, at);
    if (k->on_behalf)
        html_lit(&by, " (on the claimant's behalf)");
    GovukSummaryRow rows[12];
    int n = 0;
    rows[n++] = (GovukSummaryRow){.key = "Status", .value_html = &status};
    rows[n++] = (GovukSummaryRow){.key = "School or trust", .value = c->subject_name};
    rows[n++] = (GovukSummaryRow){.key = "Claimed for", .value = claim_days_label(k->kind)};
    rows[n++] = (GovukSummaryRow){.key = "Dates", .value = dates};
    rows[n++] = (GovukSummaryRow){.key = "Days", .value = days};
    rows[n++] = (GovukSummaryRow){.key = "What was delivered", .value = k->activities};
    if (*travel)
        rows[n++] = (GovukSummaryRow){.key = "The journey", .value = travel};
    rows[n++] = (GovukSummaryRow){.key = "Day rate", .value = rate};
    rows[n++] = (GovukSummaryRow){.key = "Amount", .value = amount};
    rows[n++] = (GovukSummaryRow){.key = "Paid to", .value = k->payee};
    rows[n++] = (GovukSummaryRow){.key = "Sent by", .value_html = &by};
    rows[n++] = (GovukSummaryRow){.key = "Days of this kind on the case", .value = cap};
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_free(&status);
    html_free(&by);
    if (k->decided_at && strcmp(k->status, CLAIM_SUBMITTED) != 0) {
        timestamp_long(k->decided_at, decided, sizeof decided);
        html_printf(h, "<h2 class=\"govuk-heading-m\">%s</h2><p class=\"govuk-body\">By %s on %s.</p>",
                    claim_status_label(k->status), k->decided_by, decided);
        if (k->decision_note)
            html_printf(h, "<div class=\"govuk-inset-text\">%s</div>", k->decision_note);
        if (k->grant_id && strcmp(k->status, CLAIM_APPROVED) == 0)
            html_printf(h, "<p class=\"govuk-body\">It is due to be paid in the next payment run: see <a"
                           " class=\"govuk-link\" href=\"/grants/%lld\">the grant</a>.</p>",
                        (long long)k->grant_id);
    }
}

static void claim_page(Req *r, Resp *w, const Case *c, const Claim *k, const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Claim %lld</h1>",
                c->subject_name, (long long)k->id);
    claim_summary(r, &h, c, k);
    int waiting = strcmp(k->status, CLAIM_SUBMITTED) == 0;
    if (waiting && may(r, c, PERM_CLAIM_DECIDE)) {
        html_printf(&h, "<form method=\"post\" action=\"/claims/%lld/decision\" novalidate>", (long long)k->id);
        govuk_csrf_field(&h, req_csrf(r));
        GovukChoice items[] = {{.value = "approve", .text = "Approve the claim",
                                .hint = "It is added to the case's grant and paid in the next payment run"},
                               {.value = "reject", .text = "Reject the claim"}};
        govuk_radios(&h, &(GovukRadios){.name = "outcome", .legend = "Your decision",
                                        .legend_classes = "govuk-fieldset__legend--m",
                                        .value = req_form(r, "outcome"), .items = items, .n_items = 2,
                                        .error = form_errors_get(errs, "outcome")});
        govuk_textarea(&h, &(GovukTextarea){.name = "note", .label = "Note", .label_classes = "govuk-label--s",
                                            .hint = "Required when you reject the claim: the claimant reads it",
                                            .value = req_form(r, "note"), .max_chars = CASE_TEXT_MAX,
                                            .error = form_errors_get(errs, "note")});
        govuk_button(&h, &(GovukButton){.text = "Record the decision", .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    if (waiting && may(r, c, PERM_CLAIM_SUBMIT)) {
        html_printf(&h, "<form method=\"post\" action=\"/claims/%lld/withdraw\" novalidate>", (long long)k->id);
        govuk_csrf_field(&h, req_csrf(r));
        govuk_button(&h, &(GovukButton){.text = "Withdraw the claim", .variant = GOVUK_BUTTON_WARNING});
        html_lit(&h, "</form>");
    }
    char back[64], title[300];
    case_back(r, c->id, back, sizeof back);
    snprintf(title, sizeof title, "Claim %lld - %s", (long long)k->id, c->subject_name);
    grant_form_page(r, w, title, back, "Back to the case", errs, &h, status);
    html_free(&h);
}

/* GET /claims/{id} */
void page_claim_show(Req *r, Resp *w)
{
    Claim k;
    Case c;
    if (!claim_load(r, w, PERM_GRANTS_READ, &k, &c))
        return;
    FormErrors errs = {0};
    claim_page(r, w, &c, &k, &errs, 0);
    claim_free(&k);
    case_free(&c);
}

static void claim_done(Req *r, Resp *w, const Case *c, Claim *k, int rc, const char *why, const char *field,
                       const char *flash)
{
    if (rc == CW_OK) {
        char href[48];
        snprintf(href, sizeof href, "/claims/%lld", (long long)k->id);
        req_flash(r, flash);
        resp_redirect(w, href);
    } else if (rc == CW_REFUSED) {
        FormErrors errs = {0};
        form_errors_add(&errs, field, why);
        /* show it as it is now */
        Claim now;
        if (claim_get(r->db, k->id, &now) == 1) {
            claim_page(r, w, c, &now, &errs, 409);
            claim_free(&now);
        } else {
            page_error(r, w, 500);
        }
    } else {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
    }
}

/* POST /claims/{id}/decision */
void page_claim_decide(Req *r, Resp *w)
{
    Claim k;
    Case c;
    if (!claim_load(r, w, PERM_CLAIM_DECIDE, &k, &c))
        return;
    FormErrors errs = {0};
    const char *outcome = req_form(r, "outcome"), *note = req_form(r, "note");
    int approve = strcmp(outcome, "approve") == 0;
    if (!approve && strcmp(outcome, "reject") != 0)
        form_errors_add(&errs, "outcome", "Select whether you approve or reject the claim");
    else if (!approve && !*note)
        form_errors_add(&errs, "note", "Enter why the claim is rejected");
    if (strlen(note) > CASE_TEXT_MAX)
        form_errors_add(&errs, "note", "The note must be 4,000 characters or fewer");
    if (errs.n) {
        claim_page(r, w, &c, &k, &errs, 400);
    } else {
        char why[300];
        int rc = claim_decide(r->db, &r->actor, k.id, approve, note, why, sizeof why);
        claim_done(r, w, &c, &k, rc, why, "outcome",
                   approve ? "The claim is approved: it will be paid in the next payment run" : "The claim is rejected");
    }
    claim_free(&k);
    case_free(&c);
}

/* POST /claims/{id}/withdraw */
void page_claim_withdraw(Req *r, Resp *w)
{
    Claim k;
    Case c;
    if (!claim_load(r, w, PERM_CLAIM_SUBMIT, &k, &c))
        return;
    char why[300];
    int rc = claim_withdraw(r->db, &r->actor, k.id, why, sizeof why);
    claim_done(r, w, &c, &k, rc, why, NULL, "The claim is withdrawn");
    claim_free(&k);
    case_free(&c);
}

/* ---- lists ---- */

static void claims_table(Html *h, const ClaimList *l, int with_school, const char *caption)
{
    GovukTableCell head[] = {{.text = "Claim"},  {.text = "School or trust"}, {.text = "For"},
                             {.text = "Dates"},  {.text = "Days", .numeric = 1}, {.text = "Amount", .numeric = 1},
                             {.text = "Status"}};
    GovukTableCell head_case[] = {{.text = "Claim"}, {.text = "For"}, {.text = "Dates"}, {.text = "Days", .numeric = 1},
                                  {.text = "Amount", .numeric = 1}, {.text = "Status"}};
    govuk_table_open(h, &(GovukTable){.caption = caption, .caption_classes = "govuk-table__caption--m",
                                      .head = with_school ? head : head_case, .n_head = with_school ? 7 : 6});
    for (size_t i = 0; i < l->n; i++) {
        const Claim *k = &l->items[i];
        Html link, tag;
        html_init(&link);
        html_init(&tag);
        html_printf(&link, "<a class=\"govuk-link\" href=\"/claims/%lld\">Claim %lld</a>", (long long)k->id,
                    (long long)k->id);
        claim_tag(&tag, k->status);
        char days[32], dates[96], amount[32];
        claim_days_words(k->halves, days, sizeof days);
        claim_dates_words(k->from_on, k->to_on, dates, sizeof dates);
        plan_money(k->amount, amount, sizeof amount);
        GovukTableCell cells[7];
        int n = 0;
        cells[n++] = (GovukTableCell){.html = &link};
        if (with_school)
            cells[n++] = (GovukTableCell){.text = k->school};
        cells[n++] = (GovukTableCell){.text = claim_days_label(k->kind)};
        cells[n++] = (GovukTableCell){.text = dates};
        cells[n++] = (GovukTableCell){.text = days, .numeric = 1};
        cells[n++] = (GovukTableCell){.text = amount, .numeric = 1};
        cells[n++] = (GovukTableCell){.html = &tag};
        govuk_table_row(h, cells, n, 0);
        html_free(&link);
        html_free(&tag);
    }
    govuk_table_close(h);
}

void claims_section(Req *r, Html *h, const Case *c)
{
    GrantDays kinds[4];
    int n = reader_kinds(r, c, kinds);
    ClaimList l;
    if (n <= 0 || claims_of_case(r->db, c->id, &l) != 0)
        return;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Claims of days</h2>");
    for (int i = 0; i < n; i++) {
        char cap[64];
        cap_words(r, c, kinds[i], cap, sizeof cap);
        html_printf(h, "<p class=\"govuk-body\">%s: %s.</p>", claim_days_label(kinds[i]), cap);
    }
    if (l.n)
        claims_table(h, &l, 0, NULL);
    else
        html_lit(h, "<p class=\"govuk-body\">No days have been claimed yet.</p>");
    if (may(r, c, PERM_CLAIM_SUBMIT)) {
        char href[64];
        snprintf(href, sizeof href, "/cases/%lld/claims/new", (long long)c->id);
        govuk_button(h, &(GovukButton){.text = "Claim days", .href = href, .variant = GOVUK_BUTTON_SECONDARY});
    }
    claim_list_free(&l);
}

/* GET /claims */
void page_claims_list(Req *r, Resp *w)
{
    const char *region = r->who.role == ROLE_GRANT_TEAM ? NULL : r->who.region;
    if (r->who.role != ROLE_GRANT_TEAM && !region) {
        page_error(r, w, 403);
        return;
    }
    ClaimList l;
    if (claims_waiting(r->db, region, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Claims to check</h1>");
    if (region)
        html_printf(&h, "<p class=\"govuk-body\">Claims of days waiting for a decision in %s, oldest first.</p>",
                    region);
    else
        html_lit(&h, "<p class=\"govuk-body\">Claims of days waiting for a decision in every region, oldest"
                     " first.</p>");
    if (l.n)
        claims_table(&h, &l, 1, NULL);
    else
        html_lit(&h, "<p class=\"govuk-body\">There are no claims waiting.</p>");
    PageOpts o = {.title = "Claims to check", .nav = "cases"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    claim_list_free(&l);
}
