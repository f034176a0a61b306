// Generates include/golu/detail/constants.hpp, the numeric constants of the GoLU
// kernels, with MPFR: Chebyshev-node interpolants of 2^-f (near-minimax), the
// 2^(j/64) double-double table, ln2/64 split into exactly multipliable pieces, the
// piecewise interpolants of the Gaussian tail ratio R(a) = Q(a) e^(a^2/2), the fast
// level's native exponential and the exact level's float tables.
//
// Build: g++ -O2 -std=c++17 tools/gen_constants.cpp -lmpfr -lgmp -o gen
// Regenerate the header (about 30 s; the ctest test constants_regenerate checks
// that the committed file is exactly this output):
//   ./gen header > include/golu/detail/constants.hpp
// One section of the header alone, e.g. to try other degrees (the header's own
// degrees are the ones shown):
//   ./gen exp                  ln2, log2(e), ln2/64 in three pieces, in_double's (float results computed in double)
//                              2^-f interpolants (degrees 7 and 6), the 2^(j/64) table
//   ./gen gaussian 13 11       Gaussian tail tables: degrees for in_double and in_double_double
//   ./gen native 5 10          native exponential: degrees of Q for float and double
//   ./gen native-gaussian 9    the fast level's float Gaussian tail table: its degree
//   ./gen native-gaussian-double 16   the fast level's double Gaussian tail table: its degree
//   ./gen exact-float          the exact level's float tables
//   ./gen band 2 3             the fast GoLU's band kernel (float): 2^(j/8) tables, Q's degrees (default
//                              parameters; general parameters' first exponential)
#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

static const mpfr_prec_t prec = 256;

// The degrees of the header (./gen header).
static const int sp_inner_degree = 7;                 // sp_exp2_neg7
static const int sp_outer_degree = 6;                 // sp_exp2_neg6
static const int sp_gaussian_degree = 13;             // sp_gaussian_tail
static const int dp_gaussian_degree = 11;             // dp_gaussian_tail
static const int native_float_degree = 5;             // native_exp_neg_float
static const int native_double_degree = 10;           // native_exp_neg_double
static const int native_gaussian_degree = 9;          // native_gaussian_tail_float
static const int native_gaussian_double_degree = 16;  // native_gaussian_tail_double
static const int band_float_degree = 2;               // band_exp2_q_float
static const int band_general_float_degree = 3;       // band_exp2_q_general_float

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

// ---- Printing -------------------------------------------------------------------

// A double as a hex literal, exactly; with as_float (v is then a float's value), a
// float literal.
static std::string hex(double v, bool as_float = false) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a%s", v, as_float ? "f" : "");
  return buf;
}

static std::vector<std::string> hex_all(const std::vector<double>& v, bool as_float = false) {
  std::vector<std::string> out;
  for (double d : v) out.push_back(hex(d, as_float));
  return out;
}

static const std::size_t line_limit = 120;

// Prints `first`, then the items bin-packed into lines of at most line_limit
// columns, continuation lines indented by `indent`; each item is followed by ","
// except the last, followed by `last`.
static void print_packed(std::string line, const std::vector<std::string>& items, const std::string& indent,
                         const std::string& last) {
  bool line_has_item = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string piece = items[i] + (i + 1 < items.size() ? "," : last);
    if (line_has_item && line.size() + 1 + piece.size() > line_limit) {
      std::printf("%s\n", line.c_str());
      line = indent;
      line_has_item = false;
    }
    line += (line_has_item ? " " : "") + piece;
    line_has_item = true;
  }
  std::printf("%s\n", line.c_str());
}

// `decl` = {items};, on one line if it fits, else one item list of 4-space
// indented lines between the braces.
static void print_array(const std::string& decl, const std::vector<std::string>& items) {
  std::string one_line = decl + " = {";
  for (std::size_t i = 0; i < items.size(); ++i) one_line += (i ? ", " : "") + items[i];
  one_line += "};";
  if (one_line.size() <= line_limit) {
    std::printf("%s\n", one_line.c_str());
    return;
  }
  std::printf("%s = {\n", decl.c_str());
  print_packed("    ", items, "    ", ",");
  std::printf("};\n");
}

// `decl` = {{row 0}, {row 1}, ...};, a row (or, where it does not fit, a group of
// lines) each.
static void print_array_2d(const std::string& decl, const std::vector<std::vector<std::string>>& rows) {
  std::printf("%s = {\n", decl.c_str());
  for (const auto& r : rows) {
    std::vector<std::string> items = r;
    items.front() = "{" + items.front();
    print_packed("    ", items, "     ", "},");
  }
  std::printf("};\n");
}

// ---- Approximation and error measure ----------------------------------------------

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

// A polynomial's coefficients and its largest relative error (exact arithmetic).
struct Fit {
  std::vector<double> coef;
  double worst;
};

// 2^(sign*g) on |g| <= half_width, coefficients rounded to double.
static Fit chebyshev_fit(int degree, double half_width, int sign) {
  const auto f = [sign](M& out, const M& g) { target(out, g, sign); };
  Fit fit;
  for (const M& c : chebyshev_interpolant(degree, 0.0, half_width, f)) fit.coef.push_back(mpfr_get_d(c.v, MPFR_RNDN));
  fit.worst = max_relative_error(fit.coef, 0.0, 0.0, half_width, 20000, f);
  return fit;
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

// A table of polynomial pieces and the largest relative error over all of them.
struct Table {
  std::vector<std::vector<double>> rows;
  double worst;
};

// The pieces of R on [0, 64): [0, 1/4) and, above, eighths of each binade
// [2^e, 2^(e+1)), e = -2..5, so that a piece's index and center come from the
// bits of a (see gaussian_tail_ratio in detail/gaussian.hpp); a row per piece.
static Table tail_table(int degree, bool split_c0) {
  Table t;
  std::vector<double> coef;
  t.worst = fit_tail_piece(0.125, 0.125, degree, split_c0, coef);
  if (std::getenv("GEN_VERBOSE")) std::fprintf(stderr, "piece 0: %g\n", t.worst);
  t.rows.push_back(coef);
  for (int e = -2; e <= 5; ++e)
    for (int m = 0; m < 8; ++m) {
      const double width = std::ldexp(1.0, e) / 8;
      const double w = fit_tail_piece(std::ldexp(1.0, e) + (m + 0.5) * width, width / 2, degree, split_c0, coef);
      if (std::getenv("GEN_VERBOSE")) std::fprintf(stderr, "e %d m %d: %g\n", e, m, w);
      t.worst = std::fmax(t.worst, w);
      t.rows.push_back(coef);
    }
  return t;
}

// Pieces' coefficients (a row per piece) turned coefficient-major (row k: c_k of
// every piece), so that one SIMD register holds a coefficient of every piece.
static Table coefficient_major(const std::vector<std::vector<double>>& pieces, double worst) {
  Table t{std::vector<std::vector<double>>(pieces[0].size()), worst};
  for (std::size_t k = 0; k < pieces[0].size(); ++k)
    for (const auto& p : pieces) t.rows[k].push_back(p[k]);
  return t;
}

// in_double's pieces of R on [0, 32): [0, 1/4) and the binades [2^e, 2^(e+1)),
// e = -2..4, eight in all, so that a SIMD register holds one coefficient of every
// piece; coefficient-major (row k: c_k of each piece).
// (With as_float, the coefficients are rounded to float: the fast level's table.)
static Table binade_tail_table(int degree, bool as_float = false) {
  std::vector<std::vector<double>> pieces;
  std::vector<double> coef;
  double worst = fit_tail_piece(0.125, 0.125, degree, false, coef, as_float);
  pieces.push_back(coef);
  for (int e = -2; e <= 4; ++e) {
    worst = std::fmax(worst,
                      fit_tail_piece(1.5 * std::ldexp(1.0, e), std::ldexp(1.0, e) / 2, degree, false, coef, as_float));
    pieces.push_back(coef);
  }
  return coefficient_major(pieces, worst);
}

// The fast level's double pieces of R on [0, 48): [0, 1/4), the halves of the
// binades [2^e, 2^(e+1)), e = -2..4, and [32, 48), sixteen in all, so that two
// SIMD registers hold one coefficient of every piece (one vpermt2pd per
// coefficient on AVX-512); coefficient-major, coefficients rounded to double.
static Table half_binade_tail_table(int degree) {
  std::vector<std::vector<double>> pieces;
  std::vector<double> coef;
  double worst = fit_tail_piece(0.125, 0.125, degree, false, coef);
  pieces.push_back(coef);
  for (int e = -2; e <= 5; ++e)
    for (int half = 0; half < (e <= 4 ? 2 : 1); ++half) {
      const double w =
          fit_tail_piece((1.25 + 0.5 * half) * std::ldexp(1.0, e), std::ldexp(1.0, e) / 4, degree, false, coef);
      if (std::getenv("GEN_VERBOSE")) std::fprintf(stderr, "e %d half %d: %g\n", e, half, w);
      worst = std::fmax(worst, w);
      pieces.push_back(coef);
    }
  return coefficient_major(pieces, worst);
}

static void print_table(const char* type, const char* name, const Table& t, bool as_float) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : t.rows) rows.push_back(hex_all(r, as_float));
  char decl[160];
  std::snprintf(decl, sizeof decl, "alignas(64) constexpr %s %s[%zu][%zu]", type, name, t.rows.size(),
                t.rows[0].size());
  print_array_2d(decl, rows);
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
// P(0) = 1 exactly (the gate of a large x is exactly 1). Returns Q's coefficients
// and the largest relative error of P in exact arithmetic.
static Fit native_exp_fit(int degree_q, bool as_float) {
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
  Fit fit;
  for (const M& c : chebyshev_interpolant(degree_q, 0.0, half_width, q)) {
    const double d = mpfr_get_d(c.v, MPFR_RNDN);
    fit.coef.push_back(as_float ? double(float(d)) : d);
  }
  fit.worst = 0;
  for (int k = -20000; k <= 20000; ++k) {
    M r(half_width * k / 20000), p(0.0), want;
    for (std::size_t i = fit.coef.size(); i-- > 0;) {
      mpfr_mul(p.v, p.v, r.v, MPFR_RNDN);
      mpfr_add_d(p.v, p.v, fit.coef[i], MPFR_RNDN);
    }
    mpfr_mul(p.v, p.v, r.v, MPFR_RNDN);
    mpfr_add_ui(p.v, p.v, 1, MPFR_RNDN);
    mpfr_neg(want.v, r.v, MPFR_RNDN);
    mpfr_exp(want.v, want.v, MPFR_RNDN);
    mpfr_sub(p.v, p.v, want.v, MPFR_RNDN);
    mpfr_div(p.v, p.v, want.v, MPFR_RNDN);
    fit.worst = std::fmax(fit.worst, std::fabs(mpfr_get_d(p.v, MPFR_RNDN)));
  }
  return fit;
}

static void print_native_exp(const char* name, int degree_q, bool as_float) {
  const Fit fit = native_exp_fit(degree_q, as_float);
  std::printf("// e^-r = 1 + r Q(r) on |r| <= ln2/2, Q of degree %d: max relative error 2^%.1f\n", degree_q,
              std::log2(fit.worst));
  print_array(std::string("constexpr ") + (as_float ? "float " : "double ") + name + "[]", hex_all(fit.coef, as_float));
}

// ln2 as hi + lo, hi with `bits` significant bits so that k * hi is exact for
// the |k| < 2^(precision - bits) the reduction meets, also without FMA.
static void print_ln2_split(const char* name, int bits, bool as_float) {
  M ln2;
  mpfr_const_log2(ln2.v, MPFR_RNDN);
  const double hi = head_bits(ln2, bits);
  M rest;
  mpfr_sub_d(rest.v, ln2.v, hi, MPFR_RNDN);
  const double lo = as_float ? double(mpfr_get_flt(rest.v, MPFR_RNDN)) : mpfr_get_d(rest.v, MPFR_RNDN);
  std::printf("constexpr %s %s_hi = %s, %s_lo = %s;  // hi: %d bits\n", as_float ? "float" : "double", name,
              hex(hi, as_float).c_str(), name, hex(lo, as_float).c_str(), bits);
}

// ---- The sections of the header ---------------------------------------------------

// ln2, log2(e), ln2/64 in three pieces, in_double's (float results computed in double) interpolants of 2^-f and the
// in_double_double's 2^(j/64) table.
static void section_exp() {
  M ln2;
  mpfr_const_log2(ln2.v, MPFR_RNDN);
  M l2e;
  mpfr_ui_div(l2e.v, 1, ln2.v, MPFR_RNDN);
  const double lh = mpfr_get_d(l2e.v, MPFR_RNDN);
  mpfr_sub_d(l2e.v, l2e.v, lh, MPFR_RNDN);
  std::printf("constexpr double ln2 = %s;\n", hex(mpfr_get_d(ln2.v, MPFR_RNDN)).c_str());
  std::printf("constexpr double log2e = %s;  // log2(e) = log2e + log2e_lo\n", hex(lh).c_str());
  std::printf("constexpr double log2e_lo = %s;\n", hex(mpfr_get_d(l2e.v, MPFR_RNDN)).c_str());

  const int bits = 36;
  M step;
  mpfr_div_ui(step.v, ln2.v, 64, MPFR_RNDN);
  const double c1 = head_bits(step, bits);
  M rest;
  mpfr_sub_d(rest.v, step.v, c1, MPFR_RNDN);
  const double c2 = head_bits(rest, bits);
  mpfr_sub_d(rest.v, rest.v, c2, MPFR_RNDN);
  const double c3 = mpfr_get_d(rest.v, MPFR_RNDN);
  std::printf("\n// ln2/64 = ln2_64_1 + ln2_64_2 + ln2_64_3; the first two have %d significant bits,\n", bits);
  std::printf("// so k * ln2_64_1 and k * ln2_64_2 are exact for |k| < 2^%d.\n", 53 - bits);
  std::printf("constexpr double ln2_64_1 = %s;\n", hex(c1).c_str());
  std::printf("constexpr double ln2_64_2 = %s;\n", hex(c2).c_str());
  std::printf("constexpr double ln2_64_3 = %s;\n", hex(c3).c_str());

  const Fit inner = chebyshev_fit(sp_inner_degree, 0.5, -1);
  const Fit outer = chebyshev_fit(sp_outer_degree, 0.5, -1);
  std::printf("\n// in_double (float results computed in double), Chebyshev-node\n");
  std::printf("// interpolants of 2^-f on |f| <= 1/2:\n");
  std::printf("// degree %d, max relative error 2^%.1f (inner exponential);\n", sp_inner_degree,
              std::log2(inner.worst));
  print_array("constexpr double sp_exp2_neg" + std::to_string(sp_inner_degree) + "[]", hex_all(inner.coef));
  std::printf("// degree %d, max relative error 2^%.1f (outer exponential).\n", sp_outer_degree,
              std::log2(outer.worst));
  print_array("constexpr double sp_exp2_neg" + std::to_string(sp_outer_degree) + "[]", hex_all(outer.coef));

  std::vector<double> hi, lo;
  for (int j = 0; j < 64; ++j) {
    M e(j / 64.0), v;
    mpfr_exp2(v.v, e.v, MPFR_RNDN);
    hi.push_back(mpfr_get_d(v.v, MPFR_RNDN));
    mpfr_sub_d(v.v, v.v, hi.back(), MPFR_RNDN);
    lo.push_back(mpfr_get_d(v.v, MPFR_RNDN));
  }
  std::printf(
      "\n// in_double_double (double results): 2^(j/64) = exp2_64_hi[j] + exp2_64_lo[j], correctly rounded pairs.\n");
  print_array("alignas(64) constexpr double exp2_64_hi[64]", hex_all(hi));
  print_array("alignas(64) constexpr double exp2_64_lo[64]", hex_all(lo));
}

// The Gaussian tail ratio's tables of in_double and in_double_double.
static void section_gaussian(int sp_degree, int dp_degree) {
  const Table sp = binade_tail_table(sp_degree);
  const Table dp = tail_table(dp_degree, true);  // c0 as a double-double
  std::printf("// Gaussian tail ratio R(a) = Q(a) e^(a^2/2), Q(a) = erfc(a/sqrt2)/2: piecewise\n");
  std::printf("// interpolants at each piece's Chebyshev nodes, in s = a - (center of the piece).\n");
  std::printf("// The max relative errors are of the polynomials in exact arithmetic.\n");
  std::printf("// in_double: %zu pieces on [0, 32), [0, 1/4) and the binades\n", sp.rows[0].size());
  std::printf("// [2^e, 2^(e+1)), e = -2..4, coefficient-major (row k: c_k of each piece), so\n");
  std::printf("// that one SIMD register holds a coefficient of every piece;\n");
  std::printf("// degree %d, max relative error %.3g (2^%.1f)\n", sp_degree, sp.worst, std::log2(sp.worst));
  print_table("double", "sp_gaussian_tail", sp, false);
  std::printf("// in_double_double: %zu pieces on [0, 64), row 0 for [0, 1/4) and row\n", dp.rows.size());
  std::printf("// 1 + 8(e + 2) + m for the m-th eighth of the binade [2^e, 2^(e+1)), e = -2..5;\n");
  std::printf("// each row c0..c%d and, last, the rounding error of c0 (a double-double constant term):\n", dp_degree);
  std::printf("// degree %d, max relative error %.3g (2^%.1f)\n", dp_degree, dp.worst, std::log2(dp.worst));
  print_table("double", "dp_gaussian_tail", dp, false);
}

// The fast level's native exponential: Q for float and double, ln2 in two pieces.
static void section_native(int float_degree, int double_degree) {
  std::printf("// The native exponential of the fast level (tools/gen_constants.cpp: ./gen native %d %d),\n",
              float_degree, double_degree);
  std::printf("// e^-a = 2^m (1 + r Q(r)) after a Cody-Waite reduction a = -m ln2 + r:\n");
  print_native_exp("native_exp_neg_float", float_degree, true);
  print_native_exp("native_exp_neg_double", double_degree, false);
  print_ln2_split("native_ln2_float", 16, true);
  print_ln2_split("native_ln2_double", 42, false);
}

// The fast GoLU's float band kernel (gompertz_fast.hpp): 2^g = 1 + g Q(g) on
// |g| <= 1/16, Q interpolating (2^g - 1)/g at Chebyshev nodes with float
// coefficients (of degree `degree`, and of `general_degree` for general parameters'
// first exponential, whose error the gate multiplies by b t), and the tables T1[j] = -log2e 2^(j/8), T2[j] = 2^(j/8)
// rounded to float, stored with -(j << 20) added to their bits (the kernel adds k << 20, k = 8 n + j, so that n lands
// in the exponent).
static void section_band(int degree, int general_degree) {
  const double half_width = 1.0 / 16;
  const auto q = [](M& out, const M& g) {
    if (mpfr_zero_p(g.v)) {
      mpfr_const_log2(out.v, MPFR_RNDN);
      return;
    }
    mpfr_const_log2(out.v, MPFR_RNDN);  // (2^g - 1)/g = expm1(g ln2)/g, accurate also at the node next to 0
    mpfr_mul(out.v, out.v, g.v, MPFR_RNDN);
    mpfr_expm1(out.v, out.v, MPFR_RNDN);
    mpfr_div(out.v, out.v, g.v, MPFR_RNDN);
  };
  const auto interpolant = [&](int d, double& worst) {
    std::vector<double> coef;
    for (const M& c : chebyshev_interpolant(d, 0.0, half_width, q))
      coef.push_back(double(mpfr_get_flt(c.v, MPFR_RNDN)));
    worst = 0;
    for (int i = -20000; i <= 20000; ++i) {
      M g(half_width * i / 20000), p(0.0), want;
      for (std::size_t k = coef.size(); k-- > 0;) {
        mpfr_mul(p.v, p.v, g.v, MPFR_RNDN);
        mpfr_add_d(p.v, p.v, coef[k], MPFR_RNDN);
      }
      mpfr_mul(p.v, p.v, g.v, MPFR_RNDN);
      mpfr_add_ui(p.v, p.v, 1, MPFR_RNDN);
      mpfr_ui_pow(want.v, 2, g.v, MPFR_RNDN);
      mpfr_sub(p.v, p.v, want.v, MPFR_RNDN);
      mpfr_div(p.v, p.v, want.v, MPFR_RNDN);
      worst = std::fmax(worst, std::fabs(mpfr_get_d(p.v, MPFR_RNDN)));
    }
    return coef;
  };
  double worst = 0, general_worst = 0;
  const std::vector<double> coef = interpolant(degree, worst);
  const std::vector<double> general_coef = interpolant(general_degree, general_worst);
  const auto table = [](bool neg_log2e) {
    std::vector<double> out;
    for (int j = 0; j < 8; ++j) {
      M v(j / 8.0);
      mpfr_ui_pow(v.v, 2, v.v, MPFR_RNDN);
      if (neg_log2e) {
        M ln2;
        mpfr_const_log2(ln2.v, MPFR_RNDN);
        mpfr_div(v.v, v.v, ln2.v, MPFR_RNDN);
        mpfr_neg(v.v, v.v, MPFR_RNDN);
      }
      const float f = mpfr_get_flt(v.v, MPFR_RNDN);
      std::uint32_t b;
      std::memcpy(&b, &f, sizeof b);
      b -= std::uint32_t(j) << 20;
      float stored;
      std::memcpy(&stored, &b, sizeof stored);
      out.push_back(double(stored));
    }
    return out;
  };
  std::printf("// The fast GoLU's float band kernel (tools/gen_constants.cpp: ./gen band %d %d):\n", degree,
              general_degree);
  std::printf("// 2^g = 1 + g Q(g) on |g| <= 1/16, Q of degree %d: max relative error 2^%.1f\n", degree,
              std::log2(worst));
  print_array("constexpr float band_exp2_q_float[]", hex_all(coef, true));
  std::printf("// Q of degree %d (general parameters' first exponential): max relative error 2^%.1f\n", general_degree,
              std::log2(general_worst));
  print_array("constexpr float band_exp2_q_general_float[]", hex_all(general_coef, true));
  std::printf(
      "// T[j] = 2^(j/8) and -log2e 2^(j/8) rounded to float, stored as the floats whose bits are T[j]'s - (j << "
      "20)\n");
  print_array("alignas(32) constexpr float band_exp2_8_float[8]", hex_all(table(false), true));
  print_array("alignas(32) constexpr float band_neg_log2e_exp2_8_float[8]", hex_all(table(true), true));
  std::printf("constexpr float band_shifter8_float = 0x1.8p20f;  // 1.5 2^20: ulp 1/8, rounds to eighths\n");
}

// The fast level's float Gaussian tail table.
static void section_native_gaussian(int degree) {
  const Table t = binade_tail_table(degree, true);
  std::printf(
      "// The fast level's float Gaussian tail ratio R(a) = Q(a) e^(a^2/2), in_double's (float results computed in "
      "double) pieces\n");
  std::printf("// ([0, 1/4) and the binades up to 32) with float coefficients (./gen native-gaussian %d):\n", degree);
  std::printf("// degree %d, max relative error %.3g (2^%.1f)\n", degree, t.worst, std::log2(t.worst));
  print_table("float", "native_gaussian_tail_float", t, true);
}

// The fast level's double Gaussian tail table.
static void section_native_gaussian_double(int degree) {
  const Table t = half_binade_tail_table(degree);
  std::printf("// The fast level's double Gaussian tail ratio R(a): 16 pieces, [0, 1/4), the halves of the\n");
  std::printf("// binades [2^e, 2^(e+1)), e = -2..4, and [32, 48) (./gen native-gaussian-double %d):\n", degree);
  std::printf("// degree %d, max relative error %.3g (2^%.1f)\n", degree, t.worst, std::log2(t.worst));
  print_table("double", "native_gaussian_tail_double", t, false);
}

// The exact level's float kernel: 2^(j/32) = hi + lo as floats (hi correctly rounded,
// lo the rounded rest), and ln2/32 = hi + lo with an 11-bit hi, so that k * hi is
// exact in float for |k| < 2^13, with or without FMA.
static void section_exact_float() {
  std::vector<double> hi, lo;
  for (int j = 0; j < 32; ++j) {
    M e(j / 32.0), v;
    mpfr_exp2(v.v, e.v, MPFR_RNDN);
    const float h = mpfr_get_flt(v.v, MPFR_RNDN);
    mpfr_sub_d(v.v, v.v, h, MPFR_RNDN);
    hi.push_back(h);
    lo.push_back(mpfr_get_flt(v.v, MPFR_RNDN));
  }
  std::printf("// The exact level's float kernel (./gen exact-float): 2^(j/32) = hi + lo, ln2/32 = hi + lo, 32/ln2.\n");
  print_array("alignas(64) constexpr float exp2_32_float_hi[32]", hex_all(hi, true));
  print_array("alignas(64) constexpr float exp2_32_float_lo[32]", hex_all(lo, true));
  M ln2;
  mpfr_const_log2(ln2.v, MPFR_RNDN);
  M step;
  mpfr_div_ui(step.v, ln2.v, 32, MPFR_RNDN);
  const double step_hi = head_bits(step, 11);
  M rest;
  mpfr_sub_d(rest.v, step.v, step_hi, MPFR_RNDN);
  std::printf("constexpr float ln2_32_float_hi = %s, ln2_32_float_lo = %s;  // hi: 11 bits\n",
              hex(step_hi, true).c_str(), hex(double(mpfr_get_flt(rest.v, MPFR_RNDN)), true).c_str());
  M l2e;
  mpfr_ui_div(l2e.v, 32, ln2.v, MPFR_RNDN);
  std::printf("constexpr float log2e_32_float = %s;  // 32/ln2\n",
              hex(double(mpfr_get_flt(l2e.v, MPFR_RNDN)), true).c_str());
}

// The whole of include/golu/detail/constants.hpp.
static void header() {
  std::printf(
      "// clang-format off\n"
      "// Numeric constants of the GoLU kernels. GENERATED by tools/gen_constants.cpp\n"
      "// (MPFR, 256-bit); do not edit by hand. Regenerate with\n"
      "//   g++ -O2 -std=c++17 tools/gen_constants.cpp -lmpfr -lgmp -o gen\n"
      "//   ./gen header > include/golu/detail/constants.hpp\n"
      "// (the ctest test constants_regenerate checks that this file is that output).\n"
      "#pragma once\n"
      "\n"
      "#include <golu/target.hpp>\n"
      "\n"
      "namespace golu {\n"
      "inline namespace GOLU_TARGET_NAMESPACE {\n"
      "namespace detail {\n"
      "namespace constants {\n"
      "\n");
  section_exp();
  std::printf("\n");
  section_gaussian(sp_gaussian_degree, dp_gaussian_degree);
  std::printf("\n");
  section_native(native_float_degree, native_double_degree);
  std::printf("\n");
  section_native_gaussian(native_gaussian_degree);
  std::printf("\n");
  section_native_gaussian_double(native_gaussian_double_degree);
  std::printf("\n");
  section_exact_float();
  std::printf("\n");
  section_band(band_float_degree, band_general_float_degree);
  std::printf(
      "\n"
      "}  // namespace constants\n"
      "}  // namespace detail\n"
      "}  // namespace GOLU_TARGET_NAMESPACE\n"
      "}  // namespace golu\n");
}

static int usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s header              the whole of include/golu/detail/constants.hpp\n"
               "       %s [exp]               ln2, log2(e), ln2/64, in_double's 2^-f, 2^(j/64) table\n"
               "       %s gaussian SP DP      Gaussian tail tables of degrees SP and DP (header: %d %d)\n"
               "       %s native F D          native exponential, Q of degrees F and D (header: %d %d)\n"
               "       %s native-gaussian N   fast level's float Gaussian tail table (header: %d)\n"
               "       %s native-gaussian-double N   fast level's double Gaussian tail table (header: %d)\n"
               "       %s exact-float         exact level's float tables\n"
               "       %s band N G            fast GoLU's float band kernel, Q of degrees N and G (header: %d %d)\n",
               argv0, argv0, argv0, sp_gaussian_degree, dp_gaussian_degree, argv0, native_float_degree,
               native_double_degree, argv0, native_gaussian_degree, argv0, native_gaussian_double_degree, argv0, argv0,
               band_float_degree, band_general_float_degree);
  return 2;
}

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "exp";
  const auto args = [&](int n) { return argc == 2 + n; };
  if (mode == "header" && args(0)) {
    header();
  } else if (mode == "exp" && argc <= 2) {
    section_exp();
  } else if (mode == "gaussian" && args(2)) {
    section_gaussian(std::atoi(argv[2]), std::atoi(argv[3]));
  } else if (mode == "native" && args(2)) {
    section_native(std::atoi(argv[2]), std::atoi(argv[3]));
  } else if (mode == "native-gaussian" && args(1)) {
    section_native_gaussian(std::atoi(argv[2]));
  } else if (mode == "native-gaussian-double" && args(1)) {
    section_native_gaussian_double(std::atoi(argv[2]));
  } else if (mode == "exact-float" && args(0)) {
    section_exact_float();
  } else if (mode == "band" && args(2)) {
    section_band(std::atoi(argv[2]), std::atoi(argv[3]));
  } else {
    return usage(argv[0]);
  }
  return std::fflush(stdout) == 0 && !std::ferror(stdout) ? 0 : 1;
}
