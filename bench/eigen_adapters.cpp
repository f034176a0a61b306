// Eigen adapters against the array API on the same data, in one run, and the
// Tensor adapter on 1 and 2 threads. Prints the ratios after the usual output.
//   eigen_adapters --benchmark_repetitions=9 --benchmark_min_time=0.1
#define EIGEN_USE_THREADS
#include <cstdio>
#include <golu/eigen_tensor.hpp>
#include <memory>
#include <string>

#include "bench_data.hpp"
#include "ratio_reporter.hpp"

namespace {

using golu_bench::data;
using golu_bench::kDram;
using golu_bench::kL2;
using golu_bench::run;

void array_forward(benchmark::State& s) {
  run<float>(s, [](data<float>& d, std::size_t n) { golu::forward(golu::GoLU{}, d.x.data(), d.y.data(), n); });
}
void eigen_forward(benchmark::State& s) {
  run<float>(s, [](data<float>& d, std::size_t) { d.y = golu::golu(d.x); });
}
void array_backward(benchmark::State& s) {
  run<float>(
      s, [](data<float>& d, std::size_t n) { golu::backward(golu::GoLU{}, d.x.data(), d.dy.data(), d.y.data(), n); });
}
void eigen_fused_backward(benchmark::State& s) {
  run<float>(s, [](data<float>& d, std::size_t) { d.y = d.dy * golu::golu_grad(d.x); });
}

// Tensor forward on a pool of state.range(1) threads.
void tensor_forward(benchmark::State& s) {
  const int threads = static_cast<int>(s.range(1));
  Eigen::ThreadPool pool(threads);
  Eigen::ThreadPoolDevice device(&pool, threads);
  run<float>(s, [&](data<float>& d, std::size_t n) {
    const Eigen::TensorMap<const Eigen::Tensor<float, 1>> x(d.x.data(), Eigen::Index(n));
    Eigen::TensorMap<Eigen::Tensor<float, 1>> y(d.y.data(), Eigen::Index(n));
    y.device(device) = golu::golu(x);
  });
}

BENCHMARK(array_forward)->Arg(kL2);
BENCHMARK(eigen_forward)->Arg(kL2);
BENCHMARK(array_backward)->Arg(kL2);
BENCHMARK(eigen_fused_backward)->Arg(kL2);
BENCHMARK(tensor_forward)->Args({kDram, 1})->UseRealTime();
BENCHMARK(tensor_forward)->Args({kDram, 2})->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  return golu_bench::run_main(argc, argv, [](const golu_bench::ratio_reporter& r) {
    const std::string l2 = "/" + std::to_string(kL2), dram = "/" + std::to_string(kDram);
    r.header();
    r.row("float", "65,536", "`y = golu::golu(x)` (Eigen) / `golu::forward`",
          r.time("eigen_forward" + l2) / r.time("array_forward" + l2), "<= 1.10");
    r.row("float", "65,536", "`dx = dy * golu::golu_grad(x)` (Eigen, fused) / `golu::backward`",
          r.time("eigen_fused_backward" + l2) / r.time("array_backward" + l2), "<= 1.00");
    r.row("float", "16 Mi", "Tensor on 1 thread / on 2 threads (speed-up)",
          r.time("tensor_forward" + dram + "/1/real_time") / r.time("tensor_forward" + dram + "/2/real_time"), "> 1");
    std::printf("\nTimes are medians over repetitions; SIMD: %s.\n", xsimd::default_arch::name());
  });
}
