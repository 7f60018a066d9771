/*
 * throttle.h - counts failed sign-ins per key ("pair:<address>|<email>", "ip:..." and "email:...") so
 * that repeated failures slow down (the delay rule is domain/signin.h).
 */
#ifndef RISE_THROTTLE_H
#define RISE_THROTTLE_H

#include "store/db.h"

#include <stdint.h>

/* Failures so far and the time of the last one (0, 0 when none). */
int throttle_get(Db *db, const char *key, int64_t *failures, int64_t *last_at);
int throttle_fail(Db *db, const char *key, int64_t now);
int throttle_clear(Db *db, const char *key);
/* Forgets counters whose last failure is before `before` (the rule forgets
   them then anyway; counting per address and email makes more of them). */
int throttle_purge(Db *db, int64_t before);

#endif
