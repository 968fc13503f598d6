#!/usr/bin/env bash
# The main job: build, then sis-host loads the Veracross plugin through its
# manifest and shows what it describes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$("$root/scripts/build.sh")
"$dir/host_stub/sis-host" plugins
echo
"$dir/host_stub/sis-host" describe veracross
