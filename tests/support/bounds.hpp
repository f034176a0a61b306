// Errors measured against an activation's stated bounds (golu/bounds.hpp): every test and
// accuracy tool reads the bound from the activation, none writes its own.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <golu/bounds.hpp>
#include <string>

namespace golu_test {

// A ULP error in the bound's units: divided by max(1, the condition number the bound names),
// kappa or the derivative's final-sum condition, both given by the caller.
inline double scaled_error(const golu::error_bound& b, double ulp_error, double kappa, double final_sum) {
  switch (b.scale) {
    case golu::error_scale::kappa:
      return ulp_error / std::max(1.0, kappa);
    case golu::error_scale::final_sum:
      return ulp_error / std::max(1.0, final_sum);
    case golu::error_scale::none:
      break;
  }
  return ulp_error;
}

// Whether the bound names a condition number that must be computed to judge an error of
// ulp_error (a plain error within the bound needs none).
inline bool needs_condition(const golu::error_bound& b, double ulp_error) {
  return b.scale != golu::error_scale::none && ulp_error > b.ulp;
}

// Whether x lies in the bound's absolute window around the derivative's zero x0 (GoLU's;
// gamma scales the window as it scales x).
inline bool in_zero_window(const golu::error_bound& b, double x, double x0, double gamma = 1) {
  return b.zero_window > 0 && std::fabs(x - x0) <= b.zero_window / gamma;
}

// A table row's verdict with the bounds it checked: "ok (4, 4)".
inline std::string verdict(bool ok, const golu::accuracy_bounds& b) {
  char text[64];
  std::snprintf(text, sizeof text, "%s (%g, %g)", ok ? "ok" : "FAIL", b.forward.ulp, b.derivative.ulp);
  return text;
}

}  // namespace golu_test
