// e^-z for a double-double z, to ~2^-70 relative, as a mantissa and an exponent
// kept apart (so that subnormal results are rounded once, by the caller's last
// scaling): the generic exponential of the exact level's double results
// (in_double_double, detail/compute_precision.hpp), used by GoLU's kernels and by
// the other activations; and the double-double products it needs.
#pragma once

#include <golu/config.hpp>
#include <golu/detail/constants.hpp>
#include <golu/detail/ops.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

template <class D>
GOLU_ALWAYS_INLINE dd<D> dd_times(const dd<D>& a, const D& b) noexcept {
  const dd<D> p = two_prod(a.hi, b);
  return {p.hi, fma(a.lo, b, p.lo)};
}

template <class D>
GOLU_ALWAYS_INLINE dd<D> dd_times(const dd<D>& a, const dd<D>& b) noexcept {
  const dd<D> p = two_prod(a.hi, b.hi);
  return {p.hi, p.lo + fma(a.hi, b.lo, a.lo * b.hi)};
}

// Scales y by 2^K, K = e - 2048 in [-1250, 40], in two exact steps so that
// only the last multiplication rounds (into the subnormal range if need be).
template <class D>
GOLU_ALWAYS_INLINE D scale_pow2(const D& y, const bits_t<D>& e) noexcept {
  const bits_t<D> one(1);
  const bits_t<D> e1 = e >> 1;
  return (y * from_bits((e1 - one) << 52)) * from_bits((e - e1 - one) << 52);
}

// exp(-z) for a double-double z with -z.hi in [-1160, 710], as a normalized
// double-double mantissa in [1, 2) (relative error ~2^-70) and an exponent e
// (value = mant * 2^(e - 2048), see scale_pow2).
template <class D>
struct exp_parts {
  dd<D> mant;
  bits_t<D> e;
};

template <class D>
GOLU_ALWAYS_INLINE exp_parts<D> exp_neg_dd(const dd<D>& z) noexcept {
  namespace k = constants;
  using B = bits_t<D>;
  const D shifter(round_shifter);
  const B bias(64 * 2048);  // makes the table exponent non-negative before shifting
  const B mask(63);
  // exp(-z) = 2^k * 2^(j/64) * e^r, |r| <= ln2/128. k*ln2_64_{1,2} are exact
  // products and -z.hi - kk*ln2_64_1 is exact (Sterbenz), so r is known to ~2^-100.
  const D s = fma(z.hi, D(-64 * k::log2e), shifter);
  const D kk = s - shifter;
  const D r1 = fma(kk, D(-k::ln2_64_1), neg(z.hi));
  const dd<D> r = two_sum(r1, neg(kk * D(k::ln2_64_2)));
  const D r_lo = r.lo - fma(kk, D(k::ln2_64_3), z.lo);
  // e^r - 1 - r = r^2 * (1/2 + r/6 + ... + r^5/5040) + O(2^-74)
  static constexpr double taylor2[] = {1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040};
  // e^(r.hi + r_lo) = e^r.hi * (1 + r_lo): the r_lo*r.hi term is 2^-61 when z.lo != 0.
  const D q = fma(r.hi * r.hi, horner(r.hi, taylor2), fma(r_lo, r.hi, r_lo));
  const B kb = to_bits(s) - to_bits(shifter) + bias;
  const D th = lookup(k::exp2_64_hi, kb & mask), tl = lookup(k::exp2_64_lo, kb & mask);
  const dd<D> m = two_prod(th, r.hi);
  const dd<D> t0 = fast_two_sum(th, m.hi);
  // Renormalized: th*q reaches 2^-16 of the result, and later products drop lo*lo terms.
  return {fast_two_sum(t0.hi, t0.lo + (m.lo + fma(th, q, fma(tl, r.hi, tl)))), kb >> 6};
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
