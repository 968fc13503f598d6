#!/usr/bin/env bash
# The repository stands alone: no tracked file names a path of a
# developer's machine or a folder outside the repository, since someone who
# clones the project has neither. Usage: stands_alone.sh REPO_ROOT
set -euo pipefail
cd "$1"
# Paths that only exist on the team's machines: the workplace root, the
# team's shared folder beside the clone, and home folders.
pattern='/work/|\.\./shared/|shared/spec/|/home/[a-z]|/root/'
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "not a git checkout: skipped" >&2
  exit 77 # CTest: skipped
fi
found=$(git ls-files -z | grep -zv '^tests/repo/stands_alone.sh$' |
        xargs -0 grep -InE "$pattern" -- 2>/dev/null || true)
if [ -n "$found" ]; then
  echo "these lines name a path outside the repository; cite the public source or a repo file instead:" >&2
  echo "$found" >&2
  exit 1
fi
echo "no tracked file names a path outside the repository"
