/*
 * html.c - the escaping output API. See html.h for the rules.
 *
 * html_printf_ implements a small printf: it walks the format, copies literal
 * text as is (the format is always a string literal written by us), escapes
 * every %s argument, and hands numeric conversions to vsnprintf one at a time.
 */
#include "web/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void html_init(Html *h)
{
    buf_init(&h->b_);
}

void html_free(Html *h)
{
    buf_free(&h->b_);
}

void html_reset(Html *h)
{
    buf_reset(&h->b_);
}

size_t html_len(const Html *h)
{
    return h->b_.len;
}

const char *html_str(const Html *h)
{
    return buf_str(&h->b_);
}

Buf html_take(Html *h)
{
    Buf b = h->b_;
    buf_init(&h->b_);
    return b;
}

void html_escape_to(Buf *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: break;
        }
        if (rep) {
            buf_append(out, s + run, i - run);
            buf_puts(out, rep);
            run = i + 1;
        }
    }
    buf_append(out, s + run, n - run);
}

void html_textn(Html *h, const char *s, size_t n)
{
    if (s)
        html_escape_to(&h->b_, s, n);
}

void html_text(Html *h, const char *s)
{
    if (s)
        html_escape_to(&h->b_, s, strlen(s));
}

void html_lit_(Html *h, const char *s, size_t n)
{
    buf_append(&h->b_, s, n);
}

void html_append(Html *h, const Html *src)
{
    buf_append(&h->b_, src->b_.p ? src->b_.p : "", src->b_.len);
}

void html_url_param(Html *h, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '.' || c == '_' || c == '~') {
            buf_putc(&h->b_, (char)c);
        } else {
            char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(&h->b_, enc, 3);
        }
    }
}

void html_href(Html *h, const char *url)
{
    if (!url || !*url) {
        buf_putc(&h->b_, '#');
        return;
    }
    int ok = 0;
    if (url[0] == '/' && url[1] != '/' && url[1] != '\\')
        ok = 1; /* path on this site ("//host" would leave it) */
    else if (url[0] == '?' || url[0] == '#')
        ok = 1;
    else if (strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0 ||
             strncasecmp(url, "mailto:", 7) == 0)
        ok = 1;
    for (const char *p = url; ok && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            ok = 0;
    if (!ok) {
        buf_putc(&h->b_, '#');
        return;
    }
    html_text(h, url);
}

void html_printf_(Html *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *p = fmt;
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            buf_puts(&h->b_, p);
            break;
        }
        buf_append(&h->b_, p, (size_t)(pct - p));
        p = pct + 1;
        if (*p == '%') {
            buf_putc(&h->b_, '%');
            p++;
            continue;
        }
        if (*p == 's') {
            html_text(h, va_arg(ap, const char *));
            p++;
            continue;
        }
        if (p[0] == '.' && p[1] == '*' && p[2] == 's') {
            int n = va_arg(ap, int);
            const char *s = va_arg(ap, const char *);
            if (s && n > 0)
                html_textn(h, s, strnlen(s, (size_t)n));
            p += 3;
            continue;
        }
        /* integer conversions: copy the spec and format that one argument */
        char spec[8] = "%";
        size_t k = 1;
        while (*p && strchr("hlzj", *p) && k < 5)
            spec[k++] = *p++;
        if (!*p || !strchr("diuxX", *p)) {
            /* unsupported conversion: compile-time format checking makes
               this unreachable for our own formats; write nothing */
            break;
        }
        char conv = *p++;
        spec[k++] = conv;
        spec[k] = '\0';
        char num[32];
        const char *mods = spec + 1;
        int unsig = (conv != 'd' && conv != 'i');
        if (mods[0] == 'z') {
            snprintf(num, sizeof num, spec, va_arg(ap, size_t));
        } else if (mods[0] == 'l' && mods[1] == 'l') {
            if (unsig)
                snprintf(num, sizeof num, spec, va_arg(ap, unsigned long long));
            else
                snprintf(num, sizeof num, spec, va_arg(ap, long long));
        } else if (mods[0] == 'l' || mods[0] == 'j') {
            if (unsig)
                snprintf(num, sizeof num, spec, va_arg(ap, unsigned long));
            else
                snprintf(num, sizeof num, spec, va_arg(ap, long));
        } else {
            if (unsig)
                snprintf(num, sizeof num, spec, va_arg(ap, unsigned int));
            else
                snprintf(num, sizeof num, spec, va_arg(ap, int));
        }
        buf_puts(&h->b_, num);
    }
    va_end(ap);
}
