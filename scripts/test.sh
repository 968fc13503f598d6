#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs CTest.
# Arguments go to ctest (e.g. -R sso).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/build-dir.sh"
"$root/scripts/build.sh"
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)" "$@"
