#!/usr/bin/env bash
# Scale-out on this machine: the same ingestion load (grains and REST) against 1, 2 and 3 silos,
# reporting CPU per row in total and per silo and the share of grain calls that cross silos
# (tests/Lyss.UserGrains.Load, "scale-out"). Restarts ./run.sh with each silo count (silos counting
# calls by origin), and leaves the usual one-silo stack running. Called by scripts/bench.sh scale-out.
#   scripts/scale-out.sh [--silos "1 2 3"] [--activities 200000] [--seconds 15] [--connections 32]
#                        [--rows-per-silo 10000] [--requests-per-silo 1000]
# Besides each path at full speed (2 cores shared by more processes), each runs at a fixed rate per
# silo (N silos: N times the rate), so every silo does the same work whatever their number: the
# per-row cost of a silo should then hold as silos are added.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
counts="1 2 3" extra=() rows_per_silo=10000 requests_per_silo=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) counts=$2; shift 2 ;;
    --activities|--seconds|--connections) extra+=("$1" "$2"); shift 2 ;;
    --rows-per-silo) rows_per_silo=$2; shift 2 ;;
    --requests-per-silo) requests_per_silo=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
dotnet build tests/Lyss.UserGrains.Load -c Release -v quiet -nologo >/dev/null
restore() { ./run.sh stop >/dev/null 2>&1 || true; ./run.sh --detach >/dev/null; }
trap restore EXIT
for n in $counts; do
  ./run.sh stop >/dev/null 2>&1 || true
  Lyss__Silo__CountCallOrigins=true ./run.sh --silos "$n" --detach >/dev/null
  metrics="" pids=""
  for i in $(seq 1 "$n"); do
    metrics+="http://127.0.0.1:$((LYSS_SILO_HTTP_PORT + i - 1))/metrics "
    pids+="$(cat "$LYSS_STATE_DIR/run/silo-$i.pid") "
  done
  echo "machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD); $n silo(s)"
  dotnet tests/Lyss.UserGrains.Load/bin/Release/net10.0/Lyss.UserGrains.Load.dll scale-out \
    --redis "$(lyss_redis_connection_string)" --cluster-id "$LYSS_CLUSTER_ID" --service-id "$LYSS_SERVICE_ID" \
    --gateway "http://127.0.0.1:$LYSS_GATEWAY_PORT" --silo-metrics-list "$metrics" --silo-pids "$pids" \
    --paced-rows $((n * rows_per_silo)) --paced-requests $((n * requests_per_silo)) \
    --tenant-token-cmd "./run.sh token --tenant {tenant} --user bench-writer --permissions activity:write" \
    --admin-pg "$(lyss_pg_connection_string "$LYSS_PG_DATABASE" "$LYSS_PG_ADMIN_USER" "$LYSS_PG_ADMIN_PASSWORD")" "${extra[@]}"
done
