#!/usr/bin/env bash
# Project-local PostgreSQL for development, tests and CI.
#   scripts/db.sh [start]   start (initialising on first use); prints the connection string
#   scripts/db.sh stop      stop the local cluster
#   scripts/db.sh reset     stop, delete the data folder, start fresh
#   scripts/db.sh status
# When TP_DATABASE is already set, nothing is started: that database is used as is.
# TP_PG_CLUSTER=N (N > 1) works on a further cluster of its own, for clinics on several database
# servers: data under .local/postgres-N, port 55431+N (55433 for the second) unless TP_PG_PORT
# says otherwise; TP_DATABASE does not stop it from starting.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cluster="${TP_PG_CLUSTER:-1}"
case "$cluster" in ''|*[!0-9]*|0) echo "db: TP_PG_CLUSTER must be a number from 1" >&2; exit 2 ;; esac
if [ "$cluster" = 1 ]; then suffix=""; else suffix="-$cluster"; unset TP_DATABASE; fi
port="${TP_PG_PORT:-$((55431 + cluster))}"
base="$root/.local/postgres$suffix"
data="$base/data"
sock="$base/socket"
db_name="${TP_DB_NAME:-treatment}"
conn="Host=127.0.0.1;Port=$port;Username=postgres;Database=$db_name"

log() { echo "db: $*" >&2; }

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_binaries() {
  if ! bin="$(find_bin)"; then
    log "PostgreSQL binaries missing; installing with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bin="$(find_bin)"
  fi
}

# PostgreSQL refuses to run as root: run its tools as the postgres user then.
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The cluster lives under .local/ in the checkout; when a parent folder shuts the postgres
# user out (root-owned 700 folders), under /var/tmp instead, keyed by the checkout path.
prepare_base() {
  mkdir -p "$base"
  [ "$(id -u)" = "0" ] || return 0
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  chmod o+x "$root" "$root/.local" 2>/dev/null || true
  chown postgres "$base"
  if ! runuser -u postgres -- test -w "$base"; then
    use_fallback_base
    mkdir -p "$base" && chown postgres "$base"
  fi
}

use_fallback_base() {
  base="/var/tmp/treatment-platform-$(printf '%s' "$root" | md5sum | cut -c1-8)$suffix"
  data="$base/data"; sock="$base/socket"
}

running() { as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start() {
  if [ -n "${TP_DATABASE:-}" ]; then echo "$TP_DATABASE"; return 0; fi
  ensure_binaries
  mkdir -p "$base"
  prepare_base
  if [ ! -s "$data/PG_VERSION" ]; then
    log "initialising a cluster in $data"
    as_pg mkdir -p "$data" "$sock"
    as_pg chmod 700 "$data"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
max_connections = 300
shared_buffers = 256MB
fsync = on
CONF
  fi
  if ! running; then
    if ss -ltn 2>/dev/null | grep -q ":$port "; then
      log "port $port is taken by another process; set TP_PG_PORT to a free port"; exit 1
    fi
    as_pg "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 start >/dev/null
    log "PostgreSQL started on 127.0.0.1:$port"
  fi
  for _ in $(seq 1 60); do
    "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q && break
    sleep 0.5
  done
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='$db_name'" postgres | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db_name"
  fi
  echo "$conn"
}

stop() {
  ensure_binaries
  [ -s "$data/PG_VERSION" ] || use_fallback_base
  if [ -s "$data/PG_VERSION" ] && running; then
    as_pg "$bin/pg_ctl" -D "$data" -w -m fast stop >/dev/null && log "stopped"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  reset) stop; rm -rf "$base"; base="$root/.local/postgres$suffix"; data="$base/data"; sock="$base/socket"; start ;;
  status) ensure_binaries; [ -s "$data/PG_VERSION" ] || use_fallback_base; if running; then echo "running on $port"; else echo "stopped"; exit 1; fi ;;
  *) echo "usage: $0 [start|stop|reset|status]" >&2; exit 2 ;;
esac
