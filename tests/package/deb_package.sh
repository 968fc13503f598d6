#!/usr/bin/env bash
# cpack -G DEB and TGZ from the build folder, then: the .deb's Depends line
# was computed (dpkg-shlibdeps) and names installed packages; it holds the
# plugin, its manifest, sis-host and the headers; `dpkg -i` into an empty
# root (--root, not this machine's) and that root's sis-host finds and loads
# the plugin with no --dir, and its Python module describes it; the .tar.gz
# holds the same files.
# Usage: deb_package.sh BUILD_DIR WORK_DIR SOURCE_ROOT
set -euo pipefail
build=$1 work=$2 src=$3
version=$(sed -n 's/^version: *\([^ #]*\).*/\1/p' "$src/manifests/veracross.yaml")
rm -rf "$work"
mkdir -p "$work"
# dpkg-shlibdeps asks the real package database which package holds each
# library: a fresh-machine run stubs dpkg-query on PATH to say "not
# installed", which would leave the Depends line empty.
mkdir -p "$work/real-dpkg"
ln -s /usr/bin/dpkg /usr/bin/dpkg-query "$work/real-dpkg/"
(cd "$build" && PATH="$work/real-dpkg:$PATH" cpack -G "DEB;TGZ" -B "$work" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$work"/*.deb) tgz=$(ls "$work"/*.tar.gz)
failures=0
fail() { echo "$1" >&2; failures=$((failures + 1)); }

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libstdc++6 libpoco libyaml-cpp libboost-filesystem; do
  grep -q "$lib" <<<"$depends" || fail "Depends does not name $lib (shlibdeps not run?)"
done
for dep in $(tr ',' '\n' <<<"$depends" | sed 's/(.*//; s/|.*//' | tr -d ' '); do
  # The real package database (a fresh-machine run stubs dpkg -s on PATH).
  /usr/bin/dpkg-query -s "$dep" >/dev/null 2>&1 || fail "Depends names $dep, which is not an installed package here"
done

plugin=usr/lib/pickatime/sis-plugins/veracross/$version
contents=$(dpkg-deb -c "$deb")
for f in "$plugin/libveracross_plugin.so" "$plugin/veracross.yaml" usr/bin/sis-host usr/include/pickatime/sis_plugin.h \
         usr/include/pickatime/sis_host/plugin.hpp usr/lib/cmake/SisPluginApi/SisPluginApiConfig.cmake \
         usr/lib/pkgconfig/sis-plugin-api.pc usr/lib/python3/dist-packages/sis_plugin.py; do
  grep -q " \./$f\$" <<<"$contents" || fail "the .deb lacks /$f"
done

# dpkg -i into an empty root with its own dpkg database.
root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --log=/dev/null --force-depends --force-script-chrootless -i "$deb" >"$work/dpkg.log" 2>&1 ||
  { cat "$work/dpkg.log" >&2; fail "dpkg -i into $root failed"; }
out=$(env -u SIS_PLUGIN_DIR "$root/usr/bin/sis-host" plugins --json 2>&1) || fail "sis-host plugins failed: $out"
grep -q "\"manifest\" *: *\"$root/$plugin/veracross.yaml\"" <<<"$out" && grep -Eq '"loads" *: *true' <<<"$out" ||
  fail "the installed sis-host did not load the installed plugin: $out"

# The Python module from the package, with the package's plugin.
py=$(PYTHONPATH=$root/usr/lib/python3/dist-packages "${PYTHON:-python3}" -c \
     'import sis_plugin, sys; print(sis_plugin.Plugin(sys.argv[1]).describe()["version"])' \
     "$root/$plugin/libveracross_plugin.so" 2>&1) || true
[ "$py" = "$version" ] || fail "the packaged Python module did not describe the packaged plugin: $py"

tar_list=$(tar tzf "$tgz")
for f in "$plugin/libveracross_plugin.so" "$plugin/veracross.yaml" usr/bin/sis-host; do
  f=${f#usr/}
  grep -q "/$f\$" <<<"$tar_list" || fail "the .tar.gz lacks $f"
done
[ "$failures" -eq 0 ] && echo "$(basename "$deb") and $(basename "$tgz"): dpkg -i into $root, sis-host plugins loads veracross $version"
exit $((failures > 0))
