/*
 * cases.c - a case: its header and tabs (shared by every case page, see
 * case_common.h), the task list and task pages, people, status and the
 * watchlist button. Decisions and the timeline are in case_decisions.c.
 */
#include "web/pages/case_common.h"
#include "store/matching.h"
#include "store/plans.h"

#include "domain/responsible_body.h"
#include "store/screening.h"

#include "core/buf.h"
#include "core/date.h"
#include "core/dateinput.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>



/* ----------------------------------------------------------- shared parts */

int case_can(const Req *r, const Case *c, Perm perm)
{
    Scope s = case_scope(c);
    return authorise(&r->who, perm, &s) == ACCESS_ALLOW;
}

int64_t case_param_id(const Req *r, int i)
{
    const char *p = req_param(r, i);
    char *end;
    long long v = strtoll(p, &end, 10);
    return (*p && !*end && v > 0) ? (int64_t)v : 0;
}

int case_change_done(Req *r, Resp *w, const Case *c, int rc, const char *flash, const char *rest)
{
    if (rc == CW_REFUSED)
        return 0;
    if (rc != CW_OK) {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
        return 1;
    }
    char href[128];
    case_href(href, sizeof href, c->id, rest);
    req_flash(r, flash);
    resp_redirect(w, href);
    return 1;
}

int case_load(Req *r, Resp *w, Perm perm, Case *c)
{
    memset(c, 0, sizeof *c);
    int64_t id = case_param_id(r, 0);
    int rc = id ? case_get(r->db, id, c) : 0;
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    if (!case_can(r, c, perm)) {
        case_free(c);
        page_error(r, w, 403);
        return 0;
    }
    return 1;
}

static void refusal_page(Req *r, Resp *w, const Case *c, const char *why)
{
    Html h;
    html_init(&h);
    char back[64];
    case_href(back, sizeof back, c->id, NULL);
    html_printf(&h, "<h1 class=\"govuk-heading-l\">This change cannot be made</h1><p class=\"govuk-body\">%s</p>"
                    "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Back to the case</a></p>",
                why, back);
    PageOpts o = {.title = "This change cannot be made", .nav = "cases"};
    page_render(r, w, 409, &o, &h);
    html_free(&h);
}

int case_load_for_change(Req *r, Resp *w, Perm perm, Case *c)
{
    if (!case_load(r, w, perm, c))
        return 0;
    const char *why = casework_case_editable(c->status);
    if (why) {
        refusal_page(r, w, c, why);
        case_free(c);
        return 0;
    }
    return 1;
}

void case_href(char *out, size_t outlen, int64_t case_id, const char *rest)
{
    snprintf(out, outlen, "/cases/%lld%s%s", (long long)case_id, rest ? "/" : "", rest ? rest : "");
}

void case_today(const Req *r, char out[11])
{
    date_iso(date_local(r ? r->now : 0), out);
}

const char *case_long_date(const char *iso, char *out, int outlen)
{
    Date d = iso ? date_parse(iso, NULL) : DATE_NONE;
    if (d == DATE_NONE)
        snprintf(out, (size_t)outlen, "%s", iso ? iso : "");
    else
        date_long(d, out, outlen);
    return out;
}

int case_form_date(Req *r, const char *prefix, const char *label, int required, int allow_future, char out[11],
                   FormErrors *errs)
{
    char kd[80], km[80], ky[80];
    snprintf(kd, sizeof kd, "%s-day", prefix);
    snprintf(km, sizeof km, "%s-month", prefix);
    snprintf(ky, sizeof ky, "%s-year", prefix);
    const char *d = req_form(r, kd), *m = req_form(r, km), *y = req_form(r, ky);
    out[0] = 0;
    char msg[256], iso[11];
    unsigned parts;
    DateInputResult got = date_input_read(d, m, y, label, iso, msg, sizeof msg, &parts);
    if (got == DATE_INPUT_EMPTY) {
        if (required)
            form_errors_add_date(errs, prefix, msg);
        return 0;
    }
    if (got == DATE_INPUT_BAD) {
        /* the summary links to the first box that is wrong */
        char field[96];
        snprintf(field, sizeof field, "%s-%s", prefix,
                 parts & DATE_PART_DAY ? "day" : parts & DATE_PART_MONTH ? "month" : "year");
        form_errors_add(errs, field, msg);
        return -1;
    }
    Date dt = date_parse(iso, NULL);
    char today[11];
    case_today(r, today);
    date_iso(dt, out);
    if (!allow_future && strcmp(out, today) > 0) {
        snprintf(msg, sizeof msg, "%c%s must be today or in the past",
                 label[0] >= 'a' && label[0] <= 'z' ? label[0] - 'a' + 'A' : label[0], label + 1);
        form_errors_add_date(errs, prefix, msg);
        out[0] = 0;
        return -1;
    }
    return 1;
}

void case_date_input(Req *r, Html *h, const char *prefix, const char *legend, const char *hint, const char *iso,
                     const FormErrors *errs)
{
    char kd[80], km[80], ky[80], id[96];
    snprintf(kd, sizeof kd, "%s-day", prefix);
    snprintf(km, sizeof km, "%s-month", prefix);
    snprintf(ky, sizeof ky, "%s-year", prefix);
    snprintf(id, sizeof id, "%s", prefix);
    char d[8] = "", m[8] = "", y[8] = "";
    const char *sd = req_form(r, kd), *sm = req_form(r, km), *sy = req_form(r, ky);
    int submitted = strcmp(r->method, "POST") == 0;
    if (!submitted && iso && *iso) {
        Date dt = date_parse(iso, NULL);
        if (dt != DATE_NONE) {
            int yy, mm, dd;
            date_to_ymd(dt, &yy, &mm, &dd);
            snprintf(d, sizeof d, "%d", dd);
            snprintf(m, sizeof m, "%d", mm);
            snprintf(y, sizeof y, "%d", yy);
            sd = d;
            sm = m;
            sy = y;
        }
    }
    /* the error sits on the first wrong box; which boxes are wrong follows
       from what was typed */
    const char *error = form_errors_get(errs, kd);
    if (!error)
        error = form_errors_get(errs, km);
    if (!error)
        error = form_errors_get(errs, ky);
    unsigned parts = 0;
    if (error && submitted) {
        char iso_out[11], msg[256];
        date_input_read(sd, sm, sy, legend, iso_out, msg, sizeof msg, &parts);
    }
    govuk_date_input(h, &(GovukDateInput){.id = id, .name_prefix = prefix, .legend = legend,
                                          .legend_classes = "govuk-fieldset__legend--s",
                                          .hint = hint ? hint : "For example, 27 3 2026", .day = sd, .month = sm,
                                          .year = sy, .error = error, .error_day = (parts & DATE_PART_DAY) != 0,
                                          .error_month = (parts & DATE_PART_MONTH) != 0,
                                          .error_year = (parts & DATE_PART_YEAR) != 0});
}

const char *programme_label(const char *code)
{
    const Programme *p = programme_find(code);
    return p ? p->short_name : code ? code : "";
}

const char *category_label(const char *category)
{
    return outcome_label(category);
}

static const char *category_tag_class(const char *category)
{
    if (category && strcmp(category, "intervention") == 0)
        return "govuk-tag--red";
    if (category && strcmp(category, "targeted") == 0)
        return "govuk-tag--orange";
    return "govuk-tag--green";
}

void case_status_tag(Html *h, const char *status)
{
    const char *cls = "govuk-tag--blue", *text = "In progress";
    if (status && strcmp(status, "paused") == 0)
        cls = "govuk-tag--yellow", text = "Paused";
    else if (status && strcmp(status, "stopped") == 0)
        cls = "govuk-tag--red", text = "Stopped";
    else if (status && strcmp(status, "closed") == 0)
        cls = "govuk-tag--grey", text = "Closed";
    govuk_tag(h, &(GovukTag){.text = text, .classes = cls});
}

static const struct {
    const char *tab, *rest, *label;
} TABS[] = {
    {"tasks", NULL, "Tasks"},          {"matching", "matching", "Matching"}, {"plan", "plan", "Plan"},
    {"grants", "grants", "Grants"},    {"monitoring", "monitoring", "Monitoring"},
    {"decisions", "decisions", "Decisions"},
    {"concerns", "concerns", "Engagement concerns"}, {"contacts", "contacts", "People and contacts"},
    {"notes", "notes", "Notes"},       {"timeline", "timeline", "Timeline"},
};

/* The kinds of task done on another page of the case: where, the link's
   words, what the task page says before and after, and the refusal of a
   save on the task itself. */
typedef struct Elsewhere {
    const char *kind; /* NULL: the matching kinds (case_task_kind_is_matching), then the plan's */
    const char *rest, *link, *todo, *done, *refusal;
} Elsewhere;
static const Elsewhere ELSEWHERE[] = {
    {"grant", "grants", "Go to the grants",
     "This step is done on the case's grants page: the grant team issues the offer letter, the payee accepts it"
     " and the first term is paid in a payment run.",
     "This step was done on the case's grants page: the offer letter, its acceptance and the first payment.",
     "This step is done on the case's grants page"},
    {"monitoring", "monitoring", "Go to monitoring",
     "This step is done on the case's Monitoring tab: one review a term, written by the supporting organisation"
     " and accepted there.",
     "Every termly review was accepted on the case's Monitoring tab.",
     "This step is done on the case's Monitoring tab: each termly review is written and accepted there"},
    {"closure", "close", "Close the case",
     "This step is done by closing the case: the end-of-support call, the outcome, the final rating and the case"
     " study, with the money reconciled.",
     "The case was closed.", "This step is done by closing the case"},
    {"", "matching", "Go to matching",
     "This step is done on the matching page: the suggestions, the proposal and each party's answer.",
     "This step was done on the matching page, where the match and every answer are recorded.",
     "This step is done on the case's matching page"},
    {"", "plan", "Go to the plan",
     "This step is done on the plan's page: the provider writes it, the school signs it off, then it is reviewed"
     " and approved.",
     "This step was done on the plan's page, where every version, sign-off and comment is kept.",
     "This step is done on the case's plan page"},
};

/* Where a task of this kind is done, or NULL when on its own page. */
static const Elsewhere *task_elsewhere(const char *kind)
{
    if (case_task_kind_is_matching(kind))
        return &ELSEWHERE[3];
    if (case_task_kind_is_plan(kind))
        return &ELSEWHERE[4];
    for (size_t i = 0; i < 3; i++)
        if (strcmp(kind, ELSEWHERE[i].kind) == 0)
            return &ELSEWHERE[i];
    return NULL;
}

static void case_heading(Req *r, Html *h, const Case *c)
{
    char today[11], buf[64], href[96];
    case_today(r, today);
    int school = strcmp(c->subject_kind, "school") == 0;
    html_printf(h, "<span class=\"govuk-caption-l\">%s case &middot; %s %lld</span>", programme_label(c->programme),
                school ? "URN" : "Group UID", (long long)c->subject_id);
    html_printf(h, "<h1 class=\"govuk-heading-l\">%s</h1><p class=\"govuk-body rise-case-tags\">", c->subject_name);
    case_status_tag(h, c->status);
    /* the confirmed category; a new one waits for approval beside it */
    if (c->category && *c->category && (!c->category_decision || c->category_confirmed)) {
        html_lit(h, " ");
        char text[64];
        snprintf(text, sizeof text, "%s", category_label(c->category));
        govuk_tag(h, &(GovukTag){.text = text, .classes = category_tag_class(c->category)});
    }
    if (c->category_pending) {
        html_lit(h, " ");
        char text[96];
        snprintf(text, sizeof text, "%s: awaiting approval", category_label(c->category_pending));
        govuk_tag(h, &(GovukTag){.text = text, .classes = "govuk-tag--grey"});
    }
    if (c->next_due && strcmp(c->next_due, today) < 0 && strcmp(c->status, "in progress") == 0) {
        html_lit(h, " ");
        govuk_tag(h, &(GovukTag){.text = "Overdue", .classes = "govuk-tag--red"});
    }
    html_lit(h, "</p>");

    if (strcmp(c->status, "in progress") != 0) {
        Html b;
        html_init(&b);
        html_printf(&b, "<p class=\"govuk-notification-banner__heading\">This case is %s%s%s.</p>", c->status,
                    c->status_on ? " from " : "", c->status_on ? case_long_date(c->status_on, buf, sizeof buf) : "");
        const char *outcome = strcmp(c->status, "closed") == 0 ? casework_close_outcome_label(c->closure_outcome) : NULL;
        if (outcome)
            html_printf(&b, "<p class=\"govuk-body\">Outcome: %s</p>", outcome);
        if (c->status_reason)
            html_printf(&b, "<p class=\"govuk-body\">Reason: %s</p>", c->status_reason);
        html_lit(&b, "<p class=\"govuk-body\">It can be read, and notes and contacts can still be added. Nothing"
                     " else can change except its status.</p>");
        govuk_notification_banner(h, &(GovukNotificationBanner){.html = &b, .title_id = "case-status-banner"});
        html_free(&b);
    }

    GovukSummaryRow rows[10];
    int n = 0;
    Html subject, people_do, people_adv, due;
    html_init(&subject);
    html_init(&people_do);
    html_init(&people_adv);
    html_init(&due);
    if (school)
        html_printf(&subject, "<a class=\"govuk-link\" href=\"/schools/%lld\">%s</a>", (long long)c->subject_id,
                    c->subject_name);
    else
        html_printf(&subject, "<a class=\"govuk-link\" href=\"/trusts/%lld\">%s</a>", (long long)c->subject_id,
                    c->subject_name);
    rows[n++] = (GovukSummaryRow){.key = school ? "School" : "Trust", .value_html = &subject};
    rows[n++] = (GovukSummaryRow){.key = "Local authority", .value = c->local_authority ? c->local_authority : ""};
    rows[n++] = (GovukSummaryRow){.key = "Region", .value = c->region ? c->region : ""};
    if (school) {
        /* the local authority of a maintained school, the trust of an academy */
        ResponsibleBody rb = responsible_body(c->type_name, c->type_group, c->local_authority, c->trust_name);
        rows[n++] = (GovukSummaryRow){.key = "Responsible body",
                                      .value = rb.name                       ? rb.name
                                               : rb.kind == RB_TRUST          ? "Trust not recorded in GIAS"
                                               : rb.kind == RB_LOCAL_AUTHORITY ? "Local authority not recorded"
                                                                               : "None: not a maintained school or"
                                                                                 " academy"};
    }
    if (case_has_diocese(c))
        rows[n++] = (GovukSummaryRow){.key = "Diocese", .value = c->diocese};
    rows[n++] = (GovukSummaryRow){.key = "Stage", .value = c->stage ? c->stage : ""};
    html_text(&people_do, c->delivery_officer ? c->delivery_officer : "Not assigned");
    html_text(&people_adv, c->adviser ? c->adviser : "Not allocated");
    char people_href[64];
    case_href(people_href, sizeof people_href, c->id, "people");
    int manage = case_can(r, c, PERM_CASES_MANAGE) && strcmp(c->status, "in progress") == 0;
    rows[n++] = (GovukSummaryRow){.key = "Delivery officer", .value_html = &people_do,
                                  .actions = {{.href = manage ? people_href : NULL, .text = manage ? "Change" : NULL,
                                               .visually_hidden = "delivery officer"}}};
    if (c->has_adviser || c->adviser)
        rows[n++] = (GovukSummaryRow){.key = "Adviser", .value_html = &people_adv};
    if (c->next_due && !casework_case_ended(c->status)) { /* nothing is due on a stopped or closed case */
        html_text(&due, case_long_date(c->next_due, buf, sizeof buf));
        rows[n++] = (GovukSummaryRow){.key = "Next due", .value_html = &due};
    }
    char opened[64];
    timestamp_long(c->opened_at, opened, sizeof opened);
    char opened_line[320];
    snprintf(opened_line, sizeof opened_line, "%s by %s", opened, person_name(c->opened_by));
    rows[n++] = (GovukSummaryRow){.key = "Opened", .value = opened_line};
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_free(&subject);
    html_free(&people_do);
    html_free(&people_adv);
    html_free(&due);

    /* actions: watch, status (one form, so the buttons line up as a group) */
    case_href(href, sizeof href, c->id, "watch");
    int watched = case_is_watched(r->db, r->who.user_id, c->id);
    html_printf(h, "<form method=\"post\" action=\"%s\" class=\"govuk-button-group\">", href);
    govuk_csrf_field(h, req_csrf(r));
    html_printf(h, "<input type=\"hidden\" name=\"watch\" value=\"%s\">", watched ? "0" : "1");
    govuk_button(h, &(GovukButton){.text = watched ? "Remove from watchlist" : "Add to watchlist",
                                   .variant = GOVUK_BUTTON_SECONDARY});
    if (case_can(r, c, PERM_CASES_MANAGE)) {
        case_href(href, sizeof href, c->id, "status");
        govuk_button(h, &(GovukButton){.text = "Change status", .href = href, .variant = GOVUK_BUTTON_SECONDARY});
        if (!casework_status_refusal(c->status, "closed")) {
            case_href(href, sizeof href, c->id, "close");
            govuk_button(h, &(GovukButton){.text = "Close the case", .href = href, .variant = GOVUK_BUTTON_SECONDARY});
        }
    }
    html_lit(h, "</form>");
}

static void case_tabs(Html *h, const Case *c, const char *tab)
{
    html_lit(h, "<nav class=\"moj-sub-navigation\" aria-label=\"Case sections\"><ul class=\"moj-sub-navigation__list\">");
    for (size_t i = 0; i < sizeof TABS / sizeof TABS[0]; i++) {
        char href[96];
        case_href(href, sizeof href, c->id, TABS[i].rest);
        if (strcmp(TABS[i].tab, tab) == 0)
            html_printf(h, "<li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\""
                           " aria-current=\"page\" href=\"%s\">%s</a></li>", href, TABS[i].label);
        else
            html_printf(h, "<li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\""
                           " href=\"%s\">%s</a></li>", href, TABS[i].label);
    }
    html_lit(h, "</ul></nav>");
}

void case_page(Req *r, Resp *w, const Case *c, const char *title, const char *tab, const FormErrors *errs,
               const Html *content)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    char back[64];
    if (tab) {
        html_lit(&before, "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\"><ol class=\"govuk-breadcrumbs__list\">"
                          "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" href=\"/\">Home</a></li>"
                          "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" href=\"/cases\">"
                          "All cases</a></li></ol></nav>");
        page_flash(r, &h);
        if (errs)
            govuk_error_summary(&h, errs);
        case_heading(r, &h, c);
        case_tabs(&h, c, tab);
    } else {
        case_href(back, sizeof back, c->id, NULL);
        govuk_back_link(&before, &(GovukBackLink){.href = back, .text = "Back to the case"});
    }
    html_append(&h, content);
    char full[400];
    if (tab) {
        const char *label = "Tasks";
        for (size_t i = 0; i < sizeof TABS / sizeof TABS[0]; i++)
            if (strcmp(TABS[i].tab, tab) == 0)
                label = TABS[i].label;
        snprintf(full, sizeof full, "%s - %s", label, c->subject_name);
    } else {
        snprintf(full, sizeof full, "%s - %s", title ? title : "", c->subject_name);
    }
    PageOpts o = {.title = full, .nav = "cases", .before = &before};
    FormErrors none = {0};
    page_render_form(r, w, &o, errs ? errs : &none, &h);
    html_free(&h);
    html_free(&before);
}

/* -------------------------------------------------------------- task list */

static void task_status_cell(const Case *c, const CaseTask *t, const char *today, GovukTaskListItem *it)
{
    int overdue = t->due_on && task_overdue(t->status, date_parse(t->due_on, NULL), date_parse(today, NULL));
    switch (t->status) {
    case TASK_COMPLETED:
        it->status_text = "Completed";
        break;
    case TASK_NOT_NEEDED:
        it->status_text = "Not needed";
        break;
    case TASK_CANNOT_START:
        it->status_text = "Cannot start yet";
        it->status_classes = "govuk-task-list__status--cannot-start-yet";
        break;
    case TASK_IN_PROGRESS:
        /* a new category waits for the regional director */
        if (strcmp(t->kind, "identify") == 0 && c->category_pending) {
            it->status_tag = (GovukTag){.text = "Awaiting approval", .classes = "govuk-tag--yellow"};
            break;
        }
        it->status_tag = (GovukTag){.text = overdue ? "Overdue" : "In progress",
                                    .classes = overdue ? "govuk-tag--red" : "govuk-tag--light-blue"};
        break;
    default:
        it->status_tag = (GovukTag){.text = overdue ? "Overdue" : "Not started",
                                    .classes = overdue ? "govuk-tag--red" : "govuk-tag--blue"};
        break;
    }
}

/* GET /cases/{id} */
void page_case_show(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    CaseTaskList l;
    if (case_tasks(r->db, c.id, &l) != 0) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    char today[11];
    case_today(r, today);
    Html h;
    html_init(&h);
    case_monitoring_section(r, &h, &c);
    if (l.n == 0)
        html_lit(&h, "<p class=\"govuk-body\">This case has no tasks yet.</p>");
    size_t i = 0;
    int group = 0;
    while (i < l.n) {
        const char *stage = l.items[i].stage;
        size_t j = i;
        while (j < l.n && strcmp(l.items[j].stage, stage) == 0)
            j++;
        GovukTaskListItem *items = xcalloc(j - i, sizeof *items);
        char (*hrefs)[128] = xcalloc(j - i, sizeof *hrefs);
        char (*hints)[400] = xcalloc(j - i, sizeof *hints);
        for (size_t k = i; k < j; k++) {
            const CaseTask *t = &l.items[k];
            GovukTaskListItem *it = &items[k - i];
            it->title = t->title;
            char rest[96];
            snprintf(rest, sizeof rest, "tasks/%s", t->code);
            case_href(hrefs[k - i], sizeof hrefs[0], c.id, rest);
            if (!t->later && t->status != TASK_CANNOT_START && !(t->status == TASK_NOT_NEEDED && t->when_rule))
                it->href = hrefs[k - i];
            char due[64] = "";
            if (t->due_on && (t->status == TASK_NOT_STARTED || t->status == TASK_IN_PROGRESS))
                snprintf(due, sizeof due, "Due %s", case_long_date(t->due_on, (char[40]){0}, 40));
            if (t->later)
                snprintf(hints[k - i], sizeof hints[0], "A later step%s%s", t->timeframe ? ": " : "",
                         t->timeframe ? t->timeframe : "");
            else if (*due)
                snprintf(hints[k - i], sizeof hints[0], "%s%s%s", due, t->owner ? " \xc2\xb7 " : "",
                         t->owner ? t->owner : "");
            else if (t->status == TASK_COMPLETED && t->done_on)
                snprintf(hints[k - i], sizeof hints[0], "Done %s%s", case_long_date(t->done_on, (char[40]){0}, 40),
                         strcmp(t->kind, "identify") == 0 && c.category_pending
                             ? " \xc2\xb7 a new category is awaiting approval"
                             : "");
            else if (t->status == TASK_CANNOT_START && t->timeframe)
                snprintf(hints[k - i], sizeof hints[0], "%s", t->timeframe);
            it->hint = hints[k - i][0] ? hints[k - i] : NULL;
            task_status_cell(&c, t, today, it);
        }
        group++;
        char prefix[32];
        snprintf(prefix, sizeof prefix, "stage-%d", group);
        html_printf(&h, "<h2 class=\"govuk-heading-m\">%d. %s</h2>", group, stage);
        govuk_task_list(&h, &(GovukTaskList){.items = items, .n_items = (int)(j - i), .id_prefix = prefix});
        free(items);
        free(hrefs);
        free(hints);
        i = j;
    }
    case_page(r, w, &c, NULL, "tasks", NULL, &h);
    html_free(&h);
    case_task_list_free(&l);
    case_free(&c);
}

/* POST /cases/{id}/watch */
void page_case_watch(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    int watch = strcmp(req_form(r, "watch"), "1") == 0;
    if (case_watch_set(r->db, r->who.user_id, c.id, watch) != CW_OK) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    req_flash(r, watch ? "Added to your watchlist" : "Removed from your watchlist");
    char href[64];
    case_href(href, sizeof href, c.id, NULL);
    resp_redirect(w, href);
    case_free(&c);
}

/* -------------------------------------------------------------- task page */

static const CaseTask *task_or_404(Req *r, Resp *w, const CaseTaskList *l)
{
    const CaseTask *t = case_task_find(l, req_param(r, 1));
    if (!t)
        page_error(r, w, 404);
    return t;
}

/* A field's current value: what was submitted, else what is recorded. */
static const char *field_value(Req *r, json_t *data, const char *name)
{
    if (strcmp(r->method, "POST") == 0)
        return req_form(r, name);
    json_t *v = data ? json_object_get(data, name) : NULL;
    return json_is_string(v) ? json_string_value(v) : "";
}

static void render_field(Req *r, Html *h, json_t *f, json_t *data, const FormErrors *errs, const UserChoiceList *adv)
{
    const char *name = json_string_value(json_object_get(f, "name"));
    const char *label = json_string_value(json_object_get(f, "label"));
    const char *type = json_string_value(json_object_get(f, "type"));
    const char *hint = json_string_value(json_object_get(f, "hint"));
    if (!name || !label || !type)
        return;
    char fname[80];
    snprintf(fname, sizeof fname, "f-%s", name);
    if (strcmp(type, "date") == 0) {
        json_t *v = data ? json_object_get(data, name) : NULL;
        case_date_input(r, h, fname, label, hint, json_is_string(v) ? json_string_value(v) : NULL, errs);
    } else if (strcmp(type, "text") == 0) {
        govuk_input(h, &(GovukInput){.name = fname, .label = label, .label_classes = "govuk-label--s", .hint = hint,
                                     .value = field_value(r, data, strcmp(r->method, "POST") == 0 ? fname : name),
                                     .error = form_errors_get(errs, fname)});
    } else if (strcmp(type, "textarea") == 0) {
        govuk_textarea(h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = fname, .label = label, .label_classes = "govuk-label--s",
                                           .hint = hint, .rows = 4,
                                           .value = field_value(r, data, strcmp(r->method, "POST") == 0 ? fname : name),
                                           .error = form_errors_get(errs, fname)});
    } else if (strcmp(type, "choice") == 0) {
        json_t *opts = json_object_get(f, "options");
        size_t n = json_array_size(opts);
        GovukChoice *items = xcalloc(n ? n : 1, sizeof *items);
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_array_get(opts, i);
            items[i].value = json_string_value(json_array_get(o, 0));
            items[i].text = json_string_value(json_array_get(o, 1));
        }
        govuk_radios(h, &(GovukRadios){.name = fname, .legend = label, .legend_classes = "govuk-fieldset__legend--s",
                                       .hint = hint,
                                       .value = field_value(r, data, strcmp(r->method, "POST") == 0 ? fname : name),
                                       .items = items, .n_items = (int)n, .error = form_errors_get(errs, fname)});
        free(items);
    } else if (strcmp(type, "adviser") == 0) {
        GovukOption *opts = xcalloc(adv->n + 1, sizeof *opts);
        char (*ids)[24] = xcalloc(adv->n + 1, sizeof *ids);
        opts[0] = (GovukOption){.value = "", .text = "Choose an adviser"};
        for (size_t i = 0; i < adv->n; i++) {
            snprintf(ids[i], sizeof ids[0], "%lld", (long long)adv->items[i].id);
            opts[i + 1] = (GovukOption){.value = ids[i], .text = adv->items[i].name};
        }
        govuk_select(h, &(GovukSelect){.name = fname, .label = label, .label_classes = "govuk-label--s", .hint = hint,
                                       .value = field_value(r, data, strcmp(r->method, "POST") == 0 ? fname : name),
                                       .items = opts, .n_items = (int)adv->n + 1,
                                       .error = form_errors_get(errs, fname)});
        free(opts);
        free(ids);
    }
}

/* Recorded values as a summary list (read-only view). */
static void recorded_summary(Html *h, json_t *fields, json_t *data)
{
    size_t n = json_array_size(fields), k = 0;
    if (!n || !data)
        return;
    GovukSummaryRow *rows = xcalloc(n, sizeof *rows);
    char (*vals)[64] = xcalloc(n, sizeof *vals);
    for (size_t i = 0; i < n; i++) {
        json_t *f = json_array_get(fields, i);
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *type = json_string_value(json_object_get(f, "type"));
        json_t *v = name ? json_object_get(data, name) : NULL;
        if (!json_is_string(v) || !*json_string_value(v))
            continue;
        const char *value = json_string_value(v);
        if (type && strcmp(type, "date") == 0)
            value = case_long_date(value, vals[i], sizeof vals[0]);
        else if (type && strcmp(type, "adviser") == 0) {
            json_t *nm = json_object_get(data, "adviser_name");
            value = json_is_string(nm) ? json_string_value(nm) : value;
        } else if (type && strcmp(type, "choice") == 0) {
            json_t *opts = json_object_get(f, "options");
            for (size_t j = 0; j < json_array_size(opts); j++) {
                json_t *o = json_array_get(opts, j);
                if (json_is_string(json_array_get(o, 0)) && strcmp(json_string_value(json_array_get(o, 0)), value) == 0)
                    value = json_string_value(json_array_get(o, 1));
            }
        }
        rows[k++] = (GovukSummaryRow){.key = json_string_value(json_object_get(f, "label")), .value = value};
    }
    if (k)
        govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = (int)k});
    free(rows);
    free(vals);
}

/*
 * Why a task cannot start: each task it waits for that is not done, linked;
 * where that is the identification and a category awaits the regional
 * director, the approval itself, linked to the decision.
 */
static void blocked_by(Html *h, const Case *c, const CaseTask *t, const CaseTaskList *l)
{
    html_lit(h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">This task cannot start until these are done:</p>"
                "<ul class=\"govuk-list govuk-list--bullet\">");
    int n = 0;
    const char *p = t->after ? t->after : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char code[64];
        snprintf(code, sizeof code, "%.*s", (int)(len < sizeof code ? len : sizeof code - 1), p);
        p += len + (comma ? 1 : 0);
        const CaseTask *b = case_task_find(l, code);
        if (!b || task_status_done(b->status))
            continue;
        char href[160], rest[96];
        if (strcmp(b->kind, "identify") == 0 && c->category_pending) {
            snprintf(rest, sizeof rest, "decisions/%lld", (long long)c->category_pending_id);
            case_href(href, sizeof href, c->id, rest);
            html_printf(h, "<li>the regional director's approval of the new category (%s): <a class=\"govuk-link\""
                           " href=\"%s\">view the decision awaiting approval</a></li>",
                        category_label(c->category_pending), href);
        } else {
            snprintf(rest, sizeof rest, "tasks/%s", b->code);
            case_href(href, sizeof href, c->id, rest);
            char status[40];
            snprintf(status, sizeof status, "%s", task_status_label(b->status));
            status[0] = (char)(status[0] >= 'A' && status[0] <= 'Z' ? status[0] - 'A' + 'a' : status[0]);
            html_printf(h, "<li><a class=\"govuk-link\" href=\"%s\">%s</a> (%s)</li>", href, b->title, status);
        }
        n++;
    }
    if (n == 0)
        html_lit(h, "<li>the tasks before it</li>");
    html_lit(h, "</ul></div>");
}

static void render_task(Req *r, Resp *w, const Case *c, const CaseTask *t, const CaseTaskList *l,
                        const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    UserChoiceList adv = {0}, owners = {0}, rds = {0};
    json_t *fields = json_loads(t->fields ? t->fields : "[]", 0, NULL);
    json_t *data = json_loads(t->data ? t->data : "{}", 0, NULL);
    char buf[64], buf2[64];
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                c->subject_name, t->title);
    if (t->hint)
        html_printf(&h, "<p class=\"govuk-body\">%s</p>", t->hint);

    char today[11];
    case_today(r, today);
    GovukSummaryRow rows[6];
    int n = 0;
    Html st;
    html_init(&st);
    GovukTaskListItem tmp = {0};
    task_status_cell(c, t, today, &tmp);
    if (tmp.status_tag.text)
        govuk_tag(&st, &tmp.status_tag);
    else
        html_text(&st, tmp.status_text);
    rows[n++] = (GovukSummaryRow){.key = "Status", .value_html = &st};
    if (t->due_on)
        rows[n++] = (GovukSummaryRow){.key = "Due", .value = case_long_date(t->due_on, buf, sizeof buf)};
    if (t->timeframe)
        rows[n++] = (GovukSummaryRow){.key = "Timeframe", .value = t->timeframe};
    if (t->done_on)
        rows[n++] = (GovukSummaryRow){.key = "Done on", .value = case_long_date(t->done_on, buf2, sizeof buf2)};
    rows[n++] = (GovukSummaryRow){.key = "Owner", .value = t->owner ? t->owner : "Not assigned"};
    char updated[400] = "";
    if (t->updated_at) {
        char when[64];
        timestamp_long(t->updated_at, when, sizeof when);
        snprintf(updated, sizeof updated, "%s by %s", when, person_name(t->updated_by));
        rows[n++] = (GovukSummaryRow){.key = "Last updated", .value = updated};
    }
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_free(&st);

    Scope ts = case_scope(c);
    ts.task_role = t->role;
    const Elsewhere *away = task_elsewhere(t->kind);
    int editable = !t->later && t->status != TASK_CANNOT_START && strcmp(c->status, "in progress") == 0 &&
                   authorise(&r->who, PERM_CASE_TASK, &ts) == ACCESS_ALLOW && !away &&
                   !(strcmp(t->kind, "diagnosis") == 0 && t->status == TASK_IN_PROGRESS) &&
                   !(strcmp(t->kind, "identify") == 0 && (!c->category_decision || c->category_pending)) &&
                   !(t->status == TASK_NOT_NEEDED && t->when_rule);
    users_for_role(r->db, "adviser", NULL, &adv);

    if (strcmp(t->kind, "identify") == 0) {
        /* the decisions behind it */
        CaseDecisionList dl = {0};
        case_decisions(r->db, c->id, &dl);
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Decision</h2>");
        for (size_t i = 0; i < dl.n; i++) {
            CaseDecision *d = &dl.items[i];
            if (!d->about || strcmp(d->about, "identify") != 0)
                continue;
            html_printf(&h, "<p class=\"govuk-body\"><strong>%s</strong> on %s by %s", d->outcome,
                        case_long_date(d->decided_on, buf, sizeof buf), person_name(d->decided_by));
            if (d->approval && strcmp(d->approval, "awaiting") == 0)
                html_lit(&h, " &middot; awaiting approval by the regional director");
            else if (d->approval)
                html_printf(&h, " &middot; %s by %s", d->approval, person_name(d->approver));
            html_printf(&h, "</p><p class=\"govuk-body rise-pre-line\">%s</p>", d->rationale);
        }
        case_decision_list_free(&dl);
    } else if (!editable) {
        recorded_summary(&h, fields, data);
    }
    if (strcmp(t->kind, "conflict") == 0)
        case_conflict_checks(r, &h, c); /* every check, each its own entry */

    if (away && !t->later && t->status != TASK_CANNOT_START) {
        char href[96];
        case_href(href, sizeof href, c->id, away->rest);
        html_printf(&h, "<div class=\"govuk-inset-text\">%s <a class=\"govuk-link\" href=\"%s\">%s</a></div>",
                    t->status == TASK_COMPLETED ? away->done : away->todo, href, away->link);
    } else if (strcmp(t->kind, "diagnosis") == 0 && t->status == TASK_IN_PROGRESS) {
        char href[96];
        case_href(href, sizeof href, c->id, "decisions");
        html_printf(&h, "<div class=\"govuk-inset-text\">The decision is waiting for the regional director's"
                        " approval. <a class=\"govuk-link\" href=\"%s\">View the decisions</a></div>",
                    href);
    }
    if (t->later) {
        html_printf(&h, "<div class=\"govuk-inset-text\">This step comes later in the life of a case and is not"
                        " available in the service yet.%s%s</div>", t->timeframe ? " Timeframe: " : "",
                    t->timeframe ? t->timeframe : "");
    } else if (t->status == TASK_CANNOT_START) {
        blocked_by(&h, c, t, l);
    } else if (strcmp(t->kind, "identify") == 0 && c->category_pending && strcmp(c->status, "in progress") == 0) {
        char href[96], rest[48];
        snprintf(rest, sizeof rest, "decisions/%lld", (long long)c->category_pending_id);
        case_href(href, sizeof href, c->id, rest);
        html_printf(&h, "<div class=\"govuk-inset-text\">A new category (%s) is waiting for the regional director's"
                        " approval. Until then the case keeps its category and stage. <a class=\"govuk-link\""
                        " href=\"%s\">View the decision</a></div>",
                    category_label(c->category_pending), href);
    } else if (editable) {
        char action[128], rest[96];
        snprintf(rest, sizeof rest, "tasks/%s", t->code);
        case_href(action, sizeof action, c->id, rest);
        html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
        govuk_csrf_field(&h, req_csrf(r));
        if (strcmp(t->kind, "identify") == 0) {
            /* a new decision: the template's fields (the category), then the rationale */
            html_lit(&h, "<h2 class=\"govuk-heading-m\">Record a new decision</h2>");
            json_t *current = json_object();
            if (c->category)
                json_object_set_new(current, "category", json_string(c->category));
            for (size_t i = 0; i < json_array_size(fields); i++)
                render_field(r, &h, json_array_get(fields, i), current, errs, &adv);
            json_decref(current);
            govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "reason", .label = "Rationale", .label_classes = "govuk-label--s",
                                                .value = req_form(r, "reason"), .rows = 4,
                                                .error = form_errors_get(errs, "reason")});
        } else {
            for (size_t i = 0; i < json_array_size(fields); i++)
                render_field(r, &h, json_array_get(fields, i), data, errs, &adv);
            if (strcmp(t->kind, "record") == 0) {
                GovukChoice done[] = {{.value = "yes", .text = "Yes, it is done"},
                                      {.value = "no", .text = "No, I'll come back to it later"},
                                      {.value = "not-needed", .text = "It is not needed for this case"}};
                const char *cur = strcmp(r->method, "POST") == 0 ? req_form(r, "complete")
                                  : t->status == TASK_COMPLETED ? "yes"
                                  : t->status == TASK_NOT_NEEDED ? "not-needed"
                                  : "";
                govuk_radios(&h, &(GovukRadios){.name = "complete", .legend = "Have you completed this task?",
                                                .legend_classes = "govuk-fieldset__legend--s", .value = cur,
                                                .items = done, .n_items = 3, .error = form_errors_get(errs, "complete")});
            }
            int conflict = strcmp(t->kind, "conflict") == 0;
            govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "reason", .label = "Anything to add (optional)",
                                                .label_classes = "govuk-label--s",
                                                .hint = conflict ? "Saved in the decision log. Required to override a"
                                                                   " conflict of interest found for this adviser: the"
                                                                   " regional director then approves the override."
                                                : strcmp(t->kind, "record") == 0
                                                    ? "Saved with the change in the case's timeline. Required when"
                                                      " the task is not needed."
                                                    : "Saved with the change in the case's timeline.",
                                                .value = req_form(r, "reason"), .rows = 3,
                                                .error = form_errors_get(errs, "reason")});
        }
        /* owner */
        users_for_role(r->db, "delivery-officer", c->region, &owners);
        users_for_role(r->db, "regional-director", c->region, &rds);
        size_t no = owners.n + rds.n + 1;
        GovukOption *opts = xcalloc(no, sizeof *opts);
        char (*ids)[24] = xcalloc(no, sizeof *ids);
        opts[0] = (GovukOption){.value = "", .text = "Keep the current owner"};
        size_t k = 1;
        for (size_t i = 0; i < owners.n; i++, k++) {
            snprintf(ids[k], sizeof ids[0], "%lld", (long long)owners.items[i].id);
            opts[k] = (GovukOption){.value = ids[k], .text = owners.items[i].name};
        }
        for (size_t i = 0; i < rds.n; i++, k++) {
            snprintf(ids[k], sizeof ids[0], "%lld", (long long)rds.items[i].id);
            opts[k] = (GovukOption){.value = ids[k], .text = rds.items[i].name};
        }
        govuk_select(&h, &(GovukSelect){.name = "owner", .label = "Owner", .label_classes = "govuk-label--s",
                                        .value = req_form(r, "owner"), .items = opts, .n_items = (int)k,
                                        .error = form_errors_get(errs, "owner")});
        free(opts);
        free(ids);
        govuk_button(&h, &(GovukButton){.text = "Save", .prevent_double_click = 1});
        html_lit(&h, "</form>");
    } else if (strcmp(c->status, "in progress") != 0) {
        html_lit(&h, "<div class=\"govuk-inset-text\">The case is not in progress, so this task cannot change.</div>");
    }
    html_lit(&h, "</div></div>");
    case_page(r, w, c, t->title, NULL, errs, &h);
    if (status)
        w->status = status;
    html_free(&h);
    json_decref(fields);
    json_decref(data);
    user_choice_list_free(&adv);
    user_choice_list_free(&owners);
    user_choice_list_free(&rds);
}

/* GET /cases/{id}/tasks/{code} */
void page_case_task_form(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    CaseTaskList l;
    if (case_tasks(r->db, c.id, &l) != 0) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    const CaseTask *t = task_or_404(r, w, &l);
    if (t) {
        FormErrors errs = {0};
        render_task(r, w, &c, t, &l, &errs, 0);
    }
    case_task_list_free(&l);
    case_free(&c);
}

/* "No conflict" for an adviser with a conflict found is an override: it
   needs a reason, and one waits at a time (domain/decisions.c). */
static void conflict_override_errors(Req *r, const Case *c, const char *adviser, const char *outcome,
                                     const char *reason, FormErrors *errs)
{
    ConflictStanding standing;
    if (!adviser || !*adviser || !outcome ||
        case_conflict_standing(r->db, c->id, strtoll(adviser, NULL, 10), &standing) != 0)
        return;
    const char *no = conflict_check_refusal(standing, strcmp(outcome, "yes") == 0, reason);
    if (no)
        form_errors_add(errs, standing == CONFLICT_OVERRIDE_AWAITING ? "f-adviser" : "reason", no);
}

/* POST /cases/{id}/tasks/{code} */
void page_case_task_submit(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASE_TASK, &c))
        return;
    CaseTaskList l;
    if (case_tasks(r->db, c.id, &l) != 0) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    const CaseTask *t = task_or_404(r, w, &l);
    if (!t) {
        case_task_list_free(&l);
        case_free(&c);
        return;
    }
    /* whose task it is: the delivery partner's and the adviser's own steps
       are theirs to record (access.c) */
    Scope ts = case_scope(&c);
    ts.task_role = t->role;
    if (authorise(&r->who, PERM_CASE_TASK, &ts) != ACCESS_ALLOW) {
        case_task_list_free(&l);
        case_free(&c);
        page_error(r, w, 403);
        return;
    }
    FormErrors errs = {0};
    const Elsewhere *away = task_elsewhere(t->kind);
    if (away) {
        form_errors_add(&errs, "", away->refusal);
        render_task(r, w, &c, t, &l, &errs, 409);
        case_task_list_free(&l);
        case_free(&c);
        return;
    }
    /* a task that cannot be changed is refused before its answers are read */
    TaskTemplate tt = case_task_template(t);
    const char *refusal = casework_task_refusal(&tt, t->status);
    if (refusal) {
        form_errors_add(&errs, "", refusal);
        render_task(r, w, &c, t, &l, &errs, 409);
        case_task_list_free(&l);
        case_free(&c);
        return;
    }
    json_t *fields = json_loads(t->fields ? t->fields : "[]", 0, NULL);
    json_t *data = json_object();
    const char *complete = req_form(r, "complete"), *reason = req_form(r, "reason");
    int is_record = strcmp(t->kind, "record") == 0, is_identify = strcmp(t->kind, "identify") == 0;
    int completing = is_record ? strcmp(complete, "yes") == 0 : 1;
    int not_needed = is_record && strcmp(complete, "not-needed") == 0;
    if (is_record && !*complete)
        form_errors_add(&errs, "complete", "Select whether you have completed this task");
    if (not_needed && !*reason)
        form_errors_add(&errs, "reason", "Enter why this task is not needed");
    if (strlen(reason) > CASE_TEXT_MAX)
        form_errors_add(&errs, "reason", "The text must be 4000 characters or fewer");
    char done_on[11] = "";
    const char *outcome = NULL, *adviser = NULL;
    if (is_identify && !*reason)
        form_errors_add(&errs, "reason", "Enter the rationale for the decision");
    for (size_t i = 0; i < json_array_size(fields); i++) {
        json_t *f = json_array_get(fields, i);
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *label = json_string_value(json_object_get(f, "label"));
        const char *type = json_string_value(json_object_get(f, "type"));
        int required = json_integer_value(json_object_get(f, "required")) != 0 && completing && !not_needed;
        if (!name || !label || !type)
            continue;
        char fname[80], lower[200], msg[300];
        snprintf(fname, sizeof fname, "f-%s", name);
        snprintf(lower, sizeof lower, "%c%s", label[0] >= 'A' && label[0] <= 'Z' ? label[0] + 32 : label[0], label + 1);
        if (strcmp(type, "date") == 0) {
            char iso[11];
            if (case_form_date(r, fname, lower, required, 0, iso, &errs) == 1) {
                json_object_set_new(data, name, json_string(iso));
                if (strcmp(name, "on") == 0)
                    snprintf(done_on, sizeof done_on, "%s", iso);
            }
            continue;
        }
        const char *v = req_form(r, fname);
        if (required && !*v) {
            if (strcmp(type, "choice") == 0 || strcmp(type, "adviser") == 0)
                snprintf(msg, sizeof msg, "Select %s", strcmp(type, "adviser") == 0 ? "the adviser" : "an answer");
            else
                snprintf(msg, sizeof msg, "Enter %s", lower);
            form_errors_add(&errs, fname, msg);
        } else if (strlen(v) > CASE_TEXT_MAX) {
            form_errors_add(&errs, fname, "The text must be 4000 characters or fewer");
        }
        if (strcmp(type, "choice") == 0 && *v) {
            int ok = 0;
            json_t *opts = json_object_get(f, "options");
            for (size_t j = 0; j < json_array_size(opts); j++)
                if (strcmp(json_string_value(json_array_get(json_array_get(opts, j), 0)), v) == 0)
                    ok = 1;
            if (!ok)
                form_errors_add(&errs, fname, "Select an answer from the list");
            else
                outcome = v;
        }
        if (strcmp(type, "adviser") == 0 && *v) {
            UserChoiceList adv;
            users_for_role(r->db, "adviser", NULL, &adv);
            const char *name_of = NULL;
            for (size_t j = 0; j < adv.n; j++)
                if (strtoll(v, NULL, 10) == adv.items[j].id)
                    name_of = adv.items[j].name;
            if (!name_of)
                form_errors_add(&errs, fname, "Select an adviser from the list");
            else
                json_object_set_new(data, "adviser_name", json_string(name_of));
            user_choice_list_free(&adv);
            adviser = v;
        }
        json_object_set_new(data, name, json_string(v));
    }
    if (strcmp(t->kind, "conflict") == 0)
        conflict_override_errors(r, &c, adviser, outcome, reason, &errs);
    /* reallocating: "assign or reassign ... the adviser (with a reason)" */
    if (strcmp(t->kind, "allocate") == 0 && c.adviser_id && adviser && strtoll(adviser, NULL, 10) != c.adviser_id &&
        !*reason)
        form_errors_add(&errs, "reason", "Enter why the adviser is changing");
    int64_t owner = 0;
    const char *owner_text = req_form(r, "owner");
    if (*owner_text) {
        owner = strtoll(owner_text, NULL, 10);
        UserChoiceList a, b;
        users_for_role(r->db, "delivery-officer", c.region, &a);
        users_for_role(r->db, "regional-director", c.region, &b);
        int ok = 0;
        for (size_t j = 0; j < a.n; j++)
            ok |= a.items[j].id == owner;
        for (size_t j = 0; j < b.n; j++)
            ok |= b.items[j].id == owner;
        user_choice_list_free(&a);
        user_choice_list_free(&b);
        if (!ok)
            form_errors_add(&errs, "owner", "Select an owner from the list");
    }
    int refused = 0;
    if (!errs.n) {
        char *json = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
        TaskSave s = {.code = t->code, .data = json, .done_on = *done_on ? done_on : NULL,
                      .complete = not_needed ? -1 : completing ? 1 : 0, .outcome = outcome, .adviser_id = adviser,
                      .reason = *reason ? reason : NULL, .owner_id = owner};
        const char *why = NULL;
        int rc = case_task_save(r->db, &r->actor, c.id, &s, &why);
        free(json);
        if (rc == CW_OK) {
            char msg[300], href[64];
            snprintf(msg, sizeof msg, "%s: saved", t->title);
            if (strcmp(t->kind, "response") == 0 && s.complete >= 0 && outcome && strcmp(outcome, "accepted") != 0) {
                /* the school declined: what the service offers next */
                char concern[80];
                snprintf(msg, sizeof msg, "%s: saved. The school declined support", t->title);
                case_href(concern, sizeof concern, c.id, "concerns/new");
                req_flash_link(r, msg, "Raise an engagement concern", concern);
            } else {
                req_flash(r, msg);
            }
            case_href(href, sizeof href, c.id, NULL);
            resp_redirect(w, href);
            goto done;
        }
        if (rc != CW_REFUSED) {
            page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
            goto done;
        }
        /* a refused transition: the reason on the form, which keeps the input */
        form_errors_add(&errs, strcmp(t->kind, "allocate") == 0 ? "f-adviser" : "", why);
        refused = 1;
    }
    render_task(r, w, &c, t, &l, &errs, refused ? 409 : 0);
done:
    json_decref(fields);
    json_decref(data);
    case_task_list_free(&l);
    case_free(&c);
}

/* ----------------------------------------------------------------- people */

static void render_people(Req *r, Resp *w, const Case *c, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    UserChoiceList dos = {0};
    users_for_role(r->db, "delivery-officer", c->region, &dos);
    char action[64];
    case_href(action, sizeof action, c->id, "people");
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Assign the delivery"
                    " officer</h1><form method=\"post\" action=\"%s\" novalidate>", c->subject_name, action);
    govuk_csrf_field(&h, req_csrf(r));
    html_lit(&h, "<input type=\"hidden\" name=\"role\" value=\"delivery-officer\">");
    GovukOption *opts = xcalloc(dos.n + 1, sizeof *opts);
    char (*ids)[24] = xcalloc(dos.n + 1, sizeof *ids);
    opts[0] = (GovukOption){.value = "", .text = "Choose a delivery officer"};
    for (size_t i = 0; i < dos.n; i++) {
        snprintf(ids[i], sizeof ids[0], "%lld", (long long)dos.items[i].id);
        opts[i + 1] = (GovukOption){.value = ids[i], .text = dos.items[i].name};
    }
    char current[24] = "";
    if (c->delivery_officer_id)
        snprintf(current, sizeof current, "%lld", (long long)c->delivery_officer_id);
    govuk_select(&h, &(GovukSelect){.name = "user", .label = "Delivery officer", .label_classes = "govuk-label--s",
                                    .hint = "Their open tasks on this case move to them, and the case goes on their"
                                            " watchlist.",
                                    .value = strcmp(r->method, "POST") == 0 ? req_form(r, "user") : current,
                                    .items = opts, .n_items = (int)dos.n + 1, .error = form_errors_get(errs, "user")});
    govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "reason", .label = "Why", .label_classes = "govuk-label--s",
                                        .value = req_form(r, "reason"), .rows = 3,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Save", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    if (c->has_adviser) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Adviser</h2>");
        html_printf(&h, "<p class=\"govuk-body\">%s. An adviser is allocated through the conflict-of-interest check"
                        " and allocation tasks, so that no adviser is allocated without the check.</p>",
                    c->adviser ? c->adviser : "No adviser is allocated");
    }
    html_lit(&h, "</div></div>");
    free(opts);
    free(ids);
    user_choice_list_free(&dos);
    case_page(r, w, c, "Assign the delivery officer", NULL, errs, &h);
    html_free(&h);
}

/* GET /cases/{id}/people */
void page_case_people_form(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MANAGE, &c))
        return;
    FormErrors errs = {0};
    render_people(r, w, &c, &errs);
    case_free(&c);
}

/* POST /cases/{id}/people */
void page_case_people_submit(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MANAGE, &c))
        return;
    FormErrors errs = {0};
    const char *user = req_form(r, "user"), *reason = req_form(r, "reason");
    int64_t uid = strtoll(user, NULL, 10);
    if (uid <= 0)
        form_errors_add(&errs, "user", "Select a delivery officer");
    if (!*reason)
        form_errors_add(&errs, "reason", "Enter why you are changing the delivery officer");
    else if (strlen(reason) > CASE_TEXT_MAX)
        form_errors_add(&errs, "reason", "Why must be 4000 characters or fewer");
    if (!errs.n) {
        UserChoiceList dos;
        users_for_role(r->db, "delivery-officer", c.region, &dos);
        int ok = 0;
        for (size_t i = 0; i < dos.n; i++)
            ok |= dos.items[i].id == uid;
        user_choice_list_free(&dos);
        if (!ok)
            form_errors_add(&errs, "user", "Select a delivery officer in the case's region");
    }
    if (!errs.n) {
        const char *why = NULL;
        int rc = case_assign(r->db, &r->actor, c.id, "delivery-officer", uid, reason, &why);
        if (case_change_done(r, w, &c, rc, "Delivery officer assigned", NULL)) {
            case_free(&c);
            return;
        }
        form_errors_add(&errs, "user", why);
    }
    render_people(r, w, &c, &errs);
    case_free(&c);
}

/* ----------------------------------------------------------------- status */

static void render_status(Req *r, Resp *w, const Case *c, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    char action[64], today[11];
    case_href(action, sizeof action, c->id, "status");
    case_today(r, today);
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Change the case's"
                    " status</h1><p class=\"govuk-body\">The case is <strong>%s</strong>. A paused, stopped or closed"
                    " case can be read but not changed, except for its status, notes and contacts. While a case is"
                    " paused its due dates stop counting.</p><form method=\"post\" action=\"%s\" novalidate>",
                c->subject_name, c->status, action);
    govuk_csrf_field(&h, req_csrf(r));
    /* only the changes the rules allow from here (a closed case can only be
       reopened); closing has its own page, with an outcome */
    GovukChoice items[3];
    int n = 0;
    int paused = strcmp(c->status, "paused") == 0;
    if (!casework_status_refusal(c->status, "in progress"))
        items[n++] = (GovukChoice){.value = "in progress", .text = paused ? "Resume the case" : "Reopen the case"};
    if (!casework_status_refusal(c->status, "paused"))
        items[n++] = (GovukChoice){.value = "paused", .text = "Pause the case",
                                   .hint = "For example while the school is waiting for an inspection"};
    if (!casework_status_refusal(c->status, "stopped"))
        items[n++] = (GovukChoice){.value = "stopped", .text = "Stop the case", .hint = "Support will not go ahead"};
    if (!casework_status_refusal(c->status, "closed")) {
        char close[64];
        case_href(close, sizeof close, c->id, "close");
        html_printf(&h, "<p class=\"govuk-body\">To close the case, <a class=\"govuk-link\" href=\"%s\">record its"
                        " outcome</a>.</p>", close);
    }
    govuk_radios(&h, &(GovukRadios){.name = "status", .legend = "What do you want to do?",
                                    .legend_classes = "govuk-fieldset__legend--m", .value = req_form(r, "status"),
                                    .items = items, .n_items = n, .error = form_errors_get(errs, "status")});
    case_date_input(r, &h, "on", "Date of the change",
                    "The day the case was paused, resumed, stopped or reopened. For example, 27 3 2026", today, errs);
    govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "reason", .label = "Why", .label_classes = "govuk-label--s",
                                        .value = req_form(r, "reason"), .rows = 4,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Save", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    case_page(r, w, c, "Change the case's status", NULL, errs, &h);
    html_free(&h);
}

/* GET /cases/{id}/status */
void page_case_status_form(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_MANAGE, &c))
        return;
    FormErrors errs = {0};
    render_status(r, w, &c, &errs);
    case_free(&c);
}

/* POST /cases/{id}/status */
void page_case_status_submit(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_MANAGE, &c))
        return;
    FormErrors errs = {0};
    const char *status = req_form(r, "status"), *reason = req_form(r, "reason");
    char on[11], label[32], opened[11];
    if (!case_status_valid(status) || strcmp(status, "closed") == 0) /* closed: its own page, with an outcome */
        form_errors_add(&errs, "status", "Select what you want to do");
    /* "date paused" ...: the error names the date the change records */
    const char *which = casework_status_date_label(c.status, status);
    snprintf(label, sizeof label, "%c%s", which[0] == 'D' ? 'd' : which[0], which + 1);
    snprintf(opened, sizeof opened, "%s", c.opened_at ? c.opened_at : "");
    if (case_form_date(r, "on", label, 1, 0, on, &errs) == 1 && !errs.n) {
        /* not before the case opened, nor before its current status began */
        const char *bad = casework_status_date_refusal(c.status, status, date_parse(on, NULL),
                                                       date_parse(opened, NULL),
                                                       c.status_on ? date_parse(c.status_on, NULL) : DATE_NONE,
                                                       date_local(r->now));
        if (bad)
            form_errors_add_date(&errs, "on", bad);
    }
    if (!*reason)
        form_errors_add(&errs, "reason", "Enter why the status is changing");
    else if (strlen(reason) > CASE_TEXT_MAX)
        form_errors_add(&errs, "reason", "Why must be 4000 characters or fewer");
    if (!errs.n) {
        const char *why = NULL;
        int rc = case_set_status(r->db, &r->actor, c.id, status, on, reason, &why);
        char msg[64];
        snprintf(msg, sizeof msg, "The case is now %s", status);
        if (case_change_done(r, w, &c, rc, msg, NULL)) {
            case_free(&c);
            return;
        }
        form_errors_add(&errs, "status", why);
    }
    render_status(r, w, &c, &errs);
    case_free(&c);
}
