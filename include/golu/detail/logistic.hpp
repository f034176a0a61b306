// The logistic s(z) = 1/(1 + e^-z) as the activations built on it (Swish, GELU-tanh)
// use it: x s(z) and its derivative at the fast level, the parts of s and 1 - s at
// the exact level.
#pragma once

#include <golu/arch/rare_path.hpp>
#include <golu/detail/compute_precision.hpp>
#include <golu/detail/elementwise.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/ops.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>
#include <type_traits>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// Where x s(z) may take e^-z whole: above, 1 + e^-z rounds to 1 (e^-20 < 2^-28,
// e^-40 < 2^-57), so x s(z) is x correctly rounded.
template <class V>
constexpr native::scalar_t<V> fast_logistic_upper() noexcept {
  return per_format<V>(20, 40);
}

// x s(z) = x / (1 + e^-z) for z >= -fast_exp_limit (the caller clamps below; z
// above fast_logistic_upper is clamped here). With e^-z = p 2^-k (k = round(z
// log2e), p in [0.7, 1.42]), 1 + e^-z = 2^-k (2^k + p), so x s(z) = (x / (2^k + p))
// 2^k: nothing overflows for any z, no sign select, and where the result is
// subnormal (z far below 0) the last scaling rounds it once. 2^k below the format's
// range (k < -149 in float) is 0 or a subnormal beside p, which it cannot move.
// Error: p's (~1 ULP, damped by e/(1+e) for z > 0) plus two roundings.
// Cost per vector (AVX-512): 1 min, 9 (exponential, one-step reduction), 2
// vscalefps, 1 add, 1 div.
// Where the target branches (arch/rare_path.hpp), a vector whose z are all at or
// above -fast_exp_normal_limit (NaN included) takes 2^k as one normal power of two:
// 2^k + p and the product by 2^k, rounded once, are then scale_wide's results bit
// for bit, without its two-step scaling (on AVX2, 7 operations fewer for each).
template <class V>
GOLU_ALWAYS_INLINE V fast_times_logistic(const V& x, const V& z) noexcept {
  V k;
  const V p = native::exp_neg_times_pow2<true>(native::clamp_above(z, fast_logistic_upper<V>()), k);
  if constexpr (branches_to_rare_path<V>()) {
    if (!any_below(z, -fast_exp_normal_limit<V>())) {
      return native::scale_pow2<true>(native::div(x, native::pow2(k) + p), k);
    }
  }
  const V d = native::scale_wide(V(native::scalar_t<V>(1)), k) + p;
  return native::scale_wide(native::div(x, d), k);
}

// s(z) (1 + w (1 - s(z))), the derivative of x s(z(x)) with w = wa wb + w_lo =
// x z'(x), as (d + e w) / d^2 for z >= 0 and e (d + w) / d^2 below, d = 1 + e
// carried as d + d_lo: the only cancellation is in d + w near the derivative's
// zero, where d's and w's rounding errors would otherwise be amplified (measured
// 6 ULP for GELU-tanh near x = -1.6 before they were carried).
// No normal band here: GCC (its default -ffp-contract=fast, C++17 too) fused
// the products of this kernel and of its callers differently in a branching
// version than in this one, so that GELU-tanh's derivative changed bits on AVX2
// (x = -0x1.81438p-1, near its zero) and no longer matched AVX-512's.
template <class V>
GOLU_ALWAYS_INLINE V fast_logistic_derivative(const V& z, const V& z_lo, const V& wa, const V& wb,
                                              const V& w_lo) noexcept {
  V e, p, m;
  const V d = native::logistic_den(z, z_lo, fast_exp_limit<V>(), e, p, m);
  const V one(native::scalar_t<V>(1));
  const V d_lo = e - (d - one);  // exact: d = 1 + e rounded, e <= 1
  const auto negative = z < V(0);
  // d + w with every rounding error but the last carried: 3.3 ULP worst case for
  // the derivative instead of 4.4 (Swish near x = -0.53, measured).
  V w_err, sum_err;
  const V w = native::two_prod(wa, wb, w_err);
  const V sum = native::two_sum(d, w, sum_err);
  const V sum_neg = sum + ((sum_err + w_err) + (d_lo + w_lo));
  const V num = native::select(negative, p * sum_neg, native::fma(e * wa, wb, d) + d_lo);
  const V d2 = native::fma(d, d, (d + d) * d_lo);
  return native::scale_wide(native::div(num, d2), native::select(negative, m, V(0)));
}

// The logistic s(z) = 1/(1 + e^-z) from e = e^-|z| in (0, 1], so that nothing
// overflows: s = 1/(1+e) for z >= 0 and e/(1+e) below. s = num/den * 2^(e_s - 2048):
// for very negative z, s is subnormal in double and its scaling is left to the
// caller's last step (Precision::scale), after the multiplication by x. s and 1 - s
// are double-doubles in in_double_double (Precision::ratio) and rounded in in_double.
template <class D>
struct logistic_parts {
  dd<D> num, den, s, one_minus_s;
  bits_t<D> e_s;
};

template <class Precision, class D>
GOLU_ALWAYS_INLINE logistic_parts<D> logistic(const dd<D>& z) noexcept {
  const auto negative = z.hi < D(0);
  const exp_parts<D> e =
      Precision::exp_neg_parts(dd<D>{select(negative, neg(z.hi), z.hi), select(negative, neg(z.lo), z.lo)});
  const dd<D> e_scaled{Precision::scale(e.mant.hi, e.e), Precision::scale(e.mant.lo, e.e)};
  const dd<D> den = plus(D(1), e_scaled);
  const dd<D> one{D(1), D(0)};
  const dd<D> r = Precision::ratio(one, den), mant_ratio = Precision::ratio(e.mant, den),
              e_ratio = Precision::ratio(e_scaled, den);
  const auto pick = [&](const dd<D>& a, const dd<D>& b) {
    return dd<D>{select(negative, a.hi, b.hi), select(negative, a.lo, b.lo)};
  };
  return {pick(e.mant, one), den, pick(mant_ratio, r), pick(r, e_ratio), select_bits(negative, e.e, bits_t<D>(2048))};
}

template <class Precision, class D>
GOLU_ALWAYS_INLINE logistic_parts<D> logistic(const D& z) noexcept {
  return logistic<Precision>(dd<D>{z, D(0)});
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
