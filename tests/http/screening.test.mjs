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
import { startServer, addUser, Client, csrfFrom, rise, sqliteRows } from "../lib/harness.mjs";

let server, officer, officerToken;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (name),OpenDate\n" +
  "110001,Stuck Primary School,Open,Local authority maintained schools,Community school,North West,Lancashire,01-09-1990\n" +
  "110002,Measures Academy,Open,Academies,Academy converter,North West,Lancashire,01-09-2012\n" +
  "110003,Maintained Measures School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990\n" +
  "110004,Good Primary School,Open,Local authority maintained schools,Community school,North West,Bolton,01-09-1990\n" +
  "110005,Leeds Stuck School,Open,Local authority maintained schools,Community school,Yorkshire and the Humber,Leeds,01-09-1990\n" +
  "110006,Leeds New Academy,Open,Academies,Academy converter,Yorkshire and the Humber,Leeds,01-09-2023\n" +
  "110007,Bolton New Academy,Open,Academies,Academy converter,North West,Bolton,01-09-2023\n";
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
  assert.match(elsewhere.text, /href="#id">This school is outside your region/);
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

// --- issue 10 item 19: the screening pages as a new user reads them -------------

test("a school outside your region is outside your region, even where the programme could not take it", async () => {
  const token = csrfFrom((await officer.get("/screening/si-2019-20/exception")).text);
  const add = (id) => officer.post("/screening/si-2019-20/exception", {
    csrf_token: token, kind: "school", id, source: "self-identified", reason: "Asked for help",
  });
  // in Yorkshire, and opened after 1 September 2019: not "no school with this URN"
  const leeds = await add("110006");
  assert.equal(leeds.status, 400);
  assert.match(leeds.text, /href="#id">This school is outside your region</);
  // in the officer's region, but not open on the programme's date: said so
  const bolton = await add("110007");
  assert.equal(bolton.status, 400);
  assert.match(text(bolton.text), /This school cannot be added to SI offer 2019\/20: it was not an open state-funded school in England on 1 September 2019/);
  const none = await add("199999");
  assert.match(none.text, /href="#id">There is no school with this URN</);
  assert.match(none.text, /name="id"[^>]*value="199999"/, "the URN typed is kept");

  // trusts: one in Yorkshire, and one with schools in two regions
  const dir = mkdtempSync(join(tmpdir(), "rise-screen-"));
  writeFileSync(join(dir, "groups.csv"), "Group UID,Group Name,Group Type\n6001,Leeds Trust,Multi-academy trust\n" +
    "6002,Pennine Trust,Multi-academy trust\n");
  writeFileSync(join(dir, "links.csv"), "URN,Group UID,Joined date,Group Name,Group Type\n" +
    "110005,6001,2015-09-01,Leeds Trust,Multi-academy trust\n" +
    "110002,6002,2015-09-01,Pennine Trust,Multi-academy trust\n110006,6002,2015-09-01,Pennine Trust,Multi-academy trust\n");
  for (const [kind, f] of [["groups", "groups.csv"], ["group-links", "links.csv"]]) {
    const r = rise(["import", kind, "--db", server.db, join(dir, f)]);
    assert.equal(r.status, 0, r.stderr);
  }
  rmSync(dir, { recursive: true, force: true });
  const tsio = csrfFrom((await officer.get("/screening/tsio-2022-23/exception")).text);
  const addTrust = (id) => officer.post("/screening/tsio-2022-23/exception", {
    csrf_token: tsio, kind: "trust", id, source: "self-identified", reason: "Asked for help",
  });
  assert.match((await addTrust("6001")).text, /href="#id">This trust is outside your region</);
  assert.match((await addTrust("6002")).text,
    /href="#id">This trust has schools in more than one region \(North West; Yorkshire and the Humber\), so it cannot be added by one region</);
  assert.match((await addTrust("6999")).text, /href="#id">There is no trust with this group UID</);
});

test("the decided view counts those still to decide", async () => {
  const todo = await officer.get("/screening/rise");
  const toDecide = Number(text(todo.text).match(/(\d+) to decide;/)[1]);
  const decidedCount = Number(text(todo.text).match(/show those already decided \((\d+)\)/)[1]);
  assert.ok(toDecide > 0 && decidedCount > 0 && toDecide !== decidedCount, `${toDecide} to decide, ${decidedCount} decided`);
  const decided = await officer.get("/screening/rise?show=decided");
  assert.match(text(decided.text), new RegExp(`${toDecide} to decide; show those still to decide \\(${toDecide}\\)\\.`));
  assert.equal((decided.text.match(/href="\/screening\/rise\/school\/\d+\?/g) || []).length, decidedCount);
});

test("the category is asked under \"Open a case\", and a set-aside records none", async () => {
  const item = await officer.get("/screening/rise/school/110003");
  assert.equal(item.status, 200);
  // GOV.UK's conditional reveal: the category radios sit in the "Open a case" item's
  // conditional, hidden (by the stylesheet, only when scripts run) until it is chosen
  assert.match(item.text, /value="open-case" data-aria-controls="conditional-decision">/);
  const reveal = item.text.match(/<div class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-decision">([\s\S]*?)<div class="govuk-radios__item">\s*<input class="govuk-radios__input" id="decision-2"/);
  assert.ok(reveal, "a hidden conditional under Open a case, before Set it aside");
  assert.match(reveal[1], /<legend[^>]*>Category<\/legend>/);
  assert.match(reveal[1], /name="category" type="radio" value="intervention" checked/, "the suggestion preselected");
  // chosen and shown again with an error: the category stays revealed
  const token = csrfFrom(item.text);
  const bad = await officer.post("/screening/rise/school/110003", { csrf_token: token, decision: "open-case", category: "targeted" });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<div class="govuk-radios__conditional" id="conditional-decision">/);
  assert.match(bad.text, /value="targeted" checked/);
  // without JavaScript the category shows whatever is chosen: a set-aside sends it and it is ignored
  const r = await officer.post("/screening/rise/school/110003", {
    csrf_token: token, decision: "set-aside", category: "intervention", reason: "Its local authority already supports it",
  });
  assert.equal(r.status, 303);
  assert.deepEqual(sqliteRows(server.db, "SELECT decision, coalesce(category, 'none') FROM screening_decisions WHERE subject_id = 110003 AND programme = 'rise'"),
    [["set-aside", "none"]]);
});

test("\"as at\" is a GOV.UK date input, with GOV.UK's messages and the input kept", async () => {
  const ok = await officer.get("/screening/si-2019-20?as-at-day=15&as-at-month=10&as-at-year=2019");
  assert.equal(ok.status, 200);
  assert.match(text(ok.text), /North West, as at 15 October 2019\./);
  assert.doesNotMatch(ok.text, /<title>Error: /);
  assert.match(ok.text, /<legend class="govuk-fieldset__legend">As at<\/legend>\s*<div id="as-at-hint" class="govuk-hint">For example, 1 9 2019<\/div>/);
  assert.match(ok.text, /id="as-at-day" name="as-at-day" type="text" value="15"/);
  assert.match(ok.text, /id="as-at-month" name="as-at-month" type="text" value="10"/);
  assert.match(ok.text, /id="as-at-year" name="as-at-year" type="text" value="2019"/);
  // a link's as-at shows in the three fields
  const linked = await officer.get("/screening/si-2019-20?as-at=2020-03-02");
  assert.match(linked.text, /id="as-at-day" name="as-at-day" type="text" value="2"/);
  assert.match(linked.text, /id="as-at-month" name="as-at-month" type="text" value="3"/);

  const cases = [
    [["1", "9", ""], "#as-at-year", "As at date must include a year", ["1", "9", ""], [0, 0, 1]],
    [["", "", "2020"], "#as-at-day", "As at date must include a day and month", ["", "", "2020"], [1, 1, 0]],
    [["31", "2", "2020"], "#as-at-day", "As at date must be a real date", ["31", "2", "2020"], [1, 0, 0]],
    [["1", "9", "19"], "#as-at-year", "Year must include 4 numbers", ["1", "9", "19"], [0, 0, 1]],
    [["1", "9", "2021"], "#as-at-day", "As at date must be between 1 September 2019 and 31 August 2020", ["1", "9", "2021"], [1, 1, 1]],
  ];
  for (const [[d, m, y], href, message, kept, wrong] of cases) {
    const r = await officer.get(`/screening/si-2019-20?as-at-day=${d}&as-at-month=${m}&as-at-year=${y}`);
    assert.equal(r.status, 200, message);
    assert.match(r.text, /<title>Error: /, message);
    assert.ok(r.text.includes(`<a href="${href}">${message}</a>`), `the summary links to ${href}: ${message}`);
    assert.ok(r.text.includes(`<span class="govuk-visually-hidden">Error:</span> ${message}</p>`), `on the field: ${message}`);
    for (const [i, part] of ["day", "month", "year"].entries()) {
      const input = r.text.match(new RegExp(`<input class="([^"]*)" id="as-at-${part}" name="as-at-${part}" type="text" value="([^"]*)"`));
      assert.ok(input, `the ${part} field`);
      assert.equal(input[2], kept[i], `${message}: the ${part} typed is kept`);
      assert.equal(input[1].includes("govuk-input--error"), wrong[i] === 1, `${message}: the ${part} field ${wrong[i] ? "is" : "is not"} highlighted`);
    }
    // the queue still shows, for the programme's first day
    assert.match(text(r.text), /as at 1 September 2019\./);
  }
  const rise = await officer.get("/screening/rise?as-at-day=31&as-at-month=12&as-at-year=2024");
  assert.ok(rise.text.includes("As at date must be the same as or after 1 January 2025"));
});

test("a row's evidence reads as a list, one inspection a line, its role in bold", async () => {
  const item = await officer.get("/screening/rise/school/110001");
  assert.equal(item.status, 200);
  assert.match(item.text, /<ul class="govuk-list"><li><strong>Latest:<\/strong> \d{1,2} \w+ \d{4}: Requires improvement \(URN 110001\)<\/li><li><strong>Previous:<\/strong>/);
});
