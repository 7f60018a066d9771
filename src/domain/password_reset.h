/*
 * password_reset.h - the rules of resetting a password by email (issue 11,
 * item 3; docs/decisions/0015-first-messages.md): when a reset link may be
 * used, and how often one may be asked for. Pure: no I/O.
 */
#ifndef RISE_DOMAIN_PASSWORD_RESET_H
#define RISE_DOMAIN_PASSWORD_RESET_H

#include <stdint.h>

/* How long a link works by default (seconds): RISE_PASSWORD_RESET_TTL_S. */
#define RESET_TTL_DEFAULT 7200
/* At most this many links per email address, and per network address, in
   RESET_WINDOW seconds; further requests are answered the same way but send
   nothing. */
#define RESET_PER_EMAIL 3
#define RESET_PER_ADDRESS 20
#define RESET_WINDOW 3600

/* 1 when a link that expires at expires_at, used at used_at (0: never), may
   be used at now: never used, and now before expires_at. */
int reset_link_usable(int64_t expires_at, int64_t used_at, int64_t now);

/* 1 when one more request may send a link, given the links sent in the last
   RESET_WINDOW seconds to the account and at the request of the network
   address. (A request for an email with no account sends nothing, so it
   needs no limit, and is not counted.) */
int reset_request_allowed(int64_t email_count, int64_t address_count);

/* The link's lifetime from the setting's text (seconds): the default when
   NULL, empty or not a whole number from 0 to 7 days. */
int64_t reset_ttl_parse(const char *text);

#endif
