#!/usr/bin/env bash
# Benchmarks against PostgreSQL's own ceiling, measured on the same server in the same run.
#   bench/run.sh            (writes BENCHMARKS.md; about 3 minutes)
# The baseline is ../shared/bench (pgbench appending one event); the API runs in Release on
# 127.0.0.1 and is loaded with wrk. API, database and wrk share this machine's cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared/bench"
work="$(mktemp -d)"
port=5099
cd "$root"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

conn="$(TP_DB_NAME=treatment_bench scripts/db.sh start)"
pg="host=127.0.0.1 port=${TP_PG_PORT:-55432} user=postgres dbname=treatment_bench"
psql "$pg" -qc "drop schema if exists tp cascade" >/dev/null

echo "baseline: pgbench on the same PostgreSQL" >&2
psql "$pg" -q -f "$shared/append-baseline-setup.sql" >/dev/null
pgbench -n -c 32 -j 2 -T 15 -f "$shared/append-baseline.sql" "$pg" >"$work/pg32" 2>&1
pgbench -n -c 1 -j 1 -T 15 -r -f "$shared/append-baseline.sql" "$pg" >"$work/pg1" 2>&1
base32=$(awk '/^tps = /{print $3; exit}' "$work/pg32")
base1=$(awk '/^tps = /{print $3; exit}' "$work/pg1")
base1lat=$(awk '/^latency average = /{print $4; exit}' "$work/pg1")

dotnet build src/TreatmentPlatform.Api -c Release -nologo -v q >/dev/null
dll=src/TreatmentPlatform.Api/bin/Release/net10.0/TreatmentPlatform.Api.dll
export TP_TOKEN="$(dotnet "$dll" token --role admin --clinic bench)"
counselor=$(python3 -c 'import uuid;print(uuid.uuid4())')
export TP_COUNSELOR="$counselor"

start=$(date +%s.%N)
ConnectionStrings__Marten="$conn;Maximum Pool Size=60" ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Development \
  Logging__LogLevel__Default=Warning dotnet "$dll" --contentRoot "$root/src/TreatmentPlatform.Api" >"$work/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; do kill -0 $api 2>/dev/null || { cat "$work/api.log" >&2; exit 1; }; sleep 0.05; done
startup=$(python3 -c "print(round($(date +%s.%N) - $start, 2))")

echo "seeding patients" >&2
seed() { # n patients on daily oral plans → ids in $1
  for _ in $(seq 1 "$2"); do
    id=$(curl -s "http://127.0.0.1:$port/api/patients" -H "Authorization: Bearer $TP_TOKEN" -H 'content-type: application/json' \
      -d "{\"firstName\":\"B\",\"lastName\":\"Ench\",\"dateOfBirth\":\"1980-01-01\",\"program\":\"oud\",\"enrolledOn\":\"2026-01-01\",\"counselorId\":\"$counselor\"}" \
      | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
    curl -s -o /dev/null "http://127.0.0.1:$port/api/patients/$id/opioid-free-verifications" -H "Authorization: Bearer $TP_TOKEN" \
      -H 'content-type: application/json' -d '{"verifiedOn":"2026-01-01","method":"urine-drug-screen","result":"negative"}'
    curl -s -o /dev/null -X PUT "http://127.0.0.1:$port/api/patients/$id/medication-plan" -H "Authorization: Bearer $TP_TOKEN" \
      -H 'content-type: application/json' -d '{"form":"oral","startOn":"2026-01-01"}'
    echo "$id" >>"$1"
  done
}
seed "$work/patients.txt" 200
head -10 "$work/patients.txt" >"$work/hot.txt"

load() { TP_PATIENTS="$1" wrk -t"$2" -c"$3" -d"$4" --latency -s bench/dose.lua "http://127.0.0.1:$port" >"$5" 2>&1; }
rps() { awk '/^Requests\/sec:/{print $2}' "$1"; }
p() { awk -v k="$2" '/^LATENCY/{for(i=2;i<=NF;i++){split($i,a,"="); if(a[1]==k) print a[2]}}' "$1"; }

load "$work/patients.txt" 2 32 5s "$work/warm"            # warm-up: code generation, JIT, pools
load "$work/patients.txt" 2 32 15s "$work/s1" & wrk_pid=$!
rss=0; while kill -0 $wrk_pid 2>/dev/null; do r=$(ps -o rss= -p $api); [ "$r" -gt "$rss" ] && rss=$r; sleep 1; done
load "$work/patients.txt" 1 1 15s "$work/s2"
before=$(psql "$pg" -tAc "select count(*) from tp.mt_events where type = 'oral_dose_taken'")
load "$work/hot.txt" 2 32 15s "$work/s3"
after=$(psql "$pg" -tAc "select count(*) from tp.mt_events where type = 'oral_dose_taken'")
TP_PATIENTS="$work/patients.txt" wrk -t2 -c32 -d15s --latency -s bench/read.lua "http://127.0.0.1:$port" >"$work/s8" 2>&1

s1=$(rps "$work/s1"); s2=$(rps "$work/s2"); s3ok=$(awk '/^ANSWERS/{split($2,a,"=");print a[2]}' "$work/s3")
s3=$(grep ANSWERS "$work/s3" | cut -d' ' -f2-); s8=$(rps "$work/s8")
ratio=$(python3 -c "print(round($s1 / $base32, 2))")
machine="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r)"
today=$(date -u +%Y-%m-%d)
command="bench/run.sh"
cat >"$root/BENCHMARKS.md" <<MD
# Benchmarks

Measured by \`$command\` on $today ($machine). API, PostgreSQL and wrk share the cores. The
baseline is PostgreSQL's own ceiling for appending one event (\`../shared/bench\`, pgbench on the
same server in the same run): **$base32 TPS at 32 clients**, $base1 TPS / ${base1lat} ms average at 1 client.

| id | scenario | throughput | p50 ms | p99 ms | baseline | ratio | target | notes |
|---|---|---|---|---|---|---|---|---|
| S1 | record an oral dose, 32 connections, 200 random patients | $s1 req/s | $(p "$work/s1" p50) | $(p "$work/s1" p99) | $base32 TPS | $ratio | ≥ 0.7 × baseline, p99 ≤ 30 ms | $(grep ANSWERS "$work/s1" | cut -d' ' -f2-) |
| S2 | the same, 1 connection | $s2 req/s | $(p "$work/s2" p50) | $(p "$work/s2" p99) | $base1 TPS, ${base1lat} ms | $(python3 -c "print(round($s2 / $base1, 2))") | p50 ≤ 2 ms, p99 ≤ 10 ms | |
| S3 | 32 connections on 10 patients (hot streams) | $(rps "$work/s3") req/s | $(p "$work/s3" p50) | $(p "$work/s3" p99) | | | zero 5xx; every 200 stored; rest 409 | $s3; dose events stored: $((after - before)) for $s3ok answered 200 |
| S8 | worklist and caseload reads, 32 connections | $s8 req/s | $(p "$work/s8" p50) | $(p "$work/s8" p99) | | | ≥ 5,000 req/s, p99 ≤ 20 ms | 200 patients, one counselor |
| S9 | API memory under S1 | $((rss / 1024)) MB resident (peak) | | | | | ≤ 300 MB | |
| S10 | start-up to ready | ${startup} s | | | | | ≤ 3 s | dynamic code generation (not pre-generated) |

Not measured yet (the seeder for 100,000 patients and a bulk import route are still to come):
S4 read-model lag under half load, S5 rebuild of 1,000,000 events, S6 reports for 10,000
patients, S7 bulk import.
MD
cat "$root/BENCHMARKS.md"
