// Arithmetic in the data's own width, for the fast accuracy level: one spelling
// for V = float, double, xsimd::batch<float, A> and xsimd::batch<double, A>, and
// the native exponential e^-a that every fast kernel is built on.
//
// Bit identity. Scalar and SIMD code run the same operations: every product that
// feeds a sum is an explicit fma (fused exactly when the SIMD code is, see
// GOLU_HAS_FMA), and the AVX-512 shortcuts (vscalefps, vmaxps) return the same
// bits as the portable sequences for every input the kernels give them.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <golu/arch/fma.hpp>
#include <golu/arch/neon.hpp>
#include <golu/arch/x86.hpp>
#include <golu/config.hpp>
#include <golu/detail/constants.hpp>
#include <golu/detail/ops.hpp>
#include <golu/target.hpp>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {
namespace native {

// ---- the IEEE formats and the native exponential's constants --------------

template <class S>
struct format;

template <>
struct format<float> {
  using bits = std::uint32_t;
  static constexpr int mantissa_bits = 23;
  static constexpr bits bias = 127;
  static constexpr bits sign_mask = bits(1) << 31;
  static constexpr float shifter = 0x1.8p23f;  // s = shifter + k holds the integer k in its low bits
  static constexpr float log2e = 0x1.715476p+0f;
  static constexpr float ln2_hi = constants::native_ln2_float_hi;  // 16 bits: k * ln2_hi exact for |k| < 2^8
  static constexpr float ln2_lo = constants::native_ln2_float_lo;
  static constexpr const float (&q)[6] = constants::native_exp_neg_float;
  // scale_wide: 2^m for m in [-2 * split, 0] as 2^(m + split) * 2^-split, both normal.
  static constexpr float split = 100;
};

template <>
struct format<double> {
  using bits = std::uint64_t;
  static constexpr int mantissa_bits = 52;
  static constexpr bits bias = 1023;
  static constexpr bits sign_mask = bits(1) << 63;
  static constexpr double shifter = 0x1.8p52;
  static constexpr double log2e = constants::log2e;
  static constexpr double ln2_hi = constants::native_ln2_double_hi;  // 42 bits: exact for |k| < 2^11
  static constexpr double ln2_lo = constants::native_ln2_double_lo;
  static constexpr const double (&q)[11] = constants::native_exp_neg_double;
  static constexpr double split = 600;
};

template <class V>
struct value;
template <>
struct value<float> {
  using scalar = float;
  using bits = std::uint32_t;
};
template <>
struct value<double> {
  using scalar = double;
  using bits = std::uint64_t;
};
template <class T, class A>
struct value<xsimd::batch<T, A>> {
  using scalar = T;
  using bits = xsimd::batch<typename format<T>::bits, A>;
};

template <class V>
using scalar_t = typename value<V>::scalar;
template <class V>
using bits_of_t = typename value<V>::bits;
template <class V>
using format_of = format<scalar_t<V>>;

// ---- elementary operations -------------------------------------------------

// a * b + c, fused exactly when the matching SIMD code is (golu/arch/fma.hpp).
using detail::fma;

template <class V>
GOLU_ALWAYS_INLINE bits_of_t<V> to_bits(const V& v) noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    bits_of_t<V> u;
    std::memcpy(&u, &v, sizeof u);
    return u;
  } else if constexpr (is_neon64<typename V::arch_type>) {
    return neon_bitcast<typename bits_of_t<V>::value_type>(v);
  } else {
    return xsimd::bitwise_cast<bits_of_t<V>>(v);
  }
}

template <class V>
GOLU_ALWAYS_INLINE V from_bits(const bits_of_t<V>& u) noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    V v;
    std::memcpy(&v, &u, sizeof v);
    return v;
  } else if constexpr (is_neon64<typename V::arch_type>) {
    return neon_bitcast<typename V::value_type>(u);
  } else {
    return xsimd::bitwise_cast<V>(u);
  }
}

// u << n, lane by lane (n below the lane's width).
template <class U>
GOLU_ALWAYS_INLINE U shift_left(const U& u, int n) noexcept {
  if constexpr (std::is_integral<U>::value) {
    return U(u << n);
  } else if constexpr (is_neon64<typename U::arch_type>) {
    return neon_shift_left(u, n);
  } else {
    return u << n;
  }
}

template <class S, std::enable_if_t<std::is_floating_point<S>::value, int> = 0>
GOLU_ALWAYS_INLINE S select(bool c, S a, S b) noexcept {
  return c ? a : b;
}
template <class T, class A>
GOLU_ALWAYS_INLINE xsimd::batch<T, A> select(const xsimd::batch_bool<T, A>& c, const xsimd::batch<T, A>& a,
                                             const xsimd::batch<T, A>& b) noexcept {
  return xsimd::select(c, a, b);
}

// x < lo ? lo : x and x > hi ? hi : x; a NaN x stays NaN.
template <class S, std::enable_if_t<std::is_floating_point<S>::value, int> = 0>
GOLU_ALWAYS_INLINE S clamp_below(S x, S lo) noexcept {
  return x < lo ? lo : x;
}
template <class S, std::enable_if_t<std::is_floating_point<S>::value, int> = 0>
GOLU_ALWAYS_INLINE S clamp_above(S x, S hi) noexcept {
  return x > hi ? hi : x;
}
template <class T, class A>
GOLU_ALWAYS_INLINE xsimd::batch<T, A> clamp_below(const xsimd::batch<T, A>& x, T lo) noexcept {
  return max_keep_nan(xsimd::batch<T, A>(lo), x);
}
template <class T, class A>
GOLU_ALWAYS_INLINE xsimd::batch<T, A> clamp_above(const xsimd::batch<T, A>& x, T hi) noexcept {
  return min_keep_nan(xsimd::batch<T, A>(hi), x);
}
// The same with per-lane bounds (V for both).
template <class V>
GOLU_ALWAYS_INLINE V clamp_below_by(const V& x, const V& lo) noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    return x < lo ? lo : x;
  } else {
    return max_keep_nan(lo, x);
  }
}
template <class V>
GOLU_ALWAYS_INLINE V clamp_above_by(const V& x, const V& hi) noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    return x > hi ? hi : x;
  } else {
    return min_keep_nan(hi, x);
  }
}

// magnitude with the sign bit of `sign` or-ed in: magnitude must be >= +0 or
// already carry that sign.
template <class V>
GOLU_ALWAYS_INLINE V or_sign(const V& magnitude, const V& sign) noexcept {
  const bits_of_t<V> mask(format_of<V>::sign_mask);
  return from_bits<V>(to_bits(magnitude) | (to_bits(sign) & mask));
}

// 2^k for an integral k in the normal exponent range, from k's bits in
// shifter + bias + k.
template <class V>
GOLU_ALWAYS_INLINE V pow2(const V& k) noexcept {
  using F = format_of<V>;
  const V biased = k + V(F::shifter + scalar_t<V>(F::bias));
  return from_bits<V>(shift_left(to_bits(biased), F::mantissa_bits));
}

// Whether V is an AVX-512 batch, whose vscalef instruction computes y * 2^m,
// correctly rounded, for any integral m.
template <class V>
constexpr bool has_scalef() noexcept {
  if constexpr (!std::is_floating_point<V>::value) {
    return is_avx512<typename V::arch_type>;
  } else {
    return false;
  }
}

template <class V>
GOLU_ALWAYS_INLINE V scalef(const V& y, const V& m) noexcept {
  if constexpr (has_scalef<V>()) {
    return avx512_scalef(y, m);
  } else {
    static_assert(has_scalef<V>(), "scalef: callers test has_scalef first");
    (void)m;
    return y;
  }
}

// p * 2^m for an integral m with 2^m normal, where s = shifter - m (the rounding
// step of exp_neg): exact unless the product is subnormal, then rounded once.
template <class V>
GOLU_ALWAYS_INLINE V times_pow2(const V& p, const V& m, const V& s) noexcept {
  if constexpr (has_scalef<V>()) {
    (void)s;
    return scalef(p, m);
  } else {
    using F = format_of<V>;
    (void)m;
    const bits_of_t<V> biased = bits_of_t<V>(F::bias) - to_bits(s);  // (bias + m) mod 2^width
    return p * from_bits<V>(shift_left(biased, F::mantissa_bits));
  }
}

// p * 2^m where p and p * 2^m are normal (exact), s = shifter - m as for
// times_pow2: m added to p's exponent field, two integer operations and no
// multiplication (s's own exponent bits shift out: shifter's low bits are zero).
// vscalef on AVX-512. Any other p or m gives garbage, not a rounded product.
template <class V>
GOLU_ALWAYS_INLINE V times_pow2_normal(const V& p, const V& m, const V& s) noexcept {
  if constexpr (has_scalef<V>()) {
    (void)s;
    return scalef(p, m);
  } else {
    (void)m;
    return from_bits<V>(to_bits(p) - shift_left(to_bits(s), format_of<V>::mantissa_bits));
  }
}

// y * 2^m for an integral m in [-2 * split, bias], rounded once: as y * 2^(m + split)
// (exact whenever the result is not zero: it needs |y| 2^(m + split) >= the
// smallest normal, and a non-zero result has |y| 2^m >= the smallest subnormal)
// times 2^-split.
template <class V>
GOLU_ALWAYS_INLINE V scale_wide(const V& y, const V& m) noexcept {
  if constexpr (has_scalef<V>()) {
    return scalef(y, m);
  } else {
    using S = scalar_t<V>;
    const S split = format_of<V>::split;
    const V second = native::select(m < V(-split), V(-split), V(S(0)));
    // Opaque: a compiler that contracts a*b + c would otherwise fuse this product
    // into a caller's addition here but not where vscalefps computes it.
    return opaque((y * pow2(m - second)) * pow2(second));
  }
}

// scale_wide(y, m), bit for bit, where the caller knows 2^m normal (NormalPow2: a
// vector in a kernel's normal band, arch/rare_path.hpp): one multiplication, which
// rounds a subnormal result once as scale_wide's two do, opaque as its product is.
template <bool NormalPow2, class V>
GOLU_ALWAYS_INLINE V scale_pow2(const V& y, const V& m) noexcept {
  if constexpr (NormalPow2 && !has_scalef<V>()) {
    return opaque(y * pow2(m));
  } else {
    return scale_wide(y, m);
  }
}

// z where x < cut, else scale_wide(y, m): results known to be (signed) zeros are
// selected rather than scaled into underflow, which costs a microcode assist per
// vector on x86. NaN x is not below. On AVX-512 the choice is vscalef's merge mask
// (one compare on top of the scaling); elsewhere a select before it.
template <class V>
GOLU_ALWAYS_INLINE V scale_wide_unless_below(const V& x, const V& cut, const V& y, const V& m, const V& z) noexcept {
  if constexpr (has_scalef<V>()) {
    return avx512_scalef_unless_below(x, cut, y, m, z);
  } else {
    return scale_wide(native::select(x < cut, z, y), m);
  }
}

// c[0] + c[1] x + ... by Horner's rule with fused steps.
template <class V, class S, std::size_t N>
GOLU_ALWAYS_INLINE V horner(const V& x, const S (&c)[N]) noexcept {
  V r(c[N - 1]);
  for (std::size_t i = N - 1; i-- > 0;) r = native::fma(r, x, V(c[i]));
  return r;
}

// Whether native::fma is fused for V (GOLU_HAS_FMA for scalars, the batch's
// architecture for batches: the two always agree within one translation unit).
template <class V>
constexpr bool fused() noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    return GOLU_HAS_FMA != 0;
  } else {
    return arch_has_fma<typename V::arch_type>::value;
  }
}

// ---- the native exponential --------------------------------------------------

// e^-a = p * 2^m, p in [e^-(ln2/2), e^(ln2/2)], for a with |round(a log2e)| <
// 2^8 (float) or 2^11 (double), where k * ln2_hi is exact. Returns p; sets m and
// s = shifter - m, which carries m for times_pow2. (Out-parameters, not a struct:
// GCC 12 kept dead stack stores of returned batch structs in the array loops.)
//
// Cody-Waite: k = round(a log2e), r = a - k ln2_hi - k ln2_lo (the first step
// exact by Sterbenz, with or without FMA), e^-r = 1 + r Q(r) with Q from
// constants.hpp (relative error 2^-26.5 float, 2^-56.5 double, before rounding).
// Cost per vector: 1 fma + 1 sub (round), 2 fma (reduce), deg(Q) + 2 fma.
//
// OneStepReduction: r = a - k ln2f in one fma, ln2f = ln2 rounded to float, where
// FMA is fused (float only; otherwise the two-step reduction above). r is then off
// by |k| |ln2f - ln2| < |k| 2^-29.0, a relative error of e^-a up to |k| 2^-29: for
// callers whose results' condition number grows with |k| where k is large (GoLU's
// default kernel: see gompertz_fast.hpp; the logistic of fast_times_logistic), one
// fma fewer per exponential.

// a + Sign j ln2 for an integral j (|j| < 2^8 float, 2^11 double): one fma or two.
template <bool OneStepReduction, int Sign = 1, class V>
GOLU_ALWAYS_INLINE V plus_ln2_times(const V& a, const V& j) noexcept {
  using F = format_of<V>;
  using S = scalar_t<V>;
  if constexpr (OneStepReduction && fused<V>() && std::is_same<S, float>::value) {
    return native::fma(j, V(S(Sign * 0x1.62e43p-1f)), a);
  } else {
    return native::fma(j, V(S(Sign * F::ln2_lo)), native::fma(j, V(S(Sign * F::ln2_hi)), a));
  }
}

// e^-r = 1 + r Q(r) on |r| <= ln2/2.
template <class V>
GOLU_ALWAYS_INLINE V exp_neg_reduced(const V& r) noexcept {
  return native::fma(r, native::horner(r, format_of<V>::q), V(scalar_t<V>(1)));
}

template <bool OneStepReduction = false, class V>
GOLU_ALWAYS_INLINE V exp_neg(const V& a, V& m, V& s) noexcept {
  using F = format_of<V>;
  const V shifter(F::shifter);
  s = native::fma(a, V(F::log2e), shifter);  // shifter + round(a log2e)
  m = shifter - s;                           // -k, exact
  return exp_neg_reduced(plus_ln2_times<OneStepReduction>(a, m));
}

// The same e^-a = p * 2^-k with the exponent returned as k = round(a log2e)
// (what a caller that scales by 2^k needs): p is bit-identical to exp_neg's, since
// k times -ln2 is m times ln2 exactly.
template <bool OneStepReduction = false, class V>
GOLU_ALWAYS_INLINE V exp_neg_times_pow2(const V& a, V& k) noexcept {
  using F = format_of<V>;
  const V shifter(F::shifter);
  k = native::fma(a, V(F::log2e), shifter) - shifter;
  return exp_neg_reduced(plus_ln2_times<OneStepReduction, -1>(a, k));
}

// e^-(a + a_lo) for an argument carried as two values (|a_lo| <= ulp(a)), so that
// the rounding of a computed argument does not become a relative error |a| ulp/2.
template <class V>
GOLU_ALWAYS_INLINE V exp_neg(const V& a, const V& a_lo, V& m, V& s) noexcept {
  using F = format_of<V>;
  const V shifter(F::shifter);
  s = native::fma(a, V(F::log2e), shifter);
  m = shifter - s;
  return exp_neg_reduced(plus_ln2_times<false>(a, m) + a_lo);
}

// e^-a - 1 for a >= 0 (clamped by the caller as for exp_neg), without the
// cancellation of exp_neg(a) - 1: 2^m (1 + r Q) - 1 = (2^m - 1) + 2^m r Q, where
// 2^m - 1 is exact for m >= -24 (float) / -53 (double) and r Q is the polynomial's
// part before its final + 1. Relative error a few ULP on [-ln2/2, 0] and beyond.
template <class V>
GOLU_ALWAYS_INLINE V expm1_neg(const V& a) noexcept {
  using F = format_of<V>;
  const V shifter(F::shifter);
  const V s = native::fma(a, V(F::log2e), shifter);
  const V m = shifter - s;
  const V r = plus_ln2_times<false>(a, m);
  const V rq = r * native::horner(r, F::q);
  const V two_m = times_pow2(V(scalar_t<V>(1)), m, s);
  return native::fma(two_m, rq, two_m - V(scalar_t<V>(1)));
}

// ---- the exponential of a scaled argument, with a factor ---------------------

// f e^-(c a) = p * 2^m for run-time constants c > 0 and f > 0, folded into the
// exponential's own constants so that a kernel with parameters costs what one
// without costs (GoLU's general alpha, beta, gamma: no product by c before the
// exponential, none by f after it):
//   k = round(a c log2e), r = a - k ln2/c, f e^-(c r) = f + r Q_c(r),
// Q_c's coefficients f q_i c^(i+1) from e^-r = 1 + r Q(r) above. Where FMA is
// fused (float), r takes one fma with L = ln2/c rounded; elsewhere (and for
// double, whose default kernel reduces in two steps) two, with L_hi of ln2_hi's
// width so that k L_hi is exact. Cost per vector: that of exp_neg.
//
// Error: L's rounding moves c r by |k| c |L - ln2/c| <= |c a| 2^-24 (float,
// one step), or |c a| 2^-53 relative to ln2's double-double split (two steps):
// a relative error of the result that grows with the argument, as the rounding
// of the product c a it replaces did. The coefficients' roundings add < 2^-23.5
// (float) relative. With c = f = 1, make_scaled_exp gives exp_neg's own
// constants (unit_scaled_exp): the same bits as exp_neg.
template <class S>
struct scaled_exp {
  static constexpr std::size_t terms = std::extent<std::remove_reference_t<decltype(format<S>::q)>>::value;
  S c_log2e;                       // c log2e, the rounding step's factor
  S ln2_over_c;                    // ln2/c rounded (one-step reduction)
  S ln2_over_c_hi, ln2_over_c_lo;  // ln2/c in two parts (two-step reduction)
  S f;                             // the factor, Q_c's constant term
  S q[terms];                      // f q_i c^(i+1)
};

template <class S>
constexpr scaled_exp<S> unit_scaled_exp() noexcept {
  using F = format<S>;
  scaled_exp<S> e{F::log2e, S(constants::ln2), F::ln2_hi, F::ln2_lo, S(1), {}};
  for (std::size_t i = 0; i < scaled_exp<S>::terms; ++i) e.q[i] = F::q[i];
  return e;
}

// v rounded to nearest with `bits` significant bits.
inline double round_to_bits(double v, int bits) noexcept {
  int e = 0;
  const double fr = std::frexp(v, &e);
  return std::ldexp(std::nearbyint(std::ldexp(fr, bits)), e - bits);
}

template <class S>
inline scaled_exp<S> make_scaled_exp(double c, double f) noexcept {
  // ln2 = hi + lo to ~95 bits (constants.hpp); L = ln2/c as L_hi + L_lo with
  // L_hi of the width of format<S>::ln2_hi, and the remainder formed exactly by
  // the fma before its one division.
  constexpr int hi_bits = std::is_same<S, float>::value ? 16 : 42;
  const double hi = constants::native_ln2_double_hi, lo = constants::native_ln2_double_lo;
  const double l_hi = round_to_bits(hi / c, hi_bits);
  const double l_lo = (std::fma(-l_hi, c, hi) + lo) / c;
  scaled_exp<S> e{S(c * constants::log2e), S(l_hi + l_lo), S(l_hi), S(l_lo), S(f), {}};
  double cp = c;
  for (std::size_t i = 0; i < scaled_exp<S>::terms; ++i, cp *= c) e.q[i] = S(f * double(format<S>::q[i]) * cp);
  return e;
}

// The reduction: r = a - k ln2/c, m = -k, s = shifter - m.
template <class V>
GOLU_ALWAYS_INLINE V reduce_scaled(const V& a, const scaled_exp<scalar_t<V>>& e, V& m, V& s) noexcept {
  using F = format_of<V>;
  using S = scalar_t<V>;
  const V shifter(F::shifter);
  s = native::fma(a, V(e.c_log2e), shifter);  // shifter + round(a c log2e)
  m = shifter - s;                            // -k, exact
  if constexpr (fused<V>() && std::is_same<S, float>::value) {
    return native::fma(m, V(e.ln2_over_c), a);
  } else {
    return native::fma(m, V(e.ln2_over_c_lo), native::fma(m, V(e.ln2_over_c_hi), a));
  }
}

template <class V>
GOLU_ALWAYS_INLINE V exp_neg_scaled(const V& a, const scaled_exp<scalar_t<V>>& e, V& m, V& s) noexcept {
  const V r = reduce_scaled(a, e, m, s);
  return native::fma(r, native::horner(r, e.q), V(e.f));
}

// e^-(c a) = (1 + q) 2^m for constants with f = 1, q returned: q = r Q_c(r)
// carries errors relative to itself (the reduction's, Q's, its rounding), where
// 1 + q rounded would carry 2^-24 absolute. For exp_neg_scaled_split.
template <class V>
GOLU_ALWAYS_INLINE V exp_neg_scaled_minus_one(const V& a, const scaled_exp<scalar_t<V>>& e, V& m, V& s) noexcept {
  const V r = reduce_scaled(a, e, m, s);
  return r * native::horner(r, e.q);
}

// f e^-(c t) for t = t0 (1 + q), t0 a power of two, given t's rounding
// fma(t0, q, t0) for the rounding step: r = (t0 - k L_hi) + t0 q + (-k L_lo),
// the first difference exact (k L_hi is, and t0 and k L_hi are within a factor 2
// of each other once c t0 >= 1.7), t0 q exact inside the fma. So r's error stays
// relative to r (c |r| <= ln2/2), and t's rounding, 2^-24 of t, never reaches the
// result multiplied by c t. Two fma more than exp_neg_scaled.
template <class V>
GOLU_ALWAYS_INLINE V exp_neg_scaled_split(const V& t, const V& t0, const V& q, const scaled_exp<scalar_t<V>>& e, V& m,
                                          V& s) noexcept {
  const V shifter(format_of<V>::shifter);
  s = native::fma(t, V(e.c_log2e), shifter);
  m = shifter - s;
  const V r = native::fma(m, V(e.ln2_over_c_lo), native::fma(t0, q, native::fma(m, V(e.ln2_over_c_hi), t0)));
  return native::fma(r, native::horner(r, e.q), V(e.f));
}

// table[i mod N] per lane (N a power of two) by scalar loads: the portable fallback
// of the in-register table lookups.
template <class T, std::size_t N, class U, class A>
GOLU_ALWAYS_INLINE xsimd::batch<T, A> lookup_by_loads(const T (&table)[N], const xsimd::batch<U, A>& i) noexcept {
  static_assert((N & (N - 1)) == 0, "power-of-two tables");
  static_assert(sizeof(U) == sizeof(T), "an index per lane");
  constexpr std::size_t n = xsimd::batch<T, A>::size;
  alignas(64) U k[n];
  alignas(64) T v[n];
  i.store_aligned(k);
  for (std::size_t j = 0; j < n; ++j) v[j] = table[k[j] & (N - 1)];
  return xsimd::batch<T, A>::load_aligned(v);
}

// table[i] per lane for a 16-entry double table, i in [0, 16): one two-register
// permute (vpermt2pd) on AVX-512, loads elsewhere.
GOLU_ALWAYS_INLINE double lookup16(const double (&table)[16], std::uint64_t i) noexcept {
  return table[i];
}
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> lookup16(const double (&table)[16],
                                                    const xsimd::batch<std::uint64_t, A>& i) noexcept {
  if constexpr (is_avx512<A>) {
    return avx512_lookup16(table, i);
  } else {
    return lookup_by_loads(table, i);
  }
}

// table[i mod 8] per lane for an 8-entry float table: one in-register permute on
// AVX-512 and AVX2, a byte lookup on aarch64, loads elsewhere.
GOLU_ALWAYS_INLINE float lookup8(const float (&table)[8], std::uint32_t i) noexcept {
  return table[i & 7];
}
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<float, A> lookup8(const float (&table)[8],
                                                  const xsimd::batch<std::uint32_t, A>& i) noexcept {
  if constexpr (has_permute8<A>) {
    return permute8(table, i);
  } else if constexpr (is_neon64<A>) {
    return neon_lookup8(table, i);
  } else {
    return lookup_by_loads(table, i);
  }
}

// a + b = sum + err exactly (Knuth's TwoSum, any magnitudes).
template <class V>
GOLU_ALWAYS_INLINE V two_sum(const V& a, const V& b, V& err) noexcept {
  const V sum = a + b;
  const V bb = sum - a;
  err = (a - (sum - bb)) + (b - bb);
  return sum;
}

// a * b = prod + err exactly (barring underflow of err): with FMA, err is one fma;
// without, Dekker's product of Veltkamp halves. prod is opaque so that no compiler
// fuses it into a later addition in one code path and not in another.
template <class V>
GOLU_ALWAYS_INLINE V two_prod(const V& a, const V& b, V& err) noexcept {
  const V prod = opaque(a * b);
  if constexpr (fused<V>()) {
    err = native::fma(a, b, -prod);
  } else {
    using S = scalar_t<V>;
    const V split(std::is_same<S, float>::value ? S(4097) : S(134217729));  // 2^12 + 1, 2^27 + 1
    const auto halves = [&](const V& v, V& hi, V& lo) {
      const V c = split * v;
      hi = c - (c - v);
      lo = v - hi;
    };
    V ah, al, bh, bl;
    halves(a, ah, al);
    halves(b, bh, bl);
    err = ((ah * bh - prod) + ah * bl + al * bh) + al * bl;
  }
  return prod;
}

// a * b + c = r + err, r rounded once where fused (twice otherwise), err its
// rounding error to within a rounding of err itself.
template <class V>
GOLU_ALWAYS_INLINE V mul_add(const V& a, const V& b, const V& c, V& err) noexcept {
  if constexpr (fused<V>()) {
    const V r = native::fma(a, b, c);
    err = native::fma(a, b, c - r);  // c - r is exact where a b is small beside c; else err is tiny anyway
    return r;
  } else {
    V p_err, s_err;
    const V p = two_prod(a, b, p_err);
    const V r = two_sum(p, c, s_err);
    err = s_err + p_err;
    return r;
  }
}

// a / b, correctly rounded (xsimd 8.1's float division on aarch64 is not: see
// neon_div).
template <class V>
GOLU_ALWAYS_INLINE V div(const V& a, const V& b) noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    return a / b;
  } else if constexpr (is_neon64<typename V::arch_type> && std::is_same<scalar_t<V>, float>::value) {
    return neon_div(a, b);
  } else {
    return a / b;
  }
}

// |v| (clears the sign bit; NaN stays NaN).
template <class V>
GOLU_ALWAYS_INLINE V abs(const V& v) noexcept {
  const bits_of_t<V> mask(~format_of<V>::sign_mask);
  return from_bits<V>(to_bits(v) & mask);
}

// Whether V is a float batch with AVX-512DQ's vrangeps.
template <class V>
constexpr bool has_range() noexcept {
  if constexpr (!std::is_floating_point<V>::value) {
    return is_avx512dq<typename V::arch_type> && std::is_same<scalar_t<V>, float>::value;
  } else {
    return false;
  }
}

// min(|x|, hi) for hi > 0: one vrangeps where there is one (a NaN x gives hi
// there and stays NaN elsewhere: callers must not depend on either).
template <class V>
GOLU_ALWAYS_INLINE V abs_clamp_above(const V& x, scalar_t<V> hi) noexcept {
  if constexpr (has_range<V>()) {
    return avx512_abs_min(x, V(hi));
  } else {
    return native::clamp_above(native::abs(x), hi);
  }
}

// floor(v) and v - floor(v), rounded to nearest (vreduceps would do both in one
// instruction, but it rounds the difference toward -inf: scalar code could not
// give the same bits).
template <class V>
GOLU_ALWAYS_INLINE V fraction_above_floor(const V& v, V& fl) noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    fl = std::floor(v);
  } else {
    fl = xsimd::floor(v);
  }
  return v - fl;
}

// The logistic's pieces for s(z) = 1/(1 + e^-z), z + z_lo carried (z_lo the
// rounding error of a computed z), without overflow: with a = |z| clamped to a_max
// (the caller's bound, where every result has underflowed), e^-(a + a_lo) = p * 2^m,
// e rounded once (subnormal or zero where it must be); returns d = 1 + e. Then
// s = 1/d and 1 - s = e/d for z >= 0, and s = (p/d) 2^m, 1 - s = 1/d for z < 0.
// Out-parameters, as for exp_neg. (The derivative's kernel; x s(z) itself is
// fast_times_logistic in detail/logistic.hpp.)
template <class V>
GOLU_ALWAYS_INLINE V logistic_den(const V& z, const V& z_lo, scalar_t<V> a_max, V& e, V& p, V& m) noexcept {
  V s;
  const V a = clamp_above(native::abs(z), a_max);
  p = exp_neg(a, native::select(z < V(scalar_t<V>(0)), -z_lo, z_lo), m, s);
  e = scale_wide(p, m);
  return V(scalar_t<V>(1)) + e;
}

}  // namespace native
}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
