/*
 * password.c - argon2id hashing behind a counting semaphore.
 */
#include "core/password.h"

#include <pthread.h>
#include <semaphore.h>
#include <string.h>

static sem_t slots;
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;
static int concurrency = 2;

static char dummy_hash[PASSWORD_HASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void init_slots(void)
{
    sem_init(&slots, 0, (unsigned)concurrency);
}

static void init_dummy(void)
{
    if (crypto_pwhash_str(dummy_hash, "not a real password", 19, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash[0] = '\0'; /* verification against "" fails, as it should */
}

void password_set_concurrency(int n)
{
    if (n > 0)
        concurrency = n;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_LEN])
{
    pthread_once(&slots_once, init_slots);
    sem_wait(&slots);
    int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    sem_post(&slots);
    return rc == 0 ? 0 : -1;
}

int password_verify(const char *hash, const char *pw)
{
    pthread_once(&slots_once, init_slots);
    int real = hash != NULL;
    if (!real) {
        /* an unknown account: spend the same time on a fixed hash, then fail */
        pthread_once(&dummy_once, init_dummy);
        hash = dummy_hash;
    }
    sem_wait(&slots);
    int ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
    sem_post(&slots);
    return real && ok;
}
