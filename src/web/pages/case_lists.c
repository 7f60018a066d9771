/*
 * case_lists.c - "All cases": the cases in the user's scope with filters
 * (programme, category, region, local authority, stage, status, delivery
 * officer, adviser, overdue, a search), a sort order and pages of 50, and
 * the same filtered list as a CSV download (issue 5 item 7).
 *
 * The scope (region, allocated adviser, everything) is applied by the
 * store in every query; the page only decides which filters make sense
 * for the role (a region filter only for those who see every region, an
 * adviser filter not for an adviser).
 */
#include "store/casework.h"
#include "store/screening.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES_PER_PAGE 50
#define SEARCH_MAX 100

/* The filters as asked for in the query string. */
typedef struct ListQuery {
    const char *programme, *category, *region, *la, *stage, *status, *owner, *adviser, *q, *sort;
    int overdue;
    long page;
} ListQuery;

static int all_regions(const Req *r)
{
    const char *role = role_slug(r->who.role);
    return role && (strcmp(role, "analyst") == 0 || strcmp(role, "grant-team") == 0 || strcmp(role, "admin") == 0);
}

static CaseViewer viewer_of(const Req *r)
{
    return (CaseViewer){.user_id = r->who.user_id, .role = role_slug(r->who.role), .region = r->who.region};
}

/* A person filter: "" anyone, "none", or a user id. */
static int64_t person_filter(const char *s)
{
    if (strcmp(s, "none") == 0)
        return -1;
    char *end;
    long long v = strtoll(s, &end, 10);
    return (*s && !*end && v > 0) ? (int64_t)v : 0;
}

static void read_query(Req *r, ListQuery *lq)
{
    memset(lq, 0, sizeof *lq);
    lq->programme = req_query(r, "programme");
    lq->category = req_query(r, "category");
    lq->region = all_regions(r) ? req_query(r, "region") : "";
    lq->la = req_query(r, "la");
    lq->stage = req_query(r, "stage");
    lq->status = req_query(r, "status");
    lq->owner = req_query(r, "owner");
    lq->adviser = r->who.role == ROLE_ADVISER ? "" : req_query(r, "adviser");
    lq->q = req_query(r, "q");
    lq->sort = req_query(r, "sort");
    lq->overdue = strcmp(req_query(r, "overdue"), "1") == 0;
    lq->page = strtol(req_query(r, "page"), NULL, 10);
    if (lq->page < 1 || lq->page > 1000000)
        lq->page = 1;
}

/* "name-desc" is sort "name", reversed. */
static void sort_of(const char *s, char *sort, size_t n, int *descending)
{
    static const char *const SORTS[] = {"opened", "name", "due", "stage"};
    snprintf(sort, n, "opened");
    *descending = 0;
    for (size_t i = 0; i < sizeof SORTS / sizeof SORTS[0]; i++) {
        size_t l = strlen(SORTS[i]);
        if (strncmp(s, SORTS[i], l) == 0 && (s[l] == '\0' || strcmp(s + l, "-desc") == 0)) {
            snprintf(sort, n, "%s", SORTS[i]);
            *descending = s[l] != '\0';
        }
    }
}

static void filter_of(const ListQuery *lq, const char *today, char *sort, size_t sortlen, char *q,
                      size_t qlen, CaseFilter *f)
{
    /* a search longer than anyone types is cut, not refused */
    snprintf(q, qlen, "%s", lq->q);
    int desc;
    sort_of(lq->sort, sort, sortlen, &desc);
    *f = (CaseFilter){.programme = lq->programme,
                      .category = lq->category,
                      .region = lq->region,
                      .local_authority = lq->la,
                      .stage = lq->stage,
                      .status = lq->status,
                      .q = q,
                      .owner_id = person_filter(lq->owner),
                      .adviser_id = person_filter(lq->adviser),
                      .overdue = lq->overdue,
                      .sort = sort,
                      .descending = desc,
                      .today = today};
}

/* The query string of the filters ("programme=rise&overdue=1"), without
   the page, for pagination links and the CSV link. The text is a URL, not
   yet escaped for an attribute: write it with html_href (or pass it to a
   component as text). Names are [a-z] and values percent-encoded. */
static void filters_query(Html *h, const ListQuery *lq)
{
    const struct {
        const char *name, *value;
    } P[] = {{"programme", lq->programme}, {"category", lq->category}, {"region", lq->region},
             {"la", lq->la},               {"stage", lq->stage},       {"status", lq->status},
             {"owner", lq->owner},         {"adviser", lq->adviser},   {"overdue", lq->overdue ? "1" : ""},
             {"q", lq->q},                 {"sort", lq->sort}};
    int first = 1;
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        if (!P[i].value || !*P[i].value)
            continue;
        if (!first)
            html_lit(h, "&");
        html_printf(h, "%s=", P[i].name);
        html_url_param(h, P[i].value);
        first = 0;
    }
}

/* 1234567 as "1,234,567", the GOV.UK style for numbers. */
static const char *count_text(int64_t n, char *out, size_t len)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? 0 : n));
    size_t l = strlen(digits), j = 0;
    for (size_t i = 0; i < l && j + 2 < len; i++) {
        if (i > 0 && (l - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    out[j] = '\0';
    return out;
}

static const char *status_label(const char *s)
{
    if (!s)
        return "";
    if (strcmp(s, "in progress") == 0)
        return "In progress";
    if (strcmp(s, "paused") == 0)
        return "Paused";
    if (strcmp(s, "stopped") == 0)
        return "Stopped";
    if (strcmp(s, "closed") == 0)
        return "Closed";
    return s;
}

typedef const char *(*LabelFn)(const char *);

static const char *same(const char *s)
{
    return s;
}

/* A select of the distinct values of one column in the viewer's scope. */
static void values_select(Req *r, Html *h, const CaseViewer *v, const char *column, const char *name,
                          const char *label, const char *any, const char *value, LabelFn fn)
{
    char **vals = NULL;
    size_t n = 0;
    case_filter_values(r->db, v, column, &vals, &n);
    GovukOption *opts = xcalloc(n + 1, sizeof *opts);
    opts[0] = (GovukOption){.value = "", .text = any};
    for (size_t i = 0; i < n; i++)
        opts[i + 1] = (GovukOption){.value = vals[i], .text = fn(vals[i])};
    html_lit(h, "<div class=\"govuk-grid-column-one-third\">");
    govuk_select(h, &(GovukSelect){.name = name, .label = label, .value = value, .items = opts, .n_items = (int)n + 1,
                                   .classes = "govuk-!-width-full"});
    html_lit(h, "</div>");
    free(opts);
    string_list_free(vals, n);
}

/* A select of a fixed set of values (labelled by fn). */
static void fixed_select(Html *h, const char *const *values, size_t n, const char *name, const char *label,
                         const char *any, const char *value, LabelFn fn)
{
    GovukOption opts[8];
    if (n > 7)
        n = 7;
    opts[0] = (GovukOption){.value = "", .text = any};
    for (size_t i = 0; i < n; i++)
        opts[i + 1] = (GovukOption){.value = values[i], .text = fn(values[i])};
    html_lit(h, "<div class=\"govuk-grid-column-one-third\">");
    govuk_select(h, &(GovukSelect){.name = name, .label = label, .value = value, .items = opts, .n_items = (int)n + 1,
                                   .classes = "govuk-!-width-full"});
    html_lit(h, "</div>");
}

/* A select of people: anyone, none, or one of the users with the role. */
static void people_select(Req *r, Html *h, const char *role, const char *region, const char *name,
                          const char *label, const char *none, const char *value)
{
    UserChoiceList users = {0};
    users_for_role(r->db, role, region, &users);
    GovukOption *opts = xcalloc(users.n + 2, sizeof *opts);
    char(*ids)[24] = xcalloc(users.n + 1, sizeof *ids);
    opts[0] = (GovukOption){.value = "", .text = "Anyone"};
    opts[1] = (GovukOption){.value = "none", .text = none};
    for (size_t i = 0; i < users.n; i++) {
        snprintf(ids[i], sizeof ids[i], "%lld", (long long)users.items[i].id);
        opts[i + 2] = (GovukOption){.value = ids[i], .text = users.items[i].name};
    }
    html_lit(h, "<div class=\"govuk-grid-column-one-third\">");
    govuk_select(h, &(GovukSelect){.name = name, .label = label, .value = value, .items = opts,
                                   .n_items = (int)users.n + 2, .classes = "govuk-!-width-full"});
    html_lit(h, "</div>");
    free(ids);
    free(opts);
    user_choice_list_free(&users);
}

static const GovukOption SORT_OPTIONS[] = {
    {.value = "opened", .text = "Newest first"},
    {.value = "opened-desc", .text = "Oldest first"},
    {.value = "due", .text = "Next due date, soonest first"},
    {.value = "due-desc", .text = "Next due date, latest first"},
    {.value = "name", .text = "Name, A to Z"},
    {.value = "name-desc", .text = "Name, Z to A"},
    {.value = "stage", .text = "Stage, earliest first"},
    {.value = "stage-desc", .text = "Stage, latest first"},
};

static void filter_form(Req *r, Html *h, const CaseViewer *v, const ListQuery *lq)
{
    html_lit(h, "<form method=\"get\" action=\"/cases\" class=\"govuk-!-margin-bottom-6\" novalidate>"
                "<h2 class=\"govuk-heading-m\">Filter cases</h2><div class=\"govuk-grid-row\">"
                "<div class=\"govuk-grid-column-two-thirds\">");
    govuk_input(h, &(GovukInput){.name = "q", .label = "Search by name, URN or UID", .value = lq->q,
                                 .spellcheck = -1, .classes = "govuk-!-width-full"});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-third\">");
    govuk_select(h, &(GovukSelect){.name = "sort", .label = "Sort by", .value = *lq->sort ? lq->sort : "opened",
                                   .items = SORT_OPTIONS, .n_items = sizeof SORT_OPTIONS / sizeof SORT_OPTIONS[0],
                                   .classes = "govuk-!-width-full"});
    html_lit(h, "</div></div><div class=\"govuk-grid-row\">");
    /* programmes, categories and statuses are fixed sets; the local
       authorities and stages come from the cases in scope */
    const char *programmes[3];
    for (int i = 0; i < 3; i++)
        programmes[i] = PROGRAMMES[i].code;
    static const char *const CATEGORIES[] = {"universal", "targeted", "intervention"};
    static const char *const STATUSES[] = {"in progress", "paused", "stopped", "closed"};
    fixed_select(h, programmes, 3, "programme", "Programme", "Any programme", lq->programme, programme_label);
    fixed_select(h, CATEGORIES, 3, "category", "RISE category", "Any category", lq->category, category_label);
    fixed_select(h, STATUSES, 4, "status", "Status", "Any status", lq->status, status_label);
    html_lit(h, "</div><div class=\"govuk-grid-row\">");
    if (all_regions(r)) {
        GovukOption regions[10];
        regions[0] = (GovukOption){.value = "", .text = "All regions"};
        for (int i = 0; i < 9; i++)
            regions[i + 1] = (GovukOption){.value = REGIONS[i], .text = REGIONS[i]};
        html_lit(h, "<div class=\"govuk-grid-column-one-third\">");
        govuk_select(h, &(GovukSelect){.name = "region", .label = "Region", .value = lq->region, .items = regions,
                                       .n_items = 10, .classes = "govuk-!-width-full"});
        html_lit(h, "</div>");
    }
    values_select(r, h, v, "local_authority", "la", "Local authority", "Any local authority", lq->la, same);
    values_select(r, h, v, "stage", "stage", "Stage", "Any stage", lq->stage, same);
    html_lit(h, "</div><div class=\"govuk-grid-row\">");
    const char *region = all_regions(r) || r->who.role == ROLE_ADVISER ? NULL : r->who.region;
    people_select(r, h, "delivery-officer", region, "owner", "Delivery officer", "No delivery officer", lq->owner);
    if (r->who.role != ROLE_ADVISER)
        people_select(r, h, "adviser", NULL, "adviser", "Adviser", "No adviser allocated", lq->adviser);
    html_lit(h, "<div class=\"govuk-grid-column-one-third\">");
    govuk_checkboxes(h, &(GovukCheckboxes){
                            .name = "overdue",
                            .legend = "Overdue",
                            .legend_classes = "govuk-fieldset__legend--s",
                            .items = (GovukChoice[]){{.value = "1", .text = "Only cases with overdue tasks",
                                                      .checked = lq->overdue}},
                            .n_items = 1,
                            .classes = "govuk-checkboxes--small"});
    html_lit(h, "</div></div><div class=\"govuk-button-group\">");
    govuk_button(h, &(GovukButton){.text = "Apply filters", .variant = GOVUK_BUTTON_SECONDARY});
    html_lit(h, "<a class=\"govuk-link\" href=\"/cases\">Clear filters</a></div></form>");
}

static const char *scope_caption(const Req *r)
{
    if (all_regions(r))
        return "All regions";
    if (r->who.role == ROLE_ADVISER)
        return "Allocated to you";
    return r->who.region ? r->who.region : "";
}

/* The case's name linked to its page, with its URN or UID under it. */
static void name_cell(Html *h, const CaseListItem *c)
{
    int school = c->subject_kind && strcmp(c->subject_kind, "school") == 0;
    html_printf(h,
                "<a class=\"govuk-link\" href=\"/cases/%lld\">%s</a><br>"
                "<span class=\"govuk-body-s govuk-!-margin-bottom-0\">%s %lld</span>",
                (long long)c->id, c->subject_name ? c->subject_name : "", school ? "URN" : "UID",
                (long long)c->subject_id);
}

/* GET /cases */
void page_cases_list(Req *r, Resp *w)
{
    ListQuery lq;
    read_query(r, &lq);
    CaseViewer v = viewer_of(r);
    char today[11], sort[16], q[SEARCH_MAX + 1];
    case_today(r, today);
    CaseFilter f;
    filter_of(&lq, today, sort, sizeof sort, q, sizeof q, &f);
    f.limit = CASES_PER_PAGE;
    f.offset = (lq.page - 1) * CASES_PER_PAGE;
    CaseListPage list;
    if (cases_list(r->db, &v, &f, &list) != 0) {
        page_error(r, w, 500);
        return;
    }
    int pages = (int)((list.total + CASES_PER_PAGE - 1) / CASES_PER_PAGE);

    Html h;
    html_init(&h);
    page_flash(r, &h);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">All cases</h1>",
                scope_caption(r));
    filter_form(r, &h, &v, &lq);

    Html qs;
    html_init(&qs);
    filters_query(&qs, &lq);
    char total[32];
    count_text(list.total, total, sizeof total);
    html_printf(&h, "<h2 class=\"govuk-heading-m\" id=\"results\">%s case%s</h2>", total, list.total == 1 ? "" : "s");
    if (list.total > 0) {
        Html url;
        html_init(&url);
        html_lit(&url, "/cases/export.csv");
        if (html_len(&qs)) {
            html_lit(&url, "?");
            html_append(&url, &qs);
        }
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"");
        html_href(&h, html_str(&url));
        html_free(&url);
        html_lit(&h, "\" download>Download as CSV<span class=\"govuk-visually-hidden\"> (every case matching these"
                     " filters)</span></a></p>");
    }
    Scope own = {.region = r->who.region};
    if (r->who.region && authorise(&r->who, PERM_CASES_MATCH, &own) == ACCESS_ALLOW)
        html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/matching\">Match the cohort</a>:"
                        " propose providers for every case in %s waiting for one, at once.</p>",
                    r->who.region);
    if (list.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">");
        if (list.total > 0)
            html_lit(&h, "There are no cases on this page. <a class=\"govuk-link\" href=\"/cases\">Go back to the"
                         " first page of all cases</a>.");
        else if (html_len(&qs))
            html_lit(&h, "No cases match these filters. Try fewer filters, or <a class=\"govuk-link\""
                         " href=\"/cases\">clear them</a>.");
        else
            html_lit(&h, "There are no cases you can see yet.");
        html_lit(&h, "</p>");
    } else {
        GovukTableCell head[] = {{.text = "Case"},          {.text = "Programme"},  {.text = "Category"},
                                 {.text = "Local authority"}, {.text = "Stage"},    {.text = "Next due"},
                                 {.text = "Status"},        {.text = "Delivery officer"}, {.text = "Adviser"}};
        html_lit(&h, "<div class=\"rise-table-scroll\" role=\"region\" aria-label=\"Cases\" tabindex=\"0\">");
        govuk_table_open(&h, &(GovukTable){.head = head, .n_head = 9, .classes = "govuk-!-font-size-16"});
        for (size_t i = 0; i < list.n; i++) {
            const CaseListItem *c = &list.items[i];
            Html name, due, status;
            html_init(&name);
            html_init(&due);
            html_init(&status);
            name_cell(&name, c);
            char buf[64];
            if (c->next_due) {
                html_printf(&due, "<span class=\"rise-nowrap\">%s</span>",
                            case_long_date(c->next_due, buf, sizeof buf));
                if (c->overdue) {
                    html_lit(&due, "<br>");
                    govuk_tag(&due, &(GovukTag){.text = "Overdue", .classes = "govuk-tag--red"});
                }
            } else {
                html_lit(&due, "None");
            }
            case_status_tag(&status, c->status);
            GovukTableCell cells[] = {{.html = &name},
                                      {.text = programme_label(c->programme)},
                                      {.text = category_label(c->category)},
                                      {.text = c->local_authority ? c->local_authority : ""},
                                      {.text = c->stage ? c->stage : ""},
                                      {.html = &due},
                                      {.html = &status},
                                      {.text = c->delivery_officer ? c->delivery_officer : "None"},
                                      {.text = c->adviser ? c->adviser : "None"}};
            govuk_table_row(&h, cells, 9, 0);
            html_free(&name);
            html_free(&due);
            html_free(&status);
        }
        govuk_table_close(&h);
        html_lit(&h, "</div>");
        if (pages > 1) {
            char from[32], to[32];
            html_printf(&h, "<p class=\"govuk-body\">Showing %s to %s of %s cases.</p>",
                        count_text(f.offset + 1, from, sizeof from),
                        count_text(f.offset + (int64_t)list.n, to, sizeof to), total);
            Html prefix;
            html_init(&prefix);
            html_lit(&prefix, "/cases?");
            html_append(&prefix, &qs);
            if (html_len(&qs))
                html_lit(&prefix, "&");
            html_lit(&prefix, "page=");
            govuk_pagination_pages(&h, (int)lq.page, pages, html_str(&prefix));
            html_free(&prefix);
        }
    }
    html_free(&qs);
    case_list_page_free(&list);
    PageOpts o = {.title = "All cases", .nav = "cases"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* --- the CSV export ---------------------------------------------------------- */

/*
 * A growing text for the CSV body. Not markup, so not an Html (which
 * escapes for HTML); only this file writes it, and only through csv_cell,
 * which quotes every cell (RFC 4180) and defuses spreadsheet formulas.
 */
typedef struct CsvText {
    char *p;
    size_t len, cap;
} CsvText;

static void csv_put(CsvText *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (t->len + n + 1 > cap)
            cap *= 2;
        t->p = xrealloc(t->p, cap);
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

/*
 * One cell, then a comma (or the line's end). A cell a spreadsheet would
 * read as a formula (starting = + - @, a tab or a carriage return) gets a
 * ' in front, so opening the file never runs anything (OWASP "CSV
 * injection"). Every cell is quoted, with quotes doubled.
 */
static void csv_cell(CsvText *t, const char *s, int last)
{
    if (!s)
        s = "";
    csv_put(t, "\"", 1);
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r')
        csv_put(t, "'", 1);
    for (const char *p = s; *p; p++) {
        const char *q = strchr(p, '"');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        csv_put(t, p, n);
        if (!q)
            break;
        csv_put(t, "\"\"", 2);
        p = q;
    }
    csv_put(t, last ? "\"\r\n" : "\",", last ? 3 : 2);
}

static void csv_int(CsvText *t, int64_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", (long long)v);
    csv_cell(t, b, 0);
}

/* GET /cases/export.csv : every case the filters match, as CSV. */
void page_cases_export(Req *r, Resp *w)
{
    ListQuery lq;
    read_query(r, &lq);
    CaseViewer v = viewer_of(r);
    char today[11], sort[16], q[SEARCH_MAX + 1];
    case_today(r, today);
    CaseFilter f;
    filter_of(&lq, today, sort, sizeof sort, q, sizeof q, &f);
    f.limit = 0;
    CaseListPage list;
    if (cases_list(r->db, &v, &f, &list) != 0) {
        page_error(r, w, 500);
        return;
    }
    CsvText t = {0};
    /* the byte-order mark makes Excel read the file as UTF-8 */
    csv_put(&t, "\xEF\xBB\xBF", 3);
    static const char *const HEAD[] = {"Case ID",    "URN or UID", "Name",          "Kind",   "Programme",
                                       "Category",   "Region",     "Local authority", "Stage", "Status",
                                       "Next due",   "Overdue",    "Delivery officer", "Adviser", "Opened"};
    size_t nh = sizeof HEAD / sizeof HEAD[0];
    for (size_t i = 0; i < nh; i++)
        csv_cell(&t, HEAD[i], i + 1 == nh);
    for (size_t i = 0; i < list.n; i++) {
        const CaseListItem *c = &list.items[i];
        char opened[11] = "";
        snprintf(opened, sizeof opened, "%s", c->opened_at ? c->opened_at : "");
        csv_int(&t, c->id);
        csv_int(&t, c->subject_id);
        csv_cell(&t, c->subject_name, 0);
        csv_cell(&t, c->subject_kind, 0);
        csv_cell(&t, programme_label(c->programme), 0);
        csv_cell(&t, category_label(c->category), 0);
        csv_cell(&t, c->region, 0);
        csv_cell(&t, c->local_authority, 0);
        csv_cell(&t, c->stage, 0);
        csv_cell(&t, status_label(c->status), 0);
        csv_cell(&t, c->next_due, 0);
        csv_cell(&t, c->overdue ? "yes" : "no", 0);
        csv_cell(&t, c->delivery_officer, 0);
        csv_cell(&t, c->adviser, 0);
        csv_cell(&t, opened, 1);
    }
    /* who took which cases away, and with which filters */
    char rows[24], filters[1024] = "";
    snprintf(rows, sizeof rows, "%zu", list.n);
    size_t used = 0;
    for (size_t i = 0; i < r->query.n && used < sizeof filters; i++)
        if (*r->query.items[i].val) {
            int k = snprintf(filters + used, sizeof filters - used, "%s%s=%s", used ? "&" : "",
                             r->query.items[i].key, r->query.items[i].val);
            used = k > 0 ? used + (size_t)k : used;
        }
    AuditChange ch[] = {{"rows", NULL, rows}, {"filters", NULL, *filters ? filters : "none"}};
    audit_record(r->db, &r->actor, "cases.export", "cases", "export.csv", ch, 2, NULL);
    case_list_page_free(&list);
    resp_text(w, 200, t.p ? t.p : "");
    free(t.p);
    w->content_type = "text/csv; charset=utf-8";
    char disposition[80];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"cases-%s.csv\"", today);
    resp_header(w, "Content-Disposition", disposition);
}
