/*
 * audit_internal.h - what audit.c (appending, the key, start-up),
 * audit_files.c (the key file and the checkpoint log) and audit_verify.c
 * (checking it all) share. Not for use outside src/store/audit*.c.
 */
#ifndef RISE_AUDIT_INTERNAL_H
#define RISE_AUDIT_INTERNAL_H

#include "store/audit.h"

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_KEY_BYTES crypto_auth_hmacsha256_KEYBYTES /* 32 */

/* The key and its id (a keyed BLAKE2b of a fixed text: names the key without revealing it). */
typedef struct AuditKey {
    unsigned char bytes[AUDIT_KEY_BYTES];
    char id[33];
} AuditKey;

/* The previous hash of the first row. */
extern const char AUDIT_GENESIS[65];

/*
 * A row's digest over its fields and the previous row's digest: HMAC-SHA-256
 * with the key, or, with k NULL, the plain SHA-256 that rows written before
 * the trail had a key carry. 64 hex digits.
 */
void audit_digest(const AuditKey *k, int64_t id, const char *at, int64_t actor_id, const char *actor,
                  const char *action, const char *otype, const char *oid, const char *changes, const char *reason,
                  const char *ip, const char *prev, char out[65]);
/* The anchor row's MAC. */
void audit_anchor_mac(const AuditKey *k, int64_t keyed_from, const char *key_id, const char *at, char out[65]);
void audit_key_set_id(AuditKey *k);

/* 1 for a database with no file of its own (":memory:", ""): no key file, no log. */
int audit_is_memory(const char *db_path);

/* The key file: 1 read, 0 there is none, -1 unreadable or not a key (err says which). */
int audit_key_read(const char *path, AuditKey *k, char *err, size_t errlen);
/* Makes a new key file (0600, random bytes), or reads the one another process just made. 0 or -1. */
int audit_key_create(const char *path, AuditKey *k, char *err, size_t errlen);

/* --- the checkpoint log --------------------------------------------------
 * One line per entry, each MACed with the key:
 *   rise-audit 1 checkpoint <row id> <row MAC> <time> <line MAC>
 *   rise-audit 1 anchor <keyed_from> <key id> <time> <line MAC>
 */
typedef enum AuditLogKind { AUDIT_LOG_CHECKPOINT, AUDIT_LOG_ANCHOR } AuditLogKind;

typedef struct AuditLogEntry {
    AuditLogKind kind;
    int64_t n;    /* checkpoint: the row's id; anchor: the first keyed row */
    char hex[65]; /* checkpoint: the row's MAC; anchor: the key id */
    char at[32];
    int64_t line; /* 1-based line number in the file */
} AuditLogEntry;

typedef struct AuditLog {
    int exists;
    AuditLogEntry *e; /* the lines whose MAC is right, in file order */
    size_t n;
    int64_t bad;           /* lines that are not entries this key wrote */
    int64_t bad_lines[8];  /* the first few of them */
} AuditLog;

/* Appends one entry (one write(2) on an O_APPEND file, so writers never interleave). 0 or -1 (logged). */
int audit_log_append(const char *path, const AuditKey *k, AuditLogKind kind, int64_t n, const char *hex);
/* Reads and checks every line; a file that does not exist gives exists = 0. 0, or -1 when unreadable. */
int audit_log_load(const char *path, const AuditKey *k, AuditLog *out);
void audit_log_free(AuditLog *l);
/* The highest row id among the checkpoints near the end of the log (its
   last 64 KiB), 0 when there are none: a quick look for start-up. */
int64_t audit_log_last_checkpoint(const char *path, const AuditKey *k);

/* The key this connection has loaded (it appended rows), or NULL. */
const AuditKey *audit_attached_key(Db *db);

/* --- guards and the anchor ------------------------------------------------ */

/* Puts back each guarding trigger that is missing or altered; writes their
   names (up to max) and returns how many, or -1 on a database error. */
int audit_guards_restore(Db *db, const char *names[], int max, int altered[]);

typedef struct AuditAnchor {
    int present;
    int64_t keyed_from;
    char key_id[65];
    char at[32];
    char mac[65];
} AuditAnchor;

/* Reads the anchor row (present = 0 when there is none, or no table yet). 0 or -1. */
int audit_anchor_read(Db *db, AuditAnchor *a);

#endif
