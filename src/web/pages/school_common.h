/*
 * school_common.h - what the school and trust pages (pages/schools.c) share
 * with a school's inspections (pages/school_inspections.c).
 */
#ifndef RISE_SCHOOL_COMMON_H
#define RISE_SCHOOL_COMMON_H

#include "store/inspections.h"
#include "web/html.h"

#include <stdint.h>

/* "12 June 2024" from a stored yyyy-mm-dd date; the text as stored when it is
   not a date, "" for NULL. */
const char *school_long_date(const char *iso, char *out, int outlen);

/* An Ofsted grade as a coloured tag: 1 green, 2 turquoise, 3 yellow, 4 red,
   with the category of concern when given; Satisfactory (grade 3 before
   September 2012) keeps its published name. */
void school_grade_tag(Html *h, int grade, const char *category, const char *published);

/* The URN an inspection was made under: "This school", or a link to the
   predecessor, tagged, with its name. */
void school_inspection_urn(Html *h, const Inspection *in);

/* The "Ofsted inspections" section of a school's page. */
void school_inspections_section(Html *h, int64_t urn, const InspectionList *hist);

#endif
