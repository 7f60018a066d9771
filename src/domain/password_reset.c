/*
 * password_reset.c - when a password reset link may be used, and how often
 * one may be asked for. See password_reset.h.
 */
#include "domain/password_reset.h"

#include <errno.h>
#include <stdlib.h>

int reset_link_usable(int64_t expires_at, int64_t used_at, int64_t now)
{
    return used_at == 0 && now < expires_at;
}

int reset_request_allowed(int64_t email_count, int64_t address_count)
{
    return email_count < RESET_PER_EMAIL && address_count < RESET_PER_ADDRESS;
}

int64_t reset_ttl_parse(const char *text)
{
    if (!text || !*text)
        return RESET_TTL_DEFAULT;
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || *end || v < 0 || v > 7 * 24 * 3600)
        return RESET_TTL_DEFAULT;
    return (int64_t)v;
}
