#!/usr/bin/env bash
# App CPU per request of each grid request on its own, then the mix (bench/README.md, "CPU per request,
# small database"): closed loop, 8 connections, 12 s each, after an 8 s warm-up.
#   bench/grid_kinds.sh APP_DLL Sqlite|Postgres CONNECTION_STRING WORKERS_JSON
# WORKERS_JSON comes from a `bench/run.sh … grid` run on the same database (workers-<provider>.json).
set -u
APP=$1; PROVIDER=$2; CS=$3; W=$4; PORT=${PORT:-5472}; URL=http://127.0.0.1:$PORT
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT/src/Concord.Web"
Database__Provider=$PROVIDER ConnectionStrings__Concord="$CS" Urls=$URL Concord__Bench__Enabled=true Logging__LogLevel__Default=Warning \
  dotnet "$APP" > "${TMPDIR:-/tmp}/grid-kinds-app.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -fs $URL/healthz >/dev/null 2>&1; do kill -0 $PID 2>/dev/null || exit 1; sleep 0.5; done
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }
node "$ROOT/bench/grid.mjs" --url $URL --workers "$W" --concurrency 8 --duration 8 --label warm >/dev/null
for mix in 100,0,0 0,100,0 0,0,100 50,25,25; do
  b=$(cpu $PID); out=$(node "$ROOT/bench/grid.mjs" --url $URL --workers "$W" --concurrency 8 --duration 12 --mix $mix --label m$mix | head -1)
  u=$(echo "$(cpu $PID) - $b" | bc -l); n=$(sed -n 's/.* n=\([0-9]*\).*/\1/p' <<<"$out")
  echo "$out app_cpu_us=$(echo "scale=0; 1000000*$u/$n" | bc -l) load=$(cut -d' ' -f1 /proc/loadavg)"
done
