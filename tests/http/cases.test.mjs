// cases.test.mjs - casework over HTTP: a case opened from screening gets its
// task list; scope (region, allocated adviser, read-only analyst); refused
// transitions answer 409 with the reason; form errors keep the input; pause
// makes a case read-only; the RISE category waits for the regional
// director; the timeline shows every change, escaped; the CSV export.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqliteRows, csrfFrom } from "../lib/harness.mjs";

let server, officer, director, london, adviser, analyst, caseId;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate,Diocese (name)\n" +
  "120001,Hill Top Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable\n" +
  "120002,Vale Academy,Open,Academies,Academy converter,North West,Bolton,01-09-2012,Not applicable\n";

async function form(client, path) {
  const r = await client.get(path);
  assert.equal(r.status, 200, `GET ${path}`);
  return csrfFrom(r.text);
}

async function post(client, path, fields) {
  const token = await form(client, path);
  return client.post(path, { csrf_token: token, ...fields });
}

function today() {
  const d = new Date();
  return { "f-on-day": String(d.getDate()), "f-on-month": String(d.getMonth() + 1), "f-on-year": String(d.getFullYear()) };
}

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  [officer, director, london, adviser, analyst] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer" }),
    signedIn(server, { role: "regional-director", name: "Reg Director" }),
    signedIn(server, { role: "delivery-officer", region: "London", name: "Lon Officer" }),
    signedIn(server, { role: "adviser", name: "Ada Adviser" }),
    signedIn(server, { role: "analyst" }),
  ]);
  const opened = await post(officer.client, "/screening/rise/exception", {
    kind: "school", id: "120001", source: "regional-director", category: "targeted", reason: "Named by the director",
  });
  assert.equal(opened.status, 303, opened.text.slice(0, 400));
  caseId = Number(sqliteRows(server.db, "SELECT id FROM cases WHERE subject_id = 120001")[0][0]);
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("a case opened from screening has its task list, due dates and the officer as owner", async () => {
  const r = await officer.client.get(`/cases/${caseId}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Hill Top Primary School/);
  assert.match(r.text, /Contact the responsible body/);
  assert.match(r.text, /Due \d+ \w+ \d{4}/);
  assert.match(r.text, /Cannot start yet/);
  assert.match(r.text, /Dana Officer/);
  // on the officer's home page and watchlist
  const home = await officer.client.get("/");
  assert.match(home.text, /Your cases[\s\S]*Hill Top Primary School/);
});

test("scope: another region and an adviser not allocated are refused; lists are filtered", async () => {
  assert.equal((await london.client.get(`/cases/${caseId}`)).status, 403);
  assert.equal((await london.client.get(`/cases/${caseId}/timeline`)).status, 403);
  assert.equal((await adviser.client.get(`/cases/${caseId}`)).status, 403);
  const list = await london.client.get("/cases");
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.text, /Hill Top Primary School/);
  const csv = await london.client.get("/cases/export.csv");
  assert.doesNotMatch(csv.text, /Hill Top/);
  // nor through the reference and screening pages
  for (const path of ["/schools/120001", "/screening/rise/school/120001"]) {
    const page = await london.client.get(path);
    assert.equal(page.status, 200, path);
    assert.doesNotMatch(page.text, /Named by the director/, path);
  }
  assert.match((await officer.client.get("/screening/rise/school/120001")).text, /Named by the director/);
  // the analyst reads every case and changes none
  assert.equal((await analyst.client.get(`/cases/${caseId}`)).status, 200);
  const token = csrfFrom((await analyst.client.get(`/cases/${caseId}`)).text);
  const change = await analyst.client.post(`/cases/${caseId}/tasks/contact-rb`, { csrf_token: token, complete: "no" });
  assert.equal(change.status, 403);
});

test("a POST without the CSRF token is refused", async () => {
  const r = await officer.client.post(`/cases/${caseId}/tasks/contact-rb`, { complete: "no" });
  assert.equal(r.status, 403);
});

test("the school cannot be contacted before the responsible body: 409 with the reason", async () => {
  const token = csrfFrom((await officer.client.get(`/cases/${caseId}`)).text);
  const r = await officer.client.post(`/cases/${caseId}/tasks/contact-school`, { csrf_token: token, complete: "yes" });
  assert.equal(r.status, 409);
  assert.match(r.text, /cannot start until the tasks before it are done/);
});

test("a task saved with missing answers shows the error summary and keeps what was typed", async () => {
  const r = await post(officer.client, `/cases/${caseId}/tasks/contact-rb`, {
    complete: "yes", "f-who": "Pat <b>Chair</b>", "f-plans": "",
  });
  assert.equal(r.status, 400);
  assert.match(r.text, /There is a problem/);
  assert.match(r.text, /Enter date of the conversation|Enter the date/i);
  assert.match(r.text, /Enter what they said/);
  assert.match(r.text, /value="Pat &lt;b&gt;Chair&lt;\/b&gt;"/);
  assert.match(r.text, /<title>Error: /);
});

test("recording the contacts, a refusal and an acceptance; the timeline shows them, escaped", async () => {
  let r = await post(officer.client, `/cases/${caseId}/tasks/contact-rb`, {
    ...today(), complete: "yes", "f-who": "<script>alert(1)</script>", "f-plans": "Has a plan", reason: "First call",
  });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  r = await post(officer.client, `/cases/${caseId}/tasks/contact-school`, { ...today(), complete: "yes", "f-who": "Head" });
  assert.equal(r.status, 303);
  r = await post(officer.client, `/cases/${caseId}/tasks/school-response`, {
    ...today(), "f-outcome": "declined", "f-reason": "Not now",
  });
  assert.equal(r.status, 303);
  let page = await officer.client.get(`/cases/${caseId}`);
  assert.match(page.text, /Record whether support is accepted[\s\S]*?In progress/);
  r = await post(officer.client, `/cases/${caseId}/tasks/school-response`, {
    ...today(), "f-outcome": "accepted", "f-reason": "Governors agreed",
  });
  assert.equal(r.status, 303);
  const decisions = await officer.client.get(`/cases/${caseId}/decisions`);
  assert.match(decisions.text, /Declined support/);
  assert.match(decisions.text, /Accepted support/);
  assert.match(decisions.text, /Awaiting approval/); // the category, recorded by an officer
  const timeline = await officer.client.get(`/cases/${caseId}/timeline`);
  assert.equal(timeline.status, 200);
  assert.match(timeline.text, /moj-timeline/);
  assert.match(timeline.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(timeline.text, /<script>alert/);
  assert.match(timeline.text, /Why: First call/);
  assert.match(timeline.text, /Dana Officer/);
});

test("the conflict check waits for the regional director to approve the category", async () => {
  let page = await officer.client.get(`/cases/${caseId}/tasks/conflict-check`);
  assert.match(page.text, /cannot start until/);
  // the officer cannot approve; the director of the region can
  const [[did]] = sqliteRows(server.db, `SELECT id FROM case_decisions WHERE case_id = ${caseId} AND type = 'category'`);
  const token = csrfFrom((await officer.client.get(`/cases/${caseId}`)).text);
  assert.equal((await officer.client.post(`/cases/${caseId}/decisions/${did}`, { csrf_token: token, approval: "approved" })).status, 403);
  const home = await director.client.get("/");
  assert.match(home.text, /Hill Top Primary School/); // awaiting their approval
  const r = await post(director.client, `/cases/${caseId}/decisions/${did}`, { approval: "approved", note: "Agreed" });
  assert.equal(r.status, 303);
  page = await officer.client.get(`/cases/${caseId}/tasks/conflict-check`);
  assert.match(page.text, /Adviser checked/);
});

test("an adviser cannot be allocated before the conflict-of-interest check", async () => {
  const [[adv]] = sqliteRows(server.db, `SELECT id FROM users WHERE name = 'Ada Adviser'`);
  const token = csrfFrom((await officer.client.get(`/cases/${caseId}`)).text);
  const r = await officer.client.post(`/cases/${caseId}/tasks/allocate-adviser`, {
    csrf_token: token, ...today(), "f-adviser": adv,
  });
  assert.equal(r.status, 409);
  const ok1 = await post(officer.client, `/cases/${caseId}/tasks/conflict-check`, {
    ...today(), "f-adviser": adv, "f-conflict": "no", "f-details": "Declared no links",
  });
  assert.equal(ok1.status, 303, ok1.text.slice(0, 400));
  const ok2 = await post(officer.client, `/cases/${caseId}/tasks/allocate-adviser`, { ...today(), "f-adviser": adv });
  assert.equal(ok2.status, 303, ok2.text.slice(0, 400));
  // now the adviser sees the case, and it is on their watchlist
  assert.equal((await adviser.client.get(`/cases/${caseId}`)).status, 200);
  assert.match((await adviser.client.get("/")).text, /Hill Top Primary School/);
});

test("a paused case is read-only except for its status; resuming opens it again", async () => {
  let r = await post(officer.client, `/cases/${caseId}/status`, {
    status: "paused", "on-day": String(new Date().getDate()), "on-month": String(new Date().getMonth() + 1),
    "on-year": String(new Date().getFullYear()), reason: "Inspection due",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const page = await officer.client.get(`/cases/${caseId}`);
  assert.match(page.text, /This case is paused/);
  const token = csrfFrom(page.text);
  r = await officer.client.post(`/cases/${caseId}/tasks/contact-rb`, { csrf_token: token, complete: "no" });
  assert.equal(r.status, 409);
  assert.match(r.text, /paused/);
  r = await post(officer.client, `/cases/${caseId}/status`, {
    status: "in progress", "on-day": String(new Date().getDate()), "on-month": String(new Date().getMonth() + 1),
    "on-year": String(new Date().getFullYear()), reason: "Inspection done",
  });
  assert.equal(r.status, 303);
  assert.doesNotMatch((await officer.client.get(`/cases/${caseId}`)).text, /This case is paused/);
  const status = await post(officer.client, `/cases/${caseId}/status`, { status: "paused", reason: "" });
  assert.equal(status.status, 400);
  assert.match(status.text, /Enter why the status is changing/);
});

test("the filtered list and its CSV export", async () => {
  const list = await officer.client.get("/cases?programme=rise&status=in+progress");
  assert.equal(list.status, 200);
  assert.match(list.text, /Hill Top Primary School/);
  const none = await officer.client.get("/cases?programme=si-2019-20");
  assert.doesNotMatch(none.text, /Hill Top Primary School/);
  const csv = await officer.client.get("/cases/export.csv?programme=rise");
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type"), /text\/csv/);
  assert.match(csv.headers.get("content-disposition"), /attachment/);
  assert.match(csv.text, /Hill Top Primary School/);
  assert.match(csv.text.split("\n")[0], /URN|UID/);
  // the export is in the audit trail: who, how many rows, which filters
  const [[action, changes]] = sqliteRows(server.db,
    "SELECT action, changes FROM audit WHERE action = 'cases.export' ORDER BY id DESC LIMIT 1");
  assert.equal(action, "cases.export");
  assert.match(changes, /programme=rise/);
});
