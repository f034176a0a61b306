// golu::dispatch from a program built with the compiler's default flags (x86-64
// baseline, no -march): which instruction set ran, and that its results meet the
// accuracy bounds for every activation at both levels, float and double.
//
// Environment (set per ctest test, see tests/CMakeLists.txt):
//  - GOLU_TEST_EXPECT_ISA: the name isa() must return ("avx512", "avx2", "sse2",
//    "neon"), or "error" when GOLU_ISA is invalid and every call must throw;
//  - GOLU_TEST_SAMPLES: random inputs per case (fewer under qemu);
//  - GOLU_ISA: the cap under test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <golu/activation_list.hpp>
#include <golu/array.hpp>
#include <golu/dispatch.hpp>
#include <golu/half.hpp>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "../support/bits.hpp"
#include "../support/mpfr_activations.hpp"
#include "../support/mpfr_bounds.hpp"
#include "../support/probe_inputs.hpp"
#include "../support/ulp.hpp"

namespace {

using golu_test::ulp_error;
using mp = golu_test::mpfr_activations;

std::string expected_isa() {
  const char* e = std::getenv("GOLU_TEST_EXPECT_ISA");
  return e ? e : "";
}

bool expect_error() {
  return expected_isa() == "error";
}

std::size_t samples() {
  const char* e = std::getenv("GOLU_TEST_SAMPLES");
  return e ? static_cast<std::size_t>(std::strtoul(e, nullptr, 10)) : 20000;
}

TEST(Dispatch, ChoosesTheExpectedInstructionSet) {
  if (expect_error()) {
    EXPECT_THROW(golu::dispatch::isa(), std::invalid_argument);
    // Every call reports it, not only the first.
    float x = 1, y = 0;
    EXPECT_THROW(golu::dispatch::forward(golu::GoLU{}, &x, &y, 1), std::invalid_argument);
    EXPECT_THROW(golu::dispatch::isa(), std::invalid_argument);
    return;
  }
  const std::string want = expected_isa();
  if (want.empty()) GTEST_SKIP() << "GOLU_TEST_EXPECT_ISA not set";
  EXPECT_EQ(std::string(golu::dispatch::isa()), want);
}

// This file is built for the architecture's baseline (no -march).
#if defined(__aarch64__)
constexpr const char* baseline_isa = "neon";
#else
constexpr const char* baseline_isa = "sse2";
#endif

// Every activation at both levels and in both formats, its default object and one
// with non-default parameters where it has any.
template <class T, class Act>
void check_against_mpfr(const Act& act, const char* what) {
  const std::vector<T> x = golu_test::probe_inputs<T>(samples(), 11);
  std::vector<T> y(x.size()), g(x.size()), ones(x.size(), T(1));
  golu::dispatch::forward(act, x.data(), y.data(), x.size());
  golu::dispatch::backward(act, x.data(), ones.data(), g.data(), x.size());
  // The same calls through the header API of this translation unit's target.
  std::vector<T> y_here(x.size()), g_here(x.size());
  golu::forward(act, x.data(), y_here.data(), x.size());
  golu::backward(act, x.data(), ones.data(), g_here.data(), x.size());
  // The bounds the activation states (golu/bounds.hpp).
  mp ref;
  std::size_t differ_here = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const golu_test::errors_in_bounds e = golu_test::measure_against_bounds<T>(act, x[i], y[i], g[i], ref);
    EXPECT_LE(e.forward, e.forward_bound) << what << " forward at x = " << std::hexfloat << x[i];
    EXPECT_LE(e.derivative, e.derivative_bound) << what << " derivative at x = " << std::hexfloat << x[i];
    if (!golu_test::same_bits(y[i], y_here[i]) || !golu_test::same_bits(g[i], g_here[i])) ++differ_here;
  }
  // This file is built for the baseline: with the sse2 kernels the compiled code
  // and the header code are the same code, so the bits must be the same.
  if (std::string(golu::dispatch::isa()) == baseline_isa) {
    EXPECT_EQ(differ_here, 0u) << what << ": dispatch and header results differ on the baseline ISA";
  }
}

template <class Level>
void check_every_activation() {
  golu::for_each_activation<Level>([](const auto& act) {
    check_against_mpfr<float>(act, act.name);
    check_against_mpfr<double>(act, act.name);
  });
  const golu::GoLU<Level> golu_general{1.5, 0.75, 1.25};
  const golu::Swish<Level> swish{1.7};
  const golu::ELU<Level> elu{0.5};
  const golu::LeakyReLU<Level> leaky{0.2};
  check_against_mpfr<float>(golu_general, "GoLU(1.5, 0.75, 1.25)");
  check_against_mpfr<double>(golu_general, "GoLU(1.5, 0.75, 1.25)");
  check_against_mpfr<float>(swish, "Swish(1.7)");
  check_against_mpfr<double>(elu, "ELU(0.5)");
  check_against_mpfr<float>(leaky, "LeakyReLU(0.2)");
}

TEST(Dispatch, FastLevelMeetsItsBounds) {
  if (expect_error()) GTEST_SKIP() << "GOLU_ISA is invalid in this run";
  check_every_activation<golu::fast>();
}

TEST(Dispatch, ExactLevelMeetsItsBounds) {
  if (expect_error()) GTEST_SKIP() << "GOLU_ISA is invalid in this run";
  check_every_activation<golu::exact>();
}

// 16-bit arrays: the compiled kernels' float results for the widened inputs,
// rounded once (golu/half.hpp), for every activation, both levels, all 2^16 inputs.
template <class S, class Level>
void check_half_storage() {
  std::vector<S> x(65536), dy(65536);
  std::vector<float> xf(65536), dyf(65536);
  for (std::uint32_t b = 0; b < 65536; ++b) {
    x[b] = S{static_cast<std::uint16_t>(b)};
    dy[b] = S{static_cast<std::uint16_t>((b * 7919u) & 0xffffu)};
    xf[b] = golu::to_float(x[b]);
    dyf[b] = golu::to_float(dy[b]);
  }
  const auto round = [](float f) {
    if constexpr (std::is_same<S, golu::float16>::value) {
      return golu::to_float16(f).bits;
    } else {
      return golu::to_bfloat16(f).bits;
    }
  };
  // Which of two NaN operands a product returns is the compiler's choice: NaN matches any NaN.
  const auto same = [&](S got, float want) {
    return got.bits == round(want) || (std::isnan(want) && std::isnan(golu::to_float(got)));
  };
  golu::for_each_activation<Level>([&](const auto& act) {
    std::vector<S> y(x.size()), dx(x.size());
    std::vector<float> yf(x.size()), dxf(x.size());
    golu::dispatch::forward(act, x.data(), y.data(), x.size());
    golu::dispatch::forward(act, xf.data(), yf.data(), xf.size());
    golu::dispatch::backward(act, x.data(), dy.data(), dx.data(), x.size());
    golu::dispatch::backward(act, xf.data(), dyf.data(), dxf.data(), xf.size());
    std::size_t bad = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!same(y[i], yf[i]) || !same(dx[i], dxf[i])) {
        if (++bad <= 3)
          ADD_FAILURE() << act.name << " " << Level::name << " x = " << std::hexfloat << xf[i] << " dy = " << dyf[i]
                        << ": y " << std::hex << y[i].bits << " want " << round(yf[i]) << " (" << std::hexfloat << yf[i]
                        << "), dx " << std::hex << dx[i].bits << " want " << round(dxf[i]) << " (" << std::hexfloat
                        << dxf[i] << ")";
      }
    EXPECT_EQ(bad, 0u) << act.name << " " << Level::name;
  });
  const golu::GoLU<Level> act{1.5, 0.75, 1.25};
  const std::size_t n = 3000;  // finite inputs only: x[0, n) are small positives, used as dy too
  const auto got = golu::dispatch::param_grad(act, x.data(), x.data(), n);
  const auto want = golu::dispatch::param_grad(act, xf.data(), xf.data(), n);
  EXPECT_NE(want.alpha, 0.0);
  EXPECT_NEAR(got.alpha, want.alpha, 1e-12 * std::fabs(want.alpha));
  EXPECT_NEAR(got.beta, want.beta, 1e-12 * std::fabs(want.beta));
  EXPECT_NEAR(got.gamma, want.gamma, 1e-12 * std::fabs(want.gamma));
}

TEST(Dispatch, HalfArraysAreTheFloatResultsRounded) {
  if (expect_error()) GTEST_SKIP() << "GOLU_ISA is invalid in this run";
  check_half_storage<golu::bfloat16, golu::fast>();
  check_half_storage<golu::bfloat16, golu::exact>();
  check_half_storage<golu::float16, golu::fast>();
  check_half_storage<golu::float16, golu::exact>();
}

// The parameter gradients are sums in double: those of the compiled kernels and of
// this file's must agree to rounding (the kernels differ per ISA by a few ULP per
// term and in summation order), for each parameter and format.
template <class T, class Level>
void check_param_grad(const golu::GoLU<Level>& act) {
  std::vector<T> x = golu_test::probe_inputs<T>(4000, 5), dy(x.size());
  x.erase(std::remove_if(x.begin(), x.end(), [](T v) { return std::fabs(v) > 30; }), x.end());
  dy.resize(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) dy[i] = T(0.5) + T(i % 7) / 8;
  const golu::GoLUParamGrad<double> got = golu::dispatch::param_grad(act, x.data(), dy.data(), x.size());
  const golu::GoLUParamGrad<double> here = golu::param_grad(act, x.data(), dy.data(), x.size());
  double scale[3] = {0, 0, 0};  // sums of |terms|: the size of the rounding error
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto p = act.param_grad(double(x[i]));
    scale[0] += std::fabs(dy[i] * p.alpha);
    scale[1] += std::fabs(dy[i] * p.beta);
    scale[2] += std::fabs(dy[i] * p.gamma);
  }
  EXPECT_NEAR(got.alpha, here.alpha, 1e-12 * scale[0]);
  EXPECT_NEAR(got.beta, here.beta, 1e-12 * scale[1]);
  EXPECT_NEAR(got.gamma, here.gamma, 1e-12 * scale[2]);
  EXPECT_GT(scale[0], 1);  // the inputs exercise the partials
}

TEST(Dispatch, ParamGradAgreesWithTheHeaderApi) {
  if (expect_error()) GTEST_SKIP() << "GOLU_ISA is invalid in this run";
  for (const auto& act : {golu::GoLU<golu::fast>{}, golu::GoLU<golu::fast>{1.5, 0.75, 1.25}}) {
    check_param_grad<float>(act);
    check_param_grad<double>(act);
  }
  for (const auto& act : {golu::GoLU<golu::exact>{}, golu::GoLU<golu::exact>{0.5, 2, 0.8}}) {
    check_param_grad<float>(act);
    check_param_grad<double>(act);
  }
}

// The gated units through the compiled kernels: bit-identical to the two-pass
// composition of the compiled forward/backward and one multiplication, per array
// type, and the packed layouts to the gated form on their halves.
template <class T>
auto widened(T v) {
  if constexpr (golu::is_half_storage_v<T>) {
    return golu::to_float(v);
  } else {
    return v;
  }
}
template <class T, class C>
T stored(C v) {
  if constexpr (std::is_same<T, golu::bfloat16>::value) {
    return golu::to_bfloat16(v);
  } else if constexpr (std::is_same<T, golu::float16>::value) {
    return golu::to_float16(v);
  } else {
    return v;
  }
}
template <class T>
bool same_value(T a, T b) {
  if constexpr (golu::is_half_storage_v<T>) {
    return a.bits == b.bits || (std::isnan(golu::to_float(a)) && std::isnan(golu::to_float(b)));
  } else {
    return golu_test::same_bits(a, b);
  }
}

template <class T, class Level>
void check_gated() {
  using C = std::conditional_t<golu::is_half_storage_v<T>, float, T>;
  const std::size_t rows = 3, cols = 37, n = rows * cols;
  const std::vector<C> probes = golu_test::probe_inputs<C>(4 * n, 11);
  std::vector<T> x(2 * n), dy(n);
  std::vector<C> xc(2 * n), dyc(n);
  for (std::size_t i = 0; i < 2 * n; ++i)
    xc[i] = widened(x[i] = stored<T>(i % 2 ? C(0.25 * (int(i % 13) - 6)) : probes[i]));
  for (std::size_t i = 0; i < n; ++i) dyc[i] = widened(dy[i] = stored<T>(C(0.5) + C(i % 5) / 4));
  golu::for_each_activation<Level>([&](const auto& act) {
    // Per row [gate | up]: the two-pass form in the compute type, with the compiled kernels.
    std::vector<C> g(n), u(n), a(n), t(n), d(n);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c) {
        g[r * cols + c] = xc[2 * cols * r + c];
        u[r * cols + c] = xc[2 * cols * r + cols + c];
      }
    for (std::size_t i = 0; i < n; ++i) t[i] = dyc[i] * u[i];
    golu::dispatch::forward(act, g.data(), a.data(), n);
    golu::dispatch::backward(act, g.data(), t.data(), d.data(), n);
    std::vector<T> gate(n), up(n), y(n), dgate(n), dup(n), yp(n), dx(2 * n);
    for (std::size_t i = 0; i < n; ++i) gate[i] = stored<T>(g[i]), up[i] = stored<T>(u[i]);
    golu::dispatch::gated_forward(act, gate.data(), up.data(), y.data(), n);
    golu::dispatch::gated_backward(act, gate.data(), up.data(), dy.data(), dgate.data(), dup.data(), n);
    golu::dispatch::glu_forward(act, x.data(), yp.data(), rows, cols);
    golu::dispatch::glu_backward(act, x.data(), dy.data(), dx.data(), rows, cols);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t r = i / cols, c = i % cols;
      bad += !same_value(y[i], stored<T>(a[i] * u[i])) + !same_value(yp[i], y[i]) +
             !same_value(dgate[i], stored<T>(d[i])) + !same_value(dup[i], stored<T>(dyc[i] * a[i])) +
             !same_value(dx[2 * cols * r + c], dgate[i]) + !same_value(dx[2 * cols * r + cols + c], dup[i]);
    }
    EXPECT_EQ(bad, 0u) << act.name << " " << Level::name << " " << sizeof(T);
    // The other layouts, from the same values rearranged.
    std::vector<T> xs(2 * n), xi(2 * n), ys(n), yi(n), dxs(2 * n), dxi(2 * n);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c) {
        const std::size_t i = r * cols + c, row = 2 * cols * r;
        xs[row + c] = up[i], xs[row + cols + c] = gate[i];
        xi[row + 2 * c] = gate[i], xi[row + 2 * c + 1] = up[i];
      }
    golu::dispatch::glu_forward_swapped(act, xs.data(), ys.data(), rows, cols);
    golu::dispatch::glu_forward_interleaved(act, xi.data(), yi.data(), rows, cols);
    golu::dispatch::glu_backward_swapped(act, xs.data(), dy.data(), dxs.data(), rows, cols);
    golu::dispatch::glu_backward_interleaved(act, xi.data(), dy.data(), dxi.data(), rows, cols);
    bad = 0;
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c) {
        const std::size_t i = r * cols + c, row = 2 * cols * r;
        bad += !same_value(ys[i], y[i]) + !same_value(yi[i], y[i]) + !same_value(dxs[row + c], dup[i]) +
               !same_value(dxs[row + cols + c], dgate[i]) + !same_value(dxi[row + 2 * c], dgate[i]) +
               !same_value(dxi[row + 2 * c + 1], dup[i]);
      }
    EXPECT_EQ(bad, 0u) << act.name << " " << Level::name << " " << sizeof(T) << " (swapped, interleaved)";
  });
}

TEST(Dispatch, GatedUnitsAreTheTwoPassComposition) {
  if (expect_error()) GTEST_SKIP() << "GOLU_ISA is invalid in this run";
  check_gated<float, golu::fast>();
  check_gated<float, golu::exact>();
  check_gated<double, golu::fast>();
  check_gated<double, golu::exact>();
  check_gated<golu::bfloat16, golu::fast>();
  check_gated<golu::float16, golu::exact>();
}

TEST(Dispatch, BadArgumentsThrowTheHeaderApisErrors) {
  if (expect_error()) GTEST_SKIP() << "GOLU_ISA is invalid in this run";
  float buf[8] = {};
  EXPECT_THROW(golu::dispatch::forward(golu::GoLU{}, static_cast<const float*>(nullptr), buf, 4),
               std::invalid_argument);
  EXPECT_THROW(golu::dispatch::backward(golu::Swish{}, buf, buf + 1, buf + 2, 4), std::invalid_argument);
  EXPECT_THROW(golu::dispatch::param_grad(golu::GoLU{}, buf, static_cast<const float*>(nullptr), 4),
               std::invalid_argument);
  // n = 0 with null pointers is a valid empty call.
  EXPECT_NO_THROW(
      golu::dispatch::forward(golu::GELU{}, static_cast<const double*>(nullptr), static_cast<double*>(nullptr), 0));
  EXPECT_THROW(golu::dispatch::gated_backward(golu::GoLU{}, buf, buf, buf, buf + 4, buf + 4, 4), std::invalid_argument);
  EXPECT_THROW(golu::dispatch::glu_forward_interleaved(golu::GoLU{}, buf, buf + 4, 2, 2), std::invalid_argument);
  // In place, as the header API allows.
  double v[3] = {-1, 0, 2};
  golu::dispatch::forward(golu::ReLU{}, v, v, 3);
  EXPECT_EQ(v[0], 0.0);
  EXPECT_EQ(v[2], 2.0);
}

}  // namespace
