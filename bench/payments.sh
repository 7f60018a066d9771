#!/usr/bin/env bash
# bench/payments.sh - payment runs at scale (issue 14 item 6): preparing a
# run over 20,000 schedule lines on 5,000 cases, and the pages the grant
# team reads at that size.
#
# What it does:
#   1. builds build/release/rise if it is missing;
#   2. seeds a throwaway database with `rise bench-seed --cases BENCH_CASES
#      --grant-lines BENCH_LINES` (a grant on every case, its termly lines
#      mostly scheduled, the first or second term due on some accepted
#      grants; about 0.6 payees a case, 90% with a vendor account; two
#      grant team accounts);
#   3. (a) prepares a payment run with `rise payments prepare --as
#      bench.grants@example.gov.uk` on BENCH_REPS fresh copies of that
#      database: the wall time of the command (opening the database
#      included) and the time of the one transaction it reports;
#   4. starts `rise serve` on the seeded database (no run prepared: every
#      due line is on the page), signs the grant team member in through the
#      real forms (two-factor set up as at a first sign-in) and measures,
#      BENCH_REQUESTS sequential requests each over one keep-alive
#      connection after a warm-up: (b) GET /payments (due now by payee, held
#      back lines, the runs) and (c) GET / (the grant team's home page).
#
# Settings (environment):
#   BENCH_CASES     cases to seed                         (default 5000)
#   BENCH_LINES     schedule lines over them              (default 20000)
#   BENCH_AUDIT     audit rows to seed                    (default 20000)
#   BENCH_REPS      preparations, each on a fresh copy    (default 5)
#   BENCH_REQUESTS  requests for each page                (default 200)
#   BENCH_RISE_LOG  where rise's stderr goes              (default: a file in the temporary folder)
#   RISE_BIN        another rise binary to measure (default build/release/rise)
#   TMPDIR          where the database lives
#
# The figures are printed, not asserted. Aim: a run prepared in under 1 s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

CASES=${BENCH_CASES:-5000}
LINES=${BENCH_LINES:-20000}
AUDIT=${BENCH_AUDIT:-20000}
REPS=${BENCH_REPS:-5}
REQUESTS=${BENCH_REQUESTS:-200}
BIN=${RISE_BIN:-build/release/rise}
EMAIL=bench.grants@example.gov.uk
PASSWORD=bench-password-1

die() {
  echo "bench/payments.sh: $*" >&2
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

# --- clean-up, whatever happens ---------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rise-bench-payments.XXXXXX")
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

# --- 2. the seeded database ----------------------------------------------------
DB=$WORK/rise.db
RISE_LOG=${BENCH_RISE_LOG:-$WORK/rise.log}
echo "seeding $CASES cases with $LINES grant lines ..." >&2
"$BIN" bench-seed --db "$DB" --cases "$CASES" --audit "$AUDIT" --grant-lines "$LINES" >"$WORK/seed.out" 2>"$WORK/seed.err" ||
  { cat "$WORK/seed.err" >&2; die "rise bench-seed failed"; }
q() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }
DUE=$(q "SELECT count(*) FROM grant_lines WHERE status = 'due'")
PAYEES=$(q "SELECT count(*) FROM payees")
NOVENDOR=$(q "SELECT count(*) FROM payees WHERE vendor_account IS NULL")

# --- 3. (a) preparing a run, each time on a fresh copy ---------------------------
echo "preparing a run x $REPS ..." >&2
: >"$WORK/prepare.times"
for ((i = 1; i <= REPS; i++)); do
  COPY=$WORK/copy.db
  rm -f "$COPY" "$COPY-wal" "$COPY-shm" "$COPY.audit-key" "$COPY.audit-log"
  cp "$DB" "$COPY"
  for f in -wal .audit-key .audit-log; do [[ -f $DB$f ]] && cp "$DB$f" "$COPY$f"; done
  sync
  T0=$(date +%s%N)
  OUT=$("$BIN" payments prepare --db "$COPY" --as "$EMAIL" 2>"$WORK/prepare.err") ||
    { cat "$WORK/prepare.err" >&2; die "rise payments prepare failed"; }
  T1=$(date +%s%N)
  INNER=$(sed -n 's/.*; \([0-9.]*\) ms$/\1/p' <<<"$OUT")
  echo "$(((T1 - T0) / 1000000)) $INNER" >>"$WORK/prepare.times"
  LAST=$OUT
done
rm -f "$WORK"/copy.db*

# --- 4. the pages ---------------------------------------------------------------------
start_rise
sign_in "$EMAIL" "$PASSWORD"
measure() { # name path
  curl_times 20 "$BASE$2" "$COOKIE" >/dev/null
  curl_times "$REQUESTS" "$BASE$2" "$COOKIE" >"$WORK/$1.times"
}
echo "measuring GET /payments and GET / x $REQUESTS ..." >&2
PAY_BYTES=$(curl -sS -o /dev/null -w '%{size_download}' -H "Cookie: $COOKIE" "$BASE/payments")
HOME_BYTES=$(curl -sS -o /dev/null -w '%{size_download}' -H "Cookie: $COOKIE" "$BASE/")
measure payments /payments
measure home /
still_signed_in /payments /
PAY_BAD=$(awk '$1 != 200' "$WORK/payments.times" | wc -l)
HOME_BAD=$(awk '$1 != 200' "$WORK/home.times" | wc -l)
read -r P50 P95 P99 PMAX <<<"$(pct "$WORK/payments.times")"
read -r H50 H95 H99 HMAX <<<"$(pct "$WORK/home.times")"

# --- the figures ------------------------------------------------------------------------
echo "rise $BASE (pid $RISE_PID, $BIN); cores (nproc): $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "database: $(q "SELECT count(*) FROM cases") cases, $(q "SELECT count(*) FROM grants") grants," \
  "$(q "SELECT count(*) FROM grant_lines") schedule lines ($DUE due), $PAYEES payees ($NOVENDOR without a vendor account)"
echo
echo "(a) preparing a payment run (rise payments prepare, a fresh copy each time), $REPS times"
echo "    $LAST"
awk '{ printf "    wall %d ms (the command, opening the database included); the transaction %s ms\n", $1, $2 }' \
  "$WORK/prepare.times"
echo "(b) GET /payments ($PAY_BYTES bytes), $REQUESTS requests"
echo "    p50 ${P50} ms   p95 ${P95} ms   p99 ${P99} ms   max ${PMAX} ms"
((PAY_BAD == 0)) || echo "    warning: $PAY_BAD answers were not 200"
echo "(c) GET / as the grant team ($HOME_BYTES bytes), $REQUESTS requests"
echo "    p50 ${H50} ms   p95 ${H95} ms   p99 ${H99} ms   max ${HMAX} ms"
((HOME_BAD == 0)) || echo "    warning: $HOME_BAD answers were not 200"
