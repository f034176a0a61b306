#!/usr/bin/env bash
# The main job: installs what is missing, builds the benchmarks in Release for the
# machine's widest SIMD, runs GoLU against Eigen's Swish, the naive Eigen GoLU and
# a streaming copy (medians of repetitions, pinned to one core), and prints the
# ratio table. JSON results go to build/bench/golu_ratios.json.
# Usage: tools/run_benchmarks.sh [extra Google Benchmark flags]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
cmake --preset bench >/dev/null
cmake --build --preset bench
pin=()
command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ] && pin=(taskset -c 1)
"${pin[@]}" build/bench/bench/golu_ratios --benchmark_repetitions=9 --benchmark_min_time=0.1 \
  --benchmark_report_aggregates_only=true --benchmark_out=build/bench/golu_ratios.json \
  --benchmark_out_format=json "$@"
