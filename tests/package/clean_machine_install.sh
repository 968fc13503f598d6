#!/usr/bin/env bash
# The .deb on a clean Debian 12: a fresh debootstrap'ed root (minbase, none of
# the build's libraries), the package copied in and installed with
# `apt-get install ./pickatime-sis.deb`, so apt itself resolves its computed
# Depends line from Debian's mirror; then that root's sis-host, with no
# --dir, finds the plugin, loads it and describes it.
#
# Not a CTest (it needs root, chroot and Debian's mirror, and takes minutes):
# run it by hand or in a CI job of its own.
#
# Usage: sudo tests/package/clean_machine_install.sh BUILD_DIR [WORK_DIR]
#   BUILD_DIR  a plain (not sanitizer) build folder; cpack -G DEB runs there
#   WORK_DIR   scratch folder, removed first (default: BUILD_DIR/clean-machine)
# Environment:
#   SIS_DEBIAN_MIRROR  the Debian mirror (default http://deb.debian.org/debian;
#                      security updates from its -security sibling)
#   SIS_CLEAN_ROOT_TAR a tarball of a fresh debootstrap root: used when it
#                      exists, written after a debootstrap when it does not
#                      (saves the debootstrap in repeated runs)
#   SIS_KEEP_ROOT=1    leave the root in WORK_DIR for a look around
set -euo pipefail
build=$(cd "${1:?usage: $0 BUILD_DIR [WORK_DIR]}" && pwd)
work=${2:-$build/clean-machine}
src=$(cd "$(dirname "$0")/../.." && pwd)
mirror=${SIS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
started=$SECONDS
say() { echo "clean-machine [$((SECONDS - started)) s]: $*" >&2; }

[ "$(id -u)" -eq 0 ] || { echo "$0: needs root (debootstrap, chroot): run it with sudo" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "$0: needs debootstrap: apt-get install debootstrap" >&2; exit 2; }
[ -f "$build/CPackConfig.cmake" ] || { echo "$0: $build is not a configured build folder (no CPackConfig.cmake)" >&2; exit 2; }
version=$(sed -n 's/^version: *\([^ #]*\).*/\1/p' "$src/manifests/veracross.yaml")

root=$work/root
mounted=()
cleanup() {
  local m
  for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  [ "${SIS_KEEP_ROOT:-0}" = 1 ] || rm -rf "$root"
}
trap cleanup EXIT
rm -rf "$work"
mkdir -p "$work"

say "cpack -G DEB in $build"
(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$work"/pkg/*.deb)
say "$(basename "$deb"), Depends: $(dpkg-deb -f "$deb" Depends)"

if [ -n "${SIS_CLEAN_ROOT_TAR:-}" ] && [ -f "$SIS_CLEAN_ROOT_TAR" ]; then
  say "the clean root from $SIS_CLEAN_ROOT_TAR"
  mkdir -p "$root"
  tar -xpf "$SIS_CLEAN_ROOT_TAR" -C "$root"
else
  say "debootstrap --variant=minbase $suite from $mirror (a few minutes)"
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -30 "$work/debootstrap.log" >&2; echo "debootstrap failed: $work/debootstrap.log" >&2; exit 1; }
  if [ -n "${SIS_CLEAN_ROOT_TAR:-}" ]; then
    tar -cpf "$SIS_CLEAN_ROOT_TAR" -C "$root" . && say "saved the clean root as $SIS_CLEAN_ROOT_TAR"
  fi
fi
# The package was built against this machine's libraries, which may come
# from bookworm-updates or -security: the clean root sees those suites too.
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb ${mirror%/debian}/debian-security $suite-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc" && mounted=("$root/proc" "${mounted[@]}")

# Nothing of ours is there before: no sis-host, no plugin, none of the libraries.
for absent in usr/bin/sis-host usr/lib/pickatime; do
  [ ! -e "$root/$absent" ] || { echo "the clean root already has /$absent" >&2; exit 1; }
done
cp "$deb" "$root/tmp/pickatime-sis.deb"
say "apt-get update and install ./pickatime-sis.deb in the root"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
in_root apt-get update >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; exit 1; }
in_root apt-get install -y --no-install-recommends /tmp/pickatime-sis.deb >>"$work/apt.log" 2>&1 ||
  { tail -40 "$work/apt.log" >&2; echo "apt-get install of the package failed: $work/apt.log" >&2; exit 1; }
in_root dpkg-query -W -f '${Status}\n' pickatime-sis | grep -q "install ok installed" ||
  { echo "pickatime-sis is not 'install ok installed' in the root" >&2; exit 1; }
in_root apt-get check >>"$work/apt.log" 2>&1 || { echo "apt-get check fails in the root: $work/apt.log" >&2; exit 1; }
say "installed with: $(grep -o '[0-9]* newly installed' "$work/apt.log" || echo '?') packages"

failures=0
fail() { echo "$1" >&2; failures=$((failures + 1)); }
manifest=/usr/lib/pickatime/sis-plugins/veracross/$version/veracross.yaml
out=$(in_root sis-host plugins --json 2>&1) || fail "sis-host plugins failed in the clean root: $out"
grep -q "\"manifest\" *: *\"$manifest\"" <<<"$out" && grep -Eq '"loads" *: *true' <<<"$out" ||
  fail "the clean root's sis-host did not find and load $manifest: $out"
described=$(in_root sis-host describe veracross --json 2>&1) || fail "sis-host describe veracross failed: $described"
grep -Eq "\"version\" *: *\"$version\"" <<<"$described" && grep -Eq '"id" *: *"veracross"' <<<"$described" ||
  fail "sis-host describe veracross did not describe veracross $version: $described"
((failures == 0)) || exit 1
say "a clean Debian 12 installs $(basename "$deb") with apt (Depends resolved), sis-host finds, loads and describes veracross $version"
