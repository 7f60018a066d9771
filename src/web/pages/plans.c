/*
 * plans.c - a case's plan (issue 13): its page (what it holds, its status,
 * what is asked of the person reading it), checking and submitting it, the
 * school's sign-off, the review, DfE's decision, every version and the
 * comparison of any two, and the approved plan as a document and a PDF.
 * Editing the draft is pages/plan_edit.c; plan_common.h lists the routes.
 *
 * Every page asks authorise() with the case's scope through
 * plan_page_load: the writer (PERM_PLAN_WRITE), the school (PERM_PLAN_SIGN),
 * the reviewer (PERM_PLAN_REVIEW, whose role the plan's kind names) and the
 * regional director (PERM_PLAN_APPROVE); everyone else who may read it
 * (PERM_PLAN_READ) sees it read-only.
 */
#include "core/date.h"
#include "domain/access.h"
#include "domain/plans.h"
#include "store/plans.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"
#include "web/pages/plan_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMENT_ROWS 6

/* May the person do perm on this plan's case? */
static int may(const Req *r, const Case *c, const PlanRecord *p, Perm perm)
{
    Scope s = case_scope(c);
    if (perm == PERM_PLAN_REVIEW)
        s.task_role = plan_reviewer_role(p->kind);
    return authorise(&r->who, perm, &s) == ACCESS_ALLOW;
}

/*
 * The page and element a field of the plan is changed at (an error's link):
 * the section's page and the form field with that id; a field no form has
 * (a total, a list that is empty) goes to the element where it is changed.
 */
static void field_href(char *out, size_t len, const PlanRecord *p, const char *field)
{
    char rest[96] = "", anchor[64];
    snprintf(anchor, sizeof anchor, "%s", field);
    int n = 0;
    char area[40] = "";
    size_t next = p->draft.n_actions + 1;
    if (sscanf(field, "action-%d-", &n) == 1) {
        snprintf(rest, sizeof rest, "actions/%d", n);
    } else if (sscanf(field, "objective-%d-", &n) == 1) {
        snprintf(rest, sizeof rest, "objectives/%d", n);
        if (strstr(field, "-actions")) /* an objective without actions: add one */
            snprintf(rest, sizeof rest, "actions/new?objective=%d", n), snprintf(anchor, sizeof anchor,
                                                                                 "action-%zu-description", next);
    } else if (sscanf(field, "area-%39[a-z-]", area) == 1 && strstr(field, "-actions")) {
        char *e = strstr(area, "-actions");
        if (e)
            *e = '\0';
        snprintf(rest, sizeof rest, "actions/new?area=%s", area);
        snprintf(anchor, sizeof anchor, "action-%zu-description", next);
    } else if (strcmp(field, "send_review") == 0 || (p->kind == PLAN_RAF && strcmp(field, "total") == 0)) {
        snprintf(anchor, sizeof anchor, "actions"); /* the plan's own page: its actions and their costs */
    } else if (strcmp(field, "band") == 0) {
        snprintf(anchor, sizeof anchor, "band");
    } else if (strcmp(field, "objectives") == 0) {
        snprintf(rest, sizeof rest, "objectives/new");
        snprintf(anchor, sizeof anchor, "objective-%zu-area", p->draft.n_objectives + 1);
    } else if (p->kind == PLAN_TIER1) {
        snprintf(rest, sizeof rest, "edit/return");
    } else if (p->kind == PLAN_TSIO) {
        if (strncmp(field, "tsio", 4) == 0 || strcmp(field, "activities") == 0) {
            snprintf(rest, sizeof rest, "edit/activities");
            if (strncmp(field, "tsio-", 5) != 0)
                snprintf(anchor, sizeof anchor, "tsio-1-on");
        } else if (strncmp(field, "nlg", 3) == 0) {
            snprintf(rest, sizeof rest, "edit/governance");
        } else if (strcmp(field, "closure") == 0 || strcmp(field, "next_steps") == 0) {
            snprintf(rest, sizeof rest, "edit/closure");
        } else {
            snprintf(rest, sizeof rest, "edit/visit");
        }
    } else if (p->kind == PLAN_RISE) {
        snprintf(rest, sizeof rest, "edit/funding");
        if (strcmp(field, "total") == 0 || strcmp(field, "costed") == 0)
            snprintf(anchor, sizeof anchor, "costed-1-what");
    } else if (strncmp(field, "coordination", 12) == 0) {
        snprintf(rest, sizeof rest, "edit/coordination");
    } else if (strcmp(field, "areas") == 0 || strcmp(field, "governance_rationale") == 0 ||
               strcmp(field, "finance_rationale") == 0 || strncmp(field, "area-", 5) == 0) {
        snprintf(rest, sizeof rest, "edit/areas");
    } else {
        snprintf(rest, sizeof rest, "edit/visit");
    }
    char base[160];
    plan_href(base, sizeof base, p->case_id, *rest ? rest : NULL);
    snprintf(out, len, "%s#%s", base, anchor);
}

/* The rules a plan breaks, as an error summary whose links go to each field's page. */
static void problems_summary(Html *h, const PlanRecord *p, const PlanProblems *pr)
{
    html_lit(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
                "<h2 class=\"govuk-error-summary__title\">There is a problem</h2><div class=\"govuk-error-summary__body\">"
                "<ul class=\"govuk-list govuk-error-summary__list\">");
    for (size_t i = 0; i < pr->n; i++) {
        char href[256];
        field_href(href, sizeof href, p, pr->items[i].field);
        html_printf(h, "<li><a href=\"%s\">%s</a></li>", href, pr->items[i].message);
    }
    html_lit(h, "</ul></div></div></div>");
}

static void status_tag(Html *h, const char *status)
{
    const char *cls = strcmp(status, PLAN_APPROVED) == 0   ? "govuk-tag--green"
                      : strcmp(status, PLAN_RETURNED) == 0 ? "govuk-tag--red"
                      : strcmp(status, PLAN_DRAFT) == 0    ? "govuk-tag--grey"
                                                           : "govuk-tag--yellow";
    govuk_tag(h, &(GovukTag){.text = plan_status_label(status), .classes = cls});
}

/* The fields of a plan as summary lists, one per section; with comments
   (the trail's, for version v) under the fields they are about. */
static void fields_html(Html *h, const Plan *plan, const PlanParams *params, const PlanTrail *t, int v)
{
    PlanFieldList fl = {0};
    if (plan_fields(plan, params, &fl) != 0)
        return;
    const char *section = NULL;
    html_lit(h, "<div class=\"rise-plan-fields\">");
    for (size_t i = 0; i < fl.n; i++) {
        const PlanField *f = &fl.items[i];
        if (!section || strcmp(section, f->section) != 0) {
            if (section)
                html_lit(h, "</dl>");
            section = f->section;
            html_printf(h, "<h3 class=\"govuk-heading-s\">%s</h3><dl class=\"govuk-summary-list\">", section);
        }
        html_printf(h, "<div class=\"govuk-summary-list__row\" id=\"field-%s\"><dt class=\"govuk-summary-list__key\">%s"
                       "</dt><dd class=\"govuk-summary-list__value rise-pre-line\">%s",
                    f->path, f->label, *f->value ? f->value : "Not given");
        for (size_t k = 0; t && k < t->n_comments; k++) {
            const PlanComment *m = &t->comments[k];
            if (m->version == v && strcmp(m->path, f->path) == 0)
                html_printf(h, "<div class=\"govuk-inset-text rise-plan-comment\"><strong>Comment from %s:</strong> %s"
                               "</div>", person_name(m->by), m->comment);
        }
        html_lit(h, "</dd></div>");
    }
    if (section)
        html_lit(h, "</dl>");
    html_lit(h, "</div>");
    plan_field_list_free(&fl);
}

/* The sections of the draft, as a task list linking to each page. */
static void sections_html(Html *h, const PlanRecord *p, const PlanProblems *pr, int can_edit)
{
    static const struct {
        PlanKind kind;
        const char *rest, *title, *prefixes;
    } S[] = {
        {PLAN_TIER1, "edit/return", "The return: areas, activities and recommendations", ""},
        {PLAN_RAF, "edit/visit", "The school visit, SRMA advice and priorities", "visit_on srma_ send_"},
        {PLAN_RAF, "edit/areas", "Improvement areas", "areas governance_ finance_ area-"},
        {PLAN_RAF, NULL, "Recommended actions", "action-"},
        {PLAN_RAF, "edit/coordination", "Coordination and totals", "coordination total"},
        {PLAN_TSIO, "edit/visit", "First visit: initial scoping and diagnostic", "visit_on scoping diagnostic"},
        {PLAN_TSIO, "edit/activities", "Activities of the 10-day model", "tsio"},
        {PLAN_TSIO, "edit/governance", "Governance review by a national leader of governance", "nlg_"},
        {PLAN_TSIO, "edit/closure", "Closure and next steps", "closure next_steps"},
        {PLAN_RISE, NULL, "Objectives and actions", "objective action-"},
        {PLAN_RISE, "edit/funding", "Funding: reserves, period and costed activities", "reserves revenue starts_on"
                                                                                        " ends_on costed band total"},
    };
    GovukTaskListItem items[8];
    char hrefs[8][96], hints[8][64];
    int n = 0;
    for (size_t i = 0; i < sizeof S / sizeof S[0] && n < 8; i++) {
        if (S[i].kind != p->kind)
            continue;
        int broken = 0;
        for (size_t k = 0; k < pr->n; k++) {
            const char *f = pr->items[k].field;
            if (!*S[i].prefixes) {
                broken++;
                continue;
            }
            char pre[200];
            snprintf(pre, sizeof pre, "%s", S[i].prefixes);
            for (char *tok = strtok(pre, " "); tok; tok = strtok(NULL, " "))
                if (strncmp(f, tok, strlen(tok)) == 0) {
                    broken++;
                    break;
                }
        }
        GovukTaskListItem *it = &items[n];
        memset(it, 0, sizeof *it);
        it->title = S[i].title;
        if (S[i].rest && can_edit) {
            plan_href(hrefs[n], sizeof hrefs[n], p->case_id, S[i].rest);
            it->href = hrefs[n];
        } else if (!S[i].rest) {
            snprintf(hrefs[n], sizeof hrefs[n], "#actions");
            it->href = hrefs[n];
        }
        if (broken) {
            snprintf(hints[n], sizeof hints[n], "%d thing%s to complete before submitting", broken,
                     broken == 1 ? "" : "s");
            it->hint = hints[n];
            it->status_tag = (GovukTag){.text = "Incomplete", .classes = "govuk-tag--blue"};
        } else {
            it->status_text = "Completed";
        }
        n++;
    }
    govuk_task_list(h, &(GovukTaskList){.items = items, .n_items = n});
}

/* RAF: each area's actions; RISE: each objective's. */
static void actions_html(Html *h, const PlanRecord *p, int can_edit)
{
    const Plan *d = &p->draft;
    char href[128], buf[64];
    html_lit(h, "<div id=\"actions\">");
    if (p->kind == PLAN_RAF) {
        html_lit(h, "<h2 class=\"govuk-heading-m\">Recommended actions</h2>");
        if (!d->n_areas)
            html_lit(h, "<p class=\"govuk-body\">Choose the improvement areas first: each area has its actions.</p>");
        for (size_t a = 0; a < d->n_areas; a++) {
            int ai = d->areas[a];
            if (ai < 0 || (size_t)ai >= PLAN_N_RAF_AREAS)
                continue;
            html_printf(h, "<h3 class=\"govuk-heading-s\">%s</h3><ul class=\"govuk-list govuk-list--bullet\">",
                        PLAN_RAF_AREAS[ai].label);
            int any = 0;
            for (size_t i = 0; i < d->n_actions; i++) {
                const PlanAction *x = &d->actions[i];
                if (x->area != ai)
                    continue;
                any = 1;
                snprintf(buf, sizeof buf, "actions/%zu", i + 1);
                plan_href(href, sizeof href, p->case_id, buf);
                char cost[32];
                int64_t sum = 0;
                for (int t = 0; t < PLAN_TERMS; t++)
                    sum += x->cost[t];
                plan_money(sum, cost, sizeof cost);
                html_printf(h, "<li><a class=\"govuk-link\" href=\"%s\">Action %zu</a>: %s (%s, %s)</li>", href, i + 1,
                            x->description && *x->description ? x->description : "No description yet",
                            x->funded ? "funded" : "not funded", cost);
            }
            if (!any)
                html_lit(h, "<li>No actions yet</li>");
            html_lit(h, "</ul>");
            if (can_edit) {
                snprintf(buf, sizeof buf, "actions/new?area=%s", PLAN_RAF_AREAS[ai].code);
                plan_href(href, sizeof href, p->case_id, buf);
                html_printf(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Add an action<span"
                               " class=\"govuk-visually-hidden\"> under %s</span></a></p>",
                            href, PLAN_RAF_AREAS[ai].label);
            }
        }
    } else if (p->kind == PLAN_RISE) {
        html_lit(h, "<h2 class=\"govuk-heading-m\">Objectives and actions</h2>");
        for (size_t o = 0; o < d->n_objectives; o++) {
            const PlanObjective *ob = &d->objectives[o];
            snprintf(buf, sizeof buf, "objectives/%zu", o + 1);
            plan_href(href, sizeof href, p->case_id, buf);
            const char *area = ob->area >= 0 && (size_t)ob->area < PLAN_N_RISE_AREAS ? PLAN_RISE_AREAS[ob->area].label
                                                                                    : "No area yet";
            html_printf(h, "<h3 class=\"govuk-heading-s\"><a class=\"govuk-link\" href=\"%s\">Objective %zu</a>: %s</h3>"
                           "<p class=\"govuk-body\">%s</p><ul class=\"govuk-list govuk-list--bullet\">",
                        href, o + 1, area, ob->text ? ob->text : "");
            for (size_t i = 0; i < d->n_actions; i++) {
                const PlanAction *x = &d->actions[i];
                if (x->area != (int)o)
                    continue;
                snprintf(buf, sizeof buf, "actions/%zu", i + 1);
                plan_href(href, sizeof href, p->case_id, buf);
                html_printf(h, "<li><a class=\"govuk-link\" href=\"%s\">Action %zu</a>: %s</li>", href, i + 1,
                            x->description && *x->description ? x->description : "No description yet");
            }
            html_lit(h, "</ul>");
            if (can_edit) {
                snprintf(buf, sizeof buf, "actions/new?objective=%zu", o + 1);
                plan_href(href, sizeof href, p->case_id, buf);
                html_printf(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Add an action<span"
                               " class=\"govuk-visually-hidden\"> under objective %zu</span></a></p>",
                            href, o + 1);
            }
        }
        if (can_edit) {
            plan_href(href, sizeof href, p->case_id, "objectives/new");
            html_printf(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Add an objective</a></p>", href);
        }
    }
    html_lit(h, "</div>");
}

/* What is asked of this person now, as a call to action. */
static void asked_html(Req *r, Html *h, const Case *c, const PlanRecord *p)
{
    char href[96];
    const char *st = p->status;
    int draft = strcmp(st, PLAN_DRAFT) == 0 || strcmp(st, PLAN_RETURNED) == 0;
    if (draft && may(r, c, p, PERM_PLAN_WRITE) && !plan_edit_refusal(c, p)) {
        plan_href(href, sizeof href, c->id, "submit");
        html_printf(h, "<p class=\"govuk-body\">%s</p><a class=\"govuk-button\" href=\"%s\">Check and submit the plan</a>",
                    strcmp(st, PLAN_RETURNED) == 0 ? "The plan was returned with comments. Change what they ask for,"
                                                     " then submit it again: it becomes a new version."
                                                   : "Save each section as you go: a draft can be incomplete. When it"
                                                     " is ready, check it and submit it.",
                    href);
    } else if (strcmp(st, PLAN_SIGNING) == 0 && may(r, c, p, PERM_PLAN_SIGN)) {
        plan_href(href, sizeof href, c->id, "sign");
        html_printf(h, "<p class=\"govuk-body\">The headteacher or trust CEO and the chair of governors each sign the"
                       " plan off.</p><a class=\"govuk-button\" href=\"%s\">Sign off the plan</a>", href);
    } else if (strcmp(st, PLAN_REVIEW) == 0 && may(r, c, p, PERM_PLAN_REVIEW)) {
        plan_href(href, sizeof href, c->id, "review");
        html_printf(h, "<a class=\"govuk-button\" href=\"%s\">Review the plan</a>", href);
    } else if (strcmp(st, PLAN_APPROVAL) == 0 && may(r, c, p, PERM_PLAN_APPROVE)) {
        plan_href(href, sizeof href, c->id, "decision");
        html_printf(h, "<a class=\"govuk-button\" href=\"%s\">Approve or return the plan</a>", href);
    }
}

/* The last return's comments, when the plan is back with its writer. */
static void returned_html(Html *h, const PlanRecord *p, const PlanTrail *t, const PlanVersionList *vl)
{
    if (strcmp(p->status, PLAN_RETURNED) != 0 || !vl->n)
        return;
    const PlanVersion *v = &vl->items[vl->n - 1];
    html_lit(h, "<div class=\"govuk-notification-banner\" role=\"region\" aria-labelledby=\"returned-title\""
                " data-module=\"govuk-notification-banner\"><div class=\"govuk-notification-banner__header\">"
                "<h2 class=\"govuk-notification-banner__title\" id=\"returned-title\">Returned with comments</h2></div>"
                "<div class=\"govuk-notification-banner__content\">");
    const char *note = v->decision_note ? v->decision_note : v->review_note;
    if (note)
        html_printf(h, "<p class=\"govuk-body rise-pre-line\">%s</p>", note);
    PlanFieldList fl = {0};
    plan_fields(&v->plan, &p->params, &fl);
    html_lit(h, "<ul class=\"govuk-list govuk-list--bullet\">");
    for (size_t k = 0; k < t->n_comments; k++) {
        const PlanComment *m = &t->comments[k];
        if (m->version != v->version)
            continue;
        const char *label = "The plan as a whole";
        char href[256] = "";
        for (size_t i = 0; i < fl.n; i++)
            if (strcmp(fl.items[i].path, m->path) == 0)
                label = fl.items[i].label;
        if (strcmp(m->path, "plan") != 0)
            field_href(href, sizeof href, p, m->path);
        if (*href)
            html_printf(h, "<li><a class=\"govuk-link\" href=\"%s\">%s</a>: %s</li>", href, label, m->comment);
        else
            html_printf(h, "<li>%s: %s</li>", label, m->comment);
    }
    html_lit(h, "</ul></div></div>");
    plan_field_list_free(&fl);
}

static void versions_table(Html *h, const Case *c, const PlanVersionList *vl)
{
    if (!vl->n)
        return;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Versions</h2><table class=\"govuk-table\"><thead class=\"govuk-table__head\">"
                "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Version</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Submitted</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Outcome</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Document</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = vl->n; i-- > 0;) {
        const PlanVersion *v = &vl->items[i];
        char when[64], href[96], rest[48];
        timestamp_long(v->submitted_at, when, sizeof when);
        snprintf(rest, sizeof rest, "versions/%d", v->version);
        plan_href(href, sizeof href, c->id, rest);
        html_printf(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"%s\">"
                       "Version %d</a></td><td class=\"govuk-table__cell\">%s by %s%s</td><td class=\"govuk-table__cell\">%s"
                       "</td><td class=\"govuk-table__cell\">",
                    href, v->version, when, person_name(v->submitted_by), v->on_behalf ? " (on the provider's behalf)" : "",
                    !v->outcome ? "Under way" : strcmp(v->outcome, "approved") == 0 ? "Approved" : "Returned with comments");
        if (v->has_pdf) {
            snprintf(rest, sizeof rest, "versions/%d/pdf", v->version);
            plan_href(href, sizeof href, c->id, rest);
            html_printf(h, "<a class=\"govuk-link\" href=\"%s\">PDF<span class=\"govuk-visually-hidden\"> of version %d"
                           "</span></a>", href, v->version);
        }
        html_lit(h, "</td></tr>");
    }
    html_lit(h, "</tbody></table>");
    if (vl->n >= 2) {
        char href[96];
        plan_href(href, sizeof href, c->id, "compare");
        html_printf(h, "<form method=\"get\" action=\"%s\" class=\"rise-inline-form\">", href);
        GovukOption opts[64];
        char labels[64][24];
        int n = 0;
        for (size_t i = 0; i < vl->n && n < 64; i++, n++) {
            snprintf(labels[n], sizeof labels[n], "%d", vl->items[i].version);
            opts[n] = (GovukOption){.value = labels[n], .text = labels[n]};
        }
        char a[16], b[16];
        snprintf(a, sizeof a, "%d", vl->items[vl->n - 2].version);
        snprintf(b, sizeof b, "%d", vl->items[vl->n - 1].version);
        govuk_select(h, &(GovukSelect){.name = "from", .label = "Compare version", .value = a, .items = opts,
                                       .n_items = n, .classes = "govuk-!-width-one-quarter"});
        govuk_select(h, &(GovukSelect){.name = "to", .label = "with version", .value = b, .items = opts, .n_items = n,
                                       .classes = "govuk-!-width-one-quarter"});
        govuk_button(h, &(GovukButton){.text = "Compare", .classes = "govuk-button--secondary"});
        html_lit(h, "</form>");
    }
}

static void signoffs_html(Html *h, const PlanRecord *p, const PlanTrail *t)
{
    if (!plan_needs_signoff(p->kind) || !p->version)
        return;
    html_printf(h, "<h2 class=\"govuk-heading-m\">Sign-off of version %d</h2>", p->version);
    int any = 0;
    html_lit(h, "<ul class=\"govuk-list\">");
    for (size_t i = 0; i < t->n_signoffs; i++) {
        const PlanSignoff *s = &t->signoffs[i];
        if (s->version != p->version)
            continue;
        any = 1;
        char on[64];
        html_printf(h, "<li>%s: %s, on %s%s</li>",
                    strcmp(s->role, PLAN_SIGN_HEAD) == 0 ? "Headteacher or trust CEO" : "Chair of governors", s->name,
                    case_long_date(s->signed_on, on, sizeof on),
                    s->on_behalf ? " (recorded by DfE on the school's behalf)" : "");
    }
    if (!any)
        html_lit(h, "<li>Not signed yet</li>");
    html_lit(h, "</ul>");
}

/* RISE: the indicative band DfE shares with the template. */
static void band_form(Req *r, Html *h, const Case *c, const PlanRecord *p, const FormErrors *errs)
{
    if (p->kind != PLAN_RISE)
        return;
    char label[64];
    plan_band_label(p->draft.band_indicative, &p->params, label, sizeof label);
    html_printf(h, "<h2 class=\"govuk-heading-m\" id=\"band\">Funding band</h2><p class=\"govuk-body\">Indicative band:"
                   " <strong>%s"
                   "</strong>. Final band: <strong>%s</strong>.</p>",
                p->draft.band_indicative ? label : "not set yet",
                p->draft.band_final ? (plan_band_label(p->draft.band_final, &p->params, label, sizeof label), label)
                                    : "confirmed by the grant team at review");
    if (!case_can(r, c, PERM_CASES_MANAGE) || plan_edit_refusal(c, p))
        return;
    char action[96];
    plan_href(action, sizeof action, c->id, "band");
    html_printf(h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(h, req_csrf(r));
    GovukChoice items[4];
    char labels[4][64];
    for (int b = BAND_NONE; b <= BAND_3; b++) {
        plan_band_label((PlanBand)b, &p->params, labels[b - 1], sizeof labels[b - 1]);
        items[b - 1] = (GovukChoice){.value = plan_band_slug((PlanBand)b), .text = labels[b - 1]};
    }
    govuk_radios(h, &(GovukRadios){.name = "band", .legend = "Indicative band to share with the plan template",
                                   .legend_classes = "govuk-fieldset__legend--s",
                                   .value = p->draft.band_indicative ? plan_band_slug(p->draft.band_indicative) : "",
                                   .items = items, .n_items = 4, .classes = "govuk-radios--small",
                                   .error = form_errors_get(errs, "band")});
    govuk_button(h, &(GovukButton){.text = "Set the indicative band", .classes = "govuk-button--secondary",
                                   .prevent_double_click = 1});
    html_lit(h, "</form>");
}

static void overview(Req *r, Resp *w, Case *c, PlanRecord *p, const FormErrors *errs, int status)
{
    FormErrors none = {0};
    if (!errs)
        errs = &none;
    Html h;
    html_init(&h);
    PlanVersionList vl = {0};
    PlanTrail t = {0};
    if (plan_versions(r->db, c->id, p->kind, &vl) != 0 || plan_trail(r->db, c->id, &t) != 0) {
        plan_version_list_free(&vl);
        html_free(&h);
        page_error(r, w, 500);
        return;
    }
    int external = plan_reader_external(r);
    if (external) {
        page_flash(r, &h);
        if (errs && errs->n)
            govuk_error_summary(&h, errs);
        html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                    c->subject_name, plan_kind_label(p->kind));
    } else {
        html_printf(&h, "<h2 class=\"govuk-heading-l\">%s</h2>", plan_kind_label(p->kind));
    }
    char updated[64] = "", ver[16];
    if (p->updated_at)
        timestamp_long(p->updated_at, updated, sizeof updated);
    snprintf(ver, sizeof ver, "%d", p->version);
    Html tag;
    html_init(&tag);
    status_tag(&tag, p->status);
    char upd[300];
    snprintf(upd, sizeof upd, "%s by %s", updated, p->updated_by ? person_name(p->updated_by) : "");
    GovukSummaryRow rows[] = {
        {.key = "Status", .value_html = &tag},
        {.key = "Written by", .value = p->organisation ? p->organisation : "The provider, once matched"},
        {.key = "Versions submitted", .value = ver},
        {.key = "Last saved", .value = p->updated_at ? upd : "Not started"},
    };
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = 4});
    html_free(&tag);
    returned_html(&h, p, &t, &vl);
    asked_html(r, &h, c, p);

    PlanProblems pr;
    plan_check(&p->draft, &p->params, &pr);
    int can_edit = may(r, c, p, PERM_PLAN_WRITE) && !plan_edit_refusal(c, p);
    if (strcmp(p->status, PLAN_DRAFT) == 0 || strcmp(p->status, PLAN_RETURNED) == 0) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">The draft</h2>");
        sections_html(&h, p, &pr, can_edit);
        actions_html(&h, p, can_edit);
    } else {
        char href[96], rest[32];
        snprintf(rest, sizeof rest, "versions/%d", p->version);
        plan_href(href, sizeof href, c->id, rest);
        html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Read version %d, as submitted</a></p>",
                    href, p->version);
    }
    band_form(r, &h, c, p, errs);
    signoffs_html(&h, p, &t);
    versions_table(&h, c, &vl);
    if (external) {
        Html before;
        html_init(&before);
        char back[64];
        snprintf(back, sizeof back, "/your-cases/%lld", (long long)c->id);
        govuk_back_link(&before, &(GovukBackLink){.href = back, .text = "Back to your case"});
        char title[300];
        snprintf(title, sizeof title, "%s - %s", plan_kind_label(p->kind), c->subject_name);
        PageOpts o = {.title = title, .nav = "your-cases", .before = &before};
        page_render_form(r, w, &o, errs, &h);
        html_free(&before);
    } else {
        case_page(r, w, c, "Plan", "plan", errs->n ? errs : NULL, &h);
    }
    if (status)
        w->status = status;
    plan_version_list_free(&vl);
    plan_trail_free(&t);
    html_free(&h);
}

/* GET /plans/{id}, and GET /cases/{id}/plan (the caseworkers' tab, the same page). */
void page_plan(Req *r, Resp *w)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, PERM_PLAN_READ, &c, &p))
        return;
    overview(r, w, &c, &p, NULL, 0);
    plan_record_free(&p);
    case_free(&c);
}

/* POST /plans/{id}/band: DfE's indicative band (RISE). */
void page_plan_band(Req *r, Resp *w)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, PERM_PLAN_READ, &c, &p))
        return;
    if (!case_can(r, &c, PERM_CASES_MANAGE)) {
        plan_record_free(&p);
        case_free(&c);
        page_error(r, w, 403);
        return;
    }
    FormErrors errs = {0};
    const char *why = NULL;
    PlanBand b = plan_band_from_slug(req_form(r, "band"));
    int rc = plan_set_indicative_band(r->db, &r->actor, &c, b, &why);
    if (!plan_change_done(r, w, &c, rc, "The indicative band is set and the supporting organisation is told")) {
        form_errors_add(&errs, "band", why);
        overview(r, w, &c, &p, &errs, 409);
    }
    plan_record_free(&p);
    case_free(&c);
}

/* ---- check and submit ---- */

static void submit_page(Req *r, Resp *w, Case *c, PlanRecord *p, const PlanProblems *pr, const char *why, int status)
{
    Html h;
    html_init(&h);
    if (pr->n)
        problems_summary(&h, p, pr);
    else if (why) {
        FormErrors e = {0};
        form_errors_add(&e, "", why);
        govuk_error_summary(&h, &e);
    }
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Check the %s before you"
                    " submit it</h1>",
                c->subject_name, plan_kind_noun(p->kind));
    const char *refusal = plan_edit_refusal(c, p);
    if (refusal) {
        html_printf(&h, "<div class=\"govuk-inset-text\">%s</div>", refusal);
    } else if (pr->n) {
        html_printf(&h, "<p class=\"govuk-body\">The plan breaks %zu rule%s of the programme. Each link above goes to the"
                        " field to change. Your draft is saved as it is.</p>", pr->n, pr->n == 1 ? "" : "s");
    }
    fields_html(&h, &p->draft, &p->params, NULL, 0);
    if (!refusal) {
        char action[96];
        plan_href(action, sizeof action, c->id, "submit");
        html_printf(&h, "<h2 class=\"govuk-heading-m\">Now submit the plan</h2><p class=\"govuk-body\">%s</p>"
                        "<form method=\"post\" action=\"%s\" novalidate>",
                    plan_needs_signoff(p->kind) ? "The school's headteacher or trust CEO and its chair of governors are"
                                                  " asked to sign it off, then it goes for review."
                                                : "It goes to the teaching school council for review.",
                    action);
        govuk_csrf_field(&h, req_csrf(r));
        if (!plan_reader_external(r))
            html_lit(&h, "<p class=\"govuk-body\">You are submitting it on the provider's behalf: the record says so.</p>");
        govuk_button(&h, &(GovukButton){.text = "Submit the plan", .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    FormErrors fe = {0};
    if (pr->n || why)
        form_errors_add(&fe, "", "problem");
    char title[96];
    snprintf(title, sizeof title, "Check the %s", plan_kind_noun(p->kind));
    plan_page(r, w, c, title, &fe, &h, status);
    html_free(&h);
}

/* GET /plans/{id}/submit */
void page_plan_submit_form(Req *r, Resp *w)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, PERM_PLAN_WRITE, &c, &p))
        return;
    PlanProblems pr;
    plan_check(&p.draft, &p.params, &pr);
    submit_page(r, w, &c, &p, &pr, NULL, pr.n ? 200 : 0);
    plan_record_free(&p);
    case_free(&c);
}

/* POST /plans/{id}/submit */
void page_plan_submit(Req *r, Resp *w)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, PERM_PLAN_WRITE, &c, &p))
        return;
    PlanProblems pr;
    const char *why = NULL;
    int rc = plan_submit(r->db, &r->actor, &c, &pr, &why);
    if (!plan_change_done(r, w, &c, rc,
                          plan_needs_signoff(p.kind) ? "The plan is submitted: the school is asked to sign it off"
                                                     : "The plan is submitted for review"))
        submit_page(r, w, &c, &p, &pr, why, pr.n ? 400 : 409);
    plan_record_free(&p);
    case_free(&c);
}

/* ---- sign-off ---- */

static void sign_page(Req *r, Resp *w, Case *c, PlanRecord *p, const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Sign off the %s</h1>",
                c->subject_name, plan_kind_noun(p->kind));
    char href[96], rest[32];
    snprintf(rest, sizeof rest, "versions/%d", p->version);
    plan_href(href, sizeof href, c->id, rest);
    html_printf(&h, "<p class=\"govuk-body\">Read <a class=\"govuk-link\" href=\"%s\">version %d of the plan</a> first."
                    " By signing you agree to the plan and to carrying out its recommendations, funded and"
                    " unfunded, before any funding is released.</p>",
                href, p->version);
    if (strcmp(p->status, PLAN_SIGNING) != 0) {
        html_lit(&h, "<div class=\"govuk-inset-text\">The plan is not waiting for sign-off.</div>");
    } else {
        char action[96];
        plan_href(action, sizeof action, c->id, "sign");
        html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
        govuk_csrf_field(&h, req_csrf(r));
        if (!plan_reader_external(r))
            html_lit(&h, "<div class=\"govuk-inset-text\">You are recording this sign-off on the school's behalf: the"
                         " record says so.</div>");
        GovukChoice items[] = {{.value = PLAN_SIGN_HEAD, .text = "The headteacher or trust CEO"},
                               {.value = PLAN_SIGN_CHAIR, .text = "The chair of governors"}};
        govuk_radios(&h, &(GovukRadios){.name = "role", .legend = "Who is signing?",
                                        .legend_classes = "govuk-fieldset__legend--m", .value = req_form(r, "role"),
                                        .items = items, .n_items = 2, .error = form_errors_get(errs, "role")});
        govuk_input(&h, &(GovukInput){.name = "name", .label = "Their full name", .label_classes = "govuk-label--s",
                                      .value = req_form(r, "name"), .autocomplete = "name",
                                      .error = form_errors_get(errs, "name")});
        char today[11];
        case_today(r, today);
        case_date_input(r, &h, "signed", "Date signed", "For example, 27 3 2026", today, errs);
        const char *agree = req_form(r, "agree");
        const char *vals[] = {agree};
        GovukChoice box[] = {{.value = "yes", .text = "I agree to the plan and to implementing its recommendations"}};
        govuk_checkboxes(&h, &(GovukCheckboxes){.name = "agree", .values = vals, .n_values = *agree ? 1 : 0,
                                                .items = box, .n_items = 1, .error = form_errors_get(errs, "agree")});
        govuk_button(&h, &(GovukButton){.text = "Sign off", .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    plan_page(r, w, c, "Sign off the plan", errs, &h, status);
    html_free(&h);
}

/* GET /plans/{id}/sign */
void page_plan_sign_form(Req *r, Resp *w)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, PERM_PLAN_SIGN, &c, &p))
        return;
    FormErrors errs = {0};
    sign_page(r, w, &c, &p, &errs, 0);
    plan_record_free(&p);
    case_free(&c);
}

/* POST /plans/{id}/sign */
void page_plan_sign(Req *r, Resp *w)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, PERM_PLAN_SIGN, &c, &p))
        return;
    FormErrors errs = {0};
    const char *role = req_form(r, "role"), *name = req_form(r, "name");
    if (strcmp(role, PLAN_SIGN_HEAD) != 0 && strcmp(role, PLAN_SIGN_CHAIR) != 0)
        form_errors_add(&errs, "role", "Select who is signing");
    if (!*name)
        form_errors_add(&errs, "name", "Enter the full name of the person signing");
    else if (strlen(name) > 200)
        form_errors_add(&errs, "name", "The name must be 200 characters or fewer");
    char on[11] = "";
    case_form_date(r, "signed", "the date signed", 1, 0, on, &errs);
    if (strcmp(req_form(r, "agree"), "yes") != 0)
        form_errors_add(&errs, "agree", "Confirm that they agree to the plan and to implementing its recommendations");
    if (errs.n) {
        sign_page(r, w, &c, &p, &errs, 400);
    } else {
        const char *why = NULL;
        int rc = plan_sign(r->db, &r->actor, &c, role, name, on, &why);
        if (!plan_change_done(r, w, &c, rc, "The sign-off is recorded")) {
            form_errors_add(&errs, "role", why);
            sign_page(r, w, &c, &p, &errs, 409);
        }
    }
    plan_record_free(&p);
    case_free(&c);
}

/* ---- review and decision ---- */

static int latest_version(Req *r, const Case *c, const PlanRecord *p, PlanVersionList *vl, const PlanVersion **v)
{
    *v = NULL;
    if (plan_versions(r->db, c->id, p->kind, vl) != 0)
        return -1;
    for (size_t i = 0; i < vl->n; i++)
        if (vl->items[i].version == p->version)
            *v = &vl->items[i];
    return 0;
}

/* The review or the decision: the version's fields, then the form. */
static void judge_page(Req *r, Resp *w, Case *c, PlanRecord *p, int decision, const FormErrors *errs, int status)
{
    PlanVersionList vl;
    const PlanVersion *v;
    if (latest_version(r, c, p, &vl, &v) != 0) {
        page_error(r, w, 500);
        return;
    }
    PlanTrail t = {0};
    plan_trail(r->db, c->id, &t);
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s the %s</h1>",
                c->subject_name, decision ? "Approve or return" : "Review", plan_kind_noun(p->kind));
    const char *want = decision ? PLAN_APPROVAL : PLAN_REVIEW;
    if (!v || strcmp(p->status, want) != 0) {
        html_printf(&h, "<div class=\"govuk-inset-text\">The plan is not waiting for %s.</div>",
                    decision ? "DfE's approval" : "a review");
    } else {
        if (!decision)
            html_lit(&h, "<p class=\"govuk-body\">Check that the funded activity gives good value for money: the costs"
                         " are explained and the volume of activity is clear. Accept it, or return it with a comment on"
                         " each field that must change.</p>");
        else if (v->review_note)
            html_printf(&h, "<div class=\"govuk-inset-text\"><strong>The review's note:</strong> %s</div>",
                        v->review_note);
        html_printf(&h, "<h2 class=\"govuk-heading-m\">Version %d</h2>", v->version);
        fields_html(&h, &v->plan, &p->params, &t, v->version);
        PlanFieldList fl = {0};
        plan_fields(&v->plan, &p->params, &fl);
        char action[96];
        plan_href(action, sizeof action, c->id, decision ? "decision" : "review");
        html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
        govuk_csrf_field(&h, req_csrf(r));
        GovukChoice items[] = {{.value = "accept", .text = decision ? "Approve the plan"
                                                                    : "Accept: it is good value for money"},
                               {.value = "return", .text = "Return it with comments"}};
        govuk_radios(&h, &(GovukRadios){.name = "outcome", .legend = "Your decision",
                                        .legend_classes = "govuk-fieldset__legend--m", .value = req_form(r, "outcome"),
                                        .items = items, .n_items = 2, .error = form_errors_get(errs, "outcome")});
        if (!decision && p->kind == PLAN_RISE) {
            GovukChoice bands[4];
            char labels[4][64];
            for (int b = BAND_NONE; b <= BAND_3; b++) {
                plan_band_label((PlanBand)b, &p->params, labels[b - 1], sizeof labels[b - 1]);
                bands[b - 1] = (GovukChoice){.value = plan_band_slug((PlanBand)b), .text = labels[b - 1]};
            }
            govuk_radios(&h, &(GovukRadios){.name = "band", .legend = "Final band (when you accept)",
                                            .legend_classes = "govuk-fieldset__legend--s",
                                            .hint = "No funding where reserves exceed the limit of revenue shown above.",
                                            .value = req_form(r, "band"), .items = bands, .n_items = 4,
                                            .error = form_errors_get(errs, "band")});
        }
        if (decision && p->kind == PLAN_TSIO && v->plan.nlg_review) {
            GovukChoice yn[] = {{.value = "yes", .text = "Yes, DfE approves the governance review"},
                                {.value = "no", .text = "No"}};
            govuk_radios(&h, &(GovukRadios){.name = "nlg", .legend = "Does DfE approve the governance review by a"
                                                                       " national leader of governance (5 days)?",
                                            .legend_classes = "govuk-fieldset__legend--s", .value = req_form(r, "nlg"),
                                            .items = yn, .n_items = 2, .error = form_errors_get(errs, "nlg")});
        }
        govuk_textarea(&h, &(GovukTextarea){.name = "note", .label = "Overall comment", .label_classes = "govuk-label--s",
                                            .hint = "Optional when you accept. The provider reads it.",
                                            .value = req_form(r, "note"), .rows = 3, .max_chars = PLAN_TEXT_MAX,
                                            .error = form_errors_get(errs, "note")});
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Comments on fields</h2><p class=\"govuk-body\">When you return the"
                     " plan, choose each field that must change and say why.</p>");
        GovukOption *opts = calloc(fl.n + 1, sizeof *opts);
        char (*texts)[200] = calloc(fl.n + 1, sizeof *texts);
        if (opts && texts) {
            opts[0] = (GovukOption){.value = "", .text = "Choose a field"};
            for (size_t i = 0; i < fl.n; i++) {
                snprintf(texts[i], sizeof texts[i], "%s: %s", fl.items[i].section, fl.items[i].label);
                opts[i + 1] = (GovukOption){.value = fl.items[i].path, .text = texts[i]};
            }
            for (int k = 1; k <= COMMENT_ROWS; k++) {
                char fname[24], cname[24], flabel[48], clabel[48];
                snprintf(fname, sizeof fname, "field-%d", k);
                snprintf(cname, sizeof cname, "comment-%d", k);
                snprintf(flabel, sizeof flabel, "Field %d", k);
                snprintf(clabel, sizeof clabel, "Comment %d", k);
                html_lit(&h, "<div class=\"rise-plan-comment-row\">");
                govuk_select(&h, &(GovukSelect){.name = fname, .label = flabel, .value = req_form(r, fname),
                                                .items = opts, .n_items = (int)fl.n + 1,
                                                .error = form_errors_get(errs, fname)});
                govuk_textarea(&h, &(GovukTextarea){.name = cname, .label = clabel, .value = req_form(r, cname),
                                                    .rows = 2, .max_chars = PLAN_TEXT_MAX,
                                                    .error = form_errors_get(errs, cname)});
                html_lit(&h, "</div>");
            }
        }
        free(opts);
        free(texts);
        plan_field_list_free(&fl);
        govuk_button(&h, &(GovukButton){.text = decision ? "Record the decision" : "Record the review",
                                        .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    plan_page(r, w, c, decision ? "Approve or return the plan" : "Review the plan", errs, &h, status);
    html_free(&h);
    plan_version_list_free(&vl);
    plan_trail_free(&t);
}

static void judge_submit(Req *r, Resp *w, int decision)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, decision ? PERM_PLAN_APPROVE : PERM_PLAN_REVIEW, &c, &p))
        return;
    FormErrors errs = {0};
    const char *outcome = req_form(r, "outcome"), *note = req_form(r, "note");
    int accept = strcmp(outcome, "accept") == 0;
    if (!accept && strcmp(outcome, "return") != 0)
        form_errors_add(&errs, "outcome", "Select your decision");
    if (strlen(note) > PLAN_TEXT_MAX)
        form_errors_add(&errs, "note", "The comment must be 4000 characters or fewer");
    PlanCommentIn cm[COMMENT_ROWS];
    size_t n = 0;
    for (int k = 1; k <= COMMENT_ROWS; k++) {
        char fname[24], cname[24];
        snprintf(fname, sizeof fname, "field-%d", k);
        snprintf(cname, sizeof cname, "comment-%d", k);
        const char *f = req_form(r, fname), *t = req_form(r, cname);
        if (*t && !*f)
            form_errors_add(&errs, fname, "Choose the field the comment is about");
        else if (*f && !*t)
            form_errors_add(&errs, cname, "Enter the comment on the field you chose");
        else if (strlen(t) > PLAN_TEXT_MAX)
            form_errors_add(&errs, cname, "The comment must be 4000 characters or fewer");
        else if (*f && *t)
            cm[n++] = (PlanCommentIn){.path = f, .comment = t};
    }
    if (!accept && !errs.n && !n && !*note)
        form_errors_add(&errs, "comment-1", "Enter a comment on at least one field, or an overall comment");
    PlanBand band = BAND_UNSET;
    if (!decision && accept && p.kind == PLAN_RISE) {
        band = plan_band_from_slug(req_form(r, "band"));
        if (band == BAND_UNSET)
            form_errors_add(&errs, "band", "Select the final band");
    }
    int nlg = -1;
    if (decision && accept && p.kind == PLAN_TSIO) {
        const char *a = req_form(r, "nlg");
        nlg = strcmp(a, "yes") == 0 ? 1 : strcmp(a, "no") == 0 ? 0 : -1;
    }
    if (errs.n) {
        judge_page(r, w, &c, &p, decision, &errs, 400);
    } else {
        const char *why = NULL;
        int rc = decision ? plan_decide(r->db, &r->actor, &c, accept, note, cm, n, nlg, &why)
                          : plan_review(r->db, &r->actor, &c, accept, note, cm, n, band, &why);
        const char *done = !accept ? "The plan is returned with your comments"
                           : decision ? "The plan is approved: its PDF is kept with the version"
                           : plan_needs_approval(p.kind) ? "The review is recorded: the plan goes to DfE for approval"
                                                         : "The review is recorded: the return is accepted";
        if (!plan_change_done(r, w, &c, rc, done)) {
            form_errors_add(&errs, strstr(why ? why : "", "governance") ? "nlg"
                                   : strstr(why ? why : "", "band")     ? "band"
                                                                        : "outcome",
                            why);
            judge_page(r, w, &c, &p, decision, &errs, 409);
        }
    }
    plan_record_free(&p);
    case_free(&c);
}

static void judge_form(Req *r, Resp *w, int decision)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, decision ? PERM_PLAN_APPROVE : PERM_PLAN_REVIEW, &c, &p))
        return;
    FormErrors errs = {0};
    judge_page(r, w, &c, &p, decision, &errs, 0);
    plan_record_free(&p);
    case_free(&c);
}

/* GET /plans/{id}/review */
void page_plan_review_form(Req *r, Resp *w)
{
    judge_form(r, w, 0);
}

/* POST /plans/{id}/review */
void page_plan_review(Req *r, Resp *w)
{
    judge_submit(r, w, 0);
}

/* GET /plans/{id}/decision */
void page_plan_decision_form(Req *r, Resp *w)
{
    judge_form(r, w, 1);
}

/* POST /plans/{id}/decision */
void page_plan_decision(Req *r, Resp *w)
{
    judge_submit(r, w, 1);
}

/* ---- versions ---- */

static const PlanVersion *find_version(const PlanVersionList *vl, const char *text)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!*text || *end || v <= 0)
        return NULL;
    for (size_t i = 0; i < vl->n; i++)
        if (vl->items[i].version == v)
            return &vl->items[i];
    return NULL;
}

/* GET /plans/{id}/versions/{v}: one version as a document, printable. */
void page_plan_version(Req *r, Resp *w)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, PERM_PLAN_READ, &c, &p))
        return;
    PlanVersionList vl = {0};
    PlanTrail t = {0};
    const PlanVersion *v = NULL;
    if (plan_versions(r->db, c.id, p.kind, &vl) != 0 || plan_trail(r->db, c.id, &t) != 0) {
        page_error(r, w, 500);
        goto out;
    }
    v = find_version(&vl, req_param(r, 1));
    if (!v) {
        page_error(r, w, 404);
        goto out;
    }
    Html h;
    html_init(&h);
    char when[64];
    timestamp_long(v->submitted_at, when, sizeof when);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s, version %d</h1>"
                    "<p class=\"govuk-body\">Submitted %s by %s%s.",
                c.subject_name, plan_kind_label(p.kind), v->version, when, person_name(v->submitted_by),
                v->on_behalf ? " on the provider's behalf" : "");
    if (v->outcome && strcmp(v->outcome, "approved") == 0) {
        char on[64] = "";
        const char *at = v->decided_at ? v->decided_at : v->reviewed_at;
        if (at)
            timestamp_long(at, on, sizeof on);
        html_printf(&h, " Approved %s by %s.", on, person_name(v->decided_by ? v->decided_by : v->reviewed_by));
    } else if (v->outcome) {
        html_lit(&h, " Returned with comments.");
    }
    html_lit(&h, "</p>");
    if (v->has_pdf) {
        char href[96], rest[48];
        snprintf(rest, sizeof rest, "versions/%d/pdf", v->version);
        plan_href(href, sizeof href, c.id, rest);
        html_printf(&h, "<p class=\"govuk-body rise-no-print\"><a class=\"govuk-link\" href=\"%s\">Download the approved"
                        " plan as a PDF</a></p>", href);
    }
    for (size_t i = 0; i < t.n_signoffs; i++)
        if (t.signoffs[i].version == v->version) {
            char on[64];
            html_printf(&h, "<p class=\"govuk-body\">Signed off by %s (%s) on %s%s.</p>", t.signoffs[i].name,
                        strcmp(t.signoffs[i].role, PLAN_SIGN_HEAD) == 0 ? "headteacher or trust CEO"
                                                                         : "chair of governors",
                        case_long_date(t.signoffs[i].signed_on, on, sizeof on),
                        t.signoffs[i].on_behalf ? ", recorded by DfE on the school's behalf" : "");
        }
    fields_html(&h, &v->plan, &p.params, &t, v->version);
    char title[96];
    snprintf(title, sizeof title, "Version %d", v->version);
    plan_page(r, w, &c, title, NULL, &h, 0);
    html_free(&h);
out:
    plan_version_list_free(&vl);
    plan_trail_free(&t);
    plan_record_free(&p);
    case_free(&c);
}

/* GET /plans/{id}/versions/{v}/pdf */
void page_plan_version_pdf(Req *r, Resp *w)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, PERM_PLAN_READ, &c, &p))
        return;
    char *end;
    long v = strtol(req_param(r, 1), &end, 10);
    unsigned char *pdf = NULL;
    size_t len = 0;
    int rc = (*end || v <= 0) ? 0 : plan_pdf_get(r->db, c.id, (int)v, &pdf, &len);
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
    } else {
        resp_bytes(w, 200, "application/pdf", pdf, len);
        char disp[120];
        snprintf(disp, sizeof disp, "inline; filename=\"plan-case-%lld-version-%ld.pdf\"", (long long)c.id, v);
        resp_header(w, "Content-Disposition", disp);
    }
    free(pdf);
    plan_record_free(&p);
    case_free(&c);
}

/* GET /plans/{id}/compare?from=&to= : two versions field by field. */
void page_plan_compare(Req *r, Resp *w)
{
    Case c;
    PlanRecord p;
    if (!plan_page_load(r, w, PERM_PLAN_READ, &c, &p))
        return;
    PlanVersionList vl = {0};
    PlanTrail t = {0};
    if (plan_versions(r->db, c.id, p.kind, &vl) != 0 || plan_trail(r->db, c.id, &t) != 0) {
        page_error(r, w, 500);
        goto out;
    }
    const PlanVersion *a = find_version(&vl, req_query(r, "from")), *b = find_version(&vl, req_query(r, "to"));
    if (!a || !b) {
        Html h;
        html_init(&h);
        char back[96];
        plan_href(back, sizeof back, c.id, NULL);
        html_printf(&h, "<h1 class=\"govuk-heading-l\">Compare versions</h1><p class=\"govuk-body\">Choose two"
                        " versions of the plan from <a class=\"govuk-link\" href=\"%s\">its page</a>: it has %zu.</p>",
                    back, vl.n);
        plan_page(r, w, &c, "Compare versions", NULL, &h, 0);
        html_free(&h);
        goto out;
    }
    PlanFieldList fa = {0}, fb = {0};
    plan_fields(&a->plan, &p.params, &fa);
    plan_fields(&b->plan, &p.params, &fb);
    Html h;
    html_init(&h);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Version %d compared with"
                    " version %d</h1>",
                c.subject_name, a->version, b->version);
    html_printf(&h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Fields"
                    " that differ</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                    "<th scope=\"col\" class=\"govuk-table__header\">Field</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Version %d</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Version %d</th></tr></thead>"
                    "<tbody class=\"govuk-table__body\">",
                a->version, b->version);
    int changed = 0;
    /* every path of either version, in b's order then a's leftovers */
    for (int pass = 0; pass < 2; pass++) {
        const PlanFieldList *l = pass ? &fa : &fb, *o = pass ? &fb : &fa;
        for (size_t i = 0; i < l->n; i++) {
            const PlanField *f = &l->items[i], *g = NULL;
            for (size_t k = 0; k < o->n; k++)
                if (strcmp(o->items[k].path, f->path) == 0 && strcmp(o->items[k].label, f->label) == 0)
                    g = &o->items[k];
            if (pass && g)
                continue; /* seen in the first pass */
            const char *va = pass ? f->value : (g ? g->value : NULL);
            const char *vb = pass ? NULL : f->value;
            if (va && vb && strcmp(va, vb) == 0)
                continue;
            changed++;
            html_printf(&h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s: %s</th>"
                            "<td class=\"govuk-table__cell rise-pre-line\">%s",
                        f->section, f->label, va ? (*va ? va : "Not given") : "Not in this version");
            for (size_t k = 0; k < t.n_comments; k++)
                if (t.comments[k].version == a->version && strcmp(t.comments[k].path, f->path) == 0)
                    html_printf(&h, "<div class=\"govuk-inset-text\"><strong>Comment:</strong> %s</div>",
                                t.comments[k].comment);
            html_printf(&h, "</td><td class=\"govuk-table__cell rise-pre-line\">%s</td></tr>",
                        vb ? (*vb ? vb : "Not given") : "Not in this version");
        }
    }
    html_lit(&h, "</tbody></table>");
    if (!changed)
        html_lit(&h, "<p class=\"govuk-body\">The two versions are the same.</p>");
    plan_field_list_free(&fa);
    plan_field_list_free(&fb);
    plan_page(r, w, &c, "Compare versions", NULL, &h, 0);
    html_free(&h);
out:
    plan_version_list_free(&vl);
    plan_trail_free(&t);
    plan_record_free(&p);
    case_free(&c);
}
