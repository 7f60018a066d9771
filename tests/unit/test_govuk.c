/*
 * test_govuk.c - the GOV.UK components render the govuk-frontend markup.
 *
 * Two kinds of test. The fixture tests render the options of a fixture from
 * govuk-frontend 6.6.0 (components/<name>/fixtures.json, whose "html" is the
 * Nunjucks template's own output, copied below) and compare the markup with
 * layout whitespace normalised. The behaviour tests check what the pages
 * rely on: hostile text is escaped in text and attributes, unsafe URLs are
 * neutralised, aria-describedby names the hint and error ids, error classes
 * appear, and submitted values stay checked, selected or filled in.
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

/* ---------------------------------------------------------- helpers */

/*
 * Collapses each run of whitespace to one space and drops the spaces next
 * to tags, so markup that differs only in indentation and line breaks
 * compares equal. The caller frees the result.
 */
static char *normalise(const char *s)
{
    size_t n = strlen(s);
    char *collapsed = malloc(n + 1);
    char *out = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (strchr(" \t\r\n", s[i])) {
            if (k > 0 && collapsed[k - 1] != ' ')
                collapsed[k++] = ' ';
        } else {
            collapsed[k++] = s[i];
        }
    }
    collapsed[k] = '\0';
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (collapsed[i] == ' ' && (i == 0 || i + 1 == k || collapsed[i - 1] == '>' || collapsed[i + 1] == '<'))
            continue;
        out[m++] = collapsed[i];
    }
    out[m] = '\0';
    free(collapsed);
    return out;
}

static void assert_same_markup(const char *got, const char *want)
{
    char *g = normalise(got);
    char *w = normalise(want);
    if (strcmp(g, w) != 0) {
        size_t i = 0;
        while (g[i] && g[i] == w[i])
            i++;
        size_t from = i > 60 ? i - 60 : 0;
        print_error("markup differs at offset %zu\n  got:  ...%.160s\n  want: ...%.160s\n", i, g + from,
                    w + from);
        free(g);
        free(w);
        fail();
    }
    free(g);
    free(w);
}

#define assert_has(hay, needle)                                                                                \
    do {                                                                                                       \
        const char *hay_ = (hay);                                                                              \
        if (!strstr(hay_, (needle)))                                                                           \
            fail_msg("expected to find\n  %s\nin\n%s", (needle), hay_);                                        \
    } while (0)

#define assert_lacks(hay, needle)                                                                              \
    do {                                                                                                       \
        const char *hay_ = (hay);                                                                              \
        if (strstr(hay_, (needle)))                                                                            \
            fail_msg("did not expect\n  %s\nin\n%s", (needle), hay_);                                          \
    } while (0)

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Each test gets a fresh Html in *state. */
static int setup(void **state)
{
    Html *h = malloc(sizeof *h);
    html_init(h);
    *state = h;
    return 0;
}

static int teardown(void **state)
{
    html_free(*state);
    free(*state);
    return 0;
}

#define HOSTILE "\"><script>alert('x')</script>&"
#define HOSTILE_ESCAPED "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"

/* ---------------------------------------------------------- fixtures */

/* Markup from govuk-frontend 6.6.0 fixtures.json (MIT licence). */

/* input: "with error message" */
static const char FX_INPUT_ERROR[] =
    "<div class=\"govuk-form-group govuk-form-group--error\">\n"
    "  <label class=\"govuk-label\" for=\"input-with-error-message\">\n"
    "    National Insurance number\n"
    "  </label>\n"
    "  <p id=\"input-with-error-message-error\" class=\"govuk-error-message\">\n"
    "    <span class=\"govuk-visually-hidden\">Error:</span> Enter a National Insurance number in the correct format\n"
    "  </p>\n"
    "  <input class=\"govuk-input govuk-input--error\" id=\"input-with-error-message\" name=\"test-name-3\" type=\"text\" aria-describedby=\"input-with-error-message-error\">\n"
    "</div>";

/* input: "with hint text" */
static const char FX_INPUT_HINT[] =
    "<div class=\"govuk-form-group\">\n"
    "  <label class=\"govuk-label\" for=\"input-with-hint-text\">\n"
    "    National insurance number\n"
    "  </label>\n"
    "  <div id=\"input-with-hint-text-hint\" class=\"govuk-hint\">\n"
    "    It’s on your National Insurance card, benefit letter, payslip or P60. For example, ‘QQ 12 34 56 C’.\n"
    "  </div>\n"
    "  <input class=\"govuk-input\" id=\"input-with-hint-text\" name=\"test-name-2\" type=\"text\" aria-describedby=\"input-with-hint-text-hint\">\n"
    "</div>";

/* input: "with label as page heading" */
static const char FX_INPUT_HEADING[] =
    "<div class=\"govuk-form-group\">\n"
    "  <h1 class=\"govuk-label-wrapper\">\n"
    "    <label class=\"govuk-label govuk-label--l\" for=\"input-with-page-heading\">\n"
    "      National Insurance number\n"
    "    </label>\n"
    "  </h1>\n"
    "  <input class=\"govuk-input\" id=\"input-with-page-heading\" name=\"test-name\" type=\"text\">\n"
    "</div>";

/* input: "with spellcheck enabled" */
static const char FX_INPUT_SPELLCHECK[] =
    "<div class=\"govuk-form-group\">\n"
    "  <label class=\"govuk-label\" for=\"input-with-spellcheck-enabled\">\n"
    "    Spellcheck is enabled\n"
    "  </label>\n"
    "  <input class=\"govuk-input\" id=\"input-with-spellcheck-enabled\" name=\"spellcheck\" type=\"text\" spellcheck=\"true\">\n"
    "</div>";

/* radios: "with hint and error message" */
static const char FX_RADIOS_HINT_ERROR[] =
    "<div class=\"govuk-form-group govuk-form-group--error\">\n"
    "  <fieldset class=\"govuk-fieldset\" aria-describedby=\"example-error-message-hint-hint example-error-message-hint-error\">\n"
    "  <legend class=\"govuk-fieldset__legend\">\n"
    "    Have you changed your name?\n"
    "  </legend>\n"
    "  <div id=\"example-error-message-hint-hint\" class=\"govuk-hint\">\n"
    "    This includes changing your last name or spelling your name differently.\n"
    "  </div>\n"
    "  <p id=\"example-error-message-hint-error\" class=\"govuk-error-message\">\n"
    "    <span class=\"govuk-visually-hidden\">Error:</span> Please select an option\n"
    "  </p>\n"
    "  <div class=\"govuk-radios\" data-module=\"govuk-radios\">\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"example-error-message-hint\" name=\"example-error-message-hint\" type=\"radio\" value=\"yes\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"example-error-message-hint\">\n"
    "        Yes\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"example-error-message-hint-2\" name=\"example-error-message-hint\" type=\"radio\" value=\"no\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"example-error-message-hint-2\">\n"
    "        No\n"
    "      </label>\n"
    "    </div>\n"
    "  </div>\n"
    "</fieldset>\n"
    "</div>";

/* radios: "inline" */
static const char FX_RADIOS_INLINE[] =
    "<div class=\"govuk-form-group\">\n"
    "  <fieldset class=\"govuk-fieldset\" aria-describedby=\"example-hint\">\n"
    "  <legend class=\"govuk-fieldset__legend\">\n"
    "    Have you changed your name?\n"
    "  </legend>\n"
    "  <div id=\"example-hint\" class=\"govuk-hint\">\n"
    "    This includes changing your last name or spelling your name differently.\n"
    "  </div>\n"
    "  <div class=\"govuk-radios govuk-radios--inline\" data-module=\"govuk-radios\">\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"example\" name=\"example\" type=\"radio\" value=\"yes\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"example\">\n"
    "        Yes\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"example-2\" name=\"example\" type=\"radio\" value=\"no\" checked>\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"example-2\">\n"
    "        No\n"
    "      </label>\n"
    "    </div>\n"
    "  </div>\n"
    "</fieldset>\n"
    "</div>";

/* radios: "with hints on items" */
static const char FX_RADIOS_ITEM_HINTS[] =
    "<div class=\"govuk-form-group\">\n"
    "  <fieldset class=\"govuk-fieldset\">\n"
    "  <legend class=\"govuk-fieldset__legend govuk-fieldset__legend--l\">\n"
    "    <h1 class=\"govuk-fieldset__heading\">\n"
    "      How do you want to sign in?\n"
    "    </h1>\n"
    "  </legend>\n"
    "  <div class=\"govuk-radios\" data-module=\"govuk-radios\">\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"gateway\" name=\"gov\" type=\"radio\" value=\"gateway\" aria-describedby=\"gateway-item-hint\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"gateway\">\n"
    "        Sign in with Government Gateway\n"
    "      </label>\n"
    "      <div id=\"gateway-item-hint\" class=\"govuk-hint govuk-radios__hint\">\n"
    "        You’ll have a user ID if you’ve registered for Self Assessment or filed a tax return online before.\n"
    "      </div>\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"verify\" name=\"gov\" type=\"radio\" value=\"verify\" aria-describedby=\"verify-item-hint\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"verify\">\n"
    "        Sign in with GOV.UK Verify\n"
    "      </label>\n"
    "      <div id=\"verify-item-hint\" class=\"govuk-hint govuk-radios__hint\">\n"
    "        You’ll have an account if you’ve already proved your identity with either Barclays, CitizenSafe, Digidentity, Experian, Post Office, Royal Mail or SecureIdentity.\n"
    "      </div>\n"
    "    </div>\n"
    "  </div>\n"
    "</fieldset>\n"
    "</div>";

/* radios: "with a divider" */
static const char FX_RADIOS_DIVIDER[] =
    "<div class=\"govuk-form-group\">\n"
    "  <fieldset class=\"govuk-fieldset\">\n"
    "  <legend class=\"govuk-fieldset__legend\">\n"
    "    How do you want to sign in?\n"
    "  </legend>\n"
    "  <div class=\"govuk-radios\" data-module=\"govuk-radios\">\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"example-divider\" name=\"example\" type=\"radio\" value=\"government-gateway\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"example-divider\">\n"
    "        Use Government Gateway\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"example-divider-2\" name=\"example\" type=\"radio\" value=\"govuk-verify\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"example-divider-2\">\n"
    "        Use GOV.UK Verify\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__divider\">or</div>\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"example-divider-4\" name=\"example\" type=\"radio\" value=\"create-account\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"example-divider-4\">\n"
    "        Create an account\n"
    "      </label>\n"
    "    </div>\n"
    "  </div>\n"
    "</fieldset>\n"
    "</div>";

/* radios: "prechecked using value" */
static const char FX_RADIOS_PRECHECKED[] =
    "<div class=\"govuk-form-group\">\n"
    "  <div class=\"govuk-radios\" data-module=\"govuk-radios\">\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"example-default\" name=\"example-default\" type=\"radio\" value=\"yes\">\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"example-default\">\n"
    "        Yes\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-radios__item\">\n"
    "      <input class=\"govuk-radios__input\" id=\"example-default-2\" name=\"example-default\" type=\"radio\" value=\"no\" checked>\n"
    "      <label class=\"govuk-label govuk-radios__label\" for=\"example-default-2\">\n"
    "        No\n"
    "      </label>\n"
    "    </div>\n"
    "  </div>\n"
    "</div>";

/* checkboxes: "with error message" */
static const char FX_CHECKBOXES_ERROR[] =
    "<div class=\"govuk-form-group govuk-form-group--error\">\n"
    "  <fieldset class=\"govuk-fieldset\" aria-describedby=\"waste-error\">\n"
    "  <legend class=\"govuk-fieldset__legend\">\n"
    "    Which types of waste do you transport regularly?\n"
    "  </legend>\n"
    "  <p id=\"waste-error\" class=\"govuk-error-message\">\n"
    "    <span class=\"govuk-visually-hidden\">Error:</span> Please select an option\n"
    "  </p>\n"
    "  <div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"waste\" name=\"waste\" type=\"checkbox\" value=\"animal\" aria-describedby=\"waste-item-hint\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"waste\">\n"
    "        Waste from animal carcasses\n"
    "      </label>\n"
    "      <div id=\"waste-item-hint\" class=\"govuk-hint govuk-checkboxes__hint\">\n"
    "        Nullam id dolor id nibh ultricies vehicula ut id elit.\n"
    "      </div>\n"
    "    </div>\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"waste-2\" name=\"waste\" type=\"checkbox\" value=\"mines\" aria-describedby=\"waste-2-item-hint\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"waste-2\">\n"
    "        Waste from mines or quarries\n"
    "      </label>\n"
    "      <div id=\"waste-2-item-hint\" class=\"govuk-hint govuk-checkboxes__hint\">\n"
    "        Nullam id dolor id nibh ultricies vehicula ut id elit.\n"
    "      </div>\n"
    "    </div>\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"waste-3\" name=\"waste\" type=\"checkbox\" value=\"farm\" aria-describedby=\"waste-3-item-hint\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"waste-3\">\n"
    "        Farm or agricultural waste\n"
    "      </label>\n"
    "      <div id=\"waste-3-item-hint\" class=\"govuk-hint govuk-checkboxes__hint\">\n"
    "        Nullam id dolor id nibh ultricies vehicula ut id elit.\n"
    "      </div>\n"
    "    </div>\n"
    "  </div>\n"
    "</fieldset>\n"
    "</div>";

/* checkboxes: "with divider and None" */
static const char FX_CHECKBOXES_NONE[] =
    "<div class=\"govuk-form-group\">\n"
    "  <fieldset class=\"govuk-fieldset\">\n"
    "  <legend class=\"govuk-fieldset__legend\">\n"
    "    Which types of waste do you transport regularly?\n"
    "  </legend>\n"
    "  <div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"with-divider-and-none\" name=\"with-divider-and-none\" type=\"checkbox\" value=\"animal\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"with-divider-and-none\">\n"
    "        Waste from animal carcasses\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"with-divider-and-none-2\" name=\"with-divider-and-none\" type=\"checkbox\" value=\"mines\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"with-divider-and-none-2\">\n"
    "        Waste from mines or quarries\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"with-divider-and-none-3\" name=\"with-divider-and-none\" type=\"checkbox\" value=\"farm\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"with-divider-and-none-3\">\n"
    "        Farm or agricultural waste\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-checkboxes__divider\">or</div>\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"with-divider-and-none-5\" name=\"with-divider-and-none\" type=\"checkbox\" value=\"none\" data-behaviour=\"exclusive\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"with-divider-and-none-5\">\n"
    "        None of these\n"
    "      </label>\n"
    "    </div>\n"
    "  </div>\n"
    "</fieldset>\n"
    "</div>";

/* checkboxes: "multiple hints" */
static const char FX_CHECKBOXES_NO_FIELDSET[] =
    "<div class=\"govuk-form-group\">\n"
    "  <div id=\"example-multiple-hints-hint\" class=\"govuk-hint\">\n"
    "    If you have dual nationality, select all options that are relevant to you.\n"
    "  </div>\n"
    "  <div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"example-multiple-hints\" name=\"example-multiple-hints\" type=\"checkbox\" value=\"british\" aria-describedby=\"example-multiple-hints-hint example-multiple-hints-item-hint\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"example-multiple-hints\">\n"
    "        British\n"
    "      </label>\n"
    "      <div id=\"example-multiple-hints-item-hint\" class=\"govuk-hint govuk-checkboxes__hint\">\n"
    "        Hint for british option here\n"
    "      </div>\n"
    "    </div>\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"example-multiple-hints-2\" name=\"example-multiple-hints\" type=\"checkbox\" value=\"irish\" aria-describedby=\"example-multiple-hints-hint\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"example-multiple-hints-2\">\n"
    "        Irish\n"
    "      </label>\n"
    "    </div>\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"example-multiple-hints-3\" name=\"example-multiple-hints\" type=\"checkbox\" value=\"other\" aria-describedby=\"example-multiple-hints-hint example-multiple-hints-3-item-hint\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"example-multiple-hints-3\">\n"
    "        Citizen of another country\n"
    "      </label>\n"
    "      <div id=\"example-multiple-hints-3-item-hint\" class=\"govuk-hint govuk-checkboxes__hint\">\n"
    "        Hint for other option here\n"
    "      </div>\n"
    "    </div>\n"
    "  </div>\n"
    "</div>";

/* checkboxes: "with error and idPrefix" */
static const char FX_CHECKBOXES_ID_PREFIX[] =
    "<div class=\"govuk-form-group govuk-form-group--error\">\n"
    "  <p id=\"id-prefix-error\" class=\"govuk-error-message\">\n"
    "    <span class=\"govuk-visually-hidden\">Error:</span> Please select an option\n"
    "  </p>\n"
    "  <div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n"
    "    <div class=\"govuk-checkboxes__item\">\n"
    "      <input class=\"govuk-checkboxes__input\" id=\"id-prefix\" name=\"name-of-checkboxes\" type=\"checkbox\" value=\"animal\" aria-describedby=\"id-prefix-error\">\n"
    "      <label class=\"govuk-label govuk-checkboxes__label\" for=\"id-prefix\">\n"
    "        Waste from animal carcasses\n"
    "      </label>\n"
    "    </div>\n"
    "  </div>\n"
    "</div>";

/* date-input: "with error on day input" */
static const char FX_DATE_DAY_ERROR[] =
    "<div class=\"govuk-form-group govuk-form-group--error\">\n"
    "  <fieldset class=\"govuk-fieldset\" role=\"group\" aria-describedby=\"dob-day-error-hint dob-day-error-error\">\n"
    "    <legend class=\"govuk-fieldset__legend\">\n"
    "      What is your date of birth?\n"
    "    </legend>\n"
    "    <div id=\"dob-day-error-hint\" class=\"govuk-hint\">\n"
    "      For example, 31 3 1980\n"
    "    </div>\n"
    "    <p id=\"dob-day-error-error\" class=\"govuk-error-message\">\n"
    "      <span class=\"govuk-visually-hidden\">Error:</span> Error message goes here\n"
    "    </p>\n"
    "    <div class=\"govuk-date-input\" id=\"dob-day-error\">\n"
    "      <div class=\"govuk-date-input__item\">\n"
    "        <div class=\"govuk-form-group\">\n"
    "          <label class=\"govuk-label govuk-date-input__label\" for=\"dob-day-error-day\">\n"
    "            Day\n"
    "          </label>\n"
    "          <input class=\"govuk-input govuk-date-input__input govuk-input--error govuk-input--width-2\" id=\"dob-day-error-day\" name=\"day\" type=\"text\" inputmode=\"numeric\">\n"
    "        </div>\n"
    "      </div>\n"
    "      <div class=\"govuk-date-input__item\">\n"
    "        <div class=\"govuk-form-group\">\n"
    "          <label class=\"govuk-label govuk-date-input__label\" for=\"dob-day-error-month\">\n"
    "            Month\n"
    "          </label>\n"
    "          <input class=\"govuk-input govuk-date-input__input govuk-input--width-2\" id=\"dob-day-error-month\" name=\"month\" type=\"text\" inputmode=\"numeric\">\n"
    "        </div>\n"
    "      </div>\n"
    "      <div class=\"govuk-date-input__item\">\n"
    "        <div class=\"govuk-form-group\">\n"
    "          <label class=\"govuk-label govuk-date-input__label\" for=\"dob-day-error-year\">\n"
    "            Year\n"
    "          </label>\n"
    "          <input class=\"govuk-input govuk-date-input__input govuk-input--width-4\" id=\"dob-day-error-year\" name=\"year\" type=\"text\" inputmode=\"numeric\">\n"
    "        </div>\n"
    "      </div>\n"
    "    </div>\n"
    "  </fieldset>\n"
    "</div>";

/* date-input: "with error message and hint" */
static const char FX_DATE_ALL_ERROR[] =
    "<div class=\"govuk-form-group govuk-form-group--error\">\n"
    "  <fieldset class=\"govuk-fieldset\" role=\"group\" aria-describedby=\"dob-errors-hint dob-errors-error\">\n"
    "    <legend class=\"govuk-fieldset__legend\">\n"
    "      What is your date of birth?\n"
    "    </legend>\n"
    "    <div id=\"dob-errors-hint\" class=\"govuk-hint\">\n"
    "      For example, 31 3 1980\n"
    "    </div>\n"
    "    <p id=\"dob-errors-error\" class=\"govuk-error-message\">\n"
    "      <span class=\"govuk-visually-hidden\">Error:</span> Error message goes here\n"
    "    </p>\n"
    "    <div class=\"govuk-date-input\" id=\"dob-errors\">\n"
    "      <div class=\"govuk-date-input__item\">\n"
    "        <div class=\"govuk-form-group\">\n"
    "          <label class=\"govuk-label govuk-date-input__label\" for=\"dob-errors-day\">\n"
    "            Day\n"
    "          </label>\n"
    "          <input class=\"govuk-input govuk-date-input__input govuk-input--error govuk-input--width-2\" id=\"dob-errors-day\" name=\"day\" type=\"text\" inputmode=\"numeric\">\n"
    "        </div>\n"
    "      </div>\n"
    "      <div class=\"govuk-date-input__item\">\n"
    "        <div class=\"govuk-form-group\">\n"
    "          <label class=\"govuk-label govuk-date-input__label\" for=\"dob-errors-month\">\n"
    "            Month\n"
    "          </label>\n"
    "          <input class=\"govuk-input govuk-date-input__input govuk-input--error govuk-input--width-2\" id=\"dob-errors-month\" name=\"month\" type=\"text\" inputmode=\"numeric\">\n"
    "        </div>\n"
    "      </div>\n"
    "      <div class=\"govuk-date-input__item\">\n"
    "        <div class=\"govuk-form-group\">\n"
    "          <label class=\"govuk-label govuk-date-input__label\" for=\"dob-errors-year\">\n"
    "            Year\n"
    "          </label>\n"
    "          <input class=\"govuk-input govuk-date-input__input govuk-input--error govuk-input--width-4\" id=\"dob-errors-year\" name=\"year\" type=\"text\" inputmode=\"numeric\">\n"
    "        </div>\n"
    "      </div>\n"
    "    </div>\n"
    "  </fieldset>\n"
    "</div>";

/* date-input: "with values and name prefix" */
static const char FX_DATE_VALUES[] =
    "<div class=\"govuk-form-group\">\n"
    "  <fieldset class=\"govuk-fieldset\" role=\"group\" aria-describedby=\"with-values-name-prefix-hint\">\n"
    "    <legend class=\"govuk-fieldset__legend\">\n"
    "      What is your date of birth?\n"
    "    </legend>\n"
    "    <div id=\"with-values-name-prefix-hint\" class=\"govuk-hint\">\n"
    "      For example, 31 3 1980\n"
    "    </div>\n"
    "    <div class=\"govuk-date-input\" id=\"with-values-name-prefix\">\n"
    "      <div class=\"govuk-date-input__item\">\n"
    "        <div class=\"govuk-form-group\">\n"
    "          <label class=\"govuk-label govuk-date-input__label\" for=\"with-values-name-prefix-day\">\n"
    "            Day\n"
    "          </label>\n"
    "          <input class=\"govuk-input govuk-date-input__input govuk-input--width-2\" id=\"with-values-name-prefix-day\" name=\"dob-day\" type=\"text\" value=\"31\" inputmode=\"numeric\">\n"
    "        </div>\n"
    "      </div>\n"
    "      <div class=\"govuk-date-input__item\">\n"
    "        <div class=\"govuk-form-group\">\n"
    "          <label class=\"govuk-label govuk-date-input__label\" for=\"with-values-name-prefix-month\">\n"
    "            Month\n"
    "          </label>\n"
    "          <input class=\"govuk-input govuk-date-input__input govuk-input--width-2\" id=\"with-values-name-prefix-month\" name=\"dob-month\" type=\"text\" value=\"3\" inputmode=\"numeric\">\n"
    "        </div>\n"
    "      </div>\n"
    "      <div class=\"govuk-date-input__item\">\n"
    "        <div class=\"govuk-form-group\">\n"
    "          <label class=\"govuk-label govuk-date-input__label\" for=\"with-values-name-prefix-year\">\n"
    "            Year\n"
    "          </label>\n"
    "          <input class=\"govuk-input govuk-date-input__input govuk-input--width-4\" id=\"with-values-name-prefix-year\" name=\"dob-year\" type=\"text\" value=\"1980\" inputmode=\"numeric\">\n"
    "        </div>\n"
    "      </div>\n"
    "    </div>\n"
    "  </fieldset>\n"
    "</div>";

/* select: "with hint text and error message" */
static const char FX_SELECT_ERROR[] =
    "<div class=\"govuk-form-group govuk-form-group--error\">\n"
    "  <label class=\"govuk-label\" for=\"select-2\">\n"
    "    Label text goes here\n"
    "  </label>\n"
    "  <div id=\"select-2-hint\" class=\"govuk-hint\">\n"
    "    Hint text goes here\n"
    "  </div>\n"
    "  <p id=\"select-2-error\" class=\"govuk-error-message\">\n"
    "    <span class=\"govuk-visually-hidden\">Error:</span> Error message goes here\n"
    "  </p>\n"
    "  <select class=\"govuk-select govuk-select--error\" id=\"select-2\" name=\"select-2\" aria-describedby=\"select-2-hint select-2-error\">\n"
    "    <option value=\"1\">GOV.UK frontend option 1</option>\n"
    "    <option value=\"2\">GOV.UK frontend option 2</option>\n"
    "    <option value=\"3\">GOV.UK frontend option 3</option>\n"
    "  </select>\n"
    "</div>";

/* select: "with selected value" */
static const char FX_SELECT_SELECTED[] =
    "<div class=\"govuk-form-group\">\n"
    "  <label class=\"govuk-label\" for=\"select-1\">\n"
    "    Label text goes here\n"
    "  </label>\n"
    "  <select class=\"govuk-select\" id=\"select-1\" name=\"select-1\">\n"
    "    <option value=\"1\">GOV.UK frontend option 1</option>\n"
    "    <option value=\"2\" selected>GOV.UK frontend option 2</option>\n"
    "    <option value=\"3\" disabled>GOV.UK frontend option 3</option>\n"
    "  </select>\n"
    "</div>";

/* textarea: "with error message" */
static const char FX_TEXTAREA_ERROR[] =
    "<div class=\"govuk-form-group govuk-form-group--error\">\n"
    "  <label class=\"govuk-label\" for=\"no-ni-reason\">\n"
    "    Why can’t you provide a National Insurance number?\n"
    "  </label>\n"
    "  <p id=\"no-ni-reason-error\" class=\"govuk-error-message\">\n"
    "    <span class=\"govuk-visually-hidden\">Error:</span> You must provide an explanation\n"
    "  </p>\n"
    "  <textarea class=\"govuk-textarea govuk-textarea--error\" id=\"no-ni-reason\" name=\"no-ni-reason\" rows=\"5\" aria-describedby=\"no-ni-reason-error\"></textarea>\n"
    "</div>";

/* textarea: "with default value" */
static const char FX_TEXTAREA_VALUE[] =
    "<div class=\"govuk-form-group\">\n"
    "  <label class=\"govuk-label\" for=\"full-address\">\n"
    "    Full address\n"
    "  </label>\n"
    "  <textarea class=\"govuk-textarea\" id=\"full-address\" name=\"address\" rows=\"5\">221B Baker Street\n"
    "London\n"
    "NW1 6XE\n"
    "</textarea>\n"
    "</div>";

/* summary-list: "with actions" */
static const char FX_SUMMARY_ACTIONS[] =
    "<dl class=\"govuk-summary-list\">\n"
    "  <div class=\"govuk-summary-list__row\">\n"
    "    <dt class=\"govuk-summary-list__key\">\n"
    "      Name\n"
    "    </dt>\n"
    "    <dd class=\"govuk-summary-list__value\">\n"
    "      Firstname Lastname\n"
    "    </dd>\n"
    "    <dd class=\"govuk-summary-list__actions\">\n"
    "      <ul class=\"govuk-summary-list__actions-list\">\n"
    "        <li class=\"govuk-summary-list__actions-list-item\">\n"
    "          <a class=\"govuk-link\" href=\"#\">Edit<span class=\"govuk-visually-hidden\"> name</span></a>\n"
    "        </li>\n"
    "        <li class=\"govuk-summary-list__actions-list-item\">\n"
    "          <a class=\"govuk-link\" href=\"#\">Delete<span class=\"govuk-visually-hidden\"> name</span></a>\n"
    "        </li>\n"
    "      </ul>\n"
    "    </dd>\n"
    "  </div>\n"
    "  <div class=\"govuk-summary-list__row\">\n"
    "    <dt class=\"govuk-summary-list__key\">\n"
    "      Date of birth\n"
    "    </dt>\n"
    "    <dd class=\"govuk-summary-list__value\">\n"
    "      13/08/1980\n"
    "    </dd>\n"
    "    <dd class=\"govuk-summary-list__actions\">\n"
    "      <a class=\"govuk-link\" href=\"#\">Change<span class=\"govuk-visually-hidden\"> date of birth</span></a>\n"
    "    </dd>\n"
    "  </div>\n"
    "  <div class=\"govuk-summary-list__row\">\n"
    "    <dt class=\"govuk-summary-list__key\">\n"
    "      Contact information\n"
    "    </dt>\n"
    "    <dd class=\"govuk-summary-list__value\">\n"
    "      <p class=\"govuk-body\">\n"
    "        email@email.com\n"
    "      </p>\n"
    "      <p class=\"govuk-body\">\n"
    "        Address line 1<br>\n"
    "        Address line 2<br>\n"
    "        Address line 3<br>\n"
    "        Address line 4<br>\n"
    "        Address line 5\n"
    "      </p>\n"
    "    </dd>\n"
    "    <dd class=\"govuk-summary-list__actions\">\n"
    "      <ul class=\"govuk-summary-list__actions-list\">\n"
    "        <li class=\"govuk-summary-list__actions-list-item\">\n"
    "          <a class=\"govuk-link\" href=\"#\">Edit<span class=\"govuk-visually-hidden\"> contact information</span></a>\n"
    "        </li>\n"
    "        <li class=\"govuk-summary-list__actions-list-item\">\n"
    "          <a class=\"govuk-link\" href=\"#\">Change<span class=\"govuk-visually-hidden\"> contact information</span></a>\n"
    "        </li>\n"
    "      </ul>\n"
    "    </dd>\n"
    "  </div>\n"
    "</dl>";

/* summary-list: "with some actions" */
static const char FX_SUMMARY_SOME_ACTIONS[] =
    "<dl class=\"govuk-summary-list\">\n"
    "  <div class=\"govuk-summary-list__row\">\n"
    "    <dt class=\"govuk-summary-list__key\">\n"
    "      Name\n"
    "    </dt>\n"
    "    <dd class=\"govuk-summary-list__value\">\n"
    "      Firstname Lastname\n"
    "    </dd>\n"
    "    <dd class=\"govuk-summary-list__actions\">\n"
    "      <ul class=\"govuk-summary-list__actions-list\">\n"
    "        <li class=\"govuk-summary-list__actions-list-item\">\n"
    "          <a class=\"govuk-link\" href=\"#\">Edit<span class=\"govuk-visually-hidden\"> name</span></a>\n"
    "        </li>\n"
    "        <li class=\"govuk-summary-list__actions-list-item\">\n"
    "          <a class=\"govuk-link\" href=\"#\">Delete<span class=\"govuk-visually-hidden\"> name</span></a>\n"
    "        </li>\n"
    "      </ul>\n"
    "    </dd>\n"
    "  </div>\n"
    "  <div class=\"govuk-summary-list__row govuk-summary-list__row--no-actions\">\n"
    "    <dt class=\"govuk-summary-list__key\">\n"
    "      Date of birth\n"
    "    </dt>\n"
    "    <dd class=\"govuk-summary-list__value\">\n"
    "      13/08/1980\n"
    "    </dd>\n"
    "  </div>\n"
    "  <div class=\"govuk-summary-list__row govuk-summary-list__row--no-actions\">\n"
    "    <dt class=\"govuk-summary-list__key\">\n"
    "      Contact information\n"
    "    </dt>\n"
    "    <dd class=\"govuk-summary-list__value\">\n"
    "      <p class=\"govuk-body\">\n"
    "        email@email.com\n"
    "      </p>\n"
    "      <p class=\"govuk-body\">\n"
    "        Address line 1<br>\n"
    "        Address line 2<br>\n"
    "        Address line 3<br>\n"
    "        Address line 4<br>\n"
    "        Address line 5\n"
    "      </p>\n"
    "    </dd>\n"
    "  </div>\n"
    "</dl>";

/* table: "with head and caption" */
static const char FX_TABLE_CAPTION[] =
    "<table class=\"govuk-table\">\n"
    "  <caption class=\"govuk-table__caption govuk-table__caption--m\">Caption 1: Months and rates</caption>\n"
    "  <thead class=\"govuk-table__head\">\n"
    "    <tr class=\"govuk-table__row\">\n"
    "      <th scope=\"col\" class=\"govuk-table__header\">Month you apply</th>\n"
    "      <th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Rate for bicycles</th>\n"
    "      <th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Rate for vehicles</th>\n"
    "    </tr>\n"
    "  </thead>\n"
    "  <tbody class=\"govuk-table__body\">\n"
    "    <tr class=\"govuk-table__row\">\n"
    "      <th scope=\"row\" class=\"govuk-table__header\">January</th>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£85</td>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£95</td>\n"
    "    </tr>\n"
    "    <tr class=\"govuk-table__row\">\n"
    "      <th scope=\"row\" class=\"govuk-table__header\">February</th>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£75</td>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£55</td>\n"
    "    </tr>\n"
    "    <tr class=\"govuk-table__row\">\n"
    "      <th scope=\"row\" class=\"govuk-table__header\">March</th>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£165</td>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£125</td>\n"
    "    </tr>\n"
    "  </tbody>\n"
    "</table>";

/* table: "default" */
static const char FX_TABLE_DEFAULT[] =
    "<table class=\"govuk-table\">\n"
    "  <tbody class=\"govuk-table__body\">\n"
    "    <tr class=\"govuk-table__row\">\n"
    "      <td class=\"govuk-table__cell\">January</td>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£85</td>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£95</td>\n"
    "    </tr>\n"
    "    <tr class=\"govuk-table__row\">\n"
    "      <td class=\"govuk-table__cell\">February</td>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£75</td>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£55</td>\n"
    "    </tr>\n"
    "    <tr class=\"govuk-table__row\">\n"
    "      <td class=\"govuk-table__cell\">March</td>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£165</td>\n"
    "      <td class=\"govuk-table__cell govuk-table__cell--numeric\">£125</td>\n"
    "    </tr>\n"
    "  </tbody>\n"
    "</table>";

/* tag: "grey" */
static const char FX_TAG_GREY[] =
    "<strong class=\"govuk-tag govuk-tag--grey\">\n"
    "  Grey\n"
    "</strong>";

/* task-list: "with hint text and additional states" */
static const char FX_TASK_LIST[] =
    "<ul class=\"govuk-task-list\">\n"
    "  <li class=\"govuk-task-list__item govuk-task-list__item--with-link\">\n"
    "    <div class=\"govuk-task-list__name-and-hint\">\n"
    "      <a class=\"govuk-link govuk-task-list__link\" href=\"#\" aria-describedby=\"task-list-1-status\">\n"
    "        Company Directors\n"
    "      </a>\n"
    "    </div>\n"
    "    <div class=\"govuk-task-list__status\" id=\"task-list-1-status\">\n"
    "      Completed\n"
    "    </div>\n"
    "  </li>\n"
    "  <li class=\"govuk-task-list__item govuk-task-list__item--with-link\">\n"
    "    <div class=\"govuk-task-list__name-and-hint\">\n"
    "      <a class=\"govuk-link govuk-task-list__link\" href=\"#\" aria-describedby=\"task-list-2-status\">\n"
    "        Registered company details\n"
    "      </a>\n"
    "    </div>\n"
    "    <div class=\"govuk-task-list__status\" id=\"task-list-2-status\">\n"
    "      <strong class=\"govuk-tag govuk-tag--teal\">\n"
    "        Not started\n"
    "      </strong>\n"
    "    </div>\n"
    "  </li>\n"
    "  <li class=\"govuk-task-list__item govuk-task-list__item--with-link\">\n"
    "    <div class=\"govuk-task-list__name-and-hint\">\n"
    "      <a class=\"govuk-link govuk-task-list__link\" href=\"#\" aria-describedby=\"task-list-3-hint task-list-3-status\">\n"
    "        Business plan\n"
    "      </a>\n"
    "      <div id=\"task-list-3-hint\" class=\"govuk-task-list__hint\">\n"
    "        Ensure the plan covers objectives, strategies, sales, marketing and financial forecasts.\n"
    "      </div>\n"
    "    </div>\n"
    "    <div class=\"govuk-task-list__status\" id=\"task-list-3-status\">\n"
    "      <strong class=\"govuk-tag govuk-tag--magenta\">\n"
    "        Review\n"
    "      </strong>\n"
    "    </div>\n"
    "  </li>\n"
    "  <li class=\"govuk-task-list__item govuk-task-list__item--with-link\">\n"
    "    <div class=\"govuk-task-list__name-and-hint\">\n"
    "      <a class=\"govuk-link govuk-task-list__link\" href=\"#\" aria-describedby=\"task-list-4-status\">\n"
    "        Documentation\n"
    "      </a>\n"
    "    </div>\n"
    "    <div class=\"govuk-task-list__status\" id=\"task-list-4-status\">\n"
    "      <strong class=\"govuk-tag govuk-tag--blue\">\n"
    "        In progress\n"
    "      </strong>\n"
    "    </div>\n"
    "  </li>\n"
    "  <li class=\"govuk-task-list__item govuk-task-list__item--with-link\">\n"
    "    <div class=\"govuk-task-list__name-and-hint\">\n"
    "      <a class=\"govuk-link govuk-task-list__link\" href=\"#\" aria-describedby=\"task-list-5-status\">\n"
    "        Charitable status\n"
    "      </a>\n"
    "    </div>\n"
    "    <div class=\"govuk-task-list__status\" id=\"task-list-5-status\">\n"
    "      <strong class=\"govuk-tag govuk-tag--red\">\n"
    "        Error\n"
    "      </strong>\n"
    "    </div>\n"
    "  </li>\n"
    "  <li class=\"govuk-task-list__item\">\n"
    "    <div class=\"govuk-task-list__name-and-hint\">\n"
    "      <div>\n"
    "        Payment\n"
    "      </div>\n"
    "      <div id=\"task-list-6-hint\" class=\"govuk-task-list__hint\">\n"
    "        It will cost between £15 and £75\n"
    "      </div>\n"
    "    </div>\n"
    "    <div class=\"govuk-task-list__status govuk-task-list__status--cannot-start-yet\" id=\"task-list-6-status\">\n"
    "      Cannot start yet\n"
    "    </div>\n"
    "  </li>\n"
    "</ul>";

/* notification-banner: "default" */
static const char FX_BANNER[] =
    "<div class=\"govuk-notification-banner\" role=\"region\" aria-labelledby=\"govuk-notification-banner-title\" data-module=\"govuk-notification-banner\">\n"
    "  <div class=\"govuk-notification-banner__header\">\n"
    "    <h2 class=\"govuk-notification-banner__title\" id=\"govuk-notification-banner-title\">\n"
    "      Important\n"
    "    </h2>\n"
    "  </div>\n"
    "  <div class=\"govuk-notification-banner__content\">\n"
    "    <p class=\"govuk-notification-banner__heading\">\n"
    "      This publication was withdrawn on 7 March 2014.\n"
    "    </p>\n"
    "  </div>\n"
    "</div>";

/* notification-banner: "with type as success" */
static const char FX_BANNER_SUCCESS[] =
    "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" aria-labelledby=\"govuk-notification-banner-title\" data-module=\"govuk-notification-banner\">\n"
    "  <div class=\"govuk-notification-banner__header\">\n"
    "    <h2 class=\"govuk-notification-banner__title\" id=\"govuk-notification-banner-title\">\n"
    "      Success\n"
    "    </h2>\n"
    "  </div>\n"
    "  <div class=\"govuk-notification-banner__content\">\n"
    "    <p class=\"govuk-notification-banner__heading\">\n"
    "      Email sent to example@email.com\n"
    "    </p>\n"
    "  </div>\n"
    "</div>";

/* pagination: "default" */
static const char FX_PAGINATION[] =
    "<nav class=\"govuk-pagination\" aria-label=\"Pagination\">\n"
    "  <div class=\"govuk-pagination__prev\">\n"
    "    <a class=\"govuk-link govuk-pagination__link\" href=\"/previous\" rel=\"prev\">\n"
    "      <svg class=\"govuk-pagination__icon govuk-pagination__icon--prev\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">\n"
    "        <path d=\"m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z\"></path>\n"
    "      </svg>\n"
    "      <span class=\"govuk-pagination__link-title\">\n"
    "        Previous<span class=\"govuk-visually-hidden\"> page</span>\n"
    "      </span>\n"
    "    </a>\n"
    "  </div>\n"
    "  <ul class=\"govuk-pagination__list\">\n"
    "      <li class=\"govuk-pagination__item\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/1\" aria-label=\"Page 1\">\n"
    "        1\n"
    "      </a>\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item govuk-pagination__item--current\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/2\" aria-label=\"Page 2\" aria-current=\"page\">\n"
    "        2\n"
    "      </a>\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/3\" aria-label=\"Page 3\">\n"
    "        3\n"
    "      </a>\n"
    "    </li>\n"
    "  </ul>\n"
    "  <div class=\"govuk-pagination__next\">\n"
    "    <a class=\"govuk-link govuk-pagination__link\" href=\"/next\" rel=\"next\">\n"
    "      <span class=\"govuk-pagination__link-title\">\n"
    "        Next<span class=\"govuk-visually-hidden\"> page</span>\n"
    "      </span>\n"
    "      <svg class=\"govuk-pagination__icon govuk-pagination__icon--next\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">\n"
    "        <path d=\"m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path>\n"
    "      </svg>\n"
    "    </a>\n"
    "  </div>\n"
    "</nav>";

/* pagination: "with many pages" */
static const char FX_PAGINATION_MANY[] =
    "<nav class=\"govuk-pagination\" aria-label=\"Pagination\">\n"
    "  <div class=\"govuk-pagination__prev\">\n"
    "    <a class=\"govuk-link govuk-pagination__link\" href=\"/previous\" rel=\"prev\">\n"
    "      <svg class=\"govuk-pagination__icon govuk-pagination__icon--prev\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">\n"
    "        <path d=\"m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z\"></path>\n"
    "      </svg>\n"
    "      <span class=\"govuk-pagination__link-title\">\n"
    "        Previous<span class=\"govuk-visually-hidden\"> page</span>\n"
    "      </span>\n"
    "    </a>\n"
    "  </div>\n"
    "  <ul class=\"govuk-pagination__list\">\n"
    "      <li class=\"govuk-pagination__item\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/1\" aria-label=\"Page 1\">\n"
    "        1\n"
    "      </a>\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item govuk-pagination__item--ellipsis\">\n"
    "      &ctdot;\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/8\" aria-label=\"Page 8\">\n"
    "        8\n"
    "      </a>\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/9\" aria-label=\"Page 9\">\n"
    "        9\n"
    "      </a>\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item govuk-pagination__item--current\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/10\" aria-label=\"Page 10\" aria-current=\"page\">\n"
    "        10\n"
    "      </a>\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/11\" aria-label=\"Page 11\">\n"
    "        11\n"
    "      </a>\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/12\" aria-label=\"Page 12\">\n"
    "        12\n"
    "      </a>\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item govuk-pagination__item--ellipsis\">\n"
    "      &ctdot;\n"
    "    </li>\n"
    "      <li class=\"govuk-pagination__item\">\n"
    "      <a class=\"govuk-link govuk-pagination__link\" href=\"/page/40\" aria-label=\"Page 40\">\n"
    "        40\n"
    "      </a>\n"
    "    </li>\n"
    "  </ul>\n"
    "  <div class=\"govuk-pagination__next\">\n"
    "    <a class=\"govuk-link govuk-pagination__link\" href=\"/next\" rel=\"next\">\n"
    "      <span class=\"govuk-pagination__link-title\">\n"
    "        Next<span class=\"govuk-visually-hidden\"> page</span>\n"
    "      </span>\n"
    "      <svg class=\"govuk-pagination__icon govuk-pagination__icon--next\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">\n"
    "        <path d=\"m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path>\n"
    "      </svg>\n"
    "    </a>\n"
    "  </div>\n"
    "</nav>";

/* pagination: "with prev and next only" */
static const char FX_PAGINATION_BLOCK[] =
    "<nav class=\"govuk-pagination govuk-pagination--block\" aria-label=\"Pagination\">\n"
    "  <div class=\"govuk-pagination__prev\">\n"
    "    <a class=\"govuk-link govuk-pagination__link\" href=\"/previous\" rel=\"prev\">\n"
    "      <svg class=\"govuk-pagination__icon govuk-pagination__icon--prev\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">\n"
    "        <path d=\"m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z\"></path>\n"
    "      </svg>\n"
    "      <span class=\"govuk-pagination__link-title govuk-pagination__link-title--decorated\">\n"
    "        Previous<span class=\"govuk-visually-hidden\"> page</span>\n"
    "      </span>\n"
    "    </a>\n"
    "  </div>\n"
    "  <div class=\"govuk-pagination__next\">\n"
    "    <a class=\"govuk-link govuk-pagination__link\" href=\"/next\" rel=\"next\">\n"
    "      <svg class=\"govuk-pagination__icon govuk-pagination__icon--next\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">\n"
    "        <path d=\"m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path>\n"
    "      </svg>\n"
    "      <span class=\"govuk-pagination__link-title govuk-pagination__link-title--decorated\">\n"
    "        Next<span class=\"govuk-visually-hidden\"> page</span>\n"
    "      </span>\n"
    "    </a>\n"
    "  </div>\n"
    "</nav>";

/* button: "default" */
static const char FX_BUTTON[] =
    "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">\n"
    "  Save and continue\n"
    "</button>";

/* button: "link" */
static const char FX_BUTTON_LINK[] =
    "<a href=\"/\" role=\"button\" draggable=\"false\" class=\"govuk-button\" data-module=\"govuk-button\">\n"
    "  Link button\n"
    "</a>";

/* button: "secondary" */
static const char FX_BUTTON_SECONDARY[] =
    "<button type=\"submit\" name=\"secondary\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">\n"
    "  Secondary button\n"
    "</button>";

/* button: "warning" */
static const char FX_BUTTON_WARNING[] =
    "<button type=\"submit\" name=\"Warning\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">\n"
    "  Warning button\n"
    "</button>";

/* button: "prevent double click" */
static const char FX_BUTTON_DOUBLE_CLICK[] =
    "<button type=\"submit\" data-prevent-double-click=\"true\" class=\"govuk-button\" data-module=\"govuk-button\">\n"
    "  Submit\n"
    "</button>";

/* button: "disabled" */
static const char FX_BUTTON_DISABLED[] =
    "<button type=\"submit\" disabled aria-disabled=\"true\" class=\"govuk-button\" data-module=\"govuk-button\">\n"
    "  Disabled button\n"
    "</button>";

/* back-link: "default" */
static const char FX_BACK_LINK[] =
    "<a href=\"#\" class=\"govuk-back-link\">Back</a>";

/* fieldset: "default" */
static const char FX_FIELDSET[] =
    "<fieldset class=\"govuk-fieldset\">\n"
    "  <legend class=\"govuk-fieldset__legend\">\n"
    "    What is your address?\n"
    "  </legend>\n"
    "</fieldset>";

/* error-summary: "default" */
static const char FX_ERROR_SUMMARY[] =
    "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">\n"
    "  <div role=\"alert\">\n"
    "    <h2 class=\"govuk-error-summary__title\">\n"
    "      There is a problem\n"
    "    </h2>\n"
    "    <div class=\"govuk-error-summary__body\">\n"
    "        <ul class=\"govuk-list govuk-error-summary__list\">\n"
    "          <li>\n"
    "            <a href=\"#example-error-1\">The date your passport was issued must be in the past</a>\n"
    "          </li>\n"
    "          <li>\n"
    "            <a href=\"#example-error-2\">Enter a postcode, like AA1 1AA</a>\n"
    "          </li>\n"
    "        </ul>\n"
    "    </div>\n"
    "  </div>\n"
    "</div>";

/* error-message: "default" */
static const char FX_ERROR_MESSAGE[] =
    "<p class=\"govuk-error-message\">\n"
    "  <span class=\"govuk-visually-hidden\">Error:</span> Error message about full name goes here\n"
    "</p>";

/* ------------------------------------------------------ fixture tests */

static void test_input_fixtures(void **state)
{
    Html *h = *state;
    govuk_input(h, &(GovukInput){.label = "National Insurance number",
                                 .id = "input-with-error-message",
                                 .name = "test-name-3",
                                 .error = "Enter a National Insurance number in the correct format"});
    assert_same_markup(html_str(h), FX_INPUT_ERROR);

    html_reset(h);
    govuk_input(h, &(GovukInput){.label = "National insurance number",
                                 .hint = "It’s on your National Insurance card, benefit letter, payslip or P60. "
                                         "For example, ‘QQ 12 34 56 C’.",
                                 .id = "input-with-hint-text",
                                 .name = "test-name-2"});
    assert_same_markup(html_str(h), FX_INPUT_HINT);

    html_reset(h);
    govuk_input(h, &(GovukInput){.label = "National Insurance number",
                                 .label_is_heading = 1,
                                 .id = "input-with-page-heading",
                                 .name = "test-name"});
    assert_same_markup(html_str(h), FX_INPUT_HEADING);

    html_reset(h);
    govuk_input(h, &(GovukInput){.label = "Spellcheck is enabled",
                                 .id = "input-with-spellcheck-enabled",
                                 .name = "spellcheck",
                                 .type = "text",
                                 .spellcheck = 1});
    assert_same_markup(html_str(h), FX_INPUT_SPELLCHECK);
}

static void test_radios_fixtures(void **state)
{
    Html *h = *state;
    static const GovukChoice yes_no[] = {{.value = "yes", .text = "Yes"}, {.value = "no", .text = "No"}};

    govuk_radios(h, &(GovukRadios){.name = "example-error-message-hint",
                                   .error = "Please select an option",
                                   .legend = "Have you changed your name?",
                                   .hint = "This includes changing your last name or spelling your name "
                                           "differently.",
                                   .items = yes_no,
                                   .n_items = 2});
    assert_same_markup(html_str(h), FX_RADIOS_HINT_ERROR);

    html_reset(h);
    govuk_radios(h, &(GovukRadios){.id_prefix = "example",
                                   .is_inline = 1,
                                   .name = "example",
                                   .legend = "Have you changed your name?",
                                   .hint = "This includes changing your last name or spelling your name "
                                           "differently.",
                                   .items = (GovukChoice[]){{.value = "yes", .text = "Yes"},
                                                            {.value = "no", .text = "No", .checked = 1}},
                                   .n_items = 2});
    assert_same_markup(html_str(h), FX_RADIOS_INLINE);

    html_reset(h);
    govuk_radios(
        h, &(GovukRadios){
               .id_prefix = "gov",
               .name = "gov",
               .legend = "How do you want to sign in?",
               .legend_is_heading = 1,
               .items =
                   (GovukChoice[]){
                       {.value = "gateway",
                        .text = "Sign in with Government Gateway",
                        .id = "gateway",
                        .hint = "You’ll have a user ID if you’ve registered for Self Assessment or filed a tax "
                                "return online before."},
                       {.value = "verify",
                        .text = "Sign in with GOV.UK Verify",
                        .id = "verify",
                        .hint = "You’ll have an account if you’ve already proved your identity with either "
                                "Barclays, CitizenSafe, Digidentity, Experian, Post Office, Royal Mail or "
                                "SecureIdentity."},
                   },
               .n_items = 2});
    assert_same_markup(html_str(h), FX_RADIOS_ITEM_HINTS);

    html_reset(h);
    govuk_radios(h, &(GovukRadios){.id_prefix = "example-divider",
                                   .name = "example",
                                   .legend = "How do you want to sign in?",
                                   .items = (GovukChoice[]){{.value = "government-gateway",
                                                             .text = "Use Government Gateway"},
                                                            {.value = "govuk-verify", .text = "Use GOV.UK Verify"},
                                                            {.divider = "or"},
                                                            {.value = "create-account", .text = "Create an account"}},
                                   .n_items = 4});
    assert_same_markup(html_str(h), FX_RADIOS_DIVIDER);

    html_reset(h);
    govuk_radios(h, &(GovukRadios){.name = "example-default", .items = yes_no, .n_items = 2, .value = "no"});
    assert_same_markup(html_str(h), FX_RADIOS_PRECHECKED);
}

static void test_checkboxes_fixtures(void **state)
{
    Html *h = *state;
    const char *nullam = "Nullam id dolor id nibh ultricies vehicula ut id elit.";

    govuk_checkboxes(h, &(GovukCheckboxes){
                            .name = "waste",
                            .error = "Please select an option",
                            .legend = "Which types of waste do you transport regularly?",
                            .items = (GovukChoice[]){{.value = "animal",
                                                      .text = "Waste from animal carcasses",
                                                      .hint = nullam},
                                                     {.value = "mines",
                                                      .text = "Waste from mines or quarries",
                                                      .hint = nullam},
                                                     {.value = "farm",
                                                      .text = "Farm or agricultural waste",
                                                      .hint = nullam}},
                            .n_items = 3});
    assert_same_markup(html_str(h), FX_CHECKBOXES_ERROR);

    html_reset(h);
    govuk_checkboxes(h, &(GovukCheckboxes){
                            .name = "with-divider-and-none",
                            .legend = "Which types of waste do you transport regularly?",
                            .items = (GovukChoice[]){{.value = "animal", .text = "Waste from animal carcasses"},
                                                     {.value = "mines", .text = "Waste from mines or quarries"},
                                                     {.value = "farm", .text = "Farm or agricultural waste"},
                                                     {.divider = "or"},
                                                     {.value = "none", .text = "None of these", .exclusive = 1}},
                            .n_items = 5});
    assert_same_markup(html_str(h), FX_CHECKBOXES_NONE);

    html_reset(h);
    govuk_checkboxes(
        h, &(GovukCheckboxes){
               .name = "example-multiple-hints",
               .hint = "If you have dual nationality, select all options that are relevant to you.",
               .items = (GovukChoice[]){{.value = "british", .text = "British", .hint = "Hint for british option here"},
                                        {.value = "irish", .text = "Irish"},
                                        {.value = "other",
                                         .text = "Citizen of another country",
                                         .hint = "Hint for other option here"}},
               .n_items = 3});
    assert_same_markup(html_str(h), FX_CHECKBOXES_NO_FIELDSET);

    html_reset(h);
    govuk_checkboxes(h, &(GovukCheckboxes){
                            .name = "name-of-checkboxes",
                            .error = "Please select an option",
                            .id_prefix = "id-prefix",
                            .items = (GovukChoice[]){{.value = "animal", .text = "Waste from animal carcasses"}},
                            .n_items = 1});
    assert_same_markup(html_str(h), FX_CHECKBOXES_ID_PREFIX);
}

static void test_date_input_fixtures(void **state)
{
    Html *h = *state;
    govuk_date_input(h, &(GovukDateInput){.id = "dob-day-error",
                                          .legend = "What is your date of birth?",
                                          .hint = "For example, 31 3 1980",
                                          .error = "Error message goes here",
                                          .error_day = 1});
    assert_same_markup(html_str(h), FX_DATE_DAY_ERROR);

    html_reset(h);
    govuk_date_input(h, &(GovukDateInput){.id = "dob-errors",
                                          .legend = "What is your date of birth?",
                                          .hint = "For example, 31 3 1980",
                                          .error = "Error message goes here"});
    assert_same_markup(html_str(h), FX_DATE_ALL_ERROR);

    html_reset(h);
    govuk_date_input(h, &(GovukDateInput){.id = "with-values-name-prefix",
                                          .name_prefix = "dob",
                                          .legend = "What is your date of birth?",
                                          .hint = "For example, 31 3 1980",
                                          .day = "31",
                                          .month = "3",
                                          .year = "1980"});
    assert_same_markup(html_str(h), FX_DATE_VALUES);
}

static void test_select_and_textarea_fixtures(void **state)
{
    Html *h = *state;
    static const GovukOption options[] = {{.value = "1", .text = "GOV.UK frontend option 1"},
                                          {.value = "2", .text = "GOV.UK frontend option 2"},
                                          {.value = "3", .text = "GOV.UK frontend option 3"}};
    govuk_select(h, &(GovukSelect){.id = "select-2",
                                   .name = "select-2",
                                   .label = "Label text goes here",
                                   .hint = "Hint text goes here",
                                   .error = "Error message goes here",
                                   .items = options,
                                   .n_items = 3});
    assert_same_markup(html_str(h), FX_SELECT_ERROR);

    html_reset(h);
    govuk_select(h, &(GovukSelect){.id = "select-1",
                                   .name = "select-1",
                                   .label = "Label text goes here",
                                   .items = (GovukOption[]){{.value = "1", .text = "GOV.UK frontend option 1"},
                                                            {.value = "2", .text = "GOV.UK frontend option 2"},
                                                            {.value = "3",
                                                             .text = "GOV.UK frontend option 3",
                                                             .disabled = 1}},
                                   .n_items = 3,
                                   .value = "2"});
    assert_same_markup(html_str(h), FX_SELECT_SELECTED);

    html_reset(h);
    govuk_textarea(h, &(GovukTextarea){.name = "no-ni-reason",
                                       .id = "no-ni-reason",
                                       .label = "Why can’t you provide a National Insurance number?",
                                       .error = "You must provide an explanation"});
    assert_same_markup(html_str(h), FX_TEXTAREA_ERROR);

    html_reset(h);
    govuk_textarea(h, &(GovukTextarea){.id = "full-address",
                                       .name = "address",
                                       .value = "221B Baker Street\nLondon\nNW1 6XE\n",
                                       .label = "Full address"});
    assert_same_markup(html_str(h), FX_TEXTAREA_VALUE);
}

static void test_summary_list_fixtures(void **state)
{
    Html *h = *state;
    Html contact;
    html_init(&contact);
    html_lit(&contact, "<p class=\"govuk-body\">\n  email@email.com\n</p>\n<p class=\"govuk-body\">\n"
                       "  Address line 1<br>\n  Address line 2<br>\n  Address line 3<br>\n"
                       "  Address line 4<br>\n  Address line 5\n</p>\n");

    GovukSummaryRow rows[] = {
        {.key = "Name",
         .value = "Firstname Lastname",
         .actions = {{.href = "#", .text = "Edit", .visually_hidden = "name"},
                     {.href = "#", .text = "Delete", .visually_hidden = "name"}}},
        {.key = "Date of birth",
         .value = "13/08/1980",
         .actions = {{.href = "#", .text = "Change", .visually_hidden = "date of birth"}}},
        {.key = "Contact information",
         .value_html = &contact,
         .actions = {{.href = "#", .text = "Edit", .visually_hidden = "contact information"},
                     {.href = "#", .text = "Change", .visually_hidden = "contact information"}}},
    };
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = 3});
    assert_same_markup(html_str(h), FX_SUMMARY_ACTIONS);

    html_reset(h);
    memset(rows[1].actions, 0, sizeof rows[1].actions);
    memset(rows[2].actions, 0, sizeof rows[2].actions);
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = 3});
    assert_same_markup(html_str(h), FX_SUMMARY_SOME_ACTIONS);
    html_free(&contact);
}

static void test_table_fixtures(void **state)
{
    Html *h = *state;
    static const GovukTableCell head[] = {{.text = "Month you apply"},
                                          {.text = "Rate for bicycles", .numeric = 1},
                                          {.text = "Rate for vehicles", .numeric = 1}};
    static const GovukTableCell jan[] = {{.text = "January"}, {.text = "£85", .numeric = 1}, {.text = "£95", .numeric = 1}};
    static const GovukTableCell feb[] = {{.text = "February"}, {.text = "£75", .numeric = 1}, {.text = "£55", .numeric = 1}};
    static const GovukTableCell mar[] = {{.text = "March"}, {.text = "£165", .numeric = 1}, {.text = "£125", .numeric = 1}};
    static const GovukTableRow rows[] = {{jan, 3}, {feb, 3}, {mar, 3}};

    govuk_table(h, &(GovukTable){.caption = "Caption 1: Months and rates",
                                 .caption_classes = "govuk-table__caption--m",
                                 .first_cell_is_header = 1,
                                 .head = head,
                                 .n_head = 3,
                                 .rows = rows,
                                 .n_rows = 3});
    assert_same_markup(html_str(h), FX_TABLE_CAPTION);

    html_reset(h);
    govuk_table(h, &(GovukTable){.rows = rows, .n_rows = 3});
    assert_same_markup(html_str(h), FX_TABLE_DEFAULT);
}

static void test_tag_and_task_list_fixtures(void **state)
{
    Html *h = *state;
    govuk_tag(h, &(GovukTag){.text = "Grey", .classes = "govuk-tag--grey"});
    assert_same_markup(html_str(h), FX_TAG_GREY);

    html_reset(h);
    GovukTaskListItem items[] = {
        {.title = "Company Directors", .href = "#", .status_text = "Completed"},
        {.title = "Registered company details",
         .href = "#",
         .status_tag = {.text = "Not started", .classes = "govuk-tag--teal"}},
        {.title = "Business plan",
         .href = "#",
         .hint = "Ensure the plan covers objectives, strategies, sales, marketing and financial forecasts.",
         .status_tag = {.text = "Review", .classes = "govuk-tag--magenta"}},
        {.title = "Documentation", .href = "#", .status_tag = {.text = "In progress", .classes = "govuk-tag--blue"}},
        {.title = "Charitable status", .href = "#", .status_tag = {.text = "Error", .classes = "govuk-tag--red"}},
        {.title = "Payment",
         .hint = "It will cost between £15 and £75",
         .status_text = "Cannot start yet",
         .status_classes = "govuk-task-list__status--cannot-start-yet"},
    };
    govuk_task_list(h, &(GovukTaskList){.items = items, .n_items = 6});
    assert_same_markup(html_str(h), FX_TASK_LIST);
}

static void test_notification_banner_fixtures(void **state)
{
    Html *h = *state;
    govuk_notification_banner(h, &(GovukNotificationBanner){.text = "This publication was withdrawn on 7 March 2014."});
    assert_same_markup(html_str(h), FX_BANNER);

    html_reset(h);
    govuk_notification_banner(h, &(GovukNotificationBanner){.success = 1, .text = "Email sent to example@email.com"});
    assert_same_markup(html_str(h), FX_BANNER_SUCCESS);
}

static void test_pagination_fixtures(void **state)
{
    Html *h = *state;
    govuk_pagination(h, &(GovukPagination){.previous_href = "/previous",
                                           .next_href = "/next",
                                           .items = (GovukPaginationItem[]){{1, "/page/1", 0, 0},
                                                                            {2, "/page/2", 1, 0},
                                                                            {3, "/page/3", 0, 0}},
                                           .n_items = 3});
    assert_same_markup(html_str(h), FX_PAGINATION);

    html_reset(h);
    govuk_pagination(h, &(GovukPagination){.previous_href = "/previous",
                                           .next_href = "/next",
                                           .items = (GovukPaginationItem[]){{.number = 1, .href = "/page/1"},
                                                                            {.ellipsis = 1},
                                                                            {.number = 8, .href = "/page/8"},
                                                                            {.number = 9, .href = "/page/9"},
                                                                            {.number = 10,
                                                                             .href = "/page/10",
                                                                             .current = 1},
                                                                            {.number = 11, .href = "/page/11"},
                                                                            {.number = 12, .href = "/page/12"},
                                                                            {.ellipsis = 1},
                                                                            {.number = 40, .href = "/page/40"}},
                                           .n_items = 9});
    assert_same_markup(html_str(h), FX_PAGINATION_MANY);

    html_reset(h);
    govuk_pagination(h, &(GovukPagination){.previous_href = "/previous", .next_href = "/next"});
    assert_same_markup(html_str(h), FX_PAGINATION_BLOCK);
}

static void test_button_fixtures(void **state)
{
    Html *h = *state;
    govuk_button(h, &(GovukButton){.text = "Save and continue"});
    assert_same_markup(html_str(h), FX_BUTTON);

    html_reset(h);
    govuk_button(h, &(GovukButton){.text = "Link button", .href = "/"});
    assert_same_markup(html_str(h), FX_BUTTON_LINK);

    html_reset(h);
    govuk_button(h, &(GovukButton){.name = "secondary", .text = "Secondary button", .variant = GOVUK_BUTTON_SECONDARY});
    assert_same_markup(html_str(h), FX_BUTTON_SECONDARY);

    html_reset(h);
    govuk_button(h, &(GovukButton){.name = "Warning", .text = "Warning button", .variant = GOVUK_BUTTON_WARNING});
    assert_same_markup(html_str(h), FX_BUTTON_WARNING);

    html_reset(h);
    govuk_button(h, &(GovukButton){.text = "Submit", .prevent_double_click = 1});
    assert_same_markup(html_str(h), FX_BUTTON_DOUBLE_CLICK);

    html_reset(h);
    govuk_button(h, &(GovukButton){.text = "Disabled button", .disabled = 1});
    assert_same_markup(html_str(h), FX_BUTTON_DISABLED);
}

static void test_small_component_fixtures(void **state)
{
    Html *h = *state;
    govuk_back_link(h, &(GovukBackLink){0});
    assert_same_markup(html_str(h), FX_BACK_LINK);

    html_reset(h);
    govuk_fieldset_open(h, &(GovukFieldset){.legend = "What is your address?"});
    govuk_fieldset_close(h);
    assert_same_markup(html_str(h), FX_FIELDSET);

    html_reset(h);
    FormErrors e = {0};
    form_errors_add(&e, "example-error-1", "The date your passport was issued must be in the past");
    form_errors_add(&e, "example-error-2", "Enter a postcode, like AA1 1AA");
    govuk_error_summary(h, &e);
    assert_same_markup(html_str(h), FX_ERROR_SUMMARY);

    html_reset(h);
    govuk_error_message(h, NULL, "Error message about full name goes here");
    assert_same_markup(html_str(h), FX_ERROR_MESSAGE);
}

/* ---------------------------------------------------- behaviour tests */

static void test_normalise_only_ignores_layout(void **state)
{
    (void)state;
    char *a = normalise("<p>\n  a  b\n</p>\n<br>");
    assert_string_equal(a, "<p>a b</p><br>");
    free(a);
    /* a real difference still shows */
    char *b = normalise("<p class=\"x\">a</p>");
    char *c = normalise("<p class=\"y\">a</p>");
    assert_string_not_equal(b, c);
    free(b);
    free(c);
}

static void test_input_escapes_and_redisplays_value(void **state)
{
    Html *h = *state;
    govuk_input(h, &(GovukInput){.name = "full-name", .label = "Name <b>", .hint = "Hint & more", .value = HOSTILE});
    const char *s = html_str(h);
    assert_has(s, "value=\"" HOSTILE_ESCAPED "\"");
    assert_has(s, ">Name &lt;b&gt;</label>");
    assert_has(s, ">Hint &amp; more</div>");
    assert_lacks(s, "<script>");
    assert_lacks(s, "<b>");
    /* id defaults to the name */
    assert_has(s, "<input class=\"govuk-input\" id=\"full-name\" name=\"full-name\" type=\"text\"");
    assert_has(s, "for=\"full-name\"");
}

static void test_input_hint_and_error_are_described(void **state)
{
    Html *h = *state;
    govuk_input(h, &(GovukInput){.id = "email",
                                 .name = "email",
                                 .label = "Email address",
                                 .hint = "We will only use this to contact you",
                                 .type = "email",
                                 .autocomplete = "email",
                                 .spellcheck = -1,
                                 .classes = "govuk-input--width-20",
                                 .value = "not an email",
                                 .error = "Enter an email address in the correct format, like name@example.com"});
    const char *s = html_str(h);
    assert_has(s, "<div class=\"govuk-form-group govuk-form-group--error\">");
    assert_has(s, "<div id=\"email-hint\" class=\"govuk-hint\">");
    assert_has(s, "<p id=\"email-error\" class=\"govuk-error-message\">"
                  "<span class=\"govuk-visually-hidden\">Error:</span> Enter an email address");
    assert_has(s, "<input class=\"govuk-input govuk-input--width-20 govuk-input--error\" id=\"email\" "
                  "name=\"email\" type=\"email\" spellcheck=\"false\" value=\"not an email\" "
                  "aria-describedby=\"email-hint email-error\" autocomplete=\"email\">");
    /* the hint comes before the error, as in the template */
    assert_true(strstr(s, "email-hint\" class") < strstr(s, "email-error\" class"));
}

static void test_input_without_extras(void **state)
{
    Html *h = *state;
    govuk_input(h, &(GovukInput){.name = "password", .label = "Password", .type = "password"});
    const char *s = html_str(h);
    assert_has(s, "<div class=\"govuk-form-group\">");
    assert_has(s, "type=\"password\">");
    assert_lacks(s, "aria-describedby");
    assert_lacks(s, "value=");
    assert_lacks(s, "spellcheck");
    assert_lacks(s, "--error");

    /* an empty value is still written back (the user cleared the box) */
    html_reset(h);
    govuk_input(h, &(GovukInput){.name = "n", .value = "", .type = "number", .inputmode = "numeric"});
    assert_has(html_str(h), "type=\"number\" value=\"\" inputmode=\"numeric\">");
    /* no label text: no label element */
    assert_lacks(html_str(h), "<label");
}

static void test_input_prefix_and_suffix(void **state)
{
    Html *h = *state;
    govuk_input(h, &(GovukInput){.name = "cost", .label = "Cost", .prefix = "£", .suffix = "<per item>"});
    const char *s = html_str(h);
    assert_has(s, "<div class=\"govuk-input__wrapper\">\n"
                  "<div class=\"govuk-input__prefix\" aria-hidden=\"true\">£</div>\n<input ");
    assert_has(s, "<div class=\"govuk-input__suffix\" aria-hidden=\"true\">&lt;per item&gt;</div>\n</div>\n</div>");
}

static void test_label_as_heading(void **state)
{
    Html *h = *state;
    govuk_input(h, &(GovukInput){.name = "ref", .label = "What is the reference?", .label_is_heading = 1});
    assert_has(html_str(h), "<h1 class=\"govuk-label-wrapper\"><label class=\"govuk-label govuk-label--l\" "
                            "for=\"ref\">What is the reference?</label></h1>");
    html_reset(h);
    govuk_input(h, &(GovukInput){.name = "ref", .label = "Ref", .label_is_heading = 1, .label_classes = "govuk-label--xl"});
    assert_has(html_str(h), "<label class=\"govuk-label govuk-label--xl\" for=\"ref\">");
}

static void test_textarea(void **state)
{
    Html *h = *state;
    govuk_textarea(h, &(GovukTextarea){.name = "notes",
                                       .label = "Notes",
                                       .hint = "Do not include personal details",
                                       .rows = 8,
                                       .spellcheck = 1,
                                       .value = "</textarea><script>x</script>",
                                       .error = "Enter notes"});
    const char *s = html_str(h);
    assert_has(s, "<textarea class=\"govuk-textarea govuk-textarea--error\" id=\"notes\" name=\"notes\" rows=\"8\" "
                  "spellcheck=\"true\" aria-describedby=\"notes-hint notes-error\">"
                  "&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>");
    assert_int_equal(count_of(s, "</textarea>"), 1);

    /* a value starting with a newline keeps it (the parser eats one) */
    html_reset(h);
    govuk_textarea(h, &(GovukTextarea){.name = "n", .value = "\nsecond line"});
    assert_has(html_str(h), "rows=\"5\">\n\nsecond line</textarea>");

    /* with a limit: the GOV.UK character count, its message first in the description */
    html_reset(h);
    govuk_textarea(h, &(GovukTextarea){.name = "why", .label = "Why", .hint = "Say what happened", .max_chars = 500,
                                       .error = "Enter why"});
    s = html_str(h);
    assert_has(s, "<div class=\"govuk-form-group govuk-character-count govuk-form-group--error\" "
                  "data-module=\"govuk-character-count\" data-maxlength=\"500\">");
    assert_has(s, "<textarea class=\"govuk-textarea govuk-textarea--error govuk-js-character-count\" id=\"why\" "
                  "name=\"why\" rows=\"5\" aria-describedby=\"why-info why-hint why-error\">");
    assert_has(s, "<div id=\"why-info\" class=\"govuk-hint govuk-character-count__message\">You can enter up to 500"
                  " characters</div>");
}

static void test_radios_keep_checked_value_and_escape(void **state)
{
    Html *h = *state;
    GovukChoice items[] = {
        {.value = "yes", .text = "Yes"},
        {.value = "no", .text = "No <i>really</i>", .hint = "Hint \"quoted\""},
        {.value = "a\"b", .text = "Quote"},
    };
    govuk_radios(h, &(GovukRadios){.name = "answer", .legend = "Well?", .value = "no", .items = items, .n_items = 3});
    const char *s = html_str(h);
    assert_has(s, "id=\"answer-2\" name=\"answer\" type=\"radio\" value=\"no\" checked "
                  "aria-describedby=\"answer-2-item-hint\">");
    assert_int_equal(count_of(s, " checked"), 1);
    assert_has(s, ">No &lt;i&gt;really&lt;/i&gt;</label>");
    assert_has(s, "<div id=\"answer-2-item-hint\" class=\"govuk-hint govuk-radios__hint\">Hint &quot;quoted&quot;</div>");
    assert_has(s, "value=\"a&quot;b\"");
    assert_has(s, "<fieldset class=\"govuk-fieldset\">\n<legend class=\"govuk-fieldset__legend\">Well?</legend>");

    /* a hostile submitted value matches nothing and is not echoed */
    html_reset(h);
    govuk_radios(h, &(GovukRadios){.name = "answer", .value = HOSTILE, .items = items, .n_items = 3});
    assert_lacks(html_str(h), " checked");
    assert_lacks(html_str(h), "<script");
    /* the submitted value that contains a quote still matches its item */
    html_reset(h);
    govuk_radios(h, &(GovukRadios){.name = "answer", .value = "a\"b", .items = items, .n_items = 3});
    assert_has(html_str(h), "value=\"a&quot;b\" checked>");
}

static void test_radios_error_inline_and_ids(void **state)
{
    Html *h = *state;
    govuk_radios(h, &(GovukRadios){.name = "contact",
                                   .id_prefix = "contact-method",
                                   .legend = "How should we contact you?",
                                   .legend_is_heading = 1,
                                   .hint = "Select one",
                                   .error = "Select how we should contact you",
                                   .is_inline = 1,
                                   .classes = "govuk-radios--small",
                                   .items = (GovukChoice[]){{.value = "email", .text = "Email"},
                                                            {.value = "post", .text = "Post", .disabled = 1}},
                                   .n_items = 2});
    const char *s = html_str(h);
    assert_has(s, "<div class=\"govuk-form-group govuk-form-group--error\">");
    assert_has(s, "<fieldset class=\"govuk-fieldset\" aria-describedby=\"contact-method-hint contact-method-error\">");
    assert_has(s, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--l\">"
                  "<h1 class=\"govuk-fieldset__heading\">How should we contact you?</h1></legend>");
    assert_has(s, "<div class=\"govuk-radios govuk-radios--inline govuk-radios--small\" data-module=\"govuk-radios\">");
    /* the first item has the bare id, so the error summary can link to it */
    assert_has(s, "id=\"contact-method\" name=\"contact\"");
    assert_has(s, "id=\"contact-method-2\" name=\"contact\" type=\"radio\" value=\"post\" disabled>");
    /* inside a fieldset, the items do not repeat the group's ids */
    assert_int_equal(count_of(s, "aria-describedby"), 1);
}

static void test_checkboxes_keep_all_checked_values(void **state)
{
    Html *h = *state;
    const char *submitted[] = {"email", "text"};
    govuk_checkboxes(h, &(GovukCheckboxes){.name = "contact",
                                           .legend = "How?",
                                           .values = submitted,
                                           .n_values = 2,
                                           .items = (GovukChoice[]){{.value = "email", .text = "Email"},
                                                                    {.value = "phone", .text = "Phone"},
                                                                    {.value = "text", .text = "Text"},
                                                                    {.value = "post", .text = "Post", .checked = 1}},
                                           .n_items = 4});
    const char *s = html_str(h);
    assert_has(s, "value=\"email\" checked>");
    assert_has(s, "value=\"phone\">");
    assert_has(s, "value=\"text\" checked>");
    assert_has(s, "value=\"post\" checked>");
    assert_int_equal(count_of(s, " checked"), 3);
}

static void test_checkboxes_without_fieldset_describe_each_input(void **state)
{
    Html *h = *state;
    govuk_checkboxes(h, &(GovukCheckboxes){.name = "confirm",
                                           .hint = "You must confirm",
                                           .error = "Confirm the details are correct",
                                           .items = (GovukChoice[]){{.value = "yes",
                                                                     .text = "I confirm",
                                                                     .hint = "Tick me"}},
                                           .n_items = 1});
    const char *s = html_str(h);
    assert_lacks(s, "<fieldset");
    assert_has(s, "<div class=\"govuk-form-group govuk-form-group--error\">\n"
                  "<div id=\"confirm-hint\" class=\"govuk-hint\">You must confirm</div>\n"
                  "<p id=\"confirm-error\" class=\"govuk-error-message\">");
    assert_has(s, "type=\"checkbox\" value=\"yes\" aria-describedby=\"confirm-hint confirm-error confirm-item-hint\">");
}

static void test_select_keeps_selected_and_escapes(void **state)
{
    Html *h = *state;
    GovukOption items[] = {
        {.value = "", .text = "Choose a team"},
        {.value = "north", .text = "North & East"},
        {.value = "so\"uth", .text = "<South>"},
        {.text = "By text"},
    };
    govuk_select(h, &(GovukSelect){.name = "team", .label = "Team", .value = "so\"uth", .items = items, .n_items = 4});
    const char *s = html_str(h);
    assert_has(s, "<select class=\"govuk-select\" id=\"team\" name=\"team\">");
    assert_has(s, "<option value=\"\">Choose a team</option>");
    assert_has(s, "<option value=\"north\">North &amp; East</option>");
    assert_has(s, "<option value=\"so&quot;uth\" selected>&lt;South&gt;</option>");
    assert_has(s, "<option>By text</option>");
    assert_int_equal(count_of(s, "selected"), 1);

    /* an option without a value is matched by its text */
    html_reset(h);
    govuk_select(h, &(GovukSelect){.name = "team", .value = "By text", .items = items, .n_items = 4});
    assert_has(html_str(h), "<option selected>By text</option>");
    assert_int_equal(count_of(html_str(h), "selected"), 1);

    html_reset(h);
    govuk_select(h, &(GovukSelect){.name = "team", .hint = "h", .error = "Select a team", .items = items, .n_items = 1});
    assert_has(html_str(h), "<select class=\"govuk-select govuk-select--error\" id=\"team\" name=\"team\" "
                            "aria-describedby=\"team-hint team-error\">");
}

static void test_date_input_highlights_only_the_wrong_fields(void **state)
{
    Html *h = *state;
    govuk_date_input(h, &(GovukDateInput){.id = "received",
                                          .name_prefix = "received",
                                          .legend = "When was it received?",
                                          .day = "31",
                                          .month = "13",
                                          .year = "2024",
                                          .error = "The date must be a real date",
                                          .error_month = 1});
    const char *s = html_str(h);
    assert_has(s, "<fieldset class=\"govuk-fieldset\" role=\"group\" aria-describedby=\"received-error\">");
    assert_has(s, "<div class=\"govuk-date-input\" id=\"received\">");
    assert_has(s, "<input class=\"govuk-input govuk-date-input__input govuk-input--width-2\" id=\"received-day\" "
                  "name=\"received-day\" type=\"text\" value=\"31\" inputmode=\"numeric\">");
    assert_has(s, "<input class=\"govuk-input govuk-date-input__input govuk-input--error govuk-input--width-2\" "
                  "id=\"received-month\" name=\"received-month\" type=\"text\" value=\"13\" inputmode=\"numeric\">");
    assert_has(s, "<input class=\"govuk-input govuk-date-input__input govuk-input--width-4\" id=\"received-year\"");
    assert_int_equal(count_of(s, "govuk-input--error"), 1);
    assert_has(s, "<label class=\"govuk-label govuk-date-input__label\" for=\"received-day\">Day</label>");
}

static void test_date_input_whole_date_error_and_escaping(void **state)
{
    Html *h = *state;
    govuk_date_input(h, &(GovukDateInput){.id = "dob", .day = HOSTILE, .error = "Enter your date of birth", .birthday = 1});
    const char *s = html_str(h);
    assert_int_equal(count_of(s, "govuk-input--error"), 3);
    assert_has(s, "value=\"" HOSTILE_ESCAPED "\"");
    assert_lacks(s, "<script");
    /* no legend: no fieldset, and plain names */
    assert_lacks(s, "<fieldset");
    assert_has(s, "name=\"day\"");
    assert_has(s, "autocomplete=\"bday-month\"");
    assert_has(s, "<p id=\"dob-error\" class=\"govuk-error-message\">");
}

static void test_form_errors(void **state)
{
    (void)state;
    FormErrors e = {0};
    assert_null(form_errors_get(&e, "name"));
    form_errors_add(&e, "name", "Enter your name");
    form_errors_add(&e, "name", "A second message for the same field");
    form_errors_add_date(&e, "dob", "Enter your date of birth");
    assert_int_equal(e.n, 2);
    assert_string_equal(form_errors_get(&e, "name"), "Enter your name");
    assert_string_equal(form_errors_get(&e, "dob-day"), "Enter your date of birth");
    assert_null(form_errors_get(&e, "dob"));
    assert_null(form_errors_get(&e, NULL));

    for (int i = 0; i < 40; i++) {
        char field[16];
        snprintf(field, sizeof field, "f%d", i);
        form_errors_add(&e, field, "x");
    }
    assert_int_equal(e.n, FORM_ERRORS_MAX);

    /* over-long text is cut, but never inside a UTF-8 character */
    FormErrors t = {0};
    char msg[400];
    memset(msg, 'a', 254);
    strcpy(msg + 254, "£££"); /* '£' is 2 bytes: the first straddles the end */
    form_errors_add(&t, "f", msg);
    assert_int_equal(strlen(t.items[0].message), 254);
    form_errors_add(&t, NULL, NULL);
    assert_string_equal(t.items[1].field, "");
    assert_string_equal(t.items[1].message, "");
    /* errors of the whole form (no field) are all kept */
    form_errors_add(&t, "", "Your session expired");
    assert_int_equal(t.n, 3);
}

static void test_error_summary_links_and_escapes(void **state)
{
    Html *h = *state;
    FormErrors e = {0};
    govuk_error_summary(h, &e);
    assert_int_equal(html_len(h), 0);

    form_errors_add(&e, "email", "Enter an email <address>");
    form_errors_add_date(&e, "dob", "Date of birth must be in the past");
    form_errors_add(&e, "x\" onclick=\"evil()", "Quote");
    form_errors_add(&e, NULL, "Something went wrong & was logged");
    govuk_error_summary(h, &e);
    const char *s = html_str(h);
    assert_has(s, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">\n<div role=\"alert\">\n"
                  "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>");
    assert_has(s, "<li><a href=\"#email\">Enter an email &lt;address&gt;</a></li>");
    assert_has(s, "<li><a href=\"#dob-day\">Date of birth must be in the past</a></li>");
    assert_has(s, "<a href=\"#x&quot; onclick=&quot;evil()\">Quote</a>");
    assert_lacks(s, "onclick=\"");
    assert_has(s, "<li>Something went wrong &amp; was logged</li>");
}

static void test_summary_list_escapes_and_neutralises_links(void **state)
{
    Html *h = *state;
    Html value;
    html_init(&value);
    html_lit(&value, "<p class=\"govuk-body\">line one<br>line two</p>");
    GovukSummaryRow rows[] = {
        {.key = "Name <k>",
         .value = HOSTILE,
         .actions = {{.href = "javascript:alert(1)", .text = "Change", .visually_hidden = "name <n>"}}},
        {.key = "Address", .value_html = &value, .classes = "app-row"},
    };
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = 2, .classes = "govuk-summary-list--no-border"});
    const char *s = html_str(h);
    assert_has(s, "<dl class=\"govuk-summary-list govuk-summary-list--no-border\">");
    assert_has(s, "<dt class=\"govuk-summary-list__key\">Name &lt;k&gt;</dt>");
    assert_has(s, "<dd class=\"govuk-summary-list__value\">" HOSTILE_ESCAPED "</dd>");
    assert_has(s, "<dd class=\"govuk-summary-list__actions\">\n<a class=\"govuk-link\" href=\"#\">Change"
                  "<span class=\"govuk-visually-hidden\"> name &lt;n&gt;</span></a>\n</dd>");
    assert_has(s, "<div class=\"govuk-summary-list__row govuk-summary-list__row--no-actions app-row\">");
    assert_has(s, "<dd class=\"govuk-summary-list__value\"><p class=\"govuk-body\">line one<br>line two</p></dd>");
    assert_lacks(s, "javascript");
    html_free(&value);

    /* no row with actions: no --no-actions modifiers and no actions column */
    html_reset(h);
    govuk_summary_list(h, &(GovukSummaryList){.rows = (GovukSummaryRow[]){{.key = "A", .value = "1"}}, .n_rows = 1});
    assert_lacks(html_str(h), "no-actions");
    assert_lacks(html_str(h), "__actions");
}

static void test_table_cells(void **state)
{
    Html *h = *state;
    Html link;
    html_init(&link);
    html_lit(&link, "<a class=\"govuk-link\" href=\"/cases/1\">CASE-1</a>");
    GovukTableCell cells[] = {
        {.html = &link},
        {.text = "<img src=x onerror=alert(1)>"},
        {.text = "1,024", .numeric = 1, .colspan = 2},
    };
    GovukTable t = {.caption = "Open <cases>",
                    .head = (GovukTableCell[]){{.text = "Case"}, {.text = "Name"}, {.text = "Days", .numeric = 1}},
                    .n_head = 3,
                    .rows = (GovukTableRow[]){{cells, 3}},
                    .n_rows = 1};
    govuk_table(h, &t);
    const char *s = html_str(h);
    assert_has(s, "<caption class=\"govuk-table__caption\">Open &lt;cases&gt;</caption>");
    assert_has(s, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Days</th>");
    assert_has(s, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/cases/1\">CASE-1</a></td>");
    assert_has(s, "<td class=\"govuk-table__cell\">&lt;img src=x onerror=alert(1)&gt;</td>");
    assert_has(s, "<td class=\"govuk-table__cell govuk-table__cell--numeric\" colspan=\"2\">1,024</td>");
    assert_lacks(s, "<img");

    /* the row-at-a-time API writes the same table */
    Html streamed;
    html_init(&streamed);
    govuk_table_open(&streamed, &t);
    govuk_table_row(&streamed, cells, 3, 0);
    govuk_table_close(&streamed);
    assert_string_equal(html_str(&streamed), s);
    html_free(&streamed);
    html_free(&link);
}

static void test_tag_and_task_list_behaviour(void **state)
{
    Html *h = *state;
    govuk_tag(h, &(GovukTag){.text = "<Urgent>", .classes = "govuk-tag--red"});
    assert_string_equal(html_str(h), "<strong class=\"govuk-tag govuk-tag--red\">&lt;Urgent&gt;</strong>");

    html_reset(h);
    govuk_task_list(h, &(GovukTaskList){
                           .id_prefix = "case-tasks",
                           .items = (GovukTaskListItem[]){{.title = "Check <ID>",
                                                           .href = "javascript:void(0)",
                                                           .hint = "Passport or licence",
                                                           .status_tag = {.text = "To do", .classes = "govuk-tag--blue"}},
                                                          {.title = "Decide", .status_text = "Cannot start yet"}},
                           .n_items = 2});
    const char *s = html_str(h);
    assert_has(s, "<a class=\"govuk-link govuk-task-list__link\" href=\"#\" "
                  "aria-describedby=\"case-tasks-1-hint case-tasks-1-status\">Check &lt;ID&gt;</a>");
    assert_has(s, "<div id=\"case-tasks-1-hint\" class=\"govuk-task-list__hint\">Passport or licence</div>");
    assert_has(s, "<div class=\"govuk-task-list__status\" id=\"case-tasks-1-status\">"
                  "<strong class=\"govuk-tag govuk-tag--blue\">To do</strong></div>");
    assert_has(s, "<li class=\"govuk-task-list__item\">\n<div class=\"govuk-task-list__name-and-hint\">\n"
                  "<div>Decide</div>");
    assert_has(s, "id=\"case-tasks-2-status\">Cannot start yet</div>");
    assert_lacks(s, "javascript");
}

static void test_notification_banner_behaviour(void **state)
{
    Html *h = *state;
    Html body;
    html_init(&body);
    html_lit(&body, "<h3 class=\"govuk-notification-banner__heading\">Case closed</h3>");
    govuk_notification_banner(h, &(GovukNotificationBanner){.success = 1, .title = "Done & dusted", .html = &body});
    const char *s = html_str(h);
    assert_has(s, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" "
                  "aria-labelledby=\"govuk-notification-banner-title\" data-module=\"govuk-notification-banner\">");
    assert_has(s, "id=\"govuk-notification-banner-title\">Done &amp; dusted</h2>");
    assert_has(s, "<div class=\"govuk-notification-banner__content\">\n"
                  "<h3 class=\"govuk-notification-banner__heading\">Case closed</h3></div>");
    html_free(&body);

    html_reset(h);
    govuk_notification_banner(h, &(GovukNotificationBanner){.text = HOSTILE, .title_id = "t1"});
    s = html_str(h);
    assert_has(s, "role=\"region\" aria-labelledby=\"t1\"");
    assert_has(s, ">Important</h2>");
    assert_has(s, "<p class=\"govuk-notification-banner__heading\">" HOSTILE_ESCAPED "</p>");
}

static void test_pagination_window(void **state)
{
    (void)state;
    int p[7];
    int n;

    n = govuk_pagination_window(1, 1, p, 7);
    assert_int_equal(n, 1);
    assert_int_equal(p[0], 1);

    n = govuk_pagination_window(10, 40, p, 7); /* 1 … 9 10 11 … 40 */
    assert_int_equal(n, 7);
    int want1[] = {1, 0, 9, 10, 11, 0, 40};
    assert_memory_equal(p, want1, sizeof want1);

    n = govuk_pagination_window(4, 6, p, 7); /* a single skipped page is shown: 1 2 3 4 5 6 */
    int want2[] = {1, 2, 3, 4, 5, 6};
    assert_int_equal(n, 6);
    assert_memory_equal(p, want2, sizeof want2);

    n = govuk_pagination_window(1, 10, p, 7); /* 1 2 … 10 */
    int want3[] = {1, 2, 0, 10};
    assert_int_equal(n, 4);
    assert_memory_equal(p, want3, sizeof want3);

    n = govuk_pagination_window(99, 10, p, 7); /* clamped to the last page: 1 … 9 10 */
    int want4[] = {1, 0, 9, 10};
    assert_int_equal(n, 4);
    assert_memory_equal(p, want4, sizeof want4);

    assert_int_equal(govuk_pagination_window(1, 0, p, 7), 0);
    assert_int_equal(govuk_pagination_window(10, 40, p, 3), 3); /* never writes past max */
}

static void test_pagination_pages(void **state)
{
    Html *h = *state;
    govuk_pagination_pages(h, 1, 1, "/cases?page=");
    assert_int_equal(html_len(h), 0);

    govuk_pagination_pages(h, 5, 12, "/cases?q=a&page=");
    const char *s = html_str(h);
    assert_has(s, "<nav class=\"govuk-pagination\" aria-label=\"Pagination\">");
    assert_has(s, "href=\"/cases?q=a&amp;page=4\" rel=\"prev\"");
    assert_has(s, "href=\"/cases?q=a&amp;page=6\" rel=\"next\"");
    assert_has(s, "<li class=\"govuk-pagination__item govuk-pagination__item--current\">"
                  "<a class=\"govuk-link govuk-pagination__link\" href=\"/cases?q=a&amp;page=5\" "
                  "aria-label=\"Page 5\" aria-current=\"page\">5</a></li>");
    assert_has(s, "aria-label=\"Page 12\">12</a>");
    assert_int_equal(count_of(s, "govuk-pagination__item--ellipsis\">&ctdot;</li>"), 2);
    assert_int_equal(count_of(s, "aria-current"), 1);

    /* first page: no "Previous"; last page: no "Next" */
    html_reset(h);
    govuk_pagination_pages(h, 1, 3, "/p?page=");
    assert_lacks(html_str(h), "rel=\"prev\"");
    assert_has(html_str(h), "rel=\"next\"");
    html_reset(h);
    govuk_pagination_pages(h, 3, 3, "/p?page=");
    assert_has(html_str(h), "rel=\"prev\"");
    assert_lacks(html_str(h), "rel=\"next\"");

    /* an unsafe prefix is replaced, so the link stays harmless */
    html_reset(h);
    govuk_pagination_pages(h, 1, 2, "javascript:alert(1)//");
    assert_lacks(html_str(h), "javascript");
    assert_has(html_str(h), "href=\"#2\"");
}

static void test_pagination_labels(void **state)
{
    Html *h = *state;
    govuk_pagination(h, &(GovukPagination){.previous_href = "/a",
                                           .previous_text = "Earlier <cases>",
                                           .previous_label = "Page 1 of 3",
                                           .landmark_label = "Results pages"});
    const char *s = html_str(h);
    assert_has(s, "<nav class=\"govuk-pagination govuk-pagination--block\" aria-label=\"Results pages\">");
    assert_has(s, "<span class=\"govuk-pagination__link-title\">Earlier &lt;cases&gt;</span>");
    assert_has(s, "<span class=\"govuk-visually-hidden\">:</span><span class=\"govuk-pagination__link-label\">"
                  "Page 1 of 3</span>");
    assert_lacks(s, "rel=\"next\"");
}

static void test_buttons(void **state)
{
    Html *h = *state;
    govuk_button(h, &(GovukButton){.text = "Delete <case>",
                                   .variant = GOVUK_BUTTON_WARNING,
                                   .name = "action",
                                   .value = "de\"lete",
                                   .id = "delete",
                                   .classes = "govuk-!-margin-bottom-0",
                                   .prevent_double_click = 1});
    assert_string_equal(html_str(h), "<button type=\"submit\" value=\"de&quot;lete\" name=\"action\" "
                                     "data-prevent-double-click=\"true\" class=\"govuk-button govuk-button--warning "
                                     "govuk-!-margin-bottom-0\" data-module=\"govuk-button\" id=\"delete\">"
                                     "Delete &lt;case&gt;</button>\n");

    html_reset(h);
    govuk_button(h, &(GovukButton){.text = "Cancel", .href = "javascript:history.back()", .variant = GOVUK_BUTTON_SECONDARY});
    assert_string_equal(html_str(h), "<a href=\"#\" role=\"button\" draggable=\"false\" "
                                     "class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                                     "Cancel</a>\n");

    html_reset(h);
    govuk_button(h, &(GovukButton){.text = "Search", .type = "button"});
    assert_has(html_str(h), "<button type=\"button\" class=\"govuk-button\"");
}

static void test_back_link_and_csrf(void **state)
{
    Html *h = *state;
    govuk_back_link(h, &(GovukBackLink){.href = "/cases?status=open&sort=age", .text = "Back to <cases>"});
    assert_string_equal(html_str(h), "<a href=\"/cases?status=open&amp;sort=age\" class=\"govuk-back-link\">"
                                     "Back to &lt;cases&gt;</a>\n");
    html_reset(h);
    govuk_back_link(h, &(GovukBackLink){.href = "//evil.example/"});
    assert_string_equal(html_str(h), "<a href=\"#\" class=\"govuk-back-link\">Back</a>\n");

    html_reset(h);
    govuk_csrf_field(h, "abc\"><script>");
    assert_string_equal(html_str(h), "<input type=\"hidden\" name=\"csrf_token\" value=\"abc&quot;&gt;&lt;script&gt;\">\n");
    html_reset(h);
    govuk_csrf_field(h, NULL);
    assert_string_equal(html_str(h), "<input type=\"hidden\" name=\"csrf_token\" value=\"\">\n");
}

static void test_fieldset_helpers(void **state)
{
    Html *h = *state;
    govuk_fieldset_open(h, &(GovukFieldset){.legend = "Address <home>",
                                            .legend_is_heading = 1,
                                            .role = "group",
                                            .described_by = "addr-hint",
                                            .classes = "app-address"});
    html_lit(h, "<p>inside</p>\n");
    govuk_fieldset_close(h);
    assert_string_equal(html_str(h), "<fieldset class=\"govuk-fieldset app-address\" role=\"group\" "
                                     "aria-describedby=\"addr-hint\">\n"
                                     "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--l\">"
                                     "<h1 class=\"govuk-fieldset__heading\">Address &lt;home&gt;</h1></legend>\n"
                                     "<p>inside</p>\n</fieldset>\n");

    html_reset(h);
    govuk_fieldset_open(h, &(GovukFieldset){0});
    govuk_fieldset_close(h);
    assert_string_equal(html_str(h), "<fieldset class=\"govuk-fieldset\">\n</fieldset>\n");

    html_reset(h);
    govuk_error_message(h, "x\"y", "<b>bad</b>");
    assert_string_equal(html_str(h), "<p id=\"x&quot;y\" class=\"govuk-error-message\">"
                                     "<span class=\"govuk-visually-hidden\">Error:</span> &lt;b&gt;bad&lt;/b&gt;</p>\n");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_normalise_only_ignores_layout),
        T(test_input_fixtures),
        T(test_radios_fixtures),
        T(test_checkboxes_fixtures),
        T(test_date_input_fixtures),
        T(test_select_and_textarea_fixtures),
        T(test_summary_list_fixtures),
        T(test_table_fixtures),
        T(test_tag_and_task_list_fixtures),
        T(test_notification_banner_fixtures),
        T(test_pagination_fixtures),
        T(test_button_fixtures),
        T(test_small_component_fixtures),
        T(test_input_escapes_and_redisplays_value),
        T(test_input_hint_and_error_are_described),
        T(test_input_without_extras),
        T(test_input_prefix_and_suffix),
        T(test_label_as_heading),
        T(test_textarea),
        T(test_radios_keep_checked_value_and_escape),
        T(test_radios_error_inline_and_ids),
        T(test_checkboxes_keep_all_checked_values),
        T(test_checkboxes_without_fieldset_describe_each_input),
        T(test_select_keeps_selected_and_escapes),
        T(test_date_input_highlights_only_the_wrong_fields),
        T(test_date_input_whole_date_error_and_escaping),
        T(test_form_errors),
        T(test_error_summary_links_and_escapes),
        T(test_summary_list_escapes_and_neutralises_links),
        T(test_table_cells),
        T(test_tag_and_task_list_behaviour),
        T(test_notification_banner_behaviour),
        T(test_pagination_window),
        T(test_pagination_pages),
        T(test_pagination_labels),
        T(test_buttons),
        T(test_back_link_and_csrf),
        T(test_fieldset_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
