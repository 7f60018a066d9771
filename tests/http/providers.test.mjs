// providers.test.mjs - the register of supporting organisations and people
// (issue 12) over HTTP: an organisation added after a form error with what
// was typed kept, its GIAS link checked and its place derived; due-diligence
// checks current, expired and requested; capacity and what matches hold of
// it; a person with a day rate in pence; conflicts and contacts; taking one
// off the register; and a capacity survey imported from the upload page and
// the command line, all or nothing, with FILE:LINE:COLUMN problems.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, stopCleanly, signedIn, riseAsync, sqliteRows, csrfFrom, unescapeHtml, rawHttp } from "../lib/harness.mjs";

let server, officer, analyst, elsewhere;

const GIAS =
  "URN,EstablishmentName,EstablishmentStatus (name),EstablishmentTypeGroup (name),TypeOfEstablishment (name)," +
  "GOR (name),LA (code),LA (name),OpenDate,Trusts (code),PhaseOfEducation (name),Easting,Northing\n" +
  "160001,Alpha Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,7001,Primary,370000,410000\n" +
  "160002,Beta Academy,Open,Academies,Academy converter,North West,350,Bolton,01-09-2012,7001,Secondary,372000,412000\n" +
  "160003,Closed Academy,Closed,Academies,Academy converter,North West,350,Bolton,01-09-2012,7001,Primary,999000,999000\n" +
  "160004,Gamma Primary,Open,Local authority maintained schools,Community school,North West,351,Bury,01-09-1990,,Primary,380000,420000\n";
const GROUPS = "Group UID,Group Name,Group Type\n7001,Test Learning Trust,Multi-academy trust\n";

const today = new Date();
const dateFields = (prefix, d = today) => ({
  [`${prefix}-day`]: String(d.getDate()),
  [`${prefix}-month`]: String(d.getMonth() + 1),
  [`${prefix}-year`]: String(d.getFullYear()),
});
const daysFrom = (n) => new Date(today.getTime() + n * 86400000);

// the school-year term of a date, as rise codes it (matching.h)
function termCode(d = today, offset = 0) {
  const m = d.getMonth() + 1;
  let year = d.getFullYear();
  let t = m >= 9 ? 0 : m <= 3 ? 1 : 2;
  if (t > 0) year -= 1;
  let index = year * 3 + t + offset;
  return `${Math.floor(index / 3)}-${["autumn", "spring", "summer"][index % 3]}`;
}
function termLabel(code) {
  const [y, t] = code.split("-");
  return `${t[0].toUpperCase()}${t.slice(1)} ${t === "autumn" ? y : Number(y) + 1}`;
}

/** Sends a form (pairs, so that checkboxes can repeat) with the token from the form's page. */
async function send(client, formPath, pairs, action = formPath) {
  const page = await client.get(formPath);
  assert.equal(page.status, 200, `GET ${formPath}: ${page.status}`);
  return client.post(action, [["csrf_token", csrfFrom(page.text)], ...pairs]);
}

const one = (sql) => sqliteRows(server.db, sql)[0]?.[0];

before(async () => {
  server = await startServer();
  writeFileSync(join(server.dir, "gias.csv"), GIAS);
  writeFileSync(join(server.dir, "groups.csv"), GROUPS);
  for (const [kind, f] of [["gias", "gias.csv"], ["groups", "groups.csv"]]) {
    const r = await riseAsync(["import", kind, "--db", server.db, join(server.dir, f)]);
    assert.equal(r.status, 0, r.stderr);
  }
  [officer, analyst, elsewhere] = await Promise.all([
    signedIn(server, { role: "delivery-officer", name: "Dana Officer" }),
    signedIn(server, { role: "analyst", name: "Ana Lyst" }),
    signedIn(server, { role: "delivery-officer", name: "York Officer", region: "Yorkshire and the Humber" }),
  ]);
});

after(async () => {
  if (server) await stopCleanly(server);
});

const TRUST_FORM = [
  ["name", "Test Trust Support"],
  ["type", "trust"],
  ["regions", "North West"],
  ["regions", "North East"],
  ["las", "350"],
  ["phases", "primary"],
  ["expertise", "send"],
  ["expertise", "leadership-governance"],
  ["notes", "Strong on SEND"],
];

let trustId;

test("an organisation with a form error keeps what was typed, and is added when corrected", async () => {
  let r = await send(officer.client, "/providers/new", [...TRUST_FORM, ["link-trust", ""]], "/providers/new");
  assert.equal(r.status, 400);
  assert.match(r.text, /<title>Error: /);
  assert.match(r.text, /There is a problem/);
  assert.match(r.text, /href="#link-trust">Enter the trust&#39;s group UID/);
  assert.match(r.text, /name="name"[^>]*value="Test Trust Support"/);
  assert.match(r.text, /name="regions" type="checkbox" value="North West" checked/);
  assert.match(r.text, /name="expertise" type="checkbox" value="send" checked/);
  assert.match(r.text, /name="las"[^>]*value="350"/);
  assert.match(r.text, />Strong on SEND<\/textarea>/);
  assert.equal(one("SELECT count(*) FROM organisations"), "0");

  r = await send(officer.client, "/providers/new", [...TRUST_FORM, ["link-trust", "7001"]]);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  trustId = Number(r.location.match(/^\/providers\/(\d+)$/)[1]);
  // its place is the mean of its open schools (the closed one left out)
  assert.deepEqual(sqliteRows(server.db, `SELECT org_type, group_uid, regions, local_authorities, phases, expertise,
    easting, northing FROM organisations WHERE id = ${trustId}`), [[
    "trust", "7001", "North East;North West", "350", "primary", "leadership-governance,send", "371000", "411000"]]);
  assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'organisation.create' AND object_id = '${trustId}'`), "1");
  const page = await officer.client.get(`/providers/${trustId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Organisation added to the register/);
  assert.match(page.text, /<a class="govuk-link" href="\/trusts\/7001">Test Learning Trust<\/a>/);
  assert.match(page.text, /href="\/schools\/160001">Alpha Academy/);
  assert.doesNotMatch(page.text, /Closed Academy/);
  assert.match(page.text, /Bolton \(350\)/);
  // the same name again, in any case, is refused
  r = await send(officer.client, "/providers/new", [["name", "TEST TRUST SUPPORT"], ["type", "other"]]);
  assert.equal(r.status, 400);
  assert.match(r.text, /There is already an organisation or person with this name/);
});

test("GIAS links are checked against the schools and groups", async () => {
  const cases = [
    [[["type", "trust"], ["link-trust", "9999"]], /There is no trust with group UID 9999/],
    [[["type", "school"], ["link-school", "160099"]], /There is no school with URN 160099/],
    [[["type", "school"], ["link-school", "abc"]], /Enter the URN as a number/],
    [[["type", "la"], ["link-la", "999"]], /There is no local authority with code 999/],
    [[["type", "other"], ["las", "350, 999"]], /There is no local authority with code 999/],
    [[["type", "other"], ["las", "Bolton"]], /three digits separated by commas/],
  ];
  for (const [pairs, message] of cases) {
    const r = await send(officer.client, "/providers/new", [["name", "Linked Somewhere"], ...pairs]);
    assert.equal(r.status, 400, JSON.stringify(pairs));
    assert.match(r.text, message);
  }
  // a local authority's place is the mean of its open schools
  const r = await send(officer.client, "/providers/new", [["name", "Bury Services"], ["type", "la-traded"],
    ["link-la-traded", "351"]]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const id = r.location.split("/").pop();
  assert.deepEqual(sqliteRows(server.db, `SELECT la_code, easting, northing FROM organisations WHERE id = ${id}`),
    [["351", "380000", "420000"]]);
});

test("due diligence: a check recorded is current, an expired one shows expired, a vendor account requested its date", async () => {
  const form = `/providers/${trustId}/checks/new`;
  let r = await send(officer.client, form, [["kind", "vendor"], ["outcome", "passed"], ...Object.entries(dateFields("checked-on")),
    ["checked_by", "Grant team"]]);
  assert.equal(r.status, 400);
  assert.match(r.text, /Select whether the vendor account is requested or set up/);
  assert.match(r.text, /name="checked_by"[^>]*value="Grant team"/);
  r = await send(officer.client, form, [["kind", "capacity"], ["outcome", "passed"],
    ...Object.entries(dateFields("checked-on", daysFrom(3))), ["checked_by", "Me"]]);
  assert.equal(r.status, 400);
  assert.match(r.text, /must be today or in the past/);

  r = await send(officer.client, form, [["kind", "relationship"], ["outcome", "passed"],
    ...Object.entries(dateFields("checked-on")), ["checked_by", "Trust relationship manager"], ["notes", "No concerns"]]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await send(officer.client, form, [["kind", "financial"], ["outcome", "passed"],
    ...Object.entries(dateFields("checked-on", daysFrom(-700))), ...Object.entries(dateFields("expires-on", daysFrom(-300))),
    ["checked_by", "Schools financial support and oversight team"]]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await send(officer.client, form, [["kind", "vendor"], ["outcome", "requested"],
    ...Object.entries(dateFields("checked-on")), ["checked_by", "Grant team"]]);
  assert.equal(r.status, 303, r.text.slice(0, 400));

  const page = (await officer.client.get(`/providers/${trustId}`)).text;
  const row = (label) => page.match(new RegExp(`<th scope="row" class="govuk-table__header">${label}</th>([\\s\\S]*?)</tr>`))?.[1] ?? "";
  assert.match(row("Check with the trust relationship manager or local authority lead"), /Trust relationship manager[\s\S]*Does not expire[\s\S]*>Current</);
  assert.match(row("Financial check"), />Expired</);
  assert.match(row("Vendor account"), />Requested<[\s\S]*Expected by \d{1,2} \w+ \d{4}/);
  assert.match(row("Capacity"), />Not done</);
  assert.match(page, /No capacity check; financial check expired; vendor account requested/);
  assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'organisation.check' AND object_id = '${trustId}'`), "3");
  // the list says the same in words
  const list = (await officer.client.get("/providers")).text;
  assert.match(list, /Not complete[\s\S]*No capacity check; financial check expired; vendor account requested/);
});

test("capacity: what is offered, what matches hold and what is left, term by term", async () => {
  const now = termCode(), next = termCode(today, 1);
  let r = await send(officer.client, `/providers/${trustId}/capacity`, [["term", now], ["schools", "three"], ["days", "30"]]);
  assert.equal(r.status, 400);
  assert.match(r.text, /Schools must be a whole number/);
  assert.match(r.text, /name="days"[^>]*value="30"/);
  r = await send(officer.client, `/providers/${trustId}/capacity`, [["term", now], ["schools", "3"], ["days", "30"]]);
  assert.equal(r.status, 303);
  r = await send(officer.client, `/providers/${trustId}/capacity`, [["term", next], ["schools", "2"], ["days", "20"]]);
  assert.equal(r.status, 303);
  // three cases: matched for two terms with 9 days (5 now, 4 next), declined (holds nothing),
  // proposed with no term yet (its proposal's term: one school, no days); one closed
  const ins = (urn, name, status, outcome) =>
    sqliteRows(server.db, `INSERT INTO cases (programme, subject_kind, subject_id, subject_name, region, route, rationale,
      opened_at, opened_by, status, closure_outcome) VALUES ('rise', 'school', ${urn}, '${name}', 'North West', 'exception',
      'x', '2026-01-01', 'test', '${status}', ${outcome ? `'${outcome}'` : "NULL"}) RETURNING id`)[0][0];
  const a = ins(160004, "Gamma Primary", "in progress"), b = ins(160001, "Alpha Academy", "closed", "support-completed");
  const c = ins(160002, "Beta Academy", "in progress");
  const iso = today.toISOString().slice(0, 10);
  sqliteRows(server.db, `INSERT INTO case_providers (case_id, organisation_id, status, since, term, terms, days) VALUES
    (${a}, ${trustId}, 'matched', '${iso}', '${now}', 2, 9),
    (${b}, ${trustId}, 'declined', '${iso}', '${now}', 1, 10),
    (${c}, ${trustId}, 'proposed', '${iso}T10:00:00Z', NULL, 1, 0)`);
  const page = (await officer.client.get(`/providers/${trustId}`)).text;
  const row = (code) => page.match(new RegExp(`<th scope="row" class="govuk-table__header">${termLabel(code)}</th>([\\s\\S]*?)</tr>`))[1]
    .match(/>([^<>]*)<\/td>/g).map((m) => m.slice(1, -5));
  assert.deepEqual(row(now), ["3", "30", "2", "5", "1 school, 25 days"]);
  assert.deepEqual(row(next), ["2", "20", "1", "4", "1 school, 16 days"]);
  // the cases it was proposed for, with the match, the case and its outcome
  assert.match(page, /href="\/cases\/\d+">Gamma Primary<\/a>[\s\S]*?Matched/);
  assert.match(page, /Alpha Academy<\/a>[\s\S]*?Declined[\s\S]*?Closed[\s\S]*?Support completed/);
  // outside the case's region it is counted, not named
  const other = (await elsewhere.client.get(`/providers/${trustId}`)).text;
  assert.match(other, /A case in North West/);
  assert.doesNotMatch(other, /Gamma Primary/);
  // the list shows what is left this term
  const list = (await officer.client.get("/providers?q=test+trust")).text;
  assert.match(list, new RegExp(`Capacity left, ${termLabel(now)}`));
  assert.match(list, /1 school, 25 days/);
});

let personId;

test("people: a person is added with their day rate in pence and their days this term", async () => {
  const form = [["name", "Robin Example"], ["designation", "nle"], ["urn", "160001"], ["regions", "North West"],
    ["phases", "primary"], ["expertise", "curriculum-teaching"], ["days", "8"], ["schools", ""], ["email", "robin@example.org"]];
  let r = await send(officer.client, "/people/new", [...form, ["day_rate", "six hundred"]]);
  assert.equal(r.status, 400, `${r.location} ${r.text.slice(0, 300)}`);
  assert.match(r.text, /Enter the day rate in pounds/);
  assert.match(r.text, /name="day_rate"[^>]*value="six hundred"/);
  assert.match(r.text, /name="designation" type="radio" value="nle" checked/);
  r = await send(officer.client, "/people/new", [...form.map(([k, v]) => [k, k === "urn" ? "160099" : v]), ["day_rate", "£650.50"]]);
  assert.equal(r.status, 400);
  assert.match(r.text, /There is no school with URN 160099/);
  r = await send(officer.client, "/people/new", [...form, ["day_rate", "£650.50"]]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  personId = Number(r.location.match(/^\/people\/(\d+)$/)[1]);
  assert.deepEqual(sqliteRows(server.db, `SELECT o.org_type, o.kind, l.designation, l.day_rate_pence, l.urn, o.easting
    FROM organisations o JOIN leaders l ON l.organisation_id = o.id WHERE o.id = ${personId}`),
    [["person", "system-leader", "nle", "65050", "160001", "370000"]]);
  assert.deepEqual(sqliteRows(server.db, `SELECT term, schools, days FROM provider_capacity WHERE organisation_id = ${personId}`),
    [[termCode(), "1", "8"]]);
  const page = (await officer.client.get(`/people/${personId}`)).text;
  assert.match(page, /National leader of education/);
  assert.match(page, /£650.50/);
  assert.match(page, /href="\/schools\/160001">Alpha Academy/);
  const list = (await analyst.client.get("/people")).text;
  assert.match(list, /Robin Example[\s\S]*National leader of education[\s\S]*Alpha Academy[\s\S]*8 \(8 left\)[\s\S]*£650.50/);
  assert.doesNotMatch(list, /Add a person/); // the analyst reads only
  // an entry's other address sends people to the right one
  r = await officer.client.get(`/providers/${personId}`);
  assert.equal(r.status, 303);
  assert.equal(r.location, `/people/${personId}`);
  r = await officer.client.get(`/people/${trustId}`);
  assert.equal(r.location, `/providers/${trustId}`);
  // changing the rate is audited with before and after
  r = await send(officer.client, `/people/${personId}/edit`, [...form, ["day_rate", "600"], ["reason", "New rate"]]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(one(`SELECT day_rate_pence FROM leaders WHERE organisation_id = ${personId}`), "60000");
  const changes = one(`SELECT changes FROM audit WHERE action = 'person.update' AND object_id = '${personId}'`);
  assert.deepEqual(JSON.parse(changes), [{ field: "day rate", before: "£650.50", after: "£600" }]);
});

test("conflicts are declared against GIAS and removed with a reason; contacts keep what was typed", async () => {
  const base = `/providers/${trustId}`;
  let r = await send(officer.client, `${base}/conflicts/new`, [["kind", "school"], ["conflict-urn", "160099"], ["note", "Governor"]]);
  assert.equal(r.status, 400);
  assert.match(r.text, /There is no school with URN 160099/);
  assert.match(r.text, />Governor<\/textarea>/);
  r = await send(officer.client, `${base}/conflicts/new`, [["kind", "school"], ["conflict-urn", "160004"], ["note", "Governor"]]);
  assert.equal(r.status, 303);
  r = await send(officer.client, `${base}/conflicts/new`, [["kind", "school"], ["conflict-urn", "160004"], ["note", "Again"]]);
  assert.equal(r.status, 400);
  assert.match(r.text, /declared already/);
  let page = (await officer.client.get(base)).text;
  assert.match(page, /href="\/schools\/160004">Gamma Primary<\/a> \(URN 160004\)/);
  // removing asks why first
  const token = csrfFrom(page);
  r = await officer.client.post(`${base}/conflicts/remove`, { csrf_token: token, kind: "school", ref: "160004" });
  assert.equal(r.status, 200);
  assert.match(r.text, /Why it no longer applies/);
  r = await officer.client.post(`${base}/conflicts/remove`, { csrf_token: token, kind: "school", ref: "160004", confirm: "1" });
  assert.equal(r.status, 400);
  r = await officer.client.post(`${base}/conflicts/remove`, { csrf_token: token, kind: "school", ref: "160004", confirm: "1",
    reason: "Stood down" });
  assert.equal(r.status, 303);
  assert.equal(one(`SELECT count(*) FROM provider_conflicts WHERE organisation_id = ${trustId}`), "0");
  assert.equal(one(`SELECT reason FROM audit WHERE action = 'organisation.conflict-removed'`), "Stood down");

  r = await send(officer.client, `${base}/contacts/new`, [["name", "Sam Contact"], ["email", "not an email"], ["main", "1"]]);
  assert.equal(r.status, 400);
  assert.match(r.text, /name="name"[^>]*value="Sam Contact"/);
  r = await send(officer.client, `${base}/contacts/new`, [["name", "Sam Contact"], ["email", "sam@example.org"], ["main", "1"]]);
  assert.equal(r.status, 303);
  page = (await officer.client.get(base)).text;
  assert.match(page, /Sam Contact <strong class="govuk-tag govuk-tag--blue">Main contact/);
});

test("taking an organisation off the register needs a reason, and the list can show it", async () => {
  const r1 = await send(officer.client, `/providers/${trustId}/status`, [["action", "off"], ["reason", ""]]);
  assert.equal(r1.status, 400);
  assert.match(r1.text, /Enter why it is being taken off the register/);
  const r2 = await send(officer.client, `/providers/${trustId}/status`, [["action", "off"], ["reason", "No capacity this year"]]);
  assert.equal(r2.status, 303);
  assert.doesNotMatch((await officer.client.get("/providers")).text, /Test Trust Support/);
  assert.match((await officer.client.get("/providers?active=no")).text, /Test Trust Support[\s\S]*Off the register/);
  const r3 = await send(officer.client, `/providers/${trustId}/status`, [["action", "on"], ["reason", "Capacity again"]]);
  assert.equal(r3.status, 303);
  assert.equal(one(`SELECT active FROM organisations WHERE id = ${trustId}`), "1");
});

const GOOD = "Name,Type,Designation,URN,Trust UID,LA code,Regions,Phases,Expertise,Term,Schools,Days,Day rate,Contact name,Contact email\n" +
  `Survey Trust,trust,,,7001,,North West;North East,primary,leadership-governance,${termCode()},2,14,,Lee Survey,lee@example.org\n` +
  `test trust support,,,,,,,,,${termLabel(termCode(today, 2))},1,5,,,\n` +
  `Casey Survey,person,system-leader,160002,,,North West,secondary,send,${termCode()},,6,£550,,\n`;
const BAD = "name,type,regions,term,schools,days,urn,day_rate\n" +
  `Bad Trust,trust,North West,${termCode()},1,5,,\n` +
  `Bad School,school,North Wset,${termCode()},1,5,160001,\n` +
  `Bad Person,person,North West,${termCode()},,4,,abc\n`;

/** Uploads a survey from the import page (multipart, the token in the address). */
async function upload(client, name, text, dry = false) {
  const token = csrfFrom((await client.get("/providers/import")).text);
  const body = new FormData();
  body.append("file", new Blob([text], { type: "text/csv" }), name);
  if (dry) body.append("dry_run", "1");
  return client.request("POST", `/providers/import?csrf_token=${token}`, { body, headers: { Origin: server.url } });
}

test("a capacity survey uploaded: a bad file lists FILE:LINE:COLUMN and writes nothing; a good one creates and updates", async () => {
  const before = one("SELECT count(*) FROM audit");
  let r = await upload(officer.client, "bad.csv", BAD);
  assert.equal(r.status, 400);
  const text = unescapeHtml(r.text);
  assert.match(text, /Nothing was imported\. bad\.csv has 4 problems/);
  assert.match(text, /bad\.csv:2:2: Enter the trust's group UID/);
  assert.match(text, /bad\.csv:3:3: Region 'North Wset' is not one of the nine regions/);
  assert.match(text, /bad\.csv:4:0: Give Bad Person's designation/);
  assert.match(text, /bad\.csv:4:8: Day rate 'abc' is not an amount in pounds/);
  assert.equal(one("SELECT count(*) FROM audit"), before);
  assert.equal(one("SELECT count(*) FROM organisations WHERE name LIKE 'Bad%'"), "0");

  r = await upload(officer.client, "good.csv", GOOD, true);
  assert.equal(r.status, 200);
  assert.match(r.text, /good\.csv has no problems/);
  assert.equal(one("SELECT count(*) FROM organisations WHERE name = 'Survey Trust'"), "0");

  r = await upload(officer.client, "good.csv", GOOD);
  assert.equal(r.status, 303, r.text.slice(0, 600));
  const list = (await officer.client.get(r.location)).text;
  assert.match(list, /good\.csv imported: 3 rows read; created 1 organisation and 1 person; updated 1 organisation/);
  assert.deepEqual(sqliteRows(server.db, "SELECT o.org_type, o.group_uid, o.regions, c.schools, c.days FROM organisations o" +
    " JOIN provider_capacity c ON c.organisation_id = o.id WHERE o.name = 'Survey Trust'"),
    [["trust", "7001", "North East;North West", "2", "14"]]);
  assert.equal(one(`SELECT days FROM provider_capacity WHERE organisation_id = ${trustId} AND term = '${termCode(today, 2)}'`), "5");
  assert.deepEqual(sqliteRows(server.db, "SELECT l.designation, l.day_rate_pence, c.schools, c.days FROM organisations o" +
    " JOIN leaders l ON l.organisation_id = o.id JOIN provider_capacity c ON c.organisation_id = o.id WHERE o.name = 'Casey Survey'"),
    [["system-leader", "55000", "1", "6"]]);
  assert.equal(one("SELECT main FROM provider_contacts WHERE email = 'lee@example.org'"), "1");
  assert.match(one("SELECT reason FROM audit WHERE action = 'organisation.create' ORDER BY id DESC LIMIT 1"),
    /Capacity survey good\.csv, line \d/);
  // the same file again changes nothing
  r = await upload(officer.client, "good.csv", GOOD);
  assert.equal(r.status, 303);
  assert.match((await officer.client.get(r.location)).text, /created 0 organisations and 0 people; updated 0 organisations and 0 people; 3 unchanged/);
  // no file chosen
  r = await officer.client.request("POST", `/providers/import?csrf_token=${csrfFrom((await officer.client.get("/providers/import")).text)}`,
    { body: new FormData(), headers: { Origin: server.url } });
  assert.equal(r.status, 400);
  assert.match(r.text, /Select a CSV file/);
});

test("a survey upload over 1 MiB, or from someone who may not import, is refused from its head", async () => {
  const { host } = new URL(server.url);
  const head = async (client, length) => {
    const token = csrfFrom((await client.get("/")).text);
    return rawHttp(server.url, [`POST /providers/import?csrf_token=${token} HTTP/1.1\r\nHost: ${host}\r\n` +
      `Origin: ${server.url}\r\nCookie: ${client.cookieHeader()}\r\n` +
      `Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ${length}\r\n\r\n--b\r\n`]);
  };
  let r = await head(officer.client, 1024 * 1024 + 1);
  assert.ok(!r.timedOut);
  assert.equal(r.status, 413);
  assert.match(r.text, /What you sent is too large/);
  r = await head(analyst.client, 100 * 1024); // over 64 KiB: refused unread (decision 0007)
  assert.ok(!r.timedOut);
  assert.equal(r.status, 403);
});

test("the command line imports a survey the same way, as the person named by --as", async () => {
  const good = join(server.dir, "cli.csv"), bad = join(server.dir, "cli-bad.csv");
  writeFileSync(good, `name,type,trust_uid,regions,term,schools,days\nCli Trust,trust,7001,North West,${termCode()},1,3\n`);
  writeFileSync(bad, BAD);
  const before = one("SELECT count(*) FROM audit");
  let r = await riseAsync(["providers", "import", bad, "--db", server.db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:3: Region 'North Wset'`));
  assert.match(r.stderr, /REJECTED, nothing imported: 4 problems/);
  assert.equal(one("SELECT count(*) FROM audit"), before);
  r = await riseAsync(["providers", "import", good, "--db", server.db, "--as", "nobody@example.gov.uk"]);
  assert.equal(r.status, 2);
  r = await riseAsync(["providers", "import", good, "--db", server.db, "--dry-run"]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /nothing written \(--dry-run\)/);
  assert.equal(one("SELECT count(*) FROM organisations WHERE name = 'Cli Trust'"), "0");
  r = await riseAsync(["providers", "import", good, "--db", server.db, "--as", officer.user.email]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported: 1 row read; created 1 organisation/);
  assert.equal(one("SELECT actor FROM audit WHERE action = 'organisation.create' ORDER BY id DESC LIMIT 1"),
    `Dana Officer <${officer.user.email}>`);
});

test("the header names the register for those who may read it", async () => {
  const home = (await analyst.client.get("/")).text;
  assert.match(home, /href="\/providers">Supporting organisations<\/a>/);
  const list = (await analyst.client.get("/providers")).text;
  assert.match(list, /aria-current="page"[^>]*>\s*<strong class="govuk-service-navigation__active-fallback">Supporting organisations/);
  assert.doesNotMatch(list, /Add an organisation/);
});
