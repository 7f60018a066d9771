/*
 * test_outbox.c - the outbox's rules (which answers are retried, the
 * backoff, the status after an attempt), GOV.UK Notify's token made from an
 * API key, and the outbox's rows on a real migrated SQLite file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/log.h"
#include "domain/outbox.h"
#include "notify/notify.h"
#include "store/db.h"
#include "store/outbox.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- rules */

/* "400 and 403 fail permanently; 429 and 5xx retry with backoff" */
static void answers_are_classified_as_notify_documents(void **state)
{
    (void)state;
    assert_int_equal(outbox_classify(201), OUTBOX_OUTCOME_SENT);
    assert_int_equal(outbox_classify(400), OUTBOX_OUTCOME_PERMANENT);
    assert_int_equal(outbox_classify(403), OUTBOX_OUTCOME_PERMANENT);
    assert_int_equal(outbox_classify(429), OUTBOX_OUTCOME_RETRY);
    assert_int_equal(outbox_classify(500), OUTBOX_OUTCOME_RETRY);
    assert_int_equal(outbox_classify(503), OUTBOX_OUTCOME_RETRY);
    assert_int_equal(outbox_classify(0), OUTBOX_OUTCOME_RETRY); /* no answer at all */
}

static void backoff_doubles_up_to_an_hour(void **state)
{
    (void)state;
    assert_int_equal(outbox_backoff_ms(1, 10000), 10000);
    assert_int_equal(outbox_backoff_ms(2, 10000), 20000);
    assert_int_equal(outbox_backoff_ms(3, 10000), 40000);
    assert_int_equal(outbox_backoff_ms(12, 10000), OUTBOX_BACKOFF_MAX_MS);
    assert_int_equal(outbox_backoff_ms(1000, 10000), OUTBOX_BACKOFF_MAX_MS);
    assert_int_equal(outbox_backoff_ms(1, 0), OUTBOX_BACKOFF_BASE_MS); /* no base: the default */
}

static void status_after_an_attempt(void **state)
{
    (void)state;
    assert_int_equal(outbox_after_attempt(OUTBOX_OUTCOME_SENT, 3, 12), OUTBOX_SENT);
    assert_int_equal(outbox_after_attempt(OUTBOX_OUTCOME_PERMANENT, 1, 12), OUTBOX_PERMANENTLY_FAILED);
    assert_int_equal(outbox_after_attempt(OUTBOX_OUTCOME_RETRY, 11, 12), OUTBOX_FAILED);
    /* retryable, but out of attempts */
    assert_int_equal(outbox_after_attempt(OUTBOX_OUTCOME_RETRY, 12, 12), OUTBOX_PERMANENTLY_FAILED);
    assert_true(outbox_is_due_status(OUTBOX_QUEUED));
    assert_true(outbox_is_due_status(OUTBOX_FAILED));
    assert_false(outbox_is_due_status(OUTBOX_SENDING));
    assert_false(outbox_is_due_status(OUTBOX_PERMANENTLY_FAILED));
    for (int s = 0; s < OUTBOX_STATUS_COUNT; s++)
        assert_int_equal(outbox_status_from_name(outbox_status_name((OutboxStatus)s)), s);
}

/* ------------------------------------------------------------------ JWT */

#define SERVICE "26785a09-ab16-4eb0-8407-a37497a57506"
#define SECRET "3d844edf-8d35-48ac-975b-e847b4f122b0"
#define KEY "my_test_key-" SERVICE "-" SECRET
/* made independently (Python's hmac and base64) for iat 1577836800 */
#define KNOWN_TOKEN                                                                                              \
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."                                                                      \
    "eyJpc3MiOiIyNjc4NWEwOS1hYjE2LTRlYjAtODQwNy1hMzc0OTdhNTc1MDYiLCJpYXQiOjE1Nzc4MzY4MDB9."                      \
    "bU0i8w-yvrfKDwH6YItgkyvlMxk4DnU2mbQNInPylMw"

static void api_key_gives_service_id_and_secret(void **state)
{
    (void)state;
    char sid[37], sec[37];
    assert_int_equal(notify_parse_key(KEY, sid, sec), 0);
    assert_string_equal(sid, SERVICE);
    assert_string_equal(sec, SECRET);
    /* a key name may itself contain dashes */
    assert_int_equal(notify_parse_key("rise-live-2026-" SERVICE "-" SECRET, sid, sec), 0);
    assert_string_equal(sid, SERVICE);
    assert_int_equal(notify_parse_key(SERVICE "-" SECRET, sid, sec), 0);
    assert_int_equal(notify_parse_key("too-short", sid, sec), -1);
    assert_int_equal(notify_parse_key("name-" SERVICE "x" SECRET, sid, sec), -1);
    assert_int_equal(notify_parse_key("name-" SERVICE "-3d844edf-8d35-48ac-975b-e847b4f122bz", sid, sec), -1);
    assert_int_equal(notify_parse_key(NULL, sid, sec), -1);
}

static void token_for_a_known_key_and_time(void **state)
{
    (void)state;
    char tok[512];
    assert_int_equal(notify_jwt(SERVICE, SECRET, 1577836800, tok, sizeof tok), 0);
    assert_string_equal(tok, KNOWN_TOKEN);
    char small[40];
    assert_int_equal(notify_jwt(SERVICE, SECRET, 1577836800, small, sizeof small), -1);
}

/* the stand-in's check: signature, iss, iat within 30 seconds */
static void token_check_as_notify_makes_it(void **state)
{
    (void)state;
    char why[200];
    assert_int_equal(notify_jwt_check(KNOWN_TOKEN, SERVICE, SECRET, 1577836800 + 30, why, sizeof why), 0);
    assert_int_equal(notify_jwt_check(KNOWN_TOKEN, SERVICE, SECRET, 1577836800 - 30, why, sizeof why), 0);
    assert_int_equal(notify_jwt_check(KNOWN_TOKEN, SERVICE, SECRET, 1577836800 + 31, why, sizeof why), -1);
    assert_non_null(strstr(why, "30 seconds"));
    assert_int_equal(notify_jwt_check(KNOWN_TOKEN, SERVICE, "3d844edf-8d35-48ac-975b-e847b4f122b1", 1577836800,
                                      why, sizeof why),
                     -1);
    assert_non_null(strstr(why, "signature"));
    assert_int_equal(notify_jwt_check(KNOWN_TOKEN, "26785a09-ab16-4eb0-8407-a37497a57507", SECRET, 1577836800, why,
                                      sizeof why),
                     -1);
    assert_int_equal(notify_jwt_check("a.b", SERVICE, SECRET, 1577836800, why, sizeof why), -1);
    assert_int_equal(notify_jwt_check("", SERVICE, SECRET, 1577836800, why, sizeof why), -1);
    /* a token with its claims changed but the old signature */
    char forged[512];
    char tok[512];
    notify_jwt(SERVICE, SECRET, 1577836801, tok, sizeof tok);
    const char *sig = strrchr(KNOWN_TOKEN, '.');
    snprintf(forged, sizeof forged, "%.*s%s", (int)(strrchr(tok, '.') - tok), tok, sig);
    assert_int_equal(notify_jwt_check(forged, SERVICE, SECRET, 1577836801, why, sizeof why), -1);
}

/* ----------------------------------------------------------------- rows */

static char path[256];

static int setup(void **state)
{
    log_set_quiet(1);
    snprintf(path, sizeof path, "/tmp/rise-unit-outbox-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    Db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) != 0)
        return -1;
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    const char *suffix[] = {"", "-wal", "-shm", ".audit-key", ".audit-log"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
    return 0;
}

/* queued inside the caller's transaction: a rollback takes the email with it */
static void queued_with_the_change_or_not_at_all(void **state)
{
    Db *db = *state;
    OutboxMessage m = {.recipient = "a@example.gov.uk", .template_key = "test",
                       .personalisation = "{\"name\":\"Ada\"}", .object_type = "case", .object_id = "7"};
    assert_int_equal(db_begin(db), 0);
    assert_true(outbox_queue(db, &m) > 0);
    db_rollback(db);
    OutboxList l;
    assert_int_equal(outbox_list(db, 10, &l), 0);
    assert_int_equal(l.n, 0);
    outbox_list_free(&l);

    assert_int_equal(db_begin(db), 0);
    int64_t a = outbox_queue(db, &m), b = outbox_queue(db, &m);
    assert_int_equal(db_commit(db), 0);
    assert_true(a > 0 && b > a);
    /* not JSON, or not an object: refused */
    OutboxMessage bad = m;
    bad.personalisation = "[1]";
    assert_int_equal(outbox_queue(db, &bad), -1);
    bad.personalisation = "{";
    assert_int_equal(outbox_queue(db, &bad), -1);

    assert_int_equal(outbox_list(db, 10, &l), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.rows[0].status, OUTBOX_QUEUED);
    assert_string_equal(l.rows[0].object_type, "case");
    /* each has its own reference */
    assert_string_not_equal(l.rows[0].reference, l.rows[1].reference);
    assert_int_equal(strncmp(l.rows[0].reference, "rise-", 5), 0);
    outbox_list_free(&l);
}

/* claimed rows are "sending" with one more attempt; a failure waits for its time */
static void claim_send_retry_and_give_up(void **state)
{
    Db *db = *state;
    OutboxMessage m = {.recipient = "b@example.gov.uk", .template_key = "test"};
    assert_int_equal(db_begin(db), 0);
    int64_t id = outbox_queue(db, &m);
    assert_int_equal(db_commit(db), 0);

    OutboxList l;
    assert_int_equal(outbox_claim(db, 1000, 10, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.rows[0].id, id);
    assert_int_equal(l.rows[0].status, OUTBOX_SENDING);
    assert_int_equal(l.rows[0].attempts, 1);
    outbox_list_free(&l);
    /* left "sending" (a crash): found at the next start */
    assert_int_equal(outbox_in_flight(db, &l), 0);
    assert_int_equal(l.n, 1);
    outbox_list_free(&l);
    /* nothing else is due */
    assert_int_equal(outbox_claim(db, 1000, 10, &l), 0);
    assert_int_equal(l.n, 0);
    outbox_list_free(&l);

    assert_int_equal(outbox_mark_failed(db, id, OUTBOX_FAILED, 5000, "429: RateLimitError", NULL), 0);
    assert_int_equal(outbox_claim(db, 4999, 10, &l), 0);
    assert_int_equal(l.n, 0); /* not yet */
    outbox_list_free(&l);
    assert_int_equal(outbox_claim(db, 5000, 10, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.rows[0].attempts, 2);
    outbox_list_free(&l);
    assert_int_equal(outbox_mark_failed(db, id, OUTBOX_PERMANENTLY_FAILED, 0, "400: BadRequestError", "{}"), 0);
    assert_int_equal(outbox_claim(db, 1LL << 50, 10, &l), 0);
    assert_int_equal(l.n, 0); /* never again */
    outbox_list_free(&l);
    int64_t counts[OUTBOX_STATUS_COUNT];
    assert_int_equal(outbox_counts(db, counts), 0);
    assert_int_equal(counts[OUTBOX_PERMANENTLY_FAILED], 1);
}

static void sent_keeps_notify_id_and_body(void **state)
{
    Db *db = *state;
    OutboxMessage m = {.recipient = "c@example.gov.uk", .template_key = "test"};
    assert_int_equal(db_begin(db), 0);
    int64_t id = outbox_queue(db, &m);
    assert_int_equal(db_commit(db), 0);
    OutboxList l;
    assert_int_equal(outbox_claim(db, 1, 10, &l), 0);
    outbox_list_free(&l);
    /* only a message being sent can be marked sent */
    assert_int_equal(outbox_mark_sent(db, id, "3d844edf-8d35-48ac-975b-e847b4f122b0", "{\"a\":1}"), 0);
    assert_int_equal(outbox_mark_failed(db, id, OUTBOX_FAILED, 0, "late", NULL), 0); /* no row changes */
    assert_int_equal(outbox_list(db, 1, &l), 0);
    assert_int_equal(l.rows[0].status, OUTBOX_SENT);
    assert_string_equal(l.rows[0].provider_id, "3d844edf-8d35-48ac-975b-e847b4f122b0");
    assert_string_equal(l.rows[0].body, "{\"a\":1}");
    assert_null(l.rows[0].last_error);
    assert_non_null(l.rows[0].sent_at);
    outbox_list_free(&l);
    assert_int_equal(outbox_unsettled(db, 10, &l), 0);
    assert_int_equal(l.n, 1);
    outbox_list_free(&l);
    assert_int_equal(outbox_set_provider_status(db, id, "delivered"), 0);
    assert_int_equal(outbox_unsettled(db, 10, &l), 0);
    assert_int_equal(l.n, 0);
    outbox_list_free(&l);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_are_classified_as_notify_documents),
        cmocka_unit_test(backoff_doubles_up_to_an_hour),
        cmocka_unit_test(status_after_an_attempt),
        cmocka_unit_test(api_key_gives_service_id_and_secret),
        cmocka_unit_test(token_for_a_known_key_and_time),
        cmocka_unit_test(token_check_as_notify_makes_it),
        cmocka_unit_test_setup_teardown(queued_with_the_change_or_not_at_all, setup, teardown),
        cmocka_unit_test_setup_teardown(claim_send_retry_and_give_up, setup, teardown),
        cmocka_unit_test_setup_teardown(sent_keeps_notify_id_and_body, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
