#!/usr/bin/env bash
# Builds one consumer project against the INSTALLED tree only (the prefix
# that install_tree.sh filled) and runs it against a veracross-sim.
# Usage: consumer.sh KIND PREFIX WORK_DIR VERACROSS_SIM SOURCE_ROOT
#   KIND: c_find_package | c_pkg_config | cxx_host | wants_major_2 | python
set -euo pipefail
kind=$1 prefix=$2 work=$3 sim_exe=$4 src=$5
consumers=$src/tests/package/consumers
rm -rf "$work"
mkdir -p "$work"
unset SIS_PLUGIN_DIR
# The simulator's demo-school app (test values from demo.yaml).
export SIS_TEST_CLIENT_ID SIS_CLIENT_SECRET
SIS_TEST_CLIENT_ID=$(grep -m1 'client_id:' "$src/tests/sim/demo.yaml" | awk '{print $NF}')
SIS_CLIENT_SECRET=$(grep -m1 'client_secret:' "$src/tests/sim/demo.yaml" | awk '{print $NF}')

configure() { # PROJECT_DIR: only the prefix (and the system) is searched
  cmake -S "$1" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo || return 1
  # The package came from the prefix, not from the build tree or the system.
  grep -qx "SisPluginApi_DIR:PATH=$prefix/lib/cmake/SisPluginApi" "$work/build/CMakeCache.txt" ||
    { echo "SisPluginApi was not found in $prefix:" >&2; grep SisPluginApi_DIR "$work/build/CMakeCache.txt" >&2; return 1; }
}

sim_pid=""
stop_sim() { [ -z "$sim_pid" ] || { kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; }; }
trap stop_sim EXIT
with_sim() { # CMD...: CMD with SIS_SIM_URL and SIS_TEST_CA naming a running simulator
  : >"$work/sim.out" # before the job starts: grep below may read it first
  "$sim_exe" --config "$src/tests/sim/demo.yaml" >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  for _ in $(seq 200); do grep -q https_port "$work/sim.out" && break; sleep 0.05; done
  local port
  port=$(sed -n 's/.*https_port=\([0-9]*\).*/\1/p' "$work/sim.out")
  if [ -z "$port" ]; then echo "veracross-sim did not start:" >&2; cat "$work/sim.err" >&2; return 1; fi
  SIS_SIM_URL=https://127.0.0.1:$port SIS_TEST_CA=$src/tests/certs/ca.pem "$@"
}

case $kind in
  c_find_package)
    configure "$consumers/c_find_package"
    cmake --build "$work/build"
    with_sim "$work/build/c_host" ;;
  c_pkg_config)
    # Only the prefix's .pc files: PKG_CONFIG_LIBDIR replaces the system's.
    export PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig PKG_CONFIG_PATH=
    echo "sis-plugin-api $(pkg-config --modversion sis-plugin-api), plugins in $(pkg-config --variable=plugindir sis-plugin-api)"
    # shellcheck disable=SC2046 # word splitting of the flags is wanted
    cc -std=c99 -Wall -Wextra -Werror -pedantic $(pkg-config --cflags sis-plugin-api) \
       -DSIS_PLUGIN_ROOT="\"$(pkg-config --variable=plugindir sis-plugin-api)\"" \
       "$consumers/c_host/c_host.c" -o "$work/c_host" $(pkg-config --libs sis-plugin-api)
    with_sim "$work/c_host" ;;
  cxx_host)
    configure "$consumers/cxx_host"
    cmake --build "$work/build"
    with_sim "$work/build/cxx_host" ;;
  wants_major_2)
    if configure "$consumers/wants_major_2" >"$work/configure.log" 2>&1; then
      echo "find_package(SisPluginApi 2.0) accepted a $(cat "$prefix"/lib/pkgconfig/*.pc | sed -n 's/^Version: //p') package" >&2
      exit 1
    fi
    grep -q 'compatible with requested version "2.0"' "$work/configure.log" || { cat "$work/configure.log" >&2; exit 1; }
    echo "find_package(SisPluginApi 2.0) refused the installed package, as it should" ;;
  python)
    libs=("$prefix"/lib/pickatime/sis-plugins/veracross/*/libveracross_plugin.so)
    [ -f "${libs[0]}" ] || { echo "no installed plugin under $prefix" >&2; exit 1; }
    PYTHONPATH=$prefix/lib/python3/dist-packages SIS_PLUGIN_LIBRARY=${libs[0]} \
      with_sim "${PYTHON:-python3}" -m unittest discover -s "$src/bindings/python/tests" -v ;;
  *) echo "unknown consumer kind: $kind" >&2; exit 2 ;;
esac
