// Accuracy of the double kernels against MPFR (128-bit) on random and edge-case
// inputs, for the default GoLU and for generalized parameters.
//
// Bounds, exact level (default parameters): forward <= 2 ULP; derivative <= 4 ULP,
// except within 2^-8 of x0 = -W(1) where its absolute error must be <= 2^-55.
// Generalized parameters are held to the same ULP bounds (the window's absolute
// bound scaled by alpha). Parameter gradients: <= 8 ULP where the result is normal.
// Fast level: forward, derivative and parameter gradients <= 8 ULP x max(1, kappa),
// kappa the relative condition number of each at x; the plain maximum is reported.
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

#include "../support/mpfr_reference.hpp"
#include "../support/ulp.hpp"

namespace {

using worst = golu_test::worst_error<double>;

constexpr double fast_ulp_per_kappa = 8;

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
  constexpr bool fast = std::is_same<Level, golu::fast>::value;
  const golu_test::reference r = ref(x, act.alpha(), act.beta(), act.gamma());
  ++t.count;
  // Condition numbers: x d/dx log|f| for y, y', dy/dalpha, dy/dbeta, dy/dgamma.
  const long double cx = (long double)act.gamma() * x, bcxt = act.beta() * cx * std::exp(-cx);
  const auto k = [](long double v) { return std::isfinite((double)v) ? std::fmax(1.0, (double)std::fabs(v)) : 1.0; };
  const double k_y = k(1 + bcxt), k_g = k(bcxt * (2 - cx + bcxt) / (1 + bcxt));
  const double k_a = k_y, k_b = k(1 - cx + bcxt), k_c = k(2 - cx + bcxt);
  const double ef = golu_test::ulp_error<double>(act(x), r.y);
  t.fwd.note(ef, x);
  const double g = act.grad(x);
  if (fast) {
    t.fwd_k.note(ef / k_y, x);
    const double eg = golu_test::ulp_error<double>(g, r.grad);
    t.bwd.note(eg, x);
    t.bwd_k.note(eg / k_g, x);
  } else if (std::fabs(x - x0) <= 0x1p-8 / act.gamma()) {
    t.win_abs.note(static_cast<double>(std::fabs(g - r.grad)) / act.alpha(), x);
  } else {
    t.bwd.note(golu_test::ulp_error<double>(g, r.grad), x);
  }
  const auto p = act.param_grad(x);
  const auto note_normal = [&](worst& w, double got, long double want, double kappa) {
    if (std::fabs(want) >= std::numeric_limits<double>::min())
      w.note(golu_test::ulp_error<double>(got, want) / (fast ? kappa : 1.0), x);
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
  if (fast) {
    const bool fwd_ok = all.fwd_k.err <= fast_ulp_per_kappa, bwd_ok = all.bwd_k.err <= fast_ulp_per_kappa;
    const bool par_ok =
        all.da.err <= fast_ulp_per_kappa && all.db.err <= fast_ulp_per_kappa && all.dc.err <= fast_ulp_per_kappa;
    std::printf("    forward     max %.3f ULP at x = %a; ULP/max(1, kappa) %.3f at x = %a %s\n", all.fwd.err, all.fwd.x,
                all.fwd_k.err, all.fwd_k.x, fwd_ok ? "" : "FAIL");
    std::printf("    derivative  max %.3f ULP at x = %a; ULP/max(1, kappa) %.3f at x = %a %s\n", all.bwd.err, all.bwd.x,
                all.bwd_k.err, all.bwd_k.x, bwd_ok ? "" : "FAIL");
    std::printf("    ULP/max(1, kappa): d/dalpha %.3f, d/dbeta %.3f, d/dgamma %.3f (normal results) %s\n", all.da.err,
                all.db.err, all.dc.err, par_ok ? "" : "FAIL");
    return fwd_ok && bwd_ok && par_ok;
  }
  const bool fwd_ok = all.fwd.err <= 2, bwd_ok = all.bwd.err <= 4, win_ok = all.win_abs.err <= 0x1p-55;
  const bool par_ok = all.da.err <= 8 && all.db.err <= 8 && all.dc.err <= 8;
  std::printf("    forward     max %.3f ULP at x = %a %s\n", all.fwd.err, all.fwd.x, fwd_ok ? "" : "FAIL");
  std::printf("    derivative  max %.3f ULP at x = %a (outside the window) %s\n", all.bwd.err, all.bwd.x,
              bwd_ok ? "" : "FAIL");
  std::printf("    derivative  max abs error/alpha 2^%.1f at x = %a (within 2^-8/gamma of its zero) %s\n",
              std::log2(all.win_abs.err), all.win_abs.x, win_ok ? "" : "FAIL");
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
