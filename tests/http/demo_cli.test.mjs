// demo_cli.test.mjs - `rise demo` (what `make run` runs) prints every demo
// user, one per role, with the one password they share, and that password
// signs each of them in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, Client, rise } from "../lib/harness.mjs";

test("the demo prints one user per role, and the printed password signs each in", async () => {
  const s = await startServer();
  try {
    const r = rise(["demo", "--db", s.db]);
    assert.equal(r.status, 0, r.stderr);
    const password = r.stdout.match(/password: (\S+)/)?.[1];
    assert.ok(password, "a password is printed");
    const users = [...r.stdout.matchAll(/^ {4}(\S.*?)\s{2,}(\S+@rise\.example)$/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(users.map(([who]) => who.replace(/ \(.*\)$/, "")), [
      "Administrator", "Delivery officer", "RISE adviser", "Regional director", "Delivery partner", "Grant team",
      "Supporting organisation", "School or responsible body", "Analyst or auditor",
    ]);
    assert.match(r.stdout, /Delivery officer \(North East\) +delivery\.officer@rise\.example/);
    for (const [, email] of users) {
      const c = new Client(s.url);
      const res = await c.login(email, password);
      assert.equal(res.status, 303, `${email} signs in`);
      assert.equal(res.location, "/");
    }
    // set up again: a new password, and the old one no longer works
    const again = rise(["demo", "--db", s.db]);
    const fresh = again.stdout.match(/password: (\S+)/)[1];
    assert.notEqual(fresh, password);
    assert.equal((await new Client(s.url).login("analyst@rise.example", password)).status, 200);
    assert.equal((await new Client(s.url).login("analyst@rise.example", fresh)).status, 303);
  } finally {
    await s.stop();
  }
});
