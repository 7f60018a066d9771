// uploads.test.mjs - an upload is judged from its head, before any byte of
// the file is read or stored: a stranger is sent to sign in, another role
// refused, a missing or wrong CSRF token (carried in the form's address)
// refused; at most two uploads stream at once; a nearly full disk refuses
// one; the 256 MiB cap still holds. Each refusal answers at once, without
// waiting for the rest of the body, and leaves the uploads folder empty.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { readdirSync } from "node:fs";
import { startServer, stopCleanly, signedIn, csrfFrom, rawHttp } from "../lib/harness.mjs";

let server, admin, adminToken, officer, officerToken;

before(async () => {
  server = await startServer();
  admin = await signedIn(server, { role: "admin" });
  adminToken = csrfFrom((await admin.client.get("/imports/new")).text);
  officer = await signedIn(server, { role: "delivery-officer" });
  officerToken = csrfFrom((await officer.client.get("/")).text);
  assert.ok(adminToken && officerToken);
});

after(async () => {
  if (server) await stopCleanly(server);
});

const BOUNDARY = "----riseTestBoundary";
// the start of a real upload: the kind, then the file's first rows
const START =
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ngias\r\n` +
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n` +
  "URN,EstablishmentName\r\n100000,First School\r\n";
const END = `\r\n--${BOUNDARY}--\r\n`;
const MiB = 1024 * 1024;

/** The files in the server's uploads folder. */
function stored(s = server) {
  return readdirSync(`${s.db}.uploads`);
}

/** The head of a multipart POST to the upload page. */
function uploadHead(s, { client, token, origin = s.url, length = 50 * MiB, expect = false } = {}) {
  const { host } = new URL(s.url);
  const path = token === undefined ? "/imports/new" : `/imports/new?csrf_token=${encodeURIComponent(token)}`;
  return (
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\n` +
    (origin ? `Origin: ${origin}\r\n` : "") +
    (client ? `Cookie: ${client.cookieHeader()}\r\n` : "") +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n` +
    (expect ? "Expect: 100-continue\r\n" : "") +
    "\r\n"
  );
}

/**
 * Sends an upload's head and the first rows of its file, announcing 50 MiB,
 * and returns what comes back. An upload that is not refused at once waits
 * for the rest and rawHttp gives up (timedOut).
 */
function startUpload(s, opts) {
  return rawHttp(s.url, [uploadHead(s, opts) + START]);
}

/** The response headers of a rawHttp answer, by lower-case name. */
function headersOf(head) {
  const h = new Map();
  for (const line of head.split("\r\n").slice(1)) {
    const i = line.indexOf(":");
    if (i > 0) h.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return h;
}

/** A refusal answered from the head: at once, closing the connection, nothing stored. */
function assertRefusedAtOnce(r, status, what, storedBefore = []) {
  assert.ok(!r.timedOut, `${what}: answered without waiting for the rest of the file`);
  assert.equal(r.status, status, `${what}: ${r.head.slice(0, 200)}`);
  const h = headersOf(r.head);
  assert.equal(h.get("connection"), "close", `${what}: the connection is closed, the body unread`);
  assert.ok(h.get("content-security-policy"), `${what}: with the security headers`);
  // (the background import deletes files, so only a new name would be a file stored)
  const added = stored().filter((f) => !storedBefore.includes(f));
  assert.deepEqual(added, [], `${what}: nothing is stored in the uploads folder`);
}

test("a stranger's upload is sent to sign in from its head: nothing is read or stored", async () => {
  const r = await startUpload(server, {});
  assertRefusedAtOnce(r, 303, "no cookie");
  assert.equal(headersOf(r.head).get("location"), "/login");
});

test("a signed-in user of any role but administrator is refused before the file is read", async () => {
  const r = await startUpload(server, { client: officer.client, token: officerToken });
  assertRefusedAtOnce(r, 403, "delivery officer");
  assert.match(r.text, /You do not have permission to see this page/);
  const others = ["adviser", "regional-director", "delivery-partner", "grant-team", "supporting-organisation", "school", "analyst"];
  for (const role of others) {
    const { client } = await signedIn(server, { role });
    const token = csrfFrom((await client.get("/")).text);
    assertRefusedAtOnce(await startUpload(server, { client, token }), 403, role);
  }
});

test("an administrator's upload without its token in the address, with a wrong one, or from another site is refused before the file is read", async () => {
  const cases = {
    "no token in the address": { client: admin.client },
    "a wrong token": { client: admin.client, token: "x".repeat(43) },
    "another user's token": { client: admin.client, token: officerToken },
    "from another site": { client: admin.client, token: adminToken, origin: "https://evil.example" },
    "no Origin or Referer": { client: admin.client, token: adminToken, origin: null },
  };
  for (const [what, opts] of Object.entries(cases)) {
    const r = await startUpload(server, opts);
    assertRefusedAtOnce(r, 403, what);
  }
  assert.match(server.log(), /csrf rejected: POST \/imports\/new .*an upload's token is in its address/);
});

test("the upload form sends its CSRF token in its address, and an upload so sent is taken in", async () => {
  const form = await admin.client.get("/imports/new");
  const m = form.text.match(/<form method="post" action="\/imports\/new\?csrf_token=([A-Za-z0-9_-]{43})" enctype="multipart\/form-data"/);
  assert.ok(m, "the form's action carries the token");
  assert.equal(m[1], adminToken);
  const body = new FormData();
  body.append("kind", "gias");
  body.append("file", new Blob(["URN,EstablishmentName\n100000,First School\n"], { type: "text/csv" }), "gias.csv");
  const r = await admin.client.request("POST", `/imports/new?csrf_token=${m[1]}`, { body, headers: { Origin: server.url } });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.match(r.location, /^\/imports\/\d+$/);
});

test("a file announced over 256 MiB is refused with 413 before it is read", async () => {
  const before = stored();
  const r = await rawHttp(server.url, [uploadHead(server, { client: admin.client, token: adminToken, length: 256 * MiB + 1 }) + START]);
  assertRefusedAtOnce(r, 413, "257 MiB", before);
  assert.match(r.text, /What you sent is too large/);
});

/**
 * Starts an upload that announces exactly START + END and waits for the
 * server's "100 Continue", which it sends once it has taken the upload in.
 * Returns { finish(): the answer once the rest is sent, abort() }.
 */
function heldUpload(s, client, token) {
  const sock = net.connect(Number(new URL(s.url).port), "127.0.0.1");
  let got = "";
  const closed = new Promise((resolve) => sock.on("close", resolve));
  sock.on("error", () => {});
  const continued = new Promise((resolve, reject) => {
    sock.on("data", (d) => {
      got += d.toString("latin1");
      if (/^HTTP\/1\.1 100 Continue\r\n\r\n/.test(got)) resolve();
      else if (/^HTTP\/1\.1 [2-5]\d\d/.test(got)) reject(new Error(`refused instead of continued: ${got.slice(0, 100)}`));
    });
  });
  sock.write(uploadHead(s, { client, token, length: Buffer.byteLength(START + END), expect: true }));
  return {
    continued,
    async finish() {
      got = "";
      sock.end(START + END);
      await closed;
      return Number(got.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);
    },
    abort() {
      sock.destroy();
      return closed;
    },
  };
}

test("at most two uploads stream at once: a third is told to wait (503) without being read, and the next after one ends is taken", async () => {
  const first = heldUpload(server, admin.client, adminToken);
  const second = heldUpload(server, admin.client, adminToken);
  await Promise.all([first.continued, second.continued]);
  const before = stored();

  const third = await startUpload(server, { client: admin.client, token: adminToken });
  assert.ok(!third.timedOut, "the third is answered at once");
  assert.equal(third.status, 503);
  const h = headersOf(third.head);
  assert.equal(h.get("connection"), "close");
  assert.equal(h.get("retry-after"), "60");
  assert.ok(h.get("content-security-policy"));
  assert.match(third.text, /<h1 class="govuk-heading-l">Sorry, too many files are being uploaded<\/h1>/);
  assert.deepEqual(stored().filter((f) => !before.includes(f)), [], "the third stored nothing");

  assert.equal(await first.finish(), 303, "the first upload completes");
  const fourth = heldUpload(server, admin.client, adminToken);
  await fourth.continued; // taken in: the first one's slot was freed
  assert.equal(await fourth.finish(), 303);
  await second.abort();
});

test("when the disk is nearly full an upload is refused (507) and nothing is stored or queued", async () => {
  // keep free more than any disk has: every upload finds the disk "nearly full"
  const s = await startServer({ args: ["--upload-reserve", "1000000000000"] });
  try {
    const { client } = await signedIn(s, { role: "admin" });
    const token = csrfFrom((await client.get("/imports/new")).text);
    const body = new FormData();
    body.append("kind", "gias");
    body.append("file", new Blob(["URN,EstablishmentName\n100000,First School\n"], { type: "text/csv" }), "gias.csv");
    const r = await client.request("POST", `/imports/new?csrf_token=${token}`, { body, headers: { Origin: s.url } });
    assert.equal(r.status, 507);
    assert.ok(r.headers.get("content-security-policy"));
    assert.match(r.text, /<h1 class="govuk-heading-l">Sorry, there is not enough space to store your file<\/h1>/);
    assert.match(r.text, /nothing was saved/);
    assert.deepEqual(stored(s), []);
    assert.match((await client.get("/imports")).text, /No files have been loaded yet/);
    const big = await rawHttp(s.url, [uploadHead(s, { client, token }) + START]);
    assert.ok(!big.timedOut);
    assert.equal(big.status, 507, "a large one is refused from its head");
    assert.deepEqual(stored(s), []);
    assert.match(s.log(), /refused: the disk of .* is nearly full/);
  } finally {
    await stopCleanly(s);
  }
});
