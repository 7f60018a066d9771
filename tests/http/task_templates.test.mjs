// task_templates.test.mjs - each programme's tasks as data: an administrator
// sees them at /settings/programmes (linked from the school holidays page),
// `rise tasks export` and `rise tasks load` round-trip them, a new programme
// year loads and shows on the page, and a broken file is refused (exit 1)
// with the item named and nothing changed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, rise, sqliteRows } from "../lib/harness.mjs";

let server;
let admin; // { client, user }

before(async () => {
  server = await startServer();
  admin = await signedIn(server, { role: "admin", name: "Avery Admin" });
});

after(async () => {
  if (server) await stopCleanly(server);
});

const templates = () =>
  sqliteRows(server.db, "SELECT programme, code, position, due_days, timeframe, fields FROM task_templates" +
    " ORDER BY programme, position").map((r) => r.join("|")).join("\n");

test("an administrator sees each programme's tasks and timeframes", async () => {
  const r = await admin.client.get("/settings/programmes");
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1 class="govuk-heading-l">Programme tasks and timeframes<\/h1>/);
  assert.match(r.text, /<h2 class="govuk-heading-m" id="rise">RISE<\/h2>/);
  assert.match(r.text, /SI offer 2019\/20/);
  assert.match(r.text, /TSIO 2022\/23/);
  assert.match(r.text, /Contact the responsible body/);
  assert.match(r.text, /Within 10 working days/);
  assert.match(r.text, /10 working days/);
  assert.match(r.text, /10 school days/); // the NLE's contact, excluding school holidays
  assert.match(r.text, /When the school has a diocese/);
  assert.doesNotMatch(r.text, /Later step/); // every step is built (issue 15)
  assert.match(r.text, /Termly reviews of the plan/);
  assert.match(r.text, /Delivery officer/);
  // what must be done first, by title: the school's response waits for both contacts
  assert.match(r.text, /Contact the responsible body<br>Contact the school/);
  assert.match(r.text, /rise tasks export/);
  assert.match(r.text, /rise tasks load/);
  assert.doesNotMatch(r.text, /Changes to these tasks/); // nothing loaded yet
  // linked from the school holidays page
  const h = await admin.client.get("/settings/school-holidays");
  assert.equal(h.status, 200);
  assert.match(h.text, /<a class="govuk-link" href="\/settings\/programmes">Programme tasks and timeframes<\/a>/);
});

test("rise tasks export then rise tasks load changes nothing, and a new programme year loads", async () => {
  const before = templates();
  const out = rise(["tasks", "export", "--db", server.db]);
  assert.equal(out.status, 0, out.stderr);
  const tasks = JSON.parse(out.stdout);
  assert.ok(tasks.length >= 40, `exported ${tasks.length} tasks`);
  assert.deepEqual(Object.keys(tasks[0]), [
    "programme", "code", "position", "stage", "title", "hint", "role", "kind", "fields", "after", "when_rule",
    "due_days", "due_unit", "timeframe", "later",
  ]);
  const file = join(server.dir, "tasks.json");
  writeFileSync(file, out.stdout);
  const load = rise(["tasks", "load", "--db", server.db, file]);
  assert.equal(load.status, 0, load.stderr);
  assert.match(load.stdout, /^loaded \d+ tasks for rise, si-2019-20, tsio-2022-23; 0 open cases brought up to date/);
  assert.equal(templates(), before);
  const audits = sqliteRows(server.db,
    "SELECT object_id, actor FROM audit WHERE action = 'programme.tasks' ORDER BY object_id");
  assert.deepEqual(audits, [["rise", "command line"], ["si-2019-20", "command line"], ["tsio-2022-23", "command line"]]);

  // a new programme year: RISE's tasks under a new code, one timeframe longer
  const rise1 = rise(["tasks", "export", "--db", server.db, "--programme", "rise"]);
  assert.equal(rise1.status, 0, rise1.stderr);
  const next = JSON.parse(rise1.stdout).map((t) => ({ ...t, programme: "rise-2026-27" }));
  const rb = next.find((t) => t.code === "contact-rb");
  rb.due_days = 15;
  rb.timeframe = "Within 15 working days of the case opening";
  const nextFile = join(server.dir, "rise-2026-27.json");
  writeFileSync(nextFile, JSON.stringify(next, null, 2));
  const load2 = rise(["tasks", "load", "--db", server.db, nextFile]);
  assert.equal(load2.status, 0, load2.stderr);
  assert.match(load2.stdout, /^loaded 26 tasks for rise-2026-27; 0 open cases brought up to date/);
  const page = await admin.client.get("/settings/programmes");
  assert.equal(page.status, 200);
  assert.match(page.text, /<h2 class="govuk-heading-m" id="rise-2026-27">rise-2026-27<\/h2>/);
  assert.match(page.text, /Within 15 working days of the case opening/);
  assert.match(page.text, /15 working days/);
  // each load is on the programme's history
  assert.match(page.text, /<a class="govuk-link" href="\/history\/programme\/rise-2026-27">Changes to these tasks/);
  const history = await admin.client.get("/history/programme/rise-2026-27");
  assert.equal(history.status, 200);
  assert.match(history.text, /Programme tasks loaded/);
});

test("a broken file is refused with the item named, and nothing changes", () => {
  const before = templates();
  const out = rise(["tasks", "export", "--db", server.db, "--programme", "rise"]);
  const tasks = JSON.parse(out.stdout);
  tasks.find((t) => t.code === "contact-school").after = "contact-xx";
  const file = join(server.dir, "broken.json");
  writeFileSync(file, JSON.stringify(tasks, null, 2));
  const r = rise(["tasks", "load", "--db", server.db, file]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /item 4 \(rise\/contact-school\): after names "contact-xx", which is not a task of rise/);
  assert.match(r.stderr, /nothing was changed/);
  assert.equal(r.stdout, "");
  assert.equal(templates(), before);

  writeFileSync(file, "[{\"programme\": ");
  const bad = rise(["tasks", "load", "--db", server.db, file]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /not valid JSON/);

  const none = rise(["tasks", "export", "--db", server.db, "--programme", "no-such-programme"]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no tasks for the programme 'no-such-programme'/);
  assert.equal(rise(["tasks", "load", "--db", server.db]).status, 2);
  assert.equal(rise(["tasks", "export", "--db", server.db, "--bogus"]).status, 2);
  assert.equal(rise(["tasks", "frobnicate"]).status, 2);
});

test("only an administrator sees the page", async () => {
  const { client } = await signedIn(server, { role: "delivery-officer", region: "North East" });
  const r = await client.get("/settings/programmes");
  assert.equal(r.status, 403);
});
