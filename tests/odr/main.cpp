// The mixed-ISA program: units built for SSE2, AVX2 + FMA and AVX-512 (odr_unit.cpp)
// linked into one executable, each calling golu's header API. Without golu's
// per-target namespaces the linker keeps one copy of each shared inline symbol
// (say the AVX-512 one), and the SSE2 unit then runs AVX-512 code: SIGILL on a CPU
// without it, and results of another target everywhere. Checks, for every unit the
// CPU can run (the AVX-512 unit is skipped without AVX-512, e.g. under qemu -cpu
// Haswell):
//  - it ran its own target's code: its target name and float batch width;
//  - its scalar calls give its own array results, bit for bit;
//  - its results are within bounds of a long double reference.
// Exit status 0 when all hold.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "odr_unit.hpp"

namespace {

int failures = 0;

void check(bool ok, const char* unit, const char* what) {
  if (!ok) {
    ++failures;
    std::printf("FAIL %s: %s\n", unit, what);
  }
}

long double golu_ref(long double x) {
  return x * std::exp(-std::exp(-x));
}
long double golu_grad_ref(long double x) {
  const long double t = std::exp(-x);
  return std::exp(-t) * (1 + x * t);
}

// |got - want| within ulps float/double ULPs of want, or an absolute floor (the
// derivative's zero near -0.567, where the bound is absolute).
template <class T>
bool close(T got, long double want, double ulps, long double floor) {
  const int digits = std::numeric_limits<T>::digits - 1, min_exp = std::numeric_limits<T>::min_exponent - 1;
  // The spacing of T at want; below the normal range, the subnormal spacing.
  const long double ulp = std::ldexp(1.0L, std::max(std::ilogb(want), min_exp) - digits);
  return std::fabs(static_cast<long double>(got) - want) <= std::fmax(ulps * ulp, floor);
}

void verify(const odr::report& r, const char* unit, const char* want_target, std::size_t want_lanes) {
  std::printf("%s: target %s, %zu float lanes\n", unit, r.target, r.float_lanes);
  check(std::strcmp(r.target, want_target) == 0, unit, "target name");
  check(r.float_lanes == want_lanes, unit, "float batch width");
  check(r.scalar_matches_array, unit, "scalar calls differ from the unit's array results");
  long double pa = 0, pb = 0, pc = 0;
  for (std::size_t i = 0; i < odr::count; ++i) {
    const long double x = static_cast<float>(odr::input(i)), xd = odr::input(i);
    check(close<float>(r.y_fast[i], golu_ref(x), 8 * 400, 0), unit, "fast float forward");
    check(close<float>(r.g_fast[i], golu_grad_ref(x), 8 * 400, 0x1p-24L), unit, "fast float derivative");
    check(close<float>(r.y_exact[i], golu_ref(x), 1, 0), unit, "exact float forward");
    check(close<float>(r.g_exact[i], golu_grad_ref(x), 1, 0x1p-26L), unit, "exact float derivative");
    check(close<double>(r.yd_fast[i], golu_ref(xd), 8 * 400, 0), unit, "fast double forward");
    check(close<double>(r.gd_exact[i], golu_grad_ref(xd), 4, 0x1p-50L), unit, "exact double derivative");
    // Partials of y = a x exp(-b e^(-c x)) at a = 1.5, b = 0.75, c = 1.25.
    const long double t = std::exp(-1.25L * x), u = std::exp(-0.75L * t);
    pa += x * u;
    pb += -1.5L * x * t * u;
    pc += 1.5L * 0.75L * x * x * t * u;
  }
  check(std::fabs(r.pg_alpha - pa) <= 1e-9L * (1 + std::fabs(pa)), unit, "param_grad alpha");
  check(std::fabs(r.pg_beta - pb) <= 1e-9L * (1 + std::fabs(pb)), unit, "param_grad beta");
  check(std::fabs(r.pg_gamma - pc) <= 1e-9L * (1 + std::fabs(pc)), unit, "param_grad gamma");
}

}  // namespace

int main() {
  __builtin_cpu_init();
  verify(odr::run_sse2(), "sse2 unit", "sse2", 4);
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    verify(odr::run_avx2(), "avx2 unit", "fma3_avx2_fma", 8);
  else
    std::printf("avx2 unit: skipped (no AVX2 + FMA)\n");
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd"))
    verify(odr::run_avx512(), "avx512 unit", "avx512bw_fma", 16);
  else
    std::printf("avx512 unit: skipped (no AVX-512)\n");
  std::printf("%s (%d failures)\n", failures == 0 ? "mixed-ISA program: ok" : "mixed-ISA program: FAILED", failures);
  return failures == 0 ? 0 : 1;
}
