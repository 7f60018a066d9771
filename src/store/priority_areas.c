/*
 * priority_areas.c - loading the regional priority areas. See the header.
 */
#include "store/priority_areas.h"

#include "core/csv.h"
#include "core/log.h"

#include <stdio.h>
#include <string.h>


static int la_known(Db *db, const char *code)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM schools WHERE la_code = ?)");
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    int known = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return known;
}

static int exec(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int priority_areas_load(Db *db, const Actor *actor, const char *path, const char *shown, size_t *rows, char *err,
                        size_t errlen)
{
    *rows = 0;
    if (errlen)
        err[0] = '\0';
    CsvProblems p = {.out = err, .cap = errlen};
    char cerr[300];
    CsvReader *r = csv_open(path, cerr, sizeof cerr);
    if (!r) {
        snprintf(err, errlen, "%s:1:1: %s", shown, cerr);
        return 1;
    }
    if (db_begin(db) != 0) {
        csv_close(r);
        return -1;
    }
    sqlite3_stmt *del = db_stmt(db, "DELETE FROM priority_areas");
    sqlite3_stmt *ins = db_stmt(db, "INSERT INTO priority_areas (la_code, name) VALUES (?, ?)");
    sqlite3_stmt *count = db_stmt(db, "SELECT count(*) FROM priority_areas");
    int ret = -1, before = 0;
    if (!del || !ins || !count)
        goto out;
    before = sqlite3_step(count) == SQLITE_ROW ? sqlite3_column_int(count, 0) : 0;
    sqlite3_reset(count);
    if (exec(db, del) != 0)
        goto out;
    CsvRow row;
    int rc, col_la = -1, col_area = -1, header = 1;
    while ((rc = csv_next(r, &row, cerr, sizeof cerr)) == 1) {
        if (header) {
            for (size_t i = 0; i < row.n; i++) {
                char norm[64];
                csv_norm_header(row.fields[i], norm, sizeof norm);
                if (strcmp(norm, "lacode") == 0)
                    col_la = (int)i;
                else if (strcmp(norm, "area") == 0)
                    col_area = (int)i;
            }
            if (col_la < 0)
                csv_problem(&p, shown, row.line, 1, "there is no column \"LA code\"");
            if (col_area < 0)
                csv_problem(&p, shown, row.line, 1, "there is no column \"Area\"");
            header = 0;
            if (p.n)
                break;
            continue;
        }
        const char *la = (size_t)col_la < row.n ? row.fields[col_la] : "";
        const char *area = (size_t)col_area < row.n ? row.fields[col_area] : "";
        int ok = 1;
        if (strlen(la) != 3 || strspn(la, "0123456789") != 3) {
            csv_problem(&p, shown, row.line, col_la + 1, "\"%s\" is not a local authority code (three digits)", la);
            ok = 0;
        } else {
            int known = la_known(db, la);
            if (known < 0)
                goto out;
            if (!known) {
                csv_problem(&p, shown, row.line, col_la + 1, "no school in the reference data has local authority %s",
                        la);
                ok = 0;
            }
        }
        if (!*area) {
            csv_problem(&p, shown, row.line, col_area + 1, "the area is missing");
            ok = 0;
        }
        if (!ok || p.n)
            continue;
        db_bind_text(ins, 1, la);
        db_bind_text(ins, 2, area);
        rc = sqlite3_step(ins);
        sqlite3_reset(ins);
        if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT)
            csv_problem(&p, shown, row.line, col_la + 1, "local authority %s is in \"%s\" twice", la, area);
        else if (rc != SQLITE_DONE)
            goto out;
        else
            (*rows)++;
    }
    if (rc < 0)
        csv_problem(&p, shown, 0, 1, "%s", cerr);
    if (header && !p.n)
        csv_problem(&p, shown, 1, 1, "the file is empty: it needs a header row");
    if (p.n) {
        csv_problems_end(&p);
        ret = 1;
        *rows = 0;
        goto out;
    }
    char b[16], a[16];
    snprintf(b, sizeof b, "%d", before);
    snprintf(a, sizeof a, "%zu", *rows);
    AuditChange ch[] = {{"local authorities", b, a}};
    if (audit_append(db, actor, "priority-areas.load", "priority-areas", "all", ch, 1, shown) != 0)
        goto out;
    ret = db_commit(db) == 0 ? 0 : -1;
    csv_close(r);
    return ret;
out:
    db_rollback(db);
    csv_close(r);
    return ret;
}
