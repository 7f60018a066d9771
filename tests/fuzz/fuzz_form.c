/*
 * fuzz_form.c - libFuzzer harness for the urlencoded parser as it is used on
 * application/x-www-form-urlencoded request bodies, and for percent_decode()
 * on its own, with and without '+'-as-space.
 *
 * Invariants checked:
 *   - kv_parse_urlencoded(): known return code, at most KV_MAX_FIELDS pairs,
 *     every key and value valid UTF-8 per utf8_valid();
 *   - round trip: re-encoding the parsed pairs (every byte but unreserved
 *     ASCII as %XX) and parsing again gives back the very same pairs;
 *   - percent_decode(): '+' handling never changes the verdict, both modes
 *     produce output of the same length that differs only where one has '+'
 *     and the other ' '; output is valid UTF-8, never longer than the input,
 *     and *out is NULL exactly when the call fails.
 *
 * Build and run with tools/fuzz.sh.
 */
#include "core/kv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                   \
        }                                                                              \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

/* Appends s percent-encoded at d (which has room for 3 * strlen(s)). */
static size_t encode(char *d, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t j = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (unreserved(*p)) {
            d[j++] = (char)*p;
        } else if (*p == ' ') {
            d[j++] = '+';
        } else {
            d[j++] = '%';
            d[j++] = hex[*p >> 4];
            d[j++] = hex[*p & 15];
        }
    }
    return j;
}

static void check_roundtrip(const KVList *l)
{
    size_t cap = 1;
    for (size_t i = 0; i < l->n; i++)
        cap += 3 * (strlen(l->items[i].key) + strlen(l->items[i].val)) + 2;
    char *buf = malloc(cap);
    CHECK(buf != NULL);
    size_t len = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            buf[len++] = '&';
        len += encode(buf + len, l->items[i].key);
        buf[len++] = '=';
        len += encode(buf + len, l->items[i].val);
    }
    CHECK(len < cap);

    KVList again;
    kv_init(&again);
    CHECK(kv_parse_urlencoded(&again, buf, len) == KV_OK);
    /* "=" alone (empty key and value) is a pair, so the counts match exactly. */
    CHECK(again.n == l->n);
    for (size_t i = 0; i < l->n; i++) {
        CHECK(strcmp(again.items[i].key, l->items[i].key) == 0);
        CHECK(strcmp(again.items[i].val, l->items[i].val) == 0);
    }
    kv_free(&again);
    free(buf);
}

static void check_decode(const char *s, size_t n)
{
    char *raw = (char *)1, *plus = (char *)1;
    int rc_raw = percent_decode(s, n, 0, &raw);
    int rc_plus = percent_decode(s, n, 1, &plus);
    CHECK(rc_raw == KV_OK || rc_raw == KV_BAD_ENCODING || rc_raw == KV_BAD_UTF8);
    CHECK(rc_raw == rc_plus);
    CHECK((rc_raw == KV_OK) == (raw != NULL));
    CHECK((rc_plus == KV_OK) == (plus != NULL));
    if (rc_raw == KV_OK) {
        size_t lr = strlen(raw), lp = strlen(plus);
        CHECK(lr == lp);
        CHECK(lr <= n);
        CHECK(utf8_valid(raw, lr) && utf8_valid(plus, lp));
        for (size_t i = 0; i < lr; i++)
            CHECK(raw[i] == plus[i] || (raw[i] == '+' && plus[i] == ' '));
    }
    free(raw);
    free(plus);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    KVList l;
    kv_init(&l);
    int rc = kv_parse_urlencoded(&l, s, size);
    CHECK(rc == KV_OK || rc == KV_BAD_ENCODING || rc == KV_BAD_UTF8 || rc == KV_TOO_MANY);
    CHECK(l.n <= KV_MAX_FIELDS);
    for (size_t i = 0; i < l.n; i++) {
        CHECK(utf8_valid(l.items[i].key, strlen(l.items[i].key)));
        CHECK(utf8_valid(l.items[i].val, strlen(l.items[i].val)));
    }
    if (rc == KV_OK)
        check_roundtrip(&l);
    kv_free(&l);

    check_decode(s, size);
    return 0;
}
