/*
 * store/grant_work.h - what is waiting for the grant team (issue 14 item
 * 10), for its home page: offers to issue, offers awaiting the payee's
 * acceptance, payments due this week, claims to check and payment runs
 * waiting for a second approver. Each list is the first `limit` rows, most
 * urgent first, with the whole count beside it.
 */
#ifndef RISE_STORE_GRANT_WORK_H
#define RISE_STORE_GRANT_WORK_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct GrantWorkItem {
    int64_t id;       /* the grant, claim or run (a payment: its grant) */
    int64_t case_id;  /* 0 for a run */
    char *school;     /* the school or trust supported (a run: NULL) */
    char *what;       /* "RAF grant", "Claim of 1.5 days", "Term 2 (in arrears)" ... */
    char *payee;      /* who is paid (a run: who prepared it) */
    int64_t amount;   /* pence */
    char *on;         /* the date that matters: prepared, offered, expected, submitted */
    char *state;      /* a line's status ("due", "scheduled"), a run's preparer id as text; else NULL */
    int64_t run_id;   /* a payment already in a run (0: none) */
} GrantWorkItem;

typedef struct GrantWorkList {
    GrantWorkItem *items;
    size_t n;
    int64_t total; /* how many there are in all */
} GrantWorkList;

typedef struct GrantWork {
    GrantWorkList to_issue;   /* offers prepared, not issued (grants.status draft) */
    GrantWorkList to_accept;  /* offers issued, waiting for the payee */
    GrantWorkList payments;   /* lines due now, or expected by week_end (scheduled) */
    GrantWorkList claims;     /* claims submitted, waiting for a decision */
    GrantWorkList runs;       /* payment runs prepared, waiting for a second person */
} GrantWork;

/* Fills every list; week_end: the last day (YYYY-MM-DD) "this week" reaches. 0 or -1. */
int grant_work(Db *db, const char *week_end, size_t limit, GrantWork *out);
void grant_work_free(GrantWork *w);

#endif
