#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly's recommended rules (pinned in package-lock.json).
#   scripts/openapi/lint.sh FILE     e.g. the file OpenApiDocumentTests writes (TP_OPENAPI_FILE)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
npm ci --prefix "$here" --no-audit --no-fund --silent >&2
# No telemetry or update checks: CI reaches the npm registry and nothing else.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
"$here/node_modules/.bin/redocly" lint --config "$here/redocly.yaml" --format=summary "$1"
