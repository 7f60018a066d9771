/*
 * grants.c - the grant's pages (issue 14): a case's grants, a grant's page
 * (summary, termly schedule, money by bucket, ledger history), its offer
 * letter, issuing it, accepting it, withdrawing it, a payment's progress,
 * withholding and release, and every grant for finance readers.
 * grant_common.h lists the routes.
 */
#include "core/date.h"
#include "domain/access.h"
#include "domain/grant_letter.h"
#include "store/grants.h"
#include "store/reviews.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"
#include "web/pages/claims.h"
#include "web/pages/grant_returns.h"
#include "web/pages/grant_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Scope grant_scope(const Case *c, const Grant *g)
{
    Scope s = case_scope(c);
    s.payee_kind = g->payee_kind;
    s.payee_ref = g->payee_ref;
    return s;
}

static int may(const Req *r, const Case *c, const Grant *g, Perm perm)
{
    Scope s = grant_scope(c, g);
    return authorise(&r->who, perm, &s) == ACCESS_ALLOW;
}

static int external(const Req *r)
{
    return r->who.role == ROLE_SCHOOL || r->who.role == ROLE_SUPPORTING_ORGANISATION;
}

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static const char *money(int64_t pence, char *out, size_t len)
{
    plan_money(pence, out, len);
    return out;
}

/* Loads the grant named by route parameter 0 and its case, and checks perm:
   not a reader of it at all, 404; a reader without perm, 403. */
static int load(Req *r, Resp *w, Perm perm, Case *c, Grant *g)
{
    memset(c, 0, sizeof *c);
    int64_t id = case_param_id(r, 0);
    int rc = id ? grant_get(r->db, id, g) : 0;
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    rc = case_get(r->db, g->case_id, c);
    if (rc != 1 || !may(r, c, g, PERM_GRANTS_READ) || (perm != PERM_GRANTS_READ && !may(r, c, g, perm))) {
        page_error(r, w, rc != 1 ? 500 : !may(r, c, g, PERM_GRANTS_READ) ? 404 : 403);
        grant_free(g);
        case_free(c);
        return 0;
    }
    return 1;
}

static void status_tag(Html *h, const char *status)
{
    const char *cls = is(status, GRANT_OFFERED)     ? "govuk-tag--blue"
                      : is(status, GRANT_ACCEPTED)  ? "govuk-tag--green"
                      : is(status, GRANT_WITHDRAWN) ? "govuk-tag--red"
                                                    : "govuk-tag--grey";
    govuk_tag(h, &(GovukTag){.text = is(status, GRANT_DRAFT) ? "Draft" : grant_status_label(status), .classes = cls});
}

static void line_tag(Html *h, const char *status)
{
    const char *cls = is(status, "due")        ? "govuk-tag--blue"
                      : is(status, "withheld") ? "govuk-tag--red"
                      : is(status, "paid")     ? "govuk-tag--green"
                                               : "govuk-tag--grey";
    govuk_tag(h, &(GovukTag){.text = grant_line_status_label(status), .classes = cls});
}

static void grant_href(char *out, size_t len, int64_t id, const char *rest)
{
    snprintf(out, len, "/grants/%lld%s%s", (long long)id, rest ? "/" : "", rest ? rest : "");
}

static void warning_text(Html *h, const char *text)
{
    html_printf(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
                   "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning"
                   "</span>%s</strong></div>",
                text);
}

/*
 * A page of the grant: a back link to the grant (to_grant), or from the
 * grant's own page to where the reader came from (their case, the case's
 * grants, or the list of grants). content writes its own h1 and errors.
 */
static void shell(Req *r, Resp *w, const Case *c, const Grant *g, const char *title, int to_grant,
                  const FormErrors *errs, const Html *content, int status)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    char back[64];
    const char *text;
    Scope s = case_scope(c);
    if (to_grant) {
        grant_href(back, sizeof back, g->id, NULL);
        text = "Back to the grant";
    } else if (external(r)) {
        snprintf(back, sizeof back, "/your-cases/%lld", (long long)c->id);
        text = "Back to your case";
    } else if (authorise(&r->who, PERM_CASES_READ, &s) == ACCESS_ALLOW) {
        case_href(back, sizeof back, c->id, "grants");
        text = "Back to the case's grants";
    } else {
        snprintf(back, sizeof back, "/grants");
        text = "All grants";
    }
    govuk_back_link(&before, &(GovukBackLink){.href = back, .text = text});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-full\">");
    page_flash(r, &h);
    html_append(&h, content);
    html_lit(&h, "</div></div>");
    char full[400];
    snprintf(full, sizeof full, "%s - %s", title, c->subject_name ? c->subject_name : "");
    int has_errors = errs && errs->n > 0;
    PageOpts o = {.title = full, .has_errors = has_errors, .nav = external(r) ? "your-cases" : "cases",
                  .before = &before};
    page_render(r, w, status ? status : has_errors ? 400 : 200, &o, &h);
    html_free(&h);
    html_free(&before);
}

static void heading(Html *h, const Grant *g, const char *title)
{
    html_printf(h, "<span class=\"govuk-caption-l\">%s &middot; %s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                g->school, grant_kind_label(g->kind), title);
}

/* ---- the grant's page ---- */

static void summary(Req *r, Html *h, const Case *c, const Grant *g)
{
    Html tag, payee, plan, offered, accepted;
    html_init(&tag);
    html_init(&payee);
    html_init(&plan);
    html_init(&offered);
    html_init(&accepted);
    status_tag(&tag, g->status);
    html_printf(&payee, "%s<br><span class=\"govuk-body-s\">", g->payee_name);
    if (g->vendor_account)
        html_printf(&payee, "Finance system supplier number: %s", g->vendor_account);
    else
        html_lit(&payee, "No finance system supplier number yet: it cannot be paid until the grant team records"
                         " one");
    html_lit(&payee, "</span>");
    if (g->plan_version > 0) {
        char href[96];
        snprintf(href, sizeof href, "/plans/%lld/versions/%d", (long long)c->id, g->plan_version);
        html_printf(&plan, "<a class=\"govuk-link\" href=\"%s\">Version %d of the plan, as approved</a>", href,
                    g->plan_version);
    } else {
        html_lit(&plan, "Not made from a plan");
    }
    char when[64], total[48];
    if (g->offered_at) {
        timestamp_long(g->offered_at, when, sizeof when);
        html_printf(&offered, "%s by %s", when, person_name(g->offered_by));
    } else {
        html_lit(&offered, "Not yet: the grant team checks and issues the offer letter");
    }
    if (g->accepted_at) {
        timestamp_long(g->accepted_at, when, sizeof when);
        html_printf(&accepted, "%s by %s", when, g->accepted_name ? g->accepted_name : "");
        if (g->accepted_on_behalf)
            html_printf(&accepted, " (recorded by %s on the payee's behalf)", person_name(g->accepted_by));
    } else {
        html_lit(&accepted, "Not yet");
    }
    GovukSummaryRow rows[10];
    int n = 0;
    rows[n++] = (GovukSummaryRow){.key = "Status", .value_html = &tag};
    rows[n++] = (GovukSummaryRow){.key = "Paid to", .value_html = &payee};
    rows[n++] = (GovukSummaryRow){.key = "School supported", .value = g->school};
    rows[n++] = (GovukSummaryRow){.key = "Programme", .value = programme_label(g->programme)};
    rows[n++] = (GovukSummaryRow){.key = "Made from", .value_html = &plan};
    rows[n++] = (GovukSummaryRow){.key = "Total", .value = money(g->total, total, sizeof total)};
    if (g->year)
        rows[n++] = (GovukSummaryRow){.key = "Financial year", .value = g->year};
    rows[n++] = (GovukSummaryRow){.key = "Offered", .value_html = &offered};
    rows[n++] = (GovukSummaryRow){.key = "Accepted", .value_html = &accepted};
    if (g->withdrawn_reason)
        rows[n++] = (GovukSummaryRow){.key = "Withdrawn because", .value = g->withdrawn_reason};
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_free(&tag);
    html_free(&payee);
    html_free(&plan);
    html_free(&offered);
    html_free(&accepted);
    (void)r;
}

/* What the reader may do to the whole grant. */
static void grant_actions(Req *r, Html *h, const Case *c, const Grant *g)
{
    char href[96];
    if (g->has_letter) {
        grant_href(href, sizeof href, g->id, "letter.pdf");
        html_printf(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Read the offer letter (PDF)</a></p>",
                    href);
    }
    html_lit(h, "<div class=\"govuk-button-group\">");
    if (is(g->status, GRANT_DRAFT) && may(r, c, g, PERM_GRANTS_MANAGE)) {
        grant_href(href, sizeof href, g->id, "issue");
        govuk_button(h, &(GovukButton){.text = "Check and issue the offer", .href = href});
    }
    if (is(g->status, GRANT_OFFERED) && may(r, c, g, PERM_GRANT_ACCEPT)) {
        grant_href(href, sizeof href, g->id, "accept");
        govuk_button(h, &(GovukButton){.text = external(r) ? "Accept the offer" : "Record the acceptance",
                                       .href = href});
    }
    if ((is(g->status, GRANT_OFFERED) || is(g->status, GRANT_ACCEPTED)) && may(r, c, g, PERM_GRANTS_MANAGE)) {
        grant_href(href, sizeof href, g->id, "withdraw");
        govuk_button(h, &(GovukButton){.text = "Withdraw the offer", .href = href,
                                       .variant = GOVUK_BUTTON_SECONDARY});
    }
    html_lit(h, "</div>");
}

/* The actions of one line, as links. */
static void line_actions(Req *r, Html *h, const Case *c, const Grant *g, const GrantLineRow *l)
{
    if (!may(r, c, g, PERM_GRANT_PROGRESS))
        return;
    int accepted = is(g->status, GRANT_ACCEPTED), live = accepted || is(g->status, GRANT_OFFERED);
    int reviewed = case_has_termly_reviews(r->db, c->id); /* the reviews confirm progress (issue 15) */
    struct {
        int show;
        const char *action, *text;
    } A[] = {
        {accepted && is(l->status, "scheduled") && is(l->pay_when, "arrears") && !reviewed, "progress",
         "Confirm progress"},
        {live && (is(l->status, "scheduled") || is(l->status, "due")) && !(l->run_id && is(l->run_status, "approved")),
         "withhold", "Withhold"},
        {accepted && is(l->status, "withheld"), "release", "Release"},
    };
    for (size_t i = 0; i < sizeof A / sizeof A[0]; i++) {
        if (!A[i].show)
            continue;
        char href[128];
        snprintf(href, sizeof href, "/grants/%lld/lines/%d/%s", (long long)g->id, l->position, A[i].action);
        html_printf(h, "<a class=\"govuk-link\" href=\"%s\">%s<span class=\"govuk-visually-hidden\"> for %s</span></a>"
                       "<br>",
                    href, A[i].text, l->label);
    }
}

static void schedule_table(Req *r, Html *h, const Case *c, const Grant *g, const GrantLineList *ll)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"schedule\">When it is paid</h2>");
    if (is(g->kind, "raf") || is(g->kind, "improvement"))
        html_printf(h, "<p class=\"govuk-body\">The first term is paid up front once the offer is accepted. Later"
                       " terms are paid in arrears, once the term before has made satisfactory progress%s.</p>",
                    case_has_termly_reviews(r->db, c->id) ? ": accepting a satisfactory termly review on the case's"
                                                            " Monitoring tab releases the next payment"
                                                          : "");
    GovukTableCell head[] = {{.text = "Payment"}, {.text = "Expected by"}, {.text = "Amount", .numeric = 1},
                             {.text = "Status"},  {.text = "Why"},         {.text = "Paid"},
                             {.text = "Actions"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 7, .caption = "The grant's payments",
                                      .caption_classes = "govuk-visually-hidden"});
    for (size_t i = 0; i < ll->n; i++) {
        const GrantLineRow *l = &ll->items[i];
        char on[64] = "", amount[48], paid[160] = "";
        case_long_date(l->expected_on, on, sizeof on);
        if (l->paid_on) {
            char d[64];
            snprintf(paid, sizeof paid, "%s%s%s", case_long_date(l->paid_on, d, sizeof d),
                     l->paid_reference ? ", reference " : "", l->paid_reference ? l->paid_reference : "");
        }
        Html tag, why, acts;
        html_init(&tag);
        html_init(&why);
        html_init(&acts);
        line_tag(&tag, l->status);
        if (l->run_id && !is(l->status, "paid"))
            html_printf(&tag, "<br><span class=\"govuk-body-s\">In payment run %lld (%s)</span>", (long long)l->run_id,
                        l->run_status ? l->run_status : "");
        if (is(l->status, "withheld") && l->withheld_reason)
            html_printf(&why, "Withheld: %s", l->withheld_reason);
        else if (l->progress_note)
            html_printf(&why, "Progress: %s", l->progress_note);
        line_actions(r, &acts, c, g, l);
        GovukTableCell cells[] = {{.text = l->label}, {.text = on},        {.text = money(l->amount, amount, sizeof amount), .numeric = 1},
                                  {.html = &tag},     {.html = &why},      {.text = paid},
                                  {.html = &acts}};
        govuk_table_row(h, cells, 7, 0);
        html_free(&tag);
        html_free(&why);
        html_free(&acts);
    }
    govuk_table_close(h);
}

static void buckets(Html *h, const Grant *g)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\">Where the money is</h2>");
    if (is(g->status, GRANT_DRAFT)) {
        html_lit(h, "<div class=\"govuk-inset-text\">Nothing is committed until the offer is issued.</div>");
        return;
    }
    static const struct {
        GrantBucket b;
        const char *key;
    } B[] = {{BUCKET_SCHEDULED, "Scheduled: promised, not yet payable"},
             {BUCKET_DUE, "Due: to be paid in the next payment run"},
             {BUCKET_WITHHELD, "Withheld"},
             {BUCKET_PAID, "Paid"},
             {BUCKET_CANCELLED, "Cancelled"},
             {BUCKET_RECOVERED, "Recovered: underspend returned"}};
    char v[7][48];
    GovukSummaryRow rows[7];
    rows[0] = (GovukSummaryRow){.key = "Offered", .value = money(g->balance.offered, v[0], sizeof v[0])};
    for (int i = 0; i < 6; i++)
        rows[i + 1] = (GovukSummaryRow){.key = B[i].key, .value = money(g->balance.b[B[i].b], v[i + 1], sizeof v[0])};
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = 7});
}

static void history(Html *h, const GrantEntryList *el)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\">History of the money</h2>");
    if (!el->n) {
        html_lit(h, "<p class=\"govuk-body\">No money has moved yet.</p>");
        return;
    }
    GovukTableCell head[] = {{.text = "Date"},        {.text = "What"},        {.text = "Amount", .numeric = 1},
                             {.text = "Prepared by"}, {.text = "Approved by"}, {.text = "Why"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 6, .caption = "Every entry of the grant's ledger",
                                      .caption_classes = "govuk-visually-hidden"});
    for (size_t i = 0; i < el->n; i++) {
        const GrantEntry *e = &el->items[i];
        char at[64], amount[48], what[160], why[600];
        timestamp_long(e->at, at, sizeof at);
        snprintf(what, sizeof what, "%s (%s to %s)", grant_op_label(grant_op_from(e->op)),
                 e->from_bucket ? e->from_bucket : "offer", e->to_bucket);
        snprintf(why, sizeof why, "%s%s%s", e->reason ? e->reason : "", e->reference ? " Reference: " : "",
                 e->reference ? e->reference : "");
        GovukTableCell cells[] = {{.text = at},
                                  {.text = what},
                                  {.text = money(e->amount, amount, sizeof amount), .numeric = 1},
                                  {.text = person_name(e->prepared_by)},
                                  {.text = e->approved_by ? person_name(e->approved_by) : ""},
                                  {.text = why}};
        govuk_table_row(h, cells, 6, 0);
    }
    govuk_table_close(h);
}

/* GET /grants/{id} */
void page_grant(Req *r, Resp *w)
{
    Case c;
    Grant g;
    if (!load(r, w, PERM_GRANTS_READ, &c, &g))
        return;
    GrantLineList ll = {0};
    GrantEntryList el = {0};
    if (grant_lines(r->db, g.id, &ll) != 0 || grant_entries(r->db, g.id, &el) != 0) {
        page_error(r, w, 500);
    } else {
        Html h;
        html_init(&h);
        char title[200];
        snprintf(title, sizeof title, "%s to %s", grant_kind_label(g.kind), g.payee_name);
        heading(&h, &g, title);
        summary(r, &h, &c, &g);
        grant_actions(r, &h, &c, &g);
        schedule_table(r, &h, &c, &g, &ll);
        buckets(&h, &g);
        Scope gs = grant_scope(&c, &g);
        if (!is(g.status, GRANT_DRAFT)) /* spend is checked once money is offered */
            grant_returns_section(r, &h, g.id, &gs);
        history(&h, &el);
        shell(r, w, &c, &g, grant_kind_label(g.kind), 0, NULL, &h, 0);
        html_free(&h);
    }
    grant_line_list_free(&ll);
    grant_entry_list_free(&el);
    grant_free(&g);
    case_free(&c);
}

/* GET /grants/{id}/letter.pdf */
void page_grant_letter(Req *r, Resp *w)
{
    Case c;
    Grant g;
    if (!load(r, w, PERM_GRANTS_READ, &c, &g))
        return;
    unsigned char *pdf = NULL;
    size_t len = 0;
    int rc = grant_letter_get(r->db, g.id, &pdf, &len);
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
    } else {
        resp_bytes(w, 200, "application/pdf", pdf, len);
        char disp[120];
        snprintf(disp, sizeof disp, "inline; filename=\"grant-offer-letter-%lld.pdf\"", (long long)g.id);
        resp_header(w, "Content-Disposition", disp);
    }
    free(pdf);
    grant_free(&g);
    case_free(&c);
}

/* After a change: flash and back to the grant; the 404 or 500 page; 0 when
   refused (the caller shows why). */
static int change_done(Req *r, Resp *w, const Grant *g, int rc, const char *flash)
{
    if (rc == CW_REFUSED)
        return 0;
    if (rc != CW_OK) {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
        return 1;
    }
    char href[64];
    grant_href(href, sizeof href, g->id, NULL);
    req_flash(r, flash);
    resp_redirect(w, href);
    return 1;
}

/* ---- issuing ---- */

static void issue_page(Req *r, Resp *w, Case *c, Grant *g, const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    heading(&h, g, "Check and issue the offer");
    if (!is(g->status, GRANT_DRAFT)) {
        html_lit(&h, "<div class=\"govuk-inset-text\">This offer has been issued already.</div>");
        shell(r, w, c, g, "Check and issue the offer", 1, errs, &h, status);
        html_free(&h);
        return;
    }
    char total[48], year[8], today[11], budget[300] = "Not set for this year and region";
    case_today(r, today);
    grant_financial_year(atoi(today), atoi(today + 5), year);
    GrantBudget b;
    if (grant_budget_get(r->db, g->programme, year, g->region, &b) == 0 && b.has_allocation) {
        char alloc[32], used[32], after[32];
        int64_t committed = b.committed - b.cancelled - b.recovered;
        snprintf(budget, sizeof budget, "%s allocated for %s in %s; %s committed, %s once this offer is issued",
                 money(b.allocated, alloc, sizeof alloc), g->region, year, money(committed, used, sizeof used),
                 money(committed + g->total, after, sizeof after));
    }
    GovukSummaryRow rows[] = {{.key = "Paid to", .value = g->payee_name},
                              {.key = "School supported", .value = g->school},
                              {.key = "Total", .value = money(g->total, total, sizeof total)},
                              {.key = "Budget", .value = budget}};
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = 4});
    html_lit(&h, "<p class=\"govuk-body\">Issuing makes the offer letter from the schedule and the grant's terms,"
                 " commits the money to this year's budget and emails the letter to the payee, who accepts it in the"
                 " service.</p>");
    char *letter = grant_letter_preview(r->db, g->id, person_name(r->actor.label));
    if (letter) {
        html_printf(&h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span"
                        " class=\"govuk-details__summary-text\">Read the letter before issuing it</span></summary>"
                        "<div class=\"govuk-details__text rise-pre-line\">%s</div></details>",
                    letter);
        free(letter);
    }
    char warning[400];
    int warns = grant_issue_warning(r->db, g->id, warning, sizeof warning);
    char action[64];
    grant_href(action, sizeof action, g->id, "issue");
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    if (warns > 0) {
        warning_text(&h, warning);
        const char *v = req_form(r, "over_budget");
        const char *vals[] = {v};
        GovukChoice box[] = {{.value = "yes", .text = "I understand this exceeds the budget"}};
        govuk_checkboxes(&h, &(GovukCheckboxes){.name = "over_budget", .values = vals, .n_values = *v ? 1 : 0,
                                                .items = box, .n_items = 1,
                                                .error = form_errors_get(errs, "over_budget")});
    }
    govuk_button(&h, &(GovukButton){.text = "Issue the offer", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    shell(r, w, c, g, "Check and issue the offer", 1, errs, &h, status);
    html_free(&h);
}

/* GET /grants/{id}/issue */
void page_grant_issue_form(Req *r, Resp *w)
{
    Case c;
    Grant g;
    if (!load(r, w, PERM_GRANTS_MANAGE, &c, &g))
        return;
    FormErrors errs = {0};
    issue_page(r, w, &c, &g, &errs, 0);
    grant_free(&g);
    case_free(&c);
}

/* POST /grants/{id}/issue */
void page_grant_issue(Req *r, Resp *w)
{
    Case c;
    Grant g;
    if (!load(r, w, PERM_GRANTS_MANAGE, &c, &g))
        return;
    FormErrors errs = {0};
    char warning[400];
    int ok = strcmp(req_form(r, "over_budget"), "yes") == 0;
    if (grant_issue_warning(r->db, g.id, warning, sizeof warning) > 0 && !ok) {
        form_errors_add(&errs, "over_budget", "Confirm that you understand this offer exceeds the budget");
        issue_page(r, w, &c, &g, &errs, 400);
    } else {
        const char *why = NULL;
        int rc = grant_issue(r->db, &r->actor, g.id, ok, &why);
        if (!change_done(r, w, &g, rc, "The offer is issued and its letter emailed to the payee")) {
            form_errors_add(&errs, "over_budget", why);
            issue_page(r, w, &c, &g, &errs, 409);
        }
    }
    grant_free(&g);
    case_free(&c);
}

/* ---- accepting ---- */

static void accept_page(Req *r, Resp *w, Case *c, Grant *g, const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    heading(&h, g, "Accept the grant offer");
    if (!is(g->status, GRANT_OFFERED)) {
        html_printf(&h, "<div class=\"govuk-inset-text\">%s</div>",
                    is(g->status, GRANT_ACCEPTED) ? "The offer has been accepted already."
                                                   : "This grant is not waiting for acceptance.");
        shell(r, w, c, g, "Accept the grant offer", 1, errs, &h, status);
        html_free(&h);
        return;
    }
    char href[64], total[48];
    grant_href(href, sizeof href, g->id, "letter.pdf");
    html_printf(&h, "<p class=\"govuk-body\">The Department for Education offers %s a grant of %s for %s. Read the"
                    " <a class=\"govuk-link\" href=\"%s\">offer letter (PDF)</a> first: by accepting you agree to"
                    " its terms, including that all underspend must be returned to the Department. The first"
                    " payment is made after you accept.</p>",
                g->payee_name, money(g->total, total, sizeof total), g->school, href);
    int behalf = !external(r);
    if (behalf)
        html_lit(&h, "<div class=\"govuk-inset-text\">You are recording the acceptance on the payee's behalf: the"
                     " record says so, with the name of the person who accepted.</div>");
    char action[64];
    grant_href(action, sizeof action, g->id, "accept");
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_input(&h, &(GovukInput){.name = "name", .label = "Full name of the person accepting",
                                  .label_classes = "govuk-label--s", .value = req_form(r, "name"),
                                  .autocomplete = behalf ? NULL : "name", .error = form_errors_get(errs, "name")});
    const char *v = req_form(r, "confirm");
    const char *vals[] = {v};
    GovukChoice box[] = {{.value = "yes",
                          .text = behalf ? "They have read the offer letter and accept the grant on its terms"
                                         : "I have read the offer letter and accept the grant on its terms"}};
    govuk_checkboxes(&h, &(GovukCheckboxes){.name = "confirm", .values = vals, .n_values = *v ? 1 : 0, .items = box,
                                            .n_items = 1, .error = form_errors_get(errs, "confirm")});
    govuk_button(&h, &(GovukButton){.text = "Accept the offer", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    shell(r, w, c, g, "Accept the grant offer", 1, errs, &h, status);
    html_free(&h);
}

/* GET /grants/{id}/accept */
void page_grant_accept_form(Req *r, Resp *w)
{
    Case c;
    Grant g;
    if (!load(r, w, PERM_GRANT_ACCEPT, &c, &g))
        return;
    FormErrors errs = {0};
    accept_page(r, w, &c, &g, &errs, 0);
    grant_free(&g);
    case_free(&c);
}

/* POST /grants/{id}/accept */
void page_grant_accept(Req *r, Resp *w)
{
    Case c;
    Grant g;
    if (!load(r, w, PERM_GRANT_ACCEPT, &c, &g))
        return;
    FormErrors errs = {0};
    const char *name = req_form(r, "name");
    if (!*name)
        form_errors_add(&errs, "name", "Enter the full name of the person accepting the offer");
    else if (strlen(name) > 200)
        form_errors_add(&errs, "name", "The name must be 200 characters or fewer");
    if (strcmp(req_form(r, "confirm"), "yes") != 0)
        form_errors_add(&errs, "confirm", "Confirm that the offer letter has been read and the grant is accepted");
    if (errs.n) {
        accept_page(r, w, &c, &g, &errs, 400);
    } else {
        const char *why = NULL;
        int rc = grant_accept(r->db, &r->actor, g.id, name, !external(r), &why);
        if (!change_done(r, w, &g, rc, "The offer is accepted: the first payment is due")) {
            form_errors_add(&errs, "name", why);
            accept_page(r, w, &c, &g, &errs, 409);
        }
    }
    grant_free(&g);
    case_free(&c);
}

/* ---- withdrawing ---- */

static void withdraw_page(Req *r, Resp *w, Case *c, Grant *g, const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    heading(&h, g, "Withdraw the offer");
    html_lit(&h, "<p class=\"govuk-body\">Every payment not yet made is cancelled. Payments already made stay paid:"
                 " any underspend is recovered separately.</p>");
    char action[64];
    grant_href(action, sizeof action, g->id, "withdraw");
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .label = "Why is the offer withdrawn?",
                                        .label_classes = "govuk-label--s", .value = req_form(r, "reason"),
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Withdraw the offer", .variant = GOVUK_BUTTON_WARNING,
                                    .prevent_double_click = 1});
    html_lit(&h, "</form>");
    shell(r, w, c, g, "Withdraw the offer", 1, errs, &h, status);
    html_free(&h);
}

/* GET /grants/{id}/withdraw */
void page_grant_withdraw_form(Req *r, Resp *w)
{
    Case c;
    Grant g;
    if (!load(r, w, PERM_GRANTS_MANAGE, &c, &g))
        return;
    FormErrors errs = {0};
    withdraw_page(r, w, &c, &g, &errs, 0);
    grant_free(&g);
    case_free(&c);
}

/* POST /grants/{id}/withdraw */
void page_grant_withdraw(Req *r, Resp *w)
{
    Case c;
    Grant g;
    if (!load(r, w, PERM_GRANTS_MANAGE, &c, &g))
        return;
    FormErrors errs = {0};
    const char *reason = req_form(r, "reason");
    if (!*reason)
        form_errors_add(&errs, "reason", "Enter why the offer is withdrawn");
    else if (strlen(reason) > CASE_TEXT_MAX)
        form_errors_add(&errs, "reason", "The reason must be 4000 characters or fewer");
    if (errs.n) {
        withdraw_page(r, w, &c, &g, &errs, 400);
    } else {
        const char *why = NULL;
        int rc = grant_withdraw(r->db, &r->actor, g.id, reason, &why);
        if (!change_done(r, w, &g, rc, "The offer is withdrawn and its unpaid payments cancelled")) {
            form_errors_add(&errs, "reason", why);
            withdraw_page(r, w, &c, &g, &errs, 409);
        }
    }
    grant_free(&g);
    case_free(&c);
}

/* ---- a payment's progress, withholding and release ---- */

typedef struct LineForm {
    GrantLineAction act;
    const char *title, *label, *hint, *button, *flash;
} LineForm;

static const LineForm LINE_FORMS[] = {
    {LINE_PROGRESS, "Confirm satisfactory progress", "What progress was made against the actions in the term before?",
     "The department will only release funding for activities delivered through terms 2 and 3 of the plan if there"
     " is satisfactory progress against the actions through the previous term.",
     "Confirm progress and make the payment due", "Progress is confirmed: the payment is due"},
    {LINE_WITHHOLD, "Withhold a payment", "Why is the payment withheld?",
     "For example, the activity agreed for the term has not taken place. It stays withheld until it is released.",
     "Withhold the payment", "The payment is withheld"},
    {LINE_RELEASE, "Release a payment", "Why is the payment released?", NULL, "Release the payment",
     "The payment is released: it is due"},
};

static const LineForm *line_form(const Req *r)
{
    GrantLineAction a = grant_line_action_from(req_param(r, 2));
    for (size_t i = 0; i < sizeof LINE_FORMS / sizeof LINE_FORMS[0]; i++)
        if (LINE_FORMS[i].act == a)
            return &LINE_FORMS[i];
    return NULL;
}

static void line_page(Req *r, Resp *w, Case *c, Grant *g, const GrantLineRow *l, const LineForm *f,
                      const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    char title[200], amount[48], on[64];
    snprintf(title, sizeof title, "%s: %s", f->title, l->label);
    heading(&h, g, title);
    GovukSummaryRow rows[] = {{.key = "Payment", .value = l->label},
                              {.key = "Amount", .value = money(l->amount, amount, sizeof amount)},
                              {.key = "Expected by", .value = case_long_date(l->expected_on, on, sizeof on)},
                              {.key = "Status", .value = grant_line_status_label(l->status)}};
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = 4});
    char action[128];
    snprintf(action, sizeof action, "/grants/%lld/lines/%d/%s", (long long)g->id, l->position,
             grant_line_action_slug(f->act));
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .label = f->label, .label_classes = "govuk-label--s",
                                        .hint = f->hint, .value = req_form(r, "reason"),
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = f->button, .prevent_double_click = 1,
                                    .variant = f->act == LINE_WITHHOLD ? GOVUK_BUTTON_WARNING : GOVUK_BUTTON_PRIMARY});
    html_lit(&h, "</form>");
    shell(r, w, c, g, f->title, 1, errs, &h, status);
    html_free(&h);
}

/* GET and POST /grants/{id}/lines/{n}/{action} */
static void line_route(Req *r, Resp *w, int post)
{
    const LineForm *f = line_form(r);
    char *end;
    long pos = strtol(req_param(r, 1), &end, 10);
    if (!f || *end || pos <= 0 || pos > 1000) {
        page_error(r, w, 404);
        return;
    }
    Case c;
    Grant g;
    if (!load(r, w, PERM_GRANT_PROGRESS, &c, &g))
        return;
    GrantLineList ll = {0};
    const GrantLineRow *l = NULL;
    if (grant_lines(r->db, g.id, &ll) == 0)
        for (size_t i = 0; i < ll.n; i++)
            if (ll.items[i].position == (int)pos)
                l = &ll.items[i];
    FormErrors errs = {0};
    if (!l) {
        page_error(r, w, 404);
    } else if (!post) {
        line_page(r, w, &c, &g, l, f, &errs, 0);
    } else {
        const char *reason = req_form(r, "reason");
        if (!*reason)
            form_errors_add(&errs, "reason", f->act == LINE_PROGRESS ? "Enter the progress made in the term before"
                                             : f->act == LINE_WITHHOLD ? "Enter why the payment is withheld"
                                                                       : "Enter why the payment is released");
        else if (strlen(reason) > CASE_TEXT_MAX)
            form_errors_add(&errs, "reason", "The reason must be 4000 characters or fewer");
        if (errs.n) {
            line_page(r, w, &c, &g, l, f, &errs, 400);
        } else {
            const char *why = NULL;
            int rc = grant_line_act(r->db, &r->actor, g.id, (int)pos, f->act, reason, &why);
            if (!change_done(r, w, &g, rc, f->flash)) {
                form_errors_add(&errs, "reason", why);
                line_page(r, w, &c, &g, l, f, &errs, 409);
            }
        }
    }
    grant_line_list_free(&ll);
    grant_free(&g);
    case_free(&c);
}

void page_grant_line_form(Req *r, Resp *w)
{
    line_route(r, w, 0);
}

void page_grant_line(Req *r, Resp *w)
{
    line_route(r, w, 1);
}

/* ---- a case's grants ---- */

static void grants_table(Html *h, const GrantList *gl, const char *caption)
{
    GovukTableCell head[] = {{.text = "Grant"},  {.text = "Paid to"},           {.text = "Status"},
                             {.text = "Total", .numeric = 1}, {.text = "Paid", .numeric = 1},
                             {.text = "Due", .numeric = 1},   {.text = "Withheld", .numeric = 1}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 7, .caption = caption,
                                      .caption_classes = "govuk-visually-hidden"});
    for (size_t i = 0; i < gl->n; i++) {
        const Grant *g = &gl->items[i];
        Html link, tag;
        html_init(&link);
        html_init(&tag);
        html_printf(&link, "<a class=\"govuk-link\" href=\"/grants/%lld\">%s</a>", (long long)g->id,
                    grant_kind_label(g->kind));
        status_tag(&tag, g->status);
        char t[48], p[48], d[48], wh[48];
        GovukTableCell cells[] = {{.html = &link},
                                  {.text = g->payee_name},
                                  {.html = &tag},
                                  {.text = money(g->total, t, sizeof t), .numeric = 1},
                                  {.text = money(g->balance.b[BUCKET_PAID], p, sizeof p), .numeric = 1},
                                  {.text = money(g->balance.b[BUCKET_DUE], d, sizeof d), .numeric = 1},
                                  {.text = money(g->balance.b[BUCKET_WITHHELD], wh, sizeof wh), .numeric = 1}};
        govuk_table_row(h, cells, 7, 0);
        html_free(&link);
        html_free(&tag);
    }
    govuk_table_close(h);
}

static void case_grants_page(Req *r, Resp *w, Case *c, const FormErrors *errs, int status)
{
    GrantList gl;
    if (grants_for_case(r->db, c->id, &gl) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    html_lit(&h, "<h2 class=\"govuk-heading-l\">Grants</h2>");
    if (errs && errs->n)
        govuk_error_summary(&h, errs);
    if (!gl.n)
        html_lit(&h, "<p class=\"govuk-body\">No grants yet. A grant is prepared when the plan is approved (SI Tiers 2"
                     " and 3, and RISE plans with funding); the grant team then checks and issues the offer.</p>");
    else
        grants_table(&h, &gl, "The case's grants");
    int has_planning = 0;
    for (size_t i = 0; i < gl.n; i++)
        has_planning |= is(gl.items[i].kind, "planning");
    Scope s = case_scope(c);
    if (is(c->programme, "rise") && !has_planning && authorise(&r->who, PERM_GRANTS_MANAGE, &s) == ACCESS_ALLOW) {
        char action[64];
        case_href(action, sizeof action, c->id, "grants/planning");
        html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
        govuk_csrf_field(&h, req_csrf(r));
        govuk_button(&h, &(GovukButton){.text = "Prepare the planning grant offer", .id = "planning",
                                        .variant = GOVUK_BUTTON_SECONDARY, .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    claims_section(r, &h, c);
    case_page(r, w, c, "Grants", "grants", errs && errs->n ? errs : NULL, &h);
    if (status)
        w->status = status;
    html_free(&h);
    grant_list_free(&gl);
}

/* GET /cases/{id}/grants */
void page_case_grants(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    case_grants_page(r, w, &c, NULL, 0);
    case_free(&c);
}

/* POST /cases/{id}/grants/planning */
void page_case_grants_planning(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_GRANTS_MANAGE, &c))
        return;
    int64_t id = 0;
    const char *why = NULL;
    int rc = grant_planning_prepare(r->db, &r->actor, c.id, &id, &why);
    if (rc == CW_OK) {
        char href[64];
        grant_href(href, sizeof href, id, NULL);
        req_flash(r, "The planning grant's offer is prepared: check and issue it");
        resp_redirect(w, href);
    } else if (rc == CW_REFUSED) {
        FormErrors errs = {0};
        form_errors_add(&errs, "planning", why);
        case_grants_page(r, w, &c, &errs, 409);
    } else {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
    }
    case_free(&c);
}

void grants_your_case_section(Req *r, Html *h, const Case *c)
{
    GrantList gl;
    if (grants_for_case(r->db, c->id, &gl) != 0)
        return;
    GrantList mine = {0};
    mine.items = calloc(gl.n ? gl.n : 1, sizeof *mine.items);
    for (size_t i = 0; mine.items && i < gl.n; i++)
        if (!is(gl.items[i].status, GRANT_DRAFT) && may(r, c, &gl.items[i], PERM_GRANTS_READ))
            mine.items[mine.n++] = gl.items[i]; /* shallow: gl keeps ownership */
    if (mine.n) {
        html_lit(h, "<h2 class=\"govuk-heading-m\">Grants</h2>");
        html_lit(h, "<p class=\"govuk-body\">The grants for this support: open one to read its offer letter, accept"
                    " it and follow its payments.</p>");
        grants_table(h, &mine, "Grants for this support");
    }
    free(mine.items);
    grant_list_free(&gl);
}

/* ---- every grant, for finance readers ---- */

#define GRANTS_PAGE 50

/* GET /grants?programme=&region=&status=&page= */
void page_grants_list(Req *r, Resp *w)
{
    const char *programme = req_query(r, "programme"), *region = req_query(r, "region"),
               *status = req_query(r, "status");
    long page = strtol(req_query(r, "page"), NULL, 10);
    if (page < 1 || page > 100000)
        page = 1;
    GrantFilter f = {.programme = programme, .region = region, .status = status, .limit = GRANTS_PAGE,
                     .offset = (size_t)(page - 1) * GRANTS_PAGE};
    GrantList gl;
    GrantTotals t;
    if (grants_list(r->db, &f, &gl, &t) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Grants</h1>");
    html_lit(&h, "<form method=\"get\" action=\"/grants\" novalidate><div class=\"govuk-grid-row\">");
    GovukOption progs[] = {{.value = "", .text = "Any programme"},
                           {.value = "si-2019-20", .text = programme_label("si-2019-20")},
                           {.value = "tsio-2022-23", .text = programme_label("tsio-2022-23")},
                           {.value = "rise", .text = programme_label("rise")}};
    GovukOption regions[10] = {{.value = "", .text = "Any region"}};
    for (int i = 0; i < 9; i++)
        regions[i + 1] = (GovukOption){.value = REGIONS[i], .text = REGIONS[i]};
    GovukOption statuses[] = {{.value = "", .text = "Any status"},
                              {.value = GRANT_DRAFT, .text = "Draft"},
                              {.value = GRANT_OFFERED, .text = "Offered"},
                              {.value = GRANT_ACCEPTED, .text = "Accepted"},
                              {.value = GRANT_WITHDRAWN, .text = "Withdrawn"},
                              {.value = GRANT_CLOSED, .text = "Closed"}};
    html_lit(&h, "<div class=\"govuk-grid-column-one-third\">");
    govuk_select(&h, &(GovukSelect){.name = "programme", .label = "Programme", .value = programme, .items = progs,
                                    .n_items = 4});
    html_lit(&h, "</div><div class=\"govuk-grid-column-one-third\">");
    govuk_select(&h, &(GovukSelect){.name = "region", .label = "Region", .value = region, .items = regions,
                                    .n_items = 10});
    html_lit(&h, "</div><div class=\"govuk-grid-column-one-third\">");
    govuk_select(&h, &(GovukSelect){.name = "status", .label = "Status", .value = status, .items = statuses,
                                    .n_items = 6});
    html_lit(&h, "</div></div>");
    govuk_button(&h, &(GovukButton){.text = "Filter", .variant = GOVUK_BUTTON_SECONDARY});
    html_lit(&h, "</form>");
    char count[32], tot[48], off[48], due[48], wh[48], paid[48];
    snprintf(count, sizeof count, "%zu", t.count);
    GovukSummaryRow rows[] = {{.key = "Grants", .value = count},
                              {.key = "Total of the grants", .value = money(t.total, tot, sizeof tot)},
                              {.key = "Offered", .value = money(t.offered, off, sizeof off)},
                              {.key = "Due", .value = money(t.due, due, sizeof due)},
                              {.key = "Withheld", .value = money(t.withheld, wh, sizeof wh)},
                              {.key = "Paid", .value = money(t.paid, paid, sizeof paid)}};
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = 6});
    if (!gl.n) {
        html_lit(&h, "<p class=\"govuk-body\">No grants match.</p>");
    } else {
        GovukTableCell head[] = {{.text = "School"}, {.text = "Grant"}, {.text = "Paid to"}, {.text = "Region"},
                                 {.text = "Status"}, {.text = "Total", .numeric = 1}, {.text = "Paid", .numeric = 1}};
        govuk_table_open(&h, &(GovukTable){.head = head, .n_head = 7, .caption = "Grants matching the filters",
                                           .caption_classes = "govuk-visually-hidden"});
        for (size_t i = 0; i < gl.n; i++) {
            const Grant *g = &gl.items[i];
            Html link, tag;
            html_init(&link);
            html_init(&tag);
            html_printf(&link, "<a class=\"govuk-link\" href=\"/grants/%lld\">%s</a>", (long long)g->id,
                        grant_kind_label(g->kind));
            status_tag(&tag, g->status);
            char a[48], b[48];
            GovukTableCell cells[] = {{.text = g->school},      {.html = &link},   {.text = g->payee_name},
                                      {.text = g->region},      {.html = &tag},
                                      {.text = money(g->total, a, sizeof a), .numeric = 1},
                                      {.text = money(g->balance.b[BUCKET_PAID], b, sizeof b), .numeric = 1}};
            govuk_table_row(&h, cells, 7, 0);
            html_free(&link);
            html_free(&tag);
        }
        govuk_table_close(&h);
    }
    int pages = (int)((t.count + GRANTS_PAGE - 1) / GRANTS_PAGE);
    if (pages > 1) {
        Html pre;
        html_init(&pre);
        html_lit(&pre, "/grants?programme=");
        html_url_param(&pre, programme);
        html_lit(&pre, "&region=");
        html_url_param(&pre, region);
        html_lit(&pre, "&status=");
        html_url_param(&pre, status);
        html_lit(&pre, "&page=");
        govuk_pagination_pages(&h, (int)page, pages, html_str(&pre));
        html_free(&pre);
    }
    PageOpts o = {.title = "Grants", .nav = "grants"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    grant_list_free(&gl);
}
