// Unit tests of the GoLU kernels, scalar, SIMD and array API, float and double.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <golu/golu.hpp>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "support/bits.hpp"
#include "support/mpfr_reference.hpp"
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

template <class T>
class Typed : public ::testing::Test {};
using Types = ::testing::Types<float, double>;
struct TypeNames {
  template <class T>
  static std::string GetName(int) {
    return sizeof(T) == 4 ? "float" : "double";
  }
};
TYPED_TEST_SUITE(Typed, Types, TypeNames);

// ---------------------------------------------------------------------------
// Accuracy against MPFR (the exhaustive float sweep and the 10^7-input double
// run are separate ctest tests; this is the quick version every build runs).

template <class T>
void expect_accurate(const golu::GoLU& act, std::size_t samples, double window_abs_bound) {
  golu_test::mpfr_golu ref;
  double worst_fwd = 0, worst_bwd = 0, worst_abs = 0;
  const double x0 = golu_test::derivative_zero(act.beta(), act.gamma());
  for (T x : probe_inputs<T>(samples)) {
    if (!std::isfinite(x)) continue;
    const golu_test::reference r = ref(double(x), act.alpha(), act.beta(), act.gamma());
    const double e = ulp_error<T>(act(x), r.y);
    worst_fwd = std::max(worst_fwd, e);
    EXPECT_LE(e, 2.0) << "forward at x = " << std::hexfloat << x;
    const T g = act.grad(x);
    if (std::fabs(double(x) - x0) <= 0x1p-8 / act.gamma()) {
      const double a = double(std::fabs(g - r.grad));
      worst_abs = std::max(worst_abs, a);
      EXPECT_LE(a, window_abs_bound * act.alpha()) << "derivative near its zero at x = " << std::hexfloat << x;
    } else {
      const double eg = ulp_error<T>(g, r.grad);
      worst_bwd = std::max(worst_bwd, eg);
      EXPECT_LE(eg, 4.0) << "derivative at x = " << std::hexfloat << x;
    }
  }
  ::testing::Test::RecordProperty("max_forward_ulp", std::to_string(worst_fwd));
  ::testing::Test::RecordProperty("max_backward_ulp", std::to_string(worst_bwd));
}

template <class T>
constexpr double window_bound() {
  return sizeof(T) == 4 ? 0x1p-26 : 0x1p-55;
}

TYPED_TEST(Typed, DefaultMatchesMpfr) {
  expect_accurate<TypeParam>(golu::GoLU{}, 40000, window_bound<TypeParam>());
}

TYPED_TEST(Typed, GeneralizedMatchesMpfr) {
  for (const golu::GoLU& act : {golu::GoLU{0.5, 2.0, 1.5}, golu::GoLU{1.0, 0x1p-10, 0x1p10},
                                golu::GoLU{0x1p10, 0x1p10, 0x1p-10}, golu::GoLU{0.75, 0.3, 3.0}}) {
    SCOPED_TRACE(testing::Message() << "alpha=" << act.alpha() << " beta=" << act.beta() << " gamma=" << act.gamma());
    expect_accurate<TypeParam>(act, 10000, window_bound<TypeParam>());
  }
}

TYPED_TEST(Typed, ParameterPartialsMatchMpfr) {
  using T = TypeParam;
  golu_test::mpfr_golu ref;
  const golu::GoLU act{0.8, 1.7, 1.3};
  for (T x : probe_inputs<T>(5000)) {
    if (!std::isfinite(x)) continue;
    const auto r = ref(double(x), act.alpha(), act.beta(), act.gamma());
    const auto p = act.param_grad(x);
    const auto check = [&](T got, long double want, const char* what) {
      if (std::fabs(want) < std::numeric_limits<T>::min()) {
        EXPECT_LE(std::fabs(got - want), 2 * std::numeric_limits<T>::denorm_min()) << what << " at " << x;
      } else {
        EXPECT_LE(ulp_error<T>(got, want), 8.0) << what << " at x = " << std::hexfloat << x;
      }
    };
    check(p.alpha, r.d_alpha, "d/dalpha");
    check(p.beta, r.d_beta, "d/dbeta");
    check(p.gamma, r.d_gamma, "d/dgamma");
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

template <class T, class V>
void expect_special_values(const golu::GoLU& act) {
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
  using T = TypeParam;
  for (const golu::GoLU& act : {golu::GoLU{}, golu::GoLU{0.5, 2.0, 1.5}, golu::GoLU{0x1p10, 0x1p-10, 0x1p10}}) {
    SCOPED_TRACE(testing::Message() << "alpha=" << act.alpha() << " beta=" << act.beta() << " gamma=" << act.gamma());
    expect_special_values<T, T>(act);
    expect_special_values<T, batch<T>>(act);
  }
}

// No finite input gives NaN or an infinity unless alpha*x itself overflows.
TYPED_TEST(Typed, FiniteInputsGiveFiniteResults) {
  using T = TypeParam;
  for (const golu::GoLU& act : {golu::GoLU{}, golu::GoLU{1.0, 0x1p10, 0x1p10}, golu::GoLU{0x1p-10, 0x1p-10, 0x1p-10},
                                golu::GoLU{0x1p10, 0x1p10, 0x1p-10}, golu::GoLU{1.0, 0x1p-10, 0x1p10}}) {
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
  using T = TypeParam;
  // Five-point stencil; h balances truncation (h^4) against rounding (eps/h).
  const double h = sizeof(T) == 4 ? 0x1p-7 : 0x1p-12;
  const double tol = sizeof(T) == 4 ? 2e-4 : 1e-9;
  const auto stencil = [&](auto&& f, double at) {
    return (f(at - 2 * h) - 8 * f(at - h) + 8 * f(at + h) - f(at + 2 * h)) / (12 * h);
  };
  for (const double a : {1.0, 0.7}) {
    for (const double b : {1.0, 1.8}) {
      for (const double c : {1.0, 0.6}) {
        const golu::GoLU act{a, b, c};
        for (double x = -6; x <= 8; x += 0.25) {
          const T xt = T(x);
          const double xv = double(xt);
          const auto fx = [&](double v) { return double(act(T(v))); };
          EXPECT_NEAR(double(act.grad(xt)), stencil(fx, xv), tol * (1 + std::fabs(xv))) << "dy/dx at " << xv;
          // Parameter gradients: differentiate through freshly made activations.
          const auto fa = [&](double v) { return double(golu::GoLU{v, b, c}(xt)); };
          const auto fb = [&](double v) { return double(golu::GoLU{a, v, c}(xt)); };
          const auto fc = [&](double v) { return double(golu::GoLU{a, b, v}(xt)); };
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
  using T = TypeParam;
  using B = batch<T>;
  const std::vector<T> in = probe_inputs<T>(4096);
  for (const golu::GoLU& act : {golu::GoLU{}, golu::GoLU{0.5, 2.0, 1.5}}) {
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

// Every length 0..67 at every misalignment, with guard values around the output
// that must survive: the array API touches nothing outside [0, n).
TYPED_TEST(Typed, ArrayLengthsAlignmentsAndBounds) {
  using T = TypeParam;
  const std::vector<T> pool = probe_inputs<T>(200);
  const T guard = T(12345.5);
  const golu::GoLU act{0.9, 1.1, 1.2};
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
  using T = TypeParam;
  const std::vector<T> x = probe_inputs<T>(301);
  std::vector<T> dy(x.size());
  for (std::size_t i = 0; i < dy.size(); ++i) dy[i] = T(1) + T(i % 3);
  const golu::GoLU act;
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

TYPED_TEST(Typed, ArrayArgumentErrors) {
  using T = TypeParam;
  const golu::GoLU act;
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
  using T = TypeParam;
  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0, 2);
  const std::size_t n = 1003;
  std::vector<T> x(n), dy(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = T(normal(rng));
    dy[i] = T(normal(rng));
  }
  const double a = 0.9, b = 1.3, c = 0.8;
  const golu::GoLU act{a, b, c};
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
    const golu::GoLU g{aa, bb, cc};
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
  using T = TypeParam;
  const long double inv_e = 0.367879441171442321595523770161460867L;
  EXPECT_LE(ulp_error<T>(golu::golu_grad(T(0)), inv_e), 0.5);
  EXPECT_LE(ulp_error<T>(golu::golu_grad(T(-0.0)), inv_e), 0.5);
}

TYPED_TEST(Typed, MinimumAtMinusLambertW1) {
  using T = TypeParam;
  const T x0 = T(minus_w1);
  // The derivative changes sign across x0 ...
  const T below = std::nextafter(x0, T(-1)), above = std::nextafter(x0, T(0));
  const T lo = std::nextafter(below, T(-1)), hi = std::nextafter(above, T(0));
  EXPECT_LT(golu::golu_grad(lo), T(0));
  EXPECT_GT(golu::golu_grad(hi), T(0));
  // ... and the value there is the paper's minimum, -0.0972601.
  EXPECT_NEAR(double(golu::golu(x0)), -0.09726013122763939, sizeof(T) == 4 ? 1e-8 : 1e-16);
  for (T x : {T(-2), T(-1), T(-0.7), T(-0.4), T(0), T(1)}) EXPECT_GT(golu::golu(x), golu::golu(x0));
}

// For alpha = beta = gamma = 1 the gate y/x is the standard Gumbel CDF exp(-exp(-x)).
TYPED_TEST(Typed, GateIsStandardGumbelCdf) {
  using T = TypeParam;
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
    EXPECT_LE(ulp_error<T>(golu::golu(x) / x, cdf), 3.0) << "x = " << xd;
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
  EXPECT_NO_THROW((golu::GoLU{golu::GoLU::min_parameter, golu::GoLU::max_parameter, golu::GoLU::min_parameter}));
  EXPECT_NO_THROW((golu::GoLU{golu::GoLU::max_parameter, golu::GoLU::min_parameter, golu::GoLU::max_parameter}));
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
  using T = TypeParam;
  const golu::GoLU def;
  for (T x : probe_inputs<T>(20000)) {
    ASSERT_TRUE(same_bits(def(x), golu::golu(x)));
    ASSERT_TRUE(same_bits(def.grad(x), golu::golu_grad(x)));
    ASSERT_TRUE(same_bits(def.param_grad(x).alpha, def(x))) << std::hexfloat << x;
  }
}

}  // namespace
