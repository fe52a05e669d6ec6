#!/usr/bin/env bash
# Regenerates the pre-built Wolverine handlers and endpoints in src/TreatmentPlatform.Api/Internal/Generated.
# Run it after changing a handler or endpoint signature; GeneratedCodeTests fails until you do.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/src/TreatmentPlatform.Api"
conn="$("$root/scripts/db.sh" start)"
rm -rf Internal/Generated
# Build without the old files first, so code of a removed handler does not linger.
dotnet build -c Release -nologo -v q >/dev/null
ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Marten="$conn" dotnet bin/Release/net10.0/TreatmentPlatform.Api.dll codegen write
dotnet build -c Release -nologo -v q >/dev/null
