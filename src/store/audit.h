/*
 * audit.h - the append-only, hash-chained audit trail, anchored outside the
 * database.
 *
 * Every change to anything (a user, a session event, a case) appends one
 * row: who, when, action, object, the field-level before/after values, and
 * the reason where one was asked. Each row stores the MAC of the row before
 * it and its own MAC over all its fields, keyed with a secret held in a key
 * file beside the database (never in it), so that someone holding only the
 * database cannot edit a row and recompute the chain. After every
 * transaction that wrote audit rows, a checkpoint (the last row's id and
 * MAC, itself MACed) is appended to a checkpoint log beside the database,
 * so that rows deleted from the end, or a whole trail replaced, are caught
 * too. Triggers stop the program and casual users of the file from
 * changing rows; they are put back at every start if someone removed them.
 * See docs/decisions/0008-audit-anchor-and-sign-in-throttle.md.
 */
#ifndef RISE_AUDIT_H
#define RISE_AUDIT_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Who is acting: a signed-in user, or the command line / system. */
typedef struct Actor {
    int64_t user_id; /* 0 for the command line or the system */
    const char *label; /* "Name <email>", or "command line" */
    const char *ip;    /* NULL outside a request */
} Actor;

typedef struct AuditChange {
    const char *field;
    const char *before; /* NULL: was not set */
    const char *after;  /* NULL: is not set */
} AuditChange;

/*
 * Appends one row. Call inside the transaction that makes the change
 * (db_begin ... db_commit), so that the change and its record land together.
 * Returns 0, or -1 on a database error.
 */
int audit_append(Db *db, const Actor *actor, const char *action, const char *object_type, const char *object_id,
                 const AuditChange *changes, size_t nchanges, const char *reason);

/* Same, in a transaction of its own (for events such as a failed sign-in). */
int audit_record(Db *db, const Actor *actor, const char *action, const char *object_type, const char *object_id,
                 const AuditChange *changes, size_t nchanges, const char *reason);

typedef struct AuditRow {
    int64_t id;
    char *at;
    int64_t actor_id;
    char *actor;
    char *action;
    char *object_type;
    char *object_id;
    char *changes; /* JSON: [{"field":..,"before":..,"after":..}] */
    char *reason;
    char *ip;
} AuditRow;

typedef struct AuditList {
    AuditRow *rows;
    size_t n;
} AuditList;

/* The history of one object, newest first (at most limit rows). */
int audit_for_object(Db *db, const char *object_type, const char *object_id, size_t limit, AuditList *out);
/* The most recent rows of the whole trail, newest first, before id (0: from the end). */
int audit_recent(Db *db, int64_t before_id, size_t limit, AuditList *out);
void audit_list_free(AuditList *l);

/*
 * Where the key file and the checkpoint log are: by default beside the
 * database (<db>.audit-key, <db>.audit-log); a path given here (the global
 * options --audit-key and --audit-log, or RISE_AUDIT_KEY, RISE_AUDIT_LOG)
 * replaces the default for every database the process opens. Call before
 * opening any. NULL keeps the default.
 */
void audit_set_paths(const char *key_path, const char *log_path);
/* The key file's and the checkpoint log's paths for the database at db_path. */
void audit_key_path(const char *db_path, char *out, size_t n);
void audit_log_path(const char *db_path, char *out, size_t n);

/*
 * Start-up, after the migrations (every command and the server): puts back
 * any trigger that guards the trail and was missing or altered (logging it
 * and recording it in the trail), loads the key (creating it, 0600, with
 * random bytes, when this database has never had one), and anchors the
 * trail when it has no anchor yet: a database whose rows were chained
 * without a key is re-anchored, its keyed chain starting at the next row.
 * Returns 0, or -1 with a sentence in err (the key file is missing or is
 * not this database's key).
 */
int audit_prepare(Db *db, char *err, size_t errlen);

/* What audit_verify_report() found. */
typedef struct AuditReport {
    int64_t rows;            /* rows read */
    int64_t first_bad;       /* the first row a problem is about (0: none, or not about a row) */
    int64_t keyed_from;      /* the first row chained with the key (0: the trail has no anchor) */
    int64_t checkpoints;     /* checkpoint log entries checked */
    int broken;              /* 1 when rows, the head, the anchor or the log show tampering */
    int guards_restored;     /* triggers that were missing or altered and have been put back */
    char problems[4096];     /* what was found, one sentence per line */
    char notes[1024];        /* what the reader should know though nothing is wrong, one per line */
} AuditReport;

/*
 * Checks the whole trail with the key: every row's MAC and link, the head,
 * the anchor, and every checkpoint in the log; puts back missing guards.
 * Returns 0 when all is well, 1 when something was found (problems says
 * exactly what), -1 when the trail cannot be checked (the key is missing or
 * wrong, or the database cannot be read; problems says why).
 */
int audit_verify_report(Db *db, AuditReport *r);

/*
 * The same, in short: 0 intact (*checked = rows seen, msg "audit trail
 * intact: N rows verified"); 1 broken, with the first row concerned in
 * *bad_id and the first problem in msg; -1 when it cannot be checked.
 */
int audit_verify(Db *db, int64_t *checked, int64_t *bad_id, char *msg, size_t msglen);

/*
 * Beside a backup of the database (to_db), a copy of the checkpoint log
 * holding only what the backup holds (rows up to upto_id), so that the
 * backup verifies on its own with the key. The key is not copied: it must
 * be kept apart from the backups. 0, or -1 with a sentence in err. A
 * database with no checkpoint log copies nothing.
 */
int audit_backup_log(const char *from_db, const char *to_db, int64_t upto_id, char *err, size_t errlen);

/* For store/db.c: after a commit (write the checkpoint it owes) and on close. */
void audit_after_commit(Db *db);
void audit_detach(Db *db);

#endif
