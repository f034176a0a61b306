#!/usr/bin/env bash
# The main job: installs what is missing, builds the benchmarks in Release for the
# machine's widest SIMD, runs GoLU against Eigen's Swish, the naive Eigen GoLU and
# a streaming copy (medians of repetitions, pinned to one core), and prints the
# ratio tables; then the Eigen adapters against the array API and the Tensor
# adapter on 1 and 2 threads; then every activation against its peers, Eigen's
# built-in forms and oneDNN's eltwise primitives among them (tables and
# build/bench/golu_activations.png). JSON results go to build/bench/<benchmark>.json.
# oneDNN (libdnnl-dev) is optional for the build; this job installs it so that the
# comparison includes it, and runs without it where it cannot be installed.
# Usage: tools/run_benchmarks.sh [extra Google Benchmark flags]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh python3-matplotlib
tools/install_deps.sh libdnnl-dev || echo "libdnnl-dev could not be installed: the comparison runs without oneDNN"
cmake --preset bench >/dev/null
cmake --build --preset bench
pin=()
command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ] && pin=(taskset -c 1)
for b in golu_ratios golu_eigen_adapters; do
  runner=("${pin[@]}")
  # The Tensor rows compare 1 and 2 threads, so that benchmark gets every core.
  [ "$b" = golu_eigen_adapters ] && runner=()
  "${runner[@]}" "build/bench/bench/$b" --benchmark_repetitions=9 --benchmark_min_time=0.1 \
    --benchmark_report_aggregates_only=true --benchmark_out="build/bench/$b.json" \
    --benchmark_out_format=json "$@"
done
# The activation comparison (issue #4, in progress): every golu activation and its
# peers, as ratios to Eigen's Swish and to the copy and as golu over each peer,
# plus a chart. oneDNN runs single-threaded too (the benchmark sets its OpenMP
# runtime to one thread).
"${pin[@]}" build/bench/bench/golu_activations --benchmark_repetitions=5 --benchmark_min_time=0.05 \
  --benchmark_report_aggregates_only=true --benchmark_out=build/bench/golu_activations.json \
  --benchmark_out_format=json "$@" >/dev/null
/usr/bin/python3 tools/bench_report.py build/bench/golu_activations.json build/bench/golu_activations.png
