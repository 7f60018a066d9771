/*
 * settings.c - programme settings an administrator keeps: the school
 * holidays that "school days" due dates skip. Adding or removing one
 * recomputes the due dates of open cases (store/case_records.c), and both
 * are audited.
 */
#include "core/date.h"
#include "store/casework.h"
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
                 " built in. Adding or removing a holiday moves the due dates of open cases straight away.</p>");

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
