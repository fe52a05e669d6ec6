#!/usr/bin/env bash
# Times `move-clinic` on the bench's clinic size (issue 19): one clinic of MOVE_PATIENTS (10,000)
# synthetic patients with a year of history (the seeder bench/run.sh uses), imported into database
# "one" on the local cluster, then moved to database "two" on a second local cluster while an API
# node runs. Prints the command's own step timings and the load average.
#   bench/move-clinic.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
patients="${MOVE_PATIENTS:-10000}"
work="$(mktemp -d)"
log() { echo "move: $*" >&2; }

first="$(TP_DB_NAME=postgres scripts/db.sh start)"
second_running=$(TP_PG_CLUSTER=2 scripts/db.sh status >/dev/null 2>&1 && echo yes || echo no)
second="$(TP_PG_CLUSTER=2 TP_DB_NAME=postgres scripts/db.sh start)"
source "$root/bench/databases.sh"
dotnet build src/TreatmentPlatform.Api -c Release -nologo -v q >/dev/null
dotnet build bench/TreatmentPlatform.Seeder -c Release -nologo -v q >/dev/null
today=$(TZ=America/New_York date +%Y-%m-%d)
dotnet bench/TreatmentPlatform.Seeder/bin/Release/net10.0/TreatmentPlatform.Seeder.dll --out "$work/seed" \
  --clinics 1 --patients "$patients" --today "$today" >"$work/seeded"
file=$(ls "$work"/seed/*.ndjson); clinic=$(basename "$file" .ndjson)

master=$(fresh "$first" move_master); one=$(fresh "$first" move_one); two=$(fresh "$second" move_two)
export Databases__Master="$master" Databases__Pool__one="$one" Databases__Pool__two="$two"
api() { (cd src/TreatmentPlatform.Api && ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  exec dotnet bin/Release/net10.0/TreatmentPlatform.Api.dll "$@"); }
api db-apply >/dev/null 2>&1
api clinic-databases --assign "$clinic" --to one >/dev/null
start=$(date +%s.%N)
api import-history --clinic "$clinic" --file "$file" >/dev/null 2>&1
log "imported $patients patients of $clinic into one in $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.0f') s"

(ASPNETCORE_URLS=http://127.0.0.1:5196 api >"$work/node.log" 2>&1) & node=$!
stop_node() { local pid; pid=$(ss -ltnp | grep '127.0.0.1:5196 ' | grep -o 'pid=[0-9]*' | cut -d= -f2 || true); [ -z "$pid" ] || kill "$pid"; kill $node 2>/dev/null || true; }
trap stop_node EXIT
until [ "$(psql "$(libpq "$one")" -tAc "select coalesce((select min(last_seq_id) from tp.mt_event_progression where name in ('TreatmentSummary:All','CareRow:All') having count(*) = 2), -1) >= (select max(seq_id) from tp.mt_events)" 2>/dev/null)" = t ]; do
  kill -0 $node 2>/dev/null || { cat "$work/node.log" >&2; exit 1; }; sleep 1; done
log "projected; moving with a node running (load average $(cut -d' ' -f1-3 /proc/loadavg))"

start=$(date +%s.%N)
api move-clinic --clinic "$clinic" --to two >"$work/move.log" 2>&1 || { cat "$work/move.log" >&2; exit 1; }
grep -E "^[0-9]{2}:[0-9]{2}:[0-9]{2} " "$work/move.log"
moved=$(echo "$(date +%s.%N) - $start" | bc)
log "move-clinic took $(printf '%.1f' "$moved") s, process start included (load average $(cut -d' ' -f1-3 /proc/loadavg))"
log "in two: $(psql "$(libpq "$two")" -tAc "select count(*) || ' events, ' || count(distinct stream_id) || ' patients' from tp.mt_events where tenant_id = '$clinic'"); in one: $(psql "$(libpq "$one")" -tAc "select count(*) from tp.mt_events where tenant_id = '$clinic'") events"

stop_node; wait $node 2>/dev/null || true
[ "$second_running" = yes ] || TP_PG_CLUSTER=2 scripts/db.sh stop >/dev/null
