#!/usr/bin/env bash
# S1 (record an oral dose, 32 connections, wrk with bench/dose.lua, Release build, as bench/run.sh does it)
# on the same seeded clinics in two set-ups: (one) one database, ConnectionStrings__Marten; (two) a master
# and two clinic databases on two local clusters, the clinics placed alternately with
# `clinic-databases --assign` (odd clinics on one, even on two). The loads pick a random open oral patient
# of any clinic, each request carrying its clinic's token. The set-ups take turns (one, two, one, two, …),
# each round on a freshly started API warmed up for S1_WARMUP s, then measured for S1_SECONDS s, so the
# machine's noise hits both. Prints req/s, p50, p99, the CPU time per 1,000 doses (API process and all of
# PostgreSQL, from /proc) and the two/one ratios of each round.
#   bench/s1-several-databases.sh
#   S1_CLINICS=10 S1_PATIENTS=20000 S1_ROUNDS=3 S1_SECONDS=20 S1_WARMUP=10 S1_PORT=5197 (the defaults)
#   TP_PG_PORT_2=55433: port of the second cluster (TP_PG_CLUSTER=2 scripts/db.sh; its default 55433)
#   TP_DATABASE: the first cluster, as for scripts/db.sh (its postgres database; bench2_* databases are made there)
#   S1_REUSE=/tmp/tmp.XXXX: the work folder of an earlier run; its seed and the bench2_* databases as that run
#   left them are used again (no seeding, import or first projection), for repeated rounds
#   S1_TWO_DATABASE="Host=…;Database=…": with S1_REUSE, database "two" is this copy instead (e.g. bench2_two
#   restored into the first cluster: two databases on one server)
#   S1_POOL="MaxPoolSize=4": appended to each clinic database's connection string in set-up two
#   (a server's connection budget split between the databases it holds)
# The second cluster is left running (stop it with TP_PG_CLUSTER=2 TP_PG_PORT=… scripts/db.sh stop).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
clinics="${S1_CLINICS:-10}"
patients="${S1_PATIENTS:-20000}"
rounds="${S1_ROUNDS:-3}"
seconds="${S1_SECONDS:-20}"
warmup="${S1_WARMUP:-10}"
port="${S1_PORT:-5197}"
second_port="${TP_PG_PORT_2:-55433}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
reuse="${S1_REUSE:-}"
seed="${reuse:-$work}/seed"
log() { echo "s1x2: $*" >&2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
if ss -ltn | grep -q "127.0.0.1:$port "; then log "port $port is taken; set S1_PORT"; exit 1; fi

first="$(TP_DB_NAME=postgres scripts/db.sh start)"
second="$(TP_PG_CLUSTER=2 TP_PG_PORT="$second_port" TP_DB_NAME=postgres scripts/db.sh start)"
source "$root/bench/databases.sh"
database() {   # server connection string, database name: a fresh database, or the earlier run's with S1_REUSE
  if [ -n "$reuse" ]; then named "$1" "$2"; else fresh "$1" "$2"; fi
}

log "building (Release)"
dotnet build src/TreatmentPlatform.Api -c Release -nologo -v q >/dev/null
dotnet build bench/TreatmentPlatform.Seeder -c Release -nologo -v q >/dev/null
dll="$root/src/TreatmentPlatform.Api/bin/Release/net10.0/TreatmentPlatform.Api.dll"
today=$(TZ=America/New_York date +%Y-%m-%d)
export TP_DATES="$(TZ=America/New_York python3 -c "import datetime as d;t=d.date.today();print(','.join(str(t-d.timedelta(days=i)) for i in range(1,8)))")"
if [ -n "$reuse" ]; then
  log "reusing $reuse: its seed and the bench2_* databases"
  cp "$reuse/seeded" "$work/seeded"
else
  log "seeding $patients patients in $clinics clinics (Bogus, a year of history)"
  dotnet bench/TreatmentPlatform.Seeder/bin/Release/net10.0/TreatmentPlatform.Seeder.dll --out "$seed" \
    --clinics "$clinics" --patients "$patients" --today "$today" >"$work/seeded"
fi
clinics=$(grep -o 'clinics=[0-9]*' "$work/seeded" | cut -d= -f2); patients=$(grep -o 'patients=[0-9]*' "$work/seeded" | cut -d= -f2)
events=$(grep -o 'events=[0-9]*' "$work/seeded" | cut -d= -f2)
log "seeded: $(cat "$work/seeded")"

single=$(database "$first" bench2_single)
master=$(database "$first" bench2_master); one=$(database "$first" bench2_one); two=$(database "$second" bench2_two)
if [ -n "${S1_TWO_DATABASE:-}" ]; then two="$S1_TWO_DATABASE"; fi
if [ -n "${S1_POOL:-}" ]; then one="$one;$S1_POOL"; two="$two;$S1_POOL"; fi
log "set-up two: one=$one two=$two"
# The environment of each set-up (env -i is not used: the API needs PATH, HOME, DOTNET_*).
setup_env() {
  case "$1" in
    one) echo "ConnectionStrings__Marten=$single" ;;
    two) echo "Databases__Master=$master Databases__Pool__one=$one Databases__Pool__two=$two Databases__Assignment=explicit" ;;
  esac
}
clinic_databases() { case "$1" in one) echo "$single" ;; two) echo "$one $two" ;; esac; }
run_api() {  # set-up, then the API's arguments (a CLI command, or none for the web host); execs: call it in a subshell
  local s=$1; shift
  cd src/TreatmentPlatform.Api && exec env $(setup_env "$s") ASPNETCORE_ENVIRONMENT=Development \
    Logging__LogLevel__Default=Warning dotnet "$dll" "$@"
}
api() { (run_api "$@"); }

for s in one two; do
  [ -z "$reuse" ] || break
  log "$s: db-apply$([ $s = two ] && echo ', placing the clinics') and import-history (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  api $s db-apply >"$work/db-apply-$s" 2>&1 || { cat "$work/db-apply-$s" >&2; exit 1; }
  n=0
  for file in "$seed"/*.ndjson; do
    clinic=$(basename "$file" .ndjson); n=$((n + 1))
    if [ $s = two ]; then
      target=$([ $((n % 2)) = 1 ] && echo one || echo two)
      api two clinic-databases --assign "$clinic" --to "$target" >"$work/assign-$clinic" 2>&1 || { cat "$work/assign-$clinic" >&2; exit 1; }
    fi
    api $s import-history --clinic "$clinic" --file "$file" 2>/dev/null | grep '^imported' >>"$work/import-$s"
  done
  for db in $(clinic_databases $s); do psql "$(libpq "$db")" -qc "vacuum analyze" >/dev/null; done
done
log "placement: $(psql "$(libpq "$master")" -tAc "select string_agg(database_id || '=' || tenant_count, ' ' order by database_id) from tp.mt_database_pool")"

# Tokens, one per clinic (as bench/run.sh makes TP_TOKEN), and every clinic's open oral patients.
: >"$work/tokens"; : >"$work/patients"; n=0
for file in "$seed"/*.ndjson; do
  clinic=$(basename "$file" .ndjson); n=$((n + 1))
  ASPNETCORE_ENVIRONMENT=Development dotnet "$dll" token --role admin --clinic "$clinic" >>"$work/tokens"
  sed "s/^/$n /" "$seed/$clinic.oral-patients" >>"$work/patients"
done
export TP_TOKENS="$work/tokens" TP_PATIENTS="$work/patients"
log "$(wc -l <"$work/patients") open oral patients in $n clinics"

caught_up() {  # set-up: every clinic database's daemon has projected all of its events
  local db
  for db in $(clinic_databases "$1"); do
    [ "$(psql "$(libpq "$db")" -tAc "select coalesce((select min(last_seq_id) from tp.mt_event_progression where name in ('TreatmentSummary:All','CareRow:All') having count(*) = 2), -1) >= coalesce((select max(seq_id) from tp.mt_events), 0)" 2>/dev/null)" = t ] || return 1
  done
}
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null || true' EXIT
start_api() {
  (ASPNETCORE_URLS="$base" run_api "$1") >"$work/api-$1.log" 2>&1 &
  pid=$!   # the subshell execs env, which execs dotnet: $pid is the API process itself
  until curl -fs "$base/health/ready" >/dev/null; do kill -0 $pid 2>/dev/null || { cat "$work/api-$1.log" >&2; exit 1; }; sleep 0.2; done
}
stop_api() { kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; pid=""; }

# The daemons project the imported events once, before any round (then the read models are vacuumed too).
for s in one two; do
  [ -z "$reuse" ] || break
  start=$(date +%s.%N); start_api $s
  until caught_up $s; do sleep 0.5; done
  log "$s: projected the import in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s (one node, API start included)"
  stop_api
  for db in $(clinic_databases $s); do psql "$(libpq "$db")" -qc "vacuum analyze" >/dev/null; done
done

# CPU seconds per 1,000 answered doses in a round: the API's, then PostgreSQL's.
per1k() { read -r a g <"$work/cpu-$1-$2"; python3 -c "n = $(grep -o 'ok=[0-9]*' "$work/s1-$1-$2" | cut -d= -f2); print(f'{$a / n * 10:.2f} {$g / n * 10:.2f}')"; }
rps() { awk '/^Requests\/sec:/{printf "%.0f", $2}' "$1"; }
p() { awk -v k="$2" '/^LATENCY/{for(i=2;i<=NF;i++){split($i,a,"="); if(a[1]==k) print a[2]}}' "$1"; }
answers() { grep ANSWERS "$1" | cut -d' ' -f2-; }
for r in $(seq 1 "$rounds"); do
  for s in one two; do
    start_api $s
    until caught_up $s; do sleep 0.2; done
    wrk -t2 -c32 -d"${warmup}s" -s bench/dose.lua "$base" >/dev/null 2>&1
    until caught_up $s; do sleep 0.2; done
    echo "$(cut -d' ' -f1-3 /proc/loadavg)" >"$work/load-$r-$s"
    api0=$(ticks $pid); pg0=$(ticks $(pgrep -u postgres postgres))
    wrk -t2 -c32 -d"${seconds}s" --latency -s bench/dose.lua "$base" >"$work/s1-$r-$s" 2>&1
    echo "$(($(ticks $pid) - api0)) $(($(ticks $(pgrep -u postgres postgres)) - pg0))" >"$work/cpu-$r-$s"
    stop_api
    log "round $r $s: $(rps "$work/s1-$r-$s") req/s, p50 $(p "$work/s1-$r-$s" p50) ms, p99 $(p "$work/s1-$r-$s" p99) ms, CPU s per 1,000 doses (API, PostgreSQL) $(per1k $r $s) ($(answers "$work/s1-$r-$s"); load average before: $(cat "$work/load-$r-$s"))"
  done
done

echo
echo "S1 on $clinics clinics ($patients patients, $events events, $(wc -l <"$work/patients") open oral patients), 32 connections, ${seconds} s a round after ${warmup} s warm-up"
echo "| round | one database: req/s | p50 ms | p99 ms | two databases: req/s | p50 ms | p99 ms | two/one req/s | two/one p50 | two/one p99 | CPU s per 1,000 doses, API + PostgreSQL (one; two) | load average before (one; two) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for r in $(seq 1 "$rounds"); do
  a="$work/s1-$r-one"; b="$work/s1-$r-two"
  echo "| $r | $(rps "$a") | $(p "$a" p50) | $(p "$a" p99) | $(rps "$b") | $(p "$b" p50) | $(p "$b" p99) | $(python3 -c "print(f'{$(rps "$b") / $(rps "$a"):.2f}')") | $(python3 -c "print(f'{$(p "$b" p50) / $(p "$a" p50):.2f}')") | $(python3 -c "print(f'{$(p "$b" p99) / $(p "$a" p99):.2f}')") | $(per1k $r one | tr ' ' +); $(per1k $r two | tr ' ' +) | $(cat "$work/load-$r-one"); $(cat "$work/load-$r-two") |"
done
for r in $(seq 1 "$rounds"); do echo "round $r: one $(answers "$work/s1-$r-one"); two $(answers "$work/s1-$r-two")"; done
python3 - "$work" "$rounds" <<'PY'
import re, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def rps(f): return float(re.search(r'^Requests/sec:\s+([\d.]+)', open(f).read(), re.M).group(1))
ratios = [rps(f"{work}/s1-{r}-two") / rps(f"{work}/s1-{r}-one") for r in range(1, rounds + 1)]
print(f"two/one req/s over {rounds} rounds: mean {statistics.mean(ratios):.2f}, min {min(ratios):.2f}, max {max(ratios):.2f}")
def cpu(r, s):
    ok = int(re.search(r'ok=(\d+)', open(f"{work}/s1-{r}-{s}").read()).group(1))
    return sum(map(int, open(f"{work}/cpu-{r}-{s}").read().split())) / ok
costs = [cpu(r, "two") / cpu(r, "one") for r in range(1, rounds + 1)]
print(f"two/one CPU per dose (API + PostgreSQL) over {rounds} rounds: mean {statistics.mean(costs):.2f}, min {min(costs):.2f}, max {max(costs):.2f}")
PY
echo "work files: $work"
