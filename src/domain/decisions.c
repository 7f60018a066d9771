/*
 * decisions.c - the decision log's rules. See decisions.h.
 *
 * Interpretations (DOMAIN.md section 4: the regional director "approves
 * category, match/appointment, plans; escalations"; issue 10):
 * - "Escalations": a warning notice and an interim executive board are the
 *   escalations the regional director approves. Information powers alone
 *   (asking for information) are not, so they need no approval.
 * - A decision the regional director records themselves is approved by
 *   them as it is recorded (as for the category, decision 0004).
 * - "Until approved, the case keeps its approved category and stage": a new
 *   category waits beside the confirmed one; only its approval replaces it.
 *   A case whose first category is not approved yet has none confirmed, so
 *   its identification waits, as before.
 * - "A found conflict bars that adviser unless the regional director
 *   overrides it with a reason; every check stays on the record as its own
 *   entry": each check is its own decision; a later "no conflict" for that
 *   adviser does not clear them but asks for an override, which needs a
 *   reason and the regional director's approval with a note of their own.
 *   A conflict found after an override bars the adviser again.
 * - "Reasons vanish from the decision log": the reasons a task records in
 *   its long-text answers (the school's reasons, the details of a check)
 *   are the decision's rationale, followed by anything the user added.
 */
#include "domain/decisions.h"

#include <stdlib.h>
#include <string.h>

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

const char *decision_approval_on_record(int needs_approval, int by_regional_director)
{
    if (!needs_approval)
        return NULL;
    return by_regional_director ? "approved" : "awaiting";
}

const char *decision_approval_refusal(const char *type, const char *approval, const char *note)
{
    if (!is(approval, "approved") && !is(approval, "rejected"))
        return "Select whether you approve the decision";
    if (is(approval, "rejected") && blank(note))
        return "Enter why you reject the decision";
    if (is(approval, "approved") && is(type, "conflict-override") && blank(note))
        return "Enter why you override the conflict of interest";
    return NULL;
}

int escalation_needs_approval(int warning_notice, int information_powers, int ieb)
{
    (void)information_powers;
    return warning_notice != 0 || ieb != 0;
}

TaskStatus category_identify_status(TaskStatus before, const char *approval)
{
    if (is(approval, "approved"))
        return TASK_COMPLETED;
    return before == TASK_COMPLETED ? TASK_COMPLETED : TASK_IN_PROGRESS;
}

const char *category_decision_refusal(int one_awaiting)
{
    return one_awaiting ? "A new category is already waiting for the regional director's approval. They approve or"
                          " reject it before another is recorded"
                        : NULL;
}

ConflictStanding conflict_standing(const ConflictCheck *checks, size_t n, int64_t adviser)
{
    ConflictStanding s = CONFLICT_UNCHECKED;
    for (size_t i = 0; i < n; i++) {
        const ConflictCheck *c = &checks[i];
        if (c->adviser != adviser)
            continue;
        int barred = s == CONFLICT_FOUND || s == CONFLICT_OVERRIDE_AWAITING;
        if (c->conflict)
            s = CONFLICT_FOUND;
        else if (c->override) {
            if (barred) /* an override only ever answers a conflict found */
                s = is(c->approval, "approved")   ? CONFLICT_CLEAR
                    : is(c->approval, "awaiting") ? CONFLICT_OVERRIDE_AWAITING
                                                  : CONFLICT_FOUND;
        } else if (!barred)
            s = CONFLICT_CLEAR; /* a plain "no conflict" never clears a conflict found */
    }
    return s;
}

int conflict_any_clear(const ConflictCheck *checks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (conflict_standing(checks, n, checks[i].adviser) == CONFLICT_CLEAR)
            return 1;
    return 0;
}

int conflict_check_is_override(ConflictStanding before, int conflict)
{
    return !conflict && (before == CONFLICT_FOUND || before == CONFLICT_OVERRIDE_AWAITING);
}

const char *conflict_check_refusal(ConflictStanding before, int conflict, const char *reason)
{
    if (!conflict_check_is_override(before, conflict))
        return NULL;
    if (before == CONFLICT_OVERRIDE_AWAITING)
        return "An override of this adviser's conflict of interest is already waiting for the regional director's"
               " approval";
    if (blank(reason))
        return "Enter why the conflict of interest found for this adviser should be overridden";
    return NULL;
}

const char *casework_allocate_refusal(TaskStatus conflict_check, ConflictStanding chosen_standing, const char *chosen)
{
    if (conflict_check != TASK_COMPLETED)
        return "Check the adviser for conflicts of interest before allocating them";
    if (blank(chosen))
        return "Select the adviser";
    switch (chosen_standing) {
    case CONFLICT_CLEAR:
        return NULL;
    case CONFLICT_FOUND:
        return "A conflict of interest was found for this adviser. They can be allocated only if the regional"
               " director overrides it";
    case CONFLICT_OVERRIDE_AWAITING:
        return "The override of this adviser's conflict of interest is waiting for the regional director's approval";
    default:
        return "This adviser has not been checked for conflicts of interest. Check them first, or choose an adviser"
               " the check cleared";
    }
}

char *decision_rationale(const char *const *parts, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        if (!blank(parts[i]))
            len += strlen(parts[i]) + 2;
    if (!len)
        return NULL;
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    out[0] = '\0';
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (blank(parts[i]))
            continue;
        if (at) {
            memcpy(out + at, "\n\n", 2);
            at += 2;
        }
        size_t k = strlen(parts[i]);
        memcpy(out + at, parts[i], k);
        at += k;
    }
    out[at] = '\0';
    return out;
}
