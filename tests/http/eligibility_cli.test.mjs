// eligibility_cli.test.mjs - `rise eligibility` on the committed demo data
// (North East) and on small CSV files written here and loaded with
// `rise import`: the CSV header and quoting, rows checked by hand against
// the source files, --all, --region, --format json, and the command line's
// refusals (exit 2 with a sentence).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rise, SOURCE_DIR } from "../lib/harness.mjs";

const HEADER = "kind,id,name,region,local_authority,outcome,rule,evidence";
let dir, demoDb, fixDb;

/** Parses CSV text (RFC 4180 quoting) into arrays of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else field += c;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** Runs the command and returns {status, stderr, rows (objects by header), text}. */
function eligibility(db, ...args) {
  const r = rise(["eligibility", "--db", db, ...args]);
  const out = { status: r.status, stderr: r.stderr, text: r.stdout, rows: [] };
  if (r.status === 0 && !args.includes("json")) {
    const [head, ...body] = parseCsv(r.stdout);
    assert.equal(head.join(","), HEADER);
    out.rows = body.map((f) => Object.fromEntries(head.map((h, i) => [h, f[i]])));
    for (const f of body) assert.equal(f.length, 8, `eight fields: ${f.join(" | ")}`);
  }
  return out;
}

const byId = (rows, id) => rows.find((r) => r.id === String(id));

function importFile(kind, name, content, extra = []) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const r = rise(["import", kind, "--db", fixDb, path, ...extra]);
  assert.equal(r.status, 0, `${kind} ${name}: ${r.stderr}${r.stdout}`);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "rise-eligibility-"));
  demoDb = join(dir, "demo.db");
  const d = rise(["demo", "--db", demoDb, "--data", join(SOURCE_DIR, "demo")]);
  assert.equal(d.status, 0, d.stderr);

  fixDb = join(dir, "fixtures.db");
  assert.equal(rise(["migrate", "--db", fixDb]).status, 0);
  importFile(
    "gias",
    "gias.csv",
    "URN,EstablishmentName,LA (code),LA (name),TypeOfEstablishment (name),EstablishmentTypeGroup (name)," +
      "EstablishmentStatus (name),OpenDate,CloseDate,GOR (name),Trusts (code),Trusts (name)\n" +
      '900001,"Oak, ""The"" Primary",801,Bristol,Community school,Local authority maintained schools,Open,,,South West,,\n' +
      "900002,Elm Academy,801,Bristol,Academy converter,Academies,Open,01-09-2017,,South West,5001,Fixture Trust\n" +
      "900003,Elm Community School,801,Bristol,Community school,Local authority maintained schools,Closed,,31-08-2017,South West,,\n" +
      "900004,Ysgol Prawf,660,Cardiff,Welsh establishment,Welsh schools,Open,,,Wales (pseudo),,\n" +
      "900005,Closed Early School,801,Bristol,Community school,Local authority maintained schools,Closed,,31-03-2019,South West,,\n" +
      "900006,Late Free School,801,Bristol,Free schools,Free Schools,Open,01-01-2020,,South West,,\n" +
      "900007,Birch Academy,802,Bath and North East Somerset,Academy converter,Academies,Open,01-09-2015,,South West,5001,Fixture Trust\n" +
      "900008,Ash Academy,802,Bath and North East Somerset,Academy sponsor led,Academies,Open,01-09-2016,,South West,5001,Fixture Trust\n" +
      "900009,Thames School,202,Camden,Community school,Local authority maintained schools,Open,,,London,,\n",
  );
  importFile("links", "links.csv", "URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n" +
    "900002,900003,Elm Community School,Predecessor,01-09-2017\n" +
    "900003,900002,Elm Academy,Successor,01-09-2017\n");
  importFile("groups", "groups.csv", "Group UID,Group Name,Group Type,Group Status\n5001,Fixture Trust,Multi-academy trust,Open\n");
  importFile("group-links", "group_links.csv", "URN,Group UID,Joined date,Group Name,Group Type\n" +
    "900002,5001,2017-09-01,Fixture Trust,Multi-academy trust\n" +
    "900007,5001,2019-09-01,Fixture Trust,Multi-academy trust\n" +
    "900008,5001,2019-09-01,Fixture Trust,Multi-academy trust\n");
  importFile("ofsted", "history.csv", "URN,Rating,Inspection Date\n" +
    "900001,Good,20120101\n900001,Requires Improvement,20160510\n900001,Requires Improvement,20190312\n" +
    "900001,Requires Improvement,20221005\n" +
    "900003,Satisfactory,20080101\n900003,Requires Improvement,20130101\n900003,Inadequate,20150101\n" +
    "900002,Requires Improvement,20190101\n" +
    "900004,Requires Improvement,20190101\n900005,Requires Improvement,20180101\n900006,Requires Improvement,20200201\n" +
    "900007,Good,20150301\n900007,Requires Improvement,20210301\n" +
    "900008,Good,20170101\n900008,Inadequate,20211001\n" +
    "900009,Requires Improvement,20170601\n900009,Requires Improvement,20190501\n");
  // report cards in Ofsted's own layout (its management information from 2026)
  importFile("ofsted", "cards.csv", "URN,Inspection start date,Category of concern,Safeguarding standards," +
    "Achievement,Leadership and governance\n" +
    "900001,20/11/2025,,Met,Expected standard,Needs attention\n" +
    "900009,21/11/2025,,Not met,Strong standard,Strong standard\n", ["--format", "mi"]);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// --- the demo data (North East), checked by hand against demo/*.csv -------------------

test("SI 2019/20 on the demo: header, a hand-checked Tier 2, only tiers without --all", () => {
  const r = eligibility(demoDb, "--programme", "si-2019-20", "--as-at", "2019-09-01");
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.text.startsWith(HEADER + "\n"));
  // demo/ofsted_history.csv: 108342 RI 2019-06-18, RI 2017-03-21, Good 2012, Satisfactory 2008 and 2005
  const swalwell = byId(r.rows, 108342);
  assert.deepEqual(swalwell, {
    kind: "school", id: "108342", name: "Swalwell Primary School", region: "North East",
    local_authority: "Gateshead", outcome: "tier-2",
    rule: "si.tier-2.consecutive-ri: Tier 2: requires improvement at the reference judgement and at the inspection before it.",
    evidence: "reference: 18 June 2019: Requires improvement (URN 108342); previous: 21 March 2017: Requires improvement (URN 108342)",
  });
  assert.ok(r.rows.length > 50);
  assert.ok(r.rows.every((x) => ["tier-1", "tier-2", "tier-3"].includes(x.outcome)));
  assert.match(r.stderr, /si-2019-20 as at 2019-09-01: \d+ schools and 0 trusts listed; tier-1 \d+ tier-2 \d+ tier-3 \d+/);

  const all = eligibility(demoDb, "--programme", "si-2019-20", "--as-at", "2019-09-01", "--all");
  assert.ok(all.rows.length > r.rows.length * 5);
  assert.ok(all.rows.some((x) => x.outcome === "none"));
  assert.equal(all.rows.filter((x) => x.outcome !== "none").length, r.rows.length);
  // 108603 Balliol: Good 2018-07-03 is its latest before the year
  assert.match(byId(all.rows, 108603).rule, /^si\.none\.not-ri: /);
});

test("the region filter: the demo is all North East; another region has no rows; an unknown one is refused", () => {
  const all = eligibility(demoDb, "--programme", "si-2019-20", "--as-at", "2019-09-01");
  const ne = eligibility(demoDb, "--programme", "si-2019-20", "--as-at", "2019-09-01", "--region", "north east");
  assert.equal(ne.status, 0);
  assert.equal(ne.text, all.text);
  const london = eligibility(demoDb, "--programme", "si-2019-20", "--as-at", "2019-09-01", "--region", "London");
  assert.equal(london.status, 0);
  assert.equal(london.text, HEADER + "\n");
  const bad = rise(["eligibility", "--db", demoDb, "--programme", "rise", "--as-at", "2025-07-18", "--region", "Narnia"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown region 'Narnia'; the regions are: East Midlands, East of England, London, North East/);
});

test("RISE on the demo: a maintained school in special measures is intervention until it closes", () => {
  const r = eligibility(demoDb, "--programme", "rise", "--as-at", "2025-07-18");
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.rows.every((x) => x.outcome === "targeted" || x.outcome === "intervention"));
  // gias_core_2025-01.csv: 108603 Balliol Primary, Foundation school, Special Measures 24-10-2023
  const balliol = byId(r.rows, 108603);
  assert.equal(balliol.outcome, "intervention");
  assert.match(balliol.rule, /^rise\.intervention\.special-measures-maintained: /);
  assert.equal(balliol.evidence, "latest: 24 October 2023: Inadequate, special measures (URN 108603)");
  // gias.csv: Balliol closes 31-12-2025
  const later = eligibility(demoDb, "--programme", "rise", "--as-at", "2026-01-01", "--all");
  assert.equal(byId(later.rows, 108603), undefined);
  assert.ok(later.rows.some((x) => x.outcome === "universal"));
});

test("TSIO on the demo: a MAT's SI score from dated membership and its predecessors' judgements", () => {
  // group_links.csv: 136988 and 136989 joined 3090 on 2011-08-01 (their 2025 record names trust 17481);
  // 136988's predecessor 114181 was Outstanding in 2008, 136988 Good on 16-11-2022: -1.
  // ofsted_mi_2025-08.csv files 136989's previous graded inspection (RI, 23-11-2010) under
  // 114165, its predecessor, and its latest (Good, 18-12-2012) under 136989: +1. Score 0.
  const r = eligibility(demoDb, "--programme", "tsio-2022-23", "--as-at", "2023-08-31", "--all");
  assert.equal(r.status, 0, r.stderr);
  const abbey = r.rows.find((x) => x.kind === "trust" && x.id === "3090");
  assert.ok(abbey, "trust 3090 is listed");
  assert.equal(abbey.outcome, "none");
  assert.match(abbey.rule, /^tsio\.trust\.criteria-not-met: .*the SI score is 0/);
  assert.match(abbey.evidence, /latest since joining: 16 November 2022: Good \(URN 136988\); last before joining: 9 June 2008: Outstanding \(URN 114181\)/);
  assert.match(abbey.evidence, /latest since joining: 18 December 2012: Good \(URN 136989\); last before joining: 23 November 2010: Requires improvement \(URN 114165\)/);
  // on the census date 136988 had no inspection since joining: not eligible
  const census = eligibility(demoDb, "--programme", "tsio-2022-23", "--as-at", "2022-09-01", "--all");
  const early = census.rows.find((x) => x.kind === "trust" && x.id === "3090");
  assert.equal(early.outcome, "none");
  assert.equal(eligibility(demoDb, "--programme", "tsio-2022-23", "--as-at", "2022-09-01").rows.find((x) => x.id === "3090"), undefined);
});

// --- hand-written fixtures -------------------------------------------------------------

test("SI 2019/20 on the fixtures: tiers through a predecessor; Welsh, closed and later schools absent", () => {
  const r = eligibility(fixDb, "--programme", "si-2019-20", "--as-at", "2019-09-01");
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.rows.map((x) => [x.id, x.outcome]), [["900001", "tier-2"], ["900002", "tier-3"], ["900009", "tier-2"]]);
  // the name with a comma and quotes is quoted as CSV quotes
  assert.match(r.text, /^school,900001,"Oak, ""The"" Primary",South West,Bristol,tier-2,/m);
  const elm = byId(r.rows, 900002);
  assert.match(elm.rule, /^si\.tier-3\.ri-since-2005: .*4 inspections since 1 January 2005/);
  assert.equal(elm.evidence, "reference: 1 January 2019: Requires improvement (URN 900002); counted for tier 3: 1 January 2015: Inadequate (URN 900003); " +
    "counted for tier 3: 1 January 2013: Requires improvement (URN 900003); counted for tier 3: 1 January 2008: Requires improvement (URN 900003)");

  const all = eligibility(fixDb, "--programme", "si-2019-20", "--as-at", "2019-09-01", "--all");
  const ids = all.rows.map((x) => x.id);
  for (const out of ["900003", "900004", "900005", "900006"]) assert.ok(!ids.includes(out), `${out} is not in scope`);
  assert.equal(byId(all.rows, 900007).outcome, "none");
  // D itself: the free school opened 2020-01-01, RI 2020-02-01, its only inspection
  const later = eligibility(fixDb, "--programme", "si-2019-20", "--as-at", "2020-02-01");
  assert.equal(byId(later.rows, 900006).outcome, "tier-2");
  assert.match(byId(later.rows, 900006).rule, /^si\.tier-2\.first-inspection/);
  assert.equal(byId(eligibility(fixDb, "--programme", "si-2019-20", "--as-at", "2020-01-31").rows, 900006), undefined);
});

test("--format json: the same rows with structured inspections, missing data and the as-at date", () => {
  const r = rise(["eligibility", "--db", fixDb, "--programme", "si-2019-20", "--as-at", "2019-09-01", "--format", "json"]);
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout);
  assert.equal(rows.length, 3);
  const elm = rows.find((x) => x.id === 900002);
  for (const k of ["kind", "id", "name", "region", "local_authority", "outcome", "rule", "evidence", "inspections", "missing", "as_at"])
    assert.ok(k in elm, k);
  assert.equal(elm.rule, "si.tier-3.ri-since-2005");
  assert.equal(elm.as_at, "2019-09-01");
  assert.deepEqual(elm.inspections[1], { urn: 900003, date: "2015-01-01", kind: "graded", grade: 4, category: null, role: "counted for tier 3" });
  assert.deepEqual(elm.missing, []);
  const empty = rise(["eligibility", "--db", fixDb, "--programme", "si-2019-20", "--as-at", "2019-09-01", "--format", "json", "--region", "North West"]);
  assert.deepEqual(JSON.parse(empty.stdout), []);
});

test("TSIO on the fixtures: a maintained school RI in the year and a MAT by share and SI score", () => {
  const r = eligibility(fixDb, "--programme", "tsio-2022-23", "--as-at", "2023-08-31");
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.rows.map((x) => [x.kind, x.id, x.outcome]), [["school", "900001", "eligible"], ["trust", "5001", "eligible"]]);
  const trust = r.rows[1];
  assert.equal(trust.name, "Fixture Trust");
  assert.equal(trust.region, "South West");
  assert.equal(trust.local_authority, "Bath and North East Somerset; Bristol");
  assert.match(trust.rule, /^tsio\.trust\.share-and-si-score: Eligible: 3 schools joined by 1 September 2019; 3 of 3 .* SI score is -1/);
  const all = eligibility(fixDb, "--programme", "tsio-2022-23", "--as-at", "2023-08-31", "--all");
  assert.match(byId(all.rows, 900007).rule, /^tsio\.school\.in-mat: /);
  // on 1 September 2022 the maintained school's RI (5 October) had not happened
  const census = eligibility(fixDb, "--programme", "tsio-2022-23", "--as-at", "2022-09-01");
  assert.deepEqual(census.rows.map((x) => x.id), ["5001"]);
  const london = eligibility(fixDb, "--programme", "tsio-2022-23", "--as-at", "2023-08-31", "--region", "London");
  assert.deepEqual(london.rows, []);
});

test("RISE on the fixtures: report cards, stuck schools and an inadequate with no category", () => {
  const r = eligibility(fixDb, "--programme", "rise", "--as-at", "2025-12-01");
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.rows.map((x) => [x.id, x.outcome, x.rule.split(":")[0]]), [
    ["900001", "targeted", "rise.targeted.stuck-report-card"],
    ["900002", "targeted", "rise.targeted.stuck"],
    ["900008", "targeted", "rise.targeted.inadequate-category-unknown"],
    ["900009", "intervention", "rise.intervention.safeguarding-not-met"],
  ]);
  assert.equal(byId(r.rows, 900001).evidence,
    "latest: 20 November 2025, report card: leadership and governance needs attention, safeguarding met (URN 900001); " +
      "previous: 5 October 2022: Requires improvement (URN 900001)");
  assert.match(byId(r.rows, 900008).evidence, /missing: category of concern of the inadequate inspection not recorded/);
  const json = JSON.parse(rise(["eligibility", "--db", fixDb, "--programme", "rise", "--as-at", "2025-12-01", "--format", "json"]).stdout);
  assert.deepEqual(json[0].inspections[0].judgements, { achievement: "expected standard", "leadership and governance": "needs attention", safeguarding: "met" });
  // before the report cards: 900001 was stuck on its two RIs, 900009 too
  const before = eligibility(fixDb, "--programme", "rise", "--as-at", "2025-11-19", "--all");
  assert.equal(byId(before.rows, 900001).rule.split(":")[0], "rise.targeted.stuck");
  assert.equal(byId(before.rows, 900007).outcome, "universal");
});

test("the command line refuses what it cannot answer, with exit 2 and a sentence", () => {
  const run = (...args) => rise(["eligibility", "--db", fixDb, ...args]);
  let r = run("--programme", "si-2019-20", "--as-at", "2021-01-01");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--as-at 2021-01-01 is outside the SI offer 2019\/20 year: give a date from 2019-09-01 to 2020-08-31/);
  r = run("--programme", "tsio-2022-23", "--as-at", "2022-08-31");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /from 2022-09-01 to 2023-08-31/);
  r = run("--programme", "si-2018-19", "--as-at", "2019-01-01");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown programme 'si-2018-19' \(si-2019-20, tsio-2022-23 or rise\)/);
  r = run("--programme", "rise", "--as-at", "2025-02-30");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /'2025-02-30' is not a date written YYYY-MM-DD/);
  r = run("--programme", "rise");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--as-at YYYY-MM-DD/);
  r = run("--programme", "rise", "--as-at", "2025-07-01", "--format", "xml");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown --format 'xml' \(csv or json\)/);
  r = run("--programme", "rise", "--as-at", "2025-07-01", "--colour");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option '--colour'/);
  for (const x of [r, run("--programme", "rise", "--as-at", "2025-02-30")]) assert.equal(x.stdout, "");
});
