// The shape every activation shares: a class template over the accuracy level whose
// operator() and grad pick the level's kernels (see golu/activations.hpp).
#pragma once

#include <golu/detail/compute_precision.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/parameters.hpp>
#include <golu/detail/value_traits.hpp>
#include <golu/level.hpp>
#include <golu/target.hpp>
#include <type_traits>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// Derived::fast_is_exact: the fast kernels' results are the exact ones (ReLU's
// select), so that the exact level runs them too, in the value type itself.
template <class Derived, class = void>
struct fast_is_exact : std::false_type {};
template <class Derived>
struct fast_is_exact<Derived, std::void_t<decltype(Derived::fast_is_exact)>>
    : std::integral_constant<bool, Derived::fast_is_exact> {};

// operator() and grad for an activation at accuracy level Level: the exact
// level's kernels are Derived::value<Precision> and Derived::derivative<Precision> (on
// double values, see by_precision), the fast level's Derived::fast_value and
// Derived::fast_derivative (on the value type itself), at both levels where
// fast_is_exact. Both are forced inline, with every helper of the kernels: GCC
// otherwise leaves calls per vector in the array loops (measured: the exact Swish
// twice as slow in one translation unit as in another, by where the inliner stopped).
template <class Derived, class Level>
struct elementwise {
  // No parameters (the activations that have some state theirs, hiding these).
  constexpr parameter_values parameters() const noexcept { return {{0, 0, 0}}; }
  static Derived from_parameters(const parameter_values&) { return Derived{}; }

  template <class V, class L = Level, std::enable_if_t<std::is_same<L, exact>::value, int> = 0>
  GOLU_ALWAYS_INLINE enable_if_value_t<V> operator()(const V& x) const noexcept {
    const Derived& self = static_cast<const Derived&>(*this);
    if constexpr (fast_is_exact<Derived>::value) {
      return self.fast_value(x);
    } else {
      return by_precision(
          x, [&](const auto& d) GOLU_LAMBDA_INLINE { return self.template value<in_double>(d); },
          [&](const auto& d) GOLU_LAMBDA_INLINE { return self.template value<in_double_double>(d); });
    }
  }
  template <class V, class L = Level, std::enable_if_t<std::is_same<L, exact>::value, int> = 0>
  GOLU_ALWAYS_INLINE enable_if_value_t<V> grad(const V& x) const noexcept {
    const Derived& self = static_cast<const Derived&>(*this);
    if constexpr (fast_is_exact<Derived>::value) {
      return self.fast_derivative(x);
    } else {
      return by_precision(
          x, [&](const auto& d) GOLU_LAMBDA_INLINE { return self.template derivative<in_double>(d); },
          [&](const auto& d) GOLU_LAMBDA_INLINE { return self.template derivative<in_double_double>(d); });
    }
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

// An activation's cost per packet for Eigen (functor_traits, eigen.hpp), which
// decides on evaluating nested expressions into temporaries: vector operations per
// packet, about (from the array loops' instruction counts and measured times).
struct packet_cost {
  int fast_float, fast_double, exact_float, exact_double;
  template <class Level, class S>
  constexpr int of() const noexcept {
    constexpr bool f = std::is_same<Level, fast>::value, single = sizeof(S) <= 4;
    return f ? (single ? fast_float : fast_double) : (single ? exact_float : exact_double);
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

// Up to this |a|, e^-a = p 2^m has 2^m normal (m >= -126 float, -1022 double): the
// normal band of the kernels that branch on rare lanes (arch/rare_path.hpp), where
// native::scale_pow2 replaces scale_wide.
template <class V>
constexpr native::scalar_t<V> fast_exp_normal_limit() noexcept {
  return per_format<V>(87, 708);
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
