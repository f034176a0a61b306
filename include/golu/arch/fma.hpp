// a * b + c for every value type the kernels use (float, double, xsimd batches of
// them), fused exactly when the matching SIMD code is: scalar code fuses when the
// target has FMA (GOLU_HAS_FMA), so scalar and SIMD results are bit-identical.
// xsimd 8.1 has no fused AVX-512 fma (its fma there is x*y + z, two roundings,
// which would break the error-free products the kernels rely on): the AVX-512
// instructions are used directly. Other architectures use xsimd::fma, fused where
// the architecture has FMA (see detail::arch_has_fma).
#pragma once

#include <cmath>
#include <golu/arch/neon.hpp>
#include <golu/arch/x86.hpp>
#include <golu/config.hpp>
#include <golu/target.hpp>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// Whether xsimd's fma on architecture A is fused (one rounding).
template <class A>
struct arch_has_fma : std::integral_constant<bool,
#if XSIMD_WITH_AVX512F
                                             std::is_base_of<xsimd::avx512f, A>::value ||
#endif
#if XSIMD_WITH_FMA3_AVX2
                                                 std::is_base_of<xsimd::fma3<xsimd::avx2>, A>::value ||
#endif
#if XSIMD_WITH_FMA3_AVX
                                                 std::is_base_of<xsimd::fma3<xsimd::avx>, A>::value ||
#endif
#if XSIMD_WITH_FMA3_SSE
                                                 std::is_base_of<xsimd::fma3<xsimd::sse4_2>, A>::value ||
#endif
#if XSIMD_WITH_NEON64
                                                 std::is_base_of<xsimd::neon64, A>::value ||
#endif
                                                 false> {
};

template <class S, std::enable_if_t<std::is_floating_point<S>::value, int> = 0>
GOLU_ALWAYS_INLINE S fma(S a, S b, S c) noexcept {
#if GOLU_HAS_FMA
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

// One overload per element type: more specialized than xsimd::fma(batch<T, A>...),
// which argument-dependent lookup also finds for unqualified calls.
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<float, A> fma(const xsimd::batch<float, A>& a, const xsimd::batch<float, A>& b,
                                              const xsimd::batch<float, A>& c) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) return _mm512_fmadd_ps(a, b, c);
#endif
  return xsimd::fma(a, b, c);
}

template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> fma(const xsimd::batch<double, A>& a, const xsimd::batch<double, A>& b,
                                               const xsimd::batch<double, A>& c) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) return _mm512_fmadd_pd(a, b, c);
#endif
  return xsimd::fma(a, b, c);
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
