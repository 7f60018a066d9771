// smoke.test.mjs - the server starts, answers its health check, and an
// administrator can sign in and reach their home page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, addUser, Client } from "../lib/harness.mjs";

test("health check, sign-in and home page", async () => {
  const s = await startServer();
  try {
    const c = new Client(s.url);
    const h = await c.get("/healthz");
    assert.equal(h.status, 200);
    assert.equal(h.text, "ok\n");
    const admin = addUser(s, { role: "admin" });
    const r = await c.login(admin.email);
    assert.equal(r.status, 303);
    assert.equal(r.location, "/");
    const home = await c.get("/");
    assert.equal(home.status, 200);
    assert.match(home.text, /<h1 class="govuk-heading-l">Home<\/h1>/);
  } finally {
    const e = await s.stop();
    assert.equal(e.code, 0, "server exits cleanly on SIGTERM");
  }
});
