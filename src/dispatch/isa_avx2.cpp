// golu::dispatch's kernels for avx2; CMake sets this file's instruction-set flags.
#include "isa_kernels.hpp"

static_assert(XSIMD_WITH_FMA3_AVX2 && !XSIMD_WITH_AVX512F,
              "golu::dispatch: isa_avx2.cpp must be compiled for avx2 (see src/dispatch/CMakeLists.txt)");

const golu::dispatch::abi::kernel_table golu::dispatch::abi::kernels_avx2 = this_isa_kernels;
