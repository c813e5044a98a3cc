#!/usr/bin/env bash
# Load benchmarks for Concord (see bench/README.md for the figures).
#
#   bench/run.sh sqlite|postgres intake   fresh database + demo seed; raw single-row INSERT
#                                          ceiling, then intake (POST /api/cases), same run
#   bench/run.sh sqlite|postgres search   keyword search on an existing 1 M-case database made
#                                          by the scale generator (SCALE_DB / SCALE_PGDB), as a
#                                          town clerk (clerk) and a county clerk (county.clerk)
#   bench/run.sh sqlite|postgres grid     the grid-worker mix (grid.mjs: my tasks / report event / log visit,
#                                          50/25/25) on a province-scale database with grid workers, events and
#                                          visits from the scale generator (GRID_DB / GRID_PGDB): signs in LOGINS
#                                          workers (grid.000001, grid.000051, …), then the raw-insert ceiling, the
#                                          mix at a fixed RATE (500 req/s, open loop, GRID_DURATION 60 s) and the
#                                          mix's max throughput (closed loop, CONNECTIONS), same run
#
# Environment: PORT (5400), DURATION (20s), CONNECTIONS (16), THREADS (2), WORK (/tmp/concord-bench),
# NO_BUILD=1 to skip the Release build, APP_DLL to run another build's Concord.Web.dll (e.g. a
# published baseline) instead of bin/Release. PostgreSQL: localhost, role concord/concord.
# grid only: RATE (500), GRID_DURATION (60), GRID_WARMUP (40 s closed loop, then 20 s at RATE),
# GRID_POOL (PostgreSQL pool, 16), GRID_DUE_BACKLOG (start once fewer event deadlines are due, 500),
# LOGINS (1000), HOUSEHOLD_EVERY (50).
set -euo pipefail

PROVIDER=${1:-sqlite}
MODE=${2:-intake}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-5400}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
WORK=${WORK:-/tmp/concord-bench}
URL="http://127.0.0.1:$PORT"
export PGHOST=localhost PGUSER=concord PGPASSWORD=concord
mkdir -p "$WORK"
# The app reaches PostgreSQL on the same machine through its Unix socket, as README's "Running on
# PostgreSQL" advises: on loopback TCP Npgsql negotiates TLS (Debian's server has ssl = on), and
# encrypting every message cost a quarter of the raw-insert ceiling (bench/README.md). Without a socket
# login for the role (pg_hba.conf: local all concord scram-sha-256), TCP without TLS.
# PG_HOST overrides it (e.g. PG_HOST=Host=localhost to measure with TLS).
if [[ -z "${PG_HOST:-}" ]]; then
  PG_HOST="Host=/var/run/postgresql"
  PGHOST=/var/run/postgresql psql -d postgres -Atc 'SELECT 1' >/dev/null 2>&1 || PG_HOST="Host=localhost;SSL Mode=Disable"
fi

command -v wrk >/dev/null || { apt-get update && apt-get install -y wrk; }
if [[ "${NO_BUILD:-0}" != 1 ]]; then
  (cd "$ROOT" && dotnet build -c Release -v quiet -nologo | tail -3)
fi

case "$PROVIDER/$MODE" in
  sqlite/intake)
    DB="$WORK/intake-sqlite.db"; rm -f "$DB" "$DB-wal" "$DB-shm"
    export Database__Provider=Sqlite ConnectionStrings__Concord="Data Source=$DB" ;;
  sqlite/search)
    export Database__Provider=Sqlite ConnectionStrings__Concord="Data Source=${SCALE_DB:-$WORK/sqlite-1m.db}" ;;
  postgres/intake)
    dropdb --if-exists concord_bench_intake; createdb concord_bench_intake
    export Database__Provider=Postgres ConnectionStrings__Concord="$PG_HOST;Username=concord;Password=concord;Database=concord_bench_intake;Maximum Pool Size=64" ;;
  postgres/search)
    export Database__Provider=Postgres ConnectionStrings__Concord="$PG_HOST;Username=concord;Password=concord;Database=${SCALE_PGDB:-concord_bench_1m};Maximum Pool Size=64" ;;
  sqlite/grid)
    export Database__Provider=Sqlite ConnectionStrings__Concord="Data Source=${GRID_DB:-$WORK/sqlite-grid.db}" ;;
  postgres/grid)
    # A pool about the server's core count: on two cores, more active backends than cores only queue
    # inside PostgreSQL (context switches, lock waits); requests wait for a connection in the app
    # instead. With 64, the fixed-rate run's p99 was 2.6–2.8 s against 0.6–0.9 s with 12–16.
    export Database__Provider=Postgres ConnectionStrings__Concord="$PG_HOST;Username=concord;Password=concord;Database=${GRID_PGDB:-concord_bench_grid};Maximum Pool Size=${GRID_POOL:-16}" ;;
  sqlite/dashboard)
    export Database__Provider=Sqlite ConnectionStrings__Concord="Data Source=${DASH_DB:-$WORK/sqlite-10m.db}" ;;
  postgres/dashboard)
    export Database__Provider=Postgres ConnectionStrings__Concord="$PG_HOST;Username=concord;Password=concord;Database=${DASH_PGDB:-concord_dash10m};Maximum Pool Size=64" ;;
  *) echo "usage: $0 sqlite|postgres intake|search|grid|dashboard" >&2; exit 64 ;;
esac

# Each grid run starts from the generator's events: the reports of earlier runs (grid.mjs's, told by
# their text and run-numbered Idempotency-Key) are removed with their timeline, deadline and photo
# rows. Nobody handles them, so without this every run leaves a few thousand more open events in the
# benchmark workers' grids (after 40 runs, ~400 per grid against the generator's < 1), and "my
# tasks" and the deadline sweeper measure that pile instead of a province's working day.
if [[ "$MODE" == grid ]]; then
  BENCH_REPORTS="idempotency_key LIKE '%-%-%' AND text LIKE '巡查发现%附近%，请及时处置。'"
  if [[ "$PROVIDER" == postgres ]]; then
    REMOVED=$(psql -d "${GRID_PGDB:-concord_bench_grid}" -Atq -c "BEGIN; CREATE TEMP TABLE gone AS SELECT id FROM grid_events WHERE $BENCH_REPORTS;
      DELETE FROM supervision_tasks WHERE event_id IN (SELECT id FROM gone); DELETE FROM open311_requests WHERE event_id IN (SELECT id FROM gone);
      DELETE FROM grid_events WHERE id IN (SELECT id FROM gone); SELECT count(*) FROM gone; COMMIT;" -c "VACUUM (ANALYZE) grid_events, event_timeline, event_deadlines, event_photos")
  else
    REMOVED=$(python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA foreign_keys = ON')
with c:
    ids = 'SELECT id FROM grid_events WHERE ' + sys.argv[2]
    n = c.execute('SELECT count(*) FROM grid_events WHERE ' + sys.argv[2]).fetchone()[0]
    for t in ('supervision_tasks', 'open311_requests'): c.execute(f'DELETE FROM {t} WHERE event_id IN ({ids})')
    c.execute('DELETE FROM grid_events WHERE ' + sys.argv[2])
print(n)" "${GRID_DB:-$WORK/sqlite-grid.db}" "$BENCH_REPORTS")
  fi
  REMOVED="removed $REMOVED events reported by earlier runs"
fi

# A stale app on the port would be measured instead of this build.
if curl -fs "$URL/healthz" >/dev/null 2>&1; then echo "port $PORT is already serving; stop that app or set PORT" >&2; exit 1; fi

export Urls="$URL" Concord__Bench__Enabled=true Logging__LogLevel__Default=Warning
LOG="$WORK/app-$PROVIDER-$MODE.log"
START=$(date +%s.%N)
(cd "$ROOT/src/Concord.Web" && exec dotnet "${APP_DLL:-bin/Release/net10.0/Concord.Web.dll}") >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -fs "$URL/healthz" >/dev/null 2>&1; do
  kill -0 $PID 2>/dev/null || { echo "app exited; see $LOG" >&2; exit 1; }
  sleep 0.5
done
STARTUP=$(echo "$(date +%s.%N) - $START" | bc)

token() {
  curl -fs -X POST "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"userName\":\"$1\",\"password\":\"Concord@2026\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])'
}

# CPU seconds (user + system) used so far by a process.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }

# Runs wrk (after a 5 s warm-up) and prints the RESULT line of the script's done(), with the
# app's CPU time per request (app_cpu_us) and the machine's load: on a shared machine the
# throughput varies with what else runs, the CPU cost of a request much less.
load() { # name script path
  RUN=$((RUNS += 1)) wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$ROOT/bench/$2" "$URL$3" >/dev/null
  local before; before=$(cpu $PID)
  local out; out=$(RUN=$((RUNS += 1)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/$2" "$URL$3")
  local used; used=$(echo "$(cpu $PID) - $before" | bc -l)
  echo "$out" > "$WORK/wrk-$PROVIDER-$MODE-$1.txt"
  local requests; requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' <<<"$out")
  echo "$out" | grep '^RESULT' | sed "s/^RESULT/$1/; s/\$/ app_cpu_us=$(echo "scale=0; 1000000 * $used / $requests" | bc -l) load=$(cut -d' ' -f1 /proc/loadavg)/"
}

RUNS=0 # each wrk run gets its own RUN number: intake.lua makes its disputes distinct by it
rps() { sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<<"$1"; }
cpuus() { sed -n 's/.*app_cpu_us=\([0-9.]*\).*/\1/p' <<<"$1"; }

echo "== $PROVIDER $MODE  $(date -u +%FT%TZ)  $(nproc) cores  start-up ${STARTUP}s  wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
if [[ "$PROVIDER" == postgres ]]; then echo "PostgreSQL: ${PG_HOST}"; fi
if [[ -n "${REMOVED:-}" ]]; then echo "$REMOVED"; fi
if [[ "$MODE" == intake ]]; then
  RAW=$(load ceiling raw.lua /bench/raw-insert); echo "$RAW"
  TOKEN=$(token clerk) INTAKE=$(TOKEN=$(token clerk) load intake intake.lua /api/cases); echo "$INTAKE"
  echo "intake/ceiling = $(echo "scale=1; 100 * $(rps "$INTAKE") / $(rps "$RAW")" | bc) %  (app CPU per request: ceiling/intake = $(echo "scale=1; 100 * $(cpuus "$RAW") / $(cpuus "$INTAKE")" | bc) %)"
elif [[ "$MODE" == grid ]]; then
  WORKERS="$WORK/workers-$PROVIDER.json"
  LOGINS=${LOGINS:-1000} HOUSEHOLD_EVERY=${HOUSEHOLD_EVERY:-50} URL="$URL" PROVIDER="$PROVIDER" \
    DB="${GRID_DB:-$WORK/sqlite-grid.db}" PGDB="${GRID_PGDB:-concord_bench_grid}" OUT="$WORKERS" \
    python3 "$ROOT/bench/grid_logins.py"
  loadavg() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }
  # The deadline sweeper (every 30 s) escalates the generated events that fell due while the database
  # sat idle; measured in the middle of that catch-up, the mix shares the cores with it (24,000
  # escalations in a minute after a few hours' pause). Wait until it has caught up: in steady
  # running a few deadlines fall due every second (each open event escalates daily), so "caught up"
  # is a backlog below one sweep's worth.
  due_now() {
    if [[ "$PROVIDER" == postgres ]]; then
      psql -d "${GRID_PGDB:-concord_bench_grid}" -Atc "SELECT count(*) FROM event_deadlines WHERE next_action_at <= now()"
    else
      python3 -c "import sqlite3,sys,datetime; c=sqlite3.connect(sys.argv[1]); print(c.execute('SELECT count(*) FROM event_deadlines WHERE next_action_at <= ?', (datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S'),)).fetchone()[0])" "${GRID_DB:-$WORK/sqlite-grid.db}"
    fi
  }
  while (( $(due_now) > ${GRID_DUE_BACKLOG:-500} )); do echo "waiting for the deadline sweeper: $(due_now) event deadlines due"; sleep 15; done
  loadavg; RAW=$(load ceiling raw.lua /bench/raw-insert); echo "$RAW"
  # Warm-up long enough for tiered compilation to settle on two busy cores (8 s left the JIT at ~10 %
  # of the samples; 40 s did not): GRID_WARMUP seconds of the mix, closed loop.
  node "$ROOT/bench/grid.mjs" --url "$URL" --workers "$WORKERS" --concurrency 8 --duration "${GRID_WARMUP:-40}" --label warmup >/dev/null
  # Then 20 s of the measured load itself, not counted: an app that has been serving 500 req/s has
  # its connection pools full (on PostgreSQL, server processes with their caches and prepared
  # plans) and its thread pool grown. Right after the closed-loop warm-up, the first two seconds
  # of the open loop were slow on PostgreSQL (300–500 requests over 200 ms) and were not in a
  # second run on the same app (--timeline).
  node "$ROOT/bench/grid.mjs" --url "$URL" --workers "$WORKERS" --rate "${RATE:-500}" --duration 20 --label warmup-rate >/dev/null
  # One grid.mjs run; its RESULT line gets the app's CPU time per request and the load average.
  mix() { # label grid.mjs-options…
    local label=$1; shift
    local before; before=$(cpu $PID)
    local out; out=$(node "$ROOT/bench/grid.mjs" --url "$URL" --workers "$WORKERS" "$@")
    local used; used=$(echo "$(cpu $PID) - $before" | bc -l)
    local n; n=$(sed -n 's/^RESULT .* n=\([0-9]*\).*/\1/p' <<<"$out")
    sed "1s/\$/ app_cpu_us=$(echo "scale=0; 1000000 * $used / $n" | bc -l) load=$(cut -d' ' -f1 /proc/loadavg)/" <<<"$out" | tee "$WORK/grid-$PROVIDER-$label.txt"
  }
  loadavg; mix rate --rate "${RATE:-500}" --duration "${GRID_DURATION:-60}"
  loadavg; MAX=$(mix max --concurrency "$CONNECTIONS" --duration "${DURATION%s}"); echo "$MAX"
  loadavg; echo "max mix/ceiling = $(echo "scale=1; 100 * $(rps "$(head -1 <<<"$MAX")") / $(rps "$RAW")" | bc) %"
elif [[ "$MODE" == dashboard ]]; then
  # The read ceiling: the cheapest GET (no auth, no database). Then each leader's read as a
  # county leader (county.clerk, 桐城市) and a town leader (clerk, 文昌街道), default period.
  CEIL=$(TOKEN= load ceiling get.lua /healthz); echo "$CEIL"
  for who in county.clerk clerk; do
    T=$(token $who)
    for path in /api/dashboard /api/rankings /api/reports/health-check; do
      R=$(TOKEN=$T load "$who-$(basename $path)" get.lua "$path"); echo "$R  (rps/ceiling $(echo "scale=1; 100 * $(rps "$R") / $(rps "$CEIL")" | bc) %)"
    done
  done
else
  TOKEN=$(token clerk) load search-town search.lua /api/cases
  TOKEN=$(token county.clerk) load search-county search.lua /api/cases
fi
echo "peak RSS (VmHWM): $(grep VmHWM /proc/$PID/status | awk '{print $2, $3}')"
