// Accuracy levels, carried by an activation's type: golu::GoLU<golu::fast> (the
// default, golu::GoLU{}) and golu::GoLU<golu::exact>; the same for every
// activation. Both levels take the same inputs, keep the same special values
// (NaN, the limits at +-inf, signed zeros, subnormal results) and give bit-identical
// results through every API (scalar, SIMD, arrays, Eigen, Tensor); they differ in
// how close each result is to the exact value and in speed:
//  - fast: computed in the data's own width (16 floats per AVX-512 vector); error
//    bounded by a few ULP times max(1, kappa(x)), kappa the function's relative
//    condition number at x (what rounding x itself costs).
//  - exact: float results computed in double and double results in double-double,
//    within about 1 ULP of the exact value everywhere.
// Each activation states its bounds as data beside its definition, Act::bounds<T>()
// (golu/bounds.hpp); the tests check them and the README shows them.
#pragma once

#include <type_traits>

namespace golu {

struct fast {
  static constexpr const char* name = "fast";
};
struct exact {
  static constexpr const char* name = "exact";
};

template <class L>
constexpr bool is_level_v = std::is_same<L, fast>::value || std::is_same<L, exact>::value;

}  // namespace golu
