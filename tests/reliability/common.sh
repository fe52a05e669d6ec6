# Shared helpers for the reliability scenarios (sourced). They use the project database
# (scripts/db.sh), a Release build of the API, curl and psql, and only 127.0.0.1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
dll="$root/src/TreatmentPlatform.Api/bin/Release/net10.0/TreatmentPlatform.Api.dll"
pids=()

cleanup() { for p in "${pids[@]:-}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

prepare() {
  CONN="$("$root/scripts/db.sh" start)"
  export CONN
  dotnet build "$root/src/TreatmentPlatform.Api" -c Release -nologo -v q >/dev/null
  TOKEN="$(ASPNETCORE_ENVIRONMENT=Development dotnet "$dll" token --role admin --clinic "reliability-$(date +%s)")"
  export TOKEN
}

start_api() { # port → pid in $api_pid
  ConnectionStrings__Marten="$CONN" ASPNETCORE_URLS="http://127.0.0.1:$1" ASPNETCORE_ENVIRONMENT=Development \
    dotnet "$dll" --contentRoot "$root/src/TreatmentPlatform.Api" >"$work/api-$1.log" 2>&1 &
  api_pid=$!
  pids+=("$api_pid")
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$1/health/live" >/dev/null && return 0; sleep 0.5; done
  echo "API on $1 did not start" >&2; return 1
}

post() { # base path json [idempotency-key] → prints "status body"
  local key=${4:-}
  curl -s -o "$work/body" -w '%{http_code}' -X POST "$1$2" -H "Authorization: Bearer $TOKEN" \
    -H 'content-type: application/json' ${key:+-H "Idempotency-Key: $key"} -d "$3" --max-time 10 || true
}

patient_on_oral_plan() { # base → patient id
  local id
  post "$1" /api/patients '{"firstName":"Rel","lastName":"Iability","dateOfBirth":"1980-01-01","program":"oud","enrolledOn":"2026-01-01"}' >/dev/null
  id=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["id"])' "$work/body")
  post "$1" "/api/patients/$id/opioid-free-verifications" '{"verifiedOn":"2026-01-01","method":"urine-drug-screen","result":"negative"}' >/dev/null
  curl -s -o /dev/null -X PUT "$1/api/patients/$id/medication-plan" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -d '{"form":"oral","startOn":"2026-01-01"}'
  echo "$id"
}

sql() { psql "$(python3 - "$CONN" <<'PY'
import sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if p)
print(f"host={parts['Host']} port={parts['Port']} user={parts['Username']} dbname={parts['Database']}")
PY
)" -tAc "$1"; }
