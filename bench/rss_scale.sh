#!/usr/bin/env bash
# bench/rss_scale.sh [ROWS...]  (default: 1000000 10000000)
#
# Peak RSS (and time) of `ferry copy` as the table grows: one SQLite table
# of 10 columns (text, long text, decimal, boolean, text timestamp, date,
# JSON text, blob, real) made with sqlite3's recursive CTE at each size,
# copied into a private PostgreSQL 15 and into a DuckDB file. ferry streams
# (bounded batch queue, one COPY per commit, DuckDB's memory limit), so its
# peak RSS should not grow with the row count: this prints it per size so
# that claim is measured, not assumed (issue 17 part 8). Needs sqlite3 and
# PostgreSQL 15 (`scripts/setup.sh --servers`).
#
# Environment: FERRY (binary, default build/ferry), FERRY_ARGS (default
# --no-progress), PG_BIN, KEEP=1 (keep the temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000000 10000000)
FERRY=${FERRY:-build/ferry}
FERRY_ARGS=${FERRY_ARGS:---no-progress}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
die() { echo "rss_scale: $*" >&2; exit 1; }
[[ -x $FERRY ]] || die "no ferry binary at $FERRY (build first)"
command -v sqlite3 >/dev/null || die "sqlite3 is missing (apt-get install sqlite3)"
[[ -x $PG_BIN/pg_ctl ]] || die "PostgreSQL 15 is missing at $PG_BIN"

WORK=$(mktemp -d /tmp/ferry-rss.XXXXXX)
AS_PG=(); [[ $(id -u) -eq 0 ]] && { chown postgres "$WORK"; AS_PG=(runuser -u postgres --); }
cleanup() {
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U bench --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 ||
  { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c synchronous_commit=off" start >/dev/null ||
  { cat "$WORK/pg.log" >&2; die "PostgreSQL failed to start"; }
PG="postgres://bench@127.0.0.1:$PORT/postgres"

make_sqlite() {  # FILE ROWS
  sqlite3 "$1" >/dev/null <<SQL
PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
CREATE TABLE bench (id INTEGER PRIMARY KEY, short_text TEXT, long_text TEXT, amount DECIMAL(12,2),
  flag BOOLEAN, created TEXT, day DATE, doc JSON, payload BLOB, ratio REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO bench SELECT i, CASE WHEN i % 50 = 0 THEN NULL ELSE substr(hex(randomblob(16)), 1, 4 + i % 29) END,
  hex(randomblob(48)) || ' ' || i, ((i * 7919) % 100000000) / 100.0, i % 3 = 0,
  strftime('%Y-%m-%d %H:%M:%f', 1577836800 + i, 'unixepoch'), date(10957 + i % 20000, 'unixepoch'),
  json_object('id', i, 'even', i % 2 = 0, 'n', i % 100), randomblob(16 + i % 49), (i % 1000) / 7.0
FROM n;
SQL
}

# run LABEL cmd... -> "LABEL  seconds  peak RSS MB"
run() {
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >"$WORK/out.log" 2>&1 || { cat "$WORK/out.log" >&2; die "$label failed"; }
  read -r secs kb <"$WORK/time"
  printf '%-36s %8s s %8.1f MB\n' "$label" "$secs" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
}

echo "ferry: $FERRY ($($FERRY --version 2>/dev/null | head -1)), $(nproc) cores"
for rows in "${SIZES[@]}"; do
  db="$WORK/src_$rows.db"
  make_sqlite "$db" "$rows"
  echo "-- $rows rows ($(du -h "$db" | cut -f1) SQLite file)"
  # shellcheck disable=SC2086
  run "sqlite -> postgres" "$FERRY" copy "sqlite://$db" "$PG" --drop $FERRY_ARGS
  # shellcheck disable=SC2086
  run "sqlite -> duckdb" "$FERRY" copy "sqlite://$db" "duckdb://$WORK/dst_$rows.duckdb" $FERRY_ARGS
  rm -f "$db" "$WORK/dst_$rows.duckdb"
done
