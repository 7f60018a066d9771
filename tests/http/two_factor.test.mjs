// two_factor.test.mjs - two-factor sign-in (issue 11, item 6; decision
// 0014): a delivery officer sets it up at their first sign-in and keeps ten
// recovery codes; after that the password alone signs no one in, and no page
// but the code's is reachable until the code is given; a wrong code is
// refused with the error summary (never echoed); a code is accepted once; a
// recovery code works once; wrong codes are throttled; an administrator's
// reset (with a reason, audited) makes them set it up again; a school user
// needs it too (decision 0016).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer,
  stopCleanly,
  addUserAsync,
  signedIn,
  Client,
  csrfFrom,
  rise,
  sqliteRows,
  totpCode,
  totpStep,
  totpSecretFor,
  nextTotpCode,
} from "../lib/harness.mjs";

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await signedIn(server, { role: "admin" });
});

after(async () => {
  if (server) await stopCleanly(server);
});

/** The password step alone: returns the response (303 to the second factor). */
async function password(client, user) {
  return client.post("/login", { csrf_token: await client.csrf("/login"), email: user.email, password: user.password });
}

const errorSummary = (html) =>
  [...(html.match(/<div class="govuk-error-summary"[\s\S]*?<\/div>\s*<\/div>/)?.[0] ?? "").matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(
    (m) => [m[1], m[2]],
  );
const banner = (html) => html.match(/govuk-notification-banner__heading">([^<]*)</)?.[1] ?? null;
const auditRows = (id) =>
  sqliteRows(server.db, `SELECT action, reason, changes FROM audit WHERE object_type = 'user' AND object_id = '${id}' ORDER BY id`);

// "a person whose role requires it and who has none set up must set it up first"
test("a delivery officer sets up two-factor at their first sign-in and is shown ten recovery codes once", async () => {
  const u = await addUserAsync(server, { role: "delivery-officer", totp: false });
  const c = new Client(server.url);
  const half = await password(c, u);
  assert.equal(half.status, 303);
  assert.equal(half.location, "/login/two-factor/set-up");
  // half signed in: no other page, not even signing out, until it is done
  for (const path of ["/", "/cases", "/login/two-factor"]) {
    const r = await c.get(path);
    assert.equal(r.status, 303, path);
    assert.equal(r.location, "/login/two-factor/set-up", `${path} sends them back to set it up`);
  }
  const page = await c.get("/login/two-factor/set-up");
  assert.equal(page.status, 200);
  const key = page.text.match(/id="setup-key"><code>([A-Z2-7 ]+)<\/code>/)?.[1];
  assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, "the key, 32 characters in groups of four for typing");
  const secret = key.replace(/ /g, "");
  const email = encodeURIComponent(u.email).replace(/\./g, ".");
  assert.ok(
    page.text.includes(`otpauth://totp/RISE:${email}?secret=${secret}&amp;issuer=RISE&amp;algorithm=SHA1&amp;digits=6&amp;period=30`),
    "the otpauth address, as text",
  );
  // a wrong code: the error summary, the field empty
  const token = csrfFrom(page.text);
  const wrongCode = totpCode(secret, totpStep() + 5);
  const wrong = await c.post("/login/two-factor/set-up", { csrf_token: token, code: wrongCode, next: "/" });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /<title>Error: Set up two-factor sign-in/);
  assert.deepEqual(errorSummary(wrong.text), [["#code", "Enter the 6-digit code your authenticator app shows for RISE"]]);
  assert.ok(!wrong.text.includes(wrongCode), "a code typed is never shown back");
  assert.ok(wrong.text.includes(key), "the same key, still being set up");
  // the right code: signed in, recovery codes shown
  const done = await c.post("/login/two-factor/set-up", { csrf_token: token, code: totpCode(secret, totpStep()), next: "/" });
  assert.equal(done.status, 200);
  assert.equal(banner(done.text), "Two-factor sign-in is set up");
  const codes = [...done.text.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]);
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  assert.equal((await c.get("/")).status, 200, "signed in");
  // stored only as hashes; the audit says it was set up
  const stored = sqliteRows(server.db, `SELECT hex(code_hash) FROM recovery_codes WHERE user_id = ${u.id}`).map((r) => r[0]);
  assert.equal(stored.length, 10);
  for (const code of codes) assert.ok(!stored.some((h) => h.includes(Buffer.from(code).toString("hex").toUpperCase())));
  assert.deepEqual(
    auditRows(u.id).map((r) => r[0]),
    ["user.create", "login.failed", "user.two-factor.set-up", "login"],
  );
  // the key is never shown again: the next sign-in asks for a code
  const again = new Client(server.url);
  const next = await password(again, u);
  assert.equal(next.location, "/login/two-factor");
  const codePage = await again.get("/login/two-factor");
  assert.ok(!codePage.text.includes(secret) && !codePage.text.includes(key));
  assert.equal((await again.get("/login/two-factor/set-up")).location, "/login/two-factor");
});

// "sign-in needing the code", "a wrong code refused with the error summary", replay
test("the password alone signs no one in; a wrong code is refused with the error summary; a code works once", async () => {
  const u = await addUserAsync(server, { role: "regional-director" });
  const c = new Client(server.url);
  const half = await password(c, u);
  assert.equal(half.location, "/login/two-factor");
  assert.equal((await c.get("/")).location, "/login/two-factor");
  assert.equal((await c.post("/logout", { csrf_token: "x" })).location, "/login/two-factor", "nor any form");
  const page = await c.get("/login/two-factor");
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1 class="govuk-heading-l">Enter your security code<\/h1>/);
  const token = csrfFrom(page.text);
  // no CSRF token: refused
  assert.equal((await c.post("/login/two-factor", { code: "123456" })).status, 403);
  const wrongCode = totpCode(u.totpSecret, totpStep() + 7);
  const wrong = await c.post("/login/two-factor", { csrf_token: token, code: wrongCode, next: "/" });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /<title>Error: Enter your security code/);
  assert.deepEqual(errorSummary(wrong.text), [
    ["#code", "Enter the code your authenticator app shows, or one of your recovery codes"],
  ]);
  assert.ok(!wrong.text.includes(wrongCode), "the wrong code is not shown back");
  const empty = await c.post("/login/two-factor", { csrf_token: token, code: "  ", next: "/" });
  assert.deepEqual(errorSummary(empty.text), [["#code", "Enter your security code"]]);
  // the right code signs in, with a new session cookie
  const before = c.cookies.get("rise_session");
  const code = await nextTotpCode(server.url, u.email);
  const ok = await c.post("/login/two-factor", { csrf_token: token, code: `${code.slice(0, 3)} ${code.slice(3)}`, next: "/cases" });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, "/cases");
  assert.notEqual(c.cookies.get("rise_session"), before);
  assert.equal((await c.get("/cases")).status, 200);
  // the same code again, from another browser that knows the password: refused
  const thief = new Client(server.url);
  await password(thief, u);
  const replay = await thief.post("/login/two-factor", {
    csrf_token: csrfFrom((await thief.get("/login/two-factor")).text),
    code,
    next: "/",
  });
  assert.equal(replay.status, 400);
  assert.match(replay.text, /That code has already been used/);
  assert.equal((await thief.get("/")).location, "/login/two-factor");
  const failed = auditRows(u.id).filter((r) => r[0] === "login.failed").map((r) => JSON.parse(r[2])[0].after);
  assert.deepEqual(failed, ["wrong code", "code already used"]);
  assert.match(auditRows(u.id).find((r) => r[0] === "login")[2], /"second factor","before":null,"after":"authenticator app"/);
});

test("a recovery code signs in once, and the person is told how many are left", async () => {
  const u = await addUserAsync(server, { role: "adviser", totp: false });
  const first = new Client(server.url);
  await first.login(u.email, u.password); // sets it up, as a person would
  const codes = first.recoveryCodes;
  assert.equal(codes.length, 10);
  const c = new Client(server.url);
  await password(c, u);
  const token = csrfFrom((await c.get("/login/two-factor")).text);
  const r = await c.post("/login/two-factor", { csrf_token: token, code: codes[3].toUpperCase(), next: "/" });
  assert.equal(r.status, 303);
  const home = await c.get("/");
  assert.equal(home.status, 200);
  assert.match(banner(home.text), /You signed in with a recovery code\. You have 9 recovery codes left/);
  assert.match(auditRows(u.id).filter((x) => x[0] === "login").at(-1)[2], /"after":"recovery code"/);
  // used once: refused the second time
  const d = new Client(server.url);
  await password(d, u);
  const again = await d.post("/login/two-factor", {
    csrf_token: csrfFrom((await d.get("/login/two-factor")).text),
    code: codes[3],
    next: "/",
  });
  assert.equal(again.status, 400);
  assert.deepEqual(errorSummary(again.text), [
    ["#code", "Enter the code your authenticator app shows, or one of your recovery codes"],
  ]);
  // the administrator sees how many are left
  assert.match((await admin.client.get(`/users/${u.id}`)).text, /Set up \(9 recovery codes left\)/);
});

// "count failures through the existing sign-in throttle so codes cannot be brute-forced"
test("wrong codes are throttled: after five, even the right code waits", async () => {
  const u = await addUserAsync(server, { role: "analyst" });
  const c = new Client(server.url);
  await password(c, u);
  const token = csrfFrom((await c.get("/login/two-factor")).text);
  for (let i = 0; i < 5; i++) {
    const r = await c.post("/login/two-factor", { csrf_token: token, code: totpCode(u.totpSecret, totpStep() + 10 + i), next: "/" });
    assert.equal(r.status, 400);
  }
  const held = await c.post("/login/two-factor", { csrf_token: token, code: await nextTotpCode(server.url, u.email), next: "/" });
  assert.equal(held.status, 429);
  assert.deepEqual(errorSummary(held.text), [["#code", "Too many wrong codes. Wait 1 minute and try again"]]);
  assert.equal((await c.get("/")).location, "/login/two-factor", "still not signed in");
  // a right password does not reset the count
  const d = new Client(server.url);
  await password(d, u);
  const still = await d.post("/login/two-factor", {
    csrf_token: csrfFrom((await d.get("/login/two-factor")).text),
    code: await nextTotpCode(server.url, u.email),
    next: "/",
  });
  assert.equal(still.status, 429);
});

// "an administrator can reset a person's two-factor (audited, with a reason)"
test("an administrator's reset needs a reason, is audited, signs the person out, and they set it up again", async () => {
  const u = await addUserAsync(server, { role: "grant-team", name: "Rhys Reset" });
  const theirs = new Client(server.url);
  assert.equal((await theirs.login(u.email, u.password)).status, 303);
  const show = await admin.client.get(`/users/${u.id}`);
  assert.match(show.text, /Two-factor sign-in[\s\S]*Set up \(0 recovery codes left\)/);
  assert.ok(show.text.includes(`href="/users/${u.id}/two-factor"`), "a Reset link on the user's page");
  const form = await admin.client.get(`/users/${u.id}/two-factor`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<h1 class="govuk-heading-l">Reset two-factor sign-in<\/h1>/);
  const token = csrfFrom(form.text);
  const noReason = await admin.client.post(`/users/${u.id}/two-factor`, { csrf_token: token, reason: " " });
  assert.equal(noReason.status, 400);
  assert.deepEqual(errorSummary(noReason.text), [["#reason", "Enter the reason for resetting their two-factor sign-in"]]);
  assert.equal((await admin.client.post(`/users/${u.id}/two-factor`, { reason: "x" })).status, 403, "CSRF checked");
  const done = await admin.client.post(`/users/${u.id}/two-factor`, { csrf_token: token, reason: "Lost their phone; checked by call" });
  assert.equal(done.status, 303);
  assert.equal(done.location, `/users/${u.id}`);
  const page = await admin.client.get(done.location);
  assert.equal(banner(page.text), "Two-factor sign-in reset. They will set it up again when they next sign in");
  assert.match(page.text, /Not set up: they will set it up when they next sign in/);
  const reset = auditRows(u.id).filter((r) => r[0] === "user.two-factor.reset");
  assert.equal(reset.length, 1);
  assert.equal(reset[0][1], "Lost their phone; checked by call");
  assert.match((await admin.client.get(`/history/user/${u.id}`)).text, /Two-factor sign-in reset/);
  // signed out everywhere; the old key no longer works; they set it up again
  assert.equal((await theirs.get("/")).status, 303);
  const c = new Client(server.url);
  const half = await password(c, u);
  assert.equal(half.location, "/login/two-factor/set-up");
  const setup = await c.get(half.location);
  assert.ok(!setup.text.includes(totpSecretFor(u.email)), "a new key");
  const r = await c.setUpTwoFactor(u.email);
  assert.equal(r.status, 200);
  assert.equal(c.recoveryCodes.length, 10);
});

test("the command line resets two-factor too, with a reason", async () => {
  const u = await addUserAsync(server, { role: "admin" });
  const none = rise(["user", "reset-two-factor", "--db", server.db, "--email", u.email]);
  assert.equal(none.status, 2);
  const r = rise(["user", "reset-two-factor", "--db", server.db, "--email", u.email, "--reason", "Locked out, rang in"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /two-factor sign-in reset for/);
  assert.deepEqual(auditRows(u.id).at(-1).slice(0, 2), ["user.two-factor.reset", "Locked out, rang in"]);
  const bad = rise(["user", "add", "--db", server.db, "--email", "bad.key@example.gov.uk", "--name", "B", "--role", "analyst",
    "--password-stdin", "--totp-secret", "not base32!"], { input: "correct horse battery staple\n" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--totp-secret must be base32/);
});

// "required for every role that can change a case": a school's staff answer
// for their school (issue 11 item 5, decision 0016), so they need it too
test("a school user without two-factor sets it up at sign-in", async () => {
  const u = await addUserAsync(server, { role: "school", totp: false });
  assert.equal(u.totpSecret, null);
  const c = new Client(server.url);
  const r = await password(c, u);
  assert.equal(r.status, 303);
  assert.equal(r.location, "/login/two-factor/set-up");
  assert.match((await admin.client.get(`/users/${u.id}`)).text, /Not set up: they will set it up when they next sign in/);
});
