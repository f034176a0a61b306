// The one parameter check of every activation object: a parameter outside [lo, hi]
// (NaN included) is rejected with std::invalid_argument naming the activation, the
// parameter, its value and the valid range, and why the range is what it is.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <golu/target.hpp>
#include <stdexcept>
#include <string>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// v in the shortest form that reads back exactly (0.0009765625, not 0.000977).
inline std::string parameter_text(double v) {
  char buf[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v || v != v) break;
  }
  return buf;
}

// An activation's parameters as plain data, in constructor order (unused ones 0): how
// golu::dispatch carries an activation object across its compiled interface and
// rebuilds it there (Act::parameters() and Act::from_parameters()).
struct parameter_values {
  double v[3];
  friend constexpr bool operator==(const parameter_values& a, const parameter_values& b) noexcept {
    return a.v[0] == b.v[0] && a.v[1] == b.v[1] && a.v[2] == b.v[2];
  }
};

inline double check_parameter(double v, double lo, double hi, const char* who, const char* name,
                              const char* why = nullptr) {
  if (!(v >= lo && v <= hi))
    throw std::invalid_argument(std::string("golu::") + who + ": " + name + " = " + parameter_text(v) +
                                " is invalid; it must be finite and in [" + parameter_text(lo) + ", " +
                                parameter_text(hi) + "]" + (why ? std::string(" (") + why + ")" : std::string()));
  return v;
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
