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
