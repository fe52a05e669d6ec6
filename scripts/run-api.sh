#!/usr/bin/env bash
# Starts the API on the project database (provisioned by scripts/db.sh unless
# ConnectionStrings__Marten is already set). Ctrl+C stops the API; the database keeps running
# (scripts/db.sh stop).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$("$root/scripts/db.sh" start)"
  export ConnectionStrings__Marten
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
url="${ASPNETCORE_URLS%%;*}"

echo "API reference: $url/docs   (OpenAPI: $url/openapi/v1.json)"
echo "Get a token:   dotnet run --project src/TreatmentPlatform.Api -- token --role admin --clinic north"
exec dotnet run --project src/TreatmentPlatform.Api -c "${CONFIGURATION:-Debug}" "$@"
