/*
 * audit.h - the append-only, hash-chained audit trail.
 *
 * Every change to anything (a user, a session event, later a case) appends
 * one row: who, when, action, object, the field-level before/after values,
 * and the reason where one was asked. Each row stores the hash of the row
 * before it and its own hash over all its fields, so that editing or
 * deleting any row breaks the chain that audit_verify() walks.
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
 * Walks the whole chain. Returns 0 when intact (*checked = rows seen); 1 when
 * broken, with the first bad row's id in *bad_id (0 if the break is at the
 * end: rows removed after the last one) and a sentence in msg; -1 on a
 * database error.
 */
int audit_verify(Db *db, int64_t *checked, int64_t *bad_id, char *msg, size_t msglen);

#endif
