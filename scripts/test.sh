#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs CTest.
# Arguments go to ctest (e.g. -R sso); SIS_TEST_JOBS=N runs N tests at once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/build-dir.sh"
"$root/scripts/build.sh"
cd "$build_dir"
# One job more than cores: many tests wait on a simulated network or a
# backoff, and the extra job fills that time (the ASan suite: 223 s -> 165 s
# on 2 cores, 2026-12-03).
ctest --output-on-failure -j "${SIS_TEST_JOBS:-$(( $(nproc) + 1 ))}" "$@"
