// The target namespace: every golu definition whose code depends on the
// instruction set a translation unit is compiled for (SIMD width, FMA) lives in
// golu::GOLU_TARGET_NAMESPACE, an inline namespace named after that target, as
// Highway's per-target namespaces do. Users still write golu::forward,
// golu::GoLU, golu::detail::...; the linker sees golu::avx2_fma::forward, so
// translation units built for different instruction sets (one file with -mavx512f,
// the rest for baseline x86-64) link into one program and each runs its own code,
// instead of the linker keeping one of several different definitions of one
// inline symbol (undefined behaviour; in practice AVX-512 code called on a CPU
// without it).
//
// The name is fixed by what the code depends on: xsimd's default architecture
// (which batch<T> is) and whether scalar code fuses (GOLU_HAS_FMA). Only the
// level tags (golu/level.hpp) live outside it: they hold no code.
//
// A consequence: golu's class types are per-target too (golu::GoLU<> is
// golu::avx2_fma::GoLU<> in an AVX2 translation unit). Objects are passed between
// translation units built for different targets by their parameters, as
// golu::dispatch does.
#pragma once

#include <golu/config.hpp>
#include <xsimd/config/xsimd_config.hpp>

#if XSIMD_WITH_AVX512BW
#define GOLU_TARGET_ARCH avx512bw
#elif XSIMD_WITH_AVX512DQ
#define GOLU_TARGET_ARCH avx512dq
#elif XSIMD_WITH_AVX512CD
#define GOLU_TARGET_ARCH avx512cd
#elif XSIMD_WITH_AVX512F
#define GOLU_TARGET_ARCH avx512f
#elif XSIMD_WITH_FMA3_AVX2
#define GOLU_TARGET_ARCH fma3_avx2
#elif XSIMD_WITH_AVX2
#define GOLU_TARGET_ARCH avx2
#elif XSIMD_WITH_FMA3_AVX
#define GOLU_TARGET_ARCH fma3_avx
#elif XSIMD_WITH_AVX
#define GOLU_TARGET_ARCH avx
#elif XSIMD_WITH_FMA3_SSE
#define GOLU_TARGET_ARCH fma3_sse4_2
#elif XSIMD_WITH_SSE4_2
#define GOLU_TARGET_ARCH sse4_2
#elif XSIMD_WITH_SSE4_1
#define GOLU_TARGET_ARCH sse4_1
#elif XSIMD_WITH_SSSE3
#define GOLU_TARGET_ARCH ssse3
#elif XSIMD_WITH_SSE3
#define GOLU_TARGET_ARCH sse3
#elif XSIMD_WITH_SSE2
#define GOLU_TARGET_ARCH sse2
#elif XSIMD_WITH_NEON64
#define GOLU_TARGET_ARCH neon64
#elif XSIMD_WITH_NEON
#define GOLU_TARGET_ARCH neon
#else
#define GOLU_TARGET_ARCH scalar
#endif

#define GOLU_TARGET_CAT2(a, b) a##b
#define GOLU_TARGET_CAT(a, b) GOLU_TARGET_CAT2(a, b)
#define GOLU_TARGET_STR2(a) #a
#define GOLU_TARGET_STR(a) GOLU_TARGET_STR2(a)

// Scalar fused multiply-adds (GOLU_HAS_FMA) change scalar results on their own,
// apart from the SIMD architecture (-mfma4, or FMA without xsimd's fma3 arch).
#if GOLU_HAS_FMA
#define GOLU_TARGET_NAMESPACE GOLU_TARGET_CAT(GOLU_TARGET_ARCH, _fma)
#else
#define GOLU_TARGET_NAMESPACE GOLU_TARGET_ARCH
#endif

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
// The target this translation unit's golu code is built for, e.g. "avx512bw_fma".
constexpr const char* target_name = GOLU_TARGET_STR(GOLU_TARGET_NAMESPACE);
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
