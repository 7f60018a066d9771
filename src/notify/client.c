/*
 * client.c - GOV.UK Notify's REST API over libcurl. One client per thread:
 * it keeps its connection open between requests. See notify.h.
 */
#include "notify/notify.h"

#include "core/buf.h"

#include <curl/curl.h>
#include <sodium.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct NotifyClient {
    CURL *curl;
    char base[512];
    char service_id[NOTIFY_UUID_LEN + 1], secret[NOTIFY_UUID_LEN + 1];
    volatile int *cancel;
};

void notify_client_set_cancel(NotifyClient *c, volatile int *cancel)
{
    c->cancel = cancel;
}

/* Ends a transfer in progress when the owner is stopping. */
static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt;
    (void)dn;
    (void)ut;
    (void)un;
    const NotifyClient *c = ud;
    return c->cancel && *c->cancel ? 1 : 0;
}

void notify_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

NotifyClient *notify_client_new(const char *base_url, const char *api_key)
{
    NotifyClient *c = xcalloc(1, sizeof *c);
    if (notify_parse_key(api_key, c->service_id, c->secret) != 0 || !base_url ||
        strlen(base_url) >= sizeof c->base) {
        free(c);
        return NULL;
    }
    snprintf(c->base, sizeof c->base, "%s", base_url);
    size_t n = strlen(c->base);
    while (n > 0 && c->base[n - 1] == '/')
        c->base[--n] = '\0';
    c->curl = curl_easy_init();
    if (!c->curl) {
        free(c);
        return NULL;
    }
    return c;
}

void notify_client_free(NotifyClient *c)
{
    if (!c)
        return;
    curl_easy_cleanup(c->curl);
    sodium_memzero(c->secret, sizeof c->secret);
    free(c);
}

typedef struct Body {
    char *p;
    size_t n;
} Body;

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
    Body *b = ud;
    size_t len = size * nmemb;
    if (b->n + len > (1u << 20))
        return 0; /* no answer of Notify's is a megabyte */
    b->p = xrealloc(b->p, b->n + len + 1);
    memcpy(b->p + b->n, ptr, len);
    b->n += len;
    b->p[b->n] = '\0';
    return len;
}

/* Notify's error body {"errors":[{"error":..,"message":..}],"status_code":N} in words. */
static void read_errors(json_t *j, char *out, size_t n)
{
    json_t *errs = json_object_get(j, "errors");
    size_t i, used = 0;
    json_t *e;
    out[0] = '\0';
    json_array_foreach(errs, i, e)
    {
        const char *kind = json_string_value(json_object_get(e, "error"));
        const char *msg = json_string_value(json_object_get(e, "message"));
        int w = snprintf(out + used, n - used, "%s%s: %s", used ? "; " : "", kind ? kind : "Error", msg ? msg : "");
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
}

/* One request; fills r. 0 when an answer came. */
static int request(NotifyClient *c, const char *method, const char *path, const char *body, NotifyResult *r,
                   json_t **answer)
{
    memset(r, 0, sizeof *r);
    *answer = NULL;
    char url[1024], token[512], auth[600];
    snprintf(url, sizeof url, "%s%s", c->base, path);
    if (notify_jwt(c->service_id, c->secret, (int64_t)time(NULL), token, sizeof token) != 0) {
        snprintf(r->error, sizeof r->error, "could not make the token");
        return -1;
    }
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "User-Agent: rise-notify-client/" RISE_VERSION);
    Body b = {0};
    CURL *k = c->curl;
    curl_easy_reset(k);
    curl_easy_setopt(k, CURLOPT_URL, url);
    curl_easy_setopt(k, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(k, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(k, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(k, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(k, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(k, CURLOPT_PROTOCOLS_STR, "http,https");
    if (c->cancel) {
        curl_easy_setopt(k, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(k, CURLOPT_XFERINFODATA, c);
        curl_easy_setopt(k, CURLOPT_NOPROGRESS, 0L);
    }
    if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(k, CURLOPT_POST, 1L);
        curl_easy_setopt(k, CURLOPT_POSTFIELDS, body);
    }
    CURLcode cc = curl_easy_perform(k);
    curl_slist_free_all(h);
    if (cc != CURLE_OK) {
        snprintf(r->error, sizeof r->error, "no answer from Notify: %s", curl_easy_strerror(cc));
        free(b.p);
        return -1;
    }
    long status = 0;
    curl_easy_getinfo(k, CURLINFO_RESPONSE_CODE, &status);
    r->http_status = (int)status;
    json_t *j = b.p ? json_loads(b.p, 0, NULL) : NULL;
    if (status >= 300) {
        if (j)
            read_errors(j, r->error, sizeof r->error);
        if (!r->error[0])
            snprintf(r->error, sizeof r->error, "Notify answered %ld", status);
    }
    free(b.p);
    *answer = j;
    return 0;
}

int notify_send_email(NotifyClient *c, const char *email, const char *template_id, const char *personalisation_json,
                      const char *reference, char **sent_body, NotifyResult *r)
{
    json_t *pers = json_loads(personalisation_json ? personalisation_json : "{}", 0, NULL);
    if (!pers)
        pers = json_object();
    json_t *req = json_pack("{s:s, s:s, s:o, s:s}", "email_address", email, "template_id", template_id,
                            "personalisation", pers, "reference", reference);
    char *body = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    json_t *ans;
    int rc = request(c, "POST", "/v2/notifications/email", body, r, &ans);
    if (rc == 0 && r->http_status == 201) {
        const char *id = json_string_value(json_object_get(ans, "id"));
        snprintf(r->id, sizeof r->id, "%s", id ? id : "");
    }
    json_decref(ans);
    if (sent_body)
        *sent_body = body;
    else
        free(body);
    return rc;
}

int notify_find_by_reference(NotifyClient *c, const char *reference, NotifyResult *r)
{
    char path[256];
    char *esc = curl_easy_escape(c->curl, reference, 0);
    snprintf(path, sizeof path, "/v2/notifications?reference=%s&template_type=email", esc ? esc : "");
    curl_free(esc);
    json_t *ans;
    int rc = request(c, "GET", path, NULL, r, &ans);
    if (rc == 0 && r->http_status == 200) {
        json_t *first = json_array_get(json_object_get(ans, "notifications"), 0);
        const char *id = json_string_value(json_object_get(first, "id"));
        const char *st = json_string_value(json_object_get(first, "status"));
        snprintf(r->id, sizeof r->id, "%s", id ? id : "");
        snprintf(r->status, sizeof r->status, "%s", st ? st : "");
    }
    json_decref(ans);
    return rc;
}

int notify_get_notification(NotifyClient *c, const char *id, NotifyResult *r)
{
    if (!notify_is_uuid(id)) {
        memset(r, 0, sizeof *r);
        snprintf(r->error, sizeof r->error, "not a notification id");
        return -1;
    }
    char path[128];
    snprintf(path, sizeof path, "/v2/notifications/%s", id);
    json_t *ans;
    int rc = request(c, "GET", path, NULL, r, &ans);
    if (rc == 0 && r->http_status == 200) {
        const char *st = json_string_value(json_object_get(ans, "status"));
        snprintf(r->status, sizeof r->status, "%s", st ? st : "");
        snprintf(r->id, sizeof r->id, "%s", id);
    }
    json_decref(ans);
    return rc;
}
