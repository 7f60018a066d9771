/*
 * case_close.c - closing a case (issue 10 item 10; issue 15 item 6): the
 * outcome, the date and the reason, the end-of-support call, whether the
 * support was completed or stopped early, the final overall rating and the
 * case study on one page, then GOV.UK's "check your answers" with the money
 * the close settles before anything is saved.
 *
 * GET  /cases/{id}/close  the questions
 * POST /cases/{id}/close  step=check (default): the answers are checked;
 *                         with errors the questions again (400, input
 *                         kept), else the check-your-answers page.
 *                         step=change: the questions with the answers.
 *                         step=confirm: checked again, then closed
 *                         (store/case_closure.c case_close_with: the status,
 *                         the closure's answers and every unpaid grant line
 *                         cancelled through the ledger, one transaction)
 *                         and back to the case.
 * A payment run prepared or approved but not paid that holds one of the
 * case's payments stops the close (409, naming the run).
 * Nothing is kept on the server between the steps: the check-your-answers
 * page carries the answers in hidden fields, and its "Change" actions are
 * buttons of the same form. Both routes need cases-manage, the case's scope
 * (case_load) and, for the POST, the CSRF token (checked by the server).
 */
#include "core/date.h"
#include "domain/casework.h"
#include "domain/closure.h"
#include "domain/plans.h"
#include "store/case_closure.h"
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
    char on[11];          /* yyyy-mm-dd once valid */
    char end_call_on[11]; /* yyyy-mm-dd once valid, "" when not given */
    const char *end_call_notes, *completion, *stopped_reason, *final_rating, *case_study, *case_study_text;
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

static int choices(GovukChoice *items, size_t max, const ClosureChoice *c, size_t n)
{
    size_t k = 0;
    for (; k < n && k < max; k++)
        items[k] = (GovukChoice){.value = c[k].code, .text = c[k].label, .hint = c[k].hint};
    return (int)k;
}

/* The closure's own questions (issue 15 item 6), after the outcome. */
static void closure_questions(Req *r, Html *h, const Case *c, const FormErrors *errs)
{
    int tsio = closure_end_call_required(c->programme);
    html_lit(h, "<h2 class=\"govuk-heading-m\">The end-of-support call</h2>");
    case_date_input(r, h, "end-call-on", tsio ? "Date of the end-of-support call" : "Date of the end-of-support call (optional)",
                    tsio ? "The delivery partner holds the end-of-deployment call with the school or trust within"
                           " 10 working days of the report. For example, 27 3 2026"
                         : "Leave it blank if there was no call. For example, 27 3 2026",
                    NULL, errs);
    govuk_textarea(h, &(GovukTextarea){.max_chars = CLOSURE_TEXT_MAX, .name = "end-call-notes",
                                       .label = "What was said on the call (optional)",
                                       .label_classes = "govuk-label--s", .value = req_form(r, "end-call-notes"),
                                       .rows = 4, .error = form_errors_get(errs, "end-call-notes")});
    GovukChoice items[8];
    html_lit(h, "<h2 class=\"govuk-heading-m\">How the support ended</h2>");
    govuk_radios(h, &(GovukRadios){.name = "completion", .legend = "Was the support completed?",
                                   .legend_classes = "govuk-fieldset__legend--s", .value = req_form(r, "completion"),
                                   .items = items,
                                   .n_items = choices(items, 8, CLOSURE_COMPLETIONS, CLOSURE_N_COMPLETIONS),
                                   .error = form_errors_get(errs, "completion")});
    govuk_textarea(h, &(GovukTextarea){.max_chars = CLOSURE_TEXT_MAX, .name = "stopped-reason",
                                       .label = "If it stopped early, why?", .label_classes = "govuk-label--s",
                                       .hint = "Required when the support stopped early",
                                       .value = req_form(r, "stopped-reason"), .rows = 4,
                                       .error = form_errors_get(errs, "stopped-reason")});
    govuk_radios(h, &(GovukRadios){.name = "final-rating", .legend = "What is the final overall rating?",
                                   .legend_classes = "govuk-fieldset__legend--m",
                                   .hint = "The school's progress at the end of the support, as in its termly reviews",
                                   .value = req_form(r, "final-rating"), .items = items,
                                   .n_items = choices(items, 8, CLOSURE_RATINGS, CLOSURE_N_RATINGS),
                                   .error = form_errors_get(errs, "final-rating")});
    GovukChoice yes_no[] = {{.value = "yes", .text = "Yes"}, {.value = "no", .text = "No"}};
    html_lit(h, "<h2 class=\"govuk-heading-m\">Case study</h2>");
    govuk_radios(h, &(GovukRadios){.name = "case-study", .legend = "Will a case study be written about this support?",
                                   .legend_classes = "govuk-fieldset__legend--s", .value = req_form(r, "case-study"),
                                   .items = yes_no, .n_items = 2, .is_inline = 1,
                                   .error = form_errors_get(errs, "case-study")});
    govuk_textarea(h, &(GovukTextarea){.max_chars = CLOSURE_TEXT_MAX * 2, .name = "case-study-text",
                                       .label = "The case study", .label_classes = "govuk-label--s",
                                       .hint = "Required when a case study will be written: what the school needed,"
                                               " what the support did and what changed",
                                       .value = req_form(r, "case-study-text"), .rows = 8,
                                       .error = form_errors_get(errs, "case-study-text")});
}

/* The questions: outcome, date closed, why, then the closure's own. */
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
                    " reason. Any payment of its grants not yet made is cancelled when it closes: you will see how"
                    " much before you confirm.</p><form method=\"post\" action=\"%s\" novalidate>",
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
    closure_questions(r, &h, c, errs);
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

static const char *grant_kind_label(const ClosureGrant *g)
{
    if (strcmp(g->kind, "raf") == 0)
        return "RAF grant";
    if (strcmp(g->kind, "planning") == 0)
        return "Planning grant";
    if (strcmp(g->kind, "improvement") == 0)
        return "Improvement grant";
    return "Claims of days";
}

/* The case's grants, what closing cancels, and open recoveries. */
static void money_section(Html *h, const ClosureMoney *m)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"money\">Money</h2>");
    if (m->n == 0) {
        html_lit(h, "<p class=\"govuk-body\">This case has no grants.</p>");
        return;
    }
    html_lit(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">The"
                " case's grants</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Grant</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Offered</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Paid</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Still to pay</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Cancelled</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Recovered</th>"
                "</tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < m->n; i++) {
        const ClosureGrant *g = &m->grants[i];
        char off[32], paid[32], left[32], canc[32], rec[32];
        plan_money(g->balance.offered, off, sizeof off);
        plan_money(g->balance.b[BUCKET_PAID], paid, sizeof paid);
        plan_money(g->balance.b[BUCKET_SCHEDULED] + g->balance.b[BUCKET_DUE] + g->balance.b[BUCKET_WITHHELD], left,
                   sizeof left);
        plan_money(g->balance.b[BUCKET_CANCELLED], canc, sizeof canc);
        plan_money(g->balance.b[BUCKET_RECOVERED], rec, sizeof rec);
        html_printf(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s<br>"
                       "<span class=\"govuk-body-s\">To %s (offer %s)</span></th>"
                       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
                       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
                       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
                       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
                       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>",
                    grant_kind_label(g), g->payee, g->status, off, paid, left, canc, rec);
    }
    html_lit(h, "</tbody></table>");
    char total[32];
    plan_money(m->to_cancel, total, sizeof total);
    if (m->lines_to_cancel)
        html_printf(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">"
                       "!</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">"
                       "Warning</span>Closing the case cancels %s still to pay (%zu payment%s not yet made).</strong>"
                       "</div>",
                    total, m->lines_to_cancel, m->lines_to_cancel == 1 ? "" : "s");
    else
        html_lit(h, "<p class=\"govuk-body\">Nothing is left to pay: closing the case cancels no payment.</p>");
    html_lit(h, "<p class=\"govuk-body\">Money already paid is not taken back by closing. Underspend is recovered"
                " through the grant's recoveries.</p>");
    if (m->n_recoveries) {
        html_lit(h, "<h3 class=\"govuk-heading-s\">Recoveries of underspend still open</h3><ul class=\"govuk-list"
                    " govuk-list--bullet\">");
        for (size_t i = 0; i < m->n_recoveries; i++) {
            char amount[32];
            plan_money(m->recoveries[i].amount, amount, sizeof amount);
            html_printf(h, "<li>%s (%s): %s</li>", amount, m->recoveries[i].status, m->recoveries[i].reason);
        }
        html_lit(h, "</ul>");
    }
}

static void hidden(Html *h, const char *name, const char *value)
{
    html_printf(h, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", name, value);
}

/* Check your answers, then close. */
static void render_check(Req *r, Resp *w, const Case *c, const CloseAnswers *a, const ClosureMoney *m)
{
    Html h;
    html_init(&h);
    char action[64], when[64], call[64];
    case_href(action, sizeof action, c->id, "close");
    html_printf(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                    "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Check your answers before"
                    " closing the case</h1><form method=\"post\" action=\"%s\" novalidate>",
                c->subject_name, action);
    govuk_csrf_field(&h, req_csrf(r));
    /* the answers travel with the form */
    static const char *const FIELDS[] = {"outcome", "on-day", "on-month", "on-year", "reason", "end-call-on-day",
                                         "end-call-on-month", "end-call-on-year", "end-call-notes", "completion",
                                         "stopped-reason", "final-rating", "case-study", "case-study-text"};
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++)
        hidden(&h, FIELDS[i], req_form(r, FIELDS[i]));
    int stopped = strcmp(a->completion, "stopped-early") == 0, study = strcmp(a->case_study, "yes") == 0;
    html_lit(&h, "<dl class=\"govuk-summary-list\">");
    answer_row(&h, "Outcome", casework_close_outcome_label(a->outcome), "outcome");
    answer_row(&h, "Date closed", case_long_date(a->on, when, sizeof when), "date closed");
    answer_row(&h, "Why the case is closing", a->reason, "why the case is closing");
    answer_row(&h, "End-of-support call", *a->end_call_on ? case_long_date(a->end_call_on, call, sizeof call) : "None",
               "end-of-support call");
    if (*a->end_call_notes)
        answer_row(&h, "What was said on the call", a->end_call_notes, "what was said on the call");
    answer_row(&h, "Was the support completed?", closure_completion_label(a->completion), "whether it was completed");
    if (stopped)
        answer_row(&h, "Why it stopped early", a->stopped_reason, "why it stopped early");
    answer_row(&h, "Final overall rating", closure_rating_label(a->final_rating), "final overall rating");
    answer_row(&h, "Case study", study ? "Yes" : "No", "case study");
    if (study)
        answer_row(&h, "The case study", a->case_study_text, "the case study");
    html_lit(&h, "</dl>");
    money_section(&h, m);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Now close the case</h2><p class=\"govuk-body\">Its open tasks"
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
    a->end_call_notes = req_form(r, "end-call-notes");
    a->completion = req_form(r, "completion");
    a->stopped_reason = req_form(r, "stopped-reason");
    a->final_rating = req_form(r, "final-rating");
    a->case_study = req_form(r, "case-study");
    a->case_study_text = req_form(r, "case-study-text");
    if (!casework_close_outcome_label(a->outcome))
        form_errors_add(errs, "outcome", "Select the outcome of the case");
    int on_ok = case_form_date(r, "on", "date closed", 1, 0, a->on, errs) == 1;
    if (on_ok) {
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
    int call = case_form_date(r, "end-call-on", "date of the end-of-support call", 0, 0, a->end_call_on, errs);
    if (call != 1)
        a->end_call_on[0] = 0;
    ClosureAnswers ca = {.programme = c->programme,
                         .end_call_on = call == 1 ? date_parse(a->end_call_on, NULL) : DATE_NONE,
                         .end_call_blank = call == 0,
                         .end_call_notes = a->end_call_notes,
                         .completion = a->completion,
                         .stopped_reason = a->stopped_reason,
                         .final_rating = a->final_rating,
                         .case_study = a->case_study,
                         .case_study_text = a->case_study_text,
                         .closed_on = on_ok ? date_parse(a->on, NULL) : DATE_NONE};
    ClosureProblem p[CLOSURE_MAX_PROBLEMS];
    size_t n = closure_check(&ca, p);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(p[i].field, "end-call-on") == 0)
            form_errors_add_date(errs, "end-call-on", p[i].message);
        else
            form_errors_add(errs, p[i].field, p[i].message);
    }
}

/* The close is refused while a payment run holds one of the case's
   payments: 1 when it said so (409), 0 when the case may close, -1 error. */
static int refused_for_money(Req *r, Resp *w, const Case *c, ClosureMoney *m)
{
    if (case_closure_money(r->db, c->id, m) != 0) {
        page_error(r, w, 500);
        return -1;
    }
    if (!m->blocking_run)
        return 0;
    char why[300];
    snprintf(why, sizeof why,
             "Payment run %lld is %s and not paid yet, and it includes a payment of this case. Pay the run or take"
             " the payment out of it before closing the case.",
             (long long)m->blocking_run, m->blocking_status);
    cannot_close(r, w, c, why);
    return 1;
}

/* GET /cases/{id}/close */
void page_case_close_form(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_MANAGE, &c))
        return;
    const char *why = casework_status_refusal(c.status, "closed");
    FormErrors errs = {0};
    ClosureMoney m = {0};
    if (why)
        cannot_close(r, w, &c, why);
    else if (refused_for_money(r, w, &c, &m) == 0)
        render_questions(r, w, &c, &errs);
    closure_money_free(&m);
    case_free(&c);
}

static void confirm(Req *r, Resp *w, const Case *c, const CloseAnswers *a)
{
    CaseClosure cl = {.outcome = a->outcome,
                      .on = a->on,
                      .reason = a->reason,
                      .end_call_on = *a->end_call_on ? a->end_call_on : NULL,
                      .end_call_notes = a->end_call_notes,
                      .completion = a->completion,
                      .stopped_reason = a->stopped_reason,
                      .final_rating = a->final_rating,
                      .case_study = strcmp(a->case_study, "yes") == 0,
                      .case_study_text = a->case_study_text};
    char why[300];
    int64_t cancelled = 0;
    int rc = case_close_with(r->db, &r->actor, c->id, &cl, why, sizeof why, &cancelled);
    char flash[160] = "The case is closed";
    if (rc == CW_OK && cancelled > 0) {
        char money[32];
        plan_money(cancelled, money, sizeof money);
        snprintf(flash, sizeof flash, "The case is closed and %s not yet paid is cancelled", money);
    }
    if (rc == CW_REFUSED) {
        FormErrors errs = {0};
        form_errors_add(&errs, "outcome", why);
        render_questions(r, w, c, &errs);
        w->status = 409;
        return;
    }
    case_change_done(r, w, c, rc, flash, NULL);
}

/* POST /cases/{id}/close */
void page_case_close_submit(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_MANAGE, &c))
        return;
    const char *why = casework_status_refusal(c.status, "closed");
    ClosureMoney m = {0};
    if (why) {
        cannot_close(r, w, &c, why);
    } else if (refused_for_money(r, w, &c, &m) == 0) {
        const char *step = req_form(r, "step");
        FormErrors errs = {0};
        CloseAnswers a;
        if (strcmp(step, "change") == 0) {
            render_questions(r, w, &c, &errs);
        } else {
            read_answers(r, &c, &a, &errs);
            if (errs.n)
                render_questions(r, w, &c, &errs);
            else if (strcmp(step, "confirm") != 0)
                render_check(r, w, &c, &a, &m);
            else
                confirm(r, w, &c, &a);
        }
    }
    closure_money_free(&m);
    case_free(&c);
}
