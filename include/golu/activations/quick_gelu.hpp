// golu::QuickGELU: x * s(1.702 x), the sigmoid form of GELU that CLIP-style models use,
// both accuracy levels (see golu/activations.hpp for the framework). It is Swish with
// beta = 1.702 (the double nearest), and runs Swish's kernels with that beta.
#pragma once

#include <golu/activations/swish.hpp>
#include <golu/bounds.hpp>
#include <golu/detail/elementwise.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {

template <class Level = fast>
struct QuickGELU : detail::elementwise<QuickGELU<Level>, Level> {
  static constexpr const char* name = "QuickGELU";
  static constexpr detail::packet_cost cost = Swish<Level>::cost;
  static_assert(is_level_v<Level>, "golu::QuickGELU<Level>: Level must be golu::fast or golu::exact");
  using level = Level;
  // The accuracy contract, float and double (golu/bounds.hpp): Swish's.
  template <class T>
  static constexpr accuracy_bounds bounds() noexcept {
    return Swish<Level>::template bounds<T>();
  }
  static constexpr double beta = 1.702;

  template <class V>
  GOLU_ALWAYS_INLINE V fast_value(const V& x) const noexcept {
    return swish().fast_value(x);
  }
  template <class V>
  GOLU_ALWAYS_INLINE V fast_derivative(const V& x) const noexcept {
    return swish().fast_derivative(x);
  }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D value(const D& x) const noexcept {
    return swish().template value<Precision>(x);
  }
  template <class Precision, class D>
  GOLU_ALWAYS_INLINE D derivative(const D& x) const noexcept {
    return swish().template derivative<Precision>(x);
  }

 private:
  // Swish with QuickGELU's beta, set directly: the constant needs no parameter check.
  static constexpr Swish<Level> swish() noexcept {
    Swish<Level> s{};
    s.beta = beta;
    return s;
  }
};

template <class Level = fast, class V>
inline detail::enable_if_value_t<V> quick_gelu(const V& x) noexcept {
  return QuickGELU<Level>{}(x);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
