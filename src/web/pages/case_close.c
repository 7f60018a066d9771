/*
 * case_close.c - closing a case (issue 10 item 10): the outcome, the date
 * and the reason on one page, then GOV.UK's "check your answers" before
 * anything is saved.
 *
 * GET  /cases/{id}/close  the questions
 * POST /cases/{id}/close  step=check (default): the answers are checked;
 *                         with errors the questions again (400, input
 *                         kept), else the check-your-answers page.
 *                         step=change: the questions with the answers.
 *                         step=confirm: checked again, then closed
 *                         (store/casework.c case_close) and back to the case.
 * Nothing is kept on the server between the steps: the check-your-answers
 * page carries the answers in hidden fields, and its "Change" actions are
 * buttons of the same form. Both routes need cases-manage, the case's scope
 * (case_load) and, for the POST, the CSRF token (checked by the server).
 */
#include "core/date.h"
#include "domain/casework.h"
#include "store/casework.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <string.h>

#define REASON_MAX 4000

/* The answers as typed. */
typedef struct CloseAnswers {
    const char *outcome, *reason;
    char on[11]; /* yyyy-mm-dd once valid */
} CloseAnswers;

/* A closed case cannot close again: said on a page of its own (409). */
static void cannot_close(Req *r, Resp *w, const Case *c, const char *why)
{
    Html h;
    html_init(&h);
    char back[64];
    case_href(back, sizeof back, c->id, NULL);
    html_printf(&h, "<h1 class=\"govuk-heading-l\">This case cannot be closed</h1><p class=\"govuk-body\">%s</p>"
                    "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Back to the case</a></p>",
                why, back);
    FormErrors none = {0};
    case_page(r, w, c, "This case cannot be closed", NULL, &none, &h);
    w->status = 409;
    html_free(&h);
}

/* The questions: outcome, date closed, why. */
static void render_questions(Req *r, Resp *w, const Case *c, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    char action[64], today[11];
    case_href(action, sizeof action, c->id, "close");
    case_today(r, today);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Close the case</h1>"
                    "<p class=\"govuk-body\">A closed case has no due dates and its tasks, decisions and people"
                    " cannot change. Notes and contacts can still be added, and the case can be reopened with a"
                    " reason.</p><form method=\"post\" action=\"%s\" novalidate>",
                c->subject_name, action);
    govuk_csrf_field(&h, req_csrf(r));
    html_lit(&h, "<input type=\"hidden\" name=\"step\" value=\"check\">");
    GovukChoice items[8];
    size_t n = 0;
    for (; n < CASE_N_CLOSE_OUTCOMES && n < sizeof items / sizeof items[0]; n++)
        items[n] = (GovukChoice){.value = CASE_CLOSE_OUTCOMES[n].code, .text = CASE_CLOSE_OUTCOMES[n].label,
                                 .hint = CASE_CLOSE_OUTCOMES[n].hint};
    govuk_radios(&h, &(GovukRadios){.name = "outcome", .legend = "What is the outcome of the case?",
                                    .legend_classes = "govuk-fieldset__legend--m", .value = req_form(r, "outcome"),
                                    .items = items, .n_items = (int)n, .error = form_errors_get(errs, "outcome")});
    case_date_input(r, &h, "on", "Date closed", "The day the case closed, for example 27 3 2026",
                    today, errs);
    govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "reason", .label = "Why is the case closing?",
                                        .label_classes = "govuk-label--s",
                                        .hint = "This is kept in the decision log and the case's timeline",
                                        .value = req_form(r, "reason"), .rows = 5,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Continue"});
    html_lit(&h, "</form></div></div>");
    case_page(r, w, c, "Close the case", NULL, errs, &h);
    html_free(&h);
}

/* One row of the check-your-answers list; its "Change" is a button of the
   form, which shows the questions again with the answers kept. */
static void answer_row(Html *h, const char *key, const char *value, const char *hidden)
{
    html_printf(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
                   "<dd class=\"govuk-summary-list__value rise-pre-line\">%s</dd>"
                   "<dd class=\"govuk-summary-list__actions\"><button type=\"submit\" name=\"step\" value=\"change\""
                   " class=\"rise-link-button govuk-link\">Change<span class=\"govuk-visually-hidden\"> %s</span>"
                   "</button></dd></div>",
                key, value, hidden);
}

/* Check your answers, then close. */
static void render_check(Req *r, Resp *w, const Case *c, const CloseAnswers *a)
{
    Html h;
    html_init(&h);
    char action[64], when[64];
    case_href(action, sizeof action, c->id, "close");
    html_printf(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                    "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Check your answers before"
                    " closing the case</h1><form method=\"post\" action=\"%s\" novalidate>",
                c->subject_name, action);
    govuk_csrf_field(&h, req_csrf(r));
    /* the answers travel with the form */
    html_printf(&h, "<input type=\"hidden\" name=\"outcome\" value=\"%s\">"
                    "<input type=\"hidden\" name=\"on-day\" value=\"%s\">"
                    "<input type=\"hidden\" name=\"on-month\" value=\"%s\">"
                    "<input type=\"hidden\" name=\"on-year\" value=\"%s\">"
                    "<input type=\"hidden\" name=\"reason\" value=\"%s\">",
                a->outcome, req_form(r, "on-day"), req_form(r, "on-month"), req_form(r, "on-year"), a->reason);
    html_lit(&h, "<dl class=\"govuk-summary-list\">");
    answer_row(&h, "Outcome", casework_close_outcome_label(a->outcome), "outcome");
    answer_row(&h, "Date closed", case_long_date(a->on, when, sizeof when), "date closed");
    answer_row(&h, "Why the case is closing", a->reason, "why the case is closing");
    html_lit(&h, "</dl><h2 class=\"govuk-heading-m\">Now close the case</h2><p class=\"govuk-body\">Its open tasks"
                 " will have no due dates, and only its notes, contacts and status can change afterwards. The outcome"
                 " and your reason go in the decision log.</p>");
    govuk_button(&h, &(GovukButton){.text = "Close the case", .name = "step", .value = "confirm",
                                    .prevent_double_click = 1});
    char back[64];
    case_href(back, sizeof back, c->id, NULL);
    html_printf(&h, " <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Cancel and go back to the case</a>"
                    "</p></form></div></div>",
                back);
    FormErrors none = {0};
    case_page(r, w, c, "Check your answers before closing the case", NULL, &none, &h);
    html_free(&h);
}

/* Reads and checks the answers; errors go in errs. */
static void read_answers(Req *r, const Case *c, CloseAnswers *a, FormErrors *errs)
{
    a->outcome = req_form(r, "outcome");
    a->reason = req_form(r, "reason");
    if (!casework_close_outcome_label(a->outcome))
        form_errors_add(errs, "outcome", "Select the outcome of the case");
    if (case_form_date(r, "on", "date closed", 1, 0, a->on, errs) == 1) {
        char opened[11];
        snprintf(opened, sizeof opened, "%s", c->opened_at ? c->opened_at : "");
        const char *bad = casework_status_date_refusal(c->status, "closed", date_parse(a->on, NULL),
                                                       date_parse(opened, NULL),
                                                       c->status_on ? date_parse(c->status_on, NULL) : DATE_NONE,
                                                       date_local(r->now));
        if (bad)
            form_errors_add_date(errs, "on", bad);
    }
    if (!*a->reason)
        form_errors_add(errs, "reason", "Enter why the case is closing");
    else if (strlen(a->reason) > REASON_MAX)
        form_errors_add(errs, "reason", "Why the case is closing must be 4000 characters or fewer");
}

/* GET /cases/{id}/close */
void page_case_close_form(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_MANAGE, &c))
        return;
    const char *why = casework_status_refusal(c.status, "closed");
    FormErrors errs = {0};
    if (why)
        cannot_close(r, w, &c, why);
    else
        render_questions(r, w, &c, &errs);
    case_free(&c);
}

/* POST /cases/{id}/close */
void page_case_close_submit(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_MANAGE, &c))
        return;
    const char *why = casework_status_refusal(c.status, "closed");
    if (why) {
        cannot_close(r, w, &c, why);
        case_free(&c);
        return;
    }
    const char *step = req_form(r, "step");
    FormErrors errs = {0};
    if (strcmp(step, "change") == 0) {
        render_questions(r, w, &c, &errs);
        case_free(&c);
        return;
    }
    CloseAnswers a;
    read_answers(r, &c, &a, &errs);
    if (errs.n) {
        render_questions(r, w, &c, &errs);
    } else if (strcmp(step, "confirm") != 0) {
        render_check(r, w, &c, &a);
    } else {
        int rc = case_close(r->db, &r->actor, c.id, a.outcome, a.on, a.reason, &why);
        if (!case_change_done(r, w, &c, rc, "The case is closed", NULL)) {
            form_errors_add(&errs, "outcome", why);
            render_questions(r, w, &c, &errs);
        }
    }
    case_free(&c);
}
