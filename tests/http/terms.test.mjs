// terms.test.mjs - school terms as data (issue 15 item 1): an administrator
// sets a year's three terms; the page shows each term's review due date (a
// month before the end, moved off bank holidays); a term that overlaps
// another, or runs backwards, is refused with the error summary and what was
// typed kept; only administrators may set them; each change is audited.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, stopCleanly, signedIn, csrfFrom, sqliteRows } from "../lib/harness.mjs";

let server, admin, officer;
before(async () => {
  server = await startServer();
  [admin, officer] = await Promise.all([
    signedIn(server, { role: "admin" }),
    signedIn(server, { role: "delivery-officer", region: "North East" }),
  ]);
});
after(async () => {
  if (server) await stopCleanly(server);
});

const dates = (prefix, iso) => {
  const [y, m, d] = iso.split("-");
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y };
};
async function setTerms(client, year, [as, ae, ss, se, us, ue]) {
  const token = csrfFrom((await client.get("/settings/terms")).text);
  return client.post("/settings/terms", {
    csrf_token: token, year,
    ...dates("autumn-starts", as), ...dates("autumn-ends", ae), ...dates("spring-starts", ss),
    ...dates("spring-ends", se), ...dates("summer-starts", us), ...dates("summer-ends", ue),
  });
}

test("a year's terms are set, with each review due a month before the term ends, off bank holidays", async () => {
  const r = await setTerms(admin.client, "2025",
    ["2025-09-03", "2025-12-19", "2026-01-05", "2026-03-27", "2026-04-13", "2026-06-25"]);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const page = await admin.client.get("/settings/terms");
  assert.match(page.text, /Terms for 2025\/26 saved/);
  assert.match(page.text, /Autumn term 2025\/26/);
  assert.match(page.text, /19 November 2025/, "autumn: a month before 19 December");
  // 25 May 2026 is the spring bank holiday: the summer term's review is due the Friday before
  assert.match(page.text, /22 May 2026/);
  assert.equal(sqliteRows(server.db, "SELECT count(*) FROM school_terms WHERE year = 2025")[0][0], "3");
  assert.equal(sqliteRows(server.db, "SELECT count(*) FROM audit WHERE action = 'terms.set'")[0][0], "3");
  // changing the year's terms replaces them, with the old date in the audit trail
  const again = await setTerms(admin.client, "2025",
    ["2025-09-03", "2025-12-18", "2026-01-05", "2026-03-27", "2026-04-13", "2026-06-25"]);
  assert.equal(again.status, 303);
  assert.equal(sqliteRows(server.db, "SELECT ends_on FROM school_terms WHERE year = 2025 AND term = 'autumn'")[0][0], "2025-12-18");
});

test("overlapping or backwards terms are refused, with what was typed kept", async () => {
  const r = await setTerms(admin.client, "2026",
    ["2026-09-02", "2026-12-18", "2027-01-04", "2027-04-20", "2027-04-12", "2027-07-21"]);
  assert.equal(r.status, 400);
  assert.match(r.text, /govuk-error-summary/);
  assert.match(r.text, /Summer term: The term overlaps another term/);
  assert.match(r.text, /value="20"/, "the spring term's last day is kept");
  const back = await setTerms(admin.client, "2026",
    ["2026-09-02", "2026-08-18", "2027-01-04", "2027-03-26", "2027-04-12", "2027-07-21"]);
  assert.equal(back.status, 400);
  assert.match(back.text, /Autumn term: The term&#39;s last day must be the same as or after its first day|Autumn term: The term's last day/);
  const year = await setTerms(admin.client, "26",
    ["2026-09-02", "2026-12-18", "2027-01-04", "2027-03-26", "2027-04-12", "2027-07-21"]);
  assert.equal(year.status, 400);
  assert.match(year.text, /Enter the academic year as the year its autumn term starts in/);
  assert.equal(sqliteRows(server.db, "SELECT count(*) FROM school_terms WHERE year = 2026")[0][0], "0");
});

test("only an administrator sets terms", async () => {
  assert.equal((await officer.client.get("/settings/terms")).status, 403);
});
