// The usual activations, in the same framework as golu::GoLU: value and gradient
// for float, double and xsimd batches, the array API (golu::forward/backward) and
// the Eigen adapters (golu::apply/apply_grad), with GoLU's special-value rules:
// NaN propagates; no finite input gives NaN or inf; the limits at +-inf are right;
// gradients stay finite at any |x| (no sigmoid, softplus or Mish overflow).
//
// As in the GoLU kernels, every product that feeds a sum is an explicit fma, so
// compilers that contract a*b + c (GCC does by default) cannot make scalar and
// SIMD results differ.
//
// Each kernel is written once over D = double or xsimd::batch<double, A> and a
// compute precision (detail/compute_precision.hpp): float values are computed in double and
// rounded once; double values use the ~0.5-ULP exponential.
//
// Accuracy levels: every activation is a class template over golu::fast (the
// default) and golu::exact. In this release both levels of these activations run
// the exact kernels (fast float-native kernels exist for GoLU only), so their fast
// level is as accurate as the exact one and no faster.
#pragma once

#include <cmath>
#include <golu/detail/compute_precision.hpp>
#include <golu/detail/gompertz.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/parameters.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>
#include <stdexcept>
#include <string>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// operator() and grad for an activation at accuracy level Level: the exact
// level's kernels are Derived::value<Precision> and Derived::derivative<Precision> (on
// double values, see by_precision), the fast level's Derived::fast_value and
// Derived::fast_derivative (on the value type itself). The fast ones are forced
// inline: GCC otherwise leaves a call per vector in the array loops.
template <class Derived, class Level>
struct elementwise {
  template <class V, class L = Level, std::enable_if_t<std::is_same<L, exact>::value, int> = 0>
  enable_if_value_t<V> operator()(const V& x) const noexcept {
    const Derived& self = static_cast<const Derived&>(*this);
    return by_precision(
        x, [&](const auto& d) { return self.template value<in_double>(d); },
        [&](const auto& d) { return self.template value<in_double_double>(d); });
  }
  template <class V, class L = Level, std::enable_if_t<std::is_same<L, exact>::value, int> = 0>
  enable_if_value_t<V> grad(const V& x) const noexcept {
    const Derived& self = static_cast<const Derived&>(*this);
    return by_precision(
        x, [&](const auto& d) { return self.template derivative<in_double>(d); },
        [&](const auto& d) { return self.template derivative<in_double_double>(d); });
  }
  template <class V, class L = Level, std::enable_if_t<std::is_same<L, fast>::value, int> = 0>
  GOLU_ALWAYS_INLINE enable_if_value_t<V> operator()(const V& x) const noexcept {
    return static_cast<const Derived&>(*this).fast_value(x);
  }
  template <class V, class L = Level, std::enable_if_t<std::is_same<L, fast>::value, int> = 0>
  GOLU_ALWAYS_INLINE enable_if_value_t<V> grad(const V& x) const noexcept {
    return static_cast<const Derived&>(*this).fast_derivative(x);
  }
};

// A constant of the fast kernels, per format.
template <class V>
constexpr native::scalar_t<V> per_format(float f, double d) noexcept {
  return std::is_same<native::scalar_t<V>, float>::value ? native::scalar_t<V>(f) : native::scalar_t<V>(d);
}

// Where the fast kernels' logistic and exponential stop: e^-a_max times any
// factor below 2^34 (float) / 2^24 (double) is zero in the format.
template <class V>
constexpr native::scalar_t<V> fast_exp_limit() noexcept {
  return per_format<V>(120, 760);
}

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
// Cost per vector (AVX-512): 1 min, 10 (exponential), 2 vscalefps, 1 add, 1 div.
template <class V>
GOLU_ALWAYS_INLINE V fast_times_logistic(const V& x, const V& z) noexcept {
  V k;
  const V p = native::exp_neg_times_pow2<true>(native::clamp_above(z, fast_logistic_upper<V>()), k);
  const V d = native::scale_wide(V(native::scalar_t<V>(1)), k) + p;
  return native::scale_wide(native::div(x, d), k);
}

// s(z) (1 + w (1 - s(z))), the derivative of x s(z(x)) with w = wa wb + w_lo =
// x z'(x), as (d + e w) / d^2 for z >= 0 and e (d + w) / d^2 below, d = 1 + e
// carried as d + d_lo: the only cancellation is in d + w near the derivative's
// zero, where d's and w's rounding errors would otherwise be amplified (measured
// 6 ULP for GELU-tanh near x = -1.6 before they were carried).
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
inline logistic_parts<D> logistic(const dd<D>& z) noexcept {
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
inline logistic_parts<D> logistic(const D& z) noexcept {
  return logistic<Precision>(dd<D>{z, D(0)});
}

}  // namespace detail

// max(x, 0); derivative 1 for x > 0 and 0 for x <= 0.
template <class Level = fast>
struct ReLU : detail::elementwise<ReLU<Level>, Level> {
  static constexpr const char* name = "ReLU";
  static_assert(is_level_v<Level>, "golu::ReLU<Level>: Level must be golu::fast or golu::exact");
  using level = Level;

  // Fast level (any format; exact, as at the exact level).
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    return detail::native::select(x < V(0), V(0), x);
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
    return detail::native::select(x > V(0), V(1), detail::native::select(x <= V(0), V(0), x));  // NaN stays
  }
  template <class Precision, class D>
  D value(const D& x) const noexcept {
    return detail::select(x < D(0), D(0), x);
  }
  template <class Precision, class D>
  D derivative(const D& x) const noexcept {
    return detail::select(x > D(0), D(1), detail::select(x <= D(0), D(0), x));  // NaN stays
  }
};

// x for x >= 0, slope*x below; slope in [0, 1], default 0.01.
template <class Level = fast>
struct LeakyReLU : detail::elementwise<LeakyReLU<Level>, Level> {
  static constexpr const char* name = "LeakyReLU";
  static_assert(is_level_v<Level>, "golu::LeakyReLU<Level>: Level must be golu::fast or golu::exact");
  using level = Level;

  // Fast level: slope rounded to the format, one rounding of the product (<= 1 ULP).
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    return detail::native::select(x < V(0), V(detail::native::scalar_t<V>(slope)) * x, x);
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
    using S = detail::native::scalar_t<V>;
    return detail::native::select(x < V(0), V(S(slope)), detail::native::select(x >= V(0), V(S(1)), x));
  }
  double slope = 0.01;
  LeakyReLU() = default;
  explicit LeakyReLU(double s) : slope(detail::check_parameter(s, 0, 1, "LeakyReLU", "slope")) {}
  template <class Precision, class D>
  D value(const D& x) const noexcept {
    return detail::select(x < D(0), D(slope) * x, x);
  }
  template <class Precision, class D>
  D derivative(const D& x) const noexcept {
    return detail::select(x < D(0), D(slope), detail::select(x >= D(0), D(1), x));
  }
};

// x for x > 0, alpha*(e^x - 1) below; alpha in [2^-10, 2^10], default 1.
template <class Level = fast>
struct ELU : detail::elementwise<ELU<Level>, Level> {
  static constexpr const char* name = "ELU";
  static_assert(is_level_v<Level>, "golu::ELU<Level>: Level must be golu::fast or golu::exact");
  using level = Level;

  // Fast level: alpha (e^x - 1) by the native expm1 (x >= -20 float, -40 double,
  // beyond which e^x - 1 rounds to -1), alpha e^x rounded once into subnormals.
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    const V a = n::clamp_above(n::abs(n::clamp_above(x, S(0))), detail::per_format<V>(20, 40));
    return n::select(x > V(S(0)), x, V(S(alpha)) * n::expm1_neg(a));
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    V m, sh;
    const V p = n::exp_neg(n::clamp_above(n::abs(n::clamp_above(x, S(0))), detail::fast_exp_limit<V>()), m, sh);
    return n::select(x > V(S(0)), V(S(1)), n::scale_wide(V(S(alpha)) * p, m));
  }
  double alpha = 1;
  ELU() = default;
  explicit ELU(double a) : alpha(detail::check_parameter(a, 0x1p-10, 0x1p10, "ELU", "alpha")) {}
  template <class Precision, class D>
  D value(const D& x) const noexcept {
    const D negative = D(alpha) * Precision::expm1_nonpositive(detail::clamp_above(x, 0.0));
    return detail::select(x > D(0), x, negative);
  }
  template <class Precision, class D>
  D derivative(const D& x) const noexcept {
    const D negative = D(alpha) * Precision::exp_neg(detail::neg(detail::clamp_above(x, 0.0)));
    return detail::select(x > D(0), D(1), negative);
  }
};

// Swish / SiLU: x * s(beta*x); beta in [2^-10, 2^10], default 1.
template <class Level = fast>
struct Swish : detail::elementwise<Swish<Level>, Level> {
  static constexpr const char* name = "Swish";
  static_assert(is_level_v<Level>, "golu::Swish<Level>: Level must be golu::fast or golu::exact");
  using level = Level;

  // Fast level: x / (1 + e^-z) for z = beta x >= 0, x e^z / (1 + e^z) below, one
  // division, the power of two of e^z applied last (subnormal results rounded once).
  // UnitBeta: beta = 1 known, the multiplications by it left out (same bits).
  template <class V, bool UnitBeta = false>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    using S = detail::native::scalar_t<V>;
    const V xc = detail::native::clamp_below(x, S(-detail::fast_exp_limit<V>() / beta));
    return detail::fast_times_logistic(xc, UnitBeta ? xc : V(S(beta)) * xc);
  }
  template <class V, bool UnitBeta = false>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
    using S = detail::native::scalar_t<V>;
    const S limit = S(detail::fast_exp_limit<V>() / beta);
    const V xc = detail::native::clamp_above(detail::native::clamp_below(x, -limit), limit);
    return detail::fast_logistic_derivative(UnitBeta ? xc : V(S(beta)) * xc, V(S(0)), V(S(beta)), xc, V(S(0)));
  }
  // For the array loops (see detail::with_fixed_kernel): SiLU (beta = 1) without
  // the multiplications by beta.
  struct unit_beta_kernel {
    template <class V>
    GOLU_ALWAYS_INLINE V operator()(const V& x) const noexcept {
      return Swish{}.template fast_value<V, true>(x);
    }
    template <class V>
    GOLU_ALWAYS_INLINE V grad(const V& x) const noexcept {
      return Swish{}.template fast_derivative<V, true>(x);
    }
  };
  template <class F, class L = Level, std::enable_if_t<std::is_same<L, fast>::value, int> = 0>
  decltype(auto) fixed_kernel(F& f) const {
    if (beta == 1) return f(unit_beta_kernel{});
    return f(*this);
  }
  double beta = 1;
  Swish() = default;
  explicit Swish(double b) : beta(detail::check_parameter(b, 0x1p-10, 0x1p10, "Swish", "beta")) {}
  template <class Precision, class D>
  D value(const D& x) const noexcept {
    // Below -800/beta the result is a signed zero; clamping keeps -inf out of x*s.
    const D xc = detail::clamp_below(x, -detail::exp_neg_limit / beta);
    // beta*x exactly: at z = -700 its rounding alone would cost ~350 ULP.
    const detail::logistic_parts<D> p =
        detail::logistic<Precision>(detail::two_prod(D(beta), detail::clamp_above(xc, detail::exp_neg_limit / beta)));
    return Precision::scale(Precision::times_ratio(xc, p.num, p.den), p.e_s);
  }
  // s + beta*x*s*(1-s) = s*(1 + z*(1-s)), z = beta*x; its zero near z = -1.28 is
  // ill-conditioned: there the error is absolute, at the exponential's level.
  template <class Precision, class D>
  D derivative(const D& x) const noexcept {
    const D xc =
        detail::clamp_above(detail::clamp_below(x, -detail::exp_neg_limit / beta), detail::exp_neg_limit / beta);
    const detail::dd<D> z = detail::two_prod(D(beta), xc);
    const detail::logistic_parts<D> p = detail::logistic<Precision>(z);
    return Precision::scale(
        Precision::round(detail::dd_times(p.s, detail::plus(D(1), detail::dd_times(p.one_minus_s, z)))), p.e_s);
  }
};

// GELU, exact: x * Phi(x), Phi the standard normal CDF. With a = |x| and the
// upper tail Q(a) = R(a) e^(-a^2/2) (detail/gaussian.hpp), Phi(x) is Q(a) for
// x < 0 and 1 - Q(a) above: no erfc of a negative argument, no cancellation.
template <class Level = fast>
struct GELU : detail::elementwise<GELU<Level>, Level> {
  static constexpr const char* name = "GELU";
  static_assert(is_level_v<Level>, "golu::GELU<Level>: Level must be golu::fast or golu::exact");
  using level = Level;

  // Fast level. With a = |x| (clamped to 16 in float, 40 in double, beyond which
  // x Q(a) underflows) and Q(a) = R(a) G, G = e^(-a^2/2) = p 2^m from a^2 carried
  // exactly: y = x R G for x < 0 (2^m applied last) and x - x R G above. R comes
  // from the float table (float) or the exact level's double table rounded once
  // (double: relative 2^-55).
  template <class V>
  GOLU_ALWAYS_INLINE void fast_parts(const V& x, V& a, V& r, V& p, V& m) const noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    a = n::clamp_above(n::abs(x), detail::per_format<V>(16, 40));
    if constexpr (std::is_same<S, float>::value) {
      r = detail::gaussian_tail_ratio_native(a, detail::constants::native_gaussian_tail_float);
    } else {
      const detail::dd<V> rr = detail::gaussian_tail_ratio_dd(a, detail::constants::dp_gaussian_tail);
      r = rr.hi + rr.lo;
    }
    V a2_lo, sh;
    const V a2 = n::two_prod(a, a, a2_lo);
    p = n::exp_neg(V(S(0.5)) * a2, V(S(0.5)) * a2_lo, m, sh);
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    V a, r, p, m;
    fast_parts(x, a, r, p, m);
    const V xl = n::clamp_below_by(x, -a);  // x, or -a where |x| was clamped (the result is -0 there)
    const V below = n::scale_wide((xl * r) * p, m);
    const V q = r * n::scale_wide(p, m);
    const V above = n::fma(-n::clamp_above_by(x, a), q, x);  // x - x Q; x = +inf gives +inf
    return n::select(x < V(S(0)), below, above);
  }
  // Phi(x) + x phi(x) = G (R - a c) for x < 0 and 1 - G (R - a c) above,
  // c = 1/sqrt(2 pi); its zero near x = -0.75 is in R - a c.
  template <class V>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
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
      const V below = n::scale_wide(p * diff, m);
      return n::select(x < V(S(0)), below, V(S(1)) - below);
    }
  }
  static constexpr double inv_sqrt_2pi = 0.39894228040143267794;  // 1/sqrt(2 pi) = hi + lo
  static constexpr double inv_sqrt_2pi_lo = -0x1.cbc0d30ebfd15p-56;
  // Beyond |x| = 40, x Q(|x|) < 2^-1150 is zero in double, and Phi(x) is 0 or 1.
  static constexpr double x_limit = 40;
  // Q(a) = q * 2^(e - 2048), q a double-double; in in_double q.lo = 0 and e = 2048.
  template <class D>
  struct tail {
    D xc, a;                 // x clamped to +-x_limit, and its magnitude
    detail::dd<D> r, gauss;  // R(a) and the mantissa of e^(-a^2/2)
    detail::bits_t<D> e;
  };
  template <class Precision, class D>
  static tail<D> evaluate(const D& x) noexcept {
    const D xc = detail::clamp_above(detail::clamp_below(x, -x_limit), x_limit);
    const D a = detail::select(xc < D(0), detail::neg(xc), xc);
    const detail::dd<D> a2 = detail::two_prod(a, a);
    const detail::exp_parts<D> g = Precision::exp_neg_parts(detail::dd<D>{D(0.5) * a2.hi, D(0.5) * a2.lo});
    return {xc, a, Precision::gaussian_tail_ratio(a), g.mant, g.e};
  }
  template <class Precision, class D>
  D value(const D& x) const noexcept {
    using detail::fma;
    const tail<D> t = evaluate<Precision>(x);
    const D xc = t.xc;
    const detail::dd<D> q = detail::dd_times(t.r, t.gauss);
    const D below = Precision::scale(fma(xc, q.hi, xc * q.lo), t.e);
    // x (1 - Q) = x - x Q, Q <= 1/2, the subtraction exact to the last rounding;
    // past the limit (and at +inf) it is x.
    const D qh = Precision::scale(q.hi, t.e), ql = Precision::scale(q.lo, t.e);
    const detail::dd<D> xq = detail::two_prod(xc, qh);
    const detail::dd<D> d = detail::two_sum(xc, detail::neg(xq.hi));
    const D above = d.hi + (d.lo - fma(xc, ql, xq.lo));
    return detail::select(xc < D(0), below, detail::select(x > D(x_limit), x, above));
  }
  // Phi(x) + x phi(x) = e^(-a^2/2) (R(a) - a/sqrt(2 pi)) for x < 0 and
  // 1 + e^(-a^2/2) (a/sqrt(2 pi) - R(a)) above. Its zero near x = -0.75 is
  // ill-conditioned: there the error is absolute, at R's level.
  template <class Precision, class D>
  D derivative(const D& x) const noexcept {
    using detail::fma;
    const tail<D> t = evaluate<Precision>(x);
    const detail::dd<D> ac = detail::two_prod(t.a, D(inv_sqrt_2pi));
    const detail::dd<D> diff = detail::two_sum(t.r.hi, detail::neg(ac.hi));
    const D diff_lo = diff.lo + (t.r.lo - fma(t.a, D(inv_sqrt_2pi_lo), ac.lo));
    const D lower = Precision::scale(fma(t.gauss.hi, diff.hi, fma(t.gauss.hi, diff_lo, t.gauss.lo * diff.hi)), t.e);
    return detail::select(t.xc < D(0), lower, D(1) - lower);
  }
};

// GELU, tanh approximation: 0.5*x*(1 + tanh(u)) = x*s(2u), u = sqrt(2/pi)*(x + 0.044715*x^3).
template <class Level = fast>
struct GELUTanh : detail::elementwise<GELUTanh<Level>, Level> {
  static constexpr const char* name = "GELUTanh";
  static_assert(is_level_v<Level>, "golu::GELUTanh<Level>: Level must be golu::fast or golu::exact");
  using level = Level;

  // Fast level: x s(z), z = x (2c + 2ck x^2), as Swish's.
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    using S = detail::native::scalar_t<V>;
    const V xl = detail::native::clamp_below(x, S(-x_limit));
    const V xz = detail::native::clamp_above(xl, S(x_limit));
    const V z = xz * detail::native::fma(xz * xz, V(S(2 * c * k)), V(S(2 * c)));
    return detail::fast_times_logistic(xl, detail::native::clamp_below(z, -detail::fast_exp_limit<V>()));
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
    // Without FMA the carried sums lose their exactness: measured 4.0 ULP x kappa
    // (double, 10^6 inputs, SSE2) against the bound of 4, so such targets take the
    // exact level's derivative.
    if constexpr (!detail::native::fused<V>()) {
      return GELUTanh<exact>{}.grad(x);
    } else {
      using S = detail::native::scalar_t<V>;
      const V xz = detail::native::clamp_above(detail::native::clamp_below(x, S(-x_limit)), S(x_limit));
      namespace n = detail::native;
      // z = x f and w = x g, f = 2c + 2ck x^2, g = 2c + 6ck x^2, with the rounding
      // errors of x^2, f, z and g carried along: e^-|z| would otherwise carry |z| ulp
      // of relative error and w its own, which the cancellation in 1 + w near
      // x = -1.6 turns into several ULP of the derivative.
      const V a(S(2 * c * k)), b(S(2 * c)), a3(S(6 * c * k));
      V x2_lo, f_err, z_err, g_err;
      const V x2 = n::two_prod(xz, xz, x2_lo);
      const V f = n::mul_add(x2, a, b, f_err), f_lo = n::fma(a, x2_lo, f_err);
      const V z = n::two_prod(xz, f, z_err), z_lo = n::fma(xz, f_lo, z_err);
      const V g = n::mul_add(x2, a3, b, g_err), g_lo = n::fma(a3, x2_lo, g_err);
      return detail::fast_logistic_derivative(z, z_lo, xz, g, xz * g_lo);
    }
  }
  static constexpr double c = 0.79788456080286535588;  // sqrt(2/pi)
  static constexpr double k = 0.044715;
  // Beyond |x| = 30, 2u passes 1900: the logistic is 0 or 1 to every precision.
  static constexpr double x_limit = 30;
  // 2u as a double-double: at x = -11, 2u = -112 and its rounding alone would cost
  // ~100 ULP of the result.
  template <class D>
  static detail::dd<D> twice_u(const D& x) noexcept {
    using detail::dd;
    const dd<D> kx2 = detail::dd_times(detail::two_prod(x, x), D(k));
    const dd<D> w0 = detail::two_sum(D(1), kx2.hi);
    const dd<D> w{w0.hi, w0.lo + kx2.lo};
    return detail::dd_times(detail::dd_times(w, x), D(2 * c));
  }
  template <class Precision, class D>
  D value(const D& x) const noexcept {
    const D xc = detail::clamp_below(x, -x_limit);
    const detail::logistic_parts<D> p = detail::logistic<Precision>(twice_u(detail::clamp_above(xc, x_limit)));
    return Precision::scale(Precision::times_ratio(xc, p.num, p.den), p.e_s);
  }
  template <class Precision, class D>
  D derivative(const D& x) const noexcept {
    const D xc = detail::clamp_above(detail::clamp_below(x, -x_limit), x_limit);
    const detail::logistic_parts<D> p = detail::logistic<Precision>(twice_u(xc));
    // d(2u)/dx = 2c (1 + 3k x^2), and x (1 - s) d(2u)/dx, as double-doubles
    const detail::dd<D> dz =
        detail::dd_times(detail::plus(D(1), detail::dd_times(detail::two_prod(xc, xc), D(3 * k))), D(2 * c));
    const detail::dd<D> w = detail::dd_times(detail::dd_times(p.one_minus_s, xc), dz);
    return Precision::scale(Precision::round(detail::dd_times(p.s, detail::plus(D(1), w))), p.e_s);
  }
};

// Mish: x * tanh(softplus(x)). With e = e^-|x|, tanh(softplus(x)) is
// (1 + 2e)/(1 + 2e + 2e^2) for x >= 0 and e(e + 2)/(e(e + 2) + 2) below: no overflow,
// no cancellation.
template <class Level = fast>
struct Mish : detail::elementwise<Mish<Level>, Level> {
  static constexpr const char* name = "Mish";
  static_assert(is_level_v<Level>, "golu::Mish<Level>: Level must be golu::fast or golu::exact");
  using level = Level;

  // Fast level: with e = e^-|x| = p 2^m, tanh(softplus(x)) = N / D with
  // N = 1 + 2e, D = N + 2e^2 for x >= 0 and N = p (e + 2) (times 2^m), D = e (e + 2) + 2
  // below; one division, 2^m applied last.
  template <class V>
  GOLU_ALWAYS_INLINE void fast_parts(const V& x, V& xl, V& e, V& p, V& m, V& num, V& den) const noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    const V one(S(1)), two(S(2));
    xl = n::clamp_below(x, -detail::fast_exp_limit<V>());
    V sh;
    p = n::exp_neg(n::clamp_above(n::abs(xl), detail::fast_exp_limit<V>()), m, sh);
    e = n::scale_wide(p, m);
    const auto negative = xl < V(S(0));
    const V e_plus_2 = e + two;
    const V num_pos = n::fma(two, e, one);
    num = n::select(negative, p * e_plus_2, num_pos);
    den = n::select(negative, n::fma(e, e_plus_2, two), n::fma(two * e, e, num_pos));
    m = n::select(negative, m, V(S(0)));
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    V xl, e, p, m, num, den;
    fast_parts(x, xl, e, p, m, num, den);
    return detail::native::scale_wide(detail::native::div(xl * num, den), m);
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
    // Without FMA the carried sums lose their exactness: measured 4.0 ULP x kappa
    // (double, 10^6 inputs, SSE2) against the bound of 4, so such targets take the
    // exact level's derivative.
    if constexpr (!detail::native::fused<V>()) {
      return Mish<exact>{}.grad(x);
    } else {
      namespace n = detail::native;
      using S = n::scalar_t<V>;
      V xl, e, p, m, num, den;
      fast_parts(n::clamp_above(x, detail::fast_exp_limit<V>()), xl, e, p, m, num, den);
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
      return n::scale_wide(n::div(n::select(negative, p * bracket, top_pos), n::select(negative, den2_neg, den2_pos)),
                           m);
    }
  }

  template <class D>
  struct parts {
    detail::dd<D> num, den;  // g = tanh(softplus(x)) = num/den * 2^(e - 2048)
    detail::dd<D> h;         // (1 - g^2)*s(x) = g'(x), scaled alike
    detail::bits_t<D> e;
  };
  template <class Precision, class D>
  static parts<D> evaluate(const D& x) noexcept {
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
  D value(const D& x) const noexcept {
    const D xc = detail::clamp_below(x, -detail::exp_neg_limit);
    const parts<D> p = evaluate<Precision>(xc);
    return Precision::scale(Precision::times_ratio(xc, p.num, p.den), p.e);
  }
  // g + x*g': its zero near x = -1.19 is ill-conditioned (absolute error there).
  template <class Precision, class D>
  D derivative(const D& x) const noexcept {
    const D xc = detail::clamp_above(detail::clamp_below(x, -detail::exp_neg_limit), detail::exp_neg_limit);
    const parts<D> p = evaluate<Precision>(xc);
    const detail::dd<D> g = Precision::ratio(p.num, p.den);
    const detail::dd<D> xh = detail::dd_times(p.h, xc);
    const detail::dd<D> t = detail::two_sum(g.hi, xh.hi);
    return Precision::scale(Precision::round(detail::dd<D>{t.hi, t.lo + (g.lo + xh.lo)}), p.e);
  }
};

// Lower-case shorthands for the default objects.
template <class Level = fast, class V>
inline detail::enable_if_value_t<V> relu(const V& x) noexcept {
  return ReLU<Level>{}(x);
}
template <class Level = fast, class V>
inline detail::enable_if_value_t<V> leaky_relu(const V& x) noexcept {
  return LeakyReLU<Level>{}(x);
}
template <class Level = fast, class V>
inline detail::enable_if_value_t<V> elu(const V& x) noexcept {
  return ELU<Level>{}(x);
}
template <class Level = fast, class V>
inline detail::enable_if_value_t<V> swish(const V& x) noexcept {
  return Swish<Level>{}(x);
}
template <class Level = fast, class V>
inline detail::enable_if_value_t<V> gelu(const V& x) noexcept {
  return GELU<Level>{}(x);
}
template <class Level = fast, class V>
inline detail::enable_if_value_t<V> gelu_tanh(const V& x) noexcept {
  return GELUTanh<Level>{}(x);
}
template <class Level = fast, class V>
inline detail::enable_if_value_t<V> mish(const V& x) noexcept {
  return Mish<Level>{}(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
