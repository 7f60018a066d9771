// demo_cli.test.mjs - `rise demo` (what `make run` runs) prints every demo
// user, one per role, with the one password and two-factor setup key they
// share, and those sign each of them in (every role with two-factor, the
// school's too since decision 0016).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, Client, rise, rememberTotp, SOURCE_DIR } from "../lib/harness.mjs";

/** The printed setup key, added to "the phone" of every demo user. */
function demoKey(stdout) {
  const key = stdout.match(/two-factor setup key: ([A-Z2-7 ]+)$/m)?.[1];
  assert.ok(key, "a two-factor setup key is printed");
  for (const email of [...stdout.matchAll(/^ {4}\S.*?\s{2,}(\S+@rise\.example)$/gm)].map((m) => m[1]))
    rememberTotp(email, key.replace(/ /g, ""));
  return key;
}

test("the demo prints one user per role, and the printed password signs each in", async () => {
  const s = await startServer();
  try {
    const r = rise(["demo", "--db", s.db]);
    assert.equal(r.status, 0, r.stderr);
    const password = r.stdout.match(/password: (\S+)/)?.[1];
    assert.ok(password, "a password is printed");
    demoKey(r.stdout);
    const users = [...r.stdout.matchAll(/^ {4}(\S.*?)\s{2,}(\S+@rise\.example)$/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(users.map(([who]) => who.replace(/ \(.*\)$/, "").replace(/: .*$/, "")), [
      "Administrator", "Delivery officer", "RISE adviser", "Regional director", "Delivery partner", "Grant team", "Grant team",
      "Supporting organisation", "School or responsible body", "School or responsible body", "Analyst or auditor",
    ]);
    assert.match(r.stdout, /Delivery officer \(North East\) +delivery\.officer@rise\.example/);
    for (const [, email] of users) {
      const c = new Client(s.url);
      const res = await c.login(email, password);
      assert.equal(res.status, 303, `${email} signs in`);
      assert.equal(res.location, "/");
      assert.equal((await c.get("/")).status, 200, `${email} is signed in`);
    }
    // everyone is asked for a code, the school's user too (decision 0016)
    const school = new Client(s.url);
    const first = await school.post("/login", { csrf_token: await school.csrf(), email: "school@rise.example", password });
    assert.equal(first.location, "/login/two-factor");
    const officer = new Client(s.url);
    const half = await officer.post("/login", {
      csrf_token: await officer.csrf(),
      email: "delivery.officer@rise.example",
      password,
    });
    assert.equal(half.location, "/login/two-factor");
    // set up again: a new password, and the old one no longer works
    const again = rise(["demo", "--db", s.db]);
    const fresh = again.stdout.match(/password: (\S+)/)[1];
    assert.notEqual(fresh, password);
    demoKey(again.stdout);
    assert.equal((await new Client(s.url).login("analyst@rise.example", password)).status, 200);
    assert.equal((await new Client(s.url).login("analyst@rise.example", fresh)).status, 303);
  } finally {
    await s.stop();
  }
});

test("the demo's cases: the case page and the timeline agree on when each opened", async () => {
  const s = await startServer();
  try {
    const r = rise(["demo", "--db", s.db, "--data", join(SOURCE_DIR, "demo")]);
    assert.equal(r.status, 0, r.stderr);
    const password = r.stdout.match(/password: (\S+)/)[1];
    demoKey(r.stdout);
    const c = new Client(s.url);
    assert.equal((await c.login("delivery.officer@rise.example", password)).status, 303);
    const page = await c.get("/cases/1");
    assert.equal(page.status, 200);
    const opened = page.text.replace(/<[^>]+>/g, " ").match(/Opened\s+(\d{1,2} \w+ \d{4})/)?.[1];
    assert.ok(opened, "the case page says when it opened");
    const timeline = await c.get("/cases/1/timeline");
    const text = timeline.text.replace(/<[^>]+>/g, " ").replace(/&rarr;/g, "→").replace(/\s+/g, " ");
    // the backdating is itself on the record, ending on the date the case page shows
    assert.match(text, new RegExp(`Opening date changed by demo set-up .*Opened on : \\d{1,2} \\w+ \\d{4} → ${opened}`));
  } finally {
    await s.stop();
  }
});
