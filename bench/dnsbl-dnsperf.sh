#!/usr/bin/env bash
# Queries per second of ActorTrap's built-in DNSBL responder and of rbldnsd, measured with dnsperf on loopback
# in the same run: same listings (rbldnsd serves our export of them), same query file, same dnsperf settings,
# servers measured in alternation. Prints a Markdown table for docs/benchmarks.md ("issue 6").
#
#   bench/dnsbl-dnsperf.sh [SECONDS_PER_RUN] [ROUNDS]        (defaults: 15 s, 3 rounds)
#
# Environment: LISTINGS (default 100000 addresses), QUERIES (default 200000 names, half of them listed),
# CLIENTS (dnsperf -c, default 16), OUTSTANDING (dnsperf -q, default 200), THREADS (dnsperf -T, default 2:
# one dnsperf thread cannot saturate rbldnsd), WORKERS (the responder's UDP threads, default: one per CPU).
set -euo pipefail

seconds=${1:-15}
rounds=${2:-3}
listings=${LISTINGS:-100000}
queries=${QUERIES:-200000}
clients=${CLIENTS:-16}
outstanding=${OUTSTANDING:-200}
threads=${THREADS:-2}
workers=${WORKERS:-$(nproc)}
zone=bl.bench

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

need=()
for p in dnsperf rbldnsd bind9-dnsutils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  $sudo_cmd systemctl stop rbldnsd >/dev/null 2>&1 || $sudo_cmd service rbldnsd stop >/dev/null 2>&1 || true
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/actortrap-dnsperf.XXXXXX")
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Listings: random addresses in 10.0.0.0/8 (seeded, so every run serves the same list).
awk -v n="$listings" 'BEGIN { srand(6); for (i = 0; i < n; i++) printf "10.%d.%d.%d\n", int(rand()*256), int(rand()*256), int(rand()*256) }' \
  | sort -u > "$work/listings.txt"
# Queries: alternately a listed address and a random (almost always unlisted) one, 4 in 5 asking A and 1 in 5 TXT,
# as mail servers ask A and fetch TXT only for listed clients.
awk -v n="$queries" -v zone="$zone" 'BEGIN { srand(7) }
  { listed[NR] = $0 }
  END {
    for (i = 0; i < n; i++) {
      if (i % 2 == 0) { split(listed[int(rand()*NR)+1], o, ".") } else { o[1]=10; o[2]=int(rand()*256); o[3]=int(rand()*256); o[4]=int(rand()*256) }
      printf "%d.%d.%d.%d.%s %s\n", o[4], o[3], o[2], o[1], zone, (i % 5 == 4 ? "TXT" : "A")
    }
  }' "$work/listings.txt" > "$work/queries.txt"

dotnet build bench/ActorTrap.Benchmarks -c Release -nologo -v quiet >/dev/null
peer=(dotnet bench/ActorTrap.Benchmarks/bin/Release/net10.0/ActorTrap.Benchmarks.dll)
"${peer[@]}" dnsbl-zone --zone "$zone" --listings "$work/listings.txt" --out "$work/bl.zone"
chmod 644 "$work/bl.zone"

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rbl_port=$(free_port)
ours_port=$(free_port)
user_args=(); [ "$(id -u)" -eq 0 ] && user_args=(-u rbldns)
# -a: no NS records in the authority section of answers, as ours (rbldnsd's "minimal answers").
rbldnsd -n "${user_args[@]}" -w "$work" -b "127.0.0.1/$rbl_port" -a "$zone:combined:bl.zone" >"$work/rbldnsd.log" 2>&1 &
pids+=($!)
"${peer[@]}" dnsbl-serve --zone "$zone" --listings "$work/listings.txt" --listen "127.0.0.1:$ours_port" --workers "$workers" >"$work/ours.log" 2>&1 &
pids+=($!)

for port in "$rbl_port" "$ours_port"; do
  for _ in $(seq 1 60); do
    [ "$(dig @127.0.0.1 -p "$port" 2.0.0.127.$zone A +short +tries=1 +time=1 2>/dev/null)" = "127.0.0.2" ] && break
    sleep 0.5
  done
  [ "$(dig @127.0.0.1 -p "$port" 2.0.0.127.$zone A +short +tries=1 +time=1)" = "127.0.0.2" ] || { echo "server on $port did not come up"; cat "$work"/*.log; exit 1; }
done

qps() { # port seconds -> "qps lost avg_latency_ms"
  dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries.txt" -l "$2" -c "$clients" -q "$outstanding" -T "$threads" 2>&1 \
    | awk '/Queries per second:/ { q=$4 } /Queries lost:/ { l=$3 } /Average Latency/ { a=$4*1000 } END { printf "%s %s %.3f\n", q, l, a }'
}

qps "$rbl_port" 3 >/dev/null   # warm-up (JIT, caches)
qps "$ours_port" 3 >/dev/null

declare -a rbl_runs ours_runs
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then first=rbl; else first=ours; fi
  for s in $first $([ $first = rbl ] && echo ours || echo rbl); do
    port=$([ $s = rbl ] && echo "$rbl_port" || echo "$ours_port")
    result=$(qps "$port" "$seconds")
    echo "round $r $s: $result" >&2
    if [ $s = rbl ]; then rbl_runs+=("$result"); else ours_runs+=("$result"); fi
  done
done

median() { printf '%s\n' "$@" | awk '{print $1}' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
rbl_median=$(median "${rbl_runs[@]}")
ours_median=$(median "${ours_runs[@]}")

echo
echo "| server | runs (queries/s, lost, mean latency ms) | median queries/s |"
echo "| --- | --- | --- |"
echo "| rbldnsd $(rbldnsd -h 2>&1 | head -1 | sed 's/.*version //' || true) | $(IFS='; '; echo "${rbl_runs[*]}") | **$rbl_median** |"
echo "| ActorTrap responder ($workers UDP workers) | $(IFS='; '; echo "${ours_runs[*]}") | **$ours_median** |"
echo
echo "Listings: $(wc -l < "$work/listings.txt"); queries: $queries names (half listed, 1 in 5 TXT); dnsperf -c $clients -q $outstanding -T $threads -l $seconds; $rounds rounds, servers alternating."
awk -v o="$ours_median" -v r="$rbl_median" 'BEGIN { printf "Ratio ActorTrap / rbldnsd: %.2f\n", o / r }'
