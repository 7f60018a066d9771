/*
 * signin.h - the rules for signing in: how long to make someone wait after
 * repeated failures, and what a password must be. Pure functions.
 */
#ifndef RISE_SIGNIN_H
#define RISE_SIGNIN_H

#include <stdint.h>

/* Failures per account before the wait starts, and per network address
   (higher: many people can share one office address). */
#define SIGNIN_FREE_FAILURES_ACCOUNT 5
#define SIGNIN_FREE_FAILURES_ADDRESS 20
/* Failures are forgotten after this long without another one. */
#define SIGNIN_FAILURE_MEMORY_SECONDS (24 * 3600)
#define SIGNIN_MAX_WAIT_SECONDS (15 * 60)

/*
 * Seconds still to wait before another attempt is allowed, given the number
 * of failures so far, when the last one happened, the free allowance, and
 * now. 0 means "go ahead". The wait starts at 30 seconds once the allowance
 * is used, doubles with each further failure, and stops at 15 minutes.
 */
int64_t signin_wait_seconds(int64_t failures, int64_t last_failure_at, int64_t free_failures, int64_t now);

/* NULL when the password is acceptable, or the sentence to show. */
const char *password_problem(const char *password);

/* 1 when e looks like an email address (one '@', a dot in the domain, no
   spaces or characters that would break a header), at most 254 bytes. */
int email_valid(const char *e);

#define PASSWORD_MIN_LENGTH 12
#define PASSWORD_MAX_LENGTH 256

#endif
