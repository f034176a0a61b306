// Exhaustive accuracy of the baseline activations over all 2^32 floats, through
// the array API, against double-precision references built on the C library
// (their error is far below a float ULP), against each activation's own bounds
// (Act::bounds<float>(), golu/bounds.hpp): the exact level on all 2^32 inputs, forward
// ULP and derivative ULP over the condition number of its final sum (s + s*z*(1-s) for
// Swish, g + x*g' for Mish, ...), which is 1 away from the derivative's zeros; the fast
// level on every 37th bit pattern (or every `stride`-th), forward and derivative ULP over
// max(1, kappa), kappa the relative condition number of each (|x f'/f|, |x f''/f'|; f''
// by a central difference of the reference's f'). Exit status 1 if any bound fails.
//
// Other targets in the same pass (built with golu::dispatch): --same-bits=avx2 runs
// golu::dispatch's AVX2 kernels over every input the sweep computes and requires
// this build's bits from them (every target with FMA returns the same bits);
// --bounds=<isa> checks that target's errors against the bounds above instead.
// When the exact level sweeps all inputs, the fast level computes all of them too
// (its bounds are still checked on every 37th), so that the bit comparison covers
// all 2^32 floats at both levels.
//
// The tool prints a digest of each result stream (activation, level, forward and
// derivative) over the multiples of 4099 among the inputs it computes (the stride of
// the emulated aarch64 run), and writes them to $GOLU_TEST_DIGEST_FILE when set:
// tools/run_tests.sh compares them with the aarch64 run's.
// Usage: golu_exhaustive_activations [--same-bits=<isa>]... [--bounds=<isa>]... [threads [activation|all
// [fast-stride [fast|exact|both [exact-stride]]]]] (an exact-stride above 1 samples the exact level too, e.g.
// under an emulator).
#include <array>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <golu/activation_list.hpp>
#include <golu/array.hpp>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "../support/bits.hpp"
#include "../support/bounds.hpp"
#include "../support/float_sweep.hpp"
#include "../support/ulp.hpp"

namespace {

struct reference {
  double y, g, kappa;
};

// exp and erfc, with the results of overflow and underflow given directly: glibc
// takes a slow path (errno) there, which about half of all floats reach.
double exp_ref(double v) {
  return v < -746 ? 0.0 : v > 710 ? INFINITY : std::exp(v);
}
double erfc_ref(double v) {
  return v > 27.3 ? 0.0 : std::erfc(v);  // erfc(v) < e^(-v^2) / (v sqrt(pi)) < 2^-1076 there
}

double logistic(double z) {
  return z >= 0 ? 1 / (1 + exp_ref(-z)) : exp_ref(z) / (1 + exp_ref(z));
}

reference ref_relu(double x) {
  return {x < 0 ? 0.0 : x, x > 0 ? 1.0 : 0.0, 1};
}
reference ref_leaky(double x) {
  return {x < 0 ? 0.01 * x : x, x < 0 ? 0.01 : 1.0, 1};
}
reference ref_elu(double x) {
  return {x > 0 ? x : std::expm1(x), x > 0 ? 1.0 : exp_ref(x), 1};
}
// x s(b x) and its derivative s (1 + z (1 - s)), z = b x (b x rounds once: 2^-53 relative).
reference ref_swish_beta(double x, double b) {
  const double z = b * x, s = logistic(z), t2 = s * z * (1 - s);
  const double g = s + t2;
  return {x * s, g, g != 0 ? (std::fabs(s) + std::fabs(t2)) / std::fabs(g) : 1};
}
reference ref_swish(double x) {
  return ref_swish_beta(x, 1);
}
reference ref_quick_gelu(double x) {
  return ref_swish_beta(x, golu::QuickGELU<>::beta);
}
// x*x is exact for a float x; the rounding of x/sqrt2 moves erfc by ~2^-45 at most.
reference ref_gelu(double x) {
  const double phi_cdf = 0.5 * erfc_ref(-x * 0.70710678118654752440);
  const double t2 = x * 0.39894228040143267794 * exp_ref(-0.5 * (x * x));
  const double g = phi_cdf + t2;
  return {x * phi_cdf, g, g != 0 ? (std::fabs(phi_cdf) + std::fabs(t2)) / std::fabs(g) : 1};
}
reference ref_gelu_tanh(double x) {
  const double c = golu::GELUTanh<>::c, k = golu::GELUTanh<>::k;
  const double z = 2 * c * x * (1 + k * x * x), dz = 2 * c * (1 + 3 * k * x * x);
  const double s = logistic(z), t2 = s * x * (1 - s) * dz;
  const double g = s + t2;
  return {x * s, g, g != 0 ? (std::fabs(s) + std::fabs(t2)) / std::fabs(g) : 1};
}
reference ref_mish(double x) {
  const double sp = x > 30 ? x : std::log1p(exp_ref(x));
  const double t = std::tanh(sp), s = logistic(x);
  // 1 - tanh^2 without cancellation: 4e^-2sp / (1 + e^-2sp)^2.
  const double e = exp_ref(-2 * sp), sech2 = 4 * e / ((1 + e) * (1 + e));
  const double t2 = x * sech2 * s, g = t + t2;
  return {x * t, g, g != 0 ? (std::fabs(t) + std::fabs(t2)) / std::fabs(g) : 1};
}

// Each activation's reference.
template <class L>
auto reference_of(const golu::ReLU<L>&) {
  return ref_relu;
}
template <class L>
auto reference_of(const golu::LeakyReLU<L>&) {
  return ref_leaky;
}
template <class L>
auto reference_of(const golu::ELU<L>&) {
  return ref_elu;
}
template <class L>
auto reference_of(const golu::Swish<L>&) {
  return ref_swish;
}
template <class L>
auto reference_of(const golu::QuickGELU<L>&) {
  return ref_quick_gelu;
}
template <class L>
auto reference_of(const golu::GELU<L>&) {
  return ref_gelu;
}
template <class L>
auto reference_of(const golu::GELUTanh<L>&) {
  return ref_gelu_tanh;
}
template <class L>
auto reference_of(const golu::Mish<L>&) {
  return ref_mish;
}

template <class Act>
struct is_golu : std::false_type {};
template <class L>
struct is_golu<golu::GoLU<L>> : std::true_type {};

using worst = golu_test::worst_error<float>;

std::string hex_of(float x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%a", double(x));
  return buf;
}

constexpr std::uint32_t digest_stride = 4099;

// One target's errors against the bounds.
struct errors {
  worst fwd, bwd;              // exact level: ULP; derivative over its sum's condition
  worst fwd_k, bwd_k;          // fast level: over max(1, kappa)
  worst fwd_plain, bwd_plain;  // fast level: plain ULP, for the record
  void merge(const errors& o) {
    fwd.merge(o.fwd);
    bwd.merge(o.bwd);
    fwd_k.merge(o.fwd_k);
    bwd_k.merge(o.bwd_k);
    fwd_plain.merge(o.fwd_plain);
    bwd_plain.merge(o.bwd_plain);
  }
};

std::vector<golu_test::other_target> others;

// One thread's share of one activation's sweep.
struct result {
  errors native;
  std::vector<errors> other;                                   // --bounds targets
  std::vector<std::array<golu_test::bit_mismatches, 2>> bits;  // --same-bits targets: forward, derivative
  golu_test::float_digest sampled[2];                          // forward, derivative at the multiples of digest_stride
  result() : other(others.size()), bits(others.size()) {}
  void merge(const result& o) {
    native.merge(o.native);
    for (std::size_t k = 0; k < others.size(); ++k) {
      other[k].merge(o.other[k]);
      for (int s = 0; s < 2; ++s) bits[k][s].merge(o.bits[k][s]);
    }
    for (int k = 0; k < 2; ++k) sampled[k].merge(o.sampled[k]);
  }
};

// kappa of f and of f' at x, from the double reference.
void kappas(reference (*ref)(double), double x, const reference& at, double& kf, double& kg) {
  kf = at.y != 0 ? std::fabs(x * at.g / at.y) : 1.0;
  const double h = std::fabs(x) * 0x1p-20;
  if (h == 0 || !std::isfinite(kf)) kf = std::isfinite(kf) ? kf : 1.0;
  if (h == 0) {
    kg = 1;
    return;
  }
  const double fpp = (ref(x + h).g - ref(x - h).g) / (2 * h);
  kg = at.g != 0 ? std::fabs(x * fpp / at.g) : INFINITY;
  if (std::isnan(kg)) kg = 1;
}

// One input's forward y and derivative g against the reference, in the units of the
// bounds (kf, kg: the condition numbers where a bound is kappa-scaled).
void note_errors(errors& e, const golu::accuracy_bounds& bound, bool fast, float x, const reference& want, double kf,
                 double kg, float y, float g) {
  // Results equal to the reference have error 0, which changes no worst error (they start
  // at 0); correctly rounded ones change none at or above 1/2 (golu_test::rounds_to).
  if (double(y) == want.y && double(g) == want.g) return;
  const bool worst_at_least_half = fast ? e.fwd_plain.at_least_half() && e.bwd_plain.at_least_half() &&
                                              e.fwd_k.at_least_half() && e.bwd_k.at_least_half()
                                        : e.fwd.at_least_half() && e.bwd.at_least_half();
  if (worst_at_least_half && golu_test::rounds_to(y, want.y) && golu_test::rounds_to(g, want.g)) return;
  const double ey = golu_test::ulp_error<float>(y, want.y);
  const double eg = golu_test::ulp_error<float>(g, want.g);
  const double sy = golu_test::scaled_error(bound.forward, ey, kf, want.kappa);
  const double sg = golu_test::scaled_error(bound.derivative, eg, kg, want.kappa);
  if (fast) {
    e.fwd_plain.note(ey, x);
    e.bwd_plain.note(eg, x);
    e.fwd_k.note(sy, x);
    e.bwd_k.note(sg, x);
  } else {
    e.fwd.note(sy, x);
    e.bwd.note(sg, x);
  }
}

// Computes act over the part-th of parts shares of the bit patterns 0, stride, ...
// below 2^32; checks the bounds on the multiples of check_stride among them.
template <class Act>
void sweep(const Act& act, reference (*ref)(double), std::uint64_t stride, std::uint64_t check_stride, unsigned part,
           unsigned parts, result& out) {
  constexpr bool fast = std::is_same<typename Act::level, golu::fast>::value;
  constexpr golu::accuracy_bounds bound = Act::template bounds<float>();
  constexpr bool kappa_scaled =
      bound.forward.scale == golu::error_scale::kappa || bound.derivative.scale == golu::error_scale::kappa;
  result r;
  golu_test::results mine;
  std::vector<golu_test::results> theirs(others.size());
  golu_test::for_each_chunk(
      0, std::uint64_t(1) << 32, stride,
      [&](const float* x, std::size_t n) {
        golu_test::evaluate(act, x, n, mine);
        const float* y = mine.y.data();
        const float* g = mine.g.data();
        golu_test::note_multiples(r.sampled[0], digest_stride, x, y, n, stride);
        golu_test::note_multiples(r.sampled[1], digest_stride, x, g, n, stride);
        for (std::size_t k = 0; k < others.size(); ++k) {
          golu_test::evaluate(others[k], act, x, n, theirs[k]);
          if (!others[k].same_bits) continue;
          r.bits[k][0].compare(x, y, theirs[k].y.data(), n);
          r.bits[k][1].compare(x, g, theirs[k].g.data(), n);
        }
        // The checked inputs: the multiples of check_stride among x's bit patterns.
        std::uint32_t first;
        std::memcpy(&first, &x[0], sizeof first);
        const bool consecutive = stride == 1;
        std::size_t i = consecutive ? (check_stride - first % check_stride) % check_stride : 0;
        for (; i < n; i += consecutive ? check_stride : 1) {
          if (!consecutive) {
            std::uint32_t xb;
            std::memcpy(&xb, &x[i], sizeof xb);
            if (xb % check_stride != 0) continue;
          }
          if (!std::isfinite(x[i])) continue;  // special values have unit tests
          const reference want = ref(double(x[i]));
          double kf = 1, kg = 1;
          if (kappa_scaled) kappas(ref, double(x[i]), want, kf, kg);
          note_errors(r.native, bound, fast, x[i], want, kf, kg, y[i], g[i]);
          for (std::size_t k = 0; k < others.size(); ++k)
            if (!others[k].same_bits)
              note_errors(r.other[k], bound, fast, x[i], want, kf, kg, theirs[k].y[i], theirs[k].g[i]);
        }
      },
      part, parts);
  out = r;
}

const char* only = nullptr;  // one activation's name, or all
std::uint64_t fast_stride = 37;
std::uint64_t exact_stride = 1;
const char* only_level = nullptr;  // "fast", "exact", or both

std::string sampled_lines;

// A row of the table for one target's errors; false if a bound fails.
bool report(const char* name, bool fast, const golu::accuracy_bounds& bound, const std::string& target,
            std::uint64_t check_stride, const std::string& inputs, const errors& e) {
  if (fast) {
    const bool ok = e.fwd_k.err <= bound.forward.ulp && e.bwd_k.err <= bound.derivative.ulp;
    std::printf("| %s | %s | fast | every %" PRIu64 "th | %.3f (x = %a) | %.3f (x = %a) | %.1f / %.1f | %s |\n", name,
                target.c_str(), check_stride, e.fwd_k.err, e.fwd_k.x, e.bwd_k.err, e.bwd_k.x, e.fwd_plain.err,
                e.bwd_plain.err, golu_test::verdict(ok, bound).c_str());
    std::fflush(stdout);
    return ok;
  }
  const bool ok = e.fwd.err <= bound.forward.ulp && e.bwd.err <= bound.derivative.ulp;
  std::printf("| %s | %s | exact | %s | %.3f (x = %a) | %.3f (x = %a) | | %s |\n", name, target.c_str(), inputs.c_str(),
              e.fwd.err, e.fwd.x, e.bwd.err, e.bwd.x, golu_test::verdict(ok, bound).c_str());
  std::fflush(stdout);
  return ok;
}

template <class Act>
bool check(const Act& act, reference (*ref)(double), unsigned threads) {
  constexpr bool fast = std::is_same<typename Act::level, golu::fast>::value;
  if (only && std::strcmp(only, Act::name) != 0) return true;
  if (only_level && std::strcmp(only_level, Act::level::name) != 0) return true;
  const std::uint64_t check_stride = fast ? fast_stride : exact_stride;
  // Where the exact level covers all inputs, the fast level computes them all too
  // (for the bit comparisons), and checks its bounds on every fast_stride-th.
  const std::uint64_t stride = fast && exact_stride == 1 ? 1 : check_stride;
  std::vector<result> parts(threads);
  std::vector<std::thread> pool;
  for (unsigned k = 0; k < threads; ++k)
    pool.emplace_back([&, k] { sweep(act, ref, stride, check_stride, k, threads, parts[k]); });
  for (auto& t : pool) t.join();
  result all;
  for (const auto& p : parts) all.merge(p);
  char line[160];
  std::snprintf(line, sizeof line, "%s %s: %016" PRIx64 " %016" PRIx64 "\n", Act::name, Act::level::name,
                all.sampled[0].sum, all.sampled[1].sum);
  sampled_lines += line;
  const std::string inputs = stride == 1 ? "all" : "every " + std::to_string(stride) + "th";
  bool ok = report(Act::name, fast, Act::template bounds<float>(), xsimd::default_arch::name(), check_stride, inputs,
                   all.native);
  for (std::size_t k = 0; k < others.size(); ++k) {
    const std::string target = "dispatch " + others[k].isa;
    if (!others[k].same_bits) {
      ok = report(Act::name, fast, Act::template bounds<float>(), target, check_stride, inputs, all.other[k]) && ok;
      continue;
    }
    const auto& b = all.bits[k];
    const bool same = b[0].count == 0 && b[1].count == 0;
    std::printf("| %s | %s | %s | %s | same bits: %" PRIu64 " differ%s | same bits: %" PRIu64 " differ%s | | %s |\n",
                Act::name, target.c_str(), Act::level::name, inputs.c_str(), b[0].count,
                b[0].count ? (" (first x = " + hex_of(b[0].x) + ")").c_str() : "", b[1].count,
                b[1].count ? (" (first x = " + hex_of(b[1].x) + ")").c_str() : "", same ? "ok" : "FAIL");
    ok = same && ok;
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (!golu_test::take_targets(argc, argv, others)) return 1;
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  if (argc > 2 && *argv[2] && std::strcmp(argv[2], "all") != 0) only = argv[2];
  if (argc > 3) fast_stride = std::strtoull(argv[3], nullptr, 10);
  if (argc > 4 && std::strcmp(argv[4], "both") != 0) only_level = argv[4];
  if (argc > 5) exact_stride = std::strtoull(argv[5], nullptr, 10);
  if (fast_stride == 0) fast_stride = 1;
  if (exact_stride == 0) exact_stride = 1;
  std::printf(
      "float, finite inputs, array API (%s)%s. exact: forward ULP, derivative ULP / condition of its\n"
      "final sum; fast: forward and derivative ULP / max(1, kappa), plain max ULP. Bounds: each\n"
      "activation's own (golu/bounds.hpp), beside its verdict.\n\n",
      xsimd::default_arch::name(), others.empty() ? "" : " and golu::dispatch's kernels in the same pass");
  std::printf(
      "| activation | target | level | inputs | forward | derivative | fast: plain max ULP fwd / bwd | bounds |\n"
      "|---|---|---|---|---|---|---|---|\n");
  // golu's list but GoLU, whose own sweep is golu_exhaustive_float.
  bool ok = true;
  const auto each = [&](const auto& act) {
    using Act = std::decay_t<decltype(act)>;
    if constexpr (!is_golu<Act>::value) ok = check(act, reference_of(act), threads) && ok;
  };
  golu::for_each_activation<golu::exact>(each);
  golu::for_each_activation<golu::fast>(each);
  const std::string digests = "multiples of " + std::to_string(digest_stride) + ":\n" + sampled_lines;
  std::printf("\ndigests of forward, derivative (same on every FMA target):\n%s", digests.c_str());
  ok = golu_test::write_digest_file(digests) && ok;
  std::printf("\nbounds: %s\n", ok ? "ok" : "FAIL");
  return ok ? 0 : 1;
}
