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
    static char out[4096];
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

/* A fixture of the real files (tests/fixtures/ofsted), found through RISE_SOURCE_DIR. */
static const char *fixture(const char *name)
{
    static char path[512];
    const char *src = getenv("RISE_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/tests/fixtures/ofsted/%s", src ? src : ".", name);
    return path;
}

/* Ofsted's management information as published (2025 layout): every row
   imports, each of its inspections under the URN it was made under. */
static void mi_2025_as_published(void **state)
{
    Db *db = *state;
    assert_int_equal(run(db, IMPORT_OFSTED, fixture("mi_2025_excerpt.csv")), 0);
    assert_string_equal(res.format, "mi");
    assert_int_equal(res.rows, 10);
    assert_int_equal(res.rejected, 0);
    /* the latest graded inspection, with what the file says of it */
    assert_string_equal(text(db, "SELECT overall || '|' || publication_date || '|' || inspection_type || '|' || number"
                                 " || '|' || quality || '|' || leadership FROM inspections WHERE urn = 100000"
                                 " AND inspection_date = '2024-06-12'"),
                        "1|2024-07-11|S5 Inspection|10323215|1|1");
    assert_non_null(strstr(text(db, "SELECT judgements FROM inspections WHERE urn = 100000 AND inspection_date ="
                                    " '2024-06-12'"),
                           "\"early years\":2"));
    assert_string_equal(text(db, "SELECT overall FROM inspections WHERE urn = 100000 AND inspection_date = '2013-04-18'"),
                        "1");
    /* "Not judged": a graded inspection without a headline grade */
    assert_string_equal(text(db, "SELECT kind || '|' || coalesce(overall, '-') || '|' || overall_text || '|' || quality"
                                 " FROM inspections WHERE urn = 100722 AND inspection_date = '2025-01-28'"),
                        "graded|-|Not judged|3");
    /* SM is special measures; NTI the old notice to improve */
    assert_string_equal(text(db, "SELECT category FROM inspections WHERE urn = 103997 AND inspection_date = '2024-11-19'"),
                        "special measures");
    assert_string_equal(text(db, "SELECT overall || ' ' || category FROM inspections WHERE urn = 102579"
                                 " AND inspection_date = '2010-09-16'"),
                        "4 notice to improve");
    /* made under a predecessor's URN: filed there, and attributed to the school today */
    assert_string_equal(text(db, "SELECT count(*) FROM inspections WHERE urn = 137298 AND kind = 'graded'"), "0");
    assert_string_equal(text(db, "SELECT group_concat(inspection_date) FROM (SELECT inspection_date FROM inspections"
                                 " WHERE urn = 115726 ORDER BY 1)"),
                        "2008-06-04,2011-01-19");
    assert_string_equal(text(db, "SELECT earlier_urn FROM inspection_lineage WHERE urn = 137298"), "115726");
    /* ungraded inspections keep Ofsted's words, and never a grade */
    assert_string_equal(text(db, "SELECT kind || '|' || outcome || '|' || coalesce(overall, '-') FROM inspections"
                                 " WHERE urn = 100094 AND inspection_date = '2025-02-05'"),
                        "ungraded|Some aspects not as strong|-");
    /* an ungraded inspection that converted to a graded one has the graded one's number: one inspection (M1) */
    assert_string_equal(text(db, "SELECT count(*) || '|' || group_concat(kind) || '|' || converted FROM inspections"
                                 " WHERE urn = 101858 AND inspection_date >= '2023-01-01'"),
                        "1|graded|1");
    /* codes 8 and 9 mean no judgement */
    assert_null(strstr(text(db, "SELECT judgements FROM inspections WHERE urn = 100009 AND inspection_date ="
                                " '2012-07-10'"),
                       "early years"));
    /* a school with no inspection yet has none */
    assert_string_equal(text(db, "SELECT count(*) FROM inspections WHERE urn = 143716"), "0");
    /* importing the same file again changes nothing */
    assert_int_equal(run(db, IMPORT_OFSTED, fixture("mi_2025_excerpt.csv")), 0);
    assert_int_equal(res.added + res.updated, 0);
    assert_int_equal(res.insp_added + res.insp_updated + res.insp_removed, 0);
}

/* The 2026 layout: report cards with each area's grade and date, beside the
   latest graded inspection of the old framework. */
static void mi_2026_report_cards(void **state)
{
    Db *db = *state;
    assert_int_equal(run(db, IMPORT_OFSTED, fixture("mi_2026_excerpt.csv")), 0);
    assert_string_equal(res.format, "mi with report cards");
    assert_int_equal(res.rejected, 0);
    const char *rc = text(db, "SELECT judgements FROM inspections WHERE urn = 107727 AND kind = 'report-card'");
    assert_non_null(strstr(rc, "\"leadership and governance\":\"Urgent improvement\""));
    assert_non_null(strstr(rc, "\"safeguarding\":\"met\""));
    assert_non_null(strstr(rc, "\"dates\":{"));
    assert_string_equal(text(db, "SELECT category || '|' || inspection_date FROM inspections WHERE urn = 107727"
                                 " AND kind = 'report-card'"),
                        "special measures|2026-01-27");
    assert_non_null(strstr(text(db, "SELECT judgements FROM inspections WHERE urn = 119151 AND kind = 'report-card'"),
                           "\"safeguarding\":\"not met\""));
    /* the old framework's latest graded inspection in the same row */
    assert_string_equal(text(db, "SELECT overall FROM inspections WHERE urn = 100033 AND kind = 'graded'"
                                 " AND inspection_date = '2021-10-05'"),
                        "2");
    /* "NULL" is an empty value, not an error */
    assert_string_equal(text(db, "SELECT count(*) FROM inspections WHERE urn = 100000 AND kind = 'report-card'"), "0");
}

/* Bad management information: FILE:LINE:COLUMN, and nothing imported. */
static void mi_bad_values(void **state)
{
    Db *db = *state;
    const char *p = file("mi-bad.csv", "URN,Inspection start date,Overall effectiveness,Category of concern,"
                                       "Quality of education\n"
                                       "100000,12/06/2024,Not judged,SM,3\n"
                                       "100001,13/06/2024,Excellent,,2\n"
                                       "100002,14/06/2024,2,XYZ,7\n");
    assert_int_equal(run(db, IMPORT_OFSTED, p), 1);
    assert_int_equal(res.nproblems, 3);
    assert_int_equal(res.problems[0].line, 3);
    assert_int_equal(res.problems[0].column, 3);
    assert_non_null(strstr(res.problems[0].reason, "'Excellent' is not a judgement"));
    assert_int_equal(res.problems[1].line, 4);
    assert_int_equal(res.problems[1].column, 4);
    assert_int_equal(res.problems[2].column, 5);
    assert_string_equal(text(db, "SELECT count(*) FROM inspection_reports"), "0");
    /* a layout of its own: says which columns it looked for */
    assert_int_equal(run(db, IMPORT_OFSTED, file("own.csv", "URN,Inspection date,Leadership and governance\n"
                                                            "100000,2025-11-20,Needs attention\n")),
                     -1);
    assert_non_null(strstr(res.fatal, "has no column 'Inspection start date', 'Safeguarding standards'"));
}

/* One inspection, whatever the files: GIAS a day or two after the history
   file, and the management information, in any order. */
static void one_inspection_whatever_the_source(void **state)
{
    Db *db = *state;
    char gias[256], hist[256]; /* file() returns one buffer */
    snprintf(gias, sizeof gias, "%s", file("g.csv", "URN,EstablishmentName,OfstedRating (name),OfstedLastInsp\n"
                                                    "100000,The Aldgate School,Outstanding,13-06-2024\n"
                                                    "100722,A School,Good,01-02-2019\n"));
    snprintf(hist, sizeof hist, "%s", file("h.csv", "URN,Rating,Inspection Date\n100000,Outstanding,20130418\n"
                                                    "100722,Good,20110112\n"));
    assert_int_equal(run(db, IMPORT_GIAS, gias), 0);
    assert_int_equal(run(db, IMPORT_OFSTED, hist), 0);
    assert_int_equal(run(db, IMPORT_OFSTED, fixture("mi_2025_excerpt.csv")), 0);
    /* GIAS's 13 June is the MI's inspection of 12 June, stored once with all three sources' data */
    assert_string_equal(text(db, "SELECT count(*) || '|' || min(source) FROM inspections WHERE urn = 100000"
                                 " AND inspection_date BETWEEN '2024-06-01' AND '2024-06-30'"),
                        "1|ofsted-mi,gias");
    assert_string_equal(text(db, "SELECT count(*) || '|' || min(source) FROM inspections WHERE urn = 100000"
                                 " AND inspection_date = '2013-04-18'"),
                        "1|ofsted-mi,ofsted-history");
    /* GIAS's 1 February 2019 for 100722 falls between its previous (2011) and latest (2025) graded
       inspections, which the management information lists: an ungraded inspection */
    assert_string_equal(text(db, "SELECT kind || '|' || inferred || '|' || coalesce(overall, '-') FROM inspections"
                                 " WHERE urn = 100722 AND inspection_date = '2019-02-01'"),
                        "ungraded|1|-");
    char before[4096];
    snprintf(before, sizeof before, "%s",
             text(db, "SELECT group_concat(urn || inspection_date || kind || inferred || coalesce(overall, '') ||"
                      " source, ';') FROM (SELECT * FROM inspections ORDER BY urn, inspection_date, kind)"));
    /* the other order gives the same inspections */
    db_exec(db, "DELETE FROM inspection_reports; DELETE FROM inspection_coverage");
    assert_int_equal(run(db, IMPORT_OFSTED, fixture("mi_2025_excerpt.csv")), 0);
    assert_int_equal(run(db, IMPORT_OFSTED, hist), 0);
    assert_int_equal(run(db, IMPORT_GIAS, gias), 0);
    assert_string_equal(text(db, "SELECT group_concat(urn || inspection_date || kind || inferred || coalesce(overall,"
                                 " '') || source, ';') FROM (SELECT * FROM inspections ORDER BY urn, inspection_date,"
                                 " kind)"),
                        before);
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
        cmocka_unit_test_setup_teardown(mi_2025_as_published, setup, teardown),
        cmocka_unit_test_setup_teardown(mi_2026_report_cards, setup, teardown),
        cmocka_unit_test_setup_teardown(mi_bad_values, setup, teardown),
        cmocka_unit_test_setup_teardown(one_inspection_whatever_the_source, setup, teardown),
        cmocka_unit_test_setup_teardown(membership_joined_and_left, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
