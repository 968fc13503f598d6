# Sourced, not run: sets build_dir and build_flags from SIS_SANITIZE, so the
# scripts that build and the ones that use a build agree on the folder
# without passing a path through anyone's stdout.
case "${SIS_SANITIZE:-}" in
  "")   build_dir="$root/build";      build_flags=() ;;
  # The benchmarks are not tests: sanitizer builds leave them out. They
  # compile every target as a unity build (CMakeLists.txt: SIS_UNITY_BUILD).
  asan) build_dir="$root/build-asan"; build_flags=(-DSIS_ASAN=ON -DSIS_BUILD_BENCH=OFF -DSIS_UNITY_BUILD=ON) ;;
  tsan) build_dir="$root/build-tsan"; build_flags=(-DSIS_TSAN=ON -DSIS_BUILD_BENCH=OFF -DSIS_UNITY_BUILD=ON) ;;
  *) echo "SIS_SANITIZE must be empty, asan or tsan (it is '${SIS_SANITIZE}')" >&2; exit 2 ;;
esac
