#!/usr/bin/env bash
# S8 with and without the access-log entries of reads of many, on the data bench/run.sh left in
# treatment_bench: each variant on a fresh API, warmed up 10 s, then measured 15 s (twice, alternating).
#   bench/s8-audit.sh            (prints one line per measurement)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conn="$(TP_DB_NAME=treatment_bench scripts/db.sh start)"
pg="host=127.0.0.1 port=${TP_PG_PORT:-55432} user=postgres dbname=treatment_bench"
base=http://127.0.0.1:5099
clinic=clinic-01
counselor=$(psql "$pg" -tAc "select counselor_id from tp.mt_doc_carerow where tenant_id = '$clinic' and status <> 'Discharged' and counselor_id is not null
  group by 1 order by abs(count(*) - 40) limit 1")
dll=src/TreatmentPlatform.Api/bin/Release/net10.0/TreatmentPlatform.Api.dll
export TP_TOKEN="$(ASPNETCORE_ENVIRONMENT=Development dotnet $dll token --role counselor --clinic $clinic --sub "$counselor")" TP_COUNSELOR="$counselor"
measure() {
  (cd src/TreatmentPlatform.Api && ConnectionStrings__Marten="$conn" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
    AccessLog__ReadsOfMany="$1" ASPNETCORE_URLS="$base" exec dotnet bin/Release/net10.0/TreatmentPlatform.Api.dll) >/dev/null 2>&1 &
  local pid=$!
  until curl -fs "$base/health/ready" >/dev/null; do sleep 0.1; done
  wrk -t2 -c32 -d10s -s bench/read.lua "$base" >/dev/null 2>&1
  local out; out=$(wrk -t2 -c32 -d15s --latency -s bench/read.lua "$base" 2>&1)
  echo "audit=$1 $(echo "$out" | awk '/^Requests\/sec:/{print $2 " req/s"}') $(echo "$out" | grep LATENCY)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for round in 1 2; do measure true; measure false; done
