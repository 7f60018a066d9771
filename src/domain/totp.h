/*
 * totp.h - two-factor sign-in rules: time-based one-time passwords (RFC
 * 6238: HMAC-SHA1, 30-second steps, 6 digits), their base32 secrets (RFC
 * 4648), the otpauth:// address an authenticator app reads, recovery codes,
 * and who must use two-factor at all. Pure: no I/O (the HMAC is liboath's,
 * as docs/ENGINEERING.md chooses; no TOTP written by hand).
 */
#ifndef RISE_TOTP_H
#define RISE_TOTP_H

#include "domain/access.h"

#include <stddef.h>
#include <stdint.h>

#define TOTP_STEP_SECONDS 30
#define TOTP_DIGITS 6
#define TOTP_SECRET_BYTES 20 /* 160 bits, RFC 4226's recommendation */
#define TOTP_SECRET_B32_MAX 64
#define TOTP_WINDOW 1 /* steps accepted either side of now (clock drift) */

/* The time step a moment falls in: floor(unix_time / 30). */
int64_t totp_step(int64_t unix_time);

/* The code of one time step, `digits` digits (6 here; 8 for RFC 6238's
   test vectors) into out (at least digits+1 bytes). 0 on success. */
int totp_code(const unsigned char *secret, size_t n, int64_t step, int digits, char *out);

/*
 * Checks a 6-digit code typed at unix time now against the steps now-1, now
 * and now+1, refusing any step at or before last_step (the last one a code
 * was accepted for; 0: none), so that a code, once used, is never accepted
 * again (replay). Returns the step it matched (> 0), 0 when it matches no
 * step, or -1 when it matches a step already used.
 */
int64_t totp_check(const unsigned char *secret, size_t n, const char *code, int64_t now, int64_t last_step);

/* Base32 (RFC 4648, upper case, with '=' padding). out must hold
   ((n + 4) / 5) * 8 + 1 bytes. 0 on success. */
int base32_encode(const unsigned char *in, size_t n, char *out, size_t outsz);
/* Decodes base32, ignoring case, spaces, hyphens and padding. 0 on
   success, -1 when a character is not base32 or out is too small. */
int base32_decode(const char *in, unsigned char *out, size_t outsz, size_t *outlen);
/* The secret written for typing: groups of four characters, no padding
   ("JBSW Y3DP ..."). */
void totp_secret_grouped(const char *b32, char *out, size_t outsz);

/* otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30,
   issuer and account percent-encoded. 0 on success, -1 when it does not fit. */
int totp_uri(const char *issuer, const char *account, const char *b32, char *out, size_t outsz);

/* A code typed: "123 456" is a TOTP code; anything else is taken as a
   recovery code. Writes the normalised form (digits only; or lower case
   without spaces and hyphens) and returns 1 for TOTP, 2 for recovery, 0
   when empty or too long. */
int totp_classify(const char *typed, char *out, size_t outsz);

#define RECOVERY_CODES 10
#define RECOVERY_CODE_LEN 10 /* characters, shown as two groups of five */
/* Makes a recovery code from random bytes (RECOVERY_CODE_LEN of them):
   letters and digits that cannot be mistaken for one another. out holds
   RECOVERY_CODE_LEN + 1 bytes. */
void recovery_code_from_bytes(const unsigned char *random, char *out);

/* 1 when a person in this role must sign in with two-factor, 0 when it is
   their choice (see totp.c for the interpretation). */
int two_factor_required(Role r);

#endif
