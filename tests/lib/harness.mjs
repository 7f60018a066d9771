// harness.mjs - shared helpers for the HTTP and end-to-end suites.
//
// startServer() runs the real `rise serve` on 127.0.0.1 with an ephemeral
// port and a database in a fresh temporary folder; stop() sends SIGTERM and
// waits, so every test stops the server it started. Client keeps cookies
// like a browser, so that sign-in, CSRF tokens and sessions are exercised
// exactly as a user's browser would.
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Node 18 (Debian 12's) may lack Headers.getSetCookie (Node 19.7+). rise
// sends at most one Set-Cookie per response, so the plain header will do.
if (typeof Headers !== "undefined" && !Headers.prototype.getSetCookie) {
  Headers.prototype.getSetCookie = function getSetCookie() {
    const v = this.get("set-cookie");
    return v ? [v] : [];
  };
}

export const BIN = process.env.RISE_BIN || new URL("../../build/debug/rise", import.meta.url).pathname;
export const SOURCE_DIR = process.env.RISE_SOURCE_DIR || new URL("../..", import.meta.url).pathname;

/** Runs a rise subcommand; returns {status, stdout, stderr}. */
export function rise(args, { input } = {}) {
  const r = spawnSync(BIN, args, { input: input ?? "", encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Starts `rise serve` on a free port with a new database.
 * options: { args: [...extra serve args], env: {...} }
 * Returns { url, db, dir, proc, log(), stop() }.
 */
export async function startServer({ args = [], env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rise-test-"));
  const db = join(dir, "rise.db");
  const m = rise(["migrate", "--db", db]);
  if (m.status !== 0) throw new Error(`migrate failed: ${m.stderr}`);
  const proc = spawn(BIN, ["serve", "--db", db, "--listen", "127.0.0.1:0", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stderr.on("data", (d) => (err += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 10000);
    timer.unref();
    proc.stdout.on("data", (d) => {
      out += d;
      const m2 = out.match(/listening on http:\/\/localhost:(\d+)\//);
      if (m2) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m2[1]}`);
      }
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${code}): ${err}`));
    });
  });
  let exited = null;
  const exitPromise = new Promise((resolve) => proc.on("exit", (code, signal) => resolve((exited = { code, signal }))));
  return {
    url,
    db,
    dir,
    proc,
    log: () => err,
    /** SIGTERM, wait for a clean exit; returns {code, signal}. */
    async stop() {
      if (!exited) proc.kill("SIGTERM");
      let timer;
      const r = await Promise.race([exitPromise, new Promise((res) => (timer = setTimeout(() => res(null), 15000)))]);
      clearTimeout(timer);
      if (!r) {
        proc.kill("SIGKILL");
        await exitPromise;
      }
      rmSync(dir, { recursive: true, force: true });
      // a sanitizer report or an unclean exit fails the test that owns the server
      if (/ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/.test(err)) {
        throw new Error(`the server reported a memory or undefined-behaviour error:\n${err}`);
      }
      if (!r || r.code !== 0) {
        throw new Error(`the server did not exit cleanly (${JSON.stringify(r)}):\n${err.slice(-4000)}`);
      }
      return r;
    },
  };
}

let userCounter = 0;
export const PASSWORD = "correct horse battery staple";

// --- two-factor, as a person's authenticator app does it (RFC 6238) --------

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Base32 (RFC 4648) to bytes, ignoring case, spaces and padding. */
export function base32Decode(s) {
  let bits = 0;
  let acc = 0;
  const out = [];
  for (const ch of s.toUpperCase().replace(/[\s=-]/g, "")) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Bytes to base32 without padding. */
export function base32Encode(buf) {
  let bits = 0;
  let acc = 0;
  let out = "";
  for (const b of buf) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31];
  return out;
}

/** The 6-digit TOTP code of a base32 secret for a 30-second step (HMAC-SHA1). */
export function totpCode(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 1000000).padStart(6, "0");
}

export const totpStep = (ms = Date.now()) => Math.floor(ms / 30000);

/** A new random two-factor secret (base32), as `rise user add --totp-secret` takes. */
export const newTotpSecret = () => base32Encode(randomBytes(20));

// each person's secret, as their phone holds it, and the last step used per
// server: rise never accepts a code twice, so a person signing in again
// soon waits for the next code, as a real one would
const totpSecrets = new Map();
const totpLastStep = new Map();

/** Remembers a person's two-factor secret (their "phone"). */
export function rememberTotp(email, secret) {
  totpSecrets.set(email.toLowerCase(), secret);
}
export function totpSecretFor(email) {
  return totpSecrets.get(email.toLowerCase());
}

/**
 * A code rise has not yet accepted for this person on this server: of the
 * steps it accepts (now-1, now, now+1), the earliest after the last one used;
 * waits for the next step when all three are used.
 */
export async function nextTotpCode(base, email) {
  const secret = totpSecretFor(email);
  if (!secret) throw new Error(`no two-factor secret known for ${email}`);
  const key = `${base}|${email.toLowerCase()}`;
  for (;;) {
    const now = Date.now();
    const at = totpStep(now);
    const last = totpLastStep.get(key) ?? -Infinity;
    // the previous step only with time to spare before it leaves the window
    const earliest = now % 30000 < 20000 ? at - 1 : at;
    const step = Math.max(last + 1, earliest);
    if (step <= at + 1) {
      totpLastStep.set(key, step);
      return totpCode(secret, step);
    }
    await sleep(30000 - (now % 30000) + 50);
  }
}

/**
 * The two-factor secret a new user starts with: every role must use
 * two-factor (decisions 0014 and 0016), so by default they get one, as if
 * they had already set it up; totp: false gives none (they set it up at
 * sign-in), a string gives that secret.
 */
function twoFactorSecret(role, totp) {
  if (totp === false) return null;
  if (typeof totp === "string") return totp;
  return newTotpSecret();
}

/** Adds a user through the CLI; returns {email, password, totpSecret, ...}. */
export function addUser(server, { role = "admin", email, name, region, organisation, password = PASSWORD, totp, orgKind } = {}) {
  userCounter += 1;
  email = email || `${role}.${process.pid}.${userCounter}@example.gov.uk`;
  name = name || `Test ${role} ${userCounter}`;
  if (!region && ["delivery-officer", "regional-director", "delivery-partner"].includes(role)) region = "North West";
  if (!organisation && ["supporting-organisation", "school"].includes(role)) organisation = "Example Trust";
  const args = ["user", "add", "--db", server.db, "--email", email, "--name", name, "--role", role, "--password-stdin"];
  if (region) args.push("--region", region);
  if (organisation) args.push("--organisation", organisation);
  if (orgKind) args.push("--org-kind", orgKind);
  const totpSecret = twoFactorSecret(role, totp);
  if (totpSecret) args.push("--totp-secret", totpSecret);
  const r = rise(args, { input: password + "\n" });
  if (r.status !== 0) throw new Error(`user add failed: ${r.stderr}`);
  if (totpSecret) rememberTotp(email, totpSecret);
  return { email, name, role, region, organisation, password, totpSecret };
}

/** Undoes html.c's escaping of an attribute value. */
export function unescapeHtml(s) {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The value of the hidden csrf_token field in a page. */
export function csrfFrom(html) {
  const m = html.match(/name="csrf_token" value="([^"]+)"/);
  return m ? m[1] : null;
}

/** A cookie-keeping HTTP client that does not follow redirects. */
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
  }
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  keep(res) {
    const set = res.headers.getSetCookie ? res.headers.getSetCookie() : [];
    for (const c of set) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const k = pair.slice(0, i).trim();
      const v = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()));
      if (expired || v === "") this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }
  async request(method, path, { body, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    const res = await fetch(this.base + path, { method, body, headers: h, redirect: "manual" });
    this.keep(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get("location") };
  }
  get(path, opts) {
    return this.request("GET", path, opts);
  }
  /** POSTs a form (an object) as application/x-www-form-urlencoded, with Origin set to the server. */
  post(path, form, { origin = this.base, headers = {} } = {}) {
    const body = new URLSearchParams(form).toString();
    const h = { "Content-Type": "application/x-www-form-urlencoded", ...headers };
    if (origin) h.Origin = origin;
    return this.request("POST", path, { body, headers: h });
  }
  /** Fetches a page and returns its CSRF token. */
  async csrf(path = "/login") {
    const r = await this.get(path);
    return csrfFrom(r.text);
  }
  /**
   * Signs in through the real forms, as a person does: the password, then
   * the code from their authenticator app (the secret the harness knows for
   * them), or setting two-factor up when asked (remembering the secret the
   * page shows, and keeping the recovery codes on this.recoveryCodes).
   * Returns the last POST's response: a 303 to where they were going, the
   * recovery codes page (200) after setting up, or the form again.
   */
  async login(email, password = PASSWORD) {
    const token = await this.csrf("/login");
    return this.finishSignIn(await this.post("/login", { csrf_token: token, email, password }), email);
  }
  /**
   * After the password's POST (r): the second factor, when rise asks for it,
   * as login() does; otherwise r itself.
   */
  async finishSignIn(r, email, { headers = {} } = {}) {
    if (r.status !== 303 || !r.location?.startsWith("/login/two-factor")) return r;
    if (r.location.startsWith("/login/two-factor/set-up")) return this.setUpTwoFactor(email, r.location);
    if (!totpSecretFor(email)) return r;
    return this.enterCode(await nextTotpCode(this.base, email), r.location, { headers });
  }
  /** Sends a code (or recovery code) on the two-factor page. */
  async enterCode(code, path = "/login/two-factor", { headers = {} } = {}) {
    const page = await this.get(path, { headers });
    const next = page.text.match(/name="next" value="([^"]*)"/)?.[1] ?? "/";
    const form = { csrf_token: csrfFrom(page.text), code, next: unescapeHtml(next) };
    return this.post("/login/two-factor", form, { headers });
  }
  /** Sets two-factor up from the set-up page: reads the key, sends a code. */
  async setUpTwoFactor(email, path = "/login/two-factor/set-up") {
    const page = await this.get(path);
    const key = page.text.match(/id="setup-key"><code>([A-Z2-7 ]+)<\/code>/)?.[1];
    if (!key) throw new Error(`no setup key on ${path}: ${page.status}`);
    const secret = key.replace(/ /g, "");
    rememberTotp(email, secret);
    const next = page.text.match(/name="next" value="([^"]*)"/)?.[1] ?? "/";
    const r = await this.post("/login/two-factor/set-up", {
      csrf_token: csrfFrom(page.text),
      code: await nextTotpCode(this.base, email),
      next: unescapeHtml(next),
    });
    this.recoveryCodes = [...r.text.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
    return r;
  }
}

// --- helpers added for the HTTP suites (permissions, security, auth, csrf,
// users, audit_cli, server). Additions only: the exports above are unchanged.

/** Resolves after ms milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Like rise(), without blocking the event loop (so servers keep being read). */
export function riseAsync(args, { input } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("close", (status) => resolve({ status, stdout, stderr }));
    // a command that does not read its input (an import) may exit before the
    // (empty) input is written: that EPIPE is not an error of the test
    p.stdin.on("error", (e) => {
      if (e.code !== "EPIPE") reject(e);
    });
    p.stdin.end(input ?? "");
  });
}

/** addUser() without blocking: several can run at once. Returns the same object. */
export async function addUserAsync(server, { role = "admin", email, name, region, organisation, password = PASSWORD, totp, orgKind } = {}) {
  userCounter += 1;
  email = email || `${role}.${process.pid}.${userCounter}@example.gov.uk`;
  name = name || `Test ${role} ${userCounter}`;
  if (!region && ["delivery-officer", "regional-director", "delivery-partner"].includes(role)) region = "North West";
  if (!organisation && ["supporting-organisation", "school"].includes(role)) organisation = "Example Trust";
  const args = ["user", "add", "--db", server.db, "--email", email, "--name", name, "--role", role, "--password-stdin"];
  if (region) args.push("--region", region);
  if (organisation) args.push("--organisation", organisation);
  if (orgKind) args.push("--org-kind", orgKind);
  const totpSecret = twoFactorSecret(role, totp);
  if (totpSecret) args.push("--totp-secret", totpSecret);
  const r = await riseAsync(args, { input: password + "\n" });
  if (r.status !== 0) throw new Error(`user add failed: ${r.stderr}`);
  if (totpSecret) rememberTotp(email, totpSecret);
  const m = r.stdout.match(/added user (\d+)/);
  return { email, name, role, region, organisation, password, totpSecret, id: m ? Number(m[1]) : null };
}

/** Runs SQL with the sqlite3 command-line shell; returns {status, stdout, stderr}. */
export function sqlite(db, sql) {
  const r = spawnSync("sqlite3", ["-bail", "-cmd", ".timeout 5000", db, sql], { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run sqlite3: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The rows of a query as arrays of strings (sqlite3's list mode, "|" between columns). */
export function sqliteRows(db, sql) {
  const r = sqlite(db, sql);
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("|"));
}

/** Adds a user with the CLI and signs them in; returns {client, user}. */
export async function signedIn(server, opts = {}) {
  const user = await addUserAsync(server, opts);
  const client = new Client(server.url);
  const r = await client.login(user.email, user.password);
  if (r.status !== 303 && !(r.status === 200 && client.recoveryCodes?.length))
    throw new Error(`sign-in as ${user.email} failed: ${r.status}`);
  return { client, user };
}

/**
 * Sends raw bytes to the server over one TCP connection and collects what
 * comes back until the server closes it (or timeoutMs passes). For requests
 * fetch() will not send. A function among the chunks is awaited between
 * writes. Returns {status, head, text, error, timedOut}:
 * status is null when nothing that looks like HTTP came back.
 */
export function rawHttp(url, chunks, { timeoutMs = 5000, gapMs = 0 } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const sock = net.connect(Number(port), hostname);
    const got = [];
    let error = null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      sock.destroy();
    }, timeoutMs);
    sock.on("data", (d) => got.push(d));
    sock.on("error", (e) => (error = e.code || e.message));
    sock.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(got).toString("latin1");
      const m = text.match(/^HTTP\/1\.[01] (\d{3})/);
      const i = text.indexOf("\r\n\r\n");
      resolve({
        status: m ? Number(m[1]) : null,
        head: i >= 0 ? text.slice(0, i) : text,
        text: i >= 0 ? text.slice(i + 4) : "",
        error,
        timedOut,
      });
    });
    sock.on("connect", async () => {
      for (const c of [].concat(chunks)) {
        if (sock.destroyed) break;
        if (typeof c === "function") await c(); // e.g. signal the server between two halves of a request
        else sock.write(c);
        if (gapMs) await sleep(gapMs);
      }
    });
  });
}

/** AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer reports in a log. */
export function sanitizerReports(log) {
  return log
    .split("\n")
    .filter((l) => /ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:|SUMMARY: \w+Sanitizer/.test(l));
}

/** Stops a server and throws unless it exited 0 with no sanitizer report. */
export async function stopCleanly(server) {
  const e = await server.stop();
  const reports = sanitizerReports(server.log());
  if (!e || e.code !== 0 || reports.length) {
    throw new Error(
      `server did not stop cleanly (exit ${e ? `${e.code}/${e.signal}` : "timeout"}):\n` +
        (reports.length ? server.log() : server.log().split("\n").slice(-20).join("\n")),
    );
  }
  return e;
}

// --- GOV.UK Notify's stand-in (issue 11): additions only.

export const NOTIFY_SERVICE = "26785a09-ab16-4eb0-8407-a37497a57506";
export const NOTIFY_KEY = `rise_test-${NOTIFY_SERVICE}-3d844edf-8d35-48ac-975b-e847b4f122b0`;
export const NOTIFY_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a";

/** Starts `rise notify-standin` on a free port; returns helpers to read and steer it. */
export async function startStandin(key = NOTIFY_KEY) {
  const proc = spawn(BIN, ["notify-standin", "--listen", "127.0.0.1:0", "--api-key", key], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stderr.on("data", (d) => (err += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stand-in did not start: ${err}`)), 10000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on("exit", (code) => reject(new Error(`stand-in exited (${code}): ${err}`)));
  });
  const exited = new Promise((resolve) => proc.on("exit", resolve));
  const post = (path, body) =>
    fetch(url + path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  return {
    url,
    async received() {
      return (await (await fetch(url + "/_received")).json()).notifications;
    },
    fail: (statuses) => post("/_fail", { statuses }),
    delay: (ms, count = 1) => post("/_delay", { ms, count }),
    async stop() {
      proc.kill("SIGTERM");
      await exited;
    },
  };
}

/** The environment that points rise serve at a stand-in, with short retry and poll times. */
export function notifyEnv(standin) {
  return {
    RISE_NOTIFY_API_KEY: NOTIFY_KEY,
    RISE_NOTIFY_BASE_URL: standin.url,
    RISE_NOTIFY_TEMPLATES: `test=${NOTIFY_TEMPLATE}`,
    RISE_OUTBOX_RETRY_MS: "100",
    RISE_NOTIFY_STATUS_POLL_MS: "200",
  };
}

