// schools.test.mjs - finding a school, reading its record and its trust, as
// a caseworker does: reference data loaded with `rise import` from small CSV
// files written here (an academy whose predecessor has older inspections, a
// closed school, accented and hostile names, a trust with joining dates),
// then searched by name, URN, postcode and local authority, filtered,
// sorted and paged; the school page's Ofsted timeline with the
// predecessor's inspections marked; the trust page's SI working; escaping;
// and 404s.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync } from "../lib/harness.mjs";

let server;
let client;

const HOSTILE = `<script>alert("x")</script> & 'Quote' School`;

/** One CSV line, every field quoted. */
const line = (fields) => fields.map((f) => `"${String(f ?? "").replace(/"/g, '""')}"`).join(",");
const csv = (header, rows) => [line(header), ...rows.map(line)].join("\r\n") + "\r\n";

const GIAS_HEADER = [
  "URN", "EstablishmentName", "LA (code)", "LA (name)", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (name)",
  "EstablishmentStatus (name)", "OpenDate", "CloseDate", "ReasonEstablishmentOpened (name)",
  "ReasonEstablishmentClosed (name)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
  "Trusts (code)", "Trusts (name)", "Street", "Town", "Postcode", "GOR (name)", "NumberOfPupils", "PercentageFSM",
];

function gias(urn, name, { la = "Camden", laCode = "202", type = "Community school", group = "Local authority maintained schools",
  status = "Open", open = "", close = "", reasonOpen = "", reasonClose = "", phase = "Primary", trustUid = "", trustName = "",
  town = "London", postcode = "", region = "London", pupils = "200", fsm = "10.5" } = {}) {
  return [urn, name, laCode, la, type, group, status, open, close, reasonOpen, reasonClose, phase, 4, 11, trustUid, trustName,
    "1 High Street", town, postcode, region, pupils, fsm];
}

const SCHOOLS = [
  gias(100001, "Oak Tree Primary School", { status: "Closed", close: "31-08-2015", reasonClose: "Academy Converter", postcode: "NW1 2BB" }),
  gias(140001, "Oak Tree Academy", { type: "Academy converter", group: "Academies", open: "01-09-2015", reasonOpen: "Academy Converter",
    trustUid: 5001, trustName: "ACORN LEARNING TRUST", postcode: "NW1 2BB" }),
  gias(100002, "St Thérèse Catholic Primary School", { la: "Leeds", laCode: "383", type: "Voluntary aided school", town: "Leeds",
    postcode: "LS6 2AB", region: "Yorkshire and the Humber", trustUid: 5001, trustName: "ACORN LEARNING TRUST" }),
  gias(100003, "Ysgol Gymraeg Llundain", { la: "Ealing", laCode: "307", type: "Other independent school",
    group: "Independent schools", postcode: "W13 8AB", open: "01-01-1900" }), // GIAS's "not known"
  gias(100004, HOSTILE, { la: "Leeds", laCode: "383", town: "Leeds", postcode: "LS1 1AA", region: "Yorkshire and the Humber",
    phase: "Secondary", type: "Academy sponsor led", group: "Academies" }),
  gias(100005, "Closed Oak Secondary", { status: "Closed", close: "31-08-2010", la: "Leeds", laCode: "383", phase: "Secondary",
    postcode: "LS2 9ZZ", region: "Yorkshire and the Humber" }),
  ...Array.from({ length: 30 }, (_, i) =>
    gias(200000 + i, `Paged School ${String(i).padStart(2, "0")}`, { la: "Kent", laCode: "886", region: "South East",
      town: "Maidstone", postcode: `ME14 ${i}AA` })),
];

const LINKS = [
  [140001, 100001, "Oak Tree Primary School", "Predecessor", "01-09-2015"],
  [100001, 140001, "Oak Tree Academy", "Successor", "01-09-2015"],
];

const GROUPS = [[5001, "TR05001", "ACORN LEARNING TRUST", "07318714", "Multi-academy trust", "Open", "2013-05-01"]];

const GROUP_LINKS = [
  [140001, 5001, "2015-09-01", "ACORN LEARNING TRUST", "Multi-academy trust"],
  [100002, 5001, "2014-01-01", "ACORN LEARNING TRUST", "Multi-academy trust"],
  [100003, 5001, "2020-01-01", "ACORN LEARNING TRUST", "Multi-academy trust"],
];

const INSPECTIONS = [
  [100001, "Satisfactory", "20090310"],
  [100001, "Inadequate", "20130612"],
  [140001, "Good", "20160420"],
  [140001, "Outstanding", "20220118"],
  [100002, "Requires Improvement", "20121001"],
  [100002, "Inadequate", "20190515"],
  [100004, "Good", "20180101"],
];

async function load(kind, name, content) {
  const file = join(server.dir, name);
  writeFileSync(file, content);
  const r = await riseAsync(["import", kind, "--db", server.db, file]);
  assert.equal(r.status, 0, `import ${kind}: ${r.stdout}${r.stderr}`);
}

before(async () => {
  server = await startServer();
  ({ client } = await signedIn(server, { role: "delivery-officer", region: "London" }));
  // the first search builds the server's copy before the data arrives: the
  // imports must be picked up all the same
  const empty = await client.get("/schools");
  assert.equal(empty.status, 200);
  await load("gias", "gias.csv", csv(GIAS_HEADER, SCHOOLS));
  await load("links", "links.csv", csv(["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"], LINKS));
  await load("groups", "groups.csv", csv(["Group UID", "Group ID", "Group Name", "Companies House Number", "Group Type",
    "Group Status", "Open date"], GROUPS));
  await load("group-links", "group_links.csv", csv(["URN", "Group UID", "Joined date", "Group Name", "Group Type"], GROUP_LINKS));
  await load("ofsted", "ofsted.csv", csv(["URN", "Rating", "Inspection Date"], INSPECTIONS));
});

after(async () => {
  if (server) await stopCleanly(server);
});

/** The heading that counts the results: "3 schools ..." */
function count(html) {
  const m = html.match(/<h2 class="govuk-heading-m" id="results">(\d+) schools?/);
  assert.ok(m, "a results heading");
  return Number(m[1]);
}

/** The URNs of the result rows, in order. */
function urns(html) {
  return [...html.matchAll(/<td class="govuk-table__cell">(\d{6})<\/td>/g)].map((m) => Number(m[1]));
}

async function search(qs) {
  const r = await client.get(`/schools?${qs}`);
  assert.equal(r.status, 200, `GET /schools?${qs}`);
  return r;
}

test("search by name words, open schools only unless asked", async () => {
  const r = await search("q=oak");
  assert.equal(count(r.text), 1);
  assert.deepEqual(urns(r.text), [140001]);
  assert.match(r.text, /<a class="govuk-link" href="\/schools\/140001">Oak Tree Academy<\/a>/);
  assert.match(r.text, /1 school matching ‘oak’/);
  const all = await search("q=oak&closed=1");
  assert.deepEqual(urns(all.text).sort(), [100001, 100005, 140001]);
  assert.match(all.text, /name="closed" type="checkbox" value="1" checked/);
  assert.match(all.text, /govuk-tag--grey">\s*Closed/);
  // every word must start a word of the name
  assert.deepEqual(urns((await search("q=oak+acad")).text), [140001]);
  assert.equal(count((await search("q=oak+zebra")).text), 0);
});

test("search by URN finds the school, even when closed", async () => {
  const r = await search("q=100001");
  assert.deepEqual(urns(r.text), [100001]);
  assert.match(r.text, /1 school with URN 100001/);
  assert.equal(count((await search("q=999999")).text), 0);
});

test("search by postcode, spaces and case ignored", async () => {
  assert.deepEqual(urns((await search("q=nw1+2bb")).text), [140001]);
  assert.deepEqual(urns((await search("q=NW12")).text), [140001]);
  const r = await search("q=ls6");
  assert.deepEqual(urns(r.text), [100002]);
  assert.match(r.text, /with a postcode starting LS6/);
});

test("search by local authority name", async () => {
  assert.deepEqual(urns((await search("q=camden")).text), [140001]);
  assert.deepEqual(urns((await search("q=ealing")).text), [100003]);
  assert.equal(count((await search("q=kent")).text), 30);
});

test("accented names are found without the accents", async () => {
  const r = await search("q=therese");
  assert.deepEqual(urns(r.text), [100002]);
  assert.match(r.text, /St Thérèse Catholic Primary School/);
  assert.deepEqual(urns((await search("q=ysgol+gym")).text), [100003]);
});

test("filters: region, local authority, phase, type, latest grade, trust", async () => {
  assert.deepEqual(urns((await search("region=London&sort=urn")).text), [100003, 140001]);
  assert.deepEqual(urns((await search("la=Leeds&sort=urn")).text), [100002, 100004]);
  assert.deepEqual(urns((await search("phase=Secondary")).text), [100004]);
  assert.deepEqual(urns((await search("type=Academy+converter")).text), [140001]);
  assert.deepEqual(urns((await search("grade=1")).text), [140001]);
  assert.deepEqual(urns((await search("grade=4")).text), [100002]);
  assert.deepEqual(urns((await search("grade=2")).text), [100004]);
  assert.equal(count((await search("grade=none")).text), 31); // Ysgol and the 30 paged schools
  assert.deepEqual(urns((await search("trust=5001&sort=urn")).text), [100002, 100003, 140001]);
  assert.deepEqual(urns((await search("trust=acorn&sort=urn")).text), [100002, 100003, 140001]);
  assert.deepEqual(urns((await search("q=oak&region=London&grade=1&trust=5001")).text), [140001]);
  // the filter lists offer the values in the data, and keep the choice
  const r = await search("region=London");
  assert.match(r.text, /<option value="London" selected>London<\/option>/);
  assert.match(r.text, /<option value="Yorkshire and the Humber">/);
  assert.match(r.text, /<option value="Kent">Kent<\/option>/);
  assert.match(r.text, /<option value="Voluntary aided school">/);
});

test("the latest grade shows with its date, as a coloured tag", async () => {
  const r = await search("q=140001");
  assert.match(r.text, /govuk-tag--green">\s*Outstanding\s*<\/strong><br><span class="rise-nowrap">18 January 2022<\/span>/);
  const ri = await search("q=100002");
  assert.match(ri.text, /govuk-tag--red">\s*Inadequate/);
  const none = await search("q=100003");
  assert.match(none.text, /No graded inspection/);
});

test("an empty result says what to try, and offers closed schools", async () => {
  const r = await search("q=closed+oak");
  assert.equal(count(r.text), 0);
  assert.match(r.text, /No schools match your search/);
  const m = r.text.match(/<a class="govuk-link" href="([^"]*)">include closed schools<\/a> \(1 closed school matches\)/);
  assert.ok(m, "a link to include closed schools");
  const href = m[1].replace(/&amp;/g, "&");
  assert.match(href, /closed=1/);
  assert.deepEqual(urns((await client.get(href)).text), [100005]);
});

test("pages of 25, with the filters kept in the page links", async () => {
  const p1 = await search("la=Kent");
  assert.equal(count(p1.text), 30);
  assert.equal(urns(p1.text).length, 25);
  assert.match(p1.text, /Showing 1 to 25, page 1 of 2/);
  assert.match(p1.text, /<nav class="govuk-pagination"/);
  assert.match(p1.text, /href="\/schools\?la=Kent&amp;page=2"/);
  const p2 = await search("la=Kent&page=2");
  assert.deepEqual(urns(p2.text), [200025, 200026, 200027, 200028, 200029]);
  const beyond = await search("la=Kent&page=9");
  assert.match(beyond.text, /There is no page 9 of these results/);
  // sort and order are kept too
  const desc = await search("la=Kent&sort=urn&order=desc");
  assert.equal(urns(desc.text)[0], 200029);
  assert.match(desc.text, /href="\/schools\?la=Kent&amp;sort=urn&amp;order=desc&amp;page=2"/);
});

test("sortable column headings keep the search and reverse on the second click", async () => {
  const r = await search("region=London");
  assert.match(r.text, /<a class="govuk-link" href="\/schools\?region=London&amp;sort=urn">URN<\/a>/);
  assert.match(r.text, /href="\/schools\?region=London&amp;order=desc">School <span aria-hidden="true">▲<\/span><span class="govuk-visually-hidden"> \(sorted ascending\)/);
  assert.deepEqual(urns((await search("region=London&sort=urn&order=desc")).text), [140001, 100003]);
  assert.deepEqual(urns((await search("region=London&order=desc")).text), [100003, 140001]); // Ysgol, Oak
  const byGrade = await search("la=Leeds&sort=grade&order=desc");
  assert.deepEqual(urns(byGrade.text), [100002, 100004]); // Inadequate before Good
  const byLa = await search("q=school&sort=la&closed=1");
  assert.equal(urns(byLa.text)[0], 100001); // Camden first
});

test("the school page: facts, predecessor chain, and the predecessor's inspections marked", async () => {
  const r = await client.get("/schools/140001");
  assert.equal(r.status, 200);
  assert.match(r.text, /<span class="govuk-caption-l">URN 140001<\/span><h1 class="govuk-heading-l">Oak Tree Academy<\/h1>/);
  assert.match(r.text, /<title>Oak Tree Academy \(URN 140001\)/);
  for (const [key, value] of [
    ["Type of establishment", "Academy converter (Academies)"],
    ["Phase", "Primary"],
    ["Ages", "4 to 11"],
    ["Local authority", "Camden (202)"],
    ["Region", "London"],
    ["Pupils", "200"],
    ["Pupils eligible for free school meals", "10.5%"],
  ]) {
    assert.match(r.text, new RegExp(`<dt class="govuk-summary-list__key">\\s*${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*${value.replace(/[()]/g, "\\$&")}`), key);
  }
  assert.match(r.text, /Opened 1 September 2015: Academy Converter/);
  assert.match(r.text, /<a class="govuk-link" href="\/trusts\/5001">ACORN LEARNING TRUST<\/a> \(Multi-academy trust\), joined 1 September 2015/);
  // predecessor chain
  assert.match(r.text, /Predecessors and successors/);
  assert.match(r.text, /Predecessor<\/td>\s*<td class="govuk-table__cell"><a class="govuk-link" href="\/schools\/100001">Oak Tree Primary School<\/a>/);
  // timeline: every inspection, the predecessor's marked with its URN
  const timeline = r.text.slice(r.text.indexOf('id="ofsted"'), r.text.indexOf('id="cases"'));
  const rows = [...timeline.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]).slice(1);
  assert.equal(rows.length, 4);
  assert.match(rows[0], /18 January 2022[\s\S]*Outstanding[\s\S]*140001[\s\S]*This school/);
  assert.match(rows[1], /20 April 2016[\s\S]*govuk-tag--turquoise">\s*Good/);
  assert.match(rows[2], /12 June 2013[\s\S]*govuk-tag--red">\s*Inadequate[\s\S]*href="\/schools\/100001">100001<\/a> <strong class="govuk-tag govuk-tag--purple">\s*Predecessor/);
  assert.match(rows[3], /10 March 2009[\s\S]*govuk-tag--yellow">\s*Satisfactory[\s\S]*100001[\s\S]*Predecessor/);
  // links out, and an honest cases section
  assert.match(r.text, /href="https:\/\/get-information-schools\.service\.gov\.uk\/Establishments\/Establishment\/Details\/140001"/);
  assert.match(r.text, /href="https:\/\/reports\.ofsted\.gov\.uk\/provider\/21\/140001"/);
  assert.match(r.text, /<h2 class="govuk-heading-m" id="cases">Cases and screening decisions<\/h2>\s*<p class="govuk-body">No case has been opened for this school/);
  // cases are seen only in scope: an officer of another region sees the school, not its cases
  const { client: other } = await signedIn(server, { role: "delivery-officer", region: "North West" });
  const elsewhere = await other.get("/schools/140001");
  assert.equal(elsewhere.status, 200);
  assert.doesNotMatch(elsewhere.text, /Cases and screening decisions/);
});

test("the predecessor's page shows its successor and its closure", async () => {
  const r = await client.get("/schools/100001");
  assert.equal(r.status, 200);
  assert.match(r.text, /Closed 31 August 2015: Academy Converter/);
  assert.match(r.text, /Successor<\/td>\s*<td class="govuk-table__cell"><a class="govuk-link" href="\/schools\/140001">Oak Tree Academy<\/a>/);
  assert.match(r.text, /Not in a trust/);
});

test("the trust page: schools with joining dates, and the SI working as at today", async () => {
  const r = await client.get("/trusts/5001");
  assert.equal(r.status, 200);
  assert.match(r.text, /<span class="govuk-caption-l">Multi-academy trust<\/span><h1 class="govuk-heading-l">ACORN LEARNING TRUST<\/h1>/);
  assert.match(r.text, /company\/07318714">07318714<\/a>/);
  assert.match(r.text, /Opened[\s\S]*1 May 2013/);
  const members = r.text.slice(r.text.indexOf("Schools in the trust</caption>"), r.text.indexOf('id="since-joining"'));
  assert.match(members, /href="\/schools\/140001">Oak Tree Academy<\/a>[\s\S]*?1 September 2015[\s\S]*?Outstanding[\s\S]*?18 January 2022/);
  assert.match(members, /href="\/schools\/100002">St Thérèse[\s\S]*?1 January 2014/);
  const si = r.text.slice(r.text.indexOf('id="since-joining"'));
  // share: 2 inspected since joining, 1 of them inadequate
  assert.match(si, /1 of 2 schools inspected since joining \(50%\)/);
  // SI: Oak Tree +1 (predecessor's Inadequate 2013 -> Outstanding 2022),
  // St Thérèse -1 (RI 2012 -> Inadequate 2019), Ysgol left out
  assert.match(si, /SI score\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*0 \(1 improved, 1 declined, 0 the same; 1 left out\)/);
  const rows = [...si.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]);
  const oak = rows.find((x) => x.includes("/schools/140001"));
  assert.match(oak, /Inadequate[\s\S]*12 June 2013[\s\S]*predecessor, URN <a class="govuk-link" href="\/schools\/100001">100001<\/a>[\s\S]*Outstanding[\s\S]*18 January 2022[\s\S]*\+1<\/strong><br>better/);
  const st = rows.find((x) => x.includes("/schools/100002"));
  assert.match(st, /Requires improvement[\s\S]*1 October 2012[\s\S]*Inadequate[\s\S]*15 May 2019[\s\S]*−1<\/strong><br>worse/);
  const ysgol = rows.find((x) => x.includes("/schools/100003"));
  assert.match(ysgol, /Left out: no graded inspection on record/);
});

test("GIAS's 1 January 1900 is an unknown opening date, not shown as a date", async () => {
  const page = await client.get("/schools/100003");
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /1900/);
  assert.doesNotMatch(page.text, /Opened/);
});

test("hostile names are escaped everywhere", async () => {
  const list = await search("la=Leeds");
  assert.ok(!list.text.includes("<script>alert"), "no raw script in the list");
  assert.match(list.text, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;Quote&#39; School/);
  const page = await client.get("/schools/100004");
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes("<script>alert"), "no raw script on the page");
  assert.match(page.text, /<title>&lt;script&gt;/);
  // hostile search text: shown escaped, and harmless to FTS5 and SQL
  for (const q of ['"><script>x</script>', "' OR 1=1 --", 'NEAR(oak tree)', 'oak"*', "name:oak", "%", "&&&"]) {
    const r = await search(`q=${encodeURIComponent(q)}&trust=${encodeURIComponent(q)}`);
    assert.ok(!r.text.includes("<script>x"), `escaped: ${q}`);
  }
  assert.equal(count((await search("q=%22oak")).text), 1);
});

test("unknown or malformed URNs and UIDs are 404", async () => {
  for (const path of ["/schools/999999", "/schools/abc", "/schools/-1", "/schools/0", "/schools/1e5", "/schools/140001x",
    "/trusts/424242", "/trusts/0", "/trusts/12x", "/trusts/99999999999999999999"]) {
    const r = await client.get(path);
    assert.equal(r.status, 404, path);
    assert.match(r.text, /Page not found/, path);
  }
});

test("signed-out visitors are sent to sign in", async () => {
  const { Client } = await import("../lib/harness.mjs");
  const anon = new Client(server.url);
  for (const path of ["/schools", "/schools/140001", "/trusts/5001"]) {
    const r = await anon.get(path);
    assert.equal(r.status, 303, path);
    assert.match(r.location, /^\/login/);
  }
});
