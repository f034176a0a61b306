// Every activation of golu's list at both levels (GoLU has more tests of its own in
// test_golu.cpp): MPFR accuracy, special values and limits, finiteness,
// finite-difference gradients, and scalar/SIMD/array bit identity.
#include <gtest/gtest.h>
#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <golu/activation_list.hpp>
#include <golu/array.hpp>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "support/bits.hpp"
#include "support/mpfr_activations.hpp"
#include "support/mpfr_bounds.hpp"
#include "support/probe_inputs.hpp"
#include "support/rare_lanes.hpp"
#include "support/ulp.hpp"

namespace {

using golu_test::same_bits;

using golu_test::probe_inputs;
using golu_test::ulp_error;

using mp = golu_test::mpfr_activations;

// One test case: an activation object (with its accuracy level) and a value type.
template <class Act, class T>
struct Case {
  using act_type = Act;
  using value_type = T;
};

template <class C>
class Activations : public ::testing::Test {};

// Every activation of golu's list (GoLU included), float and double, both levels.
template <class List>
struct all_cases;
template <template <class> class... A>
struct all_cases<golu::activation_templates<A...>> {
  using type = ::testing::Types<Case<A<golu::exact>, float>..., Case<A<golu::exact>, double>...,
                                Case<A<golu::fast>, float>..., Case<A<golu::fast>, double>...>;
};
using Cases = typename all_cases<golu::all_activations>::type;
struct CaseNames {
  template <class C>
  static std::string GetName(int) {
    using Act = typename C::act_type;
    return std::string(Act::name) + (sizeof(typename C::value_type) == 4 ? "_float_" : "_double_") + Act::level::name;
  }
};
TYPED_TEST_SUITE(Activations, Cases, CaseNames);

template <class Act>
constexpr bool is_fast_v = std::is_same<typename Act::level, golu::fast>::value;

// The bounds each activation states (Act::bounds<T>(), golu/bounds.hpp) against MPFR:
// fast, a few ULP x max(1, kappa); exact, 1 ULP, the derivative's scaled by the
// condition of its final sum (1 away from its zeros) or, for GoLU, absolute next to its
// zero.
TYPED_TEST(Activations, MatchesMpfr) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  const Act act{};
  mp ref;
  double worst_y = 0, worst_g = 0;
  for (T x : probe_inputs<T>(30000, 3)) {
    const golu_test::errors_in_bounds e = golu_test::measure_against_bounds<T>(act, x, act(x), act.grad(x), ref);
    worst_y = std::max(worst_y, e.forward);
    worst_g = std::max(worst_g, e.derivative);
    EXPECT_LE(e.forward, e.forward_bound) << "forward at x = " << std::hexfloat << x << ", kappa " << e.kf;
    EXPECT_LE(e.derivative, e.derivative_bound)
        << "derivative at x = " << std::hexfloat << x << ", kappa " << e.kg << ", final-sum condition " << e.final_sum;
  }
  ::testing::Test::RecordProperty("max_forward_ulp", std::to_string(worst_y));
  ::testing::Test::RecordProperty("max_backward_ulp_scaled", std::to_string(worst_g));
}

// The fast level keeps the exact level's special values and signed zeros.
TYPED_TEST(Activations, FastKeepsTheExactLevelsSpecialValues) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  using Exact = typename golu_test::with_level<Act, golu::exact>::type;
  const Act act{};
  const Exact ex{};
  const T inf = std::numeric_limits<T>::infinity();
  std::vector<T> xs = {
      inf, -inf, T(0), T(-0.0), std::numeric_limits<T>::denorm_min(), -std::numeric_limits<T>::denorm_min()};
  for (T x : probe_inputs<T>(20000, 11)) xs.push_back(x);
  for (T x : xs) {
    const T y = act(x), ye = ex(x), g = act.grad(x), ge = ex.grad(x);
    if (ye == 0 || std::isinf(ye)) {
      EXPECT_TRUE(same_bits(y, ye)) << "forward at x = " << std::hexfloat << x << ": " << y << " vs " << ye;
    }
    if (ge == 0 || std::isinf(ge)) {
      EXPECT_TRUE(same_bits(g, ge)) << "derivative at x = " << std::hexfloat << x << ": " << g << " vs " << ge;
    }
  }
}

// A zero result has the sign of the exact value (MPFR): GELU(-0) = -0 * Phi(0) = -0, a
// negative subnormal times a gate below 1 rounds to -0, ELU(-0) = alpha expm1(-0) = -0.
// Both levels, scalar and batch: the SSE2 build's exact GELU once gave +0 at -0.
TYPED_TEST(Activations, ZeroResultsHaveTheSignOfTheExactValue) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  using L = std::numeric_limits<T>;
  using B = xsimd::batch<T>;
  const Act act{};
  mp ref;
  for (T x : {T(0), T(-0.0), L::denorm_min(), -L::denorm_min(), T(2) * L::denorm_min(), T(-2) * L::denorm_min(),
              L::min(), -L::min()}) {
    ref.eval(act, double(x));
    // long double holds these products without underflow, so its sign is the exact sign.
    const bool negative_y = std::signbit(ref.y()), negative_g = std::signbit(ref.g());
    for (const T y : {act(x), act(B(x)).get(0)}) {
      if (y == 0) {
        EXPECT_EQ(std::signbit(y), negative_y) << "forward at x = " << std::hexfloat << x << ": " << y;
      }
    }
    for (const T g : {act.grad(x), act.grad(B(x)).get(0)}) {
      if (g == 0) {
        EXPECT_EQ(std::signbit(g), negative_g) << "derivative at x = " << std::hexfloat << x << ": " << g;
      }
    }
  }
}

TYPED_TEST(Activations, SpecialValuesAndLimits) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  const Act act{};
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  EXPECT_TRUE(std::isnan(act(nan)));
  EXPECT_TRUE(std::isnan(act.grad(nan)));
  EXPECT_EQ(act(inf), inf);
  EXPECT_EQ(act.grad(inf), T(1));
  EXPECT_EQ(act(T(0)), T(0));
  // The limits at -inf follow from each definition.
  mp ref;
  ref.eval(act, -1e6);  // far enough for every activation's limit
  EXPECT_EQ(double(act(-inf)), std::isinf(double(act(-inf))) ? -INFINITY : double(T(ref.y())));
  EXPECT_EQ(double(act.grad(-inf)), double(T(ref.g())));
  // Batches agree with the scalars on the specials.
  using B = xsimd::batch<T>;
  for (T x : {inf, -inf, nan, T(0), T(-0.0)}) {
    EXPECT_TRUE(same_bits(act(B(x)).get(0), act(x))) << x;
    EXPECT_TRUE(same_bits(act.grad(B(x)).get(0), act.grad(x))) << x;
  }
}

TYPED_TEST(Activations, FiniteInputsGiveFiniteResults) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  const Act act{};
  for (T x : probe_inputs<T>(100000, 17)) {
    EXPECT_TRUE(std::isfinite(act(x))) << std::hexfloat << x;
    EXPECT_TRUE(std::isfinite(act.grad(x))) << std::hexfloat << x;
  }
}

TYPED_TEST(Activations, GradientMatchesFiniteDifferences) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  const Act act{};
  const double h = sizeof(T) == 4 ? 0x1p-7 : 0x1p-12, tol = sizeof(T) == 4 ? 2e-4 : 1e-9;
  for (double x = -8.03; x <= 8; x += 0.17) {  // avoids the kinks at 0
    const auto f = [&](double v) { return double(act(T(v))); };
    const double fd = (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h);
    EXPECT_NEAR(double(act.grad(T(x))), fd, tol * (1 + std::fabs(x))) << "x = " << x;
  }
}

TYPED_TEST(Activations, ScalarSimdAndArraysAgreeBitForBit) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  using B = xsimd::batch<T>;
  const Act act{};
  const std::vector<T> x = probe_inputs<T>(1000, 5);
  // One buffer for y, dx and dy (GCC 12 misreports three vectors here, -Wfree-nonheap-object).
  std::vector<T> buffer(3 * x.size(), T(1.5));
  T* const y = buffer.data();
  T* const dx = y + x.size();
  const T* const dy = dx + x.size();
  golu::forward(act, x.data(), y, x.size());
  golu::backward(act, x.data(), dy, dx, x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_TRUE(same_bits(y[i], act(x[i]))) << std::hexfloat << x[i];
    const T want = T(1.5) * act.grad(x[i]);
    ASSERT_TRUE(same_bits(dx[i], want)) << std::hexfloat << x[i];
  }
  for (std::size_t i = 0; i + B::size <= x.size(); i += B::size) {
    const B b = B::load_unaligned(x.data() + i);
    const B yb = act(b), gb = act.grad(b);
    for (std::size_t k = 0; k < B::size; ++k) {
      ASSERT_TRUE(same_bits(yb.get(k), act(x[i + k])));
      ASSERT_TRUE(same_bits(gb.get(k), act.grad(x[i + k])));
    }
  }
}

// Where a target branches to a cheaper form for vectors with no rare lane (Swish's
// and GELU-tanh's logistic with a normal 2^k, arch/rare_path.hpp), which form a
// vector took must not show: a rare lane (a result near or below the smallest
// normal, NaN, -inf) at every position among ordinary ones, each lane against the
// scalar result.
TYPED_TEST(Activations, RareLanesAtEveryPositionMatchScalar) {
  using Act = typename TypeParam::act_type;
  using T = typename TypeParam::value_type;
  using L = std::numeric_limits<T>;
  const Act act{};
  std::vector<T> rare = {T(-5),   T(-9),   T(-11.5), T(-12),         T(-20),         T(-40),     T(-86.9),
                         T(-87),  T(-88),  T(-100),  T(-120),        T(-150),        T(-700),    T(-708),
                         T(-709), T(-745), T(-800),  L::quiet_NaN(), -L::infinity(), L::lowest()};
  rare.push_back(std::nextafter(T(-12), T(-1e9)));  // GELU's normal band ends at |x| = 12 (float)
  rare.push_back(std::nextafter(T(12), T(1e9)));
  rare.push_back(std::nextafter(T(-87), T(-1e9)));
  rare.push_back(std::nextafter(T(-708), T(-1e9)));
  std::vector<T> ordinary = {T(-4),          T(-1),  T(-0.5), T(-0.0), T(0),   L::denorm_min(), -L::denorm_min(),
                             T(1),           T(5),   T(20),   T(88),   T(700), L::max(),        L::infinity(),
                             L::quiet_NaN(), T(-87), T(-708)};
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> wide(-30, 30);
  for (int i = 0; i < 64; ++i) ordinary.push_back(T(wide(rng)));
  EXPECT_GT(golu_test::check_rare_lanes(act, rare, ordinary), 0);
}

// LeakyReLU at the ends of its slope range and between, scalar calls and the array
// loops, against the definition: x for x >= 0, slope x below, with IEEE products
// (0 * -inf is NaN, slope 0 gives -0 below zero) and NaN kept.
template <class T, class Level>
void check_leaky_relu_slope(double slope) {
  using L = std::numeric_limits<T>;
  const golu::LeakyReLU<Level> act{slope};
  std::vector<T> x = {-L::infinity(), L::lowest(),   T(-3),           T(-1),          -L::min(), -L::denorm_min(),
                      T(-0.0),        T(0),          L::denorm_min(), L::min(),       T(1),      T(3),
                      L::max(),       L::infinity(), L::quiet_NaN(),  -L::quiet_NaN()};
  for (int i = 0; i < 40; ++i) x.push_back(T(i % 2 ? -1.0 : 1.0) * std::ldexp(T(1.25), i - 20));
  std::vector<T> y(x.size());
  golu::forward(act, x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    // The exact level rounds the product of x and slope once; the fast level rounds
    // slope to T first (the identity for 0, 0.5 and 1).
    const T product = is_fast_v<golu::LeakyReLU<Level>> ? T(slope) * x[i] : T(slope * double(x[i]));
    const T want = x[i] < T(0) ? product : x[i];
    const bool ok = std::isnan(want) ? std::isnan(y[i]) && std::isnan(act(x[i]))
                                     : same_bits(y[i], want) && same_bits(act(x[i]), want);
    EXPECT_TRUE(ok) << "slope " << slope << ", x = " << std::hexfloat << x[i] << ": " << y[i] << " (array), "
                    << act(x[i]) << " (scalar), want " << want;
  }
}

TEST(ActivationParameters, LeakyReLUAtTheEndsOfItsSlopeRange) {
  for (const double slope : {0.0, 0.01, 0.5, 1.0}) {
    check_leaky_relu_slope<float, golu::fast>(slope);
    check_leaky_relu_slope<double, golu::fast>(slope);
    check_leaky_relu_slope<float, golu::exact>(slope);
    check_leaky_relu_slope<double, golu::exact>(slope);
  }
}

TEST(ActivationParameters, InvalidValuesAreRejected) {
  EXPECT_THROW(golu::LeakyReLU{-0.1}, std::invalid_argument);
  EXPECT_THROW(golu::LeakyReLU{NAN}, std::invalid_argument);
  EXPECT_THROW(golu::ELU{0.0}, std::invalid_argument);
  EXPECT_THROW(golu::ELU{INFINITY}, std::invalid_argument);
  EXPECT_THROW(golu::Swish{-1.0}, std::invalid_argument);
  EXPECT_THROW(golu::Swish{0x1p11}, std::invalid_argument);
  EXPECT_NO_THROW(golu::LeakyReLU{0.2});
  EXPECT_NO_THROW(golu::ELU{0.5});
  EXPECT_NO_THROW(golu::Swish{1.702});
  // Parameters reach the kernels.
  EXPECT_EQ(golu::LeakyReLU{0.25}(-4.0), -1.0);
  EXPECT_EQ(golu::ELU{2.0}.grad(0.0), 2.0);
  EXPECT_NEAR(golu::Swish{2.0}(1.0), 1.0 / (1.0 + std::exp(-2.0)), 1e-15);  // the reference rounds thrice
}

}  // namespace
