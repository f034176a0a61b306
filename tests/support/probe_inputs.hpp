// Inputs that probe an activation: edge values, the tables' piece edges, the subnormal
// tails of each activation's results, random bit patterns and uniform draws on [-40, 40], [-4, 4].
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <random>
#include <vector>

namespace golu_test {

template <class T>
inline std::vector<T> probe_inputs(std::size_t n, std::uint64_t seed) {
  using L = std::numeric_limits<T>;
  const T edges[] = {T(0),    T(-0.0),  L::denorm_min(), -L::denorm_min(), L::min(), -L::min(), L::max(), L::lowest(),
                     T(1),    T(-1),    T(-1.2785),      T(-1.19),         T(-0.75), T(30),     T(-30),   T(700),
                     T(-700), T(-1e-5), T(40),           T(-40),           T(-38.5), T(-13.6),  T(0.25),  T(-0.25)};
  std::vector<T> v;
  v.reserve(n + sizeof edges / sizeof edges[0]);
  v.insert(v.end(), std::begin(edges), std::end(edges));
  // The edges of the Gaussian tail tables' pieces (detail/gaussian.hpp: [0, 1/4), the
  // binades and, in double, their halves, up to 48) and their neighbours, both signs:
  // a piece picked wrongly from the bits of |x| shows there first.
  for (double e = 0.25; e <= 32; e *= 2)
    for (double edge : {e, 1.5 * e})
      for (T x : {T(edge), std::nextafter(T(edge), T(0)), std::nextafter(T(edge), T(64))}) {
        v.push_back(x);
        v.push_back(-x);
      }
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> wide(-40, 40), narrow(-4, 4);
  // The subnormal tails: float (Swish/Mish near -90, GELU-tanh near -5.5, GELU
  // near -13.5) and double (Swish/Mish near -720, GELU-tanh near -21.5, GELU near -38).
  std::uniform_real_distribution<double> tails[] = {
      std::uniform_real_distribution<double>(-105, -85),  std::uniform_real_distribution<double>(-6.5, -5),
      std::uniform_real_distribution<double>(-15, -12.5), std::uniform_real_distribution<double>(-746, -700),
      std::uniform_real_distribution<double>(-22, -21),   std::uniform_real_distribution<double>(-39, -36)};
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 8 == 5) {
      v.push_back(T(tails[(i / 8) % 6](rng)));
    } else if (i % 4 == 3) {
      T x;
      if constexpr (sizeof(T) == 4) {
        const std::uint32_t b = static_cast<std::uint32_t>(rng());
        std::memcpy(&x, &b, sizeof x);
      } else {
        const std::uint64_t b = rng();
        std::memcpy(&x, &b, sizeof x);
      }
      if (std::isfinite(x)) v.push_back(x);
    } else {
      v.push_back(T(i % 2 ? wide(rng) : narrow(rng)));
    }
  }
  return v;
}

}  // namespace golu_test
