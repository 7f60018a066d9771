// grants.test.mjs - a grant's money in Chromium (issue 14, decision 0019):
// an SI 2019/20 Tier 2 case's RAF, approved over HTTP (as
// tests/http/plans.test.mjs does), leaves a draft grant with its termly
// schedule; in the browser a member of the grant team issues the offer
// (acknowledging the budget warning) and its letter is kept; the payee (the
// NLE's school) accepts it from its case page and the first term is due; the
// payee's vendor account is set (a bad one refused, kept as typed); one
// member of the grant team prepares a payment run, cannot approve it, and a
// second approves it, downloads the finance system's CSV and marks it paid
// once; a delivery officer withholds the second term (an off-track term) and
// releases it; the grant's ledger names who prepared and approved the
// payment. Then on a Tier 1 case the NLE's claim of 3.5 days is refused with
// the cap in the error summary, a claim of 2 days at the travel rate is
// approved and paid in a second run. axe-core checks every page
// (tests/lib/browser.mjs). The grant page and the payment run page are kept
// as tests/e2e/artefacts/grants-grant.png and grants-run.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom, SOURCE_DIR } from "../lib/harness.mjs";
import { launchBrowser, openPage, closePage, visit, submit } from "../lib/browser.mjs";

let browser, server;
let officer, director, partner, grantA, grantB, provider, school;
const ids = {};
const pages = [];

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  "190031,Brook Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370000,409000\n" +
  "190032,Heath Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370500,409200\n";

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
const path = (page) => new URL(page.url()).pathname;
const main = async (page) => page.locator("main").innerText();
const errorSummary = async (page) => page.locator(".govuk-error-summary").innerText();

/** Over HTTP: GETs formPath for its CSRF token, then POSTs fields to action. */
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.status} ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}
const planPost = (client, id, rest, fields, form = rest) =>
  post(client, form ? `/plans/${id}/${form}` : `/plans/${id}`, fields, `/plans/${id}/${rest}`);

/** A browser page with the cookies of a client the harness signed in (sign-in's pages are login.test.mjs's). */
async function browserFor(who) {
  const page = await openPage(browser, server.url);
  pages.push(page);
  await page.context().addCookies([...who.client.cookies].map(([name, value]) => ({ name, value, url: server.url })));
  return page;
}

/** A form POSTed with the browser page's own cookies (a step whose page the journey has checked); returns the response. */
async function postAs(page, formPath, fields, action = formPath) {
  const form = await page.request.get(formPath);
  assert.equal(form.status(), 200, `GET ${formPath}`);
  return page.request.post(action, {
    form: { csrf_token: csrfFrom(await form.text()), ...fields }, headers: { Origin: server.url }, maxRedirects: 0,
  });
}
async function postedAs(page, formPath, fields, action) {
  const res = await postAs(page, formPath, fields, action);
  assert.equal(res.status(), 303, `POST ${action ?? formPath}: ${problems(await res.text())}`);
  return res.headers().location;
}

/** What a link's address answers, fetched by the page (its cookies). */
const fetchIn = (page, href) =>
  page.evaluate(async (u) => {
    const r = await fetch(u);
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get("content-type"), head: String.fromCharCode(...bytes.slice(0, 5)),
      text: new TextDecoder().decode(bytes) };
  }, href);

async function fillDate(page, prefix, d) {
  await page.locator(`#${prefix}-day`).fill(String(d.getDate()));
  await page.locator(`#${prefix}-month`).fill(String(d.getMonth() + 1));
  await page.locator(`#${prefix}-year`).fill(String(d.getFullYear()));
}

/** The columns of docs/data-formats.md's "Payment run export" table, in order. */
function documentedHeader() {
  const doc = readFileSync(join(SOURCE_DIR, "docs/data-formats.md"), "utf8");
  const section = doc.split(/^## /m).find((s) => s.startsWith("Payment run export"));
  assert.ok(section, "docs/data-formats.md has a Payment run export section");
  return [...section.matchAll(/^\| (\w+) \| `/gm)].map((m) => m[1]).join(",");
}

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

/** Opens an SI 2019/20 case for the school by exception, with the tier, and the NLE's school matched. */
async function openCase(urn, tier) {
  ok(await post(officer.client, "/screening/si-2019-20/exception",
    { kind: "school", id: String(urn), source: "regional-director", reason: "Named by the director" }), "open the case");
  const id = Number(one(`SELECT id FROM cases WHERE subject_id = ${urn} AND programme = 'si-2019-20'`));
  sqlite(server.db, `UPDATE screening_decisions SET suggested = '${tier}' WHERE case_id = ${id};
    INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${id}, ${ids.org}, 'matched', '2026-01-01')`);
  return id;
}

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  // the NLE's school, the supporting organisation matched to both cases and paid for them
  sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise)
    VALUES ('Oak Hill Teaching School', 'supporting-organisation', '2026-01-01', 'test', 'school', 'North West', 'primary',
    'leadership-governance')`);
  ids.org = Number(one("SELECT id FROM organisations WHERE name = 'Oak Hill Teaching School'"));
  [officer, director, partner, grantA, grantB, provider, school] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "delivery-partner", name: "Pat Partner", region: "North West" }),
    signedIn(server, { role: "grant-team", name: "Gail Prepare" }),
    signedIn(server, { role: "grant-team", name: "Bea Approve" }),
    signedIn(server, { role: "supporting-organisation", name: "Nia Leader", organisation: String(ids.org), orgKind: "provider" }),
    signedIn(server, { role: "school", name: "Hal Head", organisation: "190031", orgKind: "school" }),
  ]);
  ids.raf = await openCase(190031, "tier-2");
  ids.tier1 = await openCase(190032, "tier-1");
  // the RAF: written, submitted, signed, reviewed and approved over HTTP
  const id = ids.raf, p = provider.client;
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
  for (const p of pages) await closePage(p, { verify: false }).catch(() => {});
  await browser?.close();
  if (server) await stopCleanly(server);
});

test("a RAF's grant offered, accepted, paid by two people, a term withheld and released; an NLE's claim capped then paid", async () => {
  // 1. the approval left a draft RAF grant to the NLE's school with its termly schedule
  const g = rows(`SELECT g.id, g.kind, g.status, g.total, p.kind, p.ref, g.payee_id FROM grants g JOIN payees p ON p.id = g.payee_id
    WHERE g.case_id = ${ids.raf}`);
  assert.equal(g.length, 1, "one grant");
  assert.deepEqual(g[0].slice(1, 6), ["raf", "draft", "1150000", "provider", String(ids.org)]);
  const grantId = Number(g[0][0]), payeeId = Number(g[0][6]);
  assert.deepEqual(rows(`SELECT position, amount, pay_when, status, label FROM grant_lines WHERE grant_id = ${grantId} ORDER BY position`), [
    ["1", "550000", "up-front", "scheduled", "Term 1 (paid up front)"],
    ["2", "550000", "arrears", "scheduled", "Term 2 (paid in arrears)"],
    ["3", "50000", "arrears", "scheduled", "Term 3 (paid in arrears)"],
  ]);
  const lineStatus = (pos) => one(`SELECT status FROM grant_lines WHERE grant_id = ${grantId} AND position = ${pos}`);

  const [a, b, prov, off] = await Promise.all([browserFor(grantA), browserFor(grantB), browserFor(provider), browserFor(officer)]);

  // 2. grant team A: the offer waits on the home page; issued with the budget warning acknowledged
  await visit(a, "/", "grant team A's home");
  const toIssue = a.locator("main h2", { hasText: "Offers to issue" });
  assert.equal(await toIssue.count(), 1, await main(a));
  const issueLink = a.locator(`main h2:has-text("Offers to issue") + table a[href="/grants/${grantId}"]`);
  assert.equal(await issueLink.count(), 1, "the grant is among the offers to issue");
  await submit(a, issueLink, "the draft grant");
  assert.match(await main(a), /Recommended actions grant to Oak Hill Teaching School/);
  await submit(a, a.getByRole("button", { name: "Check and issue the offer" }), "the issue page");
  const warning = await a.locator(".govuk-warning-text").innerText();
  assert.match(warning, /No budget is set/);
  await submit(a, a.getByRole("button", { name: "Issue the offer" }), "the issue page, unconfirmed");
  assert.match(await errorSummary(a), /Confirm that you understand this offer exceeds the budget/);
  assert.equal(one(`SELECT status FROM grants WHERE id = ${grantId}`), "draft");
  await a.getByLabel("I understand this exceeds the budget", { exact: true }).check();
  await submit(a, a.getByRole("button", { name: "Issue the offer" }), "the grant, issued");
  assert.equal(path(a), `/grants/${grantId}`);
  assert.match(await main(a), /The offer is issued and its letter emailed to the payee/);
  assert.equal(one(`SELECT status FROM grants WHERE id = ${grantId}`), "offered");
  const letterHref = await a.getByRole("link", { name: "Read the offer letter (PDF)" }).getAttribute("href");
  const letter = await fetchIn(a, letterHref);
  assert.equal(letter.status, 200);
  assert.match(letter.type, /^application\/pdf/);
  assert.equal(letter.head, "%PDF-");
  assert.equal(one(`SELECT count(*) FROM outbox WHERE template_key = 'grant-offer' AND recipient = '${provider.user.email}'`), "1",
    "the offer is emailed to the payee's people");

  // 3. the payee accepts from its case page; the up-front term is due
  await visit(prov, `/your-cases/${ids.raf}`, "the provider's case page");
  const grantsSection = prov.locator("main table", { has: prov.locator(`a[href="/grants/${grantId}"]`) });
  assert.equal(await grantsSection.count(), 1, "the case page lists the grant");
  await submit(prov, grantsSection.locator(`a[href="/grants/${grantId}"]`), "the grant, for the payee");
  await submit(prov, prov.getByRole("button", { name: "Accept the offer" }), "the acceptance page");
  await prov.getByLabel("Full name of the person accepting", { exact: true }).fill("Nia Leader");
  await prov.getByLabel("I have read the offer letter and accept the grant on its terms", { exact: true }).check();
  await submit(prov, prov.getByRole("button", { name: "Accept the offer" }), "the grant, accepted");
  assert.match(await main(prov), /The offer is accepted: the first payment is due/);
  assert.equal(one(`SELECT status FROM grants WHERE id = ${grantId}`), "accepted");
  assert.equal(lineStatus(1), "due");

  // 4. the vendor account (a bad one first), a run prepared by A, approved by B, exported and paid once
  await visit(a, "/payments", "the payments page, nothing payable");
  assert.match(await main(a), /Not set up/);
  assert.equal(await a.getByRole("button", { name: "Prepare a payment run" }).count(), 0, "nothing can be paid without a vendor account");
  await submit(a, a.locator(`main a[href="/payees/${payeeId}"]`).first(), "the payee's page");
  await a.getByLabel("Vendor account", { exact: true }).fill("V-12 34");
  await submit(a, a.getByRole("button", { name: "Save the vendor account" }), "the payee's page, a bad vendor account");
  assert.match(await errorSummary(a), /only letters and numbers/);
  assert.equal(await a.getByLabel("Vendor account", { exact: true }).inputValue(), "V-12 34", "the input is kept");
  await a.getByLabel("Vendor account", { exact: true }).fill("V0012345");
  await submit(a, a.getByRole("button", { name: "Save the vendor account" }), "the payee's page, saved");
  assert.match(await main(a), /The vendor account is saved/);
  assert.equal(one(`SELECT vendor_account FROM payees WHERE id = ${payeeId}`), "V0012345");

  await visit(a, "/payments", "the payments page");
  await submit(a, a.getByRole("button", { name: "Prepare a payment run" }), "the prepared run (A)");
  const runId = Number(path(a).match(/^\/payments\/runs\/(\d+)$/)?.[1]);
  assert.ok(runId > 0, path(a));
  assert.deepEqual(rows(`SELECT status, total, n_lines FROM payment_runs WHERE id = ${runId}`), [["prepared", "550000", "1"]]);
  assert.match(await main(a), /You prepared this run, so another member of the grant team must check and approve it/);
  assert.equal(await a.getByRole("button", { name: "Approve this run" }).count(), 0, "the preparer is not offered approval");
  const refused = await postAs(a, `/payments/runs/${runId}`, {}, `/payments/runs/${runId}/approve`);
  assert.equal(refused.status(), 409);
  assert.match(problems(await refused.text()), /The person who prepared a run cannot approve it/);
  assert.equal(one(`SELECT status FROM payment_runs WHERE id = ${runId}`), "prepared");

  await visit(b, "/", "grant team B's home");
  const runLink = b.locator(`main h2:has-text("Payment runs awaiting a second approver") + table a[href="/payments/runs/${runId}"]`);
  assert.equal(await runLink.count(), 1, "the run waits for a second approver on B's home page");
  const waiting = await b.locator(`main h2:has-text("Payment runs awaiting a second approver") + table tr:has(a[href="/payments/runs/${runId}"])`).innerText();
  assert.match(waiting, new RegExp(`^Payment run ${runId}\\b`));
  assert.match(waiting, /Gail Prepare\s+£5,500\s+\d{1,2} [A-Z][a-z]+ \d{4}/, "who prepared it, the total and the day, as people read them");
  await submit(b, runLink, "the run (B)");
  await submit(b, b.getByRole("button", { name: "Approve this run" }), "the run, approved");
  assert.match(await main(b), /The run is approved/);
  assert.equal(one(`SELECT status FROM payment_runs WHERE id = ${runId}`), "approved");
  const csvHref = await b.getByRole("button", { name: "Download the CSV" }).getAttribute("href");
  const csv = await fetchIn(b, csvHref);
  assert.equal(csv.status, 200);
  assert.match(csv.type, /^text\/csv/);
  const csvLines = csv.text.split("\r\n");
  assert.equal(csvLines[0], documentedHeader(), "the documented header");
  assert.ok(csvLines[1].startsWith(`${runId},RISE grant run ${runId},V0012345,Oak Hill Teaching School,provider,5500.00,550000,1,`), csvLines[1]);
  await b.getByLabel("Finance system payment reference", { exact: true }).fill("FIN-0042");
  await fillDate(b, "paid", today);
  await submit(b, b.getByRole("button", { name: "Mark as paid" }), "the run, paid", { screenshot: "grants-run" });
  assert.match(await main(b), /The run is marked as paid and each payee has been emailed/);
  assert.equal(one(`SELECT status FROM payment_runs WHERE id = ${runId}`), "paid");
  assert.equal(lineStatus(1), "paid");
  assert.equal(await b.getByRole("button", { name: "Mark as paid" }).count(), 0, "a paid run offers no second payment");
  const runRow = async (key) => b.locator(".govuk-summary-list__row", { hasText: key }).locator(".govuk-summary-list__value").innerText();
  assert.match(await runRow("Prepared by"), /^Gail Prepare, \d/, "the run names its preparer");
  assert.match(await runRow("Approved by"), /^Bea Approve, \d/, "and its approver");
  const again = await postAs(b, `/payments/runs/${runId}`, { reference: "FIN-0043", ...dateOf("paid", today) }, `/payments/runs/${runId}/paid`);
  assert.equal(again.status(), 409);
  assert.match(problems(await again.text()), /already been marked as paid/);
  assert.equal(one(`SELECT count(*) FROM grant_ledger WHERE op = 'pay' AND grant_id = ${grantId}`), "1");
  assert.equal(one(`SELECT count(*) FROM outbox WHERE template_key = 'remittance'`), "1", "one remittance");
  let verify = await riseAsync(["grants", "verify", "--db", server.db]);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);

  // 5. a delivery officer withholds term 2 for an off-track term (no reason first), then releases it
  await visit(off, `/grants/${grantId}`, "the grant (delivery officer)");
  await submit(off, off.getByRole("link", { name: "Withhold for Term 2 (paid in arrears)" }), "withholding term 2");
  await submit(off, off.getByRole("button", { name: "Withhold the payment" }), "withholding term 2, no reason");
  assert.match(await errorSummary(off), /Enter why the payment is withheld/);
  assert.equal(lineStatus(2), "scheduled");
  await off.getByLabel("Why is the payment withheld?", { exact: true }).fill("Term 1 was off track: the coaching has not started");
  await submit(off, off.getByRole("button", { name: "Withhold the payment" }), "the grant, term 2 withheld");
  assert.match(await main(off), /The payment is withheld/);
  assert.equal(lineStatus(2), "withheld");
  await submit(off, off.getByRole("link", { name: "Release for Term 2 (paid in arrears)" }), "releasing term 2");
  await off.getByLabel("Why is the payment released?", { exact: true }).fill("The coaching started late in the term and is now on track");
  await submit(off, off.getByRole("button", { name: "Release the payment" }), "the grant, term 2 released");
  assert.match(await main(off), /The payment is released: it is due/);
  assert.equal(lineStatus(2), "due");
  const term2 = await off.locator("main table tr", { hasText: "Term 2 (paid in arrears)" }).first().innerText();
  assert.match(term2, /Due/);

  // the grant's ledger: who prepared and who approved the payment, and who withheld and released
  await visit(a, `/grants/${grantId}`, "the grant after its payment", { screenshot: "grants-grant" });
  const ledger = a.locator("main table", { has: a.locator("th", { hasText: "Approved by" }) });
  const paidRow = (await ledger.locator("tbody tr", { hasText: "Paid (due to paid)" }).innerText()).split("\t").map((s) => s.trim());
  assert.equal(paidRow[3], "Gail Prepare", `the payment was prepared by A: ${paidRow.join(" | ")}`);
  assert.equal(paidRow[4], "Bea Approve", `and approved by B: ${paidRow.join(" | ")}`);
  assert.match(paidRow[5], /FIN-0042/);
  const withheldRow = await ledger.locator("tbody tr", { hasText: "Withheld (scheduled to withheld)" }).innerText();
  assert.match(withheldRow, /Dana Officer/);
  assert.match(withheldRow, /off track/);
  assert.match(await ledger.locator("tbody tr", { hasText: "Released (withheld to due)" }).innerText(), /Dana Officer/);

  // 6. the Tier 1 case: the NLE's claim over the cap refused, input kept; 2 days at the travel rate
  await visit(prov, `/your-cases/${ids.tier1}`, "the provider's Tier 1 case");
  assert.match(await main(prov), /0 of 3 days claimed/);
  await submit(prov, prov.getByRole("button", { name: "Claim days" }), "the claim form");
  await fillDate(prov, "from", inDays(-10));
  await fillDate(prov, "to", inDays(-9));
  await prov.getByLabel("Days delivered", { exact: true }).fill("3.5");
  await prov.getByLabel("What was delivered", { exact: true }).fill("Coaching the headteacher and the senior team");
  await prov.getByLabel("How long the journey takes, in minutes", { exact: true }).fill("75");
  await prov.getByLabel("How far it is, in miles", { exact: true }).fill("20");
  await submit(prov, prov.getByRole("button", { name: "Send the claim" }), "the claim form, over the cap");
  assert.match(await errorSummary(prov), /An NLE is paid for at most 3 days a supported school: 3 days left to claim/);
  assert.equal(await prov.getByLabel("Days delivered", { exact: true }).inputValue(), "3.5", "the days typed are kept");
  assert.equal(await prov.getByLabel("What was delivered", { exact: true }).inputValue(), "Coaching the headteacher and the senior team");
  assert.equal(one("SELECT count(*) FROM grant_claims"), "0", "nothing is claimed");
  await prov.getByLabel("Days delivered", { exact: true }).fill("2");
  await submit(prov, prov.getByRole("button", { name: "Send the claim" }), "the claim, sent");
  const claimId = Number(path(prov).match(/^\/claims\/(\d+)$/)?.[1]);
  assert.ok(claimId > 0, path(prov));
  assert.deepEqual(rows(`SELECT status, halves, day_rate, amount FROM grant_claims WHERE id = ${claimId}`)[0],
    ["submitted", "4", "60000", "120000"], "2 days at £600 a day: the journey is over an hour");

  // the delivery officer approves it from the claims to check
  await visit(off, "/claims", "the claims to check");
  await submit(off, off.getByRole("link", { name: `Claim ${claimId}`, exact: true }), "the claim (delivery officer)");
  assert.match(await main(off), /2 of 3 days claimed/);
  await off.getByLabel("Approve the claim", { exact: true }).check();
  await submit(off, off.getByRole("button", { name: "Record the decision" }), "the claim, approved");
  const [line] = rows(`SELECT l.id, l.status, l.amount, g.kind, g.days_kind FROM grant_lines l JOIN grants g ON g.id = l.grant_id
    WHERE l.claim_id = ${claimId}`);
  assert.deepEqual(line.slice(1), ["due", "120000", "days", "nle"], "the approved claim is a due line of the days grant");

  // paid in a run prepared by A and approved by B (over HTTP, as the same people)
  const runAt = await postedAs(a, "/payments", {}, "/payments/runs");
  const run2 = Number(runAt.match(/\/payments\/runs\/(\d+)$/)?.[1]);
  assert.ok(run2 > runId, runAt);
  assert.equal(one(`SELECT run_id FROM grant_lines WHERE id = ${line[0]}`), String(run2), "the claim's line is in the run");
  await postedAs(b, `/payments/runs/${run2}`, {}, `/payments/runs/${run2}/approve`);
  await postedAs(b, `/payments/runs/${run2}`, { reference: "FIN-0050", ...dateOf("paid", today) }, `/payments/runs/${run2}/paid`);
  assert.equal(one(`SELECT status FROM grant_lines WHERE id = ${line[0]}`), "paid");
  const [preparedBy, approvedBy] = rows(`SELECT prepared_by, approved_by FROM payment_runs WHERE id = ${run2}`)[0];
  assert.match(preparedBy, /^Gail Prepare\b/);
  assert.match(approvedBy, /^Bea Approve\b/);
  assert.deepEqual(rows(`SELECT prepared_by, approved_by FROM grant_ledger WHERE op = 'pay' AND line_id = ${line[0]}`)[0],
    [preparedBy, approvedBy], "the claim's payment: prepared by A, approved by B");
  assert.equal(one("SELECT count(*) FROM outbox WHERE template_key = 'remittance'"), "2", "a remittance for each paid run");
  verify = await riseAsync(["grants", "verify", "--db", server.db]);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
});
