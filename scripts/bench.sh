#!/usr/bin/env bash
# The benchmarks (bench/README.md): builds what they need, then imports
# generated schools of 500, 2,000 and 20,000 students through `sis-host
# import` against the in-process Veracross simulator (300 requests per
# 180 s), three runs each, and prints the tables: one at 40 ms per request,
# one at 250 ms (Veracross-like) with the naive strategy beside it.
#
#   ./scripts/bench.sh                       # the default tables (40 and 250 ms)
#   ./scripts/bench.sh --latency-ms 250 --runs 5 --naive-sizes 500,2000,20000
#   SIS_BUILD_DIR=/path/to/build ./scripts/bench.sh
# Options go to import_bench (--help lists them); with any, one run of it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
dir="${SIS_BUILD_DIR:-$root/build}"
export CCACHE_DIR="${CCACHE_DIR:-$root/.ccache}"
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
mkdir -p "$dir"
echo "building the bench in $dir..." >&2
if ! { cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
       cmake --build "$dir" -j "${SIS_JOBS:-$(nproc)}" --target import_bench; } >"$dir/bench-build.log" 2>&1; then
  tail -50 "$dir/bench-build.log" >&2
  echo "build failed: the whole log is $dir/bench-build.log" >&2
  exit 1
fi
if [ $# -gt 0 ]; then exec "$dir/bench/import_bench" "$@"; fi
"$dir/bench/import_bench" --latency-ms 40 --naive-sizes ""
"$dir/bench/import_bench" --latency-ms 250
