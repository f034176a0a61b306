// Accuracy of the double kernels against MPFR (128-bit) on random and edge-case
// inputs, for the default GoLU and for generalized parameters.
//
// Bounds: GoLU's own (GoLU<Level>::bounds<double>(), golu/bounds.hpp), for default and
// generalized parameters alike (the derivative's absolute window scaled by 1/gamma around
// x0 = -W(1/beta)/gamma, its bound by alpha; the parameter gradients where the result is
// normal). The fast level's errors are over max(1, kappa), kappa the relative condition
// number of each at x; the plain maximum is reported.
// Exit status 1 if a bound fails. Usage: golu_accuracy_double [samples] [threads]
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <golu/golu.hpp>
#include <limits>
#include <random>
#include <thread>
#include <type_traits>
#include <vector>

#include "../support/bounds.hpp"
#include "../support/mpfr_reference.hpp"
#include "../support/ulp.hpp"

namespace {

using worst = golu_test::worst_error<double>;

struct tally {
  worst fwd, bwd, win_abs, da, db, dc;  // fast level: da, db, dc are over max(1, kappa)
  worst fwd_k, bwd_k;                   // fast level: forward and derivative over max(1, kappa)
  std::uint64_t count = 0;
  void merge(const tally& o) {
    fwd.merge(o.fwd);
    bwd.merge(o.bwd);
    fwd_k.merge(o.fwd_k);
    bwd_k.merge(o.bwd_k);
    win_abs.merge(o.win_abs);
    da.merge(o.da);
    db.merge(o.db);
    dc.merge(o.dc);
    count += o.count;
  }
};

template <class Level>
void check(const golu::GoLU<Level>& act, double x, golu_test::mpfr_golu& ref, double x0, tally& t) {
  if (!std::isfinite(x)) return;  // special values have tests of their own
  const golu_test::reference r = ref(x, act.alpha(), act.beta(), act.gamma());
  ++t.count;
  // Condition numbers: x d/dx log|f| for y, y', dy/dalpha, dy/dbeta, dy/dgamma.
  const long double cx = (long double)act.gamma() * x, bcxt = act.beta() * cx * std::exp(-cx);
  const auto k = [](long double v) { return std::isfinite((double)v) ? std::fmax(1.0, (double)std::fabs(v)) : 1.0; };
  const double k_y = k(1 + bcxt), k_g = k(bcxt * (2 - cx + bcxt) / (1 + bcxt));
  const double k_a = k_y, k_b = k(1 - cx + bcxt), k_c = k(2 - cx + bcxt);
  constexpr golu::accuracy_bounds bound = golu::GoLU<Level>::template bounds<double>();
  const double ef = golu_test::ulp_error<double>(act(x), r.y);
  t.fwd.note(ef, x);
  const double g = act.grad(x);
  t.fwd_k.note(golu_test::scaled_error(bound.forward, ef, k_y, 1), x);
  if (golu_test::in_zero_window(bound.derivative, x, x0, act.gamma())) {
    t.win_abs.note(static_cast<double>(std::fabs(g - r.grad)) / act.alpha(), x);
  } else {
    const double eg = golu_test::ulp_error<double>(g, r.grad);
    t.bwd.note(eg, x);
    t.bwd_k.note(golu_test::scaled_error(bound.derivative, eg, k_g, 1), x);
  }
  const auto p = act.param_grad(x);
  const auto note_normal = [&](worst& w, double got, long double want, double kappa) {
    if (std::fabs(want) >= std::numeric_limits<double>::min())
      w.note(golu_test::scaled_error(bound.parameters, golu_test::ulp_error<double>(got, want), kappa, 1), x);
  };
  note_normal(t.da, p.alpha, r.d_alpha, k_a);
  note_normal(t.db, p.beta, r.d_beta, k_b);
  note_normal(t.dc, p.gamma, r.d_gamma, k_c);
}

template <class Level>
void run(const golu::GoLU<Level>& act, std::uint64_t samples, std::uint64_t seed, tally& out) {
  golu_test::mpfr_golu ref;
  std::mt19937_64 rng(seed);
  const double c = act.gamma(), x0 = golu_test::derivative_zero(act.beta(), act.gamma());
  std::uniform_real_distribution<double> neg(-7.5 / c, 3 / c), pos(3 / c, 45 / c), near(-0x1p-6, 0x1p-6);
  tally t;
  for (std::uint64_t i = 0; i < samples; ++i) {
    double x;
    switch (i % 8) {
      case 0:
      case 1:
      case 2:
      case 3:
        x = neg(rng);
        break;
      case 4:
        x = pos(rng);
        break;
      case 5:
        x = x0 + near(rng) / c;
        break;
      default: {
        std::uint64_t b = rng();
        std::memcpy(&x, &b, sizeof x);
        if (!std::isfinite(x)) x = 1.5;
      }
    }
    check(act, x, ref, x0, t);
  }
  // Edge cases: zeros, subnormals, extremes, neighbours of the clamps and of x0.
  const double d_min = std::numeric_limits<double>::denorm_min(), d_max = std::numeric_limits<double>::max();
  for (double x :
       {0.0, -0.0, d_min, -d_min, 1e-310, -1e-310, std::numeric_limits<double>::min(), d_max, -d_max,
        act.params().dp_x_lo, act.params().dp_x_hi, act.fast_params().d.x_lo, act.fast_params().d.x_hi, x0}) {
    double v = x;
    for (int k = 0; k < 64; ++k, v = std::nextafter(v, INFINITY)) check(act, v, ref, x0, t);
    v = x;
    for (int k = 0; k < 64; ++k, v = std::nextafter(v, -INFINITY)) check(act, v, ref, x0, t);
  }
  out = t;
}

}  // namespace

// One parameter set at one level: returns whether its bounds hold.
template <class Level>
bool report(const golu::GoLU<Level>& act, std::uint64_t n, unsigned threads) {
  constexpr bool fast = std::is_same<Level, golu::fast>::value;
  std::vector<tally> parts(threads);
  std::vector<std::thread> pool;
  for (unsigned k = 0; k < threads; ++k)
    pool.emplace_back(run<Level>, std::cref(act), n / threads, 12345 + k, std::ref(parts[k]));
  for (auto& th : pool) th.join();
  tally all;
  for (const auto& p : parts) all.merge(p);
  std::printf("  %s, alpha=%g beta=%g gamma=%g, %" PRIu64 " inputs:\n", Level::name, act.alpha(), act.beta(),
              act.gamma(), all.count);
  constexpr golu::accuracy_bounds bound = golu::GoLU<Level>::template bounds<double>();
  const double par = bound.parameters.ulp;
  const bool fwd_ok = all.fwd_k.err <= bound.forward.ulp, bwd_ok = all.bwd_k.err <= bound.derivative.ulp;
  const bool win_ok = all.win_abs.err <= bound.derivative.zero_abs;
  const bool par_ok = all.da.err <= par && all.db.err <= par && all.dc.err <= par;
  if (fast) {
    std::printf("    forward     max %.3f ULP at x = %a; ULP/max(1, kappa) %.3f at x = %a %s\n", all.fwd.err, all.fwd.x,
                all.fwd_k.err, all.fwd_k.x, fwd_ok ? "" : "FAIL");
    std::printf("    derivative  max %.3f ULP at x = %a; ULP/max(1, kappa) %.3f at x = %a %s\n", all.bwd.err, all.bwd.x,
                all.bwd_k.err, all.bwd_k.x, bwd_ok ? "" : "FAIL");
    std::printf("    ULP/max(1, kappa): d/dalpha %.3f, d/dbeta %.3f, d/dgamma %.3f (normal results) %s\n", all.da.err,
                all.db.err, all.dc.err, par_ok ? "" : "FAIL");
    return fwd_ok && bwd_ok && par_ok;
  }
  std::printf("    forward     max %.3f ULP at x = %a %s\n", all.fwd.err, all.fwd.x, fwd_ok ? "" : "FAIL");
  std::printf("    derivative  max %.3f ULP at x = %a (outside the window) %s\n", all.bwd.err, all.bwd.x,
              bwd_ok ? "" : "FAIL");
  std::printf("    derivative  max abs error/alpha 2^%.1f at x = %a (within 2^%g/gamma of its zero) %s\n",
              std::log2(all.win_abs.err), all.win_abs.x, std::log2(bound.derivative.zero_window), win_ok ? "" : "FAIL");
  std::printf("    d/dalpha %.3f, d/dbeta %.3f, d/dgamma %.3f ULP (normal results; worst at x = %a, %a, %a) %s\n",
              all.da.err, all.db.err, all.dc.err, all.da.x, all.db.x, all.dc.x, par_ok ? "" : "FAIL");
  return fwd_ok && bwd_ok && win_ok && par_ok;
}

int main(int argc, char** argv) {
  const std::uint64_t samples = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000000;
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  struct set {
    double a, b, c;
    std::uint64_t n;
  };
  const set sets[] = {{1, 1, 1, samples},
                      {0.5, 2.0, 1.5, samples / 10},
                      {1.0, 0x1p-10, 0x1p10, samples / 10},
                      {0x1p10, 0x1p10, 0x1p-10, samples / 10},
                      {0.75, 0.3, 3.0, samples / 10},
                      {1.0, 50.0, 1.0, samples / 10}};  // b > 4: the fast level's split kernel
  bool ok = true;
  std::printf("double, against MPFR (%s):\n", xsimd::default_arch::name());
  for (const set& s : sets) {
    const bool deflt = s.a == 1 && s.b == 1 && s.c == 1;
    ok = report(deflt ? golu::GoLU<golu::exact>{} : golu::GoLU<golu::exact>{s.a, s.b, s.c}, s.n, threads) && ok;
    ok = report(deflt ? golu::GoLU<golu::fast>{} : golu::GoLU<golu::fast>{s.a, s.b, s.c}, s.n, threads) && ok;
  }
  std::printf("bounds: %s\n", ok ? "ok" : "FAIL");
  return ok ? 0 : 1;
}
