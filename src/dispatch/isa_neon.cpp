// golu::dispatch's kernels for neon; CMake sets this file's instruction-set flags.
#include "isa_kernels.hpp"

static_assert(XSIMD_WITH_NEON64,
              "golu::dispatch: isa_neon.cpp must be compiled for neon (see src/dispatch/CMakeLists.txt)");

const golu::dispatch::abi::kernel_table golu::dispatch::abi::kernels_neon = this_isa_kernels;
