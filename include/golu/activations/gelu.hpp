// golu::GELU: GELU (erf form), both accuracy levels (see golu/activations.hpp for the
// framework and detail/elementwise.hpp for the shape every activation shares).
#pragma once

#include <cmath>
#include <golu/arch/rare_path.hpp>
#include <golu/bounds.hpp>
#include <golu/detail/compute_precision.hpp>
#include <golu/detail/constants.hpp>
#include <golu/detail/elementwise.hpp>
#include <golu/detail/gaussian.hpp>
#include <golu/detail/gelu_fast_constants.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/parameters.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>
#include <type_traits>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

// GELU, exact: x * Phi(x), Phi the standard normal CDF. With a = |x| and the
// upper tail Q(a) = R(a) e^(-a^2/2) (detail/gaussian.hpp), Phi(x) is Q(a) for
// x < 0 and 1 - Q(a) above: no erfc of a negative argument, no cancellation.
template <class Level = fast>
struct GELU : detail::elementwise<GELU<Level>, Level> {
  static constexpr const char* name = "GELU";
  // Fast float, fast double (84 per 8 doubles on AVX-512 besides register copies, 17 of
  // them vpermt2pd), exact float (two double halves, a vpermpd per coefficient of each), exact double.
  static constexpr detail::packet_cost cost{25, 84, 190, 110};
  static_assert(is_level_v<Level>, "golu::GELU<Level>: Level must be golu::fast or golu::exact");
  using level = Level;
  // The accuracy contract, float and double (golu/bounds.hpp).
  template <class T>
  static constexpr accuracy_bounds bounds() noexcept {
    return common_bounds<Level>();
  }

  // Fast level: the float forward is fast_value_float below where FMA is fused.
  // The other forwards and both derivatives: with a = |x| (clamped to 16 in float, 40 in double,
  // beyond which x Q(a) underflows) and Q(a) = R(a) G, G = e^(-a^2/2) = p 2^m from
  // a^2 carried exactly: y = x R G for x < 0 (2^m applied last) and x - x R G
  // above. R comes from the fast level's tables in the data's own type
  // (detail/gaussian.hpp): 8 float pieces (one vpermps per coefficient on AVX-512
  // and AVX2) or 16 double pieces (one vpermt2pd per coefficient on AVX-512).
  template <class V>
  GOLU_ALWAYS_INLINE void fast_parts(const V& x, V& a, V& r, V& p, V& m) const noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    a = n::clamp_above(n::abs(x), detail::per_format<V>(16, 40));
    if constexpr (std::is_same<S, float>::value) {
      r = detail::gaussian_tail_ratio_native(a, detail::constants::native_gaussian_tail_float);
    } else {
      r = detail::gaussian_tail_ratio_native(a, detail::constants::native_gaussian_tail_double);
    }
    V a2_lo, sh;
    const V a2 = n::two_prod(a, a, a2_lo);
    p = n::exp_neg(V(S(0.5)) * a2, V(S(0.5)) * a2_lo, m, sh);
  }
  // Float forward (25 instructions per vector on AVX-512: vrangeps, 1 fma + vdivps
  // for s, 8 + 1 fma and 1 mul for v, vrndscaleps + 1 sub, 6 fma for E, 1 mul,
  // vscalefps, vmaxps, 1 add): with a = min(|x|, 14.5) (beyond, x Q(a) has
  // underflowed) and s = a/(1 + a/4), -a Q(a) = s E(f) 2^floor(v), v = P(s) -
  // a (a log2(e)/2), f = v - floor(v): the Gaussian's exponent and log2 of the
  // tail ratio in one base-2 exponent, split with no Cody-Waite step; its roundings,
  // ~a^2 2^-24 absolute, are what kappa ~ a^2 covers. P and E (with -1 and an
  // offset of 1.5 folded in, so that v stays in [0, 1) near x = 0 and subnormal
  // results round once) come from tools/gen_gelu_fast.cpp. Then y = max(-0, x) +
  // (-a Q): -a Q = x Q for x < 0, x - x Q above; signed zeros (GELU(-0) = -0)
  // and NaN through vmaxps. Measured over all 2^32 floats: README.
  // NormalPow2: every |x| <= normal_limit, where 2^floor(v) and the Gaussian's 2^m
  // are normal, so that each scaling is one multiplication (native::scale_pow2, the
  // same bits); a vector takes it where the target branches (arch/rare_path.hpp).
  template <bool NormalPow2, class V>
  GOLU_ALWAYS_INLINE V fast_value_float(const V& x) const noexcept {
    namespace n = detail::native;
    namespace c = detail::constants;
    using S = n::scalar_t<V>;
    const V a = n::abs_clamp_above(x, c::gelu_fast_clamp);
    const V s = n::div(a, n::fma(a, V(c::gelu_fast_p), V(S(1))));
    const V v = n::fma(a, a * V(-c::gelu_fast_half_log2e), n::horner(s, c::gelu_fast_poly));
    V fl;
    const V f = n::fraction_above_floor(v, fl);
    const V minus_a_q = n::scale_pow2<NormalPow2>(s * n::horner(f, c::gelu_fast_exp2), fl);
    return n::clamp_below(x, S(-0.0)) + minus_a_q;
  }
  // Up to |x| = 12 (float) the Gaussian e^(-x^2/2) >= 2^-104 and 2^floor(v) >= 2^-110;
  // up to 37 (double), >= 2^-988.
  template <class V>
  static constexpr double normal_limit() noexcept {
    return detail::per_format<V>(12, 37);
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    return detail::branches_and_within(x, normal_limit<V>()) ? fast_value_scaled<true>(x) : fast_value_scaled<false>(x);
  }
  template <bool NormalPow2, class V>
  GOLU_ALWAYS_INLINE V fast_value_scaled(const V& x) const noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    // Without FMA the float kernel's unfused steps measured 3.81 ULP x kappa on every
    // third float (SSE2), too close to the bound of 4: such targets keep the table.
    if constexpr (std::is_same<S, float>::value && n::fused<V>()) {
      return fast_value_float<NormalPow2>(x);
    } else {
      V a, r, p, m;
      fast_parts(x, a, r, p, m);
      const V xl = n::clamp_below_by(x, -a);  // x, or -a where |x| was clamped (the result is -0 there)
      const V below = n::scale_pow2<NormalPow2>((xl * r) * p, m);
      const V q = r * n::scale_pow2<NormalPow2>(p, m);
      const V above = n::fma(-n::clamp_above_by(x, a), q, x);  // x - x Q; x = +inf gives +inf
      return n::select(x <= V(S(0)), below, above);            // GELU(-0) = -0, as for the exact level
    }
  }
  // Phi(x) + x phi(x) = G (R - a c) for x < 0 and 1 - G (R - a c) above,
  // c = 1/sqrt(2 pi); its zero near x = -0.75 is in R - a c.
  template <class V>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
    return detail::branches_and_within(x, normal_limit<V>()) ? fast_derivative_scaled<true>(x)
                                                             : fast_derivative_scaled<false>(x);
  }
  template <bool NormalPow2, class V>
  GOLU_ALWAYS_INLINE V fast_derivative_scaled(const V& x) const noexcept {
    // Without FMA, R's evaluation and R - a c round once more per step: measured 4.5
    // ULP x kappa (double, 10^6 inputs, SSE2) against the bound of 4, so such
    // targets take the exact level's derivative.
    if constexpr (!detail::native::fused<V>()) {
      return GELU<exact>{}.grad(x);
    } else {
      namespace n = detail::native;
      using S = n::scalar_t<V>;
      V a, r, p, m;
      fast_parts(x, a, r, p, m);
      const V diff = n::fma(-a, V(S(inv_sqrt_2pi)), r);
      const V below = n::scale_pow2<NormalPow2>(p * diff, m);
      return n::select(x < V(S(0)), below, V(S(1)) - below);
    }
  }
  static constexpr double inv_sqrt_2pi = 0.39894228040143267794;  // 1/sqrt(2 pi) = hi + lo
  static constexpr double inv_sqrt_2pi_lo = -0x1.cbc0d30ebfd15p-56;
  // Beyond |x| = 40, x Q(|x|) < 2^-1150 is zero in double, and Phi(x) is 0 or 1.
  static constexpr double x_limit = 40;
  // Double results (in_double_double): Q(a) = q * 2^(e - 2048), q a double-double.
  template <class D>
  struct tail {
    D xc, a;                 // x clamped to +-x_limit, and its magnitude
    detail::dd<D> r, gauss;  // R(a) and the mantissa of e^(-a^2/2)
    detail::bits_t<D> e;
  };
  template <class D>
  GOLU_ALWAYS_INLINE static tail<D> evaluate(const D& x) noexcept {
    using Precision = detail::in_double_double;
    const D xc = detail::clamp_above(detail::clamp_below(x, -x_limit), x_limit);
    const D a = detail::select(xc < D(0), detail::neg(xc), xc);
    const detail::dd<D> a2 = detail::two_prod(a, a);
    const detail::exp_parts<D> g = Precision::exp_neg_parts(detail::dd<D>{D(0.5) * a2.hi, D(0.5) * a2.lo});
    return {xc, a, Precision::gaussian_tail_ratio(a), g.mant, g.e};
  }
  // in_double (float results, computed in double): no double-double parts and no deferred
  // scaling, which only double results need. a = min(|x|, 16) (a float, so a^2 is exact;
  // beyond 16, x Q(a) underflows float and 1 - Q(a) rounds to 1), R(a) to 2^-34.9 and
  // G = e^(-a^2/2) to 2^-34 relative, so Q = R G within 2^-33.4 and every float result
  // within 1/2 + 2^-9 ULP (of the derivative's final sum near its zero).
  template <class D>
  GOLU_ALWAYS_INLINE static void float_tail(const D& x, D& a, D& r, D& g) noexcept {
    namespace c = detail::constants;
    a = detail::native::abs_clamp_above(x, float_limit);
    r = detail::gaussian_tail_ratio_binades(a, c::sp_gaussian_tail);
    g = detail::exp2_of_neg_product(a * a, D(0.5 * c::log2e), c::sp_exp2_neg7);
  }
  static constexpr double float_limit = 16;
  template <class D>
  GOLU_ALWAYS_INLINE static D value_for_float(const D& x) noexcept {
    D a, r, g;
    float_tail(x, a, r, g);
    // q is opaque so that 1 - q is never fused with its product (scalar and SIMD code agree).
    const D q = detail::opaque(r * g);
    // x Q for x < 0 (x = -0 included, through x (1 - Q): GELU(-0) = -0) and x (1 - Q) above;
    // x = -inf gives -16 Q(16), -0 in float.
    return detail::clamp_below(x, -float_limit) * detail::select(x < D(0), q, D(1) - q);
  }
  template <class D>
  GOLU_ALWAYS_INLINE static D derivative_for_float(const D& x) noexcept {
    D a, r, g;
    float_tail(x, a, r, g);
    const D lower = detail::opaque(g * detail::fma(a, D(-inv_sqrt_2pi), r));  // G (R - a c)
    return detail::select(x < D(0), lower, D(1) - lower);
  }

  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D value(const D& x) const noexcept {
    if constexpr (std::is_same<Precision, detail::in_double>::value) {
      return value_for_float(x);
    } else {
      return value_for_double(x);
    }
  }
  template <class D>
  GOLU_ALWAYS_INLINE static D value_for_double(const D& x) noexcept {
    using detail::fma;
    using Precision = detail::in_double_double;
    const tail<D> t = evaluate(x);
    const D xc = t.xc;
    const detail::dd<D> q = detail::dd_times(t.r, t.gauss);
    const D below = Precision::scale(rounded_product(xc, q), t.e);
    // x (1 - Q) = x - x Q, Q <= 1/2, the subtraction exact to the last rounding;
    // past the limit (and at +inf) it is x.
    const D qh = Precision::scale(q.hi, t.e), ql = Precision::scale(q.lo, t.e);
    const detail::dd<D> xq = detail::two_prod(xc, qh);
    const detail::dd<D> d = detail::two_sum(xc, detail::neg(xq.hi));
    const D above = d.hi + (d.lo - fma(xc, ql, xq.lo));
    // x <= 0 (not < 0): GELU(-0) = -0 * Phi(0) = -0, as x Q gives and x - x Q does not.
    return detail::select(xc <= D(0), below, detail::select(x > D(x_limit), x, above));
  }
  // x (q.hi + q.lo) and a b for double-doubles, rounded: with FMA the main product and the
  // sum of the others round once together; without it that fma is two roundings (measured
  // 1.020 ULP forward and 1.022 derivative, double, SSE2, against the bound of 1), so the
  // main product is split exactly first.
  template <class D>
  GOLU_ALWAYS_INLINE static D rounded_product(const D& x, const detail::dd<D>& q) noexcept {
    using detail::fma;
    if constexpr (detail::lanes<D>::fused) {
      return fma(x, q.hi, x * q.lo);
    } else {
      const detail::dd<D> p = detail::two_prod(x, q.hi);
      // A zero main product keeps its sign: the split's error term is +0 there, and
      // -0 + +0 would turn GELU(-0) = -0 into +0.
      return detail::select(p.hi == D(0), p.hi, p.hi + (p.lo + x * q.lo));
    }
  }
  template <class D>
  GOLU_ALWAYS_INLINE static D rounded_product(const detail::dd<D>& a, const detail::dd<D>& b) noexcept {
    using detail::fma;
    if constexpr (detail::lanes<D>::fused) {
      return fma(a.hi, b.hi, fma(a.hi, b.lo, a.lo * b.hi));
    } else {
      const detail::dd<D> p = detail::two_prod(a.hi, b.hi);
      return p.hi + (p.lo + (a.hi * b.lo + a.lo * b.hi));
    }
  }
  // Phi(x) + x phi(x) = e^(-a^2/2) (R(a) - a/sqrt(2 pi)) for x < 0 and
  // 1 + e^(-a^2/2) (a/sqrt(2 pi) - R(a)) above. Its zero near x = -0.75 is
  // ill-conditioned: there the error is absolute, at R's level.
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D derivative(const D& x) const noexcept {
    if constexpr (std::is_same<Precision, detail::in_double>::value) {
      return derivative_for_float(x);
    } else {
      return derivative_for_double(x);
    }
  }
  template <class D>
  GOLU_ALWAYS_INLINE static D derivative_for_double(const D& x) noexcept {
    using detail::fma;
    using Precision = detail::in_double_double;
    const tail<D> t = evaluate(x);
    const detail::dd<D> ac = detail::two_prod(t.a, D(inv_sqrt_2pi));
    const detail::dd<D> diff = detail::two_sum(t.r.hi, detail::neg(ac.hi));
    const D diff_lo = diff.lo + (t.r.lo - fma(t.a, D(inv_sqrt_2pi_lo), ac.lo));
    const D lower = Precision::scale(rounded_product(t.gauss, detail::dd<D>{diff.hi, diff_lo}), t.e);
    return detail::select(t.xc < D(0), lower, D(1) - lower);
  }
};

template <class Level = fast, class V>
inline detail::enable_if_value_t<V> gelu(const V& x) noexcept {
  return GELU<Level>{}(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
