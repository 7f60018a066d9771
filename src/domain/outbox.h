/*
 * outbox.h - the pure rules of the email outbox: what an answer from GOV.UK
 * Notify means for a message, the status it then takes, and when it is
 * tried again (exponential backoff). No I/O; store/outbox.c and
 * notify/sender.c apply them. See docs/decisions/0013-outbox-and-notify.md.
 */
#ifndef RISE_DOMAIN_OUTBOX_H
#define RISE_DOMAIN_OUTBOX_H

#include <stdint.h>

/* A message's status, as stored. */
typedef enum OutboxStatus {
    OUTBOX_QUEUED = 0,
    OUTBOX_SENDING,
    OUTBOX_SENT,
    OUTBOX_FAILED,             /* the last attempt failed; tried again at next_attempt_at */
    OUTBOX_PERMANENTLY_FAILED, /* never tried again: an administrator must look */
    OUTBOX_STATUS_COUNT
} OutboxStatus;

const char *outbox_status_name(OutboxStatus s);     /* "queued", ..., "permanently-failed" */
OutboxStatus outbox_status_from_name(const char *s); /* OUTBOX_STATUS_COUNT when unknown */
const char *outbox_status_label(OutboxStatus s);    /* "Queued", ..., "Permanently failed" */

/* What one attempt's answer means. */
typedef enum OutboxOutcome {
    OUTBOX_OUTCOME_SENT,      /* 201: Notify has it */
    OUTBOX_OUTCOME_RETRY,     /* 429, 5xx, no answer (timeout, refused): try again later */
    OUTBOX_OUTCOME_PERMANENT, /* 400, 403 and any other 4xx: the same request will fail again */
} OutboxOutcome;

/* http_status 0 means no answer was had (connection refused, timeout). */
OutboxOutcome outbox_classify(int http_status);

/* Attempts a message gets before a retryable failure becomes permanent. */
#define OUTBOX_MAX_ATTEMPTS 12
/* Default first delay, and the longest delay between two attempts. */
#define OUTBOX_BACKOFF_BASE_MS 10000
#define OUTBOX_BACKOFF_MAX_MS (60 * 60 * 1000)

/* The delay before attempt attempts+1, after `attempts` failed attempts
   (attempts >= 1): base_ms * 2^(attempts-1), at most OUTBOX_BACKOFF_MAX_MS. */
int64_t outbox_backoff_ms(int attempts, int64_t base_ms);

/* The status after an attempt (the attempts count includes it). */
OutboxStatus outbox_after_attempt(OutboxOutcome o, int attempts, int max_attempts);

/* 1 when a message in status s is one the sender may claim (queued or failed). */
int outbox_is_due_status(OutboxStatus s);

#endif
