/*
 * providers.c - the register of supporting organisations (issue 12): the
 * list with its filters, adding and changing an organisation, an entry's
 * page (also a person's: people.c sends /people/{id} here), and taking one
 * off the register. Checks, capacity, contacts and conflicts are in
 * provider_records.c, people in people.c, the survey upload in
 * provider_import.c. Every change goes through store/providers.c, which
 * audits it in the same transaction.
 */
#include "core/date.h"
#include "domain/casework.h"
#include "domain/register.h"
#include "store/providers.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"
#include "web/pages/provider_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- shared (provider_common.h) ------------------------------------------- */

size_t provider_chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int64_t provider_ref_number(const char *s)
{
    if (!s || !*s || strlen(s) > 8 || strspn(s, "0123456789") != strlen(s))
        return 0;
    return strtoll(s, NULL, 10);
}

int provider_load(Req *r, Resp *w, Provider *p)
{
    int64_t id = case_param_id(r, 0);
    int got = id ? provider_get(r->db, id, p) : 0;
    if (got != 1) {
        page_error(r, w, got < 0 ? 500 : 404);
        return 0;
    }
    return 1;
}

void provider_href(char *out, size_t outlen, const Provider *p, const char *rest)
{
    snprintf(out, outlen, "/%s/%lld%s%s", p->is_person ? "people" : "providers", (long long)p->id, rest ? "/" : "",
             rest ? rest : "");
}

void provider_form_page(Req *r, Resp *w, const Provider *p, const char *title, const FormErrors *errs,
                        const Html *content)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    char back[64];
    provider_href(back, sizeof back, p, NULL);
    govuk_back_link(&before, &(GovukBackLink){.href = back});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    govuk_error_summary(&h, errs);
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>", p->name, title);
    html_append(&h, content);
    html_lit(&h, "</div></div>");
    char full[400];
    snprintf(full, sizeof full, "%s - %s", title, p->name);
    PageOpts o = {.title = full, .nav = "providers", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

int provider_current_term(const Req *r)
{
    return match_term_of(date_local(r ? r->now : 0));
}

const char *provider_type_label(const char *t)
{
    const char *l = match_label(MATCH_ORG_TYPES, MATCH_N_ORG_TYPES, t);
    if (t && strcmp(t, "person") == 0)
        return "Person";
    return l ? l : "Not recorded";
}

void provider_check_tag(Html *h, CheckState s)
{
    const char *cls = s == CHECK_CURRENT   ? "govuk-tag--green"
                      : s == CHECK_PENDING ? "govuk-tag--yellow"
                      : s == CHECK_MISSING ? "govuk-tag--grey"
                                           : "govuk-tag--red";
    char classes[64];
    snprintf(classes, sizeof classes, "%s rise-nowrap", cls);
    govuk_tag(h, &(GovukTag){.text = register_check_state_label(s), .classes = classes});
}

/* Splits stored codes ("a,b" or "a;b") into pointers into buf. */
static int split_codes(const char *stored, char *buf, size_t buflen, const char **out, int max)
{
    snprintf(buf, buflen, "%s", stored ? stored : "");
    int n = 0;
    for (char *p = buf; *p && n < max;) {
        char *end = p + strcspn(p, ",;");
        char sep = *end;
        *end = '\0';
        if (*p)
            out[n++] = p;
        if (!sep)
            break;
        p = end + 1;
    }
    return n;
}

static int submitted(const Req *r)
{
    return strcmp(r->method, "POST") == 0;
}

void provider_list_checkboxes(Req *r, Html *h, const char *name, const char *legend, const char *hint,
                              const MatchArea *list, size_t n, const char *stored, const FormErrors *errs)
{
    GovukChoice items[MATCH_MAX_AREAS];
    const char *values[MATCH_MAX_AREAS];
    char buf[1024];
    int nv = 0;
    if (submitted(r)) {
        size_t c = kv_count(&r->form, name);
        for (size_t i = 0; i < c && nv < MATCH_MAX_AREAS; i++)
            values[nv++] = kv_get_nth(&r->form, name, i);
    } else {
        nv = split_codes(stored, buf, sizeof buf, values, MATCH_MAX_AREAS);
    }
    for (size_t i = 0; i < n && i < MATCH_MAX_AREAS; i++)
        items[i] = (GovukChoice){.value = list[i].code, .text = list[i].label};
    govuk_checkboxes(h, &(GovukCheckboxes){.name = name, .legend = legend,
                                           .legend_classes = "govuk-fieldset__legend--m", .hint = hint,
                                           .values = values, .n_values = nv, .items = items, .n_items = (int)n,
                                           .classes = "govuk-checkboxes--small",
                                           .error = form_errors_get(errs, name)});
}

void provider_list_read(Req *r, const char *name, const MatchArea *list, size_t n, char *out, size_t outlen)
{
    uint32_t mask = 0;
    size_t c = kv_count(&r->form, name);
    for (size_t i = 0; i < c; i++) {
        const char *v = kv_get_nth(&r->form, name, i);
        for (size_t k = 0; k < n; k++)
            if (v && strcmp(v, list[k].code) == 0)
                mask |= 1u << k;
    }
    match_mask_codes(list, n, mask, out, outlen);
}

void provider_regions_checkboxes(Req *r, Html *h, const char *hint, const char *stored, const FormErrors *errs)
{
    GovukChoice items[9];
    const char *values[9];
    char buf[512];
    int nv = 0;
    if (submitted(r)) {
        size_t c = kv_count(&r->form, "regions");
        for (size_t i = 0; i < c && nv < 9; i++)
            values[nv++] = kv_get_nth(&r->form, "regions", i);
    } else {
        nv = split_codes(stored, buf, sizeof buf, values, 9);
    }
    for (int i = 0; i < 9; i++)
        items[i] = (GovukChoice){.value = REGIONS[i], .text = REGIONS[i]};
    govuk_checkboxes(h, &(GovukCheckboxes){.name = "regions", .legend = "Regions served",
                                           .legend_classes = "govuk-fieldset__legend--m", .hint = hint,
                                           .values = values, .n_values = nv, .items = items, .n_items = 9,
                                           .classes = "govuk-checkboxes--small",
                                           .error = form_errors_get(errs, "regions")});
}

void provider_regions_read(Req *r, char *out, size_t outlen)
{
    uint32_t mask = 0;
    size_t c = kv_count(&r->form, "regions");
    for (size_t i = 0; i < c; i++) {
        const char *v = kv_get_nth(&r->form, "regions", i);
        for (int k = 0; k < 9; k++)
            if (v && strcmp(v, REGIONS[k]) == 0)
                mask |= 1u << k;
    }
    register_regions_join(mask, out, outlen);
}

/* --- the list ---------------------------------------------------------------- */

void provider_register_tabs(Html *h, int people)
{
    html_lit(h, "<nav class=\"moj-sub-navigation\" aria-label=\"Register sections\">"
                "<ul class=\"moj-sub-navigation__list\">");
    if (people)
        html_lit(h, "<li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\" href=\"/providers\">"
                    "Organisations</a></li><li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\""
                    " aria-current=\"page\" href=\"/people\">People</a></li>");
    else
        html_lit(h, "<li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\""
                    " aria-current=\"page\" href=\"/providers\">Organisations</a></li>"
                    "<li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\" href=\"/people\">"
                    "People</a></li>");
    html_lit(h, "</ul></nav>");
}

/* "2 schools, 12 days" left of the offer, or why there is none. */
static void capacity_left_text(const TermCapacity *c, char *out, size_t outlen)
{
    if (!c->offered) {
        if (c->schools_held || c->days_held)
            snprintf(out, outlen, "None offered, but %d school%s and %d day%s held", c->schools_held,
                     c->schools_held == 1 ? "" : "s", c->days_held, c->days_held == 1 ? "" : "s");
        else
            snprintf(out, outlen, "None offered");
        return;
    }
    int s = c->schools - c->schools_held, d = c->days - c->days_held;
    if (s < 0 || d < 0)
        snprintf(out, outlen, "Over by %d school%s, %d day%s", s < 0 ? -s : 0, s == -1 ? "" : "s", d < 0 ? -d : 0,
                 d == -1 ? "" : "s");
    else
        snprintf(out, outlen, "%d school%s, %d day%s", s, s == 1 ? "" : "s", d, d == 1 ? "" : "s");
}

/* The filter form above the list. */
static void list_filters(Req *r, Html *h, const ProviderFilter *f, const char *active)
{
    html_lit(h, "<form method=\"get\" action=\"/providers\" class=\"govuk-!-margin-bottom-6\">"
                "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
    govuk_input(h, &(GovukInput){.name = "q", .label = "Search by name", .value = f->q, .type = "search",
                                 .spellcheck = -1});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    GovukOption types[MATCH_MAX_AREAS];
    int nt = 0;
    types[nt++] = (GovukOption){.value = "", .text = "All types"};
    for (size_t i = 0; i < MATCH_N_ORG_TYPES; i++)
        if (strcmp(MATCH_ORG_TYPES[i].code, "person") != 0)
            types[nt++] = (GovukOption){.value = MATCH_ORG_TYPES[i].code, .text = MATCH_ORG_TYPES[i].label};
    govuk_select(h, &(GovukSelect){.name = "type", .label = "Type", .value = f->org_type, .items = types,
                                   .n_items = nt});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    GovukOption act[] = {{.value = "yes", .text = "On the register"},
                         {.value = "no", .text = "Taken off the register"},
                         {.value = "all", .text = "All"}};
    govuk_select(h, &(GovukSelect){.name = "active", .label = "Status", .value = active, .items = act, .n_items = 3});
    html_lit(h, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
    GovukOption regions[10];
    regions[0] = (GovukOption){.value = "", .text = "Any region"};
    for (int i = 0; i < 9; i++)
        regions[i + 1] = (GovukOption){.value = REGIONS[i], .text = REGIONS[i]};
    govuk_select(h, &(GovukSelect){.name = "region", .label = "Region served", .value = f->region, .items = regions,
                                   .n_items = 10});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-third\">");
    GovukOption ex[MATCH_MAX_AREAS + 1];
    ex[0] = (GovukOption){.value = "", .text = "Any expertise"};
    for (size_t i = 0; i < MATCH_N_EXPERTISE; i++)
        ex[i + 1] = (GovukOption){.value = MATCH_EXPERTISE[i].code, .text = MATCH_EXPERTISE[i].label};
    govuk_select(h, &(GovukSelect){.name = "expertise", .label = "Expertise", .value = f->expertise, .items = ex,
                                   .n_items = (int)MATCH_N_EXPERTISE + 1});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-third\">");
    GovukOption ph[MATCH_MAX_AREAS + 1];
    ph[0] = (GovukOption){.value = "", .text = "Any phase"};
    for (size_t i = 0; i < MATCH_N_PHASES; i++)
        ph[i + 1] = (GovukOption){.value = MATCH_PHASES[i].code, .text = MATCH_PHASES[i].label};
    govuk_select(h, &(GovukSelect){.name = "phase", .label = "Phase", .value = f->phase, .items = ph,
                                   .n_items = (int)MATCH_N_PHASES + 1});
    html_lit(h, "</div></div>");
    html_lit(h, "<div class=\"govuk-button-group\">");
    govuk_button(h, &(GovukButton){.text = "Apply filters", .variant = GOVUK_BUTTON_SECONDARY});
    html_lit(h, "<a class=\"govuk-link\" href=\"/providers\">Clear filters</a></div></form>");
    (void)r;
}

/* A filter value that is one of a list's codes, or "". */
static const char *code_or_blank(const char *v, const MatchArea *list, size_t n)
{
    return match_label(list, n, v) ? v : "";
}

static void list_row(Html *h, const ProviderRow *p)
{
    Html link, dd;
    html_init(&link);
    html_init(&dd);
    html_printf(&link, "<a class=\"govuk-link\" href=\"/providers/%lld\">%s</a>", (long long)p->id, p->name);
    if (!p->active)
        html_lit(&link, " <strong class=\"govuk-tag govuk-tag--grey\">Off the register</strong>");
    char words[300], regions[300], left[96];
    uint32_t rm = 0;
    register_regions_parse(p->regions, &rm, NULL, NULL);
    register_regions_words(rm, regions, sizeof regions);
    if (strcmp(regions, "none") == 0)
        snprintf(regions, sizeof regions, "None given");
    capacity_left_text(&p->cap, left, sizeof left);
    int all = register_standing(p->checks, words, sizeof words);
    govuk_tag(&dd, &(GovukTag){.text = all ? "Complete" : "Not complete",
                               .classes = all ? "govuk-tag--green" : "govuk-tag--grey"});
    if (!all)
        html_printf(&dd, "<br><span class=\"govuk-body-s\">%s</span>", words);
    GovukTableCell cells[] = {{.html = &link},
                              {.text = provider_type_label(p->org_type)},
                              {.text = regions},
                              {.text = left},
                              {.html = &dd}};
    govuk_table_row(h, cells, 5, 0);
    html_free(&link);
    html_free(&dd);
}

/* GET /providers?q=&type=&region=&expertise=&phase=&active= */
void page_providers_list(Req *r, Resp *w)
{
    const char *active = req_query(r, "active");
    if (strcmp(active, "no") != 0 && strcmp(active, "all") != 0)
        active = "yes";
    const char *type = req_query(r, "type");
    ProviderFilter f = {.people = 0,
                        .org_type = register_org_type_valid(type) ? type : "",
                        .region = region_valid(req_query(r, "region")) ? req_query(r, "region") : "",
                        .expertise = code_or_blank(req_query(r, "expertise"), MATCH_EXPERTISE, MATCH_N_EXPERTISE),
                        .phase = code_or_blank(req_query(r, "phase"), MATCH_PHASES, MATCH_N_PHASES),
                        .active = strcmp(active, "yes") == 0 ? 1 : strcmp(active, "no") == 0 ? 0 : -1,
                        .q = req_query(r, "q"),
                        .term = provider_current_term(r),
                        .today = date_local(r->now)};
    ProviderList l;
    if (provider_list(r->db, &f, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Supporting organisations</h1>");
    provider_register_tabs(&h, 0);
    html_lit(&h, "<p class=\"govuk-body\">Trusts, schools, local authorities and others that can support a school,"
                 " with the capacity they offer each term and their due diligence.</p>");
    if (authorise(&r->who, PERM_PROVIDERS_MANAGE, NULL) == ACCESS_ALLOW) {
        html_lit(&h, "<div class=\"govuk-button-group\">");
        govuk_button(&h, &(GovukButton){.text = "Add an organisation", .href = "/providers/new"});
        govuk_button(&h, &(GovukButton){.text = "Import a capacity survey", .href = "/providers/import",
                                        .variant = GOVUK_BUTTON_SECONDARY});
        html_lit(&h, "</div>");
    }
    list_filters(r, &h, &f, active);
    if (l.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No organisations match.</p>");
    } else {
        char caption[64], term[24], left_head[64];
        snprintf(caption, sizeof caption, "%zu organisation%s", l.n, l.n == 1 ? "" : "s");
        match_term_label(f.term, term);
        snprintf(left_head, sizeof left_head, "Capacity left, %s", term);
        GovukTableCell head[] = {{.text = "Name"}, {.text = "Type"}, {.text = "Regions served"},
                                 {.text = left_head}, {.text = "Due diligence"}};
        govuk_table_open(&h, &(GovukTable){.caption = caption, .caption_classes = "govuk-table__caption--m",
                                           .head = head, .n_head = 5});
        for (size_t i = 0; i < l.n; i++)
            list_row(&h, &l.items[i]);
        govuk_table_close(&h);
    }
    provider_list_free(&l);
    PageOpts o = {.title = "Supporting organisations", .nav = "providers"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* --- adding and changing an organisation ----------------------------------- */

/* The type-specific GIAS reference fields: the form field for each type. */
static const struct {
    const char *type, *field, *label, *hint;
} LINK_FIELDS[] = {
    {"trust", "link-trust", "Trust's group UID", "From Get Information About Schools, like 2044"},
    {"school", "link-school", "School's URN", "A number like 100000"},
    {"la", "link-la", "Local authority code", "Three digits, like 391"},
    {"la-traded", "link-la-traded", "Local authority code", "The local authority whose service it is: three digits"},
    {"federation", "link-federation", "Federation's group UID", "From Get Information About Schools"},
    {"hub", "link-hub", "Lead school's URN (optional)", "The school that leads the hub, like 100000"},
};
#define N_LINK_FIELDS (sizeof LINK_FIELDS / sizeof LINK_FIELDS[0])

static const char *link_field(const char *type)
{
    for (size_t i = 0; i < N_LINK_FIELDS; i++)
        if (type && strcmp(LINK_FIELDS[i].type, type) == 0)
            return LINK_FIELDS[i].field;
    return NULL;
}

/* The stored reference of p, as text, when p's type is t. */
static void stored_link(const Provider *p, const char *t, char *out, size_t outlen)
{
    out[0] = '\0';
    if (!p || !p->org_type || strcmp(p->org_type, t) != 0)
        return;
    switch (register_link_of(t)) {
    case LINK_GROUP: if (p->group_uid) snprintf(out, outlen, "%lld", (long long)p->group_uid); break;
    case LINK_URN: if (p->urn) snprintf(out, outlen, "%lld", (long long)p->urn); break;
    case LINK_LA: snprintf(out, outlen, "%s", p->la_code ? p->la_code : ""); break;
    default: break;
    }
}

/* A text field's value: what was sent, or what is stored. */
static const char *field_value(Req *r, const char *name, const char *stored)
{
    return submitted(r) ? req_form(r, name) : (stored ? stored : "");
}

static void org_form_fields(Req *r, Html *h, const Provider *p, const FormErrors *errs)
{
    govuk_input(h, &(GovukInput){.name = "name", .label = "Name", .label_classes = "govuk-label--m",
                                 .value = field_value(r, "name", p ? p->name : NULL), .spellcheck = -1,
                                 .error = form_errors_get(errs, "name")});
    Html cond[N_LINK_FIELDS];
    GovukChoice types[N_LINK_FIELDS + 1];
    char stored[N_LINK_FIELDS][24];
    int nt = 0;
    for (size_t i = 0; i < MATCH_N_ORG_TYPES; i++) {
        const char *code = MATCH_ORG_TYPES[i].code;
        if (strcmp(code, "person") == 0)
            continue;
        types[nt] = (GovukChoice){.value = code, .text = MATCH_ORG_TYPES[i].label};
        for (size_t k = 0; k < N_LINK_FIELDS; k++) {
            if (strcmp(LINK_FIELDS[k].type, code) != 0)
                continue;
            html_init(&cond[k]);
            stored_link(p, code, stored[k], sizeof stored[k]);
            govuk_input(&cond[k], &(GovukInput){.name = LINK_FIELDS[k].field, .label = LINK_FIELDS[k].label,
                                                .hint = LINK_FIELDS[k].hint, .inputmode = "numeric",
                                                .classes = "govuk-input--width-10",
                                                .value = field_value(r, LINK_FIELDS[k].field, stored[k]),
                                                .error = form_errors_get(errs, LINK_FIELDS[k].field)});
            types[nt].conditional = &cond[k];
        }
        nt++;
    }
    govuk_radios(h, &(GovukRadios){.name = "type", .legend = "Type of organisation",
                                   .legend_classes = "govuk-fieldset__legend--m",
                                   .hint = "Trusts, schools, federations and local authorities are linked to Get"
                                           " Information About Schools, which gives their schools and place",
                                   .value = field_value(r, "type", p ? p->org_type : NULL), .items = types,
                                   .n_items = nt, .error = form_errors_get(errs, "type")});
    for (size_t k = 0; k < N_LINK_FIELDS; k++)
        html_free(&cond[k]);
    provider_regions_checkboxes(r, h, "Select all that apply", p ? p->regions : NULL, errs);
    govuk_input(h, &(GovukInput){.name = "las", .label = "Local authorities served (optional)",
                                 .label_classes = "govuk-label--m",
                                 .hint = "For an organisation that works only in some local authorities: their"
                                         " three-digit codes, separated by commas, like 391, 392",
                                 .value = field_value(r, "las", p ? p->local_authorities : NULL),
                                 .error = form_errors_get(errs, "las")});
    provider_list_checkboxes(r, h, "phases", "Phases", "Select all that apply", MATCH_PHASES, MATCH_N_PHASES,
                             p ? p->phases : NULL, errs);
    provider_list_checkboxes(r, h, "expertise", "Expertise",
                             "The areas it can support: the report-card areas and the improvement areas of a plan",
                             MATCH_EXPERTISE, MATCH_N_EXPERTISE, p ? p->expertise : NULL, errs);
    govuk_textarea(h, &(GovukTextarea){.name = "notes", .label = "Notes (optional)", .label_classes = "govuk-label--m",
                                       .value = field_value(r, "notes", p ? p->notes : NULL), .rows = 4,
                                       .max_chars = PROVIDER_TEXT_MAX, .error = form_errors_get(errs, "notes")});
}

typedef struct OrgRead {
    ProviderFields f;
    char type[24], la[8], regions[512], las[1024], phases[512], expertise[512];
} OrgRead;

/* Reads and checks the organisation form (GIAS references included). */
static int org_form_read(Req *r, OrgRead *o, FormErrors *errs)
{
    memset(o, 0, sizeof *o);
    o->f.name = req_form(r, "name");
    if (!*o->f.name)
        form_errors_add(errs, "name", "Enter the organisation's name");
    else if (provider_chars(o->f.name) > PROVIDER_NAME_MAX)
        form_errors_add(errs, "name", "Name must be 200 characters or fewer");
    const char *type = req_form(r, "type");
    if (!register_org_type_valid(type))
        form_errors_add(errs, "type", "Select the type of organisation");
    snprintf(o->type, sizeof o->type, "%s", register_org_type_valid(type) ? type : "other");
    o->f.org_type = o->type;
    const char *field = link_field(o->type);
    const char *ref = field ? req_form(r, field) : "";
    RegisterLink link = register_link_of(o->type);
    int bad_ref = 0;
    if (*ref && link == LINK_LA) {
        if (strlen(ref) != 3 || strspn(ref, "0123456789") != 3) {
            form_errors_add(errs, field, "Enter the local authority's code: three digits, like 391");
            bad_ref = 1;
        } else {
            snprintf(o->la, sizeof o->la, "%s", ref);
        }
    } else if (*ref && (link == LINK_GROUP || link == LINK_URN)) {
        int64_t v = provider_ref_number(ref);
        if (!v) {
            form_errors_add(errs, field, link == LINK_GROUP ? "Enter the group UID as a number, like 2044"
                                                            : "Enter the URN as a number, like 100000");
            bad_ref = 1;
        } else if (link == LINK_GROUP) {
            o->f.group_uid = v;
        } else {
            o->f.urn = v;
        }
    }
    o->f.la_code = o->la;
    if (!bad_ref && !form_errors_get(errs, "type") && link != LINK_NONE) {
        char msg[256];
        int rc = provider_link_check(r->db, o->type, o->f.group_uid, o->f.urn, o->la, msg, sizeof msg);
        if (rc < 0)
            return -1;
        if (rc > 0)
            form_errors_add(errs, field, msg);
    }
    provider_regions_read(r, o->regions, sizeof o->regions);
    o->f.regions = o->regions;
    const char *las = req_form(r, "las");
    const char *bad;
    size_t badlen;
    if (register_las_parse(las, o->las, sizeof o->las, &bad, &badlen) != 0) {
        char msg[200];
        snprintf(msg, sizeof msg, "Enter local authority codes of three digits separated by commas, like 391, 392"
                                  " (\"%.*s\" is not one)", (int)(badlen > 40 ? 40 : badlen), bad);
        form_errors_add(errs, "las", msg);
    } else {
        char msg[256];
        int rc = provider_las_check(r->db, o->las, msg, sizeof msg);
        if (rc < 0)
            return -1;
        if (rc > 0)
            form_errors_add(errs, "las", msg);
    }
    o->f.local_authorities = o->las;
    provider_list_read(r, "phases", MATCH_PHASES, MATCH_N_PHASES, o->phases, sizeof o->phases);
    provider_list_read(r, "expertise", MATCH_EXPERTISE, MATCH_N_EXPERTISE, o->expertise, sizeof o->expertise);
    o->f.phases = o->phases;
    o->f.expertise = o->expertise;
    o->f.notes = req_form(r, "notes");
    if (provider_chars(o->f.notes) > PROVIDER_TEXT_MAX)
        form_errors_add(errs, "notes", "Notes must be 2000 characters or fewer");
    return 0;
}

static void render_org_form(Req *r, Resp *w, const Provider *p, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    char action[64];
    if (p)
        provider_href(action, sizeof action, p, "edit");
    else
        snprintf(action, sizeof action, "/providers/new");
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    org_form_fields(r, &h, p, errs);
    if (p)
        govuk_textarea(&h, &(GovukTextarea){.name = "reason", .label = "Reason for the change (optional)",
                                            .label_classes = "govuk-label--m",
                                            .hint = "Kept in the audit trail with what changed", .rows = 2,
                                            .value = req_form(r, "reason"), .max_chars = PROVIDER_TEXT_MAX,
                                            .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = p ? "Save changes" : "Add organisation", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    if (p) {
        provider_form_page(r, w, p, "Change details", errs, &h);
    } else {
        Html page, before;
        html_init(&page);
        html_init(&before);
        govuk_back_link(&before, &(GovukBackLink){.href = "/providers"});
        html_lit(&page, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
        govuk_error_summary(&page, errs);
        html_lit(&page, "<h1 class=\"govuk-heading-l\">Add a supporting organisation</h1>");
        html_append(&page, &h);
        html_lit(&page, "</div></div>");
        PageOpts o = {.title = "Add a supporting organisation", .nav = "providers", .before = &before};
        page_render_form(r, w, &o, errs, &page);
        html_free(&page);
        html_free(&before);
    }
    html_free(&h);
}

/* GET /providers/new */
void page_provider_new_form(Req *r, Resp *w)
{
    FormErrors errs = {0};
    render_org_form(r, w, NULL, &errs);
}

/* POST /providers/new */
void page_provider_new_submit(Req *r, Resp *w)
{
    FormErrors errs = {0};
    OrgRead o;
    if (org_form_read(r, &o, &errs) != 0) {
        page_error(r, w, 500);
        return;
    }
    int64_t id = 0;
    int rc = errs.n ? PROV_OK : provider_create(r->db, &r->actor, &o.f, NULL, NULL, &id);
    if (rc == PROV_NAME_TAKEN)
        form_errors_add(&errs, "name", "There is already an organisation or person with this name in the register");
    else if (rc != PROV_OK) {
        page_error(r, w, 500);
        return;
    }
    if (errs.n) {
        render_org_form(r, w, NULL, &errs);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/providers/%lld", (long long)id);
    req_flash(r, "Organisation added to the register");
    resp_redirect(w, loc);
}

/* GET /providers/{id}/edit */
void page_provider_edit_form(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    if (p.is_person) {
        char loc[64];
        provider_href(loc, sizeof loc, &p, "edit");
        resp_redirect(w, loc);
    } else {
        FormErrors errs = {0};
        render_org_form(r, w, &p, &errs);
    }
    provider_free(&p);
}

/* POST /providers/{id}/edit */
void page_provider_edit_submit(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    if (p.is_person) {
        provider_free(&p);
        page_error(r, w, 404);
        return;
    }
    FormErrors errs = {0};
    OrgRead o;
    if (org_form_read(r, &o, &errs) != 0) {
        provider_free(&p);
        page_error(r, w, 500);
        return;
    }
    const char *reason = req_form(r, "reason");
    if (provider_chars(reason) > PROVIDER_TEXT_MAX)
        form_errors_add(&errs, "reason", "Reason must be 2000 characters or fewer");
    int rc = errs.n ? PROV_OK : provider_update(r->db, &r->actor, p.id, &o.f, NULL, reason);
    if (rc == PROV_NAME_TAKEN)
        form_errors_add(&errs, "name", "There is already an organisation or person with this name in the register");
    else if (rc != PROV_OK) {
        provider_free(&p);
        page_error(r, w, rc == PROV_NOT_FOUND ? 404 : 500);
        return;
    }
    if (errs.n) {
        render_org_form(r, w, &p, &errs);
    } else {
        char loc[64];
        provider_href(loc, sizeof loc, &p, NULL);
        req_flash(r, "Details saved");
        resp_redirect(w, loc);
    }
    provider_free(&p);
}

/* --- an entry's page ----------------------------------------------------------- */

static int can_manage(const Req *r)
{
    return authorise(&r->who, PERM_PROVIDERS_MANAGE, NULL) == ACCESS_ALLOW;
}

/* "Newcastle upon Tyne (391), Gateshead (390)" for stored codes. */
static void las_words(Db *db, const char *las, char *out, size_t outlen)
{
    out[0] = '\0';
    size_t used = 0;
    const char *p = las ? las : "";
    while (*p && used < outlen) {
        size_t n = strcspn(p, ",");
        char code[8];
        snprintf(code, sizeof code, "%.*s", (int)(n < 7 ? n : 7), p);
        sqlite3_stmt *st = db_stmt(db, "SELECT la_name FROM schools WHERE la_code = ? AND la_name IS NOT NULL LIMIT 1");
        const char *name = NULL;
        if (st) {
            db_bind_text(st, 1, code);
            if (sqlite3_step(st) == SQLITE_ROW)
                name = (const char *)sqlite3_column_text(st, 0);
        }
        int wr = name ? snprintf(out + used, outlen - used, "%s%s (%s)", used ? ", " : "", name, code)
                      : snprintf(out + used, outlen - used, "%s%s", used ? ", " : "", code);
        if (st)
            sqlite3_reset(st);
        if (wr < 0)
            break;
        used += (size_t)wr;
        p += n;
        if (*p)
            p++;
    }
    if (!out[0])
        snprintf(out, outlen, "Any in the regions served");
}

/* The GIAS entry it is linked to, as a link where the service has a page. */
static void gias_html(Html *h, const Provider *p)
{
    const char *name = p->link_name ? p->link_name : "Not found in Get Information About Schools";
    switch (register_link_of(p->org_type)) {
    case LINK_URN:
        if (p->urn)
            html_printf(h, "<a class=\"govuk-link\" href=\"/schools/%lld\">%s</a> (URN %lld)", (long long)p->urn, name,
                        (long long)p->urn);
        else
            html_lit(h, "No lead school given");
        break;
    case LINK_GROUP:
        if (p->group_uid && strcmp(p->org_type, "trust") == 0)
            html_printf(h, "<a class=\"govuk-link\" href=\"/trusts/%lld\">%s</a> (group UID %lld)",
                        (long long)p->group_uid, name, (long long)p->group_uid);
        else if (p->group_uid)
            html_printf(h, "%s (group UID %lld)", name, (long long)p->group_uid);
        else
            html_lit(h, "Not linked");
        break;
    case LINK_LA: html_printf(h, "%s (local authority %s)", name, p->la_code ? p->la_code : ""); break;
    default: html_lit(h, "Not linked: an organisation of this type has no record there"); break;
    }
}

static void words_of(const MatchArea *list, size_t n, const char *codes, char *out, size_t outlen)
{
    uint32_t m = 0;
    match_mask_parse(list, n, codes, &m, NULL, NULL);
    match_mask_words(list, n, m, out, outlen);
    if (strcmp(out, "none") == 0)
        snprintf(out, outlen, "None given");
}

static void person_rows(Req *r, const Provider *p, GovukSummaryRow *rows, int *n, const char *edit, Html *school,
                        char *since, size_t sincelen, char *rate, size_t ratelen)
{
    const char *d = match_label(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, p->person.designation);
    char on[40];
    snprintf(since, sincelen, "%s%s%s", d ? d : "Not recorded", p->person.designated_on ? ", since " : "",
             p->person.designated_on ? case_long_date(p->person.designated_on, on, sizeof on) : "");
    GovukSummaryAction change = {.href = can_manage(r) ? edit : NULL, .text = can_manage(r) ? "Change" : NULL};
    rows[(*n)++] = (GovukSummaryRow){.key = "Designation", .value = since, .actions = {change}};
    rows[(*n)++] = (GovukSummaryRow){.key = "Email address", .value = p->person.email ? p->person.email : "Not given",
                                     .actions = {change}};
    if (p->person.urn)
        html_printf(school, "<a class=\"govuk-link\" href=\"/schools/%lld\">%s</a> (URN %lld)", (long long)p->person.urn,
                    p->person.school_name ? p->person.school_name : "School", (long long)p->person.urn);
    if (p->person.urn && p->person.trust_uid)
        html_lit(school, "<br>");
    if (p->person.trust_uid)
        html_printf(school, "<a class=\"govuk-link\" href=\"/trusts/%lld\">%s</a> (group UID %lld)",
                    (long long)p->person.trust_uid, p->person.trust_name ? p->person.trust_name : "Trust",
                    (long long)p->person.trust_uid);
    if (!p->person.urn && !p->person.trust_uid)
        html_lit(school, "Not given");
    rows[(*n)++] = (GovukSummaryRow){.key = "Their school or trust", .value_html = school, .actions = {change}};
    if (p->person.day_rate_pence >= 0)
        register_pence_format(p->person.day_rate_pence, rate, ratelen);
    else
        snprintf(rate, ratelen, "Not given");
    rows[(*n)++] = (GovukSummaryRow){.key = "Day rate", .value = rate, .actions = {change}};
    if (p->person.designation && strcmp(p->person.designation, "rise-adviser") == 0)
        rows[(*n)++] = (GovukSummaryRow){.key = "User account",
                                         .value = p->person.user_name ? p->person.user_name : "Not linked",
                                         .actions = {change}};
}

static void show_details(Req *r, Html *h, const Provider *p)
{
    char edit[64];
    provider_href(edit, sizeof edit, p, "edit");
    int manage = can_manage(r);
    GovukSummaryAction change = {.href = manage ? edit : NULL, .text = manage ? "Change" : NULL};
    GovukSummaryRow rows[20];
    int n = 0;
    Html gias, school;
    html_init(&gias);
    html_init(&school);
    char regions[300], las[1024], phases[300], expertise[600], place[96], added[200], when[64], since[160],
        rate[32];
    uint32_t rm = 0;
    register_regions_parse(p->regions, &rm, NULL, NULL);
    register_regions_words(rm, regions, sizeof regions);
    if (strcmp(regions, "none") == 0)
        snprintf(regions, sizeof regions, "None given");
    las_words(r->db, p->local_authorities, las, sizeof las);
    words_of(MATCH_PHASES, MATCH_N_PHASES, p->phases, phases, sizeof phases);
    words_of(MATCH_EXPERTISE, MATCH_N_EXPERTISE, p->expertise, expertise, sizeof expertise);
    if (p->has_location)
        snprintf(place, sizeof place, "Easting %lld, northing %lld (from Get Information About Schools)",
                 (long long)p->easting, (long long)p->northing);
    else
        snprintf(place, sizeof place, "Not known");
    timestamp_long(p->created_at, when, sizeof when);
    snprintf(added, sizeof added, "%s by %s", when, person_name(p->created_by));
    if (p->is_person) {
        person_rows(r, p, rows, &n, edit, &school, since, sizeof since, rate, sizeof rate);
    } else {
        rows[n++] = (GovukSummaryRow){.key = "Type", .value = provider_type_label(p->org_type), .actions = {change}};
        gias_html(&gias, p);
        rows[n++] = (GovukSummaryRow){.key = "In Get Information About Schools", .value_html = &gias,
                                      .actions = {change}};
    }
    rows[n++] = (GovukSummaryRow){.key = "Regions served", .value = regions, .actions = {change}};
    rows[n++] = (GovukSummaryRow){.key = "Local authorities served", .value = las, .actions = {change}};
    rows[n++] = (GovukSummaryRow){.key = "Phases", .value = phases, .actions = {change}};
    rows[n++] = (GovukSummaryRow){.key = "Expertise", .value = expertise, .actions = {change}};
    rows[n++] = (GovukSummaryRow){.key = "Location", .value = place};
    Html notes;
    html_init(&notes);
    html_printf(&notes, "<span class=\"rise-pre-line\">%s</span>", p->notes ? p->notes : "None");
    rows[n++] = (GovukSummaryRow){.key = "Notes", .value_html = &notes, .actions = {change}};
    rows[n++] = (GovukSummaryRow){.key = "Added", .value = added};
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_free(&gias);
    html_free(&school);
    html_free(&notes);
}

static void show_own_schools(Req *r, Html *h, const Provider *p)
{
    OwnSchoolList l;
    /* a school (or a hub's lead school) is named in its details; a trust,
       federation or local authority lists its schools */
    if (p->is_person || register_link_of(p->org_type) == LINK_URN || provider_own_schools(r->db, p, 10, &l) != 0 ||
        l.total == 0)
        return;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Its schools</h2>");
    GovukTableCell head[] = {{.text = "School"}, {.text = "Phase"}, {.text = "Local authority"}, {.text = "Status"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 4});
    for (size_t i = 0; i < l.n; i++) {
        const OwnSchool *s = &l.items[i];
        Html link;
        html_init(&link);
        html_printf(&link, "<a class=\"govuk-link\" href=\"/schools/%lld\">%s</a>", (long long)s->urn, s->name);
        GovukTableCell cells[] = {{.html = &link}, {.text = s->phase ? s->phase : ""},
                                  {.text = s->la_name ? s->la_name : ""}, {.text = s->status ? s->status : ""}};
        govuk_table_row(h, cells, 4, 0);
        html_free(&link);
    }
    govuk_table_close(h);
    if (l.total > (int64_t)l.n) {
        long long more = (long long)(l.total - (int64_t)l.n);
        if (strcmp(p->org_type, "trust") == 0)
            html_printf(h, "<p class=\"govuk-body\">And %lld more: <a class=\"govuk-link\" href=\"/trusts/%lld\">see"
                           " all %lld on the trust&rsquo;s page</a>.</p>",
                        more, (long long)p->group_uid, (long long)l.total);
        else if (register_link_of(p->org_type) == LINK_LA && p->link_name)
        {
            html_printf(h, "<p class=\"govuk-body\">And %lld more: <a class=\"govuk-link\" href=\"/schools?la=", more);
            html_url_param(h, p->link_name);
            html_printf(h, "\">find all %lld in Find a school</a>.</p>", (long long)l.total);
        }
        else
            html_printf(h, "<p class=\"govuk-body\">And %lld more open schools.</p>", more);
    }
    own_school_list_free(&l);
}

static void show_capacity(Req *r, Html *h, const Provider *p)
{
    enum { TERMS = 3 };
    TermCapacity t[TERMS];
    int first = provider_current_term(r);
    html_lit(h, "<h2 class=\"govuk-heading-m\">Capacity</h2>");
    if (provider_capacity_terms(r->db, p->id, first, TERMS, t) != 0) {
        html_lit(h, "<p class=\"govuk-body\">The capacity could not be read.</p>");
        return;
    }
    html_lit(h, "<p class=\"govuk-body\">What it offers each term, and what its matches hold: a match proposed,"
                " accepted, agreed or made takes one school and its days spread over its terms.</p>");
    GovukTableCell head[] = {{.text = "Term"},
                             {.text = "Schools offered", .numeric = 1},
                             {.text = "Days offered", .numeric = 1},
                             {.text = "Schools held", .numeric = 1},
                             {.text = "Days held", .numeric = 1},
                             {.text = "Left"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 6});
    for (int i = 0; i < TERMS; i++) {
        char label[24], so[16], dof[16], sh[16], dh[16], left[96];
        match_term_label(t[i].term, label);
        snprintf(so, sizeof so, "%d", t[i].schools);
        snprintf(dof, sizeof dof, "%d", t[i].days);
        snprintf(sh, sizeof sh, "%d", t[i].schools_held);
        snprintf(dh, sizeof dh, "%d", t[i].days_held);
        capacity_left_text(&t[i], left, sizeof left);
        GovukTableCell cells[] = {{.text = label},
                                  {.text = t[i].offered ? so : "None", .numeric = 1},
                                  {.text = t[i].offered ? dof : "None", .numeric = 1},
                                  {.text = sh, .numeric = 1},
                                  {.text = dh, .numeric = 1},
                                  {.text = left}};
        govuk_table_row(h, cells, 6, 1);
    }
    govuk_table_close(h);
    provider_capacity_free(t, TERMS);
    if (can_manage(r)) {
        char href[64];
        snprintf(href, sizeof href, "/providers/%lld/capacity", (long long)p->id);
        govuk_button(h, &(GovukButton){.text = "Set capacity", .href = href, .variant = GOVUK_BUTTON_SECONDARY});
    }
}

/* One check kind's latest entry, as a row of the due-diligence table. */
static void check_row(Html *h, CheckKind k, const ProviderCheck *c, CheckState st, int vendor_days)
{
    Html tag, when;
    html_init(&tag);
    html_init(&when);
    provider_check_tag(&tag, st);
    char on[40], exp[40], expected[40];
    if (c) {
        html_printf(&when, "%s", case_long_date(c->checked_on, on, sizeof on));
        if (st == CHECK_PENDING) {
            Date due = register_vendor_expected(date_parse(c->checked_on, NULL), vendor_days);
            if (due != DATE_NONE) {
                date_long(due, expected, sizeof expected);
                html_printf(&tag, "<br><span class=\"govuk-body-s\">Expected by %s</span>", expected);
            }
        }
    }
    const char *expiry = c && c->expires_on   ? case_long_date(c->expires_on, exp, sizeof exp)
                         : c && st != CHECK_PENDING ? "Does not expire"
                                                    : "";
    GovukTableCell cells[] = {{.text = register_check_label(k)},
                              {.text = c ? register_check_outcome_label(c->outcome) : "Not done"},
                              {.html = &when},
                              {.text = c ? c->checked_by : ""},
                              {.text = expiry},
                              {.html = &tag}};
    govuk_table_row(h, cells, 6, 1);
    html_free(&tag);
    html_free(&when);
}

static void check_history(Html *h, const ProviderCheckList *l)
{
    html_lit(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                "<span class=\"govuk-details__summary-text\">Every check recorded</span></summary>"
                "<div class=\"govuk-details__text\">");
    GovukTableCell head[] = {{.text = "Check"}, {.text = "Outcome"}, {.text = "Date"}, {.text = "Who checked"},
                             {.text = "Expires"}, {.text = "Notes"}, {.text = "Recorded by"}};
    html_lit(h, "<div class=\"rise-table-scroll\" role=\"region\" aria-label=\"Every check recorded\" tabindex=\"0\">");
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 7, .classes = "govuk-table--small-text-until-tablet"});
    for (size_t i = 0; i < l->n; i++) {
        const ProviderCheck *c = &l->items[i];
        char on[40], exp[40], rec[160], at[64];
        timestamp_long(c->recorded_at, at, sizeof at);
        snprintf(rec, sizeof rec, "%s, %s", person_name(c->recorded_by), at);
        GovukTableCell cells[] = {{.text = register_check_label(c->kind)},
                                  {.text = register_check_outcome_label(c->outcome)},
                                  {.text = case_long_date(c->checked_on, on, sizeof on)},
                                  {.text = c->checked_by},
                                  {.text = c->expires_on ? case_long_date(c->expires_on, exp, sizeof exp) : "No expiry"},
                                  {.text = c->notes ? c->notes : ""},
                                  {.text = rec}};
        govuk_table_row(h, cells, 7, 0);
    }
    govuk_table_close(h);
    html_lit(h, "</div></div></details>");
}

static void record_check_button(Req *r, Html *h, const Provider *p)
{
    if (!can_manage(r))
        return;
    char href[64];
    snprintf(href, sizeof href, "/providers/%lld/checks/new", (long long)p->id);
    govuk_button(h, &(GovukButton){.text = "Record a check", .href = href, .variant = GOVUK_BUTTON_SECONDARY});
}

static void show_checks(Req *r, Html *h, const Provider *p)
{
    ProviderCheckList l;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Due diligence</h2>");
    if (provider_checks(r->db, p->id, &l) != 0) {
        html_lit(h, "<p class=\"govuk-body\">The checks could not be read.</p>");
        return;
    }
    Date today = date_local(r->now);
    CheckState st[CHECK_KIND_COUNT];
    const ProviderCheck *latest[CHECK_KIND_COUNT];
    provider_check_states(&l, today, st);
    provider_latest_checks(&l, latest);
    char words[300];
    register_standing(st, words, sizeof words);
    if (p->is_person)
        html_lit(h, "<p class=\"govuk-body\">RISE asks for due diligence on the organisations it appoints; NLEs and"
                    " system leaders matched under the earlier programmes do not need it.</p>");
    if (p->is_person && l.n == 0) {
        html_lit(h, "<p class=\"govuk-body\">No checks recorded.</p>");
        provider_check_list_free(&l);
        record_check_button(r, h, p);
        return;
    }
    html_printf(h, "<p class=\"govuk-body\"><strong>%s.</strong> A check is current until its expiry date.</p>",
                words);
    GovukTableCell head[] = {{.text = "Check"},       {.text = "Latest outcome"}, {.text = "Date checked"},
                             {.text = "Who checked"}, {.text = "Expires"},        {.text = "Standing"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 6});
    int vendor_days = provider_vendor_days(r->db);
    for (int k = 0; k < CHECK_KIND_COUNT; k++)
        check_row(h, (CheckKind)k, latest[k], st[k], vendor_days);
    govuk_table_close(h);
    if (l.n)
        check_history(h, &l);
    provider_check_list_free(&l);
    record_check_button(r, h, p);
}

static void show_contacts(Req *r, Html *h, const Provider *p)
{
    ProviderContactList l;
    if (provider_contacts(r->db, p->id, &l) != 0)
        return;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Contacts</h2>");
    if (l.n == 0) {
        html_lit(h, "<p class=\"govuk-body\">No contacts recorded.</p>");
    } else {
        GovukTableCell head[] = {{.text = "Name"}, {.text = "Role"}, {.text = "Email"}, {.text = "Telephone"}};
        govuk_table_open(h, &(GovukTable){.head = head, .n_head = 4});
        for (size_t i = 0; i < l.n; i++) {
            const ProviderContact *c = &l.items[i];
            Html name, email;
            html_init(&name);
            html_init(&email);
            html_printf(&name, "%s", c->name);
            if (c->main)
                html_lit(&name, " <strong class=\"govuk-tag govuk-tag--blue\">Main contact</strong>");
            if (c->email)
                html_printf(&email, "<a class=\"govuk-link\" href=\"mailto:%s\">%s</a>", c->email, c->email);
            GovukTableCell cells[] = {{.html = &name}, {.text = c->role ? c->role : ""}, {.html = &email},
                                      {.text = c->phone ? c->phone : ""}};
            govuk_table_row(h, cells, 4, 0);
            html_free(&name);
            html_free(&email);
        }
        govuk_table_close(h);
    }
    provider_contact_list_free(&l);
    if (can_manage(r)) {
        char href[64];
        snprintf(href, sizeof href, "/providers/%lld/contacts/new", (long long)p->id);
        govuk_button(h, &(GovukButton){.text = "Add a contact", .href = href, .variant = GOVUK_BUTTON_SECONDARY});
    }
}

static void conflict_what(Html *h, const ProviderConflict *c)
{
    if (strcmp(c->kind, "school") == 0)
        html_printf(h, "<a class=\"govuk-link\" href=\"/schools/%s\">%s</a> (URN %s)", c->ref,
                    c->name ? c->name : "School", c->ref);
    else if (strcmp(c->kind, "trust") == 0)
        html_printf(h, "<a class=\"govuk-link\" href=\"/trusts/%s\">%s</a> (group UID %s)", c->ref,
                    c->name ? c->name : "Trust", c->ref);
    else
        html_printf(h, "%s (local authority %s)", c->name ? c->name : "Local authority", c->ref);
}

static void show_conflicts(Req *r, Html *h, const Provider *p)
{
    ProviderConflictList l;
    if (provider_conflicts(r->db, p->id, &l) != 0)
        return;
    int manage = can_manage(r);
    html_lit(h, "<h2 class=\"govuk-heading-m\">Declared conflicts of interest</h2>");
    if (l.n == 0) {
        html_lit(h, "<p class=\"govuk-body\">None declared.</p>");
    } else {
        Html actions_head;
        html_init(&actions_head);
        html_lit(&actions_head, "<span class=\"govuk-visually-hidden\">Actions</span>");
        GovukTableCell head[] = {{.text = "School, trust or local authority"}, {.text = "What the conflict is"},
                                 {.text = "Declared"}, {.html = &actions_head}};
        govuk_table_open(h, &(GovukTable){.head = head, .n_head = manage ? 4 : 3});
        for (size_t i = 0; i < l.n; i++) {
            const ProviderConflict *c = &l.items[i];
            Html what, remove;
            html_init(&what);
            html_init(&remove);
            conflict_what(&what, c);
            char on[40];
            if (manage) {
                html_printf(&remove, "<form method=\"post\" action=\"/providers/%lld/conflicts/remove\""
                                     " class=\"govuk-!-margin-0\">", (long long)p->id);
                govuk_csrf_field(&remove, req_csrf(r));
                html_printf(&remove, "<input type=\"hidden\" name=\"kind\" value=\"%s\">"
                                     "<input type=\"hidden\" name=\"ref\" value=\"%s\">"
                                     "<button type=\"submit\" class=\"govuk-button govuk-button--secondary"
                                     " govuk-!-margin-bottom-0\" data-module=\"govuk-button\">Remove"
                                     "<span class=\"govuk-visually-hidden\"> the conflict with %s %s</span>"
                                     "</button></form>",
                            c->kind, c->ref, c->name ? c->name : "", c->ref);
            }
            GovukTableCell cells[] = {{.html = &what}, {.text = c->note ? c->note : ""},
                                      {.text = case_long_date(c->declared_on, on, sizeof on)}, {.html = &remove}};
            govuk_table_row(h, cells, manage ? 4 : 3, 0);
            html_free(&what);
            html_free(&remove);
        }
        govuk_table_close(h);
        html_free(&actions_head);
    }
    provider_conflict_list_free(&l);
    if (manage) {
        char href[64];
        snprintf(href, sizeof href, "/providers/%lld/conflicts/new", (long long)p->id);
        govuk_button(h, &(GovukButton){.text = "Declare a conflict", .href = href, .variant = GOVUK_BUTTON_SECONDARY});
    }
}

static const char *match_status_label(const char *s)
{
    static const struct {
        const char *code, *label;
    } L[] = {{"proposed", "Proposed"},   {"accepted", "Can support"}, {"agreed", "School agreed"},
             {"matched", "Matched"},     {"declined", "Declined"},    {"rejected", "School said no"},
             {"withdrawn", "Withdrawn"}, {"ended", "Ended"}};
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (s && strcmp(L[i].code, s) == 0)
            return L[i].label;
    return s ? s : "";
}

static void show_cases(Req *r, Html *h, const Provider *p)
{
    ProviderCaseList l;
    if (provider_cases(r->db, p->id, &l) != 0)
        return;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Cases</h2>");
    if (l.n == 0) {
        html_lit(h, "<p class=\"govuk-body\">Not yet proposed for any case.</p>");
        provider_case_list_free(&l);
        return;
    }
    GovukTableCell head[] = {{.text = "Case"}, {.text = "Programme"}, {.text = "Match"}, {.text = "Since"},
                             {.text = "Case status"}, {.text = "Outcome"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 6});
    for (size_t i = 0; i < l.n; i++) {
        const ProviderCase *c = &l.items[i];
        Scope sc = {.region = c->region, .adviser_id = c->adviser_id};
        int in_scope = authorise(&r->who, PERM_CASES_READ, &sc) == ACCESS_ALLOW;
        Html what, status;
        html_init(&what);
        html_init(&status);
        /* a case outside the reader's region is counted, not named */
        if (in_scope)
            html_printf(&what, "<a class=\"govuk-link\" href=\"/cases/%lld\">%s</a>", (long long)c->case_id,
                        c->subject_name);
        else
            html_printf(&what, "A case in %s", c->region ? c->region : "another region");
        case_status_tag(&status, c->case_status);
        const char *outcome = c->closure_outcome ? casework_close_outcome_label(c->closure_outcome) : NULL;
        char since[40];
        GovukTableCell cells[] = {{.html = &what},
                                  {.text = programme_label(c->programme)},
                                  {.text = match_status_label(c->match_status)},
                                  {.text = case_long_date(c->since ? c->since : "", since, sizeof since)},
                                  {.html = &status},
                                  {.text = outcome ? outcome : (strcmp(c->case_status, "closed") == 0 ? "Not recorded"
                                                                                                      : "Open")}};
        govuk_table_row(h, cells, 6, 0);
        html_free(&what);
        html_free(&status);
    }
    govuk_table_close(h);
    provider_case_list_free(&l);
}

static void show_heading(Req *r, Html *h, const Provider *p)
{
    const char *d = p->is_person ? match_label(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, p->person.designation) : NULL;
    html_printf(h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
                p->is_person ? (d ? d : "Person") : provider_type_label(p->org_type), p->name);
    if (!p->active)
        html_lit(h, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--grey\">Taken off the register"
                    "</strong> It is not suggested for new cases.</p>");
}

/* On the register or not, at the foot of the page. */
static void show_status(Req *r, Html *h, const Provider *p)
{
    if (!can_manage(r))
        return;
    char status[64];
    snprintf(status, sizeof status, "/providers/%lld/status", (long long)p->id);
    html_printf(h, "<h2 class=\"govuk-heading-m\">On the register</h2><p class=\"govuk-body\">%s</p>",
                p->active ? "It can be suggested for new cases. Take it off the register when it should no longer be."
                          : "It was taken off the register and is not suggested for new cases.");
    govuk_button(h, &(GovukButton){.text = p->active ? "Take off the register" : "Put back on the register",
                                   .href = status, .variant = p->active ? GOVUK_BUTTON_WARNING : GOVUK_BUTTON_SECONDARY});
}

void provider_show_page(Req *r, Resp *w, const Provider *p)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = p->is_person ? "/people" : "/providers",
                                              .text = p->is_person ? "All people" : "All supporting organisations"});
    page_flash(r, &h);
    show_heading(r, &h, p);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Details</h2>");
    show_details(r, &h, p);
    show_own_schools(r, &h, p);
    show_capacity(r, &h, p);
    show_checks(r, &h, p);
    show_contacts(r, &h, p);
    show_conflicts(r, &h, p);
    show_cases(r, &h, p);
    show_status(r, &h, p);
    if (authorise(&r->who, PERM_AUDIT_READ, NULL) == ACCESS_ALLOW)
        html_printf(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/history/organisation/%lld\">"
                        "Every change to this entry</a></p>", (long long)p->id);
    PageOpts o = {.title = p->name, .nav = "providers", .before = &before};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /providers/{id} */
void page_provider_show(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    if (p.is_person) {
        char loc[64];
        provider_href(loc, sizeof loc, &p, NULL);
        resp_redirect(w, loc);
    } else {
        provider_show_page(r, w, &p);
    }
    provider_free(&p);
}

/* --- taking one off the register -------------------------------------------------- */

static void render_status(Req *r, Resp *w, const Provider *p, const FormErrors *errs)
{
    Html h;
    html_init(&h);
    int off = p->active;
    if (off)
        html_lit(&h, "<p class=\"govuk-body\">It will no longer be suggested for new cases. Its cases, checks and"
                     " history stay as they are, and you can put it back later.</p>");
    else
        html_lit(&h, "<p class=\"govuk-body\">It will be suggested for new cases again.</p>");
    html_printf(&h, "<form method=\"post\" action=\"/providers/%lld/status\" novalidate>", (long long)p->id);
    govuk_csrf_field(&h, req_csrf(r));
    html_printf(&h, "<input type=\"hidden\" name=\"action\" value=\"%s\">", off ? "off" : "on");
    govuk_textarea(&h, &(GovukTextarea){.name = "reason", .label = "Reason", .label_classes = "govuk-label--m",
                                        .hint = off ? "For example, \"The trust has no capacity this year\"" : NULL,
                                        .value = req_form(r, "reason"), .rows = 3, .max_chars = PROVIDER_TEXT_MAX,
                                        .error = form_errors_get(errs, "reason")});
    char back[64];
    provider_href(back, sizeof back, p, NULL);
    html_lit(&h, "<div class=\"govuk-button-group\">");
    govuk_button(&h, &(GovukButton){.text = off ? "Take off the register" : "Put back on the register",
                                    .variant = off ? GOVUK_BUTTON_WARNING : GOVUK_BUTTON_PRIMARY,
                                    .prevent_double_click = 1});
    html_printf(&h, "<a class=\"govuk-link\" href=\"%s\">Cancel</a></div></form>", back);
    provider_form_page(r, w, p, off ? "Take off the register" : "Put back on the register", errs, &h);
    html_free(&h);
}

/* GET /providers/{id}/status */
void page_provider_status_form(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    FormErrors errs = {0};
    render_status(r, w, &p, &errs);
    provider_free(&p);
}

/* POST /providers/{id}/status (action=off|on, reason) */
void page_provider_status_submit(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    const char *action = req_form(r, "action");
    int off = strcmp(action, "off") == 0;
    if (!off && strcmp(action, "on") != 0) {
        provider_free(&p);
        page_error(r, w, 400);
        return;
    }
    if (off != p.active) {
        /* a form sent twice: it is already where it was asked to be */
        char loc[64];
        provider_href(loc, sizeof loc, &p, NULL);
        resp_redirect(w, loc);
        provider_free(&p);
        return;
    }
    FormErrors errs = {0};
    const char *reason = req_form(r, "reason");
    if (!*reason)
        form_errors_add(&errs, "reason", off ? "Enter why it is being taken off the register"
                                             : "Enter why it is being put back on the register");
    else if (provider_chars(reason) > PROVIDER_TEXT_MAX)
        form_errors_add(&errs, "reason", "Reason must be 2000 characters or fewer");
    if (errs.n) {
        render_status(r, w, &p, &errs);
        provider_free(&p);
        return;
    }
    int rc = provider_set_active(r->db, &r->actor, p.id, !off, reason);
    if (rc != PROV_OK && rc != PROV_NOT_FOUND) {
        provider_free(&p);
        page_error(r, w, 500);
        return;
    }
    char loc[64];
    provider_href(loc, sizeof loc, &p, NULL);
    req_flash(r, off ? "Taken off the register" : "Put back on the register");
    resp_redirect(w, loc);
    provider_free(&p);
}
