// digest.test.mjs - the weekly email of a person's overdue and due-soon tasks
// (issue 11, item 3): queued by the email sender's thread once a period per
// person (the check interval and the period are settings, short here); a
// person who turned it off at /account/emails gets none until they turn it
// on again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  startServer, stopCleanly, signedIn, riseAsync, sqliteRows, sqlite, csrfFrom, sleep, startStandin, notifyEnv,
  NOTIFY_TEMPLATE,
} from "../lib/harness.mjs";

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate,Diocese (name)\n" +
  "120001,Hill Top Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable\n";

let standin, server;

before(async () => {
  standin = await startStandin();
  server = await startServer({
    env: {
      ...notifyEnv(standin),
      RISE_NOTIFY_TEMPLATES: `weekly-digest=${NOTIFY_TEMPLATE}`,
      RISE_DIGEST_CHECK_MS: "100",
      RISE_DIGEST_PERIOD_S: "3600",
    },
  });
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
});

after(async () => {
  if (server) await stopCleanly(server);
  if (standin) await standin.stop();
});

async function post(client, path, fields) {
  const token = csrfFrom((await client.get(path)).text);
  return client.post(path, { csrf_token: token, ...fields });
}

async function digestsTo(address, n) {
  const end = Date.now() + 10000;
  for (;;) {
    const got = (await standin.received()).filter((g) => g.email_address === address);
    if (got.length >= n || Date.now() > end) return got;
    await sleep(50);
  }
}

test("the weekly email of tasks: once a period, and never to someone who turned it off", async () => {
  const dana = await signedIn(server, { role: "delivery-officer", name: "Dana Officer" });
  const olive = await signedIn(server, { role: "delivery-officer", name: "Olive Officer" });

  // Olive turns it off: the page, its error, the audit
  let page = await olive.client.get("/account/emails");
  assert.equal(page.status, 200);
  assert.match(page.text, /value="yes" checked/);
  let r = await post(olive.client, "/account/emails", { digest: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /<title>Error: /);
  assert.match(r.text, /Select yes if you want a weekly email of your tasks/);
  r = await post(olive.client, "/account/emails", { digest: "no" });
  assert.equal(r.status, 303);
  page = await olive.client.get("/account/emails");
  assert.match(page.text, /You will no longer get a weekly email of your tasks/);
  assert.match(page.text, /value="no" checked/);
  const [[oliveId]] = sqliteRows(server.db, `SELECT id FROM users WHERE email = '${olive.user.email}'`);
  assert.equal(sqliteRows(server.db, `SELECT count(*) FROM audit WHERE action = 'user.digest' AND object_id = '${oliveId}'`)[0][0], "1");

  // Dana opens a case and owns its tasks; one is overdue, and one is given to Olive, overdue too
  r = await post(dana.client, "/screening/rise/exception", {
    kind: "school", id: "120001", source: "regional-director", category: "targeted", reason: "Named by the director",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const [[caseId]] = sqliteRows(server.db, "SELECT id FROM cases WHERE subject_id = 120001");
  sqlite(server.db, `UPDATE case_tasks SET due_on = '2020-01-06' WHERE case_id = ${caseId} AND code = 'contact-rb';
                     UPDATE case_tasks SET due_on = '2020-01-07', owner_id = ${oliveId}, status = 'in progress'
                       WHERE case_id = ${caseId} AND code = 'contact-school'`);

  const [mail] = await digestsTo(dana.user.email, 1);
  assert.ok(mail, "Dana's digest arrived");
  assert.equal(mail.template_id, NOTIFY_TEMPLATE);
  assert.equal(mail.personalisation.name, "Dana Officer");
  assert.match(mail.personalisation.tasks, /Hill Top Primary School: /);
  assert.ok(mail.personalisation.overdue + mail.personalisation.due_soon >= 1);
  assert.equal(mail.personalisation.link, "/");
  assert.equal(mail.personalisation.settings, "/account/emails");

  // many checks later: still one for Dana (once a period), none for Olive
  await sleep(800);
  assert.equal((await digestsTo(dana.user.email, 2)).length, 1);
  assert.equal((await standin.received()).filter((g) => g.email_address === olive.user.email).length, 0);

  // Olive turns it on again: hers comes, with her overdue task
  r = await post(olive.client, "/account/emails", { digest: "yes" });
  assert.equal(r.status, 303);
  const [hers] = await digestsTo(olive.user.email, 1);
  assert.ok(hers, "Olive's digest arrived once turned on");
  assert.equal(hers.personalisation.overdue, 1);
  assert.match(hers.personalisation.tasks, /overdue since 2020-01-07/);
});
