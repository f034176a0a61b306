// Shared benchmark data: standard-normal inputs (like pre-activations) with a fixed
// seed, made once per size and type, and a loop that reports items and bytes.
#pragma once

#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <map>
#include <random>

namespace golu_bench {

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

}  // namespace golu_bench
