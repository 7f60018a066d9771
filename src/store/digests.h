/*
 * digests.h - the weekly email of a person's overdue and due-soon tasks
 * (issue 11, item 3; docs/decisions/0015-first-messages.md), which each
 * person can turn off. Queued by the email sender's thread.
 */
#ifndef RISE_STORE_DIGESTS_H
#define RISE_STORE_DIGESTS_H

#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* 1 when the person gets the weekly email (the default), 0 when turned off, -1 error. */
int digest_wanted(Db *db, int64_t user_id);
/* Turns it on or off (audited as user.digest). 0 or -1. */
int digest_set_wanted(Db *db, const Actor *actor, int64_t user_id, int wanted);

/* Queues "weekly-digest" for every active person who wants it, has tasks
   overdue or due by `until`, and was not sent one in the last period
   seconds; each in its own transaction with the time it was sent. *queued
   counts them. 0 or -1. */
int digests_queue_due(Db *db, int64_t now, int64_t period, const char *today, const char *until, size_t *queued);

#endif
