/*
 * kv.h - parsers for what arrives in a request: query strings, urlencoded
 * form bodies, Cookie headers and Origin headers.
 *
 * Every parser here is pure (no I/O, no globals), bounded, and fuzzed
 * (tests/fuzz/). Form values are checked for well-formed percent-encoding
 * and valid UTF-8 so that handlers only ever see clean text.
 */
#ifndef RISE_KV_H
#define RISE_KV_H

#include <stddef.h>

typedef struct KV {
    char *key;
    char *val;
} KV;

typedef struct KVList {
    KV *items;
    size_t n;
    size_t cap;
} KVList;

enum {
    KV_OK = 0,
    KV_BAD_ENCODING = -1, /* a '%' not followed by two hex digits */
    KV_BAD_UTF8 = -2,     /* decoded bytes are not valid UTF-8, or contain NUL */
    KV_TOO_MANY = -3,     /* more than KV_MAX_FIELDS pairs */
};

#define KV_MAX_FIELDS 1000

void kv_init(KVList *l);
void kv_free(KVList *l);
void kv_add(KVList *l, const char *key, const char *val);
/* First value for key, or NULL. */
const char *kv_get(const KVList *l, const char *key);
/* Number of values for key (checkbox groups repeat a name). */
size_t kv_count(const KVList *l, const char *key);
/* The i-th value for key (0-based), or NULL. */
const char *kv_get_nth(const KVList *l, const char *key, size_t i);

/*
 * Parses application/x-www-form-urlencoded text (query strings and form
 * bodies): '&'-separated pairs, '+' means space, a pair without '=' has an
 * empty value (it is kept, unlike libmicrohttpd's post processor), empty
 * pairs are skipped. Returns KV_OK or a negative KV_* code; on error the list
 * holds whatever parsed before the bad pair.
 */
int kv_parse_urlencoded(KVList *l, const char *s, size_t n);

/* Parses a Cookie header ("a=1; b=2"). Malformed pairs are skipped. */
void kv_parse_cookies(KVList *l, const char *header);

/*
 * Percent-decodes s[0..n) into a new NUL-terminated string (*out, caller
 * frees). plus_is_space turns '+' into ' '. Returns KV_OK, KV_BAD_ENCODING or
 * KV_BAD_UTF8.
 */
int percent_decode(const char *s, size_t n, int plus_is_space, char **out);

/* 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates or NUL). */
int utf8_valid(const char *s, size_t n);

/*
 * Splits an origin ("https://host:port" or a full URL) into its scheme,
 * host and port (the default port of the scheme when absent). Returns 0, or
 * -1 when the text is not an http(s) origin. Host is lowercased.
 */
typedef struct Origin {
    char scheme[8];
    char host[256];
    int port;
} Origin;
int origin_parse(const char *s, Origin *o);
int origin_equal(const Origin *a, const Origin *b);

#endif
