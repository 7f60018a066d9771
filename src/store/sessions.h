/*
 * sessions.h - server-side sessions. The browser holds a random token; the
 * database holds only its hash, the CSRF token, the times that enforce the
 * idle and absolute timeouts, and a one-shot "flash" message.
 * A session with no user is a pre-login session: it carries the CSRF token
 * of the sign-in form.
 */
#ifndef RISE_SESSIONS_H
#define RISE_SESSIONS_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

#define SESSION_TOKEN_LEN 43 /* 32 random bytes, base64url without padding */

typedef struct Session {
    unsigned char token_hash[32];
    int64_t user_id; /* 0: pre-login */
    char csrf[SESSION_TOKEN_LEN + 1];
    int64_t created_at;
    int64_t last_seen_at;
    char *flash;
    /* half signed in: the password was right, and this is still needed
       ("code" or "set-up"; "" when fully signed in), with the secret being
       set up (decision 0014) */
    char pending[8];
    unsigned char setup_secret[32];
    size_t setup_secret_len;
} Session;

/* Makes a random token (for sessions, CSRF). out must hold SESSION_TOKEN_LEN+1. */
void session_random_token(char *out);

/* Creates a session; writes its token (for the cookie) and fills s. 0 on success. */
int session_create(Db *db, int64_t user_id, const char *ip, int64_t now, char token[SESSION_TOKEN_LEN + 1], Session *s);
/* The same for a person half signed in: pending is "code" or "set-up", with
   the secret being set up (NULL, 0 for "code"). */
int session_create_pending(Db *db, int64_t user_id, const char *ip, int64_t now, const char *pending,
                           const unsigned char *setup_secret, size_t n, char token[SESSION_TOKEN_LEN + 1],
                           Session *s);
/* 1 found (s filled), 0 not found, -1 error. */
int session_find(Db *db, const char *token, Session *s);
void session_free(Session *s);
int session_touch(Db *db, const Session *s, int64_t now);
int session_delete(Db *db, const Session *s);
/* Keeps (or with NULL, 0 forgets) a two-factor secret being set up. */
int session_set_setup_secret(Db *db, const Session *s, const unsigned char *secret, size_t n);
/* Stores a message to show on the next page (NULL clears it). */
int session_set_flash(Db *db, const Session *s, const char *flash);
/*
 * Pre-login sessions. Showing the sign-in form must not write to the
 * database (anyone can ask for it, as often as they like), so a visitor who
 * is not signed in gets a signed cookie instead of a session row:
 * "p.<unix time>.<random>.<HMAC-SHA256 of time.random>". Its CSRF token is
 * another HMAC of the same value, so the server needs no state to check it.
 */
#define PRELOGIN_TOKEN_MAX 96
#define SESSION_KEY_LEN 32

/* Loads the server's signing key, creating it on first use. 0 on success. */
int session_key_load(Db *db, unsigned char key[SESSION_KEY_LEN]);
/* Makes a pre-login cookie value (out: PRELOGIN_TOKEN_MAX) and its CSRF token. */
void prelogin_make(const unsigned char key[SESSION_KEY_LEN], int64_t now, char *out,
                   char csrf[SESSION_TOKEN_LEN + 1]);
/* 1 when value is a pre-login cookie we signed, no older than max_age
   seconds; fills its CSRF token. */
int prelogin_check(const unsigned char key[SESSION_KEY_LEN], const char *value, int64_t now, int64_t max_age,
                   char csrf[SESSION_TOKEN_LEN + 1]);

/* How long a person half signed in has for their second factor. */
#define SESSION_HALF_SECONDS (10 * 60)

/* Deletes signed-in sessions idle longer than idle seconds, half signed-in
   ones older than SESSION_HALF_SECONDS, and any session older than absolute
   seconds (a sign-in form's session has no idle limit). */
int session_purge(Db *db, int64_t now, int64_t idle, int64_t absolute);

#endif
