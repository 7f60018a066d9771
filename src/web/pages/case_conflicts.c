/*
 * case_conflicts.c - the conflict-of-interest checks of a case, shown on its
 * check task: every check and override is its own entry of the decision
 * log (issue 10 item 7), so the page lists them all, oldest first, with the
 * regional director's approval of each override.
 */
#include "web/pages/case_common.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_check(const CaseDecision *d)
{
    return strcmp(d->type, "conflict-of-interest") == 0 || strcmp(d->type, "conflict-override") == 0;
}

/* In the order recorded, whatever order the log is read in. */
static int by_id(const void *a, const void *b)
{
    int64_t x = (*(const CaseDecision *const *)a)->id, y = (*(const CaseDecision *const *)b)->id;
    return x < y ? -1 : x > y;
}

/* "Awaiting approval", "Approved by ...", "Rejected by ...", or "Not needed". */
static void check_approval(Html *h, const CaseDecision *d)
{
    if (!d->approval) {
        html_lit(h, "Not needed");
    } else if (strcmp(d->approval, "awaiting") == 0) {
        govuk_tag(h, &(GovukTag){.text = "Awaiting approval", .classes = "govuk-tag--yellow"});
    } else {
        int approved = strcmp(d->approval, "approved") == 0;
        govuk_tag(h, &(GovukTag){.text = approved ? "Approved" : "Rejected",
                                 .classes = approved ? "govuk-tag--green" : "govuk-tag--red"});
        html_printf(h, "<br><span class=\"govuk-body-s\">by %s</span>", person_name(d->approver));
        if (d->approval_note)
            html_printf(h, "<br><span class=\"govuk-body-s\">%s</span>", d->approval_note);
    }
}

void case_conflict_checks(Req *r, Html *h, const Case *c)
{
    CaseDecisionList dl = {0};
    if (case_decisions(r->db, c->id, &dl) != 0) {
        html_lit(h, "<p class=\"govuk-body\">The checks recorded could not be read.</p>");
        return;
    }
    size_t n = 0;
    const CaseDecision **checks = xcalloc(dl.n ? dl.n : 1, sizeof *checks);
    for (size_t i = 0; i < dl.n; i++)
        if (is_check(&dl.items[i]))
            checks[n++] = &dl.items[i];
    qsort(checks, n, sizeof *checks, by_id);
    html_lit(h, "<h2 class=\"govuk-heading-m\">Checks recorded</h2>");
    if (!n) {
        html_lit(h, "<p class=\"govuk-body\">No adviser has been checked yet.</p>");
        free(checks);
        case_decision_list_free(&dl);
        return;
    }
    html_lit(h, "<p class=\"govuk-body\">A conflict found bars that adviser unless the regional director overrides"
                " it with a reason.</p>");
    GovukTableCell head[] = {{.text = "Date"}, {.text = "Check"}, {.text = "Details"}, {.text = "Recorded by"},
                             {.text = "Approval"}};
    html_lit(h, "<div class=\"rise-table-scroll\" role=\"region\" aria-label=\"Checks recorded\" tabindex=\"0\">");
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 5});
    for (size_t k = 0; k < n; k++) {
        const CaseDecision *d = checks[k];
        char date[48];
        Html appr;
        html_init(&appr);
        check_approval(&appr, d);
        GovukTableCell cells[] = {{.text = case_long_date(d->decided_on, date, sizeof date)},
                                  {.text = d->outcome},
                                  {.text = d->rationale},
                                  {.text = person_name(d->decided_by)},
                                  {.html = &appr}};
        govuk_table_row(h, cells, 5, 0);
        html_free(&appr);
    }
    govuk_table_close(h);
    html_lit(h, "</div>");
    free(checks);
    case_decision_list_free(&dl);
}
