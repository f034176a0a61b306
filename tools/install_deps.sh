#!/usr/bin/env bash
# Installs, from Debian packages, whatever golu's build, tests and benchmarks need
# and the machine lacks. Usage: tools/install_deps.sh [extra packages...]; the word
# `torch` stands for what the PyTorch operators build and test with (Debian's torch
# 1.13 for Debian's python3).
set -euo pipefail
args=()
for a in "$@"; do
  if [ "$a" = torch ]; then
    args+=(python3-torch libtorch-dev pybind11-dev python3-dev python3-pytest python3-numpy)
  else
    args+=("$a")
  fi
done
set -- "${args[@]+"${args[@]}"}"
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
