/*
 * claims.c - claims of days (issue 14 item 5); see claims.h.
 */
#include "store/claims.h"

#include "core/date.h"
#include "core/log.h"
#include "domain/plans.h"
#include "store/audit.h"
#include "store/grant_ledger.h"
#include "store/matching.h"
#include "store/messages.h"
#include "store/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int step_done(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_error("claims: %s", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

/* ---- words ---- */

static const struct {
    GrantDays kind;
    const char *slug, *label;
} KINDS[] = {
    {DAYS_NLE, "nle", "NLE days"},
    {DAYS_LEADER, "leader", "System leader days"},
    {DAYS_NLG, "nlg", "NLG governance review days"},
    {DAYS_ADVISER, "adviser", "Adviser days"},
};

const char *claim_days_slug(GrantDays kind)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (KINDS[i].kind == kind)
            return KINDS[i].slug;
    return NULL;
}

GrantDays claim_days_from(const char *slug)
{
    for (size_t i = 0; slug && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].slug, slug) == 0)
            return KINDS[i].kind;
    return (GrantDays)0;
}

const char *claim_days_label(GrantDays kind)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (KINDS[i].kind == kind)
            return KINDS[i].label;
    return "Days";
}

const char *claim_status_label(const char *status)
{
    if (!status)
        return "";
    if (strcmp(status, CLAIM_SUBMITTED) == 0)
        return "Waiting for a decision";
    if (strcmp(status, CLAIM_APPROVED) == 0)
        return "Approved";
    if (strcmp(status, CLAIM_REJECTED) == 0)
        return "Rejected";
    if (strcmp(status, CLAIM_WITHDRAWN) == 0)
        return "Withdrawn";
    return status;
}

int claim_halves_parse(const char *text, int *halves)
{
    if (!text)
        return -1;
    while (*text == ' ')
        text++;
    int whole = 0, digits = 0;
    const char *p = text;
    while (*p >= '0' && *p <= '9') {
        whole = whole * 10 + (*p - '0');
        if (++digits > 3)
            return -1;
        p++;
    }
    int half = 0;
    if (*p == '.') {
        p++;
        if (*p == '5')
            half = 1;
        else if (*p != '0')
            return -1;
        p++;
        while (*p == '0')
            p++;
    }
    while (*p == ' ')
        p++;
    if (*p || (digits == 0 && !half))
        return -1;
    *halves = whole * 2 + half;
    return 0;
}

void claim_days_words(int halves, char *out, size_t len)
{
    if (halves % 2)
        snprintf(out, len, "%d.5 days", halves / 2);
    else
        snprintf(out, len, "%d day%s", halves / 2, halves == 2 ? "" : "s");
}

void claim_dates_words(const char *from_on, const char *to_on, char *out, size_t len)
{
    Date a = date_parse(from_on, NULL), b = date_parse(to_on, NULL);
    if (a == DATE_NONE || b == DATE_NONE) {
        snprintf(out, len, "%s to %s", from_on ? from_on : "", to_on ? to_on : "");
        return;
    }
    char la[40], lb[40];
    date_long(a, la, sizeof la);
    date_long(b, lb, sizeof lb);
    if (a == b) {
        snprintf(out, len, "%s", lb);
        return;
    }
    int ya, ma, da, yb, mb, db;
    date_to_ymd(a, &ya, &ma, &da);
    date_to_ymd(b, &yb, &mb, &db);
    if (ya == yb && ma == mb)
        snprintf(out, len, "%d to %s", da, lb);
    else if (ya == yb)
        snprintf(out, len, "%.*s to %s", (int)(strrchr(la, ' ') - la), la, lb);
    else
        snprintf(out, len, "%s to %s", la, lb);
}

int claim_kinds_for(Db *db, const Case *c, GrantDays out[4])
{
    if (strcmp(c->programme, "si-2019-20") == 0) {
        if (plan_case_tier(db, c->id) != 1)
            return 0;
        out[0] = DAYS_NLE;
        return 1;
    }
    if (strcmp(c->programme, "tsio-2022-23") == 0) {
        out[0] = DAYS_LEADER;
        out[1] = DAYS_NLG;
        return 2;
    }
    if (strcmp(c->programme, "rise") == 0) {
        out[0] = DAYS_ADVISER;
        return 1;
    }
    return 0;
}

/* ---- reading ---- */

void claim_free(Claim *c)
{
    if (!c)
        return;
    char **s[] = {&c->from_on,      &c->to_on,      &c->activities,    &c->status, &c->submitted_by,
                  &c->submitted_at, &c->decided_by, &c->decided_at,    &c->decision_note,
                  &c->payee,        &c->school,     &c->region,        &c->programme};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
    memset(c, 0, sizeof *c);
}

void claim_list_free(ClaimList *l)
{
    for (size_t i = 0; i < l->n; i++)
        claim_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

#define CLAIM_COLS                                                                                                    \
    "SELECT k.id, k.case_id, k.payee_id, k.grant_id, k.line_id, k.submitted_by_id, k.decided_by_id, k.days_kind,"   \
    " k.halves, k.travel_minutes, k.travel_miles, k.day_rate, k.amount, k.on_behalf, k.from_on, k.to_on,"           \
    " k.activities, k.status, k.submitted_by, k.submitted_at, k.decided_by, k.decided_at, k.decision_note,"         \
    " p.name, c.subject_name, c.region, c.programme"                                                                \
    " FROM grant_claims k JOIN payees p ON p.id = k.payee_id JOIN cases c ON c.id = k.case_id"

static void claim_row(sqlite3_stmt *st, Claim *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->case_id = sqlite3_column_int64(st, 1);
    out->payee_id = sqlite3_column_int64(st, 2);
    out->grant_id = sqlite3_column_int64(st, 3);
    out->line_id = sqlite3_column_int64(st, 4);
    out->submitted_by_id = sqlite3_column_int64(st, 5);
    out->decided_by_id = sqlite3_column_int64(st, 6);
    out->kind = claim_days_from((const char *)sqlite3_column_text(st, 7));
    out->halves = sqlite3_column_int(st, 8);
    out->travel_minutes = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 9);
    out->travel_miles = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 10);
    out->day_rate = sqlite3_column_int64(st, 11);
    out->amount = sqlite3_column_int64(st, 12);
    out->on_behalf = sqlite3_column_int(st, 13);
    char **s[] = {&out->from_on,      &out->to_on,      &out->activities, &out->status,        &out->submitted_by,
                  &out->submitted_at, &out->decided_by, &out->decided_at, &out->decision_note, &out->payee,
                  &out->school,       &out->region,     &out->programme};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        *s[i] = db_col_dup(st, 14 + (int)i);
}

int claim_get(Db *db, int64_t id, Claim *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, CLAIM_COLS " WHERE k.id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        claim_row(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int claim_list(sqlite3_stmt *st, ClaimList *out)
{
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 8;
            Claim *n = realloc(out->items, cap * sizeof *n);
            if (!n) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->items = n;
        }
        claim_row(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        claim_list_free(out);
        return -1;
    }
    return 0;
}

int claims_of_case(Db *db, int64_t case_id, ClaimList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, CLAIM_COLS " WHERE k.case_id = ? ORDER BY k.id DESC");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    return claim_list(st, out);
}

int claims_waiting(Db *db, const char *region, ClaimList *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, CLAIM_COLS " WHERE k.status = 'submitted' AND (?1 IS NULL OR c.region = ?1)"
                                              " ORDER BY k.submitted_at, k.id");
    if (!st)
        return -1;
    db_bind_text(st, 1, region);
    return claim_list(st, out);
}

int claim_halves_claimed(Db *db, int64_t case_id, GrantDays kind, int64_t except)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT COALESCE(SUM(halves), 0) FROM grant_claims WHERE case_id = ? AND"
                                   " days_kind = ? AND status IN ('submitted', 'approved') AND id <> ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, claim_days_slug(kind));
    db_bind_int64(st, 3, except);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* ---- submitting ---- */

/* The payee of a kind of days on the case: the matched provider, or the
   adviser. 0, 1 refused (why set), -1 error. */
static int claim_payee(Db *db, const Case *c, GrantDays kind, int64_t *payee, char *why, size_t whylen)
{
    char ref[24];
    if (kind == DAYS_ADVISER) {
        if (!c->adviser_id) {
            snprintf(why, whylen, "The case has no adviser allocated: adviser days are paid to its adviser");
            return 1;
        }
        snprintf(ref, sizeof ref, "%lld", (long long)c->adviser_id);
        return payee_ensure(db, PAYEE_PERSON, ref, c->adviser, payee) == 0 ? 0 : -1;
    }
    if (!c->matched_provider) {
        snprintf(why, whylen, "No supporting organisation is matched to the case yet: its days are paid to it");
        return 1;
    }
    sqlite3_stmt *st = db_stmt(db, "SELECT name FROM organisations WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->matched_provider);
    char *name = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    snprintf(ref, sizeof ref, "%lld", (long long)c->matched_provider);
    int rc = payee_ensure(db, PAYEE_PROVIDER, ref, name, payee) == 0 ? 0 : -1;
    free(name);
    return rc;
}

/* Is the claim's kind one the case claims, and within its cap? CW_OK or
   CW_REFUSED (why), CW_ERROR. */
static int claim_allowed(Db *db, const Case *c, GrantDays kind, int halves, int64_t except, const GrantParams *gp,
                         char *why, size_t whylen)
{
    GrantDays kinds[4];
    int n = claim_kinds_for(db, c, kinds), ok = 0;
    if (n < 0)
        return CW_ERROR;
    for (int i = 0; i < n; i++)
        ok |= kinds[i] == kind;
    if (!ok) {
        snprintf(why, whylen, "%s cannot be claimed on this case", claim_days_label(kind));
        return CW_REFUSED;
    }
    int already = claim_halves_claimed(db, c->id, kind, except);
    if (already < 0)
        return CW_ERROR;
    return grant_claim_check(gp, kind, halves, already, why, whylen) ? CW_REFUSED : CW_OK;
}

static int actor_external(Db *db, const Actor *actor)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT role IN ('school','supporting-organisation') FROM users WHERE id = ?");
    if (!st)
        return 0;
    db_bind_int64(st, 1, actor->user_id);
    int ext = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return ext;
}

static int insert_claim(Db *db, const Actor *actor, const Case *c, const ClaimIn *in, int64_t payee, int64_t rate,
                        int on_behalf, int64_t *id)
{
    char now[32];
    grant_now(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO grant_claims (case_id, days_kind, payee_id, halves, from_on, to_on,"
                                   " activities, travel_minutes, travel_miles, day_rate, amount, status, submitted_by,"
                                   " submitted_by_id, submitted_at, on_behalf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                   " 'submitted', ?, ?, ?, ?) RETURNING id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->id);
    db_bind_text(st, 2, claim_days_slug(in->kind));
    db_bind_int64(st, 3, payee);
    db_bind_int64(st, 4, in->halves);
    db_bind_text(st, 5, in->from_on);
    db_bind_text(st, 6, in->to_on);
    db_bind_text(st, 7, in->activities);
    int nle = in->kind == DAYS_NLE;
    if (nle && in->travel_minutes >= 0)
        db_bind_int64(st, 8, in->travel_minutes);
    else
        sqlite3_bind_null(st, 8);
    if (nle && in->travel_miles >= 0)
        db_bind_int64(st, 9, in->travel_miles);
    else
        sqlite3_bind_null(st, 9);
    db_bind_int64(st, 10, rate);
    db_bind_int64(st, 11, grant_claim_amount(rate, in->halves));
    db_bind_text(st, 12, actor->label);
    if (actor->user_id)
        db_bind_int64(st, 13, actor->user_id);
    else
        sqlite3_bind_null(st, 13);
    db_bind_text(st, 14, now);
    db_bind_int64(st, 15, on_behalf);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else
        log_error("claims: %s", sqlite3_errmsg(db_handle(db)));
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Is the actor a supporting organisation's account? */
static int actor_is_provider(Db *db, const Actor *actor)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM users WHERE id = ? AND role = 'supporting-organisation'");
    if (!st)
        return 0;
    db_bind_int64(st, 1, actor->user_id);
    int yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return yes;
}

int claim_submit(Db *db, const Actor *actor, const Case *c, const ClaimIn *in, int64_t *id, char *why,
                 size_t whylen)
{
    why[0] = '\0';
    if (!in->activities || !*in->activities || !in->from_on || !in->to_on || strcmp(in->to_on, in->from_on) < 0) {
        snprintf(why, whylen, "Enter the dates and the activities delivered");
        return CW_REFUSED;
    }
    const char *closed = casework_case_editable(c->status);
    if (closed) {
        snprintf(why, whylen, "%s", closed);
        return CW_REFUSED;
    }
    if (in->kind == DAYS_ADVISER && actor_is_provider(db, actor)) {
        snprintf(why, whylen, "Adviser days are claimed by the case's adviser, or a caseworker for them");
        return CW_REFUSED;
    }
    GrantParams gp;
    if (grant_params_load(db, c->programme, &gp) != 0 || db_begin(db) != 0)
        return CW_ERROR;
    int ret = claim_allowed(db, c, in->kind, in->halves, 0, &gp, why, whylen);
    int64_t payee = 0;
    if (ret == CW_OK) {
        int p = claim_payee(db, c, in->kind, &payee, why, whylen);
        ret = p == 0 ? CW_OK : p == 1 ? CW_REFUSED : CW_ERROR;
    }
    int64_t rate = grant_day_rate(&gp, in->kind, in->travel_minutes, in->travel_miles);
    if (ret == CW_OK && rate <= 0) {
        snprintf(why, whylen, "No day rate is set for %s", claim_days_label(in->kind));
        ret = CW_REFUSED;
    }
    if (ret != CW_OK) {
        db_rollback(db);
        return ret;
    }
    int external = actor_external(db, actor);
    char cid[24], kid[24], days[32], dates[96], what[300], path[48], money[32];
    ret = CW_ERROR;
    if (insert_claim(db, actor, c, in, payee, rate, !external, id) == 0) {
        snprintf(cid, sizeof cid, "%lld", (long long)c->id);
        snprintf(kid, sizeof kid, "%lld", (long long)*id);
        claim_days_words(in->halves, days, sizeof days);
        claim_dates_words(in->from_on, in->to_on, dates, sizeof dates);
        plan_money(grant_claim_amount(rate, in->halves), money, sizeof money);
        AuditChange ch[] = {{"claim", NULL, kid},
                            {"days_kind", NULL, claim_days_slug(in->kind)},
                            {"days", NULL, days},
                            {"dates", NULL, dates},
                            {"amount", NULL, money}};
        snprintf(what, sizeof what, "A claim for %s of %s (%s, %s) is waiting for a decision", days,
                 claim_days_label(in->kind), dates, money);
        snprintf(path, sizeof path, "/claims/%lld", (long long)*id);
        if (audit_append(db, actor, "claim.submit", "case", cid, ch, 5, external ? NULL : "on the claimant's behalf") ==
                0 &&
            case_tell_team(db, actor, "claim-step", c, what, path) == 0)
            ret = CW_OK;
    }
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    return ret;
}

/* ---- deciding ---- */

/* The case's days grant of that kind and payee, made (accepted, no letter)
   at the first approved claim. 0 or -1. */
static int days_grant(Db *db, const Actor *actor, const Case *c, const Claim *k, int64_t *grant_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM grants WHERE case_id = ? AND kind = 'days' AND days_kind = ?"
                                   " AND payee_id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->id);
    db_bind_text(st, 2, claim_days_slug(k->kind));
    db_bind_int64(st, 3, k->payee_id);
    int rc = sqlite3_step(st);
    *grant_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return -1;
    char now[32], today[11], year[8];
    grant_now(now);
    grant_today(today);
    grant_financial_year(atoi(today), atoi(today + 5), year);
    st = db_stmt(db, "INSERT INTO grants (case_id, kind, days_kind, programme, region, payee_id, status, total, year,"
                     " accepted_at, accepted_by, created_at, created_by, updated_at) VALUES (?1, 'days', ?2, ?3, ?4,"
                     " ?5, 'accepted', 0, ?6, ?7, ?8, ?7, ?8, ?7) RETURNING id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->id);
    db_bind_text(st, 2, claim_days_slug(k->kind));
    db_bind_text(st, 3, c->programme);
    db_bind_text(st, 4, c->region);
    db_bind_int64(st, 5, k->payee_id);
    db_bind_text(st, 6, year);
    db_bind_text(st, 7, now);
    db_bind_text(st, 8, actor->label);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *grant_id = sqlite3_column_int64(st, 0);
    else
        log_error("claims: days grant: %s", sqlite3_errmsg(db_handle(db)));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return -1;
    char gid[24];
    snprintf(gid, sizeof gid, "%lld", (long long)*grant_id);
    AuditChange ch[] = {{"kind", NULL, "days"}, {"days_kind", NULL, claim_days_slug(k->kind)}, {"status", NULL, "accepted"}};
    return audit_append(db, actor, "grant.days", "grant", gid, ch, 3, "the first approved claim of these days");
}

/* The approved claim's line (status due) and the ledger's offer into due. */
static int pay_claim(Db *db, const Actor *actor, const Case *c, Claim *k)
{
    int64_t grant_id;
    if (days_grant(db, actor, c, k, &grant_id) != 0)
        return -1;
    char today[11], days[32], dates[96], label[200];
    grant_today(today);
    claim_days_words(k->halves, days, sizeof days);
    claim_dates_words(k->from_on, k->to_on, dates, sizeof dates);
    snprintf(label, sizeof label, "Claim %lld: %s, %s", (long long)k->id, days, dates);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO grant_lines (grant_id, position, label, amount, pay_when, status,"
                                   " due_since, claim_id, expected_on) VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1"
                                   " FROM grant_lines WHERE grant_id = ?1), ?2, ?3, 'claim', 'due', ?4, ?5, ?4)"
                                   " RETURNING id");
    if (!st)
        return -1;
    db_bind_int64(st, 1, grant_id);
    db_bind_text(st, 2, label);
    db_bind_int64(st, 3, k->amount);
    db_bind_text(st, 4, today);
    db_bind_int64(st, 5, k->id);
    int64_t line_id = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        line_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!line_id)
        return -1;
    GrantMove m = {.grant_id = grant_id, .line_id = line_id, .op = OP_OFFER, .from = BUCKET_NONE, .to = BUCKET_DUE,
                   .amount = k->amount, .reason = label};
    if (grant_post(db, actor, &m) != 0)
        return -1;
    char now[32];
    grant_now(now);
    st = db_stmt(db, "UPDATE grants SET total = total + ?, updated_at = ? WHERE id = ?");
    if (!st)
        return -1;
    db_bind_int64(st, 1, k->amount);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, grant_id);
    if (step_done(db, st) != 0)
        return -1;
    k->grant_id = grant_id;
    k->line_id = line_id;
    return 0;
}

static int set_decision(Db *db, const Actor *actor, const Claim *k, const char *status, const char *note)
{
    char now[32];
    grant_now(now);
    sqlite3_stmt *st = db_stmt(db, "UPDATE grant_claims SET status = ?, decided_by = ?, decided_by_id = ?,"
                                   " decided_at = ?, decision_note = ?, grant_id = ?, line_id = ? WHERE id = ?");
    if (!st)
        return -1;
    db_bind_text(st, 1, status);
    db_bind_text(st, 2, actor->label);
    if (actor->user_id)
        db_bind_int64(st, 3, actor->user_id);
    else
        sqlite3_bind_null(st, 3);
    db_bind_text(st, 4, now);
    db_bind_text(st, 5, note && *note ? note : NULL);
    if (k->grant_id)
        db_bind_int64(st, 6, k->grant_id);
    else
        sqlite3_bind_null(st, 6);
    if (k->line_id)
        db_bind_int64(st, 7, k->line_id);
    else
        sqlite3_bind_null(st, 7);
    db_bind_int64(st, 8, k->id);
    return step_done(db, st);
}

/* Opens a change of a submitted claim: the transaction, the claim and its
   case. CW_OK, CW_REFUSED (not waiting), CW_NOT_FOUND, CW_ERROR. */
static int claim_open(Db *db, int64_t claim_id, Claim *k, Case *c, char *why, size_t whylen)
{
    memset(c, 0, sizeof *c);
    if (db_begin(db) != 0)
        return CW_ERROR;
    int rc = claim_get(db, claim_id, k);
    if (rc == 1)
        rc = case_get(db, k->case_id, c);
    if (rc != 1) {
        db_rollback(db);
        claim_free(k);
        case_free(c);
        return rc == 0 ? CW_NOT_FOUND : CW_ERROR;
    }
    if (strcmp(k->status, CLAIM_SUBMITTED) != 0) {
        snprintf(why, whylen, "The claim is %s: only a claim waiting for a decision can be changed",
                 k->status);
        return CW_REFUSED;
    }
    return CW_OK;
}

static int claim_close(Db *db, Claim *k, Case *c, int ret)
{
    if (ret == CW_OK && db_commit(db) != 0)
        ret = CW_ERROR;
    if (ret != CW_OK)
        db_rollback(db);
    claim_free(k);
    case_free(c);
    return ret;
}

int claim_decide(Db *db, const Actor *actor, int64_t claim_id, int approve, const char *note, char *why,
                 size_t whylen)
{
    why[0] = '\0';
    if (!approve && (!note || !*note)) {
        snprintf(why, whylen, "Enter why the claim is rejected");
        return CW_REFUSED;
    }
    Claim k;
    Case c;
    int ret = claim_open(db, claim_id, &k, &c, why, whylen);
    if (ret != CW_OK)
        return ret == CW_NOT_FOUND || ret == CW_ERROR ? ret : claim_close(db, &k, &c, ret);
    if (approve) {
        GrantParams gp;
        ret = grant_params_load(db, c.programme, &gp) != 0 ? CW_ERROR
                                                             : claim_allowed(db, &c, k.kind, k.halves, k.id, &gp, why,
                                                                             whylen);
        if (ret == CW_OK && pay_claim(db, actor, &c, &k) != 0)
            ret = CW_ERROR;
    }
    if (ret != CW_OK)
        return claim_close(db, &k, &c, ret);
    const char *status = approve ? CLAIM_APPROVED : CLAIM_REJECTED;
    char cid[24], kid[24], days[32], what[1200], path[48];
    snprintf(cid, sizeof cid, "%lld", (long long)c.id);
    snprintf(kid, sizeof kid, "%lld", (long long)k.id);
    claim_days_words(k.halves, days, sizeof days);
    AuditChange ch[] = {{"claim", NULL, kid}, {"status", CLAIM_SUBMITTED, status}, {"days", NULL, days}};
    snprintf(what, sizeof what, "Your claim for %s of %s was %s%s%s", days, claim_days_label(k.kind),
             approve ? "approved: it will be paid in the next payment run" : "rejected",
             note && *note ? ": " : "", note && *note ? note : "");
    snprintf(path, sizeof path, "/claims/%lld", (long long)k.id);
    ret = CW_ERROR;
    if (set_decision(db, actor, &k, status, note) == 0 &&
        audit_append(db, actor, approve ? "claim.approve" : "claim.reject", "case", cid, ch, 3,
                     note && *note ? note : NULL) == 0 &&
        message_case_step(db, actor, "claim-step", k.submitted_by_id, c.id, what, path) == 0)
        ret = CW_OK;
    return claim_close(db, &k, &c, ret);
}

int claim_withdraw(Db *db, const Actor *actor, int64_t claim_id, char *why, size_t whylen)
{
    why[0] = '\0';
    Claim k;
    Case c;
    int ret = claim_open(db, claim_id, &k, &c, why, whylen);
    if (ret != CW_OK)
        return ret == CW_NOT_FOUND || ret == CW_ERROR ? ret : claim_close(db, &k, &c, ret);
    char cid[24], kid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c.id);
    snprintf(kid, sizeof kid, "%lld", (long long)k.id);
    AuditChange ch[] = {{"claim", NULL, kid}, {"status", CLAIM_SUBMITTED, CLAIM_WITHDRAWN}};
    ret = set_decision(db, actor, &k, CLAIM_WITHDRAWN, NULL) == 0 &&
                  audit_append(db, actor, "claim.withdraw", "case", cid, ch, 2, NULL) == 0
              ? CW_OK
              : CW_ERROR;
    return claim_close(db, &k, &c, ret);
}
