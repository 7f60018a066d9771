// audit_cli.test.mjs - the command line an operator uses: `rise audit
// verify` proves the hash-chained trail is intact and names the first row
// that is not; the database itself refuses to change or remove audit rows;
// `rise backup` takes a usable copy while the service is busy; and the
// `rise user` commands check what they are given and are audited.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  startServer,
  stopCleanly,
  rise,
  riseAsync,
  addUserAsync,
  signedIn,
  Client,
  csrfFrom,
  sqlite,
  sqliteRows,
  PASSWORD,
} from "../lib/harness.mjs";

let server;
let admin; // { client, user }
let copies = 0;

before(async () => {
  server = await startServer();
  admin = await signedIn(server, { role: "admin", name: "Avery Admin" });
  await Promise.all(["adviser", "analyst", "grant-team"].map((role) => addUserAsync(server, { role })));
});

after(async () => {
  if (server) await stopCleanly(server);
});

const one = (db, sql) => sqliteRows(db, sql)[0][0];
const auditCount = (db) => Number(one(db, "SELECT count(*) FROM audit"));

/** A consistent copy of the live database (WAL included) to tamper with. */
function copyOfDb() {
  copies += 1;
  const to = join(server.dir, `copy-${copies}.db`);
  const r = sqlite(server.db, `VACUUM INTO '${to}'`);
  assert.equal(r.status, 0, r.stderr);
  return to;
}

const verify = (db) => rise(["audit", "verify", "--db", db]);

test("audit verify passes on an untouched trail and says how many rows it checked", async () => {
  const empty = join(server.dir, "empty.db");
  assert.equal(rise(["migrate", "--db", empty]).status, 0);
  const e = verify(empty);
  assert.equal(e.status, 0, e.stderr);
  assert.match(e.stdout, /audit trail intact: 0 rows verified/);

  const n = auditCount(server.db);
  assert.ok(n >= 5, `the trail has ${n} rows (accounts created, a sign-in)`);
  const v = verify(server.db);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout.trim(), `audit trail intact: ${n} rows verified`);
});

test("audit verify fails, naming the row, when a row's reason is changed behind the program's back", async () => {
  const db = copyOfDb();
  const n = auditCount(db);
  const target = Math.ceil(n / 2);
  const r = sqlite(db, `DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'nothing to see here' WHERE id = ${target};`);
  assert.equal(r.status, 0, r.stderr);
  const v = verify(db);
  assert.notEqual(v.status, 0, "verify fails");
  assert.match(v.stderr, new RegExp(`BROKEN at row ${target}\\b`), v.stderr);
  assert.match(v.stderr, new RegExp(`row ${target}: its contents were changed`));
  assert.equal(v.stdout, "", "it does not also claim the trail is intact");
});

test("audit verify fails when a recorded change is rewritten", async () => {
  const db = copyOfDb();
  const id = one(db, "SELECT min(id) FROM audit WHERE action = 'user.create' AND changes LIKE '%\"admin\"%'");
  const r = sqlite(
    db,
    `DROP TRIGGER audit_no_update; UPDATE audit SET changes = replace(changes, '"admin"', '"adviser"') WHERE id = ${id};`,
  );
  assert.equal(r.status, 0, r.stderr);
  const v = verify(db);
  assert.notEqual(v.status, 0);
  assert.match(v.stderr, new RegExp(`BROKEN at row ${id}\\b`));
});

test("audit verify fails when the last row, or one in the middle, is deleted", async () => {
  const last = copyOfDb();
  const n = auditCount(last);
  assert.equal(sqlite(last, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = (SELECT max(id) FROM audit);").status, 0);
  assert.equal(auditCount(last), n - 1);
  const v = verify(last);
  assert.notEqual(v.status, 0, "removing the newest row is caught");
  assert.match(v.stderr, /BROKEN at row \d+/);
  assert.match(v.stderr, new RegExp(`rows after ${n - 1} were deleted`));

  const middle = copyOfDb();
  assert.equal(sqlite(middle, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2;").status, 0);
  const m = verify(middle);
  assert.notEqual(m.status, 0);
  assert.match(m.stderr, /BROKEN at row 3\b.*expected row 2/);
});

test("the database itself refuses to change or delete audit rows", async () => {
  const before = sqliteRows(server.db, "SELECT id, reason, hash FROM audit ORDER BY id");
  const u = sqlite(server.db, "UPDATE audit SET reason = 'x'");
  assert.notEqual(u.status, 0, "UPDATE is refused");
  assert.match(u.stderr, /the audit trail cannot be changed/);
  const d = sqlite(server.db, "DELETE FROM audit WHERE id = 1");
  assert.notEqual(d.status, 0, "DELETE is refused");
  assert.match(d.stderr, /the audit trail cannot be changed/);
  assert.deepEqual(sqliteRows(server.db, "SELECT id, reason, hash FROM audit ORDER BY id"), before);
  assert.equal(verify(server.db).status, 0);
});

test("backup makes a usable copy while the server is busy, and will not overwrite a file", async () => {
  // make the database big enough that the backup takes several steps
  const pad = sqlite(
    server.db,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
     INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, ip)
     SELECT randomblob(32), NULL, hex(randomblob(32)), unixepoch(), unixepoch(), '192.0.2.1' FROM n;`,
  );
  assert.equal(pad.status, 0, pad.stderr);
  const usersBefore = sqliteRows(server.db, "SELECT email FROM users ORDER BY id").map((r) => r[0]);

  const to = join(server.dir, "backup.db");
  let done = false;
  const statuses = [];
  const busy = (async () => {
    let i = 0;
    while (!done) {
      i += 1;
      const form = await admin.client.get("/users/new");
      const r = await admin.client.post("/users/new", {
        csrf_token: csrfFrom(form.text),
        name: `During Backup ${i}`,
        email: `during.backup.${i}@example.gov.uk`,
        role: "adviser",
        region: "",
        organisation: "",
        password: "a long enough password",
      });
      statuses.push(form.status, r.status, (await admin.client.get("/users")).status);
      statuses.push((await new Client(server.url).get("/healthz")).status);
    }
  })();
  const b = await riseAsync(["backup", "--db", server.db, "--to", to]);
  done = true;
  await busy;
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stdout, /backed up .* to .*backup\.db/);
  assert.ok(statuses.length >= 4, "requests were served during the backup");
  assert.deepEqual(
    statuses.filter((s) => ![200, 303].includes(s)),
    [],
    "every request during the backup succeeded",
  );

  // the copy is a whole, consistent database in a single file
  assert.ok(!existsSync(to + "-wal") || statSync(to + "-wal").size === 0, "no WAL left beside the copy");
  assert.equal(one(to, "PRAGMA integrity_check"), "ok");
  assert.equal(one(to, "PRAGMA journal_mode"), "delete");
  const inCopy = sqliteRows(to, "SELECT email FROM users ORDER BY id").map((r) => r[0]);
  for (const email of usersBefore) assert.ok(inCopy.includes(email), `the copy has ${email}`);
  assert.ok(Number(one(to, "SELECT count(*) FROM sessions")) >= 20000);
  const v = verify(to);
  assert.equal(v.status, 0, `the copy's audit trail verifies: ${v.stderr}`);
  // the copy is a database the service can run on
  assert.equal(rise(["user", "list", "--db", to]).status, 0);

  // an existing file is never overwritten
  const size = statSync(to).size;
  const again = rise(["backup", "--db", server.db, "--to", to]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already exists; choose a new file/);
  assert.equal(statSync(to).size, size);
  const other = join(server.dir, "notes.txt");
  writeFileSync(other, "keep me\n");
  assert.equal(rise(["backup", "--db", server.db, "--to", other]).status, 1);
  assert.equal(readFileSync(other, "utf8"), "keep me\n");
  // and a missing database is not silently created
  const nope = rise(["backup", "--db", join(server.dir, "missing.db"), "--to", join(server.dir, "b2.db")]);
  assert.equal(nope.status, 1);
  assert.match(nope.stderr, /there is no database at/);
  assert.ok(!existsSync(join(server.dir, "missing.db")));
});

test("user add refuses a bad role, email, region or password with exit 2 and a clear message", async () => {
  const count = () => Number(one(server.db, "SELECT count(*) FROM users"));
  const before = count();
  const add = (extra, input = PASSWORD + "\n") =>
    rise(["user", "add", "--db", server.db, "--name", "Bad Input", "--password-stdin", ...extra], { input });
  const cases = [
    [["--email", "ok1@example.gov.uk", "--role", "wizard"], /unknown role 'wizard'/],
    [["--email", "not-an-email", "--role", "adviser"], /'not-an-email' is not an email address/],
    [["--email", "a b@example.gov.uk", "--role", "adviser"], /is not an email address/],
    [
      ["--email", "ok2@example.gov.uk", "--role", "delivery-officer", "--region", "Atlantis"],
      /'Atlantis' is not a region; use one of:.*"North West"/,
    ],
    [["--email", "ok3@example.gov.uk", "--role", "regional-director"], /a regional-director needs --region/],
    [["--email", "ok4@example.gov.uk", "--role", "school"], /a school needs --organisation/],
    [["--email", "ok5@example.gov.uk", "--role", "adviser", "--colour", "blue"], /unknown option '--colour'/],
  ];
  for (const [args, message] of cases) {
    const r = add(args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const short = add(["--email", "ok6@example.gov.uk", "--role", "adviser"], "short\n");
  assert.equal(short.status, 2);
  assert.match(short.stderr, /Password must be 12 characters or more/);
  const noStdin = rise(["user", "add", "--db", server.db, "--email", "ok7@example.gov.uk", "--name", "N", "--role", "adviser"]);
  assert.equal(noStdin.status, 2);
  assert.match(noStdin.stderr, /needs --email, --name, --role and --password-stdin/);
  assert.equal(count(), before, "none of them added anyone");
  // an email already in use (in another case) is a failure, not a usage error
  const dup = add(["--email", admin.user.email.toUpperCase(), "--role", "adviser"]);
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /there is already an account for/);
  assert.equal(count(), before);
});

test("user reset-password, disable and enable work, take effect on the web at once, and are audited", async () => {
  const u = await addUserAsync(server, { role: "delivery-partner", name: "Casey Cli" });
  const c = new Client(server.url);
  assert.equal((await c.login(u.email, u.password)).status, 303);
  assert.equal((await c.get("/")).status, 200);

  const reset = rise(
    ["user", "reset-password", "--db", server.db, "--email", u.email, "--password-stdin", "--reason", "Locked out, rang the helpdesk"],
    { input: "a different long password\n" },
  );
  assert.equal(reset.status, 0, reset.stderr);
  assert.match(reset.stdout, /password reset for .*signed out everywhere/);
  assert.equal((await c.get("/")).status, 303, "their session ended");
  assert.equal((await new Client(server.url).login(u.email, u.password)).status, 200, "old password refused");
  assert.equal((await c.login(u.email, "a different long password")).status, 303, "new password works");

  const noReason = rise(["user", "disable", "--db", server.db, "--email", u.email]);
  assert.equal(noReason.status, 2);
  assert.match(noReason.stderr, /give the reason with --reason/);
  const emptyReason = rise(["user", "disable", "--db", server.db, "--email", u.email, "--reason", ""]);
  assert.equal(emptyReason.status, 2);
  const dangling = rise(["user", "disable", "--db", server.db, "--email", u.email, "--reason"]);
  assert.equal(dangling.status, 2);
  assert.match(dangling.stderr, /needs a value/);
  assert.equal((await c.get("/")).status, 200, "still signed in: nothing was disabled");

  const dis = rise(["user", "disable", "--db", server.db, "--email", u.email, "--reason", "Contract ended"]);
  assert.equal(dis.status, 0, dis.stderr);
  assert.match(dis.stdout, /disabled and signed out/);
  assert.equal((await c.get("/")).status, 303, "signed out at once");
  const refused = await new Client(server.url).login(u.email, "a different long password");
  assert.equal(refused.status, 200);
  assert.match(refused.text, /Enter a correct email address and password/);
  assert.match(rise(["user", "list", "--db", server.db]).stdout, new RegExp(`${u.email}\\t.*\\tdisabled`));

  const en = rise(["user", "enable", "--db", server.db, "--email", u.email, "--reason", "Contract renewed"]);
  assert.equal(en.status, 0, en.stderr);
  assert.equal((await new Client(server.url).login(u.email, "a different long password")).status, 303);

  const missing = rise(["user", "disable", "--db", server.db, "--email", "nobody@example.gov.uk", "--reason", "x"]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no account for nobody@example.gov.uk/);

  const rows = sqliteRows(
    server.db,
    `SELECT action, actor, reason, changes FROM audit WHERE object_type = 'user' AND object_id = '${u.id}'
     AND action LIKE 'user.%' ORDER BY id`,
  );
  assert.deepEqual(
    rows.map((r) => [r[0], r[2]]),
    [
      ["user.create", ""],
      ["user.password-reset", "Locked out, rang the helpdesk"],
      ["user.disable", "Contract ended"],
      ["user.enable", "Contract renewed"],
    ],
  );
  for (const r of rows) assert.match(r[1], /^command line \(.+\)$/, "the command line is named as the actor");
  assert.match(rows[2][3], /"before":"active","after":"disabled"/);
  // the administrator sees it in the account's history
  const hist = await admin.client.get(`/history/user/${u.id}`);
  for (const t of ["Password reset", "Account disabled", "Contract ended", "Account re-enabled", "Contract renewed"])
    assert.ok(hist.text.includes(t), t);
  assert.equal(verify(server.db).status, 0, "and the trail still verifies");
});
