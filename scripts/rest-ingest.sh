#!/usr/bin/env bash
# (b) REST ingestion driven by wrk (Debian package), beside the authenticated hello endpoint
# GET /api/v1/whoami, in one run against ./run.sh. Prints a Markdown table.
#   scripts/rest-ingest.sh [--seconds 10] [--connections "32 128"] [--batch 100] [--rounds 3]
# The hello and the single POST alternate for --rounds rounds: this 2-core machine is shared, and a
# burst of outside load during one scenario would otherwise decide the ratio. Each round runs both at
# every concurrency in --connections: the hello is at its peak by 32 connections, while the POST, whose
# extra hop (gateway -> silo) gets cheaper per request as more requests share each message and
# wake-up, keeps gaining. The figures: the ratio at each concurrency (median over rounds), and peak
# against peak (each endpoint's best req/s in the round, median over rounds).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
seconds=10 connections="32 128" batch=100 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
base="http://127.0.0.1:$LYSS_GATEWAY_PORT"
tenant=$(cat /proc/sys/kernel/random/uuid)
work=$(mktemp -d)
cleanup() { # the run leaves no rows behind
  rm -rf "$work"
  PGPASSWORD=$LYSS_PG_ADMIN_PASSWORD psql -q -h "$LYSS_PG_HOST" -p "$LYSS_PG_PORT" -U "$LYSS_PG_ADMIN_USER" -d "$LYSS_PG_DATABASE" \
    -v tenant="$tenant" -f scripts/sql/delete-tenant-activities.sql >/dev/null && echo "deleted the activities of benchmark tenant $tenant"
}
trap cleanup EXIT
ops=$(./run.sh token --tenant "$tenant" --user bench-ops --permissions 'tenant:create,user:create,user:manage' 2>/dev/null | tail -1)
curl -fsS -o /dev/null -X POST "$base/api/v1/tenants" -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
  -d "{\"id\":\"$tenant\",\"name\":\"REST ingest\",\"auto_activate_users\":true}"
for i in $(seq 1 100); do
  curl -fsS -X POST "$base/api/v1/users" -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
    -d "{\"email\":\"rest$i.$tenant@bench.example\",\"name\":\"Rest User $i\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
done > "$work/users"
token=$(./run.sh token --tenant "$tenant" --user bench-writer --permissions 'activity:write' --minutes 60 2>/dev/null | tail -1)
lua_users=$(sed 's/.*/"&",/' "$work/users" | tr -d '\n')
cat > "$work/common.lua" <<LUA
users = { $lua_users }
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
counter = 0
LUA
cat "$work/common.lua" > "$work/hello.lua"
{ cat "$work/common.lua"; cat <<'LUA'
-- Requests are built once, before the clock: wrk then spends on each request what it spends on the
-- hello's static one, and the figures measure the service, not Lua string formatting.
requests = {}
init = function()
  for i = 1, 10000 do
    local body = string.format('{"user_id":"%s","activity_type":"case_view","resource_type":"case","resource_id":"case-%d","ack":"buffered"}', users[(i % #users) + 1], i)
    requests[i] = wrk.format("POST", "/api/v1/activities", nil, body)
  end
end
request = function()
  counter = counter % #requests + 1
  return requests[counter]
end
LUA
} > "$work/single.lua"
{ cat "$work/common.lua"; cat <<LUA
batch = $batch
LUA
cat <<'LUA'
requests = {}
init = function()
  for r = 1, 200 do
    local items = {}
    for i = 1, batch do
      items[i] = string.format('{"user_id":"%s","activity_type":"case_view","resource_id":"case-%d-%d"}', users[((r * batch + i) % #users) + 1], r, i)
    end
    requests[r] = wrk.format("POST", "/api/v1/activities/batch", nil, '{"ack":"buffered","activities":[' .. table.concat(items, ",") .. ']}')
  end
end
request = function()
  counter = counter % #requests + 1
  return requests[counter]
end
LUA
} > "$work/batch.lua"
run() { # name script path connections [seconds]
  local out rps
  out=$(wrk -t2 -c"$4" -d"${5:-$seconds}s" --latency -s "$2" "$base$3")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
  local p99; p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$1|$rps|$p99|$non2xx"
}
echo "wrk -t2 -d${seconds}s at ${connections// /, } connections; tenant $tenant, 100 users; batch of $batch; $rounds rounds of hello then single"
echo "| scenario | connections | req/s | rows/s | p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
# Warm-up, not recorded: a restarted gateway and silo still JIT their request paths for the first
# seconds, which would land in round 1's POST alone (the hello's path is mostly shared with startup).
run warm-up "$work/hello.lua" /api/v1/whoami "${connections%% *}" 3 >/dev/null
run warm-up "$work/single.lua" /api/v1/activities "${connections%% *}" 3 >/dev/null
samples=()
for round in $(seq 1 "$rounds"); do
  for c in $connections; do
    IFS='|' read -r n r p e <<<"$(run "GET /api/v1/whoami (hello, same auth), round $round" "$work/hello.lua" /api/v1/whoami "$c")"
    echo "| $n | $c | $r | - | $p | $e |"; hello_rps=$r
    IFS='|' read -r n r p e <<<"$(run "POST /api/v1/activities (buffered), round $round" "$work/single.lua" /api/v1/activities "$c")"
    echo "| $n | $c | $r | $r | $p | $e |"
    samples+=("$round:$c:$hello_rps:$r")
  done
done
batch_connections=${connections%% *}
IFS='|' read -r n r p e <<<"$(run "POST /api/v1/activities/batch ($batch per request)" "$work/batch.lua" /api/v1/activities/batch "$batch_connections")"
echo "| $n | $batch_connections | $r | $(python3 -c "print(round($r*$batch))") | $p | $e |"
python3 - "${samples[@]}" <<'PY'
import statistics, sys
rows = [s.split(":") for s in sys.argv[1:]]
rows = [(int(r), int(c), float(h), float(p)) for r, c, h, p in rows]
for c in sorted({c for _, c, _, _ in rows}):
    ratios = [p / h for _, cc, h, p in rows if cc == c]
    print(f"single POST / hello at {c} connections by round: " + ", ".join(f"{x:.0%}" for x in ratios) + f"; median {statistics.median(ratios):.0%}")
peaks = [max(p for rr, _, _, p in rows if rr == r) / max(h for rr, _, h, _ in rows if rr == r) for r in sorted({r for r, _, _, _ in rows})]
print("single POST / hello, peak against peak by round: " + ", ".join(f"{x:.0%}" for x in peaks) + f"; median {statistics.median(peaks):.0%}")
PY
