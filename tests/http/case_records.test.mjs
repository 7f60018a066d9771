// case_records.test.mjs - engagement concerns, contacts and notes over HTTP:
// each step dated, reasoned and on the decision log and timeline; an interim
// executive board refused for an academy; notes changed only by their author
// and never deleted; contacts kept on error and removed only with a reason.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom } from "../lib/harness.mjs";

let server, officer, colleague, partner, academyCase, maintainedCase;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate\n" +
  "150001,Maintained Primary,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990\n" +
  "150002,Converter Academy,Open,Academies,Academy converter,North West,Bolton,01-09-2012\n";

const d = new Date();
const date = (prefix) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});

async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}

async function openCase(urn) {
  const r = await post(officer.client, "/screening/tsio-2022-23/exception", {
    kind: "school", id: String(urn), source: "self-identified", reason: "Asked for help",
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  return Number(sqliteRows(server.db, `SELECT id FROM cases WHERE subject_id = ${urn}`)[0][0]);
}

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  [officer, colleague, partner] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer" }),
    signedIn(server, { role: "delivery-officer", name: "Colin Colleague" }),
    signedIn(server, { role: "delivery-partner", name: "Pat Partner" }),
  ]);
  maintainedCase = await openCase(150001);
  academyCase = await openCase(150002);
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("a concern is raised, escalated once and resolved, each step a dated, reasoned decision", async () => {
  const base = `/cases/${maintainedCase}/concerns`;
  let r = await post(officer.client, `${base}/new`, { summary: "", details: "x" });
  assert.equal(r.status, 400);
  assert.match(r.text, /Enter a summary of the concern/);
  r = await post(officer.client, `${base}/new`, { summary: "Declined support", details: "On the phone", ...date("raised-on") });
  assert.equal(r.status, 303);
  const [[cid]] = sqliteRows(server.db, `SELECT max(id) FROM case_concerns WHERE case_id = ${maintainedCase}`);
  r = await post(officer.client, `${base}/${cid}/escalate`, {
    ...date("escalated-on"), steps: "Two calls", "primary-reason": "Declined support", powers: "ieb", reason: "No reply",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400)); // an IEB is possible for a maintained school
  // escalated once: a second escalation is refused and changes nothing
  const token = csrfFrom((await officer.client.get(base)).text);
  r = await officer.client.post(`${base}/${cid}/escalate`, {
    csrf_token: token, ...date("escalated-on"), steps: "Again", "primary-reason": "Declined support", reason: "Again",
  });
  assert.notEqual(r.status, 303);
  assert.match(r.text, /already escalated/);
  assert.equal(sqliteRows(server.db, `SELECT count(*) FROM case_decisions WHERE type = 'concern-escalated'`)[0][0], "1");
  r = await post(officer.client, `${base}/${cid}/resolve`, { ...date("resolved-on"), resolution: "Governors agreed" });
  assert.equal(r.status, 303);
  const page = await officer.client.get(base);
  assert.match(page.text, /Resolved/);
  const log = await officer.client.get(`/cases/${maintainedCase}/decisions`);
  for (const what of ["Engagement concern raised", "Engagement concern escalated", "Engagement concern resolved"])
    assert.match(log.text, new RegExp(what));
  const timeline = await officer.client.get(`/cases/${maintainedCase}/timeline`);
  assert.match(timeline.text, /Why: No reply/);
});

test("an interim executive board is refused for an academy", async () => {
  const base = `/cases/${academyCase}/concerns`;
  let r = await post(officer.client, `${base}/new`, { summary: "Not engaging", details: "No replies", ...date("raised-on") });
  assert.equal(r.status, 303);
  const [[cid]] = sqliteRows(server.db, `SELECT max(id) FROM case_concerns WHERE case_id = ${academyCase}`);
  const form = await officer.client.get(`${base}/${cid}/escalate`);
  assert.doesNotMatch(form.text, /Interim executive board/, "not offered for an academy");
  r = await officer.client.post(`${base}/${cid}/escalate`, {
    csrf_token: csrfFrom(form.text), ...date("escalated-on"), steps: "Calls", "primary-reason": "Declined support",
    powers: "ieb", reason: "Trying an IEB",
  });
  assert.ok([400, 409].includes(r.status), `refused: ${r.status}`);
  assert.match(r.text, /interim executive board can only be used for a maintained school/i);
  assert.equal(sqliteRows(server.db, `SELECT status FROM case_concerns WHERE id = ${cid}`)[0][0], "open");
});

test("notes: added by a partner in the region, changed only by their author, never deleted", async () => {
  const base = `/cases/${maintainedCase}/notes`;
  let r = await post(partner.client, base, { note: "Met the head <b>today</b>" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const [[nid]] = sqliteRows(server.db, `SELECT max(id) FROM case_notes WHERE case_id = ${maintainedCase}`);
  const list = await officer.client.get(base);
  assert.match(list.text, /Met the head &lt;b&gt;today&lt;\/b&gt;/);
  // someone else cannot change it
  assert.equal((await officer.client.get(`${base}/${nid}`)).status, 403);
  const token = csrfFrom(list.text);
  assert.equal((await officer.client.post(`${base}/${nid}`, { csrf_token: token, note: "Rewritten" })).status, 403);
  // its author can, and the old text stays in the audit trail
  r = await post(partner.client, `${base}/${nid}`, { note: "Met the head and the chair" });
  assert.equal(r.status, 303);
  const [[body]] = sqliteRows(server.db, `SELECT body FROM case_notes WHERE id = ${nid}`);
  assert.equal(body, "Met the head and the chair");
  const timeline = await officer.client.get(`/cases/${maintainedCase}/timeline`);
  assert.match(timeline.text, /Met the head &lt;b&gt;today&lt;\/b&gt;/);
  // the database refuses a deletion
  const del = sqlite(server.db, `DELETE FROM case_notes WHERE id = ${nid}`);
  assert.notEqual(del.status, 0);
  assert.match(del.stderr, /notes cannot be deleted/);
});

test("contacts: errors keep the input; removal needs a reason and keeps the record", async () => {
  const base = `/cases/${maintainedCase}/contacts`;
  let r = await post(officer.client, `${base}/new`, { "organisation-kind": "school", name: "", role: "Headteacher", email: "head@school.example" });
  assert.equal(r.status, 400);
  assert.match(r.text, /There is a problem/);
  assert.match(r.text, /value="head@school.example"/);
  r = await post(officer.client, `${base}/new`, { "organisation-kind": "school", name: "Alex Head", role: "Headteacher" });
  assert.equal(r.status, 303);
  const [[cid]] = sqliteRows(server.db, `SELECT max(id) FROM case_contacts WHERE case_id = ${maintainedCase}`);
  r = await post(officer.client, `${base}/${cid}`, { action: "remove", reason: "" });
  assert.equal(r.status, 400);
  assert.equal(sqliteRows(server.db, `SELECT count(*) FROM case_contacts WHERE id = ${cid} AND removed_at IS NULL`)[0][0], "1");
  r = await post(officer.client, `${base}/${cid}`, { action: "remove", reason: "Left the school" });
  assert.equal(r.status, 303);
  assert.doesNotMatch((await officer.client.get(base)).text, /Alex Head/);
  assert.equal(sqliteRows(server.db, `SELECT count(*) FROM case_contacts WHERE id = ${cid}`)[0][0], "1", "kept, marked removed");
});

test("the colleague in the same region can work on the case; a paused case refuses new concerns, not notes", async () => {
  assert.equal((await colleague.client.get(`/cases/${maintainedCase}/concerns/new`)).status, 200);
  const r = await post(officer.client, `/cases/${maintainedCase}/status`, { status: "paused", ...date("on"), reason: "Inspection" });
  assert.equal(r.status, 303);
  assert.equal((await officer.client.get(`/cases/${maintainedCase}/concerns/new`)).status, 409);
  // issue 10 item 15: people still log calls while a case is paused
  const list = await officer.client.get(`/cases/${maintainedCase}/notes`);
  const add = await officer.client.post(`/cases/${maintainedCase}/notes`, { csrf_token: csrfFrom(list.text), note: "x" });
  assert.equal(add.status, 303);
});
