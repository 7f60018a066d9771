#!/usr/bin/env bash
# bench/eligibility.sh - imports the full England files from ../shared/data
# (the order bench/import.sh uses, with Ofsted's management information as at
# 31 August 2025 and the 2026 sample) and runs `rise eligibility --all` for each
# programme over all of England, printing the wall time and peak memory of
# each run (GNU time) and the rows by outcome.
#
# Aim: under 200 ms per programme, the database load included, on the
# release build. Each programme runs RUNS times (default 5); the table shows
# the median and the fastest and slowest run, and the outcome counts of the
# last run (every run gives the same rows).
#
# Settings (environment): DATA (../shared/data), RUNS (5), SI_AS_AT
# (2020-08-31), TSIO_AS_AT (2023-08-31), RISE_AS_AT (2025-07-18, the day of
# the GIAS download), RISE (the binary; build/release/rise, built if missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DATA=${DATA:-../shared/data}
RUNS=${RUNS:-5}
if [[ ! -f $DATA/gias/edubasealldata_20250718.csv ]]; then
  echo "bench/eligibility.sh: no England data at $DATA (set DATA=...); nothing to measure"
  exit 0
fi
command -v /usr/bin/time >/dev/null || { echo "bench/eligibility.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
RISE=${RISE:-build/release/rise}
if [[ ! -x $RISE ]]; then
  cmake --preset release >/dev/null && cmake --build --preset release -j "$(nproc)" >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/england.db

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); rise $($RISE version | cut -d' ' -f2)"
echo "importing England from $DATA ..."
$RISE migrate --db "$db" >/dev/null
start=$(date +%s.%N)
for f in gias:gias/edubasealldata_20250718.csv gias:gias/gias_core_20250115_with_ofsted_rating.csv \
  links:gias/links_edubasealldata_20250718.csv groups:trusts/allgroupsdata_2022-07.csv \
  group-links:trusts/alllinksdata_2022-07.csv ofsted:ofsted/graded_inspection_history_2005-2020.csv \
  ofsted:ofsted/state_funded_schools_inspections_and_outcomes_as_at_31_August_2025.csv \
  ofsted:ofsted/management_information_2026_sample.csv; do
  [[ -f $DATA/${f#*:} ]] || continue # the management information, where this copy of the data has it
  if ! $RISE import "${f%%:*}" --db "$db" "$DATA/${f#*:}" >"$tmp/import.log" 2>&1; then
    cat "$tmp/import.log" >&2
    exit 1
  fi
done
printf 'imported in %.1f s: %s\n\n' "$(echo "$(date +%s.%N) - $start" | bc -l)" \
  "$(sqlite3 "$db" "SELECT (SELECT count(*) FROM schools) || ' schools, ' || (SELECT count(*) FROM inspections) ||
    ' inspections, ' || (SELECT count(*) FROM school_links) || ' links, ' || (SELECT count(*) FROM group_members) ||
    ' memberships'" 2>/dev/null || echo "(sqlite3 not installed: no counts)")"

printf '%-13s %-11s %9s %9s %9s %10s  %s\n' programme as-at median fastest slowest "peak RSS" "rows by outcome"
for p in "si-2019-20 ${SI_AS_AT:-2020-08-31}" "tsio-2022-23 ${TSIO_AS_AT:-2023-08-31}" "rise ${RISE_AS_AT:-2025-07-18}"; do
  set -- $p
  : >"$tmp/times"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$tmp/time" $RISE eligibility --db "$db" --programme "$1" --as-at "$2" --all \
      >"$tmp/out.csv" 2>"$tmp/summary"
    cat "$tmp/time" >>"$tmp/times"
  done
  sort -n "$tmp/times" >"$tmp/sorted"
  median=$(sed -n "$(((RUNS + 1) / 2))p" "$tmp/sorted" | cut -d' ' -f1)
  fastest=$(head -n1 "$tmp/sorted" | cut -d' ' -f1)
  slowest=$(tail -n1 "$tmp/sorted" | cut -d' ' -f1)
  peak=$(sort -n -k2 "$tmp/times" | tail -n1 | cut -d' ' -f2)
  counts=$(sed 's/^[^:]*: //' "$tmp/summary")
  printf '%-13s %-11s %7.0f ms %6.0f ms %6.0f ms %7.1f MB  %s\n' "$1" "$2" "$(echo "$median*1000" | bc -l)" \
    "$(echo "$fastest*1000" | bc -l)" "$(echo "$slowest*1000" | bc -l)" "$(echo "$peak/1024" | bc -l)" "$counts"
  (($(echo "$median > 0.2" | bc -l))) && echo "  ^ $1: the median is over the 200 ms aim (check the load average)"
done
echo
echo "(GNU time's %e has 10 ms resolution; each run reads the database from scratch: open, migrate check, load, assess, write CSV)"
