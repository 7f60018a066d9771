/*
 * http.h - what a page handler sees: the request (already parsed, with the
 * session and signed-in user resolved and the CSRF token checked) and the
 * response it fills in. server.c owns the libmicrohttpd glue; pages never
 * touch libmicrohttpd.
 */
#ifndef RISE_HTTP_H
#define RISE_HTTP_H

#include "core/kv.h"
#include "domain/access.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/sessions.h"
#include "store/users.h"
#include "web/html.h"

#include <stddef.h>
#include <stdint.h>

typedef struct Config {
    const char *db_path;
    char listen_host[256];
    int listen_port;
    const char *base_url; /* NULL: use the Host header */
    Origin base_origin;
    int https;                /* base URL is https: Secure cookies, HSTS */
    int64_t idle_timeout;     /* seconds, default 3600 */
    int64_t absolute_timeout; /* seconds, default 12 hours */
    size_t body_limit;        /* bytes, default 1 MiB */
    size_t upload_limit;      /* bytes for a file upload (streamed to disk), default 256 MiB */
    unsigned upload_slots;    /* uploads streaming at once, default 2; more get 503 */
    uint64_t upload_reserve;  /* bytes the upload folder's disk keeps free, default 512 MiB; else 507 */
    unsigned threads;
    unsigned conn_timeout;    /* seconds of inactivity before a connection is closed */
    size_t conn_memory;       /* libmicrohttpd's memory per connection: must hold the request head */
    const char *trusted_proxies; /* comma-separated proxy addresses whose X-Forwarded-For is believed; NULL: none */
} Config;

void config_defaults(Config *c);

/* The paths that accept multipart/form-data file uploads: reference data
   (up to Config.upload_limit) and a capacity survey (up to
   Config.body_limit: a survey is small, and is imported on the request). */
#define UPLOAD_PATH "/imports/new"
#define SURVEY_UPLOAD_PATH "/providers/import"

#define MAX_ROUTE_PARAMS 4

typedef struct Req {
    const Config *cfg;
    const char *method;
    char *path; /* percent-decoded */
    KVList query;
    KVList form; /* POST bodies (urlencoded) */
    KVList cookies;
    Db *db;
    int64_t now;
    char ip[64];

    int has_session;
    Session session;
    int session_expired; /* a signed-in session ended by a timeout on this request */
    int signed_in;
    /* the password was right, the second factor is still to come: 1 a code,
       2 setting it up (r->user and r->actor are that person; r->who is no
       one, so authorise() lets them reach public pages only) */
    int half_signed_in;
    User user;
    Principal who;
    Actor actor;
    char actor_label[512];

    const char *params[MAX_ROUTE_PARAMS];
    int nparams;

    int prelogin; /* the session is a signed pre-login cookie, not a row */

    /* set by handlers that replace the session (sign-in, sign-out) */
    char new_session_token[PRELOGIN_TOKEN_MAX];
    int clear_session_cookie;
    char *flash; /* message to show once, taken from the session */

    /* a file uploaded to an upload path (multipart/form-data), streamed to disk;
       a handler that keeps it renames it and sets upload_path to NULL,
       otherwise it is deleted when the request ends */
    char *upload_path;
    char *upload_name; /* the file name the browser sent (no folders) */
    size_t upload_size;

    struct MHD_Connection *conn_;
    KVList scratch_; /* strings handed out by req_form */
} Req;

typedef struct RespHeader {
    char *name;
    char *value;
} RespHeader;

typedef struct Resp {
    int status;
    Html html;              /* the page */
    const char *content_type; /* default text/html */
    const char *raw;        /* a non-HTML body that outlives the response (assets) */
    size_t raw_len;
    Buf text;               /* a non-HTML body built for this response */
    int use_text;
    const char *cache_control; /* default "no-store" */
    RespHeader headers[8];
    int nheaders;
} Resp;

/* A request header's value (case-insensitive name), or NULL. */
const char *req_header(const Req *r, const char *name);
/* A route parameter ({id} in the pattern), or "" when absent. */
const char *req_param(const Req *r, int i);
/* A form value with surrounding whitespace removed (the request owns the
   copy), or "" when absent. */
const char *req_form(Req *r, const char *name);
/* A form value exactly as sent (passwords), or "" when absent. */
const char *req_form_raw(const Req *r, const char *name);
/* A query value, or "" when absent. */
const char *req_query(const Req *r, const char *name);
/* The CSRF token to put in forms. */
const char *req_csrf(const Req *r);
/* Stores a message to show on the next page the user sees. */
void req_flash(Req *r, const char *message);
/* The same with a link after the message ("View the case"): the three parts
   are kept in one flash, split by FLASH_LINK_SEP (a character no one types). */
#define FLASH_LINK_SEP "\x1f"
void req_flash_link(Req *r, const char *message, const char *link_text, const char *href);
/* Gives a visitor who has no session a signed pre-login cookie (no database
   write), so that the sign-in form can carry a CSRF token. */
void req_prelogin_start(Req *r);

void resp_header(Resp *w, const char *name, const char *value);
/* 303 See Other to a path on this site. */
void resp_redirect(Resp *w, const char *location);
/* A plain-text body. */
void resp_text(Resp *w, int status, const char *text);
/* A body of bytes of a content type (a PDF), copied. */
void resp_bytes(Resp *w, int status, const char *content_type, const void *data, size_t len);

#endif
