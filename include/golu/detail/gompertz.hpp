// The GoLU kernels: y = a*x*exp(-b*exp(-c*x)) and its derivatives, written once
// for D = double or xsimd::batch<double, A>.
//
// Why two compute precisions. The gate exp(-b*t), t = exp(-c*x), turns a relative error d in t
// into a relative error b*t*d in the result. On the negative side b*t reaches
// ~10^2 (float results) and ~10^3 (double results) before the result underflows,
// so t must carry 7 (float) or 10 (double) bits more than the result type:
//  - in_double (float results): everything in double, t to 2^-34.1 and the gate to
//    2^-28.6, one final rounding to float. Measured: README (all 2^32 floats).
//  - in_double_double (double results): t as a double-double to ~2^-70, the outer exponential
//    with a double-double argument, a product kept unrounded until the last step.
// No algorithm here branches on data: special inputs are steered by clamps and
// selects, so scalar and SIMD code run the same operations and agree bit for bit.
#pragma once

#include <cmath>
#include <golu/config.hpp>
#include <golu/detail/constants.hpp>
#include <golu/detail/exp_double_double.hpp>
#include <golu/detail/ops.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// Parameters and the clamp bounds derived from them (see make_params).
struct gompertz_params {
  double alpha = 1, beta = 1, gamma = 1;
  double beta_log2e_hi = constants::log2e, beta_log2e_lo = constants::log2e_lo;
  double sp_x_lo = 0, sp_x_hi = 0, dp_x_lo = 0, dp_x_hi = 0;
  double gamma_log2e = constants::log2e;  // rounded: in_double's inner exponent
  double beta_gamma = 1;
};

// The clamps keep every exponent the kernels build in the normal range.
// Below x_lo the gate is < 2^-(sp_gate_bits) (sp) or < 2^-(dp_gate_bits) (dp),
// so every result is a signed zero even after the factor a*|x| <= 2^10 * 2^14;
// above x_hi the inner exponential is < e^-700 (sp) or e^-800 (dp) and no longer
// changes any result.
constexpr double sp_gate_bits = 1000;  // u = 2^-v with v <= 1000: normal double
constexpr double dp_gate_bits = 1160;  // below 2^-1075*2^-24*2^-60: zero in double
constexpr double sp_z_hi = 700;
constexpr double dp_z_hi = 800;

// make_params(1, 1, 1), as a constant so that the default GoLU costs nothing to make.
constexpr gompertz_params default_params{1,
                                         1,
                                         1,
                                         constants::log2e,
                                         constants::log2e_lo,
                                         -0x1.a2a3b6fd228e6p+2,
                                         sp_z_hi,
                                         -0x1.ac236d9c2615cp+2,
                                         dp_z_hi,
                                         constants::log2e,
                                         1};

GOLU_ALWAYS_INLINE gompertz_params make_params(double alpha, double beta, double gamma) noexcept {
  gompertz_params p;
  p.alpha = alpha;
  p.beta = beta;
  p.gamma = gamma;
  const dd<double> bl = two_prod(beta, constants::log2e);
  p.beta_log2e_hi = bl.hi;
  p.beta_log2e_lo = fma(beta, constants::log2e_lo, bl.lo);
  // b*exp(-c*x_lo)*log2(e) = gate_bits  <=>  x_lo = -log(gate_bits*ln2/b)/c
  p.sp_x_lo = -std::log(sp_gate_bits * constants::ln2 / beta) / gamma;
  p.dp_x_lo = -std::log(dp_gate_bits * constants::ln2 / beta) / gamma;
  p.sp_x_hi = sp_z_hi / gamma;
  p.dp_x_hi = dp_z_hi / gamma;
  p.gamma_log2e = gamma * constants::log2e;
  p.beta_gamma = beta * gamma;
  return p;
}

// ===========================================================================
// in_double: float results, computed in double.
// ===========================================================================

template <class D>
struct sp_state {
  D x_low;   // x clamped below only: the factor x of y = a*x*gate keeps +inf
  D x_both;  // x clamped on both sides
  D t;       // exp(-c*x_both), relative error <= 2^-34
  D u;       // exp(-b*t), relative error <= 2^-28.5
};

template <bool General, class D>
GOLU_ALWAYS_INLINE sp_state<D> sp_evaluate(const D& x, const gompertz_params& p) noexcept {
  using constants::log2e;
  const D x_low = clamp_below(x, p.sp_x_lo);
  const D x_both = clamp_above(x_low, p.sp_x_hi);
  // t = 2^-(x*c*log2e) with c*x in [-14, 700]; u = 2^-(t*b*log2e) with b*t*log2e
  // in [0, 1000]: both exponents stay normal, so no further range checks.
  const D t = exp2_of_neg_product(x_both, D(General ? p.gamma_log2e : log2e), constants::sp_exp2_neg7);
  const D u = exp2_of_neg_product(t, D(General ? p.beta_log2e_hi : log2e), constants::sp_exp2_neg6);
  return {x_low, x_both, t, u};
}

template <bool General, class D>
GOLU_ALWAYS_INLINE D sp_value(const D& x, const gompertz_params& p) noexcept {
  const sp_state<D> s = sp_evaluate<General>(x, p);
  const D y = s.x_low * s.u;
  return General ? D(p.alpha) * y : y;
}

// a*u*(1 + b*c*x*t): the factor vanishes at c*x = -W(1/b); the fma keeps its
// absolute error at the level of t's, 2^-34.
template <bool General, class D>
GOLU_ALWAYS_INLINE D sp_derivative(const D& x, const gompertz_params& p) noexcept {
  const sp_state<D> s = sp_evaluate<General>(x, p);
  const D bcx = General ? D(p.beta_gamma) * s.x_both : s.x_both;
  const D g = s.u * fma(bcx, s.t, D(1));
  return General ? D(p.alpha) * g : g;
}

template <class D>
struct param_partials {
  D alpha, beta, gamma;  // dy/da, dy/db, dy/dc
};

// dy/da = x*u, dy/db = -a*x*t*u, dy/dc = a*b*x^2*t*u.
template <class D>
GOLU_ALWAYS_INLINE param_partials<D> sp_param_partials(const D& x, const gompertz_params& p) noexcept {
  const sp_state<D> s = sp_evaluate<true>(x, p);
  const D xtu = (s.x_both * s.t) * s.u;
  return {s.x_low * s.u, neg(D(p.alpha) * xtu), (D(p.alpha * p.beta) * s.x_both) * xtu};
}

// ===========================================================================
// in_double_double: double results.
// ===========================================================================

template <class D>
struct dp_state {
  D x_low, x_both;
  dd<D> z;        // c * x_both, exact
  dd<D> t;        // exp(-z), relative error ~2^-70 (absolute below 2^-1022)
  dd<D> t_mant;   // t = t_mant * 2^k unscaled, for products that are normal
  bits_t<D> t_e;  // when t is not: k + 2048
  D gate_hi;      // exp(-b*t) = (gate_hi + gate_lo) * 2^K, relative error ~2^-62
  D gate_lo;
  bits_t<D> gate_e;  // K + 2048
};

template <bool General, class D>
GOLU_ALWAYS_INLINE dp_state<D> dp_evaluate(const D& x, const gompertz_params& p) noexcept {
  namespace k = constants;
  using B = bits_t<D>;
  const D shifter(round_shifter);
  const B bias(64 * 2048);
  const B mask(63);

  const D x_low = clamp_below(x, p.dp_x_lo);
  const D x_both = clamp_above(x_low, p.dp_x_hi);
  const dd<D> z = General ? two_prod(D(p.gamma), x_both) : dd<D>{x_both, D(0)};

  const exp_parts<D> te = exp_neg_dd(z);
  const dd<D> t0n = te.mant;
  const dd<D> t{scale_pow2(t0n.hi, te.e), scale_pow2(t0n.lo, te.e)};

  // v = b*log2e*t in [0, 1160] as a double-double; gate = 2^-v = 2^-(nn/64) * 2^-f.
  const D bh(General ? p.beta_log2e_hi : k::log2e), bl(General ? p.beta_log2e_lo : k::log2e_lo);
  const dd<D> v0 = two_prod(t.hi, bh);
  const D v_lo = v0.lo + fma(t.hi, bl, t.lo * bh);
  const D s2 = fma(v0.hi, D(64), shifter);
  const D nn = s2 - shifter;
  const D f = fma(nn, D(-1.0 / 64), v0.hi) + v_lo;  // the fma is exact
  const D sigma = f * D(-k::ln2);                   // |sigma| <= ln2/128
  static constexpr double taylor1[] = {1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720};
  const D em1 = sigma * horner(sigma, taylor1);  // e^sigma - 1, relative error 2^-52
  const B mb = to_bits(shifter) - to_bits(s2) + bias;
  const D gh = lookup(k::exp2_64_hi, mb & mask), gl = lookup(k::exp2_64_lo, mb & mask);
  return {x_low, x_both, z, t, t0n, te.e, gh, fma(gh, em1, fma(gl, em1, gl)), mb >> 6};
}

// (c.hi + c.lo) * gate, rounded once before the (exact or final) scaling.
// The result carries c's sign, including for zeros.
template <class D>
GOLU_ALWAYS_INLINE D dp_times_gate_unscaled(const dd<D>& c, const dp_state<D>& s) noexcept {
  const dd<D> w = two_prod(c.hi, s.gate_hi);
  return w.hi + (w.lo + fma(c.hi, s.gate_lo, c.lo * s.gate_hi));
}

template <class D>
GOLU_ALWAYS_INLINE D dp_times_gate(const dd<D>& c, const dp_state<D>& s) noexcept {
  return or_sign(scale_pow2(dp_times_gate_unscaled(c, s), s.gate_e), c.hi);
}

// (c * t) * gate with t's exponent applied last: x*t is normal for x in
// (708, 745) although t is not there.
template <class D>
GOLU_ALWAYS_INLINE D dp_times_t_gate(const dd<D>& c, const dp_state<D>& s) noexcept {
  const D y0 = dp_times_gate_unscaled(dd_times(c, s.t_mant), s);
  return or_sign(scale_pow2(scale_pow2(y0, s.t_e), s.gate_e), c.hi);
}

template <bool General, class D>
GOLU_ALWAYS_INLINE D dp_value(const D& x, const gompertz_params& p) noexcept {
  const dp_state<D> s = dp_evaluate<General>(x, p);
  const dd<D> c = General ? two_prod(D(p.alpha), s.x_low) : dd<D>{s.x_low, D(0)};
  const D y = dp_times_gate(c, s);
  // Above x_hi the gate is 1 - O(2^-1154): y is a*x rounded, including +inf.
  return select(x > D(p.dp_x_hi), General ? D(p.alpha) * x : x, y);
}

template <bool General, class D>
GOLU_ALWAYS_INLINE D dp_derivative(const D& x, const gompertz_params& p) noexcept {
  const dp_state<D> s = dp_evaluate<General>(x, p);
  // 1 + b*z*t with cancellation near its zero handled in double-double.
  const dd<D> bz = General ? dd_times(s.z, D(p.beta)) : s.z;
  const dd<D> bzt = dd_times(bz, s.t);
  const dd<D> w0 = two_sum(D(1), bzt.hi);
  dd<D> w = two_sum(w0.hi, w0.lo + bzt.lo);
  if constexpr (General) w = dd_times(w, D(p.alpha));
  return dp_times_gate(w, s);
}

template <class D>
GOLU_ALWAYS_INLINE param_partials<D> dp_param_partials(const D& x, const gompertz_params& p) noexcept {
  const dp_state<D> s = dp_evaluate<true>(x, p);
  const dd<D> ax = two_prod(D(p.alpha), s.x_both);
  const D da = select(x > D(p.dp_x_hi), x, dp_times_gate(dd<D>{s.x_low, D(0)}, s));
  const D db = dp_times_t_gate(dd<D>{neg(ax.hi), neg(ax.lo)}, s);
  const D dc = dp_times_t_gate(dd_times(dd_times(ax, D(p.beta)), s.x_both), s);
  return {da, db, dc};
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
