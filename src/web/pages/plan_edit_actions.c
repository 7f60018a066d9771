/*
 * plan_edit_actions.c - a draft's actions and objectives (issue 13).
 *
 * GET/POST /plans/{id}/actions/new?area=CODE       a new recommended action (RAF)
 * GET/POST /plans/{id}/actions/new?objective=N     a new action under objective N (RISE)
 * GET/POST /plans/{id}/actions/{n}                 action n (1-based)
 * POST     /plans/{id}/actions/{n}/remove          removes it
 * POST     /plans/{id}/objectives/{n}/remove       removes an objective with its actions
 * GET/POST /plans/{id}/objectives/new              a new objective (RISE)
 * GET/POST /plans/{id}/objectives/{n}              objective n
 *
 * Field ids are the ones the plan's rules name (domain/plans.h), so that
 * the submit page's error summary lands on them: "action-N-description" and
 * so on, N being the action's number (the new one's is n_actions + 1).
 * Formats only are checked here (see plan_edit.c).
 */
#include "web/pages/plan_edit.h"

#include "domain/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int param_index(Req *r, int i)
{
    const char *p = req_param(r, i);
    char *end;
    long v = strtol(p, &end, 10);
    return (*p && !*end && v > 0 && v < 100000) ? (int)v : 0;
}

static void action_free(PlanAction *a)
{
    char **s[] = {&a->description, &a->responsible, &a->programme, &a->provider, &a->rationale,
                  &a->subject,     &a->evidence,    &a->endorsement, &a->outcomes, &a->measures};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        pe_set(s[i], NULL);
}

/* "action-N-<what>" */
static const char *fid(char *out, size_t outlen, int n, const char *what)
{
    snprintf(out, outlen, "action-%d-%s", n, what);
    return out;
}

/* ---------------------------------------------------------------- the form */

static void programme_field(Req *r, Html *h, const Case *c, int posted, const char *name, const char *stored,
                            const FormErrors *errs)
{
    PlanProgrammeList l = {0};
    if (plan_programmes(r->db, c->region, &l) != 0)
        l.n = 0;
    GovukOption *opts = calloc(l.n + 1, sizeof *opts);
    /* the hint is plain text (the component escapes it): the region's hubs
       and whom to contact */
    char hint[2048];
    size_t used = (size_t)snprintf(hint, sizeof hint,
                                   "Check the programme's eligibility and availability first (002 6.9).");
    int hubs = 0;
    if (opts) {
        opts[0] = (GovukOption){.value = "", .text = "Choose a programme or hub"};
        for (size_t i = 0; i < l.n; i++) {
            opts[i + 1] = (GovukOption){.value = l.items[i].code, .text = l.items[i].name};
            if (l.items[i].kind && strcmp(l.items[i].kind, "hub") == 0 && l.items[i].contact &&
                used < sizeof hint) {
                int k = snprintf(hint + used, sizeof hint - used, "%s%s: %s", hubs ? "; " : " Hubs in the case's region: ",
                                 l.items[i].name, l.items[i].contact);
                if (k > 0)
                    used += (size_t)k;
                hubs++;
            }
        }
    }
    govuk_select(h, &(GovukSelect){.name = name, .label = "Which national programme or hub?",
                                   .label_classes = "govuk-label--s", .hint = hint,
                                   .value = pe_val(r, posted, name, stored), .items = opts,
                                   .n_items = opts ? (int)l.n + 1 : 0, .error = form_errors_get(errs, name)});
    free(opts);
    plan_programme_list_free(&l);
}

static void action_form(Req *r, Html *h, const Case *c, const PlanRecord *rec, const PlanAction *a, int n,
                        int posted, const FormErrors *errs)
{
    char id[48], id2[48];
    int rise = rec->kind == PLAN_RISE;
    if (rise) {
        int o = a->area;
        if (o >= 0 && (size_t)o < rec->draft.n_objectives && rec->draft.objectives[o].text)
            html_printf(h, "<p class=\"govuk-body\">Objective %d: %s</p>", o + 1, rec->draft.objectives[o].text);
    } else {
        size_t na;
        const PlanArea *areas = plan_areas(PLAN_RAF, &na);
        if (a->area >= 0 && (size_t)a->area < na)
            html_printf(h, "<p class=\"govuk-body\">Improvement area: <strong>%s</strong></p>",
                        areas[a->area].label);
    }
    pe_textarea(r, h, posted, fid(id, sizeof id, n, "description"), rise ? "Action" : "Recommended action",
                rise ? NULL
                     : "The activities to be carried out to address the need, with enough detail to judge value for"
                       " money: for example the number of system leader days or of teachers supported (002 6.5,"
                       " 6.23).",
                a->description, 5, errs);
    pe_input(r, h, posted, fid(id, sizeof id, n, "responsible"), rise ? "Owner" : "Who in the school is responsible?",
             NULL, a->responsible, "govuk-!-width-two-thirds", errs);
    pe_date(r, h, fid(id, sizeof id, n, "start"), "Start date", NULL, a->start, errs);
    pe_date(r, h, fid(id, sizeof id, n, "end"), "End date",
            rise ? NULL
                 : "Funded activity must be completed within the three school terms following the first visit"
                   " (002 6.7).",
            a->end, errs);
    if (rise) {
        pe_textarea(r, h, posted, fid(id, sizeof id, n, "outcomes"), "Success measure", NULL, a->outcomes, 3, errs);
        return;
    }
    pe_yesno(r, h, posted, fid(id, sizeof id, n, "funded"), "Is it paid for from the grant?",
             "Recommended actions need not all be funded (002 6.6).", a->funded ? 1 : a->description ? 0 : -1, NULL,
             errs);
    /* delivery, with the programme revealed under a national programme */
    Html national;
    html_init(&national);
    programme_field(r, &national, c, posted, fid(id2, sizeof id2, n, "programme"), a->programme, errs);
    GovukChoice items[] = {
        {.value = "national", .text = plan_delivery_label(DELIVERY_NATIONAL), .conditional = &national},
        {.value = "other", .text = plan_delivery_label(DELIVERY_OTHER)},
        {.value = "own", .text = plan_delivery_label(DELIVERY_OWN)},
        {.value = "school", .text = plan_delivery_label(DELIVERY_SCHOOL)},
    };
    fid(id, sizeof id, n, "delivery");
    const char *stored = a->delivery != DELIVERY_NONE ? plan_delivery_slug(a->delivery) : "";
    govuk_radios(h, &(GovukRadios){.name = id, .legend = "Who will deliver it?",
                                   .legend_classes = "govuk-fieldset__legend--s",
                                   .hint = "Use DfE-funded national programmes wherever they are available (002 6.9).",
                                   .value = pe_val(r, posted, id, stored), .items = items, .n_items = 4,
                                   .error = form_errors_get(errs, id)});
    html_free(&national);
    pe_input(r, h, posted, fid(id, sizeof id, n, "provider"), "Provider's name",
             "When another provider or your own school or trust delivers it (002 6.16).", a->provider,
             "govuk-!-width-two-thirds", errs);
    pe_textarea(r, h, posted, fid(id, sizeof id, n, "rationale"), "Rationale",
                "Why not a national programme; or, for system leaders within your own trust or alliance, why this is"
                " the most appropriate and impactful support available (002 6.16, 6.17).",
                a->rationale, 4, errs);
    /* a subject-specific action */
    size_t na;
    const PlanArea *areas = plan_areas(PLAN_RAF, &na);
    if (a->area >= 0 && (size_t)a->area < na && strcmp(areas[a->area].code, "subject") == 0) {
        GovukOption opts[32];
        int no = 0;
        opts[no++] = (GovukOption){.value = "", .text = "Choose a subject"};
        char hubs[1024] = "";
        size_t used = 0;
        for (size_t i = 0; i < PLAN_N_SUBJECTS && no < 32; i++) {
            opts[no++] = (GovukOption){.value = PLAN_SUBJECTS[i].code, .text = PLAN_SUBJECTS[i].label};
            if (PLAN_SUBJECTS[i].needs_hub && PLAN_SUBJECTS[i].hub && used < sizeof hubs) {
                int k = snprintf(hubs + used, sizeof hubs - used, "%s%s: %s", used ? "; " : "",
                                 PLAN_SUBJECTS[i].label, PLAN_SUBJECTS[i].hub);
                if (k > 0)
                    used += (size_t)k;
            }
        }
        fid(id, sizeof id, n, "subject");
        govuk_select(h, &(GovukSelect){.name = id, .label = "Subject", .label_classes = "govuk-label--s",
                                       .value = pe_val(r, posted, id, a->subject ? a->subject : ""), .items = opts,
                                       .n_items = no, .error = form_errors_get(errs, id)});
        pe_textarea(r, h, posted, fid(id, sizeof id, n, "evidence"), "Evidence it is likely to be effective",
                    "Needed when a subject-specific activity is an alternative to a national programme (002 6.11).",
                    a->evidence, 4, errs);
        char hint[1200];
        snprintf(hint, sizeof hint, "Who at the hub endorsed it, and when. The hub endorses an alternative for: %s.",
                 hubs);
        pe_textarea(r, h, posted, fid(id, sizeof id, n, "endorsement"), "The hub's endorsement", hint,
                    a->endorsement, 3, errs);
    }
    /* SEND review and SRMA actions */
    fid(id, sizeof id, n, "send-review");
    fid(id2, sizeof id2, n, "srma");
    const char *send_v[] = {"yes"};
    int send_on = posted ? strcmp(req_form(r, id), "yes") == 0 : a->send_review;
    int srma_on = posted ? strcmp(req_form(r, id2), "yes") == 0 : a->srma;
    govuk_checkboxes(h, &(GovukCheckboxes){
                            .name = id, .values = send_v, .n_values = send_on ? 1 : 0,
                            .items = (GovukChoice[]){{.value = "yes",
                                                      .text = "This is the school commissioning a review of SEND"
                                                              " provision"}},
                            .n_items = 1, .classes = "govuk-checkboxes--small"});
    govuk_checkboxes(h, &(GovukCheckboxes){
                            .name = id2, .values = send_v, .n_values = srma_on ? 1 : 0,
                            .items = (GovukChoice[]){{.value = "yes",
                                                      .text = "This carries in an outstanding SRMA action"}},
                            .n_items = 1, .classes = "govuk-checkboxes--small"});
    pe_textarea(r, h, posted, fid(id, sizeof id, n, "outcomes"), "Expected outcomes",
                "The changes anticipated (002 6.18).", a->outcomes, 4, errs);
    pe_textarea(r, h, posted, fid(id, sizeof id, n, "measures"), "How will they be measured?",
                "The evidence that will show the changes have been delivered or are on track.", a->measures, 4, errs);
    govuk_fieldset_open(h, &(GovukFieldset){.legend = "Cost per term",
                                            .legend_classes = "govuk-fieldset__legend--s"});
    for (int t = 0; t < PLAN_TERMS; t++) {
        char what[16], label[24];
        snprintf(what, sizeof what, "cost-%d", t + 1);
        snprintf(label, sizeof label, "Term %d", t + 1);
        pe_money(r, h, posted, fid(id, sizeof id, n, what), label, NULL, a->cost[t], errs);
    }
    govuk_fieldset_close(h);
}

static void action_read(Req *r, const PlanKind kind, PlanAction *a, int n, FormErrors *errs)
{
    char id[48], label[64];
    pe_read_text(r, fid(id, sizeof id, n, "description"), "The action", &a->description, errs);
    pe_read_text(r, fid(id, sizeof id, n, "responsible"), kind == PLAN_RISE ? "The owner" : "Who is responsible",
                 &a->responsible, errs);
    pe_read_date(r, fid(id, sizeof id, n, "start"), "Start date", &a->start, errs);
    pe_read_date(r, fid(id, sizeof id, n, "end"), "End date", &a->end, errs);
    if (kind == PLAN_RISE) {
        pe_read_text(r, fid(id, sizeof id, n, "outcomes"), "The success measure", &a->outcomes, errs);
        return;
    }
    a->funded = pe_read_yesno(r, fid(id, sizeof id, n, "funded")) == 1;
    a->delivery = plan_delivery_from_slug(req_form(r, fid(id, sizeof id, n, "delivery")));
    /* the programme's select is sent whatever is chosen (a conditional reveal) */
    if (a->delivery == DELIVERY_NATIONAL)
        pe_read_text(r, fid(id, sizeof id, n, "programme"), "The programme", &a->programme, errs);
    else
        pe_set(&a->programme, NULL);
    pe_read_text(r, fid(id, sizeof id, n, "provider"), "The provider's name", &a->provider, errs);
    pe_read_text(r, fid(id, sizeof id, n, "rationale"), "The rationale", &a->rationale, errs);
    size_t na;
    const PlanArea *areas = plan_areas(PLAN_RAF, &na);
    if (a->area >= 0 && (size_t)a->area < na && strcmp(areas[a->area].code, "subject") == 0) {
        const char *s = req_form(r, fid(id, sizeof id, n, "subject"));
        pe_set(&a->subject, plan_subject(s) ? s : NULL);
        pe_read_text(r, fid(id, sizeof id, n, "evidence"), "The evidence", &a->evidence, errs);
        pe_read_text(r, fid(id, sizeof id, n, "endorsement"), "The hub's endorsement", &a->endorsement, errs);
    }
    a->send_review = strcmp(req_form(r, fid(id, sizeof id, n, "send-review")), "yes") == 0;
    a->srma = strcmp(req_form(r, fid(id, sizeof id, n, "srma")), "yes") == 0;
    pe_read_text(r, fid(id, sizeof id, n, "outcomes"), "The expected outcomes", &a->outcomes, errs);
    pe_read_text(r, fid(id, sizeof id, n, "measures"), "How they will be measured", &a->measures, errs);
    for (int t = 0; t < PLAN_TERMS; t++) {
        char what[16];
        snprintf(what, sizeof what, "cost-%d", t + 1);
        snprintf(label, sizeof label, "the cost in term %d", t + 1);
        int64_t v;
        if (plan_form_money(r, fid(id, sizeof id, n, what), label, &v, errs) >= 0)
            a->cost[t] = v;
    }
}

/* ----------------------------------------------------------------- actions */

/* The area (RAF) or objective (RISE) a new action is for, from the query:
   its index, or -1 when not one. */
static int new_action_group(Req *r, const PlanRecord *rec, char *query, size_t qlen)
{
    if (rec->kind == PLAN_RAF) {
        const char *code = req_query(r, "area");
        int i = plan_area_index(PLAN_RAF, code);
        if (i >= 0) {
            snprintf(query, qlen, "?area=%s", code);
        }
        return i;
    }
    if (rec->kind == PLAN_RISE) {
        long o = strtol(req_query(r, "objective"), NULL, 10);
        if (o < 1 || (size_t)o > rec->draft.n_objectives)
            return -1;
        snprintf(query, qlen, "?objective=%ld", o);
        return (int)o - 1;
    }
    return -1;
}

/* new: n 0; an action: its number. */
static void action_page(Req *r, Resp *w, int n, int post)
{
    Case c;
    PlanRecord rec;
    if (!plan_page_load(r, w, PERM_PLAN_WRITE, &c, &rec))
        return;
    Plan *p = &rec.draft;
    char query[64] = "";
    int group = -1;
    if (rec.kind != PLAN_RAF && rec.kind != PLAN_RISE) {
        page_error(r, w, 404);
        goto done;
    }
    if (n == 0) {
        group = new_action_group(r, &rec, query, sizeof query);
        if (group < 0) {
            page_error(r, w, 404);
            goto done;
        }
    } else if ((size_t)n > p->n_actions) {
        page_error(r, w, 404);
        goto done;
    }
    const char *why = plan_edit_refusal(&c, &rec);
    FormErrors errs = {0};
    int status = 0, fresh = n == 0;
    int number = n ? n : (int)p->n_actions + 1;
    PlanAction blank = {.area = group, .start = DATE_NONE, .end = DATE_NONE};
    PlanAction *a = n ? &p->actions[n - 1] : &blank;
    if (post) {
        if (why) {
            form_errors_add(&errs, NULL, why);
            status = 409;
        } else if (fresh && p->n_actions >= PLAN_MAX_ACTIONS) {
            form_errors_add(&errs, NULL, "The plan has as many actions as it can take");
            status = 409;
        } else {
            action_read(r, rec.kind, a, number, &errs);
            if (errs.n == 0) {
                if (fresh) {
                    p->actions[p->n_actions++] = blank;
                    memset(&blank, 0, sizeof blank); /* the plan owns its strings now */
                    a = &p->actions[number - 1];
                }
                char section[32], flash[64];
                snprintf(section, sizeof section, "%s %d", fresh ? "new action" : "action", number);
                snprintf(flash, sizeof flash, "Action %d saved", number);
                const char *swhy = NULL;
                int rc = plan_save(r->db, &r->actor, &c, p, section, &swhy);
                if (rc == CW_OK && strcmp(req_form(r, "next"), "another") == 0) {
                    char href[128], rest[96];
                    if (rec.kind == PLAN_RISE)
                        snprintf(rest, sizeof rest, "actions/new?objective=%d", a->area + 1);
                    else
                        snprintf(rest, sizeof rest, "actions/new?area=%s",
                                 plan_areas(PLAN_RAF, &(size_t){0})[a->area].code);
                    plan_href(href, sizeof href, c.id, rest);
                    req_flash(r, flash);
                    resp_redirect(w, href);
                    goto done;
                }
                if (plan_change_done(r, w, &c, rc, flash))
                    goto done;
                form_errors_add(&errs, NULL, swhy ? swhy : "The plan could not be saved");
                status = 409;
            }
        }
    }
    char title[48], action[128], rest[96];
    snprintf(title, sizeof title, fresh ? "New action" : "Action %d", number);
    if (fresh)
        snprintf(rest, sizeof rest, "actions/new%s", query);
    else
        snprintf(rest, sizeof rest, "actions/%d", number);
    plan_href(action, sizeof action, c.id, rest);
    Html h;
    html_init(&h);
    pe_open(r, &h, &c, &rec, title, action, &errs, why);
    action_form(r, &h, &c, &rec, a, number, post, &errs);
    pe_close(&h, why, "Save and add another action");
    if (!fresh && !why) {
        snprintf(rest, sizeof rest, "actions/%d/remove", number);
        plan_href(action, sizeof action, c.id, rest);
        html_lit(&h, "<form method=\"post\" action=\"");
        html_href(&h, action);
        html_lit(&h, "\" novalidate>");
        govuk_csrf_field(&h, req_csrf(r));
        govuk_button(&h, &(GovukButton){.text = "Remove this action", .variant = GOVUK_BUTTON_WARNING,
                                        .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    plan_page(r, w, &c, title, &errs, &h, status);
    html_free(&h);
    action_free(&blank);
done:
    plan_record_free(&rec);
    case_free(&c);
}

/* GET /plans/{id}/actions/new */
void page_plan_action_new_form(Req *r, Resp *w)
{
    action_page(r, w, 0, 0);
}

/* POST /plans/{id}/actions/new */
void page_plan_action_new_submit(Req *r, Resp *w)
{
    action_page(r, w, 0, 1);
}

/* GET /plans/{id}/actions/{n} */
void page_plan_action_form(Req *r, Resp *w)
{
    int n = param_index(r, 1);
    if (!n) {
        page_error(r, w, 404);
        return;
    }
    action_page(r, w, n, 0);
}

/* POST /plans/{id}/actions/{n} */
void page_plan_action_submit(Req *r, Resp *w)
{
    int n = param_index(r, 1);
    if (!n) {
        page_error(r, w, 404);
        return;
    }
    action_page(r, w, n, 1);
}

/* Removes action n, or objective n with its actions (the later objectives'
   actions follow their objective's new number). */
static void remove_item(Req *r, Resp *w, int objective)
{
    int n = param_index(r, 1);
    Case c;
    PlanRecord rec;
    if (!n) {
        page_error(r, w, 404);
        return;
    }
    if (!plan_page_load(r, w, PERM_PLAN_WRITE, &c, &rec))
        return;
    Plan *p = &rec.draft;
    int known = objective ? rec.kind == PLAN_RISE && (size_t)n <= p->n_objectives
                          : (rec.kind == PLAN_RAF || rec.kind == PLAN_RISE) && (size_t)n <= p->n_actions;
    if (!known) {
        page_error(r, w, 404);
        goto done;
    }
    const char *what = objective ? "objective" : "action";
    const char *why = plan_edit_refusal(&c, &rec);
    if (!why) {
        if (objective) {
            size_t k = 0;
            for (size_t i = 0; i < p->n_actions; i++) {
                if (p->actions[i].area == n - 1) {
                    action_free(&p->actions[i]);
                    continue;
                }
                if (p->actions[i].area > n - 1)
                    p->actions[i].area--;
                p->actions[k++] = p->actions[i];
            }
            p->n_actions = k;
            pe_set(&p->objectives[n - 1].text, NULL);
            memmove(&p->objectives[n - 1], &p->objectives[n],
                    (p->n_objectives - (size_t)n) * sizeof p->objectives[0]);
            p->n_objectives--;
        } else {
            action_free(&p->actions[n - 1]);
            memmove(&p->actions[n - 1], &p->actions[n], (p->n_actions - (size_t)n) * sizeof p->actions[0]);
            p->n_actions--;
        }
        char section[40], flash[64];
        snprintf(section, sizeof section, "remove %s %d", what, n);
        snprintf(flash, sizeof flash, "%s %d removed", objective ? "Objective" : "Action", n);
        int rc = plan_save(r->db, &r->actor, &c, p, section, &why);
        if (plan_change_done(r, w, &c, rc, flash))
            goto done;
        if (!why)
            why = "The plan could not be saved";
    }
    FormErrors errs = {0};
    form_errors_add(&errs, NULL, why);
    Html h;
    html_init(&h);
    govuk_error_summary(&h, &errs);
    html_printf(&h, "<h1 class=\"govuk-heading-l\">The %s cannot be removed</h1><p class=\"govuk-body\">%s</p>", what,
                why);
    plan_page(r, w, &c, objective ? "The objective cannot be removed" : "The action cannot be removed", &errs, &h,
              409);
    html_free(&h);
done:
    plan_record_free(&rec);
    case_free(&c);
}

/* POST /plans/{id}/actions/{n}/remove */
void page_plan_action_remove(Req *r, Resp *w)
{
    remove_item(r, w, 0);
}

/* POST /plans/{id}/objectives/{n}/remove */
void page_plan_objective_remove(Req *r, Resp *w)
{
    remove_item(r, w, 1);
}

/* ------------------------------------------------------------- objectives */

static void objective_page(Req *r, Resp *w, int n, int post)
{
    Case c;
    PlanRecord rec;
    if (!plan_page_load(r, w, PERM_PLAN_WRITE, &c, &rec))
        return;
    Plan *p = &rec.draft;
    if (rec.kind != PLAN_RISE || (size_t)n > p->n_objectives) {
        page_error(r, w, 404);
        goto done;
    }
    const char *why = plan_edit_refusal(&c, &rec);
    FormErrors errs = {0};
    int status = 0, fresh = n == 0;
    int number = n ? n : (int)p->n_objectives + 1;
    char area_id[40], text_id[40];
    snprintf(area_id, sizeof area_id, "objective-%d-area", number);
    snprintf(text_id, sizeof text_id, "objective-%d-text", number);
    PlanObjective blank = {.area = -1};
    PlanObjective *o = n ? &p->objectives[n - 1] : &blank;
    if (post) {
        if (why) {
            form_errors_add(&errs, NULL, why);
            status = 409;
        } else if (fresh && p->n_objectives >= PLAN_MAX_OBJECTIVES) {
            form_errors_add(&errs, NULL, "The plan has as many objectives as it can take");
            status = 409;
        } else {
            char *text = NULL;
            if (o->text)
                text = strdup(o->text);
            pe_read_text(r, text_id, "The objective", &text, &errs);
            if (errs.n == 0) {
                pe_set(&o->text, NULL);
                o->text = text;
                o->area = plan_area_index(PLAN_RISE, req_form(r, area_id));
                if (fresh) {
                    p->objectives[p->n_objectives++] = blank;
                    blank.text = NULL;
                }
                char section[32], flash[64];
                snprintf(section, sizeof section, "%s %d", fresh ? "new objective" : "objective", number);
                snprintf(flash, sizeof flash, "Objective %d saved", number);
                const char *swhy = NULL;
                int rc = plan_save(r->db, &r->actor, &c, p, section, &swhy);
                if (plan_change_done(r, w, &c, rc, flash))
                    goto done;
                form_errors_add(&errs, NULL, swhy ? swhy : "The plan could not be saved");
                status = 409;
            } else {
                free(text);
            }
        }
    }
    char title[48], action[128], rest[64];
    snprintf(title, sizeof title, fresh ? "New objective" : "Objective %d", number);
    if (fresh)
        snprintf(rest, sizeof rest, "objectives/new");
    else
        snprintf(rest, sizeof rest, "objectives/%d", number);
    plan_href(action, sizeof action, c.id, rest);
    Html h;
    html_init(&h);
    pe_open(r, &h, &c, &rec, title, action, &errs, why);
    size_t na;
    const PlanArea *areas = plan_areas(PLAN_RISE, &na);
    GovukOption opts[32];
    int no = 0;
    opts[no++] = (GovukOption){.value = "", .text = "Choose an area"};
    for (size_t i = 0; i < na && no < 32; i++)
        opts[no++] = (GovukOption){.value = areas[i].code, .text = areas[i].label};
    const char *stored = o->area >= 0 && (size_t)o->area < na ? areas[o->area].code : "";
    govuk_select(&h, &(GovukSelect){.name = area_id, .label = "Area", .label_classes = "govuk-label--s",
                                    .hint = "The report card area the objective improves.",
                                    .value = pe_val(r, post, area_id, stored), .items = opts, .n_items = no,
                                    .error = form_errors_get(&errs, area_id)});
    pe_textarea(r, &h, post, text_id, "Objective", "What is to be achieved.", o->text, 4, &errs);
    pe_close(&h, why, NULL);
    if (!fresh) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Actions</h2><ul class=\"govuk-list\">");
        for (size_t i = 0; i < p->n_actions; i++) {
            if (p->actions[i].area != n - 1)
                continue;
            char href[96];
            snprintf(rest, sizeof rest, "actions/%zu", i + 1);
            plan_href(href, sizeof href, c.id, rest);
            html_lit(&h, "<li><a class=\"govuk-link\" href=\"");
            html_href(&h, href);
            html_printf(&h, "\">Action %zu: %s</a></li>", i + 1,
                        p->actions[i].description ? p->actions[i].description : "not described yet");
        }
        html_lit(&h, "</ul>");
        if (!why) {
            char href[96];
            snprintf(rest, sizeof rest, "actions/new?objective=%d", n);
            plan_href(href, sizeof href, c.id, rest);
            govuk_button(&h, &(GovukButton){.text = "Add an action", .href = href,
                                            .variant = GOVUK_BUTTON_SECONDARY});
            snprintf(rest, sizeof rest, "objectives/%d/remove", n);
            plan_href(href, sizeof href, c.id, rest);
            html_lit(&h, "<form method=\"post\" action=\"");
            html_href(&h, href);
            html_lit(&h, "\" novalidate>");
            govuk_csrf_field(&h, req_csrf(r));
            govuk_button(&h, &(GovukButton){.text = "Remove this objective and its actions",
                                            .variant = GOVUK_BUTTON_WARNING, .prevent_double_click = 1});
            html_lit(&h, "</form>");
        }
    }
    plan_page(r, w, &c, title, &errs, &h, status);
    html_free(&h);
    pe_set(&blank.text, NULL);
done:
    plan_record_free(&rec);
    case_free(&c);
}

/* GET /plans/{id}/objectives/new */
void page_plan_objective_new_form(Req *r, Resp *w)
{
    objective_page(r, w, 0, 0);
}

/* POST /plans/{id}/objectives/new */
void page_plan_objective_new_submit(Req *r, Resp *w)
{
    objective_page(r, w, 0, 1);
}

/* GET /plans/{id}/objectives/{n} */
void page_plan_objective_form(Req *r, Resp *w)
{
    int n = param_index(r, 1);
    if (!n) {
        page_error(r, w, 404);
        return;
    }
    objective_page(r, w, n, 0);
}

/* POST /plans/{id}/objectives/{n} */
void page_plan_objective_submit(Req *r, Resp *w)
{
    int n = param_index(r, 1);
    if (!n) {
        page_error(r, w, 404);
        return;
    }
    objective_page(r, w, n, 1);
}
