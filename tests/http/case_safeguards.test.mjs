// case_safeguards.test.mjs - casework safeguards (issue 10, items 7, 8, 11
// and 12) over HTTP: a conflict of interest found for an adviser bars them
// until the regional director overrides it with a reason, and every check
// stays on the record; a new category waits for approval without moving
// the case back; a warning notice or an interim executive board waits for
// the regional director; the reasons given for a school's response, a
// conflict check and an allocation are in the decision log.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqliteRows, csrfFrom } from "../lib/harness.mjs";

let server, officer, director, ada, ben;
let adviserCase, categoryCase, concernCase;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate,Diocese (name)\n" +
  "160001,Brook Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable\n" +
  "160002,Moor Academy,Open,Academies,Academy converter,North West,Bolton,01-09-2012,Not applicable\n" +
  "160003,Dale Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990,Not applicable\n";

const d = new Date();
const date = (prefix) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});

async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}

/* The rows of the decision log as text, one string per row. */
async function decisionRows(client, caseId) {
  const page = await client.get(`/cases/${caseId}/decisions`);
  assert.equal(page.status, 200);
  const body = page.text.split("<tbody")[1] || "";
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => m[1].replace(/\s+/g, " "));
}

function decisionId(caseId, type) {
  return sqliteRows(server.db, `SELECT max(id) FROM case_decisions WHERE case_id = ${caseId} AND type = '${type}'`)[0][0];
}

async function openCase(urn, category = "targeted") {
  const r = await post(officer.client, "/screening/rise/exception", {
    kind: "school", id: String(urn), source: "regional-director", category, reason: "Named by the director",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  return Number(sqliteRows(server.db, `SELECT id FROM cases WHERE subject_id = ${urn}`)[0][0]);
}

/* The category approved, the responsible body and school contacted, support accepted. */
async function toAdviserStage(caseId) {
  let r = await post(director.client, `/cases/${caseId}/decisions/${decisionId(caseId, "category")}`, {
    approval: "approved", note: "Agreed",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officer.client, `/cases/${caseId}/tasks/contact-rb`, {
    ...date("f-on"), complete: "yes", "f-who": "The director of children's services", "f-plans": "A plan",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officer.client, `/cases/${caseId}/tasks/contact-school`, { ...date("f-on"), complete: "yes", "f-who": "Head" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officer.client, `/cases/${caseId}/tasks/school-response`, {
    ...date("f-on"), "f-outcome": "accepted", "f-reason": "The governors want the help",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
}

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  [officer, director, ada, ben] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer" }),
    signedIn(server, { role: "regional-director", name: "Reg Director" }),
    signedIn(server, { role: "adviser", name: "Ada Adviser" }),
    signedIn(server, { role: "adviser", name: "Ben Adviser" }),
  ]);
  adviserCase = await openCase(160001);
  categoryCase = await openCase(160002);
  concernCase = await openCase(160003);
  await toAdviserStage(adviserCase);
  await toAdviserStage(categoryCase);
});

after(async () => {
  if (server) await stopCleanly(server);
});

// item 12
test("the reasons given for the school's response, a conflict check and an allocation are in the decision log", async () => {
  const check = await post(officer.client, `/cases/${adviserCase}/tasks/conflict-check`, {
    ...date("f-on"), "f-adviser": String(ben.user.id), "f-conflict": "no", "f-details": "Ben declared no links to the trust",
  });
  assert.equal(check.status, 303, check.text.slice(0, 400));
  const alloc = await post(officer.client, `/cases/${adviserCase}/tasks/allocate-adviser`, {
    ...date("f-on"), "f-adviser": String(ben.user.id), reason: "Ben knows primary maths well",
  });
  assert.equal(alloc.status, 303, alloc.text.slice(0, 400));
  const rows = await decisionRows(officer.client, adviserCase);
  const row = (what) => rows.find((t) => t.includes(what)) || "";
  assert.match(row("Accepted support"), /The governors want the help/);
  assert.match(row("No conflict: Ben Adviser"), /Ben declared no links to the trust/);
  assert.match(row("Allocated Ben Adviser"), /Ben knows primary maths well/);
});

// item 7
test("a conflict found bars the adviser: re-saving 'no conflict' needs the regional director's override with a reason", async () => {
  const base = `/cases/${adviserCase}/tasks`;
  let r = await post(officer.client, `${base}/conflict-check`, {
    ...date("f-on"), "f-adviser": String(ada.user.id), "f-conflict": "yes", "f-details": "Ada was a governor here",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  // "no conflict" for the same adviser is an override: it needs a reason
  r = await post(officer.client, `${base}/conflict-check`, {
    ...date("f-on"), "f-adviser": String(ada.user.id), "f-conflict": "no", "f-details": "Asked again",
  });
  assert.equal(r.status, 400, r.text.slice(0, 400));
  assert.match(r.text, /There is a problem/);
  assert.match(r.text, /Enter why the conflict of interest found for this adviser should be overridden/);
  assert.match(r.text, /Asked again/, "the input is kept");
  r = await post(officer.client, `${base}/conflict-check`, {
    ...date("f-on"), "f-adviser": String(ada.user.id), "f-conflict": "no", "f-details": "Asked again",
    reason: "She left the governing body in 2019",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  // still barred: the override waits for the regional director
  r = await post(officer.client, `${base}/allocate-adviser`, { ...date("f-on"), "f-adviser": String(ada.user.id), reason: "Change" });
  assert.equal(r.status, 409, r.text.slice(0, 400));
  assert.match(r.text, /waiting for the regional director/);
  // every check is its own entry, on the decision log and the task page
  let rows = await decisionRows(officer.client, adviserCase);
  assert.ok(rows.some((t) => /Conflict found: Ada Adviser/.test(t) && /Ada was a governor here/.test(t)), rows.join("\n"));
  const override = rows.find((t) => /Conflict overridden: Ada Adviser/.test(t)) || "";
  assert.match(override, /She left the governing body in 2019/);
  assert.match(override, /Awaiting approval/);
  const task = await officer.client.get(`${base}/conflict-check`);
  assert.match(task.text, /Checks recorded/);
  assert.match(task.text, /Ada was a governor here/);
  assert.match(task.text, /Ben declared no links to the trust/);
  // the director rejects it: still barred
  const did = decisionId(adviserCase, "conflict-override");
  r = await post(director.client, `/cases/${adviserCase}/decisions/${did}`, { approval: "rejected", note: "Too recent" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officer.client, `${base}/allocate-adviser`, { ...date("f-on"), "f-adviser": String(ada.user.id), reason: "Change" });
  assert.equal(r.status, 409);
  assert.match(r.text, /conflict of interest was found for this adviser/);
  // asked again, and the director approves with a reason of their own
  r = await post(officer.client, `${base}/conflict-check`, {
    ...date("f-on"), "f-adviser": String(ada.user.id), "f-conflict": "no", "f-details": "Checked with the clerk",
    reason: "Her term ended six years ago",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const did2 = decisionId(adviserCase, "conflict-override");
  assert.notEqual(did2, did);
  r = await post(director.client, `/cases/${adviserCase}/decisions/${did2}`, { approval: "approved", note: "" });
  assert.equal(r.status, 400, "approving an override needs the director's reason");
  assert.match(r.text, /Enter why you override the conflict of interest/);
  r = await post(director.client, `/cases/${adviserCase}/decisions/${did2}`, { approval: "approved", note: "No current link" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officer.client, `${base}/allocate-adviser`, {
    ...date("f-on"), "f-adviser": String(ada.user.id), reason: "Ada has the time now",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  rows = await decisionRows(officer.client, adviserCase);
  // Ben's check, Ada's conflict found and her two overrides: four entries
  assert.equal(rows.filter((t) => /Conflict-of-interest check|Conflict override/.test(t)).length, 4, rows.join("\n"));
});

// item 8
test("a new category waits for approval: the case keeps its approved category and stage", async () => {
  const before = await officer.client.get(`/cases/${categoryCase}`);
  assert.match(before.text, /<dt class="govuk-summary-list__key">\s*Stage\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Adviser/);
  let r = await post(officer.client, `/cases/${categoryCase}/tasks/identify`, {
    "f-category": "intervention", reason: "Safeguarding is not effective",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  let page = await officer.client.get(`/cases/${categoryCase}`);
  assert.match(page.text, /<dt class="govuk-summary-list__key">\s*Stage\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Adviser/);
  const tags = page.text.split("rise-case-tags")[1].split("</p>")[0];
  assert.match(tags, />\s*Targeted\s*</);
  assert.match(tags, /Intervention: awaiting approval/);
  assert.match(page.text, /Check the adviser for conflicts of interest[\s\S]*?Not started/);
  assert.equal(sqliteRows(server.db, `SELECT category FROM cases WHERE id = ${categoryCase}`)[0][0], "targeted");
  const identify = await officer.client.get(`/cases/${categoryCase}/tasks/identify`);
  assert.match(identify.text, /A new category \(Intervention\) is waiting for the regional director(&#39;|')s approval/);
  const list = await officer.client.get("/cases?category=targeted");
  assert.match(list.text, /Moor Academy/);
  // one new category at a time
  r = await post(officer.client, `/cases/${categoryCase}/tasks/identify`, { "f-category": "universal", reason: "Second thoughts" });
  assert.equal(r.status, 409);
  assert.match(r.text, /already waiting for the regional director/);
  // rejected: nothing changes
  r = await post(director.client, `/cases/${categoryCase}/decisions/${decisionId(categoryCase, "category")}`, {
    approval: "rejected", note: "Not yet",
  });
  assert.equal(r.status, 303);
  page = await officer.client.get(`/cases/${categoryCase}`);
  assert.doesNotMatch(page.text, /awaiting approval/);
  assert.match(page.text, /<dt class="govuk-summary-list__key">\s*Stage\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Adviser/);
  // approved: the new category, the same stage
  r = await post(officer.client, `/cases/${categoryCase}/tasks/identify`, { "f-category": "intervention", reason: "Again" });
  assert.equal(r.status, 303);
  r = await post(director.client, `/cases/${categoryCase}/decisions/${decisionId(categoryCase, "category")}`, {
    approval: "approved", note: "",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  page = await officer.client.get(`/cases/${categoryCase}`);
  const after = page.text.split("rise-case-tags")[1].split("</p>")[0];
  assert.match(after, />\s*Intervention\s*</);
  assert.doesNotMatch(after, /Targeted/);
  assert.match(page.text, /<dt class="govuk-summary-list__key">\s*Stage\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Adviser/);
});

// item 11
test("a warning notice or an interim executive board waits for the regional director; information powers do not", async () => {
  const base = `/cases/${concernCase}/concerns`;
  const raise = async (summary) => {
    const r = await post(officer.client, `${base}/new`, { summary, details: "No reply to letters", ...date("raised-on") });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    return sqliteRows(server.db, `SELECT max(id) FROM case_concerns WHERE case_id = ${concernCase}`)[0][0];
  };
  const escalate = (cid, powers, reason) =>
    post(officer.client, `${base}/${cid}/escalate`, {
      ...date("escalated-on"), steps: "Two letters", "primary-reason": "Declined support", powers, reason,
    });
  const escalation = (cid) =>
    sqliteRows(server.db, `SELECT max(id) FROM case_decisions WHERE type = 'concern-escalated' AND about = 'concern ${cid}'`)[0][0];
  const approvalOf = async (reason) => {
    const rows = await decisionRows(officer.client, concernCase);
    return rows.find((t) => t.includes(reason)) || "";
  };

  const c1 = await raise("Warning notice needed");
  let r = await escalate(c1, "warning-notice", "Reason one");
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.match(await approvalOf("Reason one"), /Awaiting approval/);
  assert.match((await officer.client.get(base)).text, /Awaiting approval/);
  assert.match((await director.client.get("/")).text, /Dale Primary School/, "on the director's home page");

  const c2 = await raise("Board needed");
  r = await escalate(c2, "ieb", "Reason two");
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.match(await approvalOf("Reason two"), /Awaiting approval/);

  const c3 = await raise("Information needed");
  r = await escalate(c3, "information-powers", "Reason three");
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.match(await approvalOf("Reason three"), /Not needed/);

  // approved, and rejected: a rejected escalation leaves the concern open to escalate again
  r = await post(director.client, `/cases/${concernCase}/decisions/${escalation(c1)}`, {
    approval: "approved", note: "Send it",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.match(await approvalOf("Reason one"), /Approved/);
  r = await post(director.client, `/cases/${concernCase}/decisions/${escalation(c2)}`, {
    approval: "rejected", note: "Try a warning notice first",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.match(await approvalOf("Reason two"), /Rejected/);
  assert.equal(sqliteRows(server.db, `SELECT status FROM case_concerns WHERE id = ${c2}`)[0][0], "open");
  assert.equal((await officer.client.get(`${base}/${c2}/escalate`)).status, 200);

  // the regional director's own escalation is approved as it is recorded
  const c4 = await raise("Director's notice");
  r = await post(director.client, `${base}/${c4}/escalate`, {
    ...date("escalated-on"), steps: "Calls", "primary-reason": "Declined support", powers: "warning-notice", reason: "Reason four",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.match(await approvalOf("Reason four"), /Approved/);
});
