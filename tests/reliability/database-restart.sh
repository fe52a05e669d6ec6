#!/usr/bin/env bash
# Database restart under write load: while PostgreSQL is down the API reports not-ready and
# answers 503 (never 500), it recovers by itself, and every acknowledged write is stored once.
#   tests/reliability/database-restart.sh
source "$(dirname "$0")/common.sh"
prepare
start_api 5091
base=http://127.0.0.1:5091
patient=$(patient_on_oral_plan "$base")

writer() { # each write is retried with its key until answered 200
  for i in $(seq 1 200); do
    for _ in $(seq 1 120); do
      code=$(post "$base" "/api/patients/$patient/doses" "{\"takenOn\":\"2026-0$((1 + i % 9))-1$((i % 9))\",\"doseMg\":50,\"observed\":true}" "restart-$i")
      echo "$code" >>"$work/codes"
      [ "$code" = 200 ] && { echo "restart-$i" >>"$work/acknowledged"; break; }
      sleep 0.25
    done
  done
}
writer & writer_pid=$!

sleep 3
"$root/scripts/db.sh" stop
ready_down=$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")
sleep 6
"$root/scripts/db.sh" start >/dev/null
for _ in $(seq 1 60); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ] && break; sleep 0.5; done
ready_up=$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")
wait "$writer_pid"

acknowledged=$(sort -u "$work/acknowledged" | wc -l)
stored=$(sql "select count(*) from tp.mt_events where stream_id = '$patient' and type = 'oral_dose_taken'")
answers=$(sort "$work/codes" | uniq -c | awk '{printf "%s×%s ", $2, $1}')
echo "database restart: ready while down=$ready_down, after=$ready_up; answers: $answers; acknowledged=$acknowledged stored=$stored"
[ "$ready_down" = 503 ] && [ "$ready_up" = 200 ] && [ "$acknowledged" = 200 ] && [ "$stored" = 200 ] && ! grep -q '^500$' "$work/codes"
