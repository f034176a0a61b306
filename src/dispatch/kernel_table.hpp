// The per-instruction-set entry points of golu::dispatch, one table per unit.
#pragma once

#include <cstddef>
#include <golu/dispatch.hpp>

namespace golu {
namespace dispatch {
namespace abi {

// The entry points for one array type T.
template <class T>
struct typed_kernels {
  void (*forward)(const activation&, const T*, T*, std::size_t);
  void (*backward)(const activation&, const T*, const T*, T*, std::size_t);
  partials (*param_grad)(const activation&, const T*, const T*, std::size_t);
  void (*gated_forward)(const activation&, const T*, const T*, T*, std::size_t);
  void (*gated_backward)(const activation&, const T*, const T*, const T*, T*, T*, std::size_t);
  void (*glu_forward)(const activation&, glu_layout, const T*, T*, std::size_t, std::size_t);
  void (*glu_backward)(const activation&, glu_layout, const T*, const T*, T*, std::size_t, std::size_t);
};

struct kernel_table {
  typed_kernels<float> f32;
  typed_kernels<double> f64;
  typed_kernels<bfloat16> bf16;
  typed_kernels<float16> f16;
  const char* target;  // golu::target_name of the unit, e.g. "avx512bw_fma"

  const typed_kernels<float>& of(const float*) const { return f32; }
  const typed_kernels<double>& of(const double*) const { return f64; }
  const typed_kernels<bfloat16>& of(const bfloat16*) const { return bf16; }
  const typed_kernels<float16>& of(const float16*) const { return f16; }
};

// Defined by isa_<name>.cpp, each compiled for its instruction set.
extern const kernel_table kernels_sse2, kernels_avx2, kernels_avx512, kernels_neon;

// The table of the instruction set named isa ("sse2", "avx2", "avx512", "neon") if
// this build has it and the CPU runs it, else nullptr; GOLU_ISA plays no part. For
// tests that run several targets' kernels in one process (tests/support/float_sweep.hpp).
const kernel_table* kernels_if_available(const char* isa);

}  // namespace abi
}  // namespace dispatch
}  // namespace golu
