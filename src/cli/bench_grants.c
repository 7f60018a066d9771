/*
 * bench_grants.c - `rise bench-seed --grant-lines N`: grants over the
 * seeded cases for bench/payments.sh (issue 14 item 6). Every case gets one
 * grant with its share of the N schedule lines (termly payments), paid to
 * one of about 0.6 payees a case (trusts, local authorities, supporting
 * organisations), 90% of them with a vendor account. 85% of the grants are
 * accepted; of those, the first term is due for 40% and the second for
 * another 10%; every other line is scheduled. The ledger holds each line's
 * offer and each due line's move, so grant_verify() balances. Written with
 * plain inserts in the caller's transaction: fictional data, not casework.
 */
#include "cli/cli.h"

#include "core/buf.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t seed = 0x9E3779B97F4A7C15ULL;
static unsigned pick(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return n ? (unsigned)(seed % n) : 0;
}

static int done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "rise: bench-seed: grants: %s\n", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

static int payees(Db *db, long n, int64_t *first)
{
    static const char *const KINDS[] = {"trust", "trust", "la", "provider"};
    for (long i = 0; i < n; i++) {
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO payees (kind, ref, name, vendor_account, vendor_set_by,"
                                       " vendor_set_at) VALUES (?, ?, ?, ?, 'bench-seed', '2026-01-01T00:00:00Z')");
        if (!st)
            return -1;
        char ref[32], name[64], vendor[24];
        snprintf(ref, sizeof ref, "%ld", 900000 + i);
        snprintf(name, sizeof name, "Bench payee %ld", i + 1);
        snprintf(vendor, sizeof vendor, "V%07ld", i + 1);
        db_bind_text(st, 1, KINDS[pick(4)]);
        db_bind_text(st, 2, ref);
        db_bind_text(st, 3, name);
        db_bind_text(st, 4, pick(10) == 0 ? NULL : vendor);
        if (done(db, st) != 0)
            return -1;
        if (i == 0)
            *first = sqlite3_last_insert_rowid(db_handle(db));
    }
    return 0;
}

/* One ledger entry (an offer when from is NULL). */
static int entry(Db *db, int64_t grant, int64_t line, const char *op, const char *from, const char *to, int64_t amount)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO grant_ledger (grant_id, line_id, op, from_bucket, to_bucket, amount,"
                                   " prepared_by, at) VALUES (?, ?, ?, ?, ?, ?, 'bench-seed', '2026-01-01T00:00:00Z')");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant);
    db_bind_int64(st, 2, line);
    db_bind_text(st, 3, op);
    db_bind_text(st, 4, from);
    db_bind_text(st, 5, to);
    db_bind_int64(st, 6, amount);
    return done(db, st);
}

/* The grant of one case with k lines. */
static int one_grant(Db *db, int64_t case_id, const char *programme, const char *region, int64_t payee, int k)
{
    int accepted = pick(100) < 85;
    int due_terms = !accepted ? 0 : pick(100) < 40 ? 1 : pick(100) < 17 ? 2 : 0;
    int64_t amount[16], total = 0, due = 0;
    for (int t = 0; t < k; t++) {
        amount[t] = 500000 + (int64_t)pick(20) * 50000;
        total += amount[t];
        if (t < due_terms)
            due += amount[t];
    }
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO grants (case_id, kind, programme, region, payee_id, status, total, year,"
                                   " offered, scheduled, due, offered_at, offered_by, accepted_at, created_at, created_by,"
                                   " updated_at) VALUES (?1, 'improvement', ?2, ?3, ?4, ?5, ?6, '2026-27', ?6, ?7, ?8,"
                                   " '2026-01-01T00:00:00Z', 'bench-seed', ?9, '2026-01-01T00:00:00Z', 'bench-seed',"
                                   " '2026-01-01T00:00:00Z')");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, programme);
    db_bind_text(st, 3, region);
    db_bind_int64(st, 4, payee);
    db_bind_text(st, 5, accepted ? "accepted" : "offered");
    db_bind_int64(st, 6, total);
    db_bind_int64(st, 7, total - due);
    db_bind_int64(st, 8, due);
    db_bind_text(st, 9, accepted ? "2026-01-15T00:00:00Z" : NULL);
    if (done(db, st) != 0)
        return -1;
    int64_t grant = sqlite3_last_insert_rowid(db_handle(db));
    for (int t = 0; t < k; t++) {
        st = db_stmt(db, "INSERT INTO grant_lines (grant_id, position, label, amount, pay_when, term, expected_on,"
                         " status, due_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!st)
            return -1;
        char label[64], expected[16];
        snprintf(label, sizeof label, "Term %d (%s)", t + 1, t == 0 ? "paid up front" : "in arrears");
        snprintf(expected, sizeof expected, "%04u-%02u-01", (unsigned)(2026 + (t + 1) / 3) % 10000u,
                 (unsigned)(1 + ((t * 4) % 12)) % 100u);
        db_bind_int64(st, 1, grant);
        db_bind_int64(st, 2, t);
        db_bind_text(st, 3, label);
        db_bind_int64(st, 4, amount[t]);
        db_bind_text(st, 5, t == 0 ? "up-front" : "arrears");
        db_bind_int64(st, 6, t);
        db_bind_text(st, 7, expected);
        db_bind_text(st, 8, t < due_terms ? "due" : "scheduled");
        db_bind_text(st, 9, t < due_terms ? "2026-01-15" : NULL);
        if (done(db, st) != 0)
            return -1;
        int64_t line = sqlite3_last_insert_rowid(db_handle(db));
        if (entry(db, grant, line, "offer", NULL, "scheduled", amount[t]) != 0 ||
            (t < due_terms && entry(db, grant, line, "make-due", "scheduled", "due", amount[t]) != 0))
            return -1;
    }
    return 0;
}

int bench_seed_grants(Db *db, long lines, long *n_due)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, programme, region FROM cases ORDER BY id");
    if (!st)
        return -1;
    int64_t *ids = NULL;
    char(*prog)[24] = NULL, (*reg)[40] = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            ids = xrealloc(ids, cap * sizeof *ids);
            prog = xrealloc(prog, cap * sizeof *prog);
            reg = xrealloc(reg, cap * sizeof *reg);
        }
        ids[n] = sqlite3_column_int64(st, 0);
        snprintf(prog[n], sizeof prog[n], "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(reg[n], sizeof reg[n], "%s", (const char *)sqlite3_column_text(st, 2));
        n++;
    }
    sqlite3_reset(st);
    int rc = n ? 0 : -1;
    long npayees = (long)n * 3 / 5 + 1;
    int64_t first = 0;
    if (rc == 0)
        rc = payees(db, npayees, &first);
    for (size_t i = 0; i < n && rc == 0; i++) {
        long k = lines / (long)n + ((long)i < lines % (long)n ? 1 : 0);
        if (k > 16)
            k = 16;
        if (k > 0)
            rc = one_grant(db, ids[i], prog[i], reg[i], first + (int64_t)pick((unsigned)npayees), (int)k);
    }
    free(ids);
    free(prog);
    free(reg);
    if (rc == 0 && n_due) {
        st = db_stmt(db, "SELECT count(*) FROM grant_lines WHERE status = 'due'");
        if (st && sqlite3_step(st) == SQLITE_ROW)
            *n_due = (long)sqlite3_column_int64(st, 0);
        if (st)
            sqlite3_reset(st);
    }
    return rc;
}
