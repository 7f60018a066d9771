/*
 * import.c - reference-data importers. See import.h for the contract.
 *
 * Each importer is a column table plus a row function. The row function
 * validates the row's values (recording FILE:LINE:COLUMN problems) and, when
 * the row is valid and writing is still on, upserts it. Upserts are keyed
 * (URN, group UID, URN+date) and count added / updated / unchanged by
 * trying an INSERT OR IGNORE first and then an UPDATE that only fires when
 * a value differs.
 */
#include "store/import.h"

#include "store/import_internal.h"
#include "store/inspections.h"
#include "store/case_closure.h"

#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/log.h"
#include "domain/grades.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- columns ------------------------------------------------------------- */

void imp_problem(Ctx *c, int col, const char *fmt, ...)
{
    ImportResult *res = c->res;
    c->row_bad = 1;
    res->total_problems++;
    char reason[240];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (res->nproblems < IMPORT_MAX_PROBLEMS) {
        ImportProblem *p = &res->problems[res->nproblems++];
        p->line = c->row ? c->row->line : 0;
        p->column = col >= 0 && c->idx[col] >= 0 ? c->idx[col] + 1 : 0;
        snprintf(p->reason, sizeof p->reason, "%s", reason);
    }
    if (c->row_reasons.len)
        buf_puts(&c->row_reasons, "; ");
    buf_puts(&c->row_reasons, reason);
}

/* The value of column col in this row, or NULL when absent or blank. */
const char *imp_val(Ctx *c, int col)
{
    int i = c->idx[col];
    if (i < 0 || (size_t)i >= c->row->n)
        return NULL;
    const char *v = c->row->fields[i];
    while (*v == ' ')
        v++;
    return *v ? v : NULL;
}

const char *imp_header_label(const Ctx *c, int col)
{
    return c->hdr[col][0] ? c->hdr[col] : c->spec[col].names[0];
}

/* Integer column: NULL when blank; a problem when not a whole number. */
int imp_int_val(Ctx *c, int col, long long *out, int *present)
{
    const char *v = imp_val(c, col);
    *present = 0;
    if (!v)
        return 0;
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    while (*end == ' ')
        end++;
    if (errno || *end) {
        imp_problem(c, col, "%s '%s' is not a whole number", imp_header_label(c, col), v);
        return -1;
    }
    *out = x;
    *present = 1;
    return 0;
}

/* Date column as yyyy-mm-dd in out (empty when blank); a problem when invalid. */
int imp_date_val(Ctx *c, int col, char out[11])
{
    out[0] = '\0';
    const char *v = imp_val(c, col);
    if (!v)
        return 0;
    int blank;
    Date d = date_parse(v, &blank);
    if (d == DATE_NONE) {
        if (blank)
            return 0;
        imp_problem(c, col, "%s '%s' is not a date (expected dd-mm-yyyy, yyyy-mm-dd or yyyymmdd)",
                imp_header_label(c, col), v);
        return -1;
    }
    date_iso(d, out);
    return 0;
}

long long imp_urn(Ctx *c, int col)
{
    long long urn = 0;
    int has;
    if (imp_int_val(c, col, &urn, &has) == 0 && (!has || urn <= 0)) {
        imp_problem(c, col, "URN must be a positive whole number");
        return 0;
    }
    return urn;
}

static int resolve_columns(Ctx *c, const CsvRow *header, const ColSpec *spec, int n)
{
    char norm[MAX_COLS * 4][64];
    size_t hn = header->n < MAX_COLS * 4 ? header->n : MAX_COLS * 4;
    for (size_t i = 0; i < hn; i++)
        csv_norm_header(header->fields[i], norm[i], sizeof norm[i]);
    c->spec = spec;
    c->ncols = n;
    int missing = 0;
    for (int k = 0; k < n; k++) {
        c->idx[k] = -1;
        for (size_t i = 0; i < hn && c->idx[k] < 0; i++)
            for (int a = 0; a < 4 && spec[k].names[a]; a++)
                if (strcmp(norm[i], spec[k].names[a]) == 0) {
                    c->idx[k] = (int)i;
                    snprintf(c->hdr[k], sizeof c->hdr[k], "%s", header->fields[i]);
                    break;
                }
        if (c->idx[k] < 0 && spec[k].required)
            missing++;
    }
    return missing;
}

/* Binds text or NULL. */
static void bt(sqlite3_stmt *st, int i, const char *s)
{
    db_bind_text(st, i, s);
}

static void bi(sqlite3_stmt *st, int i, long long v, int present)
{
    if (present)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static void bd(sqlite3_stmt *st, int i, const char *iso)
{
    db_bind_text(st, i, iso && *iso ? iso : NULL);
}

/* Runs an INSERT OR IGNORE then, if nothing was inserted, an UPDATE ... WHERE
   something differs; both statements already bound. Counts the outcome. */
static int upsert(Ctx *c, sqlite3_stmt *ins, sqlite3_stmt *upd, int *outcome)
{
    sqlite3 *h = db_handle(c->db);
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    if (rc != SQLITE_DONE) {
        log_error("import insert failed: %s", sqlite3_errmsg(h));
        return -1;
    }
    if (sqlite3_changes(h) > 0) {
        c->res->added++;
        *outcome = 1;
        return 0;
    }
    rc = sqlite3_step(upd);
    sqlite3_reset(upd);
    if (rc != SQLITE_DONE) {
        log_error("import update failed: %s", sqlite3_errmsg(h));
        return -1;
    }
    if (sqlite3_changes(h) > 0) {
        c->res->updated++;
        *outcome = 2;
    } else {
        c->res->unchanged++;
        *outcome = 0;
    }
    return 0;
}

/* --- GIAS establishments ------------------------------------------------- */

enum {
    G_URN, G_NAME, G_LA_CODE, G_LA_NAME, G_ESTAB_NO, G_TYPE, G_TYPE_GROUP, G_STATUS, G_OPEN, G_CLOSE,
    G_REASON_OPEN, G_REASON_CLOSE, G_PHASE, G_LOW_AGE, G_HIGH_AGE, G_RELIGION, G_DIOCESE_CODE, G_DIOCESE,
    G_TRUST_UID, G_TRUST, G_SPONSOR, G_FED_UID, G_FED, G_UKPRN, G_STREET, G_LOCALITY, G_ADDRESS3, G_TOWN,
    G_COUNTY, G_POSTCODE, G_REGION, G_DISTRICT_CODE, G_DISTRICT, G_EASTING, G_NORTHING, G_PUPILS, G_CAPACITY,
    G_FSM, G_WEBSITE, G_PHONE, G_LAST_CHANGED, G_OFSTED_RATING, G_OFSTED_LAST, G_OFSTED_SM, G_NCOLS
};

static const ColSpec GIAS_COLS[G_NCOLS] = {
    [G_URN] = {{"urn"}, 1},
    [G_NAME] = {{"establishmentname"}, 1},
    [G_LA_CODE] = {{"lacode"}, 0},
    [G_LA_NAME] = {{"laname"}, 0},
    [G_ESTAB_NO] = {{"establishmentnumber"}, 0},
    [G_TYPE] = {{"typeofestablishmentname"}, 0},
    [G_TYPE_GROUP] = {{"establishmenttypegroupname"}, 0},
    [G_STATUS] = {{"establishmentstatusname"}, 0},
    [G_OPEN] = {{"opendate"}, 0},
    [G_CLOSE] = {{"closedate"}, 0},
    [G_REASON_OPEN] = {{"reasonestablishmentopenedname"}, 0},
    [G_REASON_CLOSE] = {{"reasonestablishmentclosedname"}, 0},
    [G_PHASE] = {{"phaseofeducationname"}, 0},
    [G_LOW_AGE] = {{"statutorylowage"}, 0},
    [G_HIGH_AGE] = {{"statutoryhighage"}, 0},
    [G_RELIGION] = {{"religiouscharactername"}, 0},
    [G_DIOCESE_CODE] = {{"diocesecode"}, 0},
    [G_DIOCESE] = {{"diocesename"}, 0},
    [G_TRUST_UID] = {{"trustscode"}, 0},
    [G_TRUST] = {{"trustsname"}, 0},
    [G_SPONSOR] = {{"schoolsponsorsname"}, 0},
    [G_FED_UID] = {{"federationscode"}, 0},
    [G_FED] = {{"federationsname"}, 0},
    [G_UKPRN] = {{"ukprn"}, 0},
    [G_STREET] = {{"street"}, 0},
    [G_LOCALITY] = {{"locality"}, 0},
    [G_ADDRESS3] = {{"address3"}, 0},
    [G_TOWN] = {{"town"}, 0},
    [G_COUNTY] = {{"countyname"}, 0},
    [G_POSTCODE] = {{"postcode"}, 0},
    [G_REGION] = {{"gorname"}, 0},
    [G_DISTRICT_CODE] = {{"districtadministrativecode"}, 0},
    [G_DISTRICT] = {{"districtadministrativename"}, 0},
    [G_EASTING] = {{"easting"}, 0},
    [G_NORTHING] = {{"northing"}, 0},
    [G_PUPILS] = {{"numberofpupils"}, 0},
    [G_CAPACITY] = {{"schoolcapacity"}, 0},
    [G_FSM] = {{"percentagefsm"}, 0},
    [G_WEBSITE] = {{"schoolwebsite"}, 0},
    [G_PHONE] = {{"telephonenum"}, 0},
    [G_LAST_CHANGED] = {{"lastchangeddate"}, 0},
    [G_OFSTED_RATING] = {{"ofstedratingname"}, 0},
    [G_OFSTED_LAST] = {{"ofstedlastinsp"}, 0},
    [G_OFSTED_SM] = {{"ofstedspecialmeasuresname"}, 0},
};

/* GIAS writes "Not applicable" where a value does not apply. */
static const char *applicable(const char *v)
{
    if (!v || strcmp(v, "Not applicable") == 0 || strcmp(v, "Not recorded") == 0 ||
        strcmp(v, "Does not apply") == 0)
        return NULL;
    return v;
}

/* School columns in bind order (?2 .. ?41), and the GIAS column each comes from. */
static const struct {
    const char *col;
    int src;
} SCHOOL_COLS[40] = {
    {"name", G_NAME}, {"la_code", G_LA_CODE}, {"la_name", G_LA_NAME}, {"establishment_number", G_ESTAB_NO},
    {"type_name", G_TYPE}, {"type_group", G_TYPE_GROUP}, {"status", G_STATUS}, {"open_date", G_OPEN},
    {"close_date", G_CLOSE}, {"reason_opened", G_REASON_OPEN}, {"reason_closed", G_REASON_CLOSE},
    {"phase", G_PHASE}, {"low_age", G_LOW_AGE}, {"high_age", G_HIGH_AGE}, {"religious_character", G_RELIGION},
    {"diocese_code", G_DIOCESE_CODE}, {"diocese_name", G_DIOCESE}, {"trust_uid", G_TRUST_UID},
    {"trust_name", G_TRUST}, {"sponsor_name", G_SPONSOR}, {"federation_uid", G_FED_UID},
    {"federation_name", G_FED}, {"ukprn", G_UKPRN}, {"street", G_STREET}, {"locality", G_LOCALITY},
    {"address3", G_ADDRESS3}, {"town", G_TOWN}, {"county", G_COUNTY}, {"postcode", G_POSTCODE},
    {"region", G_REGION}, {"district_code", G_DISTRICT_CODE}, {"district_name", G_DISTRICT},
    {"easting", G_EASTING}, {"northing", G_NORTHING}, {"pupils", G_PUPILS}, {"capacity", G_CAPACITY},
    {"percent_fsm", G_FSM}, {"website", G_WEBSITE}, {"telephone", G_PHONE}, {"last_changed", G_LAST_CHANGED},
};

/*
 * The UPDATE for this file: only the columns the file has are set and
 * compared, so a file with fewer columns (the 48-column core extract) does
 * not blank what a fuller file recorded.
 */
static sqlite3_stmt *school_update_for(Ctx *c)
{
    Buf set = BUF_INIT, diff = BUF_INIT;
    for (int i = 0; i < 40; i++) {
        if (c->idx[SCHOOL_COLS[i].src] < 0)
            continue;
        buf_printf(&set, "%s%s = ?%d", set.len ? ", " : "", SCHOOL_COLS[i].col, i + 2);
        buf_printf(&diff, "%s%s IS NOT ?%d", diff.len ? " OR " : "", SCHOOL_COLS[i].col, i + 2);
    }
    Buf sql = BUF_INIT;
    buf_printf(&sql, "UPDATE schools SET %s, last_import = ?42 WHERE urn = ?1 AND (%s)", buf_str(&set),
               buf_str(&diff));
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(c->db), buf_str(&sql), -1, &st, NULL) != SQLITE_OK)
        log_error("cannot prepare the school update: %s", sqlite3_errmsg(db_handle(c->db)));
    buf_free(&set);
    buf_free(&diff);
    buf_free(&sql);
    return st;
}

static const char SCHOOL_INSERT[] =
    "INSERT OR IGNORE INTO schools (urn, name, la_code, la_name, establishment_number, type_name, type_group,"
    " status, open_date, close_date, reason_opened, reason_closed, phase, low_age, high_age, religious_character,"
    " diocese_code, diocese_name, trust_uid, trust_name, sponsor_name, federation_uid, federation_name, ukprn,"
    " street, locality, address3, town, county, postcode, region, district_code, district_name, easting,"
    " northing, pupils, capacity, percent_fsm, website, telephone, last_changed, first_import, last_import)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,"
    "?27,?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42,?42)";

static void bind_school(sqlite3_stmt *st, Ctx *c, long long urn, const char *open, const char *close,
                        long long *nums, int *has, double fsm, int has_fsm)
{
    sqlite3_bind_int64(st, 1, urn);
    bt(st, 2, imp_val(c, G_NAME));
    bt(st, 3, imp_val(c, G_LA_CODE));
    bt(st, 4, imp_val(c, G_LA_NAME));
    bt(st, 5, imp_val(c, G_ESTAB_NO));
    bt(st, 6, imp_val(c, G_TYPE));
    bt(st, 7, imp_val(c, G_TYPE_GROUP));
    bt(st, 8, imp_val(c, G_STATUS));
    bd(st, 9, open);
    bd(st, 10, close);
    bt(st, 11, applicable(imp_val(c, G_REASON_OPEN)));
    bt(st, 12, applicable(imp_val(c, G_REASON_CLOSE)));
    bt(st, 13, applicable(imp_val(c, G_PHASE)));
    bi(st, 14, nums[0], has[0]);
    bi(st, 15, nums[1], has[1]);
    bt(st, 16, applicable(imp_val(c, G_RELIGION)));
    bt(st, 17, imp_val(c, G_DIOCESE_CODE));
    bt(st, 18, applicable(imp_val(c, G_DIOCESE)));
    bi(st, 19, nums[2], has[2]);
    bt(st, 20, applicable(imp_val(c, G_TRUST)));
    bt(st, 21, applicable(imp_val(c, G_SPONSOR)));
    bt(st, 22, imp_val(c, G_FED_UID));
    bt(st, 23, applicable(imp_val(c, G_FED)));
    bt(st, 24, imp_val(c, G_UKPRN));
    bt(st, 25, imp_val(c, G_STREET));
    bt(st, 26, imp_val(c, G_LOCALITY));
    bt(st, 27, imp_val(c, G_ADDRESS3));
    bt(st, 28, imp_val(c, G_TOWN));
    bt(st, 29, applicable(imp_val(c, G_COUNTY)));
    bt(st, 30, imp_val(c, G_POSTCODE));
    bt(st, 31, applicable(imp_val(c, G_REGION)));
    bt(st, 32, imp_val(c, G_DISTRICT_CODE));
    bt(st, 33, imp_val(c, G_DISTRICT));
    bi(st, 34, nums[3], has[3]);
    bi(st, 35, nums[4], has[4]);
    bi(st, 36, nums[5], has[5]);
    bi(st, 37, nums[6], has[6]);
    if (has_fsm)
        sqlite3_bind_double(st, 38, fsm);
    else
        sqlite3_bind_null(st, 38);
    bt(st, 39, imp_val(c, G_WEBSITE));
    bt(st, 40, imp_val(c, G_PHONE));
    bt(st, 41, imp_val(c, G_LAST_CHANGED));
    sqlite3_bind_int64(st, 42, c->import_id);
}

static int gias_row(Ctx *c)
{
    long long urn = 0;
    int has_urn;
    if (imp_int_val(c, G_URN, &urn, &has_urn) == 0 && (!has_urn || urn <= 0))
        imp_problem(c, G_URN, "URN must be a positive whole number");
    if (!imp_val(c, G_NAME))
        imp_problem(c, G_NAME, "EstablishmentName is blank");
    char open[11], close[11], last[11];
    imp_date_val(c, G_OPEN, open);
    imp_date_val(c, G_CLOSE, close);
    long long nums[7] = {0};
    int has[7] = {0};
    const int numcols[7] = {G_LOW_AGE, G_HIGH_AGE, G_TRUST_UID, G_EASTING, G_NORTHING, G_PUPILS, G_CAPACITY};
    for (int i = 0; i < 7; i++)
        imp_int_val(c, numcols[i], &nums[i], &has[i]);
    double fsm = 0;
    int has_fsm = 0;
    const char *fv = imp_val(c, G_FSM);
    if (fv && strcmp(fv, "SUPP") != 0 && strcmp(fv, "Not applicable") != 0) {
        char *end;
        fsm = strtod(fv, &end);
        if (*end || fsm < 0 || fsm > 100)
            imp_problem(c, G_FSM, "PercentageFSM '%s' is not a percentage", fv);
        else
            has_fsm = 1;
    }
    /* the latest graded inspection, where the file carries it */
    const char *rating = imp_val(c, G_OFSTED_RATING);
    const char *category = NULL;
    int grade = 0;
    if (rating) {
        grade = grade_from_text(rating, &category);
        if (grade < 0)
            imp_problem(c, G_OFSTED_RATING, "OfstedRating '%s' is not an Ofsted judgement", rating);
    }
    imp_date_val(c, G_OFSTED_LAST, last);
    if (c->row_bad || !c->writing)
        return 0;

    /* the status before this row, to count closures and keep the history */
    sqlite3_stmt *q = db_stmt(c->db, "SELECT status FROM schools WHERE urn = ?");
    sqlite3_bind_int64(q, 1, urn);
    char old_status[64] = "";
    int existed = sqlite3_step(q) == SQLITE_ROW;
    if (existed && sqlite3_column_text(q, 0))
        snprintf(old_status, sizeof old_status, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);

    sqlite3_stmt *ins = db_stmt(c->db, SCHOOL_INSERT), *upd = c->school_update;
    if (!ins || !upd)
        return -1;
    bind_school(ins, c, urn, open, close, nums, has, fsm, has_fsm);
    bind_school(upd, c, urn, open, close, nums, has, fsm, has_fsm);
    int outcome;
    if (upsert(c, ins, upd, &outcome) != 0)
        return -1;
    const char *status = imp_val(c, G_STATUS);
    if (status && strcmp(status, "Closed") == 0 && (!existed || strcmp(old_status, "Closed") != 0) && existed)
        c->res->closed++;
    if (status && (!existed || strcmp(old_status, status) != 0)) {
        sqlite3_stmt *h = db_stmt(c->db, "INSERT OR IGNORE INTO school_status_history (urn, status, seen_on,"
                                         " import_id) VALUES (?, ?, ?, ?)");
        sqlite3_bind_int64(h, 1, urn);
        bt(h, 2, status);
        bt(h, 3, c->today);
        sqlite3_bind_int64(h, 4, c->import_id);
        sqlite3_step(h);
        sqlite3_reset(h);
    }
    if (grade > 0 && last[0])
        return gias_inspection_report(c, urn, last, grade, rating, category);
    return 0;
}

/* --- establishment links -------------------------------------------------- */

enum { L_URN, L_LINK_URN, L_LINK_NAME, L_TYPE, L_DATE, L_NCOLS };
static const ColSpec LINK_COLS[L_NCOLS] = {
    [L_URN] = {{"urn"}, 1},
    [L_LINK_URN] = {{"linkurn"}, 1},
    [L_LINK_NAME] = {{"linkname"}, 0},
    [L_TYPE] = {{"linktype"}, 1},
    [L_DATE] = {{"linkestablisheddate"}, 0},
};

static int links_row(Ctx *c)
{
    long long urn = 0, link = 0;
    int h1, h2;
    if (imp_int_val(c, L_URN, &urn, &h1) == 0 && (!h1 || urn <= 0))
        imp_problem(c, L_URN, "URN must be a positive whole number");
    if (imp_int_val(c, L_LINK_URN, &link, &h2) == 0 && (!h2 || link <= 0))
        imp_problem(c, L_LINK_URN, "LinkURN must be a positive whole number");
    if (!imp_val(c, L_TYPE))
        imp_problem(c, L_TYPE, "LinkType is blank");
    char est[11];
    imp_date_val(c, L_DATE, est);
    if (c->row_bad || !c->writing)
        return 0;
    sqlite3_stmt *ins = db_stmt(c->db, "INSERT OR IGNORE INTO school_links (urn, link_urn, link_name, link_type,"
                                       " established) VALUES (?1, ?2, ?3, ?4, ?5)");
    sqlite3_stmt *upd = db_stmt(c->db, "UPDATE school_links SET link_name = ?3, established = ?5"
                                       " WHERE urn = ?1 AND link_urn = ?2 AND link_type = ?4"
                                       " AND (link_name IS NOT ?3 OR established IS NOT ?5)");
    sqlite3_stmt *sts[2] = {ins, upd};
    for (int i = 0; i < 2; i++) {
        sqlite3_bind_int64(sts[i], 1, urn);
        sqlite3_bind_int64(sts[i], 2, link);
        bt(sts[i], 3, imp_val(c, L_LINK_NAME));
        bt(sts[i], 4, imp_val(c, L_TYPE));
        bd(sts[i], 5, est);
    }
    int outcome;
    return upsert(c, ins, upd, &outcome);
}

/* --- groups -------------------------------------------------------------- */

enum { GR_UID, GR_ID, GR_NAME, GR_CH, GR_TYPE, GR_STATUS, GR_OPEN, GR_CLOSED, GR_INC, GR_TOWN, GR_POSTCODE, GR_UKPRN,
       GR_NCOLS };
static const ColSpec GROUP_COLS[GR_NCOLS] = {
    [GR_UID] = {{"groupuid"}, 1},
    [GR_ID] = {{"groupid"}, 0},
    [GR_NAME] = {{"groupname"}, 1},
    [GR_CH] = {{"companieshousenumber"}, 0},
    [GR_TYPE] = {{"grouptype"}, 0},
    [GR_STATUS] = {{"groupstatus"}, 0},
    [GR_OPEN] = {{"opendate"}, 0},
    [GR_CLOSED] = {{"closeddate"}, 0},
    [GR_INC] = {{"incorporatedonopendate"}, 0},
    [GR_TOWN] = {{"grouptown"}, 0},
    [GR_POSTCODE] = {{"grouppostcode"}, 0},
    [GR_UKPRN] = {{"ukprn"}, 0},
};

static int groups_row(Ctx *c)
{
    long long uid = 0;
    int has;
    if (imp_int_val(c, GR_UID, &uid, &has) == 0 && (!has || uid <= 0))
        imp_problem(c, GR_UID, "Group UID must be a positive whole number");
    if (!imp_val(c, GR_NAME))
        imp_problem(c, GR_NAME, "Group Name is blank");
    char open[11], closed[11], inc[11];
    imp_date_val(c, GR_OPEN, open);
    imp_date_val(c, GR_CLOSED, closed);
    imp_date_val(c, GR_INC, inc);
    if (c->row_bad || !c->writing)
        return 0;
    sqlite3_stmt *ins = db_stmt(c->db, "INSERT OR IGNORE INTO groups (uid, group_id, name, companies_house, type,"
                                       " status, open_date, closed_date, incorporated_on, town, postcode, ukprn,"
                                       " first_import, last_import) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
                                       "?13,?13)");
    sqlite3_stmt *upd = db_stmt(c->db, "UPDATE groups SET group_id = ?2, name = ?3, companies_house = ?4, type = ?5,"
                                       " status = ?6, open_date = ?7, closed_date = ?8, incorporated_on = ?9,"
                                       " town = ?10, postcode = ?11, ukprn = ?12, last_import = ?13 WHERE uid = ?1"
                                       " AND (group_id IS NOT ?2 OR name IS NOT ?3 OR companies_house IS NOT ?4"
                                       " OR type IS NOT ?5 OR status IS NOT ?6 OR open_date IS NOT ?7"
                                       " OR closed_date IS NOT ?8 OR incorporated_on IS NOT ?9 OR town IS NOT ?10"
                                       " OR postcode IS NOT ?11 OR ukprn IS NOT ?12)");
    sqlite3_stmt *sts[2] = {ins, upd};
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = sts[i];
        sqlite3_bind_int64(st, 1, uid);
        bt(st, 2, imp_val(c, GR_ID));
        bt(st, 3, imp_val(c, GR_NAME));
        bt(st, 4, imp_val(c, GR_CH));
        bt(st, 5, imp_val(c, GR_TYPE));
        bt(st, 6, imp_val(c, GR_STATUS));
        bd(st, 7, open);
        bd(st, 8, closed);
        bd(st, 9, inc);
        bt(st, 10, applicable(imp_val(c, GR_TOWN)));
        bt(st, 11, imp_val(c, GR_POSTCODE));
        bt(st, 12, imp_val(c, GR_UKPRN));
        sqlite3_bind_int64(st, 13, c->import_id);
    }
    int outcome;
    return upsert(c, ins, upd, &outcome);
}

/* --- group links (membership with joined dates) -------------------------- */

enum { GL_URN, GL_UID, GL_JOINED, GL_NAME, GL_TYPE, GL_STATUS, GL_NCOLS };
static const ColSpec GROUP_LINK_COLS[GL_NCOLS] = {
    [GL_URN] = {{"urn"}, 1},
    [GL_UID] = {{"groupuid"}, 1},
    [GL_JOINED] = {{"joineddate"}, 0},
    [GL_NAME] = {{"groupname"}, 0},
    [GL_TYPE] = {{"grouptype"}, 0},
    [GL_STATUS] = {{"groupstatus"}, 0},
};

static int group_links_row(Ctx *c)
{
    long long urn = 0, uid = 0;
    int h1, h2;
    if (imp_int_val(c, GL_URN, &urn, &h1) == 0 && (!h1 || urn <= 0))
        imp_problem(c, GL_URN, "URN must be a positive whole number");
    if (imp_int_val(c, GL_UID, &uid, &h2) == 0 && (!h2 || uid <= 0))
        imp_problem(c, GL_UID, "Group UID must be a positive whole number");
    char joined[11];
    imp_date_val(c, GL_JOINED, joined);
    if (c->row_bad || !c->writing)
        return 0;
    /* a group named only in a links file still gets a record */
    if (imp_val(c, GL_NAME)) {
        sqlite3_stmt *g = db_stmt(c->db, "INSERT OR IGNORE INTO groups (uid, name, type, status, first_import,"
                                         " last_import) VALUES (?, ?, ?, ?, ?, ?)");
        sqlite3_bind_int64(g, 1, uid);
        bt(g, 2, imp_val(c, GL_NAME));
        bt(g, 3, imp_val(c, GL_TYPE));
        bt(g, 4, imp_val(c, GL_STATUS));
        sqlite3_bind_int64(g, 5, c->import_id);
        sqlite3_bind_int64(g, 6, c->import_id);
        sqlite3_step(g);
        sqlite3_reset(g);
    }
    sqlite3_stmt *ins = db_stmt(c->db, "INSERT OR IGNORE INTO group_members (group_uid, urn, joined_date, left_date,"
                                       " last_import) VALUES (?1, ?2, ?3, NULL, ?4)");
    sqlite3_stmt *upd = db_stmt(c->db, "UPDATE group_members SET joined_date = ?3, left_date = NULL, last_import = ?4"
                                       " WHERE group_uid = ?1 AND urn = ?2"
                                       " AND (joined_date IS NOT ?3 OR left_date IS NOT NULL)");
    sqlite3_stmt *sts[2] = {ins, upd};
    for (int i = 0; i < 2; i++) {
        sqlite3_bind_int64(sts[i], 1, uid);
        sqlite3_bind_int64(sts[i], 2, urn);
        bd(sts[i], 3, joined);
        sqlite3_bind_int64(sts[i], 4, c->import_id);
    }
    int outcome;
    if (upsert(c, ins, upd, &outcome) != 0)
        return -1;
    if (outcome == 0) {
        /* unchanged, but still listed: remember it was seen in this file */
        sqlite3_stmt *s = db_stmt(c->db, "UPDATE group_members SET last_import = ? WHERE group_uid = ? AND urn = ?");
        sqlite3_bind_int64(s, 1, c->import_id);
        sqlite3_bind_int64(s, 2, uid);
        sqlite3_bind_int64(s, 3, urn);
        sqlite3_step(s);
        sqlite3_reset(s);
    }
    return 0;
}

/*
 * After a complete group-links file: a membership it no longer lists has
 * ended. Interpretation: it ended the day the school joined its next group
 * when the file shows one; otherwise on the day of this import (the file
 * says only that it is over).
 */
static int close_memberships(Ctx *c)
{
    sqlite3_stmt *st = db_stmt(
        c->db, "UPDATE group_members AS m SET left_date = coalesce("
               "  (SELECT min(n.joined_date) FROM group_members n WHERE n.urn = m.urn AND n.group_uid <> m.group_uid"
               "   AND n.last_import = ?1 AND n.joined_date >= coalesce(m.joined_date, '')), ?2)"
               " WHERE m.left_date IS NULL AND (m.last_import IS NULL OR m.last_import <> ?1)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, c->import_id);
    bt(st, 2, c->today);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    c->res->closed += sqlite3_changes(db_handle(c->db));
    return 0;
}

/* --- driver -------------------------------------------------------------- */

const char *import_kind_name(ImportKind k)
{
    switch (k) {
    case IMPORT_GIAS: return "gias";
    case IMPORT_LINKS: return "links";
    case IMPORT_GROUPS: return "groups";
    case IMPORT_GROUP_LINKS: return "group-links";
    case IMPORT_OFSTED: return "ofsted";
    }
    return "?";
}

OfstedFormat ofsted_format_from_name(const char *s)
{
    if (!s)
        return OFSTED_DETECT;
    if (strcmp(s, "history") == 0)
        return OFSTED_HISTORY;
    if (strcmp(s, "mi") == 0)
        return OFSTED_MI;
    return OFSTED_DETECT;
}

ImportKind import_kind_from_name(const char *s, int *ok)
{
    *ok = 1;
    for (int k = IMPORT_GIAS; k <= IMPORT_OFSTED; k++)
        if (s && strcmp(s, import_kind_name((ImportKind)k)) == 0)
            return (ImportKind)k;
    *ok = 0;
    return IMPORT_GIAS;
}

int64_t import_queue_job(Db *db, ImportKind kind, const char *file_name, const char *path, const char *format,
                         int skip_invalid, const Actor *actor)
{
    int64_t id = import_queue(db, kind, file_name, actor->label);
    if (!id)
        return 0;
    sqlite3_stmt *st =
        db_stmt(db, "UPDATE imports SET path = ?, format = ?, skip_invalid = ?, actor_id = ? WHERE id = ?");
    if (!st)
        return 0;
    bt(st, 1, path);
    bt(st, 2, format);
    sqlite3_bind_int(st, 3, skip_invalid);
    sqlite3_bind_int64(st, 4, actor->user_id);
    sqlite3_bind_int64(st, 5, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? id : 0;
}

int64_t import_queue(Db *db, ImportKind kind, const char *file_name, const char *actor)
{
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO imports (kind, file_name, started_at, status, actor)"
                                   " VALUES (?, ?, ?, 'queued', ?)");
    if (!st)
        return 0;
    bt(st, 1, import_kind_name(kind));
    bt(st, 2, file_name);
    bt(st, 3, now);
    bt(st, 4, actor);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db_handle(db)) : 0;
}

/*
 * Records how an import ended: its problems first, then its status, in one
 * transaction (or inside the import's own, when it succeeded), so that a
 * status page never shows "Not imported" with only some of the problems.
 */
static void finish_record(Db *db, ImportResult *res, const char *status, const char *message)
{
    int own_tx = sqlite3_get_autocommit(db_handle(db));
    if (own_tx && db_begin(db) != 0)
        return;
    for (int i = 0; i < res->nproblems; i++) {
        sqlite3_stmt *p = db_stmt(db, "INSERT INTO import_problems (import_id, line, col, reason) VALUES (?,?,?,?)");
        if (!p)
            break;
        sqlite3_bind_int64(p, 1, res->import_id);
        sqlite3_bind_int64(p, 2, res->problems[i].line);
        sqlite3_bind_int(p, 3, res->problems[i].column);
        bt(p, 4, res->problems[i].reason);
        sqlite3_step(p);
        sqlite3_reset(p);
    }
    char now[32];
    log_timestamp(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE imports SET finished_at = ?, status = ?, encoding = ?, rows_read = ?,"
                                   " added = ?, updated = ?, unchanged = ?, closed = ?, rejected = ?, message = ?,"
                                   " progress = 100 WHERE id = ?");
    if (st) {
        bt(st, 1, now);
        bt(st, 2, status);
        bt(st, 3, res->encoding);
        sqlite3_bind_int64(st, 4, res->rows);
        sqlite3_bind_int64(st, 5, res->added);
        sqlite3_bind_int64(st, 6, res->updated);
        sqlite3_bind_int64(st, 7, res->unchanged);
        sqlite3_bind_int64(st, 8, res->closed);
        sqlite3_bind_int64(st, 9, res->rejected);
        bt(st, 10, message);
        sqlite3_bind_int64(st, 11, res->import_id);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    if (own_tx)
        db_commit(db);
}

static void csv_field_out(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int import_file(Db *db, ImportKind kind, const char *path, const ImportOptions *opt, ImportResult *res)
{
    memset(res, 0, sizeof *res);
    Ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.opt = opt;
    c.res = res;
    c.name = opt->display_name ? opt->display_name : path;
    c.writing = 1;
    char now[32];
    log_timestamp(now);
    memcpy(c.today, now, 10);
    c.today[10] = '\0';
    const char *actor = opt->actor && opt->actor->label ? opt->actor->label : "command line";

    res->import_id = opt->import_id ? opt->import_id : import_queue(db, kind, c.name, actor);
    c.import_id = res->import_id;

    char err[512];
    CsvReader *r = csv_open(path, err, sizeof err);
    if (!r) {
        snprintf(res->fatal, sizeof res->fatal, "%s", err);
        finish_record(db, res, "failed", res->fatal);
        return -1;
    }
    snprintf(res->encoding, sizeof res->encoding, "%s", csv_encoding(r) == CSV_UTF8 ? "UTF-8" : "Windows-1252");
    CsvRow header;
    int rc = csv_next(r, &header, err, sizeof err);
    if (rc != 1) {
        snprintf(res->fatal, sizeof res->fatal, "%s is %s", c.name,
                 rc == 0 ? "empty" : "not a CSV file that can be read");
        goto fatal;
    }
    const ColSpec *spec = NULL;
    int ncols = 0;
    int (*row_fn)(Ctx *) = NULL;
    const char *shape = NULL;
    switch (kind) {
    case IMPORT_GIAS: spec = GIAS_COLS, ncols = G_NCOLS, row_fn = gias_row, shape = "a GIAS establishment file (it needs URN and EstablishmentName columns)"; break;
    case IMPORT_LINKS: spec = LINK_COLS, ncols = L_NCOLS, row_fn = links_row, shape = "a GIAS links file (it needs URN, LinkURN and LinkType columns)"; break;
    case IMPORT_GROUPS: spec = GROUP_COLS, ncols = GR_NCOLS, row_fn = groups_row, shape = "a GIAS groups file (it needs Group UID and Group Name columns)"; break;
    case IMPORT_GROUP_LINKS: spec = GROUP_LINK_COLS, ncols = GL_NCOLS, row_fn = group_links_row, shape = "a GIAS group links file (it needs URN and Group UID columns)"; break;
    case IMPORT_OFSTED: {
        OfstedFormat f = opt->ofsted_format;
        if (f == OFSTED_DETECT)
            f = ofsted_detect(&header);
        const char *fname = "";
        ofsted_layout(f, &header, &spec, &ncols, &row_fn, &shape, &fname);
        snprintf(res->format, sizeof res->format, "%s", fname);
        if (!spec) {
            Buf cols = BUF_INIT;
            for (size_t i = 0; i < header.n && i < 12; i++)
                buf_printf(&cols, "%s'%.60s'", i ? ", " : "", header.fields[i]);
            if (header.n > 12)
                buf_printf(&cols, " and %zu more", header.n - 12);
            snprintf(res->fatal, sizeof res->fatal,
                     "%s is not an Ofsted file this service knows. It looked for the columns of the graded"
                     " inspection history (URN, Rating, Inspection Date) or of Ofsted's management information"
                     " (URN, Inspection start date and Overall effectiveness; or, from 2026, Leadership and"
                     " governance). The file's columns are: %s.", c.name, buf_str(&cols));
            buf_free(&cols);
            goto fatal;
        }
        break;
    }
    }
    if (resolve_columns(&c, &header, spec, ncols) > 0) {
        Buf missing = BUF_INIT;
        int nm = 0;
        for (int k = 0; k < ncols; k++)
            if (c.idx[k] < 0 && spec[k].required)
                buf_printf(&missing, "%s'%s'", nm++ ? ", " : "", spec[k].label ? spec[k].label : spec[k].names[0]);
        snprintf(res->fatal, sizeof res->fatal, "%s is not %s: it has no column %s", c.name, shape,
                 buf_str(&missing));
        buf_free(&missing);
        goto fatal;
    }
    if (kind == IMPORT_GIAS && !(c.school_update = school_update_for(&c))) {
        snprintf(res->fatal, sizeof res->fatal, "%s: could not prepare the import", c.name);
        goto fatal;
    }
    if (opt->skip_invalid && opt->rejects_path) {
        c.rejects = fopen(opt->rejects_path, "w");
        if (!c.rejects) {
            snprintf(res->fatal, sizeof res->fatal, "cannot write the rejects file %s: %s", opt->rejects_path,
                     strerror(errno));
            goto fatal;
        }
        fputs("line,reason", c.rejects);
        for (size_t i = 0; i < header.n; i++) {
            fputc(',', c.rejects);
            csv_field_out(c.rejects, header.fields[i]);
        }
        fputc('\n', c.rejects);
    }
    if (db_begin(db) != 0) {
        snprintf(res->fatal, sizeof res->fatal, "the database is busy; try again");
        goto fatal;
    }
    {
        sqlite3_stmt *st = db_stmt(db, "UPDATE imports SET status = 'running', started_at = ? WHERE id = ?");
        bt(st, 1, now);
        sqlite3_bind_int64(st, 2, res->import_id);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    CsvRow row;
    size_t next_progress = 0;
    int failed = 0;
    while ((rc = csv_next(r, &row, err, sizeof err)) == 1) {
        if (row.n == 1 && row.fields[0][0] == '\0')
            continue; /* a blank line */
        res->rows++;
        c.row = &row;
        c.row_bad = 0;
        buf_reset(&c.row_reasons);
        if (opt->cancel && *opt->cancel) {
            snprintf(res->fatal, sizeof res->fatal,
                     "%s: the import was stopped because the service was shutting down; nothing was imported",
                     c.name);
            failed = 1;
            break;
        }
        if (row_fn(&c) != 0) {
            failed = 1;
            break;
        }
        if (c.row_bad) {
            res->rejected++;
            if (!opt->skip_invalid)
                c.writing = 0; /* keep reading, to report every problem */
            else if (c.rejects) {
                fprintf(c.rejects, "%ld,", row.line);
                csv_field_out(c.rejects, buf_str(&c.row_reasons));
                for (size_t i = 0; i < row.n; i++) {
                    fputc(',', c.rejects);
                    csv_field_out(c.rejects, row.fields[i]);
                }
                fputc('\n', c.rejects);
            }
        }
        if (opt->progress && csv_offset(r) >= next_progress) {
            opt->progress(opt->progress_ctx, csv_offset(r), csv_size(r));
            next_progress = csv_offset(r) + (1 << 20);
        }
    }
    c.row = NULL;
    sqlite3_finalize(c.school_update);
    c.school_update = NULL;
    if (rc < 0) {
        snprintf(res->fatal, sizeof res->fatal, "%.200s: %.300s", c.name, err);
        failed = 1;
    }
    if (!failed && c.writing && kind == IMPORT_GROUP_LINKS && close_memberships(&c) != 0)
        failed = 1;
    if (!failed && c.writing && kind == IMPORT_OFSTED && ofsted_finish(&c) != 0)
        failed = 1;
    free(c.coverage);
    c.coverage = NULL;
    /* the one record of each inspection follows from every report and link */
    if (!failed && c.writing && (kind == IMPORT_GIAS || kind == IMPORT_LINKS || kind == IMPORT_OFSTED)) {
        InspectionRebuild ir;
        if (inspections_rebuild(db, &ir) != 0)
            failed = 1;
        else {
            res->rebuilt = 1;
            res->inspections = ir.inspections;
            res->insp_added = ir.added;
            res->insp_updated = ir.updated;
            res->insp_removed = ir.removed;
            /* issue 15 item 4: open cases whose school has a new inspection
               gain the task to review the plan, in this transaction */
            if ((ir.added || ir.updated || ir.removed) && cases_refresh_inspected(db) != 0)
                failed = 1;
        }
    }
    if (c.rejects)
        fclose(c.rejects);
    csv_close(r);
    buf_free(&c.row_reasons);
    if (failed || !c.writing) {
        db_rollback(db);
        if (failed && !res->fatal[0])
            snprintf(res->fatal, sizeof res->fatal, "%s: the database refused a change; nothing was imported",
                     c.name);
        char msg[200];
        snprintf(msg, sizeof msg, "%ld invalid row%s: nothing imported", res->rejected, res->rejected == 1 ? "" : "s");
        finish_record(db, res, "failed", res->fatal[0] ? res->fatal : msg);
        return failed ? -1 : 1;
    }
    {
        char msg[200];
        if (res->rebuilt)
            snprintf(msg, sizeof msg, "imported; %ld inspections in all (%ld new, %ld changed, %ld merged or removed)",
                     res->inspections, res->insp_added, res->insp_updated, res->insp_removed);
        else
            snprintf(msg, sizeof msg, "imported");
        finish_record(db, res, "done", msg);
    }
    if (opt->actor) {
        char idstr[24], counts[200];
        snprintf(idstr, sizeof idstr, "%lld", (long long)res->import_id);
        snprintf(counts, sizeof counts, "added %ld, updated %ld, unchanged %ld, closed %ld, rejected %ld",
                 res->added, res->updated, res->unchanged, res->closed, res->rejected);
        AuditChange ch[] = {{"file", NULL, c.name}, {"summary", NULL, counts}};
        audit_append(db, opt->actor, "import", import_kind_name(kind), idstr, ch, 2, NULL);
    }
    if (db_commit(db) != 0) {
        snprintf(res->fatal, sizeof res->fatal, "%s: could not save the import", c.name);
        return -1;
    }
    return 0;
fatal:
    sqlite3_finalize(c.school_update);
    free(c.coverage);
    csv_close(r);
    finish_record(db, res, "failed", res->fatal);
    return -1;
}

void import_print(FILE *f, const char *name, const ImportResult *res, int committed)
{
    for (int i = 0; i < res->nproblems; i++) {
        const ImportProblem *p = &res->problems[i];
        fprintf(f, "%s:%ld:%d: %s\n", name, p->line, p->column, p->reason);
    }
    if (res->total_problems > res->nproblems)
        fprintf(f, "%s: ... and %ld more problems\n", name, res->total_problems - res->nproblems);
    if (res->fatal[0]) {
        fprintf(f, "%s\n", res->fatal);
        return;
    }
    fprintf(f, "%s: %s%s%s (%s): %ld rows read; added %ld, updated %ld, unchanged %ld, closed %ld, rejected %ld",
            name, committed ? "imported" : "REJECTED, nothing imported", res->format[0] ? " as " : "", res->format,
            res->encoding, res->rows, res->added, res->updated, res->unchanged, res->closed, res->rejected);
    if (committed && res->rebuilt)
        fprintf(f, "; %ld inspections in all (%ld new, %ld changed, %ld merged or removed)", res->inspections,
                res->insp_added, res->insp_updated, res->insp_removed);
    fputc('\n', f);
}

/* --- reading the record of imports ---------------------------------------- */

#define IMPORT_COLS                                                                                                \
    "id, kind, file_name, started_at, finished_at, status, encoding, message, actor, format, rows_read, added,"   \
    " updated, unchanged, closed, rejected"

static void read_record(sqlite3_stmt *st, ImportRecord *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->kind = db_col_dup(st, 1);
    r->file_name = db_col_dup(st, 2);
    r->started_at = db_col_dup(st, 3);
    r->finished_at = db_col_dup(st, 4);
    r->status = db_col_dup(st, 5);
    r->encoding = db_col_dup(st, 6);
    r->message = db_col_dup(st, 7);
    r->actor = db_col_dup(st, 8);
    r->format = db_col_dup(st, 9);
    r->rows = (long)sqlite3_column_int64(st, 10);
    r->added = (long)sqlite3_column_int64(st, 11);
    r->updated = (long)sqlite3_column_int64(st, 12);
    r->unchanged = (long)sqlite3_column_int64(st, 13);
    r->closed = (long)sqlite3_column_int64(st, 14);
    r->rejected = (long)sqlite3_column_int64(st, 15);
}

void import_record_free(ImportRecord *r)
{
    free(r->kind);
    free(r->file_name);
    free(r->started_at);
    free(r->finished_at);
    free(r->status);
    free(r->encoding);
    free(r->message);
    free(r->actor);
    free(r->format);
    memset(r, 0, sizeof *r);
}

int import_get(Db *db, int64_t id, ImportRecord *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " IMPORT_COLS " FROM imports WHERE id = ?");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_record(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int import_recent(Db *db, size_t limit, ImportRecordList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " IMPORT_COLS " FROM imports ORDER BY id DESC LIMIT ?");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)limit);
    out->items = xcalloc(limit ? limit : 1, sizeof *out->items);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < limit)
        read_record(st, &out->items[out->n++]);
    sqlite3_reset(st);
    return 0;
}

void import_record_list_free(ImportRecordList *l)
{
    for (size_t i = 0; i < l->n; i++)
        import_record_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int import_problems_get(Db *db, int64_t id, ImportProblem *out, int limit, int *n)
{
    *n = 0;
    sqlite3_stmt *st =
        db_stmt(db, "SELECT line, col, reason FROM import_problems WHERE import_id = ? ORDER BY rowid LIMIT ?");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, limit);
    while (sqlite3_step(st) == SQLITE_ROW && *n < limit) {
        out[*n].line = (long)sqlite3_column_int64(st, 0);
        out[*n].column = sqlite3_column_int(st, 1);
        snprintf(out[*n].reason, sizeof out[*n].reason, "%s", (const char *)sqlite3_column_text(st, 2));
        (*n)++;
    }
    sqlite3_reset(st);
    return 0;
}
