#!/usr/bin/env bash
# Segment's /v1/batch against the native /api/v1/activities/batch at the same batch size, driven by
# wrk in alternating rounds against ./run.sh (the target: Segment ≥ 90 % of native rows/s). Prints a
# Markdown table; the rows each side stored are counted in PostgreSQL afterwards, not assumed.
#   scripts/segment-ingest.sh [--seconds 10] [--connections 32] [--batch 100] [--rounds 3] [--message-ids]
# --message-ids gives every item a unique message id on both sides (what the SDKs always send),
# which takes the writer's deduplicating path; without it both sides send none.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
seconds=10 connections=32 batch=100 rounds=3 message_ids=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --message-ids) message_ids=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
base="http://127.0.0.1:$LYSS_GATEWAY_PORT"
tenant=$(cat /proc/sys/kernel/random/uuid)
work=$(mktemp -d)
psql_admin() { PGPASSWORD=$LYSS_PG_ADMIN_PASSWORD psql -q -h "$LYSS_PG_HOST" -p "$LYSS_PG_PORT" -U "$LYSS_PG_ADMIN_USER" -d "$LYSS_PG_DATABASE" "$@"; }
cleanup() { # the run leaves no rows (and no key) behind
  rm -rf "$work"
  [ -n "${LYSS_BENCH_KEEP:-}" ] && { echo "kept the rows of benchmark tenant $tenant (LYSS_BENCH_KEEP)"; return; }
  psql_admin -v tenant="$tenant" -f scripts/sql/delete-tenant-activities.sql >/dev/null
  psql_admin -c "DELETE FROM tenant_credentials WHERE tenant_id = '$tenant'" >/dev/null
  echo "deleted the activities and write key of benchmark tenant $tenant"
}
trap cleanup EXIT
ops=$(./run.sh token --tenant "$tenant" --user bench-ops --permissions 'tenant:create,tenant:manage,user:create' 2>/dev/null | tail -1)
curl -fsS -o /dev/null -X POST "$base/api/v1/tenants" -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
  -d "{\"id\":\"$tenant\",\"name\":\"Segment ingest\",\"auto_activate_users\":true}"
for i in $(seq 1 100); do
  curl -fsS -X POST "$base/api/v1/users" -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
    -d "{\"email\":\"seg$i.$tenant@bench.example\",\"name\":\"Segment User $i\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
done > "$work/users"
key=$(curl -fsS -X POST "$base/api/v1/tenants/$tenant/write-keys" -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
token=$(./run.sh token --tenant "$tenant" --user bench-writer --permissions 'activity:write' --minutes 60 2>/dev/null | tail -1)
basic=$(printf '%s:' "$key" | base64 -w0)
lua_users=$(sed 's/.*/"&",/' "$work/users" | tr -d '\n')

# Requests are built before the clock (wrk then measures the service, not Lua): 200 bodies per side,
# each item naming the same users and type. With message ids, each request swaps a fresh prefix into
# its pre-built body's ids, the same work on both sides.
lua() { # auth item-format wrapper-format
  cat <<LUA
users = { $lua_users }
wrk.headers["Authorization"] = "$1"
wrk.headers["Content-Type"] = "application/json"
batch, ids, run_id = $batch, $message_ids, "$(date +%s%N)"
item = '$2'
wrapper = '$3'
requests, bodies, counter, sent = {}, {}, 0, 0
init = function()
  -- Each wrk thread has a Lua state of its own: the address of a table made in it keeps their message ids apart.
  tid = tostring({}):match("0x(%x+)") or tostring({}):sub(8)
  for r = 1, 200 do
    local items = {}
    for i = 1, batch do
      items[i] = string.format(item, users[((r * batch + i) % #users) + 1], r, i, "MSGPFX-" .. r .. "-" .. i)
    end
    bodies[r] = string.format(wrapper, table.concat(items, ","))
    requests[r] = wrk.format("POST", nil, nil, bodies[r])
  end
end
request = function()
  counter = counter % #requests + 1
  if ids == 0 then return requests[counter] end
  sent = sent + 1
  return wrk.format("POST", nil, nil, (string.gsub(bodies[counter], "MSGPFX", tid .. "-" .. sent .. "-" .. run_id)))
end
LUA
}
if [ "$message_ids" = 1 ]; then native_id=',"message_id":"%s"'; segment_id=',"messageId":"%s"'; else native_id='%.0s'; segment_id='%.0s'; fi
# The same content on both sides: the native item carries what the Segment item's properties become.
lua "Bearer $token" "{\"user_id\":\"%s\",\"activity_type\":\"case_view\",\"details\":{\"case\":\"case-%d-%d\",\"event\":\"Case View\"}$native_id}" '{"activities":[%s]}' > "$work/native.lua"
# What the Segment SDKs send for a track call: the event, its properties, a timestamp, the library in context.
lua "Basic $basic" "{\"type\":\"track\",\"userId\":\"%s\",\"event\":\"Case View\",\"properties\":{\"case\":\"case-%d-%d\"},\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"context\":{\"library\":{\"name\":\"analytics-node-next\",\"version\":\"3.1.0\"}}$segment_id}" '{"batch":[%s],"sentAt":"2026-01-01T00:00:00.000Z"}' > "$work/segment.lua"

stored() { psql_admin -At -c "SELECT count(*) FROM user_activities WHERE tenant_id = '$tenant'"; }
settle() { # waits until the writer has stored what was accepted (the count stops moving for 2 s)
  local last=-1 now
  while now=$(stored); [ "$now" != "$last" ]; do last=$now; sleep 2; done
  echo "$now"
}
now_ms() { date +%s%3N; }
run() { # script path seconds → req/s|p99|non-2xx
  local out
  out=$(wrk -t2 -c"$connections" -d"$3s" --latency -s "$1" "$base$2")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out")|$(awk '$1=="99%" {print $2}' <<<"$out")|$(awk '/Non-2xx/ {print $5}' <<<"$out")"
}
echo "wrk -t2 -c$connections -d${seconds}s; tenant $tenant, 100 users; $batch items per request; message ids: $([ "$message_ids" = 1 ] && echo unique per item || echo none); $rounds rounds, native then Segment"
echo "| side, round | req/s | rows/s (stored ÷ run seconds) | sustained rows/s (stored ÷ time until stored) | p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
run "$work/native.lua" /api/v1/activities/batch 3 >/dev/null   # warm-up of both paths, not recorded
run "$work/segment.lua" /v1/batch 3 >/dev/null
samples=()
for round in $(seq 1 "$rounds"); do
  for side in native segment; do
    path=/api/v1/activities/batch; [ "$side" = segment ] && path=/v1/batch
    before=$(settle)
    started=$(now_ms)
    IFS='|' read -r rps p99 errors <<<"$(run "$work/$side.lua" "$path" "$seconds")"
    after=$(settle)
    # The writer may still be catching up when wrk stops: the sustained figure counts that time too.
    sustained=$(python3 -c "print(round(($after - $before) / max($seconds, ($(now_ms) - $started - 2000) / 1000)))")
    rows=$(python3 -c "print(round(($after - $before) / $seconds))")
    echo "| $side, round $round | $rps | $rows | $sustained | $p99 | ${errors:-0} |"
    samples+=("$round:$side:$rows")
  done
done
python3 - "${samples[@]}" <<'PY'
import statistics, sys
rows = {}
for s in sys.argv[1:]:
    r, side, n = s.split(":")
    rows.setdefault(int(r), {})[side] = float(n)
ratios = [v["segment"] / v["native"] for _, v in sorted(rows.items())]
print("Segment / native rows/s by round: " + ", ".join(f"{x:.0%}" for x in ratios) + f"; median {statistics.median(ratios):.0%}")
PY
