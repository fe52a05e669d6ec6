#!/usr/bin/env bash
# Loads a small synthetic clinic, "demo" (60 patients, a year of history), into the local database.
# Safe to run once per database: a second run is refused because the patients already exist.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conn="$(scripts/db.sh start)"
out="$(mktemp -d)"
dotnet build bench/TreatmentPlatform.Seeder -nologo -v q >/dev/null
dotnet bench/TreatmentPlatform.Seeder/bin/Debug/net10.0/TreatmentPlatform.Seeder.dll --demo --out "$out"
ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Marten="$conn" \
  dotnet src/TreatmentPlatform.Api/bin/Debug/net10.0/TreatmentPlatform.Api.dll import-history --clinic demo --file "$out/demo.ndjson" 2>/dev/null
echo "counselors of clinic demo: $(paste -sd' ' "$out/demo.counselors" | cut -c1-80)…"
rm -rf "$out"
