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
#include <stdexcept>

#include "kernel_table.hpp"

namespace golu {
namespace dispatch {
namespace abi {
namespace {

// f(the activation object a describes), rebuilt with the same constructor the
// caller used, so that its kernels are the header API's for that object.
template <class L, class F>
void visit_at_level(const activation& a, F&& f) {
  switch (a.what) {
    case kind::golu:
      if (a.golu_default) return f(GoLU<L>{});
      return f(GoLU<L>{a.p[0], a.p[1], a.p[2]});
    case kind::gelu:
      return f(GELU<L>{});
    case kind::gelu_tanh:
      return f(GELUTanh<L>{});
    case kind::swish:
      return f(Swish<L>{a.p[0]});
    case kind::mish:
      return f(Mish<L>{});
    case kind::relu:
      return f(ReLU<L>{});
    case kind::leaky_relu:
      return f(LeakyReLU<L>{a.p[0]});
    case kind::elu:
      return f(ELU<L>{a.p[0]});
  }
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
  const GoLU<L> act = a.golu_default ? GoLU<L>{} : GoLU<L>{a.p[0], a.p[1], a.p[2]};
  const GoLUParamGrad<double> g = golu::param_grad(act, x, dy, n);
  return {g.alpha, g.beta, g.gamma};
}

template <class T>
partials param_grad_kernel(const activation& a, const T* x, const T* dy, std::size_t n) {
  if (a.what != kind::golu)
    throw std::invalid_argument("golu::dispatch::param_grad: only GoLU has parameter gradients");
  if (a.accuracy == level::exact) return param_grad_at_level<exact>(a, x, dy, n);
  return param_grad_at_level<fast>(a, x, dy, n);
}

}  // namespace

template <class T>
constexpr typed_kernels<T> kernels_for{forward_kernel<T>, backward_kernel<T>, param_grad_kernel<T>};

constexpr kernel_table this_isa_kernels{kernels_for<float>, kernels_for<double>, kernels_for<bfloat16>,
                                        kernels_for<float16>, golu::target_name};

}  // namespace abi
}  // namespace dispatch
}  // namespace golu
