// Float batches are computed in double: a batch<float, A> of N lanes is widened
// to two batch<double, A> of N/2 lanes (exact) and the results are narrowed back
// with one rounding. Portable xsimd code: it sits in arch/ because the lane
// split depends on the batch width.
#pragma once

#include <cstddef>
#include <golu/config.hpp>
#include <golu/target.hpp>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

template <class A>
struct widened {
  xsimd::batch<double, A> lo, hi;  // lanes [0, N/2) and [N/2, N)
};

template <class A>
inline widened<A> widen(const xsimd::batch<float, A>& x) noexcept {
  using D = xsimd::batch<double, A>;
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
    const __m512 v = x;
    const __m256 upper = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
    return {D(_mm512_cvtps_pd(_mm512_castps512_ps256(v))), D(_mm512_cvtps_pd(upper))};
  } else
#endif
#if XSIMD_WITH_AVX
      if constexpr (std::is_base_of<xsimd::avx, A>::value) {
    const __m256 v = x;
    return {D(_mm256_cvtps_pd(_mm256_castps256_ps128(v))), D(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)))};
  } else
#endif
#if XSIMD_WITH_SSE2
      if constexpr (std::is_base_of<xsimd::sse2, A>::value) {
    const __m128 v = x;
    return {D(_mm_cvtps_pd(v)), D(_mm_cvtps_pd(_mm_movehl_ps(v, v)))};
  } else
#endif
  {
    constexpr std::size_t n = xsimd::batch<float, A>::size;
    alignas(A::alignment()) float in[n];
    alignas(A::alignment()) double out[n];
    x.store_aligned(in);
    for (std::size_t i = 0; i < n; ++i) out[i] = in[i];
    return {D::load_aligned(out), D::load_aligned(out + n / 2)};
  }
}

// Rounds to float once per lane (current rounding mode; subnormals kept unless FTZ is on).
template <class A>
inline xsimd::batch<float, A> narrow(const xsimd::batch<double, A>& lo, const xsimd::batch<double, A>& hi) noexcept {
  using F = xsimd::batch<float, A>;
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
    const __m256 l = _mm512_cvtpd_ps(lo), h = _mm512_cvtpd_ps(hi);
    return F(_mm512_castpd_ps(_mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_castps_pd(l)), _mm256_castps_pd(h), 1)));
  } else
#endif
#if XSIMD_WITH_AVX
      if constexpr (std::is_base_of<xsimd::avx, A>::value) {
    return F(_mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi), 1));
  } else
#endif
#if XSIMD_WITH_SSE2
      if constexpr (std::is_base_of<xsimd::sse2, A>::value) {
    return F(_mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi)));
  } else
#endif
  {
    constexpr std::size_t n = xsimd::batch<float, A>::size;
    alignas(A::alignment()) double in[n];
    alignas(A::alignment()) float out[n];
    lo.store_aligned(in);
    hi.store_aligned(in + n / 2);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(in[i]);
    return F::load_aligned(out);
  }
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
