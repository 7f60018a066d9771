// server.test.mjs - the server as an operator and a browser see it:
// stopping with SIGTERM finishes requests in flight and exits 0; the access
// log has one line per request; front-end assets are served from hashed,
// cacheable URLs with ETags.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, stopCleanly, addUserAsync, Client, csrfFrom, rawHttp, sleep, nextTotpCode } from "../lib/harness.mjs";

let server; // shared by the log and asset tests (the shutdown tests start their own)

before(async () => {
  server = await startServer();
});

after(async () => {
  if (server) await stopCleanly(server);
});

/** Waits until cond() is true (or fails after timeoutMs). */
async function waitFor(cond, what, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const exitOf = (proc) =>
  proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve({ code: proc.exitCode, signal: proc.signalCode })
    : new Promise((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));

test("SIGTERM lets a sign-in in flight finish, then the server exits 0", async () => {
  const s = await startServer();
  try {
    const u = await addUserAsync(s, { role: "adviser" });
    const c = new Client(s.url);
    const token = await c.csrf("/login");
    // a sign-in spends ~100 ms hashing: signal while it is being worked on
    const pending = c.post("/login", { csrf_token: token, email: u.email, password: u.password });
    await waitFor(() => /access GET \/login 200/.test(s.log()), "the form request to be logged");
    await sleep(50); // the POST reuses the form's connection; give the server time to read it
    s.proc.kill("SIGTERM");
    const r = await pending;
    assert.equal(r.status, 303, "the sign-in still gets its answer");
    assert.equal(r.location, "/login/two-factor"); // an adviser's code comes next (decision 0014)
    assert.ok(r.headers.getSetCookie().some((x) => x.startsWith("rise_session=")), "with its new session cookie");
    const e = await exitOf(s.proc);
    assert.deepEqual(e, { code: 0, signal: null });
    const log = s.log();
    assert.match(log, /received SIGTERM: finishing requests in flight/);
    assert.match(log, /access POST \/login 303 /);
    assert.match(log, /stopped cleanly/);
    assert.ok(log.indexOf("access POST /login 303") < log.indexOf("stopped cleanly"));
  } finally {
    await stopCleanly(s);
  }
});

test("SIGTERM (even sent twice) waits for a request whose body is still arriving, and turns new visitors away", async () => {
  const s = await startServer();
  try {
    const c = new Client(s.url);
    const token = await c.csrf("/login");
    const body = `csrf_token=${token}&email=slow%40example.gov.uk&password=`;
    const half = Math.floor(body.length / 2);
    const { host } = new URL(s.url);
    let newcomer; // a visitor who arrives while the server is stopping
    const r = await rawHttp(s.url, [
      `POST /login HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${s.url}\r\nCookie: ${c.cookieHeader()}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n` +
        body.slice(0, half),
      async () => {
        await sleep(150); // the server has the headers and half the body
        s.proc.kill("SIGTERM");
        await waitFor(() => /received SIGTERM/.test(s.log()), "the server to see SIGTERM");
        s.proc.kill("SIGTERM"); // an impatient second signal must not cut the request off
        await sleep(100);
        const t = Date.now();
        const n = await rawHttp(s.url, [`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`], {
          timeoutMs: 3000,
        });
        newcomer = { ...n, ms: Date.now() - t };
      },
      body.slice(half),
    ]);
    assert.equal(r.status, 200, `the request was answered in full: ${r.error ?? ""}`);
    assert.match(r.text, /Enter your password/, "and judged on the whole form");
    assert.match(r.text, /value="slow@example.gov.uk"/);
    // someone arriving during the shutdown is turned away at once (so a load
    // balancer tries elsewhere), not left waiting for an answer that never comes
    assert.ok(!newcomer.timedOut && newcomer.ms < 1000, `a new connection is refused promptly: ${JSON.stringify(newcomer)}`);
    assert.equal(newcomer.status, null, "and not served");
    assert.deepEqual(await exitOf(s.proc), { code: 0, signal: null });
  } finally {
    await stopCleanly(s);
  }
});

test("the access log has one line per request: method, path, status, bytes, microseconds and user", async () => {
  // a school user signs in: the password, then the two-factor code
  const u = await addUserAsync(server, { role: "school" });
  const c = new Client(server.url);
  const start = accessLines().length;
  const seen = [];
  const req = async (method, path, opts) => {
    const r = await c.request(method, path, opts);
    seen.push({ method, path: path.split("?")[0], status: r.status, bytes: Buffer.byteLength(r.text) });
    return r;
  };
  await req("GET", "/healthz");
  await req("GET", "/no-such-page");
  const form = await req("GET", "/login");
  await req("POST", "/login", {
    body: new URLSearchParams({ csrf_token: csrfFrom(form.text), email: u.email, password: u.password }).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
  });
  const second = await req("GET", "/login/two-factor");
  await req("POST", "/login/two-factor", {
    body: new URLSearchParams({ csrf_token: csrfFrom(second.text), code: await nextTotpCode(server.url, u.email), next: "/" }).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
  });
  await req("GET", "/");
  await req("GET", "/audit?before=5");
  await req("DELETE", "/audit");
  await waitFor(() => accessLines().length >= start + seen.length, "the access lines");
  await sleep(50);
  const lines = accessLines().slice(start);
  assert.equal(lines.length, seen.length, `one line per request:\n${lines.map((l) => l.raw).join("\n")}`);
  // a line is written when the request completes, which can be just after
  // the client has sent its next request on another worker: match each
  // request to its line by method and path, not by position
  const unused = [...lines];
  for (const want of seen) {
    const k = unused.findIndex((l) => l.method === want.method && l.path === want.path);
    assert.ok(k >= 0, `a line for ${want.method} ${want.path}:\n${lines.map((l) => l.raw).join("\n")}`);
    const [got] = unused.splice(k, 1);
    assert.equal(got.method, want.method, got.raw);
    assert.equal(got.path, want.path, got.raw);
    assert.equal(got.status, want.status, got.raw);
    assert.equal(got.bytes, want.bytes, `bytes sent: ${got.raw}`);
    assert.ok(got.us > 0 && got.us < 10_000_000, `microseconds: ${got.raw}`);
    assert.ok(!Number.isNaN(Date.parse(got.ts)), `timestamp: ${got.raw}`);
  }
  const signedInLines = lines.filter((l) => l.path === "/" || l.path === "/audit");
  assert.ok(signedInLines.every((l) => l.user === u.id), "signed-in requests name the user");
  assert.equal(lines.find((l) => l.path === "/healthz").user, 0, "anonymous requests are user=0");
  assert.ok(lines.every((l) => !l.raw.includes(u.password)), "no password in the log");
});

function accessLines() {
  const re = /^(\S+) access (\S+) (\S+) (\d{3}) (\d+) (\d+)us user=(\d+)( aborted)?$/;
  return server
    .log()
    .split("\n")
    .filter((l) => / access /.test(l))
    .map((raw) => {
      const m = raw.match(re);
      assert.ok(m, `access line has method, path, status, bytes, microseconds and user: ${raw}`);
      return {
        raw,
        ts: m[1],
        method: m[2],
        path: m[3],
        status: Number(m[4]),
        bytes: Number(m[5]),
        us: Number(m[6]),
        user: Number(m[7]),
      };
    });
}

test("stylesheets are served from hashed URLs, cached for a year, with ETags and 304s", async () => {
  const c = new Client(server.url);
  const page = await c.get("/login");
  const sheets = [...page.text.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
  assert.ok(sheets.length >= 1);
  for (const href of sheets) {
    assert.match(href, /^\/assets\/[\w.-]+\.[0-9a-f]{10}\.css$/, `hashed URL ${href}`);
    const r = await c.get(href);
    assert.equal(r.status, 200, href);
    assert.match(r.headers.get("content-type"), /^text\/css/);
    assert.equal(r.headers.get("cache-control"), "public, max-age=31536000, immutable");
    const etag = r.headers.get("etag");
    assert.match(etag, /^"[^"]+"$/, "a strong ETag");
    assert.ok(r.text.length > 100);
    const again = await c.get(href, { headers: { "If-None-Match": etag } });
    assert.equal(again.status, 304, "If-None-Match gives 304");
    assert.equal(again.text, "");
    assert.equal(again.headers.get("etag"), etag);
    const stale = await c.get(href, { headers: { "If-None-Match": '"something-else"' } });
    assert.equal(stale.status, 200);
  }
  // the unhashed name still works, but is cached briefly (it changes with each release)
  const plain = await c.get("/assets/rise.css");
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get("cache-control"), "public, max-age=3600");
  // the script the page loads is there too
  const js = page.text.match(/<script type="module" src="([^"]+)">/)[1];
  assert.match(js, /\.[0-9a-f]{10}\.js$/);
  const j = await c.get(js);
  assert.equal(j.status, 200);
  assert.match(j.headers.get("content-type"), /javascript/);
});

test("the stylesheets point at fonts and images by hashed URLs that are all served", async () => {
  const c = new Client(server.url);
  const page = await c.get("/login");
  const govuk = page.text.match(/href="(\/assets\/govuk-frontend\.min\.[0-9a-f]+\.css)"/)[1];
  const css = (await c.get(govuk)).text;
  const urls = [...new Set([...css.matchAll(/url\(["']?([^"')]+)["']?\)/g)].map((m) => m[1]))].filter(
    (u) => !u.startsWith("data:"),
  );
  const fonts = urls.filter((u) => u.endsWith(".woff2"));
  assert.ok(fonts.length >= 2, `the stylesheet uses ${fonts.length} woff2 fonts`);
  for (const u of urls) {
    assert.match(u, /^\/assets\/.+\.[0-9a-f]{10}\.\w+$/, `${u} is a hashed asset URL`);
    const r = await c.get(u);
    assert.equal(r.status, 200, u);
    assert.equal(r.headers.get("cache-control"), "public, max-age=31536000, immutable", u);
    if (u.endsWith(".woff2")) assert.equal(r.headers.get("content-type"), "font/woff2", u);
  }
  const font = await fetch(server.url + fonts[0]);
  const bytes = Buffer.from(await font.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString("latin1"), "wOF2", "a real WOFF2 file");
  assert.equal(Number(font.headers.get("content-length")), bytes.length);
});

test("an unknown asset is a 404 page, and /favicon.ico is served", async () => {
  const c = new Client(server.url);
  for (const path of ["/assets/nothing.css", "/assets/rise.0000000000.css", "/assets/"]) {
    const r = await c.get(path);
    assert.equal(r.status, 404, path);
    assert.match(r.text, /<h1 class="govuk-heading-l">Page not found<\/h1>/);
  }
  // dot segments, which fetch() would tidy away before sending
  const { host } = new URL(server.url);
  for (const path of ["/assets/../healthz", "/assets/%2e%2e/healthz", "/assets/%2e%2e/%2e%2e/etc/passwd"]) {
    const r = await rawHttp(server.url, [`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    assert.equal(r.status, 404, path);
    assert.match(r.text, /<h1 class="govuk-heading-l">Page not found<\/h1>/);
  }
  const fav = await fetch(server.url + "/favicon.ico");
  assert.equal(fav.status, 200);
  assert.match(fav.headers.get("content-type"), /^image\//);
  const bytes = Buffer.from(await fav.arrayBuffer());
  assert.ok(bytes.length > 100);
  assert.deepEqual([...bytes.subarray(0, 4)], [0, 0, 1, 0], "an ICO file");
});
