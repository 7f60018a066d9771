/*
 * pdf.c - see pdf.h. Lines are broken with libharu's own measure of the
 * font (HPDF_Font_MeasureText, at spaces), and a new page starts when the
 * next line would pass the bottom margin.
 */
#include "core/pdf.h"

#include <hpdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARGIN 56.0f
#define LABEL_WIDTH 170.0f

struct PdfDoc {
    HPDF_Doc doc;
    HPDF_Page page;
    HPDF_Font regular, bold;
    float y, width, height;
    int pages, failed;
};

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    (void)error_no;
    (void)detail_no;
    ((PdfDoc *)user_data)->failed = 1;
}

void pdf_cp1252(const char *in, char *out)
{
    static const struct {
        uint32_t cp;
        unsigned char b;
    } EXTRA[] = {{0x20AC, 0x80}, {0x201A, 0x82}, {0x2026, 0x85}, {0x2022, 0x95}, {0x2018, 0x91}, {0x2019, 0x92},
                 {0x201C, 0x93}, {0x201D, 0x94}, {0x2013, 0x96}, {0x2014, 0x97}, {0x2122, 0x99}};
    const unsigned char *p = (const unsigned char *)in;
    size_t o = 0;
    while (*p) {
        uint32_t cp;
        int n;
        if (*p < 0x80) {
            cp = *p;
            n = 1;
        } else if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
            cp = ((uint32_t)(*p & 0x1F) << 6) | (p[1] & 0x3F);
            n = 2;
        } else if ((*p & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
            cp = ((uint32_t)(*p & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            n = 3;
        } else if ((*p & 0xF8) == 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
            cp = 0x10000;
            n = 4;
        } else {
            cp = '?';
            n = 1;
        }
        unsigned char b = '?';
        if (cp == '\t' || cp == '\r')
            b = ' ';
        else if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
            b = (unsigned char)cp;
        else
            for (size_t i = 0; i < sizeof EXTRA / sizeof EXTRA[0]; i++)
                if (EXTRA[i].cp == cp)
                    b = EXTRA[i].b;
        out[o++] = (char)b;
        p += n;
    }
    out[o] = '\0';
}

static void footer(PdfDoc *d)
{
    char num[32];
    snprintf(num, sizeof num, "Page %d", d->pages);
    HPDF_Page_BeginText(d->page);
    HPDF_Page_SetFontAndSize(d->page, d->regular, 8);
    HPDF_Page_TextOut(d->page, d->width - MARGIN - 40, MARGIN / 2, num);
    HPDF_Page_EndText(d->page);
}

static void new_page(PdfDoc *d)
{
    d->page = HPDF_AddPage(d->doc);
    HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    d->width = HPDF_Page_GetWidth(d->page);
    d->height = HPDF_Page_GetHeight(d->page);
    d->y = d->height - MARGIN;
    d->pages++;
    footer(d);
}

PdfDoc *pdf_open(const char *title)
{
    PdfDoc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->doc = HPDF_New(on_error, d);
    if (!d->doc) {
        free(d);
        return NULL;
    }
    HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
    d->regular = HPDF_GetFont(d->doc, "Helvetica", "WinAnsiEncoding");
    d->bold = HPDF_GetFont(d->doc, "Helvetica-Bold", "WinAnsiEncoding");
    char *t = malloc(strlen(title) + 1);
    if (t) {
        pdf_cp1252(title, t);
        HPDF_SetInfoAttr(d->doc, HPDF_INFO_TITLE, t);
        HPDF_SetInfoAttr(d->doc, HPDF_INFO_CREATOR, "rise");
        free(t);
    }
    new_page(d);
    return d;
}

/* Writes text (already Windows-1252) wrapped in a column from x of width w,
   starting at the current y; each line `lead` points tall. */
static void column(PdfDoc *d, HPDF_Font font, float size, float x, float w, const char *text, float lead)
{
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = malloc(len + 1);
        if (!line) {
            d->failed = 1;
            return;
        }
        memcpy(line, p, len);
        line[len] = '\0';
        size_t off = 0;
        do {
            if (d->y - lead < MARGIN)
                new_page(d);
            HPDF_UINT fit = HPDF_Font_MeasureText(font, (const HPDF_BYTE *)line + off, (HPDF_UINT)(len - off), w,
                                                  size, 0, 0, HPDF_TRUE, NULL);
            if (fit == 0) /* a word wider than the column: break it */
                fit = HPDF_Font_MeasureText(font, (const HPDF_BYTE *)line + off, (HPDF_UINT)(len - off), w, size,
                                            0, 0, HPDF_FALSE, NULL);
            if (fit == 0)
                fit = 1;
            char save = line[off + fit];
            line[off + fit] = '\0';
            d->y -= lead;
            HPDF_Page_BeginText(d->page);
            HPDF_Page_SetFontAndSize(d->page, font, size);
            HPDF_Page_TextOut(d->page, x, d->y, line + off);
            HPDF_Page_EndText(d->page);
            line[off + fit] = save;
            off += fit;
            while (off < len && line[off] == ' ')
                off++;
        } while (off < len);
        free(line);
        if (!nl)
            break;
        p = nl + 1;
    }
}

static char *conv(PdfDoc *d, const char *text)
{
    char *t = malloc(strlen(text ? text : "") + 1);
    if (!t) {
        d->failed = 1;
        return NULL;
    }
    pdf_cp1252(text ? text : "", t);
    return t;
}

void pdf_heading(PdfDoc *d, int level, const char *text)
{
    float size = level <= 1 ? 20 : level == 2 ? 14 : 11;
    char *t = conv(d, text);
    if (!t)
        return;
    if (level > 1 && d->y - size * 4 < MARGIN) /* not alone at the foot of a page */
        new_page(d);
    d->y -= level <= 1 ? 0 : size * 0.8f;
    column(d, d->bold, size, MARGIN, d->width - 2 * MARGIN, t, size * 1.3f);
    d->y -= size * 0.4f;
    free(t);
}

void pdf_para(PdfDoc *d, const char *text)
{
    char *t = conv(d, text);
    if (!t)
        return;
    column(d, d->regular, 10, MARGIN, d->width - 2 * MARGIN, t, 13);
    d->y -= 6;
    free(t);
}

void pdf_note(PdfDoc *d, const char *text)
{
    char *t = conv(d, text);
    if (!t)
        return;
    HPDF_Page_SetGrayFill(d->page, 0.35f);
    column(d, d->regular, 8, MARGIN, d->width - 2 * MARGIN, t, 11);
    HPDF_Page_SetGrayFill(d->page, 0);
    d->y -= 4;
    free(t);
}

void pdf_row(PdfDoc *d, const char *label, const char *value)
{
    char *l = conv(d, label), *v = conv(d, value && *value ? value : "Not given");
    if (l && v) {
        if (d->y - 26 < MARGIN)
            new_page(d);
        float top = d->y;
        HPDF_Page page = d->page;
        column(d, d->bold, 10, MARGIN, LABEL_WIDTH - 10, l, 13);
        float after_label = d->y;
        int same = page == d->page;
        if (same)
            d->y = top;
        column(d, d->regular, 10, MARGIN + LABEL_WIDTH, d->width - 2 * MARGIN - LABEL_WIDTH, v, 13);
        if (same && after_label < d->y && page == d->page)
            d->y = after_label;
        d->y -= 5;
    }
    free(l);
    free(v);
}

int pdf_finish(PdfDoc *d, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int rc = -1;
    if (!d->failed && HPDF_SaveToStream(d->doc) == HPDF_OK) {
        HPDF_UINT32 size = HPDF_GetStreamSize(d->doc);
        unsigned char *buf = malloc(size ? size : 1);
        HPDF_UINT32 got = size;
        HPDF_STATUS st = buf ? HPDF_ReadFromStream(d->doc, buf, &got) : HPDF_FAILD_TO_ALLOC_MEM;
        if (buf && (st == HPDF_OK || st == HPDF_STREAM_EOF) && got == size && !d->failed) {
            *out = buf;
            *len = size;
            rc = 0;
        } else {
            free(buf);
        }
    }
    HPDF_Free(d->doc);
    free(d);
    return rc;
}
