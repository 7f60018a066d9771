/*
 * provider_import.c - uploading a capacity survey (issue 12): the form, and
 * the import of the uploaded file on the request (a survey is small: its
 * upload is capped at the ordinary 1 MiB body limit by server.c). Every row
 * is checked and nothing is saved if any is wrong; the problems are listed
 * in the error summary as FILE:LINE:COLUMN, at most the first 50. The
 * layout is in docs/data-formats.md; `rise providers import` does the same
 * from the command line.
 */
#include "store/providers.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/provider_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOWN_PROBLEMS 50

/* The form, with the error summary above it: the file's problems (when
   res has any) or the form's own errors. */
static void render_import(Req *r, Resp *w, const SurveyResult *res, const char *file_name, const FormErrors *errs,
                          int dry_ok)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = "/providers"});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    int problems = res && res->total_problems > 0;
    if (problems) {
        /* the file's own problems, each as FILE:LINE:COLUMN; they are about
           the file, so each links to the file field */
        html_lit(&h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
                     "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
                     "<div class=\"govuk-error-summary__body\">");
        html_printf(&h, "<p class=\"govuk-body\">Nothing was imported. %s has %ld problem%s: correct %s and upload it"
                        " again.</p><ul class=\"govuk-list govuk-error-summary__list\">",
                    file_name, res->total_problems, res->total_problems == 1 ? "" : "s",
                    res->total_problems == 1 ? "it" : "them");
        int shown = res->nproblems < SHOWN_PROBLEMS ? res->nproblems : SHOWN_PROBLEMS;
        for (int i = 0; i < shown; i++) {
            const ImportProblem *p = &res->problems[i];
            html_printf(&h, "<li><a href=\"#file\">%s:%ld:%d: %s</a></li>", file_name, p->line, p->column, p->reason);
        }
        if (res->total_problems > shown)
            html_printf(&h, "<li>and %ld more</li>", res->total_problems - shown);
        html_lit(&h, "</ul></div></div></div>");
    } else {
        govuk_error_summary(&h, errs);
    }
    if (dry_ok && res) {
        char sum[512];
        survey_summary(res, sum, sizeof sum);
        Html body;
        html_init(&body);
        html_printf(&body, "<h3 class=\"govuk-notification-banner__heading\">%s has no problems</h3>"
                           "<p class=\"govuk-body\">Nothing was saved. Importing it would give: %s.</p>",
                    file_name, sum);
        govuk_notification_banner(&h, &(GovukNotificationBanner){.html = &body, .title = "Checked"});
        html_free(&body);
    }
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Import a capacity survey</h1>"
                 "<p class=\"govuk-body\">A CSV file with one row for each organisation or person and term. A row"
                 " adds the organisation or person, or updates the one with the same name, and sets what it offers"
                 " in the term. Blank cells leave what is recorded as it is.</p>"
                 "<p class=\"govuk-body\">Every row is checked first: if any is wrong, nothing is saved and each"
                 " problem is listed with its line and column.</p>"
                 "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                 "<span class=\"govuk-details__summary-text\">Columns the file can have</span></summary>"
                 "<div class=\"govuk-details__text\"><p class=\"govuk-body\">The first line names the columns, in any"
                 " order: <strong>name</strong> (required), type (trust, school, la, la-traded, federation, hub,"
                 " other, or person), designation (for a person: nle, system-leader, nlg, rise-adviser), urn,"
                 " trust_uid, la_code, regions (separated by semicolons), local_authorities, phases, expertise,"
                 " term (like 2026-autumn or Autumn 2026), schools, days, day_rate, email, contact_name,"
                 " contact_email, contact_role, contact_phone, notes.</p></div></details>");
    /* the CSRF token goes in the address: the server checks it before it
       reads (or stores) any of the file (decision 0007) */
    html_printf(&h, "<form method=\"post\" action=\"" SURVEY_UPLOAD_PATH "?csrf_token=%s\""
                    " enctype=\"multipart/form-data\" novalidate>", req_csrf(r));
    const char *ferr = form_errors_get(errs, "file");
    if (!ferr && problems)
        ferr = "The file has problems: nothing was imported";
    html_printf(&h, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-label--m\" for=\"file\">"
                    "The survey file</label><div id=\"file-hint\" class=\"govuk-hint\">A CSV file, up to 1 MB</div>",
                ferr ? " govuk-form-group--error" : "");
    if (ferr)
        govuk_error_message(&h, "file-error", ferr);
    html_printf(&h, "<input class=\"govuk-file-upload%s\" id=\"file\" name=\"file\" type=\"file\" accept=\".csv,"
                    "text/csv\" aria-describedby=\"file-hint%s\"></div>",
                ferr ? " govuk-file-upload--error" : "", ferr ? " file-error" : "");
    const char *const dryv[] = {"1"};
    GovukChoice dryc[] = {{.value = "1", .text = "Only check the file: save nothing"}};
    govuk_checkboxes(&h, &(GovukCheckboxes){.name = "dry_run", .values = dryv,
                                            .n_values = strcmp(req_form(r, "dry_run"), "1") == 0, .items = dryc,
                                            .n_items = 1, .classes = "govuk-checkboxes--small"});
    govuk_button(&h, &(GovukButton){.text = "Upload and import", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Import a capacity survey", .nav = "providers", .before = &before,
                  .has_errors = problems || errs->n > 0};
    page_render(r, w, o.has_errors ? 400 : 200, &o, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /providers/import */
void page_provider_import_form(Req *r, Resp *w)
{
    FormErrors errs = {0};
    render_import(r, w, NULL, NULL, &errs, 0);
}

/* POST /providers/import (multipart: file, dry_run) */
void page_provider_import_submit(Req *r, Resp *w)
{
    FormErrors errs = {0};
    if (!r->upload_path || r->upload_size == 0) {
        form_errors_add(&errs, "file", r->upload_path ? "The selected file is empty" : "Select a CSV file");
        render_import(r, w, NULL, NULL, &errs, 0);
        return;
    }
    const char *name = r->upload_name ? r->upload_name : "survey.csv";
    int dry = strcmp(req_form(r, "dry_run"), "1") == 0;
    SurveyResult *res = xcalloc(1, sizeof *res);
    int rc = survey_import(r->db, &r->actor, r->upload_path, name, dry, res);
    if (rc < 0) {
        form_errors_add(&errs, "file", res->fatal[0] ? res->fatal : "The file could not be read");
        render_import(r, w, NULL, NULL, &errs, 0);
    } else if (rc > 0) {
        render_import(r, w, res, name, &errs, 0);
    } else if (dry) {
        render_import(r, w, res, name, &errs, 1);
    } else {
        char sum[512], msg[700];
        survey_summary(res, sum, sizeof sum);
        snprintf(msg, sizeof msg, "%s imported: %s", name, sum);
        req_flash(r, msg);
        resp_redirect(w, "/providers");
    }
    free(res);
}
