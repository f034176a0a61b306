// ULP distance of a computed value from a more precise reference.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace golu_test {

// Size of one unit in the last place of T at the magnitude of `ref` (subnormal
// spacing below the normal range; the largest finite spacing beyond the range).
template <class T>
inline double ulp_of(long double ref) {
  using L = std::numeric_limits<T>;
  const long double a = std::fabs(ref);
  int e = 0;
  if (a >= static_cast<long double>(L::min())) {
    std::frexp(static_cast<double>(a), &e);  // a in [2^(e-1), 2^e)
    e = e - 1;
  } else {
    e = L::min_exponent - 1;
  }
  if (e > L::max_exponent - 1) e = L::max_exponent - 1;
  return std::ldexp(1.0, e - (L::digits - 1));
}

// Error of `got` in ULPs of T at `ref`; 0 when both are the same special value,
// +inf when one is NaN or infinite and the other is not.
template <class T>
inline double ulp_error(T got, long double ref) {
  if (std::isnan(got) || std::isnan(ref)) return (std::isnan(got) && std::isnan(ref)) ? 0.0 : INFINITY;
  // Beyond the largest finite value plus half an ULP the correctly rounded result is infinite.
  const long double limit = static_cast<long double>(std::numeric_limits<T>::max()) *
                            (1 + std::ldexp(1.0L, -std::numeric_limits<T>::digits - 1));
  if (std::fabs(ref) >= limit) ref = std::copysign(static_cast<long double>(INFINITY), ref);
  if (std::isinf(ref) || std::isinf(got)) return (static_cast<long double>(got) == ref) ? 0.0 : INFINITY;
  return static_cast<double>(std::fabs(static_cast<long double>(got) - ref) / ulp_of<T>(ref));
}

// The same for a float result against a double reference, in double arithmetic
// (the float sweeps call it 2^34 times; long double is several times slower).
// Where the error is below an ULP of the reference's binade, got - ref is exact
// in double (both are multiples of the reference's double ULP, within a factor of
// 2); larger differences are rounded once, a relative 2^-53 of the error itself.
template <class T, std::enable_if_t<std::is_same<T, float>::value, int> = 0>
inline double ulp_error(float got, double ref) {
  if (std::isnan(got) || std::isnan(ref)) return (std::isnan(got) && std::isnan(ref)) ? 0.0 : INFINITY;
  // As above (exact in double: the product has 49 significant bits).
  constexpr double limit = static_cast<double>(std::numeric_limits<float>::max()) * (1 + 0x1p-25);
  if (std::fabs(ref) >= limit) ref = std::copysign(INFINITY, ref);
  if (std::isinf(ref) || std::isinf(got)) return (static_cast<double>(got) == ref) ? 0.0 : INFINITY;
  // ULP of float at |ref|: 2^(e - 23) for |ref| in [2^e, 2^(e+1)), 2^-149 below the normal range.
  std::uint64_t bits;
  const double a = std::fabs(ref);
  std::memcpy(&bits, &a, sizeof bits);
  int e = static_cast<int>(bits >> 52) - 1023;
  if (a < 0x1p-126) e = -126;
  std::uint64_t ulp_bits = std::uint64_t(e - 23 + 1023) << 52;
  double ulp;
  std::memcpy(&ulp, &ulp_bits, sizeof ulp);
  return std::fabs(static_cast<double>(got) - ref) / ulp;
}

// Whether got is ref rounded to float: its error is then at most half an ULP of ref's
// binade (and at most 1/2 in any scaled unit, which divides by a condition >= 1), so it
// cannot raise a worst error that is already 1/2 or more. The sweeps test this first and
// skip the full error computation for such inputs, most of all 2^32 at the exact level.
inline bool rounds_to(float got, double ref) {
  return got == static_cast<float>(ref);
}

// The largest error seen and where: a NaN error counts as the largest.
template <class X>
struct worst_error {
  double err = 0;
  X x = 0;
  // No error of 1/2 or less can change it.
  bool at_least_half() const { return err >= 0.5; }
  void note(double e, X at) {
    if (e > err || std::isnan(e)) {
      err = e;
      x = at;
    }
  }
  void merge(const worst_error& o) { note(o.err, o.x); }
};

}  // namespace golu_test
