// imports.test.mjs - an administrator loads reference data in a real
// browser: the upload form's mistakes, a GIAS file imported in the
// background and followed on its status page until it is done, a file with
// wrong rows that saves nothing and lists each problem by line and column,
// and the list of imports. Every page is checked with axe-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addUser, PASSWORD, sleep } from "../lib/harness.mjs";
import { launchBrowser, withPage, visit, submit, signIn, focusedId, screenshot } from "../lib/browser.mjs";

let browser;
let server;
let admin;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  admin = addUser(server, { role: "admin", name: "Amira Okafor" });
});

after(async () => {
  await browser?.close();
  if (server) {
    const e = await server.stop();
    assert.equal(e?.code, 0, "server exits cleanly on SIGTERM");
  }
});

const GIAS_CSV =
  "URN,EstablishmentName,LA (code),LA (name),EstablishmentStatus (name),OpenDate,PhaseOfEducation (name),Postcode\r\n" +
  "119101,Fleetwood Flakefleet Primary School,888,Lancashire,Open,01-09-1975,Primary,FY7 7ND\r\n" +
  "119102,Morecambe Sandylands Community Primary School,888,Lancashire,Open,01-09-1968,Primary,LA3 1EJ\r\n" +
  "119103,St Thérèse's Catholic Primary School,888,Lancashire,Open,,Primary,PR1 8JN\r\n";

// line 3: a URN that is not a number; line 4: 31 February
const BAD_CSV =
  "URN,EstablishmentName,OpenDate\r\n" +
  "119201,Thornton Cleveleys Royles Brook Primary School,01-09-1990\r\n" +
  "ABC123,Nowhere Primary School,01-09-1990\r\n" +
  "119203,Kirkham St Michael's CofE Primary School,31-02-2001\r\n";

const h1 = (page) => page.getByRole("heading", { level: 1 }).innerText();
const menu = (page) => page.getByRole("navigation", { name: "Menu" });
const uploadButton = (page) => page.getByRole("button", { name: "Upload and import" });
const statusTag = (page) => page.locator(".govuk-summary-list__row", { hasText: "Status" }).locator("dd").innerText();

/** The summary list as {key: value}. */
function summaryList(page) {
  return page.locator(".govuk-summary-list").evaluate((dl) =>
    Object.fromEntries(
      [...dl.querySelectorAll(".govuk-summary-list__row")].map((row) => [
        row.querySelector("dt").innerText.trim(),
        row.querySelector("dd").innerText.trim(),
      ]),
    ),
  );
}

/** A table's body as rows of cell texts. */
function tableRows(table) {
  return table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
}

/** Chooses what the file is and attaches it, then sends the form; returns the status page's response. */
async function upload(page, kind, name, content, label) {
  await page.getByLabel(kind, { exact: true }).check();
  await page.getByLabel("The file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content, "utf8") });
  return submit(page, uploadButton(page), label);
}

/**
 * On an import's status page, uses "Refresh this page" until the import has
 * finished (at most about 10 seconds); returns the status shown.
 */
async function untilFinished(page, label) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const status = await statusTag(page);
    if (status === "Imported" || status === "Not imported") return status;
    assert.ok(Date.now() < deadline, `${label}: still "${status}" after 10 seconds`);
    assert.match(status, /^(Waiting|Importing)$/);
    await sleep(250);
    await submit(page, page.getByRole("link", { name: "Refresh this page" }), `${label}, refreshed`);
  }
}

test("an administrator uploads a GIAS file after a mistake, follows it to Imported, and a bad file saves nothing", async (t) => {
  let firstView; // the problems listed when the status page first said "Not imported"
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, admin.email, PASSWORD, "home page");

    // Reference data, from Administration in the header
    await submit(page, menu(page).getByRole("link", { name: "Administration" }), "administration");
    await submit(page, page.getByRole("main").getByRole("link", { name: "Reference data" }), "reference data");
    assert.equal(await h1(page), "Reference data");
    assert.match(await page.title(), /^Reference data - /);
    assert.equal(await menu(page).getByRole("link", { name: "Administration" }).getAttribute("aria-current"), "page");
    assert.match(await page.getByRole("main").innerText(), /No files have been loaded yet\./);

    await submit(page, page.getByRole("button", { name: "Upload a file" }), "upload form");
    assert.equal(await h1(page), "Upload a reference data file");
    assert.match(await page.title(), /^Upload a reference data file - /);

    // nothing chosen: the error summary says what is missing, and leads to each field
    const res = await submit(page, uploadButton(page), "upload form with nothing chosen", {
      screenshot: "import-upload-errors",
    });
    assert.equal(res.status(), 400);
    assert.match(await page.title(), /^Error: Upload a reference data file - /);
    const summary = page.locator(".govuk-error-summary");
    assert.equal(await summary.getByRole("heading").innerText(), "There is a problem");
    assert.equal(
      await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")),
      true,
      "the error summary has focus when the page loads",
    );
    assert.deepEqual(await summary.getByRole("link").allInnerTexts(), ["Select what is in the file", "Select a CSV file"]);
    assert.match(await page.locator("#kind-error").innerText(), /Error:\s*Select what is in the file/);
    assert.match(await page.locator("#file-error").innerText(), /Error:\s*Select a CSV file/);
    await summary.getByRole("link", { name: "Select a CSV file" }).click();
    assert.equal(await focusedId(page), "file", "the summary's link moves focus to the file field");
    await summary.getByRole("link", { name: "Select what is in the file" }).click();
    assert.equal(await focusedId(page), "kind", "and to the first choice of what is in the file");

    // a good GIAS file: the status page, refreshed until it says Imported
    await upload(page, "GIAS establishments", "edubasealldata20261123.csv", GIAS_CSV, "import status page");
    assert.match(new URL(page.url()).pathname, /^\/imports\/\d+$/);
    assert.equal(await h1(page), "edubasealldata20261123.csv");
    assert.match(await page.title(), /^edubasealldata20261123\.csv - Reference data - /);
    assert.equal(await page.locator("main .govuk-caption-l").innerText(), "GIAS establishments");
    assert.equal(await untilFinished(page, "GIAS import"), "Imported");
    await screenshot(page, "import-status");
    assert.equal(
      await page.locator(".govuk-notification-banner--success .govuk-notification-banner__heading").innerText(),
      "3 rows imported: 3 added, 0 updated, 0 unchanged",
    );
    assert.equal(await page.getByRole("link", { name: "Refresh this page" }).count(), 0, "nothing left to wait for");
    const facts = await summaryList(page);
    assert.equal(facts.Status, "Imported");
    assert.equal(facts["Uploaded by"], `Amira Okafor <${admin.email}>`);
    assert.equal(facts["Rows read"], "3");
    assert.equal(facts.Added, "3");
    assert.equal(facts.Updated, "0");
    assert.equal(facts["Rows with problems"], "0");
    assert.match(facts.Finished, /^\d{1,2} \w+ \d{4} at \d{1,2}:\d\d(am|pm)$/, "when it finished, in words");
    assert.equal(await page.getByRole("heading", { name: "Problems in the file" }).count(), 0);

    // a file with wrong rows: nothing saved, each problem with its line and column
    await submit(page, page.getByRole("link", { name: "Back" }), "reference data with one import");
    await submit(page, page.getByRole("button", { name: "Upload a file" }), "upload form again");
    await upload(page, "GIAS establishments", "edubase_fixed_by_hand.csv", BAD_CSV, "status of the bad file");
    assert.equal(await untilFinished(page, "bad import"), "Not imported");
    const problems = page.locator("table", { has: page.getByRole("columnheader", { name: "Line" }) });
    firstView = await tableRows(problems);
    await screenshot(page, "import-status-failed");
    assert.match(await page.title(), /^edubase_fixed_by_hand\.csv - Reference data - /);
    const banner = page.getByRole("region", { name: "Not imported" });
    assert.match(await banner.innerText(), /Nothing from this file was saved/);
    assert.match(await banner.innerText(), /2 invalid rows: nothing imported/);
    assert.equal(await page.getByRole("heading", { name: "Problems in the file", level: 2 }).isVisible(), true);
    assert.deepEqual(await problems.locator("thead th").allInnerTexts(), ["Line", "Column", "Problem"]);
    const rows = await tableRows(problems);
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.deepEqual(rows[0].slice(0, 2), ["3", "1"]);
    assert.match(rows[0][2], /URN 'ABC123' is not a whole number/);
    assert.deepEqual(rows[1].slice(0, 2), ["4", "3"]);
    assert.match(rows[1][2], /OpenDate '31-02-2001' is not a date/);
    const failedFacts = await summaryList(page);
    assert.equal(failedFacts["Rows with problems"], "2");
    assert.equal(failedFacts.Added, undefined, "no count of schools added when nothing was saved");

    // the list shows both, newest first
    await visit(page, "/admin", "administration");
    await submit(page, page.getByRole("main").getByRole("link", { name: "Reference data" }), "reference data with two imports", {
      screenshot: "imports-list",
    });
    const list = page.getByRole("table", { name: "Recent imports" });
    const listed = await tableRows(list);
    assert.deepEqual(
      listed.map((r) => r.slice(0, 6)),
      [
        ["edubase_fixed_by_hand.csv", "GIAS establishments", "Not imported", "3", "0", "0"],
        ["edubasealldata20261123.csv", "GIAS establishments", "Imported", "3", "3", "0"],
      ],
    );
    await submit(page, list.getByRole("link", { name: "edubasealldata20261123.csv" }), "the good import again");
    assert.equal(await statusTag(page), "Imported");
  });

  // the bad file's good row was not saved; the good file's schools were, accents and all
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, admin.email, PASSWORD, "home page");
    await submit(page, menu(page).getByRole("link", { name: "Find a school" }), "find a school");
    await page.getByLabel("Search by name, URN, postcode or local authority").fill("therese");
    await submit(page, page.getByRole("button", { name: "Search", exact: true }), "search for therese");
    assert.equal(await page.locator("#results").innerText(), "1 school matching ‘therese’");
    assert.equal(await page.getByRole("link", { name: "St Thérèse's Catholic Primary School" }).count(), 1);
    const res = await visit(page, "/schools/119201", "404 for the row that was not saved");
    assert.equal(res.status(), 404);
  });

  // a failed import's problems and its status are saved in one transaction
  await t.test("the status page lists every problem as soon as it says Not imported", () =>
    assert.equal(firstView.length, 2, `the first view listed ${firstView.length} of 2 problems`),
  );
});
