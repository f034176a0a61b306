// The rare-path policy: a kernel whose full form pays, on every vector, for
// results that few inputs produce (subnormal or zero results, -inf) can run a
// cheap form instead when no lane of the vector needs the full one. The cheap
// form must return the full form's bits on every lane it accepts, so that which
// path a vector took never shows in a result (scalar, SIMD and every target
// agree); each kernel states the band of inputs it accepts and why the two
// agree there.
#pragma once

#include <cmath>
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

// Whether kernels on V whose cheap form is the full one minus its rare-case steps
// (the double default GoLU) test for rare lanes and branch. Not on AVX-512:
// vscalef applies any power of two, rounding once, at the cost of the normal-only
// scaling, so the full kernels there cost what the cheap ones would (one clamp
// more) and the test would only add work. Scalars and every other target branch.
// A cheap form with a formula of its own (the float GoLU's table band, Mish's forward)
// branches on every target instead, and a vector with a rare lane takes the cheap
// form's results on its other lanes (gompertz_fast.hpp: merge_band).
template <class V>
constexpr bool branches_to_rare_path() noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    return true;
  } else {
    return !is_avx512<typename V::arch_type>;
  }
}

// Whether no lane of x has |x| above limit (a NaN lane does not).
template <class V>
GOLU_ALWAYS_INLINE bool all_within(const V& x, double limit) noexcept {
  if constexpr (std::is_floating_point<V>::value) {
    return !(std::fabs(x) > V(limit));
  } else {
    using T = typename V::value_type;
    return !any_below(-xsimd::abs(x), T(-limit));
  }
}

// Whether a kernel whose cheap form (the full one minus its rare-case steps) needs
// every |x| <= limit takes it for x: the target branches and all_within.
template <class V>
GOLU_ALWAYS_INLINE bool branches_and_within(const V& x, double limit) noexcept {
  if constexpr (!branches_to_rare_path<V>()) {
    (void)x;
    (void)limit;
    return false;
  } else {
    return all_within(x, limit);
  }
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
