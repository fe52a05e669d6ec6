#!/usr/bin/env bash
# S11: FHIR bulk export of every bench clinic at once (on the data bench/run.sh left in
# treatment_bench): kick-off per clinic, poll until each manifest, then download every file of the
# largest clinic. Prints the time per clinic, the total, the API's peak RSS and the bytes served.
#   bench/s11-bulk-export.sh        (TP_PG_PORT picks the cluster, as for scripts/db.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conn="$(TP_DB_NAME=treatment_bench scripts/db.sh start)"
pg="host=127.0.0.1 port=${TP_PG_PORT:-55432} user=postgres dbname=treatment_bench"
base=http://127.0.0.1:5099
dll=src/TreatmentPlatform.Api/bin/Release/net10.0/TreatmentPlatform.Api.dll
mapfile -t clinics < <(psql "$pg" -tAc "select tenant_id from tp.mt_doc_patientstate group by 1 order by count(*) desc")
echo "patients: $(psql "$pg" -tAc "select count(*) from tp.mt_doc_patientstate"), events: $(psql "$pg" -tAc "select count(*) from tp.mt_events"), clinics: ${#clinics[@]}"

# Projections are caught up by bench/run.sh; this node runs the export jobs only.
(cd src/TreatmentPlatform.Api && ConnectionStrings__Marten="$conn" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  ReadModels__RunProjections=false ASPNETCORE_URLS="$base" exec dotnet bin/Release/net10.0/TreatmentPlatform.Api.dll) >/tmp/s11-api.log 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
until curl -fs "$base/health/ready" >/dev/null; do sleep 0.2; done
peak=0
sample() { local rss; rss=$(awk '/VmRSS/{print $2}' /proc/$api/status); [ "$rss" -gt "$peak" ] && peak=$rss; return 0; }

admin=$(cat /proc/sys/kernel/random/uuid)
declare -A token status done_at
start=$(date +%s.%N)
for c in "${clinics[@]}"; do
  token[$c]="$(ASPNETCORE_ENVIRONMENT=Development dotnet $dll token --role admin --clinic "$c" --sub "$admin")"
  status[$c]=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer ${token[$c]}" -H "Prefer: respond-async" "$base/api/fhir/\$export" \
    | awk 'tolower($1)=="content-location:"{print $2}' | tr -d '\r')
done
left=${#clinics[@]}
while [ "$left" -gt 0 ]; do
  sample; sleep 0.5
  for c in "${clinics[@]}"; do
    [ -n "${done_at[$c]:-}" ] && continue
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${token[$c]}" "${status[$c]}")
    if [ "$code" = 200 ]; then done_at[$c]=$(date +%s.%N); left=$((left - 1)); fi
    if [ "$code" != 200 ] && [ "$code" != 202 ]; then echo "$c: status $code"; exit 1; fi
  done
done
total=$(echo "$(date +%s.%N) - $start" | bc)
for c in "${clinics[@]}"; do printf '%s done after %.1f s\n' "$c" "$(echo "${done_at[$c]} - $start" | bc)"; done
printf 'all clinics: %.1f s; API peak RSS while exporting: %d MB\n' "$total" $((peak / 1024))

# Download the largest clinic's files (streamed from the gzip parts).
c=${clinics[0]}
manifest=$(curl -fsS -H "Authorization: Bearer ${token[$c]}" "${status[$c]}")
dl_start=$(date +%s.%N); bytes=0; lines=0
for url in $(echo "$manifest" | python3 -c 'import json,sys; [print(o["url"]) for o in json.load(sys.stdin)["output"]]'); do
  out=$(curl -fsS -H "Authorization: Bearer ${token[$c]}" "$url" | tee >(wc -l > /tmp/s11-lines) | wc -c)
  sample; bytes=$((bytes + out)); lines=$((lines + $(cat /tmp/s11-lines)))
done
printf '%s download: %d resources, %d MB of NDJSON in %.1f s; API peak RSS overall: %d MB\n' "$c" "$lines" $((bytes / 1048576)) \
  "$(echo "$(date +%s.%N) - $dl_start" | bc)" $((peak / 1024))
for c in "${clinics[@]}"; do curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer ${token[$c]}" "${status[$c]}"; done
