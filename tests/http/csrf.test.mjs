// csrf.test.mjs - a form is only taken in when it carries the session's own
// CSRF token and comes from this site (Origin, or Referer when a browser
// sends no Origin). Forged forms are refused with 403, change nothing, and
// are logged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, stopCleanly, signedIn, Client, csrfFrom, sqliteRows } from "../lib/harness.mjs";

let server;
let admin; // { client, user }
let token; // the admin session's CSRF token
let n = 0;

before(async () => {
  server = await startServer();
  admin = await signedIn(server, { role: "admin" });
  token = csrfFrom((await admin.client.get("/users/new")).text);
  assert.ok(token);
});

after(async () => {
  if (server) await stopCleanly(server);
});

/** A complete, valid "add a user" form for a new email address. */
function newUserForm(extra = {}) {
  n += 1;
  return {
    name: `Forged Or Not ${n}`,
    email: `csrf.${n}@example.gov.uk`,
    role: "adviser",
    region: "",
    organisation: "",
    password: "a long enough password",
    ...extra,
  };
}

function accountExists(email) {
  return sqliteRows(server.db, `SELECT count(*) FROM users WHERE email = '${email}'`)[0][0] === "1";
}

/** Sends the add-a-user form with the given token and headers; returns the response. */
function sendForm(form, { origin, headers = {} } = {}) {
  return admin.client.post("/users/new", form, { origin, headers });
}

function assertRefused(r, form, what) {
  assert.equal(r.status, 403, what);
  assert.match(r.text, /You do not have permission to see this page/, `${what}: the GOV.UK 403 page`);
  assert.match(r.text, /the form you sent had expired/);
  assert.ok(!accountExists(form.email), `${what}: nothing was saved`);
}

test("a form without csrf_token is refused", async () => {
  const form = newUserForm();
  assertRefused(await sendForm(form, { origin: server.url }), form, "no token");
});

test("a wrong token is refused, including another session's valid token", async () => {
  const other = new Client(server.url);
  const othersToken = await other.csrf("/login");
  for (const [what, t] of [
    ["another session's token", othersToken],
    ["a made-up token", "A".repeat(43)],
    ["a truncated token", token.slice(0, 42)],
    ["the token with more after it", token + "x"],
    ["an empty token", ""],
  ]) {
    const form = newUserForm({ csrf_token: t });
    assertRefused(await sendForm(form, { origin: server.url }), form, what);
  }
});

test("the right token from another site's Origin is refused", async () => {
  const port = new URL(server.url).port;
  for (const origin of [
    "https://evil.example",
    "http://evil.example",
    `http://127.0.0.1:${Number(port) + 1}`, // same host, another port
    `https://127.0.0.1:${port}`, // same host and port, another scheme
    "null", // what browsers send from sandboxed frames and data: URLs
  ]) {
    const form = newUserForm({ csrf_token: token });
    assertRefused(await sendForm(form, { origin }), form, `Origin ${origin}`);
  }
  // a same-site Referer does not make up for a foreign Origin
  const form = newUserForm({ csrf_token: token });
  assertRefused(
    await sendForm(form, { origin: "https://evil.example", headers: { Referer: `${server.url}/users/new` } }),
    form,
    "foreign Origin with a same-site Referer",
  );
});

test("the right token with neither Origin nor Referer is refused", async () => {
  const form = newUserForm({ csrf_token: token });
  assertRefused(await sendForm(form, { origin: null }), form, "no Origin, no Referer");
  const foreign = newUserForm({ csrf_token: token });
  assertRefused(
    await sendForm(foreign, { origin: null, headers: { Referer: "https://evil.example/users/new" } }),
    foreign,
    "no Origin, a foreign Referer",
  );
});

test("the right token with only a same-site Referer is taken in", async () => {
  const form = newUserForm({ csrf_token: token });
  const r = await sendForm(form, { origin: null, headers: { Referer: `${server.url}/users/new` } });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.match(r.location, /^\/users\/\d+$/);
  assert.ok(accountExists(form.email), "the account was added");
  const page = await admin.client.get(r.location);
  assert.ok(page.text.includes(`${form.name} has been added`));
});

test("the right token with this site's Origin is taken in", async () => {
  const form = newUserForm({ csrf_token: token });
  const r = await sendForm(form, { origin: server.url });
  assert.equal(r.status, 303);
  assert.ok(accountExists(form.email));
});

test("the sign-in form needs its token too: POST /login without first getting the form is refused", async () => {
  const target = await signedIn(server, { role: "adviser" }); // an account that exists
  const c = new Client(server.url);
  const r = await c.post("/login", { email: target.user.email, password: target.user.password });
  assert.equal(r.status, 403);
  assert.equal(r.headers.get("set-cookie"), null, "no session was started");
  assert.equal((await c.get("/")).status, 303, "not signed in");
  // with a session but no token, the same
  await c.get("/login");
  const noToken = await c.post("/login", { email: target.user.email, password: target.user.password });
  assert.equal(noToken.status, 403);
  assert.equal((await c.get("/")).status, 303, "still not signed in");
  // and a token from a page, from another site, is refused
  const t = await c.csrf("/login");
  const foreign = await c.post(
    "/login",
    { csrf_token: t, email: target.user.email, password: target.user.password },
    { origin: "https://evil.example" },
  );
  assert.equal(foreign.status, 403, "login CSRF from another site");
  assert.equal((await c.get("/")).status, 303);
});

test("every refusal is logged as 'csrf rejected' with the reason", async () => {
  const log = server.log();
  const lines = log.split("\n").filter((l) => l.includes("csrf rejected"));
  assert.ok(lines.length >= 10, `${lines.length} csrf rejected lines`);
  assert.ok(lines.some((l) => /csrf rejected: POST \/users\/new from 127\.0\.0\.1: missing or wrong csrf_token/.test(l)));
  assert.ok(lines.some((l) => /csrf rejected: POST \/users\/new .*: Origin is another site/.test(l)));
  assert.ok(lines.some((l) => /csrf rejected: POST \/users\/new .*: no Origin or Referer from this site/.test(l)));
  assert.ok(lines.some((l) => /csrf rejected: POST \/login .*: no session/.test(l)));
  for (const l of lines) assert.match(l, /^\S+ warn csrf rejected: /);
  // the token itself never goes in the log
  assert.ok(!log.includes(token), "the session's CSRF token is not logged");
});
