#!/usr/bin/env bash
# Cluster load (issue 8; since issue 14 the nodes form one Akka cluster: remoting on each node's address, port 4053,
# every node listed as a seed): N ActorTrap nodes on one machine, each on its own loopback address, sharing one throwaway
# PostgreSQL 15, all asking one rbldnsd that lists every client; one load generator per node holds PER_NODE
# connections from distinct 127.x.y.z source addresses while new ones keep arriving (ARRIVALS per second per
# generator, each replacing the generator's oldest connection). Reports per node: held, RSS per held connection, CPU,
# errors; at the end, after the clients closed and the nodes drained, checks that nothing crashed and nothing was
# lost: per node sessions started = sessions ended = verdicts, the generators' connections = sessions started, the
# verdict count in PostgreSQL = the verdicts all nodes counted, and every member still up (none downed under load).
#
#   bench/cluster-load.sh [--quick]
#
# Defaults (the real run): NODES=6 PER_NODE=16700 (100,200 held) DURATION=600 (seconds of hold, after the ramp)
# RAMP=240 ARRIVALS=20 SAMPLE=30. --quick: NODES=2 PER_NODE=2000 DURATION=60 RAMP=20 ARRIVALS=10 SAMPLE=10.
# Every variable can be set in the environment. KEEP=DIR copies the logs and samples there before cleaning up.
# Each process may open at most 20,000 files here, so a node holds < ~18,000 and a generator < 19,000.
# Needs root (initdb runs as user postgres), rbldnsd, PostgreSQL 15, curl, jq. Loopback only; bounded in time;
# everything started here is stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" = "--quick" ]; then
  : "${NODES:=2}" "${PER_NODE:=2000}" "${DURATION:=60}" "${RAMP:=20}" "${ARRIVALS:=10}" "${SAMPLE:=10}"
fi
nodes=${NODES:-6}
per_node=${PER_NODE:-16700}
duration=${DURATION:-600}
ramp=${RAMP:-240}
arrivals=${ARRIVALS:-20}
sample=${SAMPLE:-30}
settle=${SETTLE:-20}
zone=bl.cluster.test
[ "$nodes" -ge 1 ] && [ "$nodes" -le 11 ] || { echo "NODES must be 1..11 (clients use 127.21-31.x.y)"; exit 2; }
[ "$per_node" -le 18000 ] || { echo "PER_NODE must be <= 18000 (20,000 open files per process)"; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "run as root: initdb runs as user postgres"; exit 2; }
for tool in rbldnsd curl jq runuser; do command -v $tool >/dev/null || { echo "missing $tool"; exit 2; }; done
pgbin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

dotnet build "$root/src/ActorTrap.Cli" -c Release -nologo -v quiet >/dev/null
dotnet build "$root/bench/ActorTrap.LoadGen" -c Release -nologo -v quiet >/dev/null
node_bin="$root/src/ActorTrap.Cli/bin/Release/net10.0/actortrap"
loadgen="$root/bench/ActorTrap.LoadGen/bin/Release/net10.0/actortrap-loadgen"

work=$(mktemp -d /tmp/actortrap-cluster.XXXXXX); chmod 755 "$work"
pids=()
pg_started=no
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  [ $pg_started = yes ] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; cp -r "$work"/*.log "$work"/*.tsv "$work"/*.txt "$KEEP"/ 2>/dev/null || true; fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "$(date -u +%H:%M:%S) $*"; }
free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, getattr(socket, sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }
node_ip() { echo "127.0.$((10 + $1)).1"; }
admin() { curl -sf --max-time 10 "http://$(node_ip "$1"):9110$2"; }

log "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); uptime: $(uptime)"
log "plan: $nodes nodes x $per_node held = $((nodes * per_node)) held for ${duration}s after a ${ramp}s ramp, $arrivals new connections/s per node"

# --- PostgreSQL 15, throwaway --------------------------------------------------------------------------------------
mkdir -p "$work/pg"; chown postgres:postgres "$work/pg"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --no-sync --no-instructions >"$work/pg-init.log" 2>&1
# As the test fixture: fsync off (what the OS cache holds survives a process kill), synchronous_commit on.
printf 'fsync = off\nfull_page_writes = off\nmax_connections = 300\nlog_min_messages = warning\n' >>"$work/pg/data/postgresql.conf"
pg_port=$(free_port SOCK_STREAM)
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 start -o "-k $work/pg -p $pg_port -h 127.0.0.1" >/dev/null
pg_started=yes
psql_q() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "${2:-actortrap}" -Atqc "$1"; }
psql_q "CREATE DATABASE actortrap" postgres
conn="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=actortrap"
log "postgresql $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

# --- rbldnsd: every client range listed (127.16.0.0/12), RFC 5782 test entries for the self-test ------------------
printf ':127.0.0.2:Listed for the cluster load test\n127.0.0.2\n127.16.0.0/12\n' >"$work/bl.ip4set"; chmod 644 "$work/bl.ip4set"
dns_port=$(free_port SOCK_DGRAM)
rbldnsd -n -u rbldns -w "$work" -b "127.0.0.1/$dns_port" -t 3600 "$zone:ip4set:bl.ip4set" >"$work/rbldnsd.log" 2>&1 &
pids+=($!)

# --- the nodes ------------------------------------------------------------------------------------------------------
declare -a node_pid
seeds=$(for i in $(seq 1 "$nodes"); do printf '"%s:4053",' "$(node_ip "$i")"; done)
seeds="[${seeds%,}]"
for i in $(seq 1 "$nodes"); do
  ip=$(node_ip "$i")
  mkdir -p "$work/node$i"
  "$node_bin" run \
    --set "actortrap.node.name=\"node$i\"" \
    --set "actortrap.cluster.hostname=\"$ip\"" --set "actortrap.cluster.port=4053" \
    --set "actortrap.cluster.seed-nodes=$seeds" \
    --set "actortrap.data-dir=\"$work/node$i\"" \
    --set "actortrap.admin.listen=\"$ip:9110\"" \
    --set "actortrap.smtp.listen=[\"$ip:2525\"]" --set 'actortrap.smtp.permit=[]' \
    --set "actortrap.smtp.hostname=mx$i.cluster.test" \
    --set "actortrap.smtp.hold=60m" \
    --set "actortrap.dns.servers=[\"127.0.0.1:$dns_port\"]" \
    --set "actortrap.dnsbl.zones=[{zone=\"$zone\", weight=1, codes=\"127.0.0.2\", txt=false}]" \
    --set "actortrap.reputation.postgres.connection-string=\"$conn\"" \
    >"$work/node$i.log" 2>&1 &
  node_pid[$i]=$!
  pids+=($!)
done
for i in $(seq 1 "$nodes"); do
  for _ in $(seq 300); do
    grep -q "started in" "$work/node$i.log" && break
    kill -0 "${node_pid[$i]}" 2>/dev/null || { cat "$work/node$i.log"; exit 1; }
    sleep 0.2
  done
  grep -q "started in" "$work/node$i.log" || { echo "node$i did not start"; cat "$work/node$i.log"; exit 1; }
done
up_members() { admin "$1" /api/cluster | jq '[.members[] | select(.status == "up" and .reachable)] | length' 2>/dev/null || echo "?"; }
for _ in $(seq 120); do
  all=yes
  for i in $(seq 1 "$nodes"); do [ "$(up_members "$i")" = "$nodes" ] || all=no; done
  [ $all = yes ] && break
  sleep 1
done
members=$(up_members 1)
log "$nodes nodes started; cluster members up (seen by node1): $members"

rss() { awk '/VmRSS/ {print $2 * 1024}' "/proc/$1/status"; }
cpu_ticks() { awk '{ s = $0; sub(/.*\) /, "", s); split(s, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }
declare -a base_rss
for i in $(seq 1 "$nodes"); do base_rss[$i]=$(rss "${node_pid[$i]}"); done

# --- the load: one generator per node, each from its own /16 ----------------------------------------------------------
declare -a gen_pid
for i in $(seq 1 "$nodes"); do
  "$loadgen" hold --target "$(node_ip "$i"):2525" --connections "$per_node" --sources "127.$((20 + i)).0.0/16" \
    --ramp "${ramp}s" --settle "${settle}s" --duration "${duration}s" --arrival-rate "$arrivals" --status "${sample}s" \
    --pid "${node_pid[$i]}" >"$work/gen$i.log" 2>&1 &
  gen_pid[$i]=$!
  pids+=($!)
done

# Sample every node while the generators run: held, open, RSS, CPU over the interval, load average.
printf 't\tnode\theld\topen\trss_bytes\tcpu_pct\tload1\n' >"$work/samples.tsv"
declare -a last_ticks
for i in $(seq 1 "$nodes"); do last_ticks[$i]=$(cpu_ticks "${node_pid[$i]}"); done
start=$SECONDS
hold_from=$((ramp + settle))
declare -a hold_ticks0 hold_rss hold_held
hold_t0=""
deadline=$((ramp + settle + duration + 180))
while :; do
  running=0
  for i in $(seq 1 "$nodes"); do kill -0 "${gen_pid[$i]}" 2>/dev/null && running=$((running + 1)); done
  [ $running -eq 0 ] && break
  [ $((SECONDS - start)) -gt $deadline ] && { log "generators overran ${deadline}s; stopping them"; break; }
  sleep "$sample"
  t=$((SECONDS - start))
  load1=$(cut -d' ' -f1 /proc/loadavg)
  seen_up=$(up_members 1)
  [[ $seen_up =~ ^[0-9]+$ ]] && [ "$seen_up" -lt "${min_up:-$nodes}" ] && min_up=$seen_up
  line="t=${t}s load=$load1 up=$seen_up"
  for i in $(seq 1 "$nodes"); do
    p=${node_pid[$i]}
    kill -0 "$p" 2>/dev/null || { log "node$i (pid $p) is gone"; continue; }
    stats=$(admin "$i" /api/smtp/stats || echo '{}')
    held=$(jq -r '.held // "?"' <<<"$stats"); open=$(jq -r '.open // "?"' <<<"$stats")
    ticks=$(cpu_ticks "$p"); r=$(rss "$p")
    cpu=$(awk -v a="${last_ticks[$i]}" -v b="$ticks" -v s="$sample" 'BEGIN { printf "%.1f", (b - a) / s }')
    last_ticks[$i]=$ticks
    printf '%s\tnode%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$i" "$held" "$open" "$r" "$cpu" "$load1" >>"$work/samples.tsv"
    line="$line | n$i held=$held rss=$((r / 1048576))M cpu=$cpu%"
    # The hold window starts once every generator has ramped and settled; its end is the last sample in it.
    if [ $t -ge $hold_from ] && [ $t -le $((hold_from + duration)) ]; then
      [ -z "${hold_ticks0[$i]:-}" ] && { hold_ticks0[$i]=$ticks; hold_rss0[$i]=$r; hold_held0[$i]=$held; }
      [[ $held =~ ^[0-9]+$ ]] && { hold_rss[$i]=$r; hold_held[$i]=$held; hold_ticks1[$i]=$ticks; }
    fi
  done
  if [ $t -ge $hold_from ] && [ $t -le $((hold_from + duration)) ]; then
    [ -z "$hold_t0" ] && hold_t0=$t
    hold_t1=$t
  fi
  log "$line"
done
for i in $(seq 1 "$nodes"); do wait "${gen_pid[$i]}" 2>/dev/null || true; done
log "generators done; uptime: $(uptime)"

# --- drain and count ---------------------------------------------------------------------------------------------------
# A node notices a closed held client at its next trickle tick (10 s); every session must then have ended once.
for i in $(seq 1 "$nodes"); do
  for _ in $(seq 120); do
    [ "$(admin "$i" /api/smtp/stats | jq -r '.open')" = "0" ] && break
    sleep 1
  done
done
# The last verdicts reach PostgreSQL through their entities' nodes (send interval, batch interval, merge): poll.
expected_verdicts=0
for i in $(seq 1 "$nodes"); do expected_verdicts=$((expected_verdicts + $(admin "$i" /api/smtp/stats | jq -r '.verdicts // 0'))); done
for _ in $(seq 60); do
  [ "$(psql_q "SELECT coalesce(sum(verdicts), 0) FROM reputation")" -ge "$expected_verdicts" ] && break
  sleep 1
done
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
echo
echo "| node | held (end of hold) | RSS before → held | RSS per held (start of hold / end) | CPU (hold window) | clients connected | sessions started / ended / verdicts | shed | accept errors | client failures | warnings+errors in log |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
total_held=0; total_verdicts=0; total_rss=0
window=$(( ${hold_t1:-0} - ${hold_t0:-0} ))
for i in $(seq 1 "$nodes"); do
  p=${node_pid[$i]}
  alive=yes; kill -0 "$p" 2>/dev/null || { alive=no; fail "node$i crashed or exited"; }
  stats=$(admin "$i" /api/smtp/stats || echo '{}')
  started=$(jq -r '.sessionsStarted // -1' <<<"$stats"); ended=$(jq -r '.sessionsEnded // -1' <<<"$stats")
  verdicts=$(jq -r '.verdicts // -1' <<<"$stats"); open=$(jq -r '.open // -1' <<<"$stats"); shed=$(jq -r '.shed // -1' <<<"$stats")
  accept_errors=$(admin "$i" /metrics | awk '/^actortrap_smtp_accept_errors_total/ { s += $NF } END { print s + 0 }')
  result=$(grep '^result ' "$work/gen$i.log" || echo "result connected=-1 failed=-1")
  connected=$(sed 's/.*connected=\([0-9-]*\).*/\1/' <<<"$result"); cfailed=$(sed 's/.*failed=\([0-9-]*\).*/\1/' <<<"$result")
  log_problems=$(grep -ciE '\b(warn|fail|error|crit|exception)' "$work/node$i.log" || true)
  held=${hold_held[$i]:-0}; r1=${hold_rss[$i]:-0}; r0=${base_rss[$i]}
  per=$(( held > 0 ? (r1 - r0) / held : 0 ))
  h0=${hold_held0[$i]:-0}; per0=$(( h0 > 0 ? (${hold_rss0[$i]:-0} - r0) / h0 : 0 ))
  cpu=$(awk -v a="${hold_ticks0[$i]:-0}" -v b="${hold_ticks1[$i]:-0}" -v s="$window" 'BEGIN { printf "%.1f", (s > 0) ? (b - a) / s : 0 }')
  printf '| node%s | %s | %.0f → %.0f MiB | %s / %s B | %s %% | %s | %s / %s / %s | %s | %s | %s | %s |\n' "$i" "$held" \
    "$(awk -v b="$r0" 'BEGIN { print b / 1048576 }')" "$(awk -v b="$r1" 'BEGIN { print b / 1048576 }')" "$per0" "$per" "$cpu" "$connected" "$started" "$ended" "$verdicts" \
    "$shed" "$accept_errors" "$cfailed" "$log_problems"
  [ "$open" = "0" ] || fail "node$i still has $open open sessions after the drain"
  [ "$started" = "$ended" ] || fail "node$i: $started sessions started, $ended ended"
  [ "$ended" = "$verdicts" ] || fail "node$i: $ended sessions ended, $verdicts verdicts"
  [ "$connected" = "$started" ] || fail "node$i: the generator connected $connected, the node started $started sessions"
  total_held=$((total_held + held)); total_verdicts=$((total_verdicts + verdicts)); total_rss=$((total_rss + r1 - r0))
done
stored=$(psql_q "SELECT coalesce(sum(verdicts), 0) FROM reputation")
rows=$(psql_q "SELECT count(*) FROM reputation")
echo
echo "Total held at the end of the hold window: $total_held (window ${window}s); RSS over baseline per held connection, all nodes: $(( total_held > 0 ? total_rss / total_held : 0 )) B."
echo "Verdicts counted by the nodes: $total_verdicts; verdicts in PostgreSQL: $stored (over $rows addresses)."
[ "$stored" = "$total_verdicts" ] || fail "PostgreSQL holds $stored verdicts, the nodes counted $total_verdicts"
echo "Members up and reachable as node1 saw them: at least ${min_up:-$nodes} of $nodes at every sample."
[ "${min_up:-$nodes}" = "$nodes" ] || fail "a member was unreachable or gone at a sample (node1 saw ${min_up} of $nodes up)"
for i in $(seq 1 "$nodes"); do
  [ "$(up_members "$i")" = "$nodes" ] || fail "node$i does not see all $nodes members up at the end"
  ! grep -qi "downed" "$work/node$i.log" || fail "node$i logged a downing: $(grep -i -m1 downed "$work/node$i.log")"
done

# Graceful stop: each node must exit 0 within its shutdown timeout.
for i in $(seq 1 "$nodes"); do kill -TERM "${node_pid[$i]}" 2>/dev/null || true; done
for i in $(seq 1 "$nodes"); do
  rc=0; timeout 60 tail --pid="${node_pid[$i]}" -f /dev/null || true
  wait "${node_pid[$i]}" || rc=$?
  [ $rc -eq 0 ] || fail "node$i exited $rc on SIGTERM"
done
cp "$work/samples.tsv" "$work/samples.txt" 2>/dev/null || true
log "uptime at the end: $(uptime)"
if [ $failures -eq 0 ]; then echo "PASS: nothing crashed, every session ended once with one verdict, every verdict reached PostgreSQL"; else echo "$failures check(s) failed"; exit 1; fi
