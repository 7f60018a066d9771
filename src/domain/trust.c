/*
 * trust.c - a trust's schools since they joined it. See trust.h.
 *
 * The rule, in the words of DOMAIN.md section 2 (TSIO 2022/23):
 *
 *   "at least half of its schools inspected since joining have a
 *    latest-since-joining grade of 3 or 4, or its SI score is below 0.
 *    SI score: for each school with a judgement both before and since
 *    joining, +1 if the latest since joining is better than the last before
 *    joining, -1 if worse, 0 if equal; summed. Schools without both are left
 *    out and listed."
 *
 * and in the seed (004, DfE's TSIO guidance): "the trust has as at least 50%
 * of its schools with a current Ofsted RI judgement or worse (only includes
 * schools that have been inspected since joining your trust)" and "there has
 * been an overall decline in Ofsted judgement for schools within your trust
 * (only includes the most recent inspections since the schools joined the
 * trust)".
 *
 * Interpretations made here (each has a unit test in tests/unit/test_trust.c):
 *
 *  1. "Since joining" includes the joining date itself: an inspection dated
 *     the day a school joined counts as since joining, not before. (A trust
 *     is answerable for a school from the day it is in the trust; GIAS dates
 *     a conversion and its trust membership the same day.) "Before joining"
 *     is strictly earlier than the joining date.
 *  2. A school's history includes its predecessors' inspections ("History",
 *     DOMAIN.md section 2: "so an academy keeps the record of the school it
 *     replaced"). An inspection is placed before or since joining by its date
 *     alone, whichever URN it belongs to; so a converter academy's "before"
 *     is normally the maintained school's last judgement.
 *  3. Only inspections on or before the as-at date count, and only graded
 *     judgements 1-4 ("Grades": 1 Outstanding ... 4 Inadequate; a category of
 *     concern is grade 4). "Better" is a lower grade number.
 *  4. "Current ... judgement received since joining" is the latest judgement
 *     dated on or after joining and on or before the as-at date; RI or worse
 *     is grade 3 or 4.
 *  5. The schools counted are those in the trust on the as-at date: joined on
 *     or before it and not left by it (a membership that ended on day L no
 *     longer holds on L: the school is in its next trust from that day).
 *     Others are listed with the reason and not counted.
 *  6. A school whose joining date is not recorded cannot be placed before or
 *     after joining: it is left out of both measures and listed.
 *  7. Two judgements on the same day (a school and its predecessor, or a
 *     duplicate) cannot both be "the latest": the school's own inspection is
 *     preferred, then the worse grade (the cautious reading).
 *  8. "Schools without both are left out and listed" with the reason: no
 *     graded inspection at all, none since joining, or none before joining.
 */
#include "domain/trust.h"

#include <stdlib.h>
#include <string.h>

const char *trust_left_out_reason(TrustLeftOut why)
{
    switch (why) {
    case TRUST_COUNTED: return "";
    case TRUST_JOINED_LATER: return "joined the trust after this date";
    case TRUST_HAD_LEFT: return "had left the trust by this date";
    case TRUST_NO_JOINED_DATE: return "date joined not recorded";
    case TRUST_NO_HISTORY: return "no graded inspection on record";
    case TRUST_NONE_SINCE_JOINING: return "no inspection since joining";
    case TRUST_NONE_BEFORE_JOINING: return "no inspection before joining";
    }
    return "";
}

Date trust_three_years_before(Date d)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    Date r = date_from_ymd(y - 3, m, day);
    if (r == DATE_NONE) /* 29 February */
        r = date_from_ymd(y - 3, m, day - 1);
    return r;
}

/* Is a a later choice than b for "the latest" (interpretation 7)? */
static int later(const TrustInspection *a, const TrustInspection *b, int64_t own)
{
    if (a->date != b->date)
        return a->date > b->date;
    int a_own = a->urn == own, b_own = b->urn == own;
    if (a_own != b_own)
        return a_own;
    return a->grade > b->grade;
}

static void assess_one(const TrustMember *m, Date as_at, TrustSchoolWorking *w)
{
    memset(w, 0, sizeof *w);
    w->member = m;
    if (m->joined == DATE_NONE) {
        /* membership on the date is unknown too; a current member (no left
           date) is taken to be in the trust */
        w->member_on_date = m->left == DATE_NONE || m->left > as_at;
        w->left_out = TRUST_NO_JOINED_DATE;
        return;
    }
    if (m->joined > as_at) {
        w->left_out = TRUST_JOINED_LATER;
        return;
    }
    if (m->left != DATE_NONE && m->left <= as_at) {
        w->left_out = TRUST_HAD_LEFT;
        return;
    }
    w->member_on_date = 1;
    int any = 0;
    for (size_t i = 0; i < m->n_inspections; i++) {
        const TrustInspection *in = &m->inspections[i];
        if (in->grade < 1 || in->grade > 4 || in->date == DATE_NONE || in->date > as_at)
            continue;
        any = 1;
        if (in->date >= m->joined) {
            if (!w->has_since || later(in, &w->since, m->urn)) {
                w->since = *in;
                w->has_since = 1;
            }
        } else if (!w->has_before || later(in, &w->before, m->urn)) {
            w->before = *in;
            w->has_before = 1;
        }
    }
    if (w->has_since) {
        w->in_share = 1;
        w->ri_or_worse = w->since.grade >= 3;
    }
    if (!any)
        w->left_out = TRUST_NO_HISTORY;
    else if (!w->has_since)
        w->left_out = TRUST_NONE_SINCE_JOINING;
    else if (!w->has_before)
        w->left_out = TRUST_NONE_BEFORE_JOINING;
    else {
        w->left_out = TRUST_COUNTED;
        w->contribution = w->since.grade < w->before.grade ? 1 : w->since.grade > w->before.grade ? -1 : 0;
    }
}

int trust_assess(const TrustMember *members, size_t n, Date as_at, TrustResult *out)
{
    memset(out, 0, sizeof *out);
    out->as_at = as_at;
    if (n == 0)
        return 0;
    out->schools = calloc(n, sizeof *out->schools);
    if (!out->schools)
        return -1;
    out->n = n;
    Date three_years = trust_three_years_before(as_at);
    for (size_t i = 0; i < n; i++) {
        TrustSchoolWorking *w = &out->schools[i];
        assess_one(&members[i], as_at, w);
        if (!w->member_on_date)
            continue;
        out->members++;
        if (members[i].joined != DATE_NONE && members[i].joined <= three_years)
            out->in_trust_3_years++;
        if (w->in_share) {
            out->inspected_since++;
            if (w->ri_or_worse)
                out->ri_or_worse++;
        }
        if (w->left_out != TRUST_COUNTED) {
            out->si_left_out++;
            continue;
        }
        out->si_counted++;
        out->si_score += w->contribution;
        if (w->contribution > 0)
            out->improved++;
        else if (w->contribution < 0)
            out->declined++;
        else
            out->unchanged++;
    }
    return 0;
}

void trust_result_free(TrustResult *r)
{
    free(r->schools);
    memset(r, 0, sizeof *r);
}
