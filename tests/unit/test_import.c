/*
 * test_import.c - the importers on real GIAS and Ofsted rows: a Windows-1252
 * line, blank and dd-mm-yyyy dates, a closed school, a Welsh pseudo-LA, an
 * academy with a predecessor, a header in a different order; and the rules
 * for bad files: one bad row rejects the file with FILE:LINE:COLUMN, or is
 * skipped into a rejects file; an unknown file gets one sentence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/log.h"
#include "store/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], dbpath[128];

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/rise-import-%d", (int)getpid());
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", dir, dir);
    if (system(cmd) != 0)
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
    char err[256];
    Db *db = db_open(dbpath, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *file(const char *name, const char *content)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    fwrite(content, 1, strlen(content), f);
    fclose(f);
    return path;
}

static char *text(Db *db, const char *sql)
{
    static char out[512];
    sqlite3_stmt *st;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static ImportResult res;

static int run(Db *db, ImportKind k, const char *path)
{
    ImportOptions o = {0};
    return import_file(db, k, path, &o, &res);
}

/* Real rows from the GIAS core extract, columns reordered, one name in Windows-1252. */
static const char GIAS[] =
    "EstablishmentName,URN,LA (name),LA (code),EstablishmentStatus (name),OpenDate,CloseDate,"
    "EstablishmentTypeGroup (name),TypeOfEstablishment (name),GOR (name),Postcode,OfstedRating (name),OfstedLastInsp\r\n"
    "The Croft Nursery School,400000,Flintshire,664,Closed,,,Welsh schools,Welsh establishment,Wales (pseudo),,,\r\n"
    "Sherborne Nursery School,100004,Camden,202,Closed,,31-08-2001,Local authority maintained schools,"
    "Local authority nursery school,London,,,\r\n"
    "Chadwell Heath Academy,136267,Redbridge,317,Open,01-09-2010,,Academies,Academy converter,London,RM6 4RS,"
    "Requires improvement,15-11-2022\r\n"
    "St Th\xE9r\xE8se's Catholic Primary School,999001,Camden,202,Open,01-09-1990,,Local authority maintained schools,"
    "Voluntary aided school,London,NW1 1AA,Good,03-03-2019\r\n";

static void gias_real_rows(void **state)
{
    Db *db = *state;
    assert_int_equal(run(db, IMPORT_GIAS, file("gias.csv", GIAS)), 0);
    assert_string_equal(res.encoding, "Windows-1252");
    assert_int_equal(res.added, 4);
    assert_string_equal(text(db, "SELECT name FROM schools WHERE urn = 999001"),
                        "St Th\xC3\xA9r\xC3\xA8se's Catholic Primary School");
    assert_string_equal(text(db, "SELECT close_date FROM schools WHERE urn = 100004"), "2001-08-31");
    assert_string_equal(text(db, "SELECT coalesce(open_date, 'blank') FROM schools WHERE urn = 400000"), "blank");
    assert_string_equal(text(db, "SELECT la_name || '/' || region FROM schools WHERE urn = 400000"),
                        "Flintshire/Wales (pseudo)");
    /* the latest-grade columns become one graded inspection */
    assert_string_equal(text(db, "SELECT inspection_date || ' ' || overall FROM inspections WHERE urn = 136267"),
                        "2022-11-15 3");
    /* and the same file again changes nothing */
    assert_int_equal(run(db, IMPORT_GIAS, file("gias.csv", GIAS)), 0);
    assert_int_equal(res.added, 0);
    assert_int_equal(res.updated, 0);
    assert_int_equal(res.unchanged, 4);
    assert_string_equal(text(db, "SELECT count(*) FROM inspections"), "2");
}

static void a_newer_file_records_closures_and_status_history(void **state)
{
    Db *db = *state;
    assert_int_equal(run(db, IMPORT_GIAS, file("a.csv", "URN,EstablishmentName,EstablishmentStatus (name)\n"
                                                        "136267,Chadwell Heath Academy,Open\n")),
                     0);
    assert_int_equal(run(db, IMPORT_GIAS, file("b.csv", "URN,EstablishmentName,EstablishmentStatus (name),CloseDate\n"
                                                        "136267,Chadwell Heath Academy,Closed,31-08-2025\n")),
                     0);
    assert_int_equal(res.updated, 1);
    assert_int_equal(res.closed, 1);
    assert_string_equal(text(db, "SELECT group_concat(status, '>') FROM (SELECT status FROM school_status_history"
                                 " WHERE urn = 136267 ORDER BY rowid)"),
                        "Open>Closed");
}

/* A column the file lacks keeps what a fuller file recorded. */
static void missing_columns_keep_values(void **state)
{
    Db *db = *state;
    assert_int_equal(run(db, IMPORT_GIAS, file("full.csv", "URN,EstablishmentName,Postcode\n1,A School,AB1 2CD\n")), 0);
    assert_int_equal(run(db, IMPORT_GIAS, file("thin.csv", "URN,EstablishmentName\n1,A School\n")), 0);
    assert_int_equal(res.unchanged, 1);
    assert_string_equal(text(db, "SELECT postcode FROM schools WHERE urn = 1"), "AB1 2CD");
}

static void bad_row_rejects_the_whole_file(void **state)
{
    Db *db = *state;
    const char *p = file("bad.csv", "URN,EstablishmentName,OpenDate,NumberOfPupils\n"
                                    "1,Good Row,01-09-2010,100\n"
                                    "x2,Bad URN,01-09-2010,100\n"
                                    "3,Bad date,31-02-2010,lots\n");
    assert_int_equal(run(db, IMPORT_GIAS, p), 1);
    assert_string_equal(text(db, "SELECT count(*) FROM schools"), "0"); /* nothing partial */
    assert_int_equal(res.nproblems, 3);
    assert_int_equal(res.problems[0].line, 3);
    assert_int_equal(res.problems[0].column, 1);
    assert_int_equal(res.problems[1].line, 4);
    assert_int_equal(res.problems[1].column, 3);
    assert_non_null(strstr(res.problems[1].reason, "31-02-2010"));
    assert_int_equal(res.problems[2].column, 4);
    assert_string_equal(text(db, "SELECT status FROM imports ORDER BY id DESC LIMIT 1"), "failed");
}

static void skip_invalid_writes_rejects(void **state)
{
    Db *db = *state;
    const char *p = file("bad.csv", "URN,EstablishmentName\n1,Good Row\nx2,Bad URN\n3,Another good row\n");
    char rejects[256];
    snprintf(rejects, sizeof rejects, "%s/rejects.csv", dir);
    ImportOptions o = {.skip_invalid = 1, .rejects_path = rejects};
    assert_int_equal(import_file(db, IMPORT_GIAS, p, &o, &res), 0);
    assert_int_equal(res.added, 2);
    assert_int_equal(res.rejected, 1);
    FILE *f = fopen(rejects, "r");
    assert_non_null(f);
    char line[512];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "line,reason,\"URN\",\"EstablishmentName\"\n");
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(strstr(line, "3,\"URN 'x2' is not a whole number\",\"x2\",\"Bad URN\""));
    fclose(f);
}

static void unknown_shape_is_one_sentence(void **state)
{
    Db *db = *state;
    assert_int_equal(run(db, IMPORT_GIAS, file("x.csv", "name,colour\nfoo,blue\n")), -1);
    assert_non_null(strstr(res.fatal, "is not a GIAS establishment file"));
    assert_int_equal(run(db, IMPORT_OFSTED, file("y.csv", "a,b\n1,2\n")), -1);
    assert_non_null(strstr(res.fatal, "is not an Ofsted file"));
    assert_int_equal(run(db, IMPORT_GIAS, file("empty.csv", "")), -1);
    assert_non_null(strstr(res.fatal, "empty"));
}

/* An academy keeps the record of the school it replaced: links plus the history file. */
static void academy_with_predecessor(void **state)
{
    Db *db = *state;
    assert_int_equal(run(db, IMPORT_LINKS, file("links.csv", "\"URN\",\"LinkURN\",\"LinkName\",\"LinkType\","
                                                             "\"LinkEstablishedDate\"\n"
                                                             "100023,100024,\"Torriano Infant School\","
                                                             "\"Predecessor\",\"15-09-2015\"\n")),
                     0);
    assert_string_equal(text(db, "SELECT link_type || ' ' || established FROM school_links WHERE urn = 100023"),
                        "Predecessor 2015-09-15");
    assert_int_equal(run(db, IMPORT_OFSTED, file("hist.csv", "URN,Rating,Inspection Date\n"
                                                              "100024,Satisfactory,20090312\n"
                                                              "100024,Requires Improvement,20130618\n"
                                                              "100023,Good,20171017\n")),
                     0);
    assert_string_equal(res.format, "history");
    assert_string_equal(text(db, "SELECT group_concat(overall) FROM (SELECT overall FROM inspections"
                                 " WHERE urn = 100024 ORDER BY inspection_date)"),
                        "3,3");
}

static void ofsted_mi_and_report_cards(void **state)
{
    Db *db = *state;
    assert_int_equal(run(db, IMPORT_OFSTED,
                         file("mi.csv", "URN,Inspection start date,Overall effectiveness,Category of concern,"
                                        "Quality of education,Previous inspection start date,"
                                        "Previous full inspection overall effectiveness\n"
                                        "100000,12/06/2024,4,SM,4,01/02/2020,3\n")),
                     0);
    assert_string_equal(res.format, "mi");
    assert_string_equal(text(db, "SELECT overall || ' ' || category FROM inspections WHERE inspection_date = '2024-06-12'"),
                        "4 special measures");
    assert_string_equal(text(db, "SELECT overall FROM inspections WHERE inspection_date = '2020-02-01'"), "3");
    assert_int_equal(run(db, IMPORT_OFSTED,
                         file("rc.csv", "URN,Inspection date,Inclusion,Curriculum and teaching,Achievement,"
                                        "Attendance and behaviour,Personal development and well-being,Early years,"
                                        "Post-16,Leadership and governance,Safeguarding\n"
                                        "100000,2025-11-20,Expected standard,Needs attention,Needs attention,"
                                        "Expected standard,Strong standard,Not applicable,Not applicable,"
                                        "Needs attention,Met\n")),
                     0);
    assert_string_equal(res.format, "report-card");
    assert_non_null(strstr(text(db, "SELECT judgements FROM inspections WHERE kind = 'report-card'"),
                           "\"leadership and governance\":\"Needs attention\""));
    /* a grade off the five-point scale is refused */
    assert_int_equal(run(db, IMPORT_OFSTED,
                         file("rc2.csv", "URN,Inspection date,Leadership and governance,Safeguarding\n"
                                         "100000,2025-11-21,Good,Met\n")),
                     1);
}

/* Trust membership keeps joined and left dates across files. */
static void membership_joined_and_left(void **state)
{
    Db *db = *state;
    const char *h = ",URN,Group UID,Group Name,Group Type,Joined date\n";
    char body[512];
    snprintf(body, sizeof body, "%s0,100,5000,First Trust,Multi-academy trust,2015-09-01\n", h);
    assert_int_equal(run(db, IMPORT_GROUP_LINKS, file("gl1.csv", body)), 0);
    snprintf(body, sizeof body, "%s0,100,6000,Second Trust,Multi-academy trust,2024-04-01\n", h);
    assert_int_equal(run(db, IMPORT_GROUP_LINKS, file("gl2.csv", body)), 0);
    assert_string_equal(text(db, "SELECT joined_date || '..' || left_date FROM group_members WHERE group_uid = 5000"),
                        "2015-09-01..2024-04-01");
    assert_string_equal(text(db, "SELECT coalesce(left_date, 'current') FROM group_members WHERE group_uid = 6000"),
                        "current");
    assert_string_equal(text(db, "SELECT name FROM groups WHERE uid = 6000"), "Second Trust");
}

int main(void)
{
    log_set_quiet(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(gias_real_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(a_newer_file_records_closures_and_status_history, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_columns_keep_values, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_row_rejects_the_whole_file, setup, teardown),
        cmocka_unit_test_setup_teardown(skip_invalid_writes_rejects, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_shape_is_one_sentence, setup, teardown),
        cmocka_unit_test_setup_teardown(academy_with_predecessor, setup, teardown),
        cmocka_unit_test_setup_teardown(ofsted_mi_and_report_cards, setup, teardown),
        cmocka_unit_test_setup_teardown(membership_joined_and_left, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
