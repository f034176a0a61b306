// golu::Swish: Swish (SiLU), both accuracy levels (see golu/activations.hpp for the
// framework and detail/elementwise.hpp for the shape every activation shares).
#pragma once

#include <cmath>
#include <golu/bounds.hpp>
#include <golu/detail/compute_precision.hpp>
#include <golu/detail/elementwise.hpp>
#include <golu/detail/logistic.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/parameters.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

// Swish / SiLU: x * s(beta*x); beta in [2^-10, 2^10], default 1.
template <class Level = fast>
struct Swish : detail::elementwise<Swish<Level>, Level> {
  static constexpr const char* name = "Swish";
  static constexpr detail::packet_cost cost{19, 30, 200, 110};  // fast float, fast double, exact float, exact double
  static_assert(is_level_v<Level>, "golu::Swish<Level>: Level must be golu::fast or golu::exact");
  using level = Level;
  // The accuracy contract, float and double (golu/bounds.hpp).
  template <class T>
  static constexpr accuracy_bounds bounds() noexcept {
    return common_bounds<Level>();
  }

  // Fast level: x s(z), z = beta x, by detail::fast_times_logistic: one exponential,
  // one division, the power of two applied last (subnormal results rounded once).
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
  detail::parameter_values parameters() const noexcept { return {{beta, 0, 0}}; }
  static Swish from_parameters(const detail::parameter_values& p) { return Swish{p.v[0]}; }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D value(const D& x) const noexcept {
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
  GOLU_ALWAYS_INLINE D derivative(const D& x) const noexcept {
    const D xc =
        detail::clamp_above(detail::clamp_below(x, -detail::exp_neg_limit / beta), detail::exp_neg_limit / beta);
    const detail::dd<D> z = detail::two_prod(D(beta), xc);
    const detail::logistic_parts<D> p = detail::logistic<Precision>(z);
    return Precision::scale(
        Precision::round(detail::dd_times(p.s, detail::plus(D(1), detail::dd_times(p.one_minus_s, z)))), p.e_s);
  }
};

template <class Level = fast, class V>
inline detail::enable_if_value_t<V> swish(const V& x) noexcept {
  return Swish<Level>{}(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
