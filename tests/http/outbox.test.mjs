// outbox.test.mjs - email through the outbox and GOV.UK Notify's stand-in:
// the sender against the stand-in answering 429, 500, 400 and then success;
// the administrator's outbox page; and a message queued then the server
// killed with SIGKILL mid-send and restarted: delivered exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, rise, startServer, stopCleanly, signedIn, sqliteRows, sleep, startStandin, notifyEnv, NOTIFY_TEMPLATE as TEMPLATE } from "../lib/harness.mjs";


/** Polls fn until it returns a truthy value (or fails after ms). */
async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const row = (db, id) =>
  sqliteRows(db, `SELECT status, attempts, coalesce(last_error,''), coalesce(provider_id,''), reference, recipient
                  FROM outbox WHERE id = ${Number(id)}`)[0];

test("the stand-in checks Notify's token and body and answers with Notify's errors", async () => {
  const standin = await startStandin();
  try {
    const noToken = await fetch(standin.url + "/v2/notifications/email", { method: "POST", body: "{}" });
    assert.equal(noToken.status, 401);
    const bad = await fetch(standin.url + "/v2/notifications/email", {
      method: "POST",
      body: "{}",
      headers: { Authorization: "Bearer a.b.c" },
    });
    assert.equal(bad.status, 403);
    const j = await bad.json();
    assert.equal(j.status_code, 403);
    assert.equal(j.errors[0].error, "AuthError");
  } finally {
    await standin.stop();
  }
});

test("429 and 500 are tried again, 400 fails permanently and shows to the administrator, then success", async () => {
  const standin = await startStandin();
  const server = await startServer({ env: notifyEnv(standin) });
  try {
    const { client } = await signedIn(server, { role: "admin" });
    let page = await client.get("/admin/outbox");
    assert.equal(page.status, 200);
    assert.match(page.text, /No emails have been sent/);

    // a form error: GOV.UK error summary, input kept
    let token = (await client.csrf("/admin/outbox"));
    let r = await client.post("/admin/outbox/test", { csrf_token: token, email: "not an address" });
    assert.equal(r.status, 400);
    assert.match(r.text, /<title>Error: /);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /Enter an email address in the correct format/);
    // a POST without the CSRF token is refused
    r = await client.post("/admin/outbox/test", { email: "x@example.com" });
    assert.equal(r.status, 403);

    // 429 then 500: tried again with backoff, then sent, once
    await standin.fail([429, 500]);
    token = await client.csrf("/admin/outbox");
    r = await client.post("/admin/outbox/test", { csrf_token: token, email: "first@example.com" });
    assert.equal(r.status, 303);
    const first = await until(() => {
      const x = sqliteRows(server.db, "SELECT id, status FROM outbox WHERE recipient = 'first@example.com'")[0];
      return x && x[1] === "sent" && x;
    }, "the first email to be sent");
    let [status, attempts, lastError, providerId, reference] = row(server.db, first[0]);
    assert.equal(status, "sent");
    assert.equal(attempts, "3");
    assert.equal(lastError, "");
    let got = await standin.received();
    assert.equal(got.length, 1);
    assert.equal(got[0].id, providerId);
    assert.equal(got[0].reference, reference);
    assert.equal(got[0].email_address, "first@example.com");
    assert.equal(got[0].template_id, TEMPLATE);
    assert.equal(typeof got[0].personalisation.name, "string");

    // 400: permanently failed at the first attempt, never tried again
    await standin.fail([400]);
    token = await client.csrf("/admin/outbox");
    r = await client.post("/admin/outbox/test", { csrf_token: token, email: "second@example.com" });
    assert.equal(r.status, 303);
    const second = await until(() => {
      const x = sqliteRows(server.db, "SELECT id, status FROM outbox WHERE recipient = 'second@example.com'")[0];
      return x && x[1] === "permanently-failed" && x;
    }, "the second email to fail");
    [status, attempts, lastError] = row(server.db, second[0]);
    assert.equal(attempts, "1");
    assert.match(lastError, /^400: BadRequestError: /);
    await sleep(400); // several backoff periods: it stays failed
    assert.equal(row(server.db, second[0])[1], "1");
    // audited
    const audit = sqliteRows(server.db, `SELECT action FROM audit WHERE object_type = 'outbox' AND object_id = '${second[0]}'`);
    assert.deepEqual(audit.map((a) => a[0]).sort(), ["outbox.permanently-failed", "outbox.queued"]);

    // then success
    token = await client.csrf("/admin/outbox");
    r = await client.post("/admin/outbox/test", { csrf_token: token, email: "third@example.com" });
    await until(() => sqliteRows(server.db, "SELECT 1 FROM outbox WHERE recipient = 'third@example.com' AND status = 'sent' AND attempts = 1").length, "the third email");
    got = await standin.received();
    assert.deepEqual(got.map((n) => n.email_address), ["first@example.com", "third@example.com"]);

    // the administrator sees every message, its status, attempts, error and body as sent
    page = await client.get("/admin/outbox");
    assert.equal(page.status, 200);
    assert.match(page.text, /second@example\.com/);
    assert.match(page.text, /Permanently failed/);
    assert.match(page.text, /400: BadRequestError: Can&#39;t send to this recipient|400: BadRequestError: Can&#x27;t send to this recipient/);
    assert.match(page.text, /Message as sent/);
    assert.match(page.text, new RegExp(TEMPLATE));
    assert.match(page.text, /1 permanently failed/);
    assert.match(page.text, /2 sent/);
    // Notify's delivery status is fetched and shown
    await until(() => sqliteRows(server.db, "SELECT 1 FROM outbox WHERE provider_status = 'delivered'").length === 2, "delivery statuses");
    page = await client.get("/admin/outbox");
    assert.match(page.text, /Delivery: delivered/);
  } finally {
    await stopCleanly(server);
    await standin.stop();
  }
});

/** Runs `rise serve` on an existing database; returns {proc, log(), exited}. */
async function serve(db, env) {
  const proc = spawn(BIN, ["serve", "--db", db, "--listen", "127.0.0.1:0"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let out = "";
  proc.stderr.on("data", (d) => (err += d));
  const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 10000);
    proc.stdout.on("data", (d) => {
      out += d;
      if (/listening on/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { proc, log: () => err, exited };
}

test("killed with SIGKILL mid-send and restarted: the email is delivered exactly once", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rise-outbox-"));
  const db = join(dir, "rise.db");
  const standin = await startStandin();
  let s;
  try {
    assert.equal(rise(["migrate", "--db", db]).status, 0);
    const q = rise(["outbox", "queue-test", "--db", db, "--to", "once@example.com"]);
    assert.equal(q.status, 0, q.stderr);
    // the stand-in records the email, then takes 5 s to answer
    await standin.delay(5000, 1);
    s = await serve(db, notifyEnv(standin));
    await until(async () => (await standin.received()).length === 1, "the stand-in to receive the email");
    s.proc.kill("SIGKILL");
    await s.exited;
    assert.equal(row(db, 1)[0], "sending"); // Notify has it, rise never heard back

    s = await serve(db, notifyEnv(standin));
    await until(() => row(db, 1)[0] === "sent", "the email to be marked sent after the restart");
    const got = await standin.received();
    assert.equal(got.length, 1, "sent once, not twice");
    assert.equal(row(db, 1)[3], got[0].id);
    assert.equal(row(db, 1)[1], "1");
    assert.match(s.log(), /Notify already had it/);

    // killed after "sending" was committed but before the request left: sent once at the restart
    s.proc.kill("SIGTERM");
    assert.equal((await s.exited).code, 0);
    assert.equal(rise(["outbox", "queue-test", "--db", db, "--to", "later@example.com"]).status, 0);
    sqliteRows(db, "UPDATE outbox SET status = 'sending', attempts = 1 WHERE id = 2 RETURNING id");
    s = await serve(db, notifyEnv(standin));
    await until(() => row(db, 2)[0] === "sent", "the second email to be sent after the restart");
    let all = await standin.received();
    assert.deepEqual(all.map((n) => n.email_address), ["once@example.com", "later@example.com"]);

    // stopped (SIGTERM) while Notify is slow to answer: the stop does not wait
    // for the answer, and the next start finds the email at Notify by its reference
    await standin.delay(8000, 1);
    assert.equal(rise(["outbox", "queue-test", "--db", db, "--to", "slow@example.com"]).status, 0);
    await until(async () => (await standin.received()).length === 3, "the stand-in to receive the third email");
    const t0 = Date.now();
    s.proc.kill("SIGTERM");
    assert.equal((await s.exited).code, 0);
    assert.ok(Date.now() - t0 < 4000, "stopped without waiting for Notify's answer");
    s = await serve(db, notifyEnv(standin));
    await until(() => row(db, 3)[0] === "sent", "the third email to be marked sent");
    all = await standin.received();
    assert.equal(all.length, 3, "the third email was not sent twice");
    s.proc.kill("SIGTERM");
    assert.equal((await s.exited).code, 0);
    s = null;
  } finally {
    if (s) {
      s.proc.kill("SIGKILL");
      await s.exited;
    }
    await standin.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a key Notify does not know (403) fails permanently, with Notify's reason", async () => {
  const standin = await startStandin();
  const wrongKey = "rise_test-26785a09-ab16-4eb0-8407-a37497a57506-00000000-0000-4000-8000-000000000000";
  const server = await startServer({ env: { ...notifyEnv(standin), RISE_NOTIFY_API_KEY: wrongKey } });
  try {
    assert.equal(rise(["outbox", "queue-test", "--db", server.db, "--to", "a@example.com"]).status, 0);
    await until(() => row(server.db, 1)[0] === "permanently-failed", "the email to fail");
    const [, attempts, lastError] = row(server.db, 1);
    assert.equal(attempts, "1");
    assert.equal(lastError, "403: AuthError: Invalid token: signature, api token not found");
    assert.equal((await standin.received()).length, 0);
  } finally {
    await stopCleanly(server);
    await standin.stop();
  }
});
