// The core issue's speed check: GoLU against Eigen's Swish, the naive Eigen
// composition and a streaming copy, on the same data, in one run. Prints the
// median-time ratios as a Markdown table after the usual benchmark output.
//
// Run with repetitions, e.g.:
//   golu_ratios --benchmark_repetitions=9 --benchmark_min_time=0.1
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <golu/golu.hpp>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bench_data.hpp"
#include "ratio_reporter.hpp"

namespace {

using golu_bench::data;
using golu_bench::kDram;
using golu_bench::kL2;
using golu_bench::run;

template <class T>
void golu_forward(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t n) { golu::forward(golu::GoLU{}, d.x.data(), d.y.data(), n); });
}
template <class T>
void golu_backward(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t n) { golu::backward(golu::GoLU{}, d.x.data(), d.dy.data(), d.y.data(), n); });
}
template <class T>
void eigen_swish(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t) { d.y = d.x * d.x.logistic(); });
}
template <class T>
void eigen_naive_golu(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t) { d.y = d.x * (-(-d.x).exp()).exp(); });
}
template <class T>
void copy(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t n) { std::memcpy(d.y.data(), d.x.data(), n * sizeof(T)); });
}

#define GOLU_BENCH(fn, T, n) BENCHMARK_TEMPLATE(fn, T)->Arg(n)
GOLU_BENCH(golu_forward, float, kL2);
GOLU_BENCH(golu_backward, float, kL2);
GOLU_BENCH(eigen_swish, float, kL2);
GOLU_BENCH(eigen_naive_golu, float, kL2);
GOLU_BENCH(golu_forward, float, kDram);
GOLU_BENCH(copy, float, kDram);
GOLU_BENCH(golu_forward, double, kL2);
GOLU_BENCH(golu_backward, double, kL2);
GOLU_BENCH(eigen_swish, double, kL2);
GOLU_BENCH(eigen_naive_golu, double, kL2);
GOLU_BENCH(golu_forward, double, kDram);
GOLU_BENCH(copy, double, kDram);

}  // namespace

int main(int argc, char** argv) {
  return golu_bench::run_main(argc, argv, [](const golu_bench::ratio_reporter& r) {
    r.header();
    for (const char* T : {"float", "double"}) {
      const std::string l2 = "/" + std::to_string(kL2), dram = "/" + std::to_string(kDram);
      const auto t = [&](const char* fn, const std::string& n) { return r.time(std::string(fn) + "<" + T + ">" + n); };
      const bool f = std::strcmp(T, "float") == 0;
      const double swish = t("eigen_swish", l2);
      r.row(T, "65,536", "GoLU forward / Eigen Swish `x * x.logistic()`", t("golu_forward", l2) / swish,
            f ? "<= 1.5" : "report");
      r.row(T, "65,536", "GoLU backward / Eigen Swish forward", t("golu_backward", l2) / swish, f ? "<= 2" : "report");
      r.row(T, "65,536", "naive Eigen `x * (-(-x).exp()).exp()` / Eigen Swish", t("eigen_naive_golu", l2) / swish,
            "(scale)");
      r.row(T, "16 Mi", "GoLU forward / streaming copy", t("golu_forward", dram) / t("copy", dram),
            f ? "<= 1.1" : "report");
    }
    std::printf("\nTimes are medians over repetitions; SIMD: %s.\n", xsimd::default_arch::name());
  });
}
