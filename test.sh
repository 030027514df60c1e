#!/usr/bin/env bash
# Starts local PostgreSQL and Redis (installing Redis when missing) and runs every test.
# Extra arguments go to dotnet test (e.g. ./test.sh --filter FullyQualifiedName~Users); without them the
# interop tests of the tracking SDKs (scripts/interop.sh) run last.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/env.sh
scripts/services.sh up
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# There is no Docker engine here; the compose file is at least checked for validity.
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "[test] installing docker-compose from Debian's packages (to validate docker-compose.yml)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
fi
LYSS_SIGNING_KEY=compose-config-check-key-000000000000 docker-compose -f docker-compose.yml config -q
echo "[test] docker-compose.yml is valid" >&2

# The Kubernetes manifests render (kustomize) and validate offline: API schemas and this service's rules.
command -v kubectl >/dev/null || { echo "[test] kubectl is needed to render deploy/kubernetes" >&2; exit 1; }
(cd tests/deploy && npm ci --no-audit --no-fund --silent)
kubectl kustomize deploy/kubernetes | node tests/deploy/validate.mjs >&2

dotnet build Lyss.UserGrains.sln -c Release -nologo -v quiet
dotnet test Lyss.UserGrains.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"

# The real Segment, RudderStack and PostHog SDKs against a running stack (skipped when a filter narrows the run).
if [ $# -eq 0 ]; then
  scripts/interop.sh
fi
