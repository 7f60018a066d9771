/*
 * password_resets.h - password reset links sent by email (issue 11, item 3;
 * docs/decisions/0015-first-messages.md). A link's token is random and only
 * its hash is stored; a link works once, until it expires; using it sets the
 * password and ends every session of the account.
 */
#ifndef RISE_STORE_PASSWORD_RESETS_H
#define RISE_STORE_PASSWORD_RESETS_H

#include "store/db.h"

#include <stdint.h>

#define RESET_TOKEN_LEN 64 /* hex of 32 random bytes */

enum { RESET_OK = 0, RESET_GONE = 1, RESET_ERROR = -1 };

/* Someone at ip asks for a link for email at now, to work for ttl seconds.
   An active account with that email is sent one ("password-reset" queued in
   the same transaction), unless the limits (domain/password_reset.h) are
   reached; the request is audited either way. The caller answers the same
   whatever happened. 0, or -1 on a database error. */
int password_reset_request(Db *db, const char *email, const char *ip, int64_t now, int64_t ttl);

/* RESET_OK when token is a link that works at now (*user_id its account),
   RESET_GONE when not (unknown, used or expired), RESET_ERROR. */
int password_reset_find(Db *db, const char *token, int64_t now, int64_t *user_id);

/* Uses the link: the account's password becomes password_hash, every
   session of the account ends, every link of the account stops working,
   audited as the account's owner. RESET_OK, RESET_GONE, RESET_ERROR. */
int password_reset_use(Db *db, const char *token, const char *password_hash, const char *ip, int64_t now);

#endif
