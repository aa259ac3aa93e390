#!/usr/bin/env bash
# A real consumer of ActorTrap's DNSBL: Postfix postscreen asks our zone, through unbound, about its clients.
#
#   postscreen-netns.sh WORKDIR ACTORTRAP_DLL [ZONE]
#
# Runs as root. It re-executes itself inside fresh mount, network and PID namespaces (unshare), so that it has a
# loopback of its own (fixed ports, port 53 and 25 included, clash with nothing on the machine), an
# /etc/resolv.conf of its own (bind-mounted; Postfix's dnsblog asks the system resolver, which always uses port 53),
# and so that every process it starts dies with it: when the namespace's first process ends, the kernel kills the
# rest. Inside:
#   1. ActorTrap (`dotnet ACTORTRAP_DLL run`) as a trap on 127.0.2.25:25, its DNSBL responder on 127.0.0.1:5300;
#   2. unbound on 127.0.0.1:53, the resolver of resolv.conf, passing ZONE to the responder (stub-zone);
#   3. Postfix (private config_directory WORKDIR/postfix/conf) with postscreen on 127.0.0.1:25 asking ZONE;
#   4. swaks from 127.0.0.10 behaves at the trap, swaks from 127.0.0.9 writes to a trap address there, so
#      ActorTrap lists 127.0.0.9 (class trap, 127.0.0.3) and not 127.0.0.10;
#   5. both connect to postscreen (127.0.0.10 first): 127.0.0.9 must be refused with postscreen's DNSBL reply,
#      127.0.0.10 must be passed to smtpd.
# Everything each step said is left in WORKDIR (see the file names below) for the caller to check; this script
# asserts nothing beyond what it needs to go on, and prints "consumer run complete" at the end.
set -euo pipefail
# postfix, unbound and ip live in sbin, which a test runner's PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

if [ "${1:-}" != "--inside" ]; then
  [ $# -ge 2 ] || { echo "usage: $0 WORKDIR ACTORTRAP_DLL [ZONE]" >&2; exit 2; }
  [ "$(id -u)" -eq 0 ] || { echo "$0: must run as root (unshare of the network namespace, postfix start)" >&2; exit 2; }
  # Each tool with the Debian package that has it; a missing one is named, never silently skipped.
  for need in unshare:util-linux ip:iproute2 ss:iproute2 dotnet:dotnet-sdk unbound:unbound dig:bind9-dnsutils \
              postfix:postfix postconf:postfix swaks:swaks; do
    command -v "${need%%:*}" >/dev/null 2>&1 \
      || { echo "$0: ${need%%:*} is not installed (Debian package ${need#*:}); scripts/test.sh installs the peers" >&2; exit 2; }
  done
  mkdir -p "$1"
  # --kill-child: if unshare itself is killed (the caller's timeout), the namespace's first process is killed and
  # with it everything inside. --mount-proc: ps and pid files inside see the namespace's own pids.
  exec unshare --mount --net --pid --fork --mount-proc --kill-child -- bash "$0" --inside "$(cd "$1" && pwd)" "$2" "${3:-bl.actortrap.test}"
fi

work=$2
dll=$3
zone=$4

# The bind mount below must never touch the machine's resolv.conf: only the first process of a fresh PID namespace
# is pid 1, and a fresh network namespace has nothing but "lo".
if [ $$ -ne 1 ] || [ "$(ip -o link show | wc -l)" -ne 1 ]; then
  echo "$0: not in a fresh network namespace; refusing to replace /etc/resolv.conf" >&2
  exit 2
fi
ip link set lo up

# Bounds every wait below; the caller also bounds the whole run.
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "timed out after ${limit}s waiting for $what" >&2; return 1; fi
    sleep 0.1
  done
}

step() { echo "$(date -u +%H:%M:%S.%3N) $*"; }

pids=()
postfix_conf="$work/postfix/conf"
stop_all() {
  postfix -c "$postfix_conf" stop >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT

# Postfix daemons run as user postfix and must reach their queue and data directories.
chmod 755 "$work"
trap_addr=127.0.2.25
dns_port=5300

# --- 1. ActorTrap ------------------------------------------------------------------------------------------------
# A trap in observe mode that asks no DNSBL and no PTR (nothing to ask here): its only evidence is what clients do.
# The trap-address sin (weight 5) reaches the list threshold (3) in one session.
dotnet "$dll" run \
  --set "actortrap.node.name=\"consumer-trap\"" \
  --set "actortrap.data-dir=\"$work/actortrap-data\"" \
  --set "actortrap.admin.listen=\"127.0.0.1:9110\"" \
  --set "actortrap.smtp.listen=[\"$trap_addr:25\"]" --set 'actortrap.smtp.permit=[]' \
  --set "actortrap.smtp.hostname=\"trap.consumer.test\"" \
  --set "actortrap.smtp.greet-pause=100ms" \
  --set "actortrap.smtp.check-reverse-dns=false" \
  --set "actortrap.smtp.traps.domains=[\"harvested.consumer.test\"]" \
  --set "actortrap.dns.servers=[\"127.0.0.1:53\"]" \
  --set "actortrap.dnsbl.zones=[]" \
  --set "actortrap.dnsbl.self-test-interval=0" \
  --set "actortrap.publish.dns.listen=[\"127.0.0.1:$dns_port\"]" \
  --set "actortrap.publish.dns.zone=\"$zone\"" \
  >"$work/actortrap.log" 2>&1 &
node_pid=$!
pids+=($node_pid)
# Started, or gone: a node that exited (bad config) ends the wait at once instead of after its limit.
node_started() {
  grep -q "started in" "$work/actortrap.log" && return 0
  kill -0 "$node_pid" 2>/dev/null || { echo "ActorTrap exited:" >&2; cat "$work/actortrap.log" >&2; exit 1; }
  return 1
}

# --- 2. unbound, the resolver Postfix asks -----------------------------------------------------------------------
mkdir -p "$work/unbound"
cat >"$work/unbound/unbound.conf" <<EOF
server:
  interface: 127.0.0.1
  port: 53
  do-daemonize: no
  chroot: ""
  username: ""
  directory: "$work/unbound"
  pidfile: ""
  use-syslog: no
  logfile: ""
  verbosity: 1
  num-threads: 1
  do-ip6: no
  access-control: 127.0.0.0/8 allow
  # No validator: there is no root to fetch a trust anchor from in here.
  module-config: "iterator"
  # The responder is on loopback, which unbound refuses to ask by default.
  do-not-query-localhost: no
  qname-minimisation: no
  # test. is one of unbound's built-in local zones; let names under our zone through to the stub.
  local-zone: "$zone." transparent
remote-control:
  control-enable: no
stub-zone:
  name: "$zone."
  stub-addr: 127.0.0.1@$dns_port
EOF
unbound -d -c "$work/unbound/unbound.conf" >"$work/unbound.log" 2>&1 &
pids+=($!)

# The namespace's own resolv.conf: only what is bind-mounted in this mount namespace changes.
printf 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n' >"$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf

# --- 3. Postfix with postscreen ----------------------------------------------------------------------------------
mkdir -p "$postfix_conf" "$work/postfix/queue" "$work/postfix/data"
# postfix check wants the data directory (caches, master.lock) owned by mail_owner; post-install makes the queue.
chown postfix "$work/postfix/data"
cat >"$postfix_conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $work/postfix/queue
data_directory = $work/postfix/data
# No syslog daemon in here: postlogd writes the log to a file.
maillog_file = $work/postfix/maillog
maillog_file_prefixes = $work
myhostname = mx.consumer.test
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
# smtpd relays for loopback, so a client postscreen passes gets "250" to RCPT.
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP
# postscreen's default (permit_mynetworks) would wave every loopback client through without asking any DNSBL.
postscreen_access_list =
# Our zone, with the codes of all three listing classes (behaviour .2, trap .3, manual .4), weight 2.
postscreen_dnsbl_sites = $zone=127.0.0.[2..4]*2
postscreen_dnsbl_threshold = 2
# enforce: carry on with postscreen's own SMTP engine and answer 550 to every RCPT, naming the DNSBL.
postscreen_dnsbl_action = enforce
postscreen_greet_wait = 2s
EOF
# Only the services a postscreen-to-smtpd hand-off up to RCPT uses (smtpd opens a queue file at MAIL, through
# cleanup and trivial-rewrite), and none chrooted: dnsblog must read this namespace's /etc/resolv.conf.
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
postconf -c "$postfix_conf" -d mail_version >"$work/postfix-version.txt"
postfix -c "$postfix_conf" start >"$work/postfix-start.log" 2>&1 || { cat "$work/postfix-start.log" >&2; exit 1; }
wait_for 10 "postscreen to listen" bash -c "ss -Hltn 'sport = :25' | grep -q 127.0.0.1:25" || { cat "$work/postfix/maillog" >&2; exit 1; }
step "postfix started"

# Postfix started while .NET was starting; now both DNS servers must answer.
wait_for 60 "ActorTrap to start" node_started || { cat "$work/actortrap.log" >&2; exit 1; }
step "ActorTrap started"
wait_for 10 "unbound to answer" dig @127.0.0.1 -p 53 "$zone" SOA +tries=1 +time=1 || { cat "$work/unbound.log" >&2; exit 1; }
step "unbound answers"

# --- 4. The clients meet the trap --------------------------------------------------------------------------------
swaks_at() { # swaks_at FROM_ADDR SERVER_ADDR OUTFILE SWAKS_ARGS...
  local from=$1 server=$2 out=$3; shift 3
  # swaks exits non-zero on any 4xx/5xx reply, which is what some of these runs are for.
  timeout 30 swaks --server "$server" --port 25 --local-interface "$from" --timeout 20 "$@" >"$out" 2>&1 || true
}
# A well-behaved sender: a proper HELO, a real recipient domain, QUIT after the 451.
swaks_at 127.0.0.10 "$trap_addr" "$work/trap-unlisted.swaks" \
  --helo mail.good.example --from alice@good.example --to bob@consumer.test
# An address harvester: writes to an address that only exists in web pages.
swaks_at 127.0.0.9 "$trap_addr" "$work/trap-listed.swaks" \
  --helo mail.bad.example --from spam@bad.example --to anything@harvested.consumer.test
step "trap sessions done"

wait_for 15 "ActorTrap to list 127.0.0.9" \
  bash -c "dig @127.0.0.1 -p $dns_port 9.0.0.127.$zone A +short +tries=1 +time=1 | grep -q ^127" || true
step "responder answers for 127.0.0.9: $(dig @127.0.0.1 -p $dns_port 9.0.0.127.$zone A +short +tries=1 +time=1 || true)"
for ip in 9 10; do
  # Straight from the responder, then as Postfix will see it, through unbound.
  dig @127.0.0.1 -p $dns_port "$ip.0.0.127.$zone" A +tries=1 +time=2 >"$work/dig-responder-$ip.txt" 2>&1 || true
  dig @127.0.0.1 -p 53 "$ip.0.0.127.$zone" A +tries=1 +time=2 >"$work/dig-unbound-$ip.txt" 2>&1 || true
  dig @127.0.0.1 -p 53 "$ip.0.0.127.$zone" TXT +short +tries=1 +time=2 >"$work/dig-unbound-$ip-txt.txt" 2>&1 || true
done

# --- 5. The clients meet postscreen ------------------------------------------------------------------------------
# DNSBL answers count only if they arrive within postscreen_greet_wait. The unlisted client goes first, so master has
# spawned dnsblog (which then stays) before the listed client's lookup; unbound has the answers cached from dig above.
for ip in 10 9; do
  swaks_at "127.0.0.$ip" 127.0.0.1 "$work/postscreen-$ip.swaks" \
    --helo "mail.client$ip.example" --from "sender@client$ip.example" --to someone@elsewhere.example --quit-after RCPT
done
step "postscreen sessions done"

# postlogd writes asynchronously; wait until postscreen's last word on the second client is in the log.
wait_for 10 "the maillog to show postscreen's disconnect" grep -q "postscreen.*DISCONNECT \[127.0.0.9\]" "$work/postfix/maillog" || true
step "consumer run complete"
