/*
 * grant_common.h - the pages of a grant (issue 14; pages/grants.c):
 *
 * /cases/{id}/grants                   the case's Grants tab: each grant, and the planning grant's button (RISE)
 * /cases/{id}/grants/planning          POST: the grant team prepares RISE's planning grant
 * /grants                              every grant, for finance readers, filtered and totalled
 * /grants/{id}                         a grant: summary, schedule, money by bucket, ledger history
 * /grants/{id}/letter.pdf              its offer letter
 * /grants/{id}/issue                   check and issue the offer (grant team), budget warning
 * /grants/{id}/accept                  accept it (the payee, or the grant team on its behalf)
 * /grants/{id}/withdraw                withdraw the offer (grant team)
 * /grants/{id}/lines/{n}/{action}      progress, withhold or release a payment, with a reason
 *
 * Each page asks authorise() with the case's scope and the grant's payee
 * (Scope.payee_kind/ref): not a reader at all, 404; a reader without the
 * permission, 403.
 */
#ifndef RISE_GRANT_COMMON_H
#define RISE_GRANT_COMMON_H

#include "store/grants.h"
#include "web/govuk.h"
#include "web/pages.h"

/* The case's scope with the grant's payee. */
Scope grant_scope(const Case *c, const Grant *g);

/* The "Grants" section of an external reader's case page (/your-cases/{id}):
   the case's grants they may read, linked. Writes nothing when none. */
void grants_your_case_section(Req *r, Html *h, const Case *c);

#endif
