#!/usr/bin/env bash
# Configures and builds into build/ (or build-asan/, build-tsan/ with
# SIS_SANITIZE=asan|tsan). Prints the build folder's path last.
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
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" >&2
echo "$dir"
