// case_clarity.test.mjs - a case says what to do next: the banner after
// opening a case links to it; a task that cannot start names the tasks it
// waits for and links to them; after the school declines, the banner offers
// to raise an engagement concern.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, csrfFrom } from "../lib/harness.mjs";

let server, officer, caseId;

async function post(client, path, fields) {
  const token = csrfFrom((await client.get(path)).text);
  return client.post(path, { csrf_token: token, ...fields });
}
function today() {
  const d = new Date();
  return { "f-on-day": String(d.getDate()), "f-on-month": String(d.getMonth() + 1), "f-on-year": String(d.getFullYear()) };
}

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"),
    "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
    "GOR (name),LA (name),OpenDate\n" +
    "120001,Hill Top Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990\n");
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  officer = await signedIn(server, { role: "delivery-officer", name: "Dana Officer" });
});
after(async () => {
  if (server) await stopCleanly(server);
});

test("after opening a case the banner links to it", async () => {
  const opened = await post(officer.client, "/screening/rise/exception", {
    kind: "school", id: "120001", source: "regional-director", category: "targeted", reason: "Named by the director",
  });
  assert.equal(opened.status, 303);
  const next = await officer.client.get(opened.location);
  const m = next.text.match(/govuk-notification-banner__heading">Case opened for Hill Top Primary School, added by exception<\/h3>\s*<p class="govuk-body"><a class="govuk-notification-banner__link" href="\/cases\/(\d+)">View the case<\/a>/);
  assert.ok(m, "the banner links to the case");
  caseId = Number(m[1]);
});

test("a task that cannot start names what it waits for, with links", async () => {
  const page = await officer.client.get(`/cases/${caseId}/tasks/contact-school`);
  assert.equal(page.status, 200);
  assert.match(page.text, /This task cannot start until these are done:/);
  assert.match(page.text, new RegExp(`<a class="govuk-link" href="/cases/${caseId}/tasks/contact-rb">Contact the responsible body</a> \\(not started\\)`));
});

test("after the school declines, the banner offers to raise an engagement concern", async () => {
  let r = await post(officer.client, `/cases/${caseId}/tasks/contact-rb`, {
    ...today(), complete: "yes", "f-who": "Chair of governors", "f-plans": "Has a plan",
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  r = await post(officer.client, `/cases/${caseId}/tasks/contact-school`, { ...today(), complete: "yes", "f-who": "Head" });
  assert.equal(r.status, 303);
  r = await post(officer.client, `/cases/${caseId}/tasks/school-response`, {
    ...today(), "f-outcome": "declined", "f-reason": "Not now",
  });
  assert.equal(r.status, 303);
  const page = await officer.client.get(r.location);
  assert.match(page.text, /The school declined support<\/h3>/);
  assert.match(page.text, new RegExp(`href="/cases/${caseId}/concerns/new">Raise an engagement concern</a>`));
});
