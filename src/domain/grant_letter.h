/*
 * grant_letter.h - a grant's offer letter (issue 14; seed 002 section 8
 * items 3 to 11): the payee, the school supported, the programme, the
 * total and the termly schedule, then the terms of the grant, each from a
 * row of GRANT_TERMS which quotes the seed's sentence it comes from word
 * for word beside the letter's own wording. Pure: the same letter as text
 * (for tests and the page) and as a PDF (core/pdf.h).
 */
#ifndef RISE_GRANT_LETTER_H
#define RISE_GRANT_LETTER_H

#include <stddef.h>
#include <stdint.h>

/* A term of the grant: its id, the seed's sentence, the letter's wording. */
typedef struct GrantTerm {
    const char *id, *seed, *text;
} GrantTerm;
extern const GrantTerm GRANT_TERMS[];
extern const size_t GRANT_N_TERMS;

/* The standard conditions every grant is subject to (002 8.11). */
#define GRANT_CONDITIONS_URL "https://www.gov.uk/government/publications/grant-funding-agreement-terms-and-conditions"

typedef struct GrantLetterLine {
    const char *label;       /* "Term 1 (paid up front)" */
    const char *expected_on; /* yyyy-mm-dd, or NULL */
    int64_t amount;          /* pence */
} GrantLetterLine;

typedef struct GrantLetter {
    const char *reference;   /* "RISE-GRANT-12" */
    const char *kind;        /* "raf", "planning", "improvement" */
    const char *payee;       /* who is paid */
    const char *school;      /* the school (or trust) supported */
    const char *programme;   /* the programme's code */
    const char *year;        /* the financial year, "2026-27" */
    const char *offered_on;  /* yyyy-mm-dd */
    const char *offered_by;  /* "Name <email>" or a name */
    int plan_version;        /* the approved plan it was made from (0: none) */
    int64_t total;           /* pence */
    const GrantLetterLine *lines;
    size_t n_lines;
} GrantLetter;

/* "Recommended actions grant" ... for a kind. */
const char *grant_kind_label(const char *kind);

/* The letter as plain text (malloc'd). */
char *grant_letter_text(const GrantLetter *g);

/* The letter as a PDF: *out malloc'd. 0, or -1. */
int grant_letter_pdf(const GrantLetter *g, unsigned char **out, size_t *len);

#endif
