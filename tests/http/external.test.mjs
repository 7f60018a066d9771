// external.test.mjs - people outside DfE (issue 11, items 4, 5 and 7;
// docs/decisions/0016): a delivery officer invites a school's staff from the
// case; the link works once and sets a password, then two-factor; the
// school sees only its own cases, on its own pages, and answers the offer of
// support, which the delivery officer is told of; a trust's and a local
// authority's staff see their schools' cases; a supporting organisation
// sees only the cases it is proposed for and cannot answer; a delivery
// officer invites only in their region; a new link replaces the old; an
// account no longer on an open case is told and later closed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom, Client, addUserAsync, PASSWORD,
} from "../lib/harness.mjs";

let server, officer, director, admin;
let maintainedCase, academyCase;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name)\n" +
  "170001,Brook Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,\n" +
  "170002,Moor Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,Not applicable,4100,Moor Learning Trust\n" +
  "170003,Thames Primary School,Open,Local authority maintained schools,Community school,London,202,Camden,01-09-1990,Not applicable,,\n";

const d = new Date();
const date = (prefix) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});

async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}

function errorSummary(html) {
  return [...html.matchAll(/<li><a href="(#[^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
}

async function openCase(urn) {
  const r = await post(officer.client, "/screening/rise/exception", {
    kind: "school", id: String(urn), source: "regional-director", category: "targeted", reason: "Named by the director",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  return Number(sqliteRows(server.db, `SELECT id FROM cases WHERE subject_id = ${urn}`)[0][0]);
}

/* The category approved, the responsible body and the school contacted: the school can now answer. */
async function readyForAnswer(caseId) {
  const did = sqliteRows(server.db, `SELECT max(id) FROM case_decisions WHERE case_id = ${caseId} AND type = 'category'`)[0][0];
  let r = await post(director.client, `/cases/${caseId}/decisions/${did}`, { approval: "approved", note: "Agreed" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officer.client, `/cases/${caseId}/tasks/contact-rb`, {
    ...date("f-on"), complete: "yes", "f-who": "The director of children's services", "f-plans": "A plan",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officer.client, `/cases/${caseId}/tasks/contact-school`, { ...date("f-on"), complete: "yes", "f-who": "Head" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
}

/* The newest invitation email to an address: its link's path. */
function invitationLink(email) {
  const rows = sqliteRows(server.db,
    `SELECT personalisation FROM outbox WHERE template_key = 'invitation' AND recipient = '${email}' ORDER BY id DESC LIMIT 1`);
  assert.equal(rows.length, 1, `an invitation email to ${email}`);
  const link = JSON.parse(rows[0][0]).link;
  return link.replace(/^https?:\/\/[^/]+/, "");
}

function auditActions(userId) {
  return sqliteRows(server.db, `SELECT action FROM audit WHERE object_type = 'user' AND object_id = '${userId}' ORDER BY id`).map((r) => r[0]);
}

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  [officer, director, admin] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer" }),
    signedIn(server, { role: "regional-director", name: "Reg Director" }),
    signedIn(server, { role: "admin", name: "Ada Admin" }),
  ]);
  maintainedCase = await openCase(170001);
  academyCase = await openCase(170002);
  await readyForAnswer(maintainedCase);
  await readyForAnswer(academyCase);
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("a delivery officer invites the headteacher from the case; the link sets a password, then two-factor", async () => {
  const contacts = await officer.client.get(`/cases/${maintainedCase}/contacts`);
  assert.match(contacts.text, /People outside DfE who can see this case/);
  assert.match(contacts.text, new RegExp(`href="/invitations/new\\?case=${maintainedCase}&amp;for=school"`));
  assert.match(contacts.text, /Invite someone from the local authority/, "a maintained school's responsible body is its LA");
  const form = await officer.client.get(`/invitations/new?case=${maintainedCase}&for=school`);
  assert.equal(form.status, 200);
  assert.match(form.text, /name="urn"[^>]*value="170001"/, "the school's URN is filled in");

  // errors: the GOV.UK summary, input kept
  let r = await officer.client.post("/invitations/new", {
    csrf_token: csrfFrom(form.text), case: String(maintainedCase), kind: "school", urn: "170001", name: "", email: "not an email",
  });
  assert.equal(r.status, 400);
  assert.deepEqual(errorSummary(r.text).map((e) => e[0]), ["#name", "#email"]);
  assert.match(r.text, /value="not an email"/);
  r = await officer.client.post("/invitations/new", {
    csrf_token: csrfFrom(form.text), case: String(maintainedCase), kind: "school", urn: "999999", name: "Pat Head", email: "x@school.example",
  });
  assert.equal(r.status, 400);
  assert.match(r.text, /There is no school with this URN in the reference data/);

  r = await officer.client.post("/invitations/new", {
    csrf_token: csrfFrom(form.text), case: String(maintainedCase), kind: "school", urn: "170001",
    name: "Pat Head", email: "pat.head@brook.example",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(r.location, `/cases/${maintainedCase}/contacts`);
  const listed = await officer.client.get(`/cases/${maintainedCase}/contacts`);
  assert.match(listed.text, /Pat Head \(pat\.head@brook\.example\), the school: invited, not yet accepted/);
  const inv = await officer.client.get("/invitations");
  assert.match(inv.text, /Pat Head/);
  assert.match(inv.text, /Waiting to be accepted/);
  assert.match(inv.text, /Brook Primary School \(URN 170001\)/);
  // taken email
  r = await officer.client.post("/invitations/new", {
    csrf_token: csrfFrom(form.text), kind: "school", urn: "170001", name: "Pat Again", email: "PAT.HEAD@brook.example",
  });
  assert.equal(r.status, 400);
  assert.match(r.text, /There is already an account with this email address/);

  const uid = sqliteRows(server.db, "SELECT id FROM users WHERE email = 'pat.head@brook.example'")[0][0];
  // no password yet: signing in fails like a wrong password
  const early = new Client(server.url);
  const tried = await early.login("pat.head@brook.example", PASSWORD);
  assert.notEqual(tried.location, "/");

  const link = invitationLink("pat.head@brook.example");
  assert.match(link, /^\/invitation\/[0-9a-f]{64}$/);
  const c = new Client(server.url);
  const page = await c.get(link);
  assert.equal(page.status, 200);
  assert.match(page.text, /Set up your account/);
  assert.match(page.text, /Brook Primary School \(URN 170001\)/);
  r = await c.post(link, { csrf_token: csrfFrom(page.text), password: "short", confirm: "short" });
  assert.equal(r.status, 400);
  assert.match(r.text, /There is a problem/);
  r = await c.post(link, { csrf_token: csrfFrom(page.text), password: PASSWORD, confirm: PASSWORD });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, "/login/two-factor/set-up");
  const done = await c.setUpTwoFactor("pat.head@brook.example");
  assert.equal(done.status, 200);
  assert.equal(c.recoveryCodes.length, 10);
  assert.equal((await c.get("/")).status, 200);
  // the link works once
  const again = await new Client(server.url).get(link);
  assert.equal(again.status, 410);
  const actions = auditActions(uid);
  for (const a of ["user.invited", "user.invitation-accepted", "user.two-factor.set-up"]) assert.ok(actions.includes(a), `${a} in ${actions}`);
});

test("the school sees only its own case, on its own pages, and answers; the delivery officer is told", async () => {
  const head = await signedIn(server, { role: "school", organisation: "170001", orgKind: "school", name: "Sam Deputy" });
  const list = await head.client.get("/your-cases");
  assert.equal(list.status, 200);
  assert.match(list.text, /Brook Primary School/);
  assert.doesNotMatch(list.text, /Moor Academy/);
  assert.match(list.text, /Your answer is needed/);
  // never the caseworkers' pages, nor another school's
  assert.equal((await head.client.get(`/cases/${maintainedCase}`)).status, 403);
  assert.equal((await head.client.get(`/cases/${maintainedCase}/notes`)).status, 403);
  assert.equal((await head.client.get(`/your-cases/${academyCase}`)).status, 404);
  assert.equal((await head.client.get(`/your-cases/${academyCase}/answer`)).status, 404);
  assert.equal((await head.client.get("/schools")).status, 403);

  const page = await head.client.get(`/your-cases/${maintainedCase}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Dana Officer/, "their contact at DfE");
  assert.doesNotMatch(page.text, /Named by the director/, "no internal rationale");
  assert.doesNotMatch(page.text, /A plan/, "no task records");

  // errors keep what was typed
  let r = await post(head.client, `/your-cases/${maintainedCase}/answer`, { answer: "" });
  assert.equal(r.status, 400);
  assert.deepEqual(errorSummary(r.text), [["#answer", "Select yes if you accept the support"]]);
  r = await post(head.client, `/your-cases/${maintainedCase}/answer`, { answer: "declined", reason: "" });
  assert.equal(r.status, 400);
  assert.deepEqual(errorSummary(r.text), [["#reason", "Tell us why you do not accept the support"]]);
  assert.match(r.text, /value="declined" checked/);

  r = await post(head.client, `/your-cases/${maintainedCase}/answer`, { answer: "accepted", reason: "Governors agreed on Monday" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const after = await head.client.get(r.location);
  assert.match(after.text, /your answer has been sent/);
  assert.match(after.text, /The support was accepted on/);
  assert.doesNotMatch(after.text, /Give your answer/);
  // the same task and decision a caseworker records, said to be the school's own
  const task = sqliteRows(server.db, `SELECT status FROM case_tasks WHERE case_id = ${maintainedCase} AND code = 'school-response'`)[0][0];
  assert.equal(task, "completed");
  const dec = sqliteRows(server.db, `SELECT outcome, rationale FROM case_decisions WHERE case_id = ${maintainedCase} AND type = 'school-response'`);
  assert.equal(dec.at(-1)[0], "Accepted support (given by the school in the service)");
  assert.match(dec.at(-1)[1], /Governors agreed on Monday/);
  // the delivery officer is told: an email and their home page
  const mail = sqliteRows(server.db, `SELECT recipient, personalisation FROM outbox WHERE template_key = 'school-answered'`);
  assert.equal(mail.length, 1);
  assert.equal(mail[0][0], officer.user.email);
  assert.match(JSON.parse(mail[0][1]).what, /Accepted support/);
  const home = await officer.client.get("/");
  assert.match(home.text, /Answers from schools/);
  assert.match(home.text, /Brook Primary School<\/a>: Accepted support \(given by the school in the service\)/);
  // a second answer is refused
  const second = await head.client.get(`/your-cases/${maintainedCase}/answer`);
  assert.equal(second.status, 303);
});

test("a caseworker's record of the answer is on the school's behalf", async () => {
  const r = await post(officer.client, `/cases/${academyCase}/tasks/school-response`, {
    ...date("f-on"), "f-outcome": "declined", "f-reason": "They want to wait for the new head",
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const dec = sqliteRows(server.db, `SELECT outcome FROM case_decisions WHERE case_id = ${academyCase} AND type = 'school-response'`);
  assert.equal(dec.at(-1)[0], "Declined support (recorded on the school's behalf)");
  assert.equal(sqliteRows(server.db, "SELECT count(*) FROM outbox WHERE template_key = 'school-answered'")[0][0], "1", "no email for the caseworker's own record");
});

test("a trust's and a local authority's staff see their schools' cases only", async () => {
  const trust = await signedIn(server, { role: "school", organisation: "4100", orgKind: "trust" });
  let l = await trust.client.get("/your-cases");
  assert.match(l.text, /Moor Academy/);
  assert.doesNotMatch(l.text, /Brook Primary School/);
  assert.equal((await trust.client.get(`/your-cases/${maintainedCase}`)).status, 404);
  const page = await trust.client.get(`/your-cases/${academyCase}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /The support was declined on/);
  assert.match(page.text, /Change your answer/, "the responsible body may answer for its academy");

  const la = await signedIn(server, { role: "school", organisation: "350", orgKind: "la" });
  l = await la.client.get("/your-cases");
  assert.match(l.text, /Brook Primary School/);
  assert.doesNotMatch(l.text, /Moor Academy/, "an academy in the area is the trust's, not the LA's");
  assert.equal((await la.client.get(`/your-cases/${academyCase}`)).status, 404);

  // an account made before decision 0016 (no organisation kind) sees nothing
  const old = await signedIn(server, { role: "school", organisation: "Brook Primary" });
  assert.equal((await old.client.get("/your-cases")).status, 403);
  assert.equal((await old.client.get(`/your-cases/${maintainedCase}`)).status, 403);
});

test("a supporting organisation sees only the cases it is proposed for, and cannot answer", async () => {
  sqlite(server.db, "INSERT INTO organisations (name, kind, created_at, created_by) VALUES ('Fell Support', 'supporting-organisation', '2026-01-01', 'test')");
  const org = sqliteRows(server.db, "SELECT id FROM organisations WHERE name = 'Fell Support'")[0][0];
  const provider = await signedIn(server, { role: "supporting-organisation", organisation: String(org), orgKind: "provider" });
  assert.doesNotMatch((await provider.client.get("/your-cases")).text, /Moor Academy/);
  assert.equal((await provider.client.get(`/your-cases/${academyCase}`)).status, 404);
  sqlite(server.db, `INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${academyCase}, ${org}, 'proposed', '2026-01-01')`);
  assert.match((await provider.client.get("/your-cases")).text, /Moor Academy/);
  const page = await provider.client.get(`/your-cases/${academyCase}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Change your answer|Give your answer/);
  assert.equal((await provider.client.get(`/your-cases/${academyCase}/answer`)).status, 403);
  assert.doesNotMatch((await provider.client.get("/your-cases")).text, /Brook Primary School/);
});

test("a delivery officer invites only in their region; an administrator anywhere; a supporting organisation is added", async () => {
  const form = await officer.client.get("/invitations/new");
  let r = await officer.client.post("/invitations/new", {
    csrf_token: csrfFrom(form.text), kind: "school", urn: "170003", name: "Lon Head", email: "lon.head@thames.example",
  });
  assert.equal(r.status, 400);
  assert.match(r.text, /You can invite only for schools, trusts and local authorities in North West/);
  const aform = await admin.client.get("/invitations/new");
  r = await admin.client.post("/invitations/new", {
    csrf_token: csrfFrom(aform.text), kind: "school", urn: "170003", name: "Lon Head", email: "lon.head@thames.example",
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  r = await officer.client.post("/invitations/new", {
    csrf_token: csrfFrom(form.text), kind: "provider", new_organisation: "Peak Partners", new_kind: "system-leader",
    name: "Kim Leader", email: "kim@peak.example",
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(sqliteRows(server.db, "SELECT kind FROM organisations WHERE name = 'Peak Partners'")[0][0], "system-leader");
  assert.equal(sqliteRows(server.db, "SELECT role, org_kind FROM users WHERE email = 'kim@peak.example'")[0].join(","), "supporting-organisation,provider");
  // the delivery officer's list is their own; the administrator's everyone's
  assert.doesNotMatch((await officer.client.get("/invitations")).text, /Lon Head/);
  assert.match((await admin.client.get("/invitations")).text, /Lon Head/);
  // other roles cannot invite
  const adviser = await signedIn(server, { role: "adviser" });
  assert.equal((await adviser.client.get("/invitations/new")).status, 403);
});

test("a new link replaces the old one", async () => {
  const first = invitationLink("kim@peak.example");
  const uid = sqliteRows(server.db, "SELECT id FROM users WHERE email = 'kim@peak.example'")[0][0];
  const list = await officer.client.get("/invitations");
  const r = await officer.client.post(`/invitations/${uid}/resend`, { csrf_token: csrfFrom(list.text) });
  assert.equal(r.status, 303);
  const second = invitationLink("kim@peak.example");
  assert.notEqual(first, second);
  assert.equal((await new Client(server.url).get(first)).status, 410);
  assert.equal((await new Client(server.url).get(second)).status, 200);
  assert.ok(auditActions(uid).includes("user.invitation-resent"));
  // someone else's invitation cannot be resent by a delivery officer
  const lon = sqliteRows(server.db, "SELECT id FROM users WHERE email = 'lon.head@thames.example'")[0][0];
  assert.equal((await officer.client.post(`/invitations/${lon}/resend`, { csrf_token: csrfFrom(list.text) })).status, 403);
});

test("an account no longer on an open case is told, then closed; back on one, it is kept", async () => {
  const u = await addUserAsync(server, { role: "school", organisation: "170003", orgKind: "school", name: "Thames Head" });
  const now = Math.floor(Date.now() / 1000);
  const sweep = (at) => riseAsync(["user", "sweep-external", "--db", server.db, "--now", String(at), "--grace-days", "2"]);
  // a new account is left alone for the grace period
  let r = await sweep(now);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sqliteRows(server.db, `SELECT coalesce(expiry_notice_at, 0) FROM users WHERE id = ${u.id}`)[0][0], "0");
  // then, on no open case, told by email
  r = await sweep(now + 3 * 86400);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /told they will close/);
  assert.notEqual(sqliteRows(server.db, `SELECT coalesce(expiry_notice_at, 0) FROM users WHERE id = ${u.id}`)[0][0], "0");
  const mail = sqliteRows(server.db, `SELECT personalisation FROM outbox WHERE template_key = 'account-closing' AND recipient = '${u.email}'`);
  assert.equal(mail.length, 1);
  assert.match(JSON.parse(mail[0][0]).organisation, /Thames Primary School/);
  // still before the notice runs out: kept
  await sweep(now + 4 * 86400);
  assert.equal(sqliteRows(server.db, `SELECT disabled_at IS NULL FROM users WHERE id = ${u.id}`)[0][0], "1");
  // after: closed, by the system, audited
  await sweep(now + 6 * 86400);
  assert.equal(sqliteRows(server.db, `SELECT disabled_at IS NOT NULL FROM users WHERE id = ${u.id}`)[0][0], "1");
  assert.deepEqual(auditActions(u.id).slice(-2), ["user.expiry-notice", "user.disable"]);

  // the school staff on an open case are never told
  const pat = sqliteRows(server.db, "SELECT id FROM users WHERE email = 'pat.head@brook.example'")[0][0];
  await sweep(now + 60 * 86400);
  assert.equal(sqliteRows(server.db, `SELECT coalesce(expiry_notice_at, 0), disabled_at IS NULL FROM users WHERE id = ${pat}`)[0].join(","), "0,1");
});
