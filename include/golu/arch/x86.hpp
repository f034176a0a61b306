// x86 shortcuts for operations the kernels otherwise spell with portable xsimd
// code. Each returns exactly what the portable version returns for every input
// the kernels give it, so scalar and SIMD results stay bit-identical.
#pragma once

#include <cstddef>
#include <cstdint>
#include <golu/config.hpp>
#include <golu/target.hpp>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

template <class A>
constexpr bool is_avx512 =
#if XSIMD_WITH_AVX512F
    std::is_base_of<xsimd::avx512f, A>::value;
#else
    false;
#endif

template <class A>
constexpr bool is_avx =
#if XSIMD_WITH_AVX
    std::is_base_of<xsimd::avx, A>::value;
#else
    false;
#endif

template <class A>
constexpr bool is_sse2 =
#if XSIMD_WITH_SSE2
    std::is_base_of<xsimd::sse2, A>::value;
#else
    false;
#endif

template <class A>
constexpr bool is_avx2 =
#if XSIMD_WITH_AVX2
    std::is_base_of<xsimd::avx2, A>::value;
#else
    false;
#endif

template <class A>
constexpr bool is_avx512dq =
#if XSIMD_WITH_AVX512DQ
    std::is_base_of<xsimd::avx512dq, A>::value;
#else
    false;
#endif

// ---- AVX-512 only: callers test is_avx512<A> (is_avx512dq<A>) first --------
// Elsewhere these do not compile (a static_assert), so a wrong call is caught.

// y * 2^m for any integral m, rounded once (vscalefps / vscalefpd).
template <class T, class A>
GOLU_ALWAYS_INLINE xsimd::batch<T, A> avx512_scalef(const xsimd::batch<T, A>& y, const xsimd::batch<T, A>& m) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    if constexpr (std::is_same<T, float>::value)
      return _mm512_scalef_ps(y, m);
    else
      return _mm512_scalef_pd(y, m);
  } else
#endif
  {
    static_assert(is_avx512<A>, "avx512_scalef: AVX-512 batches only");
    (void)m;
    return y;
  }
}

// z where x < cut, else y * 2^m rounded once: the compare's mask is vscalef's
// merge mask (not-less-than, unordered: a NaN x takes the scaled y).
template <class T, class A>
GOLU_ALWAYS_INLINE xsimd::batch<T, A> avx512_scalef_unless_below(const xsimd::batch<T, A>& x,
                                                                 const xsimd::batch<T, A>& cut,
                                                                 const xsimd::batch<T, A>& y,
                                                                 const xsimd::batch<T, A>& m,
                                                                 const xsimd::batch<T, A>& z) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    if constexpr (std::is_same<T, float>::value)
      return _mm512_mask_scalef_ps(z, _mm512_cmp_ps_mask(x, cut, _CMP_NLT_UQ), y, m);
    else
      return _mm512_mask_scalef_pd(z, _mm512_cmp_pd_mask(x, cut, _CMP_NLT_UQ), y, m);
  } else
#endif
  {
    static_assert(is_avx512<A>, "avx512_scalef_unless_below: AVX-512 batches only");
    (void)x, (void)cut, (void)m, (void)z;
    return y;
  }
}

// table[j] per lane for a 32-entry float table (64-byte aligned), j's low five
// bits: one two-register permute (vpermt2ps).
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<float, A> avx512_lookup32(const float (&table)[32],
                                                          const xsimd::batch<std::uint32_t, A>& j) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    return _mm512_permutex2var_ps(_mm512_load_ps(table), j, _mm512_load_ps(table + 16));
  } else
#endif
  {
    static_assert(is_avx512<A>, "avx512_lookup32: AVX-512 batches only");
    (void)j;
    return xsimd::batch<float, A>(table[0]);
  }
}

// table[i] per lane for a 16-entry double table, i in [0, 16): vpermt2pd.
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> avx512_lookup16(const double (&table)[16],
                                                           const xsimd::batch<std::uint64_t, A>& i) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    return _mm512_permutex2var_pd(_mm512_loadu_pd(table), __m512i(i), _mm512_loadu_pd(table + 8));
  } else
#endif
  {
    static_assert(is_avx512<A>, "avx512_lookup16: AVX-512 batches only");
    (void)i;
    return xsimd::batch<double, A>(table[0]);
  }
}

// min(|x|, hi) for hi > 0 in one vrangeps (AVX-512DQ; a NaN x gives hi).
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<float, A> avx512_abs_min(const xsimd::batch<float, A>& x,
                                                         const xsimd::batch<float, A>& hi) noexcept {
#if XSIMD_WITH_AVX512DQ
  if constexpr (is_avx512dq<A>) {
    return _mm512_range_ps(x, hi, 0x0A);  // min by magnitude, sign cleared
  } else
#endif
  {
    static_assert(is_avx512dq<A>, "avx512_abs_min: AVX-512DQ batches only");
    (void)hi;
    return x;
  }
}

// ---- AVX-512 and AVX2 ------------------------------------------------------

// Whether an 8-entry float table can be read by one in-register permute.
template <class A>
constexpr bool has_permute8 = is_avx512<A> || is_avx2<A>;

// table[i mod 8] per lane for an 8-entry float table: vpermps, which reads the
// index's low 3 bits (AVX-512: the table in both halves, as vpermps reads 4).
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<float, A> permute8(const float (&table)[8],
                                                   const xsimd::batch<std::uint32_t, A>& i) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    const __m512 t = _mm512_castps256_ps512(_mm256_loadu_ps(table));
    return _mm512_permutexvar_ps(i, _mm512_shuffle_f32x4(t, t, 0x44));
  } else
#endif
#if XSIMD_WITH_AVX2
      if constexpr (is_avx2<A>) {
    return _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), i);
  } else
#endif
  {
    static_assert(has_permute8<A>, "permute8: AVX-512 and AVX2 batches only");
    (void)i;
    return xsimd::batch<float, A>(table[0]);
  }
}

// table[j] per lane for a 32-entry float table, j's low five bits, on AVX2: four
// vpermps (each reads j's low three bits) over the table's eighths, then two
// blends choose by bit 3 and one by bit 4 (vblendvps reads a lane's sign bit, so
// the bits are shifted there). Eleven operations, no memory traffic per lane; the
// shifts are shared by lookups with the same j (GCC 12 then adds a vpcmpgtd per
// shared mask: a blend's sign-bit mask with more than one use is materialized).
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<float, A> avx2_lookup32(const float (&table)[32],
                                                        const xsimd::batch<std::uint32_t, A>& j) noexcept {
#if XSIMD_WITH_AVX2
  if constexpr (is_avx2<A>) {
    const __m256i idx = j;
    const __m256 bit3 = _mm256_castsi256_ps(_mm256_slli_epi32(idx, 28));
    const __m256 bit4 = _mm256_castsi256_ps(_mm256_slli_epi32(idx, 27));
    const __m256 t0 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), idx);
    const __m256 t1 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 8), idx);
    const __m256 t2 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 16), idx);
    const __m256 t3 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 24), idx);
    return _mm256_blendv_ps(_mm256_blendv_ps(t0, t1, bit3), _mm256_blendv_ps(t2, t3, bit3), bit4);
  } else
#endif
  {
    static_assert(is_avx2<A>, "avx2_lookup32: AVX2 batches only");
    (void)j;
    return xsimd::batch<float, A>(table[0]);
  }
}

// x < lo ? lo : x, NaN kept: x86 MAX returns its second operand when either is NaN.
template <class T, class A>
inline xsimd::batch<T, A> max_keep_nan(const xsimd::batch<T, A>& lo, const xsimd::batch<T, A>& x) {
  constexpr bool f32 = std::is_same<T, float>::value;
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    if constexpr (f32)
      return _mm512_max_ps(lo, x);
    else
      return _mm512_max_pd(lo, x);
  } else
#endif
#if XSIMD_WITH_AVX
      if constexpr (is_avx<A>) {
    if constexpr (f32)
      return _mm256_max_ps(lo, x);
    else
      return _mm256_max_pd(lo, x);
  } else
#endif
#if XSIMD_WITH_SSE2
      if constexpr (is_sse2<A>) {
    if constexpr (f32)
      return _mm_max_ps(lo, x);
    else
      return _mm_max_pd(lo, x);
  } else
#endif
  {
    (void)f32;
    return xsimd::select(x < lo, lo, x);
  }
}

// x > hi ? hi : x, NaN kept (as above, with MIN).
template <class T, class A>
inline xsimd::batch<T, A> min_keep_nan(const xsimd::batch<T, A>& hi, const xsimd::batch<T, A>& x) {
  constexpr bool f32 = std::is_same<T, float>::value;
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    if constexpr (f32)
      return _mm512_min_ps(hi, x);
    else
      return _mm512_min_pd(hi, x);
  } else
#endif
#if XSIMD_WITH_AVX
      if constexpr (is_avx<A>) {
    if constexpr (f32)
      return _mm256_min_ps(hi, x);
    else
      return _mm256_min_pd(hi, x);
  } else
#endif
#if XSIMD_WITH_SSE2
      if constexpr (is_sse2<A>) {
    if constexpr (f32)
      return _mm_min_ps(hi, x);
    else
      return _mm_min_pd(hi, x);
  } else
#endif
  {
    (void)f32;
    return xsimd::select(x > hi, hi, x);
  }
}

// p * 2^m for an integer-valued m in [-1022, 1023] whose value also sits, as
// shifter - m, in the low bits of `shifted`; exact when the product is normal.
// AVX-512 has it as one instruction; elsewhere 2^m is built in the exponent field.
template <class A>
inline xsimd::batch<double, A> times_pow2(const xsimd::batch<double, A>& p, const xsimd::batch<double, A>& m,
                                          const xsimd::batch<double, A>& shifted) {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    (void)shifted;
    return _mm512_scalef_pd(p, m);
  } else
#endif
  {
    (void)m;
    using U = xsimd::batch<std::uint64_t, A>;
    const U biased = U(1023) - xsimd::bitwise_cast<U>(shifted);  // (m + 1023) mod 2^64
    return p * xsimd::bitwise_cast<xsimd::batch<double, A>>(biased << 52);
  }
}

// table[i] per lane, by scalar loads: inlined everywhere (xsimd 8.1's gather is
// a recursive template that GCC leaves as calls in large translation units), and
// on Zen 4 faster than the vgatherqpd instruction.
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> gather(const double* table,
                                                  const xsimd::batch<std::uint64_t, A>& i) noexcept {
  constexpr std::size_t n = xsimd::batch<double, A>::size;
  alignas(64) std::uint64_t k[n];
  i.store_aligned(k);
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    return _mm512_set_pd(table[k[7]], table[k[6]], table[k[5]], table[k[4]], table[k[3]], table[k[2]], table[k[1]],
                         table[k[0]]);
  } else
#endif
#if XSIMD_WITH_AVX
      if constexpr (is_avx<A>) {
    return _mm256_set_pd(table[k[3]], table[k[2]], table[k[1]], table[k[0]]);
  } else
#endif
#if XSIMD_WITH_SSE2
      if constexpr (is_sse2<A>) {
    return _mm_set_pd(table[k[1]], table[k[0]]);
  } else
#endif
  {
    alignas(64) double v[n];
    for (std::size_t j = 0; j < n; ++j) v[j] = table[k[j]];
    return xsimd::batch<double, A>::load_aligned(v);
  }
}

// table[i] per lane for an 8-entry table (i in [0, 8)): one in-register permute
// on AVX-512; on AVX2 two vpermps over the table's halves, each double read as its
// two words (indices 2(i mod 4) and 2(i mod 4) + 1), and a blend by bit 2 of i
// (vblendvpd reads a lane's sign bit). The index words are the same for every
// lookup with the same i, so a polynomial's coefficients share them: three
// operations per coefficient where a vgatherqpd costs four loads (the exact float
// GELU's tail ratio reads 14; docs/performance.md). A gather elsewhere.
template <class A>
GOLU_ALWAYS_INLINE xsimd::batch<double, A> lookup8(const double (&table)[8], const xsimd::batch<std::uint64_t, A>& i) {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    return _mm512_permutexvar_pd(__m512i(i), _mm512_loadu_pd(table));
  } else
#endif
#if XSIMD_WITH_AVX2
      if constexpr (is_avx2<A>) {
    const __m256i idx = i;
    const __m256i even = _mm256_slli_epi64(_mm256_and_si256(idx, _mm256_set1_epi64x(3)), 1);
    const __m256i words =
        _mm256_add_epi32(_mm256_or_si256(even, _mm256_slli_epi64(even, 32)), _mm256_set_epi32(1, 0, 1, 0, 1, 0, 1, 0));
    const __m256 low = _mm256_permutevar8x32_ps(_mm256_castpd_ps(_mm256_loadu_pd(table)), words);
    const __m256 high = _mm256_permutevar8x32_ps(_mm256_castpd_ps(_mm256_loadu_pd(table + 4)), words);
    return _mm256_blendv_pd(_mm256_castps_pd(low), _mm256_castps_pd(high),
                            _mm256_castsi256_pd(_mm256_slli_epi64(idx, 61)));
  } else
#endif
  {
    return gather(table, i);
  }
}

// v, through an empty asm statement: the compiler must materialize the rounded
// product it holds and cannot fuse it into a later addition. Compilers that
// contract a*b + c (GCC by default, on scalar and vector-extension code alike) do
// it only where the product has no other use, so fusing depends on which results
// survive dead-code elimination and can differ between scalar and SIMD code.
template <class S, std::enable_if_t<std::is_floating_point<S>::value, int> = 0>
inline S opaque(S v) noexcept {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  __asm__("" : "+v"(v));
#elif defined(__GNUC__) && defined(__aarch64__)
  __asm__("" : "+w"(v));
#endif
  return v;
}

template <class T, class A>
inline xsimd::batch<T, A> opaque(const xsimd::batch<T, A>& v) noexcept {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  typename xsimd::batch<T, A>::register_type r = v;
  __asm__("" : "+v"(r));
  return r;
#elif defined(__GNUC__) && defined(__aarch64__)
  typename xsimd::batch<T, A>::register_type r = v;
  __asm__("" : "+w"(r));
  return r;
#else
  return v;
#endif
}

// A non-temporal store of v to p, which must be aligned to the batch's width: the
// line goes to memory without being read first (an ordinary store to a line not in
// the cache reads it: the read-for-ownership that makes a store loop move 3 bytes
// per output byte where memcpy moves 2). Elsewhere (NEON) an aligned store.
template <class T, class A>
inline void store_stream(T* p, const xsimd::batch<T, A>& v) noexcept {
  constexpr bool f32 = std::is_same<T, float>::value;
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    if constexpr (f32)
      _mm512_stream_ps(p, v);
    else
      _mm512_stream_pd(p, v);
  } else
#endif
#if XSIMD_WITH_AVX
      if constexpr (is_avx<A>) {
    if constexpr (f32)
      _mm256_stream_ps(p, v);
    else
      _mm256_stream_pd(p, v);
  } else
#endif
#if XSIMD_WITH_SSE2
      if constexpr (is_sse2<A>) {
    if constexpr (f32)
      _mm_stream_ps(p, v);
    else
      _mm_stream_pd(p, v);
  } else
#endif
  {
    (void)f32;
    v.store_aligned(p);
  }
}

// Orders the non-temporal stores before any later store (they are weakly ordered).
inline void stream_fence() noexcept {
#if XSIMD_WITH_SSE2
  _mm_sfence();
#endif
}

}  // namespace detail
}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
