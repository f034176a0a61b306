// MPFR (128-bit) references of the baseline activations: value, derivative, and
// the condition number of the derivative's final sum. Results are read as long
// double (64-bit significand), so 128 bits leave 64 for cancellation: the worst a
// double or float input sees is at a derivative's zero, relative condition < 2^54.
#pragma once

#include <mpfr.h>

#include <cmath>
#include <golu/activations.hpp>
#include <golu/gompertz.hpp>

namespace golu_test {

// The same activation type at another accuracy level.
template <class Act, class Level>
struct with_level;
template <template <class> class A, class L, class Level>
struct with_level<A<L>, Level> {
  using type = A<Level>;
};

// MPFR (128-bit) value and derivative of each activation, as long double.
class mpfr_activations {
 public:
  mpfr_activations() {
    for (auto* v : {&x_, &a_, &b_, &c_, &y_, &g_, &sqrt2_, &sqrt2pi_}) mpfr_init2(*v, precision);
    mpfr_sqrt_ui(sqrt2_, 2, R);
    mpfr_const_pi(sqrt2pi_, R);
    mpfr_mul_ui(sqrt2pi_, sqrt2pi_, 2, R);
    mpfr_sqrt(sqrt2pi_, sqrt2pi_, R);
  }
  ~mpfr_activations() {
    for (auto* v : {&x_, &a_, &b_, &c_, &y_, &g_, &sqrt2_, &sqrt2pi_}) mpfr_clear(*v);
  }
  mpfr_activations(const mpfr_activations&) = delete;
  mpfr_activations& operator=(const mpfr_activations&) = delete;

  // s = 1/(1 + e^-z) into out.
  void logistic(mpfr_t out, const mpfr_t z) {
    mpfr_neg(out, z, R);
    mpfr_exp(out, out, R);
    mpfr_add_ui(out, out, 1, R);
    mpfr_ui_div(out, 1, out, R);
  }

  template <class L>
  void eval(const golu::Swish<L>& act, double x) {
    mpfr_set_d(x_, x, R);
    mpfr_mul_d(a_, x_, act.beta, R);  // z
    logistic(b_, a_);                 // s
    mpfr_mul(y_, x_, b_, R);
    mpfr_ui_sub(c_, 1, b_, R);  // 1 - s
    mpfr_mul(c_, c_, a_, R);
    mpfr_mul(c_, c_, b_, R);  // s z (1 - s)
    mpfr_add(g_, c_, b_, R);  // s (1 + z (1 - s))
    set_kappa(b_, c_);
  }
  // QuickGELU is Swish with beta the double nearest 1.702.
  template <class L>
  void eval(const golu::QuickGELU<L>&, double x) {
    eval(golu::Swish<L>{golu::QuickGELU<L>::beta}, x);
  }
  template <class L>
  void eval(const golu::GELU<L>&, double x) {
    mpfr_set_d(x_, x, R);
    mpfr_div(a_, x_, sqrt2_, R);
    mpfr_neg(a_, a_, R);
    mpfr_erfc(b_, a_, R);
    mpfr_div_ui(b_, b_, 2, R);  // Phi(x)
    mpfr_mul(y_, x_, b_, R);
    mpfr_sqr(c_, x_, R);
    mpfr_div_si(c_, c_, -2, R);
    mpfr_exp(c_, c_, R);
    mpfr_div(c_, c_, sqrt2pi_, R);  // phi(x)
    mpfr_mul(c_, c_, x_, R);
    mpfr_add(g_, b_, c_, R);  // Phi + x phi
    set_kappa(b_, c_);
  }
  template <class L>
  void eval(const golu::GELUTanh<L>&, double x) {
    const double c = golu::GELUTanh<>::c, k = golu::GELUTanh<>::k;
    mpfr_set_d(x_, x, R);
    mpfr_sqr(a_, x_, R);
    mpfr_mul_d(c_, a_, 3 * k, R);
    mpfr_add_ui(c_, c_, 1, R);
    mpfr_mul_d(c_, c_, 2 * c, R);  // dz/dx
    mpfr_mul_d(a_, a_, k, R);
    mpfr_add_ui(a_, a_, 1, R);
    mpfr_mul(a_, a_, x_, R);
    mpfr_mul_d(a_, a_, 2 * c, R);  // z = 2u
    logistic(b_, a_);
    mpfr_mul(y_, x_, b_, R);
    mpfr_ui_sub(a_, 1, b_, R);
    mpfr_mul(a_, a_, x_, R);
    mpfr_mul(a_, a_, c_, R);
    mpfr_mul(a_, a_, b_, R);  // s x (1 - s) z'
    mpfr_add(g_, a_, b_, R);  // s (1 + x (1 - s) z')
    set_kappa(b_, a_);
  }
  template <class L>
  void eval(const golu::Mish<L>&, double x) {
    mpfr_set_d(x_, x, R);
    mpfr_exp(a_, x_, R);
    mpfr_log1p(a_, a_, R);  // softplus
    mpfr_tanh(b_, a_, R);   // g
    mpfr_mul(y_, x_, b_, R);
    mpfr_sqr(c_, b_, R);
    mpfr_ui_sub(c_, 1, c_, R);  // 1 - g^2
    logistic(a_, x_);
    mpfr_mul(c_, c_, a_, R);
    mpfr_mul(c_, c_, x_, R);
    mpfr_add(g_, c_, b_, R);
    set_kappa(b_, c_);
  }
  template <class L>
  void eval(const golu::ELU<L>& act, double x) {
    kappa_ = 1;
    mpfr_set_d(x_, x, R);
    if (x > 0) {
      mpfr_set(y_, x_, R);
      mpfr_set_ui(g_, 1, R);
    } else {
      mpfr_expm1(y_, x_, R);
      mpfr_mul_d(y_, y_, act.alpha, R);
      mpfr_exp(g_, x_, R);
      mpfr_mul_d(g_, g_, act.alpha, R);
    }
  }
  template <class L>
  void eval(const golu::LeakyReLU<L>& act, double x) {
    kappa_ = 1;
    mpfr_set_d(y_, x < 0 ? act.slope * 1.0 : 1.0, R);
    mpfr_set(g_, y_, R);
    mpfr_mul_d(y_, y_, x, R);
  }
  template <class L>
  void eval(const golu::ReLU<L>&, double x) {
    kappa_ = 1;
    mpfr_set_d(y_, x < 0 ? 0.0 : x, R);
    mpfr_set_d(g_, x > 0 ? 1.0 : 0.0, R);
  }

  // GoLU with its parameters: y = a x u, y' = a u + a u b c x t, u = e^(-b t), t = e^(-c x).
  template <class L>
  void eval(const golu::GoLU<L>& act, double x) {
    if (act.gamma() * x < -1000) {  // t overflows MPFR's exponent range; y and y' are -0 there
      mpfr_set_d(y_, -0.0, R);
      mpfr_set_d(g_, -0.0, R);
      kappa_ = 1;
      return;
    }
    mpfr_set_d(x_, x, R);
    mpfr_mul_d(a_, x_, -act.gamma(), R);
    mpfr_exp(a_, a_, R);  // t
    mpfr_mul_d(b_, a_, -act.beta(), R);
    mpfr_exp(b_, b_, R);  // u
    mpfr_mul(y_, x_, b_, R);
    mpfr_mul_d(y_, y_, act.alpha(), R);
    mpfr_mul_d(b_, b_, act.alpha(), R);  // a u
    mpfr_mul(c_, b_, a_, R);
    mpfr_mul(c_, c_, x_, R);
    mpfr_mul_d(c_, c_, act.beta() * act.gamma(), R);  // a u b c x t
    mpfr_add(g_, b_, c_, R);
    set_kappa(b_, c_);
  }

  long double y() const { return mpfr_get_ld(y_, R); }
  long double g() const { return mpfr_get_ld(g_, R); }
  // Condition of the derivative's final sum t1 + t2: (|t1| + |t2|) / |t1 + t2|.
  double kappa() const { return kappa_; }

 private:
  static constexpr mpfr_rnd_t R = MPFR_RNDN;
  static constexpr mpfr_prec_t precision = 128;
  void set_kappa(const mpfr_t t1, const mpfr_t t2) {
    const long double sum = std::fabs(mpfr_get_ld(t1, R)) + std::fabs(mpfr_get_ld(t2, R));
    const long double g = std::fabs(mpfr_get_ld(g_, R));
    kappa_ = g > 0 ? double(sum / g) : 1.0;
  }
  mpfr_t x_, a_, b_, c_, y_, g_;
  mpfr_t sqrt2_, sqrt2pi_;  // sqrt(2), sqrt(2 pi)
  double kappa_ = 1;
};

// Relative condition numbers at x of f (|x f'/f|) and of f' (|x f''/f'|), from the
// MPFR reference; f'' by a central difference of the reference's f' with relative
// step 2^-24 (the reference's 64 bits leave ~40 for the estimate). Used by the
// fast level's bounds, 4 ULP x max(1, kappa).
template <class Act>
void condition_numbers(mpfr_activations& ref, const Act& act, double x, double& kf, double& kg) {
  ref.eval(act, x);
  const long double y = ref.y(), g = ref.g();
  kf = y != 0 ? double(std::fabs(x * g / y)) : 1.0;
  if (!std::isfinite(kf)) kf = 1;
  const double h = std::fabs(x) * 0x1p-24;
  if (h == 0 || !std::isfinite(h)) {
    kg = 1;
    return;
  }
  ref.eval(act, x + h);
  const long double gp = ref.g();
  ref.eval(act, x - h);
  const long double gm = ref.g();
  kg = g != 0 ? double(std::fabs(x * ((gp - gm) / (2 * h)) / g)) : INFINITY;
}

}  // namespace golu_test
