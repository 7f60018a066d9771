// bench/notify_p95.mjs - the client of bench/notify_p95.sh: signs in through
// the real forms (password, then a TOTP code) and saves one case task again
// and again, one request at a time on one kept-alive connection, its owner
// alternating between another person (rise queues a "task-assigned" email in
// the change's transaction) and the signed-in person (nobody is emailed about
// their own action). Every request changes the owner, so the two kinds differ
// only by the email. Prints one "RESULT kind n p50 p95 p99 mean" line per kind
// (milliseconds, nearest-rank percentiles of the POST's response time) and
// an "INTERVAL lo hi" line: a 90% bootstrap interval of the difference in p95.
//
// Everything comes from the environment, set by bench/notify_p95.sh:
//   BASE, EMAIL, PASSWORD, TOTP_SECRET, CASE_ID, TASK_CODE, SELF_ID, OTHER_ID,
//   REQUESTS (each way), WARMUP (pairs not counted).
import http from "node:http";
import { totp } from "./totp.mjs";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`bench/notify_p95.mjs: ${name} is not set`);
  return v;
};
const BASE = env("BASE");
const EMAIL = env("EMAIL");
const PASSWORD = env("PASSWORD");
const SECRET = env("TOTP_SECRET");
const TASK_PATH = `/cases/${env("CASE_ID")}/tasks/${env("TASK_CODE")}`;
const SELF_ID = env("SELF_ID");
const OTHER_ID = env("OTHER_ID");
const REQUESTS = Number(env("REQUESTS"));
const WARMUP = Number(env("WARMUP"));

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const cookies = new Map();

function die(msg) {
  console.error(`bench/notify_p95.mjs: ${msg}`);
  process.exit(1);
}

/** One request; resolves {status, location, text, ms} once the body is read. */
function request(method, path, form) {
  const body = form ? new URLSearchParams(form).toString() : null;
  const headers = { Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
  if (body !== null) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Content-Length"] = Buffer.byteLength(body);
    headers.Origin = BASE;
  }
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(BASE + path, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        for (const c of res.headers["set-cookie"] ?? []) {
          const m = c.match(/^([^=;]+)=([^;]*)/);
          if (m) cookies.set(m[1], m[2]);
        }
        resolve({ status: res.statusCode, location: res.headers.location, text: Buffer.concat(chunks).toString(), ms });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

const csrfOf = (html) => html.match(/name="csrf_token" value="([^"]*)"/)?.[1];
const unescapeHtml = (s) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

async function signIn() {
  const page = await request("GET", "/login");
  let r = await request("POST", "/login", { csrf_token: csrfOf(page.text) ?? "", email: EMAIL, password: PASSWORD });
  if (r.status !== 303 || !r.location?.startsWith("/login/two-factor")) die(`sign-in: HTTP ${r.status} to ${r.location}`);
  const form = await request("GET", r.location);
  const next = form.text.match(/name="next" value="([^"]*)"/)?.[1] ?? "/";
  r = await request("POST", "/login/two-factor", { csrf_token: csrfOf(form.text) ?? "", code: totp(SECRET), next: unescapeHtml(next) });
  if (r.status !== 303 || r.location?.startsWith("/login")) die(`two-factor: HTTP ${r.status} to ${r.location}`);
  const home = await request("GET", "/");
  if (home.status !== 200 || !home.text.includes("/logout")) die(`signed in, yet / gave HTTP ${home.status}`);
}

/** Nearest-rank percentile of sorted values. */
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

await signIn();
const form = await request("GET", TASK_PATH);
if (form.status !== 200) die(`GET ${TASK_PATH} gave HTTP ${form.status}`);
const csrf = csrfOf(form.text);
if (!csrf) die(`GET ${TASK_PATH} has no form`);
for (const id of [SELF_ID, OTHER_ID])
  if (!form.text.includes(`value="${id}"`)) die(`the owner list of ${TASK_PATH} has no user ${id}`);

// the task stays in progress ("No, I'll come back to it later": nothing is
// required); only the owner changes
const save = async (owner) => {
  const r = await request("POST", TASK_PATH, { csrf_token: csrf, complete: "no", reason: "", owner });
  if (r.status !== 303) die(`POST ${TASK_PATH} (owner ${owner}) gave HTTP ${r.status}: ${r.text.slice(0, 300)}`);
  return r.ms;
};
const times = { email: [], none: [] };
// starts with the person themselves: the task's owner before is someone else
for (let i = 0; i < WARMUP + REQUESTS; i++) {
  const none = await save(SELF_ID);
  const email = await save(OTHER_ID);
  if (i >= WARMUP) {
    times.none.push(none);
    times.email.push(email);
  }
}
agent.destroy();
for (const kind of ["email", "none"]) {
  const t = times[kind].slice().sort((a, b) => a - b);
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  console.log(`RESULT ${kind} ${t.length} ${pct(t, 50).toFixed(2)} ${pct(t, 95).toFixed(2)} ${pct(t, 99).toFixed(2)} ${mean.toFixed(2)}`);
}
// how much of the difference in p95 is chance: a 90% bootstrap interval
// (each kind resampled with replacement, 2,000 times)
const resampledP95 = (t) => {
  const r = Array.from({ length: t.length }, () => t[Math.floor(Math.random() * t.length)]);
  return pct(r.sort((a, b) => a - b), 95);
};
const diffs = [];
for (let i = 0; i < 2000; i++) diffs.push(resampledP95(times.email) - resampledP95(times.none));
diffs.sort((a, b) => a - b);
console.log(`INTERVAL ${pct(diffs, 5).toFixed(2)} ${pct(diffs, 95).toFixed(2)}`);
console.log(`POSTS ${2 * (WARMUP + REQUESTS)} ${WARMUP + REQUESTS}`);
