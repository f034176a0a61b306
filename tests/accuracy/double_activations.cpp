// Accuracy of the baseline activations' double kernels against MPFR (128-bit):
// random inputs over the ranges where each result is decided (|x| <= 40 and the
// subnormal tails), random bit patterns, and the neighbours of the edge cases.
//
// Bounds: each activation's own (Act::bounds<double>(), golu/bounds.hpp): fast, forward
// and derivative ULP / max(1, kappa), kappa the relative condition number of each
// (golu_test::condition_numbers; that of the derivative computed where its plain error
// exceeds the bound, the plain error standing in elsewhere, an upper bound), the plain
// maximum reported beside; exact, forward ULP, derivative ULP / max(1, the condition of
// its final sum).
// Exit status 1 if a bound fails. Usage: golu_accuracy_double_activations [samples] [threads]
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <golu/activation_list.hpp>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "../support/bounds.hpp"
#include "../support/mpfr_activations.hpp"
#include "../support/ulp.hpp"

namespace {

using worst = golu_test::worst_error<double>;

struct tally {
  worst fwd, bwd;              // exact: ULP, derivative over its sum's condition; fast: over max(1, kappa)
  worst fwd_plain, bwd_plain;  // fast: plain ULP
  std::uint64_t count = 0;
};

template <class Act>
void note(const Act& act, double x, golu_test::mpfr_activations& ref, tally& t) {
  if (!std::isfinite(x)) return;  // special values have unit tests
  ref.eval(act, x);
  ++t.count;
  constexpr golu::accuracy_bounds bound = Act::template bounds<double>();
  const double ey = golu_test::ulp_error<double>(act(x), ref.y());
  const double eg = golu_test::ulp_error<double>(act.grad(x), ref.g());
  if (std::is_same<typename Act::level, golu::fast>::value) {
    t.fwd_plain.note(ey, x);
    t.bwd_plain.note(eg, x);
  }
  // kappa of f from the reference's y and g; kappa of f' takes two more reference
  // evaluations, made only where the plain error exceeds the bound.
  const long double y = ref.y(), g = ref.g();
  const double sum_condition = ref.kappa();
  double kf = y != 0 ? double(std::fabs(x * g / y)) : 1.0, kg = 1;
  if (!std::isfinite(kf)) kf = 1;
  if (golu_test::needs_condition(bound.derivative, eg)) {
    double unused;
    golu_test::condition_numbers(ref, act, x, unused, kg);
  }
  t.fwd.note(golu_test::scaled_error(bound.forward, ey, kf, sum_condition), x);
  t.bwd.note(golu_test::scaled_error(bound.derivative, eg, kg, sum_condition), x);
}

template <class Act>
void run(const Act& act, std::uint64_t samples, std::uint64_t seed, tally& out) {
  golu_test::mpfr_activations ref;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> wide(-40, 40), narrow(-4, 4);
  // Where results turn subnormal: Swish/Mish/ELU' near -720, GELU-tanh near -21.5,
  // GELU near -38.
  std::uniform_real_distribution<double> tails[] = {std::uniform_real_distribution<double>(-746, -700),
                                                    std::uniform_real_distribution<double>(-22, -21),
                                                    std::uniform_real_distribution<double>(-39, -36)};
  tally t;
  for (std::uint64_t i = 0; i < samples; ++i) {
    double x;
    switch (i % 8) {
      case 0:
      case 1:
      case 2:
        x = narrow(rng);
        break;
      case 3:
      case 4:
        x = wide(rng);
        break;
      case 5:
        x = tails[(i / 8) % 3](rng);
        break;
      default: {
        const std::uint64_t b = rng();
        std::memcpy(&x, &b, sizeof x);
      }
    }
    note(act, x, ref, t);
  }
  if (seed == 0) {  // one thread walks the neighbours of the edge cases
    using L = std::numeric_limits<double>;
    for (double x : {0.0, L::denorm_min(), L::min(), 1.0, 30.0, 40.0, 700.0, 800.0, L::max()})
      for (double v : {x, -x}) {
        double u = v, d = v;
        for (int k = 0; k < 32; ++k, u = std::nextafter(u, INFINITY), d = std::nextafter(d, -INFINITY)) {
          note(act, u, ref, t);
          note(act, d, ref, t);
        }
      }
  }
  out = t;
}

template <class Act>
bool check(const Act& act, std::uint64_t samples, unsigned threads) {
  constexpr bool fast = std::is_same<typename Act::level, golu::fast>::value;
  std::vector<tally> parts(threads);
  std::vector<std::thread> pool;
  for (unsigned k = 0; k < threads; ++k) pool.emplace_back([&, k] { run(act, samples / threads, k, parts[k]); });
  for (auto& th : pool) th.join();
  tally all;
  for (const auto& p : parts) {
    all.fwd.merge(p.fwd);
    all.bwd.merge(p.bwd);
    all.fwd_plain.merge(p.fwd_plain);
    all.bwd_plain.merge(p.bwd_plain);
    all.count += p.count;
  }
  constexpr golu::accuracy_bounds bound = Act::template bounds<double>();
  const bool ok = all.fwd.err <= bound.forward.ulp && all.bwd.err <= bound.derivative.ulp;
  char plain[64] = "";
  if (fast) std::snprintf(plain, sizeof plain, "%.1f / %.1f", all.fwd_plain.err, all.bwd_plain.err);
  std::printf("| %s | %s | %" PRIu64 " | %.3f (x = %a) | %.3f (x = %a) | %s | %s |\n", Act::name, Act::level::name,
              all.count, all.fwd.err, all.fwd.x, all.bwd.err, all.bwd.x, plain, golu_test::verdict(ok, bound).c_str());
  std::fflush(stdout);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t samples = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  std::printf(
      "double, against MPFR (%s). exact: forward ULP, derivative ULP / condition of its final sum;\n"
      "fast: forward and derivative ULP / max(1, kappa), plain max ULP. Bounds: each activation's own\n"
      "(golu/bounds.hpp), beside its verdict.\n\n",
      xsimd::default_arch::name());
  std::printf(
      "| activation | level | inputs | forward | derivative | fast: plain max ULP fwd / bwd | bounds |\n"
      "|---|---|---|---|---|---|---|\n");
  // golu's list but GoLU, whose own run is golu_accuracy_double.
  bool ok = true;
  const auto each = [&](const auto& act) {
    if (std::string(act.name) != "GoLU") ok = check(act, samples, threads) && ok;
  };
  golu::for_each_activation<golu::exact>(each);
  golu::for_each_activation<golu::fast>(each);
  std::printf("\nbounds: %s\n", ok ? "ok" : "FAIL");
  return ok ? 0 : 1;
}
