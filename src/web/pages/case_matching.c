/*
 * case_matching.c - a case's matching tab (issue 12): what the school
 * needs, the match under way and each party's answer, the ranked
 * suggestions with their scores in words, and the earlier proposals with
 * their reasons.
 *
 * GET  /cases/{id}/matching                  the tab (cases-read)
 * POST /cases/{id}/matching/propose          org, own_trust_reason
 * POST /cases/{id}/matching/provider-answer  answer yes|no, reason (on the provider's behalf)
 * POST /cases/{id}/matching/school-answer    answer yes|no, reason (on the school's behalf)
 * POST /cases/{id}/matching/withdraw         reason
 * POST /cases/{id}/matching/appoint          note
 * Each POST needs cases-match in the case's scope; a refused step shows the
 * tab again with the error summary and the input kept (400/409).
 */
#include "domain/access.h"
#include "domain/matching.h"
#include "store/matching.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOW_SUGGESTIONS 10

static void needs_summary(Html *h, const MatchCaseData *d)
{
    char needs[600], phase[200], term[24];
    match_mask_words(MATCH_EXPERTISE, MATCH_N_EXPERTISE, d->m.needs, needs, sizeof needs);
    match_mask_words(MATCH_PHASES, MATCH_N_PHASES, d->m.phase, phase, sizeof phase);
    match_term_label(match_term_of(date_local(0)), term);
    char who[200], days[64];
    if (d->m.organisations)
        snprintf(who, sizeof who, "A supporting organisation");
    else
        match_mask_words(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, d->m.designations, who, sizeof who);
    snprintf(days, sizeof days, "%d days over %d term%s", d->m.days, d->terms, d->terms == 1 ? "" : "s");
    char from[900];
    snprintf(from, sizeof from, "%s (from %s)", d->m.needs ? needs : "None known", d->needs_from);
    GovukSummaryRow rows[] = {
        {.key = "Areas below good", .value = from},
        {.key = "Phase", .value = d->m.phase ? phase : "Not known"},
        {.key = "Region", .value = d->region},
        {.key = "Priority area", .value = d->m.priority_area ? "Yes: its local authority is a priority area"
                                                               : "No"},
        {.key = "Who is matched", .value = who},
        {.key = "A match takes", .value = days},
        {.key = "Capacity counted for", .value = term},
        {.key = "Due diligence", .value = d->m.needs_due_diligence ? "Required before the appointment"
                                                                    : "Not required by this programme"},
    };
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = (int)(sizeof rows / sizeof rows[0])});
}

/* A yes/no answer with a reason, as one form. */
static void answer_form(Req *r, Html *h, const Case *c, const char *rest, const char *legend, const char *yes,
                        const char *no, const FormErrors *errs)
{
    char action[96];
    case_href(action, sizeof action, c->id, rest);
    html_printf(h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(h, req_csrf(r));
    int mine = strcmp(r->method, "POST") == 0 && strstr(r->path, rest) != NULL;
    GovukChoice items[] = {{.value = "yes", .text = yes}, {.value = "no", .text = no}};
    govuk_radios(h, &(GovukRadios){.name = "answer", .legend = legend, .legend_classes = "govuk-fieldset__legend--s",
                                   .value = mine ? req_form(r, "answer") : "", .items = items, .n_items = 2,
                                   .error = mine ? form_errors_get(errs, "answer") : NULL});
    govuk_textarea(h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "reason", .label = "Their reason",
                                       .label_classes = "govuk-label--s",
                                       .hint = "Required when the answer is no. It is kept with the match.",
                                       .value = mine ? req_form(r, "reason") : "", .rows = 3,
                                       .error = mine ? form_errors_get(errs, "reason") : NULL});
    govuk_button(h, &(GovukButton){.text = "Record the answer", .classes = "govuk-button--secondary",
                                   .prevent_double_click = 1});
    html_lit(h, "</form>");
}

static void reason_form(Req *r, Html *h, const Case *c, const char *rest, const char *field, const char *label,
                        const char *hint, const char *button, int warning, const FormErrors *errs)
{
    char action[96];
    case_href(action, sizeof action, c->id, rest);
    int mine = strcmp(r->method, "POST") == 0 && strstr(r->path, rest) != NULL;
    html_printf(h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(h, req_csrf(r));
    govuk_textarea(h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = field, .label = label,
                                       .label_classes = "govuk-label--s", .hint = hint,
                                       .value = mine ? req_form(r, field) : "", .rows = 3,
                                       .error = mine ? form_errors_get(errs, field) : NULL});
    govuk_button(h, &(GovukButton){.text = button, .variant = warning ? GOVUK_BUTTON_WARNING : GOVUK_BUTTON_PRIMARY,
                                   .classes = warning ? NULL : "govuk-button--secondary", .prevent_double_click = 1});
    html_lit(h, "</form>");
}

static void live_section(Req *r, Html *h, const Case *c, const CaseMatch *m, const CaseTaskList *tasks,
                         int can, const FormErrors *errs)
{
    char buf[64], href[64];
    snprintf(href, sizeof href, "/providers/%lld", (long long)m->organisation_id);
    html_lit(h, "<h2 class=\"govuk-heading-m\">The match under way</h2>");
    Html name, status;
    html_init(&name);
    html_init(&status);
    html_printf(&name, "<a class=\"govuk-link\" href=\"%s\">%s</a>", href, m->name);
    govuk_tag(&status, &(GovukTag){.text = case_match_status_label(m->status),
                                   .classes = strcmp(m->status, "matched") == 0 ? "govuk-tag--green"
                                                                                 : "govuk-tag--yellow"});
    char term[24] = "", proposed[300];
    int t = match_term_parse(m->term);
    if (t >= 0)
        match_term_label(t, term);
    snprintf(proposed, sizeof proposed, "%s by %s", case_long_date(m->proposed_at, buf, sizeof buf),
             m->proposed_by ? m->proposed_by : "");
    GovukSummaryRow rows[6] = {{.key = "Provider", .value_html = &name},
                               {.key = "Status", .value_html = &status},
                               {.key = "Proposed", .value = proposed},
                               {.key = "Starts in", .value = *term ? term : "Not recorded"}};
    int n = 4;
    if (m->own_trust_reason)
        rows[n++] = (GovukSummaryRow){.key = "Why within its own trust", .value = m->own_trust_reason};
    if (m->score_words)
        rows[n++] = (GovukSummaryRow){.key = "Why it was suggested", .value = m->score_words,
                                      .classes = "rise-pre-line"};
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_free(&name);
    html_free(&status);
    if (!can || strcmp(c->status, "in progress") != 0)
        return;
    if (strcmp(m->status, "proposed") == 0) {
        html_lit(h, "<p class=\"govuk-body\">The provider's people are asked by email to answer in the service. If"
                    " they answer you another way, record it here.</p>");
        answer_form(r, h, c, "matching/provider-answer", "Can the provider support this school, with no conflict"
                    " of interest?", "Yes, they can support", "No, they cannot", errs);
    } else if (strcmp(m->status, "accepted") == 0) {
        html_lit(h, "<p class=\"govuk-body\">The school (or its responsible body) is asked by email to confirm the"
                    " match in the service. If they answer you another way, record it here.</p>");
        answer_form(r, h, c, "matching/school-answer", "Does the school agree to the match?", "Yes, it agrees",
                    "No, it does not", errs);
    } else if (strcmp(m->status, "agreed") == 0) {
        const CaseTask *ap = case_task_of_kind(tasks, "appoint");
        const CaseTask *dd = case_task_of_kind(tasks, "due-diligence");
        if (dd && dd->status != TASK_COMPLETED && dd->status != TASK_NOT_NEEDED) {
            char dhref[96], rest[96];
            snprintf(rest, sizeof rest, "tasks/%s", dd->code);
            case_href(dhref, sizeof dhref, c->id, rest);
            html_printf(h, "<div class=\"govuk-inset-text\">Due diligence must be completed before the"
                           " appointment. <a class=\"govuk-link\" href=\"%s\">%s</a></div>",
                        dhref, dd->title);
        } else if (ap && ap->status == TASK_IN_PROGRESS) {
            html_lit(h, "<div class=\"govuk-inset-text\">The appointment is waiting for the regional director's"
                        " approval.</div>");
        } else if (ap && ap->status == TASK_NOT_STARTED) {
            reason_form(r, h, c, "matching/appoint", "note", ap->title, strcmp(ap->role, "regional-director") == 0
                            ? "The regional director approves the appointment (their own is approved at once)."
                            : "Optional: anything to record with the match.",
                        strcmp(ap->role, "regional-director") == 0 ? "Send for approval" : "Record the match", 0,
                        errs);
        }
    }
    if (strcmp(m->status, "matched") != 0) {
        html_lit(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span"
                    " class=\"govuk-details__summary-text\">Withdraw this proposal</span></summary>"
                    "<div class=\"govuk-details__text\">");
        reason_form(r, h, c, "matching/withdraw", "withdraw_reason", "Why are you withdrawing it?",
                    "The case goes back to the suggestions. The provider is told.", "Withdraw the proposal", 1, errs);
        html_lit(h, "</div></details>");
    }
}

/* One suggestion: name, score, and the breakdown in a details element. */
static void suggestion_row(Req *r, Html *h, const Case *c, const Candidate *cand, const Suggestion *s, int rank,
                           int can_propose, const MatchCaseData *d, const FormErrors *errs)
{
    char href[64], action[96];
    snprintf(href, sizeof href, "/providers/%lld", (long long)cand->id);
    case_href(action, sizeof action, c->id, "matching/propose");
    html_printf(h, "<div class=\"rise-suggestion govuk-!-margin-bottom-6\"><h3 class=\"govuk-heading-s"
                   " govuk-!-margin-bottom-1\">%d. <a class=\"govuk-link\" href=\"%s\">%s</a></h3>",
                rank, href, cand->name);
    if (s->failed == HARD_OK) {
        html_printf(h, "<p class=\"govuk-body govuk-!-margin-bottom-1\"><strong>Score %d of 100</strong>", s->score.total);
        if (s->score.miles == 0)
            html_lit(h, " &middot; less than a mile away");
        else if (s->score.miles > 0)
            html_printf(h, " &middot; %d mile%s away", s->score.miles, s->score.miles == 1 ? "" : "s");
        if (s->score.far)
            html_lit(h, " &middot; <strong class=\"govuk-tag govuk-tag--orange\">Over the travel distance</strong>");
        html_lit(h, "</p><ul class=\"govuk-list govuk-list--bullet govuk-body-s\">");
        for (int i = 0; i < SOFT_COUNT; i++)
            html_printf(h, "<li>%s (%d of %d): %s</li>", MATCH_SOFT_RULES[i].label, s->score.parts[i].points,
                        s->score.parts[i].max, s->score.parts[i].words);
        html_lit(h, "</ul>");
    } else {
        char detail[300] = "";
        match_hard(cand, &d->m, detail, sizeof detail);
        html_printf(h, "<p class=\"govuk-body govuk-!-margin-bottom-1\">%s</p>",
                    *detail ? detail : MATCH_HARD_RULES[s->failed].message);
    }
    int own_trust = s->failed == HARD_CONFLICT && match_conflict(cand, &d->m) == CONFLICT_OWN_TRUST;
    if (can_propose && (s->failed == HARD_OK || own_trust)) {
        char org[24];
        snprintf(org, sizeof org, "%lld", (long long)cand->id);
        int mine = strcmp(r->method, "POST") == 0 && strcmp(req_form(r, "org"), org) == 0;
        html_printf(h, "<form method=\"post\" action=\"%s\" novalidate><input type=\"hidden\" name=\"org\""
                       " value=\"%s\">", action, org);
        govuk_csrf_field(h, req_csrf(r));
        char fid[48];
        snprintf(fid, sizeof fid, mine ? "own_trust_reason" : "own_trust_reason-%s", org);
        if (own_trust)
            govuk_textarea(h, &(GovukTextarea){
                                  .max_chars = CASE_TEXT_MAX, .id = fid, .name = "own_trust_reason",
                                  .label = "Why is support from within its own trust clearly the most effective?",
                                  .label_classes = "govuk-label--s",
                                  .hint = "Seed 002, section 2.5: only where it is clear that this would be the"
                                          " most effective form of support.",
                                  .value = mine ? req_form(r, "own_trust_reason") : "", .rows = 3,
                                  .error = mine ? form_errors_get(errs, "own_trust_reason") : NULL});
        char text[160];
        snprintf(text, sizeof text, "Propose %s", cand->name);
        govuk_button(h, &(GovukButton){.text = text, .classes = "govuk-button--secondary govuk-!-margin-bottom-0",
                                       .prevent_double_click = 1});
        html_lit(h, "</form>");
    }
    html_lit(h, "</div>");
}

static void suggestions_section(Req *r, Html *h, const Case *c, const MatchCaseData *d, int can_propose,
                                const FormErrors *errs)
{
    MatchPool pool;
    if (match_pool_load(r->db, match_term_of(date_local(0)), c->id, &pool) != 0) {
        html_lit(h, "<p class=\"govuk-body\">The register could not be read.</p>");
        return;
    }
    Suggestion *s = xcalloc(pool.n ? pool.n : 1, sizeof *s);
    size_t pass = match_suggest(pool.c, pool.n, &d->m, s);
    html_printf(h, "<h2 class=\"govuk-heading-m\">Suggestions</h2><p class=\"govuk-body\">%zu of the %zu on the"
                   " register can be matched to this case, best first. Each score is out of 100; the parts say"
                   " why.</p>",
                pass, pool.n);
    Scope own = {.region = c->region};
    if (can_propose && r->who.region && authorise(&r->who, PERM_CASES_MATCH, &own) == ACCESS_ALLOW)
        html_lit(h, "<p class=\"govuk-body\">To propose for every waiting case in the region at once, under every"
                    " provider's capacity, <a class=\"govuk-link\" href=\"/matching\">match the cohort</a>.</p>");
    if (!pass)
        html_lit(h, "<div class=\"govuk-inset-text\">No provider passes every rule for this case. Add capacity or"
                    " due diligence on the register, or look below at why each is not suggested.</div>");
    for (size_t i = 0; i < pass && i < SHOW_SUGGESTIONS; i++)
        suggestion_row(r, h, c, &pool.c[s[i].index], &s[i], (int)i + 1, can_propose, d, errs);
    if (pool.n > pass) {
        html_printf(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span"
                       " class=\"govuk-details__summary-text\">Not suggested (%zu), and why</span></summary>"
                       "<div class=\"govuk-details__text\">",
                    pool.n - pass);
        for (size_t i = pass; i < pool.n && i < pass + 100; i++)
            suggestion_row(r, h, c, &pool.c[s[i].index], &s[i], (int)(i - pass) + 1, can_propose, d, errs);
        if (pool.n - pass > 100)
            html_printf(h, "<p class=\"govuk-body\">and %zu more.</p>", pool.n - pass - 100);
        html_lit(h, "</div></details>");
    }
    free(s);
    match_pool_free(&pool);
}

static void history_section(Html *h, const CaseMatchList *l)
{
    size_t earlier = 0;
    for (size_t i = 0; i < l->n; i++)
        earlier += !match_status_holds(l->items[i].status);
    if (!earlier)
        return;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Earlier proposals</h2>");
    GovukTableCell head[] = {{.text = "Provider"}, {.text = "What happened"}, {.text = "When"}, {.text = "Reason"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 4});
    for (size_t i = 0; i < l->n; i++) {
        const CaseMatch *m = &l->items[i];
        if (match_status_holds(m->status))
            continue;
        char when[64];
        GovukTableCell cells[] = {{.text = m->name},
                                  {.text = case_match_status_label(m->status)},
                                  {.text = case_long_date(m->since, when, sizeof when)},
                                  {.text = m->reason ? m->reason : ""}};
        govuk_table_row(h, cells, 4, 0);
    }
    govuk_table_close(h);
}

static void render(Req *r, Resp *w, const Case *c, const FormErrors *errs, int status)
{
    Html h;
    html_init(&h);
    MatchCaseData d;
    CaseMatchList l = {0};
    CaseTaskList tasks = {0};
    if (match_case_load(r->db, c, &d) != 0 || case_matches(r->db, c->id, &l) != 0 ||
        case_tasks(r->db, c->id, &tasks) != 0) {
        case_match_list_free(&l);
        case_task_list_free(&tasks);
        html_free(&h);
        page_error(r, w, 500);
        return;
    }
    int can = case_can(r, c, PERM_CASES_MATCH);
    const CaseMatch *live = case_match_live(&l);
    const CaseTask *pk = case_task_of_kind(&tasks, "propose");
    html_lit(&h, "<h2 class=\"govuk-heading-m\">What the school needs</h2>");
    needs_summary(&h, &d);
    if (live)
        live_section(r, &h, c, live, &tasks, can, errs);
    if (!pk) {
        html_lit(&h, "<div class=\"govuk-inset-text\">This programme has no matching step.</div>");
    } else if (pk->status == TASK_NOT_NEEDED) {
        html_lit(&h, "<div class=\"govuk-inset-text\">This case is on the review path: no supporting organisation is"
                     " commissioned. To switch it to matching, record a new diagnosis decision.</div>");
    } else if (!live) {
        int ready = pk->status == TASK_NOT_STARTED || pk->status == TASK_IN_PROGRESS;
        if (!ready) {
            char href[96], rest[96];
            snprintf(rest, sizeof rest, "tasks/%s", pk->code);
            case_href(href, sizeof href, c->id, rest);
            html_printf(&h, "<div class=\"govuk-inset-text\">Proposing a provider comes after the steps before <a"
                            " class=\"govuk-link\" href=\"%s\">%s</a>. The suggestions below show who would fit"
                            " today.</div>",
                        href, pk->title);
        }
        suggestions_section(r, &h, c, &d, can && ready && strcmp(c->status, "in progress") == 0, errs);
    }
    history_section(&h, &l);
    case_page(r, w, c, "Matching", "matching", errs, &h);
    if (status)
        w->status = status;
    case_match_list_free(&l);
    case_task_list_free(&tasks);
    html_free(&h);
}

/* GET /cases/{id}/matching */
void page_case_matching(Req *r, Resp *w)
{
    Case c;
    if (!case_load(r, w, PERM_CASES_READ, &c))
        return;
    FormErrors errs = {0};
    render(r, w, &c, &errs, 0);
    case_free(&c);
}

/* After a step: back to the tab with a message, or the tab with the refusal. */
static void finish(Req *r, Resp *w, Case *c, int rc, const char *why, const char *field, const char *flash,
                   FormErrors *errs)
{
    if (rc == CW_OK) {
        case_change_done(r, w, c, rc, flash, "matching");
    } else if (rc == CW_REFUSED) {
        form_errors_add(errs, field, why);
        render(r, w, c, errs, 409);
    } else {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
    }
    case_free(c);
}

/* POST /cases/{id}/matching/propose */
void page_case_matching_propose(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MATCH, &c))
        return;
    FormErrors errs = {0};
    int64_t org = strtoll(req_form(r, "org"), NULL, 10);
    const char *reason = req_form(r, "own_trust_reason");
    const char *why = NULL;
    int rc;
    if (strlen(reason) > CASE_TEXT_MAX) {
        why = "The reason must be 4000 characters or fewer";
        rc = CW_REFUSED;
    } else {
        rc = match_propose(r->db, &r->actor, c.id, org, *reason ? reason : NULL, &why);
    }
    finish(r, w, &c, rc, why, why && strstr(why, "own trust") ? "own_trust_reason" : "", "The provider is proposed"
           " and has been asked by email", &errs);
}

static int read_answer(Req *r, FormErrors *errs, int *yes, const char **reason)
{
    const char *a = req_form(r, "answer");
    *reason = req_form(r, "reason");
    *yes = strcmp(a, "yes") == 0;
    if (!*yes && strcmp(a, "no") != 0)
        form_errors_add(errs, "answer", "Select the answer");
    else if (!*yes && !**reason)
        form_errors_add(errs, "reason", "Enter their reason");
    if (strlen(*reason) > CASE_TEXT_MAX)
        form_errors_add(errs, "reason", "The reason must be 4000 characters or fewer");
    return errs->n == 0;
}

/* An answer recorded on the provider's or the school's behalf. */
static void answer_submit(Req *r, Resp *w, int provider)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MATCH, &c))
        return;
    FormErrors errs = {0};
    int yes;
    const char *reason, *why = NULL;
    if (!read_answer(r, &errs, &yes, &reason)) {
        render(r, w, &c, &errs, 400);
        case_free(&c);
        return;
    }
    int rc;
    if (provider) {
        CaseMatchList l;
        int64_t org = 0;
        if (case_matches(r->db, c.id, &l) == 0) {
            const CaseMatch *m = case_match_live(&l);
            org = m ? m->organisation_id : 0;
            case_match_list_free(&l);
        }
        rc = match_provider_answer(r->db, &r->actor, c.id, org, yes, *reason ? reason : NULL, &why);
    } else {
        rc = match_school_answer(r->db, &r->actor, c.id, yes, *reason ? reason : NULL, &why);
    }
    const char *done = provider ? (yes ? "The provider's answer is recorded: the school is asked to confirm"
                                       : "The provider's answer is recorded: the case is back to the suggestions")
                                : (yes ? "The school's answer is recorded"
                                       : "The school's answer is recorded: the case is back to the suggestions");
    finish(r, w, &c, rc, why, "answer", done, &errs);
}

/* POST /cases/{id}/matching/provider-answer */
void page_case_matching_provider_answer(Req *r, Resp *w)
{
    answer_submit(r, w, 1);
}

/* POST /cases/{id}/matching/school-answer */
void page_case_matching_school_answer(Req *r, Resp *w)
{
    answer_submit(r, w, 0);
}

/* POST /cases/{id}/matching/withdraw */
void page_case_matching_withdraw(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MATCH, &c))
        return;
    FormErrors errs = {0};
    const char *reason = req_form(r, "withdraw_reason"), *why = NULL;
    if (!*reason || strlen(reason) > CASE_TEXT_MAX) {
        form_errors_add(&errs, "withdraw_reason", *reason ? "The reason must be 4000 characters or fewer"
                                                          : "Enter why you are withdrawing the proposal");
        render(r, w, &c, &errs, 400);
        case_free(&c);
        return;
    }
    int rc = match_withdraw(r->db, &r->actor, c.id, reason, &why);
    finish(r, w, &c, rc, why, "withdraw_reason", "The proposal is withdrawn", &errs);
}

/* POST /cases/{id}/matching/appoint */
void page_case_matching_appoint(Req *r, Resp *w)
{
    Case c;
    if (!case_load_for_change(r, w, PERM_CASES_MATCH, &c))
        return;
    FormErrors errs = {0};
    const char *note = req_form(r, "note"), *why = NULL;
    if (strlen(note) > CASE_TEXT_MAX) {
        form_errors_add(&errs, "note", "The note must be 4000 characters or fewer");
        render(r, w, &c, &errs, 400);
        case_free(&c);
        return;
    }
    int rc = match_appoint(r->db, &r->actor, c.id, *note ? note : NULL, &why);
    finish(r, w, &c, rc, why, "note", "The appointment is recorded", &errs);
}
