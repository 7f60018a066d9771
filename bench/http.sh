#!/usr/bin/env bash
# bench/http.sh - HTTP load test of the release build of rise, compared with
# nginx serving the same response bodies as static files.
#
# What it does:
#   1. builds build/release/rise if it is missing;
#   2. makes a throwaway database in a temporary folder, adds an admin user
#      with two-factor already set up (`rise user add --totp-secret`, a
#      random secret), and starts `rise serve` on a free 127.0.0.1 port;
#   3. signs in through the real forms (pre-login cookie, csrf_token, Origin;
#      password, then a TOTP code computed by bench/sign_in.mjs with node)
#      and stops unless GET / then answers 200 with the signed-in page;
#   4. runs wrk against GET /healthz, GET /login (anonymous) and GET / (signed
#      in), reading requests/s and the 99th percentile latency, then checks
#      that / still answers 200 to the session (wrk counts no redirect as an
#      error);
#   5. if nginx is installed, starts a private nginx (own config, pid file and
#      error log in the temporary folder) serving the same bytes, runs the same
#      wrk command against it, and prints rise/nginx.
#
# Settings (environment):
#   BENCH_SECONDS      seconds per wrk run                      (default 10)
#   BENCH_THREADS      wrk threads                              (default 2)
#   BENCH_CONNECTIONS  wrk connections                          (default 64)
#   BENCH_RISE_LOG     where rise's stderr (access log) goes    (default: a
#                      file in the temporary folder; /dev/null to discard)
#   BENCH_RISE_ARGS    extra arguments for `rise serve`, e.g. "--threads 4"
#   BENCH_NGINX        the nginx binary, or "none" to skip the comparison
#   RISE_BIN           another rise binary to measure (default build/release/rise)
#   TMPDIR             where the database lives (it is fsync'd: keep it on a
#                      real disk, as in production, not tmpfs)
#
# The aim: the signed-in page at >= 0.5x nginx's requests/s, with p99 < 10 ms,
# on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WRK_THREADS=${BENCH_THREADS:-2}
WRK_CONNS=${BENCH_CONNECTIONS:-64}
BIN=${RISE_BIN:-build/release/rise}
EMAIL=bench.admin@example.gov.uk
PASSWORD="bench horse battery staple $$"

die() {
  echo "bench/http.sh: $*" >&2
  exit 1
}

command -v wrk >/dev/null 2>&1 || die "wrk is not installed (scripts/deps.sh bench installs it)"
command -v curl >/dev/null 2>&1 || die "curl is not installed"
command -v node >/dev/null 2>&1 || die "node is not installed (scripts/deps.sh installs it)"

# --- 1. the release build ---------------------------------------------------
if [[ -z ${RISE_BIN:-} && ! -x $BIN ]]; then
  [[ -d node_modules ]] || scripts/deps.sh build
  cmake --preset release >/dev/null
  cmake --build --preset release -j2
fi
[[ -x $BIN ]] || die "$BIN was not built"
"$BIN" --help | grep -q totp-secret || die "$BIN has no user add --totp-secret: rebuild it (cmake --build --preset release)"

# --- clean-up, whatever happens ---------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rise-bench.XXXXXX")
RISE_PID=""
WRK_PID=""
WRK_RESULT=""
NGINX_PID_FILE="$WORK/nginx/nginx.pid"
NGINX_STARTED=0

# running, and not a zombie waiting for a parent that may never reap it
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

stop_nginx() {
  [[ $NGINX_STARTED == 1 ]] || return 0
  NGINX_STARTED=0
  local pid
  pid=$(cat "$NGINX_PID_FILE" 2>/dev/null || true)
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  # a daemon is not our child, so poll for it instead of `wait`
  for _ in $(seq 100); do
    alive "$pid" || return 0
    sleep 0.1
  done
  echo "bench/http.sh: nginx (pid $pid) did not stop after SIGTERM; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

stop_rise() {
  [[ -n $RISE_PID ]] || return 0
  local pid=$RISE_PID
  RISE_PID=""
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  if [[ -n $WRK_PID ]]; then
    kill -TERM "$WRK_PID" 2>/dev/null || true
    wait "$WRK_PID" 2>/dev/null || true
  fi
  stop_rise
  stop_nginx
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 2. database, user and server -------------------------------------------
DB=$WORK/rise.db
RISE_LOG=${BENCH_RISE_LOG:-$WORK/rise.log}
# an admin must sign in with two-factor: a base32 secret of 20 random bytes,
# as an authenticator app would hold it
SECRET=$(head -c 20 /dev/urandom | base32 | tr -d '=\n')
printf '%s\n' "$PASSWORD" |
  "$BIN" user add --db "$DB" --email "$EMAIL" --name "Bench Admin" --role admin --totp-secret "$SECRET" \
    --password-stdin >/dev/null || die "could not add the benchmark user"

start_rise

# --- 3. sign in through the forms, password then a TOTP code ----------------
sign_in "$EMAIL" "$PASSWORD" "$SECRET"

# --- the exact bodies (and headers) the benchmark will fetch ----------------
WWW=$WORK/nginx/www
mkdir -p "$WWW"
fetch() { # fetch NAME PATH [COOKIE] -> $WWW/NAME, headers in $WORK/NAME.headers
  local name=$1 path=$2 cookie=${3:-} code
  local args=(-sS -o "$WWW/$name" -D "$WORK/$name.headers" -w '%{http_code}')
  [[ -n $cookie ]] && args+=(-H "Cookie: $cookie")
  code=$(curl "${args[@]}" "$BASE$path")
  [[ $code == 200 ]] || die "GET $path gave HTTP $code, not 200"
}
fetch healthz.txt /healthz
fetch login.html /login
fetch home.html / "$COOKIE"
grep -q 'Sign out\|/logout' "$WWW/home.html" || die "GET / with the session cookie is not the signed-in page"

# --- wrk ---------------------------------------------------------------------
# run_wrk URL [COOKIE] -> WRK_RESULT="REQS_PER_SEC P99_MS ERRORS" (ERRORS: "-" or
# e.g. "timeout=26,non-2xx/3xx=3"). wrk runs in the background so that `wait`
# returns at once on SIGINT/SIGTERM and the clean-up runs without delay.
run_wrk() {
  local url=$1 cookie=${2:-} out
  local args=(-t"$WRK_THREADS" -c"$WRK_CONNS" -d"${SECONDS_PER_RUN}s" --latency)
  [[ -n $cookie ]] && args+=(-H "Cookie: $cookie")
  wrk "${args[@]}" "$url" >"$WORK/wrk.out" 2>&1 &
  WRK_PID=$!
  local rc=0
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  ((rc == 0)) || { cat "$WORK/wrk.out" >&2; die "wrk failed against $url"; }
  out=$(<"$WORK/wrk.out")
  WRK_RESULT=$(awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^Requests\/sec:/            { rps = $2 }
    $1 == "99%" && p99 == ""     { p99 = ms($2) }
    /Non-2xx or 3xx responses:/  { if ($NF + 0) { errs = errs sep "non-2xx/3xx=" $NF; sep = "," } }
    /Socket errors:/ {
      # Socket errors: connect 0, read 0, write 0, timeout 26
      for (i = 3; i < NF; i += 2) { n = $(i + 1); gsub(/,/, "", n); if (n + 0) { errs = errs sep $i "=" n; sep = "," } }
    }
    END { printf "%s %s %s\n", (rps == "" ? "0" : rps), (p99 == "" ? "0" : p99), (errs == "" ? "-" : errs) }
  ' <<<"$out")
}

# --- 5. nginx, on its own port and files -------------------------------------
if [[ -n ${BENCH_NGINX:-} ]]; then
  NGINX=$BENCH_NGINX
  [[ $NGINX == none ]] && NGINX=""
else
  NGINX=$(command -v nginx || true)
  [[ -z $NGINX && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
fi
NGINX_BASE=""

# rise's response headers, except the per-response ones, as nginx add_header
nginx_headers() {
  tr -d '\r' <"$1" | awk -F': ' '
    NR == 1 || NF < 2 { next }
    tolower($1) ~ /^(date|content-length|content-type|connection|set-cookie|server|transfer-encoding|keep-alive)$/ { next }
    { v = substr($0, length($1) + 3); if (v ~ /["$\\]/) next; printf "            add_header %s \"%s\" always;\n", $1, v }'
}

free_port() { # a port nobody is listening on; nginx fails to start if we lose a race
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

start_nginx() {
  local dir=$WORK/nginx conf=$WORK/nginx/nginx.conf temps="" user_line="" m port
  local v
  v=$("$NGINX" -V 2>&1)
  for m in client_body fastcgi proxy scgi uwsgi; do
    [[ $m != client_body && $v == *"--without-http_${m}_module"* ]] && continue
    mkdir -p "$dir/tmp/$m"
    temps+="    ${m}_temp_path $dir/tmp/$m;"$'\n'
  done
  # as root, workers would otherwise run as nobody and not read the 0700 temp folder
  [[ $(id -u) == 0 ]] && user_line="user $(id -un) $(id -gn);"
  for _ in 1 2 3 4 5; do
    port=$(free_port) || return 1
    cat >"$conf" <<EOF
# written by bench/http.sh; private to this run
$user_line
daemon on;
master_process on;
worker_processes auto;
pid $NGINX_PID_FILE;
error_log $dir/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    server_tokens off;
    keepalive_requests 1000000;
    keepalive_timeout 65s;
$temps
    server {
        listen 127.0.0.1:$port;
        root $WWW;
        charset utf-8;
        location = /healthz {
            default_type text/plain;
$(nginx_headers "$WORK/healthz.txt.headers")
            try_files /healthz.txt =404;
        }
        location = /login {
            default_type text/html;
$(nginx_headers "$WORK/login.html.headers")
            try_files /login.html =404;
        }
        location = / {
            default_type text/html;
$(nginx_headers "$WORK/home.html.headers")
            try_files /home.html =404;
        }
    }
}
EOF
    # -e: the start-up error log too, so nothing touches /var/log/nginx
    if "$NGINX" -p "$dir/" -e "$dir/error.log" -c "$conf" 2>>"$dir/start.log"; then
      NGINX_STARTED=1
      NGINX_BASE=http://127.0.0.1:$port
      for _ in $(seq 50); do
        curl -sf -o /dev/null "$NGINX_BASE/healthz" && return 0
        sleep 0.1
      done
      return 1
    fi
  done
  return 1
}

NGINX_NOTE=""
if [[ -n $NGINX ]]; then
  if start_nginx; then
    for f in healthz.txt:/healthz login.html:/login home.html:/; do
      curl -sS "$NGINX_BASE${f#*:}" | cmp -s - "$WWW/${f%%:*}" || die "nginx does not serve the same bytes for ${f#*:}"
    done
  else
    cat "$WORK/nginx/start.log" "$WORK/nginx/error.log" 2>/dev/null >&2 || true
    die "nginx ($NGINX) is installed but did not start"
  fi
else
  NGINX_NOTE="nginx is not installed (or BENCH_NGINX=none): no comparison (scripts/deps.sh bench installs nginx-light)"
  echo "$NGINX_NOTE"
fi

# --- 4. measure ----------------------------------------------------------------
echo "rise $BASE (pid $RISE_PID), database $DB, access log -> $RISE_LOG"
[[ -n $NGINX_BASE ]] && echo "nginx $NGINX_BASE ($("$NGINX" -v 2>&1 | sed 's/.*: //'), worker_processes auto)"
echo "wrk -t$WRK_THREADS -c$WRK_CONNS -d${SECONDS_PER_RUN}s --latency; cores (nproc): $(nproc);" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (wrk, rise and nginx share these cores)"
echo

LABELS=("/healthz" "/login (anonymous)" "/ (signed in)")
PATHS=("/healthz" "/login" "/")
COOKIES=("" "" "$COOKIE")
R_RPS=() R_P99=() R_ERR=() N_RPS=() N_P99=() N_ERR=()
sessions_before=""
command -v sqlite3 >/dev/null 2>&1 && sessions_before=$(sqlite3 "$DB" 'SELECT count(*) FROM sessions' 2>/dev/null || true)
for i in "${!LABELS[@]}"; do
  echo "measuring ${LABELS[i]} ..." >&2
  run_wrk "$BASE${PATHS[i]}" "${COOKIES[i]}"
  read -r "R_RPS[i]" "R_P99[i]" "R_ERR[i]" <<<"$WRK_RESULT"
  if [[ -n $NGINX_BASE ]]; then
    run_wrk "$NGINX_BASE${PATHS[i]}" "${COOKIES[i]}"
    read -r "N_RPS[i]" "N_P99[i]" "N_ERR[i]" <<<"$WRK_RESULT"
  fi
done
still_signed_in / # the page measured with the session cookie
sessions_after=""
[[ -n $sessions_before ]] && sessions_after=$(sqlite3 "$DB" 'SELECT count(*) FROM sessions' 2>/dev/null || true)

# --- 6. the table --------------------------------------------------------------
printf '%-20s %12s %10s %12s %10s %11s\n' page "rise req/s" "rise p99" "nginx req/s" "nginx p99" "rise/nginx"
for i in "${!LABELS[@]}"; do
  if [[ -n $NGINX_BASE ]]; then
    awk -v l="${LABELS[i]}" -v r="${R_RPS[i]}" -v rp="${R_P99[i]}" -v n="${N_RPS[i]}" -v np="${N_P99[i]}" \
      'BEGIN { printf "%-20s %12.0f %8.2fms %12.0f %8.2fms %10.2fx\n", l, r, rp, n, np, (n > 0 ? r / n : 0) }'
  else
    awk -v l="${LABELS[i]}" -v r="${R_RPS[i]}" -v rp="${R_P99[i]}" \
      'BEGIN { printf "%-20s %12.0f %8.2fms %12s %10s %11s\n", l, r, rp, "-", "-", "-" }'
  fi
done
echo
for i in "${!LABELS[@]}"; do
  [[ ${R_ERR[i]} == - ]] || echo "warning: rise had errors on ${LABELS[i]}: ${R_ERR[i]}"
  if [[ -n $NGINX_BASE && ${N_ERR[i]} != - ]]; then
    echo "warning: nginx had errors on ${LABELS[i]}: ${N_ERR[i]}"
  fi
done
echo "cores (nproc): $(nproc)"
[[ -n $sessions_after ]] &&
  echo "session rows: $sessions_before before the runs, $sessions_after after (showing the sign-in form adds none: its session is a signed cookie)"
echo "aim: / (signed in) at >= 0.5x nginx's req/s, with p99 < 10 ms, on 2 cores"
home=2
if [[ -n $NGINX_BASE ]]; then
  verdict=$(awk -v r="${R_RPS[home]}" -v n="${N_RPS[home]}" -v p="${R_P99[home]}" 'BEGIN {
    ok_ratio = (n > 0 && r / n >= 0.5); ok_p99 = (p < 10)
    printf "%s: %.2fx nginx (%s), p99 %.2f ms (%s)", (ok_ratio && ok_p99 ? "MET" : "NOT MET"), (n > 0 ? r / n : 0),
      (ok_ratio ? "ok" : "below 0.5x"), p, (ok_p99 ? "ok" : "10 ms or more") }')
  echo "result: $verdict"
else
  echo "$NGINX_NOTE"
  awk -v p="${R_P99[home]}" 'BEGIN { printf "result: p99 %.2f ms (%s); no nginx to compare requests/s with\n", p, (p < 10 ? "ok" : "10 ms or more") }'
fi
