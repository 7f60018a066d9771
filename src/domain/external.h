/*
 * external.h - the rules for the people outside DfE (issue 11, items 4 and
 * 7; docs/decisions/0016-people-outside-dfe.md): when an invitation still
 * works, and when an external account that is no longer on an open case is
 * told it will close and is closed. Pure: no I/O. Every timeframe is a
 * parameter.
 */
#ifndef RISE_DOMAIN_EXTERNAL_H
#define RISE_DOMAIN_EXTERNAL_H

#include <stdint.h>

/* How long an invitation link works by default: 7 days
   (RISE_INVITATION_TTL_S). */
#define INVITATION_TTL_DEFAULT (7 * 86400)
/* How long an external account lasts after it is told it will close (the
   notice), and how long a new account is left alone before that rule
   applies (so an organisation invited before it is matched is not told at
   once): 28 days each (RISE_EXTERNAL_GRACE_DAYS). */
#define EXTERNAL_GRACE_DAYS_DEFAULT 28

typedef enum InvitationState {
    INVITATION_OPEN = 0, /* can be used */
    INVITATION_ACCEPTED, /* used: the account has a password */
    INVITATION_EXPIRED,  /* not used in time */
    INVITATION_WITHDRAWN /* replaced by a newer one, or the account disabled */
} InvitationState;

/* An invitation's state at now, from when it was used and withdrawn (0:
   never) and when it expires. Used beats withdrawn beats expired. */
InvitationState invitation_state(int64_t used_at, int64_t withdrawn_at, int64_t expires_at, int64_t now);
/* "Waiting to be accepted", "Accepted", "Expired", "Withdrawn". */
const char *invitation_state_label(InvitationState s);

typedef enum ExternalAction {
    EXTERNAL_KEEP = 0,   /* nothing to do */
    EXTERNAL_NOTICE,     /* tell them it closes in grace days (and record when) */
    EXTERNAL_CLEAR,      /* they are on an open case again: forget the notice */
    EXTERNAL_DISABLE     /* the notice ran out: disable the account */
} ExternalAction;

/*
 * What to do with an active external account at now: on_open_case says
 * whether its school or organisation is on an open case (in progress or
 * paused); created_at when the account was made; notice_at when it was
 * told (0: not). "External accounts expire when their school or
 * organisation is no longer on an open case (with notice by email)": a
 * notice first, then disabled grace_s later if still on none; an account
 * younger than grace_s is left alone.
 */
ExternalAction external_account_action(int on_open_case, int64_t created_at, int64_t notice_at, int64_t now,
                                       int64_t grace_s);

/* Days from the setting's text: the default when NULL, empty or not a whole
   number from 1 to 365. */
int64_t external_grace_days_parse(const char *text);

#endif
