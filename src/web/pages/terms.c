/*
 * terms.c - school terms as data (issue 15 item 1): an administrator sets
 * each academic year's autumn, spring and summer terms; the page shows when
 * each term's review is due (a month before its end, off weekends, bank
 * holidays and school holidays: domain/terms.h).
 *
 * GET  /settings/terms           the terms set, and the form for a year
 *                                (?year=2026 fills it with that year's)
 * POST /settings/terms           sets a year's three terms (checked with
 *                                every other year's; errors keep the input)
 */
#include "core/date.h"
#include "domain/terms.h"
#include "store/casework.h"
#include "store/terms.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TERM_NAMES[TERM_COUNT] = {"Autumn term", "Spring term", "Summer term"};
static const char *const TERM_LOWER[TERM_COUNT] = {"autumn term", "spring term", "summer term"};

/* The year asked for: a whole number 2000..2100, or 0. */
static int year_of(const char *s)
{
    char *end;
    long y = strtol(s ? s : "", &end, 10);
    return s && *s && !*end && y >= 2000 && y <= 2100 ? (int)y : 0;
}

static void terms_table(Req *r, Html *h, const SchoolTermList *l)
{
    Calendar cal = {0};
    school_holidays_calendar(r->db, &cal);
    int months = review_months(r->db, "rise");
    GovukTableCell head[] = {{.text = "Term"}, {.text = "First day"}, {.text = "Last day"},
                             {.text = "Termly review due"}, {.text = "Change"}};
    govuk_table_open(h, &(GovukTable){.caption = "Terms set", .caption_classes = "govuk-table__caption--m",
                                      .head = head, .n_head = 5});
    for (size_t i = 0; i < l->n; i++) {
        const SchoolTerm *t = &l->items[i];
        char label[40], first[40], last[40], due[40];
        term_label(t, label, sizeof label);
        date_long(t->starts, first, sizeof first);
        date_long(t->ends, last, sizeof last);
        date_long(term_review_due(t->ends, months, &cal), due, sizeof due);
        Html change;
        html_init(&change);
        html_printf(&change, "<a class=\"govuk-link\" href=\"/settings/terms?year=%d\">Change<span"
                             " class=\"govuk-visually-hidden\"> %s</span></a>",
                    t->year, label);
        GovukTableCell cells[] = {{.text = label}, {.text = first}, {.text = last}, {.text = due}, {.html = &change}};
        govuk_table_row(h, cells, 5, 0);
        html_free(&change);
    }
    govuk_table_close(h);
    free((void *)cal.school_holidays);
}

static void render_terms(Req *r, Resp *w, const FormErrors *errs)
{
    SchoolTermList l;
    if (school_terms_list(r->db, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    page_flash(r, &h);
    html_lit(&h, "<span class=\"govuk-caption-l\">Programme settings</span>"
                 "<h1 class=\"govuk-heading-l\">School terms</h1>"
                 "<p class=\"govuk-body\">Termly reviews of a plan are due about one month before each term ends"
                 " (the School Improvement Offer's guidance: \"Updates on progress will be expected approximately"
                 " one month before the end of term\"). A due date that falls on a weekend, a bank holiday or a"
                 " <a class=\"govuk-link\" href=\"/settings/school-holidays\">school holiday</a> moves to the"
                 " working day before.</p>");
    if (l.n == 0)
        html_lit(&h, "<p class=\"govuk-body\">No terms have been set. Set this academic year's terms below.</p>");
    else
        terms_table(r, &h, &l);

    /* the form: a year's three terms, filled with what is set when asked */
    int year = year_of(req_query(r, "year"));
    const char *typed = req_form(r, "year");
    char year_text[8] = "";
    if (*typed)
        snprintf(year_text, sizeof year_text, "%.7s", typed);
    else if (year)
        snprintf(year_text, sizeof year_text, "%d", year);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                 "<h2 class=\"govuk-heading-m\">Set an academic year's terms</h2>"
                 "<form method=\"post\" action=\"/settings/terms\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    govuk_input(&h, &(GovukInput){.name = "year", .label = "Academic year", .label_classes = "govuk-label--s",
                                  .hint = "The year its autumn term starts in: for 2026/27, enter 2026",
                                  .value = year_text, .classes = "govuk-input--width-4", .inputmode = "numeric",
                                  .error = form_errors_get(errs, "year")});
    for (int t = 0; t < TERM_COUNT; t++) {
        char first_iso[11] = "", last_iso[11] = "", prefix[24], legend[48];
        for (size_t i = 0; i < l.n; i++)
            if (year && l.items[i].year == year && l.items[i].term == (TermName)t) {
                date_iso(l.items[i].starts, first_iso);
                date_iso(l.items[i].ends, last_iso);
            }
        html_printf(&h, "<h3 class=\"govuk-heading-s\">%s</h3>", TERM_NAMES[t]);
        snprintf(prefix, sizeof prefix, "%s-starts", term_slug((TermName)t));
        snprintf(legend, sizeof legend, "First day of the %s", TERM_LOWER[t]);
        case_date_input(r, &h, prefix, legend, NULL, first_iso[0] ? first_iso : NULL, errs);
        snprintf(prefix, sizeof prefix, "%s-ends", term_slug((TermName)t));
        snprintf(legend, sizeof legend, "Last day of the %s", TERM_LOWER[t]);
        case_date_input(r, &h, prefix, legend, NULL, last_iso[0] ? last_iso : NULL, errs);
    }
    govuk_button(&h, &(GovukButton){.text = "Save the terms", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "School terms", .nav = "settings"};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    school_term_list_free(&l);
}

/* GET /settings/terms */
void page_terms(Req *r, Resp *w)
{
    FormErrors errs = {0};
    render_terms(r, w, &errs);
}

/* POST /settings/terms */
void page_terms_set(Req *r, Resp *w)
{
    FormErrors errs = {0};
    int year = year_of(req_form(r, "year"));
    if (!year)
        form_errors_add(&errs, "year", "Enter the academic year as the year its autumn term starts in, like 2026");
    Date starts[TERM_COUNT], ends[TERM_COUNT];
    int all = 1;
    for (int t = 0; t < TERM_COUNT; t++) {
        char prefix[24], what[64], iso[11];
        snprintf(prefix, sizeof prefix, "%s-starts", term_slug((TermName)t));
        snprintf(what, sizeof what, "the first day of the %s", TERM_LOWER[t]);
        all &= case_form_date(r, prefix, what, 1, 1, iso, &errs) == 1;
        starts[t] = date_parse(iso, NULL);
        snprintf(prefix, sizeof prefix, "%s-ends", term_slug((TermName)t));
        snprintf(what, sizeof what, "the last day of the %s", TERM_LOWER[t]);
        all &= case_form_date(r, prefix, what, 1, 1, iso, &errs) == 1;
        ends[t] = date_parse(iso, NULL);
    }
    if (year && all) {
        /* the autumn term starts in the academic year's first calendar year */
        int y, m, d;
        date_to_ymd(starts[TERM_AUTUMN], &y, &m, &d);
        if (y != year)
            form_errors_add_date(&errs, "autumn-starts", "The autumn term must start in the academic year's first year");
    }
    if (errs.n) {
        render_terms(r, w, &errs);
        return;
    }
    const char *why = NULL;
    int bad = 0;
    int rc = school_terms_set(r->db, &r->actor, year, starts, ends, &why, &bad);
    if (rc == 1) {
        char field[24];
        snprintf(field, sizeof field, "%s-%s", term_slug((TermName)bad),
                 strstr(why, "last day") ? "ends" : "starts");
        char msg[200];
        snprintf(msg, sizeof msg, "%s: %s", TERM_NAMES[bad], why);
        form_errors_add_date(&errs, field, msg);
        render_terms(r, w, &errs);
        return;
    }
    if (rc != 0) {
        page_error(r, w, 500);
        return;
    }
    char msg[80];
    snprintf(msg, sizeof msg, "Terms for %d/%02d saved", year, (year + 1) % 100);
    req_flash(r, msg);
    resp_redirect(w, "/settings/terms");
}
