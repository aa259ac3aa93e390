#!/usr/bin/env bash
# Issue 8 fault scenario: PostgreSQL stopped for 60 s (default) under load, then started again; every verdict must be
# in the table afterwards, counted end to end (sessions the clients finished == verdicts the node emitted == verdicts
# merged == sum(verdicts) in the reputation table), with none dropped.
# It runs the suite's PostgresOutageEndToEndSpec (a real `actortrap run`, a throwaway PostgreSQL started with initdb
# under a private directory, 12 client loops of sinning SMTP sessions) with the outage stretched from 3 s to the full
# length, so the scenario and the automated test share one implementation and one set of checks.
# Bounded: the outage is capped at 300 s, the test run by `timeout`; the fixture stops everything it started.
# Usage: bench/faults/postgres-outage.sh [SECONDS]     (needs the postgresql package: /usr/lib/postgresql/*/bin)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { echo "install postgresql (apt-get install -y postgresql)"; exit 1; }

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/actortrap-fault.XXXXXX")
chmod 755 "$run_dir" # the throwaway cluster runs initdb as user postgres under it
cleanup() {
  if compgen -G "$run_dir/*.pid" >/dev/null; then for f in "$run_dir"/*.pid; do kill "$(cat "$f")" 2>/dev/null || true; done; fi
  rm -rf "$run_dir"
}
trap cleanup EXIT

dotnet build "$root/tests/ActorTrap.Cli.Tests" -c Release -nologo -v quiet >/dev/null
echo "== PostgreSQL stopped for $seconds s under load ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
status=0
ACTORTRAP_TEST_RUN_DIR="$run_dir" ACTORTRAP_FAULT_OUTAGE_SECONDS="$seconds" timeout $((seconds + 300)) \
  dotnet test "$root/tests/ActorTrap.Cli.Tests" -c Release --no-build -nologo \
    --filter "FullyQualifiedName~PostgresOutageEndToEndSpec" --logger "console;verbosity=detailed" > "$run_dir/test.log" 2>&1 || status=$?
grep -E "Passed |Failed |PostgreSQL down|sessions finished|spool drained|Assert|Error Message|Expected|Actual" "$run_dir/test.log" || cat "$run_dir/test.log"
[ "$status" -eq 0 ] && echo "PASS" || echo "FAIL (exit $status)"
exit "$status"
