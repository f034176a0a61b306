// Maps a value type (float, double, xsimd batches of them) onto the precision the
// exact level computes it in (detail/compute_precision.hpp):
// float values run the sp kernels in double, double values the dp kernels.
#pragma once

#include <golu/arch/widen.hpp>
#include <golu/config.hpp>
#include <golu/detail/ops.hpp>
#include <golu/target.hpp>
#include <type_traits>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

template <class V>
struct value_traits {
  static constexpr bool supported = false;
};
template <>
struct value_traits<float> {
  static constexpr bool supported = true;
  using scalar = float;
};
template <>
struct value_traits<double> {
  static constexpr bool supported = true;
  using scalar = double;
};
template <class A>
struct value_traits<xsimd::batch<float, A>> {
  static constexpr bool supported = true;
  using scalar = float;
};
template <class A>
struct value_traits<xsimd::batch<double, A>> {
  static constexpr bool supported = true;
  using scalar = double;
};

template <class V>
constexpr bool is_value_v = value_traits<V>::supported;

template <class V, class R = V>
using enable_if_value_t = std::enable_if_t<is_value_v<V>, R>;

// Applies sp(D) -> D to float values and dp(D) -> D to double values.
template <class V, class Sp, class Dp>
GOLU_ALWAYS_INLINE V by_precision(const V& x, Sp&& sp, Dp&& dp) noexcept {
  static_assert(is_value_v<V>, "golu: values must be float, double or an xsimd::batch of them");
  if constexpr (std::is_same<V, float>::value) {
    return static_cast<float>(sp(static_cast<double>(x)));
  } else if constexpr (std::is_same<V, double>::value) {
    return dp(x);
  } else if constexpr (std::is_same<typename value_traits<V>::scalar, float>::value) {
    const auto w = widen(x);
    return narrow(sp(w.lo), sp(w.hi));
  } else {
    return dp(x);
  }
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
