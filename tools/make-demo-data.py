#!/usr/bin/env python3
"""make-demo-data.py SHARED_DATA_DIR OUT_DIR [REGION]

Cuts a one-region demo subset out of the real GIAS and Ofsted files in
../shared/data, for `make run`. Everything is public data under the Open
Government Licence; the columns that name people (head teachers, heads of
groups, proprietors) are dropped, so the demo holds no person's name.

A development tool: the subset it writes is committed in demo/, so nothing
runs this at build or run time.
"""
import csv
import os
import sys

PEOPLE = {"HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle", "PropsName",
          "Head of Group Title", "Head of Group First Name", "Head of Group Last Name"}


def read(path):
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(path, header, rows):
    keep = [i for i, h in enumerate(header) if h not in PEOPLE]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([header[i] for i in keep])
        for r in rows:
            w.writerow([r[i] if i < len(r) else "" for i in keep])
    print(f"{path}: {len(rows)} rows")


def main():
    src, out = sys.argv[1], sys.argv[2]
    region = sys.argv[3] if len(sys.argv) > 3 else "North East"
    os.makedirs(out, exist_ok=True)

    h, rows = read(f"{src}/gias/edubasealldata_20250718.csv")
    gor, urn_i = h.index("GOR (name)"), h.index("URN")
    schools = [r for r in rows if r[gor] == region]
    urns = {r[urn_i] for r in schools}

    ch, core = read(f"{src}/gias/gias_core_20250115_with_ofsted_rating.csv")
    core_urns = {r[urn_i] for r in schools}

    lh, links = read(f"{src}/gias/links_edubasealldata_20250718.csv")
    links = [r for r in links if r[0] in urns]
    # bring in the linked schools too (predecessors can sit in another region)
    linked = {r[1] for r in links}
    extra = [r for r in rows if r[urn_i] in linked and r[urn_i] not in urns]
    schools += extra
    urns |= linked
    write(f"{out}/gias.csv", h, schools)
    core_urns |= urns
    write(f"{out}/gias_core_2025-01.csv", ch, [r for r in core if r[ch.index("URN")] in core_urns])
    write(f"{out}/links.csv", lh, links)

    glh, glinks = read(f"{src}/trusts/alllinksdata_2022-07.csv")
    u = glh.index("URN")
    glinks = [r for r in glinks if r[u] in urns]
    uids = {r[glh.index("Group UID")] for r in glinks}
    write(f"{out}/group_links.csv", glh, glinks)

    gh, groups = read(f"{src}/trusts/allgroupsdata_2022-07.csv")
    groups = [r for r in groups if r[gh.index("Group UID")] in uids]
    write(f"{out}/groups.csv", gh, groups)

    oh, insp = read(f"{src}/ofsted/graded_inspection_history_2005-2020.csv")
    insp = [r for r in insp if r[0] in urns]
    write(f"{out}/ofsted_history.csv", oh, insp)

    # Ofsted's management information as published (every column kept: it
    # names no person): the region's rows of the year-end file as at 31 August
    # 2025 and of the 2026 sample with report cards
    for name, dest in (("state_funded_schools_inspections_and_outcomes_as_at_31_August_2025.csv",
                        "ofsted_mi_2025-08.csv"),
                       ("management_information_2026_sample.csv", "ofsted_mi_2026_sample.csv")):
        mh, mi = read(f"{src}/ofsted/{name}")
        r_i, u_i = mh.index("Region"), mh.index("URN")
        write(f"{out}/{dest}", mh, [r for r in mi if r[r_i] == region or r[u_i] in urns])

    with open(f"{out}/README.md", "w") as f:
        f.write(f"""# Demo data: {region}

A one-region subset of the real public data in ../shared/data, cut by
tools/make-demo-data.py and loaded by `make run` (`rise demo --data demo`):
GIAS establishments in the {region} region (and the schools their links name),
the same schools' January 2025 core extract with their latest Ofsted grade,
their establishment links, trust membership (July 2022) and the trusts, and
their graded Ofsted inspections 2005-2020, and the region's rows of Ofsted's
management information as at 31 August 2025 (latest and previous graded and
latest ungraded inspections) and of its 2026 sample with report cards.
Columns naming people (head teachers, heads of groups, proprietors) were
removed.

Contains public sector information licensed under the Open Government Licence v3.0.
Source: Get Information About Schools (Department for Education) and Ofsted.
""")


if __name__ == "__main__":
    main()
