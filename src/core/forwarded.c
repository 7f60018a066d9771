/*
 * forwarded.c - the client address behind trusted proxies. See forwarded.h.
 */
#include "core/forwarded.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* Longest entry looked at: an IPv6 address with an IPv4 tail is 45 bytes. */
#define ADDR_MAX 64

/* The canonical text of the address in s[0..n), or 0 when it is not one. */
static int canonical(const char *s, size_t n, char out[INET6_ADDRSTRLEN])
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= ADDR_MAX)
        return 0;
    char tmp[ADDR_MAX];
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    unsigned char bin[16];
    if (inet_pton(AF_INET, tmp, bin) == 1)
        return inet_ntop(AF_INET, bin, out, INET6_ADDRSTRLEN) != NULL;
    if (inet_pton(AF_INET6, tmp, bin) == 1)
        return inet_ntop(AF_INET6, bin, out, INET6_ADDRSTRLEN) != NULL;
    return 0;
}

/* 1 when the canonical address a is in the comma-separated list. */
static int listed(const char *list, const char *a)
{
    if (!list)
        return 0;
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char c[INET6_ADDRSTRLEN];
        if (canonical(p, n, c) && strcmp(c, a) == 0)
            return 1;
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

int forwarded_list_valid(const char *list)
{
    if (!list || !*list)
        return 0;
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char c[INET6_ADDRSTRLEN];
        if (!canonical(p, n, c))
            return 0;
        if (!comma)
            return 1;
        p = comma + 1;
    }
}

void forwarded_client(const char *peer, const char *xff, const char *trusted, char *out, size_t outlen)
{
    if (outlen == 0)
        return;
    char who[INET6_ADDRSTRLEN];
    if (!peer || !canonical(peer, strlen(peer), who)) {
        snprintf(out, outlen, "%s", peer ? peer : "");
        return;
    }
    if (xff && trusted && *trusted && listed(trusted, who)) {
        /* walk the entries from the right while they are our own proxies */
        size_t end = strlen(xff);
        while (listed(trusted, who)) {
            if (end == 0)
                break;
            size_t start = end;
            while (start > 0 && xff[start - 1] != ',')
                start--;
            char c[INET6_ADDRSTRLEN];
            if (!canonical(xff + start, end - start, c))
                break; /* not an address: believe the hop that passed it on */
            memcpy(who, c, sizeof who);
            end = start > 0 ? start - 1 : 0;
            if (start == 0)
                break;
        }
    }
    snprintf(out, outlen, "%s", who);
}
