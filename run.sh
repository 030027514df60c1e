#!/usr/bin/env bash
# Runs the Lyss User Grains cluster on local PostgreSQL and Redis.
#   ./run.sh                 services up, Release build, 1 silo + gateway; Ctrl-C stops everything
#   ./run.sh --silos N       N silos (Redis membership)
#   ./run.sh --cohost        the gateway co-hosted with the (first) silo in one process (src/CoHost)
#   ./run.sh --detach        same, in the background; stop with ./run.sh stop
#   ./run.sh stop            stops the silos, the gateway, PostgreSQL and Redis
#   ./run.sh token --tenant ID --user ID --permissions a,b,c [--minutes N]
#                            prints a token the gateway accepts (last line: the token alone)
#   ./run.sh rebuild-read-models
#                            rewrites users/tenant_members/profiles/preferences/tenants from grain state
set -euo pipefail
cd "$(dirname "$0")"
source scripts/env.sh

RUN_DIR="$LYSS_STATE_DIR/run"
KEY_FILE="$LYSS_STATE_DIR/dev-signing-key"
DEV_TENANT=${LYSS_DEV_TENANT:-00000000-0000-0000-0000-00000000d0e1}
SILO_BIN=src/Silo/bin/Release/net10.0
GATEWAY_BIN=src/Gateway.Api/bin/Release/net10.0
HOST_BIN=src/CoHost/bin/Release/net10.0
mkdir -p "$RUN_DIR"

log() { echo "[run] $*" >&2; }

signing_key() {
  if [ -n "${Lyss__Auth__SigningKey:-}" ]; then echo "$Lyss__Auth__SigningKey"; return; fi
  if [ ! -s "$KEY_FILE" ]; then
    mkdir -p "$LYSS_STATE_DIR"; (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n=+/' > "$KEY_FILE")
  fi
  cat "$KEY_FILE"
}

build() {
  log "building (Release)"
  # The co-host project references the silo and the gateway: one build makes all three.
  dotnet build src/CoHost/CoHost.csproj -c Release -v quiet -nologo >"$RUN_DIR/build.log" 2>&1 \
    || { cat "$RUN_DIR/build.log"; exit 1; }
}

common_env() {
  export ConnectionStrings__Postgres=${ConnectionStrings__Postgres:-$(lyss_pg_connection_string)}
  export ConnectionStrings__Redis=${ConnectionStrings__Redis:-$(lyss_redis_connection_string)}
  export Lyss__Auth__SigningKey; Lyss__Auth__SigningKey=$(signing_key)
  export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
  export DOTNET_NOLOGO=1
}

stop_all() {
  local pid_file pid
  for pid_file in "$RUN_DIR"/gateway.pid "$RUN_DIR"/silo-*.pid; do
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      # Silos deactivate grains and flush on SIGTERM; give them their shutdown window.
      for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && { log "pid $pid did not stop in time; killing"; kill -KILL "$pid" 2>/dev/null || true; }
    fi
    rm -f "$pid_file"
  done
  scripts/services.sh down
}

wait_http() { # url seconds
  local url=$1 seconds=$2
  for _ in $(seq 1 $((seconds * 4))); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.25
  done
  return 1
}

start_all() { # silos cohost
  local silos=$1 cohost=$2 first=1 shape="" i
  scripts/services.sh up
  build
  common_env
  if [ "$cohost" = 1 ]; then
    # Silo 1 and the gateway in one process; its pid stands for the gateway's.
    ( cd "$HOST_BIN" && exec env \
        Lyss__Host__SiloUrls="http://127.0.0.1:$LYSS_SILO_HTTP_PORT" Lyss__Host__GatewayUrls="http://127.0.0.1:$LYSS_GATEWAY_PORT" \
        Lyss__Silo__ClusterId="$LYSS_CLUSTER_ID" Lyss__Silo__ServiceId="$LYSS_SERVICE_ID" \
        Lyss__Silo__SiloPort="$LYSS_SILO_PORT" Lyss__Silo__GatewayPort="$LYSS_SILO_GATEWAY_PORT" \
        Lyss__Users__ExposeVerificationTokens=${LYSS_EXPOSE_VERIFICATION_TOKENS:-true} \
        dotnet Lyss.UserGrains.CoHost.dll >"$RUN_DIR/cohost.log" 2>&1 ) &
    echo $! > "$RUN_DIR/gateway.pid"
    wait_http "http://127.0.0.1:$LYSS_SILO_HTTP_PORT/health/ready" 120 \
      || { log "the co-hosted silo did not become ready; see $RUN_DIR/cohost.log"; tail -30 "$RUN_DIR/cohost.log"; stop_all; exit 1; }
    first=2 shape=", the first co-hosting the gateway"
  fi
  for i in $(seq "$first" "$silos"); do
    local http=$((LYSS_SILO_HTTP_PORT + i - 1))
    ( cd "$SILO_BIN" && exec env \
        Urls="http://127.0.0.1:$http" \
        Lyss__Silo__ClusterId="$LYSS_CLUSTER_ID" Lyss__Silo__ServiceId="$LYSS_SERVICE_ID" \
        Lyss__Silo__SiloPort=$((LYSS_SILO_PORT + i - 1)) Lyss__Silo__GatewayPort=$((LYSS_SILO_GATEWAY_PORT + i - 1)) \
        dotnet Lyss.UserGrains.Silo.dll >"$RUN_DIR/silo-$i.log" 2>&1 ) &
    echo $! > "$RUN_DIR/silo-$i.pid"
  done
  for i in $(seq "$first" "$silos"); do
    wait_http "http://127.0.0.1:$((LYSS_SILO_HTTP_PORT + i - 1))/health/ready" 120 \
      || { log "silo $i did not become ready; see $RUN_DIR/silo-$i.log"; tail -30 "$RUN_DIR/silo-$i.log"; stop_all; exit 1; }
  done
  if [ "$cohost" = 0 ]; then
    ( cd "$GATEWAY_BIN" && exec env \
        Urls="http://127.0.0.1:$LYSS_GATEWAY_PORT" \
        Lyss__Cluster__ClusterId="$LYSS_CLUSTER_ID" Lyss__Cluster__ServiceId="$LYSS_SERVICE_ID" \
        Lyss__Users__ExposeVerificationTokens=${LYSS_EXPOSE_VERIFICATION_TOKENS:-true} \
        dotnet Lyss.UserGrains.Gateway.Api.dll >"$RUN_DIR/gateway.log" 2>&1 ) &
    echo $! > "$RUN_DIR/gateway.pid"
  fi
  wait_http "http://127.0.0.1:$LYSS_GATEWAY_PORT/health/ready" 120 \
    || { log "gateway did not become ready; see $RUN_DIR/gateway.log $RUN_DIR/cohost.log"; stop_all; exit 1; }

  local token
  token=$(token_cmd --tenant "$DEV_TENANT" --user lyss-operator --permissions 'platform:*' --minutes 720 2>/dev/null | tail -1)
  # A development tenant to start with (201 the first time, 409 after).
  curl -s -o /dev/null -X POST "http://127.0.0.1:$LYSS_GATEWAY_PORT/api/v1/tenants" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$DEV_TENANT\",\"name\":\"Development\"}" || true
  cat <<INFO

Lyss User Grains is up ($silos silo(s)$shape, cluster $LYSS_CLUSTER_ID).
  API             http://127.0.0.1:$LYSS_GATEWAY_PORT/api/v1
  API reference   http://127.0.0.1:$LYSS_GATEWAY_PORT/docs   (OpenAPI: /openapi/v1.json)
  Gateway health  http://127.0.0.1:$LYSS_GATEWAY_PORT/health/ready   metrics: /metrics
  Dashboard       http://127.0.0.1:$LYSS_SILO_HTTP_PORT/   (silo health: /health/ready, metrics: /metrics)
  PostgreSQL      $(lyss_pg_connection_string)
  Redis           $(lyss_redis_connection_string)
  Logs            $RUN_DIR/*.log

Admin token (platform:*, tenant $DEV_TENANT, 12 h):
  export TOKEN=$token
  curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$LYSS_GATEWAY_PORT/api/v1/whoami
More tokens: ./run.sh token --tenant ID --user ID --permissions a,b,c; a walk-through: README.md, "Try it"
INFO
}

token_cmd() {
  common_env
  [ -f "$GATEWAY_BIN/Lyss.UserGrains.Gateway.Api.dll" ] || build
  ( cd "$GATEWAY_BIN" && dotnet Lyss.UserGrains.Gateway.Api.dll token "$@" )
}

silos=1 detach=0 cohost=0
case "${1:-}" in
  stop) stop_all; exit 0 ;;
  token) shift; token_cmd "$@"; exit $? ;;
  rebuild-read-models)
    common_env
    [ -f "$SILO_BIN/Lyss.UserGrains.Silo.dll" ] || build
    ( cd "$SILO_BIN" && Lyss__Silo__ServiceId="$LYSS_SERVICE_ID" dotnet Lyss.UserGrains.Silo.dll rebuild-read-models ); exit $? ;;
esac
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) silos=${2:?--silos needs a number}; shift 2 ;;
    --detach|-d) detach=1; shift ;;
    --cohost) cohost=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see ./run.sh --help)" >&2; exit 2 ;;
  esac
done
[[ "$silos" =~ ^[1-9][0-9]?$ ]] || { echo "--silos takes 1-99" >&2; exit 2; }

if [ -f "$RUN_DIR/gateway.pid" ] && kill -0 "$(cat "$RUN_DIR/gateway.pid")" 2>/dev/null; then
  log "already running; ./run.sh stop first"; exit 1
fi
start_all "$silos" "$cohost"
if [ "$detach" = 1 ]; then
  log "running in the background; stop with ./run.sh stop"
  exit 0
fi
trap 'echo; log "stopping"; stop_all; exit 0' INT TERM
log "Ctrl-C stops everything; following logs"
tail -n 0 -F "$RUN_DIR"/silo-*.log "$RUN_DIR/gateway.log" "$RUN_DIR/cohost.log" 2>/dev/null &
wait
