/*
 * imports.c - the administrator's reference-data uploads: a list of imports,
 * the upload form, and a status page per import. The file is streamed to
 * disk by the server (UPLOAD_PATH) and imported by the background runner
 * (jobs.c), never on a request thread.
 */
#include "core/date.h"
#include "store/import.h"
#include "web/govuk.h"
#include "web/jobs.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *value, *text, *hint;
} KINDS[] = {
    {"gias", "GIAS establishments", "\"All establishment data\" from Get Information About Schools, any of its shapes"},
    {"links", "GIAS establishment links", "Predecessor and successor links between schools"},
    {"groups", "GIAS groups", "Trusts, federations and sponsors (\"all group records\")"},
    {"group-links", "GIAS group links", "Which schools are in which group, with joined dates (a complete file)"},
    {"ofsted", "Ofsted inspections", "Inspection history, management information or report cards"},
};

static const char *kind_label(const char *k)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (k && strcmp(KINDS[i].value, k) == 0)
            return KINDS[i].text;
    return k ? k : "";
}

static void status_tag(Html *h, const char *status)
{
    const char *text = "Waiting", *cls = "govuk-tag--grey";
    if (status && strcmp(status, "running") == 0)
        text = "Importing", cls = "govuk-tag--blue";
    else if (status && strcmp(status, "done") == 0)
        text = "Imported", cls = "govuk-tag--green";
    else if (status && strcmp(status, "failed") == 0)
        text = "Not imported", cls = "govuk-tag--red";
    govuk_tag(h, &(GovukTag){.text = text, .classes = cls});
}

/* GET /imports */
void page_imports_list(Req *r, Resp *w)
{
    ImportRecordList l;
    if (import_recent(r->db, 50, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Reference data</h1>"
                 "<p class=\"govuk-body\">Load the official downloads from Get Information About Schools and"
                 " Ofsted. A file is checked row by row: if any row is wrong, nothing from the file is saved and"
                 " each problem is listed with its line and column.</p>");
    govuk_button(&h, &(GovukButton){.text = "Upload a file", .href = "/imports/new"});
    if (l.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No files have been loaded yet.</p>");
    } else {
        GovukTableCell head[] = {{.text = "File"},          {.text = "What"},  {.text = "Status"},
                                 {.text = "Rows", .numeric = 1}, {.text = "Added", .numeric = 1},
                                 {.text = "Updated", .numeric = 1}, {.text = "Started"}};
        govuk_table_open(&h, &(GovukTable){.caption = "Recent imports", .caption_classes = "govuk-table__caption--m",
                                           .head = head, .n_head = 7});
        for (size_t i = 0; i < l.n; i++) {
            const ImportRecord *x = &l.items[i];
            Html link, tag;
            html_init(&link);
            html_init(&tag);
            html_printf(&link, "<a class=\"govuk-link\" href=\"/imports/%lld\">%s</a>", (long long)x->id,
                        x->file_name);
            status_tag(&tag, x->status);
            char rows[24], added[24], updated[24], when[64];
            /* a failed import saved nothing, whatever it counted before it stopped */
            int failed = strcmp(x->status, "failed") == 0;
            snprintf(rows, sizeof rows, "%ld", x->rows);
            snprintf(added, sizeof added, "%ld", failed ? 0 : x->added);
            snprintf(updated, sizeof updated, "%ld", failed ? 0 : x->updated);
            timestamp_long(x->started_at, when, sizeof when);
            GovukTableCell cells[] = {{.html = &link},   {.text = kind_label(x->kind)}, {.html = &tag},
                                      {.text = rows, .numeric = 1}, {.text = added, .numeric = 1},
                                      {.text = updated, .numeric = 1}, {.text = when}};
            govuk_table_row(&h, cells, 7, 0);
            html_free(&link);
            html_free(&tag);
        }
        govuk_table_close(&h);
    }
    import_record_list_free(&l);
    PageOpts o = {.title = "Reference data", .nav = "imports"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

static void render_form(Req *r, Resp *w, const char *kind, const char *format, int skip, const FormErrors *errs)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = "/imports"});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    /* the CSRF token goes in the address, not a hidden field: the server
       checks it from the head, before it reads (or stores) any of the file */
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Upload a reference data file</h1>");
    html_printf(&h, "<form method=\"post\" action=\"" UPLOAD_PATH "?csrf_token=%s\" enctype=\"multipart/form-data\""
                    " novalidate>", req_csrf(r));
    GovukChoice kinds[5];
    for (int i = 0; i < 5; i++)
        kinds[i] = (GovukChoice){.value = KINDS[i].value, .text = KINDS[i].text, .hint = KINDS[i].hint};
    govuk_radios(&h, &(GovukRadios){.name = "kind", .legend = "What is in the file?",
                                    .legend_classes = "govuk-fieldset__legend--m", .value = kind, .items = kinds,
                                    .n_items = 5, .error = form_errors_get(errs, "kind")});
    GovukOption formats[] = {{.value = "", .text = "Work it out from the columns"},
                             {.value = "history", .text = "Inspection history (URN, Rating, Inspection Date)"},
                             {.value = "mi", .text = "Ofsted's management information, as published (with"
                                                     " report cards from 2026)"}};
    govuk_select(&h, &(GovukSelect){.name = "format", .label = "Layout of an Ofsted file", .value = format,
                                    .hint = "Only for Ofsted inspections", .items = formats, .n_items = 3,
                                    .error = form_errors_get(errs, "format")});
    const char *ferr = form_errors_get(errs, "file");
    html_printf(&h, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-label--m\" for=\"file\">"
                    "The file</label><div id=\"file-hint\" class=\"govuk-hint\">A CSV file, as downloaded. Up to"
                    " 256 MB</div>", ferr ? " govuk-form-group--error" : "");
    if (ferr)
        govuk_error_message(&h, "file-error", ferr);
    html_printf(&h, "<input class=\"govuk-file-upload%s\" id=\"file\" name=\"file\" type=\"file\" accept=\".csv,"
                    "text/csv\" aria-describedby=\"file-hint%s\"></div>",
                ferr ? " govuk-file-upload--error" : "", ferr ? " file-error" : "");
    const char *const skipv[] = {"1"};
    GovukChoice skipc[] = {{.value = "1", .text = "Import the good rows and set the wrong ones aside",
                            .hint = "Otherwise one wrong row stops the whole file"}};
    govuk_checkboxes(&h, &(GovukCheckboxes){.name = "skip-invalid", .values = skipv, .n_values = skip ? 1 : 0,
                                            .items = skipc, .n_items = 1, .classes = "govuk-checkboxes--small"});
    govuk_button(&h, &(GovukButton){.text = "Upload and import", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Upload a reference data file", .nav = "imports",
                  .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /imports/new */
void page_import_new_form(Req *r, Resp *w)
{
    FormErrors errs = {0};
    render_form(r, w, "", "", 0, &errs);
}

/* POST /imports/new (multipart: kind, format, skip-invalid, file) */
void page_import_new_submit(Req *r, Resp *w)
{
    const char *kind = req_form(r, "kind");
    const char *format = req_form(r, "format");
    int skip = strcmp(req_form(r, "skip-invalid"), "1") == 0;
    FormErrors errs = {0};
    int ok;
    ImportKind k = import_kind_from_name(kind, &ok);
    if (!ok)
        form_errors_add(&errs, "kind", "Select what is in the file");
    if (*format && (ofsted_format_from_name(format) == OFSTED_DETECT || k != IMPORT_OFSTED))
        form_errors_add(&errs, "format", "Choose a layout only for an Ofsted file");
    /* no file chosen: the browser sends an empty part with no file name,
       which the server does not store (server.c, post_iter) */
    if (!r->upload_path || r->upload_size == 0)
        form_errors_add(&errs, "file", r->upload_path ? "The selected file is empty" : "Select a CSV file");
    if (errs.n) {
        render_form(r, w, kind, format, skip, &errs);
        return;
    }
    int64_t id = import_queue_job(r->db, k, r->upload_name, r->upload_path, *format ? format : NULL, skip, &r->actor);
    if (!id) {
        page_error(r, w, 500);
        return;
    }
    free(r->upload_path); /* the runner owns the file now */
    r->upload_path = NULL;
    jobs_wake();
    char loc[64];
    snprintf(loc, sizeof loc, "/imports/%lld", (long long)id);
    resp_redirect(w, loc);
}

/* GET /imports/{id} */
void page_import_show(Req *r, Resp *w)
{
    char *end;
    long long id = strtoll(req_param(r, 0), &end, 10);
    ImportRecord x;
    if (*end || id <= 0 || import_get(r->db, id, &x) != 1) {
        page_error(r, w, 404);
        return;
    }
    Html h, before, tag;
    html_init(&h);
    html_init(&before);
    html_init(&tag);
    govuk_back_link(&before, &(GovukBackLink){.href = "/imports"});
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                kind_label(x.kind), x.file_name);
    int percent = 0;
    int running = jobs_current(&percent) == id;
    if (strcmp(x.status, "done") == 0) {
        char msg[200];
        snprintf(msg, sizeof msg, "%ld rows imported: %ld added, %ld updated, %ld unchanged", x.rows, x.added,
                 x.updated, x.unchanged);
        govuk_notification_banner(&h, &(GovukNotificationBanner){.success = 1, .text = msg});
    } else if (strcmp(x.status, "failed") == 0) {
        Html body;
        html_init(&body);
        html_printf(&body, "<p class=\"govuk-notification-banner__heading\">Nothing from this file was saved</p>"
                           "<p class=\"govuk-body\">%s</p>", x.message ? x.message : "");
        govuk_notification_banner(&h, &(GovukNotificationBanner){.title = "Not imported", .html = &body});
        html_free(&body);
    } else {
        char msg[160];
        if (running)
            snprintf(msg, sizeof msg, "Importing: %d%% of the file read so far", percent);
        else
            snprintf(msg, sizeof msg, "Waiting to be imported");
        govuk_notification_banner(&h, &(GovukNotificationBanner){.text = msg});
        html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/imports/%lld\">Refresh this page"
                        "</a> to see how it is going.</p>", id);
    }
    status_tag(&tag, x.status);
    char rows[24], added[24], updated[24], unchanged[24], closed[24], rejected[24], started[64], finished[64];
    timestamp_long(x.started_at, started, sizeof started);
    if (x.finished_at)
        timestamp_long(x.finished_at, finished, sizeof finished);
    snprintf(rows, sizeof rows, "%ld", x.rows);
    snprintf(added, sizeof added, "%ld", x.added);
    snprintf(updated, sizeof updated, "%ld", x.updated);
    snprintf(unchanged, sizeof unchanged, "%ld", x.unchanged);
    snprintf(closed, sizeof closed, "%ld", x.closed);
    snprintf(rejected, sizeof rejected, "%ld", x.rejected);
    GovukSummaryRow srows[] = {
        {.key = "Status", .value_html = &tag},
        {.key = "Uploaded by", .value = x.actor},
        {.key = "Started", .value = started},
        {.key = "Finished", .value = x.finished_at ? finished : "Not yet"},
        {.key = "Encoding", .value = x.encoding ? x.encoding : "Not known yet"},
        {.key = "Rows read", .value = rows},
        {.key = "Added", .value = added},
        {.key = "Updated", .value = updated},
        {.key = "Unchanged", .value = unchanged},
        {.key = "Closed", .value = closed},
        {.key = "Rows with problems", .value = rejected},
    };
    if (strcmp(x.status, "failed") == 0) {
        /* nothing was saved: the counts of a rolled-back import would contradict the banner */
        srows[6] = srows[10];
        govuk_summary_list(&h, &(GovukSummaryList){.rows = srows, .n_rows = 7});
    } else {
        govuk_summary_list(&h, &(GovukSummaryList){.rows = srows, .n_rows = 11});
    }
    ImportProblem *probs = calloc(IMPORT_MAX_PROBLEMS, sizeof *probs);
    int n = 0;
    if (probs && import_problems_get(r->db, id, probs, IMPORT_MAX_PROBLEMS, &n) == 0 && n > 0) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Problems in the file</h2>");
        GovukTableCell head[] = {{.text = "Line", .numeric = 1}, {.text = "Column", .numeric = 1}, {.text = "Problem"}};
        govuk_table_open(&h, &(GovukTable){.head = head, .n_head = 3});
        for (int i = 0; i < n; i++) {
            char line[24], col[24];
            snprintf(line, sizeof line, "%ld", probs[i].line);
            snprintf(col, sizeof col, "%d", probs[i].column);
            GovukTableCell cells[] = {{.text = line, .numeric = 1}, {.text = col, .numeric = 1},
                                      {.text = probs[i].reason}};
            govuk_table_row(&h, cells, 3, 0);
        }
        govuk_table_close(&h);
    }
    free(probs);
    /* the title says which import, as the heading does */
    char title[300];
    snprintf(title, sizeof title, "%s - Reference data", x.file_name);
    import_record_free(&x);
    PageOpts o = {.title = title, .nav = "imports", .before = &before};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    html_free(&before);
    html_free(&tag);
}
