/*
 * schools.c - the reference data as a caseworker reads it: finding a school,
 * one school's record (facts, predecessors and successors, every Ofsted
 * inspection including its predecessors'), and one trust with its schools
 * and how they have fared since joining (domain/trust.c).
 */
#include "core/date.h"
#include "domain/grades.h"
#include "domain/inspections.h"
#include "domain/trust.h"
#include "store/cases.h"
#include "store/schools.h"
#include "store/screening.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/school_common.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* --- shared bits ---------------------------------------------------------- */

/* A positive whole number of at most 12 digits from a URL, else 0. */
static int64_t id_param(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 12)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    int64_t v = strtoll(s, NULL, 10);
    return v > 0 ? v : 0;
}

/* "12 June 2024" from a stored yyyy-mm-dd date; the text as stored when it is
   not a date, "" for NULL. */
const char *school_long_date(const char *iso, char *out, int outlen)
{
    Date d = date_parse(iso, NULL);
    if (d == DATE_NONE)
        snprintf(out, (size_t)outlen, "%s", iso ? iso : "");
    else
        date_long(d, out, outlen);
    return out;
}

static Date today(const Req *r)
{
    int64_t now = r->now > 0 ? r->now : (int64_t)time(NULL);
    return (Date)(now / 86400);
}

static const char *GRADE_TAG_CLASS[5] = {"govuk-tag--grey", "govuk-tag--green", "govuk-tag--turquoise",
                                         "govuk-tag--yellow", "govuk-tag--red"};

/* An Ofsted grade as a coloured tag: 1 green, 2 turquoise, 3 yellow, 4 red,
   with the category of concern when given. Satisfactory (grade 3 before
   September 2012) keeps its published name. */
void school_grade_tag(Html *h, int grade, const char *category, const char *published)
{
    if (grade < 1 || grade > 4) {
        govuk_tag(h, &(GovukTag){.text = "Not graded", .classes = GRADE_TAG_CLASS[0]});
        return;
    }
    char text[80];
    if (grade == 3 && published && strcasecmp(published, "Satisfactory") == 0)
        snprintf(text, sizeof text, "Satisfactory");
    else if (grade == 4 && category)
        snprintf(text, sizeof text, "Inadequate: %s", category);
    else
        snprintf(text, sizeof text, "%s", grade_name(grade));
    govuk_tag(h, &(GovukTag){.text = text, .classes = GRADE_TAG_CLASS[grade]});
}

/* A school's latest graded inspection in a list: its grade and date; since
   September 2024 a graded inspection may have no headline grade. */
static void latest_grade(Html *h, int grade, const char *category, const char *date)
{
    char d[40];
    if (!date) {
        html_lit(h, "No graded inspection");
        return;
    }
    if (grade) {
        school_grade_tag(h, grade, category, NULL);
    } else if (category) { /* 2024/25: a category of concern without a headline grade */
        char text[64];
        snprintf(text, sizeof text, "%s", category);
        text[0] = (char)(text[0] >= 'a' && text[0] <= 'z' ? text[0] - 'a' + 'A' : text[0]);
        govuk_tag(h, &(GovukTag){.text = text, .classes = GRADE_TAG_CLASS[4]});
    } else {
        govuk_tag(h, &(GovukTag){.text = "No headline grade", .classes = GRADE_TAG_CLASS[0]});
    }
    html_printf(h, "<br><span class=\"rise-nowrap\">%s</span>", school_long_date(date, d, sizeof d));
}

static void status_tag(Html *h, const char *status)
{
    const char *cls = "govuk-tag--grey";
    const char *text = status && *status ? status : "Not recorded";
    if (status && strcmp(status, "Open") == 0)
        cls = "govuk-tag--green";
    else if (status && strcmp(status, "Open, but proposed to close") == 0)
        cls = "govuk-tag--yellow", text = "Open, proposed to close";
    else if (status && strcmp(status, "Proposed to open") == 0)
        cls = "govuk-tag--blue";
    govuk_tag(h, &(GovukTag){.text = text, .classes = cls});
}

/* A link to a school's page. */
static void school_link(Html *h, int64_t urn, const char *name)
{
    if (name)
        html_printf(h, "<a class=\"govuk-link\" href=\"/schools/%lld\">%s</a>", (long long)urn, name);
    else
        html_printf(h, "<a class=\"govuk-link\" href=\"/schools/%lld\">URN %lld</a>", (long long)urn,
                    (long long)urn);
}

/* --- GET /schools ---------------------------------------------------------- */

typedef struct SearchParams {
    const char *q, *region, *la, *phase, *type, *trust, *grade, *sort, *order;
    int closed;
    int page;
} SearchParams;

static const struct {
    const char *slug;
    SchoolSort sort;
} SORTS[] = {
    {"name", SCHOOL_SORT_NAME}, {"urn", SCHOOL_SORT_URN}, {"la", SCHOOL_SORT_LA}, {"grade", SCHOOL_SORT_GRADE}};

static void read_search(Req *r, SearchParams *p)
{
    p->q = req_query(r, "q");
    p->region = req_query(r, "region");
    p->la = req_query(r, "la");
    p->phase = req_query(r, "phase");
    p->type = req_query(r, "type");
    p->trust = req_query(r, "trust");
    p->grade = req_query(r, "grade");
    p->closed = strcmp(req_query(r, "closed"), "1") == 0;
    p->sort = "name";
    for (size_t i = 0; i < sizeof SORTS / sizeof SORTS[0]; i++)
        if (strcmp(req_query(r, "sort"), SORTS[i].slug) == 0)
            p->sort = SORTS[i].slug;
    p->order = strcmp(req_query(r, "order"), "desc") == 0 ? "desc" : "asc";
    long page = strtol(req_query(r, "page"), NULL, 10);
    p->page = page < 1 ? 1 : page > 100000 ? 100000 : (int)page;
}

/* Appends "&name=value" (or "name=value" first) when value is set. */
static void qs_param(Html *qs, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    if (html_len(qs) > 0)
        html_lit(qs, "&");
    html_url_param(qs, name);
    html_lit(qs, "=");
    html_url_param(qs, value);
}

/* The search's address with the given sort, order and page (0: none). */
static void search_href(Html *out, const SearchParams *p, const char *sort, const char *order, int page)
{
    Html qs;
    html_init(&qs);
    qs_param(&qs, "q", p->q);
    qs_param(&qs, "region", p->region);
    qs_param(&qs, "la", p->la);
    qs_param(&qs, "phase", p->phase);
    qs_param(&qs, "type", p->type);
    qs_param(&qs, "trust", p->trust);
    qs_param(&qs, "grade", p->grade);
    if (p->closed)
        qs_param(&qs, "closed", "1");
    if (sort && strcmp(sort, "name") != 0)
        qs_param(&qs, "sort", sort);
    if (order && strcmp(order, "asc") != 0)
        qs_param(&qs, "order", order);
    if (page > 0) {
        if (html_len(&qs) > 0)
            html_lit(&qs, "&");
        html_printf(&qs, "page=%d", page);
    }
    html_lit(out, "/schools");
    if (html_len(&qs) > 0) {
        html_lit(out, "?");
        html_append(out, &qs);
    }
    html_free(&qs);
}

/* A column heading that sorts by its column: the first click ascending, the
   next reverses. The current order is said in words for screen readers. */
static void sort_heading(Html *h, const SearchParams *p, const char *slug, const char *label)
{
    int current = strcmp(p->sort, slug) == 0;
    int desc = current && strcmp(p->order, "desc") == 0;
    Html href;
    html_init(&href);
    search_href(&href, p, slug, current && !desc ? "desc" : "asc", 0);
    html_printf(h, "<a class=\"govuk-link\" href=\"%s\">%s", html_str(&href), label);
    if (current)
        html_printf(h, " <span aria-hidden=\"true\">%s</span><span class=\"govuk-visually-hidden\">"
                       " (sorted %s)</span>",
                    desc ? "\xE2\x96\xBC" : "\xE2\x96\xB2", desc ? "descending" : "ascending");
    html_lit(h, "</a>");
    html_free(&href);
}

static GovukOption *options_from(const StrList *l, const char *any, int *n)
{
    GovukOption *o = calloc(l->n + 1, sizeof *o);
    if (!o) {
        *n = 0;
        return NULL;
    }
    o[0] = (GovukOption){.value = "", .text = any};
    for (size_t i = 0; i < l->n; i++)
        o[i + 1] = (GovukOption){.value = l->items[i], .text = l->items[i]};
    *n = (int)l->n + 1;
    return o;
}

static void filter_select(Html *h, const char *name, const char *label, const StrList *values, const char *any,
                          const char *value)
{
    int n;
    GovukOption *o = options_from(values, any, &n);
    govuk_select(h, &(GovukSelect){.name = name, .label = label, .value = value, .items = o, .n_items = n,
                                   .classes = "govuk-!-width-full"});
    free(o);
}

static void search_form(Html *h, const SearchParams *p, const SchoolFilterValues *v)
{
    html_lit(h, "<form method=\"get\" action=\"/schools\" novalidate class=\"govuk-!-margin-bottom-6\">"
                "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_input(h, &(GovukInput){.name = "q",
                                 .label = "Search by name, URN, postcode or local authority",
                                 .label_classes = "govuk-label--s",
                                 .hint = "For example, St Mary, 100000, SW1A 1AA or Camden",
                                 .value = p->q,
                                 .type = "search",
                                 .spellcheck = -1});
    html_lit(h, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
    filter_select(h, "region", "Region", &v->regions, "Any region", p->region);
    html_lit(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    filter_select(h, "la", "Local authority", &v->las, "Any local authority", p->la);
    html_lit(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    filter_select(h, "phase", "Phase", &v->phases, "Any phase", p->phase);
    html_lit(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    filter_select(h, "type", "Type of establishment", &v->types, "Any type", p->type);
    html_lit(h, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
    GovukOption grades[] = {{.value = "", .text = "Any grade"},   {.value = "1", .text = "Outstanding"},
                            {.value = "2", .text = "Good"},       {.value = "3", .text = "Requires improvement"},
                            {.value = "4", .text = "Inadequate"},
                            {.value = "no-headline", .text = "No headline grade (from September 2024)"},
                            {.value = "none", .text = "Not inspected"}};
    govuk_select(h, &(GovukSelect){.name = "grade", .label = "Latest Ofsted grade", .value = p->grade,
                                   .items = grades, .n_items = 7, .classes = "govuk-!-width-full"});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-half\">");
    govuk_input(h, &(GovukInput){.name = "trust", .label = "Trust", .hint = "Name or group UID", .value = p->trust,
                                 .spellcheck = -1});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    const char *closed_values[] = {p->closed ? "1" : ""};
    GovukChoice closed[] = {{.value = "1", .text = "Include closed schools"}};
    govuk_checkboxes(h, &(GovukCheckboxes){.name = "closed", .values = closed_values, .n_values = 1,
                                           .items = closed, .n_items = 1, .classes = "govuk-checkboxes--small"});
    html_lit(h, "</div></div>");
    if (strcmp(p->sort, "name") != 0)
        html_printf(h, "<input type=\"hidden\" name=\"sort\" value=\"%s\">", p->sort);
    if (strcmp(p->order, "asc") != 0)
        html_printf(h, "<input type=\"hidden\" name=\"order\" value=\"%s\">", p->order);
    html_lit(h, "<div class=\"govuk-button-group\">");
    govuk_button(h, &(GovukButton){.text = "Search"});
    govuk_button(h, &(GovukButton){.text = "Clear filters", .href = "/schools", .variant = GOVUK_BUTTON_SECONDARY});
    html_lit(h, "</div></form>");
}

static void results_table(Html *h, const SearchParams *p, const SchoolList *l)
{
    Html hn, hu, hl, hg;
    html_init(&hn);
    html_init(&hu);
    html_init(&hl);
    html_init(&hg);
    sort_heading(&hn, p, "name", "School");
    sort_heading(&hu, p, "urn", "URN");
    sort_heading(&hl, p, "la", "Local authority");
    sort_heading(&hg, p, "grade", "Latest Ofsted grade");
    GovukTableCell head[] = {{.html = &hn}, {.html = &hu}, {.html = &hl}, {.text = "Phase"},
                             {.text = "Type"}, {.text = "Status"}, {.html = &hg}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 7, .classes = "govuk-!-font-size-16"});
    for (size_t i = 0; i < l->n; i++) {
        const SchoolRow *s = &l->items[i];
        Html name, status, grade;
        html_init(&name);
        html_init(&status);
        html_init(&grade);
        school_link(&name, s->urn, s->name);
        if (s->town || s->postcode)
            html_printf(&name, "<br><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">%s%s%s</span>",
                        s->town ? s->town : "", s->town && s->postcode ? ", " : "", s->postcode ? s->postcode : "");
        status_tag(&status, s->status);
        latest_grade(&grade, s->grade, s->grade_category, s->grade_date);
        char urn[24];
        snprintf(urn, sizeof urn, "%lld", (long long)s->urn);
        GovukTableCell cells[] = {{.html = &name},     {.text = urn},           {.text = s->la_name},
                                  {.text = s->phase},  {.text = s->type_name},  {.html = &status},
                                  {.html = &grade}};
        govuk_table_row(h, cells, 7, 0);
        html_free(&name);
        html_free(&status);
        html_free(&grade);
    }
    govuk_table_close(h);
    html_free(&hn);
    html_free(&hu);
    html_free(&hl);
    html_free(&hg);
}

/* What was searched for, in words, after the count. */
static void described(Html *h, const SearchParams *p, SchoolMatch match)
{
    char term[512];
    school_query_parse(p->q, term, sizeof term);
    switch (match) {
    case SCHOOL_MATCH_URN: html_printf(h, " with URN %s", term); break;
    case SCHOOL_MATCH_POSTCODE: html_printf(h, " with a postcode starting %s", term); break;
    case SCHOOL_MATCH_WORDS: html_printf(h, " matching \xE2\x80\x98%s\xE2\x80\x99", p->q); break;
    case SCHOOL_MATCH_ALL: break;
    }
}

/* GET /schools?q=&region=&la=&phase=&type=&trust=&grade=&closed=1&sort=&order=&page= */
void page_schools_search(Req *r, Resp *w)
{
    SearchParams p;
    read_search(r, &p);
    SchoolQuery q = {.q = p.q, .region = p.region, .la = p.la, .phase = p.phase, .type = p.type,
                     .trust = p.trust, .grade = p.grade, .include_closed = p.closed, .page = p.page,
                     .descending = strcmp(p.order, "desc") == 0};
    for (size_t i = 0; i < sizeof SORTS / sizeof SORTS[0]; i++)
        if (strcmp(p.sort, SORTS[i].slug) == 0)
            q.sort = SORTS[i].sort;
    SchoolList list;
    SchoolFilterValues values;
    if (school_search(r->db, &q, &list) != 0) {
        page_error(r, w, 500);
        return;
    }
    if (school_filter_values(r->db, &values) != 0) {
        school_list_free(&list);
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Find a school</h1>");
    search_form(&h, &p, &values);

    int pages = (int)((list.total + SCHOOLS_PER_PAGE - 1) / SCHOOLS_PER_PAGE);
    html_printf(&h, "<h2 class=\"govuk-heading-m\" id=\"results\">%lld %s", (long long)list.total,
                list.total == 1 ? "school" : "schools");
    described(&h, &p, list.match);
    html_lit(&h, "</h2>");
    if (list.total == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No schools match your search.</p>"
                     "<p class=\"govuk-body\">You could:</p><ul class=\"govuk-list govuk-list--bullet\">"
                     "<li>check the spelling, or search for fewer words (each word matches the start of a word"
                     " in the name, town or local authority)</li>"
                     "<li>search by the school's 6-digit URN or its postcode</li>"
                     "<li><a class=\"govuk-link\" href=\"/schools\">clear the filters</a></li>");
        if (!p.closed && list.match != SCHOOL_MATCH_URN) {
            /* would closed schools match? say how many */
            SchoolQuery all = q;
            all.include_closed = 1;
            all.page = 1;
            SchoolList more;
            if (school_search(r->db, &all, &more) == 0 && more.total > 0) {
                SearchParams with = p;
                with.closed = 1;
                Html href;
                html_init(&href);
                search_href(&href, &with, p.sort, p.order, 0);
                html_printf(&h, "<li><a class=\"govuk-link\" href=\"%s\">include closed schools</a> (%lld closed"
                                " %s)</li>", html_str(&href), (long long)more.total,
                            more.total == 1 ? "school matches" : "schools match");
                html_free(&href);
            }
            school_list_free(&more);
        }
        html_lit(&h, "</ul>");
    } else if (list.n == 0) {
        Html href;
        html_init(&href);
        search_href(&href, &p, p.sort, p.order, 1);
        html_printf(&h, "<p class=\"govuk-body\">There is no page %d of these results. <a class=\"govuk-link\""
                        " href=\"%s\">Go to the first page</a>.</p>", p.page, html_str(&href));
        html_free(&href);
    } else {
        if (pages > 1)
            html_printf(&h, "<p class=\"govuk-body govuk-!-font-size-16\">Showing %lld to %lld, page %d of %d</p>",
                        (long long)(p.page - 1) * SCHOOLS_PER_PAGE + 1,
                        (long long)(p.page - 1) * SCHOOLS_PER_PAGE + (long long)list.n, p.page, pages);
        results_table(&h, &p, &list);
        if (pages > 1) {
            Html prefix;
            html_init(&prefix);
            search_href(&prefix, &p, p.sort, p.order, 0);
            if (strchr(html_str(&prefix), '?'))
                html_lit(&prefix, "&page=");
            else
                html_lit(&prefix, "?page=");
            govuk_pagination_pages(&h, p.page, pages, html_str(&prefix));
            html_free(&prefix);
        }
    }
    school_list_free(&list);
    school_filter_values_free(&values);
    PageOpts o = {.title = "Find a school", .nav = "schools"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* --- GET /schools/{urn} ------------------------------------------------------ */

/* Summary-list row helpers: text rows fall back to "Not recorded". */
#define ROWS_MAX 32
typedef struct Rows {
    GovukSummaryRow row[ROWS_MAX];
    Html html[ROWS_MAX];
    char text[ROWS_MAX][160];
    int n;
} Rows;

static void rows_text(Rows *rs, const char *key, const char *value)
{
    if (rs->n >= ROWS_MAX)
        return;
    rs->row[rs->n] = (GovukSummaryRow){.key = key, .value = value && *value ? value : "Not recorded"};
    rs->n++;
}

/* A row whose value is markup: fill the returned Html. */
static Html *rows_html(Rows *rs, const char *key)
{
    if (rs->n >= ROWS_MAX)
        return NULL;
    Html *h = &rs->html[rs->n];
    html_init(h);
    rs->row[rs->n] = (GovukSummaryRow){.key = key, .value_html = h};
    rs->n++;
    return h;
}

static char *rows_buf(Rows *rs)
{
    return rs->text[rs->n];
}

static void rows_free(Rows *rs)
{
    for (int i = 0; i < rs->n; i++)
        if (rs->row[i].value_html)
            html_free(&rs->html[i]);
}

/* "07318714" from the groups file's "7318714.0"; as stored otherwise. */
static void whole_number(const char *s, int pad, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s", s ? s : "");
    size_t n = strlen(out);
    if (n > 2 && strcmp(out + n - 2, ".0") == 0)
        out[n -= 2] = '\0';
    for (size_t i = 0; i < n; i++)
        if (out[i] < '0' || out[i] > '9')
            return;
    if (pad && n > 0 && (int)n < pad && (size_t)pad < outlen) {
        memmove(out + (pad - (int)n), out, n + 1);
        memset(out, '0', (size_t)pad - n);
    }
}

static void facts(Html *h, const School *s, const MembershipList *ms)
{
    Rows rs = {.n = 0};
    char d1[40], d2[40];
    char *t;

    t = rows_buf(&rs);
    snprintf(t, 160, "%lld", (long long)s->urn);
    rows_text(&rs, "URN", t);
    t = rows_buf(&rs);
    if (s->type_group && s->type_name && strcmp(s->type_group, s->type_name) != 0)
        snprintf(t, 160, "%s (%s)", s->type_name, s->type_group);
    else
        snprintf(t, 160, "%s", s->type_name ? s->type_name : "");
    rows_text(&rs, "Type of establishment", t);
    rows_text(&rs, "Phase", s->phase);
    t = rows_buf(&rs);
    if (s->low_age != SCHOOL_NUM_NONE && s->high_age != SCHOOL_NUM_NONE)
        snprintf(t, 160, "%lld to %lld", (long long)s->low_age, (long long)s->high_age);
    else
        t[0] = '\0';
    rows_text(&rs, "Ages", t);

    Html *st = rows_html(&rs, "Status");
    status_tag(st, s->status);
    /* GIAS writes 01-01-1900 where it does not know when a school opened */
    const char *opened = s->open_date && strcmp(s->open_date, "1900-01-01") != 0 ? s->open_date : NULL;
    if (opened || s->reason_opened) {
        html_printf(st, "<br>Opened %s", opened ? school_long_date(opened, d1, sizeof d1) : "(date not recorded)");
        if (s->reason_opened)
            html_printf(st, ": %s", s->reason_opened);
    }
    if (s->close_date || s->reason_closed) {
        html_printf(st, "<br>Closed %s",
                    s->close_date ? school_long_date(s->close_date, d2, sizeof d2) : "(date not recorded)");
        if (s->reason_closed)
            html_printf(st, ": %s", s->reason_closed);
    }

    t = rows_buf(&rs);
    if (s->la_name && s->la_code)
        snprintf(t, 160, "%s (%s)", s->la_name, s->la_code);
    else
        snprintf(t, 160, "%s", s->la_name ? s->la_name : "");
    rows_text(&rs, "Local authority", t);
    rows_text(&rs, "Region", s->region);

    Html *addr = rows_html(&rs, "Address");
    const char *lines[] = {s->street, s->locality, s->address3, s->town, s->county, s->postcode};
    int any = 0;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (!lines[i] || !*lines[i])
            continue;
        if (any)
            html_lit(addr, "<br>");
        html_printf(addr, "%s", lines[i]);
        any = 1;
    }
    if (!any)
        html_lit(addr, "Not recorded");

    t = rows_buf(&rs);
    if (s->pupils != SCHOOL_NUM_NONE && s->capacity != SCHOOL_NUM_NONE)
        snprintf(t, 160, "%lld (capacity %lld)", (long long)s->pupils, (long long)s->capacity);
    else if (s->pupils != SCHOOL_NUM_NONE)
        snprintf(t, 160, "%lld", (long long)s->pupils);
    else
        t[0] = '\0';
    rows_text(&rs, "Pupils", t);
    t = rows_buf(&rs);
    if (s->percent_fsm >= 0)
        snprintf(t, 160, "%.1f%%", s->percent_fsm);
    else
        t[0] = '\0';
    rows_text(&rs, "Pupils eligible for free school meals", t);
    rows_text(&rs, "Religious character", s->religious_character);
    rows_text(&rs, "Diocese", s->diocese_name);

    Html *trust = rows_html(&rs, "Trust");
    Html *groups = NULL;
    int trusts = 0;
    for (size_t i = 0; i < ms->n; i++) {
        const Membership *m = &ms->items[i];
        int is_trust = group_type_is_trust(m->group_type) || (m->from_establishment && !m->group_type);
        Html *into = trust;
        if (!is_trust) {
            if (!groups)
                groups = rows_html(&rs, "Other groups");
            if (!groups)
                continue;
            into = groups;
        } else {
            trusts++;
        }
        if (html_len(into) > 0)
            html_lit(into, "<br>");
        html_printf(into, "<a class=\"govuk-link\" href=\"/trusts/%lld\">%s</a>", (long long)m->group_uid,
                    m->group_name ? m->group_name : "Unnamed group");
        if (m->group_type)
            html_printf(into, " (%s)", m->group_type);
        if (m->from_establishment)
            html_lit(into, ", date joined not recorded");
        else if (m->joined)
            html_printf(into, ", joined %s", school_long_date(m->joined, d1, sizeof d1));
        if (m->left)
            html_printf(into, ", left %s", school_long_date(m->left, d2, sizeof d2));
    }
    if (!trusts)
        html_lit(trust, "Not in a trust");

    Html *fed = rows_html(&rs, "Federation");
    if (s->federation_name && s->federation_uid && id_param(s->federation_uid))
        html_printf(fed, "<a class=\"govuk-link\" href=\"/trusts/%s\">%s</a>", s->federation_uid, s->federation_name);
    else
        html_printf(fed, "%s", s->federation_name ? s->federation_name : "Not in a federation");
    t = rows_buf(&rs);
    snprintf(t, 160, "%s", s->sponsor_name ? s->sponsor_name : "No sponsor");
    rows_text(&rs, "Sponsor", t);
    rows_text(&rs, "UKPRN", s->ukprn);
    if (s->website && *s->website) {
        Html *web = rows_html(&rs, "Website");
        int has_scheme = strncasecmp(s->website, "http://", 7) == 0 || strncasecmp(s->website, "https://", 8) == 0;
        char url[600];
        snprintf(url, sizeof url, "%s%s", has_scheme ? "" : "https://", s->website);
        html_lit(web, "<a class=\"govuk-link\" rel=\"noreferrer noopener\" href=\"");
        html_href(web, url);
        html_printf(web, "\">%s</a>", s->website);
    }
    rows_text(&rs, "Telephone", s->telephone);
    rows_text(&rs, "Last changed in GIAS", s->last_changed ? school_long_date(s->last_changed, rows_buf(&rs), 160) : NULL);
    govuk_summary_list(h, &(GovukSummaryList){.rows = rs.row, .n_rows = rs.n});
    rows_free(&rs);
}

static void relation_text(int gen, char *out, size_t n)
{
    if (gen == -1)
        snprintf(out, n, "Predecessor");
    else if (gen < -1)
        snprintf(out, n, "Earlier predecessor (%d steps back)", -gen);
    else if (gen == 1)
        snprintf(out, n, "Successor");
    else if (gen > 1)
        snprintf(out, n, "Later successor (%d steps on)", gen);
    else
        snprintf(out, n, "Other link");
}

static void links_section(Html *h, const SchoolLinkList *links)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"links\">Predecessors and successors</h2>");
    if (links->n == 0) {
        html_lit(h, "<p class=\"govuk-body\">GIAS records no predecessor, successor or other linked school.</p>");
        return;
    }
    GovukTableCell head[] = {{.text = "Relationship"}, {.text = "School"}, {.text = "URN"},
                             {.text = "Link type in GIAS"}, {.text = "Date"}, {.text = "Status"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 6, .classes = "govuk-!-font-size-16"});
    for (size_t i = 0; i < links->n; i++) {
        const SchoolLink *k = &links->items[i];
        char rel[64], urn[24], d[40];
        relation_text(k->generation, rel, sizeof rel);
        snprintf(urn, sizeof urn, "%lld", (long long)k->urn);
        Html name, st;
        html_init(&name);
        html_init(&st);
        school_link(&name, k->urn, k->name);
        if (k->status)
            status_tag(&st, k->status);
        else
            html_lit(&st, "Not in the establishment data");
        GovukTableCell cells[] = {{.text = rel}, {.html = &name}, {.text = urn}, {.text = k->link_type},
                                  {.text = k->established ? school_long_date(k->established, d, sizeof d) : "Not recorded",
                                   .classes = "rise-nowrap"},
                                  {.html = &st}};
        govuk_table_row(h, cells, 6, 0);
        html_free(&name);
        html_free(&st);
    }
    govuk_table_close(h);
}

/* "This school" or the predecessor, flagged, with its URN. */
void school_inspection_urn(Html *h, const Inspection *in)
{
    if (in->depth == 0) {
        html_printf(h, "%lld<br><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">This school</span>",
                    (long long)in->urn);
        return;
    }
    html_printf(h, "<a class=\"govuk-link\" href=\"/schools/%lld\">%lld</a> ", (long long)in->urn,
                (long long)in->urn);
    govuk_tag(h, &(GovukTag){.text = in->depth == 1 ? "Predecessor" : "Earlier predecessor",
                             .classes = "govuk-tag--purple"});
    if (in->school_name)
        html_printf(h, "<br><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">%s</span>",
                    in->school_name);
}

/* GET /schools/{urn} */
/* Cases and screening decisions about a school or trust: who decided what,
   when and why (the screening decision log, store/cases.c). */
/* One decision the reader may see in full: what, why, who and when, and
   the case it opened. */
static void decision_row(Html *h, const DecisionRow *d)
{
    const Programme *p = programme_find(d->programme);
    Html what, who;
    html_init(&what);
    html_init(&who);
    if (strcmp(d->decision, "open-case") == 0)
        html_printf(&what, "Case opened%s%s%s", strcmp(d->route, "exception") == 0 ? " by exception" : "",
                    d->category ? ": " : "", d->category ? d->category : "");
    else
        html_lit(&what, "Set aside");
    if (d->case_id)
        html_printf(&what, "<br><a class=\"govuk-link\" href=\"/cases/%lld\">View the case"
                           "<span class=\"govuk-visually-hidden\"> (%s)</span></a>",
                    (long long)d->case_id, p ? p->name : d->programme);
    if (d->suggested)
        html_printf(&what, "<br><span class=\"govuk-body-s\">Suggested: %s</span>", outcome_label(d->suggested));
    char when[64];
    timestamp_long(d->decided_at, when, sizeof when);
    html_printf(&who, "%s<br><span class=\"govuk-body-s\">%s</span>", d->decided_by, when);
    GovukTableCell cells[] = {{.text = p ? p->name : d->programme}, {.html = &what}, {.text = d->reason},
                              {.html = &who}};
    govuk_table_row(h, cells, 4, 0);
    html_free(&what);
    html_free(&who);
}

/* Another region's decision: only that one was recorded, and by whom. */
static void decision_row_elsewhere(Html *h, const DecisionRow *d)
{
    const Programme *p = programme_find(d->programme);
    char said[200];
    if (d->region)
        snprintf(said, sizeof said, "A decision was recorded by the %s team. Its details are shown only within"
                                    " that region.", d->region);
    else
        snprintf(said, sizeof said, "A decision was recorded by another region's team. Its details are shown only"
                                    " within that region.");
    GovukTableCell cells[] = {{.text = p ? p->name : d->programme}, {.text = said, .colspan = 3}};
    govuk_table_row(h, cells, 2, 0);
}

/*
 * The screening decisions about a school or trust and the cases they
 * opened. Each is read within the region recorded with it (issue 10), not
 * the region GIAS gives the school today: in scope, its reason, who decided
 * and the case; outside, only that a decision was recorded, as the
 * screening item page says. The section shows when there is a decision, or
 * when the reader may read cases where the school is now (region; NULL for
 * a trust, which may span regions).
 */
static void decisions_section(Req *r, Html *h, const char *kind, int64_t id, const char *region)
{
    if (authorise(&r->who, PERM_CASES_READ, NULL) != ACCESS_ALLOW)
        return;
    DecisionList l;
    if (screening_for_subject(r->db, kind, id, &l) != 0) {
        decision_list_free(&l);
        return;
    }
    Scope here = {.region = region};
    if (l.n == 0) {
        if (authorise(&r->who, PERM_CASES_READ, strcmp(kind, "school") == 0 ? &here : NULL) == ACCESS_ALLOW)
            html_printf(h, "<h2 class=\"govuk-heading-m\" id=\"cases\">Cases and screening decisions</h2>"
                           "<p class=\"govuk-body\">No case has been opened for this %s, and no screening decision"
                           " has been recorded.</p>", kind);
        decision_list_free(&l);
        return;
    }
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"cases\">Cases and screening decisions</h2>");
    GovukTableCell head[] = {{.text = "Programme"}, {.text = "Decision"}, {.text = "Why"}, {.text = "Who and when"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 4});
    for (size_t i = 0; i < l.n; i++) {
        Scope decided_in = decision_scope(&l.items[i]);
        if (authorise(&r->who, PERM_CASES_READ, &decided_in) == ACCESS_ALLOW)
            decision_row(h, &l.items[i]);
        else
            decision_row_elsewhere(h, &l.items[i]);
    }
    govuk_table_close(h);
    decision_list_free(&l);
}

void page_school_show(Req *r, Resp *w)
{
    int64_t urn = id_param(req_param(r, 0));
    School s;
    int found = urn ? school_get(r->db, urn, &s) : 0;
    if (found < 0) {
        page_error(r, w, 500);
        return;
    }
    if (found == 0) {
        page_error(r, w, 404);
        return;
    }
    InspectionList hist;
    SchoolLinkList links;
    MembershipList ms;
    int ok = school_history(r->db, urn, &hist) == 0;
    int ok2 = ok && school_links_get(r->db, urn, &links) == 0;
    int ok3 = ok2 && school_memberships(r->db, urn, &ms) == 0;
    if (!ok3) {
        if (ok2)
            school_link_list_free(&links);
        if (ok)
            inspection_list_free(&hist);
        school_free(&s);
        page_error(r, w, 500);
        return;
    }
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = "/schools", .text = "Find a school"});
    html_printf(&h, "<span class=\"govuk-caption-l\">URN %lld</span><h1 class=\"govuk-heading-l\">%s</h1>",
                (long long)s.urn, s.name);
    facts(&h, &s, &ms);
    html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" rel=\"noreferrer noopener\""
                    " href=\"https://get-information-schools.service.gov.uk/Establishments/Establishment/Details/"
                    "%lld\">"
                    "View this school on Get information about schools (opens GIAS)</a></p>", (long long)s.urn);
    links_section(&h, &links);
    school_inspections_section(&h, s.urn, &hist);
    decisions_section(r, &h, "school", s.urn, s.region);
    char title[300];
    snprintf(title, sizeof title, "%s (URN %lld)", s.name, (long long)s.urn);
    PageOpts o = {.title = title, .nav = "schools", .before = &before};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    html_free(&before);
    membership_list_free(&ms);
    school_link_list_free(&links);
    inspection_list_free(&hist);
    school_free(&s);
}

/* --- GET /trusts/{uid} -------------------------------------------------------- */

static void group_facts(Html *h, const Group *g)
{
    Rows rs = {.n = 0};
    char d[40];
    char *t;
    rows_text(&rs, "Type", g->type);
    rows_text(&rs, "Status", g->status);
    t = rows_buf(&rs);
    snprintf(t, 160, "%lld%s%s", (long long)g->uid, g->group_id ? ", group ID " : "", g->group_id ? g->group_id : "");
    rows_text(&rs, "Group UID", t);
    if (g->companies_house && *g->companies_house) {
        char ch[32];
        whole_number(g->companies_house, 8, ch, sizeof ch);
        Html *c = rows_html(&rs, "Companies House number");
        html_printf(c, "<a class=\"govuk-link\" rel=\"noreferrer noopener\""
                       " href=\"https://find-and-update.company-information.service.gov.uk/company/");
        html_url_param(c, ch);
        html_printf(c, "\">%s</a>", ch);
    } else {
        rows_text(&rs, "Companies House number", NULL);
    }
    rows_text(&rs, "Opened", g->open_date ? school_long_date(g->open_date, rows_buf(&rs), 160) : NULL);
    if (g->incorporated_on)
        rows_text(&rs, "Incorporated", school_long_date(g->incorporated_on, rows_buf(&rs), 160));
    if (g->closed_date)
        rows_text(&rs, "Closed", school_long_date(g->closed_date, d, sizeof d));
    if (g->ukprn && *g->ukprn) {
        t = rows_buf(&rs);
        whole_number(g->ukprn, 0, t, 160);
        rows_text(&rs, "UKPRN", t);
    }
    if (g->town || g->postcode) {
        t = rows_buf(&rs);
        snprintf(t, 160, "%s%s%s", g->town ? g->town : "", g->town && g->postcode ? ", " : "",
                 g->postcode ? g->postcode : "");
        rows_text(&rs, "Address", t);
    }
    govuk_summary_list(h, &(GovukSummaryList){.rows = rs.row, .n_rows = rs.n});
    rows_free(&rs);
}

static void member_grade(Html *h, const GroupMember *m)
{
    latest_grade(h, m->grade, m->grade_category, m->grade_date);
}

static void members_table(Html *h, const Group *g, const GroupMemberList *l, int current, Date on)
{
    GovukTableCell head[] = {{.text = "School"}, {.text = "URN"}, {.text = "Local authority"}, {.text = "Joined"},
                             {.text = "Left"}, {.text = "Latest Ofsted grade"}};
    int cols = current ? 5 : 6;
    if (current)
        head[4] = head[5];
    int trust = group_type_is_trust(g->type);
    govuk_table_open(h, &(GovukTable){.caption = current ? (trust ? "Schools in the trust" : "Schools in the group")
                                                         : "Schools that have left",
                                      .caption_classes = "govuk-table__caption--m", .head = head, .n_head = cols,
                                      .classes = "govuk-!-font-size-16"});
    char ondate[11];
    date_iso(on, ondate);
    for (size_t i = 0; i < l->n; i++) {
        const GroupMember *m = &l->items[i];
        int has_left = m->left && strcmp(m->left, ondate) <= 0;
        if (has_left == current)
            continue;
        char urn[24], j[40], lft[40];
        snprintf(urn, sizeof urn, "%lld", (long long)m->urn);
        Html name, grade, joined;
        html_init(&name);
        html_init(&grade);
        html_init(&joined);
        school_link(&name, m->urn, m->name);
        if (trust && current && m->current_trust_uid && m->current_trust_uid != g->uid)
            html_printf(&name, "<br><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">GIAS now"
                               " lists this school in <a class=\"govuk-link\" href=\"/trusts/%lld\">%s</a></span>",
                        (long long)m->current_trust_uid,
                        m->current_trust_name ? m->current_trust_name : "another trust");
        if (m->joined)
            html_printf(&joined, "<span class=\"rise-nowrap\">%s</span>", school_long_date(m->joined, j, sizeof j));
        else if (m->from_establishment)
            html_lit(&joined, "Not recorded (named by the school's GIAS record)");
        else
            html_lit(&joined, "Not recorded");
        member_grade(&grade, m);
        GovukTableCell cells[6] = {{.html = &name}, {.text = urn}, {.text = m->la_name}, {.html = &joined}};
        if (current) {
            cells[4] = (GovukTableCell){.html = &grade};
        } else {
            cells[4] = (GovukTableCell){.text = school_long_date(m->left, lft, sizeof lft), .classes = "rise-nowrap"};
            cells[5] = (GovukTableCell){.html = &grade};
        }
        govuk_table_row(h, cells, cols, 0);
        html_free(&name);
        html_free(&grade);
        html_free(&joined);
    }
    govuk_table_close(h);
}

/* One side of a school's working: grade tag, date and whose inspection. */
static void working_side(Html *h, int has, const TrustInspection *in, const TrustMember *m)
{
    if (!has) {
        html_lit(h, "None");
        return;
    }
    char d[40];
    school_grade_tag(h, in->grade, in->category, NULL);
    date_long(in->date, d, sizeof d);
    html_printf(h, "<br><span class=\"rise-nowrap\">%s</span>", d);
    if (in->urn != m->urn)
        html_printf(h, "<br><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">predecessor, URN"
                       " <a class=\"govuk-link\" href=\"/schools/%lld\">%lld</a></span>",
                    (long long)in->urn, (long long)in->urn);
}

static void since_joining_section(Html *h, const GroupMemberList *l, Date on)
{
    /* plain values for the rule: each member's graded history */
    size_t total = 0;
    for (size_t i = 0; i < l->n; i++)
        total += l->items[i].history.n;
    TrustMember *members = calloc(l->n ? l->n : 1, sizeof *members);
    TrustInspection *insp = calloc(total ? total : 1, sizeof *insp);
    TrustResult res;
    if (!members || !insp) {
        free(members);
        free(insp);
        html_lit(h, "<p class=\"govuk-body\">The measures could not be worked out.</p>");
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        const GroupMember *gm = &l->items[i];
        TrustMember *m = &members[i];
        m->urn = gm->urn;
        m->name = gm->name;
        m->joined = gm->joined ? date_parse(gm->joined, NULL) : DATE_NONE;
        m->left = gm->left ? date_parse(gm->left, NULL) : DATE_NONE;
        m->inspections = &insp[k];
        for (size_t j = 0; j < gm->history.n; j++) {
            const Inspection *in = &gm->history.items[j];
            if (strcmp(in->kind, "graded") != 0)
                continue;
            int grade = in->grade;
            if (grade < 1 && in->overall_text && strcasecmp(in->overall_text, "Not judged") == 0) {
                InspEquivalence why; /* DfE's rule for inspections without a headline grade */
                grade = insp_equivalent_grade(in->category, in->quality, in->leadership, &why);
            }
            if (grade < 1)
                continue;
            insp[k++] = (TrustInspection){.urn = in->urn, .date = date_parse(in->date, NULL), .grade = grade,
                                          .category = in->category};
            m->n_inspections++;
        }
    }
    if (trust_assess(members, l->n, on, &res) != 0) {
        free(members);
        free(insp);
        html_lit(h, "<p class=\"govuk-body\">The measures could not be worked out.</p>");
        return;
    }
    char ondate[40];
    date_long(on, ondate, sizeof ondate);
    html_printf(h, "<h2 class=\"govuk-heading-m\" id=\"since-joining\">Schools since they joined the trust</h2>"
                   "<p class=\"govuk-body\">As at %s, from the inspections recorded in this service, including"
                   " those of each school's predecessors.</p>", ondate);

    Rows rs = {.n = 0};
    char *t = rows_buf(&rs);
    snprintf(t, 160, "%zu", res.members);
    rows_text(&rs, "Schools in the trust", t);
    t = rows_buf(&rs);
    snprintf(t, 160, "%zu", res.in_trust_3_years);
    rows_text(&rs, "In the trust for 3 years or more", t);
    t = rows_buf(&rs);
    if (res.inspected_since)
        snprintf(t, 160, "%zu of %zu schools inspected since joining (%zu%%)", res.ri_or_worse, res.inspected_since,
                 (res.ri_or_worse * 100 + res.inspected_since / 2) / res.inspected_since);
    else
        snprintf(t, 160, "No school has been inspected since joining");
    rows_text(&rs, "Requires improvement or worse since joining", t);
    t = rows_buf(&rs);
    if (res.si_counted)
        snprintf(t, 160, "%s%d (%zu improved, %zu declined, %zu the same; %zu left out)",
                 res.si_score > 0 ? "+" : "", res.si_score, res.improved, res.declined, res.unchanged,
                 res.si_left_out);
    else
        snprintf(t, 160, "Not enough inspections: no school has a judgement both before and since joining");
    rows_text(&rs, "SI score", t);
    govuk_summary_list(h, &(GovukSummaryList){.rows = rs.row, .n_rows = rs.n});
    rows_free(&rs);

    GovukTableCell head[] = {{.text = "School"}, {.text = "Joined"}, {.text = "Last judgement before joining"},
                             {.text = "Latest judgement since joining"}, {.text = "SI score"}};
    govuk_table_open(h, &(GovukTable){.caption = "How each school counts", .caption_classes = "govuk-table__caption--s",
                                      .head = head, .n_head = 5, .classes = "govuk-!-font-size-16"});
    /* the schools counted first, then those left out, each by name */
    for (size_t k2 = 0; k2 < 2 * res.n; k2++) {
        size_t i = k2 % res.n;
        const TrustSchoolWorking *wk = &res.schools[i];
        if (!wk->member_on_date || (k2 < res.n) != (wk->left_out == TRUST_COUNTED))
            continue;
        const TrustMember *m = wk->member;
        Html name, before, since, contrib;
        html_init(&name);
        html_init(&before);
        html_init(&since);
        html_init(&contrib);
        school_link(&name, m->urn, m->name);
        working_side(&before, wk->has_before, &wk->before, m);
        working_side(&since, wk->has_since, &wk->since, m);
        if (wk->in_share && wk->ri_or_worse)
            html_lit(&since, "<br><strong>Counts as requires improvement or worse</strong>");
        if (wk->left_out == TRUST_COUNTED)
            html_printf(&contrib, "<strong>%s</strong><br>%s",
                        wk->contribution > 0 ? "+1" : wk->contribution < 0 ? "\xE2\x88\x92" "1" : "0",
                        wk->contribution > 0 ? "better" : wk->contribution < 0 ? "worse" : "the same");
        else
            html_printf(&contrib, "Left out: %s", trust_left_out_reason(wk->left_out));
        char j[40];
        if (m->joined != DATE_NONE)
            date_long(m->joined, j, sizeof j);
        else
            snprintf(j, sizeof j, "Not recorded");
        GovukTableCell cells[] = {{.html = &name}, {.text = j, .classes = "rise-nowrap"}, {.html = &before},
                                  {.html = &since}, {.html = &contrib}};
        govuk_table_row(h, cells, 5, 0);
        html_free(&name);
        html_free(&before);
        html_free(&since);
        html_free(&contrib);
    }
    govuk_table_close(h);
    html_lit(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                "<span class=\"govuk-details__summary-text\">How these are worked out</span></summary>"
                "<div class=\"govuk-details__text\">"
                "<p class=\"govuk-body\">Only schools in the trust on the date count. An inspection on the day a"
                " school joined counts as since joining. A predecessor school's inspections count as the"
                " school's own, placed before or since joining by their date.</p>"
                "<p class=\"govuk-body\"><strong>Requires improvement or worse since joining</strong>: of the"
                " schools inspected since joining, those whose latest judgement since joining is requires"
                " improvement (or satisfactory) or inadequate.</p>"
                "<p class=\"govuk-body\"><strong>SI score</strong>: for each school with a judgement both before"
                " and since joining, +1 if the latest since joining is better than the last before joining,"
                " \xE2\x88\x92" "1 if worse, 0 if the same; summed. Schools without both are left out and listed"
                " with the reason.</p>"
                "<p class=\"govuk-body\">A school left out is neither improved nor declined: when inspection"
                " records stop early, the result is partial.</p></div></details>");
    trust_result_free(&res);
    free(members);
    free(insp);
}

/* GET /trusts/{uid} */
void page_trust_show(Req *r, Resp *w)
{
    int64_t uid = id_param(req_param(r, 0));
    Group g;
    int found = uid ? group_get(r->db, uid, &g) : 0;
    if (found < 0) {
        page_error(r, w, 500);
        return;
    }
    if (found == 0) {
        page_error(r, w, 404);
        return;
    }
    GroupMemberList members;
    if (group_members_get(r->db, uid, 1, &members) != 0) {
        group_free(&g);
        page_error(r, w, 500);
        return;
    }
    Date on = today(r);
    char ondate[11];
    date_iso(on, ondate);
    size_t current = 0, former = 0;
    for (size_t i = 0; i < members.n; i++) {
        if (members.items[i].left && strcmp(members.items[i].left, ondate) <= 0)
            former++;
        else
            current++;
    }
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = "/schools", .text = "Find a school"});
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                g.type ? g.type : "Group", g.name);
    group_facts(&h, &g);
    if (current == 0)
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Schools</h2>"
                     "<p class=\"govuk-body\">No schools are recorded in this group now.</p>");
    else
        members_table(&h, &g, &members, 1, on);
    if (former)
        members_table(&h, &g, &members, 0, on);
    /* the measures are about trusts (DOMAIN.md: TSIO's multi-academy trusts) */
    if (current && group_type_is_trust(g.type))
        since_joining_section(&h, &members, on);
    decisions_section(r, &h, "trust", g.uid, NULL);
    PageOpts o = {.title = g.name, .nav = "schools", .before = &before};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    html_free(&before);
    group_member_list_free(&members);
    group_free(&g);
}
