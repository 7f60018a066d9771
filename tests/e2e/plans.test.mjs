// plans.test.mjs - a plan's whole life in Chromium (issue 13, decision 0018):
// the Recommended Actions Form (RAF) of an SI 2019/20 Tier 2 case, written by
// the matched NLE's own person, checked against the programme's rules (the
// error summary names each broken rule and links to the field that fixes it),
// fixed and submitted, signed off by the school (head, then chair), returned
// by the delivery partner with a comment on one field, changed and submitted
// again as version 2, signed again, accepted, approved by the regional
// director, and its PDF kept with the version. axe-core checks every page on
// the way (tests/lib/browser.mjs). The case, its tier and the match are set up
// over HTTP and SQL (as tests/e2e/matching.test.mjs does). The check page with
// its errors is kept as tests/e2e/artefacts/plans-raf-errors.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { startServer, stopCleanly, signedIn, addUserAsync, riseAsync, sqlite, sqliteRows, csrfFrom, PASSWORD } from "../lib/harness.mjs";
import { launchBrowser, openPage, closePage, visit, submit, signIn } from "../lib/browser.mjs";

let browser, server, officer, director, partner;
const pages = [];

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  "190011,Brook Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton,01-09-1990,Not applicable,,,Primary,370000,409000\n";

const rows = (sql) => sqliteRows(server.db, sql);
const ok = (r) => assert.equal(r.status, 303, r.text.slice(0, 600));
const path = (page) => new URL(page.url()).pathname;
const main = async (page) => page.locator("main").innerText();

/* Over HTTP, as the harness's Client: a form's page for its CSRF token, then the POST. */
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}

/* A browser page signed in as user, kept open for the journey: through the
   sign-in pages, or (given the harness's signed-in client) with its cookies,
   the sign-in pages being login.test.mjs's. */
async function browserFor(user, label, client) {
  const page = await openPage(browser, server.url);
  pages.push(page);
  if (client) {
    await page.context().addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: server.url })));
    return page;
  }
  await visit(page, "/login", `sign-in page (${label})`);
  await signIn(page, user.email, PASSWORD, `${label}'s home`);
  return page;
}

/* A form posted with the browser page's own cookies (page.request shares them),
   for a step whose page the journey has already checked in the browser. */
async function postAs(page, formPath, fields) {
  const form = await page.request.get(formPath);
  assert.equal(form.status(), 200, `GET ${formPath}`);
  const res = await page.request.post(formPath, {
    form: { csrf_token: csrfFrom(await form.text()), ...fields }, headers: { Origin: server.url }, maxRedirects: 0,
  });
  assert.equal(res.status(), 303, `POST ${formPath}: ${(await res.text()).slice(0, 600)}`);
}

/* Today and 40 days on, as the date boxes take them. */
const day = (offset) => {
  const d = new Date(Date.now() + offset * 86400000);
  return [String(d.getDate()), String(d.getMonth() + 1), String(d.getFullYear())];
};
async function fillDate(page, prefix, [d, m, y]) {
  await page.locator(`#${prefix}-day`).fill(d);
  await page.locator(`#${prefix}-month`).fill(m);
  await page.locator(`#${prefix}-year`).fill(y);
}
const save = (page, label) => submit(page, page.getByRole("button", { name: "Save and return to the plan" }), label);

/* A recommended action's page, filled in (responsible left blank when not given). */
async function fillAction(page, n, { description, responsible, cost, measures }) {
  await page.locator(`#action-${n}-description`).fill(description);
  if (responsible) await page.locator(`#action-${n}-responsible`).fill(responsible);
  await fillDate(page, `action-${n}-start`, day(0));
  await fillDate(page, `action-${n}-end`, day(40));
  await page.locator(`input[name="action-${n}-funded"][value="yes"]`).check();
  await page.locator(`input[name="action-${n}-delivery"][value="other"]`).check();
  await page.locator(`#action-${n}-provider`).fill("Heath Teaching School");
  await page.locator(`#action-${n}-rationale`).fill("No national programme covers this in the area this year");
  await page.locator(`#action-${n}-outcomes`).fill("Consistent teaching across the school");
  await page.locator(`#action-${n}-measures`).fill(measures ?? "Termly learning walks");
  await page.locator(`#action-${n}-cost-1`).fill(cost);
}

/* The school's person signs the plan off as role. */
async function signOff(page, caseId, role, name, label) {
  await visit(page, `/plans/${caseId}/sign`, `${label}: the sign-off page`);
  await page.getByLabel(role, { exact: true }).check();
  await page.getByLabel("Their full name", { exact: true }).fill(name);
  await page.getByLabel("I agree to the plan and to implementing its recommendations", { exact: true }).check();
  await submit(page, page.getByRole("button", { name: "Sign off" }), `${label}: after signing`);
  assert.match(await main(page), /The sign-off is recorded/);
}

/* The reviewer's or approver's form: the decision, and optionally one field's comment. */
async function judge(page, caseId, which, choice, label, comment) {
  await visit(page, `/plans/${caseId}/${which}`, `${label}: the form`);
  await page.getByLabel(choice, { exact: true }).check();
  if (comment) {
    await page.locator("#field-1").selectOption(comment.field);
    await page.locator("#comment-1").fill(comment.text);
  }
  const button = which === "review" ? "Record the review" : "Record the decision";
  await submit(page, page.getByRole("button", { name: button }), `${label}: after the decision`);
}

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  [officer, director, partner] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "delivery-partner", name: "Pat Partner", region: "North West" }),
  ]);
});

after(async () => {
  for (const p of pages) await closePage(p, { verify: false }).catch(() => {});
  await browser?.close();
  if (server) await stopCleanly(server);
});

test("SI 2019/20 Tier 2 RAF: rules, fixes, sign-off, a return with a comment, version 2, approval and its PDF", async () => {
  // the case: opened by exception, for Tier 2, with an NLE matched (SQL)
  ok(await post(officer.client, "/screening/si-2019-20/exception",
    { kind: "school", id: "190011", source: "regional-director", reason: "Named by the director" }));
  const caseId = Number(rows("SELECT id FROM cases WHERE subject_id = 190011 AND programme = 'si-2019-20'")[0][0]);
  sqlite(server.db, `UPDATE screening_decisions SET suggested = 'tier-2' WHERE case_id = ${caseId}`);
  sqlite(server.db, `INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise,
    easting, northing) VALUES ('Anne Nle', 'system-leader', '2026-01-01', 'test', 'person', 'North West', 'primary',
    'leadership-governance', 370100, 409000)`);
  const orgId = Number(rows("SELECT id FROM organisations WHERE name = 'Anne Nle'")[0][0]);
  sqlite(server.db, `INSERT INTO leaders (organisation_id, designation) VALUES (${orgId}, 'nle')`);
  sqlite(server.db, `INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${caseId}, ${orgId}, 'matched', '2026-01-01')`);
  const [provUser, schoolUser] = await Promise.all([
    addUserAsync(server, { role: "supporting-organisation", name: "Anne Nle", organisation: String(orgId), orgKind: "provider" }),
    addUserAsync(server, { role: "school", name: "Hal Head", organisation: "190011", orgKind: "school" }),
  ]);
  const [prov, school, part, dir] = await Promise.all([
    browserFor(provUser, "provider"), browserFor(schoolUser, "school"),
    browserFor(partner.user, "delivery partner", partner.client), browserFor(director.user, "regional director", director.client),
  ]);

  // 1. the provider drafts a plan that breaks rules
  await visit(prov, `/plans/${caseId}`, "the provider's plan page");
  assert.match(await main(prov), /Recommended Actions Form|RAF/i);
  await submit(prov, prov.getByRole("link", { name: "The school visit, SRMA advice and priorities" }), "the visit section");
  await fillDate(prov, "visit_on", day(0));
  for (const [q, a] of [["srma_received", "no"], ["resource_review", "yes"], ["send_priority", "no"]])
    await prov.locator(`input[name="${q}"][value="${a}"]`).check();
  await save(prov, "the plan after the visit section");
  assert.match(await main(prov), /The school visit saved/);

  await submit(prov, prov.getByRole("link", { name: "Improvement areas" }), "the areas section");
  await prov.locator('input[name="areas"][value="whole-school"]').check();
  await prov.locator("#area-whole-school-need").fill("Ofsted found teaching inconsistent across year groups");
  await save(prov, "the plan after the areas section");

  await submit(prov, prov.getByRole("link", { name: /Add an action under Whole school/ }), "a new action (whole school)");
  assert.equal(path(prov), `/plans/${caseId}/actions/new`);
  await fillAction(prov, 1, { description: "Coaching for every class teacher", cost: "17,000" });
  await save(prov, "the plan after the first action");
  assert.match(await main(prov), /Action 1 saved/);

  await submit(prov, prov.getByRole("link", { name: "Check and submit the plan" }), "the check page with errors",
    { screenshot: "plans-raf-errors" });
  const summary = prov.locator(".govuk-error-summary");
  const items = await summary.locator("li a").evaluateAll((as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute("href") })));
  const texts = items.map((i) => i.text).join("\n");
  assert.match(texts, /Select leadership as an improvement area/);
  assert.match(texts, /Explain why the school's governance is already secure/);
  assert.match(texts, /Explain why the school's financial management is already secure/);
  assert.match(texts, /Action 1 \(Whole school \(curriculum or pedagogy\)\): enter who in the school is responsible/);
  assert.match(texts, /Reduce the total cost to no more than £16,000 for a Tier 2 school[^\n]*£17,000/);
  assert.match(await main(prov), /The plan breaks 5 rules/);
  const hrefOf = (re) => items.find((i) => re.test(i.text)).href;
  assert.equal(hrefOf(/leadership as an improvement area/), `/plans/${caseId}/edit/areas#areas`);
  assert.equal(hrefOf(/governance is already secure/), `/plans/${caseId}/edit/areas#governance_rationale`);
  assert.equal(hrefOf(/responsible/), `/plans/${caseId}/actions/1#action-1-responsible`);
  // every link lands on a page that has the field it names
  const missing = await prov.evaluate(async (links) => {
    const out = [];
    for (const { href, text } of links) {
      const [where, id] = href.split("#");
      const html = await (await fetch(where)).text();
      const doc = new DOMParser().parseFromString(html, "text/html");
      if (!doc.getElementById(id)) out.push(`${text} -> ${href}: no element #${id}`);
    }
    return out;
  }, items);

  // 2. the provider follows the responsible person's link and fixes the plan
  await submit(prov, summary.getByRole("link", { name: /enter who in the school is responsible/ }), "action 1 from the error summary");
  assert.equal(path(prov), `/plans/${caseId}/actions/1`);
  assert.equal(await prov.locator("#action-1-responsible").count(), 1);
  await prov.locator("#action-1-responsible").fill("Deputy headteacher");
  await prov.locator("#action-1-cost-1").fill("5,000");
  await save(prov, "the plan after fixing action 1");

  await submit(prov, prov.getByRole("link", { name: "Improvement areas" }), "the areas section again");
  await prov.locator('input[name="areas"][value="leadership"]').check();
  await prov.locator("#area-leadership-need").fill("Ofsted found leaders do not check the quality of teaching");
  await prov.locator("#governance_rationale").fill("The governing body was reviewed last year and is effective");
  await prov.locator("#finance_rationale").fill("The school has a balanced budget and an experienced business manager");
  await save(prov, "the plan after the areas again");

  await submit(prov, prov.getByRole("link", { name: /Add an action under Leadership/ }), "a new action (leadership)");
  await fillAction(prov, 2, { description: "Leadership coaching for the headteacher", responsible: "Headteacher", cost: "7,000" });
  await save(prov, "the plan after the leadership action");

  await submit(prov, prov.getByRole("link", { name: "Check and submit the plan" }), "the check page, no errors");
  assert.equal(await prov.locator(".govuk-error-summary").count(), 0, await main(prov));
  await submit(prov, prov.getByRole("button", { name: "Submit the plan" }), "the plan, submitted");
  assert.equal(path(prov), `/plans/${caseId}`);
  assert.match(await main(prov), /the school is asked to sign it off/);

  // 3. the school signs: head, then chair
  await signOff(school, caseId, "The headteacher or trust CEO", "Hal Head", "version 1, head");
  await signOff(school, caseId, "The chair of governors", "Cara Chair", "version 1, chair");
  assert.equal(rows(`SELECT status FROM plans WHERE case_id = ${caseId}`)[0][0], "review");

  // 4. the delivery partner returns it with a comment on one field
  const comment = "Say how many learning walks, and who carries them out";
  await judge(part, caseId, "review", "Return it with comments", "the review (return)",
    { field: "action-2-measures", text: comment });
  assert.match(await main(part), /The plan is returned with your comments/);

  // 5. the provider reads the comment, changes the field and submits version 2
  await visit(prov, `/plans/${caseId}`, "the returned plan");
  const banner = prov.locator(".govuk-notification-banner", { hasText: "Returned with comments" });
  assert.match(await banner.innerText(), new RegExp(`How they will be measured: ${comment}`));
  await submit(prov, banner.getByRole("link", { name: "How they will be measured" }), "action 2 from the comment");
  assert.equal(path(prov), `/plans/${caseId}/actions/2`);
  await prov.locator("#action-2-measures").fill("Six learning walks a term by the headteacher and the NLE");
  await save(prov, "the plan after changing action 2");
  await submit(prov, prov.getByRole("link", { name: "Check and submit the plan" }), "the check page, version 2");
  await submit(prov, prov.getByRole("button", { name: "Submit the plan" }), "the plan, version 2 submitted");
  assert.match(await main(prov), /the school is asked to sign it off/);
  assert.deepEqual(rows(`SELECT version FROM plan_versions WHERE case_id = ${caseId} ORDER BY version`).map((r) => Number(r[0])), [1, 2]);
  // the sign-off and review pages were checked with version 1: these go over HTTP, with the same people's cookies
  const [d, m, y] = day(0);
  for (const [role, name] of [["head", "Hal Head"], ["chair", "Cara Chair"]])
    await postAs(school, `/plans/${caseId}/sign`, { role, name, "signed-day": d, "signed-month": m, "signed-year": y, agree: "yes" });
  assert.equal(rows(`SELECT count(*) FROM plan_signoffs WHERE case_id = ${caseId} AND version = 2`)[0][0], "2");
  assert.equal(rows(`SELECT status FROM plans WHERE case_id = ${caseId}`)[0][0], "review");

  // 6. accepted by the delivery partner, approved by the regional director
  await postAs(part, `/plans/${caseId}/review`, { outcome: "accept", note: "" });
  assert.equal(rows(`SELECT status FROM plans WHERE case_id = ${caseId}`)[0][0], "approval");
  await judge(dir, caseId, "decision", "Approve the plan", "the decision (approve)");
  assert.match(await main(dir), /The plan is approved/);

  // 7. approved, with its PDF
  await visit(prov, `/plans/${caseId}`, "the approved plan");
  const text = await main(prov);
  assert.match(text, /Status\s+Approved/);
  const pdfLink = prov.locator("main").getByRole("link", { name: "PDF of version 2" });
  assert.equal(await pdfLink.count(), 1);
  const href = await pdfLink.getAttribute("href");
  assert.equal(href, `/plans/${caseId}/versions/2/pdf`);
  const pdf = await prov.evaluate(async (u) => {
    const r = await fetch(u);
    return { status: r.status, type: r.headers.get("content-type"), bytes: [...new Uint8Array(await r.arrayBuffer())] };
  }, href);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, "application/pdf");
  const bytes = Buffer.from(pdf.bytes);
  assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  const pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].find(existsSync);
  if (pdftotext) {
    const file = join(server.dir, "plan.pdf");
    writeFileSync(file, bytes);
    const out = spawnSync(pdftotext, ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /£12,000/, "the PDF shows the approved total");
    assert.match(out.stdout, /Six learning walks a term/, "the PDF is version 2");
  }

  // the error summary's links (checked above, reported here so the journey runs to the end)
  assert.deepEqual(missing, [], "each link of the error summary goes to a page with the field it names");
});
