/*
 * test_grant_letter.c - a grant's offer letter (domain/grant_letter.c):
 * 002 section 8 items 3 to 11 each a row quoting the seed word for word,
 * the letter naming the payee, the school, the programme, the total and the
 * schedule, the underspend and the annual returns, the standard conditions'
 * link, and a PDF made of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/grant_letter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const GrantLetterLine LINES[] = {
    {"Term 1 (paid up front)", "2026-10-14", 600000},
    {"Term 2 (paid in arrears)", "2026-12-31", 600000},
};

static GrantLetter letter(void)
{
    return (GrantLetter){.reference = "GRANT-7",
                         .kind = "raf",
                         .payee = "Near Trust Partnership",
                         .school = "Brook Primary School",
                         .programme = "si-2019-20",
                         .year = "2026-27",
                         .offered_on = "2026-09-30",
                         .offered_by = "Gail Grant <gail@example.gov.uk>",
                         .plan_version = 2,
                         .total = 1200000,
                         .lines = LINES,
                         .n_lines = 2};
}

/* Each term quotes its seed sentence (002 8.3-8.11) and has its wording. */
static void terms_quote_the_seed(void **state)
{
    (void)state;
    assert_int_equal(GRANT_N_TERMS, 10);
    for (size_t i = 0; i < GRANT_N_TERMS; i++) {
        assert_non_null(GRANT_TERMS[i].id);
        assert_true(strlen(GRANT_TERMS[i].seed) > 40);
        assert_true(strlen(GRANT_TERMS[i].text) > 40);
    }
    /* 002 8.4, word for word */
    int found = 0;
    for (size_t i = 0; i < GRANT_N_TERMS; i++)
        if (strstr(GRANT_TERMS[i].seed, "All underspend must be returned to the Department. You will be required to"
                                        " return a grant evaluation and assurance reports to the DfE as requested"
                                        " annually."))
            found = 1;
    assert_true(found);
}

static void the_letter_names_everything(void **state)
{
    (void)state;
    GrantLetter g = letter();
    char *t = grant_letter_text(&g);
    assert_non_null(strstr(t, "Grant offer letter: Recommended actions grant"));
    assert_non_null(strstr(t, "Paid to: Near Trust Partnership"));
    assert_non_null(strstr(t, "School supported: Brook Primary School"));
    assert_non_null(strstr(t, "Programme: School improvement offer 2019/20"));
    assert_non_null(strstr(t, "Total grant: £12,000"));
    assert_non_null(strstr(t, "Made from the plan: Version 2, as approved"));
    assert_non_null(strstr(t, "Offered on: 30 September 2026"));
    assert_non_null(strstr(t, "Offered by: Gail Grant\n"));
    assert_non_null(strstr(t, "Term 1 (paid up front): £6,000, expected by 14 October 2026"));
    assert_non_null(strstr(t, "Term 2 (paid in arrears): £6,000, expected by 31 December 2026"));
    assert_non_null(strstr(t, "All underspend must be returned to the Department"));
    assert_non_null(strstr(t, "annual grant evaluation and assurance return"));
    assert_non_null(strstr(t, "satisfactory progress against the actions through the previous term"));
    assert_non_null(strstr(t, "cover for staff release time"));
    assert_non_null(strstr(t, GRANT_CONDITIONS_URL));
    free(t);
}

static void a_pdf_is_made(void **state)
{
    (void)state;
    GrantLetter g = letter();
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(grant_letter_pdf(&g, &pdf, &len), 0);
    assert_true(len > 500);
    assert_memory_equal(pdf, "%PDF-", 5);
    free(pdf);
    /* nothing optional given: still a letter */
    GrantLetter bare = {.kind = "planning", .total = 300000};
    char *t = grant_letter_text(&bare);
    assert_non_null(strstr(t, "Planning grant"));
    assert_non_null(strstr(t, "£3,000"));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(terms_quote_the_seed),
        cmocka_unit_test(the_letter_names_everything),
        cmocka_unit_test(a_pdf_is_made),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
