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

// Reinterpretation of a batch's bits and left shifts of its lanes on aarch64: what
// xsimd::bitwise_cast and operator<< compute, always inlined. GCC 12 leaves
// xsimd 8.1's own out of line in the kernels' loops (a call per use, the batch
// through the stack and the constants reloaded after each: bench/neon_report.sh).
// Callers test is_neon64<A> first.
template <class To, class From, class A>
GOLU_ALWAYS_INLINE xsimd::batch<To, A> neon_bitcast(const xsimd::batch<From, A>& v) noexcept {
  using R = typename xsimd::batch<To, A>::register_type;
  using F = typename xsimd::batch<From, A>::register_type;
  static_assert(sizeof(R) == sizeof(F), "neon_bitcast: same-size registers");
  return xsimd::batch<To, A>((R)(F)(v));  // a vector cast: the same bits
}
template <class U, class A>
GOLU_ALWAYS_INLINE xsimd::batch<U, A> neon_shift_left(const xsimd::batch<U, A>& v, int n) noexcept {
#if XSIMD_WITH_NEON64
  if constexpr (is_neon64<A> && std::is_same<U, std::uint32_t>::value) {
    return vshlq_u32(v, vdupq_n_s32(n));
  } else if constexpr (is_neon64<A> && std::is_same<U, std::uint64_t>::value) {
    return vshlq_u64(v, vdupq_n_s64(n));
  } else
#endif
  {
    static_assert(is_neon64<A>, "neon_shift_left: aarch64 batches of unsigned 32- or 64-bit lanes only");
    return v << n;
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
