/*
 * totp.c - time-based one-time passwords and who must use them. See totp.h.
 *
 * Interpretation (issue 11, item 6): two-factor is required "for every role
 * that can change a case or see more than one school". In access.c's terms
 * every internal role does one or the other: delivery officers and regional
 * directors change cases; advisers and delivery partners add notes and
 * contacts; the grant team, analysts and administrators read every region
 * (and administrators change accounts, which is more); and supporting
 * organisations work on the cases matched to them, across schools. Only the
 * `school` role sees its own school alone and changes no case, so for it
 * two-factor is a choice. A role added later is required by default: the
 * rule lists the exception, not the rule.
 */
#include "domain/totp.h"

#include <ctype.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int two_factor_required(Role r)
{
    /* "required for every role that can change a case or see more than one
       school" (issue 11 item 6): since schools answer for themselves (item
       5), every role can change a case, so every role needs it */
    return r > ROLE_NONE && r < ROLE_COUNT;
}

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static void oath_start(void)
{
    oath_init();
}

int64_t totp_step(int64_t unix_time)
{
    return unix_time < 0 ? -1 : unix_time / TOTP_STEP_SECONDS;
}

int totp_code(const unsigned char *secret, size_t n, int64_t step, int digits, char *out)
{
    if (step < 0 || digits < 6 || digits > 8)
        return -1;
    pthread_once(&oath_once, oath_start);
    return oath_hotp_generate((const char *)secret, n, (uint64_t)step, (unsigned)digits, false,
                              OATH_HOTP_DYNAMIC_TRUNCATION, out) == OATH_OK
               ? 0
               : -1;
}

int64_t totp_check(const unsigned char *secret, size_t n, const char *code, int64_t now, int64_t last_step)
{
    if (!code || strlen(code) != TOTP_DIGITS)
        return 0;
    int64_t at = totp_step(now);
    int replay = 0;
    for (int64_t s = at - TOTP_WINDOW; s <= at + TOTP_WINDOW; s++) {
        char want[TOTP_DIGITS + 1];
        if (s < 0 || totp_code(secret, n, s, TOTP_DIGITS, want) != 0)
            continue;
        /* compare every byte whatever matches, like sodium_memcmp */
        unsigned char diff = 0;
        for (int i = 0; i < TOTP_DIGITS; i++)
            diff |= (unsigned char)(want[i] ^ code[i]);
        if (diff == 0) {
            if (s > last_step)
                return s;
            replay = 1;
        }
    }
    return replay ? -1 : 0;
}

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int base32_encode(const unsigned char *in, size_t n, char *out, size_t outsz)
{
    size_t need = ((n + 4) / 5) * 8 + 1;
    if (outsz < need)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 5) {
        unsigned char b[5] = {0};
        size_t k = n - i < 5 ? n - i : 5;
        memcpy(b, in + i, k);
        uint64_t v = ((uint64_t)b[0] << 32) | ((uint64_t)b[1] << 24) | ((uint64_t)b[2] << 16) |
                     ((uint64_t)b[3] << 8) | b[4];
        /* characters that carry data: ceil(k * 8 / 5) */
        size_t chars = (k * 8 + 4) / 5;
        for (size_t c = 0; c < 8; c++)
            out[o++] = c < chars ? B32[(v >> (35 - 5 * c)) & 31] : '=';
    }
    out[o] = '\0';
    return 0;
}

int base32_decode(const char *in, unsigned char *out, size_t outsz, size_t *outlen)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (const char *p = in; *p; p++) {
        char c = (char)toupper((unsigned char)*p);
        if (c == ' ' || c == '-' || c == '=')
            continue;
        const char *q = strchr(B32, c);
        if (!q || c == '\0')
            return -1;
        acc = (acc << 5) | (uint32_t)(q - B32);
        bits += 5;
        if (bits >= 8) {
            if (o >= outsz)
                return -1;
            out[o++] = (unsigned char)(acc >> (bits - 8));
            bits -= 8;
            acc &= (1u << bits) - 1;
        }
    }
    *outlen = o;
    return 0;
}

void totp_secret_grouped(const char *b32, char *out, size_t outsz)
{
    size_t o = 0, k = 0;
    for (const char *p = b32; *p && *p != '=' && o + 2 < outsz; p++) {
        if (k && k % 4 == 0)
            out[o++] = ' ';
        out[o++] = *p;
        k++;
    }
    if (outsz)
        out[o < outsz ? o : outsz - 1] = '\0';
}

/* Percent-encodes all but RFC 3986's unreserved characters. */
static size_t pct(const char *s, char *out, size_t room)
{
    size_t o = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            if (o + 1 >= room)
                return (size_t)-1;
            out[o++] = (char)c;
        } else {
            if (o + 3 >= room)
                return (size_t)-1;
            snprintf(out + o, 4, "%%%02X", c);
            o += 3;
        }
    }
    out[o] = '\0';
    return o;
}

int totp_uri(const char *issuer, const char *account, const char *b32, char *out, size_t outsz)
{
    char iss[128], acc[400], sec[TOTP_SECRET_B32_MAX];
    if (pct(issuer, iss, sizeof iss) == (size_t)-1 || pct(account, acc, sizeof acc) == (size_t)-1)
        return -1;
    size_t j = 0;
    for (const char *p = b32; *p && *p != '=' && j + 1 < sizeof sec; p++)
        sec[j++] = *p;
    sec[j] = '\0';
    int n = snprintf(out, outsz, "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d", iss,
                     acc, sec, iss, TOTP_DIGITS, TOTP_STEP_SECONDS);
    return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

int totp_classify(const char *typed, char *out, size_t outsz)
{
    size_t o = 0;
    int digits_only = 1;
    for (const char *p = typed; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        if (o + 1 >= outsz)
            return 0;
        if (!isdigit(c))
            digits_only = 0;
        out[o++] = (char)tolower(c);
    }
    out[o] = '\0';
    if (o == 0)
        return 0;
    return digits_only && o == TOTP_DIGITS ? 1 : 2;
}

/* no 0/o, 1/l/i: a code is read off paper */
static const char RECOVERY_ALPHABET[] = "abcdefghjkmnpqrstuvwxyz23456789";

void recovery_code_from_bytes(const unsigned char *random, char *out)
{
    size_t m = sizeof RECOVERY_ALPHABET - 1;
    for (int i = 0; i < RECOVERY_CODE_LEN; i++)
        out[i] = RECOVERY_ALPHABET[random[i] % m];
    out[RECOVERY_CODE_LEN] = '\0';
}
