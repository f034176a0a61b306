#!/usr/bin/env bash
# The main job: installs what is missing, builds the benchmarks in Release for the
# machine's widest SIMD and runs them pinned to one core, medians of repetitions:
# GoLU against Eigen's Swish, the naive Eigen GoLU and a streaming copy, with the
# per-ISA goals (the native build, then the same built for AVX2 + FMA); the Eigen
# adapters against the array API and the Tensor adapter on 1 and 2 threads; every
# activation against its peers, Eigen's built-in forms and oneDNN's eltwise
# primitives among them (tables and bench/results/golu_activations.png), natively
# and for AVX2 with oneDNN capped to AVX2.
# --full adds golu::dispatch in a default-flags program against the header API
# (built with -march=native and with default flags) and the PyTorch operator
# against F.silu, F.gelu, F.mish and the composed GoLU (bench/torch_bench.py), and
# takes more repetitions; the default run is the quick one (about 4 minutes on 2
# cores from a fresh clone, packages installed: docs/testing.md#durations).
# JSON results go to build/bench/<benchmark>.json; every table of the run, with
# the CPU it ran on, to bench/results/summary.md (the README links it), kept as
# bench/results/runs/<date>-<cpu>.md for tools/per_cpu_table.py.
# oneDNN (libdnnl-dev) is optional for the build; this job installs it so that the
# comparison includes it, and runs without it where it cannot be installed.
# Usage: tools/run_benchmarks.sh [--full] [extra Google Benchmark flags]
set -euo pipefail
cd "$(dirname "$0")/.."
full=0
if [ "${1:-}" = --full ]; then
  full=1
  shift
fi
# Repetitions and minimum time per repetition: of the ratio benchmarks, then of
# the activation comparison (hundreds of rows).
if [ "$full" -eq 1 ]; then
  ratio_runs=(--benchmark_repetitions=9 --benchmark_min_time=0.1)
  activation_runs=(--benchmark_repetitions=5 --benchmark_min_time=0.05)
else
  ratio_runs=(--benchmark_repetitions=7 --benchmark_min_time=0.05)
  activation_runs=(--benchmark_repetitions=3 --benchmark_min_time=0.03)
fi
tools/install_deps.sh python3-matplotlib
tools/install_deps.sh libdnnl-dev || echo "libdnnl-dev could not be installed: the comparison runs without oneDNN"
stage() { echo "=== $1 (at ${SECONDS} s)"; }
# A line every 20 s while a command runs (ninja prints a line only when a unit ends,
# and the slowest take over a minute; the activation comparison's console output is
# dropped, its results go to JSON): with_heartbeat what command... The lines go to
# the job's own output (fd 3), also where the command's output is redirected.
exec 3>&1
with_heartbeat() {
  local what=$1
  shift
  (while sleep 20 </dev/null >/dev/null 2>&1 3>&-; do echo "    ... $what (at ${SECONDS} s)" >&3; done) &
  local beat=$!
  local rc=0
  "$@" || rc=$?
  kill "$beat" 2>/dev/null
  wait "$beat" 2>/dev/null || true
  return "$rc"
}
has_avx2_fma=0
grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo && has_avx2_fma=1
targets=(golu_ratios golu_gated golu_eigen_adapters golu_activations)
[ "$has_avx2_fma" -eq 1 ] && targets+=(golu_ratios_avx2 golu_gated_avx2 golu_activations_avx2)
[ "$full" -eq 1 ] && targets+=(golu_dispatch_bench)
stage "build (bench preset: ${targets[*]})"
cmake --preset bench >/dev/null
with_heartbeat building cmake --build build/bench --target "${targets[@]}"
pin=()
command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ] && pin=(taskset -c 1)
summary=bench/results/summary.md
mkdir -p bench/results
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
family=$(lscpu 2>/dev/null | sed -n 's/^CPU family: *//p' | head -n 1)
model=$(lscpu 2>/dev/null | sed -n 's/^Model: *//p' | head -n 1)
[ -n "$family" ] && cpu="${cpu:-unknown CPU} (family $family, model $model)"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- include src bench 2>/dev/null || commit="$commit + uncommitted changes"
{
  echo "# Benchmark summary"
  echo
  echo "Written by \`tools/run_benchmarks.sh\` on $(date -u +%Y-%m-%d): ${cpu:-unknown CPU}, $(nproc) cores, commit $commit,"
  echo "$(g++ --version | head -n 1), single thread pinned to one core unless a row says otherwise."
  echo "Ratios are of medians over repetitions, measured in one run; they move with the CPU."
  if [ "$full" -eq 1 ]; then
    echo "Full run (\`--full\`): ratios ${ratio_runs[*]}, activations ${activation_runs[*]}."
  else
    echo "Default run: ratios ${ratio_runs[*]}, activations ${activation_runs[*]};"
    echo "\`tools/run_benchmarks.sh --full\` adds golu::dispatch and PyTorch and takes more repetitions."
  fi
} >"$summary"
benches=(golu_ratios)
# The AVX2 build of the same ratios, where the CPU has AVX2 and FMA.
[ "$has_avx2_fma" -eq 1 ] && benches+=(golu_ratios_avx2)
# Gated units (GoGLU, SwiGLU, GeGLU), native and AVX2.
benches+=(golu_gated)
[ "$has_avx2_fma" -eq 1 ] && benches+=(golu_gated_avx2)
benches+=(golu_eigen_adapters)
[ "$full" -eq 1 ] && benches+=(golu_dispatch_bench)
for b in "${benches[@]}"; do
  stage "$b"
  runner=("${pin[@]}")
  # The Tensor rows compare 1 and 2 threads, so that benchmark gets every core.
  [ "$b" = golu_eigen_adapters ] && runner=()
  "${runner[@]}" "build/bench/bench/$b" "${ratio_runs[@]}" \
    --benchmark_report_aggregates_only=true --benchmark_out="build/bench/$b.json" \
    --benchmark_out_format=json "$@" | tee "build/bench/$b.txt"
  { echo; echo "## $b"; sed -n '/^| /,$p' "build/bench/$b.txt"; } >>"$summary"
done
# The activation comparison: every golu activation at both accuracy levels and its
# peers, as ratios to Eigen's Swish and to the copy and as golu over each peer,
# plus the goals table and a chart. oneDNN runs single-threaded too (the benchmark sets its OpenMP
# runtime to one thread).
stage "golu_activations (its tables print when it ends)"
with_heartbeat running "${pin[@]}" build/bench/bench/golu_activations "${activation_runs[@]}" \
  --benchmark_report_aggregates_only=true --benchmark_out=build/bench/golu_activations.json \
  --benchmark_out_format=json "$@" >/dev/null
/usr/bin/python3 tools/bench_report.py build/bench/golu_activations.json bench/results/golu_activations.png |
  tee build/bench/golu_activations.txt
{ echo; echo "## golu_activations"; echo; cat build/bench/golu_activations.txt; } >>"$summary"
# The same built for AVX2 + FMA, oneDNN capped to AVX2 (its 2.x and 3.x spellings).
if [ "$has_avx2_fma" -eq 1 ]; then
  stage "golu_activations_avx2 (oneDNN capped to AVX2)"
  ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2 with_heartbeat running "${pin[@]}" \
    build/bench/bench/golu_activations_avx2 "${activation_runs[@]}" --benchmark_report_aggregates_only=true \
    --benchmark_out=build/bench/golu_activations_avx2.json --benchmark_out_format=json "$@" >/dev/null
  /usr/bin/python3 tools/bench_report.py build/bench/golu_activations_avx2.json | tee build/bench/golu_activations_avx2.txt
  { echo; echo "## golu_activations_avx2 (-mavx2 -mfma; oneDNN capped with ONEDNN_MAX_CPU_ISA=AVX2)"; echo
    cat build/bench/golu_activations_avx2.txt; } >>"$summary"
fi
# The PyTorch operator against torch's activations (1 thread pinned, and every core),
# when Debian's torch can be installed; the script pins itself per row.
if [ "$full" -eq 0 ]; then
  echo "PyTorch rows: tools/run_benchmarks.sh --full"
elif tools/install_deps.sh torch; then
  stage "build (torch preset)"
  cmake --preset torch >/dev/null
  with_heartbeat building cmake --build --preset torch
  stage "bench/torch_bench.py"
  PYTHONPATH=build/torch/python /usr/bin/python3 bench/torch_bench.py --out build/bench/torch.md
  { echo; cat build/bench/torch.md; } >>"$summary"
else
  echo "python3-torch could not be installed: no PyTorch rows"
fi
# Each run is kept, named by date and CPU, for the per-CPU table (tools/per_cpu_table.py).
run_copy="bench/results/runs/$(date -u +%Y-%m-%d)-$(tr -c 'A-Za-z0-9\n' '-' <<<"${cpu:-cpu}" | tr 'A-Z' 'a-z' | sed 's/--*/-/g; s/-$//').md"
mkdir -p bench/results/runs
cp "$summary" "$run_copy"
stage "done"
echo
echo "summary: $summary (kept as $run_copy)"
