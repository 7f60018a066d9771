// monitoring.test.mjs - a RISE case's monitoring in Chromium (issue 15): an
// academy in a trust with an approved RISE plan whose improvement grant is
// paid up front and in arrears goes through its first three termly reviews written by
// its supporting organisation and accepted by its delivery officer: green
// (the next arrears payment becomes due), amber (refused without a
// mitigation, the error summary naming it and the evidence typed kept, then
// with one: the next payment due), then red and "Not improving" (the
// Monitoring tab recommends withholding; the officer confirms it, the next
// unpaid payment is withheld, and is later released on the grant's page with
// a reason). The Monitoring tab's ratings chart (an SVG) and its table of
// three terms are kept as tests/e2e/artefacts/monitoring-chart.png. An
// Ofsted import with a new inspection gives the case its banner and the
// task to review the plan with DfE, due 10 working days after publication;
// the case is closed with its outcome, the check-your-answers page showing
// the money cancelled, and the ledger still balances. axe-core checks every
// page on the way (tests/lib/browser.mjs). The case, the plan, the terms and
// the grant's offer, acceptance and first payments are set up over HTTP and
// SQL, as tests/http/reviews.test.mjs, grants.test.mjs and
// payments.test.mjs do.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqlite, sqliteRows, csrfFrom, unescapeHtml } from "../lib/harness.mjs";
import { launchBrowser, openPage, closePage, visit, submit } from "../lib/browser.mjs";

let browser, server;
let officer, director, grantTeam, approver, admin, provider, trustUser;
let caseId, grantId, payeeId;
const pages = [];
const URN = 180071;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name),Trusts (code),Trusts (name),PhaseOfEducation (name),Easting,Northing\n" +
  `${URN},Tarn Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,Not applicable,4271,Tarn Learning Trust,Primary,371000,409500\n`;

/* ---- dates: everything counts from today, so the test runs on any day ---- */
const DAY = 86400000;
const midday = (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12));
const TODAY = midday(new Date());
const iso = (d) => d.toISOString().slice(0, 10);
const fromIso = (s) => new Date(`${s}T12:00:00Z`);
const addDays = (d, n) => new Date(d.getTime() + n * DAY);
const dateOf = (prefix, d) => ({
  [`${prefix}-day`]: String(d.getUTCDate()), [`${prefix}-month`]: String(d.getUTCMonth() + 1), [`${prefix}-year`]: String(d.getUTCFullYear()),
});
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const longDate = (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/* England and Wales bank holidays (src/domain/workdays.c's rules) and working days after a date. */
function easter(y) {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  return new Date(Date.UTC(y, Math.floor((h + l - 7 * m + 114) / 31) - 1, ((h + l - 7 * m + 114) % 31) + 1, 12));
}
function bankHolidays(y) {
  const at = (m, d) => new Date(Date.UTC(y, m - 1, d, 12));
  const monday = (d) => { while (d.getUTCDay() !== 1) d = addDays(d, 1); return d; };
  const lastMonday = (m) => { let d = at(m + 1, 1); d = addDays(d, -1); while (d.getUTCDay() !== 1) d = addDays(d, -1); return d; };
  const e = easter(y);
  const out = [monday(at(1, 1)), addDays(e, -2), addDays(e, 1), monday(at(5, 1)), lastMonday(5), lastMonday(8)];
  const xmas = at(12, 25).getUTCDay();
  if (xmas === 6) out.push(at(12, 27), at(12, 28));
  else if (xmas === 0) out.push(at(12, 26), at(12, 27));
  else if (xmas === 5) out.push(at(12, 25), at(12, 28));
  else out.push(at(12, 25), at(12, 26));
  return out.map(iso);
}
const working = (d) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !bankHolidays(d.getUTCFullYear()).includes(iso(d));
function workingDaysAfter(d, n) {
  while (n > 0) { d = addDays(d, 1); if (working(d)) n--; }
  return d;
}

/* The grant's terms (store/grants.c: they end 31 March, 31 July and 31 December). */
function grantTermEnd(from) {
  const y = from.getUTCFullYear();
  return [[y, 3, 31], [y, 7, 31], [y, 12, 31], [y + 1, 3, 31]].map(([yy, m, d]) => new Date(Date.UTC(yy, m - 1, d, 12)))
    .find((e) => e > from);
}

/* School terms: this academic year's and the next (as tests/http/reviews.test.mjs). */
const academicYear = TODAY.getUTCMonth() >= 8 ? TODAY.getUTCFullYear() : TODAY.getUTCFullYear() - 1;
function yearTerms(y) {
  const t = (s, e) => ({ starts: fromIso(s), ends: fromIso(e) });
  return [t(`${y}-09-02`, `${y}-12-18`), t(`${y + 1}-01-04`, `${y + 1}-03-26`), t(`${y + 1}-04-12`, `${y + 1}-07-21`)];
}
const termForm = (y) => {
  const [a, s, u] = yearTerms(y);
  return { year: String(y), ...dateOf("autumn-starts", a.starts), ...dateOf("autumn-ends", a.ends), ...dateOf("spring-starts", s.starts),
    ...dateOf("spring-ends", s.ends), ...dateOf("summer-starts", u.starts), ...dateOf("summer-ends", u.ends) };
};

/* ---- HTTP and SQL ---- */
const rows = (sql) => sqliteRows(server.db, sql);
const one = (sql) => rows(sql)[0]?.[0];
const run = (sql) => { const r = sqlite(server.db, sql); assert.equal(r.status, 0, r.stderr); };
const problems = (html) =>
  [...(html.match(/govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? html.slice(0, 300)).matchAll(/<li>(.*?)<\/li>/gs)]
    .map((m) => m[1].replace(/<[^>]+>/g, "")).join("; ") || html.slice(0, 300);
const ok = (r, what = "") => assert.equal(r.status, 303, `${what}: ${r.status} ${problems(r.text)}`);
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.status} ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}
const planPost = (client, rest, fields, form = rest) =>
  post(client, form ? `/plans/${caseId}/${form}` : `/plans/${caseId}`, fields, `/plans/${caseId}/${rest}`);
const lines = () => rows(`SELECT position, status FROM grant_lines WHERE grant_id = ${grantId} ORDER BY position`)
  .map(([p, s]) => `${p}:${s}`).join(" ");

/* A payment run of everything due: prepared by the grant team, approved by another of it, paid. */
async function payDue(reference) {
  let r = await post(grantTeam.client, "/payments", {}, "/payments/runs");
  ok(r, "prepare a run");
  const runId = Number(r.location.match(/^\/payments\/runs\/(\d+)$/)[1]);
  ok(await post(approver.client, `/payments/runs/${runId}`, {}, `/payments/runs/${runId}/approve`), "approve the run");
  ok(await post(grantTeam.client, `/payments/runs/${runId}`, { reference, ...dateOf("paid", TODAY) }, `/payments/runs/${runId}/paid`), "paid");
}

/* ---- the browser ---- */
const path = (page) => new URL(page.url()).pathname;
const main = async (page) => page.locator("main").innerText();

/* A browser page signed in with the harness client's cookies (sign-in is login.test.mjs's). */
async function browserFor(client) {
  const page = await openPage(browser, server.url);
  pages.push(page);
  await page.context().addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: server.url })));
  return page;
}

/* The provider's review form: each item rated (one item may differ), evidence, mitigations, the overall progress. */
async function fillReview(page, { rating, evidence, mitigation = {}, overall, except }) {
  const items = await page.locator('input[type="radio"][name$="-rating"][value="green"]').evaluateAll(
    (els) => els.map((e) => e.name.replace(/-rating$/, "")));
  assert.ok(items.length >= 2, `the review lists the plan's items: ${items}`);
  for (const item of items) {
    const r = except?.item === item ? except.rating : rating;
    await page.locator(`input[name="${item}-rating"][value="${r}"]`).check();
    await page.locator(`#${item}-evidence`).fill(except?.item === item && except.evidence ? except.evidence : evidence);
    const m = except?.item === item ? except.mitigation : mitigation[r];
    await page.locator(`#${item}-mitigation`).fill(m ?? "");
  }
  if (overall) await page.getByLabel(overall, { exact: true }).check();
  return items;
}

const reviewIds = () => rows(`SELECT id FROM reviews WHERE case_id = ${caseId} AND kind = 'termly' ORDER BY due_on`).map((x) => Number(x[0]));

/* The provider writes a review in the browser: the form (the first time from
   the review's page and its "Write the review" button), filled, submitted. */
async function writeReview(prov, id, label, fill, { fromPage = false } = {}) {
  if (fromPage) {
    await visit(prov, `/reviews/${id}`, `${label}: the review's page`);
    await submit(prov, prov.getByRole("link", { name: "Write the review" }), `${label}: the form`);
  } else {
    await visit(prov, `/reviews/${id}/edit`, `${label}: the form`);
  }
  assert.equal(path(prov), `/reviews/${id}/edit`);
  return fill();
}

/* The delivery officer accepts review id in the browser, back on the Monitoring tab. */
async function accept(dof, id, label) {
  await visit(dof, `/reviews/${id}/decision`, `${label}: the decision form`);
  await dof.getByLabel("Accept the review", { exact: true }).check();
  await submit(dof, dof.getByRole("button", { name: "Record the decision" }), `${label}: the Monitoring tab after accepting`);
  assert.equal(path(dof), `/cases/${caseId}/monitoring`);
  assert.match(await main(dof), /The review is accepted/);
  assert.equal(one(`SELECT status FROM reviews WHERE id = ${id}`), "accepted");
}

/* The grant's schedule as its page shows it: each row's payment and status. */
async function schedule(page, label) {
  await visit(page, `/grants/${grantId}`, label);
  const table = page.locator("table", { has: page.locator("caption", { hasText: "The grant's payments" }) });
  return table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].slice(0, 5).map((c) => c.innerText.trim())));
}

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  assert.equal((await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")])).status, 0);
  writeFileSync(join(server.dir, "groups.csv"), "Group UID,Group Name,Group Type\n4271,Tarn Learning Trust,Multi-academy trust\n");
  writeFileSync(join(server.dir, "links.csv"), `URN,Group UID,Joined date,Group Name,Group Type\n${URN},4271,2012-09-01,Tarn Learning Trust,Multi-academy trust\n`);
  for (const [kind, f] of [["groups", "groups.csv"], ["group-links", "links.csv"]])
    assert.equal((await riseAsync(["import", kind, "--db", server.db, join(server.dir, f)])).status, 0);
  // the school's inspection before the case
  writeFileSync(join(server.dir, "ofsted1.csv"), `URN,Rating,Inspection Date\n${URN},Requires improvement,20230510\n`);
  assert.equal((await riseAsync(["import", "ofsted", "--db", server.db, join(server.dir, "ofsted1.csv")])).status, 0);
  run(`INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions, phases, expertise)
    VALUES ('Beck Partnership', 'supporting-organisation', '2026-01-01', 'test', 'trust', 'North West', 'primary', 'leadership-governance')`);
  const org = Number(one("SELECT id FROM organisations WHERE name = 'Beck Partnership'"));
  [officer, director, grantTeam, approver, admin, provider, trustUser] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer", region: "North West" }),
    signedIn(server, { role: "regional-director", name: "Reg Director", region: "North West" }),
    signedIn(server, { role: "grant-team", name: "Gail Grant" }),
    signedIn(server, { role: "grant-team", name: "Abe Approver" }),
    signedIn(server, { role: "admin" }),
    signedIn(server, { role: "supporting-organisation", name: "Sam Provider", organisation: String(org), orgKind: "provider" }),
    signedIn(server, { role: "school", name: "Tess Trust", organisation: "4271", orgKind: "trust" }),
  ]);

  // the case, owned by the delivery officer, matched to the supporting organisation
  ok(await post(officer.client, "/screening/rise/exception", { kind: "school", id: String(URN), source: "regional-director",
    reason: "Named by the director", category: "targeted" }), "open the case");
  caseId = Number(one(`SELECT id FROM cases WHERE subject_id = ${URN}`));
  run(`UPDATE cases SET delivery_officer_id = ${officer.user.id} WHERE id = ${caseId};
    INSERT INTO case_providers (case_id, organisation_id, status, since) VALUES (${caseId}, ${org}, 'matched', '2026-01-01')`);

  // the school terms, so that the plan (a RISE plan runs 12 to 24 months) has
  // a termly review in each term it runs in: three or four of them
  ok(await post(admin.client, "/settings/terms", termForm(academicYear)), "this year's terms");
  ok(await post(admin.client, "/settings/terms", termForm(academicYear + 1)), "next year's terms");
  const endsOn = addDays(TODAY, 380);
  // three costed activities, one in each of the grant's first three terms: up front and twice in arrears
  const t1 = grantTermEnd(TODAY), t2 = grantTermEnd(t1);
  const starts = [TODAY, addDays(t1, 15), addDays(t2, 15)];
  assert.ok(starts[2] < endsOn, `the third activity (${iso(starts[2])}) starts before the plan ends (${iso(endsOn)})`);

  // the plan: a band, an objective with an action, the funding, submitted, signed, banded and approved
  const p = provider.client;
  ok(await planPost(officer.client, "band", { band: "band-2" }, ""), "band");
  ok(await planPost(p, "objectives/new", { "objective-1-area": "attendance-behaviour", "objective-1-text": "Attendance above 94%" }), "objective");
  ok(await planPost(p, "actions/new?objective=1", {
    "action-1-description": "An attendance officer", "action-1-responsible": "The head",
    ...dateOf("action-1-start", TODAY), ...dateOf("action-1-end", endsOn), "action-1-outcomes": "Attendance improves",
  }), "action");
  const costed = {};
  ["Attendance officer", "Family liaison", "Attendance tracking"].forEach((what, i) => {
    Object.assign(costed, { [`costed-${i + 1}-what`]: what, ...dateOf(`costed-${i + 1}-from`, starts[i]),
      ...dateOf(`costed-${i + 1}-until`, endsOn), [`costed-${i + 1}-cost`]: "10,000" });
  });
  ok(await planPost(p, "edit/funding", { reserves: "10,000", revenue: "1,000,000", ...dateOf("starts_on", TODAY),
    ...dateOf("ends_on", endsOn), rows: "3", ...costed }), "funding");
  ok(await planPost(p, "submit", {}), "submit");
  for (const role of ["head", "chair"])
    ok(await planPost(trustUser.client, "sign", { role, name: "Tess Trust", ...dateOf("signed", TODAY), agree: "yes" }), "sign");
  ok(await planPost(grantTeam.client, "review", { outcome: "accept", band: "band-2", note: "" }), "final band");
  ok(await planPost(director.client, "decision", { outcome: "accept", note: "" }), "approve");
  assert.equal(one(`SELECT status FROM plans WHERE case_id = ${caseId}`), "approved");
  assert.ok(reviewIds().length >= 3, `at least three termly reviews: ${JSON.stringify(rows(`SELECT term_key, due_on FROM reviews WHERE case_id = ${caseId}`))}`);

  // the improvement grant to the trust: issued, accepted, its up-front payment made
  [[grantId, payeeId]] = rows(`SELECT id, payee_id FROM grants WHERE case_id = ${caseId} AND kind = 'improvement'`).map((r) => r.map(Number));
  assert.deepEqual(rows(`SELECT position, amount, pay_when FROM grant_lines WHERE grant_id = ${grantId} ORDER BY position`),
    [["1", "1000000", "up-front"], ["2", "1000000", "arrears"], ["3", "1000000", "arrears"]]);
  ok(await post(grantTeam.client, `/grants/${grantId}/issue`, { over_budget: "yes" }), "issue");
  ok(await post(trustUser.client, `/grants/${grantId}/accept`, { name: "Tess Trust", confirm: "yes" }), "accept");
  ok(await post(grantTeam.client, `/payees/${payeeId}`, { vendor_account: "V0042071" }), "vendor account");
  await payDue("FIN-0001");
  assert.equal(lines(), "1:paid 2:scheduled 3:scheduled");
});

after(async () => {
  for (const p of pages) await closePage(p, { verify: false }).catch(() => {});
  await browser?.close();
  if (server) await stopCleanly(server);
});

test("RISE: three termly reviews (green, amber, red), the money following, a new inspection, and closure", async () => {
  const [prov, dof] = await Promise.all([browserFor(provider.client), browserFor(officer.client)]);
  const [r1, r2, r3] = reviewIds();

  // 1. green throughout, progressing well: accepted, term 2's payment due
  await writeReview(prov, r1, "review 1", async () => {
    await fillReview(prov, { rating: "green", evidence: "Attendance is 95%, up from 89%", overall: "Progressing well" });
    await submit(prov, prov.getByRole("button", { name: "Submit the review" }), "review 1: submitted");
  }, { fromPage: true });
  assert.equal(path(prov), `/reviews/${r1}`);
  assert.match(await main(prov), /The review is submitted/);
  await accept(dof, r1, "review 1");
  assert.equal(lines(), "1:paid 2:due 3:scheduled", "the next arrears payment is due");
  let sched = await schedule(dof, "the grant after review 1");
  assert.match(sched[1].join(" | "), /Term 2[^|]*\|[^|]*\|[^|]*\| Due/, JSON.stringify(sched));
  assert.match(await main(dof), /Made due \(scheduled to due\)\s+£10,000\s+Dana Officer\s+[^\n]*: The review found satisfactory progress \(Progressing well\)/,
    "the grant's history says the review made it due");

  // 2. one item amber: refused without a mitigation (named, evidence kept), then accepted
  let items;
  await writeReview(prov, r2, "review 2", async () => {
    items = await fillReview(prov, { rating: "green", evidence: "Attendance holds at 95%", overall: "Progressing well",
      except: { item: "objective-1", rating: "amber", evidence: "Persistent absence is 18%, above the 15% aimed for", mitigation: "" } });
    await submit(prov, prov.getByRole("button", { name: "Submit the review" }), "review 2: refused without a mitigation");
  });
  const summary = prov.locator(".govuk-error-summary");
  assert.match(await summary.innerText(), /Say how Objective 1: Attendance above 94% will be brought back on track/);
  assert.equal(await summary.getByRole("link", { name: /brought back on track/ }).getAttribute("href"), "#objective-1-mitigation");
  assert.equal(await prov.locator("#objective-1-evidence").inputValue(), "Persistent absence is 18%, above the 15% aimed for");
  assert.equal(await prov.locator('input[name="objective-1-rating"][value="amber"]').isChecked(), true, "the rating is kept");
  assert.equal(one(`SELECT status FROM reviews WHERE id = ${r2}`), "due", "nothing saved");
  await prov.locator("#objective-1-mitigation").fill("Weekly calls home for the most absent pupils");
  await submit(prov, prov.getByRole("button", { name: "Submit the review" }), "review 2: submitted");
  assert.equal(path(prov), `/reviews/${r2}`);
  assert.match(await main(prov), /Weekly calls home for the most absent pupils/);
  await accept(dof, r2, "review 2");
  assert.equal(lines(), "1:paid 2:due 3:due", "the next arrears payment is due");

  // 3. red and not improving: withholding recommended, confirmed, then released with a reason
  await writeReview(prov, r3, "review 3", async () => {
    await fillReview(prov, { rating: "red", evidence: "Attendance fell to 88%", overall: "Not improving",
      mitigation: { red: "A new attendance officer starts next term" } });
    await submit(prov, prov.getByRole("button", { name: "Submit the review" }), "review 3: submitted");
  });
  await accept(dof, r3, "review 3");
  assert.equal(lines(), "1:paid 2:due 3:due", "nothing withheld without a person's decision");
  const warning = dof.locator(".govuk-warning-text", { hasText: "is recommended" });
  assert.match(await warning.innerText(), /Withholding the payment Term 2[^:]*is recommended: The review's overall rating is Not improving/);
  await submit(dof, dof.getByRole("button", { name: "Withhold the payment" }), "the Monitoring tab after withholding");
  assert.match(await main(dof), /The payment is withheld/);
  assert.equal(lines(), "1:paid 2:withheld 3:due", "the next unpaid payment is withheld");
  assert.match(await main(dof), /Withholding decisions\s+Withheld: The review's overall rating is Not improving\. Confirmed by Dana Officer on /,
    "the decision names the person, without their email address");
  sched = await schedule(dof, "the grant with a payment withheld");
  assert.equal(sched[1][3], "Withheld");
  await submit(dof, dof.locator("main").getByRole("link", { name: /^Release/ }), "the release form");
  await submit(dof, dof.getByRole("button", { name: "Release the payment" }), "the release form: no reason");
  assert.match(await dof.locator(".govuk-error-summary").innerText(), /Enter why the payment is released/);
  await dof.getByLabel("Why is the payment released?", { exact: true }).fill("The new attendance officer is in post");
  await submit(dof, dof.getByRole("button", { name: "Release the payment" }), "the grant after the release");
  assert.equal(path(dof), `/grants/${grantId}`);
  assert.match(await main(dof), /The payment is released: it is due/);
  assert.equal(lines(), "1:paid 2:due 3:due", "released: due again");
  assert.match(await main(dof), /The new attendance officer is in post/);

  // 4. the Monitoring tab: the chart and the same data as a table, three terms
  await visit(dof, `/cases/${caseId}/monitoring`, "the Monitoring tab with three reviews", { screenshot: "monitoring-chart" });
  const svg = dof.locator('main svg[role="img"]');
  assert.equal(await svg.count(), 1);
  assert.match(await svg.locator("title").textContent(), /Ratings term by term/);
  const table = dof.locator("table", { has: dof.locator("caption", { hasText: "Ratings term by term" }) });
  const head = await table.locator("thead th").allInnerTexts();
  assert.equal(head.length, 4, `an item column and three terms: ${head}`);
  const body = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));
  const objective = body.find((r) => /Attendance above 94%/.test(r[0]));
  assert.deepEqual(objective.slice(1), ["Green", "Amber", "Red"], JSON.stringify(body));
  assert.deepEqual(body.at(-1), ["Overall progress", "Progressing well", "Progressing well", "Not improving"]);
  assert.equal(body.length, items.length + 1, "a row for each item and the overall progress");
  // the chart has the same letters, row by row
  const letters = await svg.locator("circle + text").allTextContents();
  assert.equal(letters.length, (items.length + 1) * 3);
  // each term's heading fits its column: none runs into the next
  const heads = await svg.evaluate((el) => [...el.querySelectorAll(":scope > text")].filter((t) => t.getAttribute("font-weight") === "bold"
    && t.getAttribute("text-anchor") === "middle" && !t.hasAttribute("fill")).map((t) => { const b = t.getBBox(); return { text: t.textContent, left: b.x, right: b.x + b.width }; }));
  assert.equal(heads.length, 3, JSON.stringify(heads));
  for (let i = 1; i < heads.length; i++)
    assert.ok(heads[i - 1].right < heads[i].left, `the chart's term headings overlap: ${JSON.stringify(heads)}`);

  // 5. an Ofsted import brings a new inspection published after the case opened
  const opened = addDays(TODAY, -90);
  run(`UPDATE cases SET opened_at = '${iso(opened)}T09:00:00Z' WHERE id = ${caseId}`);
  let published = addDays(TODAY, -30);
  while (!working(published)) published = addDays(published, -1);
  const stamp = iso(published).replaceAll("-", "");
  writeFileSync(join(server.dir, "ofsted2.csv"), `URN,Rating,Inspection Date\n${URN},Requires improvement,20230510\n${URN},Good,${stamp}\n`);
  const imp = await riseAsync(["import", "ofsted", "--db", server.db, join(server.dir, "ofsted2.csv")]);
  assert.equal(imp.status, 0, imp.stderr);
  const due = workingDaysAfter(published, 10);
  assert.deepEqual(rows(`SELECT status, due_on FROM case_tasks WHERE case_id = ${caseId} AND code = 'inspection-review'`),
    [["not started", iso(due)]]);
  await visit(dof, `/cases/${caseId}`, "the case with a new inspection");
  const banner = dof.locator(".govuk-notification-banner", { hasText: "New inspection" });
  assert.match(await banner.innerText(), new RegExp(`A new inspection was published on ${longDate(published)}: Good`));
  assert.equal(await banner.getByRole("link", { name: "See the school's inspections" }).getAttribute("href"), `/schools/${URN}#ofsted`);
  const task = dof.locator("main li, main tr, main .govuk-task-list__item", { hasText: "Review the plan with DfE after the new inspection" }).last();
  assert.match(await task.innerText(), new RegExp(`Due ${longDate(due)}`));

  // 6. closing: the outcome and the closure's answers, the money it cancels, confirmed
  await visit(dof, `/cases/${caseId}/close`, "the close page");
  await dof.getByLabel("Support completed", { exact: true }).check();
  await dof.getByLabel("Why is the case closing?", { exact: true }).fill("The plan ran its course");
  await dof.getByLabel("Stopped early", { exact: true }).check();
  await dof.getByLabel("Not improving", { exact: true }).check();
  await dof.locator('input[name="case-study"][value="no"]').check();
  await submit(dof, dof.getByRole("button", { name: "Continue" }), "the close page: stopped early without a reason");
  assert.match(await dof.locator(".govuk-error-summary").innerText(), /Enter why the support stopped early/);
  assert.equal(await dof.getByLabel("Why is the case closing?", { exact: true }).inputValue(), "The plan ran its course");
  await dof.getByLabel("If it stopped early, why?", { exact: true }).fill("Attendance fell and the trust chose its own programme");
  await submit(dof, dof.getByRole("button", { name: "Continue" }), "check your answers before closing");
  const cya = await main(dof);
  assert.match(cya, /Check your answers before closing the case/);
  assert.match(cya, /Stopped early/);
  assert.match(cya, /Not improving/);
  assert.match(cya, /Improvement grant/);
  assert.match(cya, /Closing the case cancels £20,000 still to pay \(2 payments not yet made\)/);
  await submit(dof, dof.getByRole("button", { name: "Close the case" }), "the closed case");
  assert.equal(path(dof), `/cases/${caseId}`);
  assert.deepEqual(rows(`SELECT status, closure_outcome FROM cases WHERE id = ${caseId}`), [["closed", "support-completed"]]);
  assert.equal(lines(), "1:paid 2:cancelled 3:cancelled");
  assert.deepEqual(rows(`SELECT completion, final_rating, case_study, cancelled_amount FROM case_closures WHERE case_id = ${caseId}`),
    [["stopped-early", "not-improving", "0", "2000000"]]);
  const closed = await main(dof);
  assert.match(closed, /How the support ended/);
  assert.match(closed, /Grant payments cancelled at closing\s+£20,000/);
  const v = await riseAsync(["grants", "verify", "--db", server.db]);
  assert.equal(v.status, 0, v.stderr + v.stdout);
});
