#!/usr/bin/env bash
# bench/notify.sh - emails per second the outbox's sender sustains against
# the GOV.UK Notify stand-in (issue 11, "Measure").
#
# What it does:
#   1. builds build/release/rise if it is missing;
#   2. starts `rise notify-standin` on a free 127.0.0.1 port and makes a
#      throwaway database in a temporary folder;
#   3. queues BENCH_EMAILS test emails in one transaction
#      (`rise outbox queue-test`), then starts `rise serve` with the stand-in
#      as Notify and times how long the sender takes to send them all
#      (every one: a signed JWT, a POST, and its row marked sent, durably);
#   4. checks the stand-in received each exactly once, and prints
#      emails/s. Everything it started is stopped, and the folder removed.
#
# Settings (environment):
#   BENCH_EMAILS  how many emails (default 2000)
#   RISE_BIN      another rise binary to measure (default build/release/rise)
#   TMPDIR        where the database lives
#
# The aim: over 50 emails/s, Notify's own rate limit (3,000 a minute).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

EMAILS=${BENCH_EMAILS:-2000}
BIN=${RISE_BIN:-build/release/rise}
KEY=rise_bench-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0
TEMPLATE=f33517ff-2a88-4f6e-b855-c550268ce08a

die() {
  echo "bench/notify.sh: $*" >&2
  exit 1
}

if [[ ! -x $BIN ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release -j "$(nproc)"
fi
command -v curl >/dev/null || die "needs curl"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rise-bench-notify-XXXXXX")
STANDIN_PID=""
RISE_PID=""
cleanup() {
  [[ -n $RISE_PID ]] && kill "$RISE_PID" 2>/dev/null && wait "$RISE_PID" 2>/dev/null || true
  [[ -n $STANDIN_PID ]] && kill "$STANDIN_PID" 2>/dev/null && wait "$STANDIN_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

"$BIN" notify-standin --listen 127.0.0.1:0 --api-key "$KEY" >"$WORK/standin.out" 2>"$WORK/standin.err" &
STANDIN_PID=$!
url=""
for _ in $(seq 200); do
  url=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/.*|\1|p' "$WORK/standin.out")
  [[ -n $url ]] && break
  sleep 0.05
done
[[ -n $url ]] || die "the stand-in did not start"

DB=$WORK/rise.db
"$BIN" migrate --db "$DB" >/dev/null 2>"$WORK/migrate.err"
"$BIN" outbox queue-test --db "$DB" --to bench@example.com --count "$EMAILS" >/dev/null 2>>"$WORK/migrate.err"

start=$(date +%s.%N)
RISE_NOTIFY_API_KEY=$KEY RISE_NOTIFY_BASE_URL=$url RISE_NOTIFY_TEMPLATES="test=$TEMPLATE" \
  "$BIN" serve --db "$DB" --listen 127.0.0.1:0 >"$WORK/rise.out" 2>"$WORK/rise.err" &
RISE_PID=$!
while :; do
  left=$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE status <> 'sent'" 2>/dev/null || echo "?")
  [[ $left == 0 ]] && break
  kill -0 "$RISE_PID" 2>/dev/null || { tail -n 20 "$WORK/rise.err" >&2; die "rise stopped"; }
  sleep 0.1
done
end=$(date +%s.%N)

received=$(curl -sS "$url/_received" | grep -o '"reference":"rise-[0-9a-f]*"' | sort -u | wc -l)
[[ $received == "$EMAILS" ]] || die "the stand-in received $received distinct emails, not $EMAILS"
failed=$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE attempts <> 1")
secs=$(echo "$end - $start" | bc -l)
rate=$(echo "$EMAILS / $secs" | bc -l)
printf 'notify: %d emails sent through the stand-in in %.2f s (including start-up): %.0f emails/s; %d needed more than one attempt\n' \
  "$EMAILS" "$secs" "$rate" "$failed"
printf 'notify: aim over 50 emails/s (Notify'"'"'s own limit)\n'
