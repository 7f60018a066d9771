/*
 * fuzz_jwt.c - libFuzzer harness for notify_jwt_check(), the stand-in
 * Notify's check of a bearer token (untrusted input: anyone who can reach
 * the stand-in sends one), and notify_parse_key() on the same bytes.
 *
 * Invariants: no crash, leak or undefined behaviour; `why` is always a
 * terminated, non-empty sentence when the check fails; a key that parses
 * yields two UUIDs. (A token passes only when signed with the secret,
 * which random input can do only by forging HMAC-SHA-256; the unit test
 * checks the signature itself.)
 *
 * Build and run with tools/fuzz.sh jwt.
 */
#include "notify/notify.h"

#include <sodium.h>
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

#define SERVICE "26785a09-ab16-4eb0-8407-a37497a57506"
#define SECRET "3d844edf-8d35-48ac-975b-e847b4f122b0"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        if (sodium_init() < 0)
            abort();
        ready = 1;
    }
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    char why[200];
    why[0] = 'x';
    int rc = notify_jwt_check(s, SERVICE, SECRET, 1577836800, why, sizeof why);
    if (rc != 0)
        CHECK(memchr(why, '\0', sizeof why) != NULL && why[0] != '\0');
    else
        CHECK(strchr(s, '.') != NULL);
    char sid[37], sec[37];
    if (notify_parse_key(s, sid, sec) == 0)
        CHECK(notify_is_uuid(sid) && notify_is_uuid(sec));
    free(s);
    return 0;
}
