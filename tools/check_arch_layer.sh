#!/usr/bin/env bash
# The arch layer's rule: instruction-set-specific code (intrinsics, XSIMD_WITH_*
# tests, inline asm) lives under include/golu/arch/ only; target.hpp and config.hpp
# (which name the target) aside. Prints each offending line and exits 1.
# Usage: tools/check_arch_layer.sh [source dir]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
pattern='_mm(256|512)?_[a-z0-9_]+\(|__m(128|256|512)[di]?\b|XSIMD_WITH_|\bv[a-z]+q_(f|s|u)(32|64)\(|__asm__'
bad=$(grep -rnE "$pattern" include/golu --include='*.hpp' |
  grep -vE '^include/golu/(arch/[^:]+|target\.hpp|config\.hpp):' || true)
if [ -n "$bad" ]; then
  echo "instruction-set-specific code outside include/golu/arch/:"
  echo "$bad"
  exit 1
fi
echo "arch layer: no intrinsic, XSIMD_WITH_* test or asm outside include/golu/arch/ (target.hpp, config.hpp aside)"
