// audit_cli.test.mjs - the command line an operator uses: `rise audit
// verify` proves the trail is intact with its key and checkpoint log, and
// says exactly what someone holding the database file did to it (issue 10,
// item 4); the database itself refuses to change or remove audit rows, and
// its guards come back at every start; `rise backup` takes a usable copy
// while the service is busy; and the `rise user` commands check what they
// are given and are audited.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
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

/**
 * A consistent copy of the live database (WAL included) to tamper with, with
 * its key file and checkpoint log beside it, as an operator checking it has
 * them: the tampering is done by someone holding the database file only.
 */
function copyOfDb() {
  copies += 1;
  const to = join(server.dir, `copy-${copies}.db`);
  const r = sqlite(server.db, `VACUUM INTO '${to}'`);
  assert.equal(r.status, 0, r.stderr);
  copyFileSync(`${server.db}.audit-key`, `${to}.audit-key`);
  copyFileSync(`${server.db}.audit-log`, `${to}.audit-log`);
  return to;
}

const verify = (db, ...more) => rise(["audit", "verify", "--db", db, ...more]);

/** The audit rows from id on, as objects (sqlite3 -json keeps NULLs and any "|"). */
function auditRows(db, from = 1) {
  const r = spawnSync("sqlite3", ["-json", db, `SELECT * FROM audit WHERE id >= ${from} ORDER BY id`], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

/**
 * The chain anyone can compute without the key: the plain SHA-256 the trail
 * used before it had one (store/audit.c: each field as "<bytes>:<text>;" or
 * "-;" for NULL, then the previous hash).
 */
function unkeyedHash(row, prev) {
  const f = (v) => (v === null || v === undefined ? "-;" : `${Buffer.byteLength(v)}:${v};`);
  const text =
    `${row.id};${row.actor_id ?? 0};` +
    [row.at, row.actor, row.action, row.object_type, row.object_id, row.changes, row.reason, row.ip, prev].map(f).join("");
  return createHash("sha256").update(text).digest("hex");
}

/** What someone holding only the file can do: recompute the chain from row `from`, and the head. */
function rechainWithoutKey(db, from) {
  const rows = auditRows(db, from);
  let prev = rows[0].prev_hash;
  const sql = ["DROP TRIGGER IF EXISTS audit_no_update;"];
  for (const row of rows) {
    const h = unkeyedHash(row, prev);
    sql.push(`UPDATE audit SET prev_hash = '${prev}', hash = '${h}' WHERE id = ${row.id};`);
    prev = h;
  }
  sql.push(`UPDATE audit_head SET last_id = ${rows[rows.length - 1].id}, last_hash = '${prev}';`);
  const r = sqlite(db, sql.join("\n"));
  assert.equal(r.status, 0, r.stderr);
}

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
  assert.match(v.stderr, new RegExp(`^rise: audit trail BROKEN at row ${target}: row ${target} was changed\n`), v.stderr);
  assert.match(v.stderr, /^rise: trigger audit_no_update was missing and has been restored$/m);
  assert.doesNotMatch(v.stderr, /deleted/, "nothing else is claimed");
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
  assert.match(v.stderr, new RegExp(`BROKEN at row ${id}: row ${id} was changed\n`));
});

// Issue 10, item 4: "changing a row and recomputing the unkeyed SHA-256 chain passes"
test("a row changed and the whole chain recomputed without the key is caught, and named", async () => {
  const db = copyOfDb();
  const n = auditCount(db);
  const target = Math.ceil(n / 2);
  assert.equal(sqlite(db, `DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'nothing to see here' WHERE id = ${target};`).status, 0);
  rechainWithoutKey(db, target);
  const v = verify(db);
  assert.equal(v.status, 1, v.stderr);
  assert.match(v.stderr, new RegExp(`^rise: audit trail BROKEN at row ${target}: row ${target} was changed\n`), v.stderr);
  // the rows after it are as they were logged: only their stored MACs were rewritten
  assert.match(v.stderr, new RegExp(`rows? ${target + 1}\\b.*(as the checkpoint log recorded|changed)`));
  assert.doesNotMatch(v.stderr, /deleted/);
});

test("audit verify fails when the last row, or one in the middle, is deleted", async () => {
  const last = copyOfDb();
  const n = auditCount(last);
  assert.equal(sqlite(last, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = (SELECT max(id) FROM audit);").status, 0);
  assert.equal(auditCount(last), n - 1);
  const v = verify(last);
  assert.notEqual(v.status, 0, "removing the newest row is caught");
  assert.match(v.stderr, new RegExp(`^rise: audit trail BROKEN at row ${n}: row ${n} was deleted \\(the log's checkpoint says ${n}\\)$`, "m"));

  const middle = copyOfDb();
  assert.equal(sqlite(middle, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2;").status, 0);
  const m = verify(middle);
  assert.notEqual(m.status, 0);
  assert.match(m.stderr, /^rise: audit trail BROKEN at row 2: row 2 was deleted \(row 3 follows row 1\)$/m);
});

// "deleting the last rows and rewriting audit_head passes"
test("the last rows deleted and the head rewritten to match are caught by the checkpoint log", async () => {
  const db = copyOfDb();
  const n = auditCount(db);
  const keep = n - 3;
  const r = sqlite(
    db,
    `DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > ${keep};
     UPDATE audit_head SET last_id = ${keep}, last_hash = (SELECT hash FROM audit WHERE id = ${keep});`,
  );
  assert.equal(r.status, 0, r.stderr);
  const v = verify(db);
  assert.equal(v.status, 1);
  assert.match(
    v.stderr,
    new RegExp(`^rise: audit trail BROKEN at row ${keep + 1}: rows ${keep + 1} to ${n} were deleted \\(the log's checkpoint says ${n}\\)$`, "m"),
  );
});

// "an empty trail passes rise audit verify"
test("an emptied trail is caught: the checkpoint log says how many rows there were", async () => {
  const db = copyOfDb();
  const n = auditCount(db);
  assert.equal(sqlite(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit; DELETE FROM audit_head;").status, 0);
  const v = verify(db);
  assert.equal(v.status, 1);
  assert.match(v.stderr, new RegExp(`^rise: audit trail BROKEN at row 1: the audit trail is empty but the checkpoint log records ${n} rows$`, "m"));
  // without its checkpoint log, nothing can rule out rows deleted from the end
  unlinkSync(`${db}.audit-log`);
  const w = verify(db);
  assert.equal(w.status, 1);
  assert.match(w.stderr, /the checkpoint log .*copy-\d+\.db\.audit-log is missing: rows deleted from the end of the trail cannot be ruled out/);
});

// "changing only the head reports rows deleted that were not"
test("a head changed on its own is reported as that, not as deleted rows", async () => {
  const db = copyOfDb();
  const n = auditCount(db);
  assert.equal(sqlite(db, "UPDATE audit_head SET last_id = last_id + 5;").status, 0);
  const v = verify(db);
  assert.equal(v.status, 1);
  assert.equal(
    v.stderr,
    `rise: audit trail BROKEN: the head was changed but no rows were deleted: it records row ${n + 5}, and the trail ends at row ${n}, as the checkpoint log confirms\n`,
  );
});

// "dropped triggers are never restored"
test("dropped or emptied guards come back at the next start, which records it in the trail", async () => {
  const db = copyOfDb();
  const r = sqlite(
    db,
    `DROP TRIGGER audit_no_update;
     DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END;`,
  );
  assert.equal(r.status, 0, r.stderr);
  const start = rise(["user", "list", "--db", db]);
  assert.equal(start.status, 0, start.stderr);
  assert.match(start.stderr, /trigger audit_no_update was missing and has been restored/);
  assert.match(start.stderr, /trigger audit_no_delete was altered and has been restored/);
  assert.notEqual(sqlite(db, "UPDATE audit SET reason = 'x'").status, 0, "UPDATE is refused again");
  assert.notEqual(sqlite(db, "DELETE FROM audit").status, 0, "DELETE is refused again");
  assert.deepEqual(
    sqliteRows(db, "SELECT object_id, changes FROM audit WHERE action = 'audit.guard-restored' ORDER BY id"),
    [
      ["audit_no_update", '[{"field":"trigger","before":"missing","after":"restored"}]'],
      ["audit_no_delete", '[{"field":"trigger","before":"altered","after":"restored"}]'],
    ],
  );
  const v = verify(db);
  assert.equal(v.status, 0, v.stderr);
  // and verify itself puts a missing guard back, saying so
  assert.equal(sqlite(db, "DROP TRIGGER audit_anchor_no_update;").status, 0);
  const w = verify(db);
  assert.equal(w.status, 1);
  assert.match(w.stderr, /^rise: the audit trail's \d+ rows are intact, but trigger audit_anchor_no_update was missing and has been restored$/m);
  assert.equal(verify(db).status, 0);
});

test("without its key the trail is not checked, and nothing starts a second chain with a new key", async () => {
  const db = copyOfDb();
  unlinkSync(`${db}.audit-key`);
  const v = verify(db);
  assert.equal(v.status, 1);
  assert.match(v.stderr, /cannot check the audit trail: its key .*copy-\d+\.db\.audit-key is missing \(the trail was anchored with key [0-9a-f]{32} on \d{4}-\d\d-\d\d\); put the key file back or give its path with --audit-key/);
  const start = rise(["user", "list", "--db", db]);
  assert.equal(start.status, 1, "the commands refuse to run without it");
  assert.match(start.stderr, /audit-key is missing/);
  assert.ok(!existsSync(`${db}.audit-key`), "no new key was made");
  // given where the key is, it verifies
  const k = verify(db, "--audit-key", `${server.db}.audit-key`);
  assert.equal(k.status, 0, k.stderr);
  // and another key is not accepted
  writeFileSync(`${db}.audit-key`, "ab".repeat(32) + "\n", { mode: 0o600 });
  const wrong = verify(db);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /is not the key it was anchored with/);
});

// "Existing databases whose rows were chained without a key must keep verifying"
test("a database from before the key is re-anchored at its next start and keeps verifying", async () => {
  const db = join(server.dir, "legacy.db");
  assert.equal(rise(["migrate", "--db", db]).status, 0);
  // back to the schema and files of the previous version: no anchor, no key, no log
  assert.equal(
    // (the anchor's table is made by a migration; a database of the previous
    // version has it empty until its first start, whatever migrations follow)
    sqlite(db, "DROP TRIGGER audit_anchor_no_update; DROP TRIGGER audit_anchor_no_delete; DELETE FROM audit_anchor;" +
      "CREATE TRIGGER audit_anchor_no_update BEFORE UPDATE ON audit_anchor " +
      "  BEGIN SELECT RAISE(ABORT, 'the audit anchor cannot be changed'); END;" +
      "CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor " +
      "  BEGIN SELECT RAISE(ABORT, 'the audit anchor cannot be changed'); END;").status,
    0,
  );
  unlinkSync(`${db}.audit-key`);
  unlinkSync(`${db}.audit-log`);
  // three rows written the old way, chained with SHA-256 and no key
  let prev = "0".repeat(64);
  const sql = [];
  for (let id = 1; id <= 3; id++) {
    const row = { id, at: `2025-0${id}-01T09:00:00.000Z`, actor_id: null, actor: "command line (root)", action: "user.create",
      object_type: "user", object_id: String(id), changes: "[]", reason: null, ip: null };
    const h = unkeyedHash(row, prev);
    sql.push(`INSERT INTO audit (id, at, actor, action, object_type, object_id, changes, prev_hash, hash)
              VALUES (${id}, '${row.at}', '${row.actor}', 'user.create', 'user', '${id}', '[]', '${prev}', '${h}');`);
    prev = h;
  }
  sql.push(`INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 3, '${prev}');`);
  assert.equal(sqlite(db, sql.join("\n")).status, 0);
  const old = verify(db);
  assert.equal(old.status, 0, old.stderr);
  assert.match(old.stdout, /audit trail intact: 3 rows verified\nthe trail has no key yet/);

  // the next start anchors it; the rows after are chained with the key
  const m = rise(["migrate", "--db", db]);
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stderr, /rows 1 to 3 were chained without a key .*the keyed chain starts at row 4/);
  assert.ok(existsSync(`${db}.audit-key`) && existsSync(`${db}.audit-log`));
  assert.equal((await addUserAsync({ db }, { role: "analyst", totp: false })).id > 0, true); // one audit row
  const v = verify(db);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /^audit trail intact: 4 rows verified\nrows 1 to 3 were written before the audit key existed \(the trail was anchored on \d{4}-\d\d-\d\d\).*rows from 4 on are chained with the key\n$/s);

  // the old rows cannot be rewritten afterwards either: the log pinned the last of them
  assert.equal(sqlite(db, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone else' WHERE id = 2;").status, 0);
  let p = auditRows(db, 1)[0].hash;
  const fix = [];
  for (const row of auditRows(db, 2).filter((r) => r.id <= 3)) {
    const h = unkeyedHash(row, p);
    fix.push(`UPDATE audit SET prev_hash = '${p}', hash = '${h}' WHERE id = ${row.id};`);
    p = h;
  }
  assert.equal(sqlite(db, fix.join("\n")).status, 0);
  const t = verify(db);
  assert.equal(t.status, 1);
  assert.match(t.stderr, /^rise: audit trail BROKEN at row 3: row 3 is not the row the checkpoint log recorded: it, or a row before it, was rewritten and the chain recomputed$/m);
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
  // the key is not in the backup (it must be kept apart from it); the backup has its own checkpoint log
  assert.match(b.stdout, /the audit key .*rise\.db\.audit-key is not in the backup: keep a copy of it somewhere else/);
  assert.ok(!existsSync(`${to}.audit-key`), "the key is not copied beside the backup");
  assert.ok(existsSync(`${to}.audit-log`), "the backup's checkpoint log is");
  const v = verify(to, "--audit-key", `${server.db}.audit-key`);
  assert.equal(v.status, 0, `the copy's audit trail verifies with the key: ${v.stderr}`);
  assert.match(verify(to).stderr, /audit-key is missing/, "and not without it");
  // the copy is a database the service can run on, given the key
  assert.equal(rise(["user", "list", "--db", to, "--audit-key", `${server.db}.audit-key`]).status, 0);

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
      ["user.two-factor.set-up", ""], // --totp-secret: the harness's accounts start with two-factor
      ["user.password-reset", "Locked out, rang the helpdesk"],
      ["user.disable", "Contract ended"],
      ["user.enable", "Contract renewed"],
    ],
  );
  for (const r of rows) assert.match(r[1], /^command line \(.+\)$/, "the command line is named as the actor");
  assert.match(rows[3][3], /"before":"active","after":"disabled"/);
  // the administrator sees it in the account's history
  const hist = await admin.client.get(`/history/user/${u.id}`);
  for (const t of ["Password reset", "Account disabled", "Contract ended", "Account re-enabled", "Contract renewed"])
    assert.ok(hist.text.includes(t), t);
  assert.equal(verify(server.db).status, 0, "and the trail still verifies");
});
