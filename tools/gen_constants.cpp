// Generates the numeric constants of include/golu/detail/constants.hpp with MPFR:
// Chebyshev-node interpolants of 2^g and 2^-f (near-minimax), the 2^(j/64)
// double-double table, ln2/64 split into exactly multipliable pieces, and the
// piecewise interpolants of the Gaussian tail ratio R(a) = Q(a) e^(a^2/2).
// Build: g++ -O2 tools/gen_constants.cpp -lmpfr -lgmp -o gen && ./gen
// The Gaussian tail tables (degrees of the sp and dp tiers): ./gen gaussian 13 11
// The native exponential (degrees of Q for float and double): ./gen native 5 10
// The fast level's float Gaussian tail table (its degree): ./gen native-gaussian 9
// The exact level's float tables: ./gen exact-float
#include <mpfr.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

static const mpfr_prec_t prec = 256;

struct M {
  mpfr_t v;
  M() {
    mpfr_init2(v, prec);
    mpfr_set_ui(v, 0, MPFR_RNDN);
  }
  M(double d) {
    mpfr_init2(v, prec);
    mpfr_set_d(v, d, MPFR_RNDN);
  }
  M(const M& o) {
    mpfr_init2(v, prec);
    mpfr_set(v, o.v, MPFR_RNDN);
  }
  M& operator=(const M& o) {
    mpfr_set(v, o.v, MPFR_RNDN);
    return *this;
  }
  ~M() { mpfr_clear(v); }
};

// f(g) = 2^(sign*g)
static void target(M& out, const M& g, int sign) {
  M e;
  mpfr_mul_si(e.v, g.v, sign, MPFR_RNDN);
  mpfr_exp2(out.v, e.v, MPFR_RNDN);
}

// The exact (256-bit) monomial coefficients, in s = x - center, of the polynomial
// of degree `degree` interpolating f at the Chebyshev nodes of
// [center - half_width, center + half_width] (near-minimax): Gauss-Jordan on the
// Vandermonde system.
template <class F>
static std::vector<M> chebyshev_interpolant(int degree, double center, double half_width, F f) {
  const int n = degree + 1;
  std::vector<std::vector<M>> a(n, std::vector<M>(n + 1));
  M pi;
  mpfr_const_pi(pi.v, MPFR_RNDN);
  for (int i = 0; i < n; ++i) {
    M node, x;
    mpfr_mul_d(node.v, pi.v, (i + 0.5) / n, MPFR_RNDN);
    mpfr_cos(node.v, node.v, MPFR_RNDN);
    mpfr_mul_d(node.v, node.v, half_width, MPFR_RNDN);
    M p(1.0);
    for (int j = 0; j < n; ++j) {
      a[i][j] = p;
      mpfr_mul(p.v, p.v, node.v, MPFR_RNDN);
    }
    mpfr_add_d(x.v, node.v, center, MPFR_RNDN);
    f(a[i][n], x);
  }
  for (int c = 0; c < n; ++c) {
    int piv = c;
    for (int r = c + 1; r < n; ++r)
      if (mpfr_cmpabs(a[r][c].v, a[piv][c].v) > 0) piv = r;
    std::swap(a[c], a[piv]);
    for (int r = 0; r < n; ++r) {
      if (r == c) continue;
      M factor;
      mpfr_div(factor.v, a[r][c].v, a[c][c].v, MPFR_RNDN);
      for (int k = c; k <= n; ++k) {
        M t;
        mpfr_mul(t.v, factor.v, a[c][k].v, MPFR_RNDN);
        mpfr_sub(a[r][k].v, a[r][k].v, t.v, MPFR_RNDN);
      }
    }
  }
  std::vector<M> coef(n);
  for (int i = 0; i < n; ++i) mpfr_div(coef[i].v, a[i][n].v, a[i][i].v, MPFR_RNDN);
  return coef;
}

// The largest relative error, in exact arithmetic, of the polynomial with the
// double coefficients `coef` (plus `c0_lo`) against f, on `samples` points each
// side of the center.
template <class F>
static double max_relative_error(const std::vector<double>& coef, double c0_lo, double center, double half_width,
                                 int samples, F f) {
  double worst = 0;
  for (int k = -samples; k <= samples; ++k) {
    M s(half_width * k / samples), p(0.0), x, want;
    for (std::size_t i = coef.size(); i-- > 0;) {
      mpfr_mul(p.v, p.v, s.v, MPFR_RNDN);
      mpfr_add_d(p.v, p.v, coef[i], MPFR_RNDN);
    }
    mpfr_add_d(p.v, p.v, c0_lo, MPFR_RNDN);
    mpfr_add_d(x.v, s.v, center, MPFR_RNDN);
    f(want, x);
    mpfr_sub(p.v, p.v, want.v, MPFR_RNDN);
    mpfr_div(p.v, p.v, want.v, MPFR_RNDN);
    worst = std::fmax(worst, std::fabs(mpfr_get_d(p.v, MPFR_RNDN)));
  }
  return worst;
}

static std::vector<double> chebyshev_fit(int degree, double half_width, int sign) {
  const auto f = [sign](M& out, const M& g) { target(out, g, sign); };
  std::vector<double> coef;
  for (const M& c : chebyshev_interpolant(degree, 0.0, half_width, f)) coef.push_back(mpfr_get_d(c.v, MPFR_RNDN));
  const double worst = max_relative_error(coef, 0.0, 0.0, half_width, 20000, f);
  std::printf("// 2^(%sg) on |g| <= %g, degree %d: max relative error %.3g (2^%.1f)\n", sign > 0 ? "" : "-", half_width,
              degree, worst, std::log2(worst));
  for (std::size_t i = 0; i < coef.size(); ++i) std::printf("  %a,  // c%zu\n", coef[i], i);
  return coef;
}

// R(a) = Q(a) * e^(a^2/2), Q(a) = erfc(a/sqrt2)/2 the upper tail of N(0, 1):
// smooth, from R(0) = 1/2 down to ~1/(a sqrt(2 pi)), and entire, so that short
// pieces need low degrees.
static void tail_ratio(M& out, const M& a) {
  M z, e;
  mpfr_sqrt_ui(z.v, 2, MPFR_RNDN);
  mpfr_div(z.v, a.v, z.v, MPFR_RNDN);
  mpfr_erfc(out.v, z.v, MPFR_RNDN);
  mpfr_div_ui(out.v, out.v, 2, MPFR_RNDN);
  mpfr_sqr(e.v, a.v, MPFR_RNDN);
  mpfr_div_ui(e.v, e.v, 2, MPFR_RNDN);
  mpfr_exp(e.v, e.v, MPFR_RNDN);
  mpfr_mul(out.v, out.v, e.v, MPFR_RNDN);
}

// Monomial coefficients in s = a - center of the interpolant of R at the
// Chebyshev nodes of [center - half_width, center + half_width]; returns the
// largest relative error of the double-rounded polynomial (exact arithmetic).
// With split_c0, coef gets one more entry: the rounding error of c0, for a
// double-double constant term.
static double fit_tail_piece(double center, double half_width, int degree, bool split_c0, std::vector<double>& coef,
                             bool as_float = false) {
  const std::vector<M> exact = chebyshev_interpolant(degree, center, half_width, tail_ratio);
  coef.clear();
  for (const M& c : exact) coef.push_back(as_float ? double(mpfr_get_flt(c.v, MPFR_RNDN)) : mpfr_get_d(c.v, MPFR_RNDN));
  double c0_lo = 0;
  if (split_c0) {
    M rest;
    mpfr_sub_d(rest.v, exact[0].v, coef[0], MPFR_RNDN);
    c0_lo = mpfr_get_d(rest.v, MPFR_RNDN);
  }
  const double worst = max_relative_error(coef, c0_lo, center, half_width, 500, tail_ratio);
  if (split_c0) coef.push_back(c0_lo);
  return worst;
}

// The pieces of R on [0, 64): [0, 1/4) and, above, eighths of each binade
// [2^e, 2^(e+1)), e = -2..5, so that a piece's index and center come from the
// bits of a (see gaussian_tail_ratio in detail/gaussian.hpp).
static void tail_table(const char* name, int degree, bool split_c0) {
  std::vector<std::vector<double>> rows;
  double worst = 0;
  std::vector<double> coef;
  worst = std::fmax(worst, fit_tail_piece(0.125, 0.125, degree, split_c0, coef));
  if (std::getenv("GEN_VERBOSE")) std::fprintf(stderr, "piece 0: %g\n", worst);
  rows.push_back(coef);
  for (int e = -2; e <= 5; ++e)
    for (int m = 0; m < 8; ++m) {
      const double width = std::ldexp(1.0, e) / 8;
      const double w = fit_tail_piece(std::ldexp(1.0, e) + (m + 0.5) * width, width / 2, degree, split_c0, coef);
      if (std::getenv("GEN_VERBOSE")) std::fprintf(stderr, "e %d m %d: %g\n", e, m, w);
      worst = std::fmax(worst, w);
      rows.push_back(coef);
    }
  std::printf("// degree %d, max relative error %.3g (2^%.1f)\n", degree, worst, std::log2(worst));
  std::printf("alignas(64) constexpr double %s[%zu][%zu] = {\n", name, rows.size(), rows[0].size());
  for (const auto& r : rows) {
    std::printf("    {");
    for (std::size_t i = 0; i < r.size(); ++i) std::printf("%s%a", i ? ", " : "", r[i]);
    std::printf("},\n");
  }
  std::printf("};\n");
}

// The sp tier's pieces of R on [0, 32): [0, 1/4) and the binades [2^e, 2^(e+1)),
// e = -2..4, eight in all, so that a SIMD register holds one coefficient of every
// piece; stored coefficient-major (row k: c_k of each piece).
// (With as_float, the coefficients are rounded to float: the fast level's table.)
static void binade_tail_table(const char* name, int degree, bool as_float = false) {
  std::vector<std::vector<double>> pieces;
  double worst = 0;
  std::vector<double> coef;
  worst = std::fmax(worst, fit_tail_piece(0.125, 0.125, degree, false, coef, as_float));
  pieces.push_back(coef);
  for (int e = -2; e <= 4; ++e) {
    worst = std::fmax(worst,
                      fit_tail_piece(1.5 * std::ldexp(1.0, e), std::ldexp(1.0, e) / 2, degree, false, coef, as_float));
    pieces.push_back(coef);
  }
  std::printf("// degree %d, max relative error %.3g (2^%.1f)\n", degree, worst, std::log2(worst));
  std::printf("alignas(64) constexpr %s %s[%d][8] = {\n", as_float ? "float" : "double", name, degree + 1);
  for (int k = 0; k <= degree; ++k) {
    std::printf("    {");
    for (std::size_t i = 0; i < pieces.size(); ++i)
      std::printf("%s%a%s", i ? ", " : "", pieces[i][k], as_float ? "f" : "");
    std::printf("},\n");
  }
  std::printf("};\n");
}

// Splits v into a head with `bits` significant bits and the rest.
static double head_bits(const M& v, int bits) {
  M h;
  mpfr_set_prec(h.v, bits);
  mpfr_set(h.v, v.v, MPFR_RNDN);
  return mpfr_get_d(h.v, MPFR_RNDN);
}

// The native (fast-level) exponential, e^-r = 1 + r Q(r) on |r| <= ln2/2 after
// the Cody-Waite reduction: Q interpolates (e^-r - 1)/r at Chebyshev nodes, with
// coefficients rounded to the data's own type (float or double), so that
// P(0) = 1 exactly (the gate of a large x is exactly 1). Prints Q's coefficients
// and the largest relative error of P in exact arithmetic.
static void native_exp_fit(const char* name, int degree_q, bool as_float) {
  const auto q = [](M& out, const M& r) {
    if (mpfr_zero_p(r.v)) {
      mpfr_set_si(out.v, -1, MPFR_RNDN);
      return;
    }
    M e;
    mpfr_neg(e.v, r.v, MPFR_RNDN);
    mpfr_expm1(out.v, e.v, MPFR_RNDN);
    mpfr_div(out.v, out.v, r.v, MPFR_RNDN);
  };
  const double half_width = 0.5 * 0.6931471805599453;
  std::vector<double> coef;
  for (const M& c : chebyshev_interpolant(degree_q, 0.0, half_width, q)) {
    const double d = mpfr_get_d(c.v, MPFR_RNDN);
    coef.push_back(as_float ? double(float(d)) : d);
  }
  double worst = 0;
  for (int k = -20000; k <= 20000; ++k) {
    M r(half_width * k / 20000), p(0.0), want;
    for (std::size_t i = coef.size(); i-- > 0;) {
      mpfr_mul(p.v, p.v, r.v, MPFR_RNDN);
      mpfr_add_d(p.v, p.v, coef[i], MPFR_RNDN);
    }
    mpfr_mul(p.v, p.v, r.v, MPFR_RNDN);
    mpfr_add_ui(p.v, p.v, 1, MPFR_RNDN);
    mpfr_neg(want.v, r.v, MPFR_RNDN);
    mpfr_exp(want.v, want.v, MPFR_RNDN);
    mpfr_sub(p.v, p.v, want.v, MPFR_RNDN);
    mpfr_div(p.v, p.v, want.v, MPFR_RNDN);
    worst = std::fmax(worst, std::fabs(mpfr_get_d(p.v, MPFR_RNDN)));
  }
  std::printf("// e^-r = 1 + r Q(r) on |r| <= ln2/2, Q of degree %d: max relative error 2^%.1f\n", degree_q,
              std::log2(worst));
  std::printf("constexpr %s %s[] = {", as_float ? "float" : "double", name);
  for (std::size_t i = 0; i < coef.size(); ++i) std::printf("%s%a%s", i ? ", " : "", coef[i], as_float ? "f" : "");
  std::printf("};\n");
}

// ln2 as hi + lo, hi with `bits` significant bits so that k * hi is exact for
// the |k| < 2^(precision - bits) the reduction meets, also without FMA.
static void ln2_split(const char* name, int bits, bool as_float) {
  M ln2;
  mpfr_const_log2(ln2.v, MPFR_RNDN);
  const double hi = head_bits(ln2, bits);
  M rest;
  mpfr_sub_d(rest.v, ln2.v, hi, MPFR_RNDN);
  const double lo = as_float ? double(mpfr_get_flt(rest.v, MPFR_RNDN)) : mpfr_get_d(rest.v, MPFR_RNDN);
  const char* suffix = as_float ? "f" : "";
  std::printf("constexpr %s %s_hi = %a%s, %s_lo = %a%s;  // hi: %d bits\n", as_float ? "float" : "double", name, hi,
              suffix, name, lo, suffix, bits);
}

// The exact level's float kernel: 2^(j/32) = hi + lo as floats (hi correctly rounded,
// lo the rounded rest), and ln2/32 = hi + lo with an 11-bit hi, so that k * hi is
// exact in float for |k| < 2^13, with or without FMA.
static void exact_float_tables() {
  std::printf("alignas(64) constexpr float exp2_32_float_hi[32] = {");
  std::vector<float> lo;
  for (int j = 0; j < 32; ++j) {
    M e(j / 32.0), v;
    mpfr_exp2(v.v, e.v, MPFR_RNDN);
    const float h = mpfr_get_flt(v.v, MPFR_RNDN);
    mpfr_sub_d(v.v, v.v, h, MPFR_RNDN);
    lo.push_back(mpfr_get_flt(v.v, MPFR_RNDN));
    std::printf("%s%af", j ? ", " : "", h);
  }
  std::printf("};\nalignas(64) constexpr float exp2_32_float_lo[32] = {");
  for (int j = 0; j < 32; ++j) std::printf("%s%af", j ? ", " : "", lo[j]);
  std::printf("};\n");
  M ln2;
  mpfr_const_log2(ln2.v, MPFR_RNDN);
  M step;
  mpfr_div_ui(step.v, ln2.v, 32, MPFR_RNDN);
  const double hi = head_bits(step, 11);
  M rest;
  mpfr_sub_d(rest.v, step.v, hi, MPFR_RNDN);
  std::printf("constexpr float ln2_32_float_hi = %af, ln2_32_float_lo = %af;  // hi: 11 bits\n", hi,
              double(mpfr_get_flt(rest.v, MPFR_RNDN)));
  M l2e;
  mpfr_ui_div(l2e.v, 32, ln2.v, MPFR_RNDN);
  std::printf("constexpr float log2e_32_float = %af;  // 32/ln2\n", double(mpfr_get_flt(l2e.v, MPFR_RNDN)));
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "exact-float") {
    exact_float_tables();
    return 0;
  }
  if (argc > 1 && std::string(argv[1]) == "native-gaussian") {
    binade_tail_table("native_gaussian_tail_float", std::atoi(argv[2]), true);
    return 0;
  }
  if (argc > 1 && std::string(argv[1]) == "native") {
    native_exp_fit("native_exp_neg_float", std::atoi(argv[2]), true);
    native_exp_fit("native_exp_neg_double", std::atoi(argv[3]), false);
    ln2_split("native_ln2_float", 16, true);
    ln2_split("native_ln2_double", 42, false);
    return 0;
  }
  if (argc > 1 && std::string(argv[1]) == "gaussian") {
    binade_tail_table("sp_gaussian_tail", std::atoi(argv[2]));
    tail_table("dp_gaussian_tail", std::atoi(argv[3]), true);  // c0 as a double-double
    return 0;
  }
  chebyshev_fit(6, 0.5, -1);  // sp tier, outer exponential
  chebyshev_fit(7, 0.5, -1);  // sp tier, inner exponential
  M ln2;
  mpfr_const_log2(ln2.v, MPFR_RNDN);
  M step;
  mpfr_div_ui(step.v, ln2.v, 64, MPFR_RNDN);
  double c1 = head_bits(step, 36);
  M rest;
  mpfr_sub_d(rest.v, step.v, c1, MPFR_RNDN);
  double c2 = head_bits(rest, 36);
  mpfr_sub_d(rest.v, rest.v, c2, MPFR_RNDN);
  double c3 = mpfr_get_d(rest.v, MPFR_RNDN);
  std::printf("// ln2/64 = c1 + c2 + c3, c1 and c2 with 36 significant bits\n  %a, %a, %a\n", c1, c2, c3);
  M l2e;
  mpfr_ui_div(l2e.v, 1, ln2.v, MPFR_RNDN);
  double lh = mpfr_get_d(l2e.v, MPFR_RNDN);
  mpfr_sub_d(l2e.v, l2e.v, lh, MPFR_RNDN);
  std::printf("// log2(e) = hi + lo\n  %a, %a\n", lh, mpfr_get_d(l2e.v, MPFR_RNDN));
  std::printf("// ln2 = %a\n", mpfr_get_d(ln2.v, MPFR_RNDN));
  std::printf("// 2^(j/64) = hi + lo\n");
  for (int j = 0; j < 64; ++j) {
    M e(j / 64.0), v;
    mpfr_exp2(v.v, e.v, MPFR_RNDN);
    double h = mpfr_get_d(v.v, MPFR_RNDN);
    mpfr_sub_d(v.v, v.v, h, MPFR_RNDN);
    std::printf("  {%a, %a},\n", h, mpfr_get_d(v.v, MPFR_RNDN));
  }
}
