/*
 * store/payments.h - paying what is due (issue 14 item 6): the payees with
 * their vendor accounts (the finance system's supplier numbers), and
 * payment runs: everything due, by payee, prepared by one member of the
 * grant team and approved by another (never the same: the CHECK on
 * payment_runs as well as here), exported for the finance system as CSV
 * (docs/data-formats.md, "Payment run export"), and marked paid once with
 * the finance system's reference and date.
 *
 * Life of a run:
 *   prepared --approve (another person)--> approved --mark paid--> paid
 *   prepared | approved --cancel (reason)--> cancelled (its lines leave it, still due)
 *
 * A line is in a run when grant_lines.run_id names it. Money moves only
 * through grant_line_move(OP_PAY) when the run is marked paid, once per line
 * (the ledger's unique index grant_ledger_paid_once), with the run's approver
 * as the second person. Each step is one transaction with its audit row
 * ("payment_run.prepare", ".approve", ".cancel", ".export", ".paid"; a
 * vendor account "payee.vendor"); marking paid also queues one remittance
 * email ("remittance") to each payee's accounts and completes the case's
 * task of kind "grant" when its grant's first line is paid.
 *
 * Results, as in casework.h: CW_OK, CW_REFUSED (*why is the sentence for
 * the page), CW_NOT_FOUND, CW_ERROR.
 */
#ifndef RISE_STORE_PAYMENTS_H
#define RISE_STORE_PAYMENTS_H

#include "core/buf.h"
#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Run statuses, as stored. */
#define RUN_PREPARED "prepared"
#define RUN_APPROVED "approved"
#define RUN_PAID "paid"
#define RUN_CANCELLED "cancelled"

/* "Waiting for approval", "Approved: ready to export", "Paid", "Cancelled". */
const char *payment_run_status_label(const char *status);
/* The GOV.UK tag colour class for a status. */
const char *payment_run_status_class(const char *status);

/* ---- payees ---------------------------------------------------------------- */

/* The longest vendor account the finance system issues. */
#define VENDOR_ACCOUNT_MAX 20

/* NULL when account is a valid vendor account (1 to 20 letters and digits),
   else the message for the form. */
const char *payee_vendor_problem(const char *account);

/* "Supporting organisation", "Trust", "Local authority", "Person". */
const char *payee_kind_label(const char *kind);

typedef struct PayeeRow {
    int64_t id;
    char *kind, *ref, *name;
    char *vendor_account;  /* NULL: not set up */
    int64_t due;           /* pence due now (in a run or not) */
    int n_due;             /* lines due now */
    int64_t paid;          /* pence paid so far */
} PayeeRow;

typedef struct PayeeList {
    PayeeRow *items;
    size_t n;
} PayeeList;
void payee_list_free(PayeeList *l);

/* Every payee by name, with what is due to it and what it has been paid. */
int payees_list(Db *db, PayeeList *out);
/* One payee's row (1 found, 0 not, -1 error). */
int payee_row_get(Db *db, int64_t id, PayeeRow *out);
void payee_row_free(PayeeRow *r);

/*
 * Sets (or, with "" or NULL, removes) the payee's vendor account, audited
 * "payee.vendor". Refused with a sentence when the account is not valid,
 * or when the payee has lines in a run not yet paid (the run was prepared
 * for the account it had).
 */
int payee_vendor_update(Db *db, const Actor *actor, int64_t payee_id, const char *account, const char **why);

/* ---- what is due -------------------------------------------------------------- */

/* One schedule line, with its grant, case and payee. */
typedef struct PayLine {
    int64_t line_id, grant_id, case_id, payee_id;
    char *payee, *payee_kind, *vendor_account; /* vendor_account NULL: not set up */
    char *school;                              /* the case's subject: the school (or trust) supported */
    char *label;                               /* what for: "Term 1 (paid up front)", a claim */
    char *programme, *grant_kind, *grant_status, *status;
    char *due_since, *paid_on, *paid_reference;
    int64_t amount;
    int payable; /* due, in no run, grant accepted (or days), vendor account set */
} PayLine;

typedef struct PayLineList {
    PayLine *items;
    size_t n;
} PayLineList;
void pay_line_list_free(PayLineList *l);

/* Due now and in no run, by payee: what the next run would take (payable)
   and what is held back. */
typedef struct PayeeDue {
    int64_t payee_id;
    char *name, *kind, *vendor_account;
    int n_lines;
    int64_t amount;
    int n_payable;
    int64_t payable;
} PayeeDue;

typedef struct PayeeDueList {
    PayeeDue *items;
    size_t n;
    int64_t total, total_payable;
    int n_lines, n_payable;
} PayeeDueList;
void payee_due_list_free(PayeeDueList *l);

int payments_due_by_payee(Db *db, PayeeDueList *out);

/* The lines due, in no run, that the next run cannot take (no vendor
   account, or the grant is not accepted), at most limit (0: all). */
int payments_held(Db *db, size_t limit, PayLineList *out);
/* Why a held line cannot be paid yet, in words. */
const char *pay_line_held_reason(const PayLine *l);

/* ---- runs ----------------------------------------------------------------------- */

typedef struct PaymentRun {
    int64_t id;
    char status[16];
    int64_t total;
    int n_lines, n_payees;
    int64_t prepared_by_id, approved_by_id;
    char *prepared_by, *prepared_at, *approved_by, *approved_at;
    char *paid_on, *paid_reference, *paid_by, *paid_at;
    char *cancelled_by, *cancelled_at, *cancel_reason;
} PaymentRun;

typedef struct PaymentRunList {
    PaymentRun *items;
    size_t n;
} PaymentRunList;
void payment_run_free(PaymentRun *r);
void payment_run_list_free(PaymentRunList *l);

/* Runs, newest first (at most limit; 0: all). */
int payment_runs_list(Db *db, size_t limit, PaymentRunList *out);
/* 1 found, 0 not, -1 error. */
int payment_run_get(Db *db, int64_t id, PaymentRun *out);
/* The run's lines by payee (name), then school, then line. */
int payment_run_lines(Db *db, int64_t run_id, PayLineList *out);
/* A payee's lines that have been paid, newest first. */
int payee_payments(Db *db, int64_t payee_id, PayLineList *out);

/* What the payee sees on their bank statement: "RISE grant run 12". */
void payment_run_reference(int64_t run_id, char *out, size_t outlen);

/*
 * Prepares a run in one transaction: every line due, in no run, whose grant
 * is accepted (or is a grant of days, which has no offer) and whose payee
 * has a vendor account, joins it; the run gets its totals. *run_id is set;
 * *held (when not NULL) the number of lines due that had to be left out.
 * Refused when nothing can be paid, or the actor is not a signed-in person.
 */
int payment_run_prepare(Db *db, const Actor *actor, int64_t *run_id, int *held, const char **why);

/* Approves a prepared run: by a person other than its preparer ("The person
   who prepared a run cannot approve it"). */
int payment_run_approve(Db *db, const Actor *actor, int64_t run_id, const char **why);

/* Cancels a prepared or approved run (never a paid one), with a reason: its
   lines leave it and are due again for the next run. */
int payment_run_cancel(Db *db, const Actor *actor, int64_t run_id, const char *reason, const char **why);

/*
 * Writes the run's CSV for the finance system into out (one row a payee;
 * see docs/data-formats.md) and audits the export ("payment_run.export").
 * Only an approved or paid run.
 */
int payment_run_csv(Db *db, const Actor *actor, int64_t run_id, Buf *out, const char **why);

/* One CSV cell, RFC 4180 (quoted when it holds a comma, quote, CR or LF)
   and safe from formula injection (text starting = + - @, tab or CR gets a
   leading apostrophe); then a comma, or CRLF when last. */
void payment_csv_cell(Buf *out, const char *text, int last);

/*
 * Marks an approved run paid with the finance system's reference and the
 * day it was paid (YYYY-MM-DD): each line is paid through the ledger with
 * the run's approver as the second person, the run becomes paid, each
 * payee's accounts get a remittance email, and a case whose grant is paid
 * for the first time has its grant task completed. A run already paid is
 * refused and nothing changes.
 */
int payment_run_mark_paid(Db *db, const Actor *actor, int64_t run_id, const char *reference, const char *paid_on,
                          const char **why);

#endif
