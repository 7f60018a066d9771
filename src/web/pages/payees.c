/*
 * payees.c - who grants are paid to (issue 14 item 6): every payee with
 * its vendor account (the finance system's supplier number, without which
 * nothing can be paid to it), what is due to it and what it has been paid;
 * one payee's page with its grants, its payments and the vendor account
 * form.
 *
 *   GET  /payees        every payee                                   (PERM_FINANCE_READ)
 *   GET  /payees/{id}   one payee: vendor account, grants, payments   (PERM_FINANCE_READ)
 *   POST /payees/{id}   set or remove the vendor account               (PERM_GRANTS_MANAGE)
 */
#include "domain/access.h"
#include "domain/plans.h"
#include "store/grant_ledger.h"
#include "store/payments.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void money(int64_t pence, char out[32])
{
    plan_money(pence, out, 32);
}

/* GET /payees */
void page_payees(Req *r, Resp *w)
{
    PayeeList l;
    if (payees_list(r->db, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = "/payments", .text = "Payments"});
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Payees</h1>"
                 "<p class=\"govuk-body\">Everyone a grant is paid to: a school or supporting organisation, a trust, a"
                 " local authority or a person. A payee can be paid only once its vendor account (its supplier number"
                 " in the finance system) is set up.</p>");
    if (!l.n) {
        html_lit(&h, "<p class=\"govuk-body\">No grant has been offered yet, so there are no payees.</p>");
    } else {
        GovukTableCell head[] = {{.text = "Payee"}, {.text = "Kind"}, {.text = "Vendor account"},
                                 {.text = "Due now", .numeric = 1}, {.text = "Paid so far", .numeric = 1}};
        govuk_table_open(&h, &(GovukTable){.caption = "Payees", .caption_classes = "govuk-visually-hidden",
                                           .head = head, .n_head = 5});
        for (size_t i = 0; i < l.n; i++) {
            const PayeeRow *p = &l.items[i];
            Html name, vendor;
            html_init(&name);
            html_init(&vendor);
            html_printf(&name, "<a class=\"govuk-link\" href=\"/payees/%lld\">%s</a>", (long long)p->id, p->name);
            if (p->vendor_account && *p->vendor_account)
                html_printf(&vendor, "%s", p->vendor_account);
            else
                govuk_tag(&vendor, &(GovukTag){.text = "Not set up", .classes = "govuk-tag--red"});
            char due[32], paid[32];
            money(p->due, due);
            money(p->paid, paid);
            GovukTableCell row[] = {{.html = &name}, {.text = payee_kind_label(p->kind)}, {.html = &vendor},
                                    {.text = due, .numeric = 1}, {.text = paid, .numeric = 1}};
            govuk_table_row(&h, row, 5, 0);
            html_free(&name);
            html_free(&vendor);
        }
        govuk_table_close(&h);
    }
    PageOpts o = {.title = "Payees", .nav = "payments", .before = &before};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    html_free(&before);
    payee_list_free(&l);
}

/* The payee's grants: case, kind, status, offered and paid. */
static int grants_table(Req *r, Html *h, int64_t payee_id)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT g.id, c.subject_name, g.kind, g.status, g.offered, g.paid, g.programme"
                                      " FROM grants g JOIN cases c ON c.id = g.case_id WHERE g.payee_id = ?"
                                      " ORDER BY g.id DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, payee_id);
    html_lit(h, "<h2 class=\"govuk-heading-m\">Grants</h2>");
    int n = 0, rc;
    GovukTableCell head[] = {{.text = "Grant"}, {.text = "School supported"}, {.text = "Kind"}, {.text = "Status"},
                             {.text = "Offered", .numeric = 1}, {.text = "Paid", .numeric = 1}};
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n++ == 0)
            govuk_table_open(h, &(GovukTable){.caption = "Grants", .caption_classes = "govuk-visually-hidden",
                                              .head = head, .n_head = 6});
        Html link;
        html_init(&link);
        html_printf(&link, "<a class=\"govuk-link\" href=\"/grants/%lld\">Grant %lld</a>",
                    (long long)sqlite3_column_int64(st, 0), (long long)sqlite3_column_int64(st, 0));
        char offered[32], paid[32];
        money(sqlite3_column_int64(st, 4), offered);
        money(sqlite3_column_int64(st, 5), paid);
        GovukTableCell row[] = {{.html = &link},
                                {.text = (const char *)sqlite3_column_text(st, 1)},
                                {.text = (const char *)sqlite3_column_text(st, 2)},
                                {.text = (const char *)sqlite3_column_text(st, 3)},
                                {.text = offered, .numeric = 1},
                                {.text = paid, .numeric = 1}};
        govuk_table_row(h, row, 6, 0);
        html_free(&link);
    }
    sqlite3_reset(st);
    if (n)
        govuk_table_close(h);
    else
        html_lit(h, "<p class=\"govuk-body\">No grants.</p>");
    return rc == SQLITE_DONE ? 0 : -1;
}

static void payments_table(Html *h, const PayLineList *l)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\">Payments</h2>");
    if (!l->n) {
        html_lit(h, "<p class=\"govuk-body\">Nothing has been paid to this payee yet.</p>");
        return;
    }
    GovukTableCell head[] = {{.text = "Date paid"}, {.text = "School supported"}, {.text = "What for"},
                             {.text = "Reference"}, {.text = "Amount", .numeric = 1}};
    govuk_table_open(h, &(GovukTable){.caption = "Payments", .caption_classes = "govuk-visually-hidden", .head = head,
                                      .n_head = 5});
    for (size_t i = 0; i < l->n; i++) {
        const PayLine *x = &l->items[i];
        char on[40], amount[32];
        case_long_date(x->paid_on, on, sizeof on);
        money(x->amount, amount);
        GovukTableCell row[] = {{.text = on}, {.text = x->school}, {.text = x->label},
                                {.text = x->paid_reference}, {.text = amount, .numeric = 1}};
        govuk_table_row(h, row, 5, 0);
    }
    govuk_table_close(h);
}

static void vendor_form(Req *r, Html *h, const PayeeRow *p, const FormErrors *errs)
{
    int posted = strcmp(r->method, "POST") == 0;
    html_printf(h, "<form method=\"post\" action=\"/payees/%lld\" novalidate>", (long long)p->id);
    govuk_csrf_field(h, req_csrf(r));
    govuk_input(h, &(GovukInput){.name = "vendor_account", .label = "Vendor account",
                                 .label_classes = "govuk-label--m",
                                 .hint = "The payee's supplier number in the finance system: up to 20 letters and"
                                         " numbers. Leave it blank to remove it (nothing can then be paid to them).",
                                 .value = posted ? req_form(r, "vendor_account") : p->vendor_account,
                                 .classes = "govuk-input--width-20", .spellcheck = -1,
                                 .error = form_errors_get(errs, "vendor_account")});
    govuk_button(h, &(GovukButton){.text = "Save the vendor account"});
    html_lit(h, "</form>");
}

static void payee_page(Req *r, Resp *w, const PayeeRow *p, const FormErrors *errs, int status)
{
    static const FormErrors none;
    if (!errs)
        errs = &none;
    PayLineList paid;
    if (payee_payments(r->db, p->id, &paid) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h, before, vendor;
    html_init(&h);
    html_init(&before);
    html_init(&vendor);
    govuk_back_link(&before, &(GovukBackLink){.href = "/payees", .text = "Payees"});
    govuk_error_summary(&h, errs);
    page_flash(r, &h);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                payee_kind_label(p->kind), p->name);
    if (p->vendor_account && *p->vendor_account)
        html_printf(&vendor, "%s", p->vendor_account);
    else
        govuk_tag(&vendor, &(GovukTag){.text = "Not set up", .classes = "govuk-tag--red"});
    char due[32], total[32];
    money(p->due, due);
    money(p->paid, total);
    GovukSummaryRow rows[] = {{.key = "Vendor account", .value_html = &vendor},
                              {.key = "Due now", .value = due},
                              {.key = "Paid so far", .value = total}};
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = 3});
    if (!(p->vendor_account && *p->vendor_account) && p->n_due > 0)
        html_lit(&h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
                     "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning"
                     "</span>Money is due to this payee but cannot be paid until the vendor account is set up.</strong>"
                     "</div>");
    if (authorise(&r->who, PERM_GRANTS_MANAGE, NULL) == ACCESS_ALLOW)
        vendor_form(r, &h, p, errs);
    if (grants_table(r, &h, p->id) != 0) {
        page_error(r, w, 500);
    } else {
        payments_table(&h, &paid);
        if (authorise(&r->who, PERM_AUDIT_READ, NULL) == ACCESS_ALLOW)
            html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/history/payee/%lld\">Every change"
                            " to this payee</a></p>", (long long)p->id);
        PageOpts o = {.title = p->name, .nav = "payments", .before = &before, .has_errors = errs && errs->n > 0};
        page_render(r, w, status, &o, &h);
    }
    html_free(&h);
    html_free(&before);
    html_free(&vendor);
    pay_line_list_free(&paid);
}

static int payee_load(Req *r, Resp *w, PayeeRow *p)
{
    char *end;
    long long id = strtoll(req_param(r, 0), &end, 10);
    int rc = (*end || id <= 0) ? 0 : payee_row_get(r->db, id, p);
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    return 1;
}

/* GET /payees/{id} */
void page_payee(Req *r, Resp *w)
{
    PayeeRow p;
    if (!payee_load(r, w, &p))
        return;
    payee_page(r, w, &p, NULL, 200);
    payee_row_free(&p);
}

/* POST /payees/{id} */
void page_payee_vendor(Req *r, Resp *w)
{
    PayeeRow p;
    if (!payee_load(r, w, &p))
        return;
    const char *account = req_form(r, "vendor_account");
    FormErrors errs = {0};
    const char *problem = *account ? payee_vendor_problem(account) : NULL;
    if (problem) {
        form_errors_add(&errs, "vendor_account", problem);
        payee_page(r, w, &p, &errs, 400);
        payee_row_free(&p);
        return;
    }
    const char *why = NULL;
    int rc = payee_vendor_update(r->db, &r->actor, p.id, account, &why);
    if (rc == CW_OK) {
        char href[64];
        snprintf(href, sizeof href, "/payees/%lld", (long long)p.id);
        req_flash(r, *account ? "The vendor account is saved" : "The vendor account is removed");
        resp_redirect(w, href);
    } else if (rc == CW_REFUSED) {
        form_errors_add(&errs, "vendor_account", why);
        payee_page(r, w, &p, &errs, 409);
    } else {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
    }
    payee_row_free(&p);
}
