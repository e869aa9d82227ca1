#!/usr/bin/env bash
# Installs what ferry needs to build and test on Debian 12, then fetches
# DuckDB's official prebuilt library (npm registry, pinned + checksummed)
# into third_party/duckdb. Idempotent: re-running skips what is present.
#   scripts/setup.sh            build dependencies only
#   scripts/setup.sh --servers  also PostgreSQL 15, MariaDB 10.11, pgloader (tests, bench)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PKGS=(build-essential cmake ninja-build pkg-config libpq-dev libmariadb-dev
  libsqlite3-dev sqlite3 libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libfmt-dev
  libxxhash-dev libgtest-dev libgmock-dev libbenchmark-dev libssl-dev
  help2man)  # help2man: man pages from --help at build time
SERVER_PKGS=(postgresql-15 postgresql-client-15 mariadb-server mariadb-client pgloader chromium
  openssl)  # openssl: the test MariaDB's private CA and TLS certificate; chromium: the HTML report test

pkgs=("${BUILD_PKGS[@]}")
[[ "${1:-}" == "--servers" ]] && pkgs+=("${SERVER_PKGS[@]}")

# npm fetches DuckDB; the machine's Node.js may come from outside Debian.
command -v npm >/dev/null 2>&1 || pkgs+=(npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  # The server packages try to start their services; tests start their own.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# DuckDB 1.4.4: libduckdb.so from @duckdb/node-bindings-linux-x64, duckdb.h
# from the duckdb package of the same release. Checksums pinned here.
DUCKDB_DIR=third_party/duckdb
LIB_PKG="@duckdb/node-bindings-linux-x64@1.4.4-r.4"
LIB_SHA=732fac4dc6b8f198870b9c4bb6ddf13544466daca00ad28ba2f1d80de5d7aa4b
HDR_PKG="duckdb@1.4.4"
HDR_SHA=5bb967dcbcd517670ba5f169f238fb9d6787e53752c60ebe24386169d76941ed
if [[ ! -f $DUCKDB_DIR/libduckdb.so || ! -f $DUCKDB_DIR/duckdb.h ]]; then
  echo "setup: fetching DuckDB 1.4.4 from the npm registry"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$LIB_PKG" "$HDR_PKG" >/dev/null 2>&1)
  lib_tgz=$(ls "$tmp"/duckdb-node-bindings-linux-x64-*.tgz)
  hdr_tgz=$(ls "$tmp"/duckdb-1.4.4.tgz)
  echo "$LIB_SHA  $lib_tgz" | sha256sum -c --quiet
  echo "$HDR_SHA  $hdr_tgz" | sha256sum -c --quiet
  mkdir -p "$DUCKDB_DIR"
  tar -xzf "$lib_tgz" -C "$tmp" package/libduckdb.so
  cp "$tmp/package/libduckdb.so" "$DUCKDB_DIR/"
  tar -xzf "$hdr_tgz" -C "$tmp" package/src/duckdb/src/include/duckdb.h
  cp "$tmp/package/src/duckdb/src/include/duckdb.h" "$DUCKDB_DIR/"
fi
echo "setup: ok"
