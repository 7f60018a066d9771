/*
 * grant_returns.h - spend checks and the recovery of underspend (issue 14
 * item 8; pages/grant_returns.c):
 *
 * /grants/{id}/returns/new      the grant team asks for an annual assurance return or the declaration
 * /returns/{id}                 a return: what was sent, the payee's form, the grant team's check
 * /returns/{id}/submit          the payee sends it (or the grant team for them) (POST)
 * /returns/{id}/check           the grant team accepts it or returns it with a note (POST)
 * /grants/{id}/recoveries/new   the grant team asks for money back
 * /recoveries/{id}              a recovery, moved on: in progress, complete, cancelled (POST)
 */
#ifndef RISE_PAGES_GRANT_RETURNS_H
#define RISE_PAGES_GRANT_RETURNS_H

#include "domain/access.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <stdint.h>

/* The grant's returns and recoveries as tables, with "Ask for a return"
   and "Recover money" for the grant team; scope is the grant's (its case's
   scope with the payee), for what the reader may do. */
void grant_returns_section(Req *r, Html *h, int64_t grant_id, const Scope *scope);

#endif
