// closure.test.mjs - issue 15 items 4 and 6 over HTTP. Item 4: an Ofsted
// import that brings a new inspection of a school with an open case gives
// the case the task to review the plan with DfE, due 10 working days after
// the publication (002 section 7), and a banner on the case. Item 6: closing
// records the end-of-support call (required for TSIO), completed or stopped
// early and why, the final rating and the case study; check-your-answers
// shows the money the close cancels; confirming cancels the unpaid grant
// lines through the ledger, and the closed case shows its school's
// judgements before and after, the "after" arriving with a later import.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom } from "../lib/harness.mjs";

let server, officer;
const URN = 150001;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name)\n" +
  `${URN},Monitoring Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable,,\n`;

async function importOfsted(name, rows) {
  writeFileSync(join(server.dir, name), "URN,Rating,Inspection Date\n" + rows.map((r) => r.join(",")).join("\n") + "\n");
  const r = await riseAsync(["import", "ofsted", "--db", server.db, join(server.dir, name)]);
  assert.equal(r.status, 0, r.stderr);
}

function on(prefix, iso) {
  const [y, m, d] = iso.split("-");
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y };
}

async function post(client, path, fields) {
  const page = await client.get(path);
  assert.equal(page.status, 200, `GET ${path}: ${page.text.slice(0, 300)}`);
  return client.post(path, { csrf_token: csrfFrom(page.text), ...fields });
}

function run(sql) {
  const r = sqlite(server.db, sql);
  assert.equal(r.status, 0, r.stderr);
}

const one = (sql) => sqliteRows(server.db, sql)[0][0];

let caseId;

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  await importOfsted("ofsted1.csv", [[URN, "Requires improvement", "20230510"]]);
  ({ client: officer } = await signedIn(server, { role: "delivery-officer", name: "Dana Officer" }));
  const open = await post(officer, "/screening/tsio-2022-23/exception", {
    kind: "school", id: String(URN), source: "self-identified", reason: "Asked for help",
  });
  assert.equal(open.status, 303, open.text.slice(0, 400));
  caseId = Number(one(`SELECT id FROM cases WHERE subject_id = ${URN}`));
  // as if opened on Monday 5 January 2026
  run(`UPDATE cases SET opened_at = '2026-01-05T09:00:00Z' WHERE id = ${caseId};` +
    `UPDATE case_tasks SET done_on = '2026-01-05' WHERE case_id = ${caseId} AND code = 'identify';` +
    `UPDATE case_decisions SET decided_on = '2026-01-05' WHERE case_id = ${caseId};`);
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("item 4: an import with a new inspection gives the open case the review of the plan, due 10 working days after it", async () => {
  assert.equal(one(`SELECT status FROM case_tasks WHERE case_id = ${caseId} AND code = 'inspection-review'`), "not needed");
  let page = await officer.get(`/cases/${caseId}`);
  assert.doesNotMatch(page.text, /A new inspection was published/);
  const stage = one(`SELECT stage FROM cases WHERE id = ${caseId}`);

  // published (the history file gives the start date) Wednesday 4 March 2026
  await importOfsted("ofsted2.csv", [[URN, "Requires improvement", "20230510"], [URN, "Good", "20260304"]]);
  assert.deepEqual(sqliteRows(server.db, `SELECT status, due_on FROM case_tasks WHERE case_id = ${caseId}` +
    ` AND code = 'inspection-review'`), [["not started", "2026-03-18"]]);
  // the review runs beside the case's course: the stage does not move to monitoring
  assert.equal(one(`SELECT stage FROM cases WHERE id = ${caseId}`), stage);

  page = await officer.get(`/cases/${caseId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /A new inspection was published on 4 March 2026: Good/);
  assert.match(page.text, new RegExp(`href="/schools/${URN}#ofsted"`));
  assert.match(page.text, /Review the plan with DfE after the new inspection/);
  assert.match(page.text, /Due 18 March 2026/);
  const task = await officer.get(`/cases/${caseId}/tasks/inspection-review`);
  assert.equal(task.status, 200);
  assert.match(task.text, /our timeframe for every programme/);

  // reviewed on 10 March; a monitoring visit published on 1 June opens the review again, due from it
  const done = await post(officer, `/cases/${caseId}/tasks/inspection-review`, {
    ...on("f-on", "2026-03-10"), "f-changes": "Nothing changes: the plan already covers reading", complete: "yes",
  });
  assert.equal(done.status, 303, done.text.slice(0, 400));
  run(`UPDATE case_tasks SET updated_at = '2026-03-10T10:00:00Z' WHERE case_id = ${caseId} AND code = 'inspection-review'`);
  await importOfsted("ofsted2b.csv", [[URN, "Requires improvement", "20230510"], [URN, "Good", "20260304"],
    [URN, "Good", "20260601"]]);
  assert.deepEqual(sqliteRows(server.db, `SELECT status, due_on, done_on IS NULL FROM case_tasks WHERE case_id = ${caseId}` +
    ` AND code = 'inspection-review'`), [["not started", "2026-06-15", "1"]]);
});

test("item 6: closing asks for the closure, shows the money it cancels, and cancels it through the ledger", async () => {
  // a grant of £3,000: £1,000 paid, £1,000 due, £1,000 scheduled
  run(`INSERT INTO payees (id, kind, ref, name) VALUES (1, 'provider', '1', 'Strong Trust');` +
    `INSERT INTO grants (id, case_id, kind, programme, region, payee_id, status, total, created_at, created_by,` +
    ` updated_at, offered, scheduled, due, paid) VALUES (1, ${caseId}, 'raf', 'tsio-2022-23', 'North West', 1,` +
    ` 'accepted', 300000, '2026-02-01T00:00:00Z', 'test', '2026-02-01T00:00:00Z', 300000, 100000, 100000, 100000);` +
    `INSERT INTO grant_lines (id, grant_id, position, label, amount, pay_when, status) VALUES` +
    ` (1, 1, 1, 'Term 1', 100000, 'up-front', 'paid'), (2, 1, 2, 'Term 2', 100000, 'arrears', 'due'),` +
    ` (3, 1, 3, 'Term 3', 100000, 'arrears', 'scheduled');` +
    `INSERT INTO payment_runs (id, status, prepared_by_id, prepared_by, prepared_at) VALUES` +
    ` (7, 'prepared', 99, 'Grant Team', '2026-06-01T00:00:00Z');` +
    `UPDATE grant_lines SET run_id = 7 WHERE id = 2;`);
  const close = `/cases/${caseId}/close`;
  // a payment run holding one of its payments stops the close, and says which
  let r = await officer.get(close);
  assert.equal(r.status, 409);
  assert.match(r.text, /Payment run 7 is prepared and not paid yet/);
  run(`UPDATE payment_runs SET status = 'cancelled' WHERE id = 7; UPDATE grant_lines SET run_id = NULL WHERE id = 2;`);

  const base = { outcome: "support-completed", ...on("on", "2026-06-30"), reason: "The plan was delivered" };
  // stopped early without a reason, TSIO without the end call: errors, the input kept
  r = await post(officer, close, { step: "check", ...base, completion: "stopped-early", "final-rating": "not-improving",
    "case-study": "yes", "case-study-text": "How <they> improved" });
  assert.equal(r.status, 400);
  assert.match(r.text, /govuk-error-summary[\s\S]*href="#stopped-reason"[^>]*>Enter why the support stopped early/);
  assert.match(r.text, /href="#end-call-on-day"[^>]*>Enter the date of the end-of-support call/);
  assert.match(r.text, /value="stopped-early" checked/);
  assert.match(r.text, /How &lt;they&gt; improved<\/textarea>/);
  // a case study needs its text
  r = await post(officer, close, { step: "check", ...base, ...on("end-call-on", "2026-06-20"), completion: "completed",
    "final-rating": "improved-complete", "case-study": "yes" });
  assert.equal(r.status, 400);
  assert.match(r.text, /href="#case-study-text"[^>]*>Enter the case study/);
  assert.equal(one(`SELECT status FROM cases WHERE id = ${caseId}`), "in progress");

  // check your answers, with the money
  const answers = { ...base, ...on("end-call-on", "2026-06-20"), "end-call-notes": "Head and chair pleased",
    completion: "completed", "final-rating": "improved-complete", "case-study": "yes",
    "case-study-text": "Reading rose across the school" };
  r = await post(officer, close, { step: "check", ...answers });
  assert.equal(r.status, 200, r.text.slice(0, 400));
  assert.match(r.text, /Check your answers before closing the case/);
  assert.match(r.text, /End-of-support call<\/dt>\s*<dd[^>]*>20 June 2026/);
  assert.match(r.text, /Final overall rating<\/dt>\s*<dd[^>]*>Improved, support complete/);
  assert.match(r.text, /Reading rose across the school/);
  assert.match(r.text, /RAF grant/);
  assert.match(r.text, /Closing the case cancels £2,000 still to pay \(2 payments not yet made\)/);
  assert.match(r.text, /name="case-study-text" value="Reading rose across the school"/);
  assert.equal(one(`SELECT count(*) FROM case_closures`), "0");

  // confirmed: closed, the unpaid lines cancelled, the balances still add up
  r = await officer.post(close, { csrf_token: csrfFrom(r.text), ...answers, step: "confirm" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.deepEqual(sqliteRows(server.db, `SELECT status, closure_outcome FROM cases WHERE id = ${caseId}`),
    [["closed", "support-completed"]]);
  assert.deepEqual(sqliteRows(server.db, "SELECT id, status FROM grant_lines ORDER BY id"),
    [["1", "paid"], ["2", "cancelled"], ["3", "cancelled"]]);
  assert.deepEqual(sqliteRows(server.db, "SELECT offered, scheduled + due + withheld + paid + cancelled + recovered," +
    " cancelled, paid FROM grants WHERE id = 1"), [["300000", "300000", "200000", "100000"]]);
  assert.equal(one("SELECT count(*) FROM grant_ledger WHERE op = 'cancel' AND reason = 'Case closed'"), "2");
  assert.deepEqual(sqliteRows(server.db, "SELECT end_call_on, completion, final_rating, case_study, case_study_text," +
    ` cancelled_amount FROM case_closures WHERE case_id = ${caseId}`),
    [["2026-06-20", "completed", "improved-complete", "1", "Reading rose across the school", "200000"]]);
  const audit = one(`SELECT changes FROM audit WHERE action = 'case.closure' AND object_id = '${caseId}'`);
  assert.match(audit, /"final_rating","before":null,"after":"Improved, support complete"/);
  assert.match(audit, /"cancelled_pence","before":null,"after":"200000"/);

  // the closed case: how it ended, and before and after
  let page = await officer.get(`/cases/${caseId}`);
  assert.match(page.text, /How the support ended/);
  assert.match(page.text, /Head and chair pleased/);
  assert.match(page.text, /Before the case opened<\/dt>\s*<dd[^>]*>Requires improvement, published 10 May 2023/);
  assert.match(page.text, /No inspection since the case closed/);
  assert.doesNotMatch(page.text, /A new inspection was published/);

  // the next inspection arrives with an import: the closed case shows it on its own
  await importOfsted("ofsted3.csv", [[URN, "Requires improvement", "20230510"], [URN, "Good", "20260304"],
    [URN, "Good", "20260601"], [URN, "Outstanding", "20260915"]]);
  page = await officer.get(`/cases/${caseId}`);
  assert.match(page.text, /After it closed<\/dt>\s*<dd[^>]*>Outstanding, published 15 September 2026/);
  assert.doesNotMatch(page.text, /No inspection since the case closed/);
});
