// golu::ReLU: ReLU, both accuracy levels (see golu/activations.hpp for the
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

// max(x, 0); derivative 1 for x > 0 and 0 for x <= 0.
template <class Level = fast>
struct ReLU : detail::elementwise<ReLU<Level>, Level> {
  static constexpr const char* name = "ReLU";
  static constexpr detail::packet_cost cost{2, 2, 2, 2};  // fast float, fast double, exact float, exact double
  static_assert(is_level_v<Level>, "golu::ReLU<Level>: Level must be golu::fast or golu::exact");
  using level = Level;
  // The accuracy contract, float and double (golu/bounds.hpp).
  template <class T>
  static constexpr accuracy_bounds bounds() noexcept {
    return common_bounds<Level>();
  }

  // One kernel for both levels (any format): a select is exact.
  static constexpr bool fast_is_exact = true;
  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    return detail::native::select(x < V(0), V(0), x);
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
    return detail::native::select(x > V(0), V(1), detail::native::select(x <= V(0), V(0), x));  // NaN stays
  }
};

template <class Level = fast, class V>
inline detail::enable_if_value_t<V> relu(const V& x) noexcept {
  return ReLU<Level>{}(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
