// plans_rise_tsio.test.mjs - RISE's and TSIO's plans in Chromium (issue 13,
// decision 0018), beside plans.test.mjs's RAF journey. RISE: DfE sets the
// indicative band; the supporting organisation enters reserves above 20% of
// revenue with a costed activity asking for money, and the check page names
// the reserves rule, its link going to a field on the funding page; the plan
// then asks for nothing, is submitted and signed; the grant team's final band
// above what the reserves allow is refused in the error summary, "No funding"
// is accepted, the regional director approves. TSIO, a trust's case: the
// system leader's more than 10 days are refused on the check page, cut to 10,
// the NLG governance review asked for, signed by the trust, accepted by the
// delivery partner, approved by the regional director with the NLG review,
// and the version keeps nlg_approved. axe-core checks every page the browser
// shows (tests/lib/browser.mjs); the steps around them go over HTTP with the
// harness's clients, as tests/http/plans.test.mjs does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom } from "../lib/harness.mjs";
import { launchBrowser, openPage, closePage, visit, submit } from "../lib/browser.mjs";

let browser, server, officer, director, partner, grant, provider, leader, school, trustUser;
let riseCase, tsioCase;
const pages = [];

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  "190021,Brook Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370000,409000\n" +
  "190022,Moor Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,Not applicable,4200,Moor Learning Trust,Primary,371000,409500\n";

const rows = (sql) => sqliteRows(server.db, sql);
const one = (sql) => rows(sql)[0]?.[0];
const planStatus = (id) => one(`SELECT status FROM plans WHERE case_id = ${id}`);
const path = (page) => new URL(page.url()).pathname;
const main = async (page) => page.locator("main").innerText();
/** The error summary's items (or the page's start), for assertion messages. */
const problems = (html) =>
  [...(html.match(/govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? html.slice(0, 300)).matchAll(/<li>(.*?)<\/li>/gs)]
    .map((m) => m[1].replace(/<[^>]+>/g, "")).join("; ") || html.slice(0, 300);
const ok = (r, what = "") => assert.equal(r.status, 303, `${what}: ${problems(r.text)}`);

const DAY = 86400000;
const inDays = (n) => new Date(Date.now() + n * DAY);
const parts = (d) => [String(d.getDate()), String(d.getMonth() + 1), String(d.getFullYear())];
const dateOf = (prefix, d) => {
  const [day, month, year] = parts(d);
  return { [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year };
};
async function fillDate(page, prefix, d) {
  const [day, month, year] = d ? parts(d) : ["", "", ""];
  await page.locator(`#${prefix}-day`).fill(day);
  await page.locator(`#${prefix}-month`).fill(month);
  await page.locator(`#${prefix}-year`).fill(year);
}

/** GETs formPath for its CSRF token, then POSTs fields to action. */
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.status} ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}
/** POSTs to a plan's page (the form at form, default the same path). */
const planPost = (client, id, rest, fields, form = rest) =>
  post(client, form ? `/plans/${id}/${form}` : `/plans/${id}`, fields, `/plans/${id}/${rest}`);

/** Signs as head and as chair. */
async function signBoth(client, id) {
  for (const role of ["head", "chair"])
    ok(await planPost(client, id, "sign", { role, name: role === "head" ? "Hal Head" : "Cara Chair", ...dateOf("signed", new Date()), agree: "yes" }), `sign as ${role}`);
}

/** A browser page with the signed-in client's cookies (the sign-in pages are login.test.mjs's). */
async function browserFor(client) {
  const page = await openPage(browser, server.url);
  pages.push(page);
  await page.context().addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: server.url })));
  return page;
}
const save = (page, label) => submit(page, page.getByRole("button", { name: "Save and return to the plan" }), label);

/** The error summary's links, as {text, href}. */
const summaryLinks = (page) =>
  page.locator(".govuk-error-summary li a").evaluateAll((as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute("href") })));

function org(name, kind) {
  sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise,
    easting, northing) VALUES ('${name}', '${kind}', '2026-01-01', 'test', '${kind === "system-leader" ? "person" : "trust"}',
    'North West', 'primary', 'leadership-governance', 370100, 409000)`);
  return Number(one(`SELECT id FROM organisations WHERE name = '${name}'`));
}

async function openCase(programme, kind, id, orgId) {
  const fields = { kind, id: String(id), source: "regional-director", reason: "Named by the director" };
  if (programme === "rise") fields.category = "targeted";
  ok(await post(officer.client, `/screening/${programme}/exception`, fields), `open the ${programme} case`);
  const caseId = Number(one(`SELECT id FROM cases WHERE subject_id = ${id} AND programme = '${programme}'`));
  sqlite(server.db, `INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${caseId}, ${orgId}, 'matched', '2026-01-01')`);
  return caseId;
}

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  writeFileSync(join(server.dir, "groups.csv"), "Group UID,Group Name,Group Type\n4200,Moor Learning Trust,Multi-academy trust\n");
  writeFileSync(join(server.dir, "links.csv"), "URN,Group UID,Joined date,Group Name,Group Type\n190022,4200,2012-09-01,Moor Learning Trust,Multi-academy trust\n");
  for (const [kind, f] of [["gias", "gias.csv"], ["groups", "groups.csv"], ["group-links", "links.csv"]]) {
    const r = await riseAsync(["import", kind, "--db", server.db, join(server.dir, f)]);
    assert.equal(r.status, 0, r.stderr);
  }
  const supportingId = org("Near Trust Partnership", "supporting-organisation");
  const leaderId = org("Lena Leader", "system-leader");
  sqlite(server.db, `INSERT INTO leaders (organisation_id, designation) VALUES (${leaderId}, 'nle')`);
  [officer, director, partner, grant, provider, leader, school, trustUser] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "delivery-partner", name: "Pat Partner", region: "North West" }),
    signedIn(server, { role: "grant-team", name: "Gail Grant" }),
    signedIn(server, { role: "supporting-organisation", name: "Sam Provider", organisation: String(supportingId), orgKind: "provider" }),
    signedIn(server, { role: "supporting-organisation", name: "Lena Leader", organisation: String(leaderId), orgKind: "provider" }),
    signedIn(server, { role: "school", name: "Hal Head", organisation: "190021", orgKind: "school" }),
    signedIn(server, { role: "school", name: "Tess Trust", organisation: "4200", orgKind: "trust" }),
  ]);
  riseCase = await openCase("rise", "school", 190021, supportingId);
  tsioCase = await openCase("tsio-2022-23", "trust", 4200, leaderId);
});

after(async () => {
  for (const p of pages) await closePage(p, { verify: false }).catch(() => {});
  await browser?.close();
  if (server) await stopCleanly(server);
});

test("RISE: reserves above 20% refused with money asked for, nothing asked, the final band above the reserves refused, no funding approved", async () => {
  const id = riseCase;
  // DfE's indicative band, and an objective with its action (HTTP)
  ok(await planPost(officer.client, id, "band", { band: "band-2" }, ""), "the indicative band");
  ok(await planPost(provider.client, id, "objectives/new", { "objective-1-area": "leadership-governance", "objective-1-text": "Leaders drive improvement" }), "objective");
  ok(await planPost(provider.client, id, "actions/new?objective=1", {
    "action-1-description": "Governance review", "action-1-responsible": "The chair",
    ...dateOf("action-1-start", new Date()), ...dateOf("action-1-end", inDays(90)), "action-1-outcomes": "A governance action plan",
  }), "action");
  const [prov, gt] = await Promise.all([browserFor(provider.client), browserFor(grant.client)]);

  // 1. the funding: reserves of £300,000 of £1,000,000, and £30,000 asked for
  await visit(prov, `/plans/${id}/edit/funding`, "RISE: the funding section");
  assert.match(await main(prov), /Indicative band \(set by the Department for Education\): Up to £/);
  await prov.locator("#reserves").fill("300,000");
  await prov.locator("#revenue").fill("1,000,000");
  await fillDate(prov, "starts_on", new Date());
  await fillDate(prov, "ends_on", inDays(540));
  await prov.locator("#costed-1-what").fill("Coaching for the leadership team");
  await fillDate(prov, "costed-1-from", new Date());
  await fillDate(prov, "costed-1-until", inDays(300));
  await prov.locator("#costed-1-cost").fill("30,000");
  await save(prov, "RISE: the plan after the funding");
  assert.equal(path(prov), `/plans/${id}`);

  // 2. the check page names the reserves rule, linked to the funding page's costs
  await submit(prov, prov.getByRole("link", { name: "Check and submit the plan" }), "RISE: the check page with the reserves error");
  const items = await summaryLinks(prov);
  const reserves = items.find((i) => /Reserves of £300,000 are more than 20% of revenue of £1,000,000/.test(i.text));
  assert.ok(reserves, `the reserves rule is in the error summary: ${JSON.stringify(items)}`);
  assert.match(reserves.text, /cannot receive an improvement grant, so remove the costs/);
  assert.equal(items.length, 1, `only the reserves rule is broken: ${JSON.stringify(items)}`);
  assert.equal(reserves.href, `/plans/${id}/edit/funding#costed-1-what`);
  await submit(prov, prov.locator(".govuk-error-summary").getByRole("link", { name: /Reserves of £300,000/ }), "RISE: the funding section from the error summary");
  assert.equal(path(prov), `/plans/${id}/edit/funding`);
  assert.equal(await prov.locator("#costed-1-what").count(), 1, "the link's target is on the funding page");
  assert.match(await main(prov), /The reserves are more than 20% of revenue: the plan cannot be funded/);

  // 3. the plan asks for nothing: the costed row emptied
  await prov.locator("#costed-1-what").fill("");
  await fillDate(prov, "costed-1-from", null);
  await fillDate(prov, "costed-1-until", null);
  await prov.locator("#costed-1-cost").fill("");
  await save(prov, "RISE: the plan asking for nothing");
  assert.equal(JSON.parse(one(`SELECT draft FROM plans WHERE case_id = ${id}`)).costed?.length ?? 0, 0, "the costed activity is removed");
  await submit(prov, prov.getByRole("link", { name: "Check and submit the plan" }), "RISE: the check page, no errors");
  assert.equal(await prov.locator(".govuk-error-summary").count(), 0, await main(prov));
  await submit(prov, prov.getByRole("button", { name: "Submit the plan" }), "RISE: the plan, submitted");
  assert.equal(path(prov), `/plans/${id}`);
  assert.equal(planStatus(id), "signing");

  // 4. the school signs, as head and as chair (HTTP)
  await signBoth(school.client, id);
  assert.equal(planStatus(id), "review");

  // 5. the grant team: a final band above what the reserves allow is refused, "No funding" is accepted
  await visit(gt, `/plans/${id}/review`, "RISE: the grant team's review");
  assert.match(await main(gt), /Reserves check[\s\S]*more than 20%: no funding/);
  await gt.getByLabel("Accept: it is good value for money", { exact: true }).check();
  await gt.locator('input[name="band"][value="band-2"]').check();
  await submit(gt, gt.getByRole("button", { name: "Record the review" }), "RISE: the review refused (band above the reserves)");
  const refused = await summaryLinks(gt);
  assert.ok(refused.some((i) => /reserves are more than the limit of its revenue: the final band must be no funding/.test(i.text)),
    `the refusal is in the error summary: ${JSON.stringify(refused)}`);
  const to = refused.find((i) => /final band must be no funding/.test(i.text)).href;
  assert.equal(await gt.locator(to).count(), 1, `the refusal's link (${to}) goes to a field on the review page`);
  assert.equal(planStatus(id), "review");
  await gt.getByLabel("Accept: it is good value for money", { exact: true }).check();
  await gt.getByLabel("No funding", { exact: true }).check();
  await gt.getByLabel("Overall comment", { exact: true }).fill("Reserves too high for a grant");
  await submit(gt, gt.getByRole("button", { name: "Record the review" }), "RISE: after the review (no funding)");
  assert.match(await main(gt), /The review is recorded: the plan goes to DfE for approval/);
  assert.equal(planStatus(id), "approval");
  assert.equal(JSON.parse(one(`SELECT body FROM plan_versions WHERE case_id = ${id} AND version = 1`)).band_final, "none");

  // 6. the regional director approves (HTTP); the plan page shows Approved
  ok(await planPost(director.client, id, "decision", { outcome: "accept", note: "" }), "approve");
  const approved = await provider.client.get(`/plans/${id}`);
  assert.equal(approved.status, 200);
  assert.match(approved.text.replace(/<[^>]+>/g, " "), /Status\s+Approved/);
  assert.equal(planStatus(id), "approved");
});

test("TSIO, a trust's case: more than 10 days refused, 10 days with the NLG review, approved with it", async () => {
  const id = tsioCase;
  ok(await planPost(leader.client, id, "edit/visit", { ...dateOf("visit_on", new Date()), scoping: "Agreed the focus", diagnostic: "Governance and finance" }), "visit");
  ok(await planPost(leader.client, id, "edit/closure", { closure: "The board has a plan", next_steps: "Review in a year" }), "closure");
  const [lead, dir] = await Promise.all([browserFor(leader.client), browserFor(director.client)]);

  // 1. the activities: 6 and 5.5 days
  await visit(lead, `/plans/${id}/edit/activities`, "TSIO: the activities section");
  await fillDate(lead, "tsio-1-on", new Date());
  await lead.locator("#tsio-1-what").fill("Review of the board");
  await lead.locator("#tsio-1-days").fill("6");
  await fillDate(lead, "tsio-2-on", inDays(7));
  await lead.locator("#tsio-2-what").fill("Training for trustees");
  await lead.locator("#tsio-2-days").fill("5.5");
  await save(lead, "TSIO: the plan after the activities");
  assert.equal(path(lead), `/plans/${id}`);

  // 2. the check page names the days rule
  await submit(lead, lead.getByRole("link", { name: "Check and submit the plan" }), "TSIO: the check page with the days error");
  const items = await summaryLinks(lead);
  const days = items.find((i) => /Reduce the system leader's days to no more than 10/.test(i.text));
  assert.ok(days, `the days rule is in the error summary: ${JSON.stringify(items)}`);
  assert.equal(items.length, 1, `only the days rule is broken: ${JSON.stringify(items)}`);
  assert.match(days.href, new RegExp(`^/plans/${id}/edit/activities#`));

  // 3. cut to 10 days, from the error summary's link
  await submit(lead, lead.locator(".govuk-error-summary").getByRole("link", { name: /system leader's days/ }), "TSIO: the activities from the error summary");
  assert.equal(path(lead), `/plans/${id}/edit/activities`);
  assert.equal(await lead.locator(`#${days.href.split("#")[1]}`).count(), 1, "the link's target is on the activities page");
  assert.match(await main(lead), /Days used so far: 11\.5 of up to 10 days/);
  await lead.locator("#tsio-2-days").fill("4");
  await save(lead, "TSIO: the plan at 10 days");

  // 4. the NLG governance review
  await visit(lead, `/plans/${id}/edit/governance`, "TSIO: the governance section");
  await lead.locator('input[name="nlg_review"][value="yes"]').check();
  await lead.locator("#nlg_name").fill("Nia Governor");
  await save(lead, "TSIO: the plan after the governance review");
  const draft = JSON.parse(one(`SELECT draft FROM plans WHERE case_id = ${id}`));
  assert.equal(draft.nlg_review, true, "the draft asks for the NLG review");

  // 5. checked and submitted
  await submit(lead, lead.getByRole("link", { name: "Check and submit the plan" }), "TSIO: the check page, no errors");
  assert.equal(await lead.locator(".govuk-error-summary").count(), 0, await main(lead));
  await submit(lead, lead.getByRole("button", { name: "Submit the plan" }), "TSIO: the plan, submitted");
  assert.equal(planStatus(id), "signing");

  // 6. the trust signs; the delivery partner accepts (HTTP)
  await signBoth(trustUser.client, id);
  assert.equal(planStatus(id), "review");
  ok(await planPost(partner.client, id, "review", { outcome: "accept", note: "" }), "the delivery partner accepts");
  assert.equal(planStatus(id), "approval");

  // 7. the regional director approves, with the NLG review
  await visit(dir, `/plans/${id}/decision`, "TSIO: the decision");
  await dir.getByLabel("Approve the plan", { exact: true }).check();
  await dir.getByLabel("Yes, DfE approves the governance review", { exact: true }).check();
  await submit(dir, dir.getByRole("button", { name: "Record the decision" }), "TSIO: after the decision");
  assert.match(await main(dir), /The plan is approved/);
  assert.equal(path(dir), `/plans/${id}`);
  assert.match(await main(dir), /Status\s+Approved/);
  assert.equal(planStatus(id), "approved");
  const body = JSON.parse(one(`SELECT body FROM plan_versions WHERE case_id = ${id} ORDER BY version DESC LIMIT 1`));
  assert.equal(body.nlg_approved, true, "the version records DfE's approval of the NLG review");
  assert.equal(body.nlg_review, true);
});
