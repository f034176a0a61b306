// The body of each per-instruction-set translation unit of golu::dispatch
// (isa_sse2.cpp, isa_avx2.cpp, ...): the header API, compiled with that unit's
// flags, behind the plain-data interface of golu/dispatch.hpp. Each unit defines
// one table, golu::dispatch::abi::kernels_<isa>; everything else has internal
// linkage, and the header code it instantiates lives in the unit's own target
// namespace (golu/target.hpp), so the units never share a definition.
#pragma once

#include <golu/activation_list.hpp>
#include <golu/array.hpp>
#include <golu/dispatch.hpp>
#include <golu/gated.hpp>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "kernel_table.hpp"

namespace golu {
namespace dispatch {
namespace abi {
namespace {

// f(the activation object a describes), rebuilt from its parameters by the list's
// activation at a's position (Act::from_parameters: the constructor the caller used,
// its checks included), so that its kernels are the header API's for that object.
template <class L, class F, std::size_t... I>
bool visit_listed(const activation& a, F& f, std::index_sequence<I...>) {
  using listed = typename all_activations::template at_level<L>;
  const golu::detail::parameter_values p{{a.p[0], a.p[1], a.p[2]}};
  return ((static_cast<std::size_t>(a.what) == I ? (f(std::tuple_element_t<I, listed>::from_parameters(p)), true)
                                                 : false) ||
          ...);
}

template <class L, class F>
void visit_at_level(const activation& a, F&& f) {
  if (!visit_listed<L>(a, f, std::make_index_sequence<all_activations::size>{}))
    throw std::invalid_argument("golu::dispatch: unknown activation kind " + std::to_string(static_cast<int>(a.what)));
}

template <class F>
void visit(const activation& a, F&& f) {
  if (a.accuracy == level::exact) return visit_at_level<exact>(a, f);
  if (a.accuracy == level::fast) return visit_at_level<fast>(a, f);
  throw std::invalid_argument("golu::dispatch: unknown accuracy level " + std::to_string(static_cast<int>(a.accuracy)));
}

template <class T>
void forward_kernel(const activation& a, const T* x, T* y, std::size_t n) {
  visit(a, [&](const auto& act) { golu::forward(act, x, y, n); });
}

template <class T>
void backward_kernel(const activation& a, const T* x, const T* dy, T* dx, std::size_t n) {
  visit(a, [&](const auto& act) { golu::backward(act, x, dy, dx, n); });
}

template <class L, class T>
partials param_grad_at_level(const activation& a, const T* x, const T* dy, std::size_t n) {
  const GoLU<L> act = GoLU<L>::from_parameters({{a.p[0], a.p[1], a.p[2]}});
  const GoLUParamGrad<double> g = golu::param_grad(act, x, dy, n);
  return {g.alpha, g.beta, g.gamma};
}

template <class T>
partials param_grad_kernel(const activation& a, const T* x, const T* dy, std::size_t n) {
  if (static_cast<int>(a.what) != all_activations::index_of<GoLU<fast>>())
    throw std::invalid_argument("golu::dispatch::param_grad: only GoLU has parameter gradients");
  if (a.accuracy == level::exact) return param_grad_at_level<exact>(a, x, dy, n);
  return param_grad_at_level<fast>(a, x, dy, n);
}

template <class T>
void gated_forward_kernel(const activation& a, const T* gate, const T* up, T* y, std::size_t n) {
  visit(a, [&](const auto& act) { golu::gated_forward(act, gate, up, y, n); });
}

template <class T>
void gated_backward_kernel(const activation& a, const T* gate, const T* up, const T* dy, T* dgate, T* dup,
                           std::size_t n) {
  visit(a, [&](const auto& act) { golu::gated_backward(act, gate, up, dy, dgate, dup, n); });
}

// The header API's function of each layout (its name is in its errors).
template <class T>
void glu_forward_kernel(const activation& a, glu_layout layout, const T* x, T* y, std::size_t rows, std::size_t cols) {
  visit(a, [&](const auto& act) {
    switch (layout) {
      case glu_layout::halves:
        return golu::glu_forward(act, x, y, rows, cols);
      case glu_layout::swapped_halves:
        return golu::glu_forward_swapped(act, x, y, rows, cols);
      case glu_layout::interleaved:
        return golu::glu_forward_interleaved(act, x, y, rows, cols);
    }
    throw std::invalid_argument("golu::dispatch::glu_forward: unknown layout " +
                                std::to_string(static_cast<int>(layout)));
  });
}

template <class T>
void glu_backward_kernel(const activation& a, glu_layout layout, const T* x, const T* dy, T* dx, std::size_t rows,
                         std::size_t cols) {
  visit(a, [&](const auto& act) {
    switch (layout) {
      case glu_layout::halves:
        return golu::glu_backward(act, x, dy, dx, rows, cols);
      case glu_layout::swapped_halves:
        return golu::glu_backward_swapped(act, x, dy, dx, rows, cols);
      case glu_layout::interleaved:
        return golu::glu_backward_interleaved(act, x, dy, dx, rows, cols);
    }
    throw std::invalid_argument("golu::dispatch::glu_backward: unknown layout " +
                                std::to_string(static_cast<int>(layout)));
  });
}

}  // namespace

template <class T>
constexpr typed_kernels<T> kernels_for{forward_kernel<T>,       backward_kernel<T>,       param_grad_kernel<T>,
                                       gated_forward_kernel<T>, gated_backward_kernel<T>, glu_forward_kernel<T>,
                                       glu_backward_kernel<T>};

constexpr kernel_table this_isa_kernels{kernels_for<float>, kernels_for<double>, kernels_for<bfloat16>,
                                        kernels_for<float16>, golu::target_name};

}  // namespace abi
}  // namespace dispatch
}  // namespace golu
