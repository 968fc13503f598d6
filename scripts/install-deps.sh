#!/usr/bin/env bash
# Installs the Debian 12 packages the build needs, only if one is missing.
set -euo pipefail
packages=(cmake make g++ pkg-config ccache binutils openssl ca-certificates
          libpoco-dev libboost-dev libboost-filesystem-dev libyaml-cpp-dev catch2 libssl-dev
          clang libclang-rt-14-dev   # the fuzzers (libFuzzer)
          chromium)                  # the admin page's browser test
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
