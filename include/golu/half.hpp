// 16-bit floating-point storage: bfloat16 (8 exponent bits, 7 mantissa bits) and
// IEEE 754 binary16 (5 and 10). golu computes in float and stores 16 bits; these are
// the storage types of the array API (golu/array.hpp) and their conversions.
//
// Contract of the conversions, scalar and SIMD alike (bit-identical to each other):
//  - to float: exact (every bfloat16 and binary16 value is a float);
//  - from float: round to nearest, ties to even, subnormal results kept (binary16
//    subnormals, and bfloat16's, which are float's); overflow to +-inf (binary16:
//    |x| >= 65520); NaN stays NaN with its sign and the top payload bits, quieted
//    (the result of the x86 F16C instruction vcvtps2ph and of Arm's fcvt);
//  - no flags, no dependence on the rounding mode; the binary16 subnormal paths add
//    floats, so they assume denormals are not flushed to zero (the default).
// Layout: one std::uint16_t, the IEEE bit pattern. Eigen::half, Eigen::bfloat16,
// c10::Half and c10::BFloat16 have the same layout and may be passed by
// reinterpret_cast of the array pointer.
#pragma once

#include <cstdint>
#include <cstring>
#include <golu/target.hpp>
#include <xsimd/xsimd.hpp>

namespace golu {

// Plain data, outside the target namespace (no code depends on the target).
struct bfloat16 {
  std::uint16_t bits;
};
struct float16 {
  std::uint16_t bits;
};

template <class S>
constexpr bool is_half_storage_v = std::is_same<S, bfloat16>::value || std::is_same<S, float16>::value;

inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// The conversions, written once over 32-bit lanes: V is std::uint32_t (scalar, where
// shifts into the sign bit are defined) or xsimd::batch<std::int32_t, A>, F the
// matching float type. Only the low 16 bits of a narrowed result are kept, so
// arithmetic and logical shifts agree. Conditions are float compares and choices
// bitwise float selects: xsimd 8.1's select of int32 lanes does not compile for
// AVX-512BW at -O0.
inline float int_as_float(std::uint32_t v) {
  float f;
  std::memcpy(&f, &v, sizeof f);
  return f;
}
inline std::uint32_t float_as_int(float f) {
  std::uint32_t v;
  std::memcpy(&v, &f, sizeof v);
  return v;
}
template <class A>
inline xsimd::batch<float, A> int_as_float(const xsimd::batch<std::int32_t, A>& v) {
  return xsimd::bitwise_cast<xsimd::batch<float, A>>(v);
}
template <class A>
inline xsimd::batch<std::int32_t, A> float_as_int(const xsimd::batch<float, A>& f) {
  return xsimd::bitwise_cast<xsimd::batch<std::int32_t, A>>(f);
}

// NaN lanes. (xsimd 8.1's `f != f` is an ordered compare on AVX and AVX-512: false for NaN.)
inline bool is_nan(float f) {
  return f != f;
}
template <class A>
inline xsimd::batch_bool<float, A> is_nan(const xsimd::batch<float, A>& f) {
  return xsimd::isnan(f);
}

// c ? a : b on the lanes' bits.
inline std::uint32_t select_bits(bool c, std::uint32_t a, std::uint32_t b) {
  return c ? a : b;
}
template <class A>
inline xsimd::batch<std::int32_t, A> select_bits(const xsimd::batch_bool<float, A>& c,
                                                 const xsimd::batch<std::int32_t, A>& a,
                                                 const xsimd::batch<std::int32_t, A>& b) {
  return float_as_int(xsimd::select(c, int_as_float(a), int_as_float(b)));
}

// bfloat16 bits (low 16) -> float: the high half of a float's bits.
template <class V>
inline auto bfloat16_bits_to_float(const V& h) {
  return int_as_float(V(h << 16));
}

// float -> bfloat16 bits: round the low 16 bits away, to nearest even. A carry out
// of the mantissa rounds up the exponent (to inf above the largest bfloat16). NaN
// keeps sign and top payload bits and is quieted (bit 6), never rounded to inf.
template <class F>
inline auto float_to_bfloat16_bits(const F& f) {
  using V = decltype(float_as_int(f));
  const V u = float_as_int(f);
  const V rounded = (u + V(0x7fff) + ((u >> 16) & V(1))) >> 16;
  return select_bits(is_nan(f), V((u >> 16) | V(0x40)), rounded);
}

// binary16 bits (low 16) -> float. Normal numbers rebias the exponent (+112);
// inf/NaN get the float's all-ones exponent; zeros and subnormals are scaled
// exactly by a float subtraction (m * 2^-24 = (2^-14 + m * 2^-24) - 2^-14).
// Rebiased, the exponent's two special values are told apart by magnitude: all
// ones (inf, NaN) becomes >= 2^16, zero (subnormals) < 2^-14.
template <class V>
inline auto float16_bits_to_float(const V& h) {
  const V normal = ((h & V(0x7fff)) << 13) + V((127 - 15) << 23);
  const auto normal_value = int_as_float(normal);
  const V special = normal + V((128 - 16) << 23);
  const auto tiny_magic = int_as_float(V(113 << 23));  // 2^-14
  const V tiny = float_as_int(int_as_float(V(normal + V(1 << 23))) - tiny_magic);
  const V magnitude = select_bits(normal_value < 65536.0f, select_bits(normal_value < 0x1p-14f, tiny, normal), special);
  return int_as_float(V(magnitude | ((h & V(0x8000)) << 16)));
}

// float -> binary16 bits, to nearest even. Three ranges of |f|:
//  - >= 65536 (and inf, NaN): inf, or the quieted NaN with its top payload bits;
//  - < 2^-14 (binary16 subnormals and zero): adding 0.5f puts the 10 result bits at
//    the bottom of the float's mantissa, rounded to nearest even by the addition;
//  - else rebias the exponent and round the 13 dropped bits to nearest even; a
//    carry reaches inf at 65520, the first value that rounds above 65504.
template <class F>
inline auto float_to_float16_bits(const F& f) {
  using V = decltype(float_as_int(f));
  const V u = float_as_int(f);
  const V a = u & V(0x7fffffff);
  const V sign = (u >> 16) & V(0x8000);
  const V normal = (a + V(0xfff - ((127 - 15) << 23)) + ((a >> 13) & V(1))) >> 13;
  const auto half_magic = int_as_float(V(126 << 23));  // 0.5f
  const V tiny = float_as_int(int_as_float(a) + half_magic) - V(126 << 23);
  const V nan = V(0x7e00) | ((a >> 13) & V(0x3ff));
  const auto abs_value = int_as_float(a);
  const V huge = select_bits(is_nan(f), nan, V(0x7c00));
  const V magnitude = select_bits(abs_value < 65536.0f, select_bits(abs_value < 0x1p-14f, tiny, normal), huge);
  return V(magnitude | sign);
}

}  // namespace detail

inline float to_float(bfloat16 h) {
  return detail::bfloat16_bits_to_float(static_cast<std::uint32_t>(h.bits));
}
inline float to_float(float16 h) {
  return detail::float16_bits_to_float(static_cast<std::uint32_t>(h.bits));
}
inline bfloat16 to_bfloat16(float f) {
  return {static_cast<std::uint16_t>(detail::float_to_bfloat16_bits(f))};
}
inline float16 to_float16(float f) {
  return {static_cast<std::uint16_t>(detail::float_to_float16_bits(f))};
}

namespace detail {

// Storage conversions over blocks: n values of S widened into float dst[0, n), and
// float src[0, n) rounded into S. `work` is int32 scratch of at least n rounded up
// to the batch size; dst/src likewise (the padding lanes are computed and unused).
template <class S>
inline void widen_block(const S* src, float* dst, std::int32_t* work, std::size_t n) {
  using I = xsimd::batch<std::int32_t>;
  // A widening copy, which compilers vectorize (vpmovzxwd), then whole batches.
  for (std::size_t k = 0; k < n; ++k) work[k] = src[k].bits;
  const std::size_t padded = (n + I::size - 1) / I::size * I::size;
  for (std::size_t k = n; k < padded; ++k) work[k] = 0;
  for (std::size_t k = 0; k < padded; k += I::size) {
    const I h = I::load_unaligned(work + k);
    if constexpr (std::is_same<S, bfloat16>::value) {
      bfloat16_bits_to_float(h).store_unaligned(dst + k);
    } else {
      float16_bits_to_float(h).store_unaligned(dst + k);
    }
  }
}

template <class S>
inline void narrow_block(const float* src, S* dst, std::int32_t* work, std::size_t n) {
  using Fb = xsimd::batch<float>;
  const std::size_t padded = (n + Fb::size - 1) / Fb::size * Fb::size;
  for (std::size_t k = 0; k < padded; k += Fb::size) {
    const Fb f = Fb::load_unaligned(src + k);
    if constexpr (std::is_same<S, bfloat16>::value) {
      float_to_bfloat16_bits(f).store_unaligned(work + k);
    } else {
      float_to_float16_bits(f).store_unaligned(work + k);
    }
  }
  for (std::size_t k = 0; k < n; ++k) dst[k].bits = static_cast<std::uint16_t>(work[k]);
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
