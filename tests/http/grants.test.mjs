// grants.test.mjs - the grant itself over HTTP (issue 14): an approved RAF
// leaves a draft grant with its termly schedule; the grant team issues it
// (the budget warning needs a confirmation when no budget is set), the
// letter is kept and emailed to the payee as a Notify attachment; the
// payee's provider accepts and the first term is due; a caseworker confirms
// term 2's progress, withholds term 3 and releases it; the wrong people and
// repeated or bad requests are refused, keeping what was typed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom, unescapeHtml } from "../lib/harness.mjs";

let server, officer, director, partner, grant, provider, school;
let rafCase, grantId;
const ids = {};

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  "170001,Brook Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370000,409000\n";

const DAY = 86400000;
const today = new Date();
const dateOf = (prefix, d) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});
const inDays = (n) => new Date(today.getTime() + n * DAY);

const rows = (sql) => sqliteRows(server.db, sql);
const one = (sql) => rows(sql)[0]?.[0];
const problems = (html) =>
  [...(html.match(/govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? html.slice(0, 300)).matchAll(/<li>(.*?)<\/li>/gs)]
    .map((m) => m[1].replace(/<[^>]+>/g, "")).join("; ") || html.slice(0, 300);
const ok = (r, what = "") => assert.equal(r.status, 303, `${what}: ${problems(r.text)}`);

/** GETs formPath for its CSRF token, then POSTs fields to action. */
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.status} ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}
const planPost = (client, id, rest, fields, form = rest) =>
  post(client, form ? `/plans/${id}/${form}` : `/plans/${id}`, fields, `/plans/${id}/${rest}`);

const rafAction = {
  "action-1-description": "Coaching for the senior leadership team",
  "action-1-responsible": "The deputy head",
  ...dateOf("action-1-start", today),
  ...dateOf("action-1-end", inDays(60)),
  "action-1-funded": "yes",
  "action-1-delivery": "other",
  "action-1-provider": "Leaders Together Ltd",
  "action-1-rationale": "No national programme offers coaching for this team",
  "action-1-outcomes": "Leaders hold staff to account",
  "action-1-measures": "Termly review of the leadership's minutes",
  "action-1-cost-1": "5,000",
  "action-1-cost-2": "5,000",
  "action-1-cost-3": "",
};

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise)
    VALUES ('Near Trust Partnership', 'supporting-organisation', '2026-01-01', 'test', 'trust', 'North West', 'primary', 'leadership-governance')`);
  ids.near = Number(one("SELECT id FROM organisations WHERE name = 'Near Trust Partnership'"));
  [officer, director, partner, grant] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "delivery-partner", name: "Pat Partner", region: "North West" }),
    signedIn(server, { role: "grant-team", name: "Gail Grant" }),
  ]);
  [provider, school] = await Promise.all([
    signedIn(server, { role: "supporting-organisation", name: "Sam Provider", organisation: String(ids.near), orgKind: "provider" }),
    signedIn(server, { role: "school", name: "Hal Head", organisation: "170001", orgKind: "school" }),
  ]);
  // a Tier 2 SI case matched to the provider
  ok(await post(officer.client, "/screening/si-2019-20/exception",
    { kind: "school", id: "170001", source: "regional-director", reason: "Named by the director" }), "open the case");
  rafCase = Number(one("SELECT id FROM cases WHERE subject_id = 170001"));
  sqlite(server.db, `UPDATE screening_decisions SET suggested = 'tier-2' WHERE case_id = ${rafCase}`);
  sqlite(server.db, `INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${rafCase}, ${ids.near}, 'matched', '2026-01-01')`);
  // the RAF: written, submitted, signed, reviewed and approved
  const id = rafCase, p = provider.client;
  ok(await planPost(p, id, "edit/visit", { ...dateOf("visit_on", today), srma_received: "no", resource_review: "yes", send_priority: "no" }), "visit");
  ok(await planPost(p, id, "edit/areas", {
    areas: "leadership", "area-leadership-need": "Ofsted found leadership weak",
    governance_rationale: "The governors were reviewed last year", finance_rationale: "An SRMA-style review is in place",
  }), "areas");
  ok(await planPost(p, id, "actions/new?area=leadership", rafAction), "the action");
  ok(await planPost(p, id, "edit/coordination", { "coordination-1": "500", "coordination-2": "500", "coordination-3": "500" }), "coordination");
  ok(await planPost(p, id, "submit", {}), "submit");
  for (const role of ["head", "chair"])
    ok(await planPost(school.client, id, "sign", { role, name: role === "head" ? "Hal Head" : "Cara Chair", ...dateOf("signed", today), agree: "yes" }), `sign as ${role}`);
  ok(await planPost(partner.client, id, "review", { outcome: "accept", note: "" }), "review");
  ok(await planPost(director.client, id, "decision", { outcome: "accept", note: "Approved" }), "approve");
  assert.equal(one(`SELECT status FROM plans WHERE case_id = ${id}`), "approved");
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("the approved RAF leaves a draft grant to the matched provider with its termly schedule", async () => {
  const g = rows(`SELECT g.id, g.kind, g.status, g.total, g.offered, p.kind, p.ref, g.plan_version FROM grants g
    JOIN payees p ON p.id = g.payee_id WHERE g.case_id = ${rafCase}`);
  assert.equal(g.length, 1, "one grant");
  [grantId] = g[0].map((v, i) => (i === 0 ? Number(v) : v));
  assert.deepEqual(g[0].slice(1), ["raf", "draft", "1150000", "0", "provider", String(ids.near), "1"]);
  assert.deepEqual(rows(`SELECT position, amount, pay_when, status, label FROM grant_lines WHERE grant_id = ${grantId} ORDER BY position`), [
    ["1", "550000", "up-front", "scheduled", "Term 1 (paid up front)"],
    ["2", "550000", "arrears", "scheduled", "Term 2 (paid in arrears)"],
    ["3", "50000", "arrears", "scheduled", "Term 3 (paid in arrears)"],
  ]);
  assert.equal(one(`SELECT count(*) FROM grant_ledger WHERE grant_id = ${grantId}`), "0", "nothing in the ledger yet");
  assert.ok(one(`SELECT expected_on FROM grant_lines WHERE grant_id = ${grantId} AND position = 1`) > today.toISOString().slice(0, 10));
  // the case's tab lists it; the grant's page shows the schedule
  const tab = await officer.client.get(`/cases/${rafCase}/grants`);
  assert.equal(tab.status, 200);
  assert.ok(tab.text.includes(`href="/grants/${grantId}"`), "the tab links the grant");
  const page = unescapeHtml((await grant.client.get(`/grants/${grantId}`)).text);
  assert.match(page, /Recommended actions grant to Near Trust Partnership/);
  assert.match(page, /Term 3 \(paid in arrears\)/);
  assert.match(page, /Check and issue the offer/);
  // a draft is not shown to the payee's people on their case page
  assert.doesNotMatch((await provider.client.get(`/your-cases/${rafCase}`)).text, new RegExp(`/grants/${grantId}"`));
});

test("issuing: the school cannot; the budget warning needs confirming; the letter is kept and emailed", async () => {
  assert.equal((await school.client.get(`/grants/${grantId}/issue`)).status, 403, "a school user cannot issue");
  const form = await grant.client.get(`/grants/${grantId}/issue`);
  assert.equal(form.status, 200);
  assert.match(form.text, /govuk-warning-text/);
  assert.match(unescapeHtml(form.text), /No budget is set/);
  // the letter can be read before it is issued: its terms, from 002 section 8
  assert.match(form.text, /Read the letter before issuing it/);
  assert.match(unescapeHtml(form.text), /underspend/i);
  let r = await grant.client.post(`/grants/${grantId}/issue`, { csrf_token: csrfFrom(form.text) });
  assert.equal(r.status, 400, "not confirmed");
  assert.match(r.text, /govuk-error-summary/);
  assert.match(problems(r.text), /Confirm that you understand this offer exceeds the budget/);
  assert.equal(one(`SELECT status FROM grants WHERE id = ${grantId}`), "draft");
  ok(await grant.client.post(`/grants/${grantId}/issue`, { csrf_token: csrfFrom(form.text), over_budget: "yes" }), "issue");
  const [status, year, offered, scheduled, pdf] = rows(`SELECT status, year, offered, scheduled, substr(letter_pdf, 1, 5) FROM grants WHERE id = ${grantId}`)[0];
  assert.deepEqual([status, offered, scheduled, pdf], ["offered", "1150000", "1150000", "%PDF-"]);
  assert.match(year, /^\d{4}-\d{2}$/);
  assert.equal(one(`SELECT count(*) FROM grant_ledger WHERE grant_id = ${grantId} AND op = 'offer'`), "3");
  // the provider's people are emailed with the letter attached
  const pers = JSON.parse(one(`SELECT personalisation FROM outbox WHERE template_key = 'grant-offer' AND recipient = '${provider.user.email}'`));
  assert.equal(pers.letter.filename, "grant-offer-letter.pdf");
  assert.equal(pers.letter.confirm_email_before_download, true);
  assert.equal(pers.letter.retention_period, "26 weeks");
  assert.equal(Buffer.from(pers.letter.file, "base64").subarray(0, 5).toString(), "%PDF-");
  assert.match(pers.link, new RegExp(`/grants/${grantId}$`));
  // the letter is readable by the payee
  const letter = await fetch(`${server.url}/grants/${grantId}/letter.pdf`, { headers: { Cookie: provider.client.cookieHeader() } });
  assert.equal(letter.status, 200);
  assert.match(letter.headers.get("content-type"), /application\/pdf/);
  // issuing twice is refused
  r = await grant.client.post(`/grants/${grantId}/issue`, { csrf_token: csrfFrom(form.text), over_budget: "yes" });
  assert.equal(r.status, 409);
});

test("the payee's provider accepts; the first term is due; accepting twice is refused", async () => {
  const mine = await provider.client.get(`/your-cases/${rafCase}`);
  assert.ok(mine.text.includes(`href="/grants/${grantId}"`), "the provider reaches the grant from its case");
  assert.equal((await school.client.get(`/grants/${grantId}/accept`)).status, 403, "the school is not the payee");
  const bad = await post(provider.client, `/grants/${grantId}/accept`, { name: "Sam Provider" });
  assert.equal(bad.status, 400, "the confirmation is required");
  assert.match(bad.text, /value="Sam Provider"/, "the name typed is kept");
  ok(await post(provider.client, `/grants/${grantId}/accept`, { name: "Sam Provider", confirm: "yes" }), "accept");
  assert.deepEqual(rows(`SELECT status, accepted_name, accepted_on_behalf FROM grants WHERE id = ${grantId}`)[0], ["accepted", "Sam Provider", "0"]);
  assert.ok(Number(one(`SELECT count(*) FROM outbox WHERE template_key = 'grant-step' AND recipient = '${grant.user.email}'`)) >= 1,
    "the grant team is told the offer was accepted");
  assert.equal(one(`SELECT status FROM grant_lines WHERE grant_id = ${grantId} AND position = 1`), "due");
  assert.equal(one(`SELECT due FROM grants WHERE id = ${grantId}`), "550000");
  const form = await provider.client.get(`/grants/${grantId}/accept`);
  const again = await provider.client.post(`/grants/${grantId}/accept`, { csrf_token: csrfFrom(form.text), name: "Sam Provider", confirm: "yes" });
  assert.equal(again.status, 409, "accepting twice is refused");
  assert.match(again.text, /accepted already/);
});

test("a caseworker confirms term 2's progress, withholds term 3 and releases it, each with a reason", async () => {
  ok(await post(officer.client, `/grants/${grantId}/lines/2/progress`, { reason: "Term 1's actions are on track" }), "progress");
  assert.deepEqual(rows(`SELECT status, progress_note FROM grant_lines WHERE grant_id = ${grantId} AND position = 2`)[0], ["due", "Term 1's actions are on track"]);
  // no reason: the error summary; too long: kept as typed
  let r = await post(officer.client, `/grants/${grantId}/lines/3/withhold`, { reason: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /govuk-error-summary/);
  assert.match(problems(r.text), /Enter why the payment is withheld/);
  const long = "Not on track ".repeat(400);
  r = await post(officer.client, `/grants/${grantId}/lines/3/withhold`, { reason: long });
  assert.equal(r.status, 400);
  assert.ok(unescapeHtml(r.text).includes(long.trim().slice(0, 200)), "the reason typed is kept");
  assert.equal(one(`SELECT status FROM grant_lines WHERE grant_id = ${grantId} AND position = 3`), "scheduled");
  ok(await post(officer.client, `/grants/${grantId}/lines/3/withhold`, { reason: "The term's activity has not taken place" }), "withhold");
  assert.deepEqual(rows(`SELECT status, withheld_reason FROM grant_lines WHERE grant_id = ${grantId} AND position = 3`)[0], ["withheld", "The term's activity has not taken place"]);
  assert.equal(one(`SELECT withheld FROM grants WHERE id = ${grantId}`), "50000");
  // releasing what is not withheld is refused
  r = await post(officer.client, `/grants/${grantId}/lines/2/release`, { reason: "Why not" });
  assert.equal(r.status, 409);
  ok(await post(officer.client, `/grants/${grantId}/lines/3/release`, { reason: "The activity took place after all" }), "release");
  assert.equal(one(`SELECT status FROM grant_lines WHERE grant_id = ${grantId} AND position = 3`), "due");
  assert.equal(one(`SELECT due FROM grants WHERE id = ${grantId}`), "1150000");
  // the page shows the history with who did it
  const page = unescapeHtml((await grant.client.get(`/grants/${grantId}`)).text);
  assert.match(page, /History of the money/);
  assert.match(page, /Withheld \(due to withheld\)|Withheld \(scheduled to withheld\)/);
  assert.match(page, /Dana Officer/);
  // every change is audited
  const actions = rows(`SELECT DISTINCT action FROM audit WHERE action LIKE 'grant.%'`).map((x) => x[0]);
  for (const a of ["grant.prepare", "grant.issue", "grant.offer", "grant.accept", "grant.make-due", "grant.progress", "grant.withhold", "grant.release"])
    assert.ok(actions.includes(a), `audit ${a}`);
  // the ledger balances
  const v = await riseAsync(["grants", "verify", "--db", server.db]);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /1 grant checked, all balance/);
  // finance readers see it in the list of grants; a caseworker cannot
  const list = await grant.client.get("/grants?programme=si-2019-20");
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`href="/grants/${grantId}"`));
  assert.equal((await officer.client.get("/grants")).status, 403);
});
