#!/usr/bin/env bash
# The main job on an embedded default, no server needed: build ferry,
# generate a sample SQLite application database, copy it to DuckDB, and
# summarise what arrived.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build ferry
out=${FERRY_DEMO_DIR:-$(mktemp -d)}
rm -f "$out/demo.db" "$out/demo.duckdb"
sqlite3 "$out/demo.db" < samples/demo.sql
echo "== sample SQLite database: $out/demo.db"
build/ferry copy "sqlite://$out/demo.db" "duckdb://$out/demo.duckdb" --reject-file "$out/rejects.jsonl" --verify
echo
echo "== what arrived in DuckDB"
build/ferry inspect "duckdb://$out/demo.duckdb"
