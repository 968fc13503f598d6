#!/usr/bin/env bash
# cmake --install into PREFIX (a folder of the build tree), then checks the
# layout a host relies on, that nothing installed points back into the
# source or build tree, and that the installed sis-host finds and loads the
# installed plugin with no --dir. The consumer tests build against PREFIX.
# Usage: install_tree.sh BUILD_DIR PREFIX SOURCE_ROOT
set -euo pipefail
build=$1 prefix=$2 src=$3
version=$(sed -n 's/^version: *\([^ #]*\).*/\1/p' "$src/manifests/veracross.yaml")
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
plugin=lib/pickatime/sis-plugins/veracross/$version
failures=0
for f in "$plugin/libveracross_plugin.so" "$plugin/veracross.yaml" bin/sis-host bin/sis-plugin-runner \
         include/pickatime/sis_plugin.h include/pickatime/sis_host/plugin.hpp include/pickatime/sis_host/registry.hpp \
         include/pickatime/sis_host/runner_process.hpp include/pickatime/sis_host/runner_protocol.hpp \
         include/pickatime/sis_ext/result_sink.h \
         share/pickatime/schemas/describe.schema.json share/pickatime/schemas/config.schema.json \
         lib/cmake/SisPluginApi/SisPluginApiConfig.cmake lib/cmake/SisPluginApi/SisPluginApiConfigVersion.cmake \
         lib/cmake/SisPluginApi/SisPluginApiTargets.cmake lib/pkgconfig/sis-plugin-api.pc \
         lib/python3/dist-packages/sis_plugin.py share/doc/pickatime-sis/README.md share/doc/pickatime-sis/docs/abi.md; do
  [ -f "$prefix/$f" ] || { echo "not installed: $f" >&2; failures=$((failures + 1)); }
done
if grep -rl -e "$src/" -e "$build/plugins" -e "$build/plugin_api" "$prefix/lib/cmake" "$prefix/lib/pkgconfig" >&2; then
  echo "these installed files name the source or build tree" >&2; failures=$((failures + 1))
fi
if ldd "$prefix/$plugin/libveracross_plugin.so" "$prefix/bin/sis-host" "$prefix/bin/sis-plugin-runner" | grep 'not found' >&2; then
  echo "an installed binary needs a library that is not found" >&2; failures=$((failures + 1))
fi
out=$(env -u SIS_PLUGIN_DIR "$prefix/bin/sis-host" plugins --json) || { echo "$out" >&2; exit 1; }
grep -q "\"manifest\" *: *\"$prefix/$plugin/veracross.yaml\"" <<<"$out" &&
  grep -Eq '"loads" *: *true' <<<"$out" ||
  { echo "installed sis-host did not load $prefix/$plugin:" >&2; echo "$out" >&2; failures=$((failures + 1)); }
# --isolate process: the installed sis-host finds the runner beside it.
out=$(env -u SIS_PLUGIN_DIR -u SIS_PLUGIN_RUNNER "$prefix/bin/sis-host" plugins --json --isolate process) &&
  grep -Eq '"loads" *: *true' <<<"$out" ||
  { echo "installed sis-host --isolate process did not load veracross:" >&2; echo "$out" >&2; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] && echo "installed into $prefix; sis-host plugins loads veracross $version from $plugin"
exit $((failures > 0))
