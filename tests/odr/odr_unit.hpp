// What each unit of the mixed-ISA program reports (see odr_unit.cpp, main.cpp).
#pragma once

#include <cstddef>

namespace odr {

constexpr std::size_t count = 64;

struct report {
  const char* target;       // golu::target_name in the unit
  std::size_t float_lanes;  // the width of the unit's float batches
  float y_fast[count], g_fast[count], y_exact[count], g_exact[count];
  double yd_fast[count], gd_exact[count];
  double pg_alpha, pg_beta, pg_gamma;  // param_grad of GoLU(1.5, 0.75, 1.25), float inputs
  bool scalar_matches_array;           // the unit's scalar calls give its array results
};

// x[i] for i < count: -6 to 6.6 in steps of 0.2.
inline double input(std::size_t i) {
  return -6.0 + 0.2 * static_cast<double>(i);
}

report run_sse2();
report run_avx2();
report run_avx512();

}  // namespace odr
