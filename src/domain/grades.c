/*
 * grades.c - Ofsted judgement names to grades. See grades.h.
 *
 * Interpretation (DOMAIN.md section 2): "RI" is grade 3, and Satisfactory,
 * used until September 2012, is the same grade; GIAS writes a school in a
 * category of concern as "Serious Weaknesses" or "Special Measures" in its
 * rating column, which is grade 4 (Inadequate) with that category.
 */
#include "domain/grades.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

int grade_from_text(const char *t, const char **category)
{
    if (category)
        *category = NULL;
    if (!t)
        return 0;
    while (isspace((unsigned char)*t))
        t++;
    size_t n = strlen(t);
    while (n > 0 && isspace((unsigned char)t[n - 1]))
        n--;
    if (n == 0)
        return 0;
    if (n == 1 && t[0] >= '1' && t[0] <= '4')
        return t[0] - '0';
#define IS(s) (n == strlen(s) && strncasecmp(t, (s), n) == 0)
    if (IS("Outstanding"))
        return 1;
    if (IS("Good"))
        return 2;
    if (IS("Requires improvement") || IS("Requires Improvement") || IS("Satisfactory"))
        return 3;
    if (IS("Inadequate"))
        return 4;
    if (IS("Serious Weaknesses") || IS("Serious weaknesses")) {
        if (category)
            *category = CATEGORY_SERIOUS_WEAKNESSES;
        return 4;
    }
    if (IS("Special Measures") || IS("Special measures")) {
        if (category)
            *category = CATEGORY_SPECIAL_MEASURES;
        return 4;
    }
    if (IS("Insufficient evidence") || IS("Not applicable") || IS("NULL") || IS("9"))
        return 0;
#undef IS
    return -1;
}

/* t without leading and trailing spaces: its start, and its length in *n. */
static const char *trimmed(const char *t, size_t *n)
{
    while (isspace((unsigned char)*t))
        t++;
    size_t len = strlen(t);
    while (len > 0 && isspace((unsigned char)t[len - 1]))
        len--;
    *n = len;
    return t;
}

static int same(const char *t, size_t n, const char *word)
{
    return n == strlen(word) && strncasecmp(t, word, n) == 0;
}

const char *category_from_text(const char *text, int *bad)
{
    if (bad)
        *bad = 0;
    if (!text)
        return NULL;
    size_t n;
    const char *t = trimmed(text, &n);
    if (n == 0 || same(t, n, "NULL") || same(t, n, "None"))
        return NULL;
    if (same(t, n, "SM") || same(t, n, "Special measures"))
        return CATEGORY_SPECIAL_MEASURES;
    if (same(t, n, "SWK") || same(t, n, "SW") || same(t, n, "Serious weaknesses"))
        return CATEGORY_SERIOUS_WEAKNESSES;
    if (same(t, n, "NTI") || same(t, n, "Notice to improve"))
        return CATEGORY_NOTICE_TO_IMPROVE;
    if (bad)
        *bad = 1;
    return NULL;
}

int grade_from_code(const char *text)
{
    if (!text)
        return 0;
    size_t n;
    const char *t = trimmed(text, &n);
    if (n == 0 || same(t, n, "NULL"))
        return 0;
    if (n == 1 && t[0] >= '1' && t[0] <= '4')
        return t[0] - '0';
    if (n == 1 && (t[0] == '0' || t[0] == '8' || t[0] == '9'))
        return 0;
    return -1;
}

int grade_from_overall(const char *text, int *not_judged)
{
    *not_judged = 0;
    if (!text)
        return 0;
    size_t n;
    const char *t = trimmed(text, &n);
    if (same(t, n, "Not judged")) {
        *not_judged = 1;
        return 0;
    }
    int g = grade_from_code(t);
    if (g >= 0)
        return g;
    const char *cat;
    g = grade_from_text(t, &cat);
    return g;
}

const char *grade_words(int g)
{
    switch (g) {
    case 1: return "outstanding";
    case 2: return "good";
    case 3: return "requires improvement";
    case 4: return "inadequate";
    default: return "not graded";
    }
}

const char *grade_name(int g)
{
    switch (g) {
    case 1: return "Outstanding";
    case 2: return "Good";
    case 3: return "Requires improvement";
    case 4: return "Inadequate";
    default: return "";
    }
}
