#!/usr/bin/env bash
# bench/monitoring.sh - the reviews due page at scale (issue 15): 10,000
# cases with three terms of termly reviews each.
#
# What it does:
#   1. builds build/release/rise if it is missing;
#   2. seeds a throwaway database with `rise bench-seed` (BENCH_CASES
#      fictional cases over the regions and programmes), sets this academic
#      year's three terms, and gives every case three termly reviews (SQL:
#      the past term's accepted with a rating for each of four items, the
#      current term's due or being written, the next one due later), with a
#      delivery officer of the home region owning that region's cases;
#   3. starts `rise serve`, signs in that delivery officer and an analyst
#      (every region) through the real forms;
#   4. measures, REQUESTS sequential requests each over one keep-alive
#      connection after a warm-up (curl, time_total):
#      (a) GET /reviews                the delivery officer's own cases
#      (b) GET /reviews?whose=region   the home region's
#      (c) GET /reviews                the analyst: all regions
#      (d) GET /cases/<id>/monitoring  one case's tab: its reviews, the
#          chart of ratings term by term and its table
#
# Settings (environment): BENCH_CASES (10000), BENCH_REQUESTS (200),
# BENCH_REGION (North West), RISE_BIN (build/release/rise), TMPDIR.
# The figures are printed, not asserted (the aim: p95 under 20 ms).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

CASES=${BENCH_CASES:-10000}
REQUESTS=${BENCH_REQUESTS:-200}
REGION=${BENCH_REGION:-North West}
BIN=${RISE_BIN:-build/release/rise}

die() {
  echo "bench/monitoring.sh: $*" >&2
  exit 1
}
for tool in curl node sqlite3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done

# --- 1. the release build ---------------------------------------------------
if [[ -z ${RISE_BIN:-} && ! -x $BIN ]]; then
  [[ -d node_modules ]] || scripts/deps.sh build
  cmake --preset release >/dev/null
  cmake --build --preset release -j2
fi
[[ -x $BIN ]] || die "$BIN was not built"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rise-bench-monitoring.XXXXXX")
RISE_PID=""
cleanup() {
  local rc=$?
  if [[ -n $RISE_PID ]]; then
    kill -TERM "$RISE_PID" 2>/dev/null || true
    wait "$RISE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 2. the seeded database ---------------------------------------------------
DB=$WORK/rise.db
RISE_LOG=$WORK/rise.log
echo "seeding $CASES cases ..." >&2
"$BIN" bench-seed --db "$DB" --cases "$CASES" --audit 20000 --region "$REGION" >"$WORK/seed.out" 2>"$WORK/seed.err" ||
  { cat "$WORK/seed.err" >&2; die "rise bench-seed failed"; }
q() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }
PASSWORD=bench-password-1
add_user() { # email role secret [extra args]
  local email=$1 role=$2 secret=$3
  shift 3
  echo "$PASSWORD" | "$BIN" user add --db "$DB" --email "$email" --name "Bench $role" --role "$role" \
    --password-stdin --totp-secret "$secret" "$@" >/dev/null || die "cannot add the $role"
}
add_user mon.officer@example.com delivery-officer JBSWY3DPEHPK3PXP --region "$REGION"
add_user mon.analyst@example.com analyst KRSXG5CTMVRXEZLU
OFFICER_ID=$(q "SELECT id FROM users WHERE email = 'mon.officer@example.com'")
# this academic year's terms, around today
Y=$(date +%Y)
[[ $(date +%-m) -ge 9 ]] || Y=$((Y - 1))
N=$((Y + 1))
YY=$(printf '%02d' $((N % 100)))
q "INSERT INTO school_terms (year, term, starts_on, ends_on, updated_by, updated_at) VALUES
     ($Y, 'autumn', '$Y-09-02', '$Y-12-18', 'bench', 'now'),
     ($Y, 'spring', '$N-01-04', '$N-03-26', 'bench', 'now'),
     ($Y, 'summer', '$N-04-12', '$N-07-21', 'bench', 'now');
   UPDATE cases SET delivery_officer_id = $OFFICER_ID WHERE region = '$REGION';
   INSERT INTO reviews (case_id, kind, term_key, term_label, plan_term, due_on, status, overall, written_by, written_at)
     SELECT id, 'termly', '$Y-$YY-autumn', 'Autumn term $Y/$YY', 0, '$Y-11-18',
       CASE id % 5 WHEN 0 THEN 'submitted' ELSE 'accepted' END, 'progressing-well', 'bench', 'now' FROM cases;
   INSERT INTO reviews (case_id, kind, term_key, term_label, plan_term, due_on, status)
     SELECT id, 'termly', '$Y-$YY-spring', 'Spring term $Y/$YY', 1, '$N-02-26',
       CASE id % 3 WHEN 0 THEN 'draft' ELSE 'due' END FROM cases;
   INSERT INTO reviews (case_id, kind, term_key, term_label, plan_term, due_on, status)
     SELECT id, 'termly', '$Y-$YY-summer', 'Summer term $Y/$YY', 2, '$N-06-21', 'due' FROM cases;
   WITH items(path, position, label) AS (VALUES ('objective-1', 0, 'Objective 1: Attendance above 94%'),
     ('action-1', 1, 'Action 1: An attendance officer'), ('objective-2', 2, 'Objective 2: A stable senior team'),
     ('action-2', 3, 'Action 2: Leadership coaching'))
   INSERT INTO review_ratings (review_id, path, position, label, rating, evidence)
     SELECT r.id, i.path, i.position, i.label, CASE (r.id + i.position) % 3 WHEN 0 THEN 'amber' ELSE 'green' END,
       'Seen on the visit' FROM reviews r, items i WHERE r.term_key = '$Y-$YY-autumn';"
CASE_ID=$(q "SELECT id FROM cases WHERE region = '$REGION' AND status = 'in progress' ORDER BY id LIMIT 1")
echo "$(q "SELECT count(*) FROM cases") cases, $(q "SELECT count(*) FROM reviews") reviews," \
  "$(q "SELECT count(*) FROM review_ratings") ratings; $(q "SELECT count(*) FROM cases WHERE region = '$REGION'") in $REGION" >&2

start_rise
sign_in mon.officer@example.com "$PASSWORD" JBSWY3DPEHPK3PXP && OFFICER=$COOKIE
sign_in mon.analyst@example.com "$PASSWORD" KRSXG5CTMVRXEZLU && ANALYST=$COOKIE

measure() { # label path cookie
  local label=$1 path=$2 cookie=$3 bad p50 p95 p99 max total
  curl_times 20 "$BASE$path" "$cookie" >/dev/null
  curl_times "$REQUESTS" "$BASE$path" "$cookie" >"$WORK/t.times"
  bad=$(awk '$1 != 200' "$WORK/t.times" | wc -l)
  [[ $bad == 0 ]] || die "$label: $bad requests did not answer 200"
  read -r p50 p95 p99 max <<<"$(pct "$WORK/t.times")"
  total=$(curl -sS -H "Cookie: $cookie" "$BASE$path" | sed -n 's/.*accepted: <strong>\([0-9]*\)<\/strong>, of which <strong>\([0-9]*\)<\/strong>.*/\1 due, \2 overdue/p' | head -n1)
  printf '  %-44s p50 %6s ms  p95 %6s ms  p99 %6s ms  max %6s ms  %s\n' "$label" "$p50" "$p95" "$p99" "$max" "$total"
}
echo
echo "bench/monitoring.sh: $CASES cases, 3 termly reviews each; $REQUESTS requests a measure ($(basename "$BIN"))"
measure "GET /reviews (a delivery officer's own)" "/reviews" "$OFFICER"
measure "GET /reviews?whose=region ($REGION)" "/reviews?whose=region" "$OFFICER"
measure "GET /reviews (an analyst: every region)" "/reviews" "$ANALYST"
measure "GET /cases/$CASE_ID/monitoring (chart + table)" "/cases/$CASE_ID/monitoring" "$OFFICER"
echo "  (aim: the reviews due page's p95 under 20 ms)"
