/*
 * store/claims.h - claims of days (issue 14 item 5): what a programme pays
 * by the day, claimed in arrears and checked by DfE before it is paid.
 *
 *   SI 2019/20, Tier 1 cases: NLE days (002 8.1: "£500 per day (or £600 per
 *     day where you are required to travel longer than 1 hour or over 45
 *     miles) ... up to a maximum of 3 days, per supported school"), paid to
 *     the matched provider organisation;
 *   TSIO: the system leader's days (at most 10) and the NLG's governance
 *     review (5 days), paid to the matched provider organisation;
 *   RISE: the allocated adviser's days (no cap of their own), paid to the
 *     adviser (a payee of kind "person").
 *
 * Life of a claim: submitted --approve--> approved (paid in the next
 * payment run), --reject--> rejected (with the reason), or withdrawn by the
 * claimant while it waits. A claim over the cap (days already submitted or
 * approved of that kind on the case, plus this one) is refused at
 * submission and again at approval.
 *
 * Approving, in one transaction: the case's days grant for that kind and
 * payee (grants.kind 'days', status 'accepted': a days grant has no offer
 * letter; made at the first approved claim, its total growing with each),
 * a schedule line (pay_when 'claim', status 'due') and the ledger's offer
 * of the amount straight into due (grant_post OP_OFFER none -> due), so
 * the payment run picks it up. Each change is audited on the case
 * ("claim.submit", "claim.approve", "claim.reject", "claim.withdraw") and
 * emails (template "claim-step") the case's caseworkers on submission and
 * the claimant on the decision.
 */
#ifndef RISE_STORE_CLAIMS_H
#define RISE_STORE_CLAIMS_H

#include "domain/grants.h"
#include "store/casework.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Statuses, as stored. */
#define CLAIM_SUBMITTED "submitted"
#define CLAIM_APPROVED "approved"
#define CLAIM_REJECTED "rejected"
#define CLAIM_WITHDRAWN "withdrawn"

/* "nle", "leader", "nlg", "adviser" and back (0 when unknown). */
const char *claim_days_slug(GrantDays kind);
GrantDays claim_days_from(const char *slug);
/* "NLE days", "System leader days", ... */
const char *claim_days_label(GrantDays kind);
/* "Waiting for a decision", "Approved", ... */
const char *claim_status_label(const char *status);

/* "1.5" (or "2", "0.5") as half days: 0 read, -1 not a number of days in
   half days (negative, more than 3 places, "1.25", ...). */
int claim_halves_parse(const char *text, int *halves);
/* "1 day", "2.5 days". */
void claim_days_words(int halves, char *out, size_t len);
/* "3 to 5 March 2027", "28 February to 2 March 2027", "3 March 2027". */
void claim_dates_words(const char *from_on, const char *to_on, char *out, size_t len);

/* The kinds of days the case may claim (its programme; SI: Tier 1 only).
   Returns how many (0-2), or -1 on a database error. */
int claim_kinds_for(Db *db, const Case *c, GrantDays out[4]);

typedef struct Claim {
    int64_t id, case_id, payee_id, grant_id, line_id, submitted_by_id, decided_by_id;
    GrantDays kind;
    int halves;
    int travel_minutes, travel_miles; /* -1: not given */
    int64_t day_rate, amount;         /* pence */
    int on_behalf;
    char *from_on, *to_on, *activities, *status;
    char *submitted_by, *submitted_at, *decided_by, *decided_at, *decision_note;
    char *payee;                      /* the payee's name */
    char *school, *region, *programme; /* the case's */
} Claim;
void claim_free(Claim *c);
/* 1 found, 0 not, -1 error. */
int claim_get(Db *db, int64_t id, Claim *out);

typedef struct ClaimList {
    Claim *items;
    size_t n;
} ClaimList;
void claim_list_free(ClaimList *l);
/* The case's claims, newest first. */
int claims_of_case(Db *db, int64_t case_id, ClaimList *out);
/* Claims waiting for a decision, oldest first: in one region, or every
   region (region NULL). */
int claims_waiting(Db *db, const char *region, ClaimList *out);

/* Half days of a kind claimed on the case (submitted or approved), leaving
   out claim `except` (0: none). -1 on error. */
int claim_halves_claimed(Db *db, int64_t case_id, GrantDays kind, int64_t except);

typedef struct ClaimIn {
    GrantDays kind;
    int halves;
    const char *from_on, *to_on; /* yyyy-mm-dd */
    const char *activities;
    int travel_minutes, travel_miles; /* NLE only; -1: not given */
} ClaimIn;

/*
 * Submits a claim on the case. Results as in casework.h: CW_OK (*id set),
 * CW_REFUSED with the sentence in why (over the cap: the rule's message;
 * a kind the case does not claim; no provider matched or no adviser),
 * CW_ERROR. Nothing is written on a refusal.
 */
int claim_submit(Db *db, const Actor *actor, const Case *c, const ClaimIn *in, int64_t *id, char *why,
                 size_t whylen);

/* Approves (approve 1) or rejects (0, note required) a submitted claim. */
int claim_decide(Db *db, const Actor *actor, int64_t claim_id, int approve, const char *note, char *why,
                 size_t whylen);

/* The claimant withdraws a claim still waiting. */
int claim_withdraw(Db *db, const Actor *actor, int64_t claim_id, char *why, size_t whylen);

#endif
