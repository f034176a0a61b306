// golu::ELU: ELU, both accuracy levels (see golu/activations.hpp for the
// framework and detail/elementwise.hpp for the shape every activation shares).
#pragma once

#include <cmath>
#include <golu/bounds.hpp>
#include <golu/detail/compute_precision.hpp>
#include <golu/detail/elementwise.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/parameters.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

// x for x > 0, alpha*(e^x - 1) below; alpha in [2^-10, 2^10], default 1.
template <class Level = fast>
struct ELU : detail::elementwise<ELU<Level>, Level> {
  static constexpr const char* name = "ELU";
  static constexpr detail::packet_cost cost{20, 28, 60, 40};  // fast float, fast double, exact float, exact double
  static_assert(is_level_v<Level>, "golu::ELU<Level>: Level must be golu::fast or golu::exact");
  using level = Level;
  // The accuracy contract, float and double (golu/bounds.hpp).
  template <class T>
  static constexpr accuracy_bounds bounds() noexcept {
    return common_bounds<Level>();
  }

  // Fast level: alpha (e^x - 1) by the native expm1 (x >= -20 float, -40 double,
  // beyond which e^x - 1 rounds to -1), alpha e^x rounded once into subnormals.
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    namespace n = detail::native;
    using S = n::scalar_t<V>;
    const V a = n::clamp_above(n::abs(n::clamp_above(x, S(0))), detail::per_format<V>(20, 40));
    // x >= 0, not x > 0: ELU(-0) = alpha expm1(-0) = -0, which is x itself.
    return n::select(x >= V(S(0)), x, V(S(alpha)) * n::expm1_neg(a));
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
  detail::parameter_values parameters() const noexcept { return {{alpha, 0, 0}}; }
  static ELU from_parameters(const detail::parameter_values& p) { return ELU{p.v[0]}; }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D value(const D& x) const noexcept {
    const D negative = D(alpha) * Precision::expm1_nonpositive(detail::clamp_above(x, 0.0));
    return detail::select(x >= D(0), x, negative);  // ELU(-0) = -0, as in fast_value
  }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D derivative(const D& x) const noexcept {
    const D negative = D(alpha) * Precision::exp_neg(detail::neg(detail::clamp_above(x, 0.0)));
    return detail::select(x > D(0), D(1), negative);
  }
};

template <class Level = fast, class V>
inline detail::enable_if_value_t<V> elu(const V& x) noexcept {
  return ELU<Level>{}(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
