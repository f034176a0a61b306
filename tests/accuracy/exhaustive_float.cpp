// Exhaustive accuracy check of the float kernels over all 2^32 inputs, through
// the array API (SIMD body and tail), against a double-precision reference built
// on the C library's exp: y = x*exp(-t), dy/dx = exp(-t)*(1 + x*t), t = exp(-x).
// The reference's own error (<= 2^-46 relative, 2^-52 absolute near the
// derivative's zero) is far below a float ULP.
//
// Both accuracy levels, default parameters, in one pass, against GoLU's own bounds
// (GoLU<Level>::bounds<float>(), golu/bounds.hpp):
//  - exact: forward and derivative in ULP, the derivative's error absolute within its
//    window around x0 = -W(1) (the float-float kernel where the target has FMA, the
//    double path elsewhere);
//  - fast: forward and derivative ULP over max(1, kappa), kappa the relative condition
//    number of each (|1 + x t| and |x t (2 - x + x t) / (1 + x t)|); the plain maximum
//    ULP error is reported beside it.
// Scalar calls must give the array API's bits at both levels. Exit status 1 if any
// bound fails. Usage: golu_exhaustive_float [--same-bits=<isa>]... [--bounds=<isa>]...
// [threads [stride]] (a stride above 1 samples every stride-th bit pattern, e.g.
// under an emulator).
//
// Other targets in the same pass (built with golu::dispatch): --same-bits=avx2 runs
// golu::dispatch's AVX2 kernels over every input swept and requires this build's
// bits from them at both levels, forward and derivative (every target with FMA
// returns the same bits); --bounds=sse2 checks the SSE2 kernels (no FMA: other bits)
// against the bounds above, with the same reference.
//
// The tool prints digests of the four result streams (both levels, forward and
// derivative) over the inputs whose bit patterns are multiples of 997, the stride of
// the emulated aarch64 run, and writes them to $GOLU_TEST_DIGEST_FILE when set:
// tools/run_tests.sh compares them with the aarch64 run's.
#include <algorithm>
#include <array>
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
#include "../support/bounds.hpp"
#include "../support/float_sweep.hpp"
#include "../support/ulp.hpp"

namespace {

using golu_test::bit_mismatches;
using golu_test::same_bits;

constexpr double x0 = -0.56714329040978387299996866221035554975381578718651;  // -W(1)
constexpr golu::accuracy_bounds exact_bound = golu::GoLU<golu::exact>::bounds<float>();
constexpr golu::accuracy_bounds fast_bound = golu::GoLU<golu::fast>::bounds<float>();
constexpr double window = exact_bound.derivative.zero_window;

using worst = golu_test::worst_error<float>;

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

// One target's errors against the bounds.
struct tally {
  fast_tally fast;
  worst fwd, bwd;         // ULP errors (bwd outside the window)
  double window_abs = 0;  // max absolute derivative error inside the window
  float window_x = 0;
  double window_ulp = 0;  // ULP error inside the window, for the record
  void merge(const tally& o) {
    fast.merge(o.fast);
    fwd.merge(o.fwd);
    bwd.merge(o.bwd);
    if (o.window_abs > window_abs) {
      window_abs = o.window_abs;
      window_x = o.window_x;
    }
    window_ulp = std::fmax(window_ulp, o.window_ulp);
  }
  bool ok() const {
    return fwd.err <= exact_bound.forward.ulp && bwd.err <= exact_bound.derivative.ulp &&
           window_abs <= exact_bound.derivative.zero_abs && fast.fwd_kappa.err <= fast_bound.forward.ulp &&
           fast.bwd_kappa.err <= fast_bound.derivative.ulp;
  }
};

// The reference at one input: y, y', and the condition numbers of each.
struct reference {
  double y, g, kf, kg;
};

reference reference_at(double xd) {
  // glibc's exp takes a slow path (errno) on overflow and underflow, which
  // about half of all floats hit: those results are given directly, as
  // exp rounds them (inf beyond 710, 0 below -746).
  const double tt = -xd > 710 ? INFINITY : std::exp(-xd), u = tt > 746 ? 0.0 : std::exp(-tt);
  reference r;
  r.y = std::isinf(xd) ? (xd > 0 ? xd : -0.0) : xd * u;
  // Where exp(-t) underflows the derivative is a negative zero, not 0*inf.
  r.g = std::isinf(xd) ? (xd > 0 ? 1.0 : 0.0) : u == 0 ? -0.0 : u * std::fma(xd, tt, 1.0);
  // kappa is inf or NaN only where x t overflows; the reference is then a signed
  // zero and so must the result be.
  const double xt = std::isfinite(xd) ? xd * tt : 0.0;
  r.kf = std::fabs(1 + xt);
  r.kg = std::fabs(xt * (2 - xd + xt) / (1 + xt));
  if (!std::isfinite(r.kf)) r.kf = 1;
  if (!std::isfinite(r.kg)) r.kg = 1;
  return r;
}

// One input's results at both levels (exact y, y', fast y, y') against the reference.
void note_errors(tally& t, float x, const reference& want, float y, float g, float fast_y, float fast_g) {
  const bool in_window = std::fabs(double(x) - x0) <= window;
  // Correctly rounded results change no worst error at or above 1/2 (golu_test::rounds_to);
  // the window's absolute errors are always measured.
  if (!in_window && t.fwd.at_least_half() && t.bwd.at_least_half() && t.fast.fwd.at_least_half() &&
      t.fast.bwd.at_least_half() && t.fast.fwd_kappa.at_least_half() && t.fast.bwd_kappa.at_least_half() &&
      golu_test::rounds_to(y, want.y) && golu_test::rounds_to(g, want.g) && golu_test::rounds_to(fast_y, want.y) &&
      golu_test::rounds_to(fast_g, want.g))
    return;
  // The exact level's bounds are plain ULP (golu_test::scaled_error with no condition).
  t.fwd.note(golu_test::scaled_error(exact_bound.forward, golu_test::ulp_error<float>(y, want.y), 1, 1), x);
  const double ge = golu_test::scaled_error(exact_bound.derivative, golu_test::ulp_error<float>(g, want.g), 1, 1);
  if (in_window) {
    const double abs_err = std::fabs(static_cast<double>(g) - want.g);
    if (abs_err > t.window_abs) {
      t.window_abs = abs_err;
      t.window_x = x;
    }
    t.window_ulp = std::fmax(t.window_ulp, ge);
  } else {
    t.bwd.note(ge, x);
  }
  const double ef = golu_test::ulp_error<float>(fast_y, want.y);
  const double eg = golu_test::ulp_error<float>(fast_g, want.g);
  t.fast.fwd.note(ef, x);
  t.fast.bwd.note(eg, x);
  t.fast.fwd_kappa.note(golu_test::scaled_error(fast_bound.forward, ef, want.kf, 1), x);
  t.fast.bwd_kappa.note(golu_test::scaled_error(fast_bound.derivative, eg, want.kg, 1), x);
}

std::uint64_t stride = 1;
constexpr std::uint32_t digest_stride = 997;
std::vector<golu_test::other_target> others;

// One thread's share: this build's errors, the other targets' (errors or bit
// mismatches per stream), the scalar and rare-lane identities, the digests.
struct part {
  tally native;
  std::vector<tally> other;                         // --bounds targets
  std::vector<std::array<bit_mismatches, 4>> bits;  // --same-bits targets, per stream
  std::uint64_t scalar_mismatch = 0, checked_scalar = 0;
  std::uint64_t rare_mismatch = 0, checked_rare = 0;  // beside a rare lane vs alone (fast level)
  // exact forward, exact derivative, fast forward, fast derivative over the inputs
  // whose bit patterns are multiples of digest_stride.
  golu_test::float_digest sampled[4];
  part() : other(others.size()), bits(others.size()) {}
  void merge(const part& o) {
    native.merge(o.native);
    for (std::size_t k = 0; k < others.size(); ++k) {
      other[k].merge(o.other[k]);
      for (int s = 0; s < 4; ++s) bits[k][s].merge(o.bits[k][s]);
    }
    for (int k = 0; k < 4; ++k) sampled[k].merge(o.sampled[k]);
    scalar_mismatch += o.scalar_mismatch;
    checked_scalar += o.checked_scalar;
    rare_mismatch += o.rare_mismatch;
    checked_rare += o.checked_rare;
  }
};

void sweep(unsigned k, unsigned threads, part& out) {
  part t;
  const golu::GoLU<golu::exact> exact;
  const golu::GoLU<golu::fast> fast;
  golu_test::results ex, fa;
  std::vector<golu_test::results> other_ex(others.size()), other_fa(others.size());
  golu_test::for_each_chunk(
      0, std::uint64_t(1) << 32, stride,
      [&](const float* x, std::size_t n) {
        golu_test::evaluate(exact, x, n, ex);
        golu_test::evaluate(fast, x, n, fa);
        const float* const streams[4] = {ex.y.data(), ex.g.data(), fa.y.data(), fa.g.data()};
        for (int k = 0; k < 4; ++k) golu_test::note_multiples(t.sampled[k], digest_stride, x, streams[k], n, stride);
        for (std::size_t k = 0; k < others.size(); ++k) {
          golu_test::evaluate(others[k], exact, x, n, other_ex[k]);
          golu_test::evaluate(others[k], fast, x, n, other_fa[k]);
          if (!others[k].same_bits) continue;
          const float* const theirs[4] = {other_ex[k].y.data(), other_ex[k].g.data(), other_fa[k].y.data(),
                                          other_fa[k].g.data()};
          for (int s = 0; s < 4; ++s) t.bits[k][s].compare(x, streams[s], theirs[s], n);
        }
        for (std::size_t i = 0; i < n; ++i) {
          const reference want = reference_at(x[i]);
          note_errors(t.native, x[i], want, ex.y[i], ex.g[i], fa.y[i], fa.g[i]);
          for (std::size_t k = 0; k < others.size(); ++k)
            if (!others[k].same_bits)
              note_errors(t.other[k], x[i], want, other_ex[k].y[i], other_ex[k].g[i], other_fa[k].y[i],
                          other_fa[k].g[i]);
        }
        // Scalar calls must give the array's bits; checked on a stride to keep it fast.
        std::uint32_t base;
        std::memcpy(&base, x, sizeof base);
        for (std::size_t i = base % 7; i < n; i += 7) {
          ++t.checked_scalar;
          if (!same_bits(golu::golu<golu::exact>(x[i]), ex.y[i]) ||
              !same_bits(golu::golu_grad<golu::exact>(x[i]), ex.g[i]) || !same_bits(golu::golu(x[i]), fa.y[i]) ||
              !same_bits(golu::golu_grad(x[i]), fa.g[i]))
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
            if (!same_bits(fy[k + 1], fa.y[i + k]) || !same_bits(fg[k + 1], fa.g[i + k])) ++t.rare_mismatch;
          }
        }
      },
      k, threads);
  out = t;
}

void print_tally(const char* what, const tally& t) {
  std::printf("%s, exact level:\n", what);
  std::printf("  forward     max %.3f ULP at x = %a\n", t.fwd.err, t.fwd.x);
  std::printf("  derivative  max %.3f ULP at x = %a (outside |x + W(1)| <= 2^%g)\n", t.bwd.err, t.bwd.x,
              std::log2(window));
  std::printf("  derivative  max abs error 2^%.1f at x = %a (inside the window; %.3g ULP there)\n",
              std::log2(t.window_abs), t.window_x, t.window_ulp);
  std::printf("fast level:\n");
  std::printf("  forward     max %.3f ULP at x = %a; max ULP/max(1, kappa) %.3f at x = %a\n", t.fast.fwd.err,
              t.fast.fwd.x, t.fast.fwd_kappa.err, t.fast.fwd_kappa.x);
  std::printf("  derivative  max %.3f ULP at x = %a; max ULP/max(1, kappa) %.3f at x = %a\n", t.fast.bwd.err,
              t.fast.bwd.x, t.fast.bwd_kappa.err, t.fast.bwd_kappa.x);
  const auto verdict = [](bool ok) { return ok ? "ok" : "FAIL"; };
  std::printf(
      "bounds: exact forward<=%g %s, derivative<=%g %s, window<=2^%g %s; fast <=%g ULP x max(1, kappa) %s\n",
      exact_bound.forward.ulp, verdict(t.fwd.err <= exact_bound.forward.ulp), exact_bound.derivative.ulp,
      verdict(t.bwd.err <= exact_bound.derivative.ulp), std::log2(exact_bound.derivative.zero_abs),
      verdict(t.window_abs <= exact_bound.derivative.zero_abs), fast_bound.forward.ulp,
      verdict(t.fast.fwd_kappa.err <= fast_bound.forward.ulp && t.fast.bwd_kappa.err <= fast_bound.derivative.ulp));
}

}  // namespace

int main(int argc, char** argv) {
  if (!golu_test::take_targets(argc, argv, others)) return 1;
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  if (argc > 2) stride = std::strtoull(argv[2], nullptr, 10);
  if (stride == 0) stride = 1;
  std::vector<part> parts(threads);
  std::vector<std::thread> pool;
  for (unsigned k = 0; k < threads; ++k) pool.emplace_back(sweep, k, threads, std::ref(parts[k]));
  for (auto& th : pool) th.join();
  part all;
  for (const auto& p : parts) all.merge(p);

  const std::string inputs =
      stride == 1 ? "all 2^32 inputs" : "every " + std::to_string(stride) + "th of the 2^32 inputs";
  bool ok = all.native.ok();
  print_tally(("float, " + inputs + ", array API (" + xsimd::default_arch::name() + ")").c_str(), all.native);
  const bool ok_bits = all.scalar_mismatch == 0 && all.rare_mismatch == 0;
  std::printf("scalar vs array, both levels: %" PRIu64 " of %" PRIu64 " checked inputs differ\n", all.scalar_mismatch,
              all.checked_scalar);
  std::printf("fast level, beside a -inf lane (full path) vs the array: %" PRIu64 " of %" PRIu64 " inputs differ: %s\n",
              all.rare_mismatch, all.checked_rare, ok_bits ? "ok" : "FAIL");
  ok = ok && ok_bits;
  static const char* const stream_names[4] = {"exact forward", "exact derivative", "fast forward", "fast derivative"};
  for (std::size_t k = 0; k < others.size(); ++k) {
    const std::string what = "golu::dispatch's " + others[k].isa + " kernels";
    std::printf("\n");
    if (!others[k].same_bits) {
      print_tally(("float, " + inputs + ", " + what).c_str(), all.other[k]);
      ok = all.other[k].ok() && ok;
      continue;
    }
    std::printf("%s against this build's, %s (the same bits on every target with FMA):\n", what.c_str(),
                inputs.c_str());
    for (int s = 0; s < 4; ++s) {
      const auto& b = all.bits[k][s];
      std::printf("  %-16s %" PRIu64 " inputs differ%s", stream_names[s], b.count, b.count ? " (first x = " : ": ok\n");
      if (b.count) std::printf("%a): FAIL\n", b.x);
      ok = ok && b.count == 0;
    }
  }
  char digests[256];
  std::snprintf(
      digests, sizeof digests, "multiples of %u: %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %016" PRIx64 "\n",
      unsigned{digest_stride}, all.sampled[0].sum, all.sampled[1].sum, all.sampled[2].sum, all.sampled[3].sum);
  std::printf("\ndigests of exact forward, derivative, fast forward, derivative (same on every FMA target):\n%s",
              digests);
  ok = golu_test::write_digest_file(digests) && ok;
  std::printf("%s\n", ok ? "all checks ok" : "FAIL");
  return ok ? 0 : 1;
}
