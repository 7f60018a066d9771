// harness.mjs - shared helpers for the HTTP and end-to-end suites.
//
// startServer() runs the real `rise serve` on 127.0.0.1 with an ephemeral
// port and a database in a fresh temporary folder; stop() sends SIGTERM and
// waits, so every test stops the server it started. Client keeps cookies
// like a browser, so that sign-in, CSRF tokens and sessions are exercised
// exactly as a user's browser would.
import { spawn, spawnSync } from "node:child_process";
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

/** Adds a user through the CLI; returns {email, password, ...}. */
export function addUser(server, { role = "admin", email, name, region, organisation, password = PASSWORD } = {}) {
  userCounter += 1;
  email = email || `${role}.${process.pid}.${userCounter}@example.gov.uk`;
  name = name || `Test ${role} ${userCounter}`;
  if (!region && ["delivery-officer", "regional-director", "delivery-partner"].includes(role)) region = "North West";
  if (!organisation && ["supporting-organisation", "school"].includes(role)) organisation = "Example Trust";
  const args = ["user", "add", "--db", server.db, "--email", email, "--name", name, "--role", role, "--password-stdin"];
  if (region) args.push("--region", region);
  if (organisation) args.push("--organisation", organisation);
  const r = rise(args, { input: password + "\n" });
  if (r.status !== 0) throw new Error(`user add failed: ${r.stderr}`);
  return { email, name, role, region, organisation, password };
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
  /** Signs in through the real form; returns the POST's response. */
  async login(email, password = PASSWORD) {
    const token = await this.csrf("/login");
    return this.post("/login", { csrf_token: token, email, password });
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
export async function addUserAsync(server, { role = "admin", email, name, region, organisation, password = PASSWORD } = {}) {
  userCounter += 1;
  email = email || `${role}.${process.pid}.${userCounter}@example.gov.uk`;
  name = name || `Test ${role} ${userCounter}`;
  if (!region && ["delivery-officer", "regional-director", "delivery-partner"].includes(role)) region = "North West";
  if (!organisation && ["supporting-organisation", "school"].includes(role)) organisation = "Example Trust";
  const args = ["user", "add", "--db", server.db, "--email", email, "--name", name, "--role", role, "--password-stdin"];
  if (region) args.push("--region", region);
  if (organisation) args.push("--organisation", organisation);
  const r = await riseAsync(args, { input: password + "\n" });
  if (r.status !== 0) throw new Error(`user add failed: ${r.stderr}`);
  const m = r.stdout.match(/added user (\d+)/);
  return { email, name, role, region, organisation, password, id: m ? Number(m[1]) : null };
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
  if (r.status !== 303) throw new Error(`sign-in as ${user.email} failed: ${r.status}`);
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

