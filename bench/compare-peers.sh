#!/usr/bin/env bash
# Side by side with the peers a user would pick instead (issue 8), with the same load tool in the same run:
#   (a) endlessh (Debian): memory and CPU per held connection, vs an ActorTrap node holding as many;
#   (b) Postfix postscreen with the same DNSBL: connections per second for listed and unlisted clients, vs ActorTrap
#       in drop mode;
#   (c) rbldnsd vs ActorTrap's DNSBL responder, queries per second with dnsperf (bench/dnsbl-dnsperf.sh).
# Prints each measurement, then a table of ratios ActorTrap / peer.
#
#   bench/compare-peers.sh [--quick]
#
# Runs as root. endlessh binds 0.0.0.0 only and postscreen's dnsblog asks the system resolver on port 53, so the
# script re-runs itself in fresh network, mount and PID namespaces (unshare): a loopback of its own, rbldnsd on
# 127.0.0.1:53 as the namespace's only resolver (/etc/resolv.conf bind-mounted inside only), and everything it starts
# dies with the namespace. Every phase is bounded in time.
#
# Environment: HOLD_N (held connections for (a), default 16000), HOLD_SECONDS (60), RAMP_SECONDS (60),
# RATE_SECONDS (20 per rate run), LISTED_CONCURRENCY (1000), UNLISTED_CONCURRENCY (256), DNSPERF_SECONDS (15),
# DNSPERF_ROUNDS (3), HEAP (1: also the node's managed heap per held connection, from a full blocking GC through
# /api/runtime?collect=true before the hold and halfway through it; those collections disturb that run's RSS and CPU
# figures, so take them from a run without it), HOLD_SIDES ("endlessh actortrap"; one of them to measure only that
# side, e.g. while trying GC settings through DOTNET_GC* variables, which the node inherits). --quick: HOLD_N=2000, 20 s hold, 10 s ramp, 10 s rate runs, one 5 s dnsperf round.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
root=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" != "--inside" ]; then
  if [ "${1:-}" = "--quick" ]; then
    export HOLD_N=${HOLD_N:-2000} HOLD_SECONDS=${HOLD_SECONDS:-20} RAMP_SECONDS=${RAMP_SECONDS:-10} RATE_SECONDS=${RATE_SECONDS:-10}
    export DNSPERF_SECONDS=${DNSPERF_SECONDS:-5} DNSPERF_ROUNDS=${DNSPERF_ROUNDS:-1}
  fi
  [ "$(id -u)" -eq 0 ] || { echo "$0: run as root (network namespace, postfix start)" >&2; exit 2; }
  for need in unshare:util-linux ip:iproute2 endlessh:endlessh rbldnsd:rbldnsd postfix:postfix postconf:postfix \
              dnsperf:dnsperf dig:bind9-dnsutils; do
    command -v "${need%%:*}" >/dev/null 2>&1 || { echo "$0: ${need%%:*} missing (apt-get install ${need#*:})" >&2; exit 2; }
  done
  dotnet build "$root/src/ActorTrap.Cli" -c Release -nologo -v quiet >/dev/null
  dotnet build "$root/bench/ActorTrap.LoadGen" -c Release -nologo -v quiet >/dev/null
  dotnet build "$root/bench/ActorTrap.Benchmarks" -c Release -nologo -v quiet >/dev/null
  work=$(mktemp -d /tmp/actortrap-peers.XXXXXX); chmod 755 "$work"
  rc=0
  # Bounded as a whole: the phases add up to well under this.
  timeout --kill-after=10 3000 unshare --mount --net --pid --fork --mount-proc --kill-child -- bash "$0" --inside "$work" || rc=$?
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; cp -r "$work"/*.log "$work"/postfix/maillog "$KEEP"/ 2>/dev/null || true; fi
  rm -rf "$work"
  exit $rc
fi

work=$2
if [ $$ -ne 1 ] || [ "$(ip -o link show | wc -l)" -ne 1 ]; then
  echo "$0: not in a fresh network namespace; refusing to replace /etc/resolv.conf" >&2; exit 2
fi
ip link set lo up

hold_n=${HOLD_N:-16000}
hold_seconds=${HOLD_SECONDS:-60}
ramp_seconds=${RAMP_SECONDS:-60}
rate_seconds=${RATE_SECONDS:-20}
listed_concurrency=${LISTED_CONCURRENCY:-1000}
unlisted_concurrency=${UNLISTED_CONCURRENCY:-256}
zone=bl.peers.test
node_bin="$root/src/ActorTrap.Cli/bin/Release/net10.0/actortrap"
loadgen="$root/bench/ActorTrap.LoadGen/bin/Release/net10.0/actortrap-loadgen"
postfix_conf="$work/postfix/conf"

pids=()
stop_all() {
  postfix -c "$postfix_conf" stop >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT
log() { echo "$(date -u +%H:%M:%S) $*"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
slab() { awk '/^Slab:/ { print $2 * 1024 }' /proc/meminfo; }
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2" | tail -1; } # field NAME "result ..." -> value
wait_for() { # SECONDS WHAT COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do [ $SECONDS -ge $deadline ] && { echo "timed out waiting for $what" >&2; return 1; }; sleep 0.2; done
}

log "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r); load $(load)"

# --- the DNSBL: rbldnsd on the namespace's port 53, the only resolver of its resolv.conf ---------------------------
# Listed: 127.16.0.0/12 (and the RFC 5782 test entry); every other address is not.
printf ':127.0.0.2:Listed for the side-by-side test\n127.0.0.2\n127.16.0.0/12\n' >"$work/bl.ip4set"; chmod 644 "$work/bl.ip4set"
rbldnsd -n -u rbldns -w "$work" -b 127.0.0.1/53 -t 3600 "$zone:ip4set:bl.ip4set" >"$work/rbldnsd.log" 2>&1 &
pids+=($!)
printf 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n' >"$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf
wait_for 10 "rbldnsd" bash -c "dig @127.0.0.1 2.0.0.127.$zone A +short +tries=1 +time=1 | grep -q 127.0.0.2"

start_node() { # NAME ADDR MODE HOLD
  "$node_bin" run --set "actortrap.node.name=\"$1\"" --set "actortrap.data-dir=\"$work/$1\"" \
    --set "actortrap.admin.listen=\"$2:9110\"" --set "actortrap.smtp.listen=[\"$2:2525\"]" --set 'actortrap.smtp.permit=[]' \
    --set "actortrap.smtp.hostname=mx.peers.test" --set "actortrap.smtp.mode=$3" --set "actortrap.smtp.hold=$4" \
    --set "actortrap.smtp.max-connections-per-ip=100" \
    --set "actortrap.dns.servers=[\"127.0.0.1:53\"]" \
    --set "actortrap.dnsbl.zones=[{zone=\"$zone\", weight=1, codes=\"127.0.0.2\", txt=false}]" >"$work/$1.log" 2>&1 &
  node_pid=$!
  pids+=($node_pid)
  wait_for 60 "node $1" grep -q "started in" "$work/$1.log" || { cat "$work/$1.log"; exit 1; }
}
stop_pid() { kill -TERM "$1" 2>/dev/null || true; timeout 30 tail --pid="$1" -f /dev/null || kill -9 "$1" 2>/dev/null || true; }

managed_heap() { # ADMIN_ADDR -> "HEAP COMMITTED": managed heap and GC-committed bytes after a full blocking GC
  local json
  json=$(curl -sf --max-time 60 "http://$1:9110/api/runtime?collect=true")
  echo "$(sed -n 's/.*"managedHeapBytes":\([0-9]*\).*/\1/p' <<<"$json") $(sed -n 's/.*"committedBytes":\([0-9]*\).*/\1/p' <<<"$json")"
}

hold_run() { # LABEL TARGET SOURCES PID [ADMIN_ADDR] -> prints the generator's result line
  log "(a) $1: hold $hold_n, load before $(load)" >&2
  # Warm-up: 500 connections held briefly and closed, so that what is measured is the cost of each further held
  # connection, not the first-use cost of the code (JIT) and pools; the sources are not reused below.
  "$loadgen" hold --target "$2" --connections 500 --sources 127.30.0.0/16 --ramp 2s --settle 2s --duration 3s >/dev/null 2>&1
  sleep 12 # the server notices the closed clients at its next trickle (10 s)
  # Kernel memory of the sockets (slab, machine-wide, so noisy when others run): before, and halfway through the hold.
  local slab0 slab1 heap0="" heap1=""
  if [ -n "${HEAP:-}" ] && [ -n "${5:-}" ]; then heap0=$(managed_heap "$5"); fi
  slab0=$(slab)
  "$loadgen" hold --target "$2" --connections "$hold_n" --sources "$3" --ramp "${ramp_seconds}s" --settle 20s \
    --duration "${hold_seconds}s" --pid "$4" >"$work/hold-$1.log" 2>&1 &
  local gen=$!
  sleep $((ramp_seconds + 20 + hold_seconds / 2))
  slab1=$(slab)
  if [ -n "$heap0" ]; then heap1=$(managed_heap "$5"); fi
  wait $gen
  if [ -n "$heap0" ] && [ -n "$heap1" ]; then
    local h0=${heap0% *} c0=${heap0#* } h1=${heap1% *} c1=${heap1#* }
    echo "    managed heap after a full GC: $((h0 / 1024)) KiB before, $((h1 / 1024)) KiB holding: $(( (h1 - h0) / hold_n )) B per held connection; GC committed $((c0 / 1048576)) MiB before, $((c1 / 1048576)) MiB holding" >>"$work/hold-$1.log"
    echo "result_heap heap_per_held=$(( (h1 - h0) / hold_n ))" >>"$work/hold-$1.log"
  fi
  # Both ends of every loopback connection are on this machine: half the slab growth is one socket's share.
  echo "    kernel slab $((slab0 / 1048576)) MiB before, $((slab1 / 1048576)) MiB holding: $(( (slab1 - slab0) / (2 * hold_n) )) B per socket (both ends counted, halved)" >>"$work/hold-$1.log"
  echo "result_slab slab_per_socket=$(( (slab1 - slab0) / (2 * hold_n) ))" >>"$work/hold-$1.log"
  sed 's/^/    /' "$work/hold-$1.log" >&2
  log "(a) $1: load after $(load)" >&2
  grep '^result' "$work/hold-$1.log" | tr '\n' ' '
}

phases=" ${PHASES:-hold rate dns} "
endlessh_result=""; ours_hold_result=""; ps_unlisted=""; ps_listed=""; ours_unlisted=""; ours_listed=""; postscreen_version=""
rbl_qps=""; ours_qps=""

# --- (a) endlessh vs ActorTrap: held connections ----------------------------------------------------------------------
hold_sides=" ${HOLD_SIDES:-endlessh actortrap} "
if [[ $phases == *" hold "* && $hold_sides == *" endlessh "* ]]; then
endlessh -4 -p 2222 -d 10000 -m $((hold_n + 500)) >"$work/endlessh.log" 2>&1 &
endlessh_pid=$!
pids+=($endlessh_pid)
wait_for 10 "endlessh" bash -c "exec 3<>/dev/tcp/127.0.0.1/2222"
sleep 1
endlessh_result=$(hold_run endlessh 127.0.0.1:2222 127.16.0.0/16 "$endlessh_pid")
stop_pid "$endlessh_pid"
fi

if [[ $phases == *" hold "* && $hold_sides == *" actortrap "* ]]; then
start_node trap-hold 127.0.2.25 observe 60m
hold_pid=$node_pid
ours_hold_result=$(hold_run actortrap 127.0.2.25:2525 127.17.0.0/16 "$hold_pid" 127.0.2.25)
stop_pid "$hold_pid"
fi

# --- (b) postscreen vs ActorTrap: connections per second ------------------------------------------------------------
rate_run() { # LABEL TARGET SOURCES CONCURRENCY PID [extra args] -> result line
  local label=$1 target=$2 sources=$3 conc=$4 pid=$5; shift 5
  log "(b) $label: $conc in flight, ${rate_seconds}s, load before $(load)" >&2
  "$loadgen" rate --target "$target" --sources "$sources" --concurrency "$conc" --duration "${rate_seconds}s" --pid "$pid" "$@" \
    >"$work/rate-$label.log" 2>&1
  sed 's/^/    /' "$work/rate-$label.log" >&2
  log "(b) $label: load after $(load)" >&2
  grep '^result ' "$work/rate-$label.log"
}

if [[ $phases == *" rate "* ]]; then
mkdir -p "$postfix_conf" "$work/postfix/queue" "$work/postfix/data"
chown postfix "$work/postfix/data"
# postscreen as a user would set it up in front of smtpd, with the limits raised so that they, not the load, do not
# decide the rate: greet wait 1 s (its default is 6 s, 2 s under stress), DNSBL verdict "drop" (521 and hang up),
# queue limits and per-client limits above the concurrency used here. Unlisted clients pass once ("PASS NEW") and
# are then handed to smtpd at once from postscreen's cache ("PASS OLD"); the load tool says QUIT to smtpd's 220.
cat >"$postfix_conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $work/postfix/queue
data_directory = $work/postfix/data
maillog_file = $work/postfix/maillog
maillog_file_prefixes = $work
myhostname = mx.peers.test
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP
default_process_limit = 400
postscreen_access_list =
postscreen_dnsbl_sites = $zone=127.0.0.2
postscreen_dnsbl_threshold = 1
postscreen_dnsbl_action = drop
postscreen_greet_wait = 1s
postscreen_pre_queue_limit = 5000
postscreen_post_queue_limit = 5000
postscreen_client_connection_count_limit = 100
smtpd_client_connection_count_limit = 100
EOF
cat >"$postfix_conf/master.cf" <<EOF
127.0.0.1:25 inet n  -  n  -  1  postscreen
smtpd     pass  -    -  n  -  -  smtpd
dnsblog   unix  -    -  n  -  0  dnsblog
cleanup   unix  n    -  n  -  0  cleanup
qmgr      unix  n    -  n  300 1 qmgr
rewrite   unix  -    -  n  -  -  trivial-rewrite
anvil     unix  -    -  n  -  1  anvil
postlog   unix-dgram n - n  -  1  postlogd
EOF
postscreen_version=$(postconf -c "$postfix_conf" -dh mail_version)
postfix -c "$postfix_conf" start >"$work/postfix-start.log" 2>&1 || { cat "$work/postfix-start.log"; exit 1; }
wait_for 10 "postscreen" bash -c "exec 3<>/dev/tcp/127.0.0.1/25"
# Every unlisted address passes once (then postscreen's cache hands it to smtpd at once).
"$loadgen" rate --target 127.0.0.1:25 --sources 127.64.0.0/24 --concurrency 254 --duration 4s --quit true >"$work/rate-postscreen-warm.log" 2>&1
postscreen_pid=$(pgrep -x postscreen || true)
[ -n "$postscreen_pid" ] || { echo "no postscreen process"; ps -ef; cat "$work/postfix/maillog"; exit 1; }
ps_unlisted=$(rate_run postscreen-unlisted 127.0.0.1:25 127.64.0.0/24 "$unlisted_concurrency" "$postscreen_pid" --quit true)
ps_listed=$(rate_run postscreen-listed 127.0.0.1:25 127.18.0.0/16 "$listed_concurrency" "$postscreen_pid" --quit true)
postfix -c "$postfix_conf" stop >/dev/null 2>&1 || true

# ActorTrap in drop mode: unlisted clients get 421 at once; listed ones are held, here for 1 s (as postscreen's greet
# wait above), then 421.
start_node trap-rate 127.0.2.26 drop 1s
rate_pid=$node_pid
"$loadgen" rate --target 127.0.2.26:2525 --sources 127.65.0.0/24 --concurrency 16 --duration 4s >"$work/rate-actortrap-warm.log" 2>&1
ours_unlisted=$(rate_run actortrap-unlisted 127.0.2.26:2525 127.65.0.0/24 "$unlisted_concurrency" "$rate_pid")
ours_listed=$(rate_run actortrap-listed 127.0.2.26:2525 127.19.0.0/16 "$listed_concurrency" "$rate_pid")
stop_pid "$rate_pid"
fi

# --- (c) rbldnsd vs the responder ----------------------------------------------------------------------------------------
if [[ $phases == *" dns "* ]]; then
log "(c) dnsperf: load before $(load)"
"$root/bench/dnsbl-dnsperf.sh" "${DNSPERF_SECONDS:-15}" "${DNSPERF_ROUNDS:-3}" >"$work/dnsperf.log" 2>&1 || { cat "$work/dnsperf.log"; exit 1; }
sed 's/^/    /' "$work/dnsperf.log"
log "(c) dnsperf: load after $(load)"
rbl_qps=$(awk -F'|' '/^\| rbldnsd/ { gsub(/[* ]/, "", $4); printf "%.0f", $4 }' "$work/dnsperf.log")
ours_qps=$(awk -F'|' '/^\| ActorTrap responder/ { gsub(/[* ]/, "", $4); printf "%.0f", $4 }' "$work/dnsperf.log")
fi

# --- the table -------------------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
e_rss=$(field rss_per_held "$endlessh_result"); o_rss=$(field rss_per_held "$ours_hold_result")
e_cpu=$(field cpu_pct "$endlessh_result"); o_cpu=$(field cpu_pct "$ours_hold_result")
e_held=$(field held "$endlessh_result"); o_held=$(field held "$ours_hold_result")
per_k() { awk -v c="$1" -v h="$2" 'BEGIN { if (h + 0 == 0) print "n/a"; else printf "%.3f", c / h * 1000 }'; }
e_cpuk=$(per_k "$e_cpu" "$e_held"); o_cpuk=$(per_k "$o_cpu" "$o_held")
e_slab=$(field slab_per_socket "$endlessh_result"); o_slab=$(field slab_per_socket "$ours_hold_result")
e_tot=$(( ${e_rss:-0} + ${e_slab:-0} )); o_tot=$(( ${o_rss:-0} + ${o_slab:-0} ))
psu=$(field rate "$ps_unlisted"); psl=$(field rate "$ps_listed"); ou=$(field rate "$ours_unlisted"); ol=$(field rate "$ours_listed")
echo
echo "| metric | ActorTrap | peer | ActorTrap / peer | goal |"
echo "| --- | --- | --- | --- | --- |"
echo "| held connections (same load tool, same N) | $o_held | endlessh: $e_held | | |"
echo "| RSS per held connection | $o_rss B | endlessh: $e_rss B | $(ratio "$o_rss" "$e_rss") | ≤ 10 |"
echo "| kernel slab per socket (machine-wide, noisy) | $o_slab B | endlessh: $e_slab B | | |"
echo "| RSS + kernel slab per held connection | $o_tot B | endlessh: $e_tot B | $(ratio "$o_tot" "$e_tot") | |"
echo "| CPU per 1,000 held (% of one core) | $o_cpuk | endlessh: $e_cpuk | $(ratio "$o_cpu" "$e_cpu") | — |"
echo "| unlisted clients, conn/s ($unlisted_concurrency in flight) | $ou | postscreen $postscreen_version: $psu | $(ratio "$ou" "$psu") | > 1 |"
echo "| listed clients, conn/s ($listed_concurrency in flight, 1 s hold / greet wait) | $ol | postscreen: $psl | $(ratio "$ol" "$psl") | > 1 |"
echo "| DNSBL queries/s (dnsperf, median) | $ours_qps | rbldnsd: $rbl_qps | $(ratio "$ours_qps" "$rbl_qps") | ≥ 1 |"
echo
for r in postscreen-unlisted postscreen-listed actortrap-unlisted actortrap-listed; do
  [ -f "$work/rate-$r.log" ] && echo "$r: $(grep -h 'first final reply\|latency' "$work/rate-$r.log" | tr '\n' ' ')"
done
log "done; load $(load)"
