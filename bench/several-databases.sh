#!/usr/bin/env bash
# The scaled-down simulation behind docs/scaling.md: SIM_CLINICS synthetic clinics (the Bogus seeder,
# a year of history) imported once into one database and once spread over two databases on two
# local clusters (Marten's hash placement), each followed by the projection daemon catching up.
# Prints the import and projection rates of both set-ups.
#   bench/several-databases.sh        (SIM_CLINICS=40 SIM_PATIENTS=10000 by default)
#   SIM_PORT=5097: the API node's port; TP_PG_PORT_2=55433: the second cluster's port (TP_PG_CLUSTER=2 scripts/db.sh);
#   TP_DATABASE: the first cluster, as for scripts/db.sh (its postgres database; sim_* databases are made there)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
clinics="${SIM_CLINICS:-40}"
patients="${SIM_PATIENTS:-10000}"
port="${SIM_PORT:-5097}"
second_port="${TP_PG_PORT_2:-55433}"
work="$(mktemp -d)"
log() { echo "sim: $*" >&2; }

first="$(TP_DB_NAME=postgres scripts/db.sh start)"
second="$(TP_PG_CLUSTER=2 TP_PG_PORT="$second_port" TP_DB_NAME=postgres scripts/db.sh start)"
source "$root/bench/databases.sh"
dotnet build src/TreatmentPlatform.Api -c Release -nologo -v q >/dev/null
dotnet build bench/TreatmentPlatform.Seeder -c Release -nologo -v q >/dev/null
today=$(TZ=America/New_York date +%Y-%m-%d)
dotnet bench/TreatmentPlatform.Seeder/bin/Release/net10.0/TreatmentPlatform.Seeder.dll --out "$work/seed" \
  --clinics "$clinics" --patients "$patients" --today "$today" >"$work/seeded"
events=$(grep -o 'events=[0-9]*' "$work/seeded" | cut -d= -f2)
log "seeded $patients patients in $clinics clinics, $events events"

run_api() { cd src/TreatmentPlatform.Api && ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  exec dotnet bin/Release/net10.0/TreatmentPlatform.Api.dll "$@"; }   # execs: call it in a subshell
api() { (run_api "$@"); }

# Imports every clinic, then runs an API node until each database's daemon has projected all of its events.
run() {  # name, then the databases to watch (connection strings)
  local name=$1; shift
  log "$name: load average before the run $(cut -d' ' -f1-3 /proc/loadavg)"
  api db-apply >/dev/null 2>&1
  local start; start=$(date +%s.%N)
  for file in "$work"/seed/*.ndjson; do api import-history --clinic "$(basename "$file" .ndjson)" --file "$file" >/dev/null 2>&1; done
  local imported; imported=$(echo "$(date +%s.%N) - $start" | bc)
  (ASPNETCORE_URLS=http://127.0.0.1:$port run_api >/dev/null 2>&1) & local node=$!   # the subshell execs dotnet: $node is the API
  start=$(date +%s.%N)
  for db in "$@"; do
    local pg; pg=$(libpq "$db")
    until [ "$(psql "$pg" -tAc "select coalesce((select min(last_seq_id) from tp.mt_event_progression where name in ('TreatmentSummary:All','CareRow:All') having count(*) = 2), -1) >= coalesce((select max(seq_id) from tp.mt_events), 0)" 2>/dev/null)" = t ]; do sleep 0.5; done
  done
  local projected; projected=$(echo "$(date +%s.%N) - $start" | bc)
  kill $node 2>/dev/null || true; wait $node 2>/dev/null || true
  printf '%s: import %.1f s (%.0f events/s, %d process starts included); projection %.1f s (%.0f events/s, one node)\n' \
    "$name" "$imported" "$(echo "$events / $imported" | bc -l)" "$clinics" "$projected" "$(echo "$events / $projected" | bc -l)"
}

single=$(fresh "$first" sim_single)
ConnectionStrings__Marten="$single" run "one database" "$single"

master=$(fresh "$first" sim_master); one=$(fresh "$first" sim_one); two=$(fresh "$second" sim_two)
export Databases__Master="$master" Databases__Pool__one="$one" Databases__Pool__two="$two" Databases__Assignment=hash
run "two databases" "$one" "$two"
log "clinics per database: $(psql "$(libpq "$master")" -tAc "select string_agg(database_id || '=' || tenant_count, ' ') from tp.mt_database_pool")"
TP_PG_CLUSTER=2 TP_PG_PORT="$second_port" scripts/db.sh stop >/dev/null
