/*
 * outbox.c - the pure rules of the email outbox. See outbox.h.
 */
#include "domain/outbox.h"

#include <string.h>

static const char *const NAMES[OUTBOX_STATUS_COUNT] = {"queued", "sending", "sent", "failed", "permanently-failed"};
static const char *const LABELS[OUTBOX_STATUS_COUNT] = {"Queued", "Sending", "Sent", "Failed, will try again",
                                                        "Permanently failed"};

const char *outbox_status_name(OutboxStatus s)
{
    return s < OUTBOX_STATUS_COUNT ? NAMES[s] : "unknown";
}

const char *outbox_status_label(OutboxStatus s)
{
    return s < OUTBOX_STATUS_COUNT ? LABELS[s] : "Unknown";
}

OutboxStatus outbox_status_from_name(const char *s)
{
    for (int i = 0; s && i < OUTBOX_STATUS_COUNT; i++)
        if (strcmp(s, NAMES[i]) == 0)
            return (OutboxStatus)i;
    return OUTBOX_STATUS_COUNT;
}

/* Notify's documented answers: 201 created; 400 BadRequestError or
   ValidationError and 403 AuthError will not change on a retry; 429
   RateLimitError or TooManyRequestsError and 500 Exception may. Other 4xx
   (404, 405, 413) are mistakes of ours that a retry repeats; other 5xx
   (502, 503, 504 from a proxy) are passing. */
OutboxOutcome outbox_classify(int http_status)
{
    if (http_status == 200 || http_status == 201)
        return OUTBOX_OUTCOME_SENT;
    if (http_status == 0 || http_status == 429 || http_status == 408 || http_status >= 500)
        return OUTBOX_OUTCOME_RETRY;
    return OUTBOX_OUTCOME_PERMANENT;
}

int64_t outbox_backoff_ms(int attempts, int64_t base_ms)
{
    if (base_ms <= 0)
        base_ms = OUTBOX_BACKOFF_BASE_MS;
    if (attempts < 1)
        attempts = 1;
    int64_t d = base_ms;
    for (int i = 1; i < attempts; i++) {
        if (d >= OUTBOX_BACKOFF_MAX_MS / 2)
            return OUTBOX_BACKOFF_MAX_MS;
        d *= 2;
    }
    return d > OUTBOX_BACKOFF_MAX_MS ? OUTBOX_BACKOFF_MAX_MS : d;
}

OutboxStatus outbox_after_attempt(OutboxOutcome o, int attempts, int max_attempts)
{
    switch (o) {
    case OUTBOX_OUTCOME_SENT:
        return OUTBOX_SENT;
    case OUTBOX_OUTCOME_PERMANENT:
        return OUTBOX_PERMANENTLY_FAILED;
    case OUTBOX_OUTCOME_RETRY:
    default:
        return attempts >= max_attempts ? OUTBOX_PERMANENTLY_FAILED : OUTBOX_FAILED;
    }
}

int outbox_is_due_status(OutboxStatus s)
{
    return s == OUTBOX_QUEUED || s == OUTBOX_FAILED;
}
