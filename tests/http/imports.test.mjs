// imports.test.mjs - an administrator loads reference data through the web
// pages: the file streams to disk, a background job imports it, and the
// status page shows the outcome, or each problem with its line and column.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addUser, Client, csrfFrom, sleep } from "../lib/harness.mjs";

let server, admin, token;

before(async () => {
  server = await startServer();
  const a = addUser(server, { role: "admin" });
  admin = new Client(server.url);
  assert.equal((await admin.login(a.email)).status, 303);
  token = csrfFrom((await admin.get("/imports/new")).text);
  assert.ok(token);
});

after(async () => {
  await server.stop();
});

/** Sends the upload form; its CSRF token goes in the address, as the form's action does. */
function upload(client, fields, file) {
  const { csrf_token: csrf, ...rest } = fields;
  const body = new FormData();
  for (const [k, v] of Object.entries(rest)) body.append(k, v);
  if (file) body.append("file", new Blob([file.content], { type: "text/csv" }), file.name);
  const path = csrf === undefined ? "/imports/new" : `/imports/new?csrf_token=${encodeURIComponent(csrf)}`;
  return client.request("POST", path, { body, headers: { Origin: server.url } });
}

/** Follows an import's status page until it has finished. */
async function finished(client, location) {
  for (let i = 0; i < 100; i++) {
    const r = await client.get(location);
    assert.equal(r.status, 200);
    if (/Imported<\/strong>|Not imported<\/strong>/.test(r.text)) return r.text;
    await sleep(100);
  }
  throw new Error(`${location} did not finish`);
}

test("a GIAS file is imported in the background and its summary shown", async () => {
  const csv = "URN,EstablishmentName,EstablishmentStatus (name),OpenDate\n100000,First School,Open,01-09-1990\n" +
    "100001,Second School,Open,\n";
  const r = await upload(admin, { csrf_token: token, kind: "gias" }, { name: "gias.csv", content: csv });
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/imports\/\d+$/);
  const page = await finished(admin, r.location);
  assert.match(page, /2 rows imported: 2 added, 0 updated, 0 unchanged/);
  const list = await admin.get("/imports");
  assert.match(list.text, /gias\.csv/);
  const school = await admin.get("/schools/100000");
  assert.equal(school.status, 200);
  assert.match(school.text, /First School/);
});

test("a file with bad rows saves nothing and lists each problem by line and column", async () => {
  const csv = "URN,EstablishmentName,OpenDate\n200000,Fine,01-09-1990\nabc,Bad URN,01-09-1990\n200002,Bad date,31-02-2001\n";
  const r = await upload(admin, { csrf_token: token, kind: "gias" }, { name: "bad.csv", content: csv });
  assert.equal(r.status, 303);
  const page = await finished(admin, r.location);
  assert.match(page, /Nothing from this file was saved/);
  const text = page.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
  assert.match(text, / 3 1 URN &#39;abc&#39; is not a whole number /, "line 3, column 1");
  assert.match(text, / 4 3 OpenDate &#39;31-02-2001&#39; is not a date/, "line 4, column 3");
  assert.equal((await admin.get("/schools/200000")).status, 404, "the good row was not saved either");
});

test("with 'set the wrong ones aside' the good rows are saved", async () => {
  const csv = "URN,EstablishmentName\n300000,Kept\nxyz,Set aside\n";
  const r = await upload(admin, { csrf_token: token, kind: "gias", "skip-invalid": "1" }, { name: "mixed.csv", content: csv });
  const page = await finished(admin, r.location);
  assert.match(page, /2 rows imported: 1 added/);
  assert.match(page.replace(/<[^>]+>/g, " ").replace(/\s+/g, " "), /Rows with problems 1 /);
  assert.equal((await admin.get("/schools/300000")).status, 200);
});

test("a file that is not of the chosen kind gets one clear sentence", async () => {
  const r = await upload(admin, { csrf_token: token, kind: "links" }, { name: "photo.csv", content: "colour,size\nblue,3\n" });
  const page = await finished(admin, r.location);
  assert.match(page, /photo\.csv is not a GIAS links file/);
});

test("the form explains what is missing and keeps the choices made", async () => {
  const r = await upload(admin, { csrf_token: token, kind: "ofsted", format: "mi" }, null);
  assert.equal(r.status, 400);
  assert.match(r.text, /<title>Error: /);
  assert.match(r.text, /govuk-error-summary/);
  assert.match(r.text, /href="#file">Select a CSV file/);
  assert.match(r.text, /value="ofsted" checked/);
  assert.match(r.text, /<option value="mi" selected>/);
  const empty = await upload(admin, { csrf_token: token, kind: "gias" }, { name: "empty.csv", content: "" });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /The selected file is empty/);
  const noKind = await upload(admin, { csrf_token: token }, { name: "x.csv", content: "URN\n1\n" });
  assert.match(noKind.text, /href="#kind">Select what is in the file/);
});

test("an upload without the CSRF token is refused and nothing is queued", async () => {
  const before = (await admin.get("/imports")).text.match(/href="\/imports\/\d+"/g)?.length ?? 0;
  const r = await upload(admin, { kind: "gias" }, { name: "sneaky.csv", content: "URN,EstablishmentName\n9,X\n" });
  assert.equal(r.status, 403);
  const other = await upload(admin, { csrf_token: "x".repeat(43), kind: "gias" }, { name: "sneaky.csv", content: "URN,EstablishmentName\n9,X\n" });
  assert.equal(other.status, 403);
  const after = (await admin.get("/imports")).text.match(/href="\/imports\/\d+"/g)?.length ?? 0;
  assert.equal(after, before);
});

test("only administrators load reference data; other staff can search it", async () => {
  const d = addUser(server, { role: "delivery-officer" });
  const c = new Client(server.url);
  await c.login(d.email);
  assert.equal((await c.get("/imports/new")).status, 403);
  const home = await c.get("/");
  const t = csrfFrom(home.text);
  assert.equal((await upload(c, { csrf_token: t, kind: "gias" }, { name: "a.csv", content: "URN,EstablishmentName\n1,A\n" })).status, 403);
  assert.equal((await c.get("/schools?q=first")).status, 200);
});
