#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need (listed in scripts/deps/*.txt), only those that
# are missing. As root it runs apt-get itself; otherwise it prints the exact command and fails.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

command -v dotnet >/dev/null || { echo "setup: the .NET SDK (dotnet) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2; exit 1; }

mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$root"/scripts/deps/*.txt | grep -v '^$' | sort -u)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# The Rust crates (bindings/rust, ctest -L rust) need cargo: rustup's if the machine has it, else Debian's.
if ! command -v cargo >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
  dpkg-query -W -f='${Status}' cargo 2>/dev/null | grep -q "install ok installed" || missing+=(cargo)
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#wanted[@]} Debian packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing Debian packages; run as root or install them first:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
