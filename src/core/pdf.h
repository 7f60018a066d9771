/*
 * pdf.h - a plain text document as a PDF, in memory (libharu): headings,
 * paragraphs and label/value rows on A4 pages, wrapped and paginated, each
 * page numbered. Text is UTF-8; it is written in Helvetica with the
 * Windows-1252 encoding, so "£", curly quotes and dashes show, and a
 * character outside it shows as "?".
 */
#ifndef RISE_PDF_H
#define RISE_PDF_H

#include <stddef.h>

typedef struct PdfDoc PdfDoc;

/* A new document with its title (also the PDF's Title); NULL on failure. */
PdfDoc *pdf_open(const char *title);
/* A heading: level 1 (the title), 2 (a section) or 3. */
void pdf_heading(PdfDoc *d, int level, const char *text);
/* A paragraph, wrapped; "\n" starts a new line. */
void pdf_para(PdfDoc *d, const char *text);
/* A label in bold with its value beside it, both wrapped. */
void pdf_row(PdfDoc *d, const char *label, const char *value);
/* A small grey line of text (a caption, a footnote). */
void pdf_note(PdfDoc *d, const char *text);
/* Finishes the document: *out (malloc'd) and *len. 0, or -1 on failure
   (nothing allocated). Frees d either way. */
int pdf_finish(PdfDoc *d, unsigned char **out, size_t *len);

/* UTF-8 to Windows-1252 (for the built-in fonts); out holds at least
   strlen(in) + 1 bytes. */
void pdf_cp1252(const char *in, char *out);

#endif
