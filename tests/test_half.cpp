// bfloat16 and binary16 storage: the conversions (against an independent decoding
// and the round-to-nearest-even rule), and the array API over 16-bit arrays
// (against the float API's results, rounded, and against long double).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <golu/activation_list.hpp>
#include <golu/array.hpp>
#include <golu/half.hpp>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

using golu::bfloat16;
using golu::float16;

// The format of a 16-bit storage type, for the reference decoding.
template <class S>
struct format;
template <>
struct format<float16> {
  static constexpr int mantissa_bits = 10, exponent_bits = 5, bias = 15;
  static constexpr double overflow = 65520.0;  // the first value that rounds to inf
  static constexpr const char* name = "float16";
};
template <>
struct format<bfloat16> {
  static constexpr int mantissa_bits = 7, exponent_bits = 8, bias = 127;
  // The largest bfloat16 (0x7f7f) plus half its ULP.
  static constexpr double overflow = (256.0 - 0.5) * 0x1p120;
  static constexpr const char* name = "bfloat16";
};

// Decodes a 16-bit pattern by the IEEE formula, in double (exact), apart from the code under test.
template <class S>
double decode(std::uint16_t bits) {
  using F = format<S>;
  const bool negative = bits >> 15;
  const int e = (bits >> F::mantissa_bits) & ((1 << F::exponent_bits) - 1);
  const int m = bits & ((1 << F::mantissa_bits) - 1);
  double v;
  if (e == (1 << F::exponent_bits) - 1)
    v = m ? std::numeric_limits<double>::quiet_NaN() : INFINITY;
  else if (e == 0)
    v = std::ldexp(double(m), 1 - F::bias - F::mantissa_bits);
  else
    v = std::ldexp(double(m + (1 << F::mantissa_bits)), e - F::bias - F::mantissa_bits);
  return negative ? -v : v;
}

std::uint32_t bits_of(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
float float_of(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

template <class S>
S make(std::uint16_t bits) {
  return S{bits};
}

template <class S>
S round_to(float f) {
  if constexpr (std::is_same<S, float16>::value) {
    return golu::to_float16(f);
  } else {
    return golu::to_bfloat16(f);
  }
}

template <class S>
class Half : public ::testing::Test {};
using StorageTypes = ::testing::Types<float16, bfloat16>;
struct StorageNames {
  template <class S>
  static std::string GetName(int) {
    return format<S>::name;
  }
};
TYPED_TEST_SUITE(Half, StorageTypes, StorageNames);

// Every 16-bit pattern widens exactly, scalar and SIMD alike; NaN keeps sign and payload.
TYPED_TEST(Half, WidensEveryPatternExactly) {
  using S = TypeParam;
  std::vector<S> all(65536);
  for (std::uint32_t b = 0; b < 65536; ++b) all[b] = make<S>(static_cast<std::uint16_t>(b));
  std::vector<float> wide(65536 + 64);
  std::vector<std::int32_t> work(65536 + 64);
  golu::detail::widen_block(all.data(), wide.data(), work.data(), all.size());
  int bad = 0;
  for (std::uint32_t b = 0; b < 65536 && bad < 5; ++b) {
    const double want = decode<S>(static_cast<std::uint16_t>(b));
    const float got = golu::to_float(all[b]);
    const bool ok = std::isnan(want)
                        ? (std::isnan(got) && (bits_of(got) >> 31) == (b >> 15) &&
                           ((bits_of(got) >> (23 - format<S>::mantissa_bits)) &
                            ((1u << format<S>::mantissa_bits) - 1)) == (b & ((1u << format<S>::mantissa_bits) - 1)))
                        : (double(got) == want && std::signbit(got) == std::signbit(want));
    if (!ok || bits_of(wide[b]) != bits_of(got)) {
      ++bad;
      ADD_FAILURE() << std::hex << "bits 0x" << b << ": scalar " << got << " batch " << wide[b] << ", want " << want;
    }
  }
}

// Checks that s is f rounded to nearest even (overflow to inf, NaN quieted with
// sign and top payload bits); returns a description of the failure or "".
template <class S>
std::string rounding_failure(float f, S s) {
  using F = format<S>;
  const std::uint16_t b = s.bits;
  if (std::isnan(f)) {
    const std::uint32_t u = bits_of(f);
    const std::uint16_t payload_shift = static_cast<std::uint16_t>(23 - F::mantissa_bits);
    const std::uint16_t quiet = static_cast<std::uint16_t>(1u << (F::mantissa_bits - 1));
    const std::uint16_t want =
        static_cast<std::uint16_t>(((u >> 31) << 15) | (((1u << F::exponent_bits) - 1) << F::mantissa_bits) |
                                   ((u >> payload_shift) & ((1u << F::mantissa_bits) - 1)) | quiet);
    return b == want ? "" : "NaN not kept";
  }
  if ((b >> 15) != (bits_of(f) >> 31)) return "sign lost";
  const double v = decode<S>(b), x = f, a = std::fabs(x);
  if (a >= F::overflow) return std::isinf(v) ? "" : "should overflow to inf";
  if (!std::isfinite(v)) return "overflowed below the threshold";
  const std::uint16_t magnitude = b & 0x7fff;
  const double err = std::fabs(v - x);
  // Neighbours of the result in magnitude (0 has only one).
  for (int d : {-1, 1}) {
    if (magnitude == 0 && d < 0) continue;
    const double w = decode<S>(static_cast<std::uint16_t>(b + d));
    if (!std::isfinite(w)) continue;
    const double other = std::fabs(w - x);
    if (other < err) return "not the nearest";
    if (other == err && (b & 1)) return "tie not to even";
  }
  return "";
}

// Float -> 16 bits, scalar and SIMD: every NaN-free float at a stride that visits
// every exponent with varied mantissas, all midpoints between neighbouring 16-bit
// values and the floats beside them, and the specials.
TYPED_TEST(Half, RoundsToNearestEven) {
  using S = TypeParam;
  std::vector<float> inputs;
  for (std::uint64_t u = 0; u <= 0xffffffffu; u += 97) inputs.push_back(float_of(static_cast<std::uint32_t>(u)));
  for (std::uint32_t b = 0; b < 0x7fff; ++b) {
    const double lo = decode<S>(static_cast<std::uint16_t>(b)), hi = decode<S>(static_cast<std::uint16_t>(b + 1));
    if (!std::isfinite(hi)) continue;
    const float mid = static_cast<float>((lo + hi) / 2);
    ASSERT_EQ(double(mid), (lo + hi) / 2) << "midpoint not a float";
    for (float m : {mid, std::nextafter(mid, 0.0f), std::nextafter(mid, INFINITY)}) {
      inputs.push_back(m);
      inputs.push_back(-m);
    }
  }
  for (float f : {0.0f, -0.0f, INFINITY, -INFINITY, 65504.0f, 65519.996f, 65520.0f, -65520.0f,
                  std::numeric_limits<float>::max(), std::numeric_limits<float>::denorm_min(), float_of(0x7f800001u),
                  float_of(0xff800001u), float_of(0x7fc00000u), float_of(0x7fbfffffu)})
    inputs.push_back(f);
  const std::size_t n = inputs.size();
  inputs.resize(n + 64, 0.0f);
  std::vector<S> narrow(n + 64);
  std::vector<std::int32_t> work(n + 64);
  golu::detail::narrow_block(inputs.data(), narrow.data(), work.data(), n);
  int bad = 0;
  for (std::size_t i = 0; i < n && bad < 5; ++i) {
    const S s = round_to<S>(inputs[i]);
    std::string why = rounding_failure(inputs[i], s);
    if (why.empty() && s.bits != narrow[i].bits) why = "SIMD differs from scalar";
    if (!why.empty()) {
      ++bad;
      ADD_FAILURE() << std::hexfloat << inputs[i] << " (0x" << std::hex << bits_of(inputs[i]) << ") -> 0x" << s.bits
                    << ": " << why;
    }
  }
}

// The array API over all 2^16 inputs: the float API's result for the widened input,
// rounded once; backward likewise with dy the inputs in reverse.
template <class S, class Level>
void expect_rounded_float_results() {
  std::vector<S> x(65536), dy(65536);
  std::vector<float> xf(65536), dyf(65536);
  for (std::uint32_t b = 0; b < 65536; ++b) {
    x[b] = make<S>(static_cast<std::uint16_t>(b));
    dy[b] = make<S>(static_cast<std::uint16_t>(65535 - b));
    xf[b] = golu::to_float(x[b]);
    dyf[b] = golu::to_float(dy[b]);
  }
  golu::for_each_activation<Level>([&](const auto& act) {
    std::vector<S> y(x.size()), dx(x.size());
    std::vector<float> yf(x.size()), dxf(x.size());
    golu::forward(act, x.data(), y.data(), x.size());
    golu::forward(act, xf.data(), yf.data(), xf.size());
    golu::backward(act, x.data(), dy.data(), dx.data(), x.size());
    golu::backward(act, xf.data(), dyf.data(), dxf.data(), xf.size());
    int bad = 0;
    for (std::size_t i = 0; i < x.size() && bad < 5; ++i) {
      const S want_y = round_to<S>(yf[i]), want_dx = round_to<S>(dxf[i]);
      // Which of two NaN operands a product returns is the compiler's choice: NaN matches any NaN.
      const auto same = [](S got, S want) {
        return got.bits == want.bits || (std::isnan(golu::to_float(got)) && std::isnan(golu::to_float(want)));
      };
      if (!same(y[i], want_y) || !same(dx[i], want_dx)) {
        ++bad;
        ADD_FAILURE() << act.name << " " << Level::name << " x = " << xf[i] << ": y 0x" << std::hex << y[i].bits
                      << " want 0x" << want_y.bits << ", dx 0x" << dx[i].bits << " want 0x" << want_dx.bits;
      }
    }
  });
}

TYPED_TEST(Half, ArrayResultsAreTheFloatResultsRoundedFast) {
  expect_rounded_float_results<TypeParam, golu::fast>();
}
TYPED_TEST(Half, ArrayResultsAreTheFloatResultsRoundedExact) {
  expect_rounded_float_results<TypeParam, golu::exact>();
}

// Size of one ULP of S at |v| (the subnormal spacing below the normal range).
template <class S>
double storage_ulp(double v) {
  using F = format<S>;
  int e = 0;
  std::frexp(std::fabs(v), &e);  // |v| in [2^(e-1), 2^e)
  const int min_exponent = 1 - F::bias;
  return std::ldexp(1.0, std::max(e - 1, min_exponent) - F::mantissa_bits);
}

// End to end against long double: GoLU on every finite 16-bit input is within half
// a storage ULP plus the float kernel's bound (8 ULP x max(1, kappa) fast, 1 ULP
// exact), converted to storage ULPs; outputs beyond the storage range are inf.
template <class S, class Level>
void expect_golu_within_bound(double float_ulps_per_kappa) {
  std::vector<S> x(65536), y(65536);
  for (std::uint32_t b = 0; b < 65536; ++b) x[b] = make<S>(static_cast<std::uint16_t>(b));
  golu::forward(golu::GoLU<Level>{}, x.data(), y.data(), x.size());
  double worst = 0;
  int bad = 0;
  for (std::uint32_t b = 0; b < 65536 && bad < 5; ++b) {
    const long double xv = decode<S>(static_cast<std::uint16_t>(b));
    const double got = decode<S>(y[b].bits);
    if (std::isnan(double(xv))) {
      EXPECT_TRUE(std::isnan(got));
      continue;
    }
    const long double t = std::exp(-xv), ref = std::isinf(double(xv)) ? (xv > 0 ? xv : -0.0L) : xv * std::exp(-t);
    if (std::fabs(double(ref)) >= format<S>::overflow) {
      EXPECT_TRUE(std::isinf(got) && (got > 0) == (ref > 0)) << "x = " << double(xv);
      continue;
    }
    const double kappa = std::max(1.0, double(std::fabs(1 + xv * t)));
    const double float_ulp_in_storage = std::ldexp(1.0, format<S>::mantissa_bits - 23);
    const double bound =
        0.5 + float_ulps_per_kappa * (std::is_same<Level, golu::fast>::value ? kappa : 1.0) * float_ulp_in_storage;
    const double err = double(std::fabs(got - ref)) / storage_ulp<S>(double(ref));
    worst = std::max(worst, err);
    if (!(err <= bound)) {
      ++bad;
      ADD_FAILURE() << Level::name << " x = " << double(xv) << ": " << got << " vs " << double(ref) << ", " << err
                    << " storage ULP > " << bound;
    }
  }
  ::testing::Test::RecordProperty(std::string("max_ulp_") + Level::name, std::to_string(worst));
}

TYPED_TEST(Half, GoLUWithinTheBoundRoundedToStorage) {
  expect_golu_within_bound<TypeParam, golu::fast>(8);
  expect_golu_within_bound<TypeParam, golu::exact>(1);
}

// Blocks and tails: sizes around the vector width and the 512-value block; every
// element equals the scalar float call on the widened value, rounded; in place works.
TYPED_TEST(Half, SizesAroundBlocksAndVectors) {
  using S = TypeParam;
  const golu::GoLU<golu::fast> act{};
  for (std::size_t n : {0, 1, 3, 7, 15, 16, 17, 31, 33, 511, 512, 513, 1024, 1041}) {
    std::vector<S> x(n), y(n), dy(n), dx(n);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = round_to<S>(-8.0f + 16.0f * float(i) / float(n + 1));
      dy[i] = round_to<S>(0.5f + float(i % 7));
    }
    golu::forward(act, x.data(), y.data(), n);
    golu::backward(act, x.data(), dy.data(), dx.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      const float xi = golu::to_float(x[i]);
      ASSERT_EQ(y[i].bits, round_to<S>(act(xi)).bits) << "n = " << n << ", i = " << i;
      ASSERT_EQ(dx[i].bits, round_to<S>(golu::to_float(dy[i]) * act.grad(xi)).bits) << "n = " << n << ", i = " << i;
    }
    std::vector<S> in_place = x;
    golu::forward(act, in_place.data(), in_place.data(), n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(in_place[i].bits, y[i].bits);
  }
}

TYPED_TEST(Half, ParamGradIsTheFloatParamGradOfTheWidenedValues) {
  using S = TypeParam;
  const std::size_t n = 1500;
  std::vector<S> x(n), dy(n);
  std::vector<float> xf(n), dyf(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = round_to<S>(-6.0f + 12.0f * float(i) / float(n));
    dy[i] = round_to<S>(1.0f - float(i % 5) / 4);
    xf[i] = golu::to_float(x[i]);
    dyf[i] = golu::to_float(dy[i]);
  }
  const golu::GoLU<golu::exact> act{1.0, 1.5, 0.8};
  const auto got = golu::param_grad(act, x.data(), dy.data(), n);
  const auto want = golu::param_grad(act, xf.data(), dyf.data(), n);
  // The same partials, summed in another order (block by block).
  EXPECT_NEAR(got.alpha, want.alpha, 1e-12 * std::fabs(want.alpha) + 1e-12);
  EXPECT_NEAR(got.beta, want.beta, 1e-12 * std::fabs(want.beta) + 1e-12);
  EXPECT_NEAR(got.gamma, want.gamma, 1e-12 * std::fabs(want.gamma) + 1e-12);
  EXPECT_NE(got.alpha, 0.0);
}

TYPED_TEST(Half, BadArraysAreRejected) {
  using S = TypeParam;
  std::vector<S> x(64);
  const golu::GoLU<> act{};
  EXPECT_THROW(golu::forward(act, static_cast<const S*>(nullptr), x.data(), 3), std::invalid_argument);
  EXPECT_THROW(golu::forward(act, x.data(), x.data() + 1, 8), std::invalid_argument);
  EXPECT_THROW(golu::backward(act, x.data(), x.data() + 2, x.data() + 1, 8), std::invalid_argument);
  EXPECT_NO_THROW(golu::forward(act, static_cast<const S*>(nullptr), static_cast<S*>(nullptr), 0));
}

}  // namespace
