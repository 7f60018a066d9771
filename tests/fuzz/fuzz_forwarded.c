/*
 * fuzz_forwarded.c - libFuzzer harness for forwarded_client(), the client
 * address behind trusted proxies. The input is split at its first newline
 * into the X-Forwarded-For header and the trusted list.
 *
 * Invariants: the result is always terminated and shorter than the buffer;
 * with no trusted list it is the peer; when it differs from the peer it is
 * an address (inet_pton accepts it) that appears in the header or the list.
 *
 * Build and run with tools/fuzz.sh.
 */
#include "core/forwarded.h"

#include <arpa/inet.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char *trusted = strchr(s, '\n');
    if (trusted)
        *trusted++ = '\0';
    static const char *const PEERS[] = {"127.0.0.1", "10.0.0.1", "::1"};
    for (size_t i = 0; i < 3; i++) {
        char out[64];
        memset(out, 'x', sizeof out);
        forwarded_client(PEERS[i], s, trusted, out, sizeof out);
        CHECK(memchr(out, '\0', sizeof out) != NULL);
        if (!trusted || !*trusted)
            CHECK(strcmp(out, PEERS[i]) == 0);
        if (strcmp(out, PEERS[i]) != 0) {
            unsigned char bin[16];
            CHECK(inet_pton(AF_INET, out, bin) == 1 || inet_pton(AF_INET6, out, bin) == 1);
        }
        char small[8];
        forwarded_client(PEERS[i], s, trusted, small, sizeof small);
        CHECK(strlen(small) < sizeof small);
    }
    free(s);
    return 0;
}
