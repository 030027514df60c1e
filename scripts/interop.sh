#!/usr/bin/env bash
# The interop tests (tests/interop): the real Segment, RudderStack and PostHog Node SDKs and the /ops
# page in headless Chromium, installed from the committed lockfile, pointed at a stack this script starts
# (./run.sh --detach) and stops again. Called by ./test.sh; runs alone too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

log() { echo "[interop] $*" >&2; }
command -v node >/dev/null || { log "Node.js is required (Node 20 or later)"; exit 1; }

(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
log "SDKs and playwright-core installed from tests/interop/package-lock.json"

# The /ops page's browser test drives Debian's Chromium (browser downloads are not reachable here).
if ! command -v chromium >/dev/null 2>&1; then
  log "installing chromium from Debian's packages (the /ops page's browser test)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
fi
export CHROMIUM_PATH=${CHROMIUM_PATH:-$(command -v chromium)}

started=0
if ! curl -fsS -o /dev/null http://127.0.0.1:5080/health/ready 2>/dev/null; then
  ./run.sh --detach
  started=1
fi
stop() { [ "$started" = 1 ] && ./run.sh stop >/dev/null 2>&1 || true; }
trap stop EXIT

export LYSS_URL=http://127.0.0.1:5080
export LYSS_TENANT=${LYSS_DEV_TENANT:-00000000-0000-0000-0000-00000000d0e1}
LYSS_TOKEN=$(./run.sh token --tenant "$LYSS_TENANT" --user interop-tests --permissions 'platform:*' 2>/dev/null | tail -1)
export LYSS_TOKEN
# PostHog's SDK switches protocol when this is set: the tests speak the classic capture API.
unset POSTHOG_CAPTURE_MODE
(cd tests/interop && node --test --test-concurrency=1 --test-reporter=spec)
