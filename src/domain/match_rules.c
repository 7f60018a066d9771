/*
 * match_rules.c - who may be matched to a case (the hard rules, in a table
 * with the seed sentence each implements), how well they fit (the score, in
 * plain words) and the ranked suggestions. See matching.h.
 *
 * Pure: no I/O, no allocation. The seeds are the authority: seed 002
 * (School Improvement support 2019 to 2020, guidance for NLEs) sections 2,
 * 3 and 8, seed 004 (TSI 2022/23, "What is the matching process?") and
 * DOMAIN.md section 3 step 5.
 *
 * Interpretations (written here because the seeds leave them open):
 * - The hard rules are checked in a fixed order (inactive, kind, region,
 *   capacity, conflict, due diligence, refused) and the first that fails is
 *   the one reported, so a page shows one reason per provider.
 * - A rule's source is the seed sentence it implements, quoted verbatim;
 *   "" where no seed has one (taken off the register is the register's own
 *   housekeeping; due diligence is RISE's, DOMAIN.md section 3 step 5:
 *   "RISE adds due diligence on the organisation (capacity, check with the
 *   trust relationship manager or LA lead, vendor account)", and the
 *   financial check of DOMAIN.md section 7).
 * - Kind: a programme matches organisations when m->organisations is set or
 *   when it names no designations (matching.h: "0: organisations, not
 *   people"), and people holding one of m->designations.
 * - Region: a provider serves the case when its regions have the case's
 *   region or its local authorities name the case's one (a provider may
 *   serve a single authority across a regional border).
 * - Capacity: -1 in either figure means no capacity was given for the term
 *   and fails; otherwise one school place and the programme's days must be
 *   left after what is already held.
 * - Conflict: declared conflicts first, then the school's own school, its
 *   own trust, and its own local authority. A local authority is a provider
 *   that is not a person, has a local authority code and neither a URN nor
 *   a trust; its conflict is with its own maintained schools only, read as
 *   a school case (urn set) whose school is in no trust (trust_uid 0): an
 *   academy is not the authority's school. Only the own-trust conflict is
 *   lifted, and only for the provider the own-trust reason is recorded for.
 * - Due diligence (only where the programme asks for it): the four checks
 *   (capacity, relationship, financial, vendor account) must all be
 *   current; a vendor account is current once set up.
 * - Score: integer points, six parts adding to 100 (MATCH_SOFT_RULES).
 *   "Half" of an odd maximum rounds down (15 -> 7). Where something is not
 *   known (the school's needs, phase or location; a provider's phases or past
 *   cases) the part gets half its points and its words say so, so unknowns
 *   neither win nor lose a ranking on their own.
 * - Distance: whole miles (rounded) for the points and the words; far when
 *   the straight-line distance is over the case's travel_miles (45 when the
 *   case gives 0 or less, seed 002 section 8). Straight-line miles stand for
 *   the journey: the seeds speak of "longer than 1 hour or over 45 miles"
 *   and journey time is not known here.
 * - Load: the share of the provider's school places for the term still
 *   free after this match, so a provider with room to spare ranks above one
 *   this match would fill.
 * - Priority area: a provider names the case's local authority among the
 *   ones it serves (las), so it has committed to that area; a region-wide
 *   provider does not get the points. Outside a priority area every
 *   provider gets them, so the part never changes a ranking there.
 */
#include "domain/matching.h"

#include "domain/access.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- the tables ------------------------------------------------------------- */

const HardRuleInfo MATCH_HARD_RULES[HARD_COUNT] = {
    {HARD_OK, "ok", "", "Passes every rule."},
    /* the register's own housekeeping: no seed sentence */
    {HARD_INACTIVE, "inactive", "", "Taken off the register."},
    /* seed 002 section 2.3 */
    {HARD_KIND, "kind",
     "The regional Teaching Schools Council (TSC) representatives will be responsible for matching NLEs to "
     "schools that wish to take up the offer.",
     "Not the kind of provider this programme matches."},
    /* seed 004, "What is the matching process?" 1 */
    {HARD_REGION, "region",
     "The DfE regional team and the RDP will match an eligible school/trust with a suitable system leader.",
     "Does not serve the school's region or local authority."},
    /* seed 002 section 2.4 */
    {HARD_CAPACITY, "capacity",
     "TSC will use the information provided in the capacity survey to inform the matching process and will "
     "contact you to agree the match is suitable before making an offer to schools.",
     "No capacity left in the term."},
    /* seed 002 section 2.5 */
    {HARD_CONFLICT, "conflict",
     "You will only be deployed within your own trust where it is clear that this would be the most effective "
     "form of support.",
     "A conflict of interest: a declared conflict, or the school's own school, trust or local authority."},
    /* RISE's due diligence (DOMAIN.md section 3 step 5): no seed sentence.
       Interpretation: in RISE due diligence is a step after the preferred
       organisation is chosen ("the preferred organisation -> due
       diligence -> the appointment"), so a check not done, out of date or
       a vendor account still being set up is done in that step (the
       due-diligence task refuses to complete until all four are current);
       only a provider with a check that failed is not suggested. */
    {HARD_DUE_DILIGENCE, "due-diligence", "", "A due-diligence check on it has failed."},
    /* seed 004, "What is the matching process?" 3 */
    {HARD_REFUSED, "refused",
     "If the school does not agree with the choice of system leader offered, the matching team will let you know.",
     "Declined this case, or the school did not agree to them."},
};

const SoftRuleInfo MATCH_SOFT_RULES[SOFT_COUNT] = {
    /* seed 002 section 1.5 */
    {SOFT_EXPERTISE, "Expertise", 40,
     "Support and recommended improvements should link to findings within the latest Ofsted report."},
    /* seed 002 section 2.4 */
    {SOFT_PHASE, "Phase", 15,
     "TSC will make a judgement about the most appropriate NLE, taking capacity, experience and expertise into "
     "account."},
    /* seed 002 section 8.1 */
    {SOFT_DISTANCE, "Distance", 15,
     "You will be paid \xc2\xa3" "500 per day (or \xc2\xa3" "600 per day where you are required to travel longer "
     "than 1 hour or over 45 miles) for each day you have been deployed, up to a maximum of 3 days, per "
     "supported school."},
    /* seed 002 section 2.4 */
    {SOFT_LOAD, "Capacity left", 10,
     "TSC will make a judgement about the most appropriate NLE, taking capacity, experience and expertise into "
     "account."},
    /* seed 002 section 6.10 */
    {SOFT_OUTCOMES, "Past outcomes", 10,
     "Where a relevant national programme is not available, or exceptionally, does not meet the school's needs, "
     "you should instead identify well-evidenced programmes from other providers with a proven track-record to "
     "provide the service."},
    /* seed 004, "What is the matching process?" 1 */
    {SOFT_PRIORITY, "Priority area", 10,
     "It is important that matching considers the capacity, experience, and expertise of system leaders as well "
     "as regional strategic priorities such as area-based statements of requirements in Education Investment "
     "Areas, to make an appropriate match."},
};

enum { DEFAULT_TRAVEL_MILES = 45 }; /* seed 002 section 8.1: "over 45 miles" */

/* ---- words ------------------------------------------------------------------- */

/* A sentence built a piece at a time; over is set when it did not fit. */
typedef struct Words {
    char *s;
    size_t len, cap;
    int over;
} Words;

/* Set while match_score_total runs: the sentences are not written. */
static _Thread_local int quiet;

static Words words_in(char *s, size_t cap)
{
    if (quiet)
        cap = 0;
    if (cap)
        s[0] = '\0';
    return (Words){s, 0, cap, cap == 0};
}

__attribute__((format(printf, 2, 3))) static void put(Words *w, const char *fmt, ...)
{
    if (w->over)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(w->s + w->len, w->cap - w->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= w->cap - w->len) {
        w->over = 1;
        return;
    }
    w->len += (size_t)n;
}

/* A label as it reads mid-sentence: "Leadership and governance" ->
   "leadership and governance", but "SEND" stays. */
static void put_label(Words *w, const char *label)
{
    if (!label[0] || (label[1] >= 'A' && label[1] <= 'Z')) {
        put(w, "%s", label);
        return;
    }
    char first = label[0] >= 'A' && label[0] <= 'Z' ? (char)(label[0] - 'A' + 'a') : label[0];
    put(w, "%c%s", first, label + 1);
}

/* The labels of mask, mid-sentence, joined by ", ", or by last (" and ",
   " or ") before the last one when last is not NULL. */
static void put_list(Words *w, const MatchArea *list, size_t n, uint32_t mask, const char *last)
{
    size_t total = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        total += (mask >> i) & 1u;
    for (size_t i = 0; i < n; i++) {
        if (!(mask & (1u << i)))
            continue;
        if (k++)
            put(w, "%s", last && k == total ? last : ", ");
        put_label(w, list[i].label);
    }
}

static int popcount32(uint32_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

static const char *name_of(const Candidate *c)
{
    return c->name && c->name[0] ? c->name : "This provider";
}

static int region_index(const char *region)
{
    for (int i = 0; region && i < 9; i++)
        if (strcmp(REGIONS[i], region) == 0)
            return i;
    return -1;
}

static int has_str(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; s && s[0] && i < n; i++)
        if (list[i] && strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static int has_id(const int64_t *list, size_t n, int64_t id)
{
    for (size_t i = 0; id && i < n; i++)
        if (list[i] == id)
            return 1;
    return 0;
}

/* ---- the hard rules ------------------------------------------------------------ */

ConflictKind match_conflict(const Candidate *c, const MatchCase *m)
{
    if (has_id(c->conflict_urns, c->n_conflict_urns, m->urn) ||
        has_id(c->conflict_trusts, c->n_conflict_trusts, m->trust_uid) ||
        has_str(c->conflict_las, c->n_conflict_las, m->la_code))
        return CONFLICT_DECLARED;
    if (c->urn && c->urn == m->urn)
        return CONFLICT_OWN_SCHOOL;
    if (c->trust_uid && c->trust_uid == m->trust_uid)
        return CONFLICT_OWN_TRUST;
    int is_la = !c->is_person && c->la_code && c->la_code[0] && !c->urn && !c->trust_uid;
    int maintained = m->urn && !m->trust_uid;
    if (is_la && maintained && m->la_code && strcmp(c->la_code, m->la_code) == 0)
        return CONFLICT_OWN_LA;
    return CONFLICT_NONE;
}

static int kind_ok(const Candidate *c, const MatchCase *m)
{
    if (c->is_person)
        return (c->designations & m->designations) != 0;
    return m->organisations || m->designations == 0;
}

static void kind_detail(const Candidate *c, const MatchCase *m, Words *w)
{
    if (c->is_person) {
        put(w, "%s is a person", name_of(c));
        if (c->designations) {
            put(w, " (");
            put_list(w, MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, c->designations, " and ");
            put(w, ")");
        }
        if (m->designations) {
            put(w, "; this programme matches a ");
            put_list(w, MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, m->designations, " or ");
            put(w, "%s.", m->organisations ? ", or an organisation" : "");
        } else
            put(w, "; this programme matches organisations, not people.");
    } else {
        put(w, "%s is an organisation; this programme matches people (", name_of(c));
        put_list(w, MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, m->designations, " or ");
        put(w, "), not organisations.");
    }
}

static int region_ok(const Candidate *c, const MatchCase *m)
{
    int r = region_index(m->region);
    if (r >= 0 && (c->regions & (1u << r)))
        return 1;
    return has_str(c->las, c->n_las, m->la_code);
}

static void region_detail(const Candidate *c, const MatchCase *m, Words *w)
{
    put(w, "%s serves ", name_of(c));
    uint32_t regions = c->regions & 0x1ffu;
    if (!regions)
        put(w, "no region");
    for (int i = 0, k = 0, total = popcount32(regions); i < 9; i++)
        if (regions & (1u << i)) {
            k++;
            put(w, "%s%s", k == 1 ? "" : k == total ? " and " : ", ", REGIONS[i]);
        }
    put(w, ", not %s", m->region && m->region[0] ? m->region : "the school's region");
    if (m->la_code && m->la_code[0])
        put(w, ", and does not name local authority %s", m->la_code);
    put(w, ".");
}

static int capacity_ok(const Candidate *c, const MatchCase *m)
{
    if (c->schools_capacity < 0 || c->days_capacity < 0)
        return 0;
    return c->schools_capacity - c->schools_held >= 1 && c->days_capacity - c->days_held >= m->days;
}

static void capacity_detail(const Candidate *c, const MatchCase *m, Words *w)
{
    if (c->schools_capacity < 0 || c->days_capacity < 0) {
        put(w, "No capacity has been given for the term by %s.", name_of(c));
        return;
    }
    int schools = c->schools_capacity - c->schools_held, days = c->days_capacity - c->days_held;
    put(w, "%s has %d of %d school place%s and %d of %d day%s left in the term", name_of(c), schools < 0 ? 0 : schools,
        c->schools_capacity, c->schools_capacity == 1 ? "" : "s", days < 0 ? 0 : days, c->days_capacity,
        c->days_capacity == 1 ? "" : "s");
    put(w, "; a match needs one place and %d day%s.", m->days, m->days == 1 ? "" : "s");
}

static void conflict_detail(const Candidate *c, const MatchCase *m, ConflictKind k, Words *w)
{
    switch (k) {
    case CONFLICT_DECLARED:
        put(w, "%s has declared a conflict of interest with the school, its trust or its local authority.", name_of(c));
        break;
    case CONFLICT_OWN_SCHOOL:
        put(w, "%s is the school itself.", name_of(c));
        break;
    case CONFLICT_OWN_TRUST:
        put(w, "The school is in %s's own trust, and no reason is recorded that this is the most effective support.",
            name_of(c));
        break;
    case CONFLICT_OWN_LA:
        put(w, "The school is maintained by %s, its own local authority (%s).", name_of(c), c->la_code);
        break;
    case CONFLICT_NONE:
        break;
    }
}

static const char *const CHECK_NAMES[4] = {"capacity check", "relationship check", "financial check",
                                           "vendor account"};

static const char *check_state_words(int check, CheckState s)
{
    if (check == 3) /* the vendor account: set up or not */
        return s == CHECK_PENDING ? "being set up" : s == CHECK_FAILED ? "refused" : "not set up";
    switch (s) {
    case CHECK_MISSING:
        return "not done";
    case CHECK_EXPIRED:
        return "out of date";
    case CHECK_FAILED:
        return "failed";
    case CHECK_PENDING:
        return "in progress";
    case CHECK_CURRENT:
        break;
    }
    return "current";
}

static void due_diligence_detail(const Candidate *c, Words *w)
{
    put(w, "Due diligence on %s has failed: ", name_of(c));
    for (int i = 0, k = 0; i < 4; i++)
        if (c->checks[i] == CHECK_FAILED)
            put(w, "%s%s %s", k++ ? "; " : "", CHECK_NAMES[i], check_state_words(i, c->checks[i]));
    put(w, ".");
}

HardRule match_hard(const Candidate *c, const MatchCase *m, char *detail, size_t detaillen)
{
    char scratch[1];
    Words w = detail ? words_in(detail, detaillen) : words_in(scratch, 0);
    if (!c->active) {
        put(&w, "%s has been taken off the register.", name_of(c));
        return HARD_INACTIVE;
    }
    if (!kind_ok(c, m)) {
        kind_detail(c, m, &w);
        return HARD_KIND;
    }
    if (!region_ok(c, m)) {
        region_detail(c, m, &w);
        return HARD_REGION;
    }
    if (!capacity_ok(c, m)) {
        capacity_detail(c, m, &w);
        return HARD_CAPACITY;
    }
    ConflictKind k = match_conflict(c, m);
    if (k == CONFLICT_OWN_TRUST && m->own_trust_reason_for && m->own_trust_reason_for == c->id)
        k = CONFLICT_NONE;
    if (k != CONFLICT_NONE) {
        conflict_detail(c, m, k, &w);
        return HARD_CONFLICT;
    }
    if (m->needs_due_diligence)
        for (int i = 0; i < 4; i++)
            if (c->checks[i] == CHECK_FAILED) {
                due_diligence_detail(c, &w);
                return HARD_DUE_DILIGENCE;
            }
    if (has_id(m->refused, m->n_refused, c->id)) {
        put(&w, "%s declined this case, or the school did not agree to them; they are not asked again.", name_of(c));
        return HARD_REFUSED;
    }
    return HARD_OK;
}

/* ---- the score ----------------------------------------------------------------- */

double match_miles(int32_t e1, int32_t n1, int32_t e2, int32_t n2)
{
    double de = (double)e1 - (double)e2, dn = (double)n1 - (double)n2;
    return sqrt(de * de + dn * dn) / 1609.344;
}

static void part_half(ScorePart *p, const char *why)
{
    p->points = p->max / 2;
    Words w = words_in(p->words, sizeof p->words);
    put(&w, "%s, so half the points.", why);
}

/* "Covers 2 of the school's 3 weakest areas: a, b; not c." */
static void score_expertise(const Candidate *c, const MatchCase *m, ScorePart *p)
{
    uint32_t needs = m->needs, got = needs & c->expertise, miss = needs & ~c->expertise;
    int total = popcount32(needs), covered = popcount32(got);
    if (!total) {
        part_half(p, "The school's weakest areas are not known from its latest inspection");
        return;
    }
    p->points = p->max * covered / total;
    const MatchArea *L = MATCH_EXPERTISE;
    size_t n = MATCH_N_EXPERTISE;
    Words w = words_in(p->words, sizeof p->words);
    if (total == 1) {
        put(&w, covered ? "Covers the school's weakest area: " : "Does not cover the school's weakest area: ");
        put_list(&w, L, n, needs, NULL);
        put(&w, ".");
        return;
    }
    for (int full = 1; full >= 0; full--) {
        w = words_in(p->words, sizeof p->words);
        if (covered == total)
            put(&w, "Covers all %d of the school's weakest areas", total);
        else if (!covered)
            put(&w, "Covers none of the school's %d weakest areas", total);
        else
            put(&w, "Covers %d of the school's %d weakest areas", covered, total);
        if (!full) { /* the areas did not fit: the counts only */
            put(&w, ".");
            return;
        }
        if (covered) {
            put(&w, ": ");
            put_list(&w, L, n, got, NULL);
        }
        if (!covered) {
            put(&w, " (");
            put_list(&w, L, n, miss, NULL);
            put(&w, ")");
        } else if (covered < total) {
            put(&w, "; not ");
            put_list(&w, L, n, miss, NULL);
        }
        put(&w, ".");
        if (!w.over)
            return;
    }
}

static void score_phase(const Candidate *c, const MatchCase *m, ScorePart *p)
{
    if (!m->phase) {
        part_half(p, "The school's phase is not known");
        return;
    }
    if (!c->phases) {
        part_half(p, "The provider has not said which phases it works with");
        return;
    }
    Words w = words_in(p->words, sizeof p->words);
    if (c->phases & m->phase) {
        p->points = p->max;
        put(&w, "Works with ");
        put_list(&w, MATCH_PHASES, MATCH_N_PHASES, m->phase, " and ");
        put(&w, " schools, the school's phase.");
    } else {
        p->points = 0;
        put(&w, "Does not work with ");
        put_list(&w, MATCH_PHASES, MATCH_N_PHASES, m->phase, " and ");
        put(&w, " schools (works with ");
        put_list(&w, MATCH_PHASES, MATCH_N_PHASES, c->phases, " and ");
        put(&w, ").");
    }
}

static void score_distance(const Candidate *c, const MatchCase *m, ScorePart *p, int *miles_out, int *far_out)
{
    *miles_out = -1;
    *far_out = 0;
    if (!m->has_location || !c->has_location) {
        part_half(p, !m->has_location && !c->has_location ? "Distance unknown: neither the school nor the provider has "
                                                            "a location"
                     : !m->has_location ? "Distance unknown: the school has no location"
                                        : "Distance unknown: the provider has no location");
        return;
    }
    int travel = m->travel_miles > 0 ? m->travel_miles : DEFAULT_TRAVEL_MILES;
    double exact = match_miles(c->easting, c->northing, m->easting, m->northing);
    int miles = exact >= 1e6 ? 1000000 : (int)lround(exact);
    *miles_out = miles;
    *far_out = exact > travel;
    p->points = miles >= 2 * travel ? 0 : p->max * (2 * travel - miles) / (2 * travel);
    Words w = words_in(p->words, sizeof p->words);
    if (miles == 0)
        put(&w, "Less than a mile from the school");
    else
        put(&w, "%d mile%s from the school", miles, miles == 1 ? "" : "s");
    if (*far_out)
        put(&w, ": far, %s %d miles.", miles > travel ? "over" : "just over", travel);
    else
        put(&w, ", within %d miles.", travel);
}

static void score_load(const Candidate *c, ScorePart *p)
{
    Words w = words_in(p->words, sizeof p->words);
    if (c->schools_capacity <= 0) {
        p->points = 0;
        put(&w, "No school places given for the term.");
        return;
    }
    int left = c->schools_capacity - c->schools_held - 1;
    if (left < 0)
        left = 0;
    if (left > c->schools_capacity)
        left = c->schools_capacity;
    p->points = p->max * left / c->schools_capacity;
    if (!left)
        put(&w, "This match would take its last school place for the term (of %d).", c->schools_capacity);
    else
        put(&w, "Would have %d of its %d school places for the term left after this match.", left,
            c->schools_capacity);
}

static void score_outcomes(const Candidate *c, ScorePart *p)
{
    int done = c->past_completed > 0 ? c->past_completed : 0, other = c->past_other > 0 ? c->past_other : 0;
    if (!done && !other) {
        part_half(p, "No past cases yet");
        return;
    }
    p->points = (int)((int64_t)p->max * done / (done + other));
    Words w = words_in(p->words, sizeof p->words);
    put(&w, "Support completed in %d of its %d past case%s.", done, done + other, done + other == 1 ? "" : "s");
}

static void score_priority(const Candidate *c, const MatchCase *m, ScorePart *p)
{
    Words w = words_in(p->words, sizeof p->words);
    if (!m->priority_area) {
        p->points = p->max;
        put(&w, "The school is not in a priority area, so every provider gets these points.");
    } else if (has_str(c->las, c->n_las, m->la_code)) {
        p->points = p->max;
        put(&w, "The school is in a priority area (an Education Investment Area), and this provider names its local "
                "authority (%s) among those it serves.", m->la_code);
    } else {
        p->points = 0;
        put(&w, "The school is in a priority area (an Education Investment Area), and this provider does not name "
                "its local authority among those it serves.");
    }
}

void match_score(const Candidate *c, const MatchCase *m, MatchScore *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < SOFT_COUNT; i++)
        out->parts[i].max = MATCH_SOFT_RULES[i].max;
    score_expertise(c, m, &out->parts[SOFT_EXPERTISE]);
    score_phase(c, m, &out->parts[SOFT_PHASE]);
    score_distance(c, m, &out->parts[SOFT_DISTANCE], &out->miles, &out->far);
    score_load(c, &out->parts[SOFT_LOAD]);
    score_outcomes(c, &out->parts[SOFT_OUTCOMES]);
    score_priority(c, m, &out->parts[SOFT_PRIORITY]);
    for (int i = 0; i < SOFT_COUNT; i++) {
        ScorePart *p = &out->parts[i];
        if (p->points < 0)
            p->points = 0;
        if (p->points > p->max)
            p->points = p->max;
        out->total += p->points;
    }
}

int match_score_total(const Candidate *c, const MatchCase *m)
{
    MatchScore sc;
    quiet = 1;
    match_score(c, m, &sc);
    quiet = 0;
    return sc.total;
}

/* ---- suggestions ---------------------------------------------------------------- */

/* <0 when a ranks before b: passing ones by score, miles (unknown last) and
   name; failing ones by rule and name; the index last, so the order is total. */
static int rank_cmp(const Suggestion *a, const Suggestion *b, const Candidate *c)
{
    if ((a->failed == HARD_OK) != (b->failed == HARD_OK))
        return a->failed == HARD_OK ? -1 : 1;
    if (a->failed == HARD_OK) {
        if (a->score.total != b->score.total)
            return a->score.total > b->score.total ? -1 : 1;
        int ma = a->score.miles < 0 ? 0x7fffffff : a->score.miles, mb = b->score.miles < 0 ? 0x7fffffff : b->score.miles;
        if (ma != mb)
            return ma < mb ? -1 : 1;
    } else if (a->failed != b->failed)
        return a->failed < b->failed ? -1 : 1;
    const char *na = c[a->index].name ? c[a->index].name : "", *nb = c[b->index].name ? c[b->index].name : "";
    int s = strcmp(na, nb);
    if (s)
        return s;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void sift_down(Suggestion *v, size_t root, size_t n, const Candidate *c)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && rank_cmp(&v[child], &v[child + 1], c) < 0)
            child++;
        if (rank_cmp(&v[root], &v[child], c) >= 0)
            return;
        Suggestion t = v[root];
        v[root] = v[child];
        v[child] = t;
        root = child;
    }
}

size_t match_suggest(const Candidate *c, size_t n, const MatchCase *m, Suggestion *out)
{
    size_t passing = 0;
    for (size_t i = 0; i < n; i++) {
        out[i].index = i;
        out[i].failed = match_hard(&c[i], m, NULL, 0);
        match_score(&c[i], m, &out[i].score);
        passing += out[i].failed == HARD_OK;
    }
    /* heap sort: no allocation, and rank_cmp needs the candidates */
    for (size_t i = n / 2; i-- > 0;)
        sift_down(out, i, n, c);
    for (size_t end = n; end > 1; end--) {
        Suggestion t = out[0];
        out[0] = out[end - 1];
        out[end - 1] = t;
        sift_down(out, 0, end - 1, c);
    }
    return passing;
}
