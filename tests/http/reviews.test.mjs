// reviews.test.mjs - termly reviews over HTTP (issue 15 items 1-3, 7): an
// approved RISE plan is reviewed in each term it runs in once the terms are
// set; the provider writes the review (every item rated, evidence, a
// mitigation for anything off track: refused otherwise with the error
// summary and the input kept), the delivery officer accepts or returns it;
// a red review recommends withholding for a person to decide; the case's
// Monitoring tab shows each item's rating term by term as an SVG chart and
// the same data as a table; the reviews due page counts what is overdue;
// strangers are refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom, unescapeHtml } from "../lib/harness.mjs";

let server, officer, director, grant, admin, provider, other, trustUser;
let caseId;
const ids = {};
const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  "180002,Fell Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,Not applicable,4200,Fell Learning Trust,Primary,371000,409500\n";

const DAY = 86400000;
const today = new Date();
const dateOf = (prefix, d) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});
const isoDate = (prefix, iso) => { const [y, m, d] = iso.split("-"); return { [`${prefix}-day`]: String(+d), [`${prefix}-month`]: String(+m), [`${prefix}-year`]: y }; };
const inDays = (n) => new Date(today.getTime() + n * DAY);
const rows = (sql) => sqliteRows(server.db, sql);
const one = (sql) => rows(sql)[0]?.[0];
const problems = (html) =>
  [...(html.match(/govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? html.slice(0, 300)).matchAll(/<li>(.*?)<\/li>/gs)]
    .map((m) => m[1].replace(/<[^>]+>/g, "")).join("; ") || html.slice(0, 300);
const ok = (r, what = "") => assert.equal(r.status, 303, `${what}: ${r.status} ${problems(r.text)}`);
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.status} ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}
const planPost = (client, id, rest, fields, form = rest) =>
  post(client, form ? `/plans/${id}/${form}` : `/plans/${id}`, fields, `/plans/${id}/${rest}`);

/* This academic year's terms and the next, around today. */
function yearTerms(y) {
  return { year: String(y), ...isoDate("autumn-starts", `${y}-09-02`), ...isoDate("autumn-ends", `${y}-12-18`),
    ...isoDate("spring-starts", `${y + 1}-01-04`), ...isoDate("spring-ends", `${y + 1}-03-26`),
    ...isoDate("summer-starts", `${y + 1}-04-12`), ...isoDate("summer-ends", `${y + 1}-07-21`) };
}
const academicYear = today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1;

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  assert.equal((await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")])).status, 0);
  writeFileSync(join(server.dir, "groups.csv"), "Group UID,Group Name,Group Type\n4200,Fell Learning Trust,Multi-academy trust\n");
  writeFileSync(join(server.dir, "links.csv"), "URN,Group UID,Joined date,Group Name,Group Type\n180002,4200,2012-09-01,Fell Learning Trust,Multi-academy trust\n");
  for (const [kind, f] of [["groups", "groups.csv"], ["group-links", "links.csv"]])
    assert.equal((await riseAsync(["import", kind, "--db", server.db, join(server.dir, f)])).status, 0);
  for (const name of ["Near Partnership", "Far Services"])
    sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise)
      VALUES ('${name}', 'supporting-organisation', '2026-01-01', 'test', 'trust', 'North West', 'primary', 'leadership-governance')`);
  ids.near = Number(one("SELECT id FROM organisations WHERE name = 'Near Partnership'"));
  ids.far = Number(one("SELECT id FROM organisations WHERE name = 'Far Services'"));
  [officer, director, grant, admin] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "grant-team", name: "Gail Grant" }),
    signedIn(server, { role: "admin" }),
  ]);
  [provider, other, trustUser] = await Promise.all([
    signedIn(server, { role: "supporting-organisation", name: "Sam Provider", organisation: String(ids.near), orgKind: "provider" }),
    signedIn(server, { role: "supporting-organisation", name: "Olly Other", organisation: String(ids.far), orgKind: "provider" }),
    signedIn(server, { role: "school", name: "Tess Trust", organisation: "4200", orgKind: "trust" }),
  ]);
  ok(await post(officer.client, "/screening/rise/exception", { kind: "school", id: "180002", source: "regional-director",
    reason: "Named by the director", category: "targeted" }), "open the case");
  caseId = Number(one("SELECT id FROM cases WHERE subject_id = 180002"));
  sqlite(server.db, `UPDATE cases SET delivery_officer_id = ${officer.user.id} WHERE id = ${caseId}`);
  sqlite(server.db, `INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${caseId}, ${ids.near}, 'matched', '2026-01-01')`);
  // the approved improvement plan: one objective with one action
  const p = provider.client;
  ok(await planPost(officer.client, caseId, "band", { band: "band-2" }, ""), "band");
  ok(await planPost(p, caseId, "objectives/new", { "objective-1-area": "attendance-behaviour", "objective-1-text": "Attendance above 94%" }), "objective");
  ok(await planPost(p, caseId, "actions/new?objective=1", {
    "action-1-description": "An attendance officer", "action-1-responsible": "The head",
    ...dateOf("action-1-start", today), ...dateOf("action-1-end", inDays(200)), "action-1-outcomes": "Attendance improves",
  }), "action");
  ok(await planPost(p, caseId, "edit/funding", {
    reserves: "10,000", revenue: "1,000,000", ...dateOf("starts_on", today), ...dateOf("ends_on", inDays(400)), rows: "3",
    "costed-1-what": "Attendance officer", ...dateOf("costed-1-from", today), ...dateOf("costed-1-until", inDays(300)), "costed-1-cost": "30,000",
    "costed-2-what": "Training", ...dateOf("costed-2-from", inDays(120)), ...dateOf("costed-2-until", inDays(200)), "costed-2-cost": "10,000",
    "costed-3-what": "Coaching", ...dateOf("costed-3-from", inDays(230)), ...dateOf("costed-3-until", inDays(300)), "costed-3-cost": "10,000",
  }), "funding");
  ok(await planPost(p, caseId, "submit", {}), "submit");
  for (const role of ["head", "chair"])
    ok(await planPost(trustUser.client, caseId, "sign", { role, name: "Tess Trust", ...dateOf("signed", today), agree: "yes" }), "sign");
  ok(await planPost(grant.client, caseId, "review", { outcome: "accept", band: "band-2", note: "" }), "final band");
  ok(await planPost(director.client, caseId, "decision", { outcome: "accept", note: "" }), "approve");
  assert.equal(one(`SELECT status FROM plans WHERE case_id = ${caseId}`), "approved");
  // its improvement grant, issued by the grant team and accepted by the trust (the responsible body)
  const grantId = one(`SELECT id FROM grants WHERE case_id = ${caseId} AND kind = 'improvement'`);
  assert.ok(grantId, "the approval made the improvement grant");
  ok(await post(grant.client, `/grants/${grantId}/issue`, { over_budget: "yes" }), "issue");
  ok(await post(trustUser.client, `/grants/${grantId}/accept`, { name: "Tess Trust", confirm: "yes" }), "accept");
  ids.grant = grantId;
});
after(async () => {
  if (server) await stopCleanly(server);
});

test("no terms, no reviews; setting the terms schedules one a term, due a month before its end", async () => {
  assert.equal(one(`SELECT count(*) FROM reviews WHERE case_id = ${caseId}`), "0");
  const tab = await officer.client.get(`/cases/${caseId}/monitoring`);
  assert.equal(tab.status, 200);
  assert.match(tab.text, /No school terms are set/);
  ok(await post(admin.client, "/settings/terms", yearTerms(academicYear)), "this year's terms");
  ok(await post(admin.client, "/settings/terms", yearTerms(academicYear + 1)), "next year's terms");
  const due = rows(`SELECT term_key, due_on, status FROM reviews WHERE case_id = ${caseId} ORDER BY due_on`);
  assert.ok(due.length >= 2 && due.length <= 5, `one review a term the plan runs in: ${JSON.stringify(due)}`);
  assert.ok(due.every(([, , s]) => s === "due"));
  const autumn = due.find(([k]) => k === `${academicYear}-${String((academicYear + 1) % 100).padStart(2, "0")}-autumn`);
  if (autumn) assert.equal(autumn[1], `${academicYear}-11-18`);
});

test("the provider's review: refused until complete, input kept; accepted by the delivery officer", async () => {
  const id = Number(one(`SELECT id FROM reviews WHERE case_id = ${caseId} ORDER BY due_on LIMIT 1`));
  assert.equal((await other.client.get(`/reviews/${id}/edit`)).status, 404, "another provider cannot see it");
  assert.equal((await trustUser.client.get(`/reviews/${id}`)).status, 200, "the trust reads it");
  assert.equal((await trustUser.client.get(`/reviews/${id}/edit`)).status, 403, "but does not write it");
  const form = await provider.client.get(`/reviews/${id}/edit`);
  assert.equal(form.status, 200);
  assert.match(unescapeHtml(form.text), /On track: taking place as planned/, "each rating's wording is shown");
  // amber with no mitigation, no overall: refused, what was typed kept
  let r = await provider.client.post(`/reviews/${id}/edit`, { csrf_token: csrfFrom(form.text), action: "submit",
    "objective-1-rating": "amber", "objective-1-evidence": "Attendance is 92%, up from 89%", "action-1-rating": "green",
    "action-1-evidence": "Officer in post since September" });
  assert.equal(r.status, 400);
  const t = unescapeHtml(r.text);
  assert.match(t, /Say how Objective 1: Attendance above 94% will be brought back on track/);
  assert.match(t, /Select the overall progress/);
  assert.match(t, /Attendance is 92%, up from 89%/, "the evidence typed is kept");
  assert.equal(one(`SELECT status FROM reviews WHERE id = ${id}`), "due", "nothing saved");
  // a draft saves anything
  ok(await provider.client.post(`/reviews/${id}/edit`, { csrf_token: csrfFrom(form.text), action: "save",
    "objective-1-rating": "amber" }), "draft");
  assert.equal(one(`SELECT status FROM reviews WHERE id = ${id}`), "draft");
  ok(await provider.client.post(`/reviews/${id}/edit`, { csrf_token: csrfFrom(form.text), action: "submit",
    "objective-1-rating": "amber", "objective-1-evidence": "Attendance is 92%, up from 89%",
    "objective-1-mitigation": "Home visits for the ten most absent pupils", "action-1-rating": "green",
    "action-1-evidence": "Officer in post since September", overall: "progressing-well" }), "submit");
  assert.equal(one(`SELECT status FROM reviews WHERE id = ${id}`), "submitted");
  assert.ok(Number(one(`SELECT count(*) FROM outbox WHERE template_key = 'review-step'`)) >= 1, "the team is told");
  // the decision: a return needs a comment
  const dec = await officer.client.get(`/reviews/${id}/decision`);
  assert.equal(dec.status, 200);
  r = await officer.client.post(`/reviews/${id}/decision`, { csrf_token: csrfFrom(dec.text), outcome: "return", note: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /Say what needs to change/);
  assert.equal((await provider.client.get(`/reviews/${id}/decision`)).status, 403, "the provider does not accept its own");
  const arrears = () => rows(`SELECT status FROM grant_lines WHERE grant_id = ${ids.grant} AND pay_when = 'arrears' ORDER BY position`).map((x) => x[0]);
  assert.ok(arrears().length >= 1 && arrears().every((x) => x === "scheduled"), `the later terms wait: ${arrears()}`);
  // the caseworker's own confirmation is replaced by the reviews
  const line = one(`SELECT position FROM grant_lines WHERE grant_id = ${ids.grant} AND pay_when = 'arrears' ORDER BY position LIMIT 1`);
  assert.doesNotMatch((await officer.client.get(`/grants/${ids.grant}`)).text, /Confirm progress/);
  ok(await officer.client.post(`/reviews/${id}/decision`, { csrf_token: csrfFrom(dec.text), outcome: "accept", note: "" }), "accept");
  assert.equal(one(`SELECT status FROM reviews WHERE id = ${id}`), "accepted");
  // the case's monitoring task is under way until every termly review is accepted
  assert.equal(one(`SELECT status FROM case_tasks WHERE case_id = ${caseId} AND code = 'monitoring'`), "in progress");
  // satisfactory (progressing well, nothing red): the next term's payment in arrears is released
  assert.equal(arrears()[0], "due", "the next arrears payment is due");
  assert.match(one(`SELECT reason FROM grant_ledger WHERE grant_id = ${ids.grant} AND op = 'make-due' ORDER BY id DESC LIMIT 1`),
    /satisfactory progress/);
  const progress = await post(officer.client, `/grants/${ids.grant}/lines/${line}/progress`, { reason: "Fine" });
  assert.equal(progress.status, 409, "a manual confirmation is refused where reviews confirm progress");
  // the chart and its table
  const tab = await officer.client.get(`/cases/${caseId}/monitoring`);
  assert.match(tab.text, /<svg[^>]*role="img"/);
  assert.match(unescapeHtml(tab.text), /Ratings term by term/);
  assert.match(tab.text, /govuk-tag--orange">Amber/);
  const actions = rows("SELECT DISTINCT action FROM audit WHERE action LIKE 'review.%'").map((x) => x[0]);
  for (const a of ["review.save", "review.submit", "review.accept"]) assert.ok(actions.includes(a), a);
});

test("a red review recommends withholding, for a person to decide", async () => {
  const id = Number(one(`SELECT id FROM reviews WHERE case_id = ${caseId} AND status = 'due' ORDER BY due_on LIMIT 1`));
  const form = await provider.client.get(`/reviews/${id}/edit`);
  ok(await provider.client.post(`/reviews/${id}/edit`, { csrf_token: csrfFrom(form.text), action: "submit",
    "objective-1-rating": "red", "objective-1-evidence": "Attendance fell to 88%", "objective-1-stop": "yes",
    "action-1-rating": "red", "action-1-evidence": "The officer left", "action-1-mitigation": "Recruit again",
    overall: "not-improving" }), "a red review");
  const dec = await officer.client.get(`/reviews/${id}/decision`);
  ok(await officer.client.post(`/reviews/${id}/decision`, { csrf_token: csrfFrom(dec.text), outcome: "accept", note: "" }), "accept");
  const rec = rows(`SELECT id, cause, reason, status FROM withhold_recommendations WHERE case_id = ${caseId}`);
  assert.equal(rec.length, 1);
  assert.equal(rec[0][1], "red");
  assert.match(rec[0][2], /Not improving/);
  const tab = await officer.client.get(`/cases/${caseId}/monitoring`);
  assert.match(unescapeHtml(tab.text), /Withholding the (next )?payment[^:]* is recommended: The review's overall rating is Not improving/);
  // dismissing needs a note
  let r = await officer.client.post(`/cases/${caseId}/recommendations/${rec[0][0]}`, { csrf_token: csrfFrom(tab.text), decision: "dismiss", note: "" });
  assert.equal(r.status, 303);
  assert.equal(one(`SELECT status FROM withhold_recommendations WHERE id = ${rec[0][0]}`), "open", "not dismissed without a note");
  ok(await officer.client.post(`/cases/${caseId}/recommendations/${rec[0][0]}`, { csrf_token: csrfFrom(tab.text),
    decision: "confirm", note: "" }), "confirmed");
  assert.equal(one(`SELECT status FROM withhold_recommendations WHERE id = ${rec[0][0]}`), "confirmed");
  const withheld = rows(`SELECT status, withheld_reason FROM grant_lines WHERE id = (SELECT line_id FROM withhold_recommendations WHERE id = ${rec[0][0]})`)[0];
  assert.equal(withheld[0], "withheld", "the next unpaid payment is withheld");
  assert.match(withheld[1], /Not improving/);
  const v = await riseAsync(["grants", "verify", "--db", server.db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.equal((await other.client.post(`/cases/${caseId}/recommendations/${rec[0][0]}`, { csrf_token: csrfFrom(tab.text), decision: "confirm" })).status, 403);
});

test("the reviews due page counts the overdue; the delivery officer sees their own", async () => {
  const page = await officer.client.get("/reviews");
  assert.equal(page.status, 200);
  assert.match(page.text, /Reviews due/);
  assert.match(page.text, /Fell Academy|No review is due/);
  const region = await director.client.get("/reviews?whose=region");
  assert.equal(region.status, 200);
  assert.equal((await provider.client.get("/reviews")).status, 403);
});

test("the sweep marks missed a review whose term ended unsubmitted, recommending withholding", async () => {
  const before = Number(one(`SELECT count(*) FROM withhold_recommendations WHERE case_id = ${caseId} AND cause = 'missed'`));
  const r = await riseAsync(["reviews", "sweep", "--db", server.db, "--today", `${academicYear + 1}-08-01`]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /review(s)? missed as of/);
  const missed = Number(one(`SELECT count(*) FROM reviews WHERE case_id = ${caseId} AND status = 'missed'`));
  assert.ok(missed >= 1, "this year's unsubmitted reviews are missed");
  assert.equal(Number(one(`SELECT count(*) FROM withhold_recommendations WHERE case_id = ${caseId} AND cause = 'missed'`)) - before, missed);
  // a second sweep finds nothing more
  const again = await riseAsync(["reviews", "sweep", "--db", server.db, "--today", `${academicYear + 1}-08-01`]);
  assert.match(again.stdout, /^0 reviews missed/);
  assert.equal((await riseAsync(["reviews", "sweep", "--db", server.db, "--today", "tomorrow"])).status, 2);
});
