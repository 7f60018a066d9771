/*
 * plan_programmes.c - the national programmes and hubs a recommended
 * action may name (002 6.9-6.11; Annex A's contacts by region are data an
 * administrator loads with `rise plans programmes FILE`, never code).
 */
#include "store/plans.h"

#include "core/csv.h"
#include "core/log.h"
#include "domain/access.h"
#include "store/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void plan_programme_list_free(PlanProgrammeList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        PlanProgramme *p = &l->items[i];
        free(p->code);
        free(p->name);
        free(p->kind);
        free(p->subject);
        free(p->region);
        free(p->contact);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int plan_programmes(Db *db, const char *region, PlanProgrammeList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT code, name, kind, subject, region, contact FROM plan_programmes"
                                   " WHERE ?1 IS NULL OR region IS NULL OR region = ?1 ORDER BY kind DESC, name");
    if (!st)
        return -1;
    db_bind_text(st, 1, region);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            PlanProgramme *g = realloc(out->items, cap * sizeof *g);
            if (!g) {
                sqlite3_reset(st);
                plan_programme_list_free(out);
                return -1;
            }
            out->items = g;
        }
        PlanProgramme *p = &out->items[out->n++];
        p->code = db_col_dup(st, 0);
        p->name = db_col_dup(st, 1);
        p->kind = db_col_dup(st, 2);
        p->subject = db_col_dup(st, 3);
        p->region = db_col_dup(st, 4);
        p->contact = db_col_dup(st, 5);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        plan_programme_list_free(out);
        return -1;
    }
    return 0;
}


static const char *const COLUMNS[] = {"code", "name", "kind", "subject", "region", "contact"};
enum { C_CODE, C_NAME, C_KIND, C_SUBJECT, C_REGION, C_CONTACT, C_N };

/* Checks one row; 1 when it may be written. */
static int check_row(CsvProblems *p, const char *shown, const CsvRow *row, const int col[C_N], const char *v[C_N])
{
    int ok = 1;
    size_t cl = strlen(v[C_CODE]);
    if (!cl || cl > 40 || strspn(v[C_CODE], "abcdefghijklmnopqrstuvwxyz0123456789-") != cl) {
        csv_problem(p, shown, row->line, col[C_CODE] + 1,
                "\"%s\" is not a code: use 1 to 40 lower-case letters, digits and hyphens", v[C_CODE]);
        ok = 0;
    }
    if (!*v[C_NAME] || strlen(v[C_NAME]) > 200) {
        csv_problem(p, shown, row->line, col[C_NAME] + 1, "the name is missing or longer than 200 characters");
        ok = 0;
    }
    if (strcmp(v[C_KIND], "programme") != 0 && strcmp(v[C_KIND], "hub") != 0) {
        csv_problem(p, shown, row->line, col[C_KIND] + 1, "the kind \"%s\" must be programme or hub", v[C_KIND]);
        ok = 0;
    }
    if (*v[C_SUBJECT] && !plan_subject(v[C_SUBJECT])) {
        csv_problem(p, shown, row->line, col[C_SUBJECT] + 1,
                "\"%s\" is not a subject: use maths, maths-post16, english-early, english, science, computing or"
                " other", v[C_SUBJECT]);
        ok = 0;
    }
    if (*v[C_REGION] && !region_valid(v[C_REGION])) {
        csv_problem(p, shown, row->line, col[C_REGION] + 1, "\"%s\" is not a region of England as GIAS names it",
                v[C_REGION]);
        ok = 0;
    }
    if (strlen(v[C_CONTACT]) > 400) {
        csv_problem(p, shown, row->line, col[C_CONTACT] + 1, "the contact is longer than 400 characters");
        ok = 0;
    }
    return ok;
}

int plan_programmes_import(Db *db, const Actor *actor, const char *path, const char *shown, int dry_run,
                           size_t *count, char *err, size_t errlen)
{
    *count = 0;
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
    int ret = -1, before = 0;
    sqlite3_stmt *cnt = db_stmt(db, "SELECT count(*) FROM plan_programmes");
    sqlite3_stmt *del = db_stmt(db, "DELETE FROM plan_programmes");
    sqlite3_stmt *ins = db_stmt(db, "INSERT INTO plan_programmes (code, name, kind, subject, region, contact)"
                                    " VALUES (?, ?, ?, ?, ?, ?)");
    if (!cnt || !del || !ins)
        goto out;
    before = sqlite3_step(cnt) == SQLITE_ROW ? sqlite3_column_int(cnt, 0) : 0;
    sqlite3_reset(cnt);
    int rc = sqlite3_step(del);
    sqlite3_reset(del);
    if (rc != SQLITE_DONE)
        goto out;
    CsvRow row;
    int col[C_N] = {-1, -1, -1, -1, -1, -1}, header = 1;
    while ((rc = csv_next(r, &row, cerr, sizeof cerr)) == 1) {
        if (header) {
            for (size_t i = 0; i < row.n; i++) {
                char norm[64];
                csv_norm_header(row.fields[i], norm, sizeof norm);
                for (int c = 0; c < C_N; c++)
                    if (strcmp(norm, COLUMNS[c]) == 0)
                        col[c] = (int)i;
            }
            for (int c = 0; c < C_N; c++)
                if (col[c] < 0 && c != C_SUBJECT && c != C_REGION && c != C_CONTACT)
                    csv_problem(&p, shown, row.line, 1, "there is no column \"%s\"", COLUMNS[c]);
            header = 0;
            if (p.n)
                break;
            continue;
        }
        const char *v[C_N];
        for (int c = 0; c < C_N; c++)
            v[c] = col[c] >= 0 && (size_t)col[c] < row.n ? row.fields[col[c]] : "";
        if (!check_row(&p, shown, &row, col, v) || p.n)
            continue;
        for (int c = 0; c < C_N; c++) {
            if (c >= C_SUBJECT && !*v[c])
                sqlite3_bind_null(ins, c + 1);
            else
                db_bind_text(ins, c + 1, v[c]);
        }
        rc = sqlite3_step(ins);
        sqlite3_reset(ins);
        if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT)
            csv_problem(&p, shown, row.line, col[C_CODE] + 1, "the code \"%s\" is used twice", v[C_CODE]);
        else if (rc != SQLITE_DONE)
            goto out;
        else
            (*count)++;
    }
    if (rc < 0)
        csv_problem(&p, shown, 0, 1, "%s", cerr);
    if (header && !p.n)
        csv_problem(&p, shown, 1, 1, "the file is empty: it needs a header row");
    if (p.n) {
        csv_problems_end(&p);
        *count = 0;
        ret = 1;
        goto out;
    }
    if (dry_run) {
        ret = 0;
        goto out; /* checked, nothing kept */
    }
    char b[16], a[16];
    snprintf(b, sizeof b, "%d", before);
    snprintf(a, sizeof a, "%zu", *count);
    AuditChange ch[] = {{"national programmes and hubs", b, a}};
    if (audit_append(db, actor, "plan-programmes.load", "plan-programmes", "all", ch, 1, shown) != 0)
        goto out;
    ret = db_commit(db) == 0 ? 0 : -1;
    csv_close(r);
    return ret;
out:
    db_rollback(db);
    csv_close(r);
    return ret;
}
