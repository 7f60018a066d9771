// plans.test.mjs - a case's plan over HTTP (issue 13, decision 0018): the
// matched provider writes it section by section (a draft may break any
// rule), the submit page lists every broken rule linked to its field and
// refuses to version it; the school signs (head and chair), the delivery
// partner returns it with comments on fields, a new version is signed and
// accepted, the regional director approves it and its PDF is kept; versions
// compare field by field; the wrong people are refused; RISE's bands and
// reserves; TSIO's 10 days and the NLG review; bad input keeps what was typed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom, unescapeHtml } from "../lib/harness.mjs";

let server, officer, director, partner, grant, provider, other, school, trustUser;
let rafCase, riseCase, tsioCase, tier1Case;
const ids = {};

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  "170001,Brook Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370000,409000\n" +
  "170002,Moor Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,Not applicable,4100,Moor Learning Trust,Primary,371000,409500\n" +
  "170003,Heath Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370500,409200\n";

const DAY = 86400000;
const today = new Date();
const dateOf = (prefix, d) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});
const inDays = (n) => new Date(today.getTime() + n * DAY);

const rows = (sql) => sqliteRows(server.db, sql);
const one = (sql) => rows(sql)[0]?.[0];
/** The error summary's items (or the page's start), for assertion messages. */
const problems = (html) =>
  [...(html.match(/govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? html.slice(0, 300)).matchAll(/<li>(.*?)<\/li>/gs)]
    .map((m) => m[1].replace(/<[^>]+>/g, "")).join("; ") || html.slice(0, 300);
const ok = (r, what = "") => assert.equal(r.status, 303, `${what}: ${problems(r.text)}`);

/** GETs formPath for its CSRF token, then POSTs fields to action. */
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.status} ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}
/** POSTs to a plan's page (the form at form, default the same path). */
const planPost = (client, id, rest, fields, form = rest) =>
  post(client, form ? `/plans/${id}/${form}` : `/plans/${id}`, fields, `/plans/${id}/${rest}`);

function org(name) {
  sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise)
    VALUES ('${name}', 'supporting-organisation', '2026-01-01', 'test', 'trust', 'North West', 'primary', 'leadership-governance')`);
  return Number(one(`SELECT id FROM organisations WHERE name = '${name}'`));
}

async function openCase(programme, kind, id, tier) {
  const fields = { kind, id: String(id), source: "regional-director", reason: "Named by the director" };
  if (programme === "rise") fields.category = "targeted";
  ok(await post(officer.client, `/screening/${programme}/exception`, fields), `open ${programme} case`);
  const caseId = Number(one(`SELECT id FROM cases WHERE subject_id = ${id} AND programme = '${programme}'`));
  if (tier) sqlite(server.db, `UPDATE screening_decisions SET suggested = '${tier}' WHERE case_id = ${caseId}`);
  sqlite(server.db, `INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${caseId}, ${ids.near}, 'matched', '2026-01-01')`);
  return caseId;
}

/** Signs as head and as chair. */
async function signBoth(client, id) {
  for (const role of ["head", "chair"])
    ok(await planPost(client, id, "sign", { role, name: role === "head" ? "Hal Head" : "Cara Chair", ...dateOf("signed", today), agree: "yes" }), `sign as ${role}`);
}

const planStatus = (id) => one(`SELECT status FROM plans WHERE case_id = ${id}`);

// The RAF's one action: a valid one, with overrides.
const rafAction = (extra = {}) => ({
  "action-1-description": "Coaching for the senior leadership team",
  "action-1-responsible": "The deputy head",
  ...dateOf("action-1-start", today),
  ...dateOf("action-1-end", inDays(60)),
  "action-1-funded": "yes",
  "action-1-delivery": "other",
  "action-1-provider": "Leaders Together Ltd",
  "action-1-rationale": "No national programme offers coaching for this team",
  "action-1-outcomes": "Leaders hold staff to account",
  "action-1-measures": "Termly review of the leadership's minutes",
  "action-1-cost-1": "5,000",
  "action-1-cost-2": "5,000",
  "action-1-cost-3": "",
  ...extra,
});

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  writeFileSync(join(server.dir, "groups.csv"), "Group UID,Group Name,Group Type\n4100,Moor Learning Trust,Multi-academy trust\n");
  writeFileSync(join(server.dir, "links.csv"), "URN,Group UID,Joined date,Group Name,Group Type\n170002,4100,2012-09-01,Moor Learning Trust,Multi-academy trust\n");
  for (const [kind, f] of [["groups", "groups.csv"], ["group-links", "links.csv"]]) {
    const g = await riseAsync(["import", kind, "--db", server.db, join(server.dir, f)]);
    assert.equal(g.status, 0, g.stderr);
  }
  ids.near = org("Near Trust Partnership");
  ids.far = org("Unmatched Services");
  [officer, director, partner, grant] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "delivery-partner", name: "Pat Partner", region: "North West" }),
    signedIn(server, { role: "grant-team", name: "Gail Grant" }),
  ]);
  [provider, other, school, trustUser] = await Promise.all([
    signedIn(server, { role: "supporting-organisation", name: "Sam Provider", organisation: String(ids.near), orgKind: "provider" }),
    signedIn(server, { role: "supporting-organisation", name: "Olly Other", organisation: String(ids.far), orgKind: "provider" }),
    signedIn(server, { role: "school", name: "Hal Head", organisation: "170001", orgKind: "school" }),
    signedIn(server, { role: "school", name: "Tess Trust", organisation: "4100", orgKind: "trust" }),
  ]);
  rafCase = await openCase("si-2019-20", "school", 170001, "tier-2");
  riseCase = await openCase("rise", "school", 170002);
  tsioCase = await openCase("tsio-2022-23", "trust", 4100);
  tier1Case = await openCase("si-2019-20", "school", 170003, "tier-1");
});

after(async () => {
  if (server) await stopCleanly(server);
});

test("RAF: drafted with broken rules, refused, fixed, signed, returned with comments, resubmitted, approved, PDF", async () => {
  const id = rafCase;
  const p = provider.client;
  assert.equal((await p.get(`/plans/${id}`)).status, 200);
  ok(await planPost(p, id, "edit/visit", { ...dateOf("visit_on", today), srma_received: "no", resource_review: "yes", send_priority: "no" }), "visit");
  // five areas: saved as a draft all the same
  const five = new URLSearchParams({ csrf_token: csrfFrom((await p.get(`/plans/${id}/edit/areas`)).text) });
  for (const a of ["leadership", "governance", "financial-management", "whole-school", "assessment"]) {
    five.append("areas", a);
    five.append(`area-${a}-need`, `Ofsted found ${a} weak`);
  }
  ok(await p.request("POST", `/plans/${id}/edit/areas`, { body: five.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url } }), "five areas");
  assert.equal(JSON.parse(one(`SELECT draft FROM plans WHERE case_id = ${id}`)).areas.length, 5, "the draft keeps five areas");
  // an action: no responsible person, ends after the funded terms, over the cap, "other" without a rationale
  ok(await planPost(p, id, "actions/new?area=leadership", rafAction({
    "action-1-responsible": "", ...dateOf("action-1-end", inDays(800)), "action-1-cost-1": "20,000", "action-1-rationale": "",
  })), "a broken action");
  const check = await p.get(`/plans/${id}/submit`);
  assert.equal(check.status, 200);
  const t = unescapeHtml(check.text);
  assert.match(t, /govuk-error-summary/);
  assert.match(t, /Select no more than 4 improvement areas/);
  assert.match(t, /href="[^"]*#action-1-responsible"[^>]*>Action 1 \(Leadership\): enter who in the school is responsible/);
  assert.match(t, /Action 1 \(Leadership\): end funded activity by [^,]+, the end of the funded terms/);
  assert.match(t, /href="[^"]*#action-1-rationale"[^>]*>Action 1 \(Leadership\): explain why a national programme is not used/);
  assert.match(t, /Reduce the total cost to no more than £16,000 for a Tier 2 school/);
  let r = await p.post(`/plans/${id}/submit`, { csrf_token: csrfFrom(check.text) });
  assert.equal(r.status, 400, "a plan breaking rules is not submitted");
  assert.match(r.text, /govuk-error-summary/);
  assert.equal(one(`SELECT count(*) FROM plan_versions WHERE case_id = ${id}`), "0", "nothing is versioned");
  assert.equal(planStatus(id), "draft");

  // fixed: four areas at most (leadership and governance, finance's rationale), the action, coordination
  ok(await planPost(p, id, "edit/areas", {
    areas: "leadership", "area-leadership-need": "Ofsted found leadership weak",
    governance_rationale: "The governors were reviewed last year", finance_rationale: "An SRMA-style review is in place",
  }), "areas");
  ok(await planPost(p, id, "actions/1", rafAction()), "the action fixed");
  ok(await planPost(p, id, "edit/coordination", { "coordination-1": "1,000", "coordination-2": "1,000", "coordination-3": "" }), "coordination");
  const clean = await p.get(`/plans/${id}/submit`);
  assert.doesNotMatch(clean.text, /govuk-error-summary/, unescapeHtml(clean.text).match(/<ul class="govuk-list govuk-error-summary__list">.*?<\/ul>/s)?.[0]);
  ok(await p.post(`/plans/${id}/submit`, { csrf_token: csrfFrom(clean.text) }), "submit");
  assert.equal(planStatus(id), "signing");
  assert.equal(one(`SELECT group_concat(version) FROM plan_versions WHERE case_id = ${id}`), "1");
  assert.ok(Number(one(`SELECT count(*) FROM outbox WHERE template_key = 'plan-step' AND recipient = '${school.user.email}'`)) >= 1,
    "the school is emailed to sign");

  // the school signs, as head then as chair
  assert.equal((await school.client.get(`/plans/${id}/sign`)).status, 200);
  await signBoth(school.client, id);
  assert.equal(planStatus(id), "review");
  assert.equal(one(`SELECT count(*) FROM plan_signoffs WHERE case_id = ${id} AND version = 1`), "2");
  // it waits on the delivery partner's home page, with its due date, and not on the director's yet
  const home = await partner.client.get("/");
  assert.match(home.text, /Plans waiting for you/);
  assert.ok(home.text.includes(`href="/plans/${id}/review"`), "the review is linked from the partner's home page");
  assert.ok(!(await director.client.get("/")).text.includes(`href="/plans/${id}/decision"`));

  // the delivery partner returns it with comments on two fields
  ok(await planPost(partner.client, id, "review", {
    outcome: "return", note: "Nearly there",
    "field-1": "action-1-measures", "comment-1": "Say how often the minutes are read",
    "field-2": "coordination-1", "comment-2": "Explain the coordination in term 1",
  }), "return");
  assert.equal(planStatus(id), "returned");
  assert.deepEqual(rows(`SELECT path FROM plan_comments WHERE case_id = ${id} ORDER BY path`).map((x) => x[0]), ["action-1-measures", "coordination-1"]);
  const seen = await p.get(`/plans/${id}`);
  assert.match(seen.text, /Say how often the minutes are read/, "the provider sees the comments");
  assert.match(seen.text, /Explain the coordination in term 1/);

  // changed and resubmitted: version 2, signed again, accepted, approved
  ok(await planPost(p, id, "actions/1", rafAction({ "action-1-measures": "Monthly review of the leadership's minutes" })), "changed");
  ok(await planPost(p, id, "submit", {}), "resubmit");
  assert.equal(one(`SELECT group_concat(version) FROM plan_versions WHERE case_id = ${id}`), "1,2");
  assert.equal(planStatus(id), "signing", "a new version needs signing again");
  await signBoth(school.client, id);
  assert.equal(planStatus(id), "review");
  ok(await planPost(partner.client, id, "review", { outcome: "accept", note: "" }), "accept");
  assert.equal(planStatus(id), "approval");
  assert.ok((await director.client.get("/")).text.includes(`href="/plans/${id}/decision"`), "on the director's home page");
  ok(await planPost(director.client, id, "decision", { outcome: "accept", note: "Approved" }), "approve");
  assert.equal(planStatus(id), "approved");
  assert.equal(one(`SELECT outcome FROM plan_versions WHERE case_id = ${id} AND version = 2`), "approved");
  const actions = rows(`SELECT DISTINCT action FROM audit WHERE action LIKE 'plan.%'`).map((x) => x[0]);
  for (const a of ["plan.save", "plan.submit", "plan.sign", "plan.return", "plan.review", "plan.approve"]) assert.ok(actions.includes(a), `audit ${a}`);

  // the PDF of the approved version
  const pdf = await fetch(`${server.url}/plans/${id}/versions/2/pdf`, { headers: { Cookie: p.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get("content-type"), /application\/pdf/);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
  const txt = spawnSync("pdftotext", ["-", "-"], { input: bytes, encoding: "latin1" });
  if (txt.error) console.log("# pdftotext is not installed: the PDF's text is not checked");
  else assert.match(txt.stdout, /£12,000/, "the PDF shows the approved total");

  // the comparison of versions 1 and 2 shows the changed field with both values
  const cmp = await p.get(`/plans/${id}/compare?from=1&to=2`);
  assert.equal(cmp.status, 200);
  const c = unescapeHtml(cmp.text);
  assert.match(c, /Termly review of the leadership's minutes/);
  assert.match(c, /Monthly review of the leadership's minutes/);

  // every task of the plan is completed
  const tasks = rows(`SELECT t.kind, k.status FROM case_tasks k JOIN cases c ON c.id = k.case_id
    JOIN task_templates t ON t.programme = c.programme AND t.code = k.code
    WHERE k.case_id = ${id} AND t.kind IN ('plan','plan-sign','plan-review','plan-approve')`);
  assert.deepEqual([...new Set(tasks.map((x) => x[0]))].sort(), ["plan", "plan-approve", "plan-review", "plan-sign"]);
  for (const [kind, status] of tasks) assert.equal(status, "completed", `the ${kind} task`);
});

test("the wrong people are refused", async () => {
  assert.equal((await school.client.get(`/plans/${rafCase}/submit`)).status, 403, "the school does not submit");
  assert.equal((await other.client.get(`/plans/${rafCase}`)).status, 404, "a provider not matched sees nothing");
  assert.equal((await other.client.get(`/plans/${rafCase}/edit/visit`)).status, 404);
  // a reviewer cannot approve (on a plan waiting for approval or not)
  const page = await partner.client.get(`/plans/${rafCase}`);
  const r = await partner.client.post(`/plans/${rafCase}/decision`, { csrf_token: csrfFrom(page.text), outcome: "accept", note: "" });
  assert.equal(r.status, 403, "the delivery partner does not approve");
  assert.equal((await partner.client.get(`/plans/${rafCase}/decision`)).status, 403);
});

test("RISE: the indicative band, the reserves rule, and the grant team's final band", async () => {
  const id = riseCase;
  const p = provider.client;
  ok(await planPost(officer.client, id, "band", { band: "band-2" }, ""), "the indicative band");
  assert.equal(JSON.parse(one(`SELECT draft FROM plans WHERE case_id = ${id}`)).band_indicative, "band-2");
  ok(await planPost(p, id, "objectives/new", { "objective-1-area": "leadership-governance", "objective-1-text": "Leaders drive improvement" }), "objective");
  ok(await planPost(p, id, "actions/new?objective=1", {
    "action-1-description": "Governance review", "action-1-responsible": "The chair",
    ...dateOf("action-1-start", today), ...dateOf("action-1-end", inDays(90)), "action-1-outcomes": "A governance action plan",
  }), "action");
  // a second objective with an action, removed with it: the first objective's action stays
  ok(await planPost(p, id, "objectives/new", { "objective-2-area": "attendance-behaviour", "objective-2-text": "Fewer absences" }), "objective 2");
  ok(await planPost(p, id, "actions/new?objective=2", { "action-2-description": "Attendance officer" }), "its action");
  ok(await planPost(p, id, "objectives/2/remove", {}, "objectives/2"), "objective 2 removed");
  const kept = JSON.parse(one(`SELECT draft FROM plans WHERE case_id = ${id}`));
  assert.equal(kept.objectives.length, 1);
  assert.deepEqual(kept.actions.map((a) => a.description), ["Governance review"], "its action went with it");
  const funding = (reserves, cost) => ({
    reserves, revenue: "1,000,000", ...dateOf("starts_on", today), ...dateOf("ends_on", inDays(540)), rows: "2",
    ...(cost && { "costed-1-what": "Coaching", ...dateOf("costed-1-from", today), ...dateOf("costed-1-until", inDays(300)), "costed-1-cost": cost }),
  });
  ok(await planPost(p, id, "edit/funding", funding("300,000", "30,000")), "funding with high reserves");
  const check = await p.get(`/plans/${id}/submit`);
  assert.match(unescapeHtml(check.text), /[Rr]eserves of £300,000 are more than 20% of revenue/, problems(check.text));
  const r = await p.post(`/plans/${id}/submit`, { csrf_token: csrfFrom(check.text) });
  assert.equal(r.status, 400, "refused: reserves over 20% and money asked for");
  assert.match(unescapeHtml(r.text), /[Rr]eserves of £300,000 are more than 20% of revenue/);
  // fixed by asking for nothing: the reserves stay over 20%
  ok(await planPost(p, id, "edit/funding", funding("300,000", null)), "no costs");
  assert.equal(JSON.parse(one(`SELECT draft FROM plans WHERE case_id = ${id}`)).costed?.length ?? 0, 0, "the costed activity is removed");
  const again = await p.get(`/plans/${id}/submit`);
  assert.doesNotMatch(again.text, /govuk-error-summary/, problems(again.text));
  ok(await p.post(`/plans/${id}/submit`, { csrf_token: csrfFrom(again.text) }), "submit");
  await signBoth(trustUser.client, id); // the academy's trust signs for it
  assert.equal(planStatus(id), "review");
  // the grant team may not confirm a band the reserves do not allow
  assert.equal((await partner.client.get(`/plans/${id}/review`)).status, 403, "RISE's review is the grant team's, not the delivery partner's");
  const rv = await planPost(grant.client, id, "review", { outcome: "accept", band: "band-2", note: "" });
  assert.equal(rv.status, 409, `a final band above what the reserves allow is refused: ${rv.status} ${problems(rv.text)}`);
  assert.equal(planStatus(id), "review");
  ok(await planPost(grant.client, id, "review", { outcome: "accept", band: "none", note: "Reserves too high for a grant" }), "the final band: none");
  assert.equal(JSON.parse(one(`SELECT body FROM plan_versions WHERE case_id = ${id} AND version = 1`)).band_final, "none");
  assert.equal(planStatus(id), "approval");
  ok(await planPost(director.client, id, "decision", { outcome: "accept", note: "" }), "approve");
  assert.equal(planStatus(id), "approved");
});

test("TSIO: more than 10 days refused; a trust's NLG review approved by DfE", async () => {
  const id = tsioCase;
  const p = provider.client;
  ok(await planPost(p, id, "edit/visit", { ...dateOf("visit_on", today), scoping: "Agreed the focus", diagnostic: "Governance and finance" }), "visit");
  const acts = (days2) => ({
    rows: "2",
    ...dateOf("tsio-1-on", today), "tsio-1-what": "Review of the board", "tsio-1-days": "6",
    ...dateOf("tsio-2-on", today), "tsio-2-what": "Training for trustees", "tsio-2-days": days2,
  });
  ok(await planPost(p, id, "edit/activities", acts("5.5")), "11.5 days");
  ok(await planPost(p, id, "edit/governance", { nlg_review: "yes", nlg_name: "Nia Governor" }), "governance");
  ok(await planPost(p, id, "edit/closure", { closure: "The board has a plan", next_steps: "Review in a year" }), "closure");
  const check = await p.get(`/plans/${id}/submit`);
  assert.match(unescapeHtml(check.text), /Reduce the system leader's days to no more than 10/);
  assert.equal((await p.post(`/plans/${id}/submit`, { csrf_token: csrfFrom(check.text) })).status, 400);
  ok(await planPost(p, id, "edit/activities", acts("4")), "10 days");
  ok(await planPost(p, id, "submit", {}), "submit");
  await signBoth(trustUser.client, id);
  assert.equal(planStatus(id), "review");
  ok(await planPost(partner.client, id, "review", { outcome: "accept", note: "" }), "the RDP accepts");
  ok(await planPost(director.client, id, "decision", { outcome: "accept", nlg: "yes", note: "" }), "approve with the NLG");
  assert.equal(planStatus(id), "approved");
  const body = JSON.parse(one(`SELECT body FROM plan_versions WHERE case_id = ${id} ORDER BY version DESC LIMIT 1`));
  assert.equal(body.nlg_approved, true, "the version records DfE's approval of the NLG review");
});

test("bad input keeps what was typed", async () => {
  // a new RAF on a second SI case
  const id = await openCase("si-2019-20", "school", 170002, "tier-2");
  ok(await planPost(provider.client, id, "edit/areas", { areas: "leadership", "area-leadership-need": "Weak" }));
  const r = await planPost(provider.client, id, "actions/new?area=leadership", rafAction({
    "action-1-description": "A typed description <kept>", "action-1-start-day": "31", "action-1-start-month": "2", "action-1-start-year": "2026",
  }));
  assert.equal(r.status, 400, "an impossible date is refused");
  assert.match(r.text, /govuk-error-summary/);
  assert.match(r.text, /A typed description &lt;kept&gt;/, "the description typed is still in the form");
  assert.match(r.text, /name="action-1-start-day"[^>]*value="31"|value="31"[^>]*name="action-1-start-day"/, "the day typed is kept");
  assert.equal(JSON.parse(one(`SELECT draft FROM plans WHERE case_id = ${id}`)).actions.length, 0, "nothing is saved");
});

test("Tier 1: the short return, no sign-off and no DfE step: the TSC accepts it", async () => {
  const id = tier1Case;
  const p = provider.client;
  const form = (extra) => {
    const b = new URLSearchParams({ ...dateOf("visit_on", today), activities: "Two days of joint lesson visits with the head",
      recommendations: "Rewrite the improvement plan around reading", days_used: "2.5", ...extra });
    return b;
  };
  // no area and four days: refused at submission, saved as a draft
  let page = await p.get(`/plans/${id}/edit/return`);
  assert.equal(page.status, 200);
  let body = form({ days_used: "4" });
  body.set("csrf_token", csrfFrom(page.text));
  ok(await p.request("POST", `/plans/${id}/edit/return`, { body: body.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url } }), "draft");
  // (the tier was set with SQL after the case opened: the save brought its tasks up to date)
  assert.equal(one(`SELECT status FROM case_tasks WHERE case_id = ${id} AND code = 'plan-sign'`), "not needed");
  assert.equal(one(`SELECT status FROM case_tasks WHERE case_id = ${id} AND code = 'dfe-signoff'`), "not needed");
  const check = await p.get(`/plans/${id}/submit`);
  assert.match(check.text, /govuk-error-summary/);
  assert.ok(check.text.includes(`href="/plans/${id}/edit/return#areas"`), problems(check.text));
  assert.ok(check.text.includes(`href="/plans/${id}/edit/return#days_used"`), problems(check.text));
  assert.equal((await planPost(p, id, "submit", {})).status, 400);
  page = await p.get(`/plans/${id}/edit/return`);
  body = form();
  body.set("csrf_token", csrfFrom(page.text));
  body.append("areas", "leadership");
  body.append("areas", "send");
  ok(await p.request("POST", `/plans/${id}/edit/return`, { body: body.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url } }), "fixed");
  ok(await planPost(p, id, "submit", {}), "submitted");
  assert.equal(planStatus(id), "review", "no sign-off for a Tier 1 return");
  ok(await planPost(partner.client, id, "review", { outcome: "accept", note: "" }), "accepted");
  assert.equal(planStatus(id), "approved", "the TSC's acceptance approves it");
  assert.equal(one(`SELECT status FROM case_tasks WHERE case_id = ${id} AND code = 'tsc-review'`), "completed");
  assert.equal(one(`SELECT pdf IS NOT NULL FROM plan_versions WHERE case_id = ${id} AND version = 1`), "1");
  const v = await school.client.get(`/plans/${id}/versions/1`);
  assert.equal(v.status, 404, "another school's plan is not found");
});
