// GoLU's speed check: both accuracy levels against Eigen's Swish (forward and
// backward), the naive Eigen composition and memcpy, on the same data, in one run. Prints the
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

// Both accuracy levels; "general" is GoLU{1, 1.5, 0.8}, whose kernel takes the
// parameters folded into its exponentials' constants, and "split" GoLU{1, 5, 1},
// whose b > 4 adds the split kernel's 3 instructions (detail/gompertz_fast.hpp). (A
// larger b would time something else: with b = 50, N(0, 1) inputs below about
// -0.5 give subnormal results, each vector of them a microcode assist, 13x slower.)
template <class T, class Level>
void golu_forward(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t n) { golu::forward(golu::GoLU<Level>{}, d.x.data(), d.y.data(), n); });
}
template <class T, class Level>
void golu_forward_general(benchmark::State& s) {
  const golu::GoLU<Level> act{1.0, 1.5, 0.8};
  run<T>(s, [&](data<T>& d, std::size_t n) { golu::forward(act, d.x.data(), d.y.data(), n); });
}
template <class T, class Level>
void golu_forward_split(benchmark::State& s) {
  const golu::GoLU<Level> act{1.0, 5.0, 1.0};
  run<T>(s, [&](data<T>& d, std::size_t n) { golu::forward(act, d.x.data(), d.y.data(), n); });
}
template <class T, class Level>
void golu_backward(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t n) {
    golu::backward(golu::GoLU<Level>{}, d.x.data(), d.dy.data(), d.y.data(), n);
  });
}
template <class T>
void eigen_swish(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t) { d.y = d.x * d.x.logistic(); });
}
// Swish's backward as an Eigen user writes it, dy * (s + x s (1 - s)), with the
// logistic evaluated once into a buffer (as an unevaluated expression Eigen would
// compute it three times per element).
template <class T>
void eigen_swish_backward(benchmark::State& s) {
  golu_bench::Array<T> sig;
  run<T>(s, [&](data<T>& d, std::size_t) {
    sig = d.x.logistic();
    d.y = d.dy * (sig + d.x * sig * (T(1) - sig));
  });
}
template <class T>
void eigen_naive_golu(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t) { d.y = d.x * (-(-d.x).exp()).exp(); });
}
template <class T>
void copy(benchmark::State& s) {
  run<T>(s, [](data<T>& d, std::size_t n) { std::memcpy(d.y.data(), d.x.data(), n * sizeof(T)); });
}

using golu::exact;
using golu::fast;
#define GOLU_BENCH(fn, n, ...) BENCHMARK_TEMPLATE(fn, __VA_ARGS__)->Arg(n)
#define GOLU_BENCH_TYPE(T)                        \
  GOLU_BENCH(golu_forward, kL2, T, fast);         \
  GOLU_BENCH(golu_forward_general, kL2, T, fast); \
  GOLU_BENCH(golu_forward_split, kL2, T, fast);   \
  GOLU_BENCH(golu_backward, kL2, T, fast);        \
  GOLU_BENCH(golu_forward, kL2, T, exact);        \
  GOLU_BENCH(golu_backward, kL2, T, exact);       \
  GOLU_BENCH(eigen_swish, kL2, T);                \
  GOLU_BENCH(eigen_swish_backward, kL2, T);       \
  GOLU_BENCH(eigen_naive_golu, kL2, T);           \
  GOLU_BENCH(golu_forward, kDram, T, fast);       \
  GOLU_BENCH(golu_forward, kDram, T, exact);      \
  GOLU_BENCH(copy, kDram, T)
GOLU_BENCH_TYPE(float);
GOLU_BENCH_TYPE(double);

}  // namespace

int main(int argc, char** argv) {
  return golu_bench::run_main(argc, argv, [](const golu_bench::ratio_reporter& r) {
    r.header();
    for (const char* T : {"float", "double"}) {
      const std::string l2 = "/" + std::to_string(kL2), dram = "/" + std::to_string(kDram);
      const auto t = [&](const char* fn, const char* level, const std::string& n) {
        return r.time(std::string(fn) + "<" + T + (*level ? std::string(", ") + level : "") + ">" + n);
      };
      const bool f = std::strcmp(T, "float") == 0;
      const double swish = t("eigen_swish", "", l2), swish_bwd = t("eigen_swish_backward", "", l2);
      r.row(T, "65,536", "fast GoLU forward / Eigen Swish `x * x.logistic()`", t("golu_forward", "fast", l2) / swish,
            f ? "<= 1.25" : "<= 1.5");
      r.row(T, "65,536", "fast GoLU backward / Eigen Swish backward `dy * (s + x s (1 - s))`",
            t("golu_backward", "fast", l2) / swish_bwd, f ? "<= 1.2" : "report");
      r.row(T, "65,536", "fast GoLU{1, 1.5, 0.8} forward / fast GoLU{} forward",
            t("golu_forward_general", "fast", l2) / t("golu_forward", "fast", l2), "<= 1.1");
      r.row(T, "65,536", "fast GoLU{1, 5, 1} forward (split kernel) / fast GoLU{} forward",
            t("golu_forward_split", "fast", l2) / t("golu_forward", "fast", l2), "report");
      r.row(T, "65,536", "exact GoLU forward / Eigen Swish", t("golu_forward", "exact", l2) / swish,
            f ? "<= 2.3" : "report");
      r.row(T, "65,536", "exact GoLU backward / Eigen Swish backward", t("golu_backward", "exact", l2) / swish_bwd,
            f ? "<= 2.2" : "report");
      r.row(T, "65,536", "naive Eigen `x * (-(-x).exp()).exp()` / Eigen Swish", t("eigen_naive_golu", "", l2) / swish,
            "(scale)");
      r.row(T, "16 Mi", "fast GoLU forward / `memcpy`", t("golu_forward", "fast", dram) / t("copy", "", dram),
            f ? "<= 1.1" : "report");
      r.row(T, "16 Mi", "exact GoLU forward / `memcpy`", t("golu_forward", "exact", dram) / t("copy", "", dram),
            "report");
    }
    std::printf("\nTimes are medians over repetitions; SIMD: %s.\n", xsimd::default_arch::name());
  });
}
