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

# Browser tests drive Debian's chromium (no browser download works here).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the browser tests" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
fi

# Schema check of the Kubernetes manifests.
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix deploy/k8s --no-audit --no-fund --silent >&2
  node deploy/k8s/validate.mjs
fi

dotnet build TreatmentPlatform.sln -c Release -warnaserror -nodeReuse:false
log="$(mktemp)"
# OpenApiDocumentTests write the OpenAPI document here for the lint below.
export TP_OPENAPI_FILE="$(mktemp -d)/openapi-v1.json"
set +e
dotnet test TreatmentPlatform.sln -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The OpenAPI document linted as a client generator's user would (0 errors).
if command -v npm >/dev/null 2>&1; then
  if [ -s "$TP_OPENAPI_FILE" ]; then
    scripts/openapi/lint.sh "$TP_OPENAPI_FILE" || status=1
  elif [ "$#" -eq 0 ]; then
    echo "openapi: the document tests wrote no document to lint" >&2; status=1
  fi
fi
rm -rf "$(dirname "$TP_OPENAPI_FILE")"
summary="$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -1 || true)"
if [ -n "$summary" ]; then
  failed="$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")"
  passed="$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")"
  echo "tests: $passed passed, $failed failed"
fi
rm -f "$log"
exit "$status"
