/*
 * sender.h - the background sender: one thread with its own database
 * connection delivers the outbox's messages through GOV.UK Notify, with
 * retries and exponential backoff. See docs/decisions/0013-outbox-and-notify.md.
 *
 * Settings (environment): RISE_NOTIFY_API_KEY (without it nothing is sent
 * and messages wait in the outbox), RISE_NOTIFY_BASE_URL (default
 * https://api.notifications.service.gov.uk), RISE_NOTIFY_TEMPLATES
 * ("key=template-id,key=template-id"), RISE_OUTBOX_RETRY_MS (the first
 * retry's delay, default 10000, doubling each time up to an hour),
 * RISE_NOTIFY_STATUS_POLL_MS (how often delivery statuses are fetched,
 * default 30000).
 */
#ifndef RISE_NOTIFY_SENDER_H
#define RISE_NOTIFY_SENDER_H

#define NOTIFY_DEFAULT_BASE_URL "https://api.notifications.service.gov.uk"

/* Starts the sender for the database at db_path when a key is set. 0 when
   started or not needed; -1 when the settings are wrong. */
int sender_start(const char *db_path);
/* A message was queued: look now rather than at the next poll. */
void sender_wake(void);
/* Stops the sender after the message in hand. */
void sender_stop(void);
/* 1 when the sender runs (a key is set). */
int sender_running(void);
/* The template id set for a message key, or NULL. */
const char *sender_template_id(const char *key);

#endif
