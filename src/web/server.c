/*
 * server.c - the libmicrohttpd glue and the request pipeline.
 *
 * For every request, from its head alone (before any byte of a body is
 * read): refuse a head over our limits (431) or an ambiguous body length
 * (400); decode the path, query and cookies (400 on malformed encoding);
 * resolve the session and the signed-in user (enforcing the idle and
 * absolute timeouts); match the route (404/405) and authorise it (redirect
 * to sign-in, or 403); refuse an announced oversized body (413). A file
 * upload is also checked for its CSRF token (carried in the address), a free
 * upload slot (503) and disk space (507) before its body is read. A refusal
 * is answered at once and the connection closed, the body unread (a small
 * body, up to DISCARD_LIMIT, is read and thrown away first).
 *
 * Then the body is buffered (1 MiB) or streamed to disk (the upload, 256
 * MiB); every POST's CSRF token and Origin are checked (403); the page runs;
 * the security headers and cookies are added and one access-log line is
 * written.
 *
 * Threads: libmicrohttpd's own pool with epoll; each worker thread uses its
 * own database connection (db_thread). Shutdown: on SIGINT/SIGTERM the
 * listening socket is closed, requests in flight are given up to 10 seconds
 * to finish, then the daemon stops and the connections are closed.
 */
#include "web/server.h"

#include "core/buf.h"
#include "core/forwarded.h"
#include "core/log.h"
#include "store/casework.h"
#include "store/inspections.h"
#include "store/messages.h"
#include "web/pages.h"
#include "notify/sender.h"
#include "web/jobs.h"
#include "web/router.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

/* The request line and headers we read: nginx's default is 32 KiB too. A
   longer head, or more headers, gets our 431 page. libmicrohttpd must hold
   the head in its per-connection memory (Config.conn_memory) to hand it to
   us; a head beyond that still gets libmicrohttpd's own bare 431. */
#define HEAD_LIMIT (32 * 1024)
#define HEADERS_LIMIT 100
/* A refused request's body up to this size (announced) is read and thrown
   away before the answer, so that the client, still sending, reads it; a
   larger one is not read at all: the answer goes at once and the connection
   is closed (browsers then read the answer; some other clients see a reset). */
#define DISCARD_LIMIT (64 * 1024)
/* How often (bytes written) an upload checks the disk's free space again. */
#define UPLOAD_SPACE_EVERY (8u * 1024 * 1024)

static atomic_int in_flight;
static atomic_uint uploads_streaming; /* uploads admitted and not yet finished */
static unsigned char session_key[SESSION_KEY_LEN]; /* signs pre-login cookies; loaded at start */

typedef struct Ctx {
    Req req;
    Resp resp;
    Buf body;
    int started;          /* the first call of on_request has run */
    char *raw_query;      /* the query as sent, taken from libmicrohttpd (on_uri) */
    size_t uri_len;
    int has_body;         /* Content-Length above 0, or chunked */
    int length_unclear;   /* two Content-Lengths, or one with Transfer-Encoding */
    uint64_t announced;   /* Content-Length, 0 when none */
    int discard;          /* refused: the (small) body is read and thrown away */
    int close_after;      /* answered before reading the body: close the connection */
    struct MHD_PostProcessor *pp; /* multipart upload in progress */
    FILE *upload_f;
    int upload_bad;
    int upload_slot;      /* holds one of the Config.upload_slots */
    int disk_full;
    size_t upload_total;
    size_t upload_unchecked; /* bytes written since the last free-space check */
    char field_key[64];
    Buf field_val;
    int field_open;
    int too_large;
    const Route *route;   /* matched and authorised from the head */
    int64_t start_us;
    int status;
    size_t bytes;
    int responded;
    char method[16];
    char *path_for_log;
} Ctx;

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void config_defaults(Config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen_host, sizeof c->listen_host, "127.0.0.1");
    c->listen_port = 8080;
    c->idle_timeout = 60 * 60;
    c->absolute_timeout = 12 * 60 * 60;
    c->body_limit = 1024 * 1024;
    c->upload_limit = 256u * 1024 * 1024;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = (unsigned)(n > 0 ? n : 2);
    if (c->threads < 2)
        c->threads = 2;
    c->upload_slots = 2;
    c->upload_reserve = 512u * 1024 * 1024;
    c->conn_timeout = 30;
    /* libmicrohttpd 0.9.75 zeroes this pool on every request of a kept-alive
       connection (about 10 us for 256 KiB), so bigger costs time. It must
       hold the head (read buffer, one 48-byte record per header and cookie)
       for our own limit (HEAD_LIMIT) to answer instead of libmicrohttpd:
       256 KiB gets a single 200 KiB header to our 431 page. See
       docs/decisions/0007-uploads-and-request-limits.md. */
    c->conn_memory = 256 * 1024;
}

int config_set_listen(Config *cfg, const char *listen)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen)
        return -1;
    size_t hl = (size_t)(colon - listen);
    const char *h = listen;
    if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (hl == 0 || hl >= sizeof cfg->listen_host)
        return -1;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || end == colon + 1)
        return -1;
    memcpy(cfg->listen_host, h, hl);
    cfg->listen_host[hl] = '\0';
    if (strcmp(cfg->listen_host, "localhost") == 0)
        snprintf(cfg->listen_host, sizeof cfg->listen_host, "127.0.0.1");
    cfg->listen_port = (int)port;
    return 0;
}

int config_set_base_url(Config *cfg, const char *url)
{
    if (origin_parse(url, &cfg->base_origin) != 0)
        return -1;
    cfg->base_url = url;
    cfg->https = strcmp(cfg->base_origin.scheme, "https") == 0;
    return 0;
}

/* --- request accessors (http.h) ------------------------------------------ */

const char *req_header(const Req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn_, MHD_HEADER_KIND, name);
}

const char *req_param(const Req *r, int i)
{
    return (i >= 0 && i < r->nparams && r->params[i]) ? r->params[i] : "";
}

const char *req_form_raw(const Req *r, const char *name)
{
    const char *v = kv_get(&r->form, name);
    return v ? v : "";
}

const char *req_form(Req *r, const char *name)
{
    const char *v = kv_get(&r->form, name);
    if (!v)
        return "";
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
        v++;
    size_t n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
        n--;
    char *copy = xstrndup(v, n);
    kv_add(&r->scratch_, name, copy);
    free(copy);
    return r->scratch_.items[r->scratch_.n - 1].val;
}

const char *req_query(const Req *r, const char *name)
{
    const char *v = kv_get(&r->query, name);
    return v ? v : "";
}

const char *req_csrf(const Req *r)
{
    return r->has_session ? r->session.csrf : "";
}

void req_flash(Req *r, const char *message)
{
    if (r->has_session && !r->prelogin)
        session_set_flash(r->db, &r->session, message);
}

void req_flash_link(Req *r, const char *message, const char *link_text, const char *href)
{
    char m[1024];
    snprintf(m, sizeof m, "%s" FLASH_LINK_SEP "%s" FLASH_LINK_SEP "%s", message, link_text, href);
    req_flash(r, m);
}

void req_prelogin_start(Req *r)
{
    if (r->has_session)
        return;
    memset(&r->session, 0, sizeof r->session);
    prelogin_make(session_key, r->now, r->new_session_token, r->session.csrf);
    r->has_session = 1;
    r->prelogin = 1;
}

void resp_header(Resp *w, const char *name, const char *value)
{
    if (w->nheaders >= (int)(sizeof w->headers / sizeof w->headers[0]))
        return;
    w->headers[w->nheaders].name = xstrdup(name);
    w->headers[w->nheaders].value = xstrdup(value);
    w->nheaders++;
}

void resp_redirect(Resp *w, const char *location)
{
    w->status = 303;
    resp_header(w, "Location", location);
    html_reset(&w->html);
}

void resp_bytes(Resp *w, int status, const char *content_type, const void *data, size_t len)
{
    w->status = status;
    w->content_type = content_type;
    buf_reset(&w->text);
    buf_append(&w->text, data, len);
    w->use_text = 1;
}

void resp_text(Resp *w, int status, const char *text)
{
    w->status = status;
    w->content_type = "text/plain; charset=utf-8";
    buf_reset(&w->text);
    buf_puts(&w->text, text);
    w->use_text = 1;
}

/* --- the pipeline -------------------------------------------------------- */

static const char *cookie_name(const Config *cfg)
{
    /* __Host- cookies must be Secure, which needs https */
    return cfg->https ? "__Host-rise_session" : "rise_session";
}

static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static void load_session(Req *r)
{
    const char *token = kv_get(&r->cookies, cookie_name(r->cfg));
    if (!token)
        return;
    if (strncmp(token, "p.", 2) == 0) {
        /* a signed pre-login cookie: checked without the database */
        memset(&r->session, 0, sizeof r->session);
        if (prelogin_check(session_key, token, r->now, r->cfg->absolute_timeout, r->session.csrf)) {
            r->has_session = 1;
            r->prelogin = 1;
        } else {
            r->clear_session_cookie = 1;
        }
        return;
    }
    Session s;
    if (session_find(r->db, token, &s) != 1)
        return;
    /* The idle timeout ends a signed-in session left unattended. A sign-in
       form's session (no user) grants nothing, so only the absolute limit
       ends it: otherwise a sign-in page left open for a while refuses the
       right password with "You do not have permission". */
    int idle = s.user_id && !s.pending[0] && r->now - s.last_seen_at > r->cfg->idle_timeout;
    /* half signed in (decision 0014): a fixed time for the second factor,
       whatever the idle timeout (setting up takes a while) */
    int half_over = s.pending[0] && r->now - s.created_at > SESSION_HALF_SECONDS;
    int expired = idle || half_over || (r->now - s.created_at > r->cfg->absolute_timeout);
    if (expired) {
        session_delete(r->db, &s);
        if (s.user_id)
            r->session_expired = 1;
        session_free(&s);
        r->clear_session_cookie = 1;
        return;
    }
    if (s.user_id) {
        User u = {0};
        if (user_get(r->db, s.user_id, &u) != 1 || u.disabled_at) {
            if (u.id)
                user_free(&u);
            session_delete(r->db, &s);
            session_free(&s);
            r->clear_session_cookie = 1;
            return;
        }
        r->user = u;
        if (s.pending[0]) {
            /* half signed in (decision 0014): the password was right but the
               second factor is still to come, so authorise() sees no one and
               every page but that step's sends them to it */
            r->half_signed_in = strcmp(s.pending, "set-up") == 0 ? 2 : 1;
            snprintf(r->actor_label, sizeof r->actor_label, "%s <%s>", u.name, u.email);
            r->actor.user_id = u.id;
            r->actor.label = r->actor_label;
            r->has_session = 1;
            r->session = s;
            return;
        }
        r->signed_in = 1;
        r->who.user_id = u.id;
        r->who.role = role_from_slug(u.role);
        r->who.region = u.region;
        r->who.organisation = u.organisation;
        r->who.org_kind = org_kind_from_slug(u.org_kind);
        snprintf(r->actor_label, sizeof r->actor_label, "%s <%s>", u.name, u.email);
        r->actor.user_id = u.id;
        r->actor.label = r->actor_label;
    }
    r->has_session = 1;
    r->session = s;
    if (s.flash) {
        r->flash = s.flash;
        s.flash = NULL;
        r->session.flash = NULL;
        session_set_flash(r->db, &r->session, NULL);
    }
    /* a write per minute at most, not per request; more often when the idle
       timeout is short, or a session in use would still time out */
    int64_t touch_every = r->cfg->idle_timeout / 2 < 60 ? r->cfg->idle_timeout / 2 : 60;
    if (r->now - s.last_seen_at >= (touch_every > 0 ? touch_every : 1))
        session_touch(r->db, &r->session, r->now);
}

/* The origin the browser should be on: the base URL, or the Host header. */
static int expected_origin(const Req *r, Origin *o)
{
    if (r->cfg->base_url) {
        *o = r->cfg->base_origin;
        return 0;
    }
    const char *host = req_header(r, "Host");
    if (!host)
        return -1;
    char url[300];
    snprintf(url, sizeof url, "http://%s", host);
    return origin_parse(url, o);
}

/* CSRF: the token sent (a form's field; an upload's address) must match the
   session's, and the request must come from our own pages (Origin, or
   Referer when a browser sends none). */
static int csrf_ok(Req *r, const char *tok, const char **why)
{
    if (!r->has_session) {
        *why = "no session";
        return 0;
    }
    if (!tok || strlen(tok) != SESSION_TOKEN_LEN || sodium_memcmp(tok, r->session.csrf, SESSION_TOKEN_LEN) != 0) {
        *why = "missing or wrong csrf_token";
        return 0;
    }
    Origin want, got;
    if (expected_origin(r, &want) != 0) {
        *why = "no Host header";
        return 0;
    }
    const char *origin = req_header(r, "Origin");
    const char *src = origin ? origin : req_header(r, "Referer");
    if (!src || origin_parse(src, &got) != 0 || !origin_equal(&want, &got)) {
        *why = origin ? "Origin is another site" : "no Origin or Referer from this site";
        return 0;
    }
    return 1;
}

/* --- multipart uploads --------------------------------------------------- */

/* Takes one of the max upload slots; 0 when all are in use. */
static int upload_slot_take(unsigned max)
{
    unsigned n = atomic_load(&uploads_streaming);
    do {
        if (n >= max)
            return 0;
    } while (!atomic_compare_exchange_weak(&uploads_streaming, &n, n + 1));
    return 1;
}

static void upload_slot_release(Ctx *x)
{
    if (x->upload_slot) {
        x->upload_slot = 0;
        atomic_fetch_sub(&uploads_streaming, 1);
    }
}

/* 1 when the upload folder's disk can take `more` bytes and still keep
   `reserve` free (for the import's database writes, and everything else). */
static int upload_space_ok(uint64_t more, uint64_t reserve)
{
    struct statvfs sv;
    if (statvfs(jobs_upload_dir(), &sv) != 0) {
        log_error("cannot see the free space of %s: %s", jobs_upload_dir(), strerror(errno));
        return 0;
    }
    uint64_t free_bytes = (uint64_t)sv.f_bavail * (uint64_t)sv.f_frsize;
    return free_bytes >= reserve && free_bytes - reserve >= more;
}

static void flush_field(Ctx *x)
{
    if (!x->field_open)
        return;
    x->field_open = 0;
    if (!utf8_valid(buf_str(&x->field_val), x->field_val.len)) {
        x->upload_bad = 1;
        return;
    }
    if (x->req.form.n < KV_MAX_FIELDS)
        kv_add(&x->req.form, x->field_key, buf_str(&x->field_val));
    buf_reset(&x->field_val);
}

/* Keeps the last path component of a browser's file name, printable only. */
static char *clean_file_name(const char *name)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    char *out = xstrdup(*base ? base : "upload.csv");
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '_';
    if (strlen(out) > 200)
        out[200] = '\0';
    return out;
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                 const char *content_type, const char *transfer_encoding, const char *data,
                                 uint64_t off, size_t size)
{
    Ctx *x = cls;
    Req *r = &x->req;
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    if (filename && !*filename && !x->upload_f && size == 0)
        return MHD_YES; /* a file input left empty: no file was chosen */
    if (filename) {
        flush_field(x);
        if (!x->upload_f) {
            if (r->upload_path) /* one file per upload */
                return MHD_YES;
            char tmpl[4200];
            snprintf(tmpl, sizeof tmpl, "%s/upload-XXXXXX", jobs_upload_dir());
            int fd = mkstemp(tmpl);
            if (fd < 0 || !(x->upload_f = fdopen(fd, "wb"))) {
                log_error("cannot store an upload in %s: %s", jobs_upload_dir(), strerror(errno));
                x->upload_bad = 1;
                return MHD_NO;
            }
            r->upload_path = xstrdup(tmpl);
            r->upload_name = clean_file_name(filename);
        }
        if (size && fwrite(data, 1, size, x->upload_f) != size) {
            x->upload_bad = 1;
            return MHD_NO;
        }
        r->upload_size += size;
        /* other uploads and imports share the disk: look again as it fills */
        x->upload_unchecked += size;
        if (x->upload_unchecked >= UPLOAD_SPACE_EVERY) {
            x->upload_unchecked = 0;
            if (!upload_space_ok(0, r->cfg->upload_reserve)) {
                log_warn("upload from %s stopped: the disk of %s is nearly full", r->ip, jobs_upload_dir());
                x->disk_full = 1;
                return MHD_NO;
            }
        }
        return MHD_YES;
    }
    if (x->upload_f) {
        fclose(x->upload_f);
        x->upload_f = NULL;
    }
    /* libmicrohttpd may announce a field with an empty chunk at offset 0
       and then deliver its data, again at offset 0: a new field starts with
       a new name, or at offset 0 once the current one has data */
    if (!x->field_open || strcmp(x->field_key, key) != 0 || (off == 0 && x->field_val.len > 0)) {
        flush_field(x);
        snprintf(x->field_key, sizeof x->field_key, "%s", key);
        x->field_open = 1;
    }
    if (x->field_val.len + size > 65536) {
        x->upload_bad = 1;
        return MHD_NO;
    }
    buf_append(&x->field_val, data, size);
    return MHD_YES;
}

static int parse_body(Req *r, Buf *body)
{
    const char *ct = req_header(r, "Content-Type");
    if (body->len == 0)
        return KV_OK;
    if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
        return KV_BAD_ENCODING;
    return kv_parse_urlencoded(&r->form, buf_str(body), body->len);
}

/* Where a visitor who must sign in is sent: back to this page afterwards
   (a GET, with its query), or to the sign-in page after a form. */
static void redirect_to_login(Req *r, Resp *w)
{
    if (r->half_signed_in) {
        /* half signed in: only the second factor's page until it is done */
        resp_redirect(w, r->half_signed_in == 2 ? "/login/two-factor/set-up" : "/login/two-factor");
        return;
    }
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
        /* a form sent after the session ended: ask them to sign in */
        resp_redirect(w, r->session_expired ? "/login?expired=1" : "/login");
        return;
    }
    Buf loc = BUF_INIT;
    buf_puts(&loc, "/login?next=");
    /* where they were going, with its query, to come back to after signing in */
    Html enc;
    html_init(&enc);
    Buf t = BUF_INIT;
    buf_puts(&t, r->path);
    for (size_t i = 0; i < r->query.n; i++) {
        Html k, v;
        html_init(&k);
        html_init(&v);
        html_url_param(&k, r->query.items[i].key);
        html_url_param(&v, r->query.items[i].val);
        buf_printf(&t, "%c%s=%s", i == 0 ? '?' : '&', html_str(&k), html_str(&v));
        html_free(&k);
        html_free(&v);
    }
    html_url_param(&enc, buf_str(&t));
    buf_puts(&loc, html_str(&enc));
    buf_free(&t);
    html_free(&enc);
    if (r->session_expired)
        buf_puts(&loc, "&expired=1");
    resp_redirect(w, buf_str(&loc));
    buf_free(&loc);
}

struct HeadWalk {
    size_t bytes, count, content_lengths, transfer_encodings;
};

static enum MHD_Result head_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct HeadWalk *hw = cls;
    (void)kind;
    hw->count++;
    hw->bytes += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CRLF */
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        hw->content_lengths++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
        hw->transfer_encodings++;
    return MHD_YES;
}

/* The head's own faults: 431 when longer than HEAD_LIMIT or with more than
   HEADERS_LIMIT headers; 400 when the body's length is ambiguous (two
   Content-Lengths, or one with Transfer-Encoding: a proxy in front may read
   the body differently, which smuggles a request past it). 0 when fine. */
static int head_fault(Ctx *x)
{
    struct HeadWalk hw = {0};
    MHD_get_connection_values(x->req.conn_, MHD_HEADER_KIND, head_iter, &hw);
    const char *cl = req_header(&x->req, MHD_HTTP_HEADER_CONTENT_LENGTH);
    x->announced = cl ? strtoull(cl, NULL, 10) : 0;
    x->has_body = hw.transfer_encodings > 0 || x->announced > 0;
    x->length_unclear = hw.content_lengths > 1 || (hw.content_lengths && hw.transfer_encodings);
    if (hw.count > HEADERS_LIMIT || x->uri_len + strlen(x->method) + hw.bytes > HEAD_LIMIT)
        return 431;
    return x->length_unclear ? 400 : 0;
}

/* A multipart POST to an upload page: its body will be streamed to disk. */
static int is_upload(const Req *r)
{
    const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    return strcmp(r->method, "POST") == 0 &&
           (strcmp(r->path, UPLOAD_PATH) == 0 || strcmp(r->path, SURVEY_UPLOAD_PATH) == 0) && ct &&
           strncasecmp(ct, "multipart/form-data", 19) == 0;
}

/* The most an upload to this path may send: a reference-data file is
   large; a capacity survey is imported on the request, so it gets only the
   ordinary body limit. */
static size_t upload_cap(const Config *cfg, const Req *r)
{
    return strcmp(r->path, SURVEY_UPLOAD_PATH) == 0 ? cfg->body_limit : cfg->upload_limit;
}

/* An upload's own checks, before its body is read: the CSRF token in the
   address (the one in the body would come only after the file), a free
   slot and the disk space. 1 when refused (w has the answer). */
static int upload_refused(const Config *cfg, Ctx *x)
{
    Req *r = &x->req;
    Resp *w = &x->resp;
    const char *why = NULL;
    if (!csrf_ok(r, kv_get(&r->query, "csrf_token"), &why)) {
        log_warn("csrf rejected: %s %s from %s: %s (an upload's token is in its address)", r->method, r->path, r->ip,
                 why);
        page_error(r, w, 403);
        return 1;
    }
    if (!upload_slot_take(cfg->upload_slots)) {
        log_warn("upload from %s refused: %u uploads already streaming", r->ip, cfg->upload_slots);
        page_error(r, w, 503);
        resp_header(w, "Retry-After", "60");
        return 1;
    }
    x->upload_slot = 1;
    if (!upload_space_ok(x->announced, cfg->upload_reserve)) {
        log_warn("upload from %s refused: the disk of %s is nearly full", r->ip, jobs_upload_dir());
        upload_slot_release(x);
        page_error(r, w, 507);
        return 1;
    }
    x->pp = MHD_create_post_processor(r->conn_, 64 * 1024, post_iter, x);
    if (!x->pp) { /* no boundary, or not one libmicrohttpd can read */
        upload_slot_release(x);
        page_error(r, w, 400);
        return 1;
    }
    return 0;
}

/*
 * Everything decided from the head, before any byte of the body is read.
 * Returns 1 when the request is answered (w filled); 0 to read the body.
 */
static int run_head(const Config *cfg, Ctx *x)
{
    Req *r = &x->req;
    Resp *w = &x->resp;
    r->db = db_thread();
    if (!r->db) {
        page_error(r, w, 500);
        return 1;
    }
    int fault = head_fault(x);
    if (fault) {
        log_warn("refused the head of %s %s from %s with %d", r->method, x->path_for_log, r->ip, fault);
        page_error(r, w, fault);
        return 1;
    }
    const char *raw_path = r->path; /* still raw at this point */
    char *decoded = NULL;
    if (percent_decode(raw_path, strlen(raw_path), 0, &decoded) != KV_OK) {
        page_error(r, w, 400);
        return 1;
    }
    free(r->path);
    r->path = decoded;
    if (x->raw_query && kv_parse_urlencoded(&r->query, x->raw_query, strlen(x->raw_query)) != KV_OK) {
        page_error(r, w, 400);
        return 1;
    }
    kv_parse_cookies(&r->cookies, req_header(r, "Cookie"));
    load_session(r);

    int path_known = 0;
    x->route = route_match(r->method, r->path, r, &path_known);
    if (!x->route) {
        page_error(r, w, path_known ? 405 : 404);
        return 1;
    }
    Access a = authorise(&r->who, x->route->perm, NULL);
    if (a == ACCESS_LOGIN) {
        redirect_to_login(r, w);
        return 1;
    }
    if (a == ACCESS_DENY) {
        page_error(r, w, 403);
        return 1;
    }
    /* refuse an announced oversized body before reading it */
    int upload = is_upload(r);
    if (x->announced > (upload ? upload_cap(cfg, r) : cfg->body_limit)) {
        page_error(r, w, 413);
        return 1;
    }
    return upload && upload_refused(cfg, x);
}

/* After the body: the form and its CSRF token, then the page. */
static void run_body(Ctx *x)
{
    Req *r = &x->req;
    Resp *w = &x->resp;
    if (x->too_large) {
        page_error(r, w, 413);
        return;
    }
    if (x->disk_full) {
        page_error(r, w, 507);
        return;
    }
    if (x->pp && x->upload_bad) {
        page_error(r, w, 400);
        return;
    }
    /* an upload's token was checked from its address before the body */
    if (strcmp(r->method, "POST") == 0 && !x->pp) {
        if (parse_body(r, &x->body) != KV_OK) {
            page_error(r, w, 400);
            return;
        }
        const char *why = NULL;
        if (!csrf_ok(r, kv_get(&r->form, "csrf_token"), &why)) {
            log_warn("csrf rejected: %s %s from %s: %s", r->method, r->path, r->ip, why);
            page_error(r, w, 403);
            return;
        }
    }
    x->route->handler(r, w);
}

static void add_security_headers(const Config *cfg, struct MHD_Response *res)
{
    MHD_add_response_header(res, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                            "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                            "base-uri 'none'; object-src 'none'");
    MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(res, "Referrer-Policy", "same-origin");
    MHD_add_response_header(res, "X-Frame-Options", "DENY");
    MHD_add_response_header(res, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(res, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (cfg->https)
        MHD_add_response_header(res, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

static enum MHD_Result respond(const Config *cfg, struct MHD_Connection *c, Ctx *x)
{
    Req *r = &x->req;
    Resp *w = &x->resp;
    struct MHD_Response *res;
    int is_head = strcmp(x->method, "HEAD") == 0;
    if (w->raw) {
        res = MHD_create_response_from_buffer(w->raw_len, (void *)w->raw, MHD_RESPMEM_PERSISTENT);
        x->bytes = w->raw_len;
    } else if (w->use_text) {
        x->bytes = w->text.len;
        res = MHD_create_response_from_buffer(w->text.len, w->text.p ? w->text.p : (char *)"", MHD_RESPMEM_MUST_COPY);
    } else {
        Buf b = html_take(&w->html);
        x->bytes = b.len;
        if (b.p)
            res = MHD_create_response_from_buffer(b.len, b.p, MHD_RESPMEM_MUST_FREE);
        else
            res = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!res)
        return MHD_NO;
    (void)is_head;
    add_security_headers(cfg, res);
    MHD_add_response_header(res, "Content-Type", w->content_type ? w->content_type : "text/html; charset=utf-8");
    MHD_add_response_header(res, "Cache-Control", w->cache_control ? w->cache_control : "no-store");
    for (int i = 0; i < w->nheaders; i++)
        MHD_add_response_header(res, w->headers[i].name, w->headers[i].value);
    const char *secure = cfg->https ? "; Secure" : "";
    char cookie[320];
    if (r->new_session_token[0]) {
        snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", cookie_name(cfg),
                 r->new_session_token, secure);
        MHD_add_response_header(res, "Set-Cookie", cookie);
    } else if (r->clear_session_cookie) {
        snprintf(cookie, sizeof cookie, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s", cookie_name(cfg), secure);
        MHD_add_response_header(res, "Set-Cookie", cookie);
    }
    if (x->close_after) /* the body was never read: it must not be taken for a next request */
        MHD_add_response_header(res, MHD_HTTP_HEADER_CONNECTION, "close");
    x->status = w->status ? w->status : 200;
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)x->status, res);
    MHD_destroy_response(res);
    x->responded = 1;
    return ok;
}

static void ctx_free(Ctx *x)
{
    Req *r = &x->req;
    free(r->path);
    kv_free(&r->query);
    kv_free(&r->form);
    kv_free(&r->cookies);
    kv_free(&r->scratch_);
    if (r->has_session)
        session_free(&r->session);
    if (r->signed_in || r->half_signed_in)
        user_free(&r->user);
    free(r->flash);
    html_free(&x->resp.html);
    buf_free(&x->resp.text);
    for (int i = 0; i < x->resp.nheaders; i++) {
        free(x->resp.headers[i].name);
        free(x->resp.headers[i].value);
    }
    buf_free(&x->body);
    buf_free(&x->field_val);
    if (x->pp)
        MHD_destroy_post_processor(x->pp);
    if (x->upload_f)
        fclose(x->upload_f);
    if (r->upload_path) {
        unlink(r->upload_path); /* not taken by a handler */
        free(r->upload_path);
    }
    free(r->upload_name);
    upload_slot_release(x);
    free(x->raw_query);
    free(x->path_for_log);
    free(x);
}

/*
 * libmicrohttpd calls this with the request target before it splits off the
 * query, and passes what it returns to on_request as *con_cls. We take the
 * query for our own parser (core/kv.c) and leave libmicrohttpd none to
 * parse: 0.9.75 stores each parameter in the connection's fixed memory, and
 * a thousand of them exhaust it, after which it never answers. The target
 * lies in libmicrohttpd's own read buffer, so ending it after the '?' is a
 * write to its memory, which it reads next; tests/http/security.test.mjs
 * ("a thousand query parameters...") fails if a later version stops that.
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    Ctx *x = xcalloc(1, sizeof *x);
    x->uri_len = strlen(uri);
    char *q = strchr(uri, '?');
    if (q) {
        x->raw_query = xstrdup(q + 1);
        q[1] = '\0';
    }
    return x;
}

/* The first call, with the head: sets up the request and decides all that
   can be decided before the body. */
static enum MHD_Result on_head(const Config *cfg, struct MHD_Connection *c, Ctx *x, const char *url,
                               const char *method)
{
    x->started = 1;
    atomic_fetch_add(&in_flight, 1);
    x->start_us = now_us();
    snprintf(x->method, sizeof x->method, "%s", method);
    x->path_for_log = xstrdup(url);
    Req *r = &x->req;
    r->cfg = cfg;
    r->method = x->method;
    r->path = xstrdup(url);
    r->conn_ = c;
    r->now = (int64_t)time(NULL);
    kv_init(&r->query);
    kv_init(&r->form);
    kv_init(&r->cookies);
    kv_init(&r->scratch_);
    html_init(&x->resp.html);
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->ip, sizeof r->ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip, sizeof r->ip);
    }
    /* behind our own proxy the client is in X-Forwarded-For (only then:
       anyone can send the header) */
    if (cfg->trusted_proxies) {
        char peer[sizeof r->ip];
        memcpy(peer, r->ip, sizeof peer);
        forwarded_client(peer, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For"),
                         cfg->trusted_proxies, r->ip, sizeof r->ip);
    }
    r->actor.ip = r->ip;
    r->actor.label = "anonymous";
    if (!run_head(cfg, x))
        return MHD_YES; /* read the body (if any), then run the page */
    if (x->has_body && !x->length_unclear && x->announced > 0 && x->announced <= DISCARD_LIMIT) {
        x->discard = 1; /* answered once the small body is in (and thrown away) */
        return MHD_YES;
    }
    x->close_after = x->has_body;
    return respond(cfg, c, x);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    const Config *cfg = cls;
    (void)version;
    Ctx *x = *con_cls;
    if (!x) /* on_uri makes it; this is only a safety net */
        *con_cls = x = xcalloc(1, sizeof *x);
    if (!x->started)
        return on_head(cfg, c, x, url, method);
    if (*upload_size) {
        if (x->responded || x->discard) {
            /* refused already: nothing is kept */
        } else if (x->pp) {
            x->upload_total += *upload_size;
            if (x->upload_total > upload_cap(cfg, &x->req))
                x->too_large = 1;
            else if (!x->too_large && !x->upload_bad && !x->disk_full &&
                     MHD_post_process(x->pp, upload_data, *upload_size) != MHD_YES && !x->disk_full)
                x->upload_bad = 1; /* unless post_iter stopped it for the disk */
        } else if (!x->too_large && x->body.len + *upload_size <= cfg->body_limit) {
            buf_append(&x->body, upload_data, *upload_size);
        } else {
            x->too_large = 1;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (x->responded)
        return MHD_YES;
    if (x->discard)
        return respond(cfg, c, x);
    if (x->pp) {
        flush_field(x);
        if (x->upload_f) {
            if (fclose(x->upload_f) != 0)
                x->upload_bad = 1;
            x->upload_f = NULL;
        }
        /* the body is in: the next upload may start (before the answer, so
           a client that has it can count on the slot) */
        upload_slot_release(x);
    }
    run_body(x);
    return respond(cfg, c, x);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    Ctx *x = *con_cls;
    if (!x)
        return;
    *con_cls = NULL;
    if (!x->started) { /* the head never came, or was refused by libmicrohttpd */
        ctx_free(x);
        return;
    }
    char ts[32];
    log_timestamp(ts);
    int64_t us = now_us() - x->start_us;
    fprintf(stderr, "%s access %s %s %d %zu %lldus user=%lld%s\n", ts, x->method, x->path_for_log,
            x->responded ? x->status : 0, x->bytes, (long long)us, (long long)x->req.who.user_id,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    ctx_free(x);
    atomic_fetch_sub(&in_flight, 1);
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    log_warn("http: %s", msg);
}

int server_run(const Config *cfg)
{
    char err[512];
    if (routes_check(err, sizeof err) != 0) {
        log_error("%s", err);
        return 1;
    }
    /* migrate once, on the main thread, before any worker opens the file */
    Db *db = db_open(cfg->db_path, err, sizeof err);
    /* then the audit trail: guards put back, key loaded, trail anchored */
    if (!db || db_migrate(db, err, sizeof err) != 0 || audit_prepare(db, err, sizeof err) != 0) {
        log_error("%s", err);
        db_close(db);
        return 1;
    }
    size_t set_up = 0;
    if (cases_set_up_missing(db, &set_up) != 0) {
        log_error("cannot give the existing cases their tasks");
        db_close(db);
        return 1;
    }
    if (set_up)
        log_info("gave %zu cases opened before casework their tasks", set_up);
    if (inspections_rebuild_if_needed(db) != 0) {
        log_error("cannot derive the inspections from their reports");
        db_close(db);
        return 1;
    }
    if (session_key_load(db, session_key) != 0) {
        log_error("cannot load the session signing key");
        db_close(db);
        return 1;
    }
    db_close(db);
    db_pool_init(cfg->db_path);

    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* workers inherit the mask */
    signal(SIGPIPE, SIG_IGN);
    /* after the mask: a thread that does not block SIGTERM would be killed by
       (and kill the process on) a second SIGTERM during the shutdown */
    /* absolute links in emails: the base URL; without one, the address
       served (the demo's http://localhost:8080), which is right for one
       machine; a real deployment sets --base-url */
    char served[300] = "";
    if (!cfg->base_url && cfg->listen_port > 0) {
        int loopback = strcmp(cfg->listen_host, "127.0.0.1") == 0 || strcmp(cfg->listen_host, "localhost") == 0 ||
                       strcmp(cfg->listen_host, "::1") == 0;
        int any = strcmp(cfg->listen_host, "0.0.0.0") == 0 || strcmp(cfg->listen_host, "::") == 0 || !cfg->listen_host[0];
        if (loopback)
            snprintf(served, sizeof served, "http://localhost:%d", cfg->listen_port);
        else if (!any)
            snprintf(served, sizeof served, "http://%s:%d", cfg->listen_host, cfg->listen_port);
        if (served[0])
            log_warn("no --base-url: links in emails point at %s", served);
    }
    messages_set_base_url(cfg->base_url ? cfg->base_url : served);
    if (jobs_start(cfg->db_path, cfg->idle_timeout, cfg->absolute_timeout) != 0) {
        log_error("cannot start the background import runner");
        return 1;
    }
    if (sender_start(cfg->db_path) != 0) {
        log_error("cannot start the email sender: check the RISE_NOTIFY_ settings");
        jobs_stop();
        return 1;
    }

    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t sl;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (strchr(cfg->listen_host, ':')) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)cfg->listen_port);
        if (inet_pton(AF_INET6, cfg->listen_host, &s6->sin6_addr) != 1) {
            log_error("cannot listen on %s: not an address", cfg->listen_host);
            return 1;
        }
        sl = sizeof *s6;
        flags |= MHD_USE_IPv6;
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)cfg->listen_port);
        if (inet_pton(AF_INET, cfg->listen_host, &s4->sin_addr) != 1) {
            log_error("cannot listen on %s: not an IPv4 address", cfg->listen_host);
            return 1;
        }
        sl = sizeof *s4;
    }
    (void)sl;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)cfg->listen_port, NULL, NULL, on_request, (void *)cfg, MHD_OPTION_EXTERNAL_LOGGER, on_log,
        NULL, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, MHD_OPTION_CONNECTION_TIMEOUT,
        cfg->conn_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->conn_memory, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)1000, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
        MHD_OPTION_UNESCAPE_CALLBACK,
        no_unescape, NULL, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)511, MHD_OPTION_END);
    if (!d) {
        log_error("cannot listen on %s:%d: %s", cfg->listen_host, cfg->listen_port, strerror(errno));
        sender_stop();
        jobs_stop();
        db_pool_close_all();
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = info ? info->port : cfg->listen_port;
    const char *show = strchr(cfg->listen_host, ':') ? "[::1]" : cfg->listen_host;
    if (strcmp(show, "0.0.0.0") == 0 || strcmp(show, "127.0.0.1") == 0)
        show = "localhost";
    fprintf(stdout, "rise: listening on http://%s:%d/ (database %s)\n", show, port, cfg->db_path);
    fflush(stdout);

    int sig = 0;
    sigwait(&sigs, &sig);
    log_info("received %s: finishing requests in flight", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    /* refuse new connections at once (rather than queue them unanswered);
       the listening socket may only be closed after MHD_stop_daemon */
    MHD_socket listen_fd = MHD_quiesce_daemon(d);
    if (listen_fd != MHD_INVALID_SOCKET)
        shutdown(listen_fd, SHUT_RDWR);
    for (int i = 0; i < 1000 && atomic_load(&in_flight) > 0; i++)
        usleep(10000);
    MHD_stop_daemon(d);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    sender_stop();
    jobs_stop();
    db_pool_close_all();
    log_info("stopped cleanly");
    return 0;
}
