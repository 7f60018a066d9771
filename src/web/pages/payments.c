/*
 * payments.c - paying what is due (issue 14 item 6): what is due now by
 * payee and what is held back, payment runs (prepare, approve by a second
 * person, export for the finance system, mark paid, cancel) and one run's
 * lines by payee. The payees' own pages are pages/payees.c.
 *
 *   GET  /payments                        due now by payee, held back, the runs   (PERM_FINANCE_READ)
 *   POST /payments/runs                   prepare a run                            (PERM_GRANTS_MANAGE)
 *   GET  /payments/runs/{id}              one run: summary, lines by payee, what can be done
 *   POST /payments/runs/{id}/approve      approve (not by its preparer)
 *   GET  /payments/runs/{id}/export.csv   the finance system's CSV (docs/data-formats.md)
 *   POST /payments/runs/{id}/paid         mark paid: reference and date
 *   POST /payments/runs/{id}/cancel       cancel, with a reason
 *
 * Reading is PERM_FINANCE_READ (the grant team, analysts, admins); every
 * action is PERM_GRANTS_MANAGE (the grant team), the route's permission.
 */
#include "core/date.h"
#include "domain/access.h"
#include "domain/plans.h"
#include "store/payments.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS_SHOWN 50
#define HELD_SHOWN 200
#define REFERENCE_MAX 100
#define REASON_MAX 1000

static int may_manage(const Req *r)
{
    return authorise(&r->who, PERM_GRANTS_MANAGE, NULL) == ACCESS_ALLOW;
}

static void money(int64_t pence, char out[32])
{
    plan_money(pence, out, 32);
}

static void render(Req *r, Resp *w, int status, const char *title, const FormErrors *errs, Html *h, const char *back,
                   const char *back_text)
{
    Html before;
    html_init(&before);
    if (back)
        govuk_back_link(&before, &(GovukBackLink){.href = back, .text = back_text});
    PageOpts o = {.title = title, .nav = "payments", .before = back ? &before : NULL,
                  .has_errors = errs && errs->n > 0};
    page_render(r, w, status, &o, h);
    html_free(&before);
}

/* ---- /payments ---- */

static void vendor_cell(Html *h, const char *account)
{
    if (account)
        html_printf(h, "%s", account);
    else
        govuk_tag(h, &(GovukTag){.text = "Not set up", .classes = "govuk-tag--red"});
}

static void due_table(Html *h, const PayeeDueList *due)
{
    char total[32], payable[32];
    money(due->total, total);
    money(due->total_payable, payable);
    html_lit(h, "<h2 class=\"govuk-heading-m\">Due now</h2>");
    if (!due->n) {
        html_lit(h, "<p class=\"govuk-body\">Nothing is due that is not already in a payment run.</p>");
        return;
    }
    html_printf(h, "<p class=\"govuk-body\">%s is due in %d lines to %zu payees and is in no payment run yet. A run can"
                   " take %s of it (%d lines) now.</p>",
                total, due->n_lines, due->n, payable, due->n_payable);
    GovukTableCell head[] = {{.text = "Payee"}, {.text = "Vendor account"}, {.text = "Lines", .numeric = 1},
                             {.text = "Amount due", .numeric = 1}, {.text = "Can be paid now", .numeric = 1}};
    govuk_table_open(h, &(GovukTable){.caption = "What is due, by payee", .caption_classes = "govuk-visually-hidden",
                                      .head = head, .n_head = 5});
    for (size_t i = 0; i < due->n; i++) {
        const PayeeDue *d = &due->items[i];
        Html name, vendor;
        html_init(&name);
        html_init(&vendor);
        html_printf(&name, "<a class=\"govuk-link\" href=\"/payees/%lld\">%s</a>", (long long)d->payee_id, d->name);
        vendor_cell(&vendor, d->vendor_account);
        char n[16], amount[32], can[32];
        snprintf(n, sizeof n, "%d", d->n_lines);
        money(d->amount, amount);
        money(d->payable, can);
        GovukTableCell row[] = {{.html = &name}, {.html = &vendor}, {.text = n, .numeric = 1},
                                {.text = amount, .numeric = 1}, {.text = can, .numeric = 1}};
        govuk_table_row(h, row, 5, 0);
        html_free(&name);
        html_free(&vendor);
    }
    govuk_table_close(h);
}

static void held_table(Html *h, const PayLineList *held, int n_held)
{
    if (!held->n)
        return;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Held back</h2>");
    html_printf(h, "<p class=\"govuk-body\">These %d lines are due but a payment run cannot take them yet.</p>", n_held);
    GovukTableCell head[] = {{.text = "Payee"}, {.text = "School supported"}, {.text = "What for"},
                             {.text = "Amount", .numeric = 1}, {.text = "Why it is held back"}};
    govuk_table_open(h, &(GovukTable){.caption = "Lines held back", .caption_classes = "govuk-visually-hidden",
                                      .head = head, .n_head = 5});
    for (size_t i = 0; i < held->n; i++) {
        const PayLine *l = &held->items[i];
        Html name, what;
        html_init(&name);
        html_init(&what);
        html_printf(&name, "<a class=\"govuk-link\" href=\"/payees/%lld\">%s</a>", (long long)l->payee_id, l->payee);
        html_printf(&what, "<a class=\"govuk-link\" href=\"/grants/%lld\">%s</a>", (long long)l->grant_id, l->label);
        char amount[32];
        money(l->amount, amount);
        GovukTableCell row[] = {{.html = &name}, {.text = l->school}, {.html = &what}, {.text = amount, .numeric = 1},
                                {.text = pay_line_held_reason(l)}};
        govuk_table_row(h, row, 5, 0);
        html_free(&name);
        html_free(&what);
    }
    govuk_table_close(h);
    if ((int)held->n < n_held)
        html_printf(h, "<p class=\"govuk-body\">The first %zu of %d are shown.</p>", held->n, n_held);
}

static void status_tag(Html *h, const char *status)
{
    govuk_tag(h, &(GovukTag){.text = payment_run_status_label(status), .classes = payment_run_status_class(status)});
}

static void runs_table(Html *h, const PaymentRunList *runs)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\">Payment runs</h2>");
    if (!runs->n) {
        html_lit(h, "<p class=\"govuk-body\">No payment run has been prepared yet.</p>");
        return;
    }
    GovukTableCell head[] = {{.text = "Run"}, {.text = "Status"}, {.text = "Prepared"},
                             {.text = "Payees", .numeric = 1}, {.text = "Lines", .numeric = 1},
                             {.text = "Total", .numeric = 1}};
    govuk_table_open(h, &(GovukTable){.caption = "Payment runs, newest first", .caption_classes = "govuk-visually-hidden",
                                      .head = head, .n_head = 6});
    for (size_t i = 0; i < runs->n; i++) {
        const PaymentRun *x = &runs->items[i];
        Html link, tag;
        html_init(&link);
        html_init(&tag);
        html_printf(&link, "<a class=\"govuk-link\" href=\"/payments/runs/%lld\">Run %lld</a>", (long long)x->id,
                    (long long)x->id);
        status_tag(&tag, x->status);
        char prepared[64], payees[16], lines[16], total[32];
        timestamp_long(x->prepared_at, prepared, sizeof prepared);
        snprintf(payees, sizeof payees, "%d", x->n_payees);
        snprintf(lines, sizeof lines, "%d", x->n_lines);
        money(x->total, total);
        GovukTableCell row[] = {{.html = &link},   {.html = &tag},   {.text = prepared},
                                {.text = payees, .numeric = 1}, {.text = lines, .numeric = 1},
                                {.text = total, .numeric = 1}};
        govuk_table_row(h, row, 6, 0);
        html_free(&link);
        html_free(&tag);
    }
    govuk_table_close(h);
}

static void payments_page(Req *r, Resp *w, const FormErrors *errs, int status)
{
    PayeeDueList due;
    PayLineList held;
    PaymentRunList runs;
    if (payments_due_by_payee(r->db, &due) != 0) {
        page_error(r, w, 500);
        return;
    }
    if (payments_held(r->db, HELD_SHOWN, &held) != 0 || payment_runs_list(r->db, RUNS_SHOWN, &runs) != 0) {
        payee_due_list_free(&due);
        pay_line_list_free(&held);
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Payments</h1>"
                 "<p class=\"govuk-body\">Grants are paid in payment runs. One member of the grant team prepares a run"
                 " from everything due; another approves it; the approved run is exported to the finance system, then"
                 " marked as paid with the finance system's reference, and each payee is emailed a remittance.</p>"
                 "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/payees\">Payees and their vendor"
                 " accounts</a></p>");
    due_table(&h, &due);
    if (may_manage(r)) {
        if (due.n_payable > 0) {
            html_printf(&h, "<form method=\"post\" action=\"/payments/runs\" novalidate>");
            govuk_csrf_field(&h, req_csrf(r));
            govuk_button(&h, &(GovukButton){.text = "Prepare a payment run", .id = "prepare",
                                            .prevent_double_click = 1});
            html_lit(&h, "</form>");
        } else if (due.n > 0) {
            html_lit(&h, "<div class=\"govuk-inset-text\">Nothing due can be paid yet: set up the payees' vendor"
                         " accounts first.</div>");
        }
    }
    int n_held = due.n_lines - due.n_payable;
    held_table(&h, &held, n_held);
    runs_table(&h, &runs);
    render(r, w, status, "Payments", errs, &h, NULL, NULL);
    html_free(&h);
    payee_due_list_free(&due);
    pay_line_list_free(&held);
    payment_run_list_free(&runs);
}

/* GET /payments */
void page_payments(Req *r, Resp *w)
{
    payments_page(r, w, NULL, 200);
}

/* POST /payments/runs */
void page_payment_run_prepare(Req *r, Resp *w)
{
    int64_t id = 0;
    int held = 0;
    const char *why = NULL;
    int rc = payment_run_prepare(r->db, &r->actor, &id, &held, &why);
    if (rc == CW_OK) {
        char flash[200], href[64];
        snprintf(flash, sizeof flash, "Payment run %lld is prepared: another member of the grant team must approve it%s",
                 (long long)id, held ? ". Some lines are held back" : "");
        snprintf(href, sizeof href, "/payments/runs/%lld", (long long)id);
        req_flash(r, flash);
        resp_redirect(w, href);
        return;
    }
    if (rc != CW_REFUSED) {
        page_error(r, w, 500);
        return;
    }
    FormErrors errs = {0};
    form_errors_add(&errs, "", why);
    payments_page(r, w, &errs, 409);
}

/* ---- one run ---- */

/* The run named by route parameter 0: 1, or 0 with a 404/500 written. */
static int run_load(Req *r, Resp *w, PaymentRun *run)
{
    char *end;
    long long id = strtoll(req_param(r, 0), &end, 10);
    int rc = (*end || id <= 0) ? 0 : payment_run_get(r->db, id, run);
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    return 1;
}

static void summary(Html *h, const PaymentRun *x)
{
    Html tag;
    html_init(&tag);
    status_tag(&tag, x->status);
    char total[32], lines[16], payees[16], reference[48], prepared[400], approved[400] = "Not yet", paid[400] = "",
                                                                                     cancelled[1400] = "";
    money(x->total, total);
    snprintf(lines, sizeof lines, "%d", x->n_lines);
    snprintf(payees, sizeof payees, "%d", x->n_payees);
    payment_run_reference(x->id, reference, sizeof reference);
    char when[64];
    timestamp_long(x->prepared_at, when, sizeof when);
    snprintf(prepared, sizeof prepared, "%s, %s", person_name(x->prepared_by), when);
    if (x->approved_by) {
        timestamp_long(x->approved_at, when, sizeof when);
        snprintf(approved, sizeof approved, "%s, %s", person_name(x->approved_by), when);
    }
    if (x->paid_on) {
        char on[40];
        case_long_date(x->paid_on, on, sizeof on);
        snprintf(paid, sizeof paid, "On %s, finance system reference %s (recorded by %s)", on,
                 x->paid_reference ? x->paid_reference : "", x->paid_by ? person_name(x->paid_by) : "");
    }
    if (x->cancelled_by) {
        timestamp_long(x->cancelled_at, when, sizeof when);
        snprintf(cancelled, sizeof cancelled, "By %s, %s: %s", person_name(x->cancelled_by), when,
                 x->cancel_reason ? x->cancel_reason : "");
    }
    GovukSummaryRow rows[9];
    int n = 0;
    rows[n++] = (GovukSummaryRow){.key = "Status", .value_html = &tag};
    rows[n++] = (GovukSummaryRow){.key = "Total", .value = total};
    rows[n++] = (GovukSummaryRow){.key = "Payees", .value = payees};
    rows[n++] = (GovukSummaryRow){.key = "Lines", .value = lines};
    rows[n++] = (GovukSummaryRow){.key = "Reference the payees see", .value = reference};
    rows[n++] = (GovukSummaryRow){.key = "Prepared by", .value = prepared};
    rows[n++] = (GovukSummaryRow){.key = "Approved by", .value = approved};
    if (*paid)
        rows[n++] = (GovukSummaryRow){.key = "Paid", .value = paid};
    if (*cancelled)
        rows[n++] = (GovukSummaryRow){.key = "Cancelled", .value = cancelled};
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_free(&tag);
}

/* The lines of a run, a table for each payee. */
static void lines_by_payee(Html *h, const PayLineList *l)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\">Lines by payee</h2>");
    if (!l->n) {
        html_lit(h, "<p class=\"govuk-body\">This run holds no lines.</p>");
        return;
    }
    for (size_t i = 0; i < l->n;) {
        const PayLine *first = &l->items[i];
        int64_t subtotal = 0;
        size_t j = i;
        for (; j < l->n && l->items[j].payee_id == first->payee_id; j++)
            subtotal += l->items[j].amount;
        char sub[32];
        money(subtotal, sub);
        html_printf(h, "<h3 class=\"govuk-heading-s\"><a class=\"govuk-link\" href=\"/payees/%lld\">%s</a>: %s</h3>",
                    (long long)first->payee_id, first->payee, sub);
        html_printf(h, "<p class=\"govuk-body-s\">Vendor account: %s</p>",
                    first->vendor_account ? first->vendor_account : "not set up");
        GovukTableCell head[] = {{.text = "School supported"}, {.text = "Grant"}, {.text = "What for"},
                                 {.text = "Amount", .numeric = 1}};
        govuk_table_open(h, &(GovukTable){.head = head, .n_head = 4});
        for (; i < j; i++) {
            const PayLine *x = &l->items[i];
            Html grant;
            html_init(&grant);
            html_printf(&grant, "<a class=\"govuk-link\" href=\"/grants/%lld\">Grant %lld</a>", (long long)x->grant_id,
                        (long long)x->grant_id);
            char amount[32];
            money(x->amount, amount);
            GovukTableCell row[] = {{.text = x->school}, {.html = &grant}, {.text = x->label},
                                    {.text = amount, .numeric = 1}};
            govuk_table_row(h, row, 4, 0);
            html_free(&grant);
        }
        govuk_table_close(h);
    }
}

static void paid_form(Req *r, Html *h, const PaymentRun *x, const FormErrors *errs)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\">Mark as paid</h2>"
                "<p class=\"govuk-body\">When the finance system has made the payments, record its reference and the"
                " date. Each payee is then emailed a remittance. A run is marked as paid once.</p>");
    html_printf(h, "<form method=\"post\" action=\"/payments/runs/%lld/paid\" novalidate>", (long long)x->id);
    govuk_csrf_field(h, req_csrf(r));
    govuk_input(h, &(GovukInput){.name = "reference", .label = "Finance system payment reference",
                                 .label_classes = "govuk-label--s", .value = req_form(r, "reference"),
                                 .classes = "govuk-input--width-20", .spellcheck = -1,
                                 .error = form_errors_get(errs, "reference")});
    char today[11];
    case_today(r, today);
    case_date_input(r, h, "paid", "Date paid", "For example, 27 3 2026", today, errs);
    govuk_button(h, &(GovukButton){.text = "Mark as paid", .prevent_double_click = 1});
    html_lit(h, "</form>");
}

static void cancel_form(Req *r, Html *h, const PaymentRun *x, const FormErrors *errs)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\">Cancel this run</h2>"
                "<p class=\"govuk-body\">Its lines leave the run and are due again for the next one.</p>");
    html_printf(h, "<form method=\"post\" action=\"/payments/runs/%lld/cancel\" novalidate>", (long long)x->id);
    govuk_csrf_field(h, req_csrf(r));
    govuk_textarea(h, &(GovukTextarea){.name = "reason", .label = "Why is it cancelled?",
                                       .label_classes = "govuk-label--s", .rows = 3, .value = req_form(r, "reason"),
                                       .error = form_errors_get(errs, "reason")});
    govuk_button(h, &(GovukButton){.text = "Cancel the run", .variant = GOVUK_BUTTON_WARNING});
    html_lit(h, "</form>");
}

static void actions(Req *r, Html *h, const PaymentRun *x, const FormErrors *errs)
{
    if (!may_manage(r))
        return;
    int prepared = strcmp(x->status, RUN_PREPARED) == 0, approved = strcmp(x->status, RUN_APPROVED) == 0;
    char href[80];
    snprintf(href, sizeof href, "/payments/runs/%lld/export.csv", (long long)x->id);
    if (prepared) {
        if (r->user.id == x->prepared_by_id) {
            html_lit(h, "<div class=\"govuk-inset-text\" id=\"approve\">You prepared this run, so another member of the"
                        " grant team must check and approve it.</div>");
        } else {
            html_lit(h, "<h2 class=\"govuk-heading-m\">Approve</h2><p class=\"govuk-body\">Check every line below: the"
                        " payee, the vendor account and the amount. Once approved, the run can be exported to the finance"
                        " system.</p>");
            html_printf(h, "<form method=\"post\" action=\"/payments/runs/%lld/approve\" novalidate>", (long long)x->id);
            govuk_csrf_field(h, req_csrf(r));
            govuk_button(h, &(GovukButton){.text = "Approve this run", .id = "approve", .prevent_double_click = 1});
            html_lit(h, "</form>");
        }
    }
    if (approved || strcmp(x->status, RUN_PAID) == 0) {
        html_lit(h, "<h2 class=\"govuk-heading-m\">Export for the finance system</h2>");
        govuk_button(h, &(GovukButton){.text = "Download the CSV", .href = href, .variant = GOVUK_BUTTON_SECONDARY});
    }
    if (approved)
        paid_form(r, h, x, errs);
    if (prepared || approved)
        cancel_form(r, h, x, errs);
}

static void run_page(Req *r, Resp *w, PaymentRun *x, const FormErrors *errs, int status)
{
    static const FormErrors none;
    if (!errs)
        errs = &none;
    PayLineList l;
    if (payment_run_lines(r->db, x->id, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    page_flash(r, &h);
    char title[64];
    snprintf(title, sizeof title, "Payment run %lld", (long long)x->id);
    html_printf(&h, "<span class=\"govuk-caption-l\">Payments</span><h1 class=\"govuk-heading-l\">%s</h1>", title);
    summary(&h, x);
    if (strcmp(x->status, RUN_CANCELLED) == 0)
        html_lit(&h, "<div class=\"govuk-inset-text\">This run was cancelled: its lines are due again and can go in"
                     " the next run.</div>");
    actions(r, &h, x, errs);
    lines_by_payee(&h, &l);
    if (authorise(&r->who, PERM_AUDIT_READ, NULL) == ACCESS_ALLOW)
        html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/history/payment_run/%lld\">"
                        "Every step of this run</a></p>", (long long)x->id);
    render(r, w, status, title, errs, &h, "/payments", "Payments");
    html_free(&h);
    pay_line_list_free(&l);
}

/* GET /payments/runs/{id} */
void page_payment_run(Req *r, Resp *w)
{
    PaymentRun x;
    if (!run_load(r, w, &x))
        return;
    run_page(r, w, &x, NULL, 200);
    payment_run_free(&x);
}

/* After a change: flash and back to the run, the error page, or (refused) the run with the reason at field. */
static void change_done(Req *r, Resp *w, int64_t id, int rc, const char *why, const char *field, const char *flash)
{
    if (rc == CW_OK) {
        char href[64];
        snprintf(href, sizeof href, "/payments/runs/%lld", (long long)id);
        req_flash(r, flash);
        resp_redirect(w, href);
        return;
    }
    if (rc != CW_REFUSED) {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
        return;
    }
    PaymentRun x;
    if (payment_run_get(r->db, id, &x) != 1) {
        page_error(r, w, 500);
        return;
    }
    FormErrors errs = {0};
    form_errors_add(&errs, field, why);
    run_page(r, w, &x, &errs, 409);
    payment_run_free(&x);
}

/* POST /payments/runs/{id}/approve */
void page_payment_run_approve(Req *r, Resp *w)
{
    PaymentRun x;
    if (!run_load(r, w, &x))
        return;
    const char *why = NULL;
    int rc = payment_run_approve(r->db, &r->actor, x.id, &why);
    change_done(r, w, x.id, rc, why, "approve", "The run is approved: export it for the finance system");
    payment_run_free(&x);
}

/* POST /payments/runs/{id}/paid */
void page_payment_run_paid(Req *r, Resp *w)
{
    PaymentRun x;
    if (!run_load(r, w, &x))
        return;
    FormErrors errs = {0};
    const char *reference = req_form(r, "reference");
    if (!*reference)
        form_errors_add(&errs, "reference", "Enter the payment reference from the finance system");
    else if (strlen(reference) > REFERENCE_MAX)
        form_errors_add(&errs, "reference", "The payment reference must be 100 characters or fewer");
    char on[11] = "";
    case_form_date(r, "paid", "the date paid", 1, 0, on, &errs);
    if (errs.n) {
        run_page(r, w, &x, &errs, 400);
    } else {
        const char *why = NULL;
        int rc = payment_run_mark_paid(r->db, &r->actor, x.id, reference, on, &why);
        change_done(r, w, x.id, rc, why, "reference", "The run is marked as paid and each payee has been emailed");
    }
    payment_run_free(&x);
}

/* POST /payments/runs/{id}/cancel */
void page_payment_run_cancel(Req *r, Resp *w)
{
    PaymentRun x;
    if (!run_load(r, w, &x))
        return;
    FormErrors errs = {0};
    const char *reason = req_form(r, "reason");
    if (!*reason)
        form_errors_add(&errs, "reason", "Enter why the run is cancelled");
    else if (strlen(reason) > REASON_MAX)
        form_errors_add(&errs, "reason", "The reason must be 1000 characters or fewer");
    if (errs.n) {
        run_page(r, w, &x, &errs, 400);
    } else {
        const char *why = NULL;
        int rc = payment_run_cancel(r->db, &r->actor, x.id, reason, &why);
        change_done(r, w, x.id, rc, why, "reason", "The run is cancelled: its lines are due again");
    }
    payment_run_free(&x);
}

/* GET /payments/runs/{id}/export.csv */
void page_payment_run_export(Req *r, Resp *w)
{
    PaymentRun x;
    if (!run_load(r, w, &x))
        return;
    Buf csv = BUF_INIT;
    const char *why = NULL;
    int rc = payment_run_csv(r->db, &r->actor, x.id, &csv, &why);
    if (rc == CW_OK) {
        resp_bytes(w, 200, "text/csv; charset=utf-8", csv.p ? csv.p : "", csv.len);
        char disp[96];
        snprintf(disp, sizeof disp, "attachment; filename=\"payment-run-%lld.csv\"", (long long)x.id);
        resp_header(w, "Content-Disposition", disp);
    } else if (rc == CW_REFUSED) {
        FormErrors errs = {0};
        form_errors_add(&errs, "", why);
        run_page(r, w, &x, &errs, 409);
    } else {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
    }
    buf_free(&csv);
    payment_run_free(&x);
}
