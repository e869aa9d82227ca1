#!/usr/bin/env bash
# What checkpoints cost: the same copies with and without --no-checkpoint.
#   bench/checkpoint_overhead.sh [ROWS]      (default 1000000; REPEAT=3)
# SQLite -> PostgreSQL (the checkpoint UPDATE inside each write),
# PostgreSQL -> SQLite (plus the ordered read of a PostgreSQL source) and
# SQLite -> csv (an fsync and a checkpoint file per commit). Starts a
# private PostgreSQL on a free port in a temp dir. The two variants run
# alternately (A B A B ..) so drift on a shared machine hits both alike;
# prints the best and the median of REPEAT runs and the overhead of each.
set -euo pipefail
ROWS=${1:-1000000}
REPEAT=${REPEAT:-3}
FERRY=${FERRY:-build/ferry}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
WORK=$(mktemp -d /tmp/ferry-ckbench.XXXXXX)
AS_PG=()
if [[ $(id -u) == 0 ]]; then AS_PG=(runuser -u postgres --); chown postgres:postgres "$WORK"; fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U bench --auth=trust >/dev/null
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c synchronous_commit=off" start >/dev/null
PG="postgres://bench@127.0.0.1:$PORT"
psql() { command psql -h 127.0.0.1 -p "$PORT" -U bench -X -q "$@"; }
psql -d postgres -c "CREATE DATABASE src" -c "CREATE DATABASE tgt"
psql -d src -c "CREATE TABLE bench AS SELECT i::bigint AS id, md5(i::text) AS name, repeat(md5(i::text), 6) AS body,
  (i % 100000) / 100.0 AS amount, i % 2 = 0 AS flag, timestamp '2024-01-01' + i * interval '1 second' AS at
  FROM generate_series(1, $ROWS) i" -c "ALTER TABLE bench ADD PRIMARY KEY (id)" -c "VACUUM ANALYZE bench"
"$FERRY" copy "$PG/src" "sqlite://$WORK/src.db" --no-progress -q
# run_once RESET CMD..: prints the wall seconds of CMD after RESET.
run_once() {
  local reset=$1; shift
  PGOPTIONS='-c client_min_messages=warning' eval "$reset"
  local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
  python3 -c "print($t1 - $t0)"
}
stats() { python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(min(v), statistics.median(v))" "$@"; }
reset_pg='psql -d tgt -c "DROP TABLE IF EXISTS bench; DROP SCHEMA IF EXISTS ferry CASCADE"'
reset_sqlite='rm -f $WORK/tgt.db'
reset_csv='rm -rf $WORK/csv'
printf '%-18s %15s %15s %17s\n' case "checkpoint" "none" "overhead"
printf '%-18s %15s %15s %17s\n' "" "best / median" "best / median" "best / median"
for c in "sqlite->postgres|$reset_pg|sqlite://$WORK/src.db|$PG/tgt" \
         "postgres->sqlite|$reset_sqlite|$PG/src|sqlite://$WORK/tgt.db" \
         "sqlite->csv|$reset_csv|sqlite://$WORK/src.db|csv://$WORK/csv"; do
  IFS='|' read -r name reset from to <<<"$c"
  with=() without=()
  for _ in $(seq "$REPEAT"); do
    with+=("$(run_once "$reset" "$FERRY" copy "$from" "$to" --no-progress -q)")
    without+=("$(run_once "$reset" "$FERRY" copy "$from" "$to" --no-progress -q --no-checkpoint)")
  done
  read -r wb wm <<<"$(stats "${with[@]}")"
  read -r nb nm <<<"$(stats "${without[@]}")"
  printf '%-18s %6.2f / %5.2fs %6.2f / %5.2fs %+7.1f%% / %+6.1f%%\n' "$name" "$wb" "$wm" "$nb" "$nm" \
    "$(python3 -c "print(($wb/$nb-1)*100)")" "$(python3 -c "print(($wm/$nm-1)*100)")"
done
