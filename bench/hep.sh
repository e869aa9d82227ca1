#!/usr/bin/env bash
# bench/hep.sh [ROWS]  (default 300000): HEP replay speed and pacing.
#
# 1. Starts a private PostgreSQL 15 and fills hep_proto_1_call as
#    heplify-server makes it (partitioned by create_date in 2 h steps, no
#    key) with ROWS SIP rows of about 700 bytes.
# 2. `ferry homer hep --rate 0` replays them over UDP into bench/hep/count,
#    a minimal recvmmsg receiver (16 MB buffer).
# 3. The floor: bench/hep/blast, a minimal sendmmsg sender, sends as many
#    datagrams of ferry's average packet size to the same receiver.
#    Before it, the read alone: psql's COPY of the replay's query to /dev/null,
#    and ferry's read plus packet building alone (`homer hep --dry-run`).
# 4. `ferry homer hep --rate 5000 --limit 50000`: the rate the receiver saw
#    from its first packet to its last, against 5000.
# Prints packets/s, the ratio to the floor, packets lost, peak RSS.
# Environment: FERRY (default build/ferry), FERRY_ARGS (more flags for the
# unthrottled replay), PG_BIN, KEEP=1.
set -euo pipefail
ROWS=${1:-300000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FERRY=${FERRY:-$ROOT/build/ferry}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
[[ -x $FERRY ]] || die "no ferry binary at $FERRY"
[[ -x /usr/bin/time ]] || die "GNU time missing (apt-get install time)"

WORK=$(mktemp -d /tmp/ferry-hep-bench.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK"/pg
AS_PG=()
if [[ $(id -u) -eq 0 ]]; then AS_PG=(runuser -u postgres --); chown postgres:postgres "$WORK/pg"; fi
PG_STARTED=0
cleanup() {
  local rc=$?
  set +e
  [[ $PG_STARTED == 1 ]] && "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1
  [[ ${KEEP:-0} == 1 ]] && echo "bench: kept $WORK" >&2 || rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
free_port() { echo $((20000 + RANDOM % 40000)); }

say "building the floor tools"
g++ -O2 -o "$WORK/blast" "$ROOT/bench/hep/blast.cc"
g++ -O2 -o "$WORK/count" "$ROOT/bench/hep/count.cc"

say "starting PostgreSQL in $WORK"
echo bench >"$WORK/pg/pw"; [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$WORK/pg/pw"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U bench --pwfile="$WORK/pg/pw" --auth-local=trust \
  --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || die "initdb failed"
PG_PORT=$(free_port)
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null || die "PostgreSQL failed to start"
PG_STARTED=1
PG="postgres://bench:bench@127.0.0.1:$PG_PORT/postgres"
export PGPASSWORD=bench

say "filling hep_proto_1_call with $ROWS rows"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U bench postgres <<SQL
CREATE TABLE hep_proto_1_call (id BIGSERIAL NOT NULL, sid varchar NOT NULL,
  create_date timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, protocol_header jsonb NOT NULL,
  data_header jsonb NOT NULL, raw varchar NOT NULL) PARTITION BY RANGE (create_date);
DO \$\$ BEGIN FOR h IN 0..11 LOOP
  EXECUTE format('CREATE TABLE hep_proto_1_call_p%s PARTITION OF hep_proto_1_call FOR VALUES FROM (%L) TO (%L)',
    h, timestamptz '2024-03-01 00:00+00' + h * interval '2 hours', timestamptz '2024-03-01 00:00+00' + (h + 1) * interval '2 hours');
  EXECUTE format('CREATE INDEX ON hep_proto_1_call_p%s (create_date)', h);
END LOOP; END \$\$;
INSERT INTO hep_proto_1_call (sid, create_date, protocol_header, data_header, raw)
SELECT 'call-' || i || '@bench', timestamptz '2024-03-01 00:00+00' + (i * interval '1 second' * 86000 / $ROWS),
  jsonb_build_object('protocolFamily', 2, 'protocol', 17, 'srcIp', '10.0.' || (i % 250) || '.1', 'dstIp', '10.1.0.1',
    'srcPort', 5060, 'dstPort', 5060, 'payloadType', 1, 'captureId', '2001', 'correlation_id', ''),
  '{}', 'INVITE sip:' || i || '@bench.example SIP/2.0' || E'\r\n' || 'Call-ID: call-' || i || '@bench' || E'\r\n' ||
    repeat('X-Filler: ' || md5(i::text) || E'\r\n', 14) || E'\r\n'
FROM generate_series(1, $ROWS) i;
ANALYZE hep_proto_1_call;
SQL

run_count() {  # port idle -> starts the receiver in the background, output to $WORK/count.out
  "$WORK/count" 127.0.0.1 "$1" "$2" >"$WORK/count.out" 2>"$WORK/count.err" &
  COUNT_PID=$!
  for _ in $(seq 50); do grep -q ready "$WORK/count.err" 2>/dev/null && return; sleep 0.1; done
  die "the receiver did not start"
}

say "PostgreSQL read alone: COPY (the replay's query) TO /dev/null"
/usr/bin/time -f '%e' -o "$WORK/read.out" psql -q -h 127.0.0.1 -p "$PG_PORT" -U bench postgres -c \
  "\\copy (SELECT id, sid, create_date, protocol_header, data_header, raw FROM hep_proto_1_call ORDER BY create_date, id) TO '/dev/null'"
read -r READ_SECS <"$WORK/read.out"

say "ferry homer hep --dry-run: the read and every packet built, nothing sent"
/usr/bin/time -f '%e %M' -o "$WORK/dry.out" "$FERRY" homer hep --pg-dsn "$PG" --hep-target 127.0.0.1:9 \
  --tables hep_proto_1_call --dry-run --no-progress -q ${FERRY_ARGS:-}
read -r D_SECS D_RSS <"$WORK/dry.out"

say "ferry homer hep --rate 0 ($ROWS rows)"
PORT=$(free_port); run_count "$PORT" 3
/usr/bin/time -f '%e %M' -o "$WORK/time.out" "$FERRY" homer hep --pg-dsn "$PG" --hep-target "127.0.0.1:$PORT" \
  --tables hep_proto_1_call --rate 0 --checkpoint "$WORK/cp.json" --no-progress -q ${FERRY_ARGS:-}
wait "$COUNT_PID"
read -r F_PKTS F_BYTES F_SPAN <"$WORK/count.out"
read -r F_SECS F_RSS <"$WORK/time.out"
SIZE=$((F_BYTES / (F_PKTS > 0 ? F_PKTS : 1)))

say "floor: sendmmsg of $ROWS datagrams of $SIZE bytes"
PORT=$(free_port); run_count "$PORT" 2
read -r B_SENT B_SECS < <("$WORK/blast" 127.0.0.1 "$PORT" "$ROWS" "$SIZE")
wait "$COUNT_PID"
read -r B_PKTS B_BYTES B_SPAN <"$WORK/count.out"

say "ferry homer hep --rate 5000 --limit 50000"
PORT=$(free_port); run_count "$PORT" 3
"$FERRY" homer hep --pg-dsn "$PG" --hep-target "127.0.0.1:$PORT" --tables hep_proto_1_call --rate 5000 \
  --limit 50000 --checkpoint "$WORK/cp2.json" --no-progress -q
wait "$COUNT_PID"
read -r R_PKTS R_BYTES R_SPAN <"$WORK/count.out"

awk -v rows="$ROWS" -v fp="$F_PKTS" -v fs="$F_SECS" -v fspan="$F_SPAN" -v rss="$F_RSS" -v size="$SIZE" \
    -v bs="$B_SECS" -v bp="$B_PKTS" -v rp="$R_PKTS" -v rspan="$R_SPAN" -v rs="$READ_SECS" -v ds="$D_SECS" 'BEGIN {
  fpps = rows / fs; bpps = rows / bs; rate = (rp - 1) / rspan;
  printf "\n| measurement | packets sent | received | seconds | packets/s | vs floor | peak RSS |\n";
  printf "|---|---|---|---|---|---|---|\n";
  printf "| floor: sendmmsg, %d-byte datagrams | %d | %d | %.2f | %.0f | 1.00 | |\n", size, rows, bp, bs, bpps;
  printf "| PostgreSQL alone: COPY of the ordered query to /dev/null | | | %.2f | %.0f rows/s | | |\n", rs, rows / rs;
  printf "| ferry homer hep --dry-run: read + build, no send | | | %.2f | %.0f rows/s | | |\n", ds, rows / ds;
  printf "| ferry homer hep --rate 0 (whole run, PG read included) | %d | %d | %.2f | %.0f | %.2f | %.1f MB |\n",
         rows, fp, fs, fpps, fpps / bpps, rss / 1024;
  printf "| ferry homer hep --rate 0, first to last packet | | | %.2f | %.0f | %.2f | |\n", fspan, (fp - 1) / fspan, ((fp - 1) / fspan) / bpps;
  printf "| ferry homer hep --rate 5000 --limit 50000 | 50000 | %d | %.3f | %.1f | rate error %+.2f%% | |\n",
         rp, rspan, rate, (rate / 5000 - 1) * 100;
}'
