/*
 * audit_verify.c - checking the audit trail with its key, against its head,
 * its anchor and its checkpoint log, and saying exactly what was found.
 * See audit.h.
 *
 * Interpretation (issue 10, item 4: "make each message say exactly what was
 * found"): every finding names the rows it is about and what happened to
 * them, in the words an operator would use: "row 17 was changed", "rows 41
 * to 45 were deleted (the log's checkpoint says 45)", "the audit trail is
 * empty but the checkpoint log records 120 rows", "the head was changed but
 * no rows were deleted". The walk carries on past a problem, re-synchronising
 * on the checkpoint log where it can, so that one edited row is reported as
 * one row and not as the whole rest of the trail.
 */
#include "store/audit_internal.h"

#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- findings --------------------------------------------------------------- */

typedef enum FindKind {
    F_DELETED,     /* rows from..to are missing between two others */
    F_DELETED_END, /* rows from..to are missing at the end; the log records `to` */
    F_EMPTY,       /* no rows, but the log records `to` */
    F_CHANGED,     /* rows from..to do not match their MACs */
    F_REHASHED,    /* rows from..to match the log but not their stored MACs */
    F_PINNED,      /* row from is consistent but not what the log recorded */
    F_TEXT,        /* a sentence of its own */
} FindKind;

typedef struct Finding {
    FindKind kind;
    int64_t from, to;
    char text[400];
} Finding;

#define MAX_FINDINGS 24

typedef struct Check {
    Db *db;
    AuditReport *r;
    Finding f[MAX_FINDINGS];
    int nf, more;
    int have_key;
    AuditKey key;
    AuditAnchor an;
    int64_t keyed_from; /* as believed: the log's word over the database's */
    int use_log;        /* the log is expected (the trail has an anchor and the database a file) */
    AuditLog log;
    int64_t *cp_id; /* checkpoints, sorted by id */
    const char **cp_mac;
    size_t ncp;
    int64_t log_last;
    int64_t last_id;
    char last_hash[65];
    char guards[1024]; /* triggers put back: said after what was found in the rows */
} Check;

static void add(Check *c, FindKind kind, int64_t from, int64_t to, const char *text)
{
    c->r->broken = 1;
    if (c->nf > 0) {
        Finding *l = &c->f[c->nf - 1];
        if (l->kind == kind && (kind == F_CHANGED || kind == F_REHASHED) && l->to + 1 == from) {
            l->to = to;
            return;
        }
    }
    if (from > 0 && (c->r->first_bad == 0 || from < c->r->first_bad))
        c->r->first_bad = from;
    if (c->nf == MAX_FINDINGS) {
        c->more++;
        return;
    }
    Finding *n = &c->f[c->nf++];
    n->kind = kind;
    n->from = from;
    n->to = to;
    snprintf(n->text, sizeof n->text, "%s", text ? text : "");
}

/* A problem that is a sentence of its own (not about a range of rows). */
static void add_text(Check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_text(Check *c, const char *fmt, ...)
{
    char t[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t, sizeof t, fmt, ap);
    va_end(ap);
    add(c, F_TEXT, 0, 0, t);
}

static void say(Buf *b, const Finding *f)
{
    long long a = (long long)f->from, z = (long long)f->to;
    int one = f->from == f->to;
    switch (f->kind) {
    case F_DELETED:
        if (one)
            buf_printf(b, "row %lld was deleted (row %lld follows row %lld)", a, z + 1, a - 1);
        else
            buf_printf(b, "rows %lld to %lld were deleted (row %lld follows row %lld)", a, z, z + 1, a - 1);
        break;
    case F_DELETED_END:
        if (one)
            buf_printf(b, "row %lld was deleted (the log's checkpoint says %lld)", a, z);
        else
            buf_printf(b, "rows %lld to %lld were deleted (the log's checkpoint says %lld)", a, z, z);
        break;
    case F_EMPTY:
        buf_printf(b, "the audit trail is empty but the checkpoint log records %lld row%s", z, z == 1 ? "" : "s");
        break;
    case F_CHANGED:
        if (one)
            buf_printf(b, "row %lld was changed", a);
        else
            buf_printf(b, "rows %lld to %lld were changed (their contents or MACs no longer match)", a, z);
        break;
    case F_REHASHED:
        if (one)
            buf_printf(b, "row %lld is as the checkpoint log recorded it, but its stored MAC was rewritten", a);
        else
            buf_printf(b,
                       "rows %lld to %lld are as the checkpoint log recorded them, but their stored MACs were"
                       " rewritten",
                       a, z);
        break;
    case F_PINNED:
        buf_printf(b,
                   "row %lld is not the row the checkpoint log recorded: it, or a row before it, was rewritten"
                   " and the chain recomputed",
                   a);
        break;
    case F_TEXT:
        buf_puts(b, f->text);
        break;
    }
}

/* --- the key, the anchor and the log ---------------------------------------- */

static int cmp_cp(const void *x, const void *y)
{
    const AuditLogEntry *const *a = x, *const *b = y;
    return (*a)->n < (*b)->n ? -1 : (*a)->n > (*b)->n;
}

static void read_log(Check *c, const char *path)
{
    if (audit_log_load(path, &c->key, &c->log) != 0) {
        add_text(c, "the checkpoint log %s cannot be read", path);
        return;
    }
    if (!c->log.exists) {
        if (c->an.present)
            add_text(c, "the checkpoint log %s is missing: rows deleted from the end of the trail cannot be"
                           " ruled out", path);
        return;
    }
    if (c->log.bad > 0) {
        Buf b = BUF_INIT;
        for (int64_t i = 0; i < c->log.bad && i < 8; i++)
            buf_printf(&b, "%s%lld", i == 0 ? "" : ", ", (long long)c->log.bad_lines[i]);
        add_text(c, "%s %s%s of the checkpoint log %s not written with this key (altered, or added by hand)",
                 c->log.bad == 1 ? "line" : "lines", buf_str(&b), c->log.bad > 8 ? " and more" : "",
                 c->log.bad == 1 ? "was" : "were");
        buf_free(&b);
    }
    const AuditLogEntry **cps = xcalloc(c->log.n + 1, sizeof *cps);
    const AuditLogEntry *first_anchor = NULL;
    for (size_t i = 0; i < c->log.n; i++) {
        const AuditLogEntry *e = &c->log.e[i];
        if (e->kind == AUDIT_LOG_CHECKPOINT) {
            cps[c->ncp++] = e;
            if (e->n > c->log_last)
                c->log_last = e->n;
        } else if (!first_anchor) {
            first_anchor = e;
        } else if (e->n != first_anchor->n) {
            add_text(c,
                     "the checkpoint log records that the trail was anchored again, from row %lld, on %.10s: the"
                     " database's anchor had been removed",
                     (long long)e->n, e->at);
        }
    }
    qsort(cps, c->ncp, sizeof *cps, cmp_cp);
    c->cp_id = xcalloc(c->ncp + 1, sizeof *c->cp_id);
    c->cp_mac = xcalloc(c->ncp + 1, sizeof *c->cp_mac);
    for (size_t i = 0; i < c->ncp; i++) {
        c->cp_id[i] = cps[i]->n;
        c->cp_mac[i] = cps[i]->hex;
    }
    free(cps);
    if (first_anchor && c->an.present && first_anchor->n != c->an.keyed_from)
        add_text(c,
                 "the audit anchor was changed: the checkpoint log says the keyed chain starts at row %lld, the"
                 " database says row %lld",
                 (long long)first_anchor->n, (long long)c->an.keyed_from);
    if (!c->an.present && (first_anchor || c->ncp > 0))
        add_text(c, "the audit anchor is missing from the database, but the checkpoint log has %zu entr%s",
                 c->log.n, c->log.n == 1 ? "y" : "ies");
    if (first_anchor)
        c->keyed_from = first_anchor->n; /* the log is the word to trust */
}

/* Puts back the guards, loads the key, the anchor and the log. -1 when the trail cannot be checked. */
static int load(Check *c)
{
    AuditReport *r = c->r;
    const char *names[8];
    int altered[8];
    int g = audit_guards_restore(c->db, names, 8, altered);
    if (g < 0) {
        snprintf(r->problems, sizeof r->problems, "cannot check the audit trail's triggers: %s",
                 sqlite3_errmsg(db_handle(c->db)));
        return -1;
    }
    for (int i = 0; i < g; i++) {
        size_t used = strlen(c->guards);
        snprintf(c->guards + used, sizeof c->guards - used, "trigger %s was %s and has been restored\n", names[i],
                 altered[i] ? "altered" : "missing");
        r->guards_restored++;
    }
    if (audit_anchor_read(c->db, &c->an) != 0) {
        snprintf(r->problems, sizeof r->problems, "cannot read the audit anchor: %s", sqlite3_errmsg(db_handle(c->db)));
        return -1;
    }
    const char *dbp = db_path(c->db);
    char kp[4200], lp[4200], err[600];
    audit_key_path(dbp, kp, sizeof kp);
    audit_log_path(dbp, lp, sizeof lp);
    const AuditKey *mine = audit_attached_key(c->db);
    if (mine) {
        c->key = *mine;
        c->have_key = 1;
    } else if (!audit_is_memory(dbp)) {
        int got = audit_key_read(kp, &c->key, err, sizeof err);
        if (got < 0) {
            snprintf(r->problems, sizeof r->problems, "cannot check the audit trail: %s", err);
            return -1;
        }
        c->have_key = got == 1;
    }
    if (c->an.present) {
        if (!c->have_key) {
            snprintf(r->problems, sizeof r->problems,
                     "cannot check the audit trail: its key %.1024s is missing (the trail was anchored with key %s on"
                     " %.10s); put the key file back or give its path with --audit-key",
                     kp, c->an.key_id, c->an.at);
            return -1;
        }
        if (strcmp(c->an.key_id, c->key.id) != 0) {
            snprintf(r->problems, sizeof r->problems,
                     "cannot check the audit trail: the key %.1024s (key %s) is not the key it was anchored with (key"
                     " %s)",
                     kp, c->key.id, c->an.key_id);
            return -1;
        }
        char mac[65];
        audit_anchor_mac(&c->key, c->an.keyed_from, c->an.key_id, c->an.at, mac);
        if (sodium_memcmp(mac, c->an.mac, 64) != 0)
            add_text(c, "the audit anchor was changed (it now says the keyed chain starts at row %lld)",
                     (long long)c->an.keyed_from);
        c->keyed_from = c->an.keyed_from;
    }
    c->use_log = c->have_key && !audit_is_memory(dbp);
    if (c->use_log)
        read_log(c, lp);
    return 0;
}

/* --- the rows ---------------------------------------------------------------- */

/* The checkpoint MAC recorded for row id, or NULL; *differs when two checkpoints disagree. */
static const char *checkpoint_for(Check *c, size_t *ci, int64_t id, int *differs)
{
    while (*ci < c->ncp && c->cp_id[*ci] < id)
        (*ci)++;
    const char *mac = NULL;
    *differs = 0;
    for (size_t j = *ci; j < c->ncp && c->cp_id[j] == id; j++) {
        if (mac && strcmp(mac, c->cp_mac[j]) != 0)
            *differs = 1;
        mac = c->cp_mac[j];
    }
    return mac;
}

static int walk(Check *c)
{
    sqlite3 *h = db_handle(c->db);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h,
                           "SELECT id, at, actor_id, actor, action, object_type, object_id, changes, reason, ip,"
                           " prev_hash, hash FROM audit ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK) {
        snprintf(c->r->problems, sizeof c->r->problems, "cannot read the audit trail: %s", sqlite3_errmsg(h));
        return -1;
    }
    char prev[65];
    memcpy(prev, AUDIT_GENESIS, sizeof prev);
    int64_t expect = 1;
    size_t ci = 0;
    int rc;
#define TXT(i) ((const char *)sqlite3_column_text(st, (i)))
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *stored_prev = TXT(10), *stored = TXT(11);
        c->r->rows++;
        int differs;
        if (id > expect) {
            add(c, F_DELETED, expect, id - 1, NULL);
            /* the row before the gap is gone: the log may still know its MAC */
            const char *known = checkpoint_for(c, &ci, id - 1, &differs);
            snprintf(prev, sizeof prev, "%s", known ? known : stored_prev ? stored_prev : "");
        }
        const AuditKey *k = c->keyed_from > 0 && id >= c->keyed_from ? &c->key : NULL;
        char computed[65];
        audit_digest(k, id, TXT(1), sqlite3_column_int64(st, 2), TXT(3), TXT(4), TXT(5), TXT(6), TXT(7), TXT(8),
                     TXT(9), prev, computed);
        const char *cp = checkpoint_for(c, &ci, id, &differs);
        int linked = stored_prev && strcmp(stored_prev, prev) == 0;
        int sound = stored && strcmp(computed, stored) == 0;
        if (linked && sound) {
            if (cp && (differs || strcmp(cp, stored) != 0)) {
                add(c, F_PINNED, id, id, NULL);
                memcpy(prev, cp, sizeof prev);
            } else {
                memcpy(prev, stored, sizeof prev);
            }
        } else if (cp && !differs && strcmp(computed, cp) == 0) {
            add(c, F_REHASHED, id, id, NULL); /* the contents are what was logged */
            memcpy(prev, cp, sizeof prev);
        } else {
            add(c, F_CHANGED, id, id, NULL);
            snprintf(prev, sizeof prev, "%s", cp ? cp : stored ? stored : "");
        }
        c->last_id = id;
        snprintf(c->last_hash, sizeof c->last_hash, "%s", stored ? stored : "");
        expect = id + 1;
    }
#undef TXT
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        snprintf(c->r->problems, sizeof c->r->problems, "cannot read the audit trail: %s", sqlite3_errmsg(h));
        return -1;
    }
    return 0;
}

/* Rows missing at the end, and the head. */
static void check_end(Check *c)
{
    int64_t last = c->last_id;
    if (c->use_log && c->log_last > last) {
        if (c->r->rows == 0)
            add(c, F_EMPTY, 1, c->log_last, NULL);
        else
            add(c, F_DELETED_END, last + 1, c->log_last, NULL);
        return; /* whatever the head says, the rows are gone */
    }
    int64_t head_id = 0;
    char head_hash[65] = "";
    int have_head = 0;
    sqlite3_stmt *st = db_stmt(c->db, "SELECT last_id, last_hash FROM audit_head WHERE id = 1");
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        have_head = 1;
        head_id = sqlite3_column_int64(st, 0);
        snprintf(head_hash, sizeof head_hash, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    if (st)
        sqlite3_reset(st);
    int ok = last == 0 ? (!have_head || head_id == 0) : (have_head && head_id == last && strcmp(head_hash, c->last_hash) == 0);
    if (ok)
        return;
    if (c->use_log && c->log.exists) {
        if (c->log_last == last)
            add_text(c,
                     "the head was changed but no rows were deleted: it records row %lld, and the trail ends at row"
                     " %lld, as the checkpoint log confirms",
                     (long long)head_id, (long long)last);
        else
            add_text(c,
                     "the head was changed but no rows were deleted: it records row %lld, and the trail ends at row"
                     " %lld (the checkpoint log's last entry is row %lld)",
                     (long long)head_id, (long long)last, (long long)c->log_last);
    } else if (head_id > last) {
        add_text(c,
                 "the trail ends at row %lld but its head records row %lld: rows %lld to %lld were deleted, or the"
                 " head was changed (without a checkpoint log the two cannot be told apart)",
                 (long long)last, (long long)head_id, (long long)last + 1, (long long)head_id);
        if (c->r->first_bad == 0)
            c->r->first_bad = last + 1;
    } else {
        add_text(c, "the head was changed: it records row %lld, and the trail ends at row %lld",
                 (long long)head_id, (long long)last);
    }
}

int audit_verify_report(Db *db, AuditReport *r)
{
    memset(r, 0, sizeof *r);
    Check *c = xcalloc(1, sizeof *c);
    c->db = db;
    c->r = r;
    int rc = load(c);
    if (rc == 0)
        rc = walk(c);
    if (rc == 0) {
        check_end(c);
        r->keyed_from = c->keyed_from;
        r->checkpoints = (int64_t)c->ncp;
        Buf b = BUF_INIT;
        for (int i = 0; i < c->nf; i++) {
            say(&b, &c->f[i]);
            buf_putc(&b, '\n');
        }
        if (c->more)
            buf_printf(&b, "and %d more problems after these\n", c->more);
        buf_puts(&b, c->guards);
        snprintf(r->problems, sizeof r->problems, "%s", buf_str(&b));
        buf_free(&b);
        if (c->keyed_from > 1)
            snprintf(r->notes, sizeof r->notes,
                     "rows 1 to %lld were written before the audit key existed (the trail was anchored on %.10s):"
                     " they are chained with SHA-256 without a key, which shows any edit since then but not a"
                     " rewrite made before; rows from %lld on are chained with the key\n",
                     (long long)c->keyed_from - 1, c->an.present ? c->an.at : "an unknown day",
                     (long long)c->keyed_from);
        else if (c->keyed_from == 0 && r->rows > 0)
            snprintf(r->notes, sizeof r->notes,
                     "the trail has no key yet: its rows are chained with SHA-256 without a key until rise next"
                     " starts and anchors it\n");
        rc = c->nf > 0 || r->guards_restored ? 1 : 0;
    }
    sodium_memzero(&c->key, sizeof c->key);
    audit_log_free(&c->log);
    free(c->cp_id);
    free(c->cp_mac);
    free(c);
    return rc;
}

int audit_verify(Db *db, int64_t *checked, int64_t *bad_id, char *msg, size_t msglen)
{
    AuditReport *r = xcalloc(1, sizeof *r);
    int rc = audit_verify_report(db, r);
    *checked = r->rows;
    *bad_id = r->first_bad;
    if (rc == 0) {
        snprintf(msg, msglen, "audit trail intact: %lld rows verified", (long long)r->rows);
    } else {
        size_t n = strcspn(r->problems, "\n");
        snprintf(msg, msglen, "%.*s", (int)n, r->problems);
    }
    free(r);
    return rc;
}
