#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: installs what is missing, then
# builds and runs ctest in five configurations -- GCC -march=native (everything,
# including the exhaustive float sweeps, the MPFR double run and the install
# check), Clang AVX2-only (the narrower SIMD path, sampled sweeps), Clang x86-64
# baseline (SSE2, no FMA: the Dekker-product path; sampled sweeps), GCC with
# AddressSanitizer + UndefinedBehaviorSanitizer (unit tests), and the aarch64 cross
# build (NEON) with its tests under qemu-aarch64. The release preset also builds
# golu::dispatch and runs it per instruction set: natively, capped with GOLU_ISA,
# and on emulated Haswell and Nehalem CPUs (qemu-x86_64).
# The torch preset builds the PyTorch operators and the Python package and runs
# their pytest suite (ctest test torch_pytest), with Debian's python3-torch; run
# together with release, the release tree builds and tests them (see below).
# With release run too, the aarch64 and clang-avx2 sampled sweeps' digests must
# equal the native build's (the same bits from every compiler and target with FMA).
# Usage: tools/run_tests.sh [preset...]   (default: all six)
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("$@")
[ ${#presets[@]} -eq 0 ] && presets=(release clang-avx2 clang-sse2 sanitize aarch64 torch)
extra=()
[[ " ${presets[*]} " == *" aarch64 "* ]] &&
  extra+=(g++-aarch64-linux-gnu libxsimd-dev:arm64 libgtest-dev:arm64 libmpfr-dev:arm64)
[[ " ${presets[*]} " == *" torch "* ]] && extra+=(torch)
tools/install_deps.sh "${extra[@]+"${extra[@]}"}"
# The torch preset's package is golu_torch on golu::dispatch, which the release
# preset builds with the same flags (per-ISA units, baseline front; golu_torch takes
# no GOLU_ARCH flag): when both run, the release tree builds the package too and its
# ctest runs the torch tests, instead of a second build of golu::dispatch.
release_args=()
if [[ " ${presets[*]} " == *" release "* && " ${presets[*]} " == *" torch "* ]]; then
  release_args=(-DGOLU_BUILD_TORCH=ON -DPython3_EXECUTABLE=/usr/bin/python3)  # as the torch preset
  kept=()
  for p in "${presets[@]}"; do [ "$p" = torch ] || kept+=("$p"); done
  presets=("${kept[@]}")
fi
passed=0
failed=0

stage() { echo "=== $1 (at ${SECONDS} s)"; }
for p in "${presets[@]}"; do
  stage "$p: configure and build"
  args=()
  [ "$p" = release ] && args=("${release_args[@]+"${release_args[@]}"}")
  cmake --preset "$p" "${args[@]+"${args[@]}"}" >/dev/null
  cmake --build --preset "$p"
  stage "$p: ctest"
  rm -f "build/$p/tests/digests/"*.txt  # written by this run's sweeps only
  log=$(mktemp)
  set +e
  ctest --preset "$p" -j2 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  summary=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -n 1)
  rm -f "$log"
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
  bad=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$summary")
  [ -n "$total" ] || { total=0; bad=1; }
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  [ "$rc" -eq 0 ] || [ "$bad" -gt 0 ] || failed=$((failed + 1))
done
# The same bits from every compiler and target with FMA: the sampled sweeps of the
# aarch64 build (under qemu) and of the clang AVX2 build (clang's contraction
# default, AVX2 kernels) against the native build's (GCC), over the same inputs:
# the multiples of 997 for GoLU, of 4099 for the other activations.
for other in aarch64 clang-avx2; do
  [[ " ${presets[*]} " == *" release "* && " ${presets[*]} " == *" $other "* ]] || continue
  stage "same bits: $other against release"
  d_native=build/release/tests/digests d_other=build/$other/tests/digests
  sampled() { sed -n '/^multiples of/,$p' "$1" 2>/dev/null; }
  if [ -s "$d_native/native.txt" ] && [ -s "$d_other/sampled.txt" ] &&
    [ -s "$d_native/native_activations.txt" ] && [ -s "$d_other/sampled_activations.txt" ] &&
    diff <(sampled "$d_native/native.txt") <(sampled "$d_other/sampled.txt") &&
    diff <(sampled "$d_native/native_activations.txt") <(sampled "$d_other/sampled_activations.txt"); then
    echo "same bits, $other and release (GoLU and every activation, both levels, forward and derivative): ok"
    passed=$((passed + 1))
  else
    echo "same bits, $other and release: FAIL (digests missing or different; $d_native, $d_other)"
    failed=$((failed + 1))
  fi
done
stage "done"
echo
echo "presets: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
