// Uniform arithmetic for the kernels: one spelling for scalar double and for
// xsimd::batch<double, A>, so that each algorithm is written once.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <golu/arch/fma.hpp>
#include <golu/arch/x86.hpp>
#include <golu/config.hpp>
#include <golu/target.hpp>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// ---- type traits ---------------------------------------------------------

// bits_of<D>: the unsigned integer type (or batch) with D's bit pattern.
template <class D>
struct lanes;

template <>
struct lanes<double> {
  using bits = std::uint64_t;
  using index = std::int64_t;
  static constexpr bool fused = GOLU_HAS_FMA != 0;
};

template <class A>
struct lanes<xsimd::batch<double, A>> {
  using bits = xsimd::batch<std::uint64_t, A>;
  using index = xsimd::batch<std::int64_t, A>;
  static constexpr bool fused = arch_has_fma<A>::value;
};

template <class D>
using bits_t = typename lanes<D>::bits;

// ---- elementary operations -----------------------------------------------

// fma: golu/arch/fma.hpp.

// IEEE negation (sign flip). xsimd 8.1's unary minus on AVX-512 batches is
// 0 - x, which turns -0 into +0 and would break scalar/SIMD bit identity.
GOLU_ALWAYS_INLINE double neg(double x) noexcept {
  return -x;
}

template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> neg(const xsimd::batch<double, A>& x) noexcept {
  using U = xsimd::batch<std::uint64_t, A>;
  return xsimd::bitwise_cast<xsimd::batch<double, A>>(xsimd::bitwise_cast<U>(x) ^ U(std::uint64_t(1) << 63));
}

GOLU_ALWAYS_INLINE double select(bool c, double a, double b) noexcept {
  return c ? a : b;
}

template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> select(const xsimd::batch_bool<double, A>& c,
                                                  const xsimd::batch<double, A>& a,
                                                  const xsimd::batch<double, A>& b) noexcept {
  return xsimd::select(c, a, b);
}

GOLU_ALWAYS_INLINE std::uint64_t to_bits(double x) noexcept {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

GOLU_ALWAYS_INLINE double from_bits(std::uint64_t u) noexcept {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<std::uint64_t, A> to_bits(const xsimd::batch<double, A>& x) noexcept {
  return xsimd::bitwise_cast<xsimd::batch<std::uint64_t, A>>(x);
}

template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> from_bits(const xsimd::batch<std::uint64_t, A>& u) noexcept {
  return xsimd::bitwise_cast<xsimd::batch<double, A>>(u);
}

// Table look-up with an index already reduced to the table's range.
GOLU_ALWAYS_INLINE double lookup(const double* table, std::uint64_t i) noexcept {
  return table[i];
}

template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> lookup(const double* table,
                                                  const xsimd::batch<std::uint64_t, A>& i) noexcept {
  return gather(table, i);
}

// table[i] for an 8-entry table (see arch/x86.hpp for batches).
GOLU_ALWAYS_INLINE double lookup8(const double (&table)[8], std::uint64_t i) noexcept {
  return table[i];
}

// cond ? a : b for bit words (exponents, table offsets), through the double lanes they share.
template <class C, class B>
GOLU_ALWAYS_INLINE B select_bits(const C& cond, const B& a, const B& b) noexcept {
  return to_bits(select(cond, from_bits(a), from_bits(b)));
}

// Copies the sign bit of `sign` onto `magnitude`, which must be non-negative or of that sign already.
template <class D>
GOLU_ALWAYS_INLINE D or_sign(const D& magnitude, const D& sign) noexcept {
  const bits_t<D> mask(std::uint64_t(1) << 63);
  return from_bits(to_bits(magnitude) | (to_bits(sign) & mask));
}

// ---- error-free transformations (double-double arithmetic) ---------------

template <class D>
struct dd {
  D hi, lo;
};

// a + b = s + e exactly, any magnitudes (Knuth).
template <class D>
GOLU_ALWAYS_INLINE dd<D> two_sum(const D& a, const D& b) noexcept {
  const D s = a + b;
  const D bb = s - a;
  const D e = (a - (s - bb)) + (b - bb);
  return {s, e};
}

// a + b = s + e exactly when |a| >= |b| or a == 0 (Dekker).
template <class D>
GOLU_ALWAYS_INLINE dd<D> fast_two_sum(const D& a, const D& b) noexcept {
  const D s = a + b;
  const D e = b - (s - a);
  return {s, e};
}

// c + a for a double c and a double-double a, of any signs and sizes.
template <class D>
GOLU_ALWAYS_INLINE dd<D> plus(const D& c, const dd<D>& a) noexcept {
  const dd<D> s = two_sum(c, a.hi);
  return {s.hi, s.lo + a.lo};
}

// Veltkamp split of a into 26 + 26 bits, so that partial products are exact.
template <class D>
GOLU_ALWAYS_INLINE dd<D> split(const D& a) noexcept {
  const D c = D(134217729.0) * a;  // 2^27 + 1
  const D hi = c - (c - a);
  return {hi, a - hi};
}

// a * b = p + e exactly (barring underflow of e). p is opaque (arch/x86.hpp), so
// that it is the rounded product wherever it goes, even where e is never used.
template <class D>
GOLU_ALWAYS_INLINE dd<D> two_prod(const D& a, const D& b) noexcept {
  const D p = opaque(a * b);
  if constexpr (lanes<D>::fused) {
    return {p, fma(a, b, neg(p))};
  } else {
    const dd<D> as = split(a), bs = split(b);
    const D e = ((as.hi * bs.hi - p) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
    return {p, e};
  }
}

// Round-to-nearest-integer with the shifter trick: valid for |x| < 2^51, and the
// low bits of the returned sum hold the integer in two's complement.
constexpr double round_shifter = 0x1.8p52;

// p * 2^m, m = round_shifter - shifted (see arch/x86.hpp for the batch version).
GOLU_ALWAYS_INLINE double times_pow2(double p, double, double shifted) noexcept {
  return p * from_bits((std::uint64_t(1023) - to_bits(shifted)) << 52);
}

// x < lo ? lo : x and x > hi ? hi : x; a NaN x stays NaN.
GOLU_ALWAYS_INLINE double clamp_below(double x, double lo) noexcept {
  return x < lo ? lo : x;
}
GOLU_ALWAYS_INLINE double clamp_above(double x, double hi) noexcept {
  return x > hi ? hi : x;
}

template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> clamp_below(const xsimd::batch<double, A>& x, double lo) noexcept {
  return max_keep_nan(xsimd::batch<double, A>(lo), x);
}
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> clamp_above(const xsimd::batch<double, A>& x, double hi) noexcept {
  return min_keep_nan(xsimd::batch<double, A>(hi), x);
}

// c[0] + c[1] x + ... + c[N-1] x^(N-1), by Horner's rule with fused steps.
template <class D, std::size_t N>
GOLU_ALWAYS_INLINE D horner(const D& x, const double (&c)[N]) noexcept {
  D r(c[N - 1]);
  for (std::size_t i = N - 1; i-- > 0;) r = fma(r, x, D(c[i]));
  return r;
}

// 2^-(a*b), the product taken unrounded, for a*b in [-1022, 1022]: 2^-f on
// |f| <= 1/2 from `poly`, times 2^-round(a*b).
template <class D, std::size_t N>
GOLU_ALWAYS_INLINE D exp2_of_neg_product(const D& a, const D& b, const double (&poly)[N]) noexcept {
  const D shifter(round_shifter);
  const D s = fma(a, b, shifter);
  const D m = shifter - s;   // -round(a*b)
  const D f = fma(a, b, m);  // a*b - round(a*b), exact product
  return times_pow2(horner(f, poly), m, s);
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
