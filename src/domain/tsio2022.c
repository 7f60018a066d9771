/*
 * tsio2022.c - Trust and School Improvement Offer 2022/23: standalone
 * schools and multi-academy trusts.
 *
 * The seed (004, DfE's TSIO guidance): "Support to all schools (local
 * authority-maintained schools (LAMs), single-academy trusts (SATs) and
 * empty MATs) that receive an Ofsted RI judgement during the 2022 to 2023
 * academic year" and "MATs will be offered support if on the 1 Sept 22 they
 * contain at least two schools that have been part of their trust for three
 * years and meet either of the following criteria: the trust has at least
 * 50% of its schools with a current Ofsted RI judgement or worse (only
 * includes schools that have been inspected since joining your trust) or
 * there has been an overall decline in Ofsted judgement for schools within
 * your trust (only includes the most recent inspections since the schools
 * joined the trust)".
 *
 * The brief (DOMAIN.md section 2, "TSIO 2022/23 as at D"):
 *
 *   "a standalone school (LA-maintained, single-academy trust, or the only
 *    school of its MAT) is eligible with a grade-3 judgement dated 1 Sept
 *    2022 to D. A MAT is eligible if on 1 Sept 2022 it has at least 2
 *    schools that joined on or before 1 Sept 2019, and either at least half
 *    of its schools inspected since joining have a latest-since-joining grade
 *    of 3 or 4, or its SI score is below 0."
 *
 * The share and the SI score are domain/trust.c's (trust_assess), reused
 * here; its interpretations (joining day counts as since joining, the
 * school's own inspection wins a same-day tie ...) apply unchanged.
 *
 * Interpretations made here, each with a unit test of the same name in
 * tests/unit/test_tsio2022.c:
 *
 *  T1 standalone_structure_on_d: how a school stands on D is read from its
 *     dated trust memberships (GIAS group links with "Joined date"; a
 *     membership holds from the day it was joined until the day it was
 *     left, and not after the school closed). A membership of a group of
 *     type "Single-academy trust" makes it a SAT; of a "Multi-academy trust"
 *     it is standalone only when it is the only school of that MAT on D
 *     (counting the MAT's memberships that hold on D). Federations,
 *     sponsors and foundation trusts ("Trust") are not academy trusts and do
 *     not change how a school stands.
 *  T2 undated_trust_from_record: when no dated academy-trust membership
 *     holds on D, the trust the school's own GIAS record names ("Trusts
 *     (code)", true on the day of the download, not necessarily on D) is used
 *     instead and the result says so in "missing". An academy with no trust
 *     at all is taken as standalone, also said in "missing".
 *  T3 la_maintained: a school whose GIAS type is a local-authority-maintained
 *     type (type group "Local authority maintained schools", or a community
 *     or foundation special school) and that no academy trust holds on D is
 *     LA-maintained. A school that is neither maintained nor an academy
 *     (a non-maintained special school) is not one of the three standalone
 *     kinds: not eligible.
 *  T4 boundary_1_september_2022 / ri_on_d: "dated 1 Sept 2022 to D" includes
 *     both ends; a grade 3 dated 31 August 2022 does not count. Any grade-3
 *     judgement in that window counts (the latest is reported), whichever
 *     URN of the history it belongs to.
 *  T5 mat_census_on_1_september_2022: the MAT's "at least 2 schools that
 *     joined on or before 1 Sept 2019" is counted on the census date (a
 *     parameter, 1 Sept 2022) from dated memberships only: exactly two
 *     schools that joined exactly on 1 Sept 2019 are enough. A school known
 *     only from its record has no joining date and does not count.
 *  T6 mat_measures_as_at_d: the share and the SI score are worked out as at
 *     D (the schools in the trust on D, their inspections up to D), so a MAT
 *     can become eligible during the year as judgements arrive, as a
 *     standalone school can. On D = 1 September 2022 this is the census.
 *  T7 share_at_least_half: "at least half" is ri_or_worse / inspected_since
 *     >= 50% (a parameter), with at least one school inspected since
 *     joining; "SI score below 0" is strictly below (a score of 0 is not a
 *     decline).
 *  T8 missing_since_joining: every school in the trust on D that the share
 *     or the SI score leaves out is listed in "missing" with the reason (no
 *     inspection since joining, none before joining, date joined not
 *     recorded, no inspection at all): the brief's "Schools without both are
 *     left out and listed".
 *
 * "By exception" additions (self-identified, named by the regional
 * director) are decisions, not rules: the casework records them.
 */
#include "domain/eligibility.h"

#include "core/buf.h"
#include "domain/trust.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const ParamSpec TSIO2022_PARAMS[] = {
    {"year_start", PARAM_DATE, offsetof(Tsio2022Params, year_start)},
    {"year_end", PARAM_DATE, offsetof(Tsio2022Params, year_end)},
    {"mat_census_date", PARAM_DATE, offsetof(Tsio2022Params, mat_census)},
    {"mat_joined_by", PARAM_DATE, offsetof(Tsio2022Params, mat_joined_by)},
    {"mat_min_schools", PARAM_INT, offsetof(Tsio2022Params, mat_min_schools)},
    {"mat_share_percent", PARAM_INT, offsetof(Tsio2022Params, mat_share_percent)},
    {"si_score_below", PARAM_INT, offsetof(Tsio2022Params, si_score_below)},
    {"system_leader_days_max", PARAM_INT, offsetof(Tsio2022Params, system_leader_days_max)},
    {"day_rate", PARAM_INT, offsetof(Tsio2022Params, day_rate)},
    {"nlg_days", PARAM_INT, offsetof(Tsio2022Params, nlg_days)},
};
const size_t TSIO2022_N_PARAMS = sizeof TSIO2022_PARAMS / sizeof TSIO2022_PARAMS[0];

static int is_type(const EligGroup *g, const char *type)
{
    return g && g->type && strcasecmp(g->type, type) == 0;
}

static int academy_trust(const EligGroup *g)
{
    return is_type(g, GROUP_TYPE_MAT) || is_type(g, GROUP_TYPE_SAT);
}

/* Does a dated academy-trust membership of the school hold on d? */
static int dated_trust_on(const EligSchool *s, Date d)
{
    for (size_t i = 0; i < s->n_memberships; i++) {
        const EligMembership *m = s->memberships[i];
        if (m->dated && academy_trust(m->group) && elig_membership_holds(m, d))
            return 1;
    }
    return 0;
}

/* Memberships of g that hold on d; an undated one only when no dated
   academy-trust membership of the school holds on d (T2). */
static size_t members_on(const EligGroup *g, Date d)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_members; i++) {
        const EligMembership *m = &g->members[i];
        if (elig_membership_holds(m, d) && (m->dated || !m->school || !dated_trust_on(m->school, d)))
            n++;
    }
    return n;
}

/* The academy trust the school is in on d (T1, T2); *dated says how it was known. */
static const EligGroup *trust_on(const EligSchool *s, Date d, int *dated)
{
    const EligMembership *best = NULL;
    for (size_t i = 0; i < s->n_memberships; i++) {
        const EligMembership *m = s->memberships[i];
        if (!m->dated || !academy_trust(m->group) || !elig_membership_holds(m, d))
            continue;
        if (!best || m->joined > best->joined)
            best = m;
    }
    if (best) {
        *dated = 1;
        return best->group;
    }
    *dated = 0;
    for (size_t i = 0; i < s->n_memberships; i++) {
        const EligMembership *m = s->memberships[i];
        if (!m->dated && academy_trust(m->group) && elig_membership_holds(m, d))
            return m->group;
    }
    return NULL;
}

void tsio2022_school(const EligSchool *s, const Tsio2022Params *p, Date d, EligResult *r)
{
    elig_result_init(r, d);
    if (!elig_in_scope(s, d, r))
        return;
    char start[32], day[32]; /* the dates as the rule's sentences say them */
    date_long(p->year_start, start, sizeof start);
    date_long(d, day, sizeof day);

    int dated = 0;
    const EligGroup *t = trust_on(s, d, &dated);
    const char *kind;
    if (t && is_type(t, GROUP_TYPE_MAT)) {
        size_t n = members_on(t, d);
        if (n >= 2) {
            elig_set(r, ELIG_NONE, "tsio.school.in-mat",
                     "Not eligible as a standalone school: one of %zu schools of %s (UID %lld) on %s; the trust is"
                     " assessed as a MAT.",
                     n, t->name ? t->name : "a multi-academy trust", (long long)t->uid, day);
            if (!dated)
                elig_missing(r, "trust membership on %s not dated: used the trust the GIAS record names now", day);
            return;
        }
        kind = "the only school of its multi-academy trust";
    } else if (t) {
        kind = "a single-academy trust";
    } else if (elig_is_maintained(s)) {
        kind = "a local-authority-maintained school";
    } else if (elig_is_academy(s)) {
        kind = "an academy with no trust on record";
        elig_missing(r, "no academy trust recorded for this academy on %s: taken as standalone", day);
    } else {
        elig_set(r, ELIG_NONE, "tsio.school.not-standalone-kind",
                 "Not eligible: %s is neither local-authority-maintained nor an academy.",
                 s->type_name ? s->type_name : "the school");
        return;
    }
    if (t && !dated)
        elig_missing(r, "trust membership on %s not dated: used the trust the GIAS record names now", day);

    EligInspection *h;
    size_t n = elig_history(s, d, 0, &h);
    long ri = -1;
    for (size_t i = 0; i < n; i++)
        if (h[i].date >= p->year_start && h[i].grade == 3)
            ri = (long)i;
    if (ri >= 0) {
        elig_use(r, &h[ri], "requires improvement in the year");
        elig_set(r, ELIG_ELIGIBLE, "tsio.school.ri-in-year",
                 "Eligible: %s with a requires improvement judgement from %s to %s.", kind, start, day);
    } else {
        if (n > 0)
            elig_use(r, &h[n - 1], "latest");
        else
            elig_missing(r, "no graded inspection on record for URN %lld or its predecessors", (long long)s->urn);
        elig_set(r, ELIG_NONE, "tsio.school.no-ri-in-year",
                 "Not eligible: %s with no requires improvement judgement from %s to %s.", kind, start, day);
    }
    free(h);
}

static TrustInspection to_trust(const EligInspection *in)
{
    return (TrustInspection){.urn = in->urn, .date = in->date, .grade = in->grade, .category = in->category};
}

static EligInspection from_trust(const TrustInspection *in)
{
    return (EligInspection){.urn = in->urn, .date = in->date, .grade = in->grade, .category = in->category,
                            .safeguarding = -1};
}

void tsio2022_trust(const EligGroup *g, const Tsio2022Params *p, Date d, EligResult *r)
{
    elig_result_init(r, d);
    char census[32], by[32], day[32];
    date_long(p->mat_census, census, sizeof census);
    date_long(p->mat_joined_by, by, sizeof by);
    date_long(d, day, sizeof day);
    if (!is_type(g, GROUP_TYPE_MAT)) {
        elig_set(r, ELIG_NONE, "tsio.trust.not-mat", "Not assessed: %s is not a multi-academy trust.",
                 g->type ? g->type : "the group");
        return;
    }
    /* T5: schools in the trust on the census date that joined by the date three years earlier */
    size_t long_standing = 0, on_census = 0;
    for (size_t i = 0; i < g->n_members; i++) {
        const EligMembership *m = &g->members[i];
        if (!m->dated || !elig_membership_holds(m, p->mat_census))
            continue;
        on_census++;
        if (m->joined <= p->mat_joined_by)
            long_standing++;
    }
    elig_figure(r, "schools on census date", (long)on_census);
    elig_figure(r, "schools joined by three-year date", (long)long_standing);

    /* T6: the share and the SI score as at D, by domain/trust.c */
    TrustMember *tm = xcalloc(g->n_members ? g->n_members : 1, sizeof *tm);
    size_t total = 0;
    for (size_t i = 0; i < g->n_members; i++)
        total += g->members[i].school ? g->members[i].school->n_history : 0;
    TrustInspection *ti = xmalloc((total ? total : 1) * sizeof *ti);
    size_t k = 0;
    for (size_t i = 0; i < g->n_members; i++) {
        const EligMembership *m = &g->members[i];
        const EligSchool *s = m->school;
        TrustMember *t = &tm[i];
        t->urn = s ? s->urn : 0;
        t->name = s && s->name ? s->name : "";
        t->joined = m->dated ? m->joined : DATE_NONE;
        t->left = m->dated ? m->left : DATE_NONE;
        /* a school closed by D is no longer in the trust (elig_membership_holds) */
        if (s && s->closed != DATE_NONE && (t->left == DATE_NONE || s->closed < t->left))
            t->left = s->closed;
        /* an undated member (known from the school's record) that was not open
           on D, or that a dated membership of another academy trust holds on D,
           was not in this trust on D (T2) */
        if (!m->dated && (!elig_membership_holds(m, d) || (s && dated_trust_on(s, d))))
            t->joined = d + 1;
        t->inspections = ti + k;
        for (size_t j = 0; s && j < s->n_history; j++)
            if (!s->history[j].report_card)
                ti[k++] = to_trust(&s->history[j]);
        t->n_inspections = (size_t)(ti + k - t->inspections);
    }
    TrustResult tr;
    if (trust_assess(tm, g->n_members, d, &tr) != 0) {
        elig_set(r, ELIG_NONE, "tsio.trust.error", "Not assessed: out of memory.");
        free(tm);
        free(ti);
        return;
    }
    elig_figure(r, "schools on as-at date", (long)tr.members);
    elig_figure(r, "schools inspected since joining", (long)tr.inspected_since);
    elig_figure(r, "of which requires improvement or inadequate", (long)tr.ri_or_worse);
    elig_figure(r, "SI score", tr.si_score);
    elig_figure(r, "schools in SI score", (long)tr.si_counted);

    for (size_t i = 0; i < tr.n; i++) {
        const TrustSchoolWorking *w = &tr.schools[i];
        if (!w->member_on_date)
            continue;
        if (w->has_since) {
            EligInspection e = from_trust(&w->since);
            elig_use(r, &e, "latest since joining");
        }
        if (w->has_before && w->left_out == TRUST_COUNTED) {
            EligInspection e = from_trust(&w->before);
            elig_use(r, &e, "last before joining");
        }
        if (w->left_out != TRUST_COUNTED)
            elig_missing(r, "URN %lld%s%s%s: %s", (long long)w->member->urn, *w->member->name ? " (" : "",
                         w->member->name, *w->member->name ? ")" : "", trust_left_out_reason(w->left_out));
    }

    int share = tr.inspected_since > 0 &&
                (long)tr.ri_or_worse * 100 >= (long)p->mat_share_percent * (long)tr.inspected_since;
    int decline = tr.si_score < p->si_score_below;
    if (long_standing < (size_t)p->mat_min_schools) {
        elig_set(r, ELIG_NONE, "tsio.trust.too-few-long-standing",
                 "Not eligible: on %s the trust had %zu school%s that joined on or before %s (at least %d"
                 " needed).",
                 census, long_standing, long_standing == 1 ? "" : "s", by, p->mat_min_schools);
    } else if (share && decline) {
        elig_set(r, ELIG_ELIGIBLE, "tsio.trust.share-and-si-score",
                 "Eligible: %zu school%s joined by %s; %zu of %zu schools inspected since joining are requires"
                 " improvement or inadequate (at least %d%%), and the SI score is %d (below %d).",
                 long_standing, long_standing == 1 ? "" : "s", by, tr.ri_or_worse, tr.inspected_since,
                 p->mat_share_percent, tr.si_score, p->si_score_below);
    } else if (share) {
        elig_set(r, ELIG_ELIGIBLE, "tsio.trust.share",
                 "Eligible: %zu schools joined by %s; %zu of %zu schools inspected since joining are requires"
                 " improvement or inadequate (at least %d%%).",
                 long_standing, by, tr.ri_or_worse, tr.inspected_since, p->mat_share_percent);
    } else if (decline) {
        elig_set(r, ELIG_ELIGIBLE, "tsio.trust.si-score",
                 "Eligible: %zu schools joined by %s; the SI score is %d (below %d) over %zu school%s.",
                 long_standing, by, tr.si_score, p->si_score_below, tr.si_counted, tr.si_counted == 1 ? "" : "s");
    } else {
        elig_set(r, ELIG_NONE, "tsio.trust.criteria-not-met",
                 "Not eligible: %zu schools joined by %s, but %zu of %zu schools inspected since joining are"
                 " requires improvement or inadequate (under %d%%) and the SI score is %d (not below %d).",
                 long_standing, by, tr.ri_or_worse, tr.inspected_since, p->mat_share_percent, tr.si_score,
                 p->si_score_below);
    }
    trust_result_free(&tr);
    free(tm);
    free(ti);
}
