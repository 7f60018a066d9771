/*
 * provider_survey.c - importing a capacity survey (seed 002 section 2.4:
 * "TSC will use the information provided in the capacity survey to inform
 * the matching process"): one row per organisation or person and term,
 * which creates or updates the register's entry (by name, any case) and
 * sets its capacity for the term. Layout: docs/data-formats.md.
 *
 * Every row is checked; rows are written as they are read, inside one
 * transaction, so that a later row for the same name sees the earlier one;
 * any problem in any row rolls the whole file back. Problems are reported
 * as FILE:LINE:COLUMN like the reference-data importers (store/import.c).
 */
#include "store/providers.h"

#include "core/buf.h"
#include "core/csv.h"
#include "core/log.h"
#include "domain/access.h"
#include "domain/signin.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    C_NAME, C_TYPE, C_DESIGNATION, C_SINCE, C_URN, C_TRUST, C_LA, C_REGIONS, C_LAS, C_PHASES, C_EXPERTISE,
    C_TERM, C_SCHOOLS, C_DAYS, C_RATE, C_EMAIL, C_CONTACT_NAME, C_CONTACT_EMAIL, C_CONTACT_ROLE, C_CONTACT_PHONE,
    C_NOTES, C_COUNT
};

/* Normalised header names (csv_norm_header) each column answers to. */
static const char *const NAMES[C_COUNT][4] = {
    [C_NAME] = {"name", "organisationname", "organisation", "personname"},
    [C_TYPE] = {"type", "organisationtype", "orgtype"},
    [C_DESIGNATION] = {"designation"},
    [C_SINCE] = {"designatedon", "designatedsince", "since"},
    [C_URN] = {"urn", "schoolurn"},
    [C_TRUST] = {"trustuid", "groupuid", "uid"},
    [C_LA] = {"lacode", "la", "localauthoritycode"},
    [C_REGIONS] = {"regions", "regionsserved"},
    [C_LAS] = {"localauthorities", "localauthoritiesserved", "las"},
    [C_PHASES] = {"phases", "phase"},
    [C_EXPERTISE] = {"expertise"},
    [C_TERM] = {"term"},
    [C_SCHOOLS] = {"schools"},
    [C_DAYS] = {"days"},
    [C_RATE] = {"dayrate", "dayratepounds"},
    [C_EMAIL] = {"email", "emailaddress"},
    [C_CONTACT_NAME] = {"contactname", "contact"},
    [C_CONTACT_EMAIL] = {"contactemail"},
    [C_CONTACT_ROLE] = {"contactrole"},
    [C_CONTACT_PHONE] = {"contactphone", "contacttelephone"},
    [C_NOTES] = {"notes"},
};

typedef struct Survey {
    Db *db;
    const Actor *actor;
    const char *name; /* the file, for the audit trail */
    SurveyResult *res;
    int idx[C_COUNT]; /* the file's column, -1 when absent */
    char hdr[C_COUNT][64];
    CsvRow *row;
    int row_bad;
    int64_t *created; /* ids made by this file, so a later row updates without counting twice */
    size_t n_created, cap_created;
} Survey;

static void problem(Survey *s, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(Survey *s, int col, const char *fmt, ...)
{
    SurveyResult *res = s->res;
    s->row_bad = 1;
    res->total_problems++;
    if (res->nproblems >= IMPORT_MAX_PROBLEMS)
        return;
    ImportProblem *p = &res->problems[res->nproblems++];
    p->line = s->row ? s->row->line : 0;
    p->column = col >= 0 && s->idx[col] >= 0 ? s->idx[col] + 1 : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->reason, sizeof p->reason, fmt, ap);
    va_end(ap);
}

/* The value of a column in this row, spaces trimmed; NULL when absent or blank. */
static char *val(Survey *s, int col, char *buf, size_t buflen)
{
    int i = s->idx[col];
    if (i < 0 || (size_t)i >= s->row->n)
        return NULL;
    const char *v = s->row->fields[i];
    while (*v == ' ' || *v == '\t')
        v++;
    snprintf(buf, buflen, "%s", v);
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
        buf[--n] = '\0';
    return n ? buf : NULL;
}

/* The column's header as the file spells it, to start a sentence with. */
static const char *hdr(const Survey *s, int col)
{
    static _Thread_local char out[64];
    snprintf(out, sizeof out, "%s", s->hdr[col][0] ? s->hdr[col] : NAMES[col][0]);
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
    return out;
}

/* A whole number from 0 to max, or a problem; *present 0 when blank. */
static int whole(Survey *s, int col, long max, long *out, int *present)
{
    char buf[64];
    const char *v = val(s, col, buf, sizeof buf);
    *present = 0;
    if (!v)
        return 0;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || *end || x < 0 || x > max) {
        problem(s, col, "%s '%s' is not a whole number from 0 to %ld", hdr(s, col), v, max);
        return -1;
    }
    *out = x;
    *present = 1;
    return 0;
}

/* A code of a list given by its code or its label (any case). */
static const char *list_code(const MatchArea *list, size_t n, const char *v)
{
    uint32_t m = 0;
    if (!v || match_mask_parse(list, n, v, &m, NULL, NULL) != 0 || m == 0 || (m & (m - 1)))
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (m & (1u << i))
            return list[i].code;
    return NULL;
}

/* The codes of a list column ("primary; secondary" -> "primary,secondary"),
   or a problem naming the first unknown item. */
static int list_codes(Survey *s, int col, const MatchArea *list, size_t n, const char *what, char *out, size_t outlen,
                      int *present)
{
    char buf[2048];
    const char *v = val(s, col, buf, sizeof buf);
    *present = v != NULL;
    if (!v)
        return 0;
    uint32_t m;
    const char *bad;
    size_t badlen;
    if (match_mask_parse(list, n, v, &m, &bad, &badlen) != 0) {
        problem(s, col, "%s '%.*s' is not one of the codes in docs/data-formats.md (such as '%s')", what,
                (int)badlen, bad, list[0].code);
        return -1;
    }
    match_mask_codes(list, n, m, out, outlen);
    return 0;
}

static int was_created(const Survey *s, int64_t id)
{
    for (size_t i = 0; i < s->n_created; i++)
        if (s->created[i] == id)
            return 1;
    return 0;
}

/* What one row says, merged over the stored entry. */
typedef struct Row {
    char name[256];
    int person, exists;
    int64_t id;
    Provider old;
    ProviderFields f;
    PersonFields p;
    char org_type[24], la[8], regions[512], las[2048], phases[512], expertise[512], designation[24], since[11],
        email[256], notes[4096];
    int has_capacity;
    char term[16];
    long schools, days;
    char contact_name[256], contact_email[256], contact_role[256], contact_phone[64];
} Row;

/* Which kind of entry the row is, and the stored one when there is one. */
static int row_kind(Survey *s, Row *w)
{
    char buf[256];
    const char *type = val(s, C_TYPE, buf, sizeof buf);
    const char *code = type ? list_code(MATCH_ORG_TYPES, MATCH_N_ORG_TYPES, type) : NULL;
    if (type && !code && strcasecmp(type, "person") != 0) {
        problem(s, C_TYPE, "Type '%s' is not one of: trust, school, la, la-traded, federation, hub, other, person",
                type);
        return -1;
    }
    char dbuf[64];
    int says_person = (code && strcmp(code, "person") == 0) || (type && strcasecmp(type, "person") == 0) ||
                      (!type && val(s, C_DESIGNATION, dbuf, sizeof dbuf));
    int got = provider_id_by_name(s->db, w->name, &w->id);
    if (got < 0)
        return -2;
    if (got) {
        if (provider_get(s->db, w->id, &w->old) != 1)
            return -2;
        w->exists = 1;
        w->person = w->old.is_person;
        if (type && says_person != w->person) {
            problem(s, C_TYPE, "%s is %s in the register, not %s", w->old.name,
                    w->person ? "a person" : "an organisation", w->person ? "an organisation" : "a person");
            return -1;
        }
    } else {
        w->person = says_person;
        if (!type && !says_person) {
            problem(s, C_TYPE, "%s is not in the register yet: give its type (trust, school, la, la-traded,"
                               " federation, hub or other), or a person's designation", w->name);
            return -1;
        }
    }
    snprintf(w->org_type, sizeof w->org_type, "%s",
             w->person ? "person" : code ? code : (w->old.org_type ? w->old.org_type : "other"));
    return 0;
}

/* Starts the merged fields from the stored entry (or nothing). */
static void row_start(Row *w)
{
    const Provider *o = &w->old;
    w->f = (ProviderFields){.name = w->name, .org_type = w->org_type};
    w->p = (PersonFields){.day_rate_pence = -1};
    if (!w->exists)
        return;
    snprintf(w->regions, sizeof w->regions, "%s", o->regions ? o->regions : "");
    snprintf(w->las, sizeof w->las, "%s", o->local_authorities ? o->local_authorities : "");
    snprintf(w->phases, sizeof w->phases, "%s", o->phases ? o->phases : "");
    snprintf(w->expertise, sizeof w->expertise, "%s", o->expertise ? o->expertise : "");
    snprintf(w->notes, sizeof w->notes, "%s", o->notes ? o->notes : "");
    snprintf(w->la, sizeof w->la, "%s", o->la_code ? o->la_code : "");
    w->f.group_uid = o->group_uid;
    w->f.urn = o->urn;
    snprintf(w->designation, sizeof w->designation, "%s", o->person.designation ? o->person.designation : "");
    snprintf(w->since, sizeof w->since, "%s", o->person.designated_on ? o->person.designated_on : "");
    snprintf(w->email, sizeof w->email, "%s", o->person.email ? o->person.email : "");
    w->p.urn = o->person.urn;
    w->p.trust_uid = o->person.trust_uid;
    w->p.day_rate_pence = o->person.day_rate_pence;
    w->p.user_id = o->person.user_id;
}

/* The GIAS link: a person's school and trust; an organisation's group UID,
   URN or LA code as its type needs. */
static int row_links(Survey *s, Row *w)
{
    long long v;
    char buf[64], msg[256];
    const char *t;
    int64_t urn = -1, uid = -1;
    if ((t = val(s, C_URN, buf, sizeof buf))) {
        char *end;
        v = strtoll(t, &end, 10);
        if (*end || v <= 0 || v > 99999999) {
            problem(s, C_URN, "URN '%s' is not a number like 100000", t);
            return -1;
        }
        urn = v;
    }
    if ((t = val(s, C_TRUST, buf, sizeof buf))) {
        char *end;
        v = strtoll(t, &end, 10);
        if (*end || v <= 0 || v > 99999999) {
            problem(s, C_TRUST, "%s '%s' is not a group UID like 2044", hdr(s, C_TRUST), t);
            return -1;
        }
        uid = v;
    }
    if ((t = val(s, C_LA, buf, sizeof buf))) {
        if (strlen(t) != 3 || strspn(t, "0123456789") != 3) {
            problem(s, C_LA, "LA code '%s' is not three digits, like 391", t);
            return -1;
        }
        snprintf(w->la, sizeof w->la, "%s", t);
    }
    if (w->person) {
        if (urn >= 0)
            w->p.urn = urn;
        if (uid >= 0)
            w->p.trust_uid = uid;
        int rc = provider_person_link_check(s->db, w->p.urn, w->p.trust_uid, msg, sizeof msg);
        if (rc > 0)
            problem(s, w->p.urn > 0 && strstr(msg, "URN") ? C_URN : C_TRUST, "%s", msg);
        return rc < 0 ? -2 : rc > 0 ? -1 : 0;
    }
    if (urn >= 0)
        w->f.urn = urn;
    if (uid >= 0)
        w->f.group_uid = uid;
    RegisterLink link = register_link_of(w->org_type);
    /* only the reference the type has is kept */
    if (link != LINK_URN)
        w->f.urn = 0;
    if (link != LINK_GROUP)
        w->f.group_uid = 0;
    if (link != LINK_LA)
        w->la[0] = '\0';
    w->f.la_code = w->la;
    int rc = provider_link_check(s->db, w->org_type, w->f.group_uid, w->f.urn, w->la, msg, sizeof msg);
    if (rc > 0) {
        int col = link == LINK_GROUP ? C_TRUST : link == LINK_URN ? C_URN : C_LA;
        problem(s, s->idx[col] >= 0 ? col : C_TYPE, "%s", msg);
    }
    return rc < 0 ? -2 : rc > 0 ? -1 : 0;
}

/* The lists, the notes and a person's own details. */
static int row_details(Survey *s, Row *w)
{
    char buf[4096];
    const char *t;
    int present, bad = 0;
    if ((t = val(s, C_REGIONS, buf, sizeof buf))) {
        uint32_t m;
        const char *b;
        size_t bl;
        if (register_regions_parse(t, &m, &b, &bl) != 0) {
            problem(s, C_REGIONS, "Region '%.*s' is not one of the nine regions, such as North East", (int)bl, b);
            bad = 1;
        } else {
            register_regions_join(m, w->regions, sizeof w->regions);
        }
    }
    if ((t = val(s, C_LAS, buf, sizeof buf))) {
        const char *b;
        size_t bl;
        char msg[256];
        if (register_las_parse(t, w->las, sizeof w->las, &b, &bl) != 0) {
            problem(s, C_LAS, "Local authority '%.*s' is not a three-digit code, like 391", (int)bl, b);
            bad = 1;
        } else {
            int rc = provider_las_check(s->db, w->las, msg, sizeof msg);
            if (rc < 0)
                return -2;
            if (rc > 0) {
                problem(s, C_LAS, "%s", msg);
                bad = 1;
            }
        }
    }
    char codes[512];
    if (list_codes(s, C_PHASES, MATCH_PHASES, MATCH_N_PHASES, "Phase", codes, sizeof codes, &present) != 0)
        bad = 1;
    else if (present)
        snprintf(w->phases, sizeof w->phases, "%s", codes);
    if (list_codes(s, C_EXPERTISE, MATCH_EXPERTISE, MATCH_N_EXPERTISE, "Expertise", codes, sizeof codes, &present) != 0)
        bad = 1;
    else if (present)
        snprintf(w->expertise, sizeof w->expertise, "%s", codes);
    if ((t = val(s, C_NOTES, buf, sizeof buf)))
        snprintf(w->notes, sizeof w->notes, "%s", t);
    if (!w->person)
        return bad ? -1 : 0;
    if ((t = val(s, C_DESIGNATION, buf, sizeof buf))) {
        const char *code = list_code(MATCH_DESIGNATIONS, MATCH_N_DESIGNATIONS, t);
        if (!code) {
            problem(s, C_DESIGNATION, "Designation '%s' is not one of: nle, system-leader, nlg, rise-adviser", t);
            bad = 1;
        } else {
            snprintf(w->designation, sizeof w->designation, "%s", code);
        }
    }
    if (!w->designation[0] && !bad) {
        problem(s, C_DESIGNATION, "Give %s's designation: nle, system-leader, nlg or rise-adviser", w->name);
        bad = 1;
    }
    if ((t = val(s, C_SINCE, buf, sizeof buf))) {
        Date d = date_parse(t, NULL);
        if (d == DATE_NONE) {
            problem(s, C_SINCE, "%s '%s' is not a date (dd-mm-yyyy or yyyy-mm-dd)", hdr(s, C_SINCE), t);
            bad = 1;
        } else {
            date_iso(d, w->since);
        }
    }
    if ((t = val(s, C_EMAIL, buf, sizeof buf))) {
        if (!email_valid(t)) {
            problem(s, C_EMAIL, "Email '%s' is not an email address like name@example.org", t);
            bad = 1;
        } else {
            snprintf(w->email, sizeof w->email, "%s", t);
        }
    }
    if ((t = val(s, C_RATE, buf, sizeof buf))) {
        int64_t pence;
        if (register_pence_parse(t, &pence) != 0) {
            problem(s, C_RATE, "Day rate '%s' is not an amount in pounds, like 600 or 600.00", t);
            bad = 1;
        } else {
            w->p.day_rate_pence = pence;
        }
    }
    return bad ? -1 : 0;
}

/* The term and what is offered in it. */
static int row_capacity(Survey *s, Row *w)
{
    char buf[64];
    const char *term = val(s, C_TERM, buf, sizeof buf);
    long schools = 0, days = 0;
    int has_s, has_d;
    int bad = whole(s, C_SCHOOLS, 1000, &schools, &has_s) != 0;
    bad |= whole(s, C_DAYS, 1000, &days, &has_d) != 0;
    if (!term && !has_s && !has_d && !bad)
        return 0;
    int t = term ? register_term_parse(term) : -1;
    if (!term) {
        problem(s, C_TERM, "Give the term the capacity is for, like 2026-autumn or Autumn 2026");
        return -1;
    }
    if (t < 0) {
        problem(s, C_TERM, "Term '%s' is not a term like 2026-autumn or Autumn 2026", term);
        return -1;
    }
    if (bad)
        return -1;
    if (!has_d) {
        problem(s, C_DAYS, "Give the days %s can offer in %s", w->name, term);
        return -1;
    }
    if (!has_s) {
        if (!w->person) {
            problem(s, C_SCHOOLS, "Give the number of schools %s can support in %s", w->name, term);
            return -1;
        }
        schools = 1; /* a person supports one school unless they say more */
    }
    w->has_capacity = 1;
    match_term_code(t, w->term);
    w->schools = schools;
    w->days = days;
    return 0;
}

/* A contact for an organisation. */
static int row_contact(Survey *s, Row *w)
{
    char buf[256];
    const char *t;
    if ((t = val(s, C_CONTACT_NAME, buf, sizeof buf)))
        snprintf(w->contact_name, sizeof w->contact_name, "%s", t);
    if ((t = val(s, C_CONTACT_ROLE, buf, sizeof buf)))
        snprintf(w->contact_role, sizeof w->contact_role, "%s", t);
    if ((t = val(s, C_CONTACT_PHONE, buf, sizeof buf)))
        snprintf(w->contact_phone, sizeof w->contact_phone, "%s", t);
    if ((t = val(s, C_CONTACT_EMAIL, buf, sizeof buf))) {
        if (!email_valid(t)) {
            problem(s, C_CONTACT_EMAIL, "Contact email '%s' is not an email address like name@example.org", t);
            return -1;
        }
        snprintf(w->contact_email, sizeof w->contact_email, "%s", t);
    }
    if (!w->contact_name[0] && (w->contact_email[0] || w->contact_role[0] || w->contact_phone[0])) {
        problem(s, C_CONTACT_NAME, "Give the contact's name");
        return -1;
    }
    return 0;
}

/* Writes a good row. -1 on a database error. */
static int row_write(Survey *s, Row *w, int line)
{
    char reason[300], source[300];
    snprintf(reason, sizeof reason, "Capacity survey %s, line %d", s->name, line);
    snprintf(source, sizeof source, "capacity survey %s", s->name);
    w->f.regions = w->regions;
    w->f.local_authorities = w->las;
    w->f.phases = w->phases;
    w->f.expertise = w->expertise;
    w->f.notes = w->notes;
    w->f.la_code = w->la;
    w->p.designation = w->designation;
    w->p.designated_on = w->since;
    w->p.email = w->email;
    const PersonFields *pf = w->person ? &w->p : NULL;
    int changed = 0, rc;
    if (!w->exists) {
        rc = provider_create_tx(s->db, s->actor, &w->f, pf, reason, &w->id);
        if (rc == PROV_OK) {
            if (s->n_created == s->cap_created) {
                s->cap_created = s->cap_created ? s->cap_created * 2 : 16;
                s->created = xrealloc(s->created, s->cap_created * sizeof *s->created);
            }
            s->created[s->n_created++] = w->id;
            if (w->person)
                s->res->people_created++;
            else
                s->res->orgs_created++;
        }
    } else {
        /* the stored name keeps its spelling unless the row is a new one */
        w->f.name = w->old.name;
        rc = provider_update_tx(s->db, s->actor, w->id, &w->f, pf, reason, &changed);
    }
    if (rc != PROV_OK)
        return -1;
    int cap_changed = 0, contact_added = 0;
    if (w->has_capacity) {
        if (provider_capacity_set_tx(s->db, s->actor, w->id, w->term, (int)w->schools, (int)w->days, source,
                                     &cap_changed) != PROV_OK)
            return -1;
        s->res->capacity_set += cap_changed;
    }
    if (w->contact_name[0]) {
        int there = provider_contact_exists(s->db, w->id, w->contact_name, w->contact_email);
        if (there < 0)
            return -1;
        if (!there) {
            ProviderContactList cl;
            if (provider_contacts(s->db, w->id, &cl) != 0)
                return -1;
            ProviderContactFields cf = {w->contact_name, w->contact_role, w->contact_email, w->contact_phone, cl.n == 0};
            provider_contact_list_free(&cl);
            if (provider_contact_add_tx(s->db, s->actor, w->id, &cf, reason) != PROV_OK)
                return -1;
            s->res->contacts_added++;
            contact_added = 1;
        }
    }
    if (w->exists && !was_created(s, w->id)) {
        if (!changed && !cap_changed && !contact_added)
            s->res->unchanged++;
        else if (w->person)
            s->res->people_updated++;
        else
            s->res->orgs_updated++;
    }
    return 0;
}

/* One row: -2 on a database error. */
static int survey_row(Survey *s)
{
    Row *w = xcalloc(1, sizeof *w);
    int rc = 0;
    char buf[256];
    const char *name = val(s, C_NAME, buf, sizeof buf);
    if (!name) {
        problem(s, C_NAME, "Give the organisation's or person's name");
        goto done;
    }
    if (strlen(name) > 200) {
        problem(s, C_NAME, "Name must be 200 characters or fewer");
        goto done;
    }
    snprintf(w->name, sizeof w->name, "%s", name);
    rc = row_kind(s, w);
    if (rc != 0)
        goto done;
    row_start(w);
    /* check everything the row says, so that each problem is reported */
    int r1 = row_links(s, w), r2 = row_details(s, w), r3 = row_capacity(s, w), r4 = row_contact(s, w);
    if (r1 == -2 || r2 == -2) {
        rc = -2;
        goto done;
    }
    if (r1 || r2 || r3 || r4 || s->row_bad)
        goto done;
    if (row_write(s, w, (int)s->row->line) != 0)
        rc = -2;
done:
    provider_free(&w->old);
    free(w);
    return rc == -2 ? -2 : 0;
}

static int resolve(Survey *s, const CsvRow *header)
{
    for (int k = 0; k < C_COUNT; k++) {
        s->idx[k] = -1;
        s->hdr[k][0] = '\0';
    }
    for (size_t i = 0; i < header->n; i++) {
        char norm[64];
        csv_norm_header(header->fields[i], norm, sizeof norm);
        for (int k = 0; k < C_COUNT; k++) {
            if (s->idx[k] >= 0)
                continue;
            for (int a = 0; a < 4 && NAMES[k][a]; a++)
                if (strcmp(norm, NAMES[k][a]) == 0) {
                    s->idx[k] = (int)i;
                    snprintf(s->hdr[k], sizeof s->hdr[k], "%s", header->fields[i]);
                    break;
                }
        }
    }
    return s->idx[C_NAME] >= 0;
}

/* Problems in file order: by line, then column (the whole row first). */
static int problem_cmp(const void *a, const void *b)
{
    const ImportProblem *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->column > y->column) - (x->column < y->column);
}

static int blank_row(const CsvRow *row)
{
    for (size_t i = 0; i < row->n; i++)
        if (row->fields[i][strspn(row->fields[i], " \t")])
            return 0;
    return 1;
}

int survey_import(Db *db, const Actor *actor, const char *path, const char *display_name, int dry_run,
                  SurveyResult *res)
{
    memset(res, 0, sizeof *res);
    const char *name = display_name ? display_name : path;
    char err[300];
    CsvReader *rd = csv_open(path, err, sizeof err);
    if (!rd) {
        snprintf(res->fatal, sizeof res->fatal, "%s: %s", name, err);
        return -1;
    }
    Survey s = {.db = db, .actor = actor, .name = name, .res = res};
    CsvRow row;
    int got = csv_next(rd, &row, err, sizeof err);
    if (got <= 0) {
        snprintf(res->fatal, sizeof res->fatal, "%s: %s", name, got < 0 ? err : "the file is empty");
        csv_close(rd);
        return -1;
    }
    if (!resolve(&s, &row)) {
        snprintf(res->fatal, sizeof res->fatal,
                 "%s:1: the first line must name the columns, with at least a \"name\" column (see"
                 " docs/data-formats.md)", name);
        csv_close(rd);
        return -1;
    }
    if (db_begin(db) != 0) {
        snprintf(res->fatal, sizeof res->fatal, "%s: the database is busy; try again", name);
        csv_close(rd);
        return -1;
    }
    int rc = 0;
    while ((got = csv_next(rd, &row, err, sizeof err)) == 1) {
        if (blank_row(&row))
            continue;
        res->rows++;
        s.row = &row;
        s.row_bad = 0;
        if (survey_row(&s) == -2) {
            rc = -1;
            snprintf(res->fatal, sizeof res->fatal, "%s:%ld: the database could not be written", name, row.line);
            break;
        }
    }
    if (got < 0) {
        rc = -1;
        snprintf(res->fatal, sizeof res->fatal, "%s: %s", name, err);
    }
    csv_close(rd);
    free(s.created);
    qsort(res->problems, (size_t)res->nproblems, sizeof res->problems[0], problem_cmp);
    if (rc == 0 && res->total_problems == 0 && !dry_run) {
        if (db_commit(db) != 0) {
            snprintf(res->fatal, sizeof res->fatal, "%s: the database could not be written", name);
            return -1;
        }
        return 0;
    }
    db_rollback(db);
    if (rc != 0)
        return -1;
    return res->total_problems ? 1 : 0;
}

static void plural(char *out, size_t outlen, long n, const char *one, const char *many)
{
    snprintf(out, outlen, "%ld %s", n, n == 1 ? one : many);
}

void survey_summary(const SurveyResult *r, char *out, size_t outlen)
{
    char a[64], b[64], c[64], d[64], e[64], f[64];
    plural(a, sizeof a, r->orgs_created, "organisation", "organisations");
    plural(b, sizeof b, r->people_created, "person", "people");
    plural(c, sizeof c, r->orgs_updated, "organisation", "organisations");
    plural(d, sizeof d, r->people_updated, "person", "people");
    plural(e, sizeof e, r->capacity_set, "term", "terms");
    plural(f, sizeof f, r->contacts_added, "contact", "contacts");
    snprintf(out, outlen, "%ld row%s read; created %s and %s; updated %s and %s; %ld unchanged;"
             " capacity set for %s; %s added", r->rows, r->rows == 1 ? "" : "s", a, b, c, d, r->unchanged, e, f);
}

void survey_print(FILE *out, const char *name, const SurveyResult *res, int committed, int dry_run)
{
    for (int i = 0; i < res->nproblems; i++) {
        const ImportProblem *p = &res->problems[i];
        fprintf(out, "%s:%ld:%d: %s\n", name, p->line, p->column, p->reason);
    }
    if (res->total_problems > res->nproblems)
        fprintf(out, "%s: ... and %ld more problems\n", name, res->total_problems - res->nproblems);
    if (res->fatal[0]) {
        fprintf(out, "%s\n", res->fatal);
        return;
    }
    char sum[512];
    survey_summary(res, sum, sizeof sum);
    if (committed)
        fprintf(out, "%s: imported: %s\n", name, sum);
    else if (dry_run && res->total_problems == 0)
        fprintf(out, "%s: checked, nothing written (--dry-run); it would be: %s\n", name, sum);
    else
        fprintf(out, "%s: REJECTED, nothing imported: %ld problem%s; the other rows would be: %s\n", name,
                res->total_problems, res->total_problems == 1 ? "" : "s", sum);
}
