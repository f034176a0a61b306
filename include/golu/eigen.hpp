// Eigen adapters: any golu activation as a lazy, vectorized element-wise Eigen
// expression.
//
//   Eigen::ArrayXf h = golu::golu((W * x).array().colwise() + b);   // forward
//   Eigen::ArrayXf dx = dy * golu::golu_grad(x);                     // fused backward
//   auto e = golu::apply(golu::GoLU{1.0, 1.5, 0.8}, a);              // any activation
//
// The expressions are CwiseUnaryOps whose packetOp runs the same kernels as the
// array API, on an xsimd batch of the default architecture: results are
// bit-identical to golu::forward / golu::backward. Matrices: use m.array(), as for
// Eigen's own element-wise functions (exp, logistic); element-wise activation of a
// MatrixBase has no linear-algebra meaning, so there are no MatrixBase overloads.
//
// Eigen::half and Eigen::bfloat16 arrays are computed in float and rounded once to
// the storage type; half is vectorized where Eigen has F16C half packets, bfloat16
// evaluates element by element (see functor_traits below).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstring>
#include <golu/array.hpp>
#include <golu/gompertz.hpp>
#include <golu/target.hpp>
#include <type_traits>

// Eigen has half packets with hardware conversions (half2float, float2half) when
// it vectorizes for AVX and the target has F16C.
#if defined(EIGEN_VECTORIZE_AVX) && defined(EIGEN_HAS_FP16_C)
#define GOLU_EIGEN_HALF_PACKETS 1
#else
#define GOLU_EIGEN_HALF_PACKETS 0
#endif

namespace golu {
inline namespace GOLU_TARGET_NAMESPACE {
namespace detail {

// Runs f on Eigen packet p through xsimd batches of the default architecture. A
// packet that is the batch's register is converted for free; other widths (Eigen
// half packets for short fixed sizes) go through memory, padded with zeros.
template <class Scalar, class Packet, class F>
EIGEN_STRONG_INLINE Packet through_batches(const Packet& p, F&& f) {
  using B = xsimd::batch<Scalar>;
  constexpr std::size_t n = static_cast<std::size_t>(Eigen::internal::unpacket_traits<Packet>::size);
  if constexpr (n == B::size && sizeof(Packet) == sizeof(B)) {
    // Same lanes in the same register (Eigen's packet is the intrinsic type).
    const typename B::register_type in = p;
    return static_cast<typename B::register_type>(f(B(in)));
  } else {
    constexpr std::size_t padded = (n + B::size - 1) / B::size * B::size;
    alignas(B::arch_type::alignment()) Scalar buf[padded] = {};
    Eigen::internal::pstoreu(buf, p);
    for (std::size_t i = 0; i < padded; i += B::size) f(B::load_aligned(buf + i)).store_aligned(buf + i);
    return Eigen::internal::ploadu<Packet>(buf);
  }
}

template <class T>
constexpr bool kernel_scalar_v = std::is_same<T, float>::value || std::is_same<T, double>::value;

// act(x) or act.grad(x) as an Eigen functor.
template <class Act, class Scalar, bool Derivative>
struct activation_op {
  Act act;

  EIGEN_STRONG_INLINE Scalar operator()(const Scalar& x) const {
    if constexpr (Derivative) {
      return act.grad(x);
    } else {
      return act(x);
    }
  }

  template <class Packet>
  EIGEN_STRONG_INLINE Packet packetOp(const Packet& p) const {
    return through_batches<Scalar>(p, [this](const auto& b) {
      if constexpr (Derivative) {
        return act.grad(b);
      } else {
        return act(b);
      }
    });
  }
};

// Storage types without kernels of their own (Eigen::half, Eigen::bfloat16):
// computed in float, rounded once to the storage type.
template <class Act, class Scalar, bool Derivative>
struct narrow_activation_op {
  Act act;
  EIGEN_STRONG_INLINE Scalar operator()(const Scalar& x) const {
    const float xf = static_cast<float>(x);
    if constexpr (Derivative) {
      return static_cast<Scalar>(act.grad(xf));
    } else {
      return static_cast<Scalar>(act(xf));
    }
  }

#if GOLU_EIGEN_HALF_PACKETS
  // Eigen::half packets (AVX, AVX-512): Eigen's exact widening to float, the float
  // kernel, and F16C's round-to-nearest-even narrowing, as in the scalar path.
  template <class Packet>
  EIGEN_STRONG_INLINE Packet packetOp(const Packet& p) const {
    static_assert(std::is_same<Scalar, Eigen::half>::value, "only Eigen::half has packet access");
    const auto wide = Eigen::internal::half2float(p);
    return Eigen::internal::float2half(through_batches<float>(wide, [this](const auto& b) {
      if constexpr (Derivative) {
        return act.grad(b);
      } else {
        return act(b);
      }
    }));
  }
#endif
};

template <class Act, class Derived, bool Derivative>
auto make_unary(const Act& act, const Eigen::ArrayBase<Derived>& e) {
  using Scalar = typename Derived::Scalar;
  if constexpr (kernel_scalar_v<Scalar>) {
    return Eigen::CwiseUnaryOp<activation_op<Act, Scalar, Derivative>, const Derived>(e.derived(), {act});
  } else {
    static_assert(std::is_same<Scalar, Eigen::half>::value || std::is_same<Scalar, Eigen::bfloat16>::value,
                  "golu: Eigen arrays must hold float, double, Eigen::half or Eigen::bfloat16");
    return Eigen::CwiseUnaryOp<narrow_activation_op<Act, Scalar, Derivative>, const Derived>(e.derived(), {act});
  }
}

}  // namespace detail

// act applied element-wise to an array expression, lazily.
template <class Act, class Derived>
auto apply(const Act& act, const Eigen::ArrayBase<Derived>& e) {
  return detail::make_unary<Act, Derived, false>(act, e);
}

// act.grad applied element-wise; multiply by dy for the backward pass, which
// Eigen fuses into one loop: dx = dy * golu::apply_grad(act, x).
template <class Act, class Derived>
auto apply_grad(const Act& act, const Eigen::ArrayBase<Derived>& e) {
  return detail::make_unary<Act, Derived, true>(act, e);
}

template <class Level = fast, class Derived>
auto golu(const Eigen::ArrayBase<Derived>& e) {
  return apply(detail::default_gompertz<Level>{}, e);  // the same bits as GoLU<Level>{}
}

template <class Level = fast, class Derived>
auto golu_grad(const Eigen::ArrayBase<Derived>& e) {
  return apply_grad(detail::default_gompertz<Level>{}, e);
}

}  // namespace GOLU_TARGET_NAMESPACE
}  // namespace golu

namespace Eigen {
namespace internal {

// Cost, which Eigen uses to decide on evaluating nested expressions into
// temporaries: each activation's own (its packet_cost, in its file).
template <class Act, class Scalar, bool Derivative>
struct functor_traits<golu::detail::activation_op<Act, Scalar, Derivative>> {
  enum {
    Cost = Act::cost.template of<typename Act::level, Scalar>() * NumTraits<Scalar>::MulCost,
    PacketAccess = packet_traits<Scalar>::Vectorizable
  };
};

// Eigen::half vectorizes where Eigen has half packets with hardware conversions
// (F16C); Eigen::bfloat16 does not: Eigen's vectorized float->bfloat16 conversion
// (AVX512-BF16) flushes subnormals to zero, the scalar one keeps them.
template <class Act, class Scalar, bool Derivative>
struct functor_traits<golu::detail::narrow_activation_op<Act, Scalar, Derivative>> {
  enum {
    Cost = (Act::cost.template of<typename Act::level, float>() + 8) * NumTraits<float>::MulCost,  // + widen, round
#if GOLU_EIGEN_HALF_PACKETS
    PacketAccess = std::is_same<Scalar, Eigen::half>::value && packet_traits<Eigen::half>::Vectorizable
#else
    PacketAccess = false
#endif
  };
};

}  // namespace internal
}  // namespace Eigen
