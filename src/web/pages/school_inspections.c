/*
 * school_inspections.c - a school's Ofsted inspections on its page: every
 * inspection of the school and of the schools it replaced, once each
 * (store/inspections.h merges what GIAS, the history file and Ofsted's
 * management information say of it), newest first. Report cards show each
 * area's grade and its date; graded inspections their overall effectiveness,
 * category of concern and key judgements, and, where there is no headline
 * grade (September 2024 on), what DfE's rule counts it as; ungraded
 * inspections their outcome in Ofsted's words, never a grade.
 */
#include "core/date.h"
#include "domain/grades.h"
#include "domain/inspections.h"
#include "web/govuk.h"
#include "web/pages/school_common.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* --- judgements ------------------------------------------------------------- */

/* The key judgements of a graded inspection, in Ofsted's order. */
static const struct {
    const char *key, *label;
} GRADED_JUDGEMENTS[] = {
    {"quality of education", "Quality of education"},
    {"behaviour and attitudes", "Behaviour and attitudes"},
    {"personal development", "Personal development"},
    {"leadership and management", "Leadership and management"},
    {"early years", "Early years provision"},
    {"sixth form", "Sixth form provision"},
};

/* The evaluation areas of a report card, in Ofsted's order. */
static const struct {
    const char *key, *label;
} CARD_AREAS[] = {
    {"inclusion", "Inclusion"},
    {"curriculum and teaching", "Curriculum and teaching"},
    {"achievement", "Achievement"},
    {"attendance and behaviour", "Attendance and behaviour"},
    {"personal development and well-being", "Personal development and wellbeing"},
    {"early years", "Early years"},
    {"post-16", "Post-16 provision"},
    {"leadership and governance", "Leadership and governance"},
};

static json_t *parse_object(const char *js)
{
    if (!js)
        return NULL;
    json_t *j = json_loads(js, 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

/* The graded inspection's key judgements, as a list. */
static void graded_judgements(Html *h, const char *js)
{
    json_t *j = parse_object(js);
    if (!j) {
        html_lit(h, "<span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">Not recorded</span>");
        return;
    }
    html_lit(h, "<ul class=\"govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0\">");
    for (size_t i = 0; i < sizeof GRADED_JUDGEMENTS / sizeof GRADED_JUDGEMENTS[0]; i++) {
        json_t *v = json_object_get(j, GRADED_JUDGEMENTS[i].key);
        if (json_is_integer(v))
            html_printf(h, "<li>%s: %s</li>", GRADED_JUDGEMENTS[i].label, grade_name((int)json_integer_value(v)));
    }
    const char *sg = json_string_value(json_object_get(j, "safeguarding"));
    if (sg)
        html_printf(h, "<li>Safeguarding: %s</li>", strcmp(sg, "effective") == 0 ? "effective" : "not effective");
    html_lit(h, "</ul>");
    json_decref(j);
}

/* A report-card grade as a coloured tag. */
static void card_tag(Html *h, const char *grade)
{
    static const char *const CLASSES[6] = {"govuk-tag--grey", "govuk-tag--red", "govuk-tag--orange",
                                           "govuk-tag--turquoise", "govuk-tag--green", "govuk-tag--green"};
    static const char *const SCALE[5] = {"urgent improvement", "needs attention", "expected standard",
                                         "strong standard", "exceptional"};
    int level = 0;
    for (int k = 0; k < 5 && !level; k++)
        if (strcasecmp(grade, SCALE[k]) == 0)
            level = k + 1;
    govuk_tag(h, &(GovukTag){.text = grade, .classes = CLASSES[level]});
}

/* One report card: each area's grade and the date of that grade. */
static void report_card(Html *h, const Inspection *in)
{
    char d[40], title[120];
    snprintf(title, sizeof title, "Report card: inspection of %s", school_long_date(in->date, d, sizeof d));
    html_printf(h, "<h3 class=\"govuk-heading-s\">%s</h3>", title);
    json_t *j = parse_object(in->judgements);
    json_t *dates = j ? json_object_get(j, "dates") : NULL;
    GovukSummaryRow rows[14];
    Html html[14];
    char text[14][120];
    int n = 0;
    /* safeguarding first: "met" or "not met" */
    const char *sg = j ? json_string_value(json_object_get(j, "safeguarding")) : NULL;
    html_init(&html[n]);
    if (sg)
        govuk_tag(&html[n], &(GovukTag){.text = strcmp(sg, "met") == 0 ? "Met" : "Not met",
                                         .classes = strcmp(sg, "met") == 0 ? "govuk-tag--green" : "govuk-tag--red"});
    else
        html_lit(&html[n], "Not recorded");
    rows[n] = (GovukSummaryRow){.key = "Safeguarding standards", .value_html = &html[n]};
    n++;
    for (size_t i = 0; i < sizeof CARD_AREAS / sizeof CARD_AREAS[0]; i++) {
        const char *g = j ? json_string_value(json_object_get(j, CARD_AREAS[i].key)) : NULL;
        if (!g)
            continue; /* not applicable to this school */
        html_init(&html[n]);
        card_tag(&html[n], g);
        const char *gd = dates ? json_string_value(json_object_get(dates, CARD_AREAS[i].key)) : NULL;
        if (gd && strcmp(gd, in->date) != 0) {
            char gdl[40];
            html_printf(&html[n], " <span class=\"govuk-body-s\">graded %s</span>",
                        school_long_date(gd, gdl, sizeof gdl));
        }
        rows[n] = (GovukSummaryRow){.key = CARD_AREAS[i].label, .value_html = &html[n]};
        n++;
    }
    if (in->category) {
        snprintf(text[n], sizeof text[n], "%s", in->category);
        text[n][0] = (char)(text[n][0] >= 'a' && text[n][0] <= 'z' ? text[n][0] - 'a' + 'A' : text[n][0]);
        rows[n] = (GovukSummaryRow){.key = "Category of concern", .value = text[n]};
        n++;
    }
    if (in->publication) {
        rows[n] = (GovukSummaryRow){.key = "Published", .value = school_long_date(in->publication, text[n], 120)};
        n++;
    }
    html_init(&html[n]);
    school_inspection_urn(&html[n], in);
    rows[n] = (GovukSummaryRow){.key = "URN", .value_html = &html[n]};
    n++;
    govuk_summary_list(h, &(GovukSummaryList){.rows = rows, .n_rows = n, .classes = "govuk-!-margin-bottom-6"});
    for (int i = 0; i < n; i++)
        if (rows[i].value_html)
            html_free(&html[i]);
    json_decref(j);
}

/* --- the table of graded and ungraded inspections ------------------------------ */

static const char *source_words(const char *source, char *out, size_t outlen)
{
    out[0] = '\0';
    static const struct {
        const char *code, *words;
    } NAMES[] = {{"ofsted-mi", "Ofsted management information"},
                 {"ofsted-history", "Ofsted inspection history"},
                 {"gias", "GIAS"}};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (source && strstr(source, NAMES[i].code)) {
            size_t len = strlen(out);
            snprintf(out + len, outlen - len, "%s%s", len ? ", " : "", NAMES[i].words);
        }
    return out;
}

/* What a graded inspection concluded, and for one without a headline grade,
   what DfE's rule counts it as (domain/inspections.h). */
static void graded_outcome(Html *h, const Inspection *in)
{
    if (in->grade >= 1 && in->grade <= 4) {
        school_grade_tag(h, in->grade, in->category, in->overall_text);
        return;
    }
    if (in->overall_text && strcasecmp(in->overall_text, "Not judged") == 0) {
        govuk_tag(h, &(GovukTag){.text = "No headline grade", .classes = "govuk-tag--grey"});
        if (in->category) {
            char cat[64];
            snprintf(cat, sizeof cat, "%s", in->category);
            cat[0] = (char)(cat[0] >= 'a' && cat[0] <= 'z' ? cat[0] - 'a' + 'A' : cat[0]);
            html_printf(h, "<br><strong class=\"govuk-!-font-size-16\">%s</strong>", cat);
        }
        InspEquivalence why;
        int g = insp_equivalent_grade(in->category, in->quality, in->leadership, &why);
        html_printf(h, "<br><span class=\"govuk-body-s\">Counts as %s under DfE's rule for inspections without a"
                       " headline grade</span>", grade_name(g));
        return;
    }
    govuk_tag(h, &(GovukTag){.text = in->overall_text ? in->overall_text : "Not graded",
                             .classes = "govuk-tag--grey"});
}

static void inspections_table(Html *h, const InspectionList *hist)
{
    GovukTableCell head[] = {{.text = "Date"}, {.text = "Inspection"}, {.text = "Outcome"}, {.text = "Judgements"},
                             {.text = "URN"}};
    govuk_table_open(h, &(GovukTable){.caption = "Graded and ungraded inspections",
                                      .caption_classes = "govuk-table__caption--s", .head = head, .n_head = 5,
                                      .classes = "govuk-!-font-size-16 rise-ofsted"});
    for (size_t i = 0; i < hist->n; i++) {
        const Inspection *in = &hist->items[i];
        if (strcmp(in->kind, "report-card") == 0)
            continue;
        int graded = strcmp(in->kind, "graded") == 0;
        char d[40], pub[40], src[120];
        Html date, what, outcome, judg, urn;
        html_init(&date);
        html_init(&what);
        html_init(&outcome);
        html_init(&judg);
        html_init(&urn);
        html_printf(&date, "<span class=\"rise-nowrap\">%s</span>", school_long_date(in->date, d, sizeof d));
        if (in->publication)
            html_printf(&date, "<br><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">Published"
                               " %s</span>", school_long_date(in->publication, pub, sizeof pub));
        html_printf(&what, "%s", graded ? "Graded" : "Ungraded");
        if (in->type)
            html_printf(&what, "<br><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">%s</span>",
                        in->type);
        if (in->inferred)
            html_printf(&what, "<br><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">Known only from"
                               " GIAS's last inspection date: %s</span>",
                        graded ? "taken to be graded" : "Ofsted lists no graded inspection then");
        html_printf(&what, "<br><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">From %s</span>",
                    source_words(in->source, src, sizeof src));
        if (graded) {
            graded_outcome(&outcome, in);
            graded_judgements(&judg, in->judgements);
        } else {
            html_printf(&outcome, "%s", in->outcome ? in->outcome : "Outcome not recorded");
            if (in->converted == 1)
                html_lit(&outcome, "<br><span class=\"govuk-body-s\">Converted to a graded inspection</span>");
            html_lit(&judg, "<span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-0\">No judgements"
                            " (ungraded)</span>");
        }
        school_inspection_urn(&urn, in);
        GovukTableCell cells[] = {{.html = &date}, {.html = &what}, {.html = &outcome}, {.html = &judg},
                                  {.html = &urn}};
        govuk_table_row(h, cells, 5, 0);
        html_free(&date);
        html_free(&what);
        html_free(&outcome);
        html_free(&judg);
        html_free(&urn);
    }
    govuk_table_close(h);
}

void school_inspections_section(Html *h, int64_t urn, const InspectionList *hist)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"ofsted\">Ofsted inspections</h2>");
    size_t cards = 0, others = 0;
    for (size_t i = 0; i < hist->n; i++) {
        if (strcmp(hist->items[i].kind, "report-card") == 0)
            cards++;
        else
            others++;
    }
    html_lit(h, "<p class=\"govuk-body\">Every inspection of this school and of the schools it replaced (its"
                " predecessors), newest first, each once whichever files report it. The URN shows which school"
                " each inspection was made under. Ungraded inspections are shown with Ofsted's outcome and never"
                " count as a grade.</p>");
    if (cards == 0 && others == 0) {
        html_lit(h, "<p class=\"govuk-body\">No inspections are recorded for this school or its predecessors.</p>");
    }
    for (size_t i = 0; i < hist->n; i++)
        if (strcmp(hist->items[i].kind, "report-card") == 0)
            report_card(h, &hist->items[i]);
    if (others)
        inspections_table(h, hist);
    html_printf(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" rel=\"noreferrer noopener\""
                   " href=\"https://reports.ofsted.gov.uk/provider/21/%lld\">Ofsted reports for URN %lld"
                   " (opens Ofsted's website)</a></p>", (long long)urn, (long long)urn);
}
