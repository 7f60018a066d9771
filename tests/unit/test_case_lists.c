/*
 * test_case_lists.c - the lists of cases on a real migrated SQLite file:
 * scope by role (region, allocated adviser, everything, nothing), every
 * filter, overdue, the sort orders, paging totals, the home page's tasks
 * due and decisions awaiting, the user's cases and watchlist, and the
 * filter values (which refuse an unknown column).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/log.h"
#include "store/casework.h"
#include "store/db.h"

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
        fprintf(stderr, "%s\n", msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

/*
 * Users: 1 delivery officer (North East), 2 delivery officer (London),
 * 3 adviser, 4 analyst, 5 school, 6 another adviser, 7 regional director
 * (North East), 8 grant team, 9 admin.
 * Cases (today is 2025-02-01):
 *   1 Alpha Primary   rise     North East Newcastle  targeted     in progress DO 1 adviser 3 Contact  due 01-10 (overdue)
 *   2 Beta Academy    si       North East Durham     -            paused      DO 1 -         Agreement due 01-05 (paused)
 *   3 Gamma Trust     rise     North East Sunderland intervention in progress -    adviser 6 Identification no due
 *   4 Delta School    rise     London     Camden     universal    in progress DO 2 adviser 3 Contact  due 03-01
 *   5 epsilon infant  tsio     North East Newcastle  -            closed      DO 1 -         Closure  no due
 */
static int setup(void **state)
{
    log_set_quiet(1);
    snprintf(path, sizeof path, "/tmp/rise-unit-lists-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    *state = db;
    exec(db,
         "INSERT INTO users (id, email, name, role, region, organisation, password_hash, created_at, updated_at)"
         " VALUES"
         " (1, 'do.ne@example.gov.uk', 'Dana North', 'delivery-officer', 'North East', NULL, 'x', 't', 't'),"
         " (2, 'do.lo@example.gov.uk', 'Lee London', 'delivery-officer', 'London', NULL, 'x', 't', 't'),"
         " (3, 'adviser@example.gov.uk', 'Ada Adviser', 'adviser', NULL, NULL, 'x', 't', 't'),"
         " (4, 'analyst@example.gov.uk', 'Ann Analyst', 'analyst', NULL, NULL, 'x', 't', 't'),"
         " (5, 'school@example.gov.uk', 'Sam School', 'school', NULL, 'Some School', 'x', 't', 't'),"
         " (6, 'adviser2@example.gov.uk', 'Bob Adviser', 'adviser', NULL, NULL, 'x', 't', 't'),"
         " (7, 'rd@example.gov.uk', 'Rae Director', 'regional-director', 'North East', NULL, 'x', 't', 't'),"
         " (8, 'grants@example.gov.uk', 'Gus Grants', 'grant-team', NULL, NULL, 'x', 't', 't'),"
         " (9, 'admin@example.gov.uk', 'Ali Admin', 'admin', NULL, NULL, 'x', 't', 't');");
    exec(db,
         "INSERT INTO cases (id, programme, subject_kind, subject_id, subject_name, region, local_authority, category,"
         " status, route, rationale, opened_at, opened_by, delivery_officer_id, adviser_id, stage, next_due) VALUES"
         " (1, 'rise', 'school', 100001, 'Alpha Primary', 'North East', 'Newcastle', 'targeted', 'in progress',"
         "  'screening', 'r', '2025-01-01T09:00:00Z', 't', 1, 3, 'Contact', '2025-01-10'),"
         " (2, 'si-2019-20', 'school', 100002, 'Beta Academy', 'North East', 'Durham', NULL, 'paused',"
         "  'screening', 'r', '2025-01-02T09:00:00Z', 't', 1, NULL, 'Agreement', '2025-01-05'),"
         " (3, 'rise', 'trust', 5001, 'Gamma Trust', 'North East', 'Sunderland', 'intervention', 'in progress',"
         "  'exception', 'r', '2025-01-03T09:00:00Z', 't', NULL, 6, 'Identification', NULL),"
         " (4, 'rise', 'school', 200001, 'Delta School', 'London', 'Camden', 'universal', 'in progress',"
         "  'screening', 'r', '2025-01-04T09:00:00Z', 't', 2, 3, 'Contact', '2025-03-01'),"
         " (5, 'tsio-2022-23', 'school', 100005, 'epsilon infant', 'North East', 'Newcastle', NULL, 'closed',"
         "  'screening', 'r', '2024-12-01T09:00:00Z', 't', 1, NULL, 'Closure', NULL);");
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

static const CaseViewer DO_NE = {1, "delivery-officer", "North East"};
static const CaseViewer DO_LONDON = {2, "delivery-officer", "London"};
static const CaseViewer ADVISER = {3, "adviser", NULL};
static const CaseViewer ANALYST = {4, "analyst", NULL};
static const CaseViewer SCHOOL = {5, "school", NULL};

#define TODAY "2025-02-01"

/* The ids of the list as "1,2,3" (total checked separately). */
static const char *ids(const CaseListPage *p)
{
    static char out[256];
    out[0] = '\0';
    for (size_t i = 0; i < p->n; i++) {
        char one[32];
        snprintf(one, sizeof one, "%s%lld", i ? "," : "", (long long)p->items[i].id);
        strncat(out, one, sizeof out - strlen(out) - 1);
    }
    return out;
}

/* The list for viewer v and filter f (sorted by id unless f sorts), as ids. */
static const char *list(Db *db, const CaseViewer *v, CaseFilter f, int64_t *total)
{
    static char out[256];
    if (!f.today)
        f.today = TODAY;
    if (!f.sort) {
        /* by name gives a stable order independent of opened dates */
        f.sort = "name";
    }
    CaseListPage p;
    assert_int_equal(cases_list(db, v, &f, &p), 0);
    snprintf(out, sizeof out, "%s", ids(&p));
    if (total)
        *total = p.total;
    case_list_page_free(&p);
    return out;
}

static void scope_by_role(void **state)
{
    Db *db = *state;
    int64_t total;
    /* name order: Alpha 1, Beta 2, Delta 4, epsilon 5, Gamma 3 */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){0}, &total), "1,2,5,3");
    assert_int_equal(total, 4);
    /* a North East delivery officer never sees a London case, even asking for London */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.region = "London"}, &total), "");
    assert_int_equal(total, 0);
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.q = "delta"}, NULL), "");
    assert_string_equal(list(db, &DO_LONDON, (CaseFilter){0}, NULL), "4");
    /* an adviser sees only the cases allocated to them */
    assert_string_equal(list(db, &ADVISER, (CaseFilter){0}, &total), "1,4");
    assert_int_equal(total, 2);
    assert_string_equal(list(db, &(CaseViewer){6, "adviser", NULL}, (CaseFilter){0}, NULL), "3");
    /* analysts, the grant team and administrators see every case */
    assert_string_equal(list(db, &ANALYST, (CaseFilter){0}, &total), "1,2,4,5,3");
    assert_int_equal(total, 5);
    assert_string_equal(list(db, &(CaseViewer){8, "grant-team", NULL}, (CaseFilter){0}, NULL), "1,2,4,5,3");
    assert_string_equal(list(db, &(CaseViewer){9, "admin", NULL}, (CaseFilter){0}, NULL), "1,2,4,5,3");
    /* a regional director and a delivery partner: their region */
    assert_string_equal(list(db, &(CaseViewer){7, "regional-director", "North East"}, (CaseFilter){0}, NULL),
                        "1,2,5,3");
    assert_string_equal(list(db, &(CaseViewer){10, "delivery-partner", "London"}, (CaseFilter){0}, NULL), "4");
    /* external roles see nothing; nor does a regional role with no region, or an unknown role */
    assert_string_equal(list(db, &SCHOOL, (CaseFilter){0}, &total), "");
    assert_int_equal(total, 0);
    assert_string_equal(list(db, &(CaseViewer){11, "supporting-organisation", NULL}, (CaseFilter){0}, NULL), "");
    assert_string_equal(list(db, &(CaseViewer){1, "delivery-officer", NULL}, (CaseFilter){0}, NULL), "");
    assert_string_equal(list(db, &(CaseViewer){1, "delivery-officer", ""}, (CaseFilter){0}, NULL), "");
    assert_string_equal(list(db, &(CaseViewer){1, "boss", NULL}, (CaseFilter){0}, NULL), "");
    assert_string_equal(list(db, &(CaseViewer){0, "adviser", NULL}, (CaseFilter){0}, NULL), "");
}

static void each_filter(void **state)
{
    Db *db = *state;
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.programme = "rise"}, NULL), "1,3");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.programme = "tsio-2022-23"}, NULL), "5");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.category = "targeted"}, NULL), "1");
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.region = "London"}, NULL), "4");
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.region = "North East"}, NULL), "1,2,5,3");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.local_authority = "Newcastle"}, NULL), "1,5");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.stage = "Contact"}, NULL), "1");
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.stage = "Contact"}, NULL), "1,4");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.status = "paused"}, NULL), "2");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.status = "in progress"}, NULL), "1,3");
    /* empty strings mean "any" */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.programme = "", .status = "", .q = ""}, NULL), "1,2,5,3");
    /* search: the name, in any case, or the URN / UID */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.q = "beta"}, NULL), "2");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.q = "  ALPHA "}, NULL), "1");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.q = "INFANT"}, NULL), "5");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.q = "100005"}, NULL), "5");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.q = "5001"}, NULL), "3");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.q = "%"}, NULL), "");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.q = "a_p"}, NULL), "");
    /* delivery officer: a person, or none assigned */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.owner_id = 1}, NULL), "1,2,5");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.owner_id = -1}, NULL), "3");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.owner_id = 2}, NULL), "");
    /* adviser: a person, or none allocated */
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.adviser_id = 3}, NULL), "1,4");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.adviser_id = -1}, NULL), "2,5");
    /* filters combine */
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.programme = "rise", .adviser_id = 3, .stage = "Contact",
                                                        .region = "London"},
                             NULL),
                        "4");
}

static void overdue(void **state)
{
    Db *db = *state;
    /* only an in-progress case whose next due date has passed: the paused
       case's date has passed too, but its clock is stopped */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.overdue = 1}, NULL), "1");
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.overdue = 1}, NULL), "1");
    /* due today is not overdue */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.overdue = 1, .today = "2025-01-10"}, NULL), "");
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.overdue = 1, .today = "2025-03-02"}, NULL), "1,4");
    CaseListPage p;
    assert_int_equal(cases_list(db, &DO_NE, &(CaseFilter){.sort = "name", .today = TODAY}, &p), 0);
    assert_int_equal(p.n, 4);
    for (size_t i = 0; i < p.n; i++)
        assert_int_equal(p.items[i].overdue, p.items[i].id == 1);
    case_list_page_free(&p);
}

static void sorting(void **state)
{
    Db *db = *state;
    /* newest first by default (an unknown sort is the default) */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.sort = "opened"}, NULL), "3,2,1,5");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.sort = "nonsense"}, NULL), "3,2,1,5");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.sort = "opened", .descending = 1}, NULL), "5,1,2,3");
    /* name ignores case */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.sort = "name"}, NULL), "1,2,5,3");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.sort = "name", .descending = 1}, NULL), "3,5,2,1");
    /* next due date, cases with none last either way */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.sort = "due"}, NULL), "2,1,5,3");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.sort = "due", .descending = 1}, NULL), "1,2,5,3");
    /* stage in the programme's order: Identification, Contact, Agreement, ..., Closure */
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.sort = "stage"}, NULL), "3,1,2,5");
    assert_string_equal(list(db, &DO_NE, (CaseFilter){.sort = "stage", .descending = 1}, NULL), "5,2,1,3");

    /* the names of the delivery officer and adviser come along */
    CaseListPage p;
    assert_int_equal(cases_list(db, &ANALYST, &(CaseFilter){.q = "delta", .today = TODAY}, &p), 0);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.items[0].delivery_officer, "Lee London");
    assert_string_equal(p.items[0].adviser, "Ada Adviser");
    assert_string_equal(p.items[0].programme, "rise");
    assert_string_equal(p.items[0].subject_kind, "school");
    assert_int_equal(p.items[0].subject_id, 200001);
    assert_string_equal(p.items[0].local_authority, "Camden");
    assert_string_equal(p.items[0].stage, "Contact");
    assert_string_equal(p.items[0].next_due, "2025-03-01");
    assert_string_equal(p.items[0].opened_at, "2025-01-04T09:00:00Z");
    case_list_page_free(&p);
    assert_int_equal(cases_list(db, &DO_NE, &(CaseFilter){.q = "gamma", .today = TODAY}, &p), 0);
    assert_int_equal(p.n, 1);
    assert_null(p.items[0].delivery_officer);
    assert_string_equal(p.items[0].adviser, "Bob Adviser");
    assert_null(p.items[0].next_due);
    case_list_page_free(&p);
}

static void paging(void **state)
{
    Db *db = *state;
    int64_t total;
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.limit = 2}, &total), "1,2");
    assert_int_equal(total, 5);
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.limit = 2, .offset = 2}, &total), "4,5");
    assert_int_equal(total, 5);
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.limit = 2, .offset = 4}, &total), "3");
    assert_int_equal(total, 5);
    /* past the end: nothing, and the total still says how many */
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.limit = 2, .offset = 6}, &total), "");
    assert_int_equal(total, 5);
    /* limit 0: everything (the CSV export) */
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.limit = 0}, &total), "1,2,4,5,3");
    /* the total counts the filtered set */
    assert_string_equal(list(db, &ANALYST, (CaseFilter){.programme = "rise", .limit = 1}, &total), "1");
    assert_int_equal(total, 3);
}

static void tasks_due(void **state)
{
    Db *db = *state;
    exec(db, "INSERT INTO case_tasks (case_id, code, status, owner_id, due_on) VALUES"
             " (1, 'contact-school', 'in progress', 1, '2025-01-20'),"
             " (1, 'contact-rb', 'not started', 1, '2025-01-10'),"
             " (1, 'school-response', 'completed', 1, '2025-01-02'),"
             " (1, 'conflict-check', 'not started', 1, '2025-03-01'),"
             " (1, 'identify', 'not started', 1, NULL),"
             " (2, 'contact-rb', 'not started', 1, '2025-01-03')," /* the case is paused */
             " (5, 'closure', 'not started', 1, '2025-01-04')," /* the case is closed */
             " (4, 'contact-rb', 'not started', 2, '2025-01-01')," /* someone else's */
             " (3, 'contact-rb', 'cannot start yet', 1, '2025-01-01');");
    MyTaskList l;
    assert_int_equal(my_tasks_due(db, 1, "2025-02-07", 10, &l), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].case_id, 1);
    assert_string_equal(l.items[0].code, "contact-rb");
    assert_string_equal(l.items[0].title, "Contact the responsible body");
    assert_string_equal(l.items[0].due_on, "2025-01-10");
    assert_string_equal(l.items[0].status, "not started");
    assert_string_equal(l.items[0].subject_name, "Alpha Primary");
    assert_string_equal(l.items[0].programme, "rise");
    assert_string_equal(l.items[1].code, "contact-school");
    assert_string_equal(l.items[1].title, "Contact the school");
    assert_string_equal(l.items[1].status, "in progress");
    my_task_list_free(&l);
    /* the limit, and the horizon */
    assert_int_equal(my_tasks_due(db, 1, "2025-02-07", 1, &l), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].code, "contact-rb");
    my_task_list_free(&l);
    assert_int_equal(my_tasks_due(db, 1, "2025-03-01", 0, &l), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[2].code, "conflict-check");
    my_task_list_free(&l);
    assert_int_equal(my_tasks_due(db, 1, "2025-01-09", 10, &l), 0);
    assert_int_equal(l.n, 0);
    my_task_list_free(&l);
    assert_int_equal(my_tasks_due(db, 2, "2025-02-07", 10, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].case_id, 4);
    my_task_list_free(&l);
}

static void awaiting(void **state)
{
    Db *db = *state;
    exec(db, "INSERT INTO case_decisions (id, case_id, type, outcome, rationale, decided_on, decided_by, recorded_at,"
             " approval) VALUES"
             " (1, 1, 'category', 'targeted', 'r', '2025-01-01', 'Dana North', '2025-01-01T10:00:00Z', 'awaiting'),"
             " (2, 4, 'category', 'universal', 'r', '2025-01-04', 'Lee London', '2025-01-04T10:00:00Z', 'awaiting'),"
             " (3, 3, 'category', 'intervention', 'r', '2025-01-03', 'Dana North', '2025-01-03T10:00:00Z',"
             "  'approved'),"
             " (4, 2, 'identify', 'support', 'r', '2025-01-02', 'Dana North', '2025-01-02T10:00:00Z', NULL);");
    AwaitingList l;
    assert_int_equal(decisions_awaiting(db, "North East", 10, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].id, 1);
    assert_int_equal(l.items[0].case_id, 1);
    assert_string_equal(l.items[0].subject_name, "Alpha Primary");
    assert_string_equal(l.items[0].type, "category");
    assert_string_equal(l.items[0].outcome, "targeted");
    assert_string_equal(l.items[0].decided_by, "Dana North");
    awaiting_list_free(&l);
    assert_int_equal(decisions_awaiting(db, NULL, 10, &l), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].id, 2); /* newest first */
    assert_int_equal(l.items[1].id, 1);
    awaiting_list_free(&l);
    assert_int_equal(decisions_awaiting(db, "London", 10, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].id, 2);
    awaiting_list_free(&l);
    assert_int_equal(decisions_awaiting(db, "South West", 10, &l), 0);
    assert_int_equal(l.n, 0);
    awaiting_list_free(&l);
}

static void own_cases_and_watchlist(void **state)
{
    Db *db = *state;
    CaseListPage p;
    /* as delivery officer: open cases first (by due date), the closed one last */
    assert_int_equal(cases_for_user(db, 1, 1, TODAY, 10, &p), 0);
    assert_string_equal(ids(&p), "2,1,5");
    assert_int_equal(p.total, 3);
    assert_int_equal(p.items[1].overdue, 1);
    assert_int_equal(p.items[0].overdue, 0); /* paused */
    assert_string_equal(p.items[1].delivery_officer, "Dana North");
    case_list_page_free(&p);
    /* as adviser */
    assert_int_equal(cases_for_user(db, 3, 1, TODAY, 10, &p), 0);
    assert_string_equal(ids(&p), "1,4");
    case_list_page_free(&p);
    /* the limit keeps the total */
    assert_int_equal(cases_for_user(db, 1, 1, TODAY, 1, &p), 0);
    assert_string_equal(ids(&p), "2");
    assert_int_equal(p.total, 3);
    case_list_page_free(&p);
    /* nobody's */
    assert_int_equal(cases_for_user(db, 4, 1, TODAY, 10, &p), 0);
    assert_int_equal(p.n, 0);
    assert_int_equal(p.total, 0);
    case_list_page_free(&p);
    /* the watchlist */
    assert_int_equal(cases_for_user(db, 1, 0, TODAY, 10, &p), 0);
    assert_int_equal(p.n, 0);
    case_list_page_free(&p);
    exec(db, "INSERT INTO case_watch (user_id, case_id, added_at) VALUES (1, 4, 't'), (1, 5, 't'), (1, 3, 't'),"
             " (2, 1, 't')");
    assert_int_equal(cases_for_user(db, 1, 0, TODAY, 10, &p), 0);
    assert_string_equal(ids(&p), "4,3,5"); /* open by due date (none last), then closed */
    assert_int_equal(p.total, 3);
    case_list_page_free(&p);
}

static void filter_values(void **state)
{
    Db *db = *state;
    char **v;
    size_t n;
    assert_int_equal(case_filter_values(db, &DO_NE, "local_authority", &v, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(v[0], "Durham");
    assert_string_equal(v[1], "Newcastle");
    assert_string_equal(v[2], "Sunderland");
    string_list_free(v, n);
    assert_int_equal(case_filter_values(db, &ANALYST, "local_authority", &v, &n), 0);
    assert_int_equal(n, 4);
    assert_string_equal(v[0], "Camden");
    string_list_free(v, n);
    assert_int_equal(case_filter_values(db, &ADVISER, "programme", &v, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0], "rise");
    string_list_free(v, n);
    /* NULL values are left out */
    assert_int_equal(case_filter_values(db, &DO_NE, "category", &v, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[0], "intervention");
    assert_string_equal(v[1], "targeted");
    string_list_free(v, n);
    assert_int_equal(case_filter_values(db, &ANALYST, "region", &v, &n), 0);
    assert_int_equal(n, 2);
    string_list_free(v, n);
    assert_int_equal(case_filter_values(db, &DO_NE, "stage", &v, &n), 0);
    assert_int_equal(n, 4);
    string_list_free(v, n);
    assert_int_equal(case_filter_values(db, &DO_NE, "status", &v, &n), 0);
    assert_int_equal(n, 3);
    string_list_free(v, n);
    /* out of scope: nothing */
    assert_int_equal(case_filter_values(db, &SCHOOL, "programme", &v, &n), 0);
    assert_int_equal(n, 0);
    assert_null(v);
    /* a column that is not a filter is refused, whatever it is */
    assert_int_equal(case_filter_values(db, &ANALYST, "subject_name", &v, &n), -1);
    assert_int_equal(n, 0);
    assert_null(v);
    assert_int_equal(case_filter_values(db, &ANALYST, "programme FROM users; --", &v, &n), -1);
    assert_int_equal(case_filter_values(db, &ANALYST, "", &v, &n), -1);
    assert_int_equal(case_filter_values(db, &ANALYST, NULL, &v, &n), -1);
    assert_int_equal(case_filter_values(db, &SCHOOL, "password_hash", &v, &n), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(scope_by_role, setup, teardown),
        cmocka_unit_test_setup_teardown(each_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(overdue, setup, teardown),
        cmocka_unit_test_setup_teardown(sorting, setup, teardown),
        cmocka_unit_test_setup_teardown(paging, setup, teardown),
        cmocka_unit_test_setup_teardown(tasks_due, setup, teardown),
        cmocka_unit_test_setup_teardown(awaiting, setup, teardown),
        cmocka_unit_test_setup_teardown(own_cases_and_watchlist, setup, teardown),
        cmocka_unit_test_setup_teardown(filter_values, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
