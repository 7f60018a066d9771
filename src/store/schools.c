/*
 * schools.c - reading schools, their history and links, and groups. See
 * schools.h.
 *
 * Search works on a narrow copy of the schools table held in this
 * connection's temporary database (in memory: db.c sets temp_store=MEMORY):
 * one row per school with only the columns the search filters, sorts and
 * shows, plus the school's latest graded judgement, which would otherwise
 * be a lookup per school for every grade filter or sort. On England (about
 * 52,000 schools) the wide schools table is larger than the page cache, so a
 * filtered, sorted page read from it costs tens of milliseconds; from the
 * copy it costs a few. The copy is rebuilt when the data changes, detected
 * by a stamp of the imports table and the highest URN and inspection row.
 * Each server thread has its own connection and so its own copy (a few
 * megabytes each).
 *
 * Every statement is a literal with bound parameters; the search text
 * reaches SQL only as a bound value (the FTS5 expression is built here with
 * each word double-quoted, so it cannot carry FTS5 operators).
 */
#include "store/schools.h"

#include "core/buf.h"
#include "core/log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void str_list_free(StrList *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

static void str_list_push(StrList *l, char *s)
{
    l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
    l->items[l->n++] = s;
}

/* Grows an array of elements of size sz to hold n + 1, returning the new slot zeroed. */
static void *grow(void **items, size_t *n, size_t sz)
{
    *items = xrealloc(*items, (*n + 1) * sz);
    void *slot = (char *)*items + *n * sz;
    memset(slot, 0, sz);
    (*n)++;
    return slot;
}

static int64_t col_num(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? SCHOOL_NUM_NONE : sqlite3_column_int64(st, i);
}

/* --- the search copy ------------------------------------------------------ */

static const char SEARCH_TABLES[] =
    "CREATE TEMP TABLE IF NOT EXISTS rise_school_search_values ("
    "  kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, value)) WITHOUT ROWID;"
    "CREATE TEMP TABLE IF NOT EXISTS rise_school_search_stamp (id INTEGER PRIMARY KEY, stamp TEXT NOT NULL);"
    /* the schools a search's words match, found once per search */
    "CREATE TEMP TABLE IF NOT EXISTS rise_school_hits (urn INTEGER PRIMARY KEY);";

/*
 * The copy: the school's latest graded judgement is its own (the latest by
 * date with a grade); `best` and `worst` are sort keys for the grade, best
 * first or worst first, with schools never graded (5) and then those whose
 * latest graded inspection has no headline grade (6) last either way.
 * The indexes serve the default list (open schools by name), each filter,
 * and each sort; the table is rebuilt whole and indexed after loading,
 * which is quicker than keeping ten indexes up to date row by row.
 */
static const char SEARCH_REBUILD[] =
    "DROP TABLE IF EXISTS temp.rise_school_search;"
    "CREATE TEMP TABLE rise_school_search ("
    "  urn INTEGER PRIMARY KEY, name TEXT, la_name TEXT, region TEXT, phase TEXT, type_name TEXT,"
    "  status TEXT, is_open INTEGER NOT NULL, trust_uid INTEGER, trust_name TEXT, town TEXT, postcode TEXT,"
    "  pc TEXT NOT NULL, grade INTEGER, grade_date TEXT, category TEXT, best INTEGER NOT NULL,"
    "  worst INTEGER NOT NULL);"
    "INSERT INTO temp.rise_school_search"
    " SELECT s.urn, s.name, s.la_name, s.region, s.phase, s.type_name, s.status,"
    "  coalesce(s.status IN ('Open', 'Open, but proposed to close'), 0), s.trust_uid, s.trust_name, s.town,"
    "  s.postcode, replace(upper(coalesce(s.postcode, '')), ' ', ''), i.overall, i.inspection_date, i.category,"
    "  CASE WHEN i.rowid IS NULL THEN 5 ELSE coalesce(i.overall, 6) END,"
    "  CASE WHEN i.rowid IS NULL THEN 5 ELSE coalesce(5 - i.overall, 6) END"
    " FROM main.schools s LEFT JOIN main.inspections i ON i.rowid = ("
    "  SELECT j.rowid FROM main.inspections j WHERE j.urn = s.urn AND j.kind = 'graded'"
    "  ORDER BY j.inspection_date DESC LIMIT 1);"
    "CREATE INDEX temp.rise_school_search_name ON rise_school_search (is_open, name COLLATE NOCASE, urn);"
    "CREATE INDEX temp.rise_school_search_la ON rise_school_search (la_name, name COLLATE NOCASE, urn);"
    "CREATE INDEX temp.rise_school_search_region ON rise_school_search (region, is_open);"
    "CREATE INDEX temp.rise_school_search_phase ON rise_school_search (phase, is_open);"
    "CREATE INDEX temp.rise_school_search_type ON rise_school_search (type_name, is_open);"
    "CREATE INDEX temp.rise_school_search_pc ON rise_school_search (pc);"
    "CREATE INDEX temp.rise_school_search_trust ON rise_school_search (trust_uid);"
    "CREATE INDEX temp.rise_school_search_trust_name ON rise_school_search (trust_name);"
    "CREATE INDEX temp.rise_school_search_best ON rise_school_search (is_open, best, name COLLATE NOCASE, urn);"
    "CREATE INDEX temp.rise_school_search_worst ON rise_school_search (is_open, worst, name COLLATE NOCASE, urn);"
    "DELETE FROM temp.rise_school_search_values;"
    "INSERT INTO temp.rise_school_search_values SELECT DISTINCT 'region', region FROM temp.rise_school_search"
    "  WHERE coalesce(region, '') <> '';"
    "INSERT INTO temp.rise_school_search_values SELECT DISTINCT 'la', la_name FROM temp.rise_school_search"
    "  WHERE coalesce(la_name, '') <> '';"
    "INSERT INTO temp.rise_school_search_values SELECT DISTINCT 'phase', phase FROM temp.rise_school_search"
    "  WHERE coalesce(phase, '') <> '';"
    "INSERT INTO temp.rise_school_search_values SELECT DISTINCT 'type', type_name FROM temp.rise_school_search"
    "  WHERE coalesce(type_name, '') <> '';"
    /* statistics for the planner: how selective each index of the copy is */
    "ANALYZE temp;";

static const char SEARCH_STAMP[] =
    "SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(max(finished_at), '') FROM imports)"
    " || '/' || (SELECT coalesce(max(urn), 0) FROM schools)"
    " || '/' || (SELECT coalesce(max(rowid), 0) FROM inspections)";

static const char SEARCH_EXISTS[] =
    "SELECT count(*) FROM sqlite_temp_master WHERE name = 'rise_school_search_stamp'";

/* Makes sure the copy exists and matches the data. 0 or -1. */
static int search_ready(Db *db)
{
    sqlite3_stmt *st = db_stmt(db, SEARCH_EXISTS);
    if (!st)
        return -1;
    int exists = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);
    if (!exists && db_exec(db, SEARCH_TABLES) != 0)
        return -1;

    /* one read transaction for the stamp and the copy, so they agree */
    if (db_exec(db, "SAVEPOINT rise_school_search") != 0)
        return -1;
    int rc = -1;
    char *stamp = NULL;
    st = db_stmt(db, SEARCH_STAMP);
    if (!st)
        goto done;
    if (sqlite3_step(st) == SQLITE_ROW)
        stamp = db_col_dup(st, 0);
    sqlite3_reset(st);
    if (!stamp)
        goto done;
    st = db_stmt(db, "SELECT stamp = ? FROM temp.rise_school_search_stamp WHERE id = 1");
    if (!st)
        goto done;
    db_bind_text(st, 1, stamp);
    int fresh = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sqlite3_reset(st);
    if (fresh) {
        rc = 0;
        goto done;
    }
    if (db_exec(db, SEARCH_REBUILD) != 0)
        goto done;
    st = db_stmt(db, "INSERT OR REPLACE INTO temp.rise_school_search_stamp (id, stamp) VALUES (1, ?)");
    if (!st)
        goto done;
    db_bind_text(st, 1, stamp);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(st);
done:
    free(stamp);
    if (rc != 0)
        sqlite3_exec(db_handle(db), "ROLLBACK TO rise_school_search", NULL, NULL, NULL);
    sqlite3_exec(db_handle(db), "RELEASE rise_school_search", NULL, NULL, NULL);
    return rc;
}

void school_search_invalidate(Db *db)
{
    sqlite3_stmt *st = db_stmt(db, SEARCH_EXISTS);
    if (!st)
        return;
    int exists = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);
    if (exists)
        db_exec(db, "DELETE FROM temp.rise_school_search_stamp");
}

/* --- reading the search text ---------------------------------------------- */

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* After the outward code's district: end, or the start of the inward code
   (a digit and up to two letters). */
static int postcode_rest(const char *s)
{
    if (!*s)
        return 1;
    if (!is_digit(*s))
        return 0;
    s++;
    for (int i = 0; i < 2 && is_upper(*s); i++)
        s++;
    return *s == '\0';
}

/* Does the normalised text start like a UK postcode? "SW1A", "M1 1", "B33 8TH":
   one or two letters, a digit, an optional digit or letter, then an optional
   partial inward code. */
static int looks_like_postcode(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 7)
        return 0;
    int letters = 0;
    while (is_upper(*s) && letters < 2)
        s++, letters++;
    if (letters == 0 || !is_digit(*s))
        return 0;
    s++;
    if (postcode_rest(s))
        return 1;
    return (is_upper(*s) || is_digit(*s)) && postcode_rest(s + 1);
}

/* Appends a word as an FTS5 string: double-quoted, with " doubled. */
static void fts_word(Buf *b, const char *w, size_t n)
{
    size_t chars = 0;
    int has_text = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if ((c & 0xC0) != 0x80)
            chars++;
        if (isalnum(c) || c >= 0x80)
            has_text = 1;
    }
    if (!has_text)
        return; /* punctuation alone ("&", "-") is not a word */
    if (b->len)
        buf_putc(b, ' ');
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '"')
            buf_putc(b, '"');
        buf_putc(b, w[i]);
    }
    buf_putc(b, '"');
    /* a prefix term, except for a single letter: "C of E" wants the word
       "e", not every word starting with e (which is also slow) */
    if (chars > 1)
        buf_putc(b, '*');
}

#define QUERY_MAX 200 /* bytes of search text read */
#define QUERY_MAX_WORDS 12

SchoolMatch school_query_parse(const char *q, char *term, size_t termlen)
{
    if (termlen)
        term[0] = '\0';
    if (!q)
        return SCHOOL_MATCH_ALL;
    while (isspace((unsigned char)*q))
        q++;
    size_t n = strnlen(q, QUERY_MAX);
    while (n > 0 && isspace((unsigned char)q[n - 1]))
        n--;
    if (n == 0)
        return SCHOOL_MATCH_ALL;

    int digits = 1;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(q[i]))
            digits = 0;
    if (digits && n <= 12) {
        snprintf(term, termlen, "%.*s", (int)n, q);
        return SCHOOL_MATCH_URN;
    }

    char pc[16];
    size_t pn = 0;
    int pc_ok = 1;
    for (size_t i = 0; i < n && pc_ok; i++) {
        char c = q[i];
        if (c == ' ')
            continue;
        if (pn + 1 >= sizeof pc || !isalnum((unsigned char)c))
            pc_ok = 0;
        else
            pc[pn++] = (char)toupper((unsigned char)c);
    }
    pc[pn] = '\0';
    if (pc_ok && looks_like_postcode(pc)) {
        snprintf(term, termlen, "%s", pc);
        return SCHOOL_MATCH_POSTCODE;
    }

    Buf b = BUF_INIT;
    size_t i = 0;
    int words = 0;
    while (i < n && words < QUERY_MAX_WORDS) {
        while (i < n && isspace((unsigned char)q[i]))
            i++;
        size_t start = i;
        while (i < n && !isspace((unsigned char)q[i]))
            i++;
        if (i > start) {
            fts_word(&b, q + start, i - start);
            words++;
        }
    }
    /* cut only at a whole term: a term is at most QUERY_MAX * 2 + 3 bytes */
    if (b.len < termlen)
        snprintf(term, termlen, "%s", buf_str(&b));
    buf_free(&b);
    return SCHOOL_MATCH_WORDS;
}

/* --- search --------------------------------------------------------------- */

/*
 * The search statement is put together from the fixed fragments below: only
 * the conditions a query uses, and the ORDER BY of its sort, so that SQLite
 * can walk an index of the copy in the order wanted and stop after a page
 * (a single statement with "?n IS NULL OR ..." for every filter and a CASE
 * per sort order has to read and sort every school). Each fragment is a
 * string literal naming its own numbered parameter; every value the user
 * typed is bound, never written into the SQL.
 */
enum {
    P_URN = 1,
    P_POSTCODE,
    P_WORDS_UNUSED, /* the words go through rise_school_hits */
    P_REGION, P_LA, P_PHASE, P_TYPE, P_GRADE, P_TRUST_UID, P_TRUST_NAME,
    P_LIMIT, P_OFFSET
};

static const char SQL_OPEN[] = " AND s.is_open = 1";
static const char SQL_URN[] = " AND s.urn = ?1";
/* a prefix of the normalised postcode (upper-case letters and digits only) */
static const char SQL_POSTCODE[] = " AND s.pc >= ?2 AND s.pc < ?2 || '~'";
static const char SQL_FTS[] = " AND s.urn IN (SELECT h.urn FROM temp.rise_school_hits h)";
/* the same for thousands of matches: a test on each school the other
   conditions select, rather than where the search starts (the + keeps
   SQLite from starting there) */
static const char SQL_FTS_MANY[] = " AND +s.urn IN (SELECT h.urn FROM temp.rise_school_hits h)";
static const char SQL_REGION[] = " AND s.region = ?4";
static const char SQL_LA[] = " AND s.la_name = ?5";
static const char SQL_PHASE[] = " AND s.phase = ?6";
static const char SQL_TYPE[] = " AND s.type_name = ?7";
static const char SQL_GRADE[] = " AND s.best = ?8"; /* 1-4, 5 never graded, 6 no headline grade */
/* the trust the school's own record names, or a current dated membership */
static const char SQL_TRUST_UID[] =
    " AND s.urn IN (SELECT t.urn FROM temp.rise_school_search t WHERE t.trust_uid = ?9"
    " UNION SELECT m.urn FROM main.group_members m WHERE m.group_uid = ?9 AND m.left_date IS NULL)";
static const char SQL_TRUST_NAME[] =
    " AND s.urn IN (SELECT t.urn FROM temp.rise_school_search t WHERE t.trust_name LIKE ?10 ESCAPE '\\'"
    " UNION SELECT m.urn FROM main.group_members m WHERE m.left_date IS NULL AND m.group_uid IN"
    " (SELECT g.uid FROM main.groups g WHERE g.name LIKE ?10 ESCAPE '\\'))";

/* ORDER BY for each SchoolSort, ascending then descending. Ungraded schools
   go last when sorting by grade, either way; ties go by name, then URN. */
static const char *const SQL_ORDER[4][2] = {
    {" ORDER BY s.name COLLATE NOCASE, s.urn", " ORDER BY s.name COLLATE NOCASE DESC, s.urn DESC"},
    {" ORDER BY s.urn", " ORDER BY s.urn DESC"},
    {" ORDER BY s.la_name, s.name COLLATE NOCASE, s.urn", " ORDER BY s.la_name DESC, s.name COLLATE NOCASE, s.urn"},
    {" ORDER BY s.best, s.name COLLATE NOCASE, s.urn", " ORDER BY s.worst, s.name COLLATE NOCASE, s.urn"},
};

static const char *blank_null(const char *s)
{
    return s && *s ? s : NULL;
}

/* '%' + s with % _ \ escaped + '%', for LIKE ... ESCAPE '\'. */
static char *like_pattern(const char *s)
{
    Buf b = BUF_INIT;
    buf_putc(&b, '%');
    for (; s && *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            buf_putc(&b, '\\');
        buf_putc(&b, *s);
    }
    buf_putc(&b, '%');
    return buf_take(&b);
}

#define SEARCH_ONE_PASS_MAX 1500

/* What a query asks for, read once. */
typedef struct Filters {
    SchoolMatch match;
    char term[QUERY_MAX * 2 + 64];
    int open_only;
    int grade;       /* 1-4, 5 for never graded, or 0 for any */
    int64_t trust_uid;
    char *trust_like; /* or NULL */
    int many_hits;    /* the words match many schools, and a filter fewer */
} Filters;

static void read_filters(const SchoolQuery *q, Filters *f)
{
    memset(f, 0, sizeof *f);
    f->match = school_query_parse(q->q, f->term, sizeof f->term);
    /* a URN names one establishment: it is found open or closed */
    f->open_only = !q->include_closed && f->match != SCHOOL_MATCH_URN;
    const char *g = q->grade ? q->grade : "";
    if (g[0] >= '1' && g[0] <= '4' && g[1] == '\0')
        f->grade = g[0] - '0';
    else if (strcmp(g, "none") == 0)
        f->grade = 5;
    else if (strcmp(g, "no-headline") == 0)
        f->grade = 6;
    const char *t = q->trust ? q->trust : "";
    while (*t == ' ')
        t++;
    if (*t) {
        size_t n = strlen(t);
        int digits = n <= 12;
        for (size_t i = 0; i < n && digits; i++)
            digits = is_digit(t[i]);
        if (digits)
            f->trust_uid = strtoll(t, NULL, 10);
        else
            f->trust_like = like_pattern(t);
    }
}

/* "SELECT <what> FROM the copy WHERE <the conditions used>". */
static void build_sql(Buf *sql, const char *what, const SchoolQuery *q, const Filters *f)
{
    buf_puts(sql, what);
    buf_puts(sql, " FROM temp.rise_school_search s WHERE 1");
    if (f->open_only)
        buf_puts(sql, SQL_OPEN);
    if (f->match == SCHOOL_MATCH_URN)
        buf_puts(sql, SQL_URN);
    if (f->match == SCHOOL_MATCH_POSTCODE)
        buf_puts(sql, SQL_POSTCODE);
    if (f->match == SCHOOL_MATCH_WORDS)
        buf_puts(sql, f->many_hits ? SQL_FTS_MANY : SQL_FTS);
    if (blank_null(q->region))
        buf_puts(sql, SQL_REGION);
    if (blank_null(q->la))
        buf_puts(sql, SQL_LA);
    if (blank_null(q->phase))
        buf_puts(sql, SQL_PHASE);
    if (blank_null(q->type))
        buf_puts(sql, SQL_TYPE);
    if (f->grade)
        buf_puts(sql, SQL_GRADE);
    if (f->trust_uid)
        buf_puts(sql, SQL_TRUST_UID);
    if (f->trust_like)
        buf_puts(sql, SQL_TRUST_NAME);
}

/* Binds the values of the conditions build_sql wrote. A parameter the
   statement does not use is refused by SQLite (SQLITE_RANGE) and ignored. */
static void bind_filters(sqlite3_stmt *st, const SchoolQuery *q, const Filters *f)
{
    if (f->match == SCHOOL_MATCH_URN)
        sqlite3_bind_int64(st, P_URN, strtoll(f->term, NULL, 10));
    if (f->match == SCHOOL_MATCH_POSTCODE)
        db_bind_text(st, P_POSTCODE, f->term);
    db_bind_text(st, P_REGION, blank_null(q->region));
    db_bind_text(st, P_LA, blank_null(q->la));
    db_bind_text(st, P_PHASE, blank_null(q->phase));
    db_bind_text(st, P_TYPE, blank_null(q->type));
    sqlite3_bind_int(st, P_GRADE, f->grade);
    sqlite3_bind_int64(st, P_TRUST_UID, f->trust_uid);
    db_bind_text(st, P_TRUST_NAME, f->trust_like);
}

static sqlite3_stmt *prepare(Db *db, const Buf *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(db), buf_str(sql), -1, &st, NULL) != SQLITE_OK) {
        log_error("school search prepare failed: %s", sqlite3_errmsg(db_handle(db)));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}



/* Runs a built count query: the number, or -1. */
static int64_t run_count(Db *db, const SchoolQuery *q, const Filters *f)
{
    Buf sql = BUF_INIT;
    build_sql(&sql, "SELECT count(*)", q, f);
    sqlite3_stmt *st = prepare(db, &sql);
    int64_t n = -1;
    if (st) {
        bind_filters(st, q, f);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        else
            log_error("school search failed: %s", sqlite3_errmsg(db_handle(db)));
    }
    sqlite3_finalize(st);
    buf_free(&sql);
    return n;
}

/*
 * Two ways to get a page and the total. A search by text or trust matches a
 * set that is found once (the FTS5 lookup is most of the cost), so one
 * statement returns the page with count(*) OVER () as the total. A list by
 * filters alone is served by the copy's indexes: a count, then a page read
 * in index order that stops after SCHOOLS_PER_PAGE rows.
 */
int school_search(Db *db, const SchoolQuery *q, SchoolList *out)
{
    memset(out, 0, sizeof *out);
    Filters f;
    read_filters(q, &f);
    out->match = f.match;
    if (f.match == SCHOOL_MATCH_WORDS && f.term[0] == '\0') {
        free(f.trust_like);
        return 0; /* only punctuation: nothing can match */
    }
    if (search_ready(db) != 0) {
        free(f.trust_like);
        return -1;
    }
    int rc = -1;
    Buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    int page = q->page < 1 ? 1 : q->page;
    /* one snapshot for the words, the count and the page */
    if (db_exec(db, "SAVEPOINT rise_school_find") != 0) {
        free(f.trust_like);
        return -1;
    }
    int one_pass = f.match == SCHOOL_MATCH_URN || f.match == SCHOOL_MATCH_POSTCODE || f.trust_uid || f.trust_like;
    if (f.match == SCHOOL_MATCH_WORDS) {
        /* the words are looked up once, into rise_school_hits; a few hundred
           matches are then quicker in one pass, thousands ("primary") in
           two, where the page is read in index order */
        sqlite3_stmt *c = db_stmt(db, "DELETE FROM temp.rise_school_hits");
        if (!c)
            goto done;
        int ok = sqlite3_step(c) == SQLITE_DONE;
        sqlite3_reset(c);
        c = ok ? db_stmt(db, "INSERT INTO temp.rise_school_hits (urn)"
                             " SELECT rowid FROM main.schools_fts WHERE schools_fts MATCH ?") : NULL;
        if (!c)
            goto done;
        db_bind_text(c, 1, f.term);
        ok = sqlite3_step(c) == SQLITE_DONE;
        sqlite3_reset(c);
        if (!ok) {
            log_error("school search failed: %s", sqlite3_errmsg(db_handle(db)));
            goto done;
        }
        int64_t hits = sqlite3_changes(db_handle(db));
        if (hits == 0) {
            rc = 0;
            goto done;
        }
        one_pass = hits <= SEARCH_ONE_PASS_MAX;
        /* many matches and a narrower filter: start from the filter */
        f.many_hits = !one_pass && (blank_null(q->region) || blank_null(q->la) || blank_null(q->phase) ||
                                    blank_null(q->type) || f.grade);
    }

    if (!one_pass) {
        out->total = run_count(db, q, &f);
        if (out->total < 0)
            goto done;
        if (out->total == 0 || (int64_t)(page - 1) * SCHOOLS_PER_PAGE >= out->total) {
            rc = 0;
            goto done;
        }
    }
    build_sql(&sql, one_pass ? "SELECT s.urn, s.name, s.la_name, s.phase, s.type_name, s.status, s.town,"
                               " s.postcode, s.grade, s.grade_date, s.category, count(*) OVER ()"
                             : "SELECT s.urn, s.name, s.la_name, s.phase, s.type_name, s.status, s.town,"
                               " s.postcode, s.grade, s.grade_date, s.category",
              q, &f);
    int sort = (q->sort >= SCHOOL_SORT_NAME && q->sort <= SCHOOL_SORT_GRADE) ? (int)q->sort : 0;
    buf_puts(&sql, SQL_ORDER[sort][q->descending ? 1 : 0]);
    buf_puts(&sql, " LIMIT ?11 OFFSET ?12");
    if (!(st = prepare(db, &sql)))
        goto done;
    bind_filters(st, q, &f);
    sqlite3_bind_int(st, P_LIMIT, SCHOOLS_PER_PAGE);
    sqlite3_bind_int64(st, P_OFFSET, (int64_t)(page - 1) * SCHOOLS_PER_PAGE);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        SchoolRow *r = grow((void **)&out->items, &out->n, sizeof *r);
        r->urn = sqlite3_column_int64(st, 0);
        r->name = db_col_dup(st, 1);
        r->la_name = db_col_dup(st, 2);
        r->phase = db_col_dup(st, 3);
        r->type_name = db_col_dup(st, 4);
        r->status = db_col_dup(st, 5);
        r->town = db_col_dup(st, 6);
        r->postcode = db_col_dup(st, 7);
        r->grade = sqlite3_column_int(st, 8);
        r->grade_date = db_col_dup(st, 9);
        r->grade_category = db_col_dup(st, 10);
        if (one_pass)
            out->total = sqlite3_column_int64(st, 11);
    }
    if (step != SQLITE_DONE) {
        log_error("school search failed: %s", sqlite3_errmsg(db_handle(db)));
        school_list_free(out);
        goto done;
    }
    /* a page past the end says nothing of the total: count */
    if (one_pass && out->n == 0 && page > 1 && (out->total = run_count(db, q, &f)) < 0) {
        out->total = 0;
        goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    sqlite3_exec(db_handle(db), "RELEASE rise_school_find", NULL, NULL, NULL);
    buf_free(&sql);
    free(f.trust_like);
    return rc;
}

void school_list_free(SchoolList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        SchoolRow *r = &l->items[i];
        free(r->name);
        free(r->la_name);
        free(r->phase);
        free(r->type_name);
        free(r->status);
        free(r->town);
        free(r->postcode);
        free(r->grade_date);
        free(r->grade_category);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int school_filter_values(Db *db, SchoolFilterValues *out)
{
    memset(out, 0, sizeof *out);
    if (search_ready(db) != 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "SELECT kind, value FROM temp.rise_school_search_values"
                                   " ORDER BY kind, value COLLATE NOCASE");
    if (!st)
        return -1;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(st, 0);
        StrList *l = strcmp(kind, "region") == 0 ? &out->regions
                     : strcmp(kind, "la") == 0   ? &out->las
                     : strcmp(kind, "phase") == 0 ? &out->phases
                                                  : &out->types;
        str_list_push(l, db_col_dup(st, 1));
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        school_filter_values_free(out);
        return -1;
    }
    return 0;
}

void school_filter_values_free(SchoolFilterValues *v)
{
    str_list_free(&v->regions);
    str_list_free(&v->las);
    str_list_free(&v->phases);
    str_list_free(&v->types);
}

/* --- one school ----------------------------------------------------------- */

int school_get(Db *db, int64_t urn, School *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT urn, name, la_code, la_name, establishment_number, type_name, type_group, status, open_date,"
            " close_date, reason_opened, reason_closed, phase, low_age, high_age, religious_character, diocese_code,"
            " diocese_name, trust_uid, trust_name, sponsor_name, federation_uid, federation_name, ukprn, street,"
            " locality, address3, town, county, postcode, region, district_code, district_name, easting, northing,"
            " pupils, capacity, percent_fsm, website, telephone, last_changed FROM schools WHERE urn = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, urn);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : -1;
    }
    int i = 0;
    out->urn = sqlite3_column_int64(st, i++);
    char **text1[] = {&out->name,          &out->la_code,     &out->la_name,       &out->establishment_number,
                      &out->type_name,     &out->type_group,  &out->status,        &out->open_date,
                      &out->close_date,    &out->reason_opened, &out->reason_closed, &out->phase};
    for (size_t k = 0; k < sizeof text1 / sizeof text1[0]; k++)
        *text1[k] = db_col_dup(st, i++);
    out->low_age = col_num(st, i++);
    out->high_age = col_num(st, i++);
    out->religious_character = db_col_dup(st, i++);
    out->diocese_code = db_col_dup(st, i++);
    out->diocese_name = db_col_dup(st, i++);
    out->trust_uid = sqlite3_column_int64(st, i++);
    char **text2[] = {&out->trust_name, &out->sponsor_name, &out->federation_uid, &out->federation_name,
                      &out->ukprn,      &out->street,       &out->locality,       &out->address3,
                      &out->town,       &out->county,       &out->postcode,       &out->region,
                      &out->district_code, &out->district_name};
    for (size_t k = 0; k < sizeof text2 / sizeof text2[0]; k++)
        *text2[k] = db_col_dup(st, i++);
    out->easting = col_num(st, i++);
    out->northing = col_num(st, i++);
    out->pupils = col_num(st, i++);
    out->capacity = col_num(st, i++);
    out->percent_fsm = sqlite3_column_type(st, i) == SQLITE_NULL ? -1.0 : sqlite3_column_double(st, i);
    i++;
    out->website = db_col_dup(st, i++);
    out->telephone = db_col_dup(st, i++);
    out->last_changed = db_col_dup(st, i++);
    sqlite3_reset(st);
    return 1;
}

void school_free(School *s)
{
    char *all[] = {s->name,           s->la_code,       s->la_name,         s->establishment_number,
                   s->type_name,      s->type_group,    s->status,          s->open_date,
                   s->close_date,     s->reason_opened, s->reason_closed,   s->phase,
                   s->religious_character, s->diocese_code, s->diocese_name, s->trust_name,
                   s->sponsor_name,   s->federation_uid, s->federation_name, s->ukprn,
                   s->street,         s->locality,      s->address3,        s->town,
                   s->county,         s->postcode,      s->region,          s->district_code,
                   s->district_name,  s->website,       s->telephone,       s->last_changed};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        free(all[k]);
    memset(s, 0, sizeof *s);
}

/* --- links ---------------------------------------------------------------- */

/*
 * The chain walks predecessor links towards the past (generation < 0) and
 * successor links towards the future (> 0), reading each link from either
 * end: a row "Y has predecessor X" also makes Y a successor of X, so a chain
 * recorded in one direction only is still found. Other link types (sixth
 * form centre, amalgamation) are listed when direct, with generation 0.
 */
int school_links_get(Db *db, int64_t urn, SchoolLinkList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db,
        "WITH RECURSIVE chain(urn, gen, via, type, est, lname, fwd, path) AS ("
        "  SELECT ?1, 0, NULL, NULL, NULL, NULL, 1, ',' || ?1 || ','"
        "  UNION ALL"
        "  SELECT l.link_urn, g.gen + (CASE WHEN l.link_type LIKE 'Predecessor%' THEN -1 ELSE 1 END), g.urn,"
        "   l.link_type, l.established, l.link_name, 1, g.path || l.link_urn || ','"
        "  FROM chain g JOIN school_links l ON l.urn = g.urn"
        "  WHERE ((l.link_type LIKE 'Predecessor%' AND g.gen <= 0) OR (l.link_type LIKE 'Successor%' AND g.gen >= 0))"
        "   AND abs(g.gen) < ?2 AND instr(g.path, ',' || l.link_urn || ',') = 0"
        "  UNION ALL"
        "  SELECT l.urn, g.gen + (CASE WHEN l.link_type LIKE 'Predecessor%' THEN 1 ELSE -1 END), g.urn,"
        "   l.link_type, l.established, NULL, 0, g.path || l.urn || ','"
        "  FROM chain g JOIN school_links l ON l.link_urn = g.urn"
        "  WHERE ((l.link_type LIKE 'Predecessor%' AND g.gen >= 0) OR (l.link_type LIKE 'Successor%' AND g.gen <= 0))"
        "   AND abs(g.gen) < ?2 AND instr(g.path, ',' || l.urn || ',') = 0"
        "), found(urn, name, status, via, type, est, gen, fwd) AS ("
        "  SELECT c.urn, coalesce(s.name, c.lname), s.status, c.via, c.type, c.est, c.gen, c.fwd"
        "  FROM chain c LEFT JOIN schools s ON s.urn = c.urn WHERE c.gen <> 0"
        "  UNION ALL"
        "  SELECT l.link_urn, coalesce(s.name, l.link_name), s.status, l.urn, l.link_type, l.established, 0, 1"
        "  FROM school_links l LEFT JOIN schools s ON s.urn = l.link_urn"
        "  WHERE l.urn = ?1 AND l.link_type NOT LIKE 'Predecessor%' AND l.link_type NOT LIKE 'Successor%')"
        " SELECT urn, name, status, via, type, est, gen, fwd FROM found"
        " ORDER BY gen = 0, abs(gen), gen, fwd DESC, urn");
    if (!st)
        return -1;
    db_bind_int64(st, 1, urn);
    sqlite3_bind_int(st, 2, HISTORY_MAX_DEPTH);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t u = sqlite3_column_int64(st, 0);
        int seen = u == urn;
        for (size_t i = 0; i < out->n && !seen; i++)
            seen = out->items[i].urn == u;
        if (seen)
            continue; /* reached by a nearer or a forward link already */
        SchoolLink *k = grow((void **)&out->items, &out->n, sizeof *k);
        k->urn = u;
        k->name = db_col_dup(st, 1);
        k->status = db_col_dup(st, 2);
        k->via = sqlite3_column_int64(st, 3);
        k->link_type = db_col_dup(st, 4);
        k->established = db_col_dup(st, 5);
        k->generation = sqlite3_column_int(st, 6);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        log_error("school links failed: %s", sqlite3_errmsg(db_handle(db)));
        school_link_list_free(out);
        return -1;
    }
    return 0;
}

void school_link_list_free(SchoolLinkList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].status);
        free(l->items[i].link_type);
        free(l->items[i].established);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* --- groups --------------------------------------------------------------- */

int group_type_is_trust(const char *type)
{
    return type && (strcasecmp(type, "Multi-academy trust") == 0 || strcasecmp(type, "Single-academy trust") == 0 ||
                    strcasecmp(type, "Trust") == 0);
}

int school_memberships(Db *db, int64_t urn, MembershipList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db, "WITH found(uid, name, type, status, joined, left_date, from_establishment) AS ("
            "  SELECT m.group_uid, g.name, g.type, g.status, m.joined_date, m.left_date, 0"
            "  FROM group_members m LEFT JOIN groups g ON g.uid = m.group_uid WHERE m.urn = ?1"
            "  UNION ALL"
            "  SELECT s.trust_uid, coalesce(g.name, s.trust_name), g.type, g.status, NULL, NULL, 1"
            "  FROM schools s LEFT JOIN groups g ON g.uid = s.trust_uid"
            "  WHERE s.urn = ?1 AND s.trust_uid IS NOT NULL"
            "  AND NOT EXISTS (SELECT 1 FROM group_members m WHERE m.urn = ?1 AND m.group_uid = s.trust_uid))"
            " SELECT uid, name, type, status, joined, left_date, from_establishment FROM found"
            " ORDER BY left_date IS NOT NULL, from_establishment DESC, joined DESC, uid");
    if (!st)
        return -1;
    db_bind_int64(st, 1, urn);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        Membership *m = grow((void **)&out->items, &out->n, sizeof *m);
        m->group_uid = sqlite3_column_int64(st, 0);
        m->group_name = db_col_dup(st, 1);
        m->group_type = db_col_dup(st, 2);
        m->group_status = db_col_dup(st, 3);
        m->joined = db_col_dup(st, 4);
        m->left = db_col_dup(st, 5);
        m->from_establishment = sqlite3_column_int(st, 6);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        membership_list_free(out);
        return -1;
    }
    return 0;
}

void membership_list_free(MembershipList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        Membership *m = &l->items[i];
        free(m->group_name);
        free(m->group_type);
        free(m->group_status);
        free(m->joined);
        free(m->left);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int group_get(Db *db, int64_t uid, Group *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT uid, group_id, name, companies_house, type, status, open_date,"
                                   " closed_date, incorporated_on, town, postcode, ukprn FROM groups WHERE uid = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, uid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->uid = sqlite3_column_int64(st, 0);
        out->group_id = db_col_dup(st, 1);
        out->name = db_col_dup(st, 2);
        out->companies_house = db_col_dup(st, 3);
        out->type = db_col_dup(st, 4);
        out->status = db_col_dup(st, 5);
        out->open_date = db_col_dup(st, 6);
        out->closed_date = db_col_dup(st, 7);
        out->incorporated_on = db_col_dup(st, 8);
        out->town = db_col_dup(st, 9);
        out->postcode = db_col_dup(st, 10);
        out->ukprn = db_col_dup(st, 11);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

void group_free(Group *g)
{
    free(g->group_id);
    free(g->name);
    free(g->companies_house);
    free(g->type);
    free(g->status);
    free(g->open_date);
    free(g->closed_date);
    free(g->incorporated_on);
    free(g->town);
    free(g->postcode);
    free(g->ukprn);
    memset(g, 0, sizeof *g);
}

int group_members_get(Db *db, int64_t uid, int with_history, GroupMemberList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(
        db, "WITH members(urn, joined, left_date, from_establishment) AS ("
            "  SELECT urn, joined_date, left_date, 0 FROM group_members WHERE group_uid = ?1"
            "  UNION ALL"
            "  SELECT s.urn, NULL, NULL, 1 FROM schools s WHERE s.trust_uid = ?1"
            "  AND NOT EXISTS (SELECT 1 FROM group_members m WHERE m.group_uid = ?1 AND m.urn = s.urn))"
            " SELECT m.urn, s.name, m.joined, m.left_date, m.from_establishment, s.status, s.phase, s.type_name,"
            "  s.la_name, s.trust_uid, coalesce(g.name, s.trust_name), i.overall, i.inspection_date, i.category"
            " FROM members m LEFT JOIN schools s ON s.urn = m.urn"
            " LEFT JOIN groups g ON g.uid = s.trust_uid"
            " LEFT JOIN inspections i ON i.rowid = (SELECT j.rowid FROM inspections j WHERE j.urn = m.urn"
            "  AND j.kind = 'graded' ORDER BY j.inspection_date DESC LIMIT 1)"
            " ORDER BY m.left_date IS NOT NULL, s.name IS NULL, s.name COLLATE NOCASE, m.urn");
    if (!st)
        return -1;
    db_bind_int64(st, 1, uid);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        GroupMember *m = grow((void **)&out->items, &out->n, sizeof *m);
        m->urn = sqlite3_column_int64(st, 0);
        m->name = db_col_dup(st, 1);
        m->joined = db_col_dup(st, 2);
        m->left = db_col_dup(st, 3);
        m->from_establishment = sqlite3_column_int(st, 4);
        m->status = db_col_dup(st, 5);
        m->phase = db_col_dup(st, 6);
        m->type_name = db_col_dup(st, 7);
        m->la_name = db_col_dup(st, 8);
        m->current_trust_uid = sqlite3_column_int64(st, 9);
        m->current_trust_name = db_col_dup(st, 10);
        m->grade = sqlite3_column_int(st, 11);
        m->grade_date = db_col_dup(st, 12);
        m->grade_category = db_col_dup(st, 13);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        log_error("group members failed: %s", sqlite3_errmsg(db_handle(db)));
        group_member_list_free(out);
        return -1;
    }
    /* histories after the list is read: school_history uses its own statement,
       but reading it while the members statement runs would hold it open */
    for (size_t i = 0; with_history && i < out->n; i++) {
        if (school_history(db, out->items[i].urn, &out->items[i].history) != 0) {
            group_member_list_free(out);
            return -1;
        }
    }
    return 0;
}

void group_member_list_free(GroupMemberList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        GroupMember *m = &l->items[i];
        free(m->name);
        free(m->joined);
        free(m->left);
        free(m->status);
        free(m->phase);
        free(m->type_name);
        free(m->la_name);
        free(m->current_trust_name);
        free(m->grade_date);
        free(m->grade_category);
        inspection_list_free(&m->history);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
