/*
 * signin.h - the rules for signing in: how long to make someone wait after
 * repeated failures, and what a password must be. Pure functions.
 */
#ifndef RISE_SIGNIN_H
#define RISE_SIGNIN_H

#include <stdint.h>

/*
 * Failures allowed before the wait starts, counted three ways (decision
 * 0008): one email from one network address (the "pair"), any email from
 * one address (higher: many people can share one office address), and one
 * email from every address (the ceiling above which an account is taken to
 * be under distributed guessing).
 */
#define SIGNIN_FREE_FAILURES_PAIR 5
#define SIGNIN_FREE_FAILURES_ADDRESS 20
#define SIGNIN_EMAIL_CEILING 50
/* Failures a pair is allowed while its email is over the ceiling. */
#define SIGNIN_FREE_FAILURES_UNDER_ATTACK 1
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

/* A failure counter: how many, and when the last one was (0, 0: none). */
typedef struct SigninFailures {
    int64_t count;
    int64_t last_at;
} SigninFailures;

/* Which counter holds an attempt up. */
typedef enum SigninHold { SIGNIN_GO = 0, SIGNIN_HELD_PAIR, SIGNIN_HELD_ADDRESS } SigninHold;

/*
 * Seconds to wait before this attempt may be tried (0: go ahead), from the
 * failures of this email from this address (pair), of any email from this
 * address, and of this email from anywhere; *held (may be NULL) says which
 * counter holds it up. Only the pair and the address can hold an attempt
 * up: failures of the email elsewhere never stop an address that has not
 * failed for it itself, so a stranger cannot keep the owner out. Over the
 * email's ceiling a pair is allowed one failure instead of five before its
 * wait starts, which slows guessing spread over many addresses.
 */
int64_t signin_wait(SigninFailures pair, SigninFailures address, SigninFailures email, int64_t now,
                    SigninHold *held);

/* NULL when the password is acceptable, or the sentence to show. */
const char *password_problem(const char *password);

/* 1 when e looks like an email address (one '@', a dot in the domain, no
   spaces or characters that would break a header), at most 254 bytes. */
int email_valid(const char *e);

#define PASSWORD_MIN_LENGTH 12
#define PASSWORD_MAX_LENGTH 256

#endif
