#!/usr/bin/env bash
# deps.sh GROUP... - installs what rise needs on Debian 12, and only what is
# missing, so that `make run` and `make test` work on a fresh machine.
#
# Groups: build (compile and serve), test (the test suites), fuzz (libFuzzer),
# bench (load tests). Debian packages come from Debian 12 "bookworm" (its
# versions are fixed within the release; CMake checks the minimum versions it
# needs); npm packages are pinned exactly by package-lock.json and installed
# with `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A GROUP=(
  [build]="gcc make cmake pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev libjansson-dev libcurl4-openssl-dev liboath-dev libhpdf-dev tzdata"
  [test]="libcmocka-dev sqlite3 chromium fonts-liberation poppler-utils"
  [fuzz]="clang libclang-rt-14-dev"
  [bench]="wrk nginx-light curl time bc sqlite3"
)

want=()
for g in "$@"; do
  [[ -n "${GROUP[$g]:-}" ]] || { echo "deps.sh: unknown group '$g'" >&2; exit 2; }
  # shellcheck disable=SC2206
  want+=(${GROUP[$g]})
done
# every group needs the build group, and node for the front-end assets
want+=(${GROUP[build]})
command -v node >/dev/null 2>&1 || want+=(nodejs)
command -v npm >/dev/null 2>&1 || want+=(npm)

missing=()
for p in "${want[@]}"; do
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != "installed" ]]; then
    missing+=("$p")
  fi
done
# de-duplicate
if ((${#missing[@]})); then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
fi

if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "deps.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  if [[ -r /etc/os-release ]] && ! grep -q 'VERSION_CODENAME=bookworm' /etc/os-release; then
    echo "deps.sh: warning: this is not Debian 12 (bookworm); package names may differ" >&2
  fi
  echo "deps.sh: installing ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# front-end packages, exactly as locked
stamp=node_modules/.rise-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "deps.sh: npm ci (versions pinned by package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
