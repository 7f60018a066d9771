/*
 * plan_edit.c - the sections of a plan's draft (issue 13).
 *
 * GET  /plans/{id}/edit/{section}   the section's form, filled from the draft
 * POST /plans/{id}/edit/{section}   saves it (plan_save) and returns to the plan
 *
 * Sections by kind: Tier 1 return "return"; RAF "visit", "areas",
 * "coordination"; TSIO deployment form "visit", "activities", "governance",
 * "closure"; RISE plan "funding" (objectives and actions are in
 * plan_edit_actions.c). Both need plan-write in the case's scope. Only
 * formats are checked here: a draft may break any rule, which the submit
 * page checks. While plan_edit_refusal() says the plan cannot be edited the
 * page is read-only and a POST is refused (409).
 */
#include "web/pages/plan_edit.h"

#include "core/kv.h"
#include "domain/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ shared helpers */

void pe_set(char **slot, const char *v)
{
    free(*slot);
    *slot = (v && *v) ? strdup(v) : NULL;
}

const char *pe_val(Req *r, int posted, const char *name, const char *stored)
{
    if (posted)
        return req_form(r, name);
    return stored ? stored : "";
}

int pe_read_text(Req *r, const char *name, const char *label, char **slot, FormErrors *errs)
{
    const char *v = req_form(r, name);
    if (strlen(v) > PLAN_TEXT_MAX) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s must be %d characters or fewer", label, PLAN_TEXT_MAX);
        form_errors_add(errs, name, msg);
        return -1;
    }
    pe_set(slot, v);
    return 0;
}

int pe_read_date(Req *r, const char *prefix, const char *label, Date *out, FormErrors *errs)
{
    char iso[11];
    int got = case_form_date(r, prefix, label, 0, 1, iso, errs);
    if (got < 0)
        return -1;
    *out = got == 1 ? date_parse(iso, NULL) : DATE_NONE;
    return 0;
}

int pe_read_yesno(Req *r, const char *name)
{
    const char *v = req_form(r, name);
    return strcmp(v, "yes") == 0 ? 1 : strcmp(v, "no") == 0 ? 0 : -1;
}

int pe_read_halves(Req *r, const char *name, const char *label, int *halves, FormErrors *errs)
{
    const char *v = req_form(r, name);
    *halves = 0;
    if (!*v)
        return 0;
    char *end;
    long whole = strtol(v, &end, 10);
    int half = 0, ok = end != v && whole >= 0 && whole <= 1000;
    if (ok && *end == '.') {
        end++;
        if (*end == '5')
            half = 1, end++;
        else if (*end == '0')
            end++;
        else
            ok = 0;
        while (ok && *end == '0')
            end++;
    }
    if (!ok || *end) {
        char msg[256];
        snprintf(msg, sizeof msg, "Enter %s as a number of days in half days, like 1.5", label);
        form_errors_add(errs, name, msg);
        return -1;
    }
    *halves = (int)whole * 2 + half;
    return 0;
}

void pe_halves_text(int halves, char *out, size_t outlen)
{
    if (halves <= 0)
        snprintf(out, outlen, "%s", halves == 0 ? "0" : "");
    else if (halves % 2)
        snprintf(out, outlen, "%d.5", halves / 2);
    else
        snprintf(out, outlen, "%d", halves / 2);
}

void pe_textarea(Req *r, Html *h, int posted, const char *name, const char *label, const char *hint,
                 const char *stored, int rows, const FormErrors *errs)
{
    govuk_textarea(h, &(GovukTextarea){.name = name, .label = label, .label_classes = "govuk-label--s",
                                       .hint = hint, .value = pe_val(r, posted, name, stored),
                                       .rows = rows ? rows : 4, .max_chars = PLAN_TEXT_MAX,
                                       .error = form_errors_get(errs, name)});
}

void pe_input(Req *r, Html *h, int posted, const char *name, const char *label, const char *hint,
              const char *stored, const char *classes, const FormErrors *errs)
{
    govuk_input(h, &(GovukInput){.name = name, .label = label, .label_classes = "govuk-label--s", .hint = hint,
                                 .value = pe_val(r, posted, name, stored), .classes = classes,
                                 .error = form_errors_get(errs, name)});
}

void pe_date(Req *r, Html *h, const char *prefix, const char *legend, const char *hint, Date d,
             const FormErrors *errs)
{
    char iso[11] = "";
    if (d != DATE_NONE)
        date_iso(d, iso);
    case_date_input(r, h, prefix, legend, hint, iso, errs);
}

void pe_money(Req *r, Html *h, int posted, const char *name, const char *label, const char *hint, int64_t pence,
              const FormErrors *errs)
{
    plan_money_input(h, name, label, hint, posted ? req_form(r, name) : NULL, pence, errs);
}

void pe_yesno(Req *r, Html *h, int posted, const char *name, const char *legend, const char *hint, int stored,
              const Html *if_yes, const FormErrors *errs)
{
    const char *v = posted ? req_form(r, name) : stored == 1 ? "yes" : stored == 0 ? "no" : "";
    GovukChoice items[] = {{.value = "yes", .text = "Yes", .conditional = if_yes}, {.value = "no", .text = "No"}};
    govuk_radios(h, &(GovukRadios){.name = name, .legend = legend, .legend_classes = "govuk-fieldset__legend--s",
                                   .hint = hint, .value = v, .items = items, .n_items = 2,
                                   .is_inline = if_yes == NULL, .error = form_errors_get(errs, name)});
}

void pe_open(Req *r, Html *h, const Case *c, const PlanRecord *rec, const char *title, const char *action,
             const FormErrors *errs, const char *why)
{
    govuk_error_summary(h, errs);
    html_printf(h, "<span class=\"govuk-caption-l\">%s: %s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                plan_kind_label(rec->kind), c->subject_name ? c->subject_name : "", title);
    if (why) {
        html_printf(h, "<div class=\"govuk-inset-text\">%s</div><fieldset class=\"govuk-fieldset\" disabled>", why);
        return;
    }
    html_lit(h, "<form method=\"post\" action=\"");
    html_href(h, action);
    html_lit(h, "\" novalidate>");
    govuk_csrf_field(h, req_csrf(r));
}

void pe_close(Html *h, const char *why, const char *another)
{
    if (why) {
        html_lit(h, "</fieldset>");
        return;
    }
    html_lit(h, "<div class=\"govuk-button-group\">");
    govuk_button(h, &(GovukButton){.text = "Save and return to the plan", .prevent_double_click = 1});
    if (another)
        govuk_button(h, &(GovukButton){.text = another, .variant = GOVUK_BUTTON_SECONDARY, .name = "next",
                                       .value = "another", .prevent_double_click = 1});
    html_lit(h, "</div></form>");
}

/* ------------------------------------------------------------------- areas */

/* The improvement areas as checkboxes "areas"; with needs, each chosen
   area reveals "What weakness does this area address?" (area-CODE-need). */
static void areas_field(Req *r, Html *h, int posted, const Plan *p, int with_needs, const FormErrors *errs)
{
    size_t n;
    const PlanArea *areas = plan_areas(PLAN_RAF, &n);
    const char *values[PLAN_MAX_AREAS];
    int nv = 0;
    if (posted) {
        size_t k = kv_count(&r->form, "areas");
        for (size_t i = 0; i < k && nv < PLAN_MAX_AREAS; i++)
            values[nv++] = kv_get_nth(&r->form, "areas", i);
    } else {
        for (size_t i = 0; i < p->n_areas && nv < PLAN_MAX_AREAS; i++)
            if (p->areas[i] >= 0 && (size_t)p->areas[i] < n)
                values[nv++] = areas[p->areas[i]].code;
    }
    GovukChoice items[32];
    Html needs[32];
    size_t m = n < 32 ? n : 32;
    for (size_t i = 0; i < m; i++) {
        html_init(&needs[i]);
        items[i] = (GovukChoice){.value = areas[i].code, .text = areas[i].label,
                                 .hint = areas[i].group == 1 ? "Group 1" : "Group 2"};
        if (with_needs) {
            char name[64];
            snprintf(name, sizeof name, "area-%s-need", areas[i].code);
            const char *stored = NULL;
            for (size_t j = 0; j < p->n_areas; j++)
                if (p->areas[j] == (int)i)
                    stored = p->area_need[j];
            pe_textarea(r, &needs[i], posted, name, "What weakness does this area address?",
                        "Link it to the findings of the school's most recent Ofsted inspection and what you saw"
                        " during the deployment.",
                        stored, 3, errs);
            items[i].conditional = &needs[i];
        }
    }
    govuk_checkboxes(h, &(GovukCheckboxes){
                            .name = "areas", .legend = "Improvement areas",
                            .legend_classes = "govuk-fieldset__legend--m",
                            .hint = "Select up to four. The improvement areas are in two groups: group 1 includes"
                                    " leadership, governance and financial management; and group 2 includes whole"
                                    " school (curriculum or pedagogy), subject specific (curriculum or pedagogy),"
                                    " SEND, assessment, behaviour and workload.",
                            .values = values, .n_values = nv, .items = items, .n_items = (int)m,
                            .error = form_errors_get(errs, "areas")});
    for (size_t i = 0; i < m; i++)
        html_free(&needs[i]);
}

/* Reads "areas" (in the list's order) and, with needs, each one's need. */
static void areas_read(Req *r, Plan *p, int with_needs, FormErrors *errs)
{
    size_t n;
    const PlanArea *areas = plan_areas(PLAN_RAF, &n);
    int chosen[PLAN_MAX_AREAS];
    char *need[PLAN_MAX_AREAS] = {0};
    size_t k = 0;
    for (size_t i = 0; i < n && k < PLAN_MAX_AREAS; i++) {
        int on = 0;
        for (size_t j = 0; j < kv_count(&r->form, "areas"); j++)
            if (strcmp(kv_get_nth(&r->form, "areas", j), areas[i].code) == 0)
                on = 1;
        if (!on)
            continue;
        if (with_needs) {
            char name[64], *text = NULL;
            snprintf(name, sizeof name, "area-%s-need", areas[i].code);
            pe_read_text(r, name, "What weakness the area addresses", &text, errs);
            need[k] = text;
        } else {
            /* keep what the draft had for it */
            for (size_t j = 0; j < p->n_areas; j++)
                if (p->areas[j] == (int)i && p->area_need[j])
                    need[k] = strdup(p->area_need[j]);
        }
        chosen[k++] = (int)i;
    }
    for (size_t j = 0; j < p->n_areas; j++)
        pe_set(&p->area_need[j], NULL);
    for (size_t j = 0; j < k; j++) {
        p->areas[j] = chosen[j];
        p->area_need[j] = need[j];
    }
    p->n_areas = k;
}

/* ------------------------------------------------------------- RAF: visit */

static void raf_visit_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted, const FormErrors *errs)
{
    (void)c;
    const Plan *p = &rec->draft;
    pe_date(r, h, "visit_on", "Date of the school visit", NULL, p->visit_on, errs);
    Html srma;
    html_init(&srma);
    pe_textarea(r, &srma, posted, "srma_actions", "What actions from the SRMA are still outstanding?",
                "Carry them into this form as recommended actions; do not make separate recommendations (002 6.12).",
                p->srma_actions, 4, errs);
    pe_yesno(r, h, posted, "srma_received",
             "Has the school had advice from a School Resource Management Adviser (SRMA)?", NULL, p->srma_received,
             &srma, errs);
    html_free(&srma);
    /* the two below are answered with the SRMA question */
    int answered = p->srma_received != -1;
    pe_yesno(r, h, posted, "resource_review", "Has the school reviewed its resource management in the last 12 months?",
             "Schools without SRMA support review it with DfE's online tools; a review in the last 12 months need not"
             " be repeated (002 6.13).",
             answered ? p->resource_review : -1, NULL, errs);
    pe_yesno(r, h, posted, "send_priority", "Is SEND provision a priority?",
             "If it is, recommend that the school commission a review of SEND provision (002 6.15).",
             answered ? p->send_priority : -1, NULL, errs);
}

static void raf_visit_read(Req *r, Plan *p, const PlanParams *params, FormErrors *errs)
{
    (void)params;
    pe_read_date(r, "visit_on", "Date of the school visit", &p->visit_on, errs);
    p->srma_received = pe_read_yesno(r, "srma_received");
    pe_read_text(r, "srma_actions", "The SRMA's outstanding actions", &p->srma_actions, errs);
    p->resource_review = pe_read_yesno(r, "resource_review") == 1;
    p->send_priority = pe_read_yesno(r, "send_priority") == 1;
}

/* ------------------------------------------------------------- RAF: areas */

static void raf_areas_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted, const FormErrors *errs)
{
    (void)c;
    const Plan *p = &rec->draft;
    areas_field(r, h, posted, p, 1, errs);
    html_lit(h, "<p class=\"govuk-body\">All forms must address Ofsted's findings in relation to the school's"
                " leadership. If you do not choose governance or financial management, say why below.</p>");
    pe_textarea(r, h, posted, "governance_rationale", "Why is the school's governance already secure?",
                "If appropriate, the governance or financial management areas may be replaced with a different"
                " improvement area. However, where doing so, you must provide a rationale as to why the school's"
                " governance or financial management is already secure or what actions are already in place to"
                " address it (002 6.4).",
                p->governance_rationale, 4, errs);
    pe_textarea(r, h, posted, "finance_rationale", "Why is the school's financial management already secure?",
                "Or what actions are already in place to address it (002 6.4).", p->finance_rationale, 4, errs);
}

static void raf_areas_read(Req *r, Plan *p, const PlanParams *params, FormErrors *errs)
{
    (void)params;
    areas_read(r, p, 1, errs);
    pe_read_text(r, "governance_rationale", "Why governance is secure", &p->governance_rationale, errs);
    pe_read_text(r, "finance_rationale", "Why financial management is secure", &p->finance_rationale, errs);
}

/* ------------------------------------------------------ RAF: coordination */

static void raf_coordination_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted,
                                  const FormErrors *errs)
{
    (void)c;
    const Plan *p = &rec->draft;
    char cap[48], total[48];
    plan_money(plan_coord_cap(p, &rec->params), cap, sizeof cap);
    plan_money(plan_coordination_total(p), total, sizeof total);
    html_printf(h, "<p class=\"govuk-body\">Funding for NLE or teaching school coordination must be proportionate to"
                   " the funding requested. For a Tier %d school you can use up to <strong>%s</strong> in all for"
                   " coordinating and supporting the plan's implementation and monitoring (002 6.20).</p>"
                   "<p class=\"govuk-body\">Saved so far: %s.</p>",
                p->tier, cap, total);
    for (int t = 0; t < PLAN_TERMS; t++) {
        char name[24], label[48];
        snprintf(name, sizeof name, "coordination-%d", t + 1);
        snprintf(label, sizeof label, "Term %d", t + 1);
        pe_money(r, h, posted, name, label, NULL, p->coordination[t], errs);
    }
}

static void raf_coordination_read(Req *r, Plan *p, const PlanParams *params, FormErrors *errs)
{
    (void)params;
    for (int t = 0; t < PLAN_TERMS; t++) {
        char name[24], label[48];
        snprintf(name, sizeof name, "coordination-%d", t + 1);
        snprintf(label, sizeof label, "the coordination cost in term %d", t + 1);
        int64_t v;
        if (plan_form_money(r, name, label, &v, errs) >= 0)
            p->coordination[t] = v;
    }
}

/* ------------------------------------------------------- Tier 1: return */

static void tier1_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted, const FormErrors *errs)
{
    (void)c;
    const Plan *p = &rec->draft;
    pe_date(r, h, "visit_on", "Date of the school visit", NULL, p->visit_on, errs);
    areas_field(r, h, posted, p, 0, errs);
    pe_textarea(r, h, posted, "activities", "What activities were completed?", NULL, p->activities, 5, errs);
    pe_textarea(r, h, posted, "recommendations", "What recommendations were agreed with the school?", NULL,
                p->recommendations, 5, errs);
    char days[16], hint[160];
    pe_halves_text(p->days_used_halves, days, sizeof days);
    snprintf(hint, sizeof hint, "In days and half days, like 2.5. Tier 1 support is up to %d days.",
             rec->params.tier1_days);
    govuk_input(h, &(GovukInput){.name = "days_used", .label = "NLE days used", .label_classes = "govuk-label--s",
                                 .hint = hint, .value = posted ? req_form(r, "days_used") : days,
                                 .inputmode = "decimal", .spellcheck = -1, .classes = "govuk-input--width-4",
                                 .suffix = "days", .error = form_errors_get(errs, "days_used")});
}

static void tier1_read(Req *r, Plan *p, const PlanParams *params, FormErrors *errs)
{
    (void)params;
    pe_read_date(r, "visit_on", "Date of the school visit", &p->visit_on, errs);
    areas_read(r, p, 0, errs);
    pe_read_text(r, "activities", "The activities completed", &p->activities, errs);
    pe_read_text(r, "recommendations", "The recommendations", &p->recommendations, errs);
    int halves;
    if (pe_read_halves(r, "days_used", "the NLE days used", &halves, errs) == 0)
        p->days_used_halves = halves;
}

/* ----------------------------------------------------------- TSIO: visit */

static void tsio_visit_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted,
                            const FormErrors *errs)
{
    (void)c;
    const Plan *p = &rec->draft;
    pe_date(r, h, "visit_on", "Date of the first visit", NULL, p->visit_on, errs);
    pe_textarea(r, h, posted, "scoping", "Initial scoping", "What you agreed with the leaders after the first visit.",
                p->scoping, 6, errs);
    pe_textarea(r, h, posted, "diagnostic", "Initial diagnostic",
                "The changes the school or trust needs to improve, and the strategy to secure them.", p->diagnostic,
                6, errs);
}

static void tsio_visit_read(Req *r, Plan *p, const PlanParams *params, FormErrors *errs)
{
    (void)params;
    pe_read_date(r, "visit_on", "Date of the first visit", &p->visit_on, errs);
    pe_read_text(r, "scoping", "Initial scoping", &p->scoping, errs);
    pe_read_text(r, "diagnostic", "Initial diagnostic", &p->diagnostic, errs);
}

/* ------------------------------------------------------ TSIO: activities */

#define TSIO_SPARE_ROWS 2

static int rows_shown(Req *r, int posted, size_t stored, size_t max)
{
    size_t n = stored + TSIO_SPARE_ROWS;
    if (posted) {
        long v = strtol(req_form(r, "rows"), NULL, 10);
        if (v > 0)
            n = (size_t)v;
    }
    return (int)(n > max ? max : n);
}

static void tsio_activities_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted,
                                 const FormErrors *errs)
{
    (void)c;
    const Plan *p = &rec->draft;
    char used[16], limit[16];
    pe_halves_text(plan_tsio_half_days(p), used, sizeof used);
    snprintf(limit, sizeof limit, "%d", rec->params.tsio_days);
    html_printf(h, "<p class=\"govuk-body\">Days used so far: <strong>%s</strong> of up to %s days of support from"
                   " the system leader.</p><p class=\"govuk-body\">One row for each day or half day of support."
                   " Leave a row blank to remove it.</p>",
                used, limit);
    int n = rows_shown(r, posted, p->n_tsio, PLAN_MAX_ACTIVITIES);
    html_printf(h, "<input type=\"hidden\" name=\"rows\" value=\"%d\">", n);
    for (int i = 0; i < n; i++) {
        const PlanActivity *a = (size_t)i < p->n_tsio ? &p->tsio[i] : NULL;
        char legend[32], on[24], what[24], days[24], dtext[16] = "";
        snprintf(legend, sizeof legend, "Activity %d", i + 1);
        snprintf(on, sizeof on, "tsio-%d-on", i + 1);
        snprintf(what, sizeof what, "tsio-%d-what", i + 1);
        snprintf(days, sizeof days, "tsio-%d-days", i + 1);
        if (a && a->half_days > 0)
            pe_halves_text(a->half_days, dtext, sizeof dtext);
        govuk_fieldset_open(h, &(GovukFieldset){.legend = legend, .legend_classes = "govuk-fieldset__legend--m"});
        pe_date(r, h, on, "Date", NULL, a ? a->on : DATE_NONE, errs);
        pe_textarea(r, h, posted, what, "What was done", NULL, a ? a->what : NULL, 3, errs);
        govuk_input(h, &(GovukInput){.name = days, .label = "Days used", .label_classes = "govuk-label--s",
                                     .hint = "Like 1 or 0.5", .value = posted ? req_form(r, days) : dtext,
                                     .inputmode = "decimal", .spellcheck = -1, .classes = "govuk-input--width-4",
                                     .suffix = "days", .error = form_errors_get(errs, days)});
        govuk_fieldset_close(h);
    }
}

static void tsio_activities_read(Req *r, Plan *p, const PlanParams *params, FormErrors *errs)
{
    (void)params;
    int n = rows_shown(r, 1, p->n_tsio, PLAN_MAX_ACTIVITIES);
    PlanActivity rows[PLAN_MAX_ACTIVITIES];
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        char on[24], what[24], days[24], label[48];
        snprintf(on, sizeof on, "tsio-%d-on", i + 1);
        snprintf(what, sizeof what, "tsio-%d-what", i + 1);
        snprintf(days, sizeof days, "tsio-%d-days", i + 1);
        PlanActivity a = {.on = DATE_NONE, .until = DATE_NONE};
        snprintf(label, sizeof label, "Date of activity %d", i + 1);
        pe_read_date(r, on, label, &a.on, errs);
        snprintf(label, sizeof label, "What was done in activity %d", i + 1);
        pe_read_text(r, what, label, &a.what, errs);
        snprintf(label, sizeof label, "the days used in activity %d", i + 1);
        pe_read_halves(r, days, label, &a.half_days, errs);
        if (a.on == DATE_NONE && !a.what && a.half_days == 0)
            continue; /* a blank row */
        rows[k++] = a;
    }
    if (errs->n) {
        for (size_t i = 0; i < k; i++)
            free(rows[i].what);
        return;
    }
    for (size_t i = 0; i < p->n_tsio; i++)
        pe_set(&p->tsio[i].what, NULL);
    for (size_t i = 0; i < k; i++)
        p->tsio[i] = rows[i];
    p->n_tsio = k;
}

/* ------------------------------------------------------ TSIO: governance */

static void tsio_governance_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted,
                                 const FormErrors *errs)
{
    (void)c;
    const Plan *p = &rec->draft;
    if (!p->is_trust) {
        html_lit(h, "<p class=\"govuk-body\">A governance review by a national leader of governance (NLG) is offered to"
                    " trusts only. This deployment supports a school, so there is nothing to fill in here.</p>");
        return;
    }
    html_printf(h, "<p class=\"govuk-body\">The trust may have up to %d days of governance support from a national"
                   " leader of governance where beneficial and funding allows. DfE approves it.</p>",
                rec->params.nlg_days);
    html_lit(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span"
                " class=\"govuk-details__summary-text\">What to consider</span></summary><div"
                " class=\"govuk-details__text\"><p class=\"govuk-body\">Talk with the chair, the trustees and the"
                " executive team and review the papers and minutes of recent board meetings. Is there clear"
                " evidence that the board:</p><ul class=\"govuk-list govuk-list--bullet\">"
                "<li>has a good working understanding of the legal and contractual requirements (including the"
                " governance professional)?</li>"
                "<li>has trustees with the right balance of skills and experience, learning and development for"
                " them, a commitment to continuous improvement, and a recent self-review or external review of"
                " governance?</li>"
                "<li>sets a clear strategy, ethos and vision for the trust?</li>"
                "<li>maintains effective financial oversight, stewardship of assets and efficient use of"
                " resources?</li>"
                "<li>has access to good quality data to challenge and hold executives to account, and does so"
                " effectively?</li>"
                "<li>reviews all policies on schedule and keeps them up to date?</li>"
                "<li>has a governance professional who is used effectively?</li>"
                "<li>has a clear governance structure, with the roles, responsibilities and decision-making of"
                " committees and any local tier clearly identified, understood and carried out?</li>"
                "</ul></div></details>");
    Html name;
    html_init(&name);
    pe_input(r, &name, posted, "nlg_name", "The national leader of governance's name, if known", NULL, p->nlg_name,
             "govuk-!-width-two-thirds", errs);
    pe_yesno(r, h, posted, "nlg_review",
             "Is an external review of governance by a national leader of governance needed?", NULL,
             p->nlg_review ? 1 : (p->nlg_name || rec->version > 0) ? 0 : -1, &name, errs);
    html_free(&name);
}

static void tsio_governance_read(Req *r, Plan *p, const PlanParams *params, FormErrors *errs)
{
    (void)params;
    if (!p->is_trust)
        return;
    p->nlg_review = pe_read_yesno(r, "nlg_review") == 1;
    pe_read_text(r, "nlg_name", "The NLG's name", &p->nlg_name, errs);
}

/* --------------------------------------------------------- TSIO: closure */

static void tsio_closure_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted,
                              const FormErrors *errs)
{
    (void)c;
    const Plan *p = &rec->draft;
    pe_textarea(r, h, posted, "closure", "What did the deployment achieve?", NULL, p->closure, 6, errs);
    pe_textarea(r, h, posted, "next_steps", "Next steps",
                "What the school or trust will do next to secure longer-term improvement.", p->next_steps, 5, errs);
}

static void tsio_closure_read(Req *r, Plan *p, const PlanParams *params, FormErrors *errs)
{
    (void)params;
    pe_read_text(r, "closure", "What the deployment achieved", &p->closure, errs);
    pe_read_text(r, "next_steps", "Next steps", &p->next_steps, errs);
}

/* --------------------------------------------------------- RISE: funding */

static void rise_funding_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted,
                              const FormErrors *errs)
{
    (void)c;
    const Plan *p = &rec->draft;
    char band[96] = "Not set yet";
    if (p->band_indicative != BAND_UNSET)
        plan_band_label(p->band_indicative, &rec->params, band, sizeof band);
    html_printf(h, "<h2 class=\"govuk-heading-m\">Funding</h2><p class=\"govuk-body\">Indicative band (set by the"
                   " Department for Education): <strong>%s</strong></p>",
                band);
    /* 0 is an amount here (-1 is "not entered") */
    plan_money_input(h, "reserves", "The school's reserves", "From its latest accounts.",
                     posted ? req_form(r, "reserves") : p->reserves == 0 ? "0" : NULL, p->reserves, errs);
    plan_money_input(h, "revenue", "The school's annual revenue", NULL,
                     posted ? req_form(r, "revenue") : p->revenue == 0 ? "0" : NULL, p->revenue, errs);
    PlanBand allowed = plan_reserves_band(p, &rec->params);
    if (allowed == BAND_NONE)
        html_printf(h, "<div class=\"govuk-inset-text\">The reserves are more than %d%% of revenue: the plan cannot"
                       " be funded.</div>",
                    rec->params.reserves_percent);
    else if (allowed != BAND_UNSET)
        html_printf(h, "<div class=\"govuk-inset-text\">The reserves are within %d%% of revenue: funding is"
                       " possible.</div>",
                    rec->params.reserves_percent);
    html_printf(h, "<h2 class=\"govuk-heading-m\">The plan's period</h2><p class=\"govuk-body\">From %d to %d"
                   " months.</p>",
                rec->params.min_months, rec->params.max_months);
    pe_date(r, h, "starts_on", "Start date", NULL, p->starts_on, errs);
    pe_date(r, h, "ends_on", "End date", NULL, p->ends_on, errs);
    char total[48], cap[48] = "";
    plan_money(plan_total(p), total, sizeof total);
    if (p->band_indicative >= BAND_1 && p->band_indicative <= BAND_3)
        plan_money(rec->params.band_amount[p->band_indicative], cap, sizeof cap);
    html_printf(h, "<h2 class=\"govuk-heading-m\">Costed activities</h2><p class=\"govuk-body\">Total saved so far:"
                   " <strong>%s</strong>%s%s%s. Leave a row blank to remove it.</p>",
                total, *cap ? " of up to " : "", cap, *cap ? " in the indicative band" : "");
    int n = rows_shown(r, posted, p->n_costed, PLAN_MAX_ACTIVITIES);
    html_printf(h, "<input type=\"hidden\" name=\"rows\" value=\"%d\">", n);
    for (int i = 0; i < n; i++) {
        const PlanActivity *a = (size_t)i < p->n_costed ? &p->costed[i] : NULL;
        char legend[32], what[24], from[24], until[24], cost[24];
        snprintf(legend, sizeof legend, "Activity %d", i + 1);
        snprintf(what, sizeof what, "costed-%d-what", i + 1);
        snprintf(from, sizeof from, "costed-%d-from", i + 1);
        snprintf(until, sizeof until, "costed-%d-until", i + 1);
        snprintf(cost, sizeof cost, "costed-%d-cost", i + 1);
        govuk_fieldset_open(h, &(GovukFieldset){.legend = legend, .legend_classes = "govuk-fieldset__legend--s"});
        pe_textarea(r, h, posted, what, "What will be done", NULL, a ? a->what : NULL, 2, errs);
        pe_date(r, h, from, "From", NULL, a ? a->on : DATE_NONE, errs);
        pe_date(r, h, until, "Until", NULL, a ? a->until : DATE_NONE, errs);
        pe_money(r, h, posted, cost, "Cost", NULL, a ? a->cost : 0, errs);
        govuk_fieldset_close(h);
    }
}

static void rise_funding_read(Req *r, Plan *p, const PlanParams *params, FormErrors *errs)
{
    (void)params;
    int64_t v;
    int got = plan_form_money(r, "reserves", "the reserves", &v, errs);
    if (got >= 0)
        p->reserves = got ? v : -1;
    got = plan_form_money(r, "revenue", "the revenue", &v, errs);
    if (got >= 0)
        p->revenue = got ? v : -1;
    pe_read_date(r, "starts_on", "Start date", &p->starts_on, errs);
    pe_read_date(r, "ends_on", "End date", &p->ends_on, errs);
    int n = rows_shown(r, 1, p->n_costed, PLAN_MAX_ACTIVITIES);
    PlanActivity rows[PLAN_MAX_ACTIVITIES];
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        char what[24], from[24], until[24], cost[24], label[64];
        snprintf(what, sizeof what, "costed-%d-what", i + 1);
        snprintf(from, sizeof from, "costed-%d-from", i + 1);
        snprintf(until, sizeof until, "costed-%d-until", i + 1);
        snprintf(cost, sizeof cost, "costed-%d-cost", i + 1);
        PlanActivity a = {.on = DATE_NONE, .until = DATE_NONE};
        snprintf(label, sizeof label, "What will be done in activity %d", i + 1);
        pe_read_text(r, what, label, &a.what, errs);
        snprintf(label, sizeof label, "Start of activity %d", i + 1);
        pe_read_date(r, from, label, &a.on, errs);
        snprintf(label, sizeof label, "End of activity %d", i + 1);
        pe_read_date(r, until, label, &a.until, errs);
        snprintf(label, sizeof label, "the cost of activity %d", i + 1);
        plan_form_money(r, cost, label, &a.cost, errs);
        if (!a.what && a.on == DATE_NONE && a.until == DATE_NONE && a.cost == 0)
            continue;
        rows[k++] = a;
    }
    if (errs->n) {
        for (size_t i = 0; i < k; i++)
            free(rows[i].what);
        return;
    }
    for (size_t i = 0; i < p->n_costed; i++)
        pe_set(&p->costed[i].what, NULL);
    for (size_t i = 0; i < k; i++)
        p->costed[i] = rows[i];
    p->n_costed = k;
}

/* ---------------------------------------------------------------- sections */

typedef struct Section {
    PlanKind kind;
    const char *slug, *title, *audit;
    void (*form)(Req *r, Html *h, const Case *c, const PlanRecord *rec, int posted, const FormErrors *errs);
    void (*read)(Req *r, Plan *p, const PlanParams *params, FormErrors *errs);
} Section;

static const Section SECTIONS[] = {
    {PLAN_TIER1, "return", "The Tier 1 return", "return", tier1_form, tier1_read},
    {PLAN_RAF, "visit", "The school visit", "visit", raf_visit_form, raf_visit_read},
    {PLAN_RAF, "areas", "Improvement areas", "areas", raf_areas_form, raf_areas_read},
    {PLAN_RAF, "coordination", "Coordination funding", "coordination", raf_coordination_form,
     raf_coordination_read},
    {PLAN_TSIO, "visit", "The first visit", "visit", tsio_visit_form, tsio_visit_read},
    {PLAN_TSIO, "activities", "Activities and days used", "activities", tsio_activities_form,
     tsio_activities_read},
    {PLAN_TSIO, "governance", "Governance review", "governance", tsio_governance_form, tsio_governance_read},
    {PLAN_TSIO, "closure", "Closure and next steps", "closure", tsio_closure_form, tsio_closure_read},
    {PLAN_RISE, "funding", "Funding and costed activities", "funding", rise_funding_form, rise_funding_read},
};

static const Section *section_find(PlanKind kind, const char *slug)
{
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++)
        if (SECTIONS[i].kind == kind && strcmp(SECTIONS[i].slug, slug) == 0)
            return &SECTIONS[i];
    return NULL;
}

static void section_page(Req *r, Resp *w, int post)
{
    Case c;
    PlanRecord rec;
    if (!plan_page_load(r, w, PERM_PLAN_WRITE, &c, &rec))
        return;
    const Section *s = section_find(rec.kind, req_param(r, 1));
    if (!s) {
        page_error(r, w, 404);
        goto done;
    }
    const char *why = plan_edit_refusal(&c, &rec);
    FormErrors errs = {0};
    int status = 0;
    if (post) {
        if (why) {
            form_errors_add(&errs, NULL, why);
            status = 409;
        } else {
            s->read(r, &rec.draft, &rec.params, &errs);
            if (errs.n == 0) {
                const char *swhy = NULL;
                int rc = plan_save(r->db, &r->actor, &c, &rec.draft, s->audit, &swhy);
                char flash[160];
                snprintf(flash, sizeof flash, "%s saved", s->title);
                if (plan_change_done(r, w, &c, rc, flash))
                    goto done;
                form_errors_add(&errs, NULL, swhy ? swhy : "The plan could not be saved");
                status = 409;
            }
        }
    }
    char action[96], rest[64];
    snprintf(rest, sizeof rest, "edit/%s", s->slug);
    plan_href(action, sizeof action, c.id, rest);
    Html h;
    html_init(&h);
    pe_open(r, &h, &c, &rec, s->title, action, &errs, why);
    s->form(r, &h, &c, &rec, post, &errs);
    pe_close(&h, why, NULL);
    plan_page(r, w, &c, s->title, &errs, &h, status);
    html_free(&h);
done:
    plan_record_free(&rec);
    case_free(&c);
}

/* GET /plans/{id}/edit/{section} */
void page_plan_edit_form(Req *r, Resp *w)
{
    section_page(r, w, 0);
}

/* POST /plans/{id}/edit/{section} */
void page_plan_edit_submit(Req *r, Resp *w)
{
    section_page(r, w, 1);
}
