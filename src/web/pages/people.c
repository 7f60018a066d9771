/*
 * people.c - the register of people (issue 12): NLEs, system leaders,
 * national leaders of governance and RISE advisers. Each person is an
 * organisations row of type 'person' with a leaders row, made together in
 * one transaction; their page is the register's entry page
 * (provider_show_page), so capacity, checks, contacts, conflicts and cases
 * are recorded for them exactly as for an organisation.
 */
#include "core/date.h"
#include "domain/register.h"
#include "domain/signin.h"
#include "store/providers.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"
#include "web/pages/provider_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the list ---------------------------------------------------------------- */

static void people_filters(Html *h, const ProviderFilter *f, const char *active)
{
    html_lit(h, "<form method=\"get\" action=\"/people\" class=\"govuk-!-margin-bottom-6\">"
                "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
    govuk_input(h, &(GovukInput){.name = "q", .label = "Search by name", .value = f->q, .type = "search",
                                 .spellcheck = -1});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    GovukOption ds[MATCH_MAX_AREAS + 1];
    ds[0] = (GovukOption){.value = "", .text = "All designations"};
    for (size_t i = 0; i < MATCH_N_DESIGNATIONS; i++)
        ds[i + 1] = (GovukOption){.value = MATCH_DESIGNATIONS[i].code, .text = MATCH_DESIGNATIONS[i].label};
    govuk_select(h, &(GovukSelect){.name = "designation", .label = "Designation", .value = f->designation, .items = ds,
                                   .n_items = (int)MATCH_N_DESIGNATIONS + 1});
    html_lit(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    GovukOption regions[10];
    regions[0] = (GovukOption){.value = "", .text = "Any region"};
    for (int i = 0; i < 9; i++)
        regions[i + 1] = (GovukOption){.value = REGIONS[i], .text = REGIONS[i]};
    govuk_select(h, &(GovukSelect){.name = "region", .label = "Region served", .value = f->region, .items = regions,
                                   .n_items = 10});
    html_lit(h, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
    GovukOption act[] = {{.value = "yes", .text = "On the register"},
                         {.value = "no", .text = "Taken off the register"},
                         {.value = "all", .text = "All"}};
    govuk_select(h, &(GovukSelect){.name = "active", .label = "Status", .value = active, .items = act, .n_items = 3});
    html_lit(h, "</div></div><div class=\"govuk-button-group\">");
    govuk_button(h, &(GovukButton){.text = "Apply filters", .variant = GOVUK_BUTTON_SECONDARY});
    html_lit(h, "<a class=\"govuk-link\" href=\"/people\">Clear filters</a></div></form>");
}

static void person_row(Html *h, const ProviderRow *p)
{
    Html link;
    html_init(&link);
    html_printf(&link, "<a class=\"govuk-link\" href=\"/people/%lld\">%s</a>", (long long)p->id, p->name);
    if (!p->active)
        html_lit(&link, " <strong class=\"govuk-tag govuk-tag--grey\">Off the register</strong>");
    const char *d = match_label(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, p->designation);
    char days[80], rate[32];
    if (p->cap.offered)
        snprintf(days, sizeof days, "%d (%d left)", p->cap.days, p->cap.days - p->cap.days_held);
    else
        snprintf(days, sizeof days, "None offered");
    if (p->day_rate_pence >= 0)
        register_pence_format(p->day_rate_pence, rate, sizeof rate);
    else
        snprintf(rate, sizeof rate, "Not given");
    GovukTableCell cells[] = {{.html = &link},
                              {.text = d ? d : "Not recorded"},
                              {.text = p->works_at ? p->works_at : "Not given"},
                              {.text = days},
                              {.text = rate, .numeric = 1}};
    govuk_table_row(h, cells, 5, 0);
    html_free(&link);
}

/* GET /people?q=&designation=&region=&active= */
void page_people_list(Req *r, Resp *w)
{
    const char *active = req_query(r, "active");
    if (strcmp(active, "no") != 0 && strcmp(active, "all") != 0)
        active = "yes";
    const char *des = req_query(r, "designation");
    ProviderFilter f = {.people = 1,
                        .designation = match_label(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, des) ? des : "",
                        .region = region_valid(req_query(r, "region")) ? req_query(r, "region") : "",
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
    provider_register_tabs(&h, 1);
    html_lit(&h, "<p class=\"govuk-body\">National leaders of education, system leaders, national leaders of"
                 " governance and RISE advisers, with the days they offer and their day rate.</p>");
    if (authorise(&r->who, PERM_PROVIDERS_MANAGE, NULL) == ACCESS_ALLOW)
        govuk_button(&h, &(GovukButton){.text = "Add a person", .href = "/people/new"});
    people_filters(&h, &f, active);
    if (l.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No people match.</p>");
    } else {
        char caption[64], term[24], days_head[64];
        snprintf(caption, sizeof caption, "%zu %s", l.n, l.n == 1 ? "person" : "people");
        match_term_label(f.term, term);
        snprintf(days_head, sizeof days_head, "Days, %s", term);
        GovukTableCell head[] = {{.text = "Name"}, {.text = "Designation"}, {.text = "Their school or trust"},
                                 {.text = days_head}, {.text = "Day rate", .numeric = 1}};
        govuk_table_open(&h, &(GovukTable){.caption = caption, .caption_classes = "govuk-table__caption--m",
                                           .head = head, .n_head = 5});
        for (size_t i = 0; i < l.n; i++)
            person_row(&h, &l.items[i]);
        govuk_table_close(&h);
    }
    provider_list_free(&l);
    PageOpts o = {.title = "People - Supporting organisations", .nav = "providers"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* --- the form ------------------------------------------------------------------- */

/* A text field: what was sent, or what is stored. */
static const char *value_of(Req *r, const char *name, const char *stored)
{
    return strcmp(r->method, "POST") == 0 ? req_form(r, name) : (stored ? stored : "");
}

static void adviser_select(Req *r, Html *h, const Provider *p, const FormErrors *errs)
{
    AdviserAccountList l;
    if (provider_adviser_accounts(r->db, &l) != 0)
        memset(&l, 0, sizeof l);
    GovukOption *opts = xcalloc(l.n + 1, sizeof *opts);
    char(*ids)[24] = xcalloc(l.n + 1, sizeof *ids);
    char(*texts)[300] = xcalloc(l.n + 1, sizeof *texts);
    opts[0] = (GovukOption){.value = "", .text = "Not linked"};
    for (size_t i = 0; i < l.n; i++) {
        snprintf(ids[i], sizeof ids[i], "%lld", (long long)l.items[i].id);
        snprintf(texts[i], sizeof texts[i], "%s (%s)", l.items[i].name, l.items[i].email);
        opts[i + 1] = (GovukOption){.value = ids[i], .text = texts[i]};
    }
    char stored[24] = "";
    if (p && p->person.user_id)
        snprintf(stored, sizeof stored, "%lld", (long long)p->person.user_id);
    govuk_select(h, &(GovukSelect){.name = "user_id", .label = "Their account in this service (optional)",
                                   .hint = "The account with the RISE adviser role they sign in with", .items = opts,
                                   .n_items = (int)l.n + 1, .value = value_of(r, "user_id", stored),
                                   .error = form_errors_get(errs, "user_id")});
    free(opts);
    free(ids);
    free(texts);
    adviser_account_list_free(&l);
}

static void person_fields(Req *r, Html *h, const Provider *p, const TermCapacity *cap, const FormErrors *errs)
{
    govuk_input(h, &(GovukInput){.name = "name", .label = "Full name", .label_classes = "govuk-label--m",
                                 .value = value_of(r, "name", p ? p->name : NULL), .autocomplete = "off",
                                 .spellcheck = -1, .error = form_errors_get(errs, "name")});
    /* a RISE adviser's account, revealed under their designation */
    Html account;
    html_init(&account);
    adviser_select(r, &account, p, errs);
    GovukChoice ds[MATCH_MAX_AREAS];
    for (size_t i = 0; i < MATCH_N_DESIGNATIONS; i++)
        ds[i] = (GovukChoice){.value = MATCH_DESIGNATIONS[i].code, .text = MATCH_DESIGNATIONS[i].label,
                              .conditional = strcmp(MATCH_DESIGNATIONS[i].code, "rise-adviser") == 0 ? &account : NULL};
    govuk_radios(h, &(GovukRadios){.name = "designation", .legend = "Designation",
                                   .legend_classes = "govuk-fieldset__legend--m",
                                   .value = value_of(r, "designation", p ? p->person.designation : NULL),
                                   .items = ds, .n_items = (int)MATCH_N_DESIGNATIONS,
                                   .error = form_errors_get(errs, "designation")});
    html_free(&account);
    case_date_input(r, h, "designated-on", "Designated since (optional)", "For example, 1 9 2019",
                    p ? p->person.designated_on : NULL, errs);
    govuk_input(h, &(GovukInput){.name = "email", .label = "Email address (optional)", .type = "email",
                                 .label_classes = "govuk-label--m", .autocomplete = "off", .spellcheck = -1,
                                 .value = value_of(r, "email", p ? p->person.email : NULL),
                                 .error = form_errors_get(errs, "email")});
    char urn[24] = "", uid[24] = "", days[16] = "", schools[16] = "1", rate[32] = "";
    if (p && p->person.urn)
        snprintf(urn, sizeof urn, "%lld", (long long)p->person.urn);
    if (p && p->person.trust_uid)
        snprintf(uid, sizeof uid, "%lld", (long long)p->person.trust_uid);
    if (cap && cap->offered) {
        snprintf(days, sizeof days, "%d", cap->days);
        snprintf(schools, sizeof schools, "%d", cap->schools);
    }
    if (p && p->person.day_rate_pence >= 0)
        snprintf(rate, sizeof rate, "%lld.%02lld", (long long)(p->person.day_rate_pence / 100),
                 (long long)(p->person.day_rate_pence % 100));
    govuk_input(h, &(GovukInput){.name = "urn", .label = "Their school's URN (optional)",
                                 .label_classes = "govuk-label--m",
                                 .hint = "The school they lead or work in, like 100000", .inputmode = "numeric",
                                 .classes = "govuk-input--width-10", .value = value_of(r, "urn", urn),
                                 .error = form_errors_get(errs, "urn")});
    govuk_input(h, &(GovukInput){.name = "trust_uid", .label = "Their trust's group UID (optional)",
                                 .label_classes = "govuk-label--m", .hint = "From Get Information About Schools, like 2044",
                                 .inputmode = "numeric", .classes = "govuk-input--width-10",
                                 .value = value_of(r, "trust_uid", uid), .error = form_errors_get(errs, "trust_uid")});
    provider_list_checkboxes(r, h, "expertise", "Expertise", "Select all that apply", MATCH_EXPERTISE,
                             MATCH_N_EXPERTISE, p ? p->expertise : NULL, errs);
    provider_list_checkboxes(r, h, "phases", "Phases", "Select all that apply", MATCH_PHASES, MATCH_N_PHASES,
                             p ? p->phases : NULL, errs);
    provider_regions_checkboxes(r, h, "Select all that apply", p ? p->regions : NULL, errs);
    govuk_input(h, &(GovukInput){.name = "las", .label = "Local authorities served (optional)",
                                 .label_classes = "govuk-label--m",
                                 .hint = "Only if they work in some local authorities: three-digit codes separated by"
                                         " commas, like 391, 392",
                                 .value = value_of(r, "las", p ? p->local_authorities : NULL),
                                 .error = form_errors_get(errs, "las")});
    char term[24], days_label[80], schools_label[80];
    match_term_label(provider_current_term(r), term);
    snprintf(days_label, sizeof days_label, "Days available in %s (optional)", term);
    snprintf(schools_label, sizeof schools_label, "Schools they can support in %s", term);
    govuk_input(h, &(GovukInput){.name = "days", .label = days_label, .label_classes = "govuk-label--m",
                                 .hint = "Other terms are set on their page", .inputmode = "numeric",
                                 .classes = "govuk-input--width-4", .suffix = "days",
                                 .value = value_of(r, "days", days), .error = form_errors_get(errs, "days")});
    govuk_input(h, &(GovukInput){.name = "schools", .label = schools_label, .label_classes = "govuk-label--m",
                                 .inputmode = "numeric", .classes = "govuk-input--width-4",
                                 .value = value_of(r, "schools", schools), .error = form_errors_get(errs, "schools")});
    govuk_input(h, &(GovukInput){.name = "day_rate", .label = "Day rate (optional)", .label_classes = "govuk-label--m",
                                 .hint = "In pounds, like 600 or 600.00", .prefix = "\xc2\xa3",
                                 .classes = "govuk-input--width-5", .value = value_of(r, "day_rate", rate),
                                 .error = form_errors_get(errs, "day_rate")});
    govuk_textarea(h, &(GovukTextarea){.name = "notes", .label = "Notes (optional)", .label_classes = "govuk-label--m",
                                       .value = value_of(r, "notes", p ? p->notes : NULL), .rows = 3,
                                       .max_chars = PROVIDER_TEXT_MAX, .error = form_errors_get(errs, "notes")});
}

typedef struct PersonRead {
    ProviderFields f;
    PersonFields p;
    char regions[512], las[1024], phases[512], expertise[512], since[11];
    int has_days, days, schools;
} PersonRead;

/* A whole number typed into a field (0 when blank, -1 when not a number). */
static int64_t number_field(Req *r, const char *name)
{
    const char *v = req_form(r, name);
    if (!*v)
        return 0;
    int64_t n = provider_ref_number(v);
    return n ? n : -1;
}

static int person_read_numbers(Req *r, PersonRead *o, FormErrors *errs)
{
    o->p.urn = number_field(r, "urn");
    o->p.trust_uid = number_field(r, "trust_uid");
    if (o->p.urn < 0)
        form_errors_add(errs, "urn", "Enter the URN as a number, like 100000");
    if (o->p.trust_uid < 0)
        form_errors_add(errs, "trust_uid", "Enter the group UID as a number, like 2044");
    char msg[256];
    if (o->p.urn > 0) {
        int rc = provider_person_link_check(r->db, o->p.urn, 0, msg, sizeof msg);
        if (rc < 0)
            return -1;
        if (rc > 0)
            form_errors_add(errs, "urn", msg);
    }
    if (o->p.trust_uid > 0) {
        int rc = provider_person_link_check(r->db, 0, o->p.trust_uid, msg, sizeof msg);
        if (rc < 0)
            return -1;
        if (rc > 0)
            form_errors_add(errs, "trust_uid", msg);
    }
    const char *days = req_form(r, "days"), *schools = req_form(r, "schools");
    o->has_days = *days != 0;
    if (o->has_days) {
        o->days = strspn(days, "0123456789") == strlen(days) && strlen(days) <= 4 ? atoi(days) : -1;
        if (o->days < 0 || o->days > 1000)
            form_errors_add(errs, "days", "Days must be a whole number from 0 to 1000");
        o->schools = !*schools ? 1 : strspn(schools, "0123456789") == strlen(schools) && strlen(schools) <= 4
                                         ? atoi(schools)
                                         : -1;
        if (o->schools < 0 || o->schools > 100)
            form_errors_add(errs, "schools", "Schools must be a whole number from 0 to 100");
    }
    const char *rate = req_form(r, "day_rate");
    o->p.day_rate_pence = -1;
    if (*rate && register_pence_parse(rate, &o->p.day_rate_pence) != 0)
        form_errors_add(errs, "day_rate", "Enter the day rate in pounds, like 600 or 600.00");
    return 0;
}

/* Reads and checks the person form (GIAS references included). */
static int person_read(Req *r, PersonRead *o, FormErrors *errs)
{
    memset(o, 0, sizeof *o);
    o->f.name = req_form(r, "name");
    o->f.org_type = "person";
    if (!*o->f.name)
        form_errors_add(errs, "name", "Enter the person's full name");
    else if (provider_chars(o->f.name) > PROVIDER_NAME_MAX)
        form_errors_add(errs, "name", "Full name must be 200 characters or fewer");
    o->p.designation = req_form(r, "designation");
    if (!match_label(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, o->p.designation))
        form_errors_add(errs, "designation", "Select the person's designation");
    if (case_form_date(r, "designated-on", "the date they were designated", 0, 0, o->since, errs) == 1)
        o->p.designated_on = o->since;
    o->p.email = req_form(r, "email");
    if (*o->p.email && !email_valid(o->p.email))
        form_errors_add(errs, "email", "Enter an email address in the correct format, like name@example.org");
    if (person_read_numbers(r, o, errs) != 0)
        return -1;
    /* the account is revealed under "RISE adviser" and kept only for one
       (without JavaScript it shows whatever is chosen) */
    const char *uid = req_form(r, "user_id");
    int adviser = strcmp(o->p.designation, "rise-adviser") == 0;
    o->p.user_id = adviser ? provider_ref_number(uid) : 0;
    if (adviser && *uid) {
        AdviserAccountList l;
        if (provider_adviser_accounts(r->db, &l) != 0)
            return -1;
        int found = 0;
        for (size_t i = 0; i < l.n; i++)
            found |= l.items[i].id == o->p.user_id;
        adviser_account_list_free(&l);
        if (!found)
            form_errors_add(errs, "user_id", "Select an account with the RISE adviser role");
    }
    provider_regions_read(r, o->regions, sizeof o->regions);
    provider_list_read(r, "phases", MATCH_PHASES, MATCH_N_PHASES, o->phases, sizeof o->phases);
    provider_list_read(r, "expertise", MATCH_EXPERTISE, MATCH_N_EXPERTISE, o->expertise, sizeof o->expertise);
    o->f.regions = o->regions;
    const char *bad;
    size_t badlen;
    char msg[256];
    if (register_las_parse(req_form(r, "las"), o->las, sizeof o->las, &bad, &badlen) != 0)
        form_errors_add(errs, "las", "Enter local authority codes of three digits separated by commas, like 391, 392");
    else {
        int rc = provider_las_check(r->db, o->las, msg, sizeof msg);
        if (rc < 0)
            return -1;
        if (rc > 0)
            form_errors_add(errs, "las", msg);
    }
    o->f.local_authorities = o->las;
    o->f.phases = o->phases;
    o->f.expertise = o->expertise;
    o->f.notes = req_form(r, "notes");
    if (provider_chars(o->f.notes) > PROVIDER_TEXT_MAX)
        form_errors_add(errs, "notes", "Notes must be 2000 characters or fewer");
    return 0;
}

static void render_person(Req *r, Resp *w, const Provider *p, const FormErrors *errs)
{
    TermCapacity cap;
    int have_cap = p && provider_capacity_terms(r->db, p->id, provider_current_term(r), 1, &cap) == 0;
    Html h;
    html_init(&h);
    char action[64];
    if (p)
        provider_href(action, sizeof action, p, "edit");
    else
        snprintf(action, sizeof action, "/people/new");
    html_printf(&h, "<form method=\"post\" action=\"%s\" novalidate>", action);
    govuk_csrf_field(&h, req_csrf(r));
    person_fields(r, &h, p, have_cap ? &cap : NULL, errs);
    if (p)
        govuk_textarea(&h, &(GovukTextarea){.name = "reason", .label = "Reason for the change (optional)",
                                            .label_classes = "govuk-label--m",
                                            .hint = "Kept in the audit trail with what changed", .rows = 2,
                                            .value = req_form(r, "reason"), .max_chars = PROVIDER_TEXT_MAX,
                                            .error = form_errors_get(errs, "reason")});
    govuk_button(&h, &(GovukButton){.text = p ? "Save changes" : "Add person", .prevent_double_click = 1});
    html_lit(&h, "</form>");
    if (have_cap)
        provider_capacity_free(&cap, 1);
    if (p) {
        provider_form_page(r, w, p, "Change details", errs, &h);
    } else {
        Html page, before;
        html_init(&page);
        html_init(&before);
        govuk_back_link(&before, &(GovukBackLink){.href = "/people"});
        html_lit(&page, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
        govuk_error_summary(&page, errs);
        html_lit(&page, "<h1 class=\"govuk-heading-l\">Add a person to the register</h1>");
        html_append(&page, &h);
        html_lit(&page, "</div></div>");
        PageOpts o = {.title = "Add a person to the register", .nav = "providers", .before = &before};
        page_render_form(r, w, &o, errs, &page);
        html_free(&page);
        html_free(&before);
    }
    html_free(&h);
}

/* The person and their days this term, in one transaction. */
static int person_save(Req *r, int64_t id, const PersonRead *o, const char *reason, int64_t *new_id)
{
    if (db_begin(r->db) != 0)
        return PROV_ERROR;
    int rc = id ? provider_update_tx(r->db, &r->actor, id, &o->f, &o->p, reason, NULL)
                : provider_create_tx(r->db, &r->actor, &o->f, &o->p, NULL, new_id);
    if (rc == PROV_OK && o->has_days) {
        char term[16];
        match_term_code(provider_current_term(r), term);
        rc = provider_capacity_set_tx(r->db, &r->actor, id ? id : *new_id, term, o->schools, o->days, "form", NULL);
    }
    if (rc != PROV_OK) {
        db_rollback(r->db);
        return rc;
    }
    return db_commit(r->db) == 0 ? PROV_OK : PROV_ERROR;
}

/* GET /people/new */
void page_person_new_form(Req *r, Resp *w)
{
    FormErrors errs = {0};
    render_person(r, w, NULL, &errs);
}

/* POST /people/new */
void page_person_new_submit(Req *r, Resp *w)
{
    FormErrors errs = {0};
    PersonRead o;
    if (person_read(r, &o, &errs) != 0) {
        page_error(r, w, 500);
        return;
    }
    int64_t id = 0;
    int rc = errs.n ? PROV_OK : person_save(r, 0, &o, NULL, &id);
    if (rc == PROV_NAME_TAKEN)
        form_errors_add(&errs, "name", "There is already an organisation or person with this name in the register");
    else if (rc != PROV_OK) {
        page_error(r, w, 500);
        return;
    }
    if (errs.n) {
        render_person(r, w, NULL, &errs);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/people/%lld", (long long)id);
    req_flash(r, "Person added to the register");
    resp_redirect(w, loc);
}

/* Loads the person named in the address; an organisation is sent to its own page. */
static int load_person(Req *r, Resp *w, Provider *p, const char *rest)
{
    if (!provider_load(r, w, p))
        return 0;
    if (!p->is_person) {
        char loc[64];
        provider_href(loc, sizeof loc, p, rest);
        resp_redirect(w, loc);
        provider_free(p);
        return 0;
    }
    return 1;
}

/* GET /people/{id} */
void page_person_show(Req *r, Resp *w)
{
    Provider p;
    if (!load_person(r, w, &p, NULL))
        return;
    provider_show_page(r, w, &p);
    provider_free(&p);
}

/* GET /people/{id}/edit */
void page_person_edit_form(Req *r, Resp *w)
{
    Provider p;
    if (!load_person(r, w, &p, "edit"))
        return;
    FormErrors errs = {0};
    render_person(r, w, &p, &errs);
    provider_free(&p);
}

/* POST /people/{id}/edit */
void page_person_edit_submit(Req *r, Resp *w)
{
    Provider p;
    if (!provider_load(r, w, &p))
        return;
    if (!p.is_person) {
        provider_free(&p);
        page_error(r, w, 404);
        return;
    }
    FormErrors errs = {0};
    PersonRead o;
    if (person_read(r, &o, &errs) != 0) {
        provider_free(&p);
        page_error(r, w, 500);
        return;
    }
    const char *reason = req_form(r, "reason");
    if (provider_chars(reason) > PROVIDER_TEXT_MAX)
        form_errors_add(&errs, "reason", "Reason must be 2000 characters or fewer");
    int rc = errs.n ? PROV_OK : person_save(r, p.id, &o, reason, NULL);
    if (rc == PROV_NAME_TAKEN)
        form_errors_add(&errs, "name", "There is already an organisation or person with this name in the register");
    else if (rc != PROV_OK) {
        provider_free(&p);
        page_error(r, w, rc == PROV_NOT_FOUND ? 404 : 500);
        return;
    }
    if (errs.n) {
        render_person(r, w, &p, &errs);
    } else {
        char loc[64];
        provider_href(loc, sizeof loc, &p, NULL);
        req_flash(r, "Details saved");
        resp_redirect(w, loc);
    }
    provider_free(&p);
}
