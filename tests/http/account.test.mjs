// account.test.mjs - anyone signed in can change their own password: the
// current one is needed, the GOV.UK error summary explains each mistake,
// this browser stays signed in, other sessions end, and it is audited.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, stopCleanly, signedIn, Client, csrfFrom, PASSWORD } from "../lib/harness.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  if (server) await stopCleanly(server);
});

test("a grant team member changes their own password", async () => {
  const { client, user } = await signedIn(server, { role: "grant-team" });
  const other = new Client(server.url); // the same person on another device
  assert.equal((await other.login(user.email, user.password)).status, 303);

  const home = await client.get("/");
  assert.match(home.text, /href="\/account\/password"/);
  const form = await client.get("/account/password");
  assert.equal(form.status, 200);
  const token = csrfFrom(form.text);

  // mistakes: each named, nothing saved, no password echoed back
  const bad = await client.post("/account/password", {
    csrf_token: token, current: "not my password", password: "short", confirm: "short",
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /There is a problem/);
  assert.match(bad.text, /href="#current">Your current password is incorrect/);
  assert.match(bad.text, /href="#password">/);
  assert.doesNotMatch(bad.text, /not my password/);
  const mismatch = await client.post("/account/password", {
    csrf_token: token, current: user.password, password: "a brand new passphrase", confirm: "a different passphrase",
  });
  assert.match(mismatch.text, /href="#confirm">Enter the same new password twice/);
  const same = await client.post("/account/password", {
    csrf_token: token, current: user.password, password: user.password, confirm: user.password,
  });
  assert.match(same.text, /must be different from your current password/);
  // no CSRF token: refused
  const forged = await client.post("/account/password", {
    current: user.password, password: "a brand new passphrase", confirm: "a brand new passphrase",
  });
  assert.equal(forged.status, 403);

  const ok = await client.post("/account/password", {
    csrf_token: token, current: user.password, password: "a brand new passphrase", confirm: "a brand new passphrase",
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, "/");
  const after = await client.get("/");
  assert.equal(after.status, 200, "still signed in here");
  assert.match(after.text, /Your password has been changed/);
  assert.equal((await other.get("/")).status, 303, "signed out on the other device");

  assert.equal((await new Client(server.url).login(user.email, user.password)).status, 200, "the old password fails");
  assert.equal((await new Client(server.url).login(user.email, "a brand new passphrase")).status, 303);

  const admin = await signedIn(server, { role: "admin" });
  const audit = await admin.client.get("/audit");
  assert.match(audit.text, /changed their own password/);
});

test("signed out, the page asks you to sign in", async () => {
  const r = await new Client(server.url).get("/account/password");
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login/);
});
