/*
 * outbox.h - the email outbox: every email is a row written in the same
 * transaction as the change that causes it, and delivered later by the
 * sender (notify/sender.c). See docs/decisions/0013-outbox-and-notify.md.
 */
#ifndef RISE_STORE_OUTBOX_H
#define RISE_STORE_OUTBOX_H

#include "domain/outbox.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct OutboxMessage {
    const char *recipient;       /* an email address */
    const char *template_key;    /* a message type, e.g. "test": its Notify template id is a setting */
    const char *personalisation; /* a JSON object (text); NULL for {} */
    const char *object_type;     /* what the message is about ("case", "user"), or NULL */
    const char *object_id;
} OutboxMessage;

/*
 * Queues one message, to be sent as soon as the sender is free. Call inside
 * the caller's transaction (db_begin ... db_commit), so that the email
 * exists exactly when the change that causes it does. Returns the new row's
 * id, or -1 (personalisation not a JSON object, or a database error).
 */
int64_t outbox_queue(Db *db, const OutboxMessage *m);

typedef struct OutboxRow {
    int64_t id;
    char *reference, *recipient, *template_key, *personalisation, *object_type, *object_id;
    OutboxStatus status;
    int attempts;
    int64_t next_attempt_at; /* epoch milliseconds */
    char *provider_id, *provider_status, *last_error, *body, *created_at, *sent_at;
} OutboxRow;

typedef struct OutboxList {
    OutboxRow *rows;
    size_t n;
} OutboxList;

void outbox_list_free(OutboxList *l);
void outbox_row_free(OutboxRow *r);

/* Takes up to max messages due at now_ms (queued, or failed and due) and
   marks them sending, one more attempt each, durably, before anything is
   sent. 0 or -1. */
int outbox_claim(Db *db, int64_t now_ms, size_t max, OutboxList *out);
/* The messages left "sending" (by a crash): to be looked up at Notify by
   their reference before they are sent again. */
int outbox_in_flight(Db *db, OutboxList *out);
/* Notify has it: provider_id is its notification id; body what was sent (or NULL). */
int outbox_mark_sent(Db *db, int64_t id, const char *provider_id, const char *body);
/* The attempt failed: status is OUTBOX_FAILED (tried again at next_ms) or
   OUTBOX_PERMANENTLY_FAILED (audited). */
int outbox_mark_failed(Db *db, int64_t id, OutboxStatus status, int64_t next_ms, const char *error,
                       const char *body);
/* Notify's delivery status of a sent message ("delivered", ...). */
int outbox_set_provider_status(Db *db, int64_t id, const char *status);
/* Sent messages whose delivery Notify has not yet settled (at most max). */
int outbox_unsettled(Db *db, size_t max, OutboxList *out);

/* The newest messages first (at most limit). */
int outbox_list(Db *db, size_t limit, OutboxList *out);
/* Counts by status, indexed by OutboxStatus. */
int outbox_counts(Db *db, int64_t counts[OUTBOX_STATUS_COUNT]);

#endif
