// golu::GELUTanh: GELU, tanh approximation, both accuracy levels (see golu/activations.hpp for the
// framework and detail/elementwise.hpp for the shape every activation shares).
#pragma once

#include <cmath>
#include <golu/bounds.hpp>
#include <golu/detail/compute_precision.hpp>
#include <golu/detail/elementwise.hpp>
#include <golu/detail/exp_double_double.hpp>
#include <golu/detail/logistic.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/parameters.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

// GELU, tanh approximation: 0.5*x*(1 + tanh(u)) = x*s(2u), u = sqrt(2/pi)*(x + 0.044715*x^3).
template <class Level = fast>
struct GELUTanh : detail::elementwise<GELUTanh<Level>, Level> {
  static constexpr const char* name = "GELUTanh";
  static constexpr detail::packet_cost cost{25, 33, 200, 90};  // fast float, fast double, exact float, exact double
  static_assert(is_level_v<Level>, "golu::GELUTanh<Level>: Level must be golu::fast or golu::exact");
  using level = Level;
  // The accuracy contract, float and double (golu/bounds.hpp).
  template <class T>
  static constexpr accuracy_bounds bounds() noexcept {
    return common_bounds<Level>();
  }

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
  GOLU_ALWAYS_INLINE static detail::dd<D> twice_u(const D& x) noexcept {
    using detail::dd;
    const dd<D> kx2 = detail::dd_times(detail::two_prod(x, x), D(k));
    const dd<D> w0 = detail::two_sum(D(1), kx2.hi);
    const dd<D> w{w0.hi, w0.lo + kx2.lo};
    return detail::dd_times(detail::dd_times(w, x), D(2 * c));
  }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D value(const D& x) const noexcept {
    const D xc = detail::clamp_below(x, -x_limit);
    const detail::logistic_parts<D> p = detail::logistic<Precision>(twice_u(detail::clamp_above(xc, x_limit)));
    return Precision::scale(Precision::times_ratio(xc, p.num, p.den), p.e_s);
  }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D derivative(const D& x) const noexcept {
    const D xc = detail::clamp_above(detail::clamp_below(x, -x_limit), x_limit);
    const detail::logistic_parts<D> p = detail::logistic<Precision>(twice_u(xc));
    // d(2u)/dx = 2c (1 + 3k x^2), and x (1 - s) d(2u)/dx, as double-doubles
    const detail::dd<D> dz =
        detail::dd_times(detail::plus(D(1), detail::dd_times(detail::two_prod(xc, xc), D(3 * k))), D(2 * c));
    const detail::dd<D> w = detail::dd_times(detail::dd_times(p.one_minus_s, xc), dz);
    return Precision::scale(Precision::round(detail::dd_times(p.s, detail::plus(D(1), w))), p.e_s);
  }
};

template <class Level = fast, class V>
inline detail::enable_if_value_t<V> gelu_tanh(const V& x) noexcept {
  return GELUTanh<Level>{}(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
