/*
 * test_kv.c - unit tests for src/core/kv.c: the KVList helpers, the
 * urlencoded (query/form) parser, percent-decoding, UTF-8 validation, the
 * Cookie header parser and Origin parsing/comparison.
 *
 * Build standalone:
 *   gcc -std=gnu17 -Wall -Wextra -Isrc src/core/buf.c src/core/kv.c \
 *       tests/unit/test_kv.c -lcmocka -o /tmp/test_kv && /tmp/test_kv
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/kv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ----------------------------------------------------------- */

/* Parses a NUL-terminated literal as urlencoded text. */
static int parse_str(KVList *l, const char *s)
{
    return kv_parse_urlencoded(l, s, strlen(s));
}

/* Parses s and expects exactly rc with an empty resulting list. */
static void expect_parse_fails(const char *s, int rc)
{
    KVList l;
    kv_init(&l);
    int got = parse_str(&l, s);
    if (got != rc)
        fail_msg("parsing \"%s\": expected %d, got %d", s, rc, got);
    kv_free(&l);
}

/* Decodes a literal with '+' as space; expects rc, and want when KV_OK. */
static void expect_decode(const char *s, int plus, int rc, const char *want)
{
    char *out = (char *)0x1; /* must be overwritten either way */
    int got = percent_decode(s, strlen(s), plus, &out);
    if (got != rc)
        fail_msg("decoding \"%s\": expected %d, got %d", s, rc, got);
    if (rc == KV_OK) {
        assert_non_null(out);
        assert_string_equal(out, want);
        free(out);
    } else {
        assert_null(out);
    }
}

/* ---- KVList ------------------------------------------------------------ */

static void test_list_empty(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(l.n, 0);
    assert_null(kv_get(&l, "a"));
    assert_int_equal(kv_count(&l, "a"), 0);
    assert_null(kv_get_nth(&l, "a", 0));
    kv_free(&l);
    assert_null(l.items);
    assert_int_equal(l.n, 0);
    assert_int_equal(l.cap, 0);
}

static void test_list_add_get(void **state)
{
    KVList l;
    kv_init(&l);
    char key[] = "name", val[] = "value";
    kv_add(&l, key, val);
    /* kv_add copies: changing the caller's buffers does not affect the list. */
    key[0] = 'X';
    val[0] = 'X';
    assert_string_equal(kv_get(&l, "name"), "value");
    assert_null(kv_get(&l, "Name")); /* keys are case-sensitive */
    assert_null(kv_get(&l, "nam"));
    assert_null(kv_get(&l, "names"));
    kv_add(&l, "", "empty-key");
    assert_string_equal(kv_get(&l, ""), "empty-key");
    kv_free(&l);
    assert_int_equal(l.n, 0);
}

static void test_list_repeated_keys(void **state)
{
    KVList l;
    kv_init(&l);
    kv_add(&l, "tag", "a");
    kv_add(&l, "other", "x");
    kv_add(&l, "tag", "b");
    kv_add(&l, "tag", "c");
    assert_int_equal(kv_count(&l, "tag"), 3);
    assert_int_equal(kv_count(&l, "other"), 1);
    assert_int_equal(kv_count(&l, "none"), 0);
    assert_string_equal(kv_get(&l, "tag"), "a");
    assert_string_equal(kv_get_nth(&l, "tag", 0), "a");
    assert_string_equal(kv_get_nth(&l, "tag", 1), "b");
    assert_string_equal(kv_get_nth(&l, "tag", 2), "c");
    assert_null(kv_get_nth(&l, "tag", 3));
    assert_null(kv_get_nth(&l, "tag", (size_t)-1));
    assert_string_equal(kv_get_nth(&l, "other", 0), "x");
    assert_null(kv_get_nth(&l, "other", 1));
    kv_free(&l);
}

static void test_list_grows(void **state)
{
    KVList l;
    kv_init(&l);
    char k[32], v[32];
    for (int i = 0; i < 100; i++) {
        snprintf(k, sizeof k, "k%d", i);
        snprintf(v, sizeof v, "v%d", i);
        kv_add(&l, k, v);
    }
    assert_int_equal(l.n, 100);
    assert_true(l.cap >= 100);
    assert_string_equal(kv_get(&l, "k0"), "v0");
    assert_string_equal(kv_get(&l, "k57"), "v57");
    assert_string_equal(kv_get(&l, "k99"), "v99");
    kv_free(&l);
}

/* ---- kv_parse_urlencoded: structure ------------------------------------ */

static void test_urlenc_basic(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "a=1&b=two&c=3"), KV_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[0].key, "a");
    assert_string_equal(l.items[0].val, "1");
    assert_string_equal(kv_get(&l, "b"), "two");
    assert_string_equal(kv_get(&l, "c"), "3");
    kv_free(&l);
}

static void test_urlenc_plus_is_space(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "full+name=Ada+Lovelace&q=a%2Bb&sp=%20x+"), KV_OK);
    assert_string_equal(kv_get(&l, "full name"), "Ada Lovelace");
    assert_string_equal(kv_get(&l, "q"), "a+b"); /* %2B is a literal plus */
    assert_string_equal(kv_get(&l, "sp"), " x ");
    assert_null(kv_get(&l, "full+name"));
    kv_free(&l);
}

static void test_urlenc_key_without_equals(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "flag&a=1&other"), KV_OK);
    assert_int_equal(l.n, 3);
    assert_non_null(kv_get(&l, "flag"));
    assert_string_equal(kv_get(&l, "flag"), "");
    assert_string_equal(kv_get(&l, "other"), "");
    assert_string_equal(kv_get(&l, "a"), "1");
    kv_free(&l);
}

static void test_urlenc_empty_value_and_key(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "a=&=v&="), KV_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(kv_get(&l, "a"), "");
    assert_string_equal(kv_get_nth(&l, "", 0), "v");
    assert_string_equal(kv_get_nth(&l, "", 1), "");
    kv_free(&l);
}

static void test_urlenc_value_with_equals(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "expr=a=b==c&tok=abc%3D%3D"), KV_OK);
    assert_string_equal(kv_get(&l, "expr"), "a=b==c");
    assert_string_equal(kv_get(&l, "tok"), "abc==");
    kv_free(&l);
}

static void test_urlenc_empty_pairs_skipped(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "&&a=1&&&b=2&"), KV_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(kv_get(&l, "a"), "1");
    assert_string_equal(kv_get(&l, "b"), "2");
    kv_free(&l);

    kv_init(&l);
    assert_int_equal(parse_str(&l, ""), KV_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(parse_str(&l, "&"), KV_OK);
    assert_int_equal(parse_str(&l, "&&&&"), KV_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(kv_parse_urlencoded(&l, NULL, 0), KV_OK);
    assert_int_equal(l.n, 0);
    kv_free(&l);
}

static void test_urlenc_repeated_keys(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "c=red&size=m&c=green&c=blue&c"), KV_OK);
    assert_int_equal(kv_count(&l, "c"), 4);
    assert_int_equal(kv_count(&l, "size"), 1);
    assert_string_equal(kv_get(&l, "c"), "red");
    assert_string_equal(kv_get_nth(&l, "c", 1), "green");
    assert_string_equal(kv_get_nth(&l, "c", 2), "blue");
    assert_string_equal(kv_get_nth(&l, "c", 3), "");
    assert_null(kv_get_nth(&l, "c", 4));
    kv_free(&l);
}

static void test_urlenc_respects_length(void **state)
{
    /* Only s[0..n) is parsed; no NUL terminator is needed or looked for. */
    const char raw[] = {'a', '=', '1', '&', 'b', '=', '2', '%', 'z'};
    KVList l;
    kv_init(&l);
    assert_int_equal(kv_parse_urlencoded(&l, raw, 5), KV_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(kv_get(&l, "a"), "1");
    assert_string_equal(kv_get(&l, "b"), "");
    kv_free(&l);

    /* The same bytes up to "%" (no hex digits) are malformed. */
    kv_init(&l);
    assert_int_equal(kv_parse_urlencoded(&l, raw, 8), KV_BAD_ENCODING);
    kv_free(&l);
}

static void test_urlenc_appends_to_list(void **state)
{
    KVList l;
    kv_init(&l);
    kv_add(&l, "pre", "x");
    assert_int_equal(parse_str(&l, "a=1"), KV_OK);
    assert_int_equal(parse_str(&l, "a=2"), KV_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(kv_get(&l, "pre"), "x");
    assert_int_equal(kv_count(&l, "a"), 2);
    kv_free(&l);
}

/* ---- kv_parse_urlencoded: percent-encoding errors ---------------------- */

static void test_urlenc_bad_percent(void **state)
{
    static const char *bad[] = {
        /* at the end of a value */
        "a=%", "a=%4", "a=%zz", "a=%4z", "a=%z4", "a=1%", "a=1%2",
        /* in the middle of a value */
        "a=%&b=1", "a=%4&b=1", "a=%zzok&b=1", "a=x%gy", "a=%%41",
        /* in keys */
        "%=1", "%4=1", "%zz=1", "k%=1", "k%4", "%", "%4", "%zz",
        /* signs and spaces are not hex digits */
        "a=%+1", "a=%-1", "a=% 1", "a=%0x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_parse_fails(bad[i], KV_BAD_ENCODING);
}

static void test_urlenc_error_keeps_earlier_pairs(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "a=1&b=2&c=%zz&d=4"), KV_BAD_ENCODING);
    assert_int_equal(l.n, 2);
    assert_string_equal(kv_get(&l, "a"), "1");
    assert_string_equal(kv_get(&l, "b"), "2");
    assert_null(kv_get(&l, "c"));
    assert_null(kv_get(&l, "d"));
    kv_free(&l);

    kv_init(&l);
    assert_int_equal(parse_str(&l, "a=1&b=%C3%28"), KV_BAD_UTF8);
    assert_int_equal(l.n, 1);
    assert_null(kv_get(&l, "b"));
    kv_free(&l);
}

static void test_urlenc_hex_case(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "u=%2f%2F&e=%c3%a9&E=%C3%A9&m=%c3%A9"), KV_OK);
    assert_string_equal(kv_get(&l, "u"), "//");
    assert_string_equal(kv_get(&l, "e"), "\xC3\xA9");
    assert_string_equal(kv_get(&l, "E"), "\xC3\xA9");
    assert_string_equal(kv_get(&l, "m"), "\xC3\xA9");
    kv_free(&l);
}

/* ---- kv_parse_urlencoded: UTF-8 ---------------------------------------- */

static void test_urlenc_bad_utf8(void **state)
{
    static const char *bad[] = {
        "a=%00",                /* encoded NUL */
        "a=x%00y",              /* encoded NUL in the middle */
        "%00=1",                /* encoded NUL in a key */
        "a=%C0%80",             /* overlong NUL */
        "a=%C1%BF",             /* overlong 2-byte */
        "a=%E0%80%80",          /* overlong 3-byte */
        "a=%E0%9F%BF",          /* overlong 3-byte (U+07FF) */
        "a=%F0%80%80%80",       /* overlong 4-byte */
        "a=%F0%8F%BF%BF",       /* overlong 4-byte (U+FFFF) */
        "a=%ED%A0%80",          /* high surrogate U+D800 */
        "a=%ED%BF%BF",          /* low surrogate U+DFFF */
        "a=%ED%A0%BD%ED%B8%80", /* CESU-8 surrogate pair */
        "a=%F4%90%80%80",       /* U+110000, beyond Unicode */
        "a=%F5%80%80%80",       /* lead byte F5 */
        "a=%F8%88%80%80%80",    /* 5-byte sequence */
        "a=%FC%84%80%80%80%80", /* 6-byte sequence */
        "a=%FE", "a=%FF",       /* never valid */
        "a=%80",                /* lone continuation byte */
        "a=x%BFy",              /* lone continuation byte in the middle */
        "a=%C3",                /* truncated 2-byte at end */
        "a=%C3x",               /* truncated 2-byte, then ASCII */
        "a=%C3%28",             /* bad continuation */
        "a=%E2%82",             /* truncated 3-byte (euro) */
        "a=%E2%82&b=%AC",       /* truncated sequence split across pairs */
        "a=%E2x%AC",            /* interrupted 3-byte */
        "a=%F0%9F%98",          /* truncated 4-byte (emoji) */
        "a=%F0%9F",             /* truncated 4-byte */
        "a=%F0",                /* lone 4-byte lead */
        "a=%C3%A9%C3",          /* valid then truncated */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_parse_fails(bad[i], KV_BAD_UTF8);
}

static void test_urlenc_raw_bytes_validated(void **state)
{
    /* Bytes that arrive unencoded are validated just like decoded ones. */
    expect_parse_fails("a=\xC0\x80", KV_BAD_UTF8);
    expect_parse_fails("a=\xED\xA0\x80", KV_BAD_UTF8);
    expect_parse_fails("\xFF=1", KV_BAD_UTF8);

    const char with_nul[] = {'a', '=', 'x', '\0', 'y'};
    KVList l;
    kv_init(&l);
    assert_int_equal(kv_parse_urlencoded(&l, with_nul, sizeof with_nul), KV_BAD_UTF8);
    kv_free(&l);

    kv_init(&l);
    assert_int_equal(parse_str(&l, "caf\xC3\xA9=\xE2\x82\xAC"), KV_OK);
    assert_string_equal(kv_get(&l, "caf\xC3\xA9"), "\xE2\x82\xAC");
    kv_free(&l);
}

static void test_urlenc_valid_multibyte(void **state)
{
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, "e=%C3%A9"                 /* é  U+00E9 */
                                   "&euro=%E2%82%AC"          /* €  U+20AC */
                                   "&emoji=%F0%9F%98%80"      /* 😀 U+1F600 */
                                   "&mix=caf%C3%A9+%E2%82%AC" /* café € */
                                   "&min2=%C2%80"             /* U+0080 */
                                   "&min3=%E0%A0%80"          /* U+0800 */
                                   "&max3=%EF%BF%BF"          /* U+FFFF */
                                   "&pre=%ED%9F%BF"           /* U+D7FF */
                                   "&post=%EE%80%80"          /* U+E000 */
                                   "&min4=%F0%90%80%80"       /* U+10000 */
                                   "&max4=%F4%8F%BF%BF"       /* U+10FFFF */
                                   "&%E2%9C%93=yes"           /* ✓ as a key */
                                   "&del=%7F"),               /* DEL is ASCII */
                     KV_OK);
    assert_int_equal(l.n, 13);
    assert_string_equal(kv_get(&l, "e"), "\xC3\xA9");
    assert_string_equal(kv_get(&l, "euro"), "\xE2\x82\xAC");
    assert_string_equal(kv_get(&l, "emoji"), "\xF0\x9F\x98\x80");
    assert_string_equal(kv_get(&l, "mix"), "caf\xC3\xA9 \xE2\x82\xAC");
    assert_string_equal(kv_get(&l, "min2"), "\xC2\x80");
    assert_string_equal(kv_get(&l, "min3"), "\xE0\xA0\x80");
    assert_string_equal(kv_get(&l, "max3"), "\xEF\xBF\xBF");
    assert_string_equal(kv_get(&l, "pre"), "\xED\x9F\xBF");
    assert_string_equal(kv_get(&l, "post"), "\xEE\x80\x80");
    assert_string_equal(kv_get(&l, "min4"), "\xF0\x90\x80\x80");
    assert_string_equal(kv_get(&l, "max4"), "\xF4\x8F\xBF\xBF");
    assert_string_equal(kv_get(&l, "\xE2\x9C\x93"), "yes");
    assert_string_equal(kv_get(&l, "del"), "\x7F");
    kv_free(&l);
}

/* ---- kv_parse_urlencoded: limits --------------------------------------- */

/* Builds "f0=0&f1=1&...&f(count-1)=(count-1)" plus an optional suffix. */
static char *many_fields(size_t count, const char *suffix)
{
    size_t cap = count * 16 + strlen(suffix) + 1;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t len = 0;
    for (size_t i = 0; i < count; i++)
        len += (size_t)snprintf(s + len, cap - len, "%sf%zu=%zu", i ? "&" : "", i, i);
    snprintf(s + len, cap - len, "%s", suffix);
    return s;
}

static void test_urlenc_max_fields_ok(void **state)
{
    char *s = many_fields(KV_MAX_FIELDS, "&&&"); /* trailing empties are fine */
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, s), KV_OK);
    assert_int_equal(l.n, KV_MAX_FIELDS);
    assert_string_equal(kv_get(&l, "f0"), "0");
    assert_string_equal(kv_get(&l, "f999"), "999");
    kv_free(&l);
    free(s);
}

static void test_urlenc_too_many(void **state)
{
    char *s = many_fields(KV_MAX_FIELDS + 1, "");
    KVList l;
    kv_init(&l);
    assert_int_equal(parse_str(&l, s), KV_TOO_MANY);
    assert_int_equal(l.n, KV_MAX_FIELDS); /* the ones before the limit are kept */
    assert_null(kv_get(&l, "f1000"));
    kv_free(&l);
    free(s);

    /* A bare key past the limit counts too. */
    s = many_fields(KV_MAX_FIELDS, "&x");
    kv_init(&l);
    assert_int_equal(parse_str(&l, s), KV_TOO_MANY);
    kv_free(&l);
    free(s);

    /* Many empty pairs alone are not "too many". */
    size_t n = 5 * KV_MAX_FIELDS;
    s = malloc(n + 1);
    assert_non_null(s);
    memset(s, '&', n);
    s[n] = '\0';
    kv_init(&l);
    assert_int_equal(parse_str(&l, s), KV_OK);
    assert_int_equal(l.n, 0);
    kv_free(&l);
    free(s);
}

/* ---- percent_decode ---------------------------------------------------- */

static void test_decode_plus_modes(void **state)
{
    expect_decode("a+b", 1, KV_OK, "a b");
    expect_decode("a+b", 0, KV_OK, "a+b");
    expect_decode("a%2Bb", 1, KV_OK, "a+b");
    expect_decode("a%20b", 0, KV_OK, "a b");
    expect_decode("+++", 1, KV_OK, "   ");
    expect_decode("", 1, KV_OK, "");
    expect_decode("", 0, KV_OK, "");
    expect_decode("plain-text_123.~", 0, KV_OK, "plain-text_123.~");
    expect_decode("%41%62%7e", 0, KV_OK, "Ab~");
    expect_decode("%25", 0, KV_OK, "%");
    expect_decode("%2525", 0, KV_OK, "%25"); /* decoded once only */
}

static void test_decode_errors(void **state)
{
    static const char *enc[] = {"%", "%4", "%zz", "%g0", "%0g", "x%", "x%4", "%zzx", "a%%", "%x%41"};
    for (size_t i = 0; i < sizeof enc / sizeof *enc; i++) {
        expect_decode(enc[i], 0, KV_BAD_ENCODING, NULL);
        expect_decode(enc[i], 1, KV_BAD_ENCODING, NULL);
    }
    static const char *utf[] = {"%00", "%C0%80", "%ED%A0%80", "%F8%88%80%80%80", "%E2%82", "%FF"};
    for (size_t i = 0; i < sizeof utf / sizeof *utf; i++) {
        expect_decode(utf[i], 0, KV_BAD_UTF8, NULL);
        expect_decode(utf[i], 1, KV_BAD_UTF8, NULL);
    }
}

static void test_decode_respects_length(void **state)
{
    char *out = NULL;
    /* n cuts "%41" short: the escape is incomplete. */
    assert_int_equal(percent_decode("%41", 2, 0, &out), KV_BAD_ENCODING);
    assert_null(out);
    assert_int_equal(percent_decode("ab%41", 2, 0, &out), KV_OK);
    assert_string_equal(out, "ab");
    free(out);
    assert_int_equal(percent_decode("%41zz", 3, 0, &out), KV_OK);
    assert_string_equal(out, "A");
    free(out);
    assert_int_equal(percent_decode(NULL, 0, 1, &out), KV_OK);
    assert_string_equal(out, "");
    free(out);
}

/* ---- utf8_valid -------------------------------------------------------- */

static void test_utf8_valid_table(void **state)
{
    static const struct {
        const char *s;
        int ok;
    } cases[] = {
        {"", 1},
        {"ascii only ~\x7F", 1},
        {"\xC3\xA9", 1},
        {"\xE2\x82\xAC", 1},
        {"\xF0\x9F\x98\x80", 1},
        {"\xC2\x80", 1},
        {"\xDF\xBF", 1},
        {"\xE0\xA0\x80", 1},
        {"\xED\x9F\xBF", 1},
        {"\xEE\x80\x80", 1},
        {"\xEF\xBF\xBF", 1},
        {"\xF0\x90\x80\x80", 1},
        {"\xF4\x8F\xBF\xBF", 1},
        {"a\xC3\xA9z\xE2\x82\xAC!", 1},
        {"\x80", 0},
        {"\xBF", 0},
        {"\xC0\x80", 0},
        {"\xC1\xBF", 0},
        {"\xC3", 0},
        {"\xC3(", 0},
        {"\xC3\xC3\xA9", 0},
        {"\xE0\x80\x80", 0},
        {"\xE0\x9F\xBF", 0},
        {"\xED\xA0\x80", 0},
        {"\xED\xBF\xBF", 0},
        {"\xE2\x82", 0},
        {"\xE2\x28\xAC", 0},
        {"\xE2\x82\x28", 0},
        {"\xF0\x80\x80\x80", 0},
        {"\xF0\x8F\xBF\xBF", 0},
        {"\xF4\x90\x80\x80", 0},
        {"\xF5\x80\x80\x80", 0},
        {"\xF7\xBF\xBF\xBF", 0},
        {"\xF0\x9F\x98", 0},
        {"\xF8\x88\x80\x80\x80", 0},
        {"\xFC\x84\x80\x80\x80\x80", 0},
        {"\xFE", 0},
        {"\xFF", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int got = utf8_valid(cases[i].s, strlen(cases[i].s));
        if (got != cases[i].ok)
            fail_msg("utf8_valid case %zu: expected %d, got %d", i, cases[i].ok, got);
    }
}

static void test_utf8_valid_length_and_nul(void **state)
{
    /* Embedded NUL within n is rejected. */
    assert_int_equal(utf8_valid("a\0b", 3), 0);
    assert_int_equal(utf8_valid("\0", 1), 0);
    /* n bounds the check: a sequence cut by n is truncated... */
    assert_int_equal(utf8_valid("\xE2\x82\xAC", 2), 0);
    assert_int_equal(utf8_valid("\xF0\x9F\x98\x80", 3), 0);
    /* ...and bytes past n are not looked at. */
    assert_int_equal(utf8_valid("ab\xFF", 2), 1);
    assert_int_equal(utf8_valid("\xC3\xA9\x80", 2), 1);
    assert_int_equal(utf8_valid(NULL, 0), 1);
}

/* ---- kv_parse_cookies -------------------------------------------------- */

static void test_cookie_basic(void **state)
{
    KVList l;
    kv_init(&l);
    kv_parse_cookies(&l, "sid=abc123; theme=dark;lang=en");
    assert_int_equal(l.n, 3);
    assert_string_equal(kv_get(&l, "sid"), "abc123");
    assert_string_equal(kv_get(&l, "theme"), "dark");
    assert_string_equal(kv_get(&l, "lang"), "en");
    kv_free(&l);
}

static void test_cookie_spaces(void **state)
{
    KVList l;
    kv_init(&l);
    kv_parse_cookies(&l, "  a = 1 ;\tb\t=\t2\t;   c=x y z  ;d=  ");
    assert_int_equal(l.n, 4);
    assert_string_equal(kv_get(&l, "a"), "1");
    assert_string_equal(kv_get(&l, "b"), "2");
    assert_string_equal(kv_get(&l, "c"), "x y z"); /* inner spaces kept */
    assert_string_equal(kv_get(&l, "d"), "");
    kv_free(&l);
}

static void test_cookie_quotes(void **state)
{
    KVList l;
    kv_init(&l);
    kv_parse_cookies(&l, "q=\"quoted\"; e=\"\"; one=\"; half=\"abc; mid=a\"b\"c; sp= \"v\" ");
    assert_string_equal(kv_get(&l, "q"), "quoted");
    assert_string_equal(kv_get(&l, "e"), "");
    assert_string_equal(kv_get(&l, "one"), "\""); /* a lone quote is not a pair */
    assert_string_equal(kv_get(&l, "half"), "\"abc");
    assert_string_equal(kv_get(&l, "mid"), "a\"b\"c");
    assert_string_equal(kv_get(&l, "sp"), "v");
    kv_free(&l);
}

static void test_cookie_malformed_skipped(void **state)
{
    KVList l;
    kv_init(&l);
    kv_parse_cookies(&l, "noequals; =novalue;  = x; a=1; ;; justname ;b=2");
    assert_int_equal(l.n, 2);
    assert_string_equal(kv_get(&l, "a"), "1");
    assert_string_equal(kv_get(&l, "b"), "2");
    assert_null(kv_get(&l, "noequals"));
    assert_null(kv_get(&l, "justname"));
    assert_null(kv_get(&l, ""));
    kv_free(&l);
}

static void test_cookie_values_and_repeats(void **state)
{
    KVList l;
    kv_init(&l);
    kv_parse_cookies(&l, "tok=a=b=c; x=1; x=2; pct=%41+b");
    assert_string_equal(kv_get(&l, "tok"), "a=b=c");
    assert_int_equal(kv_count(&l, "x"), 2);
    assert_string_equal(kv_get_nth(&l, "x", 1), "2");
    assert_string_equal(kv_get(&l, "pct"), "%41+b"); /* cookies are not decoded */
    kv_free(&l);
}

static void test_cookie_empty_inputs(void **state)
{
    KVList l;
    kv_init(&l);
    kv_parse_cookies(&l, NULL);
    kv_parse_cookies(&l, "");
    kv_parse_cookies(&l, "   ");
    kv_parse_cookies(&l, ";;;");
    kv_parse_cookies(&l, " ; \t; ");
    kv_parse_cookies(&l, "=");
    assert_int_equal(l.n, 0);
    kv_parse_cookies(&l, "a=1;");
    assert_int_equal(l.n, 1);
    assert_string_equal(kv_get(&l, "a"), "1");
    kv_free(&l);
}

static void test_cookie_bounded(void **state)
{
    size_t count = KV_MAX_FIELDS + 50;
    size_t cap = count * 16 + 1;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t len = 0;
    for (size_t i = 0; i < count; i++)
        len += (size_t)snprintf(s + len, cap - len, "c%zu=%zu; ", i, i);
    KVList l;
    kv_init(&l);
    kv_parse_cookies(&l, s);
    assert_int_equal(l.n, KV_MAX_FIELDS);
    assert_string_equal(kv_get(&l, "c999"), "999");
    assert_null(kv_get(&l, "c1000"));
    kv_free(&l);
    free(s);
}

/* ---- origin_parse / origin_equal --------------------------------------- */

static void expect_origin(const char *s, const char *scheme, const char *host, int port)
{
    Origin o;
    if (origin_parse(s, &o) != 0)
        fail_msg("origin_parse(\"%s\") failed", s);
    assert_string_equal(o.scheme, scheme);
    assert_string_equal(o.host, host);
    assert_int_equal(o.port, port);
}

static void expect_origin_rejected(const char *s)
{
    Origin o;
    if (origin_parse(s, &o) != -1)
        fail_msg("origin_parse(\"%s\") accepted: %s %s %d", s ? s : "(null)", o.scheme, o.host, o.port);
}

static void test_origin_schemes_and_ports(void **state)
{
    expect_origin("http://example.com", "http", "example.com", 80);
    expect_origin("https://example.com", "https", "example.com", 443);
    expect_origin("http://example.com:8080", "http", "example.com", 8080);
    expect_origin("https://example.com:8443", "https", "example.com", 8443);
    expect_origin("http://localhost:3000", "http", "localhost", 3000);
    expect_origin("https://example.com:443", "https", "example.com", 443);
    expect_origin("http://127.0.0.1:1", "http", "127.0.0.1", 1);
    expect_origin("http://h:65535", "http", "h", 65535);
    expect_origin("http://h:080", "http", "h", 80);
}

static void test_origin_ipv6(void **state)
{
    expect_origin("http://[::1]", "http", "[::1]", 80);
    expect_origin("http://[::1]:8080", "http", "[::1]", 8080);
    expect_origin("https://[2001:DB8::1]:443/x", "https", "[2001:db8::1]", 443);
    expect_origin("https://[::ffff:192.0.2.1]", "https", "[::ffff:192.0.2.1]", 443);
    expect_origin_rejected("http://[::1");
    expect_origin_rejected("http://[::1]x");
    expect_origin_rejected("http://[::1]:");
    expect_origin_rejected("http://[::1]:99999");
}

static void test_origin_case(void **state)
{
    expect_origin("http://EXAMPLE.COM", "http", "example.com", 80);
    expect_origin("HTTPS://Example.Com:8443", "https", "example.com", 8443);
    expect_origin("HtTp://MiXeD.example", "http", "mixed.example", 80);
}

static void test_origin_trailing(void **state)
{
    expect_origin("https://example.com/", "https", "example.com", 443);
    expect_origin("https://example.com/path/to?x=1#frag", "https", "example.com", 443);
    expect_origin("http://example.com:8080/a/b", "http", "example.com", 8080);
    expect_origin("http://example.com?q", "http", "example.com", 80);
    expect_origin("http://example.com#f", "http", "example.com", 80);
    expect_origin("http://example.com:81?q", "http", "example.com", 81);
}

static void test_origin_rejected_schemes(void **state)
{
    expect_origin_rejected(NULL);
    expect_origin_rejected("");
    expect_origin_rejected("null");
    expect_origin_rejected("javascript:alert(1)");
    expect_origin_rejected("javascript://example.com/%0aalert(1)");
    expect_origin_rejected("ftp://example.com");
    expect_origin_rejected("file:///etc/passwd");
    expect_origin_rejected("data:text/html,hi");
    expect_origin_rejected("ws://example.com");
    expect_origin_rejected("//example.com");
    expect_origin_rejected("example.com");
    expect_origin_rejected("http:/example.com");
    expect_origin_rejected("http:example.com");
    expect_origin_rejected(" http://example.com");
    expect_origin_rejected("httpx://example.com");
    expect_origin_rejected("http");
    expect_origin_rejected("https:/");
}

static void test_origin_bad_ports(void **state)
{
    expect_origin_rejected("http://example.com:65536");
    expect_origin_rejected("http://example.com:70000");
    expect_origin_rejected("http://example.com:99999999999999999999999");
    expect_origin_rejected("http://example.com:0");
    expect_origin_rejected("http://example.com:00");
    expect_origin_rejected("http://example.com:");
    expect_origin_rejected("http://example.com:/");
    expect_origin_rejected("http://example.com:-1");
    expect_origin_rejected("http://example.com:+80");
    expect_origin_rejected("http://example.com: 80");
    expect_origin_rejected("http://example.com:80a");
    expect_origin_rejected("http://example.com:80:81");
    expect_origin_rejected("http://example.com:0x50");
}

static void test_origin_bad_hosts(void **state)
{
    expect_origin_rejected("http://");
    expect_origin_rejected("https://");
    expect_origin_rejected("http://:80");
    expect_origin_rejected("http:///path");
    expect_origin_rejected("http://?q");
    expect_origin_rejected("http://ex ample.com");
    expect_origin_rejected("http://example.com\t");
    expect_origin_rejected("http://ex\x7F" "ample.com");
    expect_origin_rejected("http://ex\xC3\xA9.com");
    expect_origin_rejected("http://[]");
    expect_origin_rejected("http://[/]");
    expect_origin_rejected("http://[a/b]");
}

static void test_origin_userinfo(void **state)
{
    expect_origin_rejected("http://user@example.com");
    expect_origin_rejected("http://user:pass@example.com");
    expect_origin_rejected("http://user:80@example.com");
    expect_origin_rejected("http://example.com@evil.com");
    expect_origin_rejected("http://@example.com");
    expect_origin_rejected("http://example.com:80@evil.com");
    expect_origin_rejected("http://[::1]@evil.com");
    expect_origin_rejected("http://[::1@evil.com]");
    /* An '@' after the authority belongs to the path and is harmless. */
    expect_origin("http://example.com/@evil.com", "http", "example.com", 80);
}

static void test_origin_host_length(void **state)
{
    char s[512];
    Origin o;
    /* 255 host bytes fit (with the NUL); 256 do not. */
    strcpy(s, "http://");
    memset(s + 7, 'a', 255);
    s[7 + 255] = '\0';
    assert_int_equal(origin_parse(s, &o), 0);
    assert_int_equal(strlen(o.host), 255);
    memset(s + 7, 'a', 256);
    s[7 + 256] = '\0';
    assert_int_equal(origin_parse(s, &o), -1);
}

static void test_origin_failure_clears(void **state)
{
    Origin o;
    memset(&o, 0x5A, sizeof o);
    assert_int_equal(origin_parse("ftp://x", &o), -1);
    assert_string_equal(o.scheme, "");
    assert_string_equal(o.host, "");
}

static void test_origin_equal(void **state)
{
    Origin a, b;
    assert_int_equal(origin_parse("https://example.com", &a), 0);
    assert_true(origin_equal(&a, &a));

    /* Explicit default port, case and trailing path do not matter. */
    assert_int_equal(origin_parse("HTTPS://Example.COM:443/login?next=/", &b), 0);
    assert_true(origin_equal(&a, &b));
    assert_true(origin_equal(&b, &a));

    assert_int_equal(origin_parse("http://example.com", &b), 0);
    assert_false(origin_equal(&a, &b)); /* scheme differs */
    assert_int_equal(origin_parse("https://example.com:8443", &b), 0);
    assert_false(origin_equal(&a, &b)); /* port differs */
    assert_int_equal(origin_parse("https://example.com.evil.net", &b), 0);
    assert_false(origin_equal(&a, &b)); /* host differs */
    assert_int_equal(origin_parse("https://sub.example.com", &b), 0);
    assert_false(origin_equal(&a, &b));
    assert_int_equal(origin_parse("http://example.com:443", &b), 0);
    assert_false(origin_equal(&a, &b)); /* same port, other scheme */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_empty),
        cmocka_unit_test(test_list_add_get),
        cmocka_unit_test(test_list_repeated_keys),
        cmocka_unit_test(test_list_grows),
        cmocka_unit_test(test_urlenc_basic),
        cmocka_unit_test(test_urlenc_plus_is_space),
        cmocka_unit_test(test_urlenc_key_without_equals),
        cmocka_unit_test(test_urlenc_empty_value_and_key),
        cmocka_unit_test(test_urlenc_value_with_equals),
        cmocka_unit_test(test_urlenc_empty_pairs_skipped),
        cmocka_unit_test(test_urlenc_repeated_keys),
        cmocka_unit_test(test_urlenc_respects_length),
        cmocka_unit_test(test_urlenc_appends_to_list),
        cmocka_unit_test(test_urlenc_bad_percent),
        cmocka_unit_test(test_urlenc_error_keeps_earlier_pairs),
        cmocka_unit_test(test_urlenc_hex_case),
        cmocka_unit_test(test_urlenc_bad_utf8),
        cmocka_unit_test(test_urlenc_raw_bytes_validated),
        cmocka_unit_test(test_urlenc_valid_multibyte),
        cmocka_unit_test(test_urlenc_max_fields_ok),
        cmocka_unit_test(test_urlenc_too_many),
        cmocka_unit_test(test_decode_plus_modes),
        cmocka_unit_test(test_decode_errors),
        cmocka_unit_test(test_decode_respects_length),
        cmocka_unit_test(test_utf8_valid_table),
        cmocka_unit_test(test_utf8_valid_length_and_nul),
        cmocka_unit_test(test_cookie_basic),
        cmocka_unit_test(test_cookie_spaces),
        cmocka_unit_test(test_cookie_quotes),
        cmocka_unit_test(test_cookie_malformed_skipped),
        cmocka_unit_test(test_cookie_values_and_repeats),
        cmocka_unit_test(test_cookie_empty_inputs),
        cmocka_unit_test(test_cookie_bounded),
        cmocka_unit_test(test_origin_schemes_and_ports),
        cmocka_unit_test(test_origin_ipv6),
        cmocka_unit_test(test_origin_case),
        cmocka_unit_test(test_origin_trailing),
        cmocka_unit_test(test_origin_rejected_schemes),
        cmocka_unit_test(test_origin_bad_ports),
        cmocka_unit_test(test_origin_bad_hosts),
        cmocka_unit_test(test_origin_userinfo),
        cmocka_unit_test(test_origin_host_length),
        cmocka_unit_test(test_origin_failure_clears),
        cmocka_unit_test(test_origin_equal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
