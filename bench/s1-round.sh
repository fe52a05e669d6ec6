#!/usr/bin/env bash
# One S1 round of one set-up, on the databases and tokens an earlier bench/s1-several-databases.sh run
# left behind, for trying one change at a time by hand (alternate set-ups and variants yourself):
# a fresh API, 10 s warm-up, the daemons caught up, then 20 s of S1 measured. Prints req/s, the CPU
# ticks (1/100 s) per 1,000 doses of the API process(es) and of all of PostgreSQL, the answers, and
# per clinic database the statements run most often during the round (pg_stat_statements).
#   S1_REUSE=/tmp/tmp.XXXX bench/s1-round.sh one|two
#   S1_TWO_DATABASE, S1_POOL: as for bench/s1-several-databases.sh (database "two", pool of each in set-up two)
#   S1_ONE_POOL=";MaxPoolSize=8": appended to set-up one's connection string
#   S1_SPLIT=1: the daemons run in a second API process (port S1_PORT+1) that takes no requests
#   S1_NO_PROJECTIONS=1: no daemon at all (ReadModels__RunProjections=false)
#   S1_IDLE=1: no load: the CPU of 30 s at rest, after 60 s settling
#   S1_DLL=path: another build of the API (e.g. a variant built with -o)
#   S1_SYNCHRONOUS_COMMIT=off: the server's synchronous_commit for this round (ALTER SYSTEM, reset at the end)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
setup="${1:?one or two}"
work="${S1_REUSE:?S1_REUSE: the work folder of a bench/s1-several-databases.sh run}"
port="${S1_PORT:-5197}"
base="http://127.0.0.1:$port"
dll="${S1_DLL:-$root/src/TreatmentPlatform.Api/bin/Release/net10.0/TreatmentPlatform.Api.dll}"
source "$root/bench/databases.sh"
first="$(TP_DB_NAME=postgres scripts/db.sh start)"
second="$(TP_PG_CLUSTER=2 TP_PG_PORT="${TP_PG_PORT_2:-55433}" TP_DB_NAME=postgres scripts/db.sh start)"
single=$(named "$first" bench2_single); master=$(named "$first" bench2_master); one=$(named "$first" bench2_one)
two="${S1_TWO_DATABASE:-$(named "$second" bench2_two)}"
case "$setup" in
  one) env_vars="ConnectionStrings__Marten=$single${S1_ONE_POOL:-}"; databases="$single" ;;
  two) env_vars="Databases__Master=$master Databases__Pool__one=$one${S1_POOL:-} Databases__Pool__two=$two${S1_POOL:-} Databases__Assignment=explicit"
       databases="$one $two" ;;
  *) echo "one or two" >&2; exit 1 ;;
esac
for p in "$port" $((port + 1)); do
  if ss -ltn | grep -q "127.0.0.1:$p "; then echo "port $p is taken" >&2; exit 1; fi
done

server() { psql "$(libpq "$(named "$first" postgres)")" -qAtc "$1" >/dev/null; }
pids=()
stop() {  # the APIs, and their ports free again for the next round; the server's setting back
  kill "${pids[@]}" 2>/dev/null || true
  while ss -ltn | grep -qE "127.0.0.1:($port|$((port + 1))) "; do sleep 0.2; done
  if [ -n "${S1_SYNCHRONOUS_COMMIT:-}" ]; then server "alter system reset synchronous_commit"; server "select pg_reload_conf()"; fi
}
trap stop EXIT
if [ -n "${S1_SYNCHRONOUS_COMMIT:-}" ]; then
  server "alter system set synchronous_commit = '$S1_SYNCHRONOUS_COMMIT'"; server "select pg_reload_conf()"
fi
start() {  # port, extra environment: an API process, once it answers
  (cd src/TreatmentPlatform.Api && exec env $env_vars $2 ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
    ASPNETCORE_URLS="http://127.0.0.1:$1" dotnet "$dll") >"$(mktemp)" 2>&1 &
  pids+=($!)
  until curl -fs "http://127.0.0.1:$1/health/ready" >/dev/null; do kill -0 "${pids[-1]}" || exit 1; sleep 0.2; done
}
[ -n "${S1_SPLIT:-}" ] && start $((port + 1)) ""
start "$port" "$([ -n "${S1_SPLIT:-}${S1_NO_PROJECTIONS:-}" ] && echo ReadModels__RunProjections=false)"

caught_up() {
  [ -n "${S1_NO_PROJECTIONS:-}" ] && return 0
  local db
  for db in $databases; do
    [ "$(psql "$(libpq "$db")" -tAc "select coalesce((select min(last_seq_id) from tp.mt_event_progression where name in ('TreatmentSummary:All','CareRow:All') having count(*) = 2), -1) >= coalesce((select max(seq_id) from tp.mt_events), 0)")" = t ] || return 1
  done
}
# Tokens last 8 hours, so fresh ones each round, in the order the patients file numbers the clinics.
tokens="$(mktemp)"
for file in "$work"/seed/*.ndjson; do
  ASPNETCORE_ENVIRONMENT=Development dotnet "$dll" token --role admin --clinic "$(basename "$file" .ndjson)" >>"$tokens"
done
export TP_TOKENS="$tokens" TP_PATIENTS="$work/patients"
export TP_DATES="$(TZ=America/New_York python3 -c "import datetime as d;t=d.date.today();print(','.join(str(t-d.timedelta(days=i)) for i in range(1,8)))")"

if [ -n "${S1_IDLE:-}" ]; then
  sleep 60
  api0=$(ticks "${pids[@]}"); pg0=$(ticks $(pgrep -u postgres postgres)); sleep 30
  echo "$setup idle: API $(($(ticks "${pids[@]}") - api0)) ticks per 30 s, PostgreSQL $(($(ticks $(pgrep -u postgres postgres)) - pg0))"
  exit 0
fi
wrk -t2 -c32 -d10s -s bench/dose.lua "$base" >/dev/null 2>&1
until caught_up; do sleep 0.2; done
for db in $databases; do psql "$(libpq "$db")" -qc "create extension if not exists pg_stat_statements" -c "select pg_stat_statements_reset()" >/dev/null 2>&1; done
api0=$(ticks "${pids[@]}"); pg0=$(ticks $(pgrep -u postgres postgres))
out=$(wrk -t2 -c32 -d20s --latency -s bench/dose.lua "$base" 2>&1)
api=$(($(ticks "${pids[@]}") - api0)); pg=$(($(ticks $(pgrep -u postgres postgres)) - pg0))
ok=$(grep -o 'ok=[0-9]*' <<<"$out" | cut -d= -f2 || true)
if [ "${ok:-0}" -eq 0 ]; then echo "$setup: no dose was recorded; wrk said: $out" >&2; exit 1; fi
echo "$setup: $(awk '/^Requests\/sec:/{print $2}' <<<"$out") req/s, ticks per 1,000 doses: API $((api * 1000 / ok)), PostgreSQL $((pg * 1000 / ok)); $(grep ANSWERS <<<"$out")"
for db in $databases; do
  echo "== $(libpq "$db" | grep -o 'dbname=[^ ]*'): calls | ms | statement"
  psql "$(libpq "$db")" -tAc "select calls, round(total_exec_time), left(regexp_replace(query, '\s+', ' ', 'g'), 100) from pg_stat_statements
    where dbid = (select oid from pg_database where datname = current_database()) order by calls desc limit 12"
done
