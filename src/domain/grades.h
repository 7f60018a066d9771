/*
 * grades.h - Ofsted judgements as the rules use them (DOMAIN.md section 2,
 * "Grades").
 */
#ifndef RISE_GRADES_H
#define RISE_GRADES_H

/* Categories of concern. */
#define CATEGORY_SPECIAL_MEASURES "special measures"
#define CATEGORY_SERIOUS_WEAKNESSES "serious weaknesses"

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

#endif
