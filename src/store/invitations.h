/*
 * invitations.h - inviting people outside DfE (issue 11 item 4,
 * docs/decisions/0016-people-outside-dfe.md). Inviting makes the account
 * (with no password yet), a link whose token is random and stored only as a
 * hash, and the "invitation" email, in one transaction. The link works once,
 * until it expires; using it sets the password. Sending again replaces the
 * link. Every step is audited.
 */
#ifndef RISE_STORE_INVITATIONS_H
#define RISE_STORE_INVITATIONS_H

#include "domain/access.h"
#include "domain/external.h"
#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

#include "store/link_tokens.h"

#define INVITATION_TOKEN_LEN LINK_TOKEN_LEN

enum { INVITE_OK = 0, INVITE_ERROR = -1, INVITE_EMAIL_TAKEN = -2, INVITE_GONE = -3, INVITE_NOT_FOUND = -4 };

typedef struct InviteFields {
    const char *email, *name;
    OrgKind kind;
    const char *organisation; /* the reference for kind (domain/access.h) */
} InviteFields;

/* Invites a person (already validated: the organisation exists and the
   actor may invite for it), from a case's page when case_id > 0.
   INVITE_OK (*user_id the new account), INVITE_EMAIL_TAKEN, INVITE_ERROR. */
int invitation_send(Db *db, const Actor *actor, const InviteFields *f, int64_t case_id, int64_t now, int64_t ttl,
                    int64_t *user_id);

/* A new link for an invited account that has not accepted (the old one
   stops working). INVITE_OK, INVITE_GONE (accepted or disabled),
   INVITE_NOT_FOUND, INVITE_ERROR. */
int invitation_resend(Db *db, const Actor *actor, int64_t user_id, int64_t now, int64_t ttl);

/* INVITE_OK when token is a link that works at now (*user_id its account),
   INVITE_GONE when not (unknown, used, replaced, expired, or the account
   disabled), INVITE_ERROR. */
int invitation_find(Db *db, const char *token, int64_t now, int64_t *user_id);

/* Uses the link: the account's password becomes password_hash; audited as
   the account's owner ("user.invitation-accepted"). */
int invitation_accept(Db *db, const char *token, const char *password_hash, const char *ip, int64_t now);

typedef struct InvitationRow {
    int64_t user_id, case_id;
    char *name, *email, *org_kind, *organisation, *invited_by;
    int64_t created_at, expires_at, used_at, withdrawn_at;
    int disabled;
    InvitationState state; /* the newest invitation's, at the time listed */
} InvitationRow;

typedef struct InvitationList {
    InvitationRow *items;
    size_t n;
} InvitationList;

/* Each invited account's newest invitation, newest first: those invited by
   invited_by_id, or everyone's when 0. At most 500. */
int invitations_list(Db *db, int64_t invited_by_id, int64_t now, InvitationList *out);
void invitation_list_free(InvitationList *l);

#endif
