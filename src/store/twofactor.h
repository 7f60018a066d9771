/*
 * twofactor.h - each person's two-factor sign-in: their TOTP secret, the
 * last time step a code was accepted for, and their recovery codes (only
 * hashes kept). Set-up and reset are audited in the same transaction.
 * The rules (codes, window, replay, who must use it) are domain/totp.h.
 */
#ifndef RISE_TWOFACTOR_H
#define RISE_TWOFACTOR_H

#include "domain/totp.h"
#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct TwoFactor {
    unsigned char secret[TOTP_SECRET_BYTES];
    size_t secret_len;
    int64_t last_step; /* 0: no code accepted yet */
    int recovery_left;  /* unused recovery codes */
} TwoFactor;

/* 1 when the person has two-factor set up (tf filled), 0 when not, -1 error. */
int twofactor_get(Db *db, int64_t user_id, TwoFactor *tf);

/*
 * Sets up two-factor (in the caller's transaction): the secret, the step of
 * the code that confirmed it (so that code cannot be used again), and the
 * recovery codes (plain; only their hashes are stored). Replaces anything
 * set up before. Audits "user.two-factor.set-up". 0 on success.
 */
int twofactor_set_up(Db *db, const Actor *actor, int64_t user_id, const unsigned char *secret, size_t n,
                     int64_t step, char codes[][RECOVERY_CODE_LEN + 1], int ncodes);

/* Records that a code of this step was accepted, only when no code of it
   or a later step was (two requests racing with one code: one wins).
   1 recorded, 0 refused (already used), -1 error. In the caller's
   transaction. */
int twofactor_use_step(Db *db, int64_t user_id, int64_t step);

/* Marks an unused recovery code (normalised: lower case, no spaces or
   hyphens) used. 1 used now, 0 not one of theirs or already used, -1 error.
   In the caller's transaction. */
int twofactor_use_recovery(Db *db, int64_t user_id, const char *code);

/* An administrator's reset: forgets the secret and recovery codes and signs
   the person out everywhere, audited "user.two-factor.reset" with the
   reason; they set it up again at their next sign-in. Own transaction.
   USER_OK, USER_NOT_FOUND or USER_ERROR (store/users.h). */
int twofactor_reset(Db *db, const Actor *actor, int64_t user_id, const char *reason);

/* Fresh recovery codes from the system's random source. */
void twofactor_new_recovery_codes(char codes[][RECOVERY_CODE_LEN + 1], int n);

#endif
