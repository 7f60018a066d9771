#!/usr/bin/env bash
# bench/matching.sh - commissioning at scale (issue 12): the suggestions for
# one case and a region's batch, against a register of 2,000 providers.
#
# What it does:
#   1. builds build/release/rise if it is missing;
#   2. seeds a throwaway database in a temporary folder with `rise bench-seed
#      --providers N --match-cases M` (N fictional providers, "Bench provider
#      17", with types, regions, phases, expertise, a place in the grid,
#      capacity for the current term and, for a third, current checks; M
#      fictional RISE cases in the home region whose proposal is the next
#      step; and a small casework load besides) and starts `rise serve` on a
#      free 127.0.0.1 port;
#   3. signs in through the real forms as the home region's delivery
#      officer, two-factor set up on the way (bench/sign_in.mjs);
#   4. (a) GET /cases/<id>/matching for one waiting case, REQUESTS times
#      over one keep-alive connection (curl), after a warm-up: p50/p95/p99
#      of curl's time_total; (b) GET /matching?region=<home>, which plans
#      the whole region's batch (match_batch_plan over every case waiting
#      for a proposal), BATCH_RUNS times: each time, and the server's peak
#      resident memory (VmHWM in /proc/PID/status) before and after.
#
# Settings (environment):
#   BENCH_PROVIDERS    providers on the register                (default 2000)
#   BENCH_MATCH_CASES  cases waiting for a proposal             (default 500)
#   BENCH_REQUESTS     requests for the one case's suggestions  (default 200)
#   BENCH_BATCH_RUNS   batch plans to time                      (default 5)
#   BENCH_REGION       the home region                          (default North West)
#   BENCH_RISE_LOG     where rise's stderr (access log) goes    (default: a
#                      file in the temporary folder)
#   RISE_BIN           another rise binary to measure (default build/release/rise)
#   TMPDIR             where the database lives
#
# The aims: the one case's suggestions at p95 under 20 ms; the batch under
# 2 s. The figures are printed, not asserted.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

PROVIDERS=${BENCH_PROVIDERS:-2000}
MATCH_CASES=${BENCH_MATCH_CASES:-500}
REQUESTS=${BENCH_REQUESTS:-200}
BATCH_RUNS=${BENCH_BATCH_RUNS:-5}
REGION=${BENCH_REGION:-North West}
BIN=${RISE_BIN:-build/release/rise}

die() {
  echo "bench/matching.sh: $*" >&2
  exit 1
}

command -v curl >/dev/null 2>&1 || die "curl is not installed"
command -v node >/dev/null 2>&1 || die "node is not installed (scripts/deps.sh installs it)"

# --- 1. the release build ---------------------------------------------------
if [[ -z ${RISE_BIN:-} && ! -x $BIN ]]; then
  [[ -d node_modules ]] || scripts/deps.sh build
  cmake --preset release >/dev/null
  cmake --build --preset release -j2
fi
[[ -x $BIN ]] || die "$BIN was not built"
"$BIN" --help 2>&1 | grep -q -- '--providers' ||
  die "$BIN's bench-seed has no --providers: rebuild it (cmake --build --preset release)"

# --- clean-up, whatever happens ---------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rise-bench-matching.XXXXXX")
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

# --- 2. the seeded database and the server ----------------------------------
DB=$WORK/rise.db
RISE_LOG=${BENCH_RISE_LOG:-$WORK/rise.log}
echo "seeding $PROVIDERS providers and $MATCH_CASES cases waiting for a proposal in $REGION ..." >&2
"$BIN" bench-seed --db "$DB" --cases 900 --audit 0 --region "$REGION" --providers "$PROVIDERS" \
  --match-cases "$MATCH_CASES" >"$WORK/seed.out" 2>"$WORK/seed.err" || { cat "$WORK/seed.err" >&2; die "rise bench-seed failed"; }
seed_value() { sed -n "s/^$1=//p" "$WORK/seed.out" | head -n1; }
EMAIL=$(seed_value BENCH_EMAIL)
PASSWORD=$(seed_value BENCH_PASSWORD)
CASE_ID=$(seed_value BENCH_MATCH_CASE)
[[ -n $EMAIL && -n $PASSWORD && -n $CASE_ID && $CASE_ID != 0 ]] || die "bench-seed printed no sign-in or case"
q() { sqlite3 "$DB" "$1" 2>/dev/null || echo "?"; }
if command -v sqlite3 >/dev/null 2>&1; then
  echo "register: $(q "SELECT count(*) FROM organisations") providers," \
    "$(q "SELECT count(*) FROM provider_capacity") with capacity, $(q "SELECT count(DISTINCT organisation_id) FROM provider_checks") with checks"
  echo "cases in $REGION whose proposal is not started: $(q "SELECT count(*) FROM case_tasks t JOIN cases c ON c.id = t.case_id
    WHERE c.region = '$REGION' AND c.programme = 'rise' AND t.code = 'preferred-org' AND t.status = 'not started'")"
fi

start_rise
sign_in "$EMAIL" "$PASSWORD"
vmhwm() { awk '/^VmHWM/ { print $2 }' "/proc/$RISE_PID/status"; }
REGION_Q=${REGION// /+}

# --- 3. (a) one case's suggestions --------------------------------------------
URL="$BASE/cases/$CASE_ID/matching"
code=$(curl -sS -o "$WORK/case.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$URL")
[[ $code == 200 ]] || die "GET /cases/$CASE_ID/matching gave HTTP $code, not 200"
grep -q "of the $PROVIDERS on the register can be matched" "$WORK/case.html" ||
  die "the matching page does not show the $PROVIDERS providers' suggestions"
SUGGESTED=$(sed -n 's|.*<p class="govuk-body">\([0-9]*\) of the \([0-9]*\) on the register.*|\1 of \2|p' "$WORK/case.html" | head -n1)
echo "measuring GET /cases/$CASE_ID/matching x $REQUESTS ..." >&2
curl_times 20 "$URL" "$COOKIE" >/dev/null # warm-up
curl_times "$REQUESTS" "$URL" "$COOKIE" >"$WORK/case.times"
BAD=$(awk '$1 != 200' "$WORK/case.times" | wc -l)
read -r P50 P95 P99 MAX <<<"$(awk '{ print $2 * 1000 }' "$WORK/case.times" | sort -n | awk '
  { v[NR] = $1 }
  END { i50 = int(NR * 0.50 + 0.999); i95 = int(NR * 0.95 + 0.999); i99 = int(NR * 0.99 + 0.999)
        printf "%.2f %.2f %.2f %.2f\n", v[i50], v[i95], v[i99], v[NR] }')"

# --- 4. (b) the region's batch --------------------------------------------------
BURL="$BASE/matching?region=$REGION_Q"
HWM0=$(vmhwm)
echo "measuring GET /matching?region=$REGION_Q x $BATCH_RUNS ..." >&2
TIMES=()
for ((i = 0; i < BATCH_RUNS; i++)); do
  out=$(curl -sS -o "$WORK/batch.html" -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" "$BURL")
  [[ ${out%% *} == 200 ]] || die "GET /matching?region=$REGION_Q gave HTTP ${out%% *}, not 200"
  TIMES+=("$(awk -v t="${out#* }" 'BEGIN { printf "%.3f", t }')")
done
HWM1=$(vmhwm)
WAITING=$(sed -n 's|.*<p class="govuk-body">\([0-9,]*\) cases in .* are waiting for a provider.*|\1|p' "$WORK/batch.html" | head -n1)
still_signed_in "/cases/$CASE_ID/matching"

# --- 5. the figures ---------------------------------------------------------------
echo "rise $BASE (pid $RISE_PID); cores (nproc): $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "(a) one case's suggestions: GET /cases/$CASE_ID/matching ($SUGGESTED providers suggested), $REQUESTS requests"
echo "    p50 ${P50} ms   p95 ${P95} ms   p99 ${P99} ms   max ${MAX} ms"
((BAD == 0)) || echo "    warning: $BAD answers were not 200"
echo "(b) the batch: GET /matching?region=$REGION_Q (${WAITING:-?} cases waiting, $PROVIDERS providers)"
echo "    seconds: ${TIMES[*]}"
echo "    server peak memory (VmHWM): ${HWM0} kB before, ${HWM1} kB after"
echo
awk -v p="$P95" 'BEGIN { exit !(p < 20) }' && echo "aim (a) p95 under 20 ms: MET" || echo "aim (a) p95 under 20 ms: NOT MET"
SLOWEST=$(printf '%s\n' "${TIMES[@]}" | sort -n | tail -n1)
awk -v t="$SLOWEST" 'BEGIN { exit !(t < 2) }' && echo "aim (b) batch under 2 s: MET (slowest ${SLOWEST} s)" ||
  echo "aim (b) batch under 2 s: NOT MET (slowest ${SLOWEST} s)"
