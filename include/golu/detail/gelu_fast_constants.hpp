// The fast float GELU's constants (golu::GELU<fast>, activations/gelu.hpp), printed by
// tools/gen_gelu_fast.cpp: golu_gen_gelu_fast header > include/golu/detail/gelu_fast_constants.hpp
// (p = 0.25, deg P = 8, deg E = 6). Do not edit.
//   a = min(|x|, clamp), s = a / (1 + p a), v = P(s) - a (a L2), f = v - floor(v),
//   -a Q(a) = s E(f) 2^floor(v), Q(a) = Phi(-a), E(f) ~ -2^(f - 1.5).
// P: weighted error 0.6931 x 2^-24 (relative error of Q / max(1, kappa), after float
// rounding); E: relative error 0.2871 x 2^-24.
// clang-format off
#pragma once

#include <golu/target.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {
namespace constants {

constexpr float gelu_fast_clamp = 0x1.dp+3f;  // 14.5
constexpr float gelu_fast_p = 0x1p-2f;
constexpr float gelu_fast_half_log2e = 0x1.715476p-1f;  // log2(e)/2
constexpr float gelu_fast_poly[] = {0x1.fffffcp-2f, -0x1.94b31cp-1f, 0x1.3e31e4p-6f, 0x1.d305d2p-7f, 0x1.e87f9p-15f, -0x1.a7ac12p-12f, -0x1.71f94ep-13f, 0x1.32a96p-14f, -0x1.ddb7b2p-18f};
constexpr float gelu_fast_exp2[] = {-0x1.6a09e6p-2f, -0x1.f5e47cp-3f, -0x1.5be192p-4f, -0x1.418654p-6f, -0x1.beae04p-9f, -0x1.d98696p-12f, -0x1.32134ap-14f};

}  // namespace constants
}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
