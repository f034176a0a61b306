// The upper tail of the standard normal, Q(a) = P(N(0, 1) > a) = erfc(a/sqrt2)/2,
// for a >= 0, as R(a) * e^(-a^2/2): the ratio R(a) = Q(a) e^(a^2/2) is smooth and
// slowly varying (1/2 at 0, ~1/(a sqrt(2 pi)) for large a), so a piecewise
// polynomial gets it to the last bit of double, and the Gaussian factor comes from
// the tiers' exponential of the double-double a^2/2. Forming a^2/2 exactly matters:
// at a = 38 the argument is 722 and its rounding alone would cost ~700 ULP of Q.
#pragma once

#include <cstddef>
#include <cstdint>
#include <golu/detail/constants.hpp>
#include <golu/detail/ops.hpp>

namespace golu {
namespace detail {

// v * N for a compile-time N, by shifts and adds (64-bit lane products are not
// native before AVX-512DQ).
template <std::uint64_t N, class B>
inline B times_constant(const B& v) noexcept {
  B r(0);
  for (unsigned k = 0; (N >> k) != 0; ++k)
    if ((N >> k) & 1) r = r + (v << k);
  return r;
}

// R(a) for a in [0, 64) (NaN stays NaN) from one of the tables of constants.hpp:
// row 0 is [0, 1/4), row 1 + 8(e + 2) + m the m-th eighth of the binade [2^e, 2^(e+1)).
// The exponent and the top three mantissa bits of a give the row, and with bit 48
// set, the piece's center; a - center is exact (Sterbenz) on every piece but the
// first, where its rounding moves R by < 2^-55 relative.
template <std::size_t Rows, std::size_t N, class D>
inline D gaussian_tail_ratio(const D& a, const double (&table)[Rows][N]) noexcept {
  static_assert(Rows == 65, "one row for [0, 1/4) and 8 per binade up to 64");
  using B = bits_t<D>;
  // NaN and out-of-range inputs read row 0; their s keeps the NaN.
  const D safe = select(a < D(64), a, D(0));
  const auto first = safe < D(0.25);
  const B top = to_bits(safe) >> 49;  // biased exponent and three mantissa bits
  const B row = select_bits(first, B(0), top - B((1021u << 3) - 1));
  const D center = select(first, D(0.125), from_bits((top << 49) | B(std::uint64_t(1) << 48)));
  const D s = a - center;
  const B offset = times_constant<N>(row);
  const double* const coefficients = &table[0][0];
  D r = lookup(coefficients + (N - 1), offset);
  for (std::size_t i = N - 1; i-- > 0;) r = fma(r, s, lookup(coefficients + i, offset));
  return r;
}

}  // namespace detail
}  // namespace golu
