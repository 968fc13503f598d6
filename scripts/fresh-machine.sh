#!/usr/bin/env bash
# Runs command lines the way a fresh machine's first run runs them: in a
# fresh clone of HEAD (committed work only; FRESH_REF=REV for another
# commit), with every Debian package reported missing (dpkg -s fails) and
# apt-get stubbed, so install-deps.sh takes its install path and prints
# what apt-get prints there, on stdout as apt-get does, while this
# machine's packages do the work. Each argument is one command line, run
# in order in the same clone; the first to fail ends the run with its code.
#
#   scripts/fresh-machine.sh './scripts/demo.sh --check' ./scripts/test.sh
#
# It cannot show a package missing from install-deps.sh's list (this
# machine has it): scripts/install-deps.sh says how that list is checked.
set -euo pipefail
top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
ref=${FRESH_REF:-HEAD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/shims"
printf '#!/bin/sh\n[ "$1" = "-s" ] && exit 1\nexec /usr/bin/dpkg "$@"\n' >"$work/shims/dpkg"
# Status questions say "not installed"; others (dpkg -S, which
# dpkg-shlibdeps asks for cpack's Depends) get the real answer.
cat >"$work/shims/dpkg-query" <<'SH'
#!/bin/sh
case " $* " in
  *" -s "*|*" --status "*|*" -W "*|*" --show "*|*" -l "*|*" --list "*) exit 1 ;;
esac
exec /usr/bin/dpkg-query "$@"
SH
# A real apt-get prints progress on stdout: so does this one.
printf '#!/bin/sh\necho "Reading package lists... (fresh-machine: apt-get $* not run)"\n' >"$work/shims/apt-get"
printf '#!/bin/sh\nexec "$@"\n' >"$work/shims/sudo"
chmod +x "$work"/shims/*
git clone -q "$top" "$work/repo"
git -C "$work/repo" checkout -q --detach "$(git -C "$top" rev-parse "$ref")"
# The compiler cache may be shared; the clone's own would start empty.
export CCACHE_DIR="${CCACHE_DIR:-$top/.ccache}"
echo "fresh-machine: a fresh clone of $(git -C "$work/repo" rev-parse --short HEAD), every package reported missing" >&2
cd "$work/repo"
for command in "$@"; do
  echo "fresh-machine: $command" >&2
  status=0
  PATH="$work/shims:$PATH" bash -c "$command" </dev/null || status=$?
  if (( status != 0 )); then
    echo "fresh-machine: '$command' failed with exit $status" >&2
    exit "$status"
  fi
done
