/*
 * test_providers.c - the register's store (store/providers.c and
 * provider_survey.c) on a real migrated SQLite file: places derived from
 * GIAS (a school's, a trust's and a federation's open schools' mean, a
 * local authority's, a person's school or trust); GIAS links checked; the
 * capacity matches hold per term from case_providers rows; each change
 * audited with only what changed; a name used once; the latest check of
 * each kind deciding its standing; and a capacity survey imported all or
 * nothing, a second run changing nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/log.h"
#include "domain/matching.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/providers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256], csv[300];

static void exec(Db *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s\n", msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

static int64_t scalar(Db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static const Actor DO = {.user_id = 1, .label = "Dana North <do@example.gov.uk>", .ip = NULL};

static int setup(void **state)
{
    log_set_quiet(1);
    snprintf(path, sizeof path, "/tmp/rise-unit-providers-%d.db", (int)getpid());
    snprintf(csv, sizeof csv, "/tmp/rise-unit-providers-%d.csv", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    *state = db;
    exec(db, "INSERT INTO schools (urn, name, la_code, la_name, status, region, trust_uid, federation_uid, easting,"
             " northing, phase) VALUES"
             " (100001, 'Open One', '350', 'Bolton', 'Open', 'North West', 7001, NULL, 370000, 410000, 'Primary'),"
             " (100002, 'Open Two', '350', 'Bolton', 'Open, but proposed to close', 'North West', 7001, '8001',"
             "  372000, 412000, 'Primary'),"
             " (100003, 'Closed Three', '350', 'Bolton', 'Closed', 'North West', 7001, NULL, 900000, 900000, 'Primary'),"
             " (100004, 'Federated Four', '351', 'Bury', 'Open', 'North West', NULL, '8001', 380000, 420000, 'Primary');"
             "INSERT INTO groups (uid, name, type) VALUES (7001, 'Test Trust', 'Multi-academy trust'),"
             " (8001, 'Test Federation', 'Federation');");
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    const char *suffix[] = {"", "-wal", "-shm", ".audit-key", ".audit-log"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
    unlink(csv);
    return 0;
}

static int64_t add_org(Db *db, const char *name, const char *type, int64_t uid, int64_t urn, const char *la)
{
    ProviderFields f = {.name = name, .org_type = type, .group_uid = uid, .urn = urn, .la_code = la,
                        .regions = "North West", .phases = "primary"};
    int64_t id = 0;
    assert_int_equal(provider_create(db, &DO, &f, NULL, NULL, &id), PROV_OK);
    return id;
}

static void places_derived_from_gias(void **state)
{
    Db *db = *state;
    Provider p;
    int64_t trust = add_org(db, "A Trust", "trust", 7001, 0, NULL);
    assert_int_equal(provider_get(db, trust, &p), 1);
    assert_true(p.has_location); /* the closed school is left out */
    assert_int_equal(p.easting, 371000);
    assert_int_equal(p.northing, 411000);
    assert_string_equal(p.link_name, "Test Trust");
    provider_free(&p);
    int64_t fed = add_org(db, "A Federation", "federation", 8001, 0, NULL);
    assert_int_equal(provider_get(db, fed, &p), 1);
    assert_int_equal(p.easting, 376000);
    assert_int_equal(p.northing, 416000);
    provider_free(&p);
    int64_t la = add_org(db, "Bolton Traded", "la-traded", 0, 0, "350");
    assert_int_equal(provider_get(db, la, &p), 1);
    assert_int_equal(p.easting, 371000);
    assert_string_equal(p.link_name, "Bolton");
    provider_free(&p);
    int64_t other = add_org(db, "Somewhere Else", "other", 0, 0, NULL);
    assert_int_equal(provider_get(db, other, &p), 1);
    assert_false(p.has_location);
    provider_free(&p);
    /* a person: their school's place, else their trust's */
    ProviderFields f = {.name = "Pat Person", .org_type = "person"};
    PersonFields pf = {.designation = "nle", .urn = 100004, .day_rate_pence = 60000};
    int64_t person = 0;
    assert_int_equal(provider_create(db, &DO, &f, &pf, NULL, &person), PROV_OK);
    assert_int_equal(provider_get(db, person, &p), 1);
    assert_true(p.is_person);
    assert_int_equal(p.easting, 380000);
    assert_int_equal(p.person.day_rate_pence, 60000);
    assert_string_equal(p.person.school_name, "Federated Four");
    provider_free(&p);
    pf = (PersonFields){.designation = "system-leader", .trust_uid = 7001, .day_rate_pence = -1};
    f.name = "Sam Person";
    assert_int_equal(provider_create(db, &DO, &f, &pf, NULL, &person), PROV_OK);
    assert_int_equal(provider_get(db, person, &p), 1);
    assert_int_equal(p.easting, 371000);
    assert_int_equal(p.person.day_rate_pence, -1);
    provider_free(&p);
    assert_int_equal(scalar(db, "SELECT count(*) FROM leaders"), 2);
}

static void links_checked_against_gias(void **state)
{
    Db *db = *state;
    char msg[256];
    assert_int_equal(provider_link_check(db, "trust", 7001, 0, NULL, msg, sizeof msg), 0);
    assert_int_equal(provider_link_check(db, "trust", 8001, 0, NULL, msg, sizeof msg), 1); /* a federation */
    assert_string_equal(msg, "There is no trust with group UID 8001 in Get Information About Schools");
    assert_int_equal(provider_link_check(db, "federation", 8001, 0, NULL, msg, sizeof msg), 0);
    assert_int_equal(provider_link_check(db, "trust", 0, 0, NULL, msg, sizeof msg), 1);
    assert_int_equal(provider_link_check(db, "school", 0, 100009, NULL, msg, sizeof msg), 1);
    assert_int_equal(provider_link_check(db, "hub", 0, 0, NULL, msg, sizeof msg), 0); /* a hub's lead school is optional */
    assert_int_equal(provider_link_check(db, "la", 0, 0, "351", msg, sizeof msg), 0);
    assert_int_equal(provider_link_check(db, "la", 0, 0, "999", msg, sizeof msg), 1);
    assert_int_equal(provider_link_check(db, "other", 0, 0, NULL, msg, sizeof msg), 0);
    assert_int_equal(provider_las_check(db, "350,351", msg, sizeof msg), 0);
    assert_int_equal(provider_las_check(db, "350,999", msg, sizeof msg), 1);
    assert_string_equal(msg, "There is no local authority with code 999 in Get Information About Schools");
    assert_int_equal(provider_person_link_check(db, 100001, 7001, msg, sizeof msg), 0);
    assert_int_equal(provider_person_link_check(db, 0, 9999, msg, sizeof msg), 1);
}

static void capacity_held_per_term(void **state)
{
    Db *db = *state;
    int64_t id = add_org(db, "Busy Trust", "trust", 7001, 0, NULL);
    int autumn = 2026 * 3;
    assert_int_equal(provider_capacity_set(db, &DO, id, "2026-autumn", 3, 30, "form"), PROV_OK);
    assert_int_equal(provider_capacity_set(db, &DO, id, "2026-spring", 2, 20, "form"), PROV_OK);
    exec(db, "INSERT INTO cases (id, programme, subject_kind, subject_id, subject_name, region, route, rationale,"
             " opened_at, opened_by) VALUES (1, 'rise', 'school', 100001, 'Open One', 'North West', 'exception', 'x',"
             " '2026-10-01', 't'), (2, 'rise', 'school', 100002, 'Open Two', 'North West', 'exception', 'x',"
             " '2026-10-01', 't'), (3, 'rise', 'school', 100004, 'Federated Four', 'North West', 'exception', 'x',"
             " '2026-10-01', 't');");
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO case_providers (case_id, organisation_id, status, since, term, terms, days) VALUES"
             " (1, %lld, 'matched', '2026-10-01', '2026-autumn', 2, 9),"
             " (2, %lld, 'withdrawn', '2026-10-01', '2026-autumn', 1, 10),"
             " (3, %lld, 'proposed', '2026-11-02T09:00:00Z', NULL, 1, 2)",
             (long long)id, (long long)id, (long long)id);
    exec(db, sql);
    TermCapacity t[3];
    assert_int_equal(provider_capacity_terms(db, id, autumn, 3, t), 0);
    assert_true(t[0].offered);
    assert_int_equal(t[0].schools, 3);
    assert_int_equal(t[0].schools_held, 2);
    assert_int_equal(t[0].days_held, 7); /* 5 of 9, and the proposal's 2 */
    assert_string_equal(t[0].source, "form");
    assert_int_equal(t[1].schools_held, 1);
    assert_int_equal(t[1].days_held, 4);
    assert_false(t[2].offered);
    assert_int_equal(t[2].schools_held, 0);
    provider_capacity_free(t, 3);
    /* the same offer again writes nothing; a new one is audited with before and after */
    int64_t before = scalar(db, "SELECT count(*) FROM audit");
    assert_int_equal(provider_capacity_set(db, &DO, id, "2026-autumn", 3, 30, "form"), PROV_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit"), before);
    assert_int_equal(provider_capacity_set(db, &DO, id, "2026-autumn", 4, 30, "form"), PROV_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit"), before + 1);
    /* the list shows the same for the term */
    ProviderFilter f = {.people = 0, .active = 1, .q = "busy", .term = autumn, .today = date_from_ymd(2026, 11, 1)};
    ProviderList l;
    assert_int_equal(provider_list(db, &f, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].cap.schools, 4);
    assert_int_equal(l.items[0].cap.days_held, 7);
    provider_list_free(&l);
}

static void changes_audited_and_names_unique(void **state)
{
    Db *db = *state;
    int64_t id = add_org(db, "Audited Org", "other", 0, 0, NULL);
    ProviderFields f = {.name = "audited org", .org_type = "hub"};
    int64_t other;
    assert_int_equal(provider_create(db, &DO, &f, NULL, NULL, &other), PROV_NAME_TAKEN);
    Provider p;
    assert_int_equal(provider_get(db, id, &p), 1);
    ProviderFields same = {.name = p.name, .org_type = p.org_type, .regions = p.regions,
                           .local_authorities = p.local_authorities, .phases = p.phases, .expertise = p.expertise};
    int64_t before = scalar(db, "SELECT count(*) FROM audit");
    int changed = -1;
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(provider_update_tx(db, &DO, id, &same, NULL, NULL, &changed), PROV_OK);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit"), before);
    same.expertise = "send";
    assert_int_equal(provider_update(db, &DO, id, &same, NULL, "Asked"), PROV_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT action, changes, reason FROM audit ORDER BY id DESC LIMIT 1",
                                        -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "organisation.update");
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "[{\"field\":\"expertise\",\"before\":null,\"after\":\"send\"}]");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "Asked");
    sqlite3_finalize(st);
    provider_free(&p);
    assert_int_equal(provider_set_active(db, &DO, id, 0, "No capacity"), PROV_OK);
    assert_int_equal(provider_set_active(db, &DO, id, 0, "Again"), PROV_NOT_FOUND);
    assert_int_equal(scalar(db, "SELECT active FROM organisations WHERE name = 'Audited Org'"), 0);
}

static void latest_check_decides(void **state)
{
    Db *db = *state;
    int64_t id = add_org(db, "Checked Org", "other", 0, 0, NULL);
    ProviderCheckFields a = {CHECK_KIND_FINANCIAL, "failed", "2026-01-10", NULL, "SFSO team", NULL};
    ProviderCheckFields b = {CHECK_KIND_FINANCIAL, "passed", "2026-03-01", "2026-09-01", "SFSO team", "Resubmitted"};
    ProviderCheckFields c = {CHECK_KIND_VENDOR, "requested", "2026-11-30", NULL, "Grant team", NULL};
    assert_int_equal(provider_check_add(db, &DO, id, &b), PROV_OK);
    assert_int_equal(provider_check_add(db, &DO, id, &a), PROV_OK); /* recorded later, done earlier */
    assert_int_equal(provider_check_add(db, &DO, id, &c), PROV_OK);
    ProviderCheckList l;
    assert_int_equal(provider_checks(db, id, &l), 0);
    assert_int_equal(l.n, 3);
    CheckState st[CHECK_KIND_COUNT];
    provider_check_states(&l, date_from_ymd(2026, 8, 1), st);
    assert_int_equal(st[CHECK_KIND_FINANCIAL], CHECK_CURRENT);
    assert_int_equal(st[CHECK_KIND_VENDOR], CHECK_PENDING);
    assert_int_equal(st[CHECK_KIND_CAPACITY], CHECK_MISSING);
    provider_check_states(&l, date_from_ymd(2026, 12, 5), st);
    assert_int_equal(st[CHECK_KIND_FINANCIAL], CHECK_EXPIRED);
    provider_check_list_free(&l);
    assert_int_equal(provider_vendor_days(db), 20);
}

static void write_csv(const char *text)
{
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void survey_all_or_nothing(void **state)
{
    Db *db = *state;
    write_csv("Name,Type,Designation,URN,Trust UID,Regions,Term,Schools,Days,Day rate\n"
              "Survey Org,trust,,,7001,North West,2026-autumn,2,10,\n"
              "Survey Person,,nle,100001,,North West,Spring 2027,,6,£600\n"
              "Survey Org,,,,,,2026-spring,1,4,\n"
              "Wrong Org,school,,100009,,North West,2026-autumn,1,2,\n");
    int64_t orgs = scalar(db, "SELECT count(*) FROM organisations"), audits = scalar(db, "SELECT count(*) FROM audit");
    SurveyResult *res = calloc(1, sizeof *res);
    assert_int_equal(survey_import(db, &DO, csv, "s.csv", 0, res), 1);
    assert_int_equal(res->total_problems, 1);
    assert_int_equal(res->problems[0].line, 5);
    assert_int_equal(res->problems[0].column, 4);
    assert_string_equal(res->problems[0].reason, "There is no school with URN 100009 in Get Information About Schools");
    assert_int_equal(scalar(db, "SELECT count(*) FROM organisations"), orgs);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit"), audits);

    write_csv("Name,Type,Designation,URN,Trust UID,Regions,Term,Schools,Days,Day rate\n"
              "Survey Org,trust,,,7001,North West,2026-autumn,2,10,\n"
              "Survey Person,,nle,100001,,North West,Spring 2027,,6,£600\n"
              "survey org,,,,,,2026-spring,1,4,\n");
    assert_int_equal(survey_import(db, &DO, csv, "s.csv", 1, res), 0); /* a dry run */
    assert_int_equal(scalar(db, "SELECT count(*) FROM organisations"), orgs);
    assert_int_equal(res->orgs_created, 1);
    assert_int_equal(survey_import(db, &DO, csv, "s.csv", 0, res), 0);
    assert_int_equal(res->rows, 3);
    assert_int_equal(res->orgs_created, 1);
    assert_int_equal(res->people_created, 1);
    assert_int_equal(res->orgs_updated, 0); /* the third row adds to what the first made */
    assert_int_equal(res->capacity_set, 3);
    assert_int_equal(scalar(db, "SELECT count(*) FROM organisations"), orgs + 2);
    assert_int_equal(scalar(db, "SELECT day_rate_pence FROM leaders l JOIN organisations o ON o.id = l.organisation_id"
                                " WHERE o.name = 'Survey Person'"), 60000);
    assert_int_equal(scalar(db, "SELECT schools FROM provider_capacity c JOIN organisations o ON o.id = c.organisation_id"
                                " WHERE o.name = 'Survey Person' AND c.term = '2026-spring'"), 1);
    /* again: nothing changes */
    audits = scalar(db, "SELECT count(*) FROM audit");
    assert_int_equal(survey_import(db, &DO, csv, "s.csv", 0, res), 0);
    assert_int_equal(res->unchanged, 3);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit"), audits);
    /* a type that contradicts the register */
    write_csv("name,type\nSurvey Person,trust\n");
    assert_int_equal(survey_import(db, &DO, csv, "s.csv", 0, res), 1);
    assert_string_equal(res->problems[0].reason, "Survey Person is a person in the register, not an organisation");
    /* no name column at all */
    write_csv("organisation_type,days\ntrust,3\n");
    assert_int_equal(survey_import(db, &DO, csv, "s.csv", 0, res), -1);
    assert_non_null(strstr(res->fatal, "\"name\" column"));
    free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(places_derived_from_gias, setup, teardown),
        cmocka_unit_test_setup_teardown(links_checked_against_gias, setup, teardown),
        cmocka_unit_test_setup_teardown(capacity_held_per_term, setup, teardown),
        cmocka_unit_test_setup_teardown(changes_audited_and_names_unique, setup, teardown),
        cmocka_unit_test_setup_teardown(latest_check_decides, setup, teardown),
        cmocka_unit_test_setup_teardown(survey_all_or_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
