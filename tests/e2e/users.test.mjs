// users.test.mjs - managing users in a real browser: an administrator adds
// a user (after mistakes), changes their role, resets their password,
// disables the account and reads its history; other roles see only what
// they may. Every page is checked with axe-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addUser, PASSWORD } from "../lib/harness.mjs";
import { launchBrowser, withPage, visit, submit, signIn, focusedId } from "../lib/browser.mjs";

let browser;
let server;
let admin;

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  admin = addUser(server, { role: "admin", name: "Amira Okafor" });
});

after(async () => {
  await browser?.close();
  if (server) {
    const e = await server.stop();
    assert.equal(e?.code, 0, "server exits cleanly on SIGTERM");
  }
});

const h1 = (page) => page.getByRole("heading", { level: 1 }).innerText();
const menu = (page) => page.getByRole("navigation", { name: "Menu" });
const button = (page, name) => page.getByRole("button", { name, exact: true });
const successBanner = (page) =>
  page.locator(".govuk-notification-banner--success .govuk-notification-banner__heading").innerText();

/** The summary list as {key: value}. */
async function summary(page) {
  const rows = page.locator(".govuk-summary-list__row");
  const out = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const key = await rows.nth(i).locator(".govuk-summary-list__key").innerText();
    out[key] = await rows.nth(i).locator(".govuk-summary-list__value").innerText();
  }
  return out;
}

/** The error summary's links as [[text, href], ...]. */
async function errorLinks(page) {
  return page
    .locator(".govuk-error-summary__list a")
    .evaluateAll((links) => links.map((a) => [a.textContent.trim(), a.getAttribute("href")]));
}

async function signInAs(page, user, label) {
  await visit(page, "/login", "sign-in page");
  await signIn(page, user.email, user.password ?? PASSWORD, label);
}

test("an administrator adds a user after mistakes, changes, resets, disables and reviews the account", async () => {
  await withPage(browser, server.url, async (page) => {
    await signInAs(page, admin, "home page");

    // Manage users, from Administration in the service navigation (one line for every role)
    const items = await menu(page).getByRole("listitem").allInnerTexts();
    assert.deepEqual(items.map((t) => t.trim()), ["Home", "All cases", "Screening", "Find a school", "Supporting organisations", "Administration", "Sign out"]);
    await submit(page, menu(page).getByRole("link", { name: "Administration" }), "administration", {
      screenshot: "administration",
    });
    assert.equal(await h1(page), "Administration");
    await submit(page, page.getByRole("main").getByRole("link", { name: "Manage users" }), "users list", {
      screenshot: "users-list",
    });
    assert.equal(await h1(page), "Manage users");
    assert.equal(await menu(page).getByRole("link", { name: "Administration" }).getAttribute("aria-current"), "page");
    const table = page.getByRole("table");
    assert.equal(await table.locator("caption").innerText(), "1 user");
    assert.match(await table.innerText(), /Amira Okafor/);

    // nothing entered: an error summary with a link to each field
    await submit(page, page.getByRole("button", { name: "Add a user" }), "add a user");
    assert.equal(await h1(page), "Add a user");
    const res = await submit(page, button(page, "Add user"), "add a user with nothing entered", {
      screenshot: "add-user-errors",
    });
    assert.equal(res.status(), 400);
    assert.match(await page.title(), /^Error: Add a user - /);
    assert.deepEqual(await errorLinks(page), [
      ["Enter the person's full name", "#name"],
      ["Enter an email address", "#email"],
      ["Select the person's role", "#role"],
      ["Enter a password", "#password"],
    ]);
    for (const [text, href] of await errorLinks(page)) {
      await page.locator(".govuk-error-summary__list").getByRole("link", { name: text }).click();
      assert.equal(await focusedId(page), href.slice(1), `"${text}" moves focus to its field`);
      const group = page.locator(`${href}`).locator("xpath=ancestor::div[contains(@class,'govuk-form-group')][1]");
      assert.match(await group.locator(".govuk-error-message").innerText(), new RegExp(`Error:\\s*${text}`));
    }

    // some right, some wrong: what was typed is kept
    await page.getByLabel("Full name").fill("Priya Shah");
    await page.getByLabel("Email address").fill("priya.shah");
    await page.getByRole("radio", { name: "Delivery officer" }).check();
    await page.getByLabel("Temporary password").fill("too short");
    await submit(page, button(page, "Add user"), "add a user with mistakes");
    assert.deepEqual(await errorLinks(page), [
      ["Enter an email address in the correct format, like name@education.gov.uk", "#email"],
      ["Select the region this person works in", "#region"],
      ["Password must be 12 characters or more", "#password"],
    ]);
    assert.equal(await page.getByLabel("Full name").inputValue(), "Priya Shah");
    assert.equal(await page.getByLabel("Email address").inputValue(), "priya.shah");
    assert.equal(await page.getByRole("radio", { name: "Delivery officer" }).isChecked(), true);
    assert.equal(await page.getByLabel("Temporary password").inputValue(), "", "a password is never sent back");

    // corrected
    await page.getByLabel("Email address").fill("priya.shah@education.gov.uk");
    await page.getByLabel("Region", { exact: true }).selectOption("North West");
    await page.getByLabel("Temporary password").fill("a temporary password 1");
    await submit(page, button(page, "Add user"), "the new user's page", { screenshot: "user" });
    assert.match(new URL(page.url()).pathname, /^\/users\/\d+$/);
    assert.equal(await successBanner(page), "Priya Shah has been added");
    assert.equal(await h1(page), "Priya Shah");
    const added = await summary(page);
    assert.equal(added["Full name"], "Priya Shah");
    assert.equal(added["Email address"], "priya.shah@education.gov.uk");
    assert.equal(added["Role"], "Delivery officer");
    assert.equal(added["Region"], "North West");
    assert.equal(added["Organisation"], "None");
    assert.equal(added["Status"], "Active");
    assert.equal(added["Last signed in"], "Never");

    // change the role: a reason is required
    await submit(page, page.getByRole("link", { name: "Change role" }), "change account details");
    assert.equal(await h1(page), "Change account details");
    await page.getByRole("radio", { name: "Regional director" }).check();
    await submit(page, button(page, "Save changes"), "change account details without a reason");
    assert.deepEqual(await errorLinks(page), [
      ["Enter the reason for changing this person's role, region or organisation", "#reason"],
    ]);
    assert.equal(await page.getByRole("radio", { name: "Regional director" }).isChecked(), true);
    await page.getByLabel("Reason for the change").fill("Promoted to regional director");
    await submit(page, button(page, "Save changes"), "the user's page after the change");
    assert.equal(await successBanner(page), "Account details saved");
    assert.equal((await summary(page))["Role"], "Regional director");

    // reset the password
    await submit(page, page.getByRole("button", { name: "Reset password" }), "reset password");
    assert.equal(await h1(page), "Reset password");
    await page.getByLabel("New password", { exact: true }).fill("a brand new password 2");
    await page.getByLabel("Confirm the new password").fill("a brand new password 2");
    await page.getByLabel("Reason (optional)").fill("Forgotten password, confirmed by phone");
    await submit(page, button(page, "Reset password"), "the user's page after the reset");
    assert.equal(await successBanner(page), "Password reset. They have been signed out everywhere");

    // disable the account: a warning button, and a reason
    const disable = page.getByRole("button", { name: "Disable account" });
    assert.match(await disable.getAttribute("class"), /\bgovuk-button--warning\b/);
    await submit(page, disable, "disable this account");
    assert.equal(await h1(page), "Disable this account");
    assert.match(await button(page, "Disable account").getAttribute("class"), /\bgovuk-button--warning\b/);
    await submit(page, button(page, "Disable account"), "disable without a reason");
    assert.deepEqual(await errorLinks(page), [["Enter the reason for disabling this account", "#reason"]]);
    await page.getByLabel("Reason", { exact: true }).fill("Left the department on 31 March");
    await submit(page, button(page, "Disable account"), "the user's page after disabling");
    assert.equal(await successBanner(page), "Account disabled");
    assert.equal((await summary(page))["Status"], "Disabled");
    assert.equal(await page.getByRole("button", { name: "Re-enable account" }).count(), 1);

    // the history: every change, with its reason
    await submit(page, page.getByRole("link", { name: "View the history of this account" }), "account history", {
      screenshot: "history",
    });
    assert.equal(await h1(page), "History of Priya Shah's account");
    const rows = await page
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.innerText.trim())));
    const what = rows.map((r) => r[2]);
    for (const action of ["Account created", "Account changed", "Password reset", "Account disabled"]) {
      assert.ok(what.includes(action), `history shows "${action}" (has: ${what.join(", ")})`);
    }
    const row = (action) => rows.find((r) => r[2] === action);
    // who: the name, with the address beneath (not "Name <email>")
    assert.match(row("Account changed")[1], /^Amira Okafor\n\S+@\S+$/, "who made the change");
    assert.match(row("Account changed")[3], /^Role: Delivery officer → Regional director/);
    assert.equal(row("Account changed")[4], "Promoted to regional director");
    assert.equal(row("Password reset")[4], "Forgotten password, confirmed by phone");
    assert.equal(row("Account disabled")[4], "Left the department on 31 March");
  });

  // the disabled account cannot sign in, even with its new password
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, "priya.shah@education.gov.uk", "a brand new password 2", "sign-in refused");
    assert.equal(await h1(page), "Sign in");
    assert.deepEqual(await errorLinks(page), [["Enter a correct email address and password", "#email"]]);
  });
});

test("a delivery officer has no Manage users link and is refused the users pages", async () => {
  const officer = addUser(server, { role: "delivery-officer", name: "Dev Officer" });
  await withPage(browser, server.url, async (page) => {
    await signInAs(page, officer, "delivery officer's home page");
    assert.equal(await h1(page), "Home");
    assert.equal(await menu(page).getByRole("link", { name: "Manage users" }).count(), 0);
    assert.equal(await menu(page).getByRole("link", { name: "Audit trail" }).count(), 0);
    assert.equal(await page.getByRole("main").getByRole("link", { name: "Manage users" }).count(), 0);

    const res = await visit(page, "/users", "403 page", { screenshot: "403" });
    assert.equal(res.status(), 403);
    assert.equal(await h1(page), "You do not have permission to see this page");
    assert.match(await page.title(), /^You do not have permission to see this page - /);
    assert.match(await page.getByRole("main").innerText(), /If you think you should have access, contact your administrator/);
    await submit(page, page.getByRole("main").getByRole("link", { name: "Go to the home page" }), "home page");
    assert.equal(await h1(page), "Home");
  });
});

test("an analyst can read the audit trail but not manage users", async () => {
  const analyst = addUser(server, { role: "analyst", name: "Ana Lyst" });
  await withPage(browser, server.url, async (page) => {
    await signInAs(page, analyst, "analyst's home page");
    assert.equal(await menu(page).getByRole("link", { name: "Manage users" }).count(), 0);
    await submit(page, menu(page).getByRole("link", { name: "Audit trail" }), "audit trail", {
      screenshot: "audit",
    });
    assert.equal(await h1(page), "Audit trail");
    assert.equal(await menu(page).getByRole("link", { name: "Audit trail" }).getAttribute("aria-current"), "page");
    const first = page.locator("tbody tr").first();
    assert.match(await first.innerText(), /Ana Lyst/, "the newest entry is the analyst signing in");
    assert.match(await first.innerText(), /Signed in/);

    const res = await visit(page, "/users/new", "403 page for an analyst");
    assert.equal(res.status(), 403);
  });
});
