#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs CTest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$("$root/scripts/build.sh")
cd "$dir"
ctest --output-on-failure -j "$(nproc)" "$@"
