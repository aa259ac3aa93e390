#!/usr/bin/env bash
# Installs the actortrap command: publishes the CLI from this checkout into PREFIX/lib/actortrap and links
# PREFIX/bin/actortrap to it, so `actortrap ...` works from any directory (docs/operations.md, "Install").
#
#   scripts/install.sh                      # as root: /usr/local/lib/actortrap, /usr/local/bin/actortrap
#                                           # as a user: ~/.local/lib/actortrap, ~/.local/bin/actortrap
#   scripts/install.sh --prefix /opt/at     # /opt/at/lib/actortrap, /opt/at/bin/actortrap
#   scripts/install.sh --bin-dir DIR        # the link somewhere else on PATH
#
# The binary is framework-dependent: it runs on the .NET 10 runtime (ASP.NET Core) that the SDK brings. Running the
# script again replaces the installed files; `rm -r PREFIX/lib/actortrap PREFIX/bin/actortrap` removes them.
set -euo pipefail

usage() {
  echo "usage: scripts/install.sh [--prefix DIR] [--bin-dir DIR] [--configuration Release|Debug]" >&2
  exit 2
}

if [ "$(id -u)" -eq 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
bin_dir=""
configuration=Release
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --bin-dir) [ $# -ge 2 ] || usage; bin_dir=$2; shift 2 ;;
    # The tests install what they built (Debug or Release) so the publish reuses that build instead of making another.
    --configuration) [ $# -ge 2 ] || usage; configuration=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "$bin_dir" ] || bin_dir="$prefix/bin"

root=$(cd "$(dirname "$0")/.." && pwd)
app_dir="$prefix/lib/actortrap"
command -v dotnet >/dev/null 2>&1 || { echo "install.sh: dotnet not found; install the .NET 10 SDK first" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Publish into a fresh folder beside the target and swap it in, so a failed publish leaves an earlier install intact.
mkdir -p "$prefix/lib" "$bin_dir"
staging=$(mktemp -d "$prefix/lib/.actortrap-install.XXXXXX")
trap 'rm -rf "$staging"' EXIT
dotnet publish "$root/src/ActorTrap.Cli/ActorTrap.Cli.csproj" -c "$configuration" -o "$staging" --no-self-contained -nologo -v quiet
chmod 755 "$staging"
rm -rf "$app_dir"
mv "$staging" "$app_dir"
trap - EXIT
ln -sfn "$app_dir/actortrap" "$bin_dir/actortrap"

version=$("$bin_dir/actortrap" --version)
echo "installed actortrap $version: $bin_dir/actortrap -> $app_dir/actortrap"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "install.sh: $bin_dir is not on PATH; add it (e.g. export PATH=\"$bin_dir:\$PATH\" in ~/.profile)" >&2 ;;
esac
