/*
 * test_schools_store.c - store/schools.c on a real SQLite file with rows
 * put in by hand: reading the search text (URN, postcode, words quoted for
 * FTS5), search with every filter, sort and page, the latest grade, the
 * Ofsted history through predecessors (recursion, cycles, the depth cap),
 * the chain of links, trust membership and a group's members.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/db.h"
#include "store/schools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];

static void exec(Db *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "sql failed: %s\n%s\n", msg ? msg : "?", sql);
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

/* A school with the columns the search uses. */
static void school(Db *db, int64_t urn, const char *name, const char *la, const char *region, const char *phase,
                   const char *type, const char *status, const char *postcode)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
                                        "INSERT INTO schools (urn, name, la_name, region, phase, type_name, status,"
                                        " postcode, town) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Town')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, urn);
    const char *v[] = {name, la, region, phase, type, status, postcode};
    for (int i = 0; i < 7; i++)
        db_bind_text(st, i + 2, v[i]);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static void inspection(Db *db, int64_t urn, const char *date, int grade, const char *category)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
                                        "INSERT INTO inspections (urn, inspection_date, kind, overall, category,"
                                        " source)"
                                        " VALUES (?, ?, 'graded', ?, ?, 'test')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, urn);
    db_bind_text(st, 2, date);
    if (grade)
        sqlite3_bind_int(st, 3, grade);
    db_bind_text(st, 4, category);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static void add_link(Db *db, int64_t urn, int64_t other, const char *type, const char *date)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "INSERT INTO school_links (urn, link_urn, link_name, link_type, established) VALUES (%lld, %lld,"
             " 'Linked %lld', '%s', '%s')",
             (long long)urn, (long long)other, (long long)other, type, date);
    exec(db, sql);
}

/*
 * The fixture: a few named schools in two regions, an academy (200) that
 * replaced a maintained school (100) that itself replaced another (50), a
 * closed school, accented and hostile names, and a trust.
 */
static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-schools-unit-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    *state = db;
    school(db, 50, "Oldest Board School", "Camden", "London", "Primary", "Community school", "Closed", "NW1 1AA");
    school(db, 100, "Oak Tree Primary School", "Camden", "London", "Primary", "Community school", "Closed",
           "NW1 2BB");
    school(db, 200, "Oak Tree Academy", "Camden", "London", "Primary", "Academy converter", "Open", "NW1 2BB");
    school(db, 300, "St Th\xC3\xA9r\xC3\xA8se Catholic Primary School", "Leeds", "Yorkshire and the Humber",
           "Primary", "Voluntary aided school", "Open", "LS6 2AB");
    school(db, 400, "Ysgol Gymraeg Llundain", "Ealing", "London", "Primary", "Other independent school",
           "Open, but proposed to close", "W13 8AB");
    school(db, 500, "O'Brien \"Quoted\" School", "Leeds", "Yorkshire and the Humber", "Secondary",
           "Academy sponsor led", "Open", "LS1 1AA");
    school(db, 600, "Closed Oak Secondary", "Leeds", "Yorkshire and the Humber", "Secondary", "Community school",
           "Closed", "LS2 9ZZ");
    exec(db, "UPDATE schools SET trust_uid = 9000, trust_name = 'Acorn 100% Trust' WHERE urn IN (200, 500);"
             "UPDATE schools SET la_code = '202', pupils = 210, capacity = 240, percent_fsm = 12.5,"
             " low_age = 4, high_age = 11, open_date = '2015-09-01', reason_opened = 'Academy Converter'"
             " WHERE urn = 200;"
             "INSERT INTO groups (uid, name, type, status, companies_house) VALUES"
             " (9000, 'Acorn 100% Trust', 'Multi-academy trust', 'Open', '7318714.0'),"
             " (9100, 'Beech Federation', 'Federation', 'Open', NULL);"
             "INSERT INTO group_members (group_uid, urn, joined_date, left_date) VALUES"
             " (9000, 200, '2015-09-01', NULL), (9100, 300, '2012-01-01', NULL),"
             " (9000, 300, '2010-01-01', '2012-01-01');");
    inspection(db, 50, "2006-01-10", 4, NULL);
    inspection(db, 100, "2009-05-01", 3, NULL);
    inspection(db, 100, "2013-03-01", 4, "special measures");
    inspection(db, 200, "2017-06-01", 2, NULL);
    inspection(db, 200, "2023-01-15", 1, NULL);
    inspection(db, 300, "2019-11-11", 3, NULL);
    inspection(db, 500, "2018-02-02", 4, "serious weaknesses");
    /* a later ungraded visit, and a graded inspection with no headline grade (2024/25) */
    exec(db, "INSERT INTO inspections (urn, inspection_date, kind, source) VALUES (500, '2024-05-05', 'ungraded',"
             " 'test')");
    inspection(db, 600, "2025-03-03", 0, NULL);
    exec(db, "INSERT INTO inspections (urn, inspection_date, kind, judgements, source) VALUES"
             " (300, '2025-12-01', 'report-card', '{\"leadership and governance\":\"needs attention\"}', 'test')");
    add_link(db, 200, 100, "Predecessor", "2015-09-01");
    add_link(db, 100, 200, "Successor", "2015-09-01");
    add_link(db, 100, 50, "Predecessor", "2008-09-01"); /* recorded one way only */
    add_link(db, 200, 400, "Sixth Form Centre Link", "2016-01-01");
    add_link(db, 300, 600, "Predecessor - merged", "2010-01-01"); /* not exactly "Predecessor" */
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return 0;
}

/* URNs of a search, in order, as "200,300". */
static void search_urns(Db *db, const SchoolQuery *q, char *out, size_t n, int64_t *total)
{
    SchoolList l;
    assert_int_equal(school_search(db, q, &l), 0);
    out[0] = '\0';
    for (size_t i = 0; i < l.n; i++) {
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s%lld", i ? "," : "", (long long)l.items[i].urn);
    }
    if (total)
        *total = l.total;
    school_list_free(&l);
}

#define EXPECT_SEARCH(db, want, ...)                                                                               \
    do {                                                                                                           \
        char got_[512];                                                                                            \
        search_urns((db), &(SchoolQuery){__VA_ARGS__}, got_, sizeof got_, NULL);                                  \
        assert_string_equal(got_, (want));                                                                         \
    } while (0)

/* --- reading the search text ---------------------------------------------- */

static void query_is_read_as_urn_postcode_or_words(void **state)
{
    (void)state;
    char t[512];
    assert_int_equal(school_query_parse(NULL, t, sizeof t), SCHOOL_MATCH_ALL);
    assert_int_equal(school_query_parse("   ", t, sizeof t), SCHOOL_MATCH_ALL);
    assert_int_equal(school_query_parse(" 100000 ", t, sizeof t), SCHOOL_MATCH_URN);
    assert_string_equal(t, "100000");
    assert_int_equal(school_query_parse("sw1a 1aa", t, sizeof t), SCHOOL_MATCH_POSTCODE);
    assert_string_equal(t, "SW1A1AA");
    assert_int_equal(school_query_parse("M1 1AE", t, sizeof t), SCHOOL_MATCH_POSTCODE);
    assert_string_equal(t, "M11AE");
    assert_int_equal(school_query_parse("B33 8", t, sizeof t), SCHOOL_MATCH_POSTCODE);
    assert_int_equal(school_query_parse("ls6", t, sizeof t), SCHOOL_MATCH_POSTCODE);
    /* words that are not postcodes */
    assert_int_equal(school_query_parse("Year 7", t, sizeof t), SCHOOL_MATCH_WORDS);
    assert_int_equal(school_query_parse("Oak", t, sizeof t), SCHOOL_MATCH_WORDS);
    assert_string_equal(t, "\"Oak\"*");
    assert_int_equal(school_query_parse("1234567890123", t, sizeof t), SCHOOL_MATCH_WORDS);
}

/* Each word a quoted prefix term; quotes doubled; FTS5 syntax inert. */
static void words_are_quoted_for_fts(void **state)
{
    (void)state;
    char t[512];
    school_query_parse("St Mary's", t, sizeof t);
    assert_string_equal(t, "\"St\"* \"Mary's\"*");
    school_query_parse("o\"brien", t, sizeof t);
    assert_string_equal(t, "\"o\"\"brien\"*");
    school_query_parse("NEAR(a b) OR name:x*", t, sizeof t);
    assert_string_equal(t, "\"NEAR(a\"* \"b)\"* \"OR\"* \"name:x*\"*");
    /* a single letter is a whole word ("C of E"), punctuation alone is dropped */
    school_query_parse("C of E & -", t, sizeof t);
    assert_string_equal(t, "\"C\" \"of\"* \"E\"");
    assert_int_equal(school_query_parse("& - !", t, sizeof t), SCHOOL_MATCH_WORDS);
    assert_string_equal(t, "");
}

/* --- search --------------------------------------------------------------- */

static void search_by_name_words_open_only_by_default(void **state)
{
    Db *db = *state;
    /* "oak" starts a word of three schools; the two closed ones are hidden */
    EXPECT_SEARCH(db, "200", .q = "oak");
    EXPECT_SEARCH(db, "600,200,100", .q = "oak", .include_closed = 1);
    EXPECT_SEARCH(db, "200", .q = "oak tr");
    EXPECT_SEARCH(db, "", .q = "oak zebra");
    /* the local authority and town are words too */
    EXPECT_SEARCH(db, "400", .q = "ealing");
    EXPECT_SEARCH(db, "200", .q = "camden");
}

static void accents_are_folded(void **state)
{
    Db *db = *state;
    EXPECT_SEARCH(db, "300", .q = "therese");
    EXPECT_SEARCH(db, "300", .q = "TH\xC3\x89R\xC3\x88SE");
    EXPECT_SEARCH(db, "400", .q = "ysgol gym");
}

static void hostile_text_is_only_text(void **state)
{
    Db *db = *state;
    EXPECT_SEARCH(db, "500", .q = "o'brien");
    EXPECT_SEARCH(db, "500", .q = "\"quoted\"");
    EXPECT_SEARCH(db, "", .q = "NEAR(oak tree)");
    EXPECT_SEARCH(db, "", .q = "' OR 1=1 --");
    EXPECT_SEARCH(db, "", .q = "&&&");
    EXPECT_SEARCH(db, "200", .q = "oak\"*"); /* punctuation, not syntax */
}

static void search_by_urn_finds_closed_schools(void **state)
{
    Db *db = *state;
    EXPECT_SEARCH(db, "100", .q = "100");
    EXPECT_SEARCH(db, "", .q = "999");
    SchoolList l;
    assert_int_equal(school_search(db, &(SchoolQuery){.q = "600"}, &l), 0);
    assert_int_equal(l.match, SCHOOL_MATCH_URN);
    assert_string_equal(l.items[0].status, "Closed");
    school_list_free(&l);
}

static void search_by_postcode_prefix(void **state)
{
    Db *db = *state;
    EXPECT_SEARCH(db, "200", .q = "nw1 2bb");
    EXPECT_SEARCH(db, "200", .q = "NW12");
    EXPECT_SEARCH(db, "200,100,50", .q = "nw1", .include_closed = 1, .sort = SCHOOL_SORT_URN, .descending = 1);
    EXPECT_SEARCH(db, "", .q = "LS"); /* a word (not a postcode), and postcodes are not words */
}

static void filters(void **state)
{
    Db *db = *state;
    EXPECT_SEARCH(db, "200,400", .region = "London");
    EXPECT_SEARCH(db, "500,300", .la = "Leeds");
    EXPECT_SEARCH(db, "500", .phase = "Secondary");
    EXPECT_SEARCH(db, "200", .type = "Academy converter");
    EXPECT_SEARCH(db, "", .region = "Nowhere");
    /* the latest grade of the school itself: 200's is 1 (2023), not 2 */
    EXPECT_SEARCH(db, "200", .grade = "1");
    EXPECT_SEARCH(db, "", .grade = "2");
    EXPECT_SEARCH(db, "300", .grade = "3");
    EXPECT_SEARCH(db, "500", .grade = "4");
    EXPECT_SEARCH(db, "400", .grade = "none");
    EXPECT_SEARCH(db, "", .grade = "no-headline");
    EXPECT_SEARCH(db, "600", .grade = "no-headline", .include_closed = 1);
    EXPECT_SEARCH(db, "200,300,400,500", .grade = "bogus", .sort = SCHOOL_SORT_URN);
    /* trust: its UID (the school's record or a current dated membership) or part of its name */
    EXPECT_SEARCH(db, "200,500", .trust = "9000", .sort = SCHOOL_SORT_URN);
    EXPECT_SEARCH(db, "300", .trust = "9100");
    EXPECT_SEARCH(db, "200,500", .trust = "acorn", .sort = SCHOOL_SORT_URN);
    EXPECT_SEARCH(db, "300", .trust = "beech");
    EXPECT_SEARCH(db, "200,500", .trust = "100%", .sort = SCHOOL_SORT_URN);
    EXPECT_SEARCH(db, "", .trust = "1_0%"); /* % and _ are literal */
    /* combined */
    EXPECT_SEARCH(db, "200", .q = "oak", .region = "London", .grade = "1", .trust = "9000");
}

static void sorts_and_latest_grade(void **state)
{
    Db *db = *state;
    EXPECT_SEARCH(db, "200,300,400,500", .sort = SCHOOL_SORT_URN);
    EXPECT_SEARCH(db, "500,400,300,200", .sort = SCHOOL_SORT_URN, .descending = 1);
    /* by name, case-insensitively */
    EXPECT_SEARCH(db, "500,200,300,400");
    EXPECT_SEARCH(db, "400,300,200,500", .descending = 1);
    /* by local authority, then name */
    EXPECT_SEARCH(db, "200,400,500,300", .sort = SCHOOL_SORT_LA);
    EXPECT_SEARCH(db, "500,300,400,200", .sort = SCHOOL_SORT_LA, .descending = 1);
    /* by grade: best first or worst first, never graded last either way */
    EXPECT_SEARCH(db, "200,300,500,400", .sort = SCHOOL_SORT_GRADE);
    EXPECT_SEARCH(db, "500,300,200,400", .sort = SCHOOL_SORT_GRADE, .descending = 1);
    SchoolList l;
    assert_int_equal(school_search(db, &(SchoolQuery){.q = "200"}, &l), 0);
    assert_int_equal(l.items[0].grade, 1);
    assert_string_equal(l.items[0].grade_date, "2023-01-15");
    school_list_free(&l);
    assert_int_equal(school_search(db, &(SchoolQuery){.q = "500"}, &l), 0);
    assert_int_equal(l.items[0].grade, 4); /* the later ungraded visit does not count */
    assert_string_equal(l.items[0].grade_category, "serious weaknesses");
    school_list_free(&l);
    assert_int_equal(school_search(db, &(SchoolQuery){.q = "300"}, &l), 0);
    assert_int_equal(l.items[0].grade, 3); /* a report card is not a grade */
    school_list_free(&l);
}

static void pages_of_25_with_a_total(void **state)
{
    Db *db = *state;
    char sql[256];
    exec(db, "BEGIN");
    for (int i = 0; i < 60; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO schools (urn, name, la_name, region, status) VALUES (%d, 'Paged School %02d',"
                 " 'Kent', 'South East', 'Open')", 700000 + i, i);
        exec(db, sql);
    }
    exec(db, "COMMIT");
    school_search_invalidate(db);
    int64_t total;
    char got[1024];
    search_urns(db, &(SchoolQuery){.q = "paged", .page = 1}, got, sizeof got, &total);
    assert_int_equal(total, 60);
    assert_true(strncmp(got, "700000,700001,", 14) == 0);
    search_urns(db, &(SchoolQuery){.la = "Kent", .page = 3}, got, sizeof got, &total);
    assert_int_equal(total, 60);
    assert_string_equal(got, "700050,700051,700052,700053,700054,700055,700056,700057,700058,700059");
    /* past the end: no rows, the total still known */
    search_urns(db, &(SchoolQuery){.q = "paged", .page = 4}, got, sizeof got, &total);
    assert_string_equal(got, "");
    assert_int_equal(total, 60);
    search_urns(db, &(SchoolQuery){.la = "Kent", .page = 99}, got, sizeof got, &total);
    assert_int_equal(total, 60);
    SchoolList l;
    assert_int_equal(school_search(db, &(SchoolQuery){.q = "paged", .page = 2}, &l), 0);
    assert_int_equal(l.n, SCHOOLS_PER_PAGE);
    assert_int_equal(l.items[0].urn, 700025);
    school_list_free(&l);
}

/* The copy is rebuilt when an import is recorded, or when told. */
static void the_search_copy_follows_the_data(void **state)
{
    Db *db = *state;
    EXPECT_SEARCH(db, "", .q = "newcomer");
    exec(db, "INSERT INTO schools (urn, name, status) VALUES (50000, 'Newcomer School', 'Open')");
    EXPECT_SEARCH(db, "50000", .q = "newcomer"); /* a higher URN changes the stamp */
    exec(db, "UPDATE schools SET status = 'Closed' WHERE urn = 50000");
    EXPECT_SEARCH(db, "50000", .q = "newcomer"); /* not seen yet ... */
    exec(db, "INSERT INTO imports (kind, file_name, started_at, status, actor) VALUES"
             " ('gias', 'x.csv', '2025-01-01', 'done', 'test')");
    EXPECT_SEARCH(db, "", .q = "newcomer"); /* ... until an import is recorded */
    exec(db, "UPDATE schools SET status = 'Open' WHERE urn = 50000");
    school_search_invalidate(db);
    EXPECT_SEARCH(db, "50000", .q = "newcomer");
}

static void filter_values_are_distinct_and_sorted(void **state)
{
    Db *db = *state;
    SchoolFilterValues v;
    assert_int_equal(school_filter_values(db, &v), 0);
    assert_int_equal(v.regions.n, 2);
    assert_string_equal(v.regions.items[0], "London");
    assert_string_equal(v.regions.items[1], "Yorkshire and the Humber");
    assert_int_equal(v.las.n, 3);
    assert_string_equal(v.las.items[0], "Camden");
    assert_int_equal(v.phases.n, 2);
    assert_int_equal(v.types.n, 5);
    school_filter_values_free(&v);
}

/* --- one school ----------------------------------------------------------- */

static void school_get_reads_every_column(void **state)
{
    Db *db = *state;
    School s;
    assert_int_equal(school_get(db, 200, &s), 1);
    assert_string_equal(s.name, "Oak Tree Academy");
    assert_string_equal(s.la_code, "202");
    assert_int_equal(s.low_age, 4);
    assert_int_equal(s.high_age, 11);
    assert_int_equal(s.pupils, 210);
    assert_int_equal(s.capacity, 240);
    assert_true(s.percent_fsm > 12.4 && s.percent_fsm < 12.6);
    assert_int_equal(s.trust_uid, 9000);
    assert_string_equal(s.reason_opened, "Academy Converter");
    assert_null(s.close_date);
    assert_int_equal(s.easting, SCHOOL_NUM_NONE);
    school_free(&s);
    assert_int_equal(school_get(db, 300, &s), 1);
    assert_true(s.percent_fsm < 0);
    assert_int_equal(s.trust_uid, 0);
    school_free(&s);
    assert_int_equal(school_get(db, 424242, &s), 0);
}

/* History: own inspections plus, recursively, exact "Predecessor" links'. */
static void history_includes_predecessors(void **state)
{
    Db *db = *state;
    InspectionList h;
    assert_int_equal(school_history(db, 200, &h), 0);
    assert_int_equal(h.n, 5);
    const struct {
        int64_t urn;
        int depth;
        const char *date;
        int grade;
    } want[] = {{200, 0, "2023-01-15", 1}, {200, 0, "2017-06-01", 2}, {100, 1, "2013-03-01", 4},
                {100, 1, "2009-05-01", 3}, {50, 2, "2006-01-10", 4}};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(h.items[i].urn, want[i].urn);
        assert_int_equal(h.items[i].depth, want[i].depth);
        assert_string_equal(h.items[i].date, want[i].date);
        assert_int_equal(h.items[i].grade, want[i].grade);
    }
    assert_string_equal(h.items[2].category, "special measures");
    assert_string_equal(h.items[2].school_name, "Oak Tree Primary School");
    inspection_list_free(&h);
    /* "Predecessor - merged" is not followed; a report card is in the history */
    assert_int_equal(school_history(db, 300, &h), 0);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.items[0].kind, "report-card");
    assert_non_null(strstr(h.items[0].judgements, "needs attention"));
    assert_int_equal(h.items[1].urn, 300);
    inspection_list_free(&h);
    /* a school with no inspections */
    assert_int_equal(school_history(db, 400, &h), 0);
    assert_int_equal(h.n, 0);
    inspection_list_free(&h);
}

static void history_survives_cycles_and_stops_at_depth_10(void **state)
{
    Db *db = *state;
    /* 800 <-> 801 name each other as predecessors */
    school(db, 800, "Cycle A", "X", "London", NULL, NULL, "Open", NULL);
    school(db, 801, "Cycle B", "X", "London", NULL, NULL, "Closed", NULL);
    add_link(db, 800, 801, "Predecessor", "2001-01-01");
    add_link(db, 801, 800, "Predecessor", "2001-01-01");
    inspection(db, 800, "2020-01-01", 2, NULL);
    inspection(db, 801, "2000-01-01", 3, NULL);
    InspectionList h;
    assert_int_equal(school_history(db, 800, &h), 0);
    assert_int_equal(h.n, 2);
    inspection_list_free(&h);
    /* a chain 900 <- 901 <- ... <- 912, one inspection each */
    char sql[200];
    for (int i = 0; i <= 12; i++) {
        snprintf(sql, sizeof sql, "Chain %d", i);
        school(db, 900 + i, sql, "X", "London", NULL, NULL, "Closed", NULL);
        snprintf(sql, sizeof sql, "20%02d-01-01", 10 + i);
        inspection(db, 900 + i, sql, 2, NULL);
        if (i > 0)
            add_link(db, 900 + i - 1, 900 + i, "Predecessor", "2000-01-01");
    }
    assert_int_equal(school_history(db, 900, &h), 0);
    assert_int_equal(h.n, HISTORY_MAX_DEPTH + 1); /* the school and 10 generations */
    assert_int_equal(h.items[0].depth, 10); /* newest first: 910's, 2020 */
    assert_int_equal(h.items[0].urn, 910);
    assert_int_equal(h.items[h.n - 1].urn, 900);
    inspection_list_free(&h);
    /* the chain of links stops there too, and the cycle once */
    SchoolLinkList l;
    assert_int_equal(school_links_get(db, 800, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].urn, 801);
    school_link_list_free(&l);
    assert_int_equal(school_links_get(db, 900, &l), 0);
    assert_int_equal(l.n, HISTORY_MAX_DEPTH);
    school_link_list_free(&l);
}

static void links_in_both_directions(void **state)
{
    Db *db = *state;
    SchoolLinkList l;
    assert_int_equal(school_links_get(db, 200, &l), 0);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.items[0].urn, 100);
    assert_int_equal(l.items[0].generation, -1);
    assert_string_equal(l.items[0].name, "Oak Tree Primary School");
    assert_string_equal(l.items[0].status, "Closed");
    assert_string_equal(l.items[0].established, "2015-09-01");
    assert_int_equal(l.items[1].urn, 50);
    assert_int_equal(l.items[1].generation, -2);
    assert_int_equal(l.items[1].via, 100);
    assert_int_equal(l.items[2].urn, 400); /* another kind of link */
    assert_int_equal(l.items[2].generation, 0);
    assert_string_equal(l.items[2].link_type, "Sixth Form Centre Link");
    school_link_list_free(&l);
    /* 50 has no rows of its own: its successors come from the other end */
    assert_int_equal(school_links_get(db, 50, &l), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].urn, 100);
    assert_int_equal(l.items[0].generation, 1);
    assert_int_equal(l.items[1].urn, 200);
    assert_int_equal(l.items[1].generation, 2);
    school_link_list_free(&l);
    assert_int_equal(school_links_get(db, 500, &l), 0);
    assert_int_equal(l.n, 0);
    school_link_list_free(&l);
}

/* --- trusts and groups ---------------------------------------------------- */

static void memberships_with_dates_and_the_record_fallback(void **state)
{
    Db *db = *state;
    MembershipList m;
    assert_int_equal(school_memberships(db, 200, &m), 0);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.items[0].group_uid, 9000);
    assert_string_equal(m.items[0].joined, "2015-09-01");
    assert_string_equal(m.items[0].group_type, "Multi-academy trust");
    assert_false(m.items[0].from_establishment);
    membership_list_free(&m);
    /* 500's record names the trust but no dated membership does */
    assert_int_equal(school_memberships(db, 500, &m), 0);
    assert_int_equal(m.n, 1);
    assert_true(m.items[0].from_establishment);
    assert_null(m.items[0].joined);
    assert_string_equal(m.items[0].group_name, "Acorn 100% Trust");
    membership_list_free(&m);
    /* current first, then ended */
    assert_int_equal(school_memberships(db, 300, &m), 0);
    assert_int_equal(m.n, 2);
    assert_int_equal(m.items[0].group_uid, 9100);
    assert_int_equal(m.items[1].group_uid, 9000);
    assert_string_equal(m.items[1].left, "2012-01-01");
    membership_list_free(&m);
    assert_int_equal(school_memberships(db, 400, &m), 0);
    assert_int_equal(m.n, 0);
    membership_list_free(&m);
    assert_true(group_type_is_trust("Multi-academy trust"));
    assert_true(group_type_is_trust("Single-academy trust"));
    assert_false(group_type_is_trust("Federation"));
    assert_false(group_type_is_trust(NULL));
}

static void group_and_its_members(void **state)
{
    Db *db = *state;
    Group g;
    assert_int_equal(group_get(db, 9000, &g), 1);
    assert_string_equal(g.name, "Acorn 100% Trust");
    assert_string_equal(g.companies_house, "7318714.0");
    group_free(&g);
    assert_int_equal(group_get(db, 1, &g), 0);

    GroupMemberList l;
    assert_int_equal(group_members_get(db, 9000, 1, &l), 0);
    assert_int_equal(l.n, 3); /* 200 (dated), 500 (the record), 300 (left) */
    assert_int_equal(l.items[0].urn, 500);
    assert_true(l.items[0].from_establishment);
    assert_int_equal(l.items[0].grade, 4);
    assert_int_equal(l.items[1].urn, 200);
    assert_string_equal(l.items[1].joined, "2015-09-01");
    assert_int_equal(l.items[1].grade, 1);
    assert_string_equal(l.items[1].grade_date, "2023-01-15");
    assert_int_equal(l.items[1].history.n, 5); /* with its predecessors' */
    assert_int_equal(l.items[1].current_trust_uid, 9000);
    assert_int_equal(l.items[2].urn, 300);
    assert_string_equal(l.items[2].left, "2012-01-01");
    group_member_list_free(&l);
    assert_int_equal(group_members_get(db, 9100, 0, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].history.n, 0);
    group_member_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(query_is_read_as_urn_postcode_or_words),
        cmocka_unit_test(words_are_quoted_for_fts),
        cmocka_unit_test_setup_teardown(search_by_name_words_open_only_by_default, setup, teardown),
        cmocka_unit_test_setup_teardown(accents_are_folded, setup, teardown),
        cmocka_unit_test_setup_teardown(hostile_text_is_only_text, setup, teardown),
        cmocka_unit_test_setup_teardown(search_by_urn_finds_closed_schools, setup, teardown),
        cmocka_unit_test_setup_teardown(search_by_postcode_prefix, setup, teardown),
        cmocka_unit_test_setup_teardown(filters, setup, teardown),
        cmocka_unit_test_setup_teardown(sorts_and_latest_grade, setup, teardown),
        cmocka_unit_test_setup_teardown(pages_of_25_with_a_total, setup, teardown),
        cmocka_unit_test_setup_teardown(the_search_copy_follows_the_data, setup, teardown),
        cmocka_unit_test_setup_teardown(filter_values_are_distinct_and_sorted, setup, teardown),
        cmocka_unit_test_setup_teardown(school_get_reads_every_column, setup, teardown),
        cmocka_unit_test_setup_teardown(history_includes_predecessors, setup, teardown),
        cmocka_unit_test_setup_teardown(history_survives_cycles_and_stops_at_depth_10, setup, teardown),
        cmocka_unit_test_setup_teardown(links_in_both_directions, setup, teardown),
        cmocka_unit_test_setup_teardown(memberships_with_dates_and_the_record_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(group_and_its_members, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
