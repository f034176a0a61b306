// aarch64 (NEON) shortcuts, each with the portable version's bits for every input
// the kernels give it.
#pragma once

#include <cstdint>
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

// table[i mod 8] per lane for an 8-entry float table on aarch64: one two-register
// byte lookup (tbl) of the byte indices 4 (i mod 8) + {0, 1, 2, 3}, built by one
// and and one multiply-add, where xsimd's portable path stores, loads each lane
// and reloads. Callers test is_neon64<A> first.
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<float, A> neon_lookup8(const float (&table)[8],
                                                       const xsimd::batch<std::uint32_t, A>& i) noexcept {
#if XSIMD_WITH_NEON64
  if constexpr (is_neon64<A>) {
    const uint8x16x2_t bytes = {{vreinterpretq_u8_f32(vld1q_f32(table)), vreinterpretq_u8_f32(vld1q_f32(table + 4))}};
    const uint32x4_t lane = vandq_u32(i, vdupq_n_u32(7));
    const uint32x4_t index = vmlaq_u32(vdupq_n_u32(0x03020100u), lane, vdupq_n_u32(0x04040404u));
    return vreinterpretq_f32_u8(vqtbl2q_u8(bytes, vreinterpretq_u8_u32(index)));
  } else
#endif
  {
    static_assert(is_neon64<A>, "neon_lookup8: aarch64 batches only");
    (void)i;
    return xsimd::batch<float, A>(table[0]);
  }
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
