/*
 * grades.h - Ofsted judgements as the rules use them (DOMAIN.md section 2,
 * "Grades").
 */
#ifndef RISE_GRADES_H
#define RISE_GRADES_H

/* Categories of concern. */
#define CATEGORY_SPECIAL_MEASURES "special measures"
#define CATEGORY_SERIOUS_WEAKNESSES "serious weaknesses"
#define CATEGORY_NOTICE_TO_IMPROVE "notice to improve" /* before September 2012 */

/*
 * Maps an overall-effectiveness judgement as the files spell it to a grade:
 * 1 Outstanding, 2 Good, 3 Requires improvement (and "Satisfactory", its
 * name before September 2012), 4 Inadequate; "Serious Weaknesses" and
 * "Special Measures" (GIAS) are grade 4 with that category of concern, set
 * in *category (else NULL). Digits "1".."4" are accepted too. Returns 0 for
 * a judgement that is not a grade ("Insufficient evidence", blank) and -1
 * for text that is not a judgement at all.
 */
int grade_from_text(const char *text, const char **category);

/* "Outstanding", "Good", "Requires improvement", "Inadequate"; "" otherwise. */
const char *grade_name(int grade);
/* The same in lower case, for the middle of a sentence ("the inspection
   before it was good"); "not graded" for 0. */
const char *grade_words(int grade);

/*
 * A category of concern as the files write it: "SM" / "Special measures",
 * "SWK" / "SW" / "Serious weaknesses", "NTI" / "Notice to improve" (any
 * case). Returns one of the CATEGORY_ constants, NULL for a blank or "NULL"
 * value (no category), and sets *bad (when not NULL) for any other text.
 */
const char *category_from_text(const char *text, int *bad);

/*
 * A judgement column of Ofsted's management information: "1".."4" is a
 * grade; 0, 8 and 9 (not applicable, not graded, no judgement), "NULL" and
 * blank mean no judgement (0). -1 for anything else.
 */
int grade_from_code(const char *text);

/*
 * Overall effectiveness in the management information: a grade "1".."4"
 * (or its name), "Not judged" (grade 0 with *not_judged set: a graded
 * inspection from September 2024 has no headline grade), blank or "NULL"
 * (0: no inspection), 0/8/9 (0). -1 for anything else.
 */
int grade_from_overall(const char *text, int *not_judged);

#endif
