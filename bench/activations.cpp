// The comparison suite: every golu activation, forward and backward, float and
// double, at 4 Ki (L1), 64 Ki (L2) and 16 Mi (DRAM) elements, beside the peers on
// the same data: Eigen's built-in forms, a naive scalar std::exp loop, and a
// streaming copy. Ends with every row as a ratio to Eigen's Swish and to the copy
// (Markdown); tools/bench_report.py turns the --benchmark_out JSON into the same
// table and a PNG chart.
//   golu_activations --benchmark_repetitions=5 --benchmark_min_time=0.05
#include <cmath>
#include <cstdio>
#include <cstring>
#include <golu/activations.hpp>
#include <golu/golu.hpp>
#include <string>
#include <unsupported/Eigen/SpecialFunctions>
#include <vector>

#include "bench_data.hpp"
#include "ratio_reporter.hpp"

namespace {

using golu_bench::data;
using golu_bench::run;

constexpr std::size_t kSizes[] = {std::size_t(1) << 12, std::size_t(1) << 16, std::size_t(1) << 24};

template <class T, class Act>
void register_golu(const char* name, const Act& act) {
  for (std::size_t n : kSizes) {
    const std::string t = sizeof(T) == 4 ? "float" : "double";
    benchmark::RegisterBenchmark((std::string("golu/") + name + "/forward/" + t).c_str(), [act](benchmark::State& s) {
      run<T>(s, [&](data<T>& d, std::size_t k) { golu::forward(act, d.x.data(), d.y.data(), k); });
    })->Arg(int64_t(n));
    benchmark::RegisterBenchmark((std::string("golu/") + name + "/backward/" + t).c_str(), [act](benchmark::State& s) {
      run<T>(s, [&](data<T>& d, std::size_t k) { golu::backward(act, d.x.data(), d.dy.data(), d.y.data(), k); });
    })->Arg(int64_t(n));
  }
}

template <class T, class F>
void register_peer(const std::string& name, F f) {
  const std::string t = sizeof(T) == 4 ? "float" : "double";
  for (std::size_t n : kSizes) {
    benchmark::RegisterBenchmark((name + "/" + t).c_str(), [f](benchmark::State& s) { run<T>(s, f); })->Arg(int64_t(n));
  }
}

template <class T>
void register_all() {
  register_golu<T>("GoLU", golu::GoLU{});
  register_golu<T>("Swish", golu::Swish{});
  register_golu<T>("GELUTanh", golu::GELUTanh{});
  register_golu<T>("Mish", golu::Mish{});
  register_golu<T>("ELU", golu::ELU{});
  register_golu<T>("LeakyReLU", golu::LeakyReLU{});
  register_golu<T>("ReLU", golu::ReLU{});

  const T c = T(0.79788456080286535588), k = T(0.044715), inv_sqrt2 = T(0.70710678118654752440);
  register_peer<T>("eigen/Swish/forward", [](data<T>& d, std::size_t) { d.y = d.x * d.x.logistic(); });
  register_peer<T>("eigen/GELU/forward",
                   [=](data<T>& d, std::size_t) { d.y = T(0.5) * d.x * (T(1) + (d.x * inv_sqrt2).erf()); });
  register_peer<T>("eigen/GELUTanh/forward",
                   [=](data<T>& d, std::size_t) { d.y = T(0.5) * d.x * (T(1) + (c * (d.x + k * d.x.cube())).tanh()); });
  register_peer<T>("eigen/Mish/forward", [](data<T>& d, std::size_t) { d.y = d.x * d.x.exp().log1p().tanh(); });
  register_peer<T>("eigen/ELU/forward",
                   [](data<T>& d, std::size_t) { d.y = (d.x > T(0)).select(d.x, d.x.exp() - T(1)); });
  register_peer<T>("eigen/ReLU/forward", [](data<T>& d, std::size_t) { d.y = d.x.max(T(0)); });
  register_peer<T>("eigen/GoLU/forward", [](data<T>& d, std::size_t) { d.y = d.x * (-(-d.x).exp()).exp(); });
  // What people write by hand.
  register_peer<T>("naive/GoLU/forward", [](data<T>& d, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      d.y[Eigen::Index(i)] = d.x[Eigen::Index(i)] * std::exp(-std::exp(-d.x[Eigen::Index(i)]));
  });
  register_peer<T>("naive/Swish/forward", [](data<T>& d, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      d.y[Eigen::Index(i)] = d.x[Eigen::Index(i)] / (T(1) + std::exp(-d.x[Eigen::Index(i)]));
  });
  register_peer<T>("copy", [](data<T>& d, std::size_t n) { std::memcpy(d.y.data(), d.x.data(), n * sizeof(T)); });
}

}  // namespace

int main(int argc, char** argv) {
  register_all<float>();
  register_all<double>();
  return golu_bench::run_main(argc, argv, [](const golu_bench::ratio_reporter& r) {
    std::printf("\n| benchmark | type | n | / Eigen Swish | / copy |\n|---|---|---|---|---|\n");
    for (const char* t : {"float", "double"}) {
      for (std::size_t n : kSizes) {
        const std::string sz = "/" + std::to_string(n);
        const double swish = r.time(std::string("eigen/Swish/forward/") + t + sz);
        const double copy = r.time(std::string("copy/") + t + sz);
        for (const std::string& name : r.names()) {
          const std::string suffix = std::string("/") + t + sz;
          if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
          const double v = r.time(name);
          std::printf("| %s | %s | %zu | %.3f | %.3f |\n", name.substr(0, name.size() - suffix.size()).c_str(), t, n,
                      v / swish, v / copy);
        }
      }
    }
    std::printf("\nTimes are medians over repetitions; SIMD: %s.\n", xsimd::default_arch::name());
  });
}
