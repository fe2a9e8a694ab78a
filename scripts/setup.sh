#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need (listed in scripts/deps/*.txt), only those that
# are missing. As root it runs apt-get itself; otherwise it prints the exact command and fails.
# Packages that would change what other software on the machine compiles against are never installed: those
# of scripts/deps/private.list, and any linux-libc-dev-<host arch>-cross (its /usr/<host triplet>/include
# comes before /usr/include in the system compiler's search path). They are extracted into
# build/private-sysroot/<package>/ instead (apt-get download + dpkg-deb -x; no root needed).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

command -v dotnet >/dev/null || { echo "setup: the .NET SDK (dotnet) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2; exit 1; }

strip_list() { sed -e 's/#.*//' -e 's/[[:space:]]//g' "$@" | grep -v '^$' | sort -u; }
shadowing="linux-libc-dev-$(dpkg --print-architecture)-cross"
mapfile -t private < <( (strip_list "$root/scripts/deps/private.list"; strip_list "$root"/scripts/deps/*.txt | grep -Fx "$shadowing" || true) | sort -u)
mapfile -t wanted < <(strip_list "$root"/scripts/deps/*.txt | grep -Fvx -f <(printf '%s\n' "${private[@]}"))

# ---- private extractions --------------------------------------------------------------------------------
sysroot="$root/build/private-sysroot"
for pkg in "${private[@]}"; do
  dest="$sysroot/$pkg"
  [ -f "$dest/version" ] && continue
  tmp=$(mktemp -d)
  if ! (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1); then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
        { echo "setup: apt-get download $pkg failed" >&2; rm -rf "$tmp"; exit 1; }
    else
      echo "setup: apt-get download $pkg failed (run 'sudo apt-get update' first?)" >&2; rm -rf "$tmp"; exit 1
    fi
  fi
  rm -rf "$dest" && mkdir -p "$dest"
  dpkg-deb -x "$tmp"/*.deb "$dest"
  dpkg-deb -f "$tmp"/*.deb Version >"$dest/version"
  rm -rf "$tmp"
  echo "setup: $pkg $(cat "$dest/version") extracted into build/private-sysroot (not installed)"
done
for pkg in "${private[@]}"; do
  if dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed; then
    echo "setup: note: $pkg is installed on this machine and shadows the system's own kernel headers;" \
         "FuseCanon does not need it (apt-get remove $pkg)" >&2
  fi
done

# ---- installed packages ---------------------------------------------------------------------------------
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
