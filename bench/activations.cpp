// The comparison suite: every golu activation, forward and backward, float and
// double, at 4 Ki (L1), 64 Ki (L2) and 16 Mi (DRAM) elements, beside the peers on
// the same data: Eigen's built-in forms, a naive scalar std::exp loop, and a
// streaming copy, and, when built with oneDNN (libdnnl-dev; GOLU_BENCH_HAVE_DNNL),
// oneDNN's eltwise primitives forward and backward. Everything runs on one thread.
// Ends with every row as a ratio to Eigen's Swish and to the copy (Markdown);
// tools/bench_report.py turns the --benchmark_out JSON into the same table, a table
// of golu against each peer, and a PNG chart.
//   golu_activations --benchmark_repetitions=5 --benchmark_min_time=0.05
#include <cmath>
#include <cstdio>
#include <cstring>
#include <golu/activation_list.hpp>
#include <golu/golu.hpp>
#include <string>
#include <type_traits>
#include <unsupported/Eigen/SpecialFunctions>
#include <vector>

#include "bench_data.hpp"
#include "ratio_reporter.hpp"

#ifdef GOLU_BENCH_HAVE_DNNL
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>
#endif

namespace {

using golu_bench::data;
using golu_bench::run;

constexpr std::size_t kSizes[] = {std::size_t(1) << 12, std::size_t(1) << 16, std::size_t(1) << 24};

// Rows "golu/<name>/..." are the default (fast) level, "golu-exact/<name>/..." the exact one.
template <class T, class Act>
void register_golu(const char* name, const Act& act) {
  // The exact level at 64 Ki elements only, beside the fast one at every size.
  const bool exact = std::is_same<typename Act::level, golu::exact>::value;
  const std::string lib = exact ? "golu-exact/" : "golu/";
  for (std::size_t n : kSizes) {
    if (exact && n != (std::size_t(1) << 16)) continue;
    const std::string t = sizeof(T) == 4 ? "float" : "double";
    benchmark::RegisterBenchmark((lib + name + "/forward/" + t).c_str(), [act](benchmark::State& s) {
      run<T>(s, [&](data<T>& d, std::size_t k) { golu::forward(act, d.x.data(), d.y.data(), k); });
    })->Arg(int64_t(n));
    benchmark::RegisterBenchmark((lib + name + "/backward/" + t).c_str(), [act](benchmark::State& s) {
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
  golu::for_each_activation<golu::fast>([](const auto& act) { register_golu<T>(act.name, act); });
  golu::for_each_activation<golu::exact>([](const auto& act) { register_golu<T>(act.name, act); });

  const T c = T(0.79788456080286535588), k = T(0.044715), inv_sqrt2 = T(0.70710678118654752440);
  register_peer<T>("eigen/Swish/forward", [](data<T>& d, std::size_t) { d.y = d.x * d.x.logistic(); });
  register_peer<T>("eigen/GELU/forward",
                   [=](data<T>& d, std::size_t) { d.y = T(0.5) * d.x * (T(1) + (d.x * inv_sqrt2).erf()); });
  register_peer<T>("eigen/GELUTanh/forward",
                   [=](data<T>& d, std::size_t) { d.y = T(0.5) * d.x * (T(1) + (c * (d.x + k * d.x.cube())).tanh()); });
  const T quick = T(golu::QuickGELU<>::beta);
  register_peer<T>("eigen/QuickGELU/forward", [=](data<T>& d, std::size_t) { d.y = d.x * (quick * d.x).logistic(); });
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

#ifdef GOLU_BENCH_HAVE_DNNL
// oneDNN's eltwise primitives, float only: oneDNN 2.x has no f64 data type, so
// there are no double rows. Each benchmark makes its primitive and the memory
// objects wrapping the shared data before the timed loop, which then only runs
// execute and wait. Before the first timing of each row, one execution is checked
// against golu's result for the same activation on the same data (scalar calls,
// bit-identical to the array API), so a row that computes something else fails
// instead of reporting a time.
namespace onednn {

const dnnl::engine& engine() {
  static const dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

// Every row runs on one thread; oneDNN takes its thread count from the OpenMP
// runtime it was built with (Debian: libgomp), which this binary does not link
// itself, so the runtime's own functions are looked up where oneDNN loaded them.
void single_thread() {
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
  const auto set = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  const auto get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "omp_get_max_threads"));
  if (set) set(1);
  if (!set || !get || get() != 1) {
    std::fprintf(stderr, "golu_activations: cannot make oneDNN's OpenMP runtime single-threaded\n");
    std::exit(1);
  }
#endif
}

// Whether got[i] is close to want(i) for every i < n: |got - want| / (|want| + 2^-10),
// a relative difference that turns absolute near zero, at most 2e-3. oneDNN's
// approximations stay within 1e-3 of golu on the benchmark data (their worst,
// GELUTanh backward, is cancellation in the negative tail), while a wrong function
// or parameter is far off: GELU-tanh in place of the exact GELU, for one, is 0.08.
template <class Want>
bool matches(const float* got, std::size_t n, Want want) {
  for (std::size_t i = 0; i < n; ++i) {
    const double w = want(i);
    if (!(std::abs(got[i] - w) <= 2e-3 * (std::abs(w) + 0x1p-10))) return false;
  }
  return true;
}

template <class Act>
void register_activation(const char* name, dnnl::algorithm alg, float alpha, const Act& act) {
  using dnnl::memory;
  using dnnl::prop_kind;
  for (std::size_t n : kSizes) {
    // Each row checks its first run's result; later runs (repetitions) only time.
    const auto forward_checked = std::make_shared<bool>(false), backward_checked = std::make_shared<bool>(false);
    benchmark::RegisterBenchmark((std::string("onednn/") + name + "/forward/float").c_str(), [=](benchmark::State& s) {
      const std::size_t k = std::size_t(s.range(0));
      data<float>& d = golu_bench::shared<float>(k);
      const memory::desc md({memory::dim(k)}, memory::data_type::f32, memory::format_tag::a);
      const dnnl::eltwise_forward prim(
          dnnl::eltwise_forward::primitive_desc({prop_kind::forward_inference, alg, md, alpha, 0.f}, engine()));
      const std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(md, engine(), d.x.data())},
                                                 {DNNL_ARG_DST, memory(md, engine(), d.y.data())}};
      dnnl::stream stream(engine());
      prim.execute(stream, args);
      stream.wait();
      if (!*forward_checked && !matches(d.y.data(), k, [&](std::size_t i) { return act(d.x[Eigen::Index(i)]); }))
        return s.SkipWithError("differs from golu");
      *forward_checked = true;
      run<float>(s, [&](data<float>&, std::size_t) {
        prim.execute(stream, args);
        stream.wait();
      });
    })->Arg(int64_t(n));
    benchmark::RegisterBenchmark((std::string("onednn/") + name + "/backward/float").c_str(), [=](benchmark::State& s) {
      const std::size_t k = std::size_t(s.range(0));
      data<float>& d = golu_bench::shared<float>(k);
      const memory::desc md({memory::dim(k)}, memory::data_type::f32, memory::format_tag::a);
      const dnnl::eltwise_forward::primitive_desc hint({prop_kind::forward_training, alg, md, alpha, 0.f}, engine());
      const dnnl::eltwise_backward prim(
          dnnl::eltwise_backward::primitive_desc({alg, md, md, alpha, 0.f}, engine(), hint));
      const std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(md, engine(), d.x.data())},
                                                 {DNNL_ARG_DIFF_DST, memory(md, engine(), d.dy.data())},
                                                 {DNNL_ARG_DIFF_SRC, memory(md, engine(), d.y.data())}};
      dnnl::stream stream(engine());
      prim.execute(stream, args);
      stream.wait();
      if (!*backward_checked && !matches(d.y.data(), k, [&](std::size_t i) {
            return d.dy[Eigen::Index(i)] * act.grad(d.x[Eigen::Index(i)]);
          }))
        return s.SkipWithError("differs from golu");
      *backward_checked = true;
      run<float>(s, [&](data<float>&, std::size_t) {
        prim.execute(stream, args);
        stream.wait();
      });
    })->Arg(int64_t(n));
  }
}

void register_all() {
  using dnnl::algorithm;
  register_activation("Swish", algorithm::eltwise_swish, 1.f, golu::Swish{});  // alpha: Swish's beta
  register_activation("GELU", algorithm::eltwise_gelu_erf, 0.f, golu::GELU{});
  register_activation("GELUTanh", algorithm::eltwise_gelu_tanh, 0.f, golu::GELUTanh{});
  register_activation("Mish", algorithm::eltwise_mish, 0.f, golu::Mish{});
  // alpha: Swish's beta, QuickGELU's 1.702 (rounded to float, as golu's fast float kernels take it)
  register_activation("QuickGELU", algorithm::eltwise_swish, float(golu::QuickGELU<>::beta), golu::QuickGELU{});
  register_activation("ELU", algorithm::eltwise_elu, 1.f, golu::ELU{});     // alpha: ELU's alpha
  register_activation("ReLU", algorithm::eltwise_relu, 0.f, golu::ReLU{});  // alpha: negative slope
}

}  // namespace onednn
#endif

}  // namespace

int main(int argc, char** argv) {
#ifdef GOLU_BENCH_HAVE_DNNL
  onednn::single_thread();
#endif
  register_all<float>();
#ifdef GOLU_BENCH_HAVE_DNNL
  onednn::register_all();
#endif
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
