/*
 * fuzz_totp.c - libFuzzer harness for what two-factor sign-in reads from
 * people: base32 setup keys (base32_decode) and typed codes (totp_classify,
 * totp_check).
 *
 * Invariants: decoding never writes past its buffer and gives at most 5
 * bytes per 8 characters; what decodes encodes and decodes back to the same
 * bytes; a classified code is terminated, shorter than its buffer and, as a
 * TOTP code, 6 digits; totp_check gives 0, -1 or a step within one of now.
 *
 * Build and run with tools/fuzz.sh.
 */
#include "domain/totp.h"

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

    unsigned char bin[64];
    size_t n = 0;
    if (base32_decode(s, bin, sizeof bin, &n) == 0) {
        CHECK(n <= sizeof bin);
        CHECK(n <= (strlen(s) * 5) / 8);
        char again[(sizeof bin + 4) / 5 * 8 + 1];
        CHECK(base32_encode(bin, n, again, sizeof again) == 0);
        unsigned char back[64];
        size_t m = 0;
        CHECK(base32_decode(again, back, sizeof back, &m) == 0);
        CHECK(m == n && memcmp(back, bin, n) == 0);
    }

    char code[32];
    int kind = totp_classify(s, code, sizeof code);
    CHECK(kind >= 0 && kind <= 2);
    if (kind) {
        CHECK(strlen(code) < sizeof code);
        if (kind == 1)
            CHECK(strlen(code) == TOTP_DIGITS && strspn(code, "0123456789") == TOTP_DIGITS);
    }
    static const unsigned char SECRET[] = "12345678901234567890";
    int64_t now = 1700000000, step = totp_step(now);
    int64_t got = totp_check(SECRET, 20, s, now, 0);
    CHECK(got == 0 || got == -1 || (got >= step - 1 && got <= step + 1));
    free(s);
    return 0;
}
