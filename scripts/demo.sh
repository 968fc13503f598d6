#!/usr/bin/env bash
# The main job: build, start the Veracross simulator with a generated school
# on loopback, then `sis-host` connects to it and imports an event, the way
# a school admin clicks Connect and runs the importer. It ends with the QA
# admin page (`sis-host serve`), already connected to the simulator: open
# the URL it prints; Ctrl-C stops everything.
#
#   ./scripts/demo.sh            the page stays up until Ctrl-C (on a terminal)
#   ./scripts/demo.sh --check    print the page's URL, check that it answers
#                                and is connected, then stop (the default when
#                                stdin is not a terminal, e.g. in CI)
# SIS_SERVE_PORT=8080 picks the page's port (default: any free one).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=serve
[ -t 0 ] || mode=check
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
source "$root/scripts/build-dir.sh"
"$root/scripts/build.sh"
dir=$build_dir
work=$(mktemp -d)
trap 'kill "${serve_pid:-}" "${sim_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# The simulator prints "http_port=N https_port=M" when it is ready.
# Each background job's output files exist before it starts: the job opens
# them itself, maybe after this shell first reads them (under load, a cold
# CI run lost that race and `set -e` ended the demo on sed's "can't read").
: >"$work/sim.out"
"$dir/tests/sim/veracross-sim" --config "$root/tests/sim/demo.yaml" >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 100); do
  grep -q https_port "$work/sim.out" 2>/dev/null && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim.err" >&2; exit 1; }
  sleep 0.1
done
https_port=$(sed -n 's/.*https_port=\([0-9]*\).*/\1/p' "$work/sim.out")
[ -n "$https_port" ] || { echo "the simulator did not start" >&2; exit 1; }

# The school's settings, as the admin enters them; the secret comes from
# the environment, never from the command line.
cat >"$work/school.yaml" <<YAML
school_domain: https://axiom.veracross.com/demo-school/
client_id: "0123456789abcdef0123456789abcdef"
integration_type: imports_and_sso
accounts_base_url: https://127.0.0.1:$https_port
api_base_url: https://127.0.0.1:$https_port
tls_ca_file: $root/tests/certs/ca.pem
YAML
# (the simulator's own test value, read from its config).
SIS_CLIENT_SECRET=$(sed -n 's/^ *client_secret: *//p' "$root/tests/sim/demo.yaml" | head -n 1)
export SIS_CLIENT_SECRET

echo "== sis-host connect"
"$dir/host_stub/sis-host" connect --config "$work/school.yaml"
echo
echo "== sis-host import (test import first, then the real one)"
"$dir/host_stub/sis-host" import --config "$work/school.yaml" --event "$root/examples/demo-event.yaml" --dry-run >/dev/null
"$dir/host_stub/sis-host" import --config "$work/school.yaml" --event "$root/examples/demo-event.yaml" \
  --out "$dir/demo-roster.json"
echo
echo "The roster is in $dir/demo-roster.json"

echo
echo "== sis-host serve (the admin page, connected to the simulator)"
serve=("$dir/host_stub/sis-host" serve --config "$work/school.yaml" --event "$root/examples/demo-event.yaml"
       --previous "$dir/demo-roster.json" --port "${SIS_SERVE_PORT:-0}")
if [ "$mode" = serve ]; then
  echo "Open the URL below in a browser (Ctrl-C stops the page and the simulator)."
  "${serve[@]}"
  exit 0
fi

# --check: the page answers, and it has connected to the simulator by itself.
: >"$work/serve.out"
"${serve[@]}" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
url=""
for _ in $(seq 100); do
  url=$(sed -n 's/.*admin page at \(http[^ ]*\).*/\1/p' "$work/serve.out")
  [ -n "$url" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "sis-host serve printed no URL" >&2; cat "$work/serve.err" >&2; exit 1; }
echo "The admin page is at $url"
port=${url#http://127.0.0.1:}; port=${port%/}
# A plain HTTP/1.0 GET with bash alone (no curl on a fresh machine).
http_get() { # PATH [COOKIE]
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n%b\r\n' "$1" "$port" "${2:+Cookie: $2\r\n}" >&3
  cat <&3
  exec 3<&-
}
connected=""
for _ in $(seq 150); do
  http_get / >"$work/page.txt"
  cookie=$(sed -n 's/^Set-Cookie: \([^;]*\);.*/\1/p' "$work/page.txt" | head -n 1)
  [ -n "$cookie" ] && http_get /api/state "$cookie" >"$work/state.txt"
  if grep -q '"connected":true' "$work/state.txt" 2>/dev/null; then
    connected=yes
    break
  fi
  sleep 0.2
done
grep -q "Veracross Integration" "$work/page.txt" || { echo "the admin page did not answer" >&2; exit 1; }
[ -n "$connected" ] || { echo "the admin page did not connect to the simulator:" >&2; cat "$work/serve.err" >&2; exit 1; }
echo "It answers and is connected to the simulator (--check: stopping it; run ./scripts/demo.sh on a terminal to keep it up)."
