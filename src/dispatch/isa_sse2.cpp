// golu::dispatch's kernels for sse2; CMake sets this file's instruction-set flags.
#include "isa_kernels.hpp"

static_assert(XSIMD_WITH_SSE2 && !XSIMD_WITH_AVX && !GOLU_HAS_FMA,
              "golu::dispatch: isa_sse2.cpp must be compiled for sse2 (see src/dispatch/CMakeLists.txt)");

const golu::dispatch::abi::kernel_table golu::dispatch::abi::kernels_sse2 = this_isa_kernels;
