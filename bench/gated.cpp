// Gated units (golu/gated.hpp) against their parts and their peers, float, one
// thread, in one run: fused GoGLU against GoLU alone, the two-pass form (forward
// into a buffer, then a multiplication) and the memory bound of its streams; fused
// SwiGLU against Eigen's `(a * a.logistic()) * b`. Prints the median-time ratios
// with the goals of the gated-units issue.
//
//   golu_gated --benchmark_repetitions=9 --benchmark_min_time=0.1
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstdio>
#include <golu/activations.hpp>
#include <golu/golu.hpp>
#include <map>
#include <random>
#include <string>

#include "bench_data.hpp"
#include "ratio_reporter.hpp"

namespace {

using golu_bench::Array;
using golu_bench::kDram;
using golu_bench::kL2;

// gate and dy standard normal (bench_data.hpp), up uniform in [-1, 1]; two outputs
// and a buffer for the two-pass form.
struct gated_data {
  golu_bench::data<float>& base;
  Array<float> up, y2, buf;
  explicit gated_data(std::size_t n)
      : base(golu_bench::shared<float>(n)),
        up(Eigen::Index(n)),
        y2(Array<float>::Zero(Eigen::Index(n))),
        buf(Eigen::Index(n)) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-1, 1);
    for (Eigen::Index i = 0; i < up.size(); ++i) up[i] = u(rng);
  }
};

gated_data& shared_gated(std::size_t n) {
  static std::map<std::size_t, gated_data> cache;
  auto it = cache.find(n);
  if (it == cache.end()) it = cache.emplace(n, gated_data(n)).first;
  return it->second;
}

template <class F>
void run(benchmark::State& state, F&& f) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  gated_data& d = shared_gated(n);
  for (auto _ : state) {
    f(d, d.base, n);
    benchmark::DoNotOptimize(d.base.y.data());
    benchmark::DoNotOptimize(d.y2.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

using Base = golu_bench::data<float>;

template <class Act>
void fused_forward(benchmark::State& s) {
  run(s, [](gated_data& d, Base& b, std::size_t n) {
    golu::gated_forward(Act{}, b.x.data(), d.up.data(), b.y.data(), n);
  });
}
template <class Act>
void two_pass_forward(benchmark::State& s) {
  run(s, [](gated_data& d, Base& b, std::size_t n) {
    golu::forward(Act{}, b.x.data(), d.buf.data(), n);
    b.y = d.buf * d.up;
  });
}
template <class Act>
void alone_forward(benchmark::State& s) {
  run(s, [](gated_data&, Base& b, std::size_t n) { golu::forward(Act{}, b.x.data(), b.y.data(), n); });
}
template <class Act>
void fused_backward(benchmark::State& s) {
  run(s, [](gated_data& d, Base& b, std::size_t n) {
    golu::gated_backward(Act{}, b.x.data(), d.up.data(), b.dy.data(), b.y.data(), d.y2.data(), n);
  });
}
template <class Act>
void alone_backward(benchmark::State& s) {
  run(s, [](gated_data&, Base& b, std::size_t n) { golu::backward(Act{}, b.x.data(), b.dy.data(), b.y.data(), n); });
}
// y = a * b: the streams of the forward (read 2, write 1) and the dup stream.
void multiply(benchmark::State& s) {
  run(s, [](gated_data& d, Base& b, std::size_t) { b.y = b.x * d.up; });
}
void eigen_swiglu(benchmark::State& s) {
  run(s, [](gated_data& d, Base& b, std::size_t) { b.y = (b.x * b.x.logistic()) * d.up; });
}

using GoLUf = golu::GoLU<golu::fast>;
using Swishf = golu::Swish<golu::fast>;
using GELUf = golu::GELU<golu::fast>;
BENCHMARK_TEMPLATE(fused_forward, GoLUf)->Arg(kL2);
BENCHMARK_TEMPLATE(two_pass_forward, GoLUf)->Arg(kL2);
BENCHMARK_TEMPLATE(alone_forward, GoLUf)->Arg(kL2);
BENCHMARK_TEMPLATE(fused_backward, GoLUf)->Arg(kL2);
BENCHMARK_TEMPLATE(alone_backward, GoLUf)->Arg(kL2);
BENCHMARK(multiply)->Arg(kL2);
BENCHMARK_TEMPLATE(fused_forward, Swishf)->Arg(kL2);
BENCHMARK_TEMPLATE(fused_backward, Swishf)->Arg(kL2);
BENCHMARK_TEMPLATE(fused_forward, GELUf)->Arg(kL2);
BENCHMARK(eigen_swiglu)->Arg(kL2);
BENCHMARK_TEMPLATE(fused_forward, GoLUf)->Arg(kDram);
BENCHMARK(multiply)->Arg(kDram);

}  // namespace

int main(int argc, char** argv) {
  return golu_bench::run_main(argc, argv, [](const golu_bench::ratio_reporter& r) {
    const std::string l2 = "/" + std::to_string(kL2), dram = "/" + std::to_string(kDram);
    const auto t = [&](const std::string& fn, const std::string& n) { return r.time(fn + n); };
    const double goglu = t("fused_forward<GoLUf>", l2), goglu_bwd = t("fused_backward<GoLUf>", l2);
    r.header();
    r.row("float", "65,536", "fused GoGLU forward / fast GoLU forward alone", goglu / t("alone_forward<GoLUf>", l2),
          "<= 1.1");
    r.row("float", "65,536", "fused GoGLU forward / two-pass (GoLU into a buffer, then `buf * up`)",
          goglu / t("two_pass_forward<GoLUf>", l2), "<= 0.75");
    r.row("float", "65,536", "fused GoGLU backward / (fast GoLU backward + `y = a * b`)",
          goglu_bwd / (t("alone_backward<GoLUf>", l2) + t("multiply", l2)), "<= 1.1");
    r.row("float", "65,536", "fused GoGLU forward / fused SwiGLU forward", goglu / t("fused_forward<Swishf>", l2),
          "<= 1.3");
    r.row("float", "65,536", "fused GoGLU backward / fused SwiGLU backward",
          goglu_bwd / t("fused_backward<Swishf>", l2), "report");
    r.row("float", "65,536", "fused SwiGLU forward / Eigen `(a * a.logistic()) * b`",
          t("fused_forward<Swishf>", l2) / t("eigen_swiglu", l2), "<= 1.0");
    r.row("float", "65,536", "fused GeGLU forward / fused GoGLU forward", t("fused_forward<GELUf>", l2) / goglu,
          "report");
    r.row("float", "16 Mi", "fused GoGLU forward / `y = a * b` (read 2, write 1)",
          t("fused_forward<GoLUf>", dram) / t("multiply", dram), "<= 1.1");
    std::printf("\nTimes are medians over repetitions; SIMD: %s.\n", xsimd::default_arch::name());
  });
}
