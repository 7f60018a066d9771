#!/usr/bin/env bash
# bench/import.sh - imports the full England files from ../shared/data and
# prints wall time and peak memory per file, next to sqlite3's own .import of
# the same GIAS file into a bare table (same machine, same run), with the
# ratio; then the search latency on England (p50/p95 over typical queries,
# through the real server).
#
# Aims (issue 3): GIAS import within 2x of the bare .import, peak memory
# under 100 MB, search p95 under 20 ms. Issue 9: Ofsted's management
# information into a database that already holds England, within 2x of the
# bare .import of the same file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DATA=${DATA:-../shared/data}
if [[ ! -d $DATA/gias ]]; then
  echo "bench/import.sh: no data at $DATA (set DATA=...); nothing to measure"
  exit 0
fi
command -v sqlite3 >/dev/null || { echo "bench/import.sh: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 1; }
if [[ ! -x build/release/rise ]]; then
  cmake --preset release >/dev/null && cmake --build --preset release -j "$(nproc)" >/dev/null
fi
RISE=build/release/rise
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
db=$tmp/england.db

# GNU time gives the wall time and the peak resident memory of each command.
measure() { # label, command...
  local label=$1; shift
  if ! /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err"; then
    cat "$tmp/err" >&2
    return 1
  fi
  local secs kb
  read -r secs kb < "$tmp/time"
  printf '%-44s %8.2f s %8.1f MB\n' "$label" "$secs" "$(echo "$kb/1024" | bc -l)"
  echo "$secs" > "$tmp/last"
}
command -v /usr/bin/time >/dev/null || { echo "bench/import.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
command -v bc >/dev/null || { echo "bench/import.sh: needs bc (apt-get install bc)" >&2; exit 1; }
command -v node >/dev/null || { echo "bench/import.sh: needs node to sign in (scripts/deps.sh installs it)" >&2; exit 1; }

echo "machine: $(nproc) cores; rise $($RISE version | cut -d' ' -f2) (release build)"
printf '%-44s %10s %11s\n' "file" "wall" "peak RSS"
$RISE migrate --db "$db" >/dev/null
measure "rise import gias (135 columns, 51,866 rows)" $RISE import gias --db "$db" "$DATA/gias/edubasealldata_20250718.csv"
gias=$(cat "$tmp/last")
measure "rise import gias (same file again)" $RISE import gias --db "$db" "$DATA/gias/edubasealldata_20250718.csv"
measure "rise import gias (48-column core, Jan 2025)" $RISE import gias --db "$db" "$DATA/gias/gias_core_20250115_with_ofsted_rating.csv"
measure "rise import links" $RISE import links --db "$db" "$DATA/gias/links_edubasealldata_20250718.csv"
measure "rise import groups" $RISE import groups --db "$db" "$DATA/trusts/allgroupsdata_2022-07.csv"
measure "rise import group-links" $RISE import group-links --db "$db" "$DATA/trusts/alllinksdata_2022-07.csv"
measure "rise import ofsted (history 2005-2020)" $RISE import ofsted --db "$db" "$DATA/ofsted/graded_inspection_history_2005-2020.csv"
MI=$DATA/ofsted/state_funded_schools_inspections_and_outcomes_as_at_31_August_2025.csv
mi=""
if [[ -f $MI ]]; then
  # Ofsted's management information into a database that already holds
  # England: three inspections a row, matched with GIAS's and the history's
  measure "rise import ofsted (MI 31 Aug 2025, 21,990 rows)" $RISE import ofsted --db "$db" "$MI"
  mi=$(cat "$tmp/last")
  measure "rise import ofsted (same MI file again)" $RISE import ofsted --db "$db" "$MI"
  [[ -f $DATA/ofsted/management_information_2026_sample.csv ]] &&
    measure "rise import ofsted (2026 sample, report cards)" $RISE import ofsted --db "$db" \
      "$DATA/ofsted/management_information_2026_sample.csv"
fi

# the baseline: sqlite3's own CSV import of the same GIAS file into a bare
# table, with the same durability settings rise uses
bare=$tmp/bare.db
cat > "$tmp/bare.sql" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
.mode csv
.import $DATA/gias/edubasealldata_20250718.csv gias
SQL
measure "sqlite3 .import of the same GIAS file" sqlite3 "$bare" ".read $tmp/bare.sql"
base=$(cat "$tmp/last")
printf 'GIAS import / bare .import: %.2fx (aim: within 2x)\n' "$(echo "$gias/$base" | bc -l)"
if [[ -n $mi ]]; then
  cat > "$tmp/bare-mi.sql" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
.mode csv
.import $MI mi
SQL
  measure "sqlite3 .import of the same MI file" sqlite3 "$bare" ".read $tmp/bare-mi.sql"
  printf 'MI import / bare .import: %.2fx (aim: within 2x)\n' "$(echo "$mi/$(cat "$tmp/last")" | bc -l)"
fi

# search latency through the server, signed in as an analyst, who must use
# two-factor: set up from a known secret (20 random bytes, base32)
port_file=$tmp/port
secret=$(head -c 20 /dev/urandom | base32 | tr -d '=\n')
printf '%s\n' 'bench password long enough' | $RISE user add --db "$db" --email bench@example.gov.uk --name Bench \
  --role analyst --totp-secret "$secret" --password-stdin >/dev/null
$RISE serve --db "$db" --listen 127.0.0.1:0 >"$port_file" 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 50); do grep -q listening "$port_file" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*localhost:\([0-9]*\).*/\1/p' "$port_file")
base_url=http://127.0.0.1:$port
# the real forms, password then a TOTP code; it fails unless GET / is then
# the signed-in page
cookie=$(BASE=$base_url EMAIL=bench@example.gov.uk PASSWORD='bench password long enough' TOTP_SECRET=$secret \
  node bench/sign_in.mjs) || { echo "bench/import.sh: could not sign in" >&2; exit 1; }
queries=("q=academy" "q=st+mary" "q=primary&region=London" "q=100000" "q=SW1A" "q=manchester" "q=church+of+england"
  "q=grammar" "q=therese" "q=high+school&phase=Secondary" "q=&region=North+East&page=3" "q=ysgol&closed=1"
  "q=school&sort=grade" "q=infant" "q=junior&la=Kent" "q=catholic" "q=&grade=4" "q=free+school" "q=Leeds" "q=CA1")
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base_url/schools?q=academy")
if [[ $status != 200 ]]; then
  echo "bench/import.sh: signed in, yet /schools answered $status, not 200: no search figures" >&2
  exit 1
fi
: > "$tmp/times"
for round in $(seq 10); do
  for q in "${queries[@]}"; do
    curl -s -o /dev/null -H "Cookie: $cookie" -w '%{time_total} %{http_code}\n' "$base_url/schools?$q" >> "$tmp/times"
  done
done
bad=$(awk '$2 != 200' "$tmp/times" | wc -l)
((bad == 0)) || { echo "bench/import.sh: $bad search requests did not answer 200" >&2; exit 1; }
cut -d' ' -f1 "$tmp/times" | sort -n > "$tmp/sorted"
n=$(wc -l < "$tmp/sorted")
p50=$(sed -n "$(( (n * 50 + 99) / 100 ))p" "$tmp/sorted")
p95=$(sed -n "$(( (n * 95 + 99) / 100 ))p" "$tmp/sorted")
printf 'search on England (%d requests over %d queries, through HTTP): p50 %.1f ms, p95 %.1f ms (aim: p95 < 20 ms)\n' \
  "$n" "${#queries[@]}" "$(echo "$p50*1000" | bc -l)" "$(echo "$p95*1000" | bc -l)"
