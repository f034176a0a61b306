// Exhaustive accuracy of the baseline activations over all 2^32 floats, through
// the array API, against double-precision references built on the C library
// (their error is far below a float ULP). The derivative's bound is scaled by the
// condition number of its final sum (s + s*z*(1-s) for Swish, g + x*g' for
// Mish, ...), which is 1 away from the derivative's zeros.
//
// Bounds (issue #4): forward <= 4 ULP, derivative <= 8 ULP times that condition
// number. Exit status 1 if any bound fails.
// Usage: golu_exhaustive_activations [threads [activation]]
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <golu/activations.hpp>
#include <golu/array.hpp>
#include <thread>
#include <vector>

#include "../support/float_sweep.hpp"
#include "../support/ulp.hpp"

namespace {

struct reference {
  double y, g, kappa;
};

double logistic(double z) {
  return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z));
}

reference ref_relu(double x) {
  return {x < 0 ? 0.0 : x, x > 0 ? 1.0 : 0.0, 1};
}
reference ref_leaky(double x) {
  return {x < 0 ? 0.01 * x : x, x < 0 ? 0.01 : 1.0, 1};
}
reference ref_elu(double x) {
  return {x > 0 ? x : std::expm1(x), x > 0 ? 1.0 : std::exp(x), 1};
}
reference ref_swish(double x) {
  const double s = logistic(x), t2 = s * x * (1 - s);
  const double g = s + t2;
  return {x * s, g, g != 0 ? (std::fabs(s) + std::fabs(t2)) / std::fabs(g) : 1};
}
// x*x is exact for a float x; the rounding of x/sqrt2 moves erfc by ~2^-45 at most.
reference ref_gelu(double x) {
  const double phi_cdf = 0.5 * std::erfc(-x * 0.70710678118654752440);
  const double t2 = x * 0.39894228040143267794 * std::exp(-0.5 * (x * x));
  const double g = phi_cdf + t2;
  return {x * phi_cdf, g, g != 0 ? (std::fabs(phi_cdf) + std::fabs(t2)) / std::fabs(g) : 1};
}
reference ref_gelu_tanh(double x) {
  const double c = golu::GELUTanh<>::c, k = golu::GELUTanh<>::k;
  const double z = 2 * c * x * (1 + k * x * x), dz = 2 * c * (1 + 3 * k * x * x);
  const double s = logistic(z), t2 = s * x * (1 - s) * dz;
  const double g = s + t2;
  return {x * s, g, g != 0 ? (std::fabs(s) + std::fabs(t2)) / std::fabs(g) : 1};
}
reference ref_mish(double x) {
  const double sp = x > 30 ? x : std::log1p(std::exp(x));
  const double t = std::tanh(sp), s = logistic(x);
  // 1 - tanh^2 without cancellation: 4e^-2sp / (1 + e^-2sp)^2.
  const double e = std::exp(-2 * sp), sech2 = 4 * e / ((1 + e) * (1 + e));
  const double t2 = x * sech2 * s, g = t + t2;
  return {x * t, g, g != 0 ? (std::fabs(t) + std::fabs(t2)) / std::fabs(g) : 1};
}

using worst = golu_test::worst_error<float>;

struct result {
  worst fwd, bwd;
};

template <class Act>
void sweep(const Act& act, reference (*ref)(double), std::uint64_t begin, std::uint64_t end, result& out) {
  result r;
  golu_test::sweep_floats(act, begin, end, [&](const float* x, const float* y, const float* g, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(x[i])) continue;  // special values have unit tests
      const reference want = ref(double(x[i]));
      r.fwd.note(golu_test::ulp_error<float>(y[i], want.y), x[i]);
      r.bwd.note(golu_test::ulp_error<float>(g[i], want.g) / std::fmax(1.0, want.kappa), x[i]);
    }
  });
  out = r;
}

const char* only = nullptr;  // one activation's name, or all

template <class Act>
bool check(const char* name, const Act& act, reference (*ref)(double), unsigned threads) {
  if (only && std::strcmp(only, name) != 0) return true;
  const std::uint64_t total = std::uint64_t(1) << 32;
  std::vector<result> parts(threads);
  std::vector<std::thread> pool;
  for (unsigned k = 0; k < threads; ++k)
    pool.emplace_back([&, k] { sweep(act, ref, total * k / threads, total * (k + 1) / threads, parts[k]); });
  for (auto& t : pool) t.join();
  result all;
  for (const auto& p : parts) {
    all.fwd.note(p.fwd.err, p.fwd.x);
    all.bwd.note(p.bwd.err, p.bwd.x);
  }
  const bool ok = all.fwd.err <= 4 && all.bwd.err <= 8;
  std::printf("| %s | %.3f (x = %a) | %.3f (x = %a) | %s |\n", name, all.fwd.err, all.fwd.x, all.bwd.err, all.bwd.x,
              ok ? "ok" : "FAIL");
  std::fflush(stdout);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  if (argc > 2) only = argv[2];
  std::printf("float, all finite inputs, array API (%s):\n\n", xsimd::default_arch::name());
  std::printf("| activation | forward max ULP | derivative max ULP / condition | bounds 4, 8 |\n|---|---|---|---|\n");
  bool ok = true;
  ok &= check("ReLU", golu::ReLU{}, ref_relu, threads);
  ok &= check("LeakyReLU", golu::LeakyReLU{}, ref_leaky, threads);
  ok &= check("ELU", golu::ELU{}, ref_elu, threads);
  ok &= check("Swish", golu::Swish{}, ref_swish, threads);
  ok &= check("GELU", golu::GELU{}, ref_gelu, threads);
  ok &= check("GELUTanh", golu::GELUTanh{}, ref_gelu_tanh, threads);
  ok &= check("Mish", golu::Mish{}, ref_mish, threads);
  std::printf("\nbounds: %s\n", ok ? "ok" : "FAIL");
  return ok ? 0 : 1;
}
