/*
 * reviews.c - termly reviews and the money that follows them (issue 15
 * items 2, 3, 5, 7; store/reviews.h).
 *
 * GET  /cases/{id}/monitoring              the case's Monitoring tab: reviews, each item's rating term
 *                                          by term (an SVG chart and the same data as a table), and
 *                                          withholding recommendations to confirm or dismiss
 * POST /cases/{id}/monitoring/progress     RISE's review path: open this term's progress review
 * POST /cases/{id}/recommendations/{n}     confirm (withhold) or dismiss a recommendation
 * GET  /reviews                            reviews due and overdue this term: mine, my region, all
 * GET  /reviews/{id}                       one review, for everyone who reads the plan
 * GET  /reviews/{id}/edit, POST            the provider writes it (or a caseworker for them)
 * GET  /reviews/{id}/decision, POST        the adviser or caseworker accepts or returns it
 *
 * Each page asks authorise() with the case's scope: a stranger gets 404,
 * a reader without the permission 403.
 */
#include "core/date.h"
#include "domain/access.h"
#include "domain/reviews.h"
#include "store/reviews.h"
#include "store/terms.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REVIEW_ITEMS_MAX (PLAN_MAX_ACTIONS + PLAN_MAX_AREAS + PLAN_MAX_OBJECTIVES)
#define DUE_PAGE 50

static int external(const Req *r)
{
    return r->who.role == ROLE_SCHOOL || r->who.role == ROLE_SUPPORTING_ORGANISATION;
}

static const char *rag_tag_class(Rag g)
{
    return g == RAG_RED ? "govuk-tag--red" : g == RAG_AMBER ? "govuk-tag--orange" : g == RAG_GREEN ? "govuk-tag--green"
                                                                                                 : "govuk-tag--grey";
}

static void status_tag(Html *h, const char *status, const char *due_on, const char *today)
{
    const char *cls = strcmp(status, "accepted") == 0    ? "govuk-tag--green"
                      : strcmp(status, "submitted") == 0 ? "govuk-tag--blue"
                      : strcmp(status, "missed") == 0    ? "govuk-tag--red"
                      : strcmp(status, "returned") == 0  ? "govuk-tag--orange"
                                                         : "govuk-tag--grey";
    govuk_tag(h, &(GovukTag){.text = review_status_label(status), .classes = cls});
    if (due_on && today && strcmp(due_on, today) < 0 &&
        (strcmp(status, "due") == 0 || strcmp(status, "draft") == 0 || strcmp(status, "returned") == 0)) {
        html_lit(h, " ");
        govuk_tag(h, &(GovukTag){.text = "Overdue", .classes = "govuk-tag--red"});
    }
}

/* Loads the review of route parameter 0 and its case; checks the reader
   (404) and perm (403). 0 when a response was written. */
static int review_load(Req *r, Resp *w, Perm perm, Review *rv, Case *c)
{
    memset(c, 0, sizeof *c);
    int64_t id = case_param_id(r, 0);
    int rc = id ? review_get(r->db, id, rv) : 0;
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    rc = case_get(r->db, rv->case_id, c);
    if (rc != 1) {
        review_free(rv);
        page_error(r, w, 500);
        return 0;
    }
    Scope s = case_scope(c);
    s.plan_author = c->matched_provider;
    if (authorise(&r->who, PERM_PLAN_READ, &s) != ACCESS_ALLOW || authorise(&r->who, perm, &s) != ACCESS_ALLOW) {
        page_error(r, w, authorise(&r->who, PERM_PLAN_READ, &s) == ACCESS_ALLOW ? 403 : 404);
        review_free(rv);
        case_free(c);
        return 0;
    }
    return 1;
}

static int may(const Req *r, const Case *c, Perm perm)
{
    Scope s = case_scope(c);
    s.plan_author = c->matched_provider;
    return authorise(&r->who, perm, &s) == ACCESS_ALLOW;
}

/* A review's page in its shell: back to the case's monitoring (or the external reader's case). */
static void review_shell(Req *r, Resp *w, const Case *c, const char *title, const FormErrors *errs, const Html *content)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    char back[64];
    if (external(r))
        snprintf(back, sizeof back, "/your-cases/%lld", (long long)c->id);
    else
        case_href(back, sizeof back, c->id, "monitoring");
    govuk_back_link(&before, &(GovukBackLink){.href = back, .text = "Back to the case"});
    page_flash(r, &h);
    html_append(&h, content);
    char full[400];
    snprintf(full, sizeof full, "%s - %s", title, c->subject_name);
    PageOpts o = {.title = full, .nav = external(r) ? "your-cases" : "cases", .before = &before};
    if (errs)
        page_render_form(r, w, &o, errs, &h);
    else
        page_render(r, w, 200, &o, &h);
    html_free(&h);
    html_free(&before);
}

/* ---- the chart ---- */

/* Each item's rating term by term: an SVG (a row per item, a column per
   term, a coloured circle with its letter) and the same data as a table. */
static void ratings_chart(Html *h, const RatingChart *ch)
{
    if (ch->n_terms == 0 || ch->n_series == 0) {
        html_lit(h, "<p class=\"govuk-body\">The ratings will show here term by term once a review is submitted.</p>");
        return;
    }
    const int label_w = 360, col_w = 110, row_h = 34, top = 44;
    int width = label_w + col_w * (int)ch->n_terms + 10;
    int height = top + row_h * (int)(ch->n_series + 1) + 6;
    html_printf(h, "<figure class=\"rise-chart\" style=\"margin:0 0 20px 0;overflow-x:auto\">"
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"rating-chart-title\""
                   " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"14\">"
                   "<title id=\"rating-chart-title\">Ratings term by term: each area, objective and action, and the"
                   " overall progress. The table below has the same data.</title>",
                width, height, width, height);
    /* a term's heading on two lines ("Autumn term" over "2026/27"): on one
       line it is wider than its column and runs into the next */
    for (size_t t = 0; t < ch->n_terms; t++) {
        const char *term = ch->terms[t] ? ch->terms[t] : "";
        const char *sp = strrchr(term, ' ');
        int x = label_w + col_w * (int)t + col_w / 2;
        if (sp)
            html_printf(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%.*s<tspan x=\"%d\""
                           " dy=\"16\">%s</tspan></text>",
                        x, top - 26, (int)(sp - term), term, x, sp + 1);
        else
            html_printf(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>", x,
                        top - 18, term);
    }
    for (size_t i = 0; i <= ch->n_series; i++) {
        int y = top + row_h * (int)i;
        const char *label = i < ch->n_series ? ch->series[i].label : "Overall progress";
        char shortl[64];
        snprintf(shortl, sizeof shortl, "%s", label ? label : "");
        if (label && strlen(label) >= sizeof shortl) {
            size_t cut = sizeof shortl - 4;
            while (cut > 0 && ((unsigned char)shortl[cut] & 0xC0) == 0x80)
                cut--;
            memcpy(shortl + cut, "...", 4);
        }
        html_printf(h, "<text x=\"0\" y=\"%d\"%s>%s</text>", y + row_h / 2 + 5,
                    i == ch->n_series ? " font-weight=\"bold\"" : "", shortl);
        for (size_t t = 0; t < ch->n_terms; t++) {
            Rag g = i < ch->n_series ? ch->series[i].ratings[t] : overall_rag(ch->overall[t]);
            const char *fill = g == RAG_RED ? "#d4351c" : g == RAG_AMBER ? "#f47738" : g == RAG_GREEN ? "#00703c"
                                                                                                     : "#b1b4b6";
            const char *letter = g == RAG_RED ? "R" : g == RAG_AMBER ? "A" : g == RAG_GREEN ? "G" : "-";
            int cx = label_w + col_w * (int)t + col_w / 2, cy = y + row_h / 2;
            html_printf(h, "<circle cx=\"%d\" cy=\"%d\" r=\"13\" fill=\"%s\"/><text x=\"%d\" y=\"%d\""
                           " text-anchor=\"middle\" fill=\"#ffffff\" font-weight=\"bold\">%s</text>",
                        cx, cy, fill, cx, cy + 5, letter);
        }
    }
    html_lit(h, "</svg></figure>");

    /* the same data as a table */
    html_lit(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">Ratings"
                " term by term</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Area, objective or action</th>");
    for (size_t t = 0; t < ch->n_terms; t++)
        html_printf(h, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", ch->terms[t]);
    html_lit(h, "</tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i <= ch->n_series; i++) {
        html_printf(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>",
                    i < ch->n_series ? ch->series[i].label : "Overall progress");
        for (size_t t = 0; t < ch->n_terms; t++) {
            html_lit(h, "<td class=\"govuk-table__cell\">");
            if (i < ch->n_series) {
                Rag g = ch->series[i].ratings[t];
                govuk_tag(h, &(GovukTag){.text = rag_label(g), .classes = rag_tag_class(g)});
            } else {
                html_printf(h, "%s", overall_label(ch->overall[t]));
            }
            html_lit(h, "</td>");
        }
        html_lit(h, "</tr>");
    }
    html_lit(h, "</tbody></table>");
}

/* ---- the case's Monitoring tab ---- */

static void recommendations_section(Req *r, Html *h, const Case *c, const RecommendationList *l)
{
    int can = may(r, c, PERM_GRANT_PROGRESS);
    for (size_t i = 0; i < l->n; i++) {
        const Recommendation *x = &l->items[i];
        if (strcmp(x->status, "open") != 0)
            continue;
        char money[32] = "", payment[200];
        if (x->line_label) {
            plan_money(x->line_amount, money, sizeof money);
            snprintf(payment, sizeof payment, "the payment %s, %s,", x->line_label, money);
        } else {
            snprintf(payment, sizeof payment, "the next payment");
        }
        html_printf(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\""
                       " aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span"
                       " class=\"govuk-visually-hidden\">Warning</span>Withholding %s is recommended: %s.</strong></div>",
                    payment, x->reason);
        if (!can)
            continue;
        html_printf(h, "<form method=\"post\" action=\"/cases/%lld/recommendations/%lld\" novalidate>",
                    (long long)c->id, (long long)x->id);
        govuk_csrf_field(h, req_csrf(r));
        char name[40];
        snprintf(name, sizeof name, "note-%lld", (long long)x->id);
        govuk_textarea(h, &(GovukTextarea){.name = "note", .id = name, .label = "Note",
                                           .label_classes = "govuk-label--s", .rows = 2,
                                           .hint = "Needed to dismiss it: why the payment should still be made"});
        html_lit(h, "<div class=\"govuk-button-group\">");
        govuk_button(h, &(GovukButton){.text = "Withhold the payment", .name = "decision", .value = "confirm",
                                       .classes = "govuk-button--warning", .prevent_double_click = 1});
        govuk_button(h, &(GovukButton){.text = "Dismiss", .name = "decision", .value = "dismiss",
                                       .classes = "govuk-button--secondary", .prevent_double_click = 1});
        html_lit(h, "</div></form>");
    }
}

void page_case_monitoring(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    ReviewList l;
    RecommendationList recs;
    RatingChart ch;
    if (reviews_for_case(r->db, c.id, &l) != 0) {
        page_error(r, w, 500);
        case_free(&c);
        return;
    }
    recommendations_for_case(r->db, c.id, &recs);
    review_chart(r->db, c.id, &ch);
    char today[11];
    case_today(r, today);
    Html h;
    html_init(&h);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Monitoring</h2>");
    recommendations_section(r, &h, &c, &recs);
    if (l.n == 0) {
        SchoolTermList terms;
        int no_terms = school_terms_list(r->db, &terms) == 0 && terms.n == 0;
        school_term_list_free(&terms);
        html_printf(&h, "<p class=\"govuk-body\">%s</p>",
                    no_terms ? "No school terms are set, so no review can be scheduled: an administrator sets them"
                               " under Programme settings, School terms."
                             : "Termly reviews are scheduled when the plan is approved: one for each term it runs in,"
                               " due about a month before the term ends.");
    } else {
        GovukTableCell head[] = {{.text = "Term"}, {.text = "Due"}, {.text = "Status"}, {.text = "Overall progress"}};
        govuk_table_open(&h, &(GovukTable){.caption = "Reviews", .caption_classes = "govuk-table__caption--s",
                                           .head = head, .n_head = 4});
        for (size_t i = 0; i < l.n; i++) {
            const Review *v = &l.items[i];
            Html term, st;
            html_init(&term);
            html_init(&st);
            html_printf(&term, "<a class=\"govuk-link\" href=\"/reviews/%lld\">%s</a>%s", (long long)v->id,
                        v->term_label, strcmp(v->kind, "progress") == 0 ? " (progress review)" : "");
            status_tag(&st, v->status, v->due_on, today);
            char due[40];
            case_long_date(v->due_on, due, sizeof due);
            GovukTableCell cells[] = {{.html = &term}, {.text = due}, {.html = &st}, {.text = overall_label(v->overall)}};
            govuk_table_row(&h, cells, 4, 0);
            html_free(&term);
            html_free(&st);
        }
        govuk_table_close(&h);
    }
    /* RISE's review path: a school not matched to an organisation, so with no plan to review */
    if (strcmp(c.programme, "rise") == 0 && !c.matched_provider && !case_has_termly_reviews(r->db, c.id) &&
        may(r, &c, PERM_REVIEW_WRITE) && strcmp(c.status, "in progress") == 0) {
        html_printf(&h, "<form method=\"post\" action=\"/cases/%lld/monitoring/progress\" novalidate>"
                        "<p class=\"govuk-body\">A school on the review path, not matched to a supporting"
                        " organisation, has a progress review each term with its next steps.</p>",
                    (long long)c.id);
        govuk_csrf_field(&h, req_csrf(r));
        govuk_button(&h, &(GovukButton){.text = "Record this term's progress review",
                                        .classes = "govuk-button--secondary", .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Ratings term by term</h2>");
    ratings_chart(&h, &ch);
    int past = 0;
    for (size_t i = 0; i < recs.n; i++)
        past += strcmp(recs.items[i].status, "open") != 0;
    if (past) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Withholding decisions</h2><ul class=\"govuk-list\">");
        for (size_t i = 0; i < recs.n; i++) {
            const Recommendation *x = &recs.items[i];
            if (strcmp(x->status, "open") == 0)
                continue;
            char on[80];
            timestamp_long(x->decided_at, on, sizeof on);
            html_printf(&h, "<li>%s: %s. %s by %s on %s%s%s</li>", strcmp(x->status, "confirmed") == 0 ? "Withheld"
                                                                                                     : "Dismissed",
                        x->reason, strcmp(x->status, "confirmed") == 0 ? "Confirmed" : "Decided",
                        person_name(x->decided_by), on,
                        x->decision_note ? ": " : "", x->decision_note ? x->decision_note : "");
        }
        html_lit(&h, "</ul>");
    }
    case_page(r, w, &c, "Monitoring", "monitoring", NULL, &h);
    html_free(&h);
    rating_chart_free(&ch);
    recommendation_list_free(&recs);
    review_list_free(&l);
    case_free(&c);
}

/* POST /cases/{id}/monitoring/progress */
void page_case_progress_review(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_REVIEW_WRITE, &c))
        return;
    char today[11];
    case_today(r, today);
    int64_t id = 0;
    const char *why = NULL;
    int rc = review_progress_open(r->db, &r->actor, &c, today, &id, &why);
    if (rc == CW_OK) {
        char to[64];
        snprintf(to, sizeof to, "/reviews/%lld/edit", (long long)id);
        resp_redirect(w, to);
    } else if (rc == CW_REFUSED) {
        req_flash(r, why);
        char to[64];
        case_href(to, sizeof to, c.id, "monitoring");
        resp_redirect(w, to);
    } else {
        page_error(r, w, 500);
    }
    case_free(&c);
}

/* POST /cases/{id}/recommendations/{n} */
void page_case_recommendation(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    if (!may(r, &c, PERM_GRANT_PROGRESS)) {
        page_error(r, w, 403);
        case_free(&c);
        return;
    }
    int64_t id = case_param_id(r, 1);
    const char *decision = req_form(r, "decision");
    int confirm = strcmp(decision, "confirm") == 0;
    const char *why = NULL;
    int rc = id && (confirm || strcmp(decision, "dismiss") == 0)
                 ? recommendation_decide(r->db, &r->actor, &c, id, confirm, req_form(r, "note"), &why)
                 : CW_NOT_FOUND;
    if (rc == CW_REFUSED) {
        req_flash(r, why);
        char to[64];
        case_href(to, sizeof to, c.id, "monitoring");
        resp_redirect(w, to);
    } else {
        case_change_done(r, w, &c, rc, confirm ? "The payment is withheld" : "The recommendation is dismissed",
                         "monitoring");
    }
    case_free(&c);
}

/* ---- one review ---- */

static void review_summary(Html *h, const Review *v)
{
    char due[40], written[80] = "", decided[80] = "", by[300] = "", dec[400] = "";
    case_long_date(v->due_on, due, sizeof due);
    if (v->written_at) {
        timestamp_long(v->written_at, written, sizeof written);
        snprintf(by, sizeof by, "%s, %s%s", person_name(v->written_by), written,
                 v->on_behalf ? " (on the provider's behalf)" : "");
    }
    if (v->decided_at) {
        timestamp_long(v->decided_at, decided, sizeof decided);
        snprintf(dec, sizeof dec, "%s by %s, %s%s%s", strcmp(v->status, "returned") == 0 ? "Returned" : "Accepted",
                 person_name(v->decided_by), decided, v->decision_note ? ": " : "",
                 v->decision_note ? v->decision_note : "");
    }
    GovukSummaryRow rows[6];
    int n = 0;
    rows[n++] = (GovukSummaryRow){.key = "Term", .value = v->term_label};
    rows[n++] = (GovukSummaryRow){.key = "Due", .value = due};
    rows[n++] = (GovukSummaryRow){.key = "Status", .value = review_status_label(v->status)};
    rows[n++] = (GovukSummaryRow){.key = "Overall progress", .value = overall_label(v->overall)};
    if (by[0])
        rows[n++] = (GovukSummaryRow){.key = "Written by", .value = by};
    if (dec[0])
        rows[n++] = (GovukSummaryRow){.key = "Decision", .value = dec};
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
}

/* GET /reviews/{id} */
void page_review(Req *r, Resp *w)
{
    Review v;
    Case c;
    if (!review_load(r, w, PERM_PLAN_READ, &v, &c))
        return;
    Html h;
    html_init(&h);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s review: %s</h1>",
                c.subject_name, strcmp(v.kind, "progress") == 0 ? "Progress" : "Termly", v.term_label);
    review_summary(&h, &v);
    int editable = strcmp(v.status, "due") == 0 || strcmp(v.status, "draft") == 0 ||
                   strcmp(v.status, "returned") == 0 || strcmp(v.status, "missed") == 0;
    if (editable && may(r, &c, PERM_REVIEW_WRITE) && strcmp(c.status, "in progress") == 0)
        html_printf(&h, "<a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/reviews/%lld/edit\">%s</a>",
                    (long long)v.id, strcmp(v.status, "due") == 0 ? "Write the review" : "Continue the review");
    if (strcmp(v.status, "submitted") == 0 && may(r, &c, PERM_REVIEW_DECIDE))
        html_printf(&h, "<a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/reviews/%lld/decision\">"
                        "Accept or return the review</a>",
                    (long long)v.id);
    if (v.n_ratings) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Progress against each area and action</h2>");
        GovukTableCell head[] = {{.text = "Area, objective or action"}, {.text = "Rating"}, {.text = "Evidence"},
                                 {.text = "Mitigation"}};
        govuk_table_open(&h, &(GovukTable){.head = head, .n_head = 4});
        for (size_t i = 0; i < v.n_ratings; i++) {
            const ReviewRatingRow *x = &v.ratings[i];
            Html tag;
            html_init(&tag);
            govuk_tag(&tag, &(GovukTag){.text = rag_label(x->rating), .classes = rag_tag_class(x->rating)});
            char mit[600];
            snprintf(mit, sizeof mit, "%s%s%s", x->stop ? "Stopped until another activity is delivered" : "",
                     x->stop && x->mitigation ? ". " : "", x->mitigation ? x->mitigation : "");
            GovukTableCell cells[] = {{.text = x->label}, {.html = &tag}, {.text = x->evidence ? x->evidence : ""},
                                      {.text = mit}};
            govuk_table_row(&h, cells, 4, 0);
            html_free(&tag);
        }
        govuk_table_close(&h);
    }
    GovukSummaryRow rows[4];
    int n = 0;
    if (v.next_steps)
        rows[n++] = (GovukSummaryRow){.key = "Next steps", .value = v.next_steps};
    if (v.chair_feedback)
        rows[n++] = (GovukSummaryRow){.key = "The chair of governors' feedback", .value = v.chair_feedback};
    if (v.ceo_feedback)
        rows[n++] = (GovukSummaryRow){.key = "The trust CEO's feedback", .value = v.ceo_feedback};
    if (v.sustain)
        rows[n++] = (GovukSummaryRow){.key = "How the school will sustain the work", .value = v.sustain};
    if (n)
        govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    review_shell(r, w, &c, "Review", NULL, &h);
    html_free(&h);
    review_free(&v);
    case_free(&c);
}

/* ---- writing it ---- */

/* The value typed (a POST) or stored. */
static const char *field(Req *r, const char *name, const char *stored)
{
    return strcmp(r->method, "POST") == 0 ? req_form(r, name) : stored ? stored : "";
}

static const ReviewRatingRow *stored_rating(const Review *v, const char *path)
{
    for (size_t i = 0; i < v->n_ratings; i++)
        if (strcmp(v->ratings[i].path, path) == 0)
            return &v->ratings[i];
    return NULL;
}

static void render_edit(Req *r, Resp *w, const Case *c, const Review *v, const ReviewItem *items, int n_items,
                        int tier3, int trust, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    int progress = strcmp(v->kind, "progress") == 0;
    html_printf(&h, "<span class=\"govuk-caption-l\">%s &middot; %s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                c->subject_name, v->term_label, progress ? "Progress review" : "Termly review");
    if (v->decision_note && strcmp(v->status, "returned") == 0)
        html_printf(&h, "<div class=\"govuk-inset-text\">Returned by %s: %s</div>", person_name(v->decided_by),
                    v->decision_note);
    html_printf(&h, "<form method=\"post\" action=\"/reviews/%lld/edit\" novalidate>", (long long)v->id);
    govuk_csrf_field(&h, req_csrf(r));
    GovukChoice rags[3] = {
        {.value = "green", .text = "Green", .hint = rag_wording(RAG_GREEN)},
        {.value = "amber", .text = "Amber", .hint = rag_wording(RAG_AMBER)},
        {.value = "red", .text = "Red", .hint = rag_wording(RAG_RED)},
    };
    for (int i = 0; i < n_items; i++) {
        const ReviewItem *it = &items[i];
        const ReviewRatingRow *s = stored_rating(v, it->path);
        char name[48], ev[48], mit[48], stop[48], ids[48];
        snprintf(name, sizeof name, "%s-rating", it->path);
        snprintf(ev, sizeof ev, "%s-evidence", it->path);
        snprintf(mit, sizeof mit, "%s-mitigation", it->path);
        snprintf(stop, sizeof stop, "%s-stop", it->path);
        snprintf(ids, sizeof ids, "%s-rating", it->path);
        html_printf(&h, "<h2 class=\"govuk-heading-%s\">%s</h2>", it->is_action ? "s" : "m", it->label);
        govuk_radios(&h, &(GovukRadios){.name = name, .id_prefix = ids, .legend = "Rating",
                                        .legend_classes = "govuk-fieldset__legend--s",
                                        .value = field(r, name, s ? rag_slug(s->rating) : NULL), .items = rags,
                                        .n_items = 3, .classes = "govuk-radios--small",
                                        .error = form_errors_get(errs, ids)});
        govuk_textarea(&h, &(GovukTextarea){.name = ev, .label = "Evidence", .label_classes = "govuk-label--s",
                                            .hint = "What shows the activity is on course to achieve its outcome, or"
                                                    " has achieved it",
                                            .rows = 3, .value = field(r, ev, s ? s->evidence : NULL),
                                            .error = form_errors_get(errs, ev)});
        govuk_textarea(&h, &(GovukTextarea){.name = mit, .label = "Mitigation (amber or red)",
                                            .label_classes = "govuk-label--s",
                                            .hint = "How it will be brought back on track", .rows = 2,
                                            .value = field(r, mit, s ? s->mitigation : NULL),
                                            .error = form_errors_get(errs, mit)});
        const char *stopped = strcmp(r->method, "POST") == 0 ? (*req_form(r, stop) ? "yes" : NULL) : (s && s->stop ? "yes" : NULL);
        GovukChoice stop_item = {.value = "yes", .text = "Stop this activity until another is delivered"};
        govuk_checkboxes(&h, &(GovukCheckboxes){.name = stop, .values = stopped ? &stopped : NULL,
                                                .n_values = stopped ? 1 : 0, .items = &stop_item, .n_items = 1,
                                                .classes = "govuk-checkboxes--small"});
    }
    if (progress)
        govuk_textarea(&h, &(GovukTextarea){.name = "next_steps", .label = "Next steps",
                                            .label_classes = "govuk-label--m",
                                            .hint = "What the school will do next, and whether it should now be"
                                                    " matched to a supporting organisation",
                                            .value = field(r, "next_steps", v->next_steps),
                                            .error = form_errors_get(errs, "next_steps")});
    GovukChoice overall[OVERALL_COUNT - 1];
    for (int o = 1; o < OVERALL_COUNT; o++)
        overall[o - 1] = (GovukChoice){.value = overall_slug((Overall)o), .text = overall_label((Overall)o),
                                       .hint = overall_hint((Overall)o)};
    govuk_radios(&h, &(GovukRadios){.name = "overall", .legend = "Overall progress",
                                    .legend_classes = "govuk-fieldset__legend--m",
                                    .value = field(r, "overall", overall_slug(v->overall)), .items = overall,
                                    .n_items = OVERALL_COUNT - 1, .error = form_errors_get(errs, "overall")});
    if (tier3) {
        govuk_textarea(&h, &(GovukTextarea){.name = "chair_feedback", .label = "The chair of governors' feedback",
                                            .label_classes = "govuk-label--s",
                                            .value = field(r, "chair_feedback", v->chair_feedback),
                                            .error = form_errors_get(errs, "chair_feedback")});
        if (trust)
            govuk_textarea(&h, &(GovukTextarea){.name = "ceo_feedback", .label = "The trust CEO's feedback",
                                                .label_classes = "govuk-label--s",
                                                .value = field(r, "ceo_feedback", v->ceo_feedback),
                                                .error = form_errors_get(errs, "ceo_feedback")});
        govuk_textarea(&h, &(GovukTextarea){.name = "sustain",
                                            .label = "How the school will sustain the activities beyond the funded"
                                                     " period",
                                            .label_classes = "govuk-label--s", .value = field(r, "sustain", v->sustain),
                                            .error = form_errors_get(errs, "sustain")});
    }
    html_lit(&h, "<div class=\"govuk-button-group\">");
    govuk_button(&h, &(GovukButton){.text = "Submit the review", .name = "action", .value = "submit",
                                    .prevent_double_click = 1});
    govuk_button(&h, &(GovukButton){.text = "Save as a draft", .name = "action", .value = "save",
                                    .classes = "govuk-button--secondary", .prevent_double_click = 1});
    html_lit(&h, "</div></form>");
    review_shell(r, w, c, progress ? "Progress review" : "Termly review", errs, &h);
    html_free(&h);
}

/* The form's items for this review (none for a progress review). -1 on error. */
static int form_items(Req *r, const Case *c, const Review *v, ReviewItem *items, int *tier3, int *trust)
{
    *tier3 = *trust = 0;
    if (strcmp(v->kind, "progress") == 0)
        return 0;
    return review_form_of(r->db, c, items, REVIEW_ITEMS_MAX, tier3, trust);
}

/* GET /reviews/{id}/edit */
void page_review_edit(Req *r, Resp *w)
{
    Review v;
    Case c;
    if (!review_load(r, w, PERM_REVIEW_WRITE, &v, &c))
        return;
    static ReviewItem items[REVIEW_ITEMS_MAX];
    int tier3, trust;
    int n = form_items(r, &c, &v, items, &tier3, &trust);
    if (n < 0)
        page_error(r, w, 500);
    else
        render_edit(r, w, &c, &v, items, n, tier3, trust, &(FormErrors){0});
    review_free(&v);
    case_free(&c);
}

/* POST /reviews/{id}/edit */
void page_review_save(Req *r, Resp *w)
{
    Review v;
    Case c;
    if (!review_load(r, w, PERM_REVIEW_WRITE, &v, &c))
        return;
    ReviewItem *items = calloc(REVIEW_ITEMS_MAX, sizeof *items);
    ReviewRatingIn *in_r = calloc(REVIEW_ITEMS_MAX, sizeof *in_r);
    int tier3 = 0, trust = 0;
    int n = items && in_r ? form_items(r, &c, &v, items, &tier3, &trust) : -1;
    if (n < 0) {
        page_error(r, w, 500);
        goto out;
    }
    FormErrors errs = {0};
    for (int i = 0; i < n; i++) {
        char name[48];
        snprintf(name, sizeof name, "%s-rating", items[i].path);
        in_r[i].path = items[i].path;
        in_r[i].rating = rag_from_slug(req_form(r, name));
        snprintf(name, sizeof name, "%s-evidence", items[i].path);
        in_r[i].evidence = req_form(r, name);
        snprintf(name, sizeof name, "%s-mitigation", items[i].path);
        in_r[i].mitigation = req_form(r, name);
        snprintf(name, sizeof name, "%s-stop", items[i].path);
        in_r[i].stop = *req_form(r, name) != '\0';
        const char *texts[2] = {in_r[i].evidence, in_r[i].mitigation}, *names[2] = {"evidence", "mitigation"};
        for (int k = 0; k < 2; k++)
            if (texts[k] && strlen(texts[k]) > CASE_TEXT_MAX) {
                snprintf(name, sizeof name, "%s-%s", items[i].path, names[k]);
                form_errors_add(&errs, name, "The text must be 4,000 characters or fewer");
            }
    }
    ReviewIn in = {.ratings = in_r,
                   .n = (size_t)n,
                   .overall = overall_from_slug(req_form(r, "overall")),
                   .chair_feedback = req_form(r, "chair_feedback"),
                   .ceo_feedback = req_form(r, "ceo_feedback"),
                   .sustain = req_form(r, "sustain"),
                   .next_steps = req_form(r, "next_steps")};
    if (errs.n) {
        render_edit(r, w, &c, &v, items, n, tier3, trust, &errs);
        goto out;
    }
    int submit = strcmp(req_form(r, "action"), "submit") == 0;
    ReviewProblem problems[REVIEW_MAX_PROBLEMS];
    size_t n_problems = 0;
    const char *why = NULL;
    int rc = review_save(r->db, &r->actor, &c, v.id, &in, submit, problems, &n_problems, &why);
    if (rc == CW_REFUSED) {
        for (size_t i = 0; i < n_problems; i++)
            form_errors_add(&errs, problems[i].field, problems[i].message);
        if (!n_problems)
            form_errors_add(&errs, "overall", why);
        render_edit(r, w, &c, &v, items, n, tier3, trust, &errs);
        goto out;
    }
    if (rc != CW_OK) {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
        goto out;
    }
    req_flash(r, submit ? "The review is submitted: the adviser or caseworker is asked to review it"
                        : "The review is saved as a draft");
    char to[64];
    snprintf(to, sizeof to, "/reviews/%lld", (long long)v.id);
    resp_redirect(w, to);
out:
    free(items);
    free(in_r);
    review_free(&v);
    case_free(&c);
}

/* ---- accepting it ---- */

static void render_decision(Req *r, Resp *w, const Case *c, const Review *v, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s &middot; %s</span><h1 class=\"govuk-heading-l\">Accept or"
                    " return the review</h1>",
                c->subject_name, v->term_label);
    review_summary(&h, v);
    html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reviews/%lld\">Read the review</a></p>"
                    "<div class=\"govuk-inset-text\">Accepting a review with satisfactory progress (progressing well"
                    " or improved, nothing rated red) releases the next term's payment. Otherwise withholding the"
                    " next payment is recommended, for a person to confirm.</div>"
                    "<form method=\"post\" action=\"/reviews/%lld/decision\" novalidate>",
                (long long)v->id, (long long)v->id);
    govuk_csrf_field(&h, req_csrf(r));
    GovukChoice items[2] = {{.value = "accept", .text = "Accept the review"},
                            {.value = "return", .text = "Return it with comments"}};
    govuk_radios(&h, &(GovukRadios){.name = "outcome", .legend = "Your decision",
                                    .legend_classes = "govuk-fieldset__legend--m", .value = req_form(r, "outcome"),
                                    .items = items, .n_items = 2, .error = form_errors_get(errs, "outcome")});
    govuk_textarea(&h, &(GovukTextarea){.name = "note", .label = "Comments", .label_classes = "govuk-label--s",
                                        .hint = "Needed to return it: what must change", .value = req_form(r, "note"),
                                        .error = form_errors_get(errs, "note")});
    govuk_button(&h, &(GovukButton){.text = "Record the decision", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    review_shell(r, w, c, "Accept or return the review", errs, &h);
    html_free(&h);
}

/* GET /reviews/{id}/decision */
void page_review_decision_form(Req *r, Resp *w)
{
    Review v;
    Case c;
    if (!review_load(r, w, PERM_REVIEW_DECIDE, &v, &c))
        return;
    render_decision(r, w, &c, &v, &(FormErrors){0});
    review_free(&v);
    case_free(&c);
}

/* POST /reviews/{id}/decision */
void page_review_decision(Req *r, Resp *w)
{
    Review v;
    Case c;
    if (!review_load(r, w, PERM_REVIEW_DECIDE, &v, &c))
        return;
    FormErrors errs = {0};
    const char *outcome = req_form(r, "outcome");
    const char *note = req_form(r, "note");
    int accept = strcmp(outcome, "accept") == 0;
    if (!accept && strcmp(outcome, "return") != 0)
        form_errors_add(&errs, "outcome", "Select whether you accept the review or return it");
    else if (!accept && !*note)
        form_errors_add(&errs, "note", "Say what needs to change before the review is submitted again");
    else if (strlen(note) > CASE_TEXT_MAX)
        form_errors_add(&errs, "note", "The comments must be 4,000 characters or fewer");
    const char *why = NULL;
    int rc = errs.n ? CW_REFUSED : review_decide(r->db, &r->actor, &c, v.id, accept, note, &why);
    if (rc == CW_REFUSED) {
        if (!errs.n)
            form_errors_add(&errs, "outcome", why);
        render_decision(r, w, &c, &v, &errs);
    } else if (rc != CW_OK) {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
    } else {
        req_flash(r, accept ? "The review is accepted" : "The review is returned with your comments");
        char to[64];
        case_href(to, sizeof to, c.id, "monitoring");
        resp_redirect(w, to);
    }
    review_free(&v);
    case_free(&c);
}

/* ---- reviews due this term ---- */

/* GET /reviews?whose=mine|region|all&page=N */
void page_reviews_due(Req *r, Resp *w)
{
    char today[11], until[11];
    case_today(r, today);
    SchoolTermList terms;
    if (school_terms_list(r->db, &terms) != 0) {
        page_error(r, w, 500);
        return;
    }
    int at = term_at(terms.items, terms.n, date_parse(today, NULL));
    char term[40] = "";
    if (at >= 0) {
        date_iso(terms.items[at].ends, until);
        term_label(&terms.items[at], term, sizeof term);
    } else {
        snprintf(until, sizeof until, "%s", today);
    }
    school_term_list_free(&terms);
    const char *whose = req_query(r, "whose");
    int regional = r->who.region && *r->who.region;
    if (strcmp(whose, "mine") != 0 && strcmp(whose, "region") != 0 && strcmp(whose, "all") != 0)
        whose = r->who.role == ROLE_DELIVERY_OFFICER || r->who.role == ROLE_ADVISER ? "mine"
                : regional                                                             ? "region"
                                                                                       : "all";
    if (strcmp(whose, "all") == 0 && regional && r->who.role != ROLE_ADMIN)
        whose = "region"; /* a regional role sees its region */
    const char *region = strcmp(whose, "region") == 0 ? r->who.region : NULL;
    int64_t me = strcmp(whose, "mine") == 0 ? r->who.user_id : 0;
    if (r->who.role == ROLE_ADVISER && !me)
        me = r->who.user_id; /* an adviser sees only the cases allocated to them */
    long page = strtol(req_query(r, "page"), NULL, 10);
    if (page < 1 || page > 100000)
        page = 1;
    ReviewDueList l;
    if (reviews_due(r->db, region, me, 0, today, until, (size_t)(page - 1) * DUE_PAGE, DUE_PAGE, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Reviews due</h1>",
                term[0] ? term : "No term is set for today");
    html_printf(&h, "<p class=\"govuk-body\">Termly and progress reviews due by the end of this term and not yet"
                    " accepted: <strong>%lld</strong>, of which <strong>%lld</strong> overdue.</p>",
                (long long)l.total, (long long)l.overdue);
    html_lit(&h, "<nav class=\"govuk-!-margin-bottom-4\" aria-label=\"Whose reviews\"><ul class=\"govuk-list\">");
    static const struct {
        const char *key, *text;
    } WHOSE[] = {{"mine", "Cases I work on"}, {"region", "My region"}, {"all", "All regions"}};
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(WHOSE[i].key, "region") == 0 && !regional)
            continue;
        if (strcmp(WHOSE[i].key, "all") == 0 && regional && r->who.role != ROLE_ADMIN)
            continue;
        if (strcmp(WHOSE[i].key, whose) == 0)
            html_printf(&h, "<li><strong>%s</strong></li>", WHOSE[i].text);
        else
            html_printf(&h, "<li><a class=\"govuk-link\" href=\"/reviews?whose=%s\">%s</a></li>", WHOSE[i].key,
                        WHOSE[i].text);
    }
    html_lit(&h, "</ul></nav>");
    if (l.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No review is due.</p>");
    } else {
        GovukTableCell head[] = {{.text = "School or trust"}, {.text = "Region"}, {.text = "Term"}, {.text = "Due"},
                                 {.text = "Status"}, {.text = "Delivery officer"}};
        govuk_table_open(&h, &(GovukTable){.head = head, .n_head = 6});
        for (size_t i = 0; i < l.n; i++) {
            const ReviewDue *d = &l.items[i];
            Html name, st;
            html_init(&name);
            html_init(&st);
            html_printf(&name, "<a class=\"govuk-link\" href=\"/reviews/%lld\">%s</a>", (long long)d->review_id,
                        d->school);
            status_tag(&st, d->status, d->due_on, today);
            char due[40];
            case_long_date(d->due_on, due, sizeof due);
            GovukTableCell cells[] = {{.html = &name},   {.text = d->region ? d->region : ""},
                                      {.text = d->term_label}, {.text = due},
                                      {.html = &st},     {.text = d->owner ? d->owner : "Not allocated"}};
            govuk_table_row(&h, cells, 6, 0);
            html_free(&name);
            html_free(&st);
        }
        govuk_table_close(&h);
        if ((int64_t)(page * DUE_PAGE) < l.total)
            html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reviews?whose=%s&amp;page=%ld\">"
                            "Next page</a></p>",
                        whose, page + 1);
    }
    PageOpts o = {.title = "Reviews due", .nav = "cases"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    review_due_list_free(&l);
}

/* On the external reader's case page (/your-cases/{id}): the case's reviews,
   with what is asked of the provider who writes them. */
void reviews_your_case_section(Req *r, Html *h, const Case *c)
{
    if (!may(r, c, PERM_PLAN_READ))
        return;
    ReviewList l;
    if (reviews_for_case(r->db, c->id, &l) != 0 || l.n == 0) {
        review_list_free(&l);
        return;
    }
    char today[11];
    case_today(r, today);
    int writer = may(r, c, PERM_REVIEW_WRITE) && strcmp(c->status, "in progress") == 0;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Termly reviews</h2><p class=\"govuk-body\">Progress against the plan"
                " is reviewed each term, about a month before the term ends");
    if (writer)
        html_lit(h, ": you write each review, and the Department for Education accepts it or asks for changes.</p>");
    else
        html_lit(h, ".</p>");
    GovukTableCell head[] = {{.text = "Term"}, {.text = "Due"}, {.text = "Status"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 3});
    for (size_t i = 0; i < l.n; i++) {
        const Review *v = &l.items[i];
        Html term, st;
        html_init(&term);
        html_init(&st);
        int editable = strcmp(v->status, "due") == 0 || strcmp(v->status, "draft") == 0 ||
                       strcmp(v->status, "returned") == 0 || strcmp(v->status, "missed") == 0;
        html_printf(&term, "<a class=\"govuk-link\" href=\"/reviews/%lld%s\">%s</a>", (long long)v->id,
                    writer && editable ? "/edit" : "", v->term_label);
        status_tag(&st, v->status, v->due_on, today);
        char due[40];
        case_long_date(v->due_on, due, sizeof due);
        GovukTableCell cells[] = {{.html = &term}, {.text = due}, {.html = &st}};
        govuk_table_row(h, cells, 3, 0);
        html_free(&term);
        html_free(&st);
    }
    govuk_table_close(h);
    review_list_free(&l);
}
