// The upper tail of the standard normal, Q(a) = P(N(0, 1) > a) = erfc(a/sqrt2)/2,
// for a >= 0, as R(a) * e^(-a^2/2): the ratio R(a) = Q(a) e^(a^2/2) is smooth and
// slowly varying (1/2 at 0, ~1/(a sqrt(2 pi)) for large a), so a piecewise
// polynomial gets it to the last bit of double, and the Gaussian factor comes from
// compute precisions' exponential of the double-double a^2/2. Forming a^2/2 exactly matters:
// at a = 38 the argument is 722 and its rounding alone would cost ~700 ULP of Q.
#pragma once

#include <cstddef>
#include <cstdint>
#include <golu/config.hpp>
#include <golu/detail/constants.hpp>
#include <golu/detail/native.hpp>
#include <golu/detail/ops.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// v * N for a compile-time N, by shifts and adds (64-bit lane products are not
// native before AVX-512DQ).
template <std::uint64_t N, class B>
GOLU_ALWAYS_INLINE B times_constant(const B& v) noexcept {
  B r(0);
  for (unsigned k = 0; (N >> k) != 0; ++k)
    if ((N >> k) & 1) r = r + (v << k);
  return r;
}

// Where a in [0, 64) falls in the dp table of constants.hpp: row 0 is [0, 1/4),
// row 1 + 8(e + 2) + m the m-th eighth of the binade [2^e, 2^(e+1)). The exponent
// and the top three mantissa bits of a give the row, and with bit 48 set, the
// piece's center; s = a - center is exact (Sterbenz) on every piece but the
// first, where its rounding moves R by < 2^-55 relative. NaN and out-of-range
// inputs read row 0; their s keeps the NaN.
template <class D>
struct tail_piece {
  D s;
  bits_t<D> row;
};

template <class D>
GOLU_ALWAYS_INLINE tail_piece<D> locate_tail_piece(const D& a) noexcept {
  using B = bits_t<D>;
  const D safe = select(a < D(64), a, D(0));
  const auto first = safe < D(0.25);
  const B top = to_bits(safe) >> 49;  // biased exponent and three mantissa bits
  const B row = select_bits(first, B(0), top - B((1021u << 3) - 1));
  const D center = select(first, D(0.125), from_bits((top << 49) | B(std::uint64_t(1) << 48)));
  return {a - center, row};
}

// R(a) for a in [0, 32) (NaN stays NaN) from a coefficient-major table of 8
// pieces: [0, 1/4) and the binades [2^e, 2^(e+1)), e = -2..4. The exponent of a
// gives the piece and its center 1.5 * 2^e, so s = a - center is exact
// (Sterbenz) but on the first piece, as above.
template <std::size_t K, class D>
GOLU_ALWAYS_INLINE D gaussian_tail_ratio_binades(const D& a, const double (&table)[K][8]) noexcept {
  using B = bits_t<D>;
  const D safe = select(a < D(32), a, D(0));
  const auto first = safe < D(0.25);
  const B exponent = to_bits(safe) >> 52;
  const B piece = select_bits(first, B(0), exponent - B(1020));
  const D center = select(first, D(0.125), from_bits((exponent << 52) | B(std::uint64_t(1) << 51)));
  const D s = a - center;
  D r = lookup8(table[K - 1], piece);
  for (std::size_t k = K - 1; k-- > 0;) r = fma(r, s, lookup8(table[k], piece));
  return r;
}

// R(a) as a double-double from a table whose rows are c0..c(N-2) and, last, the
// rounding error of c0: c0 + s*(c1 + ...) with the last product and sum exact.
// The higher terms are below 1/8 of R, so their rounding costs < 2^-56.
template <std::size_t Rows, std::size_t N, class D>
GOLU_ALWAYS_INLINE dd<D> gaussian_tail_ratio_dd(const D& a, const double (&table)[Rows][N]) noexcept {
  static_assert(Rows == 65, "one row for [0, 1/4) and 8 per binade up to 64");
  const tail_piece<D> piece = locate_tail_piece(a);
  const bits_t<D> offset = times_constant<N>(piece.row);
  const double* const coefficients = &table[0][0];
  D r = lookup(coefficients + (N - 2), offset);
  for (std::size_t i = N - 2; i-- > 1;) r = fma(r, piece.s, lookup(coefficients + i, offset));
  const dd<D> p = two_prod(r, piece.s);
  const dd<D> sum = fast_two_sum(lookup(coefficients, offset), p.hi);
  return fast_two_sum(sum.hi, sum.lo + (p.lo + lookup(coefficients + (N - 1), offset)));
}

// R(a) for float a in [0, 32) (NaN stays NaN) in float arithmetic, from the
// fast level's coefficient-major table of the same 8 pieces as above: relative
// error 2^-23.3 from the coefficients, about 1 ULP with their evaluation.
template <class V, std::size_t K>
GOLU_ALWAYS_INLINE V gaussian_tail_ratio_native(const V& a, const float (&table)[K][8]) noexcept {
  using U = native::bits_of_t<V>;
  const V safe = native::select(a < V(32.0f), a, V(0.0f));
  const auto first = safe < V(0.25f);
  const U biased = native::to_bits(safe) >> 23;
  // Piece 0 is [0, 1/4); piece e + 3 the binade [2^e, 2^(e+1)), e = -2..4.
  // (The blend of the piece's bits goes through the float lanes; no arithmetic on them.)
  const U piece = native::to_bits(native::select(first, V(0.0f), native::from_bits<V>(biased - U(124))));
  const V center = native::select(first, V(0.125f), native::from_bits<V>((biased << 23) | U(1u << 22)));
  const V s = safe - center;
  V r(native::lookup8(table[K - 1], piece));
  for (std::size_t k = K - 1; k-- > 0;) r = native::fma(r, s, native::lookup8(table[k], piece));
  return native::select(a == a, r, a);
}

// R(a) for double a in [0, 48) (NaN stays NaN) in double arithmetic, from the
// fast level's coefficient-major table of 16 pieces: [0, 1/4), the halves of the
// binades [2^e, 2^(e+1)), e = -2..4, and [32, 48). The exponent and the top
// mantissa bit of a give the piece, and with the next bit set, its center, so
// s = a - center is exact (Sterbenz) but on the first piece. Relative error
// 2^-53.1 from the coefficients (degree 16), about 1 ULP with their evaluation.
template <class V, std::size_t K>
GOLU_ALWAYS_INLINE V gaussian_tail_ratio_native(const V& a, const double (&table)[K][16]) noexcept {
  using U = native::bits_of_t<V>;
  const V safe = native::select(a < V(48.0), a, V(0.0));
  const auto first = safe < V(0.25);
  const U top = native::to_bits(safe) >> 51;  // biased exponent and the top mantissa bit
  // Piece 1 + 2 (e + 2) + h for [2^e (2 + h), 2^e (3 + h)) / 2: top - (2 * 1021 - 1).
  const U piece = native::to_bits(native::select(first, V(0.0), native::from_bits<V>(top - U(2 * 1021 - 1))));
  const V center = native::select(first, V(0.125), native::from_bits<V>((top << 51) | U(std::uint64_t(1) << 50)));
  const V s = safe - center;
  V r(native::lookup16(table[K - 1], piece));
  for (std::size_t k = K - 1; k-- > 0;) r = native::fma(r, s, native::lookup16(table[k], piece));
  return native::select(a == a, r, a);
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
