// Eigen adapters: any golu activation as a lazy, vectorized element-wise Eigen
// expression.
//
//   Eigen::ArrayXf h = golu::golu((W * x).array().colwise() + b);   // forward
//   Eigen::ArrayXf dx = dy * golu::golu_grad(x);                     // fused backward
//   auto e = golu::apply(golu::GoLU{1.0, 1.5, 0.8}, a);              // any activation
//   Eigen::ArrayXf g = golu::gated(golu::GoLU{}, gate, up);          // GoGLU, fused
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
#include <utility>

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

// Runs f on Eigen packets p... (lane by lane, one batch each) through xsimd batches
// of the default architecture. A packet that is the batch's register is converted
// for free; other widths (Eigen half packets for short fixed sizes) go through
// memory, padded with zeros.
// f(batch of rows[K] at i...): the memory path of through_batches.
template <class B, class F, class Rows, std::size_t... K>
EIGEN_STRONG_INLINE B call_on_rows(F& f, const Rows& rows, std::size_t i, std::index_sequence<K...>) {
  return f(B::load_aligned(rows[K] + i)...);
}

template <class Scalar, class Packet, class F, class... Packets>
EIGEN_STRONG_INLINE Packet through_batches(F&& f, const Packet& p, const Packets&... more) {
  using B = xsimd::batch<Scalar>;
  constexpr std::size_t n = static_cast<std::size_t>(Eigen::internal::unpacket_traits<Packet>::size);
  if constexpr (n == B::size && sizeof(Packet) == sizeof(B)) {
    // Same lanes in the same register (Eigen's packet is the intrinsic type).
    using R = typename B::register_type;
    return static_cast<R>(f(B(static_cast<R>(p)), B(static_cast<R>(more))...));
  } else {
    constexpr std::size_t padded = (n + B::size - 1) / B::size * B::size;
    constexpr std::size_t count = 1 + sizeof...(Packets);
    alignas(B::arch_type::alignment()) Scalar buf[count][padded] = {};
    const Packet* in[count] = {&p, &more...};
    for (std::size_t k = 0; k < count; ++k) Eigen::internal::pstoreu(buf[k], *in[k]);
    for (std::size_t i = 0; i < padded; i += B::size)
      call_on_rows<B>(f, buf, i, std::make_index_sequence<count>{}).store_aligned(buf[0] + i);
    return Eigen::internal::ploadu<Packet>(buf[0]);
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
    return through_batches<Scalar>(
        [this](const auto& b) {
          if constexpr (Derivative) {
            return act.grad(b);
          } else {
            return act(b);
          }
        },
        p);
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
    return Eigen::internal::float2half(through_batches<float>(
        [this](const auto& b) {
          if constexpr (Derivative) {
            return act.grad(b);
          } else {
            return act(b);
          }
        },
        wide));
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

// act(gate) * up, as golu::gated_forward: the activation's result times up, one
// rounding. Storage types without kernels are computed in float and rounded once,
// as the array API does.
template <class Act, class Scalar>
struct gated_op {
  Act act;
  EIGEN_STRONG_INLINE Scalar operator()(const Scalar& gate, const Scalar& up) const {
    if constexpr (kernel_scalar_v<Scalar>) {
      return act(gate) * up;
    } else {
      return static_cast<Scalar>(act(static_cast<float>(gate)) * static_cast<float>(up));
    }
  }
  template <class Packet>
  EIGEN_STRONG_INLINE Packet packetOp(const Packet& gate, const Packet& up) const {
    return through_batches<Scalar>([this](const auto& g, const auto& u) { return act(g) * u; }, gate, up);
  }
};

// (dy * up) * act.grad(gate), as golu::gated_backward's dgate.
template <class Act, class Scalar>
struct gated_gate_grad_op {
  Act act;
  EIGEN_STRONG_INLINE Scalar operator()(const Scalar& gate, const Scalar& up, const Scalar& dy) const {
    if constexpr (kernel_scalar_v<Scalar>) {
      return (dy * up) * act.grad(gate);
    } else {
      const float g = static_cast<float>(gate), u = static_cast<float>(up), d = static_cast<float>(dy);
      return static_cast<Scalar>((d * u) * act.grad(g));
    }
  }
  template <class Packet>
  EIGEN_STRONG_INLINE Packet packetOp(const Packet& gate, const Packet& up, const Packet& dy) const {
    return through_batches<Scalar>(
        [this](const auto& g, const auto& u, const auto& d) { return (d * u) * act.grad(g); }, gate, up, dy);
  }
};

template <class Scalar>
constexpr void require_eigen_scalar() {
  static_assert(kernel_scalar_v<Scalar> || std::is_same<Scalar, Eigen::half>::value ||
                    std::is_same<Scalar, Eigen::bfloat16>::value,
                "golu: Eigen arrays must hold float, double, Eigen::half or Eigen::bfloat16");
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

// A gated linear unit, act(gate) * up, as one lazy expression (GoGLU with
// golu::GoLU, SwiGLU with golu::Swish, GeGLU with golu::GELU): Eigen evaluates it
// in one loop with whatever surrounds it, with golu::gated_forward's bits.
//   Eigen::ArrayXXf h = golu::gated(golu::GoLU{}, (x * W).array(), (x * V).array());
template <class Act, class G, class U>
auto gated(const Act& act, const Eigen::ArrayBase<G>& gate, const Eigen::ArrayBase<U>& up) {
  using Scalar = typename G::Scalar;
  static_assert(std::is_same<Scalar, typename U::Scalar>::value, "golu::gated: gate and up must hold one type");
  detail::require_eigen_scalar<Scalar>();
  return Eigen::CwiseBinaryOp<detail::gated_op<Act, Scalar>, const G, const U>(gate.derived(), up.derived(), {act});
}

// The gradients of gated(act, gate, up) for an incoming gradient dy, with
// golu::gated_backward's bits: dgate = (dy * up) * act.grad(gate) and
// dup = dy * act(gate).
template <class Act, class G, class U, class D>
auto gated_grad_gate(const Act& act, const Eigen::ArrayBase<G>& gate, const Eigen::ArrayBase<U>& up,
                     const Eigen::ArrayBase<D>& dy) {
  using Scalar = typename G::Scalar;
  static_assert(std::is_same<Scalar, typename U::Scalar>::value && std::is_same<Scalar, typename D::Scalar>::value,
                "golu::gated_grad_gate: gate, up and dy must hold one type");
  detail::require_eigen_scalar<Scalar>();
  return Eigen::CwiseTernaryOp<detail::gated_gate_grad_op<Act, Scalar>, const G, const U, const D>(
      gate.derived(), up.derived(), dy.derived(), {act});
}

template <class Act, class G, class D>
auto gated_grad_up(const Act& act, const Eigen::ArrayBase<G>& gate, const Eigen::ArrayBase<D>& dy) {
  return gated(act, gate, dy);  // act(gate) * dy: the product commutes, bit for bit
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

// The gated forms: the activation's cost and the products. Storage types without
// kernels evaluate element by element, in float.
template <class Act, class Scalar>
struct functor_traits<golu::detail::gated_op<Act, Scalar>> {
  enum {
    Cost = (Act::cost.template of<typename Act::level, Scalar>() + 1) * NumTraits<Scalar>::MulCost,
    PacketAccess = golu::detail::kernel_scalar_v<Scalar> && packet_traits<Scalar>::Vectorizable
  };
};
template <class Act, class Scalar>
struct functor_traits<golu::detail::gated_gate_grad_op<Act, Scalar>> {
  enum {
    Cost = (Act::cost.template of<typename Act::level, Scalar>() + 2) * NumTraits<Scalar>::MulCost,
    PacketAccess = golu::detail::kernel_scalar_v<Scalar> && packet_traits<Scalar>::Vectorizable
  };
};

}  // namespace internal
}  // namespace Eigen
