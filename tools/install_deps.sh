#!/usr/bin/env bash
# Installs, from Debian packages, whatever golu's build, tests and benchmarks need
# and the machine lacks. Usage: tools/install_deps.sh [extra packages...]
set -euo pipefail
# qemu-user runs the tests on emulated older x86-64 CPUs (and aarch64 binaries).
packages=(cmake ninja-build g++ clang libxsimd-dev libeigen3-dev libgtest-dev libbenchmark-dev libmpfr-dev qemu-user "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
# Packages of another architecture (libgtest-dev:arm64, for the aarch64 cross
# build) need that architecture enabled first.
for p in "${missing[@]}"; do
  if [[ "$p" == *:* ]]; then
    arch=${p##*:}
    dpkg --print-foreign-architectures | grep -qx "$arch" || $sudo dpkg --add-architecture "$arch"
  fi
done
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
