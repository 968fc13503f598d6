#!/usr/bin/env bash
# Mutation testing, our own (Debian packages no C++ mutation tool): each
# mutant in scripts/mutants.txt is one small textual change to the code that
# decides (conference rules, warnings, retry, rate budget, tokens and scopes,
# SSO checks, delta merge, ABI guards). It is applied to a copy of the repo in
# build-mutate/tree, only the targets it names are rebuilt (in
# build-mutate/tree/build) and only the tests that cover it run. A mutant is
# killed when a test fails. The script fails when fewer than 90% of the
# mutants run are killed, when a mutant not marked "survives:" survives, or
# when a mutant does not apply or compile (the list is then out of date).
#
#   scripts/mutate.sh                  every mutant
#   scripts/mutate.sh --part 2/5       mutants 2, 7, 12... (0-based) of the list
#   scripts/mutate.sh --part today/10  the part of today's date: CI's rotation
#   scripts/mutate.sh --only REGEX     the mutants whose name matches
#   scripts/mutate.sh --list           names only
#   scripts/mutate.sh --check          only that every mutant applies (its 'from' text
#                                      is in its file exactly once): CTest runs this
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
list="$root/scripts/mutants.txt"
work="$root/build-mutate"
tree="$work/tree"
build="$tree/build" # the same layout as the checkout and build/: compiler-cache hits
part="" only="" list_only=0 check_only=0
while (($#)); do
  case $1 in
    --part) part=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --list) list_only=1; shift ;;
    --check) check_only=1; shift ;;
    *) echo "usage: $0 [--part K/N | --part today/N] [--only REGEX] [--list | --check]" >&2; exit 2 ;;
  esac
done

# ---- the list: blocks of "key: value" lines, one mutant a block
names=() files=() targets=() tests=() froms=() tos=() survives=()
declare -A groups
name="" file="" target="" test="" from="" to="" survive=""
flush() {
  if [[ -n $name ]]; then
    if [[ -z $file || -z $target || -z $test || -z $from ]]; then
      echo "mutants.txt: mutant '$name' needs file, targets, tests, from (and to)" >&2; exit 2
    fi
    names+=("$name") files+=("$file") targets+=("$target") tests+=("$test") froms+=("$from") tos+=("$to")
    survives+=("$survive")
  fi
  name="" file="" target="" test="" from="" to="" survive=""
}
while IFS= read -r line || [[ -n $line ]]; do
  case $line in
    "#"* | "") ;;
    "mutant: "*) flush; name=${line#mutant: } ;;
    "file: "*) file=${line#file: } ;;
    "targets: "*) target=${line#targets: } ;;
    "group: "*) g=${line#group: }; groups[${g%% *}]=${g#* } ;;
    "tests: @"*)
      test=${groups[${line#tests: @}]:-}
      [[ -n $test ]] || { echo "mutants.txt: no group '${line#tests: @}' (define it above its first use)" >&2; exit 2; } ;;
    "tests: "*) test=${line#tests: } ;;
    "from: "*) from=${line#from: } ;;
    "to: "*) to=${line#to: } ;;
    "to:") to="" ;;
    "survives: "*) survive=${line#survives: } ;;
    *) echo "mutants.txt: cannot read this line: $line" >&2; exit 2 ;;
  esac
done <"$list"
flush

chosen=()
for i in "${!names[@]}"; do
  if [[ -n $part ]]; then
    k=${part%/*} n=${part#*/}
    [[ $k == today ]] && k=$((10#$(date -u +%j) % n))
    (( i % n == k )) || continue
  fi
  [[ -z $only || ${names[$i]} =~ $only ]] || continue
  chosen+=("$i")
done
if ((list_only)); then
  for i in "${chosen[@]}"; do echo "${names[$i]}"; done
  exit 0
fi
# How often a mutant's 'from' text stands in FILE (it must be once).
occurrences_in() { # FILE FROM
  local content rest
  content=$(<"$1")
  rest=${content//"$2"/}
  echo $(((${#content} - ${#rest}) / ${#2}))
}
if ((check_only)); then
  stale=0
  for i in "${chosen[@]}"; do
    n=$(occurrences_in "$root/${files[$i]}" "${froms[$i]}")
    if ((n != 1)); then
      echo "mutant '${names[$i]}': its 'from' text is in ${files[$i]} $n times, not once (update scripts/mutants.txt)" >&2
      stale=$((stale + 1))
    fi
  done
  ((stale == 0)) || exit 1
  echo "all ${#chosen[@]} mutants apply"
  exit 0
fi
((${#chosen[@]})) || { echo "no mutant chosen" >&2; exit 2; }
echo "mutation testing: ${#chosen[@]} of ${#names[@]} mutants" >&2

# ---- a copy of the repo (files that changed only, so builds stay incremental)
mkdir -p "$tree"
(cd "$root" && git ls-files -co --exclude-standard -z) | while IFS= read -r -d '' f; do
  [[ -f $root/$f ]] || continue
  if ! cmp -s "$root/$f" "$tree/$f"; then
    mkdir -p "$tree/$(dirname "$f")"
    # Not -p: a file edited after the last run's build would keep an mtime
    # older than its objects there, and make would not rebuild it.
    cp "$root/$f" "$tree/$f"
  fi
done
export CCACHE_DIR="${CCACHE_DIR:-$root/.ccache}" CCACHE_BASEDIR="$tree" CCACHE_NOHASHDIR=1
jobs=$(nproc)
build_targets() { cmake --build "$build" -j "$jobs" --target $1 >"$work/build.log" 2>&1; }
# Only the covering tests of the built targets (fuzz replays are other targets).
run_tests() { (cd "$build" && ctest -R "$1" -E '^fuzz_replay_|_NOT_BUILT$' --no-tests=error --timeout 300 -j "$jobs" >"$work/test.log" 2>&1); }

# The tests that failed in the last run, "; "-separated (CTest's summary).
failed_tests() {
  sed -n '/The following tests FAILED:/,$s/^[[:space:]]*[0-9]* - \(.*\) (\(Failed\|Timeout\|SEGFAULT\|Subprocess aborted\|Exception\|Not Run\)[^)]*)$/\1/p' \
    "$work/test.log" | paste -sd ';' | sed 's/;/; /g'
}
all_targets=$(for i in "${chosen[@]}"; do echo ${targets[$i]}; done | sort -u | tr '\n' ' ')
# Plain alternatives: CTest's regex allows few parenthesised groups.
all_tests=$(for i in "${chosen[@]}"; do echo "${tests[$i]}"; done | sort -u | paste -sd '|')
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$tree" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$work/configure.log" 2>&1 ||
    { cat "$work/configure.log" >&2; exit 1; }
fi
echo "building $all_targets(unmutated)..." >&2
build_targets "$all_targets" || { tail -30 "$work/build.log" >&2; echo "the unmutated build fails" >&2; exit 1; }
echo "the covering tests, unmutated, must pass..." >&2
run_tests "$all_tests" || { tail -30 "$work/test.log" >&2; echo "covering tests fail without a mutant" >&2; exit 1; }

# ---- each mutant
current=""
restore() { if [[ -n $current ]]; then cp "$work/original" "$tree/$current"; touch "$tree/$current"; current=""; fi; }
trap restore EXIT
killed=0 survived=0 broken=0 unexpected=()
for i in "${chosen[@]}"; do
  f=${files[$i]} from=${froms[$i]} to=${tos[$i]}
  occurrences=$(occurrences_in "$tree/$f" "$from")
  if ((occurrences != 1)); then
    echo "BROKEN    ${names[$i]}: its 'from' text is in $f $occurrences times, not once"
    broken=$((broken + 1)); continue
  fi
  cp "$tree/$f" "$work/original"
  current=$f
  content=$(<"$tree/$f")
  printf '%s\n' "${content/"$from"/"$to"}" >"$tree/$f"
  start=$SECONDS
  if ! build_targets "${targets[$i]}"; then
    echo "BROKEN    ${names[$i]}: does not compile (build-mutate/build.log)"
    broken=$((broken + 1))
  elif run_tests "${tests[$i]}"; then
    survived=$((survived + 1))
    if [[ -n ${survives[$i]} ]]; then
      echo "survived  ${names[$i]} (expected: ${survives[$i]})"
    else
      echo "SURVIVED  ${names[$i]} ($((SECONDS - start)) s; tests: ${tests[$i]})"
      unexpected+=("${names[$i]}")
    fi
  elif grep -q "No tests were found" "$work/test.log"; then
    # CTest fails when its -R matches nothing: that is no kill.
    echo "BROKEN    ${names[$i]}: its tests match no CTest test (tests: ${tests[$i]})"
    broken=$((broken + 1))
  else
    killed=$((killed + 1))
    echo "killed    ${names[$i]} ($((SECONDS - start)) s; by: $(failed_tests))"
  fi
  restore
done
build_targets "$all_targets" || true # leave the copy's build unmutated

total=$((killed + survived))
score=$((total ? 100 * killed / total : 0))
echo "mutation score: $killed of $total killed ($score%), $broken broken"
status=0
((broken == 0)) || { echo "fix the broken mutants in scripts/mutants.txt" >&2; status=1; }
((${#unexpected[@]} == 0)) || { echo "survivors not marked 'survives:': ${unexpected[*]}" >&2; status=1; }
((score >= 90)) || { echo "score below 90%" >&2; status=1; }
exit $status
