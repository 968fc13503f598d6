#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) into build-fuzz/ and runs
# each for SECONDS (default 600) on a copy of its corpus plus its
# regressions, two at a time, niced. Prints exec/s and coverage per target
# and fails when any target crashed (the input is kept, see below).
#
#   scripts/fuzz.sh            # 10 minutes per target
#   scripts/fuzz.sh 20         # CI: a short run per target
#   FUZZ_TARGETS="config_json event_spec" FUZZ_JOBS=1 scripts/fuzz.sh 60
#   FUZZ_BUILD=0 scripts/fuzz.sh 600   # run the targets as last built
#
# New inputs that add coverage stay in build-fuzz/fuzz-work/<target>/corpus;
# crashes land in build-fuzz/fuzz-work/<target>/ (crash-*, leak-*, timeout-*):
# after fixing one, copy it to fuzz/regressions/<target>/ (docs/fuzzing.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" # clang and libFuzzer
seconds=${1:-600}
jobs=${FUZZ_JOBS:-2}
build="$root/build-fuzz"
work="$build/fuzz-work"

all_targets=$(sed -n '/^set(SIS_FUZZ_TARGETS/,/)/p' "$root/fuzz/targets.cmake" | tr -d '()' | tr ' ' '\n' |
              grep -v -e '^set' -e '^SIS_FUZZ_TARGETS' -e '^$')
targets=${FUZZ_TARGETS:-$all_targets}

export CCACHE_DIR="${CCACHE_DIR:-$root/.ccache}" CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
mkdir -p "$work"
build_targets() {
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DSIS_FUZZ=ON -DSIS_BUILD_TESTS=OFF -DSIS_UNITY_BUILD=ON &&
    cmake --build "$build" -j "${FUZZ_BUILD_JOBS:-2}" --target $(printf 'fuzz_%s ' $targets)
}
if [[ ${FUZZ_BUILD:-1} == 0 ]]; then
  echo "running the fuzz targets as last built in $build" >&2
else
  echo "building the fuzz targets in $build (clang; a first build takes a while)..." >&2
  if ! build_targets >"$work/build.log" 2>&1; then
    tail -40 "$work/build.log" >&2
    echo "fuzz build failed: the whole log is $work/build.log" >&2
    exit 1
  fi
fi

# run_one TARGET: fuzzes it, leaves its log in $work/TARGET/fuzz.log.
run_one() {
  local t=$1 dir="$work/$1"
  rm -rf "$dir/corpus"
  mkdir -p "$dir/corpus" "$root/fuzz/regressions/$t"
  cp "$root/fuzz/corpus/$t/"* "$dir/corpus/"
  local dict=()
  [[ -f "$root/fuzz/dict/$t.dict" ]] && dict=("-dict=$root/fuzz/dict/$t.dict")
  # The first folder collects new inputs; the regressions are read only.
  # -max_len: big regressions (a 100 KB manifest) must not make every mutation that big.
  (cd "$dir" && nice -n 10 "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
     -max_len=8192 \
     -print_final_stats=1 -artifact_prefix="$dir/" "${dict[@]}" "$dir/corpus" "$root/fuzz/regressions/$t" \
     >"$dir/fuzz.log" 2>&1) || true
}

# summary TARGET: one line from its log.
summary() {
  local log="$work/$1/fuzz.log"
  local last execs cov ft status=ok
  last=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -1)
  execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  if grep -qE '^==[0-9]+==ERROR|^SUMMARY: |Test unit written to|deadly signal' "$log"; then status=CRASH; fi
  printf '%-16s %-6s exec/s %-8s cov %-6s ft %-6s runs %s\n' "$1" "$status" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
    "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  [[ $status == ok ]]
}

echo "fuzzing each target for ${seconds}s, $jobs at a time..." >&2
running=0
for t in $targets; do
  run_one "$t" &
  running=$((running + 1))
  if (( running >= jobs )); then wait -n || true; running=$((running - 1)); fi
done
wait || true

failed=0
for t in $targets; do summary "$t" || failed=1; done
if (( failed )); then
  echo "a fuzz target crashed: see $work/<target>/fuzz.log and the crash-* file beside it" >&2
  exit 1
fi
