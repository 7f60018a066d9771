// date_input.test.mjs - every date form follows the Design System's date
// input errors (core/dateinput.c): the message names the date and what is
// wrong, the summary links to the first wrong box, only the wrong boxes are
// marked, and what was typed is kept. Tried on the school holidays form.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, stopCleanly, signedIn, csrfFrom } from "../lib/harness.mjs";

let server, admin;
before(async () => {
  server = await startServer();
  admin = await signedIn(server, { role: "admin" });
});
after(async () => {
  if (server) await stopCleanly(server);
});

async function add(fields) {
  const token = csrfFrom((await admin.client.get("/settings/school-holidays")).text);
  return admin.client.post("/settings/school-holidays", { csrf_token: token, name: "Autumn half term", ...fields });
}
const boxError = (html, id) => new RegExp(`id="${id}"[^>]*govuk-input--error|govuk-input--error[^>]*id="${id}"`).test(html);

test("a two-digit year: 'Year must include 4 numbers', only the year marked, input kept", async () => {
  const r = await add({
    "starts-on-day": "26", "starts-on-month": "10", "starts-on-year": "26",
    "ends-on-day": "30", "ends-on-month": "10", "ends-on-year": "2026",
  });
  assert.equal(r.status, 400);
  assert.match(r.text, /<a href="#starts-on-year">Year must include 4 numbers<\/a>/);
  assert.ok(boxError(r.text, "starts-on-year"), "the year box is marked");
  assert.ok(!boxError(r.text, "starts-on-day") && !boxError(r.text, "starts-on-month"), "day and month are not");
  assert.match(r.text, /id="starts-on-year"[^>]*value="26"|value="26"[^>]*id="starts-on-year"/);
});

test("a missing month names what is missing; a 31 April is not a real date", async () => {
  const r = await add({
    "starts-on-day": "26", "starts-on-month": "", "starts-on-year": "2026",
    "ends-on-day": "31", "ends-on-month": "4", "ends-on-year": "2027",
  });
  assert.match(r.text, /<a href="#starts-on-month">The first day of the holiday must include a month<\/a>/);
  assert.match(r.text, /<a href="#ends-on-day">The last day of the holiday must be a real date<\/a>/);
  assert.ok(boxError(r.text, "ends-on-day") && !boxError(r.text, "ends-on-month"));
  const none = await add({});
  assert.match(none.text, /<a href="#starts-on-day">Enter the first day of the holiday<\/a>/);
});

test("a month written as a word is read", async () => {
  const r = await add({
    "starts-on-day": "26", "starts-on-month": "Oct", "starts-on-year": "2026",
    "ends-on-day": "30", "ends-on-month": "october", "ends-on-year": "2026",
  });
  assert.equal(r.status, 303);
});
