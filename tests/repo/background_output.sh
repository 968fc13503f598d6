#!/usr/bin/env bash
# A background job's output file must exist before the job starts, when the
# script reads it while the job runs: the job opens the file itself, maybe
# only after the script's first read. (A cold CI run lost that race: the
# demo's sed could not read serve.out yet, and `set -e` ended the demo.)
# So in every tracked shell script, a line that starts a job in the
# background with its stdout sent to a file has that file made earlier
# (`: >FILE`). Usage: background_output.sh REPO_ROOT
set -euo pipefail
cd "$1"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "not a git checkout: skipped" >&2
  exit 77 # CTest: skipped
fi
status=0
while IFS= read -r -d '' script; do
  awk -v script="$script" '
    /^[[:space:]]*: >"[^"]*"[[:space:]]*(#.*)?$/ { made[$2] = 1 }
    /&[[:space:]]*$/ && / >"[^"]*"/ {
      match($0, / >"[^"]*"/)
      file = substr($0, RSTART + 1, RLENGTH - 1)
      if (!(file in made)) {
        printf "%s:%d: a background job writes %s, which is not made before it starts (add `: %s` above it)\n",
               script, NR, substr(file, 2), file
        bad = 1
      }
    }
    END { exit bad }' "$script" || status=1
done < <(git ls-files -z '*.sh')
exit $status
