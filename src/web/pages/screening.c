/*
 * screening.c - the screening queue: schools and trusts the eligibility
 * rules pick out for a programme, in the user's region, that have no
 * decision yet; the evidence behind each; and the decision a delivery
 * officer or regional director records (open a case, or set it aside, with
 * a rationale), including "add by exception" for those the rules did not
 * pick. Every decision is audited (store/cases.c).
 */
#include "core/date.h"
#include "domain/eligibility.h"
#include "store/cases.h"
#include "store/schools.h"
#include "store/screening.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_PER_PAGE 50

static const GovukChoice RISE_CATEGORY_CHOICES[] = {
    {.value = "universal", .text = "Universal", .hint = "Minimal issues: signposting to hubs, training and programmes"},
    {.value = "targeted", .text = "Targeted",
     .hint = "One or several issues needing intensive support, with the leadership capacity to improve"},
    {.value = "intervention", .text = "Intervention", .hint = "Structural intervention, for example special measures"},
};

static int rise_category_valid(const char *c)
{
    return strcmp(c, "universal") == 0 || strcmp(c, "targeted") == 0 || strcmp(c, "intervention") == 0;
}

/* The region a user screens: their own when they have one, else the one
   asked for ("" meaning all of England). */
static const char *screening_region(Req *r)
{
    if (r->who.region && *r->who.region)
        return r->who.region;
    const char *q = req_query(r, "region");
    return region_valid(q) ? q : "";
}

/* "A delivery officer or regional director records a decision", within
   their own region (authorise() compares the row's region with theirs). */
static int can_decide(Req *r, const char *row_region)
{
    Scope scope = {.region = row_region};
    return authorise(&r->who, PERM_SCREENING_DECIDE, &scope) == ACCESS_ALLOW;
}

/* The programme's default as-at date: its first day, or today for an
   open-ended programme. */
static void as_at_default(Req *r, const Programme *p, char out[11])
{
    if (p->last_day)
        snprintf(out, 11, "%s", p->first_day);
    else
        date_iso(date_local(r->now), out);
}

/* Refuses (with GOV.UK's sentence) a date outside the programme's year. */
static int as_at_in_year(const Programme *p, const char *iso, char *err, size_t errlen)
{
    if (strcmp(iso, p->first_day) >= 0 && (!p->last_day || strcmp(iso, p->last_day) <= 0))
        return 0;
    char a[32], b[32];
    date_long(date_parse(p->first_day, NULL), a, sizeof a);
    if (p->last_day) {
        date_long(date_parse(p->last_day, NULL), b, sizeof b);
        snprintf(err, errlen, "As at date must be between %s and %s", a, b);
    } else {
        snprintf(err, errlen, "As at date must be the same as or after %s", a);
    }
    return -1;
}

/* The as-at date asked for as yyyy-mm-dd (a link's or a hidden field's
   value), or the programme's default when none. A date that is not one, or
   outside the programme's year, is refused with a sentence. */
static int as_at_for(Req *r, const Programme *p, const char *asked, char out[11], char *err, size_t errlen)
{
    if (!asked || !*asked) {
        as_at_default(r, p, out);
        return 0;
    }
    Date d = date_parse(asked, NULL);
    if (d == DATE_NONE) {
        snprintf(err, errlen, "As at date must be a real date");
        return -1;
    }
    date_iso(d, out);
    return as_at_in_year(p, out, err, errlen);
}

/* The queue's "as at" date input: the date typed into its day, month and
   year (kept as typed in *typed when wrong), else the as-at of a link, else
   the programme's default. An error goes to errs and the default is used. */
typedef struct AsAtInput {
    const char *day, *month, *year;
    int error_day, error_month, error_year;
} AsAtInput;

static void queue_as_at(Req *r, const Programme *p, char as_at[11], AsAtInput *typed, FormErrors *errs)
{
    typed->day = req_query(r, "as-at-day");
    typed->month = req_query(r, "as-at-month");
    typed->year = req_query(r, "as-at-year");
    char err[200];
    GovukDateRead d;
    int rc = govuk_date_read(typed->day, typed->month, typed->year, "As at date", &d);
    if (rc == 1) {
        date_iso(date_from_ymd(d.year, d.month, d.day), as_at);
        if (as_at_in_year(p, as_at, err, sizeof err) == 0)
            return;
        form_errors_add_date(errs, "as-at", err);
    } else if (rc < 0) {
        /* the summary links to the first field that is wrong */
        form_errors_add(errs, d.error_day || !(d.error_month || d.error_year) ? "as-at-day"
                              : d.error_month                                 ? "as-at-month"
                                                                              : "as-at-year",
                        d.error);
        typed->error_day = d.error_day;
        typed->error_month = d.error_month;
        typed->error_year = d.error_year;
    } else if (as_at_for(r, p, req_query(r, "as-at"), as_at, err, sizeof err) == 0) {
        typed->day = typed->month = typed->year = NULL; /* shown from as_at */
        return;
    } else {
        form_errors_add_date(errs, "as-at", err);
        typed->day = typed->month = typed->year = NULL;
    }
    as_at_default(r, p, as_at);
}

/* The date input, showing what was typed or else the date in use. */
static void as_at_input(Html *h, const Programme *p, const char *as_at, const AsAtInput *typed,
                        const FormErrors *errs)
{
    char d[8], m[8], y[8], hint[64];
    int yy, mm, dd;
    date_to_ymd(date_parse(as_at, NULL), &yy, &mm, &dd);
    snprintf(d, sizeof d, "%d", dd);
    snprintf(m, sizeof m, "%d", mm);
    snprintf(y, sizeof y, "%d", yy);
    date_to_ymd(date_parse(p->first_day, NULL), &yy, &mm, &dd);
    snprintf(hint, sizeof hint, "For example, %d %d %d", dd, mm, yy);
    int kept = typed->day != NULL;
    const char *error = form_errors_get(errs, "as-at-day");
    if (!error)
        error = form_errors_get(errs, "as-at-month");
    if (!error)
        error = form_errors_get(errs, "as-at-year");
    govuk_date_input(h, &(GovukDateInput){.id = "as-at", .name_prefix = "as-at", .legend = "As at", .hint = hint,
                                          .day = kept ? typed->day : d, .month = kept ? typed->month : m,
                                          .year = kept ? typed->year : y,
                                          .error = error,
                                          .error_day = typed->error_day, .error_month = typed->error_month,
                                          .error_year = typed->error_year});
}

static const Programme *programme_or_404(Req *r, Resp *w)
{
    const Programme *p = programme_find(req_param(r, 0));
    if (!p)
        page_error(r, w, 404);
    return p;
}

/* GET /screening : choose a programme. */
void page_screening_home(Req *r, Resp *w)
{
    Html h;
    html_init(&h);
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Screening</h1>"
                 "<p class=\"govuk-body\">The published rules of each programme, run on the latest Ofsted and GIAS"
                 " data, pick out the schools and trusts to consider. You decide: open a case, or set the suggestion"
                 " aside, and say why. You can also add a school or trust the rules did not pick.</p>"
                 "<ul class=\"govuk-list\">");
    for (int i = 0; i < 3; i++)
        html_printf(&h, "<li><a class=\"govuk-link\" href=\"/screening/%s\">%s</a></li>", PROGRAMMES[i].code,
                    PROGRAMMES[i].name);
    html_lit(&h, "</ul>");
    PageOpts o = {.title = "Screening", .nav = "screening"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* The queue's URL with the current filters, for links that change one. */
static void queue_url(Html *h, const Programme *p, const char *region, const char *as_at, const char *outcome,
                      const char *show)
{
    html_printf(h, "/screening/%s?region=", p->code);
    html_url_param(h, region);
    html_lit(h, "&as-at=");
    html_url_param(h, as_at);
    html_lit(h, "&outcome=");
    html_url_param(h, outcome);
    html_lit(h, "&show=");
    html_url_param(h, show);
}

/* The queue's filters: region (for national roles), outcome, as at. */
static void queue_filters(Html *h, Req *r, const Programme *p, const char *region, const char *outcome,
                          const char *as_at, const AsAtInput *typed, const FormErrors *errs, int decided_view)
{
    html_printf(h, "<form method=\"get\" action=\"/screening/%s\" class=\"govuk-!-margin-bottom-6\">"
                   "<div class=\"govuk-grid-row\">", p->code);
    if (!(r->who.region && *r->who.region)) {
        GovukOption regions[10];
        regions[0] = (GovukOption){.value = "", .text = "All of England"};
        for (int i = 0; i < 9; i++)
            regions[i + 1] = (GovukOption){.value = REGIONS[i], .text = REGIONS[i]};
        html_lit(h, "<div class=\"govuk-grid-column-one-third\">");
        govuk_select(h, &(GovukSelect){.name = "region", .label = "Region", .value = region, .items = regions,
                                       .n_items = 10});
        html_lit(h, "</div>");
    }
    GovukOption outs[9];
    int no = 0;
    outs[no++] = (GovukOption){.value = "", .text = "Any outcome"};
    for (int k = 0; p->outcomes[k] && no < 9; k++)
        outs[no++] = (GovukOption){.value = p->outcomes[k], .text = outcome_label(p->outcomes[k])};
    html_lit(h, "<div class=\"govuk-grid-column-one-third\">");
    govuk_select(h, &(GovukSelect){.name = "outcome", .label = "Outcome", .value = outcome, .items = outs,
                                   .n_items = no});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-third\">");
    as_at_input(h, p, as_at, typed, errs);
    html_lit(h, "</div></div>");
    if (decided_view)
        html_lit(h, "<input type=\"hidden\" name=\"show\" value=\"decided\">");
    govuk_button(h, &(GovukButton){.text = "Apply", .variant = GOVUK_BUTTON_SECONDARY});
    html_lit(h, "</form>");
}

/* GET /screening/{programme}?region=&as-at=&outcome=&show=&page= */
void page_screening_queue(Req *r, Resp *w)
{
    const Programme *p = programme_or_404(r, w);
    if (!p)
        return;
    const char *region = screening_region(r);
    const char *outcome = req_query(r, "outcome");
    const char *show = req_query(r, "show"); /* "" to do, "decided" */
    int decided_view = strcmp(show, "decided") == 0;
    long page = strtol(req_query(r, "page"), NULL, 10);
    if (page < 1 || page > 100000)
        page = 1;
    char as_at[11], err[200] = "";
    FormErrors errs = {0};
    AsAtInput typed = {0};
    queue_as_at(r, p, as_at, &typed, &errs);
    ScreenList list = {0};
    if (screening_compute(r->db, p->code, as_at, region, &list, err, sizeof err) != 0) {
        page_error(r, w, 500);
        return;
    }
    SubjectSet decided = {0}, before = {0};
    screening_decided(r->db, p->code, &decided);
    supported_elsewhere(r->db, p->code, &before);

    /* counts per outcome among the rows still to decide */
    long counts[8] = {0}, todo = 0, done = 0;
    for (size_t i = 0; i < list.n; i++) {
        int is_decided = subject_set_find(&decided, list.rows[i].kind, list.rows[i].id) != NULL;
        done += is_decided;
        todo += !is_decided;
        for (int k = 0; p->outcomes[k] && k < 8; k++)
            if (!is_decided && strcmp(list.rows[i].outcome, p->outcomes[k]) == 0)
                counts[k]++;
    }

    Html h;
    html_init(&h);
    govuk_error_summary(&h, &errs);
    page_flash(r, &h);
    char asat_long[32];
    date_long(date_parse(as_at, NULL), asat_long, sizeof asat_long);
    html_printf(&h, "<span class=\"govuk-caption-l\">Screening</span><h1 class=\"govuk-heading-l\">%s</h1>"
                    "<p class=\"govuk-body\">%s, as at %s.</p>",
                p->name, *region ? region : "All of England", asat_long);

    queue_filters(&h, r, p, region, outcome, as_at, &typed, &errs, decided_view);

    /* counts per outcome, each a link that filters */
    html_lit(&h, "<h2 class=\"govuk-heading-m\">To decide</h2><ul class=\"govuk-list\">");
    for (int k = 0; p->outcomes[k] && k < 8; k++) {
        html_lit(&h, "<li><a class=\"govuk-link\" href=\"");
        queue_url(&h, p, region, as_at, p->outcomes[k], "");
        html_printf(&h, "\">%s: %ld</a></li>", outcome_label(p->outcomes[k]), counts[k]);
    }
    html_printf(&h, "</ul><p class=\"govuk-body\">%ld to decide; ", todo);
    html_lit(&h, "<a class=\"govuk-link\" href=\"");
    queue_url(&h, p, region, as_at, outcome, decided_view ? "" : "decided");
    html_printf(&h, "\">%s</a> (%ld).</p>", decided_view ? "show those still to decide" : "show those already decided",
                decided_view ? todo : done);
    if (authorise(&r->who, PERM_SCREENING_DECIDE, NULL) == ACCESS_ALLOW && r->who.region)
        html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/screening/%s/exception\">Add a school"
                        " or trust by exception</a></p>", p->code);

    /* the rows */
    GovukTableCell head[] = {{.text = "School or trust"}, {.text = "Local authority"}, {.text = "Region"},
                             {.text = "Outcome"}, {.text = "Why"}};
    long shown = 0, skipped = 0, matched = 0;
    govuk_table_open(&h, &(GovukTable){.caption = decided_view ? "Already decided" : "Still to decide",
                                       .caption_classes = "govuk-table__caption--m", .head = head, .n_head = 5});
    for (size_t i = 0; i < list.n; i++) {
        const ScreenRow *x = &list.rows[i];
        int is_decided = subject_set_find(&decided, x->kind, x->id) != NULL;
        if (is_decided != decided_view)
            continue;
        if (*outcome && strcmp(x->outcome, outcome) != 0)
            continue;
        matched++;
        if (skipped < (page - 1) * QUEUE_PER_PAGE) {
            skipped++;
            continue;
        }
        if (shown >= QUEUE_PER_PAGE)
            continue;
        shown++;
        Html name, out, why;
        html_init(&name);
        html_init(&out);
        html_init(&why);
        html_printf(&name, "<a class=\"govuk-link\" href=\"/screening/%s/%s/%lld?as-at=%s\">%s</a><br>"
                           "<span class=\"govuk-body-s\">%s %lld</span>",
                    p->code, x->kind, (long long)x->id, as_at, x->name, strcmp(x->kind, "trust") == 0 ? "Trust" : "URN",
                    (long long)x->id);
        /* "Schools supported under an earlier programme year are flagged" */
        const char *before_note = subject_set_find(&before, x->kind, x->id);
        if (before_note) {
            html_lit(&name, "<br><strong class=\"govuk-tag govuk-tag--purple\">Supported before: ");
            char codes[256];
            snprintf(codes, sizeof codes, "%s", before_note);
            int first = 1;
            for (char *save = NULL, *c = strtok_r(codes, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
                const Programme *other = programme_find(c);
                html_printf(&name, "%s%s", first ? "" : ", ", other ? other->name : c);
                first = 0;
            }
            html_lit(&name, "</strong>");
        }
        govuk_tag(&out, &(GovukTag){.text = outcome_label(x->outcome),
                                    .classes = strcmp(x->outcome, "intervention") == 0 || strcmp(x->outcome, "tier-3") == 0
                                                   ? "govuk-tag--red"
                                                   : "govuk-tag--yellow"});
        html_printf(&why, "<details class=\"govuk-details govuk-!-margin-bottom-0\"><summary class=\"govuk-details__summary\">"
                          "<span class=\"govuk-details__summary-text\">%s</span></summary>"
                          "<div class=\"govuk-details__text\">%s</div></details>",
                    x->rule, x->evidence);
        GovukTableCell cells[] = {{.html = &name}, {.text = x->local_authority}, {.text = x->region},
                                  {.html = &out}, {.html = &why}};
        govuk_table_row(&h, cells, 5, 0);
        html_free(&name);
        html_free(&out);
        html_free(&why);
    }
    govuk_table_close(&h);
    if (matched == 0)
        html_lit(&h, "<p class=\"govuk-body\">Nothing here.</p>");
    int pages = (int)((matched + QUEUE_PER_PAGE - 1) / QUEUE_PER_PAGE);
    if (pages > 1) {
        Html prefix;
        html_init(&prefix);
        queue_url(&prefix, p, region, as_at, outcome, show);
        html_lit(&prefix, "&page=");
        govuk_pagination_pages(&h, (int)page, pages, html_str(&prefix));
        html_free(&prefix);
    }
    subject_set_free(&decided);
    subject_set_free(&before);
    screen_list_free(&list);
    PageOpts o = {.title = p->name, .nav = "screening", .has_errors = errs.n > 0};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/*
 * The evidence as a list, one item per inspection used or thing missing
 * ("latest since joining: 16 November 2022: Good (URN 136988)"), the role
 * in bold: a trust's evidence names every school, and as one sentence it
 * was a wall of text.
 */
static void evidence_html(Html *h, const char *evidence)
{
    const char *p = evidence ? evidence : "";
    if (!*p)
        return;
    html_lit(h, "<ul class=\"govuk-list\">");
    while (*p) {
        const char *end = strstr(p, "; ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        if (colon && colon > p) { /* "latest:" as "Latest:" */
            char role[80];
            snprintf(role, sizeof role, "%.*s", (int)(colon - p + 1), p);
            role[0] = (char)(role[0] >= 'a' && role[0] <= 'z' ? role[0] - 'a' + 'A' : role[0]);
            html_printf(h, "<li><strong>%s</strong>%.*s</li>", role, (int)(len - (size_t)(colon - p) - 1), colon + 1);
        }
        else
            html_printf(h, "<li>%.*s</li>", (int)len, p);
        p += len + (end ? 2 : 0);
    }
    html_lit(h, "</ul>");
}

/* The decision form under a row's evidence. */
static void render_decide(Req *r, Resp *w, const Programme *p, const ScreenRow *x, const char *as_at,
                          const char *decision, const char *category, const char *reason, const FormErrors *errs)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    char back[128];
    snprintf(back, sizeof back, "/screening/%s?as-at=%s", p->code, as_at);
    govuk_back_link(&before, &(GovukBackLink){.href = back});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", p->name, x->name);
    Html tag, link;
    html_init(&tag);
    html_init(&link);
    govuk_tag(&tag, &(GovukTag){.text = outcome_label(x->outcome)});
    if (strcmp(x->kind, "school") == 0)
        html_printf(&link, "<a class=\"govuk-link\" href=\"/schools/%lld\">URN %lld</a>", (long long)x->id,
                    (long long)x->id);
    else
        html_printf(&link, "<a class=\"govuk-link\" href=\"/trusts/%lld\">Group UID %lld</a>", (long long)x->id,
                    (long long)x->id);
    char asat_long[32];
    date_long(date_parse(as_at, NULL), asat_long, sizeof asat_long);
    Html ev;
    html_init(&ev);
    evidence_html(&ev, x->evidence);
    GovukSummaryRow rows[] = {
        {.key = strcmp(x->kind, "school") == 0 ? "School" : "Trust", .value_html = &link},
        {.key = "Local authority", .value = x->local_authority},
        {.key = "Region", .value = x->region},
        {.key = "Suggested outcome", .value_html = &tag},
        {.key = "Rule", .value = x->rule},
        {.key = "Evidence", .value_html = &ev},
        {.key = "As at", .value = asat_long},
    };
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = 7});
    html_free(&tag);
    html_free(&link);
    html_free(&ev);

    DecisionRow last;
    Scope decided_in = {0};
    if (screening_latest(r->db, p->code, x->kind, x->id, &last) == 1)
        decided_in = decision_scope(&last);
    if (last.decision && authorise(&r->who, PERM_CASES_READ, &decided_in) != ACCESS_ALLOW) {
        /* another region's decision is theirs to read (issue 5: no case seen
           outside its scope), even when GIAS has since moved the school into
           the reader's region (issue 10) */
        if (last.region)
            html_printf(&h, "<div class=\"govuk-inset-text\">A decision has been recorded by the %s team.</div>",
                        last.region);
        else
            html_lit(&h, "<div class=\"govuk-inset-text\">A decision has been recorded by another region's team.</div>");
        decision_row_free(&last);
    } else if (last.decision) {
        char when[64];
        timestamp_long(last.decided_at, when, sizeof when);
        html_printf(&h, "<div class=\"govuk-inset-text\">%s on %s by %s: %s",
                    strcmp(last.decision, "open-case") == 0 ? "A case was opened" : "Set aside", when, last.decided_by,
                    last.reason);
        if (last.case_id)
            html_printf(&h, " <a class=\"govuk-link\" href=\"/cases/%lld\">View the case</a>", (long long)last.case_id);
        html_lit(&h, "</div>");
        decision_row_free(&last);
    } else if (!can_decide(r, x->region)) {
        html_lit(&h, "<div class=\"govuk-inset-text\">Only a delivery officer or regional director in this region can"
                     " record a decision.</div>");
    } else {
        char action[128];
        snprintf(action, sizeof action, "/screening/%s/%s/%lld", p->code, x->kind, (long long)x->id);
        html_printf(&h, "<h2 class=\"govuk-heading-m\">Your decision</h2><form method=\"post\" action=\"%s\" novalidate>",
                    action);
        govuk_csrf_field(&h, req_csrf(r));
        html_printf(&h, "<input type=\"hidden\" name=\"as-at\" value=\"%s\">", as_at);
        /* RISE: the category is asked only of "Open a case" (revealed under
           it; without JavaScript it shows, and a set-aside ignores it) */
        Html category_radios;
        html_init(&category_radios);
        if (strcmp(p->code, "rise") == 0)
            govuk_radios(&category_radios,
                         &(GovukRadios){.name = "category", .legend = "Category",
                                        .legend_classes = "govuk-fieldset__legend--s",
                                        .hint = "The rules suggest one; the team decides",
                                        .value = *category ? category : x->outcome, .items = RISE_CATEGORY_CHOICES,
                                        .n_items = 3, .error = form_errors_get(errs, "category")});
        GovukChoice choices[] = {{.value = "open-case", .text = "Open a case", .conditional = &category_radios},
                                 {.value = "set-aside", .text = "Set it aside",
                                  .hint = "It will not appear in the queue again for this programme"}};
        govuk_radios(&h, &(GovukRadios){.name = "decision", .legend = "What do you want to do?",
                                        .legend_classes = "govuk-fieldset__legend--s", .value = decision,
                                        .items = choices, .n_items = 2, .error = form_errors_get(errs, "decision")});
        html_free(&category_radios);
        govuk_textarea(&h, &(GovukTextarea){.max_chars = 4000, .name = "reason", .label = "Why",
                                            .label_classes = "govuk-label--s",
                                            .hint = "This is kept in the decision log and the audit trail",
                                            .value = reason, .rows = 4, .error = form_errors_get(errs, "reason")});
        govuk_button(&h, &(GovukButton){.text = "Record decision", .prevent_double_click = 1});
        html_lit(&h, "</form>");
    }
    html_lit(&h, "</div></div>");
    PageOpts o = {.title = x->name, .nav = "screening", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

static int load_row(Req *r, Resp *w, const Programme *p, const char *asked, char as_at[11], ScreenRow *x)
{
    const char *kind = req_param(r, 1);
    char *end;
    long long id = strtoll(req_param(r, 2), &end, 10);
    if ((strcmp(kind, "school") != 0 && strcmp(kind, "trust") != 0) || *end || id <= 0) {
        page_error(r, w, 404);
        return 0;
    }
    char err[200];
    if (as_at_for(r, p, asked, as_at, err, sizeof err) != 0)
        as_at_for(r, p, NULL, as_at, err, sizeof err);
    int rc = screening_one(r->db, p->code, as_at, kind, id, x, err, sizeof err);
    if (rc != 1) {
        page_error(r, w, rc == 0 ? 404 : 500);
        return 0;
    }
    return 1;
}

/* GET /screening/{programme}/{kind}/{id}?as-at= */
void page_screening_item(Req *r, Resp *w)
{
    const Programme *p = programme_or_404(r, w);
    if (!p)
        return;
    char as_at[11];
    ScreenRow x;
    if (!load_row(r, w, p, req_query(r, "as-at"), as_at, &x))
        return;
    FormErrors errs = {0};
    render_decide(r, w, p, &x, as_at, "", "", "", &errs);
    screen_row_free(&x);
}

/* POST /screening/{programme}/{kind}/{id} */
void page_screening_decide(Req *r, Resp *w)
{
    const Programme *p = programme_or_404(r, w);
    if (!p)
        return;
    char as_at[11];
    ScreenRow x;
    if (!load_row(r, w, p, req_form(r, "as-at"), as_at, &x))
        return;
    if (!can_decide(r, x.region)) {
        screen_row_free(&x);
        page_error(r, w, 403);
        return;
    }
    const char *decision = req_form(r, "decision"), *category = req_form(r, "category"),
               *reason = req_form(r, "reason");
    FormErrors errs = {0};
    DecisionRow last;
    if (screening_latest(r->db, p->code, x.kind, x.id, &last) == 1) {
        /* someone decided while this form was open: show what they decided */
        decision_row_free(&last);
        render_decide(r, w, p, &x, as_at, "", "", "", &errs);
        w->status = 409;
        screen_row_free(&x);
        return;
    }
    int opening = strcmp(decision, "open-case") == 0;
    if (!opening && strcmp(decision, "set-aside") != 0)
        form_errors_add(&errs, "decision", "Select whether to open a case or set it aside");
    if (opening && strcmp(p->code, "rise") == 0 && !rise_category_valid(category))
        form_errors_add(&errs, "category", "Select the category");
    if (!*reason)
        form_errors_add(&errs, "reason", "Enter why you made this decision");
    else if (strlen(reason) > 4000)
        form_errors_add(&errs, "reason", "Why must be 4000 characters or fewer");
    if (errs.n) {
        render_decide(r, w, p, &x, as_at, decision, category, reason, &errs);
        screen_row_free(&x);
        return;
    }
    Subject s = {p->code, x.kind, x.id, x.name, x.region, x.local_authority};
    Decision d = {.decision = decision, .route = "screening", .suggested = x.outcome, .rule = x.rule,
                  .category = opening && strcmp(p->code, "rise") == 0 ? category : NULL, .reason = reason,
                  .as_at = as_at};
    int64_t case_id;
    int rc = screening_decide(r->db, &r->actor, &s, &d, &case_id);
    if (rc == CASE_ALREADY_OPEN) {
        form_errors_add(&errs, "decision", "There is already an open case for this programme");
        render_decide(r, w, p, &x, as_at, decision, category, reason, &errs);
        screen_row_free(&x);
        return;
    }
    if (rc != CASE_OK) {
        screen_row_free(&x);
        page_error(r, w, 500);
        return;
    }
    char msg[300], loc[128];
    snprintf(msg, sizeof msg, opening ? "Case opened for %s" : "%s set aside", x.name);
    if (opening && case_id > 0) {
        char href[48];
        snprintf(href, sizeof href, "/cases/%lld", (long long)case_id);
        req_flash_link(r, msg, "View the case", href);
    } else {
        req_flash(r, msg);
    }
    snprintf(loc, sizeof loc, "/screening/%s?as-at=%s", p->code, as_at);
    resp_redirect(w, loc);
    screen_row_free(&x);
}

/* --- add by exception ---------------------------------------------------- */

static void render_exception(Req *r, Resp *w, const Programme *p, const FormErrors *errs)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    char back[96], action[96];
    snprintf(back, sizeof back, "/screening/%s", p->code);
    snprintf(action, sizeof action, "/screening/%s/exception", p->code);
    govuk_back_link(&before, &(GovukBackLink){.href = back});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Add a school or trust by"
                    " exception</h1><form method=\"post\" action=\"%s\" novalidate>", p->name, action);
    govuk_csrf_field(&h, req_csrf(r));
    GovukChoice kinds[] = {{.value = "school", .text = "A school"}, {.value = "trust", .text = "A trust"}};
    govuk_radios(&h, &(GovukRadios){.name = "kind", .legend = "Is it a school or a trust?",
                                    .legend_classes = "govuk-fieldset__legend--s", .value = req_form(r, "kind"),
                                    .items = kinds, .n_items = 2, .is_inline = 1,
                                    .error = form_errors_get(errs, "kind")});
    govuk_input(&h, &(GovukInput){.name = "id", .label = "URN or group UID", .value = req_form(r, "id"),
                                  .inputmode = "numeric", .classes = "govuk-input--width-10", .spellcheck = -1,
                                  .error = form_errors_get(errs, "id")});
    GovukChoice sources[] = {{.value = "self-identified", .text = "The school or trust asked for support"},
                             {.value = "regional-director", .text = "The regional director named it"}};
    govuk_radios(&h, &(GovukRadios){.name = "source", .legend = "Why is it being added?",
                                    .legend_classes = "govuk-fieldset__legend--s", .value = req_form(r, "source"),
                                    .items = sources, .n_items = 2, .error = form_errors_get(errs, "source")});
    if (strcmp(p->code, "rise") == 0)
        govuk_radios(&h, &(GovukRadios){.name = "category", .legend = "Category",
                                        .legend_classes = "govuk-fieldset__legend--s",
                                        .value = req_form(r, "category"), .items = RISE_CATEGORY_CHOICES,
                                        .n_items = 3, .error = form_errors_get(errs, "category")});
    govuk_textarea(&h, &(GovukTextarea){.max_chars = 4000, .name = "reason", .label = "Why", .label_classes = "govuk-label--s",
                                        .value = req_form(r, "reason"), .rows = 4,
                                        .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = "Open a case", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Add a school or trust by exception", .nav = "screening",
                  .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/*
 * The school or trust named on the exception form, screened as at as_at: 1
 * when found and in the user's region; 0 with the sentence to show: none
 * with that number, one outside the user's region (whether or not the rules
 * can assess it), or one the programme cannot take; -1 on a database error.
 */
static int exception_subject(Req *r, const Programme *p, const char *as_at, int is_school, int64_t id, ScreenRow *x,
                             char *why, size_t whylen)
{
    char err[200], when[32];
    int rc = screening_one(r->db, p->code, as_at, is_school ? "school" : "trust", id, x, err, sizeof err);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        if (can_decide(r, x->region))
            return 1;
        if (strstr(x->region, "; ")) /* a trust's schools in several regions: no one region's to add */
            snprintf(why, whylen, "This trust has schools in more than one region (%s), so it cannot be added by"
                                  " one region", x->region);
        else
            snprintf(why, whylen, is_school ? "This school is outside your region" : "This trust is outside your region");
        screen_row_free(x);
        return 0;
    }
    date_long(date_parse(as_at, NULL), when, sizeof when);
    if (is_school) {
        School s;
        int found = school_get(r->db, id, &s);
        if (found < 0)
            return -1;
        if (found == 0)
            snprintf(why, whylen, "There is no school with this URN");
        else if (!can_decide(r, s.region))
            snprintf(why, whylen, "This school is outside your region");
        else
            snprintf(why, whylen, "This school cannot be added to %s: it was not an open state-funded school in"
                                  " England on %s", p->short_name, when);
        if (found)
            school_free(&s);
        return 0;
    }
    Group g;
    int found = group_get(r->db, id, &g);
    if (found < 0)
        return -1;
    if (found == 0)
        snprintf(why, whylen, "There is no trust with this group UID");
    else if (strcmp(p->code, TSIO2022_PROGRAMME) != 0)
        snprintf(why, whylen, "%s supports schools: add each of the trust's schools", p->short_name);
    else
        snprintf(why, whylen, "This trust cannot be added to %s: it was not a multi-academy trust with schools on %s",
                 p->short_name, when);
    if (found)
        group_free(&g);
    return 0;
}

/* GET /screening/{programme}/exception */
void page_screening_exception_form(Req *r, Resp *w)
{
    const Programme *p = programme_or_404(r, w);
    if (!p)
        return;
    FormErrors errs = {0};
    render_exception(r, w, p, &errs);
}

/* POST /screening/{programme}/exception */
void page_screening_exception_submit(Req *r, Resp *w)
{
    const Programme *p = programme_or_404(r, w);
    if (!p)
        return;
    const char *kind = req_form(r, "kind"), *idtext = req_form(r, "id"), *source = req_form(r, "source"),
               *category = req_form(r, "category"), *reason = req_form(r, "reason");
    FormErrors errs = {0};
    int is_school = strcmp(kind, "school") == 0;
    if (!is_school && strcmp(kind, "trust") != 0)
        form_errors_add(&errs, "kind", "Select school or trust");
    char *end;
    long long id = strtoll(idtext, &end, 10);
    if (!*idtext || *end || id <= 0)
        form_errors_add(&errs, "id", is_school ? "Enter the school's URN, a number like 100000"
                                               : "Enter the URN or the trust's group UID, a number");
    if (strcmp(source, "self-identified") != 0 && strcmp(source, "regional-director") != 0)
        form_errors_add(&errs, "source", "Select why it is being added");
    if (strcmp(p->code, "rise") == 0 && !rise_category_valid(category))
        form_errors_add(&errs, "category", "Select the category");
    if (!*reason)
        form_errors_add(&errs, "reason", "Enter why it is being added");
    ScreenRow x = {0};
    char as_at[11];
    as_at_default(r, p, as_at);
    if (!errs.n) {
        char why[300];
        int rc = exception_subject(r, p, as_at, is_school, id, &x, why, sizeof why);
        if (rc < 0) {
            page_error(r, w, 500);
            return;
        }
        if (rc == 0)
            form_errors_add(&errs, "id", why);
    }
    if (errs.n) {
        screen_row_free(&x);
        render_exception(r, w, p, &errs);
        return;
    }
    Subject s = {p->code, x.kind, x.id, x.name, x.region, x.local_authority};
    Decision d = {.decision = "open-case", .route = "exception", .suggested = NULL, .rule = NULL,
                  .category = strcmp(p->code, "rise") == 0 ? category : NULL, .exception_source = source,
                  .reason = reason, .as_at = as_at};
    int64_t case_id;
    int rc = screening_decide(r->db, &r->actor, &s, &d, &case_id);
    if (rc == CASE_ALREADY_OPEN) {
        form_errors_add(&errs, "id", "There is already an open case for this school or trust in this programme");
        screen_row_free(&x);
        render_exception(r, w, p, &errs);
        return;
    }
    if (rc != CASE_OK) {
        screen_row_free(&x);
        page_error(r, w, 500);
        return;
    }
    char msg[300], loc[96];
    snprintf(msg, sizeof msg, "Case opened for %s, added by exception", x.name);
    if (case_id > 0) {
        char href[48];
        snprintf(href, sizeof href, "/cases/%lld", (long long)case_id);
        req_flash_link(r, msg, "View the case", href);
    } else {
        req_flash(r, msg);
    }
    snprintf(loc, sizeof loc, "/screening/%s", p->code);
    resp_redirect(w, loc);
    screen_row_free(&x);
}
