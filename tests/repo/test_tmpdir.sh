#!/usr/bin/env bash
# The tests' private temporary folder (TMPDIR of every Catch2 test, CTest
# fixture sis_test_tmpdir): "start" empties it before the tests, "check"
# fails after them when a test left anything behind, naming it. The one
# thing a test run keeps by design is the hosts' plugin-copies root
# (sis-plugin-copies-UID/ with its .lock): the runs inside it go, the root
# stays for the next host. Usage: test_tmpdir.sh start|check DIR
set -euo pipefail
mode=$1 dir=$2
case $mode in
  start) rm -rf "$dir"; mkdir -p "$dir" ;;
  check)
    left=$(cd "$dir" && find . -mindepth 1 \
             ! -path "./sis-plugin-copies-$(id -u)" ! -path "./sis-plugin-copies-$(id -u)/.lock" | sort)
    if [[ -n $left ]]; then
      echo "the tests left these in their temporary folder $dir (a test or the code it runs does not clean up):" >&2
      echo "$left" | head -40 >&2
      echo "($(echo "$left" | wc -l) in all)" >&2
      exit 1
    fi
    echo "no test left a temporary file in $dir" ;;
  *) echo "usage: $0 start|check DIR" >&2; exit 2 ;;
esac
