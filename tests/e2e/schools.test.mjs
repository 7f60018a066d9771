// schools.test.mjs - finding a school and reading its record in a real
// browser, as a delivery officer in the North West does. A small data set
// (34 schools in Lancashire and Leeds, a closed school and the academy that
// replaced it, a multi-academy trust with joining dates, inspection
// histories) is loaded with `rise import`; then the officer searches without
// typing an accent, filters, sorts, pages, includes closed schools, reads a
// school's Ofsted timeline and its trust's SI working. A supporting
// organisation is refused. Every page is checked with axe-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, addUser, riseAsync, PASSWORD } from "../lib/harness.mjs";
import { launchBrowser, withPage, visit, submit, signIn } from "../lib/browser.mjs";

let browser;
let server;
let officer;

// --- the data set ----------------------------------------------------------

const quote = (v) => `"${String(v ?? "").replace(/"/g, '""')}"`;
const toCsv = (header, rows) => [header, ...rows].map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";

const GIAS_HEADER = [
  "URN", "EstablishmentName", "LA (code)", "LA (name)", "TypeOfEstablishment (name)",
  "EstablishmentTypeGroup (name)", "EstablishmentStatus (name)", "OpenDate", "CloseDate",
  "ReasonEstablishmentOpened (name)", "ReasonEstablishmentClosed (name)", "PhaseOfEducation (name)",
  "StatutoryLowAge", "StatutoryHighAge", "Trusts (code)", "Trusts (name)", "Street", "Town", "Postcode",
  "GOR (name)", "NumberOfPupils", "PercentageFSM",
];

const TRUST = { uid: 16001, name: "RIBBLE VALLEY LEARNING TRUST" };
const LANCS = { la: "Lancashire", code: "888", region: "North West" };
const LEEDS = { la: "Leeds", code: "383", region: "Yorkshire and the Humber" };

function school(urn, name, where, town, postcode, o = {}) {
  const academy = /Academy|academy/.test(o.type ?? "");
  const secondary = o.phase === "Secondary";
  return [
    urn, name, where.code, where.la, o.type ?? "Community school",
    o.group ?? (academy ? "Academies" : "Local authority maintained schools"), o.status ?? "Open",
    o.open ?? "", o.close ?? "", o.reasonOpen ?? "", o.reasonClose ?? "", o.phase ?? "Primary",
    secondary ? 11 : 4, secondary ? 16 : 11, o.trust ? TRUST.uid : "", o.trust ? TRUST.name : "",
    o.street ?? "School Lane", town, postcode, where.region, o.pupils ?? 210, o.fsm ?? "18.2",
  ];
}

const CONVERTER = { type: "Academy converter", reasonOpen: "Academy Converter", trust: true };
const SCHOOLS = [
  // the trust's schools, and the school Brookfield replaced
  school(119001, "Brookfield Community Primary School", LANCS, "Burnley", "BB10 3AA",
    { status: "Closed", open: "01-09-1974", close: "31-08-2016", reasonClose: "Academy Converter" }),
  school(143001, "Brookfield Primary Academy", LANCS, "Burnley", "BB10 3AA", { ...CONVERTER, open: "01-09-2016" }),
  school(141552, "Pendle Vale Academy", LANCS, "Nelson", "BB9 8LF", { ...CONVERTER, open: "01-12-2014", phase: "Secondary", pupils: 1104 }),
  school(145003, "Calder Vale High School", LANCS, "Padiham", "BB12 7AX", { ...CONVERTER, open: "01-01-2018", phase: "Secondary", pupils: 890 }),
  school(148004, "Hawthorn Park Academy", LEEDS, "Leeds", "LS14 6PT", { type: "Academy sponsor led", reasonOpen: "New Provision", trust: true, open: "15-01-2024" }),
  // the rest of Lancashire
  school(119010, "St Thérèse's Catholic Primary School", LANCS, "Preston", "PR1 8JN", { type: "Voluntary aided school", pupils: 236 }),
  ...[
    ["Accrington Hillside Primary School", "Accrington", "BB5 2RW"],
    ["Alder Grange Primary School", "Rawtenstall", "BB4 6RA"],
    ["Barrowford Primary School", "Nelson", "BB9 6DU"],
    ["Bilsborrow John Cross CofE Primary School", "Preston", "PR3 0RE"],
    ["Carnforth North Road Primary School", "Carnforth", "LA5 9LJ"],
    ["Chorley Highfield Nursery and Primary School", "Chorley", "PR7 2HB"],
    ["Clitheroe Brookside Primary School", "Clitheroe", "BB7 1NW"],
    ["Colne Park Primary School", "Colne", "BB8 9HN"],
    ["Darwen Vale Primary School", "Darwen", "BB3 0AL"],
    ["Fulwood and Cadley Primary School", "Preston", "PR2 3QT"],
    ["Garstang Community Primary School", "Preston", "PR3 1FF"],
    ["Haslingden Primary School", "Rossendale", "BB4 5QU"],
    ["Kirkham Grammar Primary School", "Preston", "PR4 2BH"],
    ["Lancaster Ridge Community Primary School", "Lancaster", "LA1 3LE"],
    ["Leyland St Mary's Catholic Primary School", "Leyland", "PR25 2AN"],
    ["Longridge Alston Lane Primary School", "Preston", "PR3 3BJ"],
    ["Morecambe Bay Community Primary School", "Morecambe", "LA4 5JL"],
    ["Ormskirk West End Primary School", "Ormskirk", "L39 3NJ"],
    ["Padiham Green Church of England Primary School", "Burnley", "BB12 8PR"],
    ["Poulton-le-Fylde Carr Head Primary School", "Poulton-le-Fylde", "FY6 8JB"],
    ["Skelmersdale Crow Orchard Primary School", "Skelmersdale", "WN8 6LR"],
    ["Rishton Methodist Primary School", "Accrington", "BB1 4HA"],
    ["Whalley Church of England Primary School", "Clitheroe", "BB7 9SY"],
  ].map(([name, town, pc], i) => school(119020 + i, name, LANCS, town, pc)),
  // Leeds
  school(107801, "Seacroft Grange Primary School", LEEDS, "Leeds", "LS14 6JR"),
  school(107802, "Roundhay St John's Church of England Primary School", LEEDS, "Leeds", "LS8 1QF", { type: "Voluntary controlled school" }),
  school(107803, "Armley Park Primary School", LEEDS, "Leeds", "LS12 3LF"),
  school(107804, "Horsforth Newlaithes Primary School", LEEDS, "Leeds", "LS18 4PT"),
  school(108001, "Temple Moor High School", LEEDS, "Leeds", "LS15 0PT", { phase: "Secondary", pupils: 1320 }),
];
const LANCASHIRE_OPEN = SCHOOLS.filter((s) => s[3] === "Lancashire" && s[6] === "Open").length; // 27: more than a page
const OPEN = SCHOOLS.filter((s) => s[6] === "Open").length;
const LEEDS_URNS = SCHOOLS.filter((s) => s[3] === "Leeds").map((s) => s[0]).sort((a, b) => a - b);

const LINKS = [
  [143001, 119001, "Brookfield Community Primary School", "Predecessor", "01-09-2016"],
  [119001, 143001, "Brookfield Primary Academy", "Successor", "01-09-2016"],
];
const GROUPS = [[TRUST.uid, "TR03001", TRUST.name, "08123456", "Multi-academy trust", "Open", "2012-04-01"]];
const GROUP_LINKS = [
  [143001, TRUST.uid, "2016-09-01", TRUST.name, "Multi-academy trust"],
  [141552, TRUST.uid, "2017-04-01", TRUST.name, "Multi-academy trust"],
  [145003, TRUST.uid, "2018-01-01", TRUST.name, "Multi-academy trust"],
  [148004, TRUST.uid, "2024-01-15", TRUST.name, "Multi-academy trust"],
];
const INSPECTIONS = [
  // Brookfield: the predecessor's, older, then the academy's own
  [119001, "Requires Improvement", "20140312"],
  [119001, "Inadequate", "20160127"],
  [143001, "Good", "20190312"],
  [143001, "Good", "20230620"],
  // Pendle Vale: requires improvement, then inadequate
  [141552, "Requires Improvement", "20151104"],
  [141552, "Inadequate", "20210923"],
  [145003, "Good", "20121010"],
  [145003, "Outstanding", "20220301"],
  [119010, "Good", "20220517"],
  [107801, "Inadequate", "20230208"],
  [107802, "Outstanding", "20190605"],
  [107803, "Requires Improvement", "20221012"],
  [119020, "Good", "20180125"],
  [119021, "Good", "20211110"],
];

async function load(kind, file, content) {
  const path = join(server.dir, file);
  writeFileSync(path, content);
  const r = await riseAsync(["import", kind, "--db", server.db, path]);
  assert.equal(r.status, 0, `rise import ${kind}: ${r.stdout}${r.stderr}`);
}

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  officer = addUser(server, { role: "delivery-officer", name: "Dana Whitworth", region: "North West" });
  await load("gias", "edubasealldata.csv", toCsv(GIAS_HEADER, SCHOOLS));
  await load("links", "links_edubasealldata.csv",
    toCsv(["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"], LINKS));
  await load("groups", "allgroupsdata.csv", toCsv(["Group UID", "Group ID", "Group Name", "Companies House Number",
    "Group Type", "Group Status", "Open date"], GROUPS));
  await load("group-links", "alllinksdata.csv",
    toCsv(["URN", "Group UID", "Joined date", "Group Name", "Group Type"], GROUP_LINKS));
  await load("ofsted", "ofsted_history.csv", toCsv(["URN", "Rating", "Inspection Date"], INSPECTIONS));
});

after(async () => {
  await browser?.close();
  if (server) {
    const e = await server.stop();
    assert.equal(e?.code, 0, "server exits cleanly on SIGTERM");
  }
});

// --- what the user sees ----------------------------------------------------

const h1 = (page) => page.getByRole("heading", { level: 1 }).innerText();
const menu = (page) => page.getByRole("navigation", { name: "Menu" });
const results = (page) => page.locator("#results").innerText();
const searchBox = (page) => page.getByLabel("Search by name, URN, postcode or local authority");
const searchButton = (page) => page.getByRole("button", { name: "Search", exact: true });
const columnLink = (page, name) => page.getByRole("columnheader").getByRole("link", { name });
/** The column heading's link that says, to a screen reader, it is the sort order. */
const sortedBy = (page, column, how) =>
  page.getByRole("columnheader").getByRole("link", { name: `${column} (sorted ${how})`, exact: true });

/** The results table's rows as [{name, urn, la, status, grade}]. */
function resultRows(page) {
  return page.locator("main table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => {
      const c = [...tr.cells].map((td) => td.innerText.trim());
      return { name: tr.cells[0].querySelector("a").textContent, urn: Number(c[1]), la: c[2], status: c[5], grade: c[6] };
    }),
  );
}
const resultUrns = async (page) => (await resultRows(page)).map((r) => r.urn);

/** The summary list (or the nth one) as {key: value}. */
function summaryList(page, nth = 0) {
  return page
    .locator(".govuk-summary-list")
    .nth(nth)
    .evaluate((dl) =>
      Object.fromEntries(
        [...dl.querySelectorAll(".govuk-summary-list__row")].map((row) => [
          row.querySelector("dt").innerText.trim(),
          row.querySelector("dd").innerText.trim(),
        ]),
      ),
    );
}

/*
 * The officer signs in through the form once, and goes to "Find a school"
 * from the header; later journeys carry on in the same session (as another
 * tab would) from "Find a school", which keeps this file quick.
 */
let officerSession;
async function findASchoolAsOfficer(page) {
  if (officerSession) {
    await page.context().addCookies(officerSession);
    await visit(page, "/schools", "find a school");
  } else {
    await visit(page, "/login", "sign-in page");
    await signIn(page, officer.email, PASSWORD, "home page");
    assert.equal(await h1(page), "Home");
    officerSession = await page.context().cookies();
    await submit(page, menu(page).getByRole("link", { name: "Find a school" }), "find a school");
  }
  assert.equal(await h1(page), "Find a school");
  assert.equal(await menu(page).getByRole("link", { name: "Find a school" }).getAttribute("aria-current"), "page");
}

// --- the journeys ----------------------------------------------------------

test("a delivery officer sees closed schools only when asked, and finds St Thérèse's by typing 'therese'", async () => {
  await withPage(browser, server.url, async (page) => {
    await findASchoolAsOfficer(page);
    assert.match(await page.title(), /^Find a school - /);
    assert.equal(await results(page), `${OPEN} schools`, "every open school before searching");

    // closed schools are left out unless the box is ticked
    await searchBox(page).fill("brookfield");
    await submit(page, searchButton(page), "search for brookfield");
    assert.deepEqual(await resultUrns(page), [143001]);

    const closed = page.getByLabel("Include closed schools");
    assert.equal(await closed.isChecked(), false);
    await closed.check();
    await submit(page, searchButton(page), "search for brookfield, closed included");
    assert.equal(await closed.isChecked(), true, "the box stays ticked");
    const rows = await resultRows(page);
    assert.equal(rows.length, 2);
    const old = rows.find((r) => r.urn === 119001);
    assert.equal(old.name, "Brookfield Community Primary School");
    assert.equal(old.status, "Closed");
    assert.equal(old.grade, "Inadequate\n27 January 2016");

    // a word typed without its accents finds the name with them
    await searchBox(page).fill("therese");
    await closed.uncheck();
    await submit(page, searchButton(page), "search for therese");
    assert.equal(await results(page), "1 school matching ‘therese’");
    assert.equal(await searchBox(page).inputValue(), "therese", "the search box keeps what was typed");
    const [row] = await resultRows(page);
    assert.deepEqual(row, {
      name: "St Thérèse's Catholic Primary School",
      urn: 119010,
      la: "Lancashire",
      status: "Open",
      grade: "Good\n17 May 2022",
    });

    await submit(page, page.getByRole("link", { name: "St Thérèse's Catholic Primary School" }), "St Thérèse's page");
    assert.equal(await h1(page), "St Thérèse's Catholic Primary School");
    assert.match(await page.title(), /^St Thérèse's Catholic Primary School \(URN 119010\) - /);
    const facts = await summaryList(page);
    assert.equal(facts["Local authority"], "Lancashire (888)");
    assert.equal(facts["Type of establishment"], "Voluntary aided school (Local authority maintained schools)");
    assert.equal(facts.Trust, "Not in a trust");
  });
});

test("filtering by local authority and latest grade, sorting by URN and paging through results", async () => {
  await withPage(browser, server.url, async (page) => {
    await findASchoolAsOfficer(page);

    // local authority
    await page.getByLabel("Local authority", { exact: true }).selectOption("Leeds");
    await submit(page, searchButton(page), "schools in Leeds", { screenshot: "schools-search-results" });
    assert.equal(await results(page), `${LEEDS_URNS.length} schools`);
    const leeds = await resultRows(page);
    assert.ok(leeds.every((r) => r.la === "Leeds"), "only Leeds schools");
    const names = leeds.map((r) => r.name);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), "sorted by name at first");
    assert.match(await sortedBy(page, "School", "ascending").innerText(), /^School ▲/, "School is the sort order");

    // sort by URN with the column heading, then reverse it
    await submit(page, columnLink(page, /^URN/), "Leeds schools by URN");
    assert.deepEqual(await resultUrns(page), LEEDS_URNS);
    assert.match(await sortedBy(page, "URN", "ascending").innerText(), /^URN ▲/);
    assert.equal(await sortedBy(page, "School", "ascending").count(), 0, "only one column says it is the order");
    assert.equal(await page.getByLabel("Local authority", { exact: true }).inputValue(), "Leeds", "the filter is kept");
    await submit(page, columnLink(page, /^URN/), "Leeds schools by URN, descending");
    assert.deepEqual(await resultUrns(page), [...LEEDS_URNS].reverse());
    assert.match(await sortedBy(page, "URN", "descending").innerText(), /^URN ▼/);

    // and the latest grade on top of the local authority
    await page.getByLabel("Latest Ofsted grade").selectOption({ label: "Inadequate" });
    await submit(page, searchButton(page), "inadequate schools in Leeds");
    assert.equal(await results(page), "1 school");
    const [seacroft] = await resultRows(page);
    assert.equal(seacroft.name, "Seacroft Grange Primary School");
    assert.equal(seacroft.grade, "Inadequate\n8 February 2023");

    // the grade alone, across both areas: Pendle Vale went from RI to inadequate
    await page.getByLabel("Local authority", { exact: true }).selectOption({ label: "Any local authority" });
    await submit(page, searchButton(page), "inadequate schools anywhere");
    assert.deepEqual((await resultRows(page)).map((r) => r.name).sort(), [
      "Pendle Vale Academy",
      "Seacroft Grange Primary School",
    ]);

    // Lancashire has more than a page of schools
    assert.equal(await page.getByRole("button", { name: "Clear filters" }).getAttribute("href"), "/schools");
    await page.getByLabel("Latest Ofsted grade").selectOption({ label: "Any grade" });
    await page.getByLabel("Local authority", { exact: true }).selectOption("Lancashire");
    await submit(page, searchButton(page), "schools in Lancashire, page 1");
    assert.equal(await results(page), `${LANCASHIRE_OPEN} schools`);
    assert.match(await page.getByRole("main").innerText(), /Showing 1 to 25, page 1 of 2/);
    const first = await resultUrns(page);
    assert.equal(first.length, 25);
    const pagination = page.getByRole("navigation", { name: "Pagination" });
    assert.equal(await pagination.getByRole("link", { name: "Page 1" }).getAttribute("aria-current"), "page");
    await submit(page, pagination.getByRole("link", { name: "Page 2" }), "schools in Lancashire, page 2");
    assert.match(await page.getByRole("main").innerText(), /Showing 26 to 27, page 2 of 2/);
    const second = await resultUrns(page);
    assert.equal(second.length, LANCASHIRE_OPEN - 25);
    assert.deepEqual(second.filter((u) => first.includes(u)), [], "page 2 shows different schools");
    assert.equal(await page.getByLabel("Local authority", { exact: true }).inputValue(), "Lancashire", "the filter is kept on page 2");
    assert.equal(await pagination.getByRole("link", { name: /Previous/ }).count(), 1, "a way back to page 1");
  });
});

test("a school's Ofsted timeline includes its predecessor's inspections, and its trust shows the SI working", async () => {
  await withPage(browser, server.url, async (page) => {
    await findASchoolAsOfficer(page);
    await searchBox(page).fill("Brookfield Primary Academy");
    await submit(page, searchButton(page), "search for Brookfield Primary Academy");
    await submit(page, page.getByRole("link", { name: "Brookfield Primary Academy" }), "Brookfield Primary Academy", {
      screenshot: "school-page",
    });
    assert.equal(await h1(page), "Brookfield Primary Academy");
    assert.equal(await page.locator("main .govuk-caption-l").innerText(), "URN 143001");
    const facts = await summaryList(page);
    assert.equal(facts["Type of establishment"], "Academy converter (Academies)");
    assert.match(facts.Status, /^Open\s+Opened 1 September 2016: Academy Converter$/);
    assert.equal(facts.Trust, `${TRUST.name} (Multi-academy trust), joined 1 September 2016`);

    // the predecessor, as GIAS links it
    const links = page.locator("table", { has: page.getByRole("columnheader", { name: "Relationship" }) });
    assert.match(await links.locator("tbody tr").innerText(), /Predecessor\s+Brookfield Community Primary School\s+119001/);

    // every inspection, newest first; the older ones are the predecessor's, marked with its URN
    const timeline = page.getByRole("table", { name: "Graded and ungraded inspections" });
    const rows = await timeline.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.cells].map((td) => td.innerText.replace(/\s+/g, " ").trim())),
    );
    // the history file gives only the date and the grade: no key judgements
    const hist = "Graded From Ofsted inspection history";
    assert.deepEqual(rows, [
      ["20 June 2023", hist, "Good", "Not recorded", "143001 This school"],
      ["12 March 2019", hist, "Good", "Not recorded", "143001 This school"],
      ["27 January 2016", hist, "Inadequate", "Not recorded", "119001 Predecessor Brookfield Community Primary School"],
      ["12 March 2014", hist, "Requires improvement", "Not recorded", "119001 Predecessor Brookfield Community Primary School"],
    ]);
    assert.equal(
      await timeline.getByRole("link", { name: "119001" }).first().getAttribute("href"),
      "/schools/119001",
      "the predecessor's URN links to its page",
    );

    // on to the trust
    await submit(page, page.getByRole("link", { name: TRUST.name }), "the trust's page", { screenshot: "trust-page" });
    assert.equal(await h1(page), TRUST.name);
    assert.match(await page.title(), new RegExp(`^${TRUST.name} - `));
    assert.equal(await page.locator("main .govuk-caption-l").innerText(), "Multi-academy trust");
    const members = page.getByRole("table", { name: "Schools in the trust" });
    assert.deepEqual(
      (await members.locator("tbody tr").allInnerTexts()).map((t) => t.split("\n")[0].trim().split("\t")[0]).sort(),
      ["Brookfield Primary Academy", "Calder Vale High School", "Hawthorn Park Academy", "Pendle Vale Academy"],
    );
    assert.match(
      await members.locator("tr", { hasText: "Pendle Vale Academy" }).innerText(),
      /141552\s+Lancashire\s+1 April 2017\s+Inadequate\s+23 September 2021/,
    );

    await assertSiSection(page);
  });
});

async function assertSiSection(page) {
  const section = page.getByRole("heading", { name: "Schools since they joined the trust", level: 2 });
  assert.equal(await section.isVisible(), true);
  const si = await summaryList(page, 1);
  assert.equal(si["Schools in the trust"], "4");
  assert.equal(si["Requires improvement or worse since joining"], "1 of 3 schools inspected since joining (33%)");
  assert.equal(si["SI score"], "+1 (2 improved, 1 declined, 0 the same; 1 left out)");

  const working = page.getByRole("table", { name: "How each school counts" });
  const row = async (name) =>
    (await working.locator("tbody tr", { hasText: name }).innerText()).replace(/\s+/g, " ").trim();
  assert.equal(
    await row("Brookfield Primary Academy"),
    "Brookfield Primary Academy 1 September 2016 Inadequate 27 January 2016 predecessor, URN 119001 " +
      "Good 20 June 2023 +1 better",
  );
  assert.equal(
    await row("Pendle Vale Academy"),
    "Pendle Vale Academy 1 April 2017 Requires improvement 4 November 2015 Inadequate 23 September 2021 " +
      "Counts as requires improvement or worse −1 worse",
  );
  assert.equal(
    await row("Calder Vale High School"),
    "Calder Vale High School 1 January 2018 Good 10 October 2012 Outstanding 1 March 2022 +1 better",
  );
  assert.match(await row("Hawthorn Park Academy"), /None None Left out: no graded inspection on record$/);

  // the explanation is there for anyone who asks
  const details = page.locator("details", { hasText: "How these are worked out" });
  await details.locator("summary").click();
  assert.match(await details.innerText(), /A predecessor school's inspections count as the school's own/);
}

test("searching and reading a school work with JavaScript turned off", async () => {
  await withPage(browser, server.url, { javaScriptEnabled: false }, async (page) => {
    await findASchoolAsOfficer(page);
    assert.equal(await page.locator("body.js-enabled").count(), 0, "scripts really are off");
    await searchBox(page).fill("pendle");
    await page.getByLabel("Region").selectOption("North West");
    await submit(page, searchButton(page), "search for pendle without JavaScript");
    assert.equal(await results(page), "1 school matching ‘pendle’");
    await submit(page, columnLink(page, /^Latest Ofsted grade/), "sorted by grade without JavaScript");
    assert.equal(await page.getByLabel("Region").inputValue(), "North West");
    await submit(page, page.getByRole("link", { name: "Pendle Vale Academy" }), "Pendle Vale without JavaScript");
    assert.equal(await h1(page), "Pendle Vale Academy");
    const timeline = page.getByRole("table", { name: "Graded and ungraded inspections" });
    assert.deepEqual(
      (await timeline.locator("tbody tr td:nth-child(3)").allInnerTexts()).map((t) => t.trim()),
      ["Inadequate", "Requires improvement"],
    );
    await submit(page, page.locator("a.govuk-back-link"), "back to find a school without JavaScript");
    assert.equal(await h1(page), "Find a school");
  });
});

test("a supporting organisation cannot search for schools", async () => {
  const partner = addUser(server, { role: "supporting-organisation", name: "Sam Okoro", organisation: "North Star Support" });
  await withPage(browser, server.url, async (page) => {
    await visit(page, "/login", "sign-in page");
    await signIn(page, partner.email, PASSWORD, "supporting organisation's home page");
    assert.equal(await menu(page).getByRole("link", { name: "Find a school" }).count(), 0, "no Find a school link");
    for (const path of ["/schools", `/trusts/${TRUST.uid}`]) {
      const res = await visit(page, path, `403 page for ${path}`);
      assert.equal(res.status(), 403, path);
      assert.equal(await h1(page), "You do not have permission to see this page");
      assert.doesNotMatch(await page.getByRole("main").innerText(), /Brookfield|RIBBLE/);
    }
  });
});
