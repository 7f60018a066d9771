# shellcheck shell=bash
# bench/lib.sh - what the benchmarks share: start `rise serve` on a free port
# and sign in through the real form. Sourced by bench/http.sh and
# bench/cases.sh, which set WORK, BIN, DB and RISE_LOG and define die().

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

# The Set-Cookie value for rise_session from a header dump.
session_cookie() {
  tr -d '\r' <"$1" | sed -n 's/^[Ss]et-[Cc]ookie: *\(rise_session=[^;]*\).*/\1/p' | tail -n1
}

# Signs in as $1 with password $2 through the sign-in form; sets COOKIE.
sign_in() {
  curl -sS -D "$WORK/prelogin.headers" -o "$WORK/prelogin.html" "$BASE/login"
  local pre csrf status
  pre=$(session_cookie "$WORK/prelogin.headers")
  csrf=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$WORK/prelogin.html" | head -n1)
  [[ -n $pre && -n $csrf ]] || die "GET /login gave no session cookie or csrf_token"
  status=$(curl -sS -o /dev/null -D "$WORK/login.headers" -w '%{http_code}' \
    -H "Cookie: $pre" -H "Origin: $BASE" \
    --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$1" --data-urlencode "password=$2" \
    "$BASE/login")
  COOKIE=$(session_cookie "$WORK/login.headers")
  [[ $status == 303 && -n $COOKIE && $COOKIE != "$pre" ]] || die "sign-in as $1 failed (HTTP $status)"
}
