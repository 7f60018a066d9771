/*
 * users.h - accounts: create, read, change, disable, with every change
 * audited in the same transaction.
 */
#ifndef RISE_USERS_H
#define RISE_USERS_H

#include "store/audit.h"
#include "store/db.h"

#include <stdint.h>

typedef struct User {
    int64_t id;
    char *email;
    char *name;
    char *role; /* slug, see domain/access.h */
    char *region;
    char *organisation;
    char *password_hash;
    char *disabled_at; /* NULL when active */
    char *created_at;
    char *updated_at;
    char *last_login_at;
    char *org_kind;           /* external accounts: school, trust, la, provider (domain/access.h) */
    int64_t expiry_notice_at; /* told their account will close (epoch seconds), 0: not */
    int invited;              /* invited and no password set yet */
    int64_t invited_by_id;    /* who invited them (0: not invited, or by the command line) */
} User;

/* The password hash of an invited account until its invitation is used:
   no password verifies against it. */
#define USER_NO_PASSWORD "!invited"

/* The editable fields of an account. NULL region/organisation: none. */
typedef struct UserFields {
    const char *email;
    const char *name;
    const char *role;
    const char *region;
    const char *organisation;
    const char *org_kind; /* NULL: none (internal roles) */
} UserFields;

enum { USER_OK = 0, USER_ERROR = -1, USER_EMAIL_TAKEN = -2, USER_NOT_FOUND = -3 };

void user_free(User *u);
/* 1 found, 0 not found, -1 error. */
int user_get(Db *db, int64_t id, User *out);
int user_get_by_email(Db *db, const char *email, User *out);

int user_create(Db *db, const Actor *actor, const UserFields *f, const char *password_hash, const char *reason,
                int64_t *id_out);
/* Records only the fields that changed; nothing (and no audit row) when none did. */
int user_update(Db *db, const Actor *actor, int64_t id, const UserFields *f, const char *reason);
/* Sets a new password hash and signs the user out everywhere. */
int user_set_password(Db *db, const Actor *actor, int64_t id, const char *password_hash, const char *reason);
/* Disables (signing the user out everywhere) or re-enables an account. */
int user_set_disabled(Db *db, const Actor *actor, int64_t id, int disabled, const char *reason);
/* Stamps a successful sign-in (the audit row is written by the caller). */
int user_touch_login(Db *db, int64_t id);

typedef struct UserList {
    User *items;
    size_t n;
    int64_t total; /* matching rows, for pagination */
} UserList;

/* Users ordered by name, filtered by a case-insensitive substring of name or
   email (q may be NULL) and by role slug (may be NULL). */
int user_list(Db *db, const char *q, const char *role, int64_t offset, int64_t limit, UserList *out);
void user_list_free(UserList *l);

#endif
