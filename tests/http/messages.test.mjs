// messages.test.mjs - the emails case work causes (issue 11, item 3), caught
// by GOV.UK Notify's stand-in: a task assigned to you, an approval waiting
// for you, your approval request decided. Each change causes exactly one
// email per person told, with their name, the case, what happened and a link;
// nobody is emailed about their own action.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  startServer, stopCleanly, signedIn, riseAsync, sqliteRows, csrfFrom, sleep, startStandin, notifyEnv,
  NOTIFY_TEMPLATE,
} from "../lib/harness.mjs";

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate,Diocese (name)\n" +
  "120001,Hill Top Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable\n";

export const MESSAGE_TEMPLATES = ["task-assigned", "approval-waiting", "approval-decided", "password-reset"]
  .map((k) => `${k}=${NOTIFY_TEMPLATE}`).join(",");

let standin, server, officer, olive, director, director2, london, caseId;

async function post(client, path, fields) {
  const token = csrfFrom((await client.get(path)).text);
  return client.post(path, { csrf_token: token, ...fields });
}

/** The messages queued so far (template key, recipient, personalisation), oldest first. */
function queued() {
  return sqliteRows(server.db, "SELECT template_key, recipient, personalisation FROM outbox ORDER BY id")
    .map(([key, to, p]) => ({ key, to, p: JSON.parse(p) }));
}

/** Waits until the stand-in has n emails, then a little longer to see no more arrive. */
async function receivedExactly(n) {
  const end = Date.now() + 10000;
  let got;
  for (;;) {
    got = await standin.received();
    if (got.length >= n || Date.now() > end) break;
    await sleep(50);
  }
  await sleep(300);
  got = await standin.received();
  assert.equal(got.length, n, JSON.stringify(got.map((g) => [g.email_address, g.personalisation.what])));
  return got;
}

before(async () => {
  standin = await startStandin();
  server = await startServer({ env: { ...notifyEnv(standin), RISE_NOTIFY_TEMPLATES: MESSAGE_TEMPLATES } });
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  [officer, olive, director, director2, london] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer" }),
    signedIn(server, { role: "delivery-officer", name: "Olive Officer" }),
    signedIn(server, { role: "regional-director", name: "Reg Director" }),
    signedIn(server, { role: "regional-director", name: "Rita Director" }),
    signedIn(server, { role: "regional-director", region: "London", name: "Lon Director" }),
  ]);
});

after(async () => {
  if (server) await stopCleanly(server);
  if (standin) await standin.stop();
});

test("a decision awaiting approval emails each regional director of the region, once", async () => {
  const opened = await post(officer.client, "/screening/rise/exception", {
    kind: "school", id: "120001", source: "regional-director", category: "targeted", reason: "Named by the director",
  });
  assert.equal(opened.status, 303, opened.text.slice(0, 400));
  caseId = Number(sqliteRows(server.db, "SELECT id FROM cases WHERE subject_id = 120001")[0][0]);
  const [[did]] = sqliteRows(server.db,
    `SELECT id FROM case_decisions WHERE case_id = ${caseId} AND approval = 'awaiting'`);
  const got = await receivedExactly(2);
  // the officer opened the case and owns it: not told of their own action; London not told
  assert.deepEqual(got.map((g) => g.email_address).sort(), [director.user.email, director2.user.email].sort());
  for (const g of got) {
    assert.equal(g.template_id, NOTIFY_TEMPLATE);
    assert.equal(g.personalisation.case, "Hill Top Primary School");
    assert.match(g.personalisation.what, /^A decision is waiting for your approval: /);
    assert.equal(g.personalisation.link, `/cases/${caseId}/decisions/${did}`);
  }
  const reg = got.find((g) => g.email_address === director.user.email);
  assert.equal(reg.personalisation.name, "Reg Director");
  assert.deepEqual(queued().map((m) => m.key), ["approval-waiting", "approval-waiting"]);
});

test("the decision approved emails the person who recorded it, with the note", async () => {
  const [[did]] = sqliteRows(server.db,
    `SELECT id FROM case_decisions WHERE case_id = ${caseId} AND approval = 'awaiting'`);
  const r = await post(director.client, `/cases/${caseId}/decisions/${did}`, { approval: "approved", note: "Agreed <b>" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const got = await receivedExactly(3);
  const m = got[2];
  assert.equal(m.email_address, officer.user.email);
  assert.equal(m.personalisation.name, "Dana Officer");
  assert.equal(m.personalisation.case, "Hill Top Primary School");
  assert.match(m.personalisation.what, /^Your decision ".+" was approved: Agreed <b>$/);
  assert.equal(m.personalisation.link, `/cases/${caseId}/decisions/${did}`);
  assert.equal(queued()[2].key, "approval-decided");
});

test("a task given to someone else emails them; giving it to yourself emails no one", async () => {
  const [[oliveId]] = sqliteRows(server.db, `SELECT id FROM users WHERE name = 'Olive Officer'`);
  const [[danaId]] = sqliteRows(server.db, `SELECT id FROM users WHERE name = 'Dana Officer'`);
  let r = await post(officer.client, `/cases/${caseId}/tasks/contact-rb`, { complete: "no", owner: oliveId });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  let got = await receivedExactly(4);
  assert.equal(got[3].email_address, olive.user.email);
  assert.equal(got[3].personalisation.name, "Olive Officer");
  assert.match(got[3].personalisation.what, /^You have been given the task "/);
  assert.equal(got[3].personalisation.link, `/cases/${caseId}/tasks/contact-rb`);
  assert.equal(queued()[3].key, "task-assigned");
  // Dana takes it back herself: no email to Dana
  r = await post(officer.client, `/cases/${caseId}/tasks/contact-rb`, { complete: "no", owner: danaId });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  got = await receivedExactly(4);
});

test("a case's delivery officer changed by someone else emails the new officer", async () => {
  const [[oliveId]] = sqliteRows(server.db, `SELECT id FROM users WHERE name = 'Olive Officer'`);
  const r = await post(director.client, `/cases/${caseId}/people`, { user: oliveId, reason: "Dana is on leave" });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  const got = await receivedExactly(5);
  assert.equal(got[4].email_address, olive.user.email);
  assert.equal(got[4].personalisation.what, "You are now the case's delivery officer");
  assert.equal(got[4].personalisation.link, `/cases/${caseId}`);
  // never to London's director, and every queued email was sent
  assert.ok(!got.some((g) => g.email_address === london.user.email));
  assert.equal(sqliteRows(server.db, "SELECT count(*) FROM outbox WHERE status <> 'sent'")[0][0], "0");
});
