// outbox.test.mjs - the email outbox in a real browser: an administrator
// makes a mistake in the test email form, queues a test email, and reads it
// as sent (through the Notify stand-in) and as refused. Every page is
// checked with axe-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addUser, PASSWORD, startStandin, notifyEnv, sqliteRows, sleep } from "../lib/harness.mjs";
import { launchBrowser, withPage, visit, submit, signIn } from "../lib/browser.mjs";

let browser;
let server;
let standin;
let admin;

before(async () => {
  browser = await launchBrowser();
  standin = await startStandin();
  server = await startServer({ env: notifyEnv(standin) });
  admin = addUser(server, { role: "admin", name: "Amira Okafor" });
});

after(async () => {
  await browser?.close();
  if (server) {
    const e = await server.stop();
    assert.equal(e?.code, 0, "server exits cleanly on SIGTERM");
  }
  await standin?.stop();
});

async function waitFor(sql, what) {
  for (let i = 0; i < 200; i++) {
    if (sqliteRows(server.db, sql).length) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("an administrator sends a test email and reads the outbox", async () => {
  await withPage(browser, server.url, {}, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, admin.email, PASSWORD, "home page");
    await visit(page, "/admin", "administration");
    await submit(page, page.getByRole("link", { name: "Email outbox" }), "empty outbox", { screenshot: "outbox-empty" });
    assert.match(await page.getByRole("main").innerText(), /No emails have been sent/);

    await page.getByLabel("Email address").fill("not an address");
    await submit(page, page.getByRole("button", { name: "Queue test email" }), "test email with a mistake");
    assert.match(await page.title(), /^Error: Email outbox/);
    assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter an email address in the correct format/);
    assert.equal(await page.getByLabel("Email address").inputValue(), "not an address");

    await page.getByLabel("Email address").fill("head.teacher@example.com");
    await submit(page, page.getByRole("button", { name: "Queue test email" }), "test email queued");
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /Test email to head\.teacher@example\.com queued/);
    await waitFor("SELECT 1 FROM outbox WHERE status = 'sent'", "the email to be sent");

    await standin.fail([400]);
    await page.getByLabel("Email address").fill("refused@example.com");
    await submit(page, page.getByRole("button", { name: "Queue test email" }), "second test email queued");
    await waitFor("SELECT 1 FROM outbox WHERE status = 'permanently-failed'", "the refusal");
    await waitFor("SELECT 1 FROM outbox WHERE provider_status = 'delivered'", "the delivery status");

    await visit(page, "/admin/outbox", "outbox with a sent and a refused email", { screenshot: "outbox" });
    const main = await page.getByRole("main").innerText();
    assert.match(main, /Permanently failed/);
    assert.match(main, /400: BadRequestError/);
    assert.match(main, /Sent/);
    assert.match(main, /Delivery: delivered/);
    await page.getByText("Message as sent", { exact: false }).first().click();
    assert.match(await page.locator(".govuk-details__text").first().innerText(), /"email_address": "refused@example.com"/);
  });
});
