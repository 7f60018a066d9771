// security.test.mjs - what protects every response and every request:
// security headers, the session cookie's attributes (http and https), the
// GOV.UK error pages for 404/405/400/413, refusing malformed encodings and
// oversized requests without falling over, and escaping what users type.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, stopCleanly, signedIn, Client, csrfFrom, rawHttp } from "../lib/harness.mjs";

let server;
let admin; // { client, user }

before(async () => {
  server = await startServer();
  admin = await signedIn(server, { role: "admin" });
});

after(async () => {
  if (server) await stopCleanly(server);
});

/** The security headers every response must carry on plain http. */
function assertSecurityHeaders(res, what, { https = false } = {}) {
  const csp = res.headers.get("content-security-policy");
  assert.ok(csp, `${what}: has a Content-Security-Policy`);
  assert.doesNotMatch(csp, /'unsafe-inline'/, `${what}: CSP does not allow inline script or style`);
  assert.doesNotMatch(csp, /'unsafe-eval'/, `${what}: CSP does not allow eval`);
  assert.match(csp, /(^|;)\s*frame-ancestors 'none'\s*(;|$)/, `${what}: CSP forbids framing`);
  assert.match(csp, /(^|;)\s*default-src 'self'/, `${what}: CSP defaults to this site only`);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff", `${what}: nosniff`);
  assert.match(
    res.headers.get("referrer-policy") || "",
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
    `${what}: a Referrer-Policy that keeps addresses on this site`,
  );
  const hsts = res.headers.get("strict-transport-security");
  if (https) assert.match(hsts || "", /max-age=(\d{8,}|3[2-9]\d{6})/, `${what}: HSTS for at least a year`);
  else assert.equal(hsts, null, `${what}: no HSTS over plain http`);
}

/** A GOV.UK-template page with this <h1> and a <title> that starts with it. */
function assertGovukPage(text, heading) {
  assert.match(text, /^<!DOCTYPE html>/);
  assert.match(text, /<html lang="en" class="govuk-template">/);
  assert.match(text, /class="govuk-header/);
  assert.match(text, /class="govuk-footer/);
  assert.ok(text.includes(`<h1 class="govuk-heading-l">${heading}</h1>`), `page has the heading "${heading}"`);
  assert.ok(text.includes(`<title>${heading} - `), `page title starts "${heading}"`);
}

test("every kind of response carries the security headers", async () => {
  const anon = new Client(server.url);
  const login = await anon.get("/login");
  const cssHref = login.text.match(/<link rel="stylesheet" href="(\/assets\/rise\.[0-9a-f]+\.css)">/)[1];
  const cases = {
    "a page (sign-in)": [anon, "GET", "/login", 200],
    "a signed-in page": [admin.client, "GET", "/users", 200],
    "the 404 page": [anon, "GET", "/no-such-page", 404],
    "the 405 page": [anon, "DELETE", "/login", 405],
    "the 400 page": [anon, "GET", "/login?next=%zz", 400],
    "the 403 page": [new Client(server.url), "POST", "/login", 403],
    "an asset": [anon, "GET", cssHref, 200],
    "the health check": [anon, "GET", "/healthz", 200],
    "a redirect to sign in": [anon, "GET", "/users", 303],
  };
  for (const [what, [client, method, path, status]] of Object.entries(cases)) {
    const r = await client.request(method, path);
    assert.equal(r.status, status, `${what}: ${method} ${path}`);
    assertSecurityHeaders(r, what);
  }
});

test("the session cookie is HttpOnly, SameSite=Lax, for this host only and ends with the browser", async () => {
  const r = await new Client(server.url).get("/login");
  const cookies = r.headers.getSetCookie();
  assert.equal(cookies.length, 1, "one cookie: the session");
  const [pair, ...attrs] = cookies[0].split(";").map((s) => s.trim());
  // before sign-in: a signed pre-login cookie ("p.<time>.<random>.<signature>"), no database row
  assert.match(pair, /^rise_session=p\.\d+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  const a = attrs.map((s) => s.toLowerCase());
  assert.ok(a.includes("httponly"), "HttpOnly");
  assert.ok(a.includes("samesite=lax"), "SameSite=Lax");
  assert.ok(a.includes("path=/"), "Path=/");
  assert.ok(!a.some((s) => s.startsWith("domain=")), "no Domain: only this host gets it");
  assert.ok(!a.some((s) => s.startsWith("expires=") || s.startsWith("max-age=")), "ends when the browser closes");
  assert.ok(!a.includes("secure"), "not Secure on plain http, or the browser would drop it");
});

test("with an https base URL: HSTS on every response and a Secure __Host- session cookie", async () => {
  const s = await startServer({ args: ["--base-url", "https://rise.example.test"] });
  try {
    const c = new Client(s.url);
    const login = await c.get("/login");
    assert.equal(login.status, 200);
    assertSecurityHeaders(login, "https sign-in page", { https: true });
    const cookies = login.headers.getSetCookie();
    assert.equal(cookies.length, 1);
    const [pair, ...attrs] = cookies[0].split(";").map((x) => x.trim().toLowerCase());
    assert.match(pair, /^__host-rise_session=/, "the cookie has the __Host- prefix");
    for (const want of ["secure", "httponly", "samesite=lax", "path=/"]) assert.ok(attrs.includes(want), want);
    assert.ok(!attrs.some((x) => x.startsWith("domain=")), "__Host- cookies have no Domain");
    for (const path of ["/no-such-page", "/healthz", "/"]) {
      const r = await c.get(path);
      assertSecurityHeaders(r, `https ${path}`, { https: true });
    }
    // the form is only accepted from the https origin the service is published at
    const token = csrfFrom(login.text);
    const wrong = await c.post("/login", { csrf_token: token, email: "", password: "" }, { origin: s.url });
    assert.equal(wrong.status, 403, "a form posted from the bare http address is refused");
    const right = await c.post("/login", { csrf_token: token, email: "", password: "" }, { origin: "https://rise.example.test" });
    assert.equal(right.status, 200, "a form posted from the published https address is taken in");
    assert.match(right.text, /Enter your email address/);
  } finally {
    await stopCleanly(s);
  }
});

test("an unknown address gives the GOV.UK 'Page not found' page", async () => {
  const c = new Client(server.url);
  for (const path of ["/no-such-page", "/users/1/nothing", "/assets/nothing.css", "/login/"]) {
    const r = await c.get(path);
    assert.equal(r.status, 404, path);
    assert.match(r.headers.get("content-type"), /^text\/html; charset=utf-8/);
    assertGovukPage(r.text, "Page not found");
    assert.match(r.text, /If you typed the web address, check it is correct/);
  }
  // a signed-in user's 404 is the same page, inside their navigation
  const r = await admin.client.get("/users/999999");
  assert.equal(r.status, 404);
  assertGovukPage(r.text, "Page not found");
  assert.match(r.text, /Sign out<\/button>/);
});

test("a method the address does not accept gives 405", async () => {
  const c = new Client(server.url);
  const token = await c.csrf("/login");
  for (const [method, path] of [
    ["DELETE", "/login"],
    ["PUT", "/users/new"],
    ["GET", "/logout"],
    ["POST", "/healthz"],
  ]) {
    const r = await c.request(method, path, method === "POST" ? { body: `csrf_token=${token}`, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url } } : {});
    assert.equal(r.status, 405, `${method} ${path}`);
    assertGovukPage(r.text, "Sorry, that cannot be done here");
  }
});

test("a body over 1 MiB is refused with 413, announced or chunked, and the server carries on", async () => {
  const { host } = new URL(server.url);
  // announced: refused from the headers alone, before the body is sent
  const announced = await rawHttp(server.url, [
    `POST /login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${1024 * 1024 + 1}\r\nConnection: close\r\n\r\n`,
  ]);
  assert.equal(announced.status, 413, `announced: ${announced.head.slice(0, 200)}`);
  assertGovukPage(announced.text, "What you sent is too large");

  // exactly 1 MiB is still accepted (and then judged on its contents)
  const c = new Client(server.url);
  const token = await c.csrf("/login");
  const atLimit = `csrf_token=${token}&email=&password=&pad=`;
  const body = atLimit + "x".repeat(1024 * 1024 - atLimit.length);
  assert.equal(body.length, 1024 * 1024);
  const ok = await c.request("POST", "/login", {
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
  });
  assert.equal(ok.status, 200, "a body of exactly 1 MiB is read");
  assert.match(ok.text, /Enter your email address/);

  // chunked: no length up front, so the server counts as it reads
  const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
  let sent = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (sent >= 1024 * 1024 + chunk.length) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const res = await fetch(server.url + "/login", {
    method: "POST",
    body: stream,
    duplex: "half",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: c.cookieHeader(), Origin: server.url },
  });
  const text = await res.text();
  assert.equal(res.headers.get("content-length"), String(Buffer.byteLength(text)));
  assert.equal(res.status, 413, "chunked body over 1 MiB");
  assertGovukPage(text, "What you sent is too large");
  assertSecurityHeaders(res, "the 413 page");

  const h = await c.get("/healthz");
  assert.equal(h.status, 200);
});

test("malformed percent-encoding or invalid UTF-8 gives the GOV.UK 400 page, in a form or a query", async () => {
  const bad = ["%zz", "%", "%4", "%C0%80", "%FF", "%ED%A0%80", "%00"];
  const c = new Client(server.url);
  const token = await c.csrf("/login");
  for (const b of bad) {
    const q = await c.get(`/login?next=${b}`);
    assert.equal(q.status, 400, `query next=${b}`);
    assertGovukPage(q.text, "Sorry, there is a problem with what was sent");
    const f = await c.request("POST", "/login", {
      body: `csrf_token=${token}&email=${b}&password=x`,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    });
    assert.equal(f.status, 400, `form email=${b}`);
    assertGovukPage(f.text, "Sorry, there is a problem with what was sent");
    const k = await c.request("POST", "/login", {
      body: `csrf_token=${token}&e${b}mail=x`,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    });
    assert.equal(k.status, 400, `form field name e${b}mail`);
  }
  // a signed-in form too, and the path itself
  const users = await admin.client.get("/users?q=%C0%80");
  assert.equal(users.status, 400);
  const path = await c.get("/users/%zz");
  assert.equal(path.status, 400);
  // well-formed UTF-8 is fine
  const good = await admin.client.get("/users?q=%C3%A9l%C3%A8ve");
  assert.equal(good.status, 200);
  assert.match(good.text, /value="élève"/);
  // nothing bad got into the trail
  assert.equal((await c.get("/healthz")).status, 200);
});

test("oversized request headers are refused without bringing the server down", async () => {
  const { host } = new URL(server.url);
  const big = await rawHttp(server.url, [
    `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${"a".repeat(200 * 1024)}\r\nConnection: close\r\n\r\n`,
  ]);
  assert.ok(!big.timedOut, "the server answers or closes, it does not hang");
  assert.ok(big.status === null || (big.status >= 400 && big.status < 500), `refused: ${big.status} ${big.error}`);
  // many ordinary headers adding up to too much
  const many = Array.from({ length: 4000 }, (_, i) => `X-H${i}: ${"b".repeat(40)}\r\n`).join("");
  const lots = await rawHttp(server.url, [`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n${many}Connection: close\r\n\r\n`]);
  assert.ok(!lots.timedOut);
  assert.ok(lots.status === null || (lots.status >= 400 && lots.status < 500), `refused: ${lots.status}`);
  // a huge cookie, which the server parses itself
  const cookie = await rawHttp(server.url, [
    `GET / HTTP/1.1\r\nHost: ${host}\r\nCookie: ${"c=d; ".repeat(20000)}\r\nConnection: close\r\n\r\n`,
  ]);
  assert.ok(!cookie.timedOut);
  assert.ok(cookie.status === null || cookie.status < 500, `cookie flood: ${cookie.status}`);
  const h = await new Client(server.url).get("/healthz");
  assert.equal(h.status, 200, "the server still answers afterwards");
  assert.equal(h.text, "ok\n");
});

test("what people type is escaped: a user named <script> shows as text everywhere", async () => {
  const c = admin.client;
  const evil = "<script>alert(1)</script>";
  const token = await c.csrf("/users/new");
  const r = await c.post("/users/new", {
    csrf_token: token,
    name: evil,
    email: "script.person@example.gov.uk",
    role: "school",
    region: "",
    organisation: `"Quoted" & <b>bold</b> Trust`,
    password: "a long enough password",
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const id = r.location.match(/^\/users\/(\d+)$/)[1];
  const pages = {
    "the account page (with its success banner)": `/users/${id}`,
    "the users list": "/users",
    "the users list, searching for the name": `/users?q=${encodeURIComponent(evil)}`,
    "the change form": `/users/${id}/edit`,
    "the account history": `/history/user/${id}`,
    "the audit trail": "/audit",
  };
  for (const [what, path] of Object.entries(pages)) {
    const p = await c.get(path);
    assert.equal(p.status, 200, what);
    assert.ok(!p.text.includes("<script>alert"), `${what} never contains the raw tag`);
    assert.ok(!p.text.includes("<b>bold</b>"), `${what} never contains raw markup from the organisation`);
    assert.ok(p.text.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), `${what} shows the name as text`);
  }
  const show = await c.get(`/users/${id}`);
  assert.ok(show.text.includes("&quot;Quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; Trust"));
  // the only <script> elements on a page are the service's own module
  const scripts = show.text.match(/<script[^>]*>/g);
  assert.deepEqual(scripts, [scripts[0]]);
  assert.match(scripts[0], /^<script type="module" src="\/assets\/rise\.[0-9a-f]+\.js">$/);
});

/** The response headers of a rawHttp answer, by lower-case name. */
function rawHeaders(head) {
  const h = new Map();
  for (const line of head.split("\r\n").slice(1)) {
    const i = line.indexOf(":");
    if (i > 0) h.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return h;
}

/** A raw answer is our own GOV.UK page with the security headers. */
function assertOurPage(r, status, heading, what) {
  assert.ok(!r.timedOut, `${what}: answered, not left hanging`);
  assert.equal(r.status, status, `${what}: ${r.head.slice(0, 120)}`);
  assertSecurityHeaders({ headers: { get: (n) => rawHeaders(r.head).get(n.toLowerCase()) ?? null } }, what);
  assertGovukPage(r.text, heading);
}

test("a thousand query parameters are read; more get our 400 page, never a hung connection", async () => {
  const { host } = new URL(server.url);
  const get = (n, param = (i) => `a${i}=1`) =>
    rawHttp(server.url, [
      `GET /login?${Array.from({ length: n }, (_, i) => param(i)).join("&")} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    ]);
  for (const n of [999, 1000]) {
    const r = await get(n);
    assert.ok(!r.timedOut, `${n} parameters: answered`);
    assert.equal(r.status, 200, `${n} parameters are read`);
  }
  for (const n of [1001, 3000]) {
    assertOurPage(await get(n), 400, "Sorry, there is a problem with what was sent", `${n} parameters`);
  }
  // the shortest parameters, as many as fit in the head
  assertOurPage(await get(5000, () => "a"), 400, "Sorry, there is a problem with what was sent", "5000 bare names");
  // the query still reaches the page: the sign-in link keeps where you were going
  const r = await new Client(server.url).get("/users?q=%C3%A9l%C3%A8ve&x=1");
  assert.equal(r.location, `/login?next=${encodeURIComponent("/users?q=%C3%A9l%C3%A8ve&x=1")}`);
});

test("an oversized head gets our own 431 page with the security headers", async () => {
  const { host } = new URL(server.url);
  const heading = "What your browser sent is too large";
  const cases = {
    "one 40 KiB header": `X-Big: ${"a".repeat(40 * 1024)}\r\n`,
    "one 200 KiB header": `X-Big: ${"a".repeat(200 * 1024)}\r\n`,
    "150 small headers": Array.from({ length: 150 }, (_, i) => `X-H${i}: b\r\n`).join(""),
    "a 40 KiB cookie": `Cookie: big=${"c".repeat(40 * 1024)}\r\n`,
    "a 40 KiB address": "",
  };
  for (const [what, extra] of Object.entries(cases)) {
    const path = what === "a 40 KiB address" ? `/login?next=${"d".repeat(40 * 1024)}` : "/healthz";
    const r = await rawHttp(server.url, [`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`]);
    assertOurPage(r, 431, heading, what);
    assert.match(r.text, /too many cookies for this site/);
  }
  // an ordinary head well inside the limits is served
  const ok = await rawHttp(server.url, [
    `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${"a".repeat(16 * 1024)}\r\nConnection: close\r\n\r\n`,
  ]);
  assert.equal(ok.status, 200);
});

test("two Content-Lengths, or one with Transfer-Encoding, get our 400 page and the body is not read", async () => {
  const { host } = new URL(server.url);
  const c = new Client(server.url);
  const token = await c.csrf("/login");
  const form = `csrf_token=${token}&email=&password=`;
  const head = `POST /login HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${server.url}\r\nCookie: ${c.cookieHeader()}\r\n` +
    "Content-Type: application/x-www-form-urlencoded\r\n";
  // the same form with one Content-Length is read and judged (no email given)
  const plain = await rawHttp(server.url, [`${head}Content-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`]);
  assert.equal(plain.status, 200);
  assert.match(plain.text, /Enter your email address/);
  const chunked = `${form.length.toString(16)}\r\n${form}\r\n0\r\n\r\n`;
  const cases = {
    "two equal Content-Lengths": `Content-Length: ${form.length}\r\nContent-Length: ${form.length}\r\n\r\n${form}`,
    "two different Content-Lengths": `Content-Length: ${form.length}\r\nContent-Length: 5\r\n\r\n${form}`,
    "Content-Length and Transfer-Encoding": `Content-Length: ${chunked.length}\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`,
    "Transfer-Encoding and Content-Length": `Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n${chunked}`,
  };
  for (const [what, rest] of Object.entries(cases)) {
    const r = await rawHttp(server.url, [head + rest]);
    assertOurPage(r, 400, "Sorry, there is a problem with what was sent", what);
    assert.equal(rawHeaders(r.head).get("connection"), "close", `${what}: the connection is closed`);
    assert.doesNotMatch(r.text, /Enter your email address/, `${what}: the form was not read`);
  }
  // even on a request without a body
  const get = await rawHttp(server.url, [`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n`]);
  assertOurPage(get, 400, "Sorry, there is a problem with what was sent", "GET with two Content-Lengths");
  assert.equal((await c.get("/healthz")).status, 200);
});
