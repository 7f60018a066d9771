/*
 * closure.c - closing a case's answers. See closure.h.
 *
 * Interpretations (issue 15 item 6):
 * - "the end-of-support call (TSIO: the RDP within 10 days of the report)":
 *   its date is required for TSIO 2022/23, whose chronology (004) has the
 *   delivery partner "hold end of deployment call with supported
 *   school/trust"; other programmes may record one. Its notes are optional.
 *   The call cannot be after the day the case closes.
 * - "the outcome (completed, or stopped early and why)": a reason is
 *   required when the support stopped early.
 * - "the decision to write a case study and its text": when a case study
 *   will be written, its text is required at closing. A case study is
 *   written from the finished support, so asking for it at the close keeps
 *   one place for it; a case reopened and closed again can replace it.
 */
#include "domain/closure.h"

#include <string.h>

const ClosureChoice CLOSURE_COMPLETIONS[] = {
    {"completed", "Completed", "The support ran its planned course"},
    {"stopped-early", "Stopped early", "The support ended before the plan was delivered"},
};
const size_t CLOSURE_N_COMPLETIONS = sizeof CLOSURE_COMPLETIONS / sizeof CLOSURE_COMPLETIONS[0];

const ClosureChoice CLOSURE_RATINGS[] = {
    {"improved-complete", "Improved, support complete", "The school improved and needs no more support"},
    {"progressing-well", "Progressing well", "The school is improving and should keep improving on its own"},
    {"not-improving", "Not improving", "The support did not bring the improvement planned"},
    {"did-not-take-place", "Review did not take place", "No final review of progress could be held"},
    {"not-engaging", "Not engaging", "The school or trust stopped engaging with the support"},
};
const size_t CLOSURE_N_RATINGS = sizeof CLOSURE_RATINGS / sizeof CLOSURE_RATINGS[0];

static const char *label_of(const ClosureChoice *c, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(c[i].code, code) == 0)
            return c[i].label;
    return NULL;
}

const char *closure_completion_label(const char *code)
{
    return label_of(CLOSURE_COMPLETIONS, CLOSURE_N_COMPLETIONS, code);
}

const char *closure_rating_label(const char *code)
{
    return label_of(CLOSURE_RATINGS, CLOSURE_N_RATINGS, code);
}

int closure_end_call_required(const char *programme)
{
    return programme && strcmp(programme, "tsio-2022-23") == 0;
}

static void add(ClosureProblem *out, size_t *n, const char *field, const char *message)
{
    if (*n < CLOSURE_MAX_PROBLEMS)
        out[(*n)++] = (ClosureProblem){field, message};
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return !*s;
}

size_t closure_check(const ClosureAnswers *a, ClosureProblem *out)
{
    size_t n = 0;
    if (a->end_call_blank && closure_end_call_required(a->programme))
        add(out, &n, "end-call-on", "Enter the date of the end-of-support call");
    else if (a->end_call_on != DATE_NONE && a->closed_on != DATE_NONE && a->end_call_on > a->closed_on)
        add(out, &n, "end-call-on", "Date of the end-of-support call must be on or before the date closed");
    if (a->end_call_notes && strlen(a->end_call_notes) > CLOSURE_TEXT_MAX)
        add(out, &n, "end-call-notes", "What was said on the call must be 4000 characters or fewer");
    if (!closure_completion_label(a->completion))
        add(out, &n, "completion", "Select whether the support was completed or stopped early");
    else if (strcmp(a->completion, "stopped-early") == 0 && blank(a->stopped_reason))
        add(out, &n, "stopped-reason", "Enter why the support stopped early");
    if (a->stopped_reason && strlen(a->stopped_reason) > CLOSURE_TEXT_MAX)
        add(out, &n, "stopped-reason", "Why the support stopped early must be 4000 characters or fewer");
    if (!closure_rating_label(a->final_rating))
        add(out, &n, "final-rating", "Select the final overall rating");
    if (!a->case_study || (strcmp(a->case_study, "yes") != 0 && strcmp(a->case_study, "no") != 0))
        add(out, &n, "case-study", "Select whether a case study will be written");
    else if (strcmp(a->case_study, "yes") == 0 && blank(a->case_study_text))
        add(out, &n, "case-study-text", "Enter the case study");
    if (a->case_study_text && strlen(a->case_study_text) > CLOSURE_TEXT_MAX * 2)
        add(out, &n, "case-study-text", "The case study must be 8000 characters or fewer");
    return n;
}
