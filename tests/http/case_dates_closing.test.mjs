// case_dates_closing.test.mjs - issue 10 items 9, 10, 13, 14 and 15 over
// HTTP: due dates count from the date recorded; pause and resume dates are
// checked against the opening and the pause; closing goes through a
// check-your-answers page with an outcome and leaves no due dates or
// actions; the responsible body of a maintained school is its local
// authority; notes and contacts are kept while a case is paused, stopped or
// closed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom } from "../lib/harness.mjs";

let server, officer, partner;

// 130003 is a foundation school maintained by Bolton that GIAS lists with
// its foundation trust; 130004 an academy in a trust.
const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name)\n" +
  "130001,Dates Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable,,\n" +
  "130002,Closing Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable,,\n" +
  "130003,Foundation High School,Open,Local authority maintained schools,Foundation school,North West,Bolton,01-09-1990,Not applicable,4001,Bolton Learning Foundation Trust\n" +
  "130004,Valley Academy,Open,Academies,Academy converter,North West,Bolton,01-09-2012,Not applicable,4002,Valley Multi Academy Trust\n" +
  "130005,Records Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable,,\n" +
  "130006,Hillside Special School,Open,Special schools,Community special school,North West,Bolton,01-09-1990,Not applicable,,\n";

async function form(client, path) {
  const r = await client.get(path);
  assert.equal(r.status, 200, `GET ${path}`);
  return csrfFrom(r.text);
}

async function post(client, path, fields, action = path) {
  const token = await form(client, path);
  return client.post(action, { csrf_token: token, ...fields });
}

/** GOV.UK date input fields for yyyy-mm-dd. */
function on(prefix, iso) {
  const [y, m, d] = iso.split("-");
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y };
}

async function openCase(urn) {
  const r = await post(officer.client, "/screening/tsio-2022-23/exception", {
    kind: "school", id: String(urn), source: "self-identified", reason: "Asked for help",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  return Number(sqliteRows(server.db, `SELECT id FROM cases WHERE subject_id = ${urn}`)[0][0]);
}

/** Moves a case's opening back to a fixed day, as if it had been opened then. */
function openedOn(caseId, iso) {
  const r = sqlite(server.db, `UPDATE cases SET opened_at = '${iso}T09:00:00Z' WHERE id = ${caseId};` +
    `UPDATE case_tasks SET done_on = '${iso}' WHERE case_id = ${caseId} AND code = 'identify';` +
    `UPDATE case_decisions SET decided_on = '${iso}' WHERE case_id = ${caseId} AND type = 'identification';`);
  assert.equal(r.status, 0, r.stderr);
}

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  [officer, partner] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer" }),
    signedIn(server, { role: "delivery-partner", name: "Pat Partner" }),
  ]);
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("item 13: the next task falls due from the date the responsible body was contacted, not the day it was saved", async () => {
  const id = await openCase(130001);
  // opened today; the trust was rung on Wednesday 3 December 2025
  const r = await post(officer.client, `/cases/${id}/tasks/contact-rb`, {
    ...on("f-on", "2025-12-03"), complete: "yes", "f-who": "Chair of governors", "f-plans": "A plan exists",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const [[due]] = sqliteRows(server.db, `SELECT due_on FROM case_tasks WHERE case_id = ${id} AND code = 'contact-school'`);
  assert.equal(due, "2025-12-10"); // 5 working days after the 3rd
  const page = await officer.client.get(`/cases/${id}`);
  assert.match(page.text, /Contact the school[\s\S]*?Due 10 December 2025/);
});

test("item 14: a maintained school's responsible body is its local authority, an academy's its trust", async () => {
  const foundation = await openCase(130003);
  let page = await officer.client.get(`/cases/${foundation}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Responsible body<\/dt>\s*<dd class="govuk-summary-list__value">\s*Bolton\s*</);
  assert.doesNotMatch(page.text, /Bolton Learning Foundation Trust/);
  const academy = await openCase(130004);
  page = await officer.client.get(`/cases/${academy}`);
  assert.match(page.text, /Responsible body<\/dt>\s*<dd class="govuk-summary-list__value">\s*Valley Multi Academy Trust\s*</);
  // a community special school is maintained too: an interim executive board is possible
  const special = await openCase(130006);
  page = await officer.client.get(`/cases/${special}`);
  assert.match(page.text, /Responsible body<\/dt>\s*<dd class="govuk-summary-list__value">\s*Bolton\s*</);
  let r = await post(officer.client, `/cases/${special}/concerns/new`, {
    summary: "Declined support", details: "On the phone", ...on("raised-on", "2026-01-05"),
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const [[cid]] = sqliteRows(server.db, `SELECT max(id) FROM case_concerns WHERE case_id = ${special}`);
  r = await post(officer.client, `/cases/${special}/concerns/${cid}/escalate`, {
    ...on("escalated-on", "2026-01-06"), steps: "Two calls", "primary-reason": "Declined support", powers: "ieb",
    reason: "No reply",
  });
  assert.doesNotMatch(r.text, /only be used for a maintained school/);
});

test("item 9: a pause before the case opened and a resume before the pause are refused; the decision log reads in date order", async () => {
  const id = await openCase(130005);
  openedOn(id, "2025-11-03");
  const status = `/cases/${id}/status`;
  let r = await post(officer.client, status, { status: "paused", ...on("on", "2025-11-02"), reason: "Inspection due" });
  assert.equal(r.status, 400);
  assert.match(r.text, /<title>Error: /);
  assert.match(r.text, /govuk-error-summary[\s\S]*href="#on-day"[^>]*>Date paused must be on or after the date the case opened/);
  assert.match(r.text, /id="on-day" name="on-day" type="text" value="2"/); // the input is kept
  assert.match(r.text, /Inspection due/);
  assert.equal(sqliteRows(server.db, `SELECT status FROM cases WHERE id = ${id}`)[0][0], "in progress");
  r = await post(officer.client, status, { status: "paused", ...on("on", "2025-11-10"), reason: "Inspection due" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officer.client, status, { status: "in progress", ...on("on", "2025-11-07"), reason: "Inspection done" });
  assert.equal(r.status, 400);
  assert.match(r.text, /Date resumed must be on or after the date the case was paused/);
  assert.equal(sqliteRows(server.db, `SELECT status FROM cases WHERE id = ${id}`)[0][0], "paused");
  r = await post(officer.client, status, { status: "in progress", ...on("on", "2025-11-17"), reason: "Inspection done" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.deepEqual(sqliteRows(server.db, `SELECT from_on, to_on FROM case_pauses WHERE case_id = ${id}`),
    [["2025-11-10", "2025-11-16"]]);
  // a response given before the pause, recorded after it, sits in its place in the log
  for (const [task, fields] of [
    ["contact-rb", { ...on("f-on", "2025-11-04"), complete: "yes", "f-who": "Chair", "f-plans": "None yet" }],
    ["contact-school", { ...on("f-on", "2025-11-05"), complete: "yes", "f-who": "Head" }],
    ["school-response", { ...on("f-on", "2025-11-06"), "f-outcome": "accepted", "f-reason": "Governors agreed" }],
  ]) {
    r = await post(officer.client, `/cases/${id}/tasks/${task}`, fields);
    assert.equal(r.status, 303, `${task}: ${r.text.slice(0, 400)}`);
  }
  const page = (await officer.client.get(`/cases/${id}/decisions`)).text;
  const log = page.slice(page.indexOf("Decision log"));
  const at = (s) => log.indexOf(s);
  assert.ok(at("17 November 2025") >= 0 && at("17 November 2025") < at("10 November 2025"), "resumed before paused");
  assert.ok(at("10 November 2025") < at("6 November 2025"), "paused before the response");
  assert.ok(at("6 November 2025") < at("3 November 2025"), "the response before the opening");
});

/** Adds a note and a contact as client; returns the two responses. */
async function noteAndContact(client, id, words) {
  const note = await post(client, `/cases/${id}/notes`, { note: words });
  const contact = await post(client, `/cases/${id}/contacts/new`, {
    "organisation-kind": "school", name: `Head for ${words}`, role: "Headteacher",
  });
  return [note, contact];
}

test("item 15: notes and contacts are kept while a case is paused or stopped, and audited", async () => {
  const id = await openCase(130002);
  const today = new Date().toISOString().slice(0, 10);
  let r = await post(officer.client, `/cases/${id}/status`, { status: "paused", ...on("on", today), reason: "Inspection due" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  let page = await officer.client.get(`/cases/${id}/notes`);
  assert.match(page.text, /Add a note/);
  for (const who of [officer, partner]) {
    const [note, contact] = await noteAndContact(who.client, id, `Rang while paused ${who.user.name}`);
    assert.equal(note.status, 303, note.text.slice(0, 400));
    assert.equal(contact.status, 303, contact.text.slice(0, 400));
  }
  // the rest of the case is still read-only
  const token = csrfFrom((await officer.client.get(`/cases/${id}`)).text);
  r = await officer.client.post(`/cases/${id}/tasks/contact-rb`, { csrf_token: token, complete: "no" });
  assert.equal(r.status, 409);
  r = await post(officer.client, `/cases/${id}/status`, { status: "stopped", ...on("on", today), reason: "Support not going ahead" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const [note, contact] = await noteAndContact(officer.client, id, "Rang while stopped");
  assert.equal(note.status, 303);
  assert.equal(contact.status, 303);
  // a contact can be changed too
  const [[cid]] = sqliteRows(server.db, `SELECT max(id) FROM case_contacts WHERE case_id = ${id}`);
  r = await post(officer.client, `/cases/${id}/contacts/${cid}`, {
    "organisation-kind": "school", name: "Head for Rang while stopped", role: "Acting headteacher",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  page = await officer.client.get(`/cases/${id}/notes`);
  assert.match(page.text, /Rang while paused Dana Officer/);
  assert.match(page.text, /Rang while paused Pat Partner/);
  assert.match(page.text, /Rang while stopped/);
  assert.match((await officer.client.get(`/cases/${id}/contacts`)).text, /Acting headteacher/);
  // each is on the case's audit trail: who, when, what
  const rows = sqliteRows(server.db,
    `SELECT action, actor FROM audit WHERE object_type = 'case' AND object_id = '${id}'` +
    " AND action IN ('case.note.add', 'case.contact.add', 'case.contact.update') ORDER BY id");
  assert.equal(rows.length, 7);
  assert.ok(rows.some(([, actor]) => /Pat Partner/.test(actor)));
});

test("item 10: closing is not one click: an outcome, check your answers, then no due dates and no pause or stop", async () => {
  const urn = 130007;
  writeFileSync(join(server.dir, "gias2.csv"), GIAS.split("\n")[0] + "\n" +
    `${urn},Close Lane Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable,,\n`);
  const imp = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias2.csv")]);
  assert.equal(imp.status, 0, imp.stderr);
  const id = await openCase(urn);
  const today = new Date().toISOString().slice(0, 10);
  let page = await officer.client.get(`/cases/${id}`);
  assert.match(page.text, /Next due/);
  assert.match(page.text, new RegExp(`href="/cases/${id}/close"`));
  // the status page no longer closes a case in one click
  const statusPage = await officer.client.get(`/cases/${id}/status`);
  assert.doesNotMatch(statusPage.text, /value="closed"/);
  assert.match(statusPage.text, new RegExp(`href="/cases/${id}/close"`));
  let r = await officer.client.post(`/cases/${id}/status`, {
    csrf_token: csrfFrom(statusPage.text), status: "closed", ...on("on", today), reason: "Done",
  });
  assert.equal(r.status, 400);
  assert.equal(sqliteRows(server.db, `SELECT status FROM cases WHERE id = ${id}`)[0][0], "in progress");

  // the questions: an outcome is required, what was typed is kept
  const close = `/cases/${id}/close`;
  r = await post(officer.client, close, { step: "check", ...on("on", today), reason: "Said <no> twice" });
  assert.equal(r.status, 400);
  assert.match(r.text, /<title>Error: /);
  assert.match(r.text, /govuk-error-summary[\s\S]*href="#outcome"[^>]*>Select the outcome of the case/);
  assert.match(r.text, /Said &lt;no&gt; twice<\/textarea>/);
  r = await post(officer.client, close, { step: "check", outcome: "declined", ...on("on", "2020-01-01"), reason: "x" });
  assert.equal(r.status, 400);
  assert.match(r.text, /Date closed must be on or after the date the case opened/);

  // issue 15 item 6: a TSIO case needs the end-of-support call; a completion and a final rating are required
  assert.match(r.text, /href="#end-call-on-day"[^>]*>Enter the date of the end-of-support call/);
  assert.match(r.text, /href="#completion"[^>]*>Select whether the support was completed or stopped early/);
  assert.match(r.text, /href="#final-rating"[^>]*>Select the final overall rating/);
  const closing = { ...on("end-call-on", today), completion: "completed", "final-rating": "not-engaging", "case-study": "no" };

  // check your answers: nothing is saved yet
  r = await post(officer.client, close, { step: "check", outcome: "declined", ...on("on", today), reason: "Said <no> twice", ...closing });
  assert.equal(r.status, 200, r.text.slice(0, 400));
  assert.match(r.text, /Check your answers before closing the case/);
  assert.match(r.text, /govuk-summary-list__key">Outcome<\/dt>\s*<dd class="govuk-summary-list__value[^"]*">Support declined</);
  assert.match(r.text, /Said &lt;no&gt; twice/);
  assert.match(r.text, /name="reason" value="Said &lt;no&gt; twice"/);
  assert.match(r.text, /Change<span class="govuk-visually-hidden"> outcome<\/span>/);
  assert.equal(sqliteRows(server.db, `SELECT status FROM cases WHERE id = ${id}`)[0][0], "in progress");
  const token = csrfFrom(r.text);
  const answers = { outcome: "declined", ...on("on", today), reason: "Said <no> twice", ...closing };
  // "Change" goes back to the questions with the answers
  r = await officer.client.post(close, { csrf_token: token, ...answers, step: "change" });
  assert.equal(r.status, 200);
  assert.match(r.text, /value="declined" checked/);
  assert.equal(sqliteRows(server.db, `SELECT status FROM cases WHERE id = ${id}`)[0][0], "in progress");
  // confirmed: closed, with the outcome in the decision log
  r = await officer.client.post(close, { csrf_token: token, ...answers, step: "confirm" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.deepEqual(sqliteRows(server.db, `SELECT status, closure_outcome, next_due IS NULL FROM cases WHERE id = ${id}`),
    [["closed", "declined", "1"]]);
  assert.equal(sqliteRows(server.db, `SELECT count(*) FROM case_tasks WHERE case_id = ${id} AND due_on IS NOT NULL`)[0][0], "0");
  page = await officer.client.get(`/cases/${id}`);
  assert.match(page.text, /This case is closed/);
  assert.match(page.text, /Outcome: Support declined/);
  assert.doesNotMatch(page.text, /Next due/);
  assert.doesNotMatch(page.text, /Due \d+ \w+ \d{4}/);
  assert.doesNotMatch(page.text, new RegExp(`href="/cases/${id}/close"`));
  const closedStatus = await officer.client.get(`/cases/${id}/status`);
  assert.match(closedStatus.text, /Reopen the case/);
  assert.doesNotMatch(closedStatus.text, /Stop the case|Pause the case|value="stopped"|value="paused"/);
  r = await officer.client.post(`/cases/${id}/status`, {
    csrf_token: csrfFrom(closedStatus.text), status: "stopped", ...on("on", today), reason: "x",
  });
  assert.notEqual(r.status, 303);
  assert.equal((await officer.client.get(close)).status, 409); // closed already
  assert.match((await officer.client.get(`/cases/${id}/decisions`)).text, /Closed: Support declined/);
  // item 15: a closed case still takes a note of the end-of-support call
  r = await post(officer.client, `/cases/${id}/notes`, { note: "End-of-support call with the head" });
  assert.equal(r.status, 303);
  assert.match((await officer.client.get(`/cases/${id}/notes`)).text, /End-of-support call with the head/);
});
