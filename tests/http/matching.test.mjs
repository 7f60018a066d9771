// matching.test.mjs - commissioning on a case (issue 12, decision 0017): the
// RISE steps from the adviser's visit to the appointment, as data-driven
// tasks: suggestions ranked with the score in words and the hard rules
// applied (region, capacity, own trust without a reason, refused); a
// proposal asks the provider by email; a provider that declines in the
// service sends the case back to the suggestions and is never suggested
// again; the school agrees in the service; due diligence is refused until
// the checks are current; the appointment waits for the regional director;
// capacity is held and released; TSIO's delivery partner does its own steps.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom } from "../lib/harness.mjs";

let server, officer, director, adviser, partner, provider, school;
let riseCase, tsioCase;
const ids = {};

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  "170001,Brook Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370000,409000\n" +
  "170002,Moor Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,Not applicable,4100,Moor Learning Trust,Primary,371000,409500\n" +
  "170004,Vale Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,Not applicable,4100,Moor Learning Trust,Primary,372000,409500\n";

const d = new Date();
const date = (prefix) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});
const month = d.getMonth() + 1, year = d.getFullYear();
const term = month >= 9 ? `${year}-autumn` : month <= 3 ? `${year - 1}-spring` : `${year - 1}-summer`;

async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}
const ok = (r) => assert.equal(r.status, 303, r.text.slice(0, 600));
const rows = (sql) => sqliteRows(server.db, sql);

function org(name, type, extra) {
  const cols = { regions: "North West", phases: "primary", expertise: "leadership-governance,curriculum-teaching", ...extra };
  sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise,
    easting, northing, group_uid) VALUES ('${name}', 'supporting-organisation', '2026-01-01', 'test', '${type}',
    '${cols.regions}', '${cols.phases}', '${cols.expertise}', ${cols.easting ?? 371000}, ${cols.northing ?? 410000}, ${cols.group_uid ?? "NULL"})`);
  const id = Number(rows(`SELECT id FROM organisations WHERE name = '${name}'`)[0][0]);
  if (cols.capacity !== false)
    sqlite(server.db, `INSERT INTO provider_capacity VALUES (${id}, '${term}', ${cols.schools ?? 2}, ${cols.days ?? 60}, 'test', '2026-01-01')`);
  return id;
}

async function openCase(programme, urn, client = officer.client) {
  const r = await post(client, `/screening/${programme}/exception`, {
    kind: "school", id: String(urn), source: "regional-director", category: "targeted", reason: "Named by the director",
  });
  ok(r);
  return Number(rows(`SELECT id FROM cases WHERE subject_id = ${urn} AND programme = '${programme}'`)[0][0]);
}

async function task(client, caseId, code, fields) {
  ok(await post(client, `/cases/${caseId}/tasks/${code}`, { ...date("f-on"), complete: "yes", ...fields }));
}

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  ids.near = org("Near Trust Partnership", "trust", { group_uid: 4200 });
  ids.own = org("Moor Learning Trust Improvement", "trust", { group_uid: 4100 });
  ids.full = org("Busy Federation", "federation", { schools: 0 });
  ids.london = org("Capital Hub", "hub", { regions: "London" });
  ids.far = org("Distant Services", "la-traded", { easting: 500000, northing: 200000, expertise: "workload" });
  for (const [kind, outcome] of [["capacity", "passed"], ["relationship", "passed"], ["financial", "passed"], ["vendor", "set-up"]])
    sqlite(server.db, `INSERT INTO provider_checks (organisation_id, kind, outcome, checked_on, checked_by, recorded_by, recorded_at)
      VALUES (${ids.far}, '${kind}', '${outcome}', '2026-01-01', 'test', 'test', '2026-01-01')`);
  [officer, director, adviser, partner] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "adviser", name: "Ada Adviser" }),
    signedIn(server, { role: "delivery-partner", name: "Pat Partner", region: "North West" }),
  ]);
  [provider, school] = await Promise.all([
    signedIn(server, { role: "supporting-organisation", name: "Sam Provider", organisation: String(ids.near), orgKind: "provider" }),
    signedIn(server, { role: "school", name: "Hal Head", organisation: "170001", orgKind: "school" }),
  ]);
  riseCase = await openCase("rise", 170001);
  const did = rows(`SELECT max(id) FROM case_decisions WHERE case_id = ${riseCase} AND type = 'category'`)[0][0];
  ok(await post(director.client, `/cases/${riseCase}/decisions/${did}`, { approval: "approved", note: "Agreed" }));
  await task(officer.client, riseCase, "contact-rb", { "f-who": "The director of children's services", "f-plans": "A plan" });
  await task(officer.client, riseCase, "contact-school", { "f-who": "Head" });
  ok(await post(officer.client, `/cases/${riseCase}/tasks/school-response`, { ...date("f-on"), "f-outcome": "accepted", "f-reason": "Keen" }));
  const adv = String(adviser.user.id);
  ok(await post(officer.client, `/cases/${riseCase}/tasks/conflict-check`, { ...date("f-on"), "f-adviser": adv, "f-conflict": "no", "f-details": "None" }));
  ok(await post(officer.client, `/cases/${riseCase}/tasks/allocate-adviser`, { ...date("f-on"), "f-adviser": adv }));
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("the adviser records the visit and the diagnosis; the regional director approves the path", async () => {
  await task(adviser.client, riseCase, "initial-contact", { "f-who": "The headteacher" });
  await task(adviser.client, riseCase, "initial-visit", { "f-assessment": "Leadership needs support" });
  // the adviser cannot do the delivery officer's task
  const page = await adviser.client.get(`/cases/${riseCase}/tasks/diagnosis-decision`);
  let r = await adviser.client.post(`/cases/${riseCase}/tasks/rb-conflict`, { csrf_token: csrfFrom(page.text), ...date("f-on") });
  assert.equal(r.status, 403);
  // a choice is needed
  r = await adviser.client.post(`/cases/${riseCase}/tasks/diagnosis-decision`, { csrf_token: csrfFrom(page.text), "f-reason": "x" });
  assert.equal(r.status, 400);
  assert.match(r.text, /Select an answer/);
  ok(await adviser.client.post(`/cases/${riseCase}/tasks/diagnosis-decision`, {
    csrf_token: csrfFrom(page.text), "f-path": "match", "f-reason": "Leadership needs an organisation's support",
  }));
  assert.equal(rows(`SELECT status FROM case_tasks WHERE case_id = ${riseCase} AND code = 'diagnosis-decision'`)[0][0], "in progress");
  assert.equal(rows(`SELECT status FROM case_tasks WHERE case_id = ${riseCase} AND code = 'preferred-org'`)[0][0], "cannot start yet");
  const did = rows(`SELECT max(id) FROM case_decisions WHERE case_id = ${riseCase} AND type = 'diagnosis'`)[0][0];
  ok(await post(director.client, `/cases/${riseCase}/decisions/${did}`, { approval: "approved", note: "" }));
  assert.equal(rows(`SELECT status FROM case_tasks WHERE case_id = ${riseCase} AND code = 'diagnosis-decision'`)[0][0], "completed");
  assert.equal(rows(`SELECT status FROM case_tasks WHERE case_id = ${riseCase} AND code = 'preferred-org'`)[0][0], "not started");
});

test("suggestions are ranked with the score in words, and the hard rules say why others are not", async () => {
  const r = await adviser.client.get(`/cases/${riseCase}/matching`);
  assert.equal(r.status, 200);
  const t = r.text;
  assert.match(t, /Areas below good/);
  assert.match(t, /1\. <a class="govuk-link" href="\/providers\/\d+">[^<]+<\/a>/);
  assert.match(t, /Capital Hub serves London, not North West/);
  assert.match(t, /Busy Federation has 0 of 0 school places/);
  assert.match(t, /Over the travel distance/, "Distant Services is flagged as far");
  assert.match(t, /Score \d+ of 100/);
  assert.match(t, /Expertise \(\d+ of 40\)/);
  assert.match(t, /Not suggested \(\d+\), and why/);
  assert.ok(t.indexOf("Distant Services") < t.indexOf("Busy Federation"));
  assert.match(t, /Propose Near Trust Partnership/);
  assert.doesNotMatch(t, /Propose Capital Hub/, "a provider outside the region cannot be proposed");
});

test("a provider that declines in the service sends the case back, and is not suggested again", async () => {
  let r = await post(adviser.client, `/cases/${riseCase}/matching`, { org: String(ids.near) }, `/cases/${riseCase}/matching/propose`);
  ok(r);
  assert.equal(rows(`SELECT status, term FROM case_providers WHERE case_id = ${riseCase} AND organisation_id = ${ids.near}`)[0].join(), `proposed,${term}`);
  assert.equal(rows(`SELECT status FROM case_tasks WHERE case_id = ${riseCase} AND code = 'preferred-org'`)[0][0], "completed");
  const mail = rows(`SELECT personalisation FROM outbox WHERE template_key = 'match-step' AND recipient = '${provider.user.email}'`);
  assert.equal(mail.length, 1, "the provider is emailed");
  assert.match(JSON.parse(mail[0][0]).what, /proposed to support Brook Primary School/);
  // a second proposal while one is under way is refused
  r = await post(adviser.client, `/cases/${riseCase}/matching`, { org: String(ids.far) }, `/cases/${riseCase}/matching/propose`);
  assert.notEqual(r.status, 303);
  // the provider sees it and answers no, with a reason
  const page = await provider.client.get(`/your-cases/${riseCase}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Can you support this school, with no conflict of interest\?/);
  r = await provider.client.post(`/your-cases/${riseCase}/provider-answer`, { csrf_token: csrfFrom(page.text), answer: "no", reason: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /Enter your reasons/);
  ok(await provider.client.post(`/your-cases/${riseCase}/provider-answer`, { csrf_token: csrfFrom(page.text), answer: "no", reason: "No capacity this term after all" }));
  assert.equal(rows(`SELECT status, reason FROM case_providers WHERE case_id = ${riseCase} AND organisation_id = ${ids.near}`)[0].join(), "declined,No capacity this term after all");
  assert.equal(rows(`SELECT status FROM case_tasks WHERE case_id = ${riseCase} AND code = 'preferred-org'`)[0][0], "not started");
  const dec = rows(`SELECT outcome FROM case_decisions WHERE case_id = ${riseCase} AND type = 'provider-answer'`)[0][0];
  assert.match(dec, /cannot support \(given by the provider in the service\)/);
  const t = (await adviser.client.get(`/cases/${riseCase}/matching`)).text;
  assert.match(t, /Earlier proposals/);
  assert.match(t, /No capacity this term after all/);
  assert.doesNotMatch(t, /Propose Near Trust Partnership/);
  assert.match(t, /declined this case/i);
});

test("the school agrees in the service; due diligence waits for current checks; the director approves the appointment", async () => {
  ok(await post(adviser.client, `/cases/${riseCase}/matching`, { org: String(ids.far) }, `/cases/${riseCase}/matching/propose`));
  // recorded on the provider's behalf
  ok(await post(adviser.client, `/cases/${riseCase}/matching`, { answer: "yes", reason: "" }, `/cases/${riseCase}/matching/provider-answer`));
  const page = await school.client.get(`/your-cases/${riseCase}`);
  assert.match(page.text, /Do you agree to this provider supporting the school\?/);
  ok(await school.client.post(`/your-cases/${riseCase}/match-answer`, { csrf_token: csrfFrom(page.text), answer: "yes", reason: "" }));
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${riseCase} AND organisation_id = ${ids.far}`)[0][0], "agreed");
  await task(officer.client, riseCase, "rb-conflict", { "f-conflict": "no" });
  // checks expired: refused with the reason
  sqlite(server.db, `UPDATE provider_checks SET expires_on = '2020-01-01' WHERE organisation_id = ${ids.far} AND kind = 'financial'`);
  let r = await post(officer.client, `/cases/${riseCase}/tasks/due-diligence`, { ...date("f-on") });
  assert.equal(r.status, 409);
  assert.match(r.text, /financial check/);
  sqlite(server.db, `UPDATE provider_checks SET expires_on = NULL`);
  ok(await post(officer.client, `/cases/${riseCase}/tasks/due-diligence`, { ...date("f-on") }));
  ok(await post(officer.client, `/cases/${riseCase}/matching`, { note: "Ready" }, `/cases/${riseCase}/matching/appoint`));
  assert.equal(rows(`SELECT status FROM case_tasks WHERE case_id = ${riseCase} AND code = 'appointment'`)[0][0], "in progress");
  const did = rows(`SELECT max(id) FROM case_decisions WHERE case_id = ${riseCase} AND type = 'appointment'`)[0][0];
  ok(await post(director.client, `/cases/${riseCase}/decisions/${did}`, { approval: "approved", note: "" }));
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${riseCase} AND organisation_id = ${ids.far}`)[0][0], "matched");
  assert.equal(rows(`SELECT status FROM case_tasks WHERE case_id = ${riseCase} AND code = 'appointment'`)[0][0], "completed");
  assert.equal(rows(`SELECT status FROM case_tasks WHERE case_id = ${riseCase} AND code = 'org-contacts'`)[0][0], "not started");
  // every step is on the case's timeline
  const actions = rows(`SELECT action FROM audit WHERE object_type = 'case' AND object_id = '${riseCase}' AND action LIKE 'case.match.%'`).map((x) => x[0]);
  for (const a of ["case.match.propose", "case.match.provider", "case.match.school", "case.match.appoint"]) assert.ok(actions.includes(a), a);
});

test("a match holds capacity while it lasts and releases it when the case stops", async () => {
  const held = () => (rows(`SELECT count(*) FROM case_providers WHERE organisation_id = ${ids.far} AND status IN ('proposed','accepted','agreed','matched')`)[0][0]);
  assert.equal(Number(held()), 1);
  ok(await post(officer.client, `/cases/${riseCase}/status`, { status: "stopped", ...date("on"), reason: "Test" }));
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${riseCase} AND organisation_id = ${ids.far}`)[0][0], "ended");
  assert.equal(Number(held()), 0);
});

test("TSIO: the delivery partner proposes a system leader and records the steps that are theirs", async () => {
  sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise)
    VALUES ('Lee Leader', 'system-leader', '2026-01-01', 'test', 'person', 'North West', 'primary', 'leadership-governance')`);
  const leader = Number(rows("SELECT id FROM organisations WHERE name = 'Lee Leader'")[0][0]);
  sqlite(server.db, `INSERT INTO leaders (organisation_id, designation) VALUES (${leader}, 'system-leader')`);
  sqlite(server.db, `INSERT INTO provider_capacity VALUES (${leader}, '${term}', 2, 20, 'test', '2026-01-01')`);
  tsioCase = await openCase("tsio-2022-23", 170004);
  await task(officer.client, tsioCase, "contact-rb", { "f-who": "CEO", "f-plans": "A plan" });
  await task(officer.client, tsioCase, "contact-school", { "f-who": "Head" });
  ok(await post(officer.client, `/cases/${tsioCase}/tasks/school-response`, { ...date("f-on"), "f-outcome": "accepted", "f-reason": "Keen" }));
  await task(officer.client, tsioCase, "refer-rdp", {});
  const t = (await partner.client.get(`/cases/${tsioCase}/matching`)).text;
  assert.match(t, /Propose Lee Leader/);
  assert.doesNotMatch(t, /Propose Near Trust Partnership/, "TSIO matches people, not organisations");
  ok(await post(partner.client, `/cases/${tsioCase}/matching`, { org: String(leader) }, `/cases/${tsioCase}/matching/propose`));
  ok(await post(partner.client, `/cases/${tsioCase}/matching`, { answer: "yes" }, `/cases/${tsioCase}/matching/provider-answer`));
  await task(partner.client, tsioCase, "rdp-contact-school", {});
  const due = rows(`SELECT due_on FROM case_tasks WHERE case_id = ${tsioCase} AND code = 'school-confirms-match'`)[0][0];
  assert.ok(due, "the school's confirmation has its due date (3 working days)");
});

test("RISE: a school on the review path has no matching steps until it is switched to matching", async () => {
  const id = await openCase("rise", 170002);
  const did = rows(`SELECT max(id) FROM case_decisions WHERE case_id = ${id} AND type = 'category'`)[0][0];
  ok(await post(director.client, `/cases/${id}/decisions/${did}`, { approval: "approved", note: "Agreed" }));
  await task(officer.client, id, "contact-rb", { "f-who": "CEO", "f-plans": "A plan" });
  await task(officer.client, id, "contact-school", { "f-who": "Head" });
  ok(await post(officer.client, `/cases/${id}/tasks/school-response`, { ...date("f-on"), "f-outcome": "accepted", "f-reason": "Keen" }));
  const adv = String(adviser.user.id);
  ok(await post(officer.client, `/cases/${id}/tasks/conflict-check`, { ...date("f-on"), "f-adviser": adv, "f-conflict": "no", "f-details": "None" }));
  ok(await post(officer.client, `/cases/${id}/tasks/allocate-adviser`, { ...date("f-on"), "f-adviser": adv }));
  await task(adviser.client, id, "initial-contact", { "f-who": "The headteacher" });
  await task(adviser.client, id, "initial-visit", { "f-assessment": "Capacity to improve on its own" });
  // the regional director's own decision is approved at once
  ok(await post(director.client, `/cases/${id}/tasks/diagnosis-decision`, { "f-path": "review", "f-reason": "Improving with its trust" }));
  const status = (code) => rows(`SELECT status FROM case_tasks WHERE case_id = ${id} AND code = '${code}'`)[0][0];
  assert.equal(status("diagnosis-decision"), "completed");
  assert.equal(status("preferred-org"), "not needed");
  assert.equal(status("appointment"), "not needed");
  assert.match((await officer.client.get(`/cases/${id}/matching`)).text, /on the review path/);
  // switched to matching: the adviser's new decision waits; approved, the matching steps come back
  ok(await post(adviser.client, `/cases/${id}/tasks/diagnosis-decision`, { "f-path": "match", "f-reason": "Progress has stalled" }));
  assert.equal(status("preferred-org"), "not needed", "the review path holds until the switch is approved");
  const sw = rows(`SELECT max(id) FROM case_decisions WHERE case_id = ${id} AND type = 'diagnosis'`)[0][0];
  ok(await post(director.client, `/cases/${id}/decisions/${sw}`, { approval: "approved", note: "" }));
  assert.equal(status("preferred-org"), "not started");
  assert.match((await adviser.client.get(`/cases/${id}/matching`)).text, /Suggestions/);
});

test("the cohort: a region's waiting cases get the best assignment, which a person changes and confirms", async () => {
  const waiting = Number(rows("SELECT id FROM cases WHERE subject_id = 170002 AND programme = 'rise'")[0][0]);
  let page = await officer.client.get("/matching");
  assert.equal(page.status, 200);
  assert.match(page.text, /Match the cohort/);
  assert.match(page.text, new RegExp(`name="p-${waiting}"`));
  assert.match(page.text, /are waiting for a provider to be proposed/);
  // nothing chosen: an error for that row, input kept
  let r = await officer.client.post("/matching", { csrf_token: csrfFrom(page.text), region: "North West", [`use-${waiting}`]: "1", [`p-${waiting}`]: "" });
  assert.equal(r.status, 409);
  assert.match(r.text, /select a provider or untick the case/);
  ok(await officer.client.post("/matching", { csrf_token: csrfFrom(page.text), region: "North West", [`use-${waiting}`]: "1", [`p-${waiting}`]: String(ids.near) }));
  assert.equal(rows(`SELECT status FROM case_providers WHERE case_id = ${waiting} AND organisation_id = ${ids.near}`)[0][0], "proposed");
  // another region is not theirs
  assert.equal((await officer.client.get("/matching?region=London")).status, 403);
  assert.equal((await adviser.client.get("/matching")).status, 403);
});

test("priority areas are data: a bad file changes nothing; a good one puts the school in a priority area", async () => {
  const bad = join(server.dir, "areas-bad.csv");
  writeFileSync(bad, "LA code,Area\n350,Education Investment Area\n99,Education Investment Area\n999,\n");
  let r = await riseAsync(["providers", "priority-areas", bad, "--db", server.db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /areas-bad\.csv:3:1: "99" is not a local authority code/);
  assert.match(r.stderr, /areas-bad\.csv:4:1: no school in the reference data has local authority 999/);
  assert.match(r.stderr, /areas-bad\.csv:4:2: the area is missing/);
  assert.equal(Number(rows("SELECT count(*) FROM priority_areas")[0][0]), 0, "nothing partial");
  const good = join(server.dir, "areas.csv");
  writeFileSync(good, "Area,LA code\nEducation Investment Area,350\n");
  r = await riseAsync(["providers", "priority-areas", good, "--db", server.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 local authority in priority areas/);
  const id = Number(rows("SELECT id FROM cases WHERE subject_id = 170002 AND programme = 'rise'")[0][0]);
  assert.match((await officer.client.get(`/cases/${id}/matching`)).text, /Yes: its local authority is a priority area/);
});
