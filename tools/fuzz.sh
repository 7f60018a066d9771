#!/usr/bin/env bash
#
# fuzz.sh - build and run the libFuzzer harnesses in tests/fuzz/.
#
# Usage: tools/fuzz.sh [harness...]     (default: query form cookie header csv forwarded jwt totp)
#
# Each harness tests/fuzz/fuzz_<name>.c is built with clang, libFuzzer, ASan
# and UBSan into build/fuzz/fuzz_<name>, then run for FUZZ_SECONDS (default
# 30) on a working corpus in build/fuzz/corpus/<name>, which is seeded from
# tests/fuzz/corpus/<name> and kept between runs. Crash inputs land in
# build/fuzz/artifacts/<name>/ and the full log in build/fuzz/<name>.log.
#
# Prints one line per harness; exits 1 if any harness found a crash (or
# failed to build or run), 0 otherwise.
#
# Environment: FUZZ_SECONDS (run time per harness), CC (default clang),
# FUZZ_ARGS (extra libFuzzer flags, e.g. "-jobs=4 -workers=4").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${FUZZ_SECONDS:-30}"
cc="${CC:-clang}"
if ! command -v "$cc" >/dev/null 2>&1; then
    if command -v clang-14 >/dev/null 2>&1; then
        cc=clang-14
    else
        echo "fuzz.sh: clang not found (set CC)" >&2
        exit 2
    fi
fi

if [ "$#" -gt 0 ]; then
    harnesses=("$@")
else
    harnesses=(query form cookie header csv forwarded jwt totp)
fi

# UBSan only reports by default; make every finding fatal so it counts.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

out=build/fuzz
mkdir -p "$out"

# Last value of a "key: value" libFuzzer stat in a log ("?" when absent).
fuzz_stat() {
    local v
    v=$(grep -o "$1: *[0-9]*" "$2" 2>/dev/null | tail -n 1 | sed 's/.*: *//' || true)
    echo "${v:-?}"
}

failed=0
for name in "${harnesses[@]}"; do
    src="tests/fuzz/fuzz_${name}.c"
    bin="$out/fuzz_${name}"
    log="$out/${name}.log"
    corpus="$out/corpus/${name}"
    seeds="tests/fuzz/corpus/${name}"
    artifacts="$out/artifacts/${name}/"

    if [ ! -f "$src" ]; then
        printf '%-14s ERROR  no such harness: %s\n' "fuzz_${name}" "$src"
        failed=1
        continue
    fi

    if ! "$cc" -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
        src/core/buf.c src/core/kv.c src/core/csv.c src/core/forwarded.c src/notify/jwt.c src/domain/totp.c "$src" -o "$bin" \
        $(pkg-config --cflags --libs libsodium jansson liboath) -lpthread >"$log" 2>&1; then
        printf '%-14s ERROR  build failed, see %s\n' "fuzz_${name}" "$log"
        failed=1
        continue
    fi

    mkdir -p "$corpus" "$artifacts"
    if [ -d "$seeds" ]; then
        for f in "$seeds"/*; do
            [ -f "$f" ] || continue
            [ -e "$corpus/$(basename "$f")" ] || cp "$f" "$corpus/"
        done
    fi

    rc=0
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
    "./$bin" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$artifacts" ${FUZZ_ARGS:-} "$corpus" >>"$log" 2>&1 || rc=$?

    runs=$(fuzz_stat 'stat::number_of_executed_units' "$log")
    eps=$(fuzz_stat 'stat::average_exec_per_sec' "$log")
    cov=$(fuzz_stat 'cov' "$log")
    units=$(find "$corpus" -type f | wc -l | tr -d ' ')

    # libFuzzer exits non-zero on a crash, sanitizer report, leak, timeout
    # or OOM, having written the input to $artifacts.
    if [ "$rc" -eq 0 ]; then
        printf '%-14s OK     %ss  runs=%s  exec/s=%s  cov=%s  corpus=%s\n' \
            "fuzz_${name}" "$seconds" "$runs" "$eps" "$cov" "$units"
    else
        first=$(find "$artifacts" -type f -printf '%T@ %p\n' 2>/dev/null |
            sort -rn | head -n 1 | cut -d' ' -f2- || true)
        printf '%-14s CRASH  exit=%s  runs=%s  artifact=%s  log=%s\n' \
            "fuzz_${name}" "$rc" "$runs" "${first:-none}" "$log"
        failed=1
    fi
done

exit "$failed"
