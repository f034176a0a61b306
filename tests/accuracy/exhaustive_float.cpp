// Exhaustive accuracy check of the float kernels over all 2^32 inputs, through
// the array API (SIMD body and tail), against a double-precision reference built
// on the C library's exp: y = x*exp(-t), dy/dx = exp(-t)*(1 + x*t), t = exp(-x).
// The reference's own error (<= 2^-46 relative, 2^-52 absolute near the
// derivative's zero) is far below a float ULP.
//
// Both accuracy levels, default parameters, in one pass. Bounds:
//  - exact: forward <= 1 ULP; derivative <= 1 ULP, except within 2^-8 of
//    x0 = -W(1) where its absolute error must stay <= 2^-26 (the float-float
//    kernel where the target has FMA, the double path elsewhere);
//  - fast: forward and derivative <= 8 ULP x max(1, kappa), kappa the relative
//    condition number of each (|1 + x t| and |x t (2 - x + x t) / (1 + x t)|);
//    the plain maximum ULP error is reported beside it.
// Scalar calls must give the array API's bits at both levels. Exit status 1 if any
// bound fails. Usage: golu_exhaustive_float [--digests-only] [threads [stride]] (a
// stride above 1 samples every stride-th bit pattern, e.g. under an emulator).
//
// Built with GOLU_TEST_DISPATCH (golu_exhaustive_float_dispatch), the arrays go
// through golu::dispatch instead, once per instruction set: GOLU_ISA=avx2 and the
// tool fails unless the avx2 kernels ran.
//
// The tool also prints digests of the four result streams (both levels, forward and
// derivative), over the inputs swept and over the multiples of 997 among them (the
// stride of the emulated aarch64 run), and writes them to $GOLU_TEST_DIGEST_FILE when
// set: every target with FMA must return the same bits, and ctest compares the files
// of the targets a build sweeps (tests/CMakeLists.txt). With --digests-only first, the
// tool computes the four streams and their digests and checks nothing else: for a
// target whose digests ctest compares with a swept target's, where equal bits carry
// that sweep's bounds over (a tenth of the time).
#include <algorithm>
#include <atomic>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <golu/golu.hpp>
#include <string>
#include <thread>
#include <vector>

#include "../support/bits.hpp"
#include "../support/float_sweep.hpp"
#include "../support/ulp.hpp"

namespace {

using golu_test::same_bits;

constexpr double x0 = -0.56714329040978387299996866221035554975381578718651;  // -W(1)
constexpr double window = 0x1p-8;

using worst = golu_test::worst_error<float>;

constexpr double fast_ulp_per_kappa = 8;

// The fast level: plain ULP errors and ULP errors over max(1, kappa).
struct fast_tally {
  worst fwd, bwd, fwd_kappa, bwd_kappa;
  void merge(const fast_tally& o) {
    fwd.merge(o.fwd);
    bwd.merge(o.bwd);
    fwd_kappa.merge(o.fwd_kappa);
    bwd_kappa.merge(o.bwd_kappa);
  }
};

struct tally {
  fast_tally fast;
  worst fwd, bwd;         // ULP errors (bwd outside the window)
  double window_abs = 0;  // max absolute derivative error inside the window
  float window_x = 0;
  double window_ulp = 0;  // ULP error inside the window, for the record
  std::uint64_t scalar_mismatch = 0, checked_scalar = 0;
  std::uint64_t rare_mismatch = 0, checked_rare = 0;  // beside a rare lane vs alone (fast level)
  // exact forward, exact derivative, fast forward, fast derivative: over every input
  // swept, and over those whose bit pattern is a multiple of digest_stride.
  golu_test::float_digest digest[4], sampled[4];
  void merge(const tally& o) {
    for (int k = 0; k < 4; ++k) {
      digest[k].merge(o.digest[k]);
      sampled[k].merge(o.sampled[k]);
    }
    fast.merge(o.fast);
    fwd.note(o.fwd.err, o.fwd.x);
    bwd.note(o.bwd.err, o.bwd.x);
    if (o.window_abs > window_abs) {
      window_abs = o.window_abs;
      window_x = o.window_x;
    }
    window_ulp = std::fmax(window_ulp, o.window_ulp);
    scalar_mismatch += o.scalar_mismatch;
    checked_scalar += o.checked_scalar;
    rare_mismatch += o.rare_mismatch;
    checked_rare += o.checked_rare;
  }
};

std::uint64_t stride = 1;
bool digests_only = false;
constexpr std::uint32_t digest_stride = 997;

void note_digests(tally& t, const float* x, const float* const streams[4], std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t xb;
    std::memcpy(&xb, &x[i], sizeof xb);
    for (int k = 0; k < 4; ++k) {
      t.digest[k].note(x[i], streams[k][i]);
      if (xb % digest_stride == 0) t.sampled[k].note(x[i], streams[k][i]);
    }
  }
}

void sweep(std::uint64_t begin, std::uint64_t end, tally& out) {
  tally t;
  const golu::GoLU<golu::exact> exact;
  const golu::GoLU<golu::fast> fast;
  std::vector<float> fast_y(1 << 16), fast_g(1 << 16), ones(1 << 16, 1.0f);
  golu_test::sweep_floats(
      exact, begin, end,
      [&](const float* x, const float* y, const float* g, std::size_t n) {
        golu_test::api::forward(fast, x, fast_y.data(), n);
        golu_test::api::backward(fast, x, ones.data(), fast_g.data(), n);
        const float* const streams[4] = {y, g, fast_y.data(), fast_g.data()};
        note_digests(t, x, streams, n);
        if (digests_only) return;
        for (std::size_t i = 0; i < n; ++i) {
          const double xd = x[i];
          // glibc's exp takes a slow path (errno) on overflow and underflow, which
          // about half of all floats hit: those results are given directly, as
          // exp rounds them (inf beyond 710, 0 below -746).
          const double tt = -xd > 710 ? INFINITY : std::exp(-xd), u = tt > 746 ? 0.0 : std::exp(-tt);
          const double y_ref = std::isinf(xd) ? (xd > 0 ? xd : -0.0) : xd * u;
          // Where exp(-t) underflows the derivative is a negative zero, not 0*inf.
          const double g_ref = std::isinf(xd) ? (xd > 0 ? 1.0 : 0.0) : u == 0 ? -0.0 : u * std::fma(xd, tt, 1.0);
          t.fwd.note(golu_test::ulp_error<float>(y[i], y_ref), x[i]);
          const double ge = golu_test::ulp_error<float>(g[i], g_ref);
          if (std::fabs(xd - x0) <= window) {
            const double abs_err = std::fabs(static_cast<double>(g[i]) - g_ref);
            if (abs_err > t.window_abs) {
              t.window_abs = abs_err;
              t.window_x = x[i];
            }
            t.window_ulp = std::fmax(t.window_ulp, ge);
          } else {
            t.bwd.note(ge, x[i]);
          }
          // The fast level against the same reference. kappa is inf or NaN only where
          // x t overflows; the reference is then a signed zero and so must the result be.
          const double xt = std::isfinite(xd) ? xd * tt : 0.0;
          double kf = std::fabs(1 + xt), kg = std::fabs(xt * (2 - xd + xt) / (1 + xt));
          if (!std::isfinite(kf)) kf = 1;
          if (!std::isfinite(kg)) kg = 1;
          const double ef = golu_test::ulp_error<float>(fast_y[i], y_ref);
          const double eg = golu_test::ulp_error<float>(fast_g[i], g_ref);
          t.fast.fwd.note(ef, x[i]);
          t.fast.bwd.note(eg, x[i]);
          t.fast.fwd_kappa.note(ef / std::fmax(1, kf), x[i]);
          t.fast.bwd_kappa.note(eg / std::fmax(1, kg), x[i]);
        }
        // Scalar calls must give the array's bits; checked on a stride to keep it fast.
        // Through golu::dispatch the scalar calls are this file's target, not the
        // kernels': not compared.
        if (golu_test::through_dispatch) return;
        std::uint32_t base;
        std::memcpy(&base, x, sizeof base);
        for (std::size_t i = base % 7; i < n; i += 7) {
          ++t.checked_scalar;
          if (!same_bits(golu::golu<golu::exact>(x[i]), y[i]) || !same_bits(golu::golu_grad<golu::exact>(x[i]), g[i]) ||
              !same_bits(golu::golu(x[i]), fast_y[i]) || !same_bits(golu::golu_grad(x[i]), fast_g[i]))
            ++t.scalar_mismatch;
        }
        // Every input once more beside a -inf lane, which sends its vector down the
        // fast kernel's full path: the array's results for inputs in the cheap band
        // came from the band's kernel, and the two must agree on every bit.
        using B = xsimd::batch<float>;
        alignas(64) float lanes[B::size];
        lanes[0] = -INFINITY;
        for (std::size_t i = 0; i < n; i += B::size - 1) {
          const std::size_t m = std::min(B::size - 1, n - i);
          std::copy(x + i, x + i + m, lanes + 1);
          const B v = B::load_aligned(lanes);
          alignas(64) float fy[B::size], fg[B::size];
          fast(v).store_aligned(fy);
          fast.grad(v).store_aligned(fg);
          for (std::size_t k = 0; k < m; ++k) {
            ++t.checked_rare;
            if (!same_bits(fy[k + 1], fast_y[i + k]) || !same_bits(fg[k + 1], fast_g[i + k])) ++t.rare_mismatch;
          }
        }
      },
      stride);
  out = t;
}

}  // namespace

int main(int argc, char** argv) {
  const char* api_name = golu_test::sweep_start(argc, argv, digests_only);
  if (api_name == nullptr) return 1;
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  if (argc > 2) stride = std::strtoull(argv[2], nullptr, 10);
  if (stride == 0) stride = 1;
  const std::uint64_t total = std::uint64_t(1) << 32;
  std::vector<tally> parts(threads);
  std::vector<std::thread> pool;
  // Each thread starts on the stride's grid.
  const auto grid = [](std::uint64_t v) { return (v + stride - 1) / stride * stride; };
  for (unsigned k = 0; k < threads; ++k)
    pool.emplace_back(sweep, grid(total * k / threads), std::min(grid(total * (k + 1) / threads), total),
                      std::ref(parts[k]));
  for (auto& th : pool) th.join();
  tally all;
  for (const auto& p : parts) all.merge(p);

  const bool ok_fwd = all.fwd.err <= 1, ok_bwd = all.bwd.err <= 1, ok_win = all.window_abs <= 0x1p-26;
  const bool ok_bits = all.scalar_mismatch == 0 && all.rare_mismatch == 0;
  const bool ok_fast = all.fast.fwd_kappa.err <= fast_ulp_per_kappa && all.fast.bwd_kappa.err <= fast_ulp_per_kappa;
  const std::string inputs =
      stride == 1 ? "all 2^32 inputs" : "every " + std::to_string(stride) + "th of the 2^32 inputs";
  const char* through = golu_test::through_dispatch ? "golu::dispatch" : "array API";
  if (digests_only)
    std::printf("float, %s, %s (%s): digests only, no bound checked\n", inputs.c_str(), through, api_name);
  else {
    std::printf("float, %s, %s (%s), exact level:\n", inputs.c_str(), through, api_name);
    std::printf("  forward     max %.3f ULP at x = %a\n", all.fwd.err, all.fwd.x);
    std::printf("  derivative  max %.3f ULP at x = %a (outside |x + W(1)| <= 2^-8)\n", all.bwd.err, all.bwd.x);
    std::printf("  derivative  max abs error 2^%.1f at x = %a (inside the window; %.3g ULP there)\n",
                std::log2(all.window_abs), all.window_x, all.window_ulp);
    std::printf("fast level:\n");
    std::printf("  forward     max %.3f ULP at x = %a; max ULP/max(1, kappa) %.3f at x = %a\n", all.fast.fwd.err,
                all.fast.fwd.x, all.fast.fwd_kappa.err, all.fast.fwd_kappa.x);
    std::printf("  derivative  max %.3f ULP at x = %a; max ULP/max(1, kappa) %.3f at x = %a\n", all.fast.bwd.err,
                all.fast.bwd.x, all.fast.bwd_kappa.err, all.fast.bwd_kappa.x);
    if (golu_test::through_dispatch)
      std::printf("scalar vs array: not compared (the scalar calls are this program's target, not the kernels')\n");
    else {
      std::printf("scalar vs array, both levels: %" PRIu64 " of %" PRIu64 " checked inputs differ\n",
                  all.scalar_mismatch, all.checked_scalar);
      std::printf("fast level, beside a -inf lane (full path) vs the array: %" PRIu64 " of %" PRIu64 " inputs differ\n",
                  all.rare_mismatch, all.checked_rare);
    }
  }
  char digests[256];
  const auto hex = [](const golu_test::float_digest* d) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %016" PRIx64, d[0].sum, d[1].sum,
                  d[2].sum, d[3].sum);
    return std::string(buf);
  };
  std::snprintf(digests, sizeof digests, "stride %" PRIu64 ": %s\nmultiples of %u: %s\n", stride,
                hex(all.digest).c_str(), unsigned{digest_stride}, hex(all.sampled).c_str());
  std::printf("digests of exact forward, derivative, fast forward, derivative (same on every FMA target):\n%s",
              digests);
  const bool ok_file = golu_test::write_digest_file(digests);
  if (digests_only) return ok_file ? 0 : 1;
  std::printf(
      "bounds: exact forward<=1 %s, derivative<=1 %s, window<=2^-26 %s; fast <=8 ULP x max(1, kappa) %s; bit "
      "identity %s\n",
      ok_fwd ? "ok" : "FAIL", ok_bwd ? "ok" : "FAIL", ok_win ? "ok" : "FAIL", ok_fast ? "ok" : "FAIL",
      ok_bits ? "ok" : "FAIL");
  return ok_fwd && ok_bwd && ok_win && ok_fast && ok_bits && ok_file ? 0 : 1;
}
