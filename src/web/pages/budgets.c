/*
 * budgets.c - each programme's budget by financial year and region (issue
 * 14 item 7): /budgets shows, for a year, what each region was allocated,
 * what offers and approved claims committed, what was paid and withheld,
 * the forecast and what remains, with a red tag where the forecast exceeds
 * the allocation; /budgets/edit lets the grant team set an allocation
 * (audited "budget.set").
 */
#include "domain/access.h"
#include "domain/plans.h"
#include "store/grant_budgets.h"
#include "store/grant_ledger.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"
#include "web/pages/claims.h"
#include "web/pages/plan_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const PROGRAMMES[] = {"si-2019-20", "tsio-2022-23", "rise"};
#define N_PROGRAMMES (sizeof PROGRAMMES / sizeof PROGRAMMES[0])
#define N_REGIONS (sizeof REGIONS / sizeof REGIONS[0])

static int known(const char *const *list, size_t n, const char *v)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], v) == 0)
            return 1;
    return 0;
}

/* Money that may be below zero: "-£1,200" (plan_money writes the sign). */
static void signed_money(int64_t pence, char *out, size_t len)
{
    plan_money(pence, out, len);
}

static void money_cell(GovukTableCell *cell, char *buf, size_t len, int64_t pence)
{
    signed_money(pence, buf, len);
    *cell = (GovukTableCell){.text = buf, .numeric = 1};
}

static void budget_row(Html *h, const char *label, const GrantBudget *b, int header)
{
    char m[6][32];
    GovukTableCell cells[8];
    Html name;
    html_init(&name);
    if (header)
        html_printf(&name, "<strong>%s</strong>", label);
    else
        html_printf(&name, "%s", label);
    int over = b->has_allocation && b->forecast > b->allocated;
    if (over)
        govuk_tag(&name, &(GovukTag){.text = "Over budget", .classes = "govuk-tag--red govuk-!-margin-left-2"});
    cells[0] = (GovukTableCell){.html = &name};
    if (b->has_allocation)
        money_cell(&cells[1], m[0], sizeof m[0], b->allocated);
    else
        cells[1] = (GovukTableCell){.text = "Not set", .numeric = 1};
    money_cell(&cells[2], m[1], sizeof m[1], b->committed - b->cancelled - b->recovered);
    money_cell(&cells[3], m[2], sizeof m[2], b->paid);
    money_cell(&cells[4], m[3], sizeof m[3], b->withheld);
    money_cell(&cells[5], m[4], sizeof m[4], b->forecast);
    if (b->has_allocation)
        money_cell(&cells[6], m[5], sizeof m[5], b->allocated - b->forecast);
    else
        cells[6] = (GovukTableCell){.text = "", .numeric = 1};
    govuk_table_row(h, cells, 7, 1);
    html_free(&name);
}

static int programme_table(Req *r, Html *h, const char *programme, const char *year)
{
    GovukTableCell head[] = {{.text = "Region"},
                             {.text = "Allocated", .numeric = 1},
                             {.text = "Committed", .numeric = 1},
                             {.text = "Paid", .numeric = 1},
                             {.text = "Withheld", .numeric = 1},
                             {.text = "Forecast", .numeric = 1},
                             {.text = "Remaining", .numeric = 1}};
    char caption[120];
    snprintf(caption, sizeof caption, "%s, %s", programme_label(programme), year);
    govuk_table_open(h, &(GovukTable){.caption = caption, .caption_classes = "govuk-table__caption--m", .head = head,
                                      .n_head = 7});
    GrantBudget total = {.has_allocation = 1};
    for (size_t i = 0; i < N_REGIONS; i++) {
        GrantBudget b;
        if (grant_budget_get(r->db, programme, year, REGIONS[i], &b) != 0)
            return -1;
        budget_row(h, REGIONS[i], &b, 0);
        total.allocated += b.allocated;
        total.committed += b.committed;
        total.cancelled += b.cancelled;
        total.recovered += b.recovered;
        total.paid += b.paid;
        total.withheld += b.withheld;
        total.forecast += b.forecast;
    }
    budget_row(h, "Total", &total, 1);
    govuk_table_close(h);
    return 0;
}

/* GET /budgets?year=2026-27 */
void page_budgets(Req *r, Resp *w)
{
    char year[8];
    const char *asked = req_query(r, "year");
    if (grant_year_valid(asked))
        snprintf(year, sizeof year, "%s", asked);
    else
        grant_year_now(year);
    /* the years to choose from: last year to next, and any with money */
    char years[16][8];
    int n = 0;
    char now[8];
    grant_year_now(now);
    for (int d = 1; d >= -1; d--)
        grant_year_shift(now, d, years[n++]);
    char stored[12][8];
    int ns = grant_budget_years(r->db, stored, 12);
    for (int i = 0; i < ns && n < 16; i++) {
        int seen = 0;
        for (int j = 0; j < n; j++)
            seen |= strcmp(years[j], stored[i]) == 0;
        if (!seen)
            snprintf(years[n++], 8, "%.7s", stored[i]);
    }
    Html h;
    html_init(&h);
    page_flash(r, &h);
    html_printf(&h, "<h1 class=\"govuk-heading-l\">Budgets %s</h1>", year);
    html_lit(&h, "<p class=\"govuk-body\">What each region was allocated for the financial year, and what grants have"
                 " used of it. Committed is what offers issued and claims approved promise (less what was cancelled"
                 " or recovered); the forecast adds offers still being prepared.</p>");
    html_lit(&h, "<form method=\"get\" action=\"/budgets\" novalidate>");
    GovukOption opts[16];
    for (int i = 0; i < n; i++)
        opts[i] = (GovukOption){.value = years[i], .text = years[i], .selected = strcmp(years[i], year) == 0};
    govuk_select(&h, &(GovukSelect){.name = "year", .label = "Financial year", .label_classes = "govuk-label--s",
                                    .items = opts, .n_items = n});
    govuk_button(&h, &(GovukButton){.text = "Show", .variant = GOVUK_BUTTON_SECONDARY});
    html_lit(&h, "</form>");
    if (authorise(&r->who, PERM_GRANTS_MANAGE, NULL) == ACCESS_ALLOW) {
        char href[40];
        snprintf(href, sizeof href, "/budgets/edit?year=%s", year);
        govuk_button(&h, &(GovukButton){.text = "Set a budget", .href = href});
    }
    for (size_t i = 0; i < N_PROGRAMMES; i++)
        if (programme_table(r, &h, PROGRAMMES[i], year) != 0) {
            html_free(&h);
            page_error(r, w, 500);
            return;
        }
    char title[40];
    snprintf(title, sizeof title, "Budgets %s", year);
    PageOpts o = {.title = title, .nav = "budgets"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

static void edit_page(Req *r, Resp *w, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Set a budget</h1>"
                 "<p class=\"govuk-body\">The money a programme has for a financial year in a region. Setting it"
                 " again replaces the amount; the change is recorded.</p>"
                 "<form method=\"post\" action=\"/budgets/edit\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    const char *programme = req_form(r, "programme");
    GovukOption progs[N_PROGRAMMES];
    for (size_t i = 0; i < N_PROGRAMMES; i++)
        progs[i] = (GovukOption){.value = PROGRAMMES[i], .text = programme_label(PROGRAMMES[i])};
    govuk_select(&h, &(GovukSelect){.name = "programme", .label = "Programme", .label_classes = "govuk-label--s",
                                    .value = programme, .items = progs, .n_items = (int)N_PROGRAMMES,
                                    .error = form_errors_get(errs, "programme")});
    char now[8];
    grant_year_now(now);
    const char *typed = *req_form(r, "year") || errs->n ? req_form(r, "year") : req_query(r, "year");
    govuk_input(&h, &(GovukInput){.name = "year", .label = "Financial year", .label_classes = "govuk-label--s",
                                  .hint = "Like 2026-27: April 2026 to March 2027", .value = *typed ? typed : now,
                                  .classes = "govuk-input--width-5", .error = form_errors_get(errs, "year")});
    GovukOption regions[N_REGIONS + 1];
    regions[0] = (GovukOption){.value = "", .text = "Choose a region"};
    for (size_t i = 0; i < N_REGIONS; i++)
        regions[i + 1] = (GovukOption){.value = REGIONS[i], .text = REGIONS[i]};
    govuk_select(&h, &(GovukSelect){.name = "region", .label = "Region", .label_classes = "govuk-label--s",
                                    .value = req_form(r, "region"), .items = regions, .n_items = (int)N_REGIONS + 1,
                                    .error = form_errors_get(errs, "region")});
    plan_money_input(&h, "allocated", "Allocation", "In pounds", req_form(r, "allocated"), 0, errs);
    govuk_button(&h, &(GovukButton){.text = "Save the budget", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    grant_form_page(r, w, "Set a budget", "/budgets", "Back to the budgets", errs, &h, 0);
    html_free(&h);
}

/* GET /budgets/edit */
void page_budget_edit_form(Req *r, Resp *w)
{
    FormErrors errs = {0};
    edit_page(r, w, &errs);
}

/* POST /budgets/edit */
void page_budget_edit_submit(Req *r, Resp *w)
{
    FormErrors errs = {0};
    const char *programme = req_form(r, "programme"), *year = req_form(r, "year"), *region = req_form(r, "region");
    if (!known(PROGRAMMES, N_PROGRAMMES, programme))
        form_errors_add(&errs, "programme", "Select the programme");
    if (!grant_year_valid(year))
        form_errors_add(&errs, "year", "Enter the financial year like 2026-27");
    if (!known(REGIONS, N_REGIONS, region))
        form_errors_add(&errs, "region", "Select the region");
    int64_t pence = 0;
    if (plan_form_money(r, "allocated", "the allocation", &pence, &errs) == 0)
        form_errors_add(&errs, "allocated", "Enter the allocation in pounds, like 250,000");
    if (errs.n) {
        edit_page(r, w, &errs);
        return;
    }
    if (grant_budget_set(r->db, &r->actor, programme, year, region, pence) != 0) {
        page_error(r, w, 500);
        return;
    }
    char flash[200], href[40];
    snprintf(flash, sizeof flash, "The budget for %s in %s in %s is saved", programme_label(programme), region, year);
    snprintf(href, sizeof href, "/budgets?year=%s", year);
    req_flash(r, flash);
    resp_redirect(w, href);
}
