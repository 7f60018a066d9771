/*
 * test_govuk_forms.c - the two form patterns the screening decision and
 * queue rely on (issue 10 item 19): radios that reveal a question under the
 * chosen item (govuk-frontend's conditional reveal, compared with its own
 * fixture), and reading a date input with the Design System's error
 * messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "web/govuk.h"

/* Each run of whitespace as one space, none next to tags. */
static char *normalise(const char *s)
{
    size_t n = strlen(s), k = 0, m = 0;
    char *collapsed = malloc(n + 1), *out = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        if (strchr(" \t\r\n", s[i])) {
            if (k > 0 && collapsed[k - 1] != ' ')
                collapsed[k++] = ' ';
        } else {
            collapsed[k++] = s[i];
        }
    }
    collapsed[k] = 0;
    for (size_t i = 0; i < k; i++) {
        if (collapsed[i] == ' ' && ((m > 0 && out[m - 1] == '>') || collapsed[i + 1] == '<' || collapsed[i + 1] == 0))
            continue;
        out[m++] = collapsed[i];
    }
    out[m] = 0;
    free(collapsed);
    return out;
}

static void assert_same_markup(const char *got, const char *want)
{
    char *g = normalise(got), *w = normalise(want);
    if (strcmp(g, w) != 0) {
        size_t i = 0;
        while (g[i] && g[i] == w[i])
            i++;
        size_t from = i > 60 ? i - 60 : 0;
        print_error("markup differs at offset %zu\n  got:  ...%.160s\n  want: ...%.160s\n", i, g + from, w + from);
        free(g);
        free(w);
        fail();
    }
    free(g);
    free(w);
}

/* govuk-frontend 6.6.0, components/radios/fixtures.json, "with conditional
   item checked" (MIT licence). */
static const char FX_CONDITIONAL_CHECKED[] =
    "<div class=\"govuk-form-group\">\n"
    "  <fieldset class=\"govuk-fieldset\">\n"
    "  <legend class=\"govuk-fieldset__legend\">\n"
    "    How do you want to be contacted?\n"
    "  </legend>\n"
    "  <div class=\"govuk-radios\" data-module=\"govuk-radios\">\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"how-contacted-checked\" name=\"how-contacted-checked\" "
    "type=\"radio\" value=\"email\" checked data-aria-controls=\"conditional-how-contacted-checked\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"how-contacted-checked\">\n"
    "        Email\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__conditional\" id=\"conditional-how-contacted-checked\">\n"
    "      <label class=\"govuk-label\" for=\"context-email\">Email</label>\n"
    "<input class=\"govuk-input govuk-!-width-one-third\" name=\"context-email\" type=\"text\" id=\"context-email\">\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"how-contacted-checked-2\" name=\"how-contacted-checked\" "
    "type=\"radio\" value=\"phone\" data-aria-controls=\"conditional-how-contacted-checked-2\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"how-contacted-checked-2\">\n"
    "        Phone\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__conditional govuk-radios__conditional--hidden\" "
    "id=\"conditional-how-contacted-checked-2\">\n"
    "      <label class=\"govuk-label\" for=\"contact-phone\">Phone number</label>\n"
    "<input class=\"govuk-input govuk-!-width-one-third\" name=\"contact-phone\" type=\"text\" id=\"contact-phone\">\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"how-contacted-checked-3\" name=\"how-contacted-checked\" "
    "type=\"radio\" value=\"text\" data-aria-controls=\"conditional-how-contacted-checked-3\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"how-contacted-checked-3\">\n"
    "        Text message\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__conditional govuk-radios__conditional--hidden\" "
    "id=\"conditional-how-contacted-checked-3\">\n"
    "      <label class=\"govuk-label\" for=\"contact-text-message\">Mobile phone number</label>\n"
    "<input class=\"govuk-input govuk-!-width-one-third\" name=\"contact-text-message\" type=\"text\" "
    "id=\"contact-text-message\">\n"
    "    </div>\n"
    "  </div>\n"
    "</fieldset>\n"
    "</div>\n";

static void conditional_reveal_matches_govuk_frontend(void **state)
{
    (void)state;
    Html email, phone, text, h;
    html_init(&email);
    html_init(&phone);
    html_init(&text);
    html_init(&h);
    html_lit(&email, "<label class=\"govuk-label\" for=\"context-email\">Email</label>\n<input class=\"govuk-input"
                     " govuk-!-width-one-third\" name=\"context-email\" type=\"text\" id=\"context-email\">\n");
    html_lit(&phone, "<label class=\"govuk-label\" for=\"contact-phone\">Phone number</label>\n<input class=\"govuk-input"
                     " govuk-!-width-one-third\" name=\"contact-phone\" type=\"text\" id=\"contact-phone\">\n");
    html_lit(&text, "<label class=\"govuk-label\" for=\"contact-text-message\">Mobile phone number</label>\n<input"
                    " class=\"govuk-input govuk-!-width-one-third\" name=\"contact-text-message\" type=\"text\""
                    " id=\"contact-text-message\">\n");
    govuk_radios(&h, &(GovukRadios){.name = "how-contacted-checked",
                                    .legend = "How do you want to be contacted?",
                                    .items = (GovukChoice[]){{.value = "email", .text = "Email", .checked = 1,
                                                              .conditional = &email},
                                                             {.value = "phone", .text = "Phone", .conditional = &phone},
                                                             {.value = "text", .text = "Text message",
                                                              .conditional = &text}},
                                    .n_items = 3});
    assert_same_markup(html_str(&h), FX_CONDITIONAL_CHECKED);

    /* the submitted value reveals its item's question (a form shown again
       with an error keeps it open); an empty conditional is none */
    Html empty;
    html_init(&empty);
    html_reset(&h);
    govuk_radios(&h, &(GovukRadios){.name = "decision", .value = "open-case",
                                    .items = (GovukChoice[]){{.value = "open-case", .text = "Open a case",
                                                              .conditional = &email},
                                                             {.value = "set-aside", .text = "Set it aside",
                                                              .conditional = &empty}},
                                    .n_items = 2});
    assert_non_null(strstr(html_str(&h), "value=\"open-case\" checked data-aria-controls=\"conditional-decision\""));
    assert_non_null(strstr(html_str(&h), "<div class=\"govuk-radios__conditional\" id=\"conditional-decision\">"));
    assert_null(strstr(html_str(&h), "conditional-decision-2"));
    html_free(&empty);
    html_free(&email);
    html_free(&phone);
    html_free(&text);
    html_free(&h);
}

/* A date read: 1 with the date, or -1 with the message and the fields. */
static void expect_error(const char *d, const char *m, const char *y, const char *message, int day, int month,
                         int year)
{
    GovukDateRead r;
    assert_int_equal(govuk_date_read(d, m, y, "As at date", &r), -1);
    assert_string_equal(r.error, message);
    assert_int_equal(r.error_day, day);
    assert_int_equal(r.error_month, month);
    assert_int_equal(r.error_year, year);
}

static void date_read_follows_the_design_system(void **state)
{
    (void)state;
    GovukDateRead r;
    assert_int_equal(govuk_date_read("", " ", NULL, "As at date", &r), 0);
    assert_int_equal(govuk_date_read(" 1 ", "09", "2019 ", "As at date", &r), 1);
    assert_int_equal(r.year, 2019);
    assert_int_equal(r.month, 9);
    assert_int_equal(r.day, 1);
    assert_int_equal(govuk_date_read("29", "Feb", "2024", "As at date", &r), 1);
    assert_int_equal(r.month, 2);
    assert_int_equal(govuk_date_read("3", "september", "2019", "As at date", &r), 1);
    assert_int_equal(r.month, 9);
    /* incomplete: name what is missing, highlight those fields */
    expect_error("1", "9", "", "As at date must include a year", 0, 0, 1);
    expect_error("", "9", "2019", "As at date must include a day", 1, 0, 0);
    expect_error("", "", "2019", "As at date must include a day and month", 1, 1, 0);
    expect_error("1", "", "", "As at date must include a month and year", 0, 1, 1);
    /* cannot be right */
    expect_error("32", "9", "2019", "As at date must be a real date", 1, 0, 0);
    expect_error("1", "13", "2019", "As at date must be a real date", 0, 1, 0);
    expect_error("1", "Septembre", "2019", "As at date must be a real date", 0, 1, 0);
    expect_error("x", "y", "2019", "As at date must be a real date", 1, 1, 0);
    expect_error("29", "2", "2025", "As at date must be a real date", 1, 0, 0);
    expect_error("1", "9", "19", "Year must include 4 numbers", 0, 0, 1);
    expect_error("1", "9", "20199", "Year must include 4 numbers", 0, 0, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conditional_reveal_matches_govuk_frontend),
        cmocka_unit_test(date_read_follows_the_design_system),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
