/*
 * govuk.c - GOV.UK Design System components.
 *
 * Each public function writes the markup of one govuk-frontend Nunjucks
 * template (see govuk.h), reading its options struct and writing through
 * the escaping API of html.h only: literal markup with html_lit/html_printf,
 * caller text with %s or html_text, URLs with html_href, caller markup with
 * html_append. Layout whitespace is kept to newlines between block
 * elements; the elements, attributes and their order follow the templates.
 *
 * The form fields share small helpers for the pieces every template repeats:
 * the form group, label, hint, error message, fieldset and legend, and the
 * aria-describedby list that ties an input to its hint and error.
 */
#include "web/govuk.h"

#include "core/dateinput.h"

#include "core/date.h"

#include <stdio.h>
#include <string.h>

/* Nunjucks treats "" like undefined: an empty option is an unset one. */
static int set(const char *s)
{
    return s && *s;
}

/* Writes " classes" when classes is set (for the end of a class list). */
static void more_classes(Html *h, const char *classes)
{
    if (set(classes))
        html_printf(h, " %s", classes);
}

/* ------------------------------------------------------- form errors */

/* Copies src into dst[cap], cutting at a UTF-8 character boundary. */
static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--; /* src[n] continues a character: cut before its lead byte */
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

void form_errors_add(FormErrors *e, const char *field, const char *message)
{
    char key[sizeof e->items[0].field];
    copy_text(key, sizeof key, field);
    if (e->n >= FORM_ERRORS_MAX || (key[0] && form_errors_get(e, key)))
        return; /* full, or this field already has its message */
    FormError *fe = &e->items[e->n++];
    memcpy(fe->field, key, sizeof key);
    copy_text(fe->message, sizeof fe->message, message);
}

void form_errors_add_date(FormErrors *e, const char *date_id, const char *message)
{
    char field[sizeof e->items[0].field];
    copy_text(field, sizeof field - 4, date_id);
    strcat(field, "-day");
    form_errors_add(e, field, message);
}

const char *form_errors_get(const FormErrors *e, const char *field)
{
    if (!field)
        return NULL;
    for (int i = 0; i < e->n; i++)
        if (strcmp(e->items[i].field, field) == 0)
            return e->items[i].message;
    return NULL;
}

void govuk_error_summary(Html *h, const FormErrors *e)
{
    if (!e || e->n == 0)
        return;
    html_lit(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">\n"
                "<div role=\"alert\">\n"
                "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>\n"
                "<div class=\"govuk-error-summary__body\">\n"
                "<ul class=\"govuk-list govuk-error-summary__list\">\n");
    for (int i = 0; i < e->n; i++) {
        const FormError *fe = &e->items[i];
        if (!fe->field[0]) {
            html_printf(h, "<li>%s</li>\n", fe->message);
            continue;
        }
        char href[sizeof fe->field + 1] = "#";
        strcat(href, fe->field);
        html_lit(h, "<li><a href=\"");
        html_href(h, href);
        html_printf(h, "\">%s</a></li>\n", fe->message);
    }
    html_lit(h, "</ul>\n</div>\n</div>\n</div>\n");
}

/* ------------------------------------------------ shared field pieces */

/* <p class="govuk-error-message"> with id "<base><suffix>" (when base is set). */
static void error_message(Html *h, const char *base, const char *suffix, const char *text)
{
    if (set(base))
        html_printf(h, "<p id=\"%s%s\" class=\"govuk-error-message\">", base, suffix);
    else
        html_lit(h, "<p class=\"govuk-error-message\">");
    html_printf(h, "<span class=\"govuk-visually-hidden\">Error:</span> %s</p>\n", text);
}

void govuk_error_message(Html *h, const char *id, const char *text)
{
    error_message(h, id, "", text);
}

static void form_group_open(Html *h, int has_error)
{
    if (has_error)
        html_lit(h, "<div class=\"govuk-form-group govuk-form-group--error\">\n");
    else
        html_lit(h, "<div class=\"govuk-form-group\">\n");
}

static void div_close(Html *h)
{
    html_lit(h, "</div>\n");
}

/* The label of a single field; as the page heading it sits in an <h1>. */
static void field_label(Html *h, const char *for_id, const char *text, int heading, const char *classes)
{
    if (!set(text))
        return;
    if (heading && !set(classes))
        classes = "govuk-label--l";
    if (heading)
        html_lit(h, "<h1 class=\"govuk-label-wrapper\">");
    html_lit(h, "<label class=\"govuk-label");
    more_classes(h, classes);
    html_printf(h, "\" for=\"%s\">%s</label>", for_id, text);
    if (heading)
        html_lit(h, "</h1>");
    html_lit(h, "\n");
}

/* The hint of a field or group: <div id="<id>-hint" class="govuk-hint">. */
static void field_hint(Html *h, const char *id, const char *text)
{
    html_printf(h, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>\n", id, text);
}

/*
 * aria-describedby is written one id at a time: ref_next opens the attribute
 * before the first id and separates the rest, refs_end closes it if opened.
 */
static void ref_next(Html *h, int *n)
{
    if ((*n)++ == 0)
        html_lit(h, " aria-describedby=\"");
    else
        html_lit(h, " ");
}

static void refs_end(Html *h, int n)
{
    if (n)
        html_lit(h, "\"");
}

/* Refers to "<id>-hint" and "<id>-error" when the field has them. */
static void refs_hint_error(Html *h, int *n, const char *id, const char *hint, const char *error)
{
    if (set(hint)) {
        ref_next(h, n);
        html_printf(h, "%s-hint", id);
    }
    if (set(error)) {
        ref_next(h, n);
        html_printf(h, "%s-error", id);
    }
}

/* Writes aria-describedby="<id>-hint <id>-error" for the parts that exist. */
static void described_by(Html *h, const char *id, const char *hint, const char *error)
{
    int n = 0;
    refs_hint_error(h, &n, id, hint, error);
    refs_end(h, n);
}

/* ------------------------------------------------------------ fieldset */

/* Writes <fieldset ... up to, not including, its closing '>'. */
static void fieldset_start(Html *h, const char *classes, const char *role)
{
    html_lit(h, "<fieldset class=\"govuk-fieldset");
    more_classes(h, classes);
    html_lit(h, "\"");
    if (set(role))
        html_printf(h, " role=\"%s\"", role);
}

/* Closes the <fieldset> tag and writes the legend. */
static void fieldset_legend(Html *h, const char *text, int heading, const char *classes)
{
    html_lit(h, ">\n");
    if (!set(text))
        return;
    if (heading && !set(classes))
        classes = "govuk-fieldset__legend--l";
    html_lit(h, "<legend class=\"govuk-fieldset__legend");
    more_classes(h, classes);
    html_lit(h, "\">");
    if (heading)
        html_printf(h, "<h1 class=\"govuk-fieldset__heading\">%s</h1>", text);
    else
        html_text(h, text);
    html_lit(h, "</legend>\n");
}

void govuk_fieldset_open(Html *h, const GovukFieldset *o)
{
    fieldset_start(h, o->classes, o->role);
    if (set(o->described_by))
        html_printf(h, " aria-describedby=\"%s\"", o->described_by);
    fieldset_legend(h, o->legend, o->legend_is_heading, o->legend_classes);
}

void govuk_fieldset_close(Html *h)
{
    html_lit(h, "</fieldset>\n");
}

/* ----------------------------------------------------------- input */

static const char *or_default(const char *s, const char *dflt)
{
    return set(s) ? s : dflt;
}

static void spellcheck_attr(Html *h, int spellcheck)
{
    if (spellcheck > 0)
        html_lit(h, " spellcheck=\"true\"");
    else if (spellcheck < 0)
        html_lit(h, " spellcheck=\"false\"");
}

static void input_element(Html *h, const GovukInput *o, const char *id)
{
    html_lit(h, "<input class=\"govuk-input");
    more_classes(h, o->classes);
    if (set(o->error))
        html_lit(h, " govuk-input--error");
    html_printf(h, "\" id=\"%s\" name=\"%s\" type=\"%s\"", id, o->name, or_default(o->type, "text"));
    spellcheck_attr(h, o->spellcheck);
    if (o->value)
        html_printf(h, " value=\"%s\"", o->value);
    if (o->disabled)
        html_lit(h, " disabled");
    described_by(h, id, o->hint, o->error);
    if (set(o->autocomplete))
        html_printf(h, " autocomplete=\"%s\"", o->autocomplete);
    if (set(o->inputmode))
        html_printf(h, " inputmode=\"%s\"", o->inputmode);
    html_lit(h, ">\n");
}

void govuk_input(Html *h, const GovukInput *o)
{
    const char *id = or_default(o->id, o->name);
    int wrapped = set(o->prefix) || set(o->suffix);

    form_group_open(h, set(o->error));
    field_label(h, id, o->label, o->label_is_heading, o->label_classes);
    if (set(o->hint))
        field_hint(h, id, o->hint);
    if (set(o->error))
        error_message(h, id, "-error", o->error);
    if (wrapped)
        html_lit(h, "<div class=\"govuk-input__wrapper\">\n");
    if (set(o->prefix))
        html_printf(h, "<div class=\"govuk-input__prefix\" aria-hidden=\"true\">%s</div>\n", o->prefix);
    input_element(h, o, id);
    if (set(o->suffix))
        html_printf(h, "<div class=\"govuk-input__suffix\" aria-hidden=\"true\">%s</div>\n", o->suffix);
    if (wrapped)
        div_close(h);
    div_close(h);
}

/* ---------------------------------------------------------- textarea */

void govuk_textarea(Html *h, const GovukTextarea *o)
{
    const char *id = or_default(o->id, o->name);

    if (o->max_chars > 0)
        html_printf(h, "<div class=\"govuk-form-group govuk-character-count%s\" data-module=\"govuk-character-count\""
                       " data-maxlength=\"%d\">\n",
                    set(o->error) ? " govuk-form-group--error" : "", o->max_chars);
    else
        form_group_open(h, set(o->error));
    field_label(h, id, o->label, o->label_is_heading, o->label_classes);
    if (set(o->hint))
        field_hint(h, id, o->hint);
    if (set(o->error))
        error_message(h, id, "-error", o->error);
    html_lit(h, "<textarea class=\"govuk-textarea");
    if (set(o->error))
        html_lit(h, " govuk-textarea--error");
    if (o->max_chars > 0)
        html_lit(h, " govuk-js-character-count");
    more_classes(h, o->classes);
    html_printf(h, "\" id=\"%s\" name=\"%s\" rows=\"%d\"", id, o->name, o->rows > 0 ? o->rows : 5);
    spellcheck_attr(h, o->spellcheck);
    if (o->disabled)
        html_lit(h, " disabled");
    if (o->max_chars > 0) { /* the count's message first, as the Design System does */
        int n = 0;
        ref_next(h, &n);
        html_printf(h, "%s-info", id);
        refs_hint_error(h, &n, id, o->hint, o->error);
        refs_end(h, n);
    } else {
        described_by(h, id, o->hint, o->error);
    }
    if (set(o->autocomplete))
        html_printf(h, " autocomplete=\"%s\"", o->autocomplete);
    html_lit(h, ">");
    /* The HTML parser drops one newline straight after <textarea>: write
       an extra one so a value that starts with a blank line survives. */
    if (o->value && (o->value[0] == '\n' || o->value[0] == '\r'))
        html_lit(h, "\n");
    html_printf(h, "%s</textarea>\n", o->value);
    if (o->max_chars > 0) /* what shows without JavaScript; the script replaces it with a live count */
        html_printf(h, "<div id=\"%s-info\" class=\"govuk-hint govuk-character-count__message\">You can enter up to"
                       " %d characters</div>\n",
                    id, o->max_chars);
    div_close(h);
}

/* ------------------------------------------------ radios and checkboxes */

/* What radios and checkboxes have in common; kind names their classes. */
typedef struct ChoiceGroup {
    const char *kind;             /* "radios" or "checkboxes" */
    const char *type;             /* "radio" or "checkbox" */
    const char *name;
    const char *id_prefix;
    const char *legend;
    int legend_is_heading;
    const char *legend_classes;
    const char *hint;
    const char *error;
    int is_inline;                /* radios only */
    const char *classes;
    const GovukChoice *items;
    int n_items;
    const char *const *values;    /* the submitted value(s) */
    int n_values;
} ChoiceGroup;

static int choice_checked(const ChoiceGroup *g, const GovukChoice *it)
{
    if (it->checked)
        return 1;
    if (!it->value)
        return 0;
    for (int i = 0; i < g->n_values; i++)
        if (g->values[i] && strcmp(g->values[i], it->value) == 0)
            return 1;
    return 0;
}

/* The item's id: its own, else the prefix, then "<prefix>-2", "<prefix>-3"... */
static void choice_id(Html *h, const ChoiceGroup *g, const GovukChoice *it, int index)
{
    if (set(it->id))
        html_text(h, it->id);
    else if (index > 1)
        html_printf(h, "%s-%d", g->id_prefix, index);
    else
        html_text(h, g->id_prefix);
}

static void choice_input(Html *h, const ChoiceGroup *g, const GovukChoice *it, int index)
{
    html_printf(h, "<input class=\"govuk-%s__input\" id=\"", g->kind);
    choice_id(h, g, it, index);
    html_printf(h, "\" name=\"%s\" type=\"%s\" value=\"%s\"", g->name, g->type, it->value ? it->value : "");
    if (choice_checked(g, it))
        html_lit(h, " checked");
    if (it->disabled)
        html_lit(h, " disabled");
    if (it->exclusive)
        html_lit(h, " data-behaviour=\"exclusive\"");
    if (it->conditional && html_len(it->conditional) > 0) {
        html_lit(h, " data-aria-controls=\"conditional-");
        choice_id(h, g, it, index);
        html_lit(h, "\"");
    }
    int n = 0;
    /* Checkboxes outside a fieldset carry the group's hint and error
       themselves, as there is no fieldset to announce them. */
    if (!set(g->legend) && strcmp(g->type, "checkbox") == 0)
        refs_hint_error(h, &n, g->id_prefix, g->hint, g->error);
    if (set(it->hint)) {
        ref_next(h, &n);
        choice_id(h, g, it, index);
        html_lit(h, "-item-hint");
    }
    refs_end(h, n);
    html_lit(h, ">\n");
}

static void choice_item(Html *h, const ChoiceGroup *g, const GovukChoice *it, int index)
{
    if (set(it->divider)) {
        html_printf(h, "<div class=\"govuk-%s__divider\">%s</div>\n", g->kind, it->divider);
        return;
    }
    html_printf(h, "<div class=\"govuk-%s__item\">\n", g->kind);
    choice_input(h, g, it, index);
    html_printf(h, "<label class=\"govuk-label govuk-%s__label\" for=\"", g->kind);
    choice_id(h, g, it, index);
    html_printf(h, "\">%s</label>\n", it->text);
    if (set(it->hint)) {
        html_lit(h, "<div id=\"");
        choice_id(h, g, it, index);
        html_printf(h, "-item-hint\" class=\"govuk-hint govuk-%s__hint\">%s</div>\n", g->kind, it->hint);
    }
    div_close(h);
    if (it->conditional && html_len(it->conditional) > 0) {
        html_printf(h, "<div class=\"govuk-%s__conditional", g->kind);
        if (!choice_checked(g, it))
            html_printf(h, " govuk-%s__conditional--hidden", g->kind);
        html_lit(h, "\" id=\"conditional-");
        choice_id(h, g, it, index);
        html_lit(h, "\">\n");
        html_append(h, it->conditional);
        div_close(h);
    }
}

static void choice_group(Html *h, const ChoiceGroup *g)
{
    form_group_open(h, set(g->error));
    if (set(g->legend)) {
        fieldset_start(h, NULL, NULL);
        described_by(h, g->id_prefix, g->hint, g->error);
        fieldset_legend(h, g->legend, g->legend_is_heading, g->legend_classes);
    }
    if (set(g->hint))
        field_hint(h, g->id_prefix, g->hint);
    if (set(g->error))
        error_message(h, g->id_prefix, "-error", g->error);
    html_printf(h, "<div class=\"govuk-%s", g->kind);
    if (g->is_inline)
        html_lit(h, " govuk-radios--inline");
    more_classes(h, g->classes);
    html_printf(h, "\" data-module=\"govuk-%s\">\n", g->kind);
    for (int i = 0; i < g->n_items; i++)
        choice_item(h, g, &g->items[i], i + 1);
    div_close(h);
    if (set(g->legend))
        govuk_fieldset_close(h);
    div_close(h);
}

void govuk_radios(Html *h, const GovukRadios *o)
{
    const char *value = o->value;
    ChoiceGroup g = {
        .kind = "radios",
        .type = "radio",
        .name = o->name,
        .id_prefix = or_default(o->id_prefix, o->name),
        .legend = o->legend,
        .legend_is_heading = o->legend_is_heading,
        .legend_classes = o->legend_classes,
        .hint = o->hint,
        .error = o->error,
        .is_inline = o->is_inline,
        .classes = o->classes,
        .items = o->items,
        .n_items = o->n_items,
        .values = &value,
        .n_values = set(value) ? 1 : 0,
    };
    choice_group(h, &g);
}

void govuk_checkboxes(Html *h, const GovukCheckboxes *o)
{
    ChoiceGroup g = {
        .kind = "checkboxes",
        .type = "checkbox",
        .name = o->name,
        .id_prefix = or_default(o->id_prefix, o->name),
        .legend = o->legend,
        .legend_is_heading = o->legend_is_heading,
        .legend_classes = o->legend_classes,
        .hint = o->hint,
        .error = o->error,
        .classes = o->classes,
        .items = o->items,
        .n_items = o->n_items,
        .values = o->values,
        .n_values = o->values ? o->n_values : 0,
    };
    choice_group(h, &g);
}

/* ------------------------------------------------------------ select */

static int option_selected(const GovukSelect *o, const GovukOption *it)
{
    const char *effective = it->value ? it->value : it->text;
    return it->selected || (set(o->value) && effective && strcmp(effective, o->value) == 0);
}

void govuk_select(Html *h, const GovukSelect *o)
{
    const char *id = or_default(o->id, o->name);

    form_group_open(h, set(o->error));
    field_label(h, id, o->label, o->label_is_heading, o->label_classes);
    if (set(o->hint))
        field_hint(h, id, o->hint);
    if (set(o->error))
        error_message(h, id, "-error", o->error);
    html_lit(h, "<select class=\"govuk-select");
    more_classes(h, o->classes);
    if (set(o->error))
        html_lit(h, " govuk-select--error");
    html_printf(h, "\" id=\"%s\" name=\"%s\"", id, o->name);
    if (o->disabled)
        html_lit(h, " disabled");
    described_by(h, id, o->hint, o->error);
    html_lit(h, ">\n");
    for (int i = 0; i < o->n_items; i++) {
        const GovukOption *it = &o->items[i];
        html_lit(h, "<option");
        if (it->value)
            html_printf(h, " value=\"%s\"", it->value);
        if (option_selected(o, it))
            html_lit(h, " selected");
        if (it->disabled)
            html_lit(h, " disabled");
        html_printf(h, ">%s</option>\n", it->text);
    }
    html_lit(h, "</select>\n");
    div_close(h);
}

/* -------------------------------------------------------- date input */

/* One of the three boxes: a small form group of its own, as in the template. */
static void date_item(Html *h, const GovukDateInput *o, const char *id, const char *part, const char *label,
                      const char *value, int width, int has_error)
{
    html_lit(h, "<div class=\"govuk-date-input__item\">\n<div class=\"govuk-form-group\">\n");
    html_printf(h, "<label class=\"govuk-label govuk-date-input__label\" for=\"%s-%s\">%s</label>\n", id, part,
                label);
    html_lit(h, "<input class=\"govuk-input govuk-date-input__input");
    if (has_error)
        html_lit(h, " govuk-input--error");
    html_printf(h, " govuk-input--width-%d\" id=\"%s-%s\" name=\"", width, id, part);
    if (set(o->name_prefix))
        html_printf(h, "%s-", o->name_prefix);
    html_printf(h, "%s\" type=\"text\"", part);
    if (value)
        html_printf(h, " value=\"%s\"", value);
    if (o->birthday)
        html_printf(h, " autocomplete=\"bday-%s\"", part);
    html_lit(h, " inputmode=\"numeric\">\n</div>\n</div>\n");
}

void govuk_date_input(Html *h, const GovukDateInput *o)
{
    const char *id = or_default(o->id, or_default(o->name_prefix, "date"));
    int has_error = set(o->error);
    /* No field singled out: the whole date is wrong, so highlight all three. */
    int all = has_error && !(o->error_day || o->error_month || o->error_year);

    form_group_open(h, has_error);
    if (set(o->legend)) {
        fieldset_start(h, NULL, "group");
        described_by(h, id, o->hint, o->error);
        fieldset_legend(h, o->legend, o->legend_is_heading, o->legend_classes);
    }
    if (set(o->hint))
        field_hint(h, id, o->hint);
    if (has_error)
        error_message(h, id, "-error", o->error);
    html_printf(h, "<div class=\"govuk-date-input\" id=\"%s\">\n", id);
    date_item(h, o, id, "day", "Day", o->day, 2, all || o->error_day);
    date_item(h, o, id, "month", "Month", o->month, 2, all || o->error_month);
    date_item(h, o, id, "year", "Year", o->year, 4, all || o->error_year);
    div_close(h);
    if (set(o->legend))
        govuk_fieldset_close(h);
    div_close(h);
}

/* ---------------------------------------------------- reading a date */

int govuk_date_read(const char *day, const char *month, const char *year, const char *label, GovukDateRead *out)
{
    /* the one reader of date boxes: core/dateinput.c */
    memset(out, 0, sizeof *out);
    char iso[11];
    unsigned parts;
    DateInputResult got = date_input_read(day, month, year, label, iso, out->error, sizeof out->error, &parts);
    if (got == DATE_INPUT_EMPTY) {
        out->error[0] = '\0';
        return 0;
    }
    if (got == DATE_INPUT_BAD) {
        out->error_day = (parts & DATE_PART_DAY) != 0;
        out->error_month = (parts & DATE_PART_MONTH) != 0;
        out->error_year = (parts & DATE_PART_YEAR) != 0;
        return -1;
    }
    date_to_ymd(date_parse(iso, NULL), &out->year, &out->month, &out->day);
    return 1;
}

/* ------------------------------------------------------ summary list */

static int action_count(const GovukSummaryRow *row)
{
    int n = 0;
    for (int i = 0; i < GOVUK_SUMMARY_MAX_ACTIONS; i++)
        n += set(row->actions[i].text);
    return n;
}

static void summary_action(Html *h, const GovukSummaryAction *a)
{
    html_lit(h, "<a class=\"govuk-link\" href=\"");
    html_href(h, a->href);
    html_printf(h, "\">%s", a->text);
    if (set(a->visually_hidden))
        html_printf(h, "<span class=\"govuk-visually-hidden\"> %s</span>", a->visually_hidden);
    html_lit(h, "</a>");
}

static void summary_actions(Html *h, const GovukSummaryRow *row, int count)
{
    html_lit(h, "<dd class=\"govuk-summary-list__actions\">\n");
    if (count > 1)
        html_lit(h, "<ul class=\"govuk-summary-list__actions-list\">\n");
    for (int i = 0; i < GOVUK_SUMMARY_MAX_ACTIONS; i++) {
        if (!set(row->actions[i].text))
            continue;
        if (count > 1)
            html_lit(h, "<li class=\"govuk-summary-list__actions-list-item\">");
        summary_action(h, &row->actions[i]);
        if (count > 1)
            html_lit(h, "</li>");
        html_lit(h, "\n");
    }
    if (count > 1)
        html_lit(h, "</ul>\n");
    html_lit(h, "</dd>\n");
}

static void summary_row(Html *h, const GovukSummaryRow *row, int any_actions)
{
    int count = action_count(row);
    html_lit(h, "<div class=\"govuk-summary-list__row");
    if (any_actions && count == 0)
        html_lit(h, " govuk-summary-list__row--no-actions");
    more_classes(h, row->classes);
    html_printf(h, "\">\n<dt class=\"govuk-summary-list__key\">%s</dt>\n", row->key);
    html_lit(h, "<dd class=\"govuk-summary-list__value\">");
    if (row->value_html)
        html_append(h, row->value_html);
    else
        html_text(h, row->value);
    html_lit(h, "</dd>\n");
    if (count)
        summary_actions(h, row, count);
    div_close(h);
}

void govuk_summary_list(Html *h, const GovukSummaryList *o)
{
    int any_actions = 0;
    for (int i = 0; i < o->n_rows; i++)
        any_actions |= action_count(&o->rows[i]) > 0;

    html_lit(h, "<dl class=\"govuk-summary-list");
    more_classes(h, o->classes);
    html_lit(h, "\">\n");
    for (int i = 0; i < o->n_rows; i++)
        summary_row(h, &o->rows[i], any_actions);
    html_lit(h, "</dl>\n");
}

/* ------------------------------------------------------------- table */

/* colspan, rowspan, '>', the content and the closing tag of a cell. */
static void cell_rest(Html *h, const GovukTableCell *c, const char *tag)
{
    if (c->colspan > 0)
        html_printf(h, " colspan=\"%d\"", c->colspan);
    if (c->rowspan > 0)
        html_printf(h, " rowspan=\"%d\"", c->rowspan);
    html_lit(h, ">");
    if (c->html)
        html_append(h, c->html);
    else
        html_text(h, c->text);
    html_printf(h, "</%s>\n", tag);
}

void govuk_table_open(Html *h, const GovukTable *o)
{
    html_lit(h, "<table class=\"govuk-table");
    more_classes(h, o->classes);
    html_lit(h, "\">\n");
    if (set(o->caption)) {
        html_lit(h, "<caption class=\"govuk-table__caption");
        more_classes(h, o->caption_classes);
        html_printf(h, "\">%s</caption>\n", o->caption);
    }
    if (o->head && o->n_head > 0) {
        html_lit(h, "<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">\n");
        for (int i = 0; i < o->n_head; i++) {
            const GovukTableCell *c = &o->head[i];
            html_lit(h, "<th scope=\"col\" class=\"govuk-table__header");
            if (c->numeric)
                html_lit(h, " govuk-table__header--numeric");
            more_classes(h, c->classes);
            html_lit(h, "\"");
            cell_rest(h, c, "th");
        }
        html_lit(h, "</tr>\n</thead>\n");
    }
    html_lit(h, "<tbody class=\"govuk-table__body\">\n");
}

void govuk_table_row(Html *h, const GovukTableCell *cells, int n_cells, int first_cell_is_header)
{
    html_lit(h, "<tr class=\"govuk-table__row\">\n");
    for (int i = 0; i < n_cells; i++) {
        const GovukTableCell *c = &cells[i];
        if (i == 0 && first_cell_is_header) {
            html_lit(h, "<th scope=\"row\" class=\"govuk-table__header");
            more_classes(h, c->classes);
            html_lit(h, "\"");
            cell_rest(h, c, "th");
            continue;
        }
        html_lit(h, "<td class=\"govuk-table__cell");
        if (c->numeric)
            html_lit(h, " govuk-table__cell--numeric");
        more_classes(h, c->classes);
        html_lit(h, "\"");
        cell_rest(h, c, "td");
    }
    html_lit(h, "</tr>\n");
}

void govuk_table_close(Html *h)
{
    html_lit(h, "</tbody>\n</table>\n");
}

void govuk_table(Html *h, const GovukTable *o)
{
    govuk_table_open(h, o);
    for (int i = 0; i < o->n_rows; i++)
        govuk_table_row(h, o->rows[i].cells, o->rows[i].n_cells, o->first_cell_is_header);
    govuk_table_close(h);
}

/* --------------------------------------------------------------- tag */

void govuk_tag(Html *h, const GovukTag *o)
{
    html_lit(h, "<strong class=\"govuk-tag");
    more_classes(h, o->classes);
    html_printf(h, "\">%s</strong>", o->text);
}

/* --------------------------------------------------------- task list */

static void task_name_and_hint(Html *h, const GovukTaskListItem *it, const char *prefix, int index)
{
    html_lit(h, "<div class=\"govuk-task-list__name-and-hint\">\n");
    if (set(it->href)) {
        html_lit(h, "<a class=\"govuk-link govuk-task-list__link\" href=\"");
        html_href(h, it->href);
        html_lit(h, "\" aria-describedby=\"");
        if (set(it->hint))
            html_printf(h, "%s-%d-hint ", prefix, index);
        html_printf(h, "%s-%d-status\">%s</a>\n", prefix, index, it->title);
    } else {
        html_printf(h, "<div>%s</div>\n", it->title);
    }
    if (set(it->hint))
        html_printf(h, "<div id=\"%s-%d-hint\" class=\"govuk-task-list__hint\">%s</div>\n", prefix, index, it->hint);
    div_close(h);
}

static void task_item(Html *h, const GovukTaskListItem *it, const char *prefix, int index)
{
    html_lit(h, "<li class=\"govuk-task-list__item");
    if (set(it->href))
        html_lit(h, " govuk-task-list__item--with-link");
    html_lit(h, "\">\n");
    task_name_and_hint(h, it, prefix, index);
    html_lit(h, "<div class=\"govuk-task-list__status");
    more_classes(h, it->status_classes);
    html_printf(h, "\" id=\"%s-%d-status\">", prefix, index);
    if (set(it->status_tag.text))
        govuk_tag(h, &it->status_tag);
    else
        html_text(h, it->status_text);
    html_lit(h, "</div>\n</li>\n");
}

void govuk_task_list(Html *h, const GovukTaskList *o)
{
    const char *prefix = or_default(o->id_prefix, "task-list");
    html_lit(h, "<ul class=\"govuk-task-list");
    more_classes(h, o->classes);
    html_lit(h, "\">\n");
    for (int i = 0; i < o->n_items; i++)
        task_item(h, &o->items[i], prefix, i + 1);
    html_lit(h, "</ul>\n");
}

/* ----------------------------------------------- notification banner */

void govuk_notification_banner(Html *h, const GovukNotificationBanner *o)
{
    const char *title_id = or_default(o->title_id, "govuk-notification-banner-title");
    const char *title = or_default(o->title, o->success ? "Success" : "Important");

    if (o->success)
        html_lit(h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\"");
    else
        html_lit(h, "<div class=\"govuk-notification-banner\" role=\"region\"");
    html_printf(h, " aria-labelledby=\"%s\" data-module=\"govuk-notification-banner\">\n", title_id);
    html_printf(h,
                "<div class=\"govuk-notification-banner__header\">\n"
                "<h2 class=\"govuk-notification-banner__title\" id=\"%s\">%s</h2>\n"
                "</div>\n",
                title_id, title);
    html_lit(h, "<div class=\"govuk-notification-banner__content\">\n");
    if (o->html)
        html_append(h, o->html);
    else if (set(o->text))
        html_printf(h, "<p class=\"govuk-notification-banner__heading\">%s</p>\n", o->text);
    html_lit(h, "</div>\n</div>\n");
}

/* -------------------------------------------------------- pagination */

/* A pagination URL: href, followed by page when page > 0 (so numbered
   links can share one prefix without building strings). */
typedef struct PageLink {
    const char *href;
    int page;
} PageLink;

static void page_href(Html *h, PageLink l)
{
    html_href(h, l.href);
    if (l.page > 0)
        html_printf(h, "%d", l.page);
}

static void pagination_arrow(Html *h, int next)
{
    if (next)
        html_lit(h, "<svg class=\"govuk-pagination__icon govuk-pagination__icon--next\" "
                    "xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" "
                    "focusable=\"false\" viewBox=\"0 0 15 13\">\n"
                    "<path d=\"m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 "
                    "1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path>\n</svg>\n");
    else
        html_lit(h, "<svg class=\"govuk-pagination__icon govuk-pagination__icon--prev\" "
                    "xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" "
                    "focusable=\"false\" viewBox=\"0 0 15 13\">\n"
                    "<path d=\"m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-"
                    "12.984l4.2931-4.293-1.414-1.414z\"></path>\n</svg>\n");
}

/* The "Previous" or "Next" link. Block style (no numbers) puts both arrows
   first and may add a label such as "2 of 3" under the title. */
static void pagination_link(Html *h, int next, PageLink l, const char *text, const char *label, int block)
{
    const char *type = next ? "next" : "prev";
    html_printf(h, "<div class=\"govuk-pagination__%s\">\n<a class=\"govuk-link govuk-pagination__link\" href=\"",
                type);
    page_href(h, l);
    html_printf(h, "\" rel=\"%s\">\n", type);
    if (block || !next)
        pagination_arrow(h, next);
    html_lit(h, "<span class=\"govuk-pagination__link-title");
    if (block && !set(label))
        html_lit(h, " govuk-pagination__link-title--decorated");
    html_lit(h, "\">");
    if (set(text))
        html_text(h, text);
    else if (next)
        html_lit(h, "Next<span class=\"govuk-visually-hidden\"> page</span>");
    else
        html_lit(h, "Previous<span class=\"govuk-visually-hidden\"> page</span>");
    html_lit(h, "</span>\n");
    if (block && set(label))
        html_printf(h,
                    "<span class=\"govuk-visually-hidden\">:</span>"
                    "<span class=\"govuk-pagination__link-label\">%s</span>\n",
                    label);
    if (!block && next)
        pagination_arrow(h, next);
    html_lit(h, "</a>\n</div>\n");
}

static void pagination_number(Html *h, int number, PageLink l, int current)
{
    if (current)
        html_lit(h, "<li class=\"govuk-pagination__item govuk-pagination__item--current\">");
    else
        html_lit(h, "<li class=\"govuk-pagination__item\">");
    html_lit(h, "<a class=\"govuk-link govuk-pagination__link\" href=\"");
    page_href(h, l);
    html_printf(h, "\" aria-label=\"Page %d\"", number);
    if (current)
        html_lit(h, " aria-current=\"page\"");
    html_printf(h, ">%d</a></li>\n", number);
}

static void pagination_ellipsis(Html *h)
{
    html_lit(h, "<li class=\"govuk-pagination__item govuk-pagination__item--ellipsis\">&ctdot;</li>\n");
}

static void pagination_open(Html *h, int block, const char *landmark_label)
{
    html_lit(h, "<nav class=\"govuk-pagination");
    if (block)
        html_lit(h, " govuk-pagination--block");
    html_printf(h, "\" aria-label=\"%s\">\n", or_default(landmark_label, "Pagination"));
}

void govuk_pagination(Html *h, const GovukPagination *o)
{
    int has_items = o->items && o->n_items > 0;
    int block = !has_items && (set(o->previous_href) || set(o->next_href));

    pagination_open(h, block, o->landmark_label);
    if (set(o->previous_href))
        pagination_link(h, 0, (PageLink){o->previous_href, 0}, o->previous_text, o->previous_label, block);
    if (has_items) {
        html_lit(h, "<ul class=\"govuk-pagination__list\">\n");
        for (int i = 0; i < o->n_items; i++) {
            const GovukPaginationItem *it = &o->items[i];
            if (it->ellipsis)
                pagination_ellipsis(h);
            else
                pagination_number(h, it->number, (PageLink){it->href, 0}, it->current);
        }
        html_lit(h, "</ul>\n");
    }
    if (set(o->next_href))
        pagination_link(h, 1, (PageLink){o->next_href, 0}, o->next_text, o->next_label, block);
    html_lit(h, "</nav>\n");
}

int govuk_pagination_window(int current, int total, int *out, int max)
{
    if (total < 1 || max < 1)
        return 0;
    if (current < 1)
        current = 1;
    if (current > total)
        current = total;
    /* every page that can be shown, in ascending order */
    const int candidates[] = {1, current - 2, current - 1, current, current + 1, current + 2, total};
    int n = 0;
    int last = 0; /* the last page number written */
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        int p = candidates[i];
        if (p <= last || p > total)
            continue;
        int shown = p == 1 || p == total || (p >= current - 1 && p <= current + 1);
        /* a gap of exactly one page shows that page rather than an ellipsis */
        int fills_gap = (p == current - 2 && p == 2) || (p == current + 2 && p == total - 1);
        if (!shown && !fills_gap)
            continue;
        if (p > last + 1 && n < max)
            out[n++] = 0;
        if (n < max)
            out[n++] = p;
        last = p;
    }
    return n;
}

void govuk_pagination_pages(Html *h, int current, int total, const char *href_prefix)
{
    int pages[7];
    if (total < 2)
        return;
    if (current < 1)
        current = 1;
    if (current > total)
        current = total;
    int n = govuk_pagination_window(current, total, pages, 7);

    pagination_open(h, 0, NULL);
    if (current > 1)
        pagination_link(h, 0, (PageLink){href_prefix, current - 1}, NULL, NULL, 0);
    html_lit(h, "<ul class=\"govuk-pagination__list\">\n");
    for (int i = 0; i < n; i++) {
        if (pages[i] == 0)
            pagination_ellipsis(h);
        else
            pagination_number(h, pages[i], (PageLink){href_prefix, pages[i]}, pages[i] == current);
    }
    html_lit(h, "</ul>\n");
    if (current < total)
        pagination_link(h, 1, (PageLink){href_prefix, current + 1}, NULL, NULL, 0);
    html_lit(h, "</nav>\n");
}

/* ------------------------------------------------------------ button */

/* class="..." data-module="govuk-button" id="...": common to both forms. */
static void button_common(Html *h, const GovukButton *o)
{
    html_lit(h, " class=\"govuk-button");
    if (o->variant == GOVUK_BUTTON_SECONDARY)
        html_lit(h, " govuk-button--secondary");
    else if (o->variant == GOVUK_BUTTON_WARNING)
        html_lit(h, " govuk-button--warning");
    more_classes(h, o->classes);
    html_lit(h, "\" data-module=\"govuk-button\"");
    if (set(o->id))
        html_printf(h, " id=\"%s\"", o->id);
}

void govuk_button(Html *h, const GovukButton *o)
{
    if (set(o->href)) {
        html_lit(h, "<a href=\"");
        html_href(h, o->href);
        html_lit(h, "\" role=\"button\" draggable=\"false\"");
        button_common(h, o);
        html_printf(h, ">%s</a>\n", o->text);
        return;
    }
    html_printf(h, "<button type=\"%s\"", or_default(o->type, "submit"));
    if (set(o->value))
        html_printf(h, " value=\"%s\"", o->value);
    if (set(o->name))
        html_printf(h, " name=\"%s\"", o->name);
    if (o->disabled)
        html_lit(h, " disabled aria-disabled=\"true\"");
    if (o->prevent_double_click)
        html_lit(h, " data-prevent-double-click=\"true\"");
    button_common(h, o);
    html_printf(h, ">%s</button>\n", o->text);
}

/* --------------------------------------------------------- back link */

void govuk_back_link(Html *h, const GovukBackLink *o)
{
    html_lit(h, "<a href=\"");
    html_href(h, o->href);
    html_lit(h, "\" class=\"govuk-back-link");
    more_classes(h, o->classes);
    html_printf(h, "\">%s</a>\n", or_default(o->text, "Back"));
}

/* -------------------------------------------------------------- csrf */

void govuk_csrf_field(Html *h, const char *token)
{
    html_printf(h, "<input type=\"hidden\" name=\"csrf_token\" value=\"%s\">\n", token ? token : "");
}
