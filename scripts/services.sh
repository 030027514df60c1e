#!/usr/bin/env bash
# Local PostgreSQL 15 and Redis on loopback for development, tests and CI.
#   scripts/services.sh up                 start both (installing Redis when missing), migrate
#   scripts/services.sh down               stop both
#   scripts/services.sh status             show what runs where
#   scripts/services.sh migrate [--db DB]  create DB if needed and apply sql/ migrations once each
#   scripts/services.sh dropdb DB          drop a database (tests clean up with it)
#   scripts/services.sh pg-up|pg-down      only PostgreSQL (failure tests stop and start their own)
#   scripts/services.sh redis-up|redis-down  only Redis (likewise)
# Ports, data folder and passwords come from scripts/env.sh (environment variables override).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PG_DATA="$LYSS_STATE_DIR/pg-$LYSS_PG_PORT"
PG_LOG="$LYSS_STATE_DIR/pg-$LYSS_PG_PORT.log"
REDIS_DIR="$LYSS_STATE_DIR/redis-$LYSS_REDIS_PORT"

log() { echo "[services] $*" >&2; }

# initdb and postgres refuse to run as root: run them as an unprivileged account that can
# reach the data folder.
pg_os_user() {
  if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
  if id postgres >/dev/null 2>&1; then echo postgres; return; fi
  if ! id lyss-pg >/dev/null 2>&1; then useradd --system --no-create-home --shell /usr/sbin/nologin lyss-pg; fi
  echo lyss-pg
}

as_pg() {
  local user; user=$(pg_os_user)
  if [ "$(id -un)" = "$user" ]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

admin_psql() { # psql as the admin role over TCP; extra args passed on
  PGPASSWORD="$LYSS_PG_ADMIN_PASSWORD" "$LYSS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$LYSS_PG_HOST" -p "$LYSS_PG_PORT" -U "$LYSS_PG_ADMIN_USER" "$@"
}

pg_running() { "$LYSS_PG_BIN/pg_isready" -q -h "$LYSS_PG_HOST" -p "$LYSS_PG_PORT" >/dev/null 2>&1; }

pg_up() {
  [ -x "$LYSS_PG_BIN/postgres" ] || { log "PostgreSQL 15 not found under $LYSS_PG_BIN (apt-get install postgresql-15)"; exit 1; }
  local user; user=$(pg_os_user)
  mkdir -p "$LYSS_STATE_DIR"; chmod 755 "$LYSS_STATE_DIR"
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA (as $user)"
    mkdir -p "$PG_DATA"; chown "$user" "$PG_DATA"; chmod 700 "$PG_DATA"
    local pwfile; pwfile=$(mktemp); echo "$LYSS_PG_ADMIN_PASSWORD" > "$pwfile"; chown "$user" "$pwfile"
    as_pg "$LYSS_PG_BIN/initdb" -D "$PG_DATA" -U "$LYSS_PG_ADMIN_USER" --pwfile="$pwfile" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if pg_running; then
    log "PostgreSQL already up on $LYSS_PG_HOST:$LYSS_PG_PORT"
  else
    touch "$PG_LOG"; chown "$user" "$PG_LOG"
    # Loopback only; the socket goes into the data folder so no system path is needed.
    as_pg "$LYSS_PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start \
      -o "-p $LYSS_PG_PORT -c listen_addresses=$LYSS_PG_HOST -k $PG_DATA -c max_connections=300 -c shared_buffers=256MB -c synchronous_commit=on" >/dev/null
    log "PostgreSQL up on $LYSS_PG_HOST:$LYSS_PG_PORT (data $PG_DATA)"
  fi
}

ensure_app_role() {
  admin_psql -d postgres -v app="$LYSS_PG_APP_USER" -v pw="$LYSS_PG_APP_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app', :'pw')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'app', :'pw') \gexec
SQL
}

pg_down() {
  if [ -s "$PG_DATA/PG_VERSION" ] && pg_running; then
    as_pg "$LYSS_PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
  fi
}

redis_up() {
  if ! command -v redis-server >/dev/null 2>&1; then
    log "installing redis-server from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq redis-server >/dev/null
  fi
  if redis-cli -h "$LYSS_REDIS_HOST" -p "$LYSS_REDIS_PORT" ping >/dev/null 2>&1; then
    log "Redis already up on $LYSS_REDIS_HOST:$LYSS_REDIS_PORT"; return
  fi
  mkdir -p "$REDIS_DIR"
  # AOF on: Orleans' Redis membership never recovers from a Redis that forgot its data
  # (dotnet/orleans#7784). fsync on every write: a durable activity acknowledged after its
  # spill to Redis (PostgreSQL down) must survive a crash, and this Redis only takes
  # membership heartbeats and spills, so the cost is small.
  redis-server --bind "$LYSS_REDIS_HOST" --port "$LYSS_REDIS_PORT" --dir "$REDIS_DIR" \
    --appendonly yes --appendfsync always --save "" --protected-mode yes \
    --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -h "$LYSS_REDIS_HOST" -p "$LYSS_REDIS_PORT" ping >/dev/null 2>&1 && { log "Redis up on $LYSS_REDIS_HOST:$LYSS_REDIS_PORT"; return; }
    sleep 0.1
  done
  log "Redis did not start; see $REDIS_DIR/redis.log"; exit 1
}

redis_down() {
  if command -v redis-cli >/dev/null 2>&1 && redis-cli -h "$LYSS_REDIS_HOST" -p "$LYSS_REDIS_PORT" ping >/dev/null 2>&1; then
    redis-cli -h "$LYSS_REDIS_HOST" -p "$LYSS_REDIS_PORT" shutdown >/dev/null 2>&1 || true
    log "Redis stopped"
  fi
}

migrate() { # database
  local db=$1
  ensure_app_role
  admin_psql -d postgres -v db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
  admin_psql -d "$db" -c "SET client_min_messages = warning; CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
  local applied file version count=0
  applied=$(admin_psql -d "$db" -At -c "SELECT version FROM schema_migrations")
  for file in "$LYSS_ROOT"/sql/[0-9]*.sql; do
    version=$(basename "$file" .sql)
    if grep -qxF "$version" <<<"$applied"; then continue; fi
    # One transaction per file, recorded in the same transaction: a failed file leaves no trace.
    admin_psql -d "$db" -1 -v app_role="$LYSS_PG_APP_USER" -f "$file" \
      -c "INSERT INTO schema_migrations(version) VALUES ('$version')"
    count=$((count + 1))
  done
  log "database $db: $count migration(s) applied"
}

cmd=${1:-}
shift || true
case "$cmd" in
  up) pg_up; redis_up; migrate "$LYSS_PG_DATABASE" ;;
  down) redis_down; pg_down ;;
  status)
    pg_running && echo "postgres: up on $LYSS_PG_HOST:$LYSS_PG_PORT (data $PG_DATA)" || echo "postgres: down"
    redis-cli -h "$LYSS_REDIS_HOST" -p "$LYSS_REDIS_PORT" ping >/dev/null 2>&1 \
      && echo "redis: up on $LYSS_REDIS_HOST:$LYSS_REDIS_PORT (dir $REDIS_DIR)" || echo "redis: down" ;;
  migrate)
    db=$LYSS_PG_DATABASE
    if [ "${1:-}" = "--db" ]; then db=${2:?--db needs a name}; fi
    migrate "$db" ;;
  pg-up) pg_up ;;
  pg-down) pg_down ;;
  redis-up) redis_up ;;
  redis-down) redis_down ;;
  dropdb)
    admin_psql -d postgres -v db="${1:?dropdb needs a name}" <<'SQL'
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'db') \gexec
SQL
    ;;
  *) echo "usage: $0 up|down|status|migrate [--db NAME]|dropdb NAME|pg-up|pg-down|redis-up|redis-down" >&2; exit 2 ;;
esac
