// providers.test.mjs - the register of supporting organisations and people
// in a real browser, on the demo's North East register: the list and its
// filters, an organisation's page (capacity, due diligence current, expired
// and requested), adding one after a mistake with the GIAS link revealed by
// its type, a check recorded, the people register and a person's page, and
// the survey upload page. Every page is checked with axe-core; screenshots
// of the list and an entry are kept in tests/e2e/artefacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, addUser, riseAsync, PASSWORD, SOURCE_DIR } from "../lib/harness.mjs";
import { launchBrowser, withPage, visit, submit, signIn, focusedId } from "../lib/browser.mjs";

let browser, server, officer;

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  const demo = await riseAsync(["demo", "--db", server.db, "--data", join(SOURCE_DIR, "demo")]);
  assert.equal(demo.status, 0, demo.stderr);
  officer = addUser(server, { role: "delivery-officer", name: "Nadia Officer", region: "North East" });
});

after(async () => {
  await browser?.close();
  if (server) {
    const e = await server.stop();
    assert.equal(e?.code, 0, "server exits cleanly on SIGTERM");
  }
});

const h1 = (page) => page.getByRole("heading", { level: 1 }).innerText();
const button = (page, name) => page.getByRole("button", { name, exact: true });

/** The standing of each check on an entry's page, as {check: standing}. */
async function standings(page) {
  const rows = page.locator("h2:has-text('Due diligence') + p + table tbody tr");
  const out = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const key = await rows.nth(i).locator("th").innerText();
    out[key] = (await rows.nth(i).locator("td").last().innerText()).split("\n")[0];
  }
  return out;
}

test("a delivery officer reads the register, adds an organisation after a mistake and records a check", async () => {
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, officer.email, PASSWORD, "home page");
    await submit(page, page.getByRole("link", { name: "Supporting organisations" }), "the register", {
      screenshot: "providers-list",
    });
    assert.equal(await h1(page), "Supporting organisations");
    for (const name of ["Lingfield Education Trust", "Middlesbrough Achievement Partnership",
      "Northern Lights Teaching School Hub", "Seaton Valley Federation", "North Star School Improvement"])
      assert.ok(await page.getByRole("link", { name }).count(), `${name} is listed`);

    await submit(page, page.getByRole("link", { name: "Lingfield Education Trust" }), "a trust's page", {
      screenshot: "provider-trust",
    });
    assert.equal(await h1(page), "Lingfield Education Trust");
    assert.deepEqual(Object.values(await standings(page)), ["Current", "Current", "Current", "Current"]);
    assert.ok(await page.getByRole("link", { name: "LINGFIELD EDUCATION TRUST" }).count());

    await visit(page, "/providers?q=middlesbrough", "the register, searched");
    await submit(page, page.getByRole("link", { name: "Middlesbrough Achievement Partnership" }), "an LA service's page");
    assert.equal((await standings(page))["Financial check"], "Expired");
    await visit(page, "/providers?type=hub", "the register, hubs only");
    await submit(page, page.getByRole("link", { name: "Northern Lights Teaching School Hub" }), "a hub's page");
    assert.equal((await standings(page))["Vendor account"], "Requested");
    assert.match(await page.locator("main").innerText(), /Expected by \d+ \w+ \d{4}/);

    await visit(page, "/providers/new", "add an organisation");
    await page.getByLabel("Name", { exact: true }).fill("Advance Support");
    await page.getByLabel("Academy trust").check();
    await submit(page, button(page, "Add organisation"), "add an organisation, with an error");
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")), true,
      "the error summary has focus");
    const summary = page.locator(".govuk-error-summary");
    await summary.getByRole("link", { name: /Enter the trust's group UID/ }).click();
    assert.equal(await focusedId(page), "link-trust", "the summary's link moves focus to the revealed UID field");
    assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Advance Support");
    await page.getByLabel("Trust's group UID").fill("16711");
    await page.getByLabel("North East").check();
    await page.getByLabel("Primary").check();
    await submit(page, button(page, "Add organisation"), "the new organisation's page");
    assert.equal(await h1(page), "Advance Support");

    await submit(page, button(page, "Record a check"), "record a check");
    await page.getByLabel("Financial check").check();
    await page.getByLabel("Passed").check();
    const d = new Date();
    await page.getByLabel("Day").first().fill(String(d.getDate()));
    await page.getByLabel("Month").first().fill(String(d.getMonth() + 1));
    await page.getByLabel("Year").first().fill(String(d.getFullYear()));
    await page.getByLabel("Who checked").fill("Schools financial support and oversight team");
    await submit(page, button(page, "Record the check"), "the organisation after a check");
    assert.equal((await standings(page))["Financial check"], "Current");

    await submit(page, button(page, "Set capacity"), "set capacity");
    await submit(page, page.getByRole("link", { name: "Back" }), "back to the organisation");
    await submit(page, button(page, "Declare a conflict"), "declare a conflict");
    await submit(page, page.getByRole("link", { name: "Back" }), "back again");
    await submit(page, button(page, "Add a contact"), "add a contact");
  });
});

test("the people register and a person's page", async () => {
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, officer.email, PASSWORD, "home page");
    await visit(page, "/people", "the people register", { screenshot: "people-list" });
    assert.ok(await page.getByRole("link", { name: "Harriet Quayle" }).count());
    await submit(page, page.getByRole("link", { name: "Harriet Quayle" }), "a person's page", {
      screenshot: "person-page",
    });
    assert.equal(await h1(page), "Harriet Quayle");
    assert.match(await page.locator("main").innerText(), /£600/);
    await submit(page, page.getByRole("link", { name: "Change" }).first(), "change a person");
    await visit(page, "/people/new", "add a person");
    await visit(page, "/providers/import", "import a survey");
  });
});
