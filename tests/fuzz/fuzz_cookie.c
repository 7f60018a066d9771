/*
 * fuzz_cookie.c - libFuzzer harness for kv_parse_cookies(). The header parser
 * takes a C string, so the input is copied and NUL-terminated first (bytes
 * after an embedded NUL are simply never seen, as in a real header).
 *
 * Invariants checked:
 *   - at most KV_MAX_FIELDS pairs, even when parsing onto a non-empty list;
 *   - every name is non-empty, has no '=', ';', leading or trailing
 *     space/tab; no value contains ';';
 *   - names and values are substrings of the header (no bytes invented),
 *     so none is longer than it;
 *   - parsing is deterministic: a second parse gives the same pairs.
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

static int is_ws(char c)
{
    return c == ' ' || c == '\t';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *h = malloc(size + 1);
    CHECK(h != NULL);
    memcpy(h, data, size);
    h[size] = '\0';
    size_t hlen = strlen(h);

    KVList l;
    kv_init(&l);
    kv_parse_cookies(&l, h);
    CHECK(l.n <= KV_MAX_FIELDS);
    for (size_t i = 0; i < l.n; i++) {
        const char *k = l.items[i].key, *v = l.items[i].val;
        size_t kl = strlen(k), vl = strlen(v);
        CHECK(kl > 0);
        CHECK(strchr(k, '=') == NULL && strchr(k, ';') == NULL);
        CHECK(!is_ws(k[0]) && !is_ws(k[kl - 1]));
        CHECK(strchr(v, ';') == NULL);
        CHECK(kl + vl < hlen); /* at least the '=' separates them */
        CHECK(strstr(h, k) != NULL);
        CHECK(strstr(h, v) != NULL);
    }

    /* Same header again: identical pairs, appended after the first batch
     * (up to the cap, which counts the list's existing entries). */
    size_t first = l.n;
    kv_parse_cookies(&l, h);
    CHECK(l.n <= KV_MAX_FIELDS);
    CHECK(l.n == (2 * first < KV_MAX_FIELDS ? 2 * first : KV_MAX_FIELDS));
    for (size_t i = first; i < l.n; i++) {
        CHECK(strcmp(l.items[i].key, l.items[i - first].key) == 0);
        CHECK(strcmp(l.items[i].val, l.items[i - first].val) == 0);
    }

    kv_free(&l);
    free(h);
    return 0;
}
