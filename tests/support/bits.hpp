// Bit-for-bit comparison of floating-point results.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace golu_test {

// Identical bits; NaNs match any NaN (their sign and payload carry no meaning).
template <class T>
bool same_bits(T a, T b) {
  if (std::isnan(double(a)) || std::isnan(double(b))) return std::isnan(double(a)) && std::isnan(double(b));
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// A digest of a function's results over a set of float inputs that does not depend
// on the order the inputs are visited in (a wrapping sum of one mixed word per
// input), so that sweeps split over threads, strides or machines can compare it.
// Every NaN counts as one value, as in same_bits.
struct float_digest {
  std::uint64_t sum = 0;
  void note(float x, float y) {
    std::uint32_t xb, yb;
    std::memcpy(&xb, &x, sizeof xb);
    std::memcpy(&yb, &y, sizeof yb);
    if (std::isnan(y)) yb = 0x7fc00000u;
    // splitmix64's finalizer: every bit of (x, y) moves about half the output bits.
    std::uint64_t v = (std::uint64_t(xb) << 32 | yb) + 0x9e3779b97f4a7c15u;
    v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9u;
    v = (v ^ (v >> 27)) * 0x94d049bb133111ebu;
    sum += v ^ (v >> 31);
  }
  void merge(const float_digest& o) { sum += o.sum; }
};

}  // namespace golu_test
