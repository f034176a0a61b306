// golu::dispatch's front: picks one kernel table at the first call, from what the
// CPU has and the GOLU_ISA cap. Compiled for the baseline of the architecture
// (x86-64 SSE2, or aarch64), like every caller it must run on.
#include <cstdlib>
#include <cstring>
#include <golu/dispatch.hpp>
#include <stdexcept>
#include <string>

#include "kernel_table.hpp"

namespace golu {
namespace dispatch {
namespace abi {
namespace {

struct choice {
  const char* name;
  const kernel_table* table;
  bool (*available)();
};

#if defined(__x86_64__) || defined(_M_X64)
bool always() {
  return true;
}
// The flags isa_avx2.cpp is built with (-mavx2 -mfma), and whether the OS saves
// the registers (__builtin_cpu_supports checks XCR0 as well as CPUID).
bool has_avx2() {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
// isa_avx512.cpp: -mavx512f -mavx512cd -mavx512bw -mavx512dq -mavx512vl on top.
bool has_avx512() {
  return has_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}
// Narrowest first.
const choice choices[] = {
    {"sse2", &kernels_sse2, always}, {"avx2", &kernels_avx2, has_avx2}, {"avx512", &kernels_avx512, has_avx512}};
#elif defined(__aarch64__)
bool always() {
  return true;
}  // NEON is part of the aarch64 baseline
const choice choices[] = {{"neon", &kernels_neon, always}};
#else
#error "golu::dispatch supports x86-64 and aarch64"
#endif

const choice& choose() {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
#endif
  constexpr std::size_t count = sizeof choices / sizeof choices[0];
  std::size_t cap = count - 1;
  if (const char* env = std::getenv("GOLU_ISA"); env != nullptr && *env != '\0') {
    std::size_t k = 0;
    while (k < count && std::strcmp(env, choices[k].name) != 0) ++k;
    if (k == count) {
      std::string names;
      for (const auto& c : choices) names += std::string(names.empty() ? "" : ", ") + c.name;
      throw std::invalid_argument("golu::dispatch: GOLU_ISA=" + std::string(env) +
                                  " names no instruction set of this build (expected one of: " + names + ")");
    }
    cap = k;
  }
  std::size_t k = cap;
  while (k > 0 && !choices[k].available()) --k;
  return choices[k];
}

// Chosen once; a throw (bad GOLU_ISA) leaves it unchosen, so every call reports it.
const choice& active() {
  static const choice& c = choose();
  return c;
}

}  // namespace

template <class T>
void forward_any(const activation& act, const T* x, T* y, std::size_t n) {
  active().table->of(x).forward(act, x, y, n);
}
template <class T>
void backward_any(const activation& act, const T* x, const T* dy, T* dx, std::size_t n) {
  active().table->of(x).backward(act, x, dy, dx, n);
}
template <class T>
partials param_grad_any(const activation& act, const T* x, const T* dy, std::size_t n) {
  return active().table->of(x).param_grad(act, x, dy, n);
}

void forward(const activation& act, const float* x, float* y, std::size_t n) {
  forward_any(act, x, y, n);
}
void forward(const activation& act, const double* x, double* y, std::size_t n) {
  forward_any(act, x, y, n);
}
void forward(const activation& act, const bfloat16* x, bfloat16* y, std::size_t n) {
  forward_any(act, x, y, n);
}
void forward(const activation& act, const float16* x, float16* y, std::size_t n) {
  forward_any(act, x, y, n);
}
void backward(const activation& act, const float* x, const float* dy, float* dx, std::size_t n) {
  backward_any(act, x, dy, dx, n);
}
void backward(const activation& act, const double* x, const double* dy, double* dx, std::size_t n) {
  backward_any(act, x, dy, dx, n);
}
void backward(const activation& act, const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n) {
  backward_any(act, x, dy, dx, n);
}
void backward(const activation& act, const float16* x, const float16* dy, float16* dx, std::size_t n) {
  backward_any(act, x, dy, dx, n);
}
partials param_grad(const activation& act, const float* x, const float* dy, std::size_t n) {
  return param_grad_any(act, x, dy, n);
}
partials param_grad(const activation& act, const double* x, const double* dy, std::size_t n) {
  return param_grad_any(act, x, dy, n);
}
partials param_grad(const activation& act, const bfloat16* x, const bfloat16* dy, std::size_t n) {
  return param_grad_any(act, x, dy, n);
}
partials param_grad(const activation& act, const float16* x, const float16* dy, std::size_t n) {
  return param_grad_any(act, x, dy, n);
}

}  // namespace abi

const char* isa() {
  return abi::active().name;
}

}  // namespace dispatch
}  // namespace golu
