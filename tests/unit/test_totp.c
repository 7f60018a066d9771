/*
 * test_totp.c - two-factor rules: RFC 6238 TOTP vectors (over liboath's
 * HMAC-SHA1, checked here with RFC 2202's HMAC-SHA1 vectors through HOTP's
 * RFC 4226 table), base32 (RFC 4648), the otpauth address, the ±1 step
 * window, replay refusal and who must use two-factor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/totp.h"

#include <string.h>

static const unsigned char RFC_SECRET[] = "12345678901234567890";

/* RFC 4226 Appendix D: HOTP values 0..9 of the same secret (HMAC-SHA1,
   dynamic truncation): the HMAC underneath is right */
static void hotp_rfc4226_vectors(void **state)
{
    (void)state;
    static const char *want[] = {"755224", "287082", "359152", "969429", "338314",
                                 "254676", "287922", "162583", "399871", "520489"};
    for (int i = 0; i < 10; i++) {
        char got[9];
        assert_int_equal(totp_code(RFC_SECRET, 20, i, 6, got), 0);
        assert_string_equal(got, want[i]);
    }
}

/* RFC 6238 Appendix B, the SHA1 rows (8 digits) */
static void totp_rfc6238_vectors(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        const char *code;
    } v[] = {{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
             {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000LL, "65353130"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char got[9];
        assert_int_equal(totp_code(RFC_SECRET, 20, totp_step(v[i].t), 8, got), 0);
        assert_string_equal(got, v[i].code);
    }
    assert_int_equal(totp_step(59), 1);
    assert_int_equal(totp_step(60), 2);
}

/* RFC 4648 section 10 */
static void base32_rfc4648_vectors(void **state)
{
    (void)state;
    static const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *out[] = {"", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======"};
    for (int i = 0; i < 7; i++) {
        char b[32];
        assert_int_equal(base32_encode((const unsigned char *)in[i], strlen(in[i]), b, sizeof b), 0);
        assert_string_equal(b, out[i]);
        unsigned char d[16];
        size_t n = 99;
        assert_int_equal(base32_decode(out[i], d, sizeof d, &n), 0);
        assert_int_equal(n, strlen(in[i]));
        assert_memory_equal(d, in[i], n);
    }
    /* typed as grouped, lower case, without padding */
    unsigned char d[16];
    size_t n;
    assert_int_equal(base32_decode("mzxw 6ytb-oi", d, sizeof d, &n), 0);
    assert_int_equal(n, 6);
    assert_memory_equal(d, "foobar", 6);
    assert_int_equal(base32_decode("MZ1W", d, sizeof d, &n), -1); /* 1 is not base32 */
    assert_int_equal(base32_decode("MZXW6YTBOI", d, 3, &n), -1);  /* does not fit */
    char small[8];
    assert_int_equal(base32_encode((const unsigned char *)"f", 1, small, sizeof small), -1);
}

static void secret_grouped_and_uri(void **state)
{
    (void)state;
    char b32[TOTP_SECRET_B32_MAX];
    assert_int_equal(base32_encode(RFC_SECRET, 20, b32, sizeof b32), 0);
    assert_string_equal(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    char g[80];
    totp_secret_grouped(b32, g, sizeof g);
    assert_string_equal(g, "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    char uri[300];
    assert_int_equal(totp_uri("RISE", "ann.o'brien+x@example.gov.uk", b32, uri, sizeof uri), 0);
    assert_string_equal(uri, "otpauth://totp/RISE:ann.o%27brien%2Bx%40example.gov.uk?secret="
                             "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=RISE&algorithm=SHA1&digits=6&period=30");
    assert_int_equal(totp_uri("RISE", "a@b.c", b32, uri, 40), -1);
}

/* "accept ±1 step" */
static void window_is_one_step_either_side(void **state)
{
    (void)state;
    int64_t now = 1111111111, at = totp_step(now);
    for (int64_t d = -2; d <= 2; d++) {
        char c[9];
        totp_code(RFC_SECRET, 20, at + d, 6, c);
        int64_t got = totp_check(RFC_SECRET, 20, c, now, 0);
        if (d >= -1 && d <= 1)
            assert_int_equal(got, at + d);
        else
            assert_int_equal(got, 0);
    }
    assert_int_equal(totp_check(RFC_SECRET, 20, "12345", now, 0), 0);
    assert_int_equal(totp_check(RFC_SECRET, 20, "", now, 0), 0);
}

/* "refuse a code already used in the same step" (and any earlier step) */
static void a_used_code_is_refused(void **state)
{
    (void)state;
    int64_t now = 1234567890, at = totp_step(now);
    char c[9];
    totp_code(RFC_SECRET, 20, at, 6, c);
    int64_t used = totp_check(RFC_SECRET, 20, c, now, 0);
    assert_int_equal(used, at);
    assert_int_equal(totp_check(RFC_SECRET, 20, c, now, used), -1);
    assert_int_equal(totp_check(RFC_SECRET, 20, c, now + 20, used), -1);
    /* the previous step's code is refused once a later one was used */
    char prev[9];
    totp_code(RFC_SECRET, 20, at - 1, 6, prev);
    assert_int_equal(totp_check(RFC_SECRET, 20, prev, now, used), -1);
    /* the next step's code still works */
    char next[9];
    totp_code(RFC_SECRET, 20, at + 1, 6, next);
    assert_int_equal(totp_check(RFC_SECRET, 20, next, now, used), at + 1);
}

static void codes_typed_are_classified(void **state)
{
    (void)state;
    char out[32];
    assert_int_equal(totp_classify(" 123 456 ", out, sizeof out), 1);
    assert_string_equal(out, "123456");
    assert_int_equal(totp_classify("AbCdE-fGhJk", out, sizeof out), 2);
    assert_string_equal(out, "abcdefghjk");
    assert_int_equal(totp_classify("  ", out, sizeof out), 0);
    assert_int_equal(totp_classify("1234567", out, sizeof out), 2);
    char tiny[4];
    assert_int_equal(totp_classify("123456", tiny, sizeof tiny), 0);
    unsigned char rnd[RECOVERY_CODE_LEN] = {0, 1, 2, 30, 31, 255, 100, 7, 8, 9};
    char rc[RECOVERY_CODE_LEN + 1];
    recovery_code_from_bytes(rnd, rc);
    assert_int_equal(strlen(rc), RECOVERY_CODE_LEN);
    assert_null(strpbrk(rc, "01ilo"));
}

/* "required for every role that can change a case or see more than one
   school": a school's staff now answer for their school (item 5), so every
   role can change a case and every role needs it */
static void two_factor_required_for_every_role(void **state)
{
    (void)state;
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++)
        assert_int_equal(two_factor_required((Role)r), 1);
    assert_int_equal(two_factor_required(ROLE_NONE), 0);
    assert_int_equal(two_factor_required(ROLE_SCHOOL), 1);
    assert_int_equal(two_factor_required(ROLE_DELIVERY_OFFICER), 1);
    assert_int_equal(two_factor_required(ROLE_ADMIN), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hotp_rfc4226_vectors),
        cmocka_unit_test(totp_rfc6238_vectors),
        cmocka_unit_test(base32_rfc4648_vectors),
        cmocka_unit_test(secret_grouped_and_uri),
        cmocka_unit_test(window_is_one_step_either_side),
        cmocka_unit_test(a_used_code_is_refused),
        cmocka_unit_test(codes_typed_are_classified),
        cmocka_unit_test(two_factor_required_for_every_role),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
