// claims.test.mjs - claims of days, budgets, returns and recovery over HTTP
// (issue 14 items 5, 7, 8): an NLE's claim over 002 8.1's cap is refused with
// the rule's message in the error summary and the input kept; a valid one at
// the travel rate is approved and becomes a due line of the case's days
// grant; a school cannot claim; the budgets page and setting a budget; a
// declaration of expenditure asked for, sent by the payee, accepted with an
// underspend, and the money recovered; a recovery of more than was paid is
// refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom, unescapeHtml } from "../lib/harness.mjs";

let server, officer, director, grant, provider, school;
let caseId;
const ids = {};

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  "170003,Heath Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370500,409200\n";

const DAY = 86400000;
const today = new Date();
const dateOf = (prefix, d) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});
const daysAgo = (n) => new Date(today.getTime() - n * DAY);
const inDays = (n) => new Date(today.getTime() + n * DAY);
const financialYear = (() => {
  const start = today.getMonth() >= 3 ? today.getFullYear() : today.getFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
})();

const rows = (sql) => sqliteRows(server.db, sql);
const one = (sql) => rows(sql)[0]?.[0];
const problems = (html) =>
  [...(html.match(/govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? html.slice(0, 300)).matchAll(/<li>(.*?)<\/li>/gs)]
    .map((m) => m[1].replace(/<[^>]+>/g, "")).join("; ") || html.slice(0, 300);
const ok = (r, what = "") => assert.equal(r.status, 303, `${what}: ${r.status} ${problems(r.text)}`);

/** GETs formPath for its CSRF token, then POSTs fields to action. */
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.status} ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}

const claim = (extra = {}) => ({
  kind: "nle", ...dateOf("from", daysAgo(10)), ...dateOf("to", daysAgo(9)), days: "2",
  activities: "Coaching the headteacher and the senior team", travel_minutes: "30", travel_miles: "20", ...extra,
});

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise)
    VALUES ('Near Trust Partnership', 'supporting-organisation', '2026-01-01', 'test', 'trust', 'North West', 'primary', 'leadership-governance')`);
  ids.near = Number(one("SELECT id FROM organisations WHERE name = 'Near Trust Partnership'"));
  [officer, director, grant, provider, school] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "grant-team", name: "Gail Grant" }),
    signedIn(server, { role: "supporting-organisation", name: "Sam Provider", organisation: String(ids.near), orgKind: "provider" }),
    signedIn(server, { role: "school", name: "Hal Head", organisation: "170003", orgKind: "school" }),
  ]);
  // a Tier 1 SI case with the provider matched to it (as plans.test.mjs sets one up)
  ok(await post(officer.client, "/screening/si-2019-20/exception",
    { kind: "school", id: "170003", source: "regional-director", reason: "Named by the director" }), "open the case");
  caseId = Number(one("SELECT id FROM cases WHERE subject_id = 170003"));
  sqlite(server.db, `UPDATE screening_decisions SET suggested = 'tier-1' WHERE case_id = ${caseId};
    INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${caseId}, ${ids.near}, 'matched', '2026-01-01')`);
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("an NLE's claim over the cap is refused; a valid one is approved and falls due", async () => {
  const form = `/cases/${caseId}/claims/new`;
  // a school cannot claim days
  assert.equal((await school.client.get(form)).status, 403);
  const page = await provider.client.get(form);
  assert.equal(page.status, 200);
  assert.match(page.text, /0 of 3 days claimed/);
  // 002 8.1: "up to a maximum of 3 days, per supported school": 4 days are refused, the input kept
  let r = await post(provider.client, form, claim({ days: "4" }));
  assert.equal(r.status, 409);
  const t = unescapeHtml(r.text);
  assert.match(t, /govuk-error-summary/);
  assert.match(t, /An NLE is paid for at most 3 days a supported school: 3 days left to claim/);
  assert.match(t, /name="days"[^>]*value="4"/);
  assert.match(t, /Coaching the headteacher and the senior team/);
  assert.equal(one("SELECT count(*) FROM grant_claims"), "0", "nothing is written");
  // bad input: no activities, the last day before the first
  r = await post(provider.client, form, claim({ activities: "", ...dateOf("to", daysAgo(12)) }));
  assert.equal(r.status, 400);
  assert.match(r.text, /Enter what was delivered/);
  assert.match(r.text, /must be the same as or after the first day/);
  // "£600 per day where you are required to travel longer than 1 hour": 75 minutes
  r = await post(provider.client, form, claim({ travel_minutes: "75" }));
  ok(r, "a valid claim");
  const claimId = Number(r.location.match(/^\/claims\/(\d+)$/)?.[1]);
  assert.ok(claimId > 0, r.location);
  assert.deepEqual(rows(`SELECT status, halves, day_rate, amount FROM grant_claims WHERE id = ${claimId}`)[0],
    ["submitted", "4", "60000", "120000"]);
  assert.ok(Number(one(`SELECT count(*) FROM outbox WHERE template_key = 'claim-step' AND recipient = '${officer.user.email}'`)) >= 1,
    "the delivery officer is told");
  // the school cannot decide; the regional director sees the check and approves
  const seen = await director.client.get(`/claims/${claimId}`);
  assert.equal(seen.status, 200);
  assert.match(seen.text, /2 of 3 days claimed/);
  assert.match(seen.text, /Record the decision/);
  r = await post(director.client, `/claims/${claimId}`, { outcome: "reject" }, `/claims/${claimId}/decision`);
  assert.equal(r.status, 400, "a rejection needs its reason");
  assert.match(r.text, /Enter why the claim is rejected/);
  ok(await post(director.client, `/claims/${claimId}`, { outcome: "approve" }, `/claims/${claimId}/decision`), "approve");
  const [line] = rows(`SELECT l.status, l.amount, l.pay_when, l.label, g.kind, g.days_kind, g.status, g.due
    FROM grant_lines l JOIN grants g ON g.id = l.grant_id WHERE l.claim_id = ${claimId}`);
  assert.deepEqual(line.slice(0, 3), ["due", "120000", "claim"]);
  assert.match(line[3], new RegExp(`^Claim ${claimId}: 2 days, `));
  assert.deepEqual(line.slice(4), ["days", "nle", "accepted", "120000"]);
  assert.equal(one("SELECT count(*) FROM grant_ledger WHERE op = 'offer' AND to_bucket = 'due' AND amount = 120000"), "1");
  assert.ok(Number(one(`SELECT count(*) FROM outbox WHERE template_key = 'claim-step' AND recipient = '${provider.user.email}'`)) >= 1,
    "the provider is told");
  ids.grant = Number(one(`SELECT grant_id FROM grant_claims WHERE id = ${claimId}`));
  // the list of claims to check is empty again; the claim is on the grant team's list until decided
  assert.doesNotMatch((await grant.client.get("/claims")).text, new RegExp(`/claims/${claimId}"`));
});

test("budgets: a table per programme for the year, set by the grant team, over budget in red", async () => {
  assert.equal((await officer.client.get("/budgets")).status, 403);
  let r = await post(grant.client, "/budgets/edit", { programme: "si-2019-20", year: "2026-28", region: "North West", allocated: "abc" });
  assert.equal(r.status, 400);
  assert.match(r.text, /Enter the financial year like 2026-27/);
  assert.match(r.text, /value="abc"/);
  ok(await post(grant.client, "/budgets/edit", { programme: "si-2019-20", year: financialYear, region: "North West", allocated: "1,000" }), "set");
  assert.equal(one(`SELECT allocated FROM grant_budgets WHERE programme = 'si-2019-20' AND year = '${financialYear}' AND region = 'North West'`), "100000");
  assert.equal(one("SELECT count(*) FROM audit WHERE action = 'budget.set'"), "1");
  const page = await grant.client.get(`/budgets?year=${financialYear}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /SI offer|si-2019-20/i);
  // the approved claim (£1,200) is more than the £1,000 allocated
  assert.match(page.text, /Over budget/);
  assert.match(page.text, /£1,200/);
});

test("a declaration is asked for, sent by the payee, accepted with an underspend, and the money recovered", async () => {
  assert.ok(ids.grant > 0, "the first test made the days grant");
  // the payment run (another slice) stands in: the claim's line is paid
  sqlite(server.db, `UPDATE grants SET due = due - 120000, paid = paid + 120000 WHERE id = ${ids.grant};
    UPDATE grant_lines SET status = 'paid', paid_on = '2026-12-01' WHERE grant_id = ${ids.grant};
    INSERT INTO grant_ledger (grant_id, line_id, op, from_bucket, to_bucket, amount, prepared_by, at)
      SELECT grant_id, id, 'pay', 'due', 'paid', amount, 'test', 'x' FROM grant_lines WHERE grant_id = ${ids.grant}`);
  assert.equal((await provider.client.get(`/grants/${ids.grant}/returns/new`)).status, 403);
  let r = await post(grant.client, `/grants/${ids.grant}/returns/new`, { kind: "declaration", ...dateOf("due", inDays(30)) });
  ok(r, "ask for the declaration");
  const retId = Number(r.location.match(/^\/returns\/(\d+)$/)?.[1]);
  assert.ok(Number(one(`SELECT count(*) FROM outbox WHERE template_key = 'grant-return' AND recipient = '${provider.user.email}'`)) >= 1,
    "the payee is emailed");
  // the payee sends it: the declaration must be made
  r = await post(provider.client, `/returns/${retId}`, { spent: "1,000", evaluation: "Leaders coached" }, `/returns/${retId}/submit`);
  assert.equal(r.status, 400);
  assert.match(unescapeHtml(r.text), /Declare that the grant was spent in line with the agreed actions/);
  ok(await post(provider.client, `/returns/${retId}`, { spent: "1,000", evaluation: "Leaders coached", declare: "yes" },
    `/returns/${retId}/submit`), "send");
  // the grant team accepts it: £1,200 paid, £1,000 spent, £200 to recover
  r = await post(grant.client, `/returns/${retId}`, { outcome: "accept" }, `/returns/${retId}/check`);
  ok(r, "accept");
  const [[recId, amount, status]] = rows(`SELECT id, amount, status FROM grant_recoveries WHERE grant_id = ${ids.grant}`);
  assert.deepEqual([amount, status], ["20000", "requested"]);
  // more than is paid cannot be asked for
  r = await post(grant.client, `/grants/${ids.grant}/recoveries/new`, { amount: "5,000", reason: "Misused" });
  assert.equal(r.status, 409);
  assert.match(r.text, /no more than what was paid/);
  ok(await post(grant.client, `/recoveries/${recId}`, { action: "progress", note: "Invoice sent" }), "in progress");
  r = await post(grant.client, `/recoveries/${recId}`, { action: "complete", reference: "" });
  assert.equal(r.status, 400);
  ok(await post(grant.client, `/recoveries/${recId}`, { action: "complete", reference: "REC-1", ...dateOf("received", today) }), "complete");
  assert.deepEqual(rows(`SELECT paid, recovered FROM grants WHERE id = ${ids.grant}`)[0], ["100000", "20000"]);
  assert.equal(one(`SELECT status FROM grant_recoveries WHERE id = ${recId}`), "complete");
  assert.equal(one("SELECT count(*) FROM grant_ledger WHERE op = 'recover' AND amount = 20000"), "1");
  const page = await grant.client.get(`/recoveries/${recId}`);
  assert.match(page.text, /REC-1/);
});
