/*
 * your_cases.c - what the people outside DfE see of their cases (issue 11
 * items 4 and 5; docs/decisions/0016-people-outside-dfe.md).
 *
 * A school's, trust's, local authority's or supporting organisation's staff
 * see their own cases here, never the caseworkers' pages: what the support
 * is, where it stands in plain words, who their contact at DfE is, and what
 * is asked of them. Nothing internal is shown: no notes, no decisions log,
 * no concerns, no contacts, no one else's records. Every page asks
 * authorise() with the case's scope (PERM_CASE_EXTERNAL); a school and its
 * responsible body answer the offer of support (PERM_CASE_RESPOND) through
 * the same task a caseworker records it with, and the delivery officer is
 * emailed.
 */
#include "core/date.h"
#include "store/casework.h"
#include "store/external_accounts.h"
#include "store/matching.h"
#include "store/plans.h"
#include "store/screening.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/grant_common.h"
#include "web/pages/case_common.h"
#include "web/pages/claims.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t id_param(Req *r)
{
    const char *p = req_param(r, 0);
    char *end;
    long long v = strtoll(p, &end, 10);
    return (*p && !*end && v > 0) ? (int64_t)v : 0;
}

/* Loads the case of the route and checks perm with its scope: 404 for no
   such case and 404 too for a case not theirs, so that a stranger cannot
   learn which case numbers exist. */
static int load(Req *r, Resp *w, Perm perm, Case *c)
{
    int64_t id = id_param(r);
    int rc = id ? case_get(r->db, id, c) : 0;
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    Scope s = case_scope(c);
    int theirs = authorise(&r->who, PERM_CASE_EXTERNAL, &s) == ACCESS_ALLOW;
    if (!theirs || (perm != PERM_CASE_EXTERNAL && authorise(&r->who, perm, &s) != ACCESS_ALLOW)) {
        case_free(c);
        page_error(r, w, theirs ? 403 : 404);
        return 0;
    }
    return 1;
}

/* The case's status in plain words. */
static const char *status_words(const Case *c)
{
    if (strcmp(c->status, "paused") == 0)
        return "Paused";
    if (strcmp(c->status, "stopped") == 0)
        return "Stopped";
    if (strcmp(c->status, "closed") == 0)
        return "Finished";
    return "In progress";
}

static const char *programme_words(const char *code)
{
    if (code && strncmp(code, "rise", 4) == 0)
        return "RISE (Regional Improvement for Standards and Excellence): support from a RISE adviser and a"
               " supporting organisation, with a grant, to help the school improve";
    if (code && strncmp(code, "si-", 3) == 0)
        return "School improvement offer: support from a National Leader of Education, with a grant";
    if (code && strncmp(code, "tsio", 4) == 0)
        return "Trust and school improvement offer: days of support from a system leader";
    return "School improvement support from the Department for Education";
}

typedef struct Answer {
    int exists;     /* the programme asks the school to answer */
    int available;  /* the task can be done now */
    int accepted;   /* the last answer: 1 accepted, 0 declined, -1 none */
    char on[11];
    char reason[CASE_TEXT_MAX + 1];
} Answer;

/* Where the school's answer stands, from the case's response task. */
static void read_answer(Req *r, const Case *c, Answer *a, char code[64])
{
    memset(a, 0, sizeof *a);
    a->accepted = -1;
    code[0] = '\0';
    CaseTaskList l;
    if (case_tasks(r->db, c->id, &l) != 0)
        return;
    for (size_t i = 0; i < l.n; i++) {
        const CaseTask *t = &l.items[i];
        if (strcmp(t->kind, "response") != 0)
            continue;
        a->exists = 1;
        snprintf(code, 64, "%s", t->code);
        a->available = t->status == TASK_NOT_STARTED || t->status == TASK_IN_PROGRESS;
        json_t *d = json_loads(t->data ? t->data : "{}", 0, NULL);
        const char *outcome = json_string_value(json_object_get(d, "outcome"));
        const char *on = json_string_value(json_object_get(d, "on"));
        const char *reason = json_string_value(json_object_get(d, "reason"));
        if (outcome && (t->status == TASK_COMPLETED || t->status == TASK_IN_PROGRESS)) {
            a->accepted = strcmp(outcome, "accepted") == 0;
            snprintf(a->on, sizeof a->on, "%s", on ? on : "");
            snprintf(a->reason, sizeof a->reason, "%s", reason ? reason : "");
        }
        json_decref(d);
        break;
    }
    case_task_list_free(&l);
}

/* GET /your-cases */
void page_your_cases(Req *r, Resp *w)
{
    Html h;
    html_init(&h);
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Your cases</h1>");
    /* candidates by the organisation, then each checked by authorise() */
    int64_t ids[200];
    size_t n;
    if (external_case_candidates(r->db, r->who.org_kind, r->who.organisation, 0, ids, sizeof ids / sizeof ids[0],
                                 &n) != 0) {
        html_free(&h);
        page_error(r, w, 500);
        return;
    }
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        Case c;
        if (case_get(r->db, ids[i], &c) != 1)
            continue;
        Scope s = case_scope(&c);
        if (authorise(&r->who, PERM_CASE_EXTERNAL, &s) == ACCESS_ALLOW) {
            if (shown++ == 0)
                html_lit(&h, "<ul class=\"govuk-list govuk-list--spaced\">");
            Answer a;
            char code[64];
            read_answer(r, &c, &a, code);
            html_printf(&h, "<li><a class=\"govuk-link govuk-!-font-weight-bold\" href=\"/your-cases/%lld\">%s</a><br>%s"
                            " &middot; %s",
                        (long long)c.id, c.subject_name, programme_label(c.programme), status_words(&c));
            if (a.exists && a.available && a.accepted != 1 && strcmp(c.status, "in progress") == 0 &&
                authorise(&r->who, PERM_CASE_RESPOND, &s) == ACCESS_ALLOW)
                html_lit(&h, " &middot; <strong class=\"govuk-tag govuk-tag--blue\">Your answer is needed</strong>");
            html_lit(&h, "</li>");
        }
        case_free(&c);
    }
    if (shown)
        html_lit(&h, "</ul>");
    else
        html_lit(&h, "<p class=\"govuk-body\">You have no cases at the moment. When the Department for Education"
                     " offers support that involves you, it will appear here and you will get an email.</p>");
    PageOpts o = {.title = "Your cases", .nav = "your-cases"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* GET /your-cases/{id} */
/* The match under way, as the provider or the school sees it, and the
   question it asks of them (issue 12 item 7). */
static void match_section(Req *r, Html *h, const Case *c, const FormErrors *errs)
{
    CaseMatchList l;
    if (case_matches(r->db, c->id, &l) != 0)
        return;
    const CaseMatch *m = case_match_live(&l);
    Scope s = case_scope(c);
    int provider = authorise(&r->who, PERM_CASE_PROVIDER_ANSWER, &s) == ACCESS_ALLOW;
    int school = authorise(&r->who, PERM_CASE_RESPOND, &s) == ACCESS_ALLOW;
    char mine[24] = "";
    if (r->who.organisation)
        snprintf(mine, sizeof mine, "%s", r->who.organisation);
    if (provider && m && m->organisation_id != strtoll(mine, NULL, 10))
        m = NULL; /* another provider's match is not theirs to see */
    if (!m) {
        if (provider)
            html_lit(h, "<h2 class=\"govuk-heading-m\">The match</h2><p class=\"govuk-body\">You are no longer"
                        " proposed for this school.</p>");
        case_match_list_free(&l);
        return;
    }
    html_lit(h, "<h2 class=\"govuk-heading-m\">Who will support the school</h2>");
    const char *words = strcmp(m->status, "matched") == 0 ? "Matched: the support is agreed"
                        : strcmp(m->status, "agreed") == 0 ? "Agreed by the school and the provider: waiting for"
                                                             " the Department for Education's appointment"
                        : strcmp(m->status, "accepted") == 0 ? "The provider can support: waiting for the school to"
                                                               " agree"
                                                             : "Proposed: waiting for the provider's answer";
    GovukSummaryRow rows[3] = {{.key = "Proposed provider", .value = m->name}, {.key = "Where it stands",
                                                                                .value = words}};
    int n = 2;
    MatchCaseData d;
    char needs[600];
    if (provider && match_case_load(r->db, c, &d) == 0) {
        match_mask_words(MATCH_EXPERTISE, MATCH_N_EXPERTISE, d.m.needs, needs, sizeof needs);
        rows[n++] = (GovukSummaryRow){.key = "Areas below good at its latest inspection",
                                      .value = d.m.needs ? needs : "None known"};
    }
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    const char *rest = NULL, *legend = NULL, *yes = NULL, *no = NULL;
    if (provider && strcmp(m->status, "proposed") == 0) {
        rest = "provider-answer";
        legend = "Can you support this school, with no conflict of interest?";
        yes = "Yes, we can support it and have no conflict";
        no = "No, we cannot";
    } else if (school && strcmp(m->status, "accepted") == 0) {
        rest = "match-answer";
        legend = "Do you agree to this provider supporting the school?";
        yes = "Yes, we agree";
        no = "No, we do not agree";
    }
    if (rest && strcmp(c->status, "in progress") == 0) {
        char action[96];
        snprintf(action, sizeof action, "/your-cases/%lld/%s", (long long)c->id, rest);
        int posted = strcmp(r->method, "POST") == 0;
        html_printf(h, "<form method=\"post\" action=\"%s\" novalidate>", action);
        govuk_csrf_field(h, req_csrf(r));
        GovukChoice items[] = {{.value = "yes", .text = yes}, {.value = "no", .text = no}};
        govuk_radios(h, &(GovukRadios){.name = "answer", .legend = legend,
                                       .legend_classes = "govuk-fieldset__legend--m",
                                       .value = posted ? req_form(r, "answer") : "", .items = items, .n_items = 2,
                                       .error = form_errors_get(errs, "answer")});
        govuk_textarea(h, &(GovukTextarea){.max_chars = CASE_TEXT_MAX, .name = "reason", .label = "Your reasons",
                                           .label_classes = "govuk-label--s",
                                           .hint = "Required if your answer is no. The regional team sees it.",
                                           .value = posted ? req_form(r, "reason") : "", .rows = 4,
                                           .error = form_errors_get(errs, "reason")});
        govuk_button(h, &(GovukButton){.text = "Send your answer", .prevent_double_click = 1});
        html_lit(h, "</form>");
    }
    case_match_list_free(&l);
}

static void render_case(Req *r, Resp *w, Case *c, const FormErrors *errs, int status);

/* The case's plan (issue 13), for the provider that writes it and the school
   that signs it: where it stands and what is asked of them. */
static void plan_section(Req *r, Html *h, const Case *c)
{
    Scope s = case_scope(c);
    if (authorise(&r->who, PERM_PLAN_READ, &s) != ACCESS_ALLOW)
        return;
    PlanRecord p;
    if (plan_load(r->db, c, &p) != 1)
        return;
    int writer = authorise(&r->who, PERM_PLAN_WRITE, &s) == ACCESS_ALLOW;
    int signer = authorise(&r->who, PERM_PLAN_SIGN, &s) == ACCESS_ALLOW;
    const char *asked = NULL;
    if (writer && (strcmp(p.status, PLAN_DRAFT) == 0 || strcmp(p.status, PLAN_RETURNED) == 0))
        asked = strcmp(p.status, PLAN_RETURNED) == 0 ? "It was returned with comments: please change it and submit it"
                                                     " again."
                                                   : "You write it here: save it as you go and submit it when it is"
                                                     " ready.";
    else if (signer && strcmp(p.status, PLAN_SIGNING) == 0)
        asked = "The headteacher or trust CEO and the chair of governors are asked to sign it off.";
    if (p.version == 0 && !writer) {
        plan_record_free(&p);
        return; /* nothing to show the school until it is submitted */
    }
    char href[64];
    snprintf(href, sizeof href, "/plans/%lld", (long long)c->id);
    html_printf(h, "<h2 class=\"govuk-heading-m\">%s</h2><p class=\"govuk-body\">%s.%s%s</p>"
                   "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Go to the %s</a></p>",
                plan_kind_label(p.kind), plan_status_label(p.status), asked ? " " : "", asked ? asked : "", href,
                plan_kind_noun(p.kind));
    plan_record_free(&p);
}

void page_your_case(Req *r, Resp *w)
{
    Case c;
    if (!load(r, w, PERM_CASE_EXTERNAL, &c))
        return;
    FormErrors none = {0};
    render_case(r, w, &c, &none, 200);
    case_free(&c);
}

static void match_answer(Req *r, Resp *w, int provider)
{
    Case c;
    if (!load(r, w, provider ? PERM_CASE_PROVIDER_ANSWER : PERM_CASE_RESPOND, &c))
        return;
    FormErrors errs = {0};
    const char *a = req_form(r, "answer"), *reason = req_form(r, "reason"), *why = NULL;
    int yes = strcmp(a, "yes") == 0;
    if (!yes && strcmp(a, "no") != 0)
        form_errors_add(&errs, "answer", "Select your answer");
    else if (!yes && !*reason)
        form_errors_add(&errs, "reason", "Enter your reasons");
    if (strlen(reason) > CASE_TEXT_MAX)
        form_errors_add(&errs, "reason", "Your reasons must be 4000 characters or fewer");
    if (!errs.n) {
        int rc = provider ? match_provider_answer(r->db, &r->actor, c.id, strtoll(r->who.organisation, NULL, 10), yes,
                                                  *reason ? reason : NULL, &why)
                          : match_school_answer(r->db, &r->actor, c.id, yes, *reason ? reason : NULL, &why);
        if (rc == CW_OK) {
            char href[64];
            snprintf(href, sizeof href, "/your-cases/%lld", (long long)c.id);
            req_flash(r, "Thank you: your answer has been sent to the regional team");
            resp_redirect(w, href);
            case_free(&c);
            return;
        }
        if (rc != CW_REFUSED) {
            page_error(r, w, 500);
            case_free(&c);
            return;
        }
        form_errors_add(&errs, "answer", why);
    }
    render_case(r, w, &c, &errs, why ? 409 : 400);
    case_free(&c);
}

/* POST /your-cases/{id}/provider-answer */
void page_your_case_provider_answer(Req *r, Resp *w)
{
    match_answer(r, w, 1);
}

/* POST /your-cases/{id}/match-answer */
void page_your_case_match_answer(Req *r, Resp *w)
{
    match_answer(r, w, 0);
}

static void render_case(Req *r, Resp *w, Case *c_, const FormErrors *errs, int status)
{
    Case c = *c_;
    Scope s = case_scope(&c);
    int can_answer = authorise(&r->who, PERM_CASE_RESPOND, &s) == ACCESS_ALLOW;
    Answer a;
    char code[64];
    read_answer(r, &c, &a, code);
    char *do_email = NULL;
    if (c.delivery_officer_id) {
        sqlite3_stmt *st = db_stmt(r->db, "SELECT email FROM users WHERE id = ? AND disabled_at IS NULL");
        if (st) {
            db_bind_int64(st, 1, c.delivery_officer_id);
            if (sqlite3_step(st) == SQLITE_ROW)
                do_email = db_col_dup(st, 0);
            sqlite3_reset(st);
        }
    }
    Html h, before, contact, words;
    html_init(&h);
    html_init(&before);
    html_init(&contact);
    html_init(&words);
    govuk_back_link(&before, &(GovukBackLink){.href = "/your-cases", .text = "Your cases"});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    page_flash(r, &h);
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                programme_label(c.programme), c.subject_name);
    if (c.delivery_officer) {
        html_printf(&contact, "%s", c.delivery_officer);
        if (do_email)
            html_printf(&contact, "<br><a class=\"govuk-link\" href=\"mailto:%s\">%s</a>", do_email, do_email);
    } else {
        html_lit(&contact, "Not yet named: the regional team will tell you");
    }
    char opened[40];
    char day[11] = "";
    if (c.opened_at)
        snprintf(day, sizeof day, "%.10s", c.opened_at);
    case_long_date(day, opened, sizeof opened);
    html_printf(&words, "%s", programme_words(c.programme));
    GovukSummaryRow rows[5];
    int nr = 0;
    rows[nr++] = (GovukSummaryRow){.key = "Support", .value_html = &words};
    rows[nr++] = (GovukSummaryRow){.key = "Status", .value = status_words(&c)};
    rows[nr++] = (GovukSummaryRow){.key = "Started", .value = opened};
    rows[nr++] = (GovukSummaryRow){.key = "Your contact at the Department for Education", .value_html = &contact};
    if (c.adviser)
        rows[nr++] = (GovukSummaryRow){.key = "RISE adviser", .value = c.adviser};
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = nr});

    if (a.exists) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Accepting the support</h2>");
        char on[40];
        case_long_date(a.on, on, sizeof on);
        if (a.accepted == 1) {
            html_printf(&h, "<p class=\"govuk-body\">The support was accepted on %s.</p>", on);
        } else if (a.accepted == 0) {
            html_printf(&h, "<p class=\"govuk-body\">The support was declined on %s.</p>", on);
            if (a.reason[0])
                html_printf(&h, "<div class=\"govuk-inset-text\">%s</div>", a.reason);
            if (can_answer && a.available && strcmp(c.status, "in progress") == 0)
                html_lit(&h, "<p class=\"govuk-body\">You can change your answer.</p>");
        } else if (!a.available) {
            html_lit(&h, "<p class=\"govuk-body\">Your contact at the Department for Education will talk to you"
                         " about the support first. You will then be asked whether you accept it.</p>");
        } else {
            html_lit(&h, "<p class=\"govuk-body\">We need to know whether you accept the support offered.</p>");
        }
        if (can_answer && a.available && a.accepted != 1 && strcmp(c.status, "in progress") == 0) {
            char href[64];
            snprintf(href, sizeof href, "/your-cases/%lld/answer", (long long)c.id);
            govuk_button(&h, &(GovukButton){.text = a.accepted == 0 ? "Change your answer" : "Give your answer",
                                            .href = href});
        }
    }
    match_section(r, &h, &c, errs);
    plan_section(r, &h, &c);
    grants_your_case_section(r, &h, &c); /* issue 14: pages/grants.c */
    claims_section(r, &h, &c);           /* issue 14: pages/claims.c */
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Questions</h2><p class=\"govuk-body\">If anything here is wrong"
                 " or you have a question, contact the person named above.</p></div></div>");
    PageOpts o = {.title = c.subject_name, .nav = "your-cases", .before = &before, .has_errors = errs->n > 0};
    page_render(r, w, status, &o, &h);
    html_free(&h);
    html_free(&before);
    html_free(&contact);
    html_free(&words);
    free(do_email);
}

static void render_answer(Req *r, Resp *w, const Case *c, const char *answer, const char *reason,
                          const FormErrors *errs)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    char back[64], action[64];
    snprintf(back, sizeof back, "/your-cases/%lld", (long long)c->id);
    snprintf(action, sizeof action, "/your-cases/%lld/answer", (long long)c->id);
    govuk_back_link(&before, &(GovukBackLink){.href = back});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span>", c->subject_name);
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    GovukChoice items[] = {{.value = "accepted", .text = "Yes, we accept the support"},
                           {.value = "declined", .text = "No, we do not accept it"}};
    govuk_radios(&h, &(GovukRadios){.name = "answer", .legend = "Do you accept the support offered?",
                                    .legend_is_heading = 1, .value = answer, .items = items, .n_items = 2,
                                    .error = form_errors_get(errs, "answer")});
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .label = "Anything you want us to know",
                                        .label_classes = "govuk-label--s",
                                        .hint = "If you do not accept the support, tell us why. Your delivery officer"
                                                " will read this.",
                                        .value = reason, .max_chars = CASE_TEXT_MAX,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Send your answer", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Do you accept the support offered?", .nav = "your-cases", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* Refuses an answer that cannot be given now, with the case page's reason. */
static int answerable(Req *r, Resp *w, const Case *c, Answer *a, char code[64])
{
    read_answer(r, c, a, code);
    if (a->exists && a->available && a->accepted != 1 && strcmp(c->status, "in progress") == 0)
        return 1;
    char back[64];
    snprintf(back, sizeof back, "/your-cases/%lld", (long long)c->id);
    req_flash(r, a->accepted == 1 ? "The support has already been accepted"
                                  : "An answer cannot be given at the moment: your contact at the Department for"
                                    " Education will tell you when");
    resp_redirect(w, back);
    return 0;
}

/* GET /your-cases/{id}/answer */
void page_your_case_answer_form(Req *r, Resp *w)
{
    Case c;
    if (!load(r, w, PERM_CASE_RESPOND, &c))
        return;
    Answer a;
    char code[64];
    if (answerable(r, w, &c, &a, code)) {
        FormErrors errs = {0};
        render_answer(r, w, &c, "", "", &errs);
    }
    case_free(&c);
}

/* POST /your-cases/{id}/answer */
void page_your_case_answer_submit(Req *r, Resp *w)
{
    Case c;
    if (!load(r, w, PERM_CASE_RESPOND, &c))
        return;
    Answer a;
    char code[64];
    if (!answerable(r, w, &c, &a, code)) {
        case_free(&c);
        return;
    }
    const char *answer = req_form(r, "answer");
    const char *reason = req_form(r, "reason");
    FormErrors errs = {0};
    int accepted = strcmp(answer, "accepted") == 0;
    if (!accepted && strcmp(answer, "declined") != 0)
        form_errors_add(&errs, "answer", "Select yes if you accept the support");
    else if (!accepted && !*reason)
        form_errors_add(&errs, "reason", "Tell us why you do not accept the support");
    if (strlen(reason) > CASE_TEXT_MAX)
        form_errors_add(&errs, "reason", "What you want us to know must be 4000 characters or fewer");
    if (errs.n) {
        render_answer(r, w, &c, answer, reason, &errs);
        case_free(&c);
        return;
    }
    char today[11];
    case_today(r, today);
    json_t *d = json_pack("{s:s, s:s, s:s}", "on", today, "outcome", accepted ? "accepted" : "declined", "reason",
                          *reason ? reason : "No comments given");
    char *data = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    TaskSave t = {.code = code, .data = data, .done_on = today, .complete = 1,
                  .outcome = accepted ? "accepted" : "declined"};
    const char *why = NULL;
    int rc = data ? case_task_save(r->db, &r->actor, c.id, &t, &why) : CW_ERROR;
    free(data);
    if (rc == CW_REFUSED) {
        char back[64];
        snprintf(back, sizeof back, "/your-cases/%lld", (long long)c.id);
        req_flash(r, why ? why : "Your answer could not be recorded");
        resp_redirect(w, back);
        case_free(&c);
        return;
    }
    if (rc != CW_OK) {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
        case_free(&c);
        return;
    }
    char back[64];
    snprintf(back, sizeof back, "/your-cases/%lld", (long long)c.id);
    req_flash(r, accepted ? "Thank you: your answer has been sent. Your contact at the Department for Education will"
                            " be in touch about the next steps."
                          : "Your answer has been sent. Your contact at the Department for Education will be in"
                            " touch.");
    resp_redirect(w, back);
    case_free(&c);
}
