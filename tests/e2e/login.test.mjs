// login.test.mjs - signing in and out in a real browser: the happy path,
// mistakes, signing out, a session that times out, a forged form, the
// error pages and the footer's pages. Every page is checked with axe-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addUser, PASSWORD } from "../lib/harness.mjs";
import { launchBrowser, withPage, visit, submit, checkPage, signIn, focusedId } from "../lib/browser.mjs";

const SERVICE = "Manage school improvement support - GOV.UK";
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

const path = (page) => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};
const h1 = (page) => page.getByRole("heading", { level: 1 }).innerText();
const signOutButton = (page) => page.getByRole("banner").getByRole("button", { name: "Sign out" });

test("signing in from the home page's address lands on Home with the user's name", async () => {
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/", "sign-in page", { screenshot: "sign-in" });
    assert.equal(path(page), "/login?next=%2F", "a signed-out visitor is sent to sign in");
    assert.equal(await page.title(), `Sign in - ${SERVICE}`);
    assert.equal(await h1(page), "Sign in");
    assert.equal(await signOutButton(page).count(), 0, "no Sign out button before signing in");

    await signIn(page, admin.email, PASSWORD, "home page", { screenshot: "home" });
    assert.equal(path(page), "/");
    assert.equal(await page.title(), `Home - ${SERVICE}`);
    assert.equal(await h1(page), "Home");
    assert.equal(await page.locator("main .govuk-caption-l").innerText(), "Amira Okafor");
    const nav = page.getByRole("navigation", { name: "Menu" });
    assert.equal(await nav.getByRole("link", { name: "Home" }).getAttribute("aria-current"), "page");
    assert.equal(await signOutButton(page).isVisible(), true);

    // keyboard users: the first Tab reaches the skip link, which moves focus to the content
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to main content");
    await page.keyboard.press("Enter");
    assert.equal(await focusedId(page), "main-content");
  });
});

test("mistakes on the sign-in form show the GOV.UK error summary linked to the fields", async () => {
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");

    // nothing entered: one message per field
    await submit(page, page.getByRole("button", { name: "Sign in" }), "sign-in with nothing entered");
    const summary = page.locator(".govuk-error-summary");
    assert.deepEqual(await summary.getByRole("link").allInnerTexts(), [
      "Enter your email address",
      "Enter your password",
    ]);
    await summary.getByRole("link", { name: "Enter your password" }).click();
    assert.equal(await focusedId(page), "password", "the summary's link moves focus to its field");

    // a wrong password: the email is kept, the password is not
    await page.getByLabel("Email address", { exact: true }).fill(admin.email);
    await page.getByLabel("Password", { exact: true }).fill("not the password");
    await submit(page, page.getByRole("button", { name: "Sign in" }), "sign-in with a wrong password", {
      screenshot: "sign-in-errors",
    });
    assert.equal(path(page), "/login");
    assert.match(await page.title(), /^Error: Sign in - /);
    assert.equal(await summary.getByRole("heading").innerText(), "There is a problem");
    assert.equal(
      await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")),
      true,
      "the error summary has focus when the page loads",
    );
    const link = summary.getByRole("link", { name: "Enter a correct email address and password" });
    assert.equal(await link.getAttribute("href"), "#email");
    assert.equal(await page.getByLabel("Email address", { exact: true }).inputValue(), admin.email);
    assert.equal(await page.getByLabel("Password", { exact: true }).inputValue(), "");
    assert.match(
      await page.locator("#email-error").innerText(),
      /Error:\s*Enter a correct email address and password/,
    );
    await link.click();
    assert.equal(await focusedId(page), "email");

    // and then the right password signs in
    await signIn(page, admin.email, PASSWORD, "home page after correcting the password");
    assert.equal(await h1(page), "Home");
  });
});

test("the header's Sign out button signs out, and Home then asks to sign in", async () => {
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, admin.email, PASSWORD, "home page");
    await submit(page, signOutButton(page), "signed-out page");
    assert.equal(path(page), "/login?signed-out=1");
    const banner = page.locator(".govuk-notification-banner--success");
    assert.equal(await banner.getByRole("heading").innerText(), "Success");
    assert.equal(await banner.locator(".govuk-notification-banner__heading").innerText(), "You have signed out");
    assert.equal(await signOutButton(page).count(), 0);

    await visit(page, "/", "home page after signing out");
    assert.equal(path(page), "/login?next=%2F");
    assert.equal(await h1(page), "Sign in");
    assert.equal(await page.locator(".govuk-notification-banner").count(), 0, "the banner is shown once");
  });
});

test("an idle session ends, and signing in again returns to the page the user was on", async () => {
  const idle = await startServer({ args: ["--session-idle", "2"] });
  try {
    const user = addUser(idle, { role: "admin", name: "Idris Patel" });
    await withPage(browser, idle.url, async (page) => {
      await visit(page, "/users", "sign-in page");
      await signIn(page, user.email, PASSWORD, "manage users");
      assert.equal(path(page), "/users");

      await new Promise((resolve) => setTimeout(resolve, 3000));
      await page.reload();
      await checkPage(page, "sign-in page after the session ended");
      assert.equal(path(page), "/login?next=%2Fusers&expired=1");
      assert.match(
        await page.locator(".govuk-notification-banner").innerText(),
        /You were signed out because you had not used the service for a while\. Sign in again to carry on\./,
      );
      assert.equal(await signOutButton(page).count(), 0);

      await signIn(page, user.email, PASSWORD, "manage users after signing in again");
      assert.equal(path(page), "/users", "back on the page they were on");
      assert.equal(await h1(page), "Manage users");
    });
  } finally {
    await idle.stop();
  }
});

test("a form sent with a tampered security token is refused with the permission page", async () => {
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, admin.email, PASSWORD, "home page");
    await page
      .locator('form[action="/logout"] input[name="csrf_token"]')
      .evaluate((input) => (input.value = "A".repeat(input.value.length)));
    const res = await submit(page, signOutButton(page), "403 page after a forged sign-out");
    assert.equal(res.status(), 403);
    assert.equal(await h1(page), "You do not have permission to see this page");
    assert.equal(await page.title(), `You do not have permission to see this page - ${SERVICE}`);

    // the forged request did nothing: still signed in
    await visit(page, "/", "home page after the refused form");
    assert.equal(path(page), "/");
    assert.equal(await h1(page), "Home");
  });
});

test("an unknown address shows the GOV.UK Page not found page", async () => {
  await withPage(browser, server.url, async (page) => {
    const res = await visit(page, "/no-such-page", "404 page", { screenshot: "404" });
    assert.equal(res.status(), 404);
    assert.equal(await page.title(), `Page not found - ${SERVICE}`);
    assert.equal(await h1(page), "Page not found");
    assert.match(await page.locator("main").innerText(), /If you typed the web address, check it is correct\./);
    await submit(page, page.getByRole("main").getByRole("link", { name: "Go to the home page" }), "sign-in page");
    assert.equal(await h1(page), "Sign in");
  });
});

test("the footer links to the accessibility statement, cookies and privacy pages", async () => {
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    for (const [text, heading, address] of [
      ["Accessibility statement", "Accessibility statement", "/accessibility"],
      ["Cookies", "Cookies", "/cookies"],
      ["Privacy", "Privacy notice", "/privacy"],
    ]) {
      await submit(page, page.getByRole("contentinfo").getByRole("link", { name: text, exact: true }), text);
      assert.equal(path(page), address);
      assert.equal(await h1(page), heading);
      assert.equal(await page.title(), `${heading} - ${SERVICE}`);
    }
  });
});

test("signing in and out works with JavaScript turned off", async () => {
  await withPage(browser, server.url, { javaScriptEnabled: false }, async (page) => {
    await visit(page, "/login", "sign-in page without JavaScript");
    assert.equal(await page.locator("body.js-enabled").count(), 0, "scripts really are off");

    await submit(page, page.getByRole("button", { name: "Sign in" }), "sign-in errors without JavaScript");
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.locator(".govuk-error-summary a").first().getAttribute("href"), "#email");

    await signIn(page, admin.email, PASSWORD, "home page without JavaScript");
    assert.equal(path(page), "/");
    assert.equal(await h1(page), "Home");
    assert.equal(await signOutButton(page).isVisible(), true);

    await submit(page, signOutButton(page), "signed-out page without JavaScript");
    assert.equal(path(page), "/login?signed-out=1");
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /You have signed out/);
  });
});

test("the service's own scripts and styles work under its Content-Security-Policy", async () => {
  // This context enforces the real policy (no bypass); checkPage() fails on
  // any violation and on any script error or asset that does not load.
  await withPage(browser, server.url, { strictCsp: true }, async (page) => {
    const res = await visit(page, "/login", "sign-in page under the real CSP");
    assert.match(res.headers()["content-security-policy"], /script-src 'self'/);
    assert.equal(await page.locator("body.js-enabled.govuk-frontend-supported").count(), 1, "rise.js ran");
    await submit(page, page.getByRole("button", { name: "Sign in" }), "sign-in errors under the real CSP");
    assert.equal(
      await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")),
      true,
      "GOV.UK Frontend's error summary script ran",
    );
    await signIn(page, admin.email, PASSWORD, "home page under the real CSP");
    assert.equal(await h1(page), "Home");
    const font = await page.locator("h1").evaluate((el) => getComputedStyle(el).fontFamily);
    assert.match(font, /GDS Transport/, "GOV.UK Frontend's styles are applied");
    assert.equal(await page.evaluate(() => document.fonts.check('19px "GDS Transport"')), true, "the GOV.UK font loaded");
  });
});
