// screening.test.mjs - a delivery officer turns a RISE suggestion into a
// case in the browser: the queue, the evidence, a decision with a mistake
// first, the decision on the school's page, and a school added by exception.
// axe checks every page on the way (tests/lib/browser.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, addUser, riseAsync, PASSWORD } from "../lib/harness.mjs";
import { launchBrowser, withPage, visit, submit, signIn, focusedId, checkA11y } from "../lib/browser.mjs";

let browser, server, officer;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate\n" +
  "110001,Stuck Primary School,Open,Local authority maintained schools,Community school,North West,Lancashire,01-09-1990\n" +
  "110003,Maintained Measures School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990\n" +
  "110004,Good Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990\n" +
  "110005,Leeds Stuck School,Open,Local authority maintained schools,Community school,Yorkshire and the Humber,Leeds,01-09-1990\n" +
  "110006,Good Secondary School,Open,Local authority maintained schools,Community school,North West,Wigan,01-09-1990\n";
const OFSTED =
  "URN,Rating,Inspection Date\n110001,Requires improvement,20190301\n110001,Requires improvement,20230510\n" +
  "110003,Good,20170101\n110003,Special Measures,20240212\n110004,Good,20230101\n" +
  "110005,Requires improvement,20190301\n110005,Inadequate,20230510\n110006,Good,20220101\n";

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  for (const [kind, file, content] of [["gias", "gias.csv", GIAS], ["ofsted", "ofsted.csv", OFSTED]]) {
    writeFileSync(join(server.dir, file), content);
    const r = await riseAsync(["import", kind, "--db", server.db, join(server.dir, file)]);
    assert.equal(r.status, 0, r.stderr);
  }
  officer = addUser(server, { role: "delivery-officer", name: "Dana Whitworth", region: "North West" });
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

test("a delivery officer opens a case from the RISE queue, then adds a school by exception", async () => {
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, officer.email, PASSWORD, "home page");
    const menu = page.getByRole("navigation", { name: "Menu" });
    await submit(page, menu.getByRole("link", { name: "Screening" }), "screening");
    await submit(page, page.getByRole("link", { name: "RISE" }), "RISE queue", { screenshot: "screening-queue" });
    assert.match(await page.locator("main").innerText(), /Intervention: 1/);
    assert.match(await page.locator("main").innerText(), /Targeted: 1/);

    // the evidence is one click away, in the row
    const row = page.getByRole("row", { name: /Stuck Primary School/ });
    await row.locator("summary").click();
    assert.match(await row.innerText(), /110001/);

    await submit(page, page.getByRole("link", { name: "Stuck Primary School" }), "the school's evidence");
    assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Stuck Primary School");
    // a mistake first: no reason
    await page.getByLabel("Open a case").check();
    await submit(page, page.getByRole("button", { name: "Record decision" }), "decision with an error", {
      screenshot: "screening-decision-error",
    });
    assert.match(await page.title(), /^Error: /);
    await page.getByRole("link", { name: "Enter why you made this decision" }).click();
    assert.equal(await focusedId(page), "reason");
    assert.equal(await page.getByLabel("Open a case").isChecked(), true, "the choice is kept");
    assert.equal(await page.getByLabel("Targeted").isChecked(), true, "the suggested category is preselected");
    await page.getByLabel("Why").fill("Stuck since 2019; the head has asked for help");
    await submit(page, page.getByRole("button", { name: "Record decision" }), "queue after the decision");
    assert.match(await page.getByRole("alert").innerText(), /Case opened for Stuck Primary School/);
    assert.equal(await page.getByRole("link", { name: "Stuck Primary School" }).count(), 0, "decided: off the queue");

    // the decision shows on the school's page
    await submit(page, menu.getByRole("link", { name: "Find a school" }), "find a school");
    await visit(page, "/schools/110001", "the school's page", { screenshot: "school-with-decision" });
    const cases = await page.locator("main").innerText();
    assert.match(cases, /Case opened: targeted/);
    assert.match(cases, /Stuck since 2019; the head has asked for help/);
    assert.match(cases, /Dana Whitworth/);

    // by exception: a school the rules did not pick
    await visit(page, "/screening/rise", "RISE queue again");
    await submit(page, page.getByRole("link", { name: "Add a school or trust by exception" }), "exception form");
    await page.getByLabel("A school").check();
    await page.getByLabel("URN or group UID").fill("110004");
    await page.getByLabel("The school or trust asked for support").check();
    await page.getByLabel("Targeted").check();
    await page.getByLabel("Why").fill("The head asked for support with reading");
    await submit(page, page.getByRole("button", { name: "Open a case" }), "queue after the exception");
    assert.match(await page.getByRole("alert").innerText(), /Case opened for Good Primary School, added by exception/);
  });
});

// issue 10 item 19: the screening pages as a new user reads them
test("the category shows only for \"Open a case\", \"as at\" is a date input, and the counts and messages are right", async () => {
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, officer.email, PASSWORD, "home page");

    // the decided view counts those still to decide (the intervention school)
    await visit(page, "/screening/rise", "RISE queue");
    await submit(page, page.getByRole("link", { name: "show those already decided" }), "RISE queue, already decided");
    assert.match(await page.locator("main").innerText(), /1 to decide; show those still to decide \(1\)\./);

    // "as at": day, month and year, with GOV.UK's message and the input kept
    await visit(page, "/screening/si-2019-20", "SI 2019/20 queue");
    const asAt = page.getByRole("group", { name: "As at" });
    await asAt.getByLabel("Day").fill("1");
    await asAt.getByLabel("Month").fill("9");
    await asAt.getByLabel("Year").fill("");
    await submit(page, page.getByRole("button", { name: "Apply" }), "queue with a date error", { screenshot: "screening-as-at-error" });
    assert.match(await page.title(), /^Error: /);
    await page.getByRole("link", { name: "As at date must include a year" }).click();
    assert.equal(await focusedId(page), "as-at-year");
    assert.equal(await asAt.getByLabel("Day").inputValue(), "1", "the day typed is kept");
    assert.equal(await asAt.getByLabel("Month").inputValue(), "9", "the month typed is kept");
    await asAt.getByLabel("Year").fill("2019");
    await submit(page, page.getByRole("button", { name: "Apply" }), "queue as at 1 September 2019");
    assert.doesNotMatch(await page.title(), /^Error: /);
    assert.match(await page.locator("main").innerText(), /North West, as at 1 September 2019\./);

    // the category is revealed under "Open a case" only
    await visit(page, "/screening/rise/school/110003", "the intervention school's evidence");
    const category = page.getByRole("group", { name: "Category" });
    assert.equal(await category.isVisible(), false, "hidden until a case is to be opened");
    await page.getByLabel("Open a case").check();
    assert.equal(await category.isVisible(), true, "revealed by Open a case");
    assert.equal(await category.getByLabel("Intervention").isChecked(), true, "the suggestion is preselected");
    await checkA11y(page, "the evidence with the category revealed");
    await page.getByLabel("Set it aside").check();
    assert.equal(await category.isVisible(), false, "hidden again for a set-aside");
    await page.getByLabel("Why").fill("Its local authority has a plan in place");
    await submit(page, page.getByRole("button", { name: "Record decision" }), "queue after setting aside");
    assert.match(await page.getByRole("alert").innerText(), /Maintained Measures School set aside/);

    // a school in another region is outside the officer's region
    await visit(page, "/screening/rise/exception", "exception form");
    await page.getByLabel("A school").check();
    await page.getByLabel("URN or group UID").fill("110005");
    await page.getByLabel("The school or trust asked for support").check();
    await page.getByLabel("Targeted").check();
    await page.getByLabel("Why").fill("Asked for help");
    await submit(page, page.getByRole("button", { name: "Open a case" }), "exception for another region's school");
    assert.match(await page.title(), /^Error: /);
    await page.getByRole("link", { name: "This school is outside your region" }).click();
    assert.equal(await focusedId(page), "id");
    assert.equal(await page.getByLabel("URN or group UID").inputValue(), "110005");
  });
});

test("without JavaScript the category shows, and a case opens with it", async () => {
  await withPage(browser, server.url, { javaScriptEnabled: false }, async (page) => {
    await visit(page, "/login", "sign-in page (no JavaScript)");
    await signIn(page, officer.email, PASSWORD, "home page (no JavaScript)");
    await visit(page, "/screening/rise/school/110006", "a universal school's evidence (no JavaScript)");
    const category = page.getByRole("group", { name: "Category" });
    assert.equal(await category.isVisible(), true, "shown: nothing can reveal it");
    await page.getByLabel("Open a case").check();
    await category.getByLabel("Universal").check();
    await page.getByLabel("Why").fill("The head asked for signposting to the maths hub");
    await submit(page, page.getByRole("button", { name: "Record decision" }), "queue after opening a case (no JavaScript)");
    assert.match(await page.locator("main").innerText(), /Case opened for Good Secondary School/);
  });
});
