/*
 * html.h - the only way markup is written.
 *
 * An Html is a buffer that can be filled only through these functions, so
 * everything in it is safe by construction:
 *
 *   html_printf(h, "<p class=\"x\">%s</p>", name)   %s is HTML-escaped
 *   html_lit(h, "<br>")                            string literals only
 *   html_url_param(h, value)                       percent-encodes a URL part
 *   html_href(h, url)                              a URL attribute value
 *   html_append(h, other)                          another Html, as is
 *
 * html_printf and html_lit accept only string-literal formats (the macros
 * below paste "" around them, which fails to compile for a variable), and
 * html_printf's %s always escapes & < > " ' so the same call is safe in text
 * and in a double-quoted attribute. Numbers (%d %u %ld %lu %lld %llu %zu, and
 * %.*s for an escaped slice) are passed through. tools/check-html.sh, run by
 * `make test`, fails the build when code under src/web writes to a buffer in
 * any other way.
 */
#ifndef RISE_HTML_H
#define RISE_HTML_H

#include "core/buf.h"

#include <stddef.h>

typedef struct Html {
    Buf b_; /* private: only html.c touches it */
} Html;

void html_init(Html *h);
void html_free(Html *h);
void html_reset(Html *h);
size_t html_len(const Html *h);
/* The markup so far, for sending or testing. */
const char *html_str(const Html *h);
/* Hands the buffer to the caller (server.c sends it) and resets h. */
Buf html_take(Html *h);

#define html_printf(h, fmt, ...) html_printf_((h), "" fmt "", ##__VA_ARGS__)
#define html_lit(h, s) html_lit_((h), "" s "", sizeof(s) - 1)

void html_printf_(Html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_lit_(Html *h, const char *s, size_t n);

/* Escaped text (also safe inside a double-quoted attribute). NULL writes nothing. */
void html_text(Html *h, const char *s);
void html_textn(Html *h, const char *s, size_t n);

/*
 * Percent-encodes s for use inside a URL path segment or query value:
 * everything but A-Z a-z 0-9 - . _ ~ is encoded, so the result is also
 * HTML-safe.
 */
void html_url_param(Html *h, const char *s);

/*
 * Writes url as an attribute value (without the quotes). Relative URLs
 * ("/path", "?q", "#id") and http(s)/mailto absolute URLs are written
 * escaped; anything else (javascript:, data:, ...) is replaced by "#".
 */
void html_href(Html *h, const char *url);

/* Appends the markup of src (already safe, since it is an Html). */
void html_append(Html *h, const Html *src);

/* Escapes s into a Buf (for non-Html contexts such as tests or e-mail). */
void html_escape_to(Buf *out, const char *s, size_t n);

#endif
