// The rare-path policy: a kernel whose full form pays, on every vector, for
// results that few inputs produce (subnormal or zero results, -inf) can run a
// cheap form instead when no lane of the vector needs the full one. The cheap
// form must return the full form's bits on every lane it accepts, so that which
// path a vector took never shows in a result (scalar, SIMD and every target
// agree); each kernel states the band of inputs it accepts and why the two
// agree there.
#pragma once

#include <golu/arch/neon.hpp>
#include <golu/arch/x86.hpp>
#include <golu/config.hpp>
#include <golu/target.hpp>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// Whether some lane of x is below bound; a NaN lane is not. One compare and one
// test of the mask (vtestps on AVX, movmskps on SSE, a reduction on NEON).
template <class S, std::enable_if_t<std::is_floating_point<S>::value, int> = 0>
GOLU_ALWAYS_INLINE bool any_below(S x, S bound) noexcept {
  return x < bound;
}
template <class T, class A>
GOLU_ALWAYS_INLINE bool any_below(const xsimd::batch<T, A>& x, T bound) noexcept {
  return xsimd::any(x < xsimd::batch<T, A>(bound));
}

// Whether kernels on V test for rare lanes and branch. Not on AVX-512: vscalef
// applies any power of two, rounding once, at the cost of the normal-only
// scaling, so the full kernels there cost what the cheap ones would (one clamp
// more) and the test would only add work. Scalars and every other target branch.
template <class V>
constexpr bool branches_to_rare_path() noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    return true;
  } else {
    return !is_avx512<typename V::arch_type>;
  }
}

// Whether V rounds to the nearest integer (ties to even) in one instruction
// (roundps / vrndscaleps from SSE4.1 on, frintn on AArch64): there a reduction
// z - round(z) takes 2 dependent steps instead of the shifter's 3 (z + shifter,
// shifter - s, z + m), with the same bits. Kernels bound by latency use it; the
// shifter's s still carries the integer for the power of two.
template <class V>
constexpr bool rounds_in_one_instruction() noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    return false;
  } else {
    using A = typename V::arch_type;  // xsimd 8.1: avx and avx512f do not derive from sse4_1
    return is_sse4_1<A> || is_avx<A> || is_avx512<A> || is_neon64<A>;
  }
}

// x rounded to the nearest integer, ties to even, in one instruction; for V
// with rounds_in_one_instruction<V>() only.
template <class T, class A>
GOLU_ALWAYS_INLINE xsimd::batch<T, A> round_nearest(const xsimd::batch<T, A>& x) noexcept {
  static_assert(rounds_in_one_instruction<xsimd::batch<T, A>>(),
                "round_nearest: targets that round in one instruction");
  if constexpr (is_neon64<A>) {
    return neon_round_nearest(x);
  } else {
    return xsimd::nearbyint(x);  // roundps / vrndscaleps
  }
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
