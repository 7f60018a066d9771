/*
 * test_plan_document.c - the approved plan as a PDF (issue 13 item 9):
 * a PDF of every field, its text readable by pdftotext (poppler-utils) when
 * it is installed: the school, the totals in pounds, "£" and curly quotes
 * written, long text wrapped over pages.
 */
#include "core/pdf.h"
#include "domain/plan_document.h"

#include "plan_fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The PDF's text by pdftotext, or NULL when it is not installed. */
static char *pdf_text(const unsigned char *pdf, size_t len)
{
    if (access("/usr/bin/pdftotext", X_OK) != 0)
        return NULL;
    char in[] = "/tmp/rise-plan-pdf-XXXXXX";
    int fd = mkstemp(in);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pdf, len), (ssize_t)len);
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "/usr/bin/pdftotext -enc UTF-8 %s -", in);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t cap = 1 << 20, n = 0;
    char *out = malloc(cap);
    size_t got;
    while ((got = fread(out + n, 1, cap - n - 1, f)) > 0)
        n += got;
    out[n] = '\0';
    pclose(f);
    unlink(in);
    return out;
}

static void an_approved_raf_as_a_pdf(void **state)
{
    (void)state;
    Plan p;
    raf_ok(&p);
    PlanDocInfo info = {.school = "Brook Primary School", .programme = "si-2019-20", .provider = "Moor Trust",
                        .version = 2, .approved_on = "2026-11-20", .approved_by = "Sam Director <sam@example.gov.uk>"};
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(plan_document_pdf(&p, &params, &info, &pdf, &len), 0);
    assert_true(len > 500);
    assert_memory_equal(pdf, "%PDF-", 5);
    char *text = pdf_text(pdf, len);
    if (text && !strstr(text, "Brook Primary"))
        fprintf(stderr, "the PDF's text:\n%.2000s\n", text);
    if (text) {
        assert_non_null(strstr(text, "Brook Primary")); /* the title wraps before "School" */
        assert_non_null(strstr(text, "Approved on 20 November 2026 by Sam Director"));
        char total[32];
        plan_money(plan_total(&p), total, sizeof total);
        assert_non_null(strstr(text, total)); /* "£..." survives the Windows-1252 font */
        free(text);
    }
    free(pdf);
    plan_free(&p);
}

static void long_text_wraps_over_pages_and_odd_characters_show(void **state)
{
    (void)state;
    PdfDoc *d = pdf_open("A long document");
    assert_non_null(d);
    pdf_heading(d, 1, "A long document");
    for (int i = 0; i < 200; i++)
        pdf_row(d, "A label that is long enough to wrap onto a second line", "“Quoted” text – with a dash, £5 and "
                   "an emoji 😀 that cannot be written, repeated to fill the line and wrap it across the page width");
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(pdf_finish(d, &pdf, &len), 0);
    char *text = pdf_text(pdf, len);
    if (text) {
        assert_non_null(strstr(text, "“Quoted” text – with a dash, £5"));
        assert_non_null(strstr(text, "emoji ? that")); /* outside Windows-1252 */
        assert_non_null(strstr(text, "Page 5"));
        free(text);
    }
    free(pdf);
    char out[64];
    pdf_cp1252("£€’", out);
    assert_string_equal(out, "\xa3\x80\x92");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(an_approved_raf_as_a_pdf, setup),
        cmocka_unit_test(long_text_wraps_over_pages_and_odd_characters_show),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
