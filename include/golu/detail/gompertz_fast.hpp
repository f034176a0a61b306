// The fast-level GoLU kernels: y = a*x*exp(-b*exp(-c*x)) and its derivatives,
// computed in the data's own width (16 floats or 8 doubles per AVX-512 vector),
// written once for V = float, double and xsimd batches of either.
//
// Algorithm of the full kernels (any parameters, every input): t = e^-(c x) and
// the gate u = e^-(b t), each by the native exponential (detail/native.hpp), with
// x clamped so that every exponent stays in range; the gate's power of two is
// applied last, after the multiplication by x, so that a subnormal result is
// rounded once. No branch on data: NaN flows through the NaN-keeping clamps.
// Results certainly below 2^-152 are selected as signed zeros (zero_value,
// zero_derivative below), not computed by an underflowing scale: x86 CPUs take a
// microcode assist for each, ~30x the vector's cost. Results that are genuinely
// subnormal (x in about [-4.67, -4.47] for the default float GoLU) still take it,
// unless the caller sets FTZ. General parameters: c, b and a are folded into the
// exponentials' constants (native::exp_neg_scaled).
//
// The default parameters take a cheaper form on vectors with no lane below the
// normal band (x >= -4.4 float, -6 double): float, the table band kernel below
// (fast_gompertz_normal_band), on every target; double, the full kernel minus its
// rare-case steps, where the target branches (arch/rare_path.hpp). General float
// parameters with b <= 1.5 take the same table band with their constants
// (fast_band), above a lower end of their own. Operation counts and measured
// speed: docs/kernels.md, docs/performance.md.
//
// Accuracy (measured over all 2^32 floats, see README): the inner exponential's
// relative error d turns into a relative error b t d of the result, and b t is
// what the condition number kappa(x) = |1 + b c x t| grows with on the negative
// side. Default parameters, float: forward and derivative within 8 ULP x
// max(1, kappa) (kappa of the derivative: |x f''/f'|), the limits and signed
// zeros of the exact level, subnormal results kept. General parameters: the same
// bound (golu_general_float, every 61st float, 17 sets with b from 2^-10 to 2^10).
// For b > 4 near x = 0, kappa stays ~1 while t's rounding (2^-24 of t) would
// enter the gate multiplied by b t (measured 71 ULP at b = 50): there t is kept
// as t0 (1 + q) into the gate's reduction (the split kernel, 27 instructions).
#pragma once

#include <cmath>
#include <golu/arch/rare_path.hpp>
#include <golu/config.hpp>
#include <golu/detail/native.hpp>
#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// Clamp bounds and parameters rounded to S, derived once from the double
// parameters. Below x_lo the gate is below e^-w_max, so that every result is a
// signed zero even after the factor a*|x| <= 2^10 * 2^14; above x_hi the inner
// exponential is below the smallest normal and changes no result.
//
// Below zero_value (zero_derivative) the exact value (derivative) is below a
// quarter of the smallest subnormal, so the result is a signed zero: the kernels
// select it instead of scaling an underflowing product, which costs a microcode
// assist per vector on x86 (measured 30x slower on inputs below -4.6, where
// t = e^-x is ~100 and the gate ~2^-150).
//
// The general kernels take the products by c, b and a folded into the
// exponentials' constants (native::scaled_exp): inner = e^-(c x), gate = a e^-(b t),
// and gate_unit = e^-(b t) for the partial dy/da.
// The float band kernel's constants (fast_gompertz_normal_band), for y = a x e^-(b t),
// t = e^-(c x): the tables with b and a folded in, T1[j] = -b log2e 2^(j/8) and
// T2[j] = a 2^(j/8) rounded to float and stored as the floats whose bits are T[j]'s
// - (j << 20); -c log2e and -c ln2 rounded to float (a relative 2^-24 perturbation
// of c, which kappa covers); the clamp x_hi; and lo, the band's lower end. `on`:
// whether the parameters take the band (fast_band_beta_max). Unused for double.
template <class S>
struct fast_band {};
template <>
struct fast_band<float> {
  float neg_b_log2e_exp2_8[8], a_exp2_8[8];
  float neg_c_log2e, neg_c_ln2, x_hi, lo;
  bool on;
};

template <class S>
struct fast_gompertz_params {
  S alpha, beta, gamma, beta_gamma, x_lo, x_hi, zero_value, zero_derivative;
  native::scaled_exp<S> inner, gate, gate_unit;
  fast_band<S> band;
};

template <class S>
struct fast_gompertz_limits;
template <>
struct fast_gompertz_limits<float> {
  static constexpr double w_max = 140;                               // e^-140 < 2^-201: 2^-(201 - 34) < 2^-149
  static constexpr double z_max = 87;                                // e^-87 > 2^-126: t stays normal
  static constexpr double w_zero_hi = 60;                            // the zero cut lies where b t is in [60, w_max]
  static constexpr double log_tiny = -152 * 0.69314718055994530942;  // ln 2^-152
  static constexpr float normal_band_lo = -4.4f;                     // see fast_gompertz_normal_band
};
template <>
struct fast_gompertz_limits<double> {
  static constexpr double w_max = 800;  // e^-800 < 2^-1154
  static constexpr double z_max = 708;  // e^-708 > 2^-1022
  static constexpr double w_zero_hi = 700;
  static constexpr double log_tiny = -1076 * 0.69314718055994530942;  // ln 2^-1076
  static constexpr double normal_band_lo = -6.0;
};

// The largest x (found by bisection, in double) below which ln|y| (or an upper
// bound of ln|y'|: ln a - b t + ln(1 + b c |x| t)) stays below log_tiny, searched
// between the clamp x_lo (b t = w_max) and b t = w_zero_hi, where the bound
// increases with x as long as t >= e^(1/20) there (b <= w_zero_hi e^-0.05); for
// larger b, -inf (no cut: the clamp alone, and the slow underflow, remain).
template <class S>
inline double fast_zero_cut(double alpha, double beta, double gamma, bool derivative) noexcept {
  using L = fast_gompertz_limits<S>;
  if (!(beta <= L::w_zero_hi * 0.951229424500714)) return -INFINITY;  // e^-0.05
  const auto log_bound = [&](double x) {
    const double t = std::exp(-gamma * x);
    return derivative ? std::log(alpha) - beta * t + std::log1p(beta * gamma * std::fabs(x) * t)
                      : std::log(alpha) + std::log(std::fabs(x)) - beta * t;
  };
  double lo = -std::log(L::w_max / beta) / gamma, hi = -std::log(L::w_zero_hi / beta) / gamma;
  if (!(log_bound(lo) < L::log_tiny && log_bound(hi) >= L::log_tiny)) return -INFINITY;
  // 16 halvings leave the cut within 2^-16 of [x_lo, x at b t = w_zero_hi] (under
  // 1.5e-5 / c) of the crossing: any point below it is a valid cut, and a few
  // microseconds per activation object is what this costs.
  for (int i = 0; i < 16; ++i) {
    const double mid = 0.5 * (lo + hi);
    (log_bound(mid) < L::log_tiny ? lo : hi) = mid;
  }
  return lo;
}

// The cut rounded down to S, so that x < cut in S implies x < the double cut.
template <class S>
inline S round_down(double v) noexcept {
  const S r = S(v);
  return double(r) > v ? std::nextafter(r, S(-INFINITY)) : r;
}

// General parameters take the float band kernel up to this b. Its gate carries
// the rounding of h = -b log2e t (about 2^-24 relative: T1's, the polynomial's,
// two products') multiplied by |h| ln2 = b t, while kappa = |1 + b c x t| falls to
// zero at c x = -W(1/b), where b t = 1/W(1/b) grows with b (1.76 at b = 1, 2.84 at
// b = 2, 4.9 at b = 4). Measured by golu_general_float (docs/accuracy.md): within
// the 8 ULP bound with a margin up to b = 1.5, near it at b = 2. Larger b keep the
// full kernels.
constexpr double fast_band_beta_max = 1.5;

template <class S>
inline fast_band<S> make_fast_band(double, double, double) noexcept {
  return {};
}
// lo: b log2e t <= 117.5 (-h), so that the gate a 2^h >= 2^-118 a >= 2^-128 and
// T2[j] 2^n2 are normal (a >= 2^-10) and both scalings exact integer additions.
// x_hi: b log2e t = 2^-100 there, so that T1[j] 2^n1 stays normal; beyond it the
// gate rounds to a and 1 + b c x t to 1, as they do at x_hi.
template <>
inline fast_band<float> make_fast_band<float>(double alpha, double beta, double gamma) noexcept {
  fast_band<float> band{};
  const double log2e = 1.4426950408889634074;
  for (std::uint32_t j = 0; j < 8; ++j) {
    const double e = std::exp2(j / 8.0);
    band.neg_b_log2e_exp2_8[j] = native::from_bits<float>(native::to_bits(float(-beta * log2e * e)) - (j << 20));
    band.a_exp2_8[j] = native::from_bits<float>(native::to_bits(float(alpha * e)) - (j << 20));
  }
  band.neg_c_log2e = float(-gamma * log2e);
  band.neg_c_ln2 = float(-gamma * 0.69314718055994530942);
  band.x_hi = float((std::log(beta * log2e) + 100 * 0.69314718055994530942) / gamma);
  const double lo = -std::log(117.5 / (beta * log2e)) / gamma;
  band.lo = -round_down<float>(-lo);  // rounded up: x >= lo in float implies x >= lo
  band.on = beta <= fast_band_beta_max;
  return band;
}

template <class S>
inline fast_gompertz_params<S> make_fast_params(double alpha, double beta, double gamma) noexcept {
  using L = fast_gompertz_limits<S>;
  return {S(alpha),
          S(beta),
          S(gamma),
          S(beta * gamma),
          S(-std::log(L::w_max / beta) / gamma),
          S(L::z_max / gamma),
          round_down<S>(fast_zero_cut<S>(alpha, beta, gamma, false)),
          round_down<S>(fast_zero_cut<S>(alpha, beta, gamma, true)),
          native::make_scaled_exp<S>(gamma, 1),
          native::make_scaled_exp<S>(beta, alpha),
          native::make_scaled_exp<S>(beta, 1),
          make_fast_band<S>(alpha, beta, gamma)};
}

// Above this b, general kernels keep t = t0 (1 + q) apart into the gate's
// reduction (native::exp_neg_scaled_split, 3 instructions more per vector): t's
// rounding would otherwise reach the result multiplied by b t near x = 0, where
// kappa is ~1 (measured 71 ULP at b = 50 without it). Up to 4 the plain kernel is
// within the bound (golu_general_float).
constexpr double fast_split_beta_min = 4;

// Both formats' parameters, as the activation object carries them.
struct fast_gompertz {
  fast_gompertz_params<float> f;
  fast_gompertz_params<double> d;
  bool split;  // b > fast_split_beta_min
  template <class S>
  const fast_gompertz_params<S>& get() const noexcept {
    if constexpr (std::is_same<S, float>::value) {
      return f;
    } else {
      return d;
    }
  }
};

inline fast_gompertz make_fast_gompertz(double alpha, double beta, double gamma) noexcept {
  return {make_fast_params<float>(alpha, beta, gamma), make_fast_params<double>(alpha, beta, gamma),
          beta > fast_split_beta_min};
}

// The default parameters' band: the tables of constants.hpp, x_hi = z_max (t normal),
// lo = -4.4 (h >= -117.5), -log2e and -ln2 rounded to float.
constexpr fast_band<float> default_fast_band() noexcept {
  fast_band<float> band{};
  for (int j = 0; j < 8; ++j) {
    band.neg_b_log2e_exp2_8[j] = constants::band_neg_log2e_exp2_8_float[j];
    band.a_exp2_8[j] = constants::band_exp2_8_float[j];
  }
  band.neg_c_log2e = float(-constants::log2e);
  band.neg_c_ln2 = float(-constants::ln2);
  band.x_hi = float(fast_gompertz_limits<float>::z_max);
  band.lo = fast_gompertz_limits<float>::normal_band_lo;
  band.on = true;
  return band;
}

// make_fast_gompertz(1, 1, 1), as a constant so that the default GoLU costs nothing to make.
constexpr fast_gompertz default_fast_gompertz{
    {1.0f, 1.0f, 1.0f, 1.0f, -0x1.3c43dep+2f, 87.0f, -0x1.2b005ep+2f, -0x1.2dc522p+2f, native::unit_scaled_exp<float>(),
     native::unit_scaled_exp<float>(), native::unit_scaled_exp<float>(), default_fast_band()},
    {1.0,
     1.0,
     1.0,
     1.0,
     -0x1.abd0adb532acfp+2,
     708.0,
     -0x1.a77d5609fd416p+2,
     -0x1.a80deacdf73dep+2,
     native::unit_scaled_exp<double>(),
     native::unit_scaled_exp<double>(),
     native::unit_scaled_exp<double>(),
     {}},
    false};

// x clamped below only (x_low: the factor x keeps +inf) and on both sides
// (x_both); t = e^-(c x_both); the gate a e^-(b t) = gate * 2^m, a = 1 unless
// General (and 1 with GateUnit, for the partials). Split: t kept as t0 (1 + q)
// into the gate (fast_gompertz::split).
// t0 and q: t = t0 (1 + q) before its rounding where Split, else t and 0.
template <bool General, class V, bool GateUnit = false, bool Split = false>
GOLU_ALWAYS_INLINE void fast_gompertz_evaluate(const V& x, const fast_gompertz_params<native::scalar_t<V>>& p, V& x_low,
                                               V& x_both, V& t, V& gate, V& m, V& t0, V& q) noexcept {
  x_low = native::clamp_below(x, p.x_lo);
  x_both = native::clamp_above(x_low, p.x_hi);
  V m1, s1, s2;
  if constexpr (General) {
    // c, b and a folded into the exponentials (native::exp_neg_scaled, one-step
    // reduction in float): its errors, relative |c x| 2^-24 in t and b t 2^-24 in
    // the gate, are those of the products c x and b t it replaces, and kappa =
    // |1 + b c x t| grows with both where they are large.
    if constexpr (Split) {
      q = native::exp_neg_scaled_minus_one(x_both, p.inner, m1, s1);
      t0 = native::times_pow2(V(native::scalar_t<V>(1)), m1, s1);
      t = native::fma(t0, q, t0);
      gate = native::exp_neg_scaled_split(t, t0, q, GateUnit ? p.gate_unit : p.gate, m, s2);
    } else {
      const V p1 = native::exp_neg_scaled(x_both, p.inner, m1, s1);
      t = native::times_pow2(p1, m1, s1);
      gate = native::exp_neg_scaled(t, GateUnit ? p.gate_unit : p.gate, m, s2);
      t0 = t;
      q = V(native::scalar_t<V>(0));
    }
  } else {
    // The default kernel's exponentials take the one-step reduction: t's error
    // |k| 2^-29 with k ~ 1.44 x enters the result as t |k| 2^-29 < 2^-29 (x e^-x <=
    // 1/e); the gate's, |k| 2^-29 with k ~ 1.44 t, is below 2^-27.4 for x >= -1 (t <=
    // e) and below kappa ~ |x| t times 2^-28.5 beyond. Measured: no change of the
    // fast bounds (README).
    const V p1 = native::exp_neg<true>(x_both, m1, s1);
    t = native::times_pow2_normal(p1, m1, s1);  // x_both <= z_max: t is normal
    gate = native::exp_neg<true>(t, m, s2);
    t0 = t;
    q = V(native::scalar_t<V>(0));
  }
}

// The default float kernel's band: x >= normal_band_lo (-4.4), NaN and +inf
// included, in the log2 domain with 8-entry tables (one in-register permute each
// on AVX2 and AVX-512).
//   h = -log2e e^-x = -log2e 2^u, u = -x log2e = n1 + j1/8 + f (|f| <= 1/16):
//       h = T1[j1] 2^n1 (1 + f Q(f)), T1[j] = -log2e 2^(j/8);
//   gate = e^-t = 2^h, h = n2 + j2/8 + g (g = h - round8(h), exact):
//       gate = T2[j2] 2^n2 (1 + g Q(g)), T2[j] = 2^(j/8);
//   y = x gate, y' = gate (1 + x t) = gate (1 - ln2 x h).
// round8(v) comes from shifter8 + v (shifter8 = 1.5 2^20, whose ulp is 1/8): the
// sum's low bits hold k = 8 round8(v), whose low 3 bits index the table (the
// permute reads only those) and whose k << 20 adds n 2^23 + j 2^20 to the table
// entry's bits; the tables carry -(j << 20) (constants.hpp), so that the sum is
// T[j] with n added to its exponent. x_both <= z_max keeps n1 >= -126 and h normal;
// x >= -4.4 keeps h >= -117.5, so the gate (>= 2^-118) is normal and so are T1[j] 2^n1
// and T2[j] 2^n2: both scalings are exact integer additions.
// Errors: f = -x log2e - n1 rounded once (fma), a relative error of t that is an
// input perturbation of 2^-24 |x| (kappa covers it); T1, T2 rounded to float
// (2^-25 relative); 1 + g Q(g) within 2^-24.6 of 2^g on |g| <= 1/16. Measured over all
// 2^32 floats: docs/accuracy.md.
// Per 8 floats (AVX2): 1 clamp, 2 x (3 reduction + 1 permute + 2 integer + 4
// polynomial) = 20, 1 multiplication: 22, plus the band test (2); 11 of them on the
// FMA ports.
// General parameters (fast_band): u = -c x log2e with -c log2e rounded to float,
// h = -b log2e t and gate = a 2^h from the tables with b and a folded in, the clamp
// at the band's x_hi, and h's polynomial one degree higher (2^-31.5): the gate
// multiplies h's relative error by b t. One fma more per vector.
template <bool General, class V>
GOLU_ALWAYS_INLINE void fast_gompertz_normal_band(const V& x, const fast_band<float>& c, V& x_both, V& h,
                                                  V& gate) noexcept {
  namespace k = constants;
  const V shifter8(k::band_shifter8_float);
  x_both = native::clamp_above(x, c.x_hi);
  const V s1 = native::fma(x_both, V(c.neg_c_log2e), shifter8);
  const V f = native::fma(x_both, V(c.neg_c_log2e), shifter8 - s1);
  const auto b1 = native::to_bits(s1);
  const V t1 =
      native::from_bits<V>(native::to_bits(native::lookup8(c.neg_b_log2e_exp2_8, b1)) + native::shift_left(b1, 20));
  if constexpr (General) {
    h = native::fma(t1 * f, native::horner(f, k::band_exp2_q_general_float), t1);
  } else {
    h = native::fma(t1 * f, native::horner(f, k::band_exp2_q_float), t1);
  }
  const V s2 = h + shifter8;
  const V g = h - (s2 - shifter8);
  const auto b2 = native::to_bits(s2);
  const V t2 = native::from_bits<V>(native::to_bits(native::lookup8(c.a_exp2_8, b2)) + native::shift_left(b2, 20));
  gate = native::fma(t2 * g, native::horner(g, k::band_exp2_q_float), t2);
}

template <bool General, class V>
GOLU_ALWAYS_INLINE V fast_gompertz_band_value(const V& x, const fast_band<float>& c) noexcept {
  V x_both, h, gate;
  fast_gompertz_normal_band<General>(x, c, x_both, h, gate);
  // Opaque: a caller's addition (an Eigen expression) must not fuse with the
  // product on one path and not on another (scale_wide's reason).
  return opaque(x * gate);
}

// a u (1 + b c x t), b c x t = -c ln2 x h: the fma keeps the factor's absolute
// error at t's level near its zero at c x = -W(1/b).
template <bool General, class V>
GOLU_ALWAYS_INLINE V fast_gompertz_band_derivative(const V& x, const fast_band<float>& c) noexcept {
  using S = native::scalar_t<V>;
  V x_both, h, gate;
  fast_gompertz_normal_band<General>(x, c, x_both, h, gate);
  return opaque(gate * native::fma(x_both * V(c.neg_c_ln2), h, V(S(1))));
}

// The double default kernel's normal band, x >= normal_band_lo (-6), NaN and +inf
// included: there x_low = x (x_lo is below the band), no result is below a zero
// cut, and the gate's 2^m (m >= -582) is normal, as is the result unless x itself
// is tiny. So the full kernel's clamp below, its zero cut and the split scaling
// (scale_wide: 2^(m + split) 2^-split, both products exact for a normal result,
// one product where m >= -split) change no bit there, and the band's kernel leaves
// them out: y = (x gate) 2^m with one rounding of x gate and an exact or
// once-rounded scaling, as scale_wide's. A NaN x turns t into garbage through the
// integer scaling, and x gate is still NaN. On targets that branch
// (arch/rare_path.hpp), a vector all in the band takes it.
template <class V>
GOLU_ALWAYS_INLINE void fast_gompertz_normal_band_double(const V& x, V& x_both, V& t, V& gate, V& m, V& s) noexcept {
  x_both = native::clamp_above(x, native::scalar_t<V>(fast_gompertz_limits<native::scalar_t<V>>::z_max));
  V m1, s1;
  const V p1 = native::exp_neg<true>(x_both, m1, s1);
  t = native::times_pow2_normal(p1, m1, s1);
  gate = native::exp_neg<true>(t, m, s);
}

// Whether x is a vector (or scalar) the default kernel takes through its normal band.
template <class V>
GOLU_ALWAYS_INLINE bool in_normal_band(const V& x) noexcept {
  using S = native::scalar_t<V>;
  return !any_below(x, S(fast_gompertz_limits<S>::normal_band_lo));
}

// The float default kernel's band formula is not the full kernel's, so every
// target branches to it (AVX-512 too, where the double band's is not worth a
// test: rare_path.hpp), and a vector with rare lanes takes the band's results on
// its other lanes: which path a vector took never shows in a result.
template <class V>
constexpr bool has_float_band() noexcept {
  return std::is_same<native::scalar_t<V>, float>::value;
}

// The full kernels: every input, any parameters.
// SignFromX: the sign of x is or-ed in, as general parameters need when x_lo > 0
// (b > 140 float, 800 double): a negative x clamped to x_lo must still give -0.
// Where x_lo < 0 a clamped x keeps its sign (and results below the zero cut are
// -0), so the or changes no bit and the loops skip it (with_fixed_kernel).
template <bool General, class V, bool SignFromX = General, bool Split = false>
GOLU_ALWAYS_INLINE V fast_gompertz_value_full(const V& x, const fast_gompertz_params<native::scalar_t<V>>& p) noexcept {
  using S = native::scalar_t<V>;
  V x_low, x_both, t, gate, m, t0, q;
  fast_gompertz_evaluate<General, V, false, Split>(x, p, x_low, x_both, t, gate, m, t0, q);
  if constexpr (General && SignFromX) {
    return native::or_sign(native::scale_wide_unless_below(x, V(p.zero_value), x_low * gate, m, V(S(0))), x);
  } else {
    return native::scale_wide_unless_below(x, V(p.zero_value), x_low * gate, m, V(S(-0.0)));
  }
}

// a u (1 + b c x t): the fma keeps the factor's absolute error at t's level near
// its zero at c x = -W(1/b).
template <bool General, class V, bool Split = false>
GOLU_ALWAYS_INLINE V fast_gompertz_derivative_full(const V& x,
                                                   const fast_gompertz_params<native::scalar_t<V>>& p) noexcept {
  using S = native::scalar_t<V>;
  V x_low, x_both, t, gate, m, t0, q;
  fast_gompertz_evaluate<General, V, false, Split>(x, p, x_low, x_both, t, gate, m, t0, q);
  const V bcx = General ? V(p.beta_gamma) * x_both : x_both;
  V w;
  if constexpr (Split) {
    // 1 + b c x t0 (1 + q) without t's rounding, which b c x t would multiply.
    w = native::fma(bcx * t0, q, native::fma(bcx, t0, V(S(1))));
  } else {
    w = native::fma(bcx, t, V(S(1)));
  }
  // Below the cut y' is negative (1 + b c x t < 0): -0, as the underflow gives.
  return native::scale_wide_unless_below(x, V(p.zero_derivative), gate * w, m, V(S(-0.0)));
}

// band(x) for a vector with a lane below the band's lo: the full kernel's results
// on those lanes, the band's on the others (a scalar below the band: the full one's).
template <class V, class Band>
GOLU_ALWAYS_INLINE V merge_band(const V& x, float lo, const V& full, Band band) noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    return full;
  } else {
    return native::select(x < V(lo), full, band(x));
  }
}

// The float band's constants: the default parameters' as constants (General false),
// else the activation's.
template <bool General>
GOLU_ALWAYS_INLINE const fast_band<float>& band_constants(const fast_gompertz_params<float>& p) noexcept {
  if constexpr (General) {
    return p.band;
  } else {
    (void)p;
    return default_fast_gompertz.f.band;
  }
}

// Band: the parameters take the float band (fast_band::on), fixed by the caller
// (with_fixed_kernel) so that loops carry no test of it.
template <bool General, class V, bool SignFromX = General, bool Split = false, bool Band = !General>
GOLU_ALWAYS_INLINE V fast_gompertz_value(const V& x, const fast_gompertz_params<native::scalar_t<V>>& p) noexcept {
  if constexpr (Band && has_float_band<V>()) {
    const fast_band<float>& c = band_constants<General>(p);
    if (!any_below(x, c.lo)) return fast_gompertz_band_value<General>(x, c);
    return merge_band(x, c.lo, fast_gompertz_value_full<General, V, SignFromX, Split>(x, p),
                      [&c](const V& v) { return fast_gompertz_band_value<General>(v, c); });
  } else {
    if constexpr (!General && branches_to_rare_path<V>()) {
      if (in_normal_band(x)) {
        V x_both, t, gate, m, s;
        fast_gompertz_normal_band_double(x, x_both, t, gate, m, s);
        return native::times_pow2(x * gate, m, s);
      }
    }
    return fast_gompertz_value_full<General, V, SignFromX, Split>(x, p);
  }
}

template <bool General, class V, bool Split = false, bool Band = !General>
GOLU_ALWAYS_INLINE V fast_gompertz_derivative(const V& x, const fast_gompertz_params<native::scalar_t<V>>& p) noexcept {
  if constexpr (Band && has_float_band<V>()) {
    const fast_band<float>& c = band_constants<General>(p);
    if (!any_below(x, c.lo)) return fast_gompertz_band_derivative<General>(x, c);
    return merge_band(x, c.lo, fast_gompertz_derivative_full<General, V, Split>(x, p),
                      [&c](const V& v) { return fast_gompertz_band_derivative<General>(v, c); });
  } else {
    if constexpr (!General && branches_to_rare_path<V>()) {
      // In the band |gate w| 2^m is normal (|w| >= 2^-48 near w's zero, where m >= -3).
      if (in_normal_band(x)) {
        using S = native::scalar_t<V>;
        V x_both, t, gate, m, s;
        fast_gompertz_normal_band_double(x, x_both, t, gate, m, s);
        return native::times_pow2(gate * native::fma(x_both, t, V(S(1))), m, s);
      }
    }
    return fast_gompertz_derivative_full<General, V, Split>(x, p);
  }
}

template <class V>
struct fast_param_partials {
  V alpha, beta, gamma;  // dy/da = x u, dy/db = -a x t u, dy/dc = a b x^2 t u
};

// The parameter partials in double (V = double or a double batch; float callers
// widen and round once). x t u is formed with t's power of two kept apart, from
// an inner exponential of c x clamped at 800 instead of z_max: for c x in
// (708, 760) t is subnormal but x t and x^2 t are not, and beyond 800 both
// round to zero.
template <bool Split, class V>
GOLU_ALWAYS_INLINE fast_param_partials<V> fast_gompertz_param_partials(const V& x,
                                                                       const fast_gompertz_params<double>& p) noexcept {
  static_assert(std::is_same<native::scalar_t<V>, double>::value, "the parameter partials are computed in double");
  V x_low, x_both, t, gate, m, t0, q;
  fast_gompertz_evaluate<true, V, true, Split>(x, p, x_low, x_both, t, gate, m, t0, q);
  const V da = native::or_sign(native::scale_wide(x_low * gate, m), x);
  const V x_far = native::clamp_above(x_low, 800 / p.gamma);
  V m_t, s_t;
  const V t_mant = native::exp_neg(V(p.gamma) * x_far, m_t, s_t);
  const V xtu = (x_far * t_mant) * gate;  // x t u / 2^(m_t + m)
  const V e = m_t + m;
  const V db = native::scale_wide(V(-p.alpha) * xtu, e);
  const V dc = native::scale_wide((V(p.alpha * p.beta) * x_far) * xtu, e);
  return {da, db, dc};
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
