/*
 * register.c - the register's lists, day rates, GIAS links, capacity held
 * and due-diligence standing. See register.h.
 *
 * Interpretations (issue 12; the seeds leave them open):
 * - A match with no term recorded (a proposal made before its term was
 *   chosen) takes capacity from the term it was proposed in.
 * - A check without an expiry date does not expire. A vendor account that
 *   is set up is current until its expiry date, like the others; one only
 *   requested is pending, and is expected `vendor_account_days` working days
 *   after the request (DOMAIN.md section 7: "takes 15-20 working days").
 * - A teaching school hub may name its lead school (URN), which then gives
 *   it a place on the map; it is not required.
 */
#include "domain/register.h"

#include "domain/access.h"
#include "domain/workdays.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- regions and local authorities ---- */

int register_regions_parse(const char *s, uint32_t *mask, const char **bad, size_t *badlen)
{
    uint32_t m = 0;
    const char *p = s, *item;
    size_t len;
    while (match_list_next(&p, &item, &len)) {
        int i;
        for (i = 0; i < 9; i++)
            if (match_same_word(item, len, REGIONS[i]))
                break;
        if (i == 9) {
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

void register_regions_join(uint32_t mask, char *out, size_t outlen)
{
    size_t used = 0;
    if (outlen)
        out[0] = '\0';
    for (int i = 0; i < 9 && used < outlen; i++)
        if (mask & (1u << i)) {
            int w = snprintf(out + used, outlen - used, "%s%s", used ? ";" : "", REGIONS[i]);
            if (w < 0)
                return;
            used += (size_t)w;
        }
}

void register_regions_words(uint32_t mask, char *out, size_t outlen)
{
    int total = 0, count = 0;
    size_t used = 0;
    for (int i = 0; i < 9; i++)
        total += (mask >> i) & 1u;
    if (!outlen)
        return;
    out[0] = '\0';
    if (total == 0) {
        snprintf(out, outlen, "none");
        return;
    }
    if (total == 9) {
        snprintf(out, outlen, "All nine regions");
        return;
    }
    for (int i = 0; i < 9 && used < outlen; i++) {
        if (!(mask & (1u << i)))
            continue;
        count++;
        const char *sep = count == 1 ? "" : count == total ? " and " : ", ";
        int w = snprintf(out + used, outlen - used, "%s%s", sep, REGIONS[i]);
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

static int la_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

int register_las_parse(const char *s, char *out, size_t outlen, const char **bad, size_t *badlen)
{
    enum { MAX = 200 };
    char codes[MAX][4];
    size_t n = 0;
    const char *p = s ? s : "";
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',' || *p == ';' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != ' ' && *p != '\t' && *p != ',' && *p != ';' && *p != '\n' && *p != '\r')
            p++;
        size_t len = (size_t)(p - start);
        int ok = len == 3 && isdigit((unsigned char)start[0]) && isdigit((unsigned char)start[1]) &&
                 isdigit((unsigned char)start[2]);
        if (!ok || n == MAX) {
            if (bad)
                *bad = start;
            if (badlen)
                *badlen = len;
            return -1;
        }
        memcpy(codes[n], start, 3);
        codes[n][3] = '\0';
        n++;
    }
    qsort(codes, n, sizeof codes[0], la_cmp);
    size_t used = 0;
    if (outlen)
        out[0] = '\0';
    for (size_t i = 0; i < n && used < outlen; i++) {
        if (i && strcmp(codes[i], codes[i - 1]) == 0)
            continue;
        int w = snprintf(out + used, outlen - used, "%s%s", used ? "," : "", codes[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return 0;
}

/* ---- money ---- */

int register_pence_parse(const char *s, int64_t *pence)
{
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    if (strncmp(s, "\xc2\xa3", 2) == 0) /* £ */
        s += 2;
    while (*s == ' ')
        s++;
    int64_t pounds = 0;
    int digits = 0, group = -1; /* digits since the last comma, -1: no comma yet */
    for (; *s && *s != '.'; s++) {
        if (*s == ',') {
            if (digits == 0 || (group >= 0 && group != 3) || (group < 0 && digits > 3))
                return -1;
            group = 0;
            continue;
        }
        if (!isdigit((unsigned char)*s))
            break;
        pounds = pounds * 10 + (*s - '0');
        digits++;
        if (group >= 0)
            group++;
        if (pounds > 100000)
            return -1;
    }
    if (digits == 0 || (group >= 0 && group != 3))
        return -1;
    int64_t p = 0;
    if (*s == '.') {
        s++;
        int n = 0;
        for (; isdigit((unsigned char)*s) && n < 2; s++, n++)
            p = p * 10 + (*s - '0');
        if (n == 0)
            return -1;
        if (n == 1)
            p *= 10;
    }
    while (*s == ' ')
        s++;
    if (*s)
        return -1;
    int64_t total = pounds * 100 + p;
    if (total > 100000 * 100)
        return -1;
    *pence = total;
    return 0;
}

void register_pence_format(int64_t pence, char *out, size_t outlen)
{
    if (pence < 0)
        pence = 0;
    int64_t pounds = pence / 100, p = pence % 100;
    char num[32];
    if (pounds >= 1000)
        snprintf(num, sizeof num, "%lld,%03lld", (long long)(pounds / 1000), (long long)(pounds % 1000));
    else
        snprintf(num, sizeof num, "%lld", (long long)pounds);
    if (p)
        snprintf(out, outlen, "\xc2\xa3%s.%02lld", num, (long long)p);
    else
        snprintf(out, outlen, "\xc2\xa3%s", num);
}

/* ---- links ---- */

RegisterLink register_link_of(const char *t)
{
    if (!t)
        return LINK_NONE;
    if (strcmp(t, "trust") == 0 || strcmp(t, "federation") == 0)
        return LINK_GROUP;
    if (strcmp(t, "school") == 0 || strcmp(t, "hub") == 0)
        return LINK_URN;
    if (strcmp(t, "la") == 0 || strcmp(t, "la-traded") == 0)
        return LINK_LA;
    return LINK_NONE;
}

int register_link_required(const char *t)
{
    return register_link_of(t) != LINK_NONE && strcmp(t, "hub") != 0;
}

int register_org_type_valid(const char *t)
{
    return t && strcmp(t, "person") != 0 && match_label(MATCH_ORG_TYPES, MATCH_N_ORG_TYPES, t) != NULL;
}

/* ---- terms ---- */

int register_term_parse(const char *s)
{
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    char buf[32];
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (n == 0 || n >= sizeof buf)
        return -1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    buf[n] = '\0';
    int t = match_term_parse(buf);
    if (t >= 0)
        return t;
    static const char *const NAMES[3] = {"autumn", "spring", "summer"};
    for (int k = 0; k < 3; k++) {
        size_t l = strlen(NAMES[k]);
        if (strncmp(buf, NAMES[k], l) != 0 || buf[l] != ' ')
            continue;
        const char *y = buf + l;
        while (*y == ' ')
            y++;
        if (strlen(y) != 4 || !isdigit((unsigned char)y[0]) || !isdigit((unsigned char)y[1]) ||
            !isdigit((unsigned char)y[2]) || !isdigit((unsigned char)y[3]))
            return -1;
        int year = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
        if (year < 1901)
            return -1;
        /* "Spring 2027" and "Summer 2027" belong to the school year 2026 */
        return (k == 0 ? year : year - 1) * 3 + k;
    }
    return -1;
}

/* ---- capacity held ---- */

void register_held(const RegisterMatch *m, size_t n, int term, int *schools, int *days)
{
    int s = 0, d = 0;
    for (size_t i = 0; i < n; i++) {
        if (!match_status_holds(m[i].status))
            continue;
        int start = m[i].start_term;
        if (start < 0) {
            if (m[i].since == DATE_NONE)
                continue;
            start = match_term_of(m[i].since);
        }
        int terms = m[i].terms < 1 ? 1 : m[i].terms;
        if (!match_covers_term(start, terms, term))
            continue;
        s++;
        d += match_days_in_term(start, terms, m[i].days, term);
    }
    *schools = s;
    *days = d;
}

/* ---- due diligence ---- */

static const struct {
    const char *code, *label, *short_label;
} CHECKS[CHECK_KIND_COUNT] = {
    {"capacity", "Capacity", "capacity check"},
    {"relationship", "Check with the trust relationship manager or local authority lead", "relationship check"},
    {"financial", "Financial check", "financial check"},
    {"vendor", "Vendor account", "vendor account"},
};

const char *register_check_code(CheckKind k)
{
    return k >= 0 && k < CHECK_KIND_COUNT ? CHECKS[k].code : "";
}

const char *register_check_label(CheckKind k)
{
    return k >= 0 && k < CHECK_KIND_COUNT ? CHECKS[k].label : "";
}

int register_check_parse(const char *code)
{
    for (int k = 0; code && k < CHECK_KIND_COUNT; k++)
        if (strcmp(CHECKS[k].code, code) == 0)
            return k;
    return -1;
}

int register_check_outcome_valid(CheckKind k, const char *o)
{
    if (!o || k < 0 || k >= CHECK_KIND_COUNT)
        return 0;
    if (k == CHECK_KIND_VENDOR)
        return strcmp(o, "requested") == 0 || strcmp(o, "set-up") == 0;
    return strcmp(o, "passed") == 0 || strcmp(o, "failed") == 0;
}

const char *register_check_outcome_label(const char *o)
{
    if (!o)
        return "";
    if (strcmp(o, "passed") == 0)
        return "Passed";
    if (strcmp(o, "failed") == 0)
        return "Failed";
    if (strcmp(o, "requested") == 0)
        return "Requested";
    if (strcmp(o, "set-up") == 0)
        return "Set up";
    return o;
}

CheckState register_check_state(CheckKind k, const char *outcome, Date expires, Date today)
{
    if (!outcome || !*outcome)
        return CHECK_MISSING;
    if (strcmp(outcome, "failed") == 0)
        return CHECK_FAILED;
    if (k == CHECK_KIND_VENDOR && strcmp(outcome, "requested") == 0)
        return CHECK_PENDING;
    if (expires != DATE_NONE && today != DATE_NONE && expires < today)
        return CHECK_EXPIRED;
    return CHECK_CURRENT;
}

const char *register_check_state_label(CheckState s)
{
    switch (s) {
    case CHECK_CURRENT: return "Current";
    case CHECK_EXPIRED: return "Expired";
    case CHECK_FAILED: return "Failed";
    case CHECK_PENDING: return "Requested";
    default: return "Not done";
    }
}

Date register_vendor_expected(Date requested, int working_days)
{
    if (requested == DATE_NONE || working_days < 0)
        return DATE_NONE;
    return add_working_days(requested, working_days);
}

int register_standing(const CheckState st[CHECK_KIND_COUNT], char *out, size_t outlen)
{
    int current = 0;
    size_t used = 0;
    if (outlen)
        out[0] = '\0';
    for (int k = 0; k < CHECK_KIND_COUNT; k++)
        current += st[k] == CHECK_CURRENT;
    if (current == CHECK_KIND_COUNT) {
        snprintf(out, outlen, "All 4 checks current");
        return 1;
    }
    for (int k = 0; k < CHECK_KIND_COUNT && used < outlen; k++) {
        const char *what = CHECKS[k].short_label;
        char part[80];
        switch (st[k]) {
        case CHECK_CURRENT: continue;
        case CHECK_EXPIRED: snprintf(part, sizeof part, "%s expired", what); break;
        case CHECK_FAILED: snprintf(part, sizeof part, "%s failed", what); break;
        case CHECK_PENDING: snprintf(part, sizeof part, "%s requested", what); break;
        default: snprintf(part, sizeof part, "no %s", what); break;
        }
        if (used == 0)
            part[0] = (char)toupper((unsigned char)part[0]);
        int w = snprintf(out + used, outlen - used, "%s%s", used ? "; " : "", part);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return 0;
}
