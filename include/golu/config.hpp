// golu: the Gompertz Linear Unit for C++. MIT licence, see LICENSE.
#pragma once

#define GOLU_VERSION_MAJOR 0
#define GOLU_VERSION_MINOR 1
#define GOLU_VERSION_PATCH 0

#if __cplusplus < 201703L && !(defined(_MSVC_LANG) && _MSVC_LANG >= 201703L)
#error "golu needs C++17 or later"
#endif

// The kernels round to integers with the 1.5*2^52 shifter, test for NaN with
// comparisons and rely on IEEE signed zeros and subnormals. -ffast-math allows
// the compiler to fold all of that away, which would make results silently
// wrong, so it is refused rather than tolerated.
#if defined(__FAST_MATH__) && !defined(GOLU_ALLOW_FAST_MATH)
#error \
    "golu: -ffast-math breaks the kernels' rounding and NaN handling; compile golu code without it (or define GOLU_ALLOW_FAST_MATH to accept wrong results)"
#endif

// Scalar code uses a fused multiply-add exactly when the SIMD code does, so that
// scalar and SIMD results are bit-identical. xsimd fuses when the target has FMA.
#if defined(__FMA__) || defined(__FMA4__) || defined(__AVX512F__) || defined(__aarch64__)
#define GOLU_HAS_FMA 1
#else
#define GOLU_HAS_FMA 0
#endif

// The kernels and every helper they call are forced inline into the array loops:
// in a translation unit that instantiates many kernels, GCC's inliner runs out of
// budget and leaves calls that pass batches through memory, so a kernel's speed
// depended on what else the unit held (measured: double GoLU 3.7x slower; the exact
// Swish 2x slower in the -march=native benchmark unit than in golu::dispatch's).
// Forcing them (golu_activations, 64 Ki, one core, same session): the exact
// double kernels 0.66-0.87x the time, exact float Mish backward 0.52x, fast float
// GoLU backward 0.64x, nothing slower beyond noise; test_activations.cpp compiles
// in 58 s instead of 33 (-O3).
// GOLU_NO_FORCED_INLINE (the sanitizer build defines it) leaves inlining to the
// compiler: same results, shorter compiles where speed does not matter.
#if defined(GOLU_NO_FORCED_INLINE)
#define GOLU_ALWAYS_INLINE inline
#elif defined(__GNUC__)
#define GOLU_ALWAYS_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define GOLU_ALWAYS_INLINE __forceinline
#else
#define GOLU_ALWAYS_INLINE inline
#endif

// The same for the array loops' kernel lambdas (after the parameter list): GCC 12
// left a capture-less lambda as one call per vector (measured 1.5x slower).
#if defined(__GNUC__) && !defined(GOLU_NO_FORCED_INLINE)
#define GOLU_LAMBDA_INLINE __attribute__((always_inline))
#else
#define GOLU_LAMBDA_INLINE
#endif

#if defined(__cpp_lib_span) || (__cplusplus >= 202002L)
#define GOLU_HAS_SPAN 1
#else
#define GOLU_HAS_SPAN 0
#endif
