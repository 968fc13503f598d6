#!/usr/bin/env bash
# The main job: build, start the Veracross simulator with a generated school
# on loopback, then `sis-host` connects to it and imports an event, the way
# a school admin clicks Connect and runs the importer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$("$root/scripts/build.sh")
work=$(mktemp -d)
trap 'kill "${sim_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# The simulator prints "http_port=N https_port=M" when it is ready.
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
