# shellcheck shell=bash
# bench/lib.sh - what the benchmarks share: start `rise serve` on a free port,
# sign in through the real forms, two-factor included, time a page over one
# keep-alive connection and read the percentiles. Sourced by
# bench/http.sh, bench/cases.sh and bench/notify_p95.sh, which set WORK, BIN,
# DB and RISE_LOG and define die(); sign_in needs node (scripts/deps.sh).

# Starts rise on DB; sets RISE_PID and BASE (http://127.0.0.1:PORT).
start_rise() {
  # shellcheck disable=SC2086 # BENCH_RISE_ARGS is a list of words on purpose
  "$BIN" serve --db "$DB" --listen 127.0.0.1:0 ${BENCH_RISE_ARGS:-} >"$WORK/rise.out" 2>"$RISE_LOG" &
  RISE_PID=$!
  local port=""
  for _ in $(seq 200); do
    if [[ -s $WORK/rise.out ]]; then
      port=$(sed -n 's|.*listening on http://localhost:\([0-9][0-9]*\)/.*|\1|p' "$WORK/rise.out" | head -n1)
      [[ -n $port ]] && break
    fi
    kill -0 "$RISE_PID" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -z $port ]]; then
    [[ -f $RISE_LOG ]] && tail -n 20 "$RISE_LOG" >&2
    die "rise did not start"
  fi
  BASE=http://127.0.0.1:$port
}

# Signs in as $1 with password $2 through the real forms, two-factor included
# (bench/sign_in.mjs: a TOTP code of $3 when given, for a person added with
# `rise user add --totp-secret`; for a person who has not set it up, such as
# bench-seed's users, the set-up form with the key it shows); sets COOKIE.
# Then checks, with curl this time, that GET / answers 200 with the signed-in
# page: a half-signed-in session (two-factor still to do) is redirected from
# every page, and wrk would time those redirects without complaint.
sign_in() {
  local status
  COOKIE=$(BASE=$BASE EMAIL=$1 PASSWORD=$2 TOTP_SECRET=${3:-} node bench/sign_in.mjs) ||
    die "sign-in as $1 failed"
  [[ -n $COOKIE ]] || die "sign-in as $1 gave no session cookie"
  status=$(curl -sS -o "$WORK/signed-in.html" -D "$WORK/signed-in.headers" -w '%{http_code}' \
    -H "Cookie: $COOKIE" "$BASE/")
  if [[ $status != 200 ]]; then
    local to
    to=$(tr -d '\r' <"$WORK/signed-in.headers" | sed -n 's/^[Ll]ocation: *//p' | head -n1)
    die "signed in as $1, yet GET / gave HTTP $status${to:+ to $to}, not 200"
  fi
  grep -q '/logout' "$WORK/signed-in.html" || die "signed in as $1, yet GET / is not the signed-in page"
}

# Fails unless every path given still answers 200 to COOKIE: after the wrk
# runs, so that a session lost during them cannot go unnoticed (wrk counts
# only 4xx and 5xx answers as errors, not redirects to the sign-in form).
still_signed_in() {
  local path status
  for path in "$@"; do
    status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE$path")
    [[ $status == 200 ]] || die "after the runs, GET $path gave HTTP $status, not 200: the figures are not of the signed-in page"
  done
}

# Times n requests of url as cookie $3 over one curl, one keep-alive
# connection: a line "status seconds" each (time_total). Needs WORK.
curl_times() { # n url cookie
  local n=$1 url=$2 i
  for ((i = 0; i < n; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$WORK/urls.cfg"
  curl -sS -K "$WORK/urls.cfg" -H "Cookie: $3" -w '%{http_code} %{time_total}\n'
}

# The times file ($2: seconds) as "p50 p95 p99 max" in milliseconds.
pct() { # file
  awk '{ print $2 * 1000 }' "$1" | sort -n | awk '
    { v[NR] = $1 }
    END { i50 = int(NR * 0.50 + 0.999); i95 = int(NR * 0.95 + 0.999); i99 = int(NR * 0.99 + 0.999)
          printf "%.2f %.2f %.2f %.2f\n", v[i50], v[i95], v[i99], v[NR] }'
}
