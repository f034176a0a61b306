#!/usr/bin/env bash
# Installs, from Debian packages, whatever golu's build, tests and benchmarks need
# and the machine lacks. Usage: tools/install_deps.sh [extra packages...]
set -euo pipefail
packages=(cmake ninja-build g++ clang libxsimd-dev libeigen3-dev libgtest-dev libbenchmark-dev libmpfr-dev "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
