// permissions.test.mjs - the permission matrix: every route in
// src/web/routes.c, tried by someone not signed in and by one signed-in user
// of each of the nine roles, must give exactly the outcome written in the
// table below. The routes are read from routes.c itself, so a route added
// there without a row here fails this suite.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, stopCleanly, addUserAsync, Client, csrfFrom, rise, sqlite, sqliteRows, SOURCE_DIR } from "../lib/harness.mjs";

const ROLES = [
  "delivery-officer",
  "adviser",
  "regional-director",
  "delivery-partner",
  "grant-team",
  "supporting-organisation",
  "school",
  "analyst",
  "admin",
];
// Besides one user of each role, the people outside DfE (issue 11, decision
// 0016): the "supporting-organisation" user is staff of an organisation
// proposed for the case, the "school" user the case's school's staff; two
// more columns are its responsible body's staff (the academy's trust) and a
// stranger: another school's staff. Their outcome on a route is the school's
// unless EXTRA says otherwise.
const EXTRA_COLUMNS = ["responsible-body", "other-school"];
const BASE_COLUMNS = ["anonymous", ...ROLES];
const COLUMNS = [...BASE_COLUMNS, ...EXTRA_COLUMNS];

// Outcomes.
//   Y  allowed: a GET answers 200; a POST (with a valid CSRF token) is taken
//      in by the page - anything but 403, a sign-in redirect or a 5xx
//   N  refused: 403 "You do not have permission to see this page"
//   L  not signed in: 303 to the sign-in page (with ?next= for a GET)
//   H  already signed in: 303 to the home page
//   G  public, for a link that does not work (a made-up password reset
//      token): 410 "This link has expired or has already been used"
const Y = "Y";
const N = "N";
const L = "L";
const H = "H";
const G = "G";
//   S  not at this step of signing in: 303 to the sign-in form (no ?next=)
const S = "S";
//   X  not theirs: 404 (an outsider cannot learn which cases exist)
//   W  theirs, but nothing to answer now: 303 back to their case's page
const X = "X";
const W = "W";

/* eslint-disable prettier/prettier */
const EXPECT = {
  //                               anon dlv-o adv  reg-d dlv-p grant sup-o school anal admin
  "GET /":                         [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /healthz":                  [Y,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /assets/*":                 [Y,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /favicon.ico":              [Y,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /accessibility":            [Y,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /cookies":                  [Y,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /privacy":                  [Y,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /login":                    [Y,   H,    H,   H,    H,    H,    H,    H,     H,   H],
  "POST /login":                   [Y,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /password-reset":           [Y,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "POST /password-reset":          [Y,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /password-reset/{token}":   [G,   G,    G,   G,    G,    G,    G,    G,     G,   G],
  "POST /password-reset/{token}":  [G,   G,    G,   G,    G,    G,    G,    G,     G,   G],
  "POST /logout":                  [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  // the second factor: only for someone half signed in at that step (tests/http/two_factor.test.mjs)
  "GET /login/two-factor":         [S,   H,    H,   H,    H,    H,    H,    H,     H,   H],
  "POST /login/two-factor":        [L,   H,    H,   H,    H,    H,    H,    H,     H,   H],
  "GET /login/two-factor/set-up":  [S,   H,    H,   H,    H,    H,    H,    H,     H,   H],
  "POST /login/two-factor/set-up": [L,   H,    H,   H,    H,    H,    H,    H,     H,   H],
  "GET /admin":                    [L,   Y,    N,   N,    N,    N,    N,    N,     Y,   Y],
  "GET /account/password":         [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "POST /account/password":        [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /account/emails":           [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "POST /account/emails":          [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /account/two-factor":       [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "POST /account/two-factor":      [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /users":                    [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /users/new":                [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /users/new":               [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /users/{id}":               [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /users/{id}/edit":          [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /users/{id}/edit":         [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /users/{id}/password":      [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /users/{id}/password":     [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /users/{id}/status":        [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /users/{id}/status":       [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /users/{id}/two-factor":    [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /users/{id}/two-factor":   [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /imports":                  [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /imports/new":              [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /imports/new":             [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /imports/{id}":             [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /audit":                    [L,   N,    N,   N,    N,    N,    N,    N,     Y,   Y],
  "GET /schools":                  [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /schools/{urn}":            [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /trusts/{uid}":             [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /screening":                [L,   Y,    N,   Y,    Y,    N,    N,    N,     Y,   Y],
  "GET /screening/{programme}":    [L,   Y,    N,   Y,    Y,    N,    N,    N,     Y,   Y],
  "GET /screening/{programme}/exception":  [L, Y, N, Y, N, N, N, N, N, N],
  "POST /screening/{programme}/exception": [L, Y, N, Y, N, N, N, N, N, N],
  "GET /screening/{programme}/{kind}/{id}":  [L, Y, N, Y, Y, N, N, N, Y, Y],
  "POST /screening/{programme}/{kind}/{id}": [L, Y, N, Y, N, N, N, N, N, N],
  "GET /history/{type}/{id}":      [L,   N,    N,   N,    N,    N,    N,    N,     Y,   Y],
  // cases: the case is in the regional users' region, with the adviser allocated;
  // the note was written by the delivery officer (only its author may change it)
  "GET /cases":                    [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /cases/export.csv":         [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /cases/{id}":               [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "POST /cases/{id}/watch":        [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /cases/{id}/tasks/{code}":  [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "POST /cases/{id}/tasks/{code}": [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "GET /cases/{id}/decisions":     [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /cases/{id}/decisions/{did}": [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "POST /cases/{id}/decisions/{did}": [L,   N,    N,   Y,    N,    N,    N,    N,     N,   N],
  "GET /cases/{id}/people":        [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "POST /cases/{id}/people":       [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "GET /cases/{id}/status":        [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "POST /cases/{id}/status":       [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "GET /cases/{id}/close":         [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "POST /cases/{id}/close":        [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "GET /cases/{id}/timeline":      [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /cases/{id}/concerns":      [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /cases/{id}/concerns/new":  [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "POST /cases/{id}/concerns/new": [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "GET /cases/{id}/concerns/{cid}/escalate": [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "POST /cases/{id}/concerns/{cid}/escalate": [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "GET /cases/{id}/concerns/{cid}/resolve": [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "POST /cases/{id}/concerns/{cid}/resolve": [L,   Y,    N,   Y,    N,    N,    N,    N,     N,   N],
  "GET /cases/{id}/contacts":      [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /cases/{id}/contacts/new":  [L,   Y,    Y,   Y,    Y,    N,    N,    N,     N,   N],
  "POST /cases/{id}/contacts/new": [L,   Y,    Y,   Y,    Y,    N,    N,    N,     N,   N],
  "GET /cases/{id}/contacts/{cid}": [L,   Y,    Y,   Y,    Y,    N,    N,    N,     N,   N],
  "POST /cases/{id}/contacts/{cid}": [L,   Y,    Y,   Y,    Y,    N,    N,    N,     N,   N],
  // commissioning (issue 12): everyone who reads the case sees its matching tab; those who run it, the
  // delivery partner and the allocated adviser propose and record answers; a region's batch is for its own
  "GET /cases/{id}/matching":      [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "POST /cases/{id}/matching/propose": [L, Y,  Y,   Y,    Y,    N,    N,    N,     N,   N],
  "POST /cases/{id}/matching/provider-answer": [L, Y, Y, Y, Y,    N,    N,    N,     N,   N],
  "POST /cases/{id}/matching/school-answer": [L, Y, Y, Y,  Y,    N,    N,    N,     N,   N],
  "POST /cases/{id}/matching/withdraw": [L, Y, Y,   Y,    Y,    N,    N,    N,     N,   N],
  "POST /cases/{id}/matching/appoint": [L, Y,  Y,   Y,    Y,    N,    N,    N,     N,   N],
  "GET /matching":                 [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   N],
  // plans (issue 13): the case here is RISE's, with a provider proposed (not matched) and no plan yet. The
  // caseworkers' tab; the plan's own page for everyone who reads it (not a provider merely proposed)
  "GET /cases/{id}/plan":          [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /plans/{id}":               [L,   Y,    Y,   Y,    Y,    Y,    X,    Y,     Y,   Y],
  "GET /plans/{id}/compare":       [L,   Y,    Y,   Y,    Y,    Y,    X,    Y,     Y,   Y],
  // no version 1 yet: not found for everyone who may read the plan
  "GET /plans/{id}/versions/{v}":  [L,   X,    X,   X,    X,    X,    X,    X,     X,   X],
  "GET /plans/{id}/versions/{v}/pdf": [L, X,   X,   X,    X,    X,    X,    X,     X,   X],
  // the indicative band: those who manage the case
  "POST /plans/{id}/band":         [L,   Y,    N,   Y,    N,    N,    X,    N,     N,   N],
  // writing: the matched provider (none here) or a caseworker on its behalf
  "GET /plans/{id}/submit":        [L,   Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  "POST /plans/{id}/submit":       [L,   Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  "GET /plans/{id}/edit/{section}": [L,  Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  "POST /plans/{id}/edit/{section}": [L, Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  "GET /plans/{id}/objectives/new": [L,  Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  "POST /plans/{id}/objectives/new": [L, Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  // no such action or objective yet
  "GET /plans/{id}/actions/new":   [L,   X,    X,   X,    X,    N,    X,    N,     N,   N],
  "POST /plans/{id}/actions/new":  [L,   X,    X,   X,    X,    N,    X,    N,     N,   N],
  "GET /plans/{id}/actions/{n}":   [L,   X,    X,   X,    X,    N,    X,    N,     N,   N],
  "POST /plans/{id}/actions/{n}":  [L,   X,    X,   X,    X,    N,    X,    N,     N,   N],
  "POST /plans/{id}/actions/{n}/remove": [L, X, X,  X,    X,    N,    X,    N,     N,   N],
  "GET /plans/{id}/objectives/{n}": [L,  X,    X,   X,    X,    N,    X,    N,     N,   N],
  // (the POST to objectives/new before it made objective 1)
  "POST /plans/{id}/objectives/{n}": [L, Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  "POST /plans/{id}/objectives/{n}/remove": [L, Y, Y, Y,  Y,    N,    X,    N,     N,   N],
  // signing off: the school or its responsible body, or a caseworker on its behalf
  "GET /plans/{id}/sign":          [L,   Y,    Y,   Y,    Y,    N,    N,    Y,     N,   N],
  "POST /plans/{id}/sign":         [L,   Y,    Y,   Y,    Y,    N,    N,    Y,     N,   N],
  // RISE's review is the grant team's (the final band); the delivery partner reviews the other programmes'
  "GET /plans/{id}/review":        [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "POST /plans/{id}/review":       [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "GET /plans/{id}/decision":      [L,   N,    N,   Y,    N,    N,    N,    N,     N,   N],
  "POST /plans/{id}/decision":     [L,   N,    N,   Y,    N,    N,    N,    N,     N,   N],
  "POST /matching":                [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   N],
  // termly reviews (issue 15): the case's monitoring tab for everyone who reads the case; a progress
  // review opened by those who may write one (the matched provider - none here - or a caseworker); no
  // review or recommendation exists here, so those pages are not found for everyone who may see them
  "GET /cases/{id}/monitoring":    [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "POST /cases/{id}/monitoring/progress": [L, Y, Y,  Y,    Y,    N,    N,    N,     N,   N],
  "POST /cases/{id}/recommendations/{n}": [L, X, X,  X,    X,    X,    N,    N,     N,   N],
  "GET /reviews":                  [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /reviews/{id}":             [L,   X,    X,   X,    X,    X,    X,    X,     X,   X],
  "GET /reviews/{id}/edit":        [L,   X,    X,   X,    X,    N,    X,    N,     N,   N],
  "POST /reviews/{id}/edit":       [L,   X,    X,   X,    X,    N,    X,    N,     N,   N],
  "GET /reviews/{id}/decision":    [L,   X,    X,   X,    X,    N,    N,    N,     N,   N],
  "POST /reviews/{id}/decision":   [L,   X,    X,   X,    X,    N,    N,    N,     N,   N],
  // grants (issue 14, the grant itself): an offered planning grant on the case, paid to the proposed
  // provider; POSTs here are refused or send back their form (nothing is changed)
  "GET /cases/{id}/grants":        [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "POST /cases/{id}/grants/planning": [L, N,   N,   N,    N,    Y,    N,    N,     N,   N],
  "GET /grants":                   [L,   N,    N,   N,    N,    Y,    N,    N,     Y,   Y],
  "GET /grants/{id}":              [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /grants/{id}/letter.pdf":   [L,   Y,    Y,   Y,    Y,    Y,    Y,    Y,     Y,   Y],
  "GET /grants/{id}/issue":        [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "POST /grants/{id}/issue":       [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "GET /grants/{id}/accept":       [L,   N,    N,   N,    N,    Y,    Y,    N,     N,   N],
  "POST /grants/{id}/accept":      [L,   N,    N,   N,    N,    Y,    Y,    N,     N,   N],
  "GET /grants/{id}/withdraw":     [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "POST /grants/{id}/withdraw":    [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "GET /grants/{id}/lines/{n}/{action}": [L, Y, Y,  Y,    Y,    Y,    N,    N,     N,   N],
  "POST /grants/{id}/lines/{n}/{action}": [L, Y, Y, Y,    Y,    Y,    N,    N,     N,   N],
  "GET /cases/{id}/notes":         [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "POST /cases/{id}/notes":        [L,   Y,    Y,   Y,    Y,    N,    N,    N,     N,   N],
  "GET /cases/{id}/notes/{nid}":   [L,   Y,    N,   N,    N,    N,    N,    N,     N,   N],
  "POST /cases/{id}/notes/{nid}":  [L,   Y,    N,   N,    N,    N,    N,    N,     N,   N],
  // the register of supporting organisations and people (issue 12): every internal role reads it; the
  // delivery officer, regional director, delivery partner and administrator keep it
  "GET /providers":                [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /providers/new":            [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /providers/new":           [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /providers/import":         [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /providers/import":        [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /providers/{id}":           [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /providers/{id}/edit":      [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /providers/{id}/edit":     [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /providers/{id}/checks/new":[L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /providers/{id}/checks/new":[L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /providers/{id}/capacity":  [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /providers/{id}/capacity": [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /providers/{id}/contacts/new":[L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /providers/{id}/contacts/new":[L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /providers/{id}/conflicts/new":[L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /providers/{id}/conflicts/new":[L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /providers/{id}/conflicts/remove":[L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /providers/{id}/status":    [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /providers/{id}/status":   [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /people":                   [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /people/new":               [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /people/new":              [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /people/{id}":              [L,   Y,    Y,   Y,    Y,    Y,    N,    N,     Y,   Y],
  "GET /people/{id}/edit":         [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "POST /people/{id}/edit":        [L,   Y,    N,   Y,    Y,    N,    N,    N,     N,   Y],
  "GET /settings/school-holidays": [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /settings/school-holidays": [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /settings/school-holidays/{id}/remove": [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /settings/programmes":      [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /settings/terms":           [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /settings/terms":          [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /admin/outbox":             [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /admin/outbox/test":       [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  // people outside DfE (decision 0016): the invitation link is public (a made-up token is gone)
  "GET /invitation/{token}":       [G,   G,    G,   G,    G,    G,    G,    G,     G,   G],
  "POST /invitation/{token}":      [G,   G,    G,   G,    G,    G,    G,    G,     G,   G],
  "GET /invitations":              [L,   Y,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /invitations/new":          [L,   Y,    N,   N,    N,    N,    N,    N,     N,   Y],
  "POST /invitations/new":         [L,   Y,    N,   N,    N,    N,    N,    N,     N,   Y],
  // the account visited was not invited by the delivery officer (an administrator is told it needs no link)
  "POST /invitations/{id}/resend": [L,   N,    N,   N,    N,    N,    N,    N,     N,   Y],
  "GET /your-cases":               [L,   N,    N,   N,    N,    N,    Y,    Y,     N,   N],
  "GET /your-cases/{id}":          [L,   N,    N,   N,    N,    N,    Y,    Y,     N,   N],
  // the school cannot answer before it has been contacted: back to its case page
  "GET /your-cases/{id}/answer":   [L,   N,    N,   N,    N,    N,    N,    W,     N,   N],
  "POST /your-cases/{id}/answer":  [L,   N,    N,   N,    N,    N,    N,    W,     N,   N],
  // a provider's own answer to a proposal; the school's (or its responsible body's) to a match
  "POST /your-cases/{id}/provider-answer": [L, N, N,   N,    N,    N,    Y,    N,     N,   N],
  "POST /your-cases/{id}/match-answer": [L, N,  N,   N,    N,    N,    N,    Y,     N,   N],
  // issue 14, slice C: claims of days (the case is RISE's: adviser days), budgets, returns and recovery.
  // The proposed (not matched) provider cannot see the case's grants: 404. The grant is paid to the
  // academy's trust (the responsible-body column), which sends its returns.
  "GET /cases/{id}/claims/new":    [L,   Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  "POST /cases/{id}/claims/new":   [L,   Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  "GET /claims":                   [L,   Y,    N,   Y,    N,    Y,    N,    N,     N,   N],
  "GET /claims/{id}":              [L,   Y,    Y,   Y,    Y,    Y,    X,    Y,     Y,   Y],
  "POST /claims/{id}/decision":    [L,   Y,    N,   Y,    N,    Y,    N,    N,     N,   N],
  "POST /claims/{id}/withdraw":    [L,   Y,    Y,   Y,    Y,    N,    X,    N,     N,   N],
  "GET /budgets":                  [L,   N,    N,   N,    N,    Y,    N,    N,     Y,   Y],
  "GET /budgets/edit":             [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "POST /budgets/edit":            [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "GET /grants/{id}/returns/new":  [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "POST /grants/{id}/returns/new": [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "GET /returns/{id}":             [L,   Y,    Y,   Y,    Y,    Y,    X,    Y,     Y,   Y],
  "POST /returns/{id}/submit":     [L,   N,    N,   N,    N,    Y,    X,    N,     N,   N],
  "POST /returns/{id}/check":      [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "GET /grants/{id}/recoveries/new": [L, N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "POST /grants/{id}/recoveries/new": [L, N,   N,   N,    N,    Y,    N,    N,     N,   N],
  "GET /recoveries/{id}":          [L,   N,    N,   N,    N,    Y,    N,    N,     Y,   Y],
  "POST /recoveries/{id}":         [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  // end of slice C
  // payments (issue 14 item 6): the grant team, analysts and admins read them; only the grant team acts.
  // No run or payee exists here (404 for whoever may see one); preparing finds nothing to pay (409)
  "GET /payments":                 [L,   N,    N,   N,    N,    Y,    N,    N,     Y,   Y],
  "POST /payments/runs":           [L,   N,    N,   N,    N,    Y,    N,    N,     N,   N],
  "GET /payments/runs/{id}":       [L,   N,    N,   N,    N,    X,    N,    N,     X,   X],
  "POST /payments/runs/{id}/approve": [L, N,   N,   N,    N,    X,    N,    N,     N,   N],
  "GET /payments/runs/{id}/export.csv": [L, N, N,   N,    N,    X,    N,    N,     N,   N],
  "POST /payments/runs/{id}/paid": [L,   N,    N,   N,    N,    X,    N,    N,     N,   N],
  "POST /payments/runs/{id}/cancel": [L, N,    N,   N,    N,    X,    N,    N,     N,   N],
  "GET /payees":                   [L,   N,    N,   N,    N,    Y,    N,    N,     Y,   Y],
  "GET /payees/{id}":              [L,   N,    N,   N,    N,    X,    N,    N,     X,   X],
  "POST /payees/{id}":             [L,   N,    N,   N,    N,    X,    N,    N,     N,   N],
};
// the responsible body's staff and the stranger, where they differ from the school's
const EXTRA = {
  "GET /your-cases/{id}":          [Y, X],
  "GET /your-cases/{id}/answer":   [W, X],
  "POST /your-cases/{id}/answer":  [W, X],
  "POST /your-cases/{id}/match-answer": [Y, X],
  "GET /plans/{id}":               [Y, X],
  "POST /plans/{id}/band":         [N, X],
  "GET /plans/{id}/compare":       [Y, X],
  "GET /plans/{id}/sign":          [Y, X],
  "POST /plans/{id}/sign":         [Y, X],
  "GET /grants/{id}":              [Y, X],
  "GET /grants/{id}/letter.pdf":   [Y, X],
  "GET /grants/{id}/accept":       [N, X],
  "POST /grants/{id}/accept":      [N, X],
  // slice C: the trust is the grant's payee
  "GET /claims/{id}":              [Y, X],
  "GET /returns/{id}":             [Y, X],
  "POST /returns/{id}/submit":     [Y, X],
};
const expected = (key) => [...EXPECT[key], ...(EXTRA[key] || EXTRA_COLUMNS.map(() => EXPECT[key][BASE_COLUMNS.indexOf("school")]))];
/* eslint-enable prettier/prettier */

/** The routes declared in routes.c, as "METHOD /pattern", in table order. */
function routesFromSource() {
  const src = readFileSync(join(SOURCE_DIR, "src/web/routes.c"), "utf8");
  const table = src.match(/const\s+Route\s+ROUTES\[\]\s*=\s*\{([\s\S]*?)\n\};/);
  assert.ok(table, "could not find the ROUTES table in src/web/routes.c");
  const routes = [...table[1].matchAll(/\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*(PERM_[A-Z_]+)\s*,\s*(\w+)\s*\}/g)].map(
    (m) => ({ key: `${m[1]} ${m[2]}`, method: m[1], pattern: m[2], perm: m[3], handler: m[4] }),
  );
  // every "{" entry in the table must have been understood by the regex above
  const entries = (table[1].match(/\{\s*"/g) || []).length;
  assert.equal(routes.length, entries, "a ROUTES entry in routes.c has a shape this test cannot read");
  return routes;
}

/** Throws, naming them, when routes and the expectation table disagree. */
function checkCoverage(routes, expect) {
  const keys = new Set(routes.map((r) => r.key));
  const missing = routes.filter((r) => !(r.key in expect)).map((r) => r.key);
  const stale = Object.keys(expect).filter((k) => !keys.has(k));
  const problems = [];
  if (missing.length)
    problems.push(`routes in src/web/routes.c with no row in the permission table: ${missing.join(", ")}`);
  if (stale.length) problems.push(`rows in the permission table for routes that no longer exist: ${stale.join(", ")}`);
  for (const [k, row] of Object.entries(expect)) {
    if (!Array.isArray(row) || row.length !== BASE_COLUMNS.length || !row.every((o) => [Y, N, L, H, G, S, X, W].includes(o)))
      problems.push(`the row for ${k} must give one of Y/N/L/H/G/S/X/W for each of: ${BASE_COLUMNS.join(", ")}`);
  }
  if (problems.length)
    throw new Error(
      `${problems.join("\n")}\nSay what each role should get from each new route in EXPECT in tests/http/permissions.test.mjs` +
        " (and give concretePath() a real object for any new {placeholder}).",
    );
}

/** A concrete URL for a route pattern: {id} is a real object of the kind the URL is about. */
function concretePath(pattern, ids) {
  let p = pattern
    .replace(/^\/cases\/\{id\}\/concerns\/\{cid\}/, `/cases/${ids.case}/concerns/${ids.concern}`)
    .replace(/^\/cases\/\{id\}\/contacts\/\{cid\}/, `/cases/${ids.case}/contacts/${ids.contact}`)
    .replace(/^\/cases\/\{id\}\/notes\/\{nid\}/, `/cases/${ids.case}/notes/${ids.note}`)
    .replace(/^\/cases\/\{id\}\/decisions\/\{did\}/, `/cases/${ids.case}/decisions/${ids.decision}`)
    .replace(/^\/cases\/\{id\}\/tasks\/\{code\}/, `/cases/${ids.case}/tasks/contact-rb`)
    .replace(/^\/cases\/\{id\}/, `/cases/${ids.case}`)
    .replace(/^\/settings\/school-holidays\/\{id\}/, `/settings/school-holidays/${ids.holiday}`)
    .replace("{type}/{id}", `user/${ids.user}`)
    .replace("/password-reset/{token}", `/password-reset/${"0".repeat(64)}`)
    .replace("/invitation/{token}", `/invitation/${"0".repeat(64)}`)
    .replace(/^\/invitations\/\{id\}/, `/invitations/${ids.user}`)
    .replace(/^\/your-cases\/\{id\}/, `/your-cases/${ids.case}`)
    .replace(/^\/plans\/\{id\}/, `/plans/${ids.case}`)
    .replace("/edit/{section}", "/edit/funding")
    .replace("/versions/{v}", "/versions/1")
    .replace(/\/(actions|objectives|recommendations)\/\{n\}/, "/$1/1")
    .replace(/^\/reviews\/\{id\}/, "/reviews/999")
    .replace(/^\/grants\/\{id\}\/lines\/\{n\}\/\{action\}/, `/grants/${ids.grant}/lines/1/withhold`)
    .replace(/^\/grants\/\{id\}/, `/grants/${ids.grant}`)
    // slice C: a claim, a grant, a return and a recovery on the case
    .replace(/^\/claims\/\{id\}/, `/claims/${ids.claim}`)
    .replace(/^\/returns\/\{id\}/, `/returns/${ids.ret}`)
    .replace(/^\/recoveries\/\{id\}/, `/recoveries/${ids.recovery}`)
    .replace(/^\/imports\/\{id\}/, `/imports/${ids.import}`)
    // payments (issue 14 item 6): a run and a payee that do not exist
    .replace(/^\/payments\/runs\/\{id\}/, "/payments/runs/999")
    .replace(/^\/payees\/\{id\}/, "/payees/999")
    .replace(/^\/providers\/\{id\}/, "/providers/7")
    .replace(/^\/people\/\{id\}/, "/people/8")
    .replace(/^\/schools\/\{urn\}/, "/schools/100000")
    .replace(/^\/trusts\/\{uid\}/, "/trusts/5000")
    .replace("/screening/{programme}/{kind}/{id}", "/screening/rise/school/100000")
    .replace("/screening/{programme}", "/screening/rise")
    .replace(/^\/users\/\{id\}/, `/users/${ids.user}`)
    .replace(/\*$/, "rise.css");
  if (/[{}*]/.test(p)) throw new Error(`no test value for the placeholders in ${pattern}: add one to concretePath()`);
  return p;
}

// --- the scope of screening decisions (issue 10) -----------------------------
// A screening decision is read within the region recorded with it, not the
// region GIAS gives the school today. Besides the users above (regional roles
// in the North West), three regional users of Yorkshire and the Humber read
// the pages that show decisions: a school and a trust decided in Yorkshire, a
// school decided in the North West, and one decided in the North West that a
// later GIAS import moved into Yorkshire.
const YORKSHIRE = "Yorkshire and the Humber";
const SCOPE_SCHOOLS = [
  [100100, "Yorkshire Decided School", "Open", "Academies", "Academy converter", YORKSHIRE, "01-09-2010", "Leeds"],
  [100200, "Moving School", "Open", "Academies", "Academy converter", "North West", "01-09-2010", "Lancashire"],
];
const ELSEWHERE = [
  ["delivery-officer", "Yorkshire Officer"],
  ["regional-director", "Yorkshire Director"],
  ["delivery-partner", "Yorkshire Partner"],
];
const SCOPE_COLUMNS = [...BASE_COLUMNS, ...ELSEWHERE.map(([role]) => `${role} (${YORKSHIRE})`)];

// What each reader sees of the decision on the page.
//   F  the decision in full: its reason, who decided and the link to its case
//   R  only that one was recorded, and by which region's team: no reason, no
//      decider and no link to the case
//   N  refused (403), L  sign-in
const F = "F";
const R = "R";

/* eslint-disable prettier/prettier */
const SCOPE_EXPECT = [
  // page                                decision  anon dlv-o adv reg-d dlv-p grant sup-o school anal admin | Yorkshire: dlv-o reg-d dlv-p
  ["/schools/100000",                    "north-west", [L, F,   F,  F,    F,    F,    N,    N,     F,   F,      R,   R,    R]],
  ["/screening/rise/school/100000",      "north-west", [L, F,   N,  F,    F,    N,    N,    N,     F,   F,      R,   R,    R]],
  ["/schools/100100",                    "yorkshire",  [L, R,   R,  R,    R,    F,    N,    N,     F,   F,      F,   F,    F]],
  ["/screening/rise/school/100100",      "yorkshire",  [L, R,   N,  R,    R,    N,    N,    N,     F,   F,      F,   F,    F]],
  ["/trusts/5100",                       "trust",      [L, R,   R,  R,    R,    F,    N,    N,     F,   F,      F,   F,    F]],
  ["/screening/tsio-2022-23/trust/5100", "trust",      [L, R,   N,  R,    R,    N,    N,    N,     F,   F,      F,   F,    F]],
  // decided in the North West, then GIAS moved the school to Yorkshire
  ["/schools/100200",                    "moved",      [L, F,   R,  F,    F,    F,    N,    N,     F,   F,      R,   R,    R]],
  ["/screening/rise/school/100200",      "moved",      [L, F,   N,  F,    F,    N,    N,    N,     F,   F,      R,   R,    R]],
];
/* eslint-enable prettier/prettier */

const decisions = {}; // name -> { reason, by, region, caseId }
const elsewhere = {}; // column -> { client, token }

/** Records the decisions the scope table reads, each by a real form, and moves one school. */
async function decisionsInTwoRegions(northWestOfficer) {
  await Promise.all(
    ELSEWHERE.map(async ([role, name], i) => {
      const u = await addUserAsync(server, { role, name, region: YORKSHIRE });
      const c = new Client(server.url);
      assert.equal((await c.login(u.email, u.password)).status, 303, `sign in as ${name}`);
      elsewhere[SCOPE_COLUMNS[BASE_COLUMNS.length + i]] = { client: c, token: csrfFrom((await c.get("/")).text) };
    }),
  );
  const yorks = elsewhere[SCOPE_COLUMNS[BASE_COLUMNS.length]];
  const nw = clients["delivery-officer"];
  const add = async (who, programme, form) => {
    const r = await who.client.post(`/screening/${programme}/exception`, { csrf_token: who.token, source: "self-identified", ...form });
    assert.equal(r.status, 303, `add ${form.kind} ${form.id} by exception: ${r.status} ${r.text.slice(0, 300)}`);
  };
  await add(yorks, "rise", { kind: "school", id: "100100", category: "targeted", reason: "Yorkshire school reason" });
  await add(yorks, "tsio-2022-23", { kind: "trust", id: "5100", reason: "Yorkshire trust reason" });
  await add(nw, "rise", { kind: "school", id: "100200", category: "targeted", reason: "North West reason before the move" });
  const caseOf = (kind, id) => Number(sqliteRows(server.db, `SELECT id FROM cases WHERE subject_kind = '${kind}' AND subject_id = ${id}`)[0][0]);
  Object.assign(decisions, {
    "north-west": { reason: "Named by the regional director", by: northWestOfficer.name, region: "North West", caseId: caseIds.case },
    yorkshire: { reason: "Yorkshire school reason", by: "Yorkshire Officer", region: YORKSHIRE, caseId: caseOf("school", 100100) },
    trust: { reason: "Yorkshire trust reason", by: "Yorkshire Officer", region: YORKSHIRE, caseId: caseOf("trust", 5100) },
    moved: { reason: "North West reason before the move", by: northWestOfficer.name, region: "North West", caseId: caseOf("school", 100200) },
  });
  // each decision records the region it was made in
  assert.deepEqual(
    sqliteRows(server.db, "SELECT subject_kind, subject_id, region FROM screening_decisions ORDER BY id"),
    [["school", "100000", "North West"], ["school", "100100", YORKSHIRE], ["trust", "5100", YORKSHIRE], ["school", "100200", "North West"]],
  );
  // GIAS moves the school to Yorkshire
  const dir = mkdtempSync(join(tmpdir(), "rise-perm-"));
  writeFileSync(join(dir, "gias.csv"), "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name)," +
    "TypeOfEstablishment (name),GOR (name),OpenDate,LA (name)\n" +
    "100200,Moving School,Open,Academies,Academy converter,Yorkshire and the Humber,01-09-2010,Leeds\n");
  const moved = rise(["import", "gias", "--db", server.db, join(dir, "gias.csv")]);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(moved.status, 0, moved.stderr);
  assert.deepEqual(sqliteRows(server.db, "SELECT region FROM schools WHERE urn = 100200"), [[YORKSHIRE]]);
}

const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** F, R, N or L for what a response shows of decision d; anything else is described. */
function decisionSeen(r, d) {
  if (r.status === 403) return N;
  if (r.status === 303 && (r.location || "").startsWith("/login")) return L;
  if (r.status !== 200) return `status ${r.status}`;
  const reason = r.text.includes(d.reason);
  const by = new RegExp(`${escapeRe(d.by)}(?!\\d)`).test(r.text);
  const link = r.text.includes(`href="/cases/${d.caseId}"`);
  const noted = new RegExp(`A decision (was|has been) recorded by the ${escapeRe(d.region)} team`).test(r.text);
  if (reason && by && link) return F;
  if (noted && !reason && !by && !link) return R;
  return `reason ${reason ? "shown" : "hidden"}, decider ${by ? "shown" : "hidden"}, case link ${link ? "shown" : "hidden"},` +
    ` ${noted ? "" : "no "}note of the region`;
}

let server;
const clients = {}; // column -> { client, token }
let targetId; // the user whose pages are visited
let importId; // an uploaded reference data file whose page is visited
const caseIds = {}; // a case and its decision, concern, contact and note; a school holiday

before(async () => {
  server = await startServer();
  sqlite(server.db, "INSERT INTO organisations (id, name, kind, created_at, created_by) VALUES" +
    " (7, 'Proposed Support', 'supporting-organisation', '2026-01-01', 'test')");
  // a person in the register (issue 12), whose pages are at /people/8
  sqlite(server.db, "INSERT INTO organisations (id, name, kind, created_at, created_by, org_type) VALUES" +
    " (8, 'Registered Person', 'system-leader', '2026-01-01', 'test', 'person');" +
    " INSERT INTO leaders (organisation_id, designation) VALUES (8, 'nle')");
  const linked = {
    "supporting-organisation": { organisation: "7", orgKind: "provider" },
    school: { organisation: "100000", orgKind: "school" },
  };
  const users = await Promise.all([
    ...ROLES.map((role) => addUserAsync(server, { role, ...linked[role] })),
    addUserAsync(server, { role: "school", organisation: "5000", orgKind: "trust", name: "Trust Staff" }),
    addUserAsync(server, { role: "school", organisation: "100100", orgKind: "school", name: "Other School Staff" }),
  ]);
  users.at(-2).column = "responsible-body";
  users.at(-1).column = "other-school";
  // a separate account whose pages everyone tries to reach
  const target = await addUserAsync(server, { role: "school", name: "Target Person" });
  targetId = target.id;
  assert.ok(targetId > 0);
  await Promise.all(
    users.map(async (u) => {
      const c = new Client(server.url);
      const r = await c.login(u.email, u.password);
      const col = u.column || u.role;
      assert.equal(r.status, 303, `sign in as ${col}`);
      const home = await c.get("/");
      assert.equal(home.status, 200, `${col} reaches the home page`);
      clients[col] = { client: c, token: csrfFrom(home.text) };
      assert.ok(clients[col].token, `${col}'s home page has a CSRF token (sign-out form)`);
    }),
  );
  // an administrator uploads a (tiny) file, so that /imports/{id} names a real upload
  const admin = clients.admin;
  const upload = new FormData();
  upload.append("kind", "links");
  upload.append("file", new Blob(["URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n"], { type: "text/csv" }), "links.csv");
  // an upload's CSRF token is in its address (checked before the body is read)
  const up = await admin.client.request("POST", `/imports/new?csrf_token=${admin.token}`, {
    body: upload,
    headers: { Origin: server.url },
  });
  assert.equal(up.status, 303, `upload a file: ${up.status}`);
  importId = Number(up.location.match(/^\/imports\/(\d+)$/)?.[1]);
  assert.ok(importId > 0, `the upload has a page: ${up.location}`);
  // a school and a trust, so that /schools/{urn} and /trusts/{uid} name real ones
  const dir = mkdtempSync(join(tmpdir(), "rise-perm-"));
  writeFileSync(
    join(dir, "gias.csv"),
    "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
      "GOR (name),OpenDate,LA (name),Trusts (code)\n" +
      "100000,The Test School,Open,Academies,Academy converter,North West,01-09-2010,Lancashire,5000\n" +
      SCOPE_SCHOOLS.map((row) => row.join(",") + ",\n").join(""),
  );
  writeFileSync(join(dir, "groups.csv"), "Group UID,Group Name,Group Type\n5000,The Test Trust,Multi-academy trust\n" +
    "5100,The Yorkshire Trust,Multi-academy trust\n");
  writeFileSync(join(dir, "links.csv"), "URN,Group UID,Joined date,Group Name,Group Type\n" +
    "100100,5100,2015-09-01,The Yorkshire Trust,Multi-academy trust\n");
  for (const [kind, f] of [["gias", "gias.csv"], ["groups", "groups.csv"], ["group-links", "links.csv"]]) {
    const r = rise(["import", kind, "--db", server.db, join(dir, f)]);
    assert.equal(r.status, 0, `import ${f}: ${r.stderr}`);
  }
  rmSync(dir, { recursive: true, force: true });
  // the delivery officer opens a RISE case for that school (in their region) by exception
  const dlv = clients["delivery-officer"];
  const opened = await dlv.client.post("/screening/rise/exception", {
    csrf_token: dlv.token, kind: "school", id: "100000", source: "regional-director", category: "targeted",
    reason: "Named by the regional director",
  });
  assert.equal(opened.status, 303, `open a case: ${opened.status} ${opened.text.slice(0, 300)}`);
  const [[caseId, decisionId]] = sqliteRows(server.db,
    "SELECT c.id, d.id FROM cases c JOIN case_decisions d ON d.case_id = c.id AND d.type = 'category'");
  sqlite(server.db, `INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${caseId}, 7, 'proposed', '2026-01-01')`);
  const adviser = users.find((u) => u.role === "adviser");
  const officer = users.find((u) => u.role === "delivery-officer");
  const setup = sqlite(server.db,
    `UPDATE cases SET adviser_id = ${adviser.id} WHERE id = ${caseId};` +
    `INSERT INTO case_concerns (case_id, summary, details, raised_on, raised_by) VALUES (${caseId}, 'Refused', 'No reply', '2026-11-02', 'x');` +
    `INSERT INTO case_contacts (case_id, organisation_kind, name, role, added_at, added_by) VALUES (${caseId}, 'school', 'A Head', 'Headteacher', '2026-11-02T00:00:00Z', 'x');` +
    `INSERT INTO case_notes (case_id, body, author_id, author, created_at) VALUES (${caseId}, 'First call', ${officer.id}, 'x', '2026-11-02T00:00:00Z');` +
    `INSERT INTO school_holidays (name, starts_on, ends_on, added_at, added_by) VALUES ('Half term', '2026-10-26', '2026-10-30', '2026-10-01T00:00:00Z', 'x');`);
  assert.equal(setup.status, 0, setup.stderr);
  const one = (sql) => Number(sqliteRows(server.db, sql)[0][0]);
  Object.assign(caseIds, {
    case: Number(caseId), decision: Number(decisionId),
    concern: one("SELECT max(id) FROM case_concerns"), contact: one("SELECT max(id) FROM case_contacts"),
    note: one("SELECT max(id) FROM case_notes"), holiday: one("SELECT max(id) FROM school_holidays"),
  });
  // an offered planning grant (issue 14) paid to the proposed provider, with its letter and one payment
  const grant = sqlite(server.db,
    `INSERT INTO payees (id, kind, ref, name) VALUES (1, 'provider', '7', 'Proposed Support');` +
    `INSERT INTO grants (id, case_id, kind, programme, region, payee_id, status, total, year, offered, scheduled,` +
    ` letter_pdf, offered_at, offered_by, created_at, created_by, updated_at) VALUES (1, ${caseId}, 'planning', 'rise',` +
    ` 'North West', 1, 'offered', 300000, '2026-27', 300000, 300000, X'255044462D312E340A', '2026-11-02T00:00:00Z',` +
    ` 'x', '2026-11-02T00:00:00Z', 'x', '2026-11-02T00:00:00Z');` +
    `INSERT INTO grant_lines (grant_id, position, label, amount, pay_when, term, expected_on, status) VALUES` +
    ` (1, 1, 'Planning grant (paid up front)', 300000, 'up-front', 0, '2026-11-16', 'scheduled');` +
    `INSERT INTO grant_ledger (grant_id, line_id, op, to_bucket, amount, prepared_by, at) VALUES` +
    ` (1, 1, 'offer', 'scheduled', 300000, 'x', '2026-11-02T00:00:00Z');`);
  assert.equal(grant.status, 0, grant.stderr);
  caseIds.grant = 1;
  const anon = new Client(server.url);
  clients.anonymous = { client: anon, token: await anon.csrf("/login") };
  assert.ok(clients.anonymous.token);
  await decisionsInTwoRegions(officer);
  sliceCObjects();
});

// slice C (issue 14): the case's claim of adviser days, a grant paid to the academy's trust, a return
// asked of it and a recovery, so that their pages name real ones
function sliceCObjects() {
  const c = caseIds.case;
  const r = sqlite(server.db,
    "INSERT INTO payees (id, kind, ref, name) VALUES (901, 'trust', '5000', 'The Test Trust')," +
    ` (902, 'person', (SELECT adviser_id FROM cases WHERE id = ${c}), 'The adviser');` +
    "INSERT INTO grants (id, case_id, kind, programme, region, payee_id, status, total, year, created_at, created_by," +
    ` updated_at) VALUES (901, ${c}, 'planning', 'rise', 'North West', 901, 'accepted', 300000, '2026-27', 'x', 'x', 'x');` +
    "INSERT INTO grant_claims (id, case_id, days_kind, payee_id, halves, from_on, to_on, activities, day_rate, amount," +
    ` status, submitted_by, submitted_at) VALUES (901, ${c}, 'adviser', 902, 2, '2026-11-02', '2026-11-02', 'A visit',` +
    " 60000, 60000, 'submitted', 'x', '2026-11-03T00:00:00Z');" +
    "INSERT INTO grant_returns (id, grant_id, kind, period, status, due_on, requested_by, requested_at) VALUES" +
    " (901, 901, 'assurance', '2026-27', 'requested', '2027-04-30', 'x', 'x');" +
    "INSERT INTO grant_recoveries (id, grant_id, amount, reason, status, requested_by, requested_at, updated_by," +
    " updated_at) VALUES (901, 901, 100, 'Underspend', 'requested', 'x', 'x', 'x', 'x');");
  assert.equal(r.status, 0, r.stderr);
  Object.assign(caseIds, { claim: 901, ret: 901, recovery: 901 });
}

after(async () => {
  if (server) await stopCleanly(server);
});

test("every route in routes.c has an expected outcome for every role, and no row is stale", () => {
  const routes = routesFromSource();
  assert.ok(routes.length >= 20, `read ${routes.length} routes from routes.c`);
  checkCoverage(routes, EXPECT);
});

test("a route added to routes.c without a row in the table makes the matrix fail loudly", () => {
  const routes = routesFromSource();
  // (a made-up route: /grants/{id} is real since issue 14)
  const withNew = [...routes, { key: "GET /made-up/{id}", method: "GET", pattern: "/made-up/{id}" }];
  assert.throws(() => checkCoverage(withNew, EXPECT), /no row in the permission table: (.*, )?GET \/made-up\/\{id\}/);
  const { ["GET /audit"]: _gone, ...withoutAudit } = EXPECT;
  assert.throws(() => checkCoverage(routes, withoutAudit), /GET \/audit/);
  assert.throws(() => concretePath("/made-up/{id}", { user: 1, import: 1 }), /no test value/);
});

test("a screening decision is read within the region recorded with it, wherever the school is now", async (t) => {
  for (const [path, name, row] of SCOPE_EXPECT) {
    await t.test(`GET ${path} (${name} decision)`, async () => {
      assert.equal(row.length, SCOPE_COLUMNS.length, `one outcome per reader for ${path}`);
      const d = decisions[name];
      const failures = [];
      for (const [i, col] of SCOPE_COLUMNS.entries()) {
        const { client } = clients[col] || elsewhere[col];
        const got = decisionSeen(await client.get(path), d);
        if (got !== row[i]) failures.push(`${col}: expected ${row[i]}, got ${got}`);
      }
      assert.deepEqual(failures, [], path);
    });
  }
});

test("each role gets exactly the outcome in the table on every route", async (t) => {
  // routes without a row fail the first test; check every route that has one
  const routes = routesFromSource().filter((r) => r.key in EXPECT);
  // GETs first, then POSTs, and signing out last so each session lasts the run
  const order = (r) => (r.key === "POST /logout" ? 2 : r.method === "POST" ? 1 : 0);
  const sorted = [...routes].sort((a, b) => order(a) - order(b));
  for (const route of sorted) {
    await t.test(route.key, async () => {
      const path = concretePath(route.pattern, { user: targetId, import: importId, ...caseIds });
      const failures = [];
      for (const [i, col] of COLUMNS.entries()) {
        const want = expected(route.key)[i];
        const { client, token } = clients[col];
        const r =
          route.method === "GET"
            ? await client.get(path)
            : await client.post(path, { csrf_token: token });
        const got = describe(r);
        const ok = matches(want, route.method, path, r);
        if (!ok) failures.push(`${col}: expected ${explain(want, route.method)}, got ${got}`);
      }
      assert.deepEqual(failures, [], `${route.key} (${path})`);
    });
  }
});

function describe(r) {
  return r.location ? `${r.status} -> ${r.location}` : String(r.status);
}

function explain(want, method) {
  return {
    Y: method === "GET" ? "200" : "the form to be taken in (not 403/sign-in/5xx)",
    N: "403",
    L: "303 to /login",
    H: "303 to /",
    G: "410 for a link that does not work",
    X: "404",
    W: "303 to the case's own page",
    S: "303 to /login",
  }[want];
}

function matches(want, method, path, r) {
  switch (want) {
    case Y:
      if (method === "GET") return r.status === 200;
      return r.status !== 403 && r.status < 500 && !(r.location || "").startsWith("/login?next=") && r.location !== "/login";
    case N:
      return r.status === 403 && /You do not have permission to see this page/.test(r.text);
    case L:
      if (r.status !== 303) return false;
      if (method === "GET") return r.location === `/login?next=${encodeURIComponent(path)}`;
      return r.location === "/login";
    case H:
      return r.status === 303 && r.location === "/";
    case G:
      return r.status === 410 && /This (link|invitation) has expired or has already been used/.test(r.text);
    case X:
      return r.status === 404;
    case W:
      return r.status === 303 && r.location === path.replace(/\/answer$/, "");
    case S:
      return r.status === 303 && r.location === "/login";
    default:
      return false;
  }
}
