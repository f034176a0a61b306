// One input's results against the activation's stated bounds (golu/bounds.hpp) and the
// MPFR reference, as the unit tests check them: the errors in the bounds' units, with
// the condition numbers computed only where a plain error exceeds its bound.
#pragma once

#include <cmath>
#include <limits>

#include "bounds.hpp"
#include "mpfr_activations.hpp"
#include "mpfr_reference.hpp"
#include "ulp.hpp"

namespace golu_test {

// Where GoLU's exact derivative has its absolute window: its zero, and the scales of the
// window (1/gamma) and of the bound (alpha). Other activations have none.
struct zero_window_of_activation {
  double x0 = std::numeric_limits<double>::quiet_NaN(), gamma = 1, alpha = 1;
};
template <class Act>
zero_window_of_activation zero_window_of(const Act&) {
  return {};
}
template <class L>
zero_window_of_activation zero_window_of(const golu::GoLU<L>& act) {
  return {derivative_zero(act.beta(), act.gamma()), act.gamma(), act.alpha()};
}

struct errors_in_bounds {
  double forward, derivative;              // in the bounds' units (absolute in the window)
  double forward_bound, derivative_bound;  // what each is compared with
  double kf = 1, kg = 1, final_sum = 1;    // the condition numbers used
  bool ok() const { return forward <= forward_bound && derivative <= derivative_bound; }
};

// y = act(x) and g = act.grad(x) against the reference, in the units of Act's bounds for T.
template <class T, class Act>
errors_in_bounds measure_against_bounds(const Act& act, T x, T y, T g, mpfr_activations& ref) {
  constexpr golu::accuracy_bounds bound = Act::template bounds<T>();
  ref.eval(act, double(x));
  const long double want_y = ref.y(), want_g = ref.g();
  errors_in_bounds e{};
  e.final_sum = ref.kappa();
  const double ey = ulp_error<T>(y, want_y), eg = ulp_error<T>(g, want_g);
  // kappa costs three reference evaluations: computed where a plain error exceeds a bound.
  if (needs_condition(bound.forward, ey) || needs_condition(bound.derivative, eg)) {
    mpfr_activations kref;
    condition_numbers(kref, act, double(x), e.kf, e.kg);
  }
  e.forward = scaled_error(bound.forward, ey, e.kf, e.final_sum);
  e.forward_bound = bound.forward.ulp;
  const zero_window_of_activation w = zero_window_of(act);
  if (in_zero_window(bound.derivative, double(x), w.x0, w.gamma)) {
    e.derivative = double(std::fabs(g - want_g));
    e.derivative_bound = bound.derivative.zero_abs * w.alpha;
  } else {
    e.derivative = scaled_error(bound.derivative, eg, e.kg, e.final_sum);
    e.derivative_bound = bound.derivative.ulp;
  }
  return e;
}

}  // namespace golu_test
