// Exhaustive accuracy of the baseline activations over all 2^32 floats, through
// the array API, against double-precision references built on the C library
// (their error is far below a float ULP). The derivative's bound is scaled by the
// condition number of its final sum (s + s*z*(1-s) for Swish, g + x*g' for
// Mish, ...), which is 1 away from the derivative's zeros.
//
// Bounds, exact level (all 2^32 inputs): forward <= 4 ULP, derivative <= 8 ULP
// times that condition number. Fast level (every 37th bit pattern, or every
// `stride`-th): forward and derivative <= 4 ULP x max(1, kappa), kappa the relative
// condition number of each (|x f'/f|, |x f''/f'|; f'' by a central difference of
// the reference's f'). Exit status 1 if any bound fails.
//
// The same bits on every target with FMA: the tool prints a digest of each result
// stream (activation, level, forward and derivative) over the inputs it computes
// and over the multiples of 4099 among them (the stride of the emulated aarch64
// run), and writes them to $GOLU_TEST_DIGEST_FILE when set. When the exact level
// sweeps all inputs, the fast level computes all of them too (its bounds are still
// checked on every 37th), so that both digests cover all 2^32 floats. Built with
// GOLU_TEST_DISPATCH (golu_exhaustive_activations_dispatch) the arrays go through
// golu::dispatch, capped with GOLU_ISA; with --digests-only first, the tool
// computes the streams and their digests and checks nothing else. ctest compares
// the AVX2 kernels' digests with this build's sweep, and tools/run_tests.sh the
// aarch64 run's multiples of 4099 with this build's (tests/CMakeLists.txt).
// Usage: golu_exhaustive_activations [--digests-only] [threads [activation|all [fast-stride [fast|exact|both
// [exact-stride]]]]] (an exact-stride above 1 samples the exact level too, e.g. under an emulator).
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
reference ref_swish(double x) {
  const double s = logistic(x), t2 = s * x * (1 - s);
  const double g = s + t2;
  return {x * s, g, g != 0 ? (std::fabs(s) + std::fabs(t2)) / std::fabs(g) : 1};
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

constexpr std::uint32_t digest_stride = 4099;

struct result {
  worst fwd, bwd;              // exact level: ULP; derivative over its sum's condition
  worst fwd_k, bwd_k;          // fast level: over max(1, kappa)
  worst fwd_plain, bwd_plain;  // fast level: plain ULP, for the record
  // forward and derivative, over every input computed and over the multiples of
  // digest_stride among them
  golu_test::float_digest digest[2], sampled[2];
  void merge(const result& o) {
    for (int k = 0; k < 2; ++k) {
      digest[k].merge(o.digest[k]);
      sampled[k].merge(o.sampled[k]);
    }
    fwd.merge(o.fwd);
    bwd.merge(o.bwd);
    fwd_k.merge(o.fwd_k);
    bwd_k.merge(o.bwd_k);
    fwd_plain.merge(o.fwd_plain);
    bwd_plain.merge(o.bwd_plain);
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

bool digests_only = false;

// Computes act over the bit patterns begin, begin + stride, ... below end; checks
// the bounds on the multiples of check_stride among them.
template <class Act>
void sweep(const Act& act, reference (*ref)(double), std::uint64_t begin, std::uint64_t end, std::uint64_t stride,
           std::uint64_t check_stride, result& out) {
  constexpr bool fast = std::is_same<typename Act::level, golu::fast>::value;
  result r;
  golu_test::sweep_floats(
      act, begin, end,
      [&](const float* x, const float* y, const float* g, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
          std::uint32_t xb;
          std::memcpy(&xb, &x[i], sizeof xb);
          r.digest[0].note(x[i], y[i]);
          r.digest[1].note(x[i], g[i]);
          if (xb % digest_stride == 0) {
            r.sampled[0].note(x[i], y[i]);
            r.sampled[1].note(x[i], g[i]);
          }
          if (digests_only || xb % check_stride != 0) continue;
          if (!std::isfinite(x[i])) continue;  // special values have unit tests
          const reference want = ref(double(x[i]));
          const double ey = golu_test::ulp_error<float>(y[i], want.y);
          const double eg = golu_test::ulp_error<float>(g[i], want.g);
          if (fast) {
            double kf, kg;
            kappas(ref, double(x[i]), want, kf, kg);
            r.fwd_plain.note(ey, x[i]);
            r.bwd_plain.note(eg, x[i]);
            r.fwd_k.note(ey / std::fmax(1.0, kf), x[i]);
            r.bwd_k.note(eg / std::fmax(1.0, kg), x[i]);
          } else {
            r.fwd.note(ey, x[i]);
            r.bwd.note(eg / std::fmax(1.0, want.kappa), x[i]);
          }
        }
      },
      stride);
  out = r;
}

const char* only = nullptr;  // one activation's name, or all
std::uint64_t fast_stride = 37;
std::uint64_t exact_stride = 1;
const char* only_level = nullptr;  // "fast", "exact", or both

std::string digest_lines, sampled_lines;

template <class Act>
bool check(const Act& act, reference (*ref)(double), unsigned threads) {
  constexpr bool fast = std::is_same<typename Act::level, golu::fast>::value;
  if (only && std::strcmp(only, Act::name) != 0) return true;
  if (only_level && std::strcmp(only_level, Act::level::name) != 0) return true;
  const std::uint64_t total = std::uint64_t(1) << 32, check_stride = fast ? fast_stride : exact_stride;
  // Where the exact level covers all inputs, the fast level computes them all too
  // (for its digests), and checks its bounds on every fast_stride-th.
  const std::uint64_t stride = fast && exact_stride == 1 ? 1 : check_stride;
  std::vector<result> parts(threads);
  std::vector<std::thread> pool;
  for (unsigned k = 0; k < threads; ++k) {
    // Each thread starts on the stride's grid.
    const std::uint64_t lo = (total * k / threads + stride - 1) / stride * stride;
    const std::uint64_t hi = (total * (k + 1) / threads + stride - 1) / stride * stride;
    pool.emplace_back([&, k, lo, hi] { sweep(act, ref, lo, std::min(hi, total), stride, check_stride, parts[k]); });
  }
  for (auto& t : pool) t.join();
  result all;
  for (const auto& p : parts) all.merge(p);
  char line[160];
  std::snprintf(line, sizeof line, "%s %s: %016" PRIx64 " %016" PRIx64 "\n", Act::name, Act::level::name,
                all.digest[0].sum, all.digest[1].sum);
  digest_lines += line;
  std::snprintf(line, sizeof line, "%s %s: %016" PRIx64 " %016" PRIx64 "\n", Act::name, Act::level::name,
                all.sampled[0].sum, all.sampled[1].sum);
  sampled_lines += line;
  if (digests_only) return true;
  if (fast) {
    const bool ok = all.fwd_k.err <= 4 && all.bwd_k.err <= 4;
    std::printf("| %s | fast | every %" PRIu64 "th | %.3f (x = %a) | %.3f (x = %a) | %.1f / %.1f | %s |\n", Act::name,
                check_stride, all.fwd_k.err, all.fwd_k.x, all.bwd_k.err, all.bwd_k.x, all.fwd_plain.err,
                all.bwd_plain.err, ok ? "ok" : "FAIL");
    std::fflush(stdout);
    return ok;
  }
  const bool ok = all.fwd.err <= 4 && all.bwd.err <= 8;
  const std::string inputs = stride == 1 ? "all" : "every " + std::to_string(stride) + "th";
  std::printf("| %s | exact | %s | %.3f (x = %a) | %.3f (x = %a) | | %s |\n", Act::name, inputs.c_str(), all.fwd.err,
              all.fwd.x, all.bwd.err, all.bwd.x, ok ? "ok" : "FAIL");
  std::fflush(stdout);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  const char* api_name = golu_test::sweep_start(argc, argv, digests_only);
  if (api_name == nullptr) return 1;
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  if (argc > 2 && *argv[2] && std::strcmp(argv[2], "all") != 0) only = argv[2];
  if (argc > 3) fast_stride = std::strtoull(argv[3], nullptr, 10);
  if (argc > 4 && std::strcmp(argv[4], "both") != 0) only_level = argv[4];
  if (argc > 5) exact_stride = std::strtoull(argv[5], nullptr, 10);
  if (fast_stride == 0) fast_stride = 1;
  if (exact_stride == 0) exact_stride = 1;
  const char* through = golu_test::through_dispatch ? "golu::dispatch" : "array API";
  if (digests_only)
    std::printf("float, %s (%s): digests only, no bound checked\n\n", through, api_name);
  else {
    std::printf(
        "float, finite inputs, %s (%s). exact: forward ULP, derivative ULP / condition of its final\n"
        "sum (bounds 4, 8); fast: forward and derivative ULP / max(1, kappa) (bounds 4, 4), plain max ULP.\n\n",
        through, api_name);
    std::printf(
        "| activation | level | inputs | forward | derivative | fast: plain max ULP fwd / bwd | bounds |\n"
        "|---|---|---|---|---|---|---|\n");
  }
  // golu's list but GoLU, whose own sweep is golu_exhaustive_float.
  bool ok = true;
  const auto each = [&](const auto& act) {
    using Act = std::decay_t<decltype(act)>;
    if constexpr (!is_golu<Act>::value) ok = check(act, reference_of(act), threads) && ok;
  };
  golu::for_each_activation<golu::exact>(each);
  golu::for_each_activation<golu::fast>(each);
  // Both levels over the same inputs when exact_stride is 1 (fast computes them all).
  const std::string inputs = exact_stride == 1 ? "all 2^32 floats" : "every " + std::to_string(exact_stride) + "th";
  const std::string digests = "inputs: " + inputs + "\n" + digest_lines + "multiples of " +
                              std::to_string(digest_stride) + ":\n" + sampled_lines;
  std::printf("\ndigests of forward, derivative (same on every FMA target):\n%s", digests.c_str());
  ok = golu_test::write_digest_file(digests) && ok;
  if (!digests_only) std::printf("\nbounds: %s\n", ok ? "ok" : "FAIL");
  return ok ? 0 : 1;
}
