/*
 * test_plans.c - the plans of issue 13 (domain/plans.c, plan_rules.c,
 * plan_json.c, plan_fields.c): kinds and lists, money, the funded terms,
 * the rules' table against the seeds, the JSON round trip of a fully filled
 * plan of each kind and the fields in words. Every rule broken and kept is
 * in test_plan_rules.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan_fixtures.h"

/* ---- kinds, lists, money, terms -------------------------------------------------- */

static void kinds_and_lists(void **state)
{
    (void)state;
    assert_int_equal(plan_kind_for("si-2019-20", "tier-1"), PLAN_TIER1);
    assert_int_equal(plan_kind_for("si-2019-20", "tier-2"), PLAN_RAF);
    assert_int_equal(plan_kind_for("si-2019-20", NULL), PLAN_RAF);
    assert_int_equal(plan_kind_for("tsio-2022-23", NULL), PLAN_TSIO);
    assert_int_equal(plan_kind_for("rise", NULL), PLAN_RISE);
    assert_int_equal(plan_kind_for("other", NULL), PLAN_NONE);
    for (int k = PLAN_TIER1; k <= PLAN_RISE; k++)
        assert_int_equal(plan_kind_from_slug(plan_kind_slug((PlanKind)k)), k);
    assert_null(plan_kind_slug(PLAN_NONE));
    assert_false(plan_needs_signoff(PLAN_TIER1));
    assert_true(plan_needs_signoff(PLAN_RAF));
    assert_false(plan_needs_approval(PLAN_TIER1));
    assert_true(plan_needs_approval(PLAN_RISE));
    assert_string_equal(plan_reviewer_role(PLAN_RISE), "grant-team");
    assert_string_equal(plan_reviewer_role(PLAN_RAF), "delivery-partner");
    assert_int_equal(PLAN_N_RAF_AREAS, 9);
    assert_int_equal(PLAN_RAF_AREAS[area(PLAN_RAF, "governance")].group, 1);
    assert_int_equal(PLAN_RAF_AREAS[area(PLAN_RAF, "workload")].group, 2);
    assert_int_equal(PLAN_N_RISE_AREAS, 8);
    assert_int_equal(plan_area_index(PLAN_RAF, "inclusion"), -1);
    for (int d = DELIVERY_NATIONAL; d <= DELIVERY_SCHOOL; d++)
        assert_int_equal(plan_delivery_from_slug(plan_delivery_slug((PlanDelivery)d)), d);
    assert_true(plan_subject("maths")->needs_hub);
    assert_false(plan_subject("maths-post16")->needs_hub);
    assert_null(plan_subject("latin"));
    for (int b = BAND_NONE; b <= BAND_3; b++)
        assert_int_equal(plan_band_from_slug(plan_band_slug((PlanBand)b)), b);
    char s[64];
    plan_band_label(BAND_1, &params, s, sizeof s);
    assert_string_equal(s, "Up to \xc2\xa3" "40,000");
    plan_band_label(BAND_3, &params, s, sizeof s);
    assert_string_equal(s, "Up to \xc2\xa3" "100,000");
    plan_band_label(BAND_NONE, &params, s, sizeof s);
    assert_string_equal(s, "No funding");
}

static void money_in_words_and_typed(void **state)
{
    (void)state;
    char s[32];
    plan_money(1600000, s, sizeof s);
    assert_string_equal(s, "\xc2\xa3" "16,000");
    plan_money(123450, s, sizeof s);
    assert_string_equal(s, "\xc2\xa3" "1,234.50");
    plan_money(5, s, sizeof s);
    assert_string_equal(s, "\xc2\xa3" "0.05");
    plan_money(0, s, sizeof s);
    assert_string_equal(s, "\xc2\xa3" "0");
    plan_money(100000000000, s, sizeof s);
    assert_string_equal(s, "\xc2\xa3" "1,000,000,000");

    int64_t v = -1;
    assert_int_equal(plan_money_parse("1,234.50", &v), 0);
    assert_int_equal(v, 123450);
    assert_int_equal(plan_money_parse("\xc2\xa3" "16000", &v), 0);
    assert_int_equal(v, 1600000);
    assert_int_equal(plan_money_parse("16000", &v), 0);
    assert_int_equal(v, 1600000);
    assert_int_equal(plan_money_parse(" 12.5 ", &v), 0);
    assert_int_equal(v, 1250);
    assert_int_equal(plan_money_parse("\xc2\xa3" " 2,000", &v), 0);
    assert_int_equal(v, 200000);
    assert_int_equal(plan_money_parse("0", &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(plan_money_parse("100,000,000", &v), 0);
    assert_int_equal(v, 10000000000);
    const char *bad[] = {"-5", "\xc2\xa3-5", "12a", "abc", "1.234", "12.", ".5x", "", "  ", "1,23", "12,34,567",
                         ",100", "100,", "100000000.01", "999999999999999999999", "1 000", NULL};
    for (int i = 0; bad[i]; i++)
        if (plan_money_parse(bad[i], &v) != -1)
            fail_msg("\"%s\" read as money", bad[i]);
    assert_int_equal(plan_money_parse(NULL, &v), -1);
}

static void totals_caps_and_funded_terms(void **state)
{
    (void)state;
    Plan *p = calloc(1, sizeof *p);
    raf_ok(p);
    assert_int_equal(plan_coordination_total(p), 100000);
    assert_int_equal(plan_term_total(p, 0), 100000 + 20000 + 50000);
    assert_int_equal(plan_term_total(p, 1), 50000 + 50000);
    assert_int_equal(plan_term_total(p, 2), 50000);
    assert_int_equal(plan_term_total(p, 3), 0);
    assert_int_equal(plan_total(p), 320000);
    p->actions[0].funded = 0; /* unfunded costs do not count */
    assert_int_equal(plan_total(p), 220000);
    assert_int_equal(plan_cap(p, &params), 1600000);
    assert_int_equal(plan_coord_cap(p, &params), 200000);
    p->tier = 3;
    assert_int_equal(plan_cap(p, &params), 2400000);
    assert_int_equal(plan_coord_cap(p, &params), 400000);
    p->tier = 0; /* added by exception: Tier 2's caps */
    assert_int_equal(plan_cap(p, &params), 1600000);

    /* a visit in autumn funds autumn, spring and summer */
    assert_int_equal(plan_funded_until(p, &params), D(2027, 8, 31));
    p->visit_on = D(2027, 1, 10); /* spring: spring, summer, autumn */
    assert_int_equal(plan_funded_until(p, &params), D(2027, 12, 31));
    p->visit_on = D(2027, 8, 31); /* summer: summer, autumn, spring */
    assert_int_equal(plan_funded_until(p, &params), D(2028, 3, 31));
    PlanParams two = params;
    two.funded_terms = 2;
    assert_int_equal(plan_funded_until(p, &two), D(2027, 12, 31));
    p->visit_on = DATE_NONE;
    assert_int_equal(plan_funded_until(p, &params), DATE_NONE);
    plan_free(p);

    tsio_ok(p);
    assert_int_equal(plan_tsio_half_days(p), 17);
    plan_free(p);
    rise_ok(p);
    assert_int_equal(plan_total(p), 5000050);
    assert_int_equal(plan_reserves_band(p, &params), BAND_3);
    p->reserves = 2000000; /* exactly 20% */
    assert_int_equal(plan_reserves_band(p, &params), BAND_3);
    p->reserves = 2000001;
    assert_int_equal(plan_reserves_band(p, &params), BAND_NONE);
    p->revenue = -1;
    assert_int_equal(plan_reserves_band(p, &params), BAND_UNSET);
    plan_free(p);
    free(p);
}

/* ---- the rules' table -------------------------------------------------------------- */

/* Whitespace collapsed and markdown bold dropped, so a sentence matches the
   seed however its lines were wrapped. */
static char *normalise(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    int space = 0;
    for (; *s; s++) {
        if (s[0] == '*' && s[1] == '*') {
            s++;
            continue;
        }
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && o > out)
            *o++ = ' ';
        space = 0;
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

static char *slurp(const char *dir, const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/../shared/%s", dir, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 18);
    assert_non_null(buf);
    size_t got = fread(buf, 1, (1 << 18) - 1, f);
    buf[got] = '\0';
    fclose(f);
    char *n = normalise(buf);
    free(buf);
    return n;
}

static void rules_table_quotes_the_seeds(void **state)
{
    (void)state;
    for (size_t i = 0; i < PLAN_N_RULES; i++) {
        const PlanRule *r = &PLAN_RULES[i];
        assert_non_null(r->sentence);
        assert_true(r->message[0]);
        assert_true(r->kind >= PLAN_TIER1 && r->kind <= PLAN_RISE);
        assert_ptr_equal(plan_rule(r->id), r);
        const char *at = strstr(r->message, "%s");
        assert_true(!at || !strstr(at + 2, "%s")); /* at most one %s */
        /* only RISE's actions have no seed sentence (issue 13's template) */
        if (!r->sentence[0])
            assert_int_equal(strncmp(r->id, "rise-", 5), 0);
    }
    assert_null(plan_rule("no-such-rule"));
    const char *dir = getenv("RISE_SOURCE_DIR");
    if (!dir)
        return;
    char *seeds[3] = {slurp(dir, "seeds/002_e61279b5ceaffdeb.txt"), slurp(dir, "seeds/004_e85ccfa0d7558662.txt"),
                      slurp(dir, "docs/DOMAIN.md")};
    for (size_t i = 0; i < PLAN_N_RULES; i++) {
        const PlanRule *r = &PLAN_RULES[i];
        if (!r->sentence[0])
            continue;
        int which = r->kind == PLAN_TSIO ? 1 : r->kind == PLAN_RISE ? 2 : 0;
        if (!seeds[which])
            continue;
        char *s = normalise(r->sentence);
        if (!strstr(seeds[which], s))
            fail_msg("rule %s: sentence not in its seed: %s", r->id, s);
        free(s);
    }
    for (int i = 0; i < 3; i++)
        free(seeds[i]);
}

static void fixtures_keep_every_rule(void **state)
{
    (void)state;
    Plan *p = calloc(1, sizeof *p);
    raf_ok(p);
    assert_clean(p);
    plan_free(p);
    tier1_ok(p);
    assert_clean(p);
    plan_free(p);
    tsio_ok(p);
    assert_clean(p);
    plan_free(p);
    rise_ok(p);
    assert_clean(p);
    plan_free(p);
    plan_init(p, PLAN_NONE);
    assert_clean(p);
    free(p);
}

/* ---- JSON and fields --------------------------------------------------------------- */

static void round_trip(Plan *p)
{
    char *a = plan_to_json(p);
    assert_non_null(a);
    Plan *q = calloc(1, sizeof *q);
    plan_init(q, p->kind);
    assert_int_equal(plan_from_json(q, a), 0);
    char *b = plan_to_json(q);
    assert_string_equal(a, b);
    /* and field by field for some */
    assert_int_equal(q->visit_on, p->visit_on);
    assert_int_equal(q->n_actions, p->n_actions);
    for (size_t i = 0; i < p->n_actions; i++) {
        assert_int_equal(q->actions[i].area, p->actions[i].area);
        assert_int_equal(q->actions[i].cost[2], p->actions[i].cost[2]);
        assert_int_equal(q->actions[i].delivery, p->actions[i].delivery);
    }
    assert_int_equal(q->reserves, p->reserves);
    assert_int_equal(q->band_final, p->band_final);
    assert_int_equal(q->srma_received, p->srma_received);
    free(a);
    free(b);
    plan_free(q);
    free(q);
}

static void json_round_trip_is_lossless(void **state)
{
    (void)state;
    Plan *p = calloc(1, sizeof *p);
    raf_ok(p);
    p->resource_review = 1;
    p->send_priority = 1;
    p->finance_rationale = S("");
    p->coordination[2] = 7;
    round_trip(p);
    char *j = plan_to_json(p);
    assert_non_null(strstr(j, "\"code\":\"financial-management\""));
    assert_non_null(strstr(j, "\"area\":\"subject\""));
    assert_non_null(strstr(j, "\"visit_on\":\"2026-09-15\""));
    assert_non_null(strstr(j, "\"delivery\":\"own\""));
    assert_non_null(strstr(j, "\"finance_rationale\":\"\""));
    assert_non_null(strstr(j, "\"activities\":null"));
    free(j);
    p->srma_received = 0;
    round_trip(p);
    p->srma_received = -1;
    round_trip(p);
    plan_free(p);

    tier1_ok(p);
    round_trip(p);
    plan_free(p);

    tsio_ok(p);
    p->nlg_approved = 1;
    round_trip(p);
    plan_free(p);

    rise_ok(p);
    p->band_final = BAND_1;
    p->objectives[2].area = -1; /* an objective with no area yet */
    p->objectives[2].text = S("Draft");
    p->n_objectives = 3;
    round_trip(p);
    j = plan_to_json(p);
    assert_non_null(strstr(j, "\"band_indicative\":\"band-2\""));
    assert_non_null(strstr(j, "\"area\":\"attendance-behaviour\""));
    assert_non_null(strstr(j, "\"area\":1,"));
    free(j);
    plan_free(p);

    plan_init(p, PLAN_RISE);
    assert_int_equal(plan_from_json(p, "[1,2]"), -1);
    assert_int_equal(plan_from_json(p, "not json"), -1);
    assert_int_equal(plan_from_json(p, NULL), -1);
    assert_int_equal(plan_from_json(p, "{\"unknown\":1}"), 0);
    assert_int_equal(p->reserves, -1);
    plan_free(p);
    free(p);
}

static const PlanField *field(const PlanFieldList *l, const char *path)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].path, path) == 0)
            return &l->items[i];
    fail_msg("no field %s", path);
    return NULL;
}

static void fields_in_words(void **state)
{
    (void)state;
    Plan *p = calloc(1, sizeof *p);
    PlanFieldList l;
    raf_ok(p);
    assert_int_equal(plan_fields(p, &params, &l), 0);
    assert_string_equal(l.items[0].path, "visit_on");
    assert_string_equal(field(&l, "visit_on")->value, "15 September 2026");
    assert_string_equal(field(&l, "funded_until")->value, "31 August 2027");
    assert_string_equal(field(&l, "areas")->value,
                        "Leadership, Financial management, Subject specific (curriculum or pedagogy), SEND");
    const PlanField *f = field(&l, "action-2-description");
    assert_string_equal(f->section, "Action 2: Financial management");
    assert_string_equal(f->value, "Review the staffing structure");
    assert_string_equal(field(&l, "action-1-cost-1")->value, "\xc2\xa3" "1,000");
    assert_string_equal(field(&l, "action-1-cost-1")->label, "Cost, term 1 (Autumn 2026)");
    assert_string_equal(field(&l, "action-3-delivery")->value, "Another provider");
    assert_string_equal(field(&l, "action-3-subject")->value, "Maths (below post-16)");
    assert_string_equal(field(&l, "coordination-2")->section, "Costs");
    assert_string_equal(field(&l, "total-1")->value, "\xc2\xa3" "1,700");
    assert_string_equal(field(&l, "total")->section, "Totals");
    assert_string_equal(field(&l, "total")->value, "\xc2\xa3" "3,200 (up to \xc2\xa3" "16,000 for a Tier 2 school)");
    assert_string_equal(field(&l, "finance_rationale")->value, "");
    /* a stable order: the same plan gives the same list */
    PlanFieldList again;
    assert_int_equal(plan_fields(p, &params, &again), 0);
    assert_int_equal(again.n, l.n);
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(again.items[i].path, l.items[i].path);
    plan_field_list_free(&again);
    plan_field_list_free(&l);
    plan_free(p);

    tier1_ok(p);
    assert_int_equal(plan_fields(p, &params, &l), 0);
    assert_string_equal(field(&l, "days_used")->value, "2.5 days (up to 3)");
    assert_string_equal(field(&l, "recommendations")->value, "A new curriculum map");
    plan_field_list_free(&l);
    plan_free(p);

    tsio_ok(p);
    assert_int_equal(plan_fields(p, &params, &l), 0);
    assert_string_equal(field(&l, "tsio-2-days")->value, "7.5 days");
    assert_string_equal(field(&l, "tsio-1-days")->value, "1 day");
    assert_string_equal(field(&l, "tsio-1-on")->value, "7 November 2022");
    assert_string_equal(field(&l, "tsio_days")->value, "8.5 days (up to 10)");
    assert_non_null(strstr(field(&l, "nlg_review")->value, "5 days"));
    plan_field_list_free(&l);
    plan_free(p);

    rise_ok(p);
    assert_int_equal(plan_fields(p, &params, &l), 0);
    assert_string_equal(field(&l, "objective-1-area")->section, "Objective 1: Attendance and behaviour");
    assert_string_equal(field(&l, "action-2-outcomes")->label, "Success measure");
    assert_string_equal(field(&l, "reserves_check")->value, "Reserves are 10% of revenue: funding is possible");
    assert_string_equal(field(&l, "band")->value, "Up to \xc2\xa3" "80,000");
    assert_string_equal(field(&l, "band_final")->value, "");
    assert_string_equal(field(&l, "costed-2-cost")->value, "\xc2\xa3" "20,000.50");
    assert_string_equal(field(&l, "total")->value, "\xc2\xa3" "50,000.50");
    plan_field_list_free(&l);
    p->reserves = 2540000;
    assert_int_equal(plan_fields(p, &params, &l), 0);
    assert_string_equal(field(&l, "reserves_check")->value, "Reserves are 25.4% of revenue, more than 20%: no funding");
    plan_field_list_free(&l);
    plan_free(p);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kinds_and_lists),
        cmocka_unit_test(money_in_words_and_typed),
        cmocka_unit_test(totals_caps_and_funded_terms),
        cmocka_unit_test(rules_table_quotes_the_seeds),
        cmocka_unit_test(fixtures_keep_every_rule),
        cmocka_unit_test(json_round_trip_is_lossless),
        cmocka_unit_test(fields_in_words),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
