#!/usr/bin/env bash
# bench/plans.sh - a case's plan at scale (issue 13): opening and saving a
# full Recommended Actions Form, and making the approved plan's PDF, on a
# database of 10,000 cases.
#
# What it does:
#   1. builds build/release/rise if it is missing;
#   2. seeds a throwaway database with `rise bench-seed` (BENCH_CASES
#      fictional cases over the regions and programmes, their tasks, notes,
#      decisions and audit rows), picks one SI 2019/20 case in the home
#      region, makes it a Tier 2 case (its screening decision's suggestion)
#      and matches a fictional provider to it (SQL), adds the provider's,
#      the school's, the delivery partner's and the regional director's
#      accounts (`rise user add`, two-factor secrets known), starts `rise
#      serve` on a free 127.0.0.1 port and signs each of them in through the
#      real forms (bench/sign_in.mjs);
#   3. writes the plan over HTTP with the forms, as the provider would: the
#      visit, 4 improvement areas, 20 funded actions (5 an area) and the
#      coordination costs, and checks that the submit page shows no error;
#   4. measures, REQUESTS sequential requests each (curl, time_total):
#      (a) GET /plans/<id> (opening the plan: every section, the 20 actions,
#          the totals), over one keep-alive connection, after a warm-up;
#      (b) POST /plans/<id>/edit/coordination (saving a section: the form
#          read, the plan checked and written as JSON with its audit row),
#          the amounts alternating so that each save changes the draft;
#   5. submits it, the school signs it (head and chair), the delivery partner
#      accepts it and the regional director approves it: (c) the approving
#      request, which renders the PDF with libharu inside its transaction,
#      timed once; (d) GET /plans/<id>/versions/1/pdf (the stored PDF),
#      REQUESTS times.
#
# Settings (environment):
#   BENCH_CASES     cases to seed                         (default 10000)
#   BENCH_AUDIT     audit rows to seed                    (default 20000)
#   BENCH_REQUESTS  requests for each measure             (default 200)
#   BENCH_REGION    the home region                       (default North West)
#   BENCH_RISE_LOG  where rise's stderr (access log) goes (default: a file in
#                   the temporary folder)
#   RISE_BIN        another rise binary to measure (default build/release/rise)
#   TMPDIR          where the database lives
#
# The figures are printed, not asserted.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

CASES=${BENCH_CASES:-10000}
AUDIT=${BENCH_AUDIT:-20000}
REQUESTS=${BENCH_REQUESTS:-200}
REGION=${BENCH_REGION:-North West}
BIN=${RISE_BIN:-build/release/rise}

die() {
  echo "bench/plans.sh: $*" >&2
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
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rise-bench-plans.XXXXXX")
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

# --- 2. the seeded database, the case, the people, the server -----------------
DB=$WORK/rise.db
RISE_LOG=${BENCH_RISE_LOG:-$WORK/rise.log}
echo "seeding $CASES cases ..." >&2
"$BIN" bench-seed --db "$DB" --cases "$CASES" --audit "$AUDIT" --region "$REGION" >"$WORK/seed.out" 2>"$WORK/seed.err" ||
  { cat "$WORK/seed.err" >&2; die "rise bench-seed failed"; }
q() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }
CASE_ID=$(q "SELECT id FROM cases WHERE programme = 'si-2019-20' AND subject_kind = 'school' AND status = 'in progress'
  AND region = '$REGION' ORDER BY id LIMIT 1")
[[ -n $CASE_ID ]] || die "bench-seed made no SI 2019/20 case in progress in $REGION"
URN=$(q "SELECT subject_id FROM cases WHERE id = $CASE_ID")
q "UPDATE screening_decisions SET suggested = 'tier-2' WHERE case_id = $CASE_ID;
   INSERT INTO screening_decisions (programme, subject_kind, subject_id, subject_name, decision, route, suggested, reason,
     case_id, decided_by, decided_at)
   SELECT programme, subject_kind, subject_id, subject_name, 'open-case', route, 'tier-2', 'bench', id, 'bench', opened_at
   FROM cases WHERE id = $CASE_ID AND NOT EXISTS (SELECT 1 FROM screening_decisions WHERE case_id = $CASE_ID);
   INSERT INTO organisations (name, kind, created_at, created_by, org_type, regions)
   VALUES ('Bench plan provider', 'supporting-organisation', '2026-01-01', 'bench', 'trust', '$REGION');
   DELETE FROM case_providers WHERE case_id = $CASE_ID;
   INSERT INTO case_providers (case_id, organisation_id, status, since)
   SELECT $CASE_ID, id, 'matched', '2026-01-01' FROM organisations WHERE name = 'Bench plan provider';"
ORG=$(q "SELECT id FROM organisations WHERE name = 'Bench plan provider'")
PASSWORD=bench-password-1
add_user() { # email role secret [extra args]
  local email=$1 role=$2 secret=$3
  shift 3
  echo "$PASSWORD" | "$BIN" user add --db "$DB" --email "$email" --name "Bench $role" --role "$role" \
    --password-stdin --totp-secret "$secret" "$@" >/dev/null || die "cannot add the $role"
}
add_user plan.provider@example.com supporting-organisation JBSWY3DPEHPK3PXP --organisation "$ORG" --org-kind provider
add_user plan.school@example.com school KRSXG5CTMVRXEZLU --organisation "$URN" --org-kind school
add_user plan.partner@example.com delivery-partner MFRGGZDFMZTWQ2LK --region "$REGION"
add_user plan.director@example.com regional-director GEZDGNBVGY3TQOJQ --region "$REGION"
echo "case $CASE_ID (school $URN) of $(q "SELECT count(*) FROM cases") cases;" \
  "$(q "SELECT count(*) FROM cases WHERE programme = 'si-2019-20'") SI 2019/20 cases" >&2

start_rise
sign_in plan.provider@example.com "$PASSWORD" JBSWY3DPEHPK3PXP && PROVIDER=$COOKIE
sign_in plan.school@example.com "$PASSWORD" KRSXG5CTMVRXEZLU && SCHOOL=$COOKIE
sign_in plan.partner@example.com "$PASSWORD" MFRGGZDFMZTWQ2LK && PARTNER=$COOKIE
sign_in plan.director@example.com "$PASSWORD" GEZDGNBVGY3TQOJQ && DIRECTOR=$COOKIE
PLAN=$BASE/plans/$CASE_ID

# The session's CSRF token, from a page of the plan.
token() { # cookie path
  curl -sS -H "Cookie: $1" "$BASE$2" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1
}
# POSTs a form as cookie $1 to path $2 (fields: the --data-urlencode pairs);
# prints "status seconds"; the page goes to $WORK/last.html.
post() { # cookie token path field=value...
  local cookie=$1 tok=$2 path=$3 args=()
  shift 3
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -sS -o "$WORK/last.html" -w '%{http_code} %{time_total}\n' -H "Cookie: $cookie" -H "Origin: $BASE" \
    --data-urlencode "csrf_token=$tok" "${args[@]}" "$BASE$path"
}
must() { # what, then "status seconds"
  local what=$1 out=$2
  [[ ${out%% *} == 303 ]] || {
    sed -n 's/.*govuk-error-summary__list">\(.*\)<\/ul>.*/\1/p' "$WORK/last.html" | sed 's/<[^>]*>/ /g' | head -c 600 >&2
    die "$what gave HTTP ${out%% *}, not 303"
  }
}

# --- 3. the plan, written with the forms ---------------------------------------
echo "writing the plan: 4 areas, 20 actions ..." >&2
PT=$(token "$PROVIDER" "/plans/$CASE_ID/edit/visit")
[[ -n $PT ]] || die "no CSRF token on /plans/$CASE_ID/edit/visit"
D=$(date +%-d) M=$(date +%-m) Y=$(date +%Y)
ED=$(date -d '+60 days' +%-d) EM=$(date -d '+60 days' +%-m) EY=$(date -d '+60 days' +%Y)
must visit "$(post "$PROVIDER" "$PT" "/plans/$CASE_ID/edit/visit" "visit_on-day=$D" "visit_on-month=$M" "visit_on-year=$Y" \
  srma_received=no resource_review=yes send_priority=no)"
AREAS=(leadership governance financial-management whole-school)
AREA_ARGS=()
for a in "${AREAS[@]}"; do AREA_ARGS+=("areas=$a" "area-$a-need=Ofsted found the school's $a needs improvement"); done
must areas "$(post "$PROVIDER" "$PT" "/plans/$CASE_ID/edit/areas" "${AREA_ARGS[@]}")"
n=0
for a in "${AREAS[@]}"; do
  for _ in 1 2 3 4 5; do
    n=$((n + 1))
    must "action $n" "$(post "$PROVIDER" "$PT" "/plans/$CASE_ID/actions/new?area=$a" \
      "action-$n-description=Action $n: coaching and training for the staff who lead $a, with visits to a strong school" \
      "action-$n-responsible=The deputy headteacher" \
      "action-$n-start-day=$D" "action-$n-start-month=$M" "action-$n-start-year=$Y" \
      "action-$n-end-day=$ED" "action-$n-end-month=$EM" "action-$n-end-year=$EY" \
      "action-$n-funded=yes" "action-$n-delivery=other" "action-$n-provider=Bench Leaders Ltd" \
      "action-$n-rationale=No national programme covers this need in the time" \
      "action-$n-outcomes=Better teaching in $a" "action-$n-measures=Termly review of lesson visits" \
      "action-$n-cost-1=250" "action-$n-cost-2=250" "action-$n-cost-3=")"
  done
done
must coordination "$(post "$PROVIDER" "$PT" "/plans/$CASE_ID/edit/coordination" coordination-1=1,000 coordination-2=1,000 coordination-3=)"
curl -sS -o "$WORK/check.html" -H "Cookie: $PROVIDER" "$PLAN/submit"
if grep -q 'govuk-error-summary' "$WORK/check.html"; then
  sed -n 's/.*govuk-error-summary__list">\(.*\)<\/ul>.*/\1/p' "$WORK/check.html" | sed 's/<[^>]*>/ /g' | head -c 600 >&2
  die "the plan breaks rules"
fi
DRAFT_BYTES=$(q "SELECT length(draft) FROM plans WHERE case_id = $CASE_ID")

# --- 4. (a) opening, (b) saving --------------------------------------------------
echo "measuring GET /plans/$CASE_ID x $REQUESTS ..." >&2
OPEN_BYTES=$(curl -sS -o /dev/null -w '%{size_download}' -H "Cookie: $PROVIDER" "$PLAN")
curl_times 20 "$PLAN" "$PROVIDER" >/dev/null
curl_times "$REQUESTS" "$PLAN" "$PROVIDER" >"$WORK/open.times"
OPEN_BAD=$(awk '$1 != 200' "$WORK/open.times" | wc -l)
read -r O50 O95 O99 OMAX <<<"$(pct "$WORK/open.times")"

echo "measuring POST /plans/$CASE_ID/edit/coordination x $REQUESTS ..." >&2
: >"$WORK/save.times"
for ((i = 0; i < REQUESTS; i++)); do
  post "$PROVIDER" "$PT" "/plans/$CASE_ID/edit/coordination" "coordination-1=$((1000 - i % 2))" coordination-2=1,000 coordination-3= \
    >>"$WORK/save.times"
done
SAVE_BAD=$(awk '$1 != 303' "$WORK/save.times" | wc -l)
read -r S50 S95 S99 SMAX <<<"$(pct "$WORK/save.times")"

# --- 5. submit, sign, review, (c) approve, (d) the PDF ----------------------------
must submit "$(post "$PROVIDER" "$PT" "/plans/$CASE_ID/submit")"
ST=$(token "$SCHOOL" "/plans/$CASE_ID/sign")
for role in head chair; do
  must "sign as $role" "$(post "$SCHOOL" "$ST" "/plans/$CASE_ID/sign" "role=$role" "name=Bench $role" \
    "signed-day=$D" "signed-month=$M" "signed-year=$Y" agree=yes)"
done
must review "$(post "$PARTNER" "$(token "$PARTNER" "/plans/$CASE_ID/review")" "/plans/$CASE_ID/review" outcome=accept note=)"
APPROVE=$(post "$DIRECTOR" "$(token "$DIRECTOR" "/plans/$CASE_ID/decision")" "/plans/$CASE_ID/decision" outcome=accept note=Approved)
must approve "$APPROVE"
APPROVE_MS=$(awk -v t="${APPROVE#* }" 'BEGIN { printf "%.2f", t * 1000 }')
PDF_BYTES=$(q "SELECT length(pdf) FROM plan_versions WHERE case_id = $CASE_ID AND version = 1")
echo "measuring GET /plans/$CASE_ID/versions/1/pdf x $REQUESTS ..." >&2
curl_times "$REQUESTS" "$PLAN/versions/1/pdf" "$PROVIDER" >"$WORK/pdf.times"
PDF_BAD=$(awk '$1 != 200' "$WORK/pdf.times" | wc -l)
read -r P50 P95 P99 PMAX <<<"$(pct "$WORK/pdf.times")"
PAGES=""
if command -v pdfinfo >/dev/null 2>&1; then
  curl -sS -o "$WORK/plan.pdf" -H "Cookie: $PROVIDER" "$PLAN/versions/1/pdf"
  PAGES=$(pdfinfo "$WORK/plan.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
fi

# --- the figures -------------------------------------------------------------------
echo "rise $BASE (pid $RISE_PID, $BIN); cores (nproc): $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "database: $(q "SELECT count(*) FROM cases") cases; the plan of case $CASE_ID: 4 areas, 20 actions," \
  "draft $DRAFT_BYTES bytes of JSON"
echo
echo "(a) opening: GET /plans/$CASE_ID ($OPEN_BYTES bytes), $REQUESTS requests"
echo "    p50 ${O50} ms   p95 ${O95} ms   p99 ${O99} ms   max ${OMAX} ms"
((OPEN_BAD == 0)) || echo "    warning: $OPEN_BAD answers were not 200"
echo "(b) saving: POST /plans/$CASE_ID/edit/coordination, $REQUESTS requests"
echo "    p50 ${S50} ms   p95 ${S95} ms   p99 ${S99} ms   max ${SMAX} ms"
((SAVE_BAD == 0)) || echo "    warning: $SAVE_BAD answers were not 303"
echo "(c) approving (renders and stores the PDF, $PDF_BYTES bytes${PAGES:+, $PAGES pages}): POST /plans/$CASE_ID/decision"
echo "    ${APPROVE_MS} ms (one request)"
echo "(d) the stored PDF: GET /plans/$CASE_ID/versions/1/pdf, $REQUESTS requests"
echo "    p50 ${P50} ms   p95 ${P95} ms   p99 ${P99} ms   max ${PMAX} ms"
((PDF_BAD == 0)) || echo "    warning: $PDF_BAD answers were not 200"
