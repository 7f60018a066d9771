/*
 * plan_document.c - see plan_document.h.
 */
#include "domain/plan_document.h"

#include "core/date.h"
#include "core/pdf.h"

#include <stdio.h>
#include <string.h>

/* "Name" of "Name <email>". */
static void name_of(const char *label, char *out, size_t len)
{
    snprintf(out, len, "%s", label ? label : "");
    char *lt = strchr(out, '<');
    if (lt && lt > out) {
        *lt = '\0';
        size_t n = strlen(out);
        while (n && out[n - 1] == ' ')
            out[--n] = '\0';
    }
}

static const char *programme_words(const char *code)
{
    if (code && strcmp(code, "si-2019-20") == 0)
        return "School improvement offer 2019/20";
    if (code && strcmp(code, "tsio-2022-23") == 0)
        return "Targeted support and improvement offer 2022/23";
    if (code && strcmp(code, "rise") == 0)
        return "RISE (regional improvement for standards and excellence)";
    return code ? code : "";
}

int plan_document_pdf(const Plan *p, const PlanParams *params, const PlanDocInfo *info, unsigned char **pdf,
                      size_t *len)
{
    *pdf = NULL;
    *len = 0;
    PlanFieldList fl = {0};
    if (plan_fields(p, params, &fl) != 0)
        return -1;
    char title[400];
    snprintf(title, sizeof title, "%s: %s", plan_kind_label(p->kind), info->school ? info->school : "");
    PdfDoc *d = pdf_open(title);
    if (!d) {
        plan_field_list_free(&fl);
        return -1;
    }
    pdf_heading(d, 1, title);
    char line[600], who[200], when[64] = "";
    name_of(info->approved_by, who, sizeof who);
    Date on = date_parse(info->approved_on ? info->approved_on : "", NULL);
    if (on != DATE_NONE)
        date_long(on, when, sizeof when);
    pdf_row(d, "Programme", programme_words(info->programme));
    if (info->provider)
        pdf_row(d, "Written by", info->provider);
    snprintf(line, sizeof line, "%d", info->version);
    pdf_row(d, "Version", line);
    snprintf(line, sizeof line, "Approved on %s by %s", when, who);
    pdf_row(d, "Approval", line);
    const char *section = "";
    for (size_t i = 0; i < fl.n; i++) {
        const PlanField *f = &fl.items[i];
        if (strcmp(f->section, section) != 0) {
            section = f->section;
            pdf_heading(d, 2, section);
        }
        pdf_row(d, f->label, f->value);
    }
    pdf_note(d, "Made by the rise service from the approved version. The service keeps every version of the plan,"
                " its sign-offs and the comments of its reviews.");
    plan_field_list_free(&fl);
    return pdf_finish(d, pdf, len);
}
