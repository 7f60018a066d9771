/*
 * store/terms.h - the school terms an administrator sets (issue 15 item 1;
 * domain/terms.h): each academic year's autumn, spring and summer terms.
 */
#ifndef RISE_STORE_TERMS_H
#define RISE_STORE_TERMS_H

#include "domain/terms.h"
#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>

typedef struct SchoolTermList {
    SchoolTerm *items; /* by first day */
    size_t n;
} SchoolTermList;

/* Every term set, earliest first. 0 or -1. */
int school_terms_list(Db *db, SchoolTermList *out);
void school_term_list_free(SchoolTermList *l);

/*
 * Sets academic year `year`'s three terms (indexed by TermName) after
 * checking them with every other year's (terms_refusal): on a problem
 * returns 1 with *why the sentence and *bad the TermName it is about, and
 * writes nothing. Audited "terms.set" with each date before and after.
 * 0 set, 1 refused, -1 error.
 */
int school_terms_set(Db *db, const Actor *actor, int year, const Date starts[TERM_COUNT],
                     const Date ends[TERM_COUNT], const char **why, int *bad);

/* The months before a term's end a review is due: programme_params
   review_months (1 when not set). */
int review_months(Db *db, const char *programme);

#endif
