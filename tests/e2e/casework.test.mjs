// casework.test.mjs - the first weeks of a RISE case in Chromium (issue 5):
// a screening decision opens the case; the responsible body is contacted;
// the school refuses; an engagement concern is raised, escalated and then
// resolved; the school accepts; the regional director approves the
// category; the adviser is allocated after the conflict-of-interest check;
// the case is paused and resumed, and later closed through check your
// answers. axe-core checks every page on the way
// (tests/lib/browser.mjs); the case page is kept as a screenshot artefact
// (tests/e2e/artefacts/case-page.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, addUser, riseAsync, PASSWORD } from "../lib/harness.mjs";
import { launchBrowser, withPage, visit, submit, signIn } from "../lib/browser.mjs";

let browser, server, officer, director, adviser;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate,Diocese (name)\n" +
  "130001,Stuck Hill Primary School,Open,Local authority maintained schools,Community school,North West,Bolton," +
  "01-09-1990,Not applicable\n";
const OFSTED = "URN,Rating,Inspection Date\n130001,Requires improvement,20190301\n130001,Requires improvement,20230510\n";

const now = new Date();
const TODAY = { day: String(now.getDate()), month: String(now.getMonth() + 1), year: String(now.getFullYear()) };

/** Fills the day, month and year of the date input whose legend is `legend`. */
async function fillDate(page, legend) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(TODAY.day);
  await group.getByLabel("Month").fill(TODAY.month);
  await group.getByLabel("Year").fill(TODAY.year);
}

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  for (const [kind, file, content] of [["gias", "gias.csv", GIAS], ["ofsted", "ofsted.csv", OFSTED]]) {
    writeFileSync(join(server.dir, file), content);
    const r = await riseAsync(["import", kind, "--db", server.db, join(server.dir, file)]);
    assert.equal(r.status, 0, r.stderr);
  }
  officer = addUser(server, { role: "delivery-officer", name: "Dana Whitworth", region: "North West" });
  director = addUser(server, { role: "regional-director", name: "Rowan Director", region: "North West" });
  adviser = addUser(server, { role: "adviser", name: "Ada Adviser" });
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

test("a RISE case from the screening decision to an allocated adviser, paused and resumed", async () => {
  let caseUrl;
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, officer.email, PASSWORD, "home page");

    // the screening decision opens the case
    await visit(page, "/screening/rise", "RISE queue");
    await submit(page, page.getByRole("link", { name: "Stuck Hill Primary School" }), "the school's evidence");
    await page.getByLabel("Open a case").check();
    await page.getByLabel("Why").fill("Stuck: requires improvement twice since 2019");
    await submit(page, page.getByRole("button", { name: "Record decision" }), "queue after the decision");

    // it is on the home page, among the officer's cases
    await visit(page, "/", "home with the new case");
    assert.match(await page.locator("main").innerText(), /Your cases[\s\S]*Stuck Hill Primary School\s+RISE\s+Contact/);
    await submit(page, page.getByRole("link", { name: "Stuck Hill Primary School" }).first(), "the case");
    caseUrl = new URL(page.url()).pathname;
    assert.match(caseUrl, /^\/cases\/\d+$/);
    const tasks = page.locator("main");
    assert.match(await tasks.innerText(), /Contact the school[\s\S]*Cannot start yet/);

    // the responsible body is contacted, with a mistake first
    await submit(page, page.getByRole("link", { name: "Contact the responsible body" }), "contact task");
    await page.getByLabel("Yes, it is done").check();
    await page.getByLabel("Who you spoke to").fill("The director of children's services");
    await submit(page, page.getByRole("button", { name: "Save" }), "contact task with errors");
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.getByLabel("Who you spoke to").inputValue(), "The director of children's services");
    await fillDate(page, "Date of the conversation");
    await page.getByLabel("What they said about the challenges and existing plans").fill("A plan for reading");
    await submit(page, page.getByRole("button", { name: "Save" }), "case after the contact");

    await submit(page, page.getByRole("link", { name: "Contact the school" }), "school contact task");
    await fillDate(page, "Date of the conversation");
    await page.getByLabel("Who you spoke to").fill("The headteacher");
    await page.getByLabel("Yes, it is done").check();
    await submit(page, page.getByRole("button", { name: "Save" }), "case after contacting the school");

    // the school refuses
    await submit(page, page.getByRole("link", { name: "Record whether support is accepted" }), "response task");
    await fillDate(page, "Date of the response");
    await page.getByLabel("Declined support").check();
    await page.getByLabel("Their reasons, in their words").fill("We have our own plan");
    await submit(page, page.getByRole("button", { name: "Save" }), "case after the refusal");

    // an engagement concern: raised, escalated, resolved
    await submit(page, page.getByRole("link", { name: "Engagement concerns" }), "concerns tab");
    await submit(page, page.getByRole("button", { name: "Raise an engagement concern" }), "raise a concern");
    await page.getByLabel("Summary").fill("The school declined support");
    await page.getByLabel("Details").fill("Declined on the phone; governors not consulted");
    await fillDate(page, "Date raised");
    await submit(page, page.getByRole("button", { name: "Raise concern" }), "concerns after raising");
    await submit(page, page.getByRole("link", { name: /Escalate/ }).first(), "escalate the concern");
    await fillDate(page, "Date escalated");
    await page.getByLabel("Steps already taken").fill("Two calls and a letter");
    await page.getByRole("group", { name: "Primary reason" }).getByRole("radio").first().check();
    await page.getByLabel("Warning notice").check();
    await page.getByLabel("Why is the concern being escalated?").fill("No engagement after a month");
    await submit(page, page.getByRole("button", { name: "Escalate concern" }), "concerns after escalating");
    assert.match(await page.locator("main").innerText(), /Escalated/);
    await submit(page, page.getByRole("link", { name: /Resolve/ }).first(), "resolve the concern");
    await fillDate(page, "Date resolved");
    await page.getByLabel("How was it resolved?").fill("The governors met the regional director and agreed");
    await submit(page, page.getByRole("button", { name: "Resolve concern" }), "concerns after resolving");
    assert.match(await page.locator("main").innerText(), /Resolved/);

    // the school accepts
    await visit(page, caseUrl, "the case again");
    await submit(page, page.getByRole("link", { name: "Record whether support is accepted" }), "response again");
    await fillDate(page, "Date of the response");
    await page.getByLabel("Accepted support").check();
    await page.getByLabel("Their reasons, in their words").fill("Governors agreed");
    await submit(page, page.getByRole("button", { name: "Save" }), "case after acceptance");
    // the category still waits for the regional director
    assert.match(await page.locator("main").innerText(), /Check the adviser for conflicts of interest\s*\n?.*\n?\s*Cannot start yet/);
  });

  // the regional director approves the category
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page (director)");
    await signIn(page, director.email, PASSWORD, "director's home");
    assert.match(await page.locator("main").innerText(), /awaiting your approval/i);
    await visit(page, `${caseUrl}/decisions`, "decision log");
    // the warning notice waits for them too (issue 10): the category first
    assert.match(await page.locator("main").innerText(), /Escalated: warning notice[\s\S]*Awaiting approval/);
    await submit(page, page.getByRole("link", { name: "Review RISE category" }), "the category decision");
    await page.getByLabel("Approve").check();
    await page.getByLabel("Comments").fill("Agreed: targeted");
    await submit(page, page.getByRole("button", { name: "Save" }), "decision log after approval");
    assert.match(await page.locator("main").innerText(), /Approved/);
  });

  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page (officer again)");
    await signIn(page, officer.email, PASSWORD, "officer's home again");
    await visit(page, caseUrl, "the case");
    // the conflict-of-interest check, then the allocation
    await submit(page, page.getByRole("link", { name: "Check the adviser for conflicts of interest" }), "conflict check");
    await fillDate(page, "Date of the check");
    await page.getByLabel("Adviser checked").selectOption({ label: "Ada Adviser" });
    await page.getByLabel("No conflict").check();
    await page.getByLabel("Details of the check").fill("Ada declared no links with the school or the local authority");
    await submit(page, page.getByRole("button", { name: "Save" }), "case after the check");
    await submit(page, page.getByRole("link", { name: "Allocate the adviser" }), "allocation task");
    await fillDate(page, "Date allocated");
    await page.getByLabel("Adviser", { exact: true }).selectOption({ label: "Ada Adviser" });
    await submit(page, page.getByRole("button", { name: "Save" }), "case after allocation", {
      screenshot: "case-page",
    });
    const main = await page.locator("main").innerText();
    assert.match(main, /Adviser\s+Ada Adviser/);
    assert.match(main, /Allocate the adviser[\s\S]*?Completed/);

    // paused and resumed
    await submit(page, page.getByRole("button", { name: "Change status" }), "status form");
    await page.getByLabel("Pause the case").check();
    await page.getByLabel("Why").fill("Ofsted inspection this week");
    await submit(page, page.getByRole("button", { name: "Save" }), "paused case");
    assert.match(await page.locator("main").innerText(), /This case is paused/);
    await submit(page, page.getByRole("button", { name: "Change status" }), "status form again");
    await page.getByLabel("Resume the case").check();
    await page.getByLabel("Why").fill("Inspection over");
    await submit(page, page.getByRole("button", { name: "Save" }), "resumed case");
    assert.doesNotMatch(await page.locator("main").innerText(), /This case is paused/);

    // every step is on the timeline
    await submit(page, page.getByRole("link", { name: "Timeline" }), "timeline", { screenshot: "case-timeline" });
    const timeline = await page.locator("main").innerText();
    for (const what of ["Case opened", "Task updated", "Engagement concern escalated", "Decision approved", "Status changed"])
      assert.match(timeline, new RegExp(what));
    await submit(page, page.getByRole("link", { name: "Decisions" }), "decisions", { screenshot: "case-decisions" });
    const log = await page.locator("main").innerText();
    for (const what of ["Declined support", "Accepted support", "Allocated Ada Adviser", "Paused", "Resumed"])
      assert.match(log, new RegExp(what));
  });

  // the adviser now sees the case
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page (adviser)");
    await signIn(page, adviser.email, PASSWORD, "adviser's home");
    assert.match(await page.locator("main").innerText(), /Stuck Hill Primary School/);
    await visit(page, caseUrl, "the adviser's view of the case");
  });
});

test("the other case pages, the lists and the programme settings pass axe, with and without errors", async () => {
  const admin = addUser(server, { role: "admin", name: "Ari Admin" });
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, officer.email, PASSWORD, "home page");
    await visit(page, "/cases?programme=rise&status=in+progress&sort=due", "all cases, filtered", {
      screenshot: "all-cases",
    });
    await submit(page, page.getByRole("link", { name: "Stuck Hill Primary School" }), "the case");
    const caseUrl = new URL(page.url()).pathname;
    await submit(page, page.getByRole("link", { name: "People and contacts" }), "people and contacts");
    await submit(page, page.getByRole("button", { name: "Add a contact" }), "add a contact");
    await page.getByLabel("The school", { exact: true }).check();
    await submit(page, page.getByRole("button", { name: /Save|Add contact/ }), "add a contact, with errors");
    assert.match(await page.title(), /^Error: /);
    await page.getByLabel("Name", { exact: true }).fill("Alex Head");
    await page.getByLabel("Role", { exact: true }).fill("Headteacher");
    await submit(page, page.getByRole("button", { name: /Save|Add contact/ }), "contacts with one");
    assert.match(await page.locator("main").innerText(), /Alex Head/);
    await submit(page, page.getByRole("link", { name: "Notes" }), "notes");
    await page.getByLabel("Add a note").fill("Spoke to the chair of governors");
    await submit(page, page.getByRole("button", { name: "Add note" }), "notes with one");
    await submit(page, page.getByRole("link", { name: /^Change/ }).last(), "change a note");
    await visit(page, `${caseUrl}/people`, "assign the delivery officer");
    await submit(page, page.getByRole("button", { name: "Save" }), "assign, with errors");
    assert.match(await page.title(), /^Error: /);
    await visit(page, `${caseUrl}/status`, "status form");
    await submit(page, page.getByRole("button", { name: "Save" }), "status, with errors");
    assert.match(await page.title(), /^Error: /);
    await visit(page, `${caseUrl}/tasks/grant`, "a step done on another page, not yet startable");
    assert.match(await page.locator("main").innerText(), /This task cannot start until these are done/);
    await visit(page, `${caseUrl}/decisions`, "decision log");
    await submit(page, page.getByRole("link", { name: "Allocated Ada Adviser" }), "one decision");

    // closing (issue 10 item 10): an outcome, check your answers, then nothing due
    await visit(page, caseUrl, "the case before closing");
    await submit(page, page.getByRole("button", { name: "Close the case" }), "close the case");
    await submit(page, page.getByRole("button", { name: "Continue" }), "close the case, with errors");
    assert.match(await page.title(), /^Error: /);
    await page.getByLabel("Support completed").check();
    await page.getByLabel("Why is the case closing?").fill("End-of-support call held with the head and the chair");
    // the closure's own answers (issue 15): completed, the final rating, no case study
    await page.getByLabel("Completed", { exact: true }).check();
    await page.getByLabel("Improved, support complete").check();
    await page.locator('input[name="case-study"][value="no"]').check();
    await submit(page, page.getByRole("button", { name: "Continue" }), "check your answers before closing", {
      screenshot: "case-close-check",
    });
    await submit(page, page.getByRole("button", { name: "Change outcome" }), "close the case, changing the answers");
    await submit(page, page.getByRole("button", { name: "Continue" }), "check your answers again");
    await submit(page, page.getByRole("button", { name: "Close the case" }), "the closed case");
    const closed = await page.locator("main").innerText();
    assert.match(closed, /This case is closed/);
    assert.match(closed, /Outcome: Support completed/);
    assert.doesNotMatch(closed, /Next due|Due \d/);
  });
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page (administrator)");
    await signIn(page, admin.email, PASSWORD, "administrator's home");
    await visit(page, "/settings/school-holidays", "school holidays");
    await page.getByLabel("Name").fill("Autumn half term 2026");
    const first = page.getByRole("group", { name: "First day" });
    await first.getByLabel("Day").fill("26");
    await first.getByLabel("Month").fill("10");
    await first.getByLabel("Year").fill("2026");
    await submit(page, page.getByRole("button", { name: /Add/ }), "school holidays, with an error");
    assert.match(await page.title(), /^Error: /);
    const last = page.getByRole("group", { name: "Last day" });
    await last.getByLabel("Day").fill("30");
    await last.getByLabel("Month").fill("10");
    await last.getByLabel("Year").fill("2026");
    await submit(page, page.getByRole("button", { name: /Add/ }), "school holidays with one");
    assert.match(await page.locator("main").innerText(), /Autumn half term 2026/);
    await submit(page, page.getByRole("link", { name: "Programme tasks and timeframes" }), "programme tasks", {
      screenshot: "programme-tasks",
    });
    assert.match(await page.locator("main").innerText(), /Within 2 weeks of the match, not including school holidays/);
    await visit(page, "/cases", "all cases, all regions");
  });
});
