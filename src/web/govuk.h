/*
 * govuk.h - GOV.UK Design System components, written as C functions.
 *
 * Each function renders the markup of the matching govuk-frontend 6.x
 * Nunjucks macro (node_modules/govuk-frontend/dist/govuk/components/
 * <name>/template.njk): the same elements, classes, ids and
 * aria-describedby wiring, so the govuk-frontend CSS and JavaScript work
 * unchanged. Only the options a casework service needs are supported.
 *
 * Conventions:
 *   - One options struct per component, meant for designated initialisers:
 *       govuk_input(h, &(GovukInput){.name = "email", .label = "Email",
 *                                    .type = "email",
 *                                    .error = form_errors_get(&errs, "email")});
 *     NULL / 0 means "not set" and picks the template's default.
 *   - Every const char * is plain text and is HTML-escaped. Where a component
 *     takes caller markup it is a const Html *, which is safe by construction
 *     (see html.h); when both are given the Html wins.
 *   - Every URL goes through html_href, so javascript: and friends become "#".
 *   - Lists are passed as a pointer and a count (compound literals work well).
 *   - Ids of hints and errors follow the templates: "<id>-hint", "<id>-error",
 *     "<item id>-item-hint", and the first radio/checkbox has the bare id so
 *     the error summary can link to it.
 */
#ifndef RISE_GOVUK_H
#define RISE_GOVUK_H

#include "web/html.h"

/* ---------------------------------------------------------------- errors */

#define FORM_ERRORS_MAX 32

/* One validation error: the id of the field it belongs to, and the message. */
typedef struct FormError {
    char field[64];
    char message[256];
} FormError;

/* The validation errors of one form submission, in the order found. */
typedef struct FormErrors {
    FormError items[FORM_ERRORS_MAX];
    int n;
} FormErrors;

/*
 * Records an error for field (the id the error summary links to; NULL or ""
 * for an error of the whole form, listed without a link). A second error
 * for the same field is ignored (GOV.UK shows one message per field), as
 * are errors beyond FORM_ERRORS_MAX. Over-long text is cut at a UTF-8
 * character boundary.
 */
void form_errors_add(FormErrors *e, const char *field, const char *message);

/* Records an error for a whole date input: it is filed under "<date_id>-day",
 * the field the error summary should move focus to. */
void form_errors_add_date(FormErrors *e, const char *date_id, const char *message);

/* The message recorded for field, or NULL if none. */
const char *form_errors_get(const FormErrors *e, const char *field);

/* "There is a problem" box listing every error as a link to #field. Writes
 * nothing when there are no errors. Goes at the top of <main>. */
void govuk_error_summary(Html *h, const FormErrors *e);

/* <p class="govuk-error-message"> with the visually hidden "Error:" prefix.
 * id may be NULL. Form fields call this themselves when .error is set. */
void govuk_error_message(Html *h, const char *id, const char *text);

/* --------------------------------------------------------------- fieldset */

typedef struct GovukFieldset {
    const char *legend;           /* text; no <legend> when NULL */
    int legend_is_heading;        /* legend wraps <h1 class="govuk-fieldset__heading"> */
    const char *legend_classes;   /* default "govuk-fieldset__legend--l" when a heading */
    const char *classes;
    const char *role;             /* e.g. "group" */
    const char *described_by;     /* space-separated ids for aria-describedby */
} GovukFieldset;

/* Opens <fieldset> and writes its legend; the caller writes the contents
 * and then calls govuk_fieldset_close. */
void govuk_fieldset_open(Html *h, const GovukFieldset *o);
void govuk_fieldset_close(Html *h);

/* ------------------------------------------------------------ text fields */

typedef struct GovukInput {
    const char *id;               /* defaults to name */
    const char *name;
    const char *label;            /* text */
    int label_is_heading;         /* wraps the label in <h1 class="govuk-label-wrapper"> */
    const char *label_classes;    /* default "govuk-label--l" when a heading */
    const char *hint;
    const char *value;            /* what the user typed: always re-displayed */
    const char *type;             /* default "text"; "email", "password", "number", ... */
    const char *autocomplete;
    const char *inputmode;        /* e.g. "numeric" */
    const char *classes;          /* e.g. "govuk-input--width-20" */
    const char *prefix;           /* text before the box, e.g. "£" */
    const char *suffix;           /* text after the box, e.g. "per item" */
    int spellcheck;               /* 0 unset, 1 true, -1 false */
    int disabled;
    const char *error;            /* error message text, or NULL */
} GovukInput;

/* A single-line text field in its form group, with label, hint and error. */
void govuk_input(Html *h, const GovukInput *o);

typedef struct GovukTextarea {
    const char *id;               /* defaults to name */
    const char *name;
    const char *label;
    int label_is_heading;
    const char *label_classes;
    const char *hint;
    const char *value;
    int rows;                     /* default 5 */
    const char *autocomplete;
    const char *classes;
    int spellcheck;               /* 0 unset, 1 true, -1 false */
    int disabled;
    const char *error;
    int max_chars; /* > 0: the GOV.UK character count ("You have 20 characters remaining") */
} GovukTextarea;

/* A multi-line text field in its form group. */
void govuk_textarea(Html *h, const GovukTextarea *o);

/* ---------------------------------------------------------------- choices */

/* One radio button or checkbox. Set .divider alone for an "or" divider. */
typedef struct GovukChoice {
    const char *value;
    const char *text;             /* label text */
    const char *hint;             /* hint under this item: "<item id>-item-hint" */
    const char *id;               /* default: id_prefix, id_prefix-2, id_prefix-3, ... */
    const char *divider;          /* when set, this entry is a divider with this text */
    int checked;                  /* checked whatever the submitted value(s) */
    int disabled;
    int exclusive;                /* checkboxes: data-behaviour="exclusive" ("None") */
    /* Markup revealed under this item while it is chosen (GOV.UK's
     * conditional reveal, id "conditional-<item id>"). Without JavaScript
     * it is always shown, so the form must accept it whatever is chosen. */
    const Html *conditional;
} GovukChoice;

typedef struct GovukRadios {
    const char *name;
    const char *id_prefix;        /* defaults to name */
    const char *legend;           /* text; when set the radios sit in a fieldset */
    int legend_is_heading;
    const char *legend_classes;
    const char *hint;
    const char *value;            /* submitted value: the matching item is checked */
    const GovukChoice *items;
    int n_items;
    int is_inline;                /* govuk-radios--inline (two short answers) */
    const char *classes;          /* e.g. "govuk-radios--small" */
    const char *error;
} GovukRadios;

/* A group of radio buttons; the hint and error are linked from the fieldset. */
void govuk_radios(Html *h, const GovukRadios *o);

typedef struct GovukCheckboxes {
    const char *name;
    const char *id_prefix;        /* defaults to name */
    const char *legend;           /* text; when set the checkboxes sit in a fieldset */
    int legend_is_heading;
    const char *legend_classes;
    const char *hint;
    const char *const *values;    /* submitted values: matching items are checked */
    int n_values;
    const GovukChoice *items;
    int n_items;
    const char *classes;          /* e.g. "govuk-checkboxes--small" */
    const char *error;
} GovukCheckboxes;

/* A group of checkboxes. Without a legend (a single "I confirm" box) the
 * group hint and error are linked from each input instead. */
void govuk_checkboxes(Html *h, const GovukCheckboxes *o);

/* ----------------------------------------------------------------- select */

typedef struct GovukOption {
    const char *value;            /* NULL: no value attribute (the text is sent) */
    const char *text;
    int selected;                 /* selected whatever the submitted value */
    int disabled;
} GovukOption;

typedef struct GovukSelect {
    const char *id;               /* defaults to name */
    const char *name;
    const char *label;
    int label_is_heading;
    const char *label_classes;
    const char *hint;
    const char *value;            /* submitted value: the matching option is selected */
    const GovukOption *items;
    int n_items;
    const char *classes;
    int disabled;
    const char *error;
} GovukSelect;

/* A drop-down list in its form group. */
void govuk_select(Html *h, const GovukSelect *o);

/* ------------------------------------------------------------- date input */

typedef struct GovukDateInput {
    const char *id;               /* fields get "<id>-day", "<id>-month", "<id>-year" */
    const char *name_prefix;      /* names "<prefix>-day" ...; plain "day" ... when NULL */
    const char *legend;           /* text; when set the date sits in a role="group" fieldset */
    int legend_is_heading;
    const char *legend_classes;
    const char *hint;             /* e.g. "For example, 27 3 2007" */
    const char *day, *month, *year; /* what the user typed */
    int birthday;                 /* autocomplete="bday-day", "bday-month", "bday-year" */
    const char *error;            /* message for the date as a whole */
    /* Which fields are wrong. When error is set and none of these is, all
     * three are highlighted. */
    int error_day, error_month, error_year;
} GovukDateInput;

/* Day, month and year boxes. Record the error with form_errors_add_date so
 * that the error summary links to the day field. */
void govuk_date_input(Html *h, const GovukDateInput *o);

/* What was typed into a date input, read the Design System's way. */
typedef struct GovukDateRead {
    int year, month, day;         /* when valid */
    char error[256];              /* the message when not valid */
    int error_day, error_month, error_year; /* the fields to highlight; none: the whole date */
} GovukDateRead;

/*
 * Reads a date input's three fields (spaces ignored; the month also as its
 * name or first three letters). Returns 1 for a real date; 0 when nothing
 * was typed (the caller says "Enter ..." or uses a default); -1 with the
 * Design System's message, label naming the date ("As at date"):
 * "As at date must include a year" (or "a day and month" ...), "Year must
 * include 4 numbers", "As at date must be a real date"; and which fields
 * are wrong, for govuk_date_input's error_day/month/year.
 */
int govuk_date_read(const char *day, const char *month, const char *year, const char *label, GovukDateRead *out);

/* ----------------------------------------------------------- summary list */

#define GOVUK_SUMMARY_MAX_ACTIONS 3

typedef struct GovukSummaryAction {
    const char *href;
    const char *text;             /* e.g. "Change"; unused slot when NULL */
    const char *visually_hidden;  /* e.g. "date of birth" (read after the text) */
} GovukSummaryAction;

typedef struct GovukSummaryRow {
    const char *key;
    const char *value;            /* plain text ... */
    const Html *value_html;       /* ... or markup built by the caller */
    GovukSummaryAction actions[GOVUK_SUMMARY_MAX_ACTIONS];
    const char *classes;
} GovukSummaryRow;

typedef struct GovukSummaryList {
    const GovukSummaryRow *rows;
    int n_rows;
    const char *classes;          /* e.g. "govuk-summary-list--no-border" */
} GovukSummaryList;

/* A <dl> of key/value rows with optional "Change" links. When any row has
 * actions, rows without get govuk-summary-list__row--no-actions. */
void govuk_summary_list(Html *h, const GovukSummaryList *o);

/* ------------------------------------------------------------------ table */

typedef struct GovukTableCell {
    const char *text;
    const Html *html;             /* markup instead of text */
    int numeric;                  /* right-aligned: govuk-table__cell--numeric */
    const char *classes;
    int colspan, rowspan;
} GovukTableCell;

typedef struct GovukTableRow {
    const GovukTableCell *cells;
    int n_cells;
} GovukTableRow;

typedef struct GovukTable {
    const char *caption;
    const char *caption_classes;  /* e.g. "govuk-table__caption--m" */
    const GovukTableCell *head;   /* header cells (<th scope="col">), or NULL */
    int n_head;
    const GovukTableRow *rows;
    int n_rows;
    int first_cell_is_header;     /* each row's first cell is <th scope="row"> */
    const char *classes;
} GovukTable;

/* A whole table from arrays. */
void govuk_table(Html *h, const GovukTable *o);

/* The same table written a row at a time (for rows read from a cursor):
 * govuk_table_open writes everything up to <tbody> (rows are ignored). */
void govuk_table_open(Html *h, const GovukTable *o);
void govuk_table_row(Html *h, const GovukTableCell *cells, int n_cells, int first_cell_is_header);
void govuk_table_close(Html *h);

/* -------------------------------------------------------------------- tag */

typedef struct GovukTag {
    const char *text;
    const char *classes;          /* colour, e.g. "govuk-tag--green" */
} GovukTag;

/* <strong class="govuk-tag">, a status label. */
void govuk_tag(Html *h, const GovukTag *o);

/* -------------------------------------------------------------- task list */

typedef struct GovukTaskListItem {
    const char *title;
    const char *href;             /* NULL: the task cannot be started (no link) */
    const char *hint;
    GovukTag status_tag;          /* status shown as a tag when .text is set ... */
    const char *status_text;      /* ... otherwise as plain text */
    const char *status_classes;   /* e.g. "govuk-task-list__status--cannot-start-yet" */
} GovukTaskListItem;

typedef struct GovukTaskList {
    const GovukTaskListItem *items;
    int n_items;
    const char *id_prefix;        /* default "task-list": ids "<prefix>-<n>-status" */
    const char *classes;
} GovukTaskList;

/* A list of tasks, each linked and described by its hint and status. */
void govuk_task_list(Html *h, const GovukTaskList *o);

/* ---------------------------------------------------- notification banner */

typedef struct GovukNotificationBanner {
    int success;                  /* green, role="alert", title "Success" */
    const char *title;            /* default "Important" / "Success" */
    const char *text;             /* one-line content, as the banner heading ... */
    const Html *html;             /* ... or content built by the caller */
    const char *title_id;         /* default "govuk-notification-banner-title" */
} GovukNotificationBanner;

/* An "Important" (role="region") or success (role="alert") banner. */
void govuk_notification_banner(Html *h, const GovukNotificationBanner *o);

/* ------------------------------------------------------------- pagination */

typedef struct GovukPaginationItem {
    int number;
    const char *href;
    int current;
    int ellipsis;                 /* a gap ("⋯") instead of a link */
} GovukPaginationItem;

typedef struct GovukPagination {
    const char *previous_href;    /* no "Previous" link when NULL */
    const char *next_href;        /* no "Next" link when NULL */
    const char *previous_text;    /* default "Previous" + hidden " page" */
    const char *next_text;        /* default "Next" + hidden " page" */
    const char *previous_label;   /* block style only: e.g. "1 of 3" */
    const char *next_label;
    const GovukPaginationItem *items; /* numbered links; none gives the block style */
    int n_items;
    const char *landmark_label;   /* default "Pagination" */
} GovukPagination;

/* <nav class="govuk-pagination"> with previous/next and numbered links. */
void govuk_pagination(Html *h, const GovukPagination *o);

/*
 * Which page numbers to show for page current of total, GOV.UK style: the
 * first, the last, the current page and its neighbours, with 0 standing for
 * an ellipsis (a gap of a single page shows the page instead). Writes at
 * most max entries to out and returns how many; 7 always suffice.
 */
int govuk_pagination_window(int current, int total, int *out, int max);

/* Numbered pagination for pages 1..total, each linking to href_prefix
 * followed by the page number (e.g. "/cases?status=open&page="). Writes
 * nothing when total < 2. */
void govuk_pagination_pages(Html *h, int current, int total, const char *href_prefix);

/* ----------------------------------------------------------------- button */

typedef enum GovukButtonVariant {
    GOVUK_BUTTON_PRIMARY = 0,
    GOVUK_BUTTON_SECONDARY,
    GOVUK_BUTTON_WARNING,
} GovukButtonVariant;

typedef struct GovukButton {
    const char *text;
    const char *href;             /* set: a link styled as a button (<a role="button">) */
    GovukButtonVariant variant;
    const char *type;             /* <button> type, default "submit" */
    const char *name;
    const char *value;
    const char *id;
    const char *classes;          /* extra classes */
    int prevent_double_click;     /* data-prevent-double-click="true" */
    int disabled;
} GovukButton;

/* A <button> (or a link styled as one when .href is set). */
void govuk_button(Html *h, const GovukButton *o);

/* -------------------------------------------------------------- back link */

typedef struct GovukBackLink {
    const char *href;             /* default "#" */
    const char *text;             /* default "Back" */
    const char *classes;
} GovukBackLink;

/* The "Back" link that goes above <main>. */
void govuk_back_link(Html *h, const GovukBackLink *o);

/* ------------------------------------------------------------------- csrf */

/* <input type="hidden" name="csrf_token" value="..."> for every POST form. */
void govuk_csrf_field(Html *h, const char *token);

#endif
