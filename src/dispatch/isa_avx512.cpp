// golu::dispatch's kernels for avx512; CMake sets this file's instruction-set flags.
#include "isa_kernels.hpp"

static_assert(XSIMD_WITH_AVX512BW,
              "golu::dispatch: isa_avx512.cpp must be compiled for avx512 (see src/dispatch/CMakeLists.txt)");

const golu::dispatch::abi::kernel_table golu::dispatch::abi::kernels_avx512 = this_isa_kernels;
