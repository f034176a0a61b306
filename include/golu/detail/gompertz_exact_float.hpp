// The exact level's float kernel for the default GoLU, y = x exp(-exp(-x)), in float
// arithmetic (16 lanes per AVX-512 vector instead of the double path's 8), for
// targets with FMA; written once for V = float and xsimd::batch<float, A>.
//
// Why two floats. The gate exp(-t), t = e^-x, turns a relative error d of t into
// one of t d in the result, and t reaches ~140 before the result underflows: t is
// carried as th + tl (~2^-40 relative), which a float alone cannot hold.
//  - t = 2^(k/32) e^r, r = -x - k ln2/32 as rh + rl (the first step exact: k ln2_hi
//    is exact for |k| < 2^13); e^r - 1 = rh + rh^2 (1/2 + rh/6 + rh^2/24) + rl; the
//    table 2^(j/32) = Th + Tl (two floats, generated); (Th + Tl)(1 + e^r - 1) summed
//    with Th * rh exact (two_prod) into th + tl.
//  - gate = e^-(th + tl) = 2^(k2/32) e^s with tl folded into the reduced argument,
//    e^s - 1 = s + s^2 (1/2 + s/6) (|s| <= ln2/64: 2^-30.7), = (Th2 + corr) 2^m2.
//  - y = x Th2 + x corr, one fma, and 2^m2 applied last so that a subnormal result
//    is rounded once; y' = (Th2 + corr)(1 + x t) with 1 + x t = w + w_lo (exact
//    product x th, exact sum 1 + x th), so that its cancellation at x = -W(1) costs
//    no more than t's own error.
// Table lookups: 32 entries, one two-register permute on AVX-512, four permutes and
// three blends on AVX2, loads elsewhere. Without vscalef a vector whose lanes all
// lie in the normal band (x >= band_lo) skips the rare-case scaling.
// Measured (README): all 2^32 floats, see golu_exhaustive_float.
#pragma once

#include <cmath>
#include <cstdint>
#include <golu/arch/rare_path.hpp>
#include <golu/config.hpp>
#include <golu/detail/constants.hpp>
#include <golu/detail/gompertz_fast.hpp>
#include <golu/detail/native.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {
namespace exact_float {

// Clamps: below x_lo the gate is below e^-141 < 2^-203, so that y is a signed zero;
// above x_hi, t < 2^-125 changes no result, and 2^-126 stays normal.
constexpr float x_lo = -4.95f;
constexpr float x_hi = 87.0f;
// The normal band, x >= band_lo: t = e^-x < 82 there, so that the gate's scale
// 2^floor(q) is normal (floor(q) >= -119) and x needs no lower clamp; the zero cuts
// lie below. A vector with every lane in the band (NaN lanes included) skips the
// zero cut and the two-step scaling: both return v 2^floor(q) rounded once, so the
// band's bits are the full form's (rare_path.hpp).
constexpr float band_lo = -4.4f;
// Below these |y| and |y'| are below 2^-152, a quarter of the smallest subnormal:
// the result is -0, selected rather than scaled down, since an underflowing scale
// costs a microcode assist per vector on x86 (the fast level's cuts for the same
// function, gompertz_fast.hpp).
constexpr float zero_value = default_fast_gompertz.f.zero_value;            // -4.67190
constexpr float zero_derivative = default_fast_gompertz.f.zero_derivative;  // -4.71516

// table[j] per lane for a 32-entry float table, j in [0, 32) (the low five bits of
// the lane's word; higher bits ignored).
GOLU_ALWAYS_INLINE float lookup32(const float (&table)[32], std::uint32_t j) noexcept {
  return table[j & 31u];
}
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<float, A> lookup32(const float (&table)[32],
                                                   const xsimd::batch<std::uint32_t, A>& j) noexcept {
  if constexpr (is_avx512<A>) {
    return avx512_lookup32(table, j);
  } else if constexpr (is_avx2<A>) {
    return avx2_lookup32(table, j);
  } else {
    return native::lookup_by_loads(table, j);
  }
}

// floor(q), scalar or batch.
template <class V>
GOLU_ALWAYS_INLINE V floor_of(const V& q) noexcept {
  if constexpr (std::is_floating_point<V>::value)
    return std::floor(q);
  else
    return xsimd::floor(q);
}

// v * 2^floor(q) for q = k/32 with 2^floor(q) normal (floor(q) >= -126), rounded
// once: vscalefps floors its exponent itself; elsewhere one multiplication by
// 2^floor(q) (exact unless the product is subnormal, then rounded once), which
// callers with the same q share. Opaque as scale_wide's product is, so that no
// compiler fuses it into a caller's addition.
template <class V>
GOLU_ALWAYS_INLINE V scale_floor_normal(const V& v, const V& q) noexcept {
  if constexpr (native::has_scalef<V>()) {
    return native::scalef(v, q);
  } else {
    return opaque(v * native::pow2(floor_of(q)));
  }
}

// z where x < cut, else v * 2^floor(q) for any q = k/32, rounded once: the zero cut
// and the two-step scaling of native::scale_wide_unless_below (vscalef's merge mask
// on AVX-512).
template <class V>
GOLU_ALWAYS_INLINE V scale_floor_unless_below(const V& x, const V& cut, const V& v, const V& q, const V& z) noexcept {
  if constexpr (native::has_scalef<V>()) {
    return native::scale_wide_unless_below(x, cut, v, q, z);
  } else {
    return native::scale_wide_unless_below(x, cut, v, floor_of(q), z);
  }
}

// e^-a for a in [-5, 88] as th + tl (relative error ~2^-40), unscaled by 2^m where
// the result would not be normal: here always normal (a <= 87).
template <class V>
GOLU_ALWAYS_INLINE void exp_neg_ff(const V& a, V& th, V& tl) noexcept {
  namespace n = native;
  using U = n::bits_of_t<V>;
  const V shifter(n::format<float>::shifter);
  const V s = n::fma(a, V(-constants::log2e_32_float), shifter);  // shifter + round(-a 32/ln2)
  const V k = s - shifter;
  const V r1 = n::fma(k, V(-constants::ln2_32_float_hi), -a);  // exact
  const V rh = n::fma(k, V(-constants::ln2_32_float_lo), r1);
  const V rl = n::fma(k, V(-constants::ln2_32_float_lo), r1 - rh);
  // (e^r - 1 - r)/r^2 on |r| <= ln2/64: 1/2 + r/6 + r^2/24, 2^-39.6
  const V c = n::fma(n::fma(rh, V(1.0f / 24), V(1.0f / 6)), rh, V(0.5f));
  const V sl = n::fma(rh * rh, c, rl);  // e^r - 1 = rh + sl
  const U j = n::to_bits(s);            // k mod 32 in the low five bits
  const V Th = lookup32(constants::exp2_32_float_hi, j), Tl = lookup32(constants::exp2_32_float_lo, j);
  V p_err;
  const V p = n::two_prod(Th, rh, p_err);
  const V hi = Th + p;
  const V e = (Th - hi) + p;  // exact: |Th| >= |p|
  const V lo = (e + p_err) + n::fma(Th, sl, n::fma(Tl, rh, Tl));
  // k >= -4017 (a <= x_hi = 87): floor(k/32) >= -126, 2^floor(k/32) normal.
  const V q = k * V(1.0f / 32);
  th = scale_floor_normal(hi, q);
  tl = scale_floor_normal(lo, q);
}

// gate = e^-(th + tl) = (g_hi + corr) 2^floor(q), th in [0, 141], q = k/32.
template <class V>
GOLU_ALWAYS_INLINE void gate_ff(const V& th, const V& tl, V& g_hi, V& corr, V& q) noexcept {
  namespace n = native;
  using U = n::bits_of_t<V>;
  const V shifter(n::format<float>::shifter);
  const V s = n::fma(th, V(-constants::log2e_32_float), shifter);
  const V k = s - shifter;
  const V r1 = n::fma(k, V(-constants::ln2_32_float_hi), -th);  // exact
  const V r = n::fma(k, V(-constants::ln2_32_float_lo), r1) - tl;
  const V pm1 = n::fma(r * r, n::fma(r, V(1.0f / 6), V(0.5f)), r);  // e^r - 1
  const U j = n::to_bits(s);
  g_hi = lookup32(constants::exp2_32_float_hi, j);
  corr = n::fma(g_hi, pm1, lookup32(constants::exp2_32_float_lo, j));
  q = k * V(1.0f / 32);
}

// x exp(-exp(-x)) before the gate's scale 2^floor(q), from x clamped below (xl)
// and on both sides (xb).
template <class V>
GOLU_ALWAYS_INLINE V value_unscaled(const V& xl, const V& xb, V& q) noexcept {
  V th, tl, g_hi, corr;
  exp_neg_ff(xb, th, tl);
  gate_ff(th, tl, g_hi, corr, q);
  return native::fma(xl, g_hi, xb * corr);
}

// y = x exp(-exp(-x)), default parameters. x's sign is or-ed in: for x = -0 the
// two products are zeros of opposite signs.
template <class V>
GOLU_ALWAYS_INLINE V value(const V& x) noexcept {
  namespace n = native;
  V q;
  if constexpr (branches_to_rare_path<V>()) {
    if (!any_below(x, band_lo))
      return n::or_sign(scale_floor_normal(value_unscaled(x, n::clamp_above(x, x_hi), q), q), x);
  }
  const V xl = n::clamp_below(x, x_lo);
  const V v = value_unscaled(xl, n::clamp_above(xl, x_hi), q);
  return n::or_sign(scale_floor_unless_below(x, V(zero_value), v, q, V(0.0f)), x);
}

// y' = exp(-t) (1 + x t) before the gate's scale 2^floor(q), from x clamped on
// both sides, with 1 + x t = w + w_lo carried (exact product x th and exact sum
// with 1) so that its zero at x = -W(1) leaves an absolute error at t's level.
template <class V>
GOLU_ALWAYS_INLINE V derivative_unscaled(const V& xb, V& q) noexcept {
  namespace n = native;
  V th, tl, g_hi, corr;
  exp_neg_ff(xb, th, tl);
  gate_ff(th, tl, g_hi, corr, q);
  V p_err, s_err;
  const V p = n::two_prod(xb, th, p_err);
  const V w = n::two_sum(V(1.0f), p, s_err);
  const V w_lo = n::fma(xb, tl, s_err + p_err);
  return n::fma(g_hi, w, n::fma(g_hi, w_lo, corr * (w + w_lo)));
}

template <class V>
GOLU_ALWAYS_INLINE V derivative(const V& x) noexcept {
  namespace n = native;
  V q;
  if constexpr (branches_to_rare_path<V>()) {
    if (!any_below(x, band_lo)) return scale_floor_normal(derivative_unscaled(n::clamp_above(x, x_hi), q), q);
  }
  const V d = derivative_unscaled(n::clamp_above(n::clamp_below(x, x_lo), x_hi), q);
  return scale_floor_unless_below(x, V(zero_derivative), d, q, V(-0.0f));
}

}  // namespace exact_float
}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
