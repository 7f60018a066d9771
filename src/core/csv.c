/*
 * csv.c - streaming CSV reader with encoding detection. See csv.h.
 *
 * The reader keeps a 64 KiB input window and builds each row's fields in a
 * growing buffer, so memory stays flat however large the file is.
 */
#include "core/csv.h"

#include "core/buf.h"
#include "core/kv.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CSV_MAX_ROW (1 << 20)
#define CSV_CHUNK (1 << 16)

struct CsvReader {
    FILE *f;
    char *mem; /* csv_open_mem */
    size_t mem_len, mem_pos;
    CsvEncoding enc;
    unsigned char in[CSV_CHUNK];
    size_t in_len, in_pos;
    size_t offset, size;
    long line;
    int eof;
    Buf row;          /* field bytes, each NUL-terminated */
    size_t *starts;   /* offsets of fields in row */
    size_t nstarts, capstarts;
    char **fields;
    char **converted; /* Windows-1252 fields converted to UTF-8 */
    size_t nconverted;
};

/* Windows-1252's 0x80-0x9F block; the rest of 0xA0-0xFF is Latin-1. */
static const unsigned short CP1252_HIGH[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

char *cp1252_to_utf8(const char *s, size_t n)
{
    Buf b = BUF_INIT;
    buf_reserve(&b, n + n / 4);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c < 0x80 ? c : (c < 0xA0 ? CP1252_HIGH[c - 0x80] : c);
        char enc[3];
        if (cp < 0x80) {
            buf_putc(&b, (char)cp);
        } else if (cp < 0x800) {
            enc[0] = (char)(0xC0 | (cp >> 6));
            enc[1] = (char)(0x80 | (cp & 0x3F));
            buf_append(&b, enc, 2);
        } else {
            enc[0] = (char)(0xE0 | (cp >> 12));
            enc[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            enc[2] = (char)(0x80 | (cp & 0x3F));
            buf_append(&b, enc, 3);
        }
    }
    return buf_take(&b);
}

/* Scans the whole file once: valid UTF-8 throughout, or Windows-1252. A
   multi-byte sequence split across chunks is carried over. */
static CsvEncoding detect(FILE *f)
{
    unsigned char buf[CSV_CHUNK + 4];
    size_t carry = 0, n;
    while ((n = fread(buf + carry, 1, CSV_CHUNK, f)) > 0) {
        size_t len = carry + n, i = 0, end = len;
        /* hold back an incomplete sequence at the end of the chunk */
        size_t k = len;
        while (k > 0 && k > len - 4 && (buf[k - 1] & 0xC0) == 0x80)
            k--;
        if (k > 0 && buf[k - 1] >= 0xC0) {
            unsigned char lead = buf[k - 1];
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (len - (k - 1) < need)
                end = k - 1;
        }
        /* NUL bytes are reported by the parser, not here */
        for (i = 0; i < end; i++)
            if (buf[i] == 0)
                buf[i] = ' ';
        if (!utf8_valid((const char *)buf, end))
            return CSV_WINDOWS_1252;
        carry = len - end;
        memmove(buf, buf + end, carry);
    }
    if (carry && !utf8_valid((const char *)buf, carry))
        return CSV_WINDOWS_1252;
    return CSV_UTF8;
}

static CsvReader *reader_new(void)
{
    CsvReader *r = xcalloc(1, sizeof *r);
    r->line = 1;
    return r;
}

CsvReader *csv_open(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a folder, not a file", path);
        fclose(f);
        return NULL;
    }
    CsvReader *r = reader_new();
    r->f = f;
    r->size = (size_t)st.st_size;
    r->enc = detect(f);
    rewind(f);
    return r;
}

CsvReader *csv_open_mem(const char *data, size_t len)
{
    CsvReader *r = reader_new();
    r->mem = xmalloc(len + 1);
    memcpy(r->mem, data, len);
    r->mem_len = len;
    r->size = len;
    FILE *f = fmemopen(r->mem, len ? len : 1, "rb");
    if (f) {
        r->enc = len ? detect(f) : CSV_UTF8;
        fclose(f);
    }
    return r;
}

static void free_converted(CsvReader *r)
{
    for (size_t i = 0; i < r->nconverted; i++)
        free(r->converted[i]);
    r->nconverted = 0;
}

void csv_close(CsvReader *r)
{
    if (!r)
        return;
    if (r->f)
        fclose(r->f);
    free_converted(r);
    free(r->converted);
    free(r->mem);
    buf_free(&r->row);
    free(r->starts);
    free(r->fields);
    free(r);
}

CsvEncoding csv_encoding(const CsvReader *r)
{
    return r->enc;
}

size_t csv_offset(const CsvReader *r)
{
    return r->offset;
}

size_t csv_size(const CsvReader *r)
{
    return r->size;
}

/* Next byte, or -1 at the end. */
static int getb(CsvReader *r)
{
    if (r->in_pos == r->in_len) {
        if (r->eof)
            return -1;
        size_t n;
        if (r->mem) {
            n = r->mem_len - r->mem_pos;
            if (n > CSV_CHUNK)
                n = CSV_CHUNK;
            memcpy(r->in, r->mem + r->mem_pos, n);
            r->mem_pos += n;
        } else {
            n = fread(r->in, 1, CSV_CHUNK, r->f);
        }
        if (n == 0) {
            r->eof = 1;
            return -1;
        }
        r->in_len = n;
        r->in_pos = 0;
        if (r->offset == 0 && n >= 3 && r->in[0] == 0xEF && r->in[1] == 0xBB && r->in[2] == 0xBF) {
            r->in_pos = 3; /* byte-order mark */
            r->offset = 3;
        }
    }
    r->offset++;
    return r->in[r->in_pos++];
}

static int peekb(CsvReader *r)
{
    int c = getb(r);
    if (c >= 0) {
        r->in_pos--;
        r->offset--;
    }
    return c;
}

static void end_field(CsvReader *r)
{
    buf_putc(&r->row, '\0');
    if (r->nstarts == r->capstarts) {
        r->capstarts = r->capstarts ? r->capstarts * 2 : 64;
        r->starts = xrealloc(r->starts, r->capstarts * sizeof *r->starts);
    }
}

int csv_next(CsvReader *r, CsvRow *row, char *err, size_t errlen)
{
    buf_reset(&r->row);
    free_converted(r);
    r->nstarts = 0;
    int c = getb(r);
    if (c < 0)
        return 0;
    long start_line = r->line;
    size_t field_start = 0;
    int in_quotes = 0, quoted_field = 0;
    for (;;) {
        if (c == 0) {
            snprintf(err, errlen, "line %ld: the file contains a NUL byte: it is not a CSV text file", r->line);
            return -1;
        }
        if (r->row.len > CSV_MAX_ROW) {
            snprintf(err, errlen, "line %ld: a row longer than 1 MiB: is a quote left open?", start_line);
            return -1;
        }
        if (in_quotes) {
            if (c < 0) {
                snprintf(err, errlen, "line %ld: a quoted value is never closed", start_line);
                return -1;
            }
            if (c == '"') {
                if (peekb(r) == '"') {
                    getb(r);
                    buf_putc(&r->row, '"');
                } else {
                    in_quotes = 0;
                }
            } else {
                if (c == '\n')
                    r->line++;
                buf_putc(&r->row, (char)c);
            }
        } else if (c == '"' && r->row.len == field_start && !quoted_field) {
            in_quotes = 1;
            quoted_field = 1;
        } else if (c == ',') {
            end_field(r);
            r->starts[r->nstarts++] = field_start;
            field_start = r->row.len;
            quoted_field = 0;
        } else if (c == '\r' || c == '\n' || c < 0) {
            if (c == '\r' && peekb(r) == '\n')
                getb(r);
            if (c >= 0)
                r->line++;
            end_field(r);
            r->starts[r->nstarts++] = field_start;
            break;
        } else {
            buf_putc(&r->row, (char)c);
        }
        c = getb(r);
    }
    r->fields = xrealloc(r->fields, (r->nstarts ? r->nstarts : 1) * sizeof *r->fields);
    if (r->enc == CSV_WINDOWS_1252)
        r->converted = xrealloc(r->converted, (r->nstarts ? r->nstarts : 1) * sizeof *r->converted);
    for (size_t i = 0; i < r->nstarts; i++) {
        char *f = r->row.p + r->starts[i];
        if (r->enc == CSV_WINDOWS_1252) {
            int high = 0;
            for (const unsigned char *p = (const unsigned char *)f; *p; p++)
                if (*p >= 0x80) {
                    high = 1;
                    break;
                }
            if (high) {
                f = cp1252_to_utf8(f, strlen(f));
                r->converted[r->nconverted++] = f;
            }
        }
        r->fields[i] = f;
    }
    row->n = r->nstarts;
    row->fields = r->fields;
    row->line = start_line;
    return 1;
}

void csv_norm_header(const char *in, char *out, size_t outlen)
{
    size_t j = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && j + 1 < outlen; p++)
        if (isalnum(*p))
            out[j++] = (char)tolower(*p);
    out[j] = '\0';
}

void csv_problem(CsvProblems *p, const char *file, long line, int col, const char *fmt, ...)
{
    p->n++;
    if (p->n > 20 || p->len >= p->cap)
        return;
    int w = snprintf(p->out + p->len, p->cap - p->len, "%s%s:%ld:%d: ", p->len ? "\n" : "", file, line, col);
    if (w < 0 || (size_t)w >= p->cap - p->len)
        return;
    p->len += (size_t)w;
    va_list ap;
    va_start(ap, fmt);
    w = vsnprintf(p->out + p->len, p->cap - p->len, fmt, ap);
    va_end(ap);
    if (w > 0)
        p->len += (size_t)w < p->cap - p->len ? (size_t)w : p->cap - p->len - 1;
}

void csv_problems_end(CsvProblems *p)
{
    if (p->n > 20 && p->len + 40 < p->cap)
        snprintf(p->out + p->len, p->cap - p->len, "\nand %d more", p->n - 20);
}
