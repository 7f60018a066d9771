/*
 * password.h - argon2id password hashing (libsodium), with a cap on how many
 * hashes run at once (each takes about 64 MiB and 90 ms).
 */
#ifndef RISE_PASSWORD_H
#define RISE_PASSWORD_H

#include <sodium.h>

#define PASSWORD_HASH_LEN crypto_pwhash_STRBYTES

/* 0 on success. */
int password_hash(const char *password, char out[PASSWORD_HASH_LEN]);
/* 1 when password matches hash. With hash NULL, spends the same time and
   returns 0 (so an unknown email takes as long as a wrong password). */
int password_verify(const char *hash, const char *password);
/* Sets the number of hashes allowed at once (default 2). */
void password_set_concurrency(int n);

#endif
