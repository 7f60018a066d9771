/*
 * settings.c - programme settings an administrator keeps: the school
 * holidays that "school days" due dates skip. Adding or removing one
 * recomputes the due dates of open cases (store/case_records.c), and both
 * are audited. And each programme's tasks and timeframes, which come from
 * the database (store/task_templates.c) and change with `rise tasks load`.
 */
#include "core/date.h"
#include "domain/access.h"
#include "store/casework.h"
#include "store/task_templates.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOLIDAY_NAME_MAX 100

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void render_holidays(Req *r, Resp *w, const FormErrors *errs)
{
    SchoolHolidayList list;
    if (school_holidays_list(r->db, &list) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    page_flash(r, &h);
    html_lit(&h, "<span class=\"govuk-caption-l\">Programme settings</span>"
                 "<h1 class=\"govuk-heading-l\">School holidays</h1>"
                 "<p class=\"govuk-body\">Due dates that exclude school holidays, such as an NLE contacting the"
                 " school within 2 weeks of the match, skip these days. Bank holidays in England and Wales are"
                 " built in. Adding or removing a holiday moves the due dates of open cases straight away.</p>"
                 "<p class=\"govuk-body\">Each programme's tasks and how long each may take are listed at"
                 " <a class=\"govuk-link\" href=\"/settings/programmes\">Programme tasks and timeframes</a>.</p>");

    if (list.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No school holidays have been added.</p>");
    } else {
        Html actions_head;
        html_init(&actions_head);
        html_lit(&actions_head, "<span class=\"govuk-visually-hidden\">Actions</span>");
        GovukTableCell head[] = {{.text = "Name"}, {.text = "First day"}, {.text = "Last day"},
                                 {.text = "Added by"}, {.html = &actions_head}};
        govuk_table_open(&h, &(GovukTable){.caption = "School holidays", .caption_classes = "govuk-table__caption--m",
                                           .head = head, .n_head = 5});
        for (size_t i = 0; i < list.n; i++) {
            const SchoolHoliday *s = &list.items[i];
            char first[40], last[40];
            case_long_date(s->starts_on, first, sizeof first);
            case_long_date(s->ends_on, last, sizeof last);
            Html remove;
            html_init(&remove);
            html_printf(&remove, "<form method=\"post\" action=\"/settings/school-holidays/%lld/remove\""
                                 " class=\"govuk-!-margin-0\">",
                        (long long)s->id);
            govuk_csrf_field(&remove, req_csrf(r));
            html_printf(&remove, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary"
                                 " govuk-!-margin-bottom-0\" data-module=\"govuk-button\""
                                 " data-prevent-double-click=\"true\">Remove<span class=\"govuk-visually-hidden\">"
                                 " %s</span></button></form>",
                        s->name);
            GovukTableCell cells[] = {{.text = s->name}, {.text = first}, {.text = last}, {.text = s->added_by},
                                      {.html = &remove}};
            govuk_table_row(&h, cells, 5, 0);
            html_free(&remove);
        }
        govuk_table_close(&h);
        html_free(&actions_head);
    }

    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                 "<h2 class=\"govuk-heading-m\">Add a school holiday</h2>"
                 "<form method=\"post\" action=\"/settings/school-holidays\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    govuk_input(&h, &(GovukInput){.name = "name", .label = "Name", .label_classes = "govuk-label--s",
                                  .hint = "For example, Autumn half term 2026", .value = req_form(r, "name"),
                                  .error = form_errors_get(errs, "name")});
    case_date_input(r, &h, "starts-on", "First day", "For example, 26 10 2026", NULL, errs);
    case_date_input(r, &h, "ends-on", "Last day", "For example, 30 10 2026", NULL, errs);
    govuk_button(&h, &(GovukButton){.text = "Add school holiday", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");

    PageOpts o = {.title = "School holidays", .nav = "settings"};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    school_holiday_list_free(&list);
}

/* GET /settings/school-holidays */
void page_holidays(Req *r, Resp *w)
{
    FormErrors errs = {0};
    render_holidays(r, w, &errs);
}

/* POST /settings/school-holidays */
void page_holiday_add(Req *r, Resp *w)
{
    FormErrors errs = {0};
    const char *name = req_form(r, "name");
    if (!*name)
        form_errors_add(&errs, "name", "Enter the name of the school holiday");
    else if (chars(name) > HOLIDAY_NAME_MAX)
        form_errors_add(&errs, "name", "The name must be 100 characters or fewer");
    char first[11] = "", last[11] = "";
    int have_first = case_form_date(r, "starts-on", "the first day of the holiday", 1, 1, first, &errs) == 1;
    int have_last = case_form_date(r, "ends-on", "the last day of the holiday", 1, 1, last, &errs) == 1;
    if (have_first && have_last) {
        if (strcmp(last, first) < 0)
            form_errors_add_date(&errs, "ends-on", "The last day must be the same as or after the first day");
        else if (date_parse(last, NULL) - date_parse(first, NULL) > 366)
            form_errors_add_date(&errs, "ends-on", "A school holiday must be shorter than a year");
    }
    if (errs.n) {
        render_holidays(r, w, &errs);
        return;
    }
    int64_t id;
    int rc = school_holiday_add(r->db, &r->actor, name, first, last, &id);
    if (rc != CW_OK) {
        page_error(r, w, 500);
        return;
    }
    char msg[512];
    snprintf(msg, sizeof msg, "%s added", name);
    req_flash(r, msg);
    resp_redirect(w, "/settings/school-holidays");
}

/* POST /settings/school-holidays/{id}/remove */
void page_holiday_remove(Req *r, Resp *w)
{
    const char *s = req_param(r, 0);
    char *end;
    long long id = strtoll(s, &end, 10);
    if (!*s || *end || id <= 0) {
        page_error(r, w, 404);
        return;
    }
    int rc = school_holiday_remove(r->db, &r->actor, id);
    if (rc == CW_NOT_FOUND) {
        page_error(r, w, 404);
        return;
    }
    if (rc != CW_OK) {
        page_error(r, w, 500);
        return;
    }
    req_flash(r, "School holiday removed");
    resp_redirect(w, "/settings/school-holidays");
}

/* ------------------------------------------------------------ programmes */

static const char *when_label(const char *rule)
{
    if (!rule)
        return "Always";
    if (strcmp(rule, "diocese") == 0)
        return "When the school has a diocese";
    if (strcmp(rule, "school") == 0)
        return "For a school, not a trust";
    return rule;
}

/* The titles of the tasks named in "after" (codes of the same programme). */
static void after_cell(Html *h, const ProgrammeTaskList *l, size_t from, size_t to, const char *after)
{
    if (!after || !*after) {
        html_lit(h, "Nothing");
        return;
    }
    const char *s = after;
    int first = 1;
    while (s && *s) {
        size_t len = strcspn(s, ",");
        const char *title = NULL;
        for (size_t i = from; i < to && !title; i++)
            if (strlen(l->items[i].code) == len && strncmp(l->items[i].code, s, len) == 0)
                title = l->items[i].title;
        if (!first)
            html_lit(h, "<br>");
        if (title)
            html_printf(h, "%s", title);
        else
            html_printf(h, "%.*s", (int)len, s);
        first = 0;
        s = s[len] ? s + len + 1 : NULL;
    }
}

static void timeframe_cell(Html *h, const ProgrammeTask *t)
{
    if (t->timeframe && *t->timeframe)
        html_printf(h, "%s", t->timeframe);
    if (t->due_days > 0) {
        int school = t->due_unit && strcmp(t->due_unit, "school") == 0;
        if (t->timeframe && *t->timeframe)
            html_lit(h, "<br>");
        html_printf(h, "<span class=\"govuk-body-s govuk-!-margin-0\">%d %s day%s</span>", t->due_days,
                    school ? "school" : "working", t->due_days == 1 ? "" : "s");
    }
    if ((!t->timeframe || !*t->timeframe) && t->due_days <= 0)
        html_lit(h, "No timeframe");
}

static void programme_table(Req *r, Html *h, const ProgrammeTaskList *l, size_t from, size_t to)
{
    const char *code = l->items[from].programme;
    const char *label = programme_label(code);
    html_printf(h, "<h2 class=\"govuk-heading-m\" id=\"%s\">%s</h2>", code, label);
    html_printf(h, "<p class=\"govuk-body\">Programme code <code>%s</code>: %zu tasks.", code, to - from);
    /* loads are audited with the programme as the object */
    AuditList changes;
    if (authorise(&r->who, PERM_AUDIT_READ, NULL) == ACCESS_ALLOW &&
        audit_for_object(r->db, "programme", code, 1, &changes) == 0) {
        if (changes.n > 0) {
            html_lit(h, " <a class=\"govuk-link\" href=\"/history/programme/");
            html_url_param(h, code);
            html_printf(h, "\">Changes to these tasks<span class=\"govuk-visually-hidden\"> (%s)</span></a>", label);
        }
        audit_list_free(&changes);
    }
    html_lit(h, "</p>");
    GovukTableCell head[] = {{.text = "Stage"},         {.text = "Task"},
                             {.text = "Who"},           {.text = "What must be done first"},
                             {.text = "When it applies"}, {.text = "Timeframe"}};
    char caption[200];
    snprintf(caption, sizeof caption, "Tasks of %s, in order", label);
    govuk_table_open(h, &(GovukTable){.caption = caption, .caption_classes = "govuk-visually-hidden",
                                      .head = head, .n_head = 6,
                                      .classes = "govuk-table--small-text-until-tablet"});
    for (size_t i = from; i < to; i++) {
        const ProgrammeTask *t = &l->items[i];
        Html task, after, when;
        html_init(&task);
        html_init(&after);
        html_init(&when);
        html_printf(&task, "%s", t->title);
        if (t->later) {
            html_lit(&task, "<br>");
            govuk_tag(&task, &(GovukTag){.text = "Later step", .classes = "govuk-tag--grey"});
        }
        after_cell(&after, l, from, to, t->after);
        timeframe_cell(&when, t);
        Role role = role_from_slug(t->role);
        GovukTableCell cells[] = {{.text = t->stage},
                                  {.html = &task},
                                  {.text = role == ROLE_NONE ? t->role : role_label(role)},
                                  {.html = &after},
                                  {.text = when_label(t->when_rule)},
                                  {.html = &when}};
        govuk_table_row(h, cells, 6, 0);
        html_free(&task);
        html_free(&after);
        html_free(&when);
    }
    govuk_table_close(h);
}

/* GET /settings/programmes */
void page_programmes(Req *r, Resp *w)
{
    ProgrammeTaskList l;
    if (task_templates_list(r->db, NULL, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    html_lit(&h, "<span class=\"govuk-caption-l\">Programme settings</span>"
                 "<h1 class=\"govuk-heading-l\">Programme tasks and timeframes</h1>"
                 "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                 "<p class=\"govuk-body\">Each programme's stages and tasks, who does them, what must be done"
                 " first and how long each may take come from the database, not from the code, so a new"
                 " programme year is a change of settings.</p>"
                 "<p class=\"govuk-body\">To change them, export them with <code>rise tasks export --db PATH"
                 " &gt; tasks.json</code>, edit the file and load it with <code>rise tasks load --db PATH"
                 " tasks.json</code>. Loading checks the whole file first &ndash; codes, positions, roles, the"
                 " fields each kind of task needs, that a task only waits for earlier tasks, and that no task a"
                 " case has recorded is removed &ndash; and changes nothing if any of it is wrong. Open cases"
                 " then get any new tasks and due dates straight away, and the change is in the audit"
                 " trail.</p>"
                 "<p class=\"govuk-body\">Working days skip weekends and bank holidays; school days also skip the"
                 " <a class=\"govuk-link\" href=\"/settings/school-holidays\">school holidays</a>.</p>"
                 "</div></div>");
    if (l.n == 0)
        html_lit(&h, "<p class=\"govuk-body\">There are no programme tasks.</p>");
    for (size_t i = 0; i < l.n;) {
        size_t j = i + 1;
        while (j < l.n && strcmp(l.items[j].programme, l.items[i].programme) == 0)
            j++;
        programme_table(r, &h, &l, i, j);
        i = j;
    }
    PageOpts o = {.title = "Programme tasks and timeframes", .nav = "settings"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    programme_task_list_free(&l);
}
