/*
 * kv.c - query, form, cookie and origin parsing. See kv.h.
 */
#include "core/kv.h"

#include "core/buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void kv_init(KVList *l)
{
    l->items = NULL;
    l->n = 0;
    l->cap = 0;
}

void kv_free(KVList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].key);
        free(l->items[i].val);
    }
    free(l->items);
    kv_init(l);
}

static void kv_push(KVList *l, char *key, char *val)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n].key = key;
    l->items[l->n].val = val;
    l->n++;
}

void kv_add(KVList *l, const char *key, const char *val)
{
    kv_push(l, xstrdup(key), xstrdup(val));
}

const char *kv_get(const KVList *l, const char *key)
{
    return kv_get_nth(l, key, 0);
}

size_t kv_count(const KVList *l, const char *key)
{
    size_t c = 0;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].key, key) == 0)
            c++;
    return c;
}

const char *kv_get_nth(const KVList *l, const char *key, size_t nth)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].key, key) == 0 && nth-- == 0)
            return l->items[i].val;
    return NULL;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t extra;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + extra >= n)
            return 0;
        for (size_t k = 1; k <= extra; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        if (cp >= 0xD800 && cp <= 0xDFFF)
            return 0;
        i += extra + 1;
    }
    return 1;
}

int percent_decode(const char *s, size_t n, int plus_is_space, char **out)
{
    char *d = xmalloc(n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= n) {
                free(d);
                *out = NULL;
                return KV_BAD_ENCODING;
            }
            int hi = hexval((unsigned char)s[i + 1]), lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0) {
                free(d);
                *out = NULL;
                return KV_BAD_ENCODING;
            }
            d[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            d[j++] = ' ';
        } else {
            d[j++] = c;
        }
    }
    d[j] = '\0';
    if (!utf8_valid(d, j)) {
        free(d);
        *out = NULL;
        return KV_BAD_UTF8;
    }
    *out = d;
    return KV_OK;
}

int kv_parse_urlencoded(KVList *l, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && s[i] != '&')
            i++;
        size_t end = i;
        if (i < n)
            i++; /* skip '&' */
        if (end == start)
            continue;
        if (l->n >= KV_MAX_FIELDS)
            return KV_TOO_MANY;
        const char *eq = memchr(s + start, '=', end - start);
        size_t klen = eq ? (size_t)(eq - (s + start)) : end - start;
        char *key, *val;
        int rc = percent_decode(s + start, klen, 1, &key);
        if (rc != KV_OK)
            return rc;
        if (eq) {
            rc = percent_decode(eq + 1, (size_t)((s + end) - (eq + 1)), 1, &val);
            if (rc != KV_OK) {
                free(key);
                return rc;
            }
        } else {
            val = xstrdup("");
        }
        kv_push(l, key, val);
    }
    return KV_OK;
}

void kv_parse_cookies(KVList *l, const char *h)
{
    if (!h)
        return;
    const char *p = h;
    while (*p && l->n < KV_MAX_FIELDS) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != ';')
            p++;
        const char *end = p;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        const char *eq = memchr(start, '=', (size_t)(end - start));
        if (!eq || eq == start)
            continue;
        const char *ks = start, *ke = eq;
        while (ke > ks && (ke[-1] == ' ' || ke[-1] == '\t'))
            ke--;
        const char *vs = eq + 1, *ve = end;
        while (vs < ve && (*vs == ' ' || *vs == '\t'))
            vs++;
        if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
            vs++;
            ve--;
        }
        if (ke == ks)
            continue;
        kv_push(l, xstrndup(ks, (size_t)(ke - ks)), xstrndup(vs, (size_t)(ve - vs)));
    }
}

int origin_parse(const char *s, Origin *o)
{
    memset(o, 0, sizeof *o);
    if (!s)
        return -1;
    const char *p;
    if (strncasecmp(s, "http://", 7) == 0) {
        strcpy(o->scheme, "http");
        o->port = 80;
        p = s + 7;
    } else if (strncasecmp(s, "https://", 8) == 0) {
        strcpy(o->scheme, "https");
        o->port = 443;
        p = s + 8;
    } else {
        return -1;
    }
    size_t hl = 0;
    if (*p == '[') { /* IPv6 literal: only hex digits, ':' and '.' inside */
        hl = 1;
        while (isxdigit((unsigned char)p[hl]) || p[hl] == ':' || p[hl] == '.')
            hl++;
        if (hl == 1 || p[hl] != ']')
            return -1;
        hl++;
    } else {
        while (p[hl] && p[hl] != ':' && p[hl] != '/' && p[hl] != '?' && p[hl] != '#')
            hl++;
    }
    if (hl == 0 || hl >= sizeof o->host)
        return -1;
    for (size_t i = 0; i < hl; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c <= ' ' || c >= 0x7f || c == '@')
            return -1;
        o->host[i] = (char)tolower(c);
    }
    o->host[hl] = '\0';
    p += hl;
    if (*p == ':') {
        p++;
        if (!isdigit((unsigned char)*p))
            return -1;
        long port = 0;
        while (isdigit((unsigned char)*p)) {
            port = port * 10 + (*p - '0');
            if (port > 65535)
                return -1;
            p++;
        }
        if (port == 0)
            return -1;
        o->port = (int)port;
    }
    if (*p && *p != '/' && *p != '?' && *p != '#')
        return -1;
    return 0;
}

int origin_equal(const Origin *a, const Origin *b)
{
    return strcmp(a->scheme, b->scheme) == 0 && strcmp(a->host, b->host) == 0 && a->port == b->port;
}
