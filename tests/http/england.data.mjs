// england.data.mjs - imports all of ../shared/data (the real England GIAS,
// links, trusts and Ofsted files) and checks facts verified by hand against
// the raw files. Skips cleanly when the data is not there.
//
// Checked by hand (2026-11-23):
// - graded_inspection_history_2005-2020.csv has URN 102785 inspected on
//   20080611 (Good), 20110608 (Satisfactory) and 20130307 (Good);
// - links_edubasealldata_20250718.csv says 142644 "Sarah Bonnell School" has
//   102785 as its "Predecessor" (01-03-2016);
// - gias_core_20250115 gives 142644 (academy converter, Newham) Good on
//   02-11-2022.
// So the academy's timeline must show its own 2022 inspection and its
// predecessor's three, each marked with the URN it belongs to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startServer, addUser, Client, rise, SOURCE_DIR } from "../lib/harness.mjs";

const DATA = process.env.RISE_DATA || join(SOURCE_DIR, "..", "shared", "data");
const MI = "ofsted/state_funded_schools_inspections_and_outcomes_as_at_31_August_2025.csv";
const MI_2026 = "ofsted/management_information_2026_sample.csv";
const have = existsSync(join(DATA, "gias", "edubasealldata_20250718.csv"));

test("all of England imports, and an academy's timeline includes its predecessor's inspections", { skip: !have && "no ../shared/data here" }, async () => {
  const s = await startServer();
  try {
    const files = [
      ["gias", "gias/gias_core_20250115_with_ofsted_rating.csv", /51497 rows read; added 51497/],
      ["gias", "gias/edubasealldata_20250718.csv", /51866 rows read; added 376, updated 51490/],
      ["links", "gias/links_edubasealldata_20250718.csv", /\(Windows-1252\): 34039 rows read; added 34039/],
      ["groups", "trusts/allgroupsdata_2022-07.csv", /6904 rows read; added 6904/],
      ["group-links", "trusts/alllinksdata_2022-07.csv", /20613 rows read; added 20613/],
      ["ofsted", "ofsted/graded_inspection_history_2005-2020.csv", /as history \(UTF-8\): 60134 rows read/],
    ];
    for (const [kind, file, want] of files) {
      const r = rise(["import", kind, "--db", s.db, join(DATA, file)]);
      assert.equal(r.status, 0, `${file}: ${r.stderr}`);
      assert.match(r.stdout, want, file);
    }
    // the same file again changes nothing
    const again = rise(["import", "gias", "--db", s.db, join(DATA, "gias/edubasealldata_20250718.csv")]);
    assert.match(again.stdout, /added 0, updated 0, unchanged 51866, closed 0, rejected 0/);

    const analyst = addUser(s, { role: "analyst" });
    const c = new Client(s.url);
    assert.equal((await c.login(analyst.email)).status, 303);
    const found = await c.get("/schools?q=sarah+bonnell");
    assert.equal(found.status, 200);
    assert.match(found.text, /href="\/schools\/142644"/);

    const page = await c.get("/schools/142644");
    assert.equal(page.status, 200);
    const text = page.text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    assert.match(text, /Sarah Bonnell School/);
    for (const when of ["2 November 2022", "7 March 2013", "8 June 2011", "11 June 2008"])
      assert.match(text, new RegExp(when), `the timeline shows the inspection of ${when}`);
    // the predecessor's inspections are marked with its URN
    const rows = page.text.split("<tr").filter((r) => /11 June 2008|8 June 2011|7 March 2013/.test(r));
    assert.equal(rows.length, 3);
    for (const r of rows) assert.match(r, /102785/, "each predecessor inspection names URN 102785");

    // Ofsted's management information as published: every row, no option
    const mi = rise(["import", "ofsted", "--db", s.db, join(DATA, MI)]);
    assert.equal(mi.status, 0, mi.stderr);
    assert.match(mi.stdout, /21990 rows read; .*rejected 0/);
    const card = rise(["import", "ofsted", "--db", s.db, join(DATA, MI_2026)]);
    assert.equal(card.status, 0, card.stderr);
    assert.match(card.stdout, /with report cards/);
    // the same file again changes no inspection
    const miAgain = rise(["import", "ofsted", "--db", s.db, join(DATA, MI)]);
    assert.match(miAgain.stdout, /\(0 new, 0 changed, 0 merged or removed\)/);

    // GIAS's last inspection date (2 November 2022) is the management
    // information's latest graded inspection: one row on the page, both sources
    const after = await c.get("/schools/142644");
    const once = after.text.split("<tr").filter((r) => /2 November 2022/.test(r));
    assert.equal(once.length, 1, "the 2022 inspection is listed once");
    assert.match(once[0], /Ofsted management information/);
    assert.match(once[0], /GIAS/);

    // DfE's stuck schools (published: 657 at 28 February 2025, 639 at 30
    // June 2025); docs/decisions/0006-stuck-schools-reconciled.md explains
    // each difference
    const stuck = (db, asAt) => {
      const r = rise(["eligibility", "--db", db, "--programme", "rise", "--as-at", asAt, "--all"]);
      assert.equal(r.status, 0, r.stderr);
      return r;
    };
    const feb = stuck(s.db, "2025-02-28"), jun = stuck(s.db, "2025-06-30");
    assert.match(feb.stderr, /; stuck 654 \(/);
    assert.match(jun.stderr, /; stuck 637 \(/);

    // the same files in another order (Ofsted's first, then GIAS) give the
    // same inspections, so the same screening
    const db2 = join(s.dir, "reordered.db");
    for (const [kind, file] of [
      ["ofsted", MI_2026], ["ofsted", MI], ["ofsted", "ofsted/graded_inspection_history_2005-2020.csv"],
      ["gias", "gias/gias_core_20250115_with_ofsted_rating.csv"], ["gias", "gias/edubasealldata_20250718.csv"],
      ["links", "gias/links_edubasealldata_20250718.csv"], ["groups", "trusts/allgroupsdata_2022-07.csv"],
      ["group-links", "trusts/alllinksdata_2022-07.csv"],
    ]) {
      const r = rise(["import", kind, "--db", db2, join(DATA, file)]);
      assert.equal(r.status, 0, `${file}: ${r.stderr}`);
    }
    for (const [asAt, first] of [["2025-02-28", feb], ["2025-06-30", jun]]) {
      const again = stuck(db2, asAt);
      assert.equal(again.stderr, first.stderr);
      assert.ok(again.stdout === first.stdout, `the same rows as at ${asAt}`);
    }
  } finally {
    await s.stop();
  }
});
