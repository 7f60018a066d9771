/*
 * link_tokens.h - the secret in an emailed link (a password reset, an
 * invitation): 32 random bytes written as 64 hex digits, sent only in the
 * email; the database keeps only its BLAKE2b hash, so a copy of the database
 * cannot be used to follow a link.
 */
#ifndef RISE_STORE_LINK_TOKENS_H
#define RISE_STORE_LINK_TOKENS_H

#define LINK_TOKEN_LEN 64        /* hex digits */
#define LINK_TOKEN_HASH_BYTES 32 /* crypto_generichash_BYTES */

/* A new token and its hash. */
void link_token_new(char token[LINK_TOKEN_LEN + 1], unsigned char hash[LINK_TOKEN_HASH_BYTES]);
/* The hash a token is stored as. */
void link_token_hash(const char *token, unsigned char hash[LINK_TOKEN_HASH_BYTES]);

#endif
