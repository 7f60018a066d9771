/*
 * store/programme_params.h - a programme's parameters (programme_params:
 * programme, key, value) read into a struct of the caller's: every amount,
 * cap, rate and timeframe of the rules is data, with the seeds' values as
 * the defaults the caller sets first (plans, grants).
 */
#ifndef RISE_STORE_PROGRAMME_PARAMS_H
#define RISE_STORE_PROGRAMME_PARAMS_H

#include "store/db.h"

#include <stddef.h>

/* One key and where its value goes: an int64_t (money, in pence) or an int. */
typedef struct ProgrammeParam {
    const char *key;
    size_t offset;
    int money;
} ProgrammeParam;

/*
 * Sets each field of out whose key the programme has, with a whole number
 * from 0 up (an int field up to 100,000; money up to 10^12 pence); values
 * that are not such a number are ignored, keeping the default. 0, or -1 on
 * a database error.
 */
int programme_params_fill(Db *db, const char *programme, const ProgrammeParam *params, size_t n, void *out);

#endif
