#!/usr/bin/env bash
# Configures and builds into build/ (or build-asan/, build-tsan/ with
# SIS_SANITIZE=asan|tsan); SIS_TARGETS="a b" builds only those targets.
# Prints the build folder's path last.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
case "${SIS_SANITIZE:-}" in
  "")   dir="$root/build"; flags=() ;;
  asan) dir="$root/build-asan"; flags=(-DSIS_ASAN=ON) ;;
  tsan) dir="$root/build-tsan"; flags=(-DSIS_TSAN=ON) ;;
  *) echo "SIS_SANITIZE must be asan or tsan" >&2; exit 2 ;;
esac
export CCACHE_DIR="${CCACHE_DIR:-$root/.ccache}"
# Relative paths in the cache key: build folders share hits.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
echo "building in $dir (a first build takes several minutes)..." >&2
mkdir -p "$dir"
if ! { cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${flags[@]}" &&
       cmake --build "$dir" -j "$(nproc)" ${SIS_TARGETS:+--target $SIS_TARGETS}; } >"$dir/build.log" 2>&1; then
  tail -50 "$dir/build.log" >&2
  echo "build failed: the whole log is $dir/build.log" >&2
  exit 1
fi
echo "$dir"
