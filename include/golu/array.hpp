// Array API: any activation object over contiguous float or double arrays, in
// the widest SIMD the translation unit is compiled for (xsimd's default arch).
// Every element, body or tail, goes through the same batch kernel, so results
// are bit-identical to the scalar calls. Memory outside [0, n) is never touched.
//
// bfloat16 and binary16 arrays (golu::bfloat16, golu::float16, golu/half.hpp) are
// computed in float: each value is widened exactly, computed by the float kernels
// and rounded once to the storage type (to nearest even), so a result is the
// float API's result for the widened input, rounded. Blocks of a few hundred values
// go through a float buffer that stays in the L1 cache.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <golu/config.hpp>
#include <golu/gompertz.hpp>
#include <golu/half.hpp>
#include <golu/target.hpp>
#include <stdexcept>
#include <type_traits>
#include <xsimd/xsimd.hpp>
#if GOLU_HAS_SPAN
#include <span>
#endif

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

template <class T>
using batch_t = xsimd::batch<T>;

template <class T>
inline void require_floating() {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value || is_half_storage_v<T>,
                "golu: arrays must hold float, double, golu::bfloat16 or golu::float16");
}

inline void require_data(const void* p, std::size_t n, const char* fn, const char* what) {
  if (n != 0 && p == nullptr)
    throw std::invalid_argument(std::string("golu::") + fn + ": " + what + " is null with n = " + std::to_string(n));
}

// `out` may be `in` exactly; any other overlap would read already-written values.
template <class T>
inline void require_no_partial_overlap(const T* in, const T* out, std::size_t n, const char* fn, const char* what) {
  if (n == 0 || in == out) return;
  const std::less<const T*> before;
  if (before(in, out + n) && before(out, in + n))
    throw std::invalid_argument(std::string("golu::") + fn + ": " + what +
                                " overlap partially; they must be the same array or disjoint");
}

// Software prefetch of the inputs' lines stream_prefetch_bytes ahead of element
// i, for the streamed (large) arrays: the kernels keep the out-of-order window
// full of arithmetic, so it reaches too few lines ahead to hide DRAM's latency
// alone (measured, 16 Mi floats, one core: fast GoLU 0.68 -> 0.41-0.52 ns/element
// at AVX-512, 2.64 -> 0.90 at AVX2). Bytes: the inputs read per step.
constexpr std::size_t stream_prefetch_bytes = 4096;

template <std::size_t Inputs, std::size_t Bytes, class T>
GOLU_ALWAYS_INLINE void prefetch_ahead(const T* const (&in)[Inputs], std::size_t i) noexcept {
#if defined(__GNUC__)
  for (std::size_t k = 0; k < Inputs; ++k)
    for (std::size_t b = 0; b < Bytes; b += 64)
      // Past the end of the array near its end: harmless for a prefetch, and
      // formed as an integer so that no out-of-range pointer is computed.
      __builtin_prefetch(
          reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(in[k] + i) + stream_prefetch_bytes + b));
#else
  (void)in;
  (void)i;
#endif
}

// A body's results for one batch of inputs: one batch, or one per output.
template <class B, std::size_t Outputs>
struct batch_results {
  B v[Outputs];
};

// Stores a body's result r for the batch at i: to out[0] + i (one output) or each
// r.v[k] to out[k] + i.
template <bool Stream, class T, std::size_t Outputs, class R>
GOLU_ALWAYS_INLINE void store_results(T* const (&out)[Outputs], std::size_t i, const R& r) {
  const auto store = [](T* p, const batch_t<T>& y) GOLU_LAMBDA_INLINE {
    if constexpr (Stream) {
      store_stream(p, y);
    } else {
      y.store_unaligned(p);
    }
  };
  if constexpr (Outputs == 1) {
    store(out[0] + i, r);
  } else {
    for (std::size_t k = 0; k < Outputs; ++k) store(out[k] + i, r.v[k]);
  }
}

// Pairs of full batches from i on, two vectors per iteration: one per iteration, or
// one loop for both store kinds (a test per pair), measured slower
// (docs/performance.md, "The array loop"). The rest, at most one full batch and a
// partial one, goes through partial_batch: five copies of the kernel per loop (two
// per store kind, one in partial_batch), not seven; compile time is most of CI's.
// Stream: non-temporal stores, every out[k] + i aligned to the batch width, and the
// inputs prefetched. Every input of a batch is loaded before any of its results is
// stored, so an output may be one of the inputs exactly. Returns where the pairs end.
template <bool Stream, class T, std::size_t Inputs, std::size_t Outputs, class Body>
GOLU_ALWAYS_INLINE std::size_t batch_pairs(std::size_t i, std::size_t n, const T* const (&in)[Inputs],
                                           T* const (&out)[Outputs], const Body& body) {
  using B = batch_t<T>;
  constexpr std::size_t N = B::size;
  for (; i + 2 * N <= n; i += 2 * N) {
    B x0[Inputs], x1[Inputs];
    if constexpr (Stream) prefetch_ahead<Inputs, 2 * N * sizeof(T)>(in, i);
    for (std::size_t k = 0; k < Inputs; ++k) {
      x0[k] = B::load_unaligned(in[k] + i);
      x1[k] = B::load_unaligned(in[k] + i + N);
    }
    const auto y0 = body(x0), y1 = body(x1);
    store_results<Stream>(out, i, y0);
    store_results<Stream>(out, i + N, y1);
  }
  return i;
}

// The count <= N values from i as one batch, zero-padded.
template <class T, std::size_t Inputs, std::size_t Outputs, class Body>
inline void partial_batch(std::size_t i, std::size_t count, const T* const (&in)[Inputs], T* const (&out)[Outputs],
                          const Body& body) {
  using B = batch_t<T>;
  alignas(B::arch_type::alignment()) T buf[Inputs + Outputs][B::size] = {};
  B x[Inputs];
  for (std::size_t k = 0; k < Inputs; ++k) {
    std::copy(in[k] + i, in[k] + i + count, buf[k]);
    x[k] = B::load_aligned(buf[k]);
  }
  T* padded[Outputs];
  for (std::size_t k = 0; k < Outputs; ++k) padded[k] = buf[Inputs + k];
  store_results<false>(padded, 0, body(x));
  for (std::size_t k = 0; k < Outputs; ++k) std::copy(padded[k], padded[k] + count, out[k] + i);
}

// Outputs of at least this many bytes are written with non-temporal stores (see
// store_stream): an array that large is out of the caches by the time it is read
// again, and the stream then costs what a copy costs (measured, 16 Mi floats, one
// core: fast GoLU 1.33x memcpy with ordinary stores, 1.0x streamed; in place
// 1.24-1.33x and 1.09-1.18x). Define it to a larger value to keep big outputs in a
// large last-level cache, or to SIZE_MAX for ordinary stores only.
#ifndef GOLU_STREAMING_STORE_BYTES
#define GOLU_STREAMING_STORE_BYTES (std::size_t(8) << 20)
#endif

// Calls body(batch_of_inputs) for every batch of [0, n), a partial batch (head or
// tail) zero-padded, and stores the results to out (body returns a batch) or to
// out[k] (body returns batch_results<B, Outputs>). The body and the pointers are
// copied to locals first: reached through references, they could alias the stores
// as far as the compiler knows, and every parameter (and anything computed from it)
// would be reloaded per vector.
template <class T, std::size_t Inputs, std::size_t Outputs, class Body>
inline void for_each_batch(std::size_t n, const T* const (&in_ref)[Inputs], T* const (&out_ref)[Outputs],
                           const Body& body_ref) {
  using B = batch_t<T>;
  constexpr std::size_t N = B::size;
  constexpr std::size_t align = B::arch_type::alignment();
  const Body body = body_ref;
  const T* in[Inputs];
  for (std::size_t k = 0; k < Inputs; ++k) in[k] = in_ref[k];
  T* out[Outputs];
  for (std::size_t k = 0; k < Outputs; ++k) out[k] = out_ref[k];
  std::size_t i = 0;
  const std::uintptr_t misalign = reinterpret_cast<std::uintptr_t>(out[0]) % align;
  bool stream = N > 1 && n * sizeof(T) >= GOLU_STREAMING_STORE_BYTES && misalign % sizeof(T) == 0;
  // Streamed stores need every output at the same offset from alignment.
  for (std::size_t k = 1; k < Outputs; ++k)
    stream = stream && reinterpret_cast<std::uintptr_t>(out[k]) % align == misalign;
  if (stream) {
    const std::size_t head = ((align - misalign) % align) / sizeof(T);
    if (head != 0) partial_batch(0, head, in, out, body);
    i = batch_pairs<true>(head, n, in, out, body);
    stream_fence();
  } else {
    i = batch_pairs<false>(i, n, in, out, body);
  }
  // Fewer than two batches are left: at most one full one, then a partial one.
  for (; i < n; i += N) partial_batch(i, std::min(N, n - i), in, out, body);
}

template <class T, std::size_t Inputs, class Body>
inline void for_each_batch(std::size_t n, const T* const (&in)[Inputs], T* out, const Body& body) {
  T* const outs[1] = {out};
  for_each_batch(n, in, outs, body);
}

// Values per block of a 16-bit array: 2 KiB of float per operand, in L1.
constexpr std::size_t storage_block = 512;

// f(float const* const (&in)[Inputs], float* const (&out)[Outputs], m) on blocks of
// m <= storage_block values widened from the 16-bit arrays; the block's float
// results out[k] are rounded into out[k] (none when Outputs is 0). Each block is
// read whole before it is written, so an output may be one of the inputs. out[k] is
// the buffer of input k: Outputs <= Inputs.
template <std::size_t Outputs, class S, std::size_t Inputs, class F>
inline void for_each_storage_block(std::size_t n, const S* const (&in)[Inputs], S* const* out, F&& f) {
  static_assert(Outputs <= Inputs, "golu: a block's results reuse its inputs' buffers");
  alignas(64) float buf[Inputs][storage_block];
  alignas(64) std::int32_t work[storage_block];
  for (std::size_t i = 0; i < n; i += storage_block) {
    const std::size_t m = std::min(storage_block, n - i);
    const float* blocks[Inputs];
    float* results[Inputs];
    for (std::size_t k = 0; k < Inputs; ++k) {
      widen_block(in[k] + i, buf[k], work, m);
      blocks[k] = buf[k];
      results[k] = buf[k];
    }
    f(blocks, results, m);
    for (std::size_t k = 0; k < Outputs; ++k) narrow_block(buf[k], out[k] + i, work, m);
  }
}

}  // namespace detail

template <class Act, class T>
inline void forward(const Act& act, const T* x, T* y, std::size_t n);
template <class Act, class T>
inline void backward(const Act& act, const T* x, const T* dy, T* dx, std::size_t n);

// y[i] = act(x[i]) for i in [0, n). y may be x (in place); otherwise disjoint.
template <class Act, class T>
inline void forward(const Act& act, const T* x, T* y, std::size_t n) {
  detail::require_floating<T>();
  detail::require_data(x, n, "forward", "x");
  detail::require_data(y, n, "forward", "y");
  detail::require_no_partial_overlap(x, y, n, "forward", "x and y");
  if constexpr (is_half_storage_v<T>) {
    const T* const in[1] = {x};
    T* const out[1] = {y};
    detail::for_each_storage_block<1>(
        n, in, out, [&](const float* const(&b)[1], float* const* r, std::size_t m) { forward(act, b[0], r[0], m); });
  } else {
    const T* const in[1] = {x};
    // The kernel is captured by value: the stores to y could otherwise alias it, and
    // its parameters would be reloaded for every vector.
    detail::with_fixed_kernel(act, [&](const auto& kernel) {
      detail::for_each_batch(n, in, y,
                             [a = kernel](const detail::batch_t<T>(&v)[1]) GOLU_LAMBDA_INLINE { return a(v[0]); });
    });
  }
}

// dx[i] = dy[i] * act.grad(x[i]): the product of the rounded derivative, exactly.
// dx may be dy or x (in place); otherwise disjoint.
template <class Act, class T>
inline void backward(const Act& act, const T* x, const T* dy, T* dx, std::size_t n) {
  detail::require_floating<T>();
  detail::require_data(x, n, "backward", "x");
  detail::require_data(dy, n, "backward", "dy");
  detail::require_data(dx, n, "backward", "dx");
  detail::require_no_partial_overlap(dy, dx, n, "backward", "dy and dx");
  detail::require_no_partial_overlap(x, dx, n, "backward", "x and dx");
  if constexpr (is_half_storage_v<T>) {
    const T* const in[2] = {x, dy};
    T* const out[1] = {dx};
    detail::for_each_storage_block<1>(n, in, out, [&](const float* const(&b)[2], float* const* r, std::size_t m) {
      backward(act, b[0], b[1], r[0], m);
    });
  } else {
    const T* const in[2] = {x, dy};
    detail::with_fixed_kernel(act, [&](const auto& kernel) {
      detail::for_each_batch(
          n, in, dx, [a = kernel](const detail::batch_t<T>(&v)[2]) GOLU_LAMBDA_INLINE { return v[1] * a.grad(v[0]); });
    });
  }
}

// Sums over i of dy[i] * (dy/dalpha, dy/dbeta, dy/dgamma)(x[i]), accumulated in
// double from the double-precision partials (not from rounded float ones).
template <class Level, class T>
inline GoLUParamGrad<double> param_grad(const GoLU<Level>& act, const T* x, const T* dy, std::size_t n) {
  detail::require_floating<T>();
  detail::require_data(x, n, "param_grad", "x");
  detail::require_data(dy, n, "param_grad", "dy");
  if constexpr (is_half_storage_v<T>) {
    // Sums of the blocks' sums, in order: the same for any caller.
    GoLUParamGrad<double> sum{0.0, 0.0, 0.0};
    const T* const in[2] = {x, dy};
    detail::for_each_storage_block<0>(n, in, static_cast<T* const*>(nullptr),
                                      [&](const float* const(&b)[2], float* const*, std::size_t m) {
                                        const GoLUParamGrad<double> g = param_grad(act, b[0], b[1], m);
                                        sum.alpha += g.alpha;
                                        sum.beta += g.beta;
                                        sum.gamma += g.gamma;
                                      });
    return sum;
  } else {
    // The partials of double inputs (widened from T): computed in double at both levels.
    using D = xsimd::batch<double>;
    D sa(0.0), sb(0.0), sc(0.0);
    const auto add = [&](const D& xd, const D& dyd) {
      const GoLUParamGrad<D> g = act.param_grad(xd);
      sa = detail::fma(dyd, g.alpha, sa);
      sb = detail::fma(dyd, g.beta, sb);
      sc = detail::fma(dyd, g.gamma, sc);
    };
    constexpr std::size_t N = D::size;
    alignas(D::arch_type::alignment()) double bx[N], bdy[N];
    for (std::size_t i = 0; i < n; i += N) {
      const std::size_t m = std::min(N, n - i);
      std::fill(bx, bx + N, 0.0);
      std::fill(bdy, bdy + N, 0.0);
      std::copy(x + i, x + i + m, bx);
      std::copy(dy + i, dy + i + m, bdy);
      add(D::load_aligned(bx), D::load_aligned(bdy));
    }
    return {xsimd::hadd(sa), xsimd::hadd(sb), xsimd::hadd(sc)};
  }
}

#if GOLU_HAS_SPAN
template <class Act, class T>
inline void forward(const Act& act, std::span<const T> x, std::span<T> y) {
  if (x.size() != y.size()) throw std::invalid_argument("golu::forward: x and y differ in size");
  forward(act, x.data(), y.data(), x.size());
}

template <class Act, class T>
inline void backward(const Act& act, std::span<const T> x, std::span<const T> dy, std::span<T> dx) {
  if (x.size() != dy.size() || x.size() != dx.size())
    throw std::invalid_argument("golu::backward: x, dy and dx differ in size");
  backward(act, x.data(), dy.data(), dx.data(), x.size());
}

template <class Level, class T>
inline GoLUParamGrad<double> param_grad(const GoLU<Level>& act, std::span<const T> x, std::span<const T> dy) {
  if (x.size() != dy.size()) throw std::invalid_argument("golu::param_grad: x and dy differ in size");
  return param_grad(act, x.data(), dy.data(), x.size());
}
#endif

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
