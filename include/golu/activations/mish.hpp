// golu::Mish: Mish, both accuracy levels (see golu/activations.hpp for the
// framework and detail/elementwise.hpp for the shape every activation shares).
#pragma once

#include <cmath>
#include <golu/arch/rare_path.hpp>
#include <golu/bounds.hpp>
#include <golu/detail/compute_precision.hpp>
#include <golu/detail/elementwise.hpp>
#include <golu/detail/exp_double_double.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/parameters.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

// Mish: x * tanh(softplus(x)). With e = e^-|x|, tanh(softplus(x)) is
// (1 + 2e)/(1 + 2e + 2e^2) for x >= 0 and e(e + 2)/(e(e + 2) + 2) below: no overflow,
// no cancellation.
template <class Level = fast>
struct Mish : detail::elementwise<Mish<Level>, Level> {
  static constexpr const char* name = "Mish";
  static constexpr detail::packet_cost cost{30, 36, 210, 95};  // fast float, fast double, exact float, exact double
  static_assert(is_level_v<Level>, "golu::Mish<Level>: Level must be golu::fast or golu::exact");
  using level = Level;
  // The accuracy contract, float and double (golu/bounds.hpp).
  template <class T>
  static constexpr accuracy_bounds bounds() noexcept {
    return common_bounds<Level>();
  }

  // Fast level: with e = e^-|x| = p 2^m, tanh(softplus(x)) = N / D with
  // N = 1 + 2e, D = N + 2e^2 for x >= 0 and N = p (e + 2) (times 2^m), D = e (e + 2) + 2
  // below; one division, 2^m applied last. NormalPow2: every |x| <= 87 (float; 708
  // double), 2^m normal, both scalings one multiplication (native::scale_pow2, the
  // same bits), which the derivative takes where the target branches (the forward
  // has a band form of its own, fast_value_band).
  template <bool NormalPow2, class V>
  GOLU_ALWAYS_INLINE void fast_parts(const V& x, V& xl, V& e, V& p, V& m, V& num, V& den) const noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    const V one(S(1)), two(S(2));
    xl = n::clamp_below(x, -detail::fast_exp_limit<V>());
    V sh;
    p = n::exp_neg(n::clamp_above(n::abs(xl), detail::fast_exp_limit<V>()), m, sh);
    e = n::scale_pow2<NormalPow2>(p, m);
    const auto negative = xl < V(S(0));
    const V e_plus_2 = e + two;
    const V num_pos = n::fma(two, e, one);
    num = n::select(negative, p * e_plus_2, num_pos);
    den = n::select(negative, n::fma(e, e_plus_2, two), n::fma(two * e, e, num_pos));
    m = n::select(negative, m, V(S(0)));
  }
  // The forward's band, |x| <= fast_exp_normal_limit (87 float, 708 double), on
  // every target: with e = e^min(x, c) (c = 10 float, 20 double, beyond which
  // tanh(softplus(x)) rounds to 1), y = x e (e + 2) / (e (e + 2) + 2), with neither
  // a select nor a power of two applied apart: e (e + 2) exact (two_prod), the
  // numerator and the denominator one rounding each (fma), so that with e's and the
  // division's, four roundings of at most 2^-24 relative reach y (e's damped by
  // 2 / (e (e + 2) + 2)). Five, with x e (e + 2) as two products (the full form's
  // for x < 0), measured 4.338 ULP at x = -2.05 over all floats. A vector
  // with a lane beyond the band takes the full form there and the band's on its
  // other lanes, so that which path a vector took never shows.
  template <class V>
  GOLU_ALWAYS_INLINE static V fast_value_band(const V& x) noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    V m, sh;
    const V p = n::exp_neg(-n::clamp_above(x, detail::per_format<V>(10, 20)), m, sh);
    const V e = n::times_pow2(p, m, sh);
    const V e_plus_2 = e + V(S(2));
    V num_lo;
    const V num = n::two_prod(e, e_plus_2, num_lo);
    return n::div(n::fma(x, num, x * num_lo), n::fma(e, e_plus_2, V(S(2))));
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value_full(const V& x) const noexcept {
    V xl, e, p, m, num, den;
    fast_parts<false>(x, xl, e, p, m, num, den);
    return detail::native::scale_wide(detail::native::div(xl * num, den), m);
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    using S = detail::native::scalar_t<V>;
    const S limit = detail::fast_exp_normal_limit<V>();
    if (detail::all_within(x, limit)) return fast_value_band(x);
    if constexpr (std::is_floating_point<V>::value) {
      return fast_value_full(x);
    } else {
      return detail::native::select(detail::native::abs(x) > V(limit), fast_value_full(x), fast_value_band(x));
    }
  }
  // g + x g' over D^2, g' = 4 w (1 + e) / D^2 with w = e^2 (x >= 0) or e (below):
  // for x >= 0, N D + 4 x e^2 (1 + e), all terms positive; below, e times the
  // expanded e^3 + 4 e^2 + (6 + 4x) e + 4 (1 + x), whose only cancellation is at
  // the derivative's zero (4 (1 + x) is exact where it matters, x in [-2, -1/2]),
  // over D^2 with D = e (e + 2) + 2 carried with its rounding error (exact sums
  // and products): its errors, counted twice, reached 5 ULP near x = -0.2
  // (measured, double).
  template <class V>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
    return detail::branches_and_within(x, detail::fast_exp_normal_limit<V>()) ? fast_derivative_scaled<true>(x)
                                                                              : fast_derivative_scaled<false>(x);
  }
  template <bool NormalPow2, class V>
  GOLU_ALWAYS_INLINE V fast_derivative_scaled(const V& x) const noexcept {
    // Without FMA the carried sums lose their exactness: measured 4.0 ULP x kappa
    // (double, 10^6 inputs, SSE2) against the bound of 4, so such targets take the
    // exact level's derivative.
    if constexpr (!detail::native::fused<V>()) {
      return Mish<exact>{}.grad(x);
    } else {
      namespace n = detail::native;
      using S = n::scalar_t<V>;
      V xl, e, p, m, num, den;
      fast_parts<NormalPow2>(n::clamp_above(x, detail::fast_exp_limit<V>()), xl, e, p, m, num, den);
      const auto negative = xl < V(S(0));
      const V one(S(1)), two(S(2)), four(S(4));
      const V one_plus_e = one + e;
      // x >= 0
      const V top_pos = n::fma(xl * four * (e * e), one_plus_e, num * den);
      const V den2_pos = den * den;
      // x < 0: e + 2, e (e + 2) and D = e (e + 2) + 2 with their exact errors
      const V e2 = e + two, e2_lo = e - (e2 - two);
      V prod_lo;
      const V prod = n::two_prod(e, e2, prod_lo);
      const V big = n::select(prod > two, prod, two), small = n::select(prod > two, two, prod);
      const V d = big + small;
      const V d_lo = (small - (d - big)) + n::fma(e, e2_lo, prod_lo);
      const V bracket = n::fma(n::fma(e + four, e, n::fma(four, xl, V(S(6)))), e, four * (one + xl));
      const V den2_neg = n::fma(d, d, (d + d) * d_lo);
      return n::scale_pow2<NormalPow2>(
          n::div(n::select(negative, p * bracket, top_pos), n::select(negative, den2_neg, den2_pos)), m);
    }
  }

  template <class D>
  struct parts {
    detail::dd<D> num, den;  // g = tanh(softplus(x)) = num/den * 2^(e - 2048)
    detail::dd<D> h;         // (1 - g^2)*s(x) = g'(x), scaled alike
    detail::bits_t<D> e;
  };
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE static parts<D> evaluate(const D& x) noexcept {
    using detail::dd;
    using detail::select;
    const auto positive = x >= D(0);
    const detail::exp_parts<D> ep = Precision::exp_neg_parts(dd<D>{select(positive, x, detail::neg(x)), D(0)});
    const dd<D> e{Precision::scale(ep.mant.hi, ep.e), Precision::scale(ep.mant.lo, ep.e)};
    // For x < 0 the factor e of num and w is kept unscaled (subnormal in double
    // below x = -708); for x >= 0 nothing is scaled.
    const dd<D> m{select(positive, e.hi, ep.mant.hi), select(positive, e.lo, ep.mant.lo)};
    const dd<D> e_plus_2 = detail::plus(D(2), e);
    dd<D> sq = detail::two_prod(e.hi, e.hi);  // e^2
    sq.lo = detail::fma(D(2) * e.hi, e.lo, sq.lo);
    const dd<D> num_pos = detail::plus(D(1), dd<D>{D(2) * e.hi, D(2) * e.lo});  // 1 + 2e
    dd<D> den_pos = detail::two_sum(num_pos.hi, D(2) * sq.hi);                  // 1 + 2e + 2e^2
    den_pos.lo = den_pos.lo + detail::fma(D(2), sq.lo, num_pos.lo);
    const dd<D> num_neg = detail::dd_times(m, e_plus_2);  // e(e + 2), unscaled
    // e(e + 2) + 2, its high part one explicit fma: where only the high part is
    // used (the derivative), a compiler that contracts a*b + c would otherwise fuse
    // the scalar code only. 2 - hi is exact, and so is its sum with ee2.hi, which is
    // within an ULP of hi - 2.
    const dd<D> ee2 = detail::dd_times(e, e_plus_2);
    const D den_neg_hi = detail::fma(e.hi, e_plus_2.hi, D(2));
    const dd<D> den_neg{den_neg_hi, ((D(2) - den_neg_hi) + ee2.hi) + ee2.lo};
    const dd<D> num{select(positive, num_pos.hi, num_neg.hi), select(positive, num_pos.lo, num_neg.lo)};
    const dd<D> den{select(positive, den_pos.hi, den_neg.hi), select(positive, den_pos.lo, den_neg.lo)};
    // g' = 4w(1 + e)/den^2, w = e^2 for x >= 0 and (unscaled) e below
    const dd<D> w{select(positive, sq.hi, m.hi), select(positive, sq.lo, m.lo)};
    const dd<D> one_plus_e = detail::plus(D(1), e);
    const dd<D> h_num = detail::dd_times(w, dd<D>{D(4) * one_plus_e.hi, D(4) * one_plus_e.lo});
    return {num, den, Precision::ratio(h_num, detail::dd_times(den, den)),
            detail::select_bits(positive, detail::bits_t<D>(2048), ep.e)};
  }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D value(const D& x) const noexcept {
    const D xc = detail::clamp_below(x, -detail::exp_neg_limit);
    const parts<D> p = evaluate<Precision>(xc);
    return Precision::scale(Precision::times_ratio(xc, p.num, p.den), p.e);
  }
  // g + x*g': its zero near x = -1.19 is ill-conditioned (absolute error there).
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D derivative(const D& x) const noexcept {
    const D xc = detail::clamp_above(detail::clamp_below(x, -detail::exp_neg_limit), detail::exp_neg_limit);
    const parts<D> p = evaluate<Precision>(xc);
    const detail::dd<D> g = Precision::ratio(p.num, p.den);
    const detail::dd<D> xh = detail::dd_times(p.h, xc);
    const detail::dd<D> t = detail::two_sum(g.hi, xh.hi);
    return Precision::scale(Precision::round(detail::dd<D>{t.hi, t.lo + (g.lo + xh.lo)}), p.e);
  }
};

template <class Level = fast, class V>
inline detail::enable_if_value_t<V> mish(const V& x) noexcept {
  return Mish<Level>{}(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
