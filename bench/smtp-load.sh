#!/usr/bin/env bash
# The SMTP edge's load figures (issue 4), on loopback, with a real rbldnsd as the DNSBL:
#   1. hold: N connections (default 18,000) from distinct 127.1.x.y addresses, all listed, held while they trickle;
#      reports the node's resident memory per held connection and its CPU while trickling.
#   2. rate: drop mode, unlisted clients from 254 addresses (answers cached after the first), as many connections
#      as the node accepts, classifies and closes; reports connections per second.
# Bounded: every phase has a duration; everything started here is stopped on exit.
# Usage: bench/smtp-load.sh [N] ; env HOLD_SECONDS, RATE_SECONDS, CONCURRENCY.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-18000}
hold_seconds=${HOLD_SECONDS:-60}
rate_seconds=${RATE_SECONDS:-20}
concurrency=${CONCURRENCY:-256}

for tool in rbldnsd; do command -v $tool >/dev/null || { echo "install $tool (apt-get install -y $tool)"; exit 1; }; done
dotnet build "$root/src/ActorTrap.Cli" -c Release -nologo -v quiet >/dev/null
dotnet build "$root/bench/ActorTrap.LoadGen" -c Release -nologo -v quiet >/dev/null
node_bin="$root/src/ActorTrap.Cli/bin/Release/net10.0/actortrap"
loadgen="$root/bench/ActorTrap.LoadGen/bin/Release/net10.0/actortrap-loadgen"

work=$(mktemp -d /tmp/actortrap-bench.XXXXXX); chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Everything in 127/8 is listed in bl.all.test except 127.0.0.1 (RFC 5782: 127.0.0.2 listed, 127.0.0.1 never);
# bl.rfc.test lists only the test entry.
printf ':127.0.0.2:Listed for the load test\n127.0.0.0/8\n!127.0.0.1\n' > "$work/all.ip4set"
printf ':127.0.0.2:Listed for the load test\n127.0.0.2\n' > "$work/rfc.ip4set"
chmod 644 "$work"/*.ip4set
dns_port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rbldnsd -n -u rbldns -w "$work" -b "127.0.0.1/$dns_port" -t 3600 bl.all.test:ip4set:all.ip4set bl.rfc.test:ip4set:rfc.ip4set &
pids+=($!)
sleep 1

start_node() { # zone mode extra...
  local zone=$1 mode=$2; shift 2
  "$node_bin" run --set 'actortrap.smtp.listen=["127.0.0.1:2525"]' --set 'actortrap.smtp.permit=[]' --set 'actortrap.admin.listen="127.0.0.1:0"' \
    --set "actortrap.dns.servers=[\"127.0.0.1:$dns_port\"]" --set "actortrap.dnsbl.zones=[{zone=\"$zone\", weight=1, codes=\"127.0.0.[2..11]\", txt=false}]" \
    --set "actortrap.smtp.mode=$mode" --set actortrap.smtp.hostname=mx.bench.test "$@" > "$work/node.log" 2>&1 &
  node_pid=$!
  pids+=($node_pid)
  for _ in $(seq 100); do grep -q "started in" "$work/node.log" && return 0; sleep 0.2; done
  cat "$work/node.log"; exit 1
}

echo "== hold: $n listed connections, $hold_seconds s"
start_node bl.all.test observe --set actortrap.smtp.hold=60m
"$loadgen" hold --target 127.0.0.1:2525 --connections "$n" --sources 127.1.0.0/16 --ramp 60s --settle 20s \
  --duration "${hold_seconds}s" --pid "$node_pid"
grep -c "SMTP accept failed" "$work/node.log" || true
kill -TERM "$node_pid"; wait "$node_pid" || true

echo "== rate: drop mode, unlisted clients, $rate_seconds s, $concurrency in flight"
start_node bl.rfc.test drop --set actortrap.smtp.max-connections-per-ip=100
"$loadgen" rate --target 127.0.0.1:2525 --sources 127.2.0.0/24 --concurrency 16 --duration 5s >/dev/null # warm the DNSBL cache
"$loadgen" rate --target 127.0.0.1:2525 --sources 127.2.0.0/24 --concurrency "$concurrency" --duration "${rate_seconds}s" --pid "$node_pid"
kill -TERM "$node_pid"; wait "$node_pid" || true
