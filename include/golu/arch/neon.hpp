// aarch64 (NEON) shortcuts, each with the portable version's bits for every input
// the kernels give it.
#pragma once

#include <golu/config.hpp>
#include <golu/target.hpp>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

template <class A>
constexpr bool is_neon64 =
#if XSIMD_WITH_NEON64
    std::is_base_of<xsimd::neon64, A>::value;
#else
    false;
#endif

// a / b, correctly rounded, for float batches on aarch64: xsimd 8.1 divides them
// by a reciprocal estimate and two Newton steps (measured: 1 ULP off, so scalar
// and SIMD results differed); fdiv is IEEE. Callers test is_neon64<A> first.
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<float, A> neon_div(const xsimd::batch<float, A>& a,
                                                   const xsimd::batch<float, A>& b) noexcept {
#if XSIMD_WITH_NEON64
  if constexpr (is_neon64<A>) {
    return vdivq_f32(a, b);
  } else
#endif
  {
    static_assert(is_neon64<A>, "neon_div: aarch64 batches only");
    return a / b;
  }
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
