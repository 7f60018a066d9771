/*
 * fuzz_header.c - libFuzzer harness for origin_parse() / origin_equal(), the
 * Origin (and Referer) header checks behind CSRF protection. The input is
 * copied and NUL-terminated, as a header value would be.
 *
 * Invariants checked for every successful parse:
 *   - scheme is "http" or "https";
 *   - port is in 1..65535;
 *   - host is non-empty, shorter than Origin.host, lowercase printable ASCII
 *     with no '@' (no userinfo can sneak in) and nothing of the path, query
 *     or fragment; an IPv6 literal is "[...]" of hex digits, ':' and '.',
 *     and any other host has no ':';
 *   - origin_equal() is reflexive, and symmetric against a second origin
 *     parsed from the text after the first newline;
 *   - re-serialising as "scheme://host:port" and parsing again gives an
 *     equal origin.
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

static int check_origin(const char *s, Origin *o)
{
    int rc = origin_parse(s, o);
    CHECK(rc == 0 || rc == -1);
    if (rc != 0)
        return rc;
    CHECK(strcmp(o->scheme, "http") == 0 || strcmp(o->scheme, "https") == 0);
    CHECK(o->port >= 1 && o->port <= 65535);
    size_t hl = strnlen(o->host, sizeof o->host);
    CHECK(hl > 0 && hl < sizeof o->host);
    for (size_t i = 0; i < hl; i++) {
        unsigned char c = (unsigned char)o->host[i];
        CHECK(c > ' ' && c < 0x7f);
        CHECK(!(c >= 'A' && c <= 'Z'));
        CHECK(c != '@');
        /* Nothing from the path, query or fragment leaks into the host. */
        CHECK(c != '/' && c != '?' && c != '#');
    }
    if (o->host[0] == '[') { /* IPv6 literal: "[" hex/':'/'.' "]" */
        CHECK(hl >= 3 && o->host[hl - 1] == ']');
        for (size_t i = 1; i + 1 < hl; i++)
            CHECK(strchr("0123456789abcdef:.", o->host[i]) != NULL);
    } else {
        CHECK(strchr(o->host, ':') == NULL);
    }
    CHECK(origin_equal(o, o));

    char again[sizeof o->host + 32];
    snprintf(again, sizeof again, "%s://%s:%d", o->scheme, o->host, o->port);
    Origin o2;
    CHECK(origin_parse(again, &o2) == 0);
    CHECK(origin_equal(o, &o2) && origin_equal(&o2, o));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    CHECK(s != NULL);
    memcpy(s, data, size);
    s[size] = '\0';

    Origin a, b;
    int ra = check_origin(s, &a);

    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        int rb = check_origin(nl + 1, &b);
        if (ra == 0 && rb == 0)
            CHECK(origin_equal(&a, &b) == origin_equal(&b, &a));
    }
    free(s);
    return 0;
}
