/*
 * digest.h - when the weekly email of a person's tasks is due (issue 11,
 * item 3). Pure: no I/O.
 */
#ifndef RISE_DOMAIN_DIGEST_H
#define RISE_DOMAIN_DIGEST_H

#include <stdint.h>

/* The weekly digest of tasks (store/digests.c): due when none was sent
   before (last_sent_at 0), or period seconds have passed since the last. */
#define DIGEST_PERIOD_DEFAULT (7 * 24 * 3600)
int digest_due(int64_t last_sent_at, int64_t now, int64_t period);

#endif
