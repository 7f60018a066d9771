// payments.test.mjs - payment runs over HTTP (issue 14 item 6): what is due
// by payee, with a payee whose vendor account is not set up held back; a
// vendor account set with the form (a bad one refused, the input kept); a
// run prepared by one member of the grant team, refused to them for
// approval and approved by another; the CSV for the finance system with the
// documented header; marked paid once (a second time refused, nothing
// changed); the remittance emails in the outbox; a cancelled run's lines due
// again; a delivery officer refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom } from "../lib/harness.mjs";

let server, preparer, approver, officer, analyst;
let caseId, payeeTrust, payeeNone;

const rows = (sql) => sqliteRows(server.db, sql);
const one = (sql) => rows(sql)[0]?.[0];
const problems = (html) =>
  [...(html.match(/govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? html.slice(0, 300)).matchAll(/<li>(.*?)<\/li>/gs)]
    .map((m) => m[1].replace(/<[^>]+>/g, "")).join("; ") || html.slice(0, 300);

async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.status}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}

/** A grant of the case for payee with lines of those amounts, the first `due` of them due; the ledger kept. */
function grant(payee, kind, status, amounts, due) {
  const total = amounts.reduce((a, b) => a + b, 0);
  const dueSum = amounts.slice(0, due).reduce((a, b) => a + b, 0);
  sqlite(server.db, `INSERT INTO grants (case_id, kind, days_kind, programme, region, payee_id, status, total, offered, scheduled, due,
    created_at, created_by, updated_at) VALUES (${caseId}, '${kind}', ${kind === "days" ? "'adviser'" : "NULL"}, 'rise', 'North West',
    ${payee}, '${status}', ${total}, ${total}, ${total - dueSum}, ${dueSum}, '2026-01-01', 'test', '2026-01-01')`);
  const g = Number(one("SELECT max(id) FROM grants"));
  amounts.forEach((amount, i) => {
    const st = i < due ? "due" : "scheduled";
    sqlite(server.db, `INSERT INTO grant_lines (grant_id, position, label, amount, pay_when, term, status) VALUES
      (${g}, ${i}, 'Term ${i + 1}', ${amount}, 'arrears', ${i}, '${st}');
      INSERT INTO grant_ledger (grant_id, line_id, op, to_bucket, amount, prepared_by, at) VALUES
      (${g}, last_insert_rowid(), 'offer', 'scheduled', ${amount}, 'test', '2026-01-01');`);
    if (i < due)
      sqlite(server.db, `INSERT INTO grant_ledger (grant_id, line_id, op, from_bucket, to_bucket, amount, prepared_by, at)
        SELECT ${g}, max(id), 'make-due', 'scheduled', 'due', ${amount}, 'test', '2026-01-01' FROM grant_lines WHERE grant_id = ${g}`);
  });
  return g;
}

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"),
    "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name),GOR (name),LA (code),LA (name),OpenDate\n" +
    "170002,Moor Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012\n");
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  [preparer, approver, officer, analyst] = await Promise.all([
    signedIn(server, { role: "grant-team", name: "Robin Prepare" }),
    signedIn(server, { role: "grant-team", name: "Dana Approve" }),
    signedIn(server, { role: "delivery-officer", name: "Dee Officer", region: "North West" }),
    signedIn(server, { role: "analyst", name: "Ann Analyst" }),
  ]);
  await signedIn(server, { role: "school", name: "Tess Trust", organisation: "4100", orgKind: "trust", email: "ceo@moor.example" });
  const opened = await post(officer.client, "/screening/rise/exception",
    { kind: "school", id: "170002", source: "regional-director", category: "targeted", reason: "Named by the director" });
  assert.equal(opened.status, 303, problems(opened.text));
  caseId = Number(one("SELECT id FROM cases WHERE subject_id = 170002"));
  sqlite(server.db, "INSERT INTO payees (kind, ref, name) VALUES ('trust', '4100', '=Moor \"Learning\", Trust'), ('provider', '77', 'Near Partners')");
  payeeTrust = Number(one("SELECT id FROM payees WHERE ref = '4100'"));
  payeeNone = Number(one("SELECT id FROM payees WHERE ref = '77'"));
  grant(payeeTrust, "improvement", "accepted", [100000, 50000], 1);
  grant(payeeNone, "planning", "accepted", [30000], 1);
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("a delivery officer cannot see payments; an analyst reads them but cannot act", async () => {
  assert.equal((await officer.client.get("/payments")).status, 403);
  assert.equal((await officer.client.get("/payees")).status, 403);
  const page = await analyst.client.get("/payments");
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Prepare a payment run/);
});

test("vendor accounts, a run prepared by one person and approved by another, the CSV, paid once, remittances", async () => {
  const p = preparer.client, a = approver.client;
  // nothing can be paid yet: both payees lack a vendor account
  let page = await p.get("/payments");
  assert.equal(page.status, 200);
  assert.match(page.text, /Not set up/);
  assert.doesNotMatch(page.text, /Prepare a payment run/);
  let r = await post(p, "/payments", {}, "/payments/runs");
  assert.equal(r.status, 409);
  assert.match(problems(r.text), /There is nothing to pay/);

  // a bad vendor account is refused with the input kept
  r = await post(p, `/payees/${payeeTrust}`, { vendor_account: "V-12 34" });
  assert.equal(r.status, 400);
  assert.match(problems(r.text), /only letters and numbers/);
  assert.match(r.text, /value="V-12 34"/);
  r = await post(p, `/payees/${payeeTrust}`, { vendor_account: "V0012345" });
  assert.equal(r.status, 303);
  assert.equal(one(`SELECT vendor_account FROM payees WHERE id = ${payeeTrust}`), "V0012345");
  assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'payee.vendor' AND object_id = '${payeeTrust}'`), "1");

  // due by payee; the payee without an account is held back
  page = await p.get("/payments");
  assert.match(page.text, /V0012345/);
  assert.match(page.text, /Held back/);
  assert.match(page.text, /Cannot be paid until the vendor account is set up/);
  r = await post(p, "/payments", {}, "/payments/runs");
  assert.equal(r.status, 303, problems(r.text));
  const run = Number(r.location.match(/^\/payments\/runs\/(\d+)$/)?.[1]);
  assert.ok(run > 0);
  assert.deepEqual(rows(`SELECT status, total, n_lines, n_payees FROM payment_runs WHERE id = ${run}`), [["prepared", "100000", "1", "1"]]);

  // the preparer is told someone else must approve, and is refused if they try
  page = await p.get(`/payments/runs/${run}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /You prepared this run/);
  assert.match(page.text, /href="\/grants\/\d+"/);
  r = await p.post(`/payments/runs/${run}/approve`, { csrf_token: csrfFrom(page.text) });
  assert.equal(r.status, 409);
  assert.match(problems(r.text), /The person who prepared a run cannot approve it/);
  // no CSV before approval
  assert.equal((await p.get(`/payments/runs/${run}/export.csv`)).status, 409);
  r = await post(a, `/payments/runs/${run}`, {}, `/payments/runs/${run}/approve`);
  assert.equal(r.status, 303, problems(r.text));
  assert.equal(one(`SELECT status FROM payment_runs WHERE id = ${run}`), "approved");

  // the CSV: the documented header, one row for the payee, quoted and formula-safe
  const csv = await p.get(`/payments/runs/${run}/export.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type"), /^text\/csv/);
  assert.match(csv.headers.get("content-disposition"), /^attachment; filename="payment-run-\d+\.csv"$/);
  const lines = csv.text.split("\r\n");
  assert.equal(lines[0], "RunId,Reference,PayeeVendorAccount,PayeeName,PayeeKind,Amount,AmountPence,Lines,LineIds,GrantIds,Programmes,ApprovedOn");
  assert.ok(lines[1].startsWith(`${run},RISE grant run ${run},V0012345,"'=Moor ""Learning"", Trust",trust,1000.00,100000,1,`), lines[1]);
  assert.equal(lines[2], "");
  assert.equal(lines.length, 3);

  // marked paid: a missing reference is an error with the date kept
  const today = new Date();
  const date = { "paid-day": String(today.getDate()), "paid-month": String(today.getMonth() + 1), "paid-year": String(today.getFullYear()) };
  r = await post(p, `/payments/runs/${run}`, { reference: "", ...date }, `/payments/runs/${run}/paid`);
  assert.equal(r.status, 400);
  assert.match(problems(r.text), /Enter the payment reference/);
  r = await post(p, `/payments/runs/${run}`, { reference: "FIN-0042", ...date }, `/payments/runs/${run}/paid`);
  assert.equal(r.status, 303, problems(r.text));
  assert.equal(one(`SELECT status FROM payment_runs WHERE id = ${run}`), "paid");
  assert.equal(one(`SELECT count(*) FROM grant_ledger WHERE op = 'pay' AND run_id = ${run}`), "1");
  assert.equal(one(`SELECT paid FROM grants WHERE payee_id = ${payeeTrust}`), "100000");
  // the remittance to the trust's account
  const remit = rows("SELECT recipient, personalisation FROM outbox WHERE template_key = 'remittance'");
  assert.equal(remit.length, 1);
  assert.equal(remit[0][0], "ceo@moor.example");
  const pers = JSON.parse(remit[0].slice(1).join("|"));
  assert.equal(pers.amount, "£1,000");
  assert.equal(pers.reference, `RISE grant run ${run}`);
  assert.match(pers.lines, /Moor Academy: Term 1/);
  // a second time: refused, nothing changes
  page = await p.get(`/payments/runs/${run}`);
  assert.doesNotMatch(page.text, /Mark as paid<\/button>/);
  r = await p.post(`/payments/runs/${run}/paid`, { csrf_token: csrfFrom(page.text), reference: "FIN-0043", ...date });
  assert.equal(r.status, 409);
  assert.match(problems(r.text), /already been marked as paid/);
  assert.equal(one(`SELECT count(*) FROM grant_ledger WHERE op = 'pay'`), "1");
  assert.equal(one(`SELECT paid_reference FROM payment_runs WHERE id = ${run}`), "FIN-0042");
  assert.equal(one("SELECT count(*) FROM outbox WHERE template_key = 'remittance'"), "1");
  for (const action of ["prepare", "approve", "export", "paid"])
    assert.ok(Number(one(`SELECT count(*) FROM audit WHERE action = 'payment_run.${action}'`)) >= 1, action);
  // the payee's page lists the payment
  page = await a.get(`/payees/${payeeTrust}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /FIN-0042/);
});

test("a cancelled run's lines are due again", async () => {
  const p = preparer.client;
  sqlite(server.db, `UPDATE payees SET vendor_account = 'V77' WHERE id = ${payeeNone}`);
  let r = await post(p, "/payments", {}, "/payments/runs");
  assert.equal(r.status, 303, problems(r.text));
  const run = Number(r.location.split("/").pop());
  r = await post(p, `/payments/runs/${run}`, { reason: "" }, `/payments/runs/${run}/cancel`);
  assert.equal(r.status, 400);
  r = await post(p, `/payments/runs/${run}`, { reason: "Wrong month" }, `/payments/runs/${run}/cancel`);
  assert.equal(r.status, 303, problems(r.text));
  assert.equal(one(`SELECT status FROM payment_runs WHERE id = ${run}`), "cancelled");
  assert.equal(one(`SELECT count(*) FROM grant_lines WHERE run_id = ${run}`), "0");
  assert.equal(one("SELECT count(*) FROM grant_lines WHERE status = 'due' AND run_id IS NULL"), "1");
  const page = await p.get("/payments");
  assert.match(page.text, /Cancelled/);
  assert.match(page.text, /Prepare a payment run/);
});
