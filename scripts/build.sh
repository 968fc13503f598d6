#!/usr/bin/env bash
# Installs what is missing, then configures and builds into build/ (or
# build-asan/, build-tsan/ with SIS_SANITIZE=asan|tsan; scripts/build-dir.sh
# names the folder). SIS_TARGETS="a b" builds only those targets.
# Everything it says goes to stderr; the build's own output to build.log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/build-dir.sh"
"$root/scripts/install-deps.sh"
export CCACHE_DIR="${CCACHE_DIR:-$root/.ccache}"
# Relative paths in the cache key: build folders share hits.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
echo "building in $build_dir (a first build takes several minutes)..." >&2
mkdir -p "$build_dir"
if ! { cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${build_flags[@]}" &&
       cmake --build "$build_dir" -j "$(nproc)" ${SIS_TARGETS:+--target $SIS_TARGETS}; } >"$build_dir/build.log" 2>&1; then
  tail -50 "$build_dir/build.log" >&2
  echo "build failed: the whole log is $build_dir/build.log" >&2
  exit 1
fi
