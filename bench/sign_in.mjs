// bench/sign_in.mjs - signs a benchmark's user in through rise's real forms,
// two-factor included, and prints the Cookie header value of the signed-in
// session (e.g. "rise_session=..."), for wrk and curl to send.
//
//   1. GET /login, then POST /login with the email and password (with the
//      pre-login session's csrf_token and Origin);
//   2. the two-factor step the answer redirects to:
//      - /login/two-factor (two-factor already set up, as with
//        `rise user add --totp-secret`): a TOTP code of TOTP_SECRET;
//      - /login/two-factor/set-up (a person who must use two-factor but has
//        not set it up, such as `rise bench-seed`'s users): reads the setup
//        key the page shows and confirms it with a code, as that person would
//        at their first sign-in (rise then shows recovery codes, ignored);
//      - anywhere else: no two-factor for this role;
//   3. checks that GET / then answers 200 with the signed-in page, and exits
//      non-zero with a message otherwise.
//
// TOTP codes: bench/totp.mjs. rise accepts
// a code once only, so sign in as a given person at most once a step.
//
// Environment: BASE (http://127.0.0.1:PORT), EMAIL, PASSWORD, and TOTP_SECRET
// (base32) when the person has two-factor set up already. Node only, no
// packages. Notes go to stderr; stdout has the cookie and nothing else.
import http from "node:http";
import { totp } from "./totp.mjs";

const env = (name, optional = false) => {
  const v = process.env[name];
  if (!v && !optional) die(`${name} is not set`);
  return v ?? "";
};
function die(msg) {
  console.error(`bench/sign_in.mjs: ${msg}`);
  process.exit(1);
}

const BASE = env("BASE");
const EMAIL = env("EMAIL");
const PASSWORD = env("PASSWORD");
const SECRET = env("TOTP_SECRET", true);

const agent = new http.Agent({ keepAlive: false });
const cookies = new Map();

/** One request, cookies kept as a browser would; resolves {status, location, text}. */
function request(method, path, form) {
  const body = form ? new URLSearchParams(form).toString() : null;
  const headers = {};
  if (cookies.size) headers.Cookie = cookieHeader();
  if (body !== null) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Content-Length"] = Buffer.byteLength(body);
    headers.Origin = BASE;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(BASE + path, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        for (const c of res.headers["set-cookie"] ?? []) {
          const m = c.match(/^([^=;]+)=([^;]*)/);
          if (!m) continue;
          if (m[2] === "" || /;\s*max-age=0/i.test(c)) cookies.delete(m[1]);
          else cookies.set(m[1], m[2]);
        }
        resolve({ status: res.statusCode, location: res.headers.location ?? "", text: Buffer.concat(chunks).toString() });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const csrfOf = (html) => html.match(/name="csrf_token" value="([^"]*)"/)?.[1] ?? "";
const nextOf = (html) => unescapeHtml(html.match(/name="next" value="([^"]*)"/)?.[1] ?? "/");
const unescapeHtml = (s) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The code now, or the reason the secret is not base32 as a clear exit. */
function code(secret) {
  try {
    return totp(secret);
  } catch (e) {
    die(e.message);
  }
}

const login = await request("GET", "/login");
if (login.status !== 200 || !cookies.size) die(`GET /login gave HTTP ${login.status}${cookies.size ? "" : " and no session cookie"}`);
let r = await request("POST", "/login", { csrf_token: csrfOf(login.text), email: EMAIL, password: PASSWORD });
if (r.status !== 303 || r.location.startsWith("/login?") || r.location === "/login")
  die(`the password step for ${EMAIL} gave HTTP ${r.status}${r.location ? ` to ${r.location}` : ""}`);

let how = "password only (no two-factor for this role)";
if (r.location.startsWith("/login/two-factor/set-up")) {
  // must use two-factor but has none: set it up with the key the page shows
  const page = await request("GET", r.location);
  const key = page.text.match(/id="setup-key"><code>([^<]*)<\/code>/)?.[1];
  if (page.status !== 200 || !key) die(`GET ${r.location} gave HTTP ${page.status}${key ? "" : " and no setup key"}`);
  r = await request("POST", "/login/two-factor/set-up", { csrf_token: csrfOf(page.text), code: code(key), next: nextOf(page.text) });
  if (r.status !== 200 || !r.text.includes("Two-factor sign-in is set up"))
    die(`setting up two-factor for ${EMAIL} gave HTTP ${r.status}${r.location ? ` to ${r.location}` : ""}`);
  how = "password, then two-factor set up with the key the set-up page showed";
} else if (r.location.startsWith("/login/two-factor")) {
  if (!SECRET) die(`${EMAIL} has two-factor set up, but no TOTP_SECRET was given`);
  const page = await request("GET", r.location);
  if (page.status !== 200) die(`GET ${r.location} gave HTTP ${page.status}`);
  r = await request("POST", "/login/two-factor", { csrf_token: csrfOf(page.text), code: code(SECRET), next: nextOf(page.text) });
  if (r.status !== 303 || r.location.startsWith("/login"))
    die(`the two-factor code for ${EMAIL} gave HTTP ${r.status}${r.location ? ` to ${r.location}` : ""}`);
  how = "password and a TOTP code";
}

// signed in fully, or not at all: the home page itself, not a redirect
const home = await request("GET", "/");
if (home.status !== 200 || !home.text.includes("/logout"))
  die(`signed in as ${EMAIL}, yet GET / gave HTTP ${home.status}${home.location ? ` to ${home.location}` : ""}, not the signed-in page`);
console.error(`signed in as ${EMAIL}: ${how}`);
process.stdout.write(cookieHeader() + "\n");
