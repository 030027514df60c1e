#!/usr/bin/env bash
# Runs a benchmark of tests/Lyss.UserGrains.Load against the local cluster (started by
# ./run.sh --detach when it is not running) and prints a Markdown table for docs/benchmarks.md.
#   scripts/bench.sh users-list [--users 100000] [--requests 2000]   list latency on a big tenant
#   scripts/bench.sh ingest [--activities 200000] [--rounds 3]       (a) grains end to end vs raw COPY
#   scripts/bench.sh rest-ingest [--seconds 10] [--connections "32 128"]  (b) wrk: POST /activities, batch, hello
#   scripts/bench.sh segment-ingest [--batch 100] [--rounds 3] [--message-ids]  Segment /v1/batch vs native batch
#   scripts/bench.sh summary-latency [--rate 1000] [--seconds 10]    (c) summary p99 vs hello / empty call
#   scripts/bench.sh memory [--users 100000]                         (d) heap per active user grain
#   scripts/bench.sh insights [--users 1000] [--days 90]             insights from rollups vs from raw rows
#   scripts/bench.sh scim-provision [--users 10000] [--callers 16] [--single 1000]  bulk SCIM onboarding vs one caller
#   scripts/bench.sh week [--users 50] [--per-day 40]                a week of activity to explore over REST
#   scripts/bench.sh scale-out [--silos "1 2 3"] [--activities 200000] [--seconds 15]  CPU per row and cross-silo calls by silo count
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bench=${1:?usage: scripts/bench.sh users-list [options]}; shift
# Restarts the stack with each silo count itself.
if [ "$bench" = scale-out ]; then exec scripts/scale-out.sh "$@"; fi
if ! curl -fsS -o /dev/null "http://127.0.0.1:$LYSS_GATEWAY_PORT/health/ready" 2>/dev/null; then
  ./run.sh --detach >/dev/null
fi
dotnet build tests/Lyss.UserGrains.Load -c Release -v quiet -nologo >/dev/null
token=$(./run.sh token --tenant 00000000-0000-0000-0000-00000000d0e1 --user bench-operator --permissions 'platform:*' 2>/dev/null | tail -1)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD)"
if [ "$bench" = rest-ingest ]; then exec scripts/rest-ingest.sh "$@"; fi
if [ "$bench" = segment-ingest ]; then exec scripts/segment-ingest.sh "$@"; fi
dotnet tests/Lyss.UserGrains.Load/bin/Release/net10.0/Lyss.UserGrains.Load.dll "$bench" \
  --redis "$(lyss_redis_connection_string)" --cluster-id "$LYSS_CLUSTER_ID" --service-id "$LYSS_SERVICE_ID" \
  --silo-metrics "http://127.0.0.1:$LYSS_SILO_HTTP_PORT/metrics" \
  --gateway "http://127.0.0.1:$LYSS_GATEWAY_PORT" --token "$token" \
  --tenant-token-cmd "./run.sh token --tenant {tenant} --user bench-reader --permissions user:read,user:create,activity:read,activity:write" \
  --admin-pg "$(lyss_pg_connection_string "$LYSS_PG_DATABASE" "$LYSS_PG_ADMIN_USER" "$LYSS_PG_ADMIN_PASSWORD")" "$@"
