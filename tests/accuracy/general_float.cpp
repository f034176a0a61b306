// Accuracy of the fast float GoLU with general parameters, y = a x e^(-b t),
// t = e^(-c x), through the array API, over every stride-th float bit pattern,
// against a double reference (the C library's exp: its relative error, amplified
// by at most b t <= 140 where results are normal, stays below 2^-44). Errors are ULP / max(1, kappa), kappa the
// relative condition number of the value (|1 + b c x t|) and of the derivative
// (|x b c t (h + 1 - c x) / h|, h = 1 + b c x t).
//
// Bound: 8 ULP x max(1, kappa) for every set, forward and derivative. Sets with
// b <= 1.5 take the float band kernel (fast_band) where x is above its lo, sets with
// b > 4 the split kernel (fast_gompertz::split); without it t's float
// rounding, multiplied by b t in the gate while kappa stays near 1 around x = 0,
// reached ~1.4 b ULP. Results below 2^-126 or at an overflow of a x are skipped.
// Exit status 1 if a set fails. Usage: golu_general_float [stride] (default 61).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <golu/golu.hpp>

#include "../support/bounds.hpp"
#include "../support/float_sweep.hpp"
#include "../support/ulp.hpp"

namespace {

struct parameters {
  double a, b, c;
};

// GoLU's fast bounds (golu/bounds.hpp): ULP over max(1, kappa), forward and derivative.
constexpr golu::accuracy_bounds bound = golu::GoLU<golu::fast>::bounds<float>();

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t stride = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 61;
  if (stride == 0) {
    std::fprintf(stderr, "usage: golu_general_float [stride >= 1]\n");
    return 2;
  }
  const parameters sets[] = {
      {1, 1.5, 0.8},  {2, 1.5, 2},          {1, 1.25, 1},   {0.25, 1, 0.5},       {0.5, 2, 1.5},
      {0.75, 0.3, 3}, {1, 0x1p-10, 0x1p10}, {1, 4, 1},      {2, 4, 0.5},          {1, 4.5, 1},
      {1, 8, 1},      {1, 16, 1},           {1, 50, 1},     {1, 64, 1},           {0.3, 20, 0.1},
      {1, 20, 50},    {1, 200, 1},          {1, 0x1p10, 1}, {1, 0x1p10, 0x1p-10}, {0x1p10, 40, 2}};
  std::printf("float, fast level, general parameters, every %llu-th bit pattern, array API: ULP / max(1, kappa)\n\n",
              static_cast<unsigned long long>(stride));
  std::printf("| alpha | beta | gamma | forward | derivative | bound %g |\n|---|---|---|---|---|---|\n",
              bound.forward.ulp);
  bool ok = true;
  for (const parameters& p : sets) {
    const golu::GoLU<> act{p.a, p.b, p.c};
    golu_test::worst_error<float> fwd, bwd;
    const double a = p.a, b = p.b, c = p.c;
    const double tiny = std::ldexp(1.0, -126), huge = std::ldexp(1.0, 127);
    golu_test::results r;
    golu_test::for_each_chunk(0, std::uint64_t(1) << 32, stride, [&](const float* x, std::size_t n) {
      golu_test::evaluate(act, x, n, r);
      const float* y = r.y.data();
      const float* g = r.g.data();
      for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i])) continue;
        const double xv = x[i], t = std::exp(-c * xv), gate = std::exp(-b * t), h = 1 + b * c * xv * t;
        const double value = a * xv * gate, derivative = a * gate * h;
        if (std::fabs(value) >= tiny && std::fabs(value) < huge) {
          const double kappa = std::fabs(h);
          fwd.note(golu_test::scaled_error(bound.forward, golu_test::ulp_error<float>(y[i], value), kappa, 1), x[i]);
        }
        if (std::fabs(derivative) >= tiny && std::fabs(derivative) < huge) {
          const double kappa = std::fabs(xv * b * c * t * (h + 1 - c * xv) / h);
          bwd.note(golu_test::scaled_error(bound.derivative, golu_test::ulp_error<float>(g[i], derivative), kappa, 1),
                   x[i]);
        }
      }
    });
    const bool pass = fwd.err <= bound.forward.ulp && bwd.err <= bound.derivative.ulp;
    ok = ok && pass;
    std::printf("| %g | %g | %g | %.3f (x = %a) | %.3f (x = %a) | %s |\n", p.a, p.b, p.c, fwd.err, double(fwd.x),
                bwd.err, double(bwd.x), pass ? "ok" : "FAILED");
  }
  std::printf("\nbounds: %s\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
