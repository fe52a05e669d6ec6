#!/usr/bin/env bash
# Two API nodes on one database under the same load; one is killed (-9) mid-run. Nothing
# acknowledged is lost or doubled, the survivor takes over the projections if the dead node ran
# them (Wolverine reassigns its agents), and scheduled jobs belong to no single node.
#   tests/reliability/several-nodes.sh
source "$(dirname "$0")/common.sh"
prepare
start_api 5092; node_a=$api_pid
start_api 5093
nodes=(http://127.0.0.1:5092 http://127.0.0.1:5093)
patients=()
for _ in 1 2 3 4; do patients+=("$(patient_on_oral_plan "${nodes[1]}")"); done
clinic_patients=$(printf "'%s'," "${patients[@]}"); clinic_patients=${clinic_patients%,}

writer() { # writer n: alternates nodes; a write without an answer is retried (same key) on the other node
  for i in $(seq 1 60); do
    key="node-$1-$i"; node=$(( (i + $1) % 2 ))
    for _ in $(seq 1 60); do
      code=$(post "${nodes[$node]}" "/api/patients/${patients[$(( (i + $1) % 4 ))]}/doses" \
        "{\"takenOn\":\"2026-0$((1 + i % 9))-1$((i % 9))\",\"doseMg\":50,\"observed\":true}" "$key")
      echo "$code" >>"$work/codes"
      [ "$code" = 200 ] && { echo "$key" >>"$work/acknowledged"; break; }
      node=$(( 1 - node )); sleep 0.2
    done
  done
}
writers=()
for w in 1 2 3 4; do writer "$w" & writers+=($!); done
sleep 6
kill -9 "$node_a"
echo "killed node A at $(date +%T)"
wait "${writers[@]}"

acknowledged=$(sort -u "$work/acknowledged" | wc -l)
stored=$(sql "select count(*) from tp.mt_events where stream_id in ($clinic_patients) and type = 'oral_dose_taken'")
distinct=$(sql "select count(distinct data->>'doseId') from tp.mt_events where stream_id in ($clinic_patients) and type = 'oral_dose_taken'")
lagging=-1
for second in $(seq 1 180); do
  lagging=$(sql "select count(*) from tp.mt_streams s left join tp.mt_doc_carerow c on c.id = s.id left join tp.mt_doc_treatmentsummary p on p.id = s.id
    where s.id in ($clinic_patients) and (c.id is null or p.id is null or (c.data->>'version')::int <> s.version or (p.data->>'version')::int <> s.version)")
  [ "$lagging" = 0 ] && break
  sleep 1
done
scheduled_owned=$(sql "select count(*) from tp.wolverine_incoming_envelopes where message_type like '%NightlyReportsDue' and status = 'Scheduled' and owner_id <> 0")
answers=$(sort "$work/codes" | uniq -c | awk '{printf "%s×%s ", $2, $1}')
echo "several nodes: answers: $answers; acknowledged=$acknowledged stored=$stored distinct=$distinct; read models behind after ${second}s: $lagging; scheduled jobs owned by a node: $scheduled_owned"
[ "$acknowledged" = 240 ] && [ "$stored" = 240 ] && [ "$distinct" = 240 ] && [ "$lagging" = 0 ] && [ "$scheduled_owned" = 0 ] && ! grep -q '^500$' "$work/codes"
