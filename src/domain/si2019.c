/*
 * si2019.c - School Improvement offer 2019/20: which tier a school is in.
 *
 * The seed (002, DfE's guidance for NLEs, section 1): support for schools
 * that "enter the 2019/20 academic year with a 'requires improvement' (RI)
 * judgement for overall effectiveness, or receive a 'requires improvement'
 * judgement during the 2019/20 academic year". Tier 1: "a single RI
 * judgement"; Tier 2: "two consecutive RI judgements" or "an RI judgement on
 * their first inspection ... For schools converting to an academy, the
 * previous Ofsted judgement will still be counted"; Tier 3: "currently ...
 * RI ... and have not been rated above RI since 2005, across a minimum of 4
 * inspections".
 *
 * The brief fixes the reading (DOMAIN.md section 2, "SI 2019/20 as at D"):
 *
 *   "eligible if the latest judgement before 1 Sept 2019 is grade 3, or there
 *    is a grade-3 judgement from 1 Sept 2019 to D; the latest such grade-3
 *    judgement is the *reference*. Looking at the history up to the
 *    reference: Tier 3 if it has at least 4 inspections since 1 Jan 2005 and
 *    all are grade 3 or 4; otherwise Tier 2 if the reference is the only
 *    inspection, or the one before it is grade 3; otherwise Tier 1."
 *
 * Each interpretation below has a unit test of the same name in
 * tests/unit/test_si2019.c.
 *
 *  I1 satisfactory_is_grade_3: "Satisfactory" (before Sept 2012) is grade 3
 *     ("Grades"), so it is an RI for every clause (domain/grades.c maps it).
 *  I2 history_through_predecessors: the history is the school's and,
 *     recursively, its predecessors' (link type exactly "Predecessor"), so a
 *     converter academy keeps the record of the school it replaced (the
 *     seed's "the previous Ofsted judgement will still be counted").
 *  I3 boundary_1_september_2019: "before 1 Sept 2019" is strictly before the
 *     year start; a judgement dated 1 September 2019 is "from 1 Sept 2019".
 *  I4 judgement_on_d_counts: "from 1 Sept 2019 to D" includes D; nothing
 *     after D is seen (the history is "on or before that date").
 *  I5 reference_is_latest_grade_3: of the qualifying grade-3 judgements (the
 *     latest before the year, when grade 3, and every grade 3 in the year up
 *     to D) the reference is the latest. A school that entered the year RI
 *     and was then judged Good before D is still eligible (it "entered the
 *     year with RI"), with its pre-year judgement as the reference.
 *  I6 tier_3_exactly_four: Tier 3 counts the inspections dated on or after
 *     1 January 2005 up to and including the reference; 4 is enough, 3 is
 *     not, and a single grade 1 or 2 among them rules it out. Inspections
 *     before 2005 neither count nor disqualify.
 *  I7 tier_2_only_inspection: "the reference is the only inspection" means
 *     the only one in the whole history up to the reference (any date), so a
 *     new school's first RI (or a converter whose predecessor was never
 *     inspected) is Tier 2. Where the school opened before the history start
 *     (or has no open date: GIAS leaves it blank for old schools), an earlier
 *     judgement may simply be missing from the data: "missing" says so.
 *  I8 tier_2_previous_grade_3: "the one before it" is the inspection
 *     immediately before the reference in the history (whichever URN); grade
 *     3 makes Tier 2. A grade 4 before it is not "two consecutive RI": Tier 1
 *     (unless Tier 3 applies).
 *  I9 no_history: a school with no graded judgement on or before D is not
 *     eligible, and the result says the history is missing.
 *  I10 scope_*: only schools in scope on D ("In scope", domain/eligibility.c
 *     S1-S4) are assessed: scope_welsh_school, scope_closed_school,
 *     scope_opened_after_d, scope_state_funded_types.
 *  I11 highest_tier_wins: the tiers are checked highest first ("The highest
 *     tier that applies wins"), so a school meeting Tier 3 is Tier 3 only.
 *  I12 same_day_inspections: two judgements of one school on one day are one
 *     inspection; of a school and its predecessor on one day, the school's
 *     own is the later (as in domain/trust.c).
 *
 * "Schools supported under 2018/19 are not normally eligible": the data has
 * no record of 2018/19 support, so that exception is left to the team.
 */
#include "domain/eligibility.h"
#include "domain/grades.h"

#include <stdlib.h>

const ParamSpec SI2019_PARAMS[] = {
    {"year_start", PARAM_DATE, offsetof(Si2019Params, year_start)},
    {"year_end", PARAM_DATE, offsetof(Si2019Params, year_end)},
    {"history_start", PARAM_DATE, offsetof(Si2019Params, history_start)},
    {"tier3_min_inspections", PARAM_INT, offsetof(Si2019Params, tier3_min_inspections)},
    {"nle_days_max", PARAM_INT, offsetof(Si2019Params, nle_days_max)},
    {"nle_day_rate", PARAM_INT, offsetof(Si2019Params, nle_day_rate)},
    {"nle_day_rate_travel", PARAM_INT, offsetof(Si2019Params, nle_day_rate_travel)},
    {"tier2_grant_max", PARAM_INT, offsetof(Si2019Params, tier2_grant_max)},
    {"tier2_coordination_max", PARAM_INT, offsetof(Si2019Params, tier2_coordination_max)},
    {"tier3_grant_max", PARAM_INT, offsetof(Si2019Params, tier3_grant_max)},
    {"tier3_coordination_max", PARAM_INT, offsetof(Si2019Params, tier3_coordination_max)},
};
const size_t SI2019_N_PARAMS = sizeof SI2019_PARAMS / sizeof SI2019_PARAMS[0];

void si2019_assess(const EligSchool *s, const Si2019Params *p, Date d, EligResult *r)
{
    elig_result_init(r, d);
    if (!elig_in_scope(s, d, r))
        return;
    char start[32], hist[32]; /* the dates as the rule's sentences say them */
    date_long(p->year_start, start, sizeof start);
    date_long(p->history_start, hist, sizeof hist);

    EligInspection *h;
    size_t n = elig_history(s, d, 0, &h);
    if (n == 0) {
        elig_set(r, ELIG_NONE, "si.none.no-history", "Not eligible: no graded judgement on record by this date.");
        elig_missing(r, "no graded inspection on record for URN %lld or its predecessors", (long long)s->urn);
        return;
    }
    /* the latest before the year, and the latest grade 3 from the year start to D */
    long before = -1, in_year = -1;
    for (size_t i = 0; i < n; i++) {
        if (h[i].date < p->year_start)
            before = (long)i;
        else if (h[i].grade == 3)
            in_year = (long)i;
    }
    long ref = in_year >= 0 ? in_year : (before >= 0 && h[before].grade == 3 ? before : -1);
    if (ref < 0) {
        if (before >= 0)
            elig_use(r, &h[before], "latest before the year");
        elig_use(r, &h[n - 1], "latest");
        if (before >= 0 && (size_t)before == n - 1)
            r->n_used = 1;
        elig_set(r, ELIG_NONE, "si.none.not-ri",
                 "Not eligible: the latest judgement before %s is not requires improvement and there is no"
                 " requires improvement judgement from %s to this date.",
                 start, start);
        free(h);
        return;
    }
    elig_use(r, &h[ref], "reference");

    /* Tier 3: at least N inspections since the history start, up to the reference, all grade 3 or 4 */
    int since = 0, all_ri_or_worse = 1;
    for (long i = 0; i <= ref; i++) {
        if (h[i].date < p->history_start)
            continue;
        since++;
        if (h[i].grade < 3)
            all_ri_or_worse = 0;
    }
    elig_figure(r, "inspections since history start", since);
    if (since >= p->tier3_min_inspections && all_ri_or_worse) {
        for (long i = ref - 1; i >= 0; i--)
            if (h[i].date >= p->history_start)
                elig_use(r, &h[i], "counted for tier 3");
        elig_set(r, ELIG_TIER_3, "si.tier-3.ri-since-2005",
                 "Tier 3: requires improvement at the reference judgement and %d inspections since %s, none"
                 " better than requires improvement (at least %d needed).",
                 since, hist, p->tier3_min_inspections);
        free(h);
        return;
    }
    if (ref == 0) {
        elig_set(r, ELIG_TIER_2, "si.tier-2.first-inspection",
                 "Tier 2: requires improvement at the first inspection on record (the reference is the only"
                 " one).");
        if (s->opened == DATE_NONE) {
            elig_missing(r, "no judgement before the reference on record, though the school has no open date"
                            " (an old school): an earlier judgement the data lacks would change the tier");
        } else if (s->opened < p->history_start) {
            char o[32];
            date_long(s->opened, o, sizeof o);
            elig_missing(r, "no judgement before the reference on record, though the school opened %s, before %s:"
                            " an earlier judgement the data lacks would change the tier",
                         o, hist);
        }
        free(h);
        return;
    }
    elig_use(r, &h[ref - 1], "previous");
    if (h[ref - 1].grade == 3) {
        elig_set(r, ELIG_TIER_2, "si.tier-2.consecutive-ri",
                 "Tier 2: requires improvement at the reference judgement and at the inspection before it.");
        free(h);
        return;
    }
    elig_set(r, ELIG_TIER_1, "si.tier-1.single-ri",
             "Tier 1: requires improvement at the reference judgement; the inspection before it was %s.",
             grade_words(h[ref - 1].grade));
    free(h);
}
