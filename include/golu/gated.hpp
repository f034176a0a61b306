// Gated linear units over arrays: y = act(gate) * up, fused, for any activation of
// golu (GoGLU with GoLU, SwiGLU with Swish, GeGLU with GELU, ...), at either
// accuracy level, over float, double, golu::bfloat16 and golu::float16 arrays.
//
//   golu::gated_forward(golu::GoLU{}, gate, up, y, n);
//   golu::gated_backward(golu::GoLU{}, gate, up, dy, dgate, dup, n);
//   golu::glu_forward(golu::Swish{}, x, y, rows, cols);   // x: rows x [gate | up]
//
// Results (float, double) are bit-identical to the two-pass composition: y is
// golu::forward's act(gate) times up, one rounded multiplication; dgate is
// golu::backward of act with (dy * up) rounded as its incoming gradient, dup is dy
// times act(gate). Each result so carries its activation's bound plus the half ULP
// of one multiplication. 16-bit arrays are computed in float, as the float API does
// for the widened inputs, and each result is rounded once to the storage type.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <golu/array.hpp>
#include <golu/target.hpp>
#include <limits>
#include <stdexcept>
#include <string>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// Arrays that must not share an element (a: na values, b: nb values): two outputs
// written in one pass, or arrays of different layouts.
template <class T>
inline void require_disjoint(const T* a, std::size_t na, const T* b, std::size_t nb, const char* fn, const char* what) {
  if (na == 0 || nb == 0) return;
  const std::less<const T*> before;
  if (before(a, b + nb) && before(b, a + na))
    throw std::invalid_argument(std::string("golu::") + fn + ": " + what + " overlap; they must be disjoint");
}

// rows * cols, checked, and rows * 2 * cols representable.
inline std::size_t glu_size(std::size_t rows, std::size_t cols, const char* fn) {
  if (cols != 0 && rows > std::numeric_limits<std::size_t>::max() / 2 / cols)
    throw std::invalid_argument(std::string("golu::") + fn + ": rows x 2 cols = " + std::to_string(rows) + " x 2 x " +
                                std::to_string(cols) + " overflows std::size_t");
  return rows * cols;
}

// Where each row of a fused projection's output keeps its gate and up halves.
enum class glu_layout {
  halves,          // [gate | up]
  swapped_halves,  // [up | gate]
  interleaved      // gate, up, gate, up, ...
};

template <class Act, class T>
inline void gated_forward_unchecked(const Act& act, const T* gate, const T* up, T* y, std::size_t n);
template <class Act, class T>
inline void gated_backward_unchecked(const Act& act, const T* gate, const T* up, const T* dy, T* dgate, T* dup,
                                     std::size_t n);

template <class Act, class T>
inline void gated_forward_unchecked(const Act& act, const T* gate, const T* up, T* y, std::size_t n) {
  const T* const in[2] = {gate, up};
  if constexpr (is_half_storage_v<T>) {
    T* const out[1] = {y};
    for_each_storage_block<1>(n, in, out, [&](const float* const(&b)[2], float* const* r, std::size_t m) {
      gated_forward_unchecked(act, b[0], b[1], r[0], m);
    });
  } else {
    with_fixed_kernel(act, [&](const auto& kernel) {
      for_each_batch(n, in, y, [a = kernel](const batch_t<T>(&v)[2]) GOLU_LAMBDA_INLINE { return a(v[0]) * v[1]; });
    });
  }
}

template <class Act, class T>
inline void gated_backward_unchecked(const Act& act, const T* gate, const T* up, const T* dy, T* dgate, T* dup,
                                     std::size_t n) {
  const T* const in[3] = {gate, up, dy};
  T* const out[2] = {dgate, dup};
  if constexpr (is_half_storage_v<T>) {
    for_each_storage_block<2>(n, in, out, [&](const float* const(&b)[3], float* const* r, std::size_t m) {
      gated_backward_unchecked(act, b[0], b[1], b[2], r[0], r[1], m);
    });
  } else {
    with_fixed_kernel(act, [&](const auto& kernel) {
      for_each_batch(n, in, out, [a = kernel](const batch_t<T>(&v)[3]) GOLU_LAMBDA_INLINE {
        // (dy * up) * act'(gate), as golu::backward's dy' * act'(gate) with dy' = dy * up.
        return batch_results<batch_t<T>, 2>{{(v[2] * v[1]) * a.grad(v[0]), v[2] * a(v[0])}};
      });
    });
  }
}

// Pairs per block when the interleaved layout is split into gate and up arrays.
constexpr std::size_t interleaved_block = 512;

// m <= interleaved_block pairs to and from two arrays. The loops' bound is the
// constant (GCC otherwise warns of an overflowing index for a huge n it cannot rule out).
template <class T>
inline void deinterleave(const T* pairs, T* a, T* b, std::size_t m) {
  for (std::size_t j = 0; j < interleaved_block && j < m; ++j) {
    a[j] = pairs[2 * j];
    b[j] = pairs[2 * j + 1];
  }
}
template <class T>
inline void interleave(const T* a, const T* b, T* pairs, std::size_t m) {
  for (std::size_t j = 0; j < interleaved_block && j < m; ++j) {
    pairs[2 * j] = a[j];
    pairs[2 * j + 1] = b[j];
  }
}

template <class Act, class T>
inline void glu_forward_layout(const Act& act, glu_layout layout, const T* x, T* y, std::size_t rows, std::size_t cols,
                               const char* fn) {
  const std::size_t n = glu_size(rows, cols, fn);
  require_data(x, n, fn, "x");
  require_data(y, n, fn, "y");
  require_disjoint(x, 2 * n, static_cast<const T*>(y), n, fn, "x and y");
  if (layout == glu_layout::interleaved) {
    alignas(64) T g[interleaved_block], u[interleaved_block];
    for (std::size_t i = 0; i < n; i += interleaved_block) {
      const std::size_t m = std::min(interleaved_block, n - i);
      deinterleave(x + 2 * i, g, u, m);
      gated_forward_unchecked(act, g, u, y + i, m);
    }
    return;
  }
  const std::size_t gate_at = layout == glu_layout::halves ? 0 : cols, up_at = cols - gate_at;
  for (std::size_t r = 0; r < rows; ++r)
    gated_forward_unchecked(act, x + 2 * cols * r + gate_at, x + 2 * cols * r + up_at, y + cols * r, cols);
}

template <class Act, class T>
inline void glu_backward_layout(const Act& act, glu_layout layout, const T* x, const T* dy, T* dx, std::size_t rows,
                                std::size_t cols, const char* fn) {
  const std::size_t n = glu_size(rows, cols, fn);
  require_data(x, n, fn, "x");
  require_data(dy, n, fn, "dy");
  require_data(dx, n, fn, "dx");
  require_no_partial_overlap(x, static_cast<const T*>(dx), 2 * n, fn, "x and dx");
  require_disjoint(dx, 2 * n, dy, n, fn, "dx and dy");
  if (layout == glu_layout::interleaved) {
    alignas(64) T g[interleaved_block], u[interleaved_block], dg[interleaved_block], du[interleaved_block];
    for (std::size_t i = 0; i < n; i += interleaved_block) {
      const std::size_t m = std::min(interleaved_block, n - i);
      deinterleave(x + 2 * i, g, u, m);
      gated_backward_unchecked(act, g, u, dy + i, dg, du, m);
      interleave(dg, du, dx + 2 * i, m);
    }
    return;
  }
  const std::size_t gate_at = layout == glu_layout::halves ? 0 : cols, up_at = cols - gate_at;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t row = 2 * cols * r;
    gated_backward_unchecked(act, x + row + gate_at, x + row + up_at, dy + cols * r, dx + row + gate_at,
                             dx + row + up_at, cols);
  }
}

}  // namespace detail

// y[i] = act(gate[i]) * up[i] for i in [0, n). y may be gate or up (in place);
// otherwise the arrays are disjoint.
template <class Act, class T>
inline void gated_forward(const Act& act, const T* gate, const T* up, T* y, std::size_t n) {
  detail::require_floating<T>();
  detail::require_data(gate, n, "gated_forward", "gate");
  detail::require_data(up, n, "gated_forward", "up");
  detail::require_data(y, n, "gated_forward", "y");
  detail::require_no_partial_overlap(gate, static_cast<const T*>(y), n, "gated_forward", "gate and y");
  detail::require_no_partial_overlap(up, static_cast<const T*>(y), n, "gated_forward", "up and y");
  detail::gated_forward_unchecked(act, gate, up, y, n);
}

// dgate[i] = (dy[i] * up[i]) * act.grad(gate[i]) and dup[i] = dy[i] * act(gate[i]).
// Each output may be one of gate, up and dy (in place); dgate and dup are disjoint,
// and no other overlap is allowed.
template <class Act, class T>
inline void gated_backward(const Act& act, const T* gate, const T* up, const T* dy, T* dgate, T* dup, std::size_t n) {
  detail::require_floating<T>();
  constexpr const char* fn = "gated_backward";
  detail::require_data(gate, n, fn, "gate");
  detail::require_data(up, n, fn, "up");
  detail::require_data(dy, n, fn, "dy");
  detail::require_data(dgate, n, fn, "dgate");
  detail::require_data(dup, n, fn, "dup");
  detail::require_disjoint(dgate, n, dup, n, fn, "dgate and dup");
  for (T* out : {dgate, dup}) {
    detail::require_no_partial_overlap(gate, static_cast<const T*>(out), n, fn, "gate and an output");
    detail::require_no_partial_overlap(up, static_cast<const T*>(out), n, fn, "up and an output");
    detail::require_no_partial_overlap(dy, static_cast<const T*>(out), n, fn, "dy and an output");
  }
  detail::gated_backward_unchecked(act, gate, up, dy, dgate, dup, n);
}

// The packed output of a fused projection: x is row-major rows x (2 cols), each
// row [gate | up]; y[r * cols + c] = act(gate) * up. y and x are disjoint.
template <class Act, class T>
inline void glu_forward(const Act& act, const T* x, T* y, std::size_t rows, std::size_t cols) {
  detail::require_floating<T>();
  detail::glu_forward_layout(act, detail::glu_layout::halves, x, y, rows, cols, "glu_forward");
}

// Rows [up | gate].
template <class Act, class T>
inline void glu_forward_swapped(const Act& act, const T* x, T* y, std::size_t rows, std::size_t cols) {
  detail::require_floating<T>();
  detail::glu_forward_layout(act, detail::glu_layout::swapped_halves, x, y, rows, cols, "glu_forward_swapped");
}

// Rows gate, up, gate, up, ... (x[r][2 c] is the gate, x[r][2 c + 1] the up value).
template <class Act, class T>
inline void glu_forward_interleaved(const Act& act, const T* x, T* y, std::size_t rows, std::size_t cols) {
  detail::require_floating<T>();
  detail::glu_forward_layout(act, detail::glu_layout::interleaved, x, y, rows, cols, "glu_forward_interleaved");
}

// dx in x's layout from dy (rows x cols), as gated_backward does per pair. dx may be
// x (in place); dy is disjoint from dx.
template <class Act, class T>
inline void glu_backward(const Act& act, const T* x, const T* dy, T* dx, std::size_t rows, std::size_t cols) {
  detail::require_floating<T>();
  detail::glu_backward_layout(act, detail::glu_layout::halves, x, dy, dx, rows, cols, "glu_backward");
}

template <class Act, class T>
inline void glu_backward_swapped(const Act& act, const T* x, const T* dy, T* dx, std::size_t rows, std::size_t cols) {
  detail::require_floating<T>();
  detail::glu_backward_layout(act, detail::glu_layout::swapped_halves, x, dy, dx, rows, cols, "glu_backward_swapped");
}

template <class Act, class T>
inline void glu_backward_interleaved(const Act& act, const T* x, const T* dy, T* dx, std::size_t rows,
                                     std::size_t cols) {
  detail::require_floating<T>();
  detail::glu_backward_layout(act, detail::glu_layout::interleaved, x, dy, dx, rows, cols, "glu_backward_interleaved");
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
