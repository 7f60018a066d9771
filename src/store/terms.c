/*
 * terms.c - see terms.h.
 */
#include "store/terms.h"

#include "core/log.h"
#include "store/reviews.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void school_term_list_free(SchoolTermList *l)
{
    if (!l)
        return;
    free(l->items);
    memset(l, 0, sizeof *l);
}

int school_terms_list(Db *db, SchoolTermList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT year, term, starts_on, ends_on FROM school_terms ORDER BY starts_on");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            SchoolTerm *grown = realloc(out->items, ncap * sizeof *grown);
            if (!grown) {
                sqlite3_reset(st);
                school_term_list_free(out);
                return -1;
            }
            out->items = grown;
            cap = ncap;
        }
        SchoolTerm *t = &out->items[out->n++];
        t->year = sqlite3_column_int(st, 0);
        t->term = (TermName)term_from_slug((const char *)sqlite3_column_text(st, 1));
        t->starts = date_parse((const char *)sqlite3_column_text(st, 2), NULL);
        t->ends = date_parse((const char *)sqlite3_column_text(st, 3), NULL);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        school_term_list_free(out);
        return -1;
    }
    return 0;
}

int school_terms_set(Db *db, const Actor *actor, int year, const Date starts[TERM_COUNT],
                     const Date ends[TERM_COUNT], const char **why, int *bad)
{
    SchoolTermList have;
    if (school_terms_list(db, &have) != 0)
        return -1;
    /* the year's new terms first, then every other year's, checked together */
    SchoolTerm *all = calloc(have.n + TERM_COUNT, sizeof *all);
    if (!all) {
        school_term_list_free(&have);
        return -1;
    }
    size_t n = 0;
    for (int t = 0; t < TERM_COUNT; t++)
        all[n++] = (SchoolTerm){year, (TermName)t, starts[t], ends[t]};
    for (size_t i = 0; i < have.n; i++)
        if (have.items[i].year != year)
            all[n++] = have.items[i];
    size_t at = 0;
    *why = terms_refusal(all, n, &at);
    if (*why) {
        /* about another year's term: name the new term that meets it */
        *bad = 0;
        if (at < TERM_COUNT)
            *bad = (int)at;
        else
            for (int t = 0; t < TERM_COUNT; t++)
                if (all[t].starts <= all[at].ends && all[at].starts <= all[t].ends)
                    *bad = t;
        free(all);
        school_term_list_free(&have);
        return 1;
    }
    char now[32], key[24];
    log_timestamp(now);
    int rc = db_begin(db) == 0 ? 0 : -1;
    for (int t = 0; rc == 0 && t < TERM_COUNT; t++) {
        char before_s[11] = "", before_e[11] = "", s[11], e[11];
        for (size_t i = 0; i < have.n; i++)
            if (have.items[i].year == year && have.items[i].term == (TermName)t) {
                date_iso(have.items[i].starts, before_s);
                date_iso(have.items[i].ends, before_e);
            }
        date_iso(starts[t], s);
        date_iso(ends[t], e);
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO school_terms (year, term, starts_on, ends_on, updated_by, updated_at)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (year, term) DO UPDATE SET"
                                       " starts_on = ?3, ends_on = ?4, updated_by = ?5, updated_at = ?6");
        if (!st) {
            rc = -1;
            break;
        }
        sqlite3_bind_int(st, 1, year);
        db_bind_text(st, 2, term_slug((TermName)t));
        db_bind_text(st, 3, s);
        db_bind_text(st, 4, e);
        db_bind_text(st, 5, actor->label);
        db_bind_text(st, 6, now);
        int step = sqlite3_step(st);
        sqlite3_reset(st);
        if (step != SQLITE_DONE) {
            log_error("terms: %s", sqlite3_errmsg(db_handle(db)));
            rc = -1;
            break;
        }
        SchoolTerm term = {year, (TermName)t, starts[t], ends[t]};
        term_key(&term, key, sizeof key);
        AuditChange ch[2] = {{"starts_on", before_s[0] ? before_s : NULL, s}, {"ends_on", before_e[0] ? before_e : NULL, e}};
        if (audit_append(db, actor, "terms.set", "term", key, ch, 2, NULL) != 0)
            rc = -1;
    }
    /* the reviews of every approved plan in the new terms */
    if (rc == 0 && reviews_schedule_all(db) != 0)
        rc = -1;
    if (rc == 0 && db_commit(db) != 0)
        rc = -1;
    if (rc != 0)
        db_rollback(db);
    free(all);
    school_term_list_free(&have);
    return rc;
}

int review_months(Db *db, const char *programme)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT value FROM programme_params WHERE programme = ? AND key = 'review_months'");
    if (!st)
        return 1;
    db_bind_text(st, 1, programme);
    int months = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        int v = atoi((const char *)sqlite3_column_text(st, 0));
        if (v >= 0 && v <= 6)
            months = v;
    }
    sqlite3_reset(st);
    return months;
}
