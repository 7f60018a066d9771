/*
 * sender.c - delivers the outbox through GOV.UK Notify. See sender.h.
 *
 * Each message is marked "sending" (one more attempt) and committed before
 * the request is made. Then:
 *  - 201: sent, with Notify's id;
 *  - 429, 5xx or no answer: failed, tried again after the backoff
 *    (domain/outbox.c), permanently failed after OUTBOX_MAX_ATTEMPTS;
 *  - 400, 403: permanently failed (and audited).
 * Before any attempt that may repeat one Notify already took - every
 * retry, and every message found "sending" at start (the process died
 * mid-send) - Notify is asked for notifications with the message's
 * reference; if it has one, the message is marked sent without sending it
 * again. So a crash or kill -9 loses no email and sends none twice.
 * Every 30 seconds (RISE_NOTIFY_STATUS_POLL_MS) the delivery status of
 * recently sent messages is fetched (GET /v2/notifications/{id}).
 */
#include "notify/sender.h"

#include "core/buf.h"
#include "core/log.h"
#include "domain/outbox.h"
#include "notify/notify.h"
#include "store/digests.h"
#include "store/outbox.h"
#include "store/reviews.h"
#include "core/date.h"
#include "domain/digest.h"
#include "domain/workdays.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define BATCH 32
#define MAX_TEMPLATES 64

static pthread_t thread;
static int started;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static volatile int stopping;
static int woken;
static char *db_path_copy;
static NotifyClient *client;
static int64_t retry_base_ms = OUTBOX_BACKOFF_BASE_MS;
static int64_t status_poll_ms = 30000;
static int64_t digest_check_ms = 3600 * 1000;            /* RISE_DIGEST_CHECK_MS */
static int64_t digest_period_s = DIGEST_PERIOD_DEFAULT; /* RISE_DIGEST_PERIOD_S */
#define DIGEST_DUE_SOON_DAYS 5 /* as on the home page */
static struct {
    char key[64];
    char id[NOTIFY_UUID_LEN + 1];
} templates[MAX_TEMPLATES];
static int ntemplates;

static int64_t now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

const char *sender_template_id(const char *key)
{
    for (int i = 0; key && i < ntemplates; i++)
        if (strcmp(templates[i].key, key) == 0)
            return templates[i].id;
    /* "*=id": every message type without its own template uses this one
       (the demo's stand-in, which shows the personalisation whatever the
       template) */
    for (int i = 0; key && i < ntemplates; i++)
        if (strcmp(templates[i].key, "*") == 0)
            return templates[i].id;
    return NULL;
}

/* "key=uuid,key=uuid" into templates. 0, or -1 naming the problem. */
static int parse_templates(const char *s)
{
    ntemplates = 0;
    while (s && *s) {
        size_t len = strcspn(s, ",");
        const char *eq = memchr(s, '=', len);
        if (!eq || eq == s || (size_t)(eq - s) >= sizeof templates[0].key || ntemplates == MAX_TEMPLATES ||
            len - (size_t)(eq - s) - 1 != NOTIFY_UUID_LEN) {
            log_error("RISE_NOTIFY_TEMPLATES must be key=template-id pairs separated by commas");
            return -1;
        }
        memcpy(templates[ntemplates].key, s, (size_t)(eq - s));
        templates[ntemplates].key[eq - s] = '\0';
        memcpy(templates[ntemplates].id, eq + 1, NOTIFY_UUID_LEN);
        templates[ntemplates].id[NOTIFY_UUID_LEN] = '\0';
        if (!notify_is_uuid(templates[ntemplates].id)) {
            log_error("RISE_NOTIFY_TEMPLATES: the template id for '%s' is not a UUID", templates[ntemplates].key);
            return -1;
        }
        ntemplates++;
        s += len;
        if (*s == ',')
            s++;
    }
    return 0;
}

static void retry_later(Db *db, const OutboxRow *m, const char *error, const char *body)
{
    OutboxStatus st = outbox_after_attempt(OUTBOX_OUTCOME_RETRY, m->attempts, OUTBOX_MAX_ATTEMPTS);
    int64_t next = now_ms() + outbox_backoff_ms(m->attempts, retry_base_ms);
    outbox_mark_failed(db, m->id, st, next, error, body);
    log_warn("email %lld: attempt %d failed (%s)%s", (long long)m->id, m->attempts, error,
             st == OUTBOX_PERMANENTLY_FAILED ? "; giving up" : "");
}

/* Sends one claimed message; check_first: ask Notify whether it already has it. */
static void deliver(Db *db, const OutboxRow *m, int check_first)
{
    NotifyResult r;
    if (check_first) {
        if (notify_find_by_reference(client, m->reference, &r) != 0 || r.http_status != 200) {
            char why[600];
            snprintf(why, sizeof why, "could not ask Notify whether it already has this email: %s", r.error);
            retry_later(db, m, why, NULL);
            return;
        }
        if (r.id[0]) {
            outbox_mark_sent(db, m->id, r.id, NULL);
            log_info("email %lld: Notify already had it (%s); not sent again", (long long)m->id, r.id);
            return;
        }
    }
    const char *tid = sender_template_id(m->template_key);
    if (!tid) {
        char why[200];
        snprintf(why, sizeof why, "no Notify template id is set for '%s' (RISE_NOTIFY_TEMPLATES)", m->template_key);
        outbox_mark_failed(db, m->id, OUTBOX_PERMANENTLY_FAILED, 0, why, NULL);
        return;
    }
    char *body = NULL;
    int rc = notify_send_email(client, m->recipient, tid, m->personalisation, m->reference, &body, &r);
    OutboxOutcome o = outbox_classify(rc == 0 ? r.http_status : 0);
    if (o == OUTBOX_OUTCOME_SENT) {
        outbox_mark_sent(db, m->id, r.id, body);
    } else if (o == OUTBOX_OUTCOME_PERMANENT) {
        char why[600];
        snprintf(why, sizeof why, "%d: %s", r.http_status, r.error);
        outbox_mark_failed(db, m->id, OUTBOX_PERMANENTLY_FAILED, 0, why, body);
        log_warn("email %lld: Notify refused it (%s)", (long long)m->id, why);
    } else {
        char why[600];
        if (r.http_status)
            snprintf(why, sizeof why, "%d: %s", r.http_status, r.error);
        else
            snprintf(why, sizeof why, "%s", r.error);
        retry_later(db, m, why, body);
    }
    free(body);
}

static void poll_delivery(Db *db)
{
    OutboxList l;
    if (outbox_unsettled(db, 50, &l) != 0)
        return;
    for (size_t i = 0; i < l.n && !stopping; i++) {
        NotifyResult r;
        if (notify_get_notification(client, l.rows[i].provider_id, &r) == 0 && r.http_status == 200 && r.status[0])
            outbox_set_provider_status(db, l.rows[i].id, r.status);
    }
    outbox_list_free(&l);
}

/* Queues the weekly digest of tasks for everyone due one
   (docs/decisions/0015-first-messages.md). */
static void queue_digests(Db *db)
{
    char today[11], until[11];
    int64_t now = (int64_t)time(NULL);
    Date d = date_local(now);
    date_iso(d, today);
    Date u = add_working_days(d, DIGEST_DUE_SOON_DAYS);
    date_iso(u == DATE_NONE ? d : u, until);
    size_t n = 0;
    if (digests_queue_due(db, now, digest_period_s, today, until, &n) != 0)
        log_error("email sender: the weekly digests could not all be queued");
    if (n)
        log_info("email sender: %zu weekly digests queued", n);
}

/* How often the missed reviews are swept: every six hours is enough for a
   rule counted in days. */
#define REVIEW_SWEEP_MS ((int64_t)6 * 3600 * 1000)

static void sweep_reviews(Db *db)
{
    char today[11];
    date_iso(date_local(0), today);
    Actor a = {.user_id = 0, .label = "the service", .ip = NULL};
    size_t n = 0;
    if (reviews_sweep(db, &a, today, &n) != 0)
        log_error("email sender: the missed reviews could not all be swept");
    else if (n)
        log_info("email sender: %zu termly reviews missed", n);
}

static void *run(void *arg)
{
    (void)arg;
    char err[512];
    Db *db = db_open(db_path_copy, err, sizeof err);
    if (!db) {
        log_error("email sender: %s", err);
        return NULL;
    }
    /* messages left "sending" by a crash: Notify may have them already */
    OutboxList l;
    if (outbox_in_flight(db, &l) == 0) {
        if (l.n)
            log_info("email sender: %zu emails were being sent when rise stopped; checking them", l.n);
        for (size_t i = 0; i < l.n && !stopping; i++)
            deliver(db, &l.rows[i], 1);
        outbox_list_free(&l);
    }
    int64_t last_poll = 0, last_digest = 0, last_sweep = 0;
    while (!stopping) {
        int64_t now = now_ms();
        /* the termly reviews whose term ended unsubmitted (issue 15): their
           withholding recommendations and emails come from here, so the
           sender owns this periodic job too */
        if (now - last_sweep >= REVIEW_SWEEP_MS) {
            sweep_reviews(db);
            last_sweep = now;
        }
        /* only once the digest has a template: otherwise every digest would
           fail permanently (and be audited) until one is set */
        if (now - last_digest >= digest_check_ms && sender_template_id("weekly-digest")) {
            queue_digests(db);
            last_digest = now;
        }
        size_t got = 0;
        if (outbox_claim(db, now, BATCH, &l) == 0) {
            got = l.n;
            for (size_t i = 0; i < l.n; i++) {
                if (stopping) { /* put the rest back as they were: never tried */
                    outbox_mark_failed(db, l.rows[i].id, OUTBOX_FAILED, 0, "rise stopped before sending it",
                                       NULL);
                    continue;
                }
                deliver(db, &l.rows[i], l.rows[i].attempts > 1);
            }
            outbox_list_free(&l);
        }
        if (now - last_poll >= status_poll_ms) {
            poll_delivery(db);
            last_poll = now;
        }
        if (got == BATCH)
            continue;
        pthread_mutex_lock(&lock);
        if (!woken && !stopping) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            long wait_ns = 200L * 1000 * 1000; /* retries due soon and rows queued by the command line */
            until.tv_nsec += wait_ns;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&wake, &lock, &until);
        }
        woken = 0;
        pthread_mutex_unlock(&lock);
    }
    db_close(db);
    return NULL;
}

int sender_running(void)
{
    return started;
}

int sender_start(const char *db_path)
{
    const char *key = getenv("RISE_NOTIFY_API_KEY");
    const char *base = getenv("RISE_NOTIFY_BASE_URL");
    const char *retry = getenv("RISE_OUTBOX_RETRY_MS");
    if (parse_templates(getenv("RISE_NOTIFY_TEMPLATES")) != 0)
        return -1;
    if (retry && *retry) {
        char *end;
        long long v = strtoll(retry, &end, 10);
        if (*end || v < 1 || v > OUTBOX_BACKOFF_MAX_MS) {
            log_error("RISE_OUTBOX_RETRY_MS must be a number of milliseconds");
            return -1;
        }
        retry_base_ms = v;
    }
    const char *poll = getenv("RISE_NOTIFY_STATUS_POLL_MS");
    if (poll && *poll) {
        char *end;
        long long v = strtoll(poll, &end, 10);
        if (*end || v < 10 || v > 24LL * 3600 * 1000) {
            log_error("RISE_NOTIFY_STATUS_POLL_MS must be a number of milliseconds");
            return -1;
        }
        status_poll_ms = v;
    }
    const char *dcheck = getenv("RISE_DIGEST_CHECK_MS"), *dperiod = getenv("RISE_DIGEST_PERIOD_S");
    if (dcheck && *dcheck) {
        char *end;
        long long v = strtoll(dcheck, &end, 10);
        if (*end || v < 10 || v > 24LL * 3600 * 1000) {
            log_error("RISE_DIGEST_CHECK_MS must be a number of milliseconds");
            return -1;
        }
        digest_check_ms = v;
    }
    if (dperiod && *dperiod) {
        char *end;
        long long v = strtoll(dperiod, &end, 10);
        if (*end || v < 1 || v > 366LL * 24 * 3600) {
            log_error("RISE_DIGEST_PERIOD_S must be a number of seconds");
            return -1;
        }
        digest_period_s = v;
    }
    if (!key || !*key) {
        log_warn("no RISE_NOTIFY_API_KEY: emails wait in the outbox and are not sent");
        return 0;
    }
    if (!base || !*base)
        base = NOTIFY_DEFAULT_BASE_URL;
    if (strncmp(base, "https://", 8) != 0 && strncmp(base, "http://", 7) != 0) {
        log_error("RISE_NOTIFY_BASE_URL must be an http or https URL");
        return -1;
    }
    notify_global_init();
    client = notify_client_new(base, key);
    if (!client) {
        log_error("RISE_NOTIFY_API_KEY must be a GOV.UK Notify API key: name-SERVICEID-SECRET");
        return -1;
    }
    free(db_path_copy);
    db_path_copy = xstrdup(db_path);
    stopping = 0;
    notify_client_set_cancel(client, &stopping);
    if (pthread_create(&thread, NULL, run, NULL) != 0) {
        notify_client_free(client);
        client = NULL;
        return -1;
    }
    started = 1;
    log_info("email sender: sending through %s", base);
    return 0;
}

void sender_wake(void)
{
    pthread_mutex_lock(&lock);
    woken = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
}

void sender_stop(void)
{
    if (!started)
        return;
    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    started = 0;
    notify_client_free(client);
    client = NULL;
    free(db_path_copy);
    db_path_copy = NULL;
}
