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

namespace {

constexpr std::size_t kL2 = std::size_t(1) << 16;    // 65,536 elements
constexpr std::size_t kDram = std::size_t(1) << 24;  // 16 Mi elements

template <class T>
using Array = Eigen::Array<T, Eigen::Dynamic, 1>;

// Inputs like pre-activations: standard normal, fixed seed.
template <class T>
struct data {
  Array<T> x, dy, y;
  explicit data(std::size_t n) : x(n), dy(n), y(Array<T>::Zero(Eigen::Index(n))) {
    std::mt19937 rng(42);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      x[Eigen::Index(i)] = T(normal(rng));
      dy[Eigen::Index(i)] = T(normal(rng));
    }
  }
};

template <class T>
data<T>& shared(std::size_t n) {
  static std::map<std::size_t, data<T>> cache;
  auto it = cache.find(n);
  if (it == cache.end()) it = cache.emplace(n, data<T>(n)).first;
  return it->second;
}

template <class T, class F>
void run(benchmark::State& state, F&& f) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  data<T>& d = shared<T>(n);
  for (auto _ : state) {
    f(d, n);
    benchmark::DoNotOptimize(d.y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * 2 * sizeof(T)));
}

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

// Collects the median (or, without repetitions, the only) time of each benchmark.
class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      const std::string name = r.run_name.str();
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median") {
        median_[name] = r.GetAdjustedRealTime();
      } else if (r.run_type == Run::RT_Iteration && !median_.count(name)) {
        single_[name] = r.GetAdjustedRealTime();
      }
    }
  }

  double time(const std::string& name) const {
    auto it = median_.find(name);
    if (it != median_.end()) return it->second;
    auto jt = single_.find(name);
    return jt != single_.end() ? jt->second : NAN;
  }

  void print_summary() const {
    std::printf("\n| type | size | measured | ratio | goal |\n|---|---|---|---|---|\n");
    for (const char* T : {"float", "double"}) {
      const std::string l2 = "/" + std::to_string(kL2), dram = "/" + std::to_string(kDram);
      const auto t = [&](const char* fn, const std::string& n) { return time(std::string(fn) + "<" + T + ">" + n); };
      const bool f = std::strcmp(T, "float") == 0;
      const double swish = t("eigen_swish", l2);
      row(T, "65,536", "GoLU forward / Eigen Swish `x * x.logistic()`", t("golu_forward", l2) / swish,
          f ? "<= 1.5" : "report");
      row(T, "65,536", "GoLU backward / Eigen Swish forward", t("golu_backward", l2) / swish, f ? "<= 2" : "report");
      row(T, "65,536", "naive Eigen `x * (-(-x).exp()).exp()` / Eigen Swish", t("eigen_naive_golu", l2) / swish,
          "(scale)");
      row(T, "16 Mi", "GoLU forward / streaming copy", t("golu_forward", dram) / t("copy", dram),
          f ? "<= 1.1" : "report");
    }
    std::printf("\nTimes are medians over repetitions; SIMD: %s.\n", xsimd::default_arch::name());
  }

 private:
  static void row(const char* T, const char* n, const char* what, double ratio, const char* goal) {
    std::printf("| %s | %s | %s | %.2f | %s |\n", T, n, what, ratio, goal);
  }
  std::map<std::string, double> median_, single_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_summary();
  benchmark::Shutdown();
  return 0;
}
