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

}  // namespace

const kernel_table* kernels_if_available(const char* isa) {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
#endif
  for (const auto& c : choices)
    if (std::strcmp(isa, c.name) == 0) return c.available() ? c.table : nullptr;
  return nullptr;
}

namespace {
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

template <class T>
void gated_forward_any(const activation& act, const T* gate, const T* up, T* y, std::size_t n) {
  active().table->of(gate).gated_forward(act, gate, up, y, n);
}
template <class T>
void gated_backward_any(const activation& act, const T* gate, const T* up, const T* dy, T* dgate, T* dup,
                        std::size_t n) {
  active().table->of(gate).gated_backward(act, gate, up, dy, dgate, dup, n);
}
template <class T>
void glu_forward_any(const activation& act, glu_layout layout, const T* x, T* y, std::size_t rows, std::size_t cols) {
  active().table->of(x).glu_forward(act, layout, x, y, rows, cols);
}
template <class T>
void glu_backward_any(const activation& act, glu_layout layout, const T* x, const T* dy, T* dx, std::size_t rows,
                      std::size_t cols) {
  active().table->of(x).glu_backward(act, layout, x, dy, dx, rows, cols);
}

// The declared overloads of golu/dispatch.hpp, per array type.
#define GOLU_DISPATCH_DEFINE(T)                                                                                      \
  void forward(const activation& act, const T* x, T* y, std::size_t n) {                                             \
    forward_any(act, x, y, n);                                                                                       \
  }                                                                                                                  \
  void backward(const activation& act, const T* x, const T* dy, T* dx, std::size_t n) {                              \
    backward_any(act, x, dy, dx, n);                                                                                 \
  }                                                                                                                  \
  partials param_grad(const activation& act, const T* x, const T* dy, std::size_t n) {                               \
    return param_grad_any(act, x, dy, n);                                                                            \
  }                                                                                                                  \
  void gated_forward(const activation& act, const T* gate, const T* up, T* y, std::size_t n) {                       \
    gated_forward_any(act, gate, up, y, n);                                                                          \
  }                                                                                                                  \
  void gated_backward(const activation& act, const T* gate, const T* up, const T* dy, T* dgate, T* dup,              \
                      std::size_t n) {                                                                               \
    gated_backward_any(act, gate, up, dy, dgate, dup, n);                                                            \
  }                                                                                                                  \
  void glu_forward(const activation& act, glu_layout layout, const T* x, T* y, std::size_t rows, std::size_t cols) { \
    glu_forward_any(act, layout, x, y, rows, cols);                                                                  \
  }                                                                                                                  \
  void glu_backward(const activation& act, glu_layout layout, const T* x, const T* dy, T* dx, std::size_t rows,      \
                    std::size_t cols) {                                                                              \
    glu_backward_any(act, layout, x, dy, dx, rows, cols);                                                            \
  }
GOLU_DISPATCH_DEFINE(float)
GOLU_DISPATCH_DEFINE(double)
GOLU_DISPATCH_DEFINE(bfloat16)
GOLU_DISPATCH_DEFINE(float16)
#undef GOLU_DISPATCH_DEFINE

}  // namespace abi

const char* isa() {
  return abi::active().name;
}

}  // namespace dispatch
}  // namespace golu
