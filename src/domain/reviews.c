/*
 * reviews.c - see reviews.h.
 *
 * Interpretations:
 * - Evidence is asked for every item, not only those off track: 002
 *   section 7 asks the reviewer to "Assess whether the school can provide
 *   evidence to show that the action is on course to achieve, or has
 *   achieved the outcome".
 * - An amber or red item needs a mitigation or the decision to stop it
 *   until another is delivered ("developing mitigations for activities
 *   that are not on track or stopping some activities until others are
 *   delivered").
 * - "Satisfactory progress" (002 section 7, for releasing later terms'
 *   funding) is an overall rating of progressing well or improved, with no
 *   item rated red and no open engagement concern. Anything else
 *   recommends withholding; a person confirms or dismisses it.
 * - Which terms are reviewed: those the plan runs in after its approval
 *   (see review_terms), so the review of a term covers the activity funded
 *   in it.
 */
#include "domain/reviews.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *slug, *label, *wording;
} RAGS[] = {
    {NULL, NULL, NULL},
    {"red", "Red", "Off track: the activity has not taken place, or will not achieve its outcome without change"},
    {"amber", "Amber", "Some concern: delayed or at risk, with mitigations in place to bring it back on track"},
    {"green", "Green", "On track: taking place as planned and on course to achieve its outcome"},
};

const char *rag_slug(Rag r)
{
    return r > RAG_NONE && r <= RAG_GREEN ? RAGS[r].slug : NULL;
}

Rag rag_from_slug(const char *s)
{
    for (int r = RAG_RED; s && r <= RAG_GREEN; r++)
        if (strcmp(s, RAGS[r].slug) == 0)
            return (Rag)r;
    return RAG_NONE;
}

const char *rag_label(Rag r)
{
    return r > RAG_NONE && r <= RAG_GREEN ? RAGS[r].label : "Not rated";
}

const char *rag_wording(Rag r)
{
    return r > RAG_NONE && r <= RAG_GREEN ? RAGS[r].wording : "";
}

static const struct {
    const char *slug, *label, *hint;
    Rag rag;
} OVERALLS[OVERALL_COUNT] = {
    {NULL, NULL, NULL, RAG_NONE},
    {"progressing-well", "Progressing well", "The plan is on track overall", RAG_GREEN},
    {"improved-complete", "Improved, support complete", "The school has improved and needs no more support",
     RAG_GREEN},
    {"not-improving", "Not improving", "The support is not yet making a difference", RAG_RED},
    {"did-not-take-place", "Review did not take place", "The review could not be held this term", RAG_RED},
    {"not-engaging", "Not engaging", "The school or trust is not engaging with the support", RAG_RED},
};

const char *overall_slug(Overall o)
{
    return o > OVERALL_NONE && o < OVERALL_COUNT ? OVERALLS[o].slug : NULL;
}

Overall overall_from_slug(const char *s)
{
    for (int o = 1; s && o < OVERALL_COUNT; o++)
        if (strcmp(s, OVERALLS[o].slug) == 0)
            return (Overall)o;
    return OVERALL_NONE;
}

const char *overall_label(Overall o)
{
    return o > OVERALL_NONE && o < OVERALL_COUNT ? OVERALLS[o].label : "Not given";
}

const char *overall_hint(Overall o)
{
    return o > OVERALL_NONE && o < OVERALL_COUNT ? OVERALLS[o].hint : "";
}

Rag overall_rag(Overall o)
{
    return o > OVERALL_NONE && o < OVERALL_COUNT ? OVERALLS[o].rag : RAG_NONE;
}

/* ---- items ---- */

/* An item: path, and its label "<what> <n>: <text>" (what NULL: the text alone). */
static void item(ReviewItem *it, const char *path, int is_action, const char *what, size_t n, const char *text)
{
    snprintf(it->path, sizeof it->path, "%s", path);
    if (what)
        snprintf(it->label, sizeof it->label, "%s %zu: %s", what, n, text ? text : "");
    else
        snprintf(it->label, sizeof it->label, "%s", text ? text : "");
    it->is_action = is_action;
}

static void short_text(const char *s, char *out, size_t len)
{
    snprintf(out, len, "%s", s ? s : "");
    if (s && strlen(s) >= len && len > 4) {
        size_t cut = len - 4;
        while (cut > 0 && ((unsigned char)out[cut] & 0xC0) == 0x80)
            cut--; /* not inside a character */
        memcpy(out + cut, "...", 4);
    }
}

size_t review_items(const Plan *p, ReviewItem *out, size_t max)
{
    size_t n = 0;
    char path[24], text[160];
    if (p->kind == PLAN_RAF) {
        for (size_t a = 0; a < p->n_areas && n < max; a++) {
            int area = p->areas[a];
            if (area < 0 || (size_t)area >= PLAN_N_RAF_AREAS)
                continue;
            snprintf(path, sizeof path, "area-%s", PLAN_RAF_AREAS[area].code);
            item(&out[n++], path, 0, NULL, 0, PLAN_RAF_AREAS[area].label);
            for (size_t i = 0; i < p->n_actions && n < max; i++) {
                if (p->actions[i].area != area)
                    continue;
                snprintf(path, sizeof path, "action-%u", (unsigned)(i + 1) % 10000u);
                short_text(p->actions[i].description, text, sizeof text);
                item(&out[n++], path, 1, "Action", i + 1, text);
            }
        }
    } else if (p->kind == PLAN_RISE) {
        for (size_t o = 0; o < p->n_objectives && n < max; o++) {
            snprintf(path, sizeof path, "objective-%u", (unsigned)(o + 1) % 10000u);
            short_text(p->objectives[o].text, text, sizeof text);
            item(&out[n++], path, 0, "Objective", o + 1, text);
            for (size_t i = 0; i < p->n_actions && n < max; i++) {
                if (p->actions[i].area != (int)o)
                    continue;
                snprintf(path, sizeof path, "action-%u", (unsigned)(i + 1) % 10000u);
                short_text(p->actions[i].description, text, sizeof text);
                item(&out[n++], path, 1, "Action", i + 1, text);
            }
        }
    }
    return n;
}

/* ---- rules ---- */

#define S_EACH "Updates on progress will be expected approximately one month before the end of term to capture: " \
               "Overall progress against each improvement area; Progress against each recommended action; "       \
               "Overall progress for the RAF as a whole"
#define S_EVIDENCE                                                                                                  \
    "Assess whether the school can provide evidence to show that the action is on course to achieve, or has "       \
    "achieved the outcome described at the outset of the plan."
#define S_MITIGATE                                                                                                  \
    "This may involve developing mitigations for activities that are not on track or stopping some activities "    \
    "until others are delivered."
#define S_FEEDBACK                                                                                                  \
    "as part of the termly review, gain feedback from the chair of the Governing Board, and, for trusts, the CEO."

const ReviewRule REVIEW_RULES[] = {
    {"review-rated", S_EACH, "Rate %s red, amber or green"},
    {"review-evidence", S_EVIDENCE, "Give the evidence for %s"},
    {"review-mitigation", S_MITIGATE,
     "Say how %s will be brought back on track, or choose to stop it until another activity is delivered"},
    {"review-overall", S_EACH, "Select the overall progress"},
    {"review-chair", S_FEEDBACK, "Enter the feedback of the chair of the governing board"},
    {"review-ceo", S_FEEDBACK, "Enter the feedback of the trust's chief executive"},
    {"review-sustain", "with the school, consider, how the school will sustain the activities beyond the funded period.",
     "Say how the school will sustain the activities beyond the funded period"},
    {"review-next-steps", "schools not matched to an organisation get progress reviews with next steps",
     "Enter the next steps"},
};
const size_t REVIEW_N_RULES = sizeof REVIEW_RULES / sizeof REVIEW_RULES[0];

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

static void add(ReviewProblem *out, size_t max, size_t *n, int rule, const char *field, const char *label)
{
    if (*n >= max)
        return;
    ReviewProblem *p = &out[(*n)++];
    p->rule = &REVIEW_RULES[rule];
    snprintf(p->field, sizeof p->field, "%s", field);
    snprintf(p->message, sizeof p->message, REVIEW_RULES[rule].message, label ? label : "");
}

size_t review_check(const ReviewIn *in, const ReviewItem *items, size_t n_items, int tier3, int is_trust,
                    int progress, ReviewProblem *out, size_t max)
{
    size_t n = 0;
    char field[40];
    for (size_t i = 0; !progress && i < n_items; i++) {
        const ReviewRatingIn *r = i < in->n ? &in->ratings[i] : NULL;
        const char *label = items[i].label;
        if (!r || r->rating == RAG_NONE) {
            snprintf(field, sizeof field, "%s-rating", items[i].path);
            add(out, max, &n, 0, field, label);
            continue;
        }
        if (blank(r->evidence)) {
            snprintf(field, sizeof field, "%s-evidence", items[i].path);
            add(out, max, &n, 1, field, label);
        }
        if (r->rating != RAG_GREEN && blank(r->mitigation) && !r->stop) {
            snprintf(field, sizeof field, "%s-mitigation", items[i].path);
            add(out, max, &n, 2, field, label);
        }
    }
    if (in->overall == OVERALL_NONE)
        add(out, max, &n, 3, "overall", NULL);
    if (progress && blank(in->next_steps))
        add(out, max, &n, 7, "next_steps", NULL);
    if (!progress && tier3) {
        if (blank(in->chair_feedback))
            add(out, max, &n, 4, "chair_feedback", NULL);
        if (is_trust && blank(in->ceo_feedback))
            add(out, max, &n, 5, "ceo_feedback", NULL);
        if (blank(in->sustain))
            add(out, max, &n, 6, "sustain", NULL);
    }
    return n;
}

ReviewMoney review_money(Overall overall, const Rag *ratings, size_t n, int engagement_concern, const char **cause,
                         char *reason, size_t len)
{
    size_t reds = 0;
    for (size_t i = 0; i < n; i++)
        reds += ratings[i] == RAG_RED;
    if (overall == OVERALL_NO_REVIEW) {
        *cause = "missed";
        snprintf(reason, len, "The termly review did not take place");
    } else if (overall == OVERALL_NOT_ENGAGING || engagement_concern) {
        *cause = "engagement";
        snprintf(reason, len, "%s", overall == OVERALL_NOT_ENGAGING ? "The review found the school is not engaging"
                                                                    : "An engagement concern is open on the case");
    } else if (overall_rag(overall) == RAG_RED) {
        *cause = "red";
        snprintf(reason, len, "The review's overall rating is %s", overall_label(overall));
    } else if (reds) {
        *cause = "red";
        snprintf(reason, len, "%zu item%s rated red in the review", reds, reds == 1 ? " is" : "s are");
    } else {
        *cause = NULL;
        snprintf(reason, len, "The review found satisfactory progress (%s)", overall_label(overall));
        return MONEY_RELEASE;
    }
    return MONEY_RECOMMEND_WITHHOLD;
}

size_t review_terms(const Plan *p, const PlanParams *params, Date approved_on, const SchoolTerm *terms, size_t n,
                    int *out, size_t max)
{
    Date last = p->kind == PLAN_RAF ? plan_funded_until(p, params) : p->kind == PLAN_RISE ? p->ends_on : DATE_NONE;
    if (last == DATE_NONE || approved_on == DATE_NONE)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < n && k < max; i++)
        if (terms[i].ends > approved_on && terms[i].starts <= last)
            out[k++] = (int)i;
    return k;
}
