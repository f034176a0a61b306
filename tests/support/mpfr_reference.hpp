// High-precision reference for GoLU and all its derivatives (MPFR, 128 bits),
// returned as long double (64-bit significand, wide exponent range): its error is
// below 2^-63 relative, 2^-11 of a double ULP, also where double results are subnormal.
// 128 bits suffice: b t stays below 11400 (2^14) wherever u = e^-bt is above long
// double's least subnormal, so it keeps 114 fraction bits, and the cancellation
// in 1 + b z t near the derivative's zero costs at most 54 bits for a double x.
#pragma once

#include <mpfr.h>

#include <cmath>
#include <initializer_list>

namespace golu_test {

struct reference {
  long double y, grad, d_alpha, d_beta, d_gamma;
};

class mpfr_golu {
 public:
  mpfr_golu() {
    for (auto* v : {&x_, &z_, &t_, &u_, &tmp_, &y_, &g_}) mpfr_init2(*v, 128);
  }
  ~mpfr_golu() {
    for (auto* v : {&x_, &z_, &t_, &u_, &tmp_, &y_, &g_}) mpfr_clear(*v);
  }
  mpfr_golu(const mpfr_golu&) = delete;
  mpfr_golu& operator=(const mpfr_golu&) = delete;

  // For finite x only.
  reference operator()(double x, double alpha = 1, double beta = 1, double gamma = 1) {
    const mpfr_rnd_t r = MPFR_RNDN;
    mpfr_set_d(x_, x, r);
    mpfr_mul_d(z_, x_, gamma, r);  // z = c x
    mpfr_neg(t_, z_, r);
    mpfr_exp(t_, t_, r);  // t = e^-z
    mpfr_mul_d(u_, t_, -beta, r);
    mpfr_exp(u_, u_, r);  // u = e^(-b t)
    reference out;
    mpfr_mul(y_, x_, u_, r);
    mpfr_mul_d(y_, y_, alpha, r);  // y = a x u
    out.y = get(y_, x);
    mpfr_mul(g_, z_, t_, r);
    mpfr_mul_d(g_, g_, beta, r);
    mpfr_add_ui(g_, g_, 1, r);
    mpfr_mul(g_, g_, u_, r);
    mpfr_mul_d(g_, g_, alpha, r);  // a u (1 + b z t)
    out.grad = get(g_, 1.0);
    mpfr_mul(tmp_, x_, u_, r);
    out.d_alpha = get(tmp_, x);  // x u
    mpfr_mul(tmp_, tmp_, t_, r);
    mpfr_mul_d(tmp_, tmp_, -alpha, r);
    out.d_beta = get(tmp_, -x);  // -a x t u
    mpfr_mul(tmp_, tmp_, x_, r);
    mpfr_mul_d(tmp_, tmp_, -beta, r);
    out.d_gamma = get(tmp_, 1.0);  // a b x^2 t u
    return out;
  }

 private:
  // Exact zeros keep the sign the limit has; tiny values keep theirs.
  // NaN arises only as 0*inf where exp(-b*t) underflows MPFR's exponent range
  // and t overflows it, for x of order -2^30: the limit there is a signed zero.
  static long double get(const mpfr_t v, double sign_if_zero) {
    if (mpfr_zero_p(v) || mpfr_nan_p(v)) return std::signbit(sign_if_zero) ? -0.0L : 0.0L;
    return mpfr_get_ld(v, MPFR_RNDN);
  }
  mpfr_t x_, z_, t_, u_, tmp_, y_, g_;
};

// The zero of the derivative for b = c = 1, -W(1).
constexpr double minus_w1 = -0.56714329040978387299996866221035554975381578718651;

// The zero of the derivative, x0 = -W(1/b)/c: Newton on w + ln w = ln(1/b), which
// converges from w = max(ln(1/b), e^ln(1/b)) for every b in golu's range.
inline double derivative_zero(double beta, double gamma) {
  const double l = std::log(1 / beta);
  double w = l > 1 ? l : std::exp(l);
  for (int i = 0; i < 60; ++i) w -= (w + std::log(w) - l) / (1 + 1 / w);
  return -w / gamma;
}

}  // namespace golu_test
