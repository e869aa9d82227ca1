#!/usr/bin/env bash
# Sets up everything (packages, DuckDB, servers' packages), builds, and runs
# the whole test suite. The tests start their own PostgreSQL and MariaDB on
# loopback in a temp dir; nothing on the machine is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --servers
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j"$(nproc)"
cd build && ctest --output-on-failure -j2 "$@"
