// Bit-for-bit comparison of floating-point results.
#pragma once

#include <cmath>
#include <cstring>

namespace golu_test {

// Identical bits; NaNs match any NaN (their sign and payload carry no meaning).
template <class T>
bool same_bits(T a, T b) {
  if (std::isnan(double(a)) || std::isnan(double(b))) return std::isnan(double(a)) && std::isnan(double(b));
  return std::memcmp(&a, &b, sizeof a) == 0;
}

}  // namespace golu_test
