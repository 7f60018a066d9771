/*
 * demo_register.c - the demo's register of supporting organisations and
 * people (issue 12), in the North East: a trust and a federation linked to
 * their real GIAS entries, a local authority's traded service, a teaching
 * school hub, North Star School Improvement (made by the demo's external
 * accounts) and four people. The people, contacts and every check are
 * invented: no real person's name is here. Made once (when the first
 * person is not yet in the register), audited as the demo set-up.
 */
#include "cli/cli.h"

#include "core/date.h"
#include "domain/matching.h"
#include "store/providers.h"

#include <stdio.h>
#include <string.h>

/* A check relative to today: done `ago` days ago, expiring `expires_in`
   days from today (0: never). */
typedef struct DemoCheck {
    CheckKind kind;
    const char *outcome;
    int ago, expires_in;
    const char *by;
} DemoCheck;

typedef struct DemoEntry {
    ProviderFields f;
    PersonFields p; /* designation NULL: an organisation */
    int now_schools, now_days, next_schools, next_days;
    ProviderContactFields contact; /* name NULL: none */
    DemoCheck checks[4];
    int n_checks;
} DemoEntry;

static void iso_days(Date today, int delta, char out[11])
{
    date_iso(today + delta, out);
}

/* The first open North East school of a phase, by URN (0 when none). */
static int64_t first_school(Db *db, const char *phase)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT urn FROM schools WHERE region = 'North East' AND status LIKE 'Open%'"
                                   " AND phase = ? ORDER BY urn LIMIT 1");
    if (!st)
        return 0;
    db_bind_text(st, 1, phase);
    int64_t urn = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return urn;
}

static int add_entry(Db *db, const Actor *a, const DemoEntry *e, int term)
{
    int64_t id = 0;
    int rc = provider_id_by_name(db, e->f.name, &id);
    if (rc < 0)
        return -1;
    if (rc == 0 && provider_create_tx(db, a, &e->f, e->p.designation ? &e->p : NULL, "Demo set-up", &id) != PROV_OK)
        return -1;
    if (rc == 1 && provider_update_tx(db, a, id, &e->f, e->p.designation ? &e->p : NULL, "Demo set-up", NULL) != PROV_OK)
        return -1;
    char now[16], next[16];
    match_term_code(term, now);
    match_term_code(term + 1, next);
    if (provider_capacity_set_tx(db, a, id, now, e->now_schools, e->now_days, "demo set-up", NULL) != PROV_OK ||
        provider_capacity_set_tx(db, a, id, next, e->next_schools, e->next_days, "demo set-up", NULL) != PROV_OK)
        return -1;
    if (e->contact.name && provider_contact_add_tx(db, a, id, &e->contact, "Demo set-up") != PROV_OK)
        return -1;
    return 0;
}

/* Records the demo checks of one entry, each in its own transaction. */
static int add_checks(Db *db, const Actor *a, const DemoEntry *e, Date today)
{
    int64_t id = 0;
    if (provider_id_by_name(db, e->f.name, &id) != 1)
        return -1;
    for (int i = 0; i < e->n_checks; i++) {
        const DemoCheck *c = &e->checks[i];
        char on[11], exp[11];
        iso_days(today, -c->ago, on);
        iso_days(today, c->expires_in, exp);
        ProviderCheckFields f = {c->kind, c->outcome, on, c->expires_in ? exp : NULL, c->by, NULL};
        if (provider_check_add(db, a, id, &f) != PROV_OK)
            return -1;
    }
    return 0;
}

int demo_register(Db *db)
{
    int64_t have = 0;
    if (provider_id_by_name(db, "Harriet Quayle", &have) != 0)
        return have ? 0 : -1; /* made already (or an error) */
    Actor a = {.user_id = 0, .label = "demo set-up", .ip = NULL};
    Date today = date_local(0);
    int term = match_term_of(today);
    int64_t secondary = first_school(db, "Secondary"), primary = first_school(db, "Primary");
    const char *ne = "North East";
    const DemoEntry E[] = {
        {.f = {.name = "North Star School Improvement", .org_type = "other", .regions = "North East;Yorkshire and the Humber",
               .phases = "primary,secondary", .expertise = "leadership-governance,curriculum-teaching,attendance-behaviour",
               .notes = "An independent school improvement partnership (demo)."},
         .now_schools = 4, .now_days = 40, .next_schools = 4, .next_days = 40,
         .contact = {"Taylor Green", "Director", "support.org@rise.example", NULL, 1},
         .checks = {{CHECK_KIND_CAPACITY, "passed", 20, 345, "Regional delivery officer"},
                    {CHECK_KIND_RELATIONSHIP, "passed", 18, 0, "Trust relationship manager"}},
         .n_checks = 2},
        {.f = {.name = "Lingfield Education Trust", .org_type = "trust", .group_uid = 3375, .regions = ne,
               .phases = "primary,secondary", .expertise = "leadership-governance,curriculum-teaching,send,assessment",
               .notes = "Demo entry linked to the trust's real GIAS record; the offer and checks are invented."},
         .now_schools = 3, .now_days = 30, .next_schools = 2, .next_days = 20,
         .contact = {"Avery Thornfield", "Director of school improvement", "avery.thornfield@example.org",
                     "0191 496 0101", 1},
         .checks = {{CHECK_KIND_CAPACITY, "passed", 30, 335, "Regional delivery officer"},
                    {CHECK_KIND_RELATIONSHIP, "passed", 28, 0, "Trust relationship manager"},
                    {CHECK_KIND_FINANCIAL, "passed", 25, 340, "Schools financial support and oversight team"},
                    {CHECK_KIND_VENDOR, "set-up", 21, 0, "Grant team"}},
         .n_checks = 4},
        {.f = {.name = "Middlesbrough Achievement Partnership", .org_type = "la-traded", .la_code = "806",
               .regions = ne, .local_authorities = "806,807,808", .phases = "primary",
               .expertise = "inclusion,attendance-behaviour,send", .notes = "A local authority traded service (demo)."},
         .now_schools = 2, .now_days = 16, .next_schools = 2, .next_days = 16,
         .contact = {"Rowan Ashdown", "Head of traded services", "rowan.ashdown@example.org", NULL, 1},
         .checks = {{CHECK_KIND_CAPACITY, "passed", 40, 325, "Regional delivery officer"},
                    {CHECK_KIND_RELATIONSHIP, "passed", 40, 0, "Local authority lead"},
                    {CHECK_KIND_FINANCIAL, "passed", 420, -55, "Schools financial support and oversight team"},
                    {CHECK_KIND_VENDOR, "set-up", 400, 0, "Grant team"}},
         .n_checks = 4},
        {.f = {.name = "Northern Lights Teaching School Hub", .org_type = "hub", .urn = secondary, .regions = ne,
               .phases = "primary,secondary", .expertise = "curriculum-teaching,subject-specific,workload",
               .notes = "A teaching school hub (demo name)."},
         .now_schools = 2, .now_days = 12, .next_schools = 3, .next_days = 18,
         .contact = {"Quinn Halloway", "Hub lead", "quinn.halloway@example.org", NULL, 1},
         .checks = {{CHECK_KIND_CAPACITY, "passed", 12, 353, "Regional delivery officer"},
                    {CHECK_KIND_RELATIONSHIP, "passed", 10, 0, "Trust relationship manager"},
                    {CHECK_KIND_FINANCIAL, "passed", 9, 356, "Schools financial support and oversight team"},
                    {CHECK_KIND_VENDOR, "requested", 5, 0, "Grant team"}},
         .n_checks = 4},
        {.f = {.name = "Seaton Valley Federation", .org_type = "federation", .group_uid = 1742, .regions = ne,
               .local_authorities = "929", .phases = "primary,secondary", .expertise = "leadership-governance,early-years",
               .notes = "Demo entry linked to the federation's real GIAS record; the offer is invented."},
         .now_schools = 1, .now_days = 6, .next_schools = 1, .next_days = 6,
         .contact = {"Sasha Wyndham", "Executive headteacher", "sasha.wyndham@example.org", NULL, 1},
         .checks = {{CHECK_KIND_CAPACITY, "passed", 3, 362, "Regional delivery officer"}},
         .n_checks = 1},
        {.f = {.name = "Harriet Quayle", .regions = ne, .phases = "primary", .expertise = "leadership-governance,curriculum-teaching"},
         .p = {.designation = "nle", .designated_on = "2019-09-01", .email = "harriet.quayle@example.org",
               .urn = primary, .day_rate_pence = 60000},
         .now_schools = 1, .now_days = 10, .next_schools = 1, .next_days = 8},
        {.f = {.name = "Tobias Renwick", .regions = ne, .phases = "secondary", .expertise = "send,inclusion,assessment"},
         .p = {.designation = "nle", .designated_on = "2018-04-01", .email = "tobias.renwick@example.org",
               .urn = secondary, .day_rate_pence = 60000},
         .now_schools = 2, .now_days = 12, .next_schools = 1, .next_days = 6},
        {.f = {.name = "Imogen Thistlewood", .regions = "North East;North West", .phases = "primary,secondary",
               .expertise = "leadership-governance,financial-management"},
         .p = {.designation = "system-leader", .designated_on = "2022-09-01", .email = "imogen.thistlewood@example.org",
               .trust_uid = 3375, .day_rate_pence = 60000},
         .now_schools = 2, .now_days = 10, .next_schools = 2, .next_days = 10},
        {.f = {.name = "Caspian Marlowe", .regions = ne, .phases = "primary,secondary,special",
               .expertise = "leadership-governance,financial-management"},
         .p = {.designation = "nlg", .designated_on = "2020-01-15", .email = "caspian.marlowe@example.org",
               .day_rate_pence = 50000},
         .now_schools = 1, .now_days = 5, .next_schools = 1, .next_days = 5},
    };
    size_t n = sizeof E / sizeof E[0];
    if (db_begin(db) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        DemoEntry e = E[i];
        if (!e.p.designation)
            e.p.day_rate_pence = -1;
        if (add_entry(db, &a, &e, term) != 0) {
            db_rollback(db);
            return -1;
        }
    }
    if (db_commit(db) != 0)
        return -1;
    /* the checks after, each in its own transaction (provider_check_add) */
    for (size_t i = 0; i < n; i++)
        if (add_checks(db, &a, &E[i], today) != 0)
            return -1;
    return 0;
}
