/*
 * grants.c - see grants.h.
 */
#include "store/grants.h"
#include "store/reviews.h"
#include "store/terms.h"

#include "core/buf.h"
#include "core/log.h"
#include "domain/grant_letter.h"
#include "domain/grants.h"
#include "domain/responsible_body.h"
#include "domain/workdays.h"
#include "store/messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("grants: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

static void id_text(int64_t id, char out[24])
{
    snprintf(out, 24, "%lld", (long long)id);
}

const char *grant_status_label(const char *status)
{
    static const char *const L[][2] = {{GRANT_DRAFT, "Draft: not yet offered"}, {GRANT_OFFERED, "Offered"},
                                       {GRANT_ACCEPTED, "Accepted"},             {GRANT_WITHDRAWN, "Withdrawn"},
                                       {GRANT_CLOSED, "Closed"}};
    for (size_t i = 0; status && i < sizeof L / sizeof L[0]; i++)
        if (strcmp(status, L[i][0]) == 0)
            return L[i][1];
    return status ? status : "";
}

const char *grant_line_status_label(const char *status)
{
    static const char *const L[][2] = {{"scheduled", "Scheduled"}, {"due", "Due"},          {"withheld", "Withheld"},
                                       {"paid", "Paid"},           {"cancelled", "Cancelled"}};
    for (size_t i = 0; status && i < sizeof L / sizeof L[0]; i++)
        if (strcmp(status, L[i][0]) == 0)
            return L[i][1];
    return status ? status : "";
}

/* ---- terms ---- */

/* Interpretation until issue 15 brings term dates as data: autumn ends on
   31 December, spring on 31 March, summer on 31 July. */
static const GrantTermEnd DEFAULT_TERM_ENDS[] = {{3, 31}, {7, 31}, {12, 31}};

Date grant_term_end(Date from, int k, const GrantTermEnd *ends, size_t n_ends)
{
    if (!ends || !n_ends) {
        ends = DEFAULT_TERM_ENDS;
        n_ends = sizeof DEFAULT_TERM_ENDS / sizeof DEFAULT_TERM_ENDS[0];
    }
    if (from == DATE_NONE || k < 0)
        return DATE_NONE;
    int y, m, d;
    date_to_ymd(from, &y, &m, &d);
    Date at = from;
    for (int found = -1; found < k;) {
        Date best = DATE_NONE;
        /* the first end strictly after `at`: this year's or next year's */
        for (int yy = y; yy <= y + 1 && best == DATE_NONE; yy++)
            for (size_t i = 0; i < n_ends; i++) {
                Date e = date_from_ymd(yy, ends[i].month, ends[i].day);
                if (e != DATE_NONE && e > at && (best == DATE_NONE || e < best))
                    best = e;
            }
        if (best == DATE_NONE)
            return DATE_NONE;
        at = best;
        date_to_ymd(at, &y, &m, &d);
        found++;
    }
    return at;
}



/* ---- making a grant ---- */

typedef struct NewGrant {
    int64_t case_id, payee_id;
    const char *kind, *programme, *region;
    int plan_version;
    int64_t termly[GRANT_MAX_TERMS];
    int n_terms;
    Date approved; /* the day the schedule counts from */
    int single;    /* one line, labelled with the grant's kind */
    const SchoolTermList *terms; /* the terms an administrator set (issue 15), or NULL */
} NewGrant;

/*
 * The last day of the k-th term (0-based) counting the one the approval
 * falls in: from the school terms an administrator set (issue 15) when they
 * reach that far, otherwise from the default term ends.
 */
static Date plan_term_end(const NewGrant *n, int k)
{
    if (n->terms && k >= 0) {
        int seen = 0;
        for (size_t i = 0; i < n->terms->n; i++) /* sorted by first day */
            if (n->terms->items[i].ends >= n->approved && seen++ == k)
                return n->terms->items[i].ends;
    }
    return grant_term_end(n->approved, k, NULL, 0);
}

/* Has the case a grant of that kind (any payee, any status)? 1, 0, -1. */
static int grant_exists(Db *db, int64_t case_id, const char *kind)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM grants WHERE case_id = ? AND kind = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, kind);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int insert_line(Db *db, int64_t grant_id, int position, const GrantLine *l, const char *label,
                       const char *expected_on)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO grant_lines (grant_id, position, label, amount, pay_when, term,"
                                   " expected_on, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled')");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    db_bind_int64(st, 2, position);
    db_bind_text(st, 3, label);
    db_bind_int64(st, 4, l->amount);
    db_bind_text(st, 5, l->when == PAY_UP_FRONT ? "up-front" : "arrears");
    db_bind_int64(st, 6, l->term);
    db_bind_text(st, 7, expected_on);
    return step_done(db, st);
}

/* The term (0-based, from the approval) a day falls in. */
static int term_of(const NewGrant *n, Date day)
{
    if (day == DATE_NONE || day <= n->approved)
        return 0;
    for (int t = 0; t < GRANT_MAX_TERMS; t++)
        if (day <= plan_term_end(n, t))
            return t;
    return GRANT_MAX_TERMS - 1;
}

/* Writes the draft grant and its schedule, audited "grant.prepare". */
static int grant_create(Db *db, const Actor *actor, const NewGrant *n, int64_t *id_out)
{
    GrantLine lines[GRANT_MAX_TERMS];
    int nl = grant_schedule(n->termly, n->n_terms, lines);
    if (nl <= 0)
        return nl == 0 ? 0 : -1; /* nothing to pay */
    GrantParams gp;
    if (grant_params_load(db, n->programme, &gp) != 0)
        return -1;
    int64_t total = 0;
    for (int i = 0; i < nl; i++)
        total += lines[i].amount;
    char now[32];
    grant_now(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO grants (case_id, kind, programme, region, payee_id, status,"
                                   " plan_version, total, created_at, created_by, updated_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7, ?8, ?9, ?8) RETURNING id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, n->case_id);
    db_bind_text(st, 2, n->kind);
    db_bind_text(st, 3, n->programme);
    db_bind_text(st, 4, n->region ? n->region : "");
    db_bind_int64(st, 5, n->payee_id);
    if (n->plan_version > 0)
        db_bind_int64(st, 6, n->plan_version);
    else
        sqlite3_bind_null(st, 6);
    db_bind_int64(st, 7, total);
    db_bind_text(st, 8, now);
    db_bind_text(st, 9, actor->label);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (!id) {
        log_error("grants: create: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    for (int i = 0; i < nl; i++) {
        char label[96], on[11];
        const char *how = lines[i].when == PAY_UP_FRONT ? "paid up front" : "paid in arrears";
        if (n->single)
            snprintf(label, sizeof label, "%s (%s)", grant_kind_label(n->kind), how);
        else
            snprintf(label, sizeof label, "Term %d (%s)", lines[i].term + 1, how);
        Date due = lines[i].when == PAY_UP_FRONT ? add_working_days(n->approved, gp.pay_days)
                                                 : plan_term_end(n, lines[i].term);
        date_iso(due, on);
        if (insert_line(db, id, i + 1, &lines[i], label, due == DATE_NONE ? NULL : on) != 0)
            return -1;
    }
    char gid[24], tot[24], cid[24];
    id_text(id, gid);
    id_text(total, tot);
    id_text(n->case_id, cid);
    AuditChange ch[] = {{"kind", NULL, n->kind}, {"case", NULL, cid}, {"total", NULL, tot}, {"status", NULL, "draft"}};
    if (audit_append(db, actor, "grant.prepare", "grant", gid, ch, 4, NULL) != 0)
        return -1;
    if (id_out)
        *id_out = id;
    return 0;
}

/* The case's responsible body as a payee: the trust or the local authority
   (0 when it has none). */
static int rb_payee(Db *db, const Case *c, int64_t *payee_id)
{
    *payee_id = 0;
    Scope s = case_scope(c);
    char ref[24];
    if (s.rb_trust_uid) {
        id_text(s.rb_trust_uid, ref);
        const char *name = strcmp(c->subject_kind, "trust") == 0 ? c->subject_name : c->trust_name;
        return payee_ensure(db, PAYEE_TRUST, ref, name, payee_id);
    }
    if (s.rb_la_code && *s.rb_la_code) {
        char name[200];
        snprintf(name, sizeof name, "%s (local authority)", c->local_authority ? c->local_authority : s.rb_la_code);
        return payee_ensure(db, PAYEE_LA, s.rb_la_code, name, payee_id);
    }
    return 0;
}

/* The matched organisation as a payee (0 when none). */
static int provider_payee(Db *db, int64_t org_id, int64_t *payee_id)
{
    *payee_id = 0;
    if (!org_id)
        return 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT name FROM organisations WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, org_id);
    char *name = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    char ref[24];
    id_text(org_id, ref);
    int rc = payee_ensure(db, PAYEE_PROVIDER, ref, name, payee_id);
    free(name);
    return rc;
}

static int from_plan(Db *db, const Actor *actor, const Case *c, const Plan *p, int version, const char *approved_on,
                     const SchoolTermList *terms)
{
    NewGrant n = {.case_id = c->id, .programme = c->programme, .region = c->region, .plan_version = version,
                  .terms = terms};
    n.approved = date_parse(approved_on ? approved_on : "", NULL);
    if (n.approved == DATE_NONE)
        n.approved = date_local(0);
    if (p->kind == PLAN_RAF) {
        n.kind = "raf";
        n.n_terms = PLAN_TERMS;
        for (int t = 0; t < PLAN_TERMS; t++)
            n.termly[t] = plan_term_total(p, t);
        if (provider_payee(db, c->matched_provider, &n.payee_id) != 0)
            return -1;
    } else if (p->kind == PLAN_RISE && p->band_final != BAND_UNSET && p->band_final != BAND_NONE) {
        n.kind = "improvement";
        /* the termly profile: each costed activity in the term (from the
           approval) it starts in; one starting before the approval in the first */
        for (size_t i = 0; i < p->n_costed && i < PLAN_MAX_ACTIVITIES; i++) {
            int t = term_of(&n, p->costed[i].on);
            n.termly[t] += p->costed[i].cost;
            if (t + 1 > n.n_terms)
                n.n_terms = t + 1;
        }
        if (rb_payee(db, c, &n.payee_id) != 0)
            return -1;
    } else {
        return 0; /* Tier 1, TSIO, a RISE plan with no funding: no grant here */
    }
    if (!n.payee_id) {
        log_warn("grants: case %lld: no one to pay, no %s grant made", (long long)c->id, n.kind);
        return 0;
    }
    int exists = grant_exists(db, c->id, n.kind);
    if (exists != 0)
        return exists < 0 ? -1 : 0;
    return grant_create(db, actor, &n, NULL);
}

int grant_from_plan(Db *db, const Actor *actor, const Case *c, const Plan *p, int version, const char *approved_on)
{
    SchoolTermList terms;
    if (school_terms_list(db, &terms) != 0)
        return -1;
    int rc = from_plan(db, actor, c, p, version, approved_on, &terms);
    school_term_list_free(&terms);
    return rc;
}

int grant_planning_prepare(Db *db, const Actor *actor, int64_t case_id, int64_t *id, const char **why)
{
    *why = NULL;
    *id = 0;
    if (db_begin(db) != 0)
        return CW_ERROR;
    Case c;
    int rc = case_get(db, case_id, &c);
    if (rc != 1) {
        db_rollback(db);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    int ret = CW_ERROR;
    NewGrant n = {.case_id = c.id, .programme = c.programme, .region = c.region, .kind = "planning", .single = 1,
                  .n_terms = 1, .approved = date_local(0)};
    GrantParams gp;
    int exists;
    if (strcmp(c.programme, "rise") != 0) {
        *why = "Only a RISE case has a planning grant";
        ret = CW_REFUSED;
    } else if ((*why = casework_case_editable(c.status)) != NULL) {
        ret = CW_REFUSED;
    } else if ((exists = grant_exists(db, c.id, "planning")) != 0) {
        if (exists > 0)
            *why = "The case has a planning grant already";
        ret = exists > 0 ? CW_REFUSED : CW_ERROR;
    } else if (grant_params_load(db, c.programme, &gp) == 0 && rb_payee(db, &c, &n.payee_id) == 0 &&
               (n.payee_id || provider_payee(db, c.matched_provider, &n.payee_id) == 0)) {
        n.termly[0] = gp.planning_grant;
        if (!n.payee_id) {
            *why = "The case has no responsible body or matched organisation to pay";
            ret = CW_REFUSED;
        } else if (gp.planning_grant <= 0) {
            *why = "The programme's planning grant is set to nothing";
            ret = CW_REFUSED;
        } else if (grant_create(db, actor, &n, id) == 0) {
            ret = CW_OK;
        }
    }
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    case_free(&c);
    return ret;
}

/* ---- changes to a grant ---- */

/* A change's frame: the transaction, the grant read again inside it. */
typedef struct GTx {
    Grant g;
    char gid[24], now[32], today[11];
} GTx;

static int gtx_open(Db *db, int64_t grant_id, GTx *x)
{
    memset(x, 0, sizeof *x);
    if (db_begin(db) != 0)
        return CW_ERROR;
    int rc = grant_get(db, grant_id, &x->g);
    if (rc != 1) {
        db_rollback(db);
        grant_free(&x->g);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    id_text(grant_id, x->gid);
    grant_now(x->now);
    grant_today(x->today);
    return CW_OK;
}

static int gtx_close(Db *db, GTx *x, int ret)
{
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    grant_free(&x->g);
    return ret;
}

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

int grant_issue_warning(Db *db, int64_t grant_id, char *warning, size_t len)
{
    Grant g;
    int rc = grant_get(db, grant_id, &g);
    if (rc != 1)
        return rc == 0 ? 0 : -1;
    char today[11], year[8];
    grant_today(today);
    grant_financial_year(atoi(today), atoi(today + 5), year);
    rc = grant_budget_warning(db, g.programme, year, g.region, g.total, warning, len);
    grant_free(&g);
    return rc;
}

/* The letter of grant g, offered on `today` in financial year `year` by
   `by`: L points into lines, ll and ref, which the caller frees (lines, ll). */
static int letter_of(Db *db, const Grant *g, const char *year, const char *today, const char *by, GrantLetter *L,
                     GrantLetterLine **lines, GrantLineList *ll, char ref[32])
{
    if (grant_lines(db, g->id, ll) != 0)
        return -1;
    *lines = calloc(ll->n ? ll->n : 1, sizeof **lines);
    if (!*lines) {
        grant_line_list_free(ll);
        return -1;
    }
    for (size_t i = 0; i < ll->n; i++)
        (*lines)[i] = (GrantLetterLine){ll->items[i].label, ll->items[i].expected_on, ll->items[i].amount};
    snprintf(ref, 32, "GRANT-%lld", (long long)g->id);
    *L = (GrantLetter){.reference = ref, .kind = g->kind, .payee = g->payee_name, .school = g->school,
                       .programme = g->programme, .year = year, .offered_on = today, .offered_by = by,
                       .plan_version = g->plan_version, .total = g->total, .lines = *lines, .n_lines = ll->n};
    return 0;
}

/* The letter for the grant as it is being issued. */
static int make_letter(Db *db, const Actor *actor, const GTx *x, const char *year, unsigned char **pdf, size_t *len)
{
    GrantLetter L;
    GrantLetterLine *lines;
    GrantLineList ll;
    char ref[32];
    if (letter_of(db, &x->g, year, x->today, actor->label, &L, &lines, &ll, ref) != 0)
        return -1;
    int rc = grant_letter_pdf(&L, pdf, len);
    free(lines);
    grant_line_list_free(&ll);
    return rc;
}

char *grant_letter_preview(Db *db, int64_t grant_id, const char *by)
{
    Grant g;
    if (grant_get(db, grant_id, &g) != 1)
        return NULL;
    char today[11], year[8], ref[32];
    grant_today(today);
    grant_financial_year(atoi(today), atoi(today + 5), year);
    GrantLetter L;
    GrantLetterLine *lines;
    GrantLineList ll;
    char *text = NULL;
    if (letter_of(db, &g, year, today, by, &L, &lines, &ll, ref) == 0) {
        text = grant_letter_text(&L);
        free(lines);
        grant_line_list_free(&ll);
    }
    grant_free(&g);
    return text;
}

/* The payee's people: an organisation's, a trust's or a local authority's
   accounts, or the person. At most max ids. */
static size_t payee_users(Db *db, const Grant *g, int64_t *ids, size_t max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM users WHERE disabled_at IS NULL AND"
                                   " ((?1 = 'person' AND id = CAST(?2 AS INTEGER)) OR"
                                   "  (?1 <> 'person' AND org_kind = ?1 AND organisation = ?2)) ORDER BY id");
    if (!st)
        return 0;
    db_bind_text(st, 1, g->payee_kind);
    db_bind_text(st, 2, g->payee_ref);
    size_t n = 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return n;
}

static int tell_payee(Db *db, const Actor *actor, const GTx *x, const unsigned char *pdf, size_t len)
{
    int64_t ids[32];
    size_t n = payee_users(db, &x->g, ids, 32);
    char what[600], money[48], path[64];
    plan_money(x->g.total, money, sizeof money);
    snprintf(what, sizeof what, "The Department for Education offers %s a %s of %s for %s. The offer letter is"
             " attached: read it, then accept the offer in the service to receive the first payment",
             x->g.payee_name, grant_kind_label(x->g.kind), money, x->g.school ? x->g.school : "the school");
    snprintf(path, sizeof path, "/grants/%lld", (long long)x->g.id);
    for (size_t i = 0; i < n; i++)
        if (message_case_step_file(db, actor, "grant-offer", ids[i], x->g.case_id, what, path, "letter", pdf, len,
                                   "grant-offer-letter.pdf") != 0)
            return -1;
    return 0;
}

int grant_issue(Db *db, const Actor *actor, int64_t grant_id, int over_budget_ok, const char **why)
{
    *why = NULL;
    GTx x;
    int ret = gtx_open(db, grant_id, &x);
    if (ret != CW_OK)
        return ret;
    if (!is(x.g.status, GRANT_DRAFT)) {
        *why = "The grant has been offered already";
        return gtx_close(db, &x, CW_REFUSED);
    }
    char year[8], warning[400];
    grant_financial_year(atoi(x.today), atoi(x.today + 5), year);
    int warns = grant_budget_warning(db, x.g.programme, year, x.g.region, x.g.total, warning, sizeof warning);
    if (warns < 0)
        return gtx_close(db, &x, CW_ERROR);
    if (warns && !over_budget_ok) {
        *why = "Confirm that you understand this offer exceeds the budget";
        return gtx_close(db, &x, CW_REFUSED);
    }
    unsigned char *pdf = NULL;
    size_t len = 0;
    GrantLineList ll = {0};
    ret = CW_ERROR;
    if (make_letter(db, actor, &x, year, &pdf, &len) != 0 || grant_lines(db, grant_id, &ll) != 0)
        goto out;
    for (size_t i = 0; i < ll.n; i++) {
        GrantMove m = {.grant_id = grant_id, .line_id = ll.items[i].id, .op = OP_OFFER, .from = BUCKET_NONE,
                       .to = BUCKET_SCHEDULED, .amount = ll.items[i].amount};
        if (!is(ll.items[i].status, "scheduled") || grant_post(db, actor, &m) != 0)
            goto out;
    }
    sqlite3_stmt *st = db_stmt(db, "UPDATE grants SET status = 'offered', year = ?, offered_at = ?, offered_by = ?,"
                                   " letter_pdf = ?, updated_at = ? WHERE id = ?");
    if (!st)
        goto out;
    db_bind_text(st, 1, year);
    db_bind_text(st, 2, x.now);
    db_bind_text(st, 3, actor->label);
    sqlite3_bind_blob(st, 4, pdf, (int)len, SQLITE_TRANSIENT);
    db_bind_text(st, 5, x.now);
    db_bind_int64(st, 6, grant_id);
    AuditChange ch[3] = {{"status", GRANT_DRAFT, GRANT_OFFERED}, {"year", NULL, year}};
    size_t nch = 2;
    if (warns)
        ch[nch++] = (AuditChange){"budget", NULL, warning};
    if (step_done(db, st) == 0 &&
        audit_append(db, actor, "grant.issue", "grant", x.gid, ch, nch, warns ? "Issued over the budget" : NULL) == 0 &&
        tell_payee(db, actor, &x, pdf, len) == 0)
        ret = CW_OK;
out:
    free(pdf);
    grant_line_list_free(&ll);
    return gtx_close(db, &x, ret);
}

/* The line at a position (1-based) of the grant: its id, amount, status and
   pay_when, and its run's status. 1, 0 none, -1. */
typedef struct LineAt {
    int64_t id, amount, run_id;
    char status[16], pay_when[16], run_status[16];
} LineAt;
static int line_at(Db *db, int64_t grant_id, int position, int up_front, LineAt *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT l.id, l.amount, l.status, l.pay_when, COALESCE(l.run_id, 0),"
                                   " COALESCE(r.status, '') FROM grant_lines l LEFT JOIN payment_runs r ON r.id = l.run_id"
                                   " WHERE l.grant_id = ?1 AND (l.position = ?2 OR (?3 AND l.pay_when = 'up-front'))"
                                   " ORDER BY l.position LIMIT 1");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    db_bind_int64(st, 2, position);
    db_bind_int64(st, 3, up_front);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->amount = sqlite3_column_int64(st, 1);
        snprintf(out->status, sizeof out->status, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(out->pay_when, sizeof out->pay_when, "%s", (const char *)sqlite3_column_text(st, 3));
        out->run_id = sqlite3_column_int64(st, 4);
        snprintf(out->run_status, sizeof out->run_status, "%s", (const char *)sqlite3_column_text(st, 5));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The grant team is told the payee accepted (their first payment is now due). */
static int tell_grant_team(Db *db, const Actor *actor, const Grant *g, const char *accepted)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM users WHERE role = 'grant-team' AND disabled_at IS NULL ORDER BY id");
    if (!st)
        return -1;
    int64_t ids[32];
    size_t n = 0;
    while (n < 32 && sqlite3_step(st) == SQLITE_ROW)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    char what[500], path[48];
    snprintf(what, sizeof what, "The %s offer to %s for %s is accepted (%s): its first payment is due",
             grant_kind_label(g->kind), g->payee_name, g->school, accepted);
    snprintf(path, sizeof path, "/grants/%lld", (long long)g->id);
    for (size_t i = 0; i < n; i++)
        if (message_case_step(db, actor, "grant-step", ids[i], g->case_id, what, path) != 0)
            return -1;
    return 0;
}

int grant_accept(Db *db, const Actor *actor, int64_t grant_id, const char *name, int on_behalf, const char **why)
{
    *why = NULL;
    GTx x;
    int ret = gtx_open(db, grant_id, &x);
    if (ret != CW_OK)
        return ret;
    if (!is(x.g.status, GRANT_OFFERED)) {
        *why = is(x.g.status, GRANT_ACCEPTED) ? "The offer has been accepted already"
                                               : "The grant is not waiting for acceptance";
        return gtx_close(db, &x, CW_REFUSED);
    }
    if (!name || !*name) {
        *why = "Enter the full name of the person accepting the offer";
        return gtx_close(db, &x, CW_REFUSED);
    }
    LineAt l;
    int rc = line_at(db, grant_id, 0, 1, &l);
    if (rc < 0)
        return gtx_close(db, &x, CW_ERROR);
    sqlite3_stmt *st = db_stmt(db, "UPDATE grants SET status = 'accepted', accepted_at = ?, accepted_by = ?,"
                                   " accepted_name = ?, accepted_on_behalf = ?, updated_at = ? WHERE id = ?");
    if (!st)
        return gtx_close(db, &x, CW_ERROR);
    db_bind_text(st, 1, x.now);
    db_bind_text(st, 2, actor->label);
    db_bind_text(st, 3, name);
    db_bind_int64(st, 4, on_behalf ? 1 : 0);
    db_bind_text(st, 5, x.now);
    db_bind_int64(st, 6, grant_id);
    AuditChange ch[] = {{"status", GRANT_OFFERED, GRANT_ACCEPTED}, {"accepted_name", NULL, name}};
    char reason[300];
    snprintf(reason, sizeof reason, "Accepted by %s%s", name, on_behalf ? ", recorded by DfE on the payee's behalf" : "");
    ret = CW_ERROR;
    if (step_done(db, st) == 0 && audit_append(db, actor, "grant.accept", "grant", x.gid, ch, 2, reason) == 0 &&
        (rc == 0 || !is(l.status, "scheduled") ||
         grant_line_move(db, actor, l.id, OP_MAKE_DUE, "The offer was accepted: the first term is paid up front", 0,
                         NULL, 0, NULL, x.today) == 0) &&
        tell_grant_team(db, actor, &x.g, reason) == 0)
        ret = CW_OK;
    return gtx_close(db, &x, ret);
}

int grant_withdraw(Db *db, const Actor *actor, int64_t grant_id, const char *reason, const char **why)
{
    *why = NULL;
    GTx x;
    int ret = gtx_open(db, grant_id, &x);
    if (ret != CW_OK)
        return ret;
    if (!is(x.g.status, GRANT_OFFERED) && !is(x.g.status, GRANT_ACCEPTED)) {
        *why = "Only an offer that has been issued can be withdrawn";
        return gtx_close(db, &x, CW_REFUSED);
    }
    if (!reason || !*reason) {
        *why = "Enter why the offer is withdrawn";
        return gtx_close(db, &x, CW_REFUSED);
    }
    GrantLineList ll;
    if (grant_lines(db, grant_id, &ll) != 0)
        return gtx_close(db, &x, CW_ERROR);
    ret = CW_OK;
    for (size_t i = 0; i < ll.n && ret == CW_OK; i++) {
        const GrantLineRow *l = &ll.items[i];
        if (is(l->status, "paid") || is(l->status, "cancelled"))
            continue;
        if (l->run_id && is(l->run_status, "approved")) {
            *why = "A payment of this grant is in an approved payment run: pay or cancel the run first";
            ret = CW_REFUSED;
        } else if (grant_line_move(db, actor, l->id, OP_CANCEL, reason, 0, NULL, 0, NULL, x.today) != 0) {
            ret = CW_ERROR;
        }
    }
    grant_line_list_free(&ll);
    if (ret != CW_OK)
        return gtx_close(db, &x, ret);
    sqlite3_stmt *st = db_stmt(db, "UPDATE grants SET status = 'withdrawn', withdrawn_reason = ?, updated_at = ?"
                                   " WHERE id = ?");
    if (!st)
        return gtx_close(db, &x, CW_ERROR);
    db_bind_text(st, 1, reason);
    db_bind_text(st, 2, x.now);
    db_bind_int64(st, 3, grant_id);
    AuditChange ch[] = {{"status", x.g.status, GRANT_WITHDRAWN}};
    ret = step_done(db, st) == 0 && audit_append(db, actor, "grant.withdraw", "grant", x.gid, ch, 1, reason) == 0
              ? CW_OK
              : CW_ERROR;
    return gtx_close(db, &x, ret);
}

const char *grant_line_action_slug(GrantLineAction a)
{
    return a == LINE_PROGRESS ? "progress" : a == LINE_WITHHOLD ? "withhold" : a == LINE_RELEASE ? "release" : NULL;
}

GrantLineAction grant_line_action_from(const char *slug)
{
    for (int a = LINE_PROGRESS; a <= LINE_RELEASE; a++)
        if (is(slug, grant_line_action_slug((GrantLineAction)a)))
            return (GrantLineAction)a;
    return 0;
}

/* Why the action cannot be done on the line of this grant, or NULL. */
static const char *line_refusal(const Grant *g, const LineAt *l, GrantLineAction act)
{
    int accepted = is(g->status, GRANT_ACCEPTED);
    switch (act) {
    case LINE_PROGRESS:
        if (!accepted)
            return "A term's progress can be confirmed only once the offer is accepted";
        if (!is(l->pay_when, "arrears"))
            return "This payment does not wait for progress: it is paid on acceptance";
        if (!is(l->status, "scheduled"))
            return "This payment is not waiting for progress to be confirmed";
        return NULL;
    case LINE_WITHHOLD:
        if (!accepted && !is(g->status, GRANT_OFFERED))
            return "Only a payment of an offered or accepted grant can be withheld";
        if (!is(l->status, "scheduled") && !is(l->status, "due"))
            return "Only a payment that is scheduled or due can be withheld";
        if (l->run_id && is(l->run_status, "approved"))
            return "This payment is in an approved payment run: it cannot be withheld now";
        return NULL;
    case LINE_RELEASE:
        if (!accepted)
            return "A payment can be released only once the offer is accepted";
        if (!is(l->status, "withheld"))
            return "This payment is not withheld";
        return NULL;
    }
    return "Unknown action";
}

/* A line leaving a prepared payment run: the run's totals follow it. */
static int leave_run(Db *db, const LineAt *l)
{
    if (!l->run_id || !is(l->run_status, "prepared"))
        return 0;
    sqlite3_stmt *st = db_stmt(db, "UPDATE payment_runs SET total = total - ?, n_lines = n_lines - 1"
                                   " WHERE id = ? AND status = 'prepared' AND n_lines > 0");
    if (!st)
        return -1;
    db_bind_int64(st, 1, l->amount);
    db_bind_int64(st, 2, l->run_id);
    return step_done(db, st);
}

int grant_line_act(Db *db, const Actor *actor, int64_t grant_id, int position, GrantLineAction act,
                   const char *reason, const char **why)
{
    *why = NULL;
    if (!grant_line_action_slug(act))
        return CW_NOT_FOUND;
    GTx x;
    int ret = gtx_open(db, grant_id, &x);
    if (ret != CW_OK)
        return ret;
    LineAt l;
    int rc = line_at(db, grant_id, position, 0, &l);
    if (rc != 1)
        return gtx_close(db, &x, rc == 0 ? CW_NOT_FOUND : CW_ERROR);
    if ((*why = line_refusal(&x.g, &l, act)) != NULL)
        return gtx_close(db, &x, CW_REFUSED);
    /* issue 15: where the case has termly reviews, accepting the term's
       review is what confirms its progress */
    if (act == LINE_PROGRESS && case_has_termly_reviews(db, x.g.case_id)) {
        *why = "This case's termly reviews confirm its progress: accepting a satisfactory review on the case's"
               " Monitoring tab releases the next payment";
        return gtx_close(db, &x, CW_REFUSED);
    }
    if (!reason || !*reason) {
        *why = "Enter the reason";
        return gtx_close(db, &x, CW_REFUSED);
    }
    GrantOp op = act == LINE_PROGRESS ? OP_MAKE_DUE : act == LINE_WITHHOLD ? OP_WITHHOLD : OP_RELEASE;
    if (act == LINE_WITHHOLD && leave_run(db, &l) != 0)
        return gtx_close(db, &x, CW_ERROR);
    rc = grant_line_move(db, actor, l.id, op, reason, 0, NULL, 0, NULL, x.today);
    if (rc != 0) {
        if (rc > 0)
            *why = "The payment is not in a state that allows this";
        return gtx_close(db, &x, rc > 0 ? CW_REFUSED : CW_ERROR);
    }
    if (act == LINE_PROGRESS) {
        sqlite3_stmt *st = db_stmt(db, "UPDATE grant_lines SET progress_note = ?, progress_by = ?, progress_at = ?"
                                       " WHERE id = ?");
        if (!st)
            return gtx_close(db, &x, CW_ERROR);
        db_bind_text(st, 1, reason);
        db_bind_text(st, 2, actor->label);
        db_bind_text(st, 3, x.now);
        db_bind_int64(st, 4, l.id);
        char pos[24];
        id_text(position, pos);
        AuditChange ch[] = {{"line", NULL, pos}, {"progress", NULL, "satisfactory"}};
        if (step_done(db, st) != 0 ||
            audit_append(db, actor, "grant.progress", "grant", x.gid, ch, 2, reason) != 0)
            return gtx_close(db, &x, CW_ERROR);
    }
    return gtx_close(db, &x, CW_OK);
}

/* ---- reads ---- */

void grant_free(Grant *g)
{
    if (!g)
        return;
    char **s[] = {&g->kind,          &g->programme,   &g->region,        &g->status,       &g->year,
                  &g->offered_at,    &g->offered_by,  &g->accepted_at,   &g->accepted_by,  &g->accepted_name,
                  &g->withdrawn_reason, &g->created_at, &g->created_by,  &g->payee_kind,   &g->payee_ref,
                  &g->payee_name,    &g->vendor_account, &g->school};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
    memset(g, 0, sizeof *g);
}

void grant_list_free(GrantList *l)
{
    for (size_t i = 0; l && i < l->n; i++)
        grant_free(&l->items[i]);
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

#define GRANT_COLS                                                                                                   \
    "g.id, g.case_id, g.payee_id, g.kind, g.programme, g.region, g.status, g.year, COALESCE(g.plan_version, 0),"    \
    " g.total, g.offered, g.scheduled, g.due, g.withheld, g.paid, g.cancelled, g.recovered, g.offered_at,"          \
    " g.offered_by, g.accepted_at, g.accepted_by, g.accepted_name, g.withdrawn_reason, g.accepted_on_behalf,"       \
    " g.letter_pdf IS NOT NULL, g.created_at, g.created_by, p.kind, p.ref, p.name, p.vendor_account,"               \
    " c.subject_name FROM grants g JOIN payees p ON p.id = g.payee_id JOIN cases c ON c.id = g.case_id"

static void grant_row(sqlite3_stmt *st, Grant *g)
{
    memset(g, 0, sizeof *g);
    g->id = sqlite3_column_int64(st, 0);
    g->case_id = sqlite3_column_int64(st, 1);
    g->payee_id = sqlite3_column_int64(st, 2);
    g->kind = db_col_dup(st, 3);
    g->programme = db_col_dup(st, 4);
    g->region = db_col_dup(st, 5);
    g->status = db_col_dup(st, 6);
    g->year = db_col_dup(st, 7);
    g->plan_version = sqlite3_column_int(st, 8);
    g->total = sqlite3_column_int64(st, 9);
    g->balance.offered = sqlite3_column_int64(st, 10);
    for (int b = 1; b < BUCKET_COUNT; b++)
        g->balance.b[b] = sqlite3_column_int64(st, 10 + b);
    g->offered_at = db_col_dup(st, 17);
    g->offered_by = db_col_dup(st, 18);
    g->accepted_at = db_col_dup(st, 19);
    g->accepted_by = db_col_dup(st, 20);
    g->accepted_name = db_col_dup(st, 21);
    g->withdrawn_reason = db_col_dup(st, 22);
    g->accepted_on_behalf = sqlite3_column_int(st, 23);
    g->has_letter = sqlite3_column_int(st, 24);
    g->created_at = db_col_dup(st, 25);
    g->created_by = db_col_dup(st, 26);
    g->payee_kind = db_col_dup(st, 27);
    g->payee_ref = db_col_dup(st, 28);
    g->payee_name = db_col_dup(st, 29);
    g->vendor_account = db_col_dup(st, 30);
    g->school = db_col_dup(st, 31);
}

int grant_get(Db *db, int64_t id, Grant *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " GRANT_COLS " WHERE g.id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        grant_row(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int collect(sqlite3_stmt *st, GrantList *out)
{
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Grant *g = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        grant_row(st, g);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int grants_for_case(Db *db, int64_t case_id, GrantList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT " GRANT_COLS " WHERE g.case_id = ? ORDER BY g.id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    return collect(st, out);
}

#define GRANT_FILTER                                                                                                 \
    " WHERE (?1 IS NULL OR g.programme = ?1) AND (?2 IS NULL OR g.region = ?2) AND (?3 IS NULL OR g.status = ?3)"

static void bind_filter(sqlite3_stmt *st, const GrantFilter *f)
{
    db_bind_text(st, 1, f->programme && *f->programme ? f->programme : NULL);
    db_bind_text(st, 2, f->region && *f->region ? f->region : NULL);
    db_bind_text(st, 3, f->status && *f->status ? f->status : NULL);
}

int grants_list(Db *db, const GrantFilter *f, GrantList *out, GrantTotals *totals)
{
    memset(out, 0, sizeof *out);
    memset(totals, 0, sizeof *totals);
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*), COALESCE(SUM(g.total), 0), COALESCE(SUM(g.offered), 0),"
                                   " COALESCE(SUM(g.due), 0), COALESCE(SUM(g.withheld), 0), COALESCE(SUM(g.paid), 0)"
                                   " FROM grants g" GRANT_FILTER);
    if (!st)
        return -1;
    bind_filter(st, f);
    if (sqlite3_step(st) == SQLITE_ROW) {
        totals->count = (size_t)sqlite3_column_int64(st, 0);
        totals->total = sqlite3_column_int64(st, 1);
        totals->offered = sqlite3_column_int64(st, 2);
        totals->due = sqlite3_column_int64(st, 3);
        totals->withheld = sqlite3_column_int64(st, 4);
        totals->paid = sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    st = db_stmt(db, "SELECT " GRANT_COLS GRANT_FILTER " ORDER BY g.id DESC LIMIT ?4 OFFSET ?5");
    if (!st)
        return -1;
    bind_filter(st, f);
    db_bind_int64(st, 4, f->limit ? (int64_t)f->limit : 50);
    db_bind_int64(st, 5, (int64_t)f->offset);
    return collect(st, out);
}

void grant_line_list_free(GrantLineList *l)
{
    for (size_t i = 0; l && i < l->n; i++) {
        GrantLineRow *r = &l->items[i];
        char **s[] = {&r->label,        &r->pay_when,      &r->expected_on, &r->status,          &r->due_since,
                      &r->run_status,   &r->paid_on,       &r->paid_reference, &r->progress_note, &r->progress_by,
                      &r->progress_at,  &r->withheld_reason, &r->withheld_by, &r->withheld_at};
        for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
            free(*s[k]);
    }
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

int grant_lines(Db *db, int64_t grant_id, GrantLineList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT l.id, l.position, COALESCE(l.term, -1), l.label, l.pay_when,"
                                   " l.expected_on, l.status, l.due_since, l.amount, COALESCE(l.run_id, 0), r.status,"
                                   " l.paid_on, l.paid_reference, l.progress_note, l.progress_by, l.progress_at,"
                                   " l.withheld_reason, l.withheld_by, l.withheld_at FROM grant_lines l"
                                   " LEFT JOIN payment_runs r ON r.id = l.run_id WHERE l.grant_id = ? ORDER BY l.position");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        GrantLineRow *r = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        r->position = sqlite3_column_int(st, 1);
        r->term = sqlite3_column_int(st, 2);
        r->label = db_col_dup(st, 3);
        r->pay_when = db_col_dup(st, 4);
        r->expected_on = db_col_dup(st, 5);
        r->status = db_col_dup(st, 6);
        r->due_since = db_col_dup(st, 7);
        r->amount = sqlite3_column_int64(st, 8);
        r->run_id = sqlite3_column_int64(st, 9);
        r->run_status = db_col_dup(st, 10);
        r->paid_on = db_col_dup(st, 11);
        r->paid_reference = db_col_dup(st, 12);
        r->progress_note = db_col_dup(st, 13);
        r->progress_by = db_col_dup(st, 14);
        r->progress_at = db_col_dup(st, 15);
        r->withheld_reason = db_col_dup(st, 16);
        r->withheld_by = db_col_dup(st, 17);
        r->withheld_at = db_col_dup(st, 18);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

void grant_entry_list_free(GrantEntryList *l)
{
    for (size_t i = 0; l && i < l->n; i++) {
        GrantEntry *e = &l->items[i];
        char **s[] = {&e->op,          &e->from_bucket, &e->to_bucket, &e->reason,
                      &e->prepared_by, &e->approved_by, &e->reference, &e->at};
        for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
            free(*s[k]);
    }
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

int grant_entries(Db *db, int64_t grant_id, GrantEntryList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, COALESCE(line_id, 0), amount, op, from_bucket, to_bucket, reason,"
                                   " prepared_by, approved_by, reference, at FROM grant_ledger WHERE grant_id = ?"
                                   " ORDER BY id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        GrantEntry *e = xgrow((void **)&out->items, &out->n, &cap, sizeof *out->items);
        e->id = sqlite3_column_int64(st, 0);
        e->line_id = sqlite3_column_int64(st, 1);
        e->amount = sqlite3_column_int64(st, 2);
        e->op = db_col_dup(st, 3);
        e->from_bucket = db_col_dup(st, 4);
        e->to_bucket = db_col_dup(st, 5);
        e->reason = db_col_dup(st, 6);
        e->prepared_by = db_col_dup(st, 7);
        e->approved_by = db_col_dup(st, 8);
        e->reference = db_col_dup(st, 9);
        e->at = db_col_dup(st, 10);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int grant_letter_get(Db *db, int64_t grant_id, unsigned char **pdf, size_t *len)
{
    *pdf = NULL;
    *len = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT letter_pdf FROM grants WHERE id = ? AND letter_pdf IS NOT NULL");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        int n = sqlite3_column_bytes(st, 0);
        const void *b = sqlite3_column_blob(st, 0);
        *pdf = malloc(n > 0 ? (size_t)n : 1);
        if (*pdf && b)
            memcpy(*pdf, b, (size_t)n);
        *len = (size_t)n;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? (*pdf ? 1 : -1) : rc == SQLITE_DONE ? 0 : -1;
}
