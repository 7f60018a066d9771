/*
 * buf.h - growable byte buffers.
 *
 * A Buf owns a heap block that grows as bytes are appended. It is the one
 * string-building primitive of the program; out-of-memory aborts (there is no
 * sensible recovery for a web server that cannot allocate a few kilobytes).
 */
#ifndef RISE_BUF_H
#define RISE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct Buf {
    char *p;     /* always NUL-terminated when cap > 0 */
    size_t len;
    size_t cap;
} Buf;

#define BUF_INIT {NULL, 0, 0}

void buf_init(Buf *b);
void buf_free(Buf *b);
void buf_reset(Buf *b);
void buf_reserve(Buf *b, size_t extra);
void buf_append(Buf *b, const void *data, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
/* Returns the contents as a C string ("" when empty); never NULL. */
const char *buf_str(const Buf *b);
/* Hands the block to the caller (who frees it) and resets b. */
char *buf_take(Buf *b);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/*
 * Appends one zeroed element of `size` bytes to the array *items holding *n
 * of *cap, doubling the allocation when full, and returns it:
 *     Row *r = xgrow((void **)&list->items, &list->n, &cap, sizeof *list->items);
 */
void *xgrow(void **items, size_t *n, size_t *cap, size_t size);

#endif
