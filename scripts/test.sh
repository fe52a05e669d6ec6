#!/usr/bin/env bash
# Builds with zero warnings and runs every test against the project PostgreSQL
# (a separate treatment_tests database; TP_TEST_DATABASE overrides it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ -z "${TP_TEST_DATABASE:-}" ]; then
  TP_TEST_DATABASE="$(TP_DB_NAME=treatment_tests "$root/scripts/db.sh" start)"
fi
export TP_TEST_DATABASE

dotnet build TreatmentPlatform.sln -c Release -warnaserror -nodeReuse:false
log="$(mktemp)"
set +e
dotnet test TreatmentPlatform.sln -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
summary="$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -1 || true)"
if [ -n "$summary" ]; then
  failed="$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")"
  passed="$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")"
  echo "tests: $passed passed, $failed failed"
fi
rm -f "$log"
exit "$status"
