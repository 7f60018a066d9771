/*
 * plan_json.c - a plan as JSON (plan_to_json / plan_from_json), one object a
 * version. The fields in words are in plan_fields.c. See plans.h.
 *
 * Pure: no I/O.
 *
 * The JSON holds every field of the Plan struct, whatever the kind, so a
 * round trip loses nothing: dates as "yyyy-mm-dd" or null, money as integer
 * pence, text as a string or null (NULL and "" stay apart), flags as
 * booleans (srma_received null when not answered), areas by code (the RAF's
 * list), an action's area by code for the RAF and the Tier 1 return and by
 * objective index for RISE, delivery, subject and bands by slug. An area
 * index that is not one is written null and read back as -1.
 */
#include "domain/plans.h"

#include "domain/matching.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------------ */

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *jdate(Date d)
{
    if (d == DATE_NONE)
        return json_null();
    char iso[11];
    date_iso(d, iso);
    return json_string(iso);
}

static json_t *jcode(const PlanArea *list, size_t n, int idx)
{
    return idx >= 0 && (size_t)idx < n ? json_string(list[idx].code) : json_null();
}

static json_t *jterms(const int64_t v[PLAN_TERMS])
{
    json_t *a = json_array();
    for (int t = 0; t < PLAN_TERMS; t++)
        json_array_append_new(a, json_integer(v[t]));
    return a;
}

static json_t *action_json(const Plan *p, const PlanAction *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "area",
                        p->kind == PLAN_RISE ? (a->area >= 0 ? json_integer(a->area) : json_null())
                                             : jcode(PLAN_RAF_AREAS, PLAN_N_RAF_AREAS, a->area));
    json_object_set_new(o, "description", jstr(a->description));
    json_object_set_new(o, "responsible", jstr(a->responsible));
    json_object_set_new(o, "start", jdate(a->start));
    json_object_set_new(o, "end", jdate(a->end));
    json_object_set_new(o, "funded", json_boolean(a->funded));
    json_object_set_new(o, "delivery", a->delivery ? json_string(plan_delivery_slug(a->delivery)) : json_null());
    json_object_set_new(o, "programme", jstr(a->programme));
    json_object_set_new(o, "provider", jstr(a->provider));
    json_object_set_new(o, "rationale", jstr(a->rationale));
    json_object_set_new(o, "subject", jstr(a->subject));
    json_object_set_new(o, "evidence", jstr(a->evidence));
    json_object_set_new(o, "endorsement", jstr(a->endorsement));
    json_object_set_new(o, "send_review", json_boolean(a->send_review));
    json_object_set_new(o, "srma", json_boolean(a->srma));
    json_object_set_new(o, "outcomes", jstr(a->outcomes));
    json_object_set_new(o, "measures", jstr(a->measures));
    json_object_set_new(o, "cost", jterms(a->cost));
    return o;
}

static json_t *activity_json(const PlanActivity *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "on", jdate(a->on));
    json_object_set_new(o, "until", jdate(a->until));
    json_object_set_new(o, "what", jstr(a->what));
    json_object_set_new(o, "half_days", json_integer(a->half_days));
    json_object_set_new(o, "cost", json_integer(a->cost));
    return o;
}

static void raf_to_json(const Plan *p, json_t *o)
{
    json_t *areas = json_array();
    for (size_t i = 0; i < p->n_areas && i < PLAN_MAX_AREAS; i++) {
        json_t *a = json_object();
        json_object_set_new(a, "code", jcode(PLAN_RAF_AREAS, PLAN_N_RAF_AREAS, p->areas[i]));
        json_object_set_new(a, "need", jstr(p->area_need[i]));
        json_array_append_new(areas, a);
    }
    json_object_set_new(o, "areas", areas);
    json_object_set_new(o, "governance_rationale", jstr(p->governance_rationale));
    json_object_set_new(o, "finance_rationale", jstr(p->finance_rationale));
    json_object_set_new(o, "srma_received", p->srma_received < 0 ? json_null() : json_boolean(p->srma_received));
    json_object_set_new(o, "srma_actions", jstr(p->srma_actions));
    json_object_set_new(o, "resource_review", json_boolean(p->resource_review));
    json_object_set_new(o, "send_priority", json_boolean(p->send_priority));
    json_object_set_new(o, "coordination", jterms(p->coordination));
    json_t *actions = json_array();
    for (size_t i = 0; i < p->n_actions && i < PLAN_MAX_ACTIONS; i++)
        json_array_append_new(actions, action_json(p, &p->actions[i]));
    json_object_set_new(o, "actions", actions);
    json_object_set_new(o, "activities", jstr(p->activities));
    json_object_set_new(o, "recommendations", jstr(p->recommendations));
    json_object_set_new(o, "days_used_halves", json_integer(p->days_used_halves));
}

static void tsio_rise_to_json(const Plan *p, json_t *o)
{
    json_object_set_new(o, "scoping", jstr(p->scoping));
    json_object_set_new(o, "diagnostic", jstr(p->diagnostic));
    json_t *tsio = json_array();
    for (size_t i = 0; i < p->n_tsio && i < PLAN_MAX_ACTIVITIES; i++)
        json_array_append_new(tsio, activity_json(&p->tsio[i]));
    json_object_set_new(o, "tsio", tsio);
    json_object_set_new(o, "nlg_review", json_boolean(p->nlg_review));
    json_object_set_new(o, "nlg_name", jstr(p->nlg_name));
    json_object_set_new(o, "nlg_approved", json_boolean(p->nlg_approved));
    json_object_set_new(o, "closure", jstr(p->closure));
    json_object_set_new(o, "next_steps", jstr(p->next_steps));

    json_t *objectives = json_array();
    for (size_t i = 0; i < p->n_objectives && i < PLAN_MAX_OBJECTIVES; i++) {
        json_t *a = json_object();
        json_object_set_new(a, "area", jcode(PLAN_RISE_AREAS, PLAN_N_RISE_AREAS, p->objectives[i].area));
        json_object_set_new(a, "text", jstr(p->objectives[i].text));
        json_array_append_new(objectives, a);
    }
    json_object_set_new(o, "objectives", objectives);
    json_object_set_new(o, "band_indicative",
                        p->band_indicative ? json_string(plan_band_slug(p->band_indicative)) : json_null());
    json_object_set_new(o, "band_final", p->band_final ? json_string(plan_band_slug(p->band_final)) : json_null());
    json_object_set_new(o, "reserves", p->reserves < 0 ? json_null() : json_integer(p->reserves));
    json_object_set_new(o, "revenue", p->revenue < 0 ? json_null() : json_integer(p->revenue));
    json_object_set_new(o, "starts_on", jdate(p->starts_on));
    json_object_set_new(o, "ends_on", jdate(p->ends_on));
    json_t *costed = json_array();
    for (size_t i = 0; i < p->n_costed && i < PLAN_MAX_ACTIVITIES; i++)
        json_array_append_new(costed, activity_json(&p->costed[i]));
    json_object_set_new(o, "costed", costed);
}

char *plan_to_json(const Plan *p)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "kind", jstr(plan_kind_slug(p->kind)));
    json_object_set_new(o, "tier", json_integer(p->tier));
    json_object_set_new(o, "is_trust", json_boolean(p->is_trust));
    json_object_set_new(o, "visit_on", jdate(p->visit_on));
    raf_to_json(p, o);
    tsio_rise_to_json(p, o);
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}

/* ---- reading ------------------------------------------------------------------ */

static void rstr(json_t *o, const char *key, char **dst)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return;
    free(*dst);
    *dst = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

static void rdate(json_t *o, const char *key, Date *dst)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return;
    *dst = json_is_string(v) ? date_parse(json_string_value(v), NULL) : DATE_NONE;
}

static void rflag(json_t *o, const char *key, int *dst)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        *dst = (int)json_integer_value(v);
    else if (json_is_boolean(v))
        *dst = json_is_true(v);
}

static void rmoney(json_t *o, const char *key, int64_t *dst, int64_t when_null)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        *dst = (int64_t)json_integer_value(v);
    else if (json_is_null(v))
        *dst = when_null;
}

static void rterms(json_t *o, const char *key, int64_t dst[PLAN_TERMS])
{
    json_t *a = json_object_get(o, key);
    for (size_t t = 0; json_is_array(a) && t < PLAN_TERMS && t < json_array_size(a); t++)
        if (json_is_integer(json_array_get(a, t)))
            dst[t] = (int64_t)json_integer_value(json_array_get(a, t));
}

static int rcode(PlanKind k, json_t *v)
{
    return json_is_string(v) ? plan_area_index(k, json_string_value(v)) : -1;
}

static void action_from(const Plan *p, json_t *o, PlanAction *a)
{
    json_t *area = json_object_get(o, "area");
    if (p->kind == PLAN_RISE)
        a->area = json_is_integer(area) ? (int)json_integer_value(area) : -1;
    else
        a->area = rcode(PLAN_RAF, area);
    rstr(o, "description", &a->description);
    rstr(o, "responsible", &a->responsible);
    rdate(o, "start", &a->start);
    rdate(o, "end", &a->end);
    rflag(o, "funded", &a->funded);
    json_t *d = json_object_get(o, "delivery");
    a->delivery = json_is_string(d) ? plan_delivery_from_slug(json_string_value(d)) : DELIVERY_NONE;
    rstr(o, "programme", &a->programme);
    rstr(o, "provider", &a->provider);
    rstr(o, "rationale", &a->rationale);
    rstr(o, "subject", &a->subject);
    rstr(o, "evidence", &a->evidence);
    rstr(o, "endorsement", &a->endorsement);
    rflag(o, "send_review", &a->send_review);
    rflag(o, "srma", &a->srma);
    rstr(o, "outcomes", &a->outcomes);
    rstr(o, "measures", &a->measures);
    rterms(o, "cost", a->cost);
}

static void activity_from(json_t *o, PlanActivity *a)
{
    rdate(o, "on", &a->on);
    rdate(o, "until", &a->until);
    rstr(o, "what", &a->what);
    rflag(o, "half_days", &a->half_days);
    rmoney(o, "cost", &a->cost, 0);
}

static void raf_from(Plan *p, json_t *o)
{
    json_t *areas = json_object_get(o, "areas");
    if (json_is_array(areas)) {
        p->n_areas = 0;
        for (size_t i = 0; i < json_array_size(areas) && p->n_areas < PLAN_MAX_AREAS; i++) {
            json_t *a = json_array_get(areas, i);
            p->areas[p->n_areas] = rcode(PLAN_RAF, json_is_object(a) ? json_object_get(a, "code") : a);
            if (json_is_object(a))
                rstr(a, "need", &p->area_need[p->n_areas]);
            p->n_areas++;
        }
    }
    rstr(o, "governance_rationale", &p->governance_rationale);
    rstr(o, "finance_rationale", &p->finance_rationale);
    json_t *srma = json_object_get(o, "srma_received");
    if (srma)
        p->srma_received = json_is_boolean(srma) ? json_is_true(srma) : -1;
    rstr(o, "srma_actions", &p->srma_actions);
    rflag(o, "resource_review", &p->resource_review);
    rflag(o, "send_priority", &p->send_priority);
    rterms(o, "coordination", p->coordination);
    json_t *actions = json_object_get(o, "actions");
    if (json_is_array(actions)) {
        p->n_actions = 0;
        for (size_t i = 0; i < json_array_size(actions) && p->n_actions < PLAN_MAX_ACTIONS; i++)
            if (json_is_object(json_array_get(actions, i)))
                action_from(p, json_array_get(actions, i), &p->actions[p->n_actions++]);
    }
    rstr(o, "activities", &p->activities);
    rstr(o, "recommendations", &p->recommendations);
    rflag(o, "days_used_halves", &p->days_used_halves);
}

static void activities_from(json_t *a, PlanActivity *list, size_t *n)
{
    if (!json_is_array(a))
        return;
    *n = 0;
    for (size_t i = 0; i < json_array_size(a) && *n < PLAN_MAX_ACTIVITIES; i++)
        if (json_is_object(json_array_get(a, i)))
            activity_from(json_array_get(a, i), &list[(*n)++]);
}

static PlanBand rband(json_t *o, const char *key, PlanBand current)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return current;
    return json_is_string(v) ? plan_band_from_slug(json_string_value(v)) : BAND_UNSET;
}

static void tsio_rise_from(Plan *p, json_t *o)
{
    rstr(o, "scoping", &p->scoping);
    rstr(o, "diagnostic", &p->diagnostic);
    activities_from(json_object_get(o, "tsio"), p->tsio, &p->n_tsio);
    rflag(o, "nlg_review", &p->nlg_review);
    rstr(o, "nlg_name", &p->nlg_name);
    rflag(o, "nlg_approved", &p->nlg_approved);
    rstr(o, "closure", &p->closure);
    rstr(o, "next_steps", &p->next_steps);
    json_t *objectives = json_object_get(o, "objectives");
    if (json_is_array(objectives)) {
        p->n_objectives = 0;
        for (size_t i = 0; i < json_array_size(objectives) && p->n_objectives < PLAN_MAX_OBJECTIVES; i++) {
            json_t *a = json_array_get(objectives, i);
            if (!json_is_object(a))
                continue;
            PlanObjective *ob = &p->objectives[p->n_objectives++];
            ob->area = rcode(PLAN_RISE, json_object_get(a, "area"));
            rstr(a, "text", &ob->text);
        }
    }
    p->band_indicative = rband(o, "band_indicative", p->band_indicative);
    p->band_final = rband(o, "band_final", p->band_final);
    rmoney(o, "reserves", &p->reserves, -1);
    rmoney(o, "revenue", &p->revenue, -1);
    rdate(o, "starts_on", &p->starts_on);
    rdate(o, "ends_on", &p->ends_on);
    activities_from(json_object_get(o, "costed"), p->costed, &p->n_costed);
}

int plan_from_json(Plan *p, const char *json)
{
    json_t *o = json ? json_loads(json, 0, NULL) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        return -1;
    }
    rflag(o, "tier", &p->tier);
    rflag(o, "is_trust", &p->is_trust);
    rdate(o, "visit_on", &p->visit_on);
    raf_from(p, o);
    tsio_rise_from(p, o);
    json_decref(o);
    return 0;
}
