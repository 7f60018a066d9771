// harness.mjs - shared helpers for the HTTP and end-to-end suites.
//
// startServer() runs the real `rise serve` on 127.0.0.1 with an ephemeral
// port and a database in a fresh temporary folder; stop() sends SIGTERM and
// waits, so every test stops the server it started. Client keeps cookies
// like a browser, so that sign-in, CSRF tokens and sessions are exercised
// exactly as a user's browser would.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BIN = process.env.RISE_BIN || new URL("../../build/debug/rise", import.meta.url).pathname;
export const SOURCE_DIR = process.env.RISE_SOURCE_DIR || new URL("../..", import.meta.url).pathname;

/** Runs a rise subcommand; returns {status, stdout, stderr}. */
export function rise(args, { input } = {}) {
  const r = spawnSync(BIN, args, { input: input ?? "", encoding: "utf8" });
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
