// The per-instruction-set entry points of golu::dispatch, one table per unit.
#pragma once

#include <cstddef>
#include <golu/dispatch.hpp>

namespace golu {
namespace dispatch {
namespace abi {

struct kernel_table {
  void (*forward_f32)(const activation&, const float*, float*, std::size_t);
  void (*forward_f64)(const activation&, const double*, double*, std::size_t);
  void (*backward_f32)(const activation&, const float*, const float*, float*, std::size_t);
  void (*backward_f64)(const activation&, const double*, const double*, double*, std::size_t);
  partials (*param_grad_f32)(const activation&, const float*, const float*, std::size_t);
  partials (*param_grad_f64)(const activation&, const double*, const double*, std::size_t);
  const char* target;  // golu::target_name of the unit, e.g. "avx512bw_fma"
};

// Defined by isa_<name>.cpp, each compiled for its instruction set.
extern const kernel_table kernels_sse2, kernels_avx2, kernels_avx512, kernels_neon;

}  // namespace abi
}  // namespace dispatch
}  // namespace golu
