// Fused multiply-add on double batches. xsimd 8.1 has no AVX-512 fma kernel and
// falls back to x*y + z (two roundings), which would break the error-free
// products the double-double code relies on; the AVX-512 instruction is used
// directly instead. Other architectures use xsimd::fma, fused where the
// architecture has FMA (see detail::arch_has_fma).
#pragma once

#include <golu/target.hpp>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

template <class A>
inline xsimd::batch<double, A> fused_multiply_add(const xsimd::batch<double, A>& a, const xsimd::batch<double, A>& b,
                                                  const xsimd::batch<double, A>& c) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
    return xsimd::batch<double, A>(_mm512_fmadd_pd(a, b, c));
  } else
#endif
  {
    return xsimd::fma(a, b, c);
  }
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
