// screening.test.mjs - the screening queue: the rules pick out schools in
// the user's region, each with its evidence; a delivery officer opens a
// case or sets one aside with a reason, or adds a school by exception; every
// decision is audited and shows on the school's page; the CLI and the queue
// give the same answers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, addUser, Client, csrfFrom, rise } from "../lib/harness.mjs";

let server, officer, officerToken;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate\n" +
  "110001,Stuck Primary School,Open,Local authority maintained schools,Community school,North West,Lancashire,01-09-1990\n" +
  "110002,Measures Academy,Open,Academies,Academy converter,North West,Lancashire,01-09-2012\n" +
  "110003,Maintained Measures School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990\n" +
  "110004,Good Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990\n" +
  "110005,Leeds Stuck School,Open,Local authority maintained schools,Community school,Yorkshire and the Humber,Leeds,01-09-1990\n";
const OFSTED =
  "URN,Rating,Inspection Date\n" +
  "110001,Requires improvement,20190301\n110001,Requires improvement,20230510\n" +
  "110002,Good,20180101\n110002,Special Measures,20240110\n" +
  "110003,Good,20170101\n110003,Special Measures,20240212\n" +
  "110004,Good,20230101\n" +
  "110005,Requires improvement,20190301\n110005,Inadequate,20230510\n";

before(async () => {
  server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), "rise-screen-"));
  writeFileSync(join(dir, "gias.csv"), GIAS);
  writeFileSync(join(dir, "ofsted.csv"), OFSTED);
  for (const [kind, f] of [["gias", "gias.csv"], ["ofsted", "ofsted.csv"]]) {
    const r = rise(["import", kind, "--db", server.db, join(dir, f)]);
    assert.equal(r.status, 0, r.stderr);
  }
  rmSync(dir, { recursive: true, force: true });
  const u = addUser(server, { role: "delivery-officer", region: "North West", name: "Dee Officer" });
  officer = new Client(server.url);
  assert.equal((await officer.login(u.email)).status, 303);
  officerToken = csrfFrom((await officer.get("/")).text);
});

after(async () => {
  await server.stop();
});

const text = (html) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

test("the queue lists the region's schools the rules pick out, with counts per outcome", async () => {
  const q = await officer.get("/screening/rise");
  assert.equal(q.status, 200);
  const t = text(q.text);
  assert.match(t, /North West, as at/);
  assert.match(t, /Stuck Primary School/);
  assert.match(t, /Measures Academy/);
  assert.match(t, /Maintained Measures School/);
  assert.doesNotMatch(t, /Good Primary School/, "universal: not listed");
  assert.doesNotMatch(t, /Leeds Stuck School/, "another region");
  assert.match(t, /Intervention: 1/);
  assert.match(t, /Targeted: 2/);
  // each row's evidence is one click away
  assert.match(q.text, /href="\/screening\/rise\/school\/110001\?as-at=/);
});

test("the CLI and the queue give the same answers", async () => {
  const q = await officer.get("/screening/rise");
  const onPage = [...q.text.matchAll(/href="\/screening\/rise\/school\/(\d+)\?/g)].map((m) => m[1]).sort();
  const asAt = q.text.match(/as-at=(\d{4}-\d{2}-\d{2})/)[1];
  const cli = rise(["eligibility", "--db", server.db, "--programme", "rise", "--as-at", asAt, "--region", "North West"]);
  assert.equal(cli.status, 0, cli.stderr);
  const lines = cli.stdout.trim().split("\n");
  assert.equal(lines[0], "kind,id,name,region,local_authority,outcome,rule,evidence");
  const fromCli = lines.slice(1).map((l) => l.split(",")[1]).sort();
  assert.deepEqual(onPage, fromCli);
});

test("a decision needs a reason, and what was typed is kept", async () => {
  const item = await officer.get("/screening/rise/school/110001");
  assert.equal(item.status, 200);
  assert.match(text(item.text), /Suggested outcome Targeted/);
  assert.match(item.text, /110001/);
  const token = csrfFrom(item.text);
  const r = await officer.post("/screening/rise/school/110001", { csrf_token: token, decision: "open-case", category: "intervention" });
  assert.equal(r.status, 400);
  assert.match(r.text, /<title>Error: /);
  assert.match(r.text, /href="#reason">Enter why you made this decision/);
  assert.match(r.text, /value="intervention" checked/);
  assert.match(r.text, /value="open-case" checked/);
});

test("opening a case records who, when and why, and shows on the school's page", async () => {
  const token = csrfFrom((await officer.get("/screening/rise/school/110001")).text);
  const r = await officer.post("/screening/rise/school/110001", {
    csrf_token: token, decision: "open-case", category: "targeted", reason: "Stuck since 2019; head asked for help",
  });
  assert.equal(r.status, 303);
  const q = await officer.get(r.location);
  assert.match(q.text, /Case opened for Stuck Primary School/);
  assert.doesNotMatch(q.text, /href="\/screening\/rise\/school\/110001\?/, "no longer waiting for a decision");
  const school = await officer.get("/schools/110001");
  const t = text(school.text);
  assert.match(t, /Cases and screening decisions/);
  assert.match(t, /Case opened: targeted/);
  assert.match(t, /Stuck since 2019; head asked for help/);
  assert.match(t, /Dee Officer/);
  // a second decision is refused: the page shows the first
  const again = await officer.post("/screening/rise/school/110001", {
    csrf_token: token, decision: "set-aside", reason: "changed my mind",
  });
  assert.equal(again.status, 409);
  assert.match(text(again.text), /A case was opened on .* by Dee Officer/);
  // audited, with the reason
  const admin = addUser(server, { role: "analyst" });
  const a = new Client(server.url);
  await a.login(admin.email);
  const hist = await a.get("/history/school/110001");
  assert.equal(hist.status, 200);
  assert.match(text(hist.text), /Case opened from screening .* Stuck since 2019/);
});

test("setting a suggestion aside takes it off the queue", async () => {
  const token = csrfFrom((await officer.get("/screening/rise/school/110002")).text);
  const r = await officer.post("/screening/rise/school/110002", {
    csrf_token: token, decision: "set-aside", reason: "Already supported by its trust's own plan",
  });
  assert.equal(r.status, 303);
  const q = await officer.get(r.location);
  assert.match(q.text, /Measures Academy set aside/);
  const decided = await officer.get("/screening/rise?show=decided");
  assert.match(decided.text, /Measures Academy/);
});

test("a school the rules did not pick can be added by exception", async () => {
  const form = await officer.get("/screening/rise/exception");
  assert.equal(form.status, 200);
  const token = csrfFrom(form.text);
  const bad = await officer.post("/screening/rise/exception", { csrf_token: token, kind: "school", id: "abc" });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /href="#id">Enter the school/);
  assert.match(bad.text, /href="#source">Select why it is being added/);
  const elsewhere = await officer.post("/screening/rise/exception", {
    csrf_token: token, kind: "school", id: "110005", source: "self-identified", category: "targeted", reason: "x",
  });
  assert.match(elsewhere.text, /not in your region/);
  const r = await officer.post("/screening/rise/exception", {
    csrf_token: token, kind: "school", id: "110004", source: "regional-director", category: "targeted",
    reason: "Named by the regional director after a complaint",
  });
  assert.equal(r.status, 303);
  const school = await officer.get("/schools/110004");
  assert.match(text(school.text), /Case opened by exception: targeted/);
});

test("decisions are for the school's own region; analysts read only", async () => {
  const rd = addUser(server, { role: "regional-director", region: "Yorkshire and the Humber" });
  const c = new Client(server.url);
  await c.login(rd.email);
  const token = csrfFrom((await c.get("/")).text);
  const r = await c.post("/screening/rise/school/110003", { csrf_token: token, decision: "set-aside", reason: "x" });
  assert.equal(r.status, 403);
  const q = await c.get("/screening/rise");
  assert.match(text(q.text), /Leeds Stuck School/, "their own region's queue");
  assert.doesNotMatch(text(q.text), /Maintained Measures School/);
  const an = addUser(server, { role: "analyst" });
  const a = new Client(server.url);
  await a.login(an.email);
  const item = await a.get("/screening/rise/school/110003");
  assert.equal(item.status, 200);
  assert.match(text(item.text), /Only a delivery officer or regional director in this region can record a decision/);
  assert.doesNotMatch(item.text, /name="decision"/);
});

test("a school supported under another programme is flagged in the queue", async () => {
  // a TSIO 2022/23 case for the maintained school, added by exception
  const form = await officer.get("/screening/tsio-2022-23/exception");
  const token = csrfFrom(form.text);
  const r = await officer.post("/screening/tsio-2022-23/exception", {
    csrf_token: token, kind: "school", id: "110003", source: "self-identified", reason: "Asked for help in 2022",
  });
  assert.equal(r.status, 303);
  const q = await officer.get("/screening/rise");
  const row = q.text.split("<tr").slice(1).find((tr) => tr.includes("Maintained Measures School"));
  assert.ok(row, "still in the RISE queue");
  assert.match(row, /Supported before: Trust and School Improvement Offer 2022\/23/);
});
