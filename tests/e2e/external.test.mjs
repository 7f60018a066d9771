// external.test.mjs - people outside DfE in Chromium (issue 11, items 4 and
// 5; docs/decisions/0016): a delivery officer invites the headteacher from
// the case's Contacts tab; the invitation email goes out through the Notify
// stand-in; the headteacher follows its link in a browser that is not
// signed in, sets a password and two-factor sign-in, sees only their own
// school's case (never the caseworkers' pages, nor another school's case in
// the same local authority), and accepts the support; the delivery officer
// sees the answer on their home page. axe-core checks every page on the way
// (tests/lib/browser.mjs); the headteacher's case page is kept as a
// screenshot artefact (tests/e2e/artefacts/external-case-page.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  startServer, stopCleanly, addUser, riseAsync, sqliteRows, csrfFrom, Client, PASSWORD, sleep,
  startStandin, notifyEnv, NOTIFY_TEMPLATE, totpCode, totpStep, rememberTotp,
} from "../lib/harness.mjs";
import { launchBrowser, openPage, closePage, withPage, screenshot, visit, submit, signIn } from "../lib/browser.mjs";

let browser, standin, server, officer, director;
let brookCase, fellCase;

// two maintained schools in the same local authority (Bolton, 350): the
// headteacher of one must never see the other's case
const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Diocese (name)\n" +
  "180001,Brook Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton," +
  "01-09-1990,Not applicable\n" +
  "180002,Fell Lane Primary School,Open,Local authority maintained schools,Community school,North West,350,Bolton," +
  "01-09-1990,Not applicable\n";

const HEAD = { name: "Pat Head", email: "pat.head@brook.example" };
const HEAD_PASSWORD = "a long password for the headteacher";

const d = new Date();
const date = (prefix) => ({
  [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()),
});

/* Over HTTP, as the harness's Client: a form's page for its CSRF token, then the POST. */
async function post(client, formPath, fields, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.text.slice(0, 300)}`);
  return client.post(action, { csrf_token: csrfFrom(page.text), ...fields });
}

async function signedInClient(user) {
  const client = new Client(server.url);
  const r = await client.login(user.email, PASSWORD);
  assert.equal(r.status, 303, `sign-in as ${user.email}: ${r.status}`);
  return client;
}

async function openCase(client, urn) {
  const r = await post(client, "/screening/rise/exception", {
    kind: "school", id: String(urn), source: "regional-director", category: "targeted", reason: "Named by the director",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  return Number(sqliteRows(server.db, `SELECT id FROM cases WHERE subject_id = ${urn}`)[0][0]);
}

/* The category approved, the responsible body and the school contacted: the school can now answer
   (the sequence of tests/http/case_safeguards.test.mjs's toAdviserStage, short of the answer). */
async function readyForAnswer(officerClient, directorClient, caseId) {
  const did = sqliteRows(server.db, `SELECT max(id) FROM case_decisions WHERE case_id = ${caseId} AND type = 'category'`)[0][0];
  let r = await post(directorClient, `/cases/${caseId}/decisions/${did}`, { approval: "approved", note: "Agreed" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officerClient, `/cases/${caseId}/tasks/contact-rb`, {
    ...date("f-on"), complete: "yes", "f-who": "The director of children's services", "f-plans": "A plan for reading",
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await post(officerClient, `/cases/${caseId}/tasks/contact-school`, { ...date("f-on"), complete: "yes", "f-who": "Head" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
}

/* The email the stand-in received for an address whose personalisation has `field`. */
async function emailTo(address, field) {
  for (let i = 0; i < 200; i++) {
    const got = (await standin.received()).filter(
      (n) => n.email_address === address && n.personalisation && field in n.personalisation,
    );
    if (got.length) return got.at(-1);
    await sleep(50);
  }
  throw new Error(`no email to ${address} with "${field}" reached the Notify stand-in`);
}

before(async () => {
  [browser, standin] = await Promise.all([launchBrowser(), startStandin()]);
  // every message type delivered, whatever its template key
  server = await startServer({ env: { ...notifyEnv(standin), RISE_NOTIFY_TEMPLATES: `*=${NOTIFY_TEMPLATE}` } });
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  officer = addUser(server, { role: "delivery-officer", name: "Dana Whitworth", region: "North West" });
  director = addUser(server, { role: "regional-director", name: "Rowan Director", region: "North West" });
  const [officerClient, directorClient] = await Promise.all([signedInClient(officer), signedInClient(director)]);
  brookCase = await openCase(officerClient, 180001);
  fellCase = await openCase(officerClient, 180002);
  await readyForAnswer(officerClient, directorClient, brookCase);
});

after(async () => {
  await browser?.close();
  try {
    if (server) await stopCleanly(server);
  } finally {
    await standin?.stop();
  }
});

test("a delivery officer invites the headteacher, who sets up their account and accepts the support", async () => {
  // the delivery officer's page stays open (and signed in) for the whole journey
  const officerPage = await openPage(browser, server.url);
  let ok = false;
  try {
    let page = officerPage;
    await visit(page, "/login", "sign-in page");
    await signIn(page, officer.email, PASSWORD, "delivery officer's home");
    await visit(page, `/cases/${brookCase}`, "the case");
    await submit(page, page.getByRole("link", { name: "People and contacts" }), "the case's contacts");
    const contacts = page.locator("main");
    assert.match(await contacts.innerText(), /People outside DfE who can see this case\s+[\s\S]*No one yet/);
    await submit(page, page.getByRole("button", { name: "Invite someone from the school" }), "invitation form");
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, `/invitations/new?case=${brookCase}&for=school`);
    // filled in from the case: the school, and its URN
    assert.equal(await page.getByLabel("A school's staff").isChecked(), true);
    assert.equal(await page.getByLabel("School's URN").inputValue(), "180001");
    await page.getByLabel("Their full name").fill(HEAD.name);
    await page.getByLabel("Their email address").fill(HEAD.email);
    await submit(page, page.getByRole("button", { name: "Send invitation" }), "contacts after the invitation");
    assert.equal(new URL(page.url()).pathname, `/cases/${brookCase}/contacts`);
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /Invitation sent to Pat Head \(pat\.head@brook\.example\)/);
    assert.match(await contacts.innerText(), /Pat Head \(pat\.head@brook\.example\), the school: invited, not yet accepted/);

    // the invitation goes out through Notify, with its link
    const mail = await emailTo(HEAD.email, "link");
    const link = new URL(mail.personalisation.link, server.url);
    assert.match(link.pathname, /^\/invitation\/[0-9a-f]{64}$/);

    // the headteacher, in a browser that has never signed in
    await withPage(browser, server.url, async (page) => {
      await visit(page, link.pathname, "set up your account");
      const main = page.locator("main");
      assert.match(await page.locator("h1").innerText(), /Set up your account/);
      assert.match(await main.innerText(), /Pat Head, you have been invited[\s\S]*Brook Primary School/);
      // a mistake first: the passwords differ
      await page.getByLabel("Choose a password").fill(HEAD_PASSWORD);
      await page.getByLabel("Enter the password again").fill(`${HEAD_PASSWORD} but different`);
      await submit(page, page.getByRole("button", { name: "Continue" }), "set up your account, with a mistake");
      assert.match(await page.title(), /^Error: /);
      assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter the same password twice/);
      await page.getByLabel("Choose a password").fill(HEAD_PASSWORD);
      await page.getByLabel("Enter the password again").fill(HEAD_PASSWORD);
      await submit(page, page.getByRole("button", { name: "Continue" }), "two-factor set-up page");
      assert.equal(new URL(page.url()).pathname, "/login/two-factor/set-up");

      // two-factor: the key from the page, into "their phone"
      const key = (await page.locator("#setup-key").innerText()).replace(/\s/g, "");
      assert.match(key, /^[A-Z2-7]{16,}$/);
      rememberTotp(HEAD.email, key);
      await page.getByLabel("Code from your authenticator app", { exact: true }).fill(totpCode(key, totpStep()));
      await submit(page, page.getByRole("button", { name: "Continue" }), "recovery codes page");
      assert.match(await main.innerText(), /Two-factor sign-in is set up/);
      assert.equal(await main.locator("li code").count(), 10, "ten recovery codes");
      await submit(page, page.getByRole("button", { name: "Continue" }), "the headteacher's home");

      // their cases: only their own school's
      await submit(page, page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Your cases" }), "your cases");
      assert.equal(new URL(page.url()).pathname, "/your-cases");
      const list = await main.innerText();
      assert.match(list, /Brook Primary School[\s\S]*Your answer is needed/);
      assert.doesNotMatch(list, /Fell Lane Primary School/);
      assert.equal(await main.getByRole("link").count(), 1, "one case listed");

      // never the caseworkers' pages, nor the other school's case
      let res = await visit(page, `/cases/${brookCase}`, "the caseworkers' case page, refused");
      assert.equal(res.status(), 403);
      res = await visit(page, `/your-cases/${fellCase}`, "the other school's case, not found");
      assert.equal(res.status(), 404);
      assert.doesNotMatch(await page.locator("body").innerText(), /Fell Lane Primary School/);

      await visit(page, "/your-cases", "your cases again");
      await submit(page, page.getByRole("link", { name: "Brook Primary School" }), "the headteacher's case page", {
        screenshot: "external-case-page",
      });
      assert.equal(new URL(page.url()).pathname, `/your-cases/${brookCase}`);
      const casePage = await main.innerText();
      assert.match(casePage, /Your contact at the Department for Education\s+Dana Whitworth/);
      assert.match(casePage, /We need to know whether you accept the support offered/);
      assert.doesNotMatch(casePage, /Named by the director|A plan for reading/, "nothing internal");

      // the answer: a mistake, then yes
      await submit(page, page.getByRole("button", { name: "Give your answer" }), "the answer form");
      await submit(page, page.getByRole("button", { name: "Send your answer" }), "the answer form, with a mistake");
      assert.match(await page.title(), /^Error: /);
      assert.match(await page.locator(".govuk-error-summary").innerText(), /Select yes if you accept the support/);
      await page.getByLabel("Yes, we accept the support").check();
      await page.getByLabel("Anything you want us to know").fill("The governors agreed on Monday");
      await submit(page, page.getByRole("button", { name: "Send your answer" }), "the case after the answer");
      assert.equal(new URL(page.url()).pathname, `/your-cases/${brookCase}`);
      assert.match(await page.locator(".govuk-notification-banner").innerText(), /Thank you: your answer has been sent/);
      const answered = await main.innerText();
      assert.match(answered, /The support was accepted on \d{1,2} [A-Z][a-z]+ \d{4}/);
      assert.equal(await page.getByRole("button", { name: /Give your answer|Change your answer/ }).count(), 0);
      await visit(page, "/your-cases", "your cases after the answer");
      assert.doesNotMatch(await main.innerText(), /Your answer is needed/);

      // the link worked once
      res = await visit(page, link.pathname, "the invitation link again");
      assert.equal(res.status(), 410);
      assert.match(await page.locator("h1").innerText(), /This invitation has expired or has already been used/);
    });

    // the delivery officer is told: an email, and their home page
    const told = await emailTo(officer.email, "what");
    assert.match(told.personalisation.what, /Accepted support/);
    await visit(page, "/", "delivery officer's home with the answer", { screenshot: "external-answers-from-schools" });
    const home = await page.locator("main").innerText();
    assert.match(
      home,
      /Answers from schools\s+Brook Primary School: Accepted support \(given by the school in the service\), \d{1,2} [A-Z][a-z]+ \d{4} by Pat Head/,
    );
    assert.doesNotMatch(home, /Fell Lane Primary School: Accepted/);
    const answers = page.locator("h2:text-is('Answers from schools') + ul");
    await submit(page, answers.getByRole("link", { name: "Brook Primary School" }), "the case's decision log");
    assert.equal(new URL(page.url()).pathname, `/cases/${brookCase}/decisions`);
    assert.match(await page.locator("main").innerText(), /The governors agreed on Monday/);
    await visit(page, `/cases/${brookCase}/contacts`, "the case's contacts after acceptance");
    const after = await page.locator("main").innerText();
    assert.match(after, /Pat Head \(pat\.head@brook\.example\), the school/);
    assert.doesNotMatch(after, /invited, not yet accepted/);
    ok = true;
  } finally {
    if (!ok) await screenshot(officerPage, "failure-officer").catch(() => {});
    await closePage(officerPage, { verify: ok });
  }
});
