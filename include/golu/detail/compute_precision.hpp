// The exact level's two compute precisions (not to be confused with the accuracy
// levels golu::fast and golu::exact, which both use them only where stated):
// in_double computes float results in double, in_double_double computes double
// results with double-double parts. Each provides e^-a for a >= 0, for kernels
// whose results do not amplify the exponential's error (the baselines): to 2^-34
// (in_double) and ~0.5 ULP (in_double_double); and in_double_double, the Gaussian
// tail ratio of detail/gaussian.hpp as a double-double (GELU's float results use
// detail::gaussian_tail_ratio_binades directly, in plain double).
#pragma once

#include <golu/detail/constants.hpp>
#include <golu/detail/exp_double_double.hpp>
#include <golu/detail/gaussian.hpp>
#include <golu/detail/ops.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// Largest argument either precision takes; e^-800 < 2^-1154 is zero in double once
// multiplied by anything below 2^79.
constexpr double exp_neg_limit = 800;

struct in_double {
  // in_double's exponentials stay normal (arguments <= 708): no deferred scaling.
  template <class D>
  GOLU_ALWAYS_INLINE static D scale(const D& v, const bits_t<D>&) noexcept {
    return v;
  }

  // e^-a, a in [0, 708] (clamped above), relative error <= 2^-34.
  template <class D>
  GOLU_ALWAYS_INLINE static D exp_neg(const D& a) noexcept {
    return exp2_of_neg_product(clamp_above(a, 708.0), D(constants::log2e), constants::sp_exp2_neg7);
  }

  // e^x - 1 for x <= 0 to 2^-30 relative: a series on [-1/16, 0], where e^x - 1
  // would cancel the exponential's 2^-34.
  template <class D>
  GOLU_ALWAYS_INLINE static D expm1_nonpositive(const D& x) noexcept {
    static constexpr double series[] = {1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720};
    const D small = fma(x * x, horner(x, series), x);
    return select(x > D(-0.0625), small, exp_neg(neg(x)) - D(1));
  }

  // e^-(a.hi + a.lo) as a double-double mantissa and exponent; double precision
  // is ample for float results (lo = 0, no scaling).
  template <class D>
  GOLU_ALWAYS_INLINE static exp_parts<D> exp_neg_parts(const dd<D>& a) noexcept {
    return {{exp_neg(a.hi + a.lo), D(0)}, bits_t<D>(2048)};
  }

  // x * num / den and num / den from double-double operands: the quotient of the
  // high parts is ample for float results (the low parts are then never computed).
  template <class D>
  GOLU_ALWAYS_INLINE static D times_ratio(const D& x, const dd<D>& num, const dd<D>& den) noexcept {
    return x * (num.hi / den.hi);
  }
  template <class D>
  GOLU_ALWAYS_INLINE static dd<D> ratio(const dd<D>& num, const dd<D>& den) noexcept {
    return {num.hi / den.hi, D(0)};
  }
  // A double-double's value, rounded: its high part is ample here.
  template <class D>
  GOLU_ALWAYS_INLINE static D round(const dd<D>& a) noexcept {
    return a.hi;
  }
};

struct in_double_double {
  template <class D>
  GOLU_ALWAYS_INLINE static D scale(const D& v, const bits_t<D>& e) noexcept {
    return scale_pow2(v, e);
  }

  // e^-a, a in [0, 800] (clamped above), ~0.5 ULP, subnormal results rounded once.
  template <class D>
  GOLU_ALWAYS_INLINE static D exp_neg(const D& a) noexcept {
    const exp_parts<D> e = exp_neg_parts(dd<D>{a, D(0)});
    return scale_pow2(e.mant.hi, e.e);  // the mantissa is normalized: hi is its rounding
  }

  // e^x - 1 for x <= 0: from the double-double exponential, whose hi - 1 is exact
  // (Sterbenz) on [-ln2, 0]; a series below 2^-16, where that would cancel.
  template <class D>
  GOLU_ALWAYS_INLINE static D expm1_nonpositive(const D& x) noexcept {
    const exp_parts<D> e = exp_neg_dd(dd<D>{clamp_above(neg(x), exp_neg_limit), D(0)});
    const D hi = scale_pow2(e.mant.hi, e.e), lo = scale_pow2(e.mant.lo, e.e);
    static constexpr double series[] = {1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120};
    const D small = fma(x * x, horner(x, series), x);
    return select(x > D(-0x1p-16), small, (hi - D(1)) + lo);
  }

  // e^-a, a.hi in [0, 800] (clamped above), as a double-double mantissa (~2^-70) and exponent.
  template <class D>
  GOLU_ALWAYS_INLINE static exp_parts<D> exp_neg_parts(const dd<D>& a) noexcept {
    return exp_neg_dd(dd<D>{clamp_above(a.hi, exp_neg_limit), a.lo});
  }

  // x * num / den, rounded once up to ~2^-100 relative: the quotient of x * num.hi
  // by den.hi, corrected by the residual x * num - q * den (exact products; the
  // leading subtraction is exact by Sterbenz, q * den.hi being within 1 ULP of it).
  template <class D>
  GOLU_ALWAYS_INLINE static D times_ratio(const D& x, const dd<D>& num, const dd<D>& den) noexcept {
    const dd<D> p = two_prod(x, num.hi);
    const D q = p.hi / den.hi;
    const dd<D> qd = two_prod(q, den.hi);
    const D r = ((p.hi - qd.hi) - qd.lo) + (fma(x, num.lo, p.lo) - q * den.lo);
    // An infinite x (num.hi = 1) makes r NaN, and a zero x gives q = +-0 with
    // r = +0 (which would lose q's sign): q is then the answer.
    return select(r == r && q != D(0), q + r / den.hi, q);
  }
  // A double-double's value, rounded (hi need not be normalized against lo).
  template <class D>
  GOLU_ALWAYS_INLINE static D round(const dd<D>& a) noexcept {
    return a.hi + a.lo;
  }
  // num / den as a double-double (~2^-100): the quotient and its correction.
  template <class D>
  GOLU_ALWAYS_INLINE static dd<D> ratio(const dd<D>& num, const dd<D>& den) noexcept {
    const D q = num.hi / den.hi;
    const dd<D> qd = two_prod(q, den.hi);
    const D r = ((num.hi - qd.hi) - qd.lo) + (num.lo - q * den.lo);
    return {q, r / den.hi};
  }

  // Q(a) e^(a^2/2) for a in [0, 64) as a double-double: 2^-57.5 from the
  // polynomials, ~2^-56 with their evaluation.
  template <class D>
  GOLU_ALWAYS_INLINE static dd<D> gaussian_tail_ratio(const D& a) noexcept {
    return detail::gaussian_tail_ratio_dd(a, constants::dp_gaussian_tail);
  }
};

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
