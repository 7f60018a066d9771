// matching.test.mjs - commissioning in Chromium (issue 12, decision 0017),
// for each programme: RISE, SI 2019/20 and TSIO 2022/23. The earlier tasks
// are driven over HTTP (as tests/http/matching.test.mjs does); the matching
// itself is done in the browser, with axe-core checking every page on the
// way (tests/lib/browser.mjs): the case's Matching tab with its suggestions,
// a proposal of the top one, a decline by the provider (RISE: its own user on
// /your-cases/{id}; SI and TSIO: recorded by the delivery partner), the case
// back at the suggestions with the decliner under "Not suggested" and
// "Earlier proposals", a second proposal that the provider and the school
// agree to (RISE: the school's own user), and the match recorded: RISE after
// due diligence and the regional director's approval of the appointment,
// TSIO by the regional director's own approval (approved at once), SI by the
// delivery partner. The RISE Matching tab with its suggestions is kept as a
// screenshot artefact (tests/e2e/artefacts/matching-rise-suggestions.png).
// Providers are inserted with SQL: the register's pages are not used here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, addUserAsync, riseAsync, sqlite, sqliteRows, csrfFrom, PASSWORD } from "../lib/harness.mjs";
import { launchBrowser, openPage, closePage, screenshot, visit, submit, signIn } from "../lib/browser.mjs";

let browser, server, officer, director, adviser, partner;
const pages = [], pageOf = new Map();

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  "190001,Brook Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370000,409000\n" +
  "190002,Heath Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370500,409200\n" +
  "190003,Vale Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,Not applicable,4100,Moor Learning Trust,Primary,372000,409500\n";

const d = new Date();
const date = (prefix) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});
const month = d.getMonth() + 1, year = d.getFullYear();
const term = month >= 9 ? `${year}-autumn` : month <= 3 ? `${year - 1}-spring` : `${year - 1}-summer`;

const rows = (sql) => sqliteRows(server.db, sql);
const ok = (r) => assert.equal(r.status, 303, r.text.slice(0, 600));
const path = (page) => new URL(page.url()).pathname;
const status = (caseId, code) => rows(`SELECT status FROM case_tasks WHERE case_id = ${caseId} AND code = '${code}'`)[0][0];

/* Over HTTP, as the harness's Client: a form's page for its CSRF token, then the POST. */
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}
async function task(client, caseId, code, fields = {}) {
  ok(await post(client, `/cases/${caseId}/tasks/${code}`, { ...date("f-on"), complete: "yes", ...fields }));
}

/* A provider on the register; with a leader's designation for SI and TSIO. */
function provider(name, { kind = "supporting-organisation", type = "trust", designation, easting = 371000, northing = 410000 } = {}) {
  sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise,
    easting, northing) VALUES ('${name}', '${kind}', '2026-01-01', 'test', '${type}', 'North West', 'primary',
    'leadership-governance,curriculum-teaching', ${easting}, ${northing})`);
  const id = Number(rows(`SELECT id FROM organisations WHERE name = '${name}'`)[0][0]);
  if (designation) sqlite(server.db, `INSERT INTO leaders (organisation_id, designation) VALUES (${id}, '${designation}')`);
  sqlite(server.db, `INSERT INTO provider_capacity VALUES (${id}, '${term}', 2, 60, 'test', '2026-01-01')`);
  return id;
}
const orgId = (name) => Number(rows(`SELECT id FROM organisations WHERE name = '${name.replace(/'/g, "''")}'`)[0][0]);

async function openCase(programme, urn) {
  const fields = { kind: "school", id: String(urn), source: "regional-director", reason: "Named by the director" };
  if (programme === "rise") fields.category = "targeted";
  ok(await post(officer.client, `/screening/${programme}/exception`, fields));
  return Number(rows(`SELECT id FROM cases WHERE subject_id = ${urn} AND programme = '${programme}'`)[0][0]);
}

/* The first tasks every programme shares: the responsible body, the school, its acceptance. */
async function contacted(caseId) {
  await task(officer.client, caseId, "contact-rb", { "f-who": "The chief executive", "f-plans": "A plan" });
  await task(officer.client, caseId, "contact-school", { "f-who": "Head" });
  ok(await post(officer.client, `/cases/${caseId}/tasks/school-response`, { ...date("f-on"), "f-outcome": "accepted", "f-reason": "Keen" }));
}

/* A browser page signed in as user, kept open (and reused) for the test's journeys. */
async function browserFor(user, label) {
  if (pageOf.has(user.email)) return pageOf.get(user.email);
  const page = await openPage(browser, server.url);
  pages.push(page);
  pageOf.set(user.email, page);
  await visit(page, "/login", `sign-in page (${label})`);
  await signIn(page, user.email, PASSWORD, `${label}'s home`);
  return page;
}

/* The Matching tab, reached from the case page by its tab link. */
async function matchingTab(page, caseId, label, options) {
  await visit(page, `/cases/${caseId}`, `${label}: the case`);
  await submit(page, page.locator("main").getByRole("link", { name: "Matching", exact: true }), `${label}: Matching tab`, options);
  assert.equal(path(page), `/cases/${caseId}/matching`);
  return page.locator("main");
}

/* Clicks the top suggestion's Propose button; returns the provider's name. */
async function proposeTop(page, label) {
  const button = page.getByRole("button", { name: /^Propose / }).first();
  const name = (await button.innerText()).replace(/^Propose /, "").trim();
  await submit(page, button, `${label}: after proposing ${name}`);
  assert.match(await page.locator("main").innerText(), /The match under way/);
  return name;
}

/* The case is back at its suggestions, the decliner under "Not suggested" and "Earlier proposals". */
async function backAtSuggestions(page, caseId, name, reason, label) {
  const main = await matchingTab(page, caseId, `${label} after the decline`);
  const text = await main.innerText();
  assert.doesNotMatch(text, /The match under way/);
  assert.match(text, /Suggestions/);
  assert.equal(await page.getByRole("button", { name: `Propose ${name}` }).count(), 0, "the decliner cannot be proposed again");
  const notSuggested = page.locator("details", { hasText: /Not suggested \(\d+\), and why/ });
  assert.equal(await notSuggested.count(), 1);
  assert.match(await notSuggested.locator(".govuk-details__text").textContent(), new RegExp(`${name}[\\s\\S]*declined`, "i"));
  const earlier = page.locator("h2:text-is('Earlier proposals') + table");
  assert.match(await earlier.innerText(), new RegExp(`${name}\\s+Declined[\\s\\S]*${reason}`, "i"));
}

/* Records an answer on the Matching tab, on someone's behalf. */
async function recordAnswer(page, choice, reason, label) {
  await page.getByLabel(choice, { exact: true }).check();
  if (reason) await page.getByLabel("Their reason", { exact: true }).fill(reason);
  await submit(page, page.getByRole("button", { name: "Record the answer" }), label);
}

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  // RISE: organisations; SI: national leaders of education; TSIO: system leaders
  provider("Near Trust Partnership", { easting: 370200, northing: 409100 });
  provider("Ridge Learning Federation", { type: "federation", easting: 376000, northing: 412000 });
  provider("Anne Nle", { kind: "system-leader", type: "person", designation: "nle", easting: 370100 });
  provider("Bea Nle", { kind: "system-leader", type: "person", designation: "nle", easting: 378000 });
  provider("Lee Leader", { kind: "system-leader", type: "person", designation: "system-leader", easting: 370100 });
  provider("Mo Leader", { kind: "system-leader", type: "person", designation: "system-leader", easting: 378000 });
  [officer, director, adviser, partner] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "adviser", name: "Ada Adviser" }),
    signedIn(server, { role: "delivery-partner", name: "Pat Partner", region: "North West" }),
  ]);
});

after(async () => {
  for (const p of pages) await closePage(p, { verify: false }).catch(() => {});
  await browser?.close();
  if (server) await stopCleanly(server);
});

test("RISE: the provider declines in the service, a second one is matched, the school agrees, the director approves", async () => {
  // to the matching step over HTTP: category, contacts, adviser, visit, diagnosis on the match path
  const caseId = await openCase("rise", 190001);
  let did = rows(`SELECT max(id) FROM case_decisions WHERE case_id = ${caseId} AND type = 'category'`)[0][0];
  ok(await post(director.client, `/cases/${caseId}/decisions/${did}`, { approval: "approved", note: "Agreed" }));
  await contacted(caseId);
  const adv = String(adviser.user.id);
  ok(await post(officer.client, `/cases/${caseId}/tasks/conflict-check`, { ...date("f-on"), "f-adviser": adv, "f-conflict": "no", "f-details": "None" }));
  ok(await post(officer.client, `/cases/${caseId}/tasks/allocate-adviser`, { ...date("f-on"), "f-adviser": adv }));
  await task(adviser.client, caseId, "initial-contact", { "f-who": "The headteacher" });
  await task(adviser.client, caseId, "initial-visit", { "f-assessment": "Leadership needs support" });
  ok(await post(adviser.client, `/cases/${caseId}/tasks/diagnosis-decision`, { "f-path": "match", "f-reason": "Leadership needs support" }));
  did = rows(`SELECT max(id) FROM case_decisions WHERE case_id = ${caseId} AND type = 'diagnosis'`)[0][0];
  ok(await post(director.client, `/cases/${caseId}/decisions/${did}`, { approval: "approved", note: "" }));
  assert.equal(status(caseId, "preferred-org"), "not started");

  // the adviser, in the browser: the suggestions, and the top one proposed
  const advPage = await browserFor(adviser.user, "adviser");
  const main = await matchingTab(advPage, caseId, "RISE", { screenshot: "matching-rise-suggestions" });
  const text = await main.innerText();
  assert.match(text, /2 of the 6 on the register can be matched to this case, best first/);
  assert.match(text, /1\. (Near Trust Partnership|Ridge Learning Federation)\s+Score \d+ of 100/);
  const first = await proposeTop(advPage, "RISE");
  const second = first === "Near Trust Partnership" ? "Ridge Learning Federation" : "Near Trust Partnership";
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${caseId} AND organisation_id = ${orgId(first)}`)[0][0], "proposed");

  // the provider's own person declines on their case page
  const provUser = await addUserAsync(server, { role: "supporting-organisation", name: "Sam Provider", organisation: String(orgId(first)), orgKind: "provider" });
  const provPage = await browserFor(provUser, "provider");
  await visit(provPage, `/your-cases/${caseId}`, "the provider's case page");
  assert.match(await provPage.locator("main").innerText(), /Brook Primary School/);
  await provPage.getByLabel("No, we cannot", { exact: true }).check();
  await provPage.getByLabel("Your reasons", { exact: true }).fill("No capacity this term after all");
  await submit(provPage, provPage.getByRole("button", { name: "Send your answer" }), "the provider's case page after the answer");
  assert.equal(path(provPage), `/your-cases/${caseId}`);
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${caseId} AND organisation_id = ${orgId(first)}`)[0][0], "declined");
  assert.equal(status(caseId, "preferred-org"), "not started");

  // back at the suggestions; the second is proposed, and says yes (recorded by the adviser)
  await backAtSuggestions(advPage, caseId, first, "No capacity this term after all", "RISE");
  assert.equal(await proposeTop(advPage, "RISE, the second proposal"), second);
  await recordAnswer(advPage, "Yes, they can support", "", "RISE: after the provider's yes");
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${caseId} AND organisation_id = ${orgId(second)}`)[0][0], "accepted");

  // the school's own person agrees on their case page
  const schoolUser = await addUserAsync(server, { role: "school", name: "Hal Head", organisation: "190001", orgKind: "school" });
  const schoolPage = await browserFor(schoolUser, "school");
  await visit(schoolPage, `/your-cases/${caseId}`, "the school's case page");
  assert.match(await schoolPage.locator("main").innerText(), new RegExp(second));
  await schoolPage.getByLabel("Yes, we agree", { exact: true }).check();
  await submit(schoolPage, schoolPage.getByRole("button", { name: "Send your answer" }), "the school's case page after the answer");
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${caseId} AND organisation_id = ${orgId(second)}`)[0][0], "agreed");

  // due diligence needs the four checks current; then the appointment goes to the director
  await task(officer.client, caseId, "rb-conflict", { "f-conflict": "no" });
  for (const [kind, outcome] of [["capacity", "passed"], ["relationship", "passed"], ["financial", "passed"], ["vendor", "set-up"]])
    sqlite(server.db, `INSERT INTO provider_checks (organisation_id, kind, outcome, checked_on, checked_by, recorded_by, recorded_at)
      VALUES (${orgId(second)}, '${kind}', '${outcome}', '2026-01-01', 'test', 'test', '2026-01-01')`);
  ok(await post(officer.client, `/cases/${caseId}/tasks/due-diligence`, { ...date("f-on") }));
  ok(await post(officer.client, `/cases/${caseId}/matching`, { note: "Ready" }, `/cases/${caseId}/matching/appoint`));
  assert.equal(status(caseId, "appointment"), "in progress");
  await matchingTab(advPage, caseId, "RISE awaiting approval");
  assert.match(await advPage.locator("main").innerText(), /waiting for the regional director's approval/);

  // the regional director approves it in the browser
  did = rows(`SELECT max(id) FROM case_decisions WHERE case_id = ${caseId} AND type = 'appointment'`)[0][0];
  const dirPage = await browserFor(director.user, "regional director");
  await visit(dirPage, `/cases/${caseId}/decisions/${did}`, "the appointment decision");
  await dirPage.getByLabel("Approve", { exact: true }).check();
  await submit(dirPage, dirPage.getByRole("button", { name: "Save" }), "after approving the appointment");
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${caseId} AND organisation_id = ${orgId(second)}`)[0][0], "matched");
  assert.equal(status(caseId, "appointment"), "completed");
  const done = await matchingTab(dirPage, caseId, "RISE matched");
  assert.match(await done.innerText(), new RegExp(`${second}[\\s\\S]*Matched`));
});

test("SI 2019/20: the delivery partner records an NLE's no, matches another, and records the match", async () => {
  const caseId = await openCase("si-2019-20", 190002);
  await contacted(caseId);
  await task(officer.client, caseId, "request-match", {});
  assert.equal(status(caseId, "match-propose"), "not started");

  const page = await browserFor(partner.user, "delivery partner (SI)");
  const main = await matchingTab(page, caseId, "SI");
  assert.match(await main.innerText(), /2 of the \d+ on the register can be matched/);
  assert.equal(await page.getByRole("button", { name: "Propose Near Trust Partnership" }).count(), 0, "SI matches NLEs");
  const first = await proposeTop(page, "SI");
  await recordAnswer(page, "No, they cannot", "Already supporting two schools", "SI: after the NLE's no");
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${caseId} AND organisation_id = ${orgId(first)}`)[0][0], "declined");
  await backAtSuggestions(page, caseId, first, "Already supporting two schools", "SI");
  const second = await proposeTop(page, "SI, the second proposal");
  assert.notEqual(second, first);
  await recordAnswer(page, "Yes, they can support", "", "SI: after the NLE's yes");
  await recordAnswer(page, "Yes, it agrees", "", "SI: after the school's yes");
  await submit(page, page.getByRole("button", { name: "Record the match" }), "SI: after recording the match");
  await matchingTab(page, caseId, "SI matched");
  assert.match(await page.locator("main").innerText(), new RegExp(`${second}[\\s\\S]*Matched`));
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${caseId} AND organisation_id = ${orgId(second)}`)[0][0], "matched");
  assert.equal(status(caseId, "match-record"), "completed");
  assert.equal(status(caseId, "nle-contact"), "not started");
});

test("TSIO 2022/23: a system leader's no, another's yes, the school's yes, and the director's own approval", async () => {
  const caseId = await openCase("tsio-2022-23", 190003);
  await contacted(caseId);
  await task(officer.client, caseId, "refer-rdp", {});

  const page = await browserFor(partner.user, "delivery partner (TSIO)");
  await matchingTab(page, caseId, "TSIO");
  assert.equal(await page.getByRole("button", { name: "Propose Near Trust Partnership" }).count(), 0, "TSIO matches people, not organisations");
  const first = await proposeTop(page, "TSIO");
  await recordAnswer(page, "No, they cannot", "A conflict with the trust", "TSIO: after the system leader's no");
  await backAtSuggestions(page, caseId, first, "A conflict with the trust", "TSIO");
  const second = await proposeTop(page, "TSIO, the second proposal");
  assert.notEqual(second, first);
  await recordAnswer(page, "Yes, they can support", "", "TSIO: after the system leader's yes");
  await task(partner.client, caseId, "rdp-contact-school", {});
  await matchingTab(page, caseId, "TSIO, the school contacted");
  await recordAnswer(page, "Yes, it agrees", "", "TSIO: after the school's yes");
  await task(partner.client, caseId, "inform-rg", {});
  assert.equal(status(caseId, "approve-match"), "not started");

  // the regional director's own approval is approved at once
  const dirPage = await browserFor(director.user, "regional director (TSIO)");
  await matchingTab(dirPage, caseId, "TSIO, for approval");
  await submit(dirPage, dirPage.getByRole("button", { name: "Send for approval" }), "TSIO: after the director's approval");
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${caseId} AND organisation_id = ${orgId(second)}`)[0][0], "matched");
  assert.equal(status(caseId, "approve-match"), "completed");
  assert.equal(status(caseId, "deployment"), "not started");
});
