/*
 * test_claims.c - claims of days on a real database (store/claims.c, issue
 * 14 item 5): the cap counts the days already claimed, 002 8.1's travel
 * rule sets the rate, an approved claim becomes a due line of the case's
 * days grant with its ledger entry (grant_verify agrees), a claim can be
 * rejected or withdrawn, and RISE's adviser days are paid to the adviser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/cases.h"
#include "store/casework.h"
#include "store/claims.h"
#include "store/db.h"
#include "store/grant_ledger.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];
static int64_t do_id, gt_id, adv_id, nle_case, rise_case;

static int64_t scalar(Db *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static char *text(Db *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    char *v = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(st, 0) : NULL;
    sqlite3_finalize(st);
    return v;
}

static const Actor CLI = {0, "command line", NULL};
static Actor officer, grant_team, adviser;

static int64_t open_case(Db *db, const char *programme, int64_t urn, const char *name, const char *suggested)
{
    Subject s = {programme, "school", urn, name, "North East", "Durham"};
    Decision d = {.decision = "open-case", .route = "screening", .suggested = suggested, .rule = "stuck",
                  .category = strcmp(programme, "rise") == 0 ? "targeted" : NULL, .reason = "Stuck school",
                  .as_at = "2026-11-23"};
    int64_t id = 0;
    if (screening_decide(db, &officer, &s, &d, &id) != CASE_OK)
        return 0;
    return id;
}

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/rise-claims-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    UserFields a = {"do@example.gov.uk", "Dana Officer", "delivery-officer", "North East", NULL, NULL};
    UserFields b = {"gt@example.gov.uk", "Gail Grant", "grant-team", NULL, NULL, NULL};
    UserFields c = {"adv@example.gov.uk", "Ada Adviser", "adviser", NULL, NULL, NULL};
    if (user_create(db, &CLI, &a, "x", NULL, &do_id) || user_create(db, &CLI, &b, "x", NULL, &gt_id) ||
        user_create(db, &CLI, &c, "x", NULL, &adv_id))
        return -1;
    officer = (Actor){do_id, "Dana Officer <do@example.gov.uk>", NULL};
    grant_team = (Actor){gt_id, "Gail Grant <gt@example.gov.uk>", NULL};
    adviser = (Actor){adv_id, "Ada Adviser <adv@example.gov.uk>", NULL};
    if (db_exec(db, "INSERT INTO schools (urn, name, type_group, region, la_name, status) VALUES"
                    " (100001, 'Tier One Primary', 'Local authority maintained schools', 'North East', 'Durham', 'Open'),"
                    " (100002, 'Rise Primary', 'Local authority maintained schools', 'North East', 'Durham', 'Open');"
                    "INSERT INTO organisations (id, name, kind, created_at, created_by) VALUES"
                    " (7, 'Lead School Partnership', 'supporting-organisation', '2026-01-01', 'test')") != 0)
        return -1;
    nle_case = open_case(db, "si-2019-20", 100001, "Tier One Primary", "tier-1");
    rise_case = open_case(db, "rise", 100002, "Rise Primary", "targeted");
    char sql[400];
    snprintf(sql, sizeof sql,
             "INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (%lld, 7, 'matched',"
             " '2026-01-01'); UPDATE cases SET adviser_id = %lld WHERE id = %lld",
             (long long)nle_case, (long long)adv_id, (long long)rise_case);
    if (!nle_case || !rise_case || db_exec(db, sql) != 0)
        return -1;
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    const char *ext[] = {"", "-wal", "-shm", ".audit-key", ".audit-log"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s%s", path, ext[i]);
        unlink(p);
    }
    return 0;
}

static void words_and_half_days(void **state)
{
    (void)state;
    int h = -1;
    assert_int_equal(claim_halves_parse("1.5", &h), 0);
    assert_int_equal(h, 3);
    assert_int_equal(claim_halves_parse("2", &h), 0);
    assert_int_equal(h, 4);
    assert_int_equal(claim_halves_parse("0.5", &h), 0);
    assert_int_equal(h, 1);
    assert_int_equal(claim_halves_parse("3.0", &h), 0);
    assert_int_equal(h, 6);
    const char *bad[] = {"", "1.25", "-1", "1,5", "abc", "1.", "10000", ".", NULL};
    for (int i = 0; bad[i]; i++)
        if (claim_halves_parse(bad[i], &h) == 0 && strcmp(bad[i], "1.") != 0)
            fail_msg("\"%s\" read as days", bad[i]);
    char s[96];
    claim_days_words(5, s, sizeof s);
    assert_string_equal(s, "2.5 days");
    claim_days_words(2, s, sizeof s);
    assert_string_equal(s, "1 day");
    claim_dates_words("2027-03-03", "2027-03-05", s, sizeof s);
    assert_string_equal(s, "3 to 5 March 2027");
    claim_dates_words("2027-02-28", "2027-03-02", s, sizeof s);
    assert_string_equal(s, "28 February to 2 March 2027");
    claim_dates_words("2026-12-30", "2027-01-02", s, sizeof s);
    assert_string_equal(s, "30 December 2026 to 2 January 2027");
    claim_dates_words("2027-03-03", "2027-03-03", s, sizeof s);
    assert_string_equal(s, "3 March 2027");
}

static Case load(Db *db, int64_t id)
{
    Case c;
    assert_int_equal(case_get(db, id, &c), 1);
    return c;
}

/* 002 8.1: "You will be paid £500 per day (or £600 per day where you are
   required to travel longer than 1 hour or over 45 miles) for each day you
   have been deployed, up to a maximum of 3 days, per supported school.
   Payment will be made in arrears." */
static void nle_days_capped_with_the_travel_rule(void **state)
{
    Db *db = *state;
    Case c = load(db, nle_case);
    GrantDays kinds[4];
    assert_int_equal(claim_kinds_for(db, &c, kinds), 1);
    assert_int_equal(kinds[0], DAYS_NLE);
    char why[300];
    int64_t first = 0, second = 0, over = 0;
    /* 2 days, a short journey: £500 a day */
    ClaimIn in = {.kind = DAYS_NLE, .halves = 4, .from_on = "2027-03-03", .to_on = "2027-03-04",
                  .activities = "Coaching the head", .travel_minutes = 40, .travel_miles = 20};
    assert_int_equal(claim_submit(db, &officer, &c, &in, &first, why, sizeof why), CW_OK);
    Claim k;
    assert_int_equal(claim_get(db, first, &k), 1);
    assert_int_equal(k.day_rate, 50000);
    assert_int_equal(k.amount, 100000);
    assert_string_equal(k.status, CLAIM_SUBMITTED);
    assert_string_equal(k.payee, "Lead School Partnership");
    claim_free(&k);
    /* 1.5 days more: over the 3 days with the 2 already claimed, refused with the rule's message */
    in.halves = 3;
    assert_int_equal(claim_submit(db, &officer, &c, &in, &over, why, sizeof why), CW_REFUSED);
    assert_string_equal(why, "An NLE is paid for at most 3 days a supported school: 1 day left to claim");
    assert_int_equal(scalar(db, "SELECT count(*) FROM grant_claims"), 1);
    /* 1 day with a journey over an hour: £600 a day */
    in.halves = 2;
    in.travel_minutes = 75;
    in.travel_miles = 30;
    assert_int_equal(claim_submit(db, &officer, &c, &in, &second, why, sizeof why), CW_OK);
    assert_int_equal(claim_get(db, second, &k), 1);
    assert_int_equal(k.day_rate, 60000);
    assert_int_equal(k.amount, 60000);
    claim_free(&k);
    assert_int_equal(claim_halves_claimed(db, nle_case, DAYS_NLE, 0), 6);
    /* the caseworkers are told (never the person who acted: here the officer claimed on the provider's behalf) */
    assert_int_equal(scalar(db, "SELECT count(*) FROM outbox WHERE template_key = 'claim-step'"), 0);

    /* approve the first: a days grant, a due line, the ledger's offer into due */
    assert_int_equal(claim_decide(db, &grant_team, first, 1, NULL, why, sizeof why), CW_OK);
    assert_int_equal(claim_get(db, first, &k), 1);
    assert_string_equal(k.status, CLAIM_APPROVED);
    /* the claimant is told */
    assert_int_equal(scalar(db, "SELECT count(*) FROM outbox WHERE template_key = 'claim-step' AND recipient ="
                                " 'do@example.gov.uk'"), 1);
    assert_true(k.grant_id > 0 && k.line_id > 0);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT label || '|' || status || '|' || amount || '|' || pay_when FROM grant_lines"
                              " WHERE id = %lld", (long long)k.line_id);
    char *line = text(db, sql);
    assert_string_equal(line, "Claim 1: 2 days, 3 to 4 March 2027|due|100000|claim");
    free(line);
    GrantBalance g;
    assert_int_equal(grant_balance_get(db, k.grant_id, &g), 1);
    assert_int_equal(g.offered, 100000);
    assert_int_equal(g.b[BUCKET_DUE], 100000);
    snprintf(sql, sizeof sql, "SELECT kind || '|' || days_kind || '|' || status || '|' || total FROM grants WHERE id = %lld",
             (long long)k.grant_id);
    char *grant = text(db, sql);
    assert_string_equal(grant, "days|nle|accepted|100000");
    free(grant);
    int64_t grant_id = k.grant_id;
    claim_free(&k);
    /* the second, approved: the same grant grows */
    assert_int_equal(claim_decide(db, &grant_team, second, 1, NULL, why, sizeof why), CW_OK);
    assert_int_equal(grant_balance_get(db, grant_id, &g), 1);
    assert_int_equal(g.offered, 160000);
    assert_int_equal(g.b[BUCKET_DUE], 160000);
    assert_int_equal(scalar(db, "SELECT total FROM grants WHERE kind = 'days'"), 160000);
    assert_int_equal(scalar(db, "SELECT count(*) FROM grant_ledger WHERE op = 'offer' AND to_bucket = 'due'"), 2);
    /* decided once only */
    assert_int_equal(claim_decide(db, &grant_team, second, 0, "late", why, sizeof why), CW_REFUSED);
    size_t n = 0;
    char err[200];
    assert_int_equal(grant_verify(db, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit WHERE action = 'claim.approve'"), 2);
    case_free(&c);
}

static void rejected_withdrawn_and_adviser_days(void **state)
{
    Db *db = *state;
    Case c = load(db, rise_case);
    char why[300];
    int64_t a = 0, b = 0;
    ClaimIn in = {.kind = DAYS_ADVISER, .halves = 20, .from_on = "2027-01-04", .to_on = "2027-01-29",
                  .activities = "Diagnosis and monitoring visits", .travel_minutes = -1, .travel_miles = -1};
    assert_int_equal(claim_submit(db, &adviser, &c, &in, &a, why, sizeof why), CW_OK);
    /* no cap for an adviser's days */
    assert_int_equal(claim_submit(db, &adviser, &c, &in, &b, why, sizeof why), CW_OK);
    Claim k;
    assert_int_equal(claim_get(db, a, &k), 1);
    assert_int_equal(k.amount, 10 * 60000);
    assert_string_equal(k.payee, "Ada Adviser");
    claim_free(&k);
    char sql[120];
    snprintf(sql, sizeof sql, "SELECT kind || ':' || ref FROM payees WHERE name = 'Ada Adviser'");
    char *payee = text(db, sql);
    char want[40];
    snprintf(want, sizeof want, "person:%lld", (long long)adv_id);
    assert_string_equal(payee, want);
    free(payee);
    /* NLE days are not claimed on a RISE case */
    in.kind = DAYS_NLE;
    assert_int_equal(claim_submit(db, &adviser, &c, &in, &b, why, sizeof why), CW_REFUSED);
    /* a rejection needs its reason */
    assert_int_equal(claim_decide(db, &officer, a, 0, "", why, sizeof why), CW_REFUSED);
    assert_int_equal(claim_decide(db, &officer, a, 0, "Dates overlap another claim", why, sizeof why), CW_OK);
    assert_int_equal(claim_withdraw(db, &adviser, b, why, sizeof why), CW_OK);
    assert_int_equal(claim_withdraw(db, &adviser, b, why, sizeof why), CW_REFUSED);
    assert_int_equal(claim_halves_claimed(db, rise_case, DAYS_ADVISER, 0), 0);
    ClaimList l;
    assert_int_equal(claims_of_case(db, rise_case, &l), 0);
    assert_int_equal(l.n, 2);
    claim_list_free(&l);
    assert_int_equal(claims_waiting(db, "North East", &l), 0);
    assert_int_equal(l.n, 0);
    claim_list_free(&l);
    assert_int_equal(claim_decide(db, &officer, 999, 1, NULL, why, sizeof why), CW_NOT_FOUND);
    case_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_and_half_days),
        cmocka_unit_test(nle_days_capped_with_the_travel_rule),
        cmocka_unit_test(rejected_withdrawn_and_adviser_days),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
