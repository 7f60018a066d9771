/*
 * test_matching.c - commissioning's rules (domain/matching.c, match_rules.c,
 * match_batch.c): the register's lists, terms, a school's needs, every hard
 * rule with the seed sentence it implements, the score in words, the ranked
 * suggestions, and the batch assignment against brute force.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/access.h"
#include "domain/matching.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fixtures ------------------------------------------------------------------ */

enum { NORTH_WEST = 4, LONDON = 2 }; /* REGIONS[] indexes */

static uint32_t bit(const MatchArea *list, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].code, code) == 0)
            return 1u << i;
    fail_msg("no code %s", code);
    return 0;
}
#define AREA(code) bit(MATCH_EXPERTISE, MATCH_N_EXPERTISE, code)
#define PHASE(code) bit(MATCH_PHASES, MATCH_N_PHASES, code)
#define DESIG(code) bit(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, code)

static const char *const LAS_888[] = {"888"};

/* A trust in the North West that passes every rule for case(). */
static Candidate provider(void)
{
    Candidate c = {
        .id = 10,
        .name = "Bright Futures Trust",
        .regions = 1u << NORTH_WEST,
        .phases = 0,
        .expertise = 0,
        .has_location = 1,
        .easting = 380000,
        .northing = 400000,
        .urn = 0,
        .trust_uid = 5000,
        .schools_capacity = 3,
        .days_capacity = 30,
        .checks = {CHECK_CURRENT, CHECK_CURRENT, CHECK_CURRENT, CHECK_CURRENT},
        .active = 1,
    };
    c.phases = PHASE("primary");
    return c;
}

/* A maintained primary school's case in Lancashire (888), North West. */
static MatchCase a_case(void)
{
    MatchCase m = {
        .case_id = 1,
        .region = "North West",
        .urn = 100001,
        .trust_uid = 0,
        .la_code = "888",
        .has_location = 1,
        .easting = 380000,
        .northing = 400000,
        .organisations = 1,
        .days = 6,
        .travel_miles = 45,
    };
    m.phase = PHASE("primary");
    return m;
}

/* ---- the register's lists ---------------------------------------------------------- */

static void mask_parse_takes_codes_and_labels(void **state)
{
    (void)state;
    uint32_t mask = 99;
    const char *bad = NULL;
    size_t badlen = 0;
    assert_int_equal(match_mask_parse(MATCH_PHASES, MATCH_N_PHASES, " primary , Secondary,ALTERNATIVE PROVISION ", &mask,
                                      &bad, &badlen),
                     0);
    assert_int_equal(mask, PHASE("primary") | PHASE("secondary") | PHASE("ap"));
    assert_int_equal(match_mask_parse(MATCH_PHASES, MATCH_N_PHASES, "", &mask, &bad, &badlen), 0);
    assert_int_equal(mask, 0);

    const char *s = "leadership-governance, Curriculum and teaching, maths, send";
    mask = 7;
    assert_int_equal(match_mask_parse(MATCH_EXPERTISE, MATCH_N_EXPERTISE, s, &mask, &bad, &badlen), -1);
    assert_ptr_equal(bad, strstr(s, "maths"));
    assert_int_equal(badlen, 5);
    assert_int_equal(mask, 7); /* untouched on failure */

    char out[200];
    match_mask_codes(MATCH_PHASES, MATCH_N_PHASES, PHASE("primary") | PHASE("secondary"), out, sizeof out);
    assert_string_equal(out, "primary,secondary");
    match_mask_words(MATCH_PHASES, MATCH_N_PHASES, PHASE("primary") | PHASE("secondary"), out, sizeof out);
    assert_string_equal(out, "Primary and secondary");
    match_mask_words(MATCH_PHASES, MATCH_N_PHASES, 0, out, sizeof out);
    assert_string_equal(out, "none");
    assert_string_equal(match_label(MATCH_ORG_TYPES, MATCH_N_ORG_TYPES, "la-traded"), "Local authority traded service");
    assert_null(match_label(MATCH_ORG_TYPES, MATCH_N_ORG_TYPES, "nobody"));
}

/* Seed 002 section 3.3: "the latest Ofsted judgement for leadership and
   management" - and report cards' areas: below good is what a school needs. */
static void needs_from_old_framework_and_report_cards(void **state)
{
    (void)state;
    const char *graded = "{\"behaviour and attitudes\":2,\"early years\":3,\"leadership and management\":3,"
                         "\"personal development\":2,\"quality of education\":3,\"safeguarding\":\"effective\"}";
    assert_int_equal(match_needs_from_judgements(graded, 3, NULL),
                     AREA("early-years") | AREA("leadership-governance") | AREA("curriculum-teaching"));
    const char *card = "{\"achievement\":\"Needs attention\",\"leadership and governance\":\"Urgent improvement\","
                       "\"inclusion\":\"Expected standard\",\"safeguarding\":\"met\"}";
    assert_int_equal(match_needs_from_judgements(card, 0, NULL), AREA("achievement") | AREA("leadership-governance"));
    assert_int_equal(match_needs_from_judgements("{\"safeguarding\":\"not met\"}", 0, NULL), AREA("safeguarding"));
    /* a graded 3 with no sub-judgements needs leadership (seed 002 section 6.4) */
    assert_int_equal(match_needs_from_judgements(NULL, 3, NULL), AREA("leadership-governance"));
    assert_int_equal(match_needs_from_judgements("{}", 0, "Special measures"), AREA("leadership-governance"));
    assert_int_equal(match_needs_from_judgements(NULL, 2, NULL), 0);
    assert_int_equal(match_needs_from_judgements("not json", 0, NULL), 0);
}

/* ---- terms -------------------------------------------------------------------------- */

static void terms_of_dates_codes_and_labels(void **state)
{
    (void)state;
    int summer = match_term_of(date_from_ymd(2026, 8, 31));
    int autumn = match_term_of(date_from_ymd(2026, 9, 1));
    int spring = match_term_of(date_from_ymd(2027, 1, 1));
    int summer2 = match_term_of(date_from_ymd(2027, 4, 1));
    assert_int_equal(summer, 2025 * 3 + 2);
    assert_int_equal(autumn, 2026 * 3);
    assert_int_equal(spring, 2026 * 3 + 1);
    assert_int_equal(summer2, 2026 * 3 + 2);
    assert_int_equal(match_term_of(date_from_ymd(2027, 3, 31)), spring);
    assert_int_equal(match_term_of(date_from_ymd(2026, 12, 31)), autumn);

    const struct {
        int term;
        const char *code, *label, *start;
    } want[] = {
        {summer, "2025-summer", "Summer 2026", "2026-04-01"},
        {autumn, "2026-autumn", "Autumn 2026", "2026-09-01"},
        {spring, "2026-spring", "Spring 2027", "2027-01-01"},
        {summer2, "2026-summer", "Summer 2027", "2027-04-01"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char code[16], label[24], iso[11];
        match_term_code(want[i].term, code);
        match_term_label(want[i].term, label);
        date_iso(match_term_start(want[i].term), iso);
        assert_string_equal(code, want[i].code);
        assert_string_equal(label, want[i].label);
        assert_string_equal(iso, want[i].start);
        assert_int_equal(match_term_parse(code), want[i].term);
        assert_int_equal(match_term_of(match_term_start(want[i].term)), want[i].term);
    }
    assert_int_equal(match_term_parse("2026-winter"), -1);
    assert_int_equal(match_term_parse("26-autumn"), -1);
    assert_int_equal(match_term_parse(""), -1);
    assert_int_equal(match_term_parse(NULL), -1);
    /* no date: no term, and the words are empty rather than out of bounds */
    char code[16] = "x", label[24] = "x";
    assert_int_equal(match_term_of(DATE_NONE), -1);
    match_term_code(-1, code);
    match_term_label(-1, label);
    assert_string_equal(code, "");
    assert_string_equal(label, "");
    assert_int_equal(match_term_start(-1), DATE_NONE);
}

/* Seed 002 section 6.7: "Funded activity must be completed within three the
   school terms following the initial deployment." - days spread over the terms. */
static void days_spread_over_terms(void **state)
{
    (void)state;
    int t = 2026 * 3;
    assert_int_equal(match_days_in_term(t, 2, 10, t), 5);
    assert_int_equal(match_days_in_term(t, 2, 10, t + 1), 5);
    assert_int_equal(match_days_in_term(t, 2, 10, t + 2), 0);
    assert_int_equal(match_days_in_term(t, 2, 10, t - 1), 0);
    for (int k = 0; k < 6; k++)
        assert_int_equal(match_days_in_term(t, 6, 30, t + k), 5);
    assert_int_equal(match_days_in_term(t, 2, 7, t), 4);
    assert_int_equal(match_days_in_term(t, 2, 7, t + 1), 3);
    assert_true(match_covers_term(t, 3, t + 2));
    assert_false(match_covers_term(t, 3, t + 3));
    assert_true(match_status_holds("proposed"));
    assert_true(match_status_holds("matched"));
    assert_false(match_status_holds("declined"));
    assert_false(match_status_holds(NULL));
}

/* ---- the hard rules ------------------------------------------------------------------ */

static void hard_rule_table_is_in_order_and_quotes_the_seeds(void **state)
{
    (void)state;
    for (int i = 0; i < HARD_COUNT; i++) {
        assert_int_equal(MATCH_HARD_RULES[i].id, i);
        assert_non_null(MATCH_HARD_RULES[i].code);
        assert_non_null(MATCH_HARD_RULES[i].source);
        assert_non_null(MATCH_HARD_RULES[i].message);
    }
    int total = 0;
    for (int i = 0; i < SOFT_COUNT; i++) {
        assert_int_equal(MATCH_SOFT_RULES[i].id, i);
        assert_true(MATCH_SOFT_RULES[i].source[0]);
        total += MATCH_SOFT_RULES[i].max;
    }
    assert_int_equal(total, 100);
    /* each source is a sentence of a seed, verbatim (when the seeds are here) */
    const char *dir = getenv("RISE_SOURCE_DIR");
    char path[2][512];
    char *seed[2] = {NULL, NULL};
    for (int s = 0; s < 2 && dir; s++) {
        snprintf(path[s], sizeof path[s], "%s/../shared/seeds/%s", dir,
                 s == 0 ? "002_e61279b5ceaffdeb.txt" : "004_e85ccfa0d7558662.txt");
        FILE *f = fopen(path[s], "rb");
        if (!f)
            continue;
        seed[s] = calloc(1, 1 << 17);
        assert_non_null(seed[s]);
        size_t got = fread(seed[s], 1, (1 << 17) - 1, f);
        seed[s][got] = '\0';
        fclose(f);
    }
    if (!seed[0] || !seed[1]) {
        free(seed[0]);
        free(seed[1]);
        return;
    }
    for (int i = 0; i < HARD_COUNT + SOFT_COUNT; i++) {
        const char *src = i < HARD_COUNT ? MATCH_HARD_RULES[i].source : MATCH_SOFT_RULES[i - HARD_COUNT].source;
        if (src[0] && !strstr(seed[0], src) && !strstr(seed[1], src))
            fail_msg("not in the seeds: %s", src);
    }
    free(seed[0]);
    free(seed[1]);
}

/* Taken off the register: the register's own housekeeping (no seed sentence). */
static void inactive_fails_first(void **state)
{
    (void)state;
    Candidate c = provider();
    MatchCase m = a_case();
    char detail[300];
    assert_int_equal(match_hard(&c, &m, detail, sizeof detail), HARD_OK);
    assert_string_equal(detail, "");
    c.active = 0;
    c.regions = 0; /* fails region too, but inactive is checked first */
    assert_int_equal(match_hard(&c, &m, detail, sizeof detail), HARD_INACTIVE);
    assert_string_equal(detail, "Bright Futures Trust has been taken off the register.");
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_INACTIVE);
}

/* Seed 002 section 2.3: "The regional Teaching Schools Council (TSC)
   representatives will be responsible for matching NLEs to schools that
   wish to take up the offer." - the programme says which kind it matches. */
static void kind_organisations_or_designated_people(void **state)
{
    (void)state;
    Candidate org = provider();
    Candidate nle = provider();
    nle.is_person = 1;
    nle.name = "Ann Lee";
    nle.designations = DESIG("nle");
    Candidate adviser = nle;
    adviser.designations = DESIG("rise-adviser");
    MatchCase m = a_case();
    char detail[300];

    /* organisations only */
    assert_int_equal(match_hard(&org, &m, NULL, 0), HARD_OK);
    assert_int_equal(match_hard(&nle, &m, detail, sizeof detail), HARD_KIND);
    assert_string_equal(detail, "Ann Lee is a person (national leader of education); this programme matches "
                                "organisations, not people.");
    /* NLEs and system leaders only */
    m.organisations = 0;
    m.designations = DESIG("nle") | DESIG("system-leader");
    assert_int_equal(match_hard(&nle, &m, NULL, 0), HARD_OK);
    assert_int_equal(match_hard(&adviser, &m, detail, sizeof detail), HARD_KIND);
    assert_string_equal(detail, "Ann Lee is a person (RISE adviser); this programme matches a national leader of "
                                "education or system leader.");
    assert_int_equal(match_hard(&org, &m, detail, sizeof detail), HARD_KIND);
    assert_string_equal(detail, "Bright Futures Trust is an organisation; this programme matches people (national "
                                "leader of education or system leader), not organisations.");
    /* both */
    m.organisations = 1;
    assert_int_equal(match_hard(&org, &m, NULL, 0), HARD_OK);
    assert_int_equal(match_hard(&nle, &m, NULL, 0), HARD_OK);
    /* a person with no designation never passes */
    nle.designations = 0;
    assert_int_equal(match_hard(&nle, &m, NULL, 0), HARD_KIND);
}

/* Seed 004, "What is the matching process?" 1: "The DfE regional team and
   the RDP will match an eligible school/trust with a suitable system
   leader." - a provider serves the case's region, or names its LA. */
static void region_by_region_or_local_authority(void **state)
{
    (void)state;
    Candidate c = provider();
    MatchCase m = a_case();
    char detail[300];
    c.regions = (1u << LONDON) | (1u << 5); /* London and South East */
    assert_int_equal(match_hard(&c, &m, detail, sizeof detail), HARD_REGION);
    assert_string_equal(detail, "Bright Futures Trust serves London and South East, not North West, and does not name "
                                "local authority 888.");
    c.las = LAS_888;
    c.n_las = 1;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_OK);
    c.n_las = 0;
    c.regions |= 1u << NORTH_WEST;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_OK);
    m.region = "Nowhere";
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_REGION);
}

/* Seed 002 section 2.4: "TSC will use the information provided in the
   capacity survey to inform the matching process and will contact you to
   agree the match is suitable before making an offer to schools." */
static void capacity_left_in_the_term(void **state)
{
    (void)state;
    Candidate c = provider();
    MatchCase m = a_case(); /* needs 6 days */
    char detail[300];
    c.schools_capacity = -1;
    assert_int_equal(match_hard(&c, &m, detail, sizeof detail), HARD_CAPACITY);
    assert_non_null(strstr(detail, "No capacity has been given for the term"));
    c.schools_capacity = 2;
    c.days_capacity = -1;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_CAPACITY);
    c.days_capacity = 12;
    c.schools_held = 2;
    assert_int_equal(match_hard(&c, &m, detail, sizeof detail), HARD_CAPACITY);
    assert_string_equal(detail, "Bright Futures Trust has 0 of 2 school places and 12 of 12 days left in the term; a "
                                "match needs one place and 6 days.");
    c.schools_held = 1;
    c.days_held = 7; /* 5 days left, 6 needed */
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_CAPACITY);
    c.days_held = 6; /* exactly enough */
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_OK);
}

/* Seed 002 section 2.5: "You will only be deployed within your own trust
   where it is clear that this would be the most effective form of support."
   and seed 004's RDP steps: "Contact made with system leader to determine
   capacity and any conflict". */
static void conflicts_declared_and_own(void **state)
{
    (void)state;
    MatchCase m = a_case();
    m.trust_uid = 0;
    Candidate c = provider();
    char detail[300];
    assert_int_equal(match_conflict(&c, &m), CONFLICT_NONE);

    const int64_t urns[] = {5, 100001};
    c.conflict_urns = urns;
    c.n_conflict_urns = 2;
    assert_int_equal(match_conflict(&c, &m), CONFLICT_DECLARED);
    assert_int_equal(match_hard(&c, &m, detail, sizeof detail), HARD_CONFLICT);
    assert_non_null(strstr(detail, "declared a conflict"));
    c.n_conflict_urns = 1;
    const char *const las[] = {"888"};
    c.conflict_las = las;
    c.n_conflict_las = 1;
    assert_int_equal(match_conflict(&c, &m), CONFLICT_DECLARED);
    c.n_conflict_las = 0;
    const int64_t trusts[] = {7777};
    c.conflict_trusts = trusts;
    c.n_conflict_trusts = 1;
    assert_int_equal(match_conflict(&c, &m), CONFLICT_NONE);
    m.trust_uid = 7777;
    assert_int_equal(match_conflict(&c, &m), CONFLICT_DECLARED);
    c.n_conflict_trusts = 0;

    /* its own trust */
    m.trust_uid = 5000;
    assert_int_equal(match_conflict(&c, &m), CONFLICT_OWN_TRUST);
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_CONFLICT);
    /* its own school (a school provider, or a person's school) */
    Candidate school = provider();
    school.urn = 100001;
    school.trust_uid = 0;
    m.trust_uid = 0;
    assert_int_equal(match_conflict(&school, &m), CONFLICT_OWN_SCHOOL);
    /* a trust's case: no URN, so no own-school conflict from urn 0 */
    MatchCase trust_case = a_case();
    trust_case.urn = 0;
    trust_case.trust_uid = 9;
    Candidate no_urn = provider();
    no_urn.trust_uid = 0;
    no_urn.la_code = "888";
    assert_int_equal(match_conflict(&no_urn, &trust_case), CONFLICT_NONE);

    /* a local authority and its own maintained school; not an academy */
    Candidate la = provider();
    la.name = "Lancashire County Council";
    la.trust_uid = 0;
    la.la_code = "888";
    assert_int_equal(match_conflict(&la, &m), CONFLICT_OWN_LA);
    assert_int_equal(match_hard(&la, &m, detail, sizeof detail), HARD_CONFLICT);
    assert_string_equal(detail, "The school is maintained by Lancashire County Council, its own local authority (888).");
    m.trust_uid = 4242; /* an academy in the same area */
    assert_int_equal(match_conflict(&la, &m), CONFLICT_NONE);
    m.trust_uid = 0;
    la.la_code = "889";
    assert_int_equal(match_conflict(&la, &m), CONFLICT_NONE);
    /* a person with an LA code is not a local authority */
    Candidate person = provider();
    person.is_person = 1;
    person.trust_uid = 0;
    person.la_code = "888";
    assert_int_equal(match_conflict(&person, &m), CONFLICT_NONE);
}

/* Seed 002 section 2.5: "You will only be deployed within your own trust
   where it is clear that this would be the most effective form of support."
   - the recorded reason lifts the own-trust conflict, and only that one. */
static void own_trust_reason_lifts_only_own_trust(void **state)
{
    (void)state;
    MatchCase m = a_case();
    m.trust_uid = 5000;
    Candidate c = provider(); /* trust 5000, id 10 */
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_CONFLICT);
    m.own_trust_reason_for = 11; /* recorded for another provider */
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_CONFLICT);
    m.own_trust_reason_for = 10;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_OK);
    assert_int_equal(match_conflict(&c, &m), CONFLICT_OWN_TRUST); /* still what it is */
    /* not a declared conflict with the trust */
    const int64_t trusts[] = {5000};
    c.conflict_trusts = trusts;
    c.n_conflict_trusts = 1;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_CONFLICT);
    c.n_conflict_trusts = 0;
    /* nor its own school within the trust */
    c.urn = m.urn;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_CONFLICT);
    /* nor a local authority's own school */
    Candidate la = provider();
    la.trust_uid = 0;
    la.la_code = "888";
    MatchCase maintained = a_case();
    maintained.own_trust_reason_for = la.id;
    assert_int_equal(match_hard(&la, &maintained, NULL, 0), HARD_CONFLICT);
}

/* RISE's due diligence (DOMAIN.md section 3 step 5, no seed sentence): "RISE
   adds due diligence on the organisation (capacity, check with the trust
   relationship manager or LA lead, vendor account)". */
static void due_diligence_only_where_the_programme_asks(void **state)
{
    (void)state;
    Candidate c = provider();
    MatchCase m = a_case();
    char detail[300];
    c.checks[2] = CHECK_FAILED;
    c.checks[3] = CHECK_PENDING;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_OK);
    m.needs_due_diligence = 1;
    assert_int_equal(match_hard(&c, &m, detail, sizeof detail), HARD_DUE_DILIGENCE);
    assert_string_equal(detail, "Due diligence on Bright Futures Trust has failed: financial check failed.");
    /* not done, out of date or being set up: done in the due-diligence step */
    for (int i = 0; i < 4; i++)
        for (int s = CHECK_MISSING; s <= CHECK_PENDING; s++) {
            Candidate d = provider();
            d.checks[i] = (CheckState)s;
            assert_int_equal(match_hard(&d, &m, NULL, 0), s == CHECK_FAILED ? HARD_DUE_DILIGENCE : HARD_OK);
        }
}

/* Seed 004, "What is the matching process?" 3: "If the school does not
   agree with the choice of system leader offered, the matching team will
   let you know." - and a provider that declined is never asked again. */
static void refused_never_again(void **state)
{
    (void)state;
    Candidate c = provider();
    MatchCase m = a_case();
    const int64_t refused[] = {3, 10};
    m.refused = refused;
    m.n_refused = 1;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_OK);
    m.n_refused = 2;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_REFUSED);
    /* refused is the last rule: a conflict is reported first */
    m.trust_uid = 5000;
    assert_int_equal(match_hard(&c, &m, NULL, 0), HARD_CONFLICT);
}

/* ---- the score ------------------------------------------------------------------------ */

static void expertise_in_words(void **state)
{
    (void)state;
    Candidate c = provider();
    MatchCase m = a_case();
    MatchScore s;
    m.needs = AREA("leadership-governance") | AREA("curriculum-teaching") | AREA("attendance-behaviour");
    c.expertise = AREA("leadership-governance") | AREA("curriculum-teaching") | AREA("send");
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_EXPERTISE].points, 26); /* 40 * 2 / 3 */
    assert_int_equal(s.parts[SOFT_EXPERTISE].max, 40);
    assert_string_equal(s.parts[SOFT_EXPERTISE].words,
                        "Covers 2 of the school's 3 weakest areas: leadership and governance, curriculum and "
                        "teaching; not attendance and behaviour.");
    c.expertise |= AREA("attendance-behaviour");
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_EXPERTISE].points, 40);
    assert_string_equal(s.parts[SOFT_EXPERTISE].words, "Covers all 3 of the school's weakest areas: leadership and "
                                                       "governance, curriculum and teaching, attendance and behaviour.");
    c.expertise = AREA("send");
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_EXPERTISE].points, 0);
    assert_string_equal(s.parts[SOFT_EXPERTISE].words, "Covers none of the school's 3 weakest areas (leadership and "
                                                       "governance, curriculum and teaching, attendance and behaviour).");
    m.needs = AREA("send");
    match_score(&c, &m, &s);
    assert_string_equal(s.parts[SOFT_EXPERTISE].words, "Covers the school's weakest area: SEND.");
    m.needs = 0;
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_EXPERTISE].points, 20);
    assert_string_equal(s.parts[SOFT_EXPERTISE].words,
                        "The school's weakest areas are not known from its latest inspection, so half the points.");
    /* every area: too long for the words, so the counts alone */
    m.needs = (1u << MATCH_N_EXPERTISE) - 1;
    c.expertise = m.needs & ~1u;
    match_score(&c, &m, &s);
    assert_string_equal(s.parts[SOFT_EXPERTISE].words, "Covers 13 of the school's 14 weakest areas.");
}

/* Seed 002 section 8.1: "£600 per day where you are required to travel
   longer than 1 hour or over 45 miles" - far over 45 miles. */
static void distance_far_over_45_miles(void **state)
{
    (void)state;
    Candidate c = provider();
    MatchCase m = a_case();
    MatchScore s;
    match_score(&c, &m, &s);
    assert_int_equal(s.miles, 0);
    assert_false(s.far);
    assert_int_equal(s.parts[SOFT_DISTANCE].points, 15);
    assert_string_equal(s.parts[SOFT_DISTANCE].words, "Less than a mile from the school, within 45 miles.");

    c.northing = m.northing + (int32_t)(44 * 1609.344); /* 44 miles north */
    match_score(&c, &m, &s);
    assert_int_equal(s.miles, 44);
    assert_false(s.far);
    assert_int_equal(s.parts[SOFT_DISTANCE].points, 7); /* 15 * 46 / 90 */

    c.northing = m.northing;
    c.easting = m.easting - (int32_t)(46 * 1609.344 + 1); /* 46 miles west */
    match_score(&c, &m, &s);
    assert_int_equal(s.miles, 46);
    assert_true(s.far);
    assert_string_equal(s.parts[SOFT_DISTANCE].words, "46 miles from the school: far, over 45 miles.");

    c.easting = m.easting + (int32_t)(90 * 1609.344) + 10; /* twice the distance: no points */
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_DISTANCE].points, 0);

    /* 3-4-5: 3 and 4 miles make 5 */
    c.easting = m.easting + (int32_t)(3 * 1609.344);
    c.northing = m.northing + (int32_t)(4 * 1609.344);
    assert_true(match_miles(c.easting, c.northing, m.easting, m.northing) > 4.999);
    assert_true(match_miles(c.easting, c.northing, m.easting, m.northing) < 5.001);
    assert_true(match_miles(0, 0, 1609, 0) < 1.0);
    assert_true(match_miles(0, 0, 1610, 0) > 1.0);
}

static void unknown_location_half_points(void **state)
{
    (void)state;
    Candidate c = provider();
    MatchCase m = a_case();
    MatchScore s;
    c.has_location = 0;
    match_score(&c, &m, &s);
    assert_int_equal(s.miles, -1);
    assert_false(s.far);
    assert_int_equal(s.parts[SOFT_DISTANCE].points, 7);
    assert_string_equal(s.parts[SOFT_DISTANCE].words,
                        "Distance unknown: the provider has no location, so half the points.");
    c.has_location = 1;
    m.has_location = 0;
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_DISTANCE].points, 7);
    assert_non_null(strstr(s.parts[SOFT_DISTANCE].words, "Distance unknown"));
}

static void phase_load_outcomes_priority(void **state)
{
    (void)state;
    Candidate c = provider();
    MatchCase m = a_case();
    MatchScore s;
    m.needs = AREA("leadership-governance");
    c.expertise = AREA("leadership-governance");
    c.past_completed = 3;
    c.past_other = 1;
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_PHASE].points, 15);
    assert_string_equal(s.parts[SOFT_PHASE].words, "Works with primary schools, the school's phase.");
    assert_int_equal(s.parts[SOFT_LOAD].points, 6); /* 2 of 3 places left */
    assert_string_equal(s.parts[SOFT_LOAD].words, "Would have 2 of its 3 school places for the term left after this match.");
    assert_int_equal(s.parts[SOFT_OUTCOMES].points, 7); /* 10 * 3 / 4 */
    assert_string_equal(s.parts[SOFT_OUTCOMES].words, "Support completed in 3 of its 4 past cases.");
    assert_int_equal(s.parts[SOFT_PRIORITY].points, 10);
    assert_string_equal(s.parts[SOFT_PRIORITY].words,
                        "The school is not in a priority area, so every provider gets these points.");
    assert_int_equal(s.total, 40 + 15 + 15 + 6 + 7 + 10);
    int sum = 0;
    for (int i = 0; i < SOFT_COUNT; i++)
        sum += s.parts[i].points;
    assert_int_equal(s.total, sum);

    m.phase = PHASE("secondary");
    c.phases = PHASE("primary") | PHASE("special");
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_PHASE].points, 0);
    assert_string_equal(s.parts[SOFT_PHASE].words, "Does not work with secondary schools (works with primary and special).");
    m.phase = 0;
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_PHASE].points, 7);
    assert_string_equal(s.parts[SOFT_PHASE].words, "The school's phase is not known, so half the points.");

    c.schools_held = 2; /* this match takes the last place */
    c.past_completed = c.past_other = 0;
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_LOAD].points, 0);
    assert_int_equal(s.parts[SOFT_OUTCOMES].points, 5);
    assert_string_equal(s.parts[SOFT_OUTCOMES].words, "No past cases yet, so half the points.");

    /* seed 004: "regional strategic priorities such as area-based statements
       of requirements in Education Investment Areas" */
    m.priority_area = 1;
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_PRIORITY].points, 0);
    c.las = LAS_888;
    c.n_las = 1;
    match_score(&c, &m, &s);
    assert_int_equal(s.parts[SOFT_PRIORITY].points, 10);
    assert_non_null(strstr(s.parts[SOFT_PRIORITY].words, "Education Investment Area"));
}

/* ---- suggestions ------------------------------------------------------------------------ */

static void suggestions_ranked(void **state)
{
    (void)state;
    MatchCase m = a_case();
    m.needs = AREA("leadership-governance") | AREA("curriculum-teaching");
    Candidate c[7];
    for (int i = 0; i < 7; i++) {
        c[i] = provider();
        c[i].id = 100 + i;
        c[i].trust_uid = 6000 + i;
        c[i].expertise = AREA("leadership-governance");
    }
    c[0].name = "Zed";          /* full expertise: ranks first */
    c[0].expertise |= AREA("curriculum-teaching");
    c[1].name = "Beta";         /* same score as Alpha, nearer */
    c[1].northing += 1609 * 2;
    c[2].name = "Alpha";
    c[2].northing += 1609 * 5;
    /* Aardvark: the same score as Alpha (+20 expertise; -8 phase not given,
       -8 distance unknown, -5 outcomes), but the distance is unknown, so it
       comes after, though first by name */
    c[3].name = "Aardvark";
    c[3].has_location = 0;
    c[3].expertise = AREA("leadership-governance") | AREA("curriculum-teaching");
    c[3].phases = 0;
    c[3].past_other = 1;
    c[4].name = "Out of region";
    c[4].regions = 1u << LONDON;
    c[5].name = "Inactive";
    c[5].active = 0;
    c[6].name = "Also out";
    c[6].regions = 0;
    Suggestion out[7];
    size_t pass = match_suggest(c, 7, &m, out);
    assert_int_equal(pass, 4);
    const char *want[] = {"Zed", "Beta", "Alpha", "Aardvark", "Inactive", "Also out", "Out of region"};
    for (int i = 0; i < 7; i++) {
        assert_string_equal(c[out[i].index].name, want[i]);
        MatchScore s;
        match_score(&c[out[i].index], &m, &s);
        assert_int_equal(out[i].score.total, s.total);
        assert_int_equal(out[i].failed, match_hard(&c[out[i].index], &m, NULL, 0));
    }
    assert_int_equal(out[1].score.total, out[2].score.total);
    assert_int_equal(out[2].score.total, out[3].score.total);
    assert_int_equal(out[3].score.miles, -1);
    assert_int_equal(out[4].failed, HARD_INACTIVE);
    assert_int_equal(out[5].failed, HARD_REGION);
    assert_int_equal(match_suggest(c, 0, &m, out), 0);
}

/* ---- the batch ----------------------------------------------------------------------------- */

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

typedef struct Best {
    int matched, total;
} Best;

/* Every assignment of cases i.. to a provider or none, within the caps. */
static void brute(const int *score, int nc, int np, int *left, int i, int matched, int total, Best *best)
{
    if (i == nc) {
        if (matched > best->matched || (matched == best->matched && total > best->total))
            *best = (Best){matched, total};
        return;
    }
    brute(score, nc, np, left, i + 1, matched, total, best);
    for (int j = 0; j < np; j++) {
        int s = score[i * np + j];
        if (s < 0 || left[j] <= 0)
            continue;
        left[j]--;
        brute(score, nc, np, left, i + 1, matched + 1, total + s, best);
        left[j]++;
    }
}

/* The assignment keeps every cap and never uses an infeasible pair; gives its
   matched count and total score. */
static Best check_assignment(const int *score, size_t nc, size_t np, const int *cap, const int *assign)
{
    Best got = {0, 0};
    int *used = calloc(np + 1, sizeof *used);
    assert_non_null(used);
    for (size_t i = 0; i < nc; i++) {
        if (assign[i] < 0) {
            assert_int_equal(assign[i], -1);
            continue;
        }
        assert_true((size_t)assign[i] < np);
        int s = score[i * np + (size_t)assign[i]];
        assert_true(s >= 0);
        used[assign[i]]++;
        got.matched++;
        got.total += s;
    }
    for (size_t j = 0; j < np; j++)
        assert_true(used[j] <= (cap[j] < 0 ? 0 : cap[j]));
    free(used);
    return got;
}

static void batch_matches_brute_force(void **state)
{
    (void)state;
    uint32_t seed = 20260901u;
    int score[6 * 4], cap[4], assign[6], left[4];
    for (int t = 0; t < 2000; t++) {
        int nc = 1 + (int)(lcg(&seed) % 6), np = 1 + (int)(lcg(&seed) % 4);
        for (int j = 0; j < np; j++)
            cap[j] = (int)(lcg(&seed) % 3);
        for (int k = 0; k < nc * np; k++)
            score[k] = lcg(&seed) % 4 == 0 ? -1 : (int)(lcg(&seed) % 101);
        if (t % 7 == 0) /* some with many ties */
            for (int k = 0; k < nc * np; k++)
                score[k] = score[k] < 0 ? -1 : score[k] % 3 * 50;
        Best best = {0, 0};
        memcpy(left, cap, sizeof cap);
        brute(score, nc, np, left, 0, 0, 0, &best);
        int n = match_batch(score, (size_t)nc, (size_t)np, cap, assign);
        Best got = check_assignment(score, (size_t)nc, (size_t)np, cap, assign);
        if (n != best.matched || got.matched != n || got.total != best.total)
            fail_msg("instance %d (%dx%d): got %d matched, total %d; best %d, total %d", t, nc, np, n, got.total,
                     best.matched, best.total);
    }
}

static void batch_edges(void **state)
{
    (void)state;
    int assign[3] = {7, 7, 7};
    assert_int_equal(match_batch(NULL, 0, 0, NULL, assign), 0);
    assert_int_equal(assign[0], 7); /* nothing written for no cases */
    assert_int_equal(match_batch(NULL, 3, 0, NULL, assign), 0);
    assert_int_equal(assign[0], -1);
    assert_int_equal(assign[2], -1);
    const int none[3 * 2] = {-1, -1, -1, -1, -1, -1};
    const int cap[2] = {3, 3};
    assert_int_equal(match_batch(none, 3, 2, cap, assign), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(assign[i], -1);
    /* capacity 0: nothing; one place: the better case gets it, the other none */
    const int sc[2 * 1] = {40, 90};
    const int zero[1] = {0}, one[1] = {1};
    assert_int_equal(match_batch(sc, 2, 1, zero, assign), 0);
    assert_int_equal(match_batch(sc, 2, 1, one, assign), 1);
    assert_int_equal(assign[0], -1);
    assert_int_equal(assign[1], 0);
    /* more matches beat a higher score: case 0 could take 100 at p0, but then
       case 1 (only p0) goes unmatched */
    const int more[2 * 2] = {100, 0, 1, -1};
    const int caps[2] = {1, 1};
    assert_int_equal(match_batch(more, 2, 2, caps, assign), 2);
    assert_int_equal(assign[0], 1);
    assert_int_equal(assign[1], 0);
}

static void batch_larger_keeps_caps(void **state)
{
    (void)state;
    enum { NC = 200, NP = 300 };
    int *score = malloc(sizeof(int) * NC * NP), cap[NP], assign[NC];
    assert_non_null(score);
    uint32_t seed = 12345u;
    for (int j = 0; j < NP; j++)
        cap[j] = (int)(lcg(&seed) % 3);
    for (int k = 0; k < NC * NP; k++)
        score[k] = lcg(&seed) % 10 < 8 ? -1 : (int)(lcg(&seed) % 101);
    int n = match_batch(score, NC, NP, cap, assign);
    Best got = check_assignment(score, NC, NP, cap, assign);
    assert_int_equal(n, got.matched);
    assert_true(n > NC / 2);
    free(score);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mask_parse_takes_codes_and_labels),
        cmocka_unit_test(needs_from_old_framework_and_report_cards),
        cmocka_unit_test(terms_of_dates_codes_and_labels),
        cmocka_unit_test(days_spread_over_terms),
        cmocka_unit_test(hard_rule_table_is_in_order_and_quotes_the_seeds),
        cmocka_unit_test(inactive_fails_first),
        cmocka_unit_test(kind_organisations_or_designated_people),
        cmocka_unit_test(region_by_region_or_local_authority),
        cmocka_unit_test(capacity_left_in_the_term),
        cmocka_unit_test(conflicts_declared_and_own),
        cmocka_unit_test(own_trust_reason_lifts_only_own_trust),
        cmocka_unit_test(due_diligence_only_where_the_programme_asks),
        cmocka_unit_test(refused_never_again),
        cmocka_unit_test(expertise_in_words),
        cmocka_unit_test(distance_far_over_45_miles),
        cmocka_unit_test(unknown_location_half_points),
        cmocka_unit_test(phase_load_outcomes_priority),
        cmocka_unit_test(suggestions_ranked),
        cmocka_unit_test(batch_matches_brute_force),
        cmocka_unit_test(batch_edges),
        cmocka_unit_test(batch_larger_keeps_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
