/*
 * grant_returns.c - spend checks and the recovery of underspend (issue 14
 * item 8; 002 8.4: "All underspend must be returned to the Department. You
 * will be required to return a grant evaluation and assurance reports to
 * the DfE as requested annually."). The routes are in grant_returns.h. A
 * return's page asks authorise() with the grant's scope (its case's, and
 * the payee's kind and reference): 404 unless the person may read the
 * grant, 403 unless they may do what they asked.
 */
#include "web/pages/grant_returns.h"

#include "core/date.h"
#include "domain/plans.h"
#include "store/casework.h"
#include "store/grant_budgets.h"
#include "store/grant_ledger.h"
#include "store/grant_returns.h"
#include "web/pages/case_common.h"
#include "web/pages/claims.h"
#include "web/pages/plan_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A grant with its case and scope (the scope points into both). */
typedef struct GrantCtx {
    GrantFacts g;
    Case c;
    Scope s;
} GrantCtx;

static void ctx_free(GrantCtx *x)
{
    grant_facts_free(&x->g);
    case_free(&x->c);
}

/* Loads grant_id with its case; 404 (or 500) written and 0 returned when it
   cannot be read by this person, 403 when perm is not theirs on it. */
static int ctx_load(Req *r, Resp *w, int64_t grant_id, Perm perm, GrantCtx *x)
{
    memset(x, 0, sizeof *x);
    int rc = grant_id ? grant_facts_get(r->db, grant_id, &x->g) : 0;
    if (rc == 1)
        rc = case_get(r->db, x->g.case_id, &x->c);
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        ctx_free(x);
        return 0;
    }
    x->s = case_scope(&x->c);
    x->s.payee_kind = x->g.payee_kind;
    x->s.payee_ref = x->g.payee_ref;
    int reader = authorise(&r->who, PERM_GRANTS_READ, &x->s) == ACCESS_ALLOW;
    if (!reader || authorise(&r->who, perm, &x->s) != ACCESS_ALLOW) {
        page_error(r, w, reader ? 403 : 404);
        ctx_free(x);
        return 0;
    }
    return 1;
}

static int may(const Req *r, Perm perm, const Scope *s)
{
    return authorise(&r->who, perm, s) == ACCESS_ALLOW;
}

static void return_tag(Html *h, const char *status)
{
    const char *cls = strcmp(status, "accepted") == 0   ? "govuk-tag--green"
                      : strcmp(status, "returned") == 0 ? "govuk-tag--orange"
                      : strcmp(status, "submitted") == 0 ? "govuk-tag--blue"
                                                         : "govuk-tag--grey";
    govuk_tag(h, &(GovukTag){.text = grant_return_status_label(status), .classes = cls});
}

static void recovery_tag(Html *h, const char *status)
{
    const char *cls = strcmp(status, RECOVERY_COMPLETE) == 0    ? "govuk-tag--green"
                      : strcmp(status, RECOVERY_CANCELLED) == 0 ? "govuk-tag--grey"
                                                                : "govuk-tag--yellow";
    govuk_tag(h, &(GovukTag){.text = grant_recovery_status_label(status), .classes = cls});
}

/* "Improvement grant for Brook Primary School" */
static void grant_caption(const GrantFacts *g, char *out, size_t len)
{
    snprintf(out, len, "%s for %s", grant_kind_words(g), g->school);
}

/* ---- the section for the grant's page ---- */

static void returns_table(Html *h, const GrantReturnList *l)
{
    GovukTableCell head[] = {{.text = "Return"}, {.text = "Due"}, {.text = "Spent", .numeric = 1}, {.text = "Status"}};
    govuk_table_open(h, &(GovukTable){.caption = "Returns", .caption_classes = "govuk-table__caption--m",
                                      .head = head, .n_head = 4});
    for (size_t i = 0; i < l->n; i++) {
        const GrantReturn *x = &l->items[i];
        Html link, tag;
        html_init(&link);
        html_init(&tag);
        char title[80], due[40], spent[32] = "";
        grant_return_title(x, title, sizeof title);
        html_printf(&link, "<a class=\"govuk-link\" href=\"/returns/%lld\">%s</a>", (long long)x->id, title);
        return_tag(&tag, x->status);
        if (x->has_spent)
            plan_money(x->spent, spent, sizeof spent);
        GovukTableCell cells[] = {{.html = &link},
                                  {.text = grant_day_words(x->due_on, due, sizeof due)},
                                  {.text = spent, .numeric = 1},
                                  {.html = &tag}};
        govuk_table_row(h, cells, 4, 0);
        html_free(&link);
        html_free(&tag);
    }
    govuk_table_close(h);
}

static void recoveries_table(Req *r, Html *h, const GrantRecoveryList *l)
{
    int linked = may(r, PERM_FINANCE_READ, NULL);
    GovukTableCell head[] = {{.text = "Recovery"}, {.text = "Why"}, {.text = "Amount", .numeric = 1},
                             {.text = "Status"}};
    govuk_table_open(h, &(GovukTable){.caption = "Money to recover", .caption_classes = "govuk-table__caption--m",
                                      .head = head, .n_head = 4});
    for (size_t i = 0; i < l->n; i++) {
        const GrantRecovery *k = &l->items[i];
        Html link, tag;
        html_init(&link);
        html_init(&tag);
        if (linked)
            html_printf(&link, "<a class=\"govuk-link\" href=\"/recoveries/%lld\">Recovery %lld</a>", (long long)k->id,
                        (long long)k->id);
        else
            html_printf(&link, "Recovery %lld", (long long)k->id);
        recovery_tag(&tag, k->status);
        char amount[32];
        plan_money(k->amount, amount, sizeof amount);
        GovukTableCell cells[] = {{.html = &link}, {.text = k->reason}, {.text = amount, .numeric = 1}, {.html = &tag}};
        govuk_table_row(h, cells, 4, 0);
        html_free(&link);
        html_free(&tag);
    }
    govuk_table_close(h);
}

void grant_returns_section(Req *r, Html *h, int64_t grant_id, const Scope *scope)
{
    GrantReturnList rl;
    GrantRecoveryList kl;
    if (grant_returns_of(r->db, grant_id, &rl) != 0)
        return;
    if (grant_recoveries_of(r->db, grant_id, &kl) != 0) {
        grant_return_list_free(&rl);
        return;
    }
    html_lit(h, "<h2 class=\"govuk-heading-m\">Spend checks</h2>"
                "<p class=\"govuk-body\">All underspend must be returned to the Department. The payee sends a grant"
                " evaluation and assurance returns to DfE as requested annually, and a declaration of expenditure at"
                " the end of the grant.</p>");
    if (rl.n)
        returns_table(h, &rl);
    else
        html_lit(h, "<p class=\"govuk-body\">No returns have been asked for.</p>");
    if (kl.n)
        recoveries_table(r, h, &kl);
    if (may(r, PERM_GRANTS_MANAGE, scope)) {
        char a[64], b[64];
        snprintf(a, sizeof a, "/grants/%lld/returns/new", (long long)grant_id);
        snprintf(b, sizeof b, "/grants/%lld/recoveries/new", (long long)grant_id);
        html_lit(h, "<div class=\"govuk-button-group\">");
        govuk_button(h, &(GovukButton){.text = "Ask for a return", .href = a, .variant = GOVUK_BUTTON_SECONDARY});
        govuk_button(h, &(GovukButton){.text = "Recover money", .href = b, .variant = GOVUK_BUTTON_SECONDARY});
        html_lit(h, "</div>");
    }
    grant_return_list_free(&rl);
    grant_recovery_list_free(&kl);
}

/* ---- asking for a return ---- */

static void grant_back(int64_t grant_id, char *out, size_t len)
{
    snprintf(out, len, "/grants/%lld", (long long)grant_id);
}

static void request_page(Req *r, Resp *w, const GrantCtx *x, const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    char caption[300];
    grant_caption(&x->g, caption, sizeof caption);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Ask for a return</h1>",
                caption);
    html_printf(&h, "<p class=\"govuk-body\">%s is emailed and sends it in the service.</p>", x->g.payee);
    html_printf(&h, "<form method=\"post\" action=\"/grants/%lld/returns/new\" novalidate>", (long long)x->g.id);
    govuk_csrf_field(&h, req_csrf(r));
    char now[8];
    grant_year_now(now);
    const char *period = req_form(r, "period");
    Html year;
    html_init(&year);
    govuk_input(&year, &(GovukInput){.name = "period", .label = "Financial year", .hint = "Like 2026-27",
                                     .value = *period || errs->n ? period : now, .classes = "govuk-input--width-5",
                                     .error = form_errors_get(errs, "period")});
    GovukChoice items[] = {{.value = RETURN_ASSURANCE, .text = "An annual assurance return",
                            .hint = "What was spent in the year and the grant's evaluation", .conditional = &year},
                           {.value = RETURN_DECLARATION, .text = "The declaration of expenditure",
                            .hint = "At the end of the grant: what was spent, declared in line with the agreed"
                                    " actions and the grant's conditions"}};
    govuk_radios(&h, &(GovukRadios){.name = "kind", .legend = "Which return?",
                                    .legend_classes = "govuk-fieldset__legend--m", .value = req_form(r, "kind"),
                                    .items = items, .n_items = 2, .error = form_errors_get(errs, "kind")});
    html_free(&year);
    case_date_input(r, &h, "due", "Due by", "For example, 30 4 2027", NULL, errs);
    govuk_button(&h, &(GovukButton){.text = "Ask for the return", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    char back[48];
    grant_back(x->g.id, back, sizeof back);
    grant_form_page(r, w, "Ask for a return", back, "Back to the grant", errs, &h, status);
    html_free(&h);
}

/* GET /grants/{id}/returns/new */
void page_return_new_form(Req *r, Resp *w)
{
    GrantCtx x;
    if (!ctx_load(r, w, case_param_id(r, 0), PERM_GRANTS_MANAGE, &x))
        return;
    FormErrors errs = {0};
    request_page(r, w, &x, &errs, 0);
    ctx_free(&x);
}

/* POST /grants/{id}/returns/new */
void page_return_new_submit(Req *r, Resp *w)
{
    GrantCtx x;
    if (!ctx_load(r, w, case_param_id(r, 0), PERM_GRANTS_MANAGE, &x))
        return;
    FormErrors errs = {0};
    const char *kind = req_form(r, "kind"), *period = req_form(r, "period");
    int declaration = strcmp(kind, RETURN_DECLARATION) == 0;
    if (!declaration && strcmp(kind, RETURN_ASSURANCE) != 0)
        form_errors_add(&errs, "kind", "Select which return to ask for");
    else if (!declaration && !grant_year_valid(period))
        form_errors_add(&errs, "period", "Enter the financial year like 2026-27");
    char due[11] = "";
    case_form_date(r, "due", "the date it is due", 1, 1, due, &errs);
    if (errs.n) {
        request_page(r, w, &x, &errs, 400);
        ctx_free(&x);
        return;
    }
    char why[300];
    int64_t id = 0;
    int rc = grant_return_request(r->db, &r->actor, x.g.id, kind, declaration ? RETURN_FINAL : period, due, &id, why,
                                  sizeof why);
    if (rc == CW_OK) {
        char href[48];
        snprintf(href, sizeof href, "/returns/%lld", (long long)id);
        req_flash(r, "The return is asked for: the payee is emailed");
        resp_redirect(w, href);
    } else if (rc == CW_REFUSED) {
        form_errors_add(&errs, "kind", why);
        request_page(r, w, &x, &errs, 409);
    } else {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
    }
    ctx_free(&x);
}

/* ---- a return ---- */

/* Loads the return of route parameter 0 and its grant. */
static int return_load(Req *r, Resp *w, Perm perm, GrantReturn *ret, GrantCtx *x)
{
    int64_t id = case_param_id(r, 0);
    int rc = id ? grant_return_get(r->db, id, ret) : 0;
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    if (!ctx_load(r, w, ret->grant_id, perm, x)) {
        grant_return_free(ret);
        return 0;
    }
    return 1;
}

static void return_summary(Html *h, const GrantCtx *x, const GrantReturn *ret)
{
    char due[40], paid[32], spent[32] = "Not sent yet", at[64] = "";
    plan_money(x->g.paid, paid, sizeof paid);
    if (ret->has_spent)
        plan_money(ret->spent, spent, sizeof spent);
    Html tag, by;
    html_init(&tag);
    html_init(&by);
    return_tag(&tag, ret->status);
    if (ret->submitted_at) {
        timestamp_long(ret->submitted_at, at, sizeof at);
        html_printf(&by, "%s on %s", ret->submitted_by, at);
        if (ret->on_behalf)
            html_lit(&by, " (by DfE on the payee's behalf)");
    }
    GovukSummaryRow rows[9];
    int n = 0;
    rows[n++] = (GovukSummaryRow){.key = "Status", .value_html = &tag};
    rows[n++] = (GovukSummaryRow){.key = "Grant", .value = grant_kind_words(&x->g)};
    rows[n++] = (GovukSummaryRow){.key = "Paid to", .value = x->g.payee};
    rows[n++] = (GovukSummaryRow){.key = "Due by", .value = grant_day_words(ret->due_on, due, sizeof due)};
    rows[n++] = (GovukSummaryRow){.key = "Paid so far", .value = paid};
    rows[n++] = (GovukSummaryRow){.key = "Spent so far", .value = spent};
    if (ret->evaluation)
        rows[n++] = (GovukSummaryRow){.key = "Evaluation", .value = ret->evaluation};
    if (ret->submitted_at)
        rows[n++] = (GovukSummaryRow){.key = "Sent by", .value_html = &by};
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_free(&tag);
    html_free(&by);
    if (ret->check_note)
        html_printf(h, "<div class=\"govuk-inset-text\">DfE's note (%s): %s</div>", ret->checked_by, ret->check_note);
}

static void submit_form(Req *r, Html *h, const GrantReturn *ret, const FormErrors *errs)
{
    int declaration = strcmp(ret->kind, RETURN_DECLARATION) == 0;
    html_printf(h, "<h2 class=\"govuk-heading-m\">Send the return</h2>"
                   "<form method=\"post\" action=\"/returns/%lld/submit\" novalidate>",
                (long long)ret->id);
    govuk_csrf_field(h, req_csrf(r));
    if (!grant_reader_external(r))
        html_lit(h, "<div class=\"govuk-inset-text\">You are sending this on the payee's behalf: the record says"
                    " so.</div>");
    plan_money_input(h, "spent", "How much of the grant has been spent", "In pounds, everything spent so far",
                     *req_form(r, "spent") || errs->n ? req_form(r, "spent") : NULL,
                     ret->has_spent ? ret->spent : 0, errs);
    const char *ev = req_form(r, "evaluation");
    govuk_textarea(h, &(GovukTextarea){.name = "evaluation", .label = "Evaluation", .label_classes = "govuk-label--s",
                                       .hint = "What was done with the money, and its impact on the school",
                                       .value = *ev || errs->n ? ev : ret->evaluation, .max_chars = CASE_TEXT_MAX,
                                       .error = form_errors_get(errs, "evaluation")});
    if (declaration) {
        const char *v = req_form(r, "declare");
        const char *vals[] = {v};
        GovukChoice box[] = {{.value = "yes", .text = "I declare the grant was spent in line with the agreed actions"
                                                      " and its conditions"}};
        govuk_checkboxes(h, &(GovukCheckboxes){.name = "declare", .values = vals, .n_values = *v ? 1 : 0,
                                               .items = box, .n_items = 1,
                                               .error = form_errors_get(errs, "declare")});
    }
    govuk_button(h, &(GovukButton){.text = "Send the return", .prevent_double_click = 1});
    html_lit(h, "</form>");
}

static void check_form(Req *r, Html *h, const GrantReturn *ret, const FormErrors *errs)
{
    html_printf(h, "<h2 class=\"govuk-heading-m\">Check the return</h2>"
                   "<form method=\"post\" action=\"/returns/%lld/check\" novalidate>",
                (long long)ret->id);
    govuk_csrf_field(h, req_csrf(r));
    GovukChoice items[] = {{.value = "accept", .text = "Accept it",
                            .hint = strcmp(ret->kind, RETURN_DECLARATION) == 0
                                        ? "Where less was spent than paid, the difference is asked for back"
                                        : NULL},
                           {.value = "return", .text = "Return it to the payee to change"}};
    govuk_radios(h, &(GovukRadios){.name = "outcome", .legend = "Your decision",
                                   .legend_classes = "govuk-fieldset__legend--s", .value = req_form(r, "outcome"),
                                   .items = items, .n_items = 2, .error = form_errors_get(errs, "outcome")});
    govuk_textarea(h, &(GovukTextarea){.name = "note", .label = "Note", .label_classes = "govuk-label--s",
                                       .hint = "Required when you return it: the payee reads it",
                                       .value = req_form(r, "note"), .max_chars = CASE_TEXT_MAX,
                                       .error = form_errors_get(errs, "note")});
    govuk_button(h, &(GovukButton){.text = "Record the check", .prevent_double_click = 1});
    html_lit(h, "</form>");
}

static void return_page(Req *r, Resp *w, const GrantCtx *x, const GrantReturn *ret, const FormErrors *errs,
                        int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    char caption[300], title[80];
    grant_caption(&x->g, caption, sizeof caption);
    grant_return_title(ret, title, sizeof title);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", caption, title);
    return_summary(&h, x, ret);
    int open = strcmp(ret->status, "requested") == 0 || strcmp(ret->status, "returned") == 0;
    if (open && may(r, PERM_GRANT_ACCEPT, &x->s))
        submit_form(r, &h, ret, errs);
    if (strcmp(ret->status, "submitted") == 0 && may(r, PERM_GRANTS_MANAGE, &x->s))
        check_form(r, &h, ret, errs);
    char back[64], full[400];
    if (grant_reader_external(r))
        snprintf(back, sizeof back, "/your-cases/%lld", (long long)x->c.id);
    else
        grant_back(x->g.id, back, sizeof back);
    snprintf(full, sizeof full, "%s - %s", title, x->g.school);
    grant_form_page(r, w, full, back, grant_reader_external(r) ? "Back to your case" : "Back to the grant", errs, &h,
                    status);
    html_free(&h);
}

/* GET /returns/{id} */
void page_return_show(Req *r, Resp *w)
{
    GrantReturn ret;
    GrantCtx x;
    if (!return_load(r, w, PERM_GRANTS_READ, &ret, &x))
        return;
    FormErrors errs = {0};
    return_page(r, w, &x, &ret, &errs, 0);
    grant_return_free(&ret);
    ctx_free(&x);
}

/* After a change of a return: back to its page, or the form with why. */
static void return_done(Req *r, Resp *w, const GrantCtx *x, GrantReturn *ret, int rc, const char *why,
                        const char *field, const char *flash)
{
    if (rc == CW_OK) {
        char href[48];
        snprintf(href, sizeof href, "/returns/%lld", (long long)ret->id);
        req_flash(r, flash);
        resp_redirect(w, href);
        return;
    }
    if (rc != CW_REFUSED) {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
        return;
    }
    FormErrors errs = {0};
    form_errors_add(&errs, field, why);
    return_page(r, w, x, ret, &errs, 409);
}

/* POST /returns/{id}/submit */
void page_return_submit(Req *r, Resp *w)
{
    GrantReturn ret;
    GrantCtx x;
    if (!return_load(r, w, PERM_GRANT_ACCEPT, &ret, &x))
        return;
    FormErrors errs = {0};
    int64_t spent = 0;
    if (plan_form_money(r, "spent", "how much has been spent", &spent, &errs) == 0)
        form_errors_add(&errs, "spent", "Enter how much of the grant has been spent, in pounds");
    const char *ev = req_form(r, "evaluation");
    if (!*ev)
        form_errors_add(&errs, "evaluation", "Enter the evaluation: what was done with the money and its impact");
    else if (strlen(ev) > CASE_TEXT_MAX)
        form_errors_add(&errs, "evaluation", "The evaluation must be 4,000 characters or fewer");
    int declared = strcmp(req_form(r, "declare"), "yes") == 0;
    if (strcmp(ret.kind, RETURN_DECLARATION) == 0 && !declared)
        form_errors_add(&errs, "declare",
                        "Declare that the grant was spent in line with the agreed actions and its conditions");
    if (errs.n) {
        return_page(r, w, &x, &ret, &errs, 400);
    } else {
        char why[300];
        int rc = grant_return_submit(r->db, &r->actor, ret.id, spent, ev, declared, !grant_reader_external(r), why,
                                     sizeof why);
        return_done(r, w, &x, &ret, rc, why, "spent", "The return is sent: DfE will check it");
    }
    grant_return_free(&ret);
    ctx_free(&x);
}

/* POST /returns/{id}/check */
void page_return_check(Req *r, Resp *w)
{
    GrantReturn ret;
    GrantCtx x;
    if (!return_load(r, w, PERM_GRANTS_MANAGE, &ret, &x))
        return;
    FormErrors errs = {0};
    const char *outcome = req_form(r, "outcome"), *note = req_form(r, "note");
    int accept = strcmp(outcome, "accept") == 0;
    if (!accept && strcmp(outcome, "return") != 0)
        form_errors_add(&errs, "outcome", "Select whether you accept the return or return it");
    else if (!accept && !*note)
        form_errors_add(&errs, "note", "Enter what the payee needs to change");
    if (strlen(note) > CASE_TEXT_MAX)
        form_errors_add(&errs, "note", "The note must be 4,000 characters or fewer");
    if (errs.n) {
        return_page(r, w, &x, &ret, &errs, 400);
    } else {
        char why[300], flash[200];
        int64_t recovery = 0;
        int rc = grant_return_check(r->db, &r->actor, ret.id, accept, note, &recovery, why, sizeof why);
        if (recovery)
            snprintf(flash, sizeof flash, "The return is accepted. Less was spent than paid: recovery %lld asks for"
                     " the underspend back", (long long)recovery);
        else
            snprintf(flash, sizeof flash, "%s", accept ? "The return is accepted" : "The return is sent back to the payee");
        return_done(r, w, &x, &ret, rc, why, "outcome", flash);
    }
    grant_return_free(&ret);
    ctx_free(&x);
}

/* ---- recoveries ---- */

static void recovery_new_page(Req *r, Resp *w, const GrantCtx *x, const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    char caption[300], paid[32];
    grant_caption(&x->g, caption, sizeof caption);
    plan_money(x->g.paid, paid, sizeof paid);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Recover money</h1>"
                    "<p class=\"govuk-body\">%s has been paid %s of this grant. Ask for no more than that back.</p>",
                caption, x->g.payee, paid);
    html_printf(&h, "<form method=\"post\" action=\"/grants/%lld/recoveries/new\" novalidate>", (long long)x->g.id);
    govuk_csrf_field(&h, req_csrf(r));
    plan_money_input(&h, "amount", "Amount to recover", "In pounds", req_form(r, "amount"), 0, errs);
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .label = "Why", .label_classes = "govuk-label--s",
                                        .hint = "For example, underspend shown by the declaration of expenditure",
                                        .value = req_form(r, "reason"), .max_chars = CASE_TEXT_MAX,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Ask for the money back", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    char back[48];
    grant_back(x->g.id, back, sizeof back);
    grant_form_page(r, w, "Recover money", back, "Back to the grant", errs, &h, status);
    html_free(&h);
}

/* GET /grants/{id}/recoveries/new */
void page_recovery_new_form(Req *r, Resp *w)
{
    GrantCtx x;
    if (!ctx_load(r, w, case_param_id(r, 0), PERM_GRANTS_MANAGE, &x))
        return;
    FormErrors errs = {0};
    recovery_new_page(r, w, &x, &errs, 0);
    ctx_free(&x);
}

/* POST /grants/{id}/recoveries/new */
void page_recovery_new_submit(Req *r, Resp *w)
{
    GrantCtx x;
    if (!ctx_load(r, w, case_param_id(r, 0), PERM_GRANTS_MANAGE, &x))
        return;
    FormErrors errs = {0};
    int64_t amount = 0;
    int got = plan_form_money(r, "amount", "the amount to recover", &amount, &errs);
    if (got == 0 || (got == 1 && amount <= 0))
        form_errors_add(&errs, "amount", "Enter the amount to recover, in pounds");
    const char *reason = req_form(r, "reason");
    if (!*reason)
        form_errors_add(&errs, "reason", "Enter why the money is to be recovered");
    else if (strlen(reason) > CASE_TEXT_MAX)
        form_errors_add(&errs, "reason", "The reason must be 4,000 characters or fewer");
    if (errs.n) {
        recovery_new_page(r, w, &x, &errs, 400);
        ctx_free(&x);
        return;
    }
    char why[300];
    int64_t id = 0;
    int rc = grant_recovery_request(r->db, &r->actor, x.g.id, amount, reason, &id, why, sizeof why);
    if (rc == CW_OK) {
        char href[48];
        snprintf(href, sizeof href, "/recoveries/%lld", (long long)id);
        req_flash(r, "The recovery is recorded");
        resp_redirect(w, href);
    } else if (rc == CW_REFUSED) {
        form_errors_add(&errs, "amount", why);
        recovery_new_page(r, w, &x, &errs, 409);
    } else {
        page_error(r, w, 500);
    }
    ctx_free(&x);
}

static void recovery_forms(Req *r, Html *h, const GrantRecovery *k, const FormErrors *errs)
{
    const char *action = req_form(r, "action");
    int open = strcmp(k->status, RECOVERY_REQUESTED) == 0 || strcmp(k->status, RECOVERY_IN_PROGRESS) == 0;
    if (!open || authorise(&r->who, PERM_GRANTS_MANAGE, NULL) != ACCESS_ALLOW)
        return;
    if (strcmp(k->status, RECOVERY_REQUESTED) == 0) {
        html_printf(h, "<h2 class=\"govuk-heading-m\">Start recovering it</h2>"
                       "<form method=\"post\" action=\"/recoveries/%lld\" novalidate>"
                       "<input type=\"hidden\" name=\"action\" value=\"progress\">",
                    (long long)k->id);
        govuk_csrf_field(h, req_csrf(r));
        govuk_textarea(h, &(GovukTextarea){.name = "note", .label = "What is being done",
                                           .label_classes = "govuk-label--s", .hint = "For example, invoice sent",
                                           .value = strcmp(action, "progress") == 0 ? req_form(r, "note") : NULL,
                                           .max_chars = CASE_TEXT_MAX, .error = form_errors_get(errs, "note")});
        govuk_button(h, &(GovukButton){.text = "Mark as in progress", .variant = GOVUK_BUTTON_SECONDARY});
        html_lit(h, "</form>");
    }
    html_printf(h, "<h2 class=\"govuk-heading-m\">The money came back</h2>"
                   "<form method=\"post\" action=\"/recoveries/%lld\" novalidate>"
                   "<input type=\"hidden\" name=\"action\" value=\"complete\">",
                (long long)k->id);
    govuk_csrf_field(h, req_csrf(r));
    govuk_input(h, &(GovukInput){.name = "reference", .label = "Payment reference", .label_classes = "govuk-label--s",
                                 .value = req_form(r, "reference"), .classes = "govuk-input--width-20",
                                 .error = form_errors_get(errs, "reference")});
    case_date_input(r, h, "received", "Date received", "For example, 15 9 2027", NULL, errs);
    govuk_button(h, &(GovukButton){.text = "Record the money received"});
    html_lit(h, "</form>");
    html_printf(h, "<h2 class=\"govuk-heading-m\">Cancel the recovery</h2>"
                   "<form method=\"post\" action=\"/recoveries/%lld\" novalidate>"
                   "<input type=\"hidden\" name=\"action\" value=\"cancel\">",
                (long long)k->id);
    govuk_csrf_field(h, req_csrf(r));
    govuk_textarea(h, &(GovukTextarea){.name = "cancel_reason", .label = "Why it is cancelled",
                                       .label_classes = "govuk-label--s", .value = req_form(r, "cancel_reason"),
                                       .max_chars = CASE_TEXT_MAX, .error = form_errors_get(errs, "cancel_reason")});
    govuk_button(h, &(GovukButton){.text = "Cancel the recovery", .variant = GOVUK_BUTTON_WARNING});
    html_lit(h, "</form>");
}

static void recovery_page(Req *r, Resp *w, const GrantRecovery *k, const FormErrors *errs, int status)
{
    GrantFacts g;
    if (grant_facts_get(r->db, k->grant_id, &g) != 1) {
        page_error(r, w, 500);
        return;
    }
    Html h, tag;
    html_init(&h);
    html_init(&tag);
    govuk_error_summary(&h, errs);
    char caption[300], amount[32], paid[32], on[40], at[64];
    grant_caption(&g, caption, sizeof caption);
    plan_money(k->amount, amount, sizeof amount);
    plan_money(g.paid, paid, sizeof paid);
    timestamp_long(k->requested_at, at, sizeof at);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Recovery %lld</h1>",
                caption, (long long)k->id);
    recovery_tag(&tag, k->status);
    GovukSummaryRow rows[8];
    int n = 0;
    rows[n++] = (GovukSummaryRow){.key = "Status", .value_html = &tag};
    rows[n++] = (GovukSummaryRow){.key = "Amount", .value = amount};
    rows[n++] = (GovukSummaryRow){.key = "Why", .value = k->reason};
    rows[n++] = (GovukSummaryRow){.key = "From", .value = g.payee};
    rows[n++] = (GovukSummaryRow){.key = "Paid on the grant now", .value = paid};
    rows[n++] = (GovukSummaryRow){.key = "Asked for", .value = at};
    if (k->reference)
        rows[n++] = (GovukSummaryRow){.key = "Payment reference", .value = k->reference};
    if (k->completed_on)
        rows[n++] = (GovukSummaryRow){.key = "Received", .value = grant_day_words(k->completed_on, on, sizeof on)};
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/history/grant/%lld\">Its history</a></p>",
                (long long)g.id);
    recovery_forms(r, &h, k, errs);
    char back[48], title[300];
    grant_back(g.id, back, sizeof back);
    snprintf(title, sizeof title, "Recovery %lld - %s", (long long)k->id, g.school);
    grant_form_page(r, w, title, back, "Back to the grant", errs, &h, status);
    html_free(&h);
    html_free(&tag);
    grant_facts_free(&g);
}

static int recovery_load(Req *r, Resp *w, GrantRecovery *k)
{
    int64_t id = case_param_id(r, 0);
    int rc = id ? grant_recovery_get(r->db, id, k) : 0;
    if (rc != 1)
        page_error(r, w, rc < 0 ? 500 : 404);
    return rc == 1;
}

/* GET /recoveries/{id} */
void page_recovery_show(Req *r, Resp *w)
{
    GrantRecovery k;
    if (!recovery_load(r, w, &k))
        return;
    FormErrors errs = {0};
    recovery_page(r, w, &k, &errs, 0);
    grant_recovery_free(&k);
}

/* POST /recoveries/{id}: action progress, complete or cancel */
void page_recovery_update(Req *r, Resp *w)
{
    GrantRecovery k;
    if (!recovery_load(r, w, &k))
        return;
    FormErrors errs = {0};
    const char *action = req_form(r, "action");
    char why[300] = "", on[11] = "";
    const char *field = "action";
    int rc = CW_REFUSED;
    if (strcmp(action, "progress") == 0) {
        field = "note";
        if (!*req_form(r, "note"))
            form_errors_add(&errs, "note", "Enter what is being done to recover the money");
        else
            rc = grant_recovery_progress(r->db, &r->actor, k.id, req_form(r, "note"), why, sizeof why);
    } else if (strcmp(action, "complete") == 0) {
        field = "reference";
        if (!*req_form(r, "reference"))
            form_errors_add(&errs, "reference", "Enter the payment's reference");
        case_form_date(r, "received", "the date the money was received", 1, 0, on, &errs);
        if (!errs.n)
            rc = grant_recovery_complete(r->db, &r->actor, k.id, req_form(r, "reference"), on, why, sizeof why);
    } else if (strcmp(action, "cancel") == 0) {
        field = "cancel_reason";
        if (!*req_form(r, "cancel_reason"))
            form_errors_add(&errs, "cancel_reason", "Enter why the recovery is cancelled");
        else
            rc = grant_recovery_cancel(r->db, &r->actor, k.id, req_form(r, "cancel_reason"), why, sizeof why);
    } else {
        form_errors_add(&errs, NULL, "Choose what to record");
    }
    if (!errs.n && rc == CW_OK) {
        char href[48];
        snprintf(href, sizeof href, "/recoveries/%lld", (long long)k.id);
        req_flash(r, strcmp(action, "complete") == 0 ? "The money received is recorded" : "The recovery is updated");
        resp_redirect(w, href);
    } else if (errs.n || rc == CW_REFUSED) {
        if (!errs.n)
            form_errors_add(&errs, field, why);
        GrantRecovery now;
        if (grant_recovery_get(r->db, k.id, &now) == 1) {
            recovery_page(r, w, &now, &errs, errs.n && !*why ? 400 : 409);
            grant_recovery_free(&now);
        } else {
            page_error(r, w, 500);
        }
    } else {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
    }
    grant_recovery_free(&k);
}
