// Eigen Tensor adapters: golu activations on Eigen::Tensor expressions, evaluated
// on any device, e.g.
//
//   #define EIGEN_USE_THREADS            // before any Eigen include, as Eigen requires
//   #include <golu/eigen_tensor.hpp>
//   Eigen::ThreadPool pool(4);
//   Eigen::ThreadPoolDevice device(&pool, 4);
//   out.device(device) = golu::golu(in);            // multi-threaded for large tensors
//   dx.device(device) = dy * golu::golu_grad(in);   // fused backward
//
// Same kernels, same bits as the array API, on every device and thread count.
// Eigen::half tensors go through Eigen's vectorized casts to float and back (one
// rounding to the storage type); Eigen::bfloat16 tensors are converted element by
// element (see make_tensor_unary).
#pragma once

#include <golu/eigen.hpp>
#include <golu/target.hpp>
#include <type_traits>
#include <unsupported/Eigen/CXX11/Tensor>

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

template <class Act, bool Derivative, class Derived>
auto make_tensor_unary(const Act& act, const Eigen::TensorBase<Derived, Eigen::ReadOnlyAccessors>& t) {
  using Scalar = typename Eigen::internal::traits<Derived>::Scalar;
  if constexpr (kernel_scalar_v<Scalar>) {
    return t.unaryExpr(activation_op<Act, Scalar, Derivative>{act});
  } else if constexpr (std::is_same<Scalar, Eigen::half>::value) {
    return t.template cast<float>().unaryExpr(activation_op<Act, float, Derivative>{act}).template cast<Scalar>();
  } else {
    // Eigen's vectorized float->bfloat16 cast (AVX512-BF16 VCVTNEPS2BF16) flushes
    // subnormals to zero; converting element by element keeps them.
    static_assert(std::is_same<Scalar, Eigen::bfloat16>::value,
                  "golu: tensors must hold float, double, Eigen::half or Eigen::bfloat16");
    return t.unaryExpr(narrow_activation_op<Act, Scalar, Derivative>{act});
  }
}

}  // namespace detail

template <class Act, class Derived>
auto apply(const Act& act, const Eigen::TensorBase<Derived, Eigen::ReadOnlyAccessors>& t) {
  return detail::make_tensor_unary<Act, false>(act, t);
}

template <class Act, class Derived>
auto apply_grad(const Act& act, const Eigen::TensorBase<Derived, Eigen::ReadOnlyAccessors>& t) {
  return detail::make_tensor_unary<Act, true>(act, t);
}

template <class Level = fast, class Derived>
auto golu(const Eigen::TensorBase<Derived, Eigen::ReadOnlyAccessors>& t) {
  return apply(detail::default_gompertz<Level>{}, t);  // the same bits as GoLU<Level>{}
}

template <class Level = fast, class Derived>
auto golu_grad(const Eigen::TensorBase<Derived, Eigen::ReadOnlyAccessors>& t) {
  return apply_grad(detail::default_gompertz<Level>{}, t);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu
