/*
 * jwt.c - the token GOV.UK Notify accepts: HS256 over a fixed header and
 * the claims {"iss": service id, "iat": seconds}, and the check the
 * stand-in makes of it. See notify.h.
 */
#include "notify/notify.h"

#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JWT_HEADER "{\"typ\":\"JWT\",\"alg\":\"HS256\"}"

int notify_is_uuid(const char *s)
{
    if (!s || strlen(s) != NOTIFY_UUID_LEN)
        return 0;
    for (int i = 0; i < NOTIFY_UUID_LEN; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return 0;
    }
    return 1;
}

int notify_parse_key(const char *key, char service_id[NOTIFY_UUID_LEN + 1], char secret[NOTIFY_UUID_LEN + 1])
{
    size_t n = key ? strlen(key) : 0;
    /* ...-SERVICEID-SECRET: 36 + 1 + 36 at the end, after a dash */
    if (n < 2 * NOTIFY_UUID_LEN + 1)
        return -1;
    memcpy(secret, key + n - NOTIFY_UUID_LEN, NOTIFY_UUID_LEN);
    secret[NOTIFY_UUID_LEN] = '\0';
    memcpy(service_id, key + n - 2 * NOTIFY_UUID_LEN - 1, NOTIFY_UUID_LEN);
    service_id[NOTIFY_UUID_LEN] = '\0';
    if (key[n - NOTIFY_UUID_LEN - 1] != '-' || !notify_is_uuid(secret) || !notify_is_uuid(service_id))
        return -1;
    if (n > 2 * NOTIFY_UUID_LEN + 1 && key[n - 2 * NOTIFY_UUID_LEN - 2] != '-')
        return -1;
    return 0;
}

static void b64url(const unsigned char *in, size_t len, char *out, size_t n)
{
    sodium_bin2base64(out, n, in, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void sign(const char *secret, const char *data, size_t len, unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)data, len);
    crypto_auth_hmacsha256_final(&st, mac);
}

int notify_jwt(const char *service_id, const char *secret, int64_t iat, char *out, size_t n)
{
    char claims[128], h64[64], c64[192], s64[64];
    snprintf(claims, sizeof claims, "{\"iss\":\"%s\",\"iat\":%lld}", service_id, (long long)iat);
    b64url((const unsigned char *)JWT_HEADER, strlen(JWT_HEADER), h64, sizeof h64);
    b64url((const unsigned char *)claims, strlen(claims), c64, sizeof c64);
    int len = snprintf(out, n, "%s.%s", h64, c64);
    if (len < 0 || (size_t)len >= n)
        return -1;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    sign(secret, out, (size_t)len, mac);
    b64url(mac, sizeof mac, s64, sizeof s64);
    int total = snprintf(out + len, n - (size_t)len, ".%s", s64);
    return total < 0 || (size_t)total >= n - (size_t)len ? -1 : 0;
}

/* Decodes one base64url part into out (NUL-terminated); its length or -1. */
static long unb64(const char *in, size_t len, unsigned char *out, size_t n)
{
    size_t bin_len;
    if (sodium_base642bin(out, n - 1, in, len, NULL, &bin_len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return -1;
    out[bin_len] = '\0';
    return (long)bin_len;
}

int notify_jwt_check(const char *token, const char *service_id, const char *secret, int64_t now, char *why,
                     size_t whylen)
{
    const char *dot1 = token ? strchr(token, '.') : NULL;
    const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!dot1 || !dot2 || strchr(dot2 + 1, '.')) {
        snprintf(why, whylen, "Invalid token: signature, api token is not valid");
        return -1;
    }
    unsigned char header[256], claims[512], mac[64];
    if (unb64(token, (size_t)(dot1 - token), header, sizeof header) < 0 ||
        unb64(dot1 + 1, (size_t)(dot2 - dot1 - 1), claims, sizeof claims) < 0 ||
        unb64(dot2 + 1, strlen(dot2 + 1), mac, sizeof mac) != crypto_auth_hmacsha256_BYTES) {
        snprintf(why, whylen, "Invalid token: signature, api token is not valid");
        return -1;
    }
    json_t *h = json_loads((const char *)header, 0, NULL);
    const char *alg = json_string_value(json_object_get(h, "alg"));
    int alg_ok = alg && strcmp(alg, "HS256") == 0;
    json_decref(h);
    if (!alg_ok) {
        snprintf(why, whylen, "Invalid token: algorithm used is not HS256");
        return -1;
    }
    unsigned char want[crypto_auth_hmacsha256_BYTES];
    sign(secret, token, (size_t)(dot2 - token), want);
    if (sodium_memcmp(want, mac, sizeof want) != 0) {
        snprintf(why, whylen, "Invalid token: signature, api token not found");
        return -1;
    }
    json_t *c = json_loads((const char *)claims, 0, NULL);
    const char *iss = json_string_value(json_object_get(c, "iss"));
    json_t *iat = json_object_get(c, "iat");
    int rc = 0;
    if (!iss) {
        snprintf(why, whylen, "Invalid token: iss field not provided");
        rc = -1;
    } else if (strcmp(iss, service_id) != 0) {
        snprintf(why, whylen, "Invalid token: service not found");
        rc = -1;
    } else if (!json_is_integer(iat)) {
        snprintf(why, whylen, "Invalid token: iat field not provided");
        rc = -1;
    } else {
        long long t = json_integer_value(iat);
        if (t > now + 30 || t < now - 30) {
            snprintf(why, whylen, "Error: Your system clock must be accurate to within 30 seconds");
            rc = -1;
        }
    }
    json_decref(c);
    return rc;
}
