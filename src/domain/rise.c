/*
 * rise.c - the RISE category the system suggests for a school (universal,
 * targeted or intervention). The team decides; this only suggests.
 *
 * The brief (DOMAIN.md section 2, "RISE suggestion as at D"):
 *
 *   "intervention if the latest inspection put a maintained school in
 *    special measures, or (report card) safeguarding is not met or
 *    leadership and governance is "urgent improvement"; otherwise targeted
 *    if the latest inspection is serious weaknesses or special measures (an
 *    academy), or the school is stuck — latest grade 3 and the previous one
 *    3 or 4 (report card: "needs attention" or "urgent improvement" for
 *    leadership and governance, with the previous inspection below good), or
 *    any other area is "urgent improvement"; otherwise universal. The team's
 *    decision, not the suggestion, places a school."
 *
 * and the seed (000): universal "where a report card identifies minimal
 * issues", targeted for "singular or several issues needing specific, more
 * intensive support", intervention for schools "requiring intervention".
 *
 * Interpretations, each with a unit test of the same name in
 * tests/unit/test_rise_category.c:
 *
 *  R1 latest_of_either_kind: "the latest inspection" is the latest of the
 *     school's history (its own and its predecessors', DOMAIN.md "History")
 *     on or before D, graded inspection or report card alike; "the previous"
 *     is the one before it in the same history.
 *  R2 special_measures_maintained_vs_academy: "maintained" is the assessed
 *     school's own GIAS type (local-authority-maintained, including
 *     community and foundation special schools). An academy whose latest
 *     inspection (its own or, before conversion, its predecessor's) is
 *     special measures is targeted: the academy is the structural
 *     intervention already made. Non-maintained special schools count as
 *     "not maintained".
 *  R3 inadequate_without_category: grade 4 is always a category of concern
 *     ("Grades"), but the inspection history file records no category. A
 *     grade 4 with no category is suggested as targeted (what both
 *     categories give an academy, and the least they give a maintained
 *     school) and "missing" says that special measures would make a
 *     maintained school intervention.
 *  R4 stuck_graded: latest grade 3 and previous grade 3 or 4; a previous
 *     report card counts as below good when its leadership and governance is
 *     "needs attention" or "urgent improvement" (report cards have no
 *     overall grade; that area is the brief's stand-in for it). A grade 3
 *     with no previous inspection is not stuck.
 *  R5 report_card_rules: safeguarding "not met" or leadership and governance
 *     "urgent improvement" is intervention; leadership and governance "needs
 *     attention" with the previous inspection below good (graded 3 or 4, or
 *     R4's report-card reading) is targeted; so is "urgent improvement" in
 *     any other area; otherwise universal. Area names and grades are matched
 *     without regard to case.
 *  R6 no_inspection_is_universal: a school with no inspection on record is
 *     suggested universal, and "missing" says there was nothing to go on.
 *  R7 out_of_scope: only schools in scope on D are suggested a category.
 *  R8 no_headline_grade (issue 9, DOMAIN.md "Inspections without a headline
 *     grade"): a graded inspection without a headline grade counts as the
 *     grade DfE's rule for 2024/25 gives it (domain/inspections.h E1-E5:
 *     a category of concern 4; quality of education or leadership and
 *     management requires improvement 3, or inadequate without a category
 *     3; otherwise 2), everywhere a grade is read above; the evidence names
 *     the rule and the sub-judgements. "Stuck" is then "requires
 *     improvement or equivalent at the latest graded inspection and below
 *     good at the previous one, whichever URN each belongs to".
 *  R10 further_education: 16 to 19 academies and free schools (GIAS types
 *     "Academy 16-19 converter", "Academy 16 to 19 sponsor led", "Academy
 *     secure 16 to 19", "Free schools 16 to 19") are in scope as state-funded
 *     institutions, but Ofsted inspects them under its further education
 *     framework and leaves them out of the schools' management information
 *     that DfE counts stuck schools from: RISE suggests them no category.
 *  R9 count_from_publication: with the parameter count_from_publication
 *     (1 for RISE), an inspection counts from the day its report was
 *     published where that is known (the management information), else from
 *     its start date: DfE's counts are "from the Ofsted management
 *     information of that date", which lists inspections published by then.
 */
#include "domain/eligibility.h"

#include "domain/grades.h"
#include "domain/inspections.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const ParamSpec RISE_PARAMS[] = {
    {"planning_grant", PARAM_INT, offsetof(RiseParams, planning_grant)},
    {"improvement_band_1_max", PARAM_INT, offsetof(RiseParams, improvement_band_1_max)},
    {"improvement_band_2_max", PARAM_INT, offsetof(RiseParams, improvement_band_2_max)},
    {"improvement_band_3_max", PARAM_INT, offsetof(RiseParams, improvement_band_3_max)},
    {"reserves_percent_no_funding", PARAM_INT, offsetof(RiseParams, reserves_percent_no_funding)},
    {"adviser_day_rate", PARAM_INT, offsetof(RiseParams, adviser_day_rate)},
    {"support_months_min", PARAM_INT, offsetof(RiseParams, support_months_min)},
    {"support_months_max", PARAM_INT, offsetof(RiseParams, support_months_max)},
    {"count_from_publication", PARAM_INT, offsetof(RiseParams, count_from_publication)},
};
const size_t RISE_N_PARAMS = sizeof RISE_PARAMS / sizeof RISE_PARAMS[0];

/* R10: the 16 to 19 academies and free schools. */
static int rise_further_education(const EligSchool *s)
{
    static const char *const TYPES[] = {"Academy 16-19 converter", "Academy 16 to 19 sponsor led",
                                        "Academy secure 16 to 19", "Free schools 16 to 19"};
    for (size_t i = 0; s->type_name && i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcasecmp(s->type_name, TYPES[i]) == 0)
            return 1;
    return 0;
}

static int is_category(const EligInspection *in, const char *cat)
{
    return in->category && strcasecmp(in->category, cat) == 0;
}

/* Below good, or its report-card equivalent (R4). */
static int below_good(const EligInspection *in)
{
    if (!in->report_card)
        return in->grade >= 3;
    int lg = elig_rc_area(in, RC_LEADERSHIP);
    return lg == RC_URGENT_IMPROVEMENT || lg == RC_NEEDS_ATTENTION;
}

/* An area other than leadership and governance graded urgent improvement. */
static const char *other_area_urgent(const EligInspection *in)
{
    for (size_t i = 0; i < in->n_areas; i++)
        if (in->areas[i].area && strcasecmp(in->areas[i].area, RC_LEADERSHIP) != 0 &&
            in->areas[i].level == RC_URGENT_IMPROVEMENT)
            return in->areas[i].area;
    return NULL;
}

static void report_card(const EligSchool *s, const EligInspection *last, const EligInspection *prev,
                        EligResult *r)
{
    int lg = elig_rc_area(last, RC_LEADERSHIP);
    if (lg == RC_NONE)
        elig_missing(r, "leadership and governance not graded on the latest report card");
    if (last->safeguarding < 0)
        elig_missing(r, "safeguarding not recorded on the latest report card");
    if (last->safeguarding == 0) {
        elig_set(r, ELIG_INTERVENTION, "rise.intervention.safeguarding-not-met",
                 "Intervention: safeguarding not met at the latest report card.");
        return;
    }
    if (lg == RC_URGENT_IMPROVEMENT) {
        elig_set(r, ELIG_INTERVENTION, "rise.intervention.leadership-urgent",
                 "Intervention: leadership and governance is urgent improvement at the latest report card.");
        return;
    }
    if (lg == RC_NEEDS_ATTENTION && prev && below_good(prev)) {
        elig_use(r, prev, "previous");
        elig_set(r, ELIG_TARGETED, "rise.targeted.stuck-report-card",
                 "Targeted: stuck - leadership and governance needs attention at the latest report card and the"
                 " previous inspection was below good.");
        return;
    }
    const char *area = other_area_urgent(last);
    if (area) {
        elig_set(r, ELIG_TARGETED, "rise.targeted.area-urgent",
                 "Targeted: %s is urgent improvement at the latest report card.", area);
        return;
    }
    if (prev)
        elig_use(r, prev, "previous");
    elig_set(r, ELIG_UNIVERSAL, "rise.universal.report-card",
             "Universal: the latest report card shows no urgent improvement, safeguarding met%s.",
             lg == RC_NEEDS_ATTENTION ? ", and leadership needs attention without a previous inspection below good"
                                      : "");
    (void)s;
}

static void graded(const EligSchool *s, const EligInspection *last, const EligInspection *prev, EligResult *r)
{
    int maintained = elig_is_maintained(s);
    if (last->grade == 4 && is_category(last, CATEGORY_SPECIAL_MEASURES)) {
        if (maintained)
            elig_set(r, ELIG_INTERVENTION, "rise.intervention.special-measures-maintained",
                     "Intervention: the latest inspection put this maintained school in special measures.");
        else
            elig_set(r, ELIG_TARGETED, "rise.targeted.special-measures-academy",
                     "Targeted: special measures at the latest inspection, and the school is not maintained"
                     " (%s).",
                     s->type_name ? s->type_name : "an academy");
        return;
    }
    if (last->grade == 4 && is_category(last, CATEGORY_SERIOUS_WEAKNESSES)) {
        elig_set(r, ELIG_TARGETED, "rise.targeted.serious-weaknesses",
                 "Targeted: serious weaknesses at the latest inspection.");
        return;
    }
    if (last->grade == 4) {
        elig_set(r, ELIG_TARGETED, "rise.targeted.inadequate-category-unknown",
                 "Targeted: inadequate at the latest inspection, category of concern not recorded.");
        elig_missing(r, "category of concern of the inadequate inspection not recorded%s",
                     maintained ? " (special measures would make this maintained school intervention)" : "");
        return;
    }
    if (last->grade == 3 && prev && below_good(prev)) {
        elig_use(r, prev, "previous");
        elig_set(r, ELIG_TARGETED, "rise.targeted.stuck",
                 "Targeted: stuck - requires improvement%s at the latest inspection and below good at the previous"
                 " one.", last->equivalence ? " or equivalent (no headline grade: DfE's rule for 2024/25)" : "");
        return;
    }
    if (prev)
        elig_use(r, prev, "previous");
    if (last->grade == 3)
        elig_set(r, ELIG_UNIVERSAL, "rise.universal.single-ri",
                 "Universal: requires improvement at the latest inspection, but %s.",
                 prev ? "the previous one was good or better" : "no previous inspection");
    else
        elig_set(r, ELIG_UNIVERSAL, "rise.universal.good-or-better",
                 "Universal: %s at the latest inspection.", grade_words(last->grade));
}

void rise_suggest(const EligSchool *s, const RiseParams *p, Date d, EligResult *r)
{
    elig_result_init(r, d);
    if (!elig_in_scope(s, d, r))
        return;
    if (rise_further_education(s)) {
        elig_set(r, ELIG_NONE, "rise.scope.16-19",
                 "Not suggested a category: %s is inspected under Ofsted's further education framework, not as a"
                 " school, so RISE does not place it.", s->type_name);
        return;
    }
    EligInspection *h;
    size_t n = elig_history_known(s, d, 1, p && p->count_from_publication == 1, &h);
    if (n == 0) {
        elig_set(r, ELIG_UNIVERSAL, "rise.universal.no-inspection",
                 "Universal: no inspection on record, so nothing points to more.");
        elig_missing(r, "no inspection on record for URN %lld or its predecessors", (long long)s->urn);
        return;
    }
    const EligInspection *last = &h[n - 1], *prev = n > 1 ? &h[n - 2] : NULL;
    elig_use(r, last, "latest");
    for (const EligInspection *in = last; in; in = in == last ? prev : NULL)
        if (in->equivalence == INSP_EQ_NO_SUBJUDGEMENTS) {
            char day[11];
            date_iso(in->date, day);
            elig_missing(r, "the inspection of %s (URN %lld) has no headline grade and neither quality of"
                            " education nor leadership and management recorded", day, (long long)in->urn);
        }
    if (last->report_card)
        report_card(s, last, prev, r);
    else
        graded(s, last, prev, r);
    free(h);
}

int rise_is_stuck(const EligResult *r)
{
    if (!r->rule || strncmp(r->rule, "rise.targeted.stuck", 19) != 0)
        return 0;
    for (size_t i = 0; i < r->n_used; i++)
        if (strcmp(r->used[i].role, "latest") == 0 && r->used[i].in.equivalence)
            return 2;
    return 1;
}
