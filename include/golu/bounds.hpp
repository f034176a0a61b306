// An activation's accuracy contract as data: each activation states its bounds per level,
// pass and format beside its code (Act::bounds<T>()), and the unit tests, the accuracy
// sweeps and the docs' tables check against that one statement.
#pragma once

#include <golu/level.hpp>
#include <type_traits>

namespace golu {

// What a result's error in ULP is divided by before it is compared with a bound.
enum class error_scale {
  none,   // plain ULP of the result
  kappa,  // max(1, kappa), kappa the relative condition number at x: |x f'(x) / f(x)| for
          // the forward pass, |x f''(x) / f'(x)| for the derivative (what rounding x costs)
  // max(1, the condition number of the derivative's final sum, e.g. s + s z (1 - s) for
  // Swish): 1 away from the derivative's zeros, unbounded at them, where the error is the
  // terms' rounding, an absolute one.
  final_sum,
};

// error <= ulp ULP x max(1, scale), or, for GoLU's exact derivative, within zero_window / gamma
// of its zero at x = -W(1 / beta) / gamma: |error| <= zero_abs x alpha (the derivative is tiny
// there, so that its ULP are meaningless). zero_window = 0: no such window.
struct error_bound {
  double ulp;
  error_scale scale = error_scale::none;
  double zero_window = 0;
  double zero_abs = 0;
};

// One level's bounds for one format. parameters: GoLU's d/dalpha, d/dbeta, d/dgamma on
// normal results (ulp = 0 where an activation has no parameter gradients).
struct accuracy_bounds {
  error_bound forward;
  error_bound derivative;
  error_bound parameters{0};
};

// The contract every activation but GoLU states (float and double alike): fast, forward
// and derivative within 4 ULP x max(1, kappa); exact, forward within 1 ULP, derivative
// within 1 ULP x max(1, the condition of its final sum).
template <class Level>
constexpr accuracy_bounds common_bounds() noexcept {
  static_assert(is_level_v<Level>, "golu::common_bounds<Level>: Level must be golu::fast or golu::exact");
  if (std::is_same<Level, fast>::value) return {{4, error_scale::kappa}, {4, error_scale::kappa}};
  return {{1}, {1, error_scale::final_sum}};
}

}  // namespace golu
