#!/usr/bin/env bash
# Installs the Debian 12 packages postpress-cpp needs to build, test and benchmark, when missing.
set -euo pipefail
packages=(
  g++ cmake ninja-build meson pkg-config ccache make
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libssl-dev openssl doctest-dev
  nlohmann-json3-dev libsimdjson-dev   # baselines of the decode benchmark
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
