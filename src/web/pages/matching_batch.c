/*
 * matching_batch.c - a region's cohort matched at once (issue 12 item 5):
 * every case in the region waiting for a proposal, with the assignment that
 * matches the most cases and then has the highest total score under every
 * provider's capacity (domain/match_batch.c), for a person to change and
 * confirm. Confirming proposes each chosen provider through the same step
 * as the case's matching tab, so each is checked again and audited.
 *
 * GET  /matching?region=R   the proposed assignment
 * POST /matching            region, for each case ID: use-ID=1 and p-ID=ORG
 * Both need cases-match in the region (a regional role's own; others 403).
 */
#include "domain/access.h"
#include "store/matching.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char *region_of(Req *r)
{
    const char *q = req_query(r, "region");
    if (!*q)
        q = req_form(r, "region");
    if (!*q && r->who.region)
        q = r->who.region;
    return region_valid(q) ? q : NULL;
}

static int allowed(Req *r, Resp *w, const char *region)
{
    Scope s = {.region = region};
    if (!region) { /* a national role names a region; one without any (an adviser) cannot batch */
        page_error(r, w, r->who.region ? 404 : 403);
        return 0;
    }
    if (authorise(&r->who, PERM_CASES_MATCH, &s) != ACCESS_ALLOW) {
        page_error(r, w, 403);
        return 0;
    }
    return 1;
}

static void render(Req *r, Resp *w, const char *region, const FormErrors *errs, int status)
{
    BatchPlan plan;
    if (match_batch_plan(r->db, region, NULL, 0, &plan) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    char term[24];
    match_term_label(plan.term, term);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-full\">");
    page_flash(r, &h);
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Match the cohort</h1>"
                    "<p class=\"govuk-body\">%zu cases in %s are waiting for a provider to be proposed. The proposal"
                    " below matches %zu of them, the most that the %zu providers on the register can take in %s, and"
                    " among those the best total score. Change any choice, untick any case, then propose. Each"
                    " provider is asked by email.</p>",
                region, plan.n, region, plan.matched, plan.providers, term);
    if (!plan.n) {
        html_lit(&h, "<div class=\"govuk-inset-text\">No case in this region is waiting for a proposal.</div>");
    } else {
        html_lit(&h, "<form method=\"post\" action=\"/matching\" novalidate>");
        govuk_csrf_field(&h, req_csrf(r));
        html_printf(&h, "<input type=\"hidden\" name=\"region\" value=\"%s\">", region);
        GovukTableCell head[] = {{.text = "Case"}, {.text = "Proposed provider"}, {.text = "Score", .numeric = 1},
                                 {.text = "Propose"}};
        govuk_table_open(&h, &(GovukTable){.head = head, .n_head = 4, .caption = "Proposed matches",
                                          .caption_classes = "govuk-table__caption--m"});
        int posted = strcmp(r->method, "POST") == 0;
        for (size_t i = 0; i < plan.n; i++) {
            BatchRow *row = &plan.rows[i];
            char pname[32], uname[32], href[64], cur[24];
            snprintf(pname, sizeof pname, "p-%lld", (long long)row->case_id);
            snprintf(uname, sizeof uname, "use-%lld", (long long)row->case_id);
            case_href(href, sizeof href, row->case_id, "matching");
            snprintf(cur, sizeof cur, "%lld", (long long)row->org_id);
            int64_t opt_id[BATCH_ALTERNATIVES + 1];
            const char *opt_name[BATCH_ALTERNATIVES + 1];
            size_t no = 0;
            if (row->org_id) {
                opt_id[no] = row->org_id;
                opt_name[no++] = row->org_name;
            }
            for (size_t k = 0; k < row->n_alts; k++) {
                opt_id[no] = row->alt_id[k];
                opt_name[no++] = row->alt_name[k];
            }
            Html link, sel, use;
            html_init(&link);
            html_init(&sel);
            html_init(&use);
            html_printf(&link, "<a class=\"govuk-link\" href=\"%s\">%s</a>", href, row->subject);
            html_printf(&sel, "<label class=\"govuk-visually-hidden\" for=\"%s\">Provider for %s</label>"
                              "<select class=\"govuk-select\" id=\"%s\" name=\"%s\"><option value=\"\">No proposal"
                              "</option>",
                        pname, row->subject, pname, pname);
            const char *want = posted ? req_form(r, pname) : cur;
            for (size_t k = 0; k < no; k++) {
                char v[24];
                snprintf(v, sizeof v, "%lld", (long long)opt_id[k]);
                if (strcmp(v, want) == 0)
                    html_printf(&sel, "<option value=\"%s\" selected>%s</option>", v, opt_name[k]);
                else
                    html_printf(&sel, "<option value=\"%s\">%s</option>", v, opt_name[k]);
            }
            html_lit(&sel, "</select>");
            int checked = posted ? strcmp(req_form(r, uname), "1") == 0 : row->org_id != 0;
            html_printf(&use, "<div class=\"govuk-checkboxes govuk-checkboxes--small\"><div"
                              " class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"%s\""
                              " name=\"%s\" type=\"checkbox\" value=\"1\"%s><label class=\"govuk-label"
                              " govuk-checkboxes__label\" for=\"%s\"><span class=\"govuk-visually-hidden\">Propose"
                              " for %s</span></label></div></div>",
                        uname, uname, checked ? " checked" : "", uname, row->subject);
            char score[16];
            snprintf(score, sizeof score, "%d", row->score);
            GovukTableCell cells[] = {{.html = &link}, {.html = &sel}, {.text = row->org_id ? score : "", .numeric = 1},
                                      {.html = &use}};
            govuk_table_row(&h, cells, 4, 0);
            html_free(&link);
            html_free(&sel);
            html_free(&use);
        }
        govuk_table_close(&h);
        govuk_button(&h, &(GovukButton){.text = "Propose the ticked matches", .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    html_lit(&h, "</div></div>");
    PageOpts o = {.title = "Match the cohort", .nav = "cases", .has_errors = errs->n > 0};
    page_render(r, w, status, &o, &h);
    html_free(&h);
    batch_plan_free(&plan);
}

/* GET /matching */
void page_matching_batch(Req *r, Resp *w)
{
    const char *region = region_of(r);
    if (!allowed(r, w, region))
        return;
    FormErrors none = {0};
    render(r, w, region, &none, 200);
}

/* POST /matching */
void page_matching_batch_submit(Req *r, Resp *w)
{
    const char *region = region_of(r);
    if (!allowed(r, w, region))
        return;
    BatchPlan plan;
    if (match_batch_plan(r->db, region, NULL, 0, &plan) != 0) {
        page_error(r, w, 500);
        return;
    }
    FormErrors errs = {0};
    size_t done = 0;
    char msgs[64][400];
    size_t nm = 0;
    for (size_t i = 0; i < plan.n; i++) {
        char pname[32], uname[32];
        snprintf(pname, sizeof pname, "p-%lld", (long long)plan.rows[i].case_id);
        snprintf(uname, sizeof uname, "use-%lld", (long long)plan.rows[i].case_id);
        if (strcmp(req_form(r, uname), "1") != 0)
            continue;
        int64_t org = strtoll(req_form(r, pname), NULL, 10);
        const char *why = NULL;
        int rc = org ? match_propose(r->db, &r->actor, plan.rows[i].case_id, org, NULL, &why) : CW_REFUSED;
        if (rc == CW_OK) {
            done++;
        } else if (nm < 64) {
            snprintf(msgs[nm], sizeof msgs[nm], "%s: %s", plan.rows[i].subject,
                     why ? why : org ? "the proposal could not be saved" : "select a provider or untick the case");
            form_errors_add(&errs, pname, msgs[nm]);
            nm++;
        }
    }
    batch_plan_free(&plan);
    char flash[120];
    snprintf(flash, sizeof flash, "%zu provider%s proposed and asked by email", done, done == 1 ? "" : "s");
    if (!errs.n) {
        char href[160];
        snprintf(href, sizeof href, "/matching?region=%s", region);
        for (char *p = href; *p; p++)
            if (*p == ' ')
                *p = '+';
        req_flash(r, flash);
        resp_redirect(w, href);
        return;
    }
    if (done)
        req_flash(r, flash);
    render(r, w, region, &errs, 409);
}
