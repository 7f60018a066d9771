/*
 * store/grant_budgets.h - setting a programme's budget for a financial year
 * in a region (issue 14 item 7). Reading it is grant_ledger.h's
 * grant_budget_get (allocated, committed, paid, withheld, forecast).
 */
#ifndef RISE_STORE_GRANT_BUDGETS_H
#define RISE_STORE_GRANT_BUDGETS_H

#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Is text a financial year as the service writes it ("2026-27": the second
   part the year after the first)? 1 yes, 0 no. */
int grant_year_valid(const char *text);

/* The financial year today falls in, and the one a number of years from
   it (-1: last year). */
void grant_year_now(char out[8]);
void grant_year_shift(const char *year, int by, char out[8]);

/*
 * Sets the allocation (pence, >= 0) of programme, year and region, audited
 * "budget.set" (object "budget", id "programme year region") with the
 * allocation before and after. 0, or -1 (a database error or bad input:
 * the caller validates first).
 */
int grant_budget_set(Db *db, const Actor *actor, const char *programme, const char *year, const char *region,
                     int64_t allocated);

/* The years that have an allocation or a grant, newest first, at most max,
   each 8 bytes. Returns how many, or -1. */
int grant_budget_years(Db *db, char (*out)[8], int max);

#endif
