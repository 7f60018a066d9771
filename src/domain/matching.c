/*
 * matching.c - the register's lists, terms, and what a school needs. The
 * hard rules, the score and the batch assignment are in match_rules.c and
 * match_batch.c. See matching.h.
 *
 * Interpretations (issue 12; written here because the seeds leave them open):
 * - Expertise is one list: the report-card areas (DOMAIN.md section 5) and
 *   the RAF's improvement areas (seed 002 section 6.3: "group 1 includes
 *   leadership, governance and financial management; and group 2 includes
 *   whole school (curriculum or pedagogy), subject specific (curriculum or
 *   pedagogy), SEND, assessment, behaviour and workload"). Where the two
 *   name the same thing they are one area: leadership and governance;
 *   curriculum and teaching (whole-school curriculum or pedagogy); attendance
 *   and behaviour (behaviour); inclusion (which covers SEND in report cards,
 *   so SEND is kept apart only as the RAF's own area).
 * - A school's needs come from its latest inspection: under the old
 *   framework each key judgement graded 3 or 4 (quality of education ->
 *   curriculum and teaching, behaviour and attitudes -> attendance and
 *   behaviour, personal development -> personal development, leadership and
 *   management -> leadership and governance, early years, sixth form ->
 *   post-16), and safeguarding "not effective"; in a report card each area
 *   graded "needs attention" or "urgent improvement", and safeguarding "not
 *   met". A graded 3 or 4, or a category of concern, with no
 *   sub-judgements needs leadership and governance (seed 002 section 6.4:
 *   "All forms must address Ofsted's findings in relation to the school's
 *   leadership").
 * - Terms: autumn runs from 1 September to 31 December, spring from
 *   1 January to 31 March and summer from 1 April to 31 August. Schools set
 *   their own term dates; these bounds only say which term's capacity a
 *   match takes.
 */
#include "domain/matching.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <strings.h>
#include <string.h>

const MatchArea MATCH_EXPERTISE[] = {
    {"leadership-governance", "Leadership and governance"},
    {"curriculum-teaching", "Curriculum and teaching"},
    {"achievement", "Achievement"},
    {"attendance-behaviour", "Attendance and behaviour"},
    {"personal-development", "Personal development and well-being"},
    {"inclusion", "Inclusion"},
    {"early-years", "Early years"},
    {"post-16", "Post-16"},
    {"safeguarding", "Safeguarding"},
    {"financial-management", "Financial management"},
    {"subject-specific", "Subject-specific curriculum or pedagogy"},
    {"send", "SEND"},
    {"assessment", "Assessment"},
    {"workload", "Workload"},
};
const size_t MATCH_N_EXPERTISE = sizeof MATCH_EXPERTISE / sizeof MATCH_EXPERTISE[0];

const MatchArea MATCH_PHASES[] = {
    {"nursery", "Nursery"},   {"primary", "Primary"}, {"secondary", "Secondary"},
    {"all-through", "All-through"}, {"special", "Special"}, {"post-16", "Post-16"},
    {"ap", "Alternative provision"},
};
const size_t MATCH_N_PHASES = sizeof MATCH_PHASES / sizeof MATCH_PHASES[0];

const MatchArea MATCH_ORG_TYPES[] = {
    {"trust", "Academy trust"},
    {"school", "School"},
    {"la", "Local authority"},
    {"la-traded", "Local authority traded service"},
    {"federation", "Federation"},
    {"hub", "Teaching school hub"},
    {"other", "Other organisation"},
    {"person", "A person (system leader)"},
};
const size_t MATCH_N_ORG_TYPES = sizeof MATCH_ORG_TYPES / sizeof MATCH_ORG_TYPES[0];

const MatchArea MATCH_DESIGNATIONS[] = {
    {"nle", "National leader of education"},
    {"system-leader", "System leader"},
    {"nlg", "National leader of governance"},
    {"rise-adviser", "RISE adviser"},
};
const size_t MATCH_N_DESIGNATIONS = sizeof MATCH_DESIGNATIONS / sizeof MATCH_DESIGNATIONS[0];

const char *match_label(const MatchArea *list, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(list[i].code, code) == 0)
            return list[i].label;
    return NULL;
}

int match_same_word(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

int match_list_next(const char **p, const char **item, size_t *len)
{
    const char *q = *p ? *p : "";
    for (;;) {
        while (*q == ' ' || *q == '\t')
            q++;
        if (!*q) {
            *p = q;
            return 0;
        }
        const char *start = q;
        while (*q && *q != ',' && *q != ';')
            q++;
        const char *end = q;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (*q)
            q++;
        if (end > start) {
            *p = q;
            *item = start;
            *len = (size_t)(end - start);
            return 1;
        }
    }
}

int match_mask_parse(const MatchArea *list, size_t n, const char *s, uint32_t *mask, const char **bad,
                     size_t *badlen)
{
    uint32_t m = 0;
    const char *p = s, *item;
    size_t len;
    while (match_list_next(&p, &item, &len)) {
        size_t i;
        for (i = 0; i < n; i++)
            if (match_same_word(item, len, list[i].code) || match_same_word(item, len, list[i].label))
                break;
        if (i == n) {
            if (bad)
                *bad = item;
            if (badlen)
                *badlen = len;
            return -1;
        }
        m |= 1u << i;
    }
    *mask = m;
    return 0;
}

void match_mask_codes(const MatchArea *list, size_t n, uint32_t mask, char *out, size_t outlen)
{
    size_t used = 0;
    if (outlen)
        out[0] = '\0';
    for (size_t i = 0; i < n && used < outlen; i++)
        if (mask & (1u << i)) {
            int w = snprintf(out + used, outlen - used, "%s%s", used ? "," : "", list[i].code);
            if (w < 0)
                return;
            used += (size_t)w;
        }
}

void match_mask_words(const MatchArea *list, size_t n, uint32_t mask, char *out, size_t outlen)
{
    size_t count = 0, total = 0, used = 0;
    for (size_t i = 0; i < n; i++)
        if (mask & (1u << i))
            total++;
    if (outlen)
        out[0] = '\0';
    if (!total) {
        snprintf(out, outlen, "none");
        return;
    }
    for (size_t i = 0; i < n && used < outlen; i++) {
        if (!(mask & (1u << i)))
            continue;
        count++;
        const char *sep = count == 1 ? "" : count == total ? " and " : ", ";
        char first[128];
        snprintf(first, sizeof first, "%s", list[i].label);
        if (count > 1 && first[0] && !(first[1] >= 'A' && first[1] <= 'Z'))
            first[0] = (char)tolower((unsigned char)first[0]); /* "Primary and secondary", but "SEND" stays */
        int w = snprintf(out + used, outlen - used, "%s%s", sep, first);
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

static uint32_t bit_of(const MatchArea *list, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].code, code) == 0)
            return 1u << i;
    return 0;
}

uint32_t match_school_phase(const char *phase, const char *type_group, const char *type_name)
{
    if (type_name && (strstr(type_name, "Pupil referral") || strstr(type_name, "alternative provision")))
        return bit_of(MATCH_PHASES, MATCH_N_PHASES, "ap");
    if (type_group && strcmp(type_group, "Special schools") == 0)
        return bit_of(MATCH_PHASES, MATCH_N_PHASES, "special");
    if (type_name && strstr(type_name, "special"))
        return bit_of(MATCH_PHASES, MATCH_N_PHASES, "special");
    if (!phase)
        return 0;
    if (strcmp(phase, "Primary") == 0 || strcmp(phase, "Middle deemed primary") == 0)
        return bit_of(MATCH_PHASES, MATCH_N_PHASES, "primary");
    if (strcmp(phase, "Secondary") == 0 || strcmp(phase, "Middle deemed secondary") == 0)
        return bit_of(MATCH_PHASES, MATCH_N_PHASES, "secondary");
    if (strcmp(phase, "All-through") == 0)
        return bit_of(MATCH_PHASES, MATCH_N_PHASES, "all-through");
    if (strcmp(phase, "Nursery") == 0)
        return bit_of(MATCH_PHASES, MATCH_N_PHASES, "nursery");
    if (strcmp(phase, "16 plus") == 0)
        return bit_of(MATCH_PHASES, MATCH_N_PHASES, "post-16");
    return 0;
}

/* Old framework key judgements and report-card areas, to expertise codes. */
static const struct {
    const char *judgement, *area;
} NEEDS[] = {
    {"quality of education", "curriculum-teaching"},
    {"behaviour and attitudes", "attendance-behaviour"},
    {"personal development", "personal-development"},
    {"leadership and management", "leadership-governance"},
    {"early years", "early-years"},
    {"sixth form", "post-16"},
    {"sixth form provision", "post-16"},
    {"inclusion", "inclusion"},
    {"curriculum and teaching", "curriculum-teaching"},
    {"achievement", "achievement"},
    {"attendance and behaviour", "attendance-behaviour"},
    {"personal development and well-being", "personal-development"},
    {"leadership and governance", "leadership-governance"},
    {"post-16", "post-16"},
    {"safeguarding", "safeguarding"},
};

static int below_good(json_t *v)
{
    if (json_is_integer(v))
        return json_integer_value(v) == 3 || json_integer_value(v) == 4;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        return strcasecmp(s, "Needs attention") == 0 || strcasecmp(s, "Urgent improvement") == 0 ||
               strcasecmp(s, "not met") == 0 || strcasecmp(s, "not effective") == 0;
    }
    return 0;
}

uint32_t match_needs_from_judgements(const char *judgements_json, int overall, const char *category)
{
    uint32_t m = 0;
    int any = 0;
    if (judgements_json && *judgements_json) {
        json_t *j = json_loads(judgements_json, 0, NULL);
        if (json_is_object(j)) {
            for (size_t i = 0; i < sizeof NEEDS / sizeof NEEDS[0]; i++) {
                json_t *v = json_object_get(j, NEEDS[i].judgement);
                if (!v)
                    continue;
                if (json_is_integer(v) || json_is_string(v))
                    any = 1;
                if (below_good(v))
                    m |= bit_of(MATCH_EXPERTISE, MATCH_N_EXPERTISE, NEEDS[i].area);
            }
        }
        json_decref(j);
    }
    if (!any && (overall == 3 || overall == 4 || (category && *category)))
        m |= bit_of(MATCH_EXPERTISE, MATCH_N_EXPERTISE, "leadership-governance");
    return m;
}

/* ---- terms ---- */

int match_term_of(Date d)
{
    if (d == DATE_NONE)
        return -1; /* no date, no term (and never a negative index below) */
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    if (m >= 9)
        return y * 3;
    if (m <= 3)
        return (y - 1) * 3 + 1;
    return (y - 1) * 3 + 2;
}

static const char *const TERM_NAMES[3] = {"autumn", "spring", "summer"};

void match_term_code(int term, char out[16])
{
    if (term < 0) {
        out[0] = '\0';
        return;
    }
    snprintf(out, 16, "%d-%s", term / 3, TERM_NAMES[term % 3]);
}

void match_term_label(int term, char out[24])
{
    if (term < 0) {
        out[0] = '\0';
        return;
    }
    int year = term / 3, t = term % 3;
    snprintf(out, 24, "%s %d", t == 0 ? "Autumn" : t == 1 ? "Spring" : "Summer", t == 0 ? year : year + 1);
}

int match_term_parse(const char *code)
{
    if (!code)
        return -1;
    int year = 0, i = 0;
    for (; i < 4; i++) {
        if (code[i] < '0' || code[i] > '9')
            return -1;
        year = year * 10 + (code[i] - '0');
    }
    if (code[4] != '-' || year < 1900)
        return -1;
    for (int t = 0; t < 3; t++)
        if (strcmp(code + 5, TERM_NAMES[t]) == 0)
            return year * 3 + t;
    return -1;
}

Date match_term_start(int term)
{
    if (term < 0)
        return DATE_NONE;
    int year = term / 3, t = term % 3;
    return t == 0 ? date_from_ymd(year, 9, 1) : t == 1 ? date_from_ymd(year + 1, 1, 1) : date_from_ymd(year + 1, 4, 1);
}

int match_covers_term(int start_term, int terms, int term)
{
    if (terms < 1)
        terms = 1;
    return term >= start_term && term < start_term + terms;
}

int match_days_in_term(int start_term, int terms, int days, int term)
{
    if (terms < 1)
        terms = 1;
    if (!match_covers_term(start_term, terms, term) || days <= 0)
        return 0;
    int k = term - start_term;
    return days / terms + (k < days % terms ? 1 : 0);
}

int match_status_holds(const char *status)
{
    return status && (strcmp(status, "proposed") == 0 || strcmp(status, "accepted") == 0 ||
                      strcmp(status, "agreed") == 0 || strcmp(status, "matched") == 0);
}
