/*
 * grant_budgets.c - see grant_budgets.h.
 */
#include "store/grant_budgets.h"

#include "core/log.h"
#include "domain/plans.h"
#include "store/grant_ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int grant_year_valid(const char *text)
{
    if (!text || strlen(text) != 7 || text[4] != '-')
        return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (text[i] < '0' || text[i] > '9'))
            return 0;
    int start = atoi(text), next = atoi(text + 5);
    return start >= 2000 && start < 2100 && next == (start + 1) % 100;
}

void grant_year_now(char out[8])
{
    char today[11];
    grant_today(today);
    grant_financial_year(atoi(today), atoi(today + 5), out);
}

void grant_year_shift(const char *year, int by, char out[8])
{
    int start = atoi(year) + by;
    if (start < 2000 || start > 2098)
        start = 2000;
    snprintf(out, 8, "%04d-%02d", start, (start + 1) % 100);
}

int grant_budget_set(Db *db, const Actor *actor, const char *programme, const char *year, const char *region,
                     int64_t allocated)
{
    if (!grant_year_valid(year) || allocated < 0 || !programme || !region)
        return -1;
    if (db_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "SELECT allocated FROM grant_budgets WHERE programme = ? AND year = ? AND region = ?");
    if (!st) {
        db_rollback(db);
        return -1;
    }
    db_bind_text(st, 1, programme);
    db_bind_text(st, 2, year);
    db_bind_text(st, 3, region);
    char before[32] = "", after[32], now[32], id[160];
    int had = sqlite3_step(st) == SQLITE_ROW;
    if (had)
        plan_money(sqlite3_column_int64(st, 0), before, sizeof before);
    sqlite3_reset(st);
    plan_money(allocated, after, sizeof after);
    grant_now(now);
    snprintf(id, sizeof id, "%s %s %s", programme, year, region);
    st = db_stmt(db, "INSERT INTO grant_budgets (programme, year, region, allocated, updated_by, updated_at)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (programme, year, region) DO UPDATE SET"
                     " allocated = ?4, updated_by = ?5, updated_at = ?6");
    int rc = -1;
    if (st) {
        db_bind_text(st, 1, programme);
        db_bind_text(st, 2, year);
        db_bind_text(st, 3, region);
        db_bind_int64(st, 4, allocated);
        db_bind_text(st, 5, actor->label);
        db_bind_text(st, 6, now);
        int s = sqlite3_step(st);
        sqlite3_reset(st);
        AuditChange ch = {"allocated", had ? before : NULL, after};
        if (s == SQLITE_DONE && audit_append(db, actor, "budget.set", "budget", id, &ch, 1, NULL) == 0 &&
            db_commit(db) == 0)
            rc = 0;
        else
            log_error("budgets: %s", sqlite3_errmsg(db_handle(db)));
    }
    if (rc != 0)
        db_rollback(db);
    return rc;
}

int grant_budget_years(Db *db, char (*out)[8], int max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT year FROM grant_budgets UNION SELECT year FROM grants WHERE year IS NOT NULL"
                                   " ORDER BY 1 DESC");
    if (!st)
        return -1;
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        const char *y = (const char *)sqlite3_column_text(st, 0);
        if (grant_year_valid(y))
            snprintf(out[n++], 8, "%s", y);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}
