#!/usr/bin/env bash
# Benchmarks against PostgreSQL's own ceiling, measured on the same server in the same run.
#   bench/run.sh                      (writes BENCHMARKS.md; about 20 minutes at 100,000 patients)
#   BENCH_PATIENTS=20000 bench/run.sh (a quicker, smaller run)
# Seeds synthetic clinics with the Bogus seeder, imports them with `import-history` (S7), starts
# the API in Release on 127.0.0.1 and loads it with wrk. API, database and wrk share the cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/bench/baseline"   # the team's append baseline, kept with the harness
patients_total="${BENCH_PATIENTS:-100000}"
clinics="${BENCH_CLINICS:-10}"
work="$(mktemp -d)"
port=5099
base="http://127.0.0.1:$port"
cd "$root"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
log() { echo "bench: $*" >&2; }

conn="$(TP_DB_NAME=treatment_bench scripts/db.sh start)"
pg="host=127.0.0.1 port=${TP_PG_PORT:-55432} user=postgres dbname=treatment_bench"
if [ "$(psql "$pg" -tAc 'show shared_preload_libraries')" != "pg_stat_statements" ]; then
  psql "$pg" -qc "alter system set shared_preload_libraries = 'pg_stat_statements'" && scripts/db.sh stop && TP_DB_NAME=treatment_bench scripts/db.sh start >/dev/null
fi
psql "$pg" -qc "drop schema if exists tp cascade" -c "create extension if not exists pg_stat_statements" 2>/dev/null

log "baseline: pgbench on the same PostgreSQL"
psql "$pg" -q -f "$shared/append-baseline-setup.sql" >/dev/null
pgbench -n -c 32 -j 2 -T 15 -f "$shared/append-baseline.sql" "$pg" >"$work/pg32" 2>&1
pgbench -n -c 1 -j 1 -T 15 -f "$shared/append-baseline.sql" "$pg" >"$work/pg1" 2>&1
base32=$(awk '/^tps = /{printf "%.0f", $3; exit}' "$work/pg32")
base1=$(awk '/^tps = /{printf "%.0f", $3; exit}' "$work/pg1")
base1lat=$(awk '/^latency average = /{print $4; exit}' "$work/pg1")

log "building (Release)"
dotnet build src/TreatmentPlatform.Api -c Release -nologo -v q >/dev/null
dotnet build bench/TreatmentPlatform.Seeder -c Release -nologo -v q >/dev/null
dotnet build bench/TreatmentPlatform.Floor -c Release -nologo -v q >/dev/null
export TP_DATES="$(TZ=America/New_York python3 -c "import datetime as d;t=d.date.today();print(','.join(str(t-d.timedelta(days=i)) for i in range(1,8)))")"
rps() { awk '/^Requests\/sec:/{printf "%.0f", $2}' "$1"; }
p() { awk -v k="$2" '/^LATENCY/{for(i=2;i<=NF;i++){split($i,a,"="); if(a[1]==k) print a[2]}}' "$1"; }
answers() { grep ANSWERS "$1" | cut -d' ' -f2-; }

log "S0: the stack's floor (one Wolverine.Http endpoint appending one event, the project's store settings)"
(cd bench/TreatmentPlatform.Floor && ConnectionStrings__Marten="$conn" ASPNETCORE_URLS="http://127.0.0.1:5098" \
  exec dotnet bin/Release/net10.0/TreatmentPlatform.Floor.dll >"$work/floor.log" 2>&1) &
floor_shell=$!
until curl -fs -o "$work/floor-ids" -X POST "http://127.0.0.1:5098/floor/streams?count=10000"; do
  kill -0 $floor_shell 2>/dev/null || { cat "$work/floor.log" >&2; exit 1; }; sleep 0.2; done
floor_pid=$floor_shell   # the subshell execs dotnet: the floor process itself
TP_TOKEN=none TP_PATIENTS="$work/floor-ids" wrk -t2 -c32 -d10s -s bench/dose.lua http://127.0.0.1:5098 >/dev/null 2>&1
TP_TOKEN=none TP_PATIENTS="$work/floor-ids" wrk -t2 -c32 -d20s --latency -s bench/dose.lua http://127.0.0.1:5098 >"$work/s0" 2>&1
TP_TOKEN=none TP_PATIENTS="$work/floor-ids" wrk -t1 -c1 -d15s --latency -s bench/dose.lua http://127.0.0.1:5098 >"$work/s0one" 2>&1
kill "$floor_pid" 2>/dev/null || true; wait $floor_shell 2>/dev/null || true
api() { (cd src/TreatmentPlatform.Api && ConnectionStrings__Marten="$conn" ASPNETCORE_ENVIRONMENT=Development \
  Logging__LogLevel__Default=Warning exec dotnet bin/Release/net10.0/TreatmentPlatform.Api.dll "$@"); }

# "Today" in the clinics' zone (the seeder's default clinic settings), so no seeded fact is in their future.
today=$(TZ=America/New_York date +%Y-%m-%d)
log "seeding $patients_total patients in $clinics clinics (Bogus, a year of history)"
dotnet bench/TreatmentPlatform.Seeder/bin/Release/net10.0/TreatmentPlatform.Seeder.dll --out "$work/seed" \
  --clinics "$clinics" --patients "$patients_total" --today "$today" >"$work/seeded"
log "S7: import-history"
import_events=0; import_seconds=0
for file in "$work"/seed/*.ndjson; do
  clinic=$(basename "$file" .ndjson)
  api import-history --clinic "$clinic" --file "$file" 2>/dev/null | grep '^imported' >"$work/import-$clinic"
  import_events=$((import_events + $(grep -o 'events=[0-9]*' "$work/import-$clinic" | cut -d= -f2)))
  import_seconds=$(python3 -c "print(round($import_seconds + $(grep -o 'seconds=[0-9.]*' "$work/import-$clinic" | cut -d= -f2), 1))")
done
import_rate=$(python3 -c "print(round($import_events / $import_seconds))")
psql "$pg" -qc "vacuum analyze" >/dev/null

log "S10: start-up"
start=$(date +%s.%N)
# The subshell execs dotnet, so $pid is the API process itself; only it is ended, by PID.
(cd src/TreatmentPlatform.Api && ConnectionStrings__Marten="$conn" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  ASPNETCORE_URLS="$base" exec dotnet bin/Release/net10.0/TreatmentPlatform.Api.dll) >"$work/api.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -fs "$base/health/ready" >/dev/null; do kill -0 $pid 2>/dev/null || { cat "$work/api.log" >&2; exit 1; }; sleep 0.02; done
startup=$(python3 -c "print(round($(date +%s.%N) - $start, 2))")

log "the projection daemon catches up with the imported events (the read models are its)"
catchup_start=$(date +%s.%N)
last_seq=$(psql "$pg" -tAc "select max(seq_id) from tp.mt_events")
until [ "$(psql "$pg" -tAc "select count(*) from tp.mt_event_progression where name in ('CareRow:All', 'TreatmentSummary:All') and last_seq_id >= $last_seq")" = 2 ]; do
  kill -0 $pid 2>/dev/null || { cat "$work/api.log" >&2; exit 1; }; sleep 1; done
catchup=$(python3 -c "print(round($(date +%s.%N) - $catchup_start, 1))")
# Between scenarios: each starts once the daemon has projected the one before (steady state, not catch-up).
settle() {
  local target; target=$(psql "$pg" -tAc "select max(seq_id) from tp.mt_events")
  until [ "$(psql "$pg" -tAc "select count(*) from tp.mt_event_progression where name in ('CareRow:All', 'TreatmentSummary:All') and last_seq_id >= $target")" = 2 ]; do sleep 0.2; done
}

clinic=clinic-01; [ -f "$work/seed/demo.ndjson" ] && clinic=demo
export TP_TOKEN="$(ASPNETCORE_ENVIRONMENT=Development dotnet src/TreatmentPlatform.Api/bin/Release/net10.0/TreatmentPlatform.Api.dll token --role admin --clinic $clinic)"
patients="$work/seed/$clinic.oral-patients"; head -10 "$patients" >"$work/hot"
counselor=$(head -1 "$work/seed/$clinic.counselors")
load() { TP_PATIENTS="$1" wrk -t"$2" -c"$3" -d"$4" --latency -s bench/dose.lua "$base" >"$5" 2>&1; }
cpu() { # cores used by postgres and by the API over $1 seconds
  python3 - "$1" "$pid" <<'PY'
import os, sys, time
def snap():
    pg = api = 0
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            f = open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split(); t = int(f[11]) + int(f[12])
            comm = open(f'/proc/{p}/comm').read().strip()
        except OSError: continue
        if comm == 'postgres': pg += t
        elif p == sys.argv[2]: api += t
    return pg, api
a = snap(); time.sleep(float(sys.argv[1])); b = snap(); hz = os.sysconf('SC_CLK_TCK') * float(sys.argv[1])
print(f"postgres {(b[0]-a[0])/hz:.2f} cores, API {(b[1]-a[1])/hz:.2f} cores")
PY
}

log "S1-fresh patients: enrolled, verified and on a plan through the API"
python3 bench/fresh.py "$base" "$TP_TOKEN" 1000 "$today" >"$work/fresh"
log "warm-up, then S1 (a year of history) and S9"
load "$patients" 2 32 10s "$work/warm"
settle
psql "$pg" -qc "select pg_stat_statements_reset()" >/dev/null
load "$patients" 2 32 20s "$work/s1" & wrk_pid=$!
sleep 4; cpu 10 >"$work/cpu"
rss=0; while kill -0 $wrk_pid 2>/dev/null; do r=$(ps -o rss= -p "$pid"); [ "$r" -gt "$rss" ] && rss=$r; sleep 1; done
psql "$pg" -F ' | ' -tAc "select calls, round(total_exec_time::numeric), round(mean_exec_time::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 90)
  from pg_stat_statements where query not like '%pg_stat_statements%' order by total_exec_time desc limit 8" >"$work/statements"
log "S1-fresh"
settle; load "$work/fresh" 2 32 20s "$work/s1fresh"
log "S2"
settle; load "$patients" 1 1 15s "$work/s2"
log "S3"
count() { psql "$pg" -tAc "select count(*) from tp.mt_events where type = 'oral_dose_taken' and tenant_id = '$clinic'"; }
settle; before=$(count); load "$work/hot" 2 32 15s "$work/s3"; sleep 1; after=$(count)
log "S4: read-model lag at half of S1's load"
settle; half=$(( $(rps "$work/s1") / 2 ))
# 16 connections, each pausing so that together they send about half of S1's rate.
TP_DELAY_MS=$((16000 / (half > 0 ? half : 1))) TP_PATIENTS="$patients" wrk -t2 -c16 -d30s -s bench/dose.lua "$base" >"$work/s4load" 2>&1 &
bg=$!; sleep 5
python3 bench/lag.py "$base" "$TP_TOKEN" "$counselor" "$patients" 150 "$TP_DATES" >"$work/s4" || true
wait $bg || true
log "S8"
settle
TP_TOKEN="$(ASPNETCORE_ENVIRONMENT=Development dotnet src/TreatmentPlatform.Api/bin/Release/net10.0/TreatmentPlatform.Api.dll token --role counselor --clinic $clinic --sub $counselor)" \
  TP_COUNSELOR="$counselor" wrk -t2 -c32 -d15s --latency -s bench/read.lua "$base" >"$work/s8" 2>&1
caseload=$(curl -s "$base/api/counselors/$counselor/caseload" -H "Authorization: Bearer $TP_TOKEN" | python3 -c 'import json,sys;print(len(json.load(sys.stdin)["items"]))')
log "S6: reports"
year_from=$(python3 -c "import datetime as d;print(d.date.fromisoformat('$today')-d.timedelta(days=364))")
reports=""
for kind in adherence retention medication-plus-counseling continuity discharges outcomes; do
  s=$(curl -s -o /dev/null -w '%{time_total}' "$base/api/reports/$kind?from=$year_from&to=$today" -H "Authorization: Bearer $TP_TOKEN" -H 'Accept: application/json')
  reports="$reports $kind $(python3 -c "print(round($s, 2))") s;"
done
state_bytes=$(psql "$pg" -tAc "select round(avg(length(data::text))) from tp.mt_doc_patientstate where tenant_id = '$clinic'")
summary_bytes=$(psql "$pg" -tAc "select round(avg(length(data::text))) from tp.mt_doc_treatmentsummary where tenant_id = '$clinic'")
row_bytes=$(psql "$pg" -tAc "select round(avg(length(data::text))) from tp.mt_doc_carerow where tenant_id = '$clinic'")
kill "$pid"; wait $pid 2>/dev/null || true
log "S8 without auditing reads of many (what the access log costs the reads)"
(cd src/TreatmentPlatform.Api && ConnectionStrings__Marten="$conn" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  AccessLog__ReadsOfMany=false ASPNETCORE_URLS="$base" exec dotnet bin/Release/net10.0/TreatmentPlatform.Api.dll) >"$work/api-noaudit.log" 2>&1 &
pid=$!
until curl -fs "$base/health/ready" >/dev/null; do kill -0 $pid 2>/dev/null || { cat "$work/api-noaudit.log" >&2; exit 1; }; sleep 0.1; done
settle
export TP_TOKEN="$(ASPNETCORE_ENVIRONMENT=Development dotnet src/TreatmentPlatform.Api/bin/Release/net10.0/TreatmentPlatform.Api.dll token --role counselor --clinic $clinic --sub $counselor)"
TP_COUNSELOR="$counselor" wrk -t2 -c32 -d10s -s bench/read.lua "$base" >/dev/null 2>&1
TP_COUNSELOR="$counselor" wrk -t2 -c32 -d15s --latency -s bench/read.lua "$base" >"$work/s8noaudit" 2>&1
kill "$pid"; wait $pid 2>/dev/null || true
log "S5: rebuild"
rebuild_events=$(psql "$pg" -tAc "select count(*) from tp.mt_events where tenant_id = '$clinic'")
rs=$(date +%s.%N)
(cd src/TreatmentPlatform.Api && ConnectionStrings__Marten="$conn" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  /usr/bin/time -f %M -o "$work/rebuild-rss" dotnet bin/Release/net10.0/TreatmentPlatform.Api.dll rebuild-read-models --clinic "$clinic") >/dev/null 2>&1
rebuild=$(python3 -c "print(round($(date +%s.%N) - $rs, 1))")

machine="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, PostgreSQL $(psql "$pg" -tAc 'show server_version' | cut -d' ' -f1), $(uname -r)"
events_total=$(grep -o 'events=[0-9]*' "$work/seeded" | cut -d= -f2)
ratio() { python3 -c "print(round($1 / $2, 2))"; }
cat >"$root/BENCHMARKS.md" <<MD
# Benchmarks

Measured by \`BENCH_PATIENTS=$patients_total bench/run.sh\` on $today ($machine). API, PostgreSQL and
wrk share the cores. Data: $patients_total synthetic patients in $clinics clinics with a year of history
($events_total events, Bogus seeder, imported with \`import-history\`); the loads run against $clinic.
Each scenario starts once the projection daemon has caught up with the one before it.
Baselines measured in the same run on the same server: PostgreSQL's own ceiling for appending one
event (\`bench/baseline\`, pgbench): **$base32 TPS at 32 clients**, $base1 TPS ($base1lat ms) at 1 client;
and S0, the stack's floor (bench/TreatmentPlatform.Floor: one Wolverine.Http endpoint appending one event
to an existing Marten stream on the project's store settings, nothing else).

| id | scenario | throughput | p50 ms | p99 ms | vs pgbench | vs S0 | target | notes |
|---|---|---|---|---|---|---|---|---|
| S0 | the floor: append one event through Wolverine.Http + Marten, 32 connections | $(rps "$work/s0") req/s | $(p "$work/s0" p50) | $(p "$work/s0" p99) | $(ratio "$(rps "$work/s0")" "$base32") | 1 | | 1 connection: $(rps "$work/s0one") req/s, p50 $(p "$work/s0one" p50) ms |
| S1 | record an oral dose, 32 connections, patients with a year of history (S1-long) | $(rps "$work/s1") req/s | $(p "$work/s1" p50) | $(p "$work/s1" p99) | $(ratio "$(rps "$work/s1")" "$base32") | $(ratio "$(rps "$work/s1")" "$(rps "$work/s0")") | ≥ 0.7 × pgbench, p99 ≤ 30 ms | $(answers "$work/s1"); $(wc -l <"$patients") open oral patients; CPU: $(cat "$work/cpu") |
| S1-fresh | the same on 1,000 patients enrolled in this run | $(rps "$work/s1fresh") req/s | $(p "$work/s1fresh" p50) | $(p "$work/s1fresh" p99) | $(ratio "$(rps "$work/s1fresh")" "$base32") | $(ratio "$(rps "$work/s1fresh")" "$(rps "$work/s0")") | S1-long ≥ 0.9 × S1-fresh: $(ratio "$(rps "$work/s1")" "$(rps "$work/s1fresh")") | $(answers "$work/s1fresh") |
| S2 | a dose, 1 connection | $(rps "$work/s2") req/s | $(p "$work/s2" p50) | $(p "$work/s2" p99) | $(ratio "$(rps "$work/s2")" "$base1") | $(ratio "$(rps "$work/s2")" "$(rps "$work/s0one")") | p50 ≤ 2 ms, p99 ≤ 10 ms | |
| S3 | 32 connections on 10 patients (hot streams) | $(rps "$work/s3") req/s | $(p "$work/s3" p50) | $(p "$work/s3" p99) | | | zero 5xx; every 200 stored; rest 409 | $(answers "$work/s3"); dose events stored: $((after - before)) |
| S4 | read-model lag under half of S1's load | $(rps "$work/s4load") req/s background | $(grep -o 'p50=[0-9.]*' "$work/s4" | cut -d= -f2) | $(grep -o 'p99=[0-9.]*' "$work/s4" | cut -d= -f2) | | | p99 ≤ 500 ms append → caseload | $(cat "$work/s4") |
| S5 | rebuild the decision states and read models of $clinic | $(python3 -c "print(round($rebuild_events / $rebuild))") events/s | | | | | 1,000,000 events ≤ 15 s | $rebuild_events events in $rebuild s (CLI, including host start); peak RSS $(( $(cat "$work/rebuild-rss") / 1024 )) MB |
| S6 | each report, $clinic ($((patients_total / clinics)) patients × 1 year) | | | | | | ≤ 1 s each |$reports |
| S7 | bulk import (\`import-history\`, all clinics) | $import_rate events/s | | | | | ≥ 40,000 events/s | $import_events events in $import_seconds s (events and decision states) |
| S7-projection | the daemon projecting the imported events into both read models | $(python3 -c "print(round($events_total / $catchup))") events/s | | | | | | $events_total events in $catchup s, while the API idles |
| S8 | a counselor's worklist and caseload, 32 connections | $(rps "$work/s8") req/s | $(p "$work/s8" p50) | $(p "$work/s8" p99) | | | ≥ 5,000 req/s, p99 ≤ 20 ms | caseload of $caseload open patients |
| S8-no-audit | the same, without the access-log entries of reads of many (\`AccessLog:ReadsOfMany=false\`, refused in Production; after a 10 s warm-up) | $(rps "$work/s8noaudit") req/s | $(p "$work/s8noaudit" p50) | $(p "$work/s8noaudit" p99) | | | | S8 / S8-no-audit: $(ratio "$(rps "$work/s8")" "$(rps "$work/s8noaudit")") |
| S9 | API memory under S1 | $((rss / 1024)) MB resident (peak) | | | | | ≤ 300 MB | |
| S10 | start-up to ready (pre-generated code) | ${startup} s | | | | | ≤ 3 s | process start to /health/ready 200 |

Stored sizes in $clinic (JSON, average per patient): decision state $state_bytes bytes, worklist row
$row_bytes bytes, treatment summary (read model) $summary_bytes bytes.

## Where S1's database time goes (pg_stat_statements during S1)
calls \| total ms \| mean ms \| statement
\`\`\`
$(cat "$work/statements")
\`\`\`

$(cat "$root/bench/analysis.md")
MD
cat "$root/BENCHMARKS.md"
