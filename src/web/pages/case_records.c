/*
 * case_records.c - a case's engagement concerns, contacts and notes: the
 * "Engagement concerns", "Contacts" and "Notes" tabs and their forms.
 *
 * GET pages load the case with case_load (read), change forms and POSTs
 * of concerns with case_load_for_change (refused with 409 while the case is
 * paused, stopped or closed); notes and contacts with load_for_record, as
 * they are kept whatever the case's status (issue 10 item 15). Every change
 * goes through store/case_records.c, which
 * records it on the case's timeline; a refusal from the store is shown as a
 * form error, with what the user typed kept.
 */
#include "core/date.h"
#include "domain/signin.h"
#include "store/casework.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define SHORT_MAX 200  /* one-line answers: summary, names, roles */

/* --- shared -------------------------------------------------------------- */

static int in_progress(const Case *c)
{
    return casework_case_editable(c->status) == NULL;
}

/* Notes and contacts can be added and changed whatever the case's status. */
static int can_record(const Case *c)
{
    return casework_record_refusal(c->status) == NULL;
}

static void refused_page(Req *r, Resp *w, const Case *c, const char *title, const char *why, const char *back_tab);

/* case_load for a note or contact change: scope and perm checked, then the
   rule for records (casework_record_refusal) rather than "in progress". */
static int load_for_record(Req *r, Resp *w, Perm perm, Case *c, const char *title, const char *back_tab)
{
    if (!case_load(r, w, perm, c))
        return 0;
    const char *why = casework_record_refusal(c->status);
    if (why) {
        refused_page(r, w, c, title, why, back_tab);
        case_free(c);
        return 0;
    }
    return 1;
}

/* Characters, not bytes, of UTF-8 text. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A text answer: required or not, and at most max characters. */
static void check_text(FormErrors *e, const char *field, const char *value, int required, size_t max,
                       const char *missing, const char *what)
{
    if (!*value) {
        if (required)
            form_errors_add(e, field, missing);
        return;
    }
    if (chars(value) > max) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s must be %zu characters or fewer", what, max);
        form_errors_add(e, field, msg);
    }
}

/* Text typed into a textarea: paragraphs at blank lines, <br> at single
   line breaks, everything escaped. */
static void paragraphs(Html *h, const char *s)
{
    const char *p = s ? s : "";
    int open = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t m = n;
        if (m && p[m - 1] == '\r')
            m--;
        int blank = 1;
        for (size_t i = 0; i < m && blank; i++)
            blank = p[i] == ' ' || p[i] == '\t';
        if (blank) {
            if (open)
                html_lit(h, "</p>");
            open = 0;
        } else {
            if (!open)
                html_lit(h, "<p class=\"govuk-body\">");
            else
                html_lit(h, "<br>");
            open = 1;
            html_textn(h, p, m);
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    if (open)
        html_lit(h, "</p>");
}

/* The opening of a form page: two-thirds column, error summary, caption
   (the school or trust) and h1. */
static void form_open(Html *h, const Case *c, const FormErrors *errs, const char *title)
{
    html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(h, errs);
    html_printf(h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", c->subject_name,
                title);
}

static void form_close(Html *h)
{
    html_lit(h, "</div></div>");
}

/* A change the rules refuse, as a page of its own (409). */
static void refused_page(Req *r, Resp *w, const Case *c, const char *title, const char *why, const char *back_tab)
{
    Html h;
    html_init(&h);
    FormErrors none = {0};
    form_open(&h, c, &none, title);
    char back[96];
    case_href(back, sizeof back, c->id, back_tab);
    html_printf(&h, "<p class=\"govuk-body\">%s</p><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">"
                    "Go back to the case</a></p>",
                why, back);
    form_close(&h);
    case_page(r, w, c, title, NULL, &none, &h);
    w->status = 409;
    html_free(&h);
}

/* --- engagement concerns ------------------------------------------------- */

static const char *const PRIMARY_REASONS[] = {"Declined support", "Not engaging with the support",
                                              "Not making progress", "Other"};
#define N_PRIMARY_REASONS 4

static int primary_reason_valid(const char *s)
{
    for (int i = 0; i < N_PRIMARY_REASONS; i++)
        if (strcmp(s, PRIMARY_REASONS[i]) == 0)
            return 1;
    return 0;
}

static void concern_status_tag(Html *h, const char *status)
{
    if (strcmp(status, "open") == 0)
        govuk_tag(h, &(GovukTag){.text = "Open", .classes = "govuk-tag--yellow"});
    else if (strcmp(status, "escalated") == 0)
        govuk_tag(h, &(GovukTag){.text = "Escalated", .classes = "govuk-tag--red"});
    else
        govuk_tag(h, &(GovukTag){.text = "Resolved", .classes = "govuk-tag--green"});
}

/* "Warning notice, information powers", or "None". */
static void powers_text(const CaseConcern *k, char *out, size_t n)
{
    out[0] = '\0';
    const char *used[3];
    int nused = 0;
    if (k->warning_notice == 1)
        used[nused++] = "warning notice";
    if (k->information_powers == 1)
        used[nused++] = "information powers";
    if (k->ieb == 1)
        used[nused++] = "interim executive board";
    if (!nused) {
        snprintf(out, n, "None");
        return;
    }
    for (int i = 0; i < nused; i++) {
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s%s", i ? ", " : "", used[i]);
    }
    out[0] = (char)(out[0] - 'a' + 'A');
}

static void concern_card(Html *h, const Case *c, const CaseConcern *k, int can_act)
{
    html_lit(h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">");
    html_printf(h, "<h3 class=\"govuk-summary-card__title\">%s</h3>", k->summary);
    int can_escalate = can_act && strcmp(k->status, "open") == 0;
    int can_resolve = can_act && strcmp(k->status, "resolved") != 0;
    if (can_escalate || can_resolve) {
        html_lit(h, "<ul class=\"govuk-summary-card__actions\">");
        if (can_escalate)
            html_printf(h, "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\""
                           " href=\"/cases/%lld/concerns/%lld/escalate\">Escalate<span class=\"govuk-visually-hidden\">"
                           " concern: %s</span></a></li>",
                        (long long)c->id, (long long)k->id, k->summary);
        if (can_resolve)
            html_printf(h, "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\""
                           " href=\"/cases/%lld/concerns/%lld/resolve\">Resolve<span class=\"govuk-visually-hidden\">"
                           " concern: %s</span></a></li>",
                        (long long)c->id, (long long)k->id, k->summary);
        html_lit(h, "</ul>");
    }
    html_lit(h, "</div><div class=\"govuk-summary-card__content\">");

    Html tag, details, steps, why, resolution, approval;
    html_init(&approval);
    html_init(&tag);
    html_init(&details);
    html_init(&steps);
    html_init(&why);
    html_init(&resolution);
    concern_status_tag(&tag, k->status);
    paragraphs(&details, k->details);
    char raised[40], escalated[40], resolved[40], powers[96];
    case_long_date(k->raised_on, raised, sizeof raised);
    GovukSummaryRow rows[14];
    int n = 0;
    rows[n++] = (GovukSummaryRow){.key = "Status", .value_html = &tag};
    rows[n++] = (GovukSummaryRow){.key = "Raised on", .value = raised};
    rows[n++] = (GovukSummaryRow){.key = "Raised by", .value = person_name(k->raised_by)};
    rows[n++] = (GovukSummaryRow){.key = "Details", .value_html = &details};
    if (k->escalated_on) {
        case_long_date(k->escalated_on, escalated, sizeof escalated);
        paragraphs(&steps, k->steps_taken);
        paragraphs(&why, k->escalation_reason);
        powers_text(k, powers, sizeof powers);
        rows[n++] = (GovukSummaryRow){.key = "Escalated on", .value = escalated};
        rows[n++] = (GovukSummaryRow){.key = "Steps already taken", .value_html = &steps};
        rows[n++] = (GovukSummaryRow){.key = "Primary reason", .value = k->primary_reason};
        rows[n++] = (GovukSummaryRow){.key = "What is being used", .value = powers};
        rows[n++] = (GovukSummaryRow){.key = "Why it was escalated", .value_html = &why};
        rows[n++] = (GovukSummaryRow){.key = "Escalated by", .value = person_name(k->escalated_by)};
        if (k->escalation_approval) { /* a warning notice or an IEB: the regional director's */
            int awaiting = strcmp(k->escalation_approval, "awaiting") == 0;
            int approved = strcmp(k->escalation_approval, "approved") == 0;
            const char *text = awaiting ? "Awaiting approval" : approved ? "Approved" : "Rejected";
            govuk_tag(&approval, &(GovukTag){.text = text,
                                             .classes = awaiting   ? "govuk-tag--yellow"
                                                        : approved ? "govuk-tag--green"
                                                                   : "govuk-tag--red"});
            html_printf(&approval, " <a class=\"govuk-link\" href=\"/cases/%lld/decisions/%lld\">View the decision"
                                   "<span class=\"govuk-visually-hidden\"> to escalate: %s</span></a>",
                        (long long)c->id, (long long)k->escalation_decision_id, k->summary);
            rows[n++] = (GovukSummaryRow){.key = "Regional director's approval", .value_html = &approval};
        }
    }
    if (k->resolved_on) {
        case_long_date(k->resolved_on, resolved, sizeof resolved);
        paragraphs(&resolution, k->resolution);
        rows[n++] = (GovukSummaryRow){.key = "Resolved on", .value = resolved};
        rows[n++] = (GovukSummaryRow){.key = "How it was resolved", .value_html = &resolution};
        rows[n++] = (GovukSummaryRow){.key = "Resolved by", .value = person_name(k->resolved_by)};
    }
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_lit(h, "</div></div>");
    html_free(&tag);
    html_free(&details);
    html_free(&steps);
    html_free(&why);
    html_free(&resolution);
    html_free(&approval);
}

/* GET /cases/{id}/concerns */
void page_case_concerns(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    CaseConcernList list;
    if (case_concerns(r->db, c.id, &list) != 0) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    int can_act = case_can(r, &c, PERM_CASES_MANAGE) && in_progress(&c);
    Html h;
    html_init(&h);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Engagement concerns</h2>"
                 "<p class=\"govuk-body\">When a school or trust declines support, does not engage with it or is"
                 " not making progress, record an engagement concern. It can be escalated (a warning notice,"
                 " information powers, or an interim executive board for a maintained school) and resolved."
                 " Each step is recorded as a decision with its date and reason.</p>");
    if (can_act) {
        char href[96];
        snprintf(href, sizeof href, "/cases/%lld/concerns/new", (long long)c.id);
        govuk_button(&h, &(GovukButton){.text = "Raise an engagement concern", .href = href,
                                        .variant = GOVUK_BUTTON_SECONDARY});
    }
    if (list.n == 0)
        html_lit(&h, "<p class=\"govuk-body\">No engagement concerns have been raised.</p>");
    for (size_t i = 0; i < list.n; i++)
        concern_card(&h, &c, &list.items[i], can_act);
    FormErrors none = {0};
    case_page(r, w, &c, "Engagement concerns", "concerns", &none, &h);
    html_free(&h);
    case_concern_list_free(&list);
    case_free(&c);
}

static void render_concern_new(Req *r, Resp *w, const Case *c, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    form_open(&h, c, errs, "Raise an engagement concern");
    html_printf(&h, "<form method=\"post\" action=\"/cases/%lld/concerns/new\" novalidate>", (long long)c->id);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_input(&h, &(GovukInput){.name = "summary", .label = "Summary", .label_classes = "govuk-label--s",
                                  .hint = "One line, for example: The trust declined support",
                                  .value = req_form(r, "summary"), .error = form_errors_get(errs, "summary")});
    govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "details", .label = "Details", .label_classes = "govuk-label--s",
                                        .hint = "What happened, who was involved and what has been tried",
                                        .value = req_form(r, "details"), .rows = 6,
                                        .error = form_errors_get(errs, "details")});
    case_date_input(r, &h, "raised-on", "Date raised", "For example, 27 3 2025", NULL, errs);
    govuk_button(&h, &(GovukButton){.text = "Raise concern", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    form_close(&h);
    case_page(r, w, c, "Raise an engagement concern", NULL, errs, &h);
    html_free(&h);
}

/* GET /cases/{id}/concerns/new */
void page_case_concern_new_form(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MANAGE, &c))
        return;
    FormErrors errs = {0};
    render_concern_new(r, w, &c, &errs);
    case_free(&c);
}

/* POST /cases/{id}/concerns/new */
void page_case_concern_new_submit(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MANAGE, &c))
        return;
    FormErrors errs = {0};
    const char *summary = req_form(r, "summary"), *details = req_form(r, "details");
    check_text(&errs, "summary", summary, 1, SHORT_MAX, "Enter a summary of the concern", "Summary");
    check_text(&errs, "details", details, 1, CASE_TEXT_MAX, "Enter the details of the concern", "Details");
    char on[11];
    case_form_date(r, "raised-on", "the date the concern was raised", 1, 0, on, &errs);
    if (!errs.n) {
        const char *why = NULL;
        int64_t id;
        int rc = case_concern_raise(r->db, &r->actor, c.id, summary, details, on, &id, &why);
        if (case_change_done(r, w, &c, rc, "Engagement concern raised", "concerns")) {
            case_free(&c);
            return;
        }
        form_errors_add(&errs, NULL, why);
    }
    render_concern_new(r, w, &c, &errs);
    case_free(&c);
}

/* Loads the concern named by route parameter 1 (404 when it is not this
   case's). */
static int load_concern(Req *r, Resp *w, const Case *c, CaseConcern *k)
{
    int64_t id = case_param_id(r, 1);
    int rc = id ? case_concern_get(r->db, c->id, id, k) : 0;
    if (rc != 1) {
        page_error(r, w, rc == 0 ? 404 : 500);
        return 0;
    }
    return 1;
}

/* The concern being acted on, above its form. */
static void concern_inset(Html *h, const CaseConcern *k)
{
    char raised[40];
    case_long_date(k->raised_on, raised, sizeof raised);
    html_printf(h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body govuk-!-font-weight-bold\">%s</p>"
                   "<p class=\"govuk-body\">Raised on %s.</p></div>",
                k->summary, raised);
}

static void render_escalate(Req *r, Resp *w, const Case *c, const CaseConcern *k, const FormErrors *errs)
{
    int maintained = case_is_maintained(c);
    Html h;
    html_init(&h);
    form_open(&h, c, errs, "Escalate the engagement concern");
    concern_inset(&h, k);
    html_printf(&h, "<form method=\"post\" action=\"/cases/%lld/concerns/%lld/escalate\" novalidate>",
                (long long)c->id, (long long)k->id);
    govuk_csrf_field(&h, req_csrf(r));
    case_date_input(r, &h, "escalated-on", "Date escalated", "For example, 27 3 2025", NULL, errs);
    govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "steps", .label = "Steps already taken",
                                        .label_classes = "govuk-label--s",
                                        .hint = "The conversations, letters and offers of support so far",
                                        .value = req_form(r, "steps"), .rows = 5,
                                        .error = form_errors_get(errs, "steps")});
    GovukChoice reasons[N_PRIMARY_REASONS];
    for (int i = 0; i < N_PRIMARY_REASONS; i++)
        reasons[i] = (GovukChoice){.value = PRIMARY_REASONS[i], .text = PRIMARY_REASONS[i]};
    govuk_radios(&h, &(GovukRadios){.name = "primary-reason", .legend = "Primary reason",
                                    .legend_classes = "govuk-fieldset__legend--s",
                                    .value = req_form(r, "primary-reason"), .items = reasons,
                                    .n_items = N_PRIMARY_REASONS, .error = form_errors_get(errs, "primary-reason")});
    GovukChoice powers[3];
    int np = 0;
    powers[np++] = (GovukChoice){.value = "warning-notice", .text = "Warning notice"};
    powers[np++] = (GovukChoice){.value = "information-powers", .text = "Information powers"};
    if (maintained)
        powers[np++] = (GovukChoice){.value = "ieb", .text = "Interim executive board",
                                     .hint = "Only for a maintained school"};
    const char *checked[3];
    size_t nchecked = kv_count(&r->form, "powers");
    if (nchecked > 3)
        nchecked = 3;
    for (size_t i = 0; i < nchecked; i++)
        checked[i] = kv_get_nth(&r->form, "powers", i);
    govuk_checkboxes(&h, &(GovukCheckboxes){.name = "powers", .legend = "What is being used",
                                            .legend_classes = "govuk-fieldset__legend--s",
                                            .hint = "Select all that apply, or none. A warning notice or an interim"
                                                    " executive board needs the regional director's approval.",
                                            .values = checked,
                                            .n_values = (int)nchecked, .items = powers, .n_items = np,
                                            .error = form_errors_get(errs, "powers")});
    govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "reason", .label = "Why is the concern being escalated?",
                                        .label_classes = "govuk-label--s",
                                        .hint = "This is kept in the decision log and the case's timeline",
                                        .value = req_form(r, "reason"), .rows = 5,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Escalate concern", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    form_close(&h);
    case_page(r, w, c, "Escalate the engagement concern", NULL, errs, &h);
    html_free(&h);
}

/* GET /cases/{id}/concerns/{cid}/escalate */
void page_case_concern_escalate_form(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MANAGE, &c))
        return;
    CaseConcern k;
    if (load_concern(r, w, &c, &k)) {
        const char *why = casework_escalate_refusal(k.status, 0, 1);
        if (why) {
            refused_page(r, w, &c, "You cannot escalate this concern", why, "concerns");
        } else {
            FormErrors errs = {0};
            render_escalate(r, w, &c, &k, &errs);
        }
        case_concern_free(&k);
    }
    case_free(&c);
}

/* POST /cases/{id}/concerns/{cid}/escalate */
void page_case_concern_escalate_submit(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MANAGE, &c))
        return;
    CaseConcern k;
    if (!load_concern(r, w, &c, &k)) {
        case_free(&c);
        return;
    }
    FormErrors errs = {0};
    char on[11] = "";
    if (case_form_date(r, "escalated-on", "the date the concern was escalated", 1, 0, on, &errs) == 1 &&
        strcmp(on, k.raised_on) < 0)
        form_errors_add_date(&errs, "escalated-on",
                             "The date escalated must be the same as or after the date the concern was raised");
    const char *steps = req_form(r, "steps"), *primary = req_form(r, "primary-reason"),
               *reason = req_form(r, "reason");
    check_text(&errs, "steps", steps, 1, CASE_TEXT_MAX, "Enter the steps already taken", "Steps already taken");
    if (!primary_reason_valid(primary))
        form_errors_add(&errs, "primary-reason", "Select the primary reason");
    Escalation e = {.on = on, .steps_taken = steps, .primary_reason = primary, .reason = reason};
    size_t np = kv_count(&r->form, "powers");
    int unknown = 0;
    for (size_t i = 0; i < np; i++) {
        const char *v = kv_get_nth(&r->form, "powers", i);
        if (strcmp(v, "warning-notice") == 0)
            e.warning_notice = 1;
        else if (strcmp(v, "information-powers") == 0)
            e.information_powers = 1;
        else if (strcmp(v, "ieb") == 0)
            e.ieb = 1;
        else
            unknown = 1;
    }
    if (unknown)
        form_errors_add(&errs, "powers", "Select what is being used from the list");
    else if (e.ieb && !case_is_maintained(&c))
        form_errors_add(&errs, "powers", "An interim executive board can only be used for a maintained school");
    check_text(&errs, "reason", reason, 1, CASE_TEXT_MAX, "Enter why the concern is being escalated", "Why");
    if (!errs.n) {
        const char *why = NULL;
        int rc = case_concern_escalate(r->db, &r->actor, c.id, k.id, &e, &why);
        if (case_change_done(r, w, &c, rc, "Engagement concern escalated", "concerns")) {
            case_concern_free(&k);
            case_free(&c);
            return;
        }
        form_errors_add(&errs, e.ieb && why && strstr(why, "interim") ? "powers" : NULL, why);
    }
    render_escalate(r, w, &c, &k, &errs);
    case_concern_free(&k);
    case_free(&c);
}

static void render_resolve(Req *r, Resp *w, const Case *c, const CaseConcern *k, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    form_open(&h, c, errs, "Resolve the engagement concern");
    concern_inset(&h, k);
    html_printf(&h, "<form method=\"post\" action=\"/cases/%lld/concerns/%lld/resolve\" novalidate>",
                (long long)c->id, (long long)k->id);
    govuk_csrf_field(&h, req_csrf(r));
    case_date_input(r, &h, "resolved-on", "Date resolved", "For example, 27 3 2025", NULL, errs);
    govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "resolution", .label = "How was it resolved?",
                                        .label_classes = "govuk-label--s",
                                        .hint = "For example, the school accepted support after a meeting with"
                                                " the regional director",
                                        .value = req_form(r, "resolution"), .rows = 5,
                                        .error = form_errors_get(errs, "resolution")});
    govuk_button(&h, &(GovukButton){.text = "Resolve concern", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    form_close(&h);
    case_page(r, w, c, "Resolve the engagement concern", NULL, errs, &h);
    html_free(&h);
}

/* GET /cases/{id}/concerns/{cid}/resolve */
void page_case_concern_resolve_form(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MANAGE, &c))
        return;
    CaseConcern k;
    if (load_concern(r, w, &c, &k)) {
        const char *why = casework_resolve_refusal(k.status);
        if (why) {
            refused_page(r, w, &c, "You cannot resolve this concern", why, "concerns");
        } else {
            FormErrors errs = {0};
            render_resolve(r, w, &c, &k, &errs);
        }
        case_concern_free(&k);
    }
    case_free(&c);
}

/* POST /cases/{id}/concerns/{cid}/resolve */
void page_case_concern_resolve_submit(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MANAGE, &c))
        return;
    CaseConcern k;
    if (!load_concern(r, w, &c, &k)) {
        case_free(&c);
        return;
    }
    FormErrors errs = {0};
    char on[11] = "";
    const char *resolution = req_form(r, "resolution");
    if (case_form_date(r, "resolved-on", "the date the concern was resolved", 1, 0, on, &errs) == 1 &&
        strcmp(on, k.raised_on) < 0)
        form_errors_add_date(&errs, "resolved-on",
                             "The date resolved must be the same as or after the date the concern was raised");
    check_text(&errs, "resolution", resolution, 1, CASE_TEXT_MAX, "Enter how the concern was resolved",
               "How it was resolved");
    if (!errs.n) {
        const char *why = NULL;
        int rc = case_concern_resolve(r->db, &r->actor, c.id, k.id, on, resolution, &why);
        if (case_change_done(r, w, &c, rc, "Engagement concern resolved", "concerns")) {
            case_concern_free(&k);
            case_free(&c);
            return;
        }
        form_errors_add(&errs, NULL, why);
    }
    render_resolve(r, w, &c, &k, &errs);
    case_concern_free(&k);
    case_free(&c);
}

/* --- contacts ------------------------------------------------------------ */

static const GovukChoice CONTACT_KINDS[] = {
    {.value = "school", .text = "The school"},
    {.value = "responsible body", .text = "The responsible body", .hint = "The trust or local authority"},
    {.value = "diocese", .text = "The diocese"},
    {.value = "provider", .text = "The provider", .hint = "The supporting organisation, system leader or NLE"},
};
#define N_CONTACT_KINDS 4

static const char *contact_kind_heading(const char *kind)
{
    if (strcmp(kind, "school") == 0)
        return "School";
    if (strcmp(kind, "responsible body") == 0)
        return "Responsible body";
    if (strcmp(kind, "diocese") == 0)
        return "Diocese";
    return "Provider";
}

/* GET /cases/{id}/contacts */
/* The people outside DfE who can see this case in the service (decision
   0016), and the buttons to invite more. */
static void outside_people(Req *r, Html *h, const Case *c)
{
    Scope s = case_scope(c);
    char urn[24] = "", uid[24] = "";
    if (s.urn)
        snprintf(urn, sizeof urn, "%lld", (long long)s.urn);
    if (s.rb_trust_uid)
        snprintf(uid, sizeof uid, "%lld", (long long)s.rb_trust_uid);
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT name, email, org_kind, password_hash = ?6 FROM users WHERE disabled_at IS NULL"
               " AND ((role = 'school' AND org_kind = 'school' AND organisation = ?1)"
               " OR (role = 'school' AND org_kind = 'trust' AND organisation = ?2)"
               " OR (role = 'school' AND org_kind = 'la' AND organisation = ?3)"
               " OR (role = 'supporting-organisation' AND org_kind = 'provider' AND organisation IN"
               "   (SELECT CAST(organisation_id AS TEXT) FROM case_providers WHERE case_id = ?4"
               "    AND status IN ('proposed','accepted','agreed','matched'))))"
               " ORDER BY org_kind, name LIMIT ?5");
    if (!st)
        return;
    db_bind_text(st, 1, urn);
    db_bind_text(st, 2, uid);
    db_bind_text(st, 3, s.rb_la_code ? s.rb_la_code : "");
    db_bind_int64(st, 4, c->id);
    db_bind_int64(st, 5, 200);
    db_bind_text(st, 6, USER_NO_PASSWORD);
    html_lit(h, "<h2 class=\"govuk-heading-m\">People outside DfE who can see this case</h2>"
                "<p class=\"govuk-body\">They see only what the service shows them: the support, where it stands,"
                " their contact here, and what is asked of them. Never notes, decisions or contacts.</p>");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n++ == 0)
            html_lit(h, "<ul class=\"govuk-list\">");
        OrgKind k = org_kind_from_slug((const char *)sqlite3_column_text(st, 2));
        html_printf(h, "<li>%s (%s), %s%s</li>", (const char *)sqlite3_column_text(st, 0),
                    (const char *)sqlite3_column_text(st, 1),
                    k == ORG_SCHOOL ? "the school" : k == ORG_PROVIDER ? "supporting organisation"
                                                                       : "the responsible body",
                    sqlite3_column_int(st, 3) ? ": invited, not yet accepted" : "");
    }
    sqlite3_reset(st);
    if (n)
        html_lit(h, "</ul>");
    else
        html_lit(h, "<p class=\"govuk-body\">No one yet.</p>");
    if (authorise(&r->who, PERM_PEOPLE_INVITE, &s) == ACCESS_ALLOW && in_progress(c)) {
        char school[96], rb[96];
        snprintf(school, sizeof school, "/invitations/new?case=%lld&for=school", (long long)c->id);
        snprintf(rb, sizeof rb, "/invitations/new?case=%lld&for=rb", (long long)c->id);
        html_lit(h, "<div class=\"govuk-button-group\">");
        if (s.urn)
            govuk_button(h, &(GovukButton){.text = "Invite someone from the school", .href = school,
                                           .variant = GOVUK_BUTTON_SECONDARY});
        if (s.rb_trust_uid || s.rb_la_code)
            govuk_button(h, &(GovukButton){.text = s.rb_trust_uid ? "Invite someone from the trust"
                                                                  : "Invite someone from the local authority",
                                           .href = rb, .variant = GOVUK_BUTTON_SECONDARY});
        html_lit(h, "</div>");
    }
}

void page_case_contacts(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    CaseContactList list;
    if (case_contacts(r->db, c.id, &list) != 0) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    int can_work = case_can(r, &c, PERM_CASES_WORK) && can_record(&c);
    int can_manage = case_can(r, &c, PERM_CASES_MANAGE) && in_progress(&c);
    Html h;
    html_init(&h);

    /* the people at the DfE on this case */
    char people[96];
    snprintf(people, sizeof people, "/cases/%lld/people", (long long)c.id);
    GovukSummaryRow prow[2] = {
        {.key = "Delivery officer", .value = c.delivery_officer ? c.delivery_officer : "Not assigned"},
        {.key = "Adviser", .value = c.adviser ? c.adviser : "Not allocated"},
    };
    if (can_manage) {
        prow[0].actions[0] = (GovukSummaryAction){.href = people, .text = "Change", .visually_hidden = "delivery officer"};
        prow[1].actions[0] = (GovukSummaryAction){.href = people, .text = "Change", .visually_hidden = "adviser"};
    }
    html_lit(&h, "<h2 class=\"govuk-heading-m\">People on this case</h2>");
    /* advisers are allocated only where the programme has that task (RISE) */
    int with_adviser = c.has_adviser || c.adviser;
    govuk_summary_list(&h, &(GovukSummaryList){.rows = prow, .n_rows = with_adviser ? 2 : 1});

    html_lit(&h, "<h2 class=\"govuk-heading-m\">Contacts</h2>");
    if (can_work) {
        char href[96];
        snprintf(href, sizeof href, "/cases/%lld/contacts/new", (long long)c.id);
        govuk_button(&h, &(GovukButton){.text = "Add a contact", .href = href, .variant = GOVUK_BUTTON_SECONDARY});
    }
    if (list.n == 0)
        html_lit(&h, "<p class=\"govuk-body\">No contacts have been added.</p>");
    for (int k = 0; k < N_CONTACT_KINDS; k++) {
        const char *kind = CONTACT_KINDS[k].value;
        size_t count = 0;
        for (size_t i = 0; i < list.n; i++)
            count += strcmp(list.items[i].organisation_kind, kind) == 0;
        if (!count)
            continue;
        Html actions_head;
        html_init(&actions_head);
        html_lit(&actions_head, "<span class=\"govuk-visually-hidden\">Actions</span>");
        GovukTableCell head[] = {{.text = "Name"},  {.text = "Role"},  {.text = "Organisation"},
                                 {.text = "Email"}, {.text = "Phone"}, {.html = &actions_head}};
        govuk_table_open(&h, &(GovukTable){.caption = contact_kind_heading(kind),
                                           .caption_classes = "govuk-table__caption--s", .head = head,
                                           .n_head = can_work ? 6 : 5});
        for (size_t i = 0; i < list.n; i++) {
            const CaseContact *x = &list.items[i];
            if (strcmp(x->organisation_kind, kind) != 0)
                continue;
            Html email, change;
            html_init(&email);
            html_init(&change);
            if (x->email) {
                char mailto[400];
                snprintf(mailto, sizeof mailto, "mailto:%s", x->email);
                html_lit(&email, "<a class=\"govuk-link\" href=\"");
                html_href(&email, mailto);
                html_printf(&email, "\">%s</a>", x->email);
            }
            html_printf(&change, "<a class=\"govuk-link\" href=\"/cases/%lld/contacts/%lld\">Change"
                                 "<span class=\"govuk-visually-hidden\"> %s</span></a>",
                        (long long)c.id, (long long)x->id, x->name);
            GovukTableCell cells[] = {{.text = x->name},
                                      {.text = x->role},
                                      {.text = x->organisation ? x->organisation : ""},
                                      {.html = &email},
                                      {.text = x->phone ? x->phone : ""},
                                      {.html = &change}};
            govuk_table_row(&h, cells, can_work ? 6 : 5, 0);
            html_free(&email);
            html_free(&change);
        }
        govuk_table_close(&h);
        html_free(&actions_head);
    }
    outside_people(r, &h, &c);
    FormErrors none = {0};
    case_page(r, w, &c, "Contacts", "contacts", &none, &h);
    html_free(&h);
    case_contact_list_free(&list);
    case_free(&c);
}

/* The contact's fields as typed (from_form) or as stored. */
static ContactFields contact_fields(Req *r, const CaseContact *x, int from_form)
{
    if (from_form || !x)
        return (ContactFields){.organisation_kind = req_form(r, "organisation-kind"),
                               .organisation = req_form(r, "organisation"),
                               .name = req_form(r, "name"),
                               .role = req_form(r, "role"),
                               .email = req_form(r, "email"),
                               .phone = req_form(r, "phone")};
    return (ContactFields){.organisation_kind = x->organisation_kind,
                           .organisation = x->organisation ? x->organisation : "",
                           .name = x->name,
                           .role = x->role,
                           .email = x->email ? x->email : "",
                           .phone = x->phone ? x->phone : ""};
}

static int phone_valid(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (!strchr(" +()-", *s))
            return 0;
    }
    return digits >= 6;
}

static void check_contact(const ContactFields *f, FormErrors *errs)
{
    int kind_ok = 0;
    for (int i = 0; i < N_CONTACT_KINDS; i++)
        kind_ok |= strcmp(f->organisation_kind, CONTACT_KINDS[i].value) == 0;
    if (!kind_ok)
        form_errors_add(errs, "organisation-kind", "Select which organisation the contact is from");
    check_text(errs, "organisation", f->organisation, 0, SHORT_MAX, "", "Organisation");
    check_text(errs, "name", f->name, 1, SHORT_MAX, "Enter the contact's name", "Name");
    check_text(errs, "role", f->role, 1, SHORT_MAX, "Enter the contact's role, for example headteacher", "Role");
    if (*f->email && (strlen(f->email) > 254 || !email_valid(f->email)))
        form_errors_add(errs, "email", "Enter an email address in the correct format, like name@example.com");
    if (*f->phone && (strlen(f->phone) > 40 || !phone_valid(f->phone)))
        form_errors_add(errs, "phone", "Enter a telephone number, like 01632 960 001 or +44 808 157 0192");
}

/* The add or change form; for a change also the "Remove contact" form. */
static void render_contact(Req *r, Resp *w, const Case *c, const CaseContact *x, int from_form,
                           const FormErrors *errs)
{
    const char *title = x ? "Change a contact" : "Add a contact";
    ContactFields f = contact_fields(r, x, from_form);
    Html h;
    html_init(&h);
    form_open(&h, c, errs, title);
    if (x)
        html_printf(&h, "<form method=\"post\" action=\"/cases/%lld/contacts/%lld\" novalidate>", (long long)c->id,
                    (long long)x->id);
    else
        html_printf(&h, "<form method=\"post\" action=\"/cases/%lld/contacts/new\" novalidate>", (long long)c->id);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_radios(&h, &(GovukRadios){.name = "organisation-kind", .legend = "Which organisation are they from?",
                                    .legend_classes = "govuk-fieldset__legend--s", .value = f.organisation_kind,
                                    .items = CONTACT_KINDS, .n_items = N_CONTACT_KINDS,
                                    .error = form_errors_get(errs, "organisation-kind")});
    govuk_input(&h, &(GovukInput){.name = "organisation", .label = "Organisation name (optional)",
                                  .hint = "For example, the trust, local authority or diocese",
                                  .value = f.organisation, .error = form_errors_get(errs, "organisation")});
    govuk_input(&h, &(GovukInput){.name = "name", .label = "Name", .value = f.name, .autocomplete = "off",
                                  .spellcheck = -1, .error = form_errors_get(errs, "name")});
    govuk_input(&h, &(GovukInput){.name = "role", .label = "Role", .hint = "For example, headteacher or chief executive",
                                  .value = f.role, .error = form_errors_get(errs, "role")});
    govuk_input(&h, &(GovukInput){.name = "email", .label = "Email address (optional)", .type = "email",
                                  .autocomplete = "off", .spellcheck = -1, .value = f.email,
                                  .error = form_errors_get(errs, "email")});
    govuk_input(&h, &(GovukInput){.name = "phone", .label = "Telephone number (optional)", .type = "tel",
                                  .autocomplete = "off", .classes = "govuk-input--width-20", .value = f.phone,
                                  .error = form_errors_get(errs, "phone")});
    govuk_button(&h, &(GovukButton){.text = x ? "Save changes" : "Add contact", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    if (x) {
        html_printf(&h, "<h2 class=\"govuk-heading-m\">Remove this contact</h2>"
                        "<p class=\"govuk-body\">They will no longer be listed on the case. The case's timeline"
                        " keeps the record.</p>"
                        "<form method=\"post\" action=\"/cases/%lld/contacts/%lld\" novalidate>"
                        "<input type=\"hidden\" name=\"action\" value=\"remove\">",
                    (long long)c->id, (long long)x->id);
        govuk_csrf_field(&h, req_csrf(r));
        govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "reason", .label = "Why are you removing this contact?",
                                            .label_classes = "govuk-label--s",
                                            .hint = "For example, they have left the school",
                                            .value = req_form(r, "reason"), .rows = 3,
                                            .error = form_errors_get(errs, "reason")});
        govuk_button(&h, &(GovukButton){.text = "Remove contact", .variant = GOVUK_BUTTON_WARNING,
                                        .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    form_close(&h);
    case_page(r, w, c, title, NULL, errs, &h);
    html_free(&h);
}

/* GET /cases/{id}/contacts/new */
void page_case_contact_new_form(Req *r, Resp *w)
{
    Case c;
    if (!load_for_record(r, w, PERM_CASES_WORK, &c, "Add a contact", "contacts"))
        return;
    FormErrors errs = {0};
    render_contact(r, w, &c, NULL, 1, &errs);
    case_free(&c);
}

/* POST /cases/{id}/contacts/new */
void page_case_contact_new_submit(Req *r, Resp *w)
{
    Case c;
    if (!load_for_record(r, w, PERM_CASES_WORK, &c, "Add a contact", "contacts"))
        return;
    FormErrors errs = {0};
    ContactFields f = contact_fields(r, NULL, 1);
    check_contact(&f, &errs);
    if (!errs.n) {
        const char *why = NULL;
        int64_t id;
        int rc = case_contact_add(r->db, &r->actor, c.id, &f, &id, &why);
        if (case_change_done(r, w, &c, rc, "Contact added", "contacts")) {
            case_free(&c);
            return;
        }
        form_errors_add(&errs, NULL, why);
    }
    render_contact(r, w, &c, NULL, 1, &errs);
    case_free(&c);
}

static int load_contact(Req *r, Resp *w, const Case *c, CaseContact *x)
{
    int64_t id = case_param_id(r, 1);
    int rc = id ? case_contact_get(r->db, c->id, id, x) : 0;
    if (rc != 1) {
        page_error(r, w, rc == 0 ? 404 : 500);
        return 0;
    }
    return 1;
}

/* GET /cases/{id}/contacts/{cid} */
void page_case_contact_edit_form(Req *r, Resp *w)
{
    Case c;
    if (!load_for_record(r, w, PERM_CASES_WORK, &c, "Change a contact", "contacts"))
        return;
    CaseContact x;
    if (load_contact(r, w, &c, &x)) {
        FormErrors errs = {0};
        render_contact(r, w, &c, &x, 0, &errs);
        case_contact_free(&x);
    }
    case_free(&c);
}

/* POST /cases/{id}/contacts/{cid}: save changes, or remove (action=remove). */
void page_case_contact_edit_submit(Req *r, Resp *w)
{
    Case c;
    if (!load_for_record(r, w, PERM_CASES_WORK, &c, "Change a contact", "contacts"))
        return;
    CaseContact x;
    if (!load_contact(r, w, &c, &x)) {
        case_free(&c);
        return;
    }
    int removing = strcmp(req_form(r, "action"), "remove") == 0;
    FormErrors errs = {0};
    ContactFields f = contact_fields(r, &x, !removing);
    const char *reason = req_form(r, "reason");
    if (removing)
        check_text(&errs, "reason", reason, 1, CASE_TEXT_MAX, "Enter why you are removing this contact", "Why");
    else
        check_contact(&f, &errs);
    if (!errs.n) {
        const char *why = NULL;
        int rc = removing ? case_contact_remove(r->db, &r->actor, c.id, x.id, reason, &why)
                          : case_contact_update(r->db, &r->actor, c.id, x.id, &f, &why);
        if (case_change_done(r, w, &c, rc, removing ? "Contact removed" : "Contact updated", "contacts")) {
            case_contact_free(&x);
            case_free(&c);
            return;
        }
        form_errors_add(&errs, NULL, why);
    }
    render_contact(r, w, &c, &x, !removing, &errs);
    case_contact_free(&x);
    case_free(&c);
}

/* --- notes --------------------------------------------------------------- */

static void render_notes(Req *r, Resp *w, const Case *c, const CaseNoteList *list, const FormErrors *errs)
{
    int can_add = case_can(r, c, PERM_CASES_WORK) && can_record(c);
    Html h;
    html_init(&h);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Notes</h2>");
    if (can_add) {
        html_printf(&h, "<form method=\"post\" action=\"/cases/%lld/notes\" novalidate>", (long long)c->id);
        govuk_csrf_field(&h, req_csrf(r));
        govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "note", .label = "Add a note", .label_classes = "govuk-label--s",
                                            .hint = "Notes cannot be deleted. You can change your own notes later.",
                                            .value = req_form(r, "note"), .rows = 4,
                                            .error = form_errors_get(errs, "note")});
        govuk_button(&h, &(GovukButton){.text = "Add note", .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    if (list->n == 0)
        html_lit(&h, "<p class=\"govuk-body\">No notes have been added.</p>");
    for (size_t i = 0; i < list->n; i++) {
        const CaseNote *n = &list->items[i];
        char when[64], edited[64];
        timestamp_long(n->created_at, when, sizeof when);
        html_lit(&h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">");
        html_printf(&h, "<h3 class=\"govuk-summary-card__title\">%s</h3>", person_name(n->author));
        if (can_add && r->actor.user_id && n->author_id == r->actor.user_id)
            html_printf(&h, "<ul class=\"govuk-summary-card__actions\"><li class=\"govuk-summary-card__action\">"
                            "<a class=\"govuk-link\" href=\"/cases/%lld/notes/%lld\">Change<span"
                            " class=\"govuk-visually-hidden\"> your note of %s</span></a></li></ul>",
                        (long long)c->id, (long long)n->id, when);
        html_printf(&h, "</div><div class=\"govuk-summary-card__content\"><p class=\"govuk-body-s\">%s", when);
        if (n->edited_at) {
            timestamp_long(n->edited_at, edited, sizeof edited);
            html_printf(&h, " (edited %s)", edited);
        }
        html_lit(&h, "</p>");
        paragraphs(&h, n->body);
        html_lit(&h, "</div></div>");
    }
    case_page(r, w, c, "Notes", "notes", errs, &h);
    html_free(&h);
}

/* GET /cases/{id}/notes */
void page_case_notes(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    CaseNoteList list;
    if (case_notes(r->db, c.id, &list) != 0) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    FormErrors none = {0};
    render_notes(r, w, &c, &list, &none);
    case_note_list_free(&list);
    case_free(&c);
}

/* POST /cases/{id}/notes */
void page_case_note_add(Req *r, Resp *w)
{
    Case c;
    if (!load_for_record(r, w, PERM_CASES_WORK, &c, "Notes", "notes"))
        return;
    FormErrors errs = {0};
    const char *body = req_form(r, "note");
    check_text(&errs, "note", body, 1, CASE_TEXT_MAX, "Enter the note", "The note");
    if (!errs.n) {
        const char *why = NULL;
        int64_t id;
        int rc = case_note_add(r->db, &r->actor, c.id, body, &id, &why);
        if (case_change_done(r, w, &c, rc, "Note added", "notes")) {
            case_free(&c);
            return;
        }
        form_errors_add(&errs, "note", why);
    }
    CaseNoteList list;
    if (case_notes(r->db, c.id, &list) != 0) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    render_notes(r, w, &c, &list, &errs);
    case_note_list_free(&list);
    case_free(&c);
}

static void render_note_edit(Req *r, Resp *w, const Case *c, const CaseNote *n, int from_form,
                             const FormErrors *errs)
{
    Html h;
    html_init(&h);
    form_open(&h, c, errs, "Change your note");
    char when[64];
    timestamp_long(n->created_at, when, sizeof when);
    html_printf(&h, "<p class=\"govuk-body\">You wrote this note on %s. The case's timeline keeps what it said"
                    " before.</p><form method=\"post\" action=\"/cases/%lld/notes/%lld\" novalidate>",
                when, (long long)c->id, (long long)n->id);
    govuk_csrf_field(&h, req_csrf(r));
    govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "note", .label = "Note", .label_classes = "govuk-label--s",
                                        .value = from_form ? req_form(r, "note") : n->body, .rows = 8,
                                        .error = form_errors_get(errs, "note")});
    govuk_button(&h, &(GovukButton){.text = "Save note", .prevent_double_click = 1});
    char back[96];
    case_href(back, sizeof back, c->id, "notes");
    html_printf(&h, " <a class=\"govuk-link\" href=\"%s\">Cancel</a></form>", back);
    form_close(&h);
    case_page(r, w, c, "Change your note", NULL, errs, &h);
    html_free(&h);
}

static int load_note(Req *r, Resp *w, const Case *c, CaseNote *n)
{
    int64_t id = case_param_id(r, 1);
    int rc = id ? case_note_get(r->db, c->id, id, n) : 0;
    if (rc != 1) {
        page_error(r, w, rc == 0 ? 404 : 500);
        return 0;
    }
    return 1;
}

/* GET /cases/{id}/notes/{nid} */
void page_case_note_edit_form(Req *r, Resp *w)
{
    Case c;
    if (!load_for_record(r, w, PERM_CASES_WORK, &c, "Change your note", "notes"))
        return;
    CaseNote n;
    if (load_note(r, w, &c, &n)) {
        if (!r->actor.user_id || n.author_id != r->actor.user_id) {
            page_error(r, w, 403); /* only the author changes a note */
        } else {
            FormErrors errs = {0};
            render_note_edit(r, w, &c, &n, 0, &errs);
        }
        case_note_free(&n);
    }
    case_free(&c);
}

/* POST /cases/{id}/notes/{nid} */
void page_case_note_edit_submit(Req *r, Resp *w)
{
    Case c;
    if (!load_for_record(r, w, PERM_CASES_WORK, &c, "Change your note", "notes"))
        return;
    CaseNote n;
    if (!load_note(r, w, &c, &n)) {
        case_free(&c);
        return;
    }
    if (!r->actor.user_id || n.author_id != r->actor.user_id) {
        /* only the author changes a note (the store refuses it too) */
        case_note_free(&n);
        case_free(&c);
        page_error(r, w, 403);
        return;
    }
    FormErrors errs = {0};
    const char *body = req_form(r, "note");
    check_text(&errs, "note", body, 1, CASE_TEXT_MAX, "Enter the note", "The note");
    if (!errs.n) {
        const char *why = NULL;
        int rc = case_note_edit(r->db, &r->actor, c.id, n.id, body, &why);
        if (case_change_done(r, w, &c, rc, "Note changed", "notes")) {
            case_note_free(&n);
            case_free(&c);
            return;
        }
        form_errors_add(&errs, "note", why);
    }
    render_note_edit(r, w, &c, &n, 1, &errs);
    case_note_free(&n);
    case_free(&c);
}
