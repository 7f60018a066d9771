/*
 * fuzz_query.c - libFuzzer harness for kv_parse_urlencoded() as it is used on
 * query strings: the input bytes are the raw text after '?'.
 *
 * Invariants checked after every parse:
 *   - the return code is one of the KV_* codes;
 *   - the list never holds more than KV_MAX_FIELDS pairs;
 *   - every key and value is valid UTF-8 per utf8_valid() (so, among other
 *     things, free of NUL bytes and of overlongs/surrogates);
 *   - a successful parse yields exactly one pair per non-empty '&'-separated
 *     segment, and kv_get_nth() finds every pair under its own key.
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

/* Number of non-empty '&'-separated segments in s[0..n). */
static size_t count_segments(const char *s, size_t n)
{
    size_t c = 0, len = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&') {
            c += len > 0;
            len = 0;
        } else {
            len++;
        }
    }
    return c + (len > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    KVList l;
    kv_init(&l);
    int rc = kv_parse_urlencoded(&l, s, size);
    CHECK(rc == KV_OK || rc == KV_BAD_ENCODING || rc == KV_BAD_UTF8 || rc == KV_TOO_MANY);
    CHECK(l.n <= KV_MAX_FIELDS);
    CHECK(l.n <= l.cap || l.n == 0);

    for (size_t i = 0; i < l.n; i++) {
        const char *k = l.items[i].key, *v = l.items[i].val;
        CHECK(k != NULL && v != NULL);
        CHECK(utf8_valid(k, strlen(k)));
        CHECK(utf8_valid(v, strlen(v)));
        /* Decoding never grows text, so nothing can be longer than the input. */
        CHECK(strlen(k) <= size && strlen(v) <= size);
    }

    if (rc == KV_OK) {
        CHECK(l.n == count_segments(s, size));
        /* Every pair is reachable through the lookup API, in order (the
         * check is quadratic, so only the first pairs of big inputs). */
        for (size_t i = 0; i < l.n && i < 128; i++) {
            size_t before = 0;
            for (size_t j = 0; j < i; j++)
                before += strcmp(l.items[j].key, l.items[i].key) == 0;
            CHECK(kv_get_nth(&l, l.items[i].key, before) == l.items[i].val);
            CHECK(kv_count(&l, l.items[i].key) > before);
        }
    } else if (rc == KV_TOO_MANY) {
        CHECK(l.n == KV_MAX_FIELDS);
    }

    kv_free(&l);
    CHECK(l.n == 0 && l.items == NULL);
    return 0;
}
