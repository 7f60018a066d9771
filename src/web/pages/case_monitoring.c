/*
 * case_monitoring.c - on a case's page, what happened at the school since
 * the case opened (issue 15 item 4) and, once closed, how the support ended
 * and the school's judgements before and after (issue 15 item 6).
 *
 * An open case whose school (a trust's: one of its schools) has an
 * inspection published since the case opened shows a notification banner
 * with its date and judgement, linking to the school's inspections; the
 * task to review the plan with DfE comes with it (store/case_closure.c).
 * A closed case shows what was recorded when it closed and, for a school,
 * its last judgement before the case opened and the first published after
 * it closed, read from the inspections each time the page is shown, so an
 * import brings the "after" on its own. A trust's case says to see each
 * school's inspections: one summary of many schools would hide too much.
 */
#include "domain/closure.h"
#include "domain/plans.h"
#include "store/case_closure.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <string.h>

static void new_inspection_banner(Req *r, Html *h, const Case *c)
{
    CaseInspection in;
    if (case_inspection_since_opened(r->db, c, &in) != 0 || !in.found) {
        case_inspection_free(&in);
        return;
    }
    char when[64], href[64];
    snprintf(href, sizeof href, "/schools/%lld#ofsted", (long long)in.urn);
    Html b;
    html_init(&b);
    html_printf(&b, "<p class=\"govuk-notification-banner__heading\">A new inspection was published on %s: %s</p>",
                case_long_date(in.published, when, sizeof when), in.judgement);
    html_printf(&b, "<p class=\"govuk-body\">Review the plan with DfE within 10 working days of its publication."
                    " <a class=\"govuk-notification-banner__link\" href=\"%s\">See the school's inspections</a></p>",
                href);
    govuk_notification_banner(h, &(GovukNotificationBanner){.title = "New inspection", .html = &b,
                                                            .title_id = "new-inspection-banner"});
    html_free(&b);
    case_inspection_free(&in);
}

static void row(Html *h, const char *key, const char *value)
{
    html_printf(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
                   "<dd class=\"govuk-summary-list__value rise-pre-line\">%s</dd></div>",
                key, value);
}

static void inspection_value(Html *h, const CaseInspection *in, const char *none)
{
    char when[64];
    if (!in->found)
        html_printf(h, "%s", none);
    else
        html_printf(h, "%s, published %s", in->judgement, case_long_date(in->published, when, sizeof when));
}

static void before_after(Req *r, Html *h, const Case *c)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"before-after\">Before and after</h2>");
    if (strcmp(c->subject_kind, "school") != 0) {
        html_printf(h, "<p class=\"govuk-body\">This case supported a trust. See each school's inspections from"
                       " <a class=\"govuk-link\" href=\"/trusts/%lld\">the trust's page</a>.</p>",
                    (long long)c->subject_id);
        return;
    }
    CaseInspection before, after;
    if (case_before_after(r->db, c, &before, &after) != 0)
        return;
    html_lit(h, "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\"><dt"
                " class=\"govuk-summary-list__key\">Before the case opened</dt><dd class=\"govuk-summary-list__value\">");
    inspection_value(h, &before, "No inspection before the case opened");
    html_lit(h, "</dd></div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">After it"
                " closed</dt><dd class=\"govuk-summary-list__value\">");
    inspection_value(h, &after, "No inspection since the case closed");
    html_printf(h, "</dd></div></dl><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/schools/%lld#ofsted\">"
                   "See all the school's inspections</a></p>",
                (long long)c->subject_id);
    case_inspection_free(&before);
    case_inspection_free(&after);
}

static void closure_summary(Req *r, Html *h, const Case *c)
{
    CaseClosureRow k;
    if (case_closure_get(r->db, c->id, &k) != 1) {
        case_closure_row_free(&k);
        return;
    }
    char call[64], money[32];
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"closure\">How the support ended</h2><dl"
                " class=\"govuk-summary-list\">");
    row(h, "End-of-support call", k.end_call_on ? case_long_date(k.end_call_on, call, sizeof call) : "None recorded");
    if (k.end_call_notes)
        row(h, "What was said on the call", k.end_call_notes);
    const char *done = closure_completion_label(k.completion);
    row(h, "Was the support completed?", done ? done : k.completion);
    if (k.stopped_reason)
        row(h, "Why it stopped early", k.stopped_reason);
    const char *rating = closure_rating_label(k.final_rating);
    row(h, "Final overall rating", rating ? rating : k.final_rating);
    row(h, "Case study", k.case_study ? (k.case_study_text ? k.case_study_text : "Yes") : "No case study");
    plan_money(k.cancelled_amount, money, sizeof money);
    row(h, "Grant payments cancelled at closing", k.cancelled_amount ? money : "None");
    html_lit(h, "</dl>");
    case_closure_row_free(&k);
}

void case_monitoring_section(Req *r, Html *h, const Case *c)
{
    if (strcmp(c->status, "closed") == 0) {
        closure_summary(r, h, c);
        before_after(r, h, c);
    } else if (strcmp(c->status, "stopped") != 0) {
        new_inspection_banner(r, h, c);
    }
}
