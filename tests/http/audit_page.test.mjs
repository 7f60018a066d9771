// audit_page.test.mjs - the audit trail reads in words: people by name (the
// address beneath, never "Name <email>"), records named ("Account: ...",
// "Case 1"), programme codes, subjects, categories and routes in words, and
// no internal values such as "rise" or "school-120001".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, csrfFrom } from "../lib/harness.mjs";

let server, officer, admin;

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"),
    "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
    "GOR (name),LA (name),OpenDate\n" +
    "120001,Hill Top Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990\n");
  const r = await riseAsync(["import", "gias", "--db", server.db, join(server.dir, "gias.csv")]);
  assert.equal(r.status, 0, r.stderr);
  officer = await signedIn(server, { role: "delivery-officer", name: "Dana Officer" });
  admin = await signedIn(server, { role: "admin", name: "Ada Admin" });
  const token = csrfFrom((await officer.client.get("/screening/rise/exception")).text);
  const opened = await officer.client.post("/screening/rise/exception", {
    csrf_token: token, kind: "school", id: "120001", source: "regional-director", category: "targeted",
    reason: "Named by the director",
  });
  assert.equal(opened.status, 303);
});
after(async () => {
  if (server) await stopCleanly(server);
});

test("the audit trail names people, records and values in words", async () => {
  const page = await admin.client.get("/audit");
  assert.equal(page.status, 200);
  const html = page.text;
  // people: the name, then the address in smaller type; never "Name <email>"
  assert.match(html, /Dana Officer<br><span class="govuk-body-s rise-secondary-text">[^<]+@[^<]+<\/span>/);
  assert.doesNotMatch(html, /Dana Officer &lt;/);
  // records in words
  assert.match(html, /href="\/history\/user\/\d+">Account: Dana Officer<\/a>/);
  assert.match(html, /href="\/history\/case\/1">Case 1<\/a>/);
  assert.match(html, /href="\/history\/school\/120001">School, URN 120001<\/a>/);
  // values in words
  assert.match(html, /<strong>Programme<\/strong>: RISE/);
  assert.match(html, /<strong>School or trust<\/strong>: School, URN 120001/);
  assert.match(html, /<strong>Category<\/strong>: Targeted/);
  assert.match(html, /<strong>Route<\/strong>: Added by exception/);
  assert.doesNotMatch(html, /<strong>[a-z]/, "every field name starts with a capital");
  assert.doesNotMatch(html, /: rise<|school-120001|\b\d{4}-\d{2}-\d{2}<\/li>/);
});

test("the case timeline names people without their address; reasons keep their line breaks", async () => {
  const t = await officer.client.get("/cases/1/timeline");
  assert.equal(t.status, 200);
  assert.match(t.text, /moj-timeline__byline">by Dana Officer<\/p>/);
  assert.doesNotMatch(t.text, /by Dana Officer &lt;/);
  const log = await officer.client.get("/cases/1/decisions");
  assert.equal(log.status, 200);
  assert.match(log.text, /class="govuk-table__cell rise-pre-line">Named by the director</);
});
