// password_reset.test.mjs - resetting a forgotten password by email (issue 11,
// item 3): the same answer whether or not an account has the address; the
// email caught by the stand-in; its link sets a new password once, ends every
// session, is audited, and is refused the second time and after it expires;
// asking is limited per account.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, stopCleanly, signedIn, addUserAsync, sqliteRows, sleep, startStandin, notifyEnv, Client, csrfFrom, NOTIFY_TEMPLATE,
} from "../lib/harness.mjs";

const TEMPLATES = ["task-assigned", "approval-waiting", "approval-decided", "password-reset"]
  .map((k) => `${k}=${NOTIFY_TEMPLATE}`).join(",");
const NEW_PASSWORD = "a brand new passphrase 42";

let standin, server;

before(async () => {
  standin = await startStandin();
  server = await startServer({ env: { ...notifyEnv(standin), RISE_NOTIFY_TEMPLATES: TEMPLATES } });
});

after(async () => {
  if (server) await stopCleanly(server);
  if (standin) await standin.stop();
});

async function ask(client, email) {
  const token = csrfFrom((await client.get("/password-reset")).text);
  return client.post("/password-reset", { csrf_token: token, email });
}

/** The reset emails the stand-in has for address, once n have arrived. */
async function resetEmails(address, n) {
  const end = Date.now() + 10000;
  for (;;) {
    const got = (await standin.received()).filter((g) => g.email_address === address);
    if (got.length >= n || Date.now() > end) return got;
    await sleep(50);
  }
}

const main = (html) => html.match(/<main[\s\S]*<\/main>/)[0];

test("the sign-in page links to the reset; a form error keeps the input", async () => {
  const c = new Client(server.url);
  const login = await c.get("/login");
  assert.match(login.text, /<a class="govuk-link" href="\/password-reset">Forgotten your password\?<\/a>/);
  const r = await ask(c, "not an address");
  assert.equal(r.status, 400);
  assert.match(r.text, /<title>Error: /);
  assert.match(r.text, /There is a problem/);
  assert.match(r.text, /Enter an email address in the correct format/);
  assert.match(r.text, /value="not an address"/);
  // without the CSRF token: refused
  assert.equal((await c.post("/password-reset", { email: "x@example.com" })).status, 403);
});

test("a link by email sets a new password once, ends every session, and is audited; no enumeration", async () => {
  const a = await signedIn(server, { role: "delivery-officer", name: "Fay Forgetful" });
  const b = new Client(server.url);
  assert.equal((await b.login(a.user.email, a.user.password)).status, 303);
  assert.equal((await a.client.get("/")).status, 200);

  const stranger = new Client(server.url);
  const known = await ask(stranger, a.user.email.toUpperCase());
  const unknown = await ask(stranger, "nobody@example.com");
  assert.equal(known.status, 200);
  assert.equal(unknown.status, 200);
  // the same page, but for the address typed
  assert.equal(main(known.text).replace(a.user.email.toUpperCase(), "X"), main(unknown.text).replace("nobody@example.com", "X"));
  assert.match(known.text, /Check your email/);

  const [mail] = await resetEmails(a.user.email, 1);
  assert.equal(mail.template_id, NOTIFY_TEMPLATE);
  assert.equal(mail.personalisation.name, "Fay Forgetful");
  assert.equal(mail.personalisation.expires, "2 hours");
  const link = mail.personalisation.link;
  assert.match(link, /^\/password-reset\/[0-9a-f]{64}$/);
  const token = link.split("/").pop();
  // only the hash is stored
  const stored = sqliteRows(server.db, "SELECT hex(token_hash) FROM password_resets");
  assert.equal(stored.length, 1);
  assert.notEqual(stored[0][0].toLowerCase(), token);
  assert.equal(sqliteRows(server.db, `SELECT count(*) FROM outbox WHERE recipient = 'nobody@example.com'`)[0][0], "0");

  // the link: password rules with GOV.UK errors
  let page = await stranger.get(link);
  assert.equal(page.status, 200);
  assert.match(page.text, /Set a new password/);
  let r = await stranger.post(link, { csrf_token: csrfFrom(page.text), password: "short", confirm: "short" });
  assert.equal(r.status, 400);
  assert.match(r.text, /<title>Error: /);
  r = await stranger.post(link, { csrf_token: csrfFrom(page.text), password: NEW_PASSWORD, confirm: "different one here" });
  assert.equal(r.status, 400);
  assert.match(r.text, /Enter the same new password twice/);
  r = await stranger.post(link, { csrf_token: csrfFrom(page.text), password: NEW_PASSWORD, confirm: NEW_PASSWORD });
  assert.equal(r.status, 200, r.text.slice(0, 500));
  assert.match(r.text, /Your password has been reset/);

  // every session has ended; the new password works, the old does not
  assert.equal((await a.client.get("/")).status, 303);
  assert.equal((await b.get("/")).status, 303);
  assert.equal((await new Client(server.url).login(a.user.email, a.user.password)).status, 200);
  assert.equal((await new Client(server.url).login(a.user.email, NEW_PASSWORD)).status, 303);

  // the second time: refused
  page = await stranger.get(link);
  assert.equal(page.status, 410);
  assert.match(page.text, /This link has expired or has already been used/);
  r = await stranger.post(link, { csrf_token: csrfFrom((await stranger.get("/password-reset")).text), password: "another passphrase 99", confirm: "another passphrase 99" });
  assert.equal(r.status, 410);
  assert.equal((await new Client(server.url).login(a.user.email, NEW_PASSWORD)).status, 303);
  // a made-up link: the same
  assert.equal((await stranger.get(`/password-reset/${"0".repeat(64)}`)).status, 410);

  const [[uid]] = sqliteRows(server.db, `SELECT id FROM users WHERE email = '${a.user.email}'`);
  const audit = sqliteRows(server.db, `SELECT action FROM audit WHERE object_type = 'user' AND object_id = '${uid}' AND action LIKE '%password-reset%' ORDER BY id`);
  assert.deepEqual(audit.map((x) => x[0]), ["password-reset.requested", "user.password-reset"]);
});

test("asking again and again sends at most three links an hour to an account, and says the same", async () => {
  const a = await signedIn(server, { role: "analyst", name: "Sam Spammed" });
  const c = new Client(server.url);
  const pages = [];
  for (let i = 0; i < 5; i++) pages.push(main((await ask(c, a.user.email)).text));
  assert.ok(pages.every((p) => p === pages[0]));
  await resetEmails(a.user.email, 3);
  await sleep(300);
  assert.equal((await resetEmails(a.user.email, 3)).length, 3);
  assert.equal(sqliteRows(server.db, `SELECT count(*) FROM outbox WHERE recipient = '${a.user.email}'`)[0][0], "3");
});

test("a link refused after it expires (a lifetime of 0 seconds)", async () => {
  const s = await startServer({ env: { ...notifyEnv(standin), RISE_NOTIFY_TEMPLATES: TEMPLATES, RISE_PASSWORD_RESET_TTL_S: "0" } });
  try {
    const a = await signedIn(s, { role: "analyst", name: "Eve Expired" });
    const c = new Client(s.url);
    const token = csrfFrom((await c.get("/password-reset")).text);
    assert.equal((await c.post("/password-reset", { csrf_token: token, email: a.user.email })).status, 200);
    const [mail] = await resetEmails(a.user.email, 1);
    const page = await c.get(mail.personalisation.link);
    assert.equal(page.status, 410);
    assert.equal((await a.client.get("/")).status, 200, "nothing changed: still signed in");
  } finally {
    await stopCleanly(s);
  }
});

test("with --base-url the email's link is absolute", async () => {
  const base = "http://rise.example.test";
  const s = await startServer({ args: ["--base-url", base], env: { ...notifyEnv(standin), RISE_NOTIFY_TEMPLATES: TEMPLATES } });
  try {
    const u = await addUserAsync(s, { role: "analyst", name: "Abe Absolute" });
    const c = new Client(s.url);
    const token = csrfFrom((await c.get("/password-reset")).text);
    const r = await c.post("/password-reset", { csrf_token: token, email: u.email }, { origin: base });
    assert.equal(r.status, 200);
    const [mail] = await resetEmails(u.email, 1);
    assert.match(mail.personalisation.link, /^http:\/\/rise\.example\.test\/password-reset\/[0-9a-f]{64}$/);
  } finally {
    await stopCleanly(s);
  }
});
