// auth.test.mjs - signing in and out: the session cookie is replaced on
// sign-in, failures say the same thing whatever went wrong, the "next" page
// after sign-in never leaves the site, sign-out and the idle timeout end the
// session, repeated failures are throttled per account and address (a
// stranger's failures never keep the owner out from elsewhere), disabled
// accounts cannot sign in, and all of it is in the audit trail.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer,
  stopCleanly,
  addUserAsync,
  Client,
  csrfFrom,
  riseAsync,
  sqliteRows,
  signedIn,
  sleep,
  PASSWORD,
} from "../lib/harness.mjs";

const BAD_LOGIN = "Enter a correct email address and password";
const IDLE_SECONDS = 5; // short, yet long enough that a busy session is extended even on a loaded machine

let server; // the main server (default timeouts)
let proxied; // a server behind a "proxy" at 127.0.0.1 (--trusted-proxy), so tests can set the client address
let idle; // a server with --session-idle 2
let idleStart; // when the idle server's sessions were signed in
const idleClients = {};
const ACCOUNTS = {
  rotate: { role: "grant-team" },
  mixedCase: { role: "adviser", email: "Mixed.Case@Example.gov.uk" },
  wrong: { role: "adviser" },
  next: { role: "admin" },
  signOut: { role: "delivery-officer" },
  throttled: { role: "analyst" },
  notThrottled: { role: "analyst" },
  disabled: { role: "supporting-organisation" },
  spoofed: { role: "analyst" },
  audited: { role: "regional-director" },
  auditReader: { role: "admin" },
};
const accounts = {};
let keepActive; // a loop that keeps one idle-server session busy
let stopActivity = false;
const activity = [];

before(async () => {
  [server, idle, proxied] = await Promise.all([
    startServer(),
    startServer({ args: ["--session-idle", String(IDLE_SECONDS)] }),
    startServer({ args: ["--trusted-proxy", "127.0.0.1"] }),
  ]);
  // start the idle-timeout clock first, so the wait overlaps the other tests
  const [a, b, c] = await Promise.all(["idle", "busy", "idle2"].map(() => signedIn(idle, { role: "adviser" })));
  idleStart = Date.now();
  Object.assign(idleClients, { idle: a, busy: b, idle2: c });
  keepActive = (async () => {
    while (!stopActivity) {
      const r = await b.client.get("/");
      activity.push(r.status === 200 ? 200 : `${r.status} ${r.location}`);
      await sleep(250);
    }
  })();
  // every account the tests below use, made at once rather than one by one
  const made = await Promise.all(
    Object.entries(ACCOUNTS).map(async ([key, opts]) => [key, await addUserAsync(server, opts)]),
  );
  Object.assign(accounts, Object.fromEntries(made));
});

after(async () => {
  stopActivity = true;
  await keepActive;
  await Promise.all([server && stopCleanly(server), idle && stopCleanly(idle), proxied && stopCleanly(proxied)]);
});

/** Gets the sign-in form (at formPath) and sends it; from, when given, is the X-Forwarded-For address. */
async function signIn(client, { email, password, next, formPath = "/login", from }) {
  const headers = from ? { "X-Forwarded-For": from } : {};
  const form = await client.get(formPath, { headers });
  assert.equal(form.status, 200, `sign-in form at ${formPath}`);
  const fields = { csrf_token: csrfFrom(form.text), email, password };
  if (next !== undefined) fields.next = next;
  // then the code from their authenticator app, when rise asks for it
  return client.finishSignIn(await client.post("/login", fields, { headers }), email, { headers });
}

/** The value attribute of the input named name. */
function inputValue(html, name) {
  const m = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`));
  assert.ok(m, `the page has an input named ${name}`);
  const v = m[0].match(/value="([^"]*)"/);
  return v ? v[1] : null;
}

test("signing in replaces the pre-sign-in session cookie with a new one", async () => {
  const u = accounts.rotate;
  const c = new Client(server.url);
  const form = await c.get("/login");
  const before = c.cookies.get("rise_session");
  assert.ok(before, "the sign-in form starts a session (for its CSRF token)");
  const half = await c.post("/login", { csrf_token: csrfFrom(form.text), email: u.email, password: u.password });
  assert.equal(half.status, 303);
  assert.equal(half.location, "/login/two-factor", "the password alone signs no one in: their code comes next");
  const halfCookie = c.cookies.get("rise_session");
  assert.notEqual(halfCookie, before, "the session cookie changed after the password");
  const r = await c.finishSignIn(half, u.email);
  assert.equal(r.status, 303);
  assert.equal(r.location, "/");
  const afterLogin = c.cookies.get("rise_session");
  assert.ok(afterLogin);
  assert.notEqual(afterLogin, before, "the session cookie changed at sign-in");
  assert.notEqual(afterLogin, halfCookie, "and again after the code");
  const home = await c.get("/");
  assert.equal(home.status, 200);
  assert.ok(home.text.includes(u.name));
  // a cookie planted before sign-in (session fixation) is not signed in
  const planted = new Client(server.url);
  planted.cookies.set("rise_session", before);
  const p = await planted.get("/");
  assert.equal(p.status, 303);
  assert.match(p.location, /^\/login\?next=%2F/);
});

test("the email address is not case-sensitive when signing in", async () => {
  const u = accounts.mixedCase;
  const r = await signIn(new Client(server.url), { email: "mixed.case@EXAMPLE.GOV.UK", password: u.password });
  assert.equal(r.status, 303);
  assert.equal(r.location, "/");
});

test("a wrong password and an unknown email give the same message, keeping the email typed", async () => {
  const u = accounts.wrong;
  const wrong = await signIn(new Client(server.url), { email: u.email, password: "not the password at all" });
  const unknown = await signIn(new Client(server.url), { email: "nobody@example.gov.uk", password: PASSWORD });
  for (const [r, email] of [
    [wrong, u.email],
    [unknown, "nobody@example.gov.uk"],
  ]) {
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("set-cookie"), null, "no new session on failure");
    assert.match(r.text, /<title>Error: Sign in - /);
    assert.ok(r.text.includes(`<a href="#email">${BAD_LOGIN}</a>`), "the error summary links to the email field");
    assert.equal(inputValue(r.text, "email"), email, "the email stays in the field");
    assert.equal(inputValue(r.text, "password"), null, "the password is not sent back");
  }
  // nothing on the page tells the two apart
  const strip = (t) => t.replace(/value="[^"]*"/g, "");
  assert.equal(strip(wrong.text), strip(unknown.text));
});

test("empty fields give the GOV.UK error summary and an 'Error:' title", async () => {
  const r = await signIn(new Client(server.url), { email: "  ", password: "" });
  assert.match(r.text, /<title>Error: Sign in - Manage school improvement support - GOV.UK<\/title>/);
  assert.match(r.text, /class="govuk-error-summary"/);
  assert.match(r.text, /<h2 class="govuk-error-summary__title">There is a problem<\/h2>/);
  assert.ok(r.text.includes('<a href="#email">Enter your email address</a>'));
  assert.ok(r.text.includes('<a href="#password">Enter your password</a>'));
  assert.match(r.text, /class="govuk-form-group govuk-form-group--error"/);
  assert.match(r.text, /<input class="govuk-input govuk-input--error" id="email"/);
  assert.match(r.text, /<input class="govuk-input govuk-input--error" id="password"/);
  // only the missing field is flagged
  const one = await signIn(new Client(server.url), { email: "someone@example.gov.uk", password: "" });
  assert.ok(!one.text.includes("Enter your email address"));
  assert.ok(one.text.includes('<a href="#password">Enter your password</a>'));
  assert.equal(inputValue(one.text, "email"), "someone@example.gov.uk");
});

test("after signing in you go back to the page you asked for, never to another site", async () => {
  const u = accounts.next;
  const c = new Client(server.url);
  const ask = await c.get("/users");
  assert.equal(ask.status, 303);
  assert.equal(ask.location, "/login?next=%2Fusers");
  const form = await c.get(ask.location);
  assert.match(form.text, /<input type="hidden" name="next" value="\/users">/);
  const r = await c.finishSignIn(
    await c.post("/login", { csrf_token: csrfFrom(form.text), email: u.email, password: u.password, next: "/users" }),
    u.email,
  );
  assert.equal(r.status, 303);
  assert.equal(r.location, "/users");
  assert.equal((await c.get(r.location)).status, 200);

  // a signed-in visit to the form follows a good next at once
  assert.equal((await c.get("/login?next=%2Faudit")).location, "/audit");

  const origin = new URL(server.url).origin;
  const hostile = [
    "//evil.example",
    "//evil.example/users",
    "https://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "/login",
    "javascript:alert(1)",
  ];
  // the next field of the sign-in form (each try is a real sign-in, so a few) ...
  await Promise.all(
    ["//evil.example", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example"].map(
      async (next) => {
        const s = await signIn(new Client(server.url), { email: u.email, password: u.password, next });
        assert.equal(s.status, 303, `next=${JSON.stringify(next)}`);
        assert.ok(s.location, `next=${JSON.stringify(next)} gives a Location`);
        assert.equal(new URL(s.location, server.url).origin, origin, `next=${JSON.stringify(next)} stays on the site`);
      },
    ),
  );
  // ... and every one of them as ?next= on the form when already signed in
  for (const next of hostile) {
    const g = await c.get(`/login?next=${encodeURIComponent(next)}`);
    assert.equal(g.status, 303, `signed in, ?next=${JSON.stringify(next)}`);
    assert.ok(g.location, `?next=${JSON.stringify(next)} gives a Location`);
    assert.equal(new URL(g.location, server.url).origin, origin, `?next=${JSON.stringify(next)} stays on the site`);
  }
});

test("signing out ends the session: the old cookie no longer works", async () => {
  const user = accounts.signOut;
  const client = new Client(server.url);
  assert.equal((await client.login(user.email, user.password)).status, 303);
  const home = await client.get("/");
  assert.equal(home.status, 200);
  const cookie = client.cookies.get("rise_session");
  // the sign-out form needs its CSRF token
  const forged = await client.post("/logout", {});
  assert.equal(forged.status, 403);
  assert.equal((await client.get("/")).status, 200, "still signed in after a forged sign-out");

  const out = await client.post("/logout", { csrf_token: csrfFrom(home.text) });
  assert.equal(out.status, 303);
  assert.equal(out.location, "/login?signed-out=1");
  const cleared = out.headers.getSetCookie().find((c) => c.startsWith("rise_session="));
  assert.match(cleared, /^rise_session=;.*Max-Age=0/i, "the cookie is removed from the browser");
  const page = await client.get(out.location);
  assert.match(page.text, /You have signed out/);

  const replay = new Client(server.url);
  replay.cookies.set("rise_session", cookie);
  const r = await replay.get("/");
  assert.equal(r.status, 303, "the old cookie is no longer signed in");
  assert.equal(r.location, "/login?next=%2F");
  assert.ok(!(await replay.get("/login")).text.includes(user.name));
});

test("failed attempts are throttled per account: the 6th is refused even with the right password", async () => {
  const { throttled: target, notThrottled: other } = accounts;
  const c = new Client(server.url);
  for (let i = 1; i <= 5; i++) {
    const r = await signIn(c, { email: target.email, password: `wrong password ${i}` });
    assert.equal(r.status, 200, `failure ${i}`);
    assert.ok(r.text.includes(BAD_LOGIN), `failure ${i} gives the usual message`);
  }
  const sixth = await signIn(c, { email: target.email, password: target.password });
  assert.equal(sixth.status, 429);
  assert.match(sixth.text, /Too many failed attempts to sign in\. Wait 1 minute and try again/);
  assert.match(sixth.text, /<title>Error: Sign in/);
  assert.equal(inputValue(sixth.text, "email"), target.email);
  assert.equal(sixth.headers.get("set-cookie"), null, "not signed in");
  assert.equal((await c.get("/")).status, 303);
  // the same account typed differently is the same account
  const shout = await signIn(new Client(server.url), { email: target.email.toUpperCase(), password: target.password });
  assert.equal(shout.status, 429);
  // another account from the same address is not held up
  const ok = await signIn(new Client(server.url), { email: other.email, password: other.password });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, "/");
});

test("a disabled account cannot sign in, and is told nothing more than a wrong password", async () => {
  const u = accounts.disabled;
  const d = await riseAsync(["user", "disable", "--db", server.db, "--email", u.email, "--reason", "Left the organisation"]);
  assert.equal(d.status, 0, d.stderr);
  const r = await signIn(new Client(server.url), { email: u.email, password: u.password });
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(`<a href="#email">${BAD_LOGIN}</a>`));
  const main = r.text.match(/<main[\s\S]*<\/main>/)[0];
  assert.doesNotMatch(main, /disabled/i, "the page does not say the account is disabled");
  assert.equal(r.headers.get("set-cookie"), null);
});

test("sign-ins, failed sign-ins and sign-outs are in the audit trail", async () => {
  const user = accounts.audited;
  const client = new Client(server.url);
  assert.equal((await client.login(user.email, user.password)).status, 303);
  await signIn(new Client(server.url), { email: user.email, password: "definitely not it" });
  await signIn(new Client(server.url), { email: "ghost@example.gov.uk", password: "definitely not it" });
  const home = await client.get("/");
  await client.post("/logout", { csrf_token: csrfFrom(home.text) });
  const rows = sqliteRows(
    server.db,
    `SELECT action, object_type, object_id, actor, ip, changes FROM audit
     WHERE (object_type = 'user' AND object_id = '${user.id}') OR object_id = 'ghost@example.gov.uk' ORDER BY id`,
  );
  const actions = rows.map((r) => r[0]);
  // (the test harness's accounts start with two-factor set up from a known key)
  assert.deepEqual(actions, ["user.create", "user.two-factor.set-up", "login", "login.failed", "login.failed", "logout"]);
  const [, , login, failed, ghost, logout] = rows;
  assert.match(login[5], /"second factor","before":null,"after":"authenticator app"/, "and how they gave their code");
  assert.equal(login[3], `${user.name} <${user.email}>`, "the sign-in names who signed in");
  assert.equal(login[4], "127.0.0.1", "and from where");
  assert.equal(failed[3], "anonymous");
  assert.match(failed[5], /"why","before":null,"after":"wrong password"/);
  assert.deepEqual(ghost.slice(0, 3), ["login.failed", "login", "ghost@example.gov.uk"]);
  assert.match(ghost[5], /no such account/);
  assert.equal(logout[3], `${user.name} <${user.email}>`);

  // an administrator sees them on the audit trail page
  const admin = new Client(server.url);
  assert.equal((await admin.login(accounts.auditReader.email, accounts.auditReader.password)).status, 303);
  const audit = await admin.get("/audit");
  assert.equal(audit.status, 200);
  for (const label of ["Signed in", "Failed sign-in", "Signed out"]) assert.ok(audit.text.includes(label), label);
  const hist = await admin.get(`/history/user/${user.id}`);
  assert.match(hist.text, /Signed out[\s\S]*Failed sign-in[\s\S]*Signed in[\s\S]*Account created/, "newest first");
});

// Runs last: by now the idle server's sessions have waited long enough.
test("a session unused for longer than --session-idle ends; one in use carries on", async () => {
  const waited = Date.now() - idleStart;
  const enough = IDLE_SECONDS * 1000 + 1200;
  if (waited < enough) await sleep(enough - waited);
  stopActivity = true;
  await keepActive;

  const { idle: a, idle2: c } = idleClients;
  const r = await a.client.get("/");
  assert.equal(r.status, 303);
  assert.equal(r.location, "/login?next=%2F&expired=1");
  assert.ok(!a.client.cookies.has("rise_session"), "the expired cookie is removed");
  const form = await a.client.get(r.location);
  assert.equal(form.status, 200);
  assert.match(form.text, /You were signed out because you had not used the service for a while/);
  // a form sent (by another idle session) after the session ended asks them to sign in again
  const post = await c.client.post("/logout", { csrf_token: "x".repeat(43) });
  assert.equal(post.status, 303);
  assert.equal(post.location, "/login?expired=1");

  // signing in again from there goes back to the page asked for
  const again = await a.client.finishSignIn(
    await a.client.post("/login", {
      csrf_token: csrfFrom(form.text),
      email: a.user.email,
      password: a.user.password,
      next: "/",
    }),
    a.user.email,
  );
  assert.equal(again.location, "/");
  assert.equal((await a.client.get("/")).status, 200);

  // someone using the service all along was never signed out
  assert.ok(activity.length >= 5, `the busy session made ${activity.length} requests`);
  assert.deepEqual(activity.filter((s) => s !== 200), [], "every request of the busy session was signed in");
  assert.equal((await idleClients.busy.client.get("/")).status, 200);
});

// These run after the idle-timeout test, so that their password hashing does
// not slow the busy session it watches (a shared machine can be slow enough).
// Issue 10, item 6: "Anyone who knows an email can keep its owner from
// signing in." Failures now hold up the address they come from (per email
// and per address), never the owner signing in from another address.
test("a stranger's wrong passwords hold up the stranger's address, not the owner signing in from another", async () => {
  const owner = await addUserAsync(proxied, { role: "delivery-officer", name: "Alice Owner" });
  const A = "203.0.113.5"; // the stranger
  const B = "198.51.100.20"; // the owner, at work
  for (let i = 1; i <= 5; i++) {
    const r = await signIn(new Client(proxied.url), { email: owner.email, password: `guess ${i}`, from: A });
    assert.equal(r.status, 200, `failure ${i}`);
    assert.ok(r.text.includes(BAD_LOGIN));
  }
  // the stranger's address is now held up for that email, even with the right password
  const more = await signIn(new Client(proxied.url), { email: owner.email, password: owner.password, from: A });
  assert.equal(more.status, 429);
  assert.match(more.text, /Too many failed attempts to sign in\. Wait 1 minute and try again/);
  // a lot more from the stranger changes nothing for the owner
  for (let i = 0; i < 3; i++)
    assert.equal((await signIn(new Client(proxied.url), { email: owner.email, password: "again", from: A })).status, 429);

  // the owner signs in from their own address at once
  const c = new Client(proxied.url);
  const ok = await signIn(c, { email: owner.email, password: owner.password, from: B });
  assert.equal(ok.status, 303, "the owner is not locked out");
  assert.equal(ok.location, "/");
  assert.equal((await c.get("/", { headers: { "X-Forwarded-For": B } })).status, 200);
  // and the audit trail names the addresses the proxy reported
  const rows = sqliteRows(
    proxied.db,
    `SELECT action, ip FROM audit WHERE action LIKE 'login%' AND (object_id = '${owner.id}') ORDER BY id`,
  );
  assert.deepEqual(rows, [...Array(5).fill(["login.failed", A]), ["login", B]]);
});

test("without --trusted-proxy, X-Forwarded-For is ignored: a guesser cannot dodge the throttle by inventing addresses", async () => {
  const target = accounts.spoofed;
  for (let i = 1; i <= 5; i++) {
    const r = await signIn(new Client(server.url), { email: target.email, password: `wrong ${i}`, from: `192.0.2.${i}` });
    assert.equal(r.status, 200, `failure ${i}`);
  }
  const sixth = await signIn(new Client(server.url), { email: target.email, password: "wrong 6", from: "192.0.2.77" });
  assert.equal(sixth.status, 429, "all five came from 127.0.0.1, whatever the header said");
  const ips = sqliteRows(server.db, `SELECT DISTINCT ip FROM audit WHERE action = 'login.failed' AND object_id = (SELECT id FROM users WHERE email = '${target.email}')`);
  assert.deepEqual(ips, [["127.0.0.1"]]);
});
