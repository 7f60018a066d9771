/*
 * plan_fields.c - every field of a plan in words, in the form's order
 * (plan_fields), for the plan's page, the PDF and comparing two versions.
 * A field's path is the form's field id where there is one
 * ("action-2-description"), so a review's comment on a field and the error
 * summary of plan_check() point at the same place. See plans.h.
 *
 * Pure: no I/O.
 */
#include "domain/plans.h"

#include "domain/matching.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    PlanFieldList *l;
    int failed;
    char section[96];
} Out;

static void put(Out *o, const char *path, const char *label, const char *value)
{
    if (o->failed)
        return;
    PlanFieldList *l = o->l;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        PlanField *items = realloc(l->items, cap * sizeof *items);
        if (!items) {
            o->failed = 1;
            return;
        }
        l->items = items;
        l->cap = cap;
    }
    PlanField *f = &l->items[l->n];
    f->value = strdup(value ? value : "");
    if (!f->value) {
        o->failed = 1;
        return;
    }
    snprintf(f->path, sizeof f->path, "%s", path);
    snprintf(f->section, sizeof f->section, "%s", o->section);
    snprintf(f->label, sizeof f->label, "%s", label);
    l->n++;
}

__attribute__((format(printf, 2, 3))) static void section(Out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->section, sizeof o->section, fmt, ap);
    va_end(ap);
}

static void put_date(Out *o, const char *path, const char *label, Date d)
{
    char s[32] = "";
    if (d != DATE_NONE)
        date_long(d, s, sizeof s);
    put(o, path, label, s);
}

static void put_money(Out *o, const char *path, const char *label, int64_t pence)
{
    char s[40];
    plan_money(pence, s, sizeof s);
    put(o, path, label, s);
}

static void put_yes(Out *o, const char *path, const char *label, int yes)
{
    put(o, path, label, yes ? "Yes" : "No");
}

static void days(int halves, char *out, size_t outlen)
{
    if (halves % 2)
        snprintf(out, outlen, "%d.5 days", halves / 2);
    else
        snprintf(out, outlen, "%d %s", halves / 2, halves == 2 ? "day" : "days");
}

static const char *raf_label(int area)
{
    return area >= 0 && (size_t)area < PLAN_N_RAF_AREAS ? PLAN_RAF_AREAS[area].label : "No area";
}

/* "term 1 (Autumn 2026)", or "term 1" with no visit date. */
static void term_label(const Plan *p, int t, char *out, size_t outlen)
{
    if (p->visit_on == DATE_NONE) {
        snprintf(out, outlen, "term %d", t + 1);
        return;
    }
    char name[24];
    match_term_label(match_term_of(p->visit_on) + t, name);
    snprintf(out, outlen, "term %d (%s)", t + 1, name);
}

static void areas_fields(const Plan *p, Out *o)
{
    section(o, "Improvement areas");
    char list[512] = "";
    for (size_t i = 0; i < p->n_areas && i < PLAN_MAX_AREAS; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", raf_label(p->areas[i]));
    }
    put(o, "areas", "Improvement areas", list);
    for (size_t i = 0; i < p->n_areas && i < PLAN_MAX_AREAS; i++) {
        int a = p->areas[i];
        char path[48], label[96];
        snprintf(path, sizeof path, "area-%s-need", a >= 0 && (size_t)a < PLAN_N_RAF_AREAS ? PLAN_RAF_AREAS[a].code : "none");
        snprintf(label, sizeof label, "%s: the weakness to address", raf_label(a));
        put(o, path, label, p->area_need[i]);
    }
}

static void raf_action_fields(const Plan *p, const PlanParams *params, size_t i, Out *o)
{
    const PlanAction *a = &p->actions[i];
    char path[48], label[96], v[64];
    section(o, "Action %zu: %s", i + 1, raf_label(a->area));
#define PATH(leaf) (snprintf(path, sizeof path, "action-%zu-%s", i + 1, leaf), path)
    put(o, PATH("description"), "Recommended action", a->description);
    put(o, PATH("responsible"), "Who in the school is responsible", a->responsible);
    put_date(o, PATH("start"), "Start date", a->start);
    put_date(o, PATH("end"), "End date", a->end);
    put_yes(o, PATH("funded"), "Funded from the grant", a->funded);
    put(o, PATH("delivery"), "How it is delivered", a->delivery ? plan_delivery_label(a->delivery) : "");
    put(o, PATH("programme"), "National programme", a->programme);
    put(o, PATH("provider"), "Provider", a->provider);
    put(o, PATH("rationale"), "Rationale", a->rationale);
    const PlanSubject *s = plan_subject(a->subject);
    put(o, PATH("subject"), "Subject", s ? s->label : a->subject);
    put(o, PATH("evidence"), "Evidence it is likely to be effective", a->evidence);
    put(o, PATH("endorsement"), "Endorsement of the hub", a->endorsement);
    put_yes(o, PATH("send-review"), "The school commissions a review of SEND provision", a->send_review);
    put_yes(o, PATH("srma"), "Carries in an SRMA action", a->srma);
    put(o, PATH("outcomes"), "Expected outcomes", a->outcomes);
    put(o, PATH("measures"), "How they will be measured", a->measures);
    for (int t = 0; t < PLAN_TERMS; t++) {
        char leaf[16], term[48];
        snprintf(leaf, sizeof leaf, "cost-%d", t + 1);
        term_label(p, t, term, sizeof term);
        snprintf(label, sizeof label, "Cost, %s", term);
        plan_money(a->cost[t], v, sizeof v);
        put(o, PATH(leaf), label, v);
    }
#undef PATH
    (void)params;
}

static void raf_fields(const Plan *p, const PlanParams *params, Out *o)
{
    char v[160], label[96], m[40], c[40];
    section(o, "School visit");
    put_date(o, "visit_on", "Date of the school visit", p->visit_on);
    put_date(o, "funded_until", "Funded activity ends by", plan_funded_until(p, params));
    areas_fields(p, o);
    put(o, "governance_rationale", "Why governance is secure (when it is not an area)", p->governance_rationale);
    put(o, "finance_rationale", "Why financial management is secure (when it is not an area)", p->finance_rationale);
    section(o, "Financial management");
    put(o, "srma_received", "Advice from a School Resource Management Adviser (SRMA)",
        p->srma_received == 1 ? "Yes" : p->srma_received == 0 ? "No" : "");
    put(o, "srma_actions", "The SRMA's outstanding actions", p->srma_actions);
    put_yes(o, "resource_review", "A review of resource management in the last 12 months", p->resource_review);
    section(o, "SEND");
    put_yes(o, "send_priority", "SEND is a priority", p->send_priority);
    for (size_t i = 0; i < p->n_actions && i < PLAN_MAX_ACTIONS; i++)
        raf_action_fields(p, params, i, o);
    section(o, "Costs");
    for (int t = 0; t < PLAN_TERMS; t++) {
        char path[48], term[48];
        snprintf(path, sizeof path, "coordination-%d", t + 1);
        term_label(p, t, term, sizeof term);
        snprintf(label, sizeof label, "Coordination, %s", term);
        put_money(o, path, label, p->coordination[t]);
    }
    section(o, "Totals");
    for (int t = 0; t < PLAN_TERMS; t++) {
        char path[48], term[48];
        snprintf(path, sizeof path, "total-%d", t + 1);
        term_label(p, t, term, sizeof term);
        snprintf(label, sizeof label, "Total, %s", term);
        put_money(o, path, label, plan_term_total(p, t));
    }
    plan_money(plan_coordination_total(p), m, sizeof m);
    plan_money(plan_coord_cap(p, params), c, sizeof c);
    snprintf(v, sizeof v, "%s (up to %s)", m, c);
    put(o, "coordination", "Coordination in all", v);
    plan_money(plan_total(p), m, sizeof m);
    plan_money(plan_cap(p, params), c, sizeof c);
    snprintf(v, sizeof v, "%s (up to %s for a Tier %d school)", m, c, p->tier == 3 ? 3 : 2);
    put(o, "total", "Total", v);
}

static void tier1_fields(const Plan *p, const PlanParams *params, Out *o)
{
    char v[64], d[32];
    section(o, "School visit");
    put_date(o, "visit_on", "Date of the school visit", p->visit_on);
    areas_fields(p, o);
    section(o, "Support");
    put(o, "activities", "Activities completed", p->activities);
    put(o, "recommendations", "Recommendations agreed with the school", p->recommendations);
    days(p->days_used_halves, d, sizeof d);
    snprintf(v, sizeof v, "%s (up to %d)", d, params->tier1_days);
    put(o, "days_used", "Days used", v);
}

static void tsio_fields(const Plan *p, const PlanParams *params, Out *o)
{
    char v[160], d[32];
    section(o, "First visit");
    put_date(o, "visit_on", "Date of the first visit", p->visit_on);
    put(o, "scoping", "Initial scoping", p->scoping);
    put(o, "diagnostic", "Initial diagnostic", p->diagnostic);
    for (size_t i = 0; i < p->n_tsio && i < PLAN_MAX_ACTIVITIES; i++) {
        const PlanActivity *a = &p->tsio[i];
        char path[48];
        section(o, "Activity %zu", i + 1);
        snprintf(path, sizeof path, "tsio-%zu-on", i + 1);
        put_date(o, path, "Date", a->on);
        snprintf(path, sizeof path, "tsio-%zu-what", i + 1);
        put(o, path, "What was done", a->what);
        snprintf(path, sizeof path, "tsio-%zu-days", i + 1);
        days(a->half_days, d, sizeof d);
        put(o, path, "Days used", d);
    }
    section(o, "Days");
    days(plan_tsio_half_days(p), d, sizeof d);
    snprintf(v, sizeof v, "%s (up to %d)", d, params->tsio_days);
    put(o, "tsio_days", "System leader's days used", v);
    section(o, "Governance review");
    if (p->nlg_review)
        snprintf(v, sizeof v, "Asked for: %d days from a national leader of governance, on top of the system "
                 "leader's days", params->nlg_days);
    else
        snprintf(v, sizeof v, "Not asked for");
    put(o, "nlg_review", "Review of governance by a national leader of governance", v);
    put(o, "nlg_name", "National leader of governance", p->nlg_name);
    put_yes(o, "nlg_approved", "Approved by DfE", p->nlg_approved);
    section(o, "Closure");
    put(o, "closure", "What the deployment achieved", p->closure);
    put(o, "next_steps", "Next steps", p->next_steps);
}

/* "Reserves are 12% of revenue: funding is possible". */
static void reserves_check(const Plan *p, const PlanParams *params, char *out, size_t outlen)
{
    PlanBand b = plan_reserves_band(p, params);
    if (b == BAND_UNSET) {
        snprintf(out, outlen, "Enter reserves and revenue to check");
        return;
    }
    int64_t tenths = (p->reserves * 1000 + p->revenue / 2) / p->revenue;
    char pct[32];
    if (tenths % 10)
        snprintf(pct, sizeof pct, "%lld.%lld%%", (long long)(tenths / 10), (long long)(tenths % 10));
    else
        snprintf(pct, sizeof pct, "%lld%%", (long long)(tenths / 10));
    if (b == BAND_NONE)
        snprintf(out, outlen, "Reserves are %s of revenue, more than %d%%: no funding", pct, params->reserves_percent);
    else
        snprintf(out, outlen, "Reserves are %s of revenue: funding is possible", pct);
}

static void rise_fields(const Plan *p, const PlanParams *params, Out *o)
{
    char v[160], path[48];
    for (size_t i = 0; i < p->n_objectives && i < PLAN_MAX_OBJECTIVES; i++) {
        const PlanObjective *ob = &p->objectives[i];
        int ok = ob->area >= 0 && (size_t)ob->area < PLAN_N_RISE_AREAS;
        section(o, "Objective %zu: %s", i + 1, ok ? PLAN_RISE_AREAS[ob->area].label : "No area");
        snprintf(path, sizeof path, "objective-%zu-area", i + 1);
        put(o, path, "Area", ok ? PLAN_RISE_AREAS[ob->area].label : "");
        snprintf(path, sizeof path, "objective-%zu-text", i + 1);
        put(o, path, "Objective", ob->text);
    }
    for (size_t i = 0; i < p->n_actions && i < PLAN_MAX_ACTIONS; i++) {
        const PlanAction *a = &p->actions[i];
        if (a->area >= 0 && (size_t)a->area < p->n_objectives)
            section(o, "Action %zu: objective %d", i + 1, a->area + 1);
        else
            section(o, "Action %zu", i + 1);
#define PATH(leaf) (snprintf(path, sizeof path, "action-%zu-%s", i + 1, leaf), path)
        put(o, PATH("description"), "Action", a->description);
        put(o, PATH("responsible"), "Owner", a->responsible);
        put_date(o, PATH("start"), "Start date", a->start);
        put_date(o, PATH("end"), "End date", a->end);
        put(o, PATH("outcomes"), "Success measure", a->outcomes);
#undef PATH
    }
    section(o, "Period");
    put_date(o, "starts_on", "The plan starts", p->starts_on);
    put_date(o, "ends_on", "The plan ends", p->ends_on);
    section(o, "Funding");
    if (p->reserves >= 0) put_money(o, "reserves", "Reserves", p->reserves); else put(o, "reserves", "Reserves", "");
    if (p->revenue >= 0) put_money(o, "revenue", "Revenue", p->revenue); else put(o, "revenue", "Revenue", "");
    reserves_check(p, params, v, sizeof v);
    put(o, "reserves_check", "Reserves check", v);
    plan_band_label(p->band_indicative, params, v, sizeof v);
    put(o, "band", "Indicative funding band", p->band_indicative ? v : "");
    plan_band_label(p->band_final, params, v, sizeof v);
    put(o, "band_final", "Final funding band", p->band_final ? v : "");
    for (size_t i = 0; i < p->n_costed && i < PLAN_MAX_ACTIVITIES; i++) {
        const PlanActivity *c = &p->costed[i];
        section(o, "Costed activity %zu", i + 1);
        snprintf(path, sizeof path, "costed-%zu-what", i + 1);
        put(o, path, "Activity", c->what);
        snprintf(path, sizeof path, "costed-%zu-from", i + 1);
        put_date(o, path, "From", c->on);
        snprintf(path, sizeof path, "costed-%zu-until", i + 1);
        put_date(o, path, "Until", c->until);
        snprintf(path, sizeof path, "costed-%zu-cost", i + 1);
        put_money(o, path, "Cost", c->cost);
    }
    section(o, "Totals");
    put_money(o, "total", "Total cost", plan_total(p));
}

int plan_fields(const Plan *p, const PlanParams *params, PlanFieldList *out)
{
    memset(out, 0, sizeof *out);
    Out o = {.l = out};
    switch (p->kind) {
    case PLAN_RAF: raf_fields(p, params, &o); break;
    case PLAN_TIER1: tier1_fields(p, params, &o); break;
    case PLAN_TSIO: tsio_fields(p, params, &o); break;
    case PLAN_RISE: rise_fields(p, params, &o); break;
    default: break;
    }
    if (o.failed) {
        plan_field_list_free(out);
        return -1;
    }
    return 0;
}

void plan_field_list_free(PlanFieldList *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].value);
    free(l->items);
    memset(l, 0, sizeof *l);
}
