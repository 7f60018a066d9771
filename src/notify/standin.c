/*
 * standin.c - a local stand-in for GOV.UK Notify, for `make run` and the
 * tests: no real Notify is reachable here. It speaks the same contract as
 * Notify's REST API v2 (https://docs.notifications.service.gov.uk/rest-api.html):
 *
 *   POST /v2/notifications/email   201 with Notify's response, or its errors
 *   GET  /v2/notifications?reference=REF   {"notifications":[...],"links":{...}}
 *   GET  /v2/notifications/{id}    the notification (status "delivered")
 *
 * checking the bearer JWT (signature, iss, iat within 30 s) and the body as
 * Notify does, with Notify's error bodies
 * ({"errors":[{"error":"BadRequestError","message":"..."}],"status_code":400}).
 * For tests, it also answers (without a token; it listens on loopback):
 *
 *   GET  /_received                every email received, oldest first
 *   POST /_fail   {"statuses":[429,500,400]}  the next POSTs of emails get these
 *   POST /_delay  {"ms":3000,"count":1}  the next emails are recorded, then answered late
 *   POST /_reset                   forgets everything
 */
#include "notify/notify.h"

#include "core/buf.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY (64 * 1024)
#define MAX_FAILS 64

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static json_t *received; /* array of notifications */
static int fails[MAX_FAILS];
static int nfails;
static long delay_ms;
static int delay_count;
static char service_id[NOTIFY_UUID_LEN + 1], secret[NOTIFY_UUID_LEN + 1];

typedef struct Conn {
    char *body;
    size_t n;
    int too_big;
} Conn;

static enum MHD_Result reply(struct MHD_Connection *c, int status, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!s)
        return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return rc;
}

/* Notify's error body. */
static enum MHD_Result reply_error(struct MHD_Connection *c, int status, const char *kind, const char *msg)
{
    return reply(c, status,
                 json_pack("{s:[{s:s,s:s}],s:i}", "errors", "error", kind, "message", msg, "status_code", status));
}

static void uuid4(char out[NOTIFY_UUID_LEN + 1])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, NOTIFY_UUID_LEN + 1, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static int looks_like_email(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && !strchr(at + 1, '@') && strchr(at + 1, '.') && !strpbrk(s, " \t\r\n<>") &&
           strlen(s) <= 320 && at[strlen(at) - 1] != '.';
}

static enum MHD_Result send_email(struct MHD_Connection *c, const Conn *k)
{
    json_t *req = json_loadb(k->body ? k->body : "", k->n, 0, NULL);
    if (!json_is_object(req)) {
        json_decref(req);
        return reply_error(c, 400, "BadRequestError", "Invalid JSON supplied in POST data");
    }
    const char *email = json_string_value(json_object_get(req, "email_address"));
    const char *tid = json_string_value(json_object_get(req, "template_id"));
    json_t *pers = json_object_get(req, "personalisation");
    json_t *ref = json_object_get(req, "reference");
    const char *problem = NULL;
    if (!email)
        problem = "email_address is a required property";
    else if (!looks_like_email(email))
        problem = "email_address Not a valid email address";
    else if (!tid)
        problem = "template_id is a required property";
    else if (!notify_is_uuid(tid))
        problem = "template_id is not a valid UUID";
    else if (pers && !json_is_object(pers))
        problem = "personalisation is not of type object";
    else if (ref && !json_is_string(ref))
        problem = "reference is not of type string";
    if (problem) {
        json_decref(req);
        return reply_error(c, 400, "ValidationError", problem);
    }
    char id[NOTIFY_UUID_LEN + 1], at[40];
    uuid4(id);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S.000000Z", &tm);
    /* the body as Notify would render it: the personalisation's fields */
    json_t *empty = json_object();
    char *pers_text = json_dumps(pers ? pers : empty, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(empty);
    char subject[100];
    snprintf(subject, sizeof subject, "Template %.36s", tid);
    json_t *n = json_pack("{s:s, s:O?, s:s, s:s, s:s, s:s, s:{s:s, s:i, s:s}, s:O?, s:s, s:s, s:s, s:s}", "id", id,
                          "reference", ref, "email_address", email, "type", "email", "status", "delivered",
                          "template_id", tid, "template", "id", tid, "version", 1, "uri", "", "personalisation", pers,
                          "body", pers_text, "subject", subject, "created_at", at, "sent_at", at);
    free(pers_text);
    long delay = 0;
    pthread_mutex_lock(&mu);
    json_array_append(received, n);
    if (delay_count > 0) {
        delay_count--;
        delay = delay_ms;
    }
    pthread_mutex_unlock(&mu);
    if (delay > 0)
        usleep((useconds_t)(delay * 1000));
    json_t *ans = json_pack("{s:s, s:O?, s:{s:s, s:s, s:s}, s:s, s:{s:s, s:i, s:s}}", "id", id, "reference", ref,
                            "content", "body", json_string_value(json_object_get(n, "body")), "subject", subject,
                            "from_email", "rise.standin@notifications.service.gov.uk", "uri", "", "template", "id",
                            tid, "version", 1, "uri", "");
    json_decref(n);
    json_decref(req);
    return reply(c, 201, ans);
}

static enum MHD_Result find(struct MHD_Connection *c, const char *reference, const char *id)
{
    json_t *list = json_array();
    json_t *one = NULL;
    pthread_mutex_lock(&mu);
    size_t i;
    json_t *n;
    json_array_foreach(received, i, n)
    {
        const char *r = json_string_value(json_object_get(n, "reference"));
        const char *nid = json_string_value(json_object_get(n, "id"));
        if (reference && r && strcmp(r, reference) == 0)
            json_array_append(list, n);
        if (id && nid && strcmp(nid, id) == 0)
            one = json_deep_copy(n);
    }
    pthread_mutex_unlock(&mu);
    if (id) {
        json_decref(list);
        if (!one)
            return reply_error(c, 404, "NoResultFound", "No result found");
        return reply(c, 200, one);
    }
    return reply(c, 200, json_pack("{s:o, s:{s:s}}", "notifications", list, "links", "current", "/v2/notifications"));
}

static enum MHD_Result control(struct MHD_Connection *c, const char *url, const Conn *k)
{
    json_t *j = k->n ? json_loadb(k->body, k->n, 0, NULL) : NULL;
    pthread_mutex_lock(&mu);
    if (strcmp(url, "/_fail") == 0) {
        size_t i;
        json_t *s;
        json_array_foreach(json_object_get(j, "statuses"), i, s) if (nfails < MAX_FAILS) fails[nfails++] =
            (int)json_integer_value(s);
    } else if (strcmp(url, "/_delay") == 0) {
        delay_ms = (long)json_integer_value(json_object_get(j, "ms"));
        json_t *cnt = json_object_get(j, "count");
        delay_count = cnt ? (int)json_integer_value(cnt) : 1;
    } else { /* /_reset */
        json_array_clear(received);
        nfails = 0;
        delay_count = 0;
    }
    pthread_mutex_unlock(&mu);
    json_decref(j);
    return reply(c, 200, json_pack("{s:b}", "ok", 1));
}

/* The next forced status, or 0. */
static int next_fail(void)
{
    int s = 0;
    pthread_mutex_lock(&mu);
    if (nfails > 0) {
        s = fails[0];
        memmove(fails, fails + 1, (size_t)(nfails - 1) * sizeof fails[0]);
        nfails--;
    }
    pthread_mutex_unlock(&mu);
    return s;
}

static enum MHD_Result forced(struct MHD_Connection *c, int status)
{
    switch (status) {
    case 400:
        return reply_error(c, 400, "BadRequestError", "Can't send to this recipient using a team-only API key");
    case 403:
        return reply_error(c, 403, "AuthError", "Invalid token: API key not found");
    case 429:
        return reply_error(c, 429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds");
    default:
        return reply_error(c, status, "Exception", "Internal server error");
    }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size, void **ptr)
{
    (void)cls;
    (void)version;
    Conn *k = *ptr;
    if (!k) {
        *ptr = xcalloc(1, sizeof *k);
        return MHD_YES;
    }
    if (*upload_size) {
        if (k->n + *upload_size > MAX_BODY)
            k->too_big = 1;
        else {
            k->body = xrealloc(k->body, k->n + *upload_size + 1);
            memcpy(k->body + k->n, upload_data, *upload_size);
            k->n += *upload_size;
            k->body[k->n] = '\0';
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (k->too_big)
        return reply_error(c, 413, "BadRequestError", "Request body too large");
    int is_post = strcmp(method, "POST") == 0, is_get = strcmp(method, "GET") == 0;
    if (strncmp(url, "/_", 2) == 0) {
        if (is_get && strcmp(url, "/_received") == 0) {
            pthread_mutex_lock(&mu);
            json_t *copy = json_deep_copy(received);
            pthread_mutex_unlock(&mu);
            return reply(c, 200, json_pack("{s:o}", "notifications", copy));
        }
        if (is_post && (!strcmp(url, "/_fail") || !strcmp(url, "/_delay") || !strcmp(url, "/_reset")))
            return control(c, url, k);
        return reply_error(c, 404, "NotFound", "Not found");
    }
    if (strncmp(url, "/v2/notifications", 17) != 0)
        return reply_error(c, 404, "NotFound", "Not found");
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!auth || strncmp(auth, "Bearer ", 7) != 0)
        return reply_error(c, 401, "AuthError",
                           "Unauthorized: authentication token must be provided");
    char why[200];
    if (notify_jwt_check(auth + 7, service_id, secret, (int64_t)time(NULL), why, sizeof why) != 0)
        return reply_error(c, 403, "AuthError", why);
    if (is_post && strcmp(url, "/v2/notifications/email") == 0) {
        int f = next_fail();
        if (f)
            return forced(c, f);
        return send_email(c, k);
    }
    if (is_get && strcmp(url, "/v2/notifications") == 0) {
        const char *ref = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "reference");
        return find(c, ref ? ref : "", NULL);
    }
    if (is_get && strncmp(url, "/v2/notifications/", 18) == 0) {
        if (!notify_is_uuid(url + 18))
            return reply_error(c, 400, "ValidationError", "notification_id is not a valid UUID");
        return find(c, NULL, url + 18);
    }
    return reply_error(c, 405, "MethodNotAllowed", "Method not allowed");
}

static void on_completed(void *cls, struct MHD_Connection *c, void **ptr, enum MHD_RequestTerminationCode t)
{
    (void)cls;
    (void)c;
    (void)t;
    Conn *k = *ptr;
    if (k) {
        free(k->body);
        free(k);
        *ptr = NULL;
    }
}

int notify_standin_main(const char *listen_host, int port, const char *api_key)
{
    if (notify_parse_key(api_key, service_id, secret) != 0) {
        fputs("rise: the stand-in needs an API key of the form name-SERVICEID-SECRET\n", stderr);
        return 2;
    }
    received = json_array();
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    /* its test controls (/_fail, /_received) take no token: loopback only */
    if (inet_pton(AF_INET, listen_host, &sa.sin_addr) != 1 || (ntohl(sa.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr, "rise: the stand-in listens only on a loopback address such as 127.0.0.1 (got '%s')\n",
                listen_host);
        return 2;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG, (uint16_t)port, NULL,
        NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)30, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "rise: the stand-in cannot listen on %s:%d\n", listen_host, port);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stdout, "rise: notify stand-in listening on http://%s:%d/ (service %s)\n", listen_host,
            info ? info->port : port, service_id);
    fflush(stdout);
    int sig = 0;
    sigwait(&sigs, &sig);
    MHD_stop_daemon(d);
    json_decref(received);
    return 0;
}
