/*
 * case_decisions.c - a case's decision log, one decision and its approval
 * by the regional director, and the case's timeline (every change, from the
 * audit trail). Split from cases.c, which keeps the header, tasks, people
 * and status.
 */
#include "web/pages/case_common.h"

#include "core/date.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -------------------------------------------------------------- decisions */

static const char *decision_type_label(const char *type)
{
    static const struct {
        const char *type, *label;
    } T[] = {{"category", "RISE category"},
             {"identification", "Identification"},
             {"school-response", "School's response"},
             {"conflict-of-interest", "Conflict-of-interest check"},
             {"conflict-override", "Conflict override"},
             {"adviser-allocation", "Adviser allocation"},
             {"concern-raised", "Engagement concern raised"},
             {"concern-escalated", "Engagement concern escalated"},
             {"concern-resolved", "Engagement concern resolved"},
             {"status", "Case status"}};
    for (size_t i = 0; type && i < sizeof T / sizeof T[0]; i++)
        if (strcmp(T[i].type, type) == 0)
            return T[i].label;
    return type ? type : "";
}

static void approval_html(Html *h, const CaseDecision *d)
{
    if (!d->approval) {
        html_lit(h, "Not needed");
    } else if (strcmp(d->approval, "awaiting") == 0) {
        govuk_tag(h, &(GovukTag){.text = "Awaiting approval", .classes = "govuk-tag--yellow"});
    } else {
        govuk_tag(h, &(GovukTag){.text = strcmp(d->approval, "approved") == 0 ? "Approved" : "Rejected",
                                 .classes = strcmp(d->approval, "approved") == 0 ? "govuk-tag--green" : "govuk-tag--red"});
        html_printf(h, "<br><span class=\"govuk-body-s\">by %s</span>", person_name(d->approver));
    }
}

/* GET /cases/{id}/decisions */
void page_case_decisions(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    CaseDecisionList dl;
    if (case_decisions(r->db, c.id, &dl) != 0) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Decision log</h2>");
    if (!dl.n)
        html_lit(&h, "<p class=\"govuk-body\">No decisions have been recorded.</p>");
    else {
        GovukTableCell head[] = {{.text = "Date"}, {.text = "Decision"}, {.text = "Outcome"}, {.text = "Rationale"},
                                 {.text = "Decided by"}, {.text = "Approval"}};
        html_lit(&h, "<div class=\"rise-table-scroll\" role=\"region\" aria-label=\"Decision log\" tabindex=\"0\">");
        govuk_table_open(&h, &(GovukTable){.head = head, .n_head = 6});
        int approve = case_can(r, &c, PERM_CASES_APPROVE);
        for (size_t i = 0; i < dl.n; i++) {
            CaseDecision *d = &dl.items[i];
            char date[48];
            Html outcome, appr;
            html_init(&outcome);
            html_init(&appr);
            char href[96], rest[48];
            snprintf(rest, sizeof rest, "decisions/%lld", (long long)d->id);
            case_href(href, sizeof href, c.id, rest);
            html_printf(&outcome, "<a class=\"govuk-link\" href=\"%s\">%s</a>", href, d->outcome);
            approval_html(&appr, d);
            if (approve && d->approval && strcmp(d->approval, "awaiting") == 0)
                html_printf(&appr, "<br><a class=\"govuk-link\" href=\"%s\">Review<span class=\"govuk-visually-hidden\">"
                                   " %s</span></a>", href, decision_type_label(d->type));
            GovukTableCell cells[] = {{.text = case_long_date(d->decided_on, date, sizeof date)},
                                      {.text = decision_type_label(d->type)},
                                      {.html = &outcome},
                                      {.text = d->rationale, .classes = "rise-pre-line"},
                                      {.text = person_name(d->decided_by)},
                                      {.html = &appr}};
            govuk_table_row(&h, cells, 6, 0);
            html_free(&outcome);
            html_free(&appr);
        }
        govuk_table_close(&h);
        html_lit(&h, "</div>");
    }
    case_page(r, w, &c, NULL, "decisions", NULL, &h);
    html_free(&h);
    case_decision_list_free(&dl);
    case_free(&c);
}

static void render_decision(Req *r, Resp *w, const Case *c, const CaseDecision *d, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    char date[48];
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", c->subject_name,
                decision_type_label(d->type));
    Html appr, why;
    html_init(&appr);
    html_init(&why);
    approval_html(&appr, d);
    html_printf(&why, "<span class=\"rise-pre-line\">%s</span>", d->rationale ? d->rationale : "");
    char recorded[64];
    timestamp_long(d->recorded_at, recorded, sizeof recorded);
    GovukSummaryRow rows[] = {{.key = "Outcome", .value = d->outcome},
                              {.key = "Rationale", .value_html = &why},
                              {.key = "Decided on", .value = case_long_date(d->decided_on, date, sizeof date)},
                              {.key = "Decided by", .value = person_name(d->decided_by)},
                              {.key = "Recorded", .value = recorded},
                              {.key = "Approval", .value_html = &appr},
                              {.key = "Approval note", .value = d->approval_note ? d->approval_note : ""}};
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = d->approval_note ? 7 : 6});
    html_free(&appr);
    html_free(&why);
    if (d->approval && strcmp(d->approval, "awaiting") == 0 && case_can(r, c, PERM_CASES_APPROVE) &&
        strcmp(c->status, "in progress") == 0) {
        char action[96], rest[48];
        snprintf(rest, sizeof rest, "decisions/%lld", (long long)d->id);
        case_href(action, sizeof action, c->id, rest);
        html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
        govuk_csrf_field(&h, req_csrf(r));
        GovukChoice items[] = {{.value = "approved", .text = "Approve"}, {.value = "rejected", .text = "Reject"}};
        govuk_radios(&h, &(GovukRadios){.name = "approval", .legend = "Do you approve this decision?",
                                        .legend_classes = "govuk-fieldset__legend--m", .value = req_form(r, "approval"),
                                        .items = items, .n_items = 2, .is_inline = 1,
                                        .error = form_errors_get(errs, "approval")});
        govuk_textarea(&h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "note", .label = "Comments",
                                            .hint = strcmp(d->type, "conflict-override") == 0
                                                        ? "Required: why you override the conflict of interest, or"
                                                          " why you reject the override"
                                                        : "Required when you reject it",
                                            .label_classes = "govuk-label--s",
                                            .value = req_form(r, "note"), .rows = 3,
                                            .error = form_errors_get(errs, "note")});
        govuk_button(&h, &(GovukButton){.text = "Save", .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    html_lit(&h, "</div></div>");
    case_page(r, w, c, decision_type_label(d->type), NULL, errs, &h);
    html_free(&h);
}

static int load_decision(Req *r, Resp *w, const Case *c, CaseDecision *d)
{
    int64_t id = case_param_id(r, 1);
    int rc = id ? case_decision_get(r->db, c->id, id, d) : 0;
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    return 1;
}

/* GET /cases/{id}/decisions/{did} */
void page_case_decision_show(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    CaseDecision d;
    if (load_decision(r, w, &c, &d)) {
        FormErrors errs = {0};
        render_decision(r, w, &c, &d, &errs);
        case_decision_free(&d);
    }
    case_free(&c);
}

/* POST /cases/{id}/decisions/{did} */
void page_case_decision_approve(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_APPROVE, &c))
        return;
    CaseDecision d;
    if (!load_decision(r, w, &c, &d)) {
        case_free(&c);
        return;
    }
    FormErrors errs = {0};
    const char *approval = req_form(r, "approval"), *note = req_form(r, "note");
    const char *refusal = decision_approval_refusal(d.type, approval, note);
    if (refusal)
        form_errors_add(&errs, strcmp(approval, "approved") != 0 && strcmp(approval, "rejected") != 0 ? "approval"
                                                                                                     : "note",
                        refusal);
    if (strlen(note) > CASE_TEXT_MAX)
        form_errors_add(&errs, "note", "Comments must be 4000 characters or fewer");
    if (!errs.n) {
        const char *why = NULL;
        int rc = case_decision_approve(r->db, &r->actor, c.id, d.id, approval, note, &why);
        if (case_change_done(r, w, &c, rc,
                             strcmp(approval, "approved") == 0 ? "Decision approved" : "Decision rejected",
                             "decisions")) {
            case_decision_free(&d);
            case_free(&c);
            return;
        }
        form_errors_add(&errs, "approval", why);
    }
    render_decision(r, w, &c, &d, &errs);
    case_decision_free(&d);
    case_free(&c);
}

/* --------------------------------------------------------------- timeline */

/* A decision folded into the change that made it: its outcome and, where
   one is needed, its approval. */
static void timeline_decision(Html *h, const char *changes)
{
    json_t *arr = json_loads(changes ? changes : "[]", 0, NULL);
    size_t k;
    json_t *ch;
    html_lit(h, "<ul class=\"govuk-list\">");
    json_array_foreach(arr, k, ch)
    {
        const char *field = json_string_value(json_object_get(ch, "field"));
        const char *after = json_string_value(json_object_get(ch, "after"));
        if (field && after && strcmp(field, "outcome") == 0)
            html_printf(h, "<li><strong>Decision</strong>: %s</li>", after);
        else if (field && after && strcmp(field, "approval") == 0)
            html_printf(h, "<li><strong>Approval</strong>: %s</li>",
                        strcmp(after, "awaiting") == 0   ? "Awaiting the regional director's approval"
                        : strcmp(after, "approved") == 0 ? "Approved"
                        : strcmp(after, "rejected") == 0 ? "Rejected"
                                                         : after);
    }
    html_lit(h, "</ul>");
    json_decref(arr);
}

/* GET /cases/{id}/timeline: every change from the audit trail. */
void page_case_timeline(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c.id);
    AuditList al;
    if (audit_for_object(r->db, "case", cid, 500, &al) != 0) {
        case_free(&c);
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Timeline</h2><p class=\"govuk-body\">Every change to this case,"
                 " newest first, from the audit trail.</p><div class=\"moj-timeline\">");
    /* A decision recorded as part of another change (a response, a concern
       step, a status change) is the next audit row of the same transaction:
       it is shown inside that change rather than as an entry of its own. */
    const AuditRow *decision = NULL;
    for (size_t i = 0; i < al.n; i++) {
        const AuditRow *a = &al.rows[i];
        int is_decision = strcmp(a->action, "case.decision") == 0;
        if (is_decision && i + 1 < al.n && al.rows[i + 1].id == a->id - 1 &&
            strcmp(al.rows[i + 1].action, "case.decision") != 0 && al.rows[i + 1].actor_id == a->actor_id) {
            decision = a;
            continue;
        }
        char when[64], who[200];
        timestamp_long(a->at, when, sizeof when);
        html_printf(&h, "<div class=\"moj-timeline__item\"><div class=\"moj-timeline__header\">"
                        "<h3 class=\"moj-timeline__title\">%s</h3> <p class=\"moj-timeline__byline\">by %s</p></div>"
                        "<p class=\"moj-timeline__date\"><time datetime=\"%s\">%s</time></p>"
                        "<div class=\"moj-timeline__description\">",
                    audit_action_label(a->action), audit_person_name(a->actor, who, sizeof who), a->at, when);
        audit_changes_html(&h, a->changes);
        if (decision)
            timeline_decision(&h, decision->changes);
        if (a->reason && *a->reason)
            html_printf(&h, "<p class=\"govuk-body\">Why: %s</p>", a->reason);
        else if (decision && decision->reason && *decision->reason)
            html_printf(&h, "<p class=\"govuk-body\">Why: %s</p>", decision->reason);
        html_lit(&h, "</div></div>");
        decision = NULL;
    }
    html_lit(&h, "</div>");
    if (!al.n)
        html_lit(&h, "<p class=\"govuk-body\">Nothing has been recorded yet.</p>");
    else if (al.n == 500)
        html_printf(&h, "<p class=\"govuk-body\">These are the latest 500 changes.%s</p>",
                    authorise(&r->who, PERM_AUDIT_READ, NULL) == ACCESS_ALLOW
                        ? " The audit trail has every change to this case."
                        : " Ask an analyst for the case's full audit trail.");
    case_page(r, w, &c, NULL, "timeline", NULL, &h);
    html_free(&h);
    audit_list_free(&al);
    case_free(&c);
}
