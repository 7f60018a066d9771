// users.test.mjs - "Manage users" as an administrator uses it: adding people
// (with GOV.UK validation that keeps what was typed), changing their details
// with a reason, resetting passwords and disabling accounts (which sign the
// person out), the guard rails on the administrator's own account, the
// account history, and finding people in the list.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, stopCleanly, signedIn, addUserAsync, Client, csrfFrom, sqlite } from "../lib/harness.mjs";

const TEMP_PASSWORD = "temporary password 123";

let server;
let admin; // { client, user }

before(async () => {
  server = await startServer();
  admin = await signedIn(server, { role: "admin", name: "Ada Administrator" });
});

after(async () => {
  if (server) await stopCleanly(server);
});

/** Gets the form at path and posts fields to it (or to action) with its CSRF token. */
async function submit(client, path, fields, action = path) {
  const form = await client.get(path);
  assert.equal(form.status, 200, `form at ${path}`);
  return client.post(action, { csrf_token: csrfFrom(form.text), ...fields });
}

/** Adds a user through the web form; returns {id, ...fields}. */
async function addViaForm(fields) {
  const f = { region: "", organisation: "", password: TEMP_PASSWORD, ...fields };
  const r = await submit(admin.client, "/users/new", f);
  assert.equal(r.status, 303, `add ${f.email}: ${r.status} ${r.text.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0] ?? ""}`);
  const m = r.location.match(/^\/users\/(\d+)$/);
  assert.ok(m, `redirected to the new account's page, not ${r.location}`);
  return { id: Number(m[1]), ...f };
}

/** The error summary's links as {href: message}. */
function errorSummary(html) {
  const box = html.match(/<div class="govuk-error-summary"[\s\S]*?<\/ul>/);
  if (!box) return {};
  return Object.fromEntries(
    [...box[0].matchAll(/<li><a href="#([^"]+)">([^<]*)<\/a><\/li>/g)].map((m) => [m[1], decodeEntities(m[2])]),
  );
}

function decodeEntities(s) {
  const map = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => map[e]);
}

/** Asserts an error page: 400, "Error:" title, and every summary link goes to a field on the page. */
function assertFormErrors(r, expected) {
  assert.equal(r.status, 400);
  assert.match(r.text, /<title>Error: /);
  const errs = errorSummary(r.text);
  assert.deepEqual(Object.keys(errs).sort(), Object.keys(expected).sort(), "the fields in the error summary");
  for (const [field, message] of Object.entries(expected)) {
    assert.match(errs[field], message, `message for ${field}`);
    assert.ok(r.text.includes(` id="${field}"`), `the summary's link #${field} goes to a field on the page`);
    assert.ok(r.text.includes(`id="${field}-error" class="govuk-error-message"`), `${field} has its own error message`);
  }
}

function inputValue(html, name) {
  const m = html.match(new RegExp(`<(?:input|textarea)[^>]*name="${name}"[^>]*>([^<]*)`));
  assert.ok(m, `a field named ${name}`);
  if (m[0].startsWith("<textarea")) return m[1];
  const v = m[0].match(/value="([^"]*)"/);
  return v ? v[1] : null;
}

function checkedRoles(html) {
  return [...html.matchAll(/<input class="govuk-radios__input"[^>]*name="role"[^>]*>/g)]
    .filter((m) => / checked/.test(m[0]))
    .map((m) => m[0].match(/value="([^"]*)"/)[1]);
}

function selectedRegion(html) {
  const sel = html.match(/<select[^>]*name="region"[\s\S]*?<\/select>/)[0];
  const opt = sel.match(/<option value="([^"]*)" selected>/);
  return opt ? opt[1] : null;
}

function banner(html) {
  const m = html.match(/govuk-notification-banner--success[\s\S]*?<p class="govuk-notification-banner__heading">([^<]*)<\/p>/);
  return m ? m[1] : null;
}

/** The rows of the users table as [name, email, role, scope, status]. */
function userRows(html) {
  const body = html.match(/<tbody[\s\S]*?<\/tbody>/);
  if (!body) return [];
  return [...body[0].matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1].replace(/<[^>]+>/g, "").trim()),
  );
}

async function signInAs(email, password) {
  const c = new Client(server.url);
  const r = await c.login(email, password);
  // a person added through the form sets up two-factor at their first
  // sign-in (the harness does it as they would), and sees their recovery codes
  const setUp = r.status === 200 && c.recoveryCodes?.length === 10;
  return { client: c, ok: r.status === 303 || setUp, response: r };
}

test("an administrator adds a user through the form and sees a success banner", async () => {
  const u = await addViaForm({
    name: "Priya Shah",
    email: "priya.shah@example.gov.uk",
    role: "delivery-officer",
    region: "London",
  });
  const page = await admin.client.get(`/users/${u.id}`);
  assert.equal(page.status, 200);
  assert.equal(banner(page.text), "Priya Shah has been added");
  assert.match(page.text, /<h1 class="govuk-heading-l">Priya Shah<\/h1>/);
  for (const v of ["priya.shah@example.gov.uk", "Delivery officer", "London", "Active"]) assert.ok(page.text.includes(v), v);
  // the banner is shown once
  assert.equal(banner((await admin.client.get(`/users/${u.id}`)).text), null);
  // they can sign in with the temporary password
  const s = await signInAs(u.email, TEMP_PASSWORD);
  assert.ok(s.ok, "the new user signs in");
  assert.match((await s.client.get("/")).text, /Delivery officer/);
});

test("validation errors keep what was typed, with a summary linking to each field", async () => {
  // everything wrong at once
  const r = await submit(admin.client, "/users/new", {
    name: "",
    email: "",
    region: "Atlantis",
    organisation: "",
    password: "short",
  });
  assertFormErrors(r, {
    name: /Enter the person's full name/,
    email: /Enter an email address/,
    role: /Select the person's role/,
    region: /Select a region from the list/,
    password: /Password must be 12 characters or more/,
  });
  assert.match(r.text, /<title>Error: Add a user - /);

  // some things right: they stay as typed
  const typed = {
    name: "Sam O'Neill",
    email: "sam at example",
    role: "school",
    region: "",
    organisation: "St Mary's C of E Primary",
    password: "",
  };
  const k = await submit(admin.client, "/users/new", typed);
  assertFormErrors(k, { email: /Enter an email address in the correct format/, password: /Enter a password/ });
  assert.equal(inputValue(k.text, "name"), "Sam O&#39;Neill");
  assert.equal(inputValue(k.text, "email"), "sam at example");
  assert.equal(inputValue(k.text, "organisation"), "St Mary&#39;s C of E Primary");
  assert.deepEqual(checkedRoles(k.text), ["school"], "the role chosen is still checked");
  assert.equal(inputValue(k.text, "password"), null, "the password is never sent back");

  // a regional role without a region; a region picked stays picked
  const reg = await submit(admin.client, "/users/new", {
    name: "Reg Ional",
    email: "reg.ional@example.gov.uk",
    role: "regional-director",
    region: "",
    password: TEMP_PASSWORD,
  });
  assertFormErrors(reg, { region: /Select the region this person works in/ });
  const pick = await submit(admin.client, "/users/new", {
    name: "",
    email: "reg.ional@example.gov.uk",
    role: "regional-director",
    region: "North East",
    password: TEMP_PASSWORD,
  });
  assertFormErrors(pick, { name: /Enter the person's full name/ });
  assert.equal(selectedRegion(pick.text), "North East");
  // none of these made an account
  assert.equal(sqlite(server.db, "SELECT count(*) FROM users WHERE email LIKE 'reg.ional%' OR email LIKE 'sam%'").stdout.trim(), "0");
});

test("an email address already in use, in any case, is refused", async () => {
  await addViaForm({ name: "Dup One", email: "dup.person@example.gov.uk", role: "adviser" });
  const r = await submit(admin.client, "/users/new", {
    name: "Dup Two",
    email: "DUP.Person@Example.GOV.uk",
    role: "adviser",
    region: "",
    organisation: "",
    password: TEMP_PASSWORD,
  });
  assertFormErrors(r, { email: /There is already an account with this email address/ });
  assert.equal(inputValue(r.text, "name"), "Dup Two");
  // and when changing someone else's email to it
  const other = await addViaForm({ name: "Dup Three", email: "dup.three@example.gov.uk", role: "adviser" });
  const e = await submit(admin.client, `/users/${other.id}/edit`, {
    name: "Dup Three",
    email: "Dup.Person@example.gov.uk",
    role: "adviser",
    region: "",
    organisation: "",
    reason: "",
  });
  assertFormErrors(e, { email: /There is already an account with this email address/ });
});

test("changing role, region or organisation needs a reason, signs the person out, and is in their history", async () => {
  const u = await addViaForm({ name: "Chris Change", email: "chris.change@example.gov.uk", role: "adviser" });
  const theirs = await signInAs(u.email, TEMP_PASSWORD);
  assert.ok(theirs.ok);
  // a new name alone needs no reason
  const rename = await submit(admin.client, `/users/${u.id}/edit`, {
    name: "Chris Changed",
    email: u.email,
    role: "adviser",
    region: "",
    organisation: "",
    reason: "",
  });
  assert.equal(rename.status, 303);
  assert.equal(banner((await admin.client.get(rename.location)).text), "Account details saved");
  assert.equal((await theirs.client.get("/")).status, 200, "a new name does not sign them out");

  const move = { name: "Chris Changed", email: u.email, role: "delivery-officer", region: "South West", organisation: "" };
  const noReason = await submit(admin.client, `/users/${u.id}/edit`, { ...move, reason: "  " });
  assertFormErrors(noReason, { reason: /Enter the reason for changing this person's role, region or organisation/ });
  assert.deepEqual(checkedRoles(noReason.text), ["delivery-officer"], "the new role stays chosen");
  assert.equal(selectedRegion(noReason.text), "South West");

  const ok = await submit(admin.client, `/users/${u.id}/edit`, { ...move, reason: "Joined the South West team" });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, `/users/${u.id}`);
  const page = await admin.client.get(ok.location);
  assert.ok(page.text.includes("South West") && page.text.includes("Delivery officer"));
  assert.equal((await theirs.client.get("/")).status, 303, "a new role signs them out at once");

  const hist = await admin.client.get(`/history/user/${u.id}`);
  assert.equal(hist.status, 200);
  assert.match(hist.text, /<h1 class="govuk-heading-l">History of Chris Changed&#39;s account<\/h1>/);
  assert.ok(hist.text.includes("<strong>Role</strong>: <del>RISE adviser</del> &rarr; Delivery officer"));
  assert.ok(!hist.text.includes("(removed)"), "a new account's empty region or organisation is not shown as removed");
  assert.ok(hist.text.includes("<strong>Region</strong>: South West"), "region added");
  assert.ok(hist.text.includes("<strong>Name</strong>: <del>Chris Change</del> &rarr; Chris Changed"));
  assert.ok(hist.text.includes("Joined the South West team"), "the reason is shown");
  assert.ok(hist.text.includes("Ada Administrator"), "who made the change");
});

test("an administrator cannot remove their own admin role or disable themselves", async () => {
  const me = admin.user.id;
  const r = await submit(admin.client, `/users/${me}/edit`, {
    name: admin.user.name,
    email: admin.user.email,
    role: "analyst",
    region: "",
    organisation: "",
    reason: "Trying to step down",
  });
  assertFormErrors(r, { role: /You cannot remove your own administrator role/ });
  const page = await admin.client.get(`/users/${me}`);
  assert.ok(page.text.includes("Administrator"));
  assert.ok(!page.text.includes("Disable account"), "no disable button on your own account");
  assert.equal((await admin.client.get(`/users/${me}/status`)).status, 403);
  const form = await admin.client.get("/users/new");
  const d = await admin.client.post(`/users/${me}/status`, {
    csrf_token: csrfFrom(form.text),
    action: "disable",
    reason: "Trying to lock myself out",
  });
  assert.equal(d.status, 403);
  assert.equal((await admin.client.get("/users")).status, 200, "still an administrator, still signed in");
  assert.equal(sqlite(server.db, `SELECT disabled_at IS NULL, role FROM users WHERE id = ${me}`).stdout.trim(), "1|admin");
});

test("resetting a password signs the person out everywhere, and the new password works", async () => {
  const u = await addUserAsync(server, { role: "grant-team", name: "Pat Reset" });
  const [phone, laptop] = await Promise.all([signInAs(u.email, u.password), signInAs(u.email, u.password)]);
  assert.ok(phone.ok && laptop.ok);
  const path = `/users/${u.id}/password`;
  const mismatch = await submit(admin.client, path, { password: "brand new password", confirm: "brand new passw0rd", reason: "" });
  assertFormErrors(mismatch, { confirm: /The passwords do not match/ });
  const short = await submit(admin.client, path, { password: "too short", confirm: "too short", reason: "" });
  assertFormErrors(short, { password: /12 characters or more/ });

  const r = await submit(admin.client, path, {
    password: "brand new password",
    confirm: "brand new password",
    reason: "Forgotten password, confirmed by phone",
  });
  assert.equal(r.status, 303);
  assert.equal(banner((await admin.client.get(r.location)).text), "Password reset. They have been signed out everywhere");
  assert.equal((await phone.client.get("/")).status, 303, "signed out on one device");
  assert.equal((await laptop.client.get("/")).status, 303, "and on the other");
  assert.ok(!(await signInAs(u.email, u.password)).ok, "the old password no longer works");
  assert.ok((await signInAs(u.email, "brand new password")).ok, "the new one does");
  const hist = await admin.client.get(`/history/user/${u.id}`);
  assert.ok(hist.text.includes("Password reset"));
  assert.ok(hist.text.includes("<strong>Password</strong>: Reset (not recorded)"));
  assert.ok(hist.text.includes("Forgotten password, confirmed by phone"));
  assert.ok(!hist.text.includes("brand new password"), "the password itself is never shown");
});

test("disabling needs a reason, signs the person out and stops them signing in; re-enabling lets them back", async () => {
  const u = await addUserAsync(server, { role: "school", name: "Dana Disabled" });
  const theirs = await signInAs(u.email, u.password);
  assert.ok(theirs.ok);
  const path = `/users/${u.id}/status`;
  const form = await admin.client.get(path);
  assert.match(form.text, /<h1 class="govuk-heading-l">Disable this account<\/h1>/);
  const noReason = await submit(admin.client, path, { action: "disable", reason: "" });
  assertFormErrors(noReason, { reason: /Enter the reason for disabling this account/ });
  assert.equal((await theirs.client.get("/")).status, 200, "nothing happened yet");

  const d = await submit(admin.client, path, { action: "disable", reason: "Left the school in July" });
  assert.equal(d.status, 303);
  const page = await admin.client.get(d.location);
  assert.equal(banner(page.text), "Account disabled");
  assert.match(page.text, /govuk-tag--grey">\s*Disabled/);
  assert.ok(page.text.includes("Re-enable account"));
  assert.equal((await theirs.client.get("/")).status, 303, "signed out at once");
  const tryAgain = await signInAs(u.email, u.password);
  assert.ok(!tryAgain.ok, "cannot sign in while disabled");
  assert.ok(tryAgain.response.text.includes("Enter a correct email address and password"));
  const list = await admin.client.get("/users?q=Dana");
  assert.deepEqual(userRows(list.text).map((row) => row[4]), ["Disabled"]);

  const reForm = await admin.client.get(path);
  assert.match(reForm.text, /<h1 class="govuk-heading-l">Re-enable this account<\/h1>/);
  const noReason2 = await submit(admin.client, path, { action: "enable", reason: "" });
  assertFormErrors(noReason2, { reason: /Enter the reason for re-enabling this account/ });
  const e = await submit(admin.client, path, { action: "enable", reason: "Came back in September" });
  assert.equal(e.status, 303);
  assert.equal(banner((await admin.client.get(e.location)).text), "Account re-enabled");
  assert.ok((await signInAs(u.email, u.password)).ok, "can sign in again with their password");

  const hist = await admin.client.get(`/history/user/${u.id}`);
  assert.match(
    hist.text,
    /Account re-enabled[\s\S]*<del>Disabled<\/del> &rarr; Active[\s\S]*Came back in September[\s\S]*Account disabled[\s\S]*<del>Active<\/del> &rarr; Disabled[\s\S]*Left the school in July[\s\S]*Account created/,
    "newest first, with before, after and reason",
  );
});

test("the list can be searched by name or email and filtered by role", async () => {
  await Promise.all([
    addUserAsync(server, { role: "analyst", name: "Morgan Findable", email: "morgan.f@example.gov.uk" }),
    addUserAsync(server, { role: "adviser", name: "Findable Other", email: "f.other@example.gov.uk" }),
    addUserAsync(server, { role: "analyst", name: "Unrelated Person", email: "unrelated@elsewhere.example" }),
  ]);
  const byName = await admin.client.get("/users?q=findable");
  assert.deepEqual(userRows(byName.text).map((row) => row[0]).sort(), ["Findable Other", "Morgan Findable"]);
  assert.match(byName.text, /2 users<\/caption>/);
  assert.match(byName.text, /name="q" type="search"[^>]*value="findable"/);
  const byEmail = await admin.client.get("/users?q=elsewhere.example");
  assert.deepEqual(userRows(byEmail.text).map((row) => row[0]), ["Unrelated Person"]);
  const both = await admin.client.get("/users?q=findable&role=analyst");
  assert.deepEqual(userRows(both.text).map((row) => [row[0], row[2]]), [["Morgan Findable", "Analyst or auditor"]]);
  assert.equal(selectedRoleFilter(both.text), "analyst");
  const role = await admin.client.get("/users?role=analyst");
  const roles = userRows(role.text).map((row) => row[2]);
  assert.ok(roles.length >= 2);
  assert.ok(roles.every((x) => x === "Analyst or auditor"), roles.join(", "));
  const none = await admin.client.get("/users?q=nobody-has-this-name");
  assert.match(none.text, /No users match your search/);
  // LIKE wildcards are taken literally
  assert.match((await admin.client.get("/users?q=%25")).text, /No users match your search/);
});

function selectedRoleFilter(html) {
  const sel = html.match(/<select[^>]*name="role"[\s\S]*?<\/select>/)[0];
  const opt = sel.match(/<option value="([^"]*)" selected>/);
  return opt ? opt[1] : null;
}

test("more than 25 users are split into pages", async () => {
  const r = sqlite(
    server.db,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
     INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
     SELECT printf('bulk%02d@example.gov.uk', i), printf('Bulk Person %02d', i), 'grant-team', 'x',
            '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n;`,
  );
  assert.equal(r.status, 0, r.stderr);
  const p1 = await admin.client.get("/users?q=Bulk");
  assert.match(p1.text, /30 users<\/caption>/);
  const names1 = userRows(p1.text).map((row) => row[0]);
  assert.equal(names1.length, 25);
  assert.equal(names1[0], "Bulk Person 01");
  assert.equal(names1[24], "Bulk Person 25");
  assert.match(p1.text, /<nav class="govuk-pagination"/);
  assert.ok(p1.text.includes('href="/users?q=Bulk&amp;role=&amp;page=2"'), "a link to page 2 that keeps the search");
  const p2 = await admin.client.get("/users?q=Bulk&role=&page=2");
  assert.deepEqual(userRows(p2.text).map((row) => row[0]), [26, 27, 28, 29, 30].map((i) => `Bulk Person ${i}`));
  assert.match(p2.text, /aria-label="Page 2" aria-current="page">2<\/a>/, "page 2 is marked as the current page");
  assert.ok(p2.text.includes('href="/users?q=Bulk&amp;role=&amp;page=1"'), "with a link back to page 1");
  // the whole list, unfiltered, is paginated too
  const all = await admin.client.get("/users");
  assert.equal(userRows(all.text).length, 25);
  assert.match(all.text, /govuk-pagination/);
  // a page number nobody would type does not break the list
  for (const page of ["0", "-3", "abc", "99999999999999999999", "9223372036854775807"]) {
    const x = await admin.client.get(`/users?page=${page}`);
    assert.equal(x.status, 200, `page=${page}`);
  }
  assert.equal((await admin.client.get("/healthz")).status, 200);
});

test("fewer than 26 users: no pagination", async () => {
  const few = await admin.client.get("/users?q=Dup");
  assert.ok(userRows(few.text).length > 0);
  assert.doesNotMatch(few.text, /govuk-pagination/);
});
