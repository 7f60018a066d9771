/*
 * register.h - the register of supporting organisations and people (issue
 * 12, DOMAIN.md section 3 step 5 and section 7): how its lists are written
 * and read, day rates in pence, which GIAS reference each kind of
 * organisation has, what capacity a term's matches hold, and the standing
 * of its due diligence.
 *
 * Pure: no I/O. The lists of codes (expertise, phases, organisation types,
 * designations) and terms are domain/matching.h's; the regions are
 * domain/access.h's REGIONS.
 */
#ifndef RISE_REGISTER_H
#define RISE_REGISTER_H

#include "core/date.h"
#include "domain/matching.h"

#include <stddef.h>
#include <stdint.h>

/* ---- regions and local authorities -------------------------------------- */

/* Region names separated by ';' or ',' (any case, spaces around them
   ignored) as a mask (bit i: REGIONS[i]). 0, or -1 with *bad at the first
   unknown name in s (its length in *badlen). */
int register_regions_parse(const char *s, uint32_t *mask, const char **bad, size_t *badlen);
/* As stored: the names in REGIONS order, separated by ';' ("" when none). */
void register_regions_join(uint32_t mask, char *out, size_t outlen);
/* In words: "North East and North West", "All nine regions", "none". */
void register_regions_words(uint32_t mask, char *out, size_t outlen);

/* Local authority codes (three digits each) separated by ',', ';' or
   spaces, as stored: ascending, each once, separated by ','. 0, or -1 with
   *bad at the first item that is not three digits (*badlen its length). */
int register_las_parse(const char *s, char *out, size_t outlen, const char **bad, size_t *badlen);

/* ---- money --------------------------------------------------------------- */

/* A day rate in pounds as people type it: "600", "600.00", "600.5",
   "£600", "£1,200" (commas between thousands). 0 and *pence, or -1.
   At most £100,000. */
int register_pence_parse(const char *s, int64_t *pence);
/* "£600" or "£600.50" (commas in thousands: "£1,200"). */
void register_pence_format(int64_t pence, char *out, size_t outlen);

/* ---- the GIAS reference each kind of organisation has --------------------- */

typedef enum RegisterLink {
    LINK_NONE = 0, /* other organisations and people */
    LINK_GROUP,    /* a trust or a federation: its group UID */
    LINK_URN,      /* a school (required) or a teaching school hub's lead school (optional) */
    LINK_LA,       /* a local authority or its traded service: the LA code */
} RegisterLink;
RegisterLink register_link_of(const char *org_type);
/* Whether the link is required for the type (a hub's lead school is not). */
int register_link_required(const char *org_type);
/* An organisation type the register of organisations takes (any of
   MATCH_ORG_TYPES but person). */
int register_org_type_valid(const char *org_type);

/* ---- terms --------------------------------------------------------------- */

/* A term as a code ("2026-autumn") or in words ("Autumn 2026", "spring
   2027", any case): its index (matching.h), or -1. */
int register_term_parse(const char *s);

/* ---- capacity held ------------------------------------------------------- */

/* One match of a provider to a case, as case_providers holds it. */
typedef struct RegisterMatch {
    const char *status; /* proposed ... ended */
    int start_term;     /* its term; -1 when none was given: the term of since */
    Date since;
    int terms, days;
} RegisterMatch;

/* The school places and days the matches hold in term: a match holds while
   match_status_holds(status), one school in each term it covers and its
   days spread by match_days_in_term. */
void register_held(const RegisterMatch *m, size_t n, int term, int *schools, int *days);

/* ---- due diligence ------------------------------------------------------- */

/* The four checks (DOMAIN.md section 7), in matching.h's Candidate.checks
   order. */
typedef enum CheckKind {
    CHECK_KIND_CAPACITY = 0,
    CHECK_KIND_RELATIONSHIP,
    CHECK_KIND_FINANCIAL,
    CHECK_KIND_VENDOR,
    CHECK_KIND_COUNT
} CheckKind;

const char *register_check_code(CheckKind k); /* "capacity" ... "vendor" */
/* "Capacity", "Check with the trust relationship manager or local authority
   lead", "Financial check", "Vendor account". */
const char *register_check_label(CheckKind k);
/* -1 when unknown. */
int register_check_parse(const char *code);
/* passed or failed for the first three; requested or set-up for the vendor
   account. */
int register_check_outcome_valid(CheckKind k, const char *outcome);
/* "Passed", "Failed", "Requested", "Set up". */
const char *register_check_outcome_label(const char *outcome);

/*
 * A check's standing on today from its latest entry: failed -> CHECK_FAILED;
 * a vendor account requested -> CHECK_PENDING; passed or set up ->
 * CHECK_EXPIRED when expires (DATE_NONE: never) is before today, otherwise
 * CHECK_CURRENT. No entry (outcome NULL) -> CHECK_MISSING.
 */
CheckState register_check_state(CheckKind k, const char *outcome, Date expires, Date today);
/* "Current", "Expired", "Failed", "Requested", "Not done". */
const char *register_check_state_label(CheckState s);

/* When a vendor account requested on a date is expected: that many working
   days later (programme parameter rise/vendor_account_days). */
Date register_vendor_expected(Date requested, int working_days);

/*
 * The standing of all four in words, for lists: "All 4 checks current", or
 * what is missing: "Financial check expired; vendor account requested; no
 * capacity check". Returns 1 when all four are current.
 */
int register_standing(const CheckState st[CHECK_KIND_COUNT], char *out, size_t outlen);

#endif
