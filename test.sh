#!/usr/bin/env bash
# Starts local PostgreSQL and Redis (installing Redis when missing) and runs every test.
# Extra arguments go to dotnet test (e.g. ./test.sh --filter FullyQualifiedName~Users).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/env.sh
scripts/services.sh up
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build Lyss.UserGrains.sln -c Release -nologo -v quiet
dotnet test Lyss.UserGrains.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
