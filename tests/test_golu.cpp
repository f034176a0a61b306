// Unit tests of the GoLU kernels, scalar, SIMD and array API, float and double.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <golu/golu.hpp>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "support/bits.hpp"
#include "support/bounds.hpp"
#include "support/mpfr_reference.hpp"
#include "support/rare_lanes.hpp"
#include "support/ulp.hpp"

namespace {

using golu_test::same_bits;

using golu_test::minus_w1;
using golu_test::ulp_error;

template <class T>
using batch = xsimd::batch<T>;

// Inputs that exercise every regime: the underflowing tail, the derivative's
// zero, both sides of 0, the saturating side, the clamps, specials, subnormals.
template <class T>
std::vector<T> probe_inputs(std::size_t random_count, std::uint64_t seed = 7) {
  using L = std::numeric_limits<T>;
  std::vector<T> v = {T(0),     T(-0.0),     L::denorm_min(), -L::denorm_min(), L::min(),       -L::min(),
                      L::max(), L::lowest(), L::infinity(),   -L::infinity(),   L::quiet_NaN(), T(1),
                      T(-1),    T(minus_w1), T(-4.5),         T(-6.6),          T(-7),          T(-40),
                      T(17),    T(40),       T(700),          T(1e6),           T(-1e6),        T(0.5)};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> wide(-8, 24);
  for (std::size_t i = 0; i < random_count; ++i) {
    if (i % 4 == 3) {  // random bit patterns
      if constexpr (sizeof(T) == 4) {
        const std::uint32_t b = static_cast<std::uint32_t>(rng());
        T x;
        std::memcpy(&x, &b, sizeof x);
        v.push_back(x);
      } else {
        const std::uint64_t b = rng();
        T x;
        std::memcpy(&x, &b, sizeof x);
        v.push_back(x);
      }
    } else {
      v.push_back(T(wide(rng)));
    }
  }
  return v;
}

// Every test runs for float and double at both accuracy levels.
template <class T, class L>
struct Case {
  using value_type = T;
  using level = L;
};
template <class C>
class Typed : public ::testing::Test {};
using Types = ::testing::Types<Case<float, golu::exact>, Case<double, golu::exact>, Case<float, golu::fast>,
                               Case<double, golu::fast>>;
struct TypeNames {
  template <class C>
  static std::string GetName(int) {
    return std::string(sizeof(typename C::value_type) == 4 ? "float_" : "double_") + C::level::name;
  }
};

template <class C>
constexpr bool is_fast_v = std::is_same<typename C::level, golu::fast>::value;

// GoLU's stated bounds (golu/bounds.hpp) for a test case's level and format: fast, ULP
// x max(1, kappa), kappa the relative condition number at x; exact, ULP, the
// derivative's absolute near its zero.
template <class C>
constexpr golu::accuracy_bounds bounds_of() {
  return golu::GoLU<typename C::level>::template bounds<typename C::value_type>();
}
// The fast level's bound at an input, in ULP: forward or derivative, times max(1, kappa).
template <class C>
double fast_bound_at(bool forward, double kappa) {
  const golu::error_bound b = forward ? bounds_of<C>().forward : bounds_of<C>().derivative;
  return b.ulp * (b.scale == golu::error_scale::kappa ? std::max(1.0, kappa) : 1.0);
}

// kappa of y = a x u and of y' = a u (1 + b c x t), u = e^(-b t), t = e^(-c x):
// |x y'/y| = |1 + b c x t| and |x y''/y'| = |b c x t (2 - c x + b c x t)/(1 + b c x t)|.
inline double kappa_value(double x, double b, double c) {
  const long double t = std::exp(-(long double)c * x);
  return (double)std::fabs(1 + b * c * x * t);
}
inline double kappa_derivative(double x, double b, double c) {
  const long double t = std::exp(-(long double)c * x), bcxt = b * c * x * t;
  const long double k = std::fabs(bcxt * (2 - c * x + bcxt) / (1 + bcxt));
  return std::isfinite((double)k) ? (double)k : INFINITY;
}
TYPED_TEST_SUITE(Typed, Types, TypeNames);

// ---------------------------------------------------------------------------
// Accuracy against MPFR (the exhaustive float sweep and the 10^7-input double
// run are separate ctest tests; this is the quick version every build runs).

template <class T, class Level>
void expect_accurate(const golu::GoLU<Level>& act, std::size_t samples) {
  constexpr golu::accuracy_bounds bound = golu::GoLU<Level>::template bounds<T>();
  golu_test::mpfr_golu ref;
  double worst_fwd = 0, worst_bwd = 0, worst_abs = 0;
  const double x0 = golu_test::derivative_zero(act.beta(), act.gamma());
  for (T x : probe_inputs<T>(samples)) {
    if (!std::isfinite(x)) continue;
    const golu_test::reference r = ref(double(x), act.alpha(), act.beta(), act.gamma());
    // Every 2^32 float is checked by golu_exhaustive_float, 10^7 doubles by golu_accuracy_double.
    const double e = golu_test::scaled_error(bound.forward, ulp_error<T>(act(x), r.y),
                                             kappa_value(double(x), act.beta(), act.gamma()), 1);
    worst_fwd = std::max(worst_fwd, e);
    EXPECT_LE(e, bound.forward.ulp) << "forward at x = " << std::hexfloat << x;
    const T g = act.grad(x);
    if (golu_test::in_zero_window(bound.derivative, double(x), x0, act.gamma())) {
      const double a = double(std::fabs(g - r.grad));
      worst_abs = std::max(worst_abs, a);
      EXPECT_LE(a, bound.derivative.zero_abs * act.alpha()) << "derivative near its zero at x = " << std::hexfloat << x;
    } else {
      const double eg = golu_test::scaled_error(bound.derivative, ulp_error<T>(g, r.grad),
                                                kappa_derivative(double(x), act.beta(), act.gamma()), 1);
      worst_bwd = std::max(worst_bwd, eg);
      EXPECT_LE(eg, bound.derivative.ulp) << "derivative at x = " << std::hexfloat << x;
    }
  }
  ::testing::Test::RecordProperty("max_forward_ulp", std::to_string(worst_fwd));
  ::testing::Test::RecordProperty("max_backward_ulp", std::to_string(worst_bwd));
}

TYPED_TEST(Typed, DefaultMatchesMpfr) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  expect_accurate<T>(Act{}, 40000);
}

TYPED_TEST(Typed, GeneralizedMatchesMpfr) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  for (const Act& act : {Act{0.5, 2.0, 1.5}, Act{1.0, 0x1p-10, 0x1p10}, Act{0x1p10, 0x1p10, 0x1p-10},
                         Act{0.75, 0.3, 3.0}, Act{1.0, 50.0, 1.0}}) {
    SCOPED_TRACE(testing::Message() << "alpha=" << act.alpha() << " beta=" << act.beta() << " gamma=" << act.gamma());
    expect_accurate<T>(act, 10000);
  }
}

TYPED_TEST(Typed, ParameterPartialsMatchMpfr) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  golu_test::mpfr_golu ref;
  const Act act{0.8, 1.7, 1.3};
  for (T x : probe_inputs<T>(5000)) {
    if (!std::isfinite(x)) continue;
    const auto r = ref(double(x), act.alpha(), act.beta(), act.gamma());
    const auto p = act.param_grad(x);
    // The fast level's double partials carry t's error times their condition
    // numbers: x d/dx log|partial| = k + 1 + b c x t - c x - 1, k = 1, 0, 1 below.
    const double cx = act.gamma() * double(x);
    const double bcxt = double(act.beta() * cx * std::exp(-(long double)cx));
    constexpr golu::error_bound bound = bounds_of<TypeParam>().parameters;
    const auto check = [&](T got, long double want, double kappa, const char* what) {
      const double scale = bound.scale == golu::error_scale::kappa ? std::max(1.0, kappa) : 1.0;
      if (std::fabs(want) < std::numeric_limits<T>::min()) {
        EXPECT_LE(std::fabs(got - want), 2 * scale * std::numeric_limits<T>::denorm_min()) << what << " at " << x;
      } else {
        EXPECT_LE(ulp_error<T>(got, want), bound.ulp * scale) << what << " at x = " << std::hexfloat << x;
      }
    };
    check(p.alpha, r.d_alpha, std::fabs(1 + bcxt), "d/dalpha");
    check(p.beta, r.d_beta, std::fabs(1 - cx + bcxt), "d/dbeta");
    check(p.gamma, r.d_gamma, std::fabs(2 - cx + bcxt), "d/dgamma");
  }
}

// ---------------------------------------------------------------------------
// Special values, for default and generalized parameters, scalar and SIMD.

template <class V>
V at_lane0(const V& v) {
  return v;
}
template <class T, class A>
T at_lane0(const xsimd::batch<T, A>& v) {
  return v.get(0);
}

template <class T, class V, class Level>
void expect_special_values(const golu::GoLU<Level>& act) {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const auto f = [&](T x) { return at_lane0(act(V(x))); };
  const auto g = [&](T x) { return at_lane0(act.grad(V(x))); };
  EXPECT_TRUE(std::isnan(f(nan)));
  EXPECT_TRUE(std::isnan(g(nan)));
  EXPECT_TRUE(std::isnan(f(-nan)));
  EXPECT_TRUE(std::isnan(g(-nan)));
  EXPECT_EQ(f(inf), inf);
  EXPECT_EQ(g(inf), T(act.alpha()));
  EXPECT_EQ(f(-inf), T(0));
  EXPECT_TRUE(std::signbit(f(-inf)));
  EXPECT_EQ(g(-inf), T(0));
  EXPECT_EQ(f(T(0)), T(0));
  EXPECT_FALSE(std::signbit(f(T(0))));
  EXPECT_EQ(f(T(-0.0)), T(0));
  EXPECT_TRUE(std::signbit(f(T(-0.0))));
  const auto p = act.param_grad(V(nan));
  EXPECT_TRUE(std::isnan(at_lane0(p.alpha)) && std::isnan(at_lane0(p.beta)) && std::isnan(at_lane0(p.gamma)));
  const auto pinf = act.param_grad(V(inf)), pminf = act.param_grad(V(-inf));
  EXPECT_EQ(at_lane0(pinf.alpha), inf);  // dy/dalpha = x*gate -> +inf
  EXPECT_EQ(at_lane0(pinf.beta), T(0));
  EXPECT_EQ(at_lane0(pinf.gamma), T(0));
  EXPECT_EQ(at_lane0(pminf.alpha), T(0));
  EXPECT_EQ(at_lane0(pminf.beta), T(0));
  EXPECT_EQ(at_lane0(pminf.gamma), T(0));
}

TYPED_TEST(Typed, SpecialValues) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  for (const Act& act : {Act{}, Act{0.5, 2.0, 1.5}, Act{0x1p10, 0x1p-10, 0x1p10}}) {
    SCOPED_TRACE(testing::Message() << "alpha=" << act.alpha() << " beta=" << act.beta() << " gamma=" << act.gamma());
    expect_special_values<T, T>(act);
    expect_special_values<T, batch<T>>(act);
  }
}

// No finite input gives NaN or an infinity unless alpha*x itself overflows.
TYPED_TEST(Typed, FiniteInputsGiveFiniteResults) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  for (const Act& act : {Act{}, Act{1.0, 0x1p10, 0x1p10}, Act{0x1p-10, 0x1p-10, 0x1p-10}, Act{0x1p10, 0x1p10, 0x1p-10},
                         Act{1.0, 0x1p-10, 0x1p10}}) {
    for (T x : probe_inputs<T>(200000, 99)) {
      if (!std::isfinite(x)) continue;
      const bool overflows = std::fabs(double(x)) * act.alpha() >= double(std::numeric_limits<T>::max());
      const T y = act(x), g = act.grad(x);
      const auto p = act.param_grad(x);
      EXPECT_FALSE(std::isnan(y) || std::isnan(g) || std::isnan(p.alpha) || std::isnan(p.beta) || std::isnan(p.gamma))
          << std::hexfloat << x;
      EXPECT_TRUE(std::isfinite(g) && std::isfinite(p.beta) && std::isfinite(p.gamma)) << std::hexfloat << x;
      if (!overflows) {
        EXPECT_TRUE(std::isfinite(y) && std::isfinite(p.alpha)) << std::hexfloat << x;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Gradients against finite differences of the forward function itself.

TYPED_TEST(Typed, GradientsMatchFiniteDifferences) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  // Five-point stencil; h balances truncation (h^4) against rounding (eps/h).
  const double h = sizeof(T) == 4 ? 0x1p-7 : 0x1p-12;
  const double tol = sizeof(T) == 4 ? 2e-4 : 1e-9;
  const auto stencil = [&](auto&& f, double at) {
    return (f(at - 2 * h) - 8 * f(at - h) + 8 * f(at + h) - f(at + 2 * h)) / (12 * h);
  };
  for (const double a : {1.0, 0.7}) {
    for (const double b : {1.0, 1.8}) {
      for (const double c : {1.0, 0.6}) {
        const Act act{a, b, c};
        for (double x = -6; x <= 8; x += 0.25) {
          const T xt = T(x);
          const double xv = double(xt);
          const auto fx = [&](double v) { return double(act(T(v))); };
          EXPECT_NEAR(double(act.grad(xt)), stencil(fx, xv), tol * (1 + std::fabs(xv))) << "dy/dx at " << xv;
          // Parameter gradients: differentiate through freshly made activations.
          const auto fa = [&](double v) { return double(Act{v, b, c}(xt)); };
          const auto fb = [&](double v) { return double(Act{a, v, c}(xt)); };
          const auto fc = [&](double v) { return double(Act{a, b, v}(xt)); };
          const auto p = act.param_grad(xt);
          EXPECT_NEAR(double(p.alpha), stencil(fa, a), tol * (1 + std::fabs(xv))) << "dy/dalpha at " << xv;
          EXPECT_NEAR(double(p.beta), stencil(fb, b), tol * (1 + std::fabs(xv))) << "dy/dbeta at " << xv;
          EXPECT_NEAR(double(p.gamma), stencil(fc, c), tol * (1 + xv * xv)) << "dy/dgamma at " << xv;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// SIMD lanes, array bodies and tails all give the scalar call's bits.

TYPED_TEST(Typed, BatchLanesMatchScalarBitForBit) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  using B = batch<T>;
  const std::vector<T> in = probe_inputs<T>(4096);
  for (const Act& act : {Act{}, Act{0.5, 2.0, 1.5}}) {
    for (std::size_t i = 0; i + B::size <= in.size(); i += B::size) {
      const B x = B::load_unaligned(in.data() + i);
      const B y = act(x), g = act.grad(x);
      const auto p = act.param_grad(x);
      for (std::size_t k = 0; k < B::size; ++k) {
        const T xs = in[i + k];
        ASSERT_TRUE(same_bits(y.get(k), act(xs))) << std::hexfloat << xs;
        ASSERT_TRUE(same_bits(g.get(k), act.grad(xs))) << std::hexfloat << xs;
        const auto ps = act.param_grad(xs);
        ASSERT_TRUE(same_bits(p.alpha.get(k), ps.alpha) && same_bits(p.beta.get(k), ps.beta) &&
                    same_bits(p.gamma.get(k), ps.gamma))
            << std::hexfloat << xs;
      }
    }
  }
}

// The rare path on purpose: vectors whose one lane needs the full kernel (a
// subnormal or zero result, NaN, -inf, the clamp) at every lane position, the
// other lanes ordinary inputs that alone would take the default kernel's cheap
// band (gompertz_fast.hpp): every lane must give the scalar call's bits, which
// for ordinary inputs come from the band's kernel. A band kernel that differed
// from the full one in any bit, or a branch that sent rare lanes down the cheap
// path, fails here.
TYPED_TEST(Typed, RareLanesAtEveryPositionMatchScalar) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  using L = std::numeric_limits<T>;
  // The default parameters, general ones that take the float band (b <= 1.5,
  // fast_band), and ones that do not (b = 3, and b = 8: the split kernel).
  const Act acts[] = {Act{}, Act{1, 1.5, 0.8}, Act{2, 1.25, 3}, Act{1, 3, 1}, Act{1, 8, 1}};
  // The bands' lower ends: the default fast kernel's (-4.4 float), the exact float
  // kernel's (gompertz_exact_float.hpp), each general float band's.
  std::vector<T> edges = {T(golu::detail::fast_gompertz_limits<T>::normal_band_lo),
                          T(golu::detail::exact_float::band_lo)};
  for (const Act& act : acts) edges.push_back(T(act.fast_params().f.band.lo));
  std::vector<T> rare = {T(-4.5), T(-4.6),        T(-4.68),       T(-6.55),   T(-7),
                         T(-40),  L::quiet_NaN(), -L::infinity(), L::lowest()};
  // Ordinary lanes: the bands' edges and inside them, tiny and signed zeros, the
  // derivative's zero, the clamps, +inf, NaN (not below any bound: a band takes it).
  std::vector<T> ordinary = {T(-4), T(-1), T(minus_w1), T(-0.0), T(0),     L::denorm_min(), -L::denorm_min(),
                             T(1),  T(87), T(88),       T(700),  L::max(), L::infinity(),   L::quiet_NaN()};
  for (const T e : edges) {
    rare.push_back(std::nextafter(e, T(-1e9)));
    ordinary.push_back(e);
    ordinary.push_back(std::nextafter(e, T(0)));
  }
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> wide(-4.4, 30);
  for (int i = 0; i < 256; ++i) ordinary.push_back(T(wide(rng)));
  for (const Act& act : acts) {
    SCOPED_TRACE(::testing::Message() << "beta " << act.beta());
    EXPECT_GT(golu_test::check_rare_lanes(act, rare, ordinary), 0);
    if (::testing::Test::HasFailure()) return;
  }
}

// Every length 0..67 at every misalignment, with guard values around the output
// that must survive: the array API touches nothing outside [0, n).
TYPED_TEST(Typed, ArrayLengthsAlignmentsAndBounds) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  const std::vector<T> pool = probe_inputs<T>(200);
  const T guard = T(12345.5);
  // b = 300: x_lo > 0, the loops' kernel that or-s in the sign of x (see fast_gompertz_value).
  for (const Act& act : {Act{0.9, 1.1, 1.2}, Act{1.0, 300.0, 0.5}})
    for (std::size_t n = 0; n <= 67; ++n) {
      for (std::size_t offset = 0; offset < 4; ++offset) {
        std::vector<T> x(n + 8), dy(n + 8), y(n + 8, guard), dx(n + 8, guard);
        for (std::size_t i = 0; i < n; ++i) {
          x[offset + i] = pool[(i * 7 + n) % pool.size()];
          dy[offset + i] = T(0.5) + T(i % 5);
        }
        golu::forward(act, x.data() + offset, y.data() + offset, n);
        golu::backward(act, x.data() + offset, dy.data() + offset, dx.data() + offset, n);
        for (std::size_t i = 0; i < n + 8; ++i) {
          if (i < offset || i >= offset + n) {
            ASSERT_TRUE(same_bits(y[i], guard) && same_bits(dx[i], guard)) << "n=" << n << " wrote outside at " << i;
            continue;
          }
          const T xi = x[i];
          ASSERT_TRUE(same_bits(y[i], act(xi))) << "n=" << n << " i=" << i;
          const T want = dy[i] * act.grad(xi);  // the product of the rounded derivative
          ASSERT_TRUE(same_bits(dx[i], want)) << "n=" << n << " i=" << i;
        }
      }
    }
}

TYPED_TEST(Typed, InPlace) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  const std::vector<T> x = probe_inputs<T>(301);
  std::vector<T> dy(x.size());
  for (std::size_t i = 0; i < dy.size(); ++i) dy[i] = T(1) + T(i % 3);
  const Act act;
  std::vector<T> y(x.size()), dx(x.size());
  golu::forward(act, x.data(), y.data(), x.size());
  golu::backward(act, x.data(), dy.data(), dx.data(), x.size());

  std::vector<T> inplace = x;
  golu::forward(act, inplace.data(), inplace.data(), inplace.size());
  std::vector<T> grad_inplace = dy;
  golu::backward(act, x.data(), grad_inplace.data(), grad_inplace.data(), x.size());
  std::vector<T> x_as_dx = x;
  golu::backward(act, x_as_dx.data(), dy.data(), x_as_dx.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_TRUE(same_bits(inplace[i], y[i])) << i;
    ASSERT_TRUE(same_bits(grad_inplace[i], dx[i])) << i;
    ASSERT_TRUE(same_bits(x_as_dx[i], dx[i])) << i;
  }
}

// Outputs of GOLU_STREAMING_STORE_BYTES and more take non-temporal stores after a
// head that aligns them: at every misalignment, the results (forward, backward, in
// place) are still the scalar calls' bits, and nothing outside [0, n) is written.
TYPED_TEST(Typed, LargeArraysTakeStreamingStores) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  const std::size_t n = GOLU_STREAMING_STORE_BYTES / sizeof(T) + 37;
  const std::vector<T> pool = probe_inputs<T>(4096);
  const T guard = T(12345.5);
  const Act act{0.9, 1.1, 1.2};
  std::vector<T> x(n + 8), dy(n + 8), y(n + 8), dx(n + 8);
  for (std::size_t i = 0; i < n + 8; ++i) {
    x[i] = pool[(i * 7) % pool.size()];
    dy[i] = T(0.5) + T(i % 5);
  }
  for (std::size_t offset : {0, 1, 3}) {
    std::fill(y.begin(), y.end(), guard);
    std::fill(dx.begin(), dx.end(), guard);
    golu::forward(act, x.data(), y.data() + offset, n);
    golu::backward(act, x.data(), dy.data(), dx.data() + offset, n);
    std::vector<T> in_place(x.begin() + offset, x.begin() + offset + n);
    golu::forward(act, in_place.data(), in_place.data(), n);
    for (std::size_t i = 0; i < n + 8; ++i) {
      if (i < offset || i >= offset + n) {
        ASSERT_TRUE(same_bits(y[i], guard) && same_bits(dx[i], guard)) << "wrote outside at " << i;
        continue;
      }
      const std::size_t j = i - offset;
      ASSERT_TRUE(same_bits(y[i], act(x[j]))) << "offset " << offset << " i=" << j;
      ASSERT_TRUE(same_bits(dx[i], dy[j] * act.grad(x[j]))) << "offset " << offset << " i=" << j;
      ASSERT_TRUE(same_bits(in_place[j], act(x[i]))) << "in place, offset " << offset << " i=" << j;
    }
  }
}

TYPED_TEST(Typed, ArrayArgumentErrors) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  const Act act;
  std::vector<T> buf(16, T(1));
  EXPECT_NO_THROW(golu::forward(act, static_cast<const T*>(nullptr), static_cast<T*>(nullptr), 0));
  EXPECT_THROW(golu::forward(act, static_cast<const T*>(nullptr), buf.data(), 4), std::invalid_argument);
  EXPECT_THROW(golu::forward(act, buf.data(), static_cast<T*>(nullptr), 4), std::invalid_argument);
  EXPECT_THROW(golu::forward(act, buf.data(), buf.data() + 1, 8), std::invalid_argument);  // partial overlap
  EXPECT_THROW(golu::backward(act, buf.data(), buf.data() + 2, buf.data() + 3, 8), std::invalid_argument);
  EXPECT_THROW(golu::backward(act, buf.data(), static_cast<const T*>(nullptr), buf.data() + 8, 8),
               std::invalid_argument);
  EXPECT_NO_THROW(golu::forward(act, buf.data(), buf.data() + 8, 8));  // adjacent, disjoint
  EXPECT_THROW(golu::param_grad(act, buf.data(), static_cast<const T*>(nullptr), 3), std::invalid_argument);
}

// Batch sums of dy * partials equal the sum of the scalar partials (computed in
// double), and agree with finite differences of sum(dy * y) in the parameters.
TYPED_TEST(Typed, ParameterGradientSums) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0, 2);
  const std::size_t n = 1003;
  std::vector<T> x(n), dy(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = T(normal(rng));
    dy[i] = T(normal(rng));
  }
  const double a = 0.9, b = 1.3, c = 0.8;
  const Act act{a, b, c};
  const golu::GoLUParamGrad<double> s = golu::param_grad(act, x.data(), dy.data(), n);
  double ea = 0, eb = 0, ec = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto p = act.param_grad(double(x[i]));
    ea += double(dy[i]) * p.alpha;
    eb += double(dy[i]) * p.beta;
    ec += double(dy[i]) * p.gamma;
  }
  EXPECT_NEAR(s.alpha, ea, 1e-10 * (1 + std::fabs(ea)));
  EXPECT_NEAR(s.beta, eb, 1e-10 * (1 + std::fabs(eb)));
  EXPECT_NEAR(s.gamma, ec, 1e-10 * (1 + std::fabs(ec)));
  const auto loss = [&](double aa, double bb, double cc) {
    const Act g{aa, bb, cc};
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += double(dy[i]) * g(double(x[i]));
    return sum;
  };
  const double h = 1e-6;
  EXPECT_NEAR(s.alpha, (loss(a + h, b, c) - loss(a - h, b, c)) / (2 * h), 1e-5 * (1 + std::fabs(s.alpha)));
  EXPECT_NEAR(s.beta, (loss(a, b + h, c) - loss(a, b - h, c)) / (2 * h), 1e-5 * (1 + std::fabs(s.beta)));
  EXPECT_NEAR(s.gamma, (loss(a, b, c + h) - loss(a, b, c - h)) / (2 * h), 1e-5 * (1 + std::fabs(s.gamma)));
  const auto empty = golu::param_grad(act, x.data(), dy.data(), 0);
  EXPECT_EQ(empty.alpha, 0.0);
  EXPECT_EQ(empty.beta, 0.0);
  EXPECT_EQ(empty.gamma, 0.0);
}

// ---------------------------------------------------------------------------
// Facts from the paper.

TYPED_TEST(Typed, SlopeAtZeroIsOneOverE) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  using L = typename TypeParam::level;
  static_assert(std::is_same<typename Act::level, L>::value, "");
  const long double inv_e = 0.367879441171442321595523770161460867L;
  // kappa of the derivative is 0 at x = 0: the fast level's bound is its plain ULP
  // there; the exact level rounds correctly at 0.
  const double bound = is_fast_v<TypeParam> ? bounds_of<TypeParam>().derivative.ulp : 0.5;
  EXPECT_LE(ulp_error<T>(golu::golu_grad<L>(T(0)), inv_e), bound);
  EXPECT_LE(ulp_error<T>(golu::golu_grad<L>(T(-0.0)), inv_e), bound);
}

TYPED_TEST(Typed, MinimumAtMinusLambertW1) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  using L = typename TypeParam::level;
  static_assert(std::is_same<typename Act::level, L>::value, "");
  const T x0 = T(minus_w1);
  // The derivative changes sign across x0: two floats away at the exact level;
  // the fast level's derivative carries t's relative error (~2^-22 float, 2^-52
  // double) times x t ~ 1 as an absolute error, so a few ULP of x0 away there.
  const int steps = is_fast_v<TypeParam> ? 64 : 2;
  T lo = x0, hi = x0;
  for (int i = 0; i < steps; ++i) {
    lo = std::nextafter(lo, T(-1));
    hi = std::nextafter(hi, T(0));
  }
  EXPECT_LT(golu::golu_grad<L>(lo), T(0));
  EXPECT_GT(golu::golu_grad<L>(hi), T(0));
  // ... and the value there is the paper's minimum, -0.0972601.
  const double tol = (sizeof(T) == 4 ? 1e-8 : 1e-16) * (is_fast_v<TypeParam> ? bounds_of<TypeParam>().forward.ulp : 1);
  EXPECT_NEAR(double(golu::golu<L>(x0)), -0.09726013122763939, tol);
  for (T x : {T(-2), T(-1), T(-0.7), T(-0.4), T(0), T(1)}) EXPECT_GT(golu::golu<L>(x), golu::golu<L>(x0));
}

// For alpha = beta = gamma = 1 the gate y/x is the standard Gumbel CDF exp(-exp(-x)).
TYPED_TEST(Typed, GateIsStandardGumbelCdf) {
  using T = typename TypeParam::value_type;
  mpfr_t v;
  mpfr_init2(v, 256);
  for (double xd = -4; xd <= 12; xd += 0.125) {
    const T x = T(xd);
    if (x == 0) continue;
    mpfr_set_d(v, -xd, MPFR_RNDN);
    mpfr_exp(v, v, MPFR_RNDN);
    mpfr_neg(v, v, MPFR_RNDN);
    mpfr_exp(v, v, MPFR_RNDN);
    const long double cdf = mpfr_get_ld(v, MPFR_RNDN);
    // The division by x adds at most one rounding to the forward bound.
    const double bound = is_fast_v<TypeParam> ? fast_bound_at<TypeParam>(true, kappa_value(xd, 1, 1)) + 1 : 3.0;
    EXPECT_LE(ulp_error<T>(golu::golu<typename TypeParam::level>(x) / x, cdf), bound) << "x = " << xd;
  }
  mpfr_clear(v);
}

// ---------------------------------------------------------------------------
// Parameters.

TEST(Parameters, InvalidValuesAreRejectedWithTheirName) {
  const double bad[] = {0.0,
                        -0.0,
                        -1.0,
                        0x1p-11,
                        0x1p11,
                        std::numeric_limits<double>::infinity(),
                        -std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::quiet_NaN()};
  for (double v : bad) {
    for (int which = 0; which < 3; ++which) {
      try {
        golu::GoLU act{which == 0 ? v : 1.0, which == 1 ? v : 1.0, which == 2 ? v : 1.0};
        ADD_FAILURE() << "accepted " << v << " as parameter " << which;
      } catch (const std::invalid_argument& e) {
        const char* name = which == 0 ? "alpha" : which == 1 ? "beta" : "gamma";
        EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
      }
    }
  }
}

// The default parameters are a compile-time copy of make_params(1, 1, 1).
TEST(Parameters, FastDefaultConstantsMatchTheirDerivation) {
  const golu::detail::fast_gompertz made = golu::detail::make_fast_gompertz(1, 1, 1),
                                    def = golu::detail::default_fast_gompertz;
  // The zero cuts come from a bisection on libm's exp and log: a few ULP apart on
  // another libm, which their factor-2 margin (2^-152 for 2^-151) covers.
  const auto near = [](auto a, auto b) {
    const auto ulp = std::nextafter(std::fabs(b), decltype(b)(INFINITY)) - std::fabs(b);
    return std::fabs(a - b) <= 4 * ulp;
  };
  const auto same = [&](const auto& a, const auto& b) {
    return a.alpha == b.alpha && a.beta == b.beta && a.gamma == b.gamma && a.beta_gamma == b.beta_gamma &&
           a.x_lo == b.x_lo && a.x_hi == b.x_hi && near(a.zero_value, b.zero_value) &&
           near(a.zero_derivative, b.zero_derivative);
  };
  EXPECT_TRUE(same(made.f, def.f));
  EXPECT_TRUE(same(made.d, def.d));
  // The folded exponentials' constants at c = f = 1 are exp_neg's own, to the bit
  // (what makes the general kernel at unit parameters the default one).
  const auto same_exp = [](const auto& a, const auto& b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  for (const auto* e : {&made.f.inner, &made.f.gate, &made.f.gate_unit, &def.f.inner, &def.f.gate, &def.f.gate_unit})
    EXPECT_TRUE(same_exp(*e, golu::detail::native::unit_scaled_exp<float>()));
  for (const auto* e : {&made.d.inner, &made.d.gate, &made.d.gate_unit, &def.d.inner, &def.d.gate, &def.d.gate_unit})
    EXPECT_TRUE(same_exp(*e, golu::detail::native::unit_scaled_exp<double>()));
  // And a factor and a scale other than 1 land where they should.
  const auto e = golu::detail::native::make_scaled_exp<double>(3.0, 0.5);
  EXPECT_EQ(e.f, 0.5);
  EXPECT_DOUBLE_EQ(e.c_log2e, 3.0 * golu::detail::constants::log2e);
  EXPECT_DOUBLE_EQ(e.ln2_over_c_hi + e.ln2_over_c_lo, golu::detail::constants::ln2 / 3.0);
  EXPECT_DOUBLE_EQ(e.q[2], 0.5 * golu::detail::native::format<double>::q[2] * 27.0);
}

// The general kernel (parameters folded into the exponentials) at a = b = c = 1
// computes the default kernel's bits, wherever the default takes its full kernel:
// double everywhere, float below the normal band (above it the float default has a
// band kernel of its own; GoLU{1, 1, 1} is the default object: RangeEndsAreAccepted).
TYPED_TEST(Typed, GeneralKernelAtUnitParametersIsTheDefault) {
  using T = typename TypeParam::value_type;
  if constexpr (std::is_same<typename TypeParam::level, golu::fast>::value) {
    const golu::detail::fast_gompertz unit = golu::detail::make_fast_gompertz(1, 1, 1);
    const golu::detail::fast_gompertz_kernel<> general{unit};
    const golu::detail::default_gompertz<golu::fast> def{};
    std::vector<T> xs = probe_inputs<T>(20000);
    if constexpr (golu::detail::has_float_band<T>()) {
      const T band_lo = T(golu::detail::fast_gompertz_limits<T>::normal_band_lo);
      xs.erase(std::remove_if(xs.begin(), xs.end(), [&](T x) { return !(x < band_lo); }), xs.end());
      ASSERT_GT(xs.size(), batch<T>::size);
    }
    for (T x : xs) {
      ASSERT_TRUE(same_bits(general(x), def(x))) << std::hexfloat << x;
      ASSERT_TRUE(same_bits(general.grad(x), def.grad(x))) << std::hexfloat << x;
    }
    for (std::size_t i = 0; i + batch<T>::size <= xs.size(); i += batch<T>::size) {
      const batch<T> x = batch<T>::load_unaligned(xs.data() + i);
      const batch<T> g = general(x), d = def(x);
      for (std::size_t k = 0; k < batch<T>::size; ++k) ASSERT_TRUE(same_bits(g.get(k), d.get(k)));
    }
  }
}

TEST(Parameters, DefaultConstantsMatchTheirDerivation) {
  const golu::detail::gompertz_params made = golu::detail::make_params(1, 1, 1), def = golu::detail::default_params;
  for (auto field : {&golu::detail::gompertz_params::alpha, &golu::detail::gompertz_params::beta,
                     &golu::detail::gompertz_params::gamma, &golu::detail::gompertz_params::beta_log2e_hi,
                     &golu::detail::gompertz_params::beta_log2e_lo, &golu::detail::gompertz_params::sp_x_lo,
                     &golu::detail::gompertz_params::sp_x_hi, &golu::detail::gompertz_params::dp_x_lo,
                     &golu::detail::gompertz_params::dp_x_hi, &golu::detail::gompertz_params::gamma_log2e,
                     &golu::detail::gompertz_params::beta_gamma}) {
    EXPECT_NEAR(made.*field, def.*field, 1e-15 * std::fabs(def.*field));
  }
}

TEST(Parameters, RangeEndsAreAccepted) {
  EXPECT_NO_THROW((golu::GoLU{golu::GoLU<>::min_parameter, golu::GoLU<>::max_parameter, golu::GoLU<>::min_parameter}));
  EXPECT_NO_THROW((golu::GoLU{golu::GoLU<>::max_parameter, golu::GoLU<>::min_parameter, golu::GoLU<>::max_parameter}));
  const golu::GoLU act{0.5, 2.0, 3.0};
  EXPECT_EQ(act.alpha(), 0.5);
  EXPECT_EQ(act.beta(), 2.0);
  EXPECT_EQ(act.gamma(), 3.0);
  EXPECT_FALSE(act.is_default());
  EXPECT_TRUE(golu::GoLU{}.is_default());
  EXPECT_TRUE((golu::GoLU{1.0, 1.0, 1.0}.is_default()));
}

// The shorthands are the default object; the parameter partials (always on the
// general path) give dy/dalpha = y at alpha = 1, to the bit.
TYPED_TEST(Typed, DefaultPathsAgree) {
  using T = typename TypeParam::value_type;
  using Act = golu::GoLU<typename TypeParam::level>;
  using L = typename TypeParam::level;
  const Act def;
  // Float partials come from double kernels, and float values from float ones
  // (the fast level; the exact level's float-float kernel where the target has
  // FMA): only double computes dy/dalpha with the value's own operations.
  const bool same_kernel = sizeof(T) == 8;
  for (T x : probe_inputs<T>(20000)) {
    ASSERT_TRUE(same_bits(def(x), golu::golu<L>(x)));
    ASSERT_TRUE(same_bits(def.grad(x), golu::golu_grad<L>(x)));
    if (same_kernel) {
      ASSERT_TRUE(same_bits(def.param_grad(x).alpha, def(x))) << std::hexfloat << x;
    }
  }
}

}  // namespace

namespace {

// Around the zero cuts (gompertz_fast.hpp): every value of T in a window of
// +-0.15 around each cut (every float; 2^18 doubles), at both levels and for default and general parameters,
// scalar and through the array API, is a signed zero where the exact result is
// below a quarter of the smallest subnormal and otherwise within 1 ULP of the long
// double reference within the level's bound (8 ULP x max(1, kappa) fast; exact:
// 1 ULP of the subnormal spacing, 4 ULP for normal results, as the MPFR tests).
template <class T, class L>
void check_around_cuts(const golu::GoLU<L>& act, double a, double b, double c) {
  const golu::detail::fast_gompertz cuts = golu::detail::make_fast_gompertz(a, b, c);
  const auto& f = cuts.template get<T>();
  const long double tiny = std::numeric_limits<T>::denorm_min();
  for (const T cut : {f.zero_value, f.zero_derivative}) {
    // Every float of the window; 2^18 evenly spaced doubles.
    std::vector<T> xs;
    const bool every = std::is_same<T, float>::value;
    const T lo = cut - T(0.15), hi = cut + T(0.15), step = T(0.3 / (1 << 18));
    for (T x = lo; x < hi; x = every ? std::nextafter(x, hi) : x + step) xs.push_back(x);
    std::vector<T> y(xs.size()), g(xs.size()), ones(xs.size(), T(1));
    golu::forward(act, xs.data(), y.data(), xs.size());
    golu::backward(act, xs.data(), ones.data(), g.data(), xs.size());
    for (std::size_t i = 0; i < xs.size(); i += (i % 7) + 1) {
      const long double x = xs[i], t = std::exp(-(long double)c * x), u = std::exp(-(long double)b * t);
      const long double ry = a * x * u, rg = a * u * (1 + b * c * x * t);
      for (const auto& [got, ref, what] : {std::tuple<T, long double, const char*>{y[i], ry, "value"},
                                           std::tuple<T, long double, const char*>{g[i], rg, "derivative"}}) {
        if (std::fabs(ref) < tiny / 4) {
          EXPECT_TRUE(got == 0 && std::signbit(got)) << what << " at x = " << std::hexfloat << xs[i] << ": " << got;
        } else if (std::fabs(ref) < std::numeric_limits<T>::min()) {
          // Subnormal results: the level's bound in ULPs of the subnormal spacing.
          const bool value = std::string(what) == "value";
          const double kappa = value ? kappa_value(double(x), b, c) : kappa_derivative(double(x), b, c);
          const double bound = is_fast_v<Case<T, L>> ? fast_bound_at<Case<T, L>>(value, kappa) : 1.0;
          EXPECT_LE(double(std::fabs(got - ref) / tiny), bound) << what << " at x = " << std::hexfloat << xs[i];
        } else {
          const bool value = std::string(what) == "value";
          const double kappa = value ? kappa_value(double(x), b, c) : kappa_derivative(double(x), b, c);
          const double bound = is_fast_v<Case<T, L>> ? fast_bound_at<Case<T, L>>(value, kappa) : 4.0;
          EXPECT_LE(golu_test::ulp_error<T>(got, ref), bound) << what << " at x = " << std::hexfloat << xs[i];
        }
      }
      EXPECT_TRUE(golu_test::same_bits(y[i], act(xs[i])));
    }
  }
}

TYPED_TEST(Typed, ResultsAroundTheZeroCuts) {
  using T = typename TypeParam::value_type;
  using L = typename TypeParam::level;
  check_around_cuts<T>(golu::GoLU<L>{}, 1, 1, 1);
  check_around_cuts<T>(golu::GoLU<L>{1.5, 0.75, 1.25}, 1.5, 0.75, 1.25);
}

}  // namespace
