#!/usr/bin/env bash
# Loads a small synthetic clinic, "demo" (60 patients, a year of history), into the local database.
# Each run adds another 60 patients (new ids); `scripts/db.sh reset` starts over.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conn="$(scripts/db.sh start)"
out="$(mktemp -d)"
dotnet build bench/TreatmentPlatform.Seeder -nologo -v q >/dev/null  # builds the API too
dotnet bench/TreatmentPlatform.Seeder/bin/Debug/net10.0/TreatmentPlatform.Seeder.dll --demo --out "$out"
(cd src/TreatmentPlatform.Api && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Marten="$conn" \
  dotnet bin/Debug/net10.0/TreatmentPlatform.Api.dll import-history --clinic demo --file "$out/demo.ndjson" | grep '^imported')
echo "counselors of clinic demo: $(paste -sd' ' "$out/demo.counselors" | cut -c1-80)…"
rm -rf "$out"
