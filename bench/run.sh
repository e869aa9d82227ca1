#!/usr/bin/env bash
# bench/run.sh [ROWS]  (default 1000000; `bench/run.sh 100000` for a quick run)
#
# Compares `ferry copy` side by side with pgloader and with each target
# engine's own raw ingest of a prepared file, on one deterministic dataset,
# and prints seconds, rows/s, peak RSS and ratios. Starts a private
# PostgreSQL 15 and MariaDB 10.11 on loopback in a temp dir; needs
# `scripts/setup.sh --servers` first. See bench/README.md.
#
# Environment: FERRY (binary, default build/ferry, built Release if missing),
# FERRY_ARGS (default --no-progress), REPEAT (runs per measurement, best time
# kept, default 1), KEEP=1 (keep the temp dir), PGLOADER_TUNED=1 (always also
# run pgloader with smaller batches), CASES (which of a b c d e f g to run,
# default all), PG_BIN, PYTHON.
set -euo pipefail

ROWS=${1:-${ROWS:-1000000}}
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/run.sh [ROWS]" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
FERRY=${FERRY:-build/ferry}
FERRY_ARGS=${FERRY_ARGS:---no-progress}
REPEAT=${REPEAT:-1}
KEEP=${KEEP:-0}
CASES=${CASES:-a b c d e f g}
PGLOADER=${PGLOADER:-1}  # 0: leave pgloader out of cases a and b (ferry vs raw only)
want() { [[ " $CASES " == *" $1 "* ]]; }
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PYTHON=${PYTHON:-python3}
LIBDUCKDB=$ROOT/third_party/duckdb/libduckdb.so

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- prerequisites
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
if [[ ! -x /usr/bin/time ]]; then
  say "installing GNU time (/usr/bin/time)"
  $SUDO apt-get install -y -qq time >/dev/null
fi
for t in psql mariadb mariadbd mariadb-install-db mariadb-admin pgloader "$PG_BIN/initdb" "$PG_BIN/pg_ctl"; do
  command -v "$t" >/dev/null 2>&1 || die "$t not found: run scripts/setup.sh --servers"
done

if [[ ! -x $FERRY ]]; then
  bdir=$(dirname "$FERRY")
  say "building ferry (Release) in $bdir"
  cmake -S "$ROOT" -B "$bdir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  nice ninja -C "$bdir" -j"${BUILD_JOBS:-1}" ferry
fi
[[ -x $FERRY ]] || die "no ferry binary at $FERRY"
FERRY=$(cd "$(dirname "$FERRY")" && pwd)/$(basename "$FERRY")
btype=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$FERRY")/CMakeCache.txt" 2>/dev/null || true)
[[ -z $btype || $btype == Release || $btype == RelWithDebInfo ]] ||
  echo "bench: warning: $FERRY is a '$btype' build; numbers are not representative" >&2
[[ -z $btype ]] && echo "bench: warning: cannot tell the build type of $FERRY (use a Release build)" >&2

# ---------------------------------------------------------------- temp dir, cleanup
WORK=$(mktemp -d /tmp/ferry-bench.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK"/{pg,maria/data,data,files,logs}
AS_PG=()
if [[ $(id -u) -eq 0 ]]; then
  AS_PG=(runuser -u postgres --)
  chown postgres:postgres "$WORK/pg" "$WORK/files"
fi
PG_STARTED=0
MY_PID=""
cleanup() {
  local rc=$?
  set +e
  [[ $PG_STARTED == 1 ]] && "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1
  if [[ -n $MY_PID ]]; then
    kill "$MY_PID" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$MY_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$MY_PID" 2>/dev/null
    wait "$MY_PID" 2>/dev/null
  fi
  if [[ $KEEP == 1 || $rc -ne 0 && -n ${KEEP_ON_FAIL:-} ]]; then
    echo "bench: kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    port_open "$p" || { echo "$p"; return 0; }
  done
  return 1
}

# ---------------------------------------------------------------- PostgreSQL
say "starting PostgreSQL 15 and MariaDB in $WORK"
echo bench >"$WORK/pg/pw"
[[ $(id -u) -eq 0 ]] && chown postgres:postgres "$WORK/pg/pw"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U bench --pwfile="$WORK/pg/pw" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$WORK/logs/initdb.log" 2>&1 ||
  { cat "$WORK/logs/initdb.log" >&2; die "initdb failed"; }
PG_PORT=$(free_port)
# Defaults, except synchronous_commit=off (applies to every tool alike).
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c synchronous_commit=off" \
  start >/dev/null || { cat "$WORK/pg/log" >&2; die "PostgreSQL failed to start"; }
PG_STARTED=1
export PGPASSWORD=bench
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U bench)  # an array: /usr/bin/time runs it
psqlx() { local db=$1; shift; "${PSQL[@]}" -d "$db" "$@"; }
pgq() { psqlx "$1" -tA -c "$2"; }
PG_URI() { echo "postgres://bench:bench@127.0.0.1:$PG_PORT/$1"; }

# ---------------------------------------------------------------- MariaDB
MY_SOCK=$WORK/maria/mysqld.sock
ROOTOPT=(); [[ $(id -u) -eq 0 ]] && ROOTOPT=(--user=root)
mariadb-install-db --no-defaults --datadir="$WORK/maria/data" --auth-root-authentication-method=normal \
  --skip-test-db "${ROOTOPT[@]}" >"$WORK/logs/mariadb-install.log" 2>&1 ||
  { cat "$WORK/logs/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
MY_PORT=$(free_port)
# innodb_flush_log_at_trx_commit=2 is MariaDB's synchronous_commit=off; otherwise defaults.
mariadbd --no-defaults --datadir="$WORK/maria/data" --socket="$MY_SOCK" --port="$MY_PORT" \
  --bind-address=127.0.0.1 --local-infile=1 --skip-log-bin --innodb-flush-log-at-trx-commit=2 \
  --log-error="$WORK/maria/error.log" --pid-file="$WORK/maria/mysqld.pid" "${ROOTOPT[@]}" \
  >/dev/null 2>&1 &
MY_PID=$!
for _ in $(seq 300); do
  mariadb-admin --no-defaults -uroot -S "$MY_SOCK" ping >/dev/null 2>&1 && break
  kill -0 "$MY_PID" 2>/dev/null || break
  sleep 0.1
done
mariadb-admin --no-defaults -uroot -S "$MY_SOCK" ping >/dev/null 2>&1 ||
  { cat "$WORK/maria/error.log" >&2; die "MariaDB failed to start"; }
mariadb --no-defaults -uroot -S "$MY_SOCK" -e "
  CREATE USER 'bench'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('bench');
  GRANT ALL PRIVILEGES ON *.* TO 'bench'@'%' WITH GRANT OPTION;
  CREATE USER 'bench'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('bench');
  GRANT ALL PRIVILEGES ON *.* TO 'bench'@'localhost' WITH GRANT OPTION;
  FLUSH PRIVILEGES;"
MYSQL=(env MYSQL_PWD=bench mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -u bench --local-infile=1 -N -B)
myx() { local db=$1; shift; if [[ -n $db ]]; then "${MYSQL[@]}" -D "$db" "$@"; else "${MYSQL[@]}" "$@"; fi; }
MY_URI() { echo "mysql://bench:bench@127.0.0.1:$MY_PORT/$1"; }

# ---------------------------------------------------------------- measuring
# run_timed LOG cmd...  -> T_SEC, T_RSS (kB), T_RC
run_timed() {
  local log=$1 t0 t1; shift
  t0=$(date +%s.%N)
  set +e
  # stdin from /dev/null: pgloader's SBCL drops into its debugger (ldb) on a fatal error.
  /usr/bin/time -f '%M' -o "$WORK/time.out" "$@" </dev/null >"$log" 2>&1
  T_RC=$?
  set -e
  t1=$(date +%s.%N)
  T_SEC=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  T_RSS=$(tail -n 1 "$WORK/time.out" 2>/dev/null || echo 0)
  [[ $T_RSS =~ ^[0-9]+$ ]] || T_RSS=0
}

R_CASE=(); R_TOOL=(); R_SEC=(); R_RSS=(); R_STATUS=(); R_NOTE=()
declare -A RAW_SEC=() BEST=()
SETUP_LINES=()

record() { # case tool sec rss status note
  R_CASE+=("$1"); R_TOOL+=("$2"); R_SEC+=("$3"); R_RSS+=("$4"); R_STATUS+=("$5"); R_NOTE+=("$6")
  BEST["$1|$2"]=$3
}

setup_step() { # label log cmd...
  local label=$1 log=$2; shift 2
  say "setup: $label"
  run_timed "$log" "$@"
  if [[ $T_RC -ne 0 ]]; then tail -n 30 "$log" >&2; die "setup step failed: $label"; fi
  SETUP_LINES+=("$(printf '%-34s %8.2f s %10s rows/s %8.1f MB' "$label" "$T_SEC" \
    "$(awk -v n="$ROWS" -v s="$T_SEC" 'BEGIN { printf "%.0f", n / s }')" \
    "$(awk -v k="$T_RSS" 'BEGIN { printf "%.1f", k / 1024 }')")")
}

# Target resets (not timed).
reset_pg_tgt() { pgq postgres "DROP DATABASE IF EXISTS tgt WITH (FORCE)" >/dev/null; pgq postgres "CREATE DATABASE tgt" >/dev/null; }
reset_my_tgt() { myx "" -e "DROP DATABASE IF EXISTS tgt; CREATE DATABASE tgt CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"; }
reset_duck_tgt() { rm -f "$WORK/data/tgt.duckdb" "$WORK/data/tgt.duckdb.wal"; }

# Row counts and a cheap content fingerprint, per engine (table `bench`, any schema).
pg_schema() { pgq "$1" "SELECT table_schema FROM information_schema.tables WHERE table_name = 'bench' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_schema = 'public' DESC LIMIT 1"; }
pg_count() { local s; s=$(pg_schema "$1") && [[ -n $s ]] && pgq "$1" "SELECT count(*) FROM \"$s\".bench" || echo "none"; }
pg_fp() { local s; s=$(pg_schema "$1") && [[ -n $s ]] && pgq "$1" "SELECT count(*), sum(id), sum(char_length(long_text)), sum(octet_length(payload)), sum(flag::int), sum(amount) FROM \"$s\".bench" 2>/dev/null | tr '|' ' ' || echo "n/a"; }
my_count() { myx "$1" -e "SELECT count(*) FROM bench" 2>/dev/null || echo "none"; }
my_fp() { myx "$1" -e "SELECT count(*), sum(id), sum(char_length(long_text)), sum(length(payload)), sum(flag), sum(amount) FROM bench" 2>/dev/null | tr '\t' ' ' || echo "n/a"; }
HAVE_PY=0
"$PYTHON" -c 'import ctypes' >/dev/null 2>&1 && [[ -f $LIBDUCKDB ]] && HAVE_PY=1
DUCK=("$PYTHON" "$ROOT/bench/duckdb_sql.py" "$LIBDUCKDB")
duck() { "${DUCK[@]}" "$@"; }
duck_count() { duck "$1" "SELECT count(*) FROM bench" 2>/dev/null || echo "none"; }
duck_fp() { duck "$1" "SELECT count(*), sum(id), sum(length(long_text)), sum(octet_length(payload)), sum(flag::int), sum(amount) FROM bench" 2>/dev/null | tr '\t' ' ' || echo "n/a"; }

# measure CASE TOOL RESETFN COUNTFN DB FPFN -- cmd...
# Runs REPEAT times (reset before each), keeps the best time and the highest RSS.
# ferry and raw runs must produce ROWS rows (abort otherwise); other tools are
# marked failed and the bench goes on.
measure() {
  local case=$1 tool=$2 reset=$3 countfn=$4 db=$5 fpfn=$6; shift 7
  local best="" rss=0 status=ok note="" n fp log
  for r in $(seq "$REPEAT"); do
    $reset
    log="$WORK/logs/${case//[^a-z0-9]/_}-${tool//[^a-z0-9]/_}-$r.log"
    LAST_LOG=$log
    say "$case: $tool (run $r/$REPEAT)"
    run_timed "$log" "$@"
    n=$($countfn "$db")
    if [[ $T_RC -ne 0 || $n != "$ROWS" ]]; then
      echo "bench: $case / $tool: exit $T_RC, $n rows in the target (want $ROWS); log tail:" >&2
      tail -n 25 "$log" | sed 's/^/    /' >&2
      [[ $tool == pgloader* ]] || die "$case / $tool did not copy all rows"
      status=failed; note="exit $T_RC, $n rows"; best=${best:-$T_SEC}
      break
    fi
    if [[ -z $best ]] || awk -v a="$T_SEC" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$T_SEC; fi
    if ((T_RSS > rss)); then rss=$T_RSS; fi
  done
  if [[ $status == ok && -n $fpfn && -n ${SRC_FP:-} ]]; then
    fp=$($fpfn "$db")
    [[ $fp == "$SRC_FP" ]] || { note="content fingerprint differs"; echo "bench: $case / $tool: fingerprint [$fp] != source [$SRC_FP]" >&2; }
  fi
  record "$case" "$tool" "$best" "$rss" "$status" "$note"
}

# ---------------------------------------------------------------- dataset
COLS_PG="id bigint, short_text varchar(32), long_text text, amount numeric(12,2), flag boolean,
  created timestamp, day date, doc jsonb, payload bytea, ratio double precision"
pgq postgres "CREATE DATABASE src" >/dev/null
cat >"$WORK/gen.sql" <<SQL
CREATE TABLE bench ($COLS_PG, PRIMARY KEY (id));
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
ANALYZE bench;
SQL
setup_step "generate $ROWS rows in PostgreSQL" "$WORK/logs/gen.log" "${PSQL[@]}" -d src -f "$WORK/gen.sql"
SRC_FP=$(pg_fp src)
echo "source: $(pgq src "SELECT pg_size_pretty(pg_total_relation_size('bench'))"), fingerprint [$SRC_FP]" >&2

SQLITE_DB=$WORK/data/bench.db
setup_step "ferry postgres -> sqlite" "$WORK/logs/setup-sqlite.log" \
  "$FERRY" copy "$(PG_URI src)" "sqlite://$SQLITE_DB" $FERRY_ARGS
[[ $(sqlite3 "$SQLITE_DB" "SELECT count(*) FROM bench") == "$ROWS" ]] || die "setup: SQLite copy is incomplete"
myx "" -e "CREATE DATABASE src CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
setup_step "ferry postgres -> mariadb" "$WORK/logs/setup-mariadb.log" \
  "$FERRY" copy "$(PG_URI src)" "$(MY_URI src)" $FERRY_ARGS
[[ $(my_count src) == "$ROWS" ]] || die "setup: MariaDB copy is incomplete"

# Raw input files, written by the PostgreSQL server itself.
BIN=$WORK/files/bench.bin TSV=$WORK/files/bench.tsv CSV=$WORK/files/bench.csv
setup_step "prepare raw files (COPY TO)" "$WORK/logs/prepare.log" "${PSQL[@]}" -d src \
  -c "COPY (SELECT id, short_text, long_text, amount, flag, created, day, doc::json, payload, ratio
            FROM bench ORDER BY id) TO '$BIN' (FORMAT binary)" \
  -c "COPY (SELECT id, short_text, long_text, amount, flag::int, created, day, doc, encode(payload, 'hex'), ratio
            FROM bench ORDER BY id) TO '$TSV' (FORMAT text)" \
  -c "COPY (SELECT id, short_text, long_text, amount, flag::int AS flag, created, day, doc, encode(payload, 'hex') AS payload, ratio
            FROM bench ORDER BY id) TO '$CSV' (FORMAT csv, HEADER)"
chmod a+r "$WORK"/files/*
echo "files: sqlite $(du -h "$SQLITE_DB" | cut -f1), binary $(du -h "$BIN" | cut -f1), tsv $(du -h "$TSV" | cut -f1), csv $(du -h "$CSV" | cut -f1)" >&2

# ---------------------------------------------------------------- raw ingest scripts
# Same columns as ferry creates from a SQLite or MariaDB source (doc is json
# there, as SQLite and MariaDB have no binary JSON); the PK comes after the data.
cat >"$WORK/raw_pg.sql" <<SQL
CREATE TABLE bench (${COLS_PG/jsonb/json});
COPY bench FROM '$BIN' (FORMAT binary);
ALTER TABLE bench ADD PRIMARY KEY (id);
SQL
cat >"$WORK/raw_my.sql" <<SQL
CREATE TABLE bench (
  id BIGINT NOT NULL, short_text VARCHAR(32), long_text LONGTEXT, amount DECIMAL(12,2),
  flag TINYINT(1), created DATETIME(6), day DATE, doc JSON, payload LONGBLOB, ratio DOUBLE,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
LOAD DATA LOCAL INFILE '$TSV' INTO TABLE bench CHARACTER SET utf8mb4
  (id, short_text, long_text, amount, flag, created, day, doc, @payload, ratio)
  SET payload = UNHEX(@payload);
SQL
RAW_DUCK_SQL="CREATE TABLE bench (id BIGINT PRIMARY KEY, short_text VARCHAR, long_text VARCHAR,
  amount DECIMAL(12,2), flag BOOLEAN, created TIMESTAMP, day DATE, doc JSON, payload BLOB, ratio DOUBLE);
INSERT INTO bench SELECT id, short_text, long_text, amount, flag::BOOLEAN, created, day, doc::JSON, unhex(payload), ratio
FROM read_csv('$CSV', header = true, allow_quoted_nulls = false, columns = {
  'id': 'BIGINT', 'short_text': 'VARCHAR', 'long_text': 'VARCHAR', 'amount': 'DECIMAL(12,2)',
  'flag': 'INTEGER', 'created': 'TIMESTAMP', 'day': 'DATE', 'doc': 'VARCHAR', 'payload': 'VARCHAR',
  'ratio': 'DOUBLE'});"

PGL=(pgloader --root-dir "$WORK/pgloader" --no-ssl-cert-verification)
# pgloader reads SQLite's declared types: ferry declares DECIMAL_TEXT(p,s) and
# JSON_TEXT (so the logical type survives), which pgloader has no rule for, and
# pgloader's default REAL -> real loses precision and prints doubles as 1.0d0.
pgloader_sqlite_load() { # extra WITH options
  cat <<LOAD
LOAD DATABASE
  FROM sqlite://$SQLITE_DB
  INTO pgsql://bench:bench@127.0.0.1:$PG_PORT/tgt
WITH include drop, create tables, create indexes, reset sequences$1
CAST type decimal_text to numeric keep typemod,
     type json_text to json,
     type real to "double precision" using float-to-string;
LOAD
}
pgloader_sqlite_load "" >"$WORK/pgloader-sqlite.load"
# If pgloader exhausts its heap (1 GB in Debian's build) with its defaults, the
# bench retries once with smaller batches, the usual workaround, and shows both.
PGL_TUNED="prefetch rows = 10000, batch rows = 5000"
pgloader_sqlite_load ", $PGL_TUNED" >"$WORK/pgloader-sqlite-tuned.load"
cat >"$WORK/pgloader-mysql-tuned.load" <<LOAD
LOAD DATABASE
  FROM mysql://bench:bench@127.0.0.1:$MY_PORT/src
  INTO pgsql://bench:bench@127.0.0.1:$PG_PORT/tgt
WITH include drop, create tables, create indexes, reset sequences, foreign keys,
     downcase identifiers, uniquify index names, $PGL_TUNED;
LOAD
# retry_pgloader CASE LOADFILE: after a heap exhaustion in the run just measured.
retry_pgloader() {
  local i=$((${#R_STATUS[@]} - 1))
  if [[ ${R_STATUS[i]} == failed ]] && grep -q "Heap exhausted" "$LAST_LOG"; then
    R_NOTE[i]="heap exhausted, ${R_NOTE[i]}"
  elif [[ ${PGLOADER_TUNED:-0} != 1 ]]; then
    return 0
  fi
  measure "$1" "pgloader ($PGL_TUNED)" reset_pg_tgt pg_count tgt pg_fp -- "${PGL[@]}" "$2"
}

# Column types of the target table, to check raw and ferry create the same.
pg_types() { local s; s=$(pg_schema "$1") && pgq "$1" "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = '\"$s\".bench'::regclass AND attnum > 0 AND NOT attisdropped" 2>/dev/null || echo "?"; }
my_types() { myx "$1" -e "SELECT group_concat(concat(column_name, ' ', column_type) ORDER BY ordinal_position SEPARATOR ', ') FROM information_schema.columns WHERE table_schema = '$1' AND table_name = 'bench'" 2>/dev/null || echo "?"; }
duck_types() { duck "$1" "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_index) FROM duckdb_columns() WHERE table_name = 'bench'" 2>/dev/null || echo "?"; }
declare -A RAW_TYPES=()
# check_types CASE TYPESFN DB: compares the last run's target table with the raw one.
check_types() {
  local t; t=$($2 "$3")
  if [[ -n ${RAW_TYPES[$1]:-} && $t != "${RAW_TYPES[$1]}" ]]; then
    echo "bench: $1: ferry's table differs from the raw one:" >&2
    echo "    raw:   ${RAW_TYPES[$1]}" >&2
    echo "    ferry: $t" >&2
    local i=$((${#R_NOTE[@]} - 1))
    R_NOTE[i]="${R_NOTE[i]:+${R_NOTE[i]}; }column types differ from raw"
  fi
}

# ---------------------------------------------------------------- a. SQLite -> PostgreSQL
A="a. sqlite->postgres"
if want a; then
measure "$A" "raw COPY FROM binary" reset_pg_tgt pg_count tgt pg_fp -- "${PSQL[@]}" -d tgt -f "$WORK/raw_pg.sql"
RAW_SEC[$A]=${BEST["$A|raw COPY FROM binary"]}
RAW_TYPES[$A]=$(pg_types tgt)
measure "$A" "ferry" reset_pg_tgt pg_count tgt pg_fp -- "$FERRY" copy "sqlite://$SQLITE_DB" "$(PG_URI tgt)" $FERRY_ARGS
check_types "$A" pg_types tgt
if [[ $PGLOADER == 1 ]]; then
measure "$A" "pgloader" reset_pg_tgt pg_count tgt pg_fp -- "${PGL[@]}" "$WORK/pgloader-sqlite.load"
retry_pgloader "$A" "$WORK/pgloader-sqlite-tuned.load"
fi
fi

# ---------------------------------------------------------------- b. MariaDB -> PostgreSQL
if want b; then
B="b. mariadb->postgres"
# Same target work as in a.: the raw COPY of the prepared file is shared.
if want a; then
  record "$B" "raw COPY FROM binary" "${RAW_SEC[$A]}" "${R_RSS[0]}" ok "same run as a."
  RAW_SEC[$B]=${RAW_SEC[$A]} RAW_TYPES[$B]=${RAW_TYPES[$A]}
fi
measure "$B" "ferry" reset_pg_tgt pg_count tgt pg_fp -- "$FERRY" copy "$(MY_URI src)" "$(PG_URI tgt)" $FERRY_ARGS
check_types "$B" pg_types tgt
if [[ $PGLOADER == 1 ]]; then
measure "$B" "pgloader" reset_pg_tgt pg_count tgt pg_fp -- "${PGL[@]}" "mysql://bench:bench@127.0.0.1:$MY_PORT/src" "pgsql://bench:bench@127.0.0.1:$PG_PORT/tgt"
retry_pgloader "$B" "$WORK/pgloader-mysql-tuned.load"
fi
fi

# ---------------------------------------------------------------- c. PostgreSQL -> MariaDB
if want c; then
C="c. postgres->mariadb"
measure "$C" "raw LOAD DATA LOCAL" reset_my_tgt my_count tgt my_fp -- "${MYSQL[@]}" -D tgt -e "source $WORK/raw_my.sql"
RAW_SEC[$C]=${BEST["$C|raw LOAD DATA LOCAL"]}
RAW_TYPES[$C]=$(my_types tgt)
measure "$C" "ferry" reset_my_tgt my_count tgt my_fp -- "$FERRY" copy "$(PG_URI src)" "$(MY_URI tgt)" $FERRY_ARGS
check_types "$C" my_types tgt
fi

# ---------------------------------------------------------------- d. -> DuckDB
if want d; then
D1="d. postgres->duckdb" D2="d. sqlite->duckdb"
if [[ $HAVE_PY == 1 ]]; then
  measure "$D1" "raw read_csv (C API)" reset_duck_tgt duck_count "$WORK/data/tgt.duckdb" duck_fp -- \
    "${DUCK[@]}" "$WORK/data/tgt.duckdb" "$RAW_DUCK_SQL"
  RAW_SEC[$D1]=${BEST["$D1|raw read_csv (C API)"]}
  RAW_SEC[$D2]=${RAW_SEC[$D1]}
  RAW_TYPES[$D1]=$(duck_types "$WORK/data/tgt.duckdb") RAW_TYPES[$D2]=$(duck_types "$WORK/data/tgt.duckdb")
  DCOUNT=duck_count DFP=duck_fp
else
  echo "bench: no python3 or libduckdb.so: skipping DuckDB raw ingest and DuckDB row checks" >&2
  DCOUNT=echo_rows DFP=""
fi
echo_rows() { echo "$ROWS"; }
measure "$D1" "ferry" reset_duck_tgt $DCOUNT "$WORK/data/tgt.duckdb" "$DFP" -- \
  "$FERRY" copy "$(PG_URI src)" "duckdb://$WORK/data/tgt.duckdb" $FERRY_ARGS
[[ $HAVE_PY == 1 ]] && check_types "$D1" duck_types "$WORK/data/tgt.duckdb"
if [[ $HAVE_PY == 1 ]]; then
  record "$D2" "raw read_csv (C API)" "${RAW_SEC[$D1]}" "${R_RSS[${#R_RSS[@]}-2]}" ok "same run as d. postgres"
fi
measure "$D2" "ferry" reset_duck_tgt $DCOUNT "$WORK/data/tgt.duckdb" "$DFP" -- \
  "$FERRY" copy "sqlite://$SQLITE_DB" "duckdb://$WORK/data/tgt.duckdb" $FERRY_ARGS
[[ $HAVE_PY == 1 ]] && check_types "$D2" duck_types "$WORK/data/tgt.duckdb"
fi

# ---------------------------------------------------------------- e. verify
# `ferry verify` of the setup copies (equal by construction) against the
# time of scanning both sides: each engine's own client streaming the whole
# table to /dev/null, both at once, as verify reads both sides at once.
scan_pg() { "${PSQL[@]}" -d src -c "COPY bench TO STDOUT (FORMAT binary)" >/dev/null; }
scan_my() { "${MYSQL[@]}" -D src --quick -e "SELECT * FROM bench" >/dev/null; }
scan_sqlite() { sqlite3 "$SQLITE_DB" "SELECT * FROM bench" >/dev/null; }
export -f scan_pg scan_my scan_sqlite
export PSQL_LINE="${PSQL[*]}" MYSQL_LINE="${MYSQL[*]}" SQLITE_DB
# measure_plain CASE TOOL -- cmd...: best of REPEAT, must exit 0.
measure_plain() {
  local case=$1 tool=$2 best="" rss=0 log; shift 3
  for r in $(seq "$REPEAT"); do
    log="$WORK/logs/${case//[^a-z0-9]/_}-${tool//[^a-z0-9]/_}-$r.log"
    say "$case: $tool (run $r/$REPEAT)"
    run_timed "$log" "$@"
    if [[ $T_RC -ne 0 ]]; then tail -n 25 "$log" | sed 's/^/    /' >&2; die "$case / $tool failed (exit $T_RC)"; fi
    if [[ -z $best ]] || awk -v a="$T_SEC" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$T_SEC; fi
    if ((T_RSS > rss)); then rss=$T_RSS; fi
  done
  record "$case" "$tool" "$best" "$rss" ok ""
}
if want e; then
  E1="e. verify postgres<->mariadb" E2="e. verify sqlite<->postgres"
  measure_plain "$E1" "scan both (COPY TO + mariadb --quick)" -- bash -c 'PSQL=($PSQL_LINE); MYSQL=($MYSQL_LINE); scan_pg & scan_my & wait -n && wait -n'
  RAW_SEC[$E1]=${BEST["$E1|scan both (COPY TO + mariadb --quick)"]}
  measure_plain "$E1" "ferry verify" -- "$FERRY" verify "$(PG_URI src)" "$(MY_URI src)"
  measure_plain "$E2" "scan both (sqlite3 + COPY TO)" -- bash -c 'PSQL=($PSQL_LINE); scan_sqlite & scan_pg & wait -n && wait -n'
  RAW_SEC[$E2]=${BEST["$E2|scan both (sqlite3 + COPY TO)"]}
  measure_plain "$E2" "ferry verify" -- "$FERRY" verify "sqlite://$SQLITE_DB" "$(PG_URI src)"
fi

# ---------------------------------------------------------------- f. transform
# A plan whose entry is SQL (docs/plans.md): a lookup join against a small
# table and a JSON rewrite over every row, SQLite -> PostgreSQL, against a
# plain `ferry copy` of the same rows in the same run (the ratio column is
# transform / copy). The source rows stream through the embedded DuckDB.
if want f; then
F="f. transform sqlite->postgres"
sqlite3 "$SQLITE_DB" "DROP TABLE IF EXISTS kind; CREATE TABLE kind (n INTEGER PRIMARY KEY, label TEXT);
  WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 99)
  INSERT INTO kind SELECT i, 'kind ' || i FROM c;"
cat >"$WORK/transform.yaml" <<YAML
source: sqlite://$SQLITE_DB
target: $(PG_URI tgt)
tables:
  - name: bench_v2
    sql: |
      SELECT b.id, b.short_text, b.long_text, b.amount, b.flag, b.created, b.day,
             json_object('id', b.id, 'tag', upper(b.doc->>'tag'), 'kind', k.label,
                         'even', (b.doc->>'even')::BOOLEAN) AS doc,
             b.payload, b.ratio
      FROM src.bench b JOIN src.kind k ON k.n = (b.doc->>'n')::INTEGER
    to: bench
    key: [id]
YAML
measure "$F" "ferry copy (same rows)" reset_pg_tgt pg_count tgt pg_fp -- \
  "$FERRY" copy "sqlite://$SQLITE_DB" "$(PG_URI tgt)" --tables bench $FERRY_ARGS
RAW_SEC[$F]=${BEST["$F|ferry copy (same rows)"]}
measure "$F" "ferry run (join + JSON)" reset_pg_tgt pg_count tgt pg_fp -- \
  "$FERRY" run "$WORK/transform.yaml" $FERRY_ARGS
n_kind=$(pgq tgt "SELECT count(*) FROM bench WHERE doc->>'kind' = 'kind ' || (id % 100) AND doc->>'tag' = upper(substr(md5(id::text), 1, 6))")
[[ $n_kind == "$ROWS" ]] || die "$F: $n_kind of $ROWS rows carry the rewritten JSON"
fi

# ---------------------------------------------------------------- g. another shape: SQLite -> PostgreSQL
# A table as an application keeps it in SQLite (11 columns: a uuid and
# timestamps as text, JSON, blobs, booleans as 0/1, sparse notes), made by
# sqlite3 itself (random uuids and blobs), not through ferry. Raw: the same rows as PostgreSQL's
# binary COPY file (written once from a setup copy) loaded as in a.
if want g; then
G="g. sqlite(app shape)->postgres"
APP_DB=$WORK/data/app.db APP_BIN=$WORK/files/app.bin
setup_step "generate $ROWS app-shaped rows in SQLite" "$WORK/logs/gen-app.log" sqlite3 "$APP_DB" "
CREATE TABLE bench (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, user_name VARCHAR(64), email TEXT,
  created_at DATETIME NOT NULL, updated_at TIMESTAMP, payload JSON, avatar BLOB, score REAL, active BOOLEAN, notes TEXT);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $ROWS)
INSERT INTO bench SELECT i,
  lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' ||
        substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
  'user_' || (i % 5000),
  CASE WHEN i % 13 = 0 THEN NULL ELSE 'user' || i || '@example.org' END,
  strftime('%Y-%m-%d %H:%M:%S', 1600000000 + i * 37, 'unixepoch'),
  CASE WHEN i % 3 = 0 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 1600000000 + i * 41, 'unixepoch') END,
  json_object('type', CASE i % 4 WHEN 0 THEN 'click' WHEN 1 THEN 'view' WHEN 2 THEN 'buy' ELSE 'quit' END,
              'n', i % 97, 'tags', json_array('a', 'b', i % 7)),
  CASE WHEN i % 5 = 0 THEN NULL ELSE randomblob(16 + i % 48) END,
  (i % 1000) / 7.0,
  i % 2,
  CASE WHEN i % 4 = 0 THEN 'note ' || i || ' ' || hex(randomblob(20)) ELSE NULL END
FROM c;"
pgq postgres "CREATE DATABASE app" >/dev/null
setup_step "ferry app-shaped sqlite -> postgres" "$WORK/logs/setup-app.log" \
  "$FERRY" copy "sqlite://$APP_DB" "$(PG_URI app)" $FERRY_ARGS
pgq app "COPY bench TO '$APP_BIN' (FORMAT binary)" >/dev/null
chmod a+r "$APP_BIN"
cat >"$WORK/raw_app.sql" <<SQL
CREATE TABLE bench (id bigint NOT NULL, uuid text NOT NULL, user_name varchar(64), email text,
  created_at timestamp NOT NULL, updated_at timestamp, payload json, avatar bytea, score double precision,
  active boolean, notes text);
COPY bench FROM '$APP_BIN' (FORMAT binary);
ALTER TABLE bench ADD PRIMARY KEY (id);
SQL
app_fp() { local s; s=$(pg_schema "$1") && [[ -n $s ]] && pgq "$1" "SELECT count(*), sum(id), sum(length(uuid)), sum(octet_length(avatar)), sum(active::int), round(sum(score)::numeric, 3), sum(extract(epoch FROM updated_at)), sum(length(payload::text)) FROM \"$s\".bench" 2>/dev/null | tr '|' ' ' || echo "n/a"; }
SAVED_FP=$SRC_FP
SRC_FP=$(app_fp app)
measure "$G" "raw COPY FROM binary" reset_pg_tgt pg_count tgt app_fp -- "${PSQL[@]}" -d tgt -f "$WORK/raw_app.sql"
RAW_SEC[$G]=${BEST["$G|raw COPY FROM binary"]}
RAW_TYPES[$G]=$(pg_types tgt)
measure "$G" "ferry" reset_pg_tgt pg_count tgt app_fp -- "$FERRY" copy "sqlite://$APP_DB" "$(PG_URI tgt)" $FERRY_ARGS
check_types "$G" pg_types tgt
SRC_FP=$SAVED_FP
fi

# ---------------------------------------------------------------- report
mkdir -p "$ROOT/bench/out"
OUT=$ROOT/bench/out/results-$(date +%Y%m%d-%H%M%S).md
{
  echo "# ferry bench: $ROWS rows"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), host: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM"
  echo "- ferry: $FERRY ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')${btype:+, $btype}), args: $FERRY_ARGS"
  echo "- $(pgq postgres 'SHOW server_version' | sed 's/^/PostgreSQL /'), MariaDB $(myx '' -e 'SELECT VERSION()'), $(pgloader --version 2>/dev/null | head -n 1)"
  echo "- best of $REPEAT run(s); peak RSS is the client process (ferry, pgloader, psql/mariadb/python for raw), server memory is not counted"
  echo
  echo "## Setup (not compared)"
  echo
  echo '```'
  printf '%s\n' "${SETUP_LINES[@]}"
  echo '```'
  echo
  echo "## Results"
  echo
  echo "| case | tool | seconds | rows/s | peak RSS MB | ratio vs raw |"
  echo "|---|---|---:|---:|---:|---:|"
  for i in "${!R_CASE[@]}"; do
    c=${R_CASE[$i]} s=${R_SEC[$i]}
    if [[ ${R_STATUS[$i]} != ok ]]; then
      echo "| $c | ${R_TOOL[$i]} | failed: ${R_NOTE[$i]} | - | - | - |"
      continue
    fi
    rps=$(awk -v n="$ROWS" -v s="$s" 'BEGIN { printf "%.0f", n / s }')
    mb=$(awk -v k="${R_RSS[$i]}" 'BEGIN { printf "%.1f", k / 1024 }')
    ratio="-"
    [[ -n ${RAW_SEC[$c]:-} ]] && ratio=$(awk -v a="$s" -v b="${RAW_SEC[$c]}" 'BEGIN { printf "%.2f", a / b }')
    tool=${R_TOOL[$i]}; [[ -n ${R_NOTE[$i]} ]] && tool="$tool (${R_NOTE[$i]})"
    printf '| %s | %s | %.2f | %s | %s | %s |\n' "$c" "$tool" "$s" "$rps" "$mb" "$ratio"
  done
  echo
  echo "## ferry vs the others"
  echo
  for i in "${!R_CASE[@]}"; do
    [[ ${R_TOOL[$i]} == "ferry verify" ]] || continue
    awk -v c="${R_CASE[$i]}" -v f="${R_SEC[$i]}" -v r="${RAW_SEC[${R_CASE[$i]}]}" \
      'BEGIN { printf "- %s: %.2f s, %.2fx the time of scanning both sides (target: <= 1.5x)\n", c, f, f / r }'
  done
  for i in "${!R_CASE[@]}"; do
    [[ ${R_TOOL[$i]} == ferry && ${R_STATUS[$i]} == ok ]] || continue
    c=${R_CASE[$i]} fs=${R_SEC[$i]} frss=${R_RSS[$i]}
    if [[ -n ${RAW_SEC[$c]:-} ]]; then
      awk -v c="$c" -v f="$fs" -v r="${RAW_SEC[$c]}" \
        'BEGIN { printf "- %s: ferry runs at %.0f%% of raw ingest speed (target: >= 85%%)\n", c, 100 * r / f }'
    fi
    for j in "${!R_CASE[@]}"; do
      [[ ${R_CASE[$j]} == "$c" && ${R_TOOL[$j]} == pgloader* ]] || continue
      if [[ ${R_STATUS[$j]} == ok ]]; then
        awk -v c="$c" -v f="$fs" -v p="${R_SEC[$j]}" -v fr="$frss" -v pr="${R_RSS[$j]}" -v t="${R_TOOL[$j]}" \
          'BEGIN { printf "- %s: ferry is %.1fx faster than %s, with %.0f%% of its peak RSS (%.0f MB vs %.0f MB)\n", c, p / f, t, 100 * fr / pr, fr / 1024, pr / 1024 }'
      else
        echo "- $c: ${R_TOOL[$j]} failed (${R_NOTE[$j]}), no speedup computed"
      fi
    done
  done
} >"$OUT"
echo
cat "$OUT"
echo
echo "(written to ${OUT#"$ROOT"/})"
