/*
 * priority_areas.h - regional priorities such as Education Investment Areas,
 * as data (issue 12 item 4; decision 0017): the local authorities in each,
 * loaded from a CSV that replaces the whole list. The matching score gives
 * its priority-area points to providers that name such a school's local
 * authority.
 */
#ifndef RISE_STORE_PRIORITY_AREAS_H
#define RISE_STORE_PRIORITY_AREAS_H

#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>

/*
 * Reads path (shown as `shown` in messages): a header row naming the
 * columns "LA code" and "Area" (matched by normalised name, in any order,
 * other columns ignored), then one row per local authority and area. Every
 * row is checked: the code is three digits and a local authority in the
 * schools loaded from GIAS, the area is given, no row twice. Any problem:
 * nothing changes, and err holds up to the first 20 as FILE:LINE:COLUMN
 * lines. Otherwise the list is replaced in one transaction, audited, and
 * *rows gets its length. 0 ok, 1 problems, -1 error.
 */
int priority_areas_load(Db *db, const Actor *actor, const char *path, const char *shown, size_t *rows, char *err,
                        size_t errlen);

#endif
