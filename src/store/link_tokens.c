/*
 * link_tokens.c - see link_tokens.h.
 */
#include "store/link_tokens.h"

#include <sodium.h>
#include <string.h>

_Static_assert(LINK_TOKEN_HASH_BYTES == crypto_generichash_BYTES, "the stored hash is BLAKE2b's default size");

void link_token_hash(const char *token, unsigned char hash[LINK_TOKEN_HASH_BYTES])
{
    crypto_generichash(hash, LINK_TOKEN_HASH_BYTES, (const unsigned char *)token, strlen(token), NULL, 0);
}

void link_token_new(char token[LINK_TOKEN_LEN + 1], unsigned char hash[LINK_TOKEN_HASH_BYTES])
{
    unsigned char rnd[LINK_TOKEN_LEN / 2];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(token, LINK_TOKEN_LEN + 1, rnd, sizeof rnd);
    sodium_memzero(rnd, sizeof rnd);
    link_token_hash(token, hash);
}
