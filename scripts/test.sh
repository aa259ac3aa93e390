#!/usr/bin/env bash
# The one command that runs every ActorTrap test on a fresh Debian 12 machine with only the .NET SDK.
# It installs the real peers the suites talk to (rbldnsd, unbound, dig, ...), builds once, runs every
# test project, stops whatever it started, and ends with the line "N passed, N failed".
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Debian packages the suites need. Each suite's fixtures start their own instance on a private loopback
# port in a private temp directory, so only the binaries must exist here.
packages=(rbldnsd unbound bind9-dnsutils swaks postfix haproxy)
# The postscreen consumer spec brings up loopback in its own network namespace with ip (slim images lack it).
packages+=(iproute2)
# The dashboard spec opens the page in a real headless Chromium.
packages+=(chromium)
# The detection corpus runs a real Exim from a private root (below); its binary links libidn12, which it does not bring.
packages+=(libidn12)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# kubectl renders k8s/ offline (kubectl kustomize) for the deployment specs; it must be 1.21 or later (kustomize 4+),
# since k8s/kustomization.yaml lists folders under resources (issue 17). A kubectl already installed (a cloud SDK's)
# does; Debian 12's kubernetes-client is the fallback, but its kubectl 1.20 (kustomize 2.0.3) fails those specs
# with "'../hocon' must be a file".
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
# The reputation tests start a throwaway PostgreSQL from /usr/lib/postgresql/*/bin (initdb, pg_ctl).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  # Postfix is wanted only for smtp-source and postscreen; "No configuration" keeps it from configuring or
  # starting a mail system on the test machine.
  echo "postfix postfix/main_mailer_type select No configuration" | $sudo_cmd debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "test.sh: could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
  # The packages' own services are not what the tests use; keep them from holding ports.
  # Without systemd (containers) the init scripts are the way; either may be absent.
  for s in unbound rbldnsd haproxy postfix postgresql; do
    $sudo_cmd systemctl stop "$s" >/dev/null 2>&1 || $sudo_cmd service "$s" stop >/dev/null 2>&1 || true
  done
  # Without systemd the package's cluster may have been started by its maintainer script; stop it by its own tool.
  command -v pg_ctlcluster >/dev/null && for c in /etc/postgresql/*/main; do
    [ -d "$c" ] && $sudo_cmd pg_ctlcluster "$(basename "$(dirname "$c")")" main stop >/dev/null 2>&1 || true
  done
fi

# The detection corpus's Exim (exim4-daemon-light) cannot be installed beside Postfix: installing it removes postfix.
# Its packages are downloaded and unpacked (dpkg -x) into a cache directory that EximSender runs it from instead.
exim_root=${ACTORTRAP_EXIM_ROOT:-/var/cache/actortrap-tests/exim4}
if [ ! -x "$exim_root/usr/sbin/exim4" ]; then
  exim_debs=$(mktemp -d "${TMPDIR:-/tmp}/actortrap-exim-debs.XXXXXX")
  exim_get() { (cd "$exim_debs" && apt-get download -qq exim4-daemon-light exim4-base exim4-config >/dev/null 2>&1); }
  exim_get || { apt-get update -qq >/dev/null 2>&1; exim_get; } \
    || echo "test.sh: could not download the Exim packages; the detection corpus will fail naming them"
  mkdir -p "$exim_root"
  for deb in "$exim_debs"/*.deb; do [ -f "$deb" ] && dpkg -x "$deb" "$exim_root"; done
  rm -rf "$exim_debs"
fi
export ACTORTRAP_EXIM_ROOT="$exim_root"

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/actortrap-test.XXXXXX")
chmod 755 "$run_dir"
export ACTORTRAP_TEST_RUN_DIR="$run_dir"
cleanup() {
  # Fixtures stop their own processes; anything they recorded here and left behind is stopped by pid.
  if compgen -G "$run_dir/*.pid" >/dev/null; then
    for f in "$run_dir"/*.pid; do kill "$(cat "$f")" 2>/dev/null || true; done
  fi
}
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! dotnet build ActorTrap.sln -c Release -nologo -v quiet; then
  echo "test.sh: build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

results="$run_dir/results"
mkdir -p "$results"
status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  # Support libraries under tests/ (ActorTrap.TestPeers) hold fixtures, not tests.
  [[ "$name" == *.Tests ]] || continue
  # Each project gets a hard time limit so a hung test fails the run instead of eating CI's budget.
  timeout 900 dotnet test "$proj" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
      --blame-hang-timeout 5m -- RunConfiguration.TreatNoTestsAsError=false || status=1
done

# Sum the counters of every TRX file: the last line is the machine-readable verdict.
passed=0; failed=0; skipped=0
attr() { grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o "[0-9]*" || echo 0; }
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  passed=$((passed + $(attr "$trx" passed)))
  skipped=$((skipped + $(attr "$trx" notExecuted)))
  for k in failed error timeout aborted; do failed=$((failed + $(attr "$trx" $k))); done
done
if [ "$passed" -eq 0 ]; then status=1; fi
if [ "$failed" -gt 0 ]; then status=1; fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
