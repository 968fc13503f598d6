#!/usr/bin/env bash
# Installs the Debian 12 packages the build needs, only if one is missing.
set -euo pipefail
exec >&2 # all it says is progress: stdout stays free for the callers
# Checked against what uses them (CMakeLists.txt find_package and
# find_program calls, and every program a test, script or the demo runs),
# not against what this machine happens to have.
packages=(cmake make g++ ccache                     # the build (g++ brings gcc for the C99 header test)
          libpoco-dev libboost-dev libboost-filesystem-dev libyaml-cpp-dev libssl-dev catch2
          binutils                                  # nm: the plugin exports one symbol (a test)
          openssl ca-certificates                   # TLS: the system CAs a test checks are trusted
          git                                       # scripts/fresh-machine.sh, the repo checks
          clang libclang-rt-14-dev                  # the fuzzers (libFuzzer)
          chromium                                  # the admin page's browser test
          python3 pkg-config                        # tests/package: the Python host module, the pkg-config C host
          dpkg-dev file                             # cpack -G DEB: dpkg-shlibdeps computes Depends
          nodejs npm)                               # the SSO interop tests (oidc-provider on Node)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 && continue
  # NodeSource's nodejs package carries npm (it "Provides: npm"): no Debian npm beside it.
  [ "$p" = npm ] && command -v npm >/dev/null 2>&1 && continue
  missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
