// golu::dispatch: the array API, compiled once per instruction set and chosen at
// run time. Link the CMake target golu::dispatch (built with -DGOLU_BUILD_DISPATCH=ON)
// and call
//
//   golu::dispatch::forward(golu::GoLU{}, x, y, n);          // same arguments as golu::forward
//   golu::dispatch::backward(act, x, dy, dx, n);
//   golu::dispatch::param_grad(golu::GoLU<golu::exact>{1, 1.5, 0.8}, x, dy, n);
//   golu::dispatch::gated_forward(golu::GoLU{}, gate, up, y, n);   // golu/gated.hpp's entry points
//   golu::dispatch::glu_backward(golu::Swish{}, x, dy, dx, rows, cols);
//   golu::dispatch::isa();                                   // "avx512", "avx2", "sse2" or "neon"
//
// from code built with any compiler flags: the kernels run at the widest
// instruction set the CPU has (x86-64: AVX-512 F/CD/BW/DQ/VL, else AVX2 + FMA, else
// SSE2; aarch64: NEON), chosen once, at the first call. The environment variable
// GOLU_ISA=sse2|avx2|avx512 (neon on aarch64) caps the choice: the kernels used are
// the best the CPU has at or below the cap. An unknown GOLU_ISA value makes the first
// call throw std::invalid_argument.
//
// Results are those of the header API built for the chosen instruction set
// (golu::forward in a translation unit compiled with -mavx2 -mfma, say): every
// activation, both accuracy levels, float, double, golu::bfloat16 and golu::float16
// (computed in float, golu/half.hpp), within the same documented bounds. Bad arguments throw the header API's
// exceptions.
//
// Activation objects cross into the compiled code by their parameters, so a
// program's translation units may be built for any target (see golu/target.hpp).
#pragma once

#include <cstddef>
#include <golu/activation_list.hpp>
#include <golu/gompertz.hpp>
#include <golu/half.hpp>
#include <golu/level.hpp>
#include <type_traits>
#if GOLU_HAS_SPAN
#include <span>
#include <stdexcept>
#endif

namespace golu {
namespace dispatch {

// The instruction set of the kernels in use: "sse2", "avx2", "avx512" or "neon".
// Throws std::invalid_argument when GOLU_ISA names no instruction set of this build.
const char* isa();

// The compiled interface: activations as plain data, independent of any target.
namespace abi {

// An activation by its position in golu::all_activations (the names below are those
// positions, for reading; the code takes every position from the list itself).
enum class kind : int { golu, gelu, gelu_tanh, swish, mish, relu, leaky_relu, elu, quick_gelu };
enum class level : int { fast, exact };

struct activation {
  kind what;
  level accuracy;
  double p[3];        // the parameters in constructor order (unused ones 0): Act::parameters()
  bool golu_default;  // the parameters are the activation's defaults
};

struct partials {
  double alpha, beta, gamma;
};

// golu/gated.hpp: the packed layouts by name.
enum class glu_layout : int { halves, swapped_halves, interleaved };

// The entry points, per array type: float, double, bfloat16, float16.
#define GOLU_DISPATCH_DECLARE(T)                                                                                    \
  void forward(const activation& act, const T* x, T* y, std::size_t n);                                             \
  void backward(const activation& act, const T* x, const T* dy, T* dx, std::size_t n);                              \
  partials param_grad(const activation& act, const T* x, const T* dy, std::size_t n);                               \
  void gated_forward(const activation& act, const T* gate, const T* up, T* y, std::size_t n);                       \
  void gated_backward(const activation& act, const T* gate, const T* up, const T* dy, T* dgate, T* dup,             \
                      std::size_t n);                                                                               \
  void glu_forward(const activation& act, glu_layout layout, const T* x, T* y, std::size_t rows, std::size_t cols); \
  void glu_backward(const activation& act, glu_layout layout, const T* x, const T* dy, T* dx, std::size_t rows,     \
                    std::size_t cols);
GOLU_DISPATCH_DECLARE(float)
GOLU_DISPATCH_DECLARE(double)
GOLU_DISPATCH_DECLARE(bfloat16)
GOLU_DISPATCH_DECLARE(float16)
#undef GOLU_DISPATCH_DECLARE

template <class L>
constexpr level level_of() noexcept {
  return std::is_same<L, exact>::value ? level::exact : level::fast;
}

// Any activation of golu's list, by its position there and its own parameters.
template <class Act, std::enable_if_t<(all_activations::index_of<Act>() >= 0), int> = 0>
activation describe(const Act& a) noexcept {
  const golu::detail::parameter_values p = a.parameters();
  return {static_cast<kind>(all_activations::index_of<Act>()),
          level_of<typename Act::level>(),
          {p.v[0], p.v[1], p.v[2]},
          p == Act{}.parameters()};
}

template <class T>
constexpr void require_floating() noexcept {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value || is_half_storage_v<T>,
                "golu::dispatch: arrays must hold float, double, golu::bfloat16 or golu::float16");
}

}  // namespace abi

// y[i] = act(x[i]) for i in [0, n), as golu::forward.
template <class Act, class T>
void forward(const Act& act, const T* x, T* y, std::size_t n) {
  abi::require_floating<T>();
  abi::forward(abi::describe(act), x, y, n);
}

// dx[i] = dy[i] * act.grad(x[i]), as golu::backward.
template <class Act, class T>
void backward(const Act& act, const T* x, const T* dy, T* dx, std::size_t n) {
  abi::require_floating<T>();
  abi::backward(abi::describe(act), x, dy, dx, n);
}

// Sums of dy[i] * (dy/dalpha, dy/dbeta, dy/dgamma)(x[i]), as golu::param_grad.
template <class Level, class T>
GoLUParamGrad<double> param_grad(const GoLU<Level>& act, const T* x, const T* dy, std::size_t n) {
  abi::require_floating<T>();
  const abi::partials g = abi::param_grad(abi::describe(act), x, dy, n);
  return {g.alpha, g.beta, g.gamma};
}

// The gated units of golu/gated.hpp: y[i] = act(gate[i]) * up[i], and its gradients.
template <class Act, class T>
void gated_forward(const Act& act, const T* gate, const T* up, T* y, std::size_t n) {
  abi::require_floating<T>();
  abi::gated_forward(abi::describe(act), gate, up, y, n);
}

template <class Act, class T>
void gated_backward(const Act& act, const T* gate, const T* up, const T* dy, T* dgate, T* dup, std::size_t n) {
  abi::require_floating<T>();
  abi::gated_backward(abi::describe(act), gate, up, dy, dgate, dup, n);
}

// x: rows x [gate | up] (glu_forward), [up | gate] (_swapped), gate, up, ... (_interleaved).
template <class Act, class T>
void glu_forward(const Act& act, const T* x, T* y, std::size_t rows, std::size_t cols) {
  abi::require_floating<T>();
  abi::glu_forward(abi::describe(act), abi::glu_layout::halves, x, y, rows, cols);
}
template <class Act, class T>
void glu_forward_swapped(const Act& act, const T* x, T* y, std::size_t rows, std::size_t cols) {
  abi::require_floating<T>();
  abi::glu_forward(abi::describe(act), abi::glu_layout::swapped_halves, x, y, rows, cols);
}
template <class Act, class T>
void glu_forward_interleaved(const Act& act, const T* x, T* y, std::size_t rows, std::size_t cols) {
  abi::require_floating<T>();
  abi::glu_forward(abi::describe(act), abi::glu_layout::interleaved, x, y, rows, cols);
}
template <class Act, class T>
void glu_backward(const Act& act, const T* x, const T* dy, T* dx, std::size_t rows, std::size_t cols) {
  abi::require_floating<T>();
  abi::glu_backward(abi::describe(act), abi::glu_layout::halves, x, dy, dx, rows, cols);
}
template <class Act, class T>
void glu_backward_swapped(const Act& act, const T* x, const T* dy, T* dx, std::size_t rows, std::size_t cols) {
  abi::require_floating<T>();
  abi::glu_backward(abi::describe(act), abi::glu_layout::swapped_halves, x, dy, dx, rows, cols);
}
template <class Act, class T>
void glu_backward_interleaved(const Act& act, const T* x, const T* dy, T* dx, std::size_t rows, std::size_t cols) {
  abi::require_floating<T>();
  abi::glu_backward(abi::describe(act), abi::glu_layout::interleaved, x, dy, dx, rows, cols);
}

#if GOLU_HAS_SPAN
template <class Act, class T>
void forward(const Act& act, std::span<const T> x, std::span<T> y) {
  if (x.size() != y.size()) throw std::invalid_argument("golu::dispatch::forward: x and y differ in size");
  forward(act, x.data(), y.data(), x.size());
}

template <class Act, class T>
void backward(const Act& act, std::span<const T> x, std::span<const T> dy, std::span<T> dx) {
  if (x.size() != dy.size() || x.size() != dx.size())
    throw std::invalid_argument("golu::dispatch::backward: x, dy and dx differ in size");
  backward(act, x.data(), dy.data(), dx.data(), x.size());
}

template <class Level, class T>
GoLUParamGrad<double> param_grad(const GoLU<Level>& act, std::span<const T> x, std::span<const T> dy) {
  if (x.size() != dy.size()) throw std::invalid_argument("golu::dispatch::param_grad: x and dy differ in size");
  return param_grad(act, x.data(), dy.data(), x.size());
}
#endif

}  // namespace dispatch
}  // namespace golu
