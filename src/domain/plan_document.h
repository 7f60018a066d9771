/*
 * plan_document.h - a plan as a document (issue 13 item 9): the PDF kept
 * with the approved version. The same fields, in the same order, as the
 * printable page (plan_fields), under a heading that says which school,
 * programme, provider and version, and who approved it when.
 */
#ifndef RISE_PLAN_DOCUMENT_H
#define RISE_PLAN_DOCUMENT_H

#include "domain/plans.h"

typedef struct PlanDocInfo {
    const char *school;      /* the school's or trust's name */
    const char *programme;   /* the programme's code */
    const char *provider;    /* who wrote it (NULL: not recorded) */
    int version;
    const char *approved_on; /* yyyy-mm-dd */
    const char *approved_by; /* "Name <email>" as the audit names them */
} PlanDocInfo;

/* The PDF: 0 with *pdf (malloc'd) and *len, or -1. */
int plan_document_pdf(const Plan *p, const PlanParams *params, const PlanDocInfo *info, unsigned char **pdf,
                      size_t *len);

#endif
