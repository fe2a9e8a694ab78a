#!/usr/bin/env bash
# Download a Debian bookworm guest kernel and busybox-static for a foreign architecture into a cache in the
# build tree, and unpack what a virtio-fs guest needs: the kernel image, the FUSE/virtiofs/virtio modules and
# busybox.  Nothing on the machine changes: a private apt index (its own sources list, lists, cache and an
# empty dpkg status) is used for APT::Architectures=<arch> only, so dpkg's architectures stay as they are.
#
# usage: scripts/vm/fetch-guest.sh DEBARCH CACHE        (DEBARCH: arm64, ppc64el, s390x, amd64, mips64el)
# Output: CACHE/DEBARCH/{vmlinuz,busybox,modules/<name>.ko,kernel-version,packages.txt}; idempotent.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 DEBARCH CACHE" >&2; exit 2; }
arch=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
out=$cache/$arch
log() { echo "fetch-guest[$arch]: $*" >&2; }

# The kernel flavour Debian builds for a virtual machine of each architecture (a meta package that depends
# on the ABI-versioned image).
case $arch in
  arm64) meta=linux-image-cloud-arm64 ;;
  amd64) meta=linux-image-cloud-amd64 ;;
  ppc64el) meta=linux-image-powerpc64le ;;
  s390x) meta=linux-image-s390x ;;
  mips64el) meta=linux-image-5kc-malta ;;
  *) log "no guest kernel known for $arch"; exit 2 ;;
esac

if [[ -f $out/.done ]]; then
  log "cached: $(cat "$out/kernel-version")"
  exit 0
fi

apt_dir=$cache/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc"
: > "$apt_dir/status"
cat > "$apt_dir/etc/sources.list" <<'SRC'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
SRC
apt_opts=(-o Dir::Etc::SourceList="$apt_dir/etc/sources.list" -o Dir::Etc::SourceParts=-
          -o Dir::State::Lists="$apt_dir/lists" -o Dir::State::status="$apt_dir/status"
          -o Dir::Cache="$apt_dir/cache" -o Dir::Cache::archives="$apt_dir/archives"
          -o APT::Architecture="$arch" -o APT::Architectures::="$arch"
          -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
mkdir -p "$apt_dir/cache"
# One index update per cache (all guest arches share it); each new arch needs its Packages file.
if [[ ! -f $apt_dir/lists/.arch-$arch ]]; then
  log "apt-get update (private index, $arch)"
  apt-get "${apt_opts[@]}" update -qq </dev/null >&2
  touch "$apt_dir/lists/.arch-$arch"
fi

image=$(apt-cache "${apt_opts[@]}" depends "$meta" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\).*/\1/p' | head -1)
[[ -n $image ]] || { log "cannot resolve $meta to a versioned kernel package"; exit 1; }
log "$meta -> $image"

rm -rf "$out" && mkdir -p "$out/dl" "$out/x"
(cd "$out/dl" && apt-get "${apt_opts[@]}" download -qq "$image:$arch" "busybox-static:$arch" </dev/null >&2)
for deb in "$out"/dl/*.deb; do dpkg-deb -x "$deb" "$out/x"; done
ls "$out"/dl/*.deb | xargs -n1 basename > "$out/packages.txt"
du -k "$out"/dl/*.deb >> "$out/packages.txt"

kver=${image#linux-image-}
echo "$kver" > "$out/kernel-version"
kimg=$(ls "$out"/x/boot/vmlinu[xz]-"$kver" | head -1)
cp "$kimg" "$out/vmlinuz"
cp "$out/x/bin/busybox" "$out/busybox"
cp "$out/x/boot/config-$kver" "$out/config"
# The modules a virtio-fs guest may need; whichever the kernel builds in are simply absent.  Debian
# compresses modules with xz only since 6.x in some flavours: decompress when needed.
mkdir -p "$out/modules"
for m in virtio virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_mmio fuse virtiofs; do
  f=$(find "$out/x/lib/modules/$kver" -name "$m.ko*" | head -1)
  [[ -n $f ]] || continue
  case $f in
    *.xz) xz -dc "$f" > "$out/modules/$m.ko" ;;
    *) cp "$f" "$out/modules/$m.ko" ;;
  esac
done
rm -rf "$out/x"
touch "$out/.done"
log "kernel $kver, modules: $(ls "$out/modules" | tr '\n' ' ')"
