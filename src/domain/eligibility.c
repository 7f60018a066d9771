/*
 * eligibility.c - the definitions the three programmes share. See
 * eligibility.h.
 *
 * In scope (DOMAIN.md section 2): "an open state-funded school in England on
 * that date — GIAS establishment type group Academies, Free Schools, Local
 * authority maintained schools or Special schools; not Welsh; opened on or
 * before the date and not closed by it."
 *
 * Interpretations (each tested in tests/unit/test_si2019.c, "scope_*"):
 *  S1. The type groups are matched exactly as GIAS writes them. GIAS puts
 *      "Other independent special school" in the Special schools group; an
 *      independent school is not state-funded, so that one type is out of
 *      scope ("state-funded" in the brief's own words).
 *  S2. Welsh: the type group "Welsh schools", a GIAS region starting "Wales"
 *      ("Wales (pseudo)") or a Welsh local-authority code (660-681). The
 *      check comes first, so a Welsh special school says "Welsh".
 *  S3. "Opened on or before the date": an open date after D is out; a blank
 *      open date is an old school (GIAS leaves it blank for schools open
 *      before its records began). A school whose status is still "Proposed
 *      to open" has not opened, whatever its open date says, unless Ofsted's
 *      management information lists it as open: GIAS writes the planned date
 *      before the opening happens (the July 2025 file has academies
 *      "proposed to open" on 1 March and 1 April 2025 whose predecessors
 *      Ofsted still lists as open in August, and others of 1 February 2025
 *      that Ofsted lists in their predecessors' place).
 *  S4. "Not closed by it": GIAS's close date is the school's last day (of
 *      14,326 successor links in the July 2025 files, 13,424 open the
 *      successor the day after the predecessor's close date, 902 on it), so
 *      a close date before D is out and one on or after D is in.
 *      While the status is "Open, but proposed to close", the date is a
 *      plan: when Ofsted's management information lists the school as open
 *      after that date, the plan did not happen and the school is open (its
 *      close date not known). A school whose status is Closed but whose
 *      close date is blank cannot be shown to have been open on D: out, and
 *      the reason says so.
 *  S5. Replaced: a school with no close date whose successor opened on or
 *      before D (GIAS's link type exactly "Successor", or the school Ofsted
 *      files this school's inspections for; an open successor, S3) was
 *      replaced by it on that day, although GIAS has not recorded the
 *      closure yet: out, so that the school and its successor are not both
 *      counted. The July 2025 file has 267 such schools still "Open", and
 *      Ofsted's August 2025 file lists the successor of every one and only
 *      one of them (docs/decisions/0006-stuck-schools-reconciled.md).
 *
 * History (DOMAIN.md section 2): the school's graded inspections on or
 * before the date plus, recursively, its predecessors' (the loader follows
 * the links: store/eligibility_data.c). A graded inspection without a
 * headline grade (September 2024 on) counts as the grade DfE's rule gives it
 * (domain/inspections.h, E1-E5), and says so. "One inspection per school per date":
 * two entries with the same URN and date are one inspection (elig_history
 * keeps one: the one with a category of concern, else the worse grade).
 */
#include "domain/eligibility.h"

#include "core/buf.h"
#include "domain/grades.h"
#include "domain/inspections.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- report cards ------------------------------------------------------------ */

static const char *const RC_SCALE[5] = {"urgent improvement", "needs attention", "expected standard",
                                         "strong standard", "exceptional"};

int elig_rc_level(const char *t)
{
    if (!t)
        return RC_NONE;
    for (int i = 0; i < 5; i++)
        if (strcasecmp(t, RC_SCALE[i]) == 0)
            return i + 1;
    return RC_NONE;
}

const char *elig_rc_name(int level)
{
    return level >= 1 && level <= 5 ? RC_SCALE[level - 1] : "";
}

int elig_rc_area(const EligInspection *in, const char *area)
{
    for (size_t i = 0; i < in->n_areas; i++)
        if (in->areas[i].area && strcasecmp(in->areas[i].area, area) == 0)
            return in->areas[i].level;
    return RC_NONE;
}

/* --- schools ------------------------------------------------------------------ */

static int eq(const char *a, const char *b)
{
    return a && strcasecmp(a, b) == 0;
}

int elig_is_maintained(const EligSchool *s)
{
    return eq(s->type_group, "Local authority maintained schools") || eq(s->type_name, "Community special school") ||
           eq(s->type_name, "Foundation special school");
}

int elig_is_academy(const EligSchool *s)
{
    return eq(s->type_group, "Academies") || eq(s->type_group, "Free Schools");
}

int elig_membership_holds(const EligMembership *m, Date d)
{
    const EligSchool *s = m->school;
    if (s && s->closed != DATE_NONE && s->closed <= d)
        return 0;
    if (!m->dated)
        return !s || s->opened == DATE_NONE || s->opened <= d;
    if (m->joined == DATE_NONE || m->joined > d)
        return 0;
    return m->left == DATE_NONE || m->left > d;
}

/* --- parameters ------------------------------------------------------------- */

void elig_params_clear(const ParamSpec *spec, size_t n, void *params)
{
    for (size_t i = 0; i < n; i++) {
        char *p = (char *)params + spec[i].offset;
        if (spec[i].kind == PARAM_DATE)
            *(Date *)(void *)p = DATE_NONE;
        else
            *(int *)(void *)p = INT_MIN;
    }
}

/* yyyy-mm-dd exactly. */
static Date iso_date(const char *v)
{
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
        return DATE_NONE;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
            return DATE_NONE;
    return date_from_ymd(atoi(v), atoi(v + 5), atoi(v + 8));
}

int elig_param_set(const ParamSpec *spec, size_t n, void *params, const char *key, const char *value)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(spec[i].key, key) != 0)
            continue;
        char *p = (char *)params + spec[i].offset;
        if (!value)
            return -1;
        if (spec[i].kind == PARAM_DATE) {
            Date d = iso_date(value);
            if (d == DATE_NONE)
                return -1;
            *(Date *)(void *)p = d;
        } else {
            char *end;
            long v = strtol(value, &end, 10);
            if (end == value || *end || v <= INT_MIN || v > INT_MAX)
                return -1;
            *(int *)(void *)p = (int)v;
        }
        return 0;
    }
    return 1;
}

const char *elig_params_missing(const ParamSpec *spec, size_t n, const void *params)
{
    for (size_t i = 0; i < n; i++) {
        const char *p = (const char *)params + spec[i].offset;
        if (spec[i].kind == PARAM_DATE ? *(const Date *)(const void *)p == DATE_NONE
                                       : *(const int *)(const void *)p == INT_MIN)
            return spec[i].key;
    }
    return NULL;
}

/* --- results -------------------------------------------------------------------- */

const char *elig_outcome_name(EligOutcome o)
{
    switch (o) {
    case ELIG_NONE: return "none";
    case ELIG_TIER_1: return "tier-1";
    case ELIG_TIER_2: return "tier-2";
    case ELIG_TIER_3: return "tier-3";
    case ELIG_ELIGIBLE: return "eligible";
    case ELIG_UNIVERSAL: return "universal";
    case ELIG_TARGETED: return "targeted";
    case ELIG_INTERVENTION: return "intervention";
    }
    return "none";
}

void elig_result_init(EligResult *r, Date as_at)
{
    memset(r, 0, sizeof *r);
    r->as_at = as_at;
    r->rule = "";
}

void elig_result_free(EligResult *r)
{
    free(r->reason);
    free(r->used);
    for (size_t i = 0; i < r->n_missing; i++)
        free(r->missing[i]);
    free(r->missing);
    Date d = r->as_at;
    memset(r, 0, sizeof *r);
    r->as_at = d;
    r->rule = "";
}

void elig_set(EligResult *r, EligOutcome o, const char *rule, const char *fmt, ...)
{
    r->outcome = o;
    r->rule = rule;
    Buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(r->reason);
    r->reason = buf_take(&b);
}

void elig_use(EligResult *r, const EligInspection *in, const char *role)
{
    r->used = xrealloc(r->used, (r->n_used + 1) * sizeof *r->used);
    r->used[r->n_used].in = *in;
    r->used[r->n_used].role = role;
    r->n_used++;
}

void elig_missing(EligResult *r, const char *fmt, ...)
{
    Buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    r->missing = xrealloc(r->missing, (r->n_missing + 1) * sizeof *r->missing);
    r->missing[r->n_missing++] = buf_take(&b);
}

void elig_figure(EligResult *r, const char *name, long value)
{
    if (r->n_figures < ELIG_MAX_FIGURES)
        r->figures[r->n_figures++] = (EligFigure){name, value};
}

/* --- scope ------------------------------------------------------------------------ */

static int welsh(const EligSchool *s)
{
    if (eq(s->type_group, "Welsh schools"))
        return 1;
    if (s->region && strncasecmp(s->region, "Wales", 5) == 0)
        return 1;
    if (s->la_code && strlen(s->la_code) == 3) {
        int code = atoi(s->la_code);
        if (code >= 660 && code <= 681)
            return 1;
    }
    return 0;
}

int elig_in_scope(const EligSchool *s, Date d, EligResult *r)
{
    char day[11];
    date_iso(d, day);
    if (welsh(s)) {
        elig_set(r, ELIG_NONE, "scope.welsh", "Not in scope: a school in Wales (%s).",
                 s->region && *s->region ? s->region : s->type_group ? s->type_group : "Welsh local authority");
        return 0;
    }
    int group_ok = eq(s->type_group, "Academies") || eq(s->type_group, "Free Schools") ||
                   eq(s->type_group, "Local authority maintained schools") || eq(s->type_group, "Special schools");
    if (!group_ok || eq(s->type_name, "Other independent special school")) {
        elig_set(r, ELIG_NONE, "scope.type",
                 "Not in scope: %s is not a state-funded school type (academies, free schools, local authority"
                 " maintained schools and special schools are).",
                 s->type_name && *s->type_name ? s->type_name
                 : s->type_group && *s->type_group ? s->type_group
                                                   : "a school of unrecorded type");
        return 0;
    }
    if (s->opened != DATE_NONE && s->opened > d) {
        char o[11];
        date_iso(s->opened, o);
        elig_set(r, ELIG_NONE, "scope.not-open", "Not in scope: opened %s, after %s.", o, day);
        return 0;
    }
    if (eq(s->status, "Proposed to open") && !s->ofsted_lists) {
        elig_set(r, ELIG_NONE, "scope.not-open", "Not in scope: proposed to open%s; GIAS has not recorded it as"
                 " open.", s->opened == DATE_NONE ? ", with no open date" : "");
        return 0;
    }
    int plan_passed = eq(s->status, "Open, but proposed to close") && s->ofsted_lists && s->closed != DATE_NONE &&
                      s->closed <= s->ofsted_listed;
    if (s->closed != DATE_NONE && s->closed < d && !plan_passed) {
        char c[11];
        date_iso(s->closed, c);
        elig_set(r, ELIG_NONE, "scope.closed", "Not in scope: closed after %s, its last day, before %s.", c, day);
        return 0;
    }
    if (s->closed == DATE_NONE && eq(s->status, "Closed")) {
        elig_set(r, ELIG_NONE, "scope.closed", "Not in scope: closed, on a date GIAS does not record.");
        elig_missing(r, "close date not recorded");
        return 0;
    }
    if (s->closed == DATE_NONE && s->replaced_by > 0 && s->replaced != DATE_NONE && s->replaced <= d) {
        char o[11];
        date_iso(s->replaced, o);
        elig_set(r, ELIG_NONE, "scope.replaced",
                 "Not in scope: replaced by URN %lld, open from %s, on or before %s (GIAS has not recorded this"
                 " school's closure).", (long long)s->replaced_by, o, day);
        elig_missing(r, "close date not recorded, though the successor has opened");
        return 0;
    }
    return 1;
}

/* --- history ------------------------------------------------------------------------ */

/* Sort key: date, then a predecessor's before the school's own, then the
   better grade before the worse, then without a category before with one. */
static int after(const EligInspection *a, const EligInspection *b, int64_t own)
{
    if (a->date != b->date)
        return a->date > b->date;
    int ao = a->urn == own, bo = b->urn == own;
    if (ao != bo)
        return ao;
    if (a->urn != b->urn)
        return a->urn > b->urn;
    if (a->grade != b->grade)
        return a->grade > b->grade;
    return a->category && !b->category;
}

size_t elig_history_known(const EligSchool *s, Date upto, int with_report_cards, int by_publication,
                          EligInspection **out)
{
    *out = NULL;
    size_t n = 0;
    for (size_t i = 0; i < s->n_history; i++) {
        EligInspection in = s->history[i];
        if (in.date == DATE_NONE)
            continue;
        Date known = by_publication && in.published != DATE_NONE ? in.published : in.date;
        if (known > upto)
            continue;
        if (!in.report_card && in.no_headline && (in.grade < 1 || in.grade > 4)) {
            InspEquivalence why;
            in.grade = (signed char)insp_equivalent_grade(in.category, in.quality, in.leadership, &why);
            in.equivalence = (unsigned char)why;
        }
        if (in.report_card ? !with_report_cards : (in.grade < 1 || in.grade > 4))
            continue;
        if (!*out)
            *out = xmalloc(s->n_history * sizeof **out);
        /* insertion sort: histories are a handful of entries */
        size_t j = n++;
        while (j > 0 && after(&(*out)[j - 1], &in, s->urn)) {
            (*out)[j] = (*out)[j - 1];
            j--;
        }
        (*out)[j] = in;
    }
    /* one per school per date: keep the last of a run (the category, the worse grade) */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k > 0 && (*out)[k - 1].urn == (*out)[i].urn && (*out)[k - 1].date == (*out)[i].date)
            k--;
        (*out)[k++] = (*out)[i];
    }
    if (k == 0) {
        free(*out);
        *out = NULL;
    }
    return k;
}

size_t elig_history(const EligSchool *s, Date upto, int with_report_cards, EligInspection **out)
{
    return elig_history_known(s, upto, with_report_cards, 0, out);
}

/* "Requires improvement" for a sub-judgement's grade, "not recorded" for none. */
static const char *sub_grade(int g)
{
    return g >= 1 && g <= 4 ? grade_name(g) : "not recorded";
}

void elig_describe(const EligInspection *in, char *out, size_t outlen)
{
    char d[40];
    date_long(in->date, d, sizeof d);
    Buf b = BUF_INIT;
    if (!in->report_card && in->equivalence) {
        const InspEquivalenceRule *rule = insp_equivalence_rule((InspEquivalence)in->equivalence);
        buf_printf(&b, "%s: no headline grade", d);
        if (in->category)
            buf_printf(&b, ", %s", in->category);
        buf_printf(&b, "; quality of education %s, leadership and management %s: %s", sub_grade(in->quality),
                   sub_grade(in->leadership), rule ? rule->message : "");
    } else if (!in->report_card) {
        buf_printf(&b, "%s: %s", d, grade_name(in->grade));
        if (in->category)
            buf_printf(&b, ", %s", in->category);
    } else {
        buf_printf(&b, "%s, report card:", d);
        int lg = elig_rc_area(in, RC_LEADERSHIP);
        buf_printf(&b, " leadership and governance %s", lg ? elig_rc_name(lg) : "not recorded");
        for (size_t i = 0; i < in->n_areas; i++) {
            const EligArea *a = &in->areas[i];
            if (a->area && strcasecmp(a->area, RC_LEADERSHIP) != 0 && a->level == RC_URGENT_IMPROVEMENT)
                buf_printf(&b, ", %s %s", a->area, elig_rc_name(a->level));
        }
        buf_printf(&b, ", safeguarding %s", in->safeguarding == 1   ? "met"
                                            : in->safeguarding == 0 ? "not met"
                                                                    : "not recorded");
    }
    buf_printf(&b, " (URN %lld)", (long long)in->urn);
    snprintf(out, outlen, "%s", buf_str(&b));
    buf_free(&b);
}
