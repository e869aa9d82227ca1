#!/usr/bin/env bash
# bench/backup.sh [ROWS]: ferry backup / restore of the bench table (the
# same generated rows as bench/run.sh) against pg_dump -Fd -j2 /
# pg_restore -j2, pg_dump -Fc and COPY ... TO a file, in one run on one
# private PostgreSQL 15. Prints time (s), peak RSS (MB) and bytes on disk.
# Needs: PostgreSQL 15 binaries (scripts/setup.sh --servers), GNU time.
set -euo pipefail
ROWS=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FERRY=${FERRY:-$ROOT/build/ferry}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
WORK=$(mktemp -d /tmp/ferry-backup-bench.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK"/{pg,out,logs}
AS_PG=()
if [[ $(id -u) -eq 0 ]]; then AS_PG=(runuser -u postgres --); chown postgres:postgres "$WORK/pg" "$WORK/out"; fi
PG_STARTED=0
cleanup() {
  [[ $PG_STARTED == 1 ]] && "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1
  [[ ${KEEP:-0} == 1 ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

echo bench >"$WORK/pg/pw"
[[ $(id -u) -eq 0 ]] && chown postgres:postgres "$WORK/pg/pw"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U bench --pwfile="$WORK/pg/pw" --auth-local=trust \
  --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$WORK/logs/initdb.log" 2>&1
PORT=$((20000 + RANDOM % 40000))
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
  -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c synchronous_commit=off" start >/dev/null
PG_STARTED=1
export PGPASSWORD=bench PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=bench
pgq() { psql -X -q -tA -d "$1" -c "$2"; }
URI() { echo "postgres://bench:bench@127.0.0.1:$PORT/$1"; }

pgq postgres "CREATE DATABASE src" >/dev/null
psql -X -q -d src -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE bench (id bigint, short_text varchar(32), long_text text, amount numeric(12,2), flag boolean,
  created timestamp, day date, doc jsonb, payload bytea, ratio double precision, PRIMARY KEY (id));
INSERT INTO bench
SELECT i,
       CASE WHEN i % 50 = 0 THEN NULL ELSE left(md5(i::text), 4 + (i % 29)::int) END,
       repeat(md5(i::text) || ' ', 6)
         || CASE WHEN i % 10 = 0 THEN E'tab\there\nnew line "q" it''s back\\\\slash \u00fcn\u00ef\u20acode' ELSE '' END,
       ((i * 7919) % 100000000) / 100.0,
       CASE WHEN i % 31 = 0 THEN NULL ELSE i % 3 = 0 END,
       timestamp '2020-01-01' + i * interval '1 second' + (i % 1000) * interval '1 millisecond',
       date '2000-01-01' + (i % 20000)::int,
       jsonb_build_object('id', i, 'tag', substr(md5(i::text), 1, 6), 'even', i % 2 = 0, 'n', i % 100),
       substring(decode(md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text) || md5((i + 3)::text), 'hex')
                 FROM 1 FOR 16 + (i % 49)::int),
       CASE WHEN i % 2 = 0 THEN -1 ELSE 1 END * sqrt(i::float8) / 7
FROM generate_series(1::bigint, $ROWS) AS i;
VACUUM ANALYZE bench;
SQL
FP="SELECT count(*), sum(id), sum(char_length(long_text)), sum(octet_length(payload)), sum(amount) FROM bench"
SRC_FP=$(pgq src "$FP")

# run LABEL CMD...: wall seconds and peak RSS (MB) of CMD.
declare -a TABLE
run() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/logs/time" "$@" >"$WORK/logs/$label.log" 2>&1 ||
    { cat "$WORK/logs/$label.log" >&2; echo "bench: $label failed" >&2; exit 1; }
  read -r sec kb <"$WORK/logs/time"
  LAST_SEC=$sec
  LAST_RSS=$((kb / 1024))
}
size() { du -sb "$1" | cut -f1; }
row() { TABLE+=("$(printf '| %-34s | %7s | %7s | %12s |' "$1" "$2" "$3" "$4")"); }

pgq src "CHECKPOINT" >/dev/null
run ferry_backup "$FERRY" backup "$(URI src)" "$WORK/out/ferry" --no-progress --name bench
ARCHIVE=$(ls -d "$WORK"/out/ferry/bench-*)
row "ferry backup (archive, zstd Parquet)" "$LAST_SEC" "$LAST_RSS" "$(size "$ARCHIVE")"
run pg_dump_fd "${AS_PG[@]}" env PGPASSWORD=bench pg_dump -h 127.0.0.1 -p "$PORT" -U bench -Fd -j2 -f "$WORK/out/fd" src
row "pg_dump -Fd -j2" "$LAST_SEC" "$LAST_RSS" "$(size "$WORK/out/fd")"
run pg_dump_fc "${AS_PG[@]}" env PGPASSWORD=bench pg_dump -h 127.0.0.1 -p "$PORT" -U bench -Fc -f "$WORK/out/fc.dump" src
row "pg_dump -Fc" "$LAST_SEC" "$LAST_RSS" "$(size "$WORK/out/fc.dump")"
run copy_to psql -X -q -d src -c "\\copy bench TO '$WORK/out/bench.copy'"
row "COPY bench TO file (text)" "$LAST_SEC" "$LAST_RSS" "$(size "$WORK/out/bench.copy")"

for db in r_ferry r_pgrestore r_copy; do pgq postgres "CREATE DATABASE $db" >/dev/null; done
run ferry_restore "$FERRY" restore "$ARCHIVE" "$(URI r_ferry)" --no-progress
row "ferry restore (archive -> pg)" "$LAST_SEC" "$LAST_RSS" ""
[[ $(pgq r_ferry "$FP") == "$SRC_FP" ]] || { echo "bench: restored rows differ" >&2; exit 1; }
run pg_restore "${AS_PG[@]}" env PGPASSWORD=bench pg_restore -h 127.0.0.1 -p "$PORT" -U bench -j2 -d r_pgrestore "$WORK/out/fd"
row "pg_restore -j2 (from -Fd)" "$LAST_SEC" "$LAST_RSS" ""
run ferry_copy "$FERRY" copy "$(URI src)" "$(URI r_copy)" --no-progress
row "ferry copy pg -> pg (same target)" "$LAST_SEC" "$LAST_RSS" ""

echo
echo "$ROWS rows, $(pgq src "SELECT pg_size_pretty(pg_total_relation_size('bench'))") in PostgreSQL; $(nproc) cores"
printf '| %-34s | %7s | %7s | %12s |\n' "tool" "time s" "RSS MB" "bytes"
printf '|%s|%s|%s|%s|\n' "------------------------------------" "---------" "---------" "--------------"
printf '%s\n' "${TABLE[@]}"
