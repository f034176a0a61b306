// golu::LeakyReLU: LeakyReLU, both accuracy levels (see golu/activations.hpp for the
// framework and detail/elementwise.hpp for the shape every activation shares).
#pragma once

#include <cmath>
#include <golu/bounds.hpp>
#include <golu/detail/elementwise.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/parameters.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

// x for x >= 0, slope*x below; slope in [0, 1], default 0.01.
template <class Level = fast>
struct LeakyReLU : detail::elementwise<LeakyReLU<Level>, Level> {
  static constexpr const char* name = "LeakyReLU";
  static constexpr detail::packet_cost cost{3, 3, 3, 3};  // fast float, fast double, exact float, exact double
  static_assert(is_level_v<Level>, "golu::LeakyReLU<Level>: Level must be golu::fast or golu::exact");
  using level = Level;
  // The accuracy contract, float and double (golu/bounds.hpp).
  template <class T>
  static constexpr accuracy_bounds bounds() noexcept {
    return common_bounds<Level>();
  }

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
  detail::parameter_values parameters() const noexcept { return {{slope, 0, 0}}; }
  static LeakyReLU from_parameters(const detail::parameter_values& p) { return LeakyReLU{p.v[0]}; }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D value(const D& x) const noexcept {
    return detail::select(x < D(0), D(slope) * x, x);
  }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D derivative(const D& x) const noexcept {
    return detail::select(x < D(0), D(slope), detail::select(x >= D(0), D(1), x));
  }
};

template <class Level = fast, class V>
inline detail::enable_if_value_t<V> leaky_relu(const V& x) noexcept {
  return LeakyReLU<Level>{}(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
